/* avs-executor.c — runs a plan step by step, with consent, saving its progress as it goes
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Running the steps; the saved progress is in avs-executor-state.c, the checks of the machine
 * in avs-executor-checks.c (avs-executor-private.h).
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "avs-executor-private.h"
#include "avs-fileutil.h"
#include "avs-scanner.h"
#include "avs-text.h"

G_DEFINE_QUARK (avs-executor-error-quark, avs_executor_error)

#define ADMIN_TIMEOUT_MS (30 * 60 * 1000)   /* pkexec waits for the user; klnagent's uninstall is slow */
#define USER_TIMEOUT_MS  (15 * 60 * 1000)   /* a Flatpak download */

G_DEFINE_FINAL_TYPE (AvsExecutor, avs_executor, G_TYPE_OBJECT)

enum
{
  SIGNAL_OUTPUT_LINE,
  SIGNAL_STEP_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
avs_executor_finalize (GObject *object)
{
  AvsExecutor *self = AVS_EXECUTOR (object);

  for (guint i = 0; i < self->n_states; i++)
    g_free (self->states[i].message);
  g_free (self->states);
  g_clear_pointer (&self->session, avs_privileged_session_close);
  g_clear_object (&self->plan);
  g_clear_object (&self->runner);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->mutex);
  g_free (self->state_path);
  g_ptr_array_unref (self->log);
  g_clear_pointer (&self->remaining, g_ptr_array_unref);
  g_clear_object (&self->verification);
  g_free (self->failure);
  if (self->rescan_destroy != NULL)
    self->rescan_destroy (self->rescan_data);

  G_OBJECT_CLASS (avs_executor_parent_class)->finalize (object);
}

