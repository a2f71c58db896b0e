/* fuzz-dpkg.c — /var/lib/dpkg/status of the scanned root
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
  fuzz_write ("var/lib/dpkg/status", data, size);
  fuzz_scan_step (AVS_SCANNER_STEP_DPKG, NULL);
  return 0;
}
