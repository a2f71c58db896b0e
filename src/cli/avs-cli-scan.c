/* avs-cli-scan.c — `avswitch scan`: find Kaspersky software, as a summary or as JSON
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "avs-cli-commands.h"
#include "avs-finding-text.h"
#include "avs-helpdesk-summary.h"
#include "avs-scanner.h"
#include "avs-text.h"
#include "avs-timeline.h"

/* A value from the scanned machine, for one line of human output: no control characters, no
 * line breaks of its own. */
#define SAFE(s) avs_text_escape_for_terminal ((s), -1, AVS_TEXT_ESCAPE_DEFAULT)

typedef struct
{
  GMainLoop     *loop;
  AvsScanResult *result;
  GError        *error;
  gboolean       tty;
  gboolean       drew;
} ScanRun;

static void
progress_cb (AvsScanner *scanner,
             double      fraction,
             const char *step,
             gpointer    user_data)
{
  ScanRun *run = user_data;

  if (!run->tty)
    return;
  /* One line, redrawn in place: "[ 42%] Looking at trusted certificates". The step can name a
   * home folder, so it is escaped; only our own control sequence goes out raw. */
  {
    g_autofree char *safe_step = SAFE (step);
    g_autofree char *line = g_strdup_printf ("[%3d%%] %s", (int) (fraction * 100 + 0.5), safe_step);

    fputs ("\r\033[K", stderr);
    avs_cli_print_escaped (stderr, line);
  }
  run->drew = TRUE;
}

static void
scan_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ScanRun *run = user_data;

  run->result = avs_scanner_scan_finish (AVS_SCANNER (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
print_summary (AvsScanResult *result)
{
  GPtrArray *findings = avs_scan_result_get_findings (result);
  AvsHostInfo *host = avs_scan_result_get_host (result);
  g_autofree char *root = SAFE (avs_scan_result_get_root (result));
  /* os-release is a file of the scanned system like any other. */
  g_autofree char *os = SAFE (host->pretty_name != NULL ? host->pretty_name : host->id);
  g_autofree char *management_isolated = avs_scan_result_describe_management (result);
  g_autofree char *management_raw = avs_text_drop_isolates (management_isolated);  /* before SAFE escapes them */
  /* It holds the server's name, which comes from the machine. */
  g_autofree char *management = SAFE (management_raw);

  if (avs_scan_result_get_live (result))
    g_print (_("Scanned this computer (%s).\n"), os);
  else
    /* Translators: %s is a folder, then an operating-system name. */
    g_print (_("Scanned the system in %s (%s).\n"), root, os);

  /* Central management concerns the whole computer: said once, before the findings, not per
   * finding. */
  if (management != NULL)
    g_print ("\n%s\n", management);

  switch (avs_scan_result_get_outcome (result))
    {
    case AVS_SCAN_OUTCOME_CLEAN:
      g_print ("\n%s\n", _("No Kaspersky software was found, and every place was checked."));
      break;
    case AVS_SCAN_OUTCOME_INCOMPLETE:
      g_print ("\n%s\n", _("The scan is incomplete: no Kaspersky software was found in what could be checked, but some places could not be checked (listed below), so this computer cannot be called clean yet."));
      break;
    case AVS_SCAN_OUTCOME_FOUND:
    default:
      g_print ("\n%s\n", ngettext ("Kaspersky software was found:", "Kaspersky software was found:", findings->len));
      break;
    }

  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);
      GPtrArray *evidence = avs_finding_get_evidence (finding);
      GDateTime *updated = avs_finding_get_signatures_updated (finding);
      g_autofree char *version = SAFE (avs_finding_get_version (finding));
      g_autofree char *name = SAFE (avs_finding_get_name (finding));
      g_autofree char *kind_isolated = avs_finding_describe_kind (finding);
      g_autofree char *kind = avs_text_drop_isolates (kind_isolated);  /* before SAFE escapes them */
      g_autofree char *kind_safe = SAFE (kind);

      g_print ("\n  %s", name);
      if (version != NULL)
        g_print (" %s", version);
      g_print (" [%s]\n", avs_finding_get_product_id (finding));
      /* What it is, why it matters and what will happen to it: the window's words. */
      g_print ("    %s\n", kind_safe);
      g_print ("    %s\n", avs_finding_kind_to_sentence (avs_finding_get_kind (finding)));
      if (avs_finding_get_running (finding))
        g_print ("    %s\n", _("It is running now."));
      if (updated != NULL)
        {
          g_autofree char *date = avs_format_date (updated);
          /* Translators: %s is a date. */
          g_print ("    ");
          g_print (_("Signature databases last updated: %s"), date);
          g_print ("\n");
        }
      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);
          g_autofree char *value = SAFE (e->value);
          g_autofree char *detail = SAFE (e->detail);

          g_print ("      ");
          if (detail != NULL)
            /* Translators: a line of a list: a label ("Package"), its value and a detail in
             * brackets ("Package: kesl (11.3.0.7441)"). Use your language's colon and
             * brackets (Chinese "%1$s：%2$s（%3$s）"); reorder freely, keep all three. */
            g_print (C_("list line", "%1$s: %2$s (%3$s)"),
                     avs_evidence_kind_to_label (e->kind), value, detail);
          else
            /* Translators: a line of a list: a label ("Package") and its value. Use your
             * language's colon (Chinese "%1$s：%2$s"). */
            g_print (C_("list line", "%1$s: %2$s"), avs_evidence_kind_to_label (e->kind), value);
          g_print ("\n");
        }
    }

  avs_cli_print_not_checked (result);
}

