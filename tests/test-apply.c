/* test-apply.c — plan → apply → verify on fixture roots with real dpkg and rpm databases
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test builds a small machine with avs-test-fixture in a temporary folder: fake Kaspersky
 * packages made with dpkg-deb (or rpmbuild) and installed with `dpkg --root` (or `rpm --root
 * --dbpath`), leftovers
 * the packages do not own, a symbolic link that points outside the root, files outside the
 * allow-list, OS groups. It then scans it with the real scanner, builds the plan, and runs it
 * with the real executor and runner (directly, as these tests run as root; they skip
 * otherwise), and checks the databases and the files afterwards.
 */

/* unshare() and CLONE_NEWNS, for the ordinary-user tests. */
#define _GNU_SOURCE

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "avs-admin-rights.h"
#include "avs-executor.h"
#include "avs-json.h"
#include "avs-test-fixture.h"
#include "avs-plan.h"
#include "avs-scanner.h"
#include "avs-test-common.h"

/* What the fake Kaspersky packages say about themselves. */
#define KASPERSKY_VERSION "12.1.0-1297"
#define KASPERSKY_VENDOR "AO Kaspersky Lab <support@kaspersky.com>"

typedef struct
{
  AvsFixture *fixture;
  char *work;       /* the fixture's folder: everything of the test lives here */
  char *root;       /* the fixture machine */
  char *outside;    /* a folder outside the root that must never be touched */
  char *state;      /* the executor's saved progress */
  char *xdg_state;  /* XDG_STATE_HOME for the command-line tests */
} Fixture;

static gboolean
can_run (void)
{
  if (geteuid () != 0)
    {
      g_test_skip ("removing packages from a dpkg --root database needs root");
      return FALSE;
    }
  /* The fixtures build and install real packages (the GNOME SDK has no dpkg). */
  return avs_fixture_require ("dpkg-deb") && avs_fixture_require ("dpkg");
}

static void
run_ok (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s%s", argv[0], out, err);
}

static void
write_file (const char *path,
            const char *contents,
            int         mode)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

static char *
in_root (Fixture    *fx,
         const char *path)
{
  return g_build_filename (fx->root, path, NULL);
}

static gboolean
exists_in_root (Fixture    *fx,
                const char *path)
{
  g_autofree char *real = in_root (fx, path);
  GStatBuf st;

  return g_lstat (real, &st) == 0;
}

/* A shell inside the root: dpkg and rpm run maintainer scripts chrooted into it. The host's
 * shell (dash on Debian, bash elsewhere) with the libraries ldd lists. */
static void
add_shell (Fixture *fx)
{
  g_autofree char *shell = g_file_test ("/bin/dash", G_FILE_TEST_IS_EXECUTABLE)
                           ? g_strdup ("/bin/dash") : g_file_read_link ("/bin/sh", NULL);
  g_autofree char *sh = in_root (fx, "/bin/sh");
  g_autofree char *bin = in_root (fx, "/bin");
  g_autofree char *ldd = NULL;
  g_auto(GStrv) lines = NULL;

  if (shell == NULL)
    shell = g_strdup ("/bin/sh");
  if (!g_path_is_absolute (shell))
    {
      g_autofree char *relative = g_steal_pointer (&shell);
      shell = g_build_filename ("/bin", relative, NULL);
    }
  g_mkdir_with_parents (bin, 0755);
  run_ok ((const char *[]) { "cp", "-L", shell, sh, NULL });

  if (!g_spawn_sync (NULL, (char *[]) { (char *) "ldd", shell, NULL }, NULL, G_SPAWN_SEARCH_PATH,
                     NULL, NULL, &ldd, NULL, NULL, NULL))
    return;
  lines = g_strsplit (ldd, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)" or "/lib64/ld-linux-x86-64.so.2 (0x…)" */
      const char *slash = strchr (lines[i], '/');
      g_autofree char *lib = NULL;
      g_autofree char *target = NULL;
      g_autofree char *dir = NULL;
      char *space;

      if (slash == NULL)
        continue;
      lib = g_strdup (slash);
      space = strchr (lib, ' ');
      if (space != NULL)
        *space = '\0';
      target = in_root (fx, lib);
      dir = g_path_get_dirname (target);
      g_mkdir_with_parents (dir, 0755);
      run_ok ((const char *[]) { "cp", "-L", lib, target, NULL });
    }
}

static void
fixture_common (Fixture    *fx,
                const char *os_release)
{
  g_autofree char *os = NULL;
  g_autofree char *group = NULL;
  g_autofree char *precious = NULL;

  fx->fixture = avs_fixture_new (NULL);
  fx->work = g_strdup (avs_fixture_get_base (fx->fixture));
  fx->root = g_strdup (avs_fixture_get_root (fx->fixture));
  fx->outside = g_build_filename (fx->work, "outside", NULL);
  fx->state = g_build_filename (fx->work, "state", "apply-state.json", NULL);
  fx->xdg_state = g_build_filename (fx->work, "xdg-state", NULL);

  os = in_root (fx, "/etc/os-release");
  write_file (os, os_release, 0644);
  group = in_root (fx, "/etc/group");
  write_file (group, "root:x:0:\nusers:x:100:\nkesladmin:x:990:\n", 0644);

  /* A file outside the root, and a Kaspersky-folder link to it: the link goes, the file stays. */
  precious = g_build_filename (fx->outside, "precious.txt", NULL);
  write_file (precious, "do not touch\n", 0644);
  add_shell (fx);
}

static void
fixture_leftovers (Fixture *fx)
{
  g_autofree char *events = in_root (fx, "/var/opt/kaspersky/kesl/private/storage/events.db");
  g_autofree char *log = in_root (fx, "/var/log/kaspersky/kesl/kesl.log");
  g_autofree char *other = in_root (fx, "/opt/other/file");
  g_autofree char *etc_other = in_root (fx, "/etc/opt/keep.conf");
  g_autofree char *link = in_root (fx, "/opt/kaspersky/kesl-link");
  g_autofree char *precious = g_build_filename (fx->outside, "precious.txt", NULL);

  write_file (events, "quarantined user file\n", 0600);
  write_file (log, "log\n", 0644);
  write_file (other, "not Kaspersky's\n", 0644);
  write_file (etc_other, "not Kaspersky's\n", 0644);
  g_assert_cmpint (symlink (precious, link), ==, 0);
}

/* KESL, its GUI (with @gui_prerm as its pre-removal script) and a Network Agent. */
static void
fixture_debian_prerm (Fixture    *fx,
                      const char *gui_prerm)
{
  static const char * const conffiles[] = { "/etc/opt/kaspersky/kesl/kesl.conf", NULL };
  const AvsFixturePackage kesl = {
    .name = "kesl", .version = KASPERSKY_VERSION, .maintainer = KASPERSKY_VENDOR, .arch = "all",
    .files = (const char * const[]) { "/opt/kaspersky/kesl/bin/kesl-control", conffiles[0], NULL },
    .conffiles = conffiles,
  };
  const AvsFixturePackage gui = {
    .name = "kesl-gui", .version = KASPERSKY_VERSION, .maintainer = KASPERSKY_VENDOR, .arch = "all",
    .files = (const char * const[]) { "/opt/kaspersky/kesl/bin/kesl-gui", NULL },
    .depends = "kesl",
    .prerm = gui_prerm,
  };
  const AvsFixturePackage agent = {
    .name = "klnagent64", .version = KASPERSKY_VERSION, .maintainer = KASPERSKY_VENDOR, .arch = "all",
    .files = (const char * const[]) { "/opt/kaspersky/klnagent64/bin/klnagchk", NULL },
  };

  fixture_common (fx, "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
  avs_fixture_dpkg_install (fx->fixture, &kesl);
  avs_fixture_dpkg_install (fx->fixture, &gui);
  avs_fixture_dpkg_install (fx->fixture, &agent);
  fixture_leftovers (fx);
}

static void
fixture_debian (Fixture  *fx,
                gboolean  failing_gui)
{
  fixture_debian_prerm (fx, failing_gui ? "#!/bin/sh\necho 'kesl-gui: removal refused by the "
                                          "test' >&2\nexit 1\n" : NULL);
}

static void
fixture_clear (Fixture *fx)
{
  if (fx->fixture != NULL)
    {
      g_autofree char *immutable = in_root (fx, "/var/log/kaspersky/kesl/kesl.log");
      const char *argv_chattr[] = { "chattr", "-i", immutable, NULL };

      /* test_read_only_leftover_stops makes it immutable: nothing could remove it. */
      g_spawn_sync (NULL, (char **) argv_chattr, NULL, G_SPAWN_SEARCH_PATH |
                    G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL,
                    NULL, NULL, NULL);
    }
  g_clear_pointer (&fx->fixture, avs_fixture_free);
  g_free (fx->work);
  g_free (fx->root);
  g_free (fx->outside);
  g_free (fx->state);
  g_free (fx->xdg_state);
}

/* Interned, so the many comparisons below leak nothing. */
static const char *
dpkg_status (Fixture    *fx,
             const char *package)
{
  g_autofree char *admindir = g_strdup_printf ("--admindir=%s/var/lib/dpkg", fx->root);
  const char *argv[] = { "dpkg-query", admindir, "--show", "--showformat=${db:Status-Status}",
                         package, NULL };
  g_autofree char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, NULL);
  if (!g_spawn_check_wait_status (status, NULL))
    return g_intern_static_string ("unknown");
  return g_intern_string (out);
}

static AvsScanResult *
scan (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsScanner) scanner = avs_scanner_new_for_root (fx->root, NULL, &error);
  AvsScanResult *result;

  g_assert_no_error (error);
  result = avs_scanner_scan_sync (scanner, NULL, &error);
  g_assert_no_error (error);
  return result;
}

static AvsScanResult *
rescan_cb (const char    *root,
           GCancellable  *cancellable,
           gpointer       user_data,
           GError       **error)
{
  g_autoptr(AvsScanner) scanner = avs_scanner_new_for_root (root, NULL, error);

  if (scanner == NULL)
    return NULL;
  return avs_scanner_scan_sync (scanner, cancellable, error);
}

static AvsExecutor *
make_executor (Fixture  *fx,
               gboolean  dry_run)
{
  g_autoptr(AvsScanResult) result = scan (fx);
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsPlan) plan = avs_plan_new (result, NULL, &error);
  g_autoptr(AvsRunner) runner = avs_runner_new ();
  AvsExecutor *executor;

  g_assert_no_error (error);
  g_assert_false (avs_plan_is_empty (plan));
  avs_runner_set_dry_run (runner, dry_run);
  executor = avs_executor_new (plan, runner);
  avs_executor_set_state_path (executor, dry_run ? "" : fx->state);
  avs_executor_set_rescan_func (executor, rescan_cb, NULL, NULL);
  return executor;
}

static void
count_line_cb (AvsExecutor *executor,
               const char  *step_id,
               const char  *line,
               gpointer     user_data)
{
  guint *lines = user_data;
  (*lines)++;
}

/* Runs every step as a technician who agreed to everything would. Returns the step that failed,
 * or NULL. */
static AvsPlanStep *
run_all (AvsExecutor *executor,
         GError     **error)
{
  AvsPlanStep *step;

  while ((step = avs_executor_get_next_step (executor)) != NULL)
    {
      if (avs_plan_step_get_blocking (step))
        {
          avs_executor_continue_anyway (executor, step);
          continue;
        }
      if (avs_plan_step_get_kind (step) == AVS_STEP_KIND_MANUAL)
        avs_executor_mark_manual_done (executor, step);
      else
        avs_executor_confirm_step (executor, step);
      if (!avs_executor_run_step_sync (executor, NULL, error))
        return step;
    }
  return NULL;
}

static void
assert_outside_untouched (Fixture *fx)
{
  g_autofree char *precious = g_build_filename (fx->outside, "precious.txt", NULL);
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (precious, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "do not touch\n");
  g_assert_true (exists_in_root (fx, "/opt/other/file"));
  g_assert_true (exists_in_root (fx, "/etc/opt/keep.conf"));
  g_assert_true (exists_in_root (fx, "/bin/sh"));
}

static void
assert_group_file (Fixture    *fx,
                   gboolean    kesladmin)
{
  g_autofree char *path = in_root (fx, "/etc/group");
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "users:x:100:"));
  g_assert_true ((strstr (contents, "kesladmin:") != NULL) == kesladmin);
}

/* ------------------------------------------------------------------------------------------ */

