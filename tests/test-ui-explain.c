/* test-ui-explain.c — the "Why this matters" page: what it shows for a US and a German reader,
 * the region choice, and how it looks (light, dark, 360 px, right-to-left)
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "avs-explain-page.h"
#include "avs-test-ui.h"
#include "avs-text.h"
#include "avs-window.h"

typedef struct
{
  AvsWindow      *window;
  AvsExplainPage *page;
  AvsSession     *session;
  const char     *want_region;
} Fixture;

static gboolean
page_shows_region (gpointer data)
{
  Fixture *fixture = data;
  const AvsExplanation *explanation = avs_explain_page_get_explanation (fixture->page);

  return explanation != NULL &&
         g_strcmp0 (explanation->region->code, fixture->want_region) == 0 &&
         gtk_widget_get_mapped (GTK_WIDGET (fixture->page));
}

static void
fixture_show (Fixture    *fixture,
              const char *region)
{
  fixture->want_region = region;
  avs_explain_page_set_region (fixture->page, region);
  g_assert_true (avs_test_ui_wait_until (page_shows_region, fixture, 5000));
  avs_test_ui_spin (300);
}

static AvsScanResult *
make_scan (void)
{
  AvsScanResult *scan = avs_scan_result_new ("/");
  g_autoptr(AvsFinding) kesl = avs_finding_new (AVS_PRODUCT_KESL, "Kaspersky Endpoint Security for Linux");
  g_autoptr(AvsFinding) extension = avs_finding_new (AVS_PRODUCT_PROTECTION_EXTENSION,
                                                     "Kaspersky Protection browser extension");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) updated = g_date_time_add_days (now, -790);

  avs_finding_set_version (kesl, "11.3.0.7441");
  avs_finding_set_state (kesl, AVS_INSTALL_STATE_INSTALLED);
  avs_finding_set_running (kesl, TRUE);
  avs_finding_set_signatures_updated (kesl, updated);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", "dpkg");
  avs_finding_set_state (extension, AVS_INSTALL_STATE_FILES_ONLY);
  avs_finding_add_evidence (extension, AVS_EVIDENCE_BROWSER_EXTENSION,
                            "ahkjpbeeocnddjkakilopmfdlnjdpcdm", "/home/alice/.config/google-chrome/Default");
  avs_scan_result_add_finding (scan, kesl);
  avs_scan_result_add_finding (scan, extension);
  return scan;
}

static void
fixture_init (Fixture *fixture,
              int      width)
{
  g_autoptr(AvsScanResult) scan = make_scan ();

  fixture->session = avs_session_new ();
  fixture->window = avs_window_new (NULL, fixture->session);
  fixture->page = AVS_EXPLAIN_PAGE (avs_explain_page_new ());
  avs_window_add_page (fixture->window, AVS_PAGE (fixture->page), "explain");
  avs_window_show_page (fixture->window, "explain");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, 720);
  /* The scan reaches the page through the session, as in the wizard. */
  avs_session_set_scan_result (fixture->session, scan);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_clear (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->session);
  avs_test_ui_spin (100);
}

/* Every label text and row title/subtitle under @widget, folded into one string. */
static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, out);
}

static char *
page_text (Fixture *fixture)
{
  GString *out = g_string_new (NULL);

  collect_text (GTK_WIDGET (fixture->page), out);
  return g_string_free (out, FALSE);
}

static void
assert_shows (const char *text,
              const char *needle)
{
  /* The isolates around names and versions (avs_text_isolate) are not seen. */
  g_autofree char *plain = avs_text_drop_isolates (text);

  if (strstr (plain, needle) == NULL)
    g_error ("the page does not show “%s”; it shows:\n%s", needle, text);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type,
             const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (name == NULL || g_strcmp0 (gtk_widget_get_name (widget), name) == 0))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The scrolled content (inside the viewport), so that coordinates do not depend on the scroll. */
static GtkWidget *
content_of (GtkScrolledWindow *scrolled)
{
  GtkWidget *child = gtk_scrolled_window_get_child (scrolled);

  if (GTK_IS_VIEWPORT (child))
    child = gtk_viewport_get_child (GTK_VIEWPORT (child));
  return child;
}

