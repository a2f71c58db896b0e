/* test-ui-findings.c — the "What we found" page for a found, a managed, a leftovers-only and a
 * clean machine, each kind of finding in plain words on a fixture machine, Back from a scan
 * asked for again; the header at the narrowest width, no empty install page, a deep link to the
 * removal before a scan, a cancelled scan, and what the Done page's headline may say
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "avs-choose-page.h"
#include "avs-done-page.h"
#include "avs-explain-page.h"
#include "avs-finding-text.h"
#include "avs-findings-page.h"
#include "avs-remove-page.h"
#include "avs-scan-page.h"
#include "avs-scanner.h"
#include "avs-test-fixture.h"
#include "avs-test-ui.h"
#include "avs-welcome-page.h"
#include "avs-window.h"

static AvsScanResult *
make_found (gboolean managed)
{
  AvsScanResult *result = avs_scan_result_new ("/");
  g_autoptr(AvsFinding) kesl = avs_finding_new ("kesl", "Kaspersky Endpoint Security for Linux");
  g_autoptr(GDateTime) updated = g_date_time_new_utc (2024, 9, 28, 12, 0, 0);

  avs_scan_result_set_live (result, TRUE);
  avs_finding_set_version (kesl, "11.2.0-4528");
  avs_finding_set_state (kesl, AVS_INSTALL_STATE_INSTALLED);
  avs_finding_set_running (kesl, TRUE);
  avs_finding_set_signatures_updated (kesl, updated);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", "dpkg");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_UNIT, "kesl.service", "/lib/systemd/system/kesl.service");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_DIRECTORY, "/opt/kaspersky/kesl", NULL);
  if (managed)
    {
      g_autoptr(AvsFinding) agent = avs_finding_new ("network-agent", "Kaspersky Security Center Network Agent");
      avs_finding_set_state (agent, AVS_INSTALL_STATE_INSTALLED);
      avs_finding_set_managed (agent, TRUE);
      avs_finding_set_management_server (agent, "ksc.example.org");
      avs_finding_set_managed (kesl, TRUE);
      avs_finding_set_management_server (kesl, "ksc.example.org");
      avs_finding_add_evidence (agent, AVS_EVIDENCE_PACKAGE, "klnagent64", "dpkg");
      avs_scan_result_add_finding (result, kesl);
      avs_scan_result_add_finding (result, agent);
    }
  else
    avs_scan_result_add_finding (result, kesl);

  avs_scan_result_add_not_checked (result,
                                   avs_not_checked_new ("Browser profiles of other users",
                                                        "No permission to read /home/alice.",
                                                        "/home/alice", TRUE));
  return result;
}

static AvsScanResult *
make_leftovers (void)
{
  AvsScanResult *result = avs_scan_result_new ("/");
  g_autoptr(AvsFinding) kesl = avs_finding_new ("kesl", "Kaspersky Endpoint Security for Linux");

  avs_finding_set_state (kesl, AVS_INSTALL_STATE_LEFTOVERS);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_DIRECTORY, "/var/opt/kaspersky/kesl", NULL);
  avs_scan_result_add_finding (result, kesl);
  return result;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static AvsWindow *
open_window (AvsSession *session,
             AvsPage   **out_findings)
{
  AvsWindow *window = avs_window_new (NULL, session);
  AvsPage *findings = avs_findings_page_new ();

  avs_window_add_page (window, avs_welcome_page_new (), "welcome");
  avs_window_add_page (window, findings, "findings");
  avs_window_add_page (window, avs_welcome_page_new (), "explain");
  avs_window_add_page (window, avs_welcome_page_new (), "remove");
  gtk_window_set_default_size (GTK_WINDOW (window), 760, 900);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (avs_test_ui_wait_until (is_mapped, window, 10000));
  g_assert_true (avs_window_show_page (window, "findings"));
  *out_findings = findings;
  return window;
}

/* How many mapped labels under @widget read exactly @text. */
static guint
count_labels (GtkWidget  *widget,
              const char *text)
{
  guint count = 0;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    count++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count += count_labels (child, text);
  return count;
}

/* Every mapped label's text under @widget, one a line: the prose a reader sees. */
static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, out);
}

