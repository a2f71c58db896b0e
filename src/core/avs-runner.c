/* avs-runner.c — runs commands (argv arrays, never shell strings) with a timeout
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "avs-runner-private.h"
#include "avs-text.h"

#define KILL_GRACE_MS 2000
/* Where the programs of administrator commands are looked up; the flatpak-spawn prefix uses the
 * host's pkexec and env from here too (they cannot be looked up from inside the sandbox). */
#define HOST_PKEXEC "/usr/bin/pkexec"
#define HOST_ENV    "/usr/bin/env"

G_DEFINE_QUARK (avs-runner-error-quark, avs_runner_error)

/* ---------------------------------------------------------------------------------------------
 * AvsRunResult
 * ------------------------------------------------------------------------------------------- */

static void
run_result_clear (AvsRunResult *result)
{
  g_strfreev (result->argv);
  g_strfreev (result->request);
  g_clear_pointer (&result->stdout_data, g_bytes_unref);
  g_clear_pointer (&result->stderr_data, g_bytes_unref);
}

static AvsRunResult *
run_result_new (char **argv,
                char **request)
{
  AvsRunResult *result = g_atomic_rc_box_new0 (AvsRunResult);

  result->argv = argv;
  result->request = request;
  result->stdout_data = g_bytes_new (NULL, 0);
  result->stderr_data = g_bytes_new (NULL, 0);
  return result;
}

AvsRunResult *
avs_run_result_ref (AvsRunResult *result)
{
  return g_atomic_rc_box_acquire (result);
}

void
avs_run_result_unref (AvsRunResult *result)
{
  if (result != NULL)
    g_atomic_rc_box_release_full (result, (GDestroyNotify) run_result_clear);
}

gboolean
avs_run_result_succeeded (AvsRunResult *result)
{
  g_return_val_if_fail (result != NULL, FALSE);
  return result->dry_run || (result->exited && result->exit_status == 0);
}

static char *
bytes_to_text (GBytes *bytes)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  return g_strndup (data != NULL ? data : "", length);
}

char *
avs_run_result_dup_stdout (AvsRunResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return bytes_to_text (result->stdout_data);
}

char *
avs_run_result_dup_stderr (AvsRunResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return bytes_to_text (result->stderr_data);
}

/* ---------------------------------------------------------------------------------------------
 * AvsRunner
 * ------------------------------------------------------------------------------------------- */

struct _AvsRunner
{
  GObject    parent_instance;

  GMutex     lock;
  gboolean   in_flatpak;
  gboolean   is_root;
  gboolean   root_known;         /* is_root is decided (inside Flatpak it is asked of the host) */
  gboolean   root_forced;        /* set with avs_runner_set_is_root() */
  gboolean   dry_run;
  char      *privilege_helper;   /* NULL: pkexec, from the system's folders */
  GPtrArray *log;
};

G_DEFINE_FINAL_TYPE (AvsRunner, avs_runner, G_TYPE_OBJECT)

static void
avs_runner_finalize (GObject *object)
{
  AvsRunner *self = AVS_RUNNER (object);

  g_clear_pointer (&self->log, g_ptr_array_unref);
  g_free (self->privilege_helper);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (avs_runner_parent_class)->finalize (object);
}

static void
avs_runner_class_init (AvsRunnerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = avs_runner_finalize;
}

/* Inside an installed Flatpak app's sandbox: /.flatpak-info exists and is not flatpak-builder's
 * build sandbox, where `flatpak build` writes "[Instance] build=true". The test suite runs there
 * (run-tests in the manifest) and its programs must run natively, as they would on the build
 * machine; an app that is run never has that key. Nothing the user controls decides this: the
 * file is made by Flatpak (or, outside any sandbox, can only be made by root). When the file
 * exists but cannot be read, this is Flatpak. */
static gboolean
detect_flatpak (void)
{
  g_autoptr(GKeyFile) info = NULL;

  if (!g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return FALSE;
  info = g_key_file_new ();
  if (!g_key_file_load_from_file (info, "/.flatpak-info", G_KEY_FILE_NONE, NULL))
    return TRUE;
  return !g_key_file_get_boolean (info, "Instance", "build", NULL);
}

static void
avs_runner_init (AvsRunner *self)
{
  g_mutex_init (&self->lock);
  self->in_flatpak = detect_flatpak ();
  self->is_root = geteuid () == 0;
  self->root_known = !self->in_flatpak;
  self->log = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_run_result_unref);
}

