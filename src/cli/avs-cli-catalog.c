/* avs-cli-catalog.c — `avswitch catalog`: the catalog in use, a refresh, products ranked for a scan
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "avs-catalog-filter.h"
#include "avs-catalog-store.h"
#include "avs-cli-commands.h"
#include "avs-json.h"
#include "avs-text.h"

#define COMMAND "catalog"

typedef struct
{
  gboolean           done;
  gboolean           ok;
  AvsCatalogRefresh  refresh;
  char              *message;
  GError            *error;
} RefreshResult;

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  RefreshResult *r = user_data;

  r->ok = avs_catalog_store_refresh_finish (AVS_CATALOG_STORE (object), result, &r->refresh,
                                            &r->message, &r->error);
  r->done = TRUE;
}

static const char *
refresh_to_string (AvsCatalogRefresh refresh)
{
  switch (refresh)
    {
    case AVS_CATALOG_REFRESH_UPDATED:
      return "updated";
    case AVS_CATALOG_REFRESH_UP_TO_DATE:
      return "up-to-date";
    case AVS_CATALOG_REFRESH_NOT_DUE:
      return "not-due";
    default:
      g_return_val_if_reached (NULL);
    }
}

static const char *
error_to_string (const GError *error)
{
  static const char * const names[] = {
    "offline", "timed-out", "http", "too-large", "truncated", "insecure", "tls", "untrusted",
    "malformed", "unsupported-schema", "rollback", "expired", "from-the-future", "backing-off",
    "failed",
  };

  if (error->domain == AVS_CATALOG_ERROR && error->code >= 0 && (gsize) error->code < G_N_ELEMENTS (names))
    return names[error->code];
  return "failed";
}

static const char *
tristate_text (AvsTristate value)
{
  switch (value)
    {
    case AVS_TRISTATE_YES:
      return _("yes");
    case AVS_TRISTATE_NO:
      return _("no");
    case AVS_TRISTATE_UNKNOWN:
    default:
      return _("not verified");
    }
}

static const char *
price_text (AvsPrice price)
{
  switch (price)
    {
    case AVS_PRICE_FREE:
      return _("free");
    case AVS_PRICE_PAID:
      return _("paid");
    case AVS_PRICE_INCLUDED:
      return _("included with the operating system");
    case AVS_PRICE_UNKNOWN:
    default:
      return _("not verified");
    }
}

static const char *
console_text (AvsConsole console)
{
  switch (console)
    {
    case AVS_CONSOLE_NONE:
      return _("none");
    case AVS_CONSOLE_OPTIONAL:
      return _("optional");
    case AVS_CONSOLE_REQUIRED:
      return _("required");
    case AVS_CONSOLE_UNKNOWN:
    default:
      return _("not verified");
    }
}

static const char *
status_text (AvsProductStatus status)
{
  switch (status)
    {
    case AVS_PRODUCT_STATUS_ACTIVE:
      return _("maintained");
    case AVS_PRODUCT_STATUS_UNMAINTAINED:
      return _("no longer maintained");
    case AVS_PRODUCT_STATUS_DISCONTINUED:
      return _("discontinued");
    case AVS_PRODUCT_STATUS_UNCLEAR:
    default:
      return _("unclear");
    }
}

static char *
audiences_text (AvsAudience audiences)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  if (audiences & AVS_AUDIENCE_HOME)
    g_ptr_array_add (parts, (gpointer) _("home"));
  if (audiences & AVS_AUDIENCE_BUSINESS)
    g_ptr_array_add (parts, (gpointer) _("business"));
  if (audiences & AVS_AUDIENCE_SERVER)
    g_ptr_array_add (parts, (gpointer) _("server"));
  g_ptr_array_add (parts, NULL);
  return avs_text_join_list ((const char * const *) parts->pdata, FALSE);
}

#define WRAP_WIDTH 78
/* The English labels' column; a language with longer labels moves it right. */
#define VALUE_COLUMN_MIN 21
#define VALUE_COLUMN_MAX 40

