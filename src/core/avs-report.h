/* avs-report.h — the session report: one versioned document of a help session, and its renderings
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A help-desk technician leaves a record of a session in a ticket: what the machine had, what
 * the reader was told, what was chosen, what ran and what the final scan found. AvsReport holds
 * that record; "avswitch-report/1" (docs/report.md) is its JSON form, and Markdown and one
 * self-contained HTML file are renderings of it, in any language (avs-language.h).
 *
 * - Filling: the window (from its AvsSession) and the CLI (`avswitch scan|plan|apply|verify
 *   --report FILE`) add what they have; a saved report is loaded, updated and saved again.
 * - Saving: always atomic, readable by its owner only (0600). Host name, user names and home
 *   folders are redacted ("<host>", "<user>", "~") unless AVS_REPORT_KEEP_PERSONAL is passed;
 *   a report saved redacted stays redacted.
 * - Loading: a saved report is hostile input. It goes through the strict JSON reader (size and
 *   depth caps) and a strict schema; a malformed, truncated, oversized or newer-version report
 *   gives a translated AVS_REPORT_ERROR and no report: nothing half-loaded.
 * - Texts recorded in the session (step titles and explanations, what could not be checked,
 *   the statements of the explanation) stay in the language they were shown in; the headings,
 *   labels, statuses and dates of a rendering are in the language asked for.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "avs-catalog-store.h"
#include "avs-executor.h"
#include "avs-explanation.h"
#include "avs-plan.h"
#include "avs-scan-result.h"
#include "avs-session.h"

G_BEGIN_DECLS

#define AVS_REPORT_SCHEMA "avswitch-report/1"
/* The schema family: "avswitch-report/N" with N > 1 is a report of a later version. */
#define AVS_REPORT_SCHEMA_PREFIX "avswitch-report/"
/* The suffix the file manager and the file chooser know (MIME type application/x-avswitch-report). */
#define AVS_REPORT_SUFFIX ".avsreport"
/* A report larger than this is refused when loading; saving keeps under it (command output is
 * cut: 64 KiB a command, 2 MiB in all). */
#define AVS_REPORT_MAX_SIZE  (8 * 1024 * 1024)
#define AVS_REPORT_MAX_DEPTH 32

#define AVS_REPORT_ERROR (avs_report_error_quark ())

typedef enum
{
  AVS_REPORT_ERROR_INVALID,       /* not valid JSON, truncated, or a member is wrong */
  AVS_REPORT_ERROR_TOO_LARGE,     /* larger than AVS_REPORT_MAX_SIZE, or nested too deep */
  AVS_REPORT_ERROR_NOT_A_REPORT,  /* JSON, but not a session report (a scan, a plan…) */
  AVS_REPORT_ERROR_FUTURE,        /* a report of a later version of AV Switch */
  AVS_REPORT_ERROR_FAILED,        /* reading or writing the file failed */
} AvsReportError;

GQuark avs_report_error_quark (void);

typedef enum
{
  AVS_REPORT_FORMAT_JSON,
  AVS_REPORT_FORMAT_MARKDOWN,
  AVS_REPORT_FORMAT_HTML,
} AvsReportFormat;

/* "json", "md" (or "markdown"), "html". */
gboolean    avs_report_format_from_string (const char       *string,
                                           AvsReportFormat  *out_format);
const char *avs_report_format_to_string   (AvsReportFormat   format);

typedef enum
{
  AVS_REPORT_FLAGS_NONE          = 0,       /* redacted: the default */
  AVS_REPORT_KEEP_PERSONAL       = 1 << 0,  /* keep host name, user names and home folders */
} AvsReportFlags;

/* The host summary: every member may be NULL (unknown, or not recorded). */
typedef struct
{
  char *name;          /* host name, "<host>" when redacted */
  char *distribution;  /* os-release PRETTY_NAME (or ID) of the scanned root */
  char *kernel;        /* uname release of the running kernel (live scans only) */
  char *desktop;       /* XDG_CURRENT_DESKTOP of the session that made the report */
  char *root;          /* the scanned root, "/" for this computer */
} AvsReportHost;