/* The card (a preferences group) whose title is @title. */
static AdwPreferencesGroup *
find_card (GtkWidget  *widget,
           const char *title)
{
  if (ADW_IS_PREFERENCES_GROUP (widget) &&
      g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), title) == 0)
    return ADW_PREFERENCES_GROUP (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwPreferencesGroup *found = find_card (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_render_node (gpointer data)
{
  GtkWidget *window = data;
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), gtk_widget_get_width (window),
                          gtk_widget_get_height (window));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  return node != NULL;
}

/* After a resize the software renderer takes a while to lay the window out again; until then
 * it has nothing to draw. */
static void
wait_drawn (AvsWindow *window)
{
  g_assert_true (avs_test_ui_wait_until (has_render_node, window, 20000));
}

/* Light and dark at the default width, then light and dark at the narrowest. */
static void
shoot_all (AvsWindow  *window,
           const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  static const struct { int width; const char *size; } sizes[] = { { 1280, "wide" }, { 360, "narrow" } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *light = g_strdup_printf ("%s-%s-light", name, sizes[i].size);
      g_autofree char *dark = g_strdup_printf ("%s-%s-dark", name, sizes[i].size);

      gtk_window_set_default_size (GTK_WINDOW (window), sizes[i].width, 900);
      avs_test_ui_spin (400);
      wait_drawn (window);
      g_free (avs_test_ui_screenshot (GTK_WIDGET (window), light));
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
      avs_test_ui_spin (300);
      wait_drawn (window);
      g_free (avs_test_ui_screenshot (GTK_WIDGET (window), dark));
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
    }
  gtk_window_set_default_size (GTK_WINDOW (window), 760, 900);
  avs_test_ui_spin (200);
}

static void
test_findings_found (void)
{
  g_autoptr(AvsSession) session = avs_session_new ();
  g_autoptr(AvsScanResult) result = make_found (FALSE);
  AvsPage *page;
  AvsWindow *window;

  avs_session_set_scan_result (session, result);
  window = open_window (session, &page);
  avs_test_ui_spin (400);

  g_assert_true (avs_page_get_complete (page));
  g_assert_true (avs_page_get_show_next (page));
  g_assert_null (avs_page_get_next_page (page));
  g_free (avs_test_ui_screenshot (GTK_WIDGET (window), "findings-found"));

  /* Next goes to the explanation. */
  avs_window_go_next (window);
  g_assert_true (avs_window_get_visible_page (window) == avs_window_get_page (window, "explain"));
  avs_window_go_back (window);
  g_assert_true (avs_window_get_visible_page (window) == page);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_findings_managed_and_dark (void)
{
  g_autoptr(AvsSession) session = avs_session_new ();
  g_autoptr(AvsScanResult) result = make_found (TRUE);
  AdwStyleManager *style = adw_style_manager_get_default ();
  AvsPage *page;
  AvsWindow *window;

  avs_session_set_scan_result (session, result);
  window = open_window (session, &page);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  avs_test_ui_spin (400);
  g_assert_true (avs_page_get_complete (page));
  /* Two cards, both managed: the notice is said once for the page. */
  g_assert_cmpuint (count_labels (GTK_WIDGET (page), "Managed by your organization"), ==, 1);
  g_free (avs_test_ui_screenshot (GTK_WIDGET (window), "findings-managed-dark"));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_findings_leftovers (void)
{
  g_autoptr(AvsSession) session = avs_session_new ();
  g_autoptr(AvsScanResult) result = make_leftovers ();
  AvsPage *page;
  AvsWindow *window;

  avs_session_set_scan_result (session, result);
  window = open_window (session, &page);
  avs_test_ui_spin (300);

  /* Leftovers only: straight to the removal, with a label that says so. */
  g_assert_cmpstr (avs_page_get_next_page (page), ==, "remove");
  g_assert_nonnull (avs_page_get_next_label (page));
  g_free (avs_test_ui_screenshot (GTK_WIDGET (window), "findings-leftovers"));
  avs_window_go_next (window);
  g_assert_true (avs_window_get_visible_page (window) == avs_window_get_page (window, "remove"));
  avs_window_go_back (window);
  g_assert_true (avs_window_get_visible_page (window) == page);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Finds a mapped label under @widget whose text contains @needle. */
static gboolean
has_label (GtkWidget  *widget,
           const char *needle)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, needle))
      return TRUE;
  return FALSE;
}

