/* test-ui-flow.c — the real application, driven through the whole wizard on fixture roots
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * welcome → scan → findings → explain → choose → remove → install → done, on a root with real
 * dpkg databases holding fake Kaspersky packages; the catalog comes from a real HTTP server on
 * loopback; removal commands really run, scoped to the fixture root (dpkg --root). Then the same
 * for a clean machine and for a removal step that fails. Every page is saved as a screenshot.
 */

#include "config.h"

#include <sys/stat.h>
#include <unistd.h>

#include "avs-choose-page.h"
#include "avs-done-page.h"
#include "avs-executor.h"
#include "avs-remove-page.h"
#include "avs-scanner.h"
#include "avs-scan-page.h"
#include "avs-test-ui.h"
#include "avs-test-walk.h"

#define CATALOG_RESOURCE "/io/github/avswitch/AvSwitch/core/catalog/alternatives.json"

typedef struct
{
  AvsTestWalk     walk;
  const char     *shot_prefix;
  guint           disk_script_warnings;
} Flow;

static AvsPage *
visible (Flow *flow)
{
  return avs_window_get_visible_page (flow->walk.window);
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

/* After every page change: the header names the page and its step ("Step 3 of 7"; the welcome
 * page is not a step), and something on the page or the header's main action has the focus, so
 * that Enter does something. */
static void
assert_page_header_and_focus (Flow       *flow,
                              const char *name)
{
  static const char * const order[] = {
    "welcome", "scan", "findings", "explain", "choose", "remove", "install", "done", NULL
  };
  AdwWindowTitle *title = find_window_title (GTK_WIDGET (flow->walk.window));
  AvsPage *page = visible (flow);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (flow->walk.window));
  g_autofree char *step = NULL;

  g_assert_nonnull (title);
  if (!g_str_equal (name, "welcome"))
    {
      g_assert_cmpstr (adw_window_title_get_title (title), ==, avs_page_get_title (page));
      step = g_strdup_printf ("Step %u of %u", g_strv_length ((char **) order) - 1,
                              g_strv_length ((char **) order) - 1);
      for (guint i = 1; order[i] != NULL; i++)
        if (g_str_equal (order[i], name))
          {
            g_free (step);
            step = g_strdup_printf ("Step %u of %u", i, g_strv_length ((char **) order) - 1);
          }
      g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, step);
    }
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (page)) ||
                 gtk_widget_get_ancestor (focus, ADW_TYPE_HEADER_BAR) != NULL);
  g_test_message ("page %s: focus on a %s", name, G_OBJECT_TYPE_NAME (focus));
}

/* Each flow's walk lets a page settle only 50 ms: the header and the focus are right at once. */
static void
wait_for_page (Flow       *flow,
               const char *name)
{
  avs_test_walk_wait_for_page (&flow->walk, name);
  assert_page_header_and_focus (flow, name);
}

/* Saves the page as the user sees it: light, dark and 360 px wide. */
static void
shoot (Flow       *flow,
       const char *page)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strdup_printf ("%s-%s-light", flow->shot_prefix, page);
  g_autofree char *dark = g_strdup_printf ("%s-%s-dark", flow->shot_prefix, page);
  g_autofree char *narrow = g_strdup_printf ("%s-%s-narrow", flow->shot_prefix, page);
  int width, height;

  avs_test_ui_spin (250);
  g_free (avs_test_ui_screenshot (GTK_WIDGET (flow->walk.window), light));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  avs_test_ui_spin (250);
  g_free (avs_test_ui_screenshot (GTK_WIDGET (flow->walk.window), dark));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  {
    /* High contrast, as the desktop's accessibility setting turns it on. */
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.a11y.interface", TRUE);

    if (schema != NULL && g_settings_schema_has_key (schema, "high-contrast"))
      {
        g_autoptr(GSettings) a11y = g_settings_new ("org.gnome.desktop.a11y.interface");
        g_autofree char *contrast = g_strdup_printf ("%s-%s-high-contrast", flow->shot_prefix, page);

        g_settings_set_boolean (a11y, "high-contrast", TRUE);
        avs_test_ui_spin (250);
        g_free (avs_test_ui_screenshot (GTK_WIDGET (flow->walk.window), contrast));
        g_settings_set_boolean (a11y, "high-contrast", FALSE);
      }
  }
  gtk_window_get_default_size (GTK_WINDOW (flow->walk.window), &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (flow->walk.window), 360, 640);
  avs_test_ui_spin (400);
  g_free (avs_test_ui_screenshot (GTK_WIDGET (flow->walk.window), narrow));
  gtk_window_set_default_size (GTK_WINDOW (flow->walk.window), width, height);
  avs_test_ui_spin (250);
}

