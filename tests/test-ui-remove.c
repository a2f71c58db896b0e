/* test-ui-remove.c — the removal page of the real application, on fixture roots
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Consent on the removal page (issue 17, items 2, 3, 4 and the page's part of 9 and 10), driven
 * as a person drives it, on roots with real dpkg databases, commands really run (dpkg --root),
 * as a desktop user whose password prompts go through a pkexec stand-in that counts them:
 *
 * - a managed computer (KESL and the Network Agent): the warning once, as a banner; Run all
 *   stops there and says why; "Continue anyway" is a destructive dialog; afterwards nothing runs
 *   without its own confirmation (the run's confirmations were withdrawn), and the warning
 *   reads "Overridden";
 * - the Run all confirmation leads with the plain summary, the commands behind "Show commands";
 * - a closed password dialog: "You cancelled; nothing was changed.", neutral;
 * - a failed step: opened with its output, the page's error styling, no command names in prose;
 * - a step done by hand marked done too early: "not done yet", its instructions kept open;
 * - one suggested action on the page at a time.
 *
 * Screenshots (light, dark, 1280 and 360 px wide, the dialogs) land in tests/screenshots/.
 */

#include "config.h"

#include <sys/stat.h>
#include <unistd.h>

#include "avs-executor.h"
#include "avs-remove-page.h"
#include "avs-test-ui.h"
#include "avs-test-walk.h"

typedef struct
{
  AvsTestWalk     walk;
  AvsRemovePage  *page;
  char           *count_path;   /* the pkexec stand-in's log: one line a call */
} Remove;

/* The window as wide as a desktop's, on r->walk.fixture. */
static void
start_app (Remove *r)
{
  /* Nothing listens there: the removal page needs no catalog. */
  r->walk.url = g_strdup ("http://127.0.0.1:9/alternatives.json");
  avs_test_walk_start_app (&r->walk, 1280, 900);
}

static void
stop_app (Remove *r)
{
  avs_test_walk_stop (&r->walk);
  g_free (r->count_path);
}

/* Scans the fixture (Start scan), then goes to the removal page. */
static void
open_remove_page (Remove *r)
{
  avs_test_walk_next (&r->walk);
  avs_test_walk_wait_for_page (&r->walk, "findings");
  g_assert_true (avs_window_show_page (r->walk.window, "remove"));
  avs_test_ui_spin (200);
  r->page = AVS_REMOVE_PAGE (avs_window_get_visible_page (r->walk.window));
  g_assert_true (AVS_IS_REMOVE_PAGE (r->page));
  g_assert_nonnull (avs_remove_page_get_executor (r->page));
}

/* As a desktop user: every password prompt goes through a stand-in for pkexec that writes a
 * line to r->count_path, then either runs the command (@exit_status 0) or exits with
 * @exit_status without running anything (126: the user closed the password dialog). */
static void
use_pkexec_stand_in (Remove *r,
                     int     exit_status)
{
  AvsRunner *runner = avs_executor_get_runner (avs_remove_page_get_executor (r->page));
  g_autofree char *helper = g_build_filename (avs_fixture_get_base (r->walk.fixture), "pkexec", NULL);
  g_autofree char *script = NULL;

  r->count_path = g_strdup_printf ("%s.count", helper);
  script = exit_status == 0
           ? g_strdup_printf ("#!/bin/sh\necho run >> '%s'\nexec \"$@\"\n", r->count_path)
           : g_strdup_printf ("#!/bin/sh\necho run >> '%s'\nexit %d\n", r->count_path, exit_status);
  g_assert_true (g_file_set_contents (helper, script, -1, NULL));
  g_assert_cmpint (chmod (helper, 0755), ==, 0);
  avs_runner_set_is_root (runner, FALSE);
  avs_runner_set_privilege_helper (runner, helper);
}

