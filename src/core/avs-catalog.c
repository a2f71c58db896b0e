/* avs-catalog.c — the signed catalog of alternatives: one verified, validated document
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "avs-catalog.h"
#include "avs-catalog-validate.h"
#include "avs-json-reader.h"
#include "avs-minisign.h"
#include "avs-timeline.h"

#define MAX_PRODUCTS 10000
/* Enough for a few thousand products; deeper input is hostile. */
#define MAX_DEPTH 16

struct _AvsCatalog
{
  GObject     parent_instance;

  gint64      schema;
  gint64      serial;
  GDateTime  *generated;
  GDateTime  *expires;
  GPtrArray  *products;
  GHashTable *by_id;
  GPtrArray  *notes;
  GBytes     *bytes;
  GBytes     *signature;
  char       *trusted_comment;
  char       *key_id;
};

G_DEFINE_FINAL_TYPE (AvsCatalog, avs_catalog, G_TYPE_OBJECT)
G_DEFINE_QUARK (avs-catalog-error-quark, avs_catalog_error)

static void
note_free (AvsCatalogNote *note)
{
  g_free (note->id);
  g_free (note->text);
  g_strfreev (note->sources);
  g_free (note);
}

static void
avs_catalog_finalize (GObject *object)
{
  AvsCatalog *self = AVS_CATALOG (object);

  g_clear_pointer (&self->generated, g_date_time_unref);
  g_clear_pointer (&self->expires, g_date_time_unref);
  g_clear_pointer (&self->products, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->signature, g_bytes_unref);
  g_free (self->trusted_comment);
  g_free (self->key_id);

  G_OBJECT_CLASS (avs_catalog_parent_class)->finalize (object);
}

static void
avs_catalog_class_init (AvsCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = avs_catalog_finalize;
}

static void
avs_catalog_init (AvsCatalog *self)
{
  self->products = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) note_free);
}