static gboolean
refreshed_from_server (gpointer data)
{
  Flow *flow = data;
  return flow->walk.requests >= 2;   /* the catalog and its signature */
}

/* Presses what a user presses on the removal (or install) page until it is complete or a step
 * failed; answers each confirmation with "Run" after checking it lists the commands. Returns
 * the number of failures seen. */
static guint
work_through (Flow          *flow,
              AvsRemovePage *page,
              gboolean       use_run_all)
{
  guint failures = 0;

  for (guint guard = 0; guard < 40 && !avs_page_get_complete (AVS_PAGE (page)); guard++)
    {
      GtkWidget *button = avs_remove_page_get_next_button (page);
      AvsExecutor *executor = avs_remove_page_get_executor (page);
      AvsPlanStep *step = executor != NULL ? avs_executor_get_next_step (executor) : NULL;
      AdwMessageDialog *dialog;

      g_assert_nonnull (button);
      g_assert_true (gtk_widget_get_visible (button));
      if (step != NULL && avs_executor_get_status (executor, step) == AVS_STEP_STATUS_FAILED)
        return failures + 1;

      if (use_run_all && gtk_widget_is_sensitive (GTK_WIDGET (page)) &&
          avs_plan_step_get_kind (step) == AVS_STEP_KIND_AUTOMATIC &&
          gtk_widget_activate_action (GTK_WIDGET (page), "remove.run-all", NULL))
        ;
      else
        gtk_widget_activate (button);

      avs_test_ui_spin (50);
      dialog = avs_test_walk_find_dialog ();
      if (dialog != NULL)
        {
          /* The commands are behind "Show commands", under the plain summary. */
          GtkWidget *extra = adw_message_dialog_get_extra_child (dialog);
          GtkWidget *scroller = gtk_expander_get_child (GTK_EXPANDER (gtk_widget_get_last_child (extra)));
          GtkTextView *view = GTK_TEXT_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)));
          GtkTextIter start, end;
          g_autofree char *commands = NULL;

          gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (view), &start, &end);
          commands = gtk_text_buffer_get_text (gtk_text_view_get_buffer (view), &start, &end, FALSE);
          /* The confirmation lists the exact commands, scoped to the fixture root. */
          g_assert_cmpstr (commands, !=, "");
          /* A --root plan's package steps run the disk's own scripts as root here: the
           * confirmation names that risk and the disk. */
          if (step != NULL && avs_plan_runs_disk_scripts (avs_executor_get_plan (executor), step))
            {
              /* The words are labels above the commands (the summary, then this warning). */
              g_autoptr(GString) words = g_string_new (NULL);
              const char *body;

              for (GtkWidget *child = gtk_widget_get_first_child (extra); child != NULL;
                   child = gtk_widget_get_next_sibling (child))
                if (GTK_IS_LABEL (child))
                  g_string_append_printf (words, "%s\n", gtk_label_get_text (GTK_LABEL (child)));
              body = words->str;
              g_assert_nonnull (strstr (body, "run the removal scripts of the packages on the disk"));
              g_assert_nonnull (strstr (body, avs_fixture_get_root (flow->walk.fixture)));
              flow->disk_script_warnings++;
            }
          g_test_message ("confirming:\n%s", commands);
          adw_message_dialog_response (dialog, "run");
          gtk_window_destroy (GTK_WINDOW (dialog));
        }
      g_assert_true (avs_test_ui_wait_until (avs_test_walk_remove_is_settled, page, 120000));
      avs_test_ui_spin (50);

      step = executor != NULL ? avs_executor_get_next_step (executor) : NULL;
      if (step != NULL && avs_executor_get_status (executor, step) == AVS_STEP_STATUS_FAILED)
        return failures + 1;
    }
  return failures;
}

/* The text a person sees under @widget: the labels of visible widgets, one a line. */
static void
collect_visible_text (GtkWidget *widget,
                      GString   *text)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_visible_text (child, text);
}

