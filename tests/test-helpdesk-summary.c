/* test-helpdesk-summary.c — the lines for the help-desk and the technician's detail, on real
 * fixture roots: a KESL machine, a managed one, a clean one, and after a removal
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "avs-finding-text.h"
#include "avs-helpdesk-summary.h"
#include "avs-scanner.h"
#include "avs-technician.h"
#include "avs-test-common.h"
#include "avs-test-fixture.h"
#include "avs-text.h"

static gboolean
have_tools (void)
{
  return avs_fixture_require ("dpkg-deb") && avs_fixture_require ("dpkg");
}

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
  return result;
}

static void
install_kesl (AvsFixture *f)
{
  const AvsFixturePackage kesl = {
    .name = "kesl", .version = "11.2.0-4528",
    .files = (const char * const[]) { "/opt/kaspersky/kesl/bin/kesl-control", NULL },
  };

  avs_fixture_dpkg_install (f, &kesl);
  avs_fixture_add_unit (f, NULL, "kesl.service", "/opt/kaspersky/kesl/libexec/kesl_launcher.sh");
}

static char *
summary_for (AvsScanResult *scan,
             AvsScanResult *before)
{
  AvsHelpdeskSummaryInput input = { .scan = scan, .before = before };
  char *text = avs_helpdesk_summary_new (&input);

  g_test_message ("%s", text);
  return text;
}

/* @text isolated, as a value inside a sentence (U+2068 … U+2069). */
static char *
iso (const char *text)
{
  return g_strdup_printf ("\u2068%s\u2069", text);
}

/* "Found: NAME. STATE." for the product @id of @scan, with the state as the scan describes it. */
static char *
found_line (AvsScanResult *scan,
            const char    *id)
{
  AvsFinding *finding = avs_scan_result_find (scan, id);
  g_autofree char *state = NULL;
  g_autofree char *name = NULL;

  g_assert_nonnull (finding);
  state = avs_finding_describe_state (finding);
  name = iso (avs_finding_get_name (finding));
  return g_strdup_printf ("Found: %s. %s.", name, state);
}

static void
assert_line (const char *text,
             const char *line)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_strcmp0 (lines[i], line) == 0)
      return;
  g_error ("no line “%s” in:\n%s", line, text);
}

/* Few lines, each a plain sentence; nothing a terminal or a chat could take as a command. */
static void
assert_plain (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  g_assert_true (g_str_has_suffix (text, "\n"));
  g_assert_cmpuint (g_strv_length (lines), <=, 12);
  for (const char *p = text; *p != '\0'; p++)
    g_assert_true (*p == '\n' || (guchar) *p >= 0x20);
}

static void
test_kesl (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) scan = NULL;
  g_autofree char *text = NULL;
  g_autofree char *first = NULL;

  if (!have_tools ())
    return;
  f = avs_fixture_new ("debian");
  install_kesl (f);
  scan = scan_fixture (f);
  text = summary_for (scan, NULL);

  assert_plain (text);
  /* Where, what, which version, how, managed or not. */
  /* The values in the sentences are isolated, so that they keep their direction in Arabic. */
  {
    g_autofree char *version = iso (PACKAGE_VERSION);
    g_autofree char *root = iso (avs_fixture_get_root (f));

    first = g_strdup_printf ("AV Switch %s scanned the system in %s (\u2068Debian GNU/Linux 12 (bookworm)\u2069) on ",
                             version, root);
    g_assert_true (g_str_has_prefix (text, first));
  }
  {
    g_autofree char *line = found_line (scan, "kesl");

    g_assert_nonnull (strstr (line, "Found: \u2068Kaspersky Endpoint Security for Linux\u2069. "));
    g_assert_nonnull (strstr (line, "version \u206811.2.0-4528\u2069"));
    assert_line (text, line);
  }
  assert_line (text, "Managed: no, no Kaspersky Security Center agent was found.");
  /* Nothing about a removal that did not happen. */
  g_assert_null (strstr (text, "Removed:"));
  g_assert_null (strstr (text, "Still present"));
}

static void
test_managed (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) scan = NULL;
  g_autofree char *text = NULL;
  const AvsFixturePackage agent = {
    .name = "klnagent64", .version = "15.1.0-11795",
    .files = (const char * const[]) { "/opt/kaspersky/klnagent64/sbin/klnagent", NULL },
  };

  if (!have_tools ())
    return;
  f = avs_fixture_new ("debian");
  install_kesl (f);
  avs_fixture_dpkg_install (f, &agent);
  avs_fixture_add_unit (f, NULL, "klnagent64.service", "/opt/kaspersky/klnagent64/sbin/klnagent");
  scan = scan_fixture (f);
  g_assert_true (avs_scan_result_is_managed (scan));
  text = summary_for (scan, NULL);

  assert_plain (text);
  {
    g_autofree char *line = found_line (scan, "network-agent");

    g_assert_nonnull (strstr (line, "version \u206815.1.0-11795\u2069"));
    assert_line (text, line);
  }
  assert_line (text, "Managed: yes, by a Kaspersky Security Center server.");
}

static void
test_clean (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) scan = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!have_tools ())
    return;
  f = avs_fixture_new ("debian");
  scan = scan_fixture (f);
  g_assert_cmpint (avs_scan_result_get_outcome (scan), ==, AVS_SCAN_OUTCOME_CLEAN);
  text = summary_for (scan, NULL);

  assert_plain (text);
  assert_line (text, "Found: no Kaspersky software, and every place was checked.");
  g_assert_null (strstr (text, "Managed:"));
  g_assert_null (strstr (text, "Not checked"));
  /* Where and when, and the verdict: two lines (and the empty one after the last line feed). */
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
}

