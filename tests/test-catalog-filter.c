/* test-catalog-filter.c — filters and ranking of the bundled catalog for the three situations
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "avs-catalog-filter.h"
#include "avs-catalog-store.h"
#include "avs-test-common.h"

static AvsCatalog *catalog;

static AvsScanResult *
scan_with (const char *os_id,
           const char *like,
           const char *package_manager,
           const char *product_id,
           gboolean    managed)
{
  AvsScanResult *scan = avs_scan_result_new ("/");
  const char *id_like[] = { like, NULL };

  avs_scan_result_set_host (scan, os_id, like != NULL ? id_like : NULL, NULL, NULL, package_manager);
  if (product_id != NULL)
    {
      g_autoptr(AvsFinding) finding = avs_finding_new (product_id, product_id);
      avs_finding_set_managed (finding, managed);
      avs_finding_set_state (finding, AVS_INSTALL_STATE_INSTALLED);
      avs_scan_result_add_finding (scan, finding);
    }
  return scan;
}

static AvsCatalogChoice *
choice_for (AvsCatalogRanking *ranking,
            const char        *id,
            guint             *out_position)
{
  for (guint i = 0; i < ranking->choices->len; i++)
    {
      AvsCatalogChoice *choice = g_ptr_array_index (ranking->choices, i);
      if (g_str_equal (avs_catalog_product_get_id (choice->product), id))
        {
          if (out_position != NULL)
            *out_position = i;
          return choice;
        }
    }
  return NULL;
}

static gboolean
warnings_contain (AvsCatalogChoice *choice,
                  const char       *text)
{
  for (guint i = 0; i < choice->warnings->len; i++)
    if (strstr (g_ptr_array_index (choice->warnings, i), text) != NULL)
      return TRUE;
  return FALSE;
}

/* Common to every situation: no flagged product is ever above an unflagged one, or recommended. */
static void
assert_flags_respected (AvsCatalogRanking *ranking)
{
  gboolean seen_flagged = FALSE;
  AvsCatalogChoice *drweb = choice_for (ranking, "drweb-linux", NULL);
  AvsCatalogChoice *clamtk = choice_for (ranking, "clamtk", NULL);

  for (guint i = 0; i < ranking->choices->len; i++)
    {
      AvsCatalogChoice *choice = g_ptr_array_index (ranking->choices, i);
      if (choice->flagged)
        {
          seen_flagged = TRUE;
          g_assert_false (choice->recommended);
          g_assert_cmpuint (choice->warnings->len, >, 0);
        }
      else
        g_assert_false (seen_flagged);
    }

  if (drweb != NULL)
    {
      g_assert_true (drweb->flagged);
      g_assert_true (warnings_contain (drweb, "Russian jurisdiction"));
    }
  if (clamtk != NULL)
    {
      g_assert_true (clamtk->flagged);
      g_assert_true (warnings_contain (clamtk, "no longer maintained"));
    }
}

static void
print_ranking (AvsCatalogRanking *ranking)
{
  for (guint i = 0; i < ranking->choices->len; i++)
    {
      AvsCatalogChoice *choice = g_ptr_array_index (ranking->choices, i);
      g_test_message ("%2u %6d %s%s %s", i, choice->score, choice->recommended ? "R" : "-",
                      choice->flagged ? "F" : "-", avs_catalog_product_get_id (choice->product));
    }
}

