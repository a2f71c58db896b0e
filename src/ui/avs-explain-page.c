/* avs-explain-page.c — "Why this matters": the ban explained for this reader and this computer
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page shows an AvsExplanation (src/core) and adds no claim of its own. The reader comes
 * first: the country at the top, a short summary for that country, what the scan found on this
 * computer and what the ban means there; the timeline (past events marked) and the numbered
 * sources, which open in the browser, wait collapsed below.
 */

#define G_LOG_DOMAIN "avs-explain-page"

#include "config.h"

#include <glib/gi18n.h>

#include "avs-compat.h"
#include "avs-explain-page.h"
#include "avs-plain.h"
#include "avs-technician.h"
#include "avs-text.h"

struct _AvsExplainPage
{
  AvsPage              parent_instance;

  GSettings           *settings;
  AvsScanResult       *scan;
  char                *override;       /* NULL: detect */
  AvsRegion           *region;         /* NULL until detected */
  AvsExplanation      *explanation;
  GCancellable        *cancellable;
  gboolean             updating_combo;

  GtkBox              *summary_box;
  AdwPreferencesGroup *for_you_group;
  AdwPreferencesGroup *machine_group;
  AdwExpanderRow      *timeline_row;
  AdwExpanderRow      *sources_row;
  AdwComboRow         *region_row;
  GtkStringList       *region_model;

  /* The widgets built from the explanation, so that a new one can replace them. */
  GPtrArray           *summary_labels;
  GPtrArray           *timeline_rows;
  GPtrArray           *for_you_rows;
  GPtrArray           *machine_rows;
  GPtrArray           *source_rows;
};

G_DEFINE_FINAL_TYPE (AvsExplainPage, avs_explain_page, AVS_TYPE_PAGE)

/* The choices of the region row: "detect", the seven countries, "another country". */
static const char * const region_choices[] = {
  NULL, AVS_REGION_US, AVS_REGION_DE, AVS_REGION_IT, AVS_REGION_LT, AVS_REGION_NL,
  AVS_REGION_GB, AVS_REGION_CA, AVS_REGION_OTHER,
};

static guint
choice_for_code (const char *code)
{
  if (code == NULL)
    return 0;
  for (guint i = 1; i < G_N_ELEMENTS (region_choices); i++)
    if (g_str_equal (code, region_choices[i]))
      return i;
  return G_N_ELEMENTS (region_choices) - 1;
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, rows->pdata[i]);
  g_ptr_array_set_size (rows, 0);
}

static void
clear_expander (AdwExpanderRow *expander,
                GPtrArray      *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_expander_row_remove (expander, rows->pdata[i]);
  g_ptr_array_set_size (rows, 0);
}

static void
clear_all (AvsExplainPage *self)
{
  for (guint i = 0; i < self->summary_labels->len; i++)
    gtk_box_remove (self->summary_box, self->summary_labels->pdata[i]);
  g_ptr_array_set_size (self->summary_labels, 0);

  clear_expander (self->timeline_row, self->timeline_rows);
  clear_rows (self->for_you_group, self->for_you_rows);
  clear_rows (self->machine_group, self->machine_rows);
  clear_expander (self->sources_row, self->source_rows);
}

/* "Sources 1, 4" / "From the scan of this computer · Source 40". */
static char *
describe_sources (AvsExplanation     *explanation,
                  const AvsStatement *statement)
{
  g_autofree char *refs = avs_explanation_format_refs (explanation,
                                                       (const char * const *) statement->sources);
  gboolean has_refs = *refs != '\0';

  if (statement->from_scan && has_refs)
    /* Translators: %s is a list of source numbers such as "[1, 4]". */
    return g_strdup_printf (_("From the scan of this computer · Sources %s"), refs);
  if (statement->from_scan)
    return g_strdup (_("From the scan of this computer"));
  /* Translators: %s is a list of source numbers such as "[1, 4]". */
  return g_strdup_printf (_("Sources %s"), refs);
}

static GtkWidget *
make_icon (const char *icon_name)
{
  GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE,
                                  "icon-name", icon_name,
                                  "valign", GTK_ALIGN_CENTER,
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  NULL);

  return icon;
}

