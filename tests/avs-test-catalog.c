/* avs-test-catalog.c — helpers for the catalog tests: throwaway minisign keys, signed catalogs
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#include "avs-minisign.h"
#include "avs-test-catalog.h"

void
avs_test_require_minisign (void)
{
  g_autofree char *path = g_find_program_in_path ("minisign");

  if (path != NULL)
    return;
  g_print ("1..0 # SKIP minisign is not installed: these tests sign catalogs with the real tool\n");
  exit (0);
}

static void
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                     G_SUBPROCESS_FLAGS_STDIN_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("%s failed: %s%s", argv[0], out, err);
}

AvsTestKey *
avs_test_key_new (const char *dir,
                  const char *name)
{
  AvsTestKey *key = g_new0 (AvsTestKey, 1);
  g_autofree char *sec_name = g_strconcat (name, ".key", NULL);
  g_autofree char *pub_name = g_strconcat (name, ".pub", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  key->secret_path = g_build_filename (dir, sec_name, NULL);
  key->public_path = g_build_filename (dir, pub_name, NULL);
  {
    const char *argv[] = { "minisign", "-G", "-W", "-f", "-p", key->public_path,
                           "-s", key->secret_path, NULL };
    run (argv);
  }
  g_file_get_contents (key->public_path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 2);
  key->public_text = g_strdup (g_strstrip (lines[1]));
  return key;
}

void
avs_test_key_free (AvsTestKey *key)
{
  g_free (key->secret_path);
  g_free (key->public_path);
  g_free (key->public_text);
  g_free (key);
}

GBytes *
avs_test_sign_file (AvsTestKey *key,
                    const char *path,
                    gboolean    legacy)
{
  g_autofree char *sig_path = g_strconcat (path, ".minisig", NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (legacy)
    {
      const char *argv[] = { "minisign", "-S", "-l", "-s", key->secret_path, "-m", path,
                             "-x", sig_path, "-t", "test signature (legacy)", NULL };
      run (argv);
    }
  else
    {
      const char *argv[] = { "minisign", "-S", "-s", key->secret_path, "-m", path,
                             "-x", sig_path, "-t", "test signature", NULL };
      run (argv);
    }
  g_file_get_contents (sig_path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

GBytes *
avs_test_sign_bytes (AvsTestKey *key,
                     const char *dir,
                     const char *name,
                     GBytes     *data)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (data, NULL), (gssize) g_bytes_get_size (data), &error);
  g_assert_no_error (error);
  return avs_test_sign_file (key, path, FALSE);
}

GPtrArray *
avs_test_key_array (AvsTestKey *first,
                    ...)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_minisign_key_free);
  va_list args;

  va_start (args, first);
  for (AvsTestKey *key = first; key != NULL; key = va_arg (args, AvsTestKey *))
    {
      g_autoptr(GError) error = NULL;
      AvsMinisignKey *parsed = avs_minisign_key_new (key->public_text, &error);
      g_assert_no_error (error);
      g_ptr_array_add (keys, parsed);
    }
  va_end (args);
  return keys;
}

static char *
format_offset (gint64 offset)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, (gdouble) offset);
  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

GBytes *
avs_test_catalog_json (gint64 serial,
                       gint64 generated_offset,
                       gint64 expires_offset,
                       guint  n_products)
{
  g_autofree char *generated = format_offset (generated_offset);
  g_autofree char *expires = format_offset (expires_offset);
  GString *json = g_string_new (NULL);

  g_string_append_printf (json,
                          "{\n  \"schema\": 1,\n  \"serial\": %" G_GINT64_FORMAT ",\n"
                          "  \"generated\": \"%s\",\n  \"expires\": \"%s\",\n  \"products\": [\n",
                          serial, generated, expires);
  for (guint i = 0; i < n_products; i++)
    g_string_append_printf (json,
      "    {\"id\": \"product-%u\", \"kind\": \"product\", \"name\": \"Product %u\","
      " \"vendor\": \"Vendor %u\", \"vendor_countries\": [\"FI\"], \"licence\": \"GPL\","
      " \"spdx\": null, \"open_source\": true, \"price\": \"free\","
      " \"audiences\": [\"home\", \"server\"], \"platforms\": [\"linux\"], \"distributions\": null,"
      " \"on_access\": {\"supported\": true, \"mechanisms\": [\"fanotify\"],"
      " \"note\": {\"en\": \"Through fanotify, opt-in, configured by an administrator.\", \"de\": \"Über fanotify.\"}},"
      " \"console\": \"none\", \"install\": {\"flathub\": \"org.example.Product%u\","
      " \"apt\": [\"product-%u\", \"product-%u-daemon\"], \"dnf\": [\"product-%u\"], \"zypper\": [], \"pacman\": [],"
      " \"repository\": null, \"download\": \"https://example.org/download/%u\", \"note\": null},"
      " \"homepage\": \"https://example.org/product/%u\", \"status\": \"active\","
      " \"description\": {\"en\": \"A product used by the tests and the benchmark, number %u; "
      "its description is about as long as the real ones, so that the size of a generated "
      "catalog resembles a real one with many entries.\", \"fr\": \"Un produit de test.\"},"
      " \"caveats\": [{\"kind\": \"other\", \"text\": {\"en\": \"A caveat.\"}, \"sources\": [\"https://example.org/c/%u\"]}],"
      " \"tests\": [], \"sources\": [\"https://example.org/s/%u\", \"http://example.org/old/%u\"],"
      " \"reviewed\": \"2026-11-27\"}%s\n",
      i, i, i, i, i, i, i, i, i, i, i, i, i, i + 1 < n_products ? "," : "");
  g_string_append (json, "  ]\n}\n");
  return g_string_free_to_bytes (json);
}
