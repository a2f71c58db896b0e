/* test-runner.c — commands run with a timeout, cancellation, and the Flatpak/pkexec/dry-run worlds
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "avs-runner.h"
#include "avs-test-common.h"

static void
test_runner_output_and_status (void)
{
  g_autoptr(AvsRunner) runner = avs_runner_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsRunResult) result = NULL;
  g_autoptr(AvsRunResult) failed = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *printf_argv[] = { "sh", "-c", "printf 'out %s' \"$LC_ALL\"; printf err >&2", NULL };
  const char *false_argv[] = { "false", NULL };

  avs_runner_set_in_flatpak (runner, FALSE);
  result = avs_runner_run_sync (runner, printf_argv, AVS_RUN_QUERY | AVS_RUN_C_LOCALE, NULL, 5000, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (avs_run_result_succeeded (result));
  out = avs_run_result_dup_stdout (result);
  err = avs_run_result_dup_stderr (result);
  g_assert_cmpstr (out, ==, "out C");
  g_assert_cmpstr (err, ==, "err");

  /* A non-zero status is a result, not an error. */
  failed = avs_runner_run_sync (runner, false_argv, AVS_RUN_QUERY, NULL, 5000, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (avs_run_result_succeeded (failed));
  g_assert_true (failed->exited);
  g_assert_cmpint (failed->exit_status, ==, 1);

  log = avs_runner_get_log (runner);
  g_assert_cmpuint (log->len, ==, 2);
}

static void
test_runner_stdin (void)
{
  g_autoptr(AvsRunner) runner = avs_runner_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input = g_bytes_new_static ("hello", 5);
  g_autoptr(AvsRunResult) result = NULL;
  g_autofree char *out = NULL;
  const char *cat_argv[] = { "cat", NULL };

  avs_runner_set_in_flatpak (runner, FALSE);
  result = avs_runner_run_sync (runner, cat_argv, AVS_RUN_QUERY, input, 5000, NULL, &error);
  g_assert_no_error (error);
  out = avs_run_result_dup_stdout (result);
  g_assert_cmpstr (out, ==, "hello");
}

static void
test_runner_not_found (void)
{
  g_autoptr(AvsRunner) runner = avs_runner_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsRunResult) result = NULL;
  const char *argv[] = { "avswitch-no-such-program", "--x", NULL };

  avs_runner_set_in_flatpak (runner, FALSE);
  result = avs_runner_run_sync (runner, argv, AVS_RUN_QUERY, NULL, 5000, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "avswitch-no-such-program"));
  g_assert_false (avs_runner_find_program (runner, "avswitch-no-such-program"));
  g_assert_true (avs_runner_find_program (runner, "sh"));
}

static void
test_runner_timeout (void)
{
  g_autoptr(AvsRunner) runner = avs_runner_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsRunResult) result = NULL;
  const char *argv[] = { "sleep", "30", NULL };
  gint64 start = g_get_monotonic_time ();

  avs_runner_set_in_flatpak (runner, FALSE);
  result = avs_runner_run_sync (runner, argv, AVS_RUN_QUERY, NULL, 200, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "sleep 30"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static void
test_runner_timeout_ignoring_sigterm (void)
{
  g_autoptr(AvsRunner) runner = avs_runner_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsRunResult) result = NULL;
  const char *argv[] = { "sh", "-c", "trap '' TERM; sleep 30 & wait; sleep 30", NULL };
  gint64 start = g_get_monotonic_time ();

  avs_runner_set_in_flatpak (runner, FALSE);
  result = avs_runner_run_sync (runner, argv, AVS_RUN_QUERY, NULL, 200, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_TIMED_OUT);
  /* SIGTERM ignored, SIGKILL after the grace period; a grandchild keeping the pipes open is
   * given up on after a second grace period. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
cancel_thread_func (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  AvsRunner *runner = source;
  const char *argv[] = { "sleep", "30", NULL };
  GError *error = NULL;
  AvsRunResult *result = avs_runner_run_sync (runner, argv, AVS_RUN_QUERY, NULL, 60000, cancellable, &error);

  g_assert_null (result);
  g_task_return_error (task, error);
}

static void
cancel_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **out = user_data;

  g_assert_false (g_task_propagate_boolean (G_TASK (result), out));
}

static void
test_runner_cancel_from_other_thread (void)
{
  g_autoptr(AvsRunner) runner = avs_runner_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  gint64 start = g_get_monotonic_time ();

  avs_runner_set_in_flatpak (runner, FALSE);
  /* The scanner's situation: a worker thread runs the command, the main thread cancels. */
  task = g_task_new (runner, cancellable, cancel_done_cb, &error);
  g_task_run_in_thread (task, cancel_thread_func);
  g_timeout_add (200, cancel_cb, cancellable);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_clear_error (&error);
}

