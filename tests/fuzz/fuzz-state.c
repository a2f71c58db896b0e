/* fuzz-state.c — the saved state of `avswitch apply` (apply-state.json), which resumes a removal
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "avs-executor.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static AvsRunner *runner;
  static char *path;
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsExecutor) executor = NULL;

  fuzz_init ();
  if (runner == NULL)
    {
      runner = avs_runner_new ();
      avs_runner_set_dry_run (runner, TRUE);
      path = g_build_filename (fuzz_root (), "apply-state.json", NULL);
    }
  fuzz_write ("apply-state.json", data, size);
  executor = avs_executor_new_from_state (path, runner, &error);
  FUZZ_CHECK ((executor == NULL) == (error != NULL), "a result or an error, never both");
  return 0;
}
