/* avs-language-dialog.c — "Language…": choose the language the window restarts in
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A help-desk technician switches the window to a language they read (and back) without
 * changing the user's desktop. gettext cannot change language under a running window (every
 * label is already made), so the choice restarts the program (avs-application.c).
 */

#define G_LOG_DOMAIN "avs-language-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "avs-compat.h"
#include "avs-language-dialog.h"
#include "avs-language-option.h"

#define LANGUAGE_KEY "avs-language"

char *
avs_language_dialog_current (void)
{
  const char * const *names = g_get_language_names ();
  const char * const *shipped = avs_language_option_shipped ();

  /* The first of the user's languages that the program has: what gettext shows. */
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (avs_language_option_is_english (names[i]))
        return g_strdup ("en");
      for (guint j = 0; shipped[j] != NULL; j++)
        if (g_str_equal (names[i], shipped[j]))
          return g_strdup (shipped[j]);
    }
  return g_strdup ("en");
}

static void
on_toggled (GtkCheckButton *check,
            GtkWidget      *dialog)
{
  if (gtk_check_button_get_active (check))
    g_object_set_data_full (G_OBJECT (dialog), LANGUAGE_KEY,
                            g_strdup (g_object_get_data (G_OBJECT (check), LANGUAGE_KEY)), g_free);
}

static void
add_row (GtkListBox     *list,
         GtkWidget      *dialog,
         const char     *code,
         const char     *current,
         GtkCheckButton **group)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  /* The name in its own language and script: it is not translated. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), avs_language_option_native_name (code));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  g_object_set_data_full (G_OBJECT (check), LANGUAGE_KEY, g_strdup (code), g_free);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (*group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), *group);
  else
    *group = GTK_CHECK_BUTTON (check);
  g_signal_connect (check, "toggled", G_CALLBACK (on_toggled), dialog);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_str_equal (code, current));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_list_box_append (list, row);
}

GtkWidget *
avs_language_dialog_new (GtkWindow *parent)
{
  const char * const *shipped = avs_language_option_shipped ();
  g_autofree char *current = avs_language_dialog_current ();
  GtkCheckButton *group = NULL;
  GtkWidget *dialog;
  GtkWidget *list;
  GtkWidget *scrolled;

  dialog = avs_compat_message_dialog_new (parent, _("Language"),
                                          _("AV Switch starts again in the language you choose. "
                                            "The scan starts from the beginning; a removal that "
                                            "was under way goes on where it stopped."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Languages"), -1);
  add_row (GTK_LIST_BOX (list), dialog, "en", current, &group);
  for (guint i = 0; shipped[i] != NULL; i++)
    add_row (GTK_LIST_BOX (list), dialog, shipped[i], current, &group);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "restart", _("_Restart"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restart",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "restart");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  avs_compat_fix_mnemonic_names (dialog);
  return dialog;
}

const char *
avs_language_dialog_get_language (GtkWidget *dialog)
{
  g_return_val_if_fail (GTK_IS_WIDGET (dialog), NULL);

  return g_object_get_data (G_OBJECT (dialog), LANGUAGE_KEY);
}