static void
test_runner_worlds (void)
{
  g_autoptr(AvsRunner) runner = avs_runner_new ();
  const char *argv[] = { "dpkg", "-r", "kesl", NULL };
  g_autofree char *dpkg = avs_runner_find_system_program ("dpkg");
  g_autofree char *pkexec = avs_runner_find_system_program ("pkexec");
  g_autofree char *env = avs_runner_find_system_program ("env");
  g_auto(GStrv) native = NULL;
  g_auto(GStrv) admin_user = NULL;
  g_auto(GStrv) admin_user_c = NULL;
  g_auto(GStrv) admin_root = NULL;
  g_auto(GStrv) flatpak = NULL;
  g_auto(GStrv) flatpak_admin = NULL;
  g_autofree char *s = NULL;
  g_autofree char *expected = NULL;

  if (dpkg == NULL)
    dpkg = g_strdup ("dpkg");
  avs_runner_set_in_flatpak (runner, FALSE);
  avs_runner_set_is_root (runner, FALSE);
  native = avs_runner_build_argv (runner, argv, AVS_RUN_NONE);
  s = g_strjoinv (" ", native);
  g_assert_cmpstr (s, ==, "dpkg -r kesl");
  g_clear_pointer (&s, g_free);

  /* Administrator commands: absolute paths from the system's folders only. */
  admin_user = avs_runner_build_argv (runner, argv, AVS_RUN_ADMIN);
  s = g_strjoinv (" ", admin_user);
  expected = g_strdup_printf ("%s %s -r kesl", pkexec != NULL ? pkexec : "pkexec", dpkg);
  g_assert_cmpstr (s, ==, expected);
  g_clear_pointer (&s, g_free);
  g_clear_pointer (&expected, g_free);

  admin_user_c = avs_runner_build_argv (runner, argv, AVS_RUN_ADMIN | AVS_RUN_C_LOCALE);
  s = g_strjoinv (" ", admin_user_c);
  expected = g_strdup_printf ("%s %s LC_ALL=C %s -r kesl", pkexec != NULL ? pkexec : "pkexec",
                              env, dpkg);
  g_assert_cmpstr (s, ==, expected);
  g_clear_pointer (&s, g_free);
  g_clear_pointer (&expected, g_free);

  avs_runner_set_is_root (runner, TRUE);
  admin_root = avs_runner_build_argv (runner, argv, AVS_RUN_ADMIN | AVS_RUN_C_LOCALE);
  s = g_strjoinv (" ", admin_root);
  expected = g_strdup_printf ("%s -r kesl", dpkg);
  g_assert_cmpstr (s, ==, expected);
  g_clear_pointer (&s, g_free);

  avs_runner_set_is_root (runner, FALSE);
  avs_runner_set_in_flatpak (runner, TRUE);
  flatpak = avs_runner_build_argv (runner, argv, AVS_RUN_C_LOCALE);
  s = g_strjoinv (" ", flatpak);
  g_assert_cmpstr (s, ==, "flatpak-spawn --host --env=LC_ALL=C dpkg -r kesl");
  g_clear_pointer (&s, g_free);

  /* The host looks the program up in the same folders, with an empty environment. */
  flatpak_admin = avs_runner_build_argv (runner, argv, AVS_RUN_ADMIN | AVS_RUN_C_LOCALE);
  s = g_strjoinv (" ", flatpak_admin);
  g_assert_cmpstr (s, ==, "flatpak-spawn --host /usr/bin/pkexec /usr/bin/env -i "
                          "PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C dpkg -r kesl");
}