static void
test_dpkg_end_to_end (void)
{
  Fixture fx = { 0 };
  g_autoptr(AvsExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsScanResult) after = NULL;
  g_autofree char *archive = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *state = NULL;
  AvsPlan *plan;
  AvsPlanStep *failed;
  guint lines = 0;
  GStatBuf st;
  int status = 0;

  if (!can_run ())
    return;
  fixture_debian (&fx, FALSE);
  executor = make_executor (&fx, FALSE);
  plan = avs_executor_get_plan (executor);
  g_signal_connect (executor, "output-line", G_CALLBACK (count_line_cb), &lines);

  /* What the backup will hold is shown before it runs: the quarantine-like file included. */
  {
    g_autoptr(GPtrArray) examples = NULL;
    guint files = 0;
    guint64 bytes = 0;
    gboolean complete = FALSE;

    avs_plan_measure_backup (plan, 100, &files, &bytes, &examples, &complete);
    g_assert_true (complete);
    g_assert_cmpuint (files, >=, 5);
    g_assert_cmpuint (bytes, >, 0);
    g_assert_true (g_ptr_array_find_with_equal_func (examples,
                                                     "/var/opt/kaspersky/kesl/private/storage/events.db",
                                                     g_str_equal, NULL));
    /* The link is counted as a link; its target outside the root is not walked. */
    g_assert_true (g_ptr_array_find_with_equal_func (examples, "/opt/kaspersky/kesl-link",
                                                     g_str_equal, NULL));
    for (guint i = 0; i < examples->len; i++)
      g_assert_null (strstr (g_ptr_array_index (examples, i), "precious"));
  }

  /* The agent makes it a managed machine: the run stops there until told otherwise. */
  g_assert_nonnull (avs_plan_find_step (plan, "managed"));
  g_assert_false (avs_executor_run_step_sync (executor, NULL, &error));
  g_assert_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_BLOCKED);
  g_clear_error (&error);

  failed = run_all (executor, &error);
  g_assert_no_error (error);
  g_assert_null (failed);
  g_assert_true (avs_executor_is_complete (executor));
  g_assert_cmpuint (lines, >, 0);

  /* The packages are really gone from the dpkg database (purged, not just removed). */
  g_assert_cmpstr (dpkg_status (&fx, "kesl"), ==, "unknown");
  g_assert_cmpstr (dpkg_status (&fx, "kesl-gui"), ==, "unknown");
  g_assert_cmpstr (dpkg_status (&fx, "klnagent64"), ==, "unknown");
  /* The allow-listed leftovers are gone, the link with them; nothing else is touched. */
  g_assert_false (exists_in_root (&fx, "/opt/kaspersky"));
  g_assert_false (exists_in_root (&fx, "/var/opt/kaspersky"));
  g_assert_false (exists_in_root (&fx, "/etc/opt/kaspersky"));
  g_assert_false (exists_in_root (&fx, "/var/log/kaspersky"));
  assert_outside_untouched (&fx);
  assert_group_file (&fx, FALSE);

  /* The leftovers, the quarantine-like data included, are in a root-only archive. */
  archive = avs_plan_dup_archive_real_path (plan);
  g_assert_cmpint (g_stat (archive, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (fx.root, &st), ==, 0);
  {
    g_autofree char *dir = g_path_get_dirname (archive);
    g_assert_cmpint (g_stat (dir, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  }
  {
    const char *argv[] = { "tar", "-tzf", archive, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &listing, NULL,
                  &status, &error);
    g_assert_no_error (error);
  }
  g_assert_nonnull (strstr (listing, "var/opt/kaspersky/kesl/private/storage/events.db"));
  g_assert_nonnull (strstr (listing, "var/log/kaspersky/kesl/kesl.log"));
  g_assert_nonnull (strstr (listing, "opt/kaspersky/kesl-link"));
  g_assert_null (strstr (listing, "precious.txt"));
  g_assert_null (strstr (listing, "opt/other"));

  /* The session report's view: the archive, every step done, every command with its output. */
  {
    g_autoptr(JsonNode) report = avs_executor_to_json (executor);
    JsonObject *object = json_node_get_object (report);
    JsonArray *commands = json_object_get_array_member (object, "commands");
    JsonArray *steps = json_object_get_array_member (object, "steps");
    gboolean saw_purge = FALSE;

    g_assert_cmpstr (json_object_get_string_member (object, "archive"), ==, archive);
    for (guint i = 0; i < json_array_get_length (steps); i++)
      {
        JsonObject *step = json_array_get_object_element (steps, i);
        const char *status_text = json_object_get_string_member (step, "status");
        g_assert_true (g_str_equal (status_text, "done") || g_str_equal (status_text, "skipped"));
      }
    for (guint i = 0; i < json_array_get_length (commands); i++)
      {
        JsonArray *cmd_argv = json_object_get_array_member (json_array_get_object_element (commands, i),
                                                            "argv");
        for (guint j = 0; j < json_array_get_length (cmd_argv); j++)
          if (g_str_equal (json_array_get_string_element (cmd_argv, j), "--purge"))
            saw_purge = TRUE;
      }
    g_assert_true (saw_purge);
  }

  /* A fresh scan is clean, and the saved state says every step is done. */
  after = scan (&fx);
  g_assert_true (avs_scan_result_is_clean (after));
  g_assert_nonnull (avs_executor_get_remaining (executor));
  g_assert_cmpuint (avs_executor_get_remaining (executor)->len, ==, 0);
  g_assert_true (g_file_get_contents (fx.state, &state, NULL, NULL));
  g_assert_nonnull (strstr (state, "\"avswitch-apply-state/2\""));
  g_assert_null (strstr (state, "\"scan\""));   /* how far it got, never what it touches */
  g_assert_null (strstr (state, "\"pending\""));
  g_assert_cmpint (g_stat (fx.state, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  fixture_clear (&fx);
}

static void
test_failing_prerm_stops (void)
{
  Fixture fx = { 0 };
  g_autoptr(AvsExecutor) executor = NULL;
  g_autoptr(AvsExecutor) resumed = NULL;
  g_autoptr(AvsRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *report = NULL;
  g_autofree char *archive = NULL;
  AvsPlanStep *failed;
  AvsPlan *plan;

  if (!can_run ())
    return;
  fixture_debian (&fx, TRUE);
  executor = make_executor (&fx, FALSE);
  plan = avs_executor_get_plan (executor);

  failed = run_all (executor, &error);
  g_assert_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_STEP_FAILED);
  g_assert_nonnull (failed);
  g_assert_cmpstr (avs_plan_step_get_id (failed), ==, "remove-kesl-gui");
  g_assert_cmpint (avs_executor_get_status (executor, failed), ==, AVS_STEP_STATUS_FAILED);
  g_assert_cmpint (avs_executor_get_status (executor, avs_plan_find_step (plan, "remove-kesl")),
                   ==, AVS_STEP_STATUS_PENDING);

  /* What failed, the state of the machine, what to do next. */
  report = avs_executor_dup_failure_report (executor);
  g_assert_nonnull (report);
  g_assert_nonnull (strstr (report, "What failed"));
  g_assert_nonnull (strstr (report, "dpkg"));
  g_assert_nonnull (strstr (report, "State of the computer: These steps have not run yet: "
                                    "“Remove the package kesl”, “Remove the package klnagent64”"));
  g_assert_nonnull (strstr (report, "\nWhat to do next: "));
  g_assert_nonnull (strstr (report, "Remove the package kesl"));   /* listed as not run yet */

  /* Nothing else was touched. */
  g_assert_cmpstr (dpkg_status (&fx, "kesl-gui"), ==, "installed");
  g_assert_cmpstr (dpkg_status (&fx, "kesl"), ==, "installed");
  g_assert_cmpstr (dpkg_status (&fx, "klnagent64"), ==, "installed");
  g_assert_true (exists_in_root (&fx, "/var/opt/kaspersky/kesl/private/storage/events.db"));
  g_assert_true (exists_in_root (&fx, "/opt/kaspersky/kesl-link"));
  archive = avs_plan_dup_archive_real_path (plan);
  g_assert_false (g_file_test (archive, G_FILE_TEST_EXISTS));
  assert_outside_untouched (&fx);
  assert_group_file (&fx, TRUE);

  /* After a restart, the saved progress resumes at the failed step, not from the start. */
  g_clear_error (&error);
  runner = avs_runner_new ();
  resumed = avs_executor_new_from_state (fx.state, fx.root, NULL, runner, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (avs_plan_step_get_id (avs_executor_get_next_step (resumed)), ==,
                   "remove-kesl-gui");
  g_assert_cmpstr (avs_plan_get_stamp (avs_executor_get_plan (resumed)), ==,
                   avs_plan_get_stamp (plan));
  /* Confirmations are not saved: the user confirms again. */
  g_assert_false (avs_executor_run_step_sync (resumed, NULL, &error));
  g_assert_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_NOT_CONFIRMED);

  fixture_clear (&fx);
}

static void
test_read_only_leftover_stops (void)
{
  Fixture fx = { 0 };
  g_autoptr(AvsExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  g_autofree char *report = NULL;
  AvsPlanStep *failed;
  AvsPlan *plan;
  int status = 0;

  if (!can_run ())
    return;
  fixture_debian (&fx, FALSE);
  log = in_root (&fx, "/var/log/kaspersky/kesl/kesl.log");
  {
    const char *argv[] = { "chattr", "+i", log, NULL };
    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) ||
        !g_spawn_check_wait_status (status, NULL))
      {
        g_test_skip ("this file system cannot make a file immutable (chattr +i)");
        fixture_clear (&fx);
        return;
      }
  }

  executor = make_executor (&fx, FALSE);
  plan = avs_executor_get_plan (executor);
  failed = run_all (executor, &error);
  g_assert_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_STEP_FAILED);
  g_assert_nonnull (failed);
  g_assert_cmpstr (avs_plan_step_get_id (failed), ==, "leftovers");
  report = avs_executor_dup_failure_report (executor);
  g_assert_nonnull (strstr (report, avs_plan_get_archive_path (plan) + 1));

  /* The packages are gone (earlier steps), the immutable file stays, and nothing after the
   * failed command ran: the group is still there, dpkg still has the configuration record. */
  g_assert_cmpstr (dpkg_status (&fx, "kesl"), ==, "config-files");
  g_assert_true (exists_in_root (&fx, "/var/log/kaspersky/kesl/kesl.log"));
  assert_group_file (&fx, TRUE);
  g_assert_cmpint (avs_executor_get_status (executor, avs_plan_find_step (plan, "purge-records")),
                   ==, AVS_STEP_STATUS_PENDING);
  g_assert_cmpint (avs_executor_get_status (executor, avs_plan_find_step (plan, "verify")),
                   ==, AVS_STEP_STATUS_PENDING);
  assert_outside_untouched (&fx);

  /* Once the cause is fixed, running the step again finishes the plan. */
  run_ok ((const char *[]) { "chattr", "-i", log, NULL });
  g_clear_error (&error);
  failed = run_all (executor, &error);
  g_assert_no_error (error);
  g_assert_null (failed);
  g_assert_cmpstr (dpkg_status (&fx, "kesl"), ==, "unknown");
  g_assert_false (exists_in_root (&fx, "/var/log/kaspersky"));
  assert_group_file (&fx, FALSE);

  fixture_clear (&fx);
}

static void
test_dry_run_changes_nothing (void)
{
  Fixture fx = { 0 };
  g_autoptr(AvsExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *archive = NULL;
  g_autoptr(GPtrArray) log = NULL;
  gboolean recorded_tar = FALSE;
  AvsPlanStep *failed;

  if (!can_run ())
    return;
  fixture_debian (&fx, FALSE);
  executor = make_executor (&fx, TRUE);
  failed = run_all (executor, &error);
  g_assert_no_error (error);
  g_assert_null (failed);

  g_assert_cmpstr (dpkg_status (&fx, "kesl"), ==, "installed");
  g_assert_true (exists_in_root (&fx, "/var/opt/kaspersky/kesl/private/storage/events.db"));
  assert_group_file (&fx, TRUE);
  archive = avs_plan_dup_archive_real_path (avs_executor_get_plan (executor));
  g_assert_false (g_file_test (archive, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (fx.state, G_FILE_TEST_EXISTS));

  log = avs_runner_get_log (avs_executor_get_runner (executor));
  for (guint i = 0; i < log->len; i++)
    {
      AvsRunResult *result = g_ptr_array_index (log, i);
      if (result->dry_run && g_str_equal (result->request[0], "tar"))
        recorded_tar = TRUE;
    }
  g_assert_true (recorded_tar);
  fixture_clear (&fx);
}

static void
test_nothing_unconfirmed (void)
{
  Fixture fx = { 0 };
  g_autoptr(AvsExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  AvsPlanStep *step;
  g_auto(GStrv) lines = NULL;

  if (!can_run ())
    return;
  fixture_debian (&fx, FALSE);
  executor = make_executor (&fx, FALSE);

  step = avs_executor_get_next_step (executor);
  avs_executor_continue_anyway (executor, step);
  step = avs_executor_get_next_step (executor);
  g_assert_cmpstr (avs_plan_step_get_id (step), ==, "remove-kesl-gui");

  /* The confirmation lists the exact command as it will run. */
  lines = avs_executor_dup_command_lines (executor, step);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  g_assert_nonnull (strstr (lines[0], "dpkg --root="));
  g_assert_nonnull (strstr (lines[0], "--remove -- kesl-gui"));

  g_assert_false (avs_executor_run_step_sync (executor, NULL, &error));
  g_assert_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_NOT_CONFIRMED);
  g_assert_cmpstr (dpkg_status (&fx, "kesl-gui"), ==, "installed");
  g_assert_cmpint (avs_executor_get_status (executor, step), ==, AVS_STEP_STATUS_PENDING);
  g_clear_error (&error);

  /* As a desktop user the confirmation shows the command as the privileged session runs it,
   * without pkexec in front (the password is asked once, said once); a dismissed password
   * dialog (pkexec's status 126, here from a stand-in helper) is reported as such. */
  {
    AvsRunner *runner = avs_executor_get_runner (executor);
    g_autofree char *helper = g_build_filename (fx.work, "fake-pkexec", NULL);
    g_autofree char *dpkg = avs_runner_find_system_program ("dpkg");
    g_autofree char *expected = NULL;
    g_auto(GStrv) user_lines = NULL;
    g_autofree char *report = NULL;

    g_assert_null (avs_admin_rights_password_notice (executor));   /* root: no password */
    write_file (helper, "#!/bin/sh\nexit 126\n", 0755);
    avs_runner_set_is_root (runner, FALSE);
    user_lines = avs_executor_dup_command_lines (executor, step);
    /* dpkg from the system's folders, never from PATH, and no pkexec on the line. */
    expected = g_strdup_printf ("%s --root=", dpkg);
    g_assert_true (g_str_has_prefix (user_lines[0], expected));
    g_assert_null (strstr (user_lines[0], "pkexec"));
    g_assert_nonnull (strstr (avs_admin_rights_password_notice (executor), "asked once"));

    avs_runner_set_privilege_helper (runner, helper);
    avs_executor_confirm_step (executor, step);
    g_assert_false (avs_executor_run_step_sync (executor, NULL, &error));
    /* Known when the session starts: nothing ran, the step is where it was. */
    g_assert_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_AUTH_DISMISSED);
    g_assert_nonnull (strstr (error->message, "password dialog was dismissed"));
    report = avs_executor_dup_failure_report (executor);
    g_assert_null (report);
    g_assert_cmpint (avs_executor_get_status (executor, step), ==, AVS_STEP_STATUS_PENDING);
    g_assert_cmpstr (dpkg_status (&fx, "kesl-gui"), ==, "installed");
  }

  /* The leftovers step refuses to start while a package is still installed. */
  {
    AvsPlan *plan = avs_executor_get_plan (executor);
    AvsPlanStep *leftovers = avs_plan_find_step (plan, "leftovers");
    GPtrArray *pre = avs_plan_step_get_preconditions (leftovers);
    gboolean has_package_check = FALSE;

    for (guint i = 0; i < pre->len; i++)
      if (((AvsPlanCheck *) g_ptr_array_index (pre, i))->kind == AVS_CHECK_PACKAGE_REMOVED)
        has_package_check = TRUE;
    g_assert_true (has_package_check);
  }
  fixture_clear (&fx);
}

/* A symbolic link above a path to delete (inside the root) stops the step before anything. */
static void
test_symlinked_parent_refused (void)
{
  Fixture fx = { 0 };
  g_autoptr(AvsExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *var_log = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *outside_kaspersky = NULL;
  AvsPlanStep *failed;

  if (!can_run ())
    return;
  fixture_debian (&fx, FALSE);
  executor = make_executor (&fx, FALSE);

  /* After planning, /var/log becomes a link to a folder outside the root holding a
   * "kaspersky" folder: deleting /var/log/kaspersky would delete outside the root. */
  var_log = in_root (&fx, "/var/log");
  moved = g_build_filename (fx.outside, "log", NULL);
  g_assert_cmpint (g_rename (var_log, moved), ==, 0);
  g_assert_cmpint (symlink (moved, var_log), ==, 0);
  outside_kaspersky = g_build_filename (moved, "kaspersky", "kesl", "kesl.log", NULL);
  g_assert_true (g_file_test (outside_kaspersky, G_FILE_TEST_EXISTS));

  failed = run_all (executor, &error);
  g_assert_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_STEP_FAILED);
  g_assert_nonnull (failed);
  g_assert_cmpstr (avs_plan_step_get_id (failed), ==, "backup");
  g_assert_nonnull (strstr (error->message, "symbolic link"));
  g_assert_true (g_file_test (outside_kaspersky, G_FILE_TEST_EXISTS));
  g_assert_true (exists_in_root (&fx, "/var/opt/kaspersky/kesl/private/storage/events.db"));
  fixture_clear (&fx);
}

/* Trust store, NSS database owned by another user, unit file, init script (built with the
 * scanner tests' fixture). On a --root disk the NSS database is a hand-over: certutil would
 * load the modules its pkcs11.txt names, so nothing runs it here and the database is left
 * exactly as it was. */
static void
test_certificates_and_services (void)
{
  static const char * const files[] = { "/opt/kaspersky/kesl/bin/kesl-control", NULL };
  const AvsFixturePackage kesl = { "kesl", "12.1.0-1297", "AO Kaspersky Lab", NULL, files, NULL,
                                   NULL };
  const char *subject = "/C=RU/O=AO Kaspersky Lab/CN=Kaspersky Anti-Virus Personal Root Certificate";
  const char *nick = "Kaspersky Anti-Virus Personal Root Certificate";
  g_autoptr(AvsFixture) fixture = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  g_autoptr(AvsScanResult) after = NULL;
  g_autoptr(AvsPlan) plan = NULL;
  g_autoptr(AvsRunner) runner = NULL;
  g_autoptr(AvsExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *home = NULL;
  g_autofree char *nssdb = NULL;
  g_autofree char *real_home = NULL;
  g_autofree char *db = NULL;
  g_autofree char *base = NULL;
  g_autofree char *listing = NULL;
  AvsPlanStep *step;
  AvsPlanCommand *command;

  if (!can_run () || !avs_fixture_require ("certutil") || !avs_fixture_require ("openssl") ||
      !avs_fixture_require ("setpriv"))
    return;

  fixture = avs_fixture_new ("debian");
  avs_fixture_dpkg_install (fixture, &kesl);
  avs_fixture_add_unit (fixture, "/etc/systemd/system", "kesl.service",
                        "/opt/kaspersky/kesl/libexec/kesl_launcher.sh");
  avs_fixture_add_init_script (fixture, "kesl-supervisor");
  avs_fixture_add_ca (fixture, "/usr/local/share/ca-certificates/kaspersky.crt", subject);
  home = avs_fixture_add_user (fixture, "alice", 1000);
  nssdb = g_build_filename (home, ".pki", "nssdb", NULL);
  avs_fixture_nss_add_ca (fixture, nssdb, nick, subject);

  /* alice owns her database, and can reach it. */
  real_home = avs_fixture_path (fixture, home);
  g_free (avs_fixture_run ((const char *[]) { "chown", "-R", "1000:1000", real_home, NULL }));
  base = g_path_get_dirname (avs_fixture_get_root (fixture));
  g_chmod (base, 0755);
  g_chmod (avs_fixture_get_root (fixture), 0755);

  {
    g_autoptr(AvsScanner) scanner = avs_scanner_new_for_root (avs_fixture_get_root (fixture),
                                                              NULL, &error);
    g_assert_no_error (error);
    result = avs_scanner_scan_sync (scanner, NULL, &error);
    g_assert_no_error (error);
  }
  plan = avs_plan_new (result, NULL, &error);
  g_assert_no_error (error);

  step = avs_plan_find_step (plan, "nss-certificates");
  g_assert_nonnull (step);
  g_assert_cmpint (avs_plan_step_get_kind (step), ==, AVS_STEP_KIND_MANUAL);
  g_assert_cmpuint (avs_plan_step_get_commands (step)->len, ==, 0);
  {
    g_autofree char *expected = g_strdup_printf ("certutil -D -d sql:%s -n '%s'", nssdb, nick);
    g_assert_nonnull (strstr (avs_plan_step_get_explanation (step), expected));
  }
  for (guint i = 0; i < avs_plan_get_n_steps (plan); i++)
    {
      GPtrArray *commands = avs_plan_step_get_commands (avs_plan_get_step (plan, i));

      for (guint j = 0; j < commands->len; j++)
        {
          command = g_ptr_array_index (commands, j);
          g_assert_false (g_strv_contains ((const char * const *) command->argv, "certutil"));
        }
    }
  g_assert_nonnull (avs_plan_find_step (plan, "certificates"));

  runner = avs_runner_new ();
  executor = avs_executor_new (plan, runner);
  avs_executor_set_state_path (executor, "");
  g_assert_null (run_all (executor, &error));
  g_assert_no_error (error);

  /* The anchor is gone (and archived), alice's database no longer trusts it and is still
   * hers, the unit file and init script are gone. */
  {
    g_autofree char *anchor = avs_fixture_path (fixture,
                                                "/usr/local/share/ca-certificates/kaspersky.crt");
    g_assert_false (g_file_test (anchor, G_FILE_TEST_EXISTS));
  }
  db = g_strconcat ("sql:", real_home, "/.pki/nssdb", NULL);
  listing = avs_fixture_run ((const char *[]) { "certutil", "-L", "-d", db, NULL });
  g_assert_nonnull (strstr (listing, "Kaspersky"));
  {
    g_autofree char *cert9 = g_build_filename (real_home, ".pki", "nssdb", "cert9.db", NULL);
    GStatBuf st;
    g_assert_cmpint (g_stat (cert9, &st), ==, 0);
    g_assert_cmpuint (st.st_uid, ==, 1000);
  }
  {
    g_autofree char *unit = avs_fixture_path (fixture, "/etc/systemd/system/kesl.service");
    g_autofree char *script = avs_fixture_path (fixture, "/etc/init.d/kesl-supervisor");
    g_assert_false (g_file_test (unit, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (script, G_FILE_TEST_EXISTS));
  }
  {
    g_autofree char *archive = avs_plan_dup_archive_real_path (plan);
    g_autofree char *tar = avs_fixture_run ((const char *[]) { "tar", "-tzf", archive, NULL });
    g_assert_nonnull (strstr (tar, "usr/local/share/ca-certificates/kaspersky.crt"));
    g_assert_nonnull (strstr (tar, "etc/systemd/system/kesl.service"));
  }

  {
    g_autoptr(AvsScanner) scanner = avs_scanner_new_for_root (avs_fixture_get_root (fixture),
                                                              NULL, &error);
    after = avs_scanner_scan_sync (scanner, NULL, &error);
    g_assert_no_error (error);
  }
  /* Only the database left to the disk's own system remains. */
  {
    GPtrArray *findings = avs_scan_result_get_findings (after);

    for (guint i = 0; i < findings->len; i++)
      {
        GPtrArray *evidence = avs_finding_get_evidence (g_ptr_array_index (findings, i));

        for (guint j = 0; j < evidence->len; j++)
          {
            AvsEvidence *e = g_ptr_array_index (evidence, j);
            g_assert_cmpint (e->kind, ==, AVS_EVIDENCE_NSS_CERTIFICATE);
          }
      }
    g_assert_cmpuint (findings->len, ==, 1);
  }
}

/* A half-done removal: kesl was removed with its settings kept (dpkg "config-files"). The plan
 * does not remove it again; it archives the settings and purges the record. */
static void
test_half_removed (void)
{
  Fixture fx = { 0 };
  g_autoptr(AvsExecutor) executor = NULL;
  g_autoptr(AvsScanResult) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *root_opt = NULL;
  g_autofree char *archive = NULL;
  g_autofree char *listing = NULL;
  AvsPlan *plan;

  if (!can_run ())
    return;
  fixture_debian (&fx, FALSE);
  root_opt = g_strdup_printf ("--root=%s", fx.root);
  run_ok ((const char *[]) { "dpkg", root_opt, "--remove", "kesl-gui", "kesl", NULL });
  g_assert_cmpstr (dpkg_status (&fx, "kesl"), ==, "config-files");

  executor = make_executor (&fx, FALSE);
  plan = avs_executor_get_plan (executor);
  g_assert_null (avs_plan_find_step (plan, "remove-kesl"));
  g_assert_nonnull (avs_plan_find_step (plan, "purge-records"));
  g_assert_cmpuint (g_strv_length ((char **) avs_plan_get_refused (plan)), ==, 0);
  g_assert_null (run_all (executor, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (dpkg_status (&fx, "kesl"), ==, "unknown");
  g_assert_false (exists_in_root (&fx, "/etc/opt/kaspersky"));
  archive = avs_plan_dup_archive_real_path (plan);
  listing = avs_fixture_run ((const char *[]) { "tar", "-tzf", archive, NULL });
  g_assert_nonnull (strstr (listing, "etc/opt/kaspersky/kesl/kesl.conf"));
  after = scan (&fx);
  g_assert_true (avs_scan_result_is_clean (after));
  assert_outside_untouched (&fx);
  fixture_clear (&fx);
}

/* A manual step a scan can see is checked when the user says it is done. */
static void
test_manual_step_rescanned (void)
{
  g_autoptr(AvsFixture) fixture = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  g_autoptr(AvsPlan) plan = NULL;
  g_autoptr(AvsRunner) runner = NULL;
  g_autoptr(AvsExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *home = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *extension = NULL;
  g_autofree char *report = NULL;
  AvsPlanStep *step;

  fixture = avs_fixture_new ("debian");
  home = avs_fixture_add_user (fixture, "alice", 1000);
  profile = avs_fixture_chromium_profile (fixture, home, "google-chrome", "Default",
                                          "ahkjpbeeocnddjkakilopmfdlnjdpcdm", TRUE);
  {
    g_autoptr(AvsScanner) scanner = avs_scanner_new_for_root (avs_fixture_get_root (fixture),
                                                              NULL, &error);
    g_assert_no_error (error);
    result = avs_scanner_scan_sync (scanner, NULL, &error);
    g_assert_no_error (error);
  }
  plan = avs_plan_new (result, NULL, &error);
  g_assert_no_error (error);
  step = avs_plan_find_step (plan, "browser-extensions");
  g_assert_nonnull (step);

  runner = avs_runner_new ();
  executor = avs_executor_new (plan, runner);
  avs_executor_set_state_path (executor, "");
  g_assert_true (avs_executor_get_next_step (executor) == step);

  /* "Done" without doing it: the scan still sees the extension, and says where. */
  avs_executor_mark_manual_done (executor, step);
  g_assert_false (avs_executor_run_step_sync (executor, NULL, &error));
  g_assert_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_STEP_FAILED);
  g_assert_nonnull (strstr (error->message, "ahkjpbeeocnddjkakilopmfdlnjdpcdm"));
  report = avs_executor_dup_failure_report (executor);
  g_assert_nonnull (strstr (report, "What to do next"));
  g_clear_error (&error);
  /* It has to be marked done again. */
  g_assert_false (avs_executor_run_step_sync (executor, NULL, &error));
  g_assert_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_NOT_CONFIRMED);
  g_clear_error (&error);

  /* The user removes it (here: its folder), says so, and the step passes; so does the plan. */
  extension = g_build_filename (profile, "Extensions", "ahkjpbeeocnddjkakilopmfdlnjdpcdm", NULL);
  {
    g_autofree char *real = avs_fixture_path (fixture, extension);
    g_free (avs_fixture_run ((const char *[]) { "rm", "-rf", real, NULL }));
  }
  avs_executor_mark_manual_done (executor, step);
  g_assert_true (avs_executor_run_step_sync (executor, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (avs_executor_run_step_sync (executor, NULL, &error));   /* verify */
  g_assert_no_error (error);
  g_assert_true (avs_executor_is_complete (executor));
}

/* ------------------------------------------------------------------------------------------ */

static void
test_rpm_end_to_end (void)
{
  Fixture fx = { 0 };
  g_autoptr(AvsExecutor) executor = NULL;
  g_autoptr(AvsScanResult) before = NULL;
  g_autoptr(AvsScanResult) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const AvsFixturePackage kesl = {
    .name = "kesl", .version = KASPERSKY_VERSION, .maintainer = KASPERSKY_VENDOR,
    .files = (const char * const[]) { "/opt/kaspersky/kesl/bin/kesl-control", NULL },
  };
  const AvsFixturePackage agent = {
    .name = "klnagent64", .version = KASPERSKY_VERSION, .maintainer = KASPERSKY_VENDOR,
    .files = (const char * const[]) { "/opt/kaspersky/klnagent64/bin/klnagchk", NULL },
  };
  AvsPlanStep *failed;
  int status = 0;

  if (!can_run ())
    return;
  if (!avs_fixture_require ("rpmbuild"))
    return;
  fixture_common (&fx, "ID=fedora\nVERSION_ID=40\nPRETTY_NAME=\"Fedora Linux 40\"\n");
  avs_fixture_rpm_install (fx.fixture, &kesl, NULL);
  avs_fixture_rpm_install (fx.fixture, &agent, NULL);
  fixture_leftovers (&fx);

  before = scan (&fx);
  g_assert_nonnull (avs_scan_result_find (before, AVS_PRODUCT_KESL));
  executor = make_executor (&fx, FALSE);
  g_assert_null (avs_plan_find_step (avs_executor_get_plan (executor), "purge-records"));
  failed = run_all (executor, &error);
  g_assert_no_error (error);
  g_assert_null (failed);

  /* Really gone from the rpm database. */
  {
    const char *argv[] = { "rpm", "--root", fx.root, "--dbpath", "/var/lib/rpm", "-qa", NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, &out, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_null (strstr (out, "kesl"));
    g_assert_null (strstr (out, "klnagent64"));
  }
  g_assert_false (exists_in_root (&fx, "/opt/kaspersky"));
  g_assert_false (exists_in_root (&fx, "/var/opt/kaspersky"));
  assert_outside_untouched (&fx);
  after = scan (&fx);
  g_assert_true (avs_scan_result_is_clean (after));
  fixture_clear (&fx);
}

/* ------------------------------------------------------------------------------------------ */

/* Runs the avswitch binary with @args and @input on stdin; returns its exit status. */
static int
run_cli (Fixture            *fx,
         const char * const *args,
         const char         *input,
         char              **out_stdout)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) in = NULL;
  g_autoptr(GBytes) out = NULL;
  const char *binary = g_getenv ("AVSWITCH_BINARY");

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer) binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE |
                                        (input != NULL ? G_SUBPROCESS_FLAGS_STDIN_PIPE
                                                       : G_SUBPROCESS_FLAGS_NONE));
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", fx->xdg_state, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  if (input == NULL)
    g_subprocess_launcher_set_stdin_file_path (launcher, "/dev/null");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  if (input != NULL)
    in = g_bytes_new (input, strlen (input));
  g_subprocess_communicate (process, in, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (out_stdout != NULL)
    *out_stdout = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  return g_subprocess_get_exit_status (process);
}

/* Standard output only (the JSON modes keep progress on standard error). */
static int
run_cli_stdout (Fixture            *fx,
                const char * const *args,
                char              **out_stdout)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("AVSWITCH_BINARY"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", fx->xdg_state, TRUE);
  g_subprocess_launcher_set_stdin_file_path (launcher, "/dev/null");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  *out_stdout = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  return g_subprocess_get_exit_status (process);
}

/* `apply --root` runs the disk's own package scripts as root here: --yes alone does not agree
 * to that (a clear stop, non-zero, nothing removed); --allow-disk-scripts does; a dry run needs
 * no consent. */
static void
test_cli_disk_scripts_consent (void)
{
  Fixture fx = { 0 };
  g_autofree char *out = NULL;

  if (!can_run ())
    return;
  fixture_debian (&fx, FALSE);

  g_assert_cmpint (run_cli (&fx, (const char *[]) { "apply", "--root", fx.root, "--yes",
                                                    "--continue-managed", NULL }, NULL, &out),
                   ==, 1);
  g_assert_nonnull (strstr (out, "--allow-disk-scripts"));
  g_assert_nonnull (strstr (out, "package scripts"));
  g_assert_null (strstr (out, "Done."));
  g_assert_cmpstr (dpkg_status (&fx, "kesl-gui"), ==, "installed");
  g_assert_cmpstr (dpkg_status (&fx, "kesl"), ==, "installed");
  g_clear_pointer (&out, g_free);

  /* The same with --json: the document says it stopped. */
  g_assert_cmpint (run_cli_stdout (&fx, (const char *[]) { "apply", "--root", fx.root, "--json",
                                                           "--yes", "--continue-managed", NULL },
                                   &out), ==, 1);
  g_assert_nonnull (strstr (out, "\"stopped\""));
  g_assert_cmpstr (dpkg_status (&fx, "kesl-gui"), ==, "installed");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (&fx, (const char *[]) { "apply", "--root", fx.root, "--dry-run",
                                                    "--yes", "--continue-managed", NULL }, NULL,
                            &out), ==, 0);
  g_assert_null (strstr (out, "--allow-disk-scripts"));
  g_assert_cmpstr (dpkg_status (&fx, "kesl-gui"), ==, "installed");
  g_clear_pointer (&out, g_free);

  /* --help names the option. */
  g_assert_cmpint (run_cli (&fx, (const char *[]) { "apply", "--help", NULL }, NULL, &out), ==, 0);
  g_assert_nonnull (strstr (out, "--allow-disk-scripts"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (&fx, (const char *[]) { "apply", "--root", fx.root, "--yes",
                                                    "--continue-managed", "--allow-disk-scripts",
                                                    NULL }, NULL, &out), ==, 0);
  g_assert_nonnull (strstr (out, "--allow-disk-scripts"));
  g_assert_nonnull (strstr (out, "The plan is complete"));
  g_assert_cmpstr (dpkg_status (&fx, "kesl-gui"), ==, "unknown");
  g_assert_cmpstr (dpkg_status (&fx, "kesl"), ==, "unknown");
  assert_outside_untouched (&fx);
  fixture_clear (&fx);
}

/* For fleets: apply --json and verify --json print only documents on standard output. */
static void
test_cli_json (void)
{
  Fixture fx = { 0 };
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) doc = NULL;
  g_autoptr(JsonNode) scan_doc = NULL;

  if (!can_run ())
    return;
  fixture_debian (&fx, FALSE);

  g_assert_cmpint (run_cli_stdout (&fx, (const char *[]) { "apply", "--root", fx.root, "--json",
                                                           "--yes", "--continue-managed",
                                                           "--allow-disk-scripts", NULL },
                                   &out), ==, 0);
  doc = avs_json_parse_data (out, strlen (out), "apply --json", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (doc), "schema"), ==,
                   "avswitch-apply/1");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (doc), "result"), ==,
                   "complete");

  g_assert_cmpint (run_cli_stdout (&fx, (const char *[]) { "verify", "--root", fx.root, "--json",
                                                           NULL }, &out2), ==, 0);
  g_assert_true (json_node_get_node_type (json_object_get_member (json_node_get_object (doc),
                                                                  "stop_reason")) == JSON_NODE_NULL);
  scan_doc = avs_json_parse_data (out2, strlen (out2), "verify --json", &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (scan_doc), "clean"));
  fixture_clear (&fx);
}

/* `apply --json` that stops before the end says why in the document, not only on standard
 * error: a fleet reads "stop_reason". */
static void
test_cli_json_stop_reason (void)
{
  static const struct { const char *option; const char *reason; } cases[] = {
    /* the managed machine's step, without --continue-managed */
    { "--allow-disk-scripts", "centrally managed" },
    /* the disk's package scripts, under --yes without --allow-disk-scripts */
    { "--continue-managed", "package scripts" },
  };

  if (!can_run ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture fx = { 0 };
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) doc = NULL;
      JsonObject *object;

      fixture_debian (&fx, FALSE);
      g_assert_cmpint (run_cli_stdout (&fx, (const char *[]) { "apply", "--root", fx.root, "--json",
                                                               "--yes", cases[i].option, NULL },
                                       &out), ==, 1);
      doc = avs_json_parse_data (out, strlen (out), "apply --json", &error);
      g_assert_no_error (error);
      object = json_node_get_object (doc);
      g_assert_cmpstr (json_object_get_string_member (object, "result"), ==, "stopped");
      g_assert_nonnull (strstr (json_object_get_string_member (object, "stop_reason"),
                                cases[i].reason));
      fixture_clear (&fx);
    }
}

