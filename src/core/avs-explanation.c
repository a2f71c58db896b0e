/* avs-explanation.c — the ban explained for one reader: their region, their machine, the clock
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every sentence here cites its source keys (docs/sources.md); quotations are the
 * sources' own words. Sentences about this computer restate the scan.
 */

#include "config.h"

#include "avs-json.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#include "avs-explanation.h"
#include "avs-text.h"

static void
statement_free (gpointer data)
{
  AvsStatement *statement = data;

  g_free (statement->id);
  g_free (statement->text);
  g_strfreev (statement->sources);
  g_free (statement);
}

/* Adds a statement; takes @text; the source keys follow, NULL-terminated. */
G_GNUC_NULL_TERMINATED static AvsStatement *
add_statement (GPtrArray  *section,
               const char *id,
               gboolean    from_scan,
               char       *text,
               ...)
{
  AvsStatement *statement = g_new0 (AvsStatement, 1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *key;
  va_list args;

  va_start (args, text);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      g_assert (avs_source_lookup (key) != NULL);
      g_strv_builder_add (builder, key);
    }
  va_end (args);

  statement->id = g_strdup (id);
  statement->text = text;
  statement->sources = g_strv_builder_end (builder);
  statement->from_scan = from_scan;
  g_ptr_array_add (section, statement);
  return statement;
}

static char *
entry_date (const char *id)
{
  return avs_timeline_entry_format_date (avs_timeline_lookup (id));
}

gint64
avs_days_between (GDateTime *then,
                  GDateTime *now)
{
  GTimeSpan span;

  g_return_val_if_fail (then != NULL, 0);
  g_return_val_if_fail (now != NULL, 0);

  span = g_date_time_difference (now, then);
  if (span <= 0)
    return 0;
  return span / G_TIME_SPAN_DAY;
}

/* The day of the cut-off as the source names it (in New York), without the time. */
static char *
cutoff_day (void)
{
  const AvsTimelineEntry *entry = avs_timeline_lookup ("bis-cutoff");
  g_autoptr(GDateTime) moment = g_date_time_new_from_iso8601 (entry->date, NULL);

  return avs_format_date (moment);
}

static void
add_summary (AvsExplanation *self,
             gboolean        in_us,
             gboolean        after_cutoff)
{
  g_autofree char *cutoff = cutoff_day ();
  g_autofree char *announced = entry_date ("bis-announced");

  if (in_us)
    {
      add_statement (self->summary, "summary-us", FALSE,
                     after_cutoff
                     /* Translators: %s is a date. */
                     ? g_strdup_printf (_("Kaspersky antivirus software is banned in the United "
                                          "States. Since %s it has received no more updates "
                                          "there. Using it is not illegal, but the US government "
                                          "says that you carry all the security risks, and urges "
                                          "you to switch to another vendor."), cutoff)
                     /* Translators: %s is a date. */
                     : g_strdup_printf (_("Kaspersky antivirus software is banned in the United "
                                          "States. From %s it will receive no more updates "
                                          "there. Using it is not illegal, but the US government "
                                          "says that you carry all the security risks, and urges "
                                          "you to switch to another vendor."), cutoff),
                     "PR", "TH", NULL);
    }
  else
    {
      add_statement (self->summary, "summary-elsewhere", FALSE,
                     /* Translators: %s is a date. */
                     g_strdup_printf (_("On %s the United States banned Kaspersky software for "
                                        "customers in the US and for US persons abroad (for "
                                        "people: US citizens and permanent residents). "
                                        "Elsewhere the ban does not stop Kaspersky's updates."),
                                     announced),
                     "PR", "FD", "TH", "CRW", NULL);
      add_statement (self->summary, "summary-others", FALSE,
                     g_strdup (_("Germany, Italy, Lithuania, the Netherlands, the United Kingdom "
                                 "and Canada have also warned against Kaspersky or restricted "
                                 "it in government or critical systems.")),
                     "DE", "IT", "LT", "NL", "UK", "CA", NULL);
      add_statement (self->summary, "summary-elsewhere-legal", FALSE,
                     g_strdup (_("Outside the United States, private users may keep using "
                                 "Kaspersky: none of these measures forbids it. They concern "
                                 "government systems, public administrations and critical "
                                 "infrastructure, and Germany's is an official warning, not a "
                                 "ban.")),
                     "DE", "EUN", "IT", "RHC", "LT", "NL", "UK", "CA", NULL);
    }

  add_statement (self->summary, "summary-why", FALSE,
                 g_strdup (_("The US government found that Kaspersky is subject to the "
                             "jurisdiction of the Russian government, that its administrative "
                             "privileges give it access to sensitive customer data, and that it "
                             "could install malicious software or withhold updates.")),
                 "FD", "ITC", NULL);
}

