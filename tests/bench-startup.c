/* bench-startup.c — time from process start to the first frame of the window, against a
 * minimal libadwaita window in the same run (target: at most 1.3×), and the peak RSS of the
 * whole wizard flow on a fixture root (test-ui-flow's Kaspersky-to-clean case).
 *
 * Usage: bench-startup AVSWITCH-GTK MINIMAL-WINDOW [TEST-UI-FLOW]  (needs a display)
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 9

/* Runs @argv to its end; returns the wall time in milliseconds and the child's peak RSS. */
static double
run_once (const char * const *argv,
          long               *out_maxrss_kb)
{
  gint64 start = g_get_monotonic_time ();
  struct rusage usage;
  int status = 0;
  pid_t pid = fork ();

  if (pid == 0)
    {
      execv (argv[0], (char * const *) argv);
      _exit (127);
    }
  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("%s exited with status %d", argv[0], status);
  if (out_maxrss_kb != NULL)
    *out_maxrss_kb = usage.ru_maxrss;
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

int
main (int    argc,
      char **argv)
{
  double app_ms[ROUNDS], minimal_ms[ROUNDS];
  long app_rss = 0, minimal_rss = 0;
  double ratio;
  const gboolean strict = g_getenv ("AVSWITCH_BENCH_STRICT") != NULL;

  if (argc < 3)
    {
      g_printerr ("usage: %s AVSWITCH-GTK MINIMAL-WINDOW [TEST-UI-FLOW]\n", argv[0]);
      return 2;
    }
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("SKIP: no display (run under xvfb-run: build-aux/dev bench)\n");
      return 77;
    }

  g_setenv ("AVSWITCH_EXIT_AFTER_FIRST_FRAME", "1", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);

  /* Warm the page cache for both, then alternate so that load on the machine hits both alike. */
  run_once ((const char *[]) { argv[1], NULL }, NULL);
  run_once ((const char *[]) { argv[2], NULL }, NULL);
  for (guint i = 0; i < ROUNDS; i++)
    {
      app_ms[i] = run_once ((const char *[]) { argv[1], NULL }, &app_rss);
      minimal_ms[i] = run_once ((const char *[]) { argv[2], NULL }, &minimal_rss);
    }
  qsort (app_ms, ROUNDS, sizeof (double), compare_doubles);
  qsort (minimal_ms, ROUNDS, sizeof (double), compare_doubles);
  ratio = app_ms[ROUNDS / 2] / minimal_ms[ROUNDS / 2];

  g_print ("start-up to first frame, median of %d: avswitch-gtk %.1f ms, minimal libadwaita window %.1f ms\n",
           ROUNDS, app_ms[ROUNDS / 2], minimal_ms[ROUNDS / 2]);
  g_print ("ratio %.2f (target <= 1.30); peak RSS at start-up: avswitch-gtk %.1f MB, minimal %.1f MB\n",
           ratio, app_rss / 1024.0, minimal_rss / 1024.0);

  if (argc > 3)
    {
      long flow_rss = 0;
      double flow_ms;

      /* The flow runs in a child of the test program; RUSAGE_CHILDREN sees the largest. */
      g_unsetenv ("AVSWITCH_EXIT_AFTER_FIRST_FRAME");
      flow_ms = run_once ((const char *[]) { argv[3], "-p", "/ui/flow/kaspersky-to-clean", NULL }, NULL);
      {
        struct rusage children;
        getrusage (RUSAGE_CHILDREN, &children);
        flow_rss = children.ru_maxrss;
      }
      g_print ("full wizard flow on a fixture root: %.1f s, peak RSS %.1f MB\n",
               flow_ms / 1000.0, flow_rss / 1024.0);
    }

  return strict && ratio > 1.3 ? 1 : 0;
}
