/* avs-catalog-product.h — one entry of the catalog of alternatives
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Immutable, built only by the strict catalog parser (docs/catalog.md). Texts are in the user's
 * language when the catalog has it, else in English (chosen when the catalog is loaded). Facts the curators could not verify
 * are "unknown" (AVS_TRISTATE_UNKNOWN, NULL, or the _UNKNOWN value of an enum), never guessed.
 */

#pragma once

#include "avs-json-reader.h"

G_BEGIN_DECLS

typedef enum
{
  AVS_TRISTATE_UNKNOWN = -1,
  AVS_TRISTATE_NO = 0,
  AVS_TRISTATE_YES = 1,
} AvsTristate;

typedef enum
{
  AVS_PRODUCT_KIND_PRODUCT,    /* something to install */
  AVS_PRODUCT_KIND_BUILT_IN,   /* part of another operating system (Windows, macOS) */
  AVS_PRODUCT_KIND_ADVICE,     /* "keep the system updated; no third-party antivirus" */
} AvsProductKind;

typedef enum
{
  AVS_AUDIENCE_NONE = 0,
  AVS_AUDIENCE_HOME = 1 << 0,
  AVS_AUDIENCE_BUSINESS = 1 << 1,
  AVS_AUDIENCE_SERVER = 1 << 2,
} AvsAudience;

typedef enum
{
  AVS_PRICE_UNKNOWN,
  AVS_PRICE_FREE,
  AVS_PRICE_PAID,
  AVS_PRICE_INCLUDED,          /* included with the operating system */
} AvsPrice;

typedef enum
{
  AVS_CONSOLE_UNKNOWN,
  AVS_CONSOLE_NONE,
  AVS_CONSOLE_OPTIONAL,
  AVS_CONSOLE_REQUIRED,
} AvsConsole;

typedef enum
{
  AVS_PRODUCT_STATUS_ACTIVE,
  AVS_PRODUCT_STATUS_UNMAINTAINED,
  AVS_PRODUCT_STATUS_DISCONTINUED,
  AVS_PRODUCT_STATUS_UNCLEAR,
} AvsProductStatus;

/* A warning attached to a product. Kinds: "jurisdiction", "unmaintained", "discontinued",
 * "status-unclear", "licence", "conflict", "kernel", "not-verified", "other". */
typedef struct
{
  char  *kind;
  char  *text;      /* in the user's language, else English */
  char **sources;   /* URLs, maybe empty */
} AvsCatalogCaveat;

/* An independent lab result. */
typedef struct
{
  char *lab;
  int   year;
  char *text;
  char *source;
} AvsCatalogLabTest;

#define AVS_TYPE_CATALOG_PRODUCT (avs_catalog_product_get_type ())
G_DECLARE_FINAL_TYPE (AvsCatalogProduct, avs_catalog_product, AVS, CATALOG_PRODUCT, GObject)

/* Validates @object strictly; @path is its JSON path for messages ("$.products[3]");
 * @languages are the user's (g_get_language_names()), for the texts. */
AvsCatalogProduct  *avs_catalog_product_new_from_json       (const AvsJsonValue *object,
                                                             const char         *path,
                                                             const char * const *languages,
                                                             GError            **error);

const char         *avs_catalog_product_get_id              (AvsCatalogProduct  *self);
AvsProductKind      avs_catalog_product_get_kind            (AvsCatalogProduct  *self);
/* In the user's language when the catalog translates it (a name made of words, such as the
 * advice entry's), else as the catalog has it: a product's own name is not translated. */
const char         *avs_catalog_product_get_name            (AvsCatalogProduct  *self);
const char         *avs_catalog_product_get_vendor          (AvsCatalogProduct  *self);
/* ISO 3166-1 alpha-2 codes of the vendor's headquarters; empty when not sourced. */
const char * const *avs_catalog_product_get_vendor_countries (AvsCatalogProduct *self);
const char         *avs_catalog_product_get_licence         (AvsCatalogProduct  *self);
const char         *avs_catalog_product_get_spdx            (AvsCatalogProduct  *self);
/* The licence as a person should read it: the SPDX identifier when the product has one, the
 * translated word for "proprietary", else the catalog's own text; NULL when unknown. The window
 * and `avswitch catalog` show this; the JSON output keeps the raw "licence" and "spdx". */
