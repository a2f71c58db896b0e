/* test-catalog-model.c — the bundled catalog verifies and holds the facts' caveats; the parser is strict
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <sodium.h>
#include <string.h>

#include "avs-catalog-product.h"
#include "avs-catalog-store.h"
#include "avs-json-reader.h"
#include "avs-minisign.h"
#include "avs-test-catalog.h"
#include "avs-test-common.h"

#define RESOURCE_JSON "/io/github/avswitch/AvSwitch/core/catalog/alternatives.json"

static char *tmp_dir;
static AvsTestKey *test_key;

/* The production path: compiled-in keys, the copy in the GResource, an empty cache. */
static void
test_bundled_verifies (void)
{
  g_autoptr(AvsCatalogStore) store = avs_catalog_store_new (CATALOG_URL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  AvsCatalog *catalog;
  g_autofree char *description = NULL;

  g_assert_true (avs_catalog_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_null (avs_catalog_store_get_load_warning (store));
  g_assert_cmpint (avs_catalog_store_get_source (store), ==, AVS_CATALOG_SOURCE_BUNDLED);
  catalog = avs_catalog_store_get_catalog (store);
  g_assert_cmpint (avs_catalog_get_schema (catalog), ==, 1);
  g_assert_cmpint (avs_catalog_get_serial (catalog), >=, 1);
  g_assert_cmpstr (avs_catalog_get_key_id (catalog), ==, "FCF17925A338C7F9");

  /* Not a failure: an old release built later may carry an expired catalog, which is then
   * used with a warning; but say so loudly. */
  if (avs_catalog_is_expired (catalog, now))
    g_test_message ("WARNING: the bundled catalog has expired: re-sign it (build-aux/sign-catalog)");

  description = avs_catalog_store_describe (store);
  g_assert_nonnull (strstr (description, "bundled with AV Switch"));
}

/* The GResource is compiled from data/catalog: the files there are the ones that verify. */
static void
test_bundled_matches_data_dir (void)
{
  g_autofree char *json_path = g_test_build_filename (G_TEST_DIST, "..", "data", "catalog", "alternatives.json", NULL);
  g_autofree char *sig_path = g_strconcat (json_path, ".minisig", NULL);
  g_autoptr(GBytes) resource = g_resources_lookup_data (RESOURCE_JSON, 0, NULL);
  g_autoptr(GBytes) resource_sig = g_resources_lookup_data (RESOURCE_JSON ".minisig", 0, NULL);
  g_autoptr(GPtrArray) keys = avs_minisign_dup_catalog_keys ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsCatalog) catalog = NULL;
  char *contents = NULL, *sig = NULL;
  gsize length = 0, sig_length = 0;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GBytes) file_sig = NULL;

  g_file_get_contents (json_path, &contents, &length, &error);
  g_assert_no_error (error);
  file = g_bytes_new_take (contents, length);
  g_file_get_contents (sig_path, &sig, &sig_length, &error);
  g_assert_no_error (error);
  file_sig = g_bytes_new_take (sig, sig_length);

  g_assert_nonnull (resource);
  g_assert_true (g_bytes_equal (resource, file));
  g_assert_true (g_bytes_equal (resource_sig, file_sig));

  /* Edited without re-signing? Then this fails: run build-aux/sign-catalog. */
  catalog = avs_catalog_new_from_signed (file, file_sig, keys, json_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (catalog);
}

static AvsCatalogProduct *
bundled_product (AvsCatalog *catalog,
                 const char *id)
{
  AvsCatalogProduct *product = avs_catalog_find_product (catalog, id);
  g_assert_nonnull (product);
  return product;
}

/* The caveats of alternatives.md survive in the data. */
static void
test_bundled_caveats (void)
{
  g_autoptr(AvsCatalogStore) store = avs_catalog_store_new (CATALOG_URL);
  g_autoptr(GError) error = NULL;
  AvsCatalog *catalog;
  AvsCatalogProduct *product;
  GPtrArray *products;
  gboolean has_no_tests_note = FALSE;

  g_assert_true (avs_catalog_store_load (store, &error));
  catalog = avs_catalog_store_get_catalog (store);
  products = avs_catalog_get_products (catalog);
  g_assert_cmpuint (products->len, >=, 19);

  product = bundled_product (catalog, "clamtk");
  g_assert_cmpint (avs_catalog_product_get_status (product), ==, AVS_PRODUCT_STATUS_UNMAINTAINED);
  g_assert_true (avs_catalog_product_has_caveat (product, "unmaintained"));
  /* Its Flatpak bundles a ClamAV nobody updates: not offered as a way to get protection. */
  g_assert_null (avs_catalog_product_get_flathub_id (product));

  product = bundled_product (catalog, "drweb-linux");
  g_assert_true (avs_catalog_product_has_jurisdiction_concern (product));
  g_assert_true (g_strv_contains (avs_catalog_product_get_vendor_countries (product), "RU"));

  product = bundled_product (catalog, "microsoft-defender-endpoint-linux");
  g_assert_true (avs_catalog_product_has_caveat (product, "licence"));
  g_assert_true (avs_catalog_product_has_caveat (product, "conflict"));
  g_assert_true (g_strv_contains (avs_catalog_product_get_packages (product, "apt"), "mdatp"));
  g_assert_cmpstr (avs_catalog_product_get_repository (product), ==, "https://packages.microsoft.com");

  product = bundled_product (catalog, "clamav");
  g_assert_cmpint (avs_catalog_product_get_price (product), ==, AVS_PRICE_FREE);
  g_assert_cmpint (avs_catalog_product_get_open_source (product), ==, AVS_TRISTATE_YES);
  g_assert_cmpint (avs_catalog_product_get_on_access (product), ==, AVS_TRISTATE_YES);
  g_assert_true (g_strv_contains (avs_catalog_product_get_packages (product, "apt"), "clamav-daemon"));
  g_assert_true (g_strv_contains (avs_catalog_product_get_packages (product, "dnf"), "clamd"));
  g_assert_null (avs_catalog_product_get_spdx (product));  /* "GPL" without a version is not SPDX */

  product = bundled_product (catalog, "keep-updated");
  g_assert_cmpint (avs_catalog_product_get_kind (product), ==, AVS_PRODUCT_KIND_ADVICE);
  /* Its name is words, not a product's name: translated in the catalog (issue 15). */
  g_assert_cmpstr (avs_catalog_product_get_name (product), ==,
                   "Keep the system updated, without a third-party antivirus");

  /* Unknown stays unknown. */
  product = bundled_product (catalog, "crowdstrike-falcon");
  g_assert_cmpint (avs_catalog_product_get_on_access (product), ==, AVS_TRISTATE_UNKNOWN);

  for (guint i = 0; i < avs_catalog_get_notes (catalog)->len; i++)
    {
      AvsCatalogNote *note = g_ptr_array_index (avs_catalog_get_notes (catalog), i);
      has_no_tests_note |= g_str_equal (note->id, "no-current-tests");
    }
  g_assert_true (has_no_tests_note);

  for (guint i = 0; i < products->len; i++)
    {
      AvsCatalogProduct *p = g_ptr_array_index (products, i);
      g_assert_nonnull (avs_catalog_product_get_description (p));
      g_assert_nonnull (avs_catalog_product_get_sources (p)[0]);
    }
}

static const char *
clamav_description (void)
{
  g_autoptr(AvsCatalogStore) store = avs_catalog_store_new (CATALOG_URL);
  static char text[4096];

  g_assert_true (avs_catalog_store_load (store, NULL));
  g_strlcpy (text, avs_catalog_product_get_description (
               avs_catalog_find_product (avs_catalog_store_get_catalog (store), "clamav")), sizeof text);
  return text;
}

/* Texts come in the user's language when the catalog has it, else in English. */
static void
test_translations (void)
{
  g_setenv ("LANGUAGE", "de_AT:de", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  /* With the C locale LANGUAGE is ignored by gettext, and g_get_language_names() may follow. */
  if (g_strv_contains (g_get_language_names (), "de"))
    g_assert_nonnull (strstr (clamav_description (), "Antiviren-Engine"));
  else
    g_test_message ("LANGUAGE is not honoured with the C locale here; only English checked");

  g_setenv ("LANGUAGE", "xx", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_assert_nonnull (strstr (clamav_description (), "antivirus engine"));
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "C.UTF-8");
}

/* One product, as the catalog holds it, with @name and @licence/@spdx spliced in (JSON). */
static AvsCatalogProduct *
product_from_json (const char         *name,
                   const char         *licence,
                   const char         *spdx,
                   const char * const *languages,
                   GError            **error)
{
  g_autofree char *json = g_strdup_printf (
    "{\"id\": \"p\", \"kind\": \"advice\", \"name\": %s, \"vendor\": null,"
    " \"vendor_countries\": [], \"licence\": %s, \"spdx\": %s, \"open_source\": null,"
    " \"price\": \"free\", \"audiences\": [\"home\"], \"platforms\": [\"linux\"],"
    " \"distributions\": null, \"on_access\": {\"supported\": false, \"mechanisms\": [],"
    " \"note\": null}, \"console\": \"none\", \"install\": {\"flathub\": null, \"apt\": [],"
    " \"dnf\": [], \"zypper\": [], \"pacman\": [], \"repository\": null, \"download\": null,"
    " \"note\": null}, \"homepage\": null, \"status\": \"active\","
    " \"description\": {\"en\": \"Advice.\"}, \"sources\": [\"https://example.org/\"],"
    " \"reviewed\": \"2026-11-27\"}", name, licence, spdx);
  g_autoptr(AvsJsonDocument) document =
    avs_json_document_parse (json, strlen (json), "product.json", 65536, 16, error);

  if (document == NULL)
    return NULL;
  return avs_catalog_product_new_from_json (avs_json_document_get_root (document), "$.products[0]",
                                            languages, error);
}

/* A name is a product's own (a string, never translated) or words, translated like a
 * description: the user's language, else English. */
static void
test_name_texts (void)
{
  static const char * const german[] = { "de_AT", "de", "C", NULL };
  static const char * const french[] = { "fr", "C", NULL };
  static const char * const c_locale[] = { "C", "de", NULL };
  const char *texts = "{\"en\": \"Keep it updated\", \"de\": \"Aktuell halten\"}";
  struct { const char *name; const char *message; } refused[] = {
    { "{\"de\": \"Aktuell halten\"}", "$.products[0].name: the English text (“en”) is required" },
    /* A text may have lines; a name may not. */
    { "{\"en\": \"Keep it\\nupdated\"}", "$.products[0].name: the value of “en” is not allowed" },
    { "{\"en\": \"Keep it updated\", \"de\": \"Aktuell \\u202ehalten\"}", "“de”" },
    { "{\"en\": \"\"}", "the text for “en” must be a non-empty string" },
    { "{\"en!\": \"Keep\"}", "is not a language code" },
    { "[\"Keep it updated\"]", "“name”" },
    { "null", "“name”" },
  };

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AvsCatalogProduct) product = product_from_json (texts, "null", "null", german, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (avs_catalog_product_get_name (product), ==, "Aktuell halten");
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AvsCatalogProduct) product = product_from_json (texts, "null", "null", french, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (avs_catalog_product_get_name (product), ==, "Keep it updated");
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AvsCatalogProduct) product = product_from_json (texts, "null", "null", c_locale, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (avs_catalog_product_get_name (product), ==, "Keep it updated");
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AvsCatalogProduct) product = product_from_json ("\"ClamAV\"", "null", "null", german, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (avs_catalog_product_get_name (product), ==, "ClamAV");
  }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AvsCatalogProduct) product = product_from_json (refused[i].name, "null", "null", german, &error);

      g_assert_null (product);
      g_assert_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, refused[i].message));
    }
}

