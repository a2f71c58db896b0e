/* avs-test-common.h — the set-up every test program shares
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One place for what every test main() needs: the C.UTF-8 locale, g_test_init with HOME and
 * the XDG folders isolated per test, settings in memory, and temporary folders that are removed
 * when the test (or the program) ends, unreadable and read-only parts included.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The environment of a test program, before anything reads it: locale C.UTF-8, settings in
 * memory, never a real proxy. avs_test_init() and avs_test_ui_init() call it. */
void   avs_test_setup_environment (void);

/* avs_test_setup_environment() and g_test_init with G_TEST_OPTION_ISOLATE_DIRS: every test
 * gets its own empty HOME, XDG_CACHE_HOME, XDG_STATE_HOME… that GLib removes after it. */
void   avs_test_init              (int          *argc,
                                   char       ***argv);

/* A new empty folder under the temporary directory, named from @name_template
 * ("avs-thing-XXXXXX"). Made inside a test, it is removed when that test ends (also when the
 * test returns early or is skipped); made outside one (in main), when the program exits. A test
 * that fails an assertion aborts and leaves its folder for inspection. The result belongs to the
 * caller (g_free), the folder to the helper. */
char  *avs_test_make_tmpdir       (const char   *name_template);

/* Removes @path and everything under it, also folders a test made unreadable (chmod 000) or
 * read-only; never crosses into another file system mounted below @path. */
void   avs_test_rm_rf             (const char   *path);

G_END_DECLS
