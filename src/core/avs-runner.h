/* avs-runner.h — runs commands (argv arrays, never shell strings) with a timeout
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every program AV Switch starts goes through an AvsRunner, which knows where it runs:
 *
 * - native: the argv is run as it is;
 * - inside Flatpak (detected from /.flatpak-info, or forced with avs_runner_set_in_flatpak()):
 *   the argv is run on the host through `flatpak-spawn --host`, environment passed with --env=.
 *   flatpak-builder's build sandbox, where the test suite runs, also has /.flatpak-info, marked
 *   "[Instance] build=true": there the runner is native, as on the build machine;
 * - privileged (AVS_RUN_ADMIN): `pkexec` is put in front, unless the process already runs as
 *   root (an SSH help-desk session), in which case the argv is run directly with a minimal
 *   environment (the fixed PATH below and the locale). Either way the program (and pkexec, and
 *   env) is an absolute path found in AVS_RUNNER_SYSTEM_PATH, never in the caller's PATH: a
 *   program that is not there is an AVS_RUNNER_ERROR_NOT_FOUND error. Inside Flatpak the host
 *   looks it up in the same folders (`/usr/bin/env -i PATH=…`), and "already root" means the
 *   host's user that runs the commands, asked once (`flatpak-spawn --host … id -u`), not the
 *   sandbox's uid: as root on the host the command runs there directly, without pkexec;
 * - dry-run (avs_runner_set_dry_run()): commands that change the machine are only recorded
 *   and "succeed" with empty output; read-only queries (AVS_RUN_QUERY) still run.
 *
 * Every command, run or recorded, is appended to the runner's log (avs_runner_get_log()) with
 * its final argv, status and output, for the session report.
 *
 * A command that exits with a non-zero status is NOT an error: the result carries the status
 * and the caller decides. Errors are: could not start (AVS_RUNNER_ERROR_NOT_FOUND /
 * _FAILED), timed out (AVS_RUNNER_ERROR_TIMED_OUT: SIGTERM, then SIGKILL 2 s later), cancelled
 * (G_IO_ERROR_CANCELLED, with the same kill). Output is captured in memory; a stream larger
 * than AVS_RUNNER_MAX_OUTPUT (checked when the command has ended) is an
 * AVS_RUNNER_ERROR_OUTPUT_TOO_LARGE error. Stdin is @stdin_data, or empty and closed: a command
 * never waits for the terminal (so pkexec needs a graphical polkit agent, or root).
 *
 * The runner is thread-safe: the async call attaches its timers to the thread-default main
 * context of the calling thread, and avs_runner_run_sync() runs its own context, so a worker
 * thread (the scanner) may call it.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define AVS_RUNNER_ERROR (avs_runner_error_quark ())

typedef enum
{
  AVS_RUNNER_ERROR_NOT_FOUND,         /* the program does not exist (here or on the host) */
  AVS_RUNNER_ERROR_FAILED,            /* could not be started for another reason */
  AVS_RUNNER_ERROR_TIMED_OUT,
  AVS_RUNNER_ERROR_OUTPUT_TOO_LARGE,
} AvsRunnerError;

GQuark avs_runner_error_quark (void);

typedef enum
{
  AVS_RUN_NONE       = 0,
  AVS_RUN_ADMIN      = 1 << 0,  /* with administrator rights: pkexec, or direct when root */
  AVS_RUN_QUERY      = 1 << 1,  /* read-only: runs even in dry-run mode */
  AVS_RUN_C_LOCALE   = 1 << 2,  /* LC_ALL=C, for output that is parsed */
} AvsRunFlags;

#define AVS_RUNNER_DEFAULT_TIMEOUT_MS (60 * 1000)
/* The only folders the programs of administrator commands come from. */
#define AVS_RUNNER_SYSTEM_PATH "/usr/sbin:/usr/bin:/sbin:/bin"
#define AVS_RUNNER_MAX_OUTPUT         (64 * 1024 * 1024)

/* What a command did. Reference-counted, immutable once returned. */
typedef struct
{
  char    **argv;          /* the argv actually run (with flatpak-spawn / pkexec / env in front) */
  char    **request;       /* the argv the caller asked for */
  gboolean  dry_run;       /* only recorded, not run */
  gboolean  exited;        /* exited normally (else killed by a signal) */
  int       exit_status;   /* when exited */
  int       term_signal;   /* when not exited */
  GBytes   *stdout_data;   /* never NULL */
  GBytes   *stderr_data;   /* never NULL */
  gint64    duration_us;
  gboolean  privileged;    /* the privilege helper (pkexec) was put in front */
} AvsRunResult;

AvsRunResult *avs_run_result_ref            (AvsRunResult *result);
void          avs_run_result_unref          (AvsRunResult *result);
/* exited with status 0 (or dry-run) */
gboolean      avs_run_result_succeeded      (AvsRunResult *result);
/* stdout as text, NUL-terminated (newly allocated; invalid UTF-8 kept as is). */
char         *avs_run_result_dup_stdout     (AvsRunResult *result);
char         *avs_run_result_dup_stderr     (AvsRunResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AvsRunResult, avs_run_result_unref)

