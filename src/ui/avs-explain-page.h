/* avs-explain-page.h — "Why this matters": the ban explained for this reader and this computer
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "avs-explanation.h"
#include "avs-page.h"

G_BEGIN_DECLS

#define AVS_TYPE_EXPLAIN_PAGE (avs_explain_page_get_type ())

G_DECLARE_FINAL_TYPE (AvsExplainPage, avs_explain_page, AVS, EXPLAIN_PAGE, AvsPage)

AvsPage              *avs_explain_page_new             (void);
/* What the scan found, for "On this computer"; NULL to leave it out. The page also follows
 * its session's scan result. */
void                  avs_explain_page_set_scan_result (AvsExplainPage *self,
                                                        AvsScanResult  *result);
/* A two-letter country code; NULL to detect it (locale, time zone). Not saved in GSettings:
 * only the user's own choice on the page is. */
void                  avs_explain_page_set_region      (AvsExplainPage *self,
                                                        const char     *cc);
/* What the page shows now; NULL while the region is still being detected. */
const AvsExplanation *avs_explain_page_get_explanation (AvsExplainPage *self);

G_END_DECLS
