/* avs-minisign.h — verify minisign (Ed25519) signatures with libsodium
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format is the one of the standard `minisign` tool (https://jedisct1.github.io/minisign/):
 * a public key is base64 of "Ed" || key id (8 bytes) || Ed25519 key (32 bytes); a signature file
 * holds an untrusted comment line, base64 of algorithm (2) || key id (8) || signature (64), a
 * "trusted comment:" line, and base64 of a global signature over signature || trusted comment.
 * Both the prehashed form "ED" (BLAKE2b-512 of the file) and the legacy form "Ed" are accepted.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AVS_MINISIGN_ERROR (avs_minisign_error_quark ())

typedef enum
{
  AVS_MINISIGN_ERROR_MALFORMED_KEY,        /* a public key that is not a minisign Ed25519 key */
  AVS_MINISIGN_ERROR_MALFORMED_SIGNATURE,  /* a signature file that does not follow the format */
  AVS_MINISIGN_ERROR_UNKNOWN_KEY,          /* signed by a key that is not trusted */
  AVS_MINISIGN_ERROR_BAD_SIGNATURE,        /* the data or the trusted comment were altered */
  AVS_MINISIGN_ERROR_CRYPTO,               /* libsodium could not start */
  AVS_MINISIGN_ERROR_RETIRED_KEY,          /* signed by a key that was retired (lost or leaked) */
} AvsMinisignError;

#define AVS_MINISIGN_KEY_ID_SIZE 8
#define AVS_MINISIGN_MAX_SIGNATURE_FILE (16 * 1024)

typedef struct _AvsMinisignKey AvsMinisignKey;

GQuark          avs_minisign_error_quark   (void);

/* Accepts either the bare base64 line or the whole .pub file (with its untrusted comment). */
AvsMinisignKey *avs_minisign_key_new       (const char            *text,
                                            GError               **error);
void            avs_minisign_key_free      (AvsMinisignKey        *key);
/* The key id as minisign prints it: 16 upper-case hex digits. */
char           *avs_minisign_key_dup_id    (const AvsMinisignKey  *key);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AvsMinisignKey, avs_minisign_key_free)

/* A new array (element type AvsMinisignKey) of the keys compiled into the program that sign the
 * catalog. Several may be trusted at once, so a key can be rotated. */
GPtrArray      *avs_minisign_dup_catalog_keys (void);

/* Whether @key_id (16 hex digits, as minisign prints it) is on the compiled-in list of retired
 * catalog keys (avs-catalog-keys.h). */
gboolean        avs_minisign_key_id_is_retired (const char        *key_id);

/* Verifies @signature (the contents of a .minisig file) over the raw @data against @trusted_keys
 * (element type AvsMinisignKey). A signature by a retired key id is refused
 * (AVS_MINISIGN_ERROR_RETIRED_KEY) before anything is verified, even if @trusted_keys holds a
 * key with that id. On success, returns TRUE and, if asked, the trusted comment and
 * the id of the key that signed. Nothing in @data is interpreted. */
gboolean        avs_minisign_verify        (GBytes                *data,
                                            GBytes                *signature,
                                            GPtrArray             *trusted_keys,
                                            char                 **out_trusted_comment,
                                            char                 **out_key_id,
                                            GError               **error);

G_END_DECLS
