/* avs-scanner-private.h — single parsing steps of the scanner, for the fuzz targets only
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The program runs whole scans (avs_scanner_scan_sync()). The fuzz targets in tests/fuzz reach
 * each parser of the scanned machine's files on its own, so that millions of hostile inputs per
 * hour go through the same code a root scan runs, without the cost of the other steps.
 */

#pragma once

#include "avs-scanner.h"

G_BEGIN_DECLS

typedef enum
{
  AVS_SCANNER_STEP_OS_RELEASE,        /* /etc/os-release under the root */
  AVS_SCANNER_STEP_DPKG,              /* /var/lib/dpkg/status */
  AVS_SCANNER_STEP_RPM_QUERY,         /* @arg: the output of `rpm -qa --qf …` */
  AVS_SCANNER_STEP_PACMAN,            /* /var/lib/pacman/local/<entry>/desc */
  AVS_SCANNER_STEP_CHROMIUM_PROFILE,  /* @arg: a profile folder (Preferences, Secure Preferences) */
  AVS_SCANNER_STEP_FIREFOX_PROFILE,   /* @arg: a profile folder (extensions.json) */
  AVS_SCANNER_STEP_CERTIFICATES,      /* the system's certificate folders and bundles */
  AVS_SCANNER_STEP_INI,               /* @arg: ini text, as the version files and profiles.ini */
} AvsScannerStep;

/* Runs one step over the scanner's root, then puts the findings together as a scan does. */
AvsScanResult *avs_scanner_run_step (AvsScanner     *self,
                                     AvsScannerStep  step,
                                     const char     *arg);

G_END_DECLS
