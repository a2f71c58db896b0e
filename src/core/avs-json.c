/* avs-json.c — the one safe way this program reads JSON
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "avs-json.h"
#include "avs-json-reader.h"

G_DEFINE_QUARK (avs-json-error-quark, avs_json_error)

/* Builds json-glib's tree from the strict reader's. The depth is bounded by the reader's limit,
 * so the recursion is too. */
static JsonNode *
node_from_value (const AvsJsonValue *value)
{
  JsonNode *node;

  switch (value->type)
    {
    case AVS_JSON_TYPE_NULL:
      return json_node_init_null (json_node_alloc ());
    case AVS_JSON_TYPE_BOOLEAN:
      return json_node_init_boolean (json_node_alloc (), value->boolean);
    case AVS_JSON_TYPE_INT:
      return json_node_init_int (json_node_alloc (), value->integer);
    case AVS_JSON_TYPE_DOUBLE:
      return json_node_init_double (json_node_alloc (), value->number);
    case AVS_JSON_TYPE_STRING:
      return json_node_init_string (json_node_alloc (), value->string);
    case AVS_JSON_TYPE_ARRAY:
      {
        JsonArray *array = json_array_sized_new (value->length);

        for (guint i = 0; i < value->length; i++)
          json_array_add_element (array, node_from_value (&value->elements[i]));
        node = json_node_init_array (json_node_alloc (), array);
        json_array_unref (array);
        return node;
      }
    case AVS_JSON_TYPE_OBJECT:
      {
        JsonObject *object = json_object_new ();

        /* Names are unique (the reader refuses a key used twice) and kept in order. */
        for (guint i = 0; i < value->length; i++)
          json_object_set_member (object, value->members[i].name,
                                  node_from_value (&value->members[i].value));
        node = json_node_init_object (json_node_alloc (), object);
        json_object_unref (object);
        return node;
      }
    default:
      g_assert_not_reached ();
    }
}

JsonNode *
avs_json_parse_bytes (GBytes      *bytes,
                      const char  *source,
                      gsize        max_size,
                      guint        max_depth,
                      GError     **error)
{
  g_autoptr(AvsJsonDocument) document = NULL;
  const char *data;
  gsize length = 0;
  JsonNode *root;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);

  data = g_bytes_get_data (bytes, &length);

  /* Some editors on other systems start a UTF-8 file with a byte-order mark. */
  if (length <= max_size && length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  /* json-glib 1.6 is never given the text: it has no nesting limit, and it accepts comments,
   * single-quoted strings and JavaScript assignments, so no cheap pre-scan can bound the depth
   * it will recurse to. The strict reader checks everything (size, NUL bytes, UTF-8, depth,
   * grammar, one object at the root) without recursing past @max_depth, and its tree is
   * copied into json-glib's, which the callers use. */
  document = avs_json_document_parse (data, length, source, max_size, max_depth, error);
  if (document == NULL)
    return NULL;

  root = node_from_value (avs_json_document_get_root (document));
  /* Like json_parser_new_immutable(): the tree can be shared between threads. */
  json_node_seal (root);
  return root;
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
  g_autoptr(GByteArray) data = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display = g_filename_display_name (path);
  struct stat st;
  int fd;

  /* The file was named by whoever runs the program, but what is at that name may be a FIFO
   * (opening it would wait for a writer for ever), a device or a file another user is
   * truncating (a mapping would then crash): open without waiting, accept only a regular
   * file, and read a copy. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   /* Translators: %s is a file name, then the system's reason */
                   _("Could not read %s: %s"), display, g_strerror (saved_errno));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_close (fd, NULL);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("%s is not a regular file (it may be a folder, a device or a pipe), so it "
                     "was not read. Name a file saved by AV Switch."), display);
      return NULL;
    }
  /* Check the size first, so a huge file is refused without reading it. */
  if ((guint64) st.st_size > AVS_JSON_DEFAULT_MAX_SIZE)
    {
      g_autofree char *limit = g_format_size (AVS_JSON_DEFAULT_MAX_SIZE);

      g_close (fd, NULL);
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_TOO_LARGE,
                   _("%s is larger than %s, so it was not read."), display, limit);
      return NULL;
    }

  data = g_byte_array_sized_new ((guint) st.st_size);
  for (;;)
    {
      guint8 buffer[16384];
      gssize n = read (fd, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_close (fd, NULL);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _("Could not read %s: %s"), display, g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      /* It grew while being read: the same limit applies, and avs_json_parse_bytes()
       * refuses what is over it. */
      g_byte_array_append (data, buffer, (guint) MIN ((gsize) n, AVS_JSON_DEFAULT_MAX_SIZE + 1 - data->len));
      if (data->len > AVS_JSON_DEFAULT_MAX_SIZE)
        break;
    }
  g_close (fd, NULL);

  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&data));
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

