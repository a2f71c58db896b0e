/* avs-choose-page.h — "Choose a replacement": the ranked catalog for this machine, with filters
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "avs-catalog-store.h"
#include "avs-page.h"

G_BEGIN_DECLS

#define AVS_TYPE_CHOOSE_PAGE (avs_choose_page_get_type ())

G_DECLARE_FINAL_TYPE (AvsChoosePage, avs_choose_page, AVS, CHOOSE_PAGE, AvsPage)

AvsPage           *avs_choose_page_new         (void);
/* The catalog store in use (loaded when the page is first shown); NULL before. */
AvsCatalogStore   *avs_choose_page_get_store   (AvsChoosePage *self);
/* The product chosen, or NULL. */
AvsCatalogProduct *avs_choose_page_get_chosen  (AvsChoosePage *self);
/* Chooses the product with @id if it is listed; returns whether it was. */
gboolean           avs_choose_page_choose      (AvsChoosePage *self,
                                                const char    *id);
/* The product recommended for this computer (the card shown first), or NULL. */
const char        *avs_choose_page_get_recommended_id (AvsChoosePage *self);
/* How many products the list shows with the current filters. */
guint              avs_choose_page_get_n_shown (AvsChoosePage *self);

G_END_DECLS
