/* avs-json.c — the one safe way this program reads JSON
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "avs-json.h"

G_DEFINE_QUARK (avs-json-error-quark, avs_json_error)

guint
avs_json_scan_depth (const char *data,
                     gsize       length,
                     guint       limit)
{
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  guint depth = 0;
  guint max_depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          depth++;
          if (depth > max_depth)
            {
              max_depth = depth;
              if (max_depth > limit)
                return limit + 1;
            }
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return max_depth;
}

JsonNode *
avs_json_parse_bytes (GBytes      *bytes,
                      const char  *source,
                      gsize        max_size,
                      guint        max_depth,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize length = 0;
  JsonNode *root;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);

  data = g_bytes_get_data (bytes, &length);

  if (length > max_size)
    {
      g_autofree char *limit = g_format_size (max_size);
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_TOO_LARGE,
                   /* Translators: the first %s is a file name or a web address, the second a size such as "2.1 MB" */
                   _("%s is larger than %s, so it was not read."), source, limit);
      return NULL;
    }

  if (length == 0)
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_NOT_AN_OBJECT,
                   _("%s is empty."), source);
      return NULL;
    }

  if (memchr (data, '\0', length) != NULL)
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SYNTAX,
                   _("%s is not a text file: it contains a NUL byte."), source);
      return NULL;
    }

  if (avs_json_scan_depth (data, length, max_depth) > max_depth)
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_TOO_DEEP,
                   _("%s is nested more than %u levels deep, so it was not read."),
                   source, max_depth);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  /* An explicit length: data from the network is not NUL-terminated. */
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      /* json-glib's message holds "<data>:line:column: what"; the source names the data. */
      const char *detail = local_error->message;

      if (g_str_has_prefix (detail, "<data>:"))
        detail += strlen ("<data>:");
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SYNTAX,
                   /* Translators: %s is a file name or address, then json-glib's "line:column: problem" */
                   _("%s is not valid JSON: %s"), source, detail);
      return NULL;
    }

  if (json_parser_has_assignment (parser, NULL))
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SYNTAX,
                   _("%s is not valid JSON: it is a JavaScript assignment."), source);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_NOT_AN_OBJECT,
                   _("%s does not hold a JSON object at its top level."), source);
      return NULL;
    }

  /* json-glib 1.6 silently ignores a second top-level value; refuse anything after the root. */
  {
    gsize end = length;
    guint closing_depth = 0;
    gboolean in_string = FALSE, escaped = FALSE;
    gsize root_end = 0;

    for (gsize i = 0; i < end; i++)
      {
        char c = data[i];
        if (in_string)
          {
            if (escaped)
              escaped = FALSE;
            else if (c == '\\')
              escaped = TRUE;
            else if (c == '"')
              in_string = FALSE;
            continue;
          }
        if (c == '"')
          in_string = TRUE;
        else if (c == '{' || c == '[')
          closing_depth++;
        else if ((c == '}' || c == ']') && closing_depth > 0)
          {
            closing_depth--;
            if (closing_depth == 0)
              {
                root_end = i + 1;
                break;
              }
          }
      }

    for (gsize i = root_end; root_end > 0 && i < length; i++)
      {
        if (!g_ascii_isspace (data[i]))
          {
            g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SYNTAX,
                         _("%s is not valid JSON: there is more data after the top-level object."),
                         source);
            return NULL;
          }
      }
  }

  return json_node_copy (root);
}

JsonNode *
avs_json_parse_data (const char  *data,
                     gsize        length,
                     const char  *source,
                     GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, length);

  return avs_json_parse_bytes (bytes, source, AVS_JSON_DEFAULT_MAX_SIZE,
                               AVS_JSON_DEFAULT_MAX_DEPTH, error);
}

