/* fuzz-sign.h — minisign signatures made in the process, with a fixed throwaway key
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The catalog's JSON parser and schema sit behind its signature; to reach them with hostile
 * documents the target signs each input with a key that only the fuzz targets trust.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A trusted-key array (element type AvsMinisignKey) holding the fuzz key. */
GPtrArray *fuzz_sign_trusted_keys (void);
/* The contents of a .minisig file for @data ("ED", prehashed). */
GBytes    *fuzz_sign              (GBytes *data);

G_END_DECLS
