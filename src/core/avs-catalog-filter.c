/* avs-catalog-filter.c — choosing from the catalog: filters, and ranking by what a scan found
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "avs-catalog-filter.h"

/* Flagged products sort after every unflagged one, whatever their own score. */
#define FLAG_PENALTY 10000

void
avs_catalog_filter_init (AvsCatalogFilter *filter)
{
  g_return_if_fail (filter != NULL);
  memset (filter, 0, sizeof *filter);
}

static gboolean
id_matches (const char         *id,
            const char * const *id_like,
            const char         *wanted)
{
  if (id != NULL && g_str_equal (id, wanted))
    return TRUE;
  return id_like != NULL && g_strv_contains (id_like, wanted);
}

const char *
avs_catalog_package_tool_for (const char         *os_id,
                              const char * const *os_id_like,
                              const char         *package_manager)
{
  if (package_manager == NULL)
    return NULL;
  if (g_str_equal (package_manager, "dpkg"))
    return "apt";
  if (g_str_equal (package_manager, "pacman"))
    return "pacman";
  if (g_str_equal (package_manager, "rpm"))
    {
      /* openSUSE and SLES say "suse" in ID or ID_LIKE (opensuse-leap: ID_LIKE="suse opensuse"). */
      if ((os_id != NULL && (strstr (os_id, "suse") != NULL || g_str_equal (os_id, "sles"))) ||
          id_matches (NULL, os_id_like, "suse"))
        return "zypper";
      return "dnf";
    }
  return NULL;
}

void
avs_catalog_filter_set_host (AvsCatalogFilter *filter,
                             AvsScanResult    *scan)
{
  AvsHostInfo *host;

  g_return_if_fail (filter != NULL);
  g_return_if_fail (AVS_IS_SCAN_RESULT (scan));

  host = avs_scan_result_get_host (scan);
  if (host == NULL)
    return;
  filter->os_id = host->id;
  filter->os_id_like = (const char * const *) host->id_like;
  filter->package_tool = avs_catalog_package_tool_for (host->id, filter->os_id_like,
                                                       host->package_manager);
}

static gboolean
has_any_packages (AvsCatalogProduct *product)
{
  static const char * const tools[] = { "apt", "dnf", "zypper", "pacman", NULL };

  for (guint i = 0; tools[i] != NULL; i++)
    if (avs_catalog_product_get_packages (product, tools[i])[0] != NULL)
      return TRUE;
  return FALSE;
}

/* Known not to work here: not for Linux, a distribution list without this one, or packages only
 * for other package tools and no other way to install. Unknown counts as "may work". */
static gboolean
works_here (const AvsCatalogFilter *filter,
            AvsCatalogProduct      *product)
{
  const char * const *distributions = avs_catalog_product_get_distributions (product);

  if (!avs_catalog_product_runs_on_linux (product))
    return FALSE;

  if (filter->os_id != NULL && distributions != NULL)
    {
      gboolean listed = g_strv_contains (distributions, filter->os_id);
      for (guint i = 0; !listed && filter->os_id_like != NULL && filter->os_id_like[i] != NULL; i++)
        listed = g_strv_contains (distributions, filter->os_id_like[i]);
      if (!listed)
        return FALSE;
    }

  if (filter->package_tool != NULL && has_any_packages (product) &&
      avs_catalog_product_get_packages (product, filter->package_tool)[0] == NULL &&
      avs_catalog_product_get_flathub_id (product) == NULL &&
      avs_catalog_product_get_download_url (product) == NULL)
    return FALSE;

  return TRUE;
}

gboolean
avs_catalog_filter_matches (const AvsCatalogFilter *filter,
                            AvsCatalogProduct      *product)
{
  AvsPrice price;

  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (product), FALSE);

  price = avs_catalog_product_get_price (product);
  if (filter->audience != AVS_AUDIENCE_NONE &&
      (avs_catalog_product_get_audiences (product) & filter->audience) == 0)
    return FALSE;
  if (filter->free_only && price != AVS_PRICE_FREE && price != AVS_PRICE_INCLUDED)
    return FALSE;
  if (filter->open_source_only && avs_catalog_product_get_open_source (product) != AVS_TRISTATE_YES)
    return FALSE;
  if (filter->realtime_only && avs_catalog_product_get_on_access (product) != AVS_TRISTATE_YES)
    return FALSE;
  if ((filter->os_id != NULL || filter->package_tool != NULL) && !works_here (filter, product))
    return FALSE;
  return TRUE;
}

/* ---- situations --------------------------------------------------------------------------- */

