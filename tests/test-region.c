/* test-region.c — the region of the explanation: locale, time zone, /etc, and the override
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "avs-region.h"
#include "avs-test-common.h"

typedef struct
{
  const char *lc_all;
  const char *lc_messages;
  const char *lang;
  const char *tz;
  const char *etc_timezone;    /* content of SYSROOT/etc/timezone, or NULL */
  const char *etc_localtime;   /* target of the SYSROOT/etc/localtime symlink, or NULL */
  const char *override;
  const char *expected;        /* NULL: unknown */
  AvsRegionSource source;
} Case;

static const Case cases[] = {
  /* The locale alone, in POSIX order: LC_ALL, LC_MESSAGES, LANG. */
  { NULL, NULL, "de_DE.UTF-8", NULL, NULL, NULL, NULL, "DE", AVS_REGION_SOURCE_LOCALE },
  { "it_IT.UTF-8", NULL, "de_DE.UTF-8", NULL, NULL, NULL, NULL, "IT", AVS_REGION_SOURCE_LOCALE },
  { NULL, "nl_NL.UTF-8", "en_US.UTF-8", NULL, NULL, NULL, NULL, "NL", AVS_REGION_SOURCE_LOCALE },
  { "", "", "en_GB.UTF-8", NULL, NULL, NULL, NULL, "GB", AVS_REGION_SOURCE_LOCALE },
  { NULL, NULL, "sr_RS@latin", NULL, NULL, NULL, NULL, "RS", AVS_REGION_SOURCE_LOCALE },
  { NULL, NULL, "lt_LT", NULL, NULL, NULL, NULL, "LT", AVS_REGION_SOURCE_LOCALE },
  { NULL, NULL, "fr_CA.ISO-8859-1", "UTC", NULL, NULL, NULL, "CA", AVS_REGION_SOURCE_LOCALE },
  { NULL, NULL, "de", NULL, NULL, NULL, NULL, NULL, AVS_REGION_SOURCE_NONE },
  { "C.UTF-8", NULL, "de_DE.UTF-8", NULL, NULL, NULL, NULL, NULL, AVS_REGION_SOURCE_NONE },
  { NULL, NULL, "POSIX", NULL, NULL, NULL, NULL, NULL, AVS_REGION_SOURCE_NONE },
  { NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, AVS_REGION_SOURCE_NONE },
  { NULL, NULL, "en_US.UTF-8", "Etc/UTC", NULL, NULL, NULL, "US", AVS_REGION_SOURCE_LOCALE },
  /* The time zone from TZ, in its forms, wins over the locale. */
  { NULL, NULL, "C.UTF-8", "America/New_York", NULL, NULL, NULL, "US", AVS_REGION_SOURCE_TIMEZONE },
  { NULL, NULL, "en_US.UTF-8", "Europe/Berlin", NULL, NULL, NULL, "DE", AVS_REGION_SOURCE_TIMEZONE },
  { NULL, NULL, "de_DE.UTF-8", ":America/Chicago", NULL, NULL, NULL, "US", AVS_REGION_SOURCE_TIMEZONE },
  { NULL, NULL, NULL, ":US/Pacific", NULL, NULL, NULL, "US", AVS_REGION_SOURCE_TIMEZONE },
  { NULL, NULL, NULL, "Pacific/Honolulu", NULL, NULL, NULL, "US", AVS_REGION_SOURCE_TIMEZONE },
  { NULL, NULL, NULL, "/usr/share/zoneinfo/posix/Europe/Amsterdam", NULL, NULL, NULL, "NL", AVS_REGION_SOURCE_TIMEZONE },
  { NULL, NULL, NULL, "Europe/London", NULL, NULL, NULL, "GB", AVS_REGION_SOURCE_TIMEZONE },
  { NULL, NULL, NULL, "America/Toronto", NULL, NULL, NULL, "CA", AVS_REGION_SOURCE_TIMEZONE },
  { NULL, NULL, NULL, "Europe/Rome", NULL, NULL, NULL, "IT", AVS_REGION_SOURCE_TIMEZONE },
  { NULL, NULL, NULL, "Europe/Vilnius", NULL, NULL, NULL, "LT", AVS_REGION_SOURCE_TIMEZONE },
  /* A place outside the seven: the locale names the country, but "en_US" does not move the
   * computer to the US. */
  { NULL, NULL, "fr_FR.UTF-8", "Europe/Paris", NULL, NULL, NULL, "FR", AVS_REGION_SOURCE_TIMEZONE },
  { NULL, NULL, "en_US.UTF-8", "Europe/Paris", NULL, NULL, NULL, NULL, AVS_REGION_SOURCE_TIMEZONE },
  { NULL, NULL, "de_DE.UTF-8", "Asia/Tokyo", NULL, NULL, NULL, NULL, AVS_REGION_SOURCE_TIMEZONE },
  /* /etc/timezone (Debian), then the /etc/localtime symlink (systemd). TZ comes first. */
  { NULL, NULL, "C", NULL, "America/Toronto\n", NULL, NULL, "CA", AVS_REGION_SOURCE_TIMEZONE },
  { NULL, NULL, "C", NULL, NULL, "../usr/share/zoneinfo/Europe/Vilnius", NULL, "LT", AVS_REGION_SOURCE_TIMEZONE },
  { NULL, NULL, "C", NULL, NULL, "/usr/share/zoneinfo/America/Denver", NULL, "US", AVS_REGION_SOURCE_TIMEZONE },
  { NULL, NULL, "C", NULL, "Europe/Rome", "/usr/share/zoneinfo/America/Denver", NULL, "IT", AVS_REGION_SOURCE_TIMEZONE },
  { NULL, NULL, "C", "Europe/Berlin", "Europe/Rome", NULL, NULL, "DE", AVS_REGION_SOURCE_TIMEZONE },
  { NULL, NULL, "de_DE.UTF-8", NULL, NULL, "/usr/share/zoneinfo/Etc/UTC", NULL, "DE", AVS_REGION_SOURCE_LOCALE },
  /* The override wins over everything, any case, "UK" meaning GB. */
  { NULL, NULL, "de_DE.UTF-8", "Europe/Berlin", NULL, NULL, "us", "US", AVS_REGION_SOURCE_OVERRIDE },
  { NULL, NULL, "en_US.UTF-8", "America/New_York", NULL, NULL, "DE", "DE", AVS_REGION_SOURCE_OVERRIDE },
  { NULL, NULL, NULL, NULL, NULL, NULL, "uk", "GB", AVS_REGION_SOURCE_OVERRIDE },
  { NULL, NULL, NULL, NULL, NULL, NULL, "FR", "FR", AVS_REGION_SOURCE_OVERRIDE },
  /* An invalid or empty override is ignored. */
  { NULL, NULL, "it_IT.UTF-8", NULL, NULL, NULL, "USA", "IT", AVS_REGION_SOURCE_LOCALE },
  { NULL, NULL, NULL, "America/New_York", NULL, NULL, "", "US", AVS_REGION_SOURCE_TIMEZONE },
  { NULL, NULL, NULL, "Europe/Berlin", NULL, NULL, "1x", "DE", AVS_REGION_SOURCE_TIMEZONE },
};