static void
add_for_us (AvsExplanation *self,
            gboolean        after_cutoff)
{
  g_autofree char *cutoff = entry_date ("bis-cutoff");

  add_statement (self->for_you, "us-cutoff", FALSE,
                 after_cutoff
                 /* Translators: %s is a date and time. */
                 ? g_strdup_printf (_("Since %s, Kaspersky may no longer provide signature or "
                                      "program updates or its cloud service (Kaspersky Security "
                                      "Network, KSN) in the United States. Kaspersky's own "
                                      "documentation says that updates and KSN may be "
                                      "unavailable in the USA."), cutoff)
                 /* Translators: %s is a date and time. */
                 : g_strdup_printf (_("From %s, Kaspersky may no longer provide signature or "
                                      "program updates or its cloud service (Kaspersky Security "
                                      "Network, KSN) in the United States."), cutoff),
                 "PR", "TH", "FEN", after_cutoff ? "KUSA" : NULL, NULL);

  add_statement (self->for_you, "us-legal", FALSE,
                 /* Translators: the quotation is the US Department of Commerce's own words;
                  * translate it faithfully and keep the quotation marks of your language. */
                 g_strdup (_("Using Kaspersky is not illegal. In the words of the US Department "
                             "of Commerce: “Individuals and businesses that continue to use "
                             "existing Kaspersky products and services will not face legal "
                             "penalties under the Final Determination. However, any individual "
                             "or business that continues to use Kaspersky products and services "
                             "assumes all the cybersecurity and associated risks of doing so.”")),
                 "PR", "WTTL", NULL);

  add_statement (self->for_you, "us-advice", FALSE,
                 /* Translators: the quotation is the US Department of Commerce's own words. */
                 g_strdup (_("The Department of Commerce strongly encourages users “to "
                             "expeditiously transition to new vendors to limit exposure of "
                             "personal or other sensitive data to malign actors due to a "
                             "potential lack of cybersecurity coverage”.")),
                 "PR", "MT", NULL);

  add_statement (self->for_you, "us-stale", FALSE,
                 g_strdup (_("Kaspersky software that stays installed keeps running on the "
                             "databases it already has: after a failed update, Kaspersky "
                             "Endpoint Security for Linux “continues to use the previously "
                             "installed database version”.")),
                 "KESL", NULL);

  add_statement (self->for_you, "us-ultraav", FALSE,
                 g_strdup (_("The automatic switch from Kaspersky to UltraAV in September 2024 "
                             "was made on Windows computers only. UltraAV's FAQ lists Windows, "
                             "Mac, Android and iOS, not Linux.")),
                 "HNS", NULL);

  add_statement (self->for_you, "us-ultraav-billing", FALSE,
                 g_strdup (_("Kaspersky's US subscriptions, with their billing, were carried "
                             "over to UltraAV. If you or your family had a Kaspersky "
                             "subscription, check your UltraAV account: you may be paying for "
                             "something you do not use.")),
                 "HNS", "SW", NULL);

  add_statement (self->for_you, "us-business", FALSE,
                 g_strdup (_("The move to UltraAV was for Kaspersky's consumer customers. No "
                             "replacement was announced for businesses that use Kaspersky "
                             "Endpoint Security for Linux. On a centrally managed fleet, talk to "
                             "the administrator of Kaspersky Security Center first: the Network "
                             "Agents keep reporting to an Administration Server that gets no "
                             "updates, and the administrator can remove the applications from "
                             "the managed computers remotely.")),
                 "SW", "HNS", "PR", "KSC", NULL);
}

