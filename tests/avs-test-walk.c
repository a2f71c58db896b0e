/* avs-test-walk.c — the real application on a fixture root, walked page by page for UI tests
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "avs-choose-page.h"
#include "avs-done-page.h"
#include "avs-explain-page.h"
#include "avs-remove-page.h"
#include "avs-scan-page.h"
#include "avs-test-ui.h"
#include "avs-test-walk.h"

#define KASPERSKY_LAB "AO Kaspersky Lab <support@kaspersky.com>"

void
avs_test_walk_add_kaspersky (AvsFixture       *fixture,
                             AvsTestKaspersky  parts)
{
  const AvsFixturePackage kesl = {
    .name = "kesl", .version = "11.2.0-4528", .maintainer = KASPERSKY_LAB,
    .files = (parts & AVS_TEST_KASPERSKY_SETUP)
             ? (const char * const[]) { "/opt/kaspersky/kesl/bin/kesl-control",
                                        "/opt/kaspersky/kesl/bin/kesl-setup.pl", NULL }
             : (const char * const[]) { "/opt/kaspersky/kesl/bin/kesl-control", NULL },
  };
  const AvsFixturePackage gui = {
    .name = "kesl-gui", .version = "11.2.0-4528", .maintainer = KASPERSKY_LAB,
    .files = (const char * const[]) { "/opt/kaspersky/kesl/bin/kesl-gui", NULL },
    .prerm = (parts & AVS_TEST_KASPERSKY_GUI_REFUSE)
             ? "#!/bin/sh\necho 'kesl-gui: removal refused by the test' >&2\nexit 1\n" : NULL,
  };
  const AvsFixturePackage agent = {
    .name = "klnagent64", .version = "14.2.0-35148", .maintainer = KASPERSKY_LAB,
    .files = (const char * const[]) { "/opt/kaspersky/klnagent64/bin/klnagchk", NULL },
  };

  avs_fixture_dpkg_install (fixture, &kesl);
  if (parts & (AVS_TEST_KASPERSKY_GUI | AVS_TEST_KASPERSKY_GUI_REFUSE))
    avs_fixture_dpkg_install (fixture, &gui);
  if (parts & AVS_TEST_KASPERSKY_AGENT)
    avs_fixture_dpkg_install (fixture, &agent);
  avs_fixture_add_group (fixture, "kesladmin");
}

/* The catalog and its signature as the release ships them (the resources), under /catalog. */
static void
serve_catalog (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  AvsTestWalk *walk = user_data;
  g_autofree char *resource = g_strconcat ("/io/github/avswitch/AvSwitch/core", path, NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (resource, 0, NULL);

  walk->requests++;
  if (bytes == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

void
avs_test_walk_serve_catalog (AvsTestWalk *walk)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_assert_null (walk->server);
  walk->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (walk->server, "/catalog", serve_catalog, walk, NULL);
  g_assert_true (soup_server_listen_local (walk->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (walk->server);
  walk->url = g_strdup_printf ("http://127.0.0.1:%d/catalog/alternatives.json",
                               g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static gboolean
window_is_mapped (gpointer data)
{
  AvsTestWalk *walk = data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (walk->app));

  if (windows == NULL || !AVS_IS_WINDOW (windows->data))
    return FALSE;
  walk->window = windows->data;
  return gtk_widget_get_mapped (GTK_WIDGET (walk->window));
}

void
avs_test_walk_start_app (AvsTestWalk *walk,
                         int          width,
                         int          height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariantDict) options = g_variant_dict_new (NULL);
  int status;

  g_assert_nonnull (walk->fixture);
  g_assert_nonnull (walk->url);
  walk->app = avs_application_new ();
  g_application_set_flags (G_APPLICATION (walk->app), G_APPLICATION_NON_UNIQUE);
  /* The options go through the application's own handler, as on the command line. */
  g_variant_dict_insert_value (options, "root",
                               g_variant_new_bytestring (avs_fixture_get_root (walk->fixture)));
  g_variant_dict_insert (options, "catalog-url", "s", walk->url);
  g_variant_dict_insert (options, "region", "s", "US");
  status = G_APPLICATION_GET_CLASS (walk->app)->handle_local_options (G_APPLICATION (walk->app), options);
  g_assert_cmpint (status, ==, -1);
  g_assert_true (g_application_register (G_APPLICATION (walk->app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (walk->app));
  g_assert_true (avs_test_ui_wait_until (window_is_mapped, walk, 10000));
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (walk->window), width, height);
  /* the window's first frames, at its size */
  avs_test_ui_spin (300);
}

void
avs_test_walk_stop (AvsTestWalk *walk)
{
  if (walk->window != NULL)
    gtk_window_destroy (GTK_WINDOW (walk->window));
  walk->window = NULL;
  /* the window's and the application's work from the main loop ends before they go */
  avs_test_ui_spin (100);
  g_clear_object (&walk->app);
  if (walk->server != NULL)
    soup_server_disconnect (walk->server);
  g_clear_object (&walk->server);
  g_clear_pointer (&walk->url, g_free);
  g_clear_pointer (&walk->fixture, avs_fixture_free);
}

gboolean
avs_test_walk_shows_page (AvsTestWalk *walk,
                          const char  *name)
{
  return avs_window_get_visible_page (walk->window) == avs_window_get_page (walk->window, name);
}

typedef struct
{
  AvsTestWalk *walk;
  const char  *name;
} PageWait;

static gboolean
visible_is (gpointer data)
{
  PageWait *wait = data;

  return avs_test_walk_shows_page (wait->walk, wait->name);
}

AvsPage *
avs_test_walk_wait_for_page (AvsTestWalk *walk,
                             const char  *name)
{
  PageWait wait = { walk, name };

  /* A minute: the pages that scan or check wait for real tools on a loaded machine. */
  if (!avs_test_ui_wait_until (visible_is, &wait, 60000))
    g_error ("the wizard did not reach the page “%s”", name);
  avs_test_ui_spin (walk->settle_ms);
  return avs_window_get_visible_page (walk->window);
}

void
avs_test_walk_next (AvsTestWalk *walk)
{
  g_assert_true (avs_page_get_complete (avs_window_get_visible_page (walk->window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (walk->window), "win.next", NULL));
}

AdwMessageDialog *
avs_test_walk_find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

void
avs_test_walk_expand_all (GtkWidget *widget)
{
  if (GTK_IS_EXPANDER (widget))
    gtk_expander_set_expanded (GTK_EXPANDER (widget), TRUE);
  if (ADW_IS_EXPANDER_ROW (widget))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (widget), TRUE);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    avs_test_walk_expand_all (child);
}

gboolean
avs_test_walk_has_explanation (gpointer explain_page)
{
  return avs_explain_page_get_explanation (AVS_EXPLAIN_PAGE (explain_page)) != NULL;
}

gboolean
avs_test_walk_choose_is_loaded (gpointer choose_page)
{
  AvsChoosePage *page = AVS_CHOOSE_PAGE (choose_page);

  return avs_choose_page_get_store (page) != NULL && avs_choose_page_get_n_shown (page) > 0;
}

gboolean
avs_test_walk_scan_is_idle (gpointer scan_page)
{
  return !avs_scan_page_get_busy (AVS_SCAN_PAGE (scan_page));
}

gboolean
avs_test_walk_remove_is_settled (gpointer remove_page)
{
  return !avs_remove_page_get_busy (AVS_REMOVE_PAGE (remove_page));
}

gboolean
avs_test_walk_done_is_settled (gpointer done_page)
{
  return !avs_done_page_get_busy (AVS_DONE_PAGE (done_page));
}

void
avs_test_walk_tour (AvsTestWalk     *walk,
                    AvsTestWalkLook  look,
                    gpointer         data)
{
  AvsSession *session = avs_window_get_session (walk->window);
  g_autofree char *bad_rules = NULL;
  AvsPage *page;
  GtkWindow *dialog;
  GtkWidget *overlay;

  look (walk, "welcome", GTK_WIDGET (walk->window), data);
  avs_test_walk_next (walk);
  avs_test_walk_wait_for_page (walk, "findings");
  look (walk, "findings", GTK_WIDGET (walk->window), data);

  /* The scan page, in the state that stays on screen: a scan that could not run. */
  bad_rules = avs_fixture_path (walk->fixture, "/bad-rules.json");
  g_assert_true (g_file_set_contents (bad_rules, "{ \"schema\": ", -1, NULL));
  avs_session_set_rules_path (session, bad_rules);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (walk->window), "win.scan", "b", FALSE));
  page = avs_test_walk_wait_for_page (walk, "scan");
  g_assert_true (avs_test_ui_wait_until (avs_test_walk_scan_is_idle, page, 20000));
  avs_test_ui_spin (200);
  look (walk, "scan", GTK_WIDGET (walk->window), data);
  avs_session_set_rules_path (session, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "scan.retry", NULL));
  avs_test_walk_wait_for_page (walk, "findings");

  avs_test_walk_next (walk);
  page = avs_test_walk_wait_for_page (walk, "explain");
  g_assert_true (avs_test_ui_wait_until (avs_test_walk_has_explanation, page, 20000));
  avs_test_walk_expand_all (GTK_WIDGET (page));
  avs_test_ui_spin (400);
  look (walk, "explain", GTK_WIDGET (walk->window), data);

  avs_test_walk_next (walk);
  page = avs_test_walk_wait_for_page (walk, "choose");
  g_assert_true (avs_test_ui_wait_until (avs_test_walk_choose_is_loaded, page, 20000));
  g_assert_true (avs_choose_page_choose (AVS_CHOOSE_PAGE (page), "clamui"));
  avs_test_ui_spin (300);
  look (walk, "choose", GTK_WIDGET (walk->window), data);

  avs_test_walk_next (walk);
  page = avs_test_walk_wait_for_page (walk, "remove");
  avs_test_walk_expand_all (GTK_WIDGET (page));
  avs_test_ui_spin (300);
  look (walk, "remove", GTK_WIDGET (walk->window), data);
  /* The confirmation before the first step runs (then nothing runs). */
  gtk_widget_activate (avs_remove_page_get_next_button (AVS_REMOVE_PAGE (page)));
  avs_test_ui_spin (300);
  dialog = GTK_WINDOW (avs_test_walk_find_dialog ());
  g_assert_nonnull (dialog);
  look (walk, "remove-confirm", GTK_WIDGET (dialog), data);
  gtk_window_destroy (dialog);
  avs_test_ui_spin (100);

  /* Nothing removed: the done page checks again and says what is left. */
  g_assert_true (avs_window_show_page (walk->window, "done"));
  page = avs_test_walk_wait_for_page (walk, "done");
  g_assert_true (avs_test_ui_wait_until (avs_test_walk_done_is_settled, page, 60000));
  avs_test_ui_spin (300);
  look (walk, "done", GTK_WIDGET (walk->window), data);

  /* The keyboard shortcuts (the window's own help overlay). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (walk->window), "win.show-help-overlay", NULL));
  avs_test_ui_spin (300);
  overlay = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (walk->window)));
  g_assert_nonnull (overlay);
  look (walk, "shortcuts", overlay, data);
  gtk_window_close (GTK_WINDOW (overlay));
  avs_test_ui_spin (100);

  g_action_group_activate_action (G_ACTION_GROUP (walk->app), "language", NULL);
  avs_test_ui_spin (300);
  dialog = GTK_WINDOW (avs_test_walk_find_dialog ());
  g_assert_nonnull (dialog);
  look (walk, "language", GTK_WIDGET (dialog), data);
  gtk_window_destroy (dialog);
}
