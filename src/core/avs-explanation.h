/* avs-explanation.h — the ban explained for one reader: their region, their machine, the clock
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built from the timeline (avs-timeline.h), a region (avs-region.h), an optional scan result
 * and the time "now", which is a parameter so that the tests can set it. The CLI prints it and
 * the "Why this matters" page shows it; neither adds a claim of its own. Every statement names
 * the sources it rests on; statements about this computer rest on the scan.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "avs-region.h"
#include "avs-scan-result.h"
#include "avs-timeline.h"

G_BEGIN_DECLS

typedef struct
{
  char      *id;         /* stable, for tests: "us-cutoff", "machine-product", … */
  char      *text;       /* translated, one or more whole sentences */
  GStrv      sources;    /* source keys (avs_source_lookup()), never NULL, may be empty */
  gboolean   from_scan;  /* rests on this computer's scan */
} AvsStatement;

typedef struct
{
  const AvsTimelineEntry *entry;
  gboolean                past;    /* has begun at the explanation's "now" */
  gboolean                local;   /* belongs to the reader's region */
} AvsExplainedEvent;

typedef struct
{
  AvsRegion  *region;      /* never NULL; region->code NULL when unknown */
  GDateTime  *now;
  GDateTime  *scanned_at;  /* NULL without a scan */
  GPtrArray  *summary;     /* AvsStatement: the short plain-language summary */
  GPtrArray  *timeline;    /* AvsExplainedEvent, in date order */
  GPtrArray  *for_you;     /* AvsStatement: what the ban means in the reader's region */
  GPtrArray  *machine;     /* AvsStatement: what this computer has; empty without a scan */
  GPtrArray  *sources;     /* const AvsSource *, every source cited above, in order of first use */
} AvsExplanation;

/* @region: from avs_region_detect() (copied). @scan: may be NULL. @now: NULL for the clock. */
AvsExplanation *avs_explanation_new            (const AvsRegion *region,
                                                AvsScanResult   *scan,
                                                GDateTime       *now);
void            avs_explanation_free           (AvsExplanation  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AvsExplanation, avs_explanation_free)

/* The 1-based number of @key in self->sources (the "[3]" printed next to a statement), or 0. */
guint           avs_explanation_source_number  (AvsExplanation  *self,
                                                const char      *key);
/* The numbers of @sources ("1, 4"), joined by the language's list separator with no-break
 * spaces; "" for none. */
char           *avs_explanation_format_source_numbers (AvsExplanation     *self,
                                                       const char * const *sources);
/* The "[1, 4]"-style reference for @sources, translated; "" for none. */
char           *avs_explanation_format_refs    (AvsExplanation  *self,
                                                const char * const *sources);
/* @text with the numbers of @sources after it, in the language's citation format; @text
 * itself when none of them is listed. */
char           *avs_explanation_cite           (AvsExplanation     *self,
                                                const char         *text,
                                                const char * const *sources);
/* Finds a statement by id in any section, or NULL. */
const AvsStatement *avs_explanation_find       (AvsExplanation  *self,
                                                const char      *id);

/* The explanation as the documented "avswitch-explain/1" JSON document (docs/explain.md):
 * region, now, summary, timeline, for_you, machine (statements with their source keys), and
 * the numbered sources with title and URL. */
#define AVS_EXPLAIN_SCHEMA "avswitch-explain/1"
JsonNode       *avs_explanation_to_json        (AvsExplanation  *self);

/* Whole days between @then and @now (rounded down; 0 when @then is later). */
gint64          avs_days_between               (GDateTime       *then,
                                                GDateTime       *now);

G_END_DECLS
