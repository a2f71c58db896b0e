/* avs-catalog-filter.h — choosing from the catalog: filters, and ranking by what a scan found
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ranking follows the situation the scan shows: a centrally managed Kaspersky fleet gets business
 * endpoint products with a console; Kaspersky for Linux at home gets free, maintained options
 * first, with the honest note that an up-to-date Linux desktop may need nothing more; a file,
 * mail or gateway server gets server products. Products whose vendor raises the same jurisdiction
 * concern as Kaspersky, and unmaintained, discontinued or unclear ones, are always flagged with
 * the reason and never recommended, whatever their score.
 */

#pragma once

#include "avs-catalog.h"
#include "avs-scan-result.h"

G_BEGIN_DECLS

typedef struct
{
  AvsAudience  audience;          /* AVS_AUDIENCE_NONE: any */
  gboolean     free_only;         /* free or included with the system */
  gboolean     open_source_only;
  gboolean     realtime_only;     /* on-access scanning on Linux is known to exist */
  /* "Works here": NULL fields mean "anywhere". */
  const char  *os_id;             /* os-release ID */
  const char * const *os_id_like;
  const char  *package_tool;      /* "apt", "dnf", "zypper", "pacman" */
} AvsCatalogFilter;

void         avs_catalog_filter_init          (AvsCatalogFilter   *filter);
/* Fills the "works here" fields from a scan's host (borrowed: keep @scan alive). */
void         avs_catalog_filter_set_host      (AvsCatalogFilter   *filter,
                                               AvsScanResult      *scan);
gboolean     avs_catalog_filter_matches       (const AvsCatalogFilter *filter,
                                               AvsCatalogProduct  *product);
/* The package tool for an os-release ID (and ID_LIKE) and a package database ("dpkg", "rpm",
 * "pacman"); NULL when unknown. */
const char  *avs_catalog_package_tool_for     (const char         *os_id,
                                               const char * const *os_id_like,
                                               const char         *package_manager);

typedef enum
{
  AVS_SITUATION_HOME,         /* Kaspersky for Linux at home, or nothing specific found */
  AVS_SITUATION_WORKSTATION,  /* Kaspersky Endpoint Security, not centrally managed */
  AVS_SITUATION_FLEET,        /* centrally managed (Network Agent, Administration Server) */
  AVS_SITUATION_SERVER,       /* file, mail or web gateway server products */
} AvsSituation;

AvsSituation avs_catalog_situation_for_scan   (AvsScanResult      *scan);
const char  *avs_situation_to_string          (AvsSituation        situation);

typedef struct
{
  AvsCatalogProduct *product;
  int                score;
  gboolean           recommended;  /* fits the situation and is not flagged */
  gboolean           flagged;      /* jurisdiction concern, or not maintained */
  GPtrArray         *reasons;      /* translated: why it fits (element type char*) */
  GPtrArray         *warnings;     /* translated: flags and caveats to show (element type char*) */
} AvsCatalogChoice;

typedef struct
{
  AvsSituation  situation;
  char         *note;       /* translated, may be NULL: the honest note for home users */
  GPtrArray    *choices;    /* element type AvsCatalogChoice, best first */
  /* The one choice recommended for this computer (borrowed from @choices; NULL when none fits
   * and is unflagged), and why, in one or two translated sentences about this computer. */
  AvsCatalogChoice *best;
  char         *best_why;
} AvsCatalogRanking;

/* @scan and @filter may be NULL (no scan: the home situation; no filter: everything). */
AvsCatalogRanking *avs_catalog_rank           (AvsCatalog             *catalog,
                                               AvsScanResult          *scan,
                                               const AvsCatalogFilter *filter);
void               avs_catalog_ranking_free   (AvsCatalogRanking      *ranking);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AvsCatalogRanking, avs_catalog_ranking_free)

G_END_DECLS
