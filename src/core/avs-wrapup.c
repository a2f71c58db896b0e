/* avs-wrapup.c — what the end of a removal can truthfully say
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "avs-wrapup.h"

static AvsPlanStep *
find_step_of_type (AvsPlan     *plan,
                   AvsStepType  type)
{
  for (guint i = 0; plan != NULL && i < avs_plan_get_n_steps (plan); i++)
    if (avs_plan_step_get_step_type (avs_plan_get_step (plan, i)) == type)
      return avs_plan_get_step (plan, i);
  return NULL;
}

AvsWrapupVerdict
avs_wrapup_verdict (AvsScanResult *before,
                    AvsScanResult *final)
{
  g_return_val_if_fail (before == NULL || AVS_IS_SCAN_RESULT (before), AVS_WRAPUP_VERDICT_REMAINS);
  g_return_val_if_fail (AVS_IS_SCAN_RESULT (final), AVS_WRAPUP_VERDICT_REMAINS);

  switch (avs_scan_result_get_outcome (final))
    {
    case AVS_SCAN_OUTCOME_CLEAN:
      /* "Removed" needs something that was there before and is gone now. */
      if (before != NULL && before != final && avs_scan_result_has_findings (before))
        return AVS_WRAPUP_VERDICT_REMOVED;
      return AVS_WRAPUP_VERDICT_NOTHING_FOUND;
    case AVS_SCAN_OUTCOME_INCOMPLETE:
      return AVS_WRAPUP_VERDICT_INCOMPLETE;
    case AVS_SCAN_OUTCOME_FOUND:
    default:
      return AVS_WRAPUP_VERDICT_REMAINS;
    }
}

gboolean
avs_wrapup_has_install_step (AvsExecutor *executor)
{
  g_return_val_if_fail (executor == NULL || AVS_IS_EXECUTOR (executor), FALSE);

  return executor != NULL &&
         find_step_of_type (avs_executor_get_plan (executor), AVS_STEP_INSTALL_REPLACEMENT) != NULL;
}

AvsReplacementState
avs_wrapup_replacement_state (AvsExecutor *executor,
                              const char  *replacement_id)
{
  AvsPlanStep *step;

  g_return_val_if_fail (executor == NULL || AVS_IS_EXECUTOR (executor), AVS_REPLACEMENT_STATE_NONE);

  if (replacement_id == NULL)
    return AVS_REPLACEMENT_STATE_NONE;
  if (executor == NULL)
    return AVS_REPLACEMENT_STATE_TO_DO;

  step = find_step_of_type (avs_executor_get_plan (executor), AVS_STEP_INSTALL_REPLACEMENT);
  /* A plan made before the choice has no install step: nothing installed it. */
  if (step == NULL || !g_strv_contains (avs_plan_step_get_products (step), replacement_id) ||
      avs_executor_get_status (executor, step) != AVS_STEP_STATUS_DONE)
    return AVS_REPLACEMENT_STATE_TO_DO;
  /* Done, but was it seen? Only the step's own checks on the machine say so: a manual step
   * with none (a vendor page, a disk that is not running) was only marked as done, and a dry
   * run checks nothing. */
  if (avs_runner_get_dry_run (avs_executor_get_runner (executor)) ||
      avs_plan_step_get_postconditions (step)->len == 0)
    return AVS_REPLACEMENT_STATE_UNCHECKED;
  return AVS_REPLACEMENT_STATE_CHECKED;
}

const char *
avs_wrapup_backup_path (AvsExecutor *executor)
{
  AvsPlanStep *step;

  g_return_val_if_fail (executor == NULL || AVS_IS_EXECUTOR (executor), NULL);

  if (executor == NULL || avs_runner_get_dry_run (avs_executor_get_runner (executor)))
    return NULL;
  step = find_step_of_type (avs_executor_get_plan (executor), AVS_STEP_BACKUP);
  if (step == NULL || avs_executor_get_status (executor, step) != AVS_STEP_STATUS_DONE)
    return NULL;
  return avs_plan_get_archive_path (avs_executor_get_plan (executor));
}

static void
add (GPtrArray  *list,
     const char *text)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (g_ptr_array_index (list, i), text))
      return;
  g_ptr_array_add (list, g_strdup (text));
}

GPtrArray *
avs_wrapup_still_to_do (AvsExecutor   *executor,
                        AvsScanResult *final,
                        const char    *replacement_id,
                        const char    *replacement_name,
                        gboolean       it_installs)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  AvsPlan *plan = executor != NULL ? avs_executor_get_plan (executor) : NULL;
  gboolean restart = FALSE;
  gboolean managed = FALSE;
  gboolean overridden = FALSE;
  GPtrArray *findings;

  g_return_val_if_fail (executor == NULL || AVS_IS_EXECUTOR (executor), NULL);
  g_return_val_if_fail (final == NULL || AVS_IS_SCAN_RESULT (final), NULL);

  for (guint i = 0; plan != NULL && i < avs_plan_get_n_steps (plan); i++)
    {
      AvsPlanStep *step = avs_plan_get_step (plan, i);
      AvsStepType type = avs_plan_step_get_step_type (step);
      AvsStepStatus status = avs_executor_get_status (executor, step);

      if (type == AVS_STEP_MANAGED)
        overridden |= status == AVS_STEP_STATUS_SKIPPED;
      else if (type == AVS_STEP_REBOOT)
        restart |= status != AVS_STEP_STATUS_DONE;
      else if (avs_plan_step_get_kind (step) == AVS_STEP_KIND_MANUAL &&
               type != AVS_STEP_INSTALL_REPLACEMENT && status != AVS_STEP_STATUS_DONE)
        {
          /* Translators: %s is the title of a step done by hand, e.g. "Remove the browser extension" */
          g_autofree char *text = g_strdup_printf (_("Do this by hand: %s."),
                                                   avs_plan_step_get_title (step));
          add (list, text);
        }
    }

  findings = final != NULL ? avs_scan_result_get_findings (final) : NULL;
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);

      restart |= avs_finding_get_running (finding);
      managed |= avs_finding_get_managed (finding);
    }

  if (restart)
    add (list, _("Restart the computer, then check again."));
  if (managed)
    add (list, _("Ask your IT department to release this computer from central management; "
                 "until then, Kaspersky may come back."));
  else if (overridden)
    add (list, _("Tell your IT department that Kaspersky was removed from this computer: "
                 "their management console still lists it."));

  switch (avs_wrapup_replacement_state (executor, replacement_id))
    {
    case AVS_REPLACEMENT_STATE_TO_DO:
      {
        /* Translators: %s is a product name */
        g_autofree char *text = g_strdup_printf (_("Install %s."), replacement_name);
        add (list, text);
      }
      break;
    case AVS_REPLACEMENT_STATE_UNCHECKED:
      {
        g_autofree char *text =
          g_strdup_printf (/* Translators: %s is a product name */
                           _("Make sure %s is installed and running: it was marked as done, "
                             "but AV Switch could not check it."), replacement_name);
        add (list, text);
      }
      break;
    case AVS_REPLACEMENT_STATE_NONE:
      if (it_installs)
        add (list, _("Your IT department chooses and installs the new protection; tell them "
                     "that Kaspersky is gone."));
      break;
    case AVS_REPLACEMENT_STATE_CHECKED:
    default:
      break;
    }

  if (final != NULL && avs_scan_result_get_outcome (final) == AVS_SCAN_OUTCOME_INCOMPLETE)
    add (list, _("Scan again as administrator: some places could not be checked."));

  return g_steal_pointer (&list);
}
