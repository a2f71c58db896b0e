/* avs-window.h — the wizard window: a header bar with Back and Next, and a stack of pages
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "avs-page.h"
#include "avs-report.h"

G_BEGIN_DECLS

#define AVS_TYPE_WINDOW (avs_window_get_type ())

G_DECLARE_FINAL_TYPE (AvsWindow, avs_window, AVS, WINDOW, AdwApplicationWindow)

AvsWindow *avs_window_new              (AdwApplication *application,
                                        AvsSession     *session);
AvsSession *avs_window_get_session     (AvsWindow      *self);
/* Appends @page to the wizard under @name (used by deep links and tests); the page gets the
 * window's session. */
void       avs_window_add_page         (AvsWindow      *self,
                                        AvsPage        *page,
                                        const char     *name);
/* Appends a page that is built by @factory only when first needed (start-up builds just the
 * first page). */
typedef AvsPage *(*AvsWindowPageFactory) (void);
void       avs_window_add_page_factory (AvsWindow            *self,
                                        const char           *name,
                                        AvsWindowPageFactory  factory);
AvsPage   *avs_window_get_visible_page (AvsWindow      *self);
/* The page named @name, built now if it was not yet; NULL if there is none. */
AvsPage   *avs_window_get_page         (AvsWindow      *self,
                                        const char     *name);
/* Shows the page named @name without running the "leaving" hook of the current page. */
gboolean   avs_window_show_page        (AvsWindow      *self,
                                        const char     *name);
void       avs_window_go_next          (AvsWindow      *self);
void       avs_window_go_back          (AvsWindow      *self);
void       avs_window_add_toast        (AvsWindow      *self,
                                        AdwToast       *toast);
/* Technician mode: every page shows its detail under it. The setter is the menu's toggle and
 * is remembered ("technician-mode" setting); avs_window_start_technician_mode() (for
 * --technician) turns it on for this window without changing the setting. */
gboolean   avs_window_get_technician_mode   (AvsWindow *self);
void       avs_window_set_technician_mode   (AvsWindow *self,
                                             gboolean   technician);
void       avs_window_start_technician_mode (AvsWindow *self);
/* Loads the saved session report at @path; when it cannot be read (malformed, truncated, of a
 * later version, too large), shows why over @parent and returns NULL: nothing is opened. */
AvsReport *avs_window_load_report      (GtkWindow      *parent,
                                        const char     *path);
/* Shows @report read-only in this (fresh) window: the findings and the end of the session from
 * the report, under a banner; "Continue" (or any new scan) leaves it and scans this computer. */
void       avs_window_show_report      (AvsWindow      *self,
                                        AvsReport      *report);
AvsReport *avs_window_get_shown_report (AvsWindow      *self);
void       avs_window_export_report    (AvsWindow      *self,
                                        const char     *path,
                                        const char     *language);

G_END_DECLS
