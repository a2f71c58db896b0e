/* avs-admin-rights.h — what both faces say about administrator rights for a removal
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A removal run asks for the administrator password once (one privileged session, avs-runner.h).
 * When the password is not given, pkexec's answer decides what the person is told and offered,
 * in one place for the window and `avswitch apply`:
 *
 * - dismissed (pkexec 126): nothing ran, the saved progress and the plan are as they were, and the
 *   run can be started again. A neutral note, not an error: closing the dialog is a choice.
 * - not authorized (127): say so, and offer the commands for an administrator to run.
 * - pkexec missing (natively: not in the system's folders; inside Flatpak: the host has no
 *   /usr/bin/pkexec): say so, and offer the commands.
 * - no host access (inside Flatpak, the org.freedesktop.Flatpak permission is off): say so, name
 *   the `flatpak override` command that gives it back, and offer the commands.
 * - the session could not start for another reason: say what pkexec said, offer the commands.
 */

#pragma once

#include <gio/gio.h>

#include "avs-executor.h"

G_BEGIN_DECLS

/* Which face the words are for (the next step names its own button or command). */
typedef enum
{
  AVS_ADMIN_FACE_WINDOW,   /* the removal page: "Run All", "Copy all commands" */
  AVS_ADMIN_FACE_CLI,      /* avswitch apply: run it again, the commands printed below */
} AvsAdminFace;

typedef struct
{
  AvsPrivilegeOutcome outcome;
  gboolean            neutral;          /* the user closed the dialog: no error styling */
  gboolean            offer_commands;   /* show the commands for an administrator to copy */
  char               *message;          /* what happened, that nothing ran (translated) */
  char               *next;             /* what to do now, for the face (translated) */
} AvsAdminRefusal;

/* What to say when a step ended with AVS_EXECUTOR_ERROR_AUTH_DISMISSED or _NO_ADMIN_RIGHTS
 * (@error, as avs_executor_run_step_finish() returned it); NULL for any other error, which is a
 * step's own failure (avs_executor_dup_failure_report()). */
AvsAdminRefusal *avs_admin_refusal_new   (AvsExecutor   *executor,
                                          const GError  *error,
                                          AvsAdminFace   face);
void             avs_admin_refusal_free  (AvsAdminRefusal *refusal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AvsAdminRefusal, avs_admin_refusal_free)

/* Said once, with the commands of a confirmation, when the run will ask for the administrator
 * password (not as root, nor in a dry run): the lines themselves have no pkexec in front.
 * NULL when no password will be asked. Translated, static. */
const char      *avs_admin_rights_password_notice (AvsExecutor *executor);

/* The commands still to run (every automatic step not done yet, from the next one on), one line
 * each, as avs_executor_dup_command_lines() shows them: what an administrator would copy into a
 * root shell. NULL-terminated. */
char           **avs_admin_rights_dup_remaining_commands (AvsExecutor *executor);

G_END_DECLS
