/* avs-catalog-keys.h — the public keys trusted to sign the catalog of alternatives, and the
 * retired ones
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One line per key: the second line of a `minisign -G` public key file. Several keys may be
 * trusted at once so that a key can be rotated (docs/catalog.md, "Rotating the key").
 * Every key here must also be committed as data/catalog/NAME.pub; test-minisign checks that,
 * and test-catalog-model that the bundled catalog verifies against this list. Only
 * avs-minisign.c and those tests include this file.
 */

#pragma once

static const char * const avs_catalog_trusted_keys[] = {
  /* data/catalog/avswitch-catalog.pub, key id FCF17925A338C7F9, the maintainers' key since
   * catalog serial 2 (2026-11-28) */
  "RWT5xzijJXnx/HkfhNcy6VwWanAkgpeFcPSGso/PedV4ehJmrK9cN9BO",
  NULL
};

/* Key ids (as minisign prints them) that must never be accepted again, whatever key list a
 * caller passes: a signature by one of them is refused by its id before any verification.
 * A key goes here when its secret is lost or may be known to someone else, so that whoever
 * holds it cannot sign a catalog our users would take.
 *
 * C1DADE9E7C10C11F signed the first bundled catalog (serial 1); its secret key was lost with
 * the machine that held it (2026-11). */
static const char * const avs_catalog_retired_key_ids[] = {
  "C1DADE9E7C10C11F",
  NULL
};
