/* test-explanation.c — the timeline, its sources, the cut-off arithmetic, the statements for
 * each region and each kind of finding, and `avswitch explain`
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/wait.h>

#include "avs-explanation.h"
#include "avs-language.h"
#include "avs-test-common.h"
#include "avs-text.h"

static GDateTime *
at (const char *iso)
{
  GDateTime *when = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (when);
  return when;
}

static AvsRegion *
region_for (const char *code)
{
  AvsRegion *region = g_new0 (AvsRegion, 1);

  region->code = g_strdup (code);
  region->source = code != NULL ? AVS_REGION_SOURCE_OVERRIDE : AVS_REGION_SOURCE_NONE;
  return region;
}

static AvsExplanation *
explain (const char    *code,
         AvsScanResult *scan,
         const char    *now_iso)
{
  g_autoptr(AvsRegion) region = region_for (code);
  g_autoptr(GDateTime) now = at (now_iso);

  return avs_explanation_new (region, scan, now);
}

static gboolean
cites (const AvsStatement *statement,
       const char         *key)
{
  return g_strv_contains ((const char * const *) statement->sources, key);
}

static const AvsStatement *
expect_statement (AvsExplanation *explanation,
                  const char     *id,
                  const char     *substring)
{
  const AvsStatement *statement = avs_explanation_find (explanation, id);
  g_autofree char *plain = NULL;

  if (statement == NULL)
    g_error ("no statement “%s”", id);
  /* Read as a terminal shows it: without the isolates around names and versions. */
  plain = avs_text_drop_isolates (statement->text);
  if (substring != NULL && strstr (plain, substring) == NULL)
    g_error ("statement “%s” lacks “%s”: %s", id, substring, statement->text);
  return statement;
}

/* Every statement that is not about this computer rests on at least one source, every source
 * it names is listed, and every listed source is cited. */
static void
assert_all_sourced (AvsExplanation *explanation)
{
  GPtrArray *sections[] = { explanation->summary, explanation->for_you, explanation->machine };
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    for (guint i = 0; i < sections[s]->len; i++)
      {
        AvsStatement *statement = sections[s]->pdata[i];

        g_assert_nonnull (statement->text);
        g_assert_cmpstr (statement->text, !=, "");
        g_assert_nonnull (statement->sources);
        if (!statement->from_scan)
          g_assert_cmpuint (g_strv_length (statement->sources), >, 0);
        for (guint k = 0; statement->sources[k] != NULL; k++)
          {
            g_assert_cmpuint (avs_explanation_source_number (explanation, statement->sources[k]), >, 0);
            g_hash_table_add (used, statement->sources[k]);
          }
      }

  for (guint i = 0; i < explanation->timeline->len; i++)
    {
      AvsExplainedEvent *event = explanation->timeline->pdata[i];

      for (guint k = 0; event->entry->sources[k] != NULL; k++)
        g_hash_table_add (used, (gpointer) event->entry->sources[k]);
    }

  g_assert_cmpuint (g_hash_table_size (used), ==, explanation->sources->len);
}

/* --- the timeline ------------------------------------------------------------------------ */

static void
test_timeline_entries (void)
{
  gsize n_entries, n_sources;
  const AvsTimelineEntry *entries = avs_timeline_get_entries (&n_entries);
  const AvsSource *sources = avs_timeline_get_sources (&n_sources);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) cited = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) previous = NULL;
  const char * const *known = avs_region_known_codes ();
  /* Everything the issue asks the timeline to cover. */
  const char * const required[] = {
    "bod-17-01", "ndaa-1634", "ndaa-in-force", "fcc-covered-list", "bis-announced", "ofac",
    "bis-published", "kaspersky-exit", "bis-no-new-agreements", "ultraav-switch", "bis-cutoff",
    "germany-bsi", "italy-acn", "lithuania", "netherlands", "uk-ncsc", "canada", NULL
  };

  g_assert_cmpuint (n_entries, >=, 20);

  for (gsize i = 0; i < n_entries; i++)
    {
      const AvsTimelineEntry *entry = &entries[i];
      g_autoptr(GDateTime) start = avs_timeline_entry_get_start (entry);
      g_autofree char *date = avs_timeline_entry_format_date (entry);

      g_test_message ("%s: %s", entry->id, date);
      g_assert_true (g_hash_table_add (ids, (gpointer) entry->id));
      g_assert_nonnull (start);
      g_assert_nonnull (date);
      g_assert_cmpstr (date, !=, "");
      g_assert_true (g_strv_contains (known, entry->region));
      g_assert_nonnull (entry->text);
      g_assert_cmpuint (strlen (entry->text), >, 20);
      g_assert_nonnull (entry->sources[0]);
      for (guint k = 0; entry->sources[k] != NULL; k++)
        {
          const AvsSource *source = avs_source_lookup (entry->sources[k]);

          g_assert_nonnull (source);
          g_hash_table_add (cited, (gpointer) source->key);
        }
      if (entry->precision == AVS_DATE_PRECISION_MINUTE)
        g_assert_nonnull (entry->timezone);

      /* In date order. */
      if (previous != NULL)
        g_assert_cmpint (g_date_time_compare (previous, start), <=, 0);
      g_clear_pointer (&previous, g_date_time_unref);
      previous = g_date_time_ref (start);
    }

  for (guint i = 0; required[i] != NULL; i++)
    g_assert_nonnull (avs_timeline_lookup (required[i]));

  for (gsize i = 0; i < n_sources; i++)
    {
      g_autoptr(GUri) uri = g_uri_parse (sources[i].url, G_URI_FLAGS_NONE, NULL);

      g_assert_nonnull (uri);
      g_assert_true (g_str_equal (g_uri_get_scheme (uri), "https") ||
                     g_str_equal (g_uri_get_scheme (uri), "http"));
      g_assert_nonnull (g_uri_get_host (uri));
      g_assert_cmpuint (strlen (sources[i].title), >, 5);
      g_assert_true (avs_source_lookup (sources[i].key) == &sources[i]);
    }
  g_assert_cmpuint (g_hash_table_size (cited), >, 25);
}

