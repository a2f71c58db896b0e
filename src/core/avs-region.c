/* avs-region.c — which country the explanation of the ban is written for
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "avs-region.h"

/* Zones of the seven countries, as /usr/share/zoneinfo/zone.tab lists them, plus the older
 * names that are still links in tzdata ("US/Eastern", "America/Montreal", "GB"). */
static const char * const timezone_table[] = {
  /* United States */
  "America/New_York", "US", "America/Detroit", "US", "America/Kentucky/Louisville", "US",
  "America/Kentucky/Monticello", "US", "America/Louisville", "US", "America/Fort_Wayne", "US",
  "America/Indiana/Indianapolis", "US", "America/Indianapolis", "US",
  "America/Indiana/Vincennes", "US", "America/Indiana/Winamac", "US",
  "America/Indiana/Marengo", "US", "America/Indiana/Petersburg", "US",
  "America/Indiana/Vevay", "US", "America/Indiana/Tell_City", "US", "America/Indiana/Knox", "US",
  "America/Knox_IN", "US", "America/Chicago", "US", "America/Menominee", "US",
  "America/North_Dakota/Center", "US", "America/North_Dakota/New_Salem", "US",
  "America/North_Dakota/Beulah", "US", "America/Denver", "US", "America/Shiprock", "US",
  "America/Boise", "US", "America/Phoenix", "US", "America/Los_Angeles", "US",
  "America/Anchorage", "US", "America/Juneau", "US", "America/Sitka", "US",
  "America/Metlakatla", "US", "America/Yakutat", "US", "America/Nome", "US", "America/Adak", "US",
  "America/Atka", "US", "Pacific/Honolulu", "US", "Pacific/Johnston", "US", "Navajo", "US",
  "US/Eastern", "US", "US/Central", "US", "US/Mountain", "US", "US/Pacific", "US",
  "US/Alaska", "US", "US/Aleutian", "US", "US/Arizona", "US", "US/East-Indiana", "US",
  "US/Hawaii", "US", "US/Indiana-Starke", "US", "US/Michigan", "US",
  "EST5EDT", "US", "CST6CDT", "US", "MST7MDT", "US", "PST8PDT", "US",
  /* Germany */
  "Europe/Berlin", "DE", "Europe/Busingen", "DE",
  /* Italy */
  "Europe/Rome", "IT",
  /* Lithuania */
  "Europe/Vilnius", "LT",
  /* The Netherlands */
  "Europe/Amsterdam", "NL",
  /* United Kingdom */
  "Europe/London", "GB", "Europe/Belfast", "GB", "GB", "GB", "GB-Eire", "GB",
  /* Canada */
  "America/St_Johns", "CA", "America/Halifax", "CA", "America/Glace_Bay", "CA",
  "America/Moncton", "CA", "America/Goose_Bay", "CA", "America/Blanc-Sablon", "CA",
  "America/Toronto", "CA", "America/Montreal", "CA", "America/Nipigon", "CA",
  "America/Thunder_Bay", "CA", "America/Iqaluit", "CA", "America/Pangnirtung", "CA",
  "America/Atikokan", "CA", "America/Coral_Harbour", "CA", "America/Winnipeg", "CA",
  "America/Rainy_River", "CA", "America/Resolute", "CA", "America/Rankin_Inlet", "CA",
  "America/Regina", "CA", "America/Swift_Current", "CA", "America/Edmonton", "CA",
  "America/Yellowknife", "CA", "America/Cambridge_Bay", "CA", "America/Inuvik", "CA",
  "America/Creston", "CA", "America/Dawson_Creek", "CA", "America/Fort_Nelson", "CA",
  "America/Whitehorse", "CA", "America/Dawson", "CA", "America/Vancouver", "CA",
  "Canada/Atlantic", "CA", "Canada/Central", "CA", "Canada/Eastern", "CA",
  "Canada/Mountain", "CA", "Canada/Newfoundland", "CA", "Canada/Pacific", "CA",
  "Canada/Saskatchewan", "CA", "Canada/Yukon", "CA",
  NULL, NULL,
};

static const char * const known_codes[] = {
  AVS_REGION_US, AVS_REGION_DE, AVS_REGION_IT, AVS_REGION_LT, AVS_REGION_NL, AVS_REGION_GB,
  AVS_REGION_CA, NULL,
};

/* The area names tzdata uses for places (zone.tab's first path component). */
static const char * const geographic_areas[] = {
  "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe",
  "Indian", "Pacific", "Brazil", "Canada", "Chile", "Mexico", "US", NULL,
};

