/* avs-json-reader.c — a strict, allocation-light JSON reader for large signed documents
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "avs-json-reader.h"

/* The tree lives in a few large blocks, freed at once. */
#define BLOCK_SIZE (64 * 1024)
/* Objects with more members than this check for duplicate keys with a hash table. */
#define DUPLICATE_SCAN_LIMIT 24
/* Longer numbers than this are refused (a double needs at most about 25 characters). */
#define MAX_NUMBER_LENGTH 64

typedef struct _Block Block;
struct _Block
{
  Block *next;
  gsize  used;
  gsize  size;
  gsize  padding;  /* keeps data 16-byte aligned on 64-bit systems */
  char   data[];
};

struct _AvsJsonDocument
{
  Block        *blocks;
  AvsJsonValue  root;
};

typedef enum
{
  FAILURE_NONE,
  FAILURE_SYNTAX,
  FAILURE_TOO_DEEP,
} Failure;

typedef struct
{
  const char    *data;
  const char    *p;
  const char    *end;
  guint          max_depth;
  Block        **blocks;
  AvsJsonMember *stack;
  gsize          stack_len;
  gsize          stack_size;
  Failure        failure;
  const char    *error_at;
  char          *error_what;
  const char    *stream_member;
  gsize          stream_member_length;
  AvsJsonElementFunc stream_func;
  gpointer       stream_data;
  Block         *spare;          /* a block given back by a rewind, for the next element */
} Parser;

static gpointer
arena_alloc (Parser *p,
             gsize   size)
{
  Block *block = *p->blocks;

  size = (size + 7) & ~(gsize) 7;
  if (size > BLOCK_SIZE / 4)
    {
      /* A large item gets a block of its own (full, so the next small item starts a block). */
      Block *own = g_malloc (sizeof (Block) + size);

      own->used = own->size = size;
      own->next = block;
      *p->blocks = own;
      return own->data;
    }
  if (block == NULL || block->size - block->used < size)
    {
      if (p->spare != NULL)
        {
          block = p->spare;
          p->spare = NULL;
        }
      else
        block = g_malloc (sizeof (Block) + BLOCK_SIZE);
      block->size = BLOCK_SIZE;
      block->used = 0;
      block->next = *p->blocks;
      *p->blocks = block;
    }
  block->used += size;
  return block->data + block->used - size;
}

typedef struct
{
  Block *head;
  gsize  used;
} ArenaMark;

static ArenaMark
arena_mark (Parser *p)
{
  ArenaMark mark = { *p->blocks, *p->blocks != NULL ? (*p->blocks)->used : 0 };
  return mark;
}

/* Gives back everything allocated since @mark, keeping one block as a spare: the memory of
 * one streamed element is used again for the next, so it stays in the cache. */
static void
arena_rewind (Parser    *p,
              ArenaMark  mark)
{
  while (*p->blocks != mark.head)
    {
      Block *block = *p->blocks;

      *p->blocks = block->next;
      if (p->spare == NULL && block->size == BLOCK_SIZE)
        p->spare = block;
      else
        g_free (block);
    }
  if (mark.head != NULL)
    mark.head->used = mark.used;
}

static void
blocks_free (Block *block)
{
  while (block != NULL)
    {
      Block *next = block->next;
      g_free (block);
      block = next;
    }
}