/* Every entry text and every source title is a msgid that xgettext extracts from the source,
 * so translators see it. */
static void
test_timeline_translatable (void)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autofree char *file = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xgettext = g_find_program_in_path ("xgettext");
  int status;
  gsize n;
  const AvsTimelineEntry *entries = avs_timeline_get_entries (&n);
  const AvsSource *sources;

  if (xgettext == NULL)
    {
      g_test_skip ("xgettext is not installed (package gettext)");
      return;
    }
  g_assert_nonnull (srcdir);
  file = g_build_filename (srcdir, "..", "src", "core", "avs-timeline.c", NULL);
  {
    const char *argv[] = { xgettext, "--language=C", "--from-code=UTF-8", "--keyword=_",
                           "--keyword=N_", "--no-wrap", "--output=-", file, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &status, &error));
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *msgid = g_strdup_printf ("msgid \"%s\"\n", entries[i].text);

      if (strstr (out, msgid) == NULL)
        g_error ("entry %s is not extracted for translation", entries[i].id);
    }

  sources = avs_timeline_get_sources (&n);
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *msgid = g_strdup_printf ("msgid \"%s\"\n", sources[i].title);

      if (strstr (out, msgid) == NULL)
        g_error ("source %s's title is not extracted for translation", sources[i].key);
    }
}

/* --- dates ------------------------------------------------------------------------------- */

static void
test_cutoff_arithmetic (void)
{
  const AvsTimelineEntry *cutoff = avs_timeline_lookup ("bis-cutoff");
  g_autoptr(GDateTime) start = avs_timeline_get_cutoff ();
  g_autofree char *formatted = avs_timeline_entry_format_date (cutoff);
  struct { const char *now; gboolean past; } cases[] = {
    { "2024-09-29T03:59:00Z", FALSE },
    { "2024-09-29T03:59:59.999Z", FALSE },
    { "2024-09-29T04:00:00Z", TRUE },
    { "2024-09-29T00:00:00-04:00", TRUE },        /* the moment itself, in EDT */
    { "2024-09-28T23:59:00-04:00", FALSE },
    { "2024-09-29T00:00:00+02:00", FALSE },       /* midnight in Berlin is still before */
    { "2024-09-29T05:59:00+02:00", FALSE },
    { "2024-09-29T06:00:00+02:00", TRUE },
    { "2024-09-28T23:30:00-05:00", TRUE },        /* still the 28th in Chicago, but after */
    { "2024-09-28T21:00:00-07:00", TRUE },        /* the 28th in Los Angeles, 04:00 UTC */
    { "2024-09-28T20:59:00-07:00", FALSE },
  };

  g_assert_cmpint (g_date_time_to_unix (start), ==, 1727582400);  /* 2024-09-29 04:00:00 UTC */
  g_assert_cmpint (g_date_time_get_utc_offset (start), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) now = at (cases[i].now);
      g_autoptr(AvsExplanation) us = explain ("US", NULL, cases[i].now);
      g_autoptr(AvsExplanation) de = explain ("DE", NULL, cases[i].now);

      g_test_message ("now %s: past %d", cases[i].now, cases[i].past);
      g_assert_cmpint (avs_timeline_entry_is_past (cutoff, now), ==, cases[i].past);
      /* The tense of the statements follows the clock. */
      expect_statement (us, "us-cutoff", cases[i].past ? "Since " : "From ");
      expect_statement (us, "summary-us", cases[i].past ? "Since " : "From ");
      expect_statement (de, "us-persons-abroad", cases[i].past ? "since " : "from ");
    }

  /* The moment shows as the source gives it (EDT) and in UTC, each time isolated for
   * right-to-left text. */
  g_assert_cmpstr (formatted, ==,
                   "29 September 2024, \u206800:00 EDT\u2069 (\u206804:00\u2069 UTC)");
}

/* A date inside English text is English, whatever LC_TIME says: with a German LC_TIME and no
 * German translation, "24 June 2024", never "24 Juni 2024". The German locale is compiled into a
 * temporary folder with localedef, as the test machine may have none. */
static void
test_date_language_of_text (void)
{
  g_autofree char *dir = g_dir_make_tmp ("avs-locale-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "de_DE.UTF-8", NULL);
  g_autofree char *localedef = g_find_program_in_path ("localedef");
  g_autofree char *old_locpath = g_strdup (g_getenv ("LOCPATH"));
  g_autoptr(GDateTime) when = g_date_time_new_utc (2024, 6, 24, 12, 0, 0);
  g_autofree char *date = NULL;
  g_autofree char *date_time = NULL;
  g_autofree char *month = NULL;
  const char *argv[] = { NULL, "-i", "de_DE", "-f", "UTF-8", NULL, NULL };
  int status = -1;

  if (localedef == NULL || !g_file_test ("/usr/share/i18n/locales/de_DE", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("localedef or the de_DE locale source is missing");
      avs_test_rm_rf (dir);
      return;
    }
  argv[0] = localedef;
  argv[5] = target;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                               G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL));
  g_setenv ("LOCPATH", dir, TRUE);
  g_assert_nonnull (setlocale (LC_TIME, "de_DE.UTF-8"));
  /* The locale really is German: GLib's own %B says so. */
  month = g_date_time_format (when, "%B");
  g_assert_cmpstr (month, ==, "Juni");

  date = avs_format_date (when);
  g_assert_cmpstr (date, ==, "24 June 2024");
  date_time = avs_format_date_time (when);
  g_assert_cmpstr (date_time, ==, "24 June 2024, 12:00");

  setlocale (LC_TIME, "C.UTF-8");
  if (old_locpath != NULL)
    g_setenv ("LOCPATH", old_locpath, TRUE);
  else
    g_unsetenv ("LOCPATH");
  avs_test_rm_rf (dir);
}

