/* avs-ui-types.c — registers every widget type the templates may name
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "avs-choose-page.h"
#include "avs-done-page.h"
#include "avs-findings-page.h"
#include "avs-explain-page.h"
#include "avs-page.h"
#include "avs-remove-page.h"
#include "avs-scan-page.h"
#include "avs-ui-types.h"
#include "avs-welcome-page.h"
#include "avs-window.h"

void
avs_ui_ensure_types (void)
{
  /* Keep sorted; add every new page and widget class here. */
  g_type_ensure (AVS_TYPE_EXPLAIN_PAGE);
  g_type_ensure (AVS_TYPE_CHOOSE_PAGE);
  g_type_ensure (AVS_TYPE_DONE_PAGE);
  g_type_ensure (AVS_TYPE_FINDINGS_PAGE);
  g_type_ensure (AVS_TYPE_PAGE);
  g_type_ensure (AVS_TYPE_REMOVE_PAGE);
  g_type_ensure (AVS_TYPE_SCAN_PAGE);
  g_type_ensure (AVS_TYPE_WELCOME_PAGE);
  g_type_ensure (AVS_TYPE_WINDOW);
}
