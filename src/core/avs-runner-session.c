/* avs-runner-session.c — one privileged session (one password prompt) for a whole run
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The privileged side is data/avswitch-privileged.sh (its header has the protocol). This side
 * starts it, waits until it says it is ready (so a dismissed or refused password is known before
 * any command runs), then sends it one argv at a time and reads the command's output until the
 * status line that carries the session's random token.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <signal.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "avs-runner-private.h"

#define SCRIPT_RESOURCE   "/io/github/avswitch/AvSwitch/core/avswitch-privileged.sh"
#define INSTALLED_HELPER  LIBEXECDIR "/avswitch-privileged"
#define HOST_PKEXEC       "/usr/bin/pkexec"
/* Where the helper is not installed (inside the Flatpak, whose files the host cannot run, and in
 * an uninstalled build), pkexec runs `/bin/sh -c SCRIPT` with SCRIPT the fixed text of
 * data/avswitch-privileged.sh from our own resources: nothing from the machine or the user is
 * ever joined into it. The commands themselves reach it as argv arrays over its stdin. */
#define HOST_SH           "/bin/sh"
#define TOKEN_BYTES       16
#define CLOSE_WAIT_MS     3000
#define MAX_START_OUTPUT  4096

struct _AvsPrivilegedSession
{
  AvsRunner        *runner;
  GSubprocess      *process;
  GOutputStream    *input;
  GDataInputStream *output;
  GMainContext     *context;     /* the session's reads run here, in whichever thread calls */
  char              token[TOKEN_BYTES * 2 + 1];
  gboolean          alive;
};

static char *
argv_display (const char * const *argv)
{
  g_autofree char *joined = g_strjoinv (" ", (char **) argv);

  return g_utf8_make_valid (joined, -1);
}

/* Reading with a deadline ------------------------------------------------------------------- */

typedef struct
{
  gboolean  done;
  gboolean  timed_out;
  char     *line;
  gsize     length;
  GError   *error;
} LineWait;

static void
line_ready_cb (GObject      *object,
               GAsyncResult *res,
               gpointer      user_data)
{
  LineWait *wait = user_data;

  wait->line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (object), res,
                                                     &wait->length, &wait->error);
  wait->done = TRUE;
}

typedef struct
{
  LineWait     *wait;
  GCancellable *inner;
} TimerData;

static gboolean
deadline_cb (gpointer user_data)
{
  TimerData *timer = user_data;

  timer->wait->timed_out = TRUE;
  g_cancellable_cancel (timer->inner);
  return G_SOURCE_REMOVE;
}

static void
outer_cancelled_cb (GCancellable *outer,
                    GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

/* One line of the privileged side's output (without the newline). NULL at its end (no error),
 * or with G_IO_ERROR_CANCELLED / AVS_RUNNER_ERROR_TIMED_OUT (@deadline, monotonic). */
static char *
read_line (AvsPrivilegedSession  *self,
           gint64                 deadline,
           GCancellable          *cancellable,
           gsize                 *out_length,
           GError               **error)
{
  g_autoptr(GCancellable) inner = g_cancellable_new ();
  LineWait wait = { 0 };
  TimerData timer = { &wait, inner };
  gint64 left = deadline - g_get_monotonic_time ();
  GSource *source;
  gulong handler = 0;

  g_main_context_push_thread_default (self->context);
  g_data_input_stream_read_line_async (self->output, G_PRIORITY_DEFAULT, inner, line_ready_cb,
                                       &wait);
  source = g_timeout_source_new (left > 0 ? (guint) MIN (left / 1000 + 1, G_MAXUINT) : 0);
  g_source_set_callback (source, deadline_cb, &timer, NULL);
  g_source_attach (source, self->context);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb), inner, NULL);
  while (!wait.done)
    g_main_context_iteration (self->context, TRUE);
  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);
  g_source_destroy (source);
  g_source_unref (source);
  g_main_context_pop_thread_default (self->context);

  *out_length = wait.length;
  if (wait.line != NULL)
    {
      g_clear_error (&wait.error);
      return wait.line;
    }
  if (wait.error == NULL)
    return NULL;
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (&wait.error);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The operation was cancelled."));
    }
  else if (wait.timed_out)
    {
      g_clear_error (&wait.error);
      g_set_error_literal (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_TIMED_OUT, "timed out");
    }
  else
    g_propagate_error (error, wait.error);
  return NULL;
}

