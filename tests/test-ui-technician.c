/* test-ui-technician.c — technician mode (the detail under each page, its Copy, the menu toggle
 * and --technician) and the summary for the help-desk on the findings page
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "avs-done-page.h"
#include "avs-explain-page.h"
#include "avs-findings-page.h"
#include "avs-helpdesk-card.h"
#include "avs-remove-page.h"
#include "avs-scanner.h"
#include "avs-test-fixture.h"
#include "avs-test-common.h"
#include "avs-test-ui.h"
#include "avs-test-walk.h"
#include "avs-welcome-page.h"
#include "avs-window.h"

static AvsScanResult *
make_found (void)
{
  AvsScanResult *result = avs_scan_result_new ("/");
  g_autoptr(AvsFinding) kesl = avs_finding_new ("kesl", "Kaspersky Endpoint Security for Linux");

  avs_scan_result_set_live (result, TRUE);
  avs_finding_set_version (kesl, "11.2.0-4528");
  avs_finding_set_state (kesl, AVS_INSTALL_STATE_INSTALLED);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", "dpkg");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_UNIT, "kesl.service", "/lib/systemd/system/kesl.service");
  /* Markup in a path shows as itself. */
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_DIRECTORY, "/opt/kaspersky/<b>kesl</b>&amp;", NULL);
  avs_scan_result_add_finding (result, kesl);
  return result;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

