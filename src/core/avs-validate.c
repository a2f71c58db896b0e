/* avs-validate.c — strict patterns for everything that ends up in a command line
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "avs-validate.h"

G_DEFINE_QUARK (avs-validate-error-quark, avs_validate_error)

/* A value that failed a check may hold anything: show it escaped and shortened. */
static char *
display_value (const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    return g_strdup ("(null)");
  escaped = g_strescape (value, NULL);
  if (strlen (escaped) > 80)
    {
      escaped[77] = '\0';
      return g_strconcat ("“", escaped, "…”", NULL);
    }
  return g_strconcat ("“", escaped, "”", NULL);
}

static gboolean
fail (GError    **error,
      const char *format_what,
      const char *value,
      const char *why)
{
  g_autofree char *shown = display_value (value);

  /* Translators: the first %s says what was checked (already translated, e.g. "package name"
   * sentence), the second is the refused value, the third the reason */
  g_set_error (error, AVS_VALIDATE_ERROR, AVS_VALIDATE_ERROR_INVALID,
               _("Refused the %s %s: %s. AV Switch only puts values it can check into "
                 "commands; check the rules file or catalog entry that named it."),
               format_what, shown, why);
  return FALSE;
}

static gboolean
all_chars_in (const char *value,
              const char *allowed_extra,
              gboolean    allow_upper)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      char c = *p;

      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        continue;
      if (allow_upper && c >= 'A' && c <= 'Z')
        continue;
      if (strchr (allowed_extra, c) != NULL)
        continue;
      return FALSE;
    }
  return TRUE;
}

gboolean
avs_validate_package_name (const char  *name,
                           GError     **error)
{
  /* Translators: used as "Refused the package name “x”: …" */
  const char *what = _("package name");

  if (name == NULL || *name == '\0')
    return fail (error, what, name, _("it is empty"));
  if (strlen (name) > 128)
    return fail (error, what, name, _("it is longer than 128 characters"));
  if (!g_ascii_isalnum (name[0]))
    return fail (error, what, name, _("it must start with a letter or a digit"));
  if (!all_chars_in (name, "+._-", TRUE))
    return fail (error, what, name,
                 _("only letters, digits and the characters + . _ - are allowed"));
  if (strstr (name, "..") != NULL)
    return fail (error, what, name, _("it contains “..”"));
  return TRUE;
}

gboolean
avs_validate_flatpak_id (const char  *id,
                         GError     **error)
{
  /* Translators: used as "Refused the Flatpak application id “x”: …" */
  const char *what = _("Flatpak application id");
  g_auto(GStrv) elements = NULL;

  if (id == NULL || *id == '\0')
    return fail (error, what, id, _("it is empty"));
  if (strlen (id) > 255)
    return fail (error, what, id, _("it is longer than 255 characters"));
  if (strchr (id, '/') != NULL)
    return fail (error, what, id, _("it contains a slash"));
  if (!all_chars_in (id, "._-", TRUE))
    return fail (error, what, id,
                 _("only letters, digits and the characters . _ - are allowed"));

  elements = g_strsplit (id, ".", -1);
  if (g_strv_length (elements) < 3)
    return fail (error, what, id, _("it needs at least three parts separated by dots"));
  for (guint i = 0; elements[i] != NULL; i++)
    {
      if (elements[i][0] == '\0')
        return fail (error, what, id, _("one of its parts is empty"));
      if (g_ascii_isdigit (elements[i][0]) || elements[i][0] == '-')
        return fail (error, what, id, _("a part starts with a digit or “-”"));
    }
  return TRUE;
}

gboolean
avs_validate_path (const char  *path,
                   GError     **error)
{
  /* Translators: used as "Refused the path “x”: …" */
  const char *what = _("path");
  g_auto(GStrv) components = NULL;

  if (path == NULL || *path == '\0')
    return fail (error, what, path, _("it is empty"));
  if (path[0] != '/')
    return fail (error, what, path, _("it is not absolute"));
  if (strlen (path) > 4096)
    return fail (error, what, path, _("it is longer than 4096 characters"));
  if (!all_chars_in (path, "/._+@:,=~-", TRUE))
    return fail (error, what, path,
                 _("it contains spaces, shell characters or other characters AV Switch does "
                   "not put into commands"));
  if (g_str_equal (path, "/"))
    return TRUE;

  components = g_strsplit (path + 1, "/", -1);
  for (guint i = 0; components[i] != NULL; i++)
    {
      if (components[i][0] == '\0')
        return fail (error, what, path, _("it contains an empty component (“//” or a trailing “/”)"));
      if (g_str_equal (components[i], ".") || g_str_equal (components[i], ".."))
        return fail (error, what, path, _("it contains “.” or “..”"));
    }
  return TRUE;
}