static void
test_runner_dry_run (void)
{
  g_autoptr(AvsRunner) runner = avs_runner_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsRunResult) recorded = NULL;
  g_autoptr(AvsRunResult) query = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autofree char *dir = avs_test_make_tmpdir ("avs-runner-XXXXXX");
  g_autofree char *marker = g_build_filename (dir, "marker", NULL);
  const char *touch_argv[] = { "touch", marker, NULL };
  const char *echo_argv[] = { "echo", "hi", NULL };
  g_autofree char *out = NULL;

  avs_runner_set_in_flatpak (runner, FALSE);
  avs_runner_set_is_root (runner, FALSE);
  avs_runner_set_dry_run (runner, TRUE);
  recorded = avs_runner_run_sync (runner, touch_argv, AVS_RUN_ADMIN, NULL, 5000, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (recorded->dry_run);
  g_assert_true (avs_run_result_succeeded (recorded));
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
  g_assert_true (g_str_has_suffix (recorded->argv[0], "pkexec"));
  g_assert_cmpstr (recorded->request[0], ==, "touch");

  /* Queries still run. */
  query = avs_runner_run_sync (runner, echo_argv, AVS_RUN_QUERY, NULL, 5000, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (query->dry_run);
  out = avs_run_result_dup_stdout (query);
  g_assert_cmpstr (out, ==, "hi\n");

  log = avs_runner_get_log (runner);
  g_assert_cmpuint (log->len, ==, 2);
  g_rmdir (dir);
}

/* The first folder of the fixed system PATH that holds @program, or NULL. */
static char *
system_program (const char *program)
{
  static const char * const dirs[] = { "/usr/sbin", "/usr/bin", "/sbin", "/bin" };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], program, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&path);
    }
  return NULL;
}

/* An administrator command never resolves its program through the caller's PATH (pkexec would
 * otherwise run a `dpkg` planted in ~/.local/bin as root), and runs with a minimal environment. */