/* The licence as shown: the SPDX id when there is one, "Proprietary" in the user's language
 * (English here), else the catalog's own words. */
static void
test_describe_licence (void)
{
  static const char * const english[] = { "C", NULL };
  struct { const char *licence, *spdx, *shown; } cases[] = {
    { "\"GPL (version 1 or later) or the Artistic License 2.0\"", "\"GPL-1.0-or-later OR Artistic-2.0\"",
      "GPL-1.0-or-later OR Artistic-2.0" },
    { "\"proprietary\"", "null", "Proprietary" },
    { "\"GPL\"", "null", "GPL" },
    { "null", "null", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AvsCatalogProduct) product =
        product_from_json ("\"ClamAV\"", cases[i].licence, cases[i].spdx, english, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (avs_catalog_product_describe_licence (product), ==, cases[i].shown);
    }
}

typedef struct
{
  const char *name;
  const char *find;      /* replaced in the generated catalog (first match) */
  const char *replace;
  int         code;      /* AvsCatalogError */
  const char *message;   /* expected in the message */
} Violation;

static const Violation violations[] = {
  { "unknown-root-key", "\"schema\": 1,", "\"schema\": 1, \"extra\": true,", AVS_CATALOG_ERROR_MALFORMED, "$: unknown key “extra”" },
  { "missing-name", "\"name\": \"Product 0\",", "", AVS_CATALOG_ERROR_MALFORMED, "$.products[0]: the required key “name” is missing" },
  { "shell-in-package", "\"product-0-daemon\"", "\"x; rm -rf /\"", AVS_CATALOG_ERROR_MALFORMED, "$.products[0].install.apt[1]" },
  { "option-as-package", "\"product-0-daemon\"", "\"--force-yes\"", AVS_CATALOG_ERROR_MALFORMED, "is not allowed here" },
  { "javascript-homepage", "\"https://example.org/product/0\"", "\"javascript:alert(1)\"", AVS_CATALOG_ERROR_MALFORMED, "“homepage” is not allowed" },
  { "http-download", "\"https://example.org/download/0\"", "\"http://example.org/download/0\"", AVS_CATALOG_ERROR_MALFORMED, "“download” is not allowed" },
  { "bad-flathub-id", "\"org.example.Product0\"", "\"../../etc\"", AVS_CATALOG_ERROR_MALFORMED, "“flathub” is not allowed" },
  { "no-english", "{\"en\": \"A caveat.\"}", "{\"de\": \"Ein Vorbehalt.\"}", AVS_CATALOG_ERROR_MALFORMED, "English text" },
  { "escape-in-name", "\"Product 0\"", "\"Product \\u001b[31m0\"", AVS_CATALOG_ERROR_MALFORMED, "“name” is not allowed" },
  { "bidi-override", "\"Product 0\"", "\"Product \\u202e0\"", AVS_CATALOG_ERROR_MALFORMED, "“name” is not allowed" },
  { "wrong-type", "\"open_source\": true", "\"open_source\": \"yes\"", AVS_CATALOG_ERROR_MALFORMED, "“open_source” must be true or false" },
  { "unknown-price", "\"price\": \"free\"", "\"price\": \"cheap\"", AVS_CATALOG_ERROR_MALFORMED, "allowed: free, paid, included" },
  { "bad-date", "\"reviewed\": \"2026-11-27\"", "\"reviewed\": \"2026-02-30\"", AVS_CATALOG_ERROR_MALFORMED, "“reviewed”" },
  { "local-time", "Z\",\n  \"expires\"", "+02:00\",\n  \"expires\"", AVS_CATALOG_ERROR_MALFORMED, "must be a UTC time" },
  { "duplicate-id", "\"id\": \"product-1\"", "\"id\": \"product-0\"", AVS_CATALOG_ERROR_MALFORMED, "used twice" },
  { "negative-serial", "\"serial\": 7", "\"serial\": -7", AVS_CATALOG_ERROR_MALFORMED, "positive" },
  { "newer-schema", "\"schema\": 1", "\"schema\": 2", AVS_CATALOG_ERROR_UNSUPPORTED_SCHEMA, "format 2" },
  { "invalid-json", "\"kind\": \"product\",", "\"kind\": \"product\",,", AVS_CATALOG_ERROR_MALFORMED, "is not valid JSON: 7:42" },
  { "second-document", "  ]\n}\n", "  ]\n}\n{}\n", AVS_CATALOG_ERROR_MALFORMED, "more data after" },
  { "array-root", "{\n  \"schema\"", "[{\n  \"schema\"", AVS_CATALOG_ERROR_MALFORMED, "not valid JSON" },
  /* The strict reader: json-glib 1.6 would keep the last "kind" silently, and accept a raw tab. */
  { "duplicate-key", "\"kind\": \"product\",", "\"kind\": \"advice\", \"kind\": \"product\",", AVS_CATALOG_ERROR_MALFORMED, "is not valid JSON: 7:42: the key “kind” is used twice" },
  { "raw-tab", "\"Product 0\"", "\"Product\t0\"", AVS_CATALOG_ERROR_MALFORMED, "U+0009" },
};

static void
test_schema_violation (gconstpointer user_data)
{
  const Violation *v = user_data;
  g_autoptr(GBytes) json = avs_test_catalog_json (7, -60, 86400, 2);
  g_autoptr(GString) text = g_string_new_len (g_bytes_get_data (json, NULL), (gssize) g_bytes_get_size (json));
  g_autoptr(GBytes) altered = NULL;
  g_autoptr(GBytes) sig = NULL;
  g_autoptr(GPtrArray) keys = avs_test_key_array (test_key, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsCatalog) catalog = NULL;

  g_assert_cmpuint (g_string_replace (text, v->find, v->replace, 1), ==, 1);
  altered = g_bytes_new (text->str, text->len);
  /* Signed correctly: only the parser can refuse it. */
  sig = avs_test_sign_bytes (test_key, tmp_dir, "violation.json", altered);
  catalog = avs_catalog_new_from_signed (altered, sig, keys, "https://example.org/c.json", &error);
  g_assert_null (catalog);
  g_assert_error (error, AVS_CATALOG_ERROR, v->code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, v->message));
}