gboolean
avs_validate_unit_name (const char  *unit,
                        GError     **error)
{
  /* Translators: used as "Refused the service name “x”: …" */
  const char *what = _("service name");
  static const char * const suffixes[] = {
    ".service", ".socket", ".timer", ".path", ".mount", ".target", NULL
  };
  gboolean suffix_ok = FALSE;

  if (unit == NULL || *unit == '\0')
    return fail (error, what, unit, _("it is empty"));
  if (strlen (unit) > 255)
    return fail (error, what, unit, _("it is longer than 255 characters"));
  if (unit[0] == '-' || unit[0] == '.')
    return fail (error, what, unit, _("it starts with “-” or “.”"));
  if (!all_chars_in (unit, ":_.@-", TRUE))
    return fail (error, what, unit,
                 _("only letters, digits and the characters : _ . @ - are allowed"));
  for (guint i = 0; suffixes[i] != NULL; i++)
    if (g_str_has_suffix (unit, suffixes[i]) && strlen (unit) > strlen (suffixes[i]))
      suffix_ok = TRUE;
  if (!suffix_ok)
    return fail (error, what, unit, _("it does not end in a known unit type such as “.service”"));
  return TRUE;
}

gboolean
avs_validate_account_name (const char  *name,
                           GError     **error)
{
  /* Translators: used as "Refused the group name “x”: …" */
  const char *what = _("group name");

  if (name == NULL || *name == '\0')
    return fail (error, what, name, _("it is empty"));
  if (strlen (name) > 32)
    return fail (error, what, name, _("it is longer than 32 characters"));
  if (!((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
    return fail (error, what, name, _("it must start with a lower-case letter or “_”"));
  if (!all_chars_in (name, "_-", FALSE))
    return fail (error, what, name,
                 _("only lower-case letters, digits and the characters _ - are allowed"));
  return TRUE;
}

gboolean
avs_validate_nss_nickname (const char  *nickname,
                           GError     **error)
{
  /* Translators: used as "Refused the certificate nickname “x”: …" */
  const char *what = _("certificate nickname");

  if (nickname == NULL || *nickname == '\0')
    return fail (error, what, nickname, _("it is empty"));
  if (strlen (nickname) > 200)
    return fail (error, what, nickname, _("it is longer than 200 characters"));
  if (!g_utf8_validate (nickname, -1, NULL))
    return fail (error, what, nickname, _("it is not valid UTF-8"));
  if (nickname[0] == '-' || nickname[0] == ' ')
    return fail (error, what, nickname, _("it starts with “-” or a space"));
  for (const char *p = nickname; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || !g_unichar_isprint (c))
        return fail (error, what, nickname, _("it contains control characters"));
      if (c < 128 && strchr (";|&$`\\\"'<>(){}*?", (int) c) != NULL)
        return fail (error, what, nickname, _("it contains shell characters"));
    }
  return TRUE;
}

gboolean
avs_validate_https_url (const char  *url,
                        GError     **error)
{
  /* Translators: used as "Refused the web address “x”: …" */
  const char *what = _("web address");

  if (url == NULL || *url == '\0')
    return fail (error, what, url, _("it is empty"));
  if (strlen (url) > 2048)
    return fail (error, what, url, _("it is longer than 2048 characters"));
  if (!g_str_has_prefix (url, "https://") || url[8] == '\0' || url[8] == '/')
    return fail (error, what, url, _("it does not start with “https://” and a host name"));
  for (const char *p = url; *p != '\0'; p++)
    {
      unsigned char c = (unsigned char) *p;

      if (c <= 0x20 || c >= 0x7f || strchr ("\"'<>\\`{}|^", c) != NULL)
        return fail (error, what, url, _("it contains spaces, quotes or control characters"));
    }
  return TRUE;
}

gboolean
avs_validate_product_id (const char  *id,
                         GError     **error)
{
  /* Translators: used as "Refused the product id “x”: …" */
  const char *what = _("product id");

  if (id == NULL || *id == '\0')
    return fail (error, what, id, _("it is empty"));
  if (strlen (id) > 64)
    return fail (error, what, id, _("it is longer than 64 characters"));
  if (!g_ascii_isalnum (id[0]))
    return fail (error, what, id, _("it must start with a letter or a digit"));
  if (!all_chars_in (id, "-", FALSE))
    return fail (error, what, id,
                 _("only lower-case letters, digits and “-” are allowed"));
  return TRUE;
}