/* The visible text of the visible preferences group titled @title under @widget; NULL if none. */
static char *
group_text (GtkWidget  *widget,
            const char *title)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (ADW_IS_PREFERENCES_GROUP (widget) &&
      g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), title) == 0)
    {
      GString *text = g_string_new (NULL);

      collect_visible_text (widget, text);
      return g_string_free (text, FALSE);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      char *found = group_text (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_widget_of_type (GtkWidget *widget,
                     GType      type)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The check button of the row titled @title (the row's label, as a person reads it). */
static GtkWidget *
find_row_check (GtkWidget  *widget,
                const char *title)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (ADW_IS_ACTION_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return find_widget_of_type (widget, GTK_TYPE_CHECK_BUTTON);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row_check (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *
dpkg_status (Flow *flow)
{
  g_autofree char *path = avs_fixture_path (flow->walk.fixture, "/var/lib/dpkg/status");
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* The flows that remove packages run dpkg --root on a fixture built with dpkg-deb. */
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

static void
test_flow_kaspersky_to_clean_body (void)
{
  Flow flow = { .walk = { .settle_ms = 50 }, .shot_prefix = "flow" };
  AvsSession *session;
  AvsChoosePage *choose;
  AvsScanResult *found;
  g_autofree char *status = NULL;

  if (!can_remove ())
    return;

  avs_test_walk_serve_catalog (&flow.walk);
  flow.walk.fixture = avs_fixture_new ("debian");
  avs_test_walk_add_kaspersky (flow.walk.fixture, AVS_TEST_KASPERSKY_SETUP | AVS_TEST_KASPERSKY_GUI);
  avs_test_walk_start_app (&flow.walk, 800, 860);
  session = avs_window_get_session (flow.walk.window);
  g_assert_cmpstr (avs_session_get_root (session), ==, avs_fixture_get_root (flow.walk.fixture));

  /* 1. Welcome */
  g_assert_true (avs_test_walk_shows_page (&flow.walk, "welcome"));
  assert_page_header_and_focus (&flow, "welcome");
  g_assert_cmpstr (avs_page_get_next_label (visible (&flow)), ==, "_Start scan");
  shoot (&flow, "1-welcome");
  avs_test_walk_next (&flow.walk);

  /* 2. Scan, which goes on to 3. What we found by itself */
  g_assert_true (avs_test_walk_shows_page (&flow.walk, "scan") ||
                 avs_test_walk_shows_page (&flow.walk, "findings"));
  wait_for_page (&flow, "findings");
  found = avs_session_get_scan_result (session);
  g_assert_nonnull (found);
  g_assert_nonnull (avs_scan_result_find (found, "kesl"));
  g_assert_nonnull (avs_scan_result_find (found, "kesl-gui"));
  g_assert_false (avs_scan_result_is_clean (found));
  shoot (&flow, "3-findings");
  avs_test_walk_next (&flow.walk);

  /* 4. Why this matters, for the US */
  wait_for_page (&flow, "explain");
  /* The page works out the reader's region in a thread; the explanation follows. */
  g_assert_true (avs_test_ui_wait_until (avs_test_walk_has_explanation, visible (&flow), 20000));
  shoot (&flow, "4-explain");
  avs_test_walk_next (&flow.walk);

  /* 5. Choose: the catalog loads, refreshes from the loopback server, and a product is chosen */
  wait_for_page (&flow, "choose");
  choose = AVS_CHOOSE_PAGE (visible (&flow));
  g_assert_true (avs_test_ui_wait_until (avs_test_walk_choose_is_loaded, choose, 20000));
  g_assert_true (avs_test_ui_wait_until (refreshed_from_server, &flow, 20000));
  g_assert_false (avs_page_get_complete (AVS_PAGE (choose)));
  {
    /* One card first, recommended for this computer (KESL, not managed: a business product);
     * a click on its row chooses it, not only opens it. "Decide later" is a choice too. */
    AdwPreferencesGroup *card = NULL;
    AdwExpanderRow *row;
    g_autofree char *card_text = group_text (GTK_WIDGET (choose), "Recommended for this computer");
    GtkWidget *later;

    g_assert_nonnull (avs_choose_page_get_recommended_id (choose));
    g_assert_nonnull (card_text);
    g_assert_nonnull (strstr (card_text, "business computer"));
    row = ADW_EXPANDER_ROW (find_widget_of_type (GTK_WIDGET (choose), ADW_TYPE_EXPANDER_ROW));
    card = ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (GTK_WIDGET (row), ADW_TYPE_PREFERENCES_GROUP));
    g_assert_cmpstr (adw_preferences_group_get_title (card), ==, "Recommended for this computer");
    adw_expander_row_set_expanded (row, TRUE);
    g_assert_true (avs_page_get_complete (AVS_PAGE (choose)));
    g_assert_cmpstr (avs_session_get_replacement_id (session), ==,
                     avs_choose_page_get_recommended_id (choose));
    shoot (&flow, "5-choose-recommended");
    adw_expander_row_set_expanded (row, FALSE);

    later = find_row_check (GTK_WIDGET (choose), "_Decide later");
    g_assert_nonnull (later);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (later), TRUE);
    g_assert_true (avs_page_get_complete (AVS_PAGE (choose)));
    g_assert_null (avs_session_get_replacement_id (session));
    g_assert_true (avs_session_get_it_installs (session));
  }
  g_assert_true (avs_choose_page_choose (choose, "clamui"));
  g_assert_false (avs_session_get_it_installs (session));
  g_assert_true (avs_page_get_complete (AVS_PAGE (choose)));
  g_assert_cmpstr (avs_session_get_replacement_id (session), ==, "clamui");
  shoot (&flow, "5-choose");
  avs_test_walk_next (&flow.walk);

  /* 6. Remove: every step confirmed and run for real inside the fixture root */
  wait_for_page (&flow, "remove");
  shoot (&flow, "6-remove");
  /* As a desktop user: a pkexec stand-in counts the password prompts of the whole removal. */
  {
    AvsExecutor *executor = avs_remove_page_get_executor (AVS_REMOVE_PAGE (visible (&flow)));
    AvsRunner *runner = avs_executor_get_runner (executor);
    g_autofree char *helper = g_build_filename (avs_fixture_get_base (flow.walk.fixture),
                                                "counting-pkexec", NULL);
    g_autofree char *count = g_strdup_printf ("%s.count", helper);
    g_autofree char *script = g_strdup_printf ("#!/bin/sh\necho run >> '%s'\nexec \"$@\"\n", count);
    g_autofree char *prompts = NULL;

    g_assert_true (g_file_set_contents (helper, script, -1, NULL));
    g_assert_cmpint (chmod (helper, 0755), ==, 0);
    avs_runner_set_is_root (runner, FALSE);
    avs_runner_set_privilege_helper (runner, helper);
    g_assert_cmpuint (work_through (&flow, AVS_REMOVE_PAGE (visible (&flow)), TRUE), ==, 0);
    g_assert_true (g_file_get_contents (count, &prompts, NULL, NULL));
    g_assert_cmpstr (prompts, ==, "run\n");
  }
  g_assert_true (avs_page_get_complete (visible (&flow)));
  g_assert_cmpuint (flow.disk_script_warnings, >, 0);
  status = dpkg_status (&flow);
  /* The packages are really gone from the fixture's dpkg database. */
  g_assert_null (strstr (status, "Package: kesl-gui\nStatus: install ok installed"));
  g_assert_null (strstr (status, "Package: kesl\nStatus: install ok installed"));
  shoot (&flow, "6-remove-done");
  avs_test_walk_next (&flow.walk);

  /* 7. Install: a disk scanned with --root is not running, so the step is a manual one */
  wait_for_page (&flow, "install");
  shoot (&flow, "7-install");
  g_assert_cmpuint (work_through (&flow, AVS_REMOVE_PAGE (visible (&flow)), FALSE), ==, 0);
  g_assert_true (avs_page_get_complete (visible (&flow)));
  avs_test_walk_next (&flow.walk);

  /* 8. Done: a fresh scan proves the machine is clean */
  wait_for_page (&flow, "done");
  g_assert_true (avs_test_ui_wait_until (avs_test_walk_done_is_settled, visible (&flow), 60000));
  g_assert_true (avs_scan_result_is_clean (avs_session_get_scan_result (session)));
  g_assert_false (avs_scan_result_is_clean (avs_session_get_first_scan_result (session)));
  {
    /* ClamUI was only marked as installed (a disk that is not running): the page never calls
     * it the protection, and lists it as still to do; the removal itself is proven. */
    AvsPage *done = visible (&flow);
    g_autofree char *protection = group_text (GTK_WIDGET (done), "Protection");
    g_autofree char *todo = group_text (GTK_WIDGET (done), "Still to do");
    g_autofree char *backup = group_text (GTK_WIDGET (done), "Backup");
    g_autoptr(GString) all = g_string_new (NULL);

    collect_visible_text (GTK_WIDGET (done), all);
    g_test_message ("done page:\n%s", all->str);
    g_assert_cmpint (avs_done_page_get_replacement_state (AVS_DONE_PAGE (done)), ==,
                     AVS_REPLACEMENT_STATE_UNCHECKED);
    g_assert_true (protection == NULL || strstr (protection, "ClamUI") == NULL);
    g_assert_nonnull (todo);
    g_assert_nonnull (strstr (todo, "ClamUI"));
    g_assert_nonnull (strstr (all->str, "Kaspersky has been removed"));
    /* The backup step ran for real: the page says where the archive is. */
    g_assert_nonnull (backup);
    g_assert_nonnull (strstr (backup, "/var/lib/avswitch/backup/"));
  }
  shoot (&flow, "8-done");

  avs_test_walk_stop (&flow.walk);
}

static void
test_flow_clean_machine_body (void)
{
  Flow flow = { .walk = { .settle_ms = 50 }, .shot_prefix = "clean" };
  AvsPage *findings;

  avs_test_walk_serve_catalog (&flow.walk);
  flow.walk.fixture = avs_fixture_new ("debian");
  avs_test_walk_start_app (&flow.walk, 800, 860);

  avs_test_walk_next (&flow.walk);
  wait_for_page (&flow, "findings");
  findings = visible (&flow);
  /* A clean machine is a happy end: no Next, "Scan again" and "Export report" instead. */
  g_assert_true (avs_scan_result_is_clean (avs_session_get_scan_result (avs_window_get_session (flow.walk.window))));
  g_assert_false (avs_page_get_show_next (findings));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (flow.walk.window), "win.next", NULL) &&
                  visible (&flow) != findings);
  shoot (&flow, "3-findings");

  /* A scan that cannot run (an unreadable rules file) says so on the scan page, with Try again;
   * nothing is lost. */
  {
    AvsSession *session = avs_window_get_session (flow.walk.window);
    g_autofree char *bad_rules = avs_fixture_path (flow.walk.fixture, "/bad-rules.json");
    AvsPage *scan;

    g_assert_true (g_file_set_contents (bad_rules, "{ \"schema\": ", -1, NULL));
    avs_session_set_rules_path (session, bad_rules);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (flow.walk.window), "win.scan", "b", FALSE));
    wait_for_page (&flow, "scan");
    scan = visible (&flow);
    avs_test_ui_spin (300);
    g_assert_false (avs_scan_page_get_busy (AVS_SCAN_PAGE (scan)));
    g_assert_false (avs_page_get_complete (scan));
    g_assert_true (avs_page_get_can_go_back (scan));
    g_assert_true (avs_scan_result_is_clean (avs_session_get_scan_result (session)));
    shoot (&flow, "2-scan-failed");

    /* Scan again, with the bundled rules, comes back to the same answer. */
    avs_session_set_rules_path (session, NULL);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (scan), "scan.retry", NULL));
    wait_for_page (&flow, "findings");
    g_assert_true (avs_scan_result_is_clean (avs_session_get_scan_result (session)));
  }

  avs_test_walk_stop (&flow.walk);
}

