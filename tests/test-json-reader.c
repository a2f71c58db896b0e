/* test-json-reader.c — the strict JSON reader used for the catalog
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "avs-json-reader.h"
#include "avs-test-common.h"

#define MAX_SIZE (1024 * 1024)

static AvsJsonDocument *
parse_len (const char  *text,
           gsize        length,
           guint        max_depth,
           GError     **error)
{
  /* A copy of exactly @length bytes: nothing after the end may be read. */
  g_autofree char *copy = g_memdup2 (text, length);
  return avs_json_document_parse (copy, length, "test.json", MAX_SIZE, max_depth, error);
}

static AvsJsonDocument *
parse (const char  *text,
       GError     **error)
{
  return parse_len (text, strlen (text), 16, error);
}

/* @text must be refused with @code and a message holding @message (NULL: any). */
static void
assert_refused (const char *text,
                gsize       length,
                int         code,
                const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsJsonDocument) document = parse_len (text, length, 16, &error);

  if (document != NULL)
    g_error ("accepted: %.*s", (int) length, text);
  g_assert_error (error, AVS_JSON_ERROR, code);
  g_assert_true (g_str_has_prefix (error->message, "test.json "));
  if (message != NULL && strstr (error->message, message) == NULL)
    g_error ("“%s” lacks “%s”", error->message, message);
}

static void
refused (const char *text,
         const char *message)
{
  assert_refused (text, strlen (text), AVS_JSON_ERROR_SYNTAX, message);
}

static void
test_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsJsonDocument) document = parse (
    " {\"s\": \"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u20AC\\ud83d\\ude00é\", \"i\": -42,"
    " \"big\": 9223372036854775807, \"small\": -9223372036854775808, \"zero\": -0,"
    " \"d\": 1.5e3, \"e\": 2E-2, \"t\": true, \"f\": false, \"n\": null,"
    " \"a\": [1, [], {}, \"x\"], \"o\": {\"k\": {\"deep\": [null]}}, \"\": \"empty key\"}\r\n\t",
    &error);
  const AvsJsonValue *root, *v;

  g_assert_no_error (error);
  root = avs_json_document_get_root (document);
  g_assert_cmpint (root->type, ==, AVS_JSON_TYPE_OBJECT);
  g_assert_cmpuint (root->length, ==, 13);
  /* Document order. */
  g_assert_cmpstr (root->members[0].name, ==, "s");
  g_assert_cmpstr (root->members[12].name, ==, "");

  v = avs_json_value_get_member (root, "s");
  g_assert_cmpint (v->type, ==, AVS_JSON_TYPE_STRING);
  g_assert_cmpstr (v->string, ==, "a\"b\\c/d\b\f\n\r\té€😀é");
  g_assert_cmpuint (v->length, ==, strlen (v->string));
  g_assert_true (g_utf8_validate (v->string, -1, NULL));

  v = avs_json_value_get_member (root, "i");
  g_assert_cmpint (v->type, ==, AVS_JSON_TYPE_INT);
  g_assert_cmpint (v->integer, ==, -42);
  g_assert_cmpint (avs_json_value_get_member (root, "big")->integer, ==, G_MAXINT64);
  g_assert_cmpint (avs_json_value_get_member (root, "small")->integer, ==, G_MININT64);
  g_assert_cmpint (avs_json_value_get_member (root, "zero")->integer, ==, 0);
  v = avs_json_value_get_member (root, "d");
  g_assert_cmpint (v->type, ==, AVS_JSON_TYPE_DOUBLE);
  g_assert_cmpfloat (v->number, ==, 1500.0);
  g_assert_cmpfloat_with_epsilon (avs_json_value_get_member (root, "e")->number, 0.02, 1e-12);
  g_assert_cmpint (avs_json_value_get_member (root, "t")->type, ==, AVS_JSON_TYPE_BOOLEAN);
  g_assert_true (avs_json_value_get_member (root, "t")->boolean);
  g_assert_false (avs_json_value_get_member (root, "f")->boolean);
  g_assert_cmpint (avs_json_value_get_member (root, "n")->type, ==, AVS_JSON_TYPE_NULL);

  v = avs_json_value_get_member (root, "a");
  g_assert_cmpint (v->type, ==, AVS_JSON_TYPE_ARRAY);
  g_assert_cmpuint (v->length, ==, 4);
  g_assert_cmpint (v->elements[0].integer, ==, 1);
  g_assert_cmpint (v->elements[1].type, ==, AVS_JSON_TYPE_ARRAY);
  g_assert_cmpuint (v->elements[1].length, ==, 0);
  g_assert_cmpint (v->elements[2].type, ==, AVS_JSON_TYPE_OBJECT);
  g_assert_cmpstr (v->elements[3].string, ==, "x");

  v = avs_json_value_get_member (root, "o");
  v = avs_json_value_get_member (v, "k");
  v = avs_json_value_get_member (v, "deep");
  g_assert_cmpint (v->elements[0].type, ==, AVS_JSON_TYPE_NULL);
  g_assert_null (avs_json_value_get_member (root, "missing"));
  /* A key that is a prefix of another is not confused with it. */
  g_assert_null (avs_json_value_get_member (root, "bi"));
}

