/* avs-catalog-validate.c — strict checks for the values a catalog may hold (internal)
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "avs-catalog-validate.h"
#include "avs-json.h"

#define MAX_URL 2048

gboolean
avs_catalog_schema_error (GError     **error,
                          const char  *format,
                          ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
all_chars (const char *value,
           gsize       max,
           const char *extra)
{
  gsize len = strlen (value);

  if (len == 0 || len > max)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (value[i]) && strchr (extra, value[i]) == NULL)
      return FALSE;
  return TRUE;
}

gboolean
avs_catalog_check_id (const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    if (g_ascii_isupper (*p))
      return FALSE;
  return all_chars (value, 64, "-") && value[0] != '-';
}

/* Printable text: valid UTF-8 (the JSON reader checked it), no control characters — an escape
 * sequence must never reach a terminal — and not too long. */
static gboolean
check_printable (const char *value,
                 gsize       max_chars,
                 gboolean    allow_newline)
{
  glong chars = g_utf8_strlen (value, -1);

  if (*value == '\0' || chars > (glong) max_chars)
    return FALSE;
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == '\n' && allow_newline)
        continue;
      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029 ||
          g_unichar_type (c) == G_UNICODE_FORMAT)
        {
          /* Format characters include the bidi overrides that can disguise text; the
           * zero-width joiner and non-joiner are needed by some scripts. */
          if (c == 0x200C || c == 0x200D)
            continue;
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
avs_catalog_check_name (const char *value)
{
  return check_printable (value, 200, FALSE);
}

gboolean
avs_catalog_check_text (const char *value)
{
  return check_printable (value, 4000, TRUE);
}

gboolean
avs_catalog_check_country (const char *value)
{
  return strlen (value) == 2 && g_ascii_isupper (value[0]) && g_ascii_isupper (value[1]);
}

gboolean
avs_catalog_check_spdx (const char *value)
{
  return all_chars (value, 100, "-.+ ()");
}

static gboolean
one_of (const char          *value,
        const char * const  *names)
{
  return g_strv_contains (names, value);
}

gboolean
avs_catalog_check_audience (const char *value)
{
  static const char * const names[] = { "home", "business", "server", NULL };
  return one_of (value, names);
}

gboolean
avs_catalog_check_platform (const char *value)
{
  static const char * const names[] = { "linux", "windows", "macos", "bsd", NULL };
  return one_of (value, names);
}

gboolean
avs_catalog_check_mechanism (const char *value)
{
  static const char * const names[] = { "fanotify", "kernel-module", "ebpf", NULL };
  return one_of (value, names);
}

gboolean
avs_catalog_check_os_id (const char *value)
{
  /* os-release(5): lower-case letters, digits, "_", "-" and ".". */
  for (const char *p = value; *p != '\0'; p++)
    if (g_ascii_isupper (*p))
      return FALSE;
  return all_chars (value, 64, "._-");
}

gboolean
avs_catalog_check_deb_package (const char *value)
{
  /* Debian policy §5.6.1: lower case, digits, + - .; at least two characters, starting
   * alphanumeric. Arch names follow the same rules plus "_" and "@", never needed here. */
  for (const char *p = value; *p != '\0'; p++)
    if (g_ascii_isupper (*p))
      return FALSE;
  return strlen (value) >= 2 && all_chars (value, 128, "+-.") && g_ascii_isalnum (value[0]);
}

gboolean
avs_catalog_check_rpm_package (const char *value)
{
  return all_chars (value, 128, "+-._") && g_ascii_isalnum (value[0]);
}

gboolean
avs_catalog_check_flathub_id (const char *value)
{
  g_auto(GStrv) parts = NULL;

  /* Flatpak application ids: at least three dot-separated elements of [A-Za-z0-9_-], each
   * not starting with a digit; at most 255 characters. */
  if (!all_chars (value, 255, "._-"))
    return FALSE;
  parts = g_strsplit (value, ".", -1);
  if (g_strv_length (parts) < 3)
    return FALSE;
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] == '\0' || g_ascii_isdigit (parts[i][0]))
      return FALSE;
  return TRUE;
}

static gboolean
is_hex (char c)
{
  return g_ascii_isxdigit (c);
}