AvsRunner *
avs_runner_new (void)
{
  return g_object_new (AVS_TYPE_RUNNER, NULL);
}

gboolean
avs_runner_get_in_flatpak (AvsRunner *self)
{
  g_return_val_if_fail (AVS_IS_RUNNER (self), FALSE);
  return self->in_flatpak;
}

void
avs_runner_set_in_flatpak (AvsRunner *self,
                           gboolean   in_flatpak)
{
  g_return_if_fail (AVS_IS_RUNNER (self));
  g_mutex_lock (&self->lock);
  self->in_flatpak = !!in_flatpak;
  if (!self->root_forced)
    {
      self->is_root = geteuid () == 0;
      self->root_known = !self->in_flatpak;
    }
  g_mutex_unlock (&self->lock);
}

/* Inside Flatpak the commands run on the host (`flatpak-spawn --host`) as the user the session's
 * flatpak-session-helper runs as, whatever uid the sandbox shows: that user decides whether an
 * administrator command needs pkexec. The sandbox's uid is usually the same, but nothing makes
 * it so (the sandbox's user namespace, a session bus of another user), so the host is asked, once, with
 * its own id from the fixed folders. No answer (org.freedesktop.Flatpak revoked, no id): not
 * root, and the privileged session then says what stops it. */
static gboolean
host_user_is_root (AvsRunner *self)
{
  /* A query, not an administrator command: its argv does not depend on this decision. */
  const char *argv[] = { HOST_ENV, "-i", "PATH=" AVS_RUNNER_SYSTEM_PATH, "id", "-u", NULL };
  g_autoptr(AvsRunResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  result = avs_runner_run_sync (self, argv, AVS_RUN_QUERY | AVS_RUN_C_LOCALE, NULL, 10000, NULL,
                                &error);
  if (result == NULL || !avs_run_result_succeeded (result))
    {
      g_debug ("Could not ask the host which user runs the commands: %s",
               error != NULL ? error->message : "id failed");
      return FALSE;
    }
  out = avs_run_result_dup_stdout (result);
  return g_str_equal (g_strstrip (out), "0");
}

/* Whether this process's administrator commands run without pkexec (see host_user_is_root()). */
static gboolean
runner_is_root (AvsRunner *self)
{
  gboolean is_root;

  g_mutex_lock (&self->lock);
  if (self->root_known)
    {
      is_root = self->is_root;
      g_mutex_unlock (&self->lock);
      return is_root;
    }
  g_mutex_unlock (&self->lock);

  is_root = host_user_is_root (self);

  g_mutex_lock (&self->lock);
  if (!self->root_known)
    {
      self->is_root = is_root;
      self->root_known = TRUE;
    }
  is_root = self->is_root;
  g_mutex_unlock (&self->lock);
  return is_root;
}

gboolean
avs_runner_get_is_root (AvsRunner *self)
{
  g_return_val_if_fail (AVS_IS_RUNNER (self), FALSE);
  return runner_is_root (self);
}

AvsPrivilegeOutcome
avs_runner_classify_privileged_result (AvsRunner    *self,
                                       AvsRunResult *result,
                                       const GError *error)
{
  g_return_val_if_fail (AVS_IS_RUNNER (self), AVS_PRIVILEGE_FAILED);

  if (result == NULL)
    {
      g_autofree char *helper = NULL;
      g_autofree char *found = NULL;

      if (!g_error_matches (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_NOT_FOUND) ||
          self->in_flatpak || runner_is_root (self))
        return AVS_PRIVILEGE_FAILED;
      g_mutex_lock (&self->lock);
      helper = g_strdup (self->privilege_helper);
      g_mutex_unlock (&self->lock);
      found = avs_runner_find_system_program (helper != NULL ? helper : "pkexec");
      return found == NULL ? AVS_PRIVILEGE_MISSING_PKEXEC : AVS_PRIVILEGE_FAILED;
    }
  if (!result->exited)
    return AVS_PRIVILEGE_FAILED;
  if (result->privileged && result->exit_status == 126)
    return AVS_PRIVILEGE_DISMISSED;
  if (result->privileged && result->exit_status == 127)
    return AVS_PRIVILEGE_NOT_AUTHORIZED;
  return AVS_PRIVILEGE_OK;
}

void
avs_runner_set_is_root (AvsRunner *self,
                        gboolean   is_root)
{
  g_return_if_fail (AVS_IS_RUNNER (self));
  g_mutex_lock (&self->lock);
  self->is_root = !!is_root;
  self->root_known = TRUE;
  self->root_forced = TRUE;
  g_mutex_unlock (&self->lock);
}

gboolean
avs_runner_get_dry_run (AvsRunner *self)
{
  g_return_val_if_fail (AVS_IS_RUNNER (self), FALSE);
  return self->dry_run;
}

void
avs_runner_set_dry_run (AvsRunner *self,
                        gboolean   dry_run)
{
  g_return_if_fail (AVS_IS_RUNNER (self));
  self->dry_run = !!dry_run;
}

void
avs_runner_set_privilege_helper (AvsRunner  *self,
                                 const char *helper)
{
  g_return_if_fail (AVS_IS_RUNNER (self));
  g_return_if_fail (helper != NULL && *helper != '\0');
  g_mutex_lock (&self->lock);
  g_free (self->privilege_helper);
  self->privilege_helper = g_strdup (helper);
  g_mutex_unlock (&self->lock);
}

char *
avs_runner_find_system_program (const char *program)
{
  g_auto(GStrv) dirs = NULL;

  g_return_val_if_fail (program != NULL, NULL);

  if (g_path_is_absolute (program))
    return g_strdup (program);
  if (*program == '\0' || strchr (program, '/') != NULL)
    return NULL;
  dirs = g_strsplit (AVS_RUNNER_SYSTEM_PATH, ":", -1);
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], program, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR) && access (path, X_OK) == 0)
        return g_steal_pointer (&path);
    }
  return NULL;
}

