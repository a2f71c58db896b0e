/* fuzz-pacman.c — a pacman `desc` file (/var/lib/pacman/local/NAME-VERSION-RELEASE/desc)
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
  /* A folder name the rules know, so the desc file is read. */
  fuzz_write ("var/lib/pacman/local/kesl-12.1.0-1297/desc", data, size);
  fuzz_scan_step (AVS_SCANNER_STEP_PACMAN, NULL);
  return 0;
}