/* Finds a mapped button under @widget labelled @label (with its mnemonic underline). */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_findings_clean_narrow (void)
{
  g_autoptr(AvsSession) session = avs_session_new ();
  g_autoptr(AvsScanResult) result = avs_scan_result_new ("/");
  AvsPage *page;
  AvsWindow *window;
  GtkWidget *close;

  avs_session_set_scan_result (session, result);
  window = open_window (session, &page);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  avs_test_ui_spin (500);

  /* A clean machine ends the wizard here. */
  g_assert_false (avs_page_get_show_next (page));
  g_assert_false (avs_page_get_complete (page));
  g_free (avs_test_ui_screenshot (GTK_WIDGET (window), "findings-clean-narrow"));
  /* No dead end: Close is the main action, Scan again is still there. */
  close = find_button (GTK_WIDGET (page), "_Close");
  g_assert_nonnull (close);
  g_assert_true (gtk_widget_has_css_class (close, "suggested-action"));
  g_assert_nonnull (find_button (GTK_WIDGET (page), "_Scan again"));

  /* A new scan result replaces the page's content. */
  {
    g_autoptr(AvsScanResult) found = make_found (FALSE);
    avs_session_set_scan_result (session, found);
    g_assert_true (avs_page_get_complete (page));
    g_assert_true (avs_page_get_show_next (page));
  }

  /* Back to clean: Close closes the window. */
  avs_session_set_scan_result (session, result);
  avs_test_ui_spin (300);
  close = find_button (GTK_WIDGET (page), "_Close");
  g_assert_nonnull (close);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  /* A keyboard activation presses the button for a moment before it clicks. */
  g_assert_true (gtk_widget_activate (close));
  g_assert_true (avs_test_ui_wait_until (is_gone, &window, 5000));
}

/* Scanning again from the results, then not finishing (here the scan cannot run; a cancelled or
 * refused scan as administrator is the same): Back returns to the results, unchanged. */
static void
test_findings_rescan_back (void)
{
  g_autoptr(AvsSession) session = avs_session_new ();
  g_autoptr(AvsScanResult) result = make_found (FALSE);
  g_autofree char *dir = g_dir_make_tmp ("avs-rescan-XXXXXX", NULL);
  g_autofree char *bad_rules = g_build_filename (dir, "rules.json", NULL);
  AvsWindow *window = avs_window_new (NULL, session);
  AvsPage *findings = avs_findings_page_new ();
  AvsPage *scan = avs_scan_page_new ();

  g_assert_true (g_file_set_contents (bad_rules, "{ \"schema\": ", -1, NULL));
  avs_session_set_scan_result (session, result);
  avs_window_add_page (window, avs_welcome_page_new (), "welcome");
  avs_window_add_page (window, scan, "scan");
  avs_window_add_page (window, findings, "findings");
  gtk_window_set_default_size (GTK_WINDOW (window), 760, 900);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (avs_test_ui_wait_until (is_mapped, window, 10000));
  g_assert_true (avs_window_show_page (window, "findings"));
  avs_test_ui_spin (300);

  avs_session_set_rules_path (session, bad_rules);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (findings), "win.scan", "b", FALSE));
  g_assert_true (avs_window_get_visible_page (window) == scan);
  avs_test_ui_spin (300);
  g_assert_false (avs_scan_page_get_busy (AVS_SCAN_PAGE (scan)));
  g_assert_true (avs_page_get_can_go_back (scan));

  avs_window_go_back (window);
  g_assert_true (avs_window_get_visible_page (window) == findings);
  g_assert_true (avs_session_get_scan_result (session) == result);
  g_assert_true (avs_page_get_complete (findings));

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (bad_rules);
  g_rmdir (dir);
}

