/* avs-catalog.c — the signed catalog of alternatives: one verified, validated document
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "avs-catalog.h"
#include "avs-catalog-validate.h"
#include "avs-json.h"
#include "avs-minisign.h"

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
parse_notes (AvsCatalog  *self,
             JsonObject  *root,
             GError     **error)
{
  static const char * const members[] = { "id", "text", "sources", NULL };
  JsonArray *array = NULL;

  if (!avs_json_get_array (root, "$", "notes", FALSE, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("$.notes[%u]", i);
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *text = NULL;
      g_autofree char *id = NULL;
      g_auto(GStrv) sources = NULL;
      AvsCatalogNote *note;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return avs_catalog_schema_error (error, _("%s must be an object."), path);
      object = json_node_get_object (node);
      if (!avs_json_check_members (object, path, members, error) ||
          !avs_catalog_get_checked_string (object, path, "id", FALSE, avs_catalog_check_id,
                                           &id, error) ||
          !avs_catalog_get_texts (object, path, "text", FALSE, &text, error) ||
          !avs_json_get_strv (object, path, "sources", TRUE, &sources, error))
        return FALSE;
      for (guint j = 0; sources[j] != NULL; j++)
        if (!avs_catalog_check_source_url (sources[j]))
          return avs_catalog_schema_error (error, _("%s.%s[%u]: “%s” is not allowed here."),
                                           path, "sources", j, sources[j]);

      note = g_new0 (AvsCatalogNote, 1);
      note->id = g_steal_pointer (&id);
      note->text = g_steal_pointer (&text);
      note->sources = g_steal_pointer (&sources);
      g_ptr_array_add (self->notes, note);
    }
  return TRUE;
}

static gboolean
parse_document (AvsCatalog  *self,
                JsonNode    *root_node,
                GError     **error)
{
  static const char * const members[] = {
    "schema", "serial", "generated", "expires", "notes", "products", NULL
  };
  JsonObject *root = json_node_get_object (root_node);
  JsonArray *products = NULL;

  if (!avs_json_get_int (root, "$", "schema", TRUE, &self->schema, error))
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

  if (!avs_json_check_members (root, "$", members, error) ||
      !avs_json_get_int (root, "$", "serial", TRUE, &self->serial, error) ||
      !avs_catalog_get_time (root, "$", "generated", &self->generated, error) ||
      !avs_catalog_get_time (root, "$", "expires", &self->expires, error) ||
      !parse_notes (self, root, error) ||
      !avs_json_get_array (root, "$", "products", TRUE, &products, error))
    return FALSE;

  if (self->serial < 1)
    return avs_catalog_schema_error (error, _("%s: “%s” must be a positive number."), "$", "serial");
  if (g_date_time_compare (self->generated, self->expires) >= 0)
    return avs_catalog_schema_error (error, _("%s: “expires” must be later than “generated”."), "$");
  if (json_array_get_length (products) == 0 || json_array_get_length (products) > MAX_PRODUCTS)
    return avs_catalog_schema_error (error, _("%s: “%s” must hold between 1 and %d products."),
                                     "$", "products", MAX_PRODUCTS);

  for (guint i = 0; i < json_array_get_length (products); i++)
    {
      JsonNode *node = json_array_get_element (products, i);
      char path[64];
      AvsCatalogProduct *product;

      g_snprintf (path, sizeof path, "$.products[%u]", i);
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return avs_catalog_schema_error (error, _("%s must be an object."), path);
      product = avs_catalog_product_new_from_json (json_node_get_object (node), path, error);
      if (product == NULL)
        return FALSE;
      g_ptr_array_add (self->products, product);
      if (g_hash_table_contains (self->by_id, avs_catalog_product_get_id (product)))
        return avs_catalog_schema_error (error, _("%s: the id “%s” is used twice."),
                                         path, avs_catalog_product_get_id (product));
      g_hash_table_insert (self->by_id, (gpointer) avs_catalog_product_get_id (product), product);
    }

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
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;

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

  root = avs_json_parse_bytes (json, source, AVS_CATALOG_MAX_SIZE, MAX_DEPTH, &local_error);
  if (root == NULL || !parse_document (self, root, &local_error))
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
      return NULL;
    }

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
      g_autofree char *when = g_date_time_format (self->generated, "%Y-%m-%d %H:%M UTC");
      g_set_error (error, AVS_CATALOG_ERROR, AVS_CATALOG_ERROR_FROM_THE_FUTURE,
                   /* Translators: %s is a place (a web address), then a date and time */
                   _("The catalog from %s says it was made on %s, which is in the future. "
                     "Either this computer’s clock is wrong or the catalog is not genuine; "
                     "it was not used."), source, when);
      return FALSE;
    }

  if (avs_catalog_is_expired (self, now))
    {
      g_autofree char *when = g_date_time_format (self->expires, "%Y-%m-%d");
      g_set_error (error, AVS_CATALOG_ERROR, AVS_CATALOG_ERROR_EXPIRED,
                   /* Translators: %s is a place (a web address), then a date */
                   _("The catalog from %s expired on %s, so it was not used. The server may be "
                     "serving an outdated copy; try again later."), source, when);
      return FALSE;
    }

  return TRUE;
}
