/* avs-timeline.c — the dated, sourced events of the Kaspersky ban and the measures around it
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every entry and every source below is listed, with what it supports, in docs/sources.md.
 * Where the sources disagree, the primary source's date is used: the update cut-off is
 * 2024-09-29 00:00 EDT (BIS), the OFAC designations 2024-06-21, the UltraAV switch ~2024-09-19
 * (Kaspersky), Canada's measure 2023-10-30.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "avs-timeline.h"
#include "avs-text.h"

/* Translators: the titles below describe a cited web page: keep the names of publications,
 * courts and agencies as they are, translate the description. */
static const AvsSource sources[] = {
  { "PR", N_("US Department of Commerce (BIS): press release “Commerce Department Prohibits Russian Kaspersky Software for U.S. Customers”, 20 June 2024"),
    "https://www.bis.gov/press-release/commerce-department-prohibits-russian-kaspersky-software-us-customers" },
  { "OICTS", N_("US Department of Commerce (BIS, Office of Information and Communications Technology and Services): the Kaspersky page with the prohibited transactions and questions and answers"),
    "https://oicts.bis.gov/kaspersky" },
  { "FD", N_("Federal Register 89 FR 52434–52437 (FR Doc 2024-13532): Final Determination, Case No. ICTS-2021-002, Kaspersky Lab, Inc."),
    "https://www.govinfo.gov/content/pkg/FR-2024-06-24/html/2024-13532.htm" },
  { "EL", N_("Federal Register 89 FR 52362: Additions to the Entity List (FR Doc 2024-13695)"),
    "https://www.govinfo.gov/content/pkg/FR-2024-06-24/html/2024-13695.htm" },
  { "TH", N_("Thompson Hine SmartTrade: BIS and OFAC prohibitions against Kaspersky's entities and operations"),
    "https://www.thompsonhinesmartrade.com/2024/06/bis-and-ofac-imposed-new-prohibitions-against-kasperskys-entities-and-operations/" },
  { "FEN", N_("Fenwick: BIS prohibits transactions with Kaspersky Lab in its first final ICTS determination"),
    "https://whatstrending.fenwick.com/post/102jb15/bis-prohibits-transactions-with-kaspersky-lab-in-its-first-final-icts-determinati" },
  { "CRW", N_("Conventus Law: legal analysis of the Kaspersky Final Determination, including US persons abroad"),
    "https://conventuslaw.com/?p=117141" },
  { "NLR", N_("National Law Review: Commerce issues first Final Determination under the ICTS supply chain rules"),
    "https://natlawreview.com/article/commerce-issues-first-final-determination-under-icts-supply-chain-rules-banning" },
  { "ITC", N_("ITC.ua: the US bans Kaspersky Lab software and business"),
    "https://itc.ua/en/news/us-bans-kaspersky-lab-software-and-business-some-operations-will-be-available-until-september-29/" },
  { "MT", N_("MeriTalk: Commerce bans Kaspersky cybersecurity services in the US"),
    "https://meritalk.com/articles/commerce-bans-kaspersky-cybersecurity-services-in-u-s" },
  { "WTTL", N_("WTTL: Commerce adds Kaspersky to blacklist"),
    "https://wttlonline.com/stories/commerce-adds-kaspersky-to-blacklist,12390" },
  { "TREAS", N_("US Department of the Treasury: press release of 21 June 2024 on the sanctions against the leadership of Kaspersky Lab"),
    "https://home.treasury.gov/news/press-releases/jy2420" },
  { "OFAC", N_("SiliconANGLE: the US Treasury (OFAC) designates Kaspersky executives"),
    "https://siliconangle.com/?p=661677" },
  { "UNN", N_("Universe News Network: action against Kaspersky Lab leadership"),
    "https://www.universenewsnetwork.com/2024/06/24/action-against-kaspersky-lab-leadership-due-to-continued-cybersecurity-threats/" },
  { "BOD", N_("Federal Register 82 FR 43782: DHS Binding Operational Directive 17-01"),
    "https://govinfo.gov/content/pkg/FR-2017-09-19/html/2017-19838.htm" },
  { "CISA", N_("CISA: Binding Operational Directive 17-01"),
    "https://www.cisa.gov/news-events/directives/binding-operational-directive-17-01" },
  { "NDAA", N_("National Defense Authorization Act for Fiscal Year 2018, section 1634 (Pub. L. 115-91), on govinfo.gov"),
    "https://www.govinfo.gov/content/pkg/PLAW-115publ91/html/PLAW-115publ91.htm" },
  { "FAR", N_("Federal Register 83 FR 28141: FAR clause 52.204-23 on Kaspersky products"),
    "https://regulations.justia.com/regulations/fedreg/2018/06/15/2018-12847.html" },
  { "CT", N_("Casetext: Kaspersky Lab, Inc. v. US Department of Homeland Security"),
    "http://casetext.com/case/kaspersky-lab-inc-v-us-dept-of-homeland-sec-kirstjen-m-nielsen" },
  { "CT2", N_("Justia Dockets: Kaspersky Lab v. DHS, US District Court for the District of Columbia, 1:18-cv-00325"),
    "https://docs.justia.com/cases/federal/district-courts/district-of-columbia/dcdce/1:2018cv00325/193451/14" },
  { "FCC", N_("Nasdaq: the US FCC adds AO Kaspersky Lab and China Telecom firms to its national security threat list"),
    "https://www.nasdaq.com/articles/u.s.-fcc-adds-ao-kaspersky-lab-china-telecom-firms-to-national-security-threat-list" },
  { "FCCL", N_("Federal Communications Commission: the Covered List"),
    "https://www.fcc.gov/supplychain/coveredlist" },
  { "L360", N_("Law360: FCC adds 3 companies to national security threat list"),
    "https://www.law360.com/articles/1477769/fcc-adds-3-companies-to-national-security-threat-list" },
  { "EXIT", N_("Rappler: Kaspersky to close its United States operations following the ban"),
    "https://www.rappler.com/technology/kaspersky-close-united-states-operations-following-ban/" },
  { "TW", N_("Techworm: Kaspersky Lab shuts down its US division"),
    "https://www.techworm.net/2024/07/kaspersky-lab-shut-down-its-u-s-division.html" },
  { "SW", N_("SecurityWeek, as copied on news.clateway.com: Kaspersky and Pango respond to user backlash as the transition to UltraAV nears completion"),
    "https://news.clateway.com/kaspersky-pango-respond-to-user-backlash-as-transition-to-ultraav-nearly-complete-32609.html" },
  { "INC", N_("inCyber: forced to leave the United States, Kaspersky replaces its antivirus with UltraAV"),
    "https://incyber.org/en/article/forced-to-leave-the-united-states-kaspersky-replaces-its-antivirus-with-ultraav/" },
  { "HNS", N_("Help Net Security: the Kaspersky to UltraAV handover"),
    "https://helpnetsecurity.com/2024/09/24/kaspersky-ultraav-handover" },
  { "TC", N_("TechCrunch, as copied on techcom.pages.dev: Kaspersky defends force-replacing its security software"),
    "https://techcom.pages.dev/posts/kaspersky-defends-force-replacing-its-security-software-without-users-explicit-consent" },
  { "KUSA", N_("Kaspersky documentation (KATA 5.1): updates and KSN may be unavailable in the USA"),
    "https://support.kaspersky.ru/KATA/5.1/en-US/247577.htm" },
  { "KSC", N_("Kaspersky Security Center 13.1 help: uninstalling applications remotely from managed devices"),
    "https://support.kaspersky.it/KSC/13.1/en-US/all-in-one.htm?sectionUrl=202480.htm" },
  { "KESL", N_("Kaspersky Endpoint Security for Linux 11.3.0 help: database updates"),
    "https://support.kaspersky.com/KES4Linux/11.3.0/en-US/234821.htm" },
  { "BSI", N_("BSI (Federal Office for Information Security): press release of 15 March 2022 warning about Kaspersky antivirus software"),
    "https://www.bsi.bund.de/DE/Service-Navi/Presse/Pressemitteilungen/Presse2022/220315_Kaspersky-Warnung.html" },
  { "DE", N_("NBS Partners: the BSI warning about Kaspersky antivirus software"),
    "https://www.nbs-partners.de/neuigkeiten/warnung-des-bsi-vor-kaspersky-virenschutzsoftware/" },
  { "EUN", N_("Euronews (German edition): Kaspersky and the BSI, 15 March 2022"),
    "https://de.euronews.com/2022/03/15/kaspersky-bsi" },
  { "WF", N_("WinFuture: the courts on the BSI warning about Kaspersky"),
    "https://winfuture.de/news,129352.html" },
  { "IT", N_("Forze Armate: Italian public administrations must diversify their cybersecurity products"),
    "https://www.forzearmate.eu/2022/04/26/governo-sicurezza-pubbliche-amministrazioni-diversificazione-di-prodotti-e-servizi-tecnologici-di-sicurezza-informatica/" },
  { "RHC", N_("Red Hot Cyber: the ACN circular on diversification"),
    "https://www.redhotcyber.com/post/circolare-21-acn-diversificare-italia/" },
  { "CSI", N_("CyberSecItalia: the ACN puts Kaspersky Lab, Group-IB and Positive Technologies on its list"),
    "https://www.cybersecitalia.it/pa-acn-mette-kaspersky-lab-group-ib-e-positive-technologies-nella-black-list/18487/" },
  { "IT2", N_("Segretari comunali Vighenzi: the ACN circular of 14 November 2025"),
    "https://www.segretaricomunalivighenzi.it/?p=66730" },
  { "LT", N_("China.org.cn: Lithuania bans Kaspersky software in critical infrastructure"),
    "http://en.chinagate.cn/2017-12/22/content_50119115.htm" },
  { "BC", N_("The Baltic Course: Lithuania on Kaspersky software"),
    "http://www.baltic-course.com/eng/Technology/?doc=136187" },
  { "NL", N_("CNA: Dutch government to phase out use of Kaspersky anti-virus software"),
    "https://www.channelnewsasia.com/news/technology/dutch-government-to-phase-out-use-of-kaspersky-anti-virus-software-10233968?cid=cna_flip_070214" },
  { "NLT", N_("NL Times: Dutch government stops using Russian anti-virus software Kaspersky"),
    "https://nltimes.nl/2018/05/15/dutch-govt-stops-using-russian-anti-virus-software-kaspersky" },
  { "UK", N_("The Guardian: do not use antivirus firms linked to Russia, cyber security chief tells Whitehall"),
    "https://www.theguardian.com/technology/2017/dec/02/dont-use-antivirus-firms-linked-to-russia-cyber-security-chief-tells-whitehall" },
  { "WT", N_("The Washington Times: UK cyber agency issues warning over Kaspersky Lab"),
    "https://www.washingtontimes.com/news/2017/dec/2/uk-cyber-agency-issues-warning-over-kaspersky-lab/" },
  { "CA", N_("Mint: Canada bans WeChat and Kaspersky applications on government devices"),
    "https://www.livemint.com/technology/tech-news/canada-bans-wechat-kaspersky-applications-on-government-devices-unacceptable-level-of-risk-11698722448916.html" },
  { "TK", N_("Ticker: Canada bans WeChat and Kaspersky applications on government devices"),
    "https://ticker.tv/news/canada-bans-wechat-kaspersky-applications-on-government-devices/105955/" },
};