static void
add_national (AvsExplanation *self,
              const char     *code)
{
  if (code != NULL && g_str_equal (code, AVS_REGION_DE))
    {
      g_autofree char *date = entry_date ("germany-bsi");

      add_statement (self->for_you, "national-de", FALSE,
                     /* Translators: %s is a date. */
                     g_strdup_printf (_("In Germany, the Federal Office for Information Security "
                                        "(BSI) officially warned on %s that Kaspersky antivirus "
                                        "software should be replaced with alternative products: "
                                        "a Russian vendor could attack on its own, be forced to "
                                        "attack, or be misused without its knowledge. The courts "
                                        "found the warning lawful."), date),
                     "DE", "EUN", "WF", NULL);
    }
  else if (code != NULL && g_str_equal (code, AVS_REGION_IT))
    {
      g_autofree char *date = entry_date ("italy-acn");
      g_autofree char *updated = entry_date ("italy-acn-2025");

      add_statement (self->for_you, "national-it", FALSE,
                     /* Translators: both %s are dates. */
                     g_strdup_printf (_("In Italy, public administrations must diversify their "
                                        "security products away from companies linked to "
                                        "Russia. Article 29 of decree-law no. 21 of 2022 lists "
                                        "the categories, among them endpoint antivirus and EDR; "
                                        "the National Cybersecurity Agency (ACN) named the "
                                        "products of Kaspersky Lab, Group-IB and Positive "
                                        "Technologies in circular no. 4336 of %s, and replaced "
                                        "that circular on %s. These rules bind public "
                                        "administrations, not private users."),
                                     date, updated),
                     "IT", "RHC", "CSI", "IT2", NULL);
    }
  else if (code != NULL && g_str_equal (code, AVS_REGION_LT))
    {
      g_autofree char *date = entry_date ("lithuania");

      add_statement (self->for_you, "national-lt", FALSE,
                     /* Translators: %s is a date or a range of dates. */
                     g_strdup_printf (_("In Lithuania, the government declared Kaspersky a "
                                        "potential threat to national security on %s. Operators "
                                        "of critical infrastructure and state information "
                                        "resources must replace it; other businesses should "
                                        "assess their own risk."), date),
                     "LT", "BC", NULL);
    }
  else if (code != NULL && g_str_equal (code, AVS_REGION_NL))
    {
      g_autofree char *date = entry_date ("netherlands");

      add_statement (self->for_you, "national-nl", FALSE,
                     /* Translators: %s is a date. */
                     g_strdup_printf (_("In the Netherlands, the national government decided on "
                                        "%s to phase out Kaspersky antivirus as a precaution, and "
                                        "advised vital sectors to do the same."), date),
                     "NL", "NLT", NULL);
    }
  else if (code != NULL && g_str_equal (code, AVS_REGION_GB))
    {
      g_autofree char *date = entry_date ("uk-ncsc");

      add_statement (self->for_you, "national-gb", FALSE,
                     /* Translators: %s is a date. */
                     g_strdup_printf (_("In the United Kingdom, the National Cyber Security "
                                        "Centre warned government departments on %s not to "
                                        "choose a Russia-based antivirus product where Russian "
                                        "state access would be a risk to national security. It "
                                        "did not advise the general public to stop using "
                                        "Kaspersky."), date),
                     "UK", "WT", NULL);
    }
  else if (code != NULL && g_str_equal (code, AVS_REGION_CA))
    {
      g_autofree char *date = entry_date ("canada");

      add_statement (self->for_you, "national-ca", FALSE,
                     /* Translators: %s is a date. */
                     g_strdup_printf (_("In Canada, Kaspersky applications have been removed and "
                                        "blocked on government-issued mobile devices since %s, "
                                        "because of an unacceptable level of risk."), date),
                     "CA", "TK", NULL);
    }
}