static gboolean
parse_notes (AvsCatalog          *self,
             const AvsJsonValue  *root,
             const char * const  *languages,
             GError             **error)
{
  static const char * const members[] = { "id", "text", "sources", NULL };
  const AvsJsonValue *array = NULL;

  if (!avs_json_value_get_array (root, "$", "notes", FALSE, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < array->length; i++)
    {
      g_autofree char *path = g_strdup_printf ("$.notes[%u]", i);
      const AvsJsonValue *object = &array->elements[i];
      const AvsJsonValue *sources_array = NULL;
      g_autofree char *text = NULL;
      g_autofree char *id = NULL;
      g_auto(GStrv) sources = NULL;
      AvsCatalogNote *note;

      if (object->type != AVS_JSON_TYPE_OBJECT)
        return avs_catalog_schema_error (error, _("%s must be an object."), path);
      if (!avs_json_value_check_members (object, path, members, error) ||
          !avs_catalog_get_checked_string (object, path, "id", FALSE, avs_catalog_check_id,
                                           &id, error) ||
          !avs_catalog_get_texts (object, path, "text", FALSE, languages, &text, error) ||
          !avs_json_value_get_array (object, path, "sources", TRUE, &sources_array, error))
        return FALSE;
      sources = g_new0 (char *, sources_array->length + 1);
      for (guint j = 0; j < sources_array->length; j++)
        {
          const AvsJsonValue *source = &sources_array->elements[j];

          if (source->type != AVS_JSON_TYPE_STRING)
            return avs_catalog_schema_error (error,
                                             /* Translators: "$.path.key[3] must be a string" */
                                             _("%s.%s[%u] must be a string."), path, "sources", j);
          if (!avs_catalog_check_source_url (source->string))
            return avs_catalog_schema_error (error, _("%s.%s[%u]: “%s” is not allowed here."),
                                             path, "sources", j, source->string);
          sources[j] = g_strdup (source->string);
        }

      note = g_new0 (AvsCatalogNote, 1);
      note->id = g_steal_pointer (&id);
      note->text = g_steal_pointer (&text);
      note->sources = g_steal_pointer (&sources);
      g_ptr_array_add (self->notes, note);
    }
  return TRUE;
}

/* The products are built while the document is read, one at a time (see
 * avs_json_document_parse_streaming()): the first problem is kept and reported after the
 * checks of the whole document, in the order a tree-based parser would find them. */
typedef struct
{
  AvsCatalog          *self;
  const char * const  *languages;
  GError              *error;
} ProductStream;

static void
add_product (const AvsJsonValue *node,
             guint               index,
             gpointer            user_data)
{
  ProductStream *stream = user_data;
  AvsCatalog *self = stream->self;
  AvsCatalogProduct *product;
  char path[64];

  /* After a problem, or beyond the limit (refused below), nothing more is built. */
  if (stream->error != NULL || index >= MAX_PRODUCTS)
    return;

  g_snprintf (path, sizeof path, "$.products[%u]", index);
  if (node->type != AVS_JSON_TYPE_OBJECT)
    {
      avs_catalog_schema_error (&stream->error, _("%s must be an object."), path);
      return;
    }
  product = avs_catalog_product_new_from_json (node, path, stream->languages, &stream->error);
  if (product == NULL)
    return;
  g_ptr_array_add (self->products, product);
  if (g_hash_table_contains (self->by_id, avs_catalog_product_get_id (product)))
    {
      avs_catalog_schema_error (&stream->error, _("%s: the id “%s” is used twice."),
                                path, avs_catalog_product_get_id (product));
      return;
    }
  g_hash_table_insert (self->by_id, (gpointer) avs_catalog_product_get_id (product), product);
}

static gboolean
parse_document (AvsCatalog          *self,
                const AvsJsonValue  *root,
                ProductStream       *stream,
                GError             **error)
{
  static const char * const members[] = {
    "schema", "serial", "generated", "expires", "notes", "products", NULL
  };
  const AvsJsonValue *products = NULL;

  if (!avs_json_value_get_int (root, "$", "schema", TRUE, &self->schema, error))
    return FALSE;
  /* Checked before anything else: a newer format gets its own message. */
  if (self->schema != AVS_CATALOG_SCHEMA)
    {
      g_set_error (error, AVS_CATALOG_ERROR, AVS_CATALOG_ERROR_UNSUPPORTED_SCHEMA,
                   /* Translators: %d is a format number */
                   _("The catalog uses format %d, which this version of AV Switch cannot read. "
                     "Update AV Switch to use it."), (int) CLAMP (self->schema, G_MININT, G_MAXINT));
      return FALSE;
    }

  if (!avs_json_value_check_members (root, "$", members, error) ||
      !avs_json_value_get_int (root, "$", "serial", TRUE, &self->serial, error) ||
      !avs_catalog_get_time (root, "$", "generated", &self->generated, error) ||
      !avs_catalog_get_time (root, "$", "expires", &self->expires, error) ||
      !parse_notes (self, root, stream->languages, error) ||
      !avs_json_value_get_array (root, "$", "products", TRUE, &products, error))
    return FALSE;

  if (self->serial < 1)
    return avs_catalog_schema_error (error, _("%s: “%s” must be a positive number."), "$", "serial");
  if (g_date_time_compare (self->generated, self->expires) >= 0)
    return avs_catalog_schema_error (error, _("%s: “expires” must be later than “generated”."), "$");
  if (products->length == 0 || products->length > MAX_PRODUCTS)
    return avs_catalog_schema_error (error, _("%s: “%s” must hold between 1 and %d products."),
                                     "$", "products", MAX_PRODUCTS);

  if (stream->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&stream->error));
      return FALSE;
    }
  /* Every element was streamed and became a product. */
  g_assert (self->products->len == products->length);

  return TRUE;
}

AvsCatalog *
avs_catalog_new_from_signed (GBytes      *json,
                             GBytes      *signature,
                             GPtrArray   *trusted_keys,
                             const char  *source,
                             GError     **error)
{
  g_autoptr(AvsCatalog) self = NULL;
  g_autoptr(AvsJsonDocument) document = NULL;
  g_autoptr(GError) local_error = NULL;
  ProductStream stream = { NULL, NULL, NULL };
  const char *data;
  gsize length = 0;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (signature != NULL, NULL);
  g_return_val_if_fail (trusted_keys != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);

  if (g_bytes_get_size (json) > AVS_CATALOG_MAX_SIZE)
    {
      g_autofree char *limit = g_format_size (AVS_CATALOG_MAX_SIZE);
      g_set_error (error, AVS_CATALOG_ERROR, AVS_CATALOG_ERROR_TOO_LARGE,
                   /* Translators: %s is a place (a web address or a file), then a size such as "2.1 MB" */
                   _("The catalog from %s is larger than %s, so it was not read."), source, limit);
      return NULL;
    }

  self = g_object_new (AVS_TYPE_CATALOG, NULL);

  /* The signature first, over the raw bytes: nothing is parsed before it checks out. */
  if (!avs_minisign_verify (json, signature, trusted_keys, &self->trusted_comment,
                            &self->key_id, &local_error))
    {
      g_set_error (error, AVS_CATALOG_ERROR, AVS_CATALOG_ERROR_UNTRUSTED,
                   /* Translators: the first %s is a place (a web address or a file), the second the reason */
                   _("The catalog from %s is not signed by a trusted key. %s"), source,
                   local_error->message);
      return NULL;
    }

  /* The strict reader (avs-json-reader.h), not json-glib: same limits and checks, stricter
   * grammar, and a tree that costs a fraction of json-glib's to build and to free. */
  data = g_bytes_get_data (json, &length);
  /* Looked up once: GLib reads several environment variables on every call. */
  stream.self = self;
  stream.languages = g_get_language_names ();
  document = avs_json_document_parse_streaming (data, length, source, AVS_CATALOG_MAX_SIZE,
                                                MAX_DEPTH, "products", add_product, &stream,
                                                &local_error);
  if (document == NULL ||
      !parse_document (self, avs_json_document_get_root (document), &stream, &local_error))
    {
      if (local_error->domain == AVS_CATALOG_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (!g_error_matches (local_error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA))
        /* The JSON loader's message names the place and the line:column already. */
        g_set_error (error, AVS_CATALOG_ERROR, AVS_CATALOG_ERROR_MALFORMED,
                     _("The catalog is malformed: %s"), local_error->message);
      else
        g_set_error (error, AVS_CATALOG_ERROR, AVS_CATALOG_ERROR_MALFORMED,
                     /* Translators: the first %s is a place (a web address or a file), the second what is wrong, with a line:column or a JSON path */
                     _("The catalog from %s is malformed: %s"), source, local_error->message);
      g_clear_error (&stream.error);
      return NULL;
    }

  g_clear_error (&stream.error);
  self->bytes = g_bytes_ref (json);
  self->signature = g_bytes_ref (signature);
  return g_steal_pointer (&self);
}

gint64
avs_catalog_get_schema (AvsCatalog *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG (self), 0);
  return self->schema;
}

