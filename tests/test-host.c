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

#include "avs-host-private.h"
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


/* The sandbox view ------------------------------------------------------------------------------
 *
 * A fake sandbox: SANDBOX/run/host holds the computer's /etc and /usr (as host-os and host-etc
 * show them), SANDBOX/usr is the runtime, SANDBOX/opt, SANDBOX/var/lib/dpkg and the home are the
 * granted same-path folders, and a flatpak-info file says what was granted. */

typedef struct
{
  char *base;
  char *sandbox;
  char *info;
} ViewFixture;

static void
write_info (ViewFixture *v,
            const char  *filesystems,
            gboolean     talk)
{
  g_autofree char *text = g_strdup_printf ("[Application]\nname=io.github.avswitch.AvSwitch\n\n"
                                           "[Context]\nshared=network;ipc;\nfilesystems=%s\n\n"
                                           "[Session Bus Policy]\n%s",
                                           filesystems,
                                           talk ? "org.freedesktop.Flatpak=talk\n" : "");

  g_assert_true (g_file_set_contents (v->info, text, -1, NULL));
}

static void
view_setup (ViewFixture   *v,
            gconstpointer  data)
{
  v->base = avs_test_make_tmpdir ("avs-view-XXXXXX");
  v->sandbox = g_build_filename (v->base, "sandbox", NULL);
  v->info = g_build_filename (v->base, "flatpak-info", NULL);

  /* The computer, as /run/host shows it: Debian's os-release is a relative link into /usr, and
   * Flatpak's copy sits beside. */
  write_file (v->sandbox, "run/host/usr/lib/os-release", "ID=debian\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
  make_link (v->sandbox, "run/host/etc/os-release", "../usr/lib/os-release");
  write_file (v->sandbox, "run/host/os-release", "ID=debian\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
  write_file (v->sandbox, "run/host/usr/bin/kesl-control", "HOST\n");
  write_file (v->sandbox, "run/host/usr/bin/dpkg", "HOST\n");
  write_file (v->sandbox, "run/host/usr/lib/systemd/system/kesl.service", "[Unit]\n");
  make_link (v->sandbox, "run/host/bin", "usr/bin");
  make_link (v->sandbox, "run/host/lib", "usr/lib");
  /* Absolute links under /etc mean the computer's /usr, never the runtime's. */
  make_link (v->sandbox, "run/host/etc/alternatives/kesl-control", "/usr/bin/kesl-control");
  make_link (v->sandbox, "run/host/etc/to-opt", "/opt/kaspersky");
  make_link (v->sandbox, "run/host/etc/escape", "../../../secret");
  write_file (v->sandbox, "secret", "SECRET");
  write_file (v->sandbox, "run/host/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n"
                                                 "alice:x:1000:1000::/home/alice:/bin/bash\n"
                                                 "bob:x:1001:1001::/home/bob:/bin/bash\n");
  /* The runtime. */
  write_file (v->sandbox, "usr/bin/kesl-control", "RUNTIME\n");
  write_file (v->sandbox, "etc/os-release", "ID=org.gnome.platform\n");
  /* Granted same-path folders, and a sandbox folder that is not the computer's. */
  write_file (v->sandbox, "opt/kaspersky/kesl/bin/kesl-control", "OPT\n");
  write_file (v->sandbox, "var/lib/dpkg/status", "Package: kesl\n");
  write_file (v->sandbox, "var/opt/kaspersky/kesl/common/kesl.ini", "[General]\n");
  write_file (v->sandbox, "var/lib/runtime-only/file", "RUNTIME\n");
  write_file (v->sandbox, "home/alice/.mozilla/firefox/profiles.ini", "[General]\n");
  write_file (v->sandbox, "proc/modules", "kav4fs_oas 1 0 - Live 0x0\n");
  write_info (v, "host-os:ro;host-etc:ro;/opt:ro;/var/opt:ro;/var/lib/dpkg:ro;/var/lib/rpm:ro;/var/log/kaspersky:ro;home:ro;", TRUE);
}

static void
view_teardown (ViewFixture   *v,
               gconstpointer  data)
{
  g_free (v->base);
  g_free (v->sandbox);
  g_free (v->info);
}

static AvsHost *
new_view (ViewFixture *v)
{
  g_autoptr(GError) error = NULL;
  AvsHost *host = _avs_host_new_sandbox_view (v->sandbox, v->info, "/home/alice", &error);

  g_assert_no_error (error);
  g_assert_nonnull (host);
  return host;
}

static AvsHostUnseen *
find_unseen (AvsHost    *host,
             const char *needle)
{
  GPtrArray *unseen = avs_host_get_unseen (host);

  for (guint i = 0; i < unseen->len; i++)
    {
      AvsHostUnseen *u = g_ptr_array_index (unseen, i);

      g_test_message ("unseen: %s (%s): %s%s", u->what, u->path, u->reason, u->note ? " [note]" : "");
      if (strstr (u->reason, needle) != NULL || strstr (u->what, needle) != NULL)
        return u;
    }
  return NULL;
}

static void
test_view_reads_the_computer (ViewFixture   *v,
                              gconstpointer  data)
{
  g_autoptr(AvsHost) host = new_view (v);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *resolved = NULL;
  g_auto(GStrv) root = NULL;
  g_auto(GStrv) var = NULL;
  g_auto(GStrv) var_lib = NULL;
  const char * const *os_release = avs_host_get_os_release_paths (host);

  g_assert_true (avs_host_is_sandbox_view (host));
  g_assert_true (avs_host_is_live (host));
  g_assert_cmpstr (avs_host_get_root (host), ==, "/");
  g_assert_true (avs_host_can_run_programs (host));

  /* The OS from Flatpak's copy first; /etc/os-release resolves in the computer's /usr too. */
  g_assert_cmpstr (os_release[0], ==, "/os-release");
  text = avs_host_read_text (host, "/os-release", 1024, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "ID=debian"));
  g_clear_pointer (&text, g_free);
  text = avs_host_read_text (host, "/etc/os-release", 1024, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "ID=debian"));
  g_clear_pointer (&text, g_free);

  /* /usr is the computer's, not the runtime's, directly and through an absolute link. */
  text = avs_host_read_text (host, "/usr/bin/kesl-control", 1024, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "HOST\n");
  g_clear_pointer (&text, g_free);
  text = avs_host_read_text (host, "/etc/alternatives/kesl-control", 1024, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "HOST\n");
  g_clear_pointer (&text, g_free);
  resolved = avs_host_resolve (host, "/lib/systemd/system/kesl.service", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (resolved, ==, "/usr/lib/systemd/system/kesl.service");
  g_clear_pointer (&resolved, g_free);

  /* Granted folders at their own paths, also through a link from /etc. */
  text = avs_host_read_text (host, "/opt/kaspersky/kesl/bin/kesl-control", 1024, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "OPT\n");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (avs_host_query (host, "/etc/to-opt", TRUE, NULL, NULL), ==, AVS_HOST_FILE_DIRECTORY);
  resolved = avs_host_resolve (host, "/etc/to-opt/kesl/bin", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (resolved, ==, "/opt/kaspersky/kesl/bin");
  g_clear_pointer (&resolved, g_free);
  g_assert_true (avs_host_exists (host, "/var/lib/dpkg/status"));
  g_assert_true (avs_host_exists (host, "/var/opt/kaspersky/kesl/common/kesl.ini"));
  g_assert_true (avs_host_exists (host, "/home/alice/.mozilla/firefox/profiles.ini"));
  g_assert_true (avs_host_exists (host, "/proc/modules"));
  /* A link from a granted folder back up through ".." stays in the view. */
  g_assert_cmpint (avs_host_query (host, "/var/lib/dpkg/../../opt/kaspersky", TRUE, NULL, NULL), ==, AVS_HOST_FILE_DIRECTORY);

  /* The sandbox's own folders are not the computer's: /var shows only what was granted. */
  g_assert_cmpint (avs_host_query (host, "/var/lib/runtime-only/file", TRUE, NULL, NULL), ==, AVS_HOST_FILE_MISSING);
  g_assert_cmpint (avs_host_query (host, "/secret", TRUE, NULL, NULL), ==, AVS_HOST_FILE_MISSING);
  var = avs_host_list_dir (host, "/var", &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (var, ((const char * const[]) { "lib", "opt", NULL }));
  var_lib = avs_host_list_dir (host, "/var/lib", &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (var_lib, ((const char * const[]) { "dpkg", NULL }));
  root = avs_host_list_dir (host, "/", &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) root, "etc"));
  g_assert_true (g_strv_contains ((const char * const *) root, "opt"));
  g_assert_true (g_strv_contains ((const char * const *) root, "var"));
  g_assert_true (g_strv_contains ((const char * const *) root, "home"));

  /* Never out of /run/host through a relative link. */
  g_assert_null (avs_host_read_text (host, "/etc/escape", 1024, NULL, &error));
  g_assert_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_ESCAPES_ROOT);
  g_clear_error (&error);

  /* Another person's home is hidden, not absent; granted places are not hidden. */
  g_assert_true (avs_host_hides (host, "/home/bob"));
  g_assert_true (avs_host_hides (host, "/root"));
  g_assert_false (avs_host_hides (host, "/home/alice/.mozilla"));
  g_assert_false (avs_host_hides (host, "/opt/kaspersky"));
  g_assert_false (avs_host_hides (host, "/etc/passwd"));
  /* The backup folder of a removal is never shown: the executor asks the computer instead. */
  g_assert_true (avs_host_hides (host, "/var/lib/avswitch/backup"));
  g_assert_false (avs_host_hides (host, "/var/lib/dpkg/status"));

  /* Everything granted: only the Windows volumes' note. */
  g_assert_nonnull (find_unseen (host, "Windows"));
  g_assert_true (find_unseen (host, "Windows")->note);
  g_assert_cmpuint (avs_host_get_unseen (host)->len, ==, 1);
}

static void
test_view_names_what_it_cannot_see (ViewFixture   *v,
                                    gconstpointer  data)
{
  g_autoptr(AvsHost) host = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsRunner) runner = avs_runner_new ();
  g_autoptr(GPtrArray) processes = NULL;
  AvsHostUnseen *u;

  /* The user revoked /var/lib/dpkg, /opt, home and org.freedesktop.Flatpak. */
  write_info (v, "host-os:ro;host-etc:ro;/var/opt:ro;!/opt;", FALSE);
  host = new_view (v);

  g_assert_false (avs_host_can_run_programs (host));
  g_assert_cmpint (avs_host_query (host, "/var/lib/dpkg/status", TRUE, NULL, NULL), ==, AVS_HOST_FILE_MISSING);
  g_assert_cmpint (avs_host_query (host, "/opt/kaspersky", TRUE, NULL, NULL), ==, AVS_HOST_FILE_MISSING);

  u = find_unseen (host, "dpkg package database");
  g_assert_nonnull (u);
  g_assert_false (u->note);
  g_assert_nonnull (strstr (u->reason, "flatpak override --user --filesystem=/var/lib/dpkg:ro io.github.avswitch.AvSwitch"));
  u = find_unseen (host, "flatpak override --user --filesystem=/opt:ro io.github.avswitch.AvSwitch");
  g_assert_nonnull (u);
  u = find_unseen (host, "flatpak override --user --filesystem=home:ro io.github.avswitch.AvSwitch");
  g_assert_nonnull (u);
  u = find_unseen (host, "Running programs");
  g_assert_nonnull (u);
  g_assert_nonnull (strstr (u->reason, "flatpak override --user --talk-name=org.freedesktop.Flatpak io.github.avswitch.AvSwitch"));
  g_assert_nonnull (strstr (u->reason, "ps -e"));
  /* No rpm on this computer: nothing said about it. */
  g_assert_null (find_unseen (host, "rpm"));

  processes = avs_host_list_processes (host, runner, NULL, &error);
  g_assert_null (processes);
  g_assert_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_HIDDEN);
}