/* Russian declines the month: "29 сентября 2024" (genitive, %B) but "декабрь 2017" (nominative,
 * %OB, the month and year). A tiny catalog made here with msgfmt gives each form a name of its
 * own; a '%' in a name is text, never a format code. */
static void
test_date_month_forms (void)
{
  g_autofree char *dir = g_dir_make_tmp ("avs-months-XXXXXX", NULL);
  g_autofree char *mo_dir = g_build_filename (dir, "ru", "LC_MESSAGES", NULL);
  g_autofree char *po = g_build_filename (dir, "ru.po", NULL);
  g_autofree char *mo = g_build_filename (mo_dir, GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *msgfmt = g_find_program_in_path ("msgfmt");
  g_autofree char *saved_dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { NULL, "-o", mo, po, NULL };
  static const char po_text[] =
    "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
    "msgctxt \"month name\"\nmsgid \"September\"\nmsgstr \"сентября 100%\"\n\n"
    "msgctxt \"standalone month name\"\nmsgid \"September\"\nmsgstr \"сентябрь\"\n\n"
    "msgctxt \"month name\"\nmsgid \"December\"\nmsgstr \"декабря\"\n\n"
    "msgctxt \"standalone month name\"\nmsgid \"December\"\nmsgstr \"декабрь %Y\"\n\n"
    "msgctxt \"date format\"\nmsgid \"%-d %B %Y\"\nmsgstr \"%-d %B %Y г.\"\n";
  int status = -1;

  if (msgfmt == NULL)
    {
      g_test_skip ("msgfmt is missing");
      avs_test_rm_rf (dir);
      return;
    }
  argv[0] = msgfmt;
  g_assert_cmpint (g_mkdir_with_parents (mo_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (po, po_text, -1, NULL));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  saved_dir = g_strdup (bindtextdomain (GETTEXT_PACKAGE, NULL));
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  {
    g_autoptr(AvsLanguageScope) scope = avs_language_scope_enter ("ru");
    g_autoptr(GDateTime) september = g_date_time_new_utc (2024, 9, 29, 12, 0, 0);
    g_autofree char *full = avs_format_date (september);
    g_autofree char *month = avs_timeline_entry_format_date (avs_timeline_lookup ("ndaa-1634"));
    g_autofree char *range = NULL;
    g_autofree char *range_plain = NULL;

    /* The catalog is read at all: the full date has its "г.". */
    g_assert_cmpstr (full, ==, "29 сентября 100% 2024 г.");
    /* The month and year ("%OB %Y", untranslated here) takes the standalone name, and its
     * "%Y" stays text: the year follows once. */
    g_assert_cmpstr (month, ==, "декабрь %Y 2017");
    /* A range of days inside one month: the full date's form (%B). */
    range = avs_timeline_entry_format_date (avs_timeline_lookup ("lithuania"));
    range_plain = avs_text_drop_isolates (range);
    g_assert_cmpstr (range_plain, ==, "20–21 декабря 2017 г.");
  }
  bindtextdomain (GETTEXT_PACKAGE, saved_dir);
  avs_test_rm_rf (dir);
}

static void
test_date_precision (void)
{
  const AvsTimelineEntry *published = avs_timeline_lookup ("bis-published");   /* 2024-06-24 */
  const AvsTimelineEntry *ndaa = avs_timeline_lookup ("ndaa-1634");            /* 2017-12 */
  const AvsTimelineEntry *lithuania = avs_timeline_lookup ("lithuania");       /* 20–21 Dec */
  struct { const AvsTimelineEntry *entry; const char *now; gboolean past; } cases[] = {
    /* A day is past once it has begun where the reader is. */
    { published, "2024-06-23T23:59:59Z", FALSE },
    { published, "2024-06-24T00:00:00Z", TRUE },
    { published, "2024-06-24T06:00:00Z", TRUE },
    { published, "2024-06-23T23:00:00-07:00", FALSE },   /* 06:00 UTC on the 24th */
    { published, "2024-06-24T00:30:00+09:00", TRUE },    /* 15:30 UTC on the 23rd */
    /* A month is past once it has begun. */
    { ndaa, "2017-11-30T23:59:00Z", FALSE },
    { ndaa, "2017-12-01T00:00:00Z", TRUE },
    { ndaa, "2018-01-15T00:00:00Z", TRUE },
    { ndaa, "2016-12-31T00:00:00Z", FALSE },
    { lithuania, "2017-12-19T12:00:00Z", FALSE },
    { lithuania, "2017-12-20T12:00:00Z", TRUE },
  };
  g_autofree char *ndaa_date = avs_timeline_entry_format_date (ndaa);
  g_autofree char *lithuania_date = avs_timeline_entry_format_date (lithuania);
  g_autofree char *published_date = avs_timeline_entry_format_date (published);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) now = at (cases[i].now);

      g_test_message ("%s at %s", cases[i].entry->id, cases[i].now);
      g_assert_cmpint (avs_timeline_entry_is_past (cases[i].entry, now), ==, cases[i].past);
    }

  g_assert_cmpstr (ndaa_date, ==, "December 2017");
  g_assert_cmpstr (lithuania_date, ==, "\u206820\u2069–21 December 2017");
  g_assert_cmpstr (published_date, ==, "24 June 2024");

  /* The explanation marks past and upcoming events by the same rule. */
  {
    g_autoptr(AvsExplanation) explanation = explain ("DE", NULL, "2024-07-01T12:00:00+02:00");
    guint past = 0, upcoming = 0;

    for (guint i = 0; i < explanation->timeline->len; i++)
      {
        AvsExplainedEvent *event = explanation->timeline->pdata[i];

        if (event->past)
          past++;
        else
          upcoming++;
        g_assert_cmpint (event->local, ==, g_str_equal (event->entry->region, "DE"));
      }
    g_assert_cmpuint (past, >, 10);
    /* Kaspersky's exit, 20 July, the UltraAV notices and switch, the cut-off, Italy 2025. */
    g_assert_cmpuint (upcoming, ==, 6);
  }
}