/* The cells @text takes in a terminal: two for wide (Chinese, Japanese) characters, none for
 * combining and other zero-width ones. */
static glong
display_width (const char *text)
{
  glong width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

/* Where the values start: after the widest translated label and a space, the same for every
 * product so that the list reads as one table. */
static glong
value_column (void)
{
  static glong column = 0;

  if (column == 0)
    {
      const char * const labels[] = {
        _("Description:"), _("Vendor:"), _("Price:"), _("Licence:"), _("For:"),
        _("Real-time:"), _("Console:"), _("Status:"), _("Repository:"), _("Install:"),
        _("Web page:"), _("Reviewed:"), _("Why:"), _("Warning:"), _("Caveats:"),
      };
      const char * const tools[] = { "zypper", "pacman", "Flathub" };

      column = VALUE_COLUMN_MIN;
      for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
        column = MAX (column, 4 + display_width (labels[i]) + 1);
      for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
        {
          g_autofree char *label = g_strdup_printf (C_("package tool label", "%s:"), tools[i]);
          column = MAX (column, 4 + display_width (label) + 1);
        }
      column = MIN (column, VALUE_COLUMN_MAX);
    }
  return column;
}

/* "    Label:           value", the value wrapped at WRAP_WIDTH and aligned under itself. */
static void
print_field (const char *label,
             const char *value)
{
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) line = NULL;
  glong start = value_column ();
  glong column;

  if (value == NULL || *value == '\0')
    return;

  line = g_string_new ("    ");
  g_string_append (line, label);
  column = 4 + display_width (label);
  do
    {
      g_string_append_c (line, ' ');
      column++;
    }
  while (column < start);

  words = g_strsplit (value, " ", -1);
  for (guint i = 0, on_line = 0; words[i] != NULL; i++)
    {
      glong len = display_width (words[i]);

      if (on_line > 0 && column + 1 + len > WRAP_WIDTH)
        {
          g_string_append_printf (line, "\n%*s", (int) start, "");
          column = start;
          on_line = 0;
        }
      else if (on_line > 0)
        {
          g_string_append_c (line, ' ');
          column++;
        }
      g_string_append (line, words[i]);
      column += len;
      on_line++;
    }
  g_print ("%s\n", line->str);
}

