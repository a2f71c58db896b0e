/* avs-cli-plan.c — `avswitch plan`, `avswitch apply` and `avswitch verify`
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "avs-catalog-store.h"
#include "avs-cli-commands.h"
#include "avs-executor.h"
#include "avs-admin-rights.h"
#include "avs-json.h"
#include "avs-fileutil.h"
#include "avs-plan.h"
#include "avs-run-summary.h"
#include "avs-scanner.h"
#include "avs-text.h"

/* A value from the scanned machine (or a command's output) on one line of human output. */
#define SAFE(s) avs_text_escape_for_terminal ((s), -1, AVS_TEXT_ESCAPE_DEFAULT)

/* apply: stopped and waiting for the user (a manual step, a managed machine, a "no"). */
#define EXIT_STOPPED 1

static AvsScanResult *
scan_root (const char  *root,
           const char  *rules,
           GError     **error)
{
  g_autoptr(AvsScanner) scanner = avs_scanner_new_for_root (root, rules, error);

  if (scanner == NULL)
    return NULL;
  return avs_scanner_scan_sync (scanner, NULL, error);
}

/* The replacement chosen with --replacement ID (from the catalog in use, never the network). */
static gboolean
load_replacement (const char       *id,
                  const char       *method_text,
                  AvsReplacement  **out_replacement,
                  AvsReplacementMethod *out_method,
                  GError          **error)
{
  g_autoptr(AvsCatalogStore) store = NULL;
  AvsCatalogProduct *product;
  g_autofree char *url = avs_catalog_store_configured_url (NULL);

  *out_replacement = NULL;
  *out_method = AVS_REPLACEMENT_METHOD_AUTO;
  if (method_text != NULL && !avs_replacement_method_from_string (method_text, out_method))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: %s is what the user typed; keep the method names as they are */
                   _("unknown --method “%s”: use auto, flatpak, gnome-software, packages or "
                     "vendor-page."), method_text);
      return FALSE;
    }
  if (id == NULL)
    return TRUE;

  store = avs_catalog_store_new (url);
  if (!avs_catalog_store_load (store, error))
    return FALSE;
  product = avs_catalog_find_product (avs_catalog_store_get_catalog (store), id);
  if (product == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: %s is a catalog id */
                   _("the catalog has no product “%s”. Run “avswitch catalog” to see the ids."),
                   id);
      return FALSE;
    }
  *out_replacement = avs_replacement_new_from_catalog (product, error);
  return *out_replacement != NULL;
}

static gboolean
check_no_arguments (const char  *command,
                    int          argc,
                    char       **argv,
                    GError     **error)
{
  if (argc <= 1)
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
               /* Translators: the first %s is an unexpected argument, the second a command */
               _("unexpected argument “%s”. Run “avswitch %s --help” for the options."),
               argv[1], command);
  return FALSE;
}

/* Word-wraps @text at 78 columns: the first line starts with @first, the others with @prefix. */
static void
print_wrapped_hanging (const char *first,
                       const char *prefix,
                       const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  guint column = 0;
  gboolean started = FALSE;

  for (guint i = 0; words[i] != NULL; i++)
    {
      glong len = g_utf8_strlen (words[i], -1);

      if (column > 0 && column + 1 + len > 78)
        {
          g_print ("\n");
          column = 0;
        }
      if (column == 0)
        {
          g_print ("%s%s", started ? prefix : first, words[i]);
          column = g_utf8_strlen (started ? prefix : first, -1) + len;
          started = TRUE;
        }
      else
        {
          g_print (" %s", words[i]);
          column += 1 + len;
        }
    }
  if (column > 0)
    g_print ("\n");
}

static void
print_wrapped (const char *prefix,
               const char *text)
{
  print_wrapped_hanging (prefix, prefix, text);
}

/* ---------------------------------------------------------------------------------------------
 * avswitch plan
 * ------------------------------------------------------------------------------------------- */

