/* avs-scanner-files.c — files and folders, services, groups, running programs and
 * loaded kernel modules
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
 * Files and folders
 * ------------------------------------------------------------------------------------------- */

/* Expands a path whose components may hold globs into existing paths (as seen from the root). */
void
_avs_scan_expand_path (AvsScan     *scan,
                       const char  *base,
                       char       **parts,
                       GPtrArray   *out,
                       const char  *what)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  const char *part = parts[0];

  if (part == NULL)
    {
      g_ptr_array_add (out, g_strdup (base));
      return;
    }

  if (strchr (part, '*') == NULL && strchr (part, '?') == NULL)
    {
      g_autofree char *next = g_build_filename (base, part, NULL);

      if (parts[1] == NULL)
        g_ptr_array_add (out, g_steal_pointer (&next));
      else
        _avs_scan_expand_path (scan, next, parts + 1, out, what);
      return;
    }

  if (avs_host_query (scan->host, base, TRUE, NULL, NULL) != AVS_HOST_FILE_DIRECTORY)
    return;
  names = avs_host_list_dir (scan->host, base, &error);
  if (names == NULL)
    {
      _avs_scan_not_checked_error (scan, what, error, base);
      return;
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *next = NULL;

      if (!g_pattern_match_simple (part, names[i]))
        continue;
      next = g_build_filename (base, names[i], NULL);
      if (parts[1] == NULL)
        g_ptr_array_add (out, g_steal_pointer (&next));
      else
        _avs_scan_expand_path (scan, next, parts + 1, out, what);
    }
}

/* Looks at one path and records what is there. Returns TRUE when something exists. */
gboolean
_avs_scan_check_path (AvsScan         *scan,
                      AvsScanProduct  *product,
                      AvsRuleSignal   *signal,
                      const char      *path,
                      AvsEvidenceKind  file_kind)
{
  g_autoptr(GError) error = NULL;
  AvsHostFileType type;

  type = avs_host_query (scan->host, path, FALSE, NULL, &error);
  if (error != NULL)
    {
      _avs_scan_not_checked_error (scan, _("Kaspersky files and folders"), error, path);
      return FALSE;
    }

  switch (type)
    {
    case AVS_HOST_FILE_MISSING:
      return FALSE;

    case AVS_HOST_FILE_SYMLINK:
      {
        g_autofree char *target = avs_host_read_link (scan->host, path, NULL);
        g_autoptr(GError) follow_error = NULL;

        _avs_scan_evidence (scan, product, signal, AVS_EVIDENCE_SYMLINK, path, target);
        avs_host_query (scan->host, path, TRUE, NULL, &follow_error);
        if (follow_error != NULL &&
            !g_error_matches (follow_error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND))
          _avs_scan_not_checked_error (scan, _("Kaspersky files and folders"), follow_error, path);
        return TRUE;
      }

    case AVS_HOST_FILE_DIRECTORY:
      _avs_scan_evidence (scan, product, signal, file_kind == AVS_EVIDENCE_FILE ? AVS_EVIDENCE_DIRECTORY : file_kind,
                          path, NULL);
      return TRUE;

    case AVS_HOST_FILE_REGULAR:
    case AVS_HOST_FILE_OTHER:
    default:
      _avs_scan_evidence (scan, product, signal, file_kind, path, NULL);
      return TRUE;
    }
}

void
_avs_scan_paths (AvsScan *scan)
{
  for (guint i = 0; i < scan->products->len && !_avs_scan_cancelled (scan); i++)
    {
      AvsScanProduct *product = g_ptr_array_index (scan->products, i);

      for (guint j = 0; j < product->rule->signals->len; j++)
        {
          AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
          g_autoptr(GPtrArray) paths = NULL;
          AvsEvidenceKind kind;

          if (signal->kind == AVS_RULE_PATH)
            kind = AVS_EVIDENCE_FILE;
          else if (signal->kind == AVS_RULE_INIT_SCRIPT)
            kind = AVS_EVIDENCE_INIT_SCRIPT;
          else
            continue;

          paths = g_ptr_array_new_with_free_func (g_free);
          _avs_scan_expand_path (scan, "/", signal->path_parts, paths, _("Kaspersky files and folders"));
          for (guint k = 0; k < paths->len; k++)
            _avs_scan_check_path (scan, product, signal, g_ptr_array_index (paths, k), kind);
        }
    }
}

/* The shared folders (/opt/kaspersky…) go to every finding that has evidence beneath them; if
 * no product claims one, the scan says so rather than passing over it. */
void
_avs_scan_shared_paths (AvsScan *scan)
{
  const char * const *shared = avs_rules_get_shared_paths (scan->rules);

  for (guint i = 0; shared[i] != NULL; i++)
    {
      g_autofree char *prefix = g_strconcat (shared[i], "/", NULL);
      gboolean claimed = FALSE;

      if (!avs_host_exists (scan->host, shared[i]))
        continue;

      for (guint j = 0; j < scan->products->len; j++)
        {
          AvsScanProduct *product = g_ptr_array_index (scan->products, j);
          GPtrArray *items;
          gboolean beneath = FALSE;

          if (product->finding == NULL)
            continue;
          items = avs_finding_get_evidence (product->finding);
          for (guint k = 0; k < items->len && !beneath; k++)
            {
              AvsEvidence *e = g_ptr_array_index (items, k);
              beneath = g_str_has_prefix (e->value, prefix);
            }
          if (beneath)
            {
              avs_finding_add_evidence (product->finding, AVS_EVIDENCE_DIRECTORY, shared[i], NULL);
              claimed = TRUE;
            }
        }

      if (!claimed)
        {
          g_auto(GStrv) names = avs_host_list_dir (scan->host, shared[i], NULL);

          if (names != NULL && names[0] == NULL)
            continue;   /* an empty folder */
          _avs_scan_not_checked (scan, _("A Kaspersky folder"),
                                 _("This folder belongs to Kaspersky, but nothing in it matches a known product, so it was not identified. Look at it yourself before removing it."),
                                 shared[i], FALSE);
        }
    }
}

