/* test-json.c — the safe JSON loader refuses what json-glib 1.6 would accept or crash on
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "avs-json.h"
#include "avs-test-common.h"

static JsonNode *
parse (const char  *text,
       GError     **error)
{
  return avs_json_parse_data (text, strlen (text), "test.json", error);
}

static void
test_json_valid_object (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = parse ("\xEF\xBB\xBF{\"schema\": 1, \"name\": \"x\", \"list\": [1, {\"a\": \"]}\"}]}\n", &error);
  JsonObject *object;

  g_assert_no_error (error);
  g_assert_nonnull (root);
  object = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (object, "schema"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "x");
}

static void
test_json_deep_nesting_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  GString *text = g_string_new ("{\"a\":");

  /* 100 000 levels crash json-glib 1.6 with a stack overflow; we must refuse before parsing. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, '[');
  root = parse (text->str, &error);
  g_assert_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_TOO_DEEP);
  g_assert_null (root);
  g_assert_nonnull (strstr (error->message, "test.json"));
  g_string_free (text, TRUE);
}

/* Nesting hidden from a bracket count: json-glib 1.6 also reads comments and single-quoted
 * strings, so a quote inside a comment made the old pre-scan think the rest was a string, and
 * json-glib then recursed 80 000 levels deep (a stack overflow: SIGSEGV). */
static const char *hidden_nesting_prefixes[] = {
  "{\"a\": /* \" */",          /* the finding: a double quote inside a block comment */
  "{\"a\": // \"\n",           /* a line comment */
  "{\"a\": '\"', \"b\": ",     /* a single-quoted string holding a double quote */
  "{\"a\": \"\\\\\", \"b\": /* \\\" */",  /* an escaped backslash, then an escape in a comment */
  "{\"a\": '\\'\"', \"b\": ",  /* an escaped single quote inside single quotes */
};

static void
test_json_hidden_nesting_child (void)
{
  const char *env = g_getenv ("AVS_TEST_JSON_VARIANT");
  guint variant = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : G_MAXUINT;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  GString *text;

  if (variant >= G_N_ELEMENTS (hidden_nesting_prefixes))
    {
      g_test_skip ("run by /json/hidden-nesting");
      return;
    }
  text = g_string_new (hidden_nesting_prefixes[variant]);

  for (guint i = 0; i < 80000; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < 80000; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');

  root = avs_json_parse_data (text->str, text->len, "Preferences", &error);
  g_assert_null (root);
  g_assert_nonnull (error);
  g_assert_true (error->domain == AVS_JSON_ERROR);
  g_assert_nonnull (strstr (error->message, "Preferences"));
  g_string_free (text, TRUE);
}

static void
test_json_hidden_nesting (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (hidden_nesting_prefixes); i++)
    {
      g_autofree char *variant = g_strdup_printf ("%u", i);

      g_test_message ("variant %u: %s", i, hidden_nesting_prefixes[i]);
      g_setenv ("AVS_TEST_JSON_VARIANT", variant, TRUE);
      /* In a child, so that a stack overflow fails this test instead of ending the suite. */
      g_test_trap_subprocess ("/json/hidden-nesting/child", 30 * G_USEC_PER_SEC,
                              G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
    }
}

/* The strict reader decides what json-glib never sees: comments, single quotes and the like. */
static void
test_json_strict_only (void)
{
  const char *bad[] = {
    "{\"a\": /* c */ 1}",
    "{\"a\": 1 // c\n}",
    "{'a': 1}",
    "{\"a\": 'x'}",
    "{a: 1}",
    "{\"a\": [1, 2,]}",
    "{\"a\": \"\xFF\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = parse (bad[i], &error);

      g_test_message ("input %u: %s", i, bad[i]);
      g_assert_null (root);
      g_assert_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SYNTAX);
    }
}

