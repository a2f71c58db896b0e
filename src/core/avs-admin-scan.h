/* avs-admin-scan.h — the scan as administrator: `avswitch scan --json` run through pkexec
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scan by an ordinary user cannot look into folders only root may read; the window then
 * offers to scan again as administrator. That scan is this program's own command-line scan
 * (avs_own_program_path ("avswitch"), `scan --json --root ROOT [--rules FILE]`), run with
 * AVS_RUN_ADMIN, and its document is read back like any other hostile input (in a worker
 * thread, size-capped). The protocol lives here so that no face interprets pkexec's or the
 * scan's exit statuses itself: 0 (clean) and 1 (found) carry a document, anything else is a
 * failure, and pkexec's answers come from avs_runner_classify_privileged_result().
 */

#pragma once

#include <gio/gio.h>

#include "avs-runner.h"
#include "avs-scan-result.h"

G_BEGIN_DECLS

#define AVS_ADMIN_SCAN_ERROR (avs_admin_scan_error_quark ())

typedef enum
{
  AVS_ADMIN_SCAN_ERROR_DISMISSED,        /* the password dialog was dismissed */
  AVS_ADMIN_SCAN_ERROR_NOT_AUTHORIZED,   /* administrator rights were refused */
  AVS_ADMIN_SCAN_ERROR_NO_PKEXEC,        /* no pkexec on this system */
  AVS_ADMIN_SCAN_ERROR_FAILED,           /* the scan ran and failed (the message says why) */
} AvsAdminScanError;

GQuark avs_admin_scan_error_quark (void);

/* The administrator scan may take this long (pkexec waits for the user's password too). */
#define AVS_ADMIN_SCAN_TIMEOUT_MS (10 * 60 * 1000)

/* The scan's argv (before pkexec): this program's `avswitch scan --json --root @root`, with
 * `--rules @rules_path` unless it is NULL. */
char          **avs_admin_scan_build_argv (const char           *root,
                                           const char           *rules_path);

/* Runs the scan of @root (NULL: "/") as administrator through @runner (NULL: a new one) and reads
 * its document. The scan is read-only, so it runs even when @runner is in dry-run mode.
 * Cancelled or timed-out runs give the runner's errors; everything else that is not a scan
 * result is an AVS_ADMIN_SCAN_ERROR. */
void            avs_admin_scan_async      (AvsRunner            *runner,
                                           const char           *root,
                                           const char           *rules_path,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
AvsScanResult  *avs_admin_scan_finish     (GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