static char *
make_sysroot (const Case *c)
{
  g_autoptr(GError) error = NULL;
  char *root = avs_test_make_tmpdir ("avs-region-XXXXXX");
  g_autofree char *etc = NULL;

  g_assert_no_error (error);
  etc = g_build_filename (root, "etc", NULL);
  g_assert_cmpint (g_mkdir (etc, 0755), ==, 0);

  if (c->etc_timezone != NULL)
    {
      g_autofree char *path = g_build_filename (etc, "timezone", NULL);

      g_assert_true (g_file_set_contents (path, c->etc_timezone, -1, &error));
      g_assert_no_error (error);
    }
  if (c->etc_localtime != NULL)
    {
      g_autofree char *path = g_build_filename (etc, "localtime", NULL);

      g_assert_cmpint (symlink (c->etc_localtime, path), ==, 0);
    }
  return root;
}

static void
remove_sysroot (const char *root)
{
  g_autofree char *timezone = g_build_filename (root, "etc", "timezone", NULL);
  g_autofree char *localtime = g_build_filename (root, "etc", "localtime", NULL);
  g_autofree char *etc = g_build_filename (root, "etc", NULL);

  g_unlink (timezone);
  g_unlink (localtime);
  g_rmdir (etc);
  g_assert_cmpint (g_rmdir (root), ==, 0);
}

