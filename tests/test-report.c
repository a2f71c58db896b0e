/* test-report.c — the session report: round trip, redaction, strict loading, renderings, language
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A report is filled from real core objects: scans of a fixture root (with a host name and
 * people in its /etc/passwd), the plan built from them, a dry run of that plan by the real
 * executor and runner, the explanation for the US, the bundled catalog.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libintl.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>

#include "avs-catalog-store.h"
#include "avs-explanation.h"
#include "avs-json.h"
#include "avs-language.h"
#include "avs-report.h"
#include "avs-test-common.h"
#include "avs-test-fixture.h"

#define HOST_NAME "kesl-test-host-7"
#define HOSTILE "<script>alert(1)</script>](javascript:alert(2))`|*_"

typedef struct
{
  AvsFixture    *fixture;
  AvsScanResult *scan;
  AvsReport     *report;
  char          *dir;
} Fixture;

static AvsScanResult *
make_scan (const char *root,
           gboolean    found)
{
  AvsScanResult *scan = avs_scan_result_new (root);
  g_autoptr(AvsFinding) finding = avs_finding_new ("kesl", "Kaspersky Endpoint Security for Linux");
  g_autoptr(AvsFinding) agent = avs_finding_new ("network-agent", "Kaspersky Network Agent");

  avs_scan_result_set_host (scan, "debian", NULL, "12", "Debian GNU/Linux 12 (bookworm)", "dpkg");
  avs_scan_result_add_not_checked (scan, avs_not_checked_new (
      "Firefox profiles of bob", "No permission to read /home/bob/.mozilla.", "/home/bob", TRUE));
  if (!found)
    return scan;

  avs_finding_set_version (finding, "12.1.0-1297");
  avs_finding_set_state (finding, AVS_INSTALL_STATE_INSTALLED);
  avs_finding_set_managed (finding, TRUE);
  avs_finding_set_management_server (finding, "ksc." HOST_NAME ".example");
  avs_finding_add_evidence (finding, AVS_EVIDENCE_PACKAGE, "kesl", "dpkg");
  avs_finding_add_evidence (finding, AVS_EVIDENCE_FILE, "/home/alice/.config/kaspersky/" HOSTILE,
                            NULL);
  avs_finding_add_evidence (finding, AVS_EVIDENCE_DIRECTORY, "/var/opt/kaspersky/install_alice",
                            NULL);
  avs_scan_result_add_finding (scan, finding);

  avs_finding_set_state (agent, AVS_INSTALL_STATE_INSTALLED);
  avs_finding_set_managed (agent, TRUE);
  avs_finding_add_evidence (agent, AVS_EVIDENCE_PACKAGE, "klnagent64", "dpkg");
  avs_scan_result_add_finding (scan, agent);
  return scan;
}

/* A clean re-scan for the executor's verify step: what the dry run "removed" is gone. */
static AvsScanResult *
rescan (const char    *root,
        GCancellable  *cancellable,
        gpointer       user_data,
        GError       **error)
{
  return make_scan (root, FALSE);
}

