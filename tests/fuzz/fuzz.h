/* fuzz.h — what every fuzz target shares (tests/fuzz, docs/fuzzing.md)
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each fuzz-NAME.c defines LLVMFuzzerTestOneInput(). With -Dfuzzing=true it links with
 * libFuzzer; otherwise with replay.c, which feeds it every file of a corpus so that the test
 * suite keeps every crash that was found once fixed.
 */

#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

int   LLVMFuzzerTestOneInput (const uint8_t *data,
                              size_t         size);

/* Once per process: GLib criticals abort (a g_return_if_fail() reached from hostile input is a
 * bug), other log messages are dropped, the C locale. */
void  fuzz_init              (void);

/* A private folder that stands for the scanned root, made once per process and removed at exit. */
const char *fuzz_root        (void);

/* Writes @size bytes to @relative (a path as seen from the root), making the folders above it. */
void  fuzz_write             (const char    *relative,
                              const uint8_t *data,
                              size_t         size);

/* @data as a NUL-terminated string (it stops at the first NUL of @data). */
char *fuzz_strndup           (const uint8_t *data,
                              size_t         size);

/* Aborts with @what when @condition is false: a property the target checks beyond "no crash". */
#define FUZZ_CHECK(condition, what) \
  G_STMT_START { if (!(condition)) fuzz_fail (G_STRLOC, (what)); } G_STMT_END
G_NORETURN void fuzz_fail    (const char    *where,
                              const char    *what);

/* Whether AVS_FUZZ_SKIP (a comma-separated list) names @problem: a long run can go on past an
 * open problem of tests/fuzz/open to look for others ("utf8", "generator"). */
gboolean fuzz_skip           (const char    *problem);

G_END_DECLS

#include "avs-scanner-private.h"

G_BEGIN_DECLS

/* A scanner over fuzz_root() with the bundled rules, made once. */
AvsScanner *fuzz_scanner     (void);
/* Runs @step and checks that its result writes out as a scan document that loads again. */
void  fuzz_scan_step         (AvsScannerStep  step,
                              const char     *arg);

G_END_DECLS
