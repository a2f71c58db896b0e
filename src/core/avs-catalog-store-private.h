/* avs-catalog-store-private.h — what only the tests and benchmarks may change
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The program itself uses avs_catalog_store_new(): the compiled-in keys, the bundled copy from
 * the GResource, the system's certificate store and the real timeouts. Tests sign with
 * throwaway keys, serve over TLS with a certificate authority they make, and use short timeouts.
 * There is deliberately no way to accept an untrusted certificate.
 */

#pragma once

#include "avs-catalog-store.h"

G_BEGIN_DECLS

/* @trusted_keys: element type AvsMinisignKey. @bundled_json and @bundled_signature replace the
 * copy in the GResource. @cache_dir replaces $XDG_CACHE_HOME/avswitch/catalog. */
AvsCatalogStore *avs_catalog_store_new_full          (const char      *url,
                                                      GPtrArray       *trusted_keys,
                                                      GBytes          *bundled_json,
                                                      GBytes          *bundled_signature,
                                                      const char      *cache_dir);
/* The certificate authorities trusted for HTTPS instead of the system's. */
void             avs_catalog_store_set_tls_database  (AvsCatalogStore *self,
                                                      GTlsDatabase    *database);
/* @io_timeout: seconds a connection may stay silent; @deadline_ms: the whole refresh. */
void             avs_catalog_store_set_timeouts      (AvsCatalogStore *self,
                                                      guint            io_timeout,
                                                      guint            deadline_ms);

G_END_DECLS