static void
test_days_between (void)
{
  g_autoptr(GDateTime) a = at ("2024-09-29T04:00:00Z");
  g_autoptr(GDateTime) b = at ("2026-11-27T04:00:00Z");
  g_autoptr(GDateTime) c = at ("2026-11-28T03:59:59Z");

  g_assert_cmpint (avs_days_between (a, b), ==, 789);
  g_assert_cmpint (avs_days_between (a, c), ==, 789);
  g_assert_cmpint (avs_days_between (b, a), ==, 0);
  g_assert_cmpint (avs_days_between (a, a), ==, 0);
}

/* --- the reader's region ----------------------------------------------------------------- */

static void
test_explain_us (void)
{
  g_autoptr(AvsExplanation) explanation = explain ("US", NULL, "2026-11-27T08:00:00Z");
  const AvsStatement *legal;

  expect_statement (explanation, "summary-us", "banned in the United States");
  expect_statement (explanation, "summary-why", "Russian government");
  expect_statement (explanation, "us-cutoff", "Since 29 September 2024, 00:00 EDT (04:00 UTC)");
  /* BIS's own words, quoted, from the press release. */
  legal = expect_statement (explanation, "us-legal",
                            "“Individuals and businesses that continue to use existing Kaspersky "
                            "products and services will not face legal penalties under the Final "
                            "Determination. However, any individual or business that continues to "
                            "use Kaspersky products and services assumes all the cybersecurity and "
                            "associated risks of doing so.”");
  g_assert_true (cites (legal, "PR"));
  g_assert_true (cites (expect_statement (explanation, "us-advice", "expeditiously transition"), "PR"));
  g_assert_true (cites (expect_statement (explanation, "us-ultraav", "not Linux"), "HNS"));
  /* Money: the subscriptions and their billing went to UltraAV. */
  g_assert_true (cites (expect_statement (explanation, "us-ultraav-billing",
                                          "check your UltraAV account"), "HNS"));
  /* Businesses on KESL: no replacement, and what that means for a managed fleet. */
  g_assert_true (cites (expect_statement (explanation, "us-business",
                                          "administrator of Kaspersky Security Center"), "KSC"));
  g_assert_null (avs_explanation_find (explanation, "summary-elsewhere-legal"));

  /* Citations: the numbers joined by the list separator with no-break spaces, the whole in
   * the citation format; a text without listed sources stays as it is. */
  {
    const char * const keys[] = { "PR", "HNS", "no-such-source", NULL };
    const char * const none[] = { "no-such-source", NULL };
    guint pr = avs_explanation_source_number (explanation, "PR");
    guint hns = avs_explanation_source_number (explanation, "HNS");
    g_autofree char *numbers = g_strdup_printf ("%u,\u00a0%u", pr, hns);
    g_autofree char *refs = avs_explanation_format_refs (explanation, keys);
    g_autofree char *cited = avs_explanation_cite (explanation, "Text.", keys);
    g_autofree char *uncited = avs_explanation_cite (explanation, "Text.", none);
    g_autofree char *expected_refs = g_strdup_printf ("[%s]", numbers);
    g_autofree char *expected_cited = g_strdup_printf ("Text. [%s]", numbers);

    g_assert_cmpuint (pr, >, 0);
    g_assert_cmpuint (hns, >, 0);
    g_assert_cmpstr (refs, ==, expected_refs);
    g_assert_cmpstr (cited, ==, expected_cited);
    g_assert_cmpstr (uncited, ==, "Text.");
  }

  /* Nothing of the other regions. */
  g_assert_null (avs_explanation_find (explanation, "elsewhere-updates"));
  g_assert_null (avs_explanation_find (explanation, "national-de"));
  g_assert_cmpuint (explanation->machine->len, ==, 0);
  assert_all_sourced (explanation);

  /* The first source is the BIS press release. */
  g_assert_cmpstr (((AvsSource *) explanation->sources->pdata[0])->key, ==, "PR");
}

