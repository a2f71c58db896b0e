/* test-minisign.c — minisign signatures made by the real tool verify with libsodium; tampering fails
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <sodium.h>
#include <string.h>

#include "avs-catalog-keys.h"
#include "avs-minisign.h"
#include "avs-test-catalog.h"
#include "avs-test-common.h"

/* The two algorithm bytes on the second line of a signature file. */
static char *
signature_algorithm (GBytes *sig)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (sig, NULL), g_bytes_get_size (sig));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree guchar *raw = NULL;
  gsize length = 0;

  g_assert_cmpuint (g_strv_length (lines), >=, 2);
  raw = g_base64_decode (lines[1], &length);
  g_assert_cmpuint (length, ==, 74);
  return g_strndup ((const char *) raw, 2);
}

typedef struct
{
  char       *dir;
  AvsTestKey *key;
  AvsTestKey *other;
  GBytes     *data;
  char       *data_path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  f->dir = avs_test_make_tmpdir ("avs-minisign-XXXXXX");
  g_assert_no_error (error);
  f->key = avs_test_key_new (f->dir, "trusted");
  f->other = avs_test_key_new (f->dir, "stranger");
  f->data = g_bytes_new_static ("{\"hello\": \"world\"}\n", 19);
  f->data_path = g_build_filename (f->dir, "data.json", NULL);
  g_file_set_contents (f->data_path, g_bytes_get_data (f->data, NULL), 19, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                   G_FILE_QUERY_INFO_NONE, NULL, NULL);
  GFileInfo *info;

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));
      g_file_delete (child, NULL, NULL);
      g_object_unref (info);
    }
  g_file_delete (dir, NULL, NULL);
  g_free (f->dir);
  avs_test_key_free (f->key);
  avs_test_key_free (f->other);
  g_bytes_unref (f->data);
  g_free (f->data_path);
}