/* A centrally managed KESL fleet → business endpoint products with a console. */
static void
test_managed_fleet (void)
{
  g_autoptr(AvsScanResult) scan = scan_with ("debian", NULL, "dpkg", AVS_PRODUCT_KESL, TRUE);
  g_autoptr(AvsCatalogRanking) ranking = avs_catalog_rank (catalog, scan, NULL);
  guint recommended = 0;

  print_ranking (ranking);
  g_assert_cmpint (ranking->situation, ==, AVS_SITUATION_FLEET);
  g_assert_null (ranking->note);
  g_assert_null (choice_for (ranking, "keep-updated", NULL));

  /* The first five are all business products managed from a console, none flagged. */
  for (guint i = 0; i < 5; i++)
    {
      AvsCatalogChoice *choice = g_ptr_array_index (ranking->choices, i);
      AvsConsole console = avs_catalog_product_get_console (choice->product);

      g_assert_true (choice->recommended);
      g_assert_true (avs_catalog_product_get_audiences (choice->product) & AVS_AUDIENCE_BUSINESS);
      g_assert_true (console == AVS_CONSOLE_REQUIRED || console == AVS_CONSOLE_OPTIONAL);
    }

  /* One recommendation for this computer: a business product with a console, and why. */
  g_assert_nonnull (ranking->best);
  g_assert_true (ranking->best == g_ptr_array_index (ranking->choices, 0));
  g_assert_false (ranking->best->flagged);
  g_assert_true (avs_catalog_product_get_audiences (ranking->best->product) & AVS_AUDIENCE_BUSINESS);
  g_assert_cmpint (avs_catalog_product_get_console (ranking->best->product), !=, AVS_CONSOLE_NONE);
  g_assert_nonnull (strstr (ranking->best_why, "manages this computer centrally"));

  /* Home-only tools are not recommended for a fleet. */
  g_assert_false (choice_for (ranking, "clamui", NULL)->recommended);
  g_assert_false (choice_for (ranking, "clamav", NULL)->recommended);

  /* Defender for Endpoint comes with its caveats. */
  {
    AvsCatalogChoice *mde = choice_for (ranking, "microsoft-defender-endpoint-linux", NULL);
    g_assert_true (warnings_contain (mde, "server licence"));
    g_assert_true (warnings_contain (mde, "another blocking on-access scanner"));
  }

  for (guint i = 0; i < ranking->choices->len; i++)
    recommended += ((AvsCatalogChoice *) g_ptr_array_index (ranking->choices, i))->recommended;
  g_assert_cmpuint (recommended, >=, 5);
  assert_flags_respected (ranking);
}

/* Kaspersky for Linux at home → the honest note, then free and maintained options. */
static void
test_home (void)
{
  g_autoptr(AvsScanResult) scan = scan_with ("fedora", NULL, "rpm", AVS_PRODUCT_KASPERSKY_FOR_LINUX, FALSE);
  g_autoptr(AvsCatalogRanking) ranking = avs_catalog_rank (catalog, scan, NULL);
  AvsCatalogChoice *first, *second, *third;
  guint clamav_position = 0, clamui_position = 0, paid_position = 0;

  print_ranking (ranking);
  g_assert_cmpint (ranking->situation, ==, AVS_SITUATION_HOME);
  g_assert_nonnull (ranking->note);
  g_assert_nonnull (strstr (ranking->note, "kept up to date"));

  first = g_ptr_array_index (ranking->choices, 0);
  second = g_ptr_array_index (ranking->choices, 1);
  third = g_ptr_array_index (ranking->choices, 2);
  g_assert_cmpstr (avs_catalog_product_get_id (first->product), ==, "keep-updated");
  /* The recommendation for a home computer is the honest one, and says why. */
  g_assert_true (ranking->best == first);
  g_assert_nonnull (strstr (ranking->best_why, "home computer"));
  for (AvsCatalogChoice **c = (AvsCatalogChoice *[]) { second, third, NULL }; *c != NULL; c++)
    {
      g_assert_true ((*c)->recommended);
      g_assert_cmpint (avs_catalog_product_get_price ((*c)->product), ==, AVS_PRICE_FREE);
      g_assert_cmpint (avs_catalog_product_get_status ((*c)->product), ==, AVS_PRODUCT_STATUS_ACTIVE);
      g_assert_true (avs_catalog_product_get_audiences ((*c)->product) & AVS_AUDIENCE_HOME);
    }
  g_assert_nonnull (choice_for (ranking, "clamav", &clamav_position));
  g_assert_nonnull (choice_for (ranking, "clamui", &clamui_position));
  g_assert_nonnull (choice_for (ranking, "sophos-protection-linux", &paid_position));
  g_assert_cmpuint (clamav_position, <, paid_position);
  g_assert_cmpuint (clamui_position, <, paid_position);
  /* On Fedora ClamAV installs with dnf. */
  {
    AvsCatalogChoice *clamav = choice_for (ranking, "clamav", NULL);
    gboolean dnf = FALSE;
    for (guint i = 0; i < clamav->reasons->len; i++)
      dnf |= strstr (g_ptr_array_index (clamav->reasons, i), "with dnf") != NULL;
    g_assert_true (dnf);
  }

  /* The unmaintained free GUI is flagged, not recommended, and below every unflagged option. */
  g_assert_true (choice_for (ranking, "clamtk", NULL)->flagged);
  g_assert_true (choice_for (ranking, "comodo-antivirus-linux", NULL)->flagged);
  assert_flags_respected (ranking);

  /* No scan at all is the same situation. */
  {
    g_autoptr(AvsCatalogRanking) none = avs_catalog_rank (catalog, NULL, NULL);
    g_assert_cmpint (none->situation, ==, AVS_SITUATION_HOME);
  }
}