const char * const *
avs_region_timezone_table (void)
{
  return timezone_table;
}

const char * const *
avs_region_known_codes (void)
{
  return known_codes;
}

char *
avs_region_normalize_code (const char  *code,
                           GError     **error)
{
  char normalized[3];

  if (code == NULL || strlen (code) != 2 ||
      !g_ascii_isalpha (code[0]) || !g_ascii_isalpha (code[1]))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is what the user typed as a region. */
                   _("“%s” is not a country code. Use two letters, such as US or DE."),
                   code != NULL ? code : "");
      return NULL;
    }

  normalized[0] = g_ascii_toupper (code[0]);
  normalized[1] = g_ascii_toupper (code[1]);
  normalized[2] = '\0';

  /* The United Kingdom's ISO code is GB; "UK" is what people type. */
  if (g_str_equal (normalized, "UK"))
    return g_strdup (AVS_REGION_GB);

  return g_strdup (normalized);
}

char *
avs_region_from_locale (const char *locale)
{
  const char *underscore;
  gsize len;

  if (locale == NULL || *locale == '\0')
    return NULL;

  /* language[_territory][.codeset][@modifier] */
  underscore = strchr (locale, '_');
  if (underscore == NULL)
    return NULL;

  len = strcspn (underscore + 1, ".@");
  if (len != 2 || !g_ascii_isalpha (underscore[1]) || !g_ascii_isalpha (underscore[2]))
    return NULL;

  return avs_region_normalize_code ((char[]) { underscore[1], underscore[2], '\0' }, NULL);
}

/* ":America/New_York" → "America/New_York"; "/usr/share/zoneinfo/Europe/Berlin" →
 * "Europe/Berlin"; "../usr/share/zoneinfo/posix/Europe/Rome" → "Europe/Rome". */
static const char *
strip_timezone (const char *tzid)
{
  const char *found;

  if (tzid == NULL)
    return NULL;
  if (*tzid == ':')
    tzid++;

  /* The last "zoneinfo/" in a path, then the optional "posix/" or "right/" tree. */
  found = g_strrstr (tzid, "zoneinfo/");
  if (found != NULL)
    {
      tzid = found + strlen ("zoneinfo/");
      if (g_str_has_prefix (tzid, "posix/"))
        tzid += strlen ("posix/");
      else if (g_str_has_prefix (tzid, "right/"))
        tzid += strlen ("right/");
    }

  return tzid;
}

const char *
avs_region_from_timezone (const char *tzid)
{
  tzid = strip_timezone (tzid);
  if (tzid == NULL || *tzid == '\0')
    return NULL;

  for (guint i = 0; timezone_table[i] != NULL; i += 2)
    {
      if (g_str_equal (tzid, timezone_table[i]))
        return timezone_table[i + 1];
    }

  return NULL;
}

gboolean
avs_region_timezone_is_geographic (const char *tzid)
{
  const char *slash;

  tzid = strip_timezone (tzid);
  if (tzid == NULL || *tzid == '\0')
    return FALSE;
  if (avs_region_from_timezone (tzid) != NULL)
    return TRUE;

  slash = strchr (tzid, '/');
  if (slash == NULL || slash[1] == '\0')
    return FALSE;

  for (guint i = 0; geographic_areas[i] != NULL; i++)
    {
      gsize len = strlen (geographic_areas[i]);

      if ((gsize) (slash - tzid) == len && strncmp (tzid, geographic_areas[i], len) == 0)
        return TRUE;
    }

  return FALSE;
}

char *
avs_region_read_timezone (const char * const *envp,
                          const char         *sysroot)
{
  g_auto(GStrv) own_env = NULL;
  g_autofree char *timezone_file = NULL;
  g_autofree char *localtime_file = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *target = NULL;
  const char *tz;

  if (envp == NULL)
    envp = (const char * const *) (own_env = g_get_environ ());
  if (sysroot == NULL)
    sysroot = "/";

  tz = g_environ_getenv ((char **) envp, "TZ");
  if (tz != NULL && *tz != '\0')
    {
      const char *stripped = strip_timezone (tz);

      if (stripped != NULL && *stripped != '\0')
        return g_strdup (stripped);
    }

  /* Debian and its derivatives: one line naming the zone. */
  timezone_file = g_build_filename (sysroot, "etc", "timezone", NULL);
  if (g_file_get_contents (timezone_file, &contents, NULL, NULL))
    {
      g_strstrip (contents);
      if (*contents != '\0' && strchr (contents, '\n') == NULL && g_utf8_validate (contents, -1, NULL))
        return g_strdup (strip_timezone (contents));
    }

  /* systemd: /etc/localtime is a symlink into the zoneinfo tree. */
  localtime_file = g_build_filename (sysroot, "etc", "localtime", NULL);
  target = g_file_read_link (localtime_file, NULL);
  if (target != NULL && strstr (target, "zoneinfo/") != NULL)
    return g_strdup (strip_timezone (target));

  return NULL;
}

