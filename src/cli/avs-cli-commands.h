/* avs-cli-commands.h — the sub-commands of `avswitch`
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <stdio.h>

#include "avs-report.h"
#include "avs-scan-result.h"

G_BEGIN_DECLS

/* Exit statuses shared by every sub-command (documented in --help). */
typedef enum
{
  AVS_CLI_EXIT_OK = 0,
  AVS_CLI_EXIT_FOUND = 1,    /* scan, verify: Kaspersky was found */
  AVS_CLI_EXIT_FAILED = 2,   /* the command itself failed */
  AVS_CLI_EXIT_INCOMPLETE = 3, /* scan, verify: nothing found, but some places were not checked */
  /* With --report FILE, a report that cannot be read or written is AVS_CLI_EXIT_FAILED. */
} AvsCliExit;

/* The exit status of scan and verify for a result: never 0 for what was not seen. */
int  avs_cli_exit_for_scan (AvsScanResult *result);
/* Prints what could not be checked (the gaps) and the notes, escaped for a terminal; says how
 * to check the gaps (as administrator) where that would help. */
void avs_cli_print_not_checked (AvsScanResult *result);

/* Each sub-command receives argv with argv[0] = "avswitch SUBCOMMAND". */
typedef int (*AvsCliCommandFunc) (int    argc,
                                  char **argv);

typedef struct
{
  const char        *name;
  const char        *summary;   /* N_() marked; translated when shown */
  AvsCliCommandFunc  run;
} AvsCliCommand;

/* Writes the JSON document @text to standard output in UTF-8 whatever the locale (g_print
 * would turn every non-ASCII character into "?" under LC_ALL=C), with C1 and bidirectional
 * controls and invalid UTF-8 escaped (avs_text_escape_json_document()). Adds a newline. */
void avs_cli_print_document (const char *text);

/* Writes human text to @stream with every control character from the scanned machine made
 * visible (avs_text_escape_for_terminal(), keeping line feeds and tabs), in the terminal's
 * character set. g_print() and g_printerr() go through it; so must any other human output. */
void avs_cli_print_escaped  (FILE       *stream,
                             const char *text);

/* Prints @error as "avswitch: message" on stderr and returns AVS_CLI_EXIT_FAILED. */
int avs_cli_fail (const char   *command,
                  const GError *error);

/* `avswitch catalog [--refresh] [--url URL] [--json] [--for-scan FILE] [filters]`
 * (avs-cli-catalog.c). */
int avs_cli_catalog (int    argc,
                     char **argv);

/* `avswitch explain [--region CC] [--scan FILE]` (avs-cli-explain.c). */
int avs_cli_explain (int    argc,
                     char **argv);

/* `avswitch plan [--root DIR] [--json | --script]`, `avswitch apply [--root DIR] [--dry-run]
 * [--yes] [--continue-managed]`, `avswitch verify [--root DIR]` (avs-cli-plan.c). */
int avs_cli_plan    (int    argc,
                     char **argv);
int avs_cli_apply   (int    argc,
                     char **argv);
int avs_cli_verify  (int    argc,
                     char **argv);

/* `avswitch report FILE [--format json|md|html] [--language LL] [--output FILE]
 * [--keep-personal]` (avs-cli-report.c). */
int avs_cli_report  (int    argc,
                     char **argv);

/* The session report options of scan, plan, apply and verify: `--report FILE` (write or update
 * the report) and `--report-keep-personal` (do not redact it). */
void avs_cli_add_report_options (GOptionContext *context,
                                 char          **out_path,
                                 gboolean       *out_keep_personal);
/* The report at @path for an update: a new one when the file does not exist, the saved one
 * otherwise (strictly loaded: a malformed one stops, it is never overwritten), refused when it
 * is the report of a session on another root than @scan's (@scan may be NULL). */
AvsReport *avs_cli_report_open     (const char     *path,
                                    AvsScanResult  *scan,
                                    GError        **error);
/* Saves @report (atomically, 0600, redacted unless @keep_personal); prints the error and
 * returns FALSE when it cannot. */
gboolean   avs_cli_report_save     (const char     *command,
                                    AvsReport      *report,
                                    const char     *path,
                                    gboolean        keep_personal);
/* With @path (else nothing): adds @scan to the report at @path (as the verification scan when
 * @verification) and saves it; AVS_CLI_EXIT_OK, or AVS_CLI_EXIT_FAILED after printing why. */
int        avs_cli_report_add_scan (const char     *command,
                                    const char     *path,
                                    gboolean        keep_personal,
                                    AvsScanResult  *scan,
                                    gboolean        verification);

/* With @path (else nothing): the region and the explanation as shown, into the report at @path
 * (the scan of --scan FILE is not added: it was not made in this session). */
int        avs_cli_report_add_explanation (const char     *command,
                                           const char     *path,
                                           gboolean        keep_personal,
                                           AvsExplanation *explanation);
/* With @path (else nothing): the plan's scan, its steps (all waiting), its replacement and the
 * catalog it came from, into the report at @path. */
int        avs_cli_report_add_plan (const char     *command,
                                    const char     *path,
                                    gboolean        keep_personal,
                                    AvsPlan        *plan);
/* The same with the run: each step's status, times, commands and output, the verification. */
int        avs_cli_report_add_run  (const char     *command,
                                    const char     *path,
                                    gboolean        keep_personal,
                                    AvsExecutor    *executor);

/* `avswitch scan [--root DIR] [--rules FILE] [--json]` (avs-cli-scan.c). */
int avs_cli_scan    (int    argc,
                     char **argv);

G_END_DECLS
