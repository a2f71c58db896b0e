/* avs-run-summary.h — what a run of the plan will do, in plain words, before it is confirmed
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both faces ask before they run anything: the window's "Run all" confirmation and `avswitch
 * apply`. The exact commands are for a technician; the person who agrees reads this first: what
 * will be removed, where the backup goes, whether and how often the administrator password is
 * asked for. It is decided here, once, so that both say the same.
 */

#pragma once

#include "avs-executor.h"

G_BEGIN_DECLS

/* The plain summary of running @steps (element type AvsPlanStep; NULL: every step of the plan)
 * with @executor: only the automatic steps among them that are not done yet count. Translated
 * sentences, one a line, in the order a person reads them (NULL-terminated, never NULL; empty
 * when nothing would run). No command line and no program name appear in them: product names
 * come from the scan, the backup's place from the plan. */
char **avs_run_summary_new (AvsExecutor *executor,
                            GPtrArray   *steps);

G_END_DECLS
