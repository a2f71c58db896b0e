/* avs-catalog-store.h — the catalog in use: bundled, cached or fresh from the network
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store always has a catalog: the signed copy bundled in the program, or a newer verified
 * copy saved in the cache ($XDG_CACHE_HOME/avswitch/catalog), or one just downloaded. A refresh
 * downloads the feed over HTTPS with libsoup, checks it (signature over the raw bytes, JSON,
 * schema, serial, dates) and only then replaces the copy in use; whatever goes wrong, the last
 * good copy stays. The URL is a parameter: the core never reads GSettings.
 */

#pragma once

#include <gio/gio.h>

#include "avs-catalog.h"

G_BEGIN_DECLS

typedef enum
{
  AVS_CATALOG_SOURCE_BUNDLED,   /* shipped inside the program */
  AVS_CATALOG_SOURCE_CACHE,     /* downloaded earlier, saved and verified again when loaded */
  AVS_CATALOG_SOURCE_NETWORK,   /* downloaded during this run */
} AvsCatalogSource;

typedef enum
{
  AVS_CATALOG_REFRESH_UPDATED,     /* a newer catalog is now in use */
  AVS_CATALOG_REFRESH_UP_TO_DATE,  /* the server has nothing newer (304, or the same serial) */
  AVS_CATALOG_REFRESH_NOT_DUE,     /* not asked for, and checked less than a day ago or backing off */
} AvsCatalogRefresh;

/* At most one automatic refresh a day. */
#define AVS_CATALOG_REFRESH_INTERVAL (24 * G_TIME_SPAN_HOUR)

#define AVS_TYPE_CATALOG_STORE (avs_catalog_store_get_type ())
G_DECLARE_FINAL_TYPE (AvsCatalogStore, avs_catalog_store, AVS, CATALOG_STORE, GObject)

/* The feed's address, decided the same way by the window and the command line: @option (the
 * command line's --url / --catalog-url) when given, else the "catalog-url" setting when the
 * settings schema is installed and the key is not empty, else the build's default
 * (meson option catalog_url). */
char             *avs_catalog_store_configured_url   (const char       *option);

/* @url: the feed, usually avs_catalog_store_configured_url().
 * Trusts only the keys compiled into the program; caches in the user's cache folder. */
AvsCatalogStore  *avs_catalog_store_new              (const char       *url);

/* Loads the bundled copy and the cached one, and keeps the newer that verifies. Fails only if
 * the bundled copy itself is broken (a damaged installation). A cached copy that does not verify
 * is removed, and avs_catalog_store_get_load_warning() says so. */
gboolean          avs_catalog_store_load             (AvsCatalogStore  *self,
                                                      GError          **error);

const char       *avs_catalog_store_get_url          (AvsCatalogStore  *self);
AvsCatalog       *avs_catalog_store_get_catalog      (AvsCatalogStore  *self);
AvsCatalogSource  avs_catalog_store_get_source       (AvsCatalogStore  *self);
/* When the server was last reached successfully (200 or 304); NULL if never. */
GDateTime        *avs_catalog_store_get_last_checked (AvsCatalogStore  *self);
/* Something worth telling about the last load (a damaged cache), or NULL. */
const char       *avs_catalog_store_get_load_warning (AvsCatalogStore  *self);
/* Bytes of response body received by the last refresh (0 after a 304). */
guint64           avs_catalog_store_get_last_transfer_size (AvsCatalogStore *self);

/* One or two translated sentences: which catalog is in use, where it came from, how old it is,
 * and whether it has expired. */
char             *avs_catalog_store_describe         (AvsCatalogStore  *self);

/* Downloads the feed if due (or always if @force), and returns what happened with a translated
 * message in @out_message. Errors are in AVS_CATALOG_ERROR (or G_IO_ERROR_CANCELLED); the
 * catalog in use is then unchanged. */
void              avs_catalog_store_refresh_async    (AvsCatalogStore     *self,
                                                      gboolean             force,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean          avs_catalog_store_refresh_finish   (AvsCatalogStore     *self,
                                                      GAsyncResult        *result,
                                                      AvsCatalogRefresh   *out_refresh,
                                                      char               **out_message,
                                                      GError             **error);

const char       *avs_catalog_source_to_string       (AvsCatalogSource     source);
/* "just now", "5 minutes ago", "3 days ago" (translated). */
char             *avs_catalog_format_age             (GDateTime           *then,
                                                      GDateTime           *now);

G_END_DECLS