/* How many times the stand-in was called: password prompts, each a privileged session. */
static guint
prompts (Remove *r)
{
  g_autofree char *text = NULL;
  guint n = 0;

  if (!g_file_get_contents (r->count_path, &text, NULL, NULL))
    return 0;
  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

static gboolean
dialog_is_mapped (gpointer data)
{
  AdwMessageDialog *dialog = avs_test_walk_find_dialog ();
  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static AdwMessageDialog *
wait_for_dialog (void)
{
  g_assert_true (avs_test_ui_wait_until (dialog_is_mapped, NULL, 5000));
  avs_test_ui_spin (200);
  return avs_test_walk_find_dialog ();
}

static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  avs_test_ui_spin (50);
}

static void
wait_settled (Remove *r)
{
  g_assert_true (avs_test_ui_wait_until (avs_test_walk_remove_is_settled, r->page, 120000));
  avs_test_ui_spin (100);
}

typedef struct
{
  AvsRemovePage *page;
  const char    *title;
} StatusWait;

static gboolean
status_title_is (gpointer data)
{
  StatusWait *wait = data;

  return !avs_remove_page_get_busy (wait->page) &&
         g_strcmp0 (avs_remove_page_get_status_title (wait->page), wait->title) == 0;
}

/* A step's check starts from the main loop after the click, so "not busy" right after it can be
 * the state before the check (seen under the sanitizers): wait for what the page says instead. */
static void
wait_for_status_title (Remove     *r,
                       const char *title)
{
  StatusWait wait = { r->page, title };

  avs_test_ui_wait_until (status_title_is, &wait, 120000);
  avs_test_ui_spin (100);
}

/* The text the page itself says to a person: the labels of visible widgets, one a line, but not
 * inside an open step (its explanation comes from the plan; its commands and output are for a
 * technician). */
static void
collect_prose (GtkWidget *widget,
               GString   *text)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget) ||
      gtk_widget_has_css_class (widget, "monospace") || GTK_IS_TEXT_VIEW (widget))
    return;
  if (GTK_IS_REVEALER (widget) && !gtk_revealer_get_reveal_child (GTK_REVEALER (widget)))
    return;
  /* An open step's own explanation is the plan's text (src/core), not the page's. */
  if (GTK_IS_REVEALER (widget) && gtk_widget_get_ancestor (widget, ADW_TYPE_EXPANDER_ROW) != NULL)
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_prose (child, text);
}

static char *
page_prose (Remove *r)
{
  GString *text = g_string_new (NULL);

  collect_prose (GTK_WIDGET (r->page), text);
  return g_string_free (text, FALSE);
}

/* No program's name, nor a command, in what the window says in words. */
static void
assert_no_command_names (const char *prose)
{
  static const char * const names[] = {
    "avswitch ", "pkexec", "dpkg", "sudo", "rm -", "tar ", "--root", "klnagchk", NULL
  };

  for (guint i = 0; names[i] != NULL; i++)
    if (strstr (prose, names[i]) != NULL)
      g_error ("the window's prose names “%s”:\n%s", names[i], prose);
}

static void
count_suggested (GtkWidget *widget,
                 guint     *n)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "suggested-action") &&
      gtk_widget_is_sensitive (widget))
    (*n)++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count_suggested (child, n);
}