static void
test_view_revoked_etc_and_usr (ViewFixture   *v,
                               gconstpointer  data)
{
  g_autoptr(AvsHost) host = NULL;
  g_autofree char *etc = g_build_filename (v->sandbox, "run/host/etc", NULL);
  g_autofree char *usr = g_build_filename (v->sandbox, "run/host/usr", NULL);
  g_autofree char *etc_gone = g_build_filename (v->base, "etc-gone", NULL);
  g_autofree char *usr_gone = g_build_filename (v->base, "usr-gone", NULL);
  g_autofree char *text = NULL;

  /* Without host-etc and host-os Flatpak leaves them out of /run/host. */
  g_assert_cmpint (g_rename (etc, etc_gone), ==, 0);
  g_assert_cmpint (g_rename (usr, usr_gone), ==, 0);
  write_info (v, "/opt:ro;/var/opt:ro;/var/lib/dpkg:ro;/var/log/kaspersky:ro;home:ro;", TRUE);
  host = new_view (v);

  /* The OS is still known from Flatpak's copy; the runtime's /etc and /usr never stand in. */
  text = avs_host_read_text (host, "/os-release", 1024, NULL, NULL);
  g_assert_nonnull (strstr (text, "ID=debian"));
  g_assert_cmpint (avs_host_query (host, "/usr/bin/kesl-control", TRUE, NULL, NULL), ==, AVS_HOST_FILE_MISSING);
  g_assert_cmpint (avs_host_query (host, "/etc/os-release", TRUE, NULL, NULL), ==, AVS_HOST_FILE_MISSING);
  g_assert_nonnull (find_unseen (host, "--filesystem=host-etc:ro"));
  g_assert_nonnull (find_unseen (host, "--filesystem=host-os:ro"));
  /* So a file there is hidden, not absent (the removal's checks ask the computer). */
  g_assert_true (avs_host_hides (host, "/etc/group"));
  g_assert_true (avs_host_hides (host, "/usr/bin/kesl-control"));
  g_assert_false (avs_host_hides (host, "/opt/kaspersky"));
}

