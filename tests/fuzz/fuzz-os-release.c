/* fuzz-os-release.c — /etc/os-release of the scanned root (its PRETTY_NAME reaches the plan,
 * its script and the reports)
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fuzz_init ();
  fuzz_write ("etc/os-release", data, size);
  fuzz_scan_step (AVS_SCANNER_STEP_OS_RELEASE, NULL);
  return 0;
}