void
avs_cli_print_not_checked (AvsScanResult *result)
{
  GPtrArray *not_checked = avs_scan_result_get_not_checked (result);

  for (int pass = 0; pass < 2; pass++)
    {
      gboolean notes = pass == 1;
      gboolean heading = FALSE;

      for (guint i = 0; i < not_checked->len; i++)
        {
          AvsNotChecked *entry = g_ptr_array_index (not_checked, i);
          g_autofree char *what = NULL;
          g_autofree char *path = NULL;
          g_autofree char *reason = NULL;

          if (entry->note != notes)
            continue;
          if (!heading)
            {
              g_print ("\n%s\n", notes ? _("Notes:") : _("Could not check:"));
              heading = TRUE;
            }
          what = SAFE (entry->what);
          path = SAFE (entry->path);
          reason = SAFE (entry->reason);
          g_print ("  * ");
          if (path != NULL)
            /* Translators: a line of the list of places that could not be checked: what
             * ("Browser extensions"), where (a path) and why ("Permission denied"). Use your
             * language's brackets and colon (Chinese "%1$s（%2$s）：%3$s"). */
            g_print (C_("list line", "%1$s (%2$s): %3$s"), what, path, reason);
          else
            /* Translators: a line of a list: a label ("Package") and its value. Use your
             * language's colon (Chinese "%1$s：%2$s"). */
            g_print (C_("list line", "%1$s: %2$s"), what, reason);
          g_print ("\n");
        }
    }
  if (avs_scan_result_gaps_need_admin (result))
    g_print ("\n%s\n", _("Run “sudo avswitch scan” to check these too."));
}

int
avs_cli_exit_for_scan (AvsScanResult *result)
{
  switch (avs_scan_result_get_outcome (result))
    {
    case AVS_SCAN_OUTCOME_CLEAN:
      return AVS_CLI_EXIT_OK;
    case AVS_SCAN_OUTCOME_INCOMPLETE:
      return AVS_CLI_EXIT_INCOMPLETE;
    case AVS_SCAN_OUTCOME_FOUND:
    default:
      return AVS_CLI_EXIT_FOUND;
    }
}

int
avs_cli_scan (int    argc,
              char **argv)
{
  g_autofree char *root = NULL;
  g_autofree char *rules = NULL;
  g_autofree char *report_path = NULL;
  gboolean report_keep = FALSE;
  gboolean json = FALSE;
  gboolean summary = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsScanner) scanner = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  ScanRun run = { 0 };
  const GOptionEntry entries[] = {
    { "root", 0, 0, G_OPTION_ARG_FILENAME, &root,
      N_("Scan the system installed in this folder (a mounted disk, a chroot) instead of this computer"),
      N_("DIR") },
    { "rules", 0, 0, G_OPTION_ARG_FILENAME, &rules,
      N_("Use these detection rules instead of the bundled ones"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the findings as a JSON document (schema “avswitch-scan/1”, see docs/detection.md)"), NULL },
    { "summary", 0, 0, G_OPTION_ARG_NONE, &summary,
      N_("Print only the summary for a help-desk: a few plain lines to read out or paste into a chat"), NULL },
    { NULL }
  };
  g_autofree char *description = NULL;

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Finds Kaspersky software on this computer (or in the system under "
                                  "--root): packages, files, services, groups, running programs, "
                                  "kernel modules, root certificates, browser extensions, and "
                                  "installations on mounted Windows volumes. Nothing is changed."));
  description = g_strdup_printf ("%s\n  0  %s\n  1  %s\n  2  %s\n  3  %s",
                                 _("Exit status:"),
                                 _("no Kaspersky software was found, and every place was checked"),
                                 _("Kaspersky software was found"),
                                 _("the scan itself failed (bad --root or --rules, or cancelled), "
                                   "or the --report file could not be read or written"),
                                 _("nothing was found, but some places could not be checked"));
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  avs_cli_add_report_options (context, &report_path, &report_keep);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return avs_cli_fail ("scan", error);
  if (json && summary)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("choose either --json or --summary, not both."));
      return avs_cli_fail ("scan", error);
    }
  if (argc > 1)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   /* Translators: %s is an unexpected argument. */
                   _("unexpected argument “%s”. Run “avswitch scan --help” for the options."),
                   argv[1]);
      return avs_cli_fail ("scan", error);
    }

  scanner = avs_scanner_new_for_root (root, rules, &error);
  if (scanner == NULL)
    return avs_cli_fail ("scan", error);

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.tty = isatty (STDERR_FILENO);
  g_signal_connect (scanner, "progress", G_CALLBACK (progress_cb), &run);
  avs_scanner_scan_async (scanner, NULL, scan_done_cb, &run);
  g_main_loop_run (loop);
  if (run.drew)
    {
      fputs ("\r\033[K", stderr);
      fflush (stderr);
    }

  if (run.result == NULL)
    {
      int rc = avs_cli_fail ("scan", run.error);
      g_clear_error (&run.error);
      return rc;
    }

  if (json)
    {
      g_autofree char *data = avs_scan_result_to_data (run.result, NULL);
      avs_cli_print_document (data);
    }
  else if (summary)
    {
      AvsHelpdeskSummaryInput input = { .scan = run.result };
      g_autofree char *text = avs_helpdesk_summary_new (&input);

      /* Already made safe for a terminal, value by value. */
      g_print ("%s", text);
    }
  else
    print_summary (run.result);

  {
    int status = avs_cli_exit_for_scan (run.result);

    if (avs_cli_report_add_scan ("scan", report_path, report_keep, run.result, FALSE) !=
        AVS_CLI_EXIT_OK)
      status = AVS_CLI_EXIT_FAILED;
    g_object_unref (run.result);
    return status;
  }
}
