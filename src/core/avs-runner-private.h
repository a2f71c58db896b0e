/* avs-runner-private.h — what the runner's files share (avs-runner.c, avs-runner-session.c)
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "avs-runner.h"

G_BEGIN_DECLS

/* A new result (taking @argv and @request), empty output, not yet logged. */
AvsRunResult *_avs_run_result_new               (char          **argv,
                                                 char          **request);
/* The stand-in set with avs_runner_set_privilege_helper(), or NULL (pkexec). */
char         *_avs_runner_dup_privilege_helper  (AvsRunner      *self);
/* Appends @result to the runner's log. */
void          _avs_runner_log_result            (AvsRunner      *self,
                                                 AvsRunResult   *result);

G_END_DECLS
