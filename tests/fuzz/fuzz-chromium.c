/* fuzz-chromium.c — a Chromium-family profile's Preferences (any user writes it; the root
 * scan reads it)
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Manifests (native-messaging hosts, extension folders) are only looked up by name, never parsed.
 */

#include "config.h"

#include "fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fuzz_init ();
  fuzz_write ("home/u/.config/google-chrome/Default/Preferences", data, size);
  fuzz_scan_step (AVS_SCANNER_STEP_CHROMIUM_PROFILE, "/home/u/.config/google-chrome/Default");
  return 0;
}