static void
avs_executor_class_init (AvsExecutorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = avs_executor_finalize;

  /**
   * AvsExecutor::output-line:
   * @step_id: the step that produced it
   * @line: one line of output (or a note of the executor itself)
   */
  signals[SIGNAL_OUTPUT_LINE] =
    g_signal_new ("output-line", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * AvsExecutor::step-changed:
   * @step_id: the step whose status changed (see avs_executor_get_status())
   */
  signals[SIGNAL_STEP_CHANGED] =
    g_signal_new ("step-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
avs_executor_init (AvsExecutor *self)
{
  g_mutex_init (&self->mutex);
  self->context = g_main_context_ref_thread_default ();
  self->log = g_ptr_array_new_with_free_func (g_free);
}

static AvsScanResult *
default_rescan (const char    *root,
                GCancellable  *cancellable,
                gpointer       user_data,
                GError       **error)
{
  const char *rules_path = user_data;
  g_autoptr(AvsScanner) scanner = avs_scanner_new_for_root (root, rules_path, error);

  if (scanner == NULL)
    return NULL;
  return avs_scanner_scan_sync (scanner, cancellable, error);
}

void
avs_executor_set_rescan_rules (AvsExecutor *self,
                               const char  *rules_path)
{
  g_return_if_fail (AVS_IS_EXECUTOR (self));
  avs_executor_set_rescan_func (self, default_rescan, g_strdup (rules_path), g_free);
}

AvsExecutor *
avs_executor_new (AvsPlan   *plan,
                  AvsRunner *runner)
{
  AvsExecutor *self;

  g_return_val_if_fail (AVS_IS_PLAN (plan), NULL);
  g_return_val_if_fail (AVS_IS_RUNNER (runner), NULL);

  self = g_object_new (AVS_TYPE_EXECUTOR, NULL);
  self->plan = g_object_ref (plan);
  self->runner = g_object_ref (runner);
  self->n_states = avs_plan_get_n_steps (plan);
  self->states = g_new0 (StepState, self->n_states);
  self->state_path = avs_state_path (AVS_EXECUTOR_STATE_FILE);
  self->rescan = default_rescan;
  return self;
}

AvsExecutor *
avs_executor_new_for_plan (AvsPlan    *plan,
                           gboolean    dry_run,
                           const char *rules_path)
{
  g_autoptr(AvsRunner) runner = NULL;
  AvsExecutor *self;

  g_return_val_if_fail (AVS_IS_PLAN (plan), NULL);

  runner = avs_runner_new ();
  avs_runner_set_dry_run (runner, dry_run);
  self = avs_executor_new (plan, runner);
  if (dry_run)
    avs_executor_set_state_path (self, "");
  avs_executor_set_rescan_rules (self, rules_path);
  return self;
}

void
avs_executor_set_state_path (AvsExecutor *self,
                             const char  *state_path)
{
  g_return_if_fail (AVS_IS_EXECUTOR (self));
  g_free (self->state_path);
  self->state_path = state_path != NULL ? g_strdup (state_path) : avs_state_path (AVS_EXECUTOR_STATE_FILE);
}

const char *
avs_executor_get_state_path (AvsExecutor *self)
{
  g_return_val_if_fail (AVS_IS_EXECUTOR (self), NULL);
  return self->state_path;
}

void
avs_executor_set_rescan_func (AvsExecutor    *self,
                              AvsRescanFunc   func,
                              gpointer        user_data,
                              GDestroyNotify  destroy)
{
  g_return_if_fail (AVS_IS_EXECUTOR (self));
  if (self->rescan_destroy != NULL)
    self->rescan_destroy (self->rescan_data);
  self->rescan = func;
  self->rescan_data = user_data;
  self->rescan_destroy = destroy;
}

AvsPlan *
avs_executor_get_plan (AvsExecutor *self)
{
  g_return_val_if_fail (AVS_IS_EXECUTOR (self), NULL);
  return self->plan;
}

AvsRunner *
avs_executor_get_runner (AvsExecutor *self)
{
  g_return_val_if_fail (AVS_IS_EXECUTOR (self), NULL);
  return self->runner;
}

gint
_avs_executor_step_index (AvsExecutor *self,
                          AvsPlanStep *step)
{
  for (guint i = 0; i < self->n_states; i++)
    if (avs_plan_get_step (self->plan, i) == step)
      return (gint) i;
  return -1;
}

AvsStepStatus
avs_executor_get_status (AvsExecutor *self,
                         AvsPlanStep *step)
{
  gint i;
  AvsStepStatus status;

  g_return_val_if_fail (AVS_IS_EXECUTOR (self), AVS_STEP_STATUS_PENDING);
  i = _avs_executor_step_index (self, step);
  g_return_val_if_fail (i >= 0, AVS_STEP_STATUS_PENDING);
  g_mutex_lock (&self->mutex);
  status = self->states[i].status;
  g_mutex_unlock (&self->mutex);
  return status;
}

static gint
next_index_locked (AvsExecutor *self)
{
  for (guint i = 0; i < self->n_states; i++)
    if (self->states[i].status != AVS_STEP_STATUS_DONE &&
        self->states[i].status != AVS_STEP_STATUS_SKIPPED)
      return (gint) i;
  return -1;
}

AvsPlanStep *
avs_executor_get_next_step (AvsExecutor *self)
{
  gint i;

  g_return_val_if_fail (AVS_IS_EXECUTOR (self), NULL);
  g_mutex_lock (&self->mutex);
  i = next_index_locked (self);
  g_mutex_unlock (&self->mutex);
  return i >= 0 ? avs_plan_get_step (self->plan, (guint) i) : NULL;
}

gboolean
avs_executor_is_complete (AvsExecutor *self)
{
  return avs_executor_get_next_step (self) == NULL;
}

GPtrArray *
avs_executor_get_remaining (AvsExecutor *self)
{
  g_return_val_if_fail (AVS_IS_EXECUTOR (self), NULL);
  return self->remaining;
}

AvsScanResult *
avs_executor_dup_verification_scan (AvsExecutor *self)
{
  AvsScanResult *scan;

  g_return_val_if_fail (AVS_IS_EXECUTOR (self), NULL);
  g_mutex_lock (&self->mutex);
  scan = self->verification != NULL ? g_object_ref (self->verification) : NULL;
  g_mutex_unlock (&self->mutex);
  return scan;
}

GPtrArray *
avs_executor_get_log (AvsExecutor *self)
{
  g_return_val_if_fail (AVS_IS_EXECUTOR (self), NULL);
  return self->log;
}

char *
avs_executor_dup_failure_report (AvsExecutor *self)
{
  char *report;

  g_return_val_if_fail (AVS_IS_EXECUTOR (self), NULL);
  g_mutex_lock (&self->mutex);
  report = g_strdup (self->failure);
  g_mutex_unlock (&self->mutex);
  return report;
}

const char *
avs_step_status_to_label (AvsStepStatus status)
{
  switch (status)
    {
    case AVS_STEP_STATUS_RUNNING:
      return _("Running…");
    case AVS_STEP_STATUS_DONE:
      return _("Done");
    case AVS_STEP_STATUS_FAILED:
      return _("Failed");
    case AVS_STEP_STATUS_SKIPPED:
      /* Only a blocking step is skipped, and only because the user chose to go on. */
      return _("Overridden");
    case AVS_STEP_STATUS_PENDING:
    default:
      return _("Waiting");
    }
}

/* ---------------------------------------------------------------------------------------------
 * Signals from the worker thread, delivered on the owner's context
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  AvsExecutor *self;
  guint        signal;
  char        *step_id;
  char        *line;
} Emission;

static gboolean
emit_idle_cb (gpointer user_data)
{
  Emission *emission = user_data;

  if (emission->signal == SIGNAL_OUTPUT_LINE)
    g_signal_emit (emission->self, signals[SIGNAL_OUTPUT_LINE], 0, emission->step_id,
                   emission->line);
  else
    g_signal_emit (emission->self, signals[SIGNAL_STEP_CHANGED], 0, emission->step_id);
  return G_SOURCE_REMOVE;
}

static void
emission_free (gpointer user_data)
{
  Emission *emission = user_data;

  g_object_unref (emission->self);
  g_free (emission->step_id);
  g_free (emission->line);
  g_free (emission);
}

static void
emit_later (AvsExecutor *self,
            guint        signal,
            const char  *step_id,
            const char  *line)
{
  Emission *emission = g_new0 (Emission, 1);

  emission->self = g_object_ref (self);
  emission->signal = signal;
  emission->step_id = g_strdup (step_id);
  emission->line = g_strdup (line);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_idle_cb, emission,
                              emission_free);
}

void
_avs_executor_log_line (AvsExecutor *self,
                        AvsPlanStep *step,
                        const char  *line)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  const char *id = step != NULL ? avs_plan_step_get_id (step) : "-";

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->log, g_strdup_printf ("%s %s: %s", stamp, id, line));
  g_mutex_unlock (&self->mutex);
  emit_later (self, SIGNAL_OUTPUT_LINE, id, line);
}

/* ---------------------------------------------------------------------------------------------
 * Consent
 * ------------------------------------------------------------------------------------------- */

static gboolean
needs_quoting (const char *arg)
{
  if (*arg == '\0')
    return TRUE;
  for (const char *p = arg; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("/._+@:,=-", *p) == NULL)
      return TRUE;
  return FALSE;
}

static char *
argv_to_line (char **argv)
{
  GString *line = g_string_new (NULL);

  for (guint i = 0; argv[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (line, ' ');
      if (needs_quoting (argv[i]))
        {
          g_autofree char *quoted = g_shell_quote (argv[i]);
          g_string_append (line, quoted);
        }
      else
        g_string_append (line, argv[i]);
    }
  return g_string_free (line, FALSE);
}

static AvsRunFlags
command_flags (AvsPlanCommand *command)
{
  return command->needs_admin ? AVS_RUN_ADMIN : AVS_RUN_NONE;
}

char **
avs_executor_dup_command_lines (AvsExecutor *self,
                                AvsPlanStep *step)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *commands;
  guint first = 0;
  gint index;

  g_return_val_if_fail (AVS_IS_EXECUTOR (self), NULL);
  index = _avs_executor_step_index (self, step);
  g_return_val_if_fail (index >= 0, NULL);

  if (avs_plan_step_get_kind (step) == AVS_STEP_KIND_AUTOMATIC)
    {
      g_mutex_lock (&self->mutex);
      first = self->states[index].commands_done;
      g_mutex_unlock (&self->mutex);

      commands = avs_plan_step_get_commands (step);
      for (guint i = first; i < commands->len; i++)
        {
          AvsPlanCommand *command = g_ptr_array_index (commands, i);
          g_auto(GStrv) argv = NULL;

          /* An administrator command as the privileged session runs it: no pkexec in front of
           * each line, as the password is asked once for the whole run
           * (avs_admin_rights_password_notice() says so once). */
          if (command->needs_admin)
            {
              argv = avs_runner_build_session_command (self->runner,
                                                       (const char * const *) command->argv,
                                                       NULL);
              /* Not in the system's folders (running it says so): the plan's own argv. */
              if (argv == NULL)
                argv = g_strdupv (command->argv);
            }
          else
            argv = avs_runner_build_argv (self->runner, (const char * const *) command->argv,
                                          command_flags (command));
          g_ptr_array_add (lines, argv_to_line (argv));
        }
    }
  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&lines), FALSE);
}

void
avs_executor_confirm_step (AvsExecutor *self,
                           AvsPlanStep *step)
{
  gint index;

  g_return_if_fail (AVS_IS_EXECUTOR (self));
  index = _avs_executor_step_index (self, step);
  g_return_if_fail (index >= 0);
  g_mutex_lock (&self->mutex);
  self->states[index].confirmed = TRUE;
  g_mutex_unlock (&self->mutex);
}

void
avs_executor_withdraw_confirmations (AvsExecutor *self)
{
  g_return_if_fail (AVS_IS_EXECUTOR (self));
  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->n_states; i++)
    self->states[i].confirmed = FALSE;
  g_mutex_unlock (&self->mutex);
}