static void
test_depth_bomb (void)
{
  g_autoptr(GString) text = g_string_new ("{\"schema\": 1, \"notes\": ");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) sig = NULL;
  g_autoptr(GPtrArray) keys = avs_test_key_array (test_key, NULL);
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 100000; i++)
    g_string_append_c (text, '[');
  for (int i = 0; i < 100000; i++)
    g_string_append_c (text, ']');
  g_string_append (text, "}");
  bytes = g_bytes_new (text->str, text->len);
  sig = avs_test_sign_bytes (test_key, tmp_dir, "deep.json", bytes);
  g_assert_null (avs_catalog_new_from_signed (bytes, sig, keys, "deep.json", &error));
  g_assert_error (error, AVS_CATALOG_ERROR, AVS_CATALOG_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "nested more than"));
}

static void
test_generated_catalog_parses (void)
{
  g_autoptr(GBytes) json = avs_test_catalog_json (3, -60, 86400, 5);
  g_autoptr(GBytes) sig = avs_test_sign_bytes (test_key, tmp_dir, "ok.json", json);
  g_autoptr(GPtrArray) keys = avs_test_key_array (test_key, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsCatalog) catalog = avs_catalog_new_from_signed (json, sig, keys, "ok.json", &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  AvsCatalogProduct *product;

  g_assert_no_error (error);
  g_assert_cmpint (avs_catalog_get_serial (catalog), ==, 3);
  g_assert_cmpuint (avs_catalog_get_products (catalog)->len, ==, 5);
  g_assert_true (avs_catalog_check_times (catalog, now, "ok.json", &error));
  product = avs_catalog_find_product (catalog, "product-4");
  g_assert_cmpstr (avs_catalog_product_get_name (product), ==, "Product 4");
  g_assert_cmpint (avs_catalog_product_get_audiences (product), ==, AVS_AUDIENCE_HOME | AVS_AUDIENCE_SERVER);
  g_assert_cmpint (avs_catalog_product_get_console (product), ==, AVS_CONSOLE_NONE);
  g_assert_null (avs_catalog_product_get_distributions (product));
  g_assert_true (avs_catalog_product_runs_on_linux (product));
}

static void
test_times (void)
{
  g_autoptr(GPtrArray) keys = avs_test_key_array (test_key, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  struct { gint64 generated, expires; int code; const char *message; } cases[] = {
    { 3600, 86400, AVS_CATALOG_ERROR_FROM_THE_FUTURE, "in the future" },
    { -86400, -60, AVS_CATALOG_ERROR_EXPIRED, "expired on" },
    { 60, 86400, -1, NULL },  /* a little clock skew is tolerated */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) json = avs_test_catalog_json (3, cases[i].generated, cases[i].expires, 1);
      g_autoptr(GBytes) sig = avs_test_sign_bytes (test_key, tmp_dir, "times.json", json);
      g_autoptr(GError) error = NULL;
      g_autoptr(AvsCatalog) catalog = avs_catalog_new_from_signed (json, sig, keys, "times.json", &error);

      g_assert_no_error (error);
      if (cases[i].message == NULL)
        {
          g_assert_true (avs_catalog_check_times (catalog, now, "times.json", &error));
          g_assert_no_error (error);
          continue;
        }
      g_assert_false (avs_catalog_check_times (catalog, now, "times.json", &error));
      g_assert_error (error, AVS_CATALOG_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }
}

/* A minisign "ED" signature made in this process (the real tool is too slow for thousands):
 * the same format the verifier reads, from a libsodium key pair. */
typedef struct
{
  guint8 pk[crypto_sign_PUBLICKEYBYTES];
  guint8 sk[crypto_sign_SECRETKEYBYTES];
  guint8 id[8];
} InProcessKey;

static GBytes *
sign_in_process (const InProcessKey *key,
                 GBytes             *data)
{
  guint8 hash[crypto_generichash_BYTES_MAX];
  guint8 blob[2 + 8 + crypto_sign_BYTES];
  guint8 global[crypto_sign_BYTES];
  const char *comment = "fuzz";
  guint8 message[crypto_sign_BYTES + 4];
  g_autofree char *sig64 = NULL;
  g_autofree char *global64 = NULL;
  char *text;

  crypto_generichash (hash, sizeof hash, g_bytes_get_data (data, NULL), g_bytes_get_size (data), NULL, 0);
  blob[0] = 'E';
  blob[1] = 'D';
  memcpy (blob + 2, key->id, 8);
  crypto_sign_detached (blob + 10, NULL, hash, sizeof hash, key->sk);
  memcpy (message, blob + 10, crypto_sign_BYTES);
  memcpy (message + crypto_sign_BYTES, comment, 4);
  crypto_sign_detached (global, NULL, message, sizeof message, key->sk);
  sig64 = g_base64_encode (blob, sizeof blob);
  global64 = g_base64_encode (global, sizeof global);
  text = g_strdup_printf ("untrusted comment: fuzz\n%s\ntrusted comment: %s\n%s\n", sig64, comment, global64);
  return g_bytes_new_take (text, strlen (text));
}

static void
insert_bytes (GByteArray   *array,
              guint         at,
              const guint8 *bytes,
              guint         length)
{
  guint old_length = array->len;

  g_byte_array_set_size (array, old_length + length);
  memmove (array->data + at + length, array->data + at, old_length - at);
  memcpy (array->data + at, bytes, length);
}

/* Thousands of damaged but validly signed catalogs: each is either accepted or refused with a
 * catalog error, never a crash, a critical or another kind of error. */
static void
test_mutations (void)
{
  g_autoptr(GBytes) original = avs_test_catalog_json (5, -60, 86400, 3);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_minisign_key_free);
  g_autoptr(GError) error = NULL;
  InProcessKey key;
  guint8 pub[42];
  g_autofree char *pub64 = NULL;
  const char *tokens[] = { "{", "}", "[", "]", ",", ":", "\"", "null", "true", "0", "-1",
                           "1e999", "\"\\u0000\"", "\"\\ud800\"", "\xc3\x28", "\xf0\x9f\x98\x80" };
  guint accepted = 0, refused = 0;

  g_assert_cmpint (sodium_init (), >=, 0);
  crypto_sign_keypair (key.pk, key.sk);
  randombytes_buf (key.id, sizeof key.id);
  pub[0] = 'E';
  pub[1] = 'd';
  memcpy (pub + 2, key.id, 8);
  memcpy (pub + 10, key.pk, 32);
  pub64 = g_base64_encode (pub, sizeof pub);
  g_ptr_array_add (keys, avs_minisign_key_new (pub64, &error));
  g_assert_no_error (error);

  for (guint round = 0; round < 3000; round++)
    {
      g_autoptr(GByteArray) data = g_byte_array_new ();
      g_autoptr(GBytes) mutated = NULL;
      g_autoptr(GBytes) sig = NULL;
      g_autoptr(AvsCatalog) catalog = NULL;
      g_autoptr(GError) local_error = NULL;
      guint n = g_test_rand_int_range (1, 5);

      g_byte_array_append (data, g_bytes_get_data (original, NULL), g_bytes_get_size (original));
      for (guint m = 0; m < n && data->len > 2; m++)
        {
          guint at = g_test_rand_int_range (0, data->len);
          switch (g_test_rand_int_range (0, 4))
            {
            case 0:  /* flip a byte */
              data->data[at] ^= (guint8) g_test_rand_int_range (1, 256);
              break;
            case 1:  /* delete a run */
              {
                guint len = g_test_rand_int_range (1, 40);   /* MIN() evaluates twice */
                g_byte_array_remove_range (data, at, MIN (len, data->len - at));
              }
              break;
            case 2:  /* insert a token */
              {
                const char *token = tokens[g_test_rand_int_range (0, G_N_ELEMENTS (tokens))];
                insert_bytes (data, at, (const guint8 *) token, strlen (token));
              }
              break;
            default: /* duplicate a run */
              {
                guint want = g_test_rand_int_range (1, 200);
                guint len = MIN (want, data->len - at);
                g_autofree guint8 *copy = g_memdup2 (data->data + at, len);
                guint where = g_test_rand_int_range (0, data->len);
                insert_bytes (data, where, copy, len);
              }
              break;
            }
        }

      mutated = g_bytes_new (data->data, data->len);
      sig = sign_in_process (&key, mutated);
      catalog = avs_catalog_new_from_signed (mutated, sig, keys, "mutated.json", &local_error);
      if (catalog != NULL)
        {
          g_assert_no_error (local_error);
          accepted++;
        }
      else
        {
          g_assert_nonnull (local_error);
          if (!g_error_matches (local_error, AVS_CATALOG_ERROR, AVS_CATALOG_ERROR_MALFORMED) &&
              !g_error_matches (local_error, AVS_CATALOG_ERROR, AVS_CATALOG_ERROR_UNSUPPORTED_SCHEMA))
            g_error ("round %u: unexpected error %s %d: %s", round,
                     g_quark_to_string (local_error->domain), local_error->code, local_error->message);
          refused++;
        }
    }
  g_test_message ("%u accepted, %u refused", accepted, refused);
  g_assert_cmpuint (refused, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache = NULL;
  int status;

  avs_test_init (&argc, &argv);
  avs_test_require_minisign ();

  tmp_dir = avs_test_make_tmpdir ("avs-catalog-model-XXXXXX");
  g_assert_no_error (error);
  cache = g_build_filename (tmp_dir, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  test_key = avs_test_key_new (tmp_dir, "test");

  g_test_add_func ("/catalog/bundled/verifies", test_bundled_verifies);
  g_test_add_func ("/catalog/bundled/matches-data-dir", test_bundled_matches_data_dir);
  g_test_add_func ("/catalog/bundled/caveats", test_bundled_caveats);
  g_test_add_func ("/catalog/translations", test_translations);
  g_test_add_func ("/catalog/product/name-texts", test_name_texts);
  g_test_add_func ("/catalog/product/describe-licence", test_describe_licence);
  g_test_add_func ("/catalog/parse/generated", test_generated_catalog_parses);
  g_test_add_func ("/catalog/parse/depth-bomb", test_depth_bomb);
  g_test_add_func ("/catalog/times", test_times);
  g_test_add_func ("/catalog/parse/mutations", test_mutations);
  for (guint i = 0; i < G_N_ELEMENTS (violations); i++)
    {
      g_autofree char *path = g_strdup_printf ("/catalog/schema/%s", violations[i].name);
      g_test_add_data_func (path, &violations[i], test_schema_violation);
    }

  status = g_test_run ();
  avs_test_key_free (test_key);
  g_free (tmp_dir);
  return status;
}