/* The argv to run. For an administrator command every program (the privilege helper, env and
 * the command's own) is an absolute path from AVS_RUNNER_SYSTEM_PATH, never looked up in the
 * caller's PATH: pkexec runs as root whatever it finds there. A program that is not there is
 * left bare and named in @out_missing (the caller refuses to run it). Inside Flatpak the host's
 * folders cannot be searched from here: `env -i PATH=…` looks the program up on the host, in
 * the same fixed folders, with an empty environment. */
static char **
build_argv_internal (AvsRunner          *self,
                     const char * const *argv,
                     AvsRunFlags         flags,
                     char              **out_missing)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean admin = (flags & AVS_RUN_ADMIN) != 0;
  gboolean privileged = admin && !runner_is_root (self);
  g_autofree char *helper = NULL;

  g_mutex_lock (&self->lock);
  helper = g_strdup (self->privilege_helper);
  g_mutex_unlock (&self->lock);

  if (self->in_flatpak)
    {
      g_strv_builder_add (builder, "flatpak-spawn");
      g_strv_builder_add (builder, "--host");
      if (!admin)
        {
          if ((flags & AVS_RUN_C_LOCALE) != 0)
            g_strv_builder_add (builder, "--env=LC_ALL=C");
          g_strv_builder_addv (builder, (const char **) argv);
          return g_strv_builder_end (builder);
        }
      if (privileged)
        g_strv_builder_add (builder, helper != NULL ? helper : HOST_PKEXEC);
      g_strv_builder_add (builder, HOST_ENV);
      g_strv_builder_add (builder, "-i");
      g_strv_builder_add (builder, "PATH=" AVS_RUNNER_SYSTEM_PATH);
      if ((flags & AVS_RUN_C_LOCALE) != 0)
        g_strv_builder_add (builder, "LC_ALL=C");
      g_strv_builder_addv (builder, (const char **) argv);
      return g_strv_builder_end (builder);
    }

  if (!admin)
    {
      g_strv_builder_addv (builder, (const char **) argv);
      return g_strv_builder_end (builder);
    }

  if (privileged)
    {
      g_autofree char *found = avs_runner_find_system_program (helper != NULL ? helper : "pkexec");

      if (found == NULL && out_missing != NULL && *out_missing == NULL)
        *out_missing = g_strdup (helper != NULL ? helper : "pkexec");
      g_strv_builder_add (builder, found != NULL ? found : helper != NULL ? helper : "pkexec");
      /* pkexec sets its own clean environment; the locale goes through env(1). */
      if ((flags & AVS_RUN_C_LOCALE) != 0)
        {
          g_autofree char *env = avs_runner_find_system_program ("env");

          if (env == NULL && out_missing != NULL && *out_missing == NULL)
            *out_missing = g_strdup ("env");
          g_strv_builder_add (builder, env != NULL ? env : "env");
          g_strv_builder_add (builder, "LC_ALL=C");
        }
    }

  {
    g_autofree char *program = avs_runner_find_system_program (argv[0]);

    if (program == NULL && out_missing != NULL && *out_missing == NULL)
      *out_missing = g_strdup (argv[0]);
    g_strv_builder_add (builder, program != NULL ? program : argv[0]);
    g_strv_builder_addv (builder, (const char **) argv + 1);
  }
  return g_strv_builder_end (builder);
}