int
avs_cli_plan (int    argc,
              char **argv)
{
  g_autofree char *root = NULL;
  g_autofree char *rules = NULL;
  g_autofree char *replacement_id = NULL;
  g_autofree char *method = NULL;
  g_autofree char *report_path = NULL;
  gboolean report_keep = FALSE;
  gboolean json = FALSE, script = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsScanResult) scan = NULL;
  g_autoptr(AvsPlan) plan = NULL;
  g_autoptr(AvsReplacement) replacement = NULL;
  AvsPlanOptions options = { 0 };
  const GOptionEntry entries[] = {
    { "root", 0, 0, G_OPTION_ARG_FILENAME, &root,
      N_("Plan for the system installed in this folder (a mounted disk, a chroot)"), N_("DIR") },
    { "rules", 0, 0, G_OPTION_ARG_FILENAME, &rules,
      N_("Use these detection rules instead of the bundled ones"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the plan as a JSON document (schema “avswitch-plan/1”, see docs/removal.md)"), NULL },
    { "script", 0, 0, G_OPTION_ARG_NONE, &script,
      N_("Print the plan as a commented shell script to review and run by hand"), NULL },
    { "replacement", 0, 0, G_OPTION_ARG_STRING, &replacement_id,
      N_("Also install this product from the catalog (an id listed by “avswitch catalog”)"),
      N_("ID") },
    { "method", 0, 0, G_OPTION_ARG_STRING, &method,
      N_("How to install it: auto, flatpak, gnome-software, packages or vendor-page"),
      N_("METHOD") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Scans, then shows the steps that would remove Kaspersky from "
                                  "this computer (or the system under --root): every command, "
                                  "whether it needs administrator rights, and how each step is "
                                  "checked. Nothing is changed."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  avs_cli_add_report_options (context, &report_path, &report_keep);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !check_no_arguments ("plan", argc, argv, &error))
    return avs_cli_fail ("plan", error);
  if (json && script)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("choose either --json or --script, not both."));
      return avs_cli_fail ("plan", error);
    }

  if (!load_replacement (replacement_id, method, &replacement, &options.method, &error))
    return avs_cli_fail ("plan", error);
  options.replacement = replacement;

  scan = scan_root (root, rules, &error);
  if (scan == NULL)
    return avs_cli_fail ("plan", error);
  plan = avs_plan_new (scan, &options, &error);
  if (plan == NULL)
    return avs_cli_fail ("plan", error);

  if (json)
    {
      g_autoptr(JsonNode) node = avs_plan_to_json (plan);
      g_autofree char *data = avs_json_node_to_data (node, TRUE, NULL);

      avs_cli_print_document (data);
    }
  else if (script)
    {
      g_autofree char *text = avs_plan_to_script (plan);
      g_print ("%s", text);
    }
  else
    {
      g_autofree char *text = avs_plan_to_text (plan);
      g_print ("%s", text);
      if (avs_plan_is_empty (plan))
        g_print ("\n%s\n", _("No Kaspersky software was found: there is nothing to remove."));
    }
  return avs_cli_report_add_plan ("plan", report_path, report_keep, plan);
}

/* ---------------------------------------------------------------------------------------------
 * avswitch apply
 * ------------------------------------------------------------------------------------------- */

static void
output_line_cb (AvsExecutor *executor,
                const char  *step_id,
                const char  *line,
                gpointer     user_data)
{
  g_autofree char *safe = SAFE (line);

  g_print ("   | %s\n", safe);
}

typedef enum
{
  ANSWER_YES,
  ANSWER_NO,
  ANSWER_NONE,   /* end of input */
} Answer;

static Answer
ask (const char *question)
{
  char buffer[256];
  g_autofree char *answer = NULL;

  g_print ("%s ", question);
  fflush (stdout);
  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    {
      g_print ("\n");
      return ANSWER_NONE;
    }
  answer = g_utf8_strdown (g_strstrip (buffer), -1);
  if (g_str_equal (answer, "y") || g_str_equal (answer, "yes"))
    return ANSWER_YES;
  {
    /* Translators: the answers accepted for "yes", besides the English "y" and "yes",
     * separated by "|" */
    g_auto(GStrv) yes = g_strsplit (_("y|yes"), "|", -1);
    for (guint i = 0; yes[i] != NULL; i++)
      if (g_str_equal (answer, yes[i]))
        return ANSWER_YES;
  }
  return ANSWER_NO;
}

static int
refuse_without_answer (void)
{
  g_printerr ("%s\n", _("avswitch apply: no answer could be read (standard input is closed), "
                        "so nothing was run. Answer the questions in a terminal, or pass --yes "
                        "to run every step without asking."));
  return AVS_CLI_EXIT_FAILED;
}

