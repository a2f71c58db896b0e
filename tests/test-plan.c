/* test-plan.c — golden plans for each distribution family, and hostile input refused
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The golden files live in tests/data/plans/. When a plan changes on purpose, regenerate them
 * with AVSWITCH_UPDATE_GOLDEN=1 and review the diff; a mismatch leaves NAME.actual in the build
 * directory.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "avs-catalog-store.h"
#include "avs-json.h"
#include "avs-plan.h"
#include "avs-test-common.h"
#include "avs-validate.h"

#define STAMP "20261127T080000Z"

/* ClamAV and ClamUI as the bundled catalog lists them (sources CLAMPKG, CUI, CUIARCH). */
static AvsReplacement *
clamui (void)
{
  static const char * const apt[] = { "clamav", "clamav-daemon", NULL };
  static const char * const dnf[] = { "clamav", "clamd", "clamav-update", NULL };
  static const char * const zypper[] = { "clamav", NULL };
  static const char * const pacman[] = { "clamui", NULL };
  g_autoptr(GError) error = NULL;
  AvsReplacement *r = avs_replacement_new ("clamui", "ClamUI", "io.github.linx_systems.ClamUI",
                                           apt, dnf, zypper, pacman, NULL, &error);
  g_assert_no_error (error);
  return r;
}

static char *
read_golden (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "plans", name, NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}

static void
compare_golden (const char *name,
                const char *actual)
{
  g_autofree char *expected = read_golden (name);

  if (g_getenv ("AVSWITCH_UPDATE_GOLDEN") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data", "plans",
                                                name, NULL);
      g_autoptr(GError) error = NULL;

      g_file_set_contents (path, actual, -1, &error);
      g_assert_no_error (error);
      return;
    }
  if (g_strcmp0 (expected, actual) != 0)
    {
      g_autofree char *out = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), name, NULL);
      g_autofree char *out_actual = g_strconcat (out, ".actual", NULL);

      g_file_set_contents (out_actual, actual, -1, NULL);
      g_test_message ("golden %s differs; actual output in %s", name, out_actual);
    }
  g_assert_cmpstr (actual, ==, expected);
}

/* Every argument of every command, for "is this value anywhere in a command" checks. */
static gboolean
plan_argv_contains (AvsPlan    *plan,
                    const char *needle)
{
  for (guint i = 0; i < avs_plan_get_n_steps (plan); i++)
    {
      GPtrArray *commands = avs_plan_step_get_commands (avs_plan_get_step (plan, i));

      for (guint j = 0; j < commands->len; j++)
        {
          AvsPlanCommand *command = g_ptr_array_index (commands, j);

          for (guint k = 0; command->argv[k] != NULL; k++)
            if (strstr (command->argv[k], needle) != NULL)
              return TRUE;
        }
    }
  return FALSE;
}

static void
check_order (AvsPlan            *plan,
             const char * const *ids)
{
  gint last = -1;

  for (guint i = 0; ids[i] != NULL; i++)
    {
      gint found = -1;

      for (guint j = 0; j < avs_plan_get_n_steps (plan); j++)
        if (g_str_equal (avs_plan_step_get_id (avs_plan_get_step (plan, j)), ids[i]))
          found = (gint) j;
      if (found < 0)
        g_error ("step %s missing", ids[i]);
      g_assert_cmpint (found, >, last);
      last = found;
    }
}

/* ------------------------------------------------------------------------------------------ */

static AvsScanResult *
debian_managed (void)
{
  static const char * const like[] = { NULL };
  AvsScanResult *scan = avs_scan_result_new ("/");
  g_autoptr(AvsFinding) kesl = avs_finding_new (AVS_PRODUCT_KESL,
                                                "Kaspersky Endpoint Security for Linux");
  g_autoptr(AvsFinding) gui = avs_finding_new (AVS_PRODUCT_KESL_GUI,
                                               "Kaspersky Endpoint Security for Linux (graphical interface)");
  g_autoptr(AvsFinding) agent = avs_finding_new (AVS_PRODUCT_NETWORK_AGENT,
                                                 "Kaspersky Security Center Network Agent");
  g_autoptr(AvsFinding) ca = avs_finding_new (AVS_PRODUCT_HTTPS_ROOT_CA,
                                              "Kaspersky root certificate");
  g_autoptr(AvsFinding) ext = avs_finding_new (AVS_PRODUCT_PROTECTION_EXTENSION,
                                               "Kaspersky Protection browser extension");

  avs_scan_result_set_live (scan, TRUE);
  avs_scan_result_set_host (scan, "debian", like, "12", "Debian GNU/Linux 12 (bookworm)", "dpkg");

  /* The scanner lists kesl before kesl-gui; the plan must still remove the GUI first. */
  avs_finding_set_state (kesl, AVS_INSTALL_STATE_INSTALLED);
  avs_finding_set_running (kesl, TRUE);
  avs_finding_set_managed (kesl, TRUE);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", "dpkg");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_SYMLINK, "/opt/kaspersky/kesl",
                            "/var/opt/kaspersky/kesl/install_12.1.0.1297/opt/kaspersky/kesl");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_DIRECTORY, "/var/opt/kaspersky/kesl", NULL);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_FILE, "/var/opt/kaspersky/kesl/common/kesl.ini", NULL);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_UNIT, "kesl.service",
                            "/lib/systemd/system/kesl.service");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_GROUP, "kesladmin", NULL);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_GROUP, "nokesl", NULL);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PROCESS, "kesl", "1234");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_DIRECTORY, "/var/log/kaspersky", NULL);
  avs_scan_result_add_finding (scan, kesl);

  avs_finding_set_managed (gui, TRUE);
  avs_finding_add_evidence (gui, AVS_EVIDENCE_PACKAGE, "kesl-gui", "dpkg");
  avs_scan_result_add_finding (scan, gui);

  avs_finding_set_managed (agent, TRUE);
  avs_finding_set_management_server (agent, "ksc.example.test");
  avs_finding_add_evidence (agent, AVS_EVIDENCE_PACKAGE, "klnagent64", "dpkg");
  avs_finding_add_evidence (agent, AVS_EVIDENCE_DIRECTORY, "/opt/kaspersky/klnagent64", NULL);
  avs_finding_add_evidence (agent, AVS_EVIDENCE_DIRECTORY, "/var/opt/kaspersky/klnagent", NULL);
  avs_finding_add_evidence (agent, AVS_EVIDENCE_CONFIG,
                            "Administration Server address: ksc.example.test",
                            "/var/opt/kaspersky/klnagent/log/klnagchk.log");
  avs_finding_add_evidence (agent, AVS_EVIDENCE_UNIT, "klnagent64.service",
                            "/etc/systemd/system/klnagent64.service");
  avs_scan_result_add_finding (scan, agent);

  avs_finding_add_evidence (ca, AVS_EVIDENCE_CERTIFICATE,
                            "CN=Kaspersky Anti-Virus Personal Root Certificate,O=AO Kaspersky Lab,C=RU",
                            "/usr/local/share/ca-certificates/kaspersky.crt");
  avs_finding_add_evidence (ca, AVS_EVIDENCE_CERTIFICATE,
                            "CN=Kaspersky Anti-Virus Personal Root Certificate,O=AO Kaspersky Lab,C=RU",
                            "/etc/ssl/certs/ca-certificates.crt");
  avs_finding_add_evidence (ca, AVS_EVIDENCE_NSS_CERTIFICATE,
                            "Kaspersky Anti-Virus Personal Root Certificate",
                            "/nonexistent-home/alice/.pki/nssdb");
  avs_scan_result_add_finding (scan, ca);

  avs_finding_add_evidence (ext, AVS_EVIDENCE_BROWSER_EXTENSION, "ahkjpbeeocnddjkakilopmfdlnjdpcdm",
                            "/home/alice/.config/google-chrome/Default");
  avs_finding_add_evidence (ext, AVS_EVIDENCE_BROWSER_EXTENSION,
                            "light_plugin_ACF0E80077C511E59DED005056C00008@kaspersky.com",
                            "/home/alice/.mozilla/firefox/abcd.default-release");
  avs_scan_result_add_finding (scan, ext);
  return scan;
}