gboolean
avs_json_get_nullable_time (JsonObject  *object,
                            const char  *path,
                            const char  *member,
                            GDateTime  **out_value,
                            GError     **error)
{
  const char *text = NULL;

  *out_value = NULL;
  if (!avs_json_get_nullable_string (object, path, member, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  *out_value = g_date_time_new_from_iso8601 (text, NULL);
  if (*out_value == NULL)
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                   /* Translators: the first %s is a place in a JSON document ("$.steps[2]"),
                    * the second a key's name */
                   _("%s: “%s” is not a date and time such as 2024-09-29T04:00:00Z."),
                   path, member);
      return FALSE;
    }
  return TRUE;
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
    return avs_json_wrong_type_error (path, member, AVS_JSON_TYPE_STRING, error);
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
    return avs_json_wrong_type_error (path, member, AVS_JSON_TYPE_INT, error);
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
    return avs_json_wrong_type_error (path, member, AVS_JSON_TYPE_BOOLEAN, error);
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
    return avs_json_wrong_type_error (path, member, AVS_JSON_TYPE_ARRAY, error);
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
    return avs_json_wrong_type_error (path, member, AVS_JSON_TYPE_OBJECT, error);
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

char *
avs_json_node_to_data (JsonNode *root,
                       gboolean  pretty,
                       gsize    *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *raw = NULL;
  g_autofree char *valid = NULL;
  GString *text;
  gsize raw_length = 0;

  g_return_val_if_fail (root != NULL, NULL);

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);
  raw = json_generator_to_data (generator, &raw_length);

  /* Outside strings JSON is ASCII, so the first two repairs touch only string contents. The
   * third touches only numbers: json-glib 1.6 appends ".0" to a double it printed without a
   * dot, also after an exponent ("3e+83.0"), which is not JSON. */
  valid = g_utf8_make_valid (raw, (gssize) raw_length);
  text = g_string_sized_new (strlen (valid) + 16);
  for (const char *p = valid; *p != '\0'; p++)
    {
      if (*p == '"')
        {
          /* A string: copy it, escaping U+001F, up to its closing quote. */
          g_string_append_c (text, *p++);
          for (; *p != '\0' && *p != '"'; p++)
            {
              if (*p == '\\' && p[1] != '\0')
                {
                  g_string_append_c (text, *p++);
                  g_string_append_c (text, *p);
                }
              else if (*p == '\x1f')
                g_string_append (text, "\\u001f");
              else
                g_string_append_c (text, *p);
            }
          if (*p == '\0')
            break;
          g_string_append_c (text, *p);
        }
      else if (*p == '-' || g_ascii_isdigit (*p))
        {
          /* A number: copy it, less a ".0" that follows an exponent. */
          const char *start = p;
          gboolean exponent = FALSE;

          while (p[1] != '\0' && strchr ("0123456789+-.eE", p[1]) != NULL)
            p++;
          for (const char *q = start; q <= p; q++)
            exponent = exponent || *q == 'e' || *q == 'E';
          if (exponent && p - start >= 2 && p[-1] == '.' && p[0] == '0')
            g_string_append_len (text, start, p - start - 1);
          else
            g_string_append_len (text, start, p - start + 1);
        }
      else
        g_string_append_c (text, *p);
    }
  if (length != NULL)
    *length = text->len;
  return g_string_free (text, FALSE);
}

gboolean
avs_json_get_nullable_string (JsonObject   *object,
                              const char   *path,
                              const char   *member,
                              const char  **out_value,
                              GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out_value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  return avs_json_get_string (object, path, member, TRUE, out_value, error);
}
