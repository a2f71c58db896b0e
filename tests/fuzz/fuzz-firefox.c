/* fuzz-firefox.c — a Firefox profile's extensions.json
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
  fuzz_write ("home/u/.mozilla/firefox/abc.default/extensions.json", data, size);
  fuzz_scan_step (AVS_SCANNER_STEP_FIREFOX_PROFILE, "/home/u/.mozilla/firefox/abc.default");
  return 0;
}