void
avs_executor_mark_manual_done (AvsExecutor *self,
                               AvsPlanStep *step)
{
  gint index;

  g_return_if_fail (AVS_IS_EXECUTOR (self));
  index = _avs_executor_step_index (self, step);
  g_return_if_fail (index >= 0);
  g_mutex_lock (&self->mutex);
  self->states[index].manual_done = TRUE;
  g_mutex_unlock (&self->mutex);
  _avs_executor_log_line (self, step, _("The user marked this manual step as done."));
  _avs_executor_save_state_or_log (self, step);
}

void
avs_executor_continue_anyway (AvsExecutor *self,
                              AvsPlanStep *step)
{
  gint index;

  g_return_if_fail (AVS_IS_EXECUTOR (self));
  g_return_if_fail (avs_plan_step_get_blocking (step));
  index = _avs_executor_step_index (self, step);
  g_return_if_fail (index >= 0);
  g_mutex_lock (&self->mutex);
  self->states[index].status = AVS_STEP_STATUS_SKIPPED;
  g_mutex_unlock (&self->mutex);
  _avs_executor_log_line (self, step, _("The technician chose to continue anyway on a centrally managed "
                          "computer."));
  _avs_executor_save_state_or_log (self, step);
  emit_later (self, SIGNAL_STEP_CHANGED, avs_plan_step_get_id (step), NULL);
}

/* ---------------------------------------------------------------------------------------------
 * Running a step (worker thread)
 * ------------------------------------------------------------------------------------------- */

static void
set_status (AvsExecutor   *self,
            guint          index,
            AvsStepStatus  status,
            const char    *message)
{
  AvsPlanStep *step = avs_plan_get_step (self->plan, index);

  g_mutex_lock (&self->mutex);
  self->states[index].status = status;
  g_free (self->states[index].message);
  self->states[index].message = g_strdup (message);
  g_mutex_unlock (&self->mutex);
  _avs_executor_save_state_or_log (self, step);
  emit_later (self, SIGNAL_STEP_CHANGED, avs_plan_step_get_id (step), NULL);
}