static GtkWidget *
find_expander (GtkWidget  *widget,
               const char *title)
{
  if (ADW_IS_EXPANDER_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_expander (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_rows (GtkWidget *widget)
{
  /* The page names each row it builds (an expander's own header row is not one of them). */
  guint n = ADW_IS_ACTION_ROW (widget) && !ADW_IS_COMBO_ROW (widget) &&
            gtk_widget_get_visible (widget) &&
            g_strcmp0 (gtk_widget_get_name (widget), G_OBJECT_TYPE_NAME (widget)) != 0 ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_rows (child);
  return n;
}

static void
test_explain_us_reader (void)
{
  Fixture fixture = { 0 };
  g_autofree char *text = NULL;
  const AvsExplanation *explanation;
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWidget *source_row;
  guint expected_rows;

  fixture_init (&fixture, 760);
  fixture_show (&fixture, "US");
  explanation = avs_explain_page_get_explanation (fixture.page);

  text = page_text (&fixture);
  /* The reader first: the country, the summary, this computer, what it means; the timeline and
   * the sources collapsed below. */
  assert_shows (text, "Why this matters");
  assert_shows (text, "Kaspersky antivirus software is banned in the United States.");
  assert_shows (text, "Since 29 September 2024, 00:00 EDT (04:00 UTC), Kaspersky may no longer provide");
  assert_shows (text, "will not face legal penalties under the Final Determination");
  assert_shows (text, "Kaspersky Endpoint Security for Linux 11.3.0.7441 is installed on this computer.");
  assert_shows (text, "790 days ago");
  assert_shows (text, "Your browser also still trusts a Kaspersky component: Kaspersky Protection browser extension.");
  assert_shows (text, "From the scan of this computer");
  assert_shows (text, "Chosen: United States");
  assert_shows (text, "29 September 2024, 00:00 EDT (04:00 UTC) · United States (your country) · Past");
  assert_shows (text, "https://www.bis.gov/press-release/commerce-department-prohibits-russian-kaspersky-software-us-customers");

  /* In that order, from the top; the details wait collapsed. */
  {
    GtkWidget *scrolled = find_widget (GTK_WIDGET (fixture.page), GTK_TYPE_SCROLLED_WINDOW, NULL);
    GtkWidget *content = content_of (GTK_SCROLLED_WINDOW (scrolled));
    GtkWidget *order[] = {
      find_widget (GTK_WIDGET (fixture.page), ADW_TYPE_COMBO_ROW, NULL),
      find_widget (GTK_WIDGET (fixture.page), GTK_TYPE_LABEL, "summary-us"),
      find_widget (GTK_WIDGET (fixture.page), ADW_TYPE_ACTION_ROW, "machine-product"),
      find_widget (GTK_WIDGET (fixture.page), ADW_TYPE_ACTION_ROW, "us-legal"),
      find_expander (GTK_WIDGET (fixture.page), "Timeline"),
      find_expander (GTK_WIDGET (fixture.page), "Sources"),
    };
    double last = -1;

    for (guint i = 0; i < G_N_ELEMENTS (order); i++)
      {
        graphene_point_t point;

        g_assert_nonnull (order[i]);
        g_assert_true (gtk_widget_compute_point (order[i], content,
                                                 &GRAPHENE_POINT_INIT (0, 0), &point));
        g_assert_cmpfloat (point.y, >, last);
        last = point.y;
      }
    g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (order[4])));
    g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (order[5])));
    /* The country and the summary are seen without scrolling. */
    {
      graphene_point_t point;

      g_assert_true (gtk_widget_compute_point (order[1], GTK_WIDGET (fixture.window),
                                               &GRAPHENE_POINT_INIT (0, 0), &point));
      g_assert_cmpfloat (point.y, <, gtk_widget_get_height (GTK_WIDGET (fixture.window)));
    }
  }

  /* The summary's source numbers link to the sources. */
  {
    GtkWidget *summary = find_widget (GTK_WIDGET (fixture.page), GTK_TYPE_LABEL, "summary-us");

    g_assert_nonnull (summary);
    g_assert_true (gtk_label_get_use_markup (GTK_LABEL (summary)));
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (summary)),
                              "<a href=\"https://www.bis.gov/press-release/"));
  }

  /* One row per event, statement and source; nothing more, nothing less. */
  expected_rows = explanation->timeline->len + explanation->for_you->len +
                  explanation->machine->len + explanation->sources->len;
  g_assert_cmpuint (count_rows (GTK_WIDGET (fixture.page)), ==, expected_rows);

  /* A source opens in the browser: activatable, with its address as tooltip. */
  source_row = find_widget (GTK_WIDGET (fixture.page), ADW_TYPE_ACTION_ROW, "PR");
  g_assert_nonnull (source_row);
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (source_row)));
  g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (source_row), "https://www.bis.gov/"));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  avs_test_ui_spin (400);
  g_free (avs_test_ui_screenshot (GTK_WIDGET (fixture.window), "explain-us-light"));

  /* Further down: what it means, and the sources. */
  {
    GtkWidget *row = find_widget (GTK_WIDGET (fixture.page), ADW_TYPE_ACTION_ROW, "us-legal");
    GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (find_widget (GTK_WIDGET (fixture.page),
                                                                    GTK_TYPE_SCROLLED_WINDOW, NULL));
    graphene_point_t point;

    g_assert_nonnull (row);
    g_assert_true (gtk_widget_compute_point (row, content_of (scrolled),
                                             &GRAPHENE_POINT_INIT (0, 0), &point));
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scrolled), point.y - 120);
    avs_test_ui_spin (300);
    g_free (avs_test_ui_screenshot (GTK_WIDGET (fixture.window), "explain-us-for-you"));
  }

  /* The end: this computer and the sources. */
  {
    GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (find_widget (GTK_WIDGET (fixture.page),
                                                                    GTK_TYPE_SCROLLED_WINDOW, NULL));
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
    GtkWidget *group = find_widget (GTK_WIDGET (fixture.page), ADW_TYPE_ACTION_ROW, "machine-product");
    graphene_point_t point;

    g_assert_true (gtk_widget_compute_point (group, content_of (scrolled),
                                             &GRAPHENE_POINT_INIT (0, 0), &point));
    gtk_adjustment_set_value (adjustment, point.y - 80);
    avs_test_ui_spin (300);
    g_free (avs_test_ui_screenshot (GTK_WIDGET (fixture.window), "explain-us-machine"));
  }

  /* The details, opened: the timeline and the sources. */
  {
    GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (find_widget (GTK_WIDGET (fixture.page),
                                                                    GTK_TYPE_SCROLLED_WINDOW, NULL));
    GtkWidget *timeline = find_expander (GTK_WIDGET (fixture.page), "Timeline");
    GtkWidget *sources = find_expander (GTK_WIDGET (fixture.page), "Sources");
    graphene_point_t point;

    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (timeline), TRUE);
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (sources), TRUE);
    avs_test_ui_spin (500);
    g_assert_true (gtk_widget_get_mapped (source_row));
    g_assert_true (gtk_widget_compute_point (timeline, content_of (scrolled),
                                             &GRAPHENE_POINT_INIT (0, 0), &point));
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scrolled), point.y - 80);
    avs_test_ui_spin (300);
    g_free (avs_test_ui_screenshot (GTK_WIDGET (fixture.window), "explain-us-details"));
  }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  fixture_clear (&fixture);
}

