/* avs-findings-page.h — "What we found": one card per product, its evidence, what was not checked
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "avs-page.h"

G_BEGIN_DECLS

#define AVS_TYPE_FINDINGS_PAGE (avs_findings_page_get_type ())

G_DECLARE_FINAL_TYPE (AvsFindingsPage, avs_findings_page, AVS, FINDINGS_PAGE, AvsPage)

AvsPage *avs_findings_page_new (void);

G_END_DECLS