static void
print_product (AvsCatalogProduct *product,
               AvsCatalogChoice  *choice,
               guint              number)
{
  static const char * const tools[] = { "apt", "dnf", "zypper", "pacman", NULL };
  g_autofree char *audiences = audiences_text (avs_catalog_product_get_audiences (product));
  g_autofree char *countries = avs_text_join_list (avs_catalog_product_get_vendor_countries (product), FALSE);
  g_autofree char *vendor = NULL;
  g_autofree char *title = NULL;
  const char *name = avs_catalog_product_get_name (product);

  if (choice != NULL && choice->flagged)
    /* Translators: a product's name in the ranked list, marked; keep the mark short */
    title = g_strdup_printf (_("[not recommended] %s"), name);
  else if (choice != NULL && choice->recommended)
    /* Translators: a product's name in the ranked list, marked; keep the mark short */
    title = g_strdup_printf (_("[fits] %s"), name);
  else
    title = g_strdup (name);

  g_print ("\n%2u. %s (%s)\n", number, title, avs_catalog_product_get_id (product));
  print_field (_("Description:"), avs_catalog_product_get_description (product));
  if (avs_catalog_product_get_vendor (product) != NULL)
    vendor = *countries != '\0'
      /* Translators: a vendor and the countries it is based in: "Cisco (US)". */
      ? g_strdup_printf (C_("vendor and countries", "%1$s (%2$s)"),
                         avs_catalog_product_get_vendor (product), countries)
      : g_strdup (avs_catalog_product_get_vendor (product));
  print_field (_("Vendor:"), vendor);
  print_field (_("Price:"), price_text (avs_catalog_product_get_price (product)));
  print_field (_("Licence:"), avs_catalog_product_describe_licence (product));
  print_field (_("For:"), audiences);
  print_field (_("Real-time:"), tristate_text (avs_catalog_product_get_on_access (product)));
  print_field (_("Console:"), console_text (avs_catalog_product_get_console (product)));
  print_field (_("Status:"), status_text (avs_catalog_product_get_status (product)));
  for (guint i = 0; tools[i] != NULL; i++)
    {
      const char * const *packages = avs_catalog_product_get_packages (product, tools[i]);
      if (packages[0] != NULL)
        {
          g_autofree char *list = g_strjoinv (" ", (char **) packages);
          /* Translators: a package tool's name ("apt", "dnf") as the label of a line; only
           * the colon may change ("apt：") */
          g_autofree char *label = g_strdup_printf (C_("package tool label", "%s:"), tools[i]);
          print_field (label, list);
        }
    }
  {
    g_autofree char *label = g_strdup_printf (C_("package tool label", "%s:"), "Flathub");
    print_field (label, avs_catalog_product_get_flathub_id (product));
  }
  print_field (_("Repository:"), avs_catalog_product_get_repository (product));
  print_field (_("Install:"), avs_catalog_product_get_install_note (product));
  print_field (_("Web page:"), avs_catalog_product_get_homepage (product) != NULL
                               ? avs_catalog_product_get_homepage (product)
                               : avs_catalog_product_get_documentation (product));
  {
    g_autofree char *reviewed = avs_catalog_product_format_reviewed (product);
    print_field (_("Reviewed:"), reviewed);
  }

  if (choice != NULL)
    {
      for (guint i = 0; i < choice->reasons->len; i++)
        print_field (i == 0 ? _("Why:") : "", g_ptr_array_index (choice->reasons, i));
      for (guint i = 0; i < choice->warnings->len; i++)
        print_field (i == 0 ? _("Warning:") : "", g_ptr_array_index (choice->warnings, i));
    }
  else
    {
      GPtrArray *caveats = avs_catalog_product_get_caveats (product);
      for (guint i = 0; i < caveats->len; i++)
        print_field (i == 0 ? _("Caveats:") : "", ((AvsCatalogCaveat *) g_ptr_array_index (caveats, i))->text);
    }
}

static void
add_string_array (JsonBuilder *builder,
                  const char  *name,
                  GPtrArray   *strings)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (strings, i));
  json_builder_end_array (builder);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          GDateTime   *time)
{
  json_builder_set_member_name (builder, name);
  if (time == NULL)
    json_builder_add_null_value (builder);
  else
    {
      g_autofree char *text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
      json_builder_add_string_value (builder, text);
    }
}

/* "catalog": which catalog is in use, where it came from and how old it is. */
static void
add_catalog_member (JsonBuilder     *builder,
                    AvsCatalogStore *store)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *description = avs_catalog_store_describe (store);
  AvsCatalog *catalog = avs_catalog_store_get_catalog (store);

  json_builder_set_member_name (builder, "catalog");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, avs_catalog_store_get_url (store));
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, avs_catalog_source_to_string (avs_catalog_store_get_source (store)));
  json_builder_set_member_name (builder, "serial");
  json_builder_add_int_value (builder, avs_catalog_get_serial (catalog));
  add_time (builder, "generated", avs_catalog_get_generated (catalog));
  add_time (builder, "expires", avs_catalog_get_expires (catalog));
  json_builder_set_member_name (builder, "expired");
  json_builder_add_boolean_value (builder, avs_catalog_is_expired (catalog, now));
  add_time (builder, "last_checked", avs_catalog_store_get_last_checked (store));
  json_builder_set_member_name (builder, "key_id");
  json_builder_add_string_value (builder, avs_catalog_get_key_id (catalog));
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, description);
  json_builder_set_member_name (builder, "warning");
  if (avs_catalog_store_get_load_warning (store) != NULL)
    json_builder_add_string_value (builder, avs_catalog_store_get_load_warning (store));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

