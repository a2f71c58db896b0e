/* test-catalog-url.c — the window and the command line decide the catalog's address one way
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"


#include "avs-catalog-store.h"
#include "avs-test-common.h"

static void
test_url_option_first (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *url = NULL;

  g_settings_set_string (settings, "catalog-url", "https://setting.example/catalog.json");
  url = avs_catalog_store_configured_url ("https://option.example/catalog.json");
  g_assert_cmpstr (url, ==, "https://option.example/catalog.json");
  g_settings_reset (settings, "catalog-url");
}

static void
test_url_setting_then_default (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *from_setting = NULL;
  g_autofree char *from_default = NULL;
  g_autofree char *empty_option = NULL;

  g_settings_set_string (settings, "catalog-url", "https://setting.example/catalog.json");
  from_setting = avs_catalog_store_configured_url (NULL);
  g_assert_cmpstr (from_setting, ==, "https://setting.example/catalog.json");
  /* An empty option is no option. */
  empty_option = avs_catalog_store_configured_url ("");
  g_assert_cmpstr (empty_option, ==, "https://setting.example/catalog.json");

  /* An empty setting falls back to the build's default. */
  g_settings_set_string (settings, "catalog-url", "");
  from_default = avs_catalog_store_configured_url (NULL);
  g_assert_cmpstr (from_default, ==, CATALOG_URL);
  g_settings_reset (settings, "catalog-url");
}

static void
test_url_without_schema (void)
{
  /* A bare command line with no installed schema must not abort: the build's default. */
  if (g_test_subprocess ())
    {
      g_autofree char *url = NULL;

      /* A fresh process: the default schema source is made on first use, from these. */
      g_setenv ("GSETTINGS_SCHEMA_DIR", "/nonexistent", TRUE);
      g_setenv ("XDG_DATA_DIRS", "/nonexistent", TRUE);
      url = avs_catalog_store_configured_url (NULL);
      g_assert_cmpstr (url, ==, CATALOG_URL);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  avs_test_init (&argc, &argv);
  g_test_add_func ("/catalog-url/option-first", test_url_option_first);
  g_test_add_func ("/catalog-url/setting-then-default", test_url_setting_then_default);
  g_test_add_func ("/catalog-url/without-schema", test_url_without_schema);
  return g_test_run ();
}
