/* test-sources.c — every fact shown to users rests on a source that exists, has an address and
 * is listed in docs/sources.md; catalog entries are reviewed within a year of the catalog
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "avs-explanation.h"
#include "avs-region.h"
#include "avs-test-common.h"
#include "avs-timeline.h"

/* Addresses that are known to have no https form among the sources read (docs/sources.md,
 * "Plain http"). A new plain-http address fails; so does an entry here that is no longer used. */
static const char * const known_plain_http[] = {
  "http://casetext.com/case/kaspersky-lab-inc-v-us-dept-of-homeland-sec-kirstjen-m-nielsen",
  "http://en.chinagate.cn/2017-12/22/content_50119115.htm",
  "http://www.baltic-course.com/eng/Technology/?doc=136187",
  "http://www.virusbulletin.com/virusbulletin/2017/02/vb100-comparative-review",
  "http://repo.drweb.com/drweb/suse/10.1.0/x86_64/drweb-spider_10.1.0.1-1507271152~el5_x86_64.rpm",
  "http://sec.gov/Archives/edgar/data/0001583708/000162828021011624/sentineloneincs-1initialpu.htm",
  "http://www.maximumpc.com/avira-antivirus-sends-linux-breakup-letter-will-stay-friends-until-june-30-2016/",
  NULL
};

static GHashTable *plain_http_used;

static char *
read_dist_file (const char *first,
                ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  const char *part;
  va_list args;

  g_ptr_array_add (parts, (gpointer) g_test_get_dir (G_TEST_DIST));
  g_ptr_array_add (parts, (gpointer) "..");
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  path = g_build_filenamev ((char **) parts->pdata);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
assert_address (const char *what,
                const char *url)
{
  if (g_str_has_prefix (url, "https://") && strlen (url) > strlen ("https://x"))
    return;
  if (g_str_has_prefix (url, "http://") && g_strv_contains (known_plain_http, url))
    {
      g_hash_table_add (plain_http_used, g_strdup (url));
      return;
    }
  g_test_message ("%s: “%s” is not an https address", what, url);
  g_test_fail ();
}

static void
assert_listed (const char *docs,
               const char *what,
               const char *needle)
{
  if (strstr (docs, needle) == NULL)
    {
      g_test_message ("%s: “%s” is not listed in docs/sources.md", what, needle);
      g_test_fail ();
    }
}

/* The timeline and the explanation: every key cited exists, every event has a source, every
 * source has an https address, is cited somewhere and is listed in docs/sources.md. */
static void
test_timeline_and_explanation (void)
{
  static const char * const regions[] = { "US", "DE", "IT", "LT", "NL", "GB", "CA", "FR", NULL };
  g_autofree char *docs = read_dist_file ("docs", "sources.md", NULL);
  g_autoptr(GHashTable) cited = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) after = g_date_time_new_utc (2026, 11, 28, 12, 0, 0);
  const AvsTimelineEntry *entries;
  const AvsSource *sources;
  gsize n_entries, n_sources;

  entries = avs_timeline_get_entries (&n_entries);
  for (gsize i = 0; i < n_entries; i++)
    {
      g_assert_nonnull (entries[i].sources[0]);
      for (guint j = 0; entries[i].sources[j] != NULL; j++)
        {
          g_assert_nonnull (avs_source_lookup (entries[i].sources[j]));
          g_hash_table_add (cited, (gpointer) entries[i].sources[j]);
        }
    }

  for (guint r = 0; regions[r] != NULL; r++)
    {
      AvsRegion region = { (char *) regions[r], AVS_REGION_SOURCE_OVERRIDE, NULL };
      AvsExplanation *explanation = avs_explanation_new (&region, NULL, after);
      GPtrArray *sections[] = { explanation->summary, explanation->for_you, explanation->machine };

      for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
        for (guint i = 0; i < sections[s]->len; i++)
          {
            const AvsStatement *statement = sections[s]->pdata[i];

            for (guint j = 0; statement->sources[j] != NULL; j++)
              {
                g_assert_nonnull (avs_source_lookup (statement->sources[j]));
                g_hash_table_add (cited, (gpointer) avs_source_lookup (statement->sources[j])->key);
              }
          }
      avs_explanation_free (explanation);
    }

  sources = avs_timeline_get_sources (&n_sources);
  for (gsize i = 0; i < n_sources; i++)
    {
      g_autofree char *key_cell = g_strdup_printf ("| `%s` |", sources[i].key);

      assert_address (sources[i].key, sources[i].url);
      assert_listed (docs, sources[i].key, key_cell);
      assert_listed (docs, sources[i].key, sources[i].url);
      /* A source nobody cites is either a mistake or dead weight ("FD2" was both). */
      if (!g_hash_table_contains (cited, sources[i].key))
        {
          g_test_message ("source %s is cited by nothing", sources[i].key);
          g_test_fail ();
        }
    }
}

static void
check_url_list (JsonArray  *array,
                const char *what,
                const char *docs)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      const char *url = json_array_get_string_element (array, i);

      assert_address (what, url);
      assert_listed (docs, what, url);
    }
}

/* "YYYY-MM-DD" → a date. */
static GDate *
parse_day (const char *text)
{
  GDate *date = g_date_new ();
  int y = 0, m = 0, d = 0;

  g_assert_cmpint (sscanf (text, "%4d-%2d-%2d", &y, &m, &d), ==, 3);
  g_assert_true (g_date_valid_dmy (d, m, y));
  g_date_set_dmy (date, d, m, y);
  return date;
}