static void
wait_cb (GObject      *object,
         GAsyncResult *res,
         gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), res, NULL);
  *done = TRUE;
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  GCancellable *cancellable = user_data;

  g_cancellable_cancel (cancellable);
  return G_SOURCE_REMOVE;
}

/* Waits up to @timeout_ms for the privileged side to exit; whether it did. */
static gboolean
wait_for_exit (AvsPrivilegedSession *self,
               guint                 timeout_ms)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gboolean done = FALSE;
  GSource *source;

  g_main_context_push_thread_default (self->context);
  g_subprocess_wait_async (self->process, cancellable, wait_cb, &done);
  source = g_timeout_source_new (timeout_ms);
  g_source_set_callback (source, wait_timeout_cb, cancellable, NULL);
  g_source_attach (source, self->context);
  while (!done)
    g_main_context_iteration (self->context, TRUE);
  g_source_destroy (source);
  g_source_unref (source);
  g_main_context_pop_thread_default (self->context);
  /* GSubprocess forgets the process id once it has been reaped. */
  return g_subprocess_get_identifier (self->process) == NULL;
}

/* Ends the session: with its stdin closed the privileged side stops a running command and exits
 * (it cannot be signalled: it runs as root). */
static void
end_session (AvsPrivilegedSession *self)
{
  self->alive = FALSE;
  g_output_stream_close (self->input, NULL, NULL);
}

/* Opening ----------------------------------------------------------------------------------- */

char **
avs_runner_build_session_argv (AvsRunner  *self,
                               GError    **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *helper = NULL;
  g_autofree char *script = NULL;
  g_autoptr(GBytes) script_bytes = NULL;

  g_return_val_if_fail (AVS_IS_RUNNER (self), NULL);

  script_bytes = g_resources_lookup_data (SCRIPT_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (script_bytes == NULL)
    return NULL;
  script = g_strndup (g_bytes_get_data (script_bytes, NULL), g_bytes_get_size (script_bytes));
  helper = _avs_runner_dup_privilege_helper (self);

  if (avs_runner_get_in_flatpak (self))
    {
      /* The sandbox's files cannot be run on the host: the script goes as an argument to the
       * host's own sh. --watch-bus ends it on the host when this process goes away. */
      g_strv_builder_add (builder, "flatpak-spawn");
      g_strv_builder_add (builder, "--host");
      g_strv_builder_add (builder, "--watch-bus");
      g_strv_builder_add (builder, helper != NULL ? helper : HOST_PKEXEC);
      g_strv_builder_add (builder, HOST_SH);
      g_strv_builder_add (builder, "-c");
      g_strv_builder_add (builder, script);
      g_strv_builder_add (builder, "avswitch-privileged");
      return g_strv_builder_end (builder);
    }

  {
    g_autofree char *pkexec = avs_runner_find_system_program (helper != NULL ? helper : "pkexec");

    /* A stand-in given by its absolute path must be there too. */
    if (pkexec != NULL && !(g_file_test (pkexec, G_FILE_TEST_IS_REGULAR) &&
                            access (pkexec, X_OK) == 0))
      g_clear_pointer (&pkexec, g_free);
    if (pkexec == NULL)
      {
        g_set_error (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_NOT_FOUND,
                     /* Translators: keep "pkexec" and the folder list */
                     _("“pkexec” was not found in /usr/sbin, /usr/bin, /sbin or /bin, so AV Switch "
                       "cannot ask for administrator rights, and nothing was run."));
        return NULL;
      }
    g_strv_builder_add (builder, pkexec);
  }
  /* Installed, the dialog names the project's own polkit action (its exec.path); running from
   * the build tree, the same script goes to sh. */
  if (g_file_test (INSTALLED_HELPER, G_FILE_TEST_IS_REGULAR) &&
      access (INSTALLED_HELPER, X_OK) == 0)
    g_strv_builder_add (builder, INSTALLED_HELPER);
  else
    {
      g_strv_builder_add (builder, HOST_SH);
      g_strv_builder_add (builder, "-c");
      g_strv_builder_add (builder, script);
      g_strv_builder_add (builder, "avswitch-privileged");
    }
  return g_strv_builder_end (builder);
}

static void
session_free (AvsPrivilegedSession *self)
{
  g_clear_object (&self->input);
  g_clear_object (&self->output);
  g_clear_object (&self->process);
  g_clear_object (&self->runner);
  g_main_context_unref (self->context);
  sodium_memzero (self->token, sizeof self->token);
  g_free (self);
}

/* Starts the privileged side from @argv, with its input and output pipes. */
static AvsPrivilegedSession *
spawn_session (AvsRunner           *self,
               const char * const  *argv,
               GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  AvsPrivilegedSession *session;

  /* The privileged side ends when it reads the end of its input; writing to it after it ended
   * must be an error here, not a SIGPIPE that kills the window. */
  {
    struct sigaction current;

    if (sigaction (SIGPIPE, NULL, &current) == 0 && current.sa_handler == SIG_DFL)
      signal (SIGPIPE, SIG_IGN);
  }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  session = g_new0 (AvsPrivilegedSession, 1);
  session->runner = g_object_ref (self);
  session->context = g_main_context_new ();
  session->process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (session->process == NULL)
    {
      session_free (session);
      return NULL;
    }
  session->input = g_object_ref (g_subprocess_get_stdin_pipe (session->process));
  session->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (session->process));
  g_data_input_stream_set_newline_type (session->output, G_DATA_STREAM_NEWLINE_TYPE_LF);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (session->output), TRUE);
  return session;
}

