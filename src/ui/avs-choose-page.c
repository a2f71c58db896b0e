/* avs-choose-page.c — "Choose a replacement": the ranked catalog for this machine, with filters
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "avs-choose-page"

#include "config.h"

#include <glib/gi18n.h>

#include "avs-catalog-filter.h"
#include "avs-choose-page.h"
#include "avs-compat.h"
#include "avs-plain.h"
#include "avs-technician.h"
#include "avs-text.h"

struct _AvsChoosePage
{
  AvsPage              parent_instance;

  AvsCatalogStore     *store;
  AvsCatalogProduct   *chosen;
  GCancellable        *cancellable;
  GPtrArray           *product_rows;
  GPtrArray           *note_rows;
  gboolean             loading;
  gboolean             forced_refresh;   /* the user asked: say "up to date" too */
  guint                n_shown;
  gboolean             show_all;         /* products not recommended here are listed too */
  char                *recommended_id;

  GtkLabel            *situation_label;
  AdwActionRow        *catalog_row;
  AdwActionRow        *offline_row;
  GtkSpinner          *refresh_spinner;
  GtkButton           *refresh_button;
  AdwComboRow         *audience_row;
  GtkSwitch           *free_switch;
  GtkSwitch           *open_source_switch;
  GtkSwitch           *realtime_switch;
  GtkSwitch           *works_here_switch;
  GtkLabel            *note_label;
  AdwPreferencesGroup *recommended_group;
  AdwPreferencesGroup *products_group;
  GtkButton           *show_all_button;
  GtkCheckButton      *later_check;
  AdwStatusPage       *empty_status;
  AdwPreferencesGroup *notes_group;
};

G_DEFINE_FINAL_TYPE (AvsChoosePage, avs_choose_page, AVS_TYPE_PAGE)

static void rebuild (AvsChoosePage *self);

AvsCatalogStore *
avs_choose_page_get_store (AvsChoosePage *self)
{
  g_return_val_if_fail (AVS_IS_CHOOSE_PAGE (self), NULL);
  return self->store;
}

AvsCatalogProduct *
avs_choose_page_get_chosen (AvsChoosePage *self)
{
  g_return_val_if_fail (AVS_IS_CHOOSE_PAGE (self), NULL);
  return self->chosen;
}

const char *
avs_choose_page_get_recommended_id (AvsChoosePage *self)
{
  g_return_val_if_fail (AVS_IS_CHOOSE_PAGE (self), NULL);
  return self->recommended_id;
}

guint
avs_choose_page_get_n_shown (AvsChoosePage *self)
{
  g_return_val_if_fail (AVS_IS_CHOOSE_PAGE (self), 0);
  return self->n_shown;
}

static void
set_chosen (AvsChoosePage     *self,
            AvsCatalogProduct *product)
{
  AvsSession *session = avs_page_get_session (AVS_PAGE (self));

  g_set_object (&self->chosen, product);
  if (session != NULL)
    {
      if (product != NULL || !gtk_check_button_get_active (self->later_check))
        avs_session_set_it_installs (session, FALSE);
      avs_session_set_replacement_id (session, product ? avs_catalog_product_get_id (product) : NULL);
      avs_session_set_replacement_name (session, product ? avs_catalog_product_get_name (product) : NULL);
      avs_session_set_replacement (session, product);
    }
  avs_page_set_complete (AVS_PAGE (self),
                         product != NULL || gtk_check_button_get_active (self->later_check));
}

/* "Decide later / my IT department installs it": no product, and the wizard goes on. */
static void
on_later_toggled (AvsChoosePage  *self,
                  GtkCheckButton *check)
{
  AvsSession *session = avs_page_get_session (AVS_PAGE (self));

  if (!gtk_check_button_get_active (check))
    return;
  set_chosen (self, NULL);
  if (session != NULL)
    avs_session_set_it_installs (session, TRUE);
}

static void
on_show_all_clicked (AvsChoosePage *self)
{
  self->show_all = TRUE;
  rebuild (self);
}

/* A click on a row opens its details and chooses it: the small radio button alone is too easy
 * to miss. */