/* One suggested (blue) action on the page at a time: @expected of them (0 or 1). */
static void
assert_suggested (Remove *r,
                  guint   expected)
{
  guint n = 0;

  count_suggested (GTK_WIDGET (r->page), &n);
  g_assert_cmpuint (n, ==, expected);
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_text_view (GtkWidget *widget)
{
  if (GTK_IS_TEXT_VIEW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_text_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
screenshot (Remove     *r,
            const char *name)
{
  g_free (avs_test_ui_screenshot (GTK_WIDGET (r->walk.window), name));
}

/* The window in light, dark and 360 px wide, and the window at its size now. */
static void
shoot (Remove     *r,
       const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strdup_printf ("remove-%s-light", name);
  g_autofree char *dark = g_strdup_printf ("remove-%s-dark", name);
  g_autofree char *narrow = g_strdup_printf ("remove-%s-narrow", name);
  g_autofree char *narrow_dark = g_strdup_printf ("remove-%s-narrow-dark", name);
  int width, height;

  avs_test_ui_spin (300);
  screenshot (r, light);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  avs_test_ui_spin (300);
  screenshot (r, dark);
  gtk_window_get_default_size (GTK_WINDOW (r->walk.window), &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (r->walk.window), 360, 720);
  avs_test_ui_spin (500);
  screenshot (r, narrow_dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  avs_test_ui_spin (300);
  screenshot (r, narrow);
  gtk_window_set_default_size (GTK_WINDOW (r->walk.window), width, height);
  avs_test_ui_spin (400);
}

static char *
dpkg_status (Remove *r)
{
  g_autofree char *path = avs_fixture_path (r->walk.fixture, "/var/lib/dpkg/status");
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static gboolean
installed (Remove     *r,
           const char *package)
{
  g_autofree char *status = dpkg_status (r);
  g_autofree char *entry = g_strdup_printf ("Package: %s\nStatus: install ok installed", package);

  return strstr (status, entry) != NULL;
}

/* Every removal step of the plan is still waiting (nothing ran). */
static void
assert_nothing_ran (Remove *r)
{
  AvsExecutor *executor = avs_remove_page_get_executor (r->page);
  AvsPlan *plan = avs_executor_get_plan (executor);

  for (guint i = 0; i < avs_plan_get_n_steps (plan); i++)
    {
      AvsPlanStep *step = avs_plan_get_step (plan, i);

      if (!avs_plan_step_get_blocking (step))
        g_assert_cmpint (avs_executor_get_status (executor, step), ==, AVS_STEP_STATUS_PENDING);
    }
  g_assert_true (installed (r, "kesl-gui"));
  g_assert_true (installed (r, "kesl"));
}

/* What the executor does when asked to run the next step without a confirmation: refuse. */
static void
assert_next_step_unconfirmed (Remove *r)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (avs_executor_run_step_sync (avs_remove_page_get_executor (r->page), NULL,
                                              &error));
  g_assert_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_NOT_CONFIRMED);
}

/* The words of a confirmation: its body and the labels of its content (not the commands). */
static char *
dialog_text (AdwMessageDialog *dialog)
{
  GString *text = g_string_new (adw_message_dialog_get_body (dialog));
  GtkWidget *extra = adw_message_dialog_get_extra_child (dialog);

  if (extra != NULL)
    for (GtkWidget *child = gtk_widget_get_first_child (extra); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (GTK_IS_LABEL (child))
        g_string_append_printf (text, "\n%s", gtk_label_get_text (GTK_LABEL (child)));
  return g_string_free (text, FALSE);
}

static GtkExpander *
commands_expander (AdwMessageDialog *dialog)
{
  GtkWidget *extra = adw_message_dialog_get_extra_child (dialog);

  g_assert_nonnull (extra);
  g_assert_true (GTK_IS_EXPANDER (gtk_widget_get_last_child (extra)));
  return GTK_EXPANDER (gtk_widget_get_last_child (extra));
}

/* The Run all confirmation: the plain summary first, the commands behind "Show commands". */
static void
check_run_all_dialog (Remove           *r,
                      AdwMessageDialog *dialog)
{
  g_autofree char *text = dialog_text (dialog);
  GtkExpander *expander = commands_expander (dialog);
  GtkWidget *scroller;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *commands = NULL;

  g_test_message ("Run all asks:\n%s", text);
  g_assert_nonnull (strstr (text, "What will be removed: "));
  g_assert_nonnull (strstr (text, "Kaspersky Endpoint Security for Linux"));
  g_assert_nonnull (strstr (text, "Where the backup goes: "));
  g_assert_nonnull (strstr (text, "/var/lib/avswitch/backup/kaspersky-"));
  g_assert_nonnull (strstr (text, "The administrator password is asked for once"));
  {
    /* The summary, before the warning about a disk's own package scripts (a --root plan). */
    const char *warning = strstr (text, "The package steps run the removal scripts");
    g_autofree char *summary = g_strndup (text, warning != NULL ? (gsize) (warning - text)
                                                                : strlen (text));

    assert_no_command_names (summary);
  }

  /* The exact commands are always there for a technician, collapsed. */
  g_assert_cmpstr (gtk_expander_get_label (expander), ==, "_Show commands");
  g_assert_false (gtk_expander_get_expanded (expander));
  scroller = gtk_expander_get_child (expander);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller))));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  commands = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_nonnull (strstr (commands, "dpkg"));
  g_assert_nonnull (strstr (commands, avs_fixture_get_root (r->walk.fixture)));
}