static void
test_golden_debian (void)
{
  g_autoptr(AvsScanResult) scan = debian_managed ();
  g_autoptr(AvsReplacement) replacement = clamui ();
  AvsPlanOptions options = { STAMP, replacement, AVS_REPLACEMENT_METHOD_AUTO,
                             AVS_PACKAGE_FRONTEND_AUTO };
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsPlan) plan = avs_plan_new (scan, &options, &error);
  g_autofree char *text = NULL;
  g_autofree char *script = NULL;
  static const char * const order[] = {
    "managed", "stop-services", "remove-kesl-gui", "remove-kesl", "remove-klnagent64",
    "backup", "leftovers", "purge-records", "certificates", "nss-certificates",
    "browser-extensions", "reboot", "replacement", "verify", NULL
  };
  AvsPlanStep *step;

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  check_order (plan, order);
  g_assert_cmpint (avs_plan_get_frontend (plan), ==, AVS_PACKAGE_FRONTEND_APT);

  step = avs_plan_find_step (plan, "managed");
  g_assert_true (avs_plan_step_get_blocking (step));
  g_assert_nonnull (strstr (avs_plan_step_get_explanation (step), "ksc.example.test"));
  /* The agent's step flags the order as an inference, as the facts do. */
  g_assert_true (avs_plan_step_get_inference (avs_plan_find_step (plan, "remove-klnagent64")));
  g_assert_false (avs_plan_step_get_inference (avs_plan_find_step (plan, "remove-kesl")));
  /* The replacement is a per-user Flatpak: no administrator rights. */
  step = avs_plan_find_step (plan, "replacement");
  g_assert_false (avs_plan_step_get_needs_admin (step));
  g_assert_cmpint (avs_plan_step_get_kind (step), ==, AVS_STEP_KIND_AUTOMATIC);
  /* The GUI/Network Agent are a plan that is not empty; the list model has every step. */
  g_assert_false (avs_plan_is_empty (plan));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (plan)), ==, avs_plan_get_n_steps (plan));

  text = avs_plan_to_text (plan);
  compare_golden ("debian-managed.txt", text);
  script = avs_plan_to_script (plan);
  compare_golden ("debian-managed.sh", script);
}

static AvsScanResult *
fedora (void)
{
  static const char * const like[] = { NULL };
  AvsScanResult *scan = avs_scan_result_new ("/");
  g_autoptr(AvsFinding) kesl = avs_finding_new (AVS_PRODUCT_KESL,
                                                "Kaspersky Endpoint Security for Linux");
  g_autoptr(AvsFinding) agent = avs_finding_new (AVS_PRODUCT_NETWORK_AGENT,
                                                 "Kaspersky Security Center Network Agent");
  g_autoptr(AvsFinding) ca = avs_finding_new (AVS_PRODUCT_HTTPS_ROOT_CA,
                                              "Kaspersky root certificate");

  avs_scan_result_set_live (scan, TRUE);
  avs_scan_result_set_host (scan, "fedora", like, "40", "Fedora Linux 40 (Workstation Edition)", "rpm");

  avs_finding_add_evidence (agent, AVS_EVIDENCE_PACKAGE, "klnagent64", "rpm");
  avs_finding_add_evidence (agent, AVS_EVIDENCE_UNIT, "klnagent64.service",
                            "/usr/lib/systemd/system/klnagent64.service");
  avs_scan_result_add_finding (scan, agent);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", "rpm");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl-gui", "rpm");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_INIT_SCRIPT, "/etc/init.d/kesl-supervisor", NULL);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_DIRECTORY, "/etc/opt/kaspersky", NULL);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_KERNEL_MODULE, "redirfs", NULL);
  avs_scan_result_add_finding (scan, kesl);
  avs_finding_add_evidence (ca, AVS_EVIDENCE_CERTIFICATE,
                            "CN=Kaspersky Web Anti-Virus Certification Authority,O=AO Kaspersky Lab",
                            "/etc/pki/ca-trust/source/anchors/kav.pem");
  avs_scan_result_add_finding (scan, ca);
  return scan;
}

static void
test_golden_fedora (void)
{
  g_autoptr(AvsScanResult) scan = fedora ();
  g_autoptr(AvsReplacement) replacement = clamui ();
  AvsPlanOptions options = { STAMP, replacement, AVS_REPLACEMENT_METHOD_PACKAGES,
                             AVS_PACKAGE_FRONTEND_AUTO };
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsPlan) plan = avs_plan_new (scan, &options, &error);
  g_autofree char *text = NULL;
  static const char * const order[] = {
    "stop-services", "remove-kesl-gui", "remove-kesl", "remove-klnagent64", "backup",
    "leftovers", "certificates", "reboot", "replacement", "verify", NULL
  };

  g_assert_no_error (error);
  check_order (plan, order);
  g_assert_null (avs_plan_find_step (plan, "managed"));
  g_assert_null (avs_plan_find_step (plan, "purge-records"));   /* rpm has no such records */
  g_assert_cmpint (avs_plan_get_frontend (plan), ==, AVS_PACKAGE_FRONTEND_DNF);
  g_assert_true (plan_argv_contains (plan, "update-ca-trust"));
  g_assert_true (avs_plan_step_get_needs_admin (avs_plan_find_step (plan, "replacement")));

  text = avs_plan_to_text (plan);
  compare_golden ("fedora.txt", text);
}

static void
test_golden_rhel7_yum (void)
{
  static const char * const like[] = { "fedora", NULL };
  g_autoptr(AvsScanResult) scan = avs_scan_result_new ("/");
  g_autoptr(AvsFinding) kesl = avs_finding_new (AVS_PRODUCT_KESL, "KESL");
  g_autoptr(AvsPlan) plan = NULL;
  g_autoptr(AvsReplacement) replacement = clamui ();
  AvsPlanOptions options = { STAMP, replacement, AVS_REPLACEMENT_METHOD_PACKAGES,
                             AVS_PACKAGE_FRONTEND_AUTO };

  avs_scan_result_set_live (scan, TRUE);
  avs_scan_result_set_host (scan, "rhel", like, "7.9", "Red Hat Enterprise Linux Server 7.9", "rpm");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", "rpm");
  avs_scan_result_add_finding (scan, kesl);
  plan = avs_plan_new (scan, &options, NULL);
  g_assert_cmpint (avs_plan_get_frontend (plan), ==, AVS_PACKAGE_FRONTEND_YUM);
  g_assert_true (plan_argv_contains (plan, "yum"));
}

static AvsScanResult *
opensuse (void)
{
  static const char * const like[] = { "suse", "opensuse", NULL };
  AvsScanResult *scan = avs_scan_result_new ("/");
  g_autoptr(AvsFinding) kesl = avs_finding_new (AVS_PRODUCT_KESL,
                                                "Kaspersky Endpoint Security for Linux");
  g_autoptr(AvsFinding) ca = avs_finding_new (AVS_PRODUCT_HTTPS_ROOT_CA,
                                              "Kaspersky root certificate");

  avs_scan_result_set_live (scan, TRUE);
  avs_scan_result_set_host (scan, "opensuse-leap", like, "15.5", "openSUSE Leap 15.5", "rpm");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", "rpm");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_UNIT, "kesl.service",
                            "/usr/lib/systemd/system/kesl.service");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_DIRECTORY, "/var/opt/kaspersky", NULL);
  avs_scan_result_add_finding (scan, kesl);
  avs_finding_add_evidence (ca, AVS_EVIDENCE_CERTIFICATE,
                            "CN=Kaspersky Anti-Virus Personal Root Certificate,O=AO Kaspersky Lab,C=RU",
                            "/etc/pki/trust/anchors/kaspersky.pem");
  avs_scan_result_add_finding (scan, ca);
  return scan;
}

