/* test-ui-screens.c — every page in German and Arabic, at the default size and 360 px wide: no text cut
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * German and Arabic have the longest strings of the shipped languages. For each of them this
 * program starts the real window with the build's own compiled translations (the build tree's
 * po/ folder, named in AVS_TEST_LOCALEDIR: this program, a test that is never installed, binds
 * the domain to it itself, as test-ui-pseudo does; the shipped avswitch and avswitch-gtk only
 * ever read LOCALEDIR), on a fixture root with Kaspersky's packages, and walks welcome,
 * findings, the scan page (its failed state, which stays on screen), explain (expanders
 * opened), choose, remove (steps opened, then the confirmation before a step runs), done, the
 * keyboard shortcuts and the Language dialog (avs_test_walk_tour). Each page is looked at with the window at its default size (760 × 640)
 * and at 360 px wide (its narrowest), and on each:
 *
 * - the window really has that width (nothing inside asks for more);
 * - no label on screen (mapped, with text) is ellipsized (pango_layout_is_ellipsized);
 * - no label is allocated less than its minimum width or height (gtk_widget_measure), and its
 *   text (the layout's logical extents) fits in the label's allocation;
 * - no label reaches outside the window's width;
 * - every character of a label has a glyph in the fonts of this machine (Arabic needs a font
 *   with Arabic letters, the Language dialog one with Chinese: build-aux/dev installs
 *   fonts-dejavu-core and fonts-wqy-microhei);
 * - no two labels of the same parent overlap, nor a label and another child of the same box
 *   (bounds from gtk_widget_compute_bounds, relative to the window);
 * - in Arabic the widgets are right to left (GTK's own translation says so), in German left to
 *   right.
 *
 * Labels that are ellipsized by design are listed in is_ellipsized_by_design() below, each with
 * its reason; one today: the choice shown inside an AdwComboRow (the explain page's country),
 * which libadwaita shortens when the row is narrow, while the row's subtitle repeats the whole
 * choice ("Selected: United States") on a line of its own.
 *
 * With AVS_SCREENSHOT_DIR set, each page is saved as LANG-WIDTH-PAGE.png (and
 * LANG-WIDTH-PAGE-2.png … for the parts of a long page further down its scrolled window), for a
 * person to look at.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "avs-test-ui.h"
#include "avs-test-walk.h"

/* The window's default size (src/ui/avs-window.ui) and its narrowest (its width-request). */
#define DEFAULT_WIDTH  760
#define DEFAULT_HEIGHT 640
#define NARROW_WIDTH   360

typedef struct
{
  const char     *language;
  AvsTestWalk     walk;
  /* what was wrong, one line each: "LANG WIDTH PAGE: what" */
  GPtrArray      *problems;
  guint           n_labels;
  guint           n_pairs;
  guint           n_shots;
} Screens;

/* Checks ------------------------------------------------------------------------------------- */

static void G_GNUC_PRINTF (4, 5)
problem (Screens    *s,
         const char *where,
         GtkWidget  *label,
         const char *format,
         ...)
{
  g_autofree char *what = NULL;
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  text = g_strdelimit (g_strdup (label != NULL ? gtk_label_get_text (GTK_LABEL (label)) : ""), "\n\t", ' ');
  if (g_utf8_strlen (text, -1) > 60)
    {
      char *cut = g_utf8_offset_to_pointer (text, 60);
      *cut = '\0';
    }
  g_ptr_array_add (s->problems, g_strdup_printf ("%s %s: %s: “%s”", s->language, where, what, text));
}

/* The labels that may be shortened with "…", each with its reason. Keep it short. */
static gboolean
is_ellipsized_by_design (GtkWidget *label)
{
  GtkWidget *row = gtk_widget_get_ancestor (label, ADW_TYPE_COMBO_ROW);

  /* AdwComboRow's own label of the current choice (not the row's title or subtitle, which
   * wrap): libadwaita ellipsizes it, and our combo rows repeat the choice in their subtitle. */
  if (row != NULL && !gtk_widget_has_css_class (label, "title") &&
      !gtk_widget_has_css_class (label, "subtitle") &&
      adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) != NULL &&
      adw_action_row_get_subtitle (ADW_ACTION_ROW (row))[0] != '\0')
    return TRUE;
  return FALSE;
}

static gboolean
label_is_shown (GtkWidget *widget)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         gtk_label_get_text (GTK_LABEL (widget))[0] != '\0' &&
         gtk_widget_get_width (widget) > 0 && gtk_widget_get_height (widget) > 0;
}

