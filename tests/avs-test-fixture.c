/* avs-test-fixture.c — fake machines for tests, built with the real tools in a temporary folder
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "avs-test-common.h"
#include "avs-test-fixture.h"

#define NEUTRAL_MAINTAINER "Test Packager <packager@example.invalid>"

struct _AvsFixture
{
  char  *base;   /* temporary folder: root/ and work/ */
  char  *root;
  char  *work;   /* build area for packages and keys */
  guint  counter;
};

char *
avs_fixture_run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *command = g_strjoinv (" ", (char **) argv);
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, &error))
    g_error ("fixture: could not run %s: %s", command, error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("fixture: %s failed (%s)\nstdout: %s\nstderr: %s", command, error->message, out, err);
  return g_steal_pointer (&out);
}

gboolean
avs_fixture_require (const char *program)
{
  g_autofree char *found = g_find_program_in_path (program);

  if (found != NULL)
    return TRUE;
  {
    g_autofree char *message = g_strdup_printf ("%s is not installed (build-aux/dev installs it)", program);
    g_test_skip (message);
  }
  return FALSE;
}

const char *
avs_fixture_get_root (AvsFixture *fixture)
{
  return fixture->root;
}

const char *
avs_fixture_get_base (AvsFixture *fixture)
{
  return fixture->base;
}

char *
avs_fixture_path (AvsFixture *fixture,
                  const char *path)
{
  g_assert (path != NULL && path[0] == '/');
  return g_strconcat (fixture->root, path, NULL);
}

static void
mkdir_host (const char *dir)
{
  if (g_mkdir_with_parents (dir, 0755) != 0)
    g_error ("fixture: could not create %s: %s", dir, g_strerror (errno));
}

void
avs_fixture_mkdir (AvsFixture *fixture,
                   const char *path)
{
  g_autofree char *full = avs_fixture_path (fixture, path);
  mkdir_host (full);
}

void
avs_fixture_write (AvsFixture *fixture,
                   const char *path,
                   const char *content)
{
  g_autofree char *full = avs_fixture_path (fixture, path);
  g_autofree char *dir = g_path_get_dirname (full);
  g_autoptr(GError) error = NULL;

  mkdir_host (dir);
  if (!g_file_set_contents (full, content, -1, &error))
    g_error ("fixture: %s", error->message);
}

static void
append (AvsFixture *fixture,
        const char *path,
        const char *content)
{
  g_autofree char *full = avs_fixture_path (fixture, path);
  g_autofree char *old = NULL;
  g_autofree char *text = NULL;

  g_file_get_contents (full, &old, NULL, NULL);
  text = g_strconcat (old != NULL ? old : "", content, NULL);
  avs_fixture_write (fixture, path, text);
}

void
avs_fixture_symlink (AvsFixture *fixture,
                     const char *path,
                     const char *target)
{
  g_autofree char *full = avs_fixture_path (fixture, path);
  g_autofree char *dir = g_path_get_dirname (full);

  mkdir_host (dir);
  if (symlink (target, full) != 0)
    g_error ("fixture: symlink %s → %s: %s", full, target, g_strerror (errno));
}

void
avs_fixture_chmod (AvsFixture *fixture,
                   const char *path,
                   int         mode)
{
  g_autofree char *full = avs_fixture_path (fixture, path);
  g_assert_cmpint (g_chmod (full, mode), ==, 0);
}

