/* test-scanner.c — every product found on its fixture machine, nothing on a clean one, and hostile
 * fixtures (escaping links, unreadable homes, corrupt databases) give clear "could not check"
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include "avs-host-private.h"
#include "avs-scanner.h"
#include "avs-test-common.h"
#include "avs-test-fixture.h"

#define KASPERSKY "AO Kaspersky Lab <support@kaspersky.example>"

static AvsScanResult *
scan_fixture (AvsFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsScanner) scanner = avs_scanner_new_for_root (avs_fixture_get_root (fixture), NULL, &error);
  AvsScanResult *result;

  g_assert_no_error (error);
  result = avs_scanner_scan_sync (scanner, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  {
    g_autofree char *json = avs_scan_result_to_data (result, NULL);
    g_test_message ("%s", json);
  }
  return result;
}

static AvsFinding *
expect (AvsScanResult   *result,
        const char      *product,
        AvsInstallState  state)
{
  AvsFinding *finding = avs_scan_result_find (result, product);

  if (finding == NULL)
    g_error ("expected a finding for %s", product);
  g_assert_cmpint (avs_finding_get_state (finding), ==, state);
  return finding;
}

static void
expect_only (AvsScanResult      *result,
             const char * const *products)
{
  GPtrArray *findings = avs_scan_result_get_findings (result);

  for (guint i = 0; i < findings->len; i++)
    {
      const char *id = avs_finding_get_product_id (g_ptr_array_index (findings, i));
      if (!g_strv_contains (products, id))
        g_error ("unexpected finding %s", id);
    }
  g_assert_cmpuint (findings->len, ==, g_strv_length ((char **) products));
}

static gboolean
has_evidence (AvsFinding      *finding,
              AvsEvidenceKind  kind,
              const char      *value,
              const char      *detail)
{
  GPtrArray *evidence = avs_finding_get_evidence (finding);

  for (guint i = 0; i < evidence->len; i++)
    {
      AvsEvidence *e = g_ptr_array_index (evidence, i);
      if (e->kind == kind && g_str_equal (e->value, value) &&
          (detail == NULL || (e->detail != NULL && strstr (e->detail, detail) != NULL)))
        return TRUE;
    }
  return FALSE;
}

static AvsNotChecked *
find_not_checked (AvsScanResult *result,
                  const char    *fragment)
{
  GPtrArray *entries = avs_scan_result_get_not_checked (result);

  for (guint i = 0; i < entries->len; i++)
    {
      AvsNotChecked *e = g_ptr_array_index (entries, i);
      if (strstr (e->reason, fragment) != NULL || strstr (e->what, fragment) != NULL ||
          (e->path != NULL && strstr (e->path, fragment) != NULL))
        return e;
    }
  return NULL;
}

static gboolean
have_tools (void)
{
  return avs_fixture_require ("dpkg-deb") && avs_fixture_require ("dpkg") &&
         avs_fixture_require ("rpmbuild") && avs_fixture_require ("rpm") &&
         avs_fixture_require ("openssl") && avs_fixture_require ("certutil");
}

/* A clean machine ------------------------------------------------------------------------------ */

static void
test_clean_machine (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  g_autofree char *home = NULL;
  g_autofree char *profile = NULL;
  const AvsFixturePackage decoy = {
    /* A package with a Kaspersky product's name but nothing of Kaspersky in it. */
    .name = "kics", .version = "1.0-1",
    .files = (const char * const[]) { "/usr/share/doc/kics/README", NULL },
  };

  if (!have_tools ())
    return;
  f = avs_fixture_new ("debian");
  avs_fixture_dpkg_add_unrelated (f, "unrelated", 3000);
  avs_fixture_dpkg_install (f, &decoy);
  avs_fixture_add_group (f, "sudo");
  avs_fixture_add_group (f, "kesl-fans-are-not-a-thing");
  avs_fixture_add_unit (f, NULL, "ssh.service", "/usr/sbin/sshd");
  avs_fixture_add_init_script (f, "ssh");
  avs_fixture_add_ca (f, "/usr/local/share/ca-certificates/corp.crt", "/C=DE/O=Example Corp/CN=Example Corp Root CA");
  avs_fixture_add_ca (f, "/etc/ssl/certs/ca-certificates.crt", "/C=US/O=Some Trust/CN=Some Trust Root");
  home = avs_fixture_add_user (f, "alice", 1000);
  profile = avs_fixture_chromium_profile (f, home, "google-chrome", "Default", NULL, FALSE);
  g_free (profile);
  profile = avs_fixture_firefox_profile (f, home, "abcd.default-release", NULL);
  avs_fixture_nss_add_ca (f, "/home/alice/.pki/nssdb", "corp", "/O=Example Corp/CN=Example Corp Inner CA");
  avs_fixture_mkdir (f, "/media/alice/USB/Program Files/Mozilla Firefox");

  result = scan_fixture (f);
  g_assert_true (avs_scan_result_is_clean (result));
  g_assert_false (avs_scan_result_is_managed (result));
  g_assert_cmpstr (avs_scan_result_get_host (result)->id, ==, "debian");
  g_assert_cmpstr (avs_scan_result_get_host (result)->package_manager, ==, "dpkg");
  /* The decoy is named, not counted. */
  g_assert_nonnull (find_not_checked (result, "“kics”"));
}

/* KESL 10, 11, 12 --------------------------------------------------------------------------- */