static gboolean G_GNUC_PRINTF (3, 4)
fail (Parser     *p,
      const char *at,
      const char *format,
      ...)
{
  va_list args;

  if (p->failure != FAILURE_NONE)
    return FALSE;
  p->failure = FAILURE_SYNTAX;
  p->error_at = at;
  va_start (args, format);
  p->error_what = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

static gboolean
fail_end (Parser *p)
{
  return fail (p, p->end, "%s", _("the data ends too early; it may have been cut off."));
}

/* @expected is a translated phrase such as "a value". */
static gboolean
fail_unexpected (Parser     *p,
                 const char *expected)
{
  unsigned char c;

  if (p->p >= p->end)
    return fail_end (p);
  c = (unsigned char) *p->p;
  if (c > 0x20 && c < 0x7f)
    return fail (p, p->p,
                 /* Translators: "unexpected “,”, expected a value." — the second %s is a phrase below */
                 _("unexpected “%c”, expected %s."), c, expected);
  return fail (p, p->p,
               /* Translators: a byte in hexadecimal, then a phrase such as "a value" */
               _("unexpected byte 0x%02X, expected %s."), c, expected);
}

static inline void
skip_space (Parser *p)
{
  while (p->p < p->end && (*p->p == ' ' || *p->p == '\n' || *p->p == '\r' || *p->p == '\t'))
    p->p++;
}

static inline gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Four hexadecimal digits at @s, all before @limit; -1 if not. */
static int
read_hex4 (const char *s,
           const char *limit)
{
  int value = 0;

  if (limit - s < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int digit = hex_value (s[i]);
      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* The length of the valid UTF-8 sequence starting at @s (a byte ≥ 0x80) and ending before
 * @limit, or 0: no overlong forms, no surrogates, nothing above U+10FFFF. */
static gsize
utf8_sequence (const unsigned char *s,
               const unsigned char *limit)
{
  unsigned char c = s[0];
  unsigned char lo = 0x80, hi = 0xBF;
  gsize n;

  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c >= 0xE0 && c <= 0xEF)
    {
      n = 3;
      if (c == 0xE0)
        lo = 0xA0;
      else if (c == 0xED)
        hi = 0x9F;
    }
  else if (c >= 0xF0 && c <= 0xF4)
    {
      n = 4;
      if (c == 0xF0)
        lo = 0x90;
      else if (c == 0xF4)
        hi = 0x8F;
    }
  else
    return 0;

  if ((gsize) (limit - s) < n)
    return 0;
  if (s[1] < lo || s[1] > hi)
    return 0;
  for (gsize i = 2; i < n; i++)
    if (s[i] < 0x80 || s[i] > 0xBF)
      return 0;
  return n;
}

/* At an opening quote. */
static gboolean
parse_string (Parser      *p,
              const char **out,
              guint       *out_length)
{
  const char *start = p->p + 1;
  const char *q = start;
  gboolean simple = TRUE;
  char *buffer, *w;

  /* First pass: find the closing quote; anything unusual takes the slow path. */
  while (q < p->end)
    {
      unsigned char c = (unsigned char) *q;

      if (c == '"')
        break;
      if (c == '\\')
        {
          simple = FALSE;
          q += 2;
          continue;
        }
      if (c < 0x20)
        return fail (p, q,
                     /* Translators: %04X is a character code such as 001B */
                     _("a string holds the control character U+%04X, which must be written as an escape."),
                     c);
      if (c >= 0x80)
        simple = FALSE;
      q++;
    }
  if (q >= p->end)
    return fail_end (p);
  if ((gsize) (q - start) > G_MAXUINT - 1)
    return fail (p, start, "%s", _("a string is too long."));

  buffer = arena_alloc (p, (gsize) (q - start) + 1);
  if (simple)
    {
      memcpy (buffer, start, (gsize) (q - start));
      buffer[q - start] = '\0';
      *out = buffer;
      *out_length = (guint) (q - start);
      p->p = q + 1;
      return TRUE;
    }

  /* Second pass: decode escapes and check UTF-8. The result is never longer than the input. */
  w = buffer;
  for (const char *s = start; s < q;)
    {
      unsigned char c = (unsigned char) *s;

      if (c >= 0x80)
        {
          gsize n = utf8_sequence ((const unsigned char *) s, (const unsigned char *) q);

          if (n == 0)
            return fail (p, s, "%s", _("the text is not valid UTF-8."));
          memcpy (w, s, n);
          w += n;
          s += n;
          continue;
        }
      if (c != '\\')
        {
          *w++ = (char) c;
          s++;
          continue;
        }

      switch (s[1])
        {
        case '"': *w++ = '"'; s += 2; break;
        case '\\': *w++ = '\\'; s += 2; break;
        case '/': *w++ = '/'; s += 2; break;
        case 'b': *w++ = '\b'; s += 2; break;
        case 'f': *w++ = '\f'; s += 2; break;
        case 'n': *w++ = '\n'; s += 2; break;
        case 'r': *w++ = '\r'; s += 2; break;
        case 't': *w++ = '\t'; s += 2; break;
        case 'u':
          {
            int unit = read_hex4 (s + 2, q);
            gunichar ch;

            if (unit < 0)
              return fail (p, s, "%s", _("“\\u” must be followed by four hexadecimal digits."));
            if (unit >= 0xDC00 && unit <= 0xDFFF)
              return fail (p, s, "%s", _("a “\\u” escape holds half of a UTF-16 surrogate pair."));
            if (unit >= 0xD800 && unit <= 0xDBFF)
              {
                int low = (s + 6 < q && s[6] == '\\' && s[7] == 'u') ? read_hex4 (s + 8, q) : -1;

                if (low < 0xDC00 || low > 0xDFFF)
                  return fail (p, s, "%s", _("a “\\u” escape holds half of a UTF-16 surrogate pair."));
                ch = 0x10000 + (((gunichar) unit - 0xD800) << 10) + ((gunichar) low - 0xDC00);
                s += 12;
              }
            else
              {
                if (unit == 0)
                  return fail (p, s, "%s", _("a string holds “\\u0000”, which is not allowed."));
                ch = (gunichar) unit;
                s += 6;
              }
            w += g_unichar_to_utf8 (ch, w);
          }
          break;
        default:
          return fail (p, s, "%s", _("a string holds an invalid escape sequence."));
        }
    }
  *w = '\0';
  *out = buffer;
  *out_length = (guint) (w - buffer);
  p->p = q + 1;
  return TRUE;
}

static gboolean
parse_number (Parser       *p,
              AvsJsonValue *out)
{
  const char *s = p->p;
  const char *q = s;
  gboolean negative = FALSE;
  gboolean integer = TRUE;

  if (*q == '-')
    {
      negative = TRUE;
      q++;
    }
  if (q >= p->end || !is_digit (*q))
    return fail (p, s, "%s", _("invalid number."));
  if (*q == '0')
    {
      q++;
      if (q < p->end && is_digit (*q))
        return fail (p, s, "%s", _("invalid number: a number must not start with 0."));
    }
  else
    while (q < p->end && is_digit (*q))
      q++;
  if (q < p->end && *q == '.')
    {
      q++;
      integer = FALSE;
      if (q >= p->end || !is_digit (*q))
        return fail (p, s, "%s", _("invalid number."));
      while (q < p->end && is_digit (*q))
        q++;
    }
  if (q < p->end && (*q == 'e' || *q == 'E'))
    {
      q++;
      integer = FALSE;
      if (q < p->end && (*q == '+' || *q == '-'))
        q++;
      if (q >= p->end || !is_digit (*q))
        return fail (p, s, "%s", _("invalid number."));
      while (q < p->end && is_digit (*q))
        q++;
    }

  if (integer)
    {
      guint64 value = 0;
      guint64 limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;

      for (const char *d = s + (negative ? 1 : 0); d < q; d++)
        {
          guint digit = (guint) (*d - '0');
          if (value > (limit - digit) / 10)
            return fail (p, s, "%s", _("the number is too large."));
          value = value * 10 + digit;
        }
      out->type = AVS_JSON_TYPE_INT;
      out->integer = negative ? (gint64) (0 - value) : (gint64) value;
    }
  else
    {
      char buffer[MAX_NUMBER_LENGTH + 1];
      double value;

      if (q - s > MAX_NUMBER_LENGTH)
        return fail (p, s, "%s", _("the number is too long."));
      memcpy (buffer, s, (gsize) (q - s));
      buffer[q - s] = '\0';
      value = g_ascii_strtod (buffer, NULL);
      if (!isfinite (value))
        return fail (p, s, "%s", _("the number is too large."));
      out->type = AVS_JSON_TYPE_DOUBLE;
      out->number = value;
    }
  out->length = 0;
  p->p = q;
  return TRUE;
}

static gboolean
parse_literal (Parser       *p,
               const char   *word,
               AvsJsonValue *out)
{
  gsize len = strlen (word);

  if ((gsize) (p->end - p->p) < len || memcmp (p->p, word, len) != 0)
    return fail (p, p->p, "%s", _("invalid word; only true, false and null are allowed."));
  p->p += len;
  return TRUE;
}

static gsize
stack_push (Parser *p)
{
  if (p->stack_len == p->stack_size)
    {
      p->stack_size = MAX (64, p->stack_size * 2);
      p->stack = g_renew (AvsJsonMember, p->stack, p->stack_size);
    }
  return p->stack_len++;
}

static gboolean parse_value        (Parser       *p,
                                    AvsJsonValue *out,
                                    guint         depth);
static gboolean parse_stream_array (Parser       *p,
                                    AvsJsonValue *out,
                                    guint         depth);

static gboolean
enter (Parser *p,
       guint   depth)
{
  if (depth > p->max_depth)
    {
      p->failure = FAILURE_TOO_DEEP;
      p->error_at = p->p;
      return FALSE;
    }
  p->p++;
  skip_space (p);
  return TRUE;
}

static gboolean
parse_object (Parser       *p,
              AvsJsonValue *out,
              guint         depth)
{
  gsize base = p->stack_len;
  g_autoptr(GHashTable) names = NULL;
  AvsJsonMember *members;
  gsize n;

  if (!enter (p, depth))
    return FALSE;

  if (p->p < p->end && *p->p == '}')
    p->p++;
  else
    for (;;)
      {
        const char *key_at = p->p;
        const char *name;
        guint name_length;
        AvsJsonValue value;
        gsize index;

        if (p->p >= p->end || *p->p != '"')
          return fail_unexpected (p, _("a key in double quotes"));
        if (!parse_string (p, &name, &name_length))
          return FALSE;

        /* A key used twice: json-glib keeps the last one silently; refuse it. */
        if (names != NULL)
          {
            if (!g_hash_table_add (names, (gpointer) name))
              goto duplicate;
          }
        else
          {
            for (gsize i = base; i < p->stack_len; i++)
              if (p->stack[i].name_length == name_length &&
                  memcmp (p->stack[i].name, name, name_length) == 0)
                goto duplicate;
            if (p->stack_len - base >= DUPLICATE_SCAN_LIMIT)
              {
                names = g_hash_table_new (g_str_hash, g_str_equal);
                for (gsize i = base; i < p->stack_len; i++)
                  g_hash_table_add (names, (gpointer) p->stack[i].name);
                g_hash_table_add (names, (gpointer) name);
              }
          }

        skip_space (p);
        if (p->p >= p->end || *p->p != ':')
          return fail_unexpected (p, _("“:”"));
        p->p++;
        skip_space (p);

        if (depth == 1 && p->stream_member != NULL && p->p < p->end && *p->p == '[' &&
            name_length == p->stream_member_length &&
            memcmp (name, p->stream_member, name_length) == 0)
          {
            if (!parse_stream_array (p, &value, depth + 1))
              return FALSE;
          }
        else if (!parse_value (p, &value, depth))
          return FALSE;
        /* The stack may have moved while the value was read. */
        index = stack_push (p);
        p->stack[index].name = name;
        p->stack[index].name_length = name_length;
        p->stack[index].value = value;

        skip_space (p);
        if (p->p < p->end && *p->p == ',')
          {
            p->p++;
            skip_space (p);
            continue;
          }
        if (p->p < p->end && *p->p == '}')
          {
            p->p++;
            break;
          }
        return fail_unexpected (p, _("“,” or “}”"));

      duplicate:
        {
          g_autofree char *escaped = g_strescape (name, NULL);
          if (strlen (escaped) > 64)
            strcpy (escaped + 60, "…");
          return fail (p, key_at,
                       /* Translators: %s is a key name */
                       _("the key “%s” is used twice in the same object."), escaped);
        }
      }

  n = p->stack_len - base;
  members = n > 0 ? arena_alloc (p, n * sizeof (AvsJsonMember)) : NULL;
  if (n > 0)
    memcpy (members, p->stack + base, n * sizeof (AvsJsonMember));
  p->stack_len = base;
  if (n > G_MAXUINT)
    return fail (p, p->p, "%s", _("an object is too large."));
  out->type = AVS_JSON_TYPE_OBJECT;
  out->length = (guint) n;
  out->members = members;
  return TRUE;
}

static gboolean
parse_array (Parser       *p,
             AvsJsonValue *out,
             guint         depth)
{
  gsize base = p->stack_len;
  AvsJsonValue *elements;
  gsize n;

  if (!enter (p, depth))
    return FALSE;

  if (p->p < p->end && *p->p == ']')
    p->p++;
  else
    for (;;)
      {
        AvsJsonValue value;
        gsize index;

        if (!parse_value (p, &value, depth))
          return FALSE;
        index = stack_push (p);
        p->stack[index].value = value;

        skip_space (p);
        if (p->p < p->end && *p->p == ',')
          {
            p->p++;
            skip_space (p);
            continue;
          }
        if (p->p < p->end && *p->p == ']')
          {
            p->p++;
            break;
          }
        return fail_unexpected (p, _("“,” or “]”"));
      }

  n = p->stack_len - base;
  elements = n > 0 ? arena_alloc (p, n * sizeof (AvsJsonValue)) : NULL;
  for (gsize i = 0; i < n; i++)
    elements[i] = p->stack[base + i].value;
  p->stack_len = base;
  if (n > G_MAXUINT)
    return fail (p, p->p, "%s", _("an array is too large."));
  out->type = AVS_JSON_TYPE_ARRAY;
  out->length = (guint) n;
  out->elements = elements;
  return TRUE;
}

/* The array of a streamed member: each element is read into the arena, handed to the
 * callback, then given back. The value keeps only the number of elements. */
static gboolean
parse_stream_array (Parser       *p,
                    AvsJsonValue *out,
                    guint         depth)
{
  guint n = 0;

  if (!enter (p, depth))
    return FALSE;

  if (p->p < p->end && *p->p == ']')
    p->p++;
  else
    for (;;)
      {
        ArenaMark mark = arena_mark (p);
        AvsJsonValue value;

        if (!parse_value (p, &value, depth))
          return FALSE;
        if (n == G_MAXUINT)
          return fail (p, p->p, "%s", _("an array is too large."));
        p->stream_func (&value, n++, p->stream_data);
        arena_rewind (p, mark);

        skip_space (p);
        if (p->p < p->end && *p->p == ',')
          {
            p->p++;
            skip_space (p);
            continue;
          }
        if (p->p < p->end && *p->p == ']')
          {
            p->p++;
            break;
          }
        return fail_unexpected (p, _("“,” or “]”"));
      }

  out->type = AVS_JSON_TYPE_ARRAY;
  out->length = n;
  out->elements = NULL;
  return TRUE;
}

/* At the first character of a value (space skipped). @depth is that of the enclosing container. */
static gboolean
parse_value (Parser       *p,
             AvsJsonValue *out,
             guint         depth)
{
  if (p->p >= p->end)
    return fail_end (p);

  switch (*p->p)
    {
    case '{':
      return parse_object (p, out, depth + 1);
    case '[':
      return parse_array (p, out, depth + 1);
    case '"':
      out->type = AVS_JSON_TYPE_STRING;
      return parse_string (p, &out->string, &out->length);
    case 't':
      out->type = AVS_JSON_TYPE_BOOLEAN;
      out->length = 0;
      out->boolean = TRUE;
      return parse_literal (p, "true", out);
    case 'f':
      out->type = AVS_JSON_TYPE_BOOLEAN;
      out->length = 0;
      out->boolean = FALSE;
      return parse_literal (p, "false", out);
    case 'n':
      out->type = AVS_JSON_TYPE_NULL;
      out->length = 0;
      out->integer = 0;
      return parse_literal (p, "null", out);
    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return parse_number (p, out);
    default:
      return fail_unexpected (p, _("a value"));
    }
}

/* "line:column" of @at, counting characters before it on its line (as json-glib does). All
 * bytes before @at were read already, so they are valid UTF-8. */
static char *
position (const char *data,
          const char *at)
{
  guint line = 1, column = 0;

  for (const char *s = data; s < at; s++)
    {
      if (*s == '\n')
        {
          line++;
          column = 0;
        }
      else if (((unsigned char) *s & 0xC0) != 0x80)
        column++;
    }
  return g_strdup_printf ("%u:%u", line, column);
}

AvsJsonDocument *
avs_json_document_parse (const char  *data,
                         gsize        length,
                         const char  *source,
                         gsize        max_size,
                         guint        max_depth,
                         GError     **error)
{
  return avs_json_document_parse_streaming (data, length, source, max_size, max_depth,
                                            NULL, NULL, NULL, error);
}

AvsJsonDocument *
avs_json_document_parse_streaming (const char          *data,
                                   gsize                length,
                                   const char          *source,
                                   gsize                max_size,
                                   guint                max_depth,
                                   const char          *stream_member,
                                   AvsJsonElementFunc   func,
                                   gpointer             user_data,
                                   GError             **error)
{
  AvsJsonDocument *document;
  Parser p = { 0 };
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (source != NULL, NULL);

  if (length > max_size)
    {
      g_autofree char *limit = g_format_size (max_size);
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_TOO_LARGE,
                   /* Translators: the first %s is a file name or a web address, the second a size such as "2.1 MB" */
                   _("%s is larger than %s, so it was not read."), source, limit);
      return NULL;
    }
  if (length == 0)
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_NOT_AN_OBJECT,
                   _("%s is empty."), source);
      return NULL;
    }
  if (memchr (data, '\0', length) != NULL)
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SYNTAX,
                   _("%s is not a text file: it contains a NUL byte."), source);
      return NULL;
    }

  document = g_new0 (AvsJsonDocument, 1);
  p.data = p.p = data;
  p.end = data + length;
  p.max_depth = max_depth;
  p.blocks = &document->blocks;
  if (stream_member != NULL && func != NULL)
    {
      p.stream_member = stream_member;
      p.stream_member_length = strlen (stream_member);
      p.stream_func = func;
      p.stream_data = user_data;
    }

  skip_space (&p);
  ok = parse_value (&p, &document->root, 0);
  if (ok)
    {
      skip_space (&p);
      if (p.p < p.end)
        {
          g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SYNTAX,
                       _("%s is not valid JSON: there is more data after the top-level object."),
                       source);
          ok = FALSE;
        }
      else if (document->root.type != AVS_JSON_TYPE_OBJECT)
        {
          g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_NOT_AN_OBJECT,
                       _("%s does not hold a JSON object at its top level."), source);
          ok = FALSE;
        }
    }
  else if (p.failure == FAILURE_TOO_DEEP)
    g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_TOO_DEEP,
                 _("%s is nested more than %u levels deep, so it was not read."),
                 source, max_depth);
  else
    {
      g_autofree char *where = position (data, p.error_at);
      g_autofree char *detail = g_strdup_printf ("%s: %s", where, p.error_what);

      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SYNTAX,
                   /* Translators: %s is a file name or address, then json-glib's "line:column: problem" */
                   _("%s is not valid JSON: %s"), source, detail);
    }

  g_free (p.stack);
  g_free (p.error_what);
  g_free (p.spare);
  if (!ok)
    {
      avs_json_document_free (document);
      return NULL;
    }
  return document;
}

