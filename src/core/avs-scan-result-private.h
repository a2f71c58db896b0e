/* avs-scan-result-private.h — what the scan result's two files share: its structures
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * - avs-scan-result.c: the enumerations, AvsEvidence, AvsNotChecked, AvsFinding, AvsScanResult
 *   and what they sum up to (the outcome);
 * - avs-scan-result-json.c: the "avswitch-scan/1" document: writing it, and loading it strictly.
 * Nothing outside these files includes this header.
 */

#pragma once

#include "avs-scan-result.h"

G_BEGIN_DECLS

struct _AvsFinding
{
  GObject          parent_instance;

  char            *product_id;
  char            *name;
  char            *version;
  AvsInstallState  state;
  gboolean         running;
  gboolean         managed;
  char            *management_server;
  GDateTime       *signatures_updated;
  GPtrArray       *evidence;
  /* The entries of @evidence, to refuse a duplicate in constant time: a scan may meet
   * thousands of matching names (files any user can plant in /tmp), and a linear search per
   * entry made adding them quadratic. */
  GHashTable      *evidence_set;
};

struct _AvsScanResult
{
  GObject      parent_instance;

  char        *root;
  gboolean     live;
  GDateTime   *scanned_at;
  AvsHostInfo  host;
  GPtrArray   *findings;
  GPtrArray   *not_checked;
};

G_END_DECLS
