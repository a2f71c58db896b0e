/* test-host.c — reading under a root never leaves it
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "avs-host.h"
#include "avs-scanner.h"
#include "avs-test-common.h"

typedef struct
{
  char *root;      /* the scanned root */
  char *outside;   /* a folder next to it, with a secret */
  char *base;
} Fixture;

static void
write_file (const char *root,
            const char *path,
            const char *content)
{
  g_autofree char *full = g_build_filename (root, path, NULL);
  g_autofree char *dir = g_path_get_dirname (full);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (full, content, -1, NULL));
}

static void
make_link (const char *root,
           const char *path,
           const char *target)
{
  g_autofree char *full = g_build_filename (root, path, NULL);
  g_autofree char *dir = g_path_get_dirname (full);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (symlink (target, full), ==, 0);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->base = avs_test_make_tmpdir ("avs-host-XXXXXX");
  f->root = g_build_filename (f->base, "root", NULL);
  f->outside = g_build_filename (f->base, "outside", NULL);
  write_file (f->outside, "secret", "SECRET");
  write_file (f->root, "etc/os-release", "ID=debian\n");
  write_file (f->root, "var/opt/kaspersky/kesl/install_12.1.0.1297/opt/kaspersky/kesl/bin/kesl-control", "#!/bin/sh\n");
  /* KESL 12: an absolute link, read as the root sees it. */
  make_link (f->root, "opt/kaspersky/kesl", "/var/opt/kaspersky/kesl/install_12.1.0.1297/opt/kaspersky/kesl");
  /* Relative links: one inside, one climbing out. */
  make_link (f->root, "etc/inside", "../var/opt/kaspersky");
  make_link (f->root, "etc/escape", "../../outside/secret");
  /* An absolute link to the real location of the secret: inside the root it does not exist. */
  {
    g_autofree char *secret = g_build_filename (f->outside, "secret", NULL);
    make_link (f->root, "etc/absolute-secret", secret);
  }
  make_link (f->root, "loop/a", "b");
  make_link (f->root, "loop/b", "a");
  make_link (f->root, "rootlink", "/");
  write_file (f->root, "big", "0123456789");
  {
    g_autofree char *fifo = g_build_filename (f->root, "fifo", NULL);
    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* The folder itself goes when the test ends (avs_test_make_tmpdir). */
  g_free (f->base);
  g_free (f->root);
  g_free (f->outside);
}

static void
test_host_bad_root (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsHost) host = avs_host_new ("/nonexistent/avswitch-root", &error);

  g_assert_null (host);
  g_assert_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "/nonexistent/avswitch-root"));
}

static void
test_host_live (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsHost) host = avs_host_new ("/", &error);

  g_assert_no_error (error);
  g_assert_true (avs_host_is_live (host));
  g_assert_cmpint (avs_host_query (host, "/proc/self/status", TRUE, NULL, NULL), ==, AVS_HOST_FILE_REGULAR);
}