static void
test_golden_opensuse (void)
{
  g_autoptr(AvsScanResult) scan = opensuse ();
  g_autoptr(AvsReplacement) replacement = clamui ();
  AvsPlanOptions options = { STAMP, replacement, AVS_REPLACEMENT_METHOD_GNOME_SOFTWARE,
                             AVS_PACKAGE_FRONTEND_AUTO };
  g_autoptr(AvsPlan) plan = avs_plan_new (scan, &options, NULL);
  g_autofree char *text = NULL;
  AvsPlanStep *step;

  g_assert_cmpint (avs_plan_get_frontend (plan), ==, AVS_PACKAGE_FRONTEND_ZYPPER);
  /* zypper is not in any source: rpm is used and the step says so. */
  step = avs_plan_find_step (plan, "remove-kesl");
  g_assert_true (avs_plan_step_get_inference (step));
  g_assert_true (plan_argv_contains (plan, "--erase"));
  step = avs_plan_find_step (plan, "replacement");
  g_assert_cmpstr (avs_plan_step_get_uri (step), ==, "appstream://io.github.linx_systems.ClamUI");
  g_assert_cmpint (avs_plan_step_get_kind (step), ==, AVS_STEP_KIND_MANUAL);

  text = avs_plan_to_text (plan);
  compare_golden ("opensuse.txt", text);
}

static AvsScanResult *
arch (void)
{
  static const char * const like[] = { NULL };
  AvsScanResult *scan = avs_scan_result_new ("/");
  g_autoptr(AvsFinding) kesl = avs_finding_new (AVS_PRODUCT_KESL,
                                                "Kaspersky Endpoint Security for Linux");
  g_autoptr(AvsFinding) ca = avs_finding_new (AVS_PRODUCT_HTTPS_ROOT_CA,
                                              "Kaspersky root certificate");

  avs_scan_result_set_live (scan, TRUE);
  avs_scan_result_set_host (scan, "arch", like, NULL, "Arch Linux", "pacman");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", "pacman");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_DIRECTORY, "/usr/share/licenses/kesl", NULL);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_FILE, "/usr/local/bin/kesl-helper", NULL);
  avs_scan_result_add_finding (scan, kesl);
  avs_finding_add_evidence (ca, AVS_EVIDENCE_CERTIFICATE,
                            "CN=Kaspersky Anti-Virus Personal Root Certificate,O=AO Kaspersky Lab,C=RU",
                            "/etc/ca-certificates/trust-source/anchors/kaspersky.crt");
  avs_scan_result_add_finding (scan, ca);
  return scan;
}

