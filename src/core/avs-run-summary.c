/* avs-run-summary.c — what a run of the plan will do, in plain words, before it is confirmed
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "avs-run-summary.h"

typedef struct
{
  GPtrArray *products;      /* names of the programs removed, each once */
  gboolean   stop_services;
  gboolean   backup;
  gboolean   leftovers;
  gboolean   certificates;
  gboolean   install;
  gboolean   needs_admin;
} Run;

static void
add_product_names (Run           *run,
                   AvsScanResult *scan,
                   AvsPlanStep   *step)
{
  const char * const *products = avs_plan_step_get_products (step);

  for (guint i = 0; products != NULL && products[i] != NULL; i++)
    {
      AvsFinding *finding = avs_scan_result_find (scan, products[i]);
      const char *name = finding != NULL ? avs_finding_get_name (finding) : NULL;
      gboolean seen = FALSE;

      if (name == NULL)
        continue;
      for (guint j = 0; j < run->products->len && !seen; j++)
        seen = g_str_equal (g_ptr_array_index (run->products, j), name);
      if (!seen)
        g_ptr_array_add (run->products, g_strdup (name));
    }
}

static void
add_step (Run           *run,
          AvsExecutor   *executor,
          AvsPlanStep   *step)
{
  AvsStepStatus status = avs_executor_get_status (executor, step);

  if (avs_plan_step_get_kind (step) != AVS_STEP_KIND_AUTOMATIC ||
      status == AVS_STEP_STATUS_DONE || status == AVS_STEP_STATUS_SKIPPED)
    return;
  run->needs_admin |= avs_plan_step_get_needs_admin (step);
  switch (avs_plan_step_get_step_type (step))
    {
    case AVS_STEP_STOP_SERVICES:
      run->stop_services = TRUE;
      break;
    case AVS_STEP_REMOVE_PACKAGE:
      add_product_names (run, avs_plan_get_scan (avs_executor_get_plan (executor)), step);
      break;
    case AVS_STEP_BACKUP:
      run->backup = TRUE;
      break;
    case AVS_STEP_REMOVE_LEFTOVERS:
      run->leftovers = TRUE;
      break;
    case AVS_STEP_REMOVE_CERTIFICATES:
    case AVS_STEP_REMOVE_NSS_CERTIFICATES:
      run->certificates = TRUE;
      break;
    case AVS_STEP_INSTALL_REPLACEMENT:
      run->install = TRUE;
      break;
    case AVS_STEP_MANAGED:
    case AVS_STEP_PURGE_RECORDS:
    case AVS_STEP_MANUAL_FILES:
    case AVS_STEP_MANUAL_CERTIFICATES:
    case AVS_STEP_BROWSER_EXTENSIONS:
    case AVS_STEP_WINDOWS:
    case AVS_STEP_REBOOT:
    case AVS_STEP_VERIFY:
    default:
      break;
    }
}

/* "A, B and C", with the translation's separators. */
static char *
join_names (GPtrArray *names)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        /* Translators: between the names of a list, and before its last name */
        g_string_append (out, i + 1 < names->len ? C_("list", ", ") : C_("list", " and "));
      g_string_append (out, g_ptr_array_index (names, i));
    }
  return g_string_free (out, FALSE);
}

char **
avs_run_summary_new (AvsExecutor *executor,
                     GPtrArray   *steps)
{
  AvsPlan *plan;
  AvsRunner *runner;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_free);
  Run run = { .products = products };
  gboolean anything;

  g_return_val_if_fail (AVS_IS_EXECUTOR (executor), NULL);

  plan = avs_executor_get_plan (executor);
  runner = avs_executor_get_runner (executor);
  if (steps != NULL)
    for (guint i = 0; i < steps->len; i++)
      add_step (&run, executor, g_ptr_array_index (steps, i));
  else
    for (guint i = 0; i < avs_plan_get_n_steps (plan); i++)
      add_step (&run, executor, avs_plan_get_step (plan, i));

  anything = run.stop_services || run.products->len > 0 || run.backup || run.leftovers ||
             run.certificates || run.install;
  if (!anything)
    {
      g_ptr_array_add (out, NULL);
      return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
    }

  if (run.products->len > 0)
    {
      g_autofree char *names = join_names (run.products);

      g_ptr_array_add (out, g_strdup_printf (
          /* Translators: %s is a list of program names */
          _("What will be removed: %s."), names));
    }
  if (run.stop_services)
    g_ptr_array_add (out, g_strdup (_("Kaspersky’s running services are stopped first.")));
  if (run.leftovers)
    g_ptr_array_add (out, g_strdup (_("The files and settings Kaspersky left behind are "
                                      "deleted.")));
  if (run.certificates)
    g_ptr_array_add (out, g_strdup (_("Kaspersky’s certificates, which let it look into secure "
                                      "web connections, are removed from this computer and "
                                      "its browsers.")));
  if (run.backup)
    {
      g_autofree char *archive = avs_plan_dup_archive_real_path (plan);

      g_ptr_array_add (out, g_strdup_printf (
          /* Translators: %s is the backup file, e.g. /var/lib/avswitch/backup/kaspersky-….tar.gz */
          _("Where the backup goes: before anything is deleted, it is all saved in %s, which "
            "only the administrator can open."), archive));
    }
  if (run.install && avs_plan_get_replacement (plan) != NULL)
    g_ptr_array_add (out, g_strdup_printf (
        /* Translators: %s is the name of the chosen replacement, e.g. ClamUI */
        _("Then %s is installed."), avs_plan_get_replacement (plan)->name));

  if (avs_runner_get_dry_run (runner))
    g_ptr_array_add (out, g_strdup (_("This is a dry run: nothing is changed, and no password "
                                      "is asked for.")));
  else if (run.needs_admin && avs_runner_get_is_root (runner))
    g_ptr_array_add (out, g_strdup (_("No password is asked for: AV Switch already runs as "
                                      "the administrator.")));
  else if (run.needs_admin)
    g_ptr_array_add (out, g_strdup (_("The administrator password is asked for once, before "
                                      "the first step.")));
  g_ptr_array_add (out, g_strdup (_("If a step fails, the run stops there: nothing after it "
                                    "runs.")));

  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}
