/* avs-findings-page.c — "What we found": one card per product, its evidence, what was not checked
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "avs-findings-page"

#include "config.h"

#include <glib/gi18n.h>

#include "avs-finding-text.h"
#include "avs-findings-page.h"
#include "avs-helpdesk-card.h"
#include "avs-helpdesk-summary.h"
#include "avs-plain.h"
#include "avs-technician.h"
#include "avs-timeline.h"

struct _AvsFindingsPage
{
  AvsPage               parent_instance;

  AvsScanResult        *shown_result;

  GtkStack             *stack;
  AdwStatusPage        *clean_status;
  GtkLabel             *clean_not_checked_label;
  GtkLabel             *summary_title;
  GtkLabel             *summary_body;
  GtkBox               *products_box;
  AdwPreferencesGroup  *managed_group;
  AdwActionRow         *managed_row;
  AdwPreferencesGroup  *not_checked_group;
  GtkButton            *admin_scan_button;
  /* Rows added to not_checked_group, so a new result can remove them. */
  GPtrArray            *not_checked_rows;
  /* "Summary for your help-desk": after the results, and under the clean result. */
  GtkWidget            *helpdesk_card;
  GtkWidget            *clean_helpdesk_card;
};

G_DEFINE_FINAL_TYPE (AvsFindingsPage, avs_findings_page, AVS_TYPE_PAGE)

static GtkWidget *
make_info_row (const char *title,
               const char *subtitle,
               const char *icon_name)
{
  GtkWidget *row = avs_plain_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (icon_name != NULL)
    adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon_name);
  return row;
}

static void
on_copy_clicked (GtkButton  *button,
                 const char *text)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (button));
  GtkWidget *window;

  gdk_clipboard_set_text (clipboard, text);

  window = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_WINDOW);
  gtk_widget_activate_action (window, "win.toast", "s", _("Copied to the clipboard"));
}

static GtkWidget *
make_evidence_row (AvsEvidence *evidence)
{
  GtkWidget *row = avs_plain_action_row_new ();
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  g_autofree char *accessible = NULL;
  g_autofree char *subtitle = NULL;

  if (evidence->detail != NULL && *evidence->detail != '\0')
    /* Translators: an evidence value, then where it was found, e.g. "kesl (dpkg)" */
    subtitle = g_strdup_printf (_("%s (%s)"), evidence->value, evidence->detail);
  else
    subtitle = g_strdup (evidence->value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 avs_evidence_kind_to_label (evidence->kind));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  /* Paths are not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_tooltip_text (copy, _("Copy"));
  /* Translators: accessible name of a button, %s is a path or a package name */
  accessible = g_strdup_printf (_("Copy %s"), evidence->value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_signal_connect_data (copy, "clicked", G_CALLBACK (on_copy_clicked),
                         g_strdup (evidence->value), (GClosureNotify) g_free, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy);

  return row;
}

/* libadwaita 1.2 cuts a group's title short ("Kaspersky Security Center Network A…" at 360 px):
 * a product's name is what the card is about, so let it wrap instead. */
static void
wrap_group_title (GtkWidget  *widget,
                  const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), title) == 0)
        {
          gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_NONE);
          gtk_label_set_wrap (GTK_LABEL (child), TRUE);
          return;
        }
      if (!GTK_IS_LIST_BOX (child))
        wrap_group_title (child, title);
    }
}