static GtkWidget *
make_statement_row (AvsExplanation     *explanation,
                    const AvsStatement *statement)
{
  GtkWidget *row = avs_plain_action_row_new ();
  g_autofree char *subtitle = describe_sources (explanation, statement);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), statement->text);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_set_name (row, statement->id);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             make_icon (statement->from_scan ? "computer-symbolic"
                                                             : "dialog-information-symbolic"));
  return row;
}

static GtkWidget *
make_event_row (AvsExplanation          *explanation,
                const AvsExplainedEvent *event)
{
  GtkWidget *row = avs_plain_action_row_new ();
  g_autofree char *date = avs_timeline_entry_format_date (event->entry);
  g_autofree char *refs = avs_explanation_format_refs (explanation, event->entry->sources);
  g_autofree char *subtitle = NULL;
  const char *country = avs_region_get_name (event->entry->region);
  const char *when = event->past
                     /* Translators: an event of the timeline has happened. */
                     ? _("Past")
                     /* Translators: an event of the timeline is still to come. */
                     : _("Upcoming");

  if (event->local)
    /* Translators: the line under an event: its date, its country, "Past" or "Upcoming", and
     * the numbers of its sources, for an event in the reader's own country. */
    subtitle = g_strdup_printf (_("%1$s · %2$s (your country) · %3$s · Sources %4$s"),
                                date, country, when, refs);
  else
    /* Translators: the line under an event: its date, its country, "Past" or "Upcoming", and
     * the numbers of its sources. */
    subtitle = g_strdup_printf (_("%1$s · %2$s · %3$s · Sources %4$s"),
                                date, country, when, refs);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(event->entry->text));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_set_name (row, event->entry->id);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             make_icon (event->past ? "object-select-symbolic"
                                                    : "appointment-soon-symbolic"));
  if (!event->past)
    gtk_widget_add_css_class (row, "accent");
  return row;
}

static void
on_source_activated (AdwActionRow *row,
                     const char   *url)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (row));

  avs_compat_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, url);
}

static GtkWidget *
make_source_row (guint            number,
                 const AvsSource *source)
{
  GtkWidget *row = avs_plain_action_row_new ();
  g_autofree char *title = g_strdup_printf ("[%u] %s", number, _(source->title));
  /* Translators: the accessible description of a source's row; %s is its address. */
  g_autofree char *url = avs_text_isolate (source->url);
  g_autofree char *description = g_strdup_printf (_("Opens %s in your web browser"), url);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), source->url);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  /* A long address wraps anywhere rather than widening the page at 360 pixels. */
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, source->url);
  gtk_widget_set_name (row, source->key);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), make_icon ("adw-external-link-symbolic"));
  /* The URL lives in the static source table. */
  g_signal_connect (row, "activated", G_CALLBACK (on_source_activated), (gpointer) source->url);
  return row;
}

static gboolean
on_summary_link (GtkLabel   *label,
                 const char *uri,
                 gpointer    user_data)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (label));

  avs_compat_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri);
  return TRUE;
}

/* A paragraph of the summary; its source numbers link to the sources themselves. */
static GtkWidget *
make_summary_label (AvsExplanation     *explanation,
                    const AvsStatement *statement)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = g_markup_escape_text (statement->text, -1);
  g_autofree char *markup = NULL;
  GtkWidget *label;

  for (guint i = 0; statement->sources[i] != NULL; i++)
    {
      guint number = avs_explanation_source_number (explanation, statement->sources[i]);
      const AvsSource *source = avs_source_lookup (statement->sources[i]);

      if (number == 0 || source == NULL)
        continue;
      g_ptr_array_add (links, g_markup_printf_escaped ("<a href=\"%s\" title=\"%s\">%u</a>",
                                                       source->url, _(source->title), number));
    }
  g_ptr_array_add (links, NULL);

  if (links->len > 1)
    {
      /* The language's separator, with no-break spaces so that a wrapped line never splits
       * "1, 4"; the links are markup already, the separator is escaped. */
      g_autofree char *separator = g_markup_escape_text (C_("list separator", ", "), -1);
      g_auto(GStrv) words = g_strsplit (separator, " ", -1);
      g_autofree char *nbsp_separator = g_strjoinv ("\u00a0", words);
      g_autofree char *numbers = g_strjoinv (nbsp_separator, (char **) links->pdata);

      /* The same translation as avs_explanation_cite(), with linked numbers. */
      /* Translators: a sentence with the numbers of its sources: "… in 2024. [1, 4]". %1$s is
       * the text, the second the list of source numbers ("1, 4"). Keep both; put the numbers
       * where your language cites. */
      markup = g_strdup_printf (C_("citation", "%1$s [%2$s]"), text, numbers);
    }
  else
    markup = g_strdup (text);

  label = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_name (label, statement->id);
  gtk_widget_add_css_class (label, "body");
  g_signal_connect (label, "activate-link", G_CALLBACK (on_summary_link), NULL);
  return label;
}

