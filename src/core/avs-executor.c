/* avs-executor.c — runs a plan step by step, with consent, saving its progress as it goes
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "avs-executor.h"
#include "avs-fileutil.h"
#include "avs-nick.h"
#include "avs-json.h"
#include "avs-scanner.h"

G_DEFINE_QUARK (avs-executor-error-quark, avs_executor_error)

#define ADMIN_TIMEOUT_MS (30 * 60 * 1000)   /* pkexec waits for the user; klnagent's uninstall is slow */
#define USER_TIMEOUT_MS  (15 * 60 * 1000)   /* a Flatpak download */
#define QUERY_TIMEOUT_MS (60 * 1000)
#define MAX_SAVED_LOG_LINES 2000

static const char * const status_nicks[] = {
  [AVS_STEP_STATUS_PENDING] = "pending",
  [AVS_STEP_STATUS_RUNNING] = "running",
  [AVS_STEP_STATUS_DONE] = "done",
  [AVS_STEP_STATUS_FAILED] = "failed",
  [AVS_STEP_STATUS_SKIPPED] = "skipped",
};

const char *
avs_step_status_to_string (AvsStepStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_nicks), NULL);
  return status_nicks[status];
}

static gboolean
status_from_string (const char    *string,
                    AvsStepStatus *out_status)
{
  guint value;

  if (!avs_nick_lookup (status_nicks, G_N_ELEMENTS (status_nicks), string, &value))
    return FALSE;
  *out_status = (AvsStepStatus) value;
  return TRUE;
}

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
  char           *failure;
  gboolean        busy;

  AvsRescanFunc   rescan;
  gpointer        rescan_data;
  GDestroyNotify  rescan_destroy;
};

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
  g_clear_object (&self->plan);
  g_clear_object (&self->runner);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->mutex);
  g_free (self->state_path);
  g_ptr_array_unref (self->log);
  g_clear_pointer (&self->remaining, g_ptr_array_unref);
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
  self->state_path = avs_state_path ("apply-state.json");
  self->rescan = default_rescan;
  return self;
}

void
avs_executor_set_state_path (AvsExecutor *self,
                             const char  *state_path)
{
  g_return_if_fail (AVS_IS_EXECUTOR (self));
  g_free (self->state_path);
  self->state_path = state_path != NULL ? g_strdup (state_path) : avs_state_path ("apply-state.json");
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

static gint
step_index (AvsExecutor *self,
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
  i = step_index (self, step);
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

static void
add_output (JsonBuilder *builder,
            const char  *member,
            GBytes      *bytes)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autofree char *text = g_utf8_make_valid (data != NULL ? data : "",
                                             (gssize) MIN (size, 64 * 1024));

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
}

JsonNode *
avs_executor_to_json (AvsExecutor *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(GPtrArray) commands = NULL;
  AvsPlanStep *backup;

  g_return_val_if_fail (AVS_IS_EXECUTOR (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "plan");
  json_builder_add_value (builder, avs_plan_to_json (self->plan));

  backup = avs_plan_find_step (self->plan, "backup");
  json_builder_set_member_name (builder, "archive");
  if (backup != NULL && avs_executor_get_status (self, backup) == AVS_STEP_STATUS_DONE &&
      !avs_runner_get_dry_run (self->runner))
    {
      g_autofree char *archive = avs_plan_dup_archive_real_path (self->plan);
      json_builder_add_string_value (builder, archive);
    }
  else
    json_builder_add_null_value (builder);

  g_mutex_lock (&self->mutex);
  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->n_states; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder,
                                     avs_plan_step_get_id (avs_plan_get_step (self->plan, i)));
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, avs_step_status_to_string (self->states[i].status));
      avs_json_builder_add_string_member (builder, "message", self->states[i].message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "log");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->log->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (self->log, i));
  json_builder_end_array (builder);
  g_mutex_unlock (&self->mutex);

  commands = avs_runner_get_log (self->runner);
  json_builder_set_member_name (builder, "commands");
  json_builder_begin_array (builder);
  for (guint i = 0; i < commands->len; i++)
    {
      AvsRunResult *result = g_ptr_array_index (commands, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "argv");
      json_builder_begin_array (builder);
      for (guint j = 0; result->argv[j] != NULL; j++)
        json_builder_add_string_value (builder, result->argv[j]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "dry_run");
      json_builder_add_boolean_value (builder, result->dry_run);
      json_builder_set_member_name (builder, "exited");
      json_builder_add_boolean_value (builder, result->exited);
      json_builder_set_member_name (builder, "exit_status");
      json_builder_add_int_value (builder, result->exit_status);
      json_builder_set_member_name (builder, "term_signal");
      json_builder_add_int_value (builder, result->term_signal);
      json_builder_set_member_name (builder, "duration_ms");
      json_builder_add_int_value (builder, result->duration_us / 1000);
      add_output (builder, "stdout", result->stdout_data);
      add_output (builder, "stderr", result->stderr_data);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
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

static void
log_line (AvsExecutor *self,
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
 * Saved state
 * ------------------------------------------------------------------------------------------- */

/* A fingerprint of @step's commands: a saved "commands_done" only counts for the same commands
 * (a fresh scan may give the step other ones, e.g. fewer certificates left to delete). */
static char *
commands_digest (AvsPlanStep *step)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  GPtrArray *commands = avs_plan_step_get_commands (step);

  for (guint i = 0; i < commands->len; i++)
    {
      AvsPlanCommand *command = g_ptr_array_index (commands, i);

      g_checksum_update (checksum, (const guchar *) (command->needs_admin ? "A" : "U"), 1);
      for (guint j = 0; command->argv[j] != NULL; j++)
        g_checksum_update (checksum, (const guchar *) command->argv[j],
                           strlen (command->argv[j]) + 1);
      g_checksum_update (checksum, (const guchar *) "\n", 1);
    }
  return g_strdup (g_checksum_get_string (checksum));
}

static gboolean
save_state (AvsExecutor  *self,
            GError      **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  guint first_log;

  if (self->state_path == NULL || *self->state_path == '\0' ||
      avs_runner_get_dry_run (self->runner))
    return TRUE;

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_string_value (builder, AVS_APPLY_STATE_SCHEMA);
  /* The user's choices, never what the plan touches: that comes from a fresh scan on resume. */
  json_builder_set_member_name (builder, "root");
  json_builder_add_string_value (builder, avs_plan_get_root (self->plan));
  json_builder_set_member_name (builder, "stamp");
  json_builder_add_string_value (builder, avs_plan_get_stamp (self->plan));
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder,
                                 avs_replacement_method_to_string (avs_plan_get_method (self->plan)));
  json_builder_set_member_name (builder, "replacement");
  if (avs_plan_get_replacement (self->plan) != NULL)
    json_builder_add_value (builder, avs_replacement_to_json (avs_plan_get_replacement (self->plan)));
  else
    json_builder_add_null_value (builder);

  g_mutex_lock (&self->mutex);
  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->n_states; i++)
    {
      StepState *state = &self->states[i];
      AvsPlanStep *step = avs_plan_get_step (self->plan, i);
      g_autofree char *digest = commands_digest (step);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, avs_plan_step_get_id (step));
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, avs_step_status_to_string (state->status));
      json_builder_set_member_name (builder, "commands_done");
      json_builder_add_int_value (builder, state->commands_done);
      json_builder_set_member_name (builder, "commands_digest");
      json_builder_add_string_value (builder, digest);
      json_builder_set_member_name (builder, "manual_done");
      json_builder_add_boolean_value (builder, state->manual_done);
      avs_json_builder_add_string_member (builder, "message", state->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "log");
  json_builder_begin_array (builder);
  first_log = self->log->len > MAX_SAVED_LOG_LINES ? self->log->len - MAX_SAVED_LOG_LINES : 0;
  for (guint i = first_log; i < self->log->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (self->log, i));
  json_builder_end_array (builder);
  g_mutex_unlock (&self->mutex);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  data = json_generator_to_data (generator, &length);
  return avs_file_write_atomic (self->state_path, data, length, 0600, error);
}

