/* avs-scanner-packages.c — package evidence: dpkg's status file, rpm's database, pacman's
 * local database
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

#include "avs-package-manager.h"
#include "avs-scanner-private.h"

/* ---------------------------------------------------------------------------------------------
 * Packages
 * ------------------------------------------------------------------------------------------- */

static void
package_found (AvsScan           *scan,
               const char        *name,
               const char        *version,
               AvsPackageManager  manager,
               gboolean           leftover)
{
  const char *manager_name = avs_package_manager_to_string (manager);

  for (guint i = 0; i < scan->products->len; i++)
    {
      AvsScanProduct *product = g_ptr_array_index (scan->products, i);

      for (guint j = 0; j < product->rule->signals->len; j++)
        {
          AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);

          if (signal->kind != AVS_RULE_PACKAGE || !g_str_equal (signal->value, name))
            continue;
          if (leftover)
            {
              /* Removed, but its settings are still there. */
              g_autofree char *detail = g_strdup_printf ("%s (config-files)", manager_name);
              _avs_scan_evidence (scan, product, NULL, AVS_EVIDENCE_PACKAGE, name, detail);
              continue;
            }
          _avs_scan_evidence (scan, product, signal, AVS_EVIDENCE_PACKAGE, name, manager_name);
          product->has_package = TRUE;
          if (product->package_version == NULL && version != NULL)
            product->package_version = g_strdup (version);
        }
    }
}

static void
unconfirmed_package (AvsScan           *scan,
                     const char        *name,
                     AvsPackageManager  manager)
{
  g_autofree char *what = g_strdup_printf (_("The %s package “%s”"),
                                           avs_package_manager_to_string (manager), name);

  /* It was looked at and set aside: information, not a gap. */
  _avs_scan_note (scan, what,
                  _("It has the name of a Kaspersky package, but neither its maintainer nor its files "
                    "point to Kaspersky, so it was not counted as Kaspersky software."),
                  NULL);
}

/* dpkg ------------------------------------------------------------------------------------- */

typedef struct
{
  char *package;
  char *status;
  char *version;
  char *maintainer;
  char *architecture;
} DpkgEntry;

static void
dpkg_entry_clear (DpkgEntry *entry)
{
  g_clear_pointer (&entry->package, g_free);
  g_clear_pointer (&entry->status, g_free);
  g_clear_pointer (&entry->version, g_free);
  g_clear_pointer (&entry->maintainer, g_free);
  g_clear_pointer (&entry->architecture, g_free);
}

static gboolean
dpkg_confirm (AvsScan   *scan,
              DpkgEntry *entry)
{
  const char *names[3];
  g_autofree char *with_arch = NULL;

  if (_avs_scan_vendor_matches (scan, entry->maintainer))
    return TRUE;

  names[0] = entry->package;
  with_arch = entry->architecture != NULL ? g_strdup_printf ("%s:%s", entry->package, entry->architecture) : NULL;
  names[1] = with_arch;
  names[2] = NULL;
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf (AVS_DPKG_INFO_DIR "/%s.list", names[i]);
      g_autofree char *text = avs_host_read_text (scan->host, path, AVS_HOST_LARGE_FILE, NULL, NULL);

      if (text != NULL && _avs_scan_lists_vendor_path (scan, text, FALSE))
        return TRUE;
    }
  return FALSE;
}

static void
dpkg_entry_done (AvsScan   *scan,
                 DpkgEntry *entry)
{
  const char *state;
  gboolean leftover = FALSE;

  if (entry->package == NULL || !avs_rules_is_candidate_package (scan->rules, entry->package))
    return;

  /* Status: "want error state", e.g. "install ok installed", "deinstall ok config-files". */
  state = entry->status != NULL ? strrchr (entry->status, ' ') : NULL;
  state = state != NULL ? state + 1 : entry->status;
  if (state == NULL || g_str_equal (state, "not-installed"))
    return;
  if (g_str_equal (state, "config-files"))
    leftover = TRUE;

  if (!dpkg_confirm (scan, entry))
    {
      unconfirmed_package (scan, entry->package, AVS_PACKAGE_MANAGER_DPKG);
      return;
    }
  package_found (scan, entry->package, entry->version, AVS_PACKAGE_MANAGER_DPKG, leftover);
}

