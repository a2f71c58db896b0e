/* avs-helpdesk-summary.c — a few plain lines for the person on the phone to read out or paste
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "avs-helpdesk-summary.h"
#include "avs-text.h"
#include "avs-timeline.h"
#include "avs-wrapup.h"

/* Text from the scanned machine, safe to paste: no control characters, no line of its own. */
static char *
safe (const char *text)
{
  return avs_text_escape_for_terminal (text, -1, AVS_TEXT_ESCAPE_DEFAULT);
}

/* A value inside a translated sentence: safe as above, and isolated so that a path, a version
 * or a name keeps its own direction in Arabic. The window shows the isolates' effect; the
 * command line drops them before it prints (avs_cli_print_escaped). */
static char *
value (const char *text)
{
  g_autofree char *escaped = safe (text);
  return avs_text_isolate (escaped);
}

static void
add_line (GString    *out,
          const char *line)
{
  g_string_append (out, line);
  g_string_append_c (out, '\n');
}

static void
add_scanned (GString       *out,
             AvsScanResult *scan)
{
  AvsHostInfo *host = avs_scan_result_get_host (scan);
  const char *os_name = host->pretty_name != NULL ? host->pretty_name : host->id;
  g_autofree char *os = os_name != NULL ? value (os_name) : g_strdup (_("an unknown system"));
  g_autofree char *version = value (PACKAGE_VERSION);
  g_autoptr(GDateTime) local = g_date_time_to_local (avs_scan_result_get_scanned_at (scan));
  g_autofree char *when = avs_format_date_time (local);
  g_autofree char *line = NULL;

  if (avs_scan_result_get_live (scan))
    /* Translators: %1$s is the program's version, %2$s an operating system, %3$s a date and time */
    line = g_strdup_printf (_("AV Switch %1$s scanned this computer (%2$s) on %3$s."),
                            version, os, when);
  else
    {
      g_autofree char *root = value (avs_scan_result_get_root (scan));

      /* Translators: %1$s is the program's version, %2$s a folder, %3$s an operating system,
       * %4$s a date and time */
      line = g_strdup_printf (_("AV Switch %1$s scanned the system in %2$s (%3$s) on %4$s."),
                              version, root, os, when);
    }
  add_line (out, line);
}

static void
add_finding (GString    *out,
             AvsFinding *finding)
{
  g_autofree char *name = value (avs_finding_get_name (finding));
  /* Translated, with the version already escaped and isolated (avs_finding_describe_kind). */
  g_autofree char *state = avs_finding_describe_state (finding);
  g_autofree char *line = NULL;
  GDateTime *updated = avs_finding_get_signatures_updated (finding);

  if (avs_finding_get_running (finding))
    /* Translators: %1$s is a product, %2$s how it is installed, a sentence of its own
     * ("Installed as a package, version 11.2.0-4528") */
    line = g_strdup_printf (_("Found: %1$s. %2$s. It is running now."), name, state);
  else
    /* Translators: %1$s is a product, %2$s how it is installed, a sentence of its own */
    line = g_strdup_printf (_("Found: %1$s. %2$s."), name, state);
  add_line (out, line);

  if (updated != NULL)
    {
      g_autofree char *date = avs_format_date (updated);
      g_autofree char *signatures = NULL;

      /* Translators: %1$s is a product, %2$s a date */
      signatures = g_strdup_printf (_("Its virus signatures (%1$s) were last updated on %2$s."),
                                    name, date);
      add_line (out, signatures);
    }
}

static void
add_managed (GString       *out,
             AvsScanResult *scan)
{
  GPtrArray *findings = avs_scan_result_get_findings (scan);

  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);

      if (avs_finding_get_managed (finding))
        {
          const char *server = avs_finding_get_management_server (finding);

          if (server != NULL)
            {
              g_autofree char *safe_server = value (server);
              g_autofree char *line =
                /* Translators: %s is a server name or address */
                g_strdup_printf (_("Managed: yes, by the Kaspersky Security Center server at %s."),
                                 safe_server);
              add_line (out, line);
            }
          else
            add_line (out, _("Managed: yes, by a Kaspersky Security Center server."));
          return;
        }
    }
  add_line (out, _("Managed: no, no Kaspersky Security Center agent was found."));
}

static void
add_not_checked (GString       *out,
                 AvsScanResult *scan)
{
  GPtrArray *not_checked = avs_scan_result_get_not_checked (scan);
  g_autoptr(GPtrArray) places = g_ptr_array_new_with_free_func (g_free);
  guint gaps;

  for (guint i = 0; i < not_checked->len; i++)
    {
      AvsNotChecked *entry = g_ptr_array_index (not_checked, i);

      if (!entry->note)
        g_ptr_array_add (places, safe (entry->what));
    }
  gaps = places->len;
  if (gaps > 0)
    {
      g_autofree char *list = NULL;
      g_autofree char *line = NULL;

      g_ptr_array_add (places, NULL);
      /* The places are the scan's own translated words ("Firefox profiles of other users"),
       * not values: not isolated. */
      list = avs_text_join_list ((const char * const *) places->pdata, FALSE);
      /* Translators: %u is a number of places, %s the list of them */
      line = g_strdup_printf (ngettext ("Not checked: %u place (%s).",
                                        "Not checked: %u places (%s).", gaps),
                              gaps, list);
      add_line (out, line);
    }
}