/* Saving must not stop a removal half-way: a failure to save is logged, and the run goes on. */
static void
save_state_or_log (AvsExecutor *self,
                   AvsPlanStep *step)
{
  g_autoptr(GError) error = NULL;

  if (!save_state (self, &error))
    {
      g_autofree char *line = g_strdup_printf (
          /* Translators: %s is the reason; "progress" is what lets a run resume */
          _("Could not save the progress: %s"), error->message);
      log_line (self, step, line);
    }
}

gboolean
avs_executor_forget_state (AvsExecutor  *self,
                           GError      **error)
{
  g_return_val_if_fail (AVS_IS_EXECUTOR (self), FALSE);

  if (self->state_path == NULL || *self->state_path == '\0')
    return TRUE;
  if (g_unlink (self->state_path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   /* Translators: the first %s is a file, the second the system's reason */
                   _("Could not delete the saved progress %s: %s"), self->state_path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
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
  index = step_index (self, step);
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
          g_auto(GStrv) argv = avs_runner_build_argv (self->runner,
                                                      (const char * const *) command->argv,
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
  index = step_index (self, step);
  g_return_if_fail (index >= 0);
  g_mutex_lock (&self->mutex);
  self->states[index].confirmed = TRUE;
  g_mutex_unlock (&self->mutex);
}

void
avs_executor_mark_manual_done (AvsExecutor *self,
                               AvsPlanStep *step)
{
  gint index;

  g_return_if_fail (AVS_IS_EXECUTOR (self));
  index = step_index (self, step);
  g_return_if_fail (index >= 0);
  g_mutex_lock (&self->mutex);
  self->states[index].manual_done = TRUE;
  g_mutex_unlock (&self->mutex);
  log_line (self, step, _("The user marked this manual step as done."));
  save_state_or_log (self, step);
}

void
avs_executor_continue_anyway (AvsExecutor *self,
                              AvsPlanStep *step)
{
  gint index;

  g_return_if_fail (AVS_IS_EXECUTOR (self));
  g_return_if_fail (avs_plan_step_get_blocking (step));
  index = step_index (self, step);
  g_return_if_fail (index >= 0);
  g_mutex_lock (&self->mutex);
  self->states[index].status = AVS_STEP_STATUS_SKIPPED;
  g_mutex_unlock (&self->mutex);
  log_line (self, step, _("The technician chose to continue anyway on a centrally managed "
                          "computer."));
  save_state_or_log (self, step);
  emit_later (self, SIGNAL_STEP_CHANGED, avs_plan_step_get_id (step), NULL);
}

/* ---------------------------------------------------------------------------------------------
 * Checks
 * ------------------------------------------------------------------------------------------- */

static gboolean
path_exists (AvsExecutor  *self,
             const char   *real,
             gboolean      link_only,
             GCancellable *cancellable,
             gboolean     *out_exists,
             GError      **error)
{
  GStatBuf st;

  if (!avs_runner_get_in_flatpak (self->runner))
    {
      if (g_lstat (real, &st) == 0)
        *out_exists = link_only ? S_ISLNK (st.st_mode) : TRUE;
      else if (errno == ENOENT || errno == ENOTDIR)
        *out_exists = FALSE;
      else
        {
          int saved_errno = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       /* Translators: the first %s is a path, the second the system's reason */
                       _("Could not check %s: %s"), real, g_strerror (saved_errno));
          return FALSE;
        }
      return TRUE;
    }
  else
    {
      /* Inside Flatpak the host's /var and /opt are not visible: ask the host. */
      const char *argv_link[] = { "test", "-L", real, NULL };
      const char *argv_any[] = { "test", "-e", real, NULL };
      g_autoptr(AvsRunResult) link = avs_runner_run_sync (self->runner, argv_link, AVS_RUN_QUERY,
                                                          NULL, QUERY_TIMEOUT_MS, cancellable,
                                                          error);
      g_autoptr(AvsRunResult) any = NULL;

      if (link == NULL)
        return FALSE;
      if (link_only || avs_run_result_succeeded (link))
        {
          *out_exists = avs_run_result_succeeded (link);
          return TRUE;
        }
      any = avs_runner_run_sync (self->runner, argv_any, AVS_RUN_QUERY, NULL, QUERY_TIMEOUT_MS,
                                 cancellable, error);
      if (any == NULL)
        return FALSE;
      *out_exists = avs_run_result_succeeded (any);
      return TRUE;
    }
}

static gboolean
group_exists (AvsExecutor  *self,
              const char   *group,
              GCancellable *cancellable,
              gboolean     *out_exists,
              GError      **error)
{
  g_autofree char *file = avs_plan_real_path (self->plan, "/etc/group");
  g_autofree char *prefix = g_strconcat (group, ":", NULL);

  if (!avs_runner_get_in_flatpak (self->runner))
    {
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;
      g_autoptr(GError) local_error = NULL;

      *out_exists = FALSE;
      if (!g_file_get_contents (file, &contents, NULL, &local_error))
        {
          if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            return TRUE;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (g_str_has_prefix (lines[i], prefix))
          *out_exists = TRUE;
      return TRUE;
    }
  else
    {
      g_autofree char *pattern = g_strconcat ("^", prefix, NULL);
      const char *argv[] = { "grep", "-q", "--", pattern, file, NULL };
      g_autoptr(AvsRunResult) result = avs_runner_run_sync (self->runner, argv, AVS_RUN_QUERY,
                                                            NULL, QUERY_TIMEOUT_MS, cancellable,
                                                            error);
      if (result == NULL)
        return FALSE;
      *out_exists = avs_run_result_succeeded (result);
      return TRUE;
    }
}

/* What lstat() says of a path; @known is FALSE when this user may not look (a folder only root
 * can enter). */
typedef struct
{
  gboolean known;
  gboolean exists;
  gboolean is_link;
  gboolean is_dir;
  gboolean is_regular;
  guint    uid;
  guint    mode;
} PathInfo;

static gboolean
path_info (AvsExecutor   *self,
           const char    *real,
           GCancellable  *cancellable,
           PathInfo      *info,
           GError       **error)
{
  memset (info, 0, sizeof *info);
  info->known = TRUE;

  if (!avs_runner_get_in_flatpak (self->runner))
    {
      GStatBuf st;

      if (g_lstat (real, &st) != 0)
        {
          int saved_errno = errno;

          if (saved_errno == ENOENT || saved_errno == ENOTDIR)
            return TRUE;
          if (saved_errno == EACCES)
            {
              info->known = FALSE;
              return TRUE;
            }
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _("Could not check %s: %s"), real, g_strerror (saved_errno));
          return FALSE;
        }
      info->exists = TRUE;
      info->is_link = S_ISLNK (st.st_mode);
      info->is_dir = S_ISDIR (st.st_mode);
      info->is_regular = S_ISREG (st.st_mode);
      info->uid = st.st_uid;
      info->mode = st.st_mode & 07777;
      return TRUE;
    }
  else
    {
      /* Inside Flatpak the host's folders are not visible: ask the host. */
      const char *argv[] = { "stat", "--format=%F:%u:%a", "--", real, NULL };
      g_autoptr(AvsRunResult) result = avs_runner_run_sync (self->runner, argv,
                                                            AVS_RUN_QUERY | AVS_RUN_C_LOCALE,
                                                            NULL, QUERY_TIMEOUT_MS, cancellable,
                                                            error);
      g_autofree char *out = NULL;
      g_auto(GStrv) fields = NULL;

      if (result == NULL)
        return FALSE;
      if (!avs_run_result_succeeded (result))
        {
          g_autofree char *err = avs_run_result_dup_stderr (result);

          if (strstr (err, "Permission denied") != NULL)
            info->known = FALSE;
          return TRUE;
        }
      out = g_strstrip (avs_run_result_dup_stdout (result));
      fields = g_strsplit (out, ":", 3);
      if (g_strv_length (fields) != 3)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                       _("Could not check %s: %s"), real, out);
          return FALSE;
        }
      info->exists = TRUE;
      info->is_link = g_str_equal (fields[0], "symbolic link");
      info->is_dir = g_str_equal (fields[0], "directory");
      info->is_regular = g_str_has_prefix (fields[0], "regular");
      info->uid = (guint) g_ascii_strtoull (fields[1], NULL, 10);
      info->mode = (guint) g_ascii_strtoull (fields[2], NULL, 8);
      return TRUE;
    }
}

