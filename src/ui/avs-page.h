/* avs-page.h — one step of the wizard
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "avs-session.h"

G_BEGIN_DECLS

#define AVS_TYPE_PAGE (avs_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (AvsPage, avs_page, AVS, PAGE, AdwBin)

struct _AvsPageClass
{
  AdwBinClass parent_class;

  /* The window made this page the visible one. */
  void     (*shown)   (AvsPage  *self);
  /* The user asked to leave (forward: Next; otherwise Back). Return FALSE to stay. */
  gboolean (*leaving) (AvsPage  *self,
                       gboolean  forward);
  /* Technician mode: the facts behind what the page shows, as plain text (evidence, commands,
   * raw output, the catalog's serial, the sources), shown under the page with a Copy button.
   * The default gives the session's settings. */
  char    *(*dup_technician_detail) (AvsPage *self);

  gpointer padding[7];
};

/* The help session all pages share (set by the window when the page is added). */
AvsSession *avs_page_get_session    (AvsPage    *self);
void        avs_page_set_session    (AvsPage    *self,
                                     AvsSession *session);
const char *avs_page_get_title      (AvsPage    *self);
void        avs_page_set_title      (AvsPage    *self,
                                     const char *title);
gboolean    avs_page_get_complete   (AvsPage    *self);
void        avs_page_set_complete   (AvsPage    *self,
                                     gboolean    complete);
const char *avs_page_get_next_label (AvsPage    *self);
void        avs_page_set_next_label (AvsPage    *self,
                                     const char *next_label);
/* Where Next leads: a page name, or NULL for the following page. */
const char *avs_page_get_next_page  (AvsPage    *self);
void        avs_page_set_next_page  (AvsPage    *self,
                                     const char *next_page);
/* FALSE on a page that ends the wizard (a clean machine): Next is hidden. */
gboolean    avs_page_get_show_next  (AvsPage    *self);
void        avs_page_set_show_next  (AvsPage    *self,
                                     gboolean    show_next);
/* Work is running that closing the window would interrupt (a removal): the window asks first. */
gboolean    avs_page_get_busy       (AvsPage    *self);
void        avs_page_set_busy       (AvsPage    *self,
                                     gboolean    busy);
/* Asks the window to go on, as if the user pressed Next (used when a step finishes by itself). */
void        avs_page_request_next   (AvsPage    *self);
gboolean    avs_page_get_can_go_back (AvsPage   *self);
void        avs_page_set_can_go_back (AvsPage   *self,
                                      gboolean   can_go_back);

/* Technician mode (set by the window from the "technician-mode" setting or --technician). */
gboolean    avs_page_get_technician (AvsPage    *self);
void        avs_page_set_technician (AvsPage    *self,
                                     gboolean    technician);
/* The page's technician detail now (the dup_technician_detail vfunc); never NULL. */
char       *avs_page_dup_technician_detail     (AvsPage *self);
/* Tells the window that the detail changed (a step printed a line, the catalog loaded): emits
 * "technician-detail-changed", at most once per main-loop iteration, and only in technician
 * mode. */
void        avs_page_technician_detail_changed (AvsPage *self);

/* Called by the window. */
void        avs_page_shown          (AvsPage    *self);
gboolean    avs_page_leaving        (AvsPage    *self,
                                     gboolean    forward);

G_END_DECLS