static void
check_label (Screens    *s,
             const char *where,
             GtkWidget  *window,
             GtkWidget  *label)
{
  PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (label));
  PangoRectangle logical;
  graphene_rect_t bounds;
  int width = gtk_widget_get_width (label);
  int height = gtk_widget_get_height (label);
  int min_width, min_height, margins_x, margins_y, full_width, full_height;

  s->n_labels++;
  /* Boxes instead of letters: no font on this machine has the script (see the top). */
  if (pango_layout_get_unknown_glyphs_count (layout) > 0)
    problem (s, where, label, "%d characters no font here can show",
             pango_layout_get_unknown_glyphs_count (layout));
  if (pango_layout_is_ellipsized (layout) && !is_ellipsized_by_design (label))
    problem (s, where, label, "ellipsized");

  /* gtk_widget_measure counts the margins and the CSS box, gtk_widget_get_width neither:
   * compare the border box (the bounds) plus the margins with what it asks for. */
  g_assert_true (gtk_widget_compute_bounds (label, window, &bounds));
  margins_x = gtk_widget_get_margin_start (label) + gtk_widget_get_margin_end (label);
  margins_y = gtk_widget_get_margin_top (label) + gtk_widget_get_margin_bottom (label);
  full_width = (int) (bounds.size.width + 0.5) + margins_x;
  full_height = (int) (bounds.size.height + 0.5) + margins_y;
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, full_width, &min_height, NULL, NULL, NULL);
  if (full_width < min_width)
    problem (s, where, label, "%d px wide, needs at least %d", full_width, min_width);
  if (full_height < min_height)
    problem (s, where, label, "%d px high, needs at least %d at its width", full_height, min_height);

  /* The text itself fits (a word longer than a wrapped line sticks out of its label). */
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  if (logical.width > width + 1 && !is_ellipsized_by_design (label))
    problem (s, where, label, "text %d px wide in a label %d px wide", logical.width, width);
  if (logical.height > height + 1)
    problem (s, where, label, "text %d px high in a label %d px high", logical.height, height);

  if (bounds.origin.x < -1 || bounds.origin.x + bounds.size.width > gtk_widget_get_width (window) + 1)
    problem (s, where, label, "outside the window (x %.0f to %.0f of %d)", bounds.origin.x,
             bounds.origin.x + bounds.size.width, gtk_widget_get_width (window));
}

static gboolean
overlaps (GtkWidget *window,
          GtkWidget *a,
          GtkWidget *b)
{
  graphene_rect_t ra, rb, both;

  if (!gtk_widget_compute_bounds (a, window, &ra) || !gtk_widget_compute_bounds (b, window, &rb))
    return FALSE;
  /* A pixel of anti-aliasing or rounding is not an overlap. */
  return graphene_rect_intersection (&ra, &rb, &both) && both.size.width > 1 && both.size.height > 1;
}

/* Labels among their siblings: no two labels of a parent overlap, and in a box (where children
 * sit side by side, never on top of each other) no label overlaps any other child. */
static void
check_siblings (Screens    *s,
                const char *where,
                GtkWidget  *window,
                GtkWidget  *parent)
{
  gboolean in_box = GTK_IS_BOX (parent) || GTK_IS_GRID (parent) || GTK_IS_CENTER_BOX (parent);

  for (GtkWidget *a = gtk_widget_get_first_child (parent); a != NULL; a = gtk_widget_get_next_sibling (a))
    {
      if (!label_is_shown (a))
        continue;
      for (GtkWidget *b = gtk_widget_get_first_child (parent); b != NULL; b = gtk_widget_get_next_sibling (b))
        {
          if (b == a || !gtk_widget_get_mapped (b) || gtk_widget_get_width (b) == 0)
            continue;
          if (label_is_shown (b) ? b < a : !in_box)
            continue;
          s->n_pairs++;
          if (overlaps (window, a, b))
            problem (s, where, a, "overlaps its sibling %s%s%s", G_OBJECT_TYPE_NAME (b),
                     GTK_IS_LABEL (b) ? " " : "",
                     GTK_IS_LABEL (b) ? gtk_label_get_text (GTK_LABEL (b)) : "");
        }
    }
}