static void
test_managed_consent_body (void)
{
  Remove r = { 0 };
  AvsExecutor *executor;
  AvsPlanStep *managed;
  AdwMessageDialog *dialog;
  GtkWidget *button;
  g_autofree char *prose = NULL;

  r.walk.fixture = avs_fixture_new ("debian");
  avs_test_walk_add_kaspersky (r.walk.fixture, AVS_TEST_KASPERSKY_GUI | AVS_TEST_KASPERSKY_AGENT);
  start_app (&r);
  open_remove_page (&r);
  use_pkexec_stand_in (&r, 0);
  executor = avs_remove_page_get_executor (r.page);
  managed = avs_executor_get_next_step (executor);
  g_assert_true (avs_plan_step_get_blocking (managed));

  /* The warning once, open, with "What does this mean?"; nothing is blue: the choice is the
   * user's and it is destructive. */
  prose = page_prose (&r);
  g_test_message ("the managed removal page says:\n%s", prose);
  g_assert_cmpuint (count_occurrences (prose, "managed by your organization"), ==, 1);
  g_assert_nonnull (strstr (prose, "What does this mean?"));
  g_assert_null (strstr (prose, "This computer is managed by Kaspersky Security Center"));
  assert_no_command_names (prose);
  button = avs_remove_page_get_next_button (r.page);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_has_css_class (button, "destructive-action"));
  assert_suggested (&r, 0);
  shoot (&r, "managed");

  /* Run all: it asks (the plain summary), is confirmed, and stops at the warning, saying why. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (r.page), "remove.run-all", NULL));
  dialog = wait_for_dialog ();
  check_run_all_dialog (&r, dialog);
  g_free (avs_test_ui_screenshot (GTK_WIDGET (dialog), "remove-confirm"));
  gtk_expander_set_expanded (commands_expander (dialog), TRUE);
  avs_test_ui_spin (300);
  g_free (avs_test_ui_screenshot (GTK_WIDGET (dialog), "remove-confirm-commands"));
  answer (dialog, "run");
  wait_settled (&r);
  g_assert_cmpstr (avs_remove_page_get_status_title (r.page), ==,
                   "Stopped here: this computer is managed by your organization");
  /* Said once, in the banner, not again in a second note. */
  {
    g_autofree char *stopped = page_prose (&r);

    g_assert_cmpuint (count_occurrences (stopped, "managed by your organization"), ==, 1);
  }
  g_assert_cmpuint (prompts (&r), ==, 0);
  assert_nothing_ran (&r);
  /* The run's confirmations are gone: nothing can run on them later. */
  avs_executor_continue_anyway (executor, managed);
  assert_next_step_unconfirmed (&r);
  g_assert_cmpuint (prompts (&r), ==, 0);
  stop_app (&r);
}

/* The whole sequence of the issue, through the page only: Run all, confirmed, stops at the
 * warning; Continue anyway (a destructive dialog); the next action asks again. */