static void
test_json_tree_types (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = parse ("{\"i\": -9223372036854775808, \"d\": 1.5e3, \"t\": true, "
                                    "\"f\": false, \"n\": null, \"s\": \"caf\\u00e9 \\\"q\\\"\", "
                                    "\"a\": [1, [2, {}], \"x\"], \"o\": {\"k\": {\"z\": []}}}", &error);
  JsonObject *object;
  JsonArray *array;

  g_assert_no_error (error);
  object = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (object, "i"), ==, G_MININT64);
  g_assert_cmpfloat (json_object_get_double_member (object, "d"), ==, 1500.0);
  g_assert_true (json_object_get_boolean_member (object, "t"));
  g_assert_false (json_object_get_boolean_member (object, "f"));
  g_assert_true (json_object_get_null_member (object, "n"));
  g_assert_cmpstr (json_object_get_string_member (object, "s"), ==, "café \"q\"");
  array = json_object_get_array_member (object, "a");
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpint (json_array_get_int_element (array, 0), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_array_get_array_element (array, 1)), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (array, 2), ==, "x");
  g_assert_true (json_object_has_member (json_object_get_object_member (json_object_get_object_member (object, "o"), "k"), "z"));
  /* Member order is kept (the scan document's writers and readers rely on it). */
  {
    g_autoptr(GList) names = json_object_get_members (object);
    g_assert_cmpstr (names->data, ==, "i");
    g_assert_cmpstr (g_list_last (names)->data, ==, "o");
  }
}

static void
test_json_too_large (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("{\"a\": \"0123456789\"}", 19);
  g_autoptr(JsonNode) root = avs_json_parse_bytes (bytes, "big.json", 10, 64, &error);

  g_assert_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_TOO_LARGE);
  g_assert_null (root);
}

static void
test_json_syntax_error_has_position (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = parse ("{\n  \"a\": 1,\n  \"b\": ]\n}", &error);

  g_assert_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SYNTAX);
  g_assert_null (root);
  /* json-glib reports "line:column"; the error is on line 3. */
  g_assert_nonnull (strstr (error->message, "3:"));
}

static void
test_json_quirks_refused (void)
{
  const char *bad[] = {
    "var x = {\"a\": 1};",          /* a JavaScript assignment */
    "[1, 2, 3]",                    /* not an object */
    "{\"a\": 1} {\"b\": 2}",        /* a second top-level value */
    "{\"a\": 1} trailing",
    "",
    "   ",
    "\"just a string\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = parse (bad[i], &error);

      g_test_message ("input %u: %s", i, bad[i]);
      g_assert_null (root);
      g_assert_error (error, AVS_JSON_ERROR, error->code);
    }
}

static void
test_json_nul_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = avs_json_parse_data ("{\"a\": \"x\0y\"}", 12, "nul.json", &error);

  g_assert_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SYNTAX);
  g_assert_null (root);
}

static void
test_json_schema_helpers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = parse ("{\"name\": \"x\", \"count\": \"3\", \"tags\": [\"a\", 2], \"on\": true}", &error);
  static const char *allowed[] = { "name", "count", "tags", NULL };
  JsonObject *object;
  const char *name = NULL;
  gint64 count = 0;
  gboolean on = FALSE;
  g_auto(GStrv) tags = NULL;

  g_assert_no_error (error);
  object = json_node_get_object (root);

  g_assert_false (avs_json_check_members (object, "$", allowed, &error));
  g_assert_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, "“on”"));
  g_clear_error (&error);

  g_assert_true (avs_json_get_string (object, "$", "name", TRUE, &name, &error));
  g_assert_cmpstr (name, ==, "x");

  g_assert_false (avs_json_get_int (object, "$", "count", TRUE, &count, &error));
  g_assert_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, "$"));
  g_clear_error (&error);

  g_assert_false (avs_json_get_string (object, "$.x", "missing", TRUE, &name, &error));
  g_assert_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, "$.x"));
  g_clear_error (&error);

  g_assert_true (avs_json_get_string (object, "$", "missing", FALSE, &name, &error));
  g_assert_null (name);

  g_assert_false (avs_json_get_strv (object, "$", "tags", TRUE, &tags, &error));
  g_assert_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, "$.tags[1]"));
  g_clear_error (&error);

  g_assert_true (avs_json_get_bool (object, "$", "on", TRUE, &on, &error));
  g_assert_true (on);
}

