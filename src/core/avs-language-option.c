/* avs-language-option.c — `--language LL`: the whole program in another language than the desktop's
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "avs-language-option.h"

G_DEFINE_QUARK (avs-language-option-error-quark, avs_language_option_error)

gboolean
avs_language_option_is_valid (const char *language)
{
  gsize n;

  if (language == NULL || !g_ascii_isalpha (language[0]))
    return FALSE;
  n = strlen (language);
  if (n > 64)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isalnum (language[i]) && language[i] != '_' && language[i] != '@' && language[i] != '.')
      return FALSE;
  return TRUE;
}

/* "de_DE.UTF-8@euro" → "de" */
static char *
language_part (const char *language)
{
  return g_strndup (language, strcspn (language, "_.@"));
}

/* "pt_BR.UTF-8" → "pt_BR": the codeset does not choose a translation. */
static char *
without_codeset (const char *language)
{
  const char *dot = strchr (language, '.');
  const char *at = strchr (language, '@');
  GString *code;

  if (dot == NULL)
    return g_strdup (language);
  code = g_string_new_len (language, dot - language);
  if (at != NULL && at > dot)
    g_string_append (code, at);
  return g_string_free (code, FALSE);
}

gboolean
avs_language_option_is_english (const char *language)
{
  g_autofree char *part = NULL;

  if (language == NULL)
    return FALSE;
  if (g_str_equal (language, "C") || g_str_equal (language, "POSIX"))
    return TRUE;
  part = language_part (language);
  return g_str_equal (part, "en");
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

const char * const *
avs_language_option_shipped (void)
{
  static char **shipped = NULL;

  if (g_once_init_enter (&shipped))
    {
      /* AVS_LINGUAS: po/LINGUAS, colon-separated, from meson. */
      char **list = g_strsplit (AVS_LINGUAS, ":", -1);
      GPtrArray *kept = g_ptr_array_new ();

      for (guint i = 0; list[i] != NULL; i++)
        if (list[i][0] != '\0')
          g_ptr_array_add (kept, g_strdup (list[i]));
      g_strfreev (list);
      g_ptr_array_sort (kept, compare_codes);
      g_ptr_array_add (kept, NULL);
      g_once_init_leave (&shipped, (char **) g_ptr_array_free (kept, FALSE));
    }
  return (const char * const *) shipped;
}

/* Each language as its readers write its name: someone who cannot read the current language
 * must still find their own. */
static const struct
{
  const char *code;
  const char *name;
} native_names[] = {
  { "ar", "العربية" },
  { "de", "Deutsch" },
  { "en", "English" },
  { "es", "Español" },
  { "fr", "Français" },
  { "it", "Italiano" },
  { "ja", "日本語" },
  { "nl", "Nederlands" },
  { "pl", "Polski" },
  { "pt", "Português" },
  { "pt_BR", "Português (Brasil)" },
  { "ru", "Русский" },
  { "tr", "Türkçe" },
  { "uk", "Українська" },
  { "zh_CN", "中文（简体）" },
  { "zh_TW", "中文（繁體）" },
};

const char *
avs_language_option_native_name (const char *language)
{
  g_autofree char *code = NULL;
  g_autofree char *part = NULL;

  g_return_val_if_fail (language != NULL, NULL);

  code = without_codeset (language);
  part = language_part (language);
  for (guint i = 0; i < G_N_ELEMENTS (native_names); i++)
    if (g_str_equal (native_names[i].code, code))
      return native_names[i].name;
  for (guint i = 0; i < G_N_ELEMENTS (native_names); i++)
    if (g_str_equal (native_names[i].code, part))
      return native_names[i].name;
  return language;
}

static gboolean
is_shipped (const char *language)
{
  const char * const *shipped = avs_language_option_shipped ();
  g_autofree char *code = without_codeset (language);

  for (guint i = 0; shipped[i] != NULL; i++)
    if (g_str_equal (shipped[i], code) || g_str_equal (shipped[i], language))
      return TRUE;
  /* "de_AT" reads the German translation. */
  {
    g_autofree char *part = language_part (language);

    for (guint i = 0; shipped[i] != NULL; i++)
      if (g_str_equal (shipped[i], part))
        return TRUE;
  }
  return FALSE;
}

gboolean
avs_language_option_apply (const char  *language,
                           GError     **error)
{
  const char *current;

  g_return_val_if_fail (language != NULL, FALSE);

  if (!avs_language_option_is_valid (language))
    {
      g_autofree char *shown = g_strescape (language, NULL);

      g_set_error (error, AVS_LANGUAGE_OPTION_ERROR, AVS_LANGUAGE_OPTION_ERROR_INVALID,
                   /* Translators: %s is what was given to --language */
                   _("“%s” is not a language name: use a code such as de, pt_BR or ar (letters, "
                     "digits, “_”, “@” and “.” only)."), shown);
      return FALSE;
    }
  if (!avs_language_option_is_english (language) && !is_shipped (language))
    {
      g_autoptr(GString) known = g_string_new ("en");
      const char * const *shipped = avs_language_option_shipped ();

      for (guint i = 0; shipped[i] != NULL; i++)
        g_string_append_printf (known, ", %s", shipped[i]);
      g_set_error (error, AVS_LANGUAGE_OPTION_ERROR, AVS_LANGUAGE_OPTION_ERROR_UNKNOWN,
                   /* Translators: %1$s is a language code, %2$s a list of codes such as "en, de, fr" */
                   _("AV Switch has no translation into “%1$s”. The languages it can show are: %2$s."),
                   language, known->str);
      return FALSE;
    }

  g_setenv ("LANGUAGE", avs_language_option_is_english (language) ? "en" : language, TRUE);
  /* The language's own locale when the system has it (its plural rules come from the
   * translation either way); otherwise the user's, and C.UTF-8 rather than "C", under which
   * glibc ignores LANGUAGE. */
  {
    g_autofree char *utf8 = g_strconcat (language, ".UTF-8", NULL);

    if (strchr (language, '.') == NULL && setlocale (LC_MESSAGES, utf8) != NULL)
      return TRUE;
    if (setlocale (LC_MESSAGES, language) != NULL && !g_str_equal (language, "C") &&
        !g_str_equal (language, "POSIX"))
      return TRUE;
  }
  current = setlocale (LC_MESSAGES, NULL);
  if (current == NULL || g_str_equal (current, "C") || g_str_equal (current, "POSIX"))
    setlocale (LC_MESSAGES, "C.UTF-8");
  return TRUE;
}

gboolean
avs_language_option_find (int       *argc,
                          char     **argv,
                          gboolean   remove,
                          char     **language,
                          GError   **error)
{
  g_return_val_if_fail (argc != NULL && argv != NULL && language != NULL, FALSE);

  *language = NULL;
  for (int i = 1; i < *argc; i++)
    {
      int taken = 0;

      if (g_str_equal (argv[i], "--"))
        break;
      if (g_str_equal (argv[i], "--language"))
        {
          if (i + 1 >= *argc)
            {
              g_set_error_literal (error, AVS_LANGUAGE_OPTION_ERROR, AVS_LANGUAGE_OPTION_ERROR_MISSING,
                                   _("--language needs a language code, such as de or pt_BR."));
              return FALSE;
            }
          g_free (*language);
          *language = g_strdup (argv[i + 1]);
          taken = 2;
        }
      else if (g_str_has_prefix (argv[i], "--language="))
        {
          g_free (*language);
          *language = g_strdup (argv[i] + strlen ("--language="));
          taken = 1;
        }
      if (taken > 0 && remove)
        {
          memmove (&argv[i], &argv[i + taken], (*argc - i - taken + 1) * sizeof (char *));
          *argc -= taken;
          i--;
        }
      else if (taken == 2)
        i++;
    }
  return TRUE;
}