/* A strict, allocation-free check: "https://host[:port][/path][?query][#fragment]" with a DNS
 * name or IPv4 host, no user information, and only the characters RFC 3986 allows (non-ASCII
 * must be percent-encoded). */
static gboolean
check_url (const char *value,
           gboolean    allow_http)
{
  const char *p;
  const char *host;
  gsize host_len = 0;

  if (strlen (value) > MAX_URL)
    return FALSE;
  if (g_str_has_prefix (value, "https://"))
    p = value + 8;
  else if (allow_http && g_str_has_prefix (value, "http://"))
    p = value + 7;
  else
    return FALSE;

  host = p;
  while (g_ascii_isalnum (*p) || *p == '.' || *p == '-')
    p++;
  host_len = p - host;
  if (host_len == 0 || host[0] == '.' || host[0] == '-' || host[host_len - 1] == '-')
    return FALSE;
  if (*p == ':')
    {
      const char *port = ++p;
      while (g_ascii_isdigit (*p))
        p++;
      if (p == port || p - port > 5)
        return FALSE;
    }
  if (*p != '\0' && *p != '/' && *p != '?' && *p != '#')
    return FALSE;   /* "@" (user information), "\\", spaces… */

  for (; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || strchr ("-._~:/?#[]@!$&'()*+,;=", *p) != NULL)
        continue;
      if (*p == '%' && is_hex (p[1]) && is_hex (p[2]))
        {
          p += 2;
          continue;
        }
      return FALSE;
    }
  return TRUE;
}

gboolean
avs_catalog_check_https_url (const char *value)
{
  return check_url (value, FALSE);
}

gboolean
avs_catalog_check_source_url (const char *value)
{
  /* Sources are citations: a few of them are only available over plain HTTP. */
  return check_url (value, TRUE);
}