/* Under another root the backup step writes, as root, into the scanned disk: `install -d -m 0700`
 * makes (or chmods) its folder and tar writes the archive there. So every folder from the root
 * down to the backup folder itself must be a real folder (a symbolic link, the last one
 * included, would send both onto this computer's folders: its target resolves against "/"), and
 * one that only root can change — otherwise a user could swap it for a link between this check
 * and the command (install -d, then tar, follow links). Checked before each command of the step
 * and once after it. A folder that does not exist yet is made by install -d, as root, inside one
 * that only root can change. What stays trusted: the folders above the root itself (the
 * administrator chose it). Sets @out_problem (translated) when unsafe. */
static gboolean
check_backup_folder (AvsExecutor   *self,
                     GCancellable  *cancellable,
                     char         **out_problem,
                     GError       **error)
{
  AvsPlan *plan = self->plan;
  const char *root = avs_plan_get_root (plan);
  g_autofree char *folder = g_path_get_dirname (avs_plan_get_archive_path (plan));
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) shown = g_string_new (NULL);

  *out_problem = NULL;
  if (g_str_equal (root, "/"))
    return TRUE;

  parts = g_strsplit (folder + 1, "/", -1);
  for (gint i = -1; i < 0 || parts[i] != NULL; i++)
    {
      g_autofree char *real = NULL;
      PathInfo info;

      if (i >= 0)
        {
          g_string_append_c (shown, '/');
          g_string_append (shown, parts[i]);
        }
      real = i >= 0 ? avs_plan_real_path (plan, shown->str) : g_strdup (root);
      if (!path_info (self, real, cancellable, &info, error))
        return FALSE;
      if (!info.known || !info.exists)
        break;
      if (info.is_link && i >= 0)
        {
          *out_problem = g_strdup_printf (
              /* Translators: %s is a folder of the scanned disk */
              _("%s is a symbolic link: under another root folder it would lead out of the disk "
                "onto this computer’s own folders, so nothing was written"), shown->str);
          return TRUE;
        }
      if (!info.is_dir && !info.is_link)
        {
          *out_problem = g_strdup_printf (
              /* Translators: %s is a path of the scanned disk */
              _("%s is not a folder, so the backup archive cannot be written there"),
              i >= 0 ? shown->str : root);
          return TRUE;
        }
      if (!info.is_link && (info.uid != 0 || (info.mode & 022) != 0))
        {
          *out_problem = g_strdup_printf (
              /* Translators: %s is a folder; "owner" is a user id, then an octal mode */
              _("%s can be changed by a user other than the administrator (owner %u, mode %o), "
                "who could replace a folder in it with a symbolic link while the archive is "
                "written; make it belong to root and writable only by root"),
              i >= 0 ? shown->str : real, info.uid, info.mode);
          return TRUE;
        }
    }

  /* install replaces an existing archive rather than following it, but say so if one is a link. */
  {
    g_autofree char *archive = avs_plan_dup_archive_real_path (plan);
    PathInfo info;

    if (!path_info (self, archive, cancellable, &info, error))
      return FALSE;
    if (info.known && info.exists && !info.is_regular)
      *out_problem = g_strdup_printf (
          /* Translators: %s is a file */
          _("%s is not a regular file"), avs_plan_get_archive_path (plan));
  }
  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * Resuming: a fresh scan says what the plan touches, the saved state how far it got
 * ------------------------------------------------------------------------------------------- */