AvsFixture *
avs_fixture_new (const char *os_id)
{
  AvsFixture *fixture = g_new0 (AvsFixture, 1);
  g_autofree char *os_release = NULL;
  const char *pretty;

  /* Removed when the test ends even if the fixture is not freed. */
  fixture->base = avs_test_make_tmpdir ("avs-fixture-XXXXXX");
  fixture->root = g_build_filename (fixture->base, "root", NULL);
  fixture->work = g_build_filename (fixture->base, "work", NULL);
  mkdir_host (fixture->root);
  mkdir_host (fixture->work);

  if (os_id == NULL)
    os_id = "debian";
  if (g_str_equal (os_id, "fedora"))
    pretty = "Fedora Linux 40 (Workstation Edition)";
  else if (g_str_equal (os_id, "opensuse-leap"))
    pretty = "openSUSE Leap 15.6";
  else if (g_str_equal (os_id, "arch"))
    pretty = "Arch Linux";
  else
    pretty = "Debian GNU/Linux 12 (bookworm)";
  os_release = g_strdup_printf ("PRETTY_NAME=\"%s\"\nID=%s\nVERSION_ID=\"1\"\n", pretty, os_id);
  avs_fixture_write (fixture, "/etc/os-release", os_release);
  avs_fixture_write (fixture, "/etc/group", "root:x:0:\nusers:x:100:\n");
  avs_fixture_write (fixture, "/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
  avs_fixture_mkdir (fixture, "/root");
  return fixture;
}

void
avs_fixture_free (AvsFixture *fixture)
{
  if (fixture == NULL)
    return;
  avs_test_rm_rf (fixture->base);
  g_free (fixture->base);
  g_free (fixture->root);
  g_free (fixture->work);
  g_free (fixture);
}

void
avs_fixture_add_group (AvsFixture *fixture,
                       const char *name)
{
  g_autofree char *line = g_strdup_printf ("%s:x:%u:\n", name, 990 - fixture->counter++);
  append (fixture, "/etc/group", line);
}

char *
avs_fixture_add_user (AvsFixture *fixture,
                      const char *name,
                      guint       uid)
{
  g_autofree char *home = g_build_filename ("/home", name, NULL);
  g_autofree char *line = g_strdup_printf ("%s:x:%u:%u::%s:/bin/bash\n", name, uid, uid, home);

  append (fixture, "/etc/passwd", line);
  avs_fixture_mkdir (fixture, home);
  return g_steal_pointer (&home);
}

/* Packages --------------------------------------------------------------------------------------- */

/* Lays the package's files out under @dir. */
static void
lay_out (const char              *dir,
         const AvsFixturePackage *package)
{
  for (guint i = 0; package->files != NULL && package->files[i] != NULL; i++)
    {
      g_autofree char *full = g_strconcat (dir, package->files[i], NULL);

      if (g_str_has_suffix (package->files[i], "/"))
        mkdir_host (full);
      else
        {
          g_autofree char *parent = g_path_get_dirname (full);
          g_autofree char *content = g_strdup_printf ("%s %s\n", package->name, package->files[i]);
          mkdir_host (parent);
          g_assert_true (g_file_set_contents (full, content, -1, NULL));
        }
    }
  for (guint i = 0; package->symlinks != NULL && package->symlinks[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (package->symlinks[i], "=", 2);
      g_autofree char *full = g_strconcat (dir, parts[0], NULL);
      g_autofree char *parent = g_path_get_dirname (full);

      mkdir_host (parent);
      g_assert_cmpint (symlink (parts[1], full), ==, 0);
    }
}

static void
dpkg_init (AvsFixture *fixture)
{
  g_autofree char *status = avs_fixture_path (fixture, "/var/lib/dpkg/status");

  if (g_file_test (status, G_FILE_TEST_EXISTS))
    return;
  avs_fixture_mkdir (fixture, "/var/lib/dpkg/info");
  avs_fixture_mkdir (fixture, "/var/lib/dpkg/updates");
  avs_fixture_write (fixture, "/var/lib/dpkg/status", "");
  avs_fixture_write (fixture, "/var/lib/dpkg/available", "");
}

/* Builds the .deb in the work folder; returns its path. */
static char *
dpkg_build (AvsFixture              *fixture,
            const AvsFixturePackage *package)
{
  g_autofree char *tree = g_strdup_printf ("%s/deb-%u", fixture->work, fixture->counter++);
  g_autofree char *debian = g_build_filename (tree, "DEBIAN", NULL);
  g_autofree char *control_path = g_build_filename (debian, "control", NULL);
  g_autofree char *deb = g_strconcat (tree, ".deb", NULL);
  g_autofree char *control = NULL;
  g_autofree char *out = NULL;

  mkdir_host (debian);
  lay_out (tree, package);
  control = g_strdup_printf ("Package: %s\nVersion: %s\nArchitecture: %s\nMaintainer: %s\n"
                             "%s%s%sDescription: fake package for AV Switch tests\n",
                             package->name, package->version,
                             package->arch != NULL ? package->arch : "amd64",
                             package->maintainer != NULL ? package->maintainer : NEUTRAL_MAINTAINER,
                             package->depends != NULL ? "Depends: " : "",
                             package->depends != NULL ? package->depends : "",
                             package->depends != NULL ? "\n" : "");
  g_assert_true (g_file_set_contents (control_path, control, -1, NULL));
  if (package->prerm != NULL)
    {
      g_autofree char *prerm_path = g_build_filename (debian, "prerm", NULL);
      g_assert_true (g_file_set_contents (prerm_path, package->prerm, -1, NULL));
      g_assert_cmpint (g_chmod (prerm_path, 0755), ==, 0);
    }
  if (package->conffiles != NULL && package->conffiles[0] != NULL)
    {
      g_autofree char *conffiles_path = g_build_filename (debian, "conffiles", NULL);
      g_autofree char *list = g_strjoinv ("\n", (char **) package->conffiles);
      g_autofree char *text = g_strconcat (list, "\n", NULL);
      g_assert_true (g_file_set_contents (conffiles_path, text, -1, NULL));
    }

  {
    const char *argv[] = { "dpkg-deb", "-Zgzip", "-z1", "--root-owner-group", "--build", tree, deb, NULL };
    out = avs_fixture_run (argv);
  }
  return g_steal_pointer (&deb);
}

void
avs_fixture_dpkg_install (AvsFixture              *fixture,
                          const AvsFixturePackage *package)
{
  g_autofree char *root_arg = g_strconcat ("--root=", fixture->root, NULL);
  g_autofree char *deb = NULL;
  g_autofree char *out = NULL;

  dpkg_init (fixture);
  deb = dpkg_build (fixture, package);
  {
    const char *argv[] = {
      "dpkg", root_arg, "--force-not-root", "--force-script-chrootless", "--force-bad-path",
      "--force-architecture", "--no-triggers", "--log=/dev/null", "-i", deb, NULL
    };
    out = avs_fixture_run (argv);
  }
}

void
avs_fixture_dpkg_remove (AvsFixture *fixture,
                         const char *name)
{
  g_autofree char *root_arg = g_strconcat ("--root=", fixture->root, NULL);
  const char *argv[] = {
    "dpkg", root_arg, "--force-not-root", "--force-script-chrootless", "--force-bad-path",
    "--no-triggers", "--log=/dev/null", "-r", name, NULL
  };
  g_autofree char *out = avs_fixture_run (argv);
}

void
avs_fixture_dpkg_add_unrelated (AvsFixture *fixture,
                                const char *prefix,
                                guint       count)
{
  g_autofree char *status = avs_fixture_path (fixture, "/var/lib/dpkg/status");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *old = NULL;

  dpkg_init (fixture);
  g_file_get_contents (status, &old, NULL, NULL);
  g_string_append (text, old);
  for (guint i = 0; i < count; i++)
    g_string_append_printf (text,
                            "Package: %s-%u\nStatus: install ok installed\nPriority: optional\n"
                            "Section: misc\nInstalled-Size: 42\nMaintainer: Debian Developers <devel@example.invalid>\n"
                            "Architecture: amd64\nVersion: 1.%u-1\nDepends: libc6 (>= 2.34)\n"
                            "Description: unrelated package %u\n a longer description line\n .\n second paragraph\n\n",
                            prefix, i, i, i);
  g_assert_true (g_file_set_contents (status, text->str, (gssize) text->len, NULL));
}

void
avs_fixture_rpm_install (AvsFixture              *fixture,
                         const AvsFixturePackage *package,
                         const char              *dbpath)
{
  g_autofree char *top = g_strdup_printf ("%s/rpm-%u", fixture->work, fixture->counter++);
  g_autofree char *spec_path = g_build_filename (top, "pkg.spec", NULL);
  g_autofree char *define_top = g_strdup_printf ("_topdir %s", top);
  g_autofree char *rpms = g_build_filename (top, "RPMS", NULL);
  g_autoptr(GString) spec = g_string_new (NULL);
  g_auto(GStrv) version = g_strsplit (package->version, "-", 2);
  const char *arch = package->arch != NULL ? package->arch : "noarch";
  g_autofree char *rpm = NULL;
  g_autofree char *out = NULL;

  mkdir_host (top);
  g_string_append_printf (spec,
                          "Name: %s\nVersion: %s\nRelease: %s\nSummary: fake package\nLicense: none\n"
                          "Vendor: %s\nBuildArch: %s\n%%description\nfake package for AV Switch tests\n"
                          "%%install\n",
                          package->name, version[0], version[1] != NULL ? version[1] : "1",
                          package->maintainer != NULL ? package->maintainer : NEUTRAL_MAINTAINER, arch);
  for (guint i = 0; package->files != NULL && package->files[i] != NULL; i++)
    {
      g_autofree char *dir = g_path_get_dirname (package->files[i]);
      if (g_str_has_suffix (package->files[i], "/"))
        g_string_append_printf (spec, "mkdir -p '%%{buildroot}%s'\n", package->files[i]);
      else
        g_string_append_printf (spec, "mkdir -p '%%{buildroot}%s'\necho x > '%%{buildroot}%s'\n",
                                dir, package->files[i]);
    }
  for (guint i = 0; package->symlinks != NULL && package->symlinks[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (package->symlinks[i], "=", 2);
      g_autofree char *dir = g_path_get_dirname (parts[0]);
      g_string_append_printf (spec, "mkdir -p '%%{buildroot}%s'\nln -s '%s' '%%{buildroot}%s'\n",
                              dir, parts[1], parts[0]);
    }
  g_string_append (spec, "%files\n");
  for (guint i = 0; package->files != NULL && package->files[i] != NULL; i++)
    {
      gboolean config = package->conffiles != NULL &&
                        g_strv_contains (package->conffiles, package->files[i]);
      g_string_append_printf (spec, "%s\"%s\"\n", config ? "%config(noreplace) " : "", package->files[i]);
    }
  for (guint i = 0; package->symlinks != NULL && package->symlinks[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (package->symlinks[i], "=", 2);
      g_string_append_printf (spec, "\"%s\"\n", parts[0]);
    }
  g_assert_true (g_file_set_contents (spec_path, spec->str, -1, NULL));

  {
    const char *argv[] = {
      "rpmbuild", "--quiet", "-bb", "--define", define_top, "--define", "_build_id_links none",
      "--define", "__os_install_post %{nil}", "--define", "_binary_payload w1.gzdio",
      "--define", "debug_package %{nil}", spec_path, NULL
    };
    g_autofree char *built = avs_fixture_run (argv);
  }
  {
    const char *argv[] = { "find", rpms, "-name", "*.rpm", NULL };
    rpm = g_strstrip (avs_fixture_run (argv));
    g_assert_true (g_str_has_suffix (rpm, ".rpm"));
  }
  {
    const char *argv[] = {
      "rpm", "--root", fixture->root, "--dbpath", dbpath != NULL ? dbpath : "/var/lib/rpm",
      "--nodeps", "--noscripts", "--notriggers", "--ignorearch", "--ignoreos", "-i", rpm, NULL
    };
    out = avs_fixture_run (argv);
  }
}

void
avs_fixture_pacman_install (AvsFixture              *fixture,
                            const AvsFixturePackage *package)
{
  g_autofree char *dir = g_strdup_printf ("/var/lib/pacman/local/%s-%s", package->name, package->version);
  g_autofree char *desc_path = g_build_filename (dir, "desc", NULL);
  g_autofree char *files_path = g_build_filename (dir, "files", NULL);
  g_autofree char *desc = NULL;
  g_autoptr(GString) files = g_string_new ("%FILES%\n");

  avs_fixture_write (fixture, "/var/lib/pacman/local/ALPM_DB_VERSION", "9\n");
  desc = g_strdup_printf ("%%NAME%%\n%s\n\n%%VERSION%%\n%s\n\n%%ARCH%%\n%s\n\n%%PACKAGER%%\n%s\n\n",
                          package->name, package->version,
                          package->arch != NULL ? package->arch : "x86_64",
                          package->maintainer != NULL ? package->maintainer : NEUTRAL_MAINTAINER);
  avs_fixture_write (fixture, desc_path, desc);
  for (guint i = 0; package->files != NULL && package->files[i] != NULL; i++)
    g_string_append_printf (files, "%s\n", package->files[i] + 1);
  for (guint i = 0; package->symlinks != NULL && package->symlinks[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (package->symlinks[i], "=", 2);
      g_string_append_printf (files, "%s\n", parts[0] + 1);
    }
  avs_fixture_write (fixture, files_path, files->str);
  lay_out (fixture->root, package);
}

/* Services --------------------------------------------------------------------------------------- */

void
avs_fixture_add_unit (AvsFixture *fixture,
                      const char *dir,
                      const char *name,
                      const char *exec_start)
{
  g_autofree char *path = g_build_filename (dir != NULL ? dir : "/usr/lib/systemd/system", name, NULL);
  g_autofree char *content = g_strdup_printf ("[Unit]\nDescription=%s\n\n[Service]\nExecStart=%s\n\n"
                                              "[Install]\nWantedBy=multi-user.target\n",
                                              name, exec_start != NULL ? exec_start : "/bin/true");
  avs_fixture_write (fixture, path, content);
}

void
avs_fixture_add_init_script (AvsFixture *fixture,
                             const char *name)
{
  g_autofree char *path = g_build_filename ("/etc/init.d", name, NULL);
  avs_fixture_write (fixture, path, "#!/bin/sh\n### BEGIN INIT INFO\n### END INIT INFO\nexit 0\n");
  avs_fixture_chmod (fixture, path, 0755);
}

/* Certificates ---------------------------------------------------------------------------------- */

char *
avs_fixture_make_ca_pem (AvsFixture *fixture,
                         const char *subject)
{
  g_autofree char *key = g_build_filename (fixture->work, "ca.key", NULL);
  g_autofree char *pem = g_strdup_printf ("%s/ca-%u.pem", fixture->work, fixture->counter++);
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;

  /* One key for every CA of the fixture: key generation is the slow part. */
  if (!g_file_test (key, G_FILE_TEST_EXISTS))
    {
      const char *genkey[] = { "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                               "ec_paramgen_curve:prime256v1", "-out", key, NULL };
      g_free (avs_fixture_run (genkey));
    }
  {
    const char *argv[] = {
      "openssl", "req", "-x509", "-new", "-key", key, "-out", pem, "-days", "3650",
      "-subj", subject, "-utf8", "-addext", "basicConstraints=critical,CA:TRUE", NULL
    };
    out = avs_fixture_run (argv);
  }

  g_assert_true (g_file_get_contents (pem, &text, NULL, NULL));
  return g_steal_pointer (&text);
}

void
avs_fixture_add_ca (AvsFixture *fixture,
                    const char *path,
                    const char *subject)
{
  g_autofree char *pem = avs_fixture_make_ca_pem (fixture, subject);
  avs_fixture_write (fixture, path, pem);
}

void
avs_fixture_nss_add_ca (AvsFixture *fixture,
                        const char *dir,
                        const char *nickname,
                        const char *subject)
{
  g_autofree char *full = avs_fixture_path (fixture, dir);
  g_autofree char *db = g_strconcat ("sql:", full, NULL);
  g_autofree char *cert9 = g_build_filename (full, "cert9.db", NULL);
  g_autofree char *pem = avs_fixture_make_ca_pem (fixture, subject);
  g_autofree char *pem_path = g_strdup_printf ("%s/nss-%u.pem", fixture->work, fixture->counter++);

  mkdir_host (full);
  if (!g_file_test (cert9, G_FILE_TEST_EXISTS))
    {
      const char *argv[] = { "certutil", "-N", "-d", db, "--empty-password", NULL };
      g_autofree char *out = avs_fixture_run (argv);
    }
  g_assert_true (g_file_set_contents (pem_path, pem, -1, NULL));
  {
    const char *argv[] = { "certutil", "-A", "-d", db, "-n", nickname, "-t", "C,,", "-i", pem_path, NULL };
    g_autofree char *out = avs_fixture_run (argv);
  }
}

/* Browsers --------------------------------------------------------------------------------------- */

char *
avs_fixture_chromium_profile (AvsFixture *fixture,
                              const char *home,
                              const char *browser_dir,
                              const char *profile,
                              const char *extension_id,
                              gboolean    as_folder)
{
  g_autofree char *dir = g_build_filename (home, ".config", browser_dir, profile, NULL);
  g_autofree char *prefs_path = g_build_filename (dir, "Preferences", NULL);
  g_autofree char *prefs = NULL;

  if (extension_id != NULL && !as_folder)
    prefs = g_strdup_printf ("{\"browser\": {\"window_placement\": {}}, \"extensions\": {\"settings\": "
                             "{\"ghbmnnjooekpmoecnnnilnnbdlolhkhi\": {\"state\": 1}, "
                             "\"%s\": {\"state\": 1, \"location\": 1}}}}", extension_id);
  else
    prefs = g_strdup ("{\"browser\": {}, \"extensions\": {\"settings\": "
                      "{\"ghbmnnjooekpmoecnnnilnnbdlolhkhi\": {\"state\": 1}}}}");
  avs_fixture_write (fixture, prefs_path, prefs);
  {
    g_autofree char *docs = g_build_filename (dir, "Extensions/ghbmnnjooekpmoecnnnilnnbdlolhkhi/1.0_0/manifest.json", NULL);
    avs_fixture_write (fixture, docs, "{\"name\": \"Google Docs Offline\"}");
  }
  if (extension_id != NULL && as_folder)
    {
      g_autofree char *manifest = g_build_filename (dir, "Extensions", extension_id, "1.0_0/manifest.json", NULL);
      avs_fixture_write (fixture, manifest, "{\"name\": \"Kaspersky Protection\"}");
    }
  return g_steal_pointer (&dir);
}

char *
avs_fixture_firefox_profile (AvsFixture *fixture,
                             const char *home,
                             const char *profile,
                             const char *extension_id)
{
  g_autofree char *dir = g_build_filename (home, ".mozilla/firefox", profile, NULL);
  g_autofree char *prefs = g_build_filename (dir, "prefs.js", NULL);
  g_autofree char *ext_json = g_build_filename (dir, "extensions.json", NULL);
  g_autofree char *json = NULL;

  avs_fixture_write (fixture, prefs, "user_pref(\"browser.startup.page\", 3);\n");
  json = g_strdup_printf ("{\"schemaVersion\": 36, \"addons\": [{\"id\": \"uBlock0@raymondhill.net\", \"active\": true}%s%s%s]}",
                          extension_id != NULL ? ", {\"id\": \"" : "",
                          extension_id != NULL ? extension_id : "",
                          extension_id != NULL ? "\", \"active\": true}" : "");
  avs_fixture_write (fixture, ext_json, json);
  if (extension_id != NULL)
    {
      g_autofree char *xpi = g_strdup_printf ("%s/extensions/%s.xpi", dir, extension_id);
      avs_fixture_write (fixture, xpi, "PK");
    }
  return g_steal_pointer (&dir);
}

/* Windows ---------------------------------------------------------------------------------------- */

void
avs_fixture_windows_install (AvsFixture *fixture,
                             const char *volume,
                             const char *program_files,
                             const char *product)
{
  g_autofree char *exe = g_build_filename (volume, program_files, "Kaspersky Lab", product, "avp.exe", NULL);
  g_autofree char *windows = g_build_filename (volume, "Windows/System32/ntoskrnl.exe", NULL);

  avs_fixture_write (fixture, exe, "MZ");
  avs_fixture_write (fixture, windows, "MZ");
}