/* The catalog: every product has a source, every address is https and listed, and every entry
 * was reviewed no more than twelve months before the catalog was generated (nor after it). */
static void
test_catalog (void)
{
  g_autofree char *text = read_dist_file ("data", "catalog", "alternatives.json", NULL);
  g_autofree char *docs = read_dist_file ("docs", "sources.md", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) generated_time = NULL;
  g_autoptr(GDate) generated = NULL;
  g_autoptr(GDate) oldest = NULL;
  JsonObject *root;
  JsonArray *products, *notes;
  int y, m, d;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));

  generated_time = g_date_time_new_from_iso8601 (json_object_get_string_member (root, "generated"), NULL);
  g_assert_nonnull (generated_time);
  g_date_time_get_ymd (generated_time, &y, &m, &d);
  generated = g_date_new_dmy (d, m, y);
  oldest = g_date_new_dmy (d, m, y);
  g_date_subtract_months (oldest, 12);

  notes = json_object_get_array_member (root, "notes");
  for (guint i = 0; i < json_array_get_length (notes); i++)
    check_url_list (json_object_get_array_member (json_array_get_object_element (notes, i), "sources"),
                    "a note", docs);

  products = json_object_get_array_member (root, "products");
  g_assert_cmpuint (json_array_get_length (products), >, 0);
  for (guint i = 0; i < json_array_get_length (products); i++)
    {
      JsonObject *product = json_array_get_object_element (products, i);
      const char *id = json_object_get_string_member (product, "id");
      JsonArray *sources = json_object_get_array_member (product, "sources");
      g_autoptr(GDate) reviewed = parse_day (json_object_get_string_member (product, "reviewed"));

      g_test_message ("product %s", id);
      g_assert_cmpuint (json_array_get_length (sources), >=, 1);
      check_url_list (sources, id, docs);
      if (json_object_has_member (product, "caveats"))
        {
          JsonArray *caveats = json_object_get_array_member (product, "caveats");
          for (guint j = 0; j < json_array_get_length (caveats); j++)
            {
              JsonObject *caveat = json_array_get_object_element (caveats, j);
              if (json_object_has_member (caveat, "sources"))
                check_url_list (json_object_get_array_member (caveat, "sources"), id, docs);
            }
        }
      if (json_object_has_member (product, "tests"))
        {
          JsonArray *tests = json_object_get_array_member (product, "tests");
          for (guint j = 0; j < json_array_get_length (tests); j++)
            {
              const char *url = json_object_get_string_member (json_array_get_object_element (tests, j), "source");
              assert_address (id, url);
              assert_listed (docs, id, url);
            }
        }

      if (g_date_compare (reviewed, oldest) < 0 || g_date_compare (reviewed, generated) > 0)
        {
          g_test_message ("%s: reviewed %s, not within the twelve months before the catalog was generated",
                          id, json_object_get_string_member (product, "reviewed"));
          g_test_fail ();
        }
    }
}

/* The detection rules: every key a rule cites is in the rules' own source table and in
 * docs/sources.md. (Several rule sources are public code excerpts whose repository was not
 * recorded; they have no address, which docs/sources.md says.) */
static void
collect_rule_keys (JsonNode   *node,
                   GHashTable *keys)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *child = json_object_get_member (object, l->data);

          if (g_str_equal (l->data, "sources") && JSON_NODE_HOLDS_ARRAY (child))
            {
              JsonArray *array = json_node_get_array (child);
              for (guint i = 0; i < json_array_get_length (array); i++)
                g_hash_table_add (keys, (gpointer) json_array_get_string_element (array, i));
            }
          else
            collect_rule_keys (child, keys);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_rule_keys (json_array_get_element (array, i), keys);
    }
}

static void
test_rules (void)
{
  g_autofree char *text = read_dist_file ("data", "rules", "kaspersky.json", NULL);
  g_autofree char *docs = read_dist_file ("docs", "sources.md", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  JsonObject *root, *table;
  GHashTableIter iter;
  gpointer key;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  table = json_object_get_object_member (root, "sources");
  collect_rule_keys (json_parser_get_root (parser), keys);
  g_assert_cmpuint (g_hash_table_size (keys), >, 0);

  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *cell = g_strdup_printf ("| `%s` |", (const char *) key);

      if (!json_object_has_member (table, key))
        {
          g_test_message ("rule source %s is not in the rules' source table", (const char *) key);
          g_test_fail ();
        }
      assert_listed (docs, key, cell);
    }
}

static void
test_plain_http_list_is_current (void)
{
  /* Runs last: every known plain-http address must still be in use. */
  for (guint i = 0; known_plain_http[i] != NULL; i++)
    if (!g_hash_table_contains (plain_http_used, known_plain_http[i]))
      {
        g_test_message ("%s is no longer cited: remove it from known_plain_http", known_plain_http[i]);
        g_test_fail ();
      }
}

int
main (int   argc,
      char *argv[])
{
  avs_test_init (&argc, &argv);
  plain_http_used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_test_add_func ("/sources/timeline-and-explanation", test_timeline_and_explanation);
  g_test_add_func ("/sources/catalog", test_catalog);
  g_test_add_func ("/sources/rules", test_rules);
  g_test_add_func ("/sources/plain-http-list-is-current", test_plain_http_list_is_current);

  return g_test_run ();
}
