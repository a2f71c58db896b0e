/* fuzz-sign.c — see fuzz-sign.h
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "avs-minisign.h"
#include "fuzz-sign.h"
#include "fuzz.h"

static const guint8 key_id[8] = { 0x46, 0x55, 0x5a, 0x5a, 0x4b, 0x45, 0x59, 0x31 };
static guint8 pk[crypto_sign_PUBLICKEYBYTES];
static guint8 sk[crypto_sign_SECRETKEYBYTES];

static void
make_key (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      guint8 seed[crypto_sign_SEEDBYTES];

      if (sodium_init () < 0)
        fuzz_fail (G_STRLOC, "sodium_init");
      memset (seed, 0x5a, sizeof seed);
      crypto_sign_seed_keypair (pk, sk, seed);
      g_once_init_leave (&done, 1);
    }
}

GPtrArray *
fuzz_sign_trusted_keys (void)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_minisign_key_free);
  guint8 blob[2 + sizeof key_id + sizeof pk];
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  AvsMinisignKey *key;

  make_key ();
  memcpy (blob, "Ed", 2);
  memcpy (blob + 2, key_id, sizeof key_id);
  memcpy (blob + 2 + sizeof key_id, pk, sizeof pk);
  text = g_base64_encode (blob, sizeof blob);
  key = avs_minisign_key_new (text, &error);
  if (key == NULL)
    fuzz_fail (G_STRLOC, error->message);
  g_ptr_array_add (keys, key);
  return keys;
}

GBytes *
fuzz_sign (GBytes *data)
{
  static const char comment[] = "timestamp:1764000000\tfile:alternatives.json\thashed";
  guint8 hash[crypto_generichash_BYTES_MAX];
  guint8 blob[2 + sizeof key_id + crypto_sign_BYTES];
  guint8 global_message[crypto_sign_BYTES + sizeof comment - 1];
  guint8 global_sig[crypto_sign_BYTES];
  g_autofree char *sig_text = NULL;
  g_autofree char *global_text = NULL;
  gsize length = 0;
  const guint8 *bytes = g_bytes_get_data (data, &length);
  char *file;

  make_key ();
  crypto_generichash (hash, sizeof hash, bytes, length, NULL, 0);
  memcpy (blob, "ED", 2);
  memcpy (blob + 2, key_id, sizeof key_id);
  crypto_sign_detached (blob + 2 + sizeof key_id, NULL, hash, sizeof hash, sk);
  memcpy (global_message, blob + 2 + sizeof key_id, crypto_sign_BYTES);
  memcpy (global_message + crypto_sign_BYTES, comment, sizeof comment - 1);
  crypto_sign_detached (global_sig, NULL, global_message, sizeof global_message, sk);
  sig_text = g_base64_encode (blob, sizeof blob);
  global_text = g_base64_encode (global_sig, sizeof global_sig);
  file = g_strdup_printf ("untrusted comment: signature from the fuzz key\n%s\ntrusted comment: %s\n%s\n",
                          sig_text, comment, global_text);
  return g_bytes_new_take (file, strlen (file));
}