/* What the session report reads: the executor's record of this run. */
static void
save_apply_report (AvsExecutor *executor)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  if (avs_runner_get_dry_run (avs_executor_get_runner (executor)))
    return;
  node = avs_executor_to_json (executor);
  data = avs_json_node_to_data (node, TRUE, &length);
  path = avs_state_path ("apply-report.json");
  if (!avs_file_write_atomic (path, data, length, 0600, &error))
    g_printerr ("avswitch apply: %s\n", error->message);
}

static void
print_remaining (GPtrArray *remaining)
{
  if (remaining == NULL || remaining->len == 0)
    return;
  g_print ("%s\n", _("Still found:"));
  for (guint i = 0; i < remaining->len; i++)
    {
      AvsEvidence *e = g_ptr_array_index (remaining, i);
      g_autofree char *value = SAFE (e->value);
      g_autofree char *detail = SAFE (e->detail);

      if (detail != NULL)
        g_print ("  * %s %s (%s)\n", avs_evidence_kind_to_label (e->kind), value, detail);
      else
        g_print ("  * %s %s\n", avs_evidence_kind_to_label (e->kind), value);
    }
}

/* What a helper of run_steps() returns when the run goes on to the next part of the step. */
#define STEP_GO_ON (-1)

/* Why `avswitch apply` stopped before the end, as it told the user: `--json` carries it
 * ("stop_reason"), so a fleet sees why without reading standard error. One run per process. */
static char *apply_stop_reason;

/* Keeps @message, already shown, as the reason the run stopped; returns @status. */
static int
stop_run (const char *message,
          int         status)
{
  g_free (apply_stop_reason);
  apply_stop_reason = g_strdup (message);
  return status;
}

/* Which step this is, what it does and where to read more. */
static void
print_step_intro (AvsPlan     *plan,
                  AvsPlanStep *step)
{
  guint position = 0;

  for (guint i = 0; i < avs_plan_get_n_steps (plan); i++)
    if (avs_plan_get_step (plan, i) == step)
      position = i + 1;

  /* Translators: "Step 3 of 9: Remove the package kesl" */
  g_print ("\n");
  g_print (_("Step %u of %u: %s"), position, avs_plan_get_n_steps (plan),
           avs_plan_step_get_title (step));
  g_print ("\n");
  print_wrapped ("   ", avs_plan_step_get_explanation (step));
  if (avs_plan_step_get_uri (step) != NULL)
    g_print ("   %s\n", avs_plan_step_get_uri (step));
}

/* A manual step: asks whether the user has done it; returns STEP_GO_ON or the exit status. */
static int
confirm_manual_step (AvsExecutor *executor,
                     AvsPlanStep *step,
                     gboolean     yes,
                     gboolean     dry_run)
{
  if (!yes && !dry_run)
    {
      Answer answer = ask (_("Have you done this? [y/N]"));

      if (answer == ANSWER_NONE)
        return refuse_without_answer ();
      if (answer == ANSWER_NO)
        {
          const char *message = _("Stopped. Run “avswitch apply” again when it is done; the "
                                  "progress is saved.");

          g_print ("%s\n", message);
          return stop_run (message, EXIT_STOPPED);
        }
    }
  avs_executor_mark_manual_done (executor, step);
  return STEP_GO_ON;
}

/* Before the backup step: how many files the archive will hold, with a few examples. */
static void
print_backup_preview (AvsPlan *plan)
{
  g_autoptr(GPtrArray) examples = NULL;
  g_autofree char *size = NULL;
  guint files = 0;
  guint64 bytes = 0;
  gboolean complete = TRUE;

  avs_plan_measure_backup (plan, 10, &files, &bytes, &examples, &complete);
  size = g_format_size (bytes);
  g_print ("   ");
  /* Translators: the first %u is a number of files, %s a size such as "3.4 MB" */
  g_print (ngettext ("The archive will hold %u file (%s):",
                     "The archive will hold %u files (%s):", files), files, size);
  g_print ("\n");
  for (guint i = 0; i < examples->len; i++)
    g_print ("     %s\n", (const char *) g_ptr_array_index (examples, i));
  if (files > examples->len)
    g_print ("     …\n");
  if (!complete)
    g_print ("   %s\n", _("Some folders could not be read without administrator "
                            "rights; the archive will include them too."));
}

/* A step that runs commands: shows them and asks before running them (the disk's own package
 * scripts only with explicit consent); returns STEP_GO_ON or the exit status. */