/* A file server (kav4fs, scan-engine, klms) → server products. */
static void
test_file_server (void)
{
  const char *server_ids[] = { AVS_PRODUCT_KAV4FS, AVS_PRODUCT_SCAN_ENGINE, AVS_PRODUCT_KLMS, NULL };

  for (guint n = 0; server_ids[n] != NULL; n++)
    {
      g_autoptr(AvsScanResult) scan = scan_with ("ubuntu", "debian", "dpkg", server_ids[n], FALSE);
      g_autoptr(AvsCatalogRanking) ranking = avs_catalog_rank (catalog, scan, NULL);

      if (n == 0)
        print_ranking (ranking);
      g_assert_cmpint (ranking->situation, ==, AVS_SITUATION_SERVER);
      g_assert_null (choice_for (ranking, "keep-updated", NULL));
      for (guint i = 0; i < 5; i++)
        {
          AvsCatalogChoice *choice = g_ptr_array_index (ranking->choices, i);
          g_assert_true (choice->recommended);
          g_assert_true (avs_catalog_product_get_audiences (choice->product) & AVS_AUDIENCE_SERVER);
        }
      /* Desktop-only tools are not recommended for a server. */
      g_assert_false (choice_for (ranking, "clamui", NULL)->recommended);
      assert_flags_respected (ranking);
    }
}

static void
test_windows_dual_boot (void)
{
  g_autoptr(AvsScanResult) scan = scan_with ("debian", NULL, "dpkg", AVS_PRODUCT_WINDOWS_INSTALLATION, FALSE);
  g_autoptr(AvsCatalogRanking) ranking = avs_catalog_rank (catalog, scan, NULL);
  g_autoptr(AvsCatalogRanking) plain = avs_catalog_rank (catalog, NULL, NULL);

  g_assert_nonnull (choice_for (ranking, "microsoft-defender-antivirus", NULL));
  g_assert_null (choice_for (ranking, "xprotect", NULL));
  g_assert_null (choice_for (plain, "microsoft-defender-antivirus", NULL));
}