static void
on_row_expanded (AdwExpanderRow *row,
                 GParamSpec     *pspec,
                 AvsChoosePage  *self)
{
  GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "check");

  if (adw_expander_row_get_expanded (row) && check != NULL)
    gtk_check_button_set_active (check, TRUE);
}

static void
on_choice_toggled (GtkCheckButton *check,
                   AvsChoosePage  *self)
{
  AvsCatalogProduct *product = g_object_get_data (G_OBJECT (check), "product");

  if (gtk_check_button_get_active (check))
    set_chosen (self, product);
}

gboolean
avs_choose_page_choose (AvsChoosePage *self,
                        const char    *id)
{
  g_return_val_if_fail (AVS_IS_CHOOSE_PAGE (self), FALSE);

  for (guint i = 0; i < self->product_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->product_rows, i);
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "check");
      AvsCatalogProduct *product = g_object_get_data (G_OBJECT (check), "product");

      if (g_strcmp0 (avs_catalog_product_get_id (product), id) == 0)
        {
          gtk_check_button_set_active (check, TRUE);
          return TRUE;
        }
    }
  return FALSE;
}

static const char *
price_label (AvsPrice price)
{
  switch (price)
    {
    case AVS_PRICE_FREE:
      return _("Free");
    case AVS_PRICE_PAID:
      return _("Paid");
    case AVS_PRICE_INCLUDED:
      return _("Included with the system");
    case AVS_PRICE_UNKNOWN:
    default:
      return _("Price not known");
    }
}

static void
on_link_clicked (GtkButton  *button,
                 const char *uri)
{
  avs_compat_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button))), uri);
}

static GtkWidget *
text_row (const char *title,
          const char *subtitle,
          const char *icon_name)
{
  GtkWidget *row = avs_plain_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (icon_name != NULL)
    adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon_name);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static GtkWidget *
link_row (const char *title,
          const char *uri)
{
  GtkWidget *row = text_row (title, uri, "web-browser-symbolic");
  GtkWidget *button = gtk_button_new_from_icon_name ("adw-external-link-symbolic");
  g_autofree char *accessible = g_strdup_printf (_("Open %s"), uri);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Open in the browser"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_signal_connect_data (button, "clicked", G_CALLBACK (on_link_clicked),
                         g_strdup (uri), (GClosureNotify) g_free, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  return row;
}