static void
run_dry (AvsExecutor *executor)
{
  for (guint guard = 0; guard < 100; guard++)
    {
      AvsPlanStep *step = avs_executor_get_next_step (executor);
      g_autoptr(GError) error = NULL;

      if (step == NULL)
        return;
      if (avs_plan_step_get_blocking (step))
        {
          avs_executor_continue_anyway (executor, step);
          continue;
        }
      if (avs_plan_step_get_kind (step) == AVS_STEP_KIND_MANUAL)
        avs_executor_mark_manual_done (executor, step);
      else
        avs_executor_confirm_step (executor, step);
      if (!avs_executor_run_step_sync (executor, NULL, &error))
        return;
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *home = NULL;
  g_autoptr(AvsPlan) plan = NULL;
  g_autoptr(AvsExecutor) executor = NULL;
  g_autoptr(AvsRegion) region = NULL;
  g_autoptr(AvsExplanation) explanation = NULL;
  g_autoptr(AvsCatalogStore) store = NULL;
  g_autofree char *url = avs_catalog_store_configured_url (NULL);
  g_autoptr(GError) error = NULL;
  AvsPlanOptions options = { 0 };

  f->fixture = avs_fixture_new ("debian");
  f->dir = g_strdup (avs_fixture_get_base (f->fixture));
  avs_fixture_write (f->fixture, "/etc/hostname", HOST_NAME "\n");
  home = avs_fixture_add_user (f->fixture, "alice", 1000);
  g_free (avs_fixture_add_user (f->fixture, "bob", 1001));

  f->scan = make_scan (avs_fixture_get_root (f->fixture), TRUE);
  f->report = avs_report_new ();
  avs_report_add_scan (f->report, f->scan);

  region = avs_region_detect ("US", NULL, NULL);
  explanation = avs_explanation_new (region, f->scan, NULL);
  avs_report_set_explanation (f->report, explanation);

  store = avs_catalog_store_new (url);
  g_assert_true (avs_catalog_store_load (store, &error));
  g_assert_no_error (error);
  avs_report_set_catalog (f->report, store);
  avs_report_set_replacement (f->report, "clamav", "ClamAV", "packages", FALSE);

  options.stamp = "20261127T072500Z";
  plan = avs_plan_new (f->scan, &options, &error);
  g_assert_no_error (error);
  executor = avs_executor_new_for_plan (plan, TRUE, NULL);
  avs_executor_set_rescan_func (executor, rescan, NULL, NULL);
  run_dry (executor);
  avs_report_set_executor (f->report, executor);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->report);
  g_clear_object (&f->scan);
  g_free (f->dir);
  g_clear_pointer (&f->fixture, avs_fixture_free);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* ---------------------------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------------------------- */

/* What was filled in is there: steps with commands, the managed machine, the verification. */
static void
test_contents (Fixture       *f,
               gconstpointer  data)
{
  GPtrArray *steps = avs_report_get_steps (f->report);
  gboolean any_ran = FALSE;

  g_assert_nonnull (avs_report_get_first_scan (f->report));
  g_assert_nonnull (avs_report_get_verification (f->report));
  g_assert_cmpstr (avs_report_get_region (f->report), ==, "US");
  g_assert_cmpuint (avs_report_get_statements (f->report)->len, >, 0);
  g_assert_cmpuint (avs_report_get_sources (f->report)->len, >, 0);
  g_assert_nonnull (avs_report_get_catalog (f->report));
  g_assert_cmpint (avs_report_get_catalog (f->report)->serial, >, 0);
  g_assert_true (avs_report_get_managed_continued (f->report));
  g_assert_cmpuint (steps->len, >, 2);
  for (guint i = 0; i < steps->len; i++)
    {
      AvsReportStep *step = g_ptr_array_index (steps, i);

      for (guint j = 0; j < step->commands->len; j++)
        {
          AvsReportCommand *command = g_ptr_array_index (step->commands, j);

          if (command->ran)
            {
              any_ran = TRUE;
              g_assert_true (command->dry_run);
            }
        }
      if (step->status == AVS_STEP_STATUS_DONE)
        g_assert_nonnull (step->started_at);
    }
  g_assert_true (any_ran);
  g_assert_nonnull (avs_report_find_step (f->report, "verify"));
  g_assert_cmpint (avs_report_find_step (f->report, "verify")->status, ==, AVS_STEP_STATUS_DONE);
}

/* Write → load → the same document, kept personal and redacted. */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  AvsReportFlags flags[] = { AVS_REPORT_KEEP_PERSONAL, AVS_REPORT_FLAGS_NONE };

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, "session.avsreport", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(AvsReport) loaded = NULL;
      g_autofree char *written = NULL;
      g_autofree char *again = NULL;
      GStatBuf st;

      g_assert_true (avs_report_save (f->report, path, flags[i], &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);

      loaded = avs_report_load_file (path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (loaded);
      written = read_text (path);
      again = avs_report_to_data (loaded, flags[i], NULL);
      g_assert_cmpstr (again, ==, written);

      g_assert_cmpuint (avs_report_get_steps (loaded)->len, ==,
                        avs_report_get_steps (f->report)->len);
      g_assert_true (avs_report_get_managed_continued (loaded));
      g_assert_cmpint (avs_scan_result_get_outcome (avs_report_get_first_scan (loaded)), ==,
                       AVS_SCAN_OUTCOME_FOUND);
      g_assert_cmpint (avs_scan_result_count_gaps (avs_report_get_verification (loaded)), ==, 1);
      g_assert_cmpint (avs_report_get_redacted (loaded), ==, flags[i] == AVS_REPORT_FLAGS_NONE);
    }
}

/* Redacted by default: no host name, user name or home folder in the JSON, the Markdown or the
 * HTML; kept with AVS_REPORT_KEEP_PERSONAL; once redacted, always redacted. */
static void
test_redaction (Fixture       *f,
                gconstpointer  data)
{
  static const char * const secrets[] = { HOST_NAME, "alice", "bob", "/home/alice", NULL };
  AvsReportFormat formats[] = { AVS_REPORT_FORMAT_JSON, AVS_REPORT_FORMAT_MARKDOWN,
                                AVS_REPORT_FORMAT_HTML };
  /* "<host>" and a home folder "~", as each format writes them. */
  const char *placeholders[] = { "\"<host>\"", "\\<host\\>", "&lt;host&gt;" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strdup_printf ("r.%s", avs_report_format_to_string (formats[i]));
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_autofree char *kept_path = g_strconcat (path, ".kept", NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *kept = NULL;

      g_assert_true (avs_report_write_file (f->report, path, formats[i], AVS_REPORT_FLAGS_NONE,
                                            NULL, &error));
      g_assert_no_error (error);
      g_assert_true (avs_report_write_file (f->report, kept_path, formats[i],
                                            AVS_REPORT_KEEP_PERSONAL, NULL, &error));
      g_assert_no_error (error);
      text = read_text (path);
      kept = read_text (kept_path);
      for (guint s = 0; secrets[s] != NULL; s++)
        {
          if (strstr (text, secrets[s]) != NULL)
            g_error ("%s holds “%s”", name, secrets[s]);
          g_assert_nonnull (strstr (kept, secrets[s]));
        }
      /* The running machine's own name never leaks either (when it is a name at all). */
      if (strlen (g_get_host_name ()) >= 4 && !g_str_equal (g_get_host_name (), "localhost"))
        g_assert_null (strstr (text, g_get_host_name ()));
      /* What replaced them is there, and the facts stay. */
      g_assert_nonnull (strstr (text, placeholders[i]));
      g_assert_nonnull (strstr (text, "kesl"));
      g_assert_nonnull (strstr (text, "12.1.0-1297"));
    }

  /* A redacted report loaded back and saved "kept" stays redacted. */
  {
    g_autofree char *path = g_build_filename (f->dir, "r.json", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(AvsReport) loaded = avs_report_load_file (path, &error);
    g_autofree char *saved = NULL;

    g_assert_no_error (error);
    g_assert_true (avs_report_get_redacted (loaded));
    saved = avs_report_to_data (loaded, AVS_REPORT_KEEP_PERSONAL, NULL);
    g_assert_null (strstr (saved, "alice"));
    g_assert_nonnull (strstr (saved, "\"redacted\" : true"));
  }
}

/* People whose names are also identifiers of the report ("kesl" the product and step id,
 * "package" the evidence kind, "pending" the status, "avswitch" in the schema): redaction
 * leaves identifiers, dates and addresses alone, so the redacted report still loads. */
static void
test_redaction_keeps_structure (Fixture       *f,
                                gconstpointer  data)
{
  static const char * const names[] = { "kesl", "package", "pending", "avswitch", "https", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsReport) loaded = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  for (guint i = 0; names[i] != NULL; i++)
    g_free (avs_fixture_add_user (f->fixture, names[i], 1100 + i));
  avs_report_add_scan (f->report, f->scan);   /* reads the people again */

  text = avs_report_to_data (f->report, AVS_REPORT_FLAGS_NONE, &length);
  loaded = avs_report_new_from_data (text, length, "redacted.avsreport", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (avs_finding_get_product_id (
      g_ptr_array_index (avs_scan_result_get_findings (avs_report_get_first_scan (loaded)), 0)),
      ==, "kesl");
  g_assert_nonnull (avs_report_find_step (loaded, "remove-kesl"));
  /* The names themselves are gone from the free text: the home folder of "kesl" too. */
  g_assert_null (strstr (text, "/home/kesl"));
}

/* Every machine string escaped: no markup from the machine in the HTML, no Markdown link or
 * code span from it; the only links are the sources' https addresses. */
static void
test_escaping (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *html = avs_report_render (f->report, AVS_REPORT_FORMAT_HTML,
                                             AVS_REPORT_KEEP_PERSONAL, NULL, &error);
  g_autofree char *md = avs_report_render (f->report, AVS_REPORT_FORMAT_MARKDOWN,
                                           AVS_REPORT_KEEP_PERSONAL, NULL, &error);
  const char *p;
  guint links = 0;

  g_assert_no_error (error);
  g_assert_null (strstr (html, "<script"));
  g_assert_nonnull (strstr (html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  g_assert_null (strstr (html, "javascript:alert(2)\""));
  g_assert_null (strstr (html, " src="));
  g_assert_null (strstr (html, "<link"));
  g_assert_null (strstr (html, "url("));
  for (p = html; (p = strstr (p, "href=\"")) != NULL; p++)
    {
      g_assert_true (g_str_has_prefix (p + strlen ("href=\""), "https://"));
      links++;
    }
  /* Every https source is a link; the http ones are text. */
  {
    guint https = 0;

    for (guint i = 0; i < avs_report_get_sources (f->report)->len; i++)
      {
        AvsReportSource *source = g_ptr_array_index (avs_report_get_sources (f->report), i);
        https += g_str_has_prefix (source->url, "https://");
      }
    g_assert_cmpuint (links, ==, https);
    g_assert_cmpuint (https, >, 0);
  }

  g_assert_null (strstr (md, "<script>"));
  g_assert_nonnull (strstr (md, "\\<script\\>alert(1)\\</script\\>\\](javascript:alert(2))\\`\\|\\*\\_"));

  /* The same facts in both. */
  for (guint i = 0; i < avs_report_get_steps (f->report)->len; i++)
    {
      AvsReportStep *step = g_ptr_array_index (avs_report_get_steps (f->report), i);
      g_autofree char *html_title = g_markup_escape_text (step->title, -1);

      g_assert_nonnull (strstr (html, html_title));
      /* Step titles hold no Markdown punctuation here: the same text in both. */
      g_assert_nonnull (strstr (md, step->title));
    }
  g_assert_nonnull (strstr (md, "Kaspersky Endpoint Security for Linux 12.1.0-1297"));
  g_assert_nonnull (strstr (html, "Kaspersky Endpoint Security for Linux 12.1.0-1297"));
  g_assert_nonnull (strstr (md, "continue past the warning"));
  g_assert_nonnull (strstr (html, "continue past the warning"));
}

static void
write_file (const char *path,
            const char *data,
            gsize       length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, (gssize) length, &error);
  g_assert_no_error (error);
}

static void
assert_refused (const char *path,
                int         code,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsReport) report = avs_report_load_file (path, &error);
  g_autofree char *base = g_path_get_basename (path);

  g_assert_null (report);
  g_assert_error (error, AVS_REPORT_ERROR, code);
  /* The message names the file, and says what is wrong. */
  g_assert_nonnull (strstr (error->message, base));
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not say “%s”", error->message, fragment);
}

/* Malformed, truncated, future-schema, not a report, oversized, too deep, hostile members:
 * a clear error and no report. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *good = avs_report_to_data (f->report, AVS_REPORT_KEEP_PERSONAL, NULL);
  g_autofree char *path = g_build_filename (f->dir, "bad.avsreport", NULL);
  g_autoptr(GString) text = NULL;

  write_file (path, good, strlen (good) / 2);
  assert_refused (path, AVS_REPORT_ERROR_INVALID, "cannot be opened as a session report");

  write_file (path, "not json at all", strlen ("not json at all"));
  assert_refused (path, AVS_REPORT_ERROR_INVALID, NULL);

  write_file (path, "", 0);
  assert_refused (path, AVS_REPORT_ERROR_INVALID, NULL);

  text = g_string_new (good);
  g_string_replace (text, "\"avswitch-report/1\"", "\"avswitch-report/2\"", 1);
  write_file (path, text->str, text->len);
  assert_refused (path, AVS_REPORT_ERROR_FUTURE, "avswitch-report/2");
  g_string_free (g_steal_pointer (&text), TRUE);

  {
    g_autofree char *scan = avs_scan_result_to_data (f->scan, NULL);
    write_file (path, scan, strlen (scan));
    assert_refused (path, AVS_REPORT_ERROR_NOT_A_REPORT, "not a session report");
  }

  text = g_string_new (good);
  g_string_replace (text, "\"managed_continued\" : true", "\"managed_continued\" : \"yes\"", 1);
  write_file (path, text->str, text->len);
  assert_refused (path, AVS_REPORT_ERROR_INVALID, "managed_continued");
  g_string_free (g_steal_pointer (&text), TRUE);

  text = g_string_new (good);
  g_string_replace (text, "\"url\" : \"https://", "\"url\" : \"javascript:alert(1)//", 1);
  write_file (path, text->str, text->len);
  assert_refused (path, AVS_REPORT_ERROR_INVALID, "web address");
  g_string_free (g_steal_pointer (&text), TRUE);

  text = g_string_new (good);
  g_string_replace (text, "\"schema\" : \"avswitch-report/1\",", "\"schema\" : \"avswitch-report/1\", \"extra\" : 1,", 1);
  write_file (path, text->str, text->len);
  assert_refused (path, AVS_REPORT_ERROR_INVALID, "extra");
  g_string_free (g_steal_pointer (&text), TRUE);

  /* Oversized: refused from its size, before it is read. */
  text = g_string_new (good);
  g_string_truncate (text, text->len - 2);   /* "}\n" */
  g_string_append (text, ", \"padding\" : \"");
  while (text->len <= AVS_REPORT_MAX_SIZE)
    g_string_append (text, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  g_string_append (text, "\"}\n");
  write_file (path, text->str, text->len);
  assert_refused (path, AVS_REPORT_ERROR_TOO_LARGE, "too large");
  g_string_free (g_steal_pointer (&text), TRUE);

  /* Too deep: refused by the reader, not by a stack overflow. */
  text = g_string_new ("{\"schema\" : \"avswitch-report/1\", \"tool\" : ");
  for (guint i = 0; i < 10000; i++)
    g_string_append (text, "[");
  write_file (path, text->str, text->len);
  assert_refused (path, AVS_REPORT_ERROR_TOO_LARGE, NULL);
  g_string_free (g_steal_pointer (&text), TRUE);

  /* A FIFO is not a report (and is not waited on). */
  {
    g_autofree char *fifo = g_build_filename (f->dir, "fifo.avsreport", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
    g_assert_null (avs_report_load_file (fifo, &error));
    g_assert_error (error, AVS_REPORT_ERROR, AVS_REPORT_ERROR_FAILED);
  }
}

/* A report in another language: a tiny German catalog made here with msgfmt. */
static void
test_language (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *locale_dir = g_build_filename (f->dir, "locale", NULL);
  g_autofree char *mo_dir = g_build_filename (locale_dir, "de", "LC_MESSAGES", NULL);
  g_autofree char *po = g_build_filename (f->dir, "de.po", NULL);
  g_autofree char *mo = g_build_filename (mo_dir, GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *german = NULL;
  g_autofree char *english = NULL;
  g_autofree char *html = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "msgfmt", "-o", mo, po, NULL };
  static const char po_text[] =
    "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
    "msgid \"AV Switch session report\"\nmsgstr \"Sitzungsbericht von AV Switch\"\n\n"
    "msgid \"Plan steps\"\nmsgstr \"Schritte des Plans\"\n";
  int status = 0;

  if (!avs_fixture_require ("msgfmt"))
    return;
  g_assert_cmpint (g_mkdir_with_parents (mo_dir, 0700), ==, 0);
  write_file (po, po_text, strlen (po_text));
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  german = avs_report_render (f->report, AVS_REPORT_FORMAT_MARKDOWN, AVS_REPORT_FLAGS_NONE, "de",
                              &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (german, "# Sitzungsbericht von AV Switch\n"));
  g_assert_nonnull (strstr (german, "## Schritte des Plans"));
  /* Untranslated labels fall back to English, never to nothing. */
  g_assert_nonnull (strstr (german, "**Result:**"));

  /* Under the "C" messages locale glibc ignores LANGUAGE: the switch gives the thread a locale
   * of its own. */
  {
    g_autofree char *saved = g_strdup (setlocale (LC_MESSAGES, NULL));
    g_autofree char *again = NULL;

    g_assert_nonnull (setlocale (LC_MESSAGES, "C"));
    again = avs_report_render (f->report, AVS_REPORT_FORMAT_MARKDOWN, AVS_REPORT_FLAGS_NONE,
                               "de", &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (again, "# Sitzungsbericht von AV Switch\n"));
    setlocale (LC_MESSAGES, saved);
  }

  html = avs_report_render (f->report, AVS_REPORT_FORMAT_HTML, AVS_REPORT_FLAGS_NONE, "de",
                            &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (html, "<html lang=\"de\">"));
  g_assert_nonnull (strstr (html, "<title>Sitzungsbericht von AV Switch</title>"));

  /* The language was switched for the rendering only. */
  english = avs_report_render (f->report, AVS_REPORT_FORMAT_MARKDOWN, AVS_REPORT_FLAGS_NONE, NULL,
                               &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (english, "# AV Switch session report\n"));
  g_assert_null (g_getenv ("LANGUAGE"));

  g_assert_null (avs_report_render (f->report, AVS_REPORT_FORMAT_MARKDOWN, AVS_REPORT_FLAGS_NONE,
                                    "de;rm -rf /", &error));
  g_assert_error (error, AVS_REPORT_ERROR, AVS_REPORT_ERROR_FAILED);
}

int
main (int    argc,
      char **argv)
{
  avs_test_init (&argc, &argv);
  /* The messages locale is C, where glibc ignores LANGUAGE: avs-language.h must cope. */
  g_unsetenv ("LANGUAGE");

  g_test_add ("/report/contents", Fixture, NULL, fixture_set_up, test_contents, fixture_tear_down);
  g_test_add ("/report/round-trip", Fixture, NULL, fixture_set_up, test_round_trip,
              fixture_tear_down);
  g_test_add ("/report/redaction", Fixture, NULL, fixture_set_up, test_redaction,
              fixture_tear_down);
  g_test_add ("/report/escaping", Fixture, NULL, fixture_set_up, test_escaping, fixture_tear_down);
  g_test_add ("/report/redaction-keeps-structure", Fixture, NULL, fixture_set_up,
              test_redaction_keeps_structure, fixture_tear_down);
  g_test_add ("/report/refused", Fixture, NULL, fixture_set_up, test_refused, fixture_tear_down);
  g_test_add ("/report/language", Fixture, NULL, fixture_set_up, test_language,
              fixture_tear_down);
  return g_test_run ();
}