static GtkWidget *
make_product_group (AvsFindingsPage *self,
                    AvsScanResult   *result,
                    AvsFinding      *finding)
{
  GtkWidget *group = adw_preferences_group_new ();
  GPtrArray *evidence = avs_finding_get_evidence (finding);
  g_autofree char *kind = avs_finding_describe_kind (finding);
  g_autofree char *evidence_count = NULL;
  GDateTime *updated = avs_finding_get_signatures_updated (finding);
  GtkWidget *expander;
  GtkWidget *sentence;

  /* The card names what kind of thing this is, then says in one sentence what it is, why it
   * matters and what will happen to it (decided in src/core, as `avswitch scan` says it). */
  avs_plain_group_set_text (ADW_PREFERENCES_GROUP (group), avs_finding_get_name (finding), kind);
  wrap_group_title (group, avs_finding_get_name (finding));
  sentence = avs_plain_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (sentence),
                                 avs_finding_kind_to_sentence (avs_finding_get_kind (finding)));
  gtk_widget_add_css_class (sentence, "avs-finding-sentence");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), sentence);

  /* Running or not: only the live system shows processes. */
  if (avs_scan_result_get_live (result))
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               make_info_row (_("Running"),
                                              avs_finding_get_running (finding)
                                                ? _("Yes, it is running now")
                                                : _("No, it is not running"),
                                              avs_finding_get_running (finding)
                                                ? "media-playback-start-symbolic"
                                                : "media-playback-stop-symbolic"));

  /* Central management is about the whole computer: the page says it once, above the cards. */

  if (updated != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      gint64 days = g_date_time_difference (now, updated) / G_TIME_SPAN_DAY;
      g_autofree char *date = avs_format_date (updated);
      g_autofree char *subtitle = NULL;

      if (days < 0)
        days = 0;
      /* Translators: %s is a date, %d a number of days */
      subtitle = g_strdup_printf (ngettext ("Last updated on %s, %d day ago",
                                            "Last updated on %s, %d days ago",
                                            (gulong) days),
                                  date, (int) MIN (days, G_MAXINT));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 make_info_row (_("Virus signature databases"), subtitle,
                                                days > 7 ? "dialog-warning-symbolic"
                                                         : "emblem-ok-symbolic"));
    }

  expander = avs_plain_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _("Evidence"));
  evidence_count = g_strdup_printf (ngettext ("%u item found on this computer",
                                              "%u items found on this computer",
                                              evidence->len),
                                    evidence->len);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), evidence_count);
  for (guint i = 0; i < evidence->len; i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                              make_evidence_row (g_ptr_array_index (evidence, i)));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), expander);

  return group;
}

static gboolean
only_leftovers (AvsScanResult *result)
{
  GPtrArray *findings = avs_scan_result_get_findings (result);

  for (guint i = 0; i < findings->len; i++)
    if (avs_finding_get_state (g_ptr_array_index (findings, i)) != AVS_INSTALL_STATE_LEFTOVERS)
      return FALSE;
  return findings->len > 0;
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/* What could not be checked, and the notes; returns whether scanning as administrator may close
 * a gap. */
static gboolean
show_not_checked (AvsFindingsPage *self,
                  AvsScanResult   *result,
                  GPtrArray       *not_checked)
{
  gboolean needs_admin = FALSE;

  for (guint i = 0; i < not_checked->len; i++)
    {
      AvsNotChecked *entry = g_ptr_array_index (not_checked, i);
      /* A note hides nothing; a gap does, and scanning as administrator may close it. */
      GtkWidget *row = make_info_row (entry->what, entry->reason,
                                      entry->note ? "dialog-information-symbolic"
                                      : entry->needs_admin ? "system-lock-screen-symbolic"
                                      : "dialog-warning-symbolic");

      adw_preferences_group_add (self->not_checked_group, row);
      g_ptr_array_add (self->not_checked_rows, row);
      needs_admin |= entry->needs_admin && !entry->note;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->not_checked_group), not_checked->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->admin_scan_button), needs_admin);
  /* For an incomplete scan, scanning as administrator is the way on. */
  if (needs_admin && avs_scan_result_get_outcome (result) == AVS_SCAN_OUTCOME_INCOMPLETE)
    gtk_widget_add_css_class (GTK_WIDGET (self->admin_scan_button), "suggested-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->admin_scan_button), "suggested-action");
  return needs_admin;
}

/* Central management concerns the whole computer, so it is said once for the page, not on
 * every card. */
static void
show_management (AvsFindingsPage *self,
                 AvsScanResult   *result)
{
  g_autofree char *text = result != NULL ? avs_scan_result_describe_management (result) : NULL;

  if (text != NULL)
    adw_action_row_set_subtitle (self->managed_row, text);
  gtk_widget_set_visible (GTK_WIDGET (self->managed_group), text != NULL);
}

/* Nothing found and everything checked. */
static void
show_clean (AvsFindingsPage *self,
            GPtrArray       *not_checked)
{
  AvsPage *page = AVS_PAGE (self);

  gtk_stack_set_visible_child_name (self->stack, "clean");
  /* Only notes can be left here (everything was checked). */
  if (not_checked->len > 0)
    {
      g_autofree char *note =
        g_strdup_printf (ngettext ("%u note about this scan is in the report.",
                                   "%u notes about this scan are in the report.",
                                   not_checked->len),
                         not_checked->len);
      gtk_label_set_text (self->clean_not_checked_label, note);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->clean_not_checked_label), not_checked->len > 0);
  avs_page_set_show_next (page, FALSE);
  avs_page_set_complete (page, FALSE);
}