static void
test_explain_germany (void)
{
  g_autoptr(AvsExplanation) explanation = explain ("DE", NULL, "2026-11-27T08:00:00+01:00");
  const AvsStatement *national;
  const AvsStatement *abroad;

  expect_statement (explanation, "summary-elsewhere", "does not stop");
  expect_statement (explanation, "elsewhere-updates", "does not stop Kaspersky's updates");
  /* The rule's own term: US persons, which for people includes permanent residents. */
  abroad = expect_statement (explanation, "us-persons-abroad",
                             "US person — for people, a US citizen or a permanent resident");
  g_assert_true (cites (abroad, "CRW"));
  g_assert_true (cites (abroad, "FD"));
  /* Outside the US, private use stays legal, said plainly next to the national measures. */
  g_assert_true (cites (expect_statement (explanation, "summary-elsewhere-legal",
                                          "private users may keep using Kaspersky"), "DE"));
  g_assert_null (avs_explanation_find (explanation, "us-ultraav-billing"));
  national = expect_statement (explanation, "national-de", "15 March 2022");
  g_assert_true (cites (national, "DE"));
  g_assert_true (cites (national, "WF"));

  g_assert_null (avs_explanation_find (explanation, "us-legal"));
  g_assert_null (avs_explanation_find (explanation, "us-cutoff"));
  assert_all_sourced (explanation);
}

static void
test_explain_national (void)
{
  struct { const char *code; const char *id; const char *key; const char *text; } cases[] = {
    { "IT", "national-it", "IT", "4336" },
    { "LT", "national-lt", "LT", "20–21 December 2017" },
    { "NL", "national-nl", "NL", "14 May 2018" },
    { "GB", "national-gb", "UK", "did not advise the general public" },
    { "CA", "national-ca", "CA", "30 October 2023" },
  };
  const char * const others[] = { "FR", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AvsExplanation) explanation = explain (cases[i].code, NULL, "2026-01-01T00:00:00Z");

      g_assert_true (cites (expect_statement (explanation, cases[i].id, cases[i].text), cases[i].key));
      expect_statement (explanation, "us-persons-abroad", NULL);
      assert_all_sourced (explanation);
    }

  /* A country without a national measure, and an unknown region: the general statements. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(AvsExplanation) explanation = explain (others[i], NULL, "2026-01-01T00:00:00Z");

      expect_statement (explanation, "summary-others", "Germany, Italy");
      expect_statement (explanation, "elsewhere-updates", NULL);
      expect_statement (explanation, "us-persons-abroad", NULL);
      for (guint k = 0; k < explanation->for_you->len; k++)
        g_assert_false (g_str_has_prefix (((AvsStatement *) explanation->for_you->pdata[k])->id,
                                          "national-"));
      assert_all_sourced (explanation);
    }
}

/* --- this computer ----------------------------------------------------------------------- */

static AvsScanResult *
scan_with (AvsFinding *first,
           ...)
{
  AvsScanResult *scan = avs_scan_result_new ("/");
  va_list args;

  va_start (args, first);
  for (AvsFinding *finding = first; finding != NULL; finding = va_arg (args, AvsFinding *))
    {
      avs_scan_result_add_finding (scan, finding);
      g_object_unref (finding);
    }
  va_end (args);
  return scan;
}

static AvsFinding *
kesl (AvsInstallState state,
      const char     *updated_iso)
{
  AvsFinding *finding = avs_finding_new (AVS_PRODUCT_KESL, "Kaspersky Endpoint Security for Linux");

  avs_finding_set_version (finding, "11.3.0.7441");
  avs_finding_set_state (finding, state);
  avs_finding_add_evidence (finding, AVS_EVIDENCE_PACKAGE, "kesl", "dpkg");
  if (updated_iso != NULL)
    {
      g_autoptr(GDateTime) updated = at (updated_iso);
      avs_finding_set_signatures_updated (finding, updated);
    }
  return finding;
}

static void
test_machine_product_and_age (void)
{
  g_autoptr(AvsFinding) product = kesl (AVS_INSTALL_STATE_INSTALLED, "2024-09-28T10:00:00Z");
  g_autoptr(AvsScanResult) scan = NULL;
  g_autoptr(AvsExplanation) us = NULL;
  g_autoptr(AvsExplanation) de = NULL;
  const AvsStatement *age;

  avs_finding_set_running (product, TRUE);
  scan = scan_with (g_object_ref (product), NULL);

  /* 2024-09-28 10:00 UTC + 790 days = 2026-11-27 10:00 UTC. */
  us = explain ("US", scan, "2026-11-27T12:00:00Z");
  g_assert_true (expect_statement (us, "machine-product",
                                   "Kaspersky Endpoint Security for Linux 11.3.0.7441 is installed "
                                   "on this computer. It is running now.")->from_scan);
  /* The name and the version keep their order inside a right-to-left translation. */
  g_assert_nonnull (strstr (avs_explanation_find (us, "machine-product")->text,
                            "\342\201\250Kaspersky Endpoint Security for Linux\342\201\251 "
                            "\342\201\25011.3.0.7441\342\201\251 is installed"));
  age = expect_statement (us, "machine-signatures", "last updated on 28 September 2024, 790 days ago.");
  g_assert_true (age->from_scan);
  g_assert_true (cites (age, "KESL"));
  assert_all_sourced (us);

  /* The same scan read in Germany says the same about the machine. */
  de = explain ("DE", scan, "2026-11-27T12:00:00Z");
  expect_statement (de, "machine-signatures", "790 days ago");
  expect_statement (de, "national-de", NULL);
  assert_all_sourced (de);
}