/* "products": each product (ranked, with a scan) and its entry exactly as the catalog holds it. */
static void
add_products_member (JsonBuilder       *builder,
                     AvsCatalog        *catalog,
                     AvsCatalogRanking *ranking,
                     GPtrArray         *products)
{
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GHashTable) entries = NULL;

  /* The entries exactly as the catalog holds them. */
  document = avs_catalog_dup_json (catalog);
  entries = g_hash_table_new (g_str_hash, g_str_equal);
  if (document != NULL)
    {
      JsonArray *all = json_object_get_array_member (json_node_get_object (document), "products");
      for (guint i = 0; i < json_array_get_length (all); i++)
        {
          JsonObject *object = json_array_get_object_element (all, i);
          g_hash_table_insert (entries, (gpointer) json_object_get_string_member (object, "id"), object);
        }
    }

  json_builder_set_member_name (builder, "products");
  json_builder_begin_array (builder);
  for (guint i = 0; i < (ranking != NULL ? ranking->choices->len : products->len); i++)
    {
      AvsCatalogChoice *choice = ranking != NULL ? g_ptr_array_index (ranking->choices, i) : NULL;
      AvsCatalogProduct *product = choice != NULL ? choice->product : g_ptr_array_index (products, i);
      JsonObject *object = g_hash_table_lookup (entries, avs_catalog_product_get_id (product));
      JsonNode *entry = json_node_new (object != NULL ? JSON_NODE_OBJECT : JSON_NODE_NULL);

      if (object != NULL)
        json_node_set_object (entry, object);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, avs_catalog_product_get_id (product));
      if (choice != NULL)
        {
          json_builder_set_member_name (builder, "score");
          json_builder_add_int_value (builder, choice->score);
          json_builder_set_member_name (builder, "recommended");
          json_builder_add_boolean_value (builder, choice->recommended);
          json_builder_set_member_name (builder, "flagged");
          json_builder_add_boolean_value (builder, choice->flagged);
          add_string_array (builder, "reasons", choice->reasons);
          add_string_array (builder, "warnings", choice->warnings);
        }
      json_builder_set_member_name (builder, "entry");
      json_builder_add_value (builder, entry);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static char *
render_json (AvsCatalogStore   *store,
             RefreshResult     *refresh,
             gboolean           refreshed,
             AvsCatalogRanking *ranking,
             GPtrArray         *products)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  AvsCatalog *catalog = avs_catalog_store_get_catalog (store);

  json_builder_begin_object (builder);
  add_catalog_member (builder, store);

  json_builder_set_member_name (builder, "refresh");
  if (!refreshed)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "outcome");
      json_builder_add_string_value (builder, refresh->ok ? refresh_to_string (refresh->refresh)
                                                          : error_to_string (refresh->error));
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, refresh->ok ? refresh->message : refresh->error->message);
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "notes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < avs_catalog_get_notes (catalog)->len; i++)
    {
      AvsCatalogNote *note = g_ptr_array_index (avs_catalog_get_notes (catalog), i);
      json_builder_add_string_value (builder, note->text);
    }
  json_builder_end_array (builder);

  if (ranking != NULL)
    {
      json_builder_set_member_name (builder, "situation");
      json_builder_add_string_value (builder, avs_situation_to_string (ranking->situation));
      json_builder_set_member_name (builder, "note");
      if (ranking->note != NULL)
        json_builder_add_string_value (builder, ranking->note);
      else
        json_builder_add_null_value (builder);
    }

  add_products_member (builder, catalog, ranking, products);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return avs_json_node_to_data (root, TRUE, NULL);
}

