/* test-ui-findings.c — the "What we found" page for a found, a managed, a leftovers-only and a
 * clean machine, and Back from a scan asked for again
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "avs-findings-page.h"
#include "avs-scan-page.h"
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

int
main (int    argc,
      char **argv)
{
  avs_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/findings/found", test_findings_found);
  g_test_add_func ("/ui/findings/managed-and-dark", test_findings_managed_and_dark);
  g_test_add_func ("/ui/findings/leftovers", test_findings_leftovers);
  g_test_add_func ("/ui/findings/clean-narrow", test_findings_clean_narrow);
  g_test_add_func ("/ui/findings/before-any-scan", test_findings_before_any_scan);
  g_test_add_func ("/ui/findings/incomplete", test_findings_incomplete);
  g_test_add_func ("/ui/findings/rescan-back", test_findings_rescan_back);

  return g_test_run ();
}