static char *
describe_install (AvsCatalogProduct *product,
                  const char        *tool)
{
  const char *flathub = avs_catalog_product_get_flathub_id (product);
  const char * const *packages = tool != NULL ? avs_catalog_product_get_packages (product, tool) : NULL;

  if (flathub != NULL)
    /* Translators: %s is a Flathub application id */
    return g_strdup_printf (_("From Flathub: %s"), flathub);
  if (packages != NULL && packages[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (" ", (char **) packages);
      /* Translators: %s is a list of package names */
      return g_strdup_printf (_("From this system’s packages: %s"), list);
    }
  if (avs_catalog_product_get_download_url (product) != NULL)
    return g_strdup (_("From the vendor’s website"));
  return NULL;
}

static GtkWidget *
make_product_row (AvsChoosePage    *self,
                  AvsCatalogChoice *choice,
                  const char       *tool,
                  GtkCheckButton   *group_leader)
{
  AvsCatalogProduct *product = choice->product;
  GtkWidget *row = avs_plain_expander_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *subtitle = NULL;
  g_autofree char *install = describe_install (product, tool);
  /* Names and licence identifiers inside a translated line keep their own direction. */
  g_autofree char *vendor = avs_text_isolate (avs_catalog_product_get_vendor (product));
  g_autofree char *licence = avs_text_isolate (avs_catalog_product_describe_licence (product));
  const char *description = avs_catalog_product_get_description (product);
  const char *homepage = avs_catalog_product_get_homepage (product);
  const char * const *sources = avs_catalog_product_get_sources (product);
  AvsTristate on_access = avs_catalog_product_get_on_access (product);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), avs_catalog_product_get_name (product));
  if (vendor != NULL && licence != NULL)
    /* Translators: vendor · price · licence, e.g. "Cisco Talos · Free · GPL-2.0-only" */
    subtitle = g_strdup_printf (_("%s · %s · %s"), vendor, price_label (avs_catalog_product_get_price (product)), licence);
  else if (vendor != NULL)
    subtitle = g_strdup_printf (_("%s · %s"), vendor, price_label (avs_catalog_product_get_price (product)));
  else
    subtitle = g_strdup (price_label (avs_catalog_product_get_price (product)));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (group_leader != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group_leader);
  {
    /* Translators: accessible name of a radio button, %s is a product name */
    g_autofree char *accessible = g_strdup_printf (_("Choose %s"), avs_catalog_product_get_name (product));
    gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  }
  g_object_set_data_full (G_OBJECT (check), "product", g_object_ref (product), g_object_unref);
  g_signal_connect (check, "toggled", G_CALLBACK (on_choice_toggled), self);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), check);
  g_object_set_data (G_OBJECT (row), "check", check);
  g_signal_connect (row, "notify::expanded", G_CALLBACK (on_row_expanded), self);

  /* Flagged products are listed only behind "Show all", and say why on their face. */
  if (choice->flagged)
    {
      GtkWidget *badge = gtk_label_new (_("Not recommended"));

      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (badge, "caption-heading");
      gtk_widget_add_css_class (badge, "error");
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), badge);
    }

  if (description != NULL)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), text_row (_("About"), description, NULL));
  for (guint i = 0; choice->reasons != NULL && i < choice->reasons->len; i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              text_row (g_ptr_array_index (choice->reasons, i), NULL, "emblem-ok-symbolic"));
  for (guint i = 0; choice->warnings != NULL && i < choice->warnings->len; i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              text_row (g_ptr_array_index (choice->warnings, i), NULL, "dialog-warning-symbolic"));

  if (avs_catalog_product_get_kind (product) == AVS_PRODUCT_KIND_PRODUCT)
    {
      const char *on_access_text =
        on_access == AVS_TRISTATE_YES ? _("Yes") :
        on_access == AVS_TRISTATE_NO ? _("No, it scans on demand only") :
        _("Not verified by our sources");
      const char *note = avs_catalog_product_get_on_access_note (product);

      adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                text_row (_("Real-time protection on Linux"),
                                          note != NULL ? note : on_access_text, NULL));
    }
  if (install != NULL)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), text_row (_("How it is installed"), install, NULL));
  if (homepage != NULL)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), link_row (_("Website"), homepage));
  for (guint i = 0; sources != NULL && sources[i] != NULL; i++)
    {
      /* Translators: a numbered source of the facts shown, e.g. "Source 2" */
      g_autofree char *title = g_strdup_printf (_("Source %u"), i + 1);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), link_row (title, sources[i]));
    }

  return row;
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      GtkWidget *parent = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      adw_preferences_group_remove (parent != NULL ? ADW_PREFERENCES_GROUP (parent) : group, row);
    }
  g_ptr_array_set_size (rows, 0);
}

static const char *
situation_text (AvsSituation situation)
{
  switch (situation)
    {
    case AVS_SITUATION_FLEET:
      return _("This computer is managed centrally, so business products with a management console come first. Your IT department makes the final choice.");
    case AVS_SITUATION_SERVER:
      return _("A Kaspersky server product was found, so products for servers come first.");
    case AVS_SITUATION_WORKSTATION:
      return _("Kaspersky Endpoint Security was found, so products for business computers come first.");
    case AVS_SITUATION_HOME:
    default:
      return _("Options for a home computer come first: free and maintained ones at the top.");
    }
}

