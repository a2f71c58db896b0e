/* test-package-manager.c — the names, databases and commands of dpkg, rpm and pacman
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The argv expected here are the ones the golden plans in tests/data/plans show: a change to
 * them changes what the plan tells the user to run, and must change the golden files too.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "avs-package-manager.h"
#include "avs-test-common.h"

static void
assert_argv (char               **argv,
             const char * const  *expected)
{
  g_autofree char *got = g_strjoinv ("|", argv);
  g_autofree char *want = g_strjoinv ("|", (char **) expected);

  g_assert_cmpstr (got, ==, want);
  g_strfreev (argv);
}

static void
test_names (void)
{
  static const struct { AvsPackageManager manager; const char *name; } names[] = {
    { AVS_PACKAGE_MANAGER_DPKG, "dpkg" },
    { AVS_PACKAGE_MANAGER_RPM, "rpm" },
    { AVS_PACKAGE_MANAGER_PACMAN, "pacman" },
  };
  AvsPackageManager manager = AVS_PACKAGE_MANAGER_DPKG;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      AvsPackageManager back = AVS_PACKAGE_MANAGER_NONE;

      g_assert_cmpstr (avs_package_manager_to_string (names[i].manager), ==, names[i].name);
      g_assert_true (avs_package_manager_from_string (names[i].name, &back));
      g_assert_cmpint (back, ==, names[i].manager);
      g_assert_cmpint (avs_package_manager_parse (names[i].name), ==, names[i].manager);
      g_assert_cmpstr (avs_package_manager_get_program (names[i].manager), ==, names[i].name);
    }
  g_assert_null (avs_package_manager_to_string (AVS_PACKAGE_MANAGER_NONE));

  /* Unknown, case-changed and front-end names are not managers; @out stays untouched. */
  g_assert_false (avs_package_manager_from_string (NULL, &manager));
  g_assert_false (avs_package_manager_from_string ("", &manager));
  g_assert_false (avs_package_manager_from_string ("DPKG", &manager));
  g_assert_false (avs_package_manager_from_string ("apt", &manager));
  g_assert_false (avs_package_manager_from_string ("dpkg ", &manager));
  g_assert_cmpint (manager, ==, AVS_PACKAGE_MANAGER_DPKG);
  g_assert_cmpint (avs_package_manager_parse ("rpm (config-files)"), ==, AVS_PACKAGE_MANAGER_NONE);
}

static void
test_databases (void)
{
  const char * const *paths;

  g_assert_cmpstr (avs_package_manager_get_db_dir (AVS_PACKAGE_MANAGER_DPKG), ==, "/var/lib/dpkg");
  g_assert_cmpstr (avs_package_manager_get_db_dir (AVS_PACKAGE_MANAGER_RPM), ==, "/var/lib/rpm");
  g_assert_cmpstr (avs_package_manager_get_db_dir (AVS_PACKAGE_MANAGER_PACMAN), ==, "/var/lib/pacman");
  g_assert_null (avs_package_manager_get_db_dir (AVS_PACKAGE_MANAGER_NONE));

  paths = avs_package_manager_get_db_paths (AVS_PACKAGE_MANAGER_RPM);
  g_assert_cmpuint (g_strv_length ((char **) paths), ==, 2);
  g_assert_cmpstr (paths[0], ==, "/var/lib/rpm");
  g_assert_cmpstr (paths[1], ==, "/usr/lib/sysimage/rpm");
  paths = avs_package_manager_get_db_paths (AVS_PACKAGE_MANAGER_DPKG);
  g_assert_cmpstr (paths[0], ==, "/var/lib/dpkg/status");
  g_assert_null (paths[1]);
  paths = avs_package_manager_get_db_paths (AVS_PACKAGE_MANAGER_PACMAN);
  g_assert_cmpstr (paths[0], ==, "/var/lib/pacman/local");
  g_assert_null (avs_package_manager_get_db_paths (AVS_PACKAGE_MANAGER_NONE)[0]);

  /* The lock files lie inside the database folders, so guarding them guards the folders. */
  {
    g_autofree char *dpkg = avs_package_manager_dup_lock_path (AVS_PACKAGE_MANAGER_DPKG, NULL);
    g_autofree char *rpm = avs_package_manager_dup_lock_path (AVS_PACKAGE_MANAGER_RPM, NULL);
    g_autofree char *sysimage = avs_package_manager_dup_lock_path (AVS_PACKAGE_MANAGER_RPM,
                                                                   "/usr/lib/sysimage/rpm");
    g_autofree char *pacman = avs_package_manager_dup_lock_path (AVS_PACKAGE_MANAGER_PACMAN,
                                                                 NULL);

    g_assert_cmpstr (dpkg, ==, "/var/lib/dpkg/lock");
    g_assert_cmpstr (rpm, ==, "/var/lib/rpm/.rpm.lock");
    g_assert_cmpstr (sysimage, ==, "/usr/lib/sysimage/rpm/.rpm.lock");
    g_assert_cmpstr (pacman, ==, "/var/lib/pacman/db.lck");
    g_assert_null (avs_package_manager_dup_lock_path (AVS_PACKAGE_MANAGER_NONE, NULL));
  }
}