#define DAY AVS_DATE_PRECISION_DAY
#define MONTH AVS_DATE_PRECISION_MONTH
#define MINUTE AVS_DATE_PRECISION_MINUTE

/* In date order. */
static const AvsTimelineEntry entries[] = {
  { "bod-17-01", DAY, "2017-09-13", NULL, NULL, "US",
    N_("The US Department of Homeland Security issues Binding Operational Directive 17-01: "
       "federal agencies must identify and remove Kaspersky-branded products."),
    { "BOD", "CISA", NULL } },
  { "uk-ncsc", DAY, "2017-12-01", NULL, NULL, "GB",
    N_("The UK's National Cyber Security Centre warns government departments not to choose a "
       "Russia-based antivirus product where Russian state access would be a risk to national "
       "security. It does not advise the general public to stop using Kaspersky."),
    { "UK", "WT", NULL } },
  { "ndaa-1634", MONTH, "2017-12", NULL, NULL, "US",
    N_("The US National Defense Authorization Act for fiscal year 2018 is enacted. Its section "
       "1634 forbids every federal agency to use hardware, software or services of Kaspersky Lab."),
    { "NDAA", NULL } },
  { "lithuania", DAY, "2017-12-20", "2017-12-21", NULL, "LT",
    N_("Lithuania declares Kaspersky a potential threat to national security. Operators of "
       "critical infrastructure (energy, finance, transport) and state information resources "
       "must replace it; other businesses should assess their own risk."),
    { "LT", "BC", NULL } },
  { "netherlands", DAY, "2018-05-14", NULL, NULL, "NL",
    N_("The Dutch government decides, as a precaution, to phase out Kaspersky antivirus and "
       "advises vital sectors to do the same. No concrete misuse was known."),
    { "NL", "NLT", NULL } },
  { "court-district", DAY, "2018-05-30", NULL, NULL, "US",
    N_("A US federal court in Washington, D.C. dismisses Kaspersky's lawsuits against the "
       "directive and the federal ban."),
    { "CT", "CT2", NULL } },
  { "far-clause", DAY, "2018-07-16", NULL, NULL, "US",
    N_("The federal procurement clause that implements section 1634 (FAR 52.204-23) takes effect."),
    { "FAR", NULL } },
  { "ndaa-in-force", DAY, "2018-10-01", NULL, NULL, "US",
    N_("The ban on Kaspersky products in US federal agencies (section 1634) takes effect."),
    { "NDAA", NULL } },
  { "court-appeals", DAY, "2018-11-30", NULL, NULL, "US",
    N_("The US Court of Appeals for the D.C. Circuit upholds the dismissal: the federal ban is "
       "not a bill of attainder."),
    { "CT", NULL } },
  { "doj-referral", MONTH, "2021-08", NULL, NULL, "US",
    N_("The US Department of Justice refers Kaspersky to the Department of Commerce for a "
       "review of its information and communications technology and services (ICTS)."),
    { "NLR", NULL } },
  { "germany-bsi", DAY, "2022-03-15", NULL, NULL, "DE",
    N_("Germany's Federal Office for Information Security (BSI) issues an official warning "
       "under section 7 of the BSI Act: replace Kaspersky antivirus software with alternative "
       "products."),
    { "BSI", "DE", "EUN", NULL } },
  { "italy-decree", DAY, "2022-03-21", NULL, NULL, "IT",
    N_("Italy's decree-law no. 21, article 29, requires public administrations to diversify "
       "security products and services from companies linked to Russia. The article lists the "
       "categories concerned, among them endpoint security with antivirus and EDR."),
    { "IT", "RHC", NULL } },
  { "fcc-covered-list", DAY, "2022-03-25", NULL, NULL, "US",
    N_("The US Federal Communications Commission adds AO Kaspersky Lab to its Covered List, "
       "the first Russian company on it."),
    { "FCC", "FCCL", "L360", NULL } },
  { "germany-courts", MONTH, "2022-04", NULL, NULL, "DE",
    N_("The administrative courts of Cologne and North Rhine-Westphalia reject Kaspersky's "
       "urgent applications and find the BSI warning lawful."),
    { "WF", NULL } },
  { "italy-acn", DAY, "2022-04-21", NULL, NULL, "IT",
    N_("Italy's National Cybersecurity Agency (ACN) issues circular no. 4336, which names the "
       "products and services to be replaced: those of Kaspersky Lab, Group-IB and Positive "
       "Technologies."),
    { "RHC", "CSI", "IT", NULL } },
  { "canada", DAY, "2023-10-30", NULL, NULL, "CA",
    N_("Canada removes and blocks Kaspersky applications on government-issued mobile devices, "
       "after the Chief Information Officer of Canada found an unacceptable level of risk."),
    { "CA", "TK", NULL } },
  { "bis-announced", DAY, "2024-06-20", NULL, NULL, "US",
    N_("The US Department of Commerce (BIS) announces its Final Determination, which prohibits "
       "Kaspersky software and services in the United States, and adds Kaspersky companies to "
       "the Entity List."),
    { "PR", "OICTS", NULL } },
  { "ofac", DAY, "2024-06-21", NULL, NULL, "US",
    N_("The US Treasury (OFAC) sanctions 12 executives and senior leaders of AO Kaspersky Lab. "
       "The company itself and Eugene Kaspersky are not designated."),
    { "TREAS", "OFAC", "UNN", "WTTL", NULL } },
  { "bis-published", DAY, "2024-06-24", NULL, NULL, "US",
    N_("The Final Determination is published in the Federal Register (89 FR 52434). AO "
       "Kaspersky Lab, OOO Kaspersky Group and Kaspersky Labs Limited are on the Entity List "
       "from this day."),
    { "FD", "EL", NULL } },
  { "kaspersky-exit", DAY, "2024-07-15", NULL, NULL, "US",
    N_("Kaspersky announces that it will gradually wind down its US operations and eliminate "
       "its US positions."),
    { "EXIT", "TW", NULL } },
  { "bis-no-new-agreements", DAY, "2024-07-20", NULL, NULL, "US",
    N_("Kaspersky may no longer enter into new agreements with US persons."),
    { "TH", "FEN", NULL } },
  { "ultraav-notice", DAY, "2024-09-05", NULL, NULL, "US",
    N_("Kaspersky starts telling its US customers, by email, in the app and on My Kaspersky, "
       "that they will be moved to UltraAV, according to Pango, the owner of UltraAV."),
    { "INC", NULL } },
  { "ultraav-switch", DAY, "2024-09-19", NULL, NULL, "US",
    N_("A Kaspersky update replaces Kaspersky with UltraAV on US Windows computers, without any "
       "action by the user. Mac, Android and iOS users have to install UltraAV themselves."),
    { "HNS", "TC", NULL } },
  { "bis-cutoff", MINUTE, "2024-09-29T00:00:00-04:00", NULL, "America/New_York", "US",
    N_("Kaspersky may no longer provide signature or program updates or its cloud service "
       "(KSN) in the United States or to US persons. Reselling Kaspersky software and "
       "integrating it into other products are prohibited too."),
    { "PR", "OICTS", "TH", "FEN", NULL } },
  { "italy-acn-2025", DAY, "2025-11-14", NULL, NULL, "IT",
    N_("Italy's National Cybersecurity Agency replaces circular no. 4336 with an updated "
       "circular on diversifying security products."),
    { "IT2", NULL } },
};