static char *
next_action_for (AvsExecutor *self,
                 AvsPlanStep *step)
{
  g_autofree char *archive = avs_plan_dup_archive_real_path (self->plan);

  switch (avs_plan_step_get_step_type (step))
    {
    case AVS_STEP_STOP_SERVICES:
      return g_strdup (_("Nothing was removed yet. Read the output above to see why the service "
                         "did not stop; if Kaspersky’s self-defence or a Kaspersky Security "
                         "Center policy prevents it, the administrator of that server must "
                         "release the computer first."));
    case AVS_STEP_REMOVE_PACKAGE:
      return g_strdup (_("The package is still installed and nothing after it was run. Read the "
                         "output above: its removal script may have refused, for example "
                         "because a Kaspersky Security Center policy protects it, or because "
                         "another package still needs it. Fix that cause first."));
    case AVS_STEP_BACKUP:
      return g_strdup (_("Nothing was deleted. Check that there is enough free space under "
                         "/var/lib/avswitch/backup and that the folder can be written."));
    case AVS_STEP_REMOVE_LEFTOVERS:
    case AVS_STEP_REMOVE_CERTIFICATES:
      return g_strdup_printf (
          /* Translators: %s is the backup archive */
          _("Some files may already be deleted; all of them are in the backup archive %s. Read "
            "the output above (a read-only file system, or a file in use) and fix the cause."),
          archive);
    case AVS_STEP_PURGE_RECORDS:
      return g_strdup (_("The packages are removed; only dpkg’s records remain. Read the output "
                         "above and fix the cause."));
    case AVS_STEP_REMOVE_NSS_CERTIFICATES:
      return g_strdup (_("Close every Firefox and Chromium-based browser window (they keep the "
                         "certificate databases open)."));
    case AVS_STEP_INSTALL_REPLACEMENT:
      return g_strdup (_("Kaspersky is already removed; only the new product is missing. Check "
                         "the network connection and the output above."));
    case AVS_STEP_VERIFY:
      return g_strdup (_("Look at what the scan still finds, below. Some things go away only "
                         "after a restart."));
    case AVS_STEP_MANAGED:
    case AVS_STEP_MANUAL_FILES:
    case AVS_STEP_MANUAL_CERTIFICATES:
    case AVS_STEP_BROWSER_EXTENSIONS:
    case AVS_STEP_WINDOWS:
    case AVS_STEP_REBOOT:
    default:
      return g_strdup (_("Follow the step’s instructions again."));
    }
}

/* Step titles (translated labels) for a list in a sentence, each one quoted. */
/* *@text followed by @sentence (taken), with the language's space between them. */
static void
append_sentence (char **text,
                 char  *sentence)
{
  g_autofree char *owned = sentence;
  char *joined = avs_text_join_sentences (*text, owned);

  g_free (*text);
  *text = joined;
}

static char *
quoted_titles (GPtrArray *titles)
{
  g_autoptr(GPtrArray) quoted = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < titles->len; i++)
    /* Translators: a step's title in a list of steps, quoted; %s is the title */
    g_ptr_array_add (quoted, g_strdup_printf (C_("quoted step title", "“%s”"),
                                              (const char *) g_ptr_array_index (titles, i)));
  g_ptr_array_add (quoted, NULL);
  return avs_text_join_list ((const char * const *) quoted->pdata, FALSE);
}

static void
compose_failure (AvsExecutor *self,
                 guint        index,
                 const char  *what)
{
  AvsPlanStep *step = avs_plan_get_step (self->plan, index);
  g_autoptr(GPtrArray) done = g_ptr_array_new ();
  g_autoptr(GPtrArray) not_run = g_ptr_array_new ();
  g_autofree char *next = next_action_for (self, step);
  GString *report = g_string_new (NULL);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->n_states; i++)
    {
      AvsPlanStep *other = avs_plan_get_step (self->plan, i);

      if (self->states[i].status == AVS_STEP_STATUS_DONE)
        g_ptr_array_add (done, (gpointer) avs_plan_step_get_title (other));
      else if (i > index)
        g_ptr_array_add (not_run, (gpointer) avs_plan_step_get_title (other));
    }
  g_mutex_unlock (&self->mutex);

  /* Translators: the first %u is a step number, the first %s its title, the second the reason */
  g_string_append_printf (report, _("What failed: step %u, “%s”: %s"), index + 1,
                          avs_plan_step_get_title (step), what);
  g_string_append_c (report, '\n');
  {
    g_autofree char *state = g_strdup (_("State of the computer:"));
    g_autofree char *done_list = done->len > 0 ? quoted_titles (done) : NULL;
    g_autofree char *not_run_list = not_run->len > 0 ? quoted_titles (not_run) : NULL;

    if (done_list != NULL)
      /* Translators: %s is a list of step titles, each one quoted */
      append_sentence (&state, g_strdup_printf (_("These steps are done: %s."), done_list));
    if (not_run_list != NULL)
      /* Translators: %s is a list of step titles, each one quoted */
      append_sentence (&state, g_strdup_printf (_("These steps have not run yet: %s."),
                                                not_run_list));
    if (done_list == NULL && not_run_list == NULL)
      append_sentence (&state, g_strdup (_("No other step was run.")));
    g_string_append (report, state);
  }
  g_string_append_c (report, '\n');
  {
    g_autofree char *then = avs_text_join_sentences (next,
                                                     _("Then run the plan again (“avswitch apply”, "
                                                       "or Try Again in the window): it resumes "
                                                       "at this step."));
    g_autofree char *advice = avs_text_join_sentences (_("What to do next:"), then);

    g_string_append (report, advice);
  }

  g_mutex_lock (&self->mutex);
  g_free (self->failure);
  self->failure = g_string_free (report, FALSE);
  g_mutex_unlock (&self->mutex);
}