static void
check_tree (Screens    *s,
            const char *where,
            GtkWidget  *window,
            GtkWidget  *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (label_is_shown (widget))
    check_label (s, where, window, widget);
  check_siblings (s, where, window, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_tree (s, where, window, child);
}

/* The scrolled window that holds most of the page (the tallest one on screen). */
static GtkScrolledWindow *
find_scroller (GtkWidget *widget)
{
  GtkScrolledWindow *best = NULL;

  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (GTK_IS_SCROLLED_WINDOW (widget))
    return GTK_SCROLLED_WINDOW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found = find_scroller (child);

      if (found != NULL && (best == NULL || gtk_widget_get_height (GTK_WIDGET (found)) >
                                            gtk_widget_get_height (GTK_WIDGET (best))))
        best = found;
    }
  return best;
}

static void
screenshots (Screens    *s,
             const char *name,
             GtkWidget  *window)
{
  GtkScrolledWindow *scroller;
  GtkAdjustment *adjustment = NULL;
  double value = 0;

  if (g_getenv ("AVS_SCREENSHOT_DIR") == NULL)
    return;
  scroller = find_scroller (window);
  if (scroller != NULL)
    {
      adjustment = gtk_scrolled_window_get_vadjustment (scroller);
      gtk_adjustment_set_value (adjustment, 0);
      avs_test_ui_spin (100);
    }
  /* The page from the top down, a screenful at a time (at most twelve). */
  for (guint part = 1; part <= 12; part++)
    {
      g_autofree char *file = part == 1 ? g_strdup (name) : g_strdup_printf ("%s-%u", name, part);

      g_free (avs_test_ui_screenshot (window, file));
      s->n_shots++;
      if (adjustment == NULL ||
          value + gtk_adjustment_get_page_size (adjustment) >= gtk_adjustment_get_upper (adjustment) - 1)
        break;
      value += gtk_adjustment_get_page_size (adjustment) * 0.9;
      gtk_adjustment_set_value (adjustment, value);
      avs_test_ui_spin (150);
    }
  if (adjustment != NULL)
    {
      gtk_adjustment_set_value (adjustment, 0);
      avs_test_ui_spin (100);
    }
}

/* What the window's width lacks of its default width: its frame (the client-side decoration's
 * margin), measured once at the default size on the welcome page. */
static int frame = -1;

static gboolean
window_has_width (gpointer data)
{
  Screens *s = data;
  int want = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (s->walk.window), "want-width"));

  return frame < 0 || gtk_widget_get_width (GTK_WIDGET (s->walk.window)) == want - frame;
}

static void
resize (Screens *s,
        int      width)
{
  g_object_set_data (G_OBJECT (s->walk.window), "want-width", GINT_TO_POINTER (width));
  gtk_window_set_default_size (GTK_WINDOW (s->walk.window), width, DEFAULT_HEIGHT);
  avs_test_ui_spin (100);
  avs_test_ui_wait_until (window_has_width, s, 2000);
  avs_test_ui_spin (150);
  if (frame < 0)
    {
      frame = width - gtk_widget_get_width (GTK_WIDGET (s->walk.window));
      g_assert_cmpint (frame, >=, 0);
      g_assert_cmpint (frame, <, 100);
    }
}

/* Which widget makes the window wider than asked: the deepest one on screen that asks for
 * @width or more, named by its type, CSS classes and text. */
static gboolean
name_widest (Screens    *s,
             const char *where,
             GtkWidget  *widget,
             int         width)
{
  int min = 0;

  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  if (min < width)
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (name_widest (s, where, child, width))
      return TRUE;
  {
    g_auto(GStrv) classes = gtk_widget_get_css_classes (widget);
    g_autofree char *joined = g_strjoinv (".", classes);
    GtkWidget *label = widget;

    while (label != NULL && !GTK_IS_LABEL (label))
      label = gtk_widget_get_first_child (label);
    problem (s, where, label, "%s.%s asks for %d px", G_OBJECT_TYPE_NAME (widget), joined, min);
  }
  return TRUE;
}

/* Looks at what is on screen at both widths: @window is the main window or a dialog. */
static void
look (Screens    *s,
      const char *page,
      GtkWidget  *window)
{
  static const int widths[] = { DEFAULT_WIDTH, NARROW_WIDTH };

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autofree char *where = g_strdup_printf ("%d %s", widths[i], page);
      g_autofree char *name = g_strdup_printf ("%s-%d-%s", s->language, widths[i], page);
      GtkTextDirection direction = g_str_equal (s->language, "ar") ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR;

      resize (s, widths[i]);
      if (window == GTK_WIDGET (s->walk.window) && gtk_widget_get_width (window) != widths[i] - frame)
        {
          g_ptr_array_add (s->problems, g_strdup_printf ("%s %s: the window is %d px wide, not %d (something in it asks for more)",
                                                       s->language, where, gtk_widget_get_width (window) + frame, widths[i]));
          name_widest (s, where, window, widths[i] - frame - 32);
        }
      g_assert_cmpint (gtk_widget_get_direction (window), ==, direction);
      check_tree (s, where, window, window);
      screenshots (s, name, window);
    }
}

