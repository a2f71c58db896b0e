/* avs-scan-page.h — the scan: a real progress bar with the current step, Cancel, then the result
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "avs-page.h"

G_BEGIN_DECLS

#define AVS_TYPE_SCAN_PAGE (avs_scan_page_get_type ())

G_DECLARE_FINAL_TYPE (AvsScanPage, avs_scan_page, AVS, SCAN_PAGE, AvsPage)

AvsPage  *avs_scan_page_new        (void);
/* Whether a scan is running now. */
gboolean  avs_scan_page_get_busy   (AvsScanPage *self);

G_END_DECLS