static void
test_explain_german_reader_dark (void)
{
  Fixture fixture = { 0 };
  g_autofree char *text = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();

  fixture_init (&fixture, 760);
  fixture_show (&fixture, "DE");

  text = page_text (&fixture);
  assert_shows (text, "Elsewhere the ban does not stop Kaspersky's updates.");
  assert_shows (text, "If you are a US person — for people, a US citizen or a permanent resident of the United States — the ban covers you abroad too");
  assert_shows (text, "In Germany, the Federal Office for Information Security (BSI) officially warned on 15 March 2022");
  assert_shows (text, "15 March 2022 · Germany (your country) · Past");
  assert_shows (text, "Kaspersky Endpoint Security for Linux 11.3.0.7441 is installed on this computer.");
  assert_shows (text, "790 days ago");
  assert_shows (text, "https://www.nbs-partners.de/");
  g_assert_null (strstr (text, "will not face legal penalties"));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  avs_test_ui_spin (400);
  g_assert_true (adw_style_manager_get_dark (style));
  g_free (avs_test_ui_screenshot (GTK_WIDGET (fixture.window), "explain-de-dark"));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  avs_test_ui_spin (200);

  fixture_clear (&fixture);
}

static void
test_explain_region_choice (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  AdwComboRow *combo;

  g_settings_set_string (settings, "region", "");
  fixture_init (&fixture, 760);
  fixture_show (&fixture, "IT");
  combo = ADW_COMBO_ROW (find_widget (GTK_WIDGET (fixture.page), ADW_TYPE_COMBO_ROW, NULL));
  g_assert_nonnull (combo);
  /* A code set through the API shows in the row but is not saved. */
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (combo)), ==, "Italy");
  g_assert_cmpstr (g_settings_get_string (settings, "region"), ==, "");

  /* The user's choice is saved, for the window and for `avswitch explain`, and shared. */
  for (guint i = 0; i < g_list_model_get_n_items (adw_combo_row_get_model (combo)); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (adw_combo_row_get_model (combo), i);

      if (g_str_equal (gtk_string_object_get_string (item), "United Kingdom"))
        adw_combo_row_set_selected (combo, i);
    }
  fixture.want_region = "GB";
  g_assert_true (avs_test_ui_wait_until (page_shows_region, &fixture, 5000));
  {
    g_autofree char *saved = g_settings_get_string (settings, "region");
    g_autofree char *text = page_text (&fixture);

    g_assert_cmpstr (saved, ==, "GB");
    g_assert_cmpstr (avs_session_get_region (fixture.session), ==, "GB");
    assert_shows (text, "In the United Kingdom, the National Cyber Security Centre warned");
  }

  /* "Detect automatically" goes back to detection and clears the setting. */
  adw_combo_row_set_selected (combo, 0);
  avs_test_ui_spin (300);
  {
    g_autofree char *saved = g_settings_get_string (settings, "region");
    const AvsExplanation *explanation = avs_explain_page_get_explanation (fixture.page);

    g_assert_cmpstr (saved, ==, "");
    g_assert_cmpint (explanation->region->source, !=, AVS_REGION_SOURCE_OVERRIDE);
  }

  fixture_clear (&fixture);
}

