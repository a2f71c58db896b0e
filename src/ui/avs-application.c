/* avs-application.c — the AV Switch application: actions, shortcuts, the About window
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "avs-application"

#include "config.h"

#include <glib/gi18n.h>

#include "avs-application.h"
#include "avs-compat.h"
#include "avs-ui-types.h"
#include "avs-welcome-page.h"
#include "avs-window.h"

struct _AvsApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (AvsApplication, avs_application, ADW_TYPE_APPLICATION)

static void
avs_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      AvsWindow *wizard = avs_window_new (ADW_APPLICATION (app));

      avs_window_add_page (wizard, avs_welcome_page_new (), "welcome");
      window = GTK_WINDOW (wizard);
    }

  gtk_window_present (window);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Closing through the windows lets a page ask first (a removal in progress). */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);

  avs_compat_show_about (gtk_application_get_active_window (app));
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_action },
  { .name = "about", .activate = about_action },
};

static void
avs_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *help_overlay_accels[] = { "<Control>question", "F1", NULL };

  G_APPLICATION_CLASS (avs_application_parent_class)->startup (app);

  avs_ui_ensure_types ();

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         help_overlay_accels);
}

static void
avs_application_class_init (AvsApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = avs_application_activate;
  app_class->startup = avs_application_startup;
}

static void
avs_application_init (AvsApplication *self)
{
}

AvsApplication *
avs_application_new (void)
{
  return g_object_new (AVS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}