void
avs_json_document_free (AvsJsonDocument *document)
{
  if (document == NULL)
    return;
  blocks_free (document->blocks);
  g_free (document);
}

const AvsJsonValue *
avs_json_document_get_root (AvsJsonDocument *document)
{
  g_return_val_if_fail (document != NULL, NULL);
  return &document->root;
}

const AvsJsonValue *
avs_json_value_get_member (const AvsJsonValue *object,
                           const char         *name)
{
  gsize length;

  g_return_val_if_fail (object != NULL && object->type == AVS_JSON_TYPE_OBJECT, NULL);

  length = strlen (name);
  for (guint i = 0; i < object->length; i++)
    if (object->members[i].name_length == length &&
        memcmp (object->members[i].name, name, length) == 0)
      return &object->members[i].value;
  return NULL;
}

gboolean
avs_json_value_check_members (const AvsJsonValue  *object,
                              const char          *path,
                              const char * const  *allowed,
                              GError             **error)
{
  for (guint i = 0; i < object->length; i++)
    {
      const char *name = object->members[i].name;

      if (!g_strv_contains (allowed, name))
        {
          g_autofree char *escaped = g_strescape (name, NULL);
          g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                       /* Translators: %s is a JSON path such as $.products[2], then a key name */
                       _("%s: unknown key “%s”."), path, escaped);
          return FALSE;
        }
    }
  return TRUE;
}