static void
add_outcome (GString       *out,
             AvsScanResult *scan)
{
  GPtrArray *findings = avs_scan_result_get_findings (scan);

  switch (avs_scan_result_get_outcome (scan))
    {
    case AVS_SCAN_OUTCOME_CLEAN:
      add_line (out, _("Found: no Kaspersky software, and every place was checked."));
      break;
    case AVS_SCAN_OUTCOME_INCOMPLETE:
      add_line (out, _("Found: no Kaspersky software in what could be checked, but the scan is incomplete."));
      break;
    case AVS_SCAN_OUTCOME_FOUND:
    default:
      for (guint i = 0; i < findings->len; i++)
        add_finding (out, g_ptr_array_index (findings, i));
      add_managed (out, scan);
      break;
    }
  add_not_checked (out, scan);
}

/* The names of what @before found and @after does not, or what @after still finds. */
static char *
join_names (AvsScanResult *from,
            AvsScanResult *absent_in)
{
  GPtrArray *findings = avs_scan_result_get_findings (from);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);

      if (absent_in != NULL &&
          avs_scan_result_find (absent_in, avs_finding_get_product_id (finding)) != NULL)
        continue;
      g_ptr_array_add (names, safe (avs_finding_get_name (finding)));
    }
  if (names->len == 0)
    return NULL;
  g_ptr_array_add (names, NULL);
  /* Each name isolated, joined with the language's list separator. */
  return avs_text_join_list ((const char * const *) names->pdata, TRUE);
}

static gboolean
continued_on_managed (AvsExecutor *executor)
{
  AvsPlan *plan;

  if (executor == NULL)
    return FALSE;
  plan = avs_executor_get_plan (executor);
  for (guint i = 0; i < avs_plan_get_n_steps (plan); i++)
    {
      AvsPlanStep *step = avs_plan_get_step (plan, i);

      if (avs_plan_step_get_blocking (step) &&
          avs_executor_get_status (executor, step) == AVS_STEP_STATUS_SKIPPED)
        return TRUE;
    }
  return FALSE;
}

static void
add_failed_step (GString     *out,
                 AvsExecutor *executor)
{
  AvsPlan *plan;

  if (executor == NULL)
    return;
  plan = avs_executor_get_plan (executor);
  for (guint i = 0; i < avs_plan_get_n_steps (plan); i++)
    {
      AvsPlanStep *step = avs_plan_get_step (plan, i);

      if (avs_executor_get_status (executor, step) == AVS_STEP_STATUS_FAILED)
        {
          /* The title is a translated sentence whose values carry isolates of their own;
           * escaping would turn those into visible \u2068, so they go, and the whole title is
           * isolated instead. */
          g_autofree char *plain = avs_text_drop_isolates (avs_plan_step_get_title (step));
          g_autofree char *title = value (plain);
          /* Translators: %s is the title of a removal step */
          g_autofree char *line = g_strdup_printf (_("The removal stopped: the step “%s” failed."),
                                                   title);
          add_line (out, line);
        }
    }
}

static void
add_replacement (GString                       *out,
                 const AvsHelpdeskSummaryInput *input)
{
  g_autofree char *name = NULL;
  g_autofree char *line = NULL;

  if (input->replacement_id == NULL || input->replacement_name == NULL)
    return;
  name = value (input->replacement_name);
  switch (avs_wrapup_replacement_state (input->executor, input->replacement_id))
    {
    case AVS_REPLACEMENT_STATE_CHECKED:
      /* Translators: %s is an antivirus product */
      line = g_strdup_printf (_("Replacement: %s, installed, and AV Switch checked that it is there."), name);
      break;
    case AVS_REPLACEMENT_STATE_UNCHECKED:
      /* Translators: %s is an antivirus product */
      line = g_strdup_printf (_("Replacement: %s, marked as installed, but not checked."), name);
      break;
    case AVS_REPLACEMENT_STATE_TO_DO:
      /* Translators: %s is an antivirus product */
      line = g_strdup_printf (_("Replacement: %s, chosen but not installed yet."), name);
      break;
    case AVS_REPLACEMENT_STATE_NONE:
    default:
      return;
    }
  add_line (out, line);
}

/* After a removal: what went, what remains. */
static void
add_removal (GString                       *out,
             const AvsHelpdeskSummaryInput *input)
{
  g_autofree char *removed = join_names (input->before, input->scan);
  g_autofree char *remaining = join_names (input->scan, NULL);
  g_autofree char *line = NULL;

  if (removed != NULL)
    {
      /* Translators: %s is a list of products */
      line = g_strdup_printf (_("Removed: %s."), removed);
      add_line (out, line);
      g_clear_pointer (&line, g_free);
    }
  else
    add_line (out, _("Removed: nothing yet."));

  if (remaining != NULL)
    {
      /* Translators: %s is a list of products */
      line = g_strdup_printf (_("Still present: %s."), remaining);
      add_line (out, line);
    }
  else if (avs_scan_result_is_clean (input->scan))
    add_line (out, _("Still present: nothing. A fresh scan checked every place and found no Kaspersky software."));
  else
    add_line (out, _("Still present: nothing was found, but the final scan could not check every place."));

  add_failed_step (out, input->executor);
  add_replacement (out, input);
}

char *
avs_helpdesk_summary_new (const AvsHelpdeskSummaryInput *input)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean after_removal;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (AVS_IS_SCAN_RESULT (input->scan), NULL);

  after_removal = input->before != NULL && input->before != input->scan;

  add_scanned (out, after_removal ? input->before : input->scan);
  add_outcome (out, after_removal ? input->before : input->scan);
  if (after_removal)
    add_removal (out, input);
  if (input->continued_managed || continued_on_managed (input->executor))
    add_line (out, _("The technician chose to continue the removal on this centrally managed computer."));

  return g_string_free (g_steal_pointer (&out), FALSE);
}