char **
avs_runner_build_argv (AvsRunner          *self,
                       const char * const *argv,
                       AvsRunFlags         flags)
{
  g_return_val_if_fail (AVS_IS_RUNNER (self), NULL);
  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  return build_argv_internal (self, argv, flags, NULL);
}

/* What an administrator command run directly as root sees: the fixed PATH and the locale (only
 * plain locale names: one with a "/" would be read as a path to locale files), nothing else of
 * this process's environment (LD_PRELOAD, a hostile PATH, IFS…). */
static char **
admin_environment (AvsRunFlags flags)
{
  static const char * const locale_vars[] = {
    "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LC_CTYPE", NULL
  };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_add (builder, "PATH=" AVS_RUNNER_SYSTEM_PATH);
  if ((flags & AVS_RUN_C_LOCALE) != 0)
    {
      g_strv_builder_add (builder, "LC_ALL=C");
      return g_strv_builder_end (builder);
    }
  for (guint i = 0; locale_vars[i] != NULL; i++)
    {
      const char *value = g_getenv (locale_vars[i]);
      gboolean plain = value != NULL && *value != '\0' && strlen (value) < 64;

      for (const char *p = value; plain && *p != '\0'; p++)
        plain = g_ascii_isalnum (*p) || strchr ("_.@:-", *p) != NULL;
      if (plain)
        {
          g_autofree char *pair = g_strdup_printf ("%s=%s", locale_vars[i], value);
          g_strv_builder_add (builder, pair);
        }
    }
  return g_strv_builder_end (builder);
}

gboolean
avs_runner_find_program (AvsRunner  *self,
                         const char *program)
{
  g_autofree char *found = NULL;

  g_return_val_if_fail (AVS_IS_RUNNER (self), FALSE);
  g_return_val_if_fail (program != NULL, FALSE);

  if (self->in_flatpak)
    {
      const char *which[] = { "which", program, NULL };
      g_autoptr(AvsRunResult) result = avs_runner_run_sync (self, which, AVS_RUN_QUERY, NULL,
                                                            10000, NULL, NULL);
      return result != NULL && avs_run_result_succeeded (result);
    }

  if (g_path_is_absolute (program))
    return g_file_test (program, G_FILE_TEST_IS_EXECUTABLE);

  found = g_find_program_in_path (program);
  return found != NULL;
}

GPtrArray *
avs_runner_get_log (AvsRunner *self)
{
  GPtrArray *copy;

  g_return_val_if_fail (AVS_IS_RUNNER (self), NULL);

  g_mutex_lock (&self->lock);
  copy = g_ptr_array_new_full (self->log->len, (GDestroyNotify) avs_run_result_unref);
  for (guint i = 0; i < self->log->len; i++)
    g_ptr_array_add (copy, avs_run_result_ref (g_ptr_array_index (self->log, i)));
  g_mutex_unlock (&self->lock);
  return copy;
}

