/* avs-session.h — one help session: what was scanned, what was found, what the user chose
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wizard's pages share one session instead of talking to each other; the session report
 * (a later feature) is written from it.
 */

#pragma once

#include <gio/gio.h>

#include "avs-catalog-product.h"
#include "avs-executor.h"
#include "avs-scan-result.h"

G_BEGIN_DECLS

#define AVS_TYPE_SESSION (avs_session_get_type ())

G_DECLARE_FINAL_TYPE (AvsSession, avs_session, AVS, SESSION, GObject)

AvsSession    *avs_session_new                   (void);
/* The root the scan reads ("/" for this computer). */
const char    *avs_session_get_root              (AvsSession    *self);
void           avs_session_set_root              (AvsSession    *self,
                                                  const char    *root);
/* A rules file that replaces the bundled rules, or NULL. */
const char    *avs_session_get_rules_path        (AvsSession    *self);
void           avs_session_set_rules_path        (AvsSession    *self,
                                                  const char    *path);
/* The latest scan; NULL before the first one. */
AvsScanResult *avs_session_get_scan_result       (AvsSession    *self);
void           avs_session_set_scan_result       (AvsSession    *self,
                                                  AvsScanResult *result);
/* The first scan of the session, kept to prove at the end what was removed. */
AvsScanResult *avs_session_get_first_scan_result (AvsSession    *self);
/* The catalog product the user chose as the replacement, or NULL (none yet, or "no third-party
 * antivirus"). */
const char    *avs_session_get_replacement_id    (AvsSession    *self);
void           avs_session_set_replacement_id    (AvsSession    *self,
                                                  const char    *product_id);
/* The display name of the chosen replacement, for summaries; NULL with no replacement. */
const char    *avs_session_get_replacement_name  (AvsSession    *self);
void           avs_session_set_replacement_name  (AvsSession    *self,
                                                  const char    *name);
/* The user chose "Decide later / my IT department installs it": no replacement, and the end
 * names who still has to act. */
gboolean       avs_session_get_it_installs       (AvsSession    *self);
void           avs_session_set_it_installs       (AvsSession    *self,
                                                  gboolean       it_installs);
/* The technician went on past the warning of a centrally managed computer ("Continue anyway"):
 * the help-desk summary and the session report say so. */
gboolean       avs_session_get_continued_managed (AvsSession    *self);
void           avs_session_set_continued_managed (AvsSession    *self,
                                                  gboolean       continued);
/* A saved session shown from its report: nothing is scanned, planned or run until the user
 * chooses to continue (which scans this computer again). */
gboolean       avs_session_get_read_only         (AvsSession    *self);
void           avs_session_set_read_only         (AvsSession    *self,
                                                  gboolean       read_only);
/* In a read-only session: the last scan the saved session made (its verification), which the
 * done page shows instead of scanning; NULL otherwise. */
AvsScanResult *avs_session_get_saved_final_scan  (AvsSession    *self);
void           avs_session_set_saved_final_scan  (AvsSession    *self,
                                                  AvsScanResult *result);
/* The removal in progress, shared by the removal and install pages; may be NULL. */
AvsExecutor   *avs_session_get_executor          (AvsSession    *self);
void           avs_session_set_executor          (AvsSession    *self,
                                                  AvsExecutor   *executor);
/* The chosen replacement as a catalog product, or NULL. */
AvsCatalogProduct *avs_session_get_replacement   (AvsSession    *self);
void           avs_session_set_replacement       (AvsSession    *self,
                                                  AvsCatalogProduct *product);
/* Two-letter region override, or NULL to detect it. */
const char    *avs_session_get_region            (AvsSession    *self);
void           avs_session_set_region            (AvsSession    *self,
                                                  const char    *region);
/* Commands are only recorded, never run (tests, demonstrations). */
gboolean       avs_session_get_dry_run           (AvsSession    *self);
void           avs_session_set_dry_run           (AvsSession    *self,
                                                  gboolean       dry_run);
/* The next scan runs with administrator rights (after "Scan as administrator"). */
gboolean       avs_session_get_scan_as_admin     (AvsSession    *self);
void           avs_session_set_scan_as_admin     (AvsSession    *self,
                                                  gboolean       as_admin);
/* The catalog address to use instead of the configured one, or NULL. */
const char    *avs_session_get_catalog_url       (AvsSession    *self);
void           avs_session_set_catalog_url       (AvsSession    *self,
                                                  const char    *url);

G_END_DECLS