/* Makes the session's random token and sends it: it waits in the pipe while pkexec asks for
 * the password, and only this process and the privileged side ever know it. */
static void
send_token (AvsPrivilegedSession *session)
{
  g_autofree char *first = NULL;
  guchar random[TOKEN_BYTES];

  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");
  randombytes_buf (random, sizeof random);
  for (guint i = 0; i < TOKEN_BYTES; i++)
    g_snprintf (session->token + 2 * i, 3, "%02x", random[i]);
  sodium_memzero (random, sizeof random);

  first = g_strdup_printf ("T%s\n", session->token);
  g_output_stream_write_all (session->input, first, strlen (first), NULL, NULL, NULL);
  sodium_memzero (first, strlen (first));
}

/* Reads until the privileged side says it is ready (TRUE), or ends first (FALSE, with what it
 * said before — pkexec's own messages — in @said, and @error set only for a time-out or a
 * cancellation). */
static gboolean
wait_until_ready (AvsPrivilegedSession  *session,
                  guint                  timeout_ms,
                  GCancellable          *cancellable,
                  GString               *said,
                  GError               **error)
{
  g_autofree char *ready = g_strdup_printf ("%s ready", session->token);
  gint64 deadline = g_get_monotonic_time ()
                    + (gint64) (timeout_ms > 0 ? timeout_ms : AVS_RUNNER_DEFAULT_TIMEOUT_MS) * 1000;

  for (;;)
    {
      gsize length = 0;
      g_autofree char *line = read_line (session, deadline, cancellable, &length, error);

      if (line == NULL)
        return FALSE;
      if (g_str_equal (line, ready))
        return TRUE;
      if (said->len < MAX_START_OUTPUT)
        g_string_append_printf (said, "%s%s", said->len > 0 ? " " : "", line);
    }
}

/* Inside Flatpak, after the privileged side ended before it was ready without pkexec's own
 * answer (flatpak-spawn says 1 both when it may not reach the host and when the host has no such
 * program): asks the host which it was. */