static void
test_cli (void)
{
  Fixture fx = { 0 };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *state_file = NULL;

  if (!can_run ())
    return;
  fixture_debian (&fx, FALSE);
  state_file = g_build_filename (fx.xdg_state, "avswitch", "apply-state.json", NULL);

  /* verify: exit 1 while something remains. */
  g_assert_cmpint (run_cli (&fx, (const char *[]) { "verify", "--root", fx.root, NULL }, NULL,
                            &out), ==, 1);
  g_assert_nonnull (strstr (out, "kesl"));
  g_clear_pointer (&out, g_free);

  /* plan --script: a commented script with every value quoted or plain-safe. */
  g_assert_cmpint (run_cli (&fx, (const char *[]) { "plan", "--root", fx.root, "--script", NULL },
                            NULL, &out), ==, 0);
  g_assert_true (g_str_has_prefix (out, "#!/bin/sh\n"));
  g_assert_nonnull (strstr (out, "\nset -eu\n"));
  g_assert_nonnull (strstr (out, "--remove -- kesl-gui\n"));
  g_assert_nonnull (strstr (out, "AVSWITCH_CONTINUE_MANAGED"));
  g_clear_pointer (&out, g_free);

  /* plan --json: the documented schema. */
  g_assert_cmpint (run_cli (&fx, (const char *[]) { "plan", "--root", fx.root, "--json", NULL },
                            NULL, &out), ==, 0);
  json = avs_json_parse_data (out, strlen (out), "plan --json", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json), "schema"), ==,
                   AVS_PLAN_SCHEMA);
  g_clear_pointer (&out, g_free);

  /* A managed machine stops without --continue-managed. */
  g_assert_cmpint (run_cli (&fx, (const char *[]) { "apply", "--root", fx.root, "--yes", NULL },
                            NULL, &out), ==, 1);
  g_assert_nonnull (strstr (out, "--continue-managed"));
  g_assert_cmpstr (dpkg_status (&fx, "kesl-gui"), ==, "installed");
  g_clear_pointer (&out, g_free);

  /* apply without an answer (stdin closed) refuses and changes nothing. */
  g_assert_cmpint (run_cli (&fx, (const char *[]) { "apply", "--root", fx.root,
                                                    "--continue-managed", NULL }, NULL, &out),
                   ==, 2);
  g_assert_nonnull (strstr (out, "--yes"));
  g_assert_cmpstr (dpkg_status (&fx, "kesl-gui"), ==, "installed");
  g_clear_pointer (&out, g_free);

  /* "y" for the first step, "n" for the second: one package removed, then a clean stop. */
  g_assert_cmpint (run_cli (&fx, (const char *[]) { "apply", "--root", fx.root,
                                                    "--continue-managed", "--start-over", NULL },
                            "y\nn\n", &out), ==, 1);
  /* Package steps on a disk ask a question that names the disk's scripts (LC_ALL=C prints
   * the apostrophe as "?"). */
  g_assert_nonnull (strstr (out, "Run these commands, and with them the disk"));
  g_assert_nonnull (strstr (out, "package scripts, as administrator of this computer? [y/N]"));
  g_assert_nonnull (strstr (out, "Stopped at your request"));
  g_assert_cmpstr (dpkg_status (&fx, "kesl-gui"), ==, "unknown");
  g_assert_cmpstr (dpkg_status (&fx, "kesl"), ==, "installed");
  g_assert_true (g_file_test (state_file, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);

  /* Running it again resumes (no new scan), and --yes finishes it. */
  g_assert_cmpint (run_cli (&fx, (const char *[]) { "apply", "--root", fx.root, "--yes",
                                                    "--continue-managed", "--allow-disk-scripts",
                                                    NULL }, NULL, &out),
                   ==, 0);
  g_assert_nonnull (strstr (out, "Resuming the saved plan"));
  g_assert_null (strstr (out, "kesl-gui with dpkg"));   /* the done step is not shown again */
  g_assert_nonnull (strstr (out, "The plan is complete"));
  g_assert_false (g_file_test (state_file, G_FILE_TEST_EXISTS));
  {
    g_autofree char *report = g_build_filename (fx.xdg_state, "avswitch", "apply-report.json", NULL);
    g_assert_true (g_file_test (report, G_FILE_TEST_EXISTS));
  }
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (&fx, (const char *[]) { "verify", "--root", fx.root, NULL }, NULL,
                            &out), ==, 0);
  g_assert_cmpstr (dpkg_status (&fx, "kesl"), ==, "unknown");
  assert_outside_untouched (&fx);
  fixture_clear (&fx);
}

