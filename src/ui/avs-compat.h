/* avs-compat.h — the one place where GTK 4.8 / libadwaita 1.2 and newer releases differ
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project pins *_VERSION_MAX_ALLOWED to Debian 12 (GTK 4.8, libadwaita 1.2), so newer API
 * (GtkUriLauncher, AdwAboutDialog, AdwAlertDialog) would be a warning, and warnings are errors.
 * Every call whose preferred form changed after those versions goes through here.
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Opens @uri in the default handler (through the OpenURI portal inside Flatpak). */
void       avs_compat_show_uri          (GtkWindow  *parent,
                                         const char *uri);
/* A modal alert with a heading and a body; add responses with adw_message_dialog_*(). */
GtkWidget *avs_compat_message_dialog_new (GtkWindow  *parent,
                                          const char *heading,
                                          const char *body);
/* GTK 4.8 names a button whose label has a mnemonic "_Next Next" for screen readers (the raw
 * label and the shown one). This gives every such button under @widget, now and whenever its
 * label changes, the plain name ("Next"). Harmless where GTK gets it right. */
void       avs_compat_fix_mnemonic_names (GtkWidget *widget);
/* Shows the About window for AV Switch. */
void       avs_compat_show_about        (GtkWindow  *parent);

G_END_DECLS