static int
confirm_command_step (AvsExecutor *executor,
                      AvsPlanStep *step,
                      gboolean     yes,
                      gboolean     dry_run,
                      gboolean     allow_disk_scripts,
                      gboolean    *password_noted)
{
  AvsPlan *plan = avs_executor_get_plan (executor);
  g_auto(GStrv) lines = NULL;

  if (avs_plan_step_get_step_type (step) == AVS_STEP_BACKUP)
    print_backup_preview (plan);

  lines = avs_executor_dup_command_lines (executor, step);
  if (lines[0] != NULL)
    {
      /* A disk's package scripts run as root here: only with explicit consent. */
      gboolean disk_scripts = avs_plan_runs_disk_scripts (plan, step) && !dry_run;

      g_print ("   %s\n", avs_plan_step_get_needs_admin (step)
                          ? _("Commands (as administrator):") : _("Commands:"));
      for (guint i = 0; lines[i] != NULL; i++)
        g_print ("     %s\n", lines[i]);
      /* No pkexec on each line: the password is asked once for the run, said once. */
      if (avs_plan_step_get_needs_admin (step) && !*password_noted &&
          avs_admin_rights_password_notice (executor) != NULL)
        {
          print_wrapped ("   ", avs_admin_rights_password_notice (executor));
          *password_noted = TRUE;
        }
      if (disk_scripts && allow_disk_scripts)
        g_print ("   %s\n", _("The disk’s package scripts may run (--allow-disk-scripts)."));
      else if (disk_scripts && yes)
        {
          const char *message = _("Stopped: this step runs the package scripts that come "
                                  "with the disk, as administrator of this computer, and "
                                  "--yes does not agree to that. If you trust the disk, "
                                  "run “avswitch apply --root DIR --allow-disk-scripts”, "
                                  "or leave out --yes to be asked.");

          g_print ("\n");
          print_wrapped ("", message);
          return stop_run (message, EXIT_STOPPED);
        }
      if (!yes && !dry_run)
        {
          Answer answer = ask (disk_scripts && !allow_disk_scripts
                               ? _("Run these commands, and with them the disk’s own "
                                   "package scripts, as administrator of this computer? "
                                   "[y/N]")
                               : _("Run these commands? [y/N]"));

          if (answer == ANSWER_NONE)
            return refuse_without_answer ();
          if (answer == ANSWER_NO)
            {
              const char *message = _("Stopped at your request; nothing of this step was "
                                      "run. Run “avswitch apply” again to continue.");

              g_print ("%s\n", message);
              return stop_run (message, EXIT_STOPPED);
            }
        }
    }
  avs_executor_confirm_step (executor, step);
  return STEP_GO_ON;
}

/* No administrator rights, so nothing of the step ran: pkexec's answer as the core words it
 * (avs-admin-rights.h), and the commands for an administrator when it offers them; returns the
 * exit status (1 for a closed dialog, as for a "no"; 2 otherwise). */
static int
report_admin_refusal (AvsExecutor     *executor,
                      AvsAdminRefusal *refusal)
{
  g_print ("\n");
  print_wrapped ("", refusal->message);
  print_wrapped ("", refusal->next);
  if (refusal->offer_commands)
    {
      g_auto(GStrv) commands = avs_admin_rights_dup_remaining_commands (executor);

      g_print ("\n%s\n", _("Commands to run as administrator:"));
      for (guint i = 0; commands[i] != NULL; i++)
        g_print ("  %s\n", commands[i]);
    }
  if (refusal->neutral)
    {
      g_autofree char *message = avs_text_join_sentences (refusal->message, refusal->next);

      return stop_run (message, EXIT_STOPPED);
    }
  return AVS_CLI_EXIT_FAILED;
}

/* A step failed: saves the report, says what went wrong; returns the exit status. */
static int
report_step_failure (AvsExecutor  *executor,
                     AvsPlanStep  *step,
                     const GError *step_error)
{
  g_autofree char *report = avs_executor_dup_failure_report (executor);
  g_autoptr(AvsAdminRefusal) refusal = avs_admin_refusal_new (executor, step_error,
                                                              AVS_ADMIN_FACE_CLI);

  save_apply_report (executor);
  if (refusal != NULL)
    return report_admin_refusal (executor, refusal);
  g_print ("\n");
  if (avs_plan_step_get_step_type (step) == AVS_STEP_VERIFY)
    print_remaining (avs_executor_get_remaining (executor));
  if (report != NULL)
    g_print ("%s\n", report);
  else
    g_print ("%s\n", step_error->message);
  if (avs_plan_step_get_step_type (step) == AVS_STEP_VERIFY)
    return AVS_CLI_EXIT_FOUND;
  /* A manual step the scan shows as not done yet waits for the user. */
  if (avs_plan_step_get_kind (step) == AVS_STEP_KIND_MANUAL &&
      g_error_matches (step_error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_STEP_FAILED))
    return EXIT_STOPPED;
  return AVS_CLI_EXIT_FAILED;
}