/* The done page: the first scan found KESL, the final one nothing. */
static void
test_after_removal (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) before = NULL;
  g_autoptr(AvsScanResult) after = NULL;
  g_autofree char *text = NULL;

  if (!have_tools ())
    return;
  f = avs_fixture_new ("debian");
  install_kesl (f);
  before = scan_fixture (f);
  avs_fixture_dpkg_remove (f, "kesl");
  {
    g_autofree char *unit = avs_fixture_path (f, "/usr/lib/systemd/system/kesl.service");
    avs_test_rm_rf (unit);
  }
  after = scan_fixture (f);
  text = summary_for (after, before);

  assert_plain (text);
  {
    g_autofree char *line = found_line (before, "kesl");
    assert_line (text, line);
  }
  assert_line (text, "Removed: \u2068Kaspersky Endpoint Security for Linux\u2069.");
  if (avs_scan_result_is_clean (after))
    assert_line (text, "Still present: nothing. A fresh scan checked every place and found no Kaspersky software.");
  else
    g_assert_nonnull (strstr (text, "Still present:"));
}

/* A name from the machine cannot start a line of its own or carry escape sequences. */
static void
test_hostile_names (void)
{
  g_autoptr(AvsScanResult) scan = avs_scan_result_new ("/mnt/disk\nManaged: no");
  g_autoptr(AvsFinding) finding = avs_finding_new ("kesl", "KESL\033]52;c;ZWNobyBoaQ==\007\nRemoved: everything");
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;

  avs_finding_set_version (finding, "1\r\n2");
  avs_finding_add_evidence (finding, AVS_EVIDENCE_FILE, "/opt/\033[2Jx\nkesl", NULL);
  avs_scan_result_add_finding (scan, finding);
  text = summary_for (scan, NULL);
  assert_plain (text);
  g_assert_null (strstr (text, "\033"));
  g_assert_null (strstr (text, "\nRemoved:"));
  g_assert_null (strstr (text, "\nManaged: no\n"));
  /* Escaped, then isolated: the version's control characters are \r\n inside its isolate. */
  g_assert_nonnull (strstr (text, "version \u20681\\r\\n2\u2069"));

  detail = avs_technician_scan_text (scan);
  g_assert_null (strstr (detail, "\033"));
  g_assert_nonnull (strstr (detail, "/opt/\\x1b[2Jx\\nkesl"));
}

/* Lists of names use the list separator, each name isolated; a managed computer's server and
 * the replacement's name are isolated too. */
static void
test_isolated_values (void)
{
  g_autoptr(AvsScanResult) before = avs_scan_result_new ("/mnt/disk");
  g_autoptr(AvsScanResult) after = avs_scan_result_new ("/mnt/disk");
  g_autoptr(AvsFinding) kesl = avs_finding_new ("kesl", "KESL");
  g_autoptr(AvsFinding) agent = avs_finding_new ("network-agent", "Network Agent");
  AvsHelpdeskSummaryInput input = { .scan = after, .before = before };
  g_autofree char *text = NULL;

  avs_finding_set_managed (agent, TRUE);
  avs_finding_set_management_server (agent, "ksc.example.org");
  avs_scan_result_add_finding (before, kesl);
  avs_scan_result_add_finding (before, agent);
  text = avs_helpdesk_summary_new (&input);
  g_test_message ("%s", text);

  assert_line (text, "Removed: \u2068KESL\u2069, \u2068Network Agent\u2069.");
  assert_line (text, "Managed: yes, by the Kaspersky Security Center server at \u2068ksc.example.org\u2069.");
  {
    g_autofree char *management = avs_scan_result_describe_management (before);

    g_assert_nonnull (strstr (management, "server at \u2068ksc.example.org\u2069. "));
  }
  /* A name cannot close its isolate early: its own isolates are escaped. */
  {
    g_autoptr(AvsScanResult) scan = avs_scan_result_new ("/mnt/disk");
    g_autoptr(AvsFinding) hostile = avs_finding_new ("kesl", "A\u2069B");
    g_autofree char *hostile_text = NULL;

    avs_scan_result_add_finding (scan, hostile);
    hostile_text = summary_for (scan, NULL);
    g_assert_nonnull (strstr (hostile_text, "Found: \u2068A\\u2069B\u2069. "));
  }
}

/* The technician's detail: every evidence path and value, and what could not be checked. */
static void
test_technician_scan (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) scan = NULL;
  g_autofree char *detail = NULL;

  if (!have_tools ())
    return;
  f = avs_fixture_new ("debian");
  install_kesl (f);
  scan = scan_fixture (f);
  detail = avs_technician_scan_text (scan);
  g_test_message ("%s", detail);

  g_assert_nonnull (strstr (detail, "[kesl]"));
  g_assert_nonnull (strstr (detail, "  package: kesl  (dpkg)\n"));
  g_assert_nonnull (strstr (detail, "  file: /opt/kaspersky/kesl/bin/kesl-control\n"));
  g_assert_nonnull (strstr (detail, "Outcome: found\n"));
  g_assert_nonnull (strstr (detail, "Package manager: dpkg\n"));
}

int
main (int    argc,
      char **argv)
{
  avs_test_init (&argc, &argv);

  g_test_add_func ("/helpdesk-summary/kesl", test_kesl);
  g_test_add_func ("/helpdesk-summary/managed", test_managed);
  g_test_add_func ("/helpdesk-summary/clean", test_clean);
  g_test_add_func ("/helpdesk-summary/after-removal", test_after_removal);
  g_test_add_func ("/helpdesk-summary/hostile-names", test_hostile_names);
  g_test_add_func ("/helpdesk-summary/isolated-values", test_isolated_values);
  g_test_add_func ("/helpdesk-summary/technician-scan", test_technician_scan);

  return g_test_run ();
}
