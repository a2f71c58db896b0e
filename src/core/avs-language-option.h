/* avs-language-option.h — `--language LL`: the whole program in another language than the desktop's
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A help-desk technician reads English while the user's desktop is in Arabic, or the other way
 * round. `avswitch --language LL` and `avswitch-gtk --language LL` set LANGUAGE and the
 * LC_MESSAGES locale before anything is translated; the window's "Language…" dialog restarts
 * the program with it. Only the languages this build ships (po/LINGUAS) and English are
 * accepted, and the name is checked before it reaches the environment: it becomes part of the
 * path gettext opens under the fixed LOCALEDIR, never a folder of its own.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AVS_LANGUAGE_OPTION_ERROR (avs_language_option_error_quark ())

typedef enum
{
  AVS_LANGUAGE_OPTION_ERROR_INVALID,     /* not a locale name */
  AVS_LANGUAGE_OPTION_ERROR_UNKNOWN,     /* no translation into it is shipped */
  AVS_LANGUAGE_OPTION_ERROR_MISSING,     /* --language without a value */
} AvsLanguageOptionError;

GQuark              avs_language_option_error_quark   (void);

/* Whether @language is a locale name: a letter, then letters, digits, "_", "@" and "." only, at
 * most 64 bytes ("de", "pt_BR", "sr@latin", "de_DE.UTF-8"). */
gboolean            avs_language_option_is_valid      (const char  *language);

/* Whether @language names English (the text of the source: "en", "en_GB", "C"). */
gboolean            avs_language_option_is_english    (const char  *language);

/* The languages this build ships translations into (po/LINGUAS), sorted; English is not among
 * them. NULL-terminated, static. */
const char * const *avs_language_option_shipped       (void);

/* @language's name in itself ("Deutsch", "العربية"); the code itself for a language this
 * table does not know. */
const char         *avs_language_option_native_name   (const char  *language);

/* Checks @language (valid, and English or shipped) and, when it is, sets LANGUAGE to it and
 * makes sure the LC_MESSAGES locale is not "C" (glibc ignores LANGUAGE under "C"). Call it in
 * main(), before the first string is translated and before any thread starts. */
gboolean            avs_language_option_apply         (const char  *language,
                                                       GError     **error);

/* Finds "--language LL" or "--language=LL" in @argv (up to a "--") and returns LL in
 * @language (NULL when absent). With @remove the option is taken out of @argv (@argc
 * updated). FALSE with @error when the option has no value. */
gboolean            avs_language_option_find          (int         *argc,
                                                       char       **argv,
                                                       gboolean     remove,
                                                       char       **language,
                                                       GError     **error);

G_END_DECLS
