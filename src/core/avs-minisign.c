/* avs-minisign.c — verify minisign (Ed25519) signatures with libsodium
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "avs-catalog-keys.h"
#include "avs-minisign.h"

G_DEFINE_QUARK (avs-minisign-error-quark, avs_minisign_error)

#define ALG_SIZE 2
#define KEY_BLOB_SIZE (ALG_SIZE + AVS_MINISIGN_KEY_ID_SIZE + crypto_sign_PUBLICKEYBYTES)
#define SIG_BLOB_SIZE (ALG_SIZE + AVS_MINISIGN_KEY_ID_SIZE + crypto_sign_BYTES)
#define TRUSTED_PREFIX "trusted comment: "
#define UNTRUSTED_PREFIX "untrusted comment: "
#define MAX_COMMENT 8192

struct _AvsMinisignKey
{
  guint8 id[AVS_MINISIGN_KEY_ID_SIZE];
  guint8 pk[crypto_sign_PUBLICKEYBYTES];
};

static gboolean
ensure_sodium (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error (error, AVS_MINISIGN_ERROR, AVS_MINISIGN_ERROR_CRYPTO,
                   _("The cryptography library (libsodium) could not start, so no signature can be checked."));
      return FALSE;
    }
  return TRUE;
}

/* Strict base64: only the alphabet and padding, and exactly @expected bytes once decoded.
 * (g_base64_decode silently skips invalid characters.) */
static gboolean
decode_base64_exact (const char *text,
                     gsize       length,
                     guint8     *out,
                     gsize       expected)
{
  g_autofree guchar *decoded = NULL;
  g_autofree char *copy = NULL;
  gsize decoded_length = 0;

  if (length == 0 || length % 4 != 0 || length > 4 * ((expected + 2) / 3))
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];
      if (!(g_ascii_isalnum (c) || c == '+' || c == '/' || (c == '=' && i >= length - 2)))
        return FALSE;
    }

  copy = g_strndup (text, length);
  decoded = g_base64_decode (copy, &decoded_length);
  if (decoded == NULL || decoded_length != expected)
    return FALSE;
  memcpy (out, decoded, expected);
  return TRUE;
}

AvsMinisignKey *
avs_minisign_key_new (const char  *text,
                      GError     **error)
{
  g_autoptr(AvsMinisignKey) key = g_new0 (AvsMinisignKey, 1);
  g_auto(GStrv) lines = NULL;
  const char *line = NULL;
  guint8 blob[KEY_BLOB_SIZE];

  g_return_val_if_fail (text != NULL, NULL);

  /* Either "untrusted comment: …\nBASE64\n" or the bare base64 line. */
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] == '\0' || g_str_has_prefix (lines[i], UNTRUSTED_PREFIX))
        continue;
      if (line != NULL)
        {
          line = NULL;
          break;
        }
      line = lines[i];
    }

  if (line == NULL || !decode_base64_exact (line, strlen (line), blob, sizeof blob) ||
      blob[0] != 'E' || blob[1] != 'd')
    {
      g_set_error (error, AVS_MINISIGN_ERROR, AVS_MINISIGN_ERROR_MALFORMED_KEY,
                   _("This is not a minisign public key."));
      return NULL;
    }

  memcpy (key->id, blob + ALG_SIZE, sizeof key->id);
  memcpy (key->pk, blob + ALG_SIZE + sizeof key->id, sizeof key->pk);
  return g_steal_pointer (&key);
}

void
avs_minisign_key_free (AvsMinisignKey *key)
{
  if (key == NULL)
    return;
  sodium_memzero (key, sizeof *key);
  g_free (key);
}

static char *
format_key_id (const guint8 *id)
{
  GString *s = g_string_sized_new (2 * AVS_MINISIGN_KEY_ID_SIZE);

  /* minisign prints the id as a little-endian 64-bit number. */
  for (int i = AVS_MINISIGN_KEY_ID_SIZE - 1; i >= 0; i--)
    g_string_append_printf (s, "%02X", id[i]);
  return g_string_free (s, FALSE);
}

