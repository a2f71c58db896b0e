/* avs-done-page.h — the end: a fresh scan proves what is gone, and says what remains and why
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "avs-page.h"
#include "avs-wrapup.h"

G_BEGIN_DECLS

#define AVS_TYPE_DONE_PAGE (avs_done_page_get_type ())

G_DECLARE_FINAL_TYPE (AvsDonePage, avs_done_page, AVS, DONE_PAGE, AvsPage)

AvsPage  *avs_done_page_new      (void);
/* Whether the verification scan is running now. */
gboolean  avs_done_page_get_busy (AvsDonePage *self);
/* What the page said of the replacement after the last check. */
AvsReplacementState avs_done_page_get_replacement_state (AvsDonePage *self);

G_END_DECLS