static void
test_prehashed (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GBytes) sig = avs_test_sign_file (f->key, f->data_path, FALSE);
  g_autoptr(GPtrArray) keys = avs_test_key_array (f->other, f->key, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *key_id = NULL;

  /* minisign 0.11 signs the BLAKE2b-512 hash by default: the second line starts with "ED". */
  g_autofree char *algorithm = signature_algorithm (sig);

  g_assert_cmpstr (algorithm, ==, "ED");
  g_assert_true (avs_minisign_verify (f->data, sig, keys, &comment, &key_id, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (comment, ==, "test signature");
  g_assert_cmpuint (strlen (key_id), ==, 16);
}

static void
test_legacy (Fixture       *f,
             gconstpointer  user_data)
{
  g_autoptr(GBytes) sig = avs_test_sign_file (f->key, f->data_path, TRUE);
  g_autoptr(GPtrArray) keys = avs_test_key_array (f->key, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *comment = NULL;

  /* The legacy form signs the raw bytes: "Ed" → base64 "RWQ". */
  g_autofree char *algorithm = signature_algorithm (sig);

  g_assert_cmpstr (algorithm, ==, "Ed");
  g_assert_true (avs_minisign_verify (f->data, sig, keys, &comment, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (comment, ==, "test signature (legacy)");
}

static void
test_tampered_data (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(GPtrArray) keys = avs_test_key_array (f->key, NULL);
  g_autoptr(GBytes) altered = g_bytes_new_static ("{\"hello\": \"World\"}\n", 19);

  for (int legacy = 0; legacy <= 1; legacy++)
    {
      g_autoptr(GBytes) sig = avs_test_sign_file (f->key, f->data_path, legacy);
      g_autoptr(GError) error = NULL;

      g_assert_false (avs_minisign_verify (altered, sig, keys, NULL, NULL, &error));
      g_assert_error (error, AVS_MINISIGN_ERROR, AVS_MINISIGN_ERROR_BAD_SIGNATURE);
      g_assert_nonnull (strstr (error->message, "altered or damaged"));
    }
}

static void
test_tampered_comment (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(GBytes) sig = avs_test_sign_file (f->key, f->data_path, FALSE);
  g_autoptr(GPtrArray) keys = avs_test_key_array (f->key, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strndup (g_bytes_get_data (sig, NULL), g_bytes_get_size (sig));
  g_autoptr(GString) altered = g_string_new (text);
  g_autoptr(GBytes) altered_sig = NULL;

  g_assert_cmpuint (g_string_replace (altered, "trusted comment: test signature",
                                      "trusted comment: test signaturE", 1), ==, 1);
  altered_sig = g_bytes_new (altered->str, altered->len);
  g_assert_false (avs_minisign_verify (f->data, altered_sig, keys, NULL, NULL, &error));
  g_assert_error (error, AVS_MINISIGN_ERROR, AVS_MINISIGN_ERROR_BAD_SIGNATURE);
  g_assert_nonnull (strstr (error->message, "trusted comment"));
}

static void
test_unknown_key (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr(GBytes) sig = avs_test_sign_file (f->other, f->data_path, FALSE);
  g_autoptr(GPtrArray) keys = avs_test_key_array (f->key, NULL);
  g_autoptr(GPtrArray) compiled = avs_minisign_dup_catalog_keys ();
  g_autoptr(GError) error = NULL;

  g_assert_false (avs_minisign_verify (f->data, sig, keys, NULL, NULL, &error));
  g_assert_error (error, AVS_MINISIGN_ERROR, AVS_MINISIGN_ERROR_UNKNOWN_KEY);
  g_assert_nonnull (strstr (error->message, "does not trust"));
  g_clear_error (&error);

  /* Nor do the compiled-in keys trust a throwaway key. */
  g_assert_false (avs_minisign_verify (f->data, sig, compiled, NULL, NULL, &error));
  g_assert_error (error, AVS_MINISIGN_ERROR, AVS_MINISIGN_ERROR_UNKNOWN_KEY);
}

/* A throwaway Ed25519 key made with libsodium whose minisign key id is @id (16 hex digits as
 * minisign prints it), and a prehashed ("ED") minisign signature of @data by it. This is how a
 * signature by a retired key id is made without its lost secret key: the id is only a label
 * in the signature, and the refusal must go by that label. */
typedef struct
{
  guint8 id[8];
  guint8 pk[crypto_sign_PUBLICKEYBYTES];
  guint8 sk[crypto_sign_SECRETKEYBYTES];
} CraftedKey;

static void
crafted_key_init (CraftedKey *key,
                  const char *id)
{
  g_assert_cmpint (sodium_init (), >=, 0);
  g_assert_cmpuint (strlen (id), ==, 16);
  /* minisign prints the id as a little-endian 64-bit number. */
  for (guint i = 0; i < 8; i++)
    {
      char byte[3] = { id[14 - 2 * i], id[15 - 2 * i], '\0' };
      key->id[i] = (guint8) g_ascii_strtoull (byte, NULL, 16);
    }
  crypto_sign_keypair (key->pk, key->sk);
}

static char *
crafted_public_key (const CraftedKey *key)
{
  guint8 blob[2 + 8 + crypto_sign_PUBLICKEYBYTES] = { 'E', 'd' };

  memcpy (blob + 2, key->id, 8);
  memcpy (blob + 10, key->pk, sizeof key->pk);
  return g_base64_encode (blob, sizeof blob);
}

static GBytes *
crafted_signature (const CraftedKey *key,
                   GBytes           *data,
                   gboolean          garbage)
{
  const char *comment = "crafted signature";
  guint8 hash[crypto_generichash_BYTES_MAX];
  guint8 blob[2 + 8 + crypto_sign_BYTES] = { 'E', 'D' };
  guint8 global[crypto_sign_BYTES];
  g_autofree guint8 *global_message = NULL;
  g_autofree char *line2 = NULL;
  g_autofree char *line4 = NULL;
  char *text;

  crypto_generichash (hash, sizeof hash, g_bytes_get_data (data, NULL), g_bytes_get_size (data),
                      NULL, 0);
  memcpy (blob + 2, key->id, 8);
  crypto_sign_detached (blob + 10, NULL, hash, sizeof hash, key->sk);
  if (garbage)
    memset (blob + 10, 0x5a, crypto_sign_BYTES);
  global_message = g_malloc (crypto_sign_BYTES + strlen (comment));
  memcpy (global_message, blob + 10, crypto_sign_BYTES);
  memcpy (global_message + crypto_sign_BYTES, comment, strlen (comment));
  crypto_sign_detached (global, NULL, global_message, crypto_sign_BYTES + strlen (comment), key->sk);

  line2 = g_base64_encode (blob, sizeof blob);
  line4 = g_base64_encode (global, sizeof global);
  text = g_strdup_printf ("untrusted comment: crafted\n%s\ntrusted comment: %s\n%s\n",
                          line2, comment, line4);
  return g_bytes_new_take (text, strlen (text));
}

/* A catalog signed by the lost key C1DADE9E7C10C11F is refused by its id, before any
 * verification: even when the caller's key list holds a key with that id whose signature
 * would verify, and even when the signature bytes are garbage. */
static void
test_retired_key (void)
{
  g_autoptr(GBytes) data = g_bytes_new_static ("{\"serial\": 99}\n", 15);
  g_autoptr(GPtrArray) compiled = avs_minisign_dup_catalog_keys ();
  CraftedKey retired, control;
  g_autofree char *retired_pub = NULL;
  g_autofree char *control_pub = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_minisign_key_free);
  g_autoptr(GError) error = NULL;

  g_assert_true (avs_minisign_key_id_is_retired ("C1DADE9E7C10C11F"));
  g_assert_false (avs_minisign_key_id_is_retired ("FCF17925A338C7F9"));

  crafted_key_init (&retired, "C1DADE9E7C10C11F");
  crafted_key_init (&control, "0123456789ABCDEF");
  retired_pub = crafted_public_key (&retired);
  control_pub = crafted_public_key (&control);
  g_ptr_array_add (keys, avs_minisign_key_new (retired_pub, &error));
  g_assert_no_error (error);
  g_ptr_array_add (keys, avs_minisign_key_new (control_pub, &error));
  g_assert_no_error (error);

  /* The control: the same crafting under another id verifies, so the refusal below is by id. */
  {
    g_autoptr(GBytes) sig = crafted_signature (&control, data, FALSE);
    g_autofree char *key_id = NULL;

    g_assert_true (avs_minisign_verify (data, sig, keys, NULL, &key_id, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (key_id, ==, "0123456789ABCDEF");
  }

  for (int garbage = 0; garbage <= 1; garbage++)
    {
      g_autoptr(GBytes) sig = crafted_signature (&retired, data, garbage);

      g_assert_false (avs_minisign_verify (data, sig, keys, NULL, NULL, &error));
      g_assert_error (error, AVS_MINISIGN_ERROR, AVS_MINISIGN_ERROR_RETIRED_KEY);
      g_assert_nonnull (strstr (error->message, "C1DADE9E7C10C11F"));
      g_assert_nonnull (strstr (error->message, "retired"));
      g_clear_error (&error);

      g_assert_false (avs_minisign_verify (data, sig, compiled, NULL, NULL, &error));
      g_assert_error (error, AVS_MINISIGN_ERROR, AVS_MINISIGN_ERROR_RETIRED_KEY);
      g_clear_error (&error);
    }

  /* No compiled-in trusted key carries a retired id. */
  for (guint i = 0; i < compiled->len; i++)
    {
      g_autofree char *id = avs_minisign_key_dup_id (g_ptr_array_index (compiled, i));
      g_assert_false (avs_minisign_key_id_is_retired (id));
    }

  sodium_memzero (&retired, sizeof retired);
  sodium_memzero (&control, sizeof control);
}

static void
test_malformed_signatures (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autoptr(GBytes) sig = avs_test_sign_file (f->key, f->data_path, FALSE);
  g_autoptr(GPtrArray) keys = avs_test_key_array (f->key, NULL);
  g_autofree char *good = g_strndup (g_bytes_get_data (sig, NULL), g_bytes_get_size (sig));
  g_auto(GStrv) lines = g_strsplit (good, "\n", -1);
  g_autofree char *bad_alg = NULL;
  g_autofree char *three_lines = g_strdup_printf ("%s\n%s\n%s\n", lines[0], lines[1], lines[2]);
  g_autofree char *junk_base64 = g_strdup_printf ("%s\n%s!\n%s\n%s\n", lines[0], lines[1], lines[2], lines[3]);
  g_autofree char *no_untrusted = g_strdup_printf ("hello\n%s\n%s\n%s\n", lines[1], lines[2], lines[3]);
  g_autofree char *extra_line = g_strdup_printf ("%s\n%s\n%s\n%s\nmore\n", lines[0], lines[1], lines[2], lines[3]);
  g_autofree char *crlf = g_strdup_printf ("%s\r\n%s\r\n%s\r\n%s\r\n", lines[0], lines[1], lines[2], lines[3]);
  const char *cases[] = { "", "untrusted comment: x\n", three_lines, junk_base64, no_untrusted,
                          extra_line, NULL, NULL };
  guchar raw[74];
  gsize raw_length = 0;
  g_autofree guchar *decoded = g_base64_decode (lines[1], &raw_length);

  /* An unknown algorithm ("Ex") with a valid key id. */
  g_assert_cmpuint (raw_length, ==, sizeof raw);
  memcpy (raw, decoded, sizeof raw);
  raw[1] = 'x';
  {
    g_autofree char *encoded = g_base64_encode (raw, sizeof raw);
    bad_alg = g_strdup_printf ("%s\n%s\n%s\n%s\n", lines[0], encoded, lines[2], lines[3]);
  }
  cases[6] = bad_alg;

  for (guint i = 0; cases[i] != NULL; i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (cases[i], strlen (cases[i]));
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u", i);
      g_assert_false (avs_minisign_verify (f->data, bytes, keys, NULL, NULL, &error));
      g_assert_error (error, AVS_MINISIGN_ERROR, AVS_MINISIGN_ERROR_MALFORMED_SIGNATURE);
      g_assert_nonnull (strstr (error->message, "not a valid minisign signature"));
    }

  /* Windows line endings are tolerated. */
  {
    g_autoptr(GBytes) bytes = g_bytes_new (crlf, strlen (crlf));
    g_autoptr(GError) error = NULL;
    g_assert_true (avs_minisign_verify (f->data, bytes, keys, NULL, NULL, &error));
    g_assert_no_error (error);
  }
}

static void
test_key_parsing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsMinisignKey) key = NULL;
  g_autofree char *id = NULL;
  const char *bad[] = {
    "", "RWQ", "not base64 at all!!", "untrusted comment: only a comment\n",
    /* A valid-length blob with the wrong algorithm ("Ex"). */
    "RXgfwRB8nt7awdMpu6QcCaM+fmJfqtCUHdK6xgsrdlG60V6AH0T562An",
    /* Two key lines. */
    "RWQfwRB8nt7awdMpu6QcCaM+fmJfqtCUHdK6xgsrdlG60V6AH0T562An\nRWQfwRB8nt7awdMpu6QcCaM+fmJfqtCUHdK6xgsrdlG60V6AH0T562An",
    NULL
  };

  key = avs_minisign_key_new ("untrusted comment: minisign public key C1DADE9E7C10C11F\n"
                              "RWQfwRB8nt7awdMpu6QcCaM+fmJfqtCUHdK6xgsrdlG60V6AH0T562An\n", &error);
  g_assert_no_error (error);
  id = avs_minisign_key_dup_id (key);
  g_assert_cmpstr (id, ==, "C1DADE9E7C10C11F");

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_assert_null (avs_minisign_key_new (bad[i], &local_error));
      g_assert_error (local_error, AVS_MINISIGN_ERROR, AVS_MINISIGN_ERROR_MALFORMED_KEY);
    }
}

/* Every compiled-in key is committed as data/catalog/NAME.pub, and parses. */
static void
test_compiled_keys_are_committed (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "..", "data", "catalog", NULL);
  g_autoptr(GPtrArray) keys = avs_minisign_dup_catalog_keys ();
  g_autoptr(GPtrArray) committed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  g_assert_cmpuint (keys->len, ==, G_N_ELEMENTS (avs_catalog_trusted_keys) - 1);
  g_assert_cmpuint (keys->len, >=, 1);

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_str_has_suffix (name, ".pub"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      g_file_get_contents (path, &contents, NULL, &error);
      g_assert_no_error (error);
      lines = g_strsplit (contents, "\n", -1);
      g_ptr_array_add (committed, g_strdup (g_strstrip (lines[1])));
      /* A secret key never lives in the repository. */
      g_assert_null (strstr (contents, "secret key"));
    }

  for (guint i = 0; avs_catalog_trusted_keys[i] != NULL; i++)
    {
      gboolean found = FALSE;
      for (guint j = 0; j < committed->len; j++)
        found |= g_str_equal (avs_catalog_trusted_keys[i], g_ptr_array_index (committed, j));
      g_assert_true (found);
    }
}

int
main (int   argc,
      char *argv[])
{
  avs_test_init (&argc, &argv);
  avs_test_require_minisign ();

  g_test_add_func ("/minisign/key-parsing", test_key_parsing);
  g_test_add_func ("/minisign/compiled-keys-are-committed", test_compiled_keys_are_committed);
  g_test_add_func ("/minisign/retired-key", test_retired_key);
  g_test_add ("/minisign/prehashed", Fixture, NULL, fixture_set_up, test_prehashed, fixture_tear_down);
  g_test_add ("/minisign/legacy", Fixture, NULL, fixture_set_up, test_legacy, fixture_tear_down);
  g_test_add ("/minisign/tampered-data", Fixture, NULL, fixture_set_up, test_tampered_data, fixture_tear_down);
  g_test_add ("/minisign/tampered-comment", Fixture, NULL, fixture_set_up, test_tampered_comment, fixture_tear_down);
  g_test_add ("/minisign/unknown-key", Fixture, NULL, fixture_set_up, test_unknown_key, fixture_tear_down);
  g_test_add ("/minisign/malformed", Fixture, NULL, fixture_set_up, test_malformed_signatures, fixture_tear_down);

  return g_test_run ();
}