static void
test_view_lists_processes (ViewFixture   *v,
                           gconstpointer  data)
{
  g_autoptr(AvsHost) host = NULL;
  g_autoptr(AvsHost) native = NULL;
  g_autoptr(AvsRunner) runner = avs_runner_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) processes = NULL;
  g_autoptr(GPtrArray) native_processes = NULL;
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  g_autofree char *ps = g_build_filename (v->sandbox, "run/host/usr/bin/ps", NULL);
  const char *found = NULL;

  if (!g_file_test ("/usr/bin/ps", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("no /usr/bin/ps here");
      return;
    }
  /* The view runs the computer's ps by the path the computer gives it (here, natively: the
   * runner is not in Flatpak), and reads the same names as /proc/PID/comm. */
  write_file (v->sandbox, "run/host/usr/bin/ps", "HOST\n");
  host = new_view (v);
  avs_runner_set_in_flatpak (runner, FALSE);
  processes = avs_host_list_processes (host, runner, NULL, &error);
  g_assert_no_error (error);
  native = avs_host_new ("/", &error);
  g_assert_no_error (error);
  native_processes = avs_host_list_processes (native, runner, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < processes->len; i++)
    {
      AvsHostProcess *p = g_ptr_array_index (processes, i);
      if (g_str_equal (p->pid, pid))
        found = p->name;
    }
  g_assert_nonnull (found);
  for (guint i = 0; i < native_processes->len; i++)
    {
      AvsHostProcess *p = g_ptr_array_index (native_processes, i);
      if (g_str_equal (p->pid, pid))
        g_assert_cmpstr (p->name, ==, found);
    }
  g_assert_cmpstr (found, ==, "test-host");
  (void) ps;
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
  g_test_add ("/host/view/reads-the-computer", ViewFixture, NULL, view_setup, test_view_reads_the_computer, view_teardown);
  g_test_add ("/host/view/names-what-it-cannot-see", ViewFixture, NULL, view_setup, test_view_names_what_it_cannot_see, view_teardown);
  g_test_add ("/host/view/revoked-etc-and-usr", ViewFixture, NULL, view_setup, test_view_revoked_etc_and_usr, view_teardown);
  g_test_add ("/host/view/lists-processes", ViewFixture, NULL, view_setup, test_view_lists_processes, view_teardown);

  return g_test_run ();
}