static void
rebuild (AvsChoosePage *self)
{
  AvsSession *session = avs_page_get_session (AVS_PAGE (self));
  AvsScanResult *scan = session != NULL ? avs_session_get_scan_result (session) : NULL;
  AvsCatalog *catalog = self->store != NULL ? avs_catalog_store_get_catalog (self->store) : NULL;
  g_autoptr(AvsCatalogRanking) ranking = NULL;
  g_autoptr(AvsCatalogProduct) previous = self->chosen ? g_object_ref (self->chosen) : NULL;
  AvsCatalogFilter filter;
  GtkCheckButton *leader = self->later_check;
  const char *tool = NULL;
  guint hidden = 0;
  static const AvsAudience audiences[] = {
    AVS_AUDIENCE_NONE, AVS_AUDIENCE_HOME, AVS_AUDIENCE_BUSINESS, AVS_AUDIENCE_SERVER,
  };
  guint audience = adw_combo_row_get_selected (self->audience_row);

  clear_rows (self->products_group, self->product_rows);
  clear_rows (self->notes_group, self->note_rows);
  self->n_shown = 0;

  if (catalog == NULL)
    return;

  avs_catalog_filter_init (&filter);
  if (audience < G_N_ELEMENTS (audiences))
    filter.audience = audiences[audience];
  filter.free_only = gtk_switch_get_active (self->free_switch);
  filter.open_source_only = gtk_switch_get_active (self->open_source_switch);
  filter.realtime_only = gtk_switch_get_active (self->realtime_switch);
  if (gtk_switch_get_active (self->works_here_switch) && scan != NULL)
    avs_catalog_filter_set_host (&filter, scan);
  if (scan != NULL)
    {
      AvsHostInfo *host = avs_scan_result_get_host (scan);
      tool = avs_catalog_package_tool_for (host->id, (const char * const *) host->id_like,
                                           host->package_manager);
    }

  ranking = avs_catalog_rank (catalog, scan, &filter);
  gtk_label_set_text (self->situation_label, situation_text (ranking->situation));
  gtk_label_set_text (self->note_label, ranking->note != NULL ? ranking->note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), ranking->note != NULL);

  /* Rebuilding drops the old radio buttons; the choice is kept if still listed. */
  g_clear_object (&self->chosen);
  /* One card first: the core's recommendation for this computer, with why. Then the other
   * choices that fit; what does not fit or is flagged only behind "Show all". */
  g_clear_pointer (&self->recommended_id, g_free);
  if (ranking->best != NULL)
    {
      GtkWidget *row = make_product_row (self, ranking->best, tool, leader);

      self->recommended_id = g_strdup (avs_catalog_product_get_id (ranking->best->product));
      avs_plain_group_set_text (self->recommended_group, _("Recommended for this computer"),
                                ranking->best_why);
      adw_preferences_group_add (self->recommended_group, row);
      g_ptr_array_add (self->product_rows, row);
      self->n_shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->recommended_group), ranking->best != NULL);
  /* The card's why says it about this computer; the general line only when there is none. */
  gtk_widget_set_visible (GTK_WIDGET (self->situation_label), ranking->best == NULL);

  for (guint i = 0; i < ranking->choices->len; i++)
    {
      AvsCatalogChoice *choice = g_ptr_array_index (ranking->choices, i);
      gboolean fits = choice->recommended && !choice->flagged;
      GtkWidget *row;

      if (choice == ranking->best)
        continue;
      row = make_product_row (self, choice, tool, leader);
      gtk_widget_set_visible (row, fits || self->show_all);
      hidden += !(fits || self->show_all);
      adw_preferences_group_add (self->products_group, row);
      g_ptr_array_add (self->product_rows, row);
      self->n_shown += fits || self->show_all;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->products_group),
                          self->n_shown > (ranking->best != NULL ? 1u : 0u));
  gtk_widget_set_visible (GTK_WIDGET (self->show_all_button), hidden > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_status), self->n_shown == 0);

  if (previous == NULL || !avs_choose_page_choose (self, avs_catalog_product_get_id (previous)))
    set_chosen (self, NULL);

  {
    GPtrArray *notes = avs_catalog_get_notes (catalog);

    for (guint i = 0; notes != NULL && i < notes->len; i++)
      {
        AvsCatalogNote *note = g_ptr_array_index (notes, i);
        GtkWidget *row = text_row (note->text, NULL, "dialog-information-symbolic");
        /* The links go on a row of their own: as suffixes of the note's row, four of them left
         * the text one word per line at 360 px. */
        GtkWidget *sources_row = NULL;

        adw_preferences_group_add (self->notes_group, row);
        g_ptr_array_add (self->note_rows, row);
        if (note->sources != NULL && note->sources[0] != NULL)
          {
            sources_row = text_row (_("Sources"), NULL, NULL);
            adw_preferences_group_add (self->notes_group, sources_row);
            g_ptr_array_add (self->note_rows, sources_row);
          }
        for (guint j = 0; note->sources != NULL && note->sources[j] != NULL; j++)
          {
            GtkWidget *button = gtk_button_new_from_icon_name ("adw-external-link-symbolic");
            g_autofree char *accessible = g_strdup_printf (_("Open %s"), note->sources[j]);

            gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
            gtk_widget_add_css_class (button, "flat");
            gtk_widget_set_tooltip_text (button, note->sources[j]);
            gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                            GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
            g_signal_connect_data (button, "clicked", G_CALLBACK (on_link_clicked),
                                   g_strdup (note->sources[j]), (GClosureNotify) g_free, 0);
            adw_action_row_add_suffix (ADW_ACTION_ROW (sources_row), button);
          }
      }
    gtk_widget_set_visible (GTK_WIDGET (self->notes_group), self->note_rows->len > 0);
  }
}