static void
log_result (AvsRunner    *self,
            AvsRunResult *result)
{
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->log, avs_run_result_ref (result));
  g_mutex_unlock (&self->lock);
}

/* Running ----------------------------------------------------------------------------------- */

typedef struct
{
  AvsRunner     *runner;         /* owned */
  GSubprocess   *process;
  AvsRunResult  *result;
  GCancellable  *inner;          /* aborts communicate() when the process cannot be reaped */
  GSource       *timeout_source;
  GSource       *kill_source;
  GSource       *cancel_source;
  GMainContext  *context;
  gulong         cancelled_id;
  GCancellable  *outer;
  guint          timeout_ms;
  gboolean       timed_out;
  gboolean       cancelled;
  gint64         started;

  /* Line by line (avs_runner_run_sync_lines()) instead of communicate(). */
  AvsRunnerLineFunc line_func;
  gpointer       line_data;
  GByteArray    *out_buf;
  GByteArray    *err_buf;
  guint          pending;        /* stdout, stderr, wait */
  gboolean       wait_ok;
  GError        *stream_error;
} RunData;

static void
run_data_free (RunData *data)
{
  if (data->timeout_source != NULL)
    {
      g_source_destroy (data->timeout_source);
      g_source_unref (data->timeout_source);
    }
  if (data->kill_source != NULL)
    {
      g_source_destroy (data->kill_source);
      g_source_unref (data->kill_source);
    }
  if (data->cancel_source != NULL)
    {
      g_source_destroy (data->cancel_source);
      g_source_unref (data->cancel_source);
    }
  if (data->outer != NULL && data->cancelled_id != 0)
    g_cancellable_disconnect (data->outer, data->cancelled_id);
  g_clear_object (&data->outer);
  g_clear_object (&data->inner);
  g_clear_object (&data->process);
  g_clear_pointer (&data->result, avs_run_result_unref);
  g_clear_pointer (&data->context, g_main_context_unref);
  g_clear_object (&data->runner);
  g_clear_pointer (&data->out_buf, g_byte_array_unref);
  g_clear_pointer (&data->err_buf, g_byte_array_unref);
  g_clear_error (&data->stream_error);
  g_free (data);
}

static gboolean
give_up_cb (gpointer user_data)
{
  RunData *data = user_data;

  /* The process ignores even SIGKILL's effect on its pipes (a grandchild holds them): stop
   * waiting for its output. */
  g_cancellable_cancel (data->inner);
  return G_SOURCE_REMOVE;
}

static gboolean
kill_cb (gpointer user_data)
{
  RunData *data = user_data;

  g_subprocess_force_exit (data->process);
  g_source_unref (data->kill_source);
  data->kill_source = g_timeout_source_new (KILL_GRACE_MS);
  g_source_set_callback (data->kill_source, give_up_cb, data, NULL);
  g_source_attach (data->kill_source, data->context);
  return G_SOURCE_REMOVE;
}

static void
stop_process (RunData *data)
{
  if (data->kill_source != NULL)
    return;
  g_subprocess_send_signal (data->process, SIGTERM);
  data->kill_source = g_timeout_source_new (KILL_GRACE_MS);
  g_source_set_callback (data->kill_source, kill_cb, data, NULL);
  g_source_attach (data->kill_source, data->context);
}

