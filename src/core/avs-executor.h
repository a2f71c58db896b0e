/* avs-executor.h — runs a plan step by step, with consent, saving its progress as it goes
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The executor runs one step at a time, in plan order, through an AvsRunner (which puts pkexec,
 * or flatpak-spawn --host pkexec inside Flatpak, in front of administrator commands, runs them
 * directly when already root, or only records them in dry-run mode).
 *
 * - Nothing runs unconfirmed: an automatic step runs only after avs_executor_confirm_step(),
 *   and avs_executor_dup_command_lines() lists the exact commands (as they will be run, pkexec
 *   included) for the confirmation. A blocking step (a centrally managed machine) stops the run
 *   until avs_executor_continue_anyway(). A manual step is "run" after the user said it is done
 *   (avs_executor_mark_manual_done()): its checks then decide.
 * - Before the commands, the step's preconditions are checked (e.g. every Kaspersky package is
 *   gone before leftovers are deleted, no folder above a path is a symbolic link); after them,
 *   its postconditions (the package is really gone). The verify step runs a fresh scan (an
 *   AvsScanner of the plan's root by default; see avs_executor_set_rescan_func()).
 * - Output: every line a command prints is emitted ("output-line") while it runs, and logged.
 * - The first failure stops the run: the step is FAILED and avs_executor_dup_failure_report()
 *   says what failed, what state the machine is in and what to do next. Running the step again
 *   resumes at the command that failed.
 * - Progress is saved atomically after every command (avs_executor_set_state_path(); by
 *   default avs_state_path ("apply-state.json")), so avs_executor_new_from_state() resumes after
 *   a reboot or a crash. The saved state holds how far each step got and the user's choices,
 *   never the scan or commands: resuming plans again from a fresh scan of the machine.
 *
 * Signals are emitted on the main context that was the thread default when the executor was
 * created, even though the commands run in a worker thread.
 */

#pragma once

#include <gio/gio.h>

#include "avs-plan.h"
#include "avs-runner.h"
#include "avs-scan-result.h"

G_BEGIN_DECLS

#define AVS_APPLY_STATE_SCHEMA "avswitch-apply-state/2"

#define AVS_EXECUTOR_ERROR (avs_executor_error_quark ())

typedef enum
{
  AVS_EXECUTOR_ERROR_NOT_CONFIRMED,   /* the step was not confirmed (or a manual step not marked done) */
  AVS_EXECUTOR_ERROR_BLOCKED,         /* a blocking step: the user must choose to continue anyway */
  AVS_EXECUTOR_ERROR_STEP_FAILED,     /* a command, a precondition or a postcondition failed */
  AVS_EXECUTOR_ERROR_BUSY,            /* a step is already running */
  AVS_EXECUTOR_ERROR_NO_STATE,        /* nothing saved to resume */
  AVS_EXECUTOR_ERROR_BAD_STATE,       /* the saved state is unreadable */
  AVS_EXECUTOR_ERROR_OTHER_ROOT,      /* the saved state is for another root folder */
  AVS_EXECUTOR_ERROR_AUTH_DISMISSED,  /* the password dialog was dismissed: nothing ran, ask again */
  AVS_EXECUTOR_ERROR_NO_ADMIN_RIGHTS, /* refused, no pkexec, or the session did not start: nothing
                                       * ran; offer the commands to an administrator (which of
                                       * these: avs_executor_get_privilege_outcome(); what to say:
                                       * avs_admin_refusal_new()) */
} AvsExecutorError;

GQuark avs_executor_error_quark (void);

typedef enum
{
  AVS_STEP_STATUS_PENDING,
  AVS_STEP_STATUS_RUNNING,
  AVS_STEP_STATUS_DONE,
  AVS_STEP_STATUS_FAILED,
  AVS_STEP_STATUS_SKIPPED,     /* a blocking step the user chose to continue past ("Overridden") */
} AvsStepStatus;

const char *avs_step_status_to_string (AvsStepStatus status);
/* What both faces show for the status ("Waiting", "Running…", "Done"…), translated. */
const char *avs_step_status_to_label  (AvsStepStatus status);

