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

static void
update_button_name (GtkButton *button)
{
  const char *label = gtk_button_get_label (button);
  GString *plain;

  if (label == NULL || !gtk_button_get_use_underline (button))
    return;

  /* "_Run all…" → "Run all…"; "__" stands for a real underscore. */
  plain = g_string_new (NULL);
  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          if (p[1] == '_')
            {
              g_string_append_c (plain, '_');
              p++;
            }
          continue;
        }
      g_string_append_c (plain, *p);
    }
  /* The name is the label property followed by the labelled-by label: keep only the first. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  plain->str, -1);
  g_string_free (plain, TRUE);
}

void
avs_compat_fix_mnemonic_names (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (GTK_IS_BUTTON (widget) && !g_object_get_data (G_OBJECT (widget), "avs-mnemonic-name"))
    {
      g_object_set_data (G_OBJECT (widget), "avs-mnemonic-name", GINT_TO_POINTER (TRUE));
      g_signal_connect (widget, "notify::label", G_CALLBACK (update_button_name), NULL);
      g_signal_connect (widget, "notify::use-underline", G_CALLBACK (update_button_name), NULL);
      update_button_name (GTK_BUTTON (widget));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    avs_compat_fix_mnemonic_names (child);
}