static void
test_kesl10_deb (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  AvsFinding *kesl;
  const AvsFixturePackage package = {
    .name = "kesl", .version = "10.1.2-9000",
    .files = (const char * const[]) { "/opt/kaspersky/kesl/bin/kesl-control",
                                      "/opt/kaspersky/kesl/bin/kesl-setup.pl", NULL },
  };

  if (!have_tools ())
    return;
  f = avs_fixture_new ("debian");
  avs_fixture_dpkg_add_unrelated (f, "lib", 50);
  avs_fixture_dpkg_install (f, &package);
  avs_fixture_add_init_script (f, "kesl-supervisor");
  avs_fixture_add_unit (f, "/lib/systemd/system", "kesl-supervisor.service", "/opt/kaspersky/kesl/libexec/kesl_launcher.sh");
  avs_fixture_add_group (f, "kesladmin");
  avs_fixture_add_group (f, "nokesl");

  result = scan_fixture (f);
  expect_only (result, (const char * const[]) { "kesl", NULL });
  kesl = expect (result, "kesl", AVS_INSTALL_STATE_INSTALLED);
  g_assert_cmpstr (avs_finding_get_version (kesl), ==, "10.1.2-9000");
  g_assert_true (has_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", "dpkg"));
  g_assert_true (has_evidence (kesl, AVS_EVIDENCE_FILE, "/opt/kaspersky/kesl/bin/kesl-control", NULL));
  g_assert_true (has_evidence (kesl, AVS_EVIDENCE_INIT_SCRIPT, "/etc/init.d/kesl-supervisor", NULL));
  g_assert_true (has_evidence (kesl, AVS_EVIDENCE_UNIT, "kesl-supervisor.service", "/lib/systemd/system/"));
  g_assert_true (has_evidence (kesl, AVS_EVIDENCE_GROUP, "kesladmin", NULL));
  g_assert_true (has_evidence (kesl, AVS_EVIDENCE_DIRECTORY, "/opt/kaspersky", NULL));
  g_assert_false (avs_finding_get_running (kesl));
  g_assert_false (avs_finding_get_managed (kesl));
  g_assert_nonnull (find_not_checked (result, "the disk or folder of another system"));
}

static void
test_kesl11_rpm_with_gui (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  AvsFinding *kesl, *gui;
  GDateTime *updated;
  g_autofree char *db = NULL;
  const AvsFixturePackage kesl_pkg = {
    .name = "kesl", .version = "11.2.0-4528", .arch = "x86_64",
    .files = (const char * const[]) { "/opt/kaspersky/kesl/bin/kesl-control",
                                      "/var/opt/kaspersky/kesl/common/kesl.ini", NULL },
  };
  const AvsFixturePackage gui_pkg = {
    /* Confirmed by its vendor only: its files are outside the Kaspersky folders. */
    .name = "kesl-gui", .version = "11.2.0-4528", .arch = "x86_64", .maintainer = KASPERSKY,
    .files = (const char * const[]) { "/usr/share/applications/kesl-gui.desktop", NULL },
  };

  if (!have_tools ())
    return;
  f = avs_fixture_new ("fedora");
  /* Fedora: the database lives in /usr/lib/sysimage/rpm and /var/lib/rpm links there. */
  avs_fixture_rpm_install (f, &kesl_pkg, "/usr/lib/sysimage/rpm");
  avs_fixture_rpm_install (f, &gui_pkg, "/usr/lib/sysimage/rpm");
  avs_fixture_symlink (f, "/var/lib/rpm", "../../usr/lib/sysimage/rpm");
  avs_fixture_write (f, "/var/opt/kaspersky/kesl/common/updates/base001.avc", "x");
  db = avs_fixture_path (f, "/var/opt/kaspersky/kesl/common/updates/base001.avc");
  {
    struct utimbuf times = { .actime = 1727568000, .modtime = 1727568000 }; /* 2024-09-29 00:00 UTC */
    g_assert_cmpint (g_utime (db, (struct utimbuf *) &times), ==, 0);
  }
  avs_fixture_add_unit (f, "/etc/systemd/system", "kesl.service", "/opt/kaspersky/kesl/libexec/kesl_launcher.sh");

  result = scan_fixture (f);
  expect_only (result, (const char * const[]) { "kesl", "kesl-gui", NULL });
  kesl = expect (result, "kesl", AVS_INSTALL_STATE_INSTALLED);
  gui = expect (result, "kesl-gui", AVS_INSTALL_STATE_INSTALLED);
  g_assert_cmpstr (avs_finding_get_version (kesl), ==, "11.2.0-4528");
  g_assert_true (has_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", "rpm"));
  g_assert_true (has_evidence (gui, AVS_EVIDENCE_PACKAGE, "kesl-gui", "rpm"));
  g_assert_true (has_evidence (kesl, AVS_EVIDENCE_UNIT, "kesl.service", "/etc/systemd/system"));
  updated = avs_finding_get_signatures_updated (kesl);
  g_assert_nonnull (updated);
  g_assert_cmpint (g_date_time_to_unix (updated), ==, 1727568000);
  g_assert_cmpstr (avs_scan_result_get_host (result)->package_manager, ==, "rpm");
  /* Read once although two paths lead to the database. */
  g_assert_cmpuint (avs_finding_get_evidence (kesl)->len, >=, 3);
}

static void
test_kesl12_symlink_layout (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  AvsFinding *kesl;
  const char *real = "/var/opt/kaspersky/kesl/install_12.1.0.1297/opt/kaspersky/kesl";
  const AvsFixturePackage package = {
    .name = "kesl", .version = "12.1.0-1297",
    .files = (const char * const[]) {
      "/var/opt/kaspersky/kesl/install_12.1.0.1297/opt/kaspersky/kesl/bin/kesl-control",
      "/var/opt/kaspersky/kesl/private/updates/",
      NULL },
    .symlinks = (const char * const[]) {
      "/opt/kaspersky/kesl=/var/opt/kaspersky/kesl/install_12.1.0.1297/opt/kaspersky/kesl", NULL },
  };

  if (!have_tools ())
    return;
  f = avs_fixture_new ("debian");
  avs_fixture_dpkg_install (f, &package);
  avs_fixture_add_unit (f, "/usr/lib/systemd/system", "kesl.service", "/opt/kaspersky/kesl/libexec/kesl_launcher.sh");
  avs_fixture_write (f, "/var/opt/kaspersky/kesl/private/updates/kdb/base.kdc", "x");

  result = scan_fixture (f);
  expect_only (result, (const char * const[]) { "kesl", NULL });
  kesl = expect (result, "kesl", AVS_INSTALL_STATE_INSTALLED);
  g_assert_cmpstr (avs_finding_get_version (kesl), ==, "12.1.0-1297");
  g_assert_true (has_evidence (kesl, AVS_EVIDENCE_SYMLINK, "/opt/kaspersky/kesl", real));
  /* kesl-control found through the link, inside the root. */
  g_assert_true (has_evidence (kesl, AVS_EVIDENCE_FILE, "/opt/kaspersky/kesl/bin/kesl-control", NULL));
  g_assert_true (has_evidence (kesl, AVS_EVIDENCE_DIRECTORY, "/var/opt/kaspersky/kesl/install_12.1.0.1297", NULL));
  g_assert_nonnull (avs_finding_get_signatures_updated (kesl));
}

static void
test_kesl12_files_only (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  AvsFinding *kesl;

  f = avs_fixture_new ("debian");
  avs_fixture_write (f, "/var/opt/kaspersky/kesl/install_12.2.0.2412/opt/kaspersky/kesl/bin/kesl-control", "x");
  avs_fixture_symlink (f, "/opt/kaspersky/kesl", "/var/opt/kaspersky/kesl/install_12.2.0.2412/opt/kaspersky/kesl");
  result = scan_fixture (f);
  kesl = expect (result, "kesl", AVS_INSTALL_STATE_FILES_ONLY);
  /* No package: the version comes from the link's target. */
  g_assert_cmpstr (avs_finding_get_version (kesl), ==, "12.2.0.2412");
}

/* Managed machine, leftovers ----------------------------------------------------------------- */

static void
test_managed_machine (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  AvsFinding *agent, *kesl;
  const AvsFixturePackage agent_pkg = {
    .name = "klnagent64", .version = "15.1.0-11795",
    .files = (const char * const[]) { "/opt/kaspersky/klnagent64/bin/klnagchk",
                                      "/opt/kaspersky/klnagent64/sbin/klnagent",
                                      "/opt/kaspersky/klnagent64/lib/bin/setup/postinstall.pl", NULL },
  };
  const AvsFixturePackage kesl_pkg = {
    .name = "kesl", .version = "12.1.0-1297",
    .files = (const char * const[]) { "/opt/kaspersky/kesl/bin/kesl-control", NULL },
  };

  if (!have_tools ())
    return;
  f = avs_fixture_new ("debian");
  avs_fixture_dpkg_install (f, &agent_pkg);
  avs_fixture_dpkg_install (f, &kesl_pkg);
  avs_fixture_add_unit (f, NULL, "klnagent64.service", "/opt/kaspersky/klnagent64/sbin/klnagent");
  avs_fixture_write (f, "/var/opt/kaspersky/applications.setup", "[1103]\nVERSION=15.1.0.11795\n");
  avs_fixture_mkdir (f, "/var/opt/kaspersky/klnagent/log");

  result = scan_fixture (f);
  expect_only (result, (const char * const[]) { "kesl", "network-agent", NULL });
  agent = expect (result, "network-agent", AVS_INSTALL_STATE_INSTALLED);
  kesl = expect (result, "kesl", AVS_INSTALL_STATE_INSTALLED);
  g_assert_true (avs_scan_result_is_managed (result));
  g_assert_true (avs_finding_get_managed (agent));
  g_assert_true (avs_finding_get_managed (kesl));
  g_assert_cmpstr (avs_finding_get_version (agent), ==, "15.1.0-11795");
  g_assert_true (has_evidence (agent, AVS_EVIDENCE_UNIT, "klnagent64.service", NULL));
  g_assert_true (has_evidence (agent, AVS_EVIDENCE_FILE, "/var/opt/kaspersky/applications.setup", NULL));
  /* The server address can only come from klnagchk on the running machine. */
  g_assert_null (avs_finding_get_management_server (agent));
  g_assert_nonnull (find_not_checked (result, "Kaspersky Security Center server"));
}

static void
test_agent_version_from_registry (void)
{
  g_autoptr(AvsFixture) f = avs_fixture_new ("debian");
  g_autoptr(AvsScanResult) result = NULL;
  AvsFinding *agent;

  /* A copied agent without a package: its version from the shared registry. */
  avs_fixture_write (f, "/opt/kaspersky/klnagent64/sbin/klnagent", "x");
  avs_fixture_write (f, "/var/opt/kaspersky/applications.setup", "[1093]\nVERSION=1\n[1103]\nVERSION=14.2.0.26967\n");
  result = scan_fixture (f);
  agent = expect (result, "network-agent", AVS_INSTALL_STATE_FILES_ONLY);
  g_assert_cmpstr (avs_finding_get_version (agent), ==, "14.2.0.26967");
  g_assert_true (avs_finding_get_managed (agent));
}

static void
test_half_done_removal (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  AvsFinding *kesl, *agent;
  const AvsFixturePackage package = {
    .name = "kesl", .version = "11.2.0-4528",
    .files = (const char * const[]) { "/opt/kaspersky/kesl/bin/kesl-control", NULL },
  };

  if (!have_tools ())
    return;
  f = avs_fixture_new ("debian");
  avs_fixture_dpkg_install (f, &package);
  avs_fixture_dpkg_remove (f, "kesl");
  /* What `dpkg -r` and a failed agent removal leave behind. */
  avs_fixture_write (f, "/var/opt/kaspersky/kesl/common/kesl.ini", "[General]\nPackageType=deb\n");
  avs_fixture_write (f, "/var/log/kaspersky/kesl/kesl.log", "x");
  avs_fixture_write (f, "/tmp/kesl-install.log", "x");
  avs_fixture_add_group (f, "kesladmin");
  avs_fixture_add_group (f, "kesluser");
  avs_fixture_mkdir (f, "/var/opt/kaspersky/klnagent/log");
  avs_fixture_mkdir (f, "/etc/opt/kaspersky/klnagent");

  result = scan_fixture (f);
  expect_only (result, (const char * const[]) { "kesl", "network-agent", NULL });
  kesl = expect (result, "kesl", AVS_INSTALL_STATE_LEFTOVERS);
  agent = expect (result, "network-agent", AVS_INSTALL_STATE_LEFTOVERS);
  g_assert_false (has_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", NULL));
  g_assert_false (has_evidence (kesl, AVS_EVIDENCE_FILE, "/opt/kaspersky/kesl/bin/kesl-control", NULL));
  g_assert_true (has_evidence (kesl, AVS_EVIDENCE_FILE, "/var/opt/kaspersky/kesl/common/kesl.ini", NULL));
  g_assert_true (has_evidence (kesl, AVS_EVIDENCE_FILE, "/tmp/kesl-install.log", NULL));
  g_assert_true (has_evidence (kesl, AVS_EVIDENCE_GROUP, "kesluser", NULL));
  g_assert_true (has_evidence (agent, AVS_EVIDENCE_DIRECTORY, "/etc/opt/kaspersky/klnagent", NULL));
}

static void
test_removed_with_conffiles (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  AvsFinding *agent;
  const AvsFixturePackage package = {
    .name = "klnagent64", .version = "15.1.0-11795",
    .files = (const char * const[]) { "/opt/kaspersky/klnagent64/sbin/klnagent",
                                      "/etc/opt/kaspersky/klnagent/klnagent.conf", NULL },
    .conffiles = (const char * const[]) { "/etc/opt/kaspersky/klnagent/klnagent.conf", NULL },
  };

  if (!have_tools ())
    return;
  f = avs_fixture_new ("debian");
  avs_fixture_dpkg_install (f, &package);
  avs_fixture_dpkg_remove (f, "klnagent64");

  result = scan_fixture (f);
  expect_only (result, (const char * const[]) { "network-agent", NULL });
  /* dpkg still lists it as "config-files": removed, settings kept. */
  agent = expect (result, "network-agent", AVS_INSTALL_STATE_LEFTOVERS);
  g_assert_true (has_evidence (agent, AVS_EVIDENCE_PACKAGE, "klnagent64", "dpkg (config-files)"));
  g_assert_true (has_evidence (agent, AVS_EVIDENCE_DIRECTORY, "/etc/opt/kaspersky/klnagent", NULL));
  g_assert_false (has_evidence (agent, AVS_EVIDENCE_FILE, "/opt/kaspersky/klnagent64/sbin/klnagent", NULL));
  g_assert_null (avs_finding_get_version (agent));
}

static void
test_weak_signal_alone_is_nothing (void)
{
  g_autoptr(AvsFixture) f = avs_fixture_new ("debian");
  g_autoptr(AvsScanResult) result = NULL;

  /* A KESL-like install log and kav4proxy's group are not enough on their own. */
  avs_fixture_write (f, "/tmp/kesl-setup.log", "x");
  avs_fixture_add_group (f, "klusers");
  result = scan_fixture (f);
  g_assert_true (avs_scan_result_is_clean (result));
}

/* Every other product ----------------------------------------------------------------------- */

static void
test_pacman_kesl (void)
{
  g_autoptr(AvsFixture) f = avs_fixture_new ("arch");
  g_autoptr(AvsScanResult) result = NULL;
  const AvsFixturePackage package = {
    .name = "kesl", .version = "12.1.0.1297-1",
    .files = (const char * const[]) { "/var/opt/kaspersky/kesl/install_12.1.0.1297/opt/kaspersky/kesl/bin/kesl-control", NULL },
    .symlinks = (const char * const[]) { "/opt/kaspersky/kesl=/var/opt/kaspersky/kesl/install_12.1.0.1297/opt/kaspersky/kesl", NULL },
  };
  const AvsFixturePackage decoy = {
    .name = "kess", .version = "1.0-1",
    .files = (const char * const[]) { "/usr/bin/kess", NULL },
  };
  AvsFinding *kesl;

  avs_fixture_pacman_install (f, &package);
  avs_fixture_pacman_install (f, &decoy);
  result = scan_fixture (f);
  expect_only (result, (const char * const[]) { "kesl", NULL });
  kesl = expect (result, "kesl", AVS_INSTALL_STATE_INSTALLED);
  g_assert_true (has_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", "pacman"));
  g_assert_cmpstr (avs_finding_get_version (kesl), ==, "12.1.0.1297-1");
  g_assert_cmpstr (avs_scan_result_get_host (result)->package_manager, ==, "pacman");
}

typedef void (*Builder) (AvsFixture *f);

typedef struct
{
  const char      *product;
  AvsInstallState  state;
  Builder          build;
  AvsEvidenceKind  kind;    /* one evidence that must be there */
  const char      *value;
} ProductCase;

static void
build_kav4fs (AvsFixture *f)
{
  const AvsFixturePackage package = {
    .name = "kav4fs", .version = "8.0.4-312", .arch = "i386",
    .files = (const char * const[]) { "/opt/kaspersky/kav4fs/bin/kav4fs-control",
                                      "/opt/kaspersky/kav4fs/sbin/kav4fs-supervisor-control", NULL },
  };
  avs_fixture_dpkg_install (f, &package);
  avs_fixture_add_init_script (f, "kav4fs-supervisor");
}

static void
build_kav4ws (AvsFixture *f)
{
  avs_fixture_write (f, "/opt/kaspersky/kav4ws/bin/kav4ws-kavscanner", "x");
}

static void
build_klms (AvsFixture *f)
{
  avs_fixture_write (f, "/opt/kaspersky/klms/bin/klms-control", "x");
  avs_fixture_add_init_script (f, "klms");
  avs_fixture_mkdir (f, "/var/opt/kaspersky/klms/postgresql");
  avs_fixture_add_group (f, "klusers");
}

static void
build_kwts (AvsFixture *f)
{
  const AvsFixturePackage package = {
    .name = "kwts", .version = "6.1.0-4762", .arch = "x86_64",
    .files = (const char * const[]) { "/opt/kaspersky/kwts/bin/kwts-control", "/opt/kaspersky/kwts/bin/setup.py", NULL },
  };
  avs_fixture_rpm_install (f, &package, NULL);
}

static void
build_kics (AvsFixture *f)
{
  const AvsFixturePackage package = {
    .name = "kics", .version = "2.0.0-1234",
    .files = (const char * const[]) { "/opt/kaspersky/kics/bin/kics-control", NULL },
  };
  avs_fixture_dpkg_install (f, &package);
  avs_fixture_add_unit (f, NULL, "kics.service", "/opt/kaspersky/kics/bin/kics");
}

static void
build_kess (AvsFixture *f)
{
  const AvsFixturePackage package = {
    .name = "kess", .version = "3.3.0-100",
    .files = (const char * const[]) { "/opt/kaspersky/kess/bin/kess-control",
                                      "/var/opt/kaspersky/kess/common/kess.ini", NULL },
  };
  avs_fixture_dpkg_install (f, &package);
}

static void
build_scan_engine (AvsFixture *f)
{
  avs_fixture_write (f, "/opt/kaspersky/ScanEngine/bin/kavhttpd", "x");
  avs_fixture_write (f, "/etc/kavhttpd.xml", "<x/>");
  avs_fixture_add_unit (f, "/etc/systemd/system", "kavhttpd.service", "/opt/kaspersky/ScanEngine/bin/kavhttpd");
}

static void
build_kfl (AvsFixture *f)
{
  const AvsFixturePackage package = {
    .name = "kfl", .version = "2.0.0-1000",
    .files = (const char * const[]) { "/opt/kaspersky/kfl/shared/bash_completion.sh", NULL },
  };
  avs_fixture_dpkg_install (f, &package);
  avs_fixture_add_group (f, "kfladmin");
  avs_fixture_add_group (f, "nokfl");
}

static void
build_kvrt (AvsFixture *f)
{
  g_autofree char *home = avs_fixture_add_user (f, "bob", 1001);
  g_autofree char *data = g_build_filename (home, "KVRT2024_Data/Reports/report.txt", NULL);
  avs_fixture_write (f, data, "x");
}

static void
build_extension_chrome (AvsFixture *f)
{
  g_autofree char *home = avs_fixture_add_user (f, "carol", 1002);
  g_autofree char *profile = avs_fixture_chromium_profile (f, home, "google-chrome", "Profile 1",
                                                           "ahkjpbeeocnddjkakilopmfdlnjdpcdm", TRUE);
}

static void
build_extension_chromium_prefs (AvsFixture *f)
{
  g_autofree char *home = avs_fixture_add_user (f, "dave", 1003);
  g_autofree char *profile = avs_fixture_chromium_profile (f, home, "chromium", "Default",
                                                           "amkpcclbbgegoafihnpgomddadjhcadd", FALSE);
}

static void
build_extension_firefox (AvsFixture *f)
{
  g_autofree char *home = avs_fixture_add_user (f, "erin", 1004);
  g_autofree char *profile = avs_fixture_firefox_profile (f, home, "x1y2z3.default-release",
                                                          "light_plugin_ACF0E80077C511E59DED005056C00008@kaspersky.com");
}

static void
build_native_host (AvsFixture *f)
{
  g_autofree char *home = avs_fixture_add_user (f, "fay", 1005);
  g_autofree char *path = g_build_filename (home, ".config/google-chrome/NativeMessagingHosts/com.kaspersky.ahkjpbeeocnddjkakilopmfdlnjdpcdm.host.json", NULL);
  avs_fixture_write (f, path, "{}");
}

static void
build_root_ca_anchor (AvsFixture *f)
{
  avs_fixture_add_ca (f, "/usr/local/share/ca-certificates/kav.crt",
                      "/C=RU/O=AO Kaspersky Lab/CN=Kaspersky Anti-Virus Personal Root Certificate");
}

static void
build_root_ca_bundle_suse (AvsFixture *f)
{
  g_autofree char *a = avs_fixture_make_ca_pem (f, "/O=Other/CN=Other Root");
  g_autofree char *b = avs_fixture_make_ca_pem (f, "/O=AO Kaspersky Lab/CN=Kaspersky Web Anti-Virus Certification Authority");
  g_autofree char *bundle = g_strconcat (a, b, NULL);
  avs_fixture_write (f, "/var/lib/ca-certificates/ca-bundle.pem", bundle);
}

static void
build_root_ca_nss (AvsFixture *f)
{
  g_autofree char *home = avs_fixture_add_user (f, "gus", 1006);
  g_autofree char *profile = avs_fixture_firefox_profile (f, home, "p.default", NULL);
  g_autofree char *rel = g_strdup (profile);
  avs_fixture_nss_add_ca (f, rel, "Some Proxy CA",
                          "/C=RU/O=AO Kaspersky Lab/CN=Kaspersky Anti-Virus Personal Root Certificate");
}

static void
build_windows (AvsFixture *f)
{
  avs_fixture_windows_install (f, "/run/media/alice/Windows", "Program Files (x86)", "Kaspersky Total Security 21.3");
}

static void
build_windows_mnt (AvsFixture *f)
{
  avs_fixture_windows_install (f, "/mnt", "Program Files", "Kaspersky Endpoint Security for Windows");
}

static const ProductCase product_cases[] = {
  { "kav4fs", AVS_INSTALL_STATE_INSTALLED, build_kav4fs, AVS_EVIDENCE_INIT_SCRIPT, "/etc/init.d/kav4fs-supervisor" },
  { "kav4ws", AVS_INSTALL_STATE_FILES_ONLY, build_kav4ws, AVS_EVIDENCE_FILE, "/opt/kaspersky/kav4ws/bin/kav4ws-kavscanner" },
  { "klms", AVS_INSTALL_STATE_FILES_ONLY, build_klms, AVS_EVIDENCE_GROUP, "klusers" },
  { "kwts", AVS_INSTALL_STATE_INSTALLED, build_kwts, AVS_EVIDENCE_PACKAGE, "kwts" },
  { "kics", AVS_INSTALL_STATE_INSTALLED, build_kics, AVS_EVIDENCE_UNIT, "kics.service" },
  { "kess", AVS_INSTALL_STATE_INSTALLED, build_kess, AVS_EVIDENCE_FILE, "/var/opt/kaspersky/kess/common/kess.ini" },
  { "scan-engine", AVS_INSTALL_STATE_FILES_ONLY, build_scan_engine, AVS_EVIDENCE_UNIT, "kavhttpd.service" },
  { "kaspersky-for-linux", AVS_INSTALL_STATE_INSTALLED, build_kfl, AVS_EVIDENCE_GROUP, "kfladmin" },
  { "kvrt", AVS_INSTALL_STATE_LEFTOVERS, build_kvrt, AVS_EVIDENCE_DIRECTORY, "/home/bob/KVRT2024_Data" },
  { "protection-extension", AVS_INSTALL_STATE_FILES_ONLY, build_extension_chrome, AVS_EVIDENCE_BROWSER_EXTENSION, "ahkjpbeeocnddjkakilopmfdlnjdpcdm" },
  { "protection-extension", AVS_INSTALL_STATE_FILES_ONLY, build_extension_chromium_prefs, AVS_EVIDENCE_BROWSER_EXTENSION, "amkpcclbbgegoafihnpgomddadjhcadd" },
  { "protection-extension", AVS_INSTALL_STATE_FILES_ONLY, build_extension_firefox, AVS_EVIDENCE_BROWSER_EXTENSION, "light_plugin_ACF0E80077C511E59DED005056C00008@kaspersky.com" },
  { "protection-extension", AVS_INSTALL_STATE_FILES_ONLY, build_native_host, AVS_EVIDENCE_FILE, "/home/fay/.config/google-chrome/NativeMessagingHosts/com.kaspersky.ahkjpbeeocnddjkakilopmfdlnjdpcdm.host.json" },
  { "https-root-ca", AVS_INSTALL_STATE_FILES_ONLY, build_root_ca_anchor, AVS_EVIDENCE_CERTIFICATE, "C=RU,O=AO Kaspersky Lab,CN=Kaspersky Anti-Virus Personal Root Certificate" },
  { "https-root-ca", AVS_INSTALL_STATE_FILES_ONLY, build_root_ca_bundle_suse, AVS_EVIDENCE_CERTIFICATE, "O=AO Kaspersky Lab,CN=Kaspersky Web Anti-Virus Certification Authority" },
  { "https-root-ca", AVS_INSTALL_STATE_FILES_ONLY, build_root_ca_nss, AVS_EVIDENCE_NSS_CERTIFICATE, "Some Proxy CA" },
  { "windows-installation", AVS_INSTALL_STATE_FILES_ONLY, build_windows, AVS_EVIDENCE_WINDOWS_INSTALL, "/run/media/alice/Windows/Program Files (x86)/Kaspersky Lab" },
  { "windows-installation", AVS_INSTALL_STATE_FILES_ONLY, build_windows_mnt, AVS_EVIDENCE_WINDOWS_INSTALL, "/mnt/Program Files/Kaspersky Lab" },
};

static void
test_product (gconstpointer data)
{
  const ProductCase *c = data;
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  AvsFinding *finding;

  if (!have_tools ())
    return;
  f = avs_fixture_new ("debian");
  c->build (f);
  result = scan_fixture (f);
  expect_only (result, (const char * const[]) { c->product, NULL });
  finding = expect (result, c->product, c->state);
  if (!has_evidence (finding, c->kind, c->value, NULL))
    g_error ("%s: expected %s evidence “%s”", c->product, avs_evidence_kind_to_string (c->kind), c->value);
}

/* Hostile fixtures ------------------------------------------------------------------------------ */

static void
test_symlinks_out_of_root (void)
{
  g_autoptr(AvsFixture) f = avs_fixture_new ("debian");
  g_autoptr(AvsFixture) outside = avs_fixture_new ("debian");
  g_autoptr(AvsScanResult) result = NULL;
  g_autofree char *outside_cert = NULL;
  g_autofree char *outside_dir = NULL;
  AvsFinding *kesl;

  if (!avs_fixture_require ("openssl"))
    return;
  /* A Kaspersky CA and a KESL tree exist OUTSIDE the scanned root… */
  avs_fixture_add_ca (outside, "/kav.pem", "/O=AO Kaspersky Lab/CN=Kaspersky Anti-Virus Personal Root Certificate");
  avs_fixture_write (outside, "/kesl/bin/kesl-control", "x");
  outside_cert = avs_fixture_path (outside, "/kav.pem");
  outside_dir = avs_fixture_path (outside, "/kesl");
  /* …and links inside point there: absolutely (read as the root sees it: nothing there) and
   * relatively, climbing out (recorded, not followed). */
  avs_fixture_symlink (f, "/usr/local/share/ca-certificates/kav.crt", outside_cert);
  avs_fixture_symlink (f, "/opt/kaspersky/kesl", "../../../../../../../../../../../../../etc");
  avs_fixture_symlink (f, "/etc/ssl/certs/escape.pem", "../../../../../../../../../../../../../../tmp/x.pem");

  result = scan_fixture (f);
  g_assert_null (avs_scan_result_find (result, "https-root-ca"));
  kesl = expect (result, "kesl", AVS_INSTALL_STATE_FILES_ONLY);
  /* The link itself is evidence, with its target; what is behind it is not read. */
  g_assert_true (has_evidence (kesl, AVS_EVIDENCE_SYMLINK, "/opt/kaspersky/kesl", "../../../"));
  g_assert_false (has_evidence (kesl, AVS_EVIDENCE_FILE, "/opt/kaspersky/kesl/bin/kesl-control", NULL));
  g_assert_nonnull (find_not_checked (result, "points outside the scanned root"));
  (void) outside_dir;
}

/* NSS databases: read on a private copy -------------------------------------------------------- */

#define KASPERSKY_CA "/C=RU/O=AO Kaspersky Lab/CN=Kaspersky Anti-Virus Personal Root Certificate"

static gboolean
cancel_scan (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
scan_done (GObject      *source,
           GAsyncResult *res,
           gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (res);
}

/* Like scan_fixture(), but a scan still running after @seconds is cancelled and fails the test
 * at once: a FIFO that makes a command wait shows up as this failure, not as the suite's
 * time-out. */
static AvsScanResult *
scan_fixture_within (AvsFixture *fixture,
                     guint       seconds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsScanner) scanner = avs_scanner_new_for_root (avs_fixture_get_root (fixture), NULL, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) res = NULL;
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (seconds);
  AvsScanResult *result;

  g_assert_no_error (error);
  g_source_set_callback (timeout, cancel_scan, cancellable, NULL);
  g_source_attach (timeout, NULL);
  avs_scanner_scan_async (scanner, cancellable, scan_done, &res);
  while (res == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_destroy (timeout);

  result = avs_scanner_scan_finish (scanner, res, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_error ("the scan did not end within %u s", seconds);
  g_assert_no_error (error);
  {
    g_autofree char *json = avs_scan_result_to_data (result, NULL);
    g_test_message ("%s", json);
  }
  return result;
}

/* The private folders the scanner made for NSS copies that are still there. */
static guint
count_nss_copies (void)
{
  g_autofree char *prefix = g_strdup_printf ("avswitch-nss-%d-", (int) getpid ());
  g_autoptr(GDir) dir = g_dir_open (g_get_tmp_dir (), 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix))
      count++;
  return count;
}

/* A user's pkcs11.txt names a module: certutil loads it from the user's own folder (checked
 * here, so the fixture is known to be hostile), but the scan never does — it reads a private
 * copy of cert9.db — and still finds the certificate. */
static void
test_nss_user_module_not_loaded (void)
{
  const char *module = g_getenv ("AVSWITCH_TEST_NSS_MODULE");
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *home = NULL;
  g_autofree char *db = NULL;
  g_autofree char *pkcs11 = NULL;
  g_autofree char *text = NULL;
  g_autofree char *hostile = NULL;
  g_autofree char *marker = NULL;
  AvsFinding *ca;

  if (!avs_fixture_require ("openssl") || !avs_fixture_require ("certutil"))
    return;
  g_assert_nonnull (module);
  f = avs_fixture_new ("debian");
  home = avs_fixture_add_user (f, "mallory", 1010);
  avs_fixture_nss_add_ca (f, "/home/mallory/.pki/nssdb", "Proxy CA", KASPERSKY_CA);
  db = avs_fixture_path (f, "/home/mallory/.pki/nssdb");
  pkcs11 = g_build_filename (db, "pkcs11.txt", NULL);
  g_assert_true (g_file_get_contents (pkcs11, &text, NULL, NULL));
  hostile = g_strdup_printf ("%s\nlibrary=%s\nname=Marker\n\n", text, module);
  g_assert_true (g_file_set_contents (pkcs11, hostile, -1, NULL));

  marker = g_build_filename (avs_fixture_get_root (f), "..", "module-was-loaded", NULL);
  g_setenv ("AVSWITCH_TEST_NSS_MARKER", marker, TRUE);
  {
    g_autofree char *arg = g_strconcat ("sql:", db, NULL);
    const char *argv[] = { "certutil", "-L", "-d", arg, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                  G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_true (g_file_test (marker, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_unlink (marker), ==, 0);

  result = scan_fixture_within (f, 30);
  g_unsetenv ("AVSWITCH_TEST_NSS_MARKER");
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
  ca = expect (result, "https-root-ca", AVS_INSTALL_STATE_FILES_ONLY);
  g_assert_true (has_evidence (ca, AVS_EVIDENCE_NSS_CERTIFICATE, "Proxy CA", "/home/mallory/.pki/nssdb"));
  g_assert_cmpuint (count_nss_copies (), ==, 0);
}

/* A FIFO in place of pkcs11.txt is never opened (it would make certutil wait for its time-out);
 * a FIFO or a symbolic link in place of cert9.db is refused, said, and not opened. */
static void
test_nss_fifos (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  g_autofree char *home = NULL;
  g_autofree char *path = NULL;
  g_autofree char *other = NULL;
  AvsFinding *ca;
  AvsNotChecked *entry;

  if (!avs_fixture_require ("openssl") || !avs_fixture_require ("certutil"))
    return;
  f = avs_fixture_new ("debian");

  home = avs_fixture_add_user (f, "pat", 1011);
  avs_fixture_nss_add_ca (f, "/home/pat/.pki/nssdb", "Proxy CA", KASPERSKY_CA);
  path = avs_fixture_path (f, "/home/pat/.pki/nssdb/pkcs11.txt");
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (mkfifo (path, 0644), ==, 0);
  g_clear_pointer (&path, g_free);

  g_clear_pointer (&home, g_free);
  home = avs_fixture_add_user (f, "quinn", 1012);
  avs_fixture_mkdir (f, "/home/quinn/.pki/nssdb");
  path = avs_fixture_path (f, "/home/quinn/.pki/nssdb/cert9.db");
  g_assert_cmpint (mkfifo (path, 0644), ==, 0);
  g_clear_pointer (&path, g_free);

  /* A link to a real database with a Kaspersky CA, inside the root: still refused. */
  g_clear_pointer (&home, g_free);
  home = avs_fixture_add_user (f, "rae", 1013);
  avs_fixture_nss_add_ca (f, "/srv/elsewhere", "Linked CA", KASPERSKY_CA);
  avs_fixture_symlink (f, "/home/rae/.pki/nssdb/cert9.db", "/srv/elsewhere/cert9.db");

  result = scan_fixture_within (f, 30);
  ca = expect (result, "https-root-ca", AVS_INSTALL_STATE_FILES_ONLY);
  g_assert_true (has_evidence (ca, AVS_EVIDENCE_NSS_CERTIFICATE, "Proxy CA", "/home/pat/.pki/nssdb"));
  g_assert_false (has_evidence (ca, AVS_EVIDENCE_NSS_CERTIFICATE, "Linked CA", NULL));
  entry = find_not_checked (result, "/home/quinn/.pki/nssdb");
  g_assert_nonnull (entry);
  g_assert_nonnull (strstr (entry->reason, "not a regular file"));
  entry = find_not_checked (result, "/home/rae/.pki/nssdb");
  g_assert_nonnull (entry);
  g_assert_nonnull (strstr (entry->reason, "symbolic link"));
  g_assert_cmpuint (count_nss_copies (), ==, 0);
}

static void
test_unreadable_home (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  g_autofree char *home = NULL;
  g_autofree char *profile = NULL;
  AvsNotChecked *entry;

  if (geteuid () == 0)
    {
      /* Root reads mode-000 folders (CAP_DAC_OVERRIDE) and the test cannot drop to another
       * user without one existing; the permission path is covered when the suite runs as a user
       * (and in test-host). */
      g_test_skip ("running as root: file permissions do not stop root");
      return;
    }
  f = avs_fixture_new ("debian");
  home = avs_fixture_add_user (f, "hank", 1007);
  profile = avs_fixture_firefox_profile (f, home, "p.default", "light_plugin_ACF0E80077C511E59DED005056C00008@kaspersky.com");
  avs_fixture_chmod (f, home, 0000);
  result = scan_fixture (f);
  avs_fixture_chmod (f, home, 0755);
  /* Not found, but not silently clean either. */
  g_assert_cmpint (avs_scan_result_get_outcome (result), ==, AVS_SCAN_OUTCOME_INCOMPLETE);
  entry = find_not_checked (result, "/home/hank");
  g_assert_nonnull (entry);
  g_assert_true (entry->needs_admin);
}

static void
test_unreadable_file_as_root (void)
{
  g_autoptr(AvsFixture) f = avs_fixture_new ("debian");
  g_autoptr(AvsScanResult) result = NULL;

  /* Something root cannot read either: a FIFO in place of the dpkg database (it must not hang
   * the scan) and a status "file" that is a folder. */
  avs_fixture_mkdir (f, "/var/lib/dpkg/status");
  avs_fixture_write (f, "/etc/pki/ca-trust/source/anchors/readme.txt", "not a cert");
  {
    g_autofree char *fifo = avs_fixture_path (f, "/etc/pki/ca-trust/source/anchors/fifo.pem");
    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  }
  result = scan_fixture (f);
  g_assert_cmpint (avs_scan_result_get_outcome (result), ==, AVS_SCAN_OUTCOME_INCOMPLETE);
  g_assert_nonnull (find_not_checked (result, "not a regular file"));
}

static void
test_corrupt_dpkg (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  g_autofree char *status = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) broken = NULL;
  AvsNotChecked *entry;
  const AvsFixturePackage package = {
    .name = "kesl", .version = "11.2.0-4528",
    .files = (const char * const[]) { "/opt/kaspersky/kesl/bin/kesl-control", NULL },
  };

  if (!have_tools ())
    return;
  f = avs_fixture_new ("debian");
  avs_fixture_dpkg_add_unrelated (f, "pkg", 20);
  avs_fixture_dpkg_install (f, &package);
  /* Remove the files so that only the database tells. */
  {
    g_autofree char *control = avs_fixture_path (f, "/opt/kaspersky/kesl/bin/kesl-control");
    g_unlink (control);
  }
  status = avs_fixture_path (f, "/var/lib/dpkg/status");
  g_assert_true (g_file_get_contents (status, &text, NULL, NULL));
  broken = g_string_new ("Package: half\n\xff\xfe garbage without a colon\n\n");
  g_string_append (broken, text);
  g_assert_true (g_file_set_contents (status, broken->str, -1, NULL));

  result = scan_fixture (f);
  /* What could be read was checked… */
  expect (result, "kesl", AVS_INSTALL_STATE_INSTALLED);
  /* …and the damage is reported. */
  entry = find_not_checked (result, "damaged");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->path, ==, "/var/lib/dpkg/status");
}

static void
test_binary_dpkg (void)
{
  g_autoptr(AvsFixture) f = avs_fixture_new ("debian");
  g_autoptr(AvsScanResult) result = NULL;
  g_autofree char *status = NULL;
  const char garbage[] = "\x7f" "ELF\0\0\0\x01\x02\x03 not a status file";

  avs_fixture_mkdir (f, "/var/lib/dpkg/info");
  status = avs_fixture_path (f, "/var/lib/dpkg/status");
  g_assert_true (g_file_set_contents (status, garbage, sizeof garbage, NULL));
  result = scan_fixture (f);
  g_assert_cmpint (avs_scan_result_get_outcome (result), ==, AVS_SCAN_OUTCOME_INCOMPLETE);
  g_assert_nonnull (find_not_checked (result, "damaged"));
}

static void
test_corrupt_rpm (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  g_autofree char *db = NULL;
  AvsNotChecked *entry;
  const AvsFixturePackage package = {
    .name = "kesl", .version = "11.2.0-4528",
    .files = (const char * const[]) { "/usr/share/doc/kesl/README", NULL },
  };

  if (!have_tools ())
    return;
  f = avs_fixture_new ("fedora");
  avs_fixture_rpm_install (f, &package, NULL);
  db = avs_fixture_path (f, "/var/lib/rpm/rpmdb.sqlite");
  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_assert_true (g_file_set_contents (db, "this is not an sqlite database at all, it was overwritten", -1, NULL));

  result = scan_fixture (f);
  entry = find_not_checked (result, "rpm package database");
  g_assert_nonnull (entry);
  g_assert_nonnull (strstr (entry->reason, "rpm said"));
  g_assert_cmpstr (entry->path, ==, "/var/lib/rpm");
}

static void
test_unclaimed_kaspersky_folder (void)
{
  g_autoptr(AvsFixture) f = avs_fixture_new ("debian");
  g_autoptr(AvsScanResult) result = NULL;

  avs_fixture_write (f, "/opt/kaspersky/someproduct/bin/tool", "x");
  result = scan_fixture (f);
  g_assert_cmpint (avs_scan_result_get_outcome (result), ==, AVS_SCAN_OUTCOME_INCOMPLETE);
  g_assert_nonnull (find_not_checked (result, "belongs to Kaspersky"));
}

/* The running system: processes, modules, klnagchk --------------------------------------------- */

static void
test_running_and_managed (void)
{
  g_autoptr(AvsFixture) f = avs_fixture_new ("debian");
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsScanner) scanner = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  AvsFinding *kesl, *agent, *kav4fs;

  avs_fixture_write (f, "/opt/kaspersky/kesl/bin/kesl-control", "x");
  avs_fixture_write (f, "/proc/1234/comm", "kesl\n");
  avs_fixture_write (f, "/proc/1/comm", "systemd\n");
  avs_fixture_write (f, "/proc/self/comm", "test\n");
  avs_fixture_write (f, "/proc/modules", "ext4 1003520 1 - Live 0x0\nkav4fs_oas 16384 0 - Live 0x0\n");
  avs_fixture_write (f, "/opt/kaspersky/klnagent64/bin/klnagchk",
                     "#!/bin/sh\n"
                     "echo 'Current device: host.example.test'\n"
                     "echo 'Network Agent version: 15.1.0.11795'\n"
                     "echo 'Administration Server address: ksc.example.test'\n"
                     "echo 'Use SSL: 1'\n");
  avs_fixture_chmod (f, "/opt/kaspersky/klnagent64/bin/klnagchk", 0755);

  scanner = avs_scanner_new_for_root (avs_fixture_get_root (f), NULL, &error);
  g_assert_no_error (error);
  avs_scanner_set_treat_as_live (scanner, TRUE);
  avs_runner_set_is_root (avs_scanner_get_runner (scanner), TRUE);
  result = avs_scanner_scan_sync (scanner, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (avs_scan_result_get_live (result));

  kesl = expect (result, "kesl", AVS_INSTALL_STATE_FILES_ONLY);
  g_assert_true (avs_finding_get_running (kesl));
  g_assert_true (has_evidence (kesl, AVS_EVIDENCE_PROCESS, "kesl", "1234"));
  kav4fs = expect (result, "kav4fs", AVS_INSTALL_STATE_FILES_ONLY);
  g_assert_true (avs_finding_get_running (kav4fs));
  g_assert_true (has_evidence (kav4fs, AVS_EVIDENCE_KERNEL_MODULE, "kav4fs_oas", NULL));
  agent = expect (result, "network-agent", AVS_INSTALL_STATE_FILES_ONLY);
  g_assert_false (avs_finding_get_running (agent));
  g_assert_cmpstr (avs_finding_get_management_server (agent), ==, "ksc.example.test");
  g_assert_cmpstr (avs_finding_get_management_server (kesl), ==, "ksc.example.test");
  g_assert_true (avs_finding_get_managed (kesl));
  g_assert_true (has_evidence (agent, AVS_EVIDENCE_CONFIG, "Administration Server address: ksc.example.test",
                               "/opt/kaspersky/klnagent64/bin/klnagchk"));
  g_assert_null (find_not_checked (result, "the disk or folder of another system"));
}

static void
test_managed_not_root (void)
{
  g_autoptr(AvsFixture) f = avs_fixture_new ("debian");
  g_autoptr(AvsScanner) scanner = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  AvsNotChecked *entry;

  avs_fixture_write (f, "/opt/kaspersky/klnagent64/bin/klnagchk", "#!/bin/sh\necho 'Administration Server address: x'\n");
  avs_fixture_chmod (f, "/opt/kaspersky/klnagent64/bin/klnagchk", 0755);
  scanner = avs_scanner_new_for_root (avs_fixture_get_root (f), NULL, NULL);
  avs_scanner_set_treat_as_live (scanner, TRUE);
  avs_runner_set_is_root (avs_scanner_get_runner (scanner), FALSE);
  result = avs_scanner_scan_sync (scanner, NULL, NULL);
  g_assert_null (avs_finding_get_management_server (expect (result, "network-agent", AVS_INSTALL_STATE_FILES_ONLY)));
  entry = find_not_checked (result, "needs administrator rights");
  g_assert_nonnull (entry);
  g_assert_true (entry->needs_admin);
}

static void
test_live_inside_flatpak_says_so (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsScanner) scanner = avs_scanner_new_for_root ("/", NULL, &error);
  g_autoptr(AvsScanResult) result = NULL;

  g_assert_no_error (error);
  /* Inside Flatpak "/" is the sandbox: the result must not pass for this computer's. */
  avs_runner_set_in_flatpak (avs_scanner_get_runner (scanner), TRUE);
  result = avs_scanner_scan_sync (scanner, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_not_checked (result, "Flatpak sandbox"));
}

/* The Flatpak sandbox view ------------------------------------------------------------------------
 *
 * A fake sandbox over a fixture machine: SANDBOX/run/host is the machine (as host-os and host-etc
 * show /usr and /etc), SANDBOX/opt, SANDBOX/var/opt and SANDBOX/var/lib/dpkg its granted folders,
 * and a flatpak-info file says what was granted. The same machine read natively and through the
 * view gives the same findings. */

static char *
make_sandbox (AvsFixture *f,
              const char *filesystems,
              gboolean    talk)
{
  g_autofree char *sandbox = g_build_filename (avs_fixture_get_base (f), "sandbox", NULL);
  g_autofree char *info = g_build_filename (avs_fixture_get_base (f), "flatpak-info", NULL);
  g_autofree char *text = g_strdup_printf ("[Context]\nfilesystems=%s\n\n[Session Bus Policy]\n%s", filesystems,
                                           talk ? "org.freedesktop.Flatpak=talk\n" : "");
  const char *links[] = { "run/host", "/", "opt", "/opt", "var/opt", "/var/opt", "var/lib/dpkg", "/var/lib/dpkg",
                          "root", "/root", NULL };

  if (!g_file_test (sandbox, G_FILE_TEST_IS_DIR))
    for (guint i = 0; links[i] != NULL; i += 2)
      {
        g_autofree char *link = g_build_filename (sandbox, links[i], NULL);
        g_autofree char *parent = g_path_get_dirname (link);
        g_autofree char *target = avs_fixture_path (f, links[i + 1]);

        g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
        g_assert_cmpint (symlink (target, link), ==, 0);
      }
  g_assert_true (g_file_set_contents (info, text, -1, NULL));
  return g_steal_pointer (&sandbox);
}

static AvsScanResult *
scan_sandbox (AvsFixture *f,
              const char *filesystems,
              gboolean    talk)
{
  g_autofree char *sandbox = make_sandbox (f, filesystems, talk);
  g_autofree char *info = g_build_filename (avs_fixture_get_base (f), "flatpak-info", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsHost) host = _avs_host_new_sandbox_view (sandbox, info, "/root", &error);
  g_autoptr(AvsRunner) runner = avs_runner_new ();
  g_autoptr(AvsRules) rules = avs_rules_load_default (&error);
  g_autoptr(AvsScanner) scanner = NULL;
  AvsScanResult *result;

  g_assert_no_error (error);
  g_assert_true (avs_host_is_sandbox_view (host));
  avs_runner_set_in_flatpak (runner, FALSE);
  scanner = avs_scanner_new (host, runner, rules);
  result = avs_scanner_scan_sync (scanner, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *json = avs_scan_result_to_data (result, NULL);
    g_test_message ("%s", json);
  }
  return result;
}

/* The findings of a scan document, as text to compare. */
static char *
findings_text (AvsScanResult *result)
{
  g_autoptr(JsonNode) root = avs_scan_result_to_json (result);
  JsonNode *findings = json_object_get_member (json_node_get_object (root), "findings");

  return json_to_string (findings, TRUE);
}

static void
make_kesl_machine (AvsFixture *f)
{
  const AvsFixturePackage package = {
    .name = "kesl", .version = "12.1.0-1297",
    .files = (const char * const[]) {
      "/var/opt/kaspersky/kesl/install_12.1.0.1297/opt/kaspersky/kesl/bin/kesl-control",
      "/var/opt/kaspersky/kesl/private/updates/",
      NULL },
    .symlinks = (const char * const[]) {
      "/opt/kaspersky/kesl=/var/opt/kaspersky/kesl/install_12.1.0.1297/opt/kaspersky/kesl", NULL },
  };

  avs_fixture_dpkg_install (f, &package);
  avs_fixture_add_unit (f, "/usr/lib/systemd/system", "kesl.service", "/opt/kaspersky/kesl/libexec/kesl_launcher.sh");
  avs_fixture_add_init_script (f, "kesl-supervisor");
  avs_fixture_add_group (f, "kesladmin");
  avs_fixture_write (f, "/var/opt/kaspersky/kesl/private/updates/kdb/base.kdc", "x");
  /* An absolute link in /etc, read as the machine reads it. */
  avs_fixture_symlink (f, "/etc/init.d/kesl", "/opt/kaspersky/kesl/bin/kesl-control");
}

static void
test_sandbox_view_same_findings (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) native = NULL;
  g_autoptr(AvsScanResult) view = NULL;
  g_autofree char *native_text = NULL;
  g_autofree char *view_text = NULL;
  AvsHostInfo *info;

  if (!have_tools ())
    return;
  f = avs_fixture_new ("debian");
  avs_fixture_mkdir (f, "/root");
  make_kesl_machine (f);

  native = scan_fixture (f);
  view = scan_sandbox (f, "host-os:ro;host-etc:ro;/opt:ro;/var/opt:ro;/var/lib/dpkg:ro;/var/lib/rpm:ro;/var/log/kaspersky:ro;home:ro;", TRUE);
  expect (view, "kesl", AVS_INSTALL_STATE_INSTALLED);
  native_text = findings_text (native);
  view_text = findings_text (view);
  g_assert_cmpstr (view_text, ==, native_text);
  info = avs_scan_result_get_host (view);
  g_assert_cmpstr (info->id, ==, "debian");
  g_assert_cmpstr (info->package_manager, ==, "dpkg");
  g_assert_true (avs_scan_result_get_live (view));
  g_assert_cmpint (avs_scan_result_get_outcome (view), ==, AVS_SCAN_OUTCOME_FOUND);
  /* Not the old "the sandbox's own files" entry: the view reads the computer. */
  g_assert_null (find_not_checked (view, "This computer’s system files"));
}

static void
test_sandbox_view_revoked_is_never_clean (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) native = NULL;
  g_autoptr(AvsScanResult) all = NULL;
  g_autoptr(AvsScanResult) no_dpkg = NULL;
  AvsNotChecked *entry;

  if (!have_tools ())
    return;
  /* A clean Debian machine: clean natively and with every permission… */
  f = avs_fixture_new ("debian");
  avs_fixture_dpkg_add_unrelated (f, "tool", 3);
  avs_fixture_write (f, "/usr/bin/dpkg", "#!/bin/sh\n");
  avs_fixture_mkdir (f, "/root");
  /* The view runs the machine's ps by its path there; the runner here is native. */
  if (g_file_test ("/usr/bin/ps", G_FILE_TEST_IS_EXECUTABLE))
    avs_fixture_write (f, "/usr/bin/ps", "#!/bin/sh\n");
  native = scan_fixture (f);
  g_assert_cmpint (avs_scan_result_get_outcome (native), ==, AVS_SCAN_OUTCOME_CLEAN);
  all = scan_sandbox (f, "host-os:ro;host-etc:ro;/opt:ro;/var/opt:ro;/var/lib/dpkg:ro;/var/lib/rpm:ro;/var/log/kaspersky:ro;home:ro;", TRUE);
  g_assert_cmpuint (avs_scan_result_count_gaps (all), ==, 0);

  /* …but "could not check" once the package database or org.freedesktop.Flatpak is revoked. */
  no_dpkg = scan_sandbox (f, "host-os:ro;host-etc:ro;/opt:ro;/var/opt:ro;/var/log/kaspersky:ro;home:ro;", FALSE);
  g_assert_cmpint (avs_scan_result_get_outcome (no_dpkg), ==, AVS_SCAN_OUTCOME_INCOMPLETE);
  entry = find_not_checked (no_dpkg, "flatpak override --user --filesystem=/var/lib/dpkg:ro io.github.avswitch.AvSwitch");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->what, ==, "The dpkg package database");
  g_assert_false (entry->note);
  entry = find_not_checked (no_dpkg, "flatpak override --user --talk-name=org.freedesktop.Flatpak io.github.avswitch.AvSwitch");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->what, ==, "Running programs");
}

/* Async, progress, cancellation ---------------------------------------------------------------- */

typedef struct
{
  GMainLoop     *loop;
  AvsScanResult *result;
  GError        *error;
  GThread       *main_thread;
  guint          progress_calls;
  double         last_fraction;
  gboolean       monotonic;
  gboolean       on_main_thread;
} AsyncData;

static void
progress_cb (AvsScanner *scanner,
             double      fraction,
             const char *step,
             gpointer    user_data)
{
  AsyncData *data = user_data;

  data->progress_calls++;
  if (fraction + 1e-9 < data->last_fraction)
    data->monotonic = FALSE;
  data->last_fraction = fraction;
  if (g_thread_self () != data->main_thread)
    data->on_main_thread = FALSE;
  g_assert_nonnull (step);
  g_assert_cmpstr (step, !=, "");
}

static void
done_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  AsyncData *data = user_data;

  data->result = avs_scanner_scan_finish (AVS_SCANNER (source), res, &data->error);
  g_main_loop_quit (data->loop);
}