static void
test_managed_sequence_body (void)
{
  Remove r = { 0 };
  AvsExecutor *executor;
  AvsPlanStep *managed;
  AdwMessageDialog *dialog;
  GtkWidget *button;
  g_autofree char *prose = NULL;

  r.walk.fixture = avs_fixture_new ("debian");
  avs_test_walk_add_kaspersky (r.walk.fixture, AVS_TEST_KASPERSKY_GUI | AVS_TEST_KASPERSKY_AGENT);
  start_app (&r);
  open_remove_page (&r);
  use_pkexec_stand_in (&r, 0);
  executor = avs_remove_page_get_executor (r.page);
  managed = avs_executor_get_next_step (executor);
  g_assert_true (avs_plan_step_get_blocking (managed));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (r.page), "remove.run-all", NULL));
  answer (wait_for_dialog (), "run");
  wait_settled (&r);
  g_assert_nonnull (avs_remove_page_get_status_title (r.page));
  g_assert_cmpuint (prompts (&r), ==, 0);
  assert_nothing_ran (&r);
  shoot (&r, "managed-stopped");

  /* Continue anyway: a destructive dialog that names the consequence; Cancel changes nothing. */
  button = avs_remove_page_get_next_button (r.page);
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  dialog = wait_for_dialog ();
  g_test_message ("Continue anyway asks:\n%s\n%s", adw_message_dialog_get_heading (dialog),
                  adw_message_dialog_get_body (dialog));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "continue"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "ends your organization’s management of this computer"));
  g_free (avs_test_ui_screenshot (GTK_WIDGET (dialog), "remove-continue-anyway"));
  answer (dialog, "cancel");
  g_assert_cmpint (avs_executor_get_status (executor, managed), ==, AVS_STEP_STATUS_PENDING);

  gtk_widget_activate (avs_remove_page_get_next_button (r.page));
  answer (wait_for_dialog (), "continue");
  wait_settled (&r);

  /* Only the warning was set aside: it reads "Overridden", and nothing ran. */
  g_assert_cmpint (avs_executor_get_status (executor, managed), ==, AVS_STEP_STATUS_SKIPPED);
  g_assert_cmpstr (avs_step_status_to_label (AVS_STEP_STATUS_SKIPPED), ==, "Overridden");
  prose = page_prose (&r);
  g_assert_nonnull (strstr (prose, "Overridden"));
  g_assert_null (strstr (prose, "Skipped"));
  g_assert_cmpuint (prompts (&r), ==, 0);
  assert_nothing_ran (&r);
  g_assert_null (avs_remove_page_get_status_title (r.page));
  assert_suggested (&r, 1);
  shoot (&r, "managed-overridden");

  /* The next action asks again; cancelled, nothing runs. */
  button = avs_remove_page_get_next_button (r.page);
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  dialog = wait_for_dialog ();
  {
    g_autofree char *text = dialog_text (dialog);

    g_assert_nonnull (strstr (text, "What will be removed: "));
  }
  answer (dialog, "cancel");
  wait_settled (&r);
  g_assert_cmpuint (prompts (&r), ==, 0);
  assert_nothing_ran (&r);
  assert_next_step_unconfirmed (&r);

  /* Run all, confirmed this time: everything runs, with one password prompt. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (r.page), "remove.run-all", NULL));
  answer (wait_for_dialog (), "run");
  wait_settled (&r);
  g_assert_null (avs_remove_page_get_status_title (r.page));
  g_assert_cmpuint (prompts (&r), ==, 1);
  g_assert_false (installed (&r, "kesl-gui"));
  g_assert_false (installed (&r, "kesl"));
  g_assert_false (installed (&r, "klnagent64"));
  g_assert_true (avs_page_get_complete (AVS_PAGE (r.page)));
  assert_suggested (&r, 0);
  shoot (&r, "managed-done");

  stop_app (&r);
}

/* The password dialog closed (the stand-in exits 126 as pkexec does): a neutral note. */
static void
test_cancelled_body (void)
{
  Remove r = { 0 };
  g_autofree char *prose = NULL;
  GtkWidget *heading;

  r.walk.fixture = avs_fixture_new ("debian");
  avs_test_walk_add_kaspersky (r.walk.fixture, AVS_TEST_KASPERSKY_GUI);
  start_app (&r);
  open_remove_page (&r);
  use_pkexec_stand_in (&r, 126);
  assert_suggested (&r, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (r.page), "remove.run-all", NULL));
  answer (wait_for_dialog (), "run");
  wait_settled (&r);

  g_assert_cmpuint (prompts (&r), ==, 1);
  g_assert_cmpstr (avs_remove_page_get_status_title (r.page), ==,
                   "You cancelled; nothing was changed.");
  prose = page_prose (&r);
  g_test_message ("after a closed password dialog the page says:\n%s", prose);
  g_assert_null (strstr (prose, "Failed"));
  g_assert_null (strstr (prose, "Kaspersky Security Center"));
  g_assert_null (strstr (prose, "output above"));
  assert_no_command_names (prose);
  heading = find_label (GTK_WIDGET (r.page), "You cancelled; nothing was changed.");
  g_assert_nonnull (heading);
  g_assert_false (gtk_widget_has_css_class (heading, "error"));
  assert_nothing_ran (&r);
  /* Nothing stays confirmed: the next run asks again. */
  assert_next_step_unconfirmed (&r);
  g_assert_cmpuint (prompts (&r), ==, 1);
  assert_suggested (&r, 1);
  shoot (&r, "cancelled");

  stop_app (&r);
}

