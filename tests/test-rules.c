/* test-rules.c — the bundled detection rules load; bad rules are refused with file, JSON path, reason
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "avs-rules.h"
#include "avs-scan-result.h"
#include "avs-test-common.h"

static void
test_rules_bundled (void)
{
  static const char * const ids[] = {
    AVS_PRODUCT_KESL, AVS_PRODUCT_KESL_GUI, AVS_PRODUCT_NETWORK_AGENT, AVS_PRODUCT_KAV4FS,
    AVS_PRODUCT_KAV4WS, AVS_PRODUCT_KLMS, AVS_PRODUCT_KWTS, AVS_PRODUCT_KICS, AVS_PRODUCT_KESS,
    AVS_PRODUCT_SCAN_ENGINE, AVS_PRODUCT_KASPERSKY_FOR_LINUX, AVS_PRODUCT_KVRT,
    AVS_PRODUCT_PROTECTION_EXTENSION, AVS_PRODUCT_HTTPS_ROOT_CA, AVS_PRODUCT_WINDOWS_INSTALLATION,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsRules) rules = avs_rules_load_default (&error);
  GPtrArray *products;

  g_assert_no_error (error);
  g_assert_nonnull (rules);
  products = avs_rules_get_products (rules);
  /* Exactly the product ids of issue 3, in that order. */
  g_assert_cmpuint (products->len, ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      AvsRuleProduct *product = g_ptr_array_index (products, i);
      g_assert_cmpstr (product->id, ==, ids[i]);
      g_assert_cmpuint (product->signals->len, >, 0);
      /* Every signal cites a source that resolves. */
      for (guint j = 0; j < product->signals->len; j++)
        {
          AvsRuleSignal *signal = g_ptr_array_index (product->signals, j);
          g_assert_nonnull (signal->sources[0]);
          for (guint k = 0; signal->sources[k] != NULL; k++)
            g_assert_nonnull (avs_rules_get_source_url (rules, signal->sources[k]));
        }
    }
  g_assert_true (avs_rules_is_candidate_package (rules, "kesl"));
  g_assert_true (avs_rules_is_candidate_package (rules, "klnagent64"));
  g_assert_false (avs_rules_is_candidate_package (rules, "bash"));
  g_assert_true (avs_rules_find_product (rules, AVS_PRODUCT_NETWORK_AGENT)->manages);
  g_assert_false (avs_rules_find_product (rules, AVS_PRODUCT_KESL)->manages);
}

#define MINI_HEAD "{\"schema\": \"avswitch-rules/1\", \"version\": 1, \"sources\": {\"S\": \"https://example.invalid/\"}, " \
                  "\"vendor\": {\"maintainer_pattern\": \"(?i)kaspersky\", \"paths\": [\"/opt/kaspersky\"], \"sources\": [\"S\"]}, "
#define PRODUCT(signal) MINI_HEAD "\"products\": [{\"id\": \"kesl\", \"name\": \"K\", \"sources\": [\"S\"], \"signals\": [" signal "]}]}"

static void
test_rules_minimal_ok (void)
{
  const char *text = PRODUCT ("{\"kind\": \"path\", \"path\": \"/opt/kaspersky/kesl/install_*\", \"sources\": [\"S\"]}");
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsRules) rules = avs_rules_load_bytes (bytes, "mini.json", &error);
  AvsRuleSignal *signal;

  g_assert_no_error (error);
  signal = g_ptr_array_index (avs_rules_find_product (rules, "kesl")->signals, 0);
  g_assert_true (signal->has_glob);
  g_assert_cmpuint (g_strv_length (signal->path_parts), ==, 4);
}

typedef struct
{
  const char *json;
  const char *fragment;
} Bad;