static void
test_host_read_and_resolve (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsHost) host = avs_host_new (f->root, &error);
  g_autofree char *text = NULL;
  g_autofree char *resolved = NULL;
  g_autofree char *link = NULL;
  g_autofree char *disk = NULL;
  g_auto(GStrv) names = NULL;
  gsize length = 0;

  g_assert_no_error (error);
  g_assert_false (avs_host_is_live (host));

  text = avs_host_read_text (host, "/etc/os-release", 1024, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "ID=debian\n");
  g_assert_cmpuint (length, ==, 10);

  /* The KESL 12 link is followed inside the root. */
  g_assert_cmpint (avs_host_query (host, "/opt/kaspersky/kesl", FALSE, NULL, NULL), ==, AVS_HOST_FILE_SYMLINK);
  g_assert_cmpint (avs_host_query (host, "/opt/kaspersky/kesl", TRUE, NULL, NULL), ==, AVS_HOST_FILE_DIRECTORY);
  g_assert_true (avs_host_exists (host, "/opt/kaspersky/kesl/bin/kesl-control"));
  resolved = avs_host_resolve (host, "/opt/kaspersky/kesl/bin/kesl-control", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (resolved, ==, "/var/opt/kaspersky/kesl/install_12.1.0.1297/opt/kaspersky/kesl/bin/kesl-control");
  link = avs_host_read_link (host, "/opt/kaspersky/kesl", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (link, ==, "/var/opt/kaspersky/kesl/install_12.1.0.1297/opt/kaspersky/kesl");
  disk = avs_host_disk_path (host, "/opt/kaspersky/kesl", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (disk, avs_host_get_root (host)));
  g_assert_true (g_str_has_suffix (disk, "/var/opt/kaspersky/kesl/install_12.1.0.1297/opt/kaspersky/kesl"));

  g_assert_true (avs_host_exists (host, "/etc/inside/kesl"));
  g_assert_true (avs_host_exists (host, "/rootlink/etc/os-release"));
  g_assert_false (avs_host_exists (host, "/nothing/here"));
  g_assert_cmpint (avs_host_query (host, "/nothing/here", TRUE, NULL, &error), ==, AVS_HOST_FILE_MISSING);
  g_assert_no_error (error);

  names = avs_host_list_dir (host, "/etc", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 4);
  g_assert_cmpstr (names[0], ==, "absolute-secret");
  g_assert_cmpstr (names[3], ==, "os-release");
}

static void
test_host_never_leaves_root (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsHost) host = avs_host_new (f->root, NULL);
  g_autofree char *text = NULL;
  g_autofree char *target = NULL;

  /* A relative link out of the root: refused, naming the link and its target. */
  text = avs_host_read_text (host, "/etc/escape", 1024, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_ESCAPES_ROOT);
  g_assert_nonnull (strstr (error->message, "/etc/escape"));
  g_assert_nonnull (strstr (error->message, "../../outside/secret"));
  g_clear_error (&error);
  g_assert_cmpint (avs_host_query (host, "/etc/escape", TRUE, NULL, &error), ==, AVS_HOST_FILE_MISSING);
  g_assert_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_ESCAPES_ROOT);
  g_clear_error (&error);
  /* …but the link itself can be described. */
  target = avs_host_read_link (host, "/etc/escape", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (target, ==, "../../outside/secret");

  /* An absolute link to the secret's real path is read inside the root: nothing there. */
  text = avs_host_read_text (host, "/etc/absolute-secret", 1024, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* ".." in the request cannot climb either. */
  text = avs_host_read_text (host, "/../outside/secret", 1024, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_ESCAPES_ROOT);
  g_clear_error (&error);

  text = avs_host_read_text (host, "/loop/a", 1024, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_LOOP);
  g_clear_error (&error);

  text = avs_host_read_text (host, "relative/path", 1024, NULL, &error);
  g_assert_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_INVALID);
}

static void
test_host_caps_and_special_files (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsHost) host = avs_host_new (f->root, NULL);
  g_autoptr(GBytes) bytes = NULL;

  bytes = avs_host_read_bytes (host, "/big", 5, &error);
  g_assert_null (bytes);
  g_assert_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_TOO_LARGE);
  g_clear_error (&error);

  bytes = avs_host_read_bytes (host, "/big", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 10);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* A FIFO must neither hang nor be read. */
  bytes = avs_host_read_bytes (host, "/fifo", 10, &error);
  g_assert_null (bytes);
  g_assert_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_REGULAR);
  g_clear_error (&error);

  bytes = avs_host_read_bytes (host, "/etc", 10, &error);
  g_assert_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_REGULAR);
}