static void
test_golden_arch (void)
{
  g_autoptr(AvsScanResult) scan = arch ();
  g_autoptr(GError) error = NULL;
  /* A made-up commercial product: only a vendor page. */
  g_autoptr(AvsReplacement) replacement = avs_replacement_new ("example-av", "Example AV", NULL,
                                                               NULL, NULL, NULL, NULL,
                                                               "https://vendor.example/linux",
                                                               &error);
  AvsPlanOptions options = { STAMP, replacement, AVS_REPLACEMENT_METHOD_AUTO,
                             AVS_PACKAGE_FRONTEND_AUTO };
  g_autoptr(AvsPlan) plan = NULL;
  g_autofree char *text = NULL;
  AvsPlanStep *step;

  g_assert_no_error (error);
  plan = avs_plan_new (scan, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (avs_plan_get_frontend (plan), ==, AVS_PACKAGE_FRONTEND_PACMAN);
  g_assert_true (plan_argv_contains (plan, "extract-compat"));
  /* /usr/local/bin/kesl-helper is not on the allow-list: the user decides. */
  g_assert_false (plan_argv_contains (plan, "/usr/local/bin/kesl-helper"));
  g_assert_nonnull (avs_plan_find_step (plan, "manual-files"));
  step = avs_plan_find_step (plan, "replacement");
  g_assert_cmpstr (avs_plan_step_get_uri (step), ==, "https://vendor.example/linux");

  text = avs_plan_to_text (plan);
  compare_golden ("arch.txt", text);
}

/* A mounted disk: no services to stop, nothing to rebuild live, the root in every path. */
static void
test_golden_other_root (void)
{
  static const char * const like[] = { "debian", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *root = avs_test_make_tmpdir ("avs-plan-root-XXXXXX");
  g_autoptr(AvsScanResult) scan = NULL;
  g_autoptr(AvsFinding) kav = avs_finding_new (AVS_PRODUCT_KAV4FS,
                                               "Kaspersky Anti-Virus for Linux File Server");
  g_autoptr(AvsFinding) kvrt = avs_finding_new (AVS_PRODUCT_KVRT, "Kaspersky Virus Removal Tool");
  g_autoptr(AvsFinding) win = avs_finding_new (AVS_PRODUCT_WINDOWS_INSTALLATION,
                                               "Kaspersky on Windows");
  g_autoptr(AvsFinding) ca = avs_finding_new (AVS_PRODUCT_HTTPS_ROOT_CA, "Kaspersky root certificate");
  g_autoptr(AvsPlan) plan = NULL;
  g_autofree char *text = NULL;
  g_autofree char *relative = NULL;
  g_auto(GStrv) parts = NULL;

  g_assert_no_error (error);
  scan = avs_scan_result_new (root);
  avs_scan_result_set_host (scan, "ubuntu", like, "22.04", "Ubuntu 22.04.4 LTS", "dpkg");
  avs_finding_add_evidence (kav, AVS_EVIDENCE_PACKAGE, "kav4fs", "dpkg");
  avs_finding_add_evidence (kav, AVS_EVIDENCE_INIT_SCRIPT, "/etc/init.d/kav4fs-supervisor", NULL);
  avs_finding_add_evidence (kav, AVS_EVIDENCE_FILE, "/etc/kaspersky/license.key", NULL);
  avs_scan_result_add_finding (scan, kav);
  avs_finding_set_state (kvrt, AVS_INSTALL_STATE_FILES_ONLY);
  avs_finding_add_evidence (kvrt, AVS_EVIDENCE_DIRECTORY, "/home/bob/KVRT2024_Data", NULL);
  avs_finding_add_evidence (kvrt, AVS_EVIDENCE_FILE, "/home/bob/Downloads/kvrt.run", NULL);
  avs_scan_result_add_finding (scan, kvrt);
  avs_finding_add_evidence (win, AVS_EVIDENCE_WINDOWS_INSTALL,
                            "/media/bob/Windows/Program Files (x86)/Kaspersky Lab/Kaspersky Internet Security 21.3",
                            NULL);
  avs_scan_result_add_finding (scan, win);
  avs_finding_add_evidence (ca, AVS_EVIDENCE_CERTIFICATE,
                            "CN=Kaspersky Anti-Virus Personal Root Certificate,O=AO Kaspersky Lab,C=RU",
                            "/etc/ssl/certs/ca-certificates.crt");
  /* A disk's browser database: a hand-over to the disk's own system, never certutil here. */
  avs_finding_add_evidence (ca, AVS_EVIDENCE_NSS_CERTIFICATE,
                            "Kaspersky Anti-Virus Personal Root Certificate",
                            "/home/bob/.pki/nssdb");
  avs_scan_result_add_finding (scan, ca);

  {
    AvsPlanOptions options = { STAMP, NULL, AVS_REPLACEMENT_METHOD_AUTO, AVS_PACKAGE_FRONTEND_AUTO };
    plan = avs_plan_new (scan, &options, &error);
  }
  g_assert_no_error (error);
  g_assert_null (avs_plan_find_step (plan, "stop-services"));
  g_assert_nonnull (avs_plan_find_step (plan, "windows"));
  g_assert_nonnull (avs_plan_find_step (plan, "manual-certificates"));
  g_assert_true (avs_plan_step_get_inference (avs_plan_find_step (plan, "remove-kav4fs")));
  g_assert_true (plan_argv_contains (plan, "--root="));
  g_assert_false (plan_argv_contains (plan, "certutil"));
  g_assert_cmpint (avs_plan_step_get_kind (avs_plan_find_step (plan, "nss-certificates")), ==,
                   AVS_STEP_KIND_MANUAL);

  text = avs_plan_to_text (plan);
  parts = g_strsplit (text, root, -1);
  relative = g_strjoinv ("@ROOT@", parts);
  compare_golden ("ubuntu-disk.txt", relative);
  g_rmdir (root);
}

/* ------------------------------------------------------------------------------------------ */

static void
test_validate_patterns (void)
{
  static const char * const good_packages[] = { "kesl", "kesl-gui", "klnagent64", "libstdc++6",
                                                "python3.11", "Foo_Bar", NULL };
  static const char * const bad_packages[] = { "", "kesl gui", "kesl;reboot", "-rf", "../x",
                                               "kesl$(id)", "a/b", "kesl\n", "a..b", NULL };
  static const char * const good_ids[] = { "io.github.linx_systems.ClamUI",
                                           "com.gitlab.davem.ClamTk", "org.gnome.Software", NULL };
  static const char * const bad_ids[] = { "", "ClamUI", "org.gnome", "org/gnome/Evil",
                                          "org.gnome..x", "org.gnome.-x", "org.gnome.Soft ware",
                                          "org.gnome.x;reboot", "org.1gnome.x", NULL };
  static const char * const good_paths[] = { "/", "/opt/kaspersky", "/var/opt/KVRT2024_Data",
                                             "/home/a.b/.pki/nssdb", NULL };
  static const char * const bad_paths[] = { "", "opt/kaspersky", "/opt/../etc", "/opt/./x",
                                            "/opt//x", "/opt/x/", "/opt/a b", "/opt/x;rm",
                                            "/opt/$(id)", "/opt/`id`", "/opt/x\ny", "/opt/x'y",
                                            NULL };

  for (guint i = 0; good_packages[i] != NULL; i++)
    g_assert_true (avs_validate_package_name (good_packages[i], NULL));
  for (guint i = 0; bad_packages[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (avs_validate_package_name (bad_packages[i], &error));
      g_assert_error (error, AVS_VALIDATE_ERROR, AVS_VALIDATE_ERROR_INVALID);
      /* The message never carries raw control characters. */
      g_assert_null (strchr (error->message, '\n'));
    }
  /* Each refusal is a whole sentence with the value isolated, then the advice as a sentence
   * of its own (issue 15: no sentence assembled from translated fragments). */
  {
    g_autoptr(GError) empty = NULL;
    g_autoptr(GError) shell = NULL;
    const char *advice = "AV Switch only puts values it can check into commands; check the rules "
                         "file or catalog entry that named it.";
    g_autofree char *expected_empty = g_strconcat ("Refused an empty package name. ", advice, NULL);
    g_autofree char *expected_shell = g_strconcat ("Refused the package name “\u2068kesl;reboot\u2069”: "
                                                   "only letters, digits and the characters + . _ - "
                                                   "are allowed. ", advice, NULL);

    g_assert_false (avs_validate_package_name ("", &empty));
    g_assert_cmpstr (empty->message, ==, expected_empty);
    g_assert_false (avs_validate_package_name ("kesl;reboot", &shell));
    g_assert_cmpstr (shell->message, ==, expected_shell);
  }
  for (guint i = 0; good_ids[i] != NULL; i++)
    g_assert_true (avs_validate_flatpak_id (good_ids[i], NULL));
  for (guint i = 0; bad_ids[i] != NULL; i++)
    g_assert_false (avs_validate_flatpak_id (bad_ids[i], NULL));
  for (guint i = 0; good_paths[i] != NULL; i++)
    g_assert_true (avs_validate_path (good_paths[i], NULL));
  for (guint i = 0; bad_paths[i] != NULL; i++)
    g_assert_false (avs_validate_path (bad_paths[i], NULL));

  g_assert_true (avs_validate_unit_name ("kesl.service", NULL));
  g_assert_true (avs_validate_unit_name ("klnagent64.service", NULL));
  g_assert_false (avs_validate_unit_name ("kesl", NULL));
  g_assert_false (avs_validate_unit_name ("--now.service", NULL));
  g_assert_false (avs_validate_unit_name ("kesl;reboot.service", NULL));
  g_assert_true (avs_validate_account_name ("kesladmin", NULL));
  g_assert_false (avs_validate_account_name ("root:x", NULL));
  g_assert_true (avs_validate_nss_nickname ("Kaspersky Anti-Virus Personal Root Certificate", NULL));
  g_assert_false (avs_validate_nss_nickname ("x$(reboot)", NULL));
  g_assert_false (avs_validate_nss_nickname ("-d /etc", NULL));
  g_assert_true (avs_validate_https_url ("https://vendor.example/linux", NULL));
  g_assert_false (avs_validate_https_url ("http://vendor.example/", NULL));
  g_assert_false (avs_validate_https_url ("https://vendor.example/a b", NULL));
  g_assert_false (avs_validate_https_url ("javascript:alert(1)", NULL));
}

/* A hostile rules file or disk: values that would inject never become a command. */
static void
test_hostile_scan (void)
{
  static const char * const like[] = { NULL };
  g_autoptr(AvsScanResult) scan = avs_scan_result_new ("/");
  g_autoptr(AvsFinding) kesl = avs_finding_new (AVS_PRODUCT_KESL, "KESL");
  g_autoptr(AvsPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  const char * const *refused;

  avs_scan_result_set_live (scan, TRUE);
  avs_scan_result_set_host (scan, "debian", like, "12", "Debian GNU/Linux 12 (bookworm)", "dpkg");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl; rm -rf /", "dpkg");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl gui", "dpkg");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "--force-all", "dpkg");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", "apt; reboot");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_DIRECTORY, "/opt/kaspersky/../../etc", NULL);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_DIRECTORY, "/opt/kaspersky/x;reboot", NULL);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_DIRECTORY, "/etc", NULL);
  /* A real path with a space (K24L): covered by /var/opt/kaspersky, never put in a command. */
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_DIRECTORY, "/var/opt/kaspersky/Kaspersky 24.0", NULL);
  /* A home folder name that would inject: the glob entry matches, the target is refused. */
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_DIRECTORY, "/home/x;reboot/KVRT2024_Data", NULL);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_UNIT, "kesl.service;reboot", "/etc/systemd/system/x");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_GROUP, "root:x:0", NULL);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_GROUP, "root", NULL);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_NSS_CERTIFICATE, "$(reboot)", "/root/.pki/nssdb");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_NSS_CERTIFICATE, "Kaspersky", "/root/../etc");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_CERTIFICATE, "CN=Kaspersky",
                            "/usr/local/share/ca-certificates/a b.crt");
  avs_scan_result_add_finding (scan, kesl);

  plan = avs_plan_new (scan, NULL, &error);
  g_assert_no_error (error);

  g_assert_false (plan_argv_contains (plan, "rm -rf"));
  g_assert_false (plan_argv_contains (plan, "kesl gui"));
  g_assert_false (plan_argv_contains (plan, "--force-all"));
  g_assert_false (plan_argv_contains (plan, ".."));
  g_assert_false (plan_argv_contains (plan, "reboot"));
  g_assert_false (plan_argv_contains (plan, "root:x"));
  g_assert_false (plan_argv_contains (plan, "$("));
  g_assert_false (plan_argv_contains (plan, "a b.crt"));
  g_assert_false (plan_argv_contains (plan, "Kaspersky 24.0"));
  g_assert_true (plan_argv_contains (plan, "/var/opt/kaspersky"));
  g_assert_false (plan_argv_contains (plan, "KVRT2024_Data"));
  /* /etc is not on the allow-list, nor is the group root. */
  for (guint i = 0; i < avs_plan_get_n_steps (plan); i++)
    {
      GPtrArray *commands = avs_plan_step_get_commands (avs_plan_get_step (plan, i));

      for (guint j = 0; j < commands->len; j++)
        {
          AvsPlanCommand *command = g_ptr_array_index (commands, j);
          for (guint k = 0; command->argv[k] != NULL; k++)
            {
              g_assert_cmpstr (command->argv[k], !=, "/etc");
              g_assert_cmpstr (command->argv[k], !=, "root");
            }
        }
    }
  /* No package step at all: each was refused (the unknown manager too). */
  g_assert_null (avs_plan_find_step (plan, "remove-kesl"));
  refused = avs_plan_get_refused (plan);
  g_assert_cmpuint (g_strv_length ((char **) refused), >=, 6);
  g_assert_nonnull (avs_plan_find_step (plan, "manual-files"));

  /* Even the script a technician reads quotes what it shows. */
  script = avs_plan_to_script (plan);
  g_assert_null (strstr (script, "\nrm -rf"));
}

