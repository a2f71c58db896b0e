/* test-text.c — text from the scanned machine cannot drive the terminal
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "avs-test-common.h"
#include "avs-text.h"

typedef struct
{
  const char *in;
  const char *out;
} Case;

static void
test_text_escape (void)
{
  static const Case cases[] = {
    { "plain /opt/kaspersky/kesl", "plain /opt/kaspersky/kesl" },
    { "Kaspersky 24.0 — café ✓", "Kaspersky 24.0 — café ✓" },
    { "C:\\Program Files\\x1b", "C:\\Program Files\\x1b" },     /* backslashes stay */
    { "kesl\033]52;c;ZXZpbA==\007.log", "kesl\\x1b]52;c;ZXZpbA==\\x07.log" },
    { "a\nb\rc\td", "a\\nb\\rc\\td" },
    { "del\177", "del\\x7f" },
    { "csi\302\233", "csi\\u009b" },
    { "rlo\342\200\256olr", "rlo\\u202eolr" },
    { "iso\342\201\246x\342\201\251", "iso\\u2066x\\u2069" },
    { "lrm\342\200\216 ls\342\200\250", "lrm\\u200e ls\\u2028" },
    { "bad\377utf\300\257", "bad\\xffutf\\xc0\\xaf" },
    { "cut\342\200", "cut\\xe2\\x80" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = avs_text_escape_for_terminal (cases[i].in, -1, AVS_TEXT_ESCAPE_DEFAULT);
      g_autofree char *twice = avs_text_escape_for_terminal (out, -1, AVS_TEXT_ESCAPE_DEFAULT);

      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_cmpstr (twice, ==, out);
      g_assert_true (avs_text_is_safe_for_terminal (out, -1, AVS_TEXT_ESCAPE_DEFAULT));
      g_assert_true (avs_text_is_safe_for_terminal (cases[i].in, -1, AVS_TEXT_ESCAPE_DEFAULT) ==
                     g_str_equal (cases[i].in, cases[i].out));
    }

  /* A NUL inside a counted string is escaped, not an end. */
  {
    g_autofree char *out = avs_text_escape_for_terminal ("a\0b", 3, AVS_TEXT_ESCAPE_DEFAULT);
    g_assert_cmpstr (out, ==, "a\\x00b");
  }
  g_assert_null (avs_text_escape_for_terminal (NULL, -1, AVS_TEXT_ESCAPE_DEFAULT));
}

static void
test_text_keep_newlines (void)
{
  g_autofree char *out = avs_text_escape_for_terminal ("line 1\n\tline 2\r\033[2J\n", -1,
                                                       AVS_TEXT_ESCAPE_KEEP_NEWLINES);

  g_assert_cmpstr (out, ==, "line 1\n\tline 2\\r\\x1b[2J\n");
}

static void
test_text_json_document (void)
{
  const char *json = "{\"a\" : \"x\\u001b\\u007f\302\205\342\200\256\377\"}\n";
  g_autofree char *out = avs_text_escape_json_document (json, -1);

  g_assert_cmpstr (out, ==, "{\"a\" : \"x\\u001b\\u007f\\u0085\\u202e\\ufffd\"}\n");
  g_assert_true (g_utf8_validate (out, -1, NULL));
}

int
main (int    argc,
      char **argv)
{
  avs_test_init (&argc, &argv);

  g_test_add_func ("/text/escape", test_text_escape);
  g_test_add_func ("/text/keep-newlines", test_text_keep_newlines);
  g_test_add_func ("/text/json-document", test_text_json_document);

  return g_test_run ();
}
