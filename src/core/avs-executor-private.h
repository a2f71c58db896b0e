/* avs-executor-private.h — what the executor's files share: its state and internal calls
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The executor is one object in three files: avs-executor.c runs the steps, avs-executor-state.c
 * saves and resumes its progress (and writes the session report), avs-executor-checks.c
 * evaluates the plan's checks against the machine (through AvsHost, or the host's own commands
 * inside Flatpak). Nothing outside these files includes this header.
 */

#pragma once

#include "avs-executor.h"
#include "avs-host.h"

G_BEGIN_DECLS

#define AVS_EXECUTOR_STATE_FILE "apply-state.json"

typedef struct
{
  AvsStepStatus status;
  guint         commands_done;
  gboolean      confirmed;      /* never saved: after a restart the user confirms again */
  gboolean      manual_done;
  char         *message;        /* why it failed */
} StepState;

struct _AvsExecutor
{
  GObject         parent_instance;

  AvsPlan        *plan;
  AvsRunner      *runner;
  GMainContext   *context;
  GMutex          mutex;        /* guards states, log, remaining, failure, busy */
  StepState      *states;
  guint           n_states;
  char           *state_path;   /* "" = do not save */
  GPtrArray      *log;
  GPtrArray      *remaining;
  AvsScanResult  *verification; /* the verify step's last scan */
  char           *failure;
  gboolean        busy;
  AvsPrivilegedSession *session;  /* the run's privileged side, or NULL; guarded by mutex */
  gboolean        shared_session; /* between avs_executor_begin_run() and _end_run() */
  AvsPrivilegeOutcome privilege_outcome; /* of the last session that did not open; guarded */

  AvsRescanFunc   rescan;
  gpointer        rescan_data;
  GDestroyNotify  rescan_destroy;
};

/* avs-executor.c */
gint      _avs_executor_step_index          (AvsExecutor   *self,
                                             AvsPlanStep   *step);
/* Appends @line to the log (stamped) and emits "output-line"; @step may be NULL. */
void      _avs_executor_log_line            (AvsExecutor   *self,
                                             AvsPlanStep   *step,
                                             const char    *line);

/* avs-executor-state.c */
gboolean  _avs_executor_status_from_string  (const char    *string,
                                             AvsStepStatus *out_status);
/* Saves the progress; a failure to save is logged, and the run goes on. */
void      _avs_executor_save_state_or_log   (AvsExecutor   *self,
                                             AvsPlanStep   *step);

/* avs-executor-checks.c */
/* Whether @check holds. FALSE with @error when it could not be checked. */
gboolean  _avs_executor_evaluate_check      (AvsExecutor        *self,
                                             const AvsPlanCheck *check,
                                             GCancellable       *cancellable,
                                             gboolean           *out_holds,
                                             GError            **error);
/* Under another root: whether the backup folder can be written without leaving the disk.
 * Sets @out_problem (translated) when it cannot. */
gboolean  _avs_executor_check_backup_folder (AvsExecutor   *self,
                                             GCancellable  *cancellable,
                                             char         **out_problem,
                                             GError       **error);
/* Whether the backup step, which a saved state calls done, left its archive. */
gboolean  _avs_executor_backup_looks_done   (AvsExecutor   *self,
                                             GCancellable  *cancellable);

G_END_DECLS
