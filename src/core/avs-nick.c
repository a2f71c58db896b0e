/* avs-nick.c — enumerations and the names (nicks) they have in JSON documents
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "avs-nick.h"

gboolean
avs_nick_lookup (const char * const *nicks,
                 gsize               n_nicks,
                 const char         *nick,
                 guint              *out_value)
{
  if (nick == NULL)
    return FALSE;

  for (gsize i = 0; i < n_nicks; i++)
    {
      if (nicks[i] != NULL && g_str_equal (nick, nicks[i]))
        {
          *out_value = (guint) i;
          return TRUE;
        }
    }
  return FALSE;
}