/* The catalog in use; NULL members when unknown. */
typedef struct
{
  gint64     serial;     /* 0 when unknown */
  char      *source;     /* "bundled", "cache", "network" (avs_catalog_source_to_string()) */
  char      *url;        /* where it is refreshed from; may be NULL */
  GDateTime *generated;  /* when the catalog was made; its age is counted from this */
} AvsReportCatalog;

/* One statement of the explanation shown, as shown. */
typedef struct
{
  char   *section;   /* "summary", "for-you" or "machine" */
  char   *text;
  guint  *refs;      /* 1-based numbers into the report's sources */
  guint   n_refs;
} AvsReportStatement;

typedef struct
{
  char *title;
  char *url;         /* https only */
} AvsReportSource;

/* One command of a step, as planned and (when it ran) as it ended. */
typedef struct
{
  char    **argv;          /* as planned (without pkexec in front) */
  gboolean  needs_admin;
  gboolean  ran;           /* the runner ran (or, in a dry run, recorded) it */
  gboolean  dry_run;
  int       exit_status;   /* when ran; 128 + signal when killed */
  gint64    duration_ms;   /* when ran */
  char     *output;        /* stdout then stderr, valid UTF-8, cut; NULL when it did not run */
} AvsReportCommand;

/* One plan step and what became of it. */
typedef struct
{
  char          *id;            /* "remove-kesl", "verify"… */
  char          *type;          /* avs_step_type_to_string() */
  gboolean       manual;
  gboolean       blocking;
  char          *title;         /* as shown in the session */
  char          *explanation;   /* as shown in the session */
  AvsStepStatus  status;
  char          *message;       /* why it failed; NULL */
  GDateTime     *started_at;    /* first log line of the step; NULL when it never started */
  GDateTime     *finished_at;   /* last log line of the step; NULL */
  GPtrArray     *commands;      /* AvsReportCommand */
  GStrv          log;           /* the step's log lines ("2026-11-27T07:30:00Z Running: …") */
} AvsReportStep;

#define AVS_TYPE_REPORT (avs_report_get_type ())
G_DECLARE_FINAL_TYPE (AvsReport, avs_report, AVS, REPORT, GObject)

/* An empty report: this AV Switch version, created now. */
AvsReport     *avs_report_new                 (void);

/* ---------------------------------------------------------------------------------------------
 * Filling
 * ------------------------------------------------------------------------------------------- */

/* A scan of the session: the first one is kept as the first scan, every later one replaces the
 * last scan. Also fills the host summary (distribution, root; kernel and desktop for a live
 * scan; the host name) and reads the scanned root's /etc/hostname and /etc/passwd (through
 * AvsHost) to know whom redaction replaces. A report only loaded from a file never reads the
 * folder its root names. */
void           avs_report_add_scan            (AvsReport       *self,
                                               AvsScanResult   *scan);
/* The scan that proved the result (the verify step's or `avswitch verify`'s). Counts as the
 * last scan too, and fills the host summary as avs_report_add_scan() does. */
void           avs_report_set_verification    (AvsReport       *self,
                                               AvsScanResult   *scan);
/* The region and the explanation as shown (summary, for-you and machine statements, with
 * their numbered sources). */
void           avs_report_set_explanation     (AvsReport       *self,
                                               AvsExplanation  *explanation);
/* The catalog in use. */
void           avs_report_set_catalog         (AvsReport       *self,
                                               AvsCatalogStore *store);
/* The chosen replacement: a catalog product id and its name, and how it is installed
 * (avs_replacement_method_to_string(); may be NULL). All NULL: none chosen. @it_installs: the
 * user chose "my IT department installs it". */
void           avs_report_set_replacement     (AvsReport       *self,
                                               const char      *product_id,
                                               const char      *name,
                                               const char      *method,
                                               gboolean         it_installs);
/* The plan's steps, all pending (`avswitch plan`). */
void           avs_report_set_plan            (AvsReport       *self,
                                               AvsPlan         *plan);
/* The plan's steps as the executor left them: status, times, commands with their exit status,
 * duration and output, the log; whether a managed machine was continued past the warning; the
 * verify step's scan as the verification once it ran. Replaces the steps set before. */
void           avs_report_set_executor        (AvsReport       *self,
                                               AvsExecutor     *executor);