static void
test_findings_before_any_scan (void)
{
  g_autoptr(AvsSession) session = avs_session_new ();
  AvsPage *page;
  AvsWindow *window;
  GtkWidget *stack;

  window = open_window (session, &page);
  avs_test_ui_spin (600);

  /* No scan yet is not a clean machine. */
  stack = adw_bin_get_child (ADW_BIN (page));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "unscanned");
  g_assert_false (avs_page_get_complete (page));
  g_assert_false (avs_page_get_show_next (page));
  g_free (avs_test_ui_screenshot (GTK_WIDGET (window), "findings-unscanned"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Nothing found, but a user's home could not be read: never "clean", and the main way on is to
 * scan as administrator. A note alone (a --root disk has no running programs) leaves it clean. */
static void
test_findings_incomplete (void)
{
  g_autoptr(AvsSession) session = avs_session_new ();
  g_autoptr(AvsScanResult) result = avs_scan_result_new ("/");
  g_autoptr(AvsScanResult) noted = avs_scan_result_new ("/mnt/disk");
  AvsPage *page;
  AvsWindow *window;
  GtkWidget *stack;

  avs_scan_result_add_not_checked (result,
                                   avs_not_checked_new ("Browser profiles of other users",
                                                        "No permission to read /home/alice.",
                                                        "/home/alice", TRUE));
  g_assert_cmpint (avs_scan_result_get_outcome (result), ==, AVS_SCAN_OUTCOME_INCOMPLETE);
  avs_session_set_scan_result (session, result);
  window = open_window (session, &page);
  avs_test_ui_spin (500);

  stack = adw_bin_get_child (ADW_BIN (page));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "found");
  g_assert_true (has_label (GTK_WIDGET (page), "The scan is incomplete"));
  g_assert_true (has_label (GTK_WIDGET (page), "Scan as administrator"));
  g_assert_false (has_label (GTK_WIDGET (page), "No Kaspersky software found"));
  g_assert_false (avs_page_get_complete (page));
  g_assert_false (avs_page_get_show_next (page));
  g_free (avs_test_ui_screenshot (GTK_WIDGET (window), "findings-incomplete"));

  /* Only a note: still clean. */
  avs_scan_result_add_not_checked (noted,
                                   avs_not_checked_new_note ("Running programs and loaded kernel modules",
                                                             "They belong to the running machine.",
                                                             NULL));
  g_assert_cmpint (avs_scan_result_get_outcome (noted), ==, AVS_SCAN_OUTCOME_CLEAN);
  avs_session_set_scan_result (session, noted);
  avs_test_ui_spin (300);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "clean");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A home machine with one of each kind of finding, and a managed one, as the real scanner sees
 * them on a disk (not the running system): leftovers, a browser extension, a root certificate, a
 * Windows installation, a copied program and its management agent. */
static AvsScanResult *
scan_kinds_fixture (AvsFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsScanner) scanner = NULL;
  g_autofree char *home = avs_fixture_add_user (f, "alice", 1000);
  g_autofree char *profile = NULL;
  AvsScanResult *result;

  /* What the Virus Removal Tool leaves behind. */
  avs_fixture_write (f, "/var/opt/KVRT2024_Data/reports/report.txt", "x");
  profile = avs_fixture_chromium_profile (f, home, "google-chrome", "Default",
                                          "ahkjpbeeocnddjkakilopmfdlnjdpcdm", TRUE);
  avs_fixture_add_ca (f, "/usr/local/share/ca-certificates/kaspersky.crt",
                      "/C=RU/O=AO Kaspersky Lab/CN=Kaspersky Anti-Virus Personal Root Certificate");
  avs_fixture_windows_install (f, "/media/alice/WIN", "Program Files", "Kaspersky Anti-Virus");
  /* KESL 12 copied in without a package, and a Network Agent: a managed computer. */
  avs_fixture_write (f, "/var/opt/kaspersky/kesl/install_12.2.0.2412/opt/kaspersky/kesl/bin/kesl-control", "x");
  avs_fixture_symlink (f, "/opt/kaspersky/kesl", "/var/opt/kaspersky/kesl/install_12.2.0.2412/opt/kaspersky/kesl");
  avs_fixture_write (f, "/opt/kaspersky/klnagent64/sbin/klnagent", "x");
  avs_fixture_write (f, "/var/opt/kaspersky/applications.setup", "[1103]\nVERSION=14.2.0.26967\n");

  scanner = avs_scanner_new_for_root (avs_fixture_get_root (f), NULL, &error);
  g_assert_no_error (error);
  result = avs_scanner_scan_sync (scanner, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* Each kind of finding has its own name and its own plain sentence on its card; a root
 * certificate says why it matters; no command name is in the page's prose; the management
 * notice is said once. */
static void
test_findings_kinds (void)
{
  static const struct { const char *product; AvsFindingKind kind; const char *label; } expected[] = {
    /* The version is a value inside the sentence: isolated, for right-to-left languages. */
    { "kesl", AVS_FINDING_KIND_PROGRAM_FILES, "Program copied in without a package, version \u206812.2.0.2412\u2069" },
    { "network-agent", AVS_FINDING_KIND_MANAGEMENT_AGENT, "Remote management agent, version \u206814.2.0.26967\u2069" },
    { "kvrt", AVS_FINDING_KIND_LEFTOVERS, "Leftovers of an unfinished removal" },
    { "protection-extension", AVS_FINDING_KIND_BROWSER_EXTENSION, "Browser extension" },
    { "https-root-ca", AVS_FINDING_KIND_ROOT_CERTIFICATE, "Trusted root certificate" },
    { "windows-installation", AVS_FINDING_KIND_WINDOWS, "Installed in Windows on another disk" },
  };
  static const char * const commands[] = {
    "--root", "klnagchk", "certutil", "dpkg --", "avswitch", "pkexec", "update-ca", NULL
  };
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  g_autoptr(AvsSession) session = avs_session_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GHashTable) sentences = g_hash_table_new (g_str_hash, g_str_equal);
  AvsPage *page;
  AvsWindow *window;

  if (!avs_fixture_require ("openssl"))
    return;
  f = avs_fixture_new ("debian");
  result = scan_kinds_fixture (f);
  g_assert_cmpuint (avs_scan_result_get_findings (result)->len, ==, G_N_ELEMENTS (expected));
  g_assert_true (avs_scan_result_is_managed (result));

  avs_session_set_scan_result (session, result);
  window = open_window (session, &page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  avs_test_ui_spin (500);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      AvsFinding *finding = avs_scan_result_find (result, expected[i].product);
      AdwPreferencesGroup *card;
      const char *sentence;

      g_assert_nonnull (finding);
      g_assert_cmpint (avs_finding_get_kind (finding), ==, expected[i].kind);
      card = find_card (GTK_WIDGET (page), avs_finding_get_name (finding));
      g_assert_nonnull (card);
      /* Its own label, under the product's name... */
      g_assert_cmpstr (adw_preferences_group_get_description (card), ==, expected[i].label);
      /* ...and its own sentence, on the card. */
      sentence = avs_finding_kind_to_sentence (expected[i].kind);
      g_assert_cmpuint (strlen (sentence), >, 40);
      g_assert_false (g_hash_table_contains (sentences, sentence));
      g_hash_table_add (sentences, (gpointer) sentence);
      g_assert_true (has_label (GTK_WIDGET (card), sentence));
    }

  collect_text (GTK_WIDGET (page), text);
  g_test_message ("findings page:\n%s", text->str);
  /* The old label that called them all alike is gone. */
  g_assert_null (strstr (text->str, "Installed from files without a package"));
  /* A root certificate says why it matters. */
  g_assert_nonnull (strstr (text->str, "inspect encrypted (HTTPS) web traffic"));
  /* No command names in the window's prose (a disk scan has the management server and the
   * running programs as not checked, whose reasons named them). */
  g_assert_nonnull (strstr (text->str, "Network Agent"));
  for (guint i = 0; commands[i] != NULL; i++)
    if (strstr (text->str, commands[i]) != NULL)
      g_error ("the findings page names “%s”:\n%s", commands[i], text->str);
  /* Managed: once for the page, not on every card. */
  g_assert_cmpuint (count_labels (GTK_WIDGET (page), "Managed by your organization"), ==, 1);

  shoot_all (window, "findings-kinds");
  /* The cards further down: the root certificate and the Windows installation. */
  {
    AdwPreferencesGroup *windows = find_card (GTK_WIDGET (page), "Kaspersky on a mounted Windows volume");
    GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (windows), GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment;

    g_assert_nonnull (scrolled);
    gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
    avs_test_ui_spin (300);
    AdwPreferencesGroup *certificate = find_card (GTK_WIDGET (page), "Kaspersky root certificate for HTTPS scanning");
    double y = 0;

    adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (certificate),
                                                     gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                                     0, 0, NULL, &y));
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + y - 12);
    avs_test_ui_spin (300);
    wait_drawn (window);
    g_free (avs_test_ui_screenshot (GTK_WIDGET (window), "findings-kinds-end-wide-light"));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static AdwWindowTitle *
