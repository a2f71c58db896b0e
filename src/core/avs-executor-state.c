/* avs-executor-state.c — the executor's saved progress (to and from JSON), resuming it onto a
 * fresh plan, and the session report
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The saved state (AVS_APPLY_STATE_SCHEMA) holds the user's choices and how far each step got,
 * never the scan or the commands: resuming plans again from a fresh scan and maps the saved
 * steps onto it by id (docs/removal.md, "Resuming").
 *
 * The state file is the program's own (in $XDG_STATE_HOME), not part of the scanned machine, so
 * it is read with GLib's file calls and the strict JSON reader, not through AvsHost.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "avs-executor-private.h"
#include "avs-fileutil.h"
#include "avs-json.h"
#include "avs-nick.h"
#include "avs-scanner.h"
#include "avs-text.h"

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

gboolean
_avs_executor_status_from_string (const char    *string,
                                  AvsStepStatus *out_status)
{
  guint value;

  if (!avs_nick_lookup (status_nicks, G_N_ELEMENTS (status_nicks), string, &value))
    return FALSE;
  *out_status = (AvsStepStatus) value;
  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * The session report
 * ------------------------------------------------------------------------------------------- */

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
  data = avs_json_node_to_data (root, TRUE, &length);
  return avs_file_write_atomic (self->state_path, data, length, 0600, error);
}

/* Saving must not stop a removal half-way: a failure to save is logged, and the run goes on. */
void
_avs_executor_save_state_or_log (AvsExecutor *self,
                                 AvsPlanStep *step)
{
  g_autoptr(GError) error = NULL;

  if (!save_state (self, &error))
    {
      g_autofree char *line = g_strdup_printf (
          /* Translators: %s is the reason; "progress" is what lets a run resume */
          _("Could not save the progress: %s"), error->message);
      _avs_executor_log_line (self, step, line);
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
      g_autofree char *shown = avs_text_isolate (self->state_path);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   /* Translators: the first %s is a file, the second the system's reason */
                   _("Could not delete the saved progress %s: %s"), shown,
                   g_strerror (saved_errno));
      return FALSE;
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
  if (!_avs_executor_status_from_string (status_text, &status) || commands_done < 0)
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
  state = &self->states[_avs_executor_step_index (self, step)];
  type = avs_plan_step_get_step_type (step);
  fresh_digest = commands_digest (step);

  /* A step that was running when the machine stopped runs again from its next command. */
  if (status == AVS_STEP_STATUS_RUNNING)
    status = AVS_STEP_STATUS_PENDING;
  /* Only the managed machine's stop can be skipped (the technician's consent). */
  if (status == AVS_STEP_STATUS_SKIPPED && !avs_plan_step_get_blocking (step))
    status = AVS_STEP_STATUS_PENDING;

  if (status == AVS_STEP_STATUS_DONE && type == AVS_STEP_BACKUP &&
      !avs_runner_get_dry_run (self->runner) && !_avs_executor_backup_looks_done (self, cancellable))
    {
      g_autofree char *archive = avs_text_isolate (avs_plan_get_archive_path (self->plan));
      g_autofree char *line = g_strdup_printf (
          /* Translators: %s is the backup archive */
          _("The saved progress says the backup was made, but %s is not there: it is made "
            "again."), archive);
      _avs_executor_log_line (self, step, line);
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
          g_autofree char *found = avs_text_isolate (e->value);
          g_autofree char *line = g_strdup_printf (
              /* Translators: %s is something a scan found (a package name, a path…) */
              _("The saved progress says this step was done, but a new scan still finds %s: it "
                "runs again."), found);
          _avs_executor_log_line (self, step, line);
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
  g_autofree char *shown_path = NULL;
  AvsPlanOptions options = { 0 };
  guint gone = 0;

  g_return_val_if_fail (AVS_IS_SCAN_RESULT (fresh_scan), NULL);
  g_return_val_if_fail (AVS_IS_RUNNER (runner), NULL);

  path = state_path != NULL ? g_strdup (state_path) : avs_state_path (AVS_EXECUTOR_STATE_FILE);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *shown = avs_text_isolate (path);

      g_set_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_NO_STATE,
                   /* Translators: %s is a file */
                   _("No saved plan to resume at %s."), shown);
      return NULL;
    }

  if (!read_saved_state (path, &saved, &local_error))
    goto bad;

  saved_root = g_canonicalize_filename (saved.root, "/");
  scan_root = g_canonicalize_filename (avs_scan_result_get_root (fresh_scan), "/");
  if (!g_str_equal (saved_root, scan_root))
    {
      g_autofree char *saved_shown = avs_text_isolate (saved_root);
      g_autofree char *scan_shown = avs_text_isolate (scan_root);

      g_set_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_OTHER_ROOT,
                   /* Translators: both %s are folders */
                   _("The saved plan is for %s, not for %s."), saved_shown, scan_shown);
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
      _avs_executor_log_line (self, NULL, line);
    }

  return g_steal_pointer (&self);

bad:
  shown_path = avs_text_isolate (path);
  g_set_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_BAD_STATE,
               /* Translators: the first %s is a file, the second the reason */
               _("The saved plan %s cannot be resumed (%s). Delete it to start over."),
               shown_path, local_error != NULL ? local_error->message : "?");
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
                                             : avs_state_path (AVS_EXECUTOR_STATE_FILE);
  g_autofree char *for_root = NULL;
  g_autoptr(AvsScanner) scanner = NULL;
  g_autoptr(AvsScanResult) scan = NULL;
  g_autoptr(GError) local_error = NULL;
  AvsExecutor *self;

  g_return_val_if_fail (AVS_IS_RUNNER (runner), NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *shown = avs_text_isolate (path);

      g_set_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_NO_STATE,
                   _("No saved plan to resume at %s."), shown);
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
          g_autofree char *a_shown = avs_text_isolate (a);
          g_autofree char *b_shown = avs_text_isolate (b);

          g_set_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_OTHER_ROOT,
                       _("The saved plan is for %s, not for %s."), a_shown, b_shown);
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