void
_avs_scan_dpkg (AvsScan *scan)
{
  const char *path = AVS_DPKG_STATUS_PATH;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  DpkgEntry entry = { 0 };
  gsize length = 0;
  guint bad_lines = 0;
  guint incomplete = 0;
  guint first_bad = 0;
  guint line_no = 0;
  char *line, *next;

  if (avs_host_query (scan->host, avs_package_manager_get_db_dir (AVS_PACKAGE_MANAGER_DPKG), TRUE,
                      NULL, NULL) != AVS_HOST_FILE_DIRECTORY)
    return;

  text = avs_host_read_text (scan->host, path, AVS_HOST_LARGE_FILE, &length, &error);
  if (text == NULL)
    {
      if (g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND))
        _avs_scan_not_checked (scan, _("The dpkg package database"),
                               _("/var/lib/dpkg exists but its status file is missing, so installed Debian packages could not be listed."),
                               path, FALSE);
      else
        _avs_scan_not_checked_error (scan, _("The dpkg package database"), error, path);
      return;
    }

  if (memchr (text, '\0', length) != NULL)
    {
      _avs_scan_not_checked (scan, _("The dpkg package database"),
                             _("The file is damaged (it holds binary data). Packages that could still be read were checked; an administrator can restore /var/lib/dpkg/status from its copies in /var/backups."),
                             path, FALSE);
      /* Parse what is before the damage. */
      length = strlen (text);
    }

  for (line = text; line != NULL && line < text + length; line = next)
    {
      char *colon;

      next = strchr (line, '\n');
      if (next != NULL)
        *next++ = '\0';
      line_no++;

      if (*line == '\0')
        {
          if (entry.package != NULL || entry.status != NULL)
            {
              if (entry.package == NULL || entry.status == NULL)
                incomplete++;
              dpkg_entry_done (scan, &entry);
            }
          dpkg_entry_clear (&entry);
          continue;
        }
      if (*line == ' ' || *line == '\t')
        continue;   /* a continuation line */

      colon = strchr (line, ':');
      if (colon == NULL || colon == line || memchr (line, ' ', colon - line) != NULL)
        {
          if (bad_lines++ == 0)
            first_bad = line_no;
          continue;
        }
      *colon = '\0';
      if (g_ascii_strcasecmp (line, "Package") == 0)
        {
          g_free (entry.package);
          entry.package = g_strstrip (g_strdup (colon + 1));
        }
      else if (g_ascii_strcasecmp (line, "Status") == 0)
        {
          g_free (entry.status);
          entry.status = g_strstrip (g_strdup (colon + 1));
        }
      else if (g_ascii_strcasecmp (line, "Version") == 0)
        {
          g_free (entry.version);
          entry.version = g_strstrip (g_strdup (colon + 1));
        }
      else if (g_ascii_strcasecmp (line, "Maintainer") == 0)
        {
          g_free (entry.maintainer);
          entry.maintainer = g_strstrip (g_strdup (colon + 1));
        }
      else if (g_ascii_strcasecmp (line, "Architecture") == 0)
        {
          g_free (entry.architecture);
          entry.architecture = g_strstrip (g_strdup (colon + 1));
        }
    }
  if (entry.package != NULL || entry.status != NULL)
    {
      if (entry.package == NULL || entry.status == NULL)
        incomplete++;
      dpkg_entry_done (scan, &entry);
    }
  dpkg_entry_clear (&entry);

  if (bad_lines > 0 || incomplete > 0)
    {
      g_autofree char *reason = NULL;

      if (bad_lines > 0)
        reason = g_strdup_printf (ngettext ("The file is damaged: %u line is not a “Field: value” line (the first is line %u). Packages that could still be read were checked; an administrator can restore the file from its copies in /var/backups.",
                                            "The file is damaged: %u lines are not “Field: value” lines (the first is line %u). Packages that could still be read were checked; an administrator can restore the file from its copies in /var/backups.",
                                            bad_lines),
                                  bad_lines, first_bad);
      else
        reason = g_strdup_printf (ngettext ("The file is damaged: %u entry has no package name or no status. The other packages were checked; an administrator can restore the file from its copies in /var/backups.",
                                            "The file is damaged: %u entries have no package name or no status. The other packages were checked; an administrator can restore the file from its copies in /var/backups.",
                                            incomplete),
                                  incomplete);
      _avs_scan_not_checked (scan, _("The dpkg package database"), reason, path, FALSE);
    }
}