char *
avs_minisign_key_dup_id (const AvsMinisignKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);
  return format_key_id (key->id);
}

GPtrArray *
avs_minisign_dup_catalog_keys (void)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_minisign_key_free);

  for (guint i = 0; avs_catalog_trusted_keys[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      AvsMinisignKey *key = avs_minisign_key_new (avs_catalog_trusted_keys[i], &error);

      /* A compiled-in key that does not parse is a programming error; a test guards it. */
      if (key == NULL)
        g_critical ("Compiled-in catalog key %u: %s", i, error->message);
      else
        g_ptr_array_add (keys, key);
    }
  return keys;
}

static gboolean
malformed_signature (GError     **error,
                     const char  *why)
{
  g_set_error (error, AVS_MINISIGN_ERROR, AVS_MINISIGN_ERROR_MALFORMED_SIGNATURE,
               /* Translators: %s says what is wrong with the signature file */
               _("The signature file is not a valid minisign signature: %s"), why);
  return FALSE;
}

/* The trusted key whose id the signature blob names; NULL with @error for a retired or unknown
 * key. */
static const AvsMinisignKey *
find_signing_key (GPtrArray     *trusted_keys,
                  const guint8  *blob,
                  GError       **error)
{
  const AvsMinisignKey *key = NULL;

  /* A retired key is refused by its id alone, before any key lookup or cryptography: whoever
   * holds its secret (it was lost) must not be able to sign anything we accept, whatever key
   * list the caller passes. */
  {
    g_autofree char *id = format_key_id (blob + ALG_SIZE);

    if (avs_minisign_key_id_is_retired (id))
      {
        g_set_error (error, AVS_MINISIGN_ERROR, AVS_MINISIGN_ERROR_RETIRED_KEY,
                     /* Translators: %s is a key id such as C1DADE9E7C10C11F */
                     _("It was signed with the key %s, which was retired because it can no "
                       "longer be trusted, so it is refused."), id);
        return NULL;
      }
  }

  for (guint i = 0; i < trusted_keys->len; i++)
    {
      const AvsMinisignKey *candidate = g_ptr_array_index (trusted_keys, i);
      if (memcmp (candidate->id, blob + ALG_SIZE, AVS_MINISIGN_KEY_ID_SIZE) == 0)
        {
          key = candidate;
          break;
        }
    }
  if (key == NULL)
    {
      g_autofree char *id = format_key_id (blob + ALG_SIZE);
      g_set_error (error, AVS_MINISIGN_ERROR, AVS_MINISIGN_ERROR_UNKNOWN_KEY,
                   /* Translators: %s is a key id such as FCF17925A338C7F9 */
                   _("It was signed with the key %s, which this program does not trust."), id);
      return NULL;
    }
  return key;
}

