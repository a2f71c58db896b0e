/* avs-scanner.h — finds every Kaspersky footprint under a root, off the main thread
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scanner reads the host (AvsHost: files under a root, never outside it), runs read-only
 * queries through the runner (rpm, certutil, klnagchk), applies the rules (AvsRules) and fills
 * an AvsScanResult: one finding per product, every piece of evidence, and an entry for
 * everything it could not check and why. A corrupt or unreadable database is such an entry,
 * never a silent "clean" and never an error of the whole scan; the scan itself fails only
 * when cancelled.
 *
 * Progress: the "progress" signal (fraction 0…1, translated step name) is emitted on the main
 * context that was the thread-default when avs_scanner_scan_async() was called.
 */

#pragma once

#include <gio/gio.h>

#include "avs-host.h"
#include "avs-rules.h"
#include "avs-runner.h"
#include "avs-scan-result.h"

G_BEGIN_DECLS

#define AVS_TYPE_SCANNER (avs_scanner_get_type ())
G_DECLARE_FINAL_TYPE (AvsScanner, avs_scanner, AVS, SCANNER, GObject)

AvsScanner    *avs_scanner_new            (AvsHost              *host,
                                           AvsRunner            *runner,
                                           AvsRules             *rules);
/* Convenience: a host for @root ("/" when NULL), a new runner, and the rules from @rules_path
 * (the bundled rules when NULL). Fails with a clear message on a bad root or bad rules. */
AvsScanner    *avs_scanner_new_for_root   (const char           *root,
                                           const char           *rules_path,
                                           GError              **error);

AvsHost       *avs_scanner_get_host       (AvsScanner           *self);
AvsRunner     *avs_scanner_get_runner     (AvsScanner           *self);
AvsRules      *avs_scanner_get_rules      (AvsScanner           *self);

/* Home directories to look in instead of those /etc/passwd and /home list (for tests). */
void           avs_scanner_set_homes      (AvsScanner           *self,
                                           const char * const   *homes);

/* For tests: read /proc under the root and run the management commands found under it as if
 * the root were the running system. */
void           avs_scanner_set_treat_as_live (AvsScanner        *self,
                                           gboolean              live);

void           avs_scanner_scan_async     (AvsScanner           *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
AvsScanResult *avs_scanner_scan_finish    (AvsScanner           *self,
                                           GAsyncResult         *result,
                                           GError              **error);
/* In the calling thread; "progress" is emitted directly. */
AvsScanResult *avs_scanner_scan_sync      (AvsScanner           *self,
                                           GCancellable         *cancellable,
                                           GError              **error);

G_END_DECLS