/* The schema helpers say what json-glib's avs-json helpers say. */
static void
test_schema_helpers (void)
{
  static const char * const allowed[] = { "s", "i", "b", "a", "o", NULL };
  g_autoptr(AvsJsonDocument) document = parse ("{\"s\": \"x\", \"i\": 1, \"b\": true, \"a\": [], \"o\": {}}", NULL);
  g_autoptr(AvsJsonDocument) extra = parse ("{\"s\": \"x\", \"x\\u001b\": 1}", NULL);
  const AvsJsonValue *root = avs_json_document_get_root (document);
  const AvsJsonValue *value = NULL;
  const char *string = NULL;
  gint64 integer = 0;
  gboolean boolean = FALSE;
  GError *error = NULL;

  g_assert_true (avs_json_value_check_members (root, "$", allowed, &error));
  g_assert_false (avs_json_value_check_members (avs_json_document_get_root (extra), "$", allowed, &error));
  g_assert_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA);
  /* The key is escaped: no control character reaches a terminal. */
  g_assert_cmpstr (error->message, ==, "$: unknown key “x\\033”.");
  g_clear_error (&error);

  g_assert_true (avs_json_value_get_string (root, "$", "s", TRUE, &string, &error));
  g_assert_cmpstr (string, ==, "x");
  g_assert_true (avs_json_value_get_int (root, "$", "i", TRUE, &integer, &error));
  g_assert_cmpint (integer, ==, 1);
  g_assert_true (avs_json_value_get_bool (root, "$", "b", TRUE, &boolean, &error));
  g_assert_true (boolean);
  g_assert_true (avs_json_value_get_array (root, "$", "a", TRUE, &value, &error));
  g_assert_cmpint (value->type, ==, AVS_JSON_TYPE_ARRAY);
  g_assert_true (avs_json_value_get_object (root, "$", "o", TRUE, &value, &error));
  g_assert_cmpint (value->type, ==, AVS_JSON_TYPE_OBJECT);
  g_assert_true (avs_json_value_get_object (root, "$", "none", FALSE, &value, &error));
  g_assert_null (value);
  g_assert_no_error (error);

  g_assert_false (avs_json_value_get_string (root, "$", "none", TRUE, &string, &error));
  g_assert_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA);
  g_assert_cmpstr (error->message, ==, "$: the required key “none” is missing.");
  g_clear_error (&error);
  g_assert_false (avs_json_value_get_int (root, "$", "s", TRUE, &integer, &error));
  g_assert_cmpstr (error->message, ==, "$: “s” must be a whole number.");
  g_clear_error (&error);
  g_assert_false (avs_json_value_get_bool (root, "$", "i", TRUE, &boolean, &error));
  g_assert_cmpstr (error->message, ==, "$: “i” must be true or false.");
  g_clear_error (&error);
  g_assert_false (avs_json_value_get_array (root, "$", "o", TRUE, &value, &error));
  g_assert_cmpstr (error->message, ==, "$: “o” must be an array.");
  g_clear_error (&error);
  g_assert_false (avs_json_value_get_object (root, "$", "a", TRUE, &value, &error));
  g_assert_cmpstr (error->message, ==, "$: “a” must be an object.");
  g_clear_error (&error);
  g_assert_false (avs_json_value_get_string (root, "$", "b", TRUE, &string, &error));
  g_assert_cmpstr (error->message, ==, "$: “b” must be a string.");
  g_clear_error (&error);
}