static const AvsJsonValue *
get_member (const AvsJsonValue  *object,
            const char          *path,
            const char          *member,
            gboolean             required,
            GError             **error)
{
  const AvsJsonValue *value = avs_json_value_get_member (object, member);

  if (value == NULL && required)
    g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                 /* Translators: %s is a JSON path such as $.products[2], then a key name */
                 _("%s: the required key “%s” is missing."), path, member);
  return value;
}

gboolean
avs_json_wrong_type_error (const char  *path,
                           const char  *member,
                           AvsJsonType  expected,
                           GError     **error)
{
  /* Each a whole sentence, so that a language can say "must be" for each type its own way. */
  switch (expected)
    {
    case AVS_JSON_TYPE_STRING:
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                   /* Translators: the first %s is a place in a JSON document ("$.products[2]"),
                    * the second a key's name */
                   _("%s: “%s” must be a string."), path, member);
      break;
    case AVS_JSON_TYPE_INT:
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                   /* Translators: as for "%s: “%s” must be a string." */
                   _("%s: “%s” must be a whole number."), path, member);
      break;
    case AVS_JSON_TYPE_BOOLEAN:
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                   /* Translators: as for "%s: “%s” must be a string." */
                   _("%s: “%s” must be true or false."), path, member);
      break;
    case AVS_JSON_TYPE_ARRAY:
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                   /* Translators: as for "%s: “%s” must be a string." */
                   _("%s: “%s” must be an array."), path, member);
      break;
    case AVS_JSON_TYPE_OBJECT:
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                   /* Translators: as for "%s: “%s” must be a string." */
                   _("%s: “%s” must be an object."), path, member);
      break;
    case AVS_JSON_TYPE_NULL:
    case AVS_JSON_TYPE_DOUBLE:
    default:
      g_return_val_if_reached (FALSE);
    }
  return FALSE;
}

