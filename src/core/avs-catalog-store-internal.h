/* avs-catalog-store-internal.h — what the catalog store's two files share
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store is one object in two files, along the seam between what is on this machine and
 * what comes over the network:
 * - avs-catalog-store.c: the object, the bundled copy, the cache and catalog-state.ini, loading,
 *   the getters and messages;
 * - avs-catalog-fetch.c: the refresh over HTTPS (libsoup): the request, ETag/Last-Modified and
 *   304, the size caps, redirects, the deadline, back-off and Retry-After.
 * Nothing outside these files includes this header; the tests use avs-catalog-store-private.h.
 */

#pragma once

#include <libsoup/soup.h>

#include "avs-catalog-store.h"

G_BEGIN_DECLS

#define CACHE_JSON "alternatives.json"
#define CACHE_SIG  "alternatives.json.minisig"

struct _AvsCatalogStore
{
  GObject           parent_instance;

  char             *url;
  GPtrArray        *keys;
  GBytes           *bundled_json;
  GBytes           *bundled_sig;
  char             *cache_dir;
  GTlsDatabase     *tls_database;
  guint             io_timeout;
  guint             deadline_ms;

  AvsCatalog       *catalog;
  AvsCatalogSource  source;
  char             *load_warning;
  SoupSession      *session;
  gboolean          refreshing;
  guint64           last_transfer;

  /* Persisted state. */
  char             *etag;
  char             *last_modified;
  gint64            etag_serial;
  GDateTime        *last_checked;
  GDateTime        *not_before;       /* back-off after errors */
  GDateTime        *retry_after;      /* what the server asked for */
  gint64            failures;
};

/* Tells the UI that another catalog is now in use. */
void  _avs_catalog_store_changed            (AvsCatalogStore *self);
char *_avs_catalog_store_cache_file         (AvsCatalogStore *self,
                                             const char      *name);
/* Writes catalog-state.ini: the validators, the last check and the back-off. */
void  _avs_catalog_store_save_state         (AvsCatalogStore *self);
void  _avs_catalog_store_forget_validators  (AvsCatalogStore *self);

G_END_DECLS