/* A step fails: it opens itself with its output; the page's error styling; no command names. */
static void
test_failed_step_body (void)
{
  Remove r = { 0 };
  AvsExecutor *executor;
  AvsPlanStep *failed;
  g_autofree char *prose = NULL;
  g_autofree char *title = NULL;
  GtkWidget *heading;
  GtkWidget *button;
  AdwExpanderRow *row;

  r.walk.fixture = avs_fixture_new ("debian");
  avs_test_walk_add_kaspersky (r.walk.fixture, AVS_TEST_KASPERSKY_GUI_REFUSE);
  start_app (&r);
  open_remove_page (&r);
  executor = avs_remove_page_get_executor (r.page);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (r.page), "remove.run-all", NULL));
  answer (wait_for_dialog (), "run");
  wait_settled (&r);

  failed = avs_executor_get_next_step (executor);
  g_assert_cmpstr (avs_plan_step_get_id (failed), ==, "remove-kesl-gui");
  g_assert_cmpint (avs_executor_get_status (executor, failed), ==, AVS_STEP_STATUS_FAILED);
  title = g_strdup_printf ("“%s” did not finish", avs_plan_step_get_title (failed));
  g_assert_cmpstr (avs_remove_page_get_status_title (r.page), ==, title);
  heading = find_label (GTK_WIDGET (r.page), title);
  g_assert_true (gtk_widget_has_css_class (heading, "error"));

  prose = page_prose (&r);
  g_test_message ("after a failure the page says:\n%s", prose);
  g_assert_null (strstr (prose, "output above"));
  g_assert_null (strstr (prose, "Kaspersky Security Center"));
  assert_no_command_names (prose);

  /* The failed step is open, with its output. */
  button = avs_remove_page_get_next_button (r.page);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Try again…");
  row = ADW_EXPANDER_ROW (gtk_widget_get_ancestor (button, ADW_TYPE_EXPANDER_ROW));
  g_assert_true (adw_expander_row_get_expanded (row));
  {
    GtkWidget *view = find_text_view (GTK_WIDGET (row));
    GtkTextIter start, end;
    g_autofree char *output = NULL;

    g_assert_nonnull (view);
    g_assert_true (gtk_widget_get_visible (gtk_widget_get_ancestor (view, GTK_TYPE_LIST_BOX_ROW)));
    gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), &start, &end);
    output = gtk_text_buffer_get_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)),
                                       &start, &end, FALSE);
    g_test_message ("the failed step's output:\n%s", output);
    /* dpkg's own words (the script cannot even start inside the fixture root). */
    g_assert_nonnull (strstr (output, "error processing package kesl-gui"));
  }
  /* Try again is the one blue action; Run all waits. */
  g_assert_true (gtk_widget_has_css_class (button, "suggested-action"));
  assert_suggested (&r, 1);
  assert_next_step_unconfirmed (&r);
  shoot (&r, "failed");

  stop_app (&r);
}

/* A step done by hand (a browser extension), marked done too early: "not done yet", a warning,
 * its instructions kept open; the extension's id stays in the output, not in the page's words. */