static void
test_filters (void)
{
  g_autoptr(AvsScanResult) arch = scan_with ("arch", NULL, "pacman", NULL, FALSE);
  g_autoptr(AvsScanResult) suse = scan_with ("opensuse-leap", "suse opensuse", "rpm", NULL, FALSE);
  GPtrArray *products = avs_catalog_get_products (catalog);
  AvsCatalogFilter filter;
  AvsCatalogProduct *clamav = avs_catalog_find_product (catalog, "clamav");
  AvsCatalogProduct *clamui = avs_catalog_find_product (catalog, "clamui");
  AvsCatalogProduct *mde = avs_catalog_find_product (catalog, "microsoft-defender-endpoint-linux");
  AvsCatalogProduct *avast = avs_catalog_find_product (catalog, "avast-linux");
  AvsCatalogProduct *xprotect = avs_catalog_find_product (catalog, "xprotect");

  avs_catalog_filter_init (&filter);
  for (guint i = 0; i < products->len; i++)
    g_assert_true (avs_catalog_filter_matches (&filter, g_ptr_array_index (products, i)));

  filter.free_only = TRUE;
  g_assert_true (avs_catalog_filter_matches (&filter, clamav));
  g_assert_false (avs_catalog_filter_matches (&filter, mde));

  avs_catalog_filter_init (&filter);
  filter.open_source_only = TRUE;
  g_assert_true (avs_catalog_filter_matches (&filter, clamui));
  g_assert_false (avs_catalog_filter_matches (&filter, mde));

  avs_catalog_filter_init (&filter);
  filter.realtime_only = TRUE;
  g_assert_true (avs_catalog_filter_matches (&filter, mde));
  g_assert_false (avs_catalog_filter_matches (&filter, avs_catalog_find_product (catalog, "clamtk")));
  /* Unknown is not "yes". */
  g_assert_false (avs_catalog_filter_matches (&filter, avs_catalog_find_product (catalog, "crowdstrike-falcon")));

  avs_catalog_filter_init (&filter);
  filter.audience = AVS_AUDIENCE_SERVER;
  g_assert_true (avs_catalog_filter_matches (&filter, clamav));
  g_assert_false (avs_catalog_filter_matches (&filter, clamui));

  /* Works here: Arch has no MDE (not in its distribution list) and no Avast (apt only), but
   * ClamUI (pacman and Flathub) and ClamAV (no pacman name listed, but packages elsewhere and
   * nothing else: refused) … */
  avs_catalog_filter_init (&filter);
  avs_catalog_filter_set_host (&filter, arch);
  g_assert_cmpstr (filter.package_tool, ==, "pacman");
  g_assert_true (avs_catalog_filter_matches (&filter, clamui));
  g_assert_false (avs_catalog_filter_matches (&filter, mde));
  g_assert_false (avs_catalog_filter_matches (&filter, avast));
  g_assert_false (avs_catalog_filter_matches (&filter, xprotect));

  avs_catalog_filter_init (&filter);
  avs_catalog_filter_set_host (&filter, suse);
  g_assert_cmpstr (filter.package_tool, ==, "zypper");
  g_assert_true (avs_catalog_filter_matches (&filter, clamav));
  g_assert_false (avs_catalog_filter_matches (&filter, avast));

  g_assert_cmpstr (avs_catalog_package_tool_for ("fedora", NULL, "rpm"), ==, "dnf");
  g_assert_cmpstr (avs_catalog_package_tool_for ("ubuntu", NULL, "dpkg"), ==, "apt");
  g_assert_null (avs_catalog_package_tool_for ("debian", NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsCatalogStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *cache = NULL;
  int status;

  avs_test_init (&argc, &argv);

  dir = avs_test_make_tmpdir ("avs-catalog-filter-XXXXXX");
  g_assert_no_error (error);
  cache = g_build_filename (dir, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  store = avs_catalog_store_new (CATALOG_URL);
  g_assert_true (avs_catalog_store_load (store, &error));
  g_assert_no_error (error);
  catalog = avs_catalog_store_get_catalog (store);

  g_test_add_func ("/catalog/rank/managed-fleet", test_managed_fleet);
  g_test_add_func ("/catalog/rank/home", test_home);
  g_test_add_func ("/catalog/rank/file-server", test_file_server);
  g_test_add_func ("/catalog/rank/windows-dual-boot", test_windows_dual_boot);
  g_test_add_func ("/catalog/filter", test_filters);

  status = g_test_run ();
  return status;
}
