/* avs-validate.c — strict patterns for everything that ends up in a command line
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "avs-text.h"
#include "avs-validate.h"

G_DEFINE_QUARK (avs-validate-error-quark, avs_validate_error)

/* A value that failed a check may hold anything: escaped, shortened and isolated, ready for
 * the “%s” of a refusal (the quotes are the translation's, so that they can be « » or „ “). */
static char *
display_value (const char *value)
{
  g_autofree char *escaped = g_strescape (value != NULL ? value : "", NULL);

  if (strlen (escaped) > 80)
    {
      escaped[77] = '\0';
      g_autofree char *shortened = g_strconcat (escaped, "…", NULL);
      return avs_text_isolate (shortened);
    }
  return avs_text_isolate (escaped);
}

/* @format is a whole sentence that refuses one value; the advice follows as a sentence of its
 * own. */
static gboolean G_GNUC_PRINTF (2, 3)
fail (GError     **error,
      const char  *format,
      ...)
{
  g_autofree char *refusal = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  refusal = g_strdup_vprintf (format, args);
  va_end (args);
  message = avs_text_join_sentences (refusal,
                                     _("AV Switch only puts values it can check into commands; "
                                       "check the rules file or catalog entry that named it."));
  g_set_error_literal (error, AVS_VALIDATE_ERROR, AVS_VALIDATE_ERROR_INVALID, message);
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
  g_autofree char *shown = NULL;

  if (name == NULL || *name == '\0')
    return fail (error, "%s", _("Refused an empty package name."));
  shown = display_value (name);
  if (strlen (name) > 128)
    /* Translators: the “%s” of each refusal here is the refused value, as a rules file, a
     * catalog or a scanned disk gave it */
    return fail (error, _("Refused the package name “%s”: it is longer than 128 characters."),
                 shown);
  if (!g_ascii_isalnum (name[0]))
    return fail (error, _("Refused the package name “%s”: it must start with a letter or a "
                          "digit."), shown);
  if (!all_chars_in (name, "+._-", TRUE))
    return fail (error, _("Refused the package name “%s”: only letters, digits and the "
                          "characters + . _ - are allowed."), shown);
  if (strstr (name, "..") != NULL)
    return fail (error, _("Refused the package name “%s”: it contains “..”."), shown);
  return TRUE;
}

gboolean
avs_validate_flatpak_id (const char  *id,
                         GError     **error)
{
  g_autofree char *shown = NULL;
  g_auto(GStrv) elements = NULL;

  if (id == NULL || *id == '\0')
    return fail (error, "%s", _("Refused an empty Flatpak application id."));
  shown = display_value (id);
  if (strlen (id) > 255)
    return fail (error, _("Refused the Flatpak application id “%s”: it is longer than 255 "
                          "characters."), shown);
  if (strchr (id, '/') != NULL)
    return fail (error, _("Refused the Flatpak application id “%s”: it contains a slash."),
                 shown);
  if (!all_chars_in (id, "._-", TRUE))
    return fail (error, _("Refused the Flatpak application id “%s”: only letters, digits and "
                          "the characters . _ - are allowed."), shown);

  elements = g_strsplit (id, ".", -1);
  if (g_strv_length (elements) < 3)
    return fail (error, _("Refused the Flatpak application id “%s”: it needs at least three "
                          "parts separated by dots."), shown);
  for (guint i = 0; elements[i] != NULL; i++)
    {
      if (elements[i][0] == '\0')
        return fail (error, _("Refused the Flatpak application id “%s”: one of its parts is "
                              "empty."), shown);
      if (g_ascii_isdigit (elements[i][0]) || elements[i][0] == '-')
        return fail (error, _("Refused the Flatpak application id “%s”: a part starts with a "
                              "digit or “-”."), shown);
    }
  return TRUE;
}

gboolean
avs_validate_path (const char  *path,
                   GError     **error)
{
  g_autofree char *shown = NULL;
  g_auto(GStrv) components = NULL;

  if (path == NULL || *path == '\0')
    return fail (error, "%s", _("Refused an empty path."));
  shown = display_value (path);
  if (path[0] != '/')
    return fail (error, _("Refused the path “%s”: it is not absolute."), shown);
  if (strlen (path) > 4096)
    return fail (error, _("Refused the path “%s”: it is longer than 4096 characters."), shown);
  if (!all_chars_in (path, "/._+@:,=~-", TRUE))
    return fail (error, _("Refused the path “%s”: it contains spaces, shell characters or other "
                          "characters AV Switch does not put into commands."), shown);
  if (g_str_equal (path, "/"))
    return TRUE;

  components = g_strsplit (path + 1, "/", -1);
  for (guint i = 0; components[i] != NULL; i++)
    {
      if (components[i][0] == '\0')
        return fail (error, _("Refused the path “%s”: it contains an empty component (“//” or a "
                              "trailing “/”)."), shown);
      if (g_str_equal (components[i], ".") || g_str_equal (components[i], ".."))
        return fail (error, _("Refused the path “%s”: it contains “.” or “..”."), shown);
    }
  return TRUE;
}

