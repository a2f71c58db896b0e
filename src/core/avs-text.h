/* avs-text.h — making text from the scanned machine safe to show
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Names and values found on a scanned machine (file names, package fields, certificate
 * subjects, command output) are chosen by whoever controls that machine. Written raw to a
 * terminal, control characters in them become commands to the terminal: ESC sequences set the
 * clipboard (OSC 52), the window title or hide text; bidirectional overrides reorder what the
 * reader sees. Every human output of the command line goes through here.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  AVS_TEXT_ESCAPE_DEFAULT       = 0,
  /* Keep line feeds and tabs, for text whose line structure is the program's own (a whole
   * report, a paragraph); without it they are shown as \n and \t, so a value cannot fake a
   * line of its own. */
  AVS_TEXT_ESCAPE_KEEP_NEWLINES = 1 << 0,
} AvsTextEscapeFlags;

/* A copy of @text (@length bytes, or up to the NUL when -1) that is safe to write to a
 * terminal: C0 controls, DEL and bytes that are not valid UTF-8 become \xHH (line feed, carriage
 * return and tab become \n, \r and \t); C1 controls (U+0080–U+009F), bidirectional marks,
 * embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and
 * the line and paragraph separators (U+2028, U+2029) become \uHHHH. Everything else, backslashes
 * included, is kept as it is, so text that is already safe comes back unchanged and escaping
 * twice changes nothing. @text NULL gives NULL. */
char     *avs_text_escape_for_terminal (const char         *text,
                                        gssize              length,
                                        AvsTextEscapeFlags  flags);

/* Whether avs_text_escape_for_terminal() would return @text unchanged. */
gboolean  avs_text_is_safe_for_terminal (const char        *text,
                                         gssize             length,
                                         AvsTextEscapeFlags flags);

/* For a JSON document made by json-glib, which escapes C0 controls and DEL in strings but
 * writes C1 controls, bidirectional controls and invalid UTF-8 as they are: those become
 * \uHHHH escapes (invalid bytes \ufffd), so the document is still the same JSON and is safe in
 * a terminal. Such characters can only occur inside strings of a generated document. */
char     *avs_text_escape_json_document (const char        *json,
                                         gssize             length);

/* @value ready to be inserted into a translated sentence: wrapped in FIRST STRONG ISOLATE
 * (U+2068) … POP DIRECTIONAL ISOLATE (U+2069), so that a command, a path, a version or a
 * product name keeps its own direction inside Arabic or Hebrew text ("/opt/kaspersky" is not
 * turned into "kaspersky/opt/"), and the sentence's punctuation stays where the translator put
 * it. The bidirectional controls @value itself holds (marks, embeddings, overrides, isolates)
 * become \uHHHH as in avs_text_escape_for_terminal(): they could otherwise close the isolate
 * early or reorder the sentence around it. @value NULL gives NULL. */
char     *avs_text_isolate              (const char        *value);

/* A copy of @text without the isolates avs_text_isolate() added: every FIRST STRONG ISOLATE
 * with its matching POP DIRECTIONAL ISOLATE on the same line is dropped, any other one is kept
 * (and avs_text_escape_for_terminal() then escapes it). For terminals, which mostly do not lay
 * out bidirectional text and show these marks as they are. */
char     *avs_text_drop_isolates        (const char        *text);

/* @items (a NULL-terminated array) joined with the translated list separator (", " in English,
 * "، " in Arabic, "、" in Chinese), each one isolated as by avs_text_isolate() when @isolate is
 * TRUE. For lists of names; a list that is part of a sentence needs its own sentence form. */
char     *avs_text_join_list            (const char * const *items,
                                         gboolean            isolate);

/* @first, a sentence or a label ending in a colon, followed by @second, another sentence, with
 * the space the language puts between them (none in Chinese). */
char     *avs_text_join_sentences       (const char         *first,
                                         const char         *second);

G_END_DECLS
