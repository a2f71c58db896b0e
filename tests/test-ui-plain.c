/* test-ui-plain.c — text from the scanned machine is shown as itself, never as markup
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A path holding "&", "<" and ">" is invalid Pango markup: in a widget that parses markup it
 * shows as nothing at all (or, worse, as styled text). Every page that shows evidence must show
 * the exact bytes.
 */

#include "config.h"


#include "avs-done-page.h"
#include "avs-findings-page.h"
#include "avs-remove-page.h"
#include "avs-test-ui.h"
#include "avs-welcome-page.h"
#include "avs-window.h"

#define HOSTILE_FILE "/usr/local/share/a&b<i>c</i>.log"
#define HOSTILE_HOME "/home/x&y<b>z"
#define HOSTILE_NAME "Kaspersky <b>Endpoint</b> & Co"

static AvsScanResult *
make_hostile_scan (void)
{
  AvsScanResult *result = avs_scan_result_new ("/");
  g_autoptr(AvsFinding) kesl = avs_finding_new ("kesl", HOSTILE_NAME);

  avs_scan_result_set_live (result, TRUE);
  avs_finding_set_state (kesl, AVS_INSTALL_STATE_LEFTOVERS);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_FILE, HOSTILE_FILE, NULL);
  avs_scan_result_add_finding (result, kesl);
  avs_scan_result_add_not_checked (result,
                                   avs_not_checked_new ("Browser profiles of other users",
                                                        "No permission to read " HOSTILE_HOME ".",
                                                        HOSTILE_HOME, TRUE));
  return result;
}

/* Counts the labels under @widget whose shown text contains @needle; a label that parses its
 * text as markup while showing machine text fails the test at once. */
static guint
count_plain_labels (GtkWidget  *widget,
                    const char *needle)
{
  guint count = 0;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    {
      const char *label = gtk_label_get_label (GTK_LABEL (widget));
      const char *text = gtk_label_get_text (GTK_LABEL (widget));

      if (label != NULL && strstr (label, needle) != NULL)
        g_assert_false (gtk_label_get_use_markup (GTK_LABEL (widget)));
      if (text != NULL && strstr (text, needle) != NULL)
        count++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count += count_plain_labels (child, needle);
  return count;
}

/* Expands every expander row under @widget, so that evidence inside it gets mapped. */
static void
expand_all (GtkWidget *widget)
{
  if (ADW_IS_EXPANDER_ROW (widget))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (widget), TRUE);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    expand_all (child);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
show (AvsWindow  *window,
      const char *name)
{
  g_assert_true (avs_window_show_page (window, name));
  avs_test_ui_spin (300);
  expand_all (GTK_WIDGET (avs_window_get_page (window, name)));
  avs_test_ui_spin (300);
}

static void
test_plain_every_page (void)
{
  g_autoptr(AvsSession) session = avs_session_new ();
  g_autoptr(AvsScanResult) before = make_hostile_scan ();
  g_autoptr(AvsScanResult) after = make_hostile_scan ();
  AvsWindow *window = avs_window_new (NULL, session);
  GtkWidget *page;

  avs_session_set_dry_run (session, TRUE);
  avs_session_set_scan_result (session, before);
  avs_window_add_page (window, avs_welcome_page_new (), "welcome");
  avs_window_add_page (window, avs_findings_page_new (), "findings");
  avs_window_add_page (window, avs_remove_page_new (), "remove");
  avs_window_add_page (window, avs_done_page_new (), "done");
  gtk_window_set_default_size (GTK_WINDOW (window), 760, 1000);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (avs_test_ui_wait_until (is_mapped, window, 10000));

  /* What we found: the evidence path, the product name and the reason a place was not seen. */
  show (window, "findings");
  page = GTK_WIDGET (avs_window_get_page (window, "findings"));
  g_assert_cmpuint (count_plain_labels (page, HOSTILE_FILE), >, 0);
  g_assert_cmpuint (count_plain_labels (page, HOSTILE_NAME), >, 0);
  g_assert_cmpuint (count_plain_labels (page, HOSTILE_HOME), >, 0);
  g_free (avs_test_ui_screenshot (GTK_WIDGET (window), "plain-findings"));

  /* The removal: the plan refuses such a path, and says which, in plain text. */
  show (window, "remove");
  page = GTK_WIDGET (avs_window_get_page (window, "remove"));
  g_free (avs_test_ui_screenshot (GTK_WIDGET (window), "plain-remove"));
  g_assert_cmpuint (count_plain_labels (page, HOSTILE_FILE), >, 0);

  /* The end: what remains is named as it is. */
  avs_session_set_scan_result (session, after);
  show (window, "done");
  page = GTK_WIDGET (avs_window_get_page (window, "done"));
  g_assert_cmpuint (count_plain_labels (page, HOSTILE_NAME), >, 0);
  g_free (avs_test_ui_screenshot (GTK_WIDGET (window), "plain-done"));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  avs_test_ui_init (&argc, &argv);
  g_test_add_func ("/ui/plain/every-page", test_plain_every_page);
  return g_test_run ();
}