static void
test_async_progress (void)
{
  g_autoptr(AvsFixture) f = avs_fixture_new ("debian");
  g_autoptr(AvsScanner) scanner = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncData data = { .loop = loop, .main_thread = g_thread_self (), .monotonic = TRUE, .on_main_thread = TRUE };

  avs_fixture_write (f, "/opt/kaspersky/kesl/bin/kesl-control", "x");
  scanner = avs_scanner_new_for_root (avs_fixture_get_root (f), NULL, NULL);
  g_signal_connect (scanner, "progress", G_CALLBACK (progress_cb), &data);
  avs_scanner_scan_async (scanner, NULL, done_cb, &data);
  g_main_loop_run (loop);

  g_assert_no_error (data.error);
  g_assert_nonnull (avs_scan_result_find (data.result, "kesl"));
  g_assert_cmpuint (data.progress_calls, >, 5);
  g_assert_true (data.monotonic);
  g_assert_true (data.on_main_thread);
  g_assert_cmpfloat (data.last_fraction, ==, 1.0);
  g_object_unref (data.result);
}

static void
test_async_cancel (void)
{
  g_autoptr(AvsFixture) f = avs_fixture_new ("debian");
  g_autoptr(AvsScanner) scanner = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncData data = { .loop = loop, .main_thread = g_thread_self (), .monotonic = TRUE, .on_main_thread = TRUE };

  scanner = avs_scanner_new_for_root (avs_fixture_get_root (f), NULL, NULL);
  g_cancellable_cancel (cancellable);
  avs_scanner_scan_async (scanner, cancellable, done_cb, &data);
  g_main_loop_run (loop);
  g_assert_null (data.result);
  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&data.error);
}