gboolean
avs_catalog_check_date (const char *value)
{
  g_autoptr(GDate) date = NULL;
  int y, m, d;
  char tail;

  if (strlen (value) != 10 || value[4] != '-' || value[7] != '-')
    return FALSE;
  if (sscanf (value, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  return g_date_valid_dmy (d, m, y);
}

gboolean
avs_catalog_check_language (const char *value)
{
  gsize len = strlen (value);
  gsize i = 0;

  while (i < len && g_ascii_islower (value[i]))
    i++;
  if (i < 2 || i > 3)
    return FALSE;
  if (i < len && value[i] == '_')
    {
      if (len < i + 3 || !g_ascii_isupper (value[i + 1]) || !g_ascii_isupper (value[i + 2]))
        return FALSE;
      i += 3;
    }
  if (i < len && value[i] == '@')
    {
      gsize start = ++i;
      while (i < len && g_ascii_islower (value[i]))
        i++;
      if (i == start)
        return FALSE;
    }
  return i == len;
}

gboolean
avs_catalog_member_is_null (const AvsJsonValue *object,
                            const char         *member)
{
  const AvsJsonValue *value = avs_json_value_get_member (object, member);
  return value != NULL && value->type == AVS_JSON_TYPE_NULL;
}

gboolean
avs_catalog_get_checked_string (const AvsJsonValue     *object,
                                const char             *path,
                                const char             *member,
                                gboolean                nullable,
                                AvsCatalogStringCheck   check,
                                char                  **out,
                                GError                **error)
{
  const char *value = NULL;

  *out = NULL;
  if (nullable && avs_catalog_member_is_null (object, member))
    return TRUE;
  if (!avs_json_value_get_string (object, path, member, TRUE, &value, error))
    return FALSE;
  if (!check (value))
    return avs_catalog_schema_error (error,
                                     /* Translators: "$.products[2]: the value of “homepage” is not allowed: “javascript:…”" */
                                     _("%s: the value of “%s” is not allowed: “%s”."),
                                     path, member, value);
  *out = g_strdup (value);
  return TRUE;
}

/* The {language: text} object of @member; every text is checked as a text and, when @check is
 * not NULL, by @check too (a failure names the language: "$.products[3].name: … “de” …"). */
static gboolean
get_texts_checked (const AvsJsonValue    *object,
                   const char            *path,
                   const char            *member,
                   gboolean               nullable,
                   const char * const    *languages,
                   AvsCatalogStringCheck  check,
                   char                 **out,
                   GError               **error)
{
  const AvsJsonValue *map = NULL;
  const char *best = NULL;
  const char *english = NULL;
  guint best_rank = G_MAXUINT;

  *out = NULL;
  if (nullable && avs_catalog_member_is_null (object, member))
    return TRUE;
  if (!avs_json_value_get_object (object, path, member, TRUE, &map, error))
    return FALSE;

  for (guint m = 0; m < map->length; m++)
    {
      const char *lang = map->members[m].name;
      const AvsJsonValue *node = &map->members[m].value;
      const char *text;

      if (!avs_catalog_check_language (lang))
        return avs_catalog_schema_error (error, _("%s.%s: “%s” is not a language code."),
                                         path, member, lang);
      if (node->type != AVS_JSON_TYPE_STRING || !avs_catalog_check_text (node->string))
        return avs_catalog_schema_error (error,
                                         _("%s.%s: the text for “%s” must be a non-empty string "
                                           "without control characters."), path, member, lang);
      text = node->string;
      if (check != NULL && !check (text))
        {
          g_autofree char *texts_path = g_strdup_printf ("%s.%s", path, member);
          return avs_catalog_schema_error (error, _("%s: the value of “%s” is not allowed: “%s”."),
                                           texts_path, lang, text);
        }
      if (g_str_equal (lang, "en"))
        english = text;
      /* "C" and "POSIX" end the list: no translation wanted. */
      for (guint i = 0; i < best_rank && languages[i] != NULL; i++)
        {
          if (g_str_equal (languages[i], "C") || g_str_equal (languages[i], "POSIX"))
            break;
          if (g_str_equal (languages[i], lang))
            {
              best = text;
              best_rank = i;
              break;
            }
        }
    }
  if (english == NULL)
    return avs_catalog_schema_error (error, _("%s.%s: the English text (“en”) is required."),
                                     path, member);
  *out = g_strdup (best != NULL ? best : english);
  return TRUE;
}

gboolean
avs_catalog_get_texts (const AvsJsonValue  *object,
                       const char          *path,
                       const char          *member,
                       gboolean             nullable,
                       const char * const  *languages,
                       char               **out,
                       GError             **error)
{
  return get_texts_checked (object, path, member, nullable, languages, NULL, out, error);
}

gboolean
avs_catalog_get_name (const AvsJsonValue  *object,
                      const char          *path,
                      const char          *member,
                      const char * const  *languages,
                      char               **out,
                      GError             **error)
{
  const AvsJsonValue *value = avs_json_value_get_member (object, member);

  /* A product's own name is the same in every language; only a name made of words (the
   * advice entry) needs translations. Anything else gets the plain string's error. */
  if (value != NULL && value->type == AVS_JSON_TYPE_OBJECT)
    return get_texts_checked (object, path, member, FALSE, languages, avs_catalog_check_name,
                              out, error);
  return avs_catalog_get_checked_string (object, path, member, FALSE, avs_catalog_check_name,
                                         out, error);
}

gboolean
avs_catalog_get_time (const AvsJsonValue *object,
                      const char   *path,
                      const char   *member,
                      GDateTime   **out,
                      GError      **error)
{
  const char *value = NULL;
  g_autoptr(GDateTime) time = NULL;

  *out = NULL;
  if (!avs_json_value_get_string (object, path, member, TRUE, &value, error))
    return FALSE;
  /* Exactly "YYYY-MM-DDTHH:MM:SSZ": one form, so that nobody has to guess a time zone. */
  if (strlen (value) == 20 && value[4] == '-' && value[7] == '-' && value[10] == 'T' &&
      value[13] == ':' && value[16] == ':' && value[19] == 'Z')
    time = g_date_time_new_from_iso8601 (value, NULL);
  if (time == NULL)
    return avs_catalog_schema_error (error,
                                     /* Translators: do not translate the example format */
                                     _("%s: “%s” must be a UTC time such as "
                                       "2026-01-31T12:00:00Z, not “%s”."), path, member, value);
  *out = g_steal_pointer (&time);
  return TRUE;
}
