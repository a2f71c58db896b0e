/* avs-test-catalog.h — helpers for the catalog tests: throwaway minisign keys, signed catalogs
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *secret_path;
  char *public_path;
  char *public_text;   /* the base64 line */
} AvsTestKey;

/* Called from main() before any test of a program whose every test signs with minisign: when
 * minisign is not installed (the GNOME SDK has none), reports the whole program as skipped with
 * the reason (TAP "1..0 # SKIP") and exits. */
void        avs_test_require_minisign (void);

/* Makes a key pair with the real `minisign -G -W` in @dir. */
AvsTestKey *avs_test_key_new      (const char  *dir,
                                   const char  *name);
void        avs_test_key_free     (AvsTestKey  *key);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AvsTestKey, avs_test_key_free)

/* Signs @path with the real `minisign -S` (legacy form with @legacy) and returns the contents
 * of the .minisig file. */
GBytes     *avs_test_sign_file    (AvsTestKey  *key,
                                   const char  *path,
                                   gboolean     legacy);
/* Writes @data to DIR/NAME, signs it, and returns the signature. */
GBytes     *avs_test_sign_bytes   (AvsTestKey  *key,
                                   const char  *dir,
                                   const char  *name,
                                   GBytes      *data);
/* A trusted-key array (element type AvsMinisignKey) holding the given keys. */
GPtrArray  *avs_test_key_array    (AvsTestKey  *first,
                                   ...) G_GNUC_NULL_TERMINATED;

/* A minimal valid catalog with @serial, generated @generated_offset seconds from now, expiring
 * @expires_offset seconds from now, with @n_products products. */
GBytes     *avs_test_catalog_json (gint64       serial,
                                   gint64       generated_offset,
                                   gint64       expires_offset,
                                   guint        n_products);

G_END_DECLS
