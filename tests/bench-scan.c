/* bench-scan.c — `avswitch scan --root` on a large machine, against dpkg-query on the same root
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds a root with 5,000 installed deb packages, 20 home directories with Chrome, Chromium
 * and Firefox profiles, and 300 CA files (anchors, plus the bundle made of them), then runs
 * `avswitch scan --root R --json` and `dpkg-query --admindir=R/var/lib/dpkg -W` several times
 * each and prints the median wall time of both, their ratio and the scan's peak RSS (from
 * wait4's rusage of the child). Targets: ratio ≤ 2, peak RSS < 20 MB; missing one fails.
 *
 * Usage: bench-scan PATH/TO/avswitch   (meson: `meson test --benchmark`)
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "avs-test-fixture.h"

#define N_PACKAGES 5000
#define N_HOMES    20
#define N_CAS      300
#define N_DISTINCT N_CAS
#define RUNS       7

typedef struct
{
  double seconds;
  long   maxrss_kb;
  int    status;
} Measure;

static Measure
measure (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  Measure m = { 0 };
  struct rusage usage;
  GPid pid;
  int status = 0;
  gint64 start = g_get_monotonic_time ();

  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL |
                      G_SPAWN_SEARCH_PATH,
                      NULL, NULL, &pid, &error))
    g_error ("could not run %s: %s", argv[0], error->message);
  if (wait4 (pid, &status, 0, &usage) < 0)
    g_error ("wait4 failed");
  m.seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  m.maxrss_kb = usage.ru_maxrss;
  m.status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
  return m;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autofree char *admindir = NULL;
  g_autoptr(GString) bundle = g_string_new (NULL);
  char *pems[N_DISTINCT];
  double scan_times[RUNS], dpkg_times[RUNS];
  long peak_kb = 0;
  double scan_median, dpkg_median, ratio;
  gint64 build_start = g_get_monotonic_time ();
  gboolean ok;

  setlocale (LC_ALL, "C.UTF-8");
  if (argc != 2)
    {
      fprintf (stderr, "usage: %s PATH/TO/avswitch\n", argv[0]);
      return 2;
    }
  if (g_find_program_in_path ("dpkg-query") == NULL || g_find_program_in_path ("openssl") == NULL)
    {
      printf ("SKIP: dpkg-query and openssl are needed\n");
      return 77;
    }

  /* The machine. */
  f = avs_fixture_new ("debian");
  avs_fixture_dpkg_add_unrelated (f, "package", N_PACKAGES);
  for (guint i = 0; i < N_DISTINCT; i++)
    {
      g_autofree char *subject = g_strdup_printf ("/C=DE/O=Benchmark Trust %u/CN=Benchmark Root CA %u", i, i);
      pems[i] = avs_fixture_make_ca_pem (f, subject);
    }
  for (guint i = 0; i < N_CAS; i++)
    {
      g_autofree char *path = g_strdup_printf ("/usr/share/ca-certificates/bench/ca-%03u.crt", i);
      avs_fixture_write (f, path, pems[i % N_DISTINCT]);
      g_string_append (bundle, pems[i % N_DISTINCT]);
    }
  avs_fixture_write (f, "/etc/ssl/certs/ca-certificates.crt", bundle->str);
  for (guint i = 0; i < N_HOMES; i++)
    {
      g_autofree char *name = g_strdup_printf ("user%02u", i);
      g_autofree char *home = avs_fixture_add_user (f, name, 1000 + i);
      g_free (avs_fixture_chromium_profile (f, home, "google-chrome", "Default", NULL, FALSE));
      g_free (avs_fixture_chromium_profile (f, home, "chromium", "Profile 1", NULL, FALSE));
      g_free (avs_fixture_firefox_profile (f, home, "abc.default-release", NULL));
    }
  for (guint i = 0; i < N_DISTINCT; i++)
    g_free (pems[i]);
  printf ("# built the root in %.2f s: %u deb packages, %u homes with browser profiles, %u CA files\n",
          (g_get_monotonic_time () - build_start) / (double) G_USEC_PER_SEC, N_PACKAGES, N_HOMES, N_CAS);

  admindir = g_strconcat ("--admindir=", avs_fixture_get_root (f), "/var/lib/dpkg", NULL);

  /* Interleaved runs, so that both see the same cache state; the first of each warms it. */
  for (guint r = 0; r < RUNS; r++)
    {
      const char *scan_argv[] = { argv[1], "scan", "--root", avs_fixture_get_root (f), "--json", NULL };
      const char *dpkg_argv[] = { "dpkg-query", admindir, "-W", NULL };
      Measure s = measure (scan_argv);
      Measure d = measure (dpkg_argv);

      if (s.status != 0)
        g_error ("avswitch scan exited with %d on a clean root", s.status);
      if (d.status != 0)
        g_error ("dpkg-query exited with %d", d.status);
      scan_times[r] = s.seconds;
      dpkg_times[r] = d.seconds;
      peak_kb = MAX (peak_kb, s.maxrss_kb);
    }
  qsort (scan_times, RUNS, sizeof (double), compare_double);
  qsort (dpkg_times, RUNS, sizeof (double), compare_double);
  scan_median = scan_times[RUNS / 2];
  dpkg_median = dpkg_times[RUNS / 2];
  ratio = scan_median / dpkg_median;

  printf ("avswitch scan --root: median %.1f ms (min %.1f, max %.1f) over %d runs\n",
          scan_median * 1000, scan_times[0] * 1000, scan_times[RUNS - 1] * 1000, RUNS);
  printf ("dpkg-query -W:        median %.1f ms (min %.1f, max %.1f)\n",
          dpkg_median * 1000, dpkg_times[0] * 1000, dpkg_times[RUNS - 1] * 1000);
  printf ("ratio scan / dpkg-query: %.2f (target <= 2.00)\n", ratio);
  printf ("avswitch scan peak RSS: %.1f MB (target < 20 MB)\n", peak_kb / 1024.0);

  if (g_getenv ("AVS_BENCH_KEEP") != NULL)
    {
      /* For profiling: copy the root somewhere before the fixture is removed. */
      const char *cp[] = { "cp", "-a", avs_fixture_get_root (f), g_getenv ("AVS_BENCH_KEEP"), NULL };
      g_free (avs_fixture_run (cp));
    }

  ok = ratio <= 2.0 && peak_kb < 20 * 1024;
  printf ("%s\n", ok ? "PASS" : "FAIL: a target was missed");
  return ok ? 0 : 1;
}