static void
test_rules_strict (void)
{
  static const Bad bad[] = {
    { "{\"schema\": \"avswitch-rules/9\"}", "avswitch-rules/9" },
    { MINI_HEAD "\"products\": [], \"extra\": true}", "unknown key “extra”" },
    { MINI_HEAD "\"products\": []}", "no products" },
    { PRODUCT ("{\"kind\": \"path\", \"path\": \"opt/kaspersky\", \"sources\": [\"S\"]}"), "$.products[0].signals[0]: the path must be absolute" },
    { PRODUCT ("{\"kind\": \"path\", \"path\": \"/opt/../etc\", \"sources\": [\"S\"]}"), "“..”" },
    { PRODUCT ("{\"kind\": \"path\", \"path\": \"/opt/[ab]\", \"sources\": [\"S\"]}"), "bad pattern" },
    { PRODUCT ("{\"kind\": \"path\", \"path\": \"/*/kaspersky\", \"sources\": [\"S\"]}"), "first folder" },
    { PRODUCT ("{\"kind\": \"certificate\", \"subject_pattern\": \"(unclosed\", \"sources\": [\"S\"]}"), "not a valid regular expression" },
    { PRODUCT ("{\"kind\": \"rumour\", \"name\": \"x\", \"sources\": [\"S\"]}"), "“rumour” is not a known kind" },
    { PRODUCT ("{\"kind\": \"package\", \"name\": 42, \"sources\": [\"S\"]}"), "“name” must be a string" },
    { PRODUCT ("{\"kind\": \"package\", \"name\": \"kesl\", \"path\": \"/x\", \"sources\": [\"S\"]}"), "unknown key “path”" },
    { PRODUCT ("{\"kind\": \"package\", \"name\": \"kesl\", \"sources\": [\"NOPE\"]}"), "“NOPE” is not listed" },
    { PRODUCT ("{\"kind\": \"package\", \"name\": \"kesl\"}"), "“sources” is missing" },
    { PRODUCT ("{\"kind\": \"package\", \"name\": \"kes l\", \"sources\": [\"S\"]}"), "spaces" },
    { PRODUCT ("{\"kind\": \"package\", \"name\": \"kesl\", \"role\": \"maybe\", \"sources\": [\"S\"]}"), "“role”" },
    { PRODUCT ("{\"kind\": \"browser-extension\", \"browser\": \"chromium\", \"id\": \"xyz\", \"sources\": [\"S\"]}"), "32 letters" },
    { PRODUCT ("{\"kind\": \"browser-extension\", \"browser\": \"netscape\", \"id\": \"x@y\", \"sources\": [\"S\"]}"), "“browser”" },
    { PRODUCT ("{\"kind\": \"init-script\", \"path\": \"/etc/kesl\", \"sources\": [\"S\"]}"), "/etc/init.d/" },
    { PRODUCT ("{\"kind\": \"home-path\", \"path\": \"/abs\", \"sources\": [\"S\"]}"), "relative" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (bad[i].json, strlen (bad[i].json));
      g_autoptr(GError) error = NULL;
      g_autoptr(AvsRules) rules = avs_rules_load_bytes (bytes, "bad-rules.json", &error);

      g_test_message ("case %u: %s", i, error != NULL ? error->message : "(accepted)");
      g_assert_null (rules);
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "bad-rules.json"));
      g_assert_nonnull (strstr (error->message, bad[i].fragment));
    }
}

#define MANAGED(commands) MINI_HEAD "\"products\": [{\"id\": \"klnagent64\", \"name\": \"A\", \"sources\": [\"S\"], " \
  "\"signals\": [{\"kind\": \"package\", \"name\": \"klnagent64\", \"sources\": [\"S\"]}], " \
  "\"management\": {\"commands\": " commands ", \"server_label\": \"Administration Server address\", \"sources\": [\"S\"]}}]}"

/* A root scan runs the management commands of the rules: a --rules file may name only the
 * Network Agent's klnagchk at its known places, never any other program. */
static void
test_rules_management_allow_list (void)
{
  static const Bad bad[] = {
    { MANAGED ("[\"/usr/bin/id\"]"), "$.products[0].management.commands[0]" },
    { MANAGED ("[\"/opt/kaspersky/klnagent64/bin/klnagchk\", \"/bin/sh\"]"), "$.products[0].management.commands[1]" },
    { MANAGED ("[\"/home/alice/klnagchk\"]"), "/home/alice/klnagchk" },
    { MANAGED ("[\"/opt/kaspersky/klnagent64/bin/klnagchk.sh\"]"), "klnagchk.sh" },
    { MANAGED ("[\"/opt/kaspersky/klnagent64/bin/klnagchk \"]"), "commands[0]" },
  };
  const char *good = MANAGED ("[\"/opt/kaspersky/klnagent64/bin/klnagchk\", \"/opt/kaspersky/klnagent/bin/klnagchk\"]");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (bad[i].json, strlen (bad[i].json));
      g_autoptr(GError) error = NULL;
      g_autoptr(AvsRules) rules = avs_rules_load_bytes (bytes, "my-rules.json", &error);

      g_test_message ("case %u: %s", i, error != NULL ? error->message : "(accepted)");
      g_assert_null (rules);
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "my-rules.json"));
      g_assert_nonnull (strstr (error->message, bad[i].fragment));
      g_assert_nonnull (strstr (error->message, "management program"));
    }

  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (good, strlen (good));
    g_autoptr(GError) error = NULL;
    g_autoptr(AvsRules) rules = avs_rules_load_bytes (bytes, "my-rules.json", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (avs_rules_find_product (rules, "klnagent64")->management_commands[1], ==,
                     "/opt/kaspersky/klnagent/bin/klnagchk");
  }
}

static void
test_rules_file_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsRules) missing = avs_rules_load_file ("/nonexistent/rules.json", &error);
  g_autofree char *dir = avs_test_make_tmpdir ("avs-rules-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "broken.json", NULL);
  g_autoptr(AvsRules) broken = NULL;

  g_assert_null (missing);
  g_assert_nonnull (strstr (error->message, "/nonexistent/rules.json"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "{\"schema\": ", -1, NULL));
  broken = avs_rules_load_file (path, &error);
  g_assert_null (broken);
  g_assert_nonnull (strstr (error->message, "broken.json"));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  avs_test_init (&argc, &argv);

  g_test_add_func ("/rules/bundled", test_rules_bundled);
  g_test_add_func ("/rules/minimal-ok", test_rules_minimal_ok);
  g_test_add_func ("/rules/strict", test_rules_strict);
  g_test_add_func ("/rules/file-errors", test_rules_file_errors);
  g_test_add_func ("/rules/management-allow-list", test_rules_management_allow_list);

  return g_test_run ();
}