static void
test_nesting (void)
{
  g_autoptr(GString) bomb = g_string_new ("{\"a\": ");
  g_autoptr(GString) exact = g_string_new ("{\"a\": ");
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsJsonDocument) document = NULL;

  /* A nesting bomb is refused as soon as it passes the limit, without recursing into it. */
  for (int i = 0; i < 150000; i++)
    g_string_append (bomb, "[{\"a\":");
  assert_refused (bomb->str, bomb->len, AVS_JSON_ERROR_TOO_DEEP, "nested more than 16 levels");

  /* Exactly the limit (the root object is level 1) is fine; one more is not. */
  for (int i = 0; i < 15; i++)
    g_string_append_c (exact, '[');
  for (int i = 0; i < 15; i++)
    g_string_append_c (exact, ']');
  g_string_append_c (exact, '}');
  document = parse_len (exact->str, exact->len, 16, &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);
  g_clear_pointer (&document, avs_json_document_free);
  document = parse_len (exact->str, exact->len, 15, &error);
  g_assert_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_TOO_DEEP);
  g_assert_null (document);
}

static void
test_utf8 (void)
{
  g_autoptr(AvsJsonDocument) ok = parse ("{\"a\": \"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xef\xbf\xbf\xf4\x8f\xbf\xbf\"}", NULL);
  const char *bad[] = {
    "{\"a\": \"\xc3\x28\"}",              /* a lead byte without its continuation */
    "{\"a\": \"\x80\"}",                  /* a stray continuation byte */
    "{\"a\": \"\xc0\x80\"}",              /* overlong NUL */
    "{\"a\": \"\xc1\xbf\"}",              /* overlong */
    "{\"a\": \"\xe0\x80\xaf\"}",          /* overlong "/" */
    "{\"a\": \"\xf0\x80\x80\xaf\"}",      /* overlong, four bytes */
    "{\"a\": \"\xed\xa0\x80\"}",          /* an encoded surrogate (CESU-8) */
    "{\"a\": \"\xf4\x90\x80\x80\"}",      /* above U+10FFFF */
    "{\"a\": \"\xf5\x80\x80\x80\"}",
    "{\"a\": \"\xff\"}",
    "{\"a\": \"x\xe2\x82\"}",             /* cut off before the closing quote */
    "{\"\xc3\": 1}",                       /* in a key */
  };

  g_assert_nonnull (ok);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    refused (bad[i], "not valid UTF-8");
  /* Outside strings, any non-ASCII byte is unexpected. */
  refused ("\xef\xbb\xbf{}", "unexpected byte 0xEF");
  refused ("{\"a\": \xc3\xa9}", "unexpected byte 0xC3");
}

static void
test_strings (void)
{
  refused ("{\"a\": \"\\q\"}", "invalid escape");
  refused ("{\"a\": \"\\x41\"}", "invalid escape");
  refused ("{\"a\": \"\\'\"}", "invalid escape");
  refused ("{\"a\": \"\\u12\"}", "four hexadecimal digits");
  refused ("{\"a\": \"\\u12G4\"}", "four hexadecimal digits");
  refused ("{\"a\": \"\\u", "cut off");
  refused ("{\"a\": \"\\ud800\"}", "surrogate");
  refused ("{\"a\": \"\\udc00\"}", "surrogate");
  refused ("{\"a\": \"\\ud800\\u0041\"}", "surrogate");
  refused ("{\"a\": \"\\ud800\\ud800\"}", "surrogate");
  refused ("{\"a\": \"\\ud800x\"}", "surrogate");
  refused ("{\"a\": \"\\u0000\"}", "\\u0000");
  refused ("{\"a\": \"tab\there\"}", "U+0009");
  refused ("{\"a\": \"line\nbreak\"}", "U+000A");
  refused ("{\"a\": \"\x1b[31m\"}", "U+001B");
  refused ("{'a': 1}", "unexpected “'”");
  refused ("{a: 1}", "unexpected “a”");
  refused ("{\"a\": 'x'}", "unexpected “'”");
  refused ("{\"a\" 1}", "expected “:”");
}