static char *
read_locale (const char * const *envp)
{
  static const char * const names[] = { "LC_ALL", "LC_MESSAGES", "LANG", NULL };

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *value = g_environ_getenv ((char **) envp, names[i]);

      if (value != NULL && *value != '\0')
        return g_strdup (value);
    }

  return NULL;
}

static gboolean
is_known_code (const char *code)
{
  return code != NULL && g_strv_contains (known_codes, code);
}

AvsRegion *
avs_region_detect (const char         *override,
                   const char * const *envp,
                   const char         *sysroot)
{
  g_autoptr(AvsRegion) region = g_new0 (AvsRegion, 1);
  g_auto(GStrv) own_env = NULL;
  g_autofree char *tzid = NULL;
  g_autofree char *locale = NULL;
  g_autofree char *locale_code = NULL;
  const char *tz_code;

  if (override != NULL && *override != '\0')
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *code = avs_region_normalize_code (override, &error);

      if (code != NULL)
        {
          region->code = g_steal_pointer (&code);
          region->source = AVS_REGION_SOURCE_OVERRIDE;
          region->detail = g_strdup (override);
          return g_steal_pointer (&region);
        }
      g_debug ("Ignoring the region override: %s", error->message);
    }

  if (envp == NULL)
    envp = (const char * const *) (own_env = g_get_environ ());

  tzid = avs_region_read_timezone (envp, sysroot);
  locale = read_locale (envp);
  locale_code = avs_region_from_locale (locale);

  tz_code = avs_region_from_timezone (tzid);
  if (tz_code != NULL)
    {
      region->code = g_strdup (tz_code);
      region->source = AVS_REGION_SOURCE_TIMEZONE;
      region->detail = g_strdup (tzid);
    }
  else if (avs_region_timezone_is_geographic (tzid))
    {
      /* A place outside the seven countries: the locale may name the country ("fr_FR" in
       * Europe/Paris), but an "en_US" locale in Paris does not put the computer in the US. */
      region->source = AVS_REGION_SOURCE_TIMEZONE;
      region->detail = g_strdup (tzid);
      if (locale_code != NULL && !is_known_code (locale_code))
        region->code = g_steal_pointer (&locale_code);
    }
  else if (locale_code != NULL)
    {
      region->code = g_steal_pointer (&locale_code);
      region->source = AVS_REGION_SOURCE_LOCALE;
      region->detail = g_steal_pointer (&locale);
    }
  else
    {
      region->source = AVS_REGION_SOURCE_NONE;
    }

  return g_steal_pointer (&region);
}

AvsRegion *
avs_region_copy (const AvsRegion *region)
{
  AvsRegion *copy;

  g_return_val_if_fail (region != NULL, NULL);

  copy = g_new0 (AvsRegion, 1);
  copy->code = g_strdup (region->code);
  copy->source = region->source;
  copy->detail = g_strdup (region->detail);
  return copy;
}

void
avs_region_free (AvsRegion *region)
{
  if (region == NULL)
    return;
  g_free (region->code);
  g_free (region->detail);
  g_free (region);
}

const char *
avs_region_get_name (const char *code)
{
  if (code == NULL || *code == '\0')
    /* Translators: the region of the user could not be found out. */
    return _("Unknown");
  if (g_str_equal (code, AVS_REGION_US))
    return _("United States");
  if (g_str_equal (code, AVS_REGION_DE))
    return _("Germany");
  if (g_str_equal (code, AVS_REGION_IT))
    return _("Italy");
  if (g_str_equal (code, AVS_REGION_LT))
    return _("Lithuania");
  if (g_str_equal (code, AVS_REGION_NL))
    return _("Netherlands");
  if (g_str_equal (code, AVS_REGION_GB))
    return _("United Kingdom");
  if (g_str_equal (code, AVS_REGION_CA))
    return _("Canada");
  if (g_str_equal (code, AVS_REGION_OTHER))
    return _("Another country");
  return code;
}