/* Nothing found, but a gap. */
static void
show_incomplete (AvsFindingsPage *self,
                 AvsScanResult   *result,
                 gboolean         needs_admin)
{
  AvsPage *page = AVS_PAGE (self);
  g_autofree char *title = NULL;
  guint gaps = avs_scan_result_count_gaps (result);

  /* Never "clean" about what was not seen: say what is missing and how to see it. */
  gtk_label_set_text (self->summary_title, _("The scan is incomplete"));
  if (needs_admin)
    title = g_strdup_printf (ngettext ("No Kaspersky software was found in what could be checked, but %u place could not be checked, so this computer cannot be called clean yet. Scan as administrator to check it.",
                                       "No Kaspersky software was found in what could be checked, but %u places could not be checked, so this computer cannot be called clean yet. Scan as administrator to check them.",
                                       gaps),
                             gaps);
  else
    title = g_strdup_printf (ngettext ("No Kaspersky software was found in what could be checked, but %u place could not be checked, so this computer cannot be called clean yet. What and why is listed below.",
                                       "No Kaspersky software was found in what could be checked, but %u places could not be checked, so this computer cannot be called clean yet. What and why is listed below.",
                                       gaps),
                             gaps);
  gtk_label_set_text (self->summary_body, title);
  gtk_stack_set_visible_child_name (self->stack, "found");
  avs_page_set_next_label (page, NULL);
  avs_page_set_next_page (page, NULL);
  avs_page_set_show_next (page, FALSE);
  avs_page_set_complete (page, FALSE);
}

/* Something found: a card per product, and the way on. */
static void
show_found (AvsFindingsPage *self,
            AvsScanResult   *result,
            GPtrArray       *findings)
{
  AvsPage *page = AVS_PAGE (self);
  g_autofree char *title = NULL;

  for (guint i = 0; i < findings->len; i++)
    gtk_box_append (self->products_box,
                    make_product_group (self, result, g_ptr_array_index (findings, i)));
  show_management (self, result);

  if (only_leftovers (result))
    {
      gtk_label_set_text (self->summary_title, _("Kaspersky was removed, but traces remain"));
      gtk_label_set_text (self->summary_body,
                          _("A removal was started but not finished. The files and settings "
                            "below are left over; AV Switch can clean them up."));
      avs_page_set_next_label (page, _("_Finish the removal"));
      avs_page_set_next_page (page, "remove");
    }
  else
    {
      title = g_strdup_printf (ngettext ("Kaspersky software was found: %u product or component",
                                         "Kaspersky software was found: %u products or components",
                                         findings->len),
                               findings->len);
      gtk_label_set_text (self->summary_title, title);
      gtk_label_set_text (self->summary_body,
                          _("Each card says what was found, why it matters and what AV Switch "
                            "will do about it. Open “Evidence” to see every file, package and "
                            "setting it was found by."));
      avs_page_set_next_label (page, NULL);
      avs_page_set_next_page (page, NULL);
    }

  gtk_stack_set_visible_child_name (self->stack, "found");
  avs_page_set_show_next (page, TRUE);
  avs_page_set_complete (page, TRUE);
}

static void
show_helpdesk_summary (AvsFindingsPage *self,
                       AvsScanResult   *result)
{
  AvsHelpdeskSummaryInput input = { .scan = result };
  g_autofree char *text = avs_helpdesk_summary_new (&input);

  avs_helpdesk_card_set_text (self->helpdesk_card, text);
  avs_helpdesk_card_set_text (self->clean_helpdesk_card, text);
}

static void
show_result (AvsFindingsPage *self,
             AvsScanResult   *result)
{
  AvsPage *page = AVS_PAGE (self);
  GPtrArray *not_checked;
  gboolean needs_admin;

  g_set_object (&self->shown_result, result);

  for (guint i = 0; i < self->not_checked_rows->len; i++)
    adw_preferences_group_remove (self->not_checked_group,
                                  g_ptr_array_index (self->not_checked_rows, i));
  g_ptr_array_set_size (self->not_checked_rows, 0);
  clear_box (self->products_box);
  gtk_widget_set_visible (GTK_WIDGET (self->managed_group), FALSE);

  if (result == NULL)
    {
      /* A deep link (--page=findings) before any scan: offer one, never a false "clean". */
      gtk_stack_set_visible_child_name (self->stack, "unscanned");
      avs_page_set_show_next (page, FALSE);
      avs_page_set_complete (page, FALSE);
      return;
    }

  show_helpdesk_summary (self, result);
  not_checked = avs_scan_result_get_not_checked (result);
  needs_admin = show_not_checked (self, result, not_checked);

  switch (avs_scan_result_get_outcome (result))
    {
    case AVS_SCAN_OUTCOME_CLEAN:
      show_clean (self, not_checked);
      return;

    case AVS_SCAN_OUTCOME_INCOMPLETE:
      show_incomplete (self, result, needs_admin);
      return;

    case AVS_SCAN_OUTCOME_FOUND:
    default:
      break;
    }

  show_found (self, result, avs_scan_result_get_findings (result));
}