static void
test_numbers (void)
{
  const char *bad[] = { "01", "-01", "-", "1.", ".5", "1e", "1e+", "+1", "--1", "0x10", "1.e3",
                        "NaN", "Infinity", "-Infinity" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"n\": %s}", bad[i]);
      refused (text, NULL);
    }
  refused ("{\"n\": 9223372036854775808}", "too large");
  refused ("{\"n\": -9223372036854775809}", "too large");
  refused ("{\"n\": 99999999999999999999999}", "too large");
  refused ("{\"n\": 1e999}", "too large");
  refused ("{\"n\": -1e999}", "too large");
  {
    g_autoptr(GString) text = g_string_new ("{\"n\": 0.");
    for (int i = 0; i < 100; i++)
      g_string_append_c (text, '1');
    g_string_append_c (text, '}');
    refused (text->str, "too long");
  }
  {
    g_autoptr(AvsJsonDocument) document = parse ("{\"a\": 1e-400, \"b\": 123.456, \"c\": -0.0}", NULL);
    const AvsJsonValue *root = avs_json_document_get_root (document);
    g_assert_cmpint (avs_json_value_get_member (root, "a")->type, ==, AVS_JSON_TYPE_DOUBLE);
    g_assert_cmpfloat_with_epsilon (avs_json_value_get_member (root, "b")->number, 123.456, 1e-9);
  }
}

static void
test_literals (void)
{
  refused ("{\"a\": tru}", "only true, false and null");
  refused ("{\"a\": True}", "unexpected “T”");
  refused ("{\"a\": nul", "only true, false and null");
  refused ("{\"a\": truex}", "expected “,” or “}”");
  refused ("{\"a\": undefined}", "unexpected “u”");
  refused ("{\"a\": 1 /* comment */}", "unexpected “/”");
  refused ("{\"a\": 1,}", "expected a key");
  refused ("{\"a\": [1,]}", "expected a value");
  refused ("{\"a\": [1 2]}", "expected “,” or “]”");
  refused ("{,}", "expected a key");
  refused ("var catalog = {}", "unexpected “v”");
}

static void
test_duplicate_keys (void)
{
  g_autoptr(GString) large = g_string_new ("{");
  g_autoptr(GString) large_ok = NULL;
  g_autoptr(AvsJsonDocument) nested_ok = parse ("{\"a\": {\"a\": {\"a\": 1}}, \"b\": [{\"a\": 1}, {\"a\": 2}]}", NULL);

  g_assert_nonnull (nested_ok);
  refused ("{\"a\": 1, \"a\": 2}", "the key “a” is used twice");
  refused ("{\"a\": 1, \"b\": {\"c\": 1, \"c\": 1}}", "the key “c” is used twice");
  /* The same key written with an escape is the same key. */
  refused ("{\"ab\": 1, \"a\\u0062\": 2}", "the key “ab” is used twice");
  /* The key is escaped in the message. */
  refused ("{\"\\u001b\": 1, \"\\u001b\": 2}", "the key “\\033” is used twice");

  /* Large objects take another path (a hash table). */
  for (int i = 0; i < 1000; i++)
    g_string_append_printf (large, "\"key%d\": %d, ", i, i);
  large_ok = g_string_new (large->str);
  g_string_append (large_ok, "\"last\": 0}");
  g_string_append (large, "\"key999\": 0}");
  refused (large->str, "the key “key999” is used twice");
  {
    g_autoptr(AvsJsonDocument) document = parse (large_ok->str, NULL);
    g_assert_nonnull (document);
    g_assert_cmpuint (avs_json_document_get_root (document)->length, ==, 1001);
    g_assert_cmpint (avs_json_value_get_member (avs_json_document_get_root (document), "key500")->integer, ==, 500);
  }
}