static void
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
}

static void
add_expander_row (AdwExpanderRow *expander,
                  GPtrArray      *rows,
                  GtkWidget      *row)
{
  adw_expander_row_add_row (expander, row);
  g_ptr_array_add (rows, row);
}

static void
update_region_row (AvsExplainPage *self)
{
  g_autofree char *subtitle = NULL;
  const AvsRegion *region = self->region;

  self->updating_combo = TRUE;
  adw_combo_row_set_selected (self->region_row,
                              self->override != NULL ? choice_for_code (self->override) : 0);
  self->updating_combo = FALSE;

  if (region == NULL)
    subtitle = g_strdup ("");
  else if (region->source == AVS_REGION_SOURCE_OVERRIDE)
    /* Translators: %s is a country name. */
    subtitle = g_strdup_printf (_("Chosen: %s"), avs_region_get_name (region->code));
  else if (region->source == AVS_REGION_SOURCE_TIMEZONE && region->code != NULL)
    /* Translators: %1$s is a country name, %2$s a time zone such as Europe/Berlin. */
    subtitle = g_strdup_printf (_("Detected: %1$s, from the time zone %2$s"),
                                avs_region_get_name (region->code), region->detail);
  else if (region->source == AVS_REGION_SOURCE_TIMEZONE)
    /* Translators: %s is a time zone such as Europe/Paris. */
    subtitle = g_strdup_printf (_("Detected: another country, from the time zone %s"),
                                region->detail);
  else if (region->source == AVS_REGION_SOURCE_LOCALE)
    /* Translators: %1$s is a country name, %2$s a locale such as de_DE.UTF-8. */
    subtitle = g_strdup_printf (_("Detected: %1$s, from the language setting %2$s"),
                                avs_region_get_name (region->code), region->detail);
  else
    subtitle = g_strdup (_("Not detected: choose your country to see what applies there"));

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->region_row), subtitle);
}

static void
rebuild (AvsExplainPage *self)
{
  AvsExplanation *explanation;

  g_assert (self->region != NULL);

  clear_all (self);
  g_clear_pointer (&self->explanation, avs_explanation_free);
  self->explanation = explanation = avs_explanation_new (self->region, self->scan, NULL);
  avs_page_technician_detail_changed (AVS_PAGE (self));

  for (guint i = 0; i < explanation->summary->len; i++)
    {
      GtkWidget *label = make_summary_label (explanation, explanation->summary->pdata[i]);

      gtk_box_append (self->summary_box, label);
      g_ptr_array_add (self->summary_labels, label);
    }

  for (guint i = 0; i < explanation->timeline->len; i++)
    add_expander_row (self->timeline_row, self->timeline_rows,
                      make_event_row (explanation, explanation->timeline->pdata[i]));
  {
    g_autofree char *events = g_strdup_printf (ngettext ("%u event, with its sources",
                                                         "%u events, with their sources",
                                                         explanation->timeline->len),
                                               explanation->timeline->len);

    adw_expander_row_set_subtitle (self->timeline_row, events);
  }

  for (guint i = 0; i < explanation->for_you->len; i++)
    add_row (self->for_you_group, self->for_you_rows,
             make_statement_row (explanation, explanation->for_you->pdata[i]));

  for (guint i = 0; i < explanation->machine->len; i++)
    add_row (self->machine_group, self->machine_rows,
             make_statement_row (explanation, explanation->machine->pdata[i]));
  gtk_widget_set_visible (GTK_WIDGET (self->machine_group), self->scan != NULL);
  if (explanation->scanned_at != NULL)
    {
      g_autofree char *date = avs_format_date (explanation->scanned_at);
      /* Translators: %s is a date. */
      g_autofree char *description = g_strdup_printf (_("What the scan of %s found."), date);

      adw_preferences_group_set_description (self->machine_group, description);
    }

  for (guint i = 0; i < explanation->sources->len; i++)
    add_expander_row (self->sources_row, self->source_rows,
                      make_source_row (i + 1, explanation->sources->pdata[i]));

  update_region_row (self);
}