static void
add_for_elsewhere (AvsExplanation *self,
                   gboolean        after_cutoff)
{
  g_autofree char *cutoff = entry_date ("bis-cutoff");

  add_statement (self->for_you, "elsewhere-updates", FALSE,
                 g_strdup (_("Outside the United States, the US ban does not stop Kaspersky's "
                             "updates: it covers customers in the United States and US persons.")),
                 "TH", "FEN", "CRW", NULL);

  add_statement (self->for_you, "us-persons-abroad", FALSE,
                 after_cutoff
                 /* Translators: %s is a date and time. */
                 ? g_strdup_printf (_("If you are a US person — for people, a US citizen or a "
                                      "permanent resident of the United States — the ban covers "
                                      "you abroad too: since %s, Kaspersky may no longer provide "
                                      "you with updates or its cloud service (KSN)."), cutoff)
                 /* Translators: %s is a date and time. */
                 : g_strdup_printf (_("If you are a US person — for people, a US citizen or a "
                                      "permanent resident of the United States — the ban covers "
                                      "you abroad too: from %s, Kaspersky may no longer provide "
                                      "you with updates or its cloud service (KSN)."), cutoff),
                 "FD", "CRW", "TH", NULL);

  add_national (self, self->region->code);
}

static gboolean
is_browser_product (AvsFinding *finding)
{
  const char *id = avs_finding_get_product_id (finding);

  return g_strcmp0 (id, AVS_PRODUCT_PROTECTION_EXTENSION) == 0 ||
         g_strcmp0 (id, AVS_PRODUCT_HTTPS_ROOT_CA) == 0;
}

static gboolean
is_windows_product (AvsFinding *finding)
{
  return g_strcmp0 (avs_finding_get_product_id (finding), AVS_PRODUCT_WINDOWS_INSTALLATION) == 0;
}

static char *
join_names (GPtrArray *findings)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (guint i = 0; i < findings->len; i++)
    g_strv_builder_add (builder, avs_finding_get_name (findings->pdata[i]));
  names = g_strv_builder_end (builder);

  return avs_text_join_list ((const char * const *) names, TRUE);
}

static void
add_product (AvsExplanation *self,
             AvsFinding     *finding)
{
  /* The product's name and version keep their own order inside a right-to-left sentence. */
  g_autofree char *name = avs_text_isolate (avs_finding_get_name (finding));
  g_autofree char *version = avs_text_isolate (avs_finding_get_version (finding));
  gboolean has_version = avs_finding_get_version (finding) != NULL && *avs_finding_get_version (finding) != '\0';
  GDateTime *updated = avs_finding_get_signatures_updated (finding);
  g_autoptr(GString) text = g_string_new (NULL);

  switch (avs_finding_get_state (finding))
    {
    case AVS_INSTALL_STATE_INSTALLED:
      if (has_version)
        /* Translators: %1$s is a product name, %2$s its version. */
        g_string_append_printf (text, _("%1$s %2$s is installed on this computer."), name, version);
      else
        /* Translators: %s is a product name. */
        g_string_append_printf (text, _("%s is installed on this computer."), name);
      break;
    case AVS_INSTALL_STATE_FILES_ONLY:
      if (has_version)
        /* Translators: %1$s is a product name, %2$s its version. */
        g_string_append_printf (text, _("%1$s %2$s is on this computer, installed without a package."),
                                name, version);
      else
        /* Translators: %s is a product name. */
        g_string_append_printf (text, _("%s is on this computer, installed without a package."), name);
      break;
    case AVS_INSTALL_STATE_LEFTOVERS:
    default:
      /* Translators: %s is a product name. */
      g_string_append_printf (text, _("Traces of %s remain on this computer."), name);
      break;
    }

  if (avs_finding_get_running (finding))
    {
      g_string_append_c (text, ' ');
      g_string_append (text, _("It is running now."));
    }

  add_statement (self->machine, "machine-product", TRUE, g_string_free (g_steal_pointer (&text), FALSE),
                 NULL);

  if (updated != NULL)
    {
      gint64 days = avs_days_between (updated, self->now);
      g_autofree char *date = avs_format_date (updated);
      char *sentence;

      if (days == 0)
        /* Translators: %1$s is a product name, %2$s a date. */
        sentence = g_strdup_printf (_("The signature databases of %1$s were last updated "
                                      "today, %2$s."), name, date);
      else
        sentence = g_strdup_printf (ngettext (/* Translators: %1$s is a product name, %2$s a
                                                 date, %3$d a number of days. */
                                              "The signature databases of %1$s were last updated "
                                              "on %2$s, %3$d day ago.",
                                              "The signature databases of %1$s were last updated "
                                              "on %2$s, %3$d days ago.",
                                              (gulong) MIN (days, G_MAXINT)),
                                    name, date, (int) MIN (days, G_MAXINT));

      if (days > 7)
        {
          g_autofree char *first = sentence;

          sentence = g_strconcat (first, " ",
                                  _("Kaspersky Endpoint Security for Linux reports databases "
                                    "older than 7 days as totally out of date."),
                                  NULL);
          add_statement (self->machine, "machine-signatures", TRUE, sentence, "KESL", NULL);
        }
      else
        {
          add_statement (self->machine, "machine-signatures", TRUE, sentence, NULL);
        }
    }
}