/* Makes @path (and its parents) under @root as a folder, or as an empty file when @file. */
static void
make_under (const char *root,
            const char *path,
            gboolean    file)
{
  g_autofree char *full = g_build_filename (root, path, NULL);
  g_autofree char *parent = g_path_get_dirname (full);

  g_assert_cmpint (g_mkdir_with_parents (file ? parent : full, 0755), ==, 0);
  if (file)
    g_assert_true (g_file_set_contents (full, "", 0, NULL));
}

static AvsPackageManager
detect (const char *root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsHost) host = avs_host_new (root, &error);

  g_assert_no_error (error);
  return avs_package_manager_detect (host);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
test_detect (void)
{
  g_autofree char *root = avs_test_make_tmpdir ("avs-package-manager-XXXXXX");

  g_assert_nonnull (root);
  g_assert_cmpint (detect (root), ==, AVS_PACKAGE_MANAGER_NONE);

  /* An empty /var/lib/dpkg is not a dpkg database: only its status file is. */
  make_under (root, "/var/lib/dpkg", FALSE);
  make_under (root, "/var/lib/pacman/local", FALSE);
  g_assert_cmpint (detect (root), ==, AVS_PACKAGE_MANAGER_PACMAN);

  /* Fedora's newer place alone is enough, and rpm comes before pacman. */
  make_under (root, "/usr/lib/sysimage/rpm", FALSE);
  g_assert_cmpint (detect (root), ==, AVS_PACKAGE_MANAGER_RPM);

  /* A Debian machine with rpm installed: dpkg owns it. */
  make_under (root, "/var/lib/dpkg/status", TRUE);
  g_assert_cmpint (detect (root), ==, AVS_PACKAGE_MANAGER_DPKG);

  remove_tree (root);
}