static gboolean
fail_step (AvsExecutor *self,
           guint        index,
           const char  *what,
           GError     **error)
{
  AvsPlanStep *step = avs_plan_get_step (self->plan, index);

  _avs_executor_log_line (self, step, what);
  set_status (self, index, AVS_STEP_STATUS_FAILED, what);
  compose_failure (self, index, what);
  g_set_error_literal (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_STEP_FAILED, what);
  return FALSE;
}

typedef struct
{
  AvsExecutor *self;
  AvsPlanStep *step;
} LineTarget;

static void
command_line_cb (const char *line,
                 gboolean    is_stderr,
                 gpointer    user_data)
{
  LineTarget *target = user_data;
  g_autofree char *valid = g_utf8_make_valid (line, -1);

  _avs_executor_log_line (target->self, target->step, valid);
}

static char *
describe_command_failure (AvsExecutor    *self,
                          AvsPlanCommand *command,
                          AvsRunResult   *result)
{
  g_autofree char *line = avs_plan_command_to_string (command);

  switch (command->needs_admin ? avs_runner_classify_privileged_result (self->runner, result, NULL)
                                : AVS_PRIVILEGE_OK)
    {
    case AVS_PRIVILEGE_DISMISSED:
      /* Translators: %s is a command line */
      return g_strdup_printf (_("the administrator password dialog was dismissed, so “%s” did "
                                "not run"), line);
    case AVS_PRIVILEGE_NOT_AUTHORIZED:
      /* Translators: %s is a command line */
      return g_strdup_printf (_("administrator rights were refused, so “%s” did not run"), line);
    case AVS_PRIVILEGE_OK:
    case AVS_PRIVILEGE_MISSING_PKEXEC:
    case AVS_PRIVILEGE_FAILED:
    default:
      break;
    }
  if (result->exited)
    /* Translators: %s is a command line, %d its exit status */
    return g_strdup_printf (_("“%s” failed with exit status %d"), line, result->exit_status);
  /* Translators: %s is a command line, %d a signal number */
  return g_strdup_printf (_("“%s” was killed by signal %d"), line, result->term_signal);
}

/* A condition (a sentence, avs_plan_check_describe()) that could not be checked, and why. */
static char *
describe_check_error (const char   *what,
                      const GError *error)
{
  /* Translators: the first %s is a condition, a sentence of its own ("The package kesl is not
   * installed."), the second the reason it could not be checked */
  return g_strdup_printf (_("Could not check this condition: %s The reason: %s"), what,
                          error->message);
}

static gboolean
run_checks (AvsExecutor  *self,
            guint         index,
            GPtrArray    *checks,
            gboolean      before,
            GCancellable *cancellable,
            GError      **error)
{
  AvsPlanStep *step = avs_plan_get_step (self->plan, index);
  gboolean dry_run = avs_runner_get_dry_run (self->runner);

  for (guint i = 0; i < checks->len; i++)
    {
      AvsPlanCheck *check = g_ptr_array_index (checks, i);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *what = avs_plan_check_describe (check);
      g_autofree char *message = NULL;
      gboolean holds;

      if (!_avs_executor_evaluate_check (self, check, cancellable, &holds, &local_error))
        message = describe_check_error (what, local_error);
      else if (!holds)
        message = g_strdup_printf (before
                                   /* Translators: %s is a condition, a sentence of its own
                                    * ("The package kesl is not installed.") */
                                   ? _("Not started, because this must hold first and does not: %s")
                                   /* Translators: %s is a condition, a sentence of its own
                                    * ("The package kesl is not installed.") */
                                   : _("The step ran, but this should hold afterwards and does "
                                       "not: %s"), what);

      if (message == NULL)
        continue;
      if (dry_run)
        {
          g_autofree char *note = g_strdup_printf (
              /* Translators: %s is why a real run would stop, one or more sentences of their
               * own */
              _("Dry run: a real run would stop here. %s"), message);
          _avs_executor_log_line (self, step, note);
          continue;
        }
      return fail_step (self, index, message, error);
    }
  return TRUE;
}

static gboolean
run_verify (AvsExecutor  *self,
            guint         index,
            GCancellable *cancellable,
            GError      **error)
{
  AvsPlanStep *step = avs_plan_get_step (self->plan, index);
  g_autoptr(AvsScanResult) scan = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) remaining = NULL;

  if (self->rescan == NULL)
    return fail_step (self, index, _("no scanner is available to check the result"), error);

  _avs_executor_log_line (self, step, _("Scanning again…"));
  scan = self->rescan (avs_plan_get_root (self->plan), cancellable, self->rescan_data,
                       &local_error);
  if (scan == NULL)
    {
      g_autofree char *message = g_strdup_printf (
          /* Translators: %s is the reason */
          _("the new scan failed: %s"), local_error->message);
      return fail_step (self, index, message, error);
    }

  remaining = avs_plan_find_remaining (self->plan, scan);
  for (guint i = 0; i < remaining->len; i++)
    {
      AvsEvidence *e = g_ptr_array_index (remaining, i);
      g_autofree char *value = avs_text_isolate (e->value);
      g_autofree char *line = g_strdup_printf (
          /* Translators: the first %s is a kind of thing the scan finds, as a label
           * ("Installed package", "Folder"), the second its name or path */
          _("Still found after the removal (%s): %s"),
          avs_evidence_kind_to_label (e->kind), value);
      _avs_executor_log_line (self, step, line);
    }

  g_mutex_lock (&self->mutex);
  g_clear_pointer (&self->remaining, g_ptr_array_unref);
  self->remaining = g_ptr_array_ref (remaining);
  g_set_object (&self->verification, scan);
  g_mutex_unlock (&self->mutex);

  if (avs_runner_get_dry_run (self->runner))
    {
      _avs_executor_log_line (self, step, _("Dry run: nothing was removed, so the scan still finds it all."));
      return TRUE;
    }
  if (remaining->len > 0)
    {
      g_autofree char *message = g_strdup_printf (
          ngettext ("the new scan still finds %u thing the plan removes",
                    "the new scan still finds %u things the plan removes", remaining->len),
          remaining->len);
      return fail_step (self, index, message, error);
    }
  _avs_executor_log_line (self, step, _("The new scan finds nothing of what the plan removed."));
  return TRUE;
}