static void
add_machine (AvsExplanation *self,
             AvsScanResult  *scan,
             gboolean        in_us)
{
  GPtrArray *findings = avs_scan_result_get_findings (scan);
  GPtrArray *not_checked = avs_scan_result_get_not_checked (scan);
  g_autoptr(GPtrArray) programs = g_ptr_array_new ();
  g_autoptr(GPtrArray) browser = g_ptr_array_new ();
  g_autoptr(GPtrArray) windows = g_ptr_array_new ();
  gboolean only_leftovers = TRUE;

  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = findings->pdata[i];

      if (is_browser_product (finding))
        g_ptr_array_add (browser, finding);
      else if (is_windows_product (finding))
        g_ptr_array_add (windows, finding);
      else
        {
          g_ptr_array_add (programs, finding);
          if (avs_finding_get_state (finding) != AVS_INSTALL_STATE_LEFTOVERS)
            only_leftovers = FALSE;
        }
    }

  if (avs_scan_result_is_clean (scan))
    add_statement (self->machine, "machine-clean", TRUE,
                   g_strdup (_("The scan found no Kaspersky software on this computer.")), NULL);
  else if (avs_scan_result_get_outcome (scan) == AVS_SCAN_OUTCOME_INCOMPLETE)
    add_statement (self->machine, "machine-incomplete", TRUE,
                   g_strdup (_("The scan found no Kaspersky software in what it could check, but "
                               "some places could not be checked, so it cannot say that this "
                               "computer has none.")), NULL);

  if (avs_scan_result_is_managed (scan))
    {
      const char *server_name = avs_scan_result_get_management_server (scan);
      /* An address from the scanned machine: isolated in the sentence. */
      g_autofree char *server = avs_text_isolate (server_name);

      if (server_name != NULL && *server_name != '\0')
        add_statement (self->machine, "machine-managed", TRUE,
                       /* Translators: %s is the address of a Kaspersky Security Center server. */
                       g_strdup_printf (_("This computer is managed centrally: a Kaspersky Network "
                                          "Agent connects it to the administration server %s. "
                                          "Talk to your IT department first, before you remove "
                                          "anything."), server),
                       NULL);
      else
        add_statement (self->machine, "machine-managed", TRUE,
                       g_strdup (_("This computer is managed centrally through a Kaspersky "
                                   "Network Agent. Talk to your IT department first, before you "
                                   "remove anything.")),
                       NULL);
    }

  if (programs->len > 0 && only_leftovers)
    {
      g_autofree char *names = join_names (programs);

      add_statement (self->machine, "machine-leftovers", TRUE,
                     /* Translators: %s is a list of product names. */
                     g_strdup_printf (_("Kaspersky was removed, but traces remain: %s."), names),
                     NULL);
    }
  else
    {
      for (guint i = 0; i < programs->len; i++)
        add_product (self, programs->pdata[i]);
    }

  for (guint i = 0; i < windows->len; i++)
    {
      g_auto(GStrv) paths = avs_finding_dup_values (windows->pdata[i], AVS_EVIDENCE_WINDOWS_INSTALL);
      g_autofree char *where = avs_text_isolate (paths != NULL && paths[0] != NULL
                                                 ? paths[0]
                                                 : avs_finding_get_name (windows->pdata[i]));

      add_statement (self->machine, "machine-windows", TRUE,
                     /* Translators: %s is a path on a Windows volume. */
                     g_strdup_printf (_("Kaspersky is installed on a Windows system on this "
                                        "computer (%s)."), where),
                     NULL);
      if (in_us)
        add_statement (self->machine, "machine-windows-us", FALSE,
                       g_strdup (_("On US Windows computers, a Kaspersky update replaced "
                                   "Kaspersky with UltraAV in September 2024 without any action "
                                   "by the user.")),
                       "HNS", "TC", NULL);
    }

  if (browser->len > 0)
    {
      g_autofree char *names = join_names (browser);

      if (programs->len == 0 && windows->len == 0)
        add_statement (self->machine, "machine-browser-only", TRUE,
                       /* Translators: %s is a list such as "Kaspersky Protection extension". */
                       g_strdup_printf (_("No Kaspersky program is installed, but a Kaspersky "
                                          "component from another installation is still "
                                          "trusted by your browser: %s."), names),
                       NULL);
      else
        add_statement (self->machine, "machine-browser", TRUE,
                       /* Translators: %s is a list such as "Kaspersky Protection extension". */
                       g_strdup_printf (_("Your browser also still trusts a Kaspersky "
                                          "component: %s."), names),
                       NULL);
    }

  if (not_checked != NULL && not_checked->len > 0)
    add_statement (self->machine, "machine-not-checked", TRUE,
                   g_strdup_printf (ngettext ("The scan could not check %u place, so this list "
                                              "may be incomplete.",
                                              "The scan could not check %u places, so this list "
                                              "may be incomplete.",
                                              not_checked->len),
                                    not_checked->len),
                   NULL);
}

