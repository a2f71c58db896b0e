/* avs-catalog.h — the signed catalog of alternatives: one verified, validated document
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * {"schema": 1, "serial": N, "generated": "…Z", "expires": "…Z", "notes": […], "products": […]}
 * with a detached minisign signature; the format is documented in docs/catalog.md. The
 * signature is checked over the raw bytes before anything in them is parsed.
 */

#pragma once

#include "avs-catalog-product.h"

G_BEGIN_DECLS

#define AVS_CATALOG_SCHEMA 1
/* The largest catalog (and signature) accepted from anywhere: network, cache or resource. */
#define AVS_CATALOG_MAX_SIZE (2 * 1024 * 1024)
/* How far in the future "generated" may lie before the catalog is refused (clock skew). */
#define AVS_CATALOG_MAX_FUTURE_SECONDS (10 * 60)

#define AVS_CATALOG_ERROR (avs_catalog_error_quark ())

/* Every outcome of loading or refreshing that is not a success. */
typedef enum
{
  AVS_CATALOG_ERROR_OFFLINE,            /* the server could not be reached */
  AVS_CATALOG_ERROR_TIMED_OUT,          /* no answer in time, or too slow overall */
  AVS_CATALOG_ERROR_HTTP,               /* the server answered with an error status */
  AVS_CATALOG_ERROR_TOO_LARGE,          /* more than AVS_CATALOG_MAX_SIZE */
  AVS_CATALOG_ERROR_TRUNCATED,          /* the connection ended before the whole file came */
  AVS_CATALOG_ERROR_INSECURE,           /* not HTTPS, or redirected to plain HTTP */
  AVS_CATALOG_ERROR_TLS,                /* the secure connection failed (certificate…) */
  AVS_CATALOG_ERROR_UNTRUSTED,          /* unknown key, bad or malformed signature */
  AVS_CATALOG_ERROR_MALFORMED,          /* invalid JSON or schema violation */
  AVS_CATALOG_ERROR_UNSUPPORTED_SCHEMA, /* a newer format than this program reads */
  AVS_CATALOG_ERROR_ROLLBACK,           /* older than the copy in hand */
  AVS_CATALOG_ERROR_EXPIRED,            /* its "expires" has passed */
  AVS_CATALOG_ERROR_FROM_THE_FUTURE,    /* its "generated" lies in the future */
  AVS_CATALOG_ERROR_BACKING_OFF,        /* waiting after errors, or as the server asked */
  AVS_CATALOG_ERROR_FAILED,             /* anything else (a local file could not be read…) */
} AvsCatalogError;

/* A note about the whole catalog, such as "no current independent Linux tests". */
typedef struct
{
  char  *id;
  char  *text;
  char **sources;
} AvsCatalogNote;

#define AVS_TYPE_CATALOG (avs_catalog_get_type ())
G_DECLARE_FINAL_TYPE (AvsCatalog, avs_catalog, AVS, CATALOG, GObject)

GQuark             avs_catalog_error_quark      (void);

/* Verifies @signature over the raw @json bytes against @trusted_keys (element type
 * AvsMinisignKey), then parses and validates. @source names the copy in messages (a URL, a
 * file, "the bundled catalog"). Times are not checked here: see avs_catalog_check_times(). */
AvsCatalog        *avs_catalog_new_from_signed  (GBytes        *json,
                                                 GBytes        *signature,
                                                 GPtrArray     *trusted_keys,
                                                 const char    *source,
                                                 GError       **error);

gint64             avs_catalog_get_schema       (AvsCatalog    *self);
gint64             avs_catalog_get_serial       (AvsCatalog    *self);
GDateTime         *avs_catalog_get_generated    (AvsCatalog    *self);
GDateTime         *avs_catalog_get_expires      (AvsCatalog    *self);
/* Element type AvsCatalogProduct, in catalog order. */
GPtrArray         *avs_catalog_get_products     (AvsCatalog    *self);
AvsCatalogProduct *avs_catalog_find_product     (AvsCatalog    *self,
                                                 const char    *id);
/* Element type AvsCatalogNote. */
GPtrArray         *avs_catalog_get_notes        (AvsCatalog    *self);
/* The exact bytes that were verified, and their signature (what the cache stores). */
GBytes            *avs_catalog_get_bytes        (AvsCatalog    *self);
GBytes            *avs_catalog_get_signature    (AvsCatalog    *self);
const char        *avs_catalog_get_trusted_comment (AvsCatalog *self);
const char        *avs_catalog_get_key_id       (AvsCatalog    *self);
/* The verified document parsed again, for `--json` output and reports: the model does not keep
 * json-glib's tree, which costs about ten times the size of the file. */
JsonNode          *avs_catalog_dup_json         (AvsCatalog    *self);
gboolean           avs_catalog_is_expired       (AvsCatalog    *self,
                                                 GDateTime     *now);

/* The checks for a copy that is about to replace another: "generated" not in the future (beyond
 * AVS_CATALOG_MAX_FUTURE_SECONDS) and "expires" not passed. */
gboolean           avs_catalog_check_times      (AvsCatalog    *self,
                                                 GDateTime     *now,
                                                 const char    *source,
                                                 GError       **error);

G_END_DECLS