static void
test_json_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = avs_test_make_tmpdir ("avs-json-XXXXXX");
  g_autofree char *good = g_build_filename (dir, "good.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) none = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (good, "{\"ok\": true}", -1, &error));
  root = avs_json_parse_file (good, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);

  none = avs_json_parse_file (missing, &error);
  g_assert_null (none);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "missing.json"));

  g_remove (good);
  g_rmdir (dir);
}

/* The one writer makes text the strict reader accepts back, whatever the tree holds: a file
 * name with U+001F or bytes that are not UTF-8, and doubles json-glib prints as "3e+83.0". */
static void
test_json_writer_round_trip (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "unit separator");
  json_builder_add_string_value (builder, "/tmp/kesl\x1f.log");
  json_builder_set_member_name (builder, "not utf-8");
  json_builder_add_string_value (builder, "version \xff\xfe 1");
  json_builder_set_member_name (builder, "large");
  json_builder_add_double_value (builder, 3e83);
  json_builder_set_member_name (builder, "small");
  json_builder_add_double_value (builder, -2.5e-300);
  json_builder_set_member_name (builder, "plain");
  json_builder_add_double_value (builder, 1.5);
  json_builder_set_member_name (builder, "quote \"3e+83.0\"");
  json_builder_add_string_value (builder, "3e+83.0 stays as it is in a string");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  for (int pretty = 0; pretty < 2; pretty++)
    {
      g_clear_pointer (&text, g_free);
      g_clear_pointer (&back, json_node_unref);
      text = avs_json_node_to_data (root, pretty, NULL);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      back = avs_json_parse_data (text, strlen (text), "written.json", &error);
      g_assert_no_error (error);
      object = json_node_get_object (back);
      g_assert_cmpstr (json_object_get_string_member (object, "unit separator"), ==, "/tmp/kesl\x1f.log");
      g_assert_cmpstr (json_object_get_string_member (object, "not utf-8"), ==, "version \xef\xbf\xbd\xef\xbf\xbd 1");
      g_assert_cmpfloat (json_object_get_double_member (object, "large"), ==, 3e83);
      g_assert_cmpfloat (json_object_get_double_member (object, "small"), ==, -2.5e-300);
      g_assert_cmpfloat (json_object_get_double_member (object, "plain"), ==, 1.5);
      g_assert_cmpstr (json_object_get_string_member (object, "quote \"3e+83.0\""), ==,
                       "3e+83.0 stays as it is in a string");
    }
}

int
main (int    argc,
      char **argv)
{
  avs_test_init (&argc, &argv);

  g_test_add_func ("/json/valid-object", test_json_valid_object);
  g_test_add_func ("/json/deep-nesting-refused", test_json_deep_nesting_refused);
  g_test_add_func ("/json/too-large", test_json_too_large);
  g_test_add_func ("/json/syntax-error-has-position", test_json_syntax_error_has_position);
  g_test_add_func ("/json/quirks-refused", test_json_quirks_refused);
  g_test_add_func ("/json/nul-refused", test_json_nul_refused);
  g_test_add_func ("/json/schema-helpers", test_json_schema_helpers);
  g_test_add_func ("/json/file", test_json_file);
  g_test_add_func ("/json/hidden-nesting", test_json_hidden_nesting);
  g_test_add_func ("/json/hidden-nesting/child", test_json_hidden_nesting_child);
  g_test_add_func ("/json/strict-only", test_json_strict_only);
  g_test_add_func ("/json/tree-types", test_json_tree_types);
  g_test_add_func ("/json/writer-round-trip", test_json_writer_round_trip);

  return g_test_run ();
}