static gboolean
timeout_cb (gpointer user_data)
{
  RunData *data = user_data;

  data->timed_out = TRUE;
  stop_process (data);
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_idle_cb (gpointer user_data)
{
  RunData *data = user_data;

  data->cancelled = TRUE;
  stop_process (data);
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              GTask        *task)
{
  RunData *data = g_task_get_task_data (task);

  /* May be called from any thread: act in the context that owns the process. A cancellable
   * fires once, so there is at most one such source. */
  if (data->cancel_source != NULL)
    return;
  data->cancel_source = g_idle_source_new ();
  g_source_set_callback (data->cancel_source, cancelled_idle_cb, data, NULL);
  g_source_attach (data->cancel_source, data->context);
}

/* A command line inside a sentence: isolated, so that it keeps its order in any language. */
static char *
argv_display (char **argv)
{
  g_autofree char *line = g_strjoinv (" ", argv);

  return avs_text_isolate (line);
}

static void finish_run (GTask   *task,
                        gboolean ok,
                        GBytes  *out,
                        GBytes  *err,
                        GError  *error);

static void
communicate_cb (GObject      *object,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = g_subprocess_communicate_finish (G_SUBPROCESS (object), res, &out, &err, &error);
  finish_run (task, ok, out, err, error);
}

static void
finish_run (GTask    *task,
            gboolean  ok,
            GBytes   *out,
            GBytes   *err,
            GError   *error)
{
  RunData *data = g_task_get_task_data (task);
  AvsRunResult *result = data->result;

  result->duration_us = g_get_monotonic_time () - data->started;
  if (out != NULL)
    {
      g_bytes_unref (result->stdout_data);
      result->stdout_data = g_bytes_ref (out);
    }
  if (err != NULL)
    {
      g_bytes_unref (result->stderr_data);
      result->stderr_data = g_bytes_ref (err);
    }
  if (ok)
    {
      result->exited = g_subprocess_get_if_exited (data->process);
      if (result->exited)
        result->exit_status = g_subprocess_get_exit_status (data->process);
      else if (g_subprocess_get_if_signaled (data->process))
        result->term_signal = g_subprocess_get_term_sig (data->process);
    }
  else
    {
      result->exited = FALSE;
    }
  log_result (data->runner, result);

  if (data->cancelled || g_cancellable_is_cancelled (data->outer))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The operation was cancelled."));
      return;
    }
  if (data->timed_out)
    {
      g_autofree char *display = argv_display (result->request);
      g_task_return_new_error (task, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_TIMED_OUT,
                               /* Translators: %s is a command line, %u a number of seconds */
                               ngettext ("“%s” did not finish within %u second and was stopped.",
                                         "“%s” did not finish within %u seconds and was stopped.",
                                         MAX (1, data->timeout_ms / 1000)),
                               display, MAX (1, data->timeout_ms / 1000));
      return;
    }
  if (!ok)
    {
      g_autofree char *display = argv_display (result->request);
      g_task_return_new_error (task, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_FAILED,
                               /* Translators: %s is a command line, then the system's reason */
                               _("Could not run “%s”: %s"), display, error->message);
      return;
    }
  if (g_bytes_get_size (result->stdout_data) > AVS_RUNNER_MAX_OUTPUT ||
      g_bytes_get_size (result->stderr_data) > AVS_RUNNER_MAX_OUTPUT)
    {
      g_autofree char *display = argv_display (result->request);
      g_task_return_new_error (task, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_OUTPUT_TOO_LARGE,
                               _("“%s” printed more output than AV Switch reads."), display);
      return;
    }

  g_task_return_pointer (task, avs_run_result_ref (result), (GDestroyNotify) avs_run_result_unref);
}

/* Line by line ------------------------------------------------------------------------------ */

static void read_line_cb (GObject      *object,
                          GAsyncResult *res,
                          gpointer      user_data);

static void
lines_part_done (GTask *task)
{
  RunData *data = g_task_get_task_data (task);

  if (--data->pending > 0)
    return;
  {
    g_autoptr(GBytes) out = g_byte_array_free_to_bytes (g_steal_pointer (&data->out_buf));
    g_autoptr(GBytes) err = g_byte_array_free_to_bytes (g_steal_pointer (&data->err_buf));
    gboolean ok = data->wait_ok && data->stream_error == NULL;

    finish_run (task, ok, out, err, data->stream_error);
  }
}

typedef struct
{
  GTask    *task;
  gboolean  is_stderr;
} LineRead;