static const char * const server_products[] = {
  AVS_PRODUCT_KAV4FS, AVS_PRODUCT_SCAN_ENGINE, AVS_PRODUCT_KLMS, AVS_PRODUCT_KWTS, NULL
};

AvsSituation
avs_catalog_situation_for_scan (AvsScanResult *scan)
{
  GPtrArray *findings;
  gboolean endpoint = FALSE;

  if (scan == NULL)
    return AVS_SITUATION_HOME;
  g_return_val_if_fail (AVS_IS_SCAN_RESULT (scan), AVS_SITUATION_HOME);

  findings = avs_scan_result_get_findings (scan);
  for (guint i = 0; i < findings->len; i++)
    if (g_strv_contains (server_products, avs_finding_get_product_id (g_ptr_array_index (findings, i))))
      return AVS_SITUATION_SERVER;

  if (avs_scan_result_is_managed (scan))
    return AVS_SITUATION_FLEET;

  for (guint i = 0; i < findings->len; i++)
    {
      const char *id = avs_finding_get_product_id (g_ptr_array_index (findings, i));
      endpoint |= g_str_equal (id, AVS_PRODUCT_KESL) || g_str_equal (id, AVS_PRODUCT_KESL_GUI) ||
                  g_str_equal (id, AVS_PRODUCT_KAV4WS);
    }
  return endpoint ? AVS_SITUATION_WORKSTATION : AVS_SITUATION_HOME;
}

