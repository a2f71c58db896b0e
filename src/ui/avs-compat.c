/* avs-compat.c — the one place where GTK 4.8 / libadwaita 1.2 and newer releases differ
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "avs-compat"

#include "config.h"

#include <glib/gi18n.h>

#include "avs-compat.h"

void
avs_compat_show_uri (GtkWindow  *parent,
                     const char *uri)
{
  g_return_if_fail (uri != NULL);

  /* gtk_show_uri() is deprecated since 4.10 in favour of GtkUriLauncher, which 4.8 lacks;
   * MIN_REQUIRED = 4.8 keeps it warning-free on both. It uses the portal inside Flatpak and
   * shows an error dialog itself when no handler exists. */
  gtk_show_uri (parent, uri, GDK_CURRENT_TIME);
}

GtkWidget *
avs_compat_message_dialog_new (GtkWindow  *parent,
                               const char *heading,
                               const char *body)
{
  /* AdwMessageDialog (1.2) is deprecated since 1.6 in favour of AdwAlertDialog (1.5). */
  return adw_message_dialog_new (parent, heading, body);
}

void
avs_compat_show_about (GtkWindow *parent)
{
  static const char *developers[] = { "The AV Switch authors", NULL };

  /* AdwAboutWindow (1.2) is deprecated since 1.6 in favour of AdwAboutDialog (1.5). */
  adw_show_about_window (parent,
                         "application-name", _("AV Switch"),
                         "application-icon", APP_ID,
                         "developer-name", _("The AV Switch authors"),
                         "developers", developers,
                         "version", PACKAGE_VERSION,
                         "website", PACKAGE_WEBSITE,
                         "issue-url", PACKAGE_BUGREPORT,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 The AV Switch authors",
                         "comments", _("Find Kaspersky software, understand the 2024 US ban, "
                                       "and switch to a maintained replacement."),
                         /* Translators: replace with your names, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}