/* The saved state: how far the run got, and the user's choices. */
typedef struct
{
  char          *root;
  char          *stamp;
  char          *method;
  JsonNode      *replacement;   /* NULL or null */
  JsonArray     *steps;
  char         **log;
  JsonNode      *document;      /* owns the above */
} SavedState;

static void
saved_state_clear (SavedState *saved)
{
  g_free (saved->root);
  g_free (saved->stamp);
  g_free (saved->method);
  g_strfreev (saved->log);
  g_clear_pointer (&saved->document, json_node_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SavedState, saved_state_clear)

/* Reads a saved state, strictly. "avswitch-apply-state/1" (before the fresh-scan resume) saved
 * the whole scan among its inputs: only its root is read from it now. */
static gboolean
read_saved_state (const char  *path,
                  SavedState  *saved,
                  GError     **error)
{
  static const char * const members[] = {
    "schema", "root", "stamp", "method", "replacement", "steps", "log", NULL
  };
  static const char * const members_v1[] = { "schema", "inputs", "steps", "log", NULL };
  static const char * const inputs_v1[] = {
    "schema", "stamp", "method", "frontend", "replacement", "scan", NULL
  };
  JsonObject *object;
  JsonObject *choices;
  const char *schema = NULL, *root = NULL, *stamp = NULL, *method = NULL;

  saved->document = avs_json_parse_file (path, error);
  if (saved->document == NULL)
    return FALSE;
  object = json_node_get_object (saved->document);
  if (!avs_json_get_string (object, "$", "schema", TRUE, &schema, error))
    return FALSE;

  if (g_str_equal (schema, AVS_APPLY_STATE_SCHEMA))
    {
      if (!avs_json_check_members (object, "$", members, error) ||
          !avs_json_get_string (object, "$", "root", TRUE, &root, error))
        return FALSE;
      choices = object;
    }
  else if (g_str_equal (schema, "avswitch-apply-state/1"))
    {
      JsonObject *scan = NULL;

      if (!avs_json_check_members (object, "$", members_v1, error) ||
          !avs_json_get_object (object, "$", "inputs", TRUE, &choices, error) ||
          !avs_json_check_members (choices, "$.inputs", inputs_v1, error) ||
          !avs_json_get_object (choices, "$.inputs", "scan", TRUE, &scan, error) ||
          !avs_json_get_string (scan, "$.inputs.scan", "root", TRUE, &root, error))
        return FALSE;
    }
  else
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                   /* Translators: %s is a format name */
                   _("unknown format “%s”"), schema);
      return FALSE;
    }

  if (!avs_json_get_string (choices, "$", "stamp", TRUE, &stamp, error) ||
      !avs_json_get_string (choices, "$", "method", TRUE, &method, error) ||
      !avs_json_get_array (object, "$", "steps", TRUE, &saved->steps, error) ||
      !avs_json_get_strv (object, "$", "log", FALSE, &saved->log, error))
    return FALSE;
  saved->root = g_strdup (root);
  saved->stamp = g_strdup (stamp);
  saved->method = g_strdup (method);
  if (json_object_has_member (choices, "replacement") &&
      !json_node_is_null (json_object_get_member (choices, "replacement")))
    saved->replacement = json_object_get_member (choices, "replacement");
  return TRUE;
}