/* Runs a fresh scan of @root for the verify step (called in a worker thread). */
typedef AvsScanResult *(*AvsRescanFunc) (const char    *root,
                                         GCancellable  *cancellable,
                                         gpointer       user_data,
                                         GError       **error);

#define AVS_TYPE_EXECUTOR (avs_executor_get_type ())
G_DECLARE_FINAL_TYPE (AvsExecutor, avs_executor, AVS, EXECUTOR, GObject)

AvsExecutor   *avs_executor_new                 (AvsPlan       *plan,
                                                 AvsRunner     *runner);
/* The executor both faces build for a new plan (the window's removal page, `avswitch apply`):
 * its own runner, in dry-run mode when @dry_run (which also saves no progress: nothing happened
 * that a restart should resume); otherwise progress saved at the default path; and the verify
 * step's default re-scan of the plan's root with the rules at @rules_path (NULL: the bundled
 * ones). */
AvsExecutor   *avs_executor_new_for_plan        (AvsPlan       *plan,
                                                 gboolean       dry_run,
                                                 const char    *rules_path);
/* Resumes the removal saved at @state_path (NULL: the default path) for @root (NULL: "/").
 * What the plan may touch comes from a fresh scan of @root (with the rules at @rules_path, NULL:
 * the bundled ones), never from the saved file; the state only gives the user's choices (the
 * archive's name, the replacement, the consent to go on on a managed machine) and how far each
 * step got, mapped onto the fresh plan by step id (docs/removal.md, "Resuming"). Blocks for the
 * scan. AVS_EXECUTOR_ERROR_NO_STATE when nothing is saved, _OTHER_ROOT when the saved plan is
 * for another root, _BAD_STATE when it is unreadable. */
AvsExecutor   *avs_executor_new_from_state      (const char    *state_path,
                                                 const char    *root,
                                                 const char    *rules_path,
                                                 AvsRunner     *runner,
                                                 GCancellable  *cancellable,
                                                 GError       **error);
