/* avs-admin-rights.c — what both faces say about administrator rights for a removal
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "avs-admin-rights.h"
#include "avs-text.h"

void
avs_admin_refusal_free (AvsAdminRefusal *refusal)
{
  if (refusal == NULL)
    return;
  g_free (refusal->message);
  g_free (refusal->next);
  g_free (refusal);
}

/* Where the commands are offered: the window's button, or the lines the CLI prints. */
static char *
offer_commands (AvsAdminFace face,
                gboolean     in_flatpak)
{
  if (face == AVS_ADMIN_FACE_WINDOW)
    return g_strdup (_("An administrator can run the commands instead: “Copy all commands” "
                       "gives them as a script."));
  if (in_flatpak)
    return g_strdup (_("An administrator can run the commands below in a terminal, as root."));
  return g_strdup (_("An administrator can run “sudo avswitch apply”, or the commands below "
                     "in a terminal, as root."));
}

static char *
join (const char *first,
      char       *second)
{
  g_autofree char *owned = second;

  return avs_text_join_sentences (first, owned);
}

AvsAdminRefusal *
avs_admin_refusal_new (AvsExecutor  *executor,
                       const GError *error,
                       AvsAdminFace  face)
{
  AvsAdminRefusal *refusal;
  gboolean in_flatpak;

  g_return_val_if_fail (AVS_IS_EXECUTOR (executor), NULL);

  if (!g_error_matches (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_AUTH_DISMISSED) &&
      !g_error_matches (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_NO_ADMIN_RIGHTS))
    return NULL;

  in_flatpak = avs_runner_get_in_flatpak (avs_executor_get_runner (executor));
  refusal = g_new0 (AvsAdminRefusal, 1);
  refusal->outcome = avs_executor_get_privilege_outcome (executor);
  if (g_error_matches (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_AUTH_DISMISSED))
    refusal->outcome = AVS_PRIVILEGE_DISMISSED;
  else if (refusal->outcome == AVS_PRIVILEGE_OK || refusal->outcome == AVS_PRIVILEGE_DISMISSED)
    refusal->outcome = AVS_PRIVILEGE_FAILED;
  refusal->offer_commands = TRUE;

  switch (refusal->outcome)
    {
    case AVS_PRIVILEGE_DISMISSED:
      refusal->neutral = TRUE;
      refusal->offer_commands = FALSE;
      refusal->message = g_strdup (_("The administrator password dialog was closed, so nothing "
                                     "was run. The removal is where it was."));
      refusal->next = g_strdup (face == AVS_ADMIN_FACE_WINDOW
                                ? _("Press Run All again when you are ready.")
                                : _("Run “avswitch apply” again when you are ready; it goes on "
                                    "from here."));
      break;

    case AVS_PRIVILEGE_NOT_AUTHORIZED:
      refusal->message = g_strdup (_("Administrator rights were refused (this account may not be "
                                     "an administrator, or the password was not accepted), so "
                                     "nothing was run."));
      refusal->next = offer_commands (face, in_flatpak);
      break;

    case AVS_PRIVILEGE_MISSING_PKEXEC:
      refusal->message = g_strdup (in_flatpak
                                   ? _("This computer has no /usr/bin/pkexec (part of polkit), "
                                       "which AV Switch needs to ask for the administrator "
                                       "password from its Flatpak, so nothing was run.")
                                   : _("This computer has no pkexec (part of polkit), which AV "
                                       "Switch needs to ask for the administrator password, so "
                                       "nothing was run."));
      refusal->next = join (face == AVS_ADMIN_FACE_WINDOW
                            ? _("Install the “pkexec” (or “polkit”) package and press Run All "
                                "again.")
                            : _("Install the “pkexec” (or “polkit”) package and run “avswitch "
                                "apply” again."),
                            offer_commands (face, in_flatpak));
      break;

    case AVS_PRIVILEGE_NO_HOST_ACCESS:
      refusal->message = g_strdup (_("AV Switch may not run programs outside its Flatpak (its "
                                     "permission to talk to org.freedesktop.Flatpak is off), so "
                                     "nothing was run."));
      {
        g_autofree char *override = g_strdup_printf ("flatpak override --user "
                                                     "--talk-name=org.freedesktop.Flatpak %s",
                                                     APP_ID);
        g_autofree char *allow = g_strdup_printf (face == AVS_ADMIN_FACE_WINDOW
                                                  /* Translators: %s is a command line */
                                                  ? _("To allow it, run “%s” in a terminal and "
                                                      "press Run All again.")
                                                  /* Translators: %s is a command line */
                                                  : _("To allow it, run “%s” in a terminal and "
                                                      "try again."),
                                                  override);

        refusal->next = join (allow, offer_commands (face, in_flatpak));
      }
      break;

    case AVS_PRIVILEGE_OK:
    case AVS_PRIVILEGE_FAILED:
    default:
      refusal->outcome = AVS_PRIVILEGE_FAILED;
      refusal->message = g_strdup (error->message);
      refusal->next = offer_commands (face, in_flatpak);
      break;
    }
  return refusal;
}

const char *
avs_admin_rights_password_notice (AvsExecutor *executor)
{
  AvsRunner *runner;

  g_return_val_if_fail (AVS_IS_EXECUTOR (executor), NULL);
  runner = avs_executor_get_runner (executor);
  if (avs_runner_get_dry_run (runner) || avs_runner_get_is_root (runner))
    return NULL;
  return _("The administrator password is asked once, for all the commands of the run.");
}

char **
avs_admin_rights_dup_remaining_commands (AvsExecutor *executor)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  AvsPlan *plan;

  g_return_val_if_fail (AVS_IS_EXECUTOR (executor), NULL);
  plan = avs_executor_get_plan (executor);
  for (guint i = 0; i < avs_plan_get_n_steps (plan); i++)
    {
      AvsPlanStep *step = avs_plan_get_step (plan, i);
      AvsStepStatus status = avs_executor_get_status (executor, step);
      g_auto(GStrv) lines = NULL;

      if (status == AVS_STEP_STATUS_DONE || status == AVS_STEP_STATUS_SKIPPED ||
          avs_plan_step_get_kind (step) != AVS_STEP_KIND_AUTOMATIC)
        continue;
      lines = avs_executor_dup_command_lines (executor, step);
      g_strv_builder_addv (builder, (const char **) lines);
    }
  return g_strv_builder_end (builder);
}