static void
test_document (void)
{
  g_autoptr(AvsJsonDocument) spaced = parse ("\n\t {} \r\n", NULL);
  g_autofree char *huge = g_malloc0 (MAX_SIZE + 1);

  g_assert_nonnull (spaced);
  refused ("{}{}", "more data after the top-level object");
  refused ("{} x", "more data after the top-level object");
  refused ("{}\n[]", "more data after the top-level object");
  assert_refused ("[]", 2, AVS_JSON_ERROR_NOT_AN_OBJECT, "does not hold a JSON object");
  assert_refused ("\"x\"", 3, AVS_JSON_ERROR_NOT_AN_OBJECT, "does not hold a JSON object");
  assert_refused ("1", 1, AVS_JSON_ERROR_NOT_AN_OBJECT, NULL);
  assert_refused ("", 0, AVS_JSON_ERROR_NOT_AN_OBJECT, "is empty");
  assert_refused ("   ", 3, AVS_JSON_ERROR_SYNTAX, "cut off");
  assert_refused ("{\"a\": \"x\0y\"}", 12, AVS_JSON_ERROR_SYNTAX, "NUL byte");
  memset (huge, ' ', MAX_SIZE + 1);
  huge[0] = '{';
  huge[MAX_SIZE] = '}';
  assert_refused (huge, MAX_SIZE + 1, AVS_JSON_ERROR_TOO_LARGE, "is larger than");
}

/* Every prefix of a document is refused (cut off), never read past its end. */
static void
test_truncated (void)
{
  const char *text = "{\"a\": [1, -2.5e3, true, false, null, \"x\\u00e9\\ud83d\\ude00\xc3\xa9\"],"
                     " \"b\": {\"c\": {}}, \"d\": \"\"}";
  gsize length = strlen (text);
  g_autoptr(AvsJsonDocument) full = parse (text, NULL);

  g_assert_nonnull (full);
  for (gsize i = 1; i < length; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AvsJsonDocument) document = parse_len (text, i, 16, &error);

      g_assert_null (document);
      g_assert_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SYNTAX);
    }
  refused ("{\"a\": [1, 2", "cut off");
  refused ("{\"a\": \"abc", "cut off");
}

/* line:column as json-glib counts it (the characters before the problem on its line). */
static void
test_positions (void)
{
  refused ("{,}", "test.json is not valid JSON: 1:1: unexpected “,”, expected a key in double quotes.");
  refused ("{\"a\":1,,}", ": 1:7: ");
  refused ("{\n  \"a\": 1,,\n}", ": 2:9: ");
  /* Characters, not bytes. */
  refused ("{\"é€😀\": 1,,}", ": 1:10: ");
  refused ("{\n\"a\": \"x\n\"}", ": 2:7: ");
  refused ("{\"a\": [", ": 1:7: the data ends too early");
}

typedef struct
{
  GPtrArray *ids;
  guint      next;
} Stream;

static void
collect (const AvsJsonValue *element,
         guint               index,
         gpointer            user_data)
{
  Stream *stream = user_data;
  const AvsJsonValue *id = avs_json_value_get_member (element, "id");

  g_assert_cmpuint (index, ==, stream->next++);
  g_assert_cmpint (element->type, ==, AVS_JSON_TYPE_OBJECT);
  g_ptr_array_add (stream->ids, g_strdup (id->string));
  /* Everything in the element is readable during the call. */
  if (avs_json_value_get_member (element, "big") != NULL)
    g_assert_cmpuint (strlen (avs_json_value_get_member (element, "big")->string), ==, 100000);
}

