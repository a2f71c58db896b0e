/* test-admin-scan.c — the scan as administrator and pkexec's answers, decided once in the core
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stand-in privilege helper (a shell script put where pkexec would be) answers as pkexec does:
 * 126 when the dialog is dismissed, 127 when rights are refused, or it runs the real avswitch
 * binary of this build on a small root.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "avs-admin-scan.h"
#include "avs-test-common.h"

typedef struct
{
  GMainLoop     *loop;
  AvsScanResult *scan;
  GError        *error;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->scan = avs_admin_scan_finish (result, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* A runner that is not root, with @script (the body of a shell script) as its pkexec. */
static AvsRunner *
runner_with_helper (const char *dir,
                    const char *script)
{
  g_autofree char *helper = g_build_filename (dir, "pkexec", NULL);
  g_autoptr(GError) error = NULL;
  AvsRunner *runner = avs_runner_new ();

  g_file_set_contents (helper, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (helper, 0755), ==, 0);
  avs_runner_set_in_flatpak (runner, FALSE);
  avs_runner_set_is_root (runner, FALSE);
  avs_runner_set_privilege_helper (runner, helper);
  return runner;
}

/* A new folder of this test (removed with the test's isolated folders). */
static char *
test_dir (void)
{
  char *dir = g_build_filename (g_get_user_cache_dir (), "admin-scan", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

static AvsScanResult *
admin_scan (AvsRunner   *runner,
            const char  *root,
            GError     **error)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  avs_admin_scan_async (runner, root, NULL, NULL, done_cb, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.scan;
}

static void
test_argv (void)
{
  g_auto(GStrv) plain = avs_admin_scan_build_argv (NULL, NULL);
  g_auto(GStrv) rules = avs_admin_scan_build_argv ("/mnt/disk", "/tmp/rules.json");

  g_assert_true (g_str_has_suffix (plain[0], "/avswitch"));
  g_assert_cmpuint (g_strv_length (plain), ==, 5);
  g_assert_cmpstr (plain[1], ==, "scan");
  g_assert_cmpstr (plain[2], ==, "--json");
  g_assert_cmpstr (plain[3], ==, "--root");
  g_assert_cmpstr (plain[4], ==, "/");
  g_assert_cmpuint (g_strv_length (rules), ==, 7);
  g_assert_cmpstr (rules[4], ==, "/mnt/disk");
  g_assert_cmpstr (rules[5], ==, "--rules");
  g_assert_cmpstr (rules[6], ==, "/tmp/rules.json");
}

static void
test_pkexec_answers (void)
{
  g_autofree char *dir = test_dir ();
  struct { const char *script; int code; } cases[] = {
    { "#!/bin/sh\nexit 126\n", AVS_ADMIN_SCAN_ERROR_DISMISSED },
    { "#!/bin/sh\nexit 127\n", AVS_ADMIN_SCAN_ERROR_NOT_AUTHORIZED },
    { "#!/bin/sh\necho 'the scan broke' >&2\nexit 2\n", AVS_ADMIN_SCAN_ERROR_FAILED },
    { "#!/bin/sh\necho 'not json'\nexit 0\n", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AvsRunner) runner = runner_with_helper (dir, cases[i].script);
      g_autoptr(GError) error = NULL;
      g_autoptr(AvsScanResult) scan = admin_scan (runner, "/", &error);

      g_assert_null (scan);
      if (cases[i].code >= 0)
        g_assert_error (error, AVS_ADMIN_SCAN_ERROR, cases[i].code);
      else
        g_assert_nonnull (error);   /* the document is refused by the JSON reader */
    }
  {
    g_autoptr(AvsRunner) runner = runner_with_helper (dir, "#!/bin/sh\necho 'the scan broke' >&2\nexit 2\n");
    g_autoptr(GError) error = NULL;
    g_autoptr(AvsScanResult) scan = admin_scan (runner, "/", &error);

    g_assert_nonnull (strstr (error->message, "the scan broke"));
  }
}

/* As root already, nothing is put in front: the scan's 126 is its own failure, not a dismissal. */
static void
test_classify (void)
{
  g_autoptr(AvsRunner) runner = avs_runner_new ();
  const char *argv[] = { "sh", "-c", "exit 126", NULL };
  g_autoptr(AvsRunResult) result = NULL;
  g_autoptr(GError) error = NULL;

  avs_runner_set_in_flatpak (runner, FALSE);
  avs_runner_set_is_root (runner, TRUE);
  result = avs_runner_run_sync (runner, argv, AVS_RUN_ADMIN | AVS_RUN_QUERY, NULL, 0, NULL,
                                &error);
  g_assert_no_error (error);
  g_assert_false (result->privileged);
  g_assert_cmpint (avs_runner_classify_privileged_result (runner, result, NULL), ==,
                   AVS_PRIVILEGE_OK);

  /* No pkexec in the system's folders. */
  avs_runner_set_is_root (runner, FALSE);
  avs_runner_set_privilege_helper (runner, "avswitch-no-such-pkexec");
  g_clear_pointer (&result, avs_run_result_unref);
  result = avs_runner_run_sync (runner, argv, AVS_RUN_ADMIN | AVS_RUN_QUERY, NULL, 0, NULL,
                                &error);
  g_assert_null (result);
  g_assert_cmpint (avs_runner_classify_privileged_result (runner, NULL, error), ==,
                   AVS_PRIVILEGE_MISSING_PKEXEC);
}

/* The helper runs this build's avswitch on a small root (a Kaspersky folder installed without a
 * package): the document comes back as a result. */
static void
test_real_scan (void)
{
  g_autofree char *dir = test_dir ();
  g_autofree char *root = g_build_filename (dir, "root", NULL);
  g_autofree char *bin = g_build_filename (root, "opt", "kaspersky", "kesl", "bin", NULL);
  g_autofree char *control = g_build_filename (bin, "kesl-control", NULL);
  g_autofree char *etc = g_build_filename (root, "etc", NULL);
  g_autofree char *os_release = g_build_filename (etc, "os-release", NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\nshift\nexec '%s' \"$@\"\n",
                                             g_getenv ("AVSWITCH_BINARY"));
  g_autoptr(AvsRunner) runner = runner_with_helper (dir, script);
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsScanResult) scan = NULL;

  g_assert_cmpint (g_mkdir_with_parents (bin, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (etc, 0755), ==, 0);
  g_file_set_contents (control, "fake\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (os_release, "ID=debian\n", -1, &error);
  g_assert_no_error (error);

  scan = admin_scan (runner, root, &error);
  g_assert_no_error (error);
  g_assert_nonnull (scan);
  g_assert_nonnull (avs_scan_result_find (scan, "kesl"));
}

int
main (int    argc,
      char **argv)
{
  /* Each test gets its own HOME and XDG folders, which GLib removes after it: the test's
   * files live there. */
  avs_test_init (&argc, &argv);

  g_test_add_func ("/admin-scan/argv", test_argv);
  g_test_add_func ("/admin-scan/pkexec-answers", test_pkexec_answers);
  g_test_add_func ("/admin-scan/classify", test_classify);
  g_test_add_func ("/admin-scan/real-scan", test_real_scan);
  return g_test_run ();
}
