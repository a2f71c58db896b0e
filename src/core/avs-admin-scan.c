/* avs-admin-scan.c — the scan as administrator: `avswitch scan --json` run through pkexec
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "avs-admin-scan.h"
#include "avs-fileutil.h"
#include "avs-json.h"

G_DEFINE_QUARK (avs-admin-scan-error-quark, avs_admin_scan_error)

/* The administrator scan's document. The runner already refuses more than
 * AVS_RUNNER_MAX_OUTPUT (64 MiB) from the child, so that is the bound here too: about 400,000
 * pieces of evidence at some 150 bytes each, far more than the largest machine has. Measured, a
 * 58 MiB scan document parses in 0.75 s and takes about 8 times its size in memory while it
 * does; the depth cap stays the default, and the parse runs in a thread so the window stays
 * responsive. */
#define ADMIN_SCAN_MAX_SIZE AVS_RUNNER_MAX_OUTPUT

char **
avs_admin_scan_build_argv (const char *root,
                           const char *rules_path)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *program = avs_own_program_path ("avswitch");

  g_strv_builder_add_many (builder, program, "scan", "--json", "--root",
                           root != NULL ? root : "/", NULL);
  if (rules_path != NULL)
    g_strv_builder_add_many (builder, "--rules", rules_path, NULL);
  return g_strv_builder_end (builder);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GBytes *bytes = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  AvsScanResult *scan_result = NULL;

  root = avs_json_parse_bytes (bytes, _("the administrator scan's output"), ADMIN_SCAN_MAX_SIZE,
                               AVS_JSON_DEFAULT_MAX_DEPTH, &error);
  if (root != NULL)
    scan_result = avs_scan_result_new_from_json (root, &error);
  if (scan_result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, scan_result, g_object_unref);
}

/* The error for a run that gave no document, or NULL when @run carries one. */
static GError *
run_error (AvsRunner    *runner,
           AvsRunResult *run)
{
  g_autofree char *err = NULL;

  switch (avs_runner_classify_privileged_result (runner, run, NULL))
    {
    case AVS_PRIVILEGE_DISMISSED:
      return g_error_new_literal (AVS_ADMIN_SCAN_ERROR, AVS_ADMIN_SCAN_ERROR_DISMISSED,
                                  _("The password dialog was dismissed, so the scan as "
                                    "administrator did not run."));
    case AVS_PRIVILEGE_NOT_AUTHORIZED:
      return g_error_new_literal (AVS_ADMIN_SCAN_ERROR, AVS_ADMIN_SCAN_ERROR_NOT_AUTHORIZED,
                                  _("Administrator rights were refused, so the scan as "
                                    "administrator did not run."));
    case AVS_PRIVILEGE_OK:
      /* The scan's own statuses: 0 (clean) and 1 (found) carry the document. */
      if (run->exit_status <= 1)
        return NULL;
      break;
    case AVS_PRIVILEGE_MISSING_PKEXEC:
    case AVS_PRIVILEGE_FAILED:
    default:
      break;
    }
  err = avs_run_result_dup_stderr (run);
  return g_error_new_literal (AVS_ADMIN_SCAN_ERROR, AVS_ADMIN_SCAN_ERROR_FAILED,
                              err != NULL && *err != '\0'
                              ? err : _("The scan as administrator stopped with an error."));
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AvsRunner *runner = AVS_RUNNER (source);
  g_autoptr(AvsRunResult) run = NULL;
  g_autoptr(GError) error = NULL;

  run = avs_runner_run_finish (runner, result, &error);
  if (run == NULL)
    {
      if (avs_runner_classify_privileged_result (runner, NULL, error) ==
          AVS_PRIVILEGE_MISSING_PKEXEC)
        g_task_return_new_error (task, AVS_ADMIN_SCAN_ERROR, AVS_ADMIN_SCAN_ERROR_NO_PKEXEC,
                                 "%s", error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  error = run_error (runner, run);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, g_bytes_ref (run->stdout_data), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, parse_thread);
}

void
avs_admin_scan_async (AvsRunner           *runner,
                      const char          *root,
                      const char          *rules_path,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(AvsRunner) own = NULL;
  g_auto(GStrv) argv = avs_admin_scan_build_argv (root, rules_path);
  GTask *task;

  g_return_if_fail (runner == NULL || AVS_IS_RUNNER (runner));

  if (runner == NULL)
    runner = own = avs_runner_new ();
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, avs_admin_scan_async);
  /* The scan is read-only (AVS_RUN_QUERY): it may run even in a dry run. */
  avs_runner_run_async (runner, (const char * const *) argv, AVS_RUN_ADMIN | AVS_RUN_QUERY, NULL,
                        AVS_ADMIN_SCAN_TIMEOUT_MS, cancellable, run_done_cb, task);
}

AvsScanResult *
avs_admin_scan_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