static void
test_explain_narrow (void)
{
  Fixture fixture = { 0 };
  int minimum, natural;

  fixture_init (&fixture, 360);
  fixture_show (&fixture, "US");

  /* Nothing on the page needs more than 360 pixels. */
  gtk_widget_measure (GTK_WIDGET (fixture.page), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, &natural, NULL, NULL);
  g_test_message ("minimum width %d", minimum);
  g_assert_cmpint (minimum, <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture.window)), <=, 360);

  g_free (avs_test_ui_screenshot (GTK_WIDGET (fixture.window), "explain-us-narrow"));
  fixture_clear (&fixture);
}

static void
test_explain_rtl (void)
{
  Fixture fixture = { 0 };
  GtkWidget *row;

  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  fixture_init (&fixture, 760);
  fixture_show (&fixture, "DE");

  row = find_widget (GTK_WIDGET (fixture.page), ADW_TYPE_ACTION_ROW, "germany-bsi");
  g_assert_nonnull (row);
  g_assert_cmpint (gtk_widget_get_direction (row), ==, GTK_TEXT_DIR_RTL);
  g_free (avs_test_ui_screenshot (GTK_WIDGET (fixture.window), "explain-de-rtl"));

  fixture_clear (&fixture);
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
}

int
main (int    argc,
      char **argv)
{
  avs_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/explain/us-reader", test_explain_us_reader);
  g_test_add_func ("/ui/explain/german-reader-dark", test_explain_german_reader_dark);
  g_test_add_func ("/ui/explain/region-choice", test_explain_region_choice);
  g_test_add_func ("/ui/explain/narrow", test_explain_narrow);
  g_test_add_func ("/ui/explain/rtl", test_explain_rtl);

  return g_test_run ();
}