/* How many command rows (the "monospace" ones) @widget holds; each must read left to right. */
static guint
count_commands_left_to_right (GtkWidget *widget)
{
  guint n = 0;

  if (gtk_widget_has_css_class (widget, "monospace") && ADW_IS_ACTION_ROW (widget))
    {
      g_assert_cmpint (gtk_widget_get_direction (widget), ==, GTK_TEXT_DIR_LTR);
      n++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_commands_left_to_right (child);
  return n;
}

/* Each page of the tour, as avs_test_walk_tour shows it. */
static void
look_at (AvsTestWalk *walk,
         const char  *name,
         GtkWidget   *window,
         gpointer     data)
{
  look (data, name, window);
  /* Commands read left to right, as in a terminal, in Arabic too. */
  if (g_str_equal (name, "remove"))
    g_assert_cmpuint (count_commands_left_to_right (GTK_WIDGET (avs_window_get_visible_page (walk->window))),
                      >, 3);
}

static void
test_language_body (const char *language)
{
  /* Each page settles (its slide-in ends) before it is looked at. */
  Screens s = { .language = language, .walk = { .settle_ms = 400 } };
  AvsTestWalk *walk = &s.walk;

  if (!avs_fixture_require ("dpkg-deb"))
    return;

  /* The program's words really come from the build's translation, and GTK's own translation
   * turns the window around for Arabic. */
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, language);
  g_assert_cmpstr (_("_Next"), !=, "_Next");
  g_assert_cmpint (gtk_widget_get_default_direction (), ==,
                   g_str_equal (language, "ar") ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);

  s.problems = g_ptr_array_new_with_free_func (g_free);
  avs_test_walk_serve_catalog (walk);
  walk->fixture = avs_fixture_new ("debian");
  avs_test_walk_add_kaspersky (walk->fixture, AVS_TEST_KASPERSKY_KESL_ONLY);
  avs_test_walk_start_app (walk, 0, 0);
  avs_test_walk_tour (walk, look_at, &s);
  avs_test_walk_stop (walk);

  for (guint i = 0; i < s.problems->len; i++)
    g_printerr ("# %s\n", (char *) s.problems->pdata[i]);
  /* On stderr: the child's g_test_message() is not shown. */
  g_printerr ("# %s: %u labels checked, %u pairs of siblings, %u screenshots, %u problems\n",
              language, s.n_labels, s.n_pairs, s.n_shots, s.problems->len);
  /* The walk really looked at the pages (a test that reads nothing cannot fail). */
  g_assert_cmpuint (s.n_labels, >, 200);
  g_assert_cmpuint (s.n_pairs, >, 100);
  g_assert_cmpuint (s.problems->len, ==, 0);
  g_ptr_array_unref (s.problems);
}

/* Each language in a process of its own: GTK reads the direction once, from its translation
 * under the LANGUAGE it starts with. */
static void
test_language (gconstpointer data)
{
  const char *language = data;

  if (g_test_subprocess ())
    {
      test_language_body (language);
      return;
    }
  /* Here, not only in the child: a child that skips exits 77, which is not "passed". */
  if (!avs_fixture_require ("dpkg-deb"))
    return;
  g_setenv ("LANGUAGE", language, TRUE);
  g_test_trap_subprocess (NULL, AVS_TEST_WALK_CHILD_TIMEOUT,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("LANGUAGE");
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  const char *dir = g_getenv ("AVS_TEST_LOCALEDIR");

  /* Before GTK starts: it decides then whether anything gets translated. */
  if (dir != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, dir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  avs_test_ui_init (&argc, &argv);

  if (dir == NULL)
    {
      g_test_message ("AVS_TEST_LOCALEDIR names no folder of compiled translations");
      return g_test_run ();
    }
  g_test_add_data_func ("/ui/screens/de", "de", test_language);
  g_test_add_data_func ("/ui/screens/ar", "ar", test_language);

  return g_test_run ();
}
