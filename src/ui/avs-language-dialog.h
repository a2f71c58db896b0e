/* avs-language-dialog.h — "Language…": choose the language the window restarts in
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A modal AdwMessageDialog listing English and the languages this build ships, each in its own
 * name, the current one chosen. Its responses are "cancel" and "restart"; on "restart",
 * avs_language_dialog_get_language() says which. */
GtkWidget  *avs_language_dialog_new          (GtkWindow  *parent);
const char *avs_language_dialog_get_language (GtkWidget  *dialog);
/* The language the program shows now ("en" when it is English). */
char       *avs_language_dialog_current      (void);

G_END_DECLS