gboolean
avs_validate_unit_name (const char  *unit,
                        GError     **error)
{
  static const char * const suffixes[] = {
    ".service", ".socket", ".timer", ".path", ".mount", ".target", NULL
  };
  g_autofree char *shown = NULL;
  gboolean suffix_ok = FALSE;

  if (unit == NULL || *unit == '\0')
    return fail (error, "%s", _("Refused an empty service name."));
  shown = display_value (unit);
  if (strlen (unit) > 255)
    return fail (error, _("Refused the service name “%s”: it is longer than 255 characters."),
                 shown);
  if (unit[0] == '-' || unit[0] == '.')
    return fail (error, _("Refused the service name “%s”: it starts with “-” or “.”."), shown);
  if (!all_chars_in (unit, ":_.@-", TRUE))
    return fail (error, _("Refused the service name “%s”: only letters, digits and the "
                          "characters : _ . @ - are allowed."), shown);
  for (guint i = 0; suffixes[i] != NULL; i++)
    if (g_str_has_suffix (unit, suffixes[i]) && strlen (unit) > strlen (suffixes[i]))
      suffix_ok = TRUE;
  if (!suffix_ok)
    return fail (error, _("Refused the service name “%s”: it does not end in a known unit type "
                          "such as “.service”."), shown);
  return TRUE;
}

gboolean
avs_validate_account_name (const char  *name,
                           GError     **error)
{
  g_autofree char *shown = NULL;

  if (name == NULL || *name == '\0')
    return fail (error, "%s", _("Refused an empty group name."));
  shown = display_value (name);
  if (strlen (name) > 32)
    return fail (error, _("Refused the group name “%s”: it is longer than 32 characters."),
                 shown);
  if (!((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
    return fail (error, _("Refused the group name “%s”: it must start with a lower-case letter "
                          "or “_”."), shown);
  if (!all_chars_in (name, "_-", FALSE))
    return fail (error, _("Refused the group name “%s”: only lower-case letters, digits and the "
                          "characters _ - are allowed."), shown);
  return TRUE;
}

gboolean
avs_validate_nss_nickname (const char  *nickname,
                           GError     **error)
{
  g_autofree char *shown = NULL;

  if (nickname == NULL || *nickname == '\0')
    return fail (error, "%s", _("Refused an empty certificate nickname."));
  shown = display_value (nickname);
  if (strlen (nickname) > 200)
    return fail (error, _("Refused the certificate nickname “%s”: it is longer than 200 "
                          "characters."), shown);
  if (!g_utf8_validate (nickname, -1, NULL))
    return fail (error, _("Refused the certificate nickname “%s”: it is not valid UTF-8."),
                 shown);
  if (nickname[0] == '-' || nickname[0] == ' ')
    return fail (error, _("Refused the certificate nickname “%s”: it starts with “-” or a "
                          "space."), shown);
  for (const char *p = nickname; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || !g_unichar_isprint (c))
        return fail (error, _("Refused the certificate nickname “%s”: it contains control "
                              "characters."), shown);
      if (c < 128 && strchr (";|&$`\\\"'<>(){}*?", (int) c) != NULL)
        return fail (error, _("Refused the certificate nickname “%s”: it contains shell "
                              "characters."), shown);
    }
  return TRUE;
}

gboolean
avs_validate_https_url (const char  *url,
                        GError     **error)
{
  g_autofree char *shown = NULL;

  if (url == NULL || *url == '\0')
    return fail (error, "%s", _("Refused an empty web address."));
  shown = display_value (url);
  if (strlen (url) > 2048)
    return fail (error, _("Refused the web address “%s”: it is longer than 2048 characters."),
                 shown);
  if (!g_str_has_prefix (url, "https://") || url[8] == '\0' || url[8] == '/')
    return fail (error, _("Refused the web address “%s”: it does not start with “https://” and "
                          "a host name."), shown);
  for (const char *p = url; *p != '\0'; p++)
    {
      unsigned char c = (unsigned char) *p;

      if (c <= 0x20 || c >= 0x7f || strchr ("\"'<>\\`{}|^", c) != NULL)
        return fail (error, _("Refused the web address “%s”: it contains spaces, quotes or "
                              "control characters."), shown);
    }
  return TRUE;
}

gboolean
avs_validate_product_id (const char  *id,
                         GError     **error)
{
  g_autofree char *shown = NULL;

  if (id == NULL || *id == '\0')
    return fail (error, "%s", _("Refused an empty product id."));
  shown = display_value (id);
  if (strlen (id) > 64)
    return fail (error, _("Refused the product id “%s”: it is longer than 64 characters."),
                 shown);
  if (!g_ascii_isalnum (id[0]))
    return fail (error, _("Refused the product id “%s”: it must start with a letter or a "
                          "digit."), shown);
  if (!all_chars_in (id, "-", FALSE))
    return fail (error, _("Refused the product id “%s”: only lower-case letters, digits and “-” "
                          "are allowed."), shown);
  return TRUE;
}