static void
test_runner_admin_fixed_path (void)
{
  g_autoptr(AvsRunner) runner = avs_runner_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsRunResult) result = NULL;
  g_autoptr(AvsRunResult) env_result = NULL;
  g_autoptr(AvsRunResult) missing = NULL;
  g_autofree char *dir = avs_test_make_tmpdir ("avs-runner-path-XXXXXX");
  g_autofree char *fake = g_build_filename (dir, "dpkg", NULL);
  g_autofree char *marker = g_build_filename (dir, "fake-dpkg-ran", NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\ntouch '%s'\n", marker);
  g_autofree char *saved_path = g_strdup (g_getenv ("PATH"));
  g_autofree char *path = g_strdup_printf ("%s:%s", dir, saved_path != NULL ? saved_path : "/usr/bin:/bin");
  g_autofree char *real_dpkg = system_program ("dpkg");
  g_autofree char *env_out = NULL;
  g_auto(GStrv) user_argv = NULL;
  const char *dpkg_argv[] = { "dpkg", "--version", NULL };
  const char *env_argv[] = { "env", NULL };
  const char *missing_argv[] = { "avswitch-no-such-program", NULL };

  if (real_dpkg == NULL)
    {
      g_test_skip ("no dpkg in the system PATH");
      return;
    }
  g_assert_true (g_file_set_contents (fake, script, -1, NULL));
  g_assert_cmpint (g_chmod (fake, 0755), ==, 0);
  g_setenv ("PATH", path, TRUE);
  g_setenv ("AVSWITCH_TEST_LEAK", "leaked", TRUE);

  /* Already root (a help-desk's sudo): run directly, but the system's dpkg. */
  avs_runner_set_in_flatpak (runner, FALSE);
  avs_runner_set_is_root (runner, TRUE);
  result = avs_runner_run_sync (runner, dpkg_argv, AVS_RUN_ADMIN, NULL, 10000, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (avs_run_result_succeeded (result));
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (result->argv[0], ==, real_dpkg);

  /* A clean environment: the fixed PATH, nothing else of the caller's. */
  env_result = avs_runner_run_sync (runner, env_argv, AVS_RUN_ADMIN, NULL, 10000, NULL, &error);
  g_assert_no_error (error);
  env_out = avs_run_result_dup_stdout (env_result);
  g_assert_null (strstr (env_out, "AVSWITCH_TEST_LEAK"));
  g_assert_null (strstr (env_out, dir));
  g_assert_nonnull (strstr (env_out, "PATH=/usr/sbin:/usr/bin:/sbin:/bin\n"));

  /* Through the privilege helper: both it and the program are absolute paths. */
  avs_runner_set_is_root (runner, FALSE);
  user_argv = avs_runner_build_argv (runner, dpkg_argv, AVS_RUN_ADMIN);
  g_assert_cmpstr (user_argv[1], ==, real_dpkg);

  /* A program that is not in the system's folders is a clear error, never a PATH lookup. */
  avs_runner_set_is_root (runner, TRUE);
  missing = avs_runner_run_sync (runner, missing_argv, AVS_RUN_ADMIN, NULL, 10000, NULL, &error);
  g_assert_null (missing);
  g_assert_error (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "avswitch-no-such-program"));
  g_assert_nonnull (strstr (error->message, "/usr/sbin"));

  if (saved_path != NULL)
    g_setenv ("PATH", saved_path, TRUE);
  g_unsetenv ("AVSWITCH_TEST_LEAK");
  g_unlink (fake);
  g_unlink (marker);
  g_rmdir (dir);
}

/* The argv that starts the privileged side, exactly: pkexec, then our own fixed script (never a
 * command or a value of the run: those go over the pipe), natively and inside Flatpak. */