gboolean
avs_minisign_verify (GBytes     *data,
                     GBytes     *signature,
                     GPtrArray  *trusted_keys,
                     char      **out_trusted_comment,
                     char      **out_key_id,
                     GError    **error)
{
  const char *sig_text;
  gsize sig_length = 0;
  g_autofree char *copy = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_lines;
  guint8 blob[SIG_BLOB_SIZE];
  guint8 global_sig[crypto_sign_BYTES];
  const char *trusted_comment;
  gsize comment_length;
  const AvsMinisignKey *key = NULL;
  gboolean prehashed;
  const guint8 *message;
  gsize message_length = 0;
  guint8 hash[crypto_generichash_BYTES_MAX];
  g_autofree guint8 *global_message = NULL;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (signature != NULL, FALSE);
  g_return_val_if_fail (trusted_keys != NULL, FALSE);

  if (!ensure_sodium (error))
    return FALSE;

  sig_text = g_bytes_get_data (signature, &sig_length);
  if (sig_length == 0)
    return malformed_signature (error, _("it is empty."));
  if (sig_length > AVS_MINISIGN_MAX_SIGNATURE_FILE)
    return malformed_signature (error, _("it is too large."));
  if (memchr (sig_text, '\0', sig_length) != NULL || !g_utf8_validate (sig_text, sig_length, NULL))
    return malformed_signature (error, _("it is not text."));

  copy = g_strndup (sig_text, sig_length);
  lines = g_strsplit (copy, "\n", -1);
  n_lines = g_strv_length (lines);
  for (guint i = 0; i < n_lines; i++)
    {
      gsize len = strlen (lines[i]);
      if (len > 0 && lines[i][len - 1] == '\r')
        lines[i][len - 1] = '\0';
    }
  /* Four lines, and at most one empty line after them (the final newline). */
  if (n_lines < 4 || n_lines > 5 || (n_lines == 5 && *lines[4] != '\0'))
    return malformed_signature (error, _("it must have exactly four lines."));
  if (!g_str_has_prefix (lines[0], UNTRUSTED_PREFIX))
    return malformed_signature (error, _("the first line is not an untrusted comment."));
  if (!decode_base64_exact (lines[1], strlen (lines[1]), blob, sizeof blob))
    return malformed_signature (error, _("the second line is not a signature."));
  if (!g_str_has_prefix (lines[2], TRUSTED_PREFIX))
    return malformed_signature (error, _("the third line is not a trusted comment."));
  if (!decode_base64_exact (lines[3], strlen (lines[3]), global_sig, sizeof global_sig))
    return malformed_signature (error, _("the fourth line is not a signature."));

  trusted_comment = lines[2] + strlen (TRUSTED_PREFIX);
  comment_length = strlen (trusted_comment);
  if (comment_length > MAX_COMMENT)
    return malformed_signature (error, _("the trusted comment is too long."));

  if (blob[0] == 'E' && blob[1] == 'D')
    prehashed = TRUE;
  else if (blob[0] == 'E' && blob[1] == 'd')
    prehashed = FALSE;
  else
    return malformed_signature (error, _("it uses an unknown algorithm."));

  key = find_signing_key (trusted_keys, blob, error);
  if (key == NULL)
    return FALSE;

  message = g_bytes_get_data (data, &message_length);
  if (prehashed)
    {
      crypto_generichash (hash, sizeof hash, message, message_length, NULL, 0);
      message = hash;
      message_length = sizeof hash;
    }

  if (crypto_sign_verify_detached (blob + ALG_SIZE + AVS_MINISIGN_KEY_ID_SIZE,
                                   message, message_length, key->pk) != 0)
    {
      g_set_error (error, AVS_MINISIGN_ERROR, AVS_MINISIGN_ERROR_BAD_SIGNATURE,
                   _("Its signature does not match its contents: it was altered or damaged."));
      return FALSE;
    }

  /* The global signature binds the trusted comment to the signature. */
  global_message = g_malloc (crypto_sign_BYTES + comment_length);
  memcpy (global_message, blob + ALG_SIZE + AVS_MINISIGN_KEY_ID_SIZE, crypto_sign_BYTES);
  memcpy (global_message + crypto_sign_BYTES, trusted_comment, comment_length);
  if (crypto_sign_verify_detached (global_sig, global_message, crypto_sign_BYTES + comment_length,
                                   key->pk) != 0)
    {
      g_set_error (error, AVS_MINISIGN_ERROR, AVS_MINISIGN_ERROR_BAD_SIGNATURE,
                   _("The trusted comment of its signature was altered."));
      return FALSE;
    }

  if (out_trusted_comment != NULL)
    *out_trusted_comment = g_strdup (trusted_comment);
  if (out_key_id != NULL)
    *out_key_id = format_key_id (key->id);
  return TRUE;
}

gboolean
avs_minisign_key_id_is_retired (const char *key_id)
{
  g_return_val_if_fail (key_id != NULL, FALSE);

  for (guint i = 0; avs_catalog_retired_key_ids[i] != NULL; i++)
    if (g_ascii_strcasecmp (avs_catalog_retired_key_ids[i], key_id) == 0)
      return TRUE;
  return FALSE;
}