/* rpm -------------------------------------------------------------------------------------- */

static gboolean
rpm_confirm (AvsScan    *scan,
             const char *root,
             const char *dbpath,
             const char *name)
{
  g_auto(GStrv) argv = avs_package_manager_dup_files_argv (AVS_PACKAGE_MANAGER_RPM, root, dbpath,
                                                           name);
  g_autoptr(AvsRunResult) result = NULL;
  g_autofree char *out = NULL;

  result = avs_runner_run_sync (scan->runner, (const char * const *) argv,
                                AVS_RUN_QUERY | AVS_RUN_C_LOCALE, NULL, AVS_SCAN_COMMAND_TIMEOUT_MS,
                                scan->cancellable, NULL);
  if (result == NULL || !avs_run_result_succeeded (result))
    return FALSE;
  out = avs_run_result_dup_stdout (result);
  return _avs_scan_lists_vendor_path (scan, out, FALSE);
}

/* The output of `rpm -qa --qf NAME\tVERSION\tVENDOR\tPACKAGER\n` (a fuzz target's entry point). */
void
_avs_scan_rpm_read_query (AvsScan    *scan,
                          const char *out,
                          const char *root,
                          const char *dbpath)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 4);
      guint n_fields = g_strv_length (fields);

      /* A newline inside a tag (a hostile database) leaves lines with fewer fields. */
      if (n_fields < 2 || !avs_rules_is_candidate_package (scan->rules, fields[0]))
        continue;
      if (_avs_scan_vendor_matches (scan, fields[2]) || (n_fields > 3 && _avs_scan_vendor_matches (scan, fields[3])) ||
          rpm_confirm (scan, root, dbpath, fields[0]))
        package_found (scan, fields[0], fields[1], AVS_PACKAGE_MANAGER_RPM, FALSE);
      else
        unconfirmed_package (scan, fields[0], AVS_PACKAGE_MANAGER_RPM);
    }
}

void
_avs_scan_rpm (AvsScan *scan)
{
  const char * const *dbpaths = avs_package_manager_get_db_paths (AVS_PACKAGE_MANAGER_RPM);
  g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int have_rpm = -1;

  /* Only the computer's rpm reads its database; the sandbox view has named this gap when it may
   * not be started. */
  if (!avs_host_can_run_programs (scan->host))
    return;

  for (guint d = 0; dbpaths[d] != NULL; d++)
    {
      const char *dbpath = dbpaths[d];
      const char *root = avs_host_get_root (scan->host);
      g_autoptr(GError) error = NULL;
      g_autoptr(AvsRunResult) result = NULL;
      g_autofree char *resolved = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_auto(GStrv) names = NULL;
      g_auto(GStrv) argv = NULL;

      if (avs_host_query (scan->host, dbpath, TRUE, NULL, &error) != AVS_HOST_FILE_DIRECTORY)
        {
          if (error != NULL)
            _avs_scan_not_checked_error (scan, _("The rpm package database"), error, dbpath);
          continue;
        }
      /* Fedora links one to the other: read each database once. */
      resolved = avs_host_resolve (scan->host, dbpath, TRUE, NULL);
      if (resolved == NULL || g_hash_table_contains (done, resolved))
        continue;
      names = avs_host_list_dir (scan->host, dbpath, &error);
      if (names == NULL)
        {
          _avs_scan_not_checked_error (scan, _("The rpm package database"), error, dbpath);
          continue;
        }
      if (names[0] == NULL)
        continue;   /* an empty folder: no database */
      g_hash_table_add (done, g_strdup (resolved));

      if (have_rpm == -1)
        have_rpm = avs_runner_find_program (scan->runner,
                                            avs_package_manager_get_program (AVS_PACKAGE_MANAGER_RPM));
      if (!have_rpm)
        {
          _avs_scan_not_checked (scan, _("The rpm package database"),
                                 _("The rpm program is not installed, so the packages in this database could not be listed. Install the “rpm” package and scan again."),
                                 dbpath, FALSE);
          continue;
        }

      /* rpm reads --dbpath inside --root; Debian's rpm would otherwise default to ~/.rpmdb. */
      argv = avs_package_manager_dup_list_argv (AVS_PACKAGE_MANAGER_RPM, root, resolved);
      result = avs_runner_run_sync (scan->runner, (const char * const *) argv,
                                    AVS_RUN_QUERY | AVS_RUN_C_LOCALE, NULL, AVS_SCAN_COMMAND_TIMEOUT_MS,
                                    scan->cancellable, &error);
      if (result == NULL)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            _avs_scan_not_checked_error (scan, _("The rpm package database"), error, dbpath);
          continue;
        }
      out = avs_run_result_dup_stdout (result);
      err = avs_run_result_dup_stderr (result);
      if (!avs_run_result_succeeded (result) || strstr (err, "error:") != NULL)
        {
          g_autofree char *why = _avs_scan_first_line (err);
          g_autofree char *reason = g_strdup_printf (_("The database could not be read, it may be damaged (rpm said: %s). Packages listed before the error were checked; try “rpm --rebuilddb”."),
                                                     why != NULL ? why : _("nothing"));
          gboolean denied = err != NULL && strstr (err, "ermission denied") != NULL;
          _avs_scan_not_checked (scan, _("The rpm package database"), reason, dbpath, denied);
        }

      _avs_scan_rpm_read_query (scan, out, root, resolved);
    }
}