/* Every step ran: says so, where the backup is, and forgets the saved progress. */
static int
finish_run (AvsExecutor *executor,
            gboolean     dry_run)
{
  AvsPlan *plan = avs_executor_get_plan (executor);
  g_autoptr(GError) error = NULL;

  if (dry_run)
    {
      g_print ("\n%s\n", _("Dry run finished: nothing was changed."));
      return AVS_CLI_EXIT_OK;
    }

  save_apply_report (executor);
  g_print ("\n%s\n", _("The plan is complete: the final scan finds nothing of what was removed."));
  if (avs_plan_find_step (plan, "backup") != NULL)
    {
      g_autofree char *archive = avs_plan_dup_archive_real_path (plan);
      /* Translators: %s is a file */
      g_print (_("The removed files are kept in %s (readable by the administrator only)."), archive);
      g_print ("\n");
    }
  if (!avs_executor_forget_state (executor, &error))
    g_printerr ("avswitch apply: %s\n", error->message);
  return AVS_CLI_EXIT_OK;
}

/* Before the first step: what the run will do, in plain words (the same summary as the
 * window's confirmation); each step's exact commands follow as it comes. */
static void
print_run_summary (AvsExecutor *executor)
{
  g_auto(GStrv) summary = avs_run_summary_new (executor, NULL);

  if (summary[0] == NULL)
    return;
  g_print ("\n%s\n", _("What this does:"));
  for (guint i = 0; summary[i] != NULL; i++)
    {
      /* Product names come from the rules and the backup's place from --root: escaped. */
      g_autofree char *safe = SAFE (summary[i]);

      print_wrapped_hanging ("  * ", "    ", safe);
    }
  g_print ("%s\n", _("Each step shows its exact commands before it runs."));
}

/* Runs the steps, asking as it goes; returns the exit status. */
static int
run_steps (AvsExecutor *executor,
           gboolean     yes,
           gboolean     dry_run,
           gboolean     continue_managed,
           gboolean     allow_disk_scripts)
{
  AvsPlan *plan = avs_executor_get_plan (executor);
  gboolean password_noted = FALSE;

  for (;;)
    {
      AvsPlanStep *step = avs_executor_get_next_step (executor);
      g_autoptr(GError) step_error = NULL;
      int status;

      if (step == NULL)
        break;
      print_step_intro (plan, step);

      if (avs_plan_step_get_blocking (step))
        {
          if (!continue_managed)
            {
              const char *message = _("Stopped: this computer is centrally managed. When "
                                      "the administrator agrees, run “avswitch apply "
                                      "--continue-managed”.");

              g_print ("\n%s\n", message);
              return stop_run (message, EXIT_STOPPED);
            }
          g_print ("   %s\n", _("Continuing anyway (--continue-managed)."));
          avs_executor_continue_anyway (executor, step);
          continue;
        }

      if (avs_plan_step_get_kind (step) == AVS_STEP_KIND_MANUAL)
        status = confirm_manual_step (executor, step, yes, dry_run);
      else
        status = confirm_command_step (executor, step, yes, dry_run, allow_disk_scripts,
                                       &password_noted);
      if (status != STEP_GO_ON)
        return status;

      if (!avs_executor_run_step_sync (executor, NULL, &step_error))
        return report_step_failure (executor, step, step_error);
      g_print ("   %s\n", _("Done."));
    }

  return finish_run (executor, dry_run);
}

static void
print_to_stderr (const char *text)
{
  avs_cli_print_escaped (stderr, text);
}