/* The same in a worker thread (the window); signals go to the caller's thread-default context. */
void           avs_executor_new_from_state_async (const char         *state_path,
                                                  const char         *root,
                                                  const char         *rules_path,
                                                  AvsRunner          *runner,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
AvsExecutor   *avs_executor_new_from_state_finish (GAsyncResult     *result,
                                                   GError          **error);
/* The same with a scan the caller has just made (`avswitch verify`): @fresh_scan must be a new
 * scan of the machine, never one read from a file. Its root must be the saved plan's. */
AvsExecutor   *avs_executor_new_from_state_for_scan (const char    *state_path,
                                                     AvsScanResult *fresh_scan,
                                                     AvsRunner     *runner,
                                                     GCancellable  *cancellable,
                                                     GError       **error);
/* NULL: the default path; "" (empty): do not save (dry runs, previews). */
void           avs_executor_set_state_path      (AvsExecutor   *self,
                                                 const char    *state_path);
const char    *avs_executor_get_state_path      (AvsExecutor   *self);
/* Deletes the saved state (when the plan is complete, or the user starts over). */
gboolean       avs_executor_forget_state        (AvsExecutor   *self,
                                                 GError       **error);

/* The verify step's scan. By default a new AvsScanner for the plan's root with the bundled
 * rules; avs_executor_set_rescan_rules() keeps that but with other rules (--rules), and
 * avs_executor_set_rescan_func() replaces it. */
void           avs_executor_set_rescan_func     (AvsExecutor   *self,
                                                 AvsRescanFunc  func,
                                                 gpointer       user_data,
                                                 GDestroyNotify destroy);
void           avs_executor_set_rescan_rules    (AvsExecutor   *self,
                                                 const char    *rules_path);

AvsPlan       *avs_executor_get_plan            (AvsExecutor   *self);
AvsRunner     *avs_executor_get_runner          (AvsExecutor   *self);
AvsStepStatus  avs_executor_get_status          (AvsExecutor   *self,
                                                 AvsPlanStep   *step);
/* The first step that is neither done nor skipped; NULL when the plan is complete. */
AvsPlanStep   *avs_executor_get_next_step       (AvsExecutor   *self);
gboolean       avs_executor_is_complete         (AvsExecutor   *self);

/* The exact command lines of @step as they will run, for the confirmation: an administrator
 * command as the privileged session runs it (the program's absolute path, no pkexec in front:
 * the password is asked once for the whole run, which avs_admin_rights_password_notice() says
 * once), other commands as the runner runs them (flatpak-spawn --host inside Flatpak).
 * NULL-terminated, empty for manual steps. Commands already done are left out. */
char         **avs_executor_dup_command_lines   (AvsExecutor   *self,
                                                 AvsPlanStep   *step);
void           avs_executor_confirm_step        (AvsExecutor   *self,
                                                 AvsPlanStep   *step);
/* Forgets every confirmation not yet used (a run that stopped: blocked, failed or cancelled),
 * so that nothing runs later without being confirmed again. */
void           avs_executor_withdraw_confirmations (AvsExecutor *self);
void           avs_executor_mark_manual_done    (AvsExecutor   *self,
                                                 AvsPlanStep   *step);
/* For a blocking step: the user (a technician) explicitly continues anyway. Logged. */
void           avs_executor_continue_anyway     (AvsExecutor   *self,
                                                 AvsPlanStep   *step);

/* One password prompt for several steps ("Run all", `avswitch apply`): from begin to end, the
 * administrator commands of every step run in one privileged session (avs-runner.h), opened
 * before the first step that has any and closed by avs_executor_end_run() (or when the executor
 * goes). Without it, a step opens a session of its own and closes it when it ends. The session
 * is opened before the step changes anything: a dismissed or refused password is
 * AVS_EXECUTOR_ERROR_AUTH_DISMISSED or _NO_ADMIN_RIGHTS, with the step and the saved state as
 * they were. As root, or in a dry run, there is no session (and no prompt). */
void           avs_executor_begin_run           (AvsExecutor   *self);
void           avs_executor_end_run             (AvsExecutor   *self);

/* Runs avs_executor_get_next_step(). */
void           avs_executor_run_step_async      (AvsExecutor         *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean       avs_executor_run_step_finish     (AvsExecutor         *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* Blocks (runs a private main context); for the command line. */
gboolean       avs_executor_run_step_sync       (AvsExecutor         *self,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

/* After a failure: what failed, what state the machine is in, what to do next (translated,
 * several lines). NULL if nothing failed. */
char          *avs_executor_dup_failure_report  (AvsExecutor   *self);
/* The evidence the verify step still found (element type AvsEvidence); NULL before it ran. */
GPtrArray     *avs_executor_get_remaining       (AvsExecutor   *self);
/* The verify step's last scan (for the session report), a new reference taken under the lock
 * (the step may run again in the worker thread); NULL before it ran. */
AvsScanResult *avs_executor_dup_verification_scan (AvsExecutor *self);
/* Why the last request for administrator rights failed (pkexec's answer, as the session saw
 * it): AVS_PRIVILEGE_DISMISSED, _NOT_AUTHORIZED, _MISSING_PKEXEC, _NO_HOST_ACCESS or _FAILED
 * after AVS_EXECUTOR_ERROR_AUTH_DISMISSED or _NO_ADMIN_RIGHTS; AVS_PRIVILEGE_OK otherwise. */
AvsPrivilegeOutcome avs_executor_get_privilege_outcome (AvsExecutor *self);
/* Every line of the session log so far ("2026-11-27T07:30:00Z remove-kesl: …"). */
GPtrArray     *avs_executor_get_log             (AvsExecutor   *self);

/* For the session report: {"plan": <avswitch-plan/1>, "archive": path or null (once the backup
 * step is done), "steps": [{"id", "status", "message"}], "log": [lines], "commands": [{"argv",
 * "dry_run", "exited", "exit_status", "term_signal", "duration_ms", "stdout", "stderr"}]} — the
 * commands as the runner ran or recorded them, output cut to 64 KiB each. */
JsonNode      *avs_executor_to_json             (AvsExecutor   *self);

G_END_DECLS