/* A saved log line as plain text: no control character reaches a terminal or the window. */
static char *
plain_log_line (const char *line)
{
  g_autofree char *valid = g_utf8_make_valid (line, -1);

  for (char *p = valid; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = '?';
  return g_steal_pointer (&valid);
}

/* Whether the backup step, which the state calls done, left its archive: a regular file, or
 * (when this user may not look inside) a folder that only root can enter. */
static gboolean
backup_looks_done (AvsExecutor  *self,
                   GCancellable *cancellable)
{
  g_autofree char *archive = avs_plan_dup_archive_real_path (self->plan);
  g_autofree char *folder = g_path_get_dirname (archive);
  g_autofree char *problem = NULL;
  PathInfo info;

  if (!check_backup_folder (self, cancellable, &problem, NULL) || problem != NULL)
    return FALSE;
  if (!path_info (self, archive, cancellable, &info, NULL))
    return FALSE;
  if (info.known)
    return info.exists && info.is_regular;
  if (!path_info (self, folder, cancellable, &info, NULL))
    return FALSE;
  return info.known && info.exists && info.is_dir && !info.is_link && info.uid == 0 &&
         (info.mode & 077) == 0;
}

/* Maps one saved step entry onto the fresh plan. */
static gboolean
apply_saved_step (AvsExecutor   *self,
                  JsonNode      *node,
                  const char    *where,
                  AvsScanResult *fresh_scan,
                  GCancellable  *cancellable,
                  guint         *out_gone,
                  GError       **error)
{
  static const char * const step_members[] = {
    "id", "status", "commands_done", "commands_digest", "manual_done", "message", NULL
  };
  JsonObject *object;
  const char *id = NULL, *status_text = NULL, *message = NULL, *digest = NULL;
  gint64 commands_done = 0;
  gboolean manual_done = FALSE;
  AvsStepStatus status;
  AvsPlanStep *step;
  StepState *state;
  AvsStepType type;
  g_autofree char *fresh_digest = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                   /* Translators: %s is a JSON path */
                   _("%s is not an object"), where);
      return FALSE;
    }
  object = json_node_get_object (node);
  if (!avs_json_check_members (object, where, step_members, error) ||
      !avs_json_get_string (object, where, "id", TRUE, &id, error) ||
      !avs_json_get_string (object, where, "status", TRUE, &status_text, error) ||
      !avs_json_get_int (object, where, "commands_done", TRUE, &commands_done, error) ||
      !avs_json_get_string (object, where, "commands_digest", FALSE, &digest, error) ||
      !avs_json_get_bool (object, where, "manual_done", TRUE, &manual_done, error))
    return FALSE;
  if (json_object_has_member (object, "message") &&
      !json_node_is_null (json_object_get_member (object, "message")) &&
      !avs_json_get_string (object, where, "message", TRUE, &message, error))
    return FALSE;
  if (!status_from_string (status_text, &status) || commands_done < 0)
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                   /* Translators: %s is a JSON path */
                   _("%s does not match the plan"), where);
      return FALSE;
    }

  /* A step the fresh plan does not have: what it was about is gone (or never was). */
  step = avs_plan_find_step (self->plan, id);
  if (step == NULL)
    {
      (*out_gone)++;
      return TRUE;
    }
  state = &self->states[step_index (self, step)];
  type = avs_plan_step_get_step_type (step);
  fresh_digest = commands_digest (step);

  /* A step that was running when the machine stopped runs again from its next command. */
  if (status == AVS_STEP_STATUS_RUNNING)
    status = AVS_STEP_STATUS_PENDING;
  /* Only the managed machine's stop can be skipped (the technician's consent). */
  if (status == AVS_STEP_STATUS_SKIPPED && !avs_plan_step_get_blocking (step))
    status = AVS_STEP_STATUS_PENDING;

  if (status == AVS_STEP_STATUS_DONE && type == AVS_STEP_BACKUP &&
      !avs_runner_get_dry_run (self->runner) && !backup_looks_done (self, cancellable))
    {
      g_autofree char *line = g_strdup_printf (
          /* Translators: %s is the backup archive */
          _("The saved progress says the backup was made, but %s is not there: it is made "
            "again."), avs_plan_get_archive_path (self->plan));
      log_line (self, step, line);
      status = AVS_STEP_STATUS_PENDING;
      commands_done = 0;
    }
  else if (status == AVS_STEP_STATUS_DONE && type != AVS_STEP_MANUAL_FILES &&
           type != AVS_STEP_WINDOWS)
    {
      /* Done, yet the fresh scan still finds what it removes: not trusted, it runs again. */
      g_autoptr(GPtrArray) remaining = avs_plan_step_find_remaining (step, fresh_scan);

      if (remaining->len > 0)
        {
          AvsEvidence *e = g_ptr_array_index (remaining, 0);
          g_autofree char *line = g_strdup_printf (
              /* Translators: %s is something a scan found (a package name, a path…) */
              _("The saved progress says this step was done, but a new scan still finds %s: it "
                "runs again."), e->value);
          log_line (self, step, line);
          status = AVS_STEP_STATUS_PENDING;
          commands_done = 0;
          manual_done = FALSE;
          message = NULL;
        }
    }

  /* Where a step stopped counts only for the same commands. */
  if (digest == NULL || !g_str_equal (digest, fresh_digest) ||
      commands_done > (gint64) avs_plan_step_get_commands (step)->len)
    commands_done = 0;

  state->status = status;
  state->commands_done = status == AVS_STEP_STATUS_DONE ? avs_plan_step_get_commands (step)->len
                                                        : (guint) commands_done;
  state->manual_done = manual_done && avs_plan_step_get_kind (step) == AVS_STEP_KIND_MANUAL;
  g_free (state->message);
  state->message = message != NULL && status == AVS_STEP_STATUS_FAILED ? plain_log_line (message)
                                                                       : NULL;
  return TRUE;
}