find_window_title (GtkWidget *widget)
{
  if (ADW_IS_WINDOW_TITLE (widget))
    return ADW_WINDOW_TITLE (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwWindowTitle *found = find_window_title (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether a mapped label under @widget is cut short with an ellipsis. */
static gboolean
has_ellipsized_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_ellipsized_label (child))
      return TRUE;
  return FALSE;
}

/* The stand-in for a page this test does not build (it would load the catalog): the real
 * page's title, which is what the header shows. */
static AvsPage *
stand_in_for (AvsPage *real)
{
  AvsPage *page = avs_welcome_page_new ();

  g_object_ref_sink (real);
  avs_page_set_title (page, avs_page_get_title (real));
  g_object_unref (real);
  return page;
}

/* At the narrowest width the header shows each page's whole name as the title and "Step N of
 * M" as the subtitle, never "AV S… / What w…". */
static void
test_header_narrow (void)
{
  static const char * const names[] = {
    "welcome", "scan", "findings", "explain", "choose", "remove", "install", "done"
  };
  g_autoptr(AvsSession) session = avs_session_new ();
  g_autoptr(AvsScanResult) result = make_leftovers ();
  g_autoptr(AvsFixture) f = avs_fixture_new ("debian");
  g_autofree char *bad_rules = g_build_filename (avs_fixture_get_base (f), "rules.json", NULL);
  g_autofree char *layout = NULL;
  AvsWindow *window;
  AdwWindowTitle *title;

  /* The window's buttons as GNOME shows them (only Close; a bare X server shows three, which no
   * desktop that offers a 360 px window has). */
  g_object_get (gtk_settings_get_default (), "gtk-decoration-layout", &layout, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
  window = avs_window_new (NULL, session);

  /* Nothing here may scan or change the running system: an empty root, rules that do not load
   * (the scan and the final check stop at once). */
  g_assert_true (g_file_set_contents (bad_rules, "{ \"schema\": ", -1, NULL));
  avs_session_set_root (session, avs_fixture_get_root (f));
  avs_session_set_scan_result (session, result);
  avs_session_set_rules_path (session, bad_rules);
  avs_session_set_dry_run (session, TRUE);

  avs_window_add_page (window, avs_welcome_page_new (), "welcome");
  avs_window_add_page (window, avs_scan_page_new (), "scan");
  avs_window_add_page (window, avs_findings_page_new (), "findings");
  avs_window_add_page (window, avs_explain_page_new (), "explain");
  avs_window_add_page (window, stand_in_for (avs_choose_page_new ()), "choose");
  avs_window_add_page (window, avs_remove_page_new (), "remove");
  avs_window_add_page (window, avs_remove_page_new_for_install (), "install");
  avs_window_add_page (window, avs_done_page_new (), "done");
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (avs_test_ui_wait_until (is_mapped, window, 10000));
  title = find_window_title (GTK_WIDGET (window));
  g_assert_nonnull (title);

  for (guint i = 1; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *step = g_strdup_printf ("Step %u of %u", i, (guint) G_N_ELEMENTS (names) - 1);
      g_autofree char *shot = g_strdup_printf ("header-narrow-%s", names[i]);
      AvsPage *page;

      g_assert_true (avs_window_show_page (window, names[i]));
      page = avs_window_get_visible_page (window);
      g_assert_true (page == avs_window_get_page (window, names[i]));
      avs_test_ui_spin (300);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 362);
      g_assert_cmpstr (adw_window_title_get_title (title), ==, avs_page_get_title (page));
      g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, step);
      wait_drawn (window);
      g_free (avs_test_ui_screenshot (GTK_WIDGET (window), shot));
      if (has_ellipsized_label (GTK_WIDGET (title)))
        g_error ("at 360 px the header cuts “%s” / “%s” short", adw_window_title_get_title (title),
                 adw_window_title_get_subtitle (title));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", layout, NULL);
}

/* "Keep the system updated" or "my IT department installs it": nothing to install, so Next on
 * the removal goes to the end, not to an empty install page whose buttons do nothing. */
static void
test_no_install_page (void)
{
  g_autoptr(AvsSession) session = avs_session_new ();
  g_autoptr(AvsScanResult) clean = avs_scan_result_new ("/");
  g_autoptr(AvsFixture) f = avs_fixture_new ("debian");
  g_autofree char *bad_rules = g_build_filename (avs_fixture_get_base (f), "rules.json", NULL);
  AvsWindow *window = avs_window_new (NULL, session);
  AvsPage *remove = avs_remove_page_new ();

  g_assert_true (g_file_set_contents (bad_rules, "{ \"schema\": ", -1, NULL));
  avs_session_set_root (session, avs_fixture_get_root (f));
  avs_session_set_rules_path (session, bad_rules);
  avs_session_set_dry_run (session, TRUE);
  /* Nothing to remove (the plan is only the final check), and the user's IT department
   * installs the new protection. */
  avs_session_set_scan_result (session, clean);
  avs_session_set_it_installs (session, TRUE);

  avs_window_add_page (window, avs_welcome_page_new (), "welcome");
  avs_window_add_page (window, remove, "remove");
  avs_window_add_page (window, avs_remove_page_new_for_install (), "install");
  avs_window_add_page (window, avs_done_page_new (), "done");
  gtk_window_set_default_size (GTK_WINDOW (window), 760, 900);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (avs_test_ui_wait_until (is_mapped, window, 10000));
  g_assert_true (avs_window_show_page (window, "remove"));
  avs_test_ui_spin (300);
  g_assert_nonnull (avs_session_get_executor (session));
  g_assert_true (avs_page_get_complete (remove));

  avs_window_go_next (window);
  g_assert_true (avs_window_get_visible_page (window) == avs_window_get_page (window, "done"));
  /* Back retraces the path taken: the removal, not the page passed over. */
  avs_test_ui_spin (300);
  avs_window_go_back (window);
  g_assert_true (avs_window_get_visible_page (window) == remove);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A deep link to the removal before any scan: no error without a way on; the results page says
 * nothing was scanned yet and offers the scan. */
static void
test_remove_before_scan (void)
{
  g_autoptr(AvsSession) session = avs_session_new ();
  AvsWindow *window = avs_window_new (NULL, session);
  AvsPage *findings = avs_findings_page_new ();
  GtkWidget *scan_now;
  GtkWidget *stack;

  avs_window_add_page (window, avs_welcome_page_new (), "welcome");
  avs_window_add_page (window, avs_welcome_page_new (), "scan");
  avs_window_add_page (window, findings, "findings");
  avs_window_add_page (window, avs_remove_page_new (), "remove");
  gtk_window_set_default_size (GTK_WINDOW (window), 760, 900);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (avs_test_ui_wait_until (is_mapped, window, 10000));

  g_assert_true (avs_window_show_page (window, "remove"));
  avs_test_ui_spin (300);
  g_assert_true (avs_window_get_visible_page (window) == findings);
  stack = adw_bin_get_child (ADW_BIN (findings));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "unscanned");
  scan_now = find_button (GTK_WIDGET (findings), "_Scan now");
  g_assert_nonnull (scan_now);
  g_assert_true (gtk_widget_has_css_class (scan_now, "suggested-action"));
  g_free (avs_test_ui_screenshot (GTK_WIDGET (window), "remove-before-scan"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
scan_is_idle (gpointer data)
{
  return !avs_scan_page_get_busy (AVS_SCAN_PAGE (data));
}

/* A cancelled scan claims nothing about the computer. */
static void
test_scan_cancelled (void)
{
  g_autoptr(AvsSession) session = avs_session_new ();
  g_autoptr(AvsFixture) f = avs_fixture_new ("debian");
  AvsWindow *window = avs_window_new (NULL, session);
  AvsPage *scan = avs_scan_page_new ();
  g_autoptr(GString) text = g_string_new (NULL);

  avs_session_set_root (session, avs_fixture_get_root (f));
  avs_window_add_page (window, avs_welcome_page_new (), "welcome");
  avs_window_add_page (window, scan, "scan");
  avs_window_add_page (window, avs_findings_page_new (), "findings");
  gtk_window_set_default_size (GTK_WINDOW (window), 760, 900);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (avs_test_ui_wait_until (is_mapped, window, 10000));

  /* Cancelled before its result reaches the page (the task checks its cancellable). */
  g_assert_true (avs_window_show_page (window, "scan"));
  g_assert_true (avs_scan_page_get_busy (AVS_SCAN_PAGE (scan)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (scan), "scan.cancel", NULL));
  g_assert_true (avs_test_ui_wait_until (scan_is_idle, scan, 10000));
  avs_test_ui_spin (200);

  g_assert_null (avs_session_get_scan_result (session));
  collect_text (GTK_WIDGET (scan), text);
  g_test_message ("scan page:\n%s", text->str);
  g_assert_nonnull (strstr (text->str, "Scan cancelled"));
  g_assert_nonnull (strstr (text->str, "nothing is known yet"));
  g_assert_null (strstr (text->str, "clean"));
  g_assert_null (strstr (text->str, "Nothing was changed"));
  g_free (avs_test_ui_screenshot (GTK_WIDGET (window), "scan-cancelled"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
done_is_settled (gpointer data)
{
  return !avs_done_page_get_busy (AVS_DONE_PAGE (data)) && avs_page_get_complete (AVS_PAGE (data));
}

static AdwStatusPage *
find_status_page (GtkWidget *widget)
{
  if (ADW_IS_STATUS_PAGE (widget))
    return ADW_STATUS_PAGE (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwStatusPage *found = find_status_page (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The Done page says "Kaspersky has been removed" only when Kaspersky was there and the final
 * scan is complete and finds nothing; a success is not shown with a grey icon. */
static void
test_done_headline (void)
{
  g_autoptr(AvsFixture) f = avs_fixture_new ("debian");
  g_autoptr(AvsScanResult) found = make_found (FALSE);
  for (guint with_first = 0; with_first < 2; with_first++)
    {
      g_autoptr(AvsSession) session = avs_session_new ();
      AvsWindow *window = avs_window_new (NULL, session);
      AvsPage *done = avs_done_page_new ();
      AdwStatusPage *status;

      avs_session_set_root (session, avs_fixture_get_root (f));
      if (with_first)
        avs_session_set_scan_result (session, found);
      avs_window_add_page (window, avs_welcome_page_new (), "welcome");
      avs_window_add_page (window, done, "done");
      gtk_window_set_default_size (GTK_WINDOW (window), 760, 900);
      gtk_window_present (GTK_WINDOW (window));
      g_assert_true (avs_test_ui_wait_until (is_mapped, window, 10000));
      g_assert_true (avs_window_show_page (window, "done"));
      g_assert_true (avs_test_ui_wait_until (done_is_settled, done, 30000));
      avs_test_ui_spin (300);

      status = find_status_page (GTK_WIDGET (done));
      g_assert_nonnull (status);
      g_assert_true (avs_scan_result_is_clean (avs_session_get_scan_result (session)));
      /* Only "removed" when something was there to remove. */
      g_assert_cmpstr (adw_status_page_get_title (status), ==,
                       with_first ? "Kaspersky has been removed" : "No Kaspersky software found");
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (status), "avs-success"));
      if (with_first)
        shoot_all (window, "done-removed");
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

int
main (int    argc,
      char **argv)
{
  avs_test_ui_init (&argc, &argv);
  /* Pages change at once (no slide), so a screenshot shows the page, not the one before. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* The application's own styles (the application loads them itself). */
  {
    g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (provider, RESOURCE_PREFIX "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/ui/findings/found", test_findings_found);
  g_test_add_func ("/ui/findings/managed-and-dark", test_findings_managed_and_dark);
  g_test_add_func ("/ui/findings/leftovers", test_findings_leftovers);
  g_test_add_func ("/ui/findings/clean-narrow", test_findings_clean_narrow);
  g_test_add_func ("/ui/findings/before-any-scan", test_findings_before_any_scan);
  g_test_add_func ("/ui/findings/incomplete", test_findings_incomplete);
  g_test_add_func ("/ui/findings/rescan-back", test_findings_rescan_back);
  g_test_add_func ("/ui/findings/kinds", test_findings_kinds);
  g_test_add_func ("/ui/findings/remove-before-scan", test_remove_before_scan);
  g_test_add_func ("/ui/findings/scan-cancelled", test_scan_cancelled);
  g_test_add_func ("/ui/header/narrow", test_header_narrow);
  g_test_add_func ("/ui/wizard/no-install-page", test_no_install_page);
  g_test_add_func ("/ui/done/headline", test_done_headline);

  return g_test_run ();
}
