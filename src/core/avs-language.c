/* avs-language.c — translating a stretch of code into another language than the program's
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libintl.h>
#include <locale.h>
#include <string.h>

#include "avs-language.h"

/* glibc's counter of loaded catalogs: bumping it makes gettext look its cache up again, as the
 * gettext manual says to do after changing LANGUAGE. */
extern int _nl_msg_cat_cntr;

struct _AvsLanguageScope
{
  gboolean  active;
  char     *old_language;     /* NULL: LANGUAGE was not set */
  locale_t  locale;           /* the thread's own locale while in the scope, or 0 */
  locale_t  old_locale;
};

gboolean
avs_language_is_valid (const char *language)
{
  gsize length = language != NULL ? strlen (language) : 0;

  if (length == 0 || length > 64)
    return FALSE;
  for (const char *p = language; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_@.-:", *p) == NULL)
      return FALSE;
  return g_ascii_isalpha (language[0]);
}

AvsLanguageScope *
avs_language_scope_enter (const char *language)
{
  AvsLanguageScope *scope = g_new0 (AvsLanguageScope, 1);
  const char *messages;

  if (!avs_language_is_valid (language))
    return scope;

  scope->active = TRUE;
  scope->old_language = g_strdup (g_getenv ("LANGUAGE"));

  /* glibc ignores LANGUAGE when the messages locale is "C" (or "POSIX"): give this thread a
   * locale whose LC_MESSAGES is C.UTF-8 then, which glibc does not treat so. */
  messages = setlocale (LC_MESSAGES, NULL);
  if (messages == NULL || g_str_equal (messages, "C") || g_str_equal (messages, "POSIX"))
    {
      locale_t base = duplocale (LC_GLOBAL_LOCALE);

      if (base != (locale_t) 0)
        {
          scope->locale = newlocale (LC_MESSAGES_MASK, "C.UTF-8", base);
          if (scope->locale == (locale_t) 0)
            freelocale (base);
          else
            scope->old_locale = uselocale (scope->locale);
        }
    }

  /* English last: a message with no translation falls back to the msgid, never to the
   * program's own language. */
  {
    g_autofree char *list = g_strconcat (language, ":en", NULL);
    g_setenv ("LANGUAGE", list, TRUE);
  }
  ++_nl_msg_cat_cntr;
  return scope;
}

void
avs_language_scope_leave (AvsLanguageScope *scope)
{
  if (scope == NULL)
    return;
  if (scope->active)
    {
      if (scope->old_language != NULL)
        g_setenv ("LANGUAGE", scope->old_language, TRUE);
      else
        g_unsetenv ("LANGUAGE");
      if (scope->locale != (locale_t) 0)
        {
          uselocale (scope->old_locale);
          freelocale (scope->locale);
        }
      ++_nl_msg_cat_cntr;
    }
  g_free (scope->old_language);
  g_free (scope);
}