/* A manual step whose result a scan can see (a browser extension, a bundled certificate) is
 * checked with a fresh scan when the user says it is done; what is still there is named, and
 * the user does it again. (Files left to the user's judgement and Windows are not.) */
static gboolean
check_manual_by_rescan (AvsExecutor   *self,
                        guint          index,
                        GCancellable  *cancellable,
                        GError       **error)
{
  AvsPlanStep *step = avs_plan_get_step (self->plan, index);
  AvsStepType type = avs_plan_step_get_step_type (step);
  g_autoptr(AvsScanResult) scan = NULL;
  g_autoptr(GPtrArray) remaining = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) what = NULL;

  if ((type != AVS_STEP_BROWSER_EXTENSIONS && type != AVS_STEP_MANUAL_CERTIFICATES) ||
      avs_plan_step_get_verification (step)->len == 0 ||
      avs_runner_get_dry_run (self->runner) || self->rescan == NULL)
    return TRUE;

  _avs_executor_log_line (self, step, _("Scanning again to check this step…"));
  scan = self->rescan (avs_plan_get_root (self->plan), cancellable, self->rescan_data,
                       &local_error);
  if (scan == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("the new scan failed: %s"),
                                                  local_error->message);
      return fail_step (self, index, message, error);
    }
  remaining = avs_plan_step_find_remaining (step, scan);
  if (remaining->len == 0)
    return TRUE;

  what = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < remaining->len; i++)
    {
      AvsEvidence *e = g_ptr_array_index (remaining, i);
      g_autofree char *value = avs_text_isolate (e->value);

      if (e->detail != NULL)
        {
          g_autofree char *detail = avs_text_isolate (e->detail);

          /* Translators: one item of a list of what a scan still finds: a name or path,
           * then a detail about it (a browser profile, a certificate store) */
          g_ptr_array_add (what, g_strdup_printf (C_("found thing and its detail", "%s (%s)"),
                                                  value, detail));
        }
      else
        g_ptr_array_add (what, g_steal_pointer (&value));
    }
  g_ptr_array_add (what, NULL);
  /* The user must do it (and say so) again. */
  g_mutex_lock (&self->mutex);
  self->states[index].manual_done = FALSE;
  g_mutex_unlock (&self->mutex);
  {
    g_autofree char *list = avs_text_join_list ((const char * const *) what->pdata, FALSE);
    g_autofree char *message = g_strdup_printf (
        /* Translators: %s is a list of what a scan still finds */
        _("a new scan still finds %s"), list);
    return fail_step (self, index, message, error);
  }
}

/* The backup step's folder check (check_backup_folder()), as a step failure. */
static gboolean
guard_backup_folder (AvsExecutor   *self,
                     guint          index,
                     GCancellable  *cancellable,
                     GError       **error)
{
  AvsPlanStep *step = avs_plan_get_step (self->plan, index);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *problem = NULL;

  if (avs_plan_step_get_step_type (step) != AVS_STEP_BACKUP)
    return TRUE;
  if (!_avs_executor_check_backup_folder (self, cancellable, &problem, &local_error))
    problem = g_strdup_printf (
        /* Translators: %s is the reason */
        _("could not check the backup folder: %s"), local_error->message);
  if (problem == NULL)
    return TRUE;
  if (avs_runner_get_dry_run (self->runner))
    {
      g_autofree char *note = g_strdup_printf (_("Dry run: a real run would stop here, because %s."),
                                               problem);
      _avs_executor_log_line (self, step, note);
      return TRUE;
    }
  return fail_step (self, index, problem, error);
}

