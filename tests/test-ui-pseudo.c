/* test-ui-pseudo.c — every word the window shows goes through gettext; the window mirrors right to left
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by tests/test-pseudo-locale.sh, which makes a pseudo-translation of the template at test
 * time (xgettext, then translate-toolkit's podebug: every msgstr is its msgid behind the marker
 * "[xx]"), compiles it into a temporary folder and names that folder in
 * AVS_TEST_PSEUDO_LOCALEDIR. This program (a test, never installed) binds the domain to it
 * itself: the shipped avswitch and avswitch-gtk only ever read translations from LOCALEDIR.
 *
 * /ui/pseudo/walk drives the real window through welcome, scan (its failed state), findings,
 * explain (expanders opened), choose, remove (steps opened, the confirmation), done, the
 * keyboard shortcuts and the Language dialog on a fixture root
 * with Kaspersky's packages, and reads every label that is on screen. A text without the
 * marker escaped gettext, unless it is data (ALLOWED below: the machine's names and paths, the
 * catalog's and the rules' own texts, each language's own name). Escapes known today are
 * listed in tests/data/pseudo-locale-escapes.txt: a new one fails the test, and so does one
 * that no longer happens (remove it from the list), so the list only shrinks.
 *
 * /ui/rtl/header-mirrors starts the window right to left (as under LANGUAGE=ar) and checks that
 * Back and Next swap sides and that Back's arrow is the right-to-left icon.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <unistd.h>

#include "avs-language-option.h"
#include "avs-test-ui.h"
#include "avs-test-walk.h"

#define MARKER "[xx]"

typedef struct
{
  AvsTestWalk     walk;
  /* "page\ttext" of every text without the marker that is not data */
  GHashTable     *escapes;
  /* the catalog's and the rules' strings: data with translations of their own */
  GHashTable     *data_strings;
  /* labels read, and how many of them carried the marker */
  guint           n_read;
  guint           n_marked;
} Pseudo;

static void
add_json_strings (JsonNode   *node,
                  GHashTable *set)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        g_autoptr(GList) members = json_object_get_values (json_node_get_object (node));

        for (GList *l = members; l != NULL; l = l->next)
          add_json_strings (l->data, set);
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          add_json_strings (json_array_get_element (array, i), set);
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        g_hash_table_add (set, g_strstrip (g_strdup (json_node_get_string (node))));
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

static void
load_data_strings (Pseudo *pseudo)
{
  static const char * const resources[] = {
    "/io/github/avswitch/AvSwitch/core/catalog/alternatives.json",
    "/io/github/avswitch/AvSwitch/core/rules/kaspersky.json",
  };

  pseudo->data_strings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    {
      g_autoptr(GBytes) bytes = g_resources_lookup_data (resources[i], 0, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (bytes);
      g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                                 g_bytes_get_size (bytes), &error));
      g_assert_no_error (error);
      add_json_strings (json_parser_get_root (parser), pseudo->data_strings);
    }
}

/* Data, not the program's words: the allow-list. Keep it short, and say why for each. */
static gboolean
is_data (Pseudo     *pseudo,
         const char *text)
{
  static const char * const patterns[] = {
    /* no letters at all: numbers, sizes, punctuation */
    "^[^[:alpha:]]*$",
    /* paths and URLs from the machine, the catalog and the sources */
    "^(/|~/|[a-z]+://)\\S*$",
    /* the exact commands a step runs (an absolute program, then its arguments) */
    "^/usr/s?bin/[a-z-]+( .*)?$",
    /* the fixture's packages, versions, group and maintainer (the machine's names) */
    "^kesl(-gui)?( [0-9][0-9.\\-]*)?$",
    "^[0-9][0-9A-Za-z.+~:\\-]*$",
    "^kesladmin$",
    "^AO Kaspersky Lab <support@kaspersky.com>$",
    /* the product's own name, which is not translated */
    "^AV Switch$",
    /* the keyboard shortcuts window's title: GTK's word, in its own translation (gtk40) */
    "^Shortcuts$",
  };

  if (g_hash_table_contains (pseudo->data_strings, text))
    return TRUE;
  /* Each language is listed in its own name (the Language dialog). */
  if (g_str_equal (text, avs_language_option_native_name ("en")))
    return TRUE;
  for (const char * const *code = avs_language_option_shipped (); *code != NULL; code++)
    if (g_str_equal (text, avs_language_option_native_name (*code)))
      return TRUE;
  if (strstr (text, avs_fixture_get_root (pseudo->walk.fixture)) != NULL &&
      g_str_has_prefix (text, avs_fixture_get_root (pseudo->walk.fixture)))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    if (g_regex_match_simple (patterns[i], text, 0, 0))
      return TRUE;
  return FALSE;
}

