/* fuzz-signature.c — minisign public keys and .minisig files (avs-minisign.c)
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte chooses: even, the input is a signature file over fixed data checked against
 * the fuzz key and the compiled-in keys; odd, the rest is a public key.
 */

#include "config.h"

#include "avs-minisign.h"
#include "fuzz-sign.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static GPtrArray *keys;
  static GBytes *message;
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  if (keys == NULL)
    {
      g_autoptr(GPtrArray) compiled = avs_minisign_dup_catalog_keys ();

      keys = fuzz_sign_trusted_keys ();
      for (guint i = 0; i < compiled->len; i++)
        g_ptr_array_add (keys, g_ptr_array_steal_index (compiled, i--));
      message = g_bytes_new_static ("{\"schema\": 1}\n", 14);
    }
  if (size == 0)
    return 0;

  if (data[0] % 2 == 0)
    {
      g_autoptr(GBytes) signature = g_bytes_new (data + 1, size - 1);
      g_autofree char *comment = NULL;
      g_autofree char *key_id = NULL;
      gboolean ok = avs_minisign_verify (message, signature, keys, &comment, &key_id, &error);

      FUZZ_CHECK (ok == (error == NULL), "a result or an error, never both");
      /* Nobody holds a compiled-in secret key: whatever is accepted was signed by the fuzz
       * key over these exact bytes (fuzz_sign() made the seed). */
      if (ok)
        FUZZ_CHECK (g_strcmp0 (key_id, "46555A5A4B455931") == 0, "accepted a forged signature");
    }
  else
    {
      g_autofree char *text = fuzz_strndup (data + 1, size - 1);
      g_autoptr(AvsMinisignKey) key = avs_minisign_key_new (text, &error);

      FUZZ_CHECK ((key == NULL) == (error != NULL), "a result or an error, never both");
      if (key != NULL)
        {
          g_autofree char *id = avs_minisign_key_dup_id (key);
          FUZZ_CHECK (strlen (id) == 16, "a key id that is not 16 hex digits");
        }
    }
  return 0;
}