static void
read_next_line (GDataInputStream *stream,
                GTask            *task,
                gboolean          is_stderr)
{
  RunData *data = g_task_get_task_data (task);
  LineRead *read = g_new0 (LineRead, 1);

  read->task = g_object_ref (task);
  read->is_stderr = is_stderr;
  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, data->inner, read_line_cb,
                                       read);
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  LineRead *read = user_data;
  g_autoptr(GTask) task = read->task;
  gboolean is_stderr = read->is_stderr;
  RunData *data = g_task_get_task_data (task);
  GByteArray *buf = is_stderr ? data->err_buf : data->out_buf;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gsize length = 0;

  g_free (read);
  line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (object), res, &length, &error);
  if (line == NULL)
    {
      if (error != NULL && data->stream_error == NULL &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        data->stream_error = g_steal_pointer (&error);
      lines_part_done (task);
      return;
    }

  if (buf->len + length + 1 <= AVS_RUNNER_MAX_OUTPUT + 1)
    {
      g_byte_array_append (buf, (const guint8 *) line, length);
      g_byte_array_append (buf, (const guint8 *) "\n", 1);
    }
  else if (buf->len <= AVS_RUNNER_MAX_OUTPUT)
    {
      /* Mark it too large (checked in finish_run) and stop the process. */
      g_byte_array_set_size (buf, AVS_RUNNER_MAX_OUTPUT + 1);
      stop_process (data);
    }
  if (data->line_func != NULL)
    data->line_func (line, is_stderr, data->line_data);
  read_next_line (G_DATA_INPUT_STREAM (object), task, is_stderr);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->wait_ok = g_subprocess_wait_finish (G_SUBPROCESS (object), res, &error);
  if (!data->wait_ok && data->stream_error == NULL)
    data->stream_error = g_steal_pointer (&error);
  lines_part_done (task);
}

static void
start_reading_lines (GTask *task)
{
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GDataInputStream) err = NULL;

  g_output_stream_close (g_subprocess_get_stdin_pipe (data->process), NULL, NULL);
  data->out_buf = g_byte_array_new ();
  data->err_buf = g_byte_array_new ();
  data->pending = 3;
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (data->process));
  err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (data->process));
  g_data_input_stream_set_newline_type (out, G_DATA_STREAM_NEWLINE_TYPE_LF);
  g_data_input_stream_set_newline_type (err, G_DATA_STREAM_NEWLINE_TYPE_LF);
  read_next_line (out, task, FALSE);
  read_next_line (err, task, TRUE);
  g_subprocess_wait_async (data->process, data->inner, wait_cb, g_object_ref (task));
}

static void
run_async_internal (AvsRunner           *self,
                    const char * const  *argv,
                    AvsRunFlags          flags,
                    GBytes              *stdin_data,
                    guint                timeout_ms,
                    AvsRunnerLineFunc    line_func,
                    gpointer             line_data,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data);

void
avs_runner_run_async (AvsRunner           *self,
                      const char * const  *argv,
                      AvsRunFlags          flags,
                      GBytes              *stdin_data,
                      guint                timeout_ms,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  run_async_internal (self, argv, flags, stdin_data, timeout_ms, NULL, NULL, cancellable,
                      callback, user_data);
}