static void
cite (AvsExplanation     *self,
      const char * const *keys)
{
  for (guint i = 0; keys[i] != NULL; i++)
    {
      const AvsSource *source = avs_source_lookup (keys[i]);

      g_assert (source != NULL);
      if (!g_ptr_array_find (self->sources, source, NULL))
        g_ptr_array_add (self->sources, (gpointer) source);
    }
}

static void
cite_section (AvsExplanation *self,
              GPtrArray      *section)
{
  for (guint i = 0; i < section->len; i++)
    cite (self, (const char * const *) ((AvsStatement *) section->pdata[i])->sources);
}

AvsExplanation *
avs_explanation_new (const AvsRegion *region,
                     AvsScanResult   *scan,
                     GDateTime       *now)
{
  AvsExplanation *self;
  g_autoptr(GDateTime) cutoff = avs_timeline_get_cutoff ();
  const AvsTimelineEntry *entries;
  gsize n_entries;
  gboolean in_us;
  gboolean after_cutoff;

  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (scan == NULL || AVS_IS_SCAN_RESULT (scan), NULL);

  self = g_new0 (AvsExplanation, 1);
  self->region = avs_region_copy (region);
  self->now = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_local ();
  if (scan != NULL && avs_scan_result_get_scanned_at (scan) != NULL)
    self->scanned_at = g_date_time_ref (avs_scan_result_get_scanned_at (scan));
  self->summary = g_ptr_array_new_with_free_func (statement_free);
  self->timeline = g_ptr_array_new_with_free_func (g_free);
  self->for_you = g_ptr_array_new_with_free_func (statement_free);
  self->machine = g_ptr_array_new_with_free_func (statement_free);
  self->sources = g_ptr_array_new ();

  in_us = g_strcmp0 (region->code, AVS_REGION_US) == 0;
  after_cutoff = g_date_time_compare (self->now, cutoff) >= 0;

  add_summary (self, in_us, after_cutoff);

  entries = avs_timeline_get_entries (&n_entries);
  for (gsize i = 0; i < n_entries; i++)
    {
      AvsExplainedEvent *event = g_new0 (AvsExplainedEvent, 1);

      event->entry = &entries[i];
      event->past = avs_timeline_entry_is_past (&entries[i], self->now);
      event->local = g_strcmp0 (entries[i].region, region->code) == 0;
      g_ptr_array_add (self->timeline, event);
    }

  if (in_us)
    add_for_us (self, after_cutoff);
  else
    add_for_elsewhere (self, after_cutoff);

  if (scan != NULL)
    add_machine (self, scan, in_us);

  cite_section (self, self->summary);
  for (guint i = 0; i < self->timeline->len; i++)
    cite (self, ((AvsExplainedEvent *) self->timeline->pdata[i])->entry->sources);
  cite_section (self, self->for_you);
  cite_section (self, self->machine);

  return self;
}