static void
test_flow_failing_step_body (void)
{
  Flow flow = { .walk = { .settle_ms = 50 }, .shot_prefix = "failing" };
  AvsChoosePage *choose;
  AvsRemovePage *remove;
  AvsExecutor *executor;
  AvsPlanStep *step;
  g_autofree char *status = NULL;

  if (!can_remove ())
    return;

  avs_test_walk_serve_catalog (&flow.walk);
  flow.walk.fixture = avs_fixture_new ("debian");
  avs_test_walk_add_kaspersky (flow.walk.fixture, AVS_TEST_KASPERSKY_SETUP | AVS_TEST_KASPERSKY_GUI_REFUSE);
  avs_test_walk_start_app (&flow.walk, 800, 860);

  avs_test_walk_next (&flow.walk);
  wait_for_page (&flow, "findings");
  avs_test_walk_next (&flow.walk);
  wait_for_page (&flow, "explain");
  avs_test_walk_next (&flow.walk);
  wait_for_page (&flow, "choose");
  choose = AVS_CHOOSE_PAGE (visible (&flow));
  g_assert_true (avs_test_ui_wait_until (avs_test_walk_choose_is_loaded, choose, 20000));
  g_assert_true (avs_choose_page_choose (choose, "clamav"));
  avs_test_walk_next (&flow.walk);

  wait_for_page (&flow, "remove");
  remove = AVS_REMOVE_PAGE (visible (&flow));
  g_assert_cmpuint (work_through (&flow, remove, FALSE), ==, 1);

  /* The run stopped at the package that refused; nothing after it ran. */
  executor = avs_remove_page_get_executor (remove);
  step = avs_executor_get_next_step (executor);
  g_assert_cmpint (avs_executor_get_status (executor, step), ==, AVS_STEP_STATUS_FAILED);
  g_assert_cmpstr (avs_plan_step_get_id (step), ==, "remove-kesl-gui");
  g_assert_false (avs_page_get_complete (AVS_PAGE (remove)));
  status = dpkg_status (&flow);
  g_assert_nonnull (strstr (status, "Package: kesl\nStatus: install ok installed"));
  shoot (&flow, "6-remove-failed");

  avs_test_walk_stop (&flow.walk);
}