/* Runs one command of step @index (unless its skip_if already holds); a failure fails the step. */
static gboolean
run_command (AvsExecutor     *self,
             guint            index,
             AvsPlanCommand  *command,
             GCancellable    *cancellable,
             GError         **error)
{
  AvsPlanStep *step = avs_plan_get_step (self->plan, index);
  g_autofree char *line = avs_plan_command_to_string (command);
  g_autofree char *note = NULL;
  g_autoptr(AvsRunResult) result = NULL;
  g_autoptr(GError) local_error = NULL;
  LineTarget target = { self, step };

  if (command->skip_if != NULL)
    {
      g_autofree char *what = avs_plan_check_describe (command->skip_if);
      gboolean skip = FALSE;

      if (!_avs_executor_evaluate_check (self, command->skip_if, cancellable, &skip,
                                         &local_error))
        {
          g_autofree char *message = describe_check_error (what, local_error);
          return fail_step (self, index, message, error);
        }
      if (skip)
        {
          g_autofree char *shown = avs_text_isolate (line);

          note = g_strdup_printf (
              /* Translators: the first %s is a command line, the second a condition, a
               * sentence of its own ("The package kesl is not installed.") */
              _("Skipped “%s”, because this already holds: %s"), shown, what);
          _avs_executor_log_line (self, step, note);
          return TRUE;
        }
    }

  note = g_strdup_printf (avs_runner_get_dry_run (self->runner)
                          /* Translators: %s is a command line */
                          ? _("Dry run, not run: %s") : _("Running: %s"), line);
  _avs_executor_log_line (self, step, note);
  /* Each output line goes to the log and the "output-line" signal as it is printed. */
  if (command->needs_admin && self->session != NULL)
    result = avs_privileged_session_run_sync_lines (self->session,
                                                    (const char * const *) command->argv,
                                                    command_flags (command), ADMIN_TIMEOUT_MS,
                                                    command_line_cb, &target, cancellable,
                                                    &local_error);
  else
    result = avs_runner_run_sync_lines (self->runner, (const char * const *) command->argv,
                                        command_flags (command),
                                        command->needs_admin ? ADMIN_TIMEOUT_MS : USER_TIMEOUT_MS,
                                        command_line_cb, &target, cancellable, &local_error);
  if (result == NULL)
    {
      g_autofree char *message = g_strdup_printf (
          /* Translators: the first %s is a command line, the second the reason */
          _("“%s” could not run: %s"), line, local_error->message);
      return fail_step (self, index, message, error);
    }
  if (!avs_run_result_succeeded (result))
    {
      g_autofree char *message = describe_command_failure (self, command, result);
      return fail_step (self, index, message, error);
    }
  return TRUE;
}

/* Before step @index changes anything: the privileged session its administrator commands (from
 * @first on) need, opened now when there is none (one password prompt). Nothing is opened as
 * root or in a dry run, where commands run as they are. */
static gboolean
ensure_session (AvsExecutor   *self,
                guint          index,
                guint          first,
                GCancellable  *cancellable,
                GError       **error)
{
  AvsPlanStep *step = avs_plan_get_step (self->plan, index);
  GPtrArray *commands = avs_plan_step_get_commands (step);
  g_autoptr(GError) local_error = NULL;
  AvsPrivilegedSession *session;
  AvsPrivilegeOutcome outcome = AVS_PRIVILEGE_FAILED;
  gboolean needed = FALSE;

  if (avs_runner_get_dry_run (self->runner) || avs_runner_get_is_root (self->runner))
    return TRUE;
  for (guint i = first; i < commands->len; i++)
    if (((AvsPlanCommand *) g_ptr_array_index (commands, i))->needs_admin)
      needed = TRUE;
  if (!needed)
    return TRUE;

  g_mutex_lock (&self->mutex);
  session = self->session;
  if (session != NULL && !avs_privileged_session_is_alive (session))
    self->session = NULL;
  else
    session = NULL;
  g_mutex_unlock (&self->mutex);
  avs_privileged_session_close (session);
  if (self->session != NULL)
    return TRUE;

  _avs_executor_log_line (self, step, _("Asking for administrator rights…"));
  session = avs_runner_open_privileged_session (self->runner, ADMIN_TIMEOUT_MS, cancellable,
                                                &outcome, &local_error);
  g_mutex_lock (&self->mutex);
  self->privilege_outcome = session != NULL ? AVS_PRIVILEGE_OK : outcome;
  g_mutex_unlock (&self->mutex);
  if (session == NULL)
    {
      _avs_executor_log_line (self, step, local_error->message);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error_literal (error, AVS_EXECUTOR_ERROR,
                             outcome == AVS_PRIVILEGE_DISMISSED
                             ? AVS_EXECUTOR_ERROR_AUTH_DISMISSED
                             : AVS_EXECUTOR_ERROR_NO_ADMIN_RIGHTS,
                             local_error->message);
      return FALSE;
    }
  g_mutex_lock (&self->mutex);
  self->session = session;
  g_mutex_unlock (&self->mutex);
  return TRUE;
}

void
avs_executor_begin_run (AvsExecutor *self)
{
  g_return_if_fail (AVS_IS_EXECUTOR (self));
  g_mutex_lock (&self->mutex);
  self->shared_session = TRUE;
  g_mutex_unlock (&self->mutex);
}

void
avs_executor_end_run (AvsExecutor *self)
{
  AvsPrivilegedSession *session = NULL;

  g_return_if_fail (AVS_IS_EXECUTOR (self));
  g_mutex_lock (&self->mutex);
  self->shared_session = FALSE;
  /* A running step closes it when it ends. */
  if (!self->busy)
    session = g_steal_pointer (&self->session);
  g_mutex_unlock (&self->mutex);
  avs_privileged_session_close (session);
}

AvsPrivilegeOutcome
avs_executor_get_privilege_outcome (AvsExecutor *self)
{
  AvsPrivilegeOutcome outcome;

  g_return_val_if_fail (AVS_IS_EXECUTOR (self), AVS_PRIVILEGE_OK);
  g_mutex_lock (&self->mutex);
  outcome = self->privilege_outcome;
  g_mutex_unlock (&self->mutex);
  return outcome;
}

