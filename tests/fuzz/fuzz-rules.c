/* fuzz-rules.c — a --rules file (a root scan runs the management commands it names)
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "avs-rules.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsRules) rules = NULL;

  fuzz_init ();
  rules = avs_rules_load_bytes (bytes, "fuzz.json", &error);
  FUZZ_CHECK ((rules == NULL) == (error != NULL), "a result or an error, never both");
  if (rules != NULL)
    {
      GPtrArray *products = avs_rules_get_products (rules);

      for (guint i = 0; i < products->len; i++)
        {
          AvsRuleProduct *product = g_ptr_array_index (products, i);
          FUZZ_CHECK (product->id != NULL && product->name != NULL, "a product without id or name");
          avs_rules_is_candidate_package (rules, product->id);
        }
    }
  return 0;
}
