/* avs-welcome-page.h — the first page: what AV Switch does, and the privacy promise
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "avs-page.h"

G_BEGIN_DECLS

#define AVS_TYPE_WELCOME_PAGE (avs_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (AvsWelcomePage, avs_welcome_page, AVS, WELCOME_PAGE, AvsPage)

AvsPage *avs_welcome_page_new (void);

G_END_DECLS