static void
test_manual_not_done_body (void)
{
  Remove r = { 0 };
  AvsExecutor *executor;
  AvsPlanStep *manual;
  GtkWidget *button;
  AdwExpanderRow *row;
  g_autofree char *home = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *prose = NULL;
  g_autofree char *title = NULL;

  r.walk.fixture = avs_fixture_new ("debian");
  avs_test_walk_add_kaspersky (r.walk.fixture, AVS_TEST_KASPERSKY_GUI);
  home = avs_fixture_add_user (r.walk.fixture, "alice", 1000);
  profile = avs_fixture_chromium_profile (r.walk.fixture, home, "google-chrome", "Default",
                                          "ahkjpbeeocnddjkakilopmfdlnjdpcdm", TRUE);
  start_app (&r);
  open_remove_page (&r);
  executor = avs_remove_page_get_executor (r.page);
  manual = avs_plan_find_step (avs_executor_get_plan (executor), "browser-extensions");
  g_assert_nonnull (manual);

  /* Run all goes as far as the step done by hand, and says it is the user's turn. */
  for (guint guard = 0; guard < 5 && avs_executor_get_next_step (executor) != manual; guard++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (r.page), "remove.run-all", NULL));
      answer (wait_for_dialog (), "run");
      wait_settled (&r);
    }
  g_assert_true (avs_executor_get_next_step (executor) == manual);
  title = g_strdup_printf ("Your turn: “%s”", avs_plan_step_get_title (manual));
  g_assert_cmpstr (avs_remove_page_get_status_title (r.page), ==, title);
  button = avs_remove_page_get_next_button (r.page);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Mark as done");
  g_assert_true (gtk_widget_has_css_class (button, "suggested-action"));
  assert_suggested (&r, 1);
  row = ADW_EXPANDER_ROW (gtk_widget_get_ancestor (button, ADW_TYPE_EXPANDER_ROW));
  g_assert_true (adw_expander_row_get_expanded (row));

  /* Marked done while the extension is still there: not done yet, not a failure. */
  gtk_widget_activate (avs_remove_page_get_next_button (r.page));
  g_free (title);
  title = g_strdup_printf ("“%s” is not done yet", avs_plan_step_get_title (manual));
  wait_for_status_title (&r, title);
  g_assert_cmpstr (avs_remove_page_get_status_title (r.page), ==, title);
  g_assert_false (gtk_widget_has_css_class (find_label (GTK_WIDGET (r.page), title), "error"));
  g_assert_cmpstr (adw_expander_row_get_subtitle (row), ==, "Not done yet");
  g_assert_true (adw_expander_row_get_expanded (row));
  prose = page_prose (&r);
  g_test_message ("a step done by hand, not done yet:\n%s", prose);
  g_assert_null (strstr (prose, "ahkjpbeeocnddjkakilopmfdlnjdpcdm"));
  g_assert_null (strstr (prose, "Failed"));
  assert_no_command_names (prose);
  assert_suggested (&r, 1);
  shoot (&r, "manual-not-done");

  stop_app (&r);
}

static gboolean
can_remove (void)
{
  if (geteuid () != 0)
    {
      g_test_skip ("the removal runs dpkg --root, which needs root (CI runs as root)");
      return FALSE;
    }
  return avs_fixture_require ("dpkg-deb") && avs_fixture_require ("dpkg");
}

/* One application per process, as in test-ui-flow. */
#define REMOVE_TEST(name, needs_removal)                                                 \
  static void                                                                            \
  name (void)                                                                            \
  {                                                                                      \
    if (g_test_subprocess ())                                                            \
      {                                                                                  \
        name##_body ();                                                                  \
        return;                                                                          \
      }                                                                                  \
    if ((needs_removal) && !can_remove ())                                               \
      return;                                                                            \
    g_test_trap_subprocess (NULL, AVS_TEST_WALK_CHILD_TIMEOUT,                           \
                            G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR); \
    g_test_trap_assert_passed ();                                                        \
  }

REMOVE_TEST (test_managed_consent, TRUE)
REMOVE_TEST (test_managed_sequence, TRUE)
REMOVE_TEST (test_cancelled, TRUE)
REMOVE_TEST (test_failed_step, TRUE)
REMOVE_TEST (test_manual_not_done, TRUE)

int
main (int    argc,
      char **argv)
{
  avs_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/remove/managed-consent", test_managed_consent);
  g_test_add_func ("/ui/remove/managed-sequence", test_managed_sequence);
  g_test_add_func ("/ui/remove/cancelled", test_cancelled);
  g_test_add_func ("/ui/remove/failed-step", test_failed_step);
  g_test_add_func ("/ui/remove/manual-not-done", test_manual_not_done);

  return g_test_run ();
}