/* A hostile catalog entry is refused before it can reach a plan. */
static void
test_hostile_catalog (void)
{
  static const char * const bad_apt[] = { "clamav", "clamav; reboot", NULL };
  static const char * const spaced[] = { "clam av", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsReplacement) r = NULL;
  g_autoptr(JsonNode) node = NULL;

  r = avs_replacement_new ("clamui", "ClamUI", "io.github/evil/x", NULL, NULL, NULL, NULL, NULL,
                           &error);
  g_assert_null (r);
  g_assert_error (error, AVS_VALIDATE_ERROR, AVS_VALIDATE_ERROR_INVALID);
  g_clear_error (&error);

  r = avs_replacement_new ("clamui", "ClamUI", NULL, bad_apt, NULL, NULL, NULL, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, AVS_VALIDATE_ERROR, AVS_VALIDATE_ERROR_INVALID);
  g_clear_error (&error);

  r = avs_replacement_new ("clamui", "ClamUI", NULL, NULL, spaced, NULL, NULL, NULL, &error);
  g_assert_null (r);
  g_clear_error (&error);

  r = avs_replacement_new ("clamui", "ClamUI", NULL, NULL, NULL, NULL, NULL,
                           "https://x.example/\"onclick", &error);
  g_assert_null (r);
  g_clear_error (&error);

  r = avs_replacement_new ("../evil", "Evil", NULL, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_null (r);
  g_clear_error (&error);

  /* The same through JSON (as a saved plan would carry it). */
  {
    const char *data = "{\"product\":\"clamui\",\"name\":\"ClamUI\","
                       "\"flathub\":\"org.evil/../../x\",\"apt\":[],\"dnf\":[],"
                       "\"zypper\":[],\"pacman\":[],\"vendor_url\":null}";
    node = avs_json_parse_data (data, strlen (data), "test", &error);
  }
  g_assert_no_error (error);
  r = avs_replacement_from_json (node, &error);
  g_assert_null (r);
  g_assert_error (error, AVS_VALIDATE_ERROR, AVS_VALIDATE_ERROR_INVALID);
}

/* The saved inputs rebuild exactly the same plan. */
static void
test_inputs_round_trip (void)
{
  g_autoptr(AvsScanResult) scan = debian_managed ();
  g_autoptr(AvsReplacement) replacement = clamui ();
  AvsPlanOptions options = { STAMP, replacement, AVS_REPLACEMENT_METHOD_FLATPAK,
                             AVS_PACKAGE_FRONTEND_AUTO };
  g_autoptr(AvsPlan) plan = avs_plan_new (scan, &options, NULL);
  g_autoptr(JsonNode) inputs = avs_plan_inputs_to_json (plan);
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsPlan) again = avs_plan_new_from_inputs (inputs, &error);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *json_text = NULL;

  g_assert_no_error (error);
  a = avs_plan_to_text (plan);
  b = avs_plan_to_text (again);
  g_assert_cmpstr (a, ==, b);

  json = avs_plan_to_json (plan);
  json_text = json_to_string (json, FALSE);
  g_assert_nonnull (strstr (json_text, "\"schema\":\"avswitch-plan/1\""));

  /* A bad stamp is refused (it names a file). */
  {
    AvsPlanOptions bad = { "2026/../x", NULL, AVS_REPLACEMENT_METHOD_AUTO, AVS_PACKAGE_FRONTEND_AUTO };
    g_autoptr(AvsPlan) none = avs_plan_new (scan, &bad, &error);
    g_assert_null (none);
    g_assert_error (error, AVS_PLAN_ERROR, AVS_PLAN_ERROR_INVALID);
  }
}

/* Leftovers of a removal: nothing to stop (a stray unit file may not even be loaded), the
 * unit file itself is deleted; a running leftover is still stopped. */
static void
test_leftovers_not_stopped (void)
{
  static const char * const like[] = { NULL };
  g_autoptr(AvsScanResult) scan = avs_scan_result_new ("/");
  g_autoptr(AvsFinding) kesl = avs_finding_new (AVS_PRODUCT_KESL, "KESL");
  g_autoptr(AvsPlan) plan = NULL;

  avs_scan_result_set_live (scan, TRUE);
  avs_scan_result_set_host (scan, "debian", like, "12", NULL, "dpkg");
  avs_finding_set_state (kesl, AVS_INSTALL_STATE_LEFTOVERS);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_UNIT, "kesl.service",
                            "/etc/systemd/system/kesl.service");
  avs_scan_result_add_finding (scan, kesl);
  plan = avs_plan_new (scan, NULL, NULL);
  g_assert_null (avs_plan_find_step (plan, "stop-services"));
  g_assert_true (plan_argv_contains (plan, "/etc/systemd/system/kesl.service"));
  g_assert_true (plan_argv_contains (plan, "daemon-reload"));

  g_clear_object (&plan);
  avs_finding_set_running (kesl, TRUE);
  plan = avs_plan_new (scan, NULL, NULL);
  g_assert_nonnull (avs_plan_find_step (plan, "stop-services"));
}

/* A dpkg package removed with its settings kept ("config-files", as the scanner reports it):
 * no removal step, only the record is purged — after its settings were archived. */
static void
test_config_files_package (void)
{
  static const char * const like[] = { NULL };
  g_autoptr(AvsScanResult) scan = avs_scan_result_new ("/");
  g_autoptr(AvsFinding) kesl = avs_finding_new (AVS_PRODUCT_KESL, "KESL");
  g_autoptr(AvsPlan) plan = NULL;
  AvsPlanStep *purge;
  AvsPlanCommand *command;

  avs_scan_result_set_live (scan, TRUE);
  avs_scan_result_set_host (scan, "debian", like, "12", NULL, "dpkg");
  avs_finding_set_state (kesl, AVS_INSTALL_STATE_LEFTOVERS);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", "dpkg (config-files)");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_DIRECTORY, "/etc/opt/kaspersky", NULL);
  avs_scan_result_add_finding (scan, kesl);
  plan = avs_plan_new (scan, NULL, NULL);

  g_assert_null (avs_plan_find_step (plan, "remove-kesl"));
  g_assert_cmpuint (g_strv_length ((char **) avs_plan_get_refused (plan)), ==, 0);
  purge = avs_plan_find_step (plan, "purge-records");
  g_assert_nonnull (purge);
  command = g_ptr_array_index (avs_plan_step_get_commands (purge), 0);
  g_assert_cmpstr (command->argv[command->argv[0] != NULL ? g_strv_length (command->argv) - 1 : 0],
                   ==, "kesl");
  {
    const char * const order[] = { "backup", "leftovers", "purge-records", "verify", NULL };
    check_order (plan, order);
  }
}