static void
test_region_matrix (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autofree char *root = make_sysroot (c);
      g_auto(GStrv) env = NULL;
      g_autoptr(AvsRegion) region = NULL;

      if (c->lc_all != NULL)
        env = g_environ_setenv (env, "LC_ALL", c->lc_all, TRUE);
      if (c->lc_messages != NULL)
        env = g_environ_setenv (env, "LC_MESSAGES", c->lc_messages, TRUE);
      if (c->lang != NULL)
        env = g_environ_setenv (env, "LANG", c->lang, TRUE);
      if (c->tz != NULL)
        env = g_environ_setenv (env, "TZ", c->tz, TRUE);
      if (env == NULL)
        env = g_new0 (char *, 1);

      region = avs_region_detect (c->override, (const char * const *) env, root);
      g_test_message ("case %" G_GSIZE_FORMAT ": LC_ALL=%s LC_MESSAGES=%s LANG=%s TZ=%s "
                      "timezone=%s localtime=%s override=%s → %s", i,
                      c->lc_all, c->lc_messages, c->lang, c->tz, c->etc_timezone,
                      c->etc_localtime, c->override, region->code);
      g_assert_cmpstr (region->code, ==, c->expected);
      g_assert_cmpint (region->source, ==, c->source);
      if (c->source != AVS_REGION_SOURCE_NONE)
        g_assert_nonnull (region->detail);

      remove_sysroot (root);
    }
}

static void
test_region_normalize (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *de = avs_region_normalize_code ("de", &error);
  g_autofree char *gb = avs_region_normalize_code ("Uk", NULL);
  g_autofree char *bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (de, ==, "DE");
  g_assert_cmpstr (gb, ==, "GB");

  bad = avs_region_normalize_code ("USA", &error);
  g_assert_null (bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "USA"));
  g_clear_error (&error);

  g_assert_null (avs_region_normalize_code ("", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (avs_region_normalize_code ("d3", NULL));
  g_assert_null (avs_region_normalize_code ("é", NULL));
  g_assert_null (avs_region_normalize_code (NULL, NULL));
}

static void
test_region_names (void)
{
  const char * const *codes = avs_region_known_codes ();

  g_assert_cmpuint (g_strv_length ((char **) codes), ==, 7);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      /* Every one of the seven has a name of its own, not its code. */
      g_assert_cmpstr (avs_region_get_name (codes[i]), !=, codes[i]);
    }
  g_assert_cmpstr (avs_region_get_name ("DE"), ==, "Germany");
  g_assert_cmpstr (avs_region_get_name ("FR"), ==, "FR");
  g_assert_nonnull (avs_region_get_name (NULL));
}

/* The zone table agrees with tzdata's own zone.tab wherever zone.tab lists the zone, and
 * every zone of the seven countries in zone.tab is in the table. */
static void
test_region_table_matches_zone_tab (void)
{
  const char * const *table = avs_region_timezone_table ();
  const char * const *known = avs_region_known_codes ();
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) zone_tab = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint checked = 0;

  if (!g_file_get_contents ("/usr/share/zoneinfo/zone.tab", &contents, NULL, NULL))
    {
      g_test_skip ("/usr/share/zoneinfo/zone.tab is not installed (package tzdata)");
      return;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (fields), >=, 3);
      g_hash_table_insert (zone_tab, g_strdup (fields[2]), g_strdup (fields[0]));

      if (g_strv_contains (known, fields[0]))
        {
          g_test_message ("zone.tab: %s %s", fields[0], fields[2]);
          g_assert_cmpstr (avs_region_from_timezone (fields[2]), ==, fields[0]);
          checked++;
        }
    }
  g_assert_cmpuint (checked, >, 50);

  for (guint i = 0; table[i] != NULL; i += 2)
    {
      const char *country = g_hash_table_lookup (zone_tab, table[i]);

      if (country != NULL)
        g_assert_cmpstr (country, ==, table[i + 1]);
      g_assert_true (avs_region_timezone_is_geographic (table[i]));
    }

  g_assert_false (avs_region_timezone_is_geographic ("UTC"));
  g_assert_false (avs_region_timezone_is_geographic ("Etc/GMT+2"));
  g_assert_false (avs_region_timezone_is_geographic (NULL));
  g_assert_true (avs_region_timezone_is_geographic ("Asia/Kolkata"));
}

int
main (int    argc,
      char **argv)
{
  avs_test_init (&argc, &argv);

  g_test_add_func ("/region/matrix", test_region_matrix);
  g_test_add_func ("/region/normalize", test_region_normalize);
  g_test_add_func ("/region/names", test_region_names);
  g_test_add_func ("/region/table-matches-zone-tab", test_region_table_matches_zone_tab);

  return g_test_run ();
}