/* ---------------------------------------------------------------------------------------------
 * Services
 * ------------------------------------------------------------------------------------------- */

void
_avs_scan_units (AvsScan *scan)
{
  static const char * const dirs[] = {
    "/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system",
    "/lib/systemd/system", "/usr/lib/systemd/system", NULL
  };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint d = 0; dirs[d] != NULL; d++)
    {
      g_autofree char *resolved = avs_host_resolve (scan->host, dirs[d], TRUE, NULL);

      /* Merged /usr: /lib/systemd/system is /usr/lib/systemd/system. */
      if (resolved == NULL || g_hash_table_contains (seen, resolved))
        continue;
      g_hash_table_add (seen, g_strdup (resolved));

      for (guint i = 0; i < scan->products->len; i++)
        {
          AvsScanProduct *product = g_ptr_array_index (scan->products, i);

          for (guint j = 0; j < product->rule->signals->len; j++)
            {
              AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
              g_autofree char *path = NULL;
              g_autoptr(GError) error = NULL;
              AvsHostFileType type;

              if (signal->kind != AVS_RULE_UNIT)
                continue;
              path = g_build_filename (dirs[d], signal->value, NULL);
              type = avs_host_query (scan->host, path, FALSE, NULL, &error);
              if (error != NULL)
                _avs_scan_not_checked_error (scan, _("systemd services"), error, path);
              else if (type != AVS_HOST_FILE_MISSING)
                _avs_scan_evidence (scan, product, signal, AVS_EVIDENCE_UNIT, signal->value, path);
            }
        }
    }
}

/* ---------------------------------------------------------------------------------------------
 * Groups, processes, kernel modules
 * ------------------------------------------------------------------------------------------- */

void
_avs_scan_groups (AvsScan *scan)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = avs_host_read_text (scan->host, "/etc/group", AVS_HOST_LARGE_FILE, NULL, &error);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (text == NULL)
    {
      if (!g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND))
        _avs_scan_not_checked_error (scan, _("Operating-system groups"), error, "/etc/group");
      return;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *colon = strchr (lines[i], ':');
      if (colon != NULL)
        g_hash_table_add (groups, g_strndup (lines[i], colon - lines[i]));
    }

  for (guint i = 0; i < scan->products->len; i++)
    {
      AvsScanProduct *product = g_ptr_array_index (scan->products, i);

      for (guint j = 0; j < product->rule->signals->len; j++)
        {
          AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);

          if (signal->kind == AVS_RULE_GROUP && g_hash_table_contains (groups, signal->value))
            _avs_scan_evidence (scan, product, signal, AVS_EVIDENCE_GROUP, signal->value, NULL);
        }
    }
}

void
_avs_scan_processes (AvsScan *scan)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) processes = NULL;
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);

  if (!scan->live)
    return;
  /* Without the permission to run the computer's ps, the sandbox view has named this gap. */
  if (!avs_host_can_run_programs (scan->host))
    return;

  for (guint i = 0; i < scan->products->len; i++)
    {
      AvsScanProduct *product = g_ptr_array_index (scan->products, i);
      for (guint j = 0; j < product->rule->signals->len; j++)
        {
          AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
          if (signal->kind == AVS_RULE_PROCESS)
            g_hash_table_add (wanted, signal->value);
        }
    }

  processes = avs_host_list_processes (scan->host, scan->runner, scan->cancellable, &error);
  if (processes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _avs_scan_not_checked_error (scan, _("Running programs"), error,
                                     avs_host_is_sandbox_view (scan->host) ? NULL : "/proc");
      return;
    }

  for (guint p = 0; p < processes->len; p++)
    {
      AvsHostProcess *process = g_ptr_array_index (processes, p);

      if (!g_hash_table_contains (wanted, process->name))
        continue;

      for (guint i = 0; i < scan->products->len; i++)
        {
          AvsScanProduct *product = g_ptr_array_index (scan->products, i);
          for (guint j = 0; j < product->rule->signals->len; j++)
            {
              AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
              if (signal->kind == AVS_RULE_PROCESS && g_str_equal (signal->value, process->name))
                {
                  _avs_scan_evidence (scan, product, signal, AVS_EVIDENCE_PROCESS, process->name, process->pid);
                  product->running = TRUE;
                }
            }
        }
    }
}

void
_avs_scan_kernel_modules (AvsScan *scan)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!scan->live)
    return;
  text = avs_host_read_text (scan->host, "/proc/modules", AVS_HOST_LARGE_FILE, NULL, &error);
  if (text == NULL)
    {
      /* Kernels without module support have no /proc/modules: nothing can be loaded. */
      if (!g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND))
        _avs_scan_not_checked_error (scan, _("Loaded kernel modules"), error, "/proc/modules");
      return;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      char *space = strchr (lines[l], ' ');
      if (space == NULL)
        continue;
      *space = '\0';
      for (guint i = 0; i < scan->products->len; i++)
        {
          AvsScanProduct *product = g_ptr_array_index (scan->products, i);
          for (guint j = 0; j < product->rule->signals->len; j++)
            {
              AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
              if (signal->kind == AVS_RULE_KERNEL_MODULE && g_str_equal (signal->value, lines[l]))
                {
                  _avs_scan_evidence (scan, product, signal, AVS_EVIDENCE_KERNEL_MODULE, lines[l], "/proc/modules");
                  product->running = TRUE;
                }
            }
        }
    }
}
