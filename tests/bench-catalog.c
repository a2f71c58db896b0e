/* bench-catalog.c — load, verify and validate a generated 1 MiB catalog: time and extra memory
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Targets (issue 4): under 20 ms and under 10 MB of extra resident memory on the reference
 * machine. Run with `meson test --benchmark bench-catalog -v` (or `build-aux/dev bench`).
 * The catalog is read by the strict streaming reader (avs-json-reader.h); json-glib 1.6, used
 * before, is measured too for comparison (its parse alone takes 25-45 ms of CPU here and its
 * tree about 10 MB). The benchmark fails when a target is missed; AVSWITCH_BENCH_LENIENT=1 only
 * reports it (for a machine much slower than the reference one). Times are CPU time of the
 * thread (medians), so that other jobs on the machine disturb them less; the wall time is
 * printed too.
 */

#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "avs-catalog.h"
#include "avs-json-reader.h"
#include "avs-minisign.h"
#include "avs-test-catalog.h"

#define TARGET_MS 20.0
#define TARGET_RSS_KB (10 * 1024)
#define ROUNDS 30
#define RESOURCE_JSON "/io/github/avswitch/AvSwitch/core/catalog/alternatives.json"

static long
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  return line != NULL ? strtol (line + strlen (field), NULL, 10) : -1;
}