static void
test_clean_plan (void)
{
  static const char * const like[] = { NULL };
  g_autoptr(AvsScanResult) scan = avs_scan_result_new ("/");
  g_autoptr(AvsPlan) plan = NULL;

  avs_scan_result_set_host (scan, "debian", like, "12", NULL, "dpkg");
  plan = avs_plan_new (scan, NULL, NULL);
  g_assert_true (avs_plan_is_empty (plan));
  g_assert_cmpuint (avs_plan_get_n_steps (plan), ==, 1);
  g_assert_cmpstr (avs_plan_step_get_id (avs_plan_get_step (plan, 0)), ==, "verify");
}

/* The replacement comes from the real (bundled, signed) catalog. */
static void
test_catalog_replacement (void)
{
  g_autoptr(AvsCatalogStore) store = avs_catalog_store_new ("https://127.0.0.1:9/none.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsReplacement) clam = NULL;
  g_autoptr(AvsReplacement) none = NULL;
  AvsCatalog *catalog;

  g_assert_true (avs_catalog_store_load (store, &error));
  g_assert_no_error (error);
  catalog = avs_catalog_store_get_catalog (store);

  clam = avs_replacement_new_from_catalog (avs_catalog_find_product (catalog, "clamui"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (clam->flathub_id, ==, "io.github.linx_systems.ClamUI");
  g_assert_true (g_strv_contains ((const char * const *) clam->pacman, "clamui"));

  none = avs_replacement_new_from_catalog (avs_catalog_find_product (catalog, "keep-updated"),
                                           &error);
  g_assert_null (none);
  g_assert_error (error, AVS_PLAN_ERROR, AVS_PLAN_ERROR_UNSUPPORTED);
}

/* On a disk scanned with --root, nothing is installed into the running system instead. */
static void
test_replacement_other_root (void)
{
  static const char * const like[] = { NULL };
  g_autoptr(AvsScanResult) scan = avs_scan_result_new ("/mnt/disk");
  g_autoptr(AvsFinding) kesl = avs_finding_new (AVS_PRODUCT_KESL, "KESL");
  g_autoptr(AvsReplacement) replacement = clamui ();
  AvsReplacementMethod methods[] = { AVS_REPLACEMENT_METHOD_FLATPAK,
                                     AVS_REPLACEMENT_METHOD_GNOME_SOFTWARE,
                                     AVS_REPLACEMENT_METHOD_PACKAGES };

  avs_scan_result_set_host (scan, "debian", like, "12", NULL, "dpkg");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", "dpkg");
  avs_scan_result_add_finding (scan, kesl);
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      AvsPlanOptions options = { STAMP, replacement, methods[i], AVS_PACKAGE_FRONTEND_AUTO };
      g_autoptr(AvsPlan) plan = avs_plan_new (scan, &options, NULL);
      AvsPlanStep *step = avs_plan_find_step (plan, "replacement");

      g_assert_cmpint (avs_plan_step_get_kind (step), ==, AVS_STEP_KIND_MANUAL);
      g_assert_cmpuint (avs_plan_step_get_commands (step)->len, ==, 0);
      g_assert_null (avs_plan_step_get_uri (step));
    }
}

/* ------------------------------------------------------------------------------------------ */

#define NSS_NICK "Kaspersky Anti-Virus Personal Root Certificate"

static void
make_dir (const char *path,
          guint       uid,
          int         mode)
{
  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
  g_assert_cmpint (chown (path, uid, uid), ==, 0);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "rm", "-rf", "--", path, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                &error);
  g_assert_no_error (error);
}

/* Every "sql:DIR" handed to a command names, once the kernel has followed every link, a
 * folder under @root, and spells it without any link (so a link changed later cannot redirect
 * it). Returns how many certutil commands there are. */
static guint
assert_certutil_paths_inside (AvsPlan    *plan,
                              const char *root)
{
  guint certutil = 0;

  for (guint i = 0; i < avs_plan_get_n_steps (plan); i++)
    {
      GPtrArray *commands = avs_plan_step_get_commands (avs_plan_get_step (plan, i));

      for (guint j = 0; j < commands->len; j++)
        {
          AvsPlanCommand *command = g_ptr_array_index (commands, j);

          for (guint k = 0; command->argv[k] != NULL; k++)
            {
              const char *arg = command->argv[k];
              g_autofree char *real = NULL;

              if (g_str_equal (arg, "certutil"))
                certutil++;
              if (!g_str_has_prefix (arg, "sql:"))
                continue;
              real = realpath (arg + 4, NULL);
              g_assert_nonnull (real);
              if (!g_str_equal (root, "/"))
                g_assert_true (g_str_has_prefix (real, root) && real[strlen (root)] == '/');
              g_assert_cmpstr (real, ==, arg + 4);
            }
        }
    }
  return certutil;
}

/* Finding 3: on a mounted disk, home/alice/.pki links to an absolute path, which the kernel
 * resolves on THIS machine. No certutil may run on it; and under --root no certutil runs on
 * the disk's databases at all (certutil loads the modules the disk's pkcs11.txt names): the
 * step tells what to run on the disk's own system. */
static void
test_nss_other_root (void)
{
  static const char * const like[] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *work = avs_test_make_tmpdir ("avs-plan-nss-XXXXXX");
  g_autofree char *root = NULL;
  g_autofree char *outside = NULL;
  g_autofree char *link = NULL;
  g_autofree char *bob = NULL;
  g_autoptr(AvsScanResult) scan = NULL;
  g_autoptr(AvsFinding) ca = avs_finding_new (AVS_PRODUCT_HTTPS_ROOT_CA, "Kaspersky root certificate");
  g_autoptr(AvsPlan) plan = NULL;
  AvsPlanOptions options = { STAMP, NULL, AVS_REPLACEMENT_METHOD_AUTO, AVS_PACKAGE_FRONTEND_AUTO };
  AvsPlanStep *step;
  const char *text;

  g_assert_no_error (error);
  root = g_build_filename (work, "root", NULL);
  outside = g_build_filename (work, "host-pki", NULL);
  make_dir (outside, geteuid (), 0700);
  {
    g_autofree char *db = g_build_filename (outside, "nssdb", NULL);
    make_dir (db, geteuid (), 0700);
  }
  {
    g_autofree char *home = g_build_filename (root, "home", "alice", NULL);
    make_dir (home, geteuid (), 0755);
  }
  link = g_build_filename (root, "home", "alice", ".pki", NULL);
  g_assert_cmpint (symlink (outside, link), ==, 0);
  bob = g_build_filename (root, "home", "bob", ".pki", "nssdb", NULL);
  make_dir (bob, geteuid (), 0700);

  scan = avs_scan_result_new (root);
  avs_scan_result_set_host (scan, "debian", like, "12", NULL, "dpkg");
  avs_finding_add_evidence (ca, AVS_EVIDENCE_NSS_CERTIFICATE, NSS_NICK, "/home/alice/.pki/nssdb");
  avs_finding_add_evidence (ca, AVS_EVIDENCE_NSS_CERTIFICATE, NSS_NICK, "/home/bob/.pki/nssdb");
  avs_scan_result_add_finding (scan, ca);
  plan = avs_plan_new (scan, &options, &error);
  g_assert_no_error (error);

  /* Not the host's database behind the link, nor the disk's own. */
  g_assert_cmpuint (assert_certutil_paths_inside (plan, root), ==, 0);
  g_assert_false (plan_argv_contains (plan, "certutil"));
  g_assert_false (plan_argv_contains (plan, outside));

  step = avs_plan_find_step (plan, "nss-certificates");
  g_assert_nonnull (step);
  g_assert_cmpint (avs_plan_step_get_kind (step), ==, AVS_STEP_KIND_MANUAL);
  g_assert_false (avs_plan_step_get_needs_admin (step));
  text = avs_plan_step_get_explanation (step);
  g_assert_nonnull (strstr (text, "pkcs11.txt"));
  /* The exact commands for the disk's own system, with the paths it sees, values quoted. */
  g_assert_nonnull (strstr (text, "certutil -D -d sql:/home/alice/.pki/nssdb -n '" NSS_NICK "'"));
  g_assert_nonnull (strstr (text, "certutil -D -d sql:/home/bob/.pki/nssdb -n '" NSS_NICK "'"));
  g_assert_null (strstr (text, root));

  remove_tree (work);
}

/* The running system: certutil runs as the owner of each database, on the folder's path with
 * every link resolved, and only when nobody but that owner (or root) can change any folder on
 * the way; otherwise the step says why and leaves it to the user. */
static void
test_nss_live_paths (void)
{
  static const char * const like[] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *work = NULL;
  g_autofree char *carol_link = NULL;
  g_autofree char *carol_real = NULL;
  g_autofree char *carol_path = NULL;
  g_autofree char *dave_db = NULL;
  g_autofree char *erin_db = NULL;
  g_autoptr(AvsScanResult) scan = NULL;
  g_autoptr(AvsFinding) ca = avs_finding_new (AVS_PRODUCT_HTTPS_ROOT_CA, "Kaspersky root certificate");
  g_autoptr(AvsPlan) plan = NULL;
  AvsPlanOptions options = { STAMP, NULL, AVS_REPLACEMENT_METHOD_AUTO, AVS_PACKAGE_FRONTEND_AUTO };
  AvsPlanStep *step;
  GPtrArray *commands;
  gboolean carol_seen = FALSE;

  if (geteuid () != 0)
    {
      g_test_skip ("databases owned by other users need root to make");
      return;
    }

  work = avs_test_make_tmpdir ("avs-plan-nss-live-XXXXXX");
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (work, 0755), ==, 0);

  /* carol's ~/.pki is a link to a folder of hers elsewhere: fine, but the command names the
   * folder itself, not the link. */
  {
    g_autofree char *home = g_build_filename (work, "home", "carol", NULL);
    make_dir (home, 1000, 0755);
  }
  carol_real = g_build_filename (work, "data", "carol-pki", NULL);
  make_dir (carol_real, 1000, 0700);
  {
    g_autofree char *db = g_build_filename (carol_real, "nssdb", NULL);
    make_dir (db, 1000, 0700);
  }
  carol_link = g_build_filename (work, "home", "carol", ".pki", NULL);
  g_assert_cmpint (symlink (carol_real, carol_link), ==, 0);
  carol_path = g_build_filename (carol_link, "nssdb", NULL);

  /* dave's home holds a database owned by root: dave could swap ~/.pki for a link to a
   * database whose pkcs11.txt names his own module, and root would load it. */
  {
    g_autofree char *home = g_build_filename (work, "home", "dave", ".pki", NULL);
    make_dir (home, 1001, 0755);
  }
  dave_db = g_build_filename (work, "home", "dave", ".pki", "nssdb", NULL);
  make_dir (dave_db, 0, 0755);

  /* erin's database sits in a folder every user may write to. */
  {
    g_autofree char *shared = g_build_filename (work, "shared", NULL);
    make_dir (shared, 0, 0777);
  }
  erin_db = g_build_filename (work, "shared", "nssdb", NULL);
  make_dir (erin_db, 1002, 0700);

  scan = avs_scan_result_new ("/");
  avs_scan_result_set_live (scan, TRUE);
  avs_scan_result_set_host (scan, "debian", like, "12", NULL, "dpkg");
  avs_finding_add_evidence (ca, AVS_EVIDENCE_NSS_CERTIFICATE, NSS_NICK, carol_path);
  avs_finding_add_evidence (ca, AVS_EVIDENCE_NSS_CERTIFICATE, NSS_NICK, dave_db);
  avs_finding_add_evidence (ca, AVS_EVIDENCE_NSS_CERTIFICATE, NSS_NICK, erin_db);
  avs_scan_result_add_finding (scan, ca);
  plan = avs_plan_new (scan, &options, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (assert_certutil_paths_inside (plan, "/"), ==, 1);
  g_assert_false (plan_argv_contains (plan, dave_db));
  g_assert_false (plan_argv_contains (plan, erin_db));

  step = avs_plan_find_step (plan, "nss-certificates");
  g_assert_nonnull (step);
  commands = avs_plan_step_get_commands (step);
  for (guint i = 0; i < commands->len; i++)
    {
      AvsPlanCommand *command = g_ptr_array_index (commands, i);
      g_autofree char *line = avs_plan_command_to_string (command);

      g_assert_cmpstr (command->argv[0], ==, "setpriv");
      g_assert_cmpstr (command->argv[1], ==, "--reuid=1000");
      g_assert_nonnull (strstr (line, carol_real));
      carol_seen = TRUE;
    }
  g_assert_true (carol_seen);
  /* The others are explained, not run. */
  g_assert_nonnull (strstr (avs_plan_step_get_explanation (step), dave_db));
  g_assert_nonnull (strstr (avs_plan_step_get_explanation (step), erin_db));

  remove_tree (work);
}

/* Finding 10: restoring from a --root plan's archive unpacks into the disk, never over the
 * running system. */
static void
test_restore_hint_other_root (void)
{
  static const char * const like[] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *root = avs_test_make_tmpdir ("avs-plan-restore-XXXXXX");
  g_autoptr(AvsScanResult) scan = NULL;
  g_autoptr(AvsFinding) kesl = avs_finding_new (AVS_PRODUCT_KESL, "KESL");
  g_autoptr(AvsPlan) plan = NULL;
  AvsPlanOptions options = { STAMP, NULL, AVS_REPLACEMENT_METHOD_AUTO, AVS_PACKAGE_FRONTEND_AUTO };
  g_autofree char *archive = NULL;
  g_autofree char *expected = NULL;
  const char *text;

  g_assert_no_error (error);
  scan = avs_scan_result_new (root);
  avs_scan_result_set_host (scan, "debian", like, "12", NULL, "dpkg");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", "dpkg");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_DIRECTORY, "/var/opt/kaspersky/kesl", NULL);
  avs_scan_result_add_finding (scan, kesl);
  plan = avs_plan_new (scan, &options, &error);
  g_assert_no_error (error);

  text = avs_plan_step_get_explanation (avs_plan_find_step (plan, "backup"));
  g_assert_null (strstr (text, "-C / "));
  archive = avs_plan_dup_archive_real_path (plan);
  expected = g_strdup_printf ("sudo tar -xzf %s -C %s PATH", archive, root);
  g_assert_nonnull (strstr (text, expected));
  g_rmdir (root);

  /* The running system keeps its hint. */
  {
    g_autoptr(AvsScanResult) live = avs_scan_result_new ("/");
    g_autoptr(AvsPlan) live_plan = NULL;

    avs_scan_result_set_live (live, TRUE);
    avs_scan_result_set_host (live, "debian", like, "12", NULL, "dpkg");
    avs_scan_result_add_finding (live, kesl);
    live_plan = avs_plan_new (live, &options, &error);
    g_assert_no_error (error);
    text = avs_plan_step_get_explanation (avs_plan_find_step (live_plan, "backup"));
    g_assert_nonnull (strstr (text, "-C / PATH"));
  }
}

/* Finding/consent: a --root plan's package steps run the disk's own maintainer scripts as root
 * here; the plan says so, and only for those steps. */
static void
test_disk_scripts_named (void)
{
  static const char * const like[] = { NULL };
  g_autoptr(AvsScanResult) disk = avs_scan_result_new ("/mnt/disk");
  g_autoptr(AvsScanResult) live = avs_scan_result_new ("/");
  g_autoptr(AvsFinding) kesl = avs_finding_new (AVS_PRODUCT_KESL, "KESL");
  g_autoptr(AvsPlan) disk_plan = NULL;
  g_autoptr(AvsPlan) live_plan = NULL;
  AvsPlanOptions options = { STAMP, NULL, AVS_REPLACEMENT_METHOD_AUTO, AVS_PACKAGE_FRONTEND_AUTO };

  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", "dpkg");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_DIRECTORY, "/var/opt/kaspersky/kesl", NULL);
  avs_scan_result_set_host (disk, "debian", like, "12", NULL, "dpkg");
  avs_scan_result_add_finding (disk, kesl);
  avs_scan_result_set_live (live, TRUE);
  avs_scan_result_set_host (live, "debian", like, "12", NULL, "dpkg");
  avs_scan_result_add_finding (live, kesl);
  disk_plan = avs_plan_new (disk, &options, NULL);
  live_plan = avs_plan_new (live, &options, NULL);

  g_assert_true (avs_plan_runs_disk_scripts (disk_plan, avs_plan_find_step (disk_plan, "remove-kesl")));
  g_assert_true (avs_plan_runs_disk_scripts (disk_plan, avs_plan_find_step (disk_plan, "purge-records")));
  g_assert_true (avs_plan_runs_disk_scripts (disk_plan, NULL));
  g_assert_false (avs_plan_runs_disk_scripts (disk_plan, avs_plan_find_step (disk_plan, "backup")));
  g_assert_false (avs_plan_runs_disk_scripts (live_plan, avs_plan_find_step (live_plan, "remove-kesl")));
  g_assert_false (avs_plan_runs_disk_scripts (live_plan, NULL));
  g_assert_nonnull (strstr (avs_plan_step_get_explanation (avs_plan_find_step (disk_plan, "remove-kesl")),
                            "scripts"));
  {
    g_autofree char *warning = avs_plan_dup_disk_scripts_warning (disk_plan);
    g_assert_nonnull (strstr (warning, "/mnt/disk"));
    /* Paths in sentences are isolated (issue 15): the disk's folder, and the backup step's
     * archive and paths; the text and script renderings leave the isolates out. */
    g_assert_nonnull (strstr (warning, "\342\201\250/mnt/disk\342\201\251"));
    g_assert_nonnull (strstr (avs_plan_step_get_explanation (avs_plan_find_step (disk_plan, "backup")),
                              ", \342\201\250/"));
  }
}

/* Under --root, dpkg, rpm and pacman open their database inside the disk with the kernel, which
 * follows an absolute link out of it: every package step first checks that no folder on the way
 * to the database is a link. rpm's database is the real folder (read through AvsHost), never the
 * link a Fedora keeps beside it. The running system needs no such check. */
static void
test_database_guard_other_root (void)
{
  static const char * const like[] = { NULL };
  static const struct
  {
    const char *os;
    const char *manager;
    const char *step;
    const char *guard;
  } cases[] = {
    { "debian", "dpkg", "remove-kesl", "/var/lib/dpkg/lock" },
    { "debian", "dpkg", "purge-records", "/var/lib/dpkg/lock" },
    { "fedora", "rpm", "remove-kesl", "/usr/lib/sysimage/rpm/.rpm.lock" },
    { "arch", "pacman", "remove-kesl", "/var/lib/pacman/db.lck" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *root = avs_test_make_tmpdir ("avs-plan-dbguard-XXXXXX");
  g_autofree char *sysimage = NULL;
  g_autofree char *varlib = NULL;
  g_autofree char *link = NULL;
  AvsPlanOptions options = { STAMP, NULL, AVS_REPLACEMENT_METHOD_AUTO, AVS_PACKAGE_FRONTEND_AUTO };

  g_assert_no_error (error);
  sysimage = g_build_filename (root, "usr", "lib", "sysimage", "rpm", NULL);
  varlib = g_build_filename (root, "var", "lib", NULL);
  link = g_build_filename (varlib, "rpm", NULL);
  g_assert_cmpint (g_mkdir_with_parents (sysimage, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (varlib, 0755), ==, 0);
  g_assert_cmpint (symlink ("../../usr/lib/sysimage/rpm", link), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *roots[] = { root, "/" };

      for (guint r = 0; r < G_N_ELEMENTS (roots); r++)
        {
          g_autoptr(AvsScanResult) scan = avs_scan_result_new (roots[r]);
          g_autoptr(AvsFinding) kesl = avs_finding_new (AVS_PRODUCT_KESL, "KESL");
          g_autoptr(AvsPlan) plan = NULL;
          AvsPlanStep *step;
          GPtrArray *pre;
          gboolean guarded = FALSE;

          avs_scan_result_set_live (scan, r == 1);
          avs_scan_result_set_host (scan, cases[i].os, like, "1", NULL, cases[i].manager);
          avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", cases[i].manager);
          avs_scan_result_add_finding (scan, kesl);
          plan = avs_plan_new (scan, &options, &error);
          g_assert_no_error (error);
          step = avs_plan_find_step (plan, cases[i].step);
          g_assert_nonnull (step);
          pre = avs_plan_step_get_preconditions (step);
          for (guint k = 0; k < pre->len; k++)
            {
              AvsPlanCheck *check = g_ptr_array_index (pre, k);

              g_assert_cmpint (check->kind, ==, AVS_CHECK_PATH_SAFE);
              g_assert_cmpstr (check->value, ==, cases[i].guard);
              guarded = TRUE;
            }
          g_assert_true (guarded == (r == 0));
          if (r == 0 && g_str_equal (cases[i].manager, "rpm"))
            g_assert_true (plan_argv_contains (plan, "/usr/lib/sysimage/rpm"));
        }
    }
  remove_tree (root);
}

int
main (int    argc,
      char **argv)
{
  avs_test_init (&argc, &argv);

  g_test_add_func ("/plan/golden/debian-managed", test_golden_debian);
  g_test_add_func ("/plan/golden/fedora", test_golden_fedora);
  g_test_add_func ("/plan/golden/rhel7-yum", test_golden_rhel7_yum);
  g_test_add_func ("/plan/golden/opensuse", test_golden_opensuse);
  g_test_add_func ("/plan/golden/arch", test_golden_arch);
  g_test_add_func ("/plan/golden/ubuntu-disk", test_golden_other_root);
  g_test_add_func ("/plan/validate/patterns", test_validate_patterns);
  g_test_add_func ("/plan/hostile/scan", test_hostile_scan);
  g_test_add_func ("/plan/hostile/catalog", test_hostile_catalog);
  g_test_add_func ("/plan/inputs-round-trip", test_inputs_round_trip);
  g_test_add_func ("/plan/clean", test_clean_plan);
  g_test_add_func ("/plan/config-files-package", test_config_files_package);
  g_test_add_func ("/plan/leftovers-not-stopped", test_leftovers_not_stopped);
  g_test_add_func ("/plan/replacement/catalog", test_catalog_replacement);
  g_test_add_func ("/plan/replacement/other-root", test_replacement_other_root);
  g_test_add_func ("/plan/nss/other-root", test_nss_other_root);
  g_test_add_func ("/plan/nss/live-paths", test_nss_live_paths);
  g_test_add_func ("/plan/restore-hint/other-root", test_restore_hint_other_root);
  g_test_add_func ("/plan/disk-scripts", test_disk_scripts_named);
  g_test_add_func ("/plan/database-guard/other-root", test_database_guard_other_root);

  return g_test_run ();
}
