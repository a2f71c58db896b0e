/* avs-helpdesk-card.h — "Summary for your help-desk": a few plain lines and a Copy button
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The findings and done pages show the lines avs_helpdesk_summary_new() makes, for the person
 * on the phone to read out or paste into a chat. The text is shown as it is (never markup).
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A preferences group with the summary in a selectable label and a Copy button. */
GtkWidget  *avs_helpdesk_card_new      (void);
void        avs_helpdesk_card_set_text (GtkWidget  *card,
                                        const char *text);
const char *avs_helpdesk_card_get_text (GtkWidget  *card);

G_END_DECLS