static void
test_flow_resume_body (void)
{
  Flow flow = { .walk = { .settle_ms = 50 }, .shot_prefix = "resume" };
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsScanner) scanner = NULL;
  g_autoptr(AvsScanResult) scan = NULL;
  g_autoptr(AvsPlan) plan = NULL;
  g_autoptr(AvsRunner) runner = NULL;
  g_autoptr(AvsExecutor) before = NULL;
  AvsPlanOptions options = { 0 };
  AvsExecutor *resumed;
  AvsRemovePage *remove;

  if (!can_remove ())
    return;

  avs_test_walk_serve_catalog (&flow.walk);
  flow.walk.fixture = avs_fixture_new ("debian");
  avs_test_walk_add_kaspersky (flow.walk.fixture, AVS_TEST_KASPERSKY_SETUP | AVS_TEST_KASPERSKY_GUI);

  /* A removal ran its first step, then the computer restarted: only the saved state is left. */
  scanner = avs_scanner_new_for_root (avs_fixture_get_root (flow.walk.fixture), NULL, &error);
  g_assert_no_error (error);
  scan = avs_scanner_scan_sync (scanner, NULL, &error);
  g_assert_no_error (error);
  plan = avs_plan_new (scan, &options, &error);
  g_assert_no_error (error);
  runner = avs_runner_new ();
  before = avs_executor_new (plan, runner);
  avs_executor_confirm_step (before, avs_executor_get_next_step (before));
  g_assert_true (avs_executor_run_step_sync (before, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&before);

  /* The wizard opens on the removal, where it stopped. */
  avs_test_walk_start_app (&flow.walk, 800, 860);
  wait_for_page (&flow, "remove");
  remove = AVS_REMOVE_PAGE (visible (&flow));
  resumed = avs_remove_page_get_executor (remove);
  g_assert_nonnull (resumed);
  /* Planned again from a new scan: the package already removed is no longer a step. */
  g_assert_null (avs_plan_find_step (avs_executor_get_plan (resumed), "remove-kesl-gui"));
  g_assert_cmpstr (avs_plan_step_get_id (avs_executor_get_next_step (resumed)), ==, "remove-kesl");
  shoot (&flow, "6-remove-resumed");

  g_assert_cmpuint (work_through (&flow, remove, TRUE), ==, 0);
  g_assert_true (avs_page_get_complete (AVS_PAGE (remove)));

  avs_test_walk_stop (&flow.walk);
}

/* Each flow runs in a process of its own: one application per process, as in real life. */
/* The parent checks what the child needs, so that a missing tool is reported as a skip: a child
 * that skips exits 77, which g_test_trap_assert_passed() would count as a failure. */
#define FLOW_TEST(name, needs_removal)                                                   \
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

FLOW_TEST (test_flow_kaspersky_to_clean, TRUE)
FLOW_TEST (test_flow_clean_machine, FALSE)
FLOW_TEST (test_flow_failing_step, TRUE)
FLOW_TEST (test_flow_resume, TRUE)

int
main (int    argc,
      char **argv)
{
  avs_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/flow/kaspersky-to-clean", test_flow_kaspersky_to_clean);
  g_test_add_func ("/ui/flow/clean-machine", test_flow_clean_machine);
  g_test_add_func ("/ui/flow/failing-step", test_flow_failing_step);
  g_test_add_func ("/ui/flow/resume", test_flow_resume);

  return g_test_run ();
}
