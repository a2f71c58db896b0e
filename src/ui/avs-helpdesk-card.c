/* avs-helpdesk-card.c — "Summary for your help-desk": a few plain lines and a Copy button
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "avs-helpdesk-card"

#include "config.h"

#include <glib/gi18n.h>

#include "avs-compat.h"
#include "avs-helpdesk-card.h"

#define TEXT_KEY  "avs-helpdesk-text"
#define LABEL_KEY "avs-helpdesk-label"

static void
on_copy_clicked (GtkButton *button,
                 GtkWidget *card)
{
  const char *text = avs_helpdesk_card_get_text (card);

  if (text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), text);
  gtk_widget_activate_action (GTK_WIDGET (button), "win.toast", "s",
                              _("The summary for your help-desk was copied"));
}

GtkWidget *
avs_helpdesk_card_new (void)
{
  GtkWidget *card = adw_preferences_group_new ();
  GtkWidget *copy = gtk_button_new_with_mnemonic (_("_Copy"));
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *frame = gtk_list_box_row_new ();
  GtkWidget *list = gtk_list_box_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (card), _("Summary for your help-desk"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (card),
                                         _("Read these lines to your help-desk, or copy them into a chat or an e-mail."));

  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (copy, _("Copy the summary for your help-desk"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy the summary for your help-desk"), -1);
  avs_compat_fix_mnemonic_names (copy);
  g_signal_connect_object (copy, "clicked", G_CALLBACK (on_copy_clicked), card, 0);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (card), copy);

  /* Machine text: never markup; selectable, so a part of it can be copied too. */
  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Summary for your help-desk"), -1);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (frame), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (frame), FALSE);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), frame);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (card), list);

  g_object_set_data (G_OBJECT (card), LABEL_KEY, label);
  return card;
}

void
avs_helpdesk_card_set_text (GtkWidget  *card,
                            const char *text)
{
  GtkLabel *label;
  g_autofree char *shown = NULL;

  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (card));

  label = g_object_get_data (G_OBJECT (card), LABEL_KEY);
  g_object_set_data_full (G_OBJECT (card), TEXT_KEY, g_strdup (text), g_free);
  shown = g_strdup (text != NULL ? text : "");
  g_strchomp (shown);
  gtk_label_set_text (label, shown);
  gtk_widget_set_visible (card, text != NULL && *text != '\0');
}

const char *
avs_helpdesk_card_get_text (GtkWidget *card)
{
  g_return_val_if_fail (ADW_IS_PREFERENCES_GROUP (card), NULL);

  return g_object_get_data (G_OBJECT (card), TEXT_KEY);
}
