/* avs-test-ui.h — helpers for the UI tests: wait for the main loop, save screenshots
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The common set-up (avs-test-common.h) and GTK's; skips the whole test program (a TAP plan of
 * 0 with --tap, else exit 77) when no display can be opened. */
void     avs_test_ui_init        (int         *argc,
                                  char      ***argv);
/* Iterates the main loop until @condition (polled) is TRUE or @timeout_ms passes. */
gboolean avs_test_ui_wait_until  (gboolean   (*condition) (gpointer data),
                                  gpointer     data,
                                  guint        timeout_ms);
/* Iterates the main loop for about @ms milliseconds, so that frames get drawn. */
void     avs_test_ui_spin        (guint        ms);
/* Renders @window as it looks now and saves it as $AVS_SCREENSHOT_DIR/NAME.png (default:
 * the build directory's tests/screenshots). Returns the path. */
char    *avs_test_ui_screenshot  (GtkWidget   *window,
                                  const char  *name);

G_END_DECLS