static void
update_catalog_row (AvsChoosePage *self)
{
  avs_page_technician_detail_changed (AVS_PAGE (self));
  g_autofree char *description = self->store ? avs_catalog_store_describe (self->store) : NULL;

  adw_action_row_set_subtitle (self->catalog_row, description != NULL ? description : "");
  adw_action_row_set_subtitle_lines (self->catalog_row, 0);
}

static void
set_refreshing (AvsChoosePage *self,
                gboolean       refreshing)
{
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_spinner), refreshing);
  gtk_spinner_set_spinning (self->refresh_spinner, refreshing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "choose.refresh",
                                 !refreshing && self->store != NULL);
}

static void
on_refresh_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(AvsChoosePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  AvsCatalogRefresh outcome = AVS_CATALOG_REFRESH_NOT_DUE;

  if (!avs_catalog_store_refresh_finish (AVS_CATALOG_STORE (source), result, &outcome, &message, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The last good copy stays in use; say so and why. */
      adw_action_row_set_subtitle (self->offline_row, error->message);
      adw_action_row_set_subtitle_lines (self->offline_row, 0);
      gtk_widget_set_visible (GTK_WIDGET (self->offline_row), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->offline_row), FALSE);
      if (outcome == AVS_CATALOG_REFRESH_UPDATED)
        rebuild (self);
      /* The daily refresh speaks only when something changed; a Refresh the user asked for
       * always answers. */
      if (message != NULL && outcome != AVS_CATALOG_REFRESH_NOT_DUE &&
          (self->forced_refresh || outcome == AVS_CATALOG_REFRESH_UPDATED))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
    }

  set_refreshing (self, FALSE);
  update_catalog_row (self);
}

static void
refresh (AvsChoosePage *self,
         gboolean       force)
{
  if (self->store == NULL)
    return;
  self->forced_refresh = force;
  set_refreshing (self, TRUE);
  avs_catalog_store_refresh_async (self->store, force, self->cancellable,
                                   on_refresh_done, g_object_ref (self));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh (AVS_CHOOSE_PAGE (widget), TRUE);
}

static void
load_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  AvsCatalogStore *store = task_data;
  g_autoptr(GError) error = NULL;

  /* Reads and verifies the cache file (or the bundled copy): off the main thread. */
  if (!avs_catalog_store_load (store, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AvsChoosePage *self = AVS_CHOOSE_PAGE (source);
  g_autoptr(GError) error = NULL;
  AvsCatalogStore *store = g_task_get_task_data (G_TASK (result));

  self->loading = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_action_row_set_subtitle (self->catalog_row, error->message);
      return;
    }

  g_set_object (&self->store, store);
  update_catalog_row (self);
  rebuild (self);
  /* At most once a day unless the user asks: the store decides. */
  refresh (self, FALSE);
}

static char *
configured_url (AvsChoosePage *self)
{
  AvsSession *session = avs_page_get_session (AVS_PAGE (self));

  return avs_catalog_store_configured_url (session != NULL ? avs_session_get_catalog_url (session)
                                                           : NULL);
}

static void
start_loading (AvsChoosePage *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;

  if (self->store != NULL || self->loading)
    return;

  url = configured_url (self);
  self->loading = TRUE;
  adw_action_row_set_subtitle (self->catalog_row, _("Loading…"));
  task = g_task_new (self, self->cancellable, on_loaded, NULL);
  g_task_set_source_tag (task, start_loading);
  g_task_set_task_data (task, avs_catalog_store_new (url), g_object_unref);
  g_task_run_in_thread (task, load_in_thread);
}

