/* avs-text.c — making text from the scanned machine safe to show
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "avs-text.h"

/* Characters that are valid UTF-8 but change how a terminal shows or orders text. */
static gboolean
is_hidden_control (gunichar c)
{
  return (c >= 0x80 && c <= 0x9F) ||            /* C1: CSI (U+009B), OSC (U+009D)… */
         c == 0x061C ||                         /* ARABIC LETTER MARK */
         c == 0x200E || c == 0x200F ||          /* LRM, RLM */
         c == 0x2028 || c == 0x2029 ||          /* line and paragraph separators */
         (c >= 0x202A && c <= 0x202E) ||        /* embeddings and overrides */
         (c >= 0x2066 && c <= 0x2069);          /* isolates */
}

/* Appends @text to @out with every unsafe character escaped. With @out NULL it only checks,
 * and returns FALSE at the first character that would need escaping. */
static gboolean
escape_into (GString            *out,
             const char         *text,
             gsize               length,
             AvsTextEscapeFlags  flags)
{
  const char *p = text;
  const char *end = text + length;

  while (p < end)
    {
      guchar byte = (guchar) *p;

      if (byte >= 0x20 && byte < 0x7F)
        {
          const char *run = p;

          while (p < end && (guchar) *p >= 0x20 && (guchar) *p < 0x7F)
            p++;
          if (out != NULL)
            g_string_append_len (out, run, p - run);
          continue;
        }

      if (byte < 0x80)
        {
          if ((byte == '\n' || byte == '\t') && (flags & AVS_TEXT_ESCAPE_KEEP_NEWLINES))
            {
              if (out != NULL)
                g_string_append_c (out, (char) byte);
            }
          else if (out == NULL)
            return FALSE;
          else if (byte == '\n')
            g_string_append (out, "\\n");
          else if (byte == '\r')
            g_string_append (out, "\\r");
          else if (byte == '\t')
            g_string_append (out, "\\t");
          else
            g_string_append_printf (out, "\\x%02x", byte);
          p++;
          continue;
        }

      {
        gunichar c = g_utf8_get_char_validated (p, end - p);

        if (c == (gunichar) -1 || c == (gunichar) -2)
          {
            if (out == NULL)
              return FALSE;
            g_string_append_printf (out, "\\x%02x", byte);
            p++;
          }
        else
          {
            const char *next = g_utf8_next_char (p);

            if (is_hidden_control (c))
              {
                if (out == NULL)
                  return FALSE;
                g_string_append_printf (out, "\\u%04x", c);
              }
            else if (out != NULL)
              g_string_append_len (out, p, next - p);
            p = next;
          }
      }
    }
  return TRUE;
}

gboolean
avs_text_is_safe_for_terminal (const char         *text,
                               gssize              length,
                               AvsTextEscapeFlags  flags)
{
  if (text == NULL)
    return TRUE;
  return escape_into (NULL, text, length < 0 ? strlen (text) : (gsize) length, flags);
}

char *
avs_text_escape_for_terminal (const char         *text,
                              gssize              length,
                              AvsTextEscapeFlags  flags)
{
  gsize n;
  GString *out;

  if (text == NULL)
    return NULL;
  n = length < 0 ? strlen (text) : (gsize) length;
  out = g_string_sized_new (n + 1);
  escape_into (out, text, n, flags);
  return g_string_free (out, FALSE);
}

char *
avs_text_escape_json_document (const char *json,
                               gssize      length)
{
  gsize n;
  const char *p, *end;
  GString *out;

  g_return_val_if_fail (json != NULL, NULL);

  n = length < 0 ? strlen (json) : (gsize) length;
  out = g_string_sized_new (n + 1);
  p = json;
  end = json + n;
  while (p < end)
    {
      if ((guchar) *p < 0x80)
        {
          g_string_append_c (out, *p);
          p++;
          continue;
        }
      {
        gunichar c = g_utf8_get_char_validated (p, end - p);

        if (c == (gunichar) -1 || c == (gunichar) -2)
          {
            g_string_append (out, "\\ufffd");
            p++;
          }
        else
          {
            const char *next = g_utf8_next_char (p);

            if (is_hidden_control (c))
              g_string_append_printf (out, "\\u%04x", c);
            else
              g_string_append_len (out, p, next - p);
            p = next;
          }
      }
    }
  return g_string_free (out, FALSE);
}

