/* avs-plain.h — widgets that show text as plain text, never as Pango markup
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Paths, package names, command output and catalog text come from the scanned machine or a
 * download: a "&" or "<" in them must show as itself, and must never be able to style, hide or
 * link anything. libadwaita 1.2 treats row titles and subtitles, toast titles and status page
 * descriptions as markup by default, so every such widget that shows data is made here.
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* An AdwActionRow whose title and subtitle are plain text. */
GtkWidget *avs_plain_action_row_new   (void);
/* An AdwExpanderRow whose title and subtitle are plain text. */
GtkWidget *avs_plain_expander_row_new (void);
/* A toast whose title is @text, shown as it is. */
AdwToast  *avs_plain_toast_new        (const char    *text);
/* Sets an AdwPreferencesGroup's title and description (always markup in libadwaita 1.2) to
 * plain text; NULL clears either. */
void       avs_plain_group_set_text   (AdwPreferencesGroup *group,
                                       const char          *title,
                                       const char          *description);
/* Sets an AdwStatusPage's description (always markup in libadwaita) to plain @text; NULL
 * clears it. */
void       avs_plain_status_page_set_text (AdwStatusPage *page,
                                           const char    *text);

G_END_DECLS