#define AVS_TYPE_RUNNER (avs_runner_get_type ())
G_DECLARE_FINAL_TYPE (AvsRunner, avs_runner, AVS, RUNNER, GObject)

/* Detects Flatpak and whether this process is root. */
AvsRunner    *avs_runner_new              (void);

gboolean      avs_runner_get_in_flatpak   (AvsRunner            *self);
/* Forcing Flatpak on also makes the host decide avs_runner_get_is_root() (unless it was set). */
void          avs_runner_set_in_flatpak   (AvsRunner            *self,
                                           gboolean              in_flatpak);
/* Whether administrator commands run without pkexec: this process is root; inside Flatpak the
 * host's user that `flatpak-spawn --host` runs commands as is root (asked of the host the first
 * time, which blocks briefly; not root when the host cannot be asked). */
gboolean      avs_runner_get_is_root      (AvsRunner            *self);
/* For tests: pretend to be (or not to be) root; it stays so whatever avs_runner_set_in_flatpak()
 * says later. */
void          avs_runner_set_is_root      (AvsRunner            *self,
                                           gboolean              is_root);
gboolean      avs_runner_get_dry_run      (AvsRunner            *self);
void          avs_runner_set_dry_run      (AvsRunner            *self,
                                           gboolean              dry_run);
/* Privilege helper put in front of AVS_RUN_ADMIN commands when not root; default "pkexec" from
 * AVS_RUNNER_SYSTEM_PATH. An API call, never an environment variable, so that tests can put a
 * stand-in there (an absolute path) and nothing a user's environment says can. */
void          avs_runner_set_privilege_helper (AvsRunner        *self,
                                           const char           *helper);

/* The argv that would be run for @argv and @flags (prefixes added). */
char        **avs_runner_build_argv       (AvsRunner            *self,
                                           const char * const   *argv,
                                           AvsRunFlags           flags);

/* @program as an absolute path from AVS_RUNNER_SYSTEM_PATH (an absolute @program as it is), or
 * NULL when it is not there. */
char         *avs_runner_find_system_program (const char        *program);

/* Whether @program can be started (looked up in PATH natively; on the host through
 * `flatpak-spawn --host which` inside Flatpak). Absolute paths are tested as they are. */
gboolean      avs_runner_find_program     (AvsRunner            *self,
                                           const char           *program);

