/* avs-json-reader.h — a strict, allocation-light JSON reader for large signed documents
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib 1.6 builds a tree of GObjects and hash tables that costs about ten times the size of
 * the document and takes longer to free than to parse. This reader builds a compact, read-only
 * tree in a few large blocks (freed at once) and is strict where json-glib is lenient:
 *
 *  - RFC 8259 grammar only: no JavaScript assignment, no comments, no leading zeros, no
 *    single-quoted or unquoted strings, nothing after the top-level value;
 *  - valid UTF-8 only (no overlong forms, no surrogates), no raw control characters in strings,
 *    no "\u0000", no unpaired UTF-16 surrogates in escapes;
 *  - a nesting limit checked while reading (no recursion beyond it) and a size cap;
 *  - a key used twice in one object is refused;
 *  - integers must fit in 64 bits; numbers with a fraction or exponent are doubles.
 *
 * Which tree to use when: see avs-json.h. Every JSON text the program reads passes through
 * here, including the ones avs-json.c then copies into json-glib trees.
 *
 * Errors use AVS_JSON_ERROR and the same messages as avs-json.c ("%s is not valid JSON:
 * line:column: what"); columns count the characters before the problem, as json-glib does.
 */

#pragma once

#include "avs-json.h"

G_BEGIN_DECLS

typedef enum
{
  AVS_JSON_TYPE_NULL,
  AVS_JSON_TYPE_BOOLEAN,
  AVS_JSON_TYPE_INT,
  AVS_JSON_TYPE_DOUBLE,
  AVS_JSON_TYPE_STRING,
  AVS_JSON_TYPE_ARRAY,
  AVS_JSON_TYPE_OBJECT,
} AvsJsonType;

typedef struct _AvsJsonValue AvsJsonValue;
typedef struct _AvsJsonMember AvsJsonMember;

/* Owned by its document; valid until the document is freed. */
struct _AvsJsonValue
{
  AvsJsonType type;
  guint       length;      /* bytes of a string, elements of an array, members of an object */
  union
  {
    gboolean             boolean;
    gint64               integer;
    double               number;
    const char          *string;     /* NUL-terminated valid UTF-8 without U+0000 */
    const AvsJsonValue  *elements;
    const AvsJsonMember *members;    /* in document order, names unique */
  };
};

struct _AvsJsonMember
{
  const char   *name;
  guint         name_length;
  AvsJsonValue  value;
};

typedef struct _AvsJsonDocument AvsJsonDocument;

/* Parses @length bytes of @data (not necessarily NUL-terminated). @source names the document
 * in messages. Refuses more than @max_size bytes, nesting deeper than @max_depth, and a root
 * that is not an object. */
AvsJsonDocument    *avs_json_document_parse       (const char          *data,
                                                   gsize                length,
                                                   const char          *source,
                                                   gsize                max_size,
                                                   guint                max_depth,
                                                   GError             **error);

/* Called for each element of a streamed array, in order; @element and everything in it are
 * valid only during the call. */
typedef void (*AvsJsonElementFunc) (const AvsJsonValue *element,
                                    guint               index,
                                    gpointer            user_data);

/* Like avs_json_document_parse(), but when the root object has a member @stream_member whose
 * value is an array, its elements are read one at a time and handed to @func, and not kept: in
 * the document that member is an array with the number of elements as its length and NULL
 * elements. The memory of one element is reused for the next, so a large array of records
 * costs the size of one record. Every check of the whole document still happens, so a syntax
 * error after an element that @func saw still fails the parse. */
AvsJsonDocument    *avs_json_document_parse_streaming (const char          *data,
                                                       gsize                length,
                                                       const char          *source,
                                                       gsize                max_size,
                                                       guint                max_depth,
                                                       const char          *stream_member,
                                                       AvsJsonElementFunc   func,
                                                       gpointer             user_data,
                                                       GError             **error);
void                avs_json_document_free        (AvsJsonDocument     *document);
/* The root object. */
const AvsJsonValue *avs_json_document_get_root    (AvsJsonDocument     *document);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AvsJsonDocument, avs_json_document_free)

/* The member @name of @object, or NULL. */
const AvsJsonValue *avs_json_value_get_member     (const AvsJsonValue  *object,
                                                   const char          *name);

/* Schema helpers, like avs_json_check_members() and avs_json_get_*() (same messages). */
gboolean            avs_json_value_check_members  (const AvsJsonValue  *object,
                                                   const char          *path,
                                                   const char * const  *allowed,
                                                   GError             **error);
gboolean            avs_json_value_get_string     (const AvsJsonValue  *object,
                                                   const char          *path,
                                                   const char          *member,
                                                   gboolean             required,
                                                   const char         **out_value,
                                                   GError             **error);
gboolean            avs_json_value_get_int        (const AvsJsonValue  *object,
                                                   const char          *path,
                                                   const char          *member,
                                                   gboolean             required,
                                                   gint64              *out_value,
                                                   GError             **error);
gboolean            avs_json_value_get_bool       (const AvsJsonValue  *object,
                                                   const char          *path,
                                                   const char          *member,
                                                   gboolean             required,
                                                   gboolean            *out_value,
                                                   GError             **error);
/* Typed lookups that also accept a missing member when not @required (out = NULL). */
gboolean            avs_json_value_get_array      (const AvsJsonValue  *object,
                                                   const char          *path,
                                                   const char          *member,
                                                   gboolean             required,
                                                   const AvsJsonValue **out_value,
                                                   GError             **error);
gboolean            avs_json_value_get_object     (const AvsJsonValue  *object,
                                                   const char          *path,
                                                   const char          *member,
                                                   gboolean             required,
                                                   const AvsJsonValue **out_value,
                                                   GError             **error);

/* Sets AVS_JSON_ERROR_SCHEMA "PATH: “MEMBER” must be …" for a member of the wrong type, one
 * whole sentence for each @expected (AVS_JSON_TYPE_STRING, _INT, _BOOLEAN, _ARRAY or _OBJECT).
 * Returns FALSE. Both readers (this one and the json-glib helpers) say it the same way. */
gboolean            avs_json_wrong_type_error     (const char          *path,
                                                   const char          *member,
                                                   AvsJsonType          expected,
                                                   GError             **error);

G_END_DECLS