static char *
state_document (AvsPlan    *plan,
                const char *steps_json)
{
  g_autoptr(JsonNode) inputs = avs_plan_inputs_to_json (plan);
  g_autofree char *inputs_text = json_to_string (inputs, FALSE);

  return g_strdup_printf ("{\"schema\": \"avswitch-apply-state/1\", \"inputs\": %s, "
                          "\"steps\": %s, \"log\": [\"earlier line\"]}", inputs_text, steps_json);
}

/* A saved state is data: it says how far a plan got, strictly read, and the plan comes from a
 * (here: given) fresh scan; anything else is refused. */
static void
test_saved_state_strict (void)
{
  static const char * const like[] = { NULL };
  g_autoptr(AvsScanResult) scan = avs_scan_result_new ("/");
  g_autoptr(AvsFinding) kesl = avs_finding_new (AVS_PRODUCT_KESL, "KESL");
  g_autoptr(AvsPlan) plan = NULL;
  g_autoptr(AvsRunner) runner = avs_runner_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = avs_test_make_tmpdir ("avs-state-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "apply-state.json", NULL);
  struct { const char *steps; gboolean ok; } cases[] = {
    { "[{\"id\": \"remove-kesl\", \"status\": \"done\", \"commands_done\": 1, "
      "\"manual_done\": false, \"message\": null}]", TRUE },
    /* Counts that do not fit the fresh plan's commands start the step over. */
    { "[{\"id\": \"remove-kesl\", \"status\": \"done\", \"commands_done\": 7, "
      "\"manual_done\": false, \"message\": null}]", TRUE },
    { "[{\"id\": \"remove-kesl\", \"status\": \"done\", \"commands_done\": -1, "
      "\"manual_done\": false, \"message\": null}]", FALSE },
    /* A step the fresh plan does not have is left out, whatever its id. */
    { "[{\"id\": \"rm -rf /\", \"status\": \"done\", \"commands_done\": 0, "
      "\"manual_done\": false, \"message\": null}]", TRUE },
    { "[{\"id\": \"remove-kesl\", \"status\": \"finished\", \"commands_done\": 0, "
      "\"manual_done\": false, \"message\": null}]", FALSE },
    { "[{\"id\": \"remove-kesl\", \"status\": \"done\", \"commands_done\": 0, "
      "\"manual_done\": false, \"message\": null, \"argv\": [\"reboot\"]}]", FALSE },
  };

  g_assert_no_error (error);
  avs_scan_result_set_live (scan, TRUE);
  avs_scan_result_set_host (scan, "debian", like, "12", NULL, "dpkg");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", "dpkg");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl;reboot", "dpkg");
  avs_scan_result_add_finding (scan, kesl);
  plan = avs_plan_new (scan, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *doc = state_document (plan, cases[i].steps);
      g_autoptr(AvsExecutor) executor = NULL;

      g_file_set_contents (path, doc, -1, &error);
      g_assert_no_error (error);
      executor = avs_executor_new_from_state_for_scan (path, scan, runner, NULL, &error);
      if (cases[i].ok)
        {
          AvsPlan *rebuilt;

          g_assert_no_error (error);
          rebuilt = avs_executor_get_plan (executor);
          g_assert_cmpstr (avs_plan_get_stamp (rebuilt), ==, avs_plan_get_stamp (plan));
          /* "Done", but the fresh scan still finds the package: not trusted, it runs again. */
          g_assert_cmpint (avs_executor_get_status (executor,
                                                    avs_plan_find_step (rebuilt, "remove-kesl")),
                           ==, AVS_STEP_STATUS_PENDING);
          g_assert_cmpstr (avs_plan_step_get_id (avs_executor_get_next_step (executor)), ==,
                           "remove-kesl");
          g_assert_cmpuint (avs_executor_get_log (executor)->len, >=, 1);
          g_assert_true (g_str_has_suffix (g_ptr_array_index (avs_executor_get_log (executor), 0),
                                           "earlier line"));
          /* The hostile package name in the saved scan never became a command. */
          for (guint j = 0; j < avs_plan_get_n_steps (rebuilt); j++)
            {
              GPtrArray *commands = avs_plan_step_get_commands (avs_plan_get_step (rebuilt, j));
              for (guint k = 0; k < commands->len; k++)
                {
                  AvsPlanCommand *command = g_ptr_array_index (commands, k);
                  for (guint a = 0; command->argv[a] != NULL; a++)
                    g_assert_null (strstr (command->argv[a], "reboot"));
                }
            }
        }
      else
        {
          g_assert_null (executor);
          g_assert_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_BAD_STATE);
          g_clear_error (&error);
        }
    }

  /* A state for another root folder is not resumed here. */
  {
    g_autoptr(AvsScanResult) other = avs_scan_result_new ("/mnt/other");
    g_autofree char *doc = state_document (plan, "[]");

    g_file_set_contents (path, doc, -1, NULL);
    g_assert_null (avs_executor_new_from_state_for_scan (path, other, runner, NULL, &error));
    g_assert_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_OTHER_ROOT);
    g_clear_error (&error);
  }

  /* Not JSON at all, and no file. */
  g_file_set_contents (path, "#!/bin/sh\nreboot\n", -1, NULL);
  g_assert_null (avs_executor_new_from_state_for_scan (path, scan, runner, NULL, &error));
  g_assert_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_BAD_STATE);
  g_clear_error (&error);
  g_unlink (path);
  g_assert_null (avs_executor_new_from_state (path, "/", NULL, runner, NULL, &error));
  g_assert_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_NO_STATE);
  g_rmdir (dir);
}