JsonNode *
avs_json_parse_file (const char  *path,
                     GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = g_filename_display_name (path);
  GStatBuf st;

  /* Check the size before mapping, so a huge file is refused without touching it. */
  if (g_stat (path, &st) == 0 && (guint64) st.st_size > AVS_JSON_DEFAULT_MAX_SIZE)
    {
      g_autofree char *limit = g_format_size (AVS_JSON_DEFAULT_MAX_SIZE);
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_TOO_LARGE,
                   _("%s is larger than %s, so it was not read."), display, limit);
      return NULL;
    }

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   /* Translators: %s is a file name, then the system's reason */
                   _("Could not read %s: %s"), display, local_error->message);
      return NULL;
    }

  bytes = g_mapped_file_get_bytes (mapped);
  return avs_json_parse_bytes (bytes, display, AVS_JSON_DEFAULT_MAX_SIZE,
                               AVS_JSON_DEFAULT_MAX_DEPTH, error);
}

gboolean
avs_json_check_members (JsonObject          *object,
                        const char          *path,
                        const char * const  *allowed,
                        GError             **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      if (!g_strv_contains (allowed, name))
        {
          g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                       /* Translators: %s is a JSON path such as $.products[2], then a key name */
                       _("%s: unknown key “%s”."), path, name);
          return FALSE;
        }
    }

  return TRUE;
}

static JsonNode *
get_member (JsonObject  *object,
            const char  *path,
            const char  *member,
            gboolean     required,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL && required)
    g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                 /* Translators: %s is a JSON path such as $.products[2], then a key name */
                 _("%s: the required key “%s” is missing."), path, member);
  return node;
}

static gboolean
wrong_type (const char  *path,
            const char  *member,
            const char  *expected,
            GError     **error)
{
  g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
               /* Translators: "$.path: “key” must be a string" — the last %s is a JSON type name */
               _("%s: “%s” must be %s."), path, member, expected);
  return FALSE;
}

gboolean
avs_json_get_string (JsonObject  *object,
                     const char  *path,
                     const char  *member,
                     gboolean     required,
                     const char **out_value,
                     GError     **error)
{
  JsonNode *node = get_member (object, path, member, required, error);

  *out_value = NULL;
  if (node == NULL)
    return !required;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (path, member, _("a string"), error);
  *out_value = json_node_get_string (node);
  return TRUE;
}

gboolean
avs_json_get_int (JsonObject  *object,
                  const char  *path,
                  const char  *member,
                  gboolean     required,
                  gint64      *out_value,
                  GError     **error)
{
  JsonNode *node = get_member (object, path, member, required, error);

  if (node == NULL)
    return !required;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return wrong_type (path, member, _("a whole number"), error);
  *out_value = json_node_get_int (node);
  return TRUE;
}

gboolean
avs_json_get_bool (JsonObject  *object,
                   const char  *path,
                   const char  *member,
                   gboolean     required,
                   gboolean    *out_value,
                   GError     **error)
{
  JsonNode *node = get_member (object, path, member, required, error);

  if (node == NULL)
    return !required;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return wrong_type (path, member, _("true or false"), error);
  *out_value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
avs_json_get_array (JsonObject  *object,
                    const char  *path,
                    const char  *member,
                    gboolean     required,
                    JsonArray  **out_value,
                    GError     **error)
{
  JsonNode *node = get_member (object, path, member, required, error);

  *out_value = NULL;
  if (node == NULL)
    return !required;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (path, member, _("an array"), error);
  *out_value = json_node_get_array (node);
  return TRUE;
}

gboolean
avs_json_get_object (JsonObject  *object,
                     const char  *path,
                     const char  *member,
                     gboolean     required,
                     JsonObject **out_value,
                     GError     **error)
{
  JsonNode *node = get_member (object, path, member, required, error);

  *out_value = NULL;
  if (node == NULL)
    return !required;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (path, member, _("an object"), error);
  *out_value = json_node_get_object (node);
  return TRUE;
}

gboolean
avs_json_get_strv (JsonObject   *object,
                   const char   *path,
                   const char   *member,
                   gboolean      required,
                   char       ***out_value,
                   GError      **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array = NULL;

  *out_value = NULL;
  if (!avs_json_get_array (object, path, member, required, &array, error))
    return FALSE;

  builder = g_strv_builder_new ();
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                       /* Translators: "$.path.key[3] must be a string" */
                       _("%s.%s[%u] must be a string."), path, member, i);
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  *out_value = g_strv_builder_end (builder);
  return TRUE;
}

void
avs_json_builder_add_string_member (JsonBuilder *builder,
                                    const char  *member,
                                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}