static void
test_query_argv (void)
{
  assert_argv (avs_package_manager_dup_query_argv (AVS_PACKAGE_MANAGER_DPKG, "/", NULL, "kesl"),
               (const char * const[]) { "dpkg-query", "--show", "--showformat=${db:Status-Status}\\n",
                                        "--", "kesl", NULL });
  assert_argv (avs_package_manager_dup_query_argv (AVS_PACKAGE_MANAGER_DPKG, "/mnt/disk", NULL, "kesl"),
               (const char * const[]) { "dpkg-query", "--admindir=/mnt/disk/var/lib/dpkg", "--show",
                                        "--showformat=${db:Status-Status}\\n", "--", "kesl", NULL });
  assert_argv (avs_package_manager_dup_query_argv (AVS_PACKAGE_MANAGER_RPM, "/", "/ignored", "kesl"),
               (const char * const[]) { "rpm", "--query", "--", "kesl", NULL });
  assert_argv (avs_package_manager_dup_query_argv (AVS_PACKAGE_MANAGER_RPM, "/mnt/disk",
                                                   "/usr/lib/sysimage/rpm", "kesl"),
               (const char * const[]) { "rpm", "--root", "/mnt/disk", "--dbpath",
                                        "/usr/lib/sysimage/rpm", "--query", "--", "kesl", NULL });
  assert_argv (avs_package_manager_dup_query_argv (AVS_PACKAGE_MANAGER_RPM, "/mnt/disk", NULL, "kesl"),
               (const char * const[]) { "rpm", "--root", "/mnt/disk", "--dbpath", "/var/lib/rpm",
                                        "--query", "--", "kesl", NULL });
  assert_argv (avs_package_manager_dup_query_argv (AVS_PACKAGE_MANAGER_PACMAN, "/", NULL, "kesl"),
               (const char * const[]) { "pacman", "--query", "--", "kesl", NULL });
  assert_argv (avs_package_manager_dup_query_argv (AVS_PACKAGE_MANAGER_PACMAN, "/mnt/disk", NULL, "kesl"),
               (const char * const[]) { "pacman", "--dbpath", "/mnt/disk/var/lib/pacman",
                                        "--query", "--", "kesl", NULL });
  /* A name that looks like an option stays after "--". */
  assert_argv (avs_package_manager_dup_query_argv (AVS_PACKAGE_MANAGER_RPM, "/", NULL, "--eval=x"),
               (const char * const[]) { "rpm", "--query", "--", "--eval=x", NULL });
}

static void
test_remove_argv (void)
{
  /* As the golden plans show them (tests/data/plans). */
  assert_argv (avs_package_manager_dup_remove_argv (AVS_PACKAGE_MANAGER_DPKG, "/", NULL, "kesl"),
               (const char * const[]) { "dpkg", "--remove", "--", "kesl", NULL });
  assert_argv (avs_package_manager_dup_remove_argv (AVS_PACKAGE_MANAGER_DPKG, "@ROOT@", NULL, "kav4fs"),
               (const char * const[]) { "dpkg", "--root=@ROOT@", "--remove", "--", "kav4fs", NULL });
  assert_argv (avs_package_manager_dup_remove_argv (AVS_PACKAGE_MANAGER_RPM, "/", NULL, "kesl"),
               (const char * const[]) { "rpm", "--erase", "--", "kesl", NULL });
  assert_argv (avs_package_manager_dup_remove_argv (AVS_PACKAGE_MANAGER_RPM, "/mnt/disk", "/var/lib/rpm", "kesl"),
               (const char * const[]) { "rpm", "--root", "/mnt/disk", "--dbpath", "/var/lib/rpm",
                                        "--erase", "--", "kesl", NULL });
  assert_argv (avs_package_manager_dup_remove_argv (AVS_PACKAGE_MANAGER_PACMAN, "/", NULL, "kesl"),
               (const char * const[]) { "pacman", "--remove", "--noconfirm", "--", "kesl", NULL });
  /* Changing a root needs pacman's --sysroot (its scripts run inside), not --dbpath. */
  assert_argv (avs_package_manager_dup_remove_argv (AVS_PACKAGE_MANAGER_PACMAN, "/mnt/disk", NULL, "kesl"),
               (const char * const[]) { "pacman", "--sysroot", "/mnt/disk", "--remove", "--noconfirm",
                                        "--", "kesl", NULL });
}