gint64
avs_catalog_get_serial (AvsCatalog *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG (self), 0);
  return self->serial;
}

GDateTime *
avs_catalog_get_generated (AvsCatalog *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG (self), NULL);
  return self->generated;
}

GDateTime *
avs_catalog_get_expires (AvsCatalog *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG (self), NULL);
  return self->expires;
}

GPtrArray *
avs_catalog_get_products (AvsCatalog *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG (self), NULL);
  return self->products;
}

AvsCatalogProduct *
avs_catalog_find_product (AvsCatalog *self,
                          const char *id)
{
  g_return_val_if_fail (AVS_IS_CATALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  return g_hash_table_lookup (self->by_id, id);
}

GPtrArray *
avs_catalog_get_notes (AvsCatalog *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG (self), NULL);
  return self->notes;
}

GBytes *
avs_catalog_get_bytes (AvsCatalog *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG (self), NULL);
  return self->bytes;
}

GBytes *
avs_catalog_get_signature (AvsCatalog *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG (self), NULL);
  return self->signature;
}

const char *
avs_catalog_get_trusted_comment (AvsCatalog *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG (self), NULL);
  return self->trusted_comment;
}

const char *
avs_catalog_get_key_id (AvsCatalog *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG (self), NULL);
  return self->key_id;
}

JsonNode *
avs_catalog_dup_json (AvsCatalog *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG (self), NULL);

  /* These bytes were verified and parsed once already, so this cannot fail. */
  return avs_json_parse_bytes (self->bytes, "catalog", AVS_CATALOG_MAX_SIZE, MAX_DEPTH, NULL);
}

gboolean
avs_catalog_is_expired (AvsCatalog *self,
                        GDateTime  *now)
{
  g_return_val_if_fail (AVS_IS_CATALOG (self), TRUE);
  g_return_val_if_fail (now != NULL, TRUE);
  return g_date_time_compare (self->expires, now) <= 0;
}

gboolean
avs_catalog_check_times (AvsCatalog  *self,
                         GDateTime   *now,
                         const char  *source,
                         GError     **error)
{
  g_return_val_if_fail (AVS_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (g_date_time_difference (self->generated, now) > AVS_CATALOG_MAX_FUTURE_SECONDS * G_TIME_SPAN_SECOND)
    {
      /* In local time: the reader compares it with this computer's clock. */
      g_autoptr(GDateTime) local = g_date_time_to_local (self->generated);
      g_autofree char *when = avs_format_date_time (local);
      g_set_error (error, AVS_CATALOG_ERROR, AVS_CATALOG_ERROR_FROM_THE_FUTURE,
                   /* Translators: %s is a place (a web address), then a date and time */
                   _("The catalog from %s says it was made on %s, which is in the future. "
                     "Either this computer’s clock is wrong or the catalog is not genuine; "
                     "it was not used."), source, when);
      return FALSE;
    }

  if (avs_catalog_is_expired (self, now))
    {
      g_autofree char *when = avs_format_date (self->expires);
      g_set_error (error, AVS_CATALOG_ERROR, AVS_CATALOG_ERROR_EXPIRED,
                   /* Translators: %s is a place (a web address), then a date */
                   _("The catalog from %s expired on %s, so it was not used. The server may be "
                     "serving an outdated copy; try again later."), source, when);
      return FALSE;
    }

  return TRUE;
}
