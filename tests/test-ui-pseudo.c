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
#include <libsoup/soup.h>
#include <locale.h>
#include <unistd.h>

#include "avs-application.h"
#include "avs-choose-page.h"
#include "avs-done-page.h"
#include "avs-explain-page.h"
#include "avs-language-option.h"
#include "avs-remove-page.h"
#include "avs-scan-page.h"
#include "avs-test-fixture.h"
#include "avs-test-ui.h"
#include "avs-window.h"

#define MARKER "[xx]"

typedef struct
{
  SoupServer     *server;
  char           *url;
  AvsFixture     *fixture;
  AvsApplication *app;
  AvsWindow      *window;
  /* "page\ttext" of every text without the marker that is not data */
  GHashTable     *escapes;
  /* the catalog's and the rules' strings: data with translations of their own */
  GHashTable     *data_strings;
  /* labels read, and how many of them carried the marker */
  guint           n_read;
  guint           n_marked;
} Walk;

static void
serve_catalog (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  g_autofree char *resource = g_strconcat ("/io/github/avswitch/AvSwitch/core", path, NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (resource, 0, NULL);

  if (bytes == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
start_server (Walk *walk)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  walk->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (walk->server, "/catalog", serve_catalog, walk, NULL);
  g_assert_true (soup_server_listen_local (walk->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (walk->server);
  walk->url = g_strdup_printf ("http://127.0.0.1:%d/catalog/alternatives.json",
                               g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

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
load_data_strings (Walk *walk)
{
  static const char * const resources[] = {
    "/io/github/avswitch/AvSwitch/core/catalog/alternatives.json",
    "/io/github/avswitch/AvSwitch/core/rules/kaspersky.json",
  };

  walk->data_strings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    {
      g_autoptr(GBytes) bytes = g_resources_lookup_data (resources[i], 0, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (bytes);
      g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                                 g_bytes_get_size (bytes), &error));
      g_assert_no_error (error);
      add_json_strings (json_parser_get_root (parser), walk->data_strings);
    }
}

/* Data, not the program's words: the allow-list. Keep it short, and say why for each. */
static gboolean
is_data (Walk       *walk,
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

  if (g_hash_table_contains (walk->data_strings, text))
    return TRUE;
  /* Each language is listed in its own name (the Language dialog). */
  if (g_str_equal (text, avs_language_option_native_name ("en")))
    return TRUE;
  for (const char * const *code = avs_language_option_shipped (); *code != NULL; code++)
    if (g_str_equal (text, avs_language_option_native_name (*code)))
      return TRUE;
  if (strstr (text, avs_fixture_get_root (walk->fixture)) != NULL &&
      g_str_has_prefix (text, avs_fixture_get_root (walk->fixture)))
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
check_text (Walk       *walk,
            const char *page,
            const char *raw)
{
  g_autofree char *text = g_strstrip (g_strdup (raw != NULL ? raw : ""));

  if (text[0] == '\0')
    return;
  if (g_getenv ("AVS_TEST_PSEUDO_VERBOSE") != NULL)
    g_test_message ("%s: %s", page, text);
  walk->n_read++;
  walk->n_marked += starts_marked (text);
  if (!starts_marked (text) && !is_data (walk, text))
    {
      g_autoptr(GString) line = g_string_new (text);

      /* One line a text in the list; the fixture's folder changes every run. */
      g_string_replace (line, avs_fixture_get_root (walk->fixture), "$ROOT", 0);
      g_string_replace (line, "\n", "\\n", 0);
      g_hash_table_add (walk->escapes, g_strdup_printf ("%s\t%s", page, line->str));
    }
}

/* The window's texts as a person sees them: labels that are on screen (mapped), tooltips,
 * and the window's own title. */
static void
collect (Walk       *walk,
         const char *page,
         GtkWidget  *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  /* Key names ("Ctrl", "F1") are GTK's words, in its own translation (gtk40). */
  if (GTK_IS_SHORTCUT_LABEL (widget))
    return;
  if (GTK_IS_WINDOW (widget))
    check_text (walk, page, gtk_window_get_title (GTK_WINDOW (widget)));
  if (GTK_IS_LABEL (widget))
    check_text (walk, page, gtk_label_get_text (GTK_LABEL (widget)));
  if (gtk_widget_get_has_tooltip (widget))
    check_text (walk, page, gtk_widget_get_tooltip_text (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (walk, page, child);
}

static void
expand_all (GtkWidget *widget)
{
  if (GTK_IS_EXPANDER (widget))
    gtk_expander_set_expanded (GTK_EXPANDER (widget), TRUE);
  if (ADW_IS_EXPANDER_ROW (widget))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (widget), TRUE);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    expand_all (child);
}

/* A Debian root with Kaspersky Endpoint Security installed (a real dpkg database). */
static AvsFixture *
kaspersky_fixture (void)
{
  const AvsFixturePackage kesl = {
    .name = "kesl", .version = "11.2.0-4528",
    .maintainer = "AO Kaspersky Lab <support@kaspersky.com>",
    .files = (const char * const[]) { "/opt/kaspersky/kesl/bin/kesl-control", NULL },
  };
  AvsFixture *fixture = avs_fixture_new ("debian");

  avs_fixture_dpkg_install (fixture, &kesl);
  avs_fixture_add_group (fixture, "kesladmin");
  return fixture;
}

static gboolean
window_is_mapped (gpointer data)
{
  Walk *walk = data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (walk->app));

  if (windows == NULL || !AVS_IS_WINDOW (windows->data))
    return FALSE;
  walk->window = windows->data;
  return gtk_widget_get_mapped (GTK_WIDGET (walk->window));
}

static void
start_app (Walk *walk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariantDict) options = g_variant_dict_new (NULL);

  walk->app = avs_application_new ();
  g_application_set_flags (G_APPLICATION (walk->app), G_APPLICATION_NON_UNIQUE);
  g_variant_dict_insert_value (options, "root", g_variant_new_bytestring (avs_fixture_get_root (walk->fixture)));
  g_variant_dict_insert (options, "catalog-url", "s", walk->url);
  g_variant_dict_insert (options, "region", "s", "US");
  g_assert_cmpint (G_APPLICATION_GET_CLASS (walk->app)->handle_local_options (G_APPLICATION (walk->app), options), ==, -1);
  g_assert_true (g_application_register (G_APPLICATION (walk->app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (walk->app));
  g_assert_true (avs_test_ui_wait_until (window_is_mapped, walk, 10000));
  gtk_window_set_default_size (GTK_WINDOW (walk->window), 800, 860);
  avs_test_ui_spin (300);
}

static void
stop_app (Walk *walk)
{
  gtk_window_destroy (GTK_WINDOW (walk->window));
  avs_test_ui_spin (100);
  g_clear_object (&walk->app);
  soup_server_disconnect (walk->server);
  g_clear_object (&walk->server);
  g_free (walk->url);
  avs_fixture_free (walk->fixture);
}

typedef struct
{
  Walk       *walk;
  const char *name;
} PageWait;

static gboolean
visible_is (gpointer data)
{
  PageWait *wait = data;
  return avs_window_get_visible_page (wait->walk->window) == avs_window_get_page (wait->walk->window, wait->name);
}

static AvsPage *
wait_for_page (Walk       *walk,
               const char *name)
{
  PageWait wait = { walk, name };

  if (!avs_test_ui_wait_until (visible_is, &wait, 60000))
    g_error ("the wizard did not reach the page “%s”", name);
  avs_test_ui_spin (200);
  return avs_window_get_visible_page (walk->window);
}

static void
next (Walk *walk)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (walk->window), "win.next", NULL));
}

static gboolean
has_explanation (gpointer data)
{
  return avs_explain_page_get_explanation (AVS_EXPLAIN_PAGE (data)) != NULL;
}

static gboolean
choose_is_loaded (gpointer data)
{
  return avs_choose_page_get_store (data) != NULL && avs_choose_page_get_n_shown (data) > 0;
}

static gboolean
scan_is_idle (gpointer data)
{
  return !avs_scan_page_get_busy (data);
}

static gboolean
done_is_settled (gpointer data)
{
  return !avs_done_page_get_busy (data);
}

static GtkWindow *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
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

static void check_header (Walk *walk, GtkTextDirection direction);

static void
test_walk_body (void)
{
  Walk walk = { 0 };
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  g_autofree char *bad_rules = NULL;
  AvsSession *session;
  AvsPage *page;
  GHashTableIter iter;
  gpointer key;

  if (!avs_fixture_require ("dpkg-deb"))
    return;

  /* The program's words really come from the pseudo-translation. */
  g_assert_cmpstr (_("_Next"), ==, MARKER "_Next");

  walk.escapes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  load_data_strings (&walk);
  start_server (&walk);
  walk.fixture = kaspersky_fixture ();
  start_app (&walk);
  session = avs_window_get_session (walk.window);

  collect (&walk, "welcome", GTK_WIDGET (walk.window));
  next (&walk);
  wait_for_page (&walk, "findings");
  collect (&walk, "findings", GTK_WIDGET (walk.window));
  /* Left to right here: /ui/rtl/header-mirrors checks the other way. */
  check_header (&walk, GTK_TEXT_DIR_LTR);

  /* The scan page, in the state that stays on screen: a scan that could not run. */
  bad_rules = avs_fixture_path (walk.fixture, "/bad-rules.json");
  g_assert_true (g_file_set_contents (bad_rules, "{ \"schema\": ", -1, NULL));
  avs_session_set_rules_path (session, bad_rules);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (walk.window), "win.scan", "b", FALSE));
  page = wait_for_page (&walk, "scan");
  g_assert_true (avs_test_ui_wait_until (scan_is_idle, page, 20000));
  avs_test_ui_spin (200);
  collect (&walk, "scan", GTK_WIDGET (walk.window));
  avs_session_set_rules_path (session, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "scan.retry", NULL));
  wait_for_page (&walk, "findings");

  next (&walk);
  page = wait_for_page (&walk, "explain");
  g_assert_true (avs_test_ui_wait_until (has_explanation, page, 20000));
  expand_all (GTK_WIDGET (page));
  avs_test_ui_spin (400);
  collect (&walk, "explain", GTK_WIDGET (walk.window));
  g_free (avs_test_ui_screenshot (GTK_WIDGET (walk.window), "pseudo-explain"));

  next (&walk);
  page = wait_for_page (&walk, "choose");
  g_assert_true (avs_test_ui_wait_until (choose_is_loaded, page, 20000));
  g_assert_true (avs_choose_page_choose (AVS_CHOOSE_PAGE (page), "clamui"));
  avs_test_ui_spin (300);
  collect (&walk, "choose", GTK_WIDGET (walk.window));

  next (&walk);
  page = wait_for_page (&walk, "remove");
  expand_all (GTK_WIDGET (page));
  avs_test_ui_spin (300);
  collect (&walk, "remove", GTK_WIDGET (walk.window));
  g_free (avs_test_ui_screenshot (GTK_WIDGET (walk.window), "pseudo-remove"));
  /* The confirmation before the first step runs (then nothing runs). */
  gtk_widget_activate (avs_remove_page_get_next_button (AVS_REMOVE_PAGE (page)));
  avs_test_ui_spin (300);
  g_assert_nonnull (find_dialog ());
  collect (&walk, "remove-confirm", GTK_WIDGET (find_dialog ()));
  gtk_window_destroy (find_dialog ());
  avs_test_ui_spin (100);

  /* Nothing removed: the done page checks again and says what is left. */
  g_assert_true (avs_window_show_page (walk.window, "done"));
  page = wait_for_page (&walk, "done");
  g_assert_true (avs_test_ui_wait_until (done_is_settled, page, 60000));
  avs_test_ui_spin (300);
  collect (&walk, "done", GTK_WIDGET (walk.window));

  /* The keyboard shortcuts (the window's own help overlay). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (walk.window), "win.show-help-overlay", NULL));
  avs_test_ui_spin (300);
  {
    GtkWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (walk.window))
                         ? GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (walk.window)))
                         : NULL;

    g_assert_nonnull (overlay);
    collect (&walk, "shortcuts", GTK_WIDGET (overlay));
    gtk_window_close (overlay);
    avs_test_ui_spin (100);
  }

  g_action_group_activate_action (G_ACTION_GROUP (walk.app), "language", NULL);
  avs_test_ui_spin (300);
  g_assert_nonnull (find_dialog ());
  collect (&walk, "language", GTK_WIDGET (find_dialog ()));
  gtk_window_destroy (find_dialog ());

  stop_app (&walk);

  /* The list of known escapes only shrinks. */
  expected = read_expected ();
  g_hash_table_iter_init (&iter, walk.escapes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (expected, key))
      g_ptr_array_add (fresh, key);
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (walk.escapes, key))
      g_ptr_array_add (gone, key);
  g_ptr_array_sort (fresh, compare_strings);
  g_ptr_array_sort (gone, compare_strings);
  for (guint i = 0; i < fresh->len; i++)
    g_printerr ("# escaped gettext (new): %s\n", (char *) fresh->pdata[i]);
  for (guint i = 0; i < gone->len; i++)
    g_printerr ("# no longer escapes, remove it from tests/data/pseudo-locale-escapes.txt: %s\n",
                (char *) gone->pdata[i]);
  g_test_message ("%u texts read, %u with the marker, %u without it and not data (%u of them known)",
                  walk.n_read, walk.n_marked, g_hash_table_size (walk.escapes),
                  g_hash_table_size (walk.escapes) - fresh->len);
  /* The walk really read the pages (a test that reads nothing cannot fail). */
  g_assert_cmpuint (walk.n_marked, >, 100);
  g_assert_cmpuint (fresh->len, ==, 0);
  g_assert_cmpuint (gone->len, ==, 0);

  g_hash_table_unref (walk.escapes);
  g_hash_table_unref (walk.data_strings);
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
x_in_window (Walk      *walk,
             GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (walk->window), &bounds));
  return bounds.origin.x;
}