static void
run_async_internal (AvsRunner           *self,
                    const char * const  *argv,
                    AvsRunFlags          flags,
                    GBytes              *stdin_data,
                    guint                timeout_ms,
                    AvsRunnerLineFunc    line_func,
                    gpointer             line_data,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = NULL;
  RunData *data;
  char **final_argv;

  g_return_if_fail (AVS_IS_RUNNER (self));
  g_return_if_fail (argv != NULL && argv[0] != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, avs_runner_run_async);

  final_argv = build_argv_internal (self, argv, flags, &missing);
  data = g_new0 (RunData, 1);
  data->runner = g_object_ref (self);
  data->result = run_result_new (final_argv, g_strdupv ((char **) argv));
  data->result->privileged = (flags & AVS_RUN_ADMIN) != 0 && !runner_is_root (self);
  data->timeout_ms = timeout_ms > 0 ? timeout_ms : AVS_RUNNER_DEFAULT_TIMEOUT_MS;
  data->context = g_main_context_ref_thread_default ();
  data->inner = g_cancellable_new ();
  data->started = g_get_monotonic_time ();
  data->line_func = line_func;
  data->line_data = line_data;
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (self->dry_run && (flags & AVS_RUN_QUERY) == 0)
    {
      data->result->dry_run = TRUE;
      data->result->exited = TRUE;
      log_result (self, data->result);
      g_task_return_pointer (task, avs_run_result_ref (data->result),
                             (GDestroyNotify) avs_run_result_unref);
      return;
    }

  if (missing != NULL)
    {
      g_autofree char *shown = avs_text_isolate (missing);

      data->result->exited = FALSE;
      log_result (self, data->result);
      g_task_return_new_error (task, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_NOT_FOUND,
                               /* Translators: %s is a program name; keep the folder list */
                               _("“%s” was not found in /usr/sbin, /usr/bin, /sbin or /bin, the "
                                 "only folders AV Switch runs administrator commands from."),
                               shown);
      return;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if ((flags & AVS_RUN_ADMIN) != 0 && !self->in_flatpak && runner_is_root (self))
    {
      g_auto(GStrv) environment = admin_environment (flags);

      g_subprocess_launcher_set_environ (launcher, environment);
    }
  else if ((flags & AVS_RUN_C_LOCALE) != 0)
    {
      g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
      g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
    }

  data->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) final_argv, &error);
  if (data->process == NULL)
    {
      g_autofree char *display = argv_display (data->result->request);
      int code = g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT)
                 ? AVS_RUNNER_ERROR_NOT_FOUND : AVS_RUNNER_ERROR_FAILED;

      data->result->exited = FALSE;
      log_result (self, data->result);
      g_task_return_new_error (task, AVS_RUNNER_ERROR, code,
                               _("Could not run “%s”: %s"), display, error->message);
      return;
    }

  data->timeout_source = g_timeout_source_new (data->timeout_ms);
  g_source_set_callback (data->timeout_source, timeout_cb, data, NULL);
  g_source_attach (data->timeout_source, data->context);

  if (cancellable != NULL)
    {
      data->outer = g_object_ref (cancellable);
      data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), task, NULL);
    }

  if (line_func != NULL)
    {
      start_reading_lines (task);
      return;
    }

  /* With a stdin pipe GSubprocess wants bytes: none means an empty, closed stdin. */
  {
    g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

    g_subprocess_communicate_async (data->process, stdin_data != NULL ? stdin_data : empty,
                                    data->inner, communicate_cb, g_object_ref (task));
  }
}

AvsRunResult *
avs_runner_run_finish (AvsRunner     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

AvsRunResult *
avs_runner_run_sync_lines (AvsRunner           *self,
                           const char * const  *argv,
                           AvsRunFlags          flags,
                           guint                timeout_ms,
                           AvsRunnerLineFunc    line_func,
                           gpointer             line_data,
                           GCancellable        *cancellable,
                           GError             **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (AVS_IS_RUNNER (self), NULL);
  g_return_val_if_fail (line_func != NULL, NULL);

  g_main_context_push_thread_default (context);
  run_async_internal (self, argv, flags, NULL, timeout_ms, line_func, line_data, cancellable,
                      sync_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  return avs_runner_run_finish (self, result, error);
}

AvsRunResult *
avs_runner_run_sync (AvsRunner           *self,
                     const char * const  *argv,
                     AvsRunFlags          flags,
                     GBytes              *stdin_data,
                     guint                timeout_ms,
                     GCancellable        *cancellable,
                     GError             **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (AVS_IS_RUNNER (self), NULL);

  g_main_context_push_thread_default (context);
  avs_runner_run_async (self, argv, flags, stdin_data, timeout_ms, cancellable,
                        sync_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  return avs_runner_run_finish (self, result, error);
}

/* For avs-runner-session.c (avs-runner-private.h) ------------------------------------------- */

AvsRunResult *
_avs_run_result_new (char **argv,
                     char **request)
{
  return run_result_new (argv, request);
}

char *
_avs_runner_dup_privilege_helper (AvsRunner *self)
{
  char *helper;

  g_mutex_lock (&self->lock);
  helper = g_strdup (self->privilege_helper);
  g_mutex_unlock (&self->lock);
  return helper;
}

void
_avs_runner_log_result (AvsRunner    *self,
                        AvsRunResult *result)
{
  log_result (self, result);
}