/* `apply --json`: the run as a document, for fleets (Ansible and the like). */
static void
print_apply_json (AvsExecutor *executor,
                  int          status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  g_autofree char *failure = avs_executor_dup_failure_report (executor);
  AvsPlanStep *next = avs_executor_get_next_step (executor);
  GPtrArray *remaining = avs_executor_get_remaining (executor);
  const char *result = status == AVS_CLI_EXIT_OK ? "complete"
                       : status == AVS_CLI_EXIT_FAILED ? "failed"
                       : remaining != NULL && remaining->len > 0 ? "remains" : "stopped";

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_string_value (builder, "avswitch-apply/1");
  json_builder_set_member_name (builder, "result");
  json_builder_add_string_value (builder, result);
  json_builder_set_member_name (builder, "exit_status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "next_step");
  if (next != NULL)
    json_builder_add_string_value (builder, avs_plan_step_get_id (next));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "failure");
  if (failure != NULL)
    json_builder_add_string_value (builder, failure);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "stop_reason");
  if (status == EXIT_STOPPED && apply_stop_reason != NULL)
    json_builder_add_string_value (builder, apply_stop_reason);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "run");
  json_builder_add_value (builder, avs_executor_to_json (executor));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  data = avs_json_node_to_data (root, TRUE, NULL);
  avs_cli_print_document (data);
}

/* The summary and the exit statuses shown by `avswitch apply --help`. */
static void
set_apply_help (GOptionContext *context)
{
  g_autofree char *description = NULL;

  g_option_context_set_summary (context,
                                _("Removes Kaspersky step by step: shows each step’s exact "
                                  "commands and asks before running them, stops at the first "
                                  "failure with what to do, and ends with a fresh scan. The "
                                  "progress is saved, so running it again after a restart "
                                  "resumes where it stopped."));
  description = g_strdup_printf ("%s\n  0  %s\n  1  %s\n  2  %s",
                                 _("Exit status:"),
                                 _("the plan is complete and the final scan is clean"),
                                 _("stopped: a step waits for you, or the final scan still finds "
                                   "something"),
                                 _("a step failed, or the command itself failed"));
  g_option_context_set_description (context, description);
}

