/* test-ui-smoke.c — the real application starts, shows the Welcome page, and looks right
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "avs-application.h"
#include "avs-test-ui.h"
#include "avs-welcome-page.h"
#include "avs-window.h"

typedef struct
{
  AvsApplication *app;
  AvsWindow      *window;
} Fixture;

static gboolean
window_is_drawn (gpointer data)
{
  Fixture *fixture = data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (fixture->app));

  if (windows == NULL || !AVS_IS_WINDOW (windows->data))
    return FALSE;
  fixture->window = windows->data;
  return gtk_widget_get_mapped (GTK_WIDGET (fixture->window));
}

static GtkWindow *
find_window (AvsApplication *app,
             GType           type)
{
  g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();

  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
about_is_open (gpointer data)
{
  return find_window (data, ADW_TYPE_ABOUT_WINDOW) != NULL;
}

static gboolean
app_has_quit (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (data)) == NULL;
}

static void
test_smoke_welcome (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *light = NULL;
  g_autofree char *dark = NULL;
  AdwStyleManager *style;
  AvsPage *page;

  fixture.app = avs_application_new ();
  /* Another instance on the test bus must not swallow this one. */
  g_application_set_flags (G_APPLICATION (fixture.app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (fixture.app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (fixture.app));

  g_assert_true (avs_test_ui_wait_until (window_is_drawn, &fixture, 10000));
  avs_test_ui_spin (500);

  /* The Welcome page is the visible one, with its title, and Back is not offered. */
  page = avs_window_get_visible_page (fixture.window);
  g_assert_true (AVS_IS_WELCOME_PAGE (page));
  g_assert_cmpstr (avs_page_get_title (page), ==, "Welcome");
  g_assert_true (avs_page_get_complete (page));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.back", NULL) &&
                  avs_window_get_visible_page (fixture.window) != page);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture.window)), ==, "AV Switch");

  style = adw_style_manager_get_default ();
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  avs_test_ui_spin (400);
  g_assert_false (adw_style_manager_get_dark (style));
  light = avs_test_ui_screenshot (GTK_WIDGET (fixture.window), "welcome-light");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  avs_test_ui_spin (400);
  g_assert_true (adw_style_manager_get_dark (style));
  dark = avs_test_ui_screenshot (GTK_WIDGET (fixture.window), "welcome-dark");

  /* High contrast, as the desktop's accessibility setting turns it on. */
  {
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.a11y.interface", TRUE);

    if (schema != NULL && g_settings_schema_has_key (schema, "high-contrast"))
      {
        g_autoptr(GSettings) a11y = g_settings_new ("org.gnome.desktop.a11y.interface");

        adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
        g_settings_set_boolean (a11y, "high-contrast", TRUE);
        avs_test_ui_spin (400);
        if (adw_style_manager_get_high_contrast (style))
          g_free (avs_test_ui_screenshot (GTK_WIDGET (fixture.window), "welcome-high-contrast"));
        else
          g_test_message ("libadwaita did not follow the high-contrast setting here (a portal?)");
        g_settings_set_boolean (a11y, "high-contrast", FALSE);
        avs_test_ui_spin (200);
      }
  }

  /* The narrowest supported width still lays out. */
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_set_default_size (GTK_WINDOW (fixture.window), 360, 640);
  avs_test_ui_spin (600);
  g_free (avs_test_ui_screenshot (GTK_WIDGET (fixture.window), "welcome-narrow"));

  /* The About window and the shortcuts window open from their actions. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture.app), "about", NULL);
  g_assert_true (avs_test_ui_wait_until (about_is_open, fixture.app, 5000));
  avs_test_ui_spin (300);
  {
    GtkWindow *about = find_window (fixture.app, ADW_TYPE_ABOUT_WINDOW);
    g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "AV Switch");
    g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==, GTK_LICENSE_GPL_3_0);
    gtk_window_destroy (about);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.show-help-overlay", NULL));
  avs_test_ui_spin (300);
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture.window)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture.window)))));

  /* Ctrl+Q is bound to the quit action. */
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture.app), "app.quit");
    g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>q"));
  }
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture.app), "win.show-help-overlay");
    g_assert_true (g_strv_contains ((const char * const *) accels, "F1"));
  }

  /* The quit action closes every window. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture.app), "quit", NULL);
  g_assert_true (avs_test_ui_wait_until (app_has_quit, fixture.app, 5000));

  g_object_unref (fixture.app);
}

static void
test_smoke_window_size_is_saved (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  AvsWindow *window;

  g_settings_set_int (settings, "window-width", 700);
  g_settings_set_int (settings, "window-height", 555);

  window = avs_window_new (NULL, NULL);
  avs_window_add_page (window, avs_welcome_page_new (), "welcome");

  /* The window starts at the remembered size... */
  {
    int width, height;
    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 700);
    g_assert_cmpint (height, ==, 555);
  }

  /* ...and a new size is remembered. */
  gtk_window_set_default_size (GTK_WINDOW (window), 820, 610);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 820);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);

  gtk_window_destroy (GTK_WINDOW (window));
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GtkWindow *window = find_window (NULL, ADW_TYPE_MESSAGE_DIALOG);

  return window != NULL ? ADW_MESSAGE_DIALOG (window) : NULL;
}

static gboolean
window_is_gone (gpointer data)
{
  return *(GtkWidget **) data == NULL;
}

static void
test_smoke_close_while_busy_asks (void)
{
  AvsWindow *window = avs_window_new (NULL, NULL);
  AvsPage *page = avs_welcome_page_new ();
  AdwMessageDialog *dialog;

  avs_window_add_page (window, page, "welcome");
  gtk_window_present (GTK_WINDOW (window));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  avs_test_ui_spin (200);

  /* A step is running: closing asks first, and "Keep running" keeps the window. */
  avs_page_set_busy (page, TRUE);
  gtk_window_close (GTK_WINDOW (window));
  avs_test_ui_spin (200);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (window);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  avs_test_ui_spin (100);
  g_assert_nonnull (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* "Close anyway" closes it. */
  gtk_window_close (GTK_WINDOW (window));
  avs_test_ui_spin (200);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  /* The window goes, and its dialog with it (destroy-with-parent). */
  adw_message_dialog_response (dialog, "close");
  g_assert_true (avs_test_ui_wait_until (window_is_gone, &window, 5000));
}

int
main (int    argc,
      char **argv)
{
  avs_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/smoke/welcome", test_smoke_welcome);
  g_test_add_func ("/ui/smoke/window-size-is-saved", test_smoke_window_size_is_saved);
  g_test_add_func ("/ui/smoke/close-while-busy-asks", test_smoke_close_while_busy_asks);

  return g_test_run ();
}