/* The command line ----------------------------------------------------------------------------- */

static int
run_cli (const char * const *args,
         char              **out)
{
  const char *binary = g_getenv ("AVSWITCH_BINARY");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer) binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* rpm and certutil missing: the databases they read are listed as not checked, not skipped. */
static void
test_tools_missing (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  g_autofree char *out = NULL;
  g_autofree char *home = NULL;
  const char *binary = g_getenv ("AVSWITCH_BINARY");
  const AvsFixturePackage package = {
    .name = "kesl", .version = "11.2.0-4528",
    .files = (const char * const[]) { "/usr/share/doc/kesl/README", NULL },
  };
  int status = 0;

  if (!have_tools ())
    return;
  g_assert_nonnull (binary);
  f = avs_fixture_new ("fedora");
  avs_fixture_rpm_install (f, &package, NULL);
  home = avs_fixture_add_user (f, "ivy", 1008);
  avs_fixture_nss_add_ca (f, "/home/ivy/.pki/nssdb", "corp", "/O=Example/CN=Example CA");

  {
    const char *argv[] = { "env", "PATH=/nonexistent", binary, "scan", "--root", avs_fixture_get_root (f), "--json", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, &out, NULL, &status, &error));
  }
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  /* Nothing else shows KESL here, but the package database was not read: the scan is
   * incomplete (exit status 3), never clean, and says what it could not read. */
  g_assert_cmpint (WEXITSTATUS (status), ==, 3);
  node = json_from_string (out, &error);
  g_assert_no_error (error);
  result = avs_scan_result_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (avs_scan_result_get_outcome (result), ==, AVS_SCAN_OUTCOME_INCOMPLETE);
  g_assert_nonnull (find_not_checked (result, "rpm program is not installed"));
  g_assert_nonnull (find_not_checked (result, "tool that reads these databases is not installed"));
}