static void
test_machine_age_plural (void)
{
  struct { const char *now; const char *text; gboolean old; } cases[] = {
    { "2024-09-28T11:00:00Z", "were last updated today, 28 September 2024.", FALSE },
    { "2024-09-29T10:00:00Z", "28 September 2024, 1 day ago.", FALSE },
    { "2024-09-30T10:00:00Z", "28 September 2024, 2 days ago.", FALSE },
    { "2024-10-05T10:00:00Z", "7 days ago.", FALSE },
    { "2024-10-06T10:00:00Z", "8 days ago. Kaspersky Endpoint Security for Linux reports", TRUE },
    /* A clock behind the scan does not produce negative ages. */
    { "2024-09-01T00:00:00Z", "today", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AvsScanResult) scan = scan_with (kesl (AVS_INSTALL_STATE_INSTALLED,
                                                       "2024-09-28T10:00:00Z"), NULL);
      g_autoptr(AvsExplanation) explanation = explain ("US", scan, cases[i].now);
      const AvsStatement *age = expect_statement (explanation, "machine-signatures", cases[i].text);

      g_assert_cmpint (cites (age, "KESL"), ==, cases[i].old);
    }
}

static void
test_machine_managed (void)
{
  AvsFinding *agent = avs_finding_new (AVS_PRODUCT_NETWORK_AGENT,
                                       "Kaspersky Security Center Network Agent");
  AvsFinding *product = kesl (AVS_INSTALL_STATE_INSTALLED, NULL);
  g_autoptr(AvsScanResult) scan = NULL;
  g_autoptr(AvsExplanation) explanation = NULL;

  avs_finding_set_state (agent, AVS_INSTALL_STATE_INSTALLED);
  avs_finding_set_managed (agent, TRUE);
  avs_finding_set_management_server (agent, "ksc.example.org");
  avs_finding_set_managed (product, TRUE);
  avs_finding_set_management_server (product, "ksc.example.org");
  scan = scan_with (agent, product, NULL);

  explanation = explain ("DE", scan, "2026-11-27T08:00:00Z");
  expect_statement (explanation, "machine-managed", "Talk to your IT department first");
  expect_statement (explanation, "machine-managed", "ksc.example.org");
  /* The address from the scanned machine is isolated inside the sentence. */
  g_assert_nonnull (strstr (avs_explanation_find (explanation, "machine-managed")->text,
                            "\u2068ksc.example.org\u2069"));
  /* The managed note comes first: it decides what the reader does next. */
  g_assert_cmpstr (((AvsStatement *) explanation->machine->pdata[0])->id, ==, "machine-managed");
  g_assert_null (avs_explanation_find (explanation, "machine-signatures"));
  assert_all_sourced (explanation);
}

static void
test_machine_leftovers_only (void)
{
  AvsFinding *gui = avs_finding_new (AVS_PRODUCT_KESL_GUI, "Kaspersky Endpoint Security for Linux GUI");
  g_autoptr(AvsScanResult) scan = NULL;
  g_autoptr(AvsExplanation) explanation = NULL;

  avs_finding_set_state (gui, AVS_INSTALL_STATE_LEFTOVERS);
  scan = scan_with (kesl (AVS_INSTALL_STATE_LEFTOVERS, NULL), gui, NULL);
  explanation = explain ("US", scan, "2026-11-27T08:00:00Z");

  expect_statement (explanation, "machine-leftovers",
                    "Kaspersky was removed, but traces remain: Kaspersky Endpoint Security for "
                    "Linux, Kaspersky Endpoint Security for Linux GUI.");
  g_assert_null (avs_explanation_find (explanation, "machine-product"));
  g_assert_null (avs_explanation_find (explanation, "machine-managed"));
  assert_all_sourced (explanation);

  /* One installed product among the leftovers: not "removed". */
  {
    AvsFinding *rest = avs_finding_new (AVS_PRODUCT_KESL_GUI, "Kaspersky Endpoint Security for Linux GUI");
    g_autoptr(AvsScanResult) mixed = NULL;
    g_autoptr(AvsExplanation) mixed_explanation = NULL;

    avs_finding_set_state (rest, AVS_INSTALL_STATE_LEFTOVERS);
    mixed = scan_with (kesl (AVS_INSTALL_STATE_FILES_ONLY, NULL), rest, NULL);
    mixed_explanation = explain ("US", mixed, "2026-11-27T08:00:00Z");
    g_assert_null (avs_explanation_find (mixed_explanation, "machine-leftovers"));
    expect_statement (mixed_explanation, "machine-product", "installed without a package");
  }
}