/* Translated text starts with the marker: the first letter of the text is the marker's. A
 * sentence that begins with words of its own before a translated part ("Kaspersky: [xx]found")
 * was assembled outside gettext. */
static gboolean
starts_marked (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalpha (g_utf8_get_char (p)))
      return p > text && g_str_has_prefix (p - 1, MARKER);
  return FALSE;
}

static void
check_text (Pseudo     *pseudo,
            const char *page,
            const char *raw)
{
  g_autofree char *text = g_strstrip (g_strdup (raw != NULL ? raw : ""));

  if (text[0] == '\0')
    return;
  if (g_getenv ("AVS_TEST_PSEUDO_VERBOSE") != NULL)
    g_test_message ("%s: %s", page, text);
  pseudo->n_read++;
  pseudo->n_marked += starts_marked (text);
  if (!starts_marked (text) && !is_data (pseudo, text))
    {
      g_autoptr(GString) line = g_string_new (text);

      /* One line a text in the list; the fixture's folder changes every run. */
      g_string_replace (line, avs_fixture_get_root (pseudo->walk.fixture), "$ROOT", 0);
      g_string_replace (line, "\n", "\\n", 0);
      g_hash_table_add (pseudo->escapes, g_strdup_printf ("%s\t%s", page, line->str));
    }
}

/* The window's texts as a person sees them: labels that are on screen (mapped), tooltips,
 * and the window's own title. */
static void
collect (Pseudo     *pseudo,
         const char *page,
         GtkWidget  *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  /* Key names ("Ctrl", "F1") are GTK's words, in its own translation (gtk40). */
  if (GTK_IS_SHORTCUT_LABEL (widget))
    return;
  if (GTK_IS_WINDOW (widget))
    check_text (pseudo, page, gtk_window_get_title (GTK_WINDOW (widget)));
  if (GTK_IS_LABEL (widget))
    check_text (pseudo, page, gtk_label_get_text (GTK_LABEL (widget)));
  if (gtk_widget_get_has_tooltip (widget))
    check_text (pseudo, page, gtk_widget_get_tooltip_text (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (pseudo, page, child);
}

static GHashTable *
read_expected (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "pseudo-locale-escapes.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' && lines[i][0] != '#')
      g_hash_table_add (set, g_strdup (lines[i]));
  return set;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void check_header (Pseudo *pseudo, GtkTextDirection direction);

/* Each page of the tour, as avs_test_walk_tour shows it. */
static void
read_page (AvsTestWalk *walk,
           const char  *name,
           GtkWidget   *window,
           gpointer     data)
{
  collect (data, name, window);
  /* Left to right here: /ui/rtl/header-mirrors checks the other way. */
  if (g_str_equal (name, "findings"))
    check_header (data, GTK_TEXT_DIR_LTR);
  if (g_str_equal (name, "explain") || g_str_equal (name, "remove"))
    {
      g_autofree char *shot = g_strconcat ("pseudo-", name, NULL);

      g_free (avs_test_ui_screenshot (window, shot));
    }
}

static void
test_walk_body (void)
{
  /* Each page settles (its slide-in ends) before its texts are read. */
  Pseudo pseudo = { .walk = { .settle_ms = 200 } };
  AvsTestWalk *walk = &pseudo.walk;
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  if (!avs_fixture_require ("dpkg-deb"))
    return;

  /* The program's words really come from the pseudo-translation. */
  g_assert_cmpstr (_("_Next"), ==, MARKER "_Next");

  pseudo.escapes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  load_data_strings (&pseudo);
  avs_test_walk_serve_catalog (walk);
  walk->fixture = avs_fixture_new ("debian");
  avs_test_walk_add_kaspersky (walk->fixture, AVS_TEST_KASPERSKY_KESL_ONLY);
  avs_test_walk_start_app (walk, 800, 860);
  avs_test_walk_tour (walk, read_page, &pseudo);
  avs_test_walk_stop (walk);

  /* The list of known escapes only shrinks. */
  expected = read_expected ();
  g_hash_table_iter_init (&iter, pseudo.escapes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (expected, key))
      g_ptr_array_add (fresh, key);
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (pseudo.escapes, key))
      g_ptr_array_add (gone, key);
  g_ptr_array_sort (fresh, compare_strings);
  g_ptr_array_sort (gone, compare_strings);
  for (guint i = 0; i < fresh->len; i++)
    g_printerr ("# escaped gettext (new): %s\n", (char *) fresh->pdata[i]);
  for (guint i = 0; i < gone->len; i++)
    g_printerr ("# no longer escapes, remove it from tests/data/pseudo-locale-escapes.txt: %s\n",
                (char *) gone->pdata[i]);
  g_test_message ("%u texts read, %u with the marker, %u without it and not data (%u of them known)",
                  pseudo.n_read, pseudo.n_marked, g_hash_table_size (pseudo.escapes),
                  g_hash_table_size (pseudo.escapes) - fresh->len);
  /* The walk really read the pages (a test that reads nothing cannot fail). */
  g_assert_cmpuint (pseudo.n_marked, >, 100);
  g_assert_cmpuint (fresh->len, ==, 0);
  g_assert_cmpuint (gone->len, ==, 0);

  g_hash_table_unref (pseudo.escapes);
  g_hash_table_unref (pseudo.data_strings);
}

static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static double
x_in_window (Pseudo    *pseudo,
             GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (pseudo->walk.window), &bounds));
  return bounds.origin.x;
}