static gboolean
parse_audience (const char  *text,
                AvsAudience *out,
                GError     **error)
{
  if (g_str_equal (text, "home"))
    *out = AVS_AUDIENCE_HOME;
  else if (g_str_equal (text, "business"))
    *out = AVS_AUDIENCE_BUSINESS;
  else if (g_str_equal (text, "server"))
    *out = AVS_AUDIENCE_SERVER;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: do not translate home, business, server */
                   _("“%s” is not an audience: use home, business or server."), text);
      return FALSE;
    }
  return TRUE;
}

/* --refresh: downloads the catalog now and waits for the answer. */
static void
refresh_now (AvsCatalogStore *store,
             RefreshResult   *refresh)
{
  avs_catalog_store_refresh_async (store, TRUE, NULL, refresh_cb, refresh);
  while (!refresh->done)
    g_main_context_iteration (NULL, TRUE);
}

/* Without a scan: the catalog's products, those matching @filter if there is one. */
static GPtrArray *
select_products (AvsCatalog       *catalog,
                 AvsCatalogFilter *filter)
{
  GPtrArray *all = avs_catalog_get_products (catalog);
  GPtrArray *products = g_ptr_array_new ();

  for (guint i = 0; i < all->len; i++)
    if (filter == NULL || avs_catalog_filter_matches (filter, g_ptr_array_index (all, i)))
      g_ptr_array_add (products, g_ptr_array_index (all, i));
  return products;
}

/* The text output: the refresh, the catalog in use, its notes and the products. */
static void
print_text (AvsCatalogStore   *store,
            RefreshResult     *refresh,
            gboolean           refreshed,
            AvsCatalogRanking *ranking,
            GPtrArray         *products)
{
  AvsCatalog *catalog = avs_catalog_store_get_catalog (store);
  g_autofree char *description = NULL;

  if (refreshed)
    {
      if (refresh->ok)
        g_print ("%s\n", refresh->message);
      else
        g_printerr ("avswitch catalog: %s\n", refresh->error->message);
    }
  if (avs_catalog_store_get_load_warning (store) != NULL)
    g_printerr ("avswitch catalog: %s\n", avs_catalog_store_get_load_warning (store));

  description = avs_catalog_store_describe (store);
  g_print ("%s\n", description);
  /* Translators: %s is a web address */
  g_print (_("Catalog address: %s\n"), avs_catalog_store_get_url (store));
  for (guint i = 0; i < avs_catalog_get_notes (catalog)->len; i++)
    {
      AvsCatalogNote *note = g_ptr_array_index (avs_catalog_get_notes (catalog), i);
      g_print ("%s %s\n", _("Note:"), note->text);
    }

  if (ranking != NULL)
    {
      if (ranking->note != NULL)
        g_print ("\n%s\n", ranking->note);
      for (guint i = 0; i < ranking->choices->len; i++)
        {
          AvsCatalogChoice *choice = g_ptr_array_index (ranking->choices, i);
          print_product (choice->product, choice, i + 1);
        }
      if (ranking->choices->len == 0)
        g_print ("\n%s\n", _("No product matches these conditions."));
    }
  else
    {
      for (guint i = 0; i < products->len; i++)
        print_product (g_ptr_array_index (products, i), NULL, i + 1);
      if (products->len == 0)
        g_print ("\n%s\n", _("No product matches these conditions."));
    }
}