static AvsPrivilegeOutcome
probe_host (AvsRunner *runner)
{
  g_autofree char *helper = _avs_runner_dup_privilege_helper (runner);
  const char *test_pkexec[] = { "/usr/bin/test", "-x", helper != NULL ? helper : HOST_PKEXEC,
                                NULL };
  const char *true_argv[] = { "/bin/true", NULL };
  g_autoptr(AvsRunResult) found = NULL;
  g_autoptr(AvsRunResult) reached = NULL;

  found = avs_runner_run_sync (runner, test_pkexec, AVS_RUN_QUERY, NULL, 10000, NULL, NULL);
  if (found != NULL && avs_run_result_succeeded (found))
    return AVS_PRIVILEGE_FAILED;
  reached = avs_runner_run_sync (runner, true_argv, AVS_RUN_QUERY, NULL, 10000, NULL, NULL);
  if (reached != NULL && avs_run_result_succeeded (reached))
    return AVS_PRIVILEGE_MISSING_PKEXEC;
  return AVS_PRIVILEGE_NO_HOST_ACCESS;
}

/* The session ended before it was ready, so nothing ran: says why (pkexec's answer). Frees
 * @session. */
static void
fail_before_ready (AvsPrivilegedSession  *session,
                   GError                *local_error,
                   GString               *said,
                   AvsPrivilegeOutcome   *out_outcome,
                   GError               **error)
{
  g_autoptr(AvsRunner) runner = g_object_ref (session->runner);
  int status;

  end_session (session);
  if (local_error != NULL)
    {
      wait_for_exit (session, 0);
      session_free (session);
      if (g_error_matches (local_error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_TIMED_OUT))
        g_set_error_literal (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_TIMED_OUT,
                             _("Nobody answered the administrator password dialog in time, so "
                               "nothing was run."));
      else
        g_propagate_error (error, g_error_copy (local_error));
      return;
    }
  wait_for_exit (session, CLOSE_WAIT_MS);
  status = g_subprocess_get_if_exited (session->process)
           ? g_subprocess_get_exit_status (session->process) : -1;
  session_free (session);

  /* pkexec's own answers; anything else inside Flatpak, the host is asked what it was. */
  if (status == 126)
    *out_outcome = AVS_PRIVILEGE_DISMISSED;
  else if (status == 127)
    *out_outcome = AVS_PRIVILEGE_NOT_AUTHORIZED;
  else if (avs_runner_get_in_flatpak (runner))
    *out_outcome = probe_host (runner);
  else
    *out_outcome = AVS_PRIVILEGE_FAILED;

  switch (*out_outcome)
    {
    case AVS_PRIVILEGE_DISMISSED:
      g_set_error_literal (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_FAILED,
                           _("The administrator password dialog was dismissed, so nothing was "
                             "run."));
      break;
    case AVS_PRIVILEGE_NOT_AUTHORIZED:
      g_set_error_literal (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_FAILED,
                           _("Administrator rights were refused, so nothing was run."));
      break;
    case AVS_PRIVILEGE_MISSING_PKEXEC:
      g_set_error_literal (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_NOT_FOUND,
                           /* Translators: keep "/usr/bin/pkexec" */
                           _("This computer has no /usr/bin/pkexec, so AV Switch cannot ask for "
                             "administrator rights from its Flatpak, and nothing was run."));
      break;
    case AVS_PRIVILEGE_NO_HOST_ACCESS:
      g_set_error_literal (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_FAILED,
                           _("AV Switch may not run programs outside its Flatpak (its permission "
                             "to talk to org.freedesktop.Flatpak is off), so nothing was run."));
      break;
    case AVS_PRIVILEGE_OK:
    case AVS_PRIVILEGE_FAILED:
    default:
      {
        g_autofree char *valid = g_utf8_make_valid (said->str, -1);

        *out_outcome = AVS_PRIVILEGE_FAILED;
        g_set_error (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_FAILED,
                     /* Translators: %s is what pkexec said (may be empty) */
                     _("The administrator session could not start, so nothing was run. %s"),
                     valid);
      }
      break;
    }
}

