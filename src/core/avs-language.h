/* avs-language.h — translating a stretch of code into another language than the program's
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The session report can be written in a language other than the window's (the user reads
 * Spanish, the ticket is in English). gettext has no per-call language, so this switches the
 * calling thread's messages for a while:
 *
 *  - the calling thread gets a locale of its own (uselocale()) whose LC_MESSAGES is not "C"
 *    (glibc ignores LANGUAGE under "C"): the current one when it is not "C", else "C.UTF-8";
 *  - LANGUAGE names the wanted language (then English as the fall-back: the msgids);
 *  - glibc's translation cache is invalidated (_nl_msg_cat_cntr) on entering and leaving.
 *
 * LANGUAGE is process-wide: call this from the thread that owns the environment (the main
 * thread of the CLI, the window's main thread), never while another thread translates, and keep
 * the stretch short (render, then leave).
 *
 * GLib's g_dgettext() (the _() of the core) decides once per process whether to translate at
 * all, from the starting locale: with no translation for a starting locale other than C or
 * English (fr_FR, C.UTF-8) it never translates. The report's own strings use dgettext()
 * directly (avs-report-render.c) so a report in another language works from any starting
 * locale; labels the report borrows from other modules (step statuses, dates) follow that
 * decision.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _AvsLanguageScope AvsLanguageScope;

/* Switches to @language ("de", "pt_BR", "es:fr"; NULL or "": no change) until
 * avs_language_scope_leave(). */
AvsLanguageScope *avs_language_scope_enter (const char       *language);
void              avs_language_scope_leave (AvsLanguageScope *scope);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AvsLanguageScope, avs_language_scope_leave)

/* Whether @language is a plausible language list for LANGUAGE: letters, digits, "_", "@", "."
 * "-" and ":" only, at most 64 bytes. */
gboolean          avs_language_is_valid    (const char       *language);

G_END_DECLS