static void
test_runner_session_argv (void)
{
  g_autoptr(AvsRunner) runner = avs_runner_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *script_path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                        "avswitch-privileged.sh", NULL);
  g_autofree char *script = NULL;
  g_autofree char *dir = avs_test_make_tmpdir ("avs-session-argv-XXXXXX");
  g_autofree char *helper = g_build_filename (dir, "pkexec", NULL);
  g_auto(GStrv) native = NULL;
  g_auto(GStrv) flatpak = NULL;
  g_auto(GStrv) missing = NULL;
  g_auto(GStrv) command = NULL;
  g_auto(GStrv) host_command = NULL;
  g_autofree char *dpkg = avs_runner_find_system_program ("dpkg");
  const char *dpkg_argv[] = { "dpkg", "--remove", "--", "kesl", NULL };

  g_assert_true (g_file_get_contents (script_path, &script, NULL, NULL));
  g_assert_true (g_file_set_contents (helper, "#!/bin/sh\nexit 126\n", -1, NULL));
  g_assert_cmpint (g_chmod (helper, 0755), ==, 0);
  avs_runner_set_is_root (runner, FALSE);

  /* Inside Flatpak: the host's pkexec and sh, the script as an argument. */
  avs_runner_set_in_flatpak (runner, TRUE);
  flatpak = avs_runner_build_session_argv (runner, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (flatpak), ==, 8);
  g_assert_cmpstr (flatpak[0], ==, "flatpak-spawn");
  g_assert_cmpstr (flatpak[1], ==, "--host");
  g_assert_cmpstr (flatpak[2], ==, "--watch-bus");
  g_assert_cmpstr (flatpak[3], ==, "/usr/bin/pkexec");
  g_assert_cmpstr (flatpak[4], ==, "/bin/sh");
  g_assert_cmpstr (flatpak[5], ==, "-c");
  g_assert_cmpstr (flatpak[6], ==, script);
  g_assert_cmpstr (flatpak[7], ==, "avswitch-privileged");
  /* The command the host's privileged side runs: as the plan has it (env -i there looks it up
   * in the system's folders). */
  host_command = avs_runner_build_session_command (runner, dpkg_argv, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (host_command, dpkg_argv);

  /* Natively, with a stand-in: installed, the polkit action's helper; else the same script. */
  avs_runner_set_in_flatpak (runner, FALSE);
  avs_runner_set_privilege_helper (runner, helper);
  native = avs_runner_build_session_argv (runner, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (native[0], ==, helper);
  if (g_strv_length (native) == 2)
    g_assert_cmpstr (native[1], ==, LIBEXECDIR "/avswitch-privileged");
  else
    {
      g_assert_cmpuint (g_strv_length (native), ==, 5);
      g_assert_cmpstr (native[1], ==, "/bin/sh");
      g_assert_cmpstr (native[2], ==, "-c");
      g_assert_cmpstr (native[3], ==, script);
      g_assert_cmpstr (native[4], ==, "avswitch-privileged");
    }
  if (dpkg != NULL)
    {
      const char *expected[] = { dpkg, "--remove", "--", "kesl", NULL };

      command = avs_runner_build_session_command (runner, dpkg_argv, &error);
      g_assert_no_error (error);
      g_assert_cmpstrv (command, expected);
    }

  /* No pkexec: by name in the system's folders, or a stand-in's absolute path, not there. */
  avs_runner_set_privilege_helper (runner, "avswitch-no-such-pkexec");
  missing = avs_runner_build_session_argv (runner, &error);
  g_assert_null (missing);
  g_assert_error (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_unlink (helper);
  avs_runner_set_privilege_helper (runner, helper);
  missing = avs_runner_build_session_argv (runner, &error);
  g_assert_null (missing);
  g_assert_error (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_NOT_FOUND);
  g_rmdir (dir);
}

/* Inside Flatpak, pkexec's answers come through flatpak-spawn (here a stand-in on PATH that runs
 * the command where the host would, or answers as flatpak-spawn does without the permission);
 * an exit 1 before the session is ready is asked about on the host: no /usr/bin/pkexec, or no
 * host at all. */
static void
test_runner_session_flatpak_answers (void)
{
  static const struct {
    const char *pkexec;   /* the stand-in's body; NULL: none on the "host" */
    gboolean no_host;
    AvsPrivilegeOutcome outcome;
  } cases[] = {
    { "#!/bin/sh\nexit 126\n", FALSE, AVS_PRIVILEGE_DISMISSED },
    { "#!/bin/sh\nexit 127\n", FALSE, AVS_PRIVILEGE_NOT_AUTHORIZED },
    { NULL, FALSE, AVS_PRIVILEGE_MISSING_PKEXEC },
    { "#!/bin/sh\nexec \"$@\"\n", TRUE, AVS_PRIVILEGE_NO_HOST_ACCESS },
    { "#!/bin/sh\necho 'pkexec: something else' >&2\nexit 1\n", FALSE, AVS_PRIVILEGE_FAILED },
    { "#!/bin/sh\nexec \"$@\"\n", FALSE, AVS_PRIVILEGE_OK },
  };
  g_autofree char *dir = avs_test_make_tmpdir ("avs-session-flatpak-XXXXXX");
  g_autofree char *bin = g_build_filename (dir, "bin", NULL);
  g_autofree char *no_host_bin = g_build_filename (dir, "no-host-bin", NULL);
  g_autofree char *spawn = g_build_filename (bin, "flatpak-spawn", NULL);
  g_autofree char *no_host_spawn = g_build_filename (no_host_bin, "flatpak-spawn", NULL);
  g_autofree char *saved_path = g_strdup (g_getenv ("PATH"));

  g_assert_cmpint (g_mkdir_with_parents (bin, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (no_host_bin, 0755), ==, 0);
  /* As flatpak-spawn --host: options dropped, the program must exist, its status passed on. */
  g_assert_true (g_file_set_contents (spawn,
      "#!/bin/sh\n"
      "while [ \"${1#--}\" != \"$1\" ]; do shift; done\n"
      "if [ ! -x \"$1\" ]; then\n"
      "  echo \"Portal call failed: Failed to start command: $1: No such file or directory\" >&2\n"
      "  exit 1\n"
      "fi\n"
      "exec \"$@\"\n", -1, NULL));
  g_assert_true (g_file_set_contents (no_host_spawn,
      "#!/bin/sh\n"
      "echo 'Portal call failed: org.freedesktop.DBus.Error.ServiceUnknown' >&2\n"
      "echo 'Hint: --host only works when the Flatpak is allowed to talk to "
      "org.freedesktop.Flatpak' >&2\n"
      "exit 1\n", -1, NULL));
  g_assert_cmpint (g_chmod (spawn, 0755), ==, 0);
  g_assert_cmpint (g_chmod (no_host_spawn, 0755), ==, 0);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(AvsRunner) runner = avs_runner_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *helper = g_strdup_printf ("%s/pkexec-%u", dir, c);
      g_autofree char *path = g_strdup_printf ("%s:%s", cases[c].no_host ? no_host_bin : bin,
                                               saved_path);
      AvsPrivilegedSession *session;
      AvsPrivilegeOutcome outcome = AVS_PRIVILEGE_OK;

      if (cases[c].pkexec != NULL)
        {
          g_assert_true (g_file_set_contents (helper, cases[c].pkexec, -1, NULL));
          g_assert_cmpint (g_chmod (helper, 0755), ==, 0);
        }
      avs_runner_set_in_flatpak (runner, TRUE);
      avs_runner_set_is_root (runner, FALSE);
      avs_runner_set_privilege_helper (runner, helper);
      g_setenv ("PATH", path, TRUE);
      session = avs_runner_open_privileged_session (runner, 20000, NULL, &outcome, &error);
      g_setenv ("PATH", saved_path, TRUE);
      g_test_message ("case %u: %s", c, error != NULL ? error->message : "open");
      g_assert_cmpint (outcome, ==, cases[c].outcome);
      if (cases[c].outcome != AVS_PRIVILEGE_OK)
        {
          g_assert_null (session);
          g_assert_nonnull (error);
          continue;
        }
      /* The host's side runs the command it receives, by name, with the fixed PATH. */
      {
        const char *echo[] = { "echo", "from the host's side", NULL };
        g_autoptr(AvsRunResult) result = NULL;
        g_autofree char *out = NULL;

        g_assert_no_error (error);
        result = avs_privileged_session_run_sync_lines (session, echo, AVS_RUN_ADMIN, 10000,
                                                        NULL, NULL, NULL, &error);
        g_assert_no_error (error);
        g_assert_true (avs_run_result_succeeded (result));
        out = avs_run_result_dup_stdout (result);
        g_assert_cmpstr (out, ==, "from the host's side\n");
        avs_privileged_session_close (session);
      }
    }
}

/* Inside Flatpak "already root" is the host's answer, not the sandbox's uid: the commands run on
 * the host as the user flatpak-spawn runs them as. Here a flatpak-spawn stand-in on PATH answers
 * `id -u` for the host (and logs each call), so both answers are seen whatever uid runs the
 * test; the host is asked once. */
static void
test_runner_flatpak_host_root (void)
{
  static const char * const host_uids[] = { "0", "1000", NULL };
  g_autofree char *dir = avs_test_make_tmpdir ("avs-host-root-XXXXXX");
  g_autofree char *spawn = g_build_filename (dir, "flatpak-spawn", NULL);
  g_autofree char *calls = g_build_filename (dir, "calls", NULL);
  g_autofree char *saved_path = g_strdup (g_getenv ("PATH"));
  g_autofree char *path = g_strdup_printf ("%s:%s", dir, saved_path);
  const char *dpkg_argv[] = { "dpkg", "--remove", "--", "kesl", NULL };

  for (guint i = 0; host_uids[i] != NULL; i++)
    {
      g_autoptr(AvsRunner) runner = avs_runner_new ();
      g_autofree char *body = g_strdup_printf (
          "#!/bin/sh\n"
          "while [ \"${1#--}\" != \"$1\" ]; do shift; done\n"
          "echo \"$*\" >>'%s'\n"
          "case \"$*\" in *' id -u') echo %s; exit 0 ;; esac\n"
          "exit 1\n", calls, host_uids[i]);
      g_auto(GStrv) first = NULL;
      g_auto(GStrv) second = NULL;
      g_autofree char *log = NULL;
      gboolean root = g_str_equal (host_uids[i], "0");

      g_assert_true (g_file_set_contents (spawn, body, -1, NULL));
      g_assert_cmpint (g_chmod (spawn, 0755), ==, 0);
      g_unlink (calls);
      avs_runner_set_in_flatpak (runner, TRUE);
      g_setenv ("PATH", path, TRUE);
      g_assert_cmpint (avs_runner_get_is_root (runner), ==, root);
      first = avs_runner_build_argv (runner, dpkg_argv, AVS_RUN_ADMIN);
      second = avs_runner_build_argv (runner, dpkg_argv, AVS_RUN_ADMIN);
      g_setenv ("PATH", saved_path, TRUE);

      /* As root on the host: run there directly, no pkexec; otherwise through the host's pkexec. */
      g_assert_cmpstr (first[0], ==, "flatpak-spawn");
      g_assert_cmpstr (first[1], ==, "--host");
      g_assert_cmpstr (first[2], ==, root ? "/usr/bin/env" : "/usr/bin/pkexec");
      g_assert_cmpstrv (first, second);
      g_assert_true (g_file_get_contents (calls, &log, NULL, NULL));
      g_assert_cmpstr (log, ==, "/usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin id -u\n");
    }

  /* Set by a test (or decided natively), it stays so. */
  {
    g_autoptr(AvsRunner) runner = avs_runner_new ();

    avs_runner_set_is_root (runner, FALSE);
    avs_runner_set_in_flatpak (runner, TRUE);
    g_assert_false (avs_runner_get_is_root (runner));
  }
  g_unlink (spawn);
  g_unlink (calls);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  avs_test_init (&argc, &argv);

  g_test_add_func ("/runner/output-and-status", test_runner_output_and_status);
  g_test_add_func ("/runner/stdin", test_runner_stdin);
  g_test_add_func ("/runner/not-found", test_runner_not_found);
  g_test_add_func ("/runner/timeout", test_runner_timeout);
  g_test_add_func ("/runner/timeout-ignoring-sigterm", test_runner_timeout_ignoring_sigterm);
  g_test_add_func ("/runner/cancel-from-other-thread", test_runner_cancel_from_other_thread);
  g_test_add_func ("/runner/worlds", test_runner_worlds);
  g_test_add_func ("/runner/dry-run", test_runner_dry_run);
  g_test_add_func ("/runner/admin-fixed-path", test_runner_admin_fixed_path);
  g_test_add_func ("/runner/session-argv", test_runner_session_argv);
  g_test_add_func ("/runner/session-flatpak-answers", test_runner_session_flatpak_answers);
  g_test_add_func ("/runner/flatpak-host-root", test_runner_flatpak_host_root);

  return g_test_run ();
}