/* Back and Next on the findings page: where they are, and which arrow Back shows. */
static void
check_header (Walk           *walk,
              GtkTextDirection direction)
{
  GtkWidget *back, *next_button, *image;
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (walk->window)));
  g_autoptr(GtkIconPaintable) icon = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;

  back = find_action_button (GTK_WIDGET (walk->window), "win.back");
  next_button = find_action_button (GTK_WIDGET (walk->window), "win.next");
  g_assert_nonnull (back);
  g_assert_nonnull (next_button);
  g_assert_true (gtk_widget_get_mapped (back));
  g_assert_true (gtk_widget_get_mapped (next_button));
  g_assert_cmpint (gtk_widget_get_direction (back), ==, direction);
  if (direction == GTK_TEXT_DIR_RTL)
    g_assert_cmpfloat (x_in_window (walk, back), >, x_in_window (walk, next_button));
  else
    g_assert_cmpfloat (x_in_window (walk, back), <, x_in_window (walk, next_button));

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
  Walk walk = { 0 };

  if (!avs_fixture_require ("dpkg-deb"))
    return;

  start_server (&walk);
  walk.fixture = kaspersky_fixture ();
  /* What GTK does by itself under LANGUAGE=ar (its own translation says "default:RTL"). */
  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  start_app (&walk);
  next (&walk);
  wait_for_page (&walk, "findings");
  check_header (&walk, GTK_TEXT_DIR_RTL);
  g_free (avs_test_ui_screenshot (GTK_WIDGET (walk.window), "rtl-findings"));
  stop_app (&walk);
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
    g_test_trap_subprocess (NULL, 240 * G_USEC_PER_SEC,                                  \
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