/* pacman ----------------------------------------------------------------------------------- */

static char *
pacman_field (const char *desc,
              const char *field)
{
  g_autofree char *marker = g_strdup_printf ("%%%s%%\n", field);
  const char *start = strstr (desc, marker);
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen (marker);
  end = strchr (start, '\n');
  return end != NULL ? g_strndup (start, end - start) : g_strdup (start);
}

void
_avs_scan_pacman (AvsScan *scan)
{
  const char *local = AVS_PACMAN_LOCAL_DIR;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) entries = NULL;

  if (avs_host_query (scan->host, local, TRUE, NULL, NULL) != AVS_HOST_FILE_DIRECTORY)
    return;
  entries = avs_host_list_dir (scan->host, local, &error);
  if (entries == NULL)
    {
      _avs_scan_not_checked_error (scan, _("The pacman package database"), error, local);
      return;
    }

  for (guint i = 0; entries[i] != NULL; i++)
    {
      g_autofree char *name_guess = NULL;
      g_autofree char *desc_path = NULL;
      g_autofree char *desc = NULL;
      g_autofree char *name = NULL;
      g_autofree char *version = NULL;
      g_autofree char *packager = NULL;
      char *dash;
      gboolean candidate = FALSE;

      /* "<name>-<version>-<release>": the name is what is left after two dashes. */
      name_guess = g_strdup (entries[i]);
      for (int k = 0; k < 2 && (dash = strrchr (name_guess, '-')) != NULL; k++)
        *dash = '\0';
      candidate = avs_rules_is_candidate_package (scan->rules, name_guess);
      if (!candidate)
        continue;

      desc_path = g_strdup_printf ("%s/%s/desc", local, entries[i]);
      desc = avs_host_read_text (scan->host, desc_path, AVS_HOST_SMALL_FILE, NULL, &error);
      if (desc == NULL)
        {
          _avs_scan_not_checked_error (scan, _("The pacman package database"), error, desc_path);
          g_clear_error (&error);
          continue;
        }
      name = pacman_field (desc, "NAME");
      version = pacman_field (desc, "VERSION");
      packager = pacman_field (desc, "PACKAGER");
      if (name == NULL || !avs_rules_is_candidate_package (scan->rules, name))
        continue;

      if (!_avs_scan_vendor_matches (scan, packager))
        {
          g_autofree char *files_path = g_strdup_printf ("%s/%s/files", local, entries[i]);
          g_autofree char *files = avs_host_read_text (scan->host, files_path, AVS_HOST_LARGE_FILE, NULL, NULL);

          if (files == NULL || !_avs_scan_lists_vendor_path (scan, files, TRUE))
            {
              unconfirmed_package (scan, name, AVS_PACKAGE_MANAGER_PACMAN);
              continue;
            }
        }
      package_found (scan, name, version, AVS_PACKAGE_MANAGER_PACMAN, FALSE);
    }
}