/* --start-over: deletes the saved progress (none saved is fine). */
static gboolean
forget_saved_progress (GError **error)
{
  g_autofree char *state = avs_state_path ("apply-state.json");

  if (g_unlink (state) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   /* Translators: the first %s is a file, the second the system's reason */
                   _("Could not delete the saved progress %s: %s"), state,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* Resumes a saved plan for @root into @out_executor; with none saved, leaves it NULL and
 * succeeds. Resuming plans again from a fresh scan: the saved state only says how far the run
 * got. */
static gboolean
resume_saved_plan (const char   *root,
                   const char   *rules,
                   AvsExecutor **out_executor,
                   GError      **error)
{
  g_autoptr(AvsRunner) runner = avs_runner_new ();
  g_autoptr(AvsExecutor) executor = NULL;
  g_autoptr(GError) local_error = NULL;

  executor = avs_executor_new_from_state (NULL, root, rules, runner, NULL, &local_error);
  if (executor == NULL && g_error_matches (local_error, AVS_EXECUTOR_ERROR,
                                           AVS_EXECUTOR_ERROR_OTHER_ROOT))
    {
      g_set_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_OTHER_ROOT,
                   /* Translators: %s says which folder the saved plan is for */
                   _("%s Finish that one with “avswitch apply --root” and its folder, or pass "
                     "--start-over to forget it."), local_error->message);
      return FALSE;
    }
  if (executor == NULL && !g_error_matches (local_error, AVS_EXECUTOR_ERROR,
                                            AVS_EXECUTOR_ERROR_NO_STATE))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (executor != NULL)
    g_print ("%s\n%s\n", _("Resuming the saved plan where it stopped."),
             _("What it removes comes from a new scan of the computer; the saved progress "
               "only says how far it got."));
  *out_executor = g_steal_pointer (&executor);
  return TRUE;
}

int
avs_cli_apply (int    argc,
               char **argv)
{
  g_autofree char *root = NULL;
  g_autofree char *rules = NULL;
  g_autofree char *replacement_id = NULL;
  g_autofree char *method = NULL;
  g_autoptr(AvsReplacement) replacement = NULL;
  AvsPlanOptions options = { 0 };
  gboolean dry_run = FALSE, yes = FALSE, continue_managed = FALSE, start_over = FALSE;
  g_autofree char *report_path = NULL;
  gboolean report_keep = FALSE;
  gboolean json = FALSE, allow_disk_scripts = FALSE;
  int status;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsExecutor) executor = NULL;
  const char *wanted_root;
  const GOptionEntry entries[] = {
    { "root", 0, 0, G_OPTION_ARG_FILENAME, &root,
      N_("Remove Kaspersky from the system installed in this folder (a mounted disk, a chroot)"),
      N_("DIR") },
    { "rules", 0, 0, G_OPTION_ARG_FILENAME, &rules,
      N_("Use these detection rules instead of the bundled ones"), N_("FILE") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Only show and record what would run; change nothing"), NULL },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes,
      N_("Do not ask before each step (for a technician who reviewed “avswitch plan”)"), NULL },
    { "continue-managed", 0, 0, G_OPTION_ARG_NONE, &continue_managed,
      N_("Continue on a computer managed by Kaspersky Security Center (only with the "
         "administrator’s agreement)"), NULL },
    { "allow-disk-scripts", 0, 0, G_OPTION_ARG_NONE, &allow_disk_scripts,
      N_("With --root: let dpkg, rpm or pacman run the package scripts that come with the "
         "disk, as administrator of this computer (only for a disk you trust; without it "
         "--yes stops before them, and otherwise you are asked)"), NULL },
    { "start-over", 0, 0, G_OPTION_ARG_NONE, &start_over,
      N_("Forget a saved, unfinished plan and scan again"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the run as a JSON document (“avswitch-apply/1”) on standard output, the "
         "progress on standard error; needs --yes or --dry-run"), NULL },
    { "replacement", 0, 0, G_OPTION_ARG_STRING, &replacement_id,
      N_("Also install this product from the catalog (an id listed by “avswitch catalog”)"),
      N_("ID") },
    { "method", 0, 0, G_OPTION_ARG_STRING, &method,
      N_("How to install it: auto, flatpak, gnome-software, packages or vendor-page"),
      N_("METHOD") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  set_apply_help (context);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  avs_cli_add_report_options (context, &report_path, &report_keep);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !check_no_arguments ("apply", argc, argv, &error))
    return avs_cli_fail ("apply", error);

  if (json && !yes && !dry_run)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("--json cannot ask questions: add --yes (or --dry-run)."));
      return avs_cli_fail ("apply", error);
    }
  /* With --json, standard output carries only the document. */
  if (json)
    g_set_print_handler (print_to_stderr);

  if (!load_replacement (replacement_id, method, &replacement, &options.method, &error))
    return avs_cli_fail ("apply", error);
  options.replacement = replacement;

  wanted_root = root != NULL ? root : "/";

  /* Resume a saved plan, unless this is a dry run or the user starts over. Resuming plans again
   * from a fresh scan of the machine: the saved state only says how far the run got. */
  if (!dry_run && start_over)
    {
      if (!forget_saved_progress (&error))
        return avs_cli_fail ("apply", error);
    }
  else if (!dry_run)
    {
      if (!resume_saved_plan (wanted_root, rules, &executor, &error))
        return avs_cli_fail ("apply", error);
    }

  if (executor == NULL)
    {
      g_autoptr(AvsScanResult) scan = scan_root (root, rules, &error);
      g_autoptr(AvsPlan) new_plan = NULL;

      if (scan == NULL)
        return avs_cli_fail ("apply", error);
      new_plan = avs_plan_new (scan, &options, &error);
      if (new_plan == NULL)
        return avs_cli_fail ("apply", error);
      if (avs_plan_is_empty (new_plan))
        {
          g_print ("%s\n", _("No Kaspersky software was found: there is nothing to remove."));
          return avs_cli_report_add_plan ("apply", report_path, report_keep, new_plan);
        }
      executor = avs_executor_new_for_plan (new_plan, dry_run, rules);
    }

  if (dry_run)
    g_print ("%s\n", _("Dry run: every command is shown and recorded, nothing is changed."));

  g_signal_connect (executor, "output-line", G_CALLBACK (output_line_cb), NULL);

  print_run_summary (executor);

  /* One password prompt for the whole run, asked before its first administrator command. */
  avs_executor_begin_run (executor);
  status = run_steps (executor, yes, dry_run, continue_managed, allow_disk_scripts);
  avs_executor_end_run (executor);
  if (avs_cli_report_add_run ("apply", report_path, report_keep, executor) != AVS_CLI_EXIT_OK)
    status = AVS_CLI_EXIT_FAILED;
  if (json)
    print_apply_json (executor, status);
  return status;
}

/* ---------------------------------------------------------------------------------------------
 * avswitch verify
 * ------------------------------------------------------------------------------------------- */