#undef DAY
#undef MONTH
#undef MINUTE

const AvsTimelineEntry *
avs_timeline_get_entries (gsize *n_entries)
{
  if (n_entries != NULL)
    *n_entries = G_N_ELEMENTS (entries);
  return entries;
}

const AvsTimelineEntry *
avs_timeline_lookup (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (entries); i++)
    if (g_str_equal (entries[i].id, id))
      return &entries[i];
  return NULL;
}

const AvsSource *
avs_timeline_get_sources (gsize *n_sources)
{
  if (n_sources != NULL)
    *n_sources = G_N_ELEMENTS (sources);
  return sources;
}

const AvsSource *
avs_source_lookup (const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (sources); i++)
    if (g_str_equal (sources[i].key, key))
      return &sources[i];
  return NULL;
}

/* "2024-06-24" or "2017-12" → year, month, day (1 for a month). */
static gboolean
parse_date (const char *text,
            int        *year,
            int        *month,
            int        *day)
{
  int consumed = 0;

  *day = 1;
  if (sscanf (text, "%4d-%2d-%2d%n", year, month, day, &consumed) == 3 &&
      text[consumed] == '\0')
    return g_date_valid_dmy (*day, *month, *year);
  if (sscanf (text, "%4d-%2d%n", year, month, &consumed) == 2 && text[consumed] == '\0')
    return *month >= 1 && *month <= 12;
  return FALSE;
}