const char *
avs_situation_to_string (AvsSituation situation)
{
  switch (situation)
    {
    case AVS_SITUATION_HOME:
      return "home";
    case AVS_SITUATION_WORKSTATION:
      return "workstation";
    case AVS_SITUATION_FLEET:
      return "fleet";
    case AVS_SITUATION_SERVER:
      return "server";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* ---- ranking ------------------------------------------------------------------------------ */

static void
choice_free (AvsCatalogChoice *choice)
{
  g_clear_object (&choice->product);
  g_clear_pointer (&choice->reasons, g_ptr_array_unref);
  g_clear_pointer (&choice->warnings, g_ptr_array_unref);
  g_free (choice);
}

void
avs_catalog_ranking_free (AvsCatalogRanking *ranking)
{
  if (ranking == NULL)
    return;
  g_free (ranking->note);
  g_free (ranking->best_why);
  g_clear_pointer (&ranking->choices, g_ptr_array_unref);
  g_free (ranking);
}

static void
add (GPtrArray  *list,
     const char *text)
{
  g_ptr_array_add (list, g_strdup (text));
}

/* Flags that keep a product from ever being recommended, with their reasons. */
static gboolean
add_flags (AvsCatalogChoice *choice)
{
  AvsCatalogProduct *product = choice->product;
  gboolean flagged = FALSE;

  if (avs_catalog_product_has_jurisdiction_concern (product))
    {
      add (choice->warnings, _("Its vendor is subject to Russian jurisdiction: the same concern "
                               "that led Germany, the Netherlands, Italy and others to act "
                               "against Kaspersky. Not recommended."));
      flagged = TRUE;
    }

  switch (avs_catalog_product_get_status (product))
    {
    case AVS_PRODUCT_STATUS_UNMAINTAINED:
      add (choice->warnings, _("It is no longer maintained, so it gets no fixes. Not recommended."));
      flagged = TRUE;
      break;
    case AVS_PRODUCT_STATUS_DISCONTINUED:
      add (choice->warnings, _("It has been discontinued. Not recommended."));
      flagged = TRUE;
      break;
    case AVS_PRODUCT_STATUS_UNCLEAR:
      add (choice->warnings, _("Whether it is still sold and maintained is unclear. Not "
                               "recommended until that is confirmed."));
      flagged = TRUE;
      break;
    case AVS_PRODUCT_STATUS_ACTIVE:
    default:
      break;
    }

  /* Caveats the user must see before choosing, flagged or not. */
  for (guint i = 0; i < avs_catalog_product_get_caveats (product)->len; i++)
    {
      AvsCatalogCaveat *caveat = g_ptr_array_index (avs_catalog_product_get_caveats (product), i);
      if (g_str_equal (caveat->kind, "conflict") || g_str_equal (caveat->kind, "licence") ||
          g_str_equal (caveat->kind, "kernel"))
        add (choice->warnings, caveat->text);
    }

  return flagged;
}

static gboolean
installable_with (AvsCatalogProduct *product,
                  const char        *tool)
{
  return tool != NULL && avs_catalog_product_get_packages (product, tool)[0] != NULL;
}

static int
score_product (AvsCatalogChoice *choice,
               AvsSituation      situation,
               gboolean          managed,
               const char       *tool)
{
  AvsCatalogProduct *product = choice->product;
  AvsAudience audiences = avs_catalog_product_get_audiences (product);
  AvsConsole console = avs_catalog_product_get_console (product);
  AvsTristate on_access = avs_catalog_product_get_on_access (product);
  AvsPrice price = avs_catalog_product_get_price (product);
  gboolean fits = FALSE;
  int score = 0;

  if (installable_with (product, tool))
    {
      score += 10;
      /* Translators: %s is a package tool such as apt or dnf */
      g_ptr_array_add (choice->reasons, g_strdup_printf (_("Installs with %s on this system."), tool));
    }
  else if (avs_catalog_product_get_flathub_id (product) != NULL)
    {
      score += 8;
      add (choice->reasons, _("Installs from Flathub."));
    }

  if (on_access == AVS_TRISTATE_YES)
    {
      score += 10;
      add (choice->reasons, _("Can scan files as they are opened (real-time protection)."));
    }

  switch (situation)
    {
    case AVS_SITUATION_HOME:
      if (audiences & AVS_AUDIENCE_HOME)
        {
          score += 40;
          fits = TRUE;
          add (choice->reasons, _("Made for home use."));
        }
      else
        score -= 40;
      if (price == AVS_PRICE_FREE)
        {
          score += 20;
          add (choice->reasons, _("Free of charge."));
        }
      else if (price == AVS_PRICE_PAID)
        score -= 10;
      if (avs_catalog_product_get_open_source (product) == AVS_TRISTATE_YES)
        {
          score += 10;
          add (choice->reasons, _("Open source."));
        }
      if (console == AVS_CONSOLE_REQUIRED)
        score -= 30;
      break;

    case AVS_SITUATION_WORKSTATION:
      if (audiences & AVS_AUDIENCE_BUSINESS)
        {
          score += 40;
          fits = TRUE;
          add (choice->reasons, _("Made for business workstations."));
        }
      else if (audiences & AVS_AUDIENCE_HOME)
        score += 10;
      if (console == AVS_CONSOLE_OPTIONAL || console == AVS_CONSOLE_NONE)
        score += 10;
      break;

    case AVS_SITUATION_FLEET:
      if (audiences & AVS_AUDIENCE_BUSINESS)
        {
          score += 40;
          fits = TRUE;
          add (choice->reasons, _("Made for business endpoints."));
        }
      else
        score -= 40;
      if (console == AVS_CONSOLE_REQUIRED || console == AVS_CONSOLE_OPTIONAL)
        {
          score += 30;
          add (choice->reasons, _("Managed from a central console, as Kaspersky Security Center "
                                  "managed this machine."));
        }
      else
        fits = FALSE;
      if (on_access == AVS_TRISTATE_NO)
        score -= 20;
      break;

    case AVS_SITUATION_SERVER:
      if (audiences & AVS_AUDIENCE_SERVER)
        {
          score += 40;
          fits = TRUE;
          add (choice->reasons, _("Made for servers."));
        }
      else
        score -= 40;
      if (managed && (console == AVS_CONSOLE_REQUIRED || console == AVS_CONSOLE_OPTIONAL))
        score += 15;
      break;

    default:
      g_assert_not_reached ();
    }

  choice->recommended = fits;
  return score;
}

static int
compare_choices (gconstpointer a,
                 gconstpointer b)
{
  const AvsCatalogChoice *x = *(const AvsCatalogChoice **) a;
  const AvsCatalogChoice *y = *(const AvsCatalogChoice **) b;

  if (x->score != y->score)
    return y->score - x->score;
  return g_strcmp0 (avs_catalog_product_get_name (x->product),
                    avs_catalog_product_get_name (y->product));
}

static gboolean
scan_found (AvsScanResult *scan,
            const char    *product_id)
{
  return scan != NULL && avs_scan_result_find (scan, product_id) != NULL;
}

/* Why the best choice fits: what the scan says about this computer, then the choice's own
 * first reason. */
static char *
describe_best (AvsSituation      situation,
               AvsCatalogChoice *best)
{
  const char *about;

  if (avs_catalog_product_get_kind (best->product) == AVS_PRODUCT_KIND_ADVICE)
    return g_strdup (_("This looks like a home computer with Kaspersky for home use. Keeping the "
                       "system and its applications updated protects it best and costs nothing; "
                       "an antivirus is an option, not a must."));
  switch (situation)
    {
    case AVS_SITUATION_FLEET:
      about = _("Your organization manages this computer centrally, so it needs a business "
                "product that your IT department can manage from a console.");
      break;
    case AVS_SITUATION_SERVER:
      about = _("A Kaspersky product for servers was found, so this computer needs a product "
                "made for servers.");
      break;
    case AVS_SITUATION_WORKSTATION:
      about = _("Kaspersky Endpoint Security was found, so this is a business computer: it "
                "needs a product made for business computers.");
      break;
    case AVS_SITUATION_HOME:
    default:
      about = _("This looks like a home computer: a free, maintained product made for home use "
                "fits it best.");
      break;
    }
  if (best->reasons->len == 0)
    return g_strdup (about);
  return g_strconcat (about, " ", (const char *) g_ptr_array_index (best->reasons, 0), NULL);
}

AvsCatalogRanking *
avs_catalog_rank (AvsCatalog             *catalog,
                  AvsScanResult          *scan,
                  const AvsCatalogFilter *filter)
{
  g_autoptr(AvsCatalogRanking) ranking = g_new0 (AvsCatalogRanking, 1);
  AvsCatalogFilter host_filter;
  GPtrArray *products;
  const char *tool = NULL;
  gboolean managed;
  gboolean windows;

  g_return_val_if_fail (AVS_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (scan == NULL || AVS_IS_SCAN_RESULT (scan), NULL);

  ranking->situation = avs_catalog_situation_for_scan (scan);
  ranking->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) choice_free);
  managed = scan != NULL && avs_scan_result_is_managed (scan);
  windows = scan_found (scan, AVS_PRODUCT_WINDOWS_INSTALLATION);

  if (filter != NULL)
    tool = filter->package_tool;
  if (tool == NULL && scan != NULL)
    {
      avs_catalog_filter_init (&host_filter);
      avs_catalog_filter_set_host (&host_filter, scan);
      tool = host_filter.package_tool;
    }

  if (ranking->situation == AVS_SITUATION_HOME)
    ranking->note = g_strdup (_("A Linux desktop that is kept up to date, gets its software from "
                                "the distribution and is not used as root may not need more "
                                "than that. An antivirus mainly helps to check downloads and USB "
                                "sticks for Windows malware, on dual-boot or file-sharing "
                                "machines, and where an employer requires it."));

  products = avs_catalog_get_products (catalog);
  for (guint i = 0; i < products->len; i++)
    {
      AvsCatalogProduct *product = g_ptr_array_index (products, i);
      AvsProductKind kind = avs_catalog_product_get_kind (product);
      AvsCatalogChoice *choice;

      if (filter != NULL && !avs_catalog_filter_matches (filter, product))
        continue;
      /* Advice fits people at home; other situations need a product. */
      if (kind == AVS_PRODUCT_KIND_ADVICE && ranking->situation != AVS_SITUATION_HOME)
        continue;
      /* What runs elsewhere only matters when Kaspersky was also found on Windows. */
      if (!avs_catalog_product_runs_on_linux (product) &&
          !(windows && g_strv_contains (avs_catalog_product_get_platforms (product), "windows")))
        continue;

      choice = g_new0 (AvsCatalogChoice, 1);
      choice->product = g_object_ref (product);
      choice->reasons = g_ptr_array_new_with_free_func (g_free);
      choice->warnings = g_ptr_array_new_with_free_func (g_free);

      if (kind == AVS_PRODUCT_KIND_ADVICE)
        {
          /* The honest first answer at home. */
          choice->score = 1000;
          choice->recommended = TRUE;
          add (choice->reasons, _("Costs nothing and needs no extra software."));
        }
      else if (!avs_catalog_product_runs_on_linux (product))
        {
          choice->score = -500;
          add (choice->reasons, _("Kaspersky was also found on a Windows installation: after "
                                  "removing it there, check that this built-in protection is on."));
        }
      else
        choice->score = score_product (choice, ranking->situation, managed, tool);

      choice->flagged = add_flags (choice);
      if (choice->flagged)
        {
          choice->recommended = FALSE;
          choice->score -= FLAG_PENALTY;
        }
      g_ptr_array_add (ranking->choices, choice);
    }

  g_ptr_array_sort (ranking->choices, compare_choices);

  /* One answer for this computer: the best-ranked choice that fits its situation and is not
   * flagged. Never a flagged product, whatever its score. */
  for (guint i = 0; ranking->best == NULL && i < ranking->choices->len; i++)
    {
      AvsCatalogChoice *choice = g_ptr_array_index (ranking->choices, i);

      if (choice->recommended && !choice->flagged)
        ranking->best = choice;
    }
  if (ranking->best != NULL)
    ranking->best_why = describe_best (ranking->situation, ranking->best);
  return g_steal_pointer (&ranking);
}