static void
detect_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  /* Reads /etc/timezone and /etc/localtime: off the main loop. */
  g_task_return_pointer (task, avs_region_detect (task_data, NULL, NULL),
                         (GDestroyNotify) avs_region_free);
}

static void
on_detected (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AvsExplainPage *self = AVS_EXPLAIN_PAGE (source_object);
  g_autoptr(GError) error = NULL;
  AvsRegion *region = g_task_propagate_pointer (G_TASK (result), &error);

  if (region == NULL)
    return;   /* cancelled: a newer detection is on its way */

  g_clear_pointer (&self->region, avs_region_free);
  self->region = region;
  rebuild (self);
}

static void
detect_region (AvsExplainPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  task = g_task_new (self, self->cancellable, on_detected, NULL);
  g_task_set_source_tag (task, detect_region);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, g_strdup (self->override), g_free);
  g_task_run_in_thread (task, detect_in_thread);
}

static gboolean
set_override (AvsExplainPage *self,
              const char     *cc)
{
  g_autofree char *code = NULL;

  if (cc != NULL && *cc != '\0')
    {
      g_autoptr(GError) error = NULL;

      code = avs_region_normalize_code (cc, &error);
      if (code == NULL)
        g_debug ("Ignoring region “%s”: %s", cc, error->message);
    }

  if (g_strcmp0 (code, self->override) == 0 && self->region != NULL)
    return FALSE;
  g_free (self->override);
  self->override = g_steal_pointer (&code);
  return TRUE;
}

static void
on_region_selected (AvsExplainPage *self)
{
  guint selected = adw_combo_row_get_selected (self->region_row);
  const char *code;
  AvsSession *session;

  if (self->updating_combo || selected >= G_N_ELEMENTS (region_choices))
    return;

  code = region_choices[selected];
  if (!set_override (self, code))
    return;

  /* The user's own choice is remembered, for the window and for `avswitch explain`. */
  g_settings_set_string (self->settings, "region", code != NULL ? code : "");
  session = avs_page_get_session (AVS_PAGE (self));
  if (session != NULL)
    avs_session_set_region (session, code);

  detect_region (self);
}

static void
on_session_scan_result (AvsExplainPage *self,
                        GParamSpec     *pspec,
                        AvsSession     *session)
{
  avs_explain_page_set_scan_result (self, avs_session_get_scan_result (session));
}

static void
on_session_region (AvsExplainPage *self,
                   GParamSpec     *pspec,
                   AvsSession     *session)
{
  const char *region = avs_session_get_region (session);

  if (region != NULL)
    avs_explain_page_set_region (self, region);
}

static void
on_session_changed (AvsExplainPage *self,
                    GParamSpec     *pspec,
                    gpointer        user_data)
{
  AvsSession *session = avs_page_get_session (AVS_PAGE (self));

  if (session == NULL)
    return;

  g_signal_connect_object (session, "notify::scan-result",
                           G_CALLBACK (on_session_scan_result), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::region",
                           G_CALLBACK (on_session_region), self, G_CONNECT_SWAPPED);
  if (avs_session_get_region (session) != NULL)
    avs_explain_page_set_region (self, avs_session_get_region (session));
  if (avs_session_get_scan_result (session) != NULL)
    avs_explain_page_set_scan_result (self, avs_session_get_scan_result (session));
}

static void
avs_explain_page_shown (AvsPage *page)
{
  AvsExplainPage *self = AVS_EXPLAIN_PAGE (page);
  AvsSession *session = avs_page_get_session (page);

  if (session != NULL && avs_session_get_scan_result (session) != NULL &&
      avs_session_get_scan_result (session) != self->scan)
    avs_explain_page_set_scan_result (self, avs_session_get_scan_result (session));
}

/* Technician mode: the region, every statement's source keys, the numbered sources. */
static char *
avs_explain_page_dup_technician_detail (AvsPage *page)
{
  return avs_technician_explanation_text (AVS_EXPLAIN_PAGE (page)->explanation);
}