gboolean
avs_json_value_get_string (const AvsJsonValue  *object,
                           const char          *path,
                           const char          *member,
                           gboolean             required,
                           const char         **out_value,
                           GError             **error)
{
  const AvsJsonValue *value = get_member (object, path, member, required, error);

  *out_value = NULL;
  if (value == NULL)
    return !required;
  if (value->type != AVS_JSON_TYPE_STRING)
    return avs_json_wrong_type_error (path, member, AVS_JSON_TYPE_STRING, error);
  *out_value = value->string;
  return TRUE;
}

gboolean
avs_json_value_get_int (const AvsJsonValue  *object,
                        const char          *path,
                        const char          *member,
                        gboolean             required,
                        gint64              *out_value,
                        GError             **error)
{
  const AvsJsonValue *value = get_member (object, path, member, required, error);

  if (value == NULL)
    return !required;
  if (value->type != AVS_JSON_TYPE_INT)
    return avs_json_wrong_type_error (path, member, AVS_JSON_TYPE_INT, error);
  *out_value = value->integer;
  return TRUE;
}

gboolean
avs_json_value_get_bool (const AvsJsonValue  *object,
                         const char          *path,
                         const char          *member,
                         gboolean             required,
                         gboolean            *out_value,
                         GError             **error)
{
  const AvsJsonValue *value = get_member (object, path, member, required, error);

  if (value == NULL)
    return !required;
  if (value->type != AVS_JSON_TYPE_BOOLEAN)
    return avs_json_wrong_type_error (path, member, AVS_JSON_TYPE_BOOLEAN, error);
  *out_value = value->boolean;
  return TRUE;
}

gboolean
avs_json_value_get_array (const AvsJsonValue  *object,
                          const char          *path,
                          const char          *member,
                          gboolean             required,
                          const AvsJsonValue **out_value,
                          GError             **error)
{
  const AvsJsonValue *value = get_member (object, path, member, required, error);

  *out_value = NULL;
  if (value == NULL)
    return !required;
  if (value->type != AVS_JSON_TYPE_ARRAY)
    return avs_json_wrong_type_error (path, member, AVS_JSON_TYPE_ARRAY, error);
  *out_value = value;
  return TRUE;
}

gboolean
avs_json_value_get_object (const AvsJsonValue  *object,
                           const char          *path,
                           const char          *member,
                           gboolean             required,
                           const AvsJsonValue **out_value,
                           GError             **error)
{
  const AvsJsonValue *value = get_member (object, path, member, required, error);

  *out_value = NULL;
  if (value == NULL)
    return !required;
  if (value->type != AVS_JSON_TYPE_OBJECT)
    return avs_json_wrong_type_error (path, member, AVS_JSON_TYPE_OBJECT, error);
  *out_value = value;
  return TRUE;
}