#define FSI 0x2068
#define PDI 0x2069

static gboolean
is_bidi_control (gunichar c)
{
  return c == 0x061C || c == 0x200E || c == 0x200F ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

char *
avs_text_isolate (const char *value)
{
  GString *out;
  const char *p;

  if (value == NULL)
    return NULL;
  out = g_string_sized_new (strlen (value) + 8);
  g_string_append_unichar (out, FSI);
  for (p = value; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Not UTF-8: kept as it is, for whoever shows it to escape. */
          g_string_append_c (out, *p);
          p++;
          continue;
        }
      if (is_bidi_control (c))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_unichar (out, c);
      p = g_utf8_next_char (p);
    }
  g_string_append_unichar (out, PDI);
  return g_string_free (out, FALSE);
}

char *
avs_text_drop_isolates (const char *text)
{
  g_autoptr(GArray) open = NULL;
  g_autoptr(GArray) drop = NULL;
  GString *out;
  gsize n;

  if (text == NULL)
    return NULL;
  if (strstr (text, "\342\201\250") == NULL)    /* no FSI at all: the usual case */
    return g_strdup (text);

  /* First the byte offsets of the matched pairs, then a copy without them. */
  n = strlen (text);
  open = g_array_new (FALSE, FALSE, sizeof (gsize));
  drop = g_array_new (FALSE, TRUE, sizeof (gboolean));
  g_array_set_size (drop, n);
  for (gsize i = 0; i < n;)
    {
      const char *p = text + i;

      if (*p == '\n')
        g_array_set_size (open, 0);
      else if (g_str_has_prefix (p, "\342\201\250"))
        g_array_append_val (open, i);
      else if (g_str_has_prefix (p, "\342\201\251") && open->len > 0)
        {
          gsize start = g_array_index (open, gsize, open->len - 1);

          g_array_set_size (open, open->len - 1);
          g_array_index (drop, gboolean, start) = TRUE;
          g_array_index (drop, gboolean, i) = TRUE;
        }
      i += (*p == '\342' && (p[1] == '\201') && (p[2] == '\250' || p[2] == '\251')) ? 3 : 1;
    }
  out = g_string_sized_new (n);
  for (gsize i = 0; i < n;)
    {
      if (g_array_index (drop, gboolean, i))
        {
          i += 3;
          continue;
        }
      g_string_append_c (out, text[i]);
      i++;
    }
  return g_string_free (out, FALSE);
}

char *
avs_text_join_list (const char * const *items,
                    gboolean            isolate)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (items != NULL, NULL);

  for (guint i = 0; items[i] != NULL; i++)
    {
      if (i > 0)
        /* Translators: what separates the items of a list of names ("kesl, klnagent64");
         * keep the space your language puts after it. */
        g_string_append (out, C_("list separator", ", "));
      if (isolate)
        {
          g_autofree char *item = avs_text_isolate (items[i]);
          g_string_append (out, item);
        }
      else
        g_string_append (out, items[i]);
    }
  return g_string_free (out, FALSE);
}

char *
avs_text_join_sentences (const char *first,
                         const char *second)
{
  g_return_val_if_fail (first != NULL && second != NULL, NULL);

  /* Translators: a sentence (or a label ending in a colon) followed by another sentence;
   * Chinese writes "%s%s", with no space after "。" or "：". */
  return g_strdup_printf (C_("two sentences", "%s %s"), first, second);
}
