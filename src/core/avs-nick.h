/* avs-nick.h — enumerations and the names (nicks) they have in JSON documents
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Finds @nick in @nicks, an array of @n_nicks names indexed by enum value (gaps may be NULL).
 * Returns FALSE for NULL or an unknown name. */
gboolean avs_nick_lookup (const char * const *nicks,
                          gsize               n_nicks,
                          const char         *nick,
                          guint              *out_value);

G_END_DECLS
