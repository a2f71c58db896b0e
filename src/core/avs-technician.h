/* avs-technician.h — the detail behind each page, as plain text, for technician mode
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A technician on the phone needs to see exactly what the machine has and what ran: the
 * evidence with its paths and values, the exact commands with their exit statuses and raw
 * output, the catalog's serial and where it came from, the sources behind the explanation.
 * The window shows this text under each page in technician mode (with a Copy button); it is made
 * here so that it does not depend on GTK and reads the same everywhere. Every value from the
 * machine, a download or a command is made safe to paste (avs_text_escape_for_terminal()); the
 * labels are translated.
 */

#pragma once

#include "avs-catalog-store.h"
#include "avs-executor.h"
#include "avs-explanation.h"
#include "avs-scan-result.h"
#include "avs-session.h"

G_BEGIN_DECLS

/* The session's settings: root, rules file, dry run, region, catalog address, replacement. */
char *avs_technician_session_text     (AvsSession      *session);
/* The scan: root, host, time, outcome, every finding with every piece of evidence (kind, value,
 * detail), and what could not be checked with its path. @scan may be NULL. */
char *avs_technician_scan_text        (AvsScanResult   *scan);
/* The plan's steps with their status and the commands still to run, the session log, and
 * every command run or recorded so far (argv, exit status, duration, stdout, stderr). */
char *avs_technician_executor_text    (AvsExecutor     *executor);
/* The catalog in use: serial, source (bundled, cache, network), address, dates, key. */
char *avs_technician_catalog_text     (AvsCatalogStore *store);
/* The explanation: region, date, every statement with its source keys, the numbered sources
 * with their addresses. */
char *avs_technician_explanation_text (AvsExplanation  *explanation);

G_END_DECLS
