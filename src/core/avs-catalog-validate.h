/* avs-catalog-validate.h — strict checks for the values a catalog may hold (internal)
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The catalog is data, never code: it may name a package, a Flatpak app id or a web page, and
 * each must match a strict pattern, so that nothing in it can reach a command line or a terminal
 * as anything but a plain name.
 */

#pragma once

#include "avs-json-reader.h"

G_BEGIN_DECLS

typedef gboolean (*AvsCatalogStringCheck) (const char *value);

gboolean avs_catalog_check_id            (const char *value);  /* [a-z0-9][a-z0-9-]*, ≤ 64 */
gboolean avs_catalog_check_name          (const char *value);  /* printable text, ≤ 200 */
gboolean avs_catalog_check_text          (const char *value);  /* printable text, ≤ 4000 */
gboolean avs_catalog_check_country       (const char *value);  /* ISO 3166-1 alpha-2 */
gboolean avs_catalog_check_spdx          (const char *value);
gboolean avs_catalog_check_audience      (const char *value);
gboolean avs_catalog_check_platform      (const char *value);
gboolean avs_catalog_check_mechanism     (const char *value);
gboolean avs_catalog_check_os_id         (const char *value);  /* os-release ID */
gboolean avs_catalog_check_deb_package   (const char *value);  /* Debian policy names (also pacman) */
gboolean avs_catalog_check_rpm_package   (const char *value);
gboolean avs_catalog_check_flathub_id    (const char *value);
gboolean avs_catalog_check_https_url     (const char *value);
gboolean avs_catalog_check_source_url    (const char *value);  /* http or https */
gboolean avs_catalog_check_date          (const char *value);  /* YYYY-MM-DD */
gboolean avs_catalog_check_language      (const char *value);  /* "en", "de_AT", "sr@latin" */

/* Sets AVS_JSON_ERROR_SCHEMA and returns FALSE. */
gboolean avs_catalog_schema_error        (GError     **error,
                                          const char  *format,
                                          ...) G_GNUC_PRINTF (2, 3);

/* TRUE when @member is present and null. */
gboolean avs_catalog_member_is_null      (const AvsJsonValue  *object,
                                          const char          *member);

/* A required key whose value must pass @check; null allowed when @nullable (out = NULL). */
gboolean avs_catalog_get_checked_string  (const AvsJsonValue     *object,
                                          const char             *path,
                                          const char             *member,
                                          gboolean                nullable,
                                          AvsCatalogStringCheck   check,
                                          char                  **out,
                                          GError                **error);

/* A {language: text} object with "en" required; every entry is checked, and the text for the
 * user's @languages (g_get_language_names(), looked up once per catalog), else English, is
 * returned. Null allowed when @nullable (out = NULL). */
gboolean avs_catalog_get_texts           (const AvsJsonValue  *object,
                                          const char          *path,
                                          const char          *member,
                                          gboolean             nullable,
                                          const char * const  *languages,
                                          char               **out,
                                          GError             **error);

/* A name (≤ 200 characters, one line): either a plain string, the same in every language (a
 * product's name), or a {language: text} object as for avs_catalog_get_texts(), each text
 * checked as a name (a name made of words, such as the advice entry's). Required. */
gboolean avs_catalog_get_name            (const AvsJsonValue  *object,
                                          const char          *path,
                                          const char          *member,
                                          const char * const  *languages,
                                          char               **out,
                                          GError             **error);

/* RFC 3339 UTC time "YYYY-MM-DDTHH:MM:SSZ". */
gboolean avs_catalog_get_time            (const AvsJsonValue *object,
                                          const char   *path,
                                          const char   *member,
                                          GDateTime   **out,
                                          GError      **error);

G_END_DECLS
