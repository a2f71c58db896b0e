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

  gpointer padding[8];
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

/* Called by the window. */
void        avs_page_shown          (AvsPage    *self);
gboolean    avs_page_leaving        (AvsPage    *self,
                                     gboolean    forward);

G_END_DECLS