static void
test_purge_argv (void)
{
  static const char * const packages[] = { "kesl-gui", "kesl", "klnagent64", NULL };

  g_assert_true (avs_package_manager_has_purge (AVS_PACKAGE_MANAGER_DPKG));
  g_assert_false (avs_package_manager_has_purge (AVS_PACKAGE_MANAGER_RPM));
  g_assert_false (avs_package_manager_has_purge (AVS_PACKAGE_MANAGER_PACMAN));
  g_assert_null (avs_package_manager_dup_purge_argv (AVS_PACKAGE_MANAGER_RPM, "/", packages));
  g_assert_null (avs_package_manager_dup_purge_argv (AVS_PACKAGE_MANAGER_PACMAN, "/", packages));

  assert_argv (avs_package_manager_dup_purge_argv (AVS_PACKAGE_MANAGER_DPKG, "/", packages),
               (const char * const[]) { "dpkg", "--purge", "--", "kesl-gui", "kesl", "klnagent64", NULL });
  assert_argv (avs_package_manager_dup_purge_argv (AVS_PACKAGE_MANAGER_DPKG, "@ROOT@",
                                                   (const char * const[]) { "kav4fs", NULL }),
               (const char * const[]) { "dpkg", "--root=@ROOT@", "--purge", "--", "kav4fs", NULL });
}

static void
test_list_argv (void)
{
  assert_argv (avs_package_manager_dup_list_argv (AVS_PACKAGE_MANAGER_RPM, "/", "/var/lib/rpm"),
               (const char * const[]) { "rpm", "--root", "/", "--dbpath", "/var/lib/rpm", "-qa", "--qf",
                                        "%{NAME}\\t%{VERSION}-%{RELEASE}\\t%{VENDOR}\\t%{PACKAGER}\\n",
                                        NULL });
  assert_argv (avs_package_manager_dup_files_argv (AVS_PACKAGE_MANAGER_RPM, "/mnt/disk",
                                                   "/usr/lib/sysimage/rpm", "kesl"),
               (const char * const[]) { "rpm", "--root", "/mnt/disk", "--dbpath",
                                        "/usr/lib/sysimage/rpm", "-ql", "kesl", NULL });
  /* dpkg's and pacman's databases are read as files. */
  g_assert_null (avs_package_manager_dup_list_argv (AVS_PACKAGE_MANAGER_DPKG, "/", NULL));
  g_assert_null (avs_package_manager_dup_list_argv (AVS_PACKAGE_MANAGER_PACMAN, "/", NULL));
  g_assert_null (avs_package_manager_dup_files_argv (AVS_PACKAGE_MANAGER_DPKG, "/", NULL, "kesl"));
}

static void
test_parse_query (void)
{
  g_assert_cmpint (avs_package_manager_parse_query (AVS_PACKAGE_MANAGER_DPKG, 0, "installed\n"),
                   ==, AVS_PACKAGE_QUERY_INSTALLED);
  g_assert_cmpint (avs_package_manager_parse_query (AVS_PACKAGE_MANAGER_DPKG, 0, " config-files \n"),
                   ==, AVS_PACKAGE_QUERY_CONFIG_FILES);
  g_assert_cmpint (avs_package_manager_parse_query (AVS_PACKAGE_MANAGER_DPKG, 0, "not-installed"),
                   ==, AVS_PACKAGE_QUERY_NOT_INSTALLED);
  g_assert_cmpint (avs_package_manager_parse_query (AVS_PACKAGE_MANAGER_DPKG, 0, "half-installed"),
                   ==, AVS_PACKAGE_QUERY_OTHER);
  g_assert_cmpint (avs_package_manager_parse_query (AVS_PACKAGE_MANAGER_DPKG, 0, NULL),
                   ==, AVS_PACKAGE_QUERY_OTHER);
  g_assert_cmpint (avs_package_manager_parse_query (AVS_PACKAGE_MANAGER_DPKG, 1, "installed"),
                   ==, AVS_PACKAGE_QUERY_NOT_INSTALLED);
  /* rpm and pacman print the package's name and version; only the exit status counts. */
  g_assert_cmpint (avs_package_manager_parse_query (AVS_PACKAGE_MANAGER_RPM, 0, "kesl-12.1.0-1297.x86_64"),
                   ==, AVS_PACKAGE_QUERY_INSTALLED);
  g_assert_cmpint (avs_package_manager_parse_query (AVS_PACKAGE_MANAGER_RPM, 1, "package kesl is not installed"),
                   ==, AVS_PACKAGE_QUERY_NOT_INSTALLED);
  g_assert_cmpint (avs_package_manager_parse_query (AVS_PACKAGE_MANAGER_PACMAN, 0, "not-installed"),
                   ==, AVS_PACKAGE_QUERY_INSTALLED);
}