/* CPU time of this thread: less disturbed than wall time when other jobs share the machine. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double
load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return -1;
  return g_ascii_strtod (text, NULL);
}

static void
ignore_element (const AvsJsonValue *element,
                guint               index,
                gpointer            user_data)
{
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("avs-bench-catalog-XXXXXX", &error);
  g_autoptr(AvsTestKey) key = NULL;
  g_autoptr(GBytes) generated = NULL;
  g_autoptr(GBytes) sig = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sig_path = NULL;
  double times[ROUNDS], cpu[ROUNDS], verify[ROUNDS], parse[ROUNDS], release[ROUNDS];
  double glib_parse[ROUNDS], glib_release[ROUNDS], reading[ROUNDS];
  long rss_before, rss_after, hwm_after;
  double first_cpu;
  guint n_products = 0;
  gsize size;
  gboolean ok = TRUE;

  setlocale (LC_ALL, "C.UTF-8");
  g_assert_no_error (error);

  /* About 1 MiB of realistic entries, signed with the real minisign. */
  key = avs_test_key_new (dir, "bench");
  keys = avs_test_key_array (key, NULL);
  while (generated == NULL || g_bytes_get_size (generated) < 1024 * 1024)
    {
      g_clear_pointer (&generated, g_bytes_unref);
      n_products += 50;
      generated = avs_test_catalog_json (1, -60, 86400, n_products);
    }
  sig = avs_test_sign_bytes (key, dir, "alternatives.json", generated);
  path = g_build_filename (dir, "alternatives.json", NULL);
  sig_path = g_strconcat (path, ".minisig", NULL);
  size = g_bytes_get_size (generated);

  /* The first load in this process, kept alive: the memory it costs. The free heap is given
   * back first, and the peak-RSS counter reset (Linux: clear_refs 5). */
  malloc_trim (0);
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
  rss_before = status_kb ("VmRSS:");
  first_cpu = cpu_ms ();
  {
    char *json_data = NULL, *sig_data = NULL;
    gsize json_len = 0, sig_len = 0;
    g_autoptr(GBytes) json_bytes = NULL;
    g_autoptr(GBytes) sig_bytes = NULL;
    g_autoptr(AvsCatalog) catalog = NULL;

    g_file_get_contents (path, &json_data, &json_len, &error);
    g_assert_no_error (error);
    g_file_get_contents (sig_path, &sig_data, &sig_len, &error);
    g_assert_no_error (error);
    json_bytes = g_bytes_new_take (json_data, json_len);
    sig_bytes = g_bytes_new_take (sig_data, sig_len);
    catalog = avs_catalog_new_from_signed (json_bytes, sig_bytes, keys, path, &error);
    g_assert_no_error (error);
    first_cpu = cpu_ms () - first_cpu;
    rss_after = status_kb ("VmRSS:");
    hwm_after = status_kb ("VmHWM:");
  }

  /* Warm the code paths once (libsodium init, type registration, page cache). */
  {
    g_autoptr(AvsCatalog) warm = avs_catalog_new_from_signed (generated, sig, keys, "warm-up", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (avs_catalog_get_products (warm)->len, ==, n_products);
  }

  for (guint round = 0; round < ROUNDS; round++)
    {
      double c0, c1, c2, c3, c4, c5, r0;
      char *json_data = NULL, *sig_data = NULL;
      gsize json_len = 0, sig_len = 0;
      AvsJsonDocument *document;
      JsonNode *root;
      const char *data = g_bytes_get_data (generated, &size);

      /* The parts on their own: the signature check, the strict reader's parse and free, and
       * for comparison json-glib's parse and free through avs-json (what was used before). */
      r0 = cpu_ms ();
      g_file_get_contents (path, &json_data, &json_len, NULL);
      g_file_get_contents (sig_path, &sig_data, &sig_len, NULL);
      g_free (json_data);
      g_free (sig_data);
      c0 = cpu_ms ();
      g_assert_true (avs_minisign_verify (generated, sig, keys, NULL, NULL, NULL));
      c1 = cpu_ms ();
      /* The way the catalog reads it: products streamed one at a time (here to a no-op). */
      document = avs_json_document_parse_streaming (data, size, "bench", AVS_CATALOG_MAX_SIZE, 16,
                                                    "products", ignore_element, NULL, NULL);
      c2 = cpu_ms ();
      g_assert_nonnull (document);
      avs_json_document_free (document);
      c3 = cpu_ms ();
      root = avs_json_parse_bytes (generated, "bench", AVS_CATALOG_MAX_SIZE, 16, NULL);
      c4 = cpu_ms ();
      g_assert_nonnull (root);
      json_node_unref (root);
      c5 = cpu_ms ();
      reading[round] = c0 - r0;
      verify[round] = c1 - c0;
      parse[round] = c2 - c1;
      release[round] = c3 - c2;
      glib_parse[round] = c4 - c3;
      glib_release[round] = c5 - c4;
    }

  for (guint round = 0; round < ROUNDS; round++)
    {
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_ms ();
      char *json_data = NULL, *sig_data = NULL;
      gsize json_len = 0, sig_len = 0;
      g_autoptr(GBytes) json_bytes = NULL;
      g_autoptr(GBytes) sig_bytes = NULL;
      g_autoptr(AvsCatalog) catalog = NULL;

      /* Read from disk, verify the signature, parse and validate: what a start does. */
      g_file_get_contents (path, &json_data, &json_len, NULL);
      g_file_get_contents (sig_path, &sig_data, &sig_len, NULL);
      json_bytes = g_bytes_new_take (json_data, json_len);
      sig_bytes = g_bytes_new_take (sig_data, sig_len);
      catalog = avs_catalog_new_from_signed (json_bytes, sig_bytes, keys, path, &error);
      g_assert_no_error (error);
      times[round] = (g_get_monotonic_time () - start) / 1000.0;
      cpu[round] = cpu_ms () - cpu_start;
    }
  qsort (times, ROUNDS, sizeof times[0], compare_double);
  qsort (cpu, ROUNDS, sizeof cpu[0], compare_double);
  qsort (verify, ROUNDS, sizeof verify[0], compare_double);
  qsort (parse, ROUNDS, sizeof parse[0], compare_double);
  qsort (release, ROUNDS, sizeof release[0], compare_double);
  qsort (reading, ROUNDS, sizeof reading[0], compare_double);
  qsort (glib_parse, ROUNDS, sizeof glib_parse[0], compare_double);
  qsort (glib_release, ROUNDS, sizeof glib_release[0], compare_double);

  printf ("catalog: %" G_GSIZE_FORMAT " bytes, %u products, signed with minisign (prehashed)\n",
          size, n_products);
  printf ("load+verify+validate: median %.2f ms wall (min %.2f, max %.2f), median %.2f ms CPU, "
          "over %d rounds (target < %.0f ms)\n",
          times[ROUNDS / 2], times[0], times[ROUNDS - 1], cpu[ROUNDS / 2], ROUNDS, TARGET_MS);
  printf ("  of which: reading the files %.2f ms CPU, signature check %.2f ms CPU, JSON parse by the "
          "strict reader (avs-json-reader, streaming the products) %.2f ms CPU, freeing its tree "
          "%.2f ms CPU, the catalog's own validation and model %.2f ms CPU\n",
          reading[ROUNDS / 2], verify[ROUNDS / 2], parse[ROUNDS / 2], release[ROUNDS / 2],
          MAX (0.0, cpu[ROUNDS / 2] - reading[ROUNDS / 2] - verify[ROUNDS / 2] - parse[ROUNDS / 2] -
                    release[ROUNDS / 2]));
  printf ("  for comparison, json-glib 1.6 (through avs-json, used before): parse %.2f ms CPU, "
          "freeing its tree %.2f ms CPU\n", glib_parse[ROUNDS / 2], glib_release[ROUNDS / 2]);
  printf ("the first load in this process (fresh memory, every page touched for the first time): "
          "%.2f ms CPU\n", first_cpu);
  printf ("load average now: %.2f (other jobs on this machine inflate the wall time)\n", load_average ());
  printf ("extra RSS while the catalog is held: %ld KiB; peak during the load: %ld KiB (target < %d KiB)\n",
          rss_after - rss_before, hwm_after - rss_before, TARGET_RSS_KB);

  /* The real, bundled catalog (about 46 KB), the same way. */
  double real_median;
  {
    g_autoptr(GBytes) real = g_resources_lookup_data (RESOURCE_JSON, 0, NULL);
    g_autoptr(GBytes) real_sig = g_resources_lookup_data (RESOURCE_JSON ".minisig", 0, NULL);
    g_autoptr(GPtrArray) real_keys = avs_minisign_dup_catalog_keys ();
    double real_cpu[ROUNDS];

    for (guint round = 0; round < ROUNDS; round++)
      {
        double start = cpu_ms ();
        g_autoptr(AvsCatalog) catalog = avs_catalog_new_from_signed (real, real_sig, real_keys, "bundled", &error);
        g_assert_no_error (error);
        real_cpu[round] = cpu_ms () - start;
      }
    qsort (real_cpu, ROUNDS, sizeof real_cpu[0], compare_double);
    real_median = real_cpu[ROUNDS / 2];
    printf ("bundled catalog (%" G_GSIZE_FORMAT " bytes): verify+parse+validate median %.2f ms CPU\n",
            g_bytes_get_size (real), real_median);
  }
  if (real_median >= TARGET_MS)
    {
      printf ("FAIL: the bundled catalog takes more than %.0f ms\n", TARGET_MS);
      ok = FALSE;
    }

  if (cpu[ROUNDS / 2] >= TARGET_MS)
    {
      printf ("%s: the median time is over the %.0f ms target\n",
              g_getenv ("AVSWITCH_BENCH_LENIENT") != NULL ? "MISSED" : "FAIL", TARGET_MS);
      if (g_getenv ("AVSWITCH_BENCH_LENIENT") == NULL)
        ok = FALSE;
    }
  else
    printf ("time target met\n");
  if (hwm_after - rss_before >= TARGET_RSS_KB)
    {
      printf ("%s: the extra memory is over the %d KiB target\n",
              g_getenv ("AVSWITCH_BENCH_LENIENT") != NULL ? "MISSED" : "FAIL", TARGET_RSS_KB);
      if (g_getenv ("AVSWITCH_BENCH_LENIENT") == NULL)
        ok = FALSE;
    }
  else
    printf ("memory target met\n");

  {
    const char *rm[] = { "rm", "-rf", dir, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  return ok ? 0 : 1;
}