void
avs_explanation_free (AvsExplanation *self)
{
  if (self == NULL)
    return;

  avs_region_free (self->region);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->scanned_at, g_date_time_unref);
  g_ptr_array_unref (self->summary);
  g_ptr_array_unref (self->timeline);
  g_ptr_array_unref (self->for_you);
  g_ptr_array_unref (self->machine);
  g_ptr_array_unref (self->sources);
  g_free (self);
}

guint
avs_explanation_source_number (AvsExplanation *self,
                               const char     *key)
{
  const AvsSource *source;
  guint index;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (key != NULL, 0);

  source = avs_source_lookup (key);
  if (source != NULL && g_ptr_array_find (self->sources, source, &index))
    return index + 1;
  return 0;
}

char *
avs_explanation_format_source_numbers (AvsExplanation     *self,
                                       const char * const *sources)
{
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; sources != NULL && sources[i] != NULL; i++)
    {
      guint number = avs_explanation_source_number (self, sources[i]);

      if (number != 0)
        g_ptr_array_add (numbers, g_strdup_printf ("%u", number));
    }
  g_ptr_array_add (numbers, NULL);

  /* Digits need no isolate; the language's own separator, and no-break spaces so that a
   * wrapped line never splits "1, 4". */
  joined = avs_text_join_list ((const char * const *) numbers->pdata, FALSE);
  words = g_strsplit (joined, " ", -1);
  return g_strjoinv ("\u00a0", words);
}

char *
avs_explanation_format_refs (AvsExplanation     *self,
                             const char * const *sources)
{
  g_autofree char *numbers = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  numbers = avs_explanation_format_source_numbers (self, sources);
  if (*numbers == '\0')
    return g_strdup ("");
  return g_strdup_printf ("[%s]", numbers);
}

char *
avs_explanation_cite (AvsExplanation     *self,
                      const char         *text,
                      const char * const *sources)
{
  g_autofree char *numbers = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  numbers = avs_explanation_format_source_numbers (self, sources);
  if (*numbers == '\0')
    return g_strdup (text);
  /* Translators: a sentence with the numbers of its sources: "… in 2024. [1, 4]". %1$s is the
   * text, the second the list of source numbers ("1, 4"). Keep both; put the numbers where
   * your language cites. */
  return g_strdup_printf (C_("citation", "%1$s [%2$s]"), text, numbers);
}

static const AvsStatement *
find_in (GPtrArray  *section,
         const char *id)
{
  for (guint i = 0; i < section->len; i++)
    {
      const AvsStatement *statement = section->pdata[i];

      if (g_str_equal (statement->id, id))
        return statement;
    }
  return NULL;
}

const AvsStatement *
avs_explanation_find (AvsExplanation *self,
                      const char     *id)
{
  const AvsStatement *found;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if ((found = find_in (self->summary, id)) != NULL ||
      (found = find_in (self->for_you, id)) != NULL ||
      (found = find_in (self->machine, id)) != NULL)
    return found;
  return NULL;
}