/* The technician panel's text view: the only monospace text view outside the pages. */
static GtkTextView *
find_detail_view (GtkWidget *widget)
{
  if (GTK_IS_TEXT_VIEW (widget) && gtk_widget_get_ancestor (widget, GTK_TYPE_REVEALER) != NULL &&
      gtk_widget_get_ancestor (widget, AVS_TYPE_PAGE) == NULL)
    return GTK_TEXT_VIEW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkTextView *found = find_detail_view (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *
detail_text (AvsWindow *window)
{
  GtkTextView *view = find_detail_view (GTK_WIDGET (window));
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_assert_nonnull (view);
  if (!gtk_widget_get_mapped (GTK_WIDGET (view)))
    return g_strdup ("");
  buffer = gtk_text_view_get_buffer (view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The help-desk cards under @widget that are mapped. */
static GtkWidget *
find_mapped_card (GtkWidget *widget)
{
  if (ADW_IS_PREFERENCES_GROUP (widget) && gtk_widget_get_mapped (widget) &&
      avs_helpdesk_card_get_text (widget) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped_card (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
on_clipboard_read (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

static gboolean
read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

static char *
clipboard_text (GtkWidget *widget)
{
  ClipboardRead read = { NULL, FALSE };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, on_clipboard_read, &read);
  g_assert_true (avs_test_ui_wait_until (read_done, &read, 5000));
  return read.text;
}

static AvsWindow *
open_window (AvsSession *session,
             AvsPage    *page,
             const char *name)
{
  AvsWindow *window = avs_window_new (NULL, session);

  avs_window_add_page (window, avs_welcome_page_new (), "welcome");
  avs_window_add_page (window, page, name);
  gtk_window_set_default_size (GTK_WINDOW (window), 760, 900);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (avs_test_ui_wait_until (is_mapped, window, 10000));
  g_assert_true (avs_window_show_page (window, name));
  avs_test_ui_spin (100);
  return window;
}

/* The menu's toggle shows every piece of evidence under the findings, copies it, and is
 * remembered in the settings. */
static void
test_findings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(AvsSession) session = avs_session_new ();
  g_autoptr(AvsScanResult) found = make_found ();
  AvsWindow *window;
  GtkWidget *card;
  g_autofree char *before = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *shot = NULL;

  g_settings_set_boolean (settings, "technician-mode", FALSE);
  avs_session_set_scan_result (session, found);
  window = open_window (session, avs_findings_page_new (), "findings");

  /* Off: no detail, and the help-desk summary is there for the person on the phone. */
  before = detail_text (window);
  g_assert_cmpstr (before, ==, "");
  card = find_mapped_card (GTK_WIDGET (window));
  g_assert_nonnull (card);
  g_test_message ("%s", avs_helpdesk_card_get_text (card));
  {
    AvsFinding *kesl = avs_scan_result_find (found, "kesl");
    g_autofree char *state = avs_finding_describe_state (kesl);
    g_autofree char *line = g_strdup_printf ("Found: \u2068Kaspersky Endpoint Security for Linux\u2069. %s.\n", state);

    g_assert_nonnull (strstr (state, "11.2.0-4528"));
    g_assert_nonnull (strstr (avs_helpdesk_card_get_text (card), line));
  }
  g_assert_nonnull (strstr (avs_helpdesk_card_get_text (card), "Managed: no"));

  /* The primary menu's toggle (a stateful action). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.technician-mode", NULL));
  avs_test_ui_spin (400);
  g_assert_true (avs_window_get_technician_mode (window));
  g_assert_true (g_settings_get_boolean (settings, "technician-mode"));

  detail = detail_text (window);
  g_test_message ("%s", detail);
  g_assert_nonnull (strstr (detail, "[kesl]"));
  g_assert_nonnull (strstr (detail, "package: kesl  (dpkg)"));
  g_assert_nonnull (strstr (detail, "unit: kesl.service  (/lib/systemd/system/kesl.service)"));
  g_assert_nonnull (strstr (detail, "directory: /opt/kaspersky/<b>kesl</b>&amp;"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-technician-detail", NULL));
  copied = clipboard_text (GTK_WIDGET (window));
  g_assert_cmpstr (copied, ==, detail);

  avs_test_ui_spin (500);
  shot = avs_test_ui_screenshot (GTK_WIDGET (window), "technician-findings");
  g_test_message ("screenshot: %s", shot);

  /* Off again: the panel goes, and the setting follows. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.technician-mode", NULL));
  avs_test_ui_spin (400);
  g_assert_false (g_settings_get_boolean (settings, "technician-mode"));
  g_clear_pointer (&detail, g_free);
  detail = detail_text (window);
  g_assert_cmpstr (detail, ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* --technician is for this window: the setting stays as it was. */
static void
test_start_option (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(AvsSession) session = avs_session_new ();
  AvsWindow *window;
  g_autofree char *detail = NULL;

  g_settings_set_boolean (settings, "technician-mode", FALSE);
  window = open_window (session, avs_findings_page_new (), "findings");
  avs_window_start_technician_mode (window);
  avs_test_ui_spin (300);
  g_assert_true (avs_window_get_technician_mode (window));
  g_assert_false (g_settings_get_boolean (settings, "technician-mode"));
  detail = detail_text (window);
  /* Before any scan the findings page says so. */
  g_assert_nonnull (strstr (detail, "No scan yet."));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The clean machine: the summary says so in two lines, on the clean page. */
static void
test_clean_summary (void)
{
  g_autoptr(AvsSession) session = avs_session_new ();
  g_autoptr(AvsScanResult) clean = avs_scan_result_new ("/");
  AvsWindow *window;
  GtkWidget *card;
  g_auto(GStrv) lines = NULL;

  avs_scan_result_set_live (clean, TRUE);
  g_assert_cmpint (avs_scan_result_get_outcome (clean), ==, AVS_SCAN_OUTCOME_CLEAN);
  avs_session_set_scan_result (session, clean);
  window = open_window (session, avs_findings_page_new (), "findings");
  card = find_mapped_card (GTK_WIDGET (window));
  g_assert_nonnull (card);
  lines = g_strsplit (avs_helpdesk_card_get_text (card), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "AV Switch \u2068" PACKAGE_VERSION "\u2069 scanned this computer ("));
  g_assert_cmpstr (lines[1], ==, "Found: no Kaspersky software, and every place was checked.");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
remove_settled (gpointer data)
{
  return !avs_remove_page_get_busy (AVS_REMOVE_PAGE (data));
}

static gboolean
detail_has_runs (gpointer data)
{
  g_autofree char *detail = detail_text (AVS_WINDOW (data));
  return strstr (detail, "== Commands run ==") != NULL;
}

/* The removal page: the exact commands before they run, then each command run with its exit
 * status and raw output. */
static void
test_removal (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(AvsSession) session = avs_session_new ();
  g_autoptr(AvsScanner) scanner = NULL;
  g_autoptr(AvsScanResult) scan = NULL;
  g_autoptr(GError) error = NULL;
  AvsPage *page;
  AvsWindow *window;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *shot = NULL;
  const AvsFixturePackage kesl = {
    .name = "kesl", .version = "11.2.0-4528",
    .files = (const char * const[]) { "/opt/kaspersky/kesl/bin/kesl-control", NULL },
  };

  if (!avs_fixture_require ("dpkg-deb") || !avs_fixture_require ("dpkg"))
    return;
  f = avs_fixture_new ("debian");
  avs_fixture_dpkg_install (f, &kesl);
  scanner = avs_scanner_new_for_root (avs_fixture_get_root (f), NULL, &error);
  g_assert_no_error (error);
  scan = avs_scanner_scan_sync (scanner, NULL, &error);
  g_assert_no_error (error);

  avs_session_set_root (session, avs_fixture_get_root (f));
  avs_session_set_scan_result (session, scan);
  /* Without root, the commands would need a password: only what they are is checked then. */
  avs_session_set_dry_run (session, geteuid () != 0);
  page = avs_remove_page_new ();
  window = open_window (session, page, "remove");
  avs_window_start_technician_mode (window);
  avs_test_ui_spin (300);

  before = detail_text (window);
  g_test_message ("%s", before);
  g_assert_nonnull (strstr (before, "== Removal plan =="));
  g_assert_nonnull (strstr (before, "To run: "));
  g_assert_nonnull (strstr (before, "dpkg"));
  g_assert_nonnull (strstr (before, avs_fixture_get_root (f)));

  avs_remove_page_run_all (AVS_REMOVE_PAGE (page));
  g_assert_true (avs_test_ui_wait_until (remove_settled, page, 60000));
  g_assert_true (avs_test_ui_wait_until (detail_has_runs, window, 5000));
  after = detail_text (window);
  g_test_message ("%s", after);
  g_assert_nonnull (strstr (after, "\n$ "));
  if (geteuid () == 0)
    {
      /* The raw output of dpkg itself, as it printed it. */
      g_assert_nonnull (strstr (after, "exit status 0"));
      g_assert_nonnull (strstr (after, "Removing kesl (11.2.0-4528)"));
    }
  else
    g_assert_nonnull (strstr (after, "recorded only (dry run)"));

  avs_test_ui_spin (500);
  /* The picture shows the commands that ran, with their output. */
  {
    GtkTextView *view = find_detail_view (GTK_WIDGET (window));
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
    GtkTextIter start, match;

    gtk_text_buffer_get_start_iter (buffer, &start);
    if (gtk_text_iter_forward_search (&start, "== Commands run ==", 0, &match, NULL, NULL))
      {
        GtkTextMark *mark = gtk_text_buffer_create_mark (buffer, NULL, &match, TRUE);
        gtk_text_view_scroll_to_mark (view, mark, 0.0, TRUE, 0.0, 0.0);
      }
    avs_test_ui_spin (300);
  }
  shot = avs_test_ui_screenshot (GTK_WIDGET (window), "technician-remove");
  g_test_message ("screenshot: %s", shot);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
  return TRUE;
}

static char *
visible_text (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  collect_labels (widget, out);
  return g_string_free (out, FALSE);
}

static AvsWindow *
open_report_window (AvsSession *session)
{
  AvsWindow *window = avs_window_new (NULL, session);

  avs_window_add_page (window, avs_welcome_page_new (), "welcome");
  avs_window_add_page (window, avs_findings_page_new (), "findings");
  avs_window_add_page (window, avs_welcome_page_new (), "remove");
  avs_window_add_page (window, avs_done_page_new (), "done");
  gtk_window_set_default_size (GTK_WINDOW (window), 760, 900);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (avs_test_ui_wait_until (is_mapped, window, 10000));
  return window;
}

/* A saved session opens read-only: its findings, then how it ended, and no new scan. */
static void
test_open_report (void)
{
  g_autoptr(AvsSession) session = avs_session_new ();
  g_autoptr(AvsScanResult) found = make_found ();
  g_autoptr(AvsScanResult) clean = avs_scan_result_new ("/");
  g_autoptr(AvsReport) saved = avs_report_new ();
  g_autoptr(AvsReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = avs_test_make_tmpdir ("avs-report-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "session.avsreport", NULL);
  g_autofree char *findings_text = NULL;
  g_autofree char *done_text = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *shot = NULL;
  AvsWindow *window;
  AvsPage *done;

  avs_scan_result_set_live (clean, TRUE);
  avs_report_add_scan (saved, found);
  avs_report_set_verification (saved, clean);
  g_assert_true (avs_report_save (saved, path, AVS_REPORT_FLAGS_NONE, &error));
  g_assert_no_error (error);

  window = open_report_window (session);
  report = avs_window_load_report (GTK_WINDOW (window), path);
  g_assert_nonnull (report);
  g_assert_null (avs_test_walk_find_dialog ());
  avs_window_show_report (window, report);
  avs_window_start_technician_mode (window);
  avs_test_ui_spin (400);

  g_assert_true (avs_window_get_shown_report (window) == report);
  g_assert_true (avs_session_get_read_only (session));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (avs_window_get_visible_page (window))))), ==, "findings");
  findings_text = visible_text (GTK_WIDGET (window));
  g_test_message ("%s", findings_text);
  /* The findings from the report, under the read-only banner. */
  g_assert_nonnull (strstr (findings_text, "Kaspersky Endpoint Security for Linux"));
  g_assert_nonnull (strstr (findings_text, "shown read-only"));
  g_assert_nonnull (strstr (findings_text, "Saved session, read-only"));
  detail = detail_text (window);
  g_assert_nonnull (strstr (detail, "package: kesl  (dpkg)"));
  avs_test_ui_spin (300);
  shot = avs_test_ui_screenshot (GTK_WIDGET (window), "report-findings");
  g_test_message ("screenshot: %s", shot);

  /* Next leads to the end of the saved session, which is read, not scanned again. */
  avs_window_go_next (window);
  avs_test_ui_spin (400);
  done = avs_window_get_visible_page (window);
  g_assert_true (AVS_IS_DONE_PAGE (done));
  g_assert_false (avs_done_page_get_busy (AVS_DONE_PAGE (done)));
  done_text = visible_text (GTK_WIDGET (window));
  g_test_message ("%s", done_text);
  g_assert_nonnull (strstr (done_text, "Kaspersky has been removed"));
  g_assert_nonnull (strstr (done_text, "Removed: \u2068Kaspersky Endpoint Security for Linux\u2069."));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A malformed report says what is wrong with which file, and opens nothing. */
static void
test_malformed_report (void)
{
  g_autoptr(AvsSession) session = avs_session_new ();
  g_autofree char *dir = avs_test_make_tmpdir ("avs-report-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "broken.avsreport", NULL);
  AvsReport *report;
  AvsWindow *window;
  AdwMessageDialog *dialog;

  g_assert_true (g_file_set_contents (path, "{\"schema\": \"avswitch-report/1\", \"tool\": {", -1, NULL));
  window = open_report_window (session);
  report = avs_window_load_report (GTK_WINDOW (window), path);
  g_assert_null (report);
  avs_test_ui_spin (300);
  dialog = avs_test_walk_find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The report cannot be opened");
  g_test_message ("%s", adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "broken.avsreport"));
  /* Nothing opened: no report, no scan, the window where it was. */
  g_assert_null (avs_window_get_shown_report (window));
  g_assert_null (avs_session_get_scan_result (session));
  g_assert_false (avs_session_get_read_only (session));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Export Report… in another language than the window's (the person reads one language, the
 * ticket is in another): the page is rendered with the build's German catalog, the window stays
 * English, and the document to open again is not translated. */
static void
test_export_language (void)
{
  g_autoptr(AvsSession) session = avs_session_new ();
  g_autoptr(AvsScanResult) found = make_found ();
  g_autofree char *dir = avs_test_make_tmpdir ("avs-export-XXXXXX");
  g_autofree char *html = g_build_filename (dir, "ticket.html", NULL);
  g_autofree char *english = g_build_filename (dir, "ticket-en.md", NULL);
  g_autofree char *json = g_build_filename (dir, "ticket.avsreport", NULL);
  AvsExplainPage *explain;
  g_autofree char *mo = g_test_build_filename (G_TEST_BUILT, "..", "po", "de", "LC_MESSAGES",
                                               GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *locale_dir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  g_autofree char *text = NULL;
  g_autofree char *english_text = NULL;
  GStatBuf st;
  AvsWindow *window;

  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the build has no German catalog (po/LINGUAS)");
      return;
    }
  /* Only this test binary reads the build's catalogs; the program reads LOCALEDIR. */
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  avs_session_set_scan_result (session, found);
  window = open_window (session, avs_findings_page_new (), "findings");
  /* A visited explain page: its explanation goes into the report. */
  explain = AVS_EXPLAIN_PAGE (avs_explain_page_new ());
  avs_window_add_page (window, AVS_PAGE (explain), "explain");
  avs_explain_page_set_region (explain, "US");
  g_assert_true (avs_window_show_page (window, "explain"));
  avs_test_ui_spin (300);
  g_assert_nonnull (avs_explain_page_get_explanation (explain));
  avs_window_export_report (window, json, NULL);
  avs_window_export_report (window, html, "de");
  avs_window_export_report (window, english, NULL);
  g_assert_true (avs_test_ui_wait_until (file_exists, html, 10000));
  g_assert_true (avs_test_ui_wait_until (file_exists, english, 10000));
  g_assert_true (avs_test_ui_wait_until (file_exists, json, 10000));
  avs_test_ui_spin (300);

  g_assert_true (g_file_get_contents (html, &text, NULL, NULL));
  g_assert_true (g_file_get_contents (english, &english_text, NULL, NULL));
  g_assert_nonnull (strstr (text, "<html lang=\"de\">"));
  /* The page's title is the German catalog's (whatever its wording): not English, not empty;
   * the window itself stays English. */
  {
    const char *start = strstr (text, "<title>");
    const char *end = start != NULL ? strstr (start, "</title>") : NULL;

    g_assert_nonnull (end);
    g_assert_cmpint (end - start, >, (int) strlen ("<title>") + 4);
    g_assert_null (strstr (text, "<title>AV Switch session report</title>"));
    g_assert_cmpstr (_("AV Switch session report"), ==, "AV Switch session report");
  }
  g_assert_true (g_str_has_prefix (english_text, "# AV Switch session report"));
  {
    g_autofree char *document = NULL;

    g_assert_true (g_file_get_contents (json, &document, NULL, NULL));
    g_assert_nonnull (strstr (document, "\"explanation\""));
    g_assert_nonnull (strstr (document, "\"region\" : \"US\""));
  }
  g_assert_nonnull (strstr (text, "Kaspersky Endpoint Security for Linux"));
  g_assert_cmpint (g_stat (html, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  gtk_window_destroy (GTK_WINDOW (window));
  avs_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  avs_test_ui_init (&argc, &argv);

  g_test_add_func ("/technician/findings", test_findings);
  g_test_add_func ("/technician/start-option", test_start_option);
  g_test_add_func ("/technician/clean-summary", test_clean_summary);
  g_test_add_func ("/technician/removal", test_removal);
  g_test_add_func ("/report/open", test_open_report);
  g_test_add_func ("/report/malformed", test_malformed_report);
  g_test_add_func ("/report/export-language", test_export_language);

  return g_test_run ();
}