/* Runs @argv. @timeout_ms 0 means AVS_RUNNER_DEFAULT_TIMEOUT_MS. @stdin_data may be NULL. */
void          avs_runner_run_async        (AvsRunner            *self,
                                           const char * const   *argv,
                                           AvsRunFlags           flags,
                                           GBytes               *stdin_data,
                                           guint                 timeout_ms,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
AvsRunResult *avs_runner_run_finish       (AvsRunner            *self,
                                           GAsyncResult         *result,
                                           GError              **error);
/* The same, blocking the calling thread (never call it on the UI thread). */
AvsRunResult *avs_runner_run_sync         (AvsRunner            *self,
                                           const char * const   *argv,
                                           AvsRunFlags           flags,
                                           GBytes               *stdin_data,
                                           guint                 timeout_ms,
                                           GCancellable         *cancellable,
                                           GError              **error);

/* Called for each line a command prints while it runs (without the newline), in the thread
 * that runs it; @is_stderr tells the stream. */
typedef void (*AvsRunnerLineFunc) (const char *line,
                                   gboolean    is_stderr,
                                   gpointer    user_data);

/* Like avs_runner_run_sync(), with an empty stdin, but reports every output line as soon as it
 * is printed (for the executor's live output). The result still holds the whole output. */
AvsRunResult *avs_runner_run_sync_lines   (AvsRunner            *self,
                                           const char * const   *argv,
                                           AvsRunFlags           flags,
                                           guint                 timeout_ms,
                                           AvsRunnerLineFunc     line_func,
                                           gpointer              line_data,
                                           GCancellable         *cancellable,
                                           GError              **error);

/* What became of an AVS_RUN_ADMIN command's request for administrator rights. pkexec's own
 * exit statuses are read here and nowhere else: 126 when the user dismissed the password
 * dialog, 127 when rights were refused (not authorized, or the authentication failed). */
typedef enum
{
  AVS_PRIVILEGE_OK,               /* the command itself ran (as root already, or through pkexec);
                                   * its exit status is its own */
  AVS_PRIVILEGE_DISMISSED,        /* the password dialog was dismissed */
  AVS_PRIVILEGE_NOT_AUTHORIZED,   /* administrator rights were refused */
  AVS_PRIVILEGE_MISSING_PKEXEC,   /* there is no pkexec in the system's folders (inside Flatpak:
                                   * the host has no /usr/bin/pkexec) */
  AVS_PRIVILEGE_FAILED,           /* it could not start, timed out, or was killed */
  AVS_PRIVILEGE_NO_HOST_ACCESS,   /* inside Flatpak: `flatpak-spawn --host` runs nothing (the
                                   * org.freedesktop.Flatpak permission is off) */
} AvsPrivilegeOutcome;

/* Classifies a command run with AVS_RUN_ADMIN: @result as avs_runner_run_finish() (or _sync)
 * returned it, or NULL with the @error it returned instead. */
AvsPrivilegeOutcome avs_runner_classify_privileged_result (AvsRunner     *self,
                                                           AvsRunResult  *result,
                                                           const GError  *error);

/* Every command run or recorded so far, oldest first (element type AvsRunResult). A new
 * reference to a snapshot, safe to read while other threads keep running commands. */
GPtrArray    *avs_runner_get_log          (AvsRunner            *self);

/* One privileged session for a whole run (docs/architecture.md, "The privileged path"): the
 * privileged side (data/avswitch-privileged.sh; `pkexec LIBEXECDIR/avswitch-privileged` when
 * installed, else `pkexec /bin/sh -c SCRIPT`; `flatpak-spawn --host --watch-bus pkexec /bin/sh
 * -c SCRIPT` inside Flatpak) is started once, asks for the password once, and then runs the argv
 * arrays sent to it over its stdin, one at a time, each with a clean environment and the fixed
 * PATH. It ends when the session is closed or this process dies (its stdin then closes). Not for
 * root (run the commands directly) nor dry runs. */
typedef struct _AvsPrivilegedSession AvsPrivilegedSession;

/* The argv that starts the privileged side (the one place it is built; tests assert it):
 * - installed: `/usr/bin/pkexec LIBEXECDIR/avswitch-privileged` (the polkit action's exec.path);
 * - not installed (a build tree): `/usr/bin/pkexec /bin/sh -c SCRIPT avswitch-privileged`;
 * - inside Flatpak: `flatpak-spawn --host --watch-bus /usr/bin/pkexec /bin/sh -c SCRIPT
 *   avswitch-privileged` (the host cannot run the sandbox's files; --watch-bus ends it on the host
 *   when this process goes).
 * SCRIPT is the fixed text of data/avswitch-privileged.sh from this program's resources: nothing
 * of the machine, the plan or the user is ever joined into it, and no command is in this argv
 * (they go over the pipe). pkexec is the stand-in set with avs_runner_set_privilege_helper() if
 * any. NULL with AVS_RUNNER_ERROR_NOT_FOUND when pkexec is not in the system's folders (natively;
 * inside Flatpak the host's is only known by trying). */
char        **avs_runner_build_session_argv  (AvsRunner           *self,
                                              GError             **error);
/* The argv the privileged side runs for @argv (what avs_privileged_session_run_sync_lines()
 * sends, and what a confirmation shows): natively the program as an absolute path from
 * AVS_RUNNER_SYSTEM_PATH (NULL with AVS_RUNNER_ERROR_NOT_FOUND when it is not there), inside
 * Flatpak as it is (the host looks it up in the same folders). No pkexec in front: the session
 * asks for the password once, for all its commands. */
char        **avs_runner_build_session_command (AvsRunner          *self,
                                                const char * const *argv,
                                                GError            **error);

/* Starts the privileged side and waits (up to @timeout_ms, 0: the default) until it has
 * authenticated; no command runs before. NULL with @error and @out_outcome set to
 * AVS_PRIVILEGE_DISMISSED (pkexec's 126), _NOT_AUTHORIZED (127), _MISSING_PKEXEC (natively: not
 * in the system's folders; inside Flatpak: the host has none), _NO_HOST_ACCESS (inside Flatpak:
 * the host cannot be reached) or _FAILED when it did not. */
AvsPrivilegedSession *avs_runner_open_privileged_session (AvsRunner           *self,
                                                         guint                timeout_ms,
                                                         GCancellable        *cancellable,
                                                         AvsPrivilegeOutcome *out_outcome,
                                                         GError             **error);
/* Runs @argv as root in @session, like avs_runner_run_sync_lines() (the output lines, stdout and
 * stderr merged, reported as they come; the result logged in the runner's log). A timeout or a
 * cancellation ends the session (its command is stopped): open a new one. A command killed by a
 * signal reports 128 + the signal as its exit status. */
AvsRunResult *avs_privileged_session_run_sync_lines (AvsPrivilegedSession *session,
                                                     const char * const   *argv,
                                                     AvsRunFlags           flags,
                                                     guint                 timeout_ms,
                                                     AvsRunnerLineFunc     line_func,
                                                     gpointer              line_data,
                                                     GCancellable         *cancellable,
                                                     GError              **error);
/* Whether the privileged side still runs (FALSE after a timeout, a cancellation, or its end). */
gboolean      avs_privileged_session_is_alive       (AvsPrivilegedSession *session);
/* Closes the pipe (the privileged side exits), waits for it briefly and frees @session. */
void          avs_privileged_session_close          (AvsPrivilegedSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AvsPrivilegedSession, avs_privileged_session_close)

G_END_DECLS
