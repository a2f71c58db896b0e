/* avs-technician.c — the detail behind each page, as plain text, for technician mode
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "avs-catalog.h"
#include "avs-technician.h"
#include "avs-text.h"

/* One "label: value" line; the value comes from outside and is escaped (it gets no line of its
 * own). */
static void
add_field (GString    *out,
           const char *indent,
           const char *label,
           const char *value)
{
  g_autofree char *safe = avs_text_escape_for_terminal (value != NULL ? value : "-", -1,
                                                        AVS_TEXT_ESCAPE_DEFAULT);

  /* Translators: a line of the technician's detail: a label, then its value */
  g_string_append_printf (out, _("%s%s: %s"), indent, label, safe);
  g_string_append_c (out, '\n');
}

static void
add_heading (GString    *out,
             const char *heading)
{
  if (out->len > 0)
    g_string_append_c (out, '\n');
  g_string_append_printf (out, "== %s ==\n", heading);
}

static const char *
yes_no (gboolean value)
{
  return value ? _("yes") : _("no");
}

static char *
iso_time (GDateTime *when)
{
  return when != NULL ? g_date_time_format_iso8601 (when) : NULL;
}

/* argv as a person would type it: quoted only where needed. */
static char *
join_argv (char **argv)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; argv != NULL && argv[i] != NULL; i++)
    {
      gboolean plain = argv[i][0] != '\0';

      for (const char *p = argv[i]; *p != '\0' && plain; p++)
        plain = g_ascii_isalnum (*p) || strchr ("-_./=:,+@%", *p) != NULL;
      if (i > 0)
        g_string_append_c (line, ' ');
      if (plain)
        g_string_append (line, argv[i]);
      else
        {
          g_autofree char *quoted = g_shell_quote (argv[i]);
          g_string_append (line, quoted);
        }
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

char *
avs_technician_session_text (AvsSession *session)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (AVS_IS_SESSION (session), NULL);

  add_heading (out, _("Session"));
  add_field (out, "", _("Version"), PACKAGE_VERSION);
  add_field (out, "", _("Root"), avs_session_get_root (session));
  add_field (out, "", _("Rules file"), avs_session_get_rules_path (session) != NULL
                                       ? avs_session_get_rules_path (session) : _("built in"));
  add_field (out, "", _("Dry run"), yes_no (avs_session_get_dry_run (session)));
  add_field (out, "", _("Scan as administrator"), yes_no (avs_session_get_scan_as_admin (session)));
  add_field (out, "", _("Region"), avs_session_get_region (session) != NULL
                                   ? avs_session_get_region (session) : _("detected"));
  add_field (out, "", _("Catalog address"), avs_session_get_catalog_url (session) != NULL
                                            ? avs_session_get_catalog_url (session) : _("configured"));
  add_field (out, "", _("Replacement"), avs_session_get_replacement_id (session));
  add_field (out, "", _("IT department installs it"), yes_no (avs_session_get_it_installs (session)));
  add_field (out, "", _("Continued on a managed computer"),
             yes_no (avs_session_get_continued_managed (session)));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
add_finding (GString    *out,
             AvsFinding *finding)
{
  GPtrArray *evidence = avs_finding_get_evidence (finding);
  g_autofree char *updated = iso_time (avs_finding_get_signatures_updated (finding));
  g_autofree char *id = avs_text_escape_for_terminal (avs_finding_get_product_id (finding), -1,
                                                      AVS_TEXT_ESCAPE_DEFAULT);

  g_string_append_printf (out, "\n[%s]\n", id);
  add_field (out, "  ", _("Name"), avs_finding_get_name (finding));
  add_field (out, "  ", _("Version"), avs_finding_get_version (finding));
  add_field (out, "  ", _("State"), avs_install_state_to_string (avs_finding_get_state (finding)));
  add_field (out, "  ", _("Running"), yes_no (avs_finding_get_running (finding)));
  add_field (out, "  ", _("Managed"), yes_no (avs_finding_get_managed (finding)));
  if (avs_finding_get_management_server (finding) != NULL)
    add_field (out, "  ", _("Administration Server"), avs_finding_get_management_server (finding));
  if (updated != NULL)
    add_field (out, "  ", _("Signatures updated"), updated);
  for (guint i = 0; i < evidence->len; i++)
    {
      AvsEvidence *e = g_ptr_array_index (evidence, i);
      g_autofree char *value = NULL;

      if (e->detail != NULL && *e->detail != '\0')
        value = g_strdup_printf ("%s  (%s)", e->value, e->detail);
      else
        value = g_strdup (e->value);
      add_field (out, "  ", avs_evidence_kind_to_string (e->kind), value);
    }
}

char *
avs_technician_scan_text (AvsScanResult *scan)
{
  g_autoptr(GString) out = g_string_new (NULL);
  AvsHostInfo *host;
  GPtrArray *findings;
  GPtrArray *not_checked;
  g_autofree char *scanned_at = NULL;
  g_autofree char *id_like = NULL;

  add_heading (out, _("Scan"));
  if (scan == NULL)
    {
      g_string_append_printf (out, "%s\n", _("No scan yet."));
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  g_return_val_if_fail (AVS_IS_SCAN_RESULT (scan), NULL);

  host = avs_scan_result_get_host (scan);
  findings = avs_scan_result_get_findings (scan);
  not_checked = avs_scan_result_get_not_checked (scan);
  scanned_at = iso_time (avs_scan_result_get_scanned_at (scan));
  id_like = host->id_like != NULL ? g_strjoinv (" ", host->id_like) : NULL;

  add_field (out, "", _("Root"), avs_scan_result_get_root (scan));
  add_field (out, "", _("Live system"), yes_no (avs_scan_result_get_live (scan)));
  add_field (out, "", _("Scanned at"), scanned_at);
  add_field (out, "", _("Operating system"), host->pretty_name);
  add_field (out, "", _("OS id"), host->id);
  add_field (out, "", _("OS like"), id_like != NULL && *id_like != '\0' ? id_like : NULL);
  add_field (out, "", _("OS version"), host->version_id);
  add_field (out, "", _("Package manager"), host->package_manager);
  add_field (out, "", _("Outcome"), avs_scan_outcome_to_string (avs_scan_result_get_outcome (scan)));

  for (guint i = 0; i < findings->len; i++)
    add_finding (out, g_ptr_array_index (findings, i));

  if (not_checked->len > 0)
    add_heading (out, _("Could not check"));
  for (guint i = 0; i < not_checked->len; i++)
    {
      AvsNotChecked *entry = g_ptr_array_index (not_checked, i);
      const char *kind = entry->note ? _("note")
                         : entry->needs_admin ? _("gap, an administrator could check it")
                         : _("gap");

      add_field (out, "", kind, entry->what);
      add_field (out, "  ", _("Reason"), entry->reason);
      if (entry->path != NULL)
        add_field (out, "  ", _("Path"), entry->path);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
add_output (GString    *out,
            const char *label,
            GBytes     *bytes)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autofree char *text = NULL;

  if (size == 0)
    return;
  /* Command output keeps its lines; its control characters are shown, not obeyed. */
  text = avs_text_escape_for_terminal (data, (gssize) MIN (size, 64 * 1024),
                                       AVS_TEXT_ESCAPE_KEEP_NEWLINES);
  g_string_append_printf (out, "  %s:\n", label);
  g_string_append (out, text);
  if (size > 64 * 1024)
    g_string_append_printf (out, "\n  %s", _("(cut at 64 KiB)"));
  if (out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
}

static void
add_run (GString      *out,
         AvsRunResult *result)
{
  g_autofree char *command = join_argv (result->argv);
  g_autofree char *safe = avs_text_escape_for_terminal (command, -1, AVS_TEXT_ESCAPE_DEFAULT);
  g_autofree char *status = NULL;

  g_string_append_printf (out, "\n$ %s\n", safe);
  if (result->dry_run)
    status = g_strdup (_("recorded only (dry run)"));
  else if (result->exited)
    /* Translators: %d is a command's exit status, %lld how long it took in milliseconds */
    status = g_strdup_printf (_("exit status %d, %lld ms"), result->exit_status,
                              (long long) (result->duration_us / 1000));
  else
    /* Translators: %d is a signal number */
    status = g_strdup_printf (_("killed by signal %d"), result->term_signal);
  g_string_append_printf (out, "  %s\n", status);
  add_output (out, _("Output"), result->stdout_data);
  add_output (out, _("Errors"), result->stderr_data);
}

char *
avs_technician_executor_text (AvsExecutor *executor)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) runs = NULL;
  GPtrArray *log;
  AvsPlan *plan;

  add_heading (out, _("Removal plan"));
  if (executor == NULL)
    {
      g_string_append_printf (out, "%s\n", _("No plan yet."));
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  g_return_val_if_fail (AVS_IS_EXECUTOR (executor), NULL);

  plan = avs_executor_get_plan (executor);
  add_field (out, "", _("Root"), avs_plan_get_root (plan));
  add_field (out, "", _("Dry run"), yes_no (avs_runner_get_dry_run (avs_executor_get_runner (executor))));
  add_field (out, "", _("Saved progress"), avs_executor_get_state_path (executor));
  for (guint i = 0; i < avs_plan_get_n_steps (plan); i++)
    {
      AvsPlanStep *step = avs_plan_get_step (plan, i);
      g_auto(GStrv) lines = avs_executor_dup_command_lines (executor, step);
      g_autofree char *id = avs_text_escape_for_terminal (avs_plan_step_get_id (step), -1,
                                                          AVS_TEXT_ESCAPE_DEFAULT);

      g_string_append_printf (out, "\n%u. [%s] %s\n", i + 1, id,
                              avs_step_status_to_string (avs_executor_get_status (executor, step)));
      add_field (out, "  ", _("Title"), avs_plan_step_get_title (step));
      if (avs_plan_step_get_blocking (step))
        add_field (out, "  ", _("Blocking"), yes_no (TRUE));
      for (guint j = 0; lines != NULL && lines[j] != NULL; j++)
        add_field (out, "  ", _("To run"), lines[j]);
    }

  log = avs_executor_get_log (executor);
  if (log != NULL && log->len > 0)
    add_heading (out, _("Log"));
  for (guint i = 0; log != NULL && i < log->len; i++)
    {
      g_autofree char *line = avs_text_escape_for_terminal (g_ptr_array_index (log, i), -1,
                                                            AVS_TEXT_ESCAPE_DEFAULT);
      g_string_append_printf (out, "%s\n", line);
    }

  runs = avs_runner_get_log (avs_executor_get_runner (executor));
  if (runs->len > 0)
    add_heading (out, _("Commands run"));
  for (guint i = 0; i < runs->len; i++)
    add_run (out, g_ptr_array_index (runs, i));

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
avs_technician_catalog_text (AvsCatalogStore *store)
{
  g_autoptr(GString) out = g_string_new (NULL);
  AvsCatalog *catalog;
  g_autofree char *serial = NULL;
  g_autofree char *generated = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *checked = NULL;

  add_heading (out, _("Catalog"));
  catalog = store != NULL ? avs_catalog_store_get_catalog (store) : NULL;
  if (catalog == NULL)
    {
      g_string_append_printf (out, "%s\n", _("No catalog loaded yet."));
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  serial = g_strdup_printf ("%" G_GINT64_FORMAT, avs_catalog_get_serial (catalog));
  generated = iso_time (avs_catalog_get_generated (catalog));
  expires = iso_time (avs_catalog_get_expires (catalog));
  checked = iso_time (avs_catalog_store_get_last_checked (store));
  add_field (out, "", _("Serial"), serial);
  add_field (out, "", _("Source"), avs_catalog_source_to_string (avs_catalog_store_get_source (store)));
  add_field (out, "", _("Address"), avs_catalog_store_get_url (store));
  add_field (out, "", _("Made on"), generated);
  add_field (out, "", _("Expires on"), expires);
  add_field (out, "", _("Server last reached"), checked);
  add_field (out, "", _("Signing key"), avs_catalog_get_key_id (catalog));
  add_field (out, "", _("Trusted comment"), avs_catalog_get_trusted_comment (catalog));
  if (avs_catalog_store_get_load_warning (store) != NULL)
    add_field (out, "", _("Warning"), avs_catalog_store_get_load_warning (store));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
add_statements (GString    *out,
                const char *heading,
                GPtrArray  *statements)
{
  for (guint i = 0; statements != NULL && i < statements->len; i++)
    {
      AvsStatement *statement = g_ptr_array_index (statements, i);
      g_autofree char *keys = g_strjoinv (", ", statement->sources);

      /* Translators: a statement of the explanation: its section, its id, its source keys */
      g_string_append_printf (out, _("%s / %s: sources %s"), heading, statement->id,
                              *keys != '\0' ? keys : "-");
      if (statement->from_scan)
        g_string_append_printf (out, " (%s)", _("from the scan"));
      g_string_append_c (out, '\n');
    }
}

char *
avs_technician_explanation_text (AvsExplanation *explanation)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *now = NULL;
  g_autofree char *scanned = NULL;

  add_heading (out, _("Explanation"));
  if (explanation == NULL)
    {
      g_string_append_printf (out, "%s\n", _("No explanation yet."));
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  now = iso_time (explanation->now);
  scanned = iso_time (explanation->scanned_at);
  add_field (out, "", _("Region"), explanation->region->code);
  add_field (out, "", _("Region read from"), explanation->region->detail);
  add_field (out, "", _("As of"), now);
  add_field (out, "", _("Scan of"), scanned);
  g_string_append_c (out, '\n');
  add_statements (out, "summary", explanation->summary);
  add_statements (out, "for_you", explanation->for_you);
  add_statements (out, "machine", explanation->machine);

  add_heading (out, _("Sources"));
  for (guint i = 0; i < explanation->sources->len; i++)
    {
      const AvsSource *source = g_ptr_array_index (explanation->sources, i);

      g_string_append_printf (out, "[%u] %s — %s\n    %s\n", i + 1, source->key,
                              _(source->title), source->url);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
