/* avs-fileutil.h — small file helpers shared by the core modules
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Writes @data to @path through a temporary file in the same directory and a rename, so a
 * reader sees either the old or the new content, never half of it. Creates missing parent
 * directories (mode 0700). */
gboolean avs_file_write_atomic (const char  *path,
                                const void  *data,
                                gsize        length,
                                int          mode,
                                GError     **error);

/* $XDG_CACHE_HOME/avswitch/NAME and $XDG_STATE_HOME/avswitch/NAME: one place decides. */
char    *avs_cache_path        (const char  *name);
char    *avs_state_path        (const char  *name);

/* The path of one of AV Switch's own programs, "avswitch" or "avswitch-gtk": beside the
 * running program when it is there (an uninstalled build), else where meson installs it
 * (bindir for avswitch, libexecdir for avswitch-gtk). One place decides, for both faces. */
char    *avs_own_program_path  (const char  *name);

G_END_DECLS