static void
test_machine_browser_only (void)
{
  struct { const char *product; const char *name; AvsEvidenceKind kind; const char *value; } cases[] = {
    { AVS_PRODUCT_PROTECTION_EXTENSION, "Kaspersky Protection browser extension",
      AVS_EVIDENCE_BROWSER_EXTENSION, "ahkjpbeeocnddjkakilopmfdlnjdpcdm" },
    { AVS_PRODUCT_HTTPS_ROOT_CA, "Kaspersky Anti-Virus Personal Root Certificate",
      AVS_EVIDENCE_NSS_CERTIFICATE, "Kaspersky Anti-Virus Personal Root Certificate" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      AvsFinding *finding = avs_finding_new (cases[i].product, cases[i].name);
      g_autoptr(AvsScanResult) scan = NULL;
      g_autoptr(AvsExplanation) explanation = NULL;
      g_autofree char *expected = g_strdup_printf ("still trusted by your browser: %s.", cases[i].name);

      avs_finding_set_state (finding, AVS_INSTALL_STATE_FILES_ONLY);
      avs_finding_add_evidence (finding, cases[i].kind, cases[i].value, "/home/alice/.pki/nssdb");
      scan = scan_with (finding, NULL);
      explanation = explain ("DE", scan, "2026-11-27T08:00:00Z");

      expect_statement (explanation, "machine-browser-only",
                        "a Kaspersky component from another installation is still trusted by "
                        "your browser");
      expect_statement (explanation, "machine-browser-only", expected);
      g_assert_null (avs_explanation_find (explanation, "machine-product"));
      g_assert_null (avs_explanation_find (explanation, "machine-leftovers"));
      assert_all_sourced (explanation);
    }

  /* With an installed product, the extension is mentioned as well, not as "only". */
  {
    AvsFinding *extension = avs_finding_new (AVS_PRODUCT_PROTECTION_EXTENSION,
                                             "Kaspersky Protection browser extension");
    g_autoptr(AvsScanResult) scan = scan_with (kesl (AVS_INSTALL_STATE_INSTALLED, NULL), extension, NULL);
    g_autoptr(AvsExplanation) explanation = explain ("DE", scan, "2026-11-27T08:00:00Z");

    g_assert_null (avs_explanation_find (explanation, "machine-browser-only"));
    expect_statement (explanation, "machine-browser", "Kaspersky Protection browser extension");
    expect_statement (explanation, "machine-product", "11.3.0.7441");
  }
}

static void
test_machine_clean_windows_not_checked (void)
{
  g_autoptr(AvsScanResult) clean = avs_scan_result_new ("/");
  g_autoptr(AvsExplanation) clean_explanation = explain ("US", clean, "2026-11-27T08:00:00Z");
  AvsFinding *windows = avs_finding_new (AVS_PRODUCT_WINDOWS_INSTALLATION, "Kaspersky (Windows)");
  g_autoptr(AvsScanResult) scan = NULL;
  g_autoptr(AvsExplanation) us = NULL;
  g_autoptr(AvsExplanation) de = NULL;

  expect_statement (clean_explanation, "machine-clean", "no Kaspersky software");
  g_assert_cmpuint (clean_explanation->machine->len, ==, 1);

  avs_finding_set_state (windows, AVS_INSTALL_STATE_FILES_ONLY);
  avs_finding_add_evidence (windows, AVS_EVIDENCE_WINDOWS_INSTALL,
                            "/mnt/windows/Program Files (x86)/Kaspersky Lab", NULL);
  scan = scan_with (windows, NULL);
  avs_scan_result_add_not_checked (scan, avs_not_checked_new ("Firefox profiles of other users",
                                                              "No permission to read /home/bob.",
                                                              "/home/bob", TRUE));
  us = explain ("US", scan, "2026-11-27T08:00:00Z");
  expect_statement (us, "machine-windows", "/mnt/windows/Program Files (x86)/Kaspersky Lab");
  g_assert_true (cites (expect_statement (us, "machine-windows-us", "UltraAV"), "HNS"));
  expect_statement (us, "machine-not-checked", "could not check 1 place,");
  g_assert_null (avs_explanation_find (us, "machine-clean"));
  assert_all_sourced (us);

  de = explain ("DE", scan, "2026-11-27T08:00:00Z");
  expect_statement (de, "machine-windows", NULL);
  g_assert_null (avs_explanation_find (de, "machine-windows-us"));
}

/* --- avswitch explain -------------------------------------------------------------------- */

static char *
run_cli (const char * const *args,
         int                *exit_status,
         char              **err)
{
  const char *binary = g_getenv ("AVSWITCH_BINARY");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  char *out = NULL;
  int status;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer) binary);
  g_ptr_array_add (argv, (gpointer) "explain");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  env = g_environ_setenv (env, "TZ", "UTC", TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  *exit_status = WEXITSTATUS (status);
  return out;
}

/* Searches @needle in @haystack with every run of white space (the CLI wraps its lines)
 * folded into one space. */
static void
assert_contains (const char *haystack,
                 const char *needle)
{
  g_autoptr(GRegex) spaces = g_regex_new ("\\s+", 0, 0, NULL);
  g_autofree char *folded = g_regex_replace_literal (spaces, haystack, -1, 0, " ", 0, NULL);

  if (strstr (folded, needle) == NULL)
    g_error ("output lacks “%s”:\n%s", needle, haystack);
}