const char         *avs_catalog_product_describe_licence    (AvsCatalogProduct  *self);
AvsTristate         avs_catalog_product_get_open_source     (AvsCatalogProduct  *self);
AvsPrice            avs_catalog_product_get_price           (AvsCatalogProduct  *self);
AvsAudience         avs_catalog_product_get_audiences       (AvsCatalogProduct  *self);
/* "linux", "windows", "macos", "bsd". */
const char * const *avs_catalog_product_get_platforms       (AvsCatalogProduct  *self);
gboolean            avs_catalog_product_runs_on_linux       (AvsCatalogProduct  *self);
/* os-release ids the vendor supports, or NULL when the list is not verified. */
const char * const *avs_catalog_product_get_distributions   (AvsCatalogProduct  *self);
AvsTristate         avs_catalog_product_get_on_access       (AvsCatalogProduct  *self);
/* "fanotify", "kernel-module", "ebpf"; maybe empty. */
const char * const *avs_catalog_product_get_on_access_mechanisms (AvsCatalogProduct *self);
const char         *avs_catalog_product_get_on_access_note  (AvsCatalogProduct  *self);
AvsConsole          avs_catalog_product_get_console         (AvsCatalogProduct  *self);
const char         *avs_catalog_product_get_flathub_id      (AvsCatalogProduct  *self);
/* @tool: "apt", "dnf", "zypper" or "pacman"; returns an empty vector when there are none. */
const char * const *avs_catalog_product_get_packages        (AvsCatalogProduct  *self,
                                                             const char         *tool);
const char         *avs_catalog_product_get_repository      (AvsCatalogProduct  *self);
const char         *avs_catalog_product_get_download_url    (AvsCatalogProduct  *self);
const char         *avs_catalog_product_get_install_note    (AvsCatalogProduct  *self);
const char         *avs_catalog_product_get_homepage        (AvsCatalogProduct  *self);
const char         *avs_catalog_product_get_documentation   (AvsCatalogProduct  *self);
AvsProductStatus    avs_catalog_product_get_status          (AvsCatalogProduct  *self);
const char         *avs_catalog_product_get_description     (AvsCatalogProduct  *self);
/* Element type AvsCatalogCaveat / AvsCatalogLabTest. */
GPtrArray          *avs_catalog_product_get_caveats         (AvsCatalogProduct  *self);
GPtrArray          *avs_catalog_product_get_tests           (AvsCatalogProduct  *self);
gboolean            avs_catalog_product_has_caveat          (AvsCatalogProduct  *self,
                                                             const char         *kind);
const char * const *avs_catalog_product_get_sources         (AvsCatalogProduct  *self);
/* "YYYY-MM-DD". */
const char         *avs_catalog_product_get_reviewed        (AvsCatalogProduct  *self);
/* The review date in the language's own form ("28 November 2026"), or NULL when none. */
char               *avs_catalog_product_format_reviewed     (AvsCatalogProduct  *self);

/* Same jurisdiction concern as Kaspersky: a "jurisdiction" caveat, or a vendor in Russia —
 * the code checks the country too, so a feed cannot hide the concern by leaving the caveat out. */
gboolean            avs_catalog_product_has_jurisdiction_concern (AvsCatalogProduct *self);

const char         *avs_product_kind_to_string              (AvsProductKind      kind);
const char         *avs_price_to_string                     (AvsPrice            price);
const char         *avs_console_to_string                   (AvsConsole          console);
const char         *avs_product_status_to_string            (AvsProductStatus    status);

G_END_DECLS
