/* fuzz-ini.c — ini-style text: Kaspersky's version files and Firefox's profiles.ini format
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scanner does not read profiles.ini (it looks at every folder under ~/.mozilla/firefox);
 * its one ini parser reads the version files the rules name.
 */

#include "config.h"

#include "fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;

  fuzz_init ();
  text = fuzz_strndup (data, size);
  fuzz_scan_step (AVS_SCANNER_STEP_INI, text);
  return 0;
}