static void
add_keys (JsonBuilder        *builder,
          const char * const *keys)
{
  json_builder_set_member_name (builder, "sources");
  json_builder_begin_array (builder);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    json_builder_add_string_value (builder, keys[i]);
  json_builder_end_array (builder);
}

static void
add_section (JsonBuilder *builder,
             const char  *name,
             GPtrArray   *section)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < section->len; i++)
    {
      const AvsStatement *statement = section->pdata[i];

      json_builder_begin_object (builder);
      avs_json_builder_add_string_member (builder, "id", statement->id);
      avs_json_builder_add_string_member (builder, "text", statement->text);
      json_builder_set_member_name (builder, "from_scan");
      json_builder_add_boolean_value (builder, statement->from_scan);
      add_keys (builder, (const char * const *) statement->sources);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static const char *
region_source_to_string (AvsRegionSource source)
{
  switch (source)
    {
    case AVS_REGION_SOURCE_OVERRIDE:
      return "override";
    case AVS_REGION_SOURCE_TIMEZONE:
      return "timezone";
    case AVS_REGION_SOURCE_LOCALE:
      return "locale";
    case AVS_REGION_SOURCE_NONE:
    default:
      return "none";
    }
}

static const char *
precision_to_string (AvsDatePrecision precision)
{
  switch (precision)
    {
    case AVS_DATE_PRECISION_MONTH:
      return "month";
    case AVS_DATE_PRECISION_MINUTE:
      return "minute";
    case AVS_DATE_PRECISION_DAY:
    default:
      return "day";
    }
}

JsonNode *
avs_explanation_to_json (AvsExplanation *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *now = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  now = g_date_time_format_iso8601 (self->now);

  json_builder_begin_object (builder);
  avs_json_builder_add_string_member (builder, "schema", AVS_EXPLAIN_SCHEMA);
  avs_json_builder_add_string_member (builder, "now", now);

  json_builder_set_member_name (builder, "region");
  json_builder_begin_object (builder);
  avs_json_builder_add_string_member (builder, "code", self->region->code);
  avs_json_builder_add_string_member (builder, "name", avs_region_get_name (self->region->code));
  avs_json_builder_add_string_member (builder, "source", region_source_to_string (self->region->source));
  avs_json_builder_add_string_member (builder, "detail", self->region->detail);
  json_builder_end_object (builder);

  add_section (builder, "summary", self->summary);

  json_builder_set_member_name (builder, "timeline");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->timeline->len; i++)
    {
      const AvsExplainedEvent *event = self->timeline->pdata[i];
      g_autofree char *formatted = avs_timeline_entry_format_date (event->entry);

      json_builder_begin_object (builder);
      avs_json_builder_add_string_member (builder, "id", event->entry->id);
      avs_json_builder_add_string_member (builder, "date", event->entry->date);
      avs_json_builder_add_string_member (builder, "date_end", event->entry->date_end);
      avs_json_builder_add_string_member (builder, "precision", precision_to_string (event->entry->precision));
      avs_json_builder_add_string_member (builder, "formatted_date", formatted);
      avs_json_builder_add_string_member (builder, "region", event->entry->region);
      avs_json_builder_add_string_member (builder, "text", _(event->entry->text));
      json_builder_set_member_name (builder, "past");
      json_builder_add_boolean_value (builder, event->past);
      json_builder_set_member_name (builder, "local");
      json_builder_add_boolean_value (builder, event->local);
      add_keys (builder, event->entry->sources);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_section (builder, "for_you", self->for_you);
  add_section (builder, "machine", self->machine);

  json_builder_set_member_name (builder, "sources");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->sources->len; i++)
    {
      const AvsSource *source = self->sources->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "number");
      json_builder_add_int_value (builder, i + 1);
      avs_json_builder_add_string_member (builder, "key", source->key);
      avs_json_builder_add_string_member (builder, "title", _(source->title));
      avs_json_builder_add_string_member (builder, "url", source->url);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