AvsExecutor *
avs_executor_new_from_state_for_scan (const char     *state_path,
                                      AvsScanResult  *fresh_scan,
                                      AvsRunner      *runner,
                                      GCancellable   *cancellable,
                                      GError        **error)
{
  g_autofree char *path = NULL;
  g_auto(SavedState) saved = { 0 };
  g_autoptr(AvsReplacement) replacement = NULL;
  g_autoptr(AvsPlan) plan = NULL;
  g_autoptr(AvsExecutor) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *saved_root = NULL;
  g_autofree char *scan_root = NULL;
  AvsPlanOptions options = { 0 };
  guint gone = 0;

  g_return_val_if_fail (AVS_IS_SCAN_RESULT (fresh_scan), NULL);
  g_return_val_if_fail (AVS_IS_RUNNER (runner), NULL);

  path = state_path != NULL ? g_strdup (state_path) : avs_state_path ("apply-state.json");
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_NO_STATE,
                   /* Translators: %s is a file */
                   _("No saved plan to resume at %s."), path);
      return NULL;
    }

  if (!read_saved_state (path, &saved, &local_error))
    goto bad;

  saved_root = g_canonicalize_filename (saved.root, "/");
  scan_root = g_canonicalize_filename (avs_scan_result_get_root (fresh_scan), "/");
  if (!g_str_equal (saved_root, scan_root))
    {
      g_set_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_OTHER_ROOT,
                   /* Translators: both %s are folders */
                   _("The saved plan is for %s, not for %s."), saved_root, scan_root);
      return NULL;
    }

  if (!avs_replacement_method_from_string (saved.method, &options.method))
    {
      g_set_error (&local_error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                   _("The saved plan names an unknown installation method or package tool."));
      goto bad;
    }
  if (saved.replacement != NULL)
    {
      replacement = avs_replacement_from_json (saved.replacement, &local_error);
      if (replacement == NULL)
        goto bad;
    }
  /* What the plan may touch comes from the fresh scan; the state only adds the user's choices
   * (the archive's name, the replacement and how to install it). */
  options.stamp = saved.stamp;
  options.replacement = replacement;
  plan = avs_plan_new (fresh_scan, &options, &local_error);
  if (plan == NULL)
    goto bad;

  self = avs_executor_new (plan, runner);
  g_free (self->state_path);
  self->state_path = g_strdup (path);
  for (guint i = 0; saved.log != NULL && saved.log[i] != NULL; i++)
    g_ptr_array_add (self->log, plain_log_line (saved.log[i]));

  for (guint i = 0; i < json_array_get_length (saved.steps); i++)
    {
      g_autofree char *where = g_strdup_printf ("$.steps[%u]", i);

      if (!apply_saved_step (self, json_array_get_element (saved.steps, i), where, fresh_scan,
                             cancellable, &gone, &local_error))
        goto bad;
    }
  if (gone > 0)
    {
      g_autofree char *line = g_strdup_printf (
          ngettext ("A new scan no longer finds what %u saved step was about; it is left out.",
                    "A new scan no longer finds what %u saved steps were about; they are left "
                    "out.", gone), gone);
      log_line (self, NULL, line);
    }

  return g_steal_pointer (&self);

bad:
  g_set_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_BAD_STATE,
               /* Translators: the first %s is a file, the second the reason */
               _("The saved plan %s cannot be resumed (%s). Delete it to start over."),
               path, local_error != NULL ? local_error->message : "?");
  return NULL;
}

/* The root a saved state is for, without scanning; NULL when there is none (or it is unreadable). */
static char *
saved_root (const char *path)
{
  g_auto(SavedState) saved = { 0 };

  if (!g_file_test (path, G_FILE_TEST_EXISTS) || !read_saved_state (path, &saved, NULL))
    return NULL;
  return g_steal_pointer (&saved.root);
}

AvsExecutor *
avs_executor_new_from_state (const char    *state_path,
                             const char    *root,
                             const char    *rules_path,
                             AvsRunner     *runner,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autofree char *path = state_path != NULL ? g_strdup (state_path)
                                             : avs_state_path ("apply-state.json");
  g_autofree char *for_root = NULL;
  g_autoptr(AvsScanner) scanner = NULL;
  g_autoptr(AvsScanResult) scan = NULL;
  g_autoptr(GError) local_error = NULL;
  AvsExecutor *self;

  g_return_val_if_fail (AVS_IS_RUNNER (runner), NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_NO_STATE,
                   _("No saved plan to resume at %s."), path);
      return NULL;
    }
  /* Not worth a scan when the state is for another root (or cannot be read: the full read
   * below says why). */
  for_root = saved_root (path);
  if (for_root != NULL)
    {
      g_autofree char *a = g_canonicalize_filename (for_root, "/");
      g_autofree char *b = g_canonicalize_filename (root != NULL ? root : "/", "/");

      if (!g_str_equal (a, b))
        {
          g_set_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_OTHER_ROOT,
                       _("The saved plan is for %s, not for %s."), a, b);
          return NULL;
        }
      scanner = avs_scanner_new_for_root (root, rules_path, &local_error);
      if (scanner != NULL)
        scan = avs_scanner_scan_sync (scanner, cancellable, &local_error);
      if (scan == NULL)
        {
          g_set_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_STEP_FAILED,
                       /* Translators: %s is the reason */
                       _("The saved plan cannot be resumed: the new scan failed: %s"),
                       local_error->message);
          return NULL;
        }
    }
  else
    scan = avs_scan_result_new (root != NULL ? root : "/");   /* only for the error message */

  self = avs_executor_new_from_state_for_scan (path, scan, runner, cancellable, error);
  if (self != NULL)
    avs_executor_set_rescan_rules (self, rules_path);
  return self;
}

typedef struct
{
  char         *state_path;
  char         *root;
  char         *rules_path;
  AvsRunner    *runner;
  GMainContext *context;
} ResumeData;

static void
resume_data_free (ResumeData *data)
{
  g_free (data->state_path);
  g_free (data->root);
  g_free (data->rules_path);
  g_clear_object (&data->runner);
  g_main_context_unref (data->context);
  g_free (data);
}

static void
resume_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ResumeData *data = task_data;
  GError *error = NULL;
  AvsExecutor *self = avs_executor_new_from_state (data->state_path, data->root,
                                                   data->rules_path, data->runner, cancellable,
                                                   &error);

  if (self == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Signals go to the caller's context, not this thread's. */
  g_main_context_unref (self->context);
  self->context = g_main_context_ref (data->context);
  g_task_return_pointer (task, self, g_object_unref);
}

void
avs_executor_new_from_state_async (const char          *state_path,
                                   const char          *root,
                                   const char          *rules_path,
                                   AvsRunner           *runner,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ResumeData *data;

  g_return_if_fail (AVS_IS_RUNNER (runner));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, avs_executor_new_from_state_async);
  data = g_new0 (ResumeData, 1);
  data->state_path = g_strdup (state_path);
  data->root = g_strdup (root);
  data->rules_path = g_strdup (rules_path);
  data->runner = g_object_ref (runner);
  data->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, data, (GDestroyNotify) resume_data_free);
  g_task_run_in_thread (task, resume_thread);
}

AvsExecutor *
avs_executor_new_from_state_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------------------------------
 * Checks (continued)
 * ------------------------------------------------------------------------------------------- */

