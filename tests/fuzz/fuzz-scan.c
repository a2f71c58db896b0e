/* fuzz-scan.c — an "avswitch-scan/1" document (explain --scan, catalog --for-scan, the window's
 * administrator scan, the saved state)
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "avs-json.h"
#include "avs-scan-result.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(AvsScanResult) result = NULL;

  fuzz_init ();
  node = avs_json_parse_data ((const char *) data, size, "scan.json", &error);
  if (node == NULL)
    return 0;
  result = avs_scan_result_new_from_json (node, &error);
  FUZZ_CHECK ((result == NULL) == (error != NULL), "a result or an error, never both");
  if (result != NULL)
    {
      g_autoptr(JsonNode) again_node = NULL;
      g_autoptr(AvsScanResult) again = NULL;
      g_autofree char *text = avs_scan_result_to_data (result, NULL);
      g_autofree char *text2 = NULL;

      /* What loads writes back out, loads again, and then writes out the same. */
      again_node = avs_json_parse_data (text, strlen (text), "again.json", &error);
      FUZZ_CHECK (again_node != NULL, "the written document does not parse");
      again = avs_scan_result_new_from_json (again_node, &error);
      FUZZ_CHECK (again != NULL, "the written document does not load");
      text2 = avs_scan_result_to_data (again, NULL);
      FUZZ_CHECK (g_str_equal (text, text2), "the round trip changed the document");
    }
  return 0;
}