static void
test_frontends (void)
{
  static const char * const packages[] = { "clamav", "clamav-daemon", NULL };
  const char * const *rpm = avs_package_manager_get_frontends (AVS_PACKAGE_MANAGER_RPM);

  g_assert_cmpuint (g_strv_length ((char **) rpm), ==, 3);
  g_assert_true (g_strv_contains (rpm, "dnf") && g_strv_contains (rpm, "yum") &&
                 g_strv_contains (rpm, "zypper"));
  g_assert_cmpstr (avs_package_manager_get_frontends (AVS_PACKAGE_MANAGER_DPKG)[0], ==, "apt");
  g_assert_cmpstr (avs_package_manager_get_frontends (AVS_PACKAGE_MANAGER_PACMAN)[0], ==, "pacman");
  g_assert_null (avs_package_manager_get_frontends (AVS_PACKAGE_MANAGER_NONE)[0]);

  g_assert_cmpint (avs_package_manager_for_frontend ("apt"), ==, AVS_PACKAGE_MANAGER_DPKG);
  g_assert_cmpint (avs_package_manager_for_frontend ("yum"), ==, AVS_PACKAGE_MANAGER_RPM);
  g_assert_cmpint (avs_package_manager_for_frontend ("zypper"), ==, AVS_PACKAGE_MANAGER_RPM);
  g_assert_cmpint (avs_package_manager_for_frontend ("pacman"), ==, AVS_PACKAGE_MANAGER_PACMAN);
  g_assert_cmpint (avs_package_manager_for_frontend ("auto"), ==, AVS_PACKAGE_MANAGER_NONE);
  g_assert_cmpint (avs_package_manager_for_frontend ("dpkg"), ==, AVS_PACKAGE_MANAGER_NONE);
  g_assert_cmpint (avs_package_manager_for_frontend (NULL), ==, AVS_PACKAGE_MANAGER_NONE);

  assert_argv (avs_package_manager_dup_install_argv ("apt", packages),
               (const char * const[]) { "apt-get", "install", "--yes", "--", "clamav", "clamav-daemon", NULL });
  assert_argv (avs_package_manager_dup_install_argv ("dnf", packages),
               (const char * const[]) { "dnf", "install", "--assumeyes", "--", "clamav", "clamav-daemon", NULL });
  assert_argv (avs_package_manager_dup_install_argv ("yum", packages),
               (const char * const[]) { "yum", "install", "-y", "--", "clamav", "clamav-daemon", NULL });
  assert_argv (avs_package_manager_dup_install_argv ("zypper", packages),
               (const char * const[]) { "zypper", "--non-interactive", "install", "--", "clamav",
                                        "clamav-daemon", NULL });
  assert_argv (avs_package_manager_dup_install_argv ("pacman", packages),
               (const char * const[]) { "pacman", "--sync", "--needed", "--noconfirm", "--", "clamav",
                                        "clamav-daemon", NULL });
  g_assert_null (avs_package_manager_dup_install_argv ("auto", packages));
  g_assert_null (avs_package_manager_dup_install_argv (NULL, packages));
}

int
main (int    argc,
      char **argv)
{
  avs_test_init (&argc, &argv);

  g_test_add_func ("/package-manager/names", test_names);
  g_test_add_func ("/package-manager/databases", test_databases);
  g_test_add_func ("/package-manager/detect", test_detect);
  g_test_add_func ("/package-manager/query-argv", test_query_argv);
  g_test_add_func ("/package-manager/remove-argv", test_remove_argv);
  g_test_add_func ("/package-manager/purge-argv", test_purge_argv);
  g_test_add_func ("/package-manager/list-argv", test_list_argv);
  g_test_add_func ("/package-manager/parse-query", test_parse_query);
  g_test_add_func ("/package-manager/frontends", test_frontends);
  return g_test_run ();
}