/* Everything the window's session holds: its scans, its replacement, its executor. */
void           avs_report_update_from_session (AvsReport       *self,
                                               AvsSession      *session);
/* Whether a managed machine was continued past the warning (set by avs_report_set_executor()
 * from the blocking step's status; the window may set it too). */
void           avs_report_set_managed_continued (AvsReport     *self,
                                                 gboolean       continued);

/* ---------------------------------------------------------------------------------------------
 * Saving and loading
 * ------------------------------------------------------------------------------------------- */

/* The "avswitch-report/1" document, redacted unless @flags has AVS_REPORT_KEEP_PERSONAL. */
JsonNode      *avs_report_to_json             (AvsReport       *self,
                                               AvsReportFlags   flags);
char          *avs_report_to_data             (AvsReport       *self,
                                               AvsReportFlags   flags,
                                               gsize           *length);
/* Writes the JSON document to @path, atomically, mode 0600. */
gboolean       avs_report_save                (AvsReport       *self,
                                               const char      *path,
                                               AvsReportFlags   flags,
                                               GError         **error);
/* Strict: AVS_REPORT_ERROR with a translated message that names @source (a file name). */
AvsReport     *avs_report_new_from_data       (const char      *data,
                                               gsize            length,
                                               const char      *source,
                                               GError         **error);
AvsReport     *avs_report_load_file           (const char      *path,
                                               GError         **error);

/* ---------------------------------------------------------------------------------------------
 * Rendering
 * ------------------------------------------------------------------------------------------- */

/* The report as JSON, Markdown or one self-contained HTML page (inline CSS, no script, no
 * resource but the sources' https links; every recorded string escaped), redacted unless
 * @flags keeps it personal. @language ("de", "pt_BR"; NULL: the current one) is the language
 * of the headings, labels and dates (avs-language.h). */
char          *avs_report_render              (AvsReport       *self,
                                               AvsReportFormat  format,
                                               AvsReportFlags   flags,
                                               const char      *language,
                                               GError         **error);
/* avs_report_render() written to @path, atomically, mode 0600. */
gboolean       avs_report_write_file          (AvsReport       *self,
                                               const char      *path,
                                               AvsReportFormat  format,
                                               AvsReportFlags   flags,
                                               const char      *language,
                                               GError         **error);

/* ---------------------------------------------------------------------------------------------
 * Reading (the window's read-only view of a saved session); owned by the report
 * ------------------------------------------------------------------------------------------- */

const char          *avs_report_get_tool_version      (AvsReport *self);
GDateTime           *avs_report_get_created_at        (AvsReport *self);
GDateTime           *avs_report_get_updated_at        (AvsReport *self);
/* Whether the saved report had its personal data replaced. */
gboolean             avs_report_get_redacted          (AvsReport *self);
const AvsReportHost *avs_report_get_host              (AvsReport *self);
/* NULL when the session had none. */
AvsScanResult       *avs_report_get_first_scan        (AvsReport *self);
AvsScanResult       *avs_report_get_last_scan         (AvsReport *self);
AvsScanResult       *avs_report_get_verification      (AvsReport *self);
/* Two-letter region code, or NULL when unknown/not recorded. */
const char          *avs_report_get_region            (AvsReport *self);
/* Element type AvsReportStatement / AvsReportSource; empty when no explanation was recorded. */
GPtrArray           *avs_report_get_statements        (AvsReport *self);
GPtrArray           *avs_report_get_sources           (AvsReport *self);
/* NULL when not recorded. */
const AvsReportCatalog *avs_report_get_catalog        (AvsReport *self);
const char          *avs_report_get_replacement_id    (AvsReport *self);
const char          *avs_report_get_replacement_name  (AvsReport *self);
const char          *avs_report_get_replacement_method (AvsReport *self);
gboolean             avs_report_get_it_installs       (AvsReport *self);
/* Element type AvsReportStep, in plan order; empty without a plan. */
GPtrArray           *avs_report_get_steps             (AvsReport *self);
AvsReportStep       *avs_report_find_step             (AvsReport *self,
                                                       const char *id);
/* The session's whole log (every step's lines and the lines of no step), in order. */
const char * const  *avs_report_get_log               (AvsReport *self);
gboolean             avs_report_get_managed_continued (AvsReport *self);

G_END_DECLS
