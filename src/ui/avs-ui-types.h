/* avs-ui-types.h — registers every widget type the templates may name
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* GtkBuilder finds types by name, which works only once they are registered. */
void avs_ui_ensure_types (void);

G_END_DECLS