/* Whether @check holds. FALSE with @error when it could not be checked. */
static gboolean
evaluate_check (AvsExecutor        *self,
                const AvsPlanCheck *check,
                GCancellable       *cancellable,
                gboolean           *out_holds,
                GError            **error)
{
  *out_holds = FALSE;

  switch (check->kind)
    {
    case AVS_CHECK_PACKAGE_REMOVED:
    case AVS_CHECK_PACKAGE_PURGED:
    case AVS_CHECK_PACKAGE_INSTALLED:
      {
        g_auto(GStrv) argv = avs_plan_dup_query_argv (self->plan, check);
        g_autoptr(AvsRunResult) result = NULL;
        g_autofree char *out = NULL;
        gboolean known;

        result = avs_runner_run_sync (self->runner, (const char * const *) argv,
                                      AVS_RUN_QUERY | AVS_RUN_C_LOCALE, NULL, QUERY_TIMEOUT_MS,
                                      cancellable, error);
        if (result == NULL)
          return FALSE;
        if (!result->exited || (result->exit_status != 0 && result->exit_status != 1))
          {
            g_autofree char *err = avs_run_result_dup_stderr (result);
            g_set_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_STEP_FAILED,
                         /* Translators: the first %s is a package, the second a message */
                         _("Could not ask the package database about %s: %s"), check->value,
                         g_strstrip (err));
            return FALSE;
          }
        known = result->exit_status == 0;
        out = g_strstrip (avs_run_result_dup_stdout (result));
        if (g_str_equal (check->manager, "dpkg") && known)
          {
            if (check->kind == AVS_CHECK_PACKAGE_INSTALLED)
              *out_holds = g_str_equal (out, "installed");
            else if (check->kind == AVS_CHECK_PACKAGE_REMOVED)
              *out_holds = g_str_equal (out, "not-installed") || g_str_equal (out, "config-files");
            else
              *out_holds = g_str_equal (out, "not-installed");
          }
        else
          *out_holds = check->kind == AVS_CHECK_PACKAGE_INSTALLED ? known : !known;
        return TRUE;
      }

    case AVS_CHECK_PATH_ABSENT:
      {
        g_autofree char *real = avs_plan_real_path (self->plan, check->value);
        gboolean exists;

        if (!path_exists (self, real, FALSE, cancellable, &exists, error))
          return FALSE;
        *out_holds = !exists;
        return TRUE;
      }

    case AVS_CHECK_PATH_SAFE:
      {
        g_auto(GStrv) parts = g_strsplit (check->value + 1, "/", -1);
        g_autoptr(GString) ancestor = g_string_new (NULL);

        *out_holds = TRUE;
        /* On the running system every link resolves inside it (a Silverblue /home → var/home is
         * fine). Under another root, the kernel would resolve a link's absolute target against
         * this machine's "/", outside the root: any link above the path is refused. */
        if (g_str_equal (avs_plan_get_root (self->plan), "/"))
          return TRUE;
        for (guint i = 0; parts[i] != NULL && parts[i + 1] != NULL; i++)
          {
            g_autofree char *real = NULL;
            gboolean is_link;

            g_string_append_c (ancestor, '/');
            g_string_append (ancestor, parts[i]);
            real = avs_plan_real_path (self->plan, ancestor->str);
            if (!path_exists (self, real, TRUE, cancellable, &is_link, error))
              return FALSE;
            if (is_link)
              {
                *out_holds = FALSE;
                break;
              }
          }
        return TRUE;
      }

    case AVS_CHECK_GROUP_ABSENT:
      {
        gboolean exists;

        if (!group_exists (self, check->value, cancellable, &exists, error))
          return FALSE;
        *out_holds = !exists;
        return TRUE;
      }

    case AVS_CHECK_FLATPAK_INSTALLED:
      {
        const char *argv[] = { "flatpak", "info", "--", check->value, NULL };
        g_autoptr(AvsRunResult) result = NULL;
        g_autoptr(GError) local_error = NULL;

        result = avs_runner_run_sync (self->runner, argv, AVS_RUN_QUERY, NULL, QUERY_TIMEOUT_MS,
                                      cancellable, &local_error);
        if (result == NULL && g_error_matches (local_error, AVS_RUNNER_ERROR,
                                               AVS_RUNNER_ERROR_NOT_FOUND))
          return TRUE;   /* no flatpak at all: not installed */
        if (result == NULL)
          {
            g_propagate_error (error, g_steal_pointer (&local_error));
            return FALSE;
          }
        *out_holds = avs_run_result_succeeded (result);
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
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
  save_state_or_log (self, step);
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
  g_string_append (report, _("State of the computer:"));
  if (done->len > 0)
    {
      g_string_append (report, " ");
      g_string_append (report, _("done:"));
      for (guint i = 0; i < done->len; i++)
        g_string_append_printf (report, "%s “%s”", i > 0 ? "," : "",
                                (const char *) g_ptr_array_index (done, i));
      g_string_append (report, ";");
    }
  if (not_run->len > 0)
    {
      g_string_append (report, " ");
      g_string_append (report, _("not run yet:"));
      for (guint i = 0; i < not_run->len; i++)
        g_string_append_printf (report, "%s “%s”", i > 0 ? "," : "",
                                (const char *) g_ptr_array_index (not_run, i));
      g_string_append (report, ".");
    }
  if (done->len == 0 && not_run->len == 0)
    g_string_append_printf (report, " %s", _("no other step was run."));
  g_string_append_c (report, '\n');
  g_string_append (report, _("What to do next:"));
  g_string_append_printf (report, " %s ", next);
  g_string_append (report, _("Then run the plan again (“avswitch apply”, or Try Again in the "
                             "window): it resumes at this step."));

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

  log_line (self, step, what);
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

  log_line (target->self, target->step, valid);
}

static char *
describe_command_failure (AvsExecutor    *self,
                          AvsPlanCommand *command,
                          AvsRunResult   *result)
{
  g_autofree char *line = avs_plan_command_to_string (command);

  if (command->needs_admin && !avs_runner_get_is_root (self->runner) && result->exited &&
      result->exit_status == 126)
    /* Translators: %s is a command line */
    return g_strdup_printf (_("the administrator password dialog was dismissed, so “%s” did not "
                              "run"), line);
  if (command->needs_admin && !avs_runner_get_is_root (self->runner) && result->exited &&
      result->exit_status == 127)
    /* Translators: %s is a command line */
    return g_strdup_printf (_("administrator rights were refused, so “%s” did not run"), line);
  if (result->exited)
    /* Translators: %s is a command line, %d its exit status */
    return g_strdup_printf (_("“%s” failed with exit status %d"), line, result->exit_status);
  /* Translators: %s is a command line, %d a signal number */
  return g_strdup_printf (_("“%s” was killed by signal %d"), line, result->term_signal);
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

      if (!evaluate_check (self, check, cancellable, &holds, &local_error))
        message = g_strdup_printf (
            /* Translators: the first %s is a condition, the second the reason */
            _("could not check that %s: %s"), what, local_error->message);
      else if (!holds)
        message = g_strdup_printf (before
                                   /* Translators: %s is a condition ("the package kesl is not installed") */
                                   ? _("it must not start unless %s, and that is not so")
                                   /* Translators: %s is a condition */
                                   : _("afterwards %s should hold, but it does not"), what);

      if (message == NULL)
        continue;
      if (dry_run)
        {
          g_autofree char *note = g_strdup_printf (
              /* Translators: %s is the reason a real run would stop */
              _("Dry run: a real run would stop here, because %s."), message);
          log_line (self, step, note);
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

  log_line (self, step, _("Scanning again…"));
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
      g_autofree char *line = g_strdup_printf (
          /* Translators: the first %s is a kind (package, file…), the second its value */
          _("Still there: %s %s"), avs_evidence_kind_to_string (e->kind), e->value);
      log_line (self, step, line);
    }

  g_mutex_lock (&self->mutex);
  g_clear_pointer (&self->remaining, g_ptr_array_unref);
  self->remaining = g_ptr_array_ref (remaining);
  g_mutex_unlock (&self->mutex);

  if (avs_runner_get_dry_run (self->runner))
    {
      log_line (self, step, _("Dry run: nothing was removed, so the scan still finds it all."));
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
  log_line (self, step, _("The new scan finds nothing of what the plan removed."));
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
  GString *what;

  if ((type != AVS_STEP_BROWSER_EXTENSIONS && type != AVS_STEP_MANUAL_CERTIFICATES) ||
      avs_plan_step_get_verification (step)->len == 0 ||
      avs_runner_get_dry_run (self->runner) || self->rescan == NULL)
    return TRUE;

  log_line (self, step, _("Scanning again to check this step…"));
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

  what = g_string_new (NULL);
  for (guint i = 0; i < remaining->len; i++)
    {
      AvsEvidence *e = g_ptr_array_index (remaining, i);

      if (i > 0)
        g_string_append (what, ", ");
      g_string_append (what, e->value);
      if (e->detail != NULL)
        g_string_append_printf (what, " (%s)", e->detail);
    }
  /* The user must do it (and say so) again. */
  g_mutex_lock (&self->mutex);
  self->states[index].manual_done = FALSE;
  g_mutex_unlock (&self->mutex);
  {
    g_autofree char *list = g_string_free (what, FALSE);
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
  if (!check_backup_folder (self, cancellable, &problem, &local_error))
    problem = g_strdup_printf (
        /* Translators: %s is the reason */
        _("could not check the backup folder: %s"), local_error->message);
  if (problem == NULL)
    return TRUE;
  if (avs_runner_get_dry_run (self->runner))
    {
      g_autofree char *note = g_strdup_printf (_("Dry run: a real run would stop here, because %s."),
                                               problem);
      log_line (self, step, note);
      return TRUE;
    }
  return fail_step (self, index, problem, error);
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

  set_status (self, index, AVS_STEP_STATUS_RUNNING, NULL);
  /* Preconditions only before the first command: a resumed step has already passed them, and
   * its own commands may have changed what they look at. */
  if (snapshot.commands_done == 0 &&
      !run_checks (self, index, avs_plan_step_get_preconditions (step), TRUE, cancellable, error))
    return FALSE;

  for (guint i = snapshot.commands_done; i < commands->len; i++)
    {
      AvsPlanCommand *command = g_ptr_array_index (commands, i);
      g_autofree char *line = avs_plan_command_to_string (command);
      g_autoptr(AvsRunResult) result = NULL;
      g_autoptr(GError) local_error = NULL;
      LineTarget target = { self, step };
      gboolean skip = FALSE;

      /* Again before every command: a resumed step has no preconditions, and the folder could
       * have changed since the last command. */
      if (!guard_backup_folder (self, index, cancellable, error))
        return FALSE;

      if (command->skip_if != NULL)
        {
          g_autofree char *what = avs_plan_check_describe (command->skip_if);

          if (!evaluate_check (self, command->skip_if, cancellable, &skip, &local_error))
            {
              g_autofree char *message = g_strdup_printf (_("could not check that %s: %s"),
                                                          what, local_error->message);
              return fail_step (self, index, message, error);
            }
          if (skip)
            {
              g_autofree char *note = g_strdup_printf (
                  /* Translators: the first %s is a command line, the second a condition */
                  _("Skipped “%s”: %s already."), line, what);
              log_line (self, step, note);
            }
        }

      if (!skip)
        {
          g_autofree char *note = g_strdup_printf (
              avs_runner_get_dry_run (self->runner)
              /* Translators: %s is a command line */
              ? _("Dry run, not run: %s") : _("Running: %s"), line);
          log_line (self, step, note);
          /* Each output line goes to the log and the "output-line" signal as it is printed. */
          result = avs_runner_run_sync_lines (self->runner, (const char * const *) command->argv,
                                              command_flags (command),
                                              command->needs_admin ? ADMIN_TIMEOUT_MS
                                                                   : USER_TIMEOUT_MS,
                                              command_line_cb, &target, cancellable,
                                              &local_error);
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
        }

      g_mutex_lock (&self->mutex);
      self->states[index].commands_done = i + 1;
      g_mutex_unlock (&self->mutex);
      save_state_or_log (self, step);
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

  ok = run_step (self, index, cancellable, &error);

  g_mutex_lock (&self->mutex);
  self->busy = FALSE;
  if (ok)
    g_clear_pointer (&self->failure, g_free);
  g_mutex_unlock (&self->mutex);

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