static void
test_host_permission (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsHost) host = avs_host_new (f->root, NULL);
  g_autofree char *home = g_build_filename (f->root, "home", "alice", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) names = NULL;

  if (geteuid () == 0)
    {
      /* root reads mode-000 files anyway (CAP_DAC_OVERRIDE); there is no unprivileged user to
       * switch to in a test, so this case is covered only when the suite runs as a user. */
      g_test_skip ("running as root: permissions do not stop root from reading");
      return;
    }

  write_file (f->root, "home/alice/.bashrc", "x");
  g_assert_cmpint (g_chmod (home, 0000), ==, 0);

  names = avs_host_list_dir (host, "/home/alice", &error);
  g_assert_null (names);
  g_assert_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_PERMISSION);
  g_assert_true (avs_host_error_needs_admin (error));
  g_assert_nonnull (strstr (error->message, "/home/alice"));
  g_clear_error (&error);

  text = avs_host_read_text (host, "/home/alice/.bashrc", 100, NULL, &error);
  g_assert_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_PERMISSION);
  g_chmod (home, 0755);
}

/* Reads @path through the host and returns whether the node at @path (in the root) was opened:
 * inotify reports every open(2) of it, even one that failed to read. */
static gboolean
read_opens_node (const char *root,
                 const char *path)
{
  g_autoptr(AvsHost) host = avs_host_new (root, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *full = g_build_filename (root, path, NULL);
  g_autofree char *text = NULL;
  char events[4096];
  int in = inotify_init1 (IN_NONBLOCK | IN_CLOEXEC);
  ssize_t n;

  g_assert_cmpint (in, >=, 0);
  g_assert_cmpint (inotify_add_watch (in, full, IN_OPEN), >=, 0);

  text = avs_host_read_text (host, path, 1024, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_REGULAR);
  g_assert_nonnull (strstr (error->message, path));

  n = read (in, events, sizeof events);
  close (in);
  return n > 0;
}

/* Finding 8: a FIFO in place of /etc/passwd is refused without being opened (opening a FIFO
 * for reading can block; a device's open can have side effects). In a child with a time-out,
 * so a hang fails the test. */
static void
test_host_fifo_not_opened_child (void)
{
  const char *root = g_getenv ("AVS_TEST_HOST_ROOT");

  if (root == NULL)
    {
      g_test_skip ("run by /host/special-files-not-opened");
      return;
    }
  g_assert_false (read_opens_node (root, "/etc/passwd"));
}

static void
test_host_special_files_not_opened (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *passwd = g_build_filename (f->root, "etc", "passwd", NULL);

  g_assert_cmpint (mkfifo (passwd, 0644), ==, 0);
  g_setenv ("AVS_TEST_HOST_ROOT", f->root, TRUE);
  g_test_trap_subprocess ("/host/special-files-not-opened/child", 10 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("AVS_TEST_HOST_ROOT");
  g_test_trap_assert_passed ();

  /* A character device (the numbers of /dev/null, so opening it would be harmless here). */
  if (geteuid () != 0)
    {
      g_test_skip ("not root: cannot make a device node to check that it is not opened");
      return;
    }
  {
    g_autofree char *device = g_build_filename (f->root, "etc", "shadow", NULL);
    struct stat null_st;

    g_assert_cmpint (stat ("/dev/null", &null_st), ==, 0);
    if (mknod (device, S_IFCHR | 0600, null_st.st_rdev) != 0)
      {
        g_test_skip ("mknod is not allowed here (a container without CAP_MKNOD?)");
        return;
      }
    g_assert_false (read_opens_node (f->root, "/etc/shadow"));
  }
}

/* Finding 9: a home that is a symbolic link (/home/alice -> /data/alice) is followed inside the
 * root, and one that climbs out of it is reported, not followed. */
static void
test_host_symlinked_home (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsHost) host = avs_host_new (f->root, NULL);
  g_autoptr(AvsScanner) scanner = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  g_auto(GStrv) names = NULL;
  GPtrArray *findings, *not_checked;
  gboolean found = FALSE, bob_reported = FALSE;

  write_file (f->root, "etc/passwd",
              "root:x:0:0:root:/root:/bin/sh\n"
              "alice:x:1000:1000::/home/alice:/bin/sh\n"
              "carol:x:1002:1002::/home/carol:/bin/sh\n"
              "bob:x:1001:1001::/home/bob:/bin/sh\n");
  write_file (f->root, "data/alice/kaspersky/Kaspersky 24.0/settings.ini", "x");
  write_file (f->root, "srv/carol/kaspersky/Kaspersky 24.0/settings.ini", "x");
  write_file (f->outside, "bob/kaspersky/Kaspersky 24.0/settings.ini", "x");
  make_link (f->root, "home/alice", "/data/alice");         /* absolute: re-rooted */
  make_link (f->root, "home/carol", "../srv/carol");        /* relative, inside */
  make_link (f->root, "home/bob", "../../outside/bob");     /* relative, climbs out */

  names = avs_host_list_dir (host, "/home/alice", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (names[0], ==, "kaspersky");
  g_clear_pointer (&names, g_strfreev);
  names = avs_host_list_dir (host, "/home/bob", &error);
  g_assert_null (names);
  g_assert_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_ESCAPES_ROOT);
  g_clear_error (&error);

  scanner = avs_scanner_new_for_root (f->root, NULL, &error);
  g_assert_no_error (error);
  result = avs_scanner_scan_sync (scanner, NULL, &error);
  g_assert_no_error (error);

  findings = avs_scan_result_get_findings (result);
  for (guint i = 0; i < findings->len; i++)
    {
      g_auto(GStrv) files = avs_finding_dup_values (g_ptr_array_index (findings, i), AVS_EVIDENCE_DIRECTORY);
      g_auto(GStrv) more = avs_finding_dup_values (g_ptr_array_index (findings, i), AVS_EVIDENCE_FILE);

      for (guint j = 0; files[j] != NULL; j++)
        g_test_message ("found %s", files[j]);
      for (guint j = 0; more[j] != NULL; j++)
        g_test_message ("found %s", more[j]);
      if (g_strv_contains ((const char * const *) files, "/home/alice/kaspersky/Kaspersky 24.0") ||
          g_strv_contains ((const char * const *) more, "/home/alice/kaspersky/Kaspersky 24.0"))
        found = TRUE;
    }
  g_assert_true (found);

  not_checked = avs_scan_result_get_not_checked (result);
  for (guint i = 0; i < not_checked->len; i++)
    {
      AvsNotChecked *entry = g_ptr_array_index (not_checked, i);

      g_test_message ("not checked: %s (%s): %s", entry->what, entry->path, entry->reason);
      if (entry->path != NULL && g_str_has_prefix (entry->path, "/home/"))
        g_assert_null (strstr (entry->reason, "is not a folder"));
      if (g_strcmp0 (entry->path, "/home/bob") == 0 && strstr (entry->reason, "outside") != NULL)
        bob_reported = TRUE;
    }
  g_assert_true (bob_reported);
}

int
main (int    argc,
      char **argv)
{
  avs_test_init (&argc, &argv);

  g_test_add_func ("/host/bad-root", test_host_bad_root);
  g_test_add_func ("/host/live", test_host_live);
  g_test_add ("/host/read-and-resolve", Fixture, NULL, fixture_setup, test_host_read_and_resolve, fixture_teardown);
  g_test_add ("/host/never-leaves-root", Fixture, NULL, fixture_setup, test_host_never_leaves_root, fixture_teardown);
  g_test_add ("/host/caps-and-special-files", Fixture, NULL, fixture_setup, test_host_caps_and_special_files, fixture_teardown);
  g_test_add ("/host/permission", Fixture, NULL, fixture_setup, test_host_permission, fixture_teardown);
  g_test_add ("/host/special-files-not-opened", Fixture, NULL, fixture_setup, test_host_special_files_not_opened, fixture_teardown);
  g_test_add_func ("/host/special-files-not-opened/child", test_host_fifo_not_opened_child);
  g_test_add ("/host/symlinked-home", Fixture, NULL, fixture_setup, test_host_symlinked_home, fixture_teardown);

  return g_test_run ();
}