static void
on_session_scan_result (AvsFindingsPage *self,
                        GParamSpec      *pspec,
                        AvsSession      *session)
{
  show_result (self, avs_session_get_scan_result (session));
}

static void
on_session_changed (AvsFindingsPage *self,
                    GParamSpec      *pspec,
                    gpointer         user_data)
{
  AvsSession *session = avs_page_get_session (AVS_PAGE (self));

  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::scan-result",
                               G_CALLBACK (on_session_scan_result), self, G_CONNECT_SWAPPED);
      show_result (self, avs_session_get_scan_result (session));
    }
}

static void
on_scan_again_clicked (AvsFindingsPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.scan", "b", FALSE);
}

static void
scan_as_admin_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  gtk_widget_activate_action (widget, "win.scan", "b", TRUE);
}

static void
avs_findings_page_shown (AvsPage *page)
{
  AvsFindingsPage *self = AVS_FINDINGS_PAGE (page);
  AvsSession *session = avs_page_get_session (page);

  if (session != NULL && avs_session_get_scan_result (session) != self->shown_result)
    show_result (self, avs_session_get_scan_result (session));
}

/* Technician mode: every piece of evidence with its path and value, and what was not checked. */
static char *
avs_findings_page_dup_technician_detail (AvsPage *page)
{
  return avs_technician_scan_text (AVS_FINDINGS_PAGE (page)->shown_result);
}

static void
avs_findings_page_dispose (GObject *object)
{
  AvsFindingsPage *self = AVS_FINDINGS_PAGE (object);

  g_clear_object (&self->shown_result);
  self->stack = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (object), AVS_TYPE_FINDINGS_PAGE);

  G_OBJECT_CLASS (avs_findings_page_parent_class)->dispose (object);
}

static void
avs_findings_page_finalize (GObject *object)
{
  AvsFindingsPage *self = AVS_FINDINGS_PAGE (object);

  g_clear_pointer (&self->not_checked_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (avs_findings_page_parent_class)->finalize (object);
}

static void
avs_findings_page_class_init (AvsFindingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AvsPageClass *page_class = AVS_PAGE_CLASS (klass);

  object_class->dispose = avs_findings_page_dispose;
  object_class->finalize = avs_findings_page_finalize;
  page_class->shown = avs_findings_page_shown;
  page_class->dup_technician_detail = avs_findings_page_dup_technician_detail;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/avs-findings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AvsFindingsPage, clean_status);
  gtk_widget_class_bind_template_child (widget_class, AvsFindingsPage, clean_not_checked_label);
  gtk_widget_class_bind_template_child (widget_class, AvsFindingsPage, summary_title);
  gtk_widget_class_bind_template_child (widget_class, AvsFindingsPage, summary_body);
  gtk_widget_class_bind_template_child (widget_class, AvsFindingsPage, products_box);
  gtk_widget_class_bind_template_child (widget_class, AvsFindingsPage, managed_group);
  gtk_widget_class_bind_template_child (widget_class, AvsFindingsPage, managed_row);
  gtk_widget_class_bind_template_child (widget_class, AvsFindingsPage, not_checked_group);
  gtk_widget_class_bind_template_child (widget_class, AvsFindingsPage, admin_scan_button);
  gtk_widget_class_bind_template_callback (widget_class, on_scan_again_clicked);

  gtk_widget_class_install_action (widget_class, "findings.scan-as-admin", NULL, scan_as_admin_action);
}

static void
avs_findings_page_init (AvsFindingsPage *self)
{
  self->not_checked_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The page's own child is not bound: AdwBin unparents it, dispose_template must not. */
  self->stack = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));
  self->helpdesk_card = avs_helpdesk_card_new ();
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->not_checked_group))),
                              self->helpdesk_card, GTK_WIDGET (self->not_checked_group));
  self->clean_helpdesk_card = avs_helpdesk_card_new ();
  gtk_widget_set_size_request (self->clean_helpdesk_card, 320, -1);
  gtk_box_append (GTK_BOX (adw_status_page_get_child (self->clean_status)),
                  self->clean_helpdesk_card);

  g_signal_connect (self, "notify::session", G_CALLBACK (on_session_changed), NULL);
}

AvsPage *
avs_findings_page_new (void)
{
  return g_object_new (AVS_TYPE_FINDINGS_PAGE, NULL);
}
