/* avs-region.h — which country the explanation of the ban is written for
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The region is a two-letter country code (ISO 3166-1 alpha-2, upper case). It comes, in this
 * order, from the user's override (GSettings "region", `--region CC`), from the time zone (TZ,
 * else /etc/timezone, else the target of the /etc/localtime symlink), or from the territory of
 * the locale (LC_ALL, else LC_MESSAGES, else LANG). The time zone wins over the locale because it
 * says where the computer is, while many people everywhere use an "en_US" locale.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The countries whose measures the fact sheet lists. */
#define AVS_REGION_US "US"
#define AVS_REGION_DE "DE"
#define AVS_REGION_IT "IT"
#define AVS_REGION_LT "LT"
#define AVS_REGION_NL "NL"
#define AVS_REGION_GB "GB"
#define AVS_REGION_CA "CA"
/* ISO 3166's user-assigned "ZZ": a country the user chose as "another country". */
#define AVS_REGION_OTHER "ZZ"

typedef enum
{
  AVS_REGION_SOURCE_NONE,       /* nothing told: the region is unknown */
  AVS_REGION_SOURCE_OVERRIDE,   /* the user chose it */
  AVS_REGION_SOURCE_TIMEZONE,   /* from the time zone */
  AVS_REGION_SOURCE_LOCALE,     /* from the locale's territory */
} AvsRegionSource;

typedef struct
{
  char            *code;     /* "US", "DE", …; NULL when unknown */
  AvsRegionSource  source;
  char            *detail;   /* what it was read from: "de_DE.UTF-8", "America/New_York"; may be NULL */
} AvsRegion;

/* Normalises a user-given code: two ASCII letters, any case, "UK" meaning "GB". Returns NULL
 * (and sets @error, translated) for anything else. An empty string is not a code. */
char        *avs_region_normalize_code  (const char  *code,
                                         GError     **error);

/* "de_DE.UTF-8@euro" → "DE"; "C", "POSIX", "C.UTF-8", "en" → NULL. */
char        *avs_region_from_locale     (const char  *locale);

/* A time-zone identifier ("America/New_York", ":Europe/Berlin", or a path under a zoneinfo
 * directory) → the country among the seven above, or NULL. */
const char  *avs_region_from_timezone   (const char  *tzid);

/* Whether @tzid names a place ("Europe/Paris"), as opposed to "UTC", "Etc/GMT+2" or nothing. */
gboolean     avs_region_timezone_is_geographic (const char *tzid);

/* The time-zone identifier of the system under @sysroot: TZ from @envp first, then
 * SYSROOT/etc/timezone, then the target of SYSROOT/etc/localtime. NULL when none is found. */
char        *avs_region_read_timezone   (const char * const *envp,
                                         const char  *sysroot);

/* Detects the region. @override: a code from the user, or NULL/"" to detect. @envp: the
 * environment to read (NULL: this process's). @sysroot: where /etc is (NULL: "/"). An invalid
 * override is ignored (logged at debug level), so a bad GSettings value never hides the explanation. */
AvsRegion   *avs_region_detect          (const char  *override,
                                         const char * const *envp,
                                         const char  *sysroot);
AvsRegion   *avs_region_copy            (const AvsRegion *region);
void         avs_region_free            (AvsRegion   *region);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AvsRegion, avs_region_free)

/* The translated name of @code for the seven countries above ("Germany"); for any other code,
 * the code itself; for NULL, "unknown". */
const char  *avs_region_get_name        (const char  *code);

/* The codes the fact sheet has national measures for (NULL-terminated, in a stable order). */
const char * const *avs_region_known_codes (void);

/* The whole zone → country table, for the tests (NULL-terminated pairs: zone, code, …). */
const char * const *avs_region_timezone_table (void);

G_END_DECLS