/* Back and Next on the findings page: where they are, and which arrow Back shows. */
static void
check_header (Pseudo         *pseudo,
              GtkTextDirection direction)
{
  GtkWidget *back, *next_button, *image;
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (pseudo->walk.window)));
  g_autoptr(GtkIconPaintable) icon = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;

  back = find_action_button (GTK_WIDGET (pseudo->walk.window), "win.back");
  next_button = find_action_button (GTK_WIDGET (pseudo->walk.window), "win.next");
  g_assert_nonnull (back);
  g_assert_nonnull (next_button);
  g_assert_true (gtk_widget_get_mapped (back));
  g_assert_true (gtk_widget_get_mapped (next_button));
  g_assert_cmpint (gtk_widget_get_direction (back), ==, direction);
  if (direction == GTK_TEXT_DIR_RTL)
    g_assert_cmpfloat (x_in_window (pseudo, back), >, x_in_window (pseudo, next_button));
  else
    g_assert_cmpfloat (x_in_window (pseudo, back), <, x_in_window (pseudo, next_button));

  /* The arrow points the way Back goes: GTK looks up "go-previous-symbolic-rtl" first. */
  image = gtk_button_get_child (GTK_BUTTON (back));
  g_assert_true (GTK_IS_IMAGE (image));
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (image)), ==, "go-previous-symbolic");
  icon = gtk_icon_theme_lookup_icon (theme, "go-previous-symbolic", NULL, 16, 1, direction, 0);
  file = gtk_icon_paintable_get_file (icon);
  if (file != NULL)
    {
      name = g_file_get_basename (file);
      g_test_message ("Back's icon: %s", name);
      g_assert_true ((strstr (name, "-rtl") != NULL) == (direction == GTK_TEXT_DIR_RTL));
    }
}

static void
test_rtl_body (void)
{
  Pseudo pseudo = { .walk = { .settle_ms = 200 } };
  AvsTestWalk *walk = &pseudo.walk;

  if (!avs_fixture_require ("dpkg-deb"))
    return;

  avs_test_walk_serve_catalog (walk);
  walk->fixture = avs_fixture_new ("debian");
  avs_test_walk_add_kaspersky (walk->fixture, AVS_TEST_KASPERSKY_KESL_ONLY);
  /* What GTK does by itself under LANGUAGE=ar (its own translation says "default:RTL"). */
  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  avs_test_walk_start_app (walk, 800, 860);
  avs_test_walk_next (walk);
  avs_test_walk_wait_for_page (walk, "findings");
  check_header (&pseudo, GTK_TEXT_DIR_RTL);
  g_free (avs_test_ui_screenshot (GTK_WIDGET (walk->window), "rtl-findings"));
  avs_test_walk_stop (walk);
}

#define SUBPROCESS_TEST(name)                                                            \
  static void                                                                            \
  name (void)                                                                            \
  {                                                                                      \
    if (g_test_subprocess ())                                                            \
      {                                                                                  \
        name##_body ();                                                                  \
        return;                                                                          \
      }                                                                                  \
    /* Here too: a child that skips exits 77, which is not "passed". */                 \
    if (!avs_fixture_require ("dpkg-deb"))                                               \
      return;                                                                            \
    g_test_trap_subprocess (NULL, AVS_TEST_WALK_CHILD_TIMEOUT,                           \
                            G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR); \
    g_test_trap_assert_passed ();                                                        \
  }

SUBPROCESS_TEST (test_walk)
SUBPROCESS_TEST (test_rtl)

int
main (int    argc,
      char **argv)
{
  const char *dir = g_getenv ("AVS_TEST_PSEUDO_LOCALEDIR");

  /* Before GTK starts: it decides then whether anything gets translated. */
  if (dir != NULL)
    {
      g_setenv ("LANGUAGE", "xx", TRUE);
      bindtextdomain (GETTEXT_PACKAGE, dir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  avs_test_ui_init (&argc, &argv);

  if (dir != NULL)
    g_test_add_func ("/ui/pseudo/walk", test_walk);
  g_test_add_func ("/ui/rtl/header-mirrors", test_rtl);

  return g_test_run ();
}