static void
test_streaming (void)
{
  g_autoptr(GString) text = g_string_new ("{\"before\": [1], \"items\": [");
  g_autofree char *big = g_strnfill (100000, 'b');
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  Stream stream = { ids, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsJsonDocument) document = NULL;
  const AvsJsonValue *root, *items;

  /* Enough elements to fill several blocks, some of them larger than a block. */
  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (text, "%s{\"id\": \"item-%u\", \"list\": [\"a\", \"b\", {\"c\": null}]%s%s%s}",
                            i > 0 ? ", " : "", i, i % 500 == 7 ? ", \"big\": \"" : "",
                            i % 500 == 7 ? big : "", i % 500 == 7 ? "\"" : "");
  g_string_append (text, "], \"after\": {\"items\": [\"not streamed\"]}}");

  document = avs_json_document_parse_streaming (text->str, text->len, "test.json", 4 * MAX_SIZE, 16,
                                                "items", collect, &stream, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 3000);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "item-0");
  g_assert_cmpstr (g_ptr_array_index (ids, 2999), ==, "item-2999");
  root = avs_json_document_get_root (document);
  items = avs_json_value_get_member (root, "items");
  g_assert_cmpint (items->type, ==, AVS_JSON_TYPE_ARRAY);
  g_assert_cmpuint (items->length, ==, 3000);
  g_assert_null (items->elements);
  g_assert_cmpint (avs_json_value_get_member (root, "before")->elements[0].integer, ==, 1);
  /* Only the root's member is streamed. */
  items = avs_json_value_get_member (avs_json_value_get_member (root, "after"), "items");
  g_assert_cmpstr (items->elements[0].string, ==, "not streamed");
  g_clear_pointer (&document, avs_json_document_free);

  /* A syntax error after streamed elements still fails the whole parse. */
  g_ptr_array_set_size (ids, 0);
  stream.next = 0;
  g_string_truncate (text, text->len - 2);
  g_string_append (text, "],}");
  document = avs_json_document_parse_streaming (text->str, text->len, "test.json", 4 * MAX_SIZE, 16,
                                                "items", collect, &stream, &error);
  g_assert_null (document);
  g_assert_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SYNTAX);
  g_assert_cmpuint (ids->len, ==, 3000);
  g_clear_error (&error);

  /* A streamed member that is not an array is kept like any other value. */
  document = avs_json_document_parse_streaming ("{\"items\": {\"id\": \"x\"}}", 22, "test.json", MAX_SIZE, 16,
                                                "items", collect, &stream, &error);
  g_assert_no_error (error);
  g_assert_cmpint (avs_json_value_get_member (avs_json_document_get_root (document), "items")->type,
                   ==, AVS_JSON_TYPE_OBJECT);
}

/* Randomly damaged documents: never a crash; whatever the reader accepts, json-glib reads the
 * same way (so the strict reader never sees something other than what the rest of the
 * program, and the curators' tools, would). */
static gboolean
same_value (const AvsJsonValue *a,
            JsonNode           *b)
{
  switch (a->type)
    {
    case AVS_JSON_TYPE_NULL:
      return JSON_NODE_HOLDS_NULL (b);
    case AVS_JSON_TYPE_BOOLEAN:
      return JSON_NODE_HOLDS_VALUE (b) && json_node_get_value_type (b) == G_TYPE_BOOLEAN &&
             json_node_get_boolean (b) == a->boolean;
    case AVS_JSON_TYPE_INT:
      return JSON_NODE_HOLDS_VALUE (b) && json_node_get_value_type (b) == G_TYPE_INT64 &&
             json_node_get_int (b) == a->integer;
    case AVS_JSON_TYPE_DOUBLE:
      return JSON_NODE_HOLDS_VALUE (b) && json_node_get_value_type (b) == G_TYPE_DOUBLE &&
             json_node_get_double (b) == a->number;
    case AVS_JSON_TYPE_STRING:
      return JSON_NODE_HOLDS_VALUE (b) && json_node_get_value_type (b) == G_TYPE_STRING &&
             g_str_equal (json_node_get_string (b), a->string);
    case AVS_JSON_TYPE_ARRAY:
      if (!JSON_NODE_HOLDS_ARRAY (b) || json_array_get_length (json_node_get_array (b)) != a->length)
        return FALSE;
      for (guint i = 0; i < a->length; i++)
        if (!same_value (&a->elements[i], json_array_get_element (json_node_get_array (b), i)))
          return FALSE;
      return TRUE;
    case AVS_JSON_TYPE_OBJECT:
      if (!JSON_NODE_HOLDS_OBJECT (b) || json_object_get_size (json_node_get_object (b)) != a->length)
        return FALSE;
      for (guint i = 0; i < a->length; i++)
        {
          JsonNode *member = json_object_get_member (json_node_get_object (b), a->members[i].name);
          if (member == NULL || !same_value (&a->members[i].value, member))
            return FALSE;
        }
      return TRUE;
    default:
      return FALSE;
    }
}

