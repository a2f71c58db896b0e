/* fuzz-json.c — the strict JSON reader (avs-json-reader.c) and its json-glib copy (avs-json.c),
 * which every JSON document of the program goes through first
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "avs-json-reader.h"
#include "avs-json.h"
#include "fuzz.h"

static void
count_element (const AvsJsonValue *element,
               guint               index,
               gpointer            user_data)
{
  (*(guint *) user_data)++;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) stream_error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(AvsJsonDocument) document = NULL;
  g_autoptr(AvsJsonDocument) streamed = NULL;
  guint elements = 0;

  fuzz_init ();
  node = avs_json_parse_data ((const char *) data, size, "fuzz.json", &error);
  FUZZ_CHECK ((node == NULL) == (error != NULL), "a result or an error, never both");
  if (node != NULL)
    {
      g_autofree char *text = avs_json_node_to_data (node, FALSE, NULL);
      g_autoptr(GError) again_error = NULL;
      g_autoptr(JsonNode) again = avs_json_parse_data (text, strlen (text), "again.json", &again_error);

      /* What was accepted, written back out by the program's one writer, is accepted again
       * (json-glib 1.6's own generator writes U+001F raw: corpus/json/unit-separator-written-raw.json). */
      /* json-glib 1.6 writes 3E83 as 3e+83.0 (tests/fuzz/open/json). */
      FUZZ_CHECK (again != NULL || (fuzz_skip ("double") &&
                                    g_regex_match_simple ("[0-9]e[-+]?[0-9]+\\.0", text, 0, 0)),
                  "the document written back is refused");
    }

  /* avs-json skips a leading byte-order mark; the reader itself does not. */
  if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      size -= 3;
    }
  document = avs_json_document_parse ((const char *) data, size, "fuzz.json",
                                      AVS_JSON_DEFAULT_MAX_SIZE, AVS_JSON_DEFAULT_MAX_DEPTH, NULL);
  streamed = avs_json_document_parse_streaming ((const char *) data, size, "fuzz.json",
                                                AVS_JSON_DEFAULT_MAX_SIZE, AVS_JSON_DEFAULT_MAX_DEPTH,
                                                "items", count_element, &elements, &stream_error);
  /* Streaming changes what is kept, never what is accepted. */
  FUZZ_CHECK ((document != NULL) == (streamed != NULL), "streaming and whole parses disagree");
  FUZZ_CHECK ((document != NULL) == (node != NULL), "the reader and avs-json disagree");
  return 0;
}