AvsPrivilegedSession *
avs_runner_open_privileged_session (AvsRunner            *self,
                                    guint                 timeout_ms,
                                    GCancellable         *cancellable,
                                    AvsPrivilegeOutcome  *out_outcome,
                                    GError              **error)
{
  g_autoptr(GString) said = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) argv = NULL;
  AvsPrivilegedSession *session;
  AvsPrivilegeOutcome unused;

  g_return_val_if_fail (AVS_IS_RUNNER (self), NULL);
  if (out_outcome == NULL)
    out_outcome = &unused;
  *out_outcome = AVS_PRIVILEGE_FAILED;

  argv = avs_runner_build_session_argv (self, &local_error);
  if (argv == NULL)
    {
      if (g_error_matches (local_error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_NOT_FOUND))
        *out_outcome = AVS_PRIVILEGE_MISSING_PKEXEC;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  session = spawn_session (self, (const char * const *) argv, &local_error);
  if (session == NULL)
    {
      /* flatpak-spawn itself is part of every Flatpak runtime; natively pkexec was found. */
      g_set_error (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_FAILED,
                   /* Translators: %s is the system's reason */
                   _("The administrator session could not start, so nothing was run. %s"),
                   local_error->message);
      return NULL;
    }
  send_token (session);
  if (wait_until_ready (session, timeout_ms, cancellable, said, &local_error))
    {
      session->alive = TRUE;
      *out_outcome = AVS_PRIVILEGE_OK;
      return session;
    }
  /* It ended (or we gave up) before it was ready: nothing ran. */
  fail_before_ready (session, local_error, said, out_outcome, error);
  return NULL;
}

gboolean
avs_privileged_session_is_alive (AvsPrivilegedSession *session)
{
  g_return_val_if_fail (session != NULL, FALSE);
  return session->alive;
}

void
avs_privileged_session_close (AvsPrivilegedSession *session)
{
  if (session == NULL)
    return;
  end_session (session);
  wait_for_exit (session, CLOSE_WAIT_MS);
  session_free (session);
}

/* Running a command ------------------------------------------------------------------------- */

char **
avs_runner_build_session_command (AvsRunner          *self,
                                  const char * const *argv,
                                  GError            **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (AVS_IS_RUNNER (self), NULL);
  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  /* As for a single command: the program from the system's folders (on the host, the privileged
   * side's env -i looks it up in the same folders). */
  if (avs_runner_get_in_flatpak (self))
    g_strv_builder_add (builder, argv[0]);
  else
    {
      g_autofree char *program = avs_runner_find_system_program (argv[0]);

      if (program == NULL)
        {
          g_set_error (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_NOT_FOUND,
                       _("“%s” was not found in /usr/sbin, /usr/bin, /sbin or /bin, the "
                         "only folders AV Switch runs administrator commands from."),
                       argv[0]);
          return NULL;
        }
      g_strv_builder_add (builder, program);
    }
  g_strv_builder_addv (builder, (const char **) argv + 1);
  return g_strv_builder_end (builder);
}

/* Each argument as a line of \0ooo escapes (the protocol in data/avswitch-privileged.sh). */
static GString *
encode_argv (const char * const *argv)
{
  GString *payload = g_string_new (NULL);

  for (guint i = 0; argv[i] != NULL; i++)
    {
      g_string_append_c (payload, 'A');
      for (const guchar *p = (const guchar *) argv[i]; *p != '\0'; p++)
        g_string_append_printf (payload, "\\0%03o", *p);
      g_string_append_c (payload, '\n');
    }
  g_string_append (payload, "R\n");
  return payload;
}

/* Whether @line ends with the status line; then its start (the command's last, unterminated
 * output) ends at *@out_prefix and the status is in *@out_status. */
