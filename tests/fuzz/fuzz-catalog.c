/* fuzz-catalog.c — the catalog's JSON and schema (avs-catalog.c, avs-catalog-product.c,
 * avs-catalog-validate.c), reached through a valid signature made for each input
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "avs-catalog.h"
#include "avs-catalog-filter.h"
#include "avs-minisign.h"
#include "avs-plan.h"
#include "fuzz-sign.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static GPtrArray *keys;
  g_autoptr(GBytes) json = g_bytes_new (data, size);
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsCatalog) catalog = NULL;

  fuzz_init ();
  if (keys == NULL)
    keys = fuzz_sign_trusted_keys ();
  signature = fuzz_sign (json);
  catalog = avs_catalog_new_from_signed (json, signature, keys, "fuzz.json", &error);
  FUZZ_CHECK ((catalog == NULL) == (error != NULL), "a result or an error, never both");
  if (catalog != NULL)
    {
      GPtrArray *products = avs_catalog_get_products (catalog);
      g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 28, 12, 0, 0);
      g_autoptr(JsonNode) again = avs_catalog_dup_json (catalog);

      FUZZ_CHECK (again != NULL, "a verified catalog that does not parse again");
      avs_catalog_check_times (catalog, now, "fuzz.json", NULL);
      /* Every product the catalog accepted either becomes a replacement or is refused with a
       * reason; the plan's own checks run on it. */
      for (guint i = 0; i < products->len; i++)
        {
          g_autoptr(GError) refused = NULL;
          g_autoptr(AvsReplacement) replacement =
            avs_replacement_new_from_catalog (g_ptr_array_index (products, i), &refused);

          FUZZ_CHECK ((replacement == NULL) == (refused != NULL), "a replacement or a reason");
        }
    }
  return 0;
}