static gboolean
run_step (AvsExecutor  *self,
          guint         index,
          GCancellable *cancellable,
          GError      **error)
{
  AvsPlanStep *step = avs_plan_get_step (self->plan, index);
  GPtrArray *commands = avs_plan_step_get_commands (step);
  StepState snapshot;

  g_mutex_lock (&self->mutex);
  snapshot = self->states[index];
  g_mutex_unlock (&self->mutex);

  if (avs_plan_step_get_blocking (step))
    {
      g_set_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_BLOCKED,
                   /* Translators: %s is the step's explanation */
                   _("The run stops here. %s"), avs_plan_step_get_explanation (step));
      return FALSE;
    }

  if (avs_plan_step_get_kind (step) == AVS_STEP_KIND_MANUAL)
    {
      if (!snapshot.manual_done)
        {
          g_set_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_NOT_CONFIRMED,
                       /* Translators: %s is a step title */
                       _("“%s” is done by hand: do it, then mark it as done."),
                       avs_plan_step_get_title (step));
          return FALSE;
        }
      set_status (self, index, AVS_STEP_STATUS_RUNNING, NULL);
      if (!run_checks (self, index, avs_plan_step_get_postconditions (step), FALSE, cancellable,
                       error))
        return FALSE;
      if (!check_manual_by_rescan (self, index, cancellable, error))
        return FALSE;
      set_status (self, index, AVS_STEP_STATUS_DONE, NULL);
      return TRUE;
    }

  if (avs_plan_step_get_step_type (step) == AVS_STEP_VERIFY)
    {
      set_status (self, index, AVS_STEP_STATUS_RUNNING, NULL);
      if (!run_verify (self, index, cancellable, error))
        return FALSE;
      set_status (self, index, AVS_STEP_STATUS_DONE, NULL);
      return TRUE;
    }

  if (!snapshot.confirmed)
    {
      g_set_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_NOT_CONFIRMED,
                   /* Translators: %s is a step title */
                   _("“%s” was not confirmed, so it did not run."), avs_plan_step_get_title (step));
      return FALSE;
    }

  if (!ensure_session (self, index, snapshot.commands_done, cancellable, error))
    return FALSE;

  set_status (self, index, AVS_STEP_STATUS_RUNNING, NULL);
  /* Preconditions only before the first command: a resumed step has already passed them, and
   * its own commands may have changed what they look at. */
  if (snapshot.commands_done == 0 &&
      !run_checks (self, index, avs_plan_step_get_preconditions (step), TRUE, cancellable, error))
    return FALSE;

  for (guint i = snapshot.commands_done; i < commands->len; i++)
    {
      /* Again before every command: a resumed step has no preconditions, and the folder could
       * have changed since the last command. */
      if (!guard_backup_folder (self, index, cancellable, error) ||
          !run_command (self, index, g_ptr_array_index (commands, i), cancellable, error))
        return FALSE;

      g_mutex_lock (&self->mutex);
      self->states[index].commands_done = i + 1;
      g_mutex_unlock (&self->mutex);
      _avs_executor_save_state_or_log (self, step);
    }

  if (!avs_runner_get_dry_run (self->runner) &&
      !run_checks (self, index, avs_plan_step_get_postconditions (step), FALSE, cancellable,
                   error))
    return FALSE;
  if (!guard_backup_folder (self, index, cancellable, error))
    return FALSE;

  set_status (self, index, AVS_STEP_STATUS_DONE, NULL);
  return TRUE;
}

static void
run_step_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  AvsExecutor *self = source_object;
  guint index = GPOINTER_TO_UINT (task_data);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  AvsPrivilegedSession *session = NULL;

  ok = run_step (self, index, cancellable, &error);

  g_mutex_lock (&self->mutex);
  self->busy = FALSE;
  if (ok)
    g_clear_pointer (&self->failure, g_free);
  /* A step on its own asks for itself only; a dead session is not kept. */
  if (self->session != NULL &&
      (!self->shared_session || !avs_privileged_session_is_alive (self->session)))
    session = g_steal_pointer (&self->session);
  g_mutex_unlock (&self->mutex);
  avs_privileged_session_close (session);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
avs_executor_run_step_async (AvsExecutor         *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  gint index;
  gboolean busy;

  g_return_if_fail (AVS_IS_EXECUTOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, avs_executor_run_step_async);

  g_mutex_lock (&self->mutex);
  busy = self->busy;
  index = next_index_locked (self);
  if (!busy && index >= 0)
    self->busy = TRUE;
  g_mutex_unlock (&self->mutex);

  if (busy)
    {
      g_task_return_new_error (task, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_BUSY,
                               _("A step is already running."));
      return;
    }
  if (index < 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_task_set_task_data (task, GUINT_TO_POINTER ((guint) index), NULL);
  g_task_run_in_thread (task, run_step_thread);
}

gboolean
avs_executor_run_step_finish (AvsExecutor   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} SyncData;

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncData *data = user_data;

  data->result = g_object_ref (result);
  g_main_loop_quit (data->loop);
}

gboolean
avs_executor_run_step_sync (AvsExecutor   *self,
                            GCancellable  *cancellable,
                            GError       **error)
{
  SyncData data = { 0 };
  gboolean ok;

  g_return_val_if_fail (AVS_IS_EXECUTOR (self), FALSE);

  /* Signals go to self->context: iterate that one, so they are delivered while we wait. */
  g_main_context_push_thread_default (self->context);
  data.loop = g_main_loop_new (self->context, FALSE);
  avs_executor_run_step_async (self, cancellable, sync_done_cb, &data);
  g_main_loop_run (data.loop);
  /* Deliver the last signals before returning. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  ok = avs_executor_run_step_finish (self, data.result, error);
  g_object_unref (data.result);
  g_main_loop_unref (data.loop);
  g_main_context_pop_thread_default (self->context);
  return ok;
}
