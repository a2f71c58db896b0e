/* avs-catalog-keys.h — the public keys trusted to sign the catalog of alternatives
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One line per key: the second line of a `minisign -G` public key file. Several keys may be
 * trusted at once so that a key can be rotated (docs/catalog.md, "Rotating the key"): add the
 * new key, release, sign with the new key, and remove the old one in a later release.
 * Every key here must also be committed as data/catalog/NAME.pub; test-catalog-bundled checks
 * that, and that the bundled catalog verifies against this list. Only avs-minisign.c and that
 * test include this file.
 */

#pragma once

static const char * const avs_catalog_trusted_keys[] = {
  /* data/catalog/avswitch-catalog.pub, key id C1DADE9E7C10C11F, made 2026-11-27 */
  "RWQfwRB8nt7awdMpu6QcCaM+fmJfqtCUHdK6xgsrdlG60V6AH0T562An",
  NULL
};