static void
on_filter_changed (AvsChoosePage *self)
{
  rebuild (self);
}

static void
avs_choose_page_shown (AvsPage *page)
{
  AvsChoosePage *self = AVS_CHOOSE_PAGE (page);

  if (self->store == NULL)
    start_loading (self);
  else
    rebuild (self);
}

/* Technician mode: the catalog in use (serial, source, address, dates, key) and the choice. */
static char *
avs_choose_page_dup_technician_detail (AvsPage *page)
{
  g_autofree char *catalog = avs_technician_catalog_text (AVS_CHOOSE_PAGE (page)->store);
  g_autofree char *session = avs_technician_session_text (avs_page_get_session (page));

  return g_strconcat (catalog, "\n", session, NULL);
}

static void
avs_choose_page_dispose (GObject *object)
{
  AvsChoosePage *self = AVS_CHOOSE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->chosen);
  g_clear_pointer (&self->recommended_id, g_free);
  if (self->product_rows != NULL)
    g_ptr_array_set_size (self->product_rows, 0);
  if (self->note_rows != NULL)
    g_ptr_array_set_size (self->note_rows, 0);

  gtk_widget_dispose_template (GTK_WIDGET (object), AVS_TYPE_CHOOSE_PAGE);

  G_OBJECT_CLASS (avs_choose_page_parent_class)->dispose (object);
}

static void
avs_choose_page_finalize (GObject *object)
{
  AvsChoosePage *self = AVS_CHOOSE_PAGE (object);

  g_clear_pointer (&self->product_rows, g_ptr_array_unref);
  g_clear_pointer (&self->note_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (avs_choose_page_parent_class)->finalize (object);
}

static void
avs_choose_page_class_init (AvsChoosePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AvsPageClass *page_class = AVS_PAGE_CLASS (klass);

  object_class->dispose = avs_choose_page_dispose;
  object_class->finalize = avs_choose_page_finalize;
  page_class->shown = avs_choose_page_shown;
  page_class->dup_technician_detail = avs_choose_page_dup_technician_detail;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/avs-choose-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AvsChoosePage, situation_label);
  gtk_widget_class_bind_template_child (widget_class, AvsChoosePage, catalog_row);
  gtk_widget_class_bind_template_child (widget_class, AvsChoosePage, offline_row);
  gtk_widget_class_bind_template_child (widget_class, AvsChoosePage, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, AvsChoosePage, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, AvsChoosePage, audience_row);
  gtk_widget_class_bind_template_child (widget_class, AvsChoosePage, free_switch);
  gtk_widget_class_bind_template_child (widget_class, AvsChoosePage, open_source_switch);
  gtk_widget_class_bind_template_child (widget_class, AvsChoosePage, realtime_switch);
  gtk_widget_class_bind_template_child (widget_class, AvsChoosePage, works_here_switch);
  gtk_widget_class_bind_template_child (widget_class, AvsChoosePage, note_label);
  gtk_widget_class_bind_template_child (widget_class, AvsChoosePage, recommended_group);
  gtk_widget_class_bind_template_child (widget_class, AvsChoosePage, products_group);
  gtk_widget_class_bind_template_child (widget_class, AvsChoosePage, show_all_button);
  gtk_widget_class_bind_template_child (widget_class, AvsChoosePage, later_check);
  gtk_widget_class_bind_template_callback (widget_class, on_later_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_show_all_clicked);
  gtk_widget_class_bind_template_child (widget_class, AvsChoosePage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, AvsChoosePage, notes_group);

  gtk_widget_class_install_action (widget_class, "choose.refresh", NULL, refresh_action);
}

static void
avs_choose_page_init (AvsChoosePage *self)
{
  self->product_rows = g_ptr_array_new ();
  self->note_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "choose.refresh", FALSE);

  g_signal_connect_swapped (self->audience_row, "notify::selected", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->free_switch, "notify::active", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->open_source_switch, "notify::active", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->realtime_switch, "notify::active", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->works_here_switch, "notify::active", G_CALLBACK (on_filter_changed), self);
}

AvsPage *
avs_choose_page_new (void)
{
  return g_object_new (AVS_TYPE_CHOOSE_PAGE, NULL);
}