static void
test_mutations (void)
{
  const char *original = "{\"schema\": 1, \"list\": [\"a\\u00e9\", -1, 2.5, true, null, {\"k\": [\"\xc3\xa9\"]}],"
                         " \"text\": {\"en\": \"Hello\\nworld\", \"de\": \"Hallo\"}, \"n\": 0}";
  const char *tokens[] = { "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud83d", "\\ude00",
                           "null", "true", "0", "-", "1e999", "e", ".", "\xc3", "\xa9", "\xed\xa0\x80",
                           "\xf0\x9f\x98\x80", "\"k\": 1", " " };
  GRand *rand = g_rand_new_with_seed (4);
  guint accepted = 0;

  for (guint round = 0; round < 5000; round++)
    {
      g_autoptr(GString) text = g_string_new (original);
      g_autoptr(GError) error = NULL;
      g_autoptr(AvsJsonDocument) document = NULL;
      guint changes = g_rand_int_range (rand, 1, 4);

      for (guint c = 0; c < changes; c++)
        {
          guint at;

          if (text->len == 0)
            break;
          at = g_rand_int_range (rand, 0, (gint32) text->len);
          switch (g_rand_int_range (rand, 0, 3))
            {
            case 0:
              {
                gsize n = (gsize) g_rand_int_range (rand, 1, 4);
                g_string_erase (text, at, MIN (n, text->len - at));
              }
              break;
            case 1:
              g_string_insert (text, at, tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))]);
              break;
            default:
              text->str[at] = (char) g_rand_int_range (rand, 1, 256);
              break;
            }
        }

      document = parse_len (text->str, text->len, 16, &error);
      if (document == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == AVS_JSON_ERROR);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          continue;
        }
      accepted++;
      {
        g_autoptr(JsonParser) parser = json_parser_new_immutable ();
        g_autoptr(GError) glib_error = NULL;

        if (!json_parser_load_from_data (parser, text->str, (gssize) text->len, &glib_error))
          g_error ("json-glib refuses what the reader accepts (%s): %s", glib_error->message, text->str);
        if (!same_value (avs_json_document_get_root (document), json_parser_get_root (parser)))
          g_error ("json-glib reads it differently: %s", text->str);
      }
    }
  g_test_message ("%u of 5000 damaged documents were still valid", accepted);
  g_assert_cmpuint (accepted, >, 0);
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  avs_test_init (&argc, &argv);

  g_test_add_func ("/json-reader/values", test_values);
  g_test_add_func ("/json-reader/schema-helpers", test_schema_helpers);
  g_test_add_func ("/json-reader/nesting", test_nesting);
  g_test_add_func ("/json-reader/utf8", test_utf8);
  g_test_add_func ("/json-reader/strings", test_strings);
  g_test_add_func ("/json-reader/numbers", test_numbers);
  g_test_add_func ("/json-reader/literals", test_literals);
  g_test_add_func ("/json-reader/duplicate-keys", test_duplicate_keys);
  g_test_add_func ("/json-reader/document", test_document);
  g_test_add_func ("/json-reader/truncated", test_truncated);
  g_test_add_func ("/json-reader/positions", test_positions);
  g_test_add_func ("/json-reader/streaming", test_streaming);
  g_test_add_func ("/json-reader/mutations", test_mutations);

  return g_test_run ();
}
