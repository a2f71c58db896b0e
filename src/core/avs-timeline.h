/* avs-timeline.h — the dated, sourced events of the Kaspersky ban and the measures around it
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A static table of sourced facts (docs/sources.md lists the sources). Every entry has a
 * date, the region it applies to, a translatable sentence and at least one source; every source
 * has a title and a URL. Where sources disagree, the entry follows the primary source.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A public source a statement rests on. */
typedef struct
{
  const char *key;     /* "PR", "FD", …: the keys of docs/sources.md */
  const char *title;   /* N_() marked; translate with _() when shown */
  const char *url;
} AvsSource;

typedef enum
{
  AVS_DATE_PRECISION_MONTH,    /* "December 2017" */
  AVS_DATE_PRECISION_DAY,      /* "24 June 2024" */
  AVS_DATE_PRECISION_MINUTE,   /* "29 September 2024, 00:00 EDT": a moment in a time zone */
} AvsDatePrecision;

typedef struct
{
  const char        *id;          /* stable, for tests and deep links: "bis-cutoff" */
  AvsDatePrecision   precision;
  /* ISO 8601: "2017-12" (month), "2024-06-24" (day) or "2024-09-29T00:00:00-04:00" (minute,
   * with the offset the source gives). */
  const char        *date;
  /* For a day range ("20–21 December 2017"): the last day, else NULL. */
  const char        *date_end;
  /* For a moment: the zone the source names it in ("America/New_York"), for its abbreviation. */
  const char        *timezone;
  /* The country the event belongs to ("US", "DE", …). */
  const char        *region;
  const char        *text;        /* N_() marked; translate with _() when shown */
  const char * const sources[5];  /* keys into the source table, NULL-terminated */
} AvsTimelineEntry;

/* The entries in date order; @n_entries receives their number. */
const AvsTimelineEntry *avs_timeline_get_entries   (gsize       *n_entries);
const AvsTimelineEntry *avs_timeline_lookup        (const char  *id);

/* Every source the program cites (docs/sources.md); @n_sources receives their number. */
const AvsSource        *avs_timeline_get_sources   (gsize       *n_sources);
const AvsSource        *avs_source_lookup          (const char  *key);

/* The moment the entry begins, in UTC: its instant for a moment, else 00:00 UTC of its first
 * day (month: of the first day of the month). */
GDateTime              *avs_timeline_entry_get_start (const AvsTimelineEntry *entry);

/* Whether the entry lies in the past at @now. A moment is compared as an instant; a date is
 * compared with the calendar date of @now in @now's own time zone (the day has begun there). */
gboolean                avs_timeline_entry_is_past (const AvsTimelineEntry *entry,
                                                    GDateTime              *now);

/* The date (and time) of @entry formatted for the current locale, translated. */
char                   *avs_timeline_entry_format_date (const AvsTimelineEntry *entry);

/* Formats @when (a date) in the language of the surrounding text: the translation sets the form
 * (C_("date format", …)) and the month names, so English text says "29 September 2024" whatever
 * LC_TIME is. Every date a person reads goes through here. */
char                   *avs_format_date           (GDateTime   *when);

/* @when's date, as avs_format_date(), and its time of day in @when's own time zone:
 * "28 November 2026, 14:05". */
char                   *avs_format_date_time      (GDateTime   *when);

/* The cut-off of the Final Determination: 2024-09-29 00:00 EDT (04:00 UTC). */
GDateTime              *avs_timeline_get_cutoff    (void);

G_END_DECLS
