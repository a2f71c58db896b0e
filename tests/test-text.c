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

/* A path or a command inside a right-to-left sentence: one balanced isolate around it, and
 * nothing in the value can close it early or reorder what follows. */
static void
test_text_isolate (void)
{
  static const Case cases[] = {
    { "/opt/kaspersky/kesl", "\342\201\250/opt/kaspersky/kesl\342\201\251" },
    { "", "\342\201\250\342\201\251" },
    { "Kaspersky 11.2 — café", "\342\201\250Kaspersky 11.2 — café\342\201\251" },
    /* A PDI in the value would end the isolate; an RLO would reverse the rest of the sentence. */
    { "evil\342\201\251\342\200\256txt.exe", "\342\201\250evil\\u2069\\u202etxt.exe\342\201\251" },
    { "\342\201\250nested\342\201\251", "\342\201\250\\u2068nested\\u2069\342\201\251" },
    { "\330\247\331\204 lrm\342\200\216 alm\330\234", "\342\201\250\330\247\331\204 lrm\\u200e alm\\u061c\342\201\251" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = avs_text_isolate (cases[i].in);
      g_autofree char *terminal = avs_text_drop_isolates (out);

      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_true (g_utf8_validate (out, -1, NULL));
      /* On a terminal the value reads as it is (its own controls still escaped). */
      g_assert_true (g_str_has_prefix (out, "\342\201\250"));
      g_assert_cmpuint (strlen (terminal), ==, strlen (out) - 6);
    }
  g_assert_null (avs_text_isolate (NULL));

  /* In a sentence: the terminal gets the sentence without the marks; one left unmatched (from
   * the machine, not from avs_text_isolate) stays, and the terminal escaper shows it. */
  {
    g_autofree char *path = avs_text_isolate ("/opt/kaspersky");
    g_autofree char *sentence = g_strdup_printf ("Remove %s now.\n\342\201\250open\n%s", path, path);
    g_autofree char *plain = avs_text_drop_isolates (sentence);
    g_autofree char *escaped = avs_text_escape_for_terminal (plain, -1, AVS_TEXT_ESCAPE_KEEP_NEWLINES);

    g_assert_cmpstr (plain, ==, "Remove /opt/kaspersky now.\n\342\201\250open\n/opt/kaspersky");
    g_assert_cmpstr (escaped, ==, "Remove /opt/kaspersky now.\n\\u2068open\n/opt/kaspersky");
  }
  {
    /* A PDI on another line does not close an FSI: both stay. */
    g_autofree char *plain = avs_text_drop_isolates ("a\342\201\250b\nc\342\201\251d");
    g_assert_cmpstr (plain, ==, "a\342\201\250b\nc\342\201\251d");
  }
}

static void
test_text_join_list (void)
{
  const char *none[] = { NULL };
  const char *one[] = { "kesl", NULL };
  const char *names[] = { "kesl", "/opt/\342\200\256x", "klnagent64", NULL };
  g_autofree char *empty = avs_text_join_list (none, FALSE);
  g_autofree char *single = avs_text_join_list (one, FALSE);
  g_autofree char *plain = avs_text_join_list (names, FALSE);
  g_autofree char *isolated = avs_text_join_list (names, TRUE);

  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (single, ==, "kesl");
  g_assert_cmpstr (plain, ==, "kesl, /opt/\342\200\256x, klnagent64");
  /* Each name on its own, its override escaped so it cannot reach the next name. */
  g_assert_cmpstr (isolated, ==, "\342\201\250kesl\342\201\251, \342\201\250/opt/\\u202ex\342\201\251, "
                   "\342\201\250klnagent64\342\201\251");
}

static void
test_text_join_sentences (void)
{
  g_autofree char *joined = avs_text_join_sentences ("What to do next:", "Run it again.");

  g_assert_cmpstr (joined, ==, "What to do next: Run it again.");
}

int
main (int    argc,
      char **argv)
{
  avs_test_init (&argc, &argv);

  g_test_add_func ("/text/escape", test_text_escape);
  g_test_add_func ("/text/keep-newlines", test_text_keep_newlines);
  g_test_add_func ("/text/json-document", test_text_json_document);
  g_test_add_func ("/text/isolate", test_text_isolate);
  g_test_add_func ("/text/join-list", test_text_join_list);
  g_test_add_func ("/text/join-sentences", test_text_join_sentences);

  return g_test_run ();
}
