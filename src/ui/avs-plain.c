/* avs-plain.c — widgets that show text as plain text, never as Pango markup
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "avs-plain.h"

GtkWidget *
avs_plain_action_row_new (void)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  return row;
}

GtkWidget *
avs_plain_expander_row_new (void)
{
  GtkWidget *row = adw_expander_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  return row;
}

AdwToast *
avs_plain_toast_new (const char *text)
{
  /* AdwToast:use-markup only exists from libadwaita 1.4; before that the title is markup. */
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  return adw_toast_new (escaped);
}

void
avs_plain_group_set_text (AdwPreferencesGroup *group,
                          const char          *title,
                          const char          *description)
{
  g_autofree char *escaped_title = title != NULL ? g_markup_escape_text (title, -1) : NULL;
  g_autofree char *escaped_description =
    description != NULL ? g_markup_escape_text (description, -1) : NULL;

  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));

  adw_preferences_group_set_title (group, escaped_title != NULL ? escaped_title : "");
  adw_preferences_group_set_description (group, escaped_description);
}

void
avs_plain_status_page_set_text (AdwStatusPage *page,
                                const char    *text)
{
  g_autofree char *escaped = text != NULL ? g_markup_escape_text (text, -1) : NULL;

  g_return_if_fail (ADW_IS_STATUS_PAGE (page));

  adw_status_page_set_description (page, escaped);
}
