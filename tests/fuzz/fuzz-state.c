/* fuzz-state.c — the saved state of `avswitch apply` (apply-state.json), which resumes a removal
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Resuming plans again from a fresh scan; the state only says how far the run got. The fresh
 * scan here is a fixed one of "/" with Kaspersky installed, so each input costs no scan.
 */

#include "config.h"

#include "avs-executor.h"
#include "fuzz.h"

static AvsScanResult *
fresh_scan (void)
{
  static const char * const like[] = { NULL };
  AvsScanResult *scan = avs_scan_result_new ("/");
  g_autoptr(AvsFinding) kesl = avs_finding_new ("kesl", "Kaspersky Endpoint Security for Linux");

  avs_scan_result_set_host (scan, "debian", like, "12", "Debian GNU/Linux 12 (bookworm)", "dpkg");
  avs_finding_set_state (kesl, AVS_INSTALL_STATE_INSTALLED);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", "dpkg");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_UNIT, "kesl.service", "/lib/systemd/system/kesl.service");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_DIRECTORY, "/opt/kaspersky/kesl", NULL);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_GROUP, "kesladmin", NULL);
  avs_scan_result_add_finding (scan, kesl);
  return scan;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static AvsRunner *runner;
  static AvsScanResult *scan;
  static char *path;
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsExecutor) executor = NULL;

  fuzz_init ();
  if (runner == NULL)
    {
      runner = avs_runner_new ();
      avs_runner_set_dry_run (runner, TRUE);
      scan = fresh_scan ();
      path = g_build_filename (fuzz_root (), "apply-state.json", NULL);
    }
  fuzz_write ("apply-state.json", data, size);
  executor = avs_executor_new_from_state_for_scan (path, scan, runner, NULL, &error);
  FUZZ_CHECK ((executor == NULL) == (error != NULL), "a result or an error, never both");
  return 0;
}