typedef struct
{
  GPtrArray *lines;
  gint64     first_at;
} Lines;

static void
collect_line_cb (const char *line,
                 gboolean    is_stderr,
                 gpointer    user_data)
{
  Lines *lines = user_data;

  if (lines->lines->len == 0)
    lines->first_at = g_get_monotonic_time ();
  g_ptr_array_add (lines->lines, g_strdup_printf ("%s:%s", is_stderr ? "err" : "out", line));
}

/* The runner reports lines while the command still runs, and still returns the whole output. */
static void
test_runner_lines (void)
{
  g_autoptr(AvsRunner) runner = avs_runner_new ();
  g_autoptr(AvsRunResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  Lines lines = { g_ptr_array_new_with_free_func (g_free), 0 };
  const char *argv[] = { "sh", "-c", "echo first; echo warning >&2; sleep 1; echo last", NULL };
  gint64 start = g_get_monotonic_time ();
  gint64 end;

  result = avs_runner_run_sync_lines (runner, argv, AVS_RUN_NONE, 10000, collect_line_cb, &lines,
                                      NULL, &error);
  end = g_get_monotonic_time ();
  g_assert_no_error (error);
  g_assert_true (avs_run_result_succeeded (result));
  g_assert_cmpuint (lines.lines->len, ==, 3);
  g_assert_true (g_ptr_array_find_with_equal_func (lines.lines, "out:first", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (lines.lines, "err:warning", g_str_equal, NULL));
  g_assert_cmpstr (g_ptr_array_index (lines.lines, 2), ==, "out:last");
  /* The first line came long before the end. */
  g_assert_cmpint (lines.first_at - start, <, end - start - 500000);
  out = avs_run_result_dup_stdout (result);
  g_assert_cmpstr (out, ==, "first\nlast\n");
  g_ptr_array_unref (lines.lines);

  /* A failing command is a result, not an error; a timeout is an error. */
  {
    const char *fail_argv[] = { "sh", "-c", "echo no >&2; exit 3", NULL };
    const char *slow_argv[] = { "sleep", "10", NULL };
    Lines more = { g_ptr_array_new_with_free_func (g_free), 0 };
    g_autoptr(AvsRunResult) failed = avs_runner_run_sync_lines (runner, fail_argv, AVS_RUN_NONE,
                                                                10000, collect_line_cb, &more,
                                                                NULL, &error);
    g_autoptr(AvsRunResult) slow = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (failed->exit_status, ==, 3);
    slow = avs_runner_run_sync_lines (runner, slow_argv, AVS_RUN_NONE, 300, collect_line_cb,
                                      &more, NULL, &error);
    g_assert_null (slow);
    g_assert_error (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_TIMED_OUT);
    g_ptr_array_unref (more.lines);
  }
}

/* The --script a technician reviews is valid sh, stops on a managed machine, and does the job
 * when run by hand. */
static void
test_script_runs (void)
{
  Fixture fx = { 0 };
  g_autofree char *script = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsScanResult) after = NULL;
  int status = 0;

  if (!can_run ())
    return;
  fixture_debian (&fx, FALSE);
  g_assert_cmpint (run_cli (&fx, (const char *[]) { "plan", "--root", fx.root, "--script", NULL },
                            NULL, &script), ==, 0);
  path = g_build_filename (fx.work, "plan.sh", NULL);
  write_file (path, script, 0700);
  run_ok ((const char *[]) { "sh", "-n", path, NULL });

  /* Without the technician's explicit agreement it stops before changing anything. */
  {
    const char *argv[] = { "sh", path, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                  G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_assert_cmpstr (dpkg_status (&fx, "kesl-gui"), ==, "installed");
  }

  {
    const char *argv[] = { "sh", path, NULL };
    g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "AVSWITCH_CONTINUE_MANAGED", "yes",
                                          TRUE);
    g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, &out, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_assert_cmpstr (dpkg_status (&fx, "kesl"), ==, "unknown");
  g_assert_cmpstr (dpkg_status (&fx, "klnagent64"), ==, "unknown");
  g_assert_false (exists_in_root (&fx, "/var/opt/kaspersky"));
  assert_outside_untouched (&fx);
  assert_group_file (&fx, FALSE);
  after = scan (&fx);
  g_assert_true (avs_scan_result_is_clean (after));
  fixture_clear (&fx);
}

/* ------------------------------------------------------------------------------------------ */
/* Security regressions (issue 10) */

/* Finding 2: under --root, a backup folder that is a link to a folder outside the root (here
 * standing in for the host's /etc) must not receive the archive nor have its mode changed by
 * `install -d -m 0700`. */
static void
test_backup_folder_link_refused (void)
{
  Fixture fx = { 0 };
  g_autoptr(AvsExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host_folder = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *link = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint entries = 0;
  AvsPlanStep *failed;
  GStatBuf st;

  if (!can_run ())
    return;
  fixture_debian (&fx, FALSE);
  host_folder = g_build_filename (fx.outside, "host-etc", NULL);
  keep = g_build_filename (host_folder, "keep", NULL);
  write_file (keep, "host file\n", 0644);
  g_assert_cmpint (g_chmod (host_folder, 0755), ==, 0);
  parent = in_root (&fx, "/var/lib/avswitch");
  link = in_root (&fx, "/var/lib/avswitch/backup");
  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_assert_cmpint (symlink (host_folder, link), ==, 0);

  executor = make_executor (&fx, FALSE);
  failed = run_all (executor, &error);
  g_assert_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_STEP_FAILED);
  g_assert_nonnull (failed);
  g_assert_cmpstr (avs_plan_step_get_id (failed), ==, "backup");
  g_assert_nonnull (strstr (error->message, "symbolic link"));
  g_assert_nonnull (strstr (error->message, "/var/lib/avswitch/backup"));

  /* Nothing was written there, and its mode is unchanged. */
  g_assert_cmpint (g_stat (host_folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0755);
  g_clear_error (&error);
  dir = g_dir_open (host_folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_cmpstr (name, ==, "keep");
      entries++;
    }
  g_assert_cmpuint (entries, ==, 1);
  /* Nothing was deleted either. */
  g_assert_true (exists_in_root (&fx, "/var/opt/kaspersky/kesl/private/storage/events.db"));
  assert_outside_untouched (&fx);

  /* A folder on the way that an ordinary user owns could be swapped for such a link between the
   * check and the command: refused as well. */
  g_assert_cmpint (g_unlink (link), ==, 0);
  g_assert_cmpint (chown (parent, 1000, 1000), ==, 0);
  failed = run_all (executor, &error);
  g_assert_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_STEP_FAILED);
  g_assert_nonnull (failed);
  g_assert_cmpstr (avs_plan_step_get_id (failed), ==, "backup");
  g_assert_nonnull (strstr (error->message, "/var/lib/avswitch"));
  g_assert_false (exists_in_root (&fx, "/var/lib/avswitch/backup"));

  /* Owned by root again: the backup goes where it should, and the plan finishes. */
  g_assert_cmpint (chown (parent, 0, 0), ==, 0);
  g_clear_error (&error);
  g_assert_null (run_all (executor, &error));
  g_assert_no_error (error);
  {
    g_autofree char *archive = avs_plan_dup_archive_real_path (avs_executor_get_plan (executor));
    g_assert_true (g_file_test (archive, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpint (g_lstat (link, &st), ==, 0);
    g_assert_true (S_ISDIR (st.st_mode));
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  }
  fixture_clear (&fx);
}

static gboolean
argv_mentions (char       **argv,
               const char  *needle)
{
  for (guint i = 0; argv[i] != NULL; i++)
    if (strstr (argv[i], needle) != NULL)
      return TRUE;
  return FALSE;
}

/* Whether any command of @plan names @needle. */
static gboolean
plan_mentions (AvsPlan    *plan,
               const char *needle)
{
  for (guint i = 0; i < avs_plan_get_n_steps (plan); i++)
    {
      GPtrArray *commands = avs_plan_step_get_commands (avs_plan_get_step (plan, i));

      for (guint j = 0; j < commands->len; j++)
        if (argv_mentions (((AvsPlanCommand *) g_ptr_array_index (commands, j))->argv, needle))
          return TRUE;
    }
  return FALSE;
}

/* How many lines @path has (0 when it does not exist): a stand-in's prompts. */
static guint
count_lines (const char *path)
{
  g_autofree char *contents = NULL;
  guint n = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  for (const char *p = contents; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

/* The argv arrays that the privileged side received, from what its stdin carried (the protocol
 * of data/avswitch-privileged.sh: "A" and \0ooo escapes per argument, "R" to run). */
static GPtrArray *
decode_session_input (const char *input)
{
  GPtrArray *commands = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_auto(GStrv) lines = g_strsplit (input, "\n", -1);
  g_autoptr(GStrvBuilder) current = g_strv_builder_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_equal (lines[i], "R"))
        {
          g_ptr_array_add (commands, g_strv_builder_end (current));
          g_clear_pointer (&current, g_strv_builder_unref);
          current = g_strv_builder_new ();
        }
      else if (lines[i][0] == 'A')
        {
          GString *argument = g_string_new (NULL);

          for (const char *p = lines[i] + 1; *p != '\0'; p += 5)
            {
              char octal[4] = { 0 };

              g_assert_cmpuint (strlen (p), >=, 5);
              g_assert_true (p[0] == '\\' && p[1] == '0');
              memcpy (octal, p + 2, 3);
              g_string_append_c (argument, (char) g_ascii_strtoull (octal, NULL, 8));
            }
          g_strv_builder_add (current, argument->str);
          g_string_free (argument, TRUE);
        }
    }
  return commands;
}

static void
run_resumed_through_session (Fixture     *fx,
                             AvsExecutor *resumed)
{
  AvsRunner *runner = avs_executor_get_runner (resumed);
  AvsPlan *plan = avs_executor_get_plan (resumed);
  g_autofree char *count = g_build_filename (fx->work, "pkexec-count", NULL);
  g_autofree char *input = g_build_filename (fx->work, "session-input", NULL);
  g_autofree char *helper = g_build_filename (fx->work, "teeing-pkexec", NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\necho run >> '%s'\n"
                                             "tee -a '%s' | \"$@\"\n", count, input);
  g_autofree char *prerm = in_root (fx, "/var/lib/dpkg/info/kesl-gui.prerm");
  g_autofree char *fake_bin = g_build_filename (fx->work, "fake-bin", NULL);
  g_autofree char *marker = g_build_filename (fx->work, "environment-obeyed", NULL);
  g_autofree char *old_path = g_strdup (g_getenv ("PATH"));
  g_autofree char *received_text = NULL;
  g_autoptr(GPtrArray) received = NULL;
  g_autoptr(GHashTable) planned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;

  /* The package that refused before lets itself be removed now. */
  write_file (prerm, "#!/bin/sh\nexit 0\n", 0755);
  write_file (helper, script, 0755);
  avs_runner_set_is_root (runner, FALSE);
  avs_runner_set_privilege_helper (runner, helper);
  {
    g_autofree char *fake_script = g_strdup_printf ("#!/bin/sh\ntouch '%s'\n", marker);
    g_autofree char *path = g_strdup_printf ("%s:%s", fake_bin, old_path);
    static const char * const names[] = { "dpkg", "rm", "tar", "env", "setsid", "systemctl",
                                          "sh", NULL };

    for (guint i = 0; names[i] != NULL; i++)
      {
        g_autofree char *fake = g_build_filename (fake_bin, names[i], NULL);
        write_file (fake, fake_script, 0755);
      }
    g_setenv ("PATH", path, TRUE);
    g_setenv ("ENV", marker, TRUE);
    g_setenv ("BASH_ENV", marker, TRUE);
    g_setenv ("AVSWITCH_CONTINUE_MANAGED", "yes", TRUE);
  }

  avs_executor_begin_run (resumed);
  g_assert_null (run_all (resumed, &error));
  avs_executor_end_run (resumed);
  g_setenv ("PATH", old_path, TRUE);
  g_unsetenv ("ENV");
  g_unsetenv ("BASH_ENV");
  g_unsetenv ("AVSWITCH_CONTINUE_MANAGED");
  g_assert_no_error (error);
  g_assert_true (avs_executor_is_complete (resumed));
  g_assert_cmpuint (count_lines (count), ==, 1);
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));

  /* Every command the fresh plan runs as administrator, as the session sends it. */
  for (guint i = 0; i < avs_plan_get_n_steps (plan); i++)
    {
      GPtrArray *commands = avs_plan_step_get_commands (avs_plan_get_step (plan, i));

      for (guint j = 0; j < commands->len; j++)
        {
          AvsPlanCommand *command = g_ptr_array_index (commands, j);
          g_auto(GStrv) sent = NULL;

          if (!command->needs_admin)
            continue;
          sent = avs_runner_build_session_command (runner, (const char * const *) command->argv,
                                                   &error);
          g_assert_no_error (error);
          g_hash_table_add (planned, g_strjoinv ("\x1f", sent));
        }
    }
  g_assert_true (g_file_get_contents (input, &received_text, NULL, NULL));
  received = decode_session_input (received_text);
  g_assert_cmpuint (received->len, >, 3);
  for (guint i = 0; i < received->len; i++)
    {
      char **argv = g_ptr_array_index (received, i);
      g_autofree char *joined = g_strjoinv ("\x1f", argv);

      g_test_message ("the privileged side ran: %s", joined);
      g_assert_true (g_hash_table_contains (planned, joined));
      g_assert_false (argv_mentions (argv, "ssh"));
      g_assert_false (argv_mentions (argv, fake_bin));
    }
  g_assert_cmpstr (dpkg_status (fx, "kesl-gui"), ==, "unknown");
  assert_outside_untouched (fx);
}

/* Finding 5: a saved state from a real run, edited to name the SSH server (its package and its
 * unit, and "live" so that services are stopped). Resuming must not propose to touch them: the
 * plan comes from a fresh scan of the machine, the state only says how far the run got. */
static void
test_edited_state_injects_nothing (void)
{
  Fixture fx = { 0 };
  g_autoptr(AvsExecutor) executor = NULL;
  g_autoptr(AvsExecutor) resumed = NULL;
  g_autoptr(AvsRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) saved = NULL;
  g_autoptr(JsonNode) inputs = NULL;
  g_autoptr(JsonNode) sealed = NULL;
  g_autoptr(AvsPlan) trusted = NULL;
  g_autofree char *inputs_text = NULL;
  g_autofree char *steps_text = NULL;
  g_autofree char *log_text = NULL;
  g_autofree char *document = NULL;
  JsonObject *scan_object;
  JsonObject *finding;
  JsonArray *evidence;
  AvsPlan *plan;
  AvsPlanStep *next;

  if (!can_run ())
    return;
  fixture_debian (&fx, TRUE);
  executor = make_executor (&fx, FALSE);
  g_assert_nonnull (run_all (executor, &error));   /* stops at the package that refuses */
  g_clear_error (&error);
  g_assert_true (g_file_test (fx.state, G_FILE_TEST_IS_REGULAR));
  saved = avs_json_parse_file (fx.state, &error);
  g_assert_no_error (error);

  /* The attacker's edit: the saved inputs (scan and options) now name openssh-server. */
  sealed = avs_plan_inputs_to_json (avs_executor_get_plan (executor));
  inputs_text = json_to_string (sealed, FALSE);
  inputs = json_from_string (inputs_text, &error);
  g_assert_no_error (error);
  g_clear_pointer (&inputs_text, g_free);
  scan_object = json_object_get_object_member (json_node_get_object (inputs), "scan");
  json_object_set_boolean_member (scan_object, "live", TRUE);
  finding = json_array_get_object_element (json_object_get_array_member (scan_object, "findings"),
                                           0);
  evidence = json_object_get_array_member (finding, "evidence");
  {
    JsonObject *package = json_object_new ();
    JsonObject *unit = json_object_new ();

    json_object_set_string_member (package, "kind", "package");
    json_object_set_string_member (package, "value", "openssh-server");
    json_object_set_string_member (package, "detail", "dpkg");
    json_array_add_object_element (evidence, package);
    json_object_set_string_member (unit, "kind", "unit");
    json_object_set_string_member (unit, "value", "ssh.service");
    json_object_set_string_member (unit, "detail", "/lib/systemd/system/ssh.service");
    json_array_add_object_element (evidence, unit);
  }
  inputs_text = json_to_string (inputs, FALSE);

  /* Taken at face value, these inputs would stop and remove the SSH server. */
  trusted = avs_plan_new_from_inputs (inputs, &error);
  g_assert_no_error (error);
  g_assert_true (plan_mentions (trusted, "openssh-server"));
  g_assert_true (plan_mentions (trusted, "ssh.service"));

  /* And a step of its own, for the SSH server's package, waiting to run. */
  {
    JsonArray *steps = json_object_get_array_member (json_node_get_object (saved), "steps");
    JsonObject *model = json_array_get_object_element (steps, 1);
    JsonObject *made_up = json_object_new ();
    g_autoptr(GList) members = json_object_get_members (model);

    /* A new object (a copied node would share the model's). */
    for (GList *l = members; l != NULL; l = l->next)
      json_object_set_member (made_up, l->data,
                              json_node_copy (json_object_get_member (model, l->data)));
    json_object_set_string_member (made_up, "id", "remove-openssh-server");
    json_object_set_string_member (made_up, "status", "pending");
    json_array_add_object_element (steps, made_up);
  }
  steps_text = json_to_string (json_object_get_member (json_node_get_object (saved), "steps"),
                               FALSE);
  log_text = json_to_string (json_object_get_member (json_node_get_object (saved), "log"), FALSE);
  document = g_strdup_printf ("{\"schema\": \"avswitch-apply-state/1\", \"inputs\": %s, "
                              "\"steps\": %s, \"log\": %s}", inputs_text, steps_text, log_text);
  g_assert_true (g_file_set_contents (fx.state, document, -1, NULL));

  runner = avs_runner_new ();
  resumed = avs_executor_new_from_state (fx.state, fx.root, NULL, runner, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (resumed);
  plan = avs_executor_get_plan (resumed);
  g_assert_false (plan_mentions (plan, "openssh-server"));
  g_assert_false (plan_mentions (plan, "ssh"));
  g_assert_false (avs_scan_result_get_live (avs_plan_get_scan (plan)));
  for (guint i = 0; i < avs_plan_get_n_steps (plan); i++)
    {
      g_auto(GStrv) lines = avs_executor_dup_command_lines (resumed, avs_plan_get_step (plan, i));
      g_assert_false (argv_mentions (lines, "openssh-server"));
      g_assert_false (argv_mentions (lines, "ssh.service"));
    }

  /* How far the run got still counts: it resumes at the step that failed. */
  next = avs_executor_get_next_step (resumed);
  g_assert_nonnull (next);
  g_assert_cmpstr (avs_plan_step_get_id (next), ==, "remove-kesl-gui");
  g_assert_cmpint (avs_executor_get_status (resumed, next), ==, AVS_STEP_STATUS_FAILED);
  g_assert_cmpstr (avs_plan_get_stamp (plan), ==,
                   avs_plan_get_stamp (avs_executor_get_plan (executor)));

  /* Run to the end as a desktop user, through the privileged side, with a hostile environment
   * too: it receives the fresh plan's administrator commands and nothing else. */
  run_resumed_through_session (&fx, resumed);
  fixture_clear (&fx);
}

/* Every line of @script that is not a comment is one of @plan's commands (or the fixed lines
 * of the script's frame): nothing from the scanned machine becomes a shell line of its own. */
static void
assert_script_lines_are_commands (AvsPlan    *plan,
                                  const char *script)
{
  g_autoptr(GHashTable) allowed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = g_strsplit (script, "\n", -1);

  g_hash_table_add (allowed, g_strdup ("set -eu"));
  g_hash_table_add (allowed, g_strdup ("if [ \"${AVSWITCH_CONTINUE_MANAGED:-}\" != yes ]; then"));
  g_hash_table_add (allowed, g_strdup ("  exit 1"));
  g_hash_table_add (allowed, g_strdup ("fi"));
  for (guint i = 0; i < avs_plan_get_n_steps (plan); i++)
    {
      AvsPlanStep *step = avs_plan_get_step (plan, i);
      GPtrArray *commands = avs_plan_step_get_commands (step);

      if (avs_plan_step_get_kind (step) != AVS_STEP_KIND_AUTOMATIC)
        continue;
      for (guint j = 0; j < commands->len; j++)
        g_hash_table_add (allowed, avs_plan_command_to_string (g_ptr_array_index (commands, j)));
    }

  for (const char *p = script; *p != '\0'; p++)
    if ((g_ascii_iscntrl (*p) && *p != '\n') || (guchar) *p == 0x7f)
      g_error ("the script holds the control character 0x%02x", (guchar) *p);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (*line == '\0' || *line == '#' || g_hash_table_contains (allowed, line))
        continue;
      /* The managed machine's guard: a fixed, quoted message. */
      if (g_str_has_prefix (line, "  echo '") && g_str_has_suffix (line, "' >&2") &&
          strchr (line + strlen ("  echo '"), '\'') == line + strlen (line) - strlen ("' >&2"))
        continue;
      /* A command that runs only when needed: "if grep -q -- PATTERN FILE; then COMMAND; fi". */
      if (g_str_has_prefix (line, "if grep -q -- ") && g_str_has_suffix (line, "; fi"))
        {
          const char *then = strstr (line, "; then ");
          g_autofree char *command = NULL;

          g_assert_nonnull (then);
          command = g_strndup (then + strlen ("; then "),
                               strlen (then + strlen ("; then ")) - strlen ("; fi"));
          if (g_hash_table_contains (allowed, command))
            continue;
        }
      g_error ("line %u of the script is not one of the plan's commands: %s", i + 1, line);
    }
}

/* Finding 5, second half: values from the scanned machine written into the "Copy all" script
 * (the system's name, paths, anything in an explanation) stay inside their comments. */
static void
test_script_values_stay_comments (void)
{
  static const char * const like[] = { NULL };
  g_autoptr(AvsScanResult) hostile = avs_scan_result_new ("/");
  g_autoptr(AvsFinding) kesl = avs_finding_new (AVS_PRODUCT_KESL, "KESL");
  g_autoptr(AvsPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;

  /* A saved or hostile scan: newlines and terminal escapes in what the script quotes. */
  avs_scan_result_set_live (hostile, TRUE);
  avs_scan_result_set_host (hostile, "debian", like, "12",
                            "Debian\nrm -rf / #\r\x1b]52;c;cm0gLXJmIC8=\x07", "dpkg");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", "dpkg");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_FILE, "/tmp/kesl\nrm -rf ~ #.log", NULL);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_FILE, "/home/alice/\nreboot\n/kesl.txt", NULL);
  avs_scan_result_add_finding (hostile, kesl);
  plan = avs_plan_new (hostile, NULL, &error);
  g_assert_no_error (error);
  script = avs_plan_to_script (plan);
  assert_script_lines_are_commands (plan, script);
  /* Still there, escaped. */
  g_assert_nonnull (strstr (script, "Debian\\x0arm -rf / #\\x0d\\x1b]52;"));

  /* The same from a real fixture root: a PRETTY_NAME with a carriage return and an escape
   * sequence (os-release is read line by line, so no newline gets in there), and a log file
   * whose name holds a newline (any user can create one in /tmp; whether the scan reports it or
   * not, it must not become a line of its own). */
  if (can_run ())
    {
      Fixture fx = { 0 };
      g_autoptr(AvsScanResult) real = NULL;
      g_autoptr(AvsPlan) real_plan = NULL;
      g_autofree char *real_script = NULL;
      g_autofree char *log = NULL;
      g_autofree char *path = NULL;

      fixture_common (&fx, "ID=debian\nVERSION_ID=12\n"
                           "PRETTY_NAME=\"Debian\rrm -rf / #\x1b]0;owned\x07\"\n");
      {
        g_autofree char *status = in_root (&fx, "/var/lib/dpkg/status");
        g_autofree char *opt = in_root (&fx, "/opt/kaspersky");
        write_file (status, "", 0644);
        g_assert_cmpint (g_mkdir_with_parents (opt, 0755), ==, 0);
      }
      fixture_leftovers (&fx);
      log = in_root (&fx, "/tmp/kesl\nrm -rf ~ #.log");
      write_file (log, "log\n", 0644);
      real = scan (&fx);
      real_plan = avs_plan_new (real, NULL, &error);
      g_assert_no_error (error);
      real_script = avs_plan_to_script (real_plan);
      assert_script_lines_are_commands (real_plan, real_script);
      g_assert_nonnull (strstr (real_script, "Debian\\x0drm -rf / #\\x1b]0;owned\\x07"));
      path = g_build_filename (fx.work, "plan.sh", NULL);
      write_file (path, real_script, 0700);
      run_ok ((const char *[]) { "sh", "-n", path, NULL });
      fixture_clear (&fx);
    }
}

/* A hostile disk whose dpkg database folder is a symbolic link. The kernel resolves an absolute
 * link against this computer, so `dpkg --root DISK` would read and write the database the link
 * names: this computer's own /var/lib/dpkg, here stood in for by a second fixture machine outside
 * the first. Every package step refuses to start, and that database is left exactly as it was. */
static void
test_package_database_link_refused (void)
{
  const AvsFixturePackage packages[] = {
    { .name = "kesl", .version = "12.1.0-1297", .arch = "all",
      .files = (const char * const[]) { "/opt/kaspersky/kesl/bin/kesl-control", NULL } },
    { .name = "kesl-gui", .version = "12.1.0-1297", .arch = "all",
      .files = (const char * const[]) { "/opt/kaspersky/kesl/bin/kesl-gui", NULL } },
    { .name = "klnagent64", .version = "12.1.0-1297", .arch = "all",
      .files = (const char * const[]) { "/opt/kaspersky/klnagent64/bin/klnagchk", NULL } },
  };
  Fixture fx = { 0 };
  g_autoptr(AvsFixture) other = NULL;
  g_autoptr(AvsExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *other_dpkg = NULL;
  g_autofree char *other_status = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *dpkg_dir = NULL;
  g_autofree char *moved = NULL;
  AvsPlanStep *failed;

  if (!can_run ())
    return;
  fixture_debian (&fx, FALSE);

  /* The database the link leads to, outside the first machine: the same packages installed, so
   * a dpkg that reached it would change it. */
  other = avs_fixture_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (packages); i++)
    avs_fixture_dpkg_install (other, &packages[i]);
  other_dpkg = avs_fixture_path (other, "/var/lib/dpkg");
  other_status = avs_fixture_path (other, "/var/lib/dpkg/status");
  g_assert_true (g_file_get_contents (other_status, &before, NULL, NULL));
  g_assert_nonnull (strstr (before, "Package: kesl-gui"));

  /* Planned on the disk as it was; then its database folder becomes an absolute link. */
  executor = make_executor (&fx, FALSE);
  dpkg_dir = in_root (&fx, "/var/lib/dpkg");
  moved = g_build_filename (fx.outside, "dpkg-of-the-disk", NULL);
  g_assert_cmpint (g_rename (dpkg_dir, moved), ==, 0);
  g_assert_cmpint (symlink (other_dpkg, dpkg_dir), ==, 0);

  failed = run_all (executor, &error);
  g_assert_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_STEP_FAILED);
  g_assert_nonnull (failed);
  g_assert_cmpint (avs_plan_step_get_step_type (failed), ==, AVS_STEP_REMOVE_PACKAGE);
  g_assert_nonnull (strstr (error->message, "symbolic link"));
  g_assert_nonnull (strstr (error->message, "/var/lib/dpkg"));

  g_assert_true (g_file_get_contents (other_status, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  assert_outside_untouched (&fx);
  fixture_clear (&fx);
}

static void
keep_line_cb (AvsExecutor *executor,
              const char  *step_id,
              const char  *line,
              gpointer     user_data)
{
  g_ptr_array_add (user_data, g_strdup (line));
}

/* Under --root the executor reads the disk through AvsHost: an /etc/group that is an absolute
 * link ("/etc/group.disk") is the disk's file, not this computer's. Before, the kernel followed
 * the link against this computer's "/", found nothing there, and "the group kesladmin does not
 * exist" was believed: groupdel was skipped, and the step's check passed with the group still on
 * the disk. */
static void
test_group_file_link_read_inside_root (void)
{
  Fixture fx = { 0 };
  g_autoptr(AvsExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *group = NULL;
  g_autofree char *disk_group = NULL;
  gboolean skipped = FALSE;
  gboolean would_run = FALSE;

  if (!can_run ())
    return;
  /* The link's target must not exist on this computer, or both readings would agree. */
  g_assert_false (g_file_test ("/etc/group.disk", G_FILE_TEST_EXISTS));
  fixture_debian (&fx, FALSE);
  group = in_root (&fx, "/etc/group");
  disk_group = in_root (&fx, "/etc/group.disk");
  g_assert_cmpint (g_rename (group, disk_group), ==, 0);
  g_assert_cmpint (symlink ("/etc/group.disk", group), ==, 0);

  executor = make_executor (&fx, TRUE);
  g_signal_connect (executor, "output-line", G_CALLBACK (keep_line_cb), lines);
  g_assert_null (run_all (executor, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (strstr (line, "groupdel") != NULL && g_str_has_prefix (line, "Skipped"))
        skipped = TRUE;
      if (g_str_has_prefix (line, "Dry run, not run: groupdel") && strstr (line, "kesladmin"))
        would_run = TRUE;
    }
  g_assert_false (skipped);
  g_assert_true (would_run);
  fixture_clear (&fx);
}

/* ------------------------------------------------------------------------------------------ */
/* One privileged session per run (issue 13) */

/* A pkexec stand-in: counts its invocations in @count, notes its argv and its pid (the
 * privileged side's, after exec) and runs the command as pkexec would after a password. */
static char *
write_counting_pkexec (Fixture    *fx,
                       const char *count)
{
  g_autofree char *helper = g_build_filename (fx->work, "counting-pkexec", NULL);
  g_autofree char *script = g_strdup_printf (
      "#!/bin/sh\n"
      "echo run >> '%s'\n"
      "printf '%%s\\n' \"$@\" > '%s.argv'\n"
      "echo $$ > '%s.pid'\n"
      "exec \"$@\"\n", count, count, count);

  write_file (helper, script, 0755);
  return g_steal_pointer (&helper);
}

/* Each step's status and each command's argv (the root folder written as ROOT) and status. */
static char *
describe_run (Fixture     *fx,
              AvsExecutor *executor)
{
  g_autoptr(JsonNode) report = avs_executor_to_json (executor);
  JsonObject *object = json_node_get_object (report);
  JsonArray *steps = json_object_get_array_member (object, "steps");
  JsonArray *commands = json_object_get_array_member (object, "commands");
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *step = json_array_get_object_element (steps, i);

      g_string_append_printf (text, "step %s %s\n", json_object_get_string_member (step, "id"),
                              json_object_get_string_member (step, "status"));
    }
  for (guint i = 0; i < json_array_get_length (commands); i++)
    {
      JsonObject *command = json_array_get_object_element (commands, i);
      JsonArray *argv = json_object_get_array_member (command, "argv");

      g_string_append (text, "command");
      for (guint j = 0; j < json_array_get_length (argv); j++)
        {
          g_auto(GStrv) parts = g_strsplit (json_array_get_string_element (argv, j), fx->root, -1);
          g_autofree char *arg = g_strjoinv ("ROOT", parts);

          g_string_append_printf (text, " %s", arg);
        }
      g_string_append_printf (text, " -> %" G_GINT64_FORMAT "\n",
                              json_object_get_int_member (command, "exit_status"));
    }
  /* The archive's name holds the time of the run. */
  {
    g_autofree char *raw = g_string_free (text, FALSE);

    g_autoptr(GRegex) stamp = g_regex_new ("kaspersky-[0-9]{8}T[0-9]{6}Z", 0, 0, NULL);

    return g_regex_replace (stamp, raw, -1, 0,
                            "kaspersky-TIME", 0, NULL);
  }
}

static void
test_privileged_one_prompt (void)
{
  Fixture direct = { 0 };
  Fixture fx = { 0 };
  g_autoptr(AvsExecutor) reference = NULL;
  g_autoptr(AvsExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  g_autofree char *helper = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  g_autofree char *fake_bin = NULL;
  g_autofree char *marker = NULL;
  g_autofree char *old_path = g_strdup (g_getenv ("PATH"));
  g_autofree char *argv_seen = NULL;
  g_autofree char *argv_file = NULL;
  AvsRunner *runner;

  if (!can_run ())
    return;

  /* Today's result: as root, every command run directly, and no prompt at all (the stand-in
   * is there, and never started). */
  fixture_debian (&direct, FALSE);
  reference = make_executor (&direct, FALSE);
  {
    g_autofree char *root_count = g_build_filename (direct.work, "pkexec-count", NULL);
    g_autofree char *root_helper = write_counting_pkexec (&direct, root_count);
    AvsRunner *root_runner = avs_executor_get_runner (reference);

    avs_runner_set_is_root (root_runner, TRUE);
    avs_runner_set_privilege_helper (root_runner, root_helper);
    avs_executor_begin_run (reference);
    g_assert_null (run_all (reference, &error));
    avs_executor_end_run (reference);
    g_assert_no_error (error);
    g_assert_cmpuint (count_lines (root_count), ==, 0);
    g_assert_null (avs_admin_rights_password_notice (reference));
  }
  expected = describe_run (&direct, reference);

  /* The same removal as a desktop user: one password prompt for all of it. */
  fixture_debian (&fx, FALSE);
  executor = make_executor (&fx, FALSE);
  runner = avs_executor_get_runner (executor);
  count = g_build_filename (fx.work, "pkexec-count", NULL);
  helper = write_counting_pkexec (&fx, count);
  avs_runner_set_is_root (runner, FALSE);
  avs_runner_set_privilege_helper (runner, helper);

  /* What this process's environment says reaches nothing that runs as root. */
  fake_bin = g_build_filename (fx.work, "fake-bin", NULL);
  marker = g_build_filename (fx.work, "environment-obeyed", NULL);
  {
    g_autofree char *fake_dpkg = g_build_filename (fake_bin, "dpkg", NULL);
    g_autofree char *fake_script = g_strdup_printf ("#!/bin/sh\ntouch '%s'\n", marker);
    g_autofree char *path = g_strdup_printf ("%s:%s", fake_bin, old_path);

    write_file (fake_dpkg, fake_script, 0755);
    g_setenv ("PATH", path, TRUE);
    g_setenv ("ENV", fake_dpkg, TRUE);
    g_setenv ("BASH_ENV", fake_dpkg, TRUE);
  }

  avs_executor_begin_run (executor);
  g_assert_null (run_all (executor, &error));
  avs_executor_end_run (executor);
  g_setenv ("PATH", old_path, TRUE);
  g_unsetenv ("ENV");
  g_unsetenv ("BASH_ENV");
  g_assert_no_error (error);
  g_assert_true (avs_executor_is_complete (executor));

  g_assert_cmpuint (count_lines (count), ==, 1);
  got = describe_run (&fx, executor);
  g_assert_cmpstr (got, ==, expected);
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (dpkg_status (&fx, "kesl"), ==, "unknown");
  g_assert_cmpstr (dpkg_status (&fx, "klnagent64"), ==, "unknown");
  g_assert_false (exists_in_root (&fx, "/opt/kaspersky"));
  assert_outside_untouched (&fx);

  /* pkexec was given the privileged side and nothing else: no command, no value of the run. */
  argv_file = g_strdup_printf ("%s.argv", count);
  g_assert_true (g_file_get_contents (argv_file, &argv_seen, NULL, NULL));
  g_assert_true (g_str_has_prefix (argv_seen, LIBEXECDIR "/avswitch-privileged\n") ||
                 g_str_has_prefix (argv_seen, "/bin/sh\n-c\n#!/bin/sh\n"));
  g_assert_null (strstr (argv_seen, "dpkg"));
  g_assert_null (strstr (argv_seen, fx.root));

  fixture_clear (&direct);
  fixture_clear (&fx);
}

/* Dismissed (126), refused (127) and no pkexec at all: nothing ran, the saved state is as it
 * was, and what both faces say and offer is decided once (avs_admin_refusal_new()): a neutral
 * note and Run all again for a closed dialog, the commands for an administrator otherwise. */
static void
test_privileged_refused (void)
{
  static const struct {
    const char *script;   /* NULL: no pkexec in the system's folders */
    int code;
    AvsPrivilegeOutcome outcome;
    gboolean neutral;
    guint prompts;
    const char *says;
  } cases[] = {
    { "#!/bin/sh\necho run >> \"$0.count\"\nexit 126\n", AVS_EXECUTOR_ERROR_AUTH_DISMISSED,
      AVS_PRIVILEGE_DISMISSED, TRUE, 1, "password dialog was closed, so nothing was run" },
    { "#!/bin/sh\necho run >> \"$0.count\"\necho 'Error executing command as another user: Not "
      "authorized' >&2\nexit 127\n", AVS_EXECUTOR_ERROR_NO_ADMIN_RIGHTS,
      AVS_PRIVILEGE_NOT_AUTHORIZED, FALSE, 1, "Administrator rights were refused" },
    { NULL, AVS_EXECUTOR_ERROR_NO_ADMIN_RIGHTS, AVS_PRIVILEGE_MISSING_PKEXEC, FALSE, 0,
      "This computer has no pkexec" },
  };

  if (!can_run ())
    return;
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      Fixture fx = { 0 };
      g_autoptr(AvsExecutor) executor = NULL;
      g_autoptr(AvsAdminRefusal) refusal = NULL;
      g_autoptr(AvsAdminRefusal) window = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *helper = NULL;
      g_autofree char *counter = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *count = NULL;
      g_autofree char *good = NULL;
      g_auto(GStrv) offered = NULL;
      AvsRunner *runner;
      AvsPlanStep *step;

      fixture_debian (&fx, FALSE);
      executor = make_executor (&fx, FALSE);
      runner = avs_executor_get_runner (executor);
      helper = cases[c].script != NULL ? g_build_filename (fx.work, "refusing-pkexec", NULL)
                                       : g_strdup ("avswitch-no-such-pkexec");
      counter = g_strdup_printf ("%s.count", helper);
      if (cases[c].script != NULL)
        write_file (helper, cases[c].script, 0755);
      avs_runner_set_is_root (runner, FALSE);
      avs_runner_set_privilege_helper (runner, helper);

      step = avs_executor_get_next_step (executor);
      avs_executor_continue_anyway (executor, step);
      step = avs_executor_get_next_step (executor);
      g_assert_true (g_file_get_contents (fx.state, &before, NULL, NULL));

      avs_executor_begin_run (executor);
      avs_executor_confirm_step (executor, step);
      g_assert_false (avs_executor_run_step_sync (executor, NULL, &error));
      g_assert_error (error, AVS_EXECUTOR_ERROR, cases[c].code);
      g_assert_cmpint (avs_executor_get_privilege_outcome (executor), ==, cases[c].outcome);
      g_assert_cmpuint (count_lines (counter), ==, cases[c].prompts);
      g_assert_cmpint (avs_executor_get_status (executor, step), ==, AVS_STEP_STATUS_PENDING);
      g_assert_true (avs_executor_get_next_step (executor) == step);
      g_assert_true (g_file_get_contents (fx.state, &after, NULL, NULL));
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpstr (dpkg_status (&fx, "kesl-gui"), ==, "installed");
      g_assert_null (avs_executor_dup_failure_report (executor));

      /* What both faces say: one decision. */
      refusal = avs_admin_refusal_new (executor, error, AVS_ADMIN_FACE_CLI);
      window = avs_admin_refusal_new (executor, error, AVS_ADMIN_FACE_WINDOW);
      g_assert_nonnull (refusal);
      g_assert_cmpint (refusal->outcome, ==, cases[c].outcome);
      g_assert_cmpint (refusal->neutral, ==, cases[c].neutral);
      g_assert_cmpint (refusal->offer_commands, ==, !cases[c].neutral);
      g_assert_nonnull (strstr (refusal->message, cases[c].says));
      g_assert_cmpstr (window->message, ==, refusal->message);
      g_assert_nonnull (strstr (refusal->next, "avswitch apply"));
      g_assert_nonnull (strstr (window->next, cases[c].neutral ? "Run All" : "Copy all commands"));
      g_assert_null (avs_admin_refusal_new (executor, NULL, AVS_ADMIN_FACE_CLI));
      /* The commands offered to an administrator: what is left, without pkexec. */
      offered = avs_admin_rights_dup_remaining_commands (executor);
      g_assert_nonnull (offered[0]);
      g_assert_nonnull (strstr (offered[0], "--remove -- kesl-gui"));
      for (guint i = 0; offered[i] != NULL; i++)
        g_assert_null (strstr (offered[i], "pkexec"));
      g_clear_error (&error);

      /* Pressed again, with the password given this time: one more prompt, and it all runs. */
      count = g_build_filename (fx.work, "pkexec-count", NULL);
      good = write_counting_pkexec (&fx, count);
      avs_runner_set_privilege_helper (runner, good);
      g_assert_null (run_all (executor, &error));
      g_assert_no_error (error);
      avs_executor_end_run (executor);
      g_assert_cmpuint (count_lines (count), ==, 1);
      g_assert_cmpint (avs_executor_get_privilege_outcome (executor), ==, AVS_PRIVILEGE_OK);
      g_assert_true (avs_executor_is_complete (executor));
      fixture_clear (&fx);
    }
}

/* The process that holds the session, run by test_privileged_parent_killed() as a child. */
static void
test_privileged_parent_child (void)
{
  const char *root = g_getenv ("AVS_TEST_SESSION_ROOT");
  Fixture fx = { 0 };
  g_autoptr(AvsExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;

  if (root == NULL)
    {
      g_test_skip ("only run by /apply/privileged/parent-killed");
      return;
    }
  fx.root = g_strdup (root);
  fx.state = g_strdup (g_getenv ("AVS_TEST_SESSION_STATE"));
  executor = make_executor (&fx, FALSE);
  avs_runner_set_is_root (avs_executor_get_runner (executor), FALSE);
  avs_runner_set_privilege_helper (avs_executor_get_runner (executor),
                                   g_getenv ("AVS_TEST_SESSION_HELPER"));
  avs_executor_begin_run (executor);
  run_all (executor, &error);
  g_error ("the run should have been killed while the package's script waited");
}

static gboolean
process_gone (int pid)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *end;

  if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
    return TRUE;
  end = strrchr (stat, ')');
  return end != NULL && end[1] == ' ' && end[2] == 'Z';   /* a zombie runs nothing */
}

static void
test_privileged_parent_killed (void)
{
  Fixture fx = { 0 };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autofree char *count = NULL;
  g_autofree char *helper = NULL;
  g_autofree char *started = NULL;
  g_autofree char *fifo = NULL;
  g_autofree char *pid_file = NULL;
  g_autofree char *pid_text = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  JsonArray *steps;
  gint64 until;
  int pid;
  gboolean found = FALSE;

  if (!can_run ())
    return;
  /* The GUI package's removal script waits (inside the root) until the test lets it go. */
  fixture_debian_prerm (&fx, "#!/bin/sh\necho $$ > /prerm-pid\necho waiting > /prerm-started\nread line < /prerm-fifo\n");
  fifo = in_root (&fx, "/prerm-fifo");
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  started = in_root (&fx, "/prerm-started");
  count = g_build_filename (fx.work, "pkexec-count", NULL);
  helper = write_counting_pkexec (&fx, count);
  pid_file = g_strdup_printf ("%s.pid", count);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "AVS_TEST_SESSION_ROOT", fx.root, TRUE);
  g_subprocess_launcher_setenv (launcher, "AVS_TEST_SESSION_STATE", fx.state, TRUE);
  g_subprocess_launcher_setenv (launcher, "AVS_TEST_SESSION_HELPER", helper, TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error, self_exe, "-p",
                                       "/apply/privileged/parent-child", NULL);
  g_assert_no_error (error);

  until = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!g_file_test (started, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < until)
    g_usleep (20 * 1000);
  g_assert_true (g_file_test (started, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (pid_file, &pid_text, NULL, NULL));
  pid = atoi (pid_text);
  g_assert_cmpint (pid, >, 1);
  g_assert_false (process_gone (pid));

  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, NULL);
  until = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (!process_gone (pid) && g_get_monotonic_time () < until)
    g_usleep (10 * 1000);
  g_assert_true (process_gone (pid));
  g_assert_cmpuint (count_lines (count), ==, 1);

  /* What the command started (dpkg's run of the package's removal script) is stopped with it. */
  {
    g_autofree char *prerm_pid_file = in_root (&fx, "/prerm-pid");
    g_autofree char *prerm_pid_text = NULL;
    int prerm_pid;

    g_assert_true (g_file_get_contents (prerm_pid_file, &prerm_pid_text, NULL, NULL));
    prerm_pid = atoi (prerm_pid_text);
    g_assert_cmpint (prerm_pid, >, 1);
    until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
    while (!process_gone (prerm_pid) && g_get_monotonic_time () < until)
      g_usleep (10 * 1000);
    g_assert_true (process_gone (prerm_pid));
  }

  /* The saved state says which command was running: the first of the GUI package's step. */
  state = avs_json_parse_file (fx.state, &error);
  g_assert_no_error (error);
  steps = json_object_get_array_member (json_node_get_object (state), "steps");
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *step = json_array_get_object_element (steps, i);

      if (!g_str_equal (json_object_get_string_member (step, "id"), "remove-kesl-gui"))
        continue;
      found = TRUE;
      g_assert_cmpstr (json_object_get_string_member (step, "status"), ==, "running");
      g_assert_cmpint (json_object_get_int_member (step, "commands_done"), ==, 0);
    }
  g_assert_true (found);

  /* Let the orphaned removal script go. */
  {
    int fd = open (fifo, O_WRONLY | O_NONBLOCK);

    if (fd >= 0)
      {
        g_assert_cmpint (write (fd, "\n", 1), ==, 1);
        close (fd);
      }
  }
  fixture_clear (&fx);
}

/* `avswitch apply` run by an ordinary user (issue 13): the CLI as `nobody`, in a private mount
 * namespace where /usr/bin/pkexec is the setuid stand-in avs-test-pkexec (an overlay over
 * /usr/bin), or where no pkexec exists at all. The CLI itself takes no stand-in. */

#define NOBODY 65534

typedef struct
{
  char  *overlay;        /* "lowerdir=DIR:/usr/bin", or NULL */
  char **hide;           /* pkexec files to cover with /dev/null */
} UserSetup;

/* In the child, before exec: only system calls. Exit 99 says a namespace could not be made. */
static void
user_child_setup (gpointer data)
{
  UserSetup *setup = data;

  if (unshare (CLONE_NEWNS) != 0 ||
      mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    _exit (99);
  if (setup->overlay != NULL &&
      mount ("overlay", "/usr/bin", "overlay", MS_RDONLY, setup->overlay) != 0)
    _exit (99);
  for (guint i = 0; setup->hide != NULL && setup->hide[i] != NULL; i++)
    if (mount ("/dev/null", setup->hide[i], NULL, MS_BIND, NULL) != 0)
      _exit (99);
  if (setgroups (0, NULL) != 0 || setgid (NOBODY) != 0 || setuid (NOBODY) != 0)
    _exit (99);
}

/* Lets `nobody` read the fixture and gives it a home; returns the home. */
static char *
prepare_for_nobody (Fixture *fx)
{
  g_autofree char *home = g_build_filename (fx->work, "nobody-home", NULL);
  g_autofree char *state = g_build_filename (home, "state", NULL);

  g_assert_cmpint (g_chmod (fx->work, 0755), ==, 0);
  g_assert_cmpint (g_chmod (fx->root, 0755), ==, 0);
  if (!g_file_test (home, G_FILE_TEST_IS_DIR))
    {
      g_assert_cmpint (g_mkdir_with_parents (state, 0700), ==, 0);
      g_assert_cmpint (chown (home, NOBODY, NOBODY), ==, 0);
      g_assert_cmpint (chown (state, NOBODY, NOBODY), ==, 0);
    }
  return g_steal_pointer (&home);
}

/* Runs the CLI as `nobody` with @args; @pkexec_exit: NULL to let the stand-in run the privileged
 * side, "126" or "127" to answer as pkexec does; @no_pkexec: no pkexec at all. The stand-in's
 * prompts are counted in @prompts. Returns the exit status, or -1 (test skipped) when this
 * machine cannot make the namespace. */
static int
run_cli_as_nobody (Fixture            *fx,
                   const char         *pkexec_exit,
                   gboolean            no_pkexec,
                   const char         *prompts,
                   const char * const *args,
                   char              **out_stdout)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GPtrArray) hide = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autofree char *home = prepare_for_nobody (fx);
  g_autofree char *state = g_build_filename (home, "state", NULL);
  g_autofree char *private_dir = g_build_filename (fx->work, "pkexec-standin", NULL);
  /* Open (the overlay's /usr/bin takes its mode), inside a folder only root can enter. */
  g_autofree char *standin_dir = g_build_filename (private_dir, "bin", NULL);
  g_autofree char *standin = g_build_filename (standin_dir, "pkexec", NULL);
  UserSetup setup = { NULL, NULL };
  int status;

  if (no_pkexec)
    {
      g_auto(GStrv) dirs = g_strsplit (AVS_RUNNER_SYSTEM_PATH, ":", -1);

      for (guint i = 0; dirs[i] != NULL; i++)
        {
          char *path = g_build_filename (dirs[i], "pkexec", NULL);

          if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add (hide, path);
          else
            g_free (path);
        }
      g_ptr_array_add (hide, NULL);
      setup.hide = (char **) hide->pdata;
    }
  else
    {
      struct statvfs fs;

      /* setuid root, in a folder only root can enter: reachable only through the overlay. */
      if (statvfs (fx->work, &fs) == 0 && (fs.f_flag & ST_NOSUID) != 0)
        {
          g_test_skip ("the test's folder is on a nosuid file system: no setuid stand-in");
          *out_stdout = g_strdup ("");
          return -1;
        }
      g_assert_cmpint (g_mkdir_with_parents (standin_dir, 0755), ==, 0);
      g_assert_cmpint (g_chmod (private_dir, 0700), ==, 0);
      g_assert_cmpint (g_chmod (standin_dir, 0755), ==, 0);
      run_ok ((const char *[]) { "cp", g_getenv ("AVSWITCH_TEST_PKEXEC"), standin, NULL });
      g_assert_cmpint (chown (standin, 0, 0), ==, 0);
      g_assert_cmpint (g_chmod (standin, 04755), ==, 0);
      setup.overlay = g_strdup_printf ("lowerdir=%s:/usr/bin", standin_dir);
    }

  g_ptr_array_add (argv, (gpointer) g_getenv ("AVSWITCH_BINARY"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdin_file_path (launcher, "/dev/null");
  g_subprocess_launcher_set_cwd (launcher, "/");
  for (guint i = 0; i < 6; i++)
    g_subprocess_launcher_setenv (launcher, (const char *[]) { "HOME", "XDG_CACHE_HOME",
                                  "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR",
                                  "TMPDIR" }[i], home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", state, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "AVS_TEST_PKEXEC_LOG", prompts, TRUE);
  if (pkexec_exit != NULL)
    g_subprocess_launcher_setenv (launcher, "AVS_TEST_PKEXEC_EXIT", pkexec_exit, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, user_child_setup, &setup, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_free (setup.overlay);
  *out_stdout = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  status = g_subprocess_get_exit_status (process);
  g_test_message ("avswitch %s … as nobody (exit %d):\n%s", args[0], status, *out_stdout);
  if (status == 99)
    {
      g_test_skip ("no private mount namespace with an overlay here");
      return -1;
    }
  return status;
}

/* A whole removal by `avswitch apply` as an ordinary user: one prompt, and it is done. */
static void
test_privileged_cli_user (void)
{
  Fixture fx = { 0 };
  g_autofree char *prompts = NULL;
  g_autofree char *out = NULL;
  int status;

  if (!can_run ())
    return;
  fixture_debian (&fx, FALSE);
  prompts = g_build_filename (fx.work, "pkexec-prompts", NULL);
  status = run_cli_as_nobody (&fx, NULL, FALSE, prompts,
                              (const char *[]) { "apply", "--root", fx.root, "--yes",
                                                 "--continue-managed", "--allow-disk-scripts",
                                                 NULL }, &out);
  if (status < 0)
    {
      fixture_clear (&fx);
      return;
    }
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (count_lines (prompts), ==, 1);
  g_assert_nonnull (strstr (out, "The plan is complete"));
  /* Said once; no pkexec on any command line. */
  g_assert_nonnull (strstr (out, "The administrator password is asked once"));
  g_assert_null (strstr (strstr (out, "The administrator password is asked once") + 1,
                         "The administrator password is asked once"));
  g_assert_null (strstr (out, "pkexec"));
  g_assert_cmpstr (dpkg_status (&fx, "kesl-gui"), ==, "unknown");
  g_assert_cmpstr (dpkg_status (&fx, "kesl"), ==, "unknown");
  g_assert_cmpstr (dpkg_status (&fx, "klnagent64"), ==, "unknown");
  g_assert_false (exists_in_root (&fx, "/opt/kaspersky"));
  assert_outside_untouched (&fx);
  fixture_clear (&fx);
}

/* pkexec's answers to `avswitch apply` as an ordinary user: closed (126), refused (127), none. */
static void
test_privileged_cli_answers (void)
{
  static const struct {
    const char *exit;
    gboolean none;
    int status;
    guint prompts;
    const char *says;
  } cases[] = {
    { "126", FALSE, 1, 1, "password dialog was closed, so nothing was run" },
    { "127", FALSE, 2, 1, "Administrator rights were refused" },
    { NULL, TRUE, 2, 0, "This computer has no pkexec" },
  };
  Fixture fx = { 0 };
  g_autofree char *state_file = NULL;

  if (!can_run ())
    return;
  fixture_debian (&fx, FALSE);
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *prompts = g_strdup_printf ("%s/prompts-%u", fx.work, c);
      g_autofree char *out = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      int status;

      state_file = g_build_filename (fx.work, "nobody-home", "state", "avswitch",
                                     "apply-state.json", NULL);
      g_file_get_contents (state_file, &before, NULL, NULL);
      status = run_cli_as_nobody (&fx, cases[c].exit, cases[c].none, prompts,
                                  (const char *[]) { "apply", "--root", fx.root, "--yes",
                                                     "--continue-managed",
                                                     "--allow-disk-scripts", NULL }, &out);
      g_clear_pointer (&state_file, g_free);
      if (status < 0)
        break;
      g_assert_cmpint (status, ==, cases[c].status);
      g_assert_cmpuint (count_lines (prompts), ==, cases[c].prompts);
      g_assert_nonnull (strstr (out, cases[c].says));
      /* Nothing ran: the packages are there, the GUI's step still waits at its first command. */
      g_assert_cmpstr (dpkg_status (&fx, "kesl-gui"), ==, "installed");
      g_assert_cmpstr (dpkg_status (&fx, "kesl"), ==, "installed");
      g_assert_true (exists_in_root (&fx, "/opt/kaspersky"));
      state_file = g_build_filename (fx.work, "nobody-home", "state", "avswitch",
                                     "apply-state.json", NULL);
      g_assert_true (g_file_get_contents (state_file, &after, NULL, NULL));
      g_assert_nonnull (strstr (after, "\"remove-kesl-gui\""));
      if (before != NULL)
        g_assert_cmpstr (after, ==, before);
      g_clear_pointer (&state_file, g_free);
      /* The commands, for an administrator, unless the user only closed the dialog. */
      if (cases[c].status == 1)
        g_assert_null (strstr (out, "Commands to run as administrator:"));
      else
        {
          const char *offered = strstr (out, "Commands to run as administrator:");

          g_assert_nonnull (offered);
          g_assert_nonnull (strstr (offered, "--remove -- kesl-gui\n"));
          g_assert_nonnull (strstr (offered, "--purge -- kesl"));
          g_assert_null (strstr (offered, "pkexec"));
        }
    }
  fixture_clear (&fx);
}

int
main (int    argc,
      char **argv)
{
  avs_test_init (&argc, &argv);

  g_test_add_func ("/apply/dpkg/end-to-end", test_dpkg_end_to_end);
  g_test_add_func ("/apply/dpkg/failing-prerm", test_failing_prerm_stops);
  g_test_add_func ("/apply/dpkg/read-only-leftover", test_read_only_leftover_stops);
  g_test_add_func ("/apply/dpkg/dry-run", test_dry_run_changes_nothing);
  g_test_add_func ("/apply/dpkg/nothing-unconfirmed", test_nothing_unconfirmed);
  g_test_add_func ("/apply/dpkg/symlinked-parent", test_symlinked_parent_refused);
  g_test_add_func ("/apply/rpm/end-to-end", test_rpm_end_to_end);
  g_test_add_func ("/apply/dpkg/certificates-and-services", test_certificates_and_services);
  g_test_add_func ("/apply/cli", test_cli);
  g_test_add_func ("/apply/dpkg/half-removed", test_half_removed);
  g_test_add_func ("/apply/manual-step-rescanned", test_manual_step_rescanned);
  g_test_add_func ("/apply/cli-json", test_cli_json);
  g_test_add_func ("/apply/cli-json-stop-reason", test_cli_json_stop_reason);
  g_test_add_func ("/apply/cli-disk-scripts-consent", test_cli_disk_scripts_consent);
  g_test_add_func ("/apply/dpkg/script", test_script_runs);
  g_test_add_func ("/apply/runner/lines", test_runner_lines);
  g_test_add_func ("/apply/saved-state", test_saved_state_strict);
  g_test_add_func ("/apply/privileged/one-prompt", test_privileged_one_prompt);
  g_test_add_func ("/apply/privileged/refused", test_privileged_refused);
  g_test_add_func ("/apply/privileged/parent-killed", test_privileged_parent_killed);
  g_test_add_func ("/apply/privileged/parent-child", test_privileged_parent_child);
  g_test_add_func ("/apply/privileged/cli-user", test_privileged_cli_user);
  g_test_add_func ("/apply/privileged/cli-answers", test_privileged_cli_answers);
  g_test_add_func ("/apply/security/backup-folder-link", test_backup_folder_link_refused);
  g_test_add_func ("/apply/security/edited-state", test_edited_state_injects_nothing);
  g_test_add_func ("/apply/security/script-values", test_script_values_stay_comments);
  g_test_add_func ("/apply/security/package-database-link",
                   test_package_database_link_refused);
  g_test_add_func ("/apply/security/group-file-link", test_group_file_link_read_inside_root);

  return g_test_run ();
}