static void
test_cli_explain (void)
{
  g_autoptr(AvsFinding) product = kesl (AVS_INSTALL_STATE_INSTALLED, "2024-09-28T10:00:00Z");
  g_autoptr(AvsScanResult) scan = avs_scan_result_new ("/");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = avs_test_make_tmpdir ("avs-explain-XXXXXX");
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autofree char *us = NULL;
  g_autofree char *de = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *err = NULL;
  gsize length;
  int status;

  g_assert_no_error (error);
  avs_scan_result_add_finding (scan, product);
  data = avs_scan_result_to_data (scan, &length);
  path = g_build_filename (dir, "scan.json", NULL);
  g_assert_true (g_file_set_contents (path, data, length, &error));
  g_assert_no_error (error);

  {
    const char * const args[] = { "--region", "us", "--scan", path, "--now", "2026-11-27T12:00:00Z", NULL };
    us = run_cli (args, &status, &err);
  }
  g_assert_cmpint (status, ==, 0);
  assert_contains (us, "Why this matters");
  assert_contains (us, "Region: United States (chosen).");
  assert_contains (us, "[past] 29 September 2024, 00:00 EDT (04:00 UTC)");
  assert_contains (us, "will not face legal");
  assert_contains (us, "Kaspersky Endpoint Security for Linux 11.3.0.7441 is installed");
  assert_contains (us, "790 days ago");
  assert_contains (us, "[scan]");
  assert_contains (us, "https://www.bis.gov/press-release/commerce-department-prohibits-russian-kaspersky-software-us-customers");
  g_clear_pointer (&err, g_free);

  /* Before the cut-off, the same event is still to come. */
  {
    const char * const args[] = { "--region", "DE", "--scan", path, "--now", "2024-09-29T03:59:00Z", NULL };
    de = run_cli (args, &status, &err);
  }
  g_assert_cmpint (status, ==, 0);
  assert_contains (de, "Region: Germany (chosen).");
  assert_contains (de, "[upcoming] 29 September 2024, 00:00 EDT (04:00 UTC)");
  assert_contains (de, "[past] 15 March 2022 · Germany (your region)");
  assert_contains (de, "Federal Office for Information Security (BSI) officially warned");
  assert_contains (de, "If you are a US person — for people, a US citizen or a permanent resident");
  assert_contains (de, "https://conventuslaw.com/?p=117141");
  g_assert_null (strstr (de, "will not face legal"));
  g_clear_pointer (&err, g_free);

  /* --json: the same explanation as a document whose every statement names listed sources. */
  {
    const char * const args[] = { "--region", "DE", "--scan", path, "--json", "--now", "2026-11-27T12:00:00Z", NULL };
    g_autofree char *out = run_cli (args, &status, &err);
    g_autoptr(JsonNode) root = NULL;
    g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
    const char * const sections[] = { "summary", "for_you", "machine", "timeline" };
    JsonObject *object;
    JsonArray *sources;
    gboolean saw_age = FALSE;

    g_assert_cmpint (status, ==, 0);
    root = json_from_string (out, &error);
    g_assert_no_error (error);
    object = json_node_get_object (root);
    g_assert_cmpstr (json_object_get_string_member (object, "schema"), ==, AVS_EXPLAIN_SCHEMA);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "region"), "code"), ==, "DE");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "region"), "source"), ==, "override");

    sources = json_object_get_array_member (object, "sources");
    g_assert_cmpuint (json_array_get_length (sources), >, 10);
    for (guint i = 0; i < json_array_get_length (sources); i++)
      {
        JsonObject *source = json_array_get_object_element (sources, i);

        g_assert_cmpint (json_object_get_int_member (source, "number"), ==, i + 1);
        g_assert_true (g_str_has_prefix (json_object_get_string_member (source, "url"), "http"));
        g_hash_table_add (listed, (gpointer) json_object_get_string_member (source, "key"));
      }

    for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
      {
        JsonArray *items = json_object_get_array_member (object, sections[s]);

        for (guint i = 0; i < json_array_get_length (items); i++)
          {
            JsonObject *item = json_array_get_object_element (items, i);
            JsonArray *keys = json_object_get_array_member (item, "sources");
            gboolean from_scan = json_object_has_member (item, "from_scan") &&
                                 json_object_get_boolean_member (item, "from_scan");

            if (strstr (json_object_get_string_member (item, "text"), "790 days ago") != NULL)
              saw_age = TRUE;
            if (!from_scan)
              g_assert_cmpuint (json_array_get_length (keys), >, 0);
            for (guint k = 0; k < json_array_get_length (keys); k++)
              g_assert_true (g_hash_table_contains (listed, json_array_get_string_element (keys, k)));
          }
      }
    g_assert_true (saw_age);
    g_clear_pointer (&err, g_free);
  }

  /* Bad input: a clear message, status 2, nothing on stdout. */
  {
    const char * const args[] = { "--region", "USA", NULL };
    bad = run_cli (args, &status, &err);
  }
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (bad, ==, "");
  assert_contains (err, "“USA” is not a country code");
  g_clear_pointer (&err, g_free);

  {
    g_autofree char *nowhere = g_build_filename (dir, "missing.json", NULL);
    const char * const args[] = { "--scan", nowhere, NULL };
    missing = run_cli (args, &status, &err);
  }
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (missing, ==, "");
  assert_contains (err, "avswitch explain: ");

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "UTC", TRUE);
  avs_test_init (&argc, &argv);

  g_test_add_func ("/timeline/entries", test_timeline_entries);
  g_test_add_func ("/timeline/translatable", test_timeline_translatable);
  g_test_add_func ("/timeline/cutoff-arithmetic", test_cutoff_arithmetic);
  g_test_add_func ("/timeline/date-precision", test_date_precision);
  g_test_add_func ("/timeline/date-language-of-text", test_date_language_of_text);
  g_test_add_func ("/timeline/date-month-forms", test_date_month_forms);
  g_test_add_func ("/timeline/days-between", test_days_between);
  g_test_add_func ("/explanation/us", test_explain_us);
  g_test_add_func ("/explanation/germany", test_explain_germany);
  g_test_add_func ("/explanation/national", test_explain_national);
  g_test_add_func ("/explanation/machine/product-and-age", test_machine_product_and_age);
  g_test_add_func ("/explanation/machine/age-plural", test_machine_age_plural);
  g_test_add_func ("/explanation/machine/managed", test_machine_managed);
  g_test_add_func ("/explanation/machine/leftovers-only", test_machine_leftovers_only);
  g_test_add_func ("/explanation/machine/browser-only", test_machine_browser_only);
  g_test_add_func ("/explanation/machine/clean-windows-not-checked", test_machine_clean_windows_not_checked);
  g_test_add_func ("/cli/explain", test_cli_explain);

  return g_test_run ();
}