GDateTime *
avs_timeline_entry_get_start (const AvsTimelineEntry *entry)
{
  int year, month, day;

  g_return_val_if_fail (entry != NULL, NULL);

  if (entry->precision == AVS_DATE_PRECISION_MINUTE)
    {
      g_autoptr(GDateTime) moment = g_date_time_new_from_iso8601 (entry->date, NULL);

      g_return_val_if_fail (moment != NULL, NULL);
      return g_date_time_to_utc (moment);
    }

  if (!parse_date (entry->date, &year, &month, &day))
    g_return_val_if_reached (NULL);
  return g_date_time_new_utc (year, month, day, 0, 0, 0);
}

gboolean
avs_timeline_entry_is_past (const AvsTimelineEntry *entry,
                            GDateTime              *now)
{
  int year, month, day;
  int now_year, now_month, now_day;

  g_return_val_if_fail (entry != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (entry->precision == AVS_DATE_PRECISION_MINUTE)
    {
      g_autoptr(GDateTime) start = avs_timeline_entry_get_start (entry);

      return g_date_time_compare (now, start) >= 0;
    }

  if (!parse_date (entry->date, &year, &month, &day))
    g_return_val_if_reached (FALSE);
  g_date_time_get_ymd (now, &now_year, &now_month, &now_day);

  if (entry->precision == AVS_DATE_PRECISION_MONTH)
    return now_year * 12 + now_month >= year * 12 + month;
  return now_year * 10000 + now_month * 100 + now_day >= year * 10000 + month * 100 + day;
}

/* The month's name in the language of the surrounding text, from the same translation, never
 * from LC_TIME: an English interface on a German system must not say "20 Juni 2024". The name
 * as part of a full date ("29 сентября 2024", %B) and standing alone ("сентябрь 2024", %OB, as
 * in glibc) are two translations: languages such as Russian decline it. */
static const char *
month_name (int      month,
            gboolean standalone)
{
  if (standalone)
    switch (month)
      {
      /* Translators: a month's name standing alone, as in a month and year ("September
       * 2024"): the nominative where your language declines it. Used for %OB in the date
       * formats; the names under "month name" (%B) are the form inside a full date. */
      case 1: return C_("standalone month name", "January");
      case 2: return C_("standalone month name", "February");
      case 3: return C_("standalone month name", "March");
      case 4: return C_("standalone month name", "April");
      case 5: return C_("standalone month name", "May");
      case 6: return C_("standalone month name", "June");
      case 7: return C_("standalone month name", "July");
      case 8: return C_("standalone month name", "August");
      case 9: return C_("standalone month name", "September");
      case 10: return C_("standalone month name", "October");
      case 11: return C_("standalone month name", "November");
      case 12: return C_("standalone month name", "December");
      default: g_return_val_if_reached ("");
      }

  switch (month)
    {
    /* Translators: a month's name inside a full date ("29 September 2024"): the genitive
     * where your language declines it. Used for %B in the date formats; the names under
     * "standalone month name" (%OB) are the form standing alone. */
    case 1: return C_("month name", "January");
    case 2: return C_("month name", "February");
    case 3: return C_("month name", "March");
    case 4: return C_("month name", "April");
    case 5: return C_("month name", "May");
    case 6: return C_("month name", "June");
    case 7: return C_("month name", "July");
    case 8: return C_("month name", "August");
    case 9: return C_("month name", "September");
    case 10: return C_("month name", "October");
    case 11: return C_("month name", "November");
    case 12: return C_("month name", "December");
    default: g_return_val_if_reached ("");
    }
}

/* @format, a translated g_date_time_format() format, with %B and %OB taken from month_name(). */
static char *
format_in_text_language (GDateTime  *when,
                         const char *format)
{
  g_autoptr(GString) expanded = g_string_new (NULL);

  for (const char *p = format; *p != '\0'; p++)
    {
      gboolean standalone = p[0] == '%' && p[1] == 'O' && p[2] == 'B';

      if (p[0] == '%' && p[1] == '%')
        {
          g_string_append (expanded, "%%");
          p++;
        }
      else if (standalone || (p[0] == '%' && p[1] == 'B'))
        {
          /* The name is text, not a format: a '%' in a translation stays a '%'. */
          for (const char *m = month_name (g_date_time_get_month (when), standalone);
               *m != '\0'; m++)
            {
              if (*m == '%')
                g_string_append_c (expanded, '%');
              g_string_append_c (expanded, *m);
            }
          p += standalone ? 2 : 1;
        }
      else
        g_string_append_c (expanded, *p);
    }
  return g_date_time_format (when, expanded->str);
}

char *
avs_format_date (GDateTime *when)
{
  g_return_val_if_fail (when != NULL, NULL);

  /* Translators: the format of a full date, see the GLib documentation of
   * g_date_time_format(); "%-d %B %Y" gives "29 September 2024". Use your language's order;
   * %B is the month's name as translated under the context "month name" (the form inside a
   * date, the genitive where your language declines it); %OB would give the name standing
   * alone (context "standalone month name"). */
  /* xgettext:no-c-format */
  return format_in_text_language (when, C_("date format", "%-d %B %Y"));
}

char *
avs_format_date_time (GDateTime *when)
{
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;

  g_return_val_if_fail (when != NULL, NULL);

  date = avs_format_date (when);
  /* Translators: a time of day ("14:05"), see g_date_time_format(). */
  /* xgettext:no-c-format */
  time = g_date_time_format (when, C_("time format", "%H:%M"));
  /* Translators: a date and a time of day: "28 November 2026, 14:05". */
  return g_strdup_printf (C_("date and time", "%1$s, %2$s"), date, time);
}

static char *
format_month (GDateTime *when)
{
  /* Translators: the format of a month and year ("December 2017"), see g_date_time_format().
   * %OB is the month's name standing alone (context "standalone month name": the nominative,
   * "декабрь 2017"); %B is its form inside a full date (context "month name": the genitive,
   * "20 декабря 2017"). Use %OB here unless your language says "of December 2017". */
  /* xgettext:no-c-format */
  return format_in_text_language (when, C_("date format", "%OB %Y"));
}

char *
avs_timeline_entry_format_date (const AvsTimelineEntry *entry)
{
  g_autoptr(GDateTime) start = NULL;
  int year, month, day;

  g_return_val_if_fail (entry != NULL, NULL);

  if (entry->precision == AVS_DATE_PRECISION_MINUTE)
    {
      g_autoptr(GDateTime) moment = g_date_time_new_from_iso8601 (entry->date, NULL);
      g_autoptr(GDateTime) in_zone = NULL;
      g_autoptr(GDateTime) utc = NULL;
      g_autofree char *date = NULL;
      g_autofree char *time_in_zone = NULL;
      g_autofree char *time_utc = NULL;

      g_return_val_if_fail (moment != NULL, NULL);

      /* The source's own zone gives the abbreviation ("EDT"); without tzdata, the offset. */
      if (entry->timezone != NULL)
        {
          g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (entry->timezone);

          if (zone != NULL)
            in_zone = g_date_time_to_timezone (moment, zone);
        }
      if (in_zone == NULL)
        in_zone = g_date_time_ref (moment);
      utc = g_date_time_to_utc (moment);

      date = avs_format_date (in_zone);
      /* Translators: a time of day with its zone ("00:00 EDT"), see g_date_time_format(). */
      /* xgettext:no-c-format */
      time_in_zone = g_date_time_format (in_zone, _("%H:%M %Z"));
      /* Translators: a time of day ("04:00"), see g_date_time_format(). */
      /* xgettext:no-c-format */
      time_utc = g_date_time_format (utc, _("%H:%M"));

      /* The times hold Latin zone names and digits: isolated, so that an Arabic sentence
       * keeps "00:00 EDT" and "(04:00 UTC)" in their order. */
      {
        g_autofree char *shown_in_zone = avs_text_isolate (time_in_zone);
        g_autofree char *shown_utc = avs_text_isolate (time_utc);

        /* Translators: a moment as a source gives it, and the same in UTC:
         * "29 September 2024, 00:00 EDT (04:00 UTC)". */
        return g_strdup_printf (_("%1$s, %2$s (%3$s UTC)"), date, shown_in_zone, shown_utc);
      }
    }

  if (!parse_date (entry->date, &year, &month, &day))
    g_return_val_if_reached (NULL);
  start = g_date_time_new_utc (year, month, day, 0, 0, 0);

  if (entry->precision == AVS_DATE_PRECISION_MONTH)
    return format_month (start);

  if (entry->date_end != NULL)
    {
      int end_year, end_month, end_day;
      g_autoptr(GDateTime) end = NULL;
      g_autofree char *first = NULL;
      g_autofree char *last = NULL;

      if (!parse_date (entry->date_end, &end_year, &end_month, &end_day))
        g_return_val_if_reached (NULL);
      end = g_date_time_new_utc (end_year, end_month, end_day, 0, 0, 0);
      last = avs_format_date (end);
      if (end_year == year && end_month == month)
        {
          /* Translators: the day of the month, the first of a range ("20" in "20–21 December"). */
          /* xgettext:no-c-format */
          g_autofree char *day_number = g_date_time_format (start, _("%-d"));

          /* A bare number next to the dash: isolated, so right-to-left text keeps "20–21". */
          first = avs_text_isolate (day_number);
        }
      else
        first = avs_format_date (start);

      /* Translators: a range of days: "20–21 December 2017"; %1$s is the first day, %2$s the
       * last day as a full date. */
      return g_strdup_printf (_("%1$s–%2$s"), first, last);
    }

  return avs_format_date (start);
}

GDateTime *
avs_timeline_get_cutoff (void)
{
  return avs_timeline_entry_get_start (avs_timeline_lookup ("bis-cutoff"));
}