static gboolean
parse_status (AvsPrivilegedSession *self,
              const char           *line,
              gsize                 length,
              gsize                *out_prefix,
              int                  *out_status)
{
  g_autofree char *marker = g_strdup_printf ("%s status ", self->token);
  const char *found = g_strrstr (line, marker);
  const char *digits;
  guint64 status = 0;

  if (found == NULL)
    return FALSE;
  digits = found + strlen (marker);
  if (*digits == '\0' || strlen (digits) > 3 || (gsize) (digits - line) + strlen (digits) != length)
    return FALSE;
  for (const char *p = digits; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  if (!g_ascii_string_to_unsigned (digits, 10, 0, 255, &status, NULL))
    return FALSE;
  *out_prefix = (gsize) (found - line);
  *out_status = (int) status;
  return TRUE;
}

static void
add_output (GByteArray        *buffer,
            const char        *line,
            gsize              length,
            AvsRunnerLineFunc  line_func,
            gpointer           line_data)
{
  if (buffer->len + length + 1 <= AVS_RUNNER_MAX_OUTPUT)
    {
      g_byte_array_append (buffer, (const guint8 *) line, length);
      g_byte_array_append (buffer, (const guint8 *) "\n", 1);
    }
  if (line_func != NULL)
    line_func (line, FALSE, line_data);
}

AvsRunResult *
avs_privileged_session_run_sync_lines (AvsPrivilegedSession *session,
                                       const char * const   *argv,
                                       AvsRunFlags           flags,
                                       guint                 timeout_ms,
                                       AvsRunnerLineFunc     line_func,
                                       gpointer              line_data,
                                       GCancellable         *cancellable,
                                       GError              **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(AvsRunResult) result = NULL;
  g_autoptr(GString) payload = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  g_auto(GStrv) sent = NULL;
  gint64 started = g_get_monotonic_time ();
  gint64 deadline;

  g_return_val_if_fail (session != NULL, NULL);
  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);
  g_return_val_if_fail ((flags & AVS_RUN_ADMIN) != 0, NULL);

  display = argv_display (argv);
  if (!session->alive)
    {
      g_set_error (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_FAILED,
                   /* Translators: %s is a command line */
                   _("Could not run “%s”: the administrator session has ended."), display);
      return NULL;
    }

  sent = avs_runner_build_session_command (session->runner, argv, error);
  if (sent == NULL)
    return NULL;
  result = _avs_run_result_new (g_strdupv (sent), g_strdupv ((char **) argv));

  payload = encode_argv ((const char * const *) sent);
  if (!g_output_stream_write_all (session->input, payload->str, payload->len, NULL, cancellable,
                                  &local_error))
    {
      end_session (session);
      _avs_runner_log_result (session->runner, result);
      g_set_error (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_FAILED,
                   _("Could not run “%s”: %s"), display, local_error->message);
      return NULL;
    }

  deadline = started + (gint64) (timeout_ms > 0 ? timeout_ms : AVS_RUNNER_DEFAULT_TIMEOUT_MS) * 1000;
  for (;;)
    {
      gsize length = 0;
      gsize prefix = 0;
      int status = 0;
      g_autofree char *line = read_line (session, deadline, cancellable, &length, &local_error);

      if (line == NULL)
        break;
      if (parse_status (session, line, length, &prefix, &status))
        {
          if (prefix > 0)
            {
              line[prefix] = '\0';
              add_output (buffer, line, prefix, line_func, line_data);
            }
          result->exited = TRUE;
          result->exit_status = status;
          result->duration_us = g_get_monotonic_time () - started;
          g_bytes_unref (result->stdout_data);
          result->stdout_data = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
          _avs_runner_log_result (session->runner, result);
          return g_steal_pointer (&result);
        }
      add_output (buffer, line, length, line_func, line_data);
    }

  /* No status: the session ended, timed out or was cancelled; the command is stopped. */
  end_session (session);
  result->duration_us = g_get_monotonic_time () - started;
  g_bytes_unref (result->stdout_data);
  result->stdout_data = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
  _avs_runner_log_result (session->runner, result);
  if (local_error == NULL)
    g_set_error (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_FAILED,
                 /* Translators: %s is a command line */
                 _("The administrator session ended while “%s” ran."), display);
  else if (g_error_matches (local_error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_TIMED_OUT))
    {
      guint seconds = MAX (1, (timeout_ms > 0 ? timeout_ms : AVS_RUNNER_DEFAULT_TIMEOUT_MS) / 1000);

      g_set_error (error, AVS_RUNNER_ERROR, AVS_RUNNER_ERROR_TIMED_OUT,
                   ngettext ("“%s” did not finish within %u second and was stopped.",
                             "“%s” did not finish within %u seconds and was stopped.", seconds),
                   display, seconds);
    }
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}