int
avs_cli_verify (int    argc,
                char **argv)
{
  g_autofree char *root = NULL;
  g_autofree char *rules = NULL;
  g_autofree char *report_path = NULL;
  gboolean report_keep = FALSE;
  gboolean json = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsScanResult) scan = NULL;
  g_autoptr(AvsRunner) runner = NULL;
  g_autoptr(AvsExecutor) saved = NULL;
  g_autofree char *description = NULL;
  GPtrArray *findings;
  const GOptionEntry entries[] = {
    { "root", 0, 0, G_OPTION_ARG_FILENAME, &root,
      N_("Check the system installed in this folder (a mounted disk, a chroot)"), N_("DIR") },
    { "rules", 0, 0, G_OPTION_ARG_FILENAME, &rules,
      N_("Use these detection rules instead of the bundled ones"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the new scan as a JSON document (schema “avswitch-scan/1”)"), NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Scans again and reports what of Kaspersky remains. Nothing is "
                                  "changed."));
  description = g_strdup_printf ("%s\n  0  %s\n  1  %s\n  2  %s\n  3  %s",
                                 _("Exit status:"),
                                 _("nothing of Kaspersky remains, and every place was checked"),
                                 _("something remains"),
                                 _("the check itself failed"),
                                 _("nothing was found, but some places could not be checked"));
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  avs_cli_add_report_options (context, &report_path, &report_keep);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !check_no_arguments ("verify", argc, argv, &error))
    return avs_cli_fail ("verify", error);

  scan = scan_root (root, rules, &error);
  if (scan == NULL)
    return avs_cli_fail ("verify", error);
  if (avs_cli_report_add_scan ("verify", report_path, report_keep, scan, TRUE) != AVS_CLI_EXIT_OK)
    return AVS_CLI_EXIT_FAILED;

  findings = avs_scan_result_get_findings (scan);
  if (json)
    {
      g_autofree char *data = avs_scan_result_to_data (scan, NULL);
      avs_cli_print_document (data);
      return avs_cli_exit_for_scan (scan);
    }
  if (findings->len == 0)
    {
      if (avs_scan_result_is_clean (scan))
        g_print ("%s\n", _("Nothing of Kaspersky remains, and every place was checked."));
      else
        g_print ("%s\n", _("Nothing of Kaspersky was found in what could be checked, but some places could not be checked, so this cannot prove that nothing remains:"));
      avs_cli_print_not_checked (scan);
      return avs_cli_exit_for_scan (scan);
    }

  /* With an unfinished plan for the same root, say which of its steps left something. */
  runner = avs_runner_new ();
  saved = avs_executor_new_from_state_for_scan (NULL, scan, runner, NULL, NULL);

  g_print ("%s\n", _("Kaspersky software remains:"));
  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);
      GPtrArray *evidence = avs_finding_get_evidence (finding);
      g_autofree char *name = SAFE (avs_finding_get_name (finding));

      g_print ("\n  %s [%s]\n", name, avs_finding_get_product_id (finding));
      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);
          g_autofree char *value = SAFE (e->value);
          g_autofree char *detail = SAFE (e->detail);

          if (detail != NULL)
            {
              g_print ("    ");
              /* Translators: a line of a list: a label ("Package"), its value and a detail in
               * brackets ("Package: kesl (11.3.0.7441)"). Use your language's colon and
               * brackets (Chinese "%1$s：%2$s（%3$s）"); reorder freely, keep all three. */
              g_print (C_("list line", "%1$s: %2$s (%3$s)"),
                       avs_evidence_kind_to_label (e->kind), value, detail);
              g_print ("\n");
            }
          else
            {
              g_print ("    ");
              /* Translators: a line of a list: a label ("Package") and its value. Use your
               * language's colon (Chinese "%1$s：%2$s"). */
              g_print (C_("list line", "%1$s: %2$s"), avs_evidence_kind_to_label (e->kind), value);
              g_print ("\n");
            }
        }
    }

  if (saved != NULL)
    {
      AvsPlanStep *next = avs_executor_get_next_step (saved);

      if (next != NULL)
        {
          g_print ("\n");
          /* Translators: %s is a step title */
          g_print (_("An unfinished plan is saved; its next step is “%s”. Run “avswitch apply” "
                     "to continue it."), avs_plan_step_get_title (next));
          g_print ("\n");
        }
    }
  else
    g_print ("\n%s\n", _("Run “avswitch plan” to see how to remove it."));
  return AVS_CLI_EXIT_FOUND;
}