int
avs_cli_catalog (int    argc,
                 char **argv)
{
  gboolean refresh_opt = FALSE, json = FALSE, free_only = FALSE, open_source = FALSE;
  gboolean realtime = FALSE, here = FALSE;
  g_autofree char *url_opt = NULL;
  g_autofree char *scan_path = NULL;
  g_autofree char *audience_opt = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsCatalogStore) store = NULL;
  g_autoptr(AvsScanResult) scan = NULL;
  g_autoptr(AvsCatalogRanking) ranking = NULL;
  g_autoptr(GPtrArray) products = NULL;
  RefreshResult refresh = { 0 };
  AvsCatalogFilter filter;
  gboolean filtering;
  AvsCatalog *catalog;
  int status = AVS_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "refresh", 0, 0, G_OPTION_ARG_NONE, &refresh_opt,
      N_("Download the catalog now, even if it was checked less than a day ago"), NULL },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url_opt,
      N_("Use this HTTPS address for the catalog instead of the configured one"), N_("URL") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON instead of text"), NULL },
    { "for-scan", 0, 0, G_OPTION_ARG_FILENAME, &scan_path,
      N_("Rank the products for what this scan found (the JSON of “avswitch scan --json”)"),
      N_("FILE") },
    { "audience", 0, 0, G_OPTION_ARG_STRING, &audience_opt,
      N_("Only products for home, business or server"), N_("AUDIENCE") },
    { "free", 0, 0, G_OPTION_ARG_NONE, &free_only, N_("Only free products"), NULL },
    { "open-source", 0, 0, G_OPTION_ARG_NONE, &open_source, N_("Only open-source products"), NULL },
    { "realtime", 0, 0, G_OPTION_ARG_NONE, &realtime,
      N_("Only products known to scan files as they are opened on Linux"), NULL },
    { "here", 0, 0, G_OPTION_ARG_NONE, &here,
      N_("Only products that can work on the scanned computer; needs --for-scan"), NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Shows the signed catalog of replacement products in use (where "
                                  "it came from and how old it is), refreshes it from the catalog "
                                  "server, and ranks the products for a saved scan. Without "
                                  "--refresh nothing is downloaded."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return avs_cli_fail (COMMAND, error);
  if (argc > 1)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   /* Translators: %s is an unexpected argument. */
                   _("unexpected argument “%s”. Run “avswitch catalog --help” for the options."),
                   argv[1]);
      return avs_cli_fail (COMMAND, error);
    }

  avs_catalog_filter_init (&filter);
  if (audience_opt != NULL && !parse_audience (audience_opt, &filter.audience, &error))
    return avs_cli_fail (COMMAND, error);
  filter.free_only = free_only;
  filter.open_source_only = open_source;
  filter.realtime_only = realtime;

  if (scan_path != NULL)
    {
      scan = avs_scan_result_load_file (scan_path, &error);
      if (scan == NULL)
        return avs_cli_fail (COMMAND, error);
    }
  if (here)
    {
      if (scan == NULL)
        {
          g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                       _("--here needs a scan to know the system: add --for-scan FILE."));
          return avs_cli_fail (COMMAND, error);
        }
      avs_catalog_filter_set_host (&filter, scan);
    }
  filtering = filter.audience != AVS_AUDIENCE_NONE || free_only || open_source || realtime || here;

  url = avs_catalog_store_configured_url (url_opt);
  store = avs_catalog_store_new (url);
  if (!avs_catalog_store_load (store, &error))
    return avs_cli_fail (COMMAND, error);

  if (refresh_opt)
    {
      refresh_now (store, &refresh);
      if (!refresh.ok)
        status = AVS_CLI_EXIT_FAILED;
    }

  catalog = avs_catalog_store_get_catalog (store);
  if (scan != NULL)
    ranking = avs_catalog_rank (catalog, scan, filtering ? &filter : NULL);
  else
    products = select_products (catalog, filtering ? &filter : NULL);

  if (json)
    {
      g_autofree char *text = render_json (store, &refresh, refresh_opt, ranking, products);
      avs_cli_print_document (text);
      g_clear_pointer (&refresh.message, g_free);
      g_clear_error (&refresh.error);
      return status;
    }

  print_text (store, &refresh, refresh_opt, ranking, products);

  g_clear_pointer (&refresh.message, g_free);
  g_clear_error (&refresh.error);
  return status;
}
