/* avs-scanner-details.c — details of a found product: its version, the date of its
 * signatures and the server that manages it
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

#define KLNAGCHK_TIMEOUT_MS (30 * 1000)

/* ---------------------------------------------------------------------------------------------
 * Version, signatures, management
 * ------------------------------------------------------------------------------------------- */

void
_avs_scan_find_version (AvsScan        *scan,
                        AvsScanProduct *product)
{
  for (guint i = 0; i < product->rule->versions->len; i++)
    {
      AvsRuleVersion *version = g_ptr_array_index (product->rule->versions, i);

      switch (version->from)
        {
        case AVS_RULE_VERSION_PACKAGE:
          if (product->package_version != NULL)
            {
              avs_finding_set_version (product->finding, product->package_version);
              return;
            }
          break;

        case AVS_RULE_VERSION_LINK:
          {
            g_autofree char *resolved = avs_host_resolve (scan->host, version->path, TRUE, NULL);
            g_autofree char *target = avs_host_read_link (scan->host, version->path, NULL);
            const char *candidates[] = { target, resolved, NULL };

            for (guint c = 0; c < 2; c++)
              {
                g_autoptr(GMatchInfo) match = NULL;
                if (candidates[c] != NULL && g_regex_match (version->pattern, candidates[c], 0, &match))
                  {
                    g_autofree char *v = g_match_info_fetch (match, 1);
                    if (v != NULL && *v != '\0')
                      {
                        avs_finding_set_version (product->finding, v);
                        return;
                      }
                  }
              }
          }
          break;

        case AVS_RULE_VERSION_INI:
          {
            g_autofree char *text = avs_host_read_text (scan->host, version->path, AVS_HOST_SMALL_FILE, NULL, NULL);
            g_autofree char *v = text != NULL ? _avs_scan_ini_value (text, version->section, version->key) : NULL;
            if (v != NULL)
              {
                avs_finding_set_version (product->finding, v);
                return;
              }
          }
          break;

        default:
          break;
        }
    }
}

static gint64
newest_mtime (AvsScan    *scan,
              const char *dir,
              guint       depth)
{
  g_auto(GStrv) names = avs_host_list_dir (scan->host, dir, NULL);
  gint64 newest = 0;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      GStatBuf st;
      AvsHostFileType type = avs_host_query (scan->host, path, FALSE, &st, NULL);

      if (type == AVS_HOST_FILE_REGULAR)
        newest = MAX (newest, (gint64) st.st_mtime);
      else if (type == AVS_HOST_FILE_DIRECTORY && depth > 0)
        newest = MAX (newest, newest_mtime (scan, path, depth - 1));
    }
  return newest;
}

void
_avs_scan_find_signatures (AvsScan        *scan,
                           AvsScanProduct *product)
{
  gint64 newest = 0;

  for (guint i = 0; product->rule->signature_paths[i] != NULL; i++)
    newest = MAX (newest, newest_mtime (scan, product->rule->signature_paths[i], 2));
  if (newest > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (newest);
      avs_finding_set_signatures_updated (product->finding, when);
    }
}

char *
_avs_scan_find_management_server (AvsScan        *scan,
                                  AvsScanProduct *product)
{
  AvsRuleProduct *rule = product->rule;

  if (rule->management_commands[0] == NULL)
    return NULL;

  if (!scan->live)
    {
      _avs_scan_not_checked (scan, _("The Kaspersky Security Center server that manages this machine"),
                             _("Only the Network Agent itself can tell which server manages it, and it can only be asked on the running computer, not on the disk or folder of another system."),
                             NULL, FALSE);
      return NULL;
    }
  if (!avs_runner_get_is_root (scan->runner))
    {
      _avs_scan_not_checked (scan, _("The Kaspersky Security Center server that manages this machine"),
                             _("Asking the Network Agent for the server’s address needs administrator rights."),
                             NULL, TRUE);
      return NULL;
    }

  for (guint i = 0; rule->management_commands[i] != NULL; i++)
    {
      const char *argv[] = { NULL, NULL };
      g_autoptr(AvsRunResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;

      g_autofree char *program = NULL;

      if (avs_host_query (scan->host, rule->management_commands[i], TRUE, NULL, NULL) != AVS_HOST_FILE_REGULAR)
        continue;
      /* On the live system this is the path itself; under a root treated as live (tests), the
       * program inside it. */
      program = avs_host_disk_path (scan->host, rule->management_commands[i], NULL);
      if (program == NULL)
        continue;
      argv[0] = program;
      result = avs_runner_run_sync (scan->runner, argv, AVS_RUN_QUERY | AVS_RUN_C_LOCALE, NULL,
                                    KLNAGCHK_TIMEOUT_MS, scan->cancellable, &error);
      if (result == NULL)
        {
          _avs_scan_not_checked_error (scan, _("The Kaspersky Security Center server that manages this machine"),
                                       error, argv[0]);
          continue;
        }
      out = avs_run_result_dup_stdout (result);
      lines = g_strsplit (out, "\n", -1);
      for (guint l = 0; lines[l] != NULL; l++)
        {
          const char *at = strstr (lines[l], rule->server_label);
          const char *colon;

          if (at == NULL || (colon = strchr (at + strlen (rule->server_label), ':')) == NULL)
            continue;
          {
            g_autofree char *server = g_strstrip (g_strdup (colon + 1));
            if (*server != '\0' && g_utf8_validate (server, -1, NULL))
              {
                _avs_scan_evidence (scan, product, NULL, AVS_EVIDENCE_CONFIG,
                                    lines[l] + (at - lines[l]), rule->management_commands[i]);
                return g_steal_pointer (&server);
              }
          }
        }
    }
  return NULL;
}
