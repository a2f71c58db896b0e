/* avs-json.h — reading JSON as json-glib trees, safely
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two tree types, one reader. Every JSON text this program reads is checked by the strict
 * reader (avs-json-reader.h) first; json-glib's own parser never sees it. What differs is the
 * tree the caller gets:
 *
 *  - this header gives a json-glib JsonNode tree, with the avs_json_get_*() accessors. Use it
 *    for the documents the program also writes with JsonBuilder and reads back: scan documents
 *    (avs-scan-result), saved removal state (avs-executor-state), plans, the detection rules,
 *    browser files read by the scanner. They are small, and one tree type for writing and
 *    reading keeps each of those modules simple;
 *  - avs-json-reader.h gives the reader's own compact, read-only AvsJsonValue tree, with the
 *    avs_json_value_get_*() accessors. Use it for large read-only documents where memory and
 *    time count: the signed catalog (avs-catalog*), which is read on every start and may be a
 *    megabyte.
 *
 * Both sets of accessors report schema errors the same way (AVS_JSON_ERROR_SCHEMA, with the
 * JSON path), so a loader reads alike whichever tree it walks.
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define AVS_JSON_ERROR (avs_json_error_quark ())

typedef enum
{
  AVS_JSON_ERROR_TOO_LARGE,
  AVS_JSON_ERROR_TOO_DEEP,
  AVS_JSON_ERROR_SYNTAX,
  AVS_JSON_ERROR_NOT_AN_OBJECT,
  AVS_JSON_ERROR_SCHEMA,
} AvsJsonError;

/* Limits for documents the program reads: catalog, rules, saved scans and reports. */
#define AVS_JSON_DEFAULT_MAX_SIZE  (4 * 1024 * 1024)
#define AVS_JSON_DEFAULT_MAX_DEPTH 64

GQuark    avs_json_error_quark     (void);

/* json-glib 1.6 has no nesting limit (deep input overflows the stack) and no strict mode (it
 * reads comments, single-quoted strings and JavaScript assignments), so every JSON document
 * goes through here and json-glib's parser never sees the text: the strict reader
 * (avs-json-reader.h) checks size, depth, UTF-8 and RFC 8259 grammar with a single object at
 * the root, and its tree is copied into a sealed JsonNode tree. A leading UTF-8 byte-order mark
 * is skipped. @source names the document in error messages (a file name or a URL). Returns
 * the root object node. */
JsonNode *avs_json_parse_bytes     (GBytes       *bytes,
                                    const char   *source,
                                    gsize         max_size,
                                    guint         max_depth,
                                    GError      **error);
JsonNode *avs_json_parse_data      (const char   *data,
                                    gsize         length,
                                    const char   *source,
                                    GError      **error);
JsonNode *avs_json_parse_file      (const char   *path,
                                    GError      **error);

/* Writes @root as JSON text (indented by two when @pretty) that this program's own strict
 * reader accepts back, whatever it holds. Every JSON document the program writes goes through
 * here. json-glib 1.6 writes U+001F raw, copies bytes that are not UTF-8 as they are, and
 * prints a large double as "3e+83.0"; the reader (rightly) refuses all three. So U+001F
 * becomes an escape, each invalid byte U+FFFD, and the stray ".0" goes. A value read from the
 * machine (a file name, an os-release field) is shown, never trusted, so the replacement loses
 * nothing that a command could use. */
char     *avs_json_node_to_data    (JsonNode     *root,
                                    gboolean      pretty,
                                    gsize        *length);

/* Schema helpers for strict loaders: they set AVS_JSON_ERROR_SCHEMA with the JSON path. */
gboolean  avs_json_check_members   (JsonObject          *object,
                                    const char          *path,
                                    const char * const  *allowed,
                                    GError             **error);
/* A member that may be absent, null or a string: *out_value is NULL for the first two. */
gboolean  avs_json_get_nullable_string (JsonObject   *object,
                                        const char   *path,
                                        const char   *member,
                                        const char  **out_value,
                                        GError      **error);
/* A member that may be absent, null or an ISO 8601 date and time: *out_value is NULL for the
 * first two, a new GDateTime otherwise. */
gboolean  avs_json_get_nullable_time (JsonObject   *object,
                                      const char   *path,
                                      const char   *member,
                                      GDateTime   **out_value,
                                      GError      **error);
gboolean  avs_json_get_string      (JsonObject   *object,
                                    const char   *path,
                                    const char   *member,
                                    gboolean      required,
                                    const char  **out_value,
                                    GError      **error);
gboolean  avs_json_get_int         (JsonObject   *object,
                                    const char   *path,
                                    const char   *member,
                                    gboolean      required,
                                    gint64       *out_value,
                                    GError      **error);
gboolean  avs_json_get_bool        (JsonObject   *object,
                                    const char   *path,
                                    const char   *member,
                                    gboolean      required,
                                    gboolean     *out_value,
                                    GError      **error);
gboolean  avs_json_get_array       (JsonObject   *object,
                                    const char   *path,
                                    const char   *member,
                                    gboolean      required,
                                    JsonArray   **out_value,
                                    GError      **error);
gboolean  avs_json_get_object      (JsonObject   *object,
                                    const char   *path,
                                    const char   *member,
                                    gboolean      required,
                                    JsonObject  **out_value,
                                    GError      **error);
/* An array whose every element is a string; returns a NULL-terminated vector (maybe empty). */
gboolean  avs_json_get_strv        (JsonObject   *object,
                                    const char   *path,
                                    const char   *member,
                                    gboolean      required,
                                    char       ***out_value,
                                    GError      **error);

/* Writes @member as @value, or as null when @value is NULL (the documents' "unknown"). */
void      avs_json_builder_add_string_member (JsonBuilder  *builder,
                                              const char   *member,
                                              const char   *value);

G_END_DECLS
