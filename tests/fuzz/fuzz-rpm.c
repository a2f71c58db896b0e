/* fuzz-rpm.c — the output of `rpm -qa --qf …` (a hostile disk's database chooses it)
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
  g_autofree char *text = NULL;

  fuzz_init ();
  /* A package that the vendor fields do not confirm is confirmed with `rpm -ql`: keep rpm out
   * of reach so that each input costs no process. */
  g_setenv ("PATH", fuzz_root (), TRUE);
  text = fuzz_strndup (data, size);
  fuzz_scan_step (AVS_SCANNER_STEP_RPM_QUERY, text);
  return 0;
}