static void
avs_explain_page_dispose (GObject *object)
{
  AvsExplainPage *self = AVS_EXPLAIN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), AVS_TYPE_EXPLAIN_PAGE);

  G_OBJECT_CLASS (avs_explain_page_parent_class)->dispose (object);
}

static void
avs_explain_page_finalize (GObject *object)
{
  AvsExplainPage *self = AVS_EXPLAIN_PAGE (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->scan);
  g_clear_pointer (&self->override, g_free);
  g_clear_pointer (&self->region, avs_region_free);
  g_clear_pointer (&self->explanation, avs_explanation_free);
  g_clear_pointer (&self->summary_labels, g_ptr_array_unref);
  g_clear_pointer (&self->timeline_rows, g_ptr_array_unref);
  g_clear_pointer (&self->for_you_rows, g_ptr_array_unref);
  g_clear_pointer (&self->machine_rows, g_ptr_array_unref);
  g_clear_pointer (&self->source_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (avs_explain_page_parent_class)->finalize (object);
}

static void
avs_explain_page_class_init (AvsExplainPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AvsPageClass *page_class = AVS_PAGE_CLASS (klass);

  object_class->dispose = avs_explain_page_dispose;
  object_class->finalize = avs_explain_page_finalize;
  page_class->shown = avs_explain_page_shown;
  page_class->dup_technician_detail = avs_explain_page_dup_technician_detail;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/avs-explain-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AvsExplainPage, summary_box);
  gtk_widget_class_bind_template_child (widget_class, AvsExplainPage, for_you_group);
  gtk_widget_class_bind_template_child (widget_class, AvsExplainPage, machine_group);
  gtk_widget_class_bind_template_child (widget_class, AvsExplainPage, timeline_row);
  gtk_widget_class_bind_template_child (widget_class, AvsExplainPage, sources_row);
  gtk_widget_class_bind_template_child (widget_class, AvsExplainPage, region_row);
  gtk_widget_class_bind_template_child (widget_class, AvsExplainPage, region_model);
  gtk_widget_class_bind_template_callback (widget_class, on_region_selected);
}

static void
avs_explain_page_init (AvsExplainPage *self)
{
  g_autofree char *saved = NULL;

  self->summary_labels = g_ptr_array_new ();
  self->timeline_rows = g_ptr_array_new ();
  self->for_you_rows = g_ptr_array_new ();
  self->machine_rows = g_ptr_array_new ();
  self->source_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The choices, in the order of region_choices. */
  self->updating_combo = TRUE;
  gtk_string_list_append (self->region_model, _("Detect automatically"));
  for (guint i = 1; i + 1 < G_N_ELEMENTS (region_choices); i++)
    gtk_string_list_append (self->region_model, avs_region_get_name (region_choices[i]));
  gtk_string_list_append (self->region_model, _("Another country"));
  self->updating_combo = FALSE;

  self->settings = g_settings_new (APP_ID);
  saved = g_settings_get_string (self->settings, "region");
  set_override (self, saved);

  g_signal_connect (self, "notify::session", G_CALLBACK (on_session_changed), NULL);

  detect_region (self);
}

AvsPage *
avs_explain_page_new (void)
{
  return g_object_new (AVS_TYPE_EXPLAIN_PAGE, NULL);
}

void
avs_explain_page_set_scan_result (AvsExplainPage *self,
                                  AvsScanResult  *result)
{
  g_return_if_fail (AVS_IS_EXPLAIN_PAGE (self));
  g_return_if_fail (result == NULL || AVS_IS_SCAN_RESULT (result));

  if (!g_set_object (&self->scan, result))
    return;
  if (self->region != NULL)
    rebuild (self);
}

void
avs_explain_page_set_region (AvsExplainPage *self,
                             const char     *cc)
{
  g_return_if_fail (AVS_IS_EXPLAIN_PAGE (self));

  if (set_override (self, cc))
    detect_region (self);
}

const AvsExplanation *
avs_explain_page_get_explanation (AvsExplainPage *self)
{
  g_return_val_if_fail (AVS_IS_EXPLAIN_PAGE (self), NULL);

  return self->explanation;
}