static void
test_cli (void)
{
  g_autoptr(AvsFixture) found = avs_fixture_new ("debian");
  g_autoptr(AvsFixture) clean = avs_fixture_new ("debian");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(AvsScanResult) back = NULL;
  g_autofree char *bad_rules = NULL;

  avs_fixture_write (found, "/opt/kaspersky/kesl/bin/kesl-control", "x");

  g_assert_cmpint (run_cli ((const char * const[]) { "scan", "--root", avs_fixture_get_root (found), "--json", NULL }, &out), ==, 1);
  node = json_from_string (out, &error);
  g_assert_no_error (error);
  back = avs_scan_result_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_nonnull (avs_scan_result_find (back, "kesl"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli ((const char * const[]) { "scan", "--root", avs_fixture_get_root (found), NULL }, &out), ==, 1);
  g_assert_nonnull (strstr (out, "Kaspersky Endpoint Security for Linux"));
  g_assert_nonnull (strstr (out, "/opt/kaspersky/kesl/bin/kesl-control"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli ((const char * const[]) { "scan", "--root", avs_fixture_get_root (clean), NULL }, &out), ==, 0);
  g_assert_nonnull (strstr (out, "No Kaspersky software was found, and every place was checked."));
  /* A disk has no running programs: said as a note, which leaves the clean scan clean. */
  g_assert_nonnull (strstr (out, "Notes:"));
  g_assert_null (strstr (out, "Could not check:"));
  g_clear_pointer (&out, g_free);

  bad_rules = avs_fixture_path (clean, "/rules.json");
  g_assert_true (g_file_set_contents (bad_rules, "{\"schema\": \"avswitch-rules/1\", \"bogus\": 1}", -1, NULL));
  g_assert_cmpint (run_cli ((const char * const[]) { "scan", "--root", avs_fixture_get_root (clean), "--rules", bad_rules, NULL }, &out), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli ((const char * const[]) { "scan", "--root", "/nonexistent/avswitch", NULL }, &out), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli ((const char * const[]) { "scan", "--help", NULL }, &out), ==, 0);
  g_assert_nonnull (strstr (out, "Exit status"));
}

int
main (int    argc,
      char **argv)
{
  avs_test_init (&argc, &argv);

  g_test_add_func ("/scanner/clean-machine", test_clean_machine);
  g_test_add_func ("/scanner/sandbox-view/same-findings", test_sandbox_view_same_findings);
  g_test_add_func ("/scanner/sandbox-view/revoked-is-never-clean", test_sandbox_view_revoked_is_never_clean);
  g_test_add_func ("/scanner/kesl10-deb", test_kesl10_deb);
  g_test_add_func ("/scanner/kesl11-rpm-with-gui", test_kesl11_rpm_with_gui);
  g_test_add_func ("/scanner/kesl12-symlink-layout", test_kesl12_symlink_layout);
  g_test_add_func ("/scanner/kesl12-files-only", test_kesl12_files_only);
  g_test_add_func ("/scanner/managed-machine", test_managed_machine);
  g_test_add_func ("/scanner/agent-version-from-registry", test_agent_version_from_registry);
  g_test_add_func ("/scanner/half-done-removal", test_half_done_removal);
  g_test_add_func ("/scanner/removed-with-conffiles", test_removed_with_conffiles);
  g_test_add_func ("/scanner/weak-signal-alone", test_weak_signal_alone_is_nothing);
  g_test_add_func ("/scanner/pacman-kesl", test_pacman_kesl);
  for (guint i = 0; i < G_N_ELEMENTS (product_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/scanner/product/%s/%u", product_cases[i].product, i);
      g_test_add_data_func (name, &product_cases[i], test_product);
    }
  g_test_add_func ("/scanner/symlinks-out-of-root", test_symlinks_out_of_root);
  g_test_add_func ("/scanner/nss-user-module-not-loaded", test_nss_user_module_not_loaded);
  g_test_add_func ("/scanner/nss-fifos", test_nss_fifos);
  g_test_add_func ("/scanner/unreadable-home", test_unreadable_home);
  g_test_add_func ("/scanner/unreadable-file-as-root", test_unreadable_file_as_root);
  g_test_add_func ("/scanner/corrupt-dpkg", test_corrupt_dpkg);
  g_test_add_func ("/scanner/binary-dpkg", test_binary_dpkg);
  g_test_add_func ("/scanner/corrupt-rpm", test_corrupt_rpm);
  g_test_add_func ("/scanner/unclaimed-kaspersky-folder", test_unclaimed_kaspersky_folder);
  g_test_add_func ("/scanner/running-and-managed", test_running_and_managed);
  g_test_add_func ("/scanner/managed-not-root", test_managed_not_root);
  g_test_add_func ("/scanner/live-inside-flatpak", test_live_inside_flatpak_says_so);
  g_test_add_func ("/scanner/async-progress", test_async_progress);
  g_test_add_func ("/scanner/async-cancel", test_async_cancel);
  g_test_add_func ("/scanner/tools-missing", test_tools_missing);
  g_test_add_func ("/scanner/cli", test_cli);

  return g_test_run ();
}
