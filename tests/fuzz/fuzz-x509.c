/* fuzz-x509.c — certificates: DER (avs-x509.c), PEM, and a bundle in the system's anchors
 * folder as the scanner reads it
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "avs-x509.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *from_der = NULL;
  g_autofree char *from_pem = NULL;

  fuzz_init ();
  from_der = avs_x509_subject_from_der (data, size);
  from_pem = avs_x509_subject_from_pem ((const char *) data, size);
  FUZZ_CHECK (from_der == NULL || g_utf8_validate (from_der, -1, NULL), "a subject that is not UTF-8");
  FUZZ_CHECK (from_pem == NULL || g_utf8_validate (from_pem, -1, NULL), "a subject that is not UTF-8");

  fuzz_write ("usr/local/share/ca-certificates/fuzz.crt", data, size);
  fuzz_scan_step (AVS_SCANNER_STEP_CERTIFICATES, NULL);
  return 0;
}
