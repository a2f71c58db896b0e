/* avs-scanner-windows.c — Kaspersky's folders on mounted Windows volumes
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Part of AvsScanner: the scan's state and the helpers every evidence family shares are
 * declared in avs-scanner-private.h.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "avs-scanner-private.h"

/* ---------------------------------------------------------------------------------------------
 * Windows volumes
 * ------------------------------------------------------------------------------------------- */

static void
scan_windows_volume (AvsScan    *scan,
                     const char *volume)
{
  g_auto(GStrv) names = avs_host_list_dir (scan->host, volume, NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *program_files = NULL;
      g_auto(GStrv) vendors = NULL;

      /* "Program Files", "Program Files (x86)"; NTFS names are case-insensitive. */
      if (g_ascii_strncasecmp (names[i], "Program Files", strlen ("Program Files")) != 0)
        continue;
      program_files = g_build_filename (volume, names[i], NULL);
      vendors = avs_host_list_dir (scan->host, program_files, NULL);
      for (guint v = 0; vendors != NULL && vendors[v] != NULL; v++)
        {
          for (guint p = 0; p < scan->products->len; p++)
            {
              AvsScanProduct *product = g_ptr_array_index (scan->products, p);
              for (guint j = 0; j < product->rule->signals->len; j++)
                {
                  AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
                  g_autofree char *path = NULL;
                  g_auto(GStrv) inside = NULL;
                  g_autofree char *detail = NULL;

                  if (signal->kind != AVS_RULE_WINDOWS_PATH ||
                      g_ascii_strcasecmp (signal->path_parts[0], vendors[v]) != 0)
                    continue;
                  path = g_build_filename (program_files, vendors[v], NULL);
                  for (guint k = 1; signal->path_parts[k] != NULL; k++)
                    {
                      char *longer = g_build_filename (path, signal->path_parts[k], NULL);
                      g_free (path);
                      path = longer;
                    }
                  if (!avs_host_exists (scan->host, path))
                    continue;
                  /* The folders inside name the products ("Kaspersky Total Security 21.3"). */
                  inside = avs_host_list_dir (scan->host, path, NULL);
                  detail = inside != NULL && inside[0] != NULL ? g_strjoinv (", ", inside) : NULL;
                  _avs_scan_evidence (scan, product, signal, AVS_EVIDENCE_WINDOWS_INSTALL, path, detail);
                }
            }
        }
    }
}

void
_avs_scan_windows (AvsScan *scan)
{
  static const char * const bases[] = { "/media", "/run/media", "/mnt", NULL };

  for (guint b = 0; bases[b] != NULL && !_avs_scan_cancelled (scan); b++)
    {
      g_auto(GStrv) level1 = NULL;

      if (avs_host_query (scan->host, bases[b], TRUE, NULL, NULL) != AVS_HOST_FILE_DIRECTORY)
        continue;
      /* The base itself (a volume on /mnt), its entries (/media/DISK), and one level deeper
       * (/media/USER/DISK, /run/media/USER/DISK). */
      scan_windows_volume (scan, bases[b]);
      level1 = avs_host_list_dir (scan->host, bases[b], NULL);
      for (guint i = 0; level1 != NULL && level1[i] != NULL; i++)
        {
          g_autofree char *one = g_build_filename (bases[b], level1[i], NULL);
          g_autoptr(GError) error = NULL;
          g_auto(GStrv) level2 = NULL;

          if (avs_host_query (scan->host, one, TRUE, NULL, NULL) != AVS_HOST_FILE_DIRECTORY)
            continue;
          scan_windows_volume (scan, one);
          level2 = avs_host_list_dir (scan->host, one, &error);
          if (level2 == NULL)
            {
              if (avs_host_error_needs_admin (error))
                _avs_scan_not_checked_error (scan, _("Mounted Windows volumes"), error, one);
              continue;
            }
          for (guint j = 0; level2[j] != NULL; j++)
            {
              g_autofree char *two = g_build_filename (one, level2[j], NULL);
              if (avs_host_query (scan->host, two, TRUE, NULL, NULL) == AVS_HOST_FILE_DIRECTORY)
                scan_windows_volume (scan, two);
            }
        }
    }
}
