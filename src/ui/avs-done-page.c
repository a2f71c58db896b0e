/* avs-done-page.c — the end: a fresh scan proves what is gone, and says what remains and why
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "avs-done-page"

#include "config.h"

#include <glib/gi18n.h>

#include "avs-compat.h"
#include "avs-done-page.h"
#include "avs-executor.h"
#include "avs-findings-page.h"
#include "avs-helpdesk-card.h"
#include "avs-helpdesk-summary.h"
#include "avs-plain.h"
#include "avs-scanner.h"
#include "avs-technician.h"
#include "avs-wrapup.h"

struct _AvsDonePage
{
  AvsPage              parent_instance;

  AvsScanner          *scanner;
  GCancellable        *cancellable;
  GPtrArray           *rows;

  AdwStatusPage       *status_page;
  GtkProgressBar      *progress_bar;
  AdwPreferencesGroup *removed_group;
  AdwPreferencesGroup *remaining_group;
  AdwPreferencesGroup *replacement_group;
  AdwPreferencesGroup *backup_group;
  AdwPreferencesGroup *todo_group;
  GtkBox              *buttons_box;
  /* "Summary for your help-desk", above the buttons. */
  GtkWidget           *helpdesk_card;
  AvsScanResult       *final_scan;

  AvsReplacementState  replacement_state;
};

G_DEFINE_FINAL_TYPE (AvsDonePage, avs_done_page, AVS_TYPE_PAGE)

gboolean
avs_done_page_get_busy (AvsDonePage *self)
{
  g_return_val_if_fail (AVS_IS_DONE_PAGE (self), FALSE);

  return self->cancellable != NULL;
}

AvsReplacementState
avs_done_page_get_replacement_state (AvsDonePage *self)
{
  g_return_val_if_fail (AVS_IS_DONE_PAGE (self), AVS_REPLACEMENT_STATE_NONE);

  return self->replacement_state;
}

static void
clear_rows (AvsDonePage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      AdwPreferencesGroup *group =
        ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP));

      if (group != NULL)
        adw_preferences_group_remove (group, row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
add_row (AvsDonePage         *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle,
         const char          *icon_name)
{
  GtkWidget *row = avs_plain_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon_name);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

/* The headline: an icon (coloured by @style: "avs-success", "avs-warning", or NULL for the
 * plain one, see style.css), a title and a plain description. */
static void
set_status (AvsDonePage *self,
            const char  *icon_name,
            const char  *style,
            const char  *title,
            const char  *description)
{
  static const char * const styles[] = { "avs-success", "avs-warning", "avs-error" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_page), styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_page), style);
  adw_status_page_set_icon_name (self->status_page, icon_name);
  adw_status_page_set_title (self->status_page, title);
  avs_plain_status_page_set_text (self->status_page, description);
}

/* Why a product may legitimately remain after the wizard. */
static char *
describe_remaining (AvsFinding *finding)
{
  if (avs_finding_has_evidence (finding, AVS_EVIDENCE_BROWSER_EXTENSION, NULL))
    return g_strdup (_("A browser extension is removed in the browser itself: follow the manual step of the removal, then check again."));
  if (avs_finding_get_running (finding))
    return g_strdup (_("A part of it is still running. Restart the computer, then check again."));
  if (avs_finding_get_managed (finding))
    return g_strdup (_("It is managed by your organization. Ask your IT department to release this computer."));
  return avs_finding_describe_state (finding);
}

static void
show_verdict (AvsDonePage   *self,
              AvsScanResult *now)
{
  AvsSession *session = avs_page_get_session (AVS_PAGE (self));
  AvsScanResult *before = avs_session_get_first_scan_result (session);
  GPtrArray *remaining = avs_scan_result_get_findings (now);
  const char *replacement = avs_session_get_replacement_name (session);
  AvsExecutor *executor = avs_session_get_executor (session);
  g_autoptr(GPtrArray) todo = NULL;
  const char *backup;
  guint removed = 0;

  clear_rows (self);

  if (before != NULL && before != now)
    {
      GPtrArray *found = avs_scan_result_get_findings (before);

      for (guint i = 0; i < found->len; i++)
        {
          AvsFinding *finding = g_ptr_array_index (found, i);

          if (avs_scan_result_find (now, avs_finding_get_product_id (finding)) == NULL)
            {
              add_row (self, self->removed_group, avs_finding_get_name (finding),
                       _("No trace of it was found any more"), "emblem-ok-symbolic");
              removed++;
            }
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->removed_group), removed > 0);

  for (guint i = 0; i < remaining->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (remaining, i);
      g_autofree char *why = describe_remaining (finding);

      add_row (self, self->remaining_group, avs_finding_get_name (finding), why,
               "dialog-warning-symbolic");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->remaining_group), remaining->len > 0);

  /* The replacement is named as protection only when the machine showed it installed. */
  self->replacement_state =
    avs_wrapup_replacement_state (executor, avs_session_get_replacement_id (session));
  if (self->replacement_state == AVS_REPLACEMENT_STATE_CHECKED)
    add_row (self, self->replacement_group, replacement,
             _("Installed, and AV Switch checked that it is there."), "security-high-symbolic");
  else if (self->replacement_state == AVS_REPLACEMENT_STATE_NONE &&
           !avs_session_get_it_installs (session))
    add_row (self, self->replacement_group, _("No third-party antivirus"),
             _("Keep the system and its applications updated; that matters most on a Linux desktop."),
             "software-update-available-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->replacement_group),
                          self->replacement_state == AVS_REPLACEMENT_STATE_CHECKED ||
                          (self->replacement_state == AVS_REPLACEMENT_STATE_NONE &&
                           !avs_session_get_it_installs (session)));

  backup = avs_wrapup_backup_path (executor);
  if (backup != NULL)
    add_row (self, self->backup_group, _("A copy of what was deleted"), backup,
             "folder-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->backup_group), backup != NULL);

  todo = avs_wrapup_still_to_do (executor, now, avs_session_get_replacement_id (session),
                                 replacement, avs_session_get_it_installs (session));
  for (guint i = 0; i < todo->len; i++)
    add_row (self, self->todo_group, g_ptr_array_index (todo, i), NULL,
             "dialog-information-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->todo_group), todo->len > 0);

  switch (avs_wrapup_verdict (before, now))
    {
    case AVS_WRAPUP_VERDICT_REMOVED:
      /* Only here: Kaspersky was there, and the final scan is complete and finds nothing. */
      set_status (self, "security-high-symbolic", "avs-success", _("Kaspersky has been removed"),
                  _("A fresh scan checked everywhere it looks and found no Kaspersky software on this computer."));
      break;

    case AVS_WRAPUP_VERDICT_NOTHING_FOUND:
      /* Nothing was found before either: nothing was removed. */
      set_status (self, "security-high-symbolic", "avs-success", _("No Kaspersky software found"),
                  _("A fresh scan checked everywhere it looks and found no Kaspersky software on this computer."));
      break;

    case AVS_WRAPUP_VERDICT_INCOMPLETE:
      {
        guint gaps = avs_scan_result_count_gaps (now);
        g_autofree char *description =
          g_strdup_printf (ngettext ("A fresh scan found no Kaspersky software in what it could check, "
                                     "but %u place could not be checked, so this cannot prove that "
                                     "nothing remains. Scan again as administrator to check it.",
                                     "A fresh scan found no Kaspersky software in what it could check, "
                                     "but %u places could not be checked, so this cannot prove that "
                                     "nothing remains. Scan again as administrator to check them.",
                                     gaps),
                           gaps);

        /* Never "clean" about what was not seen. */
        set_status (self, "dialog-information-symbolic", NULL, _("The final check is incomplete"),
                    description);
      }
      break;

    case AVS_WRAPUP_VERDICT_REMAINS:
    default:
      {
        g_autofree char *description =
          g_strdup_printf (ngettext ("A fresh scan still found %u Kaspersky product or component. "
                                     "The list below says why and what to do.",
                                     "A fresh scan still found %u Kaspersky products or components. "
                                     "The list below says why and what to do.",
                                     remaining->len),
                           remaining->len);
        set_status (self, "dialog-warning-symbolic", "avs-warning", _("Some Kaspersky traces remain"),
                    description);
      }
      break;
    }
}

static void
show_helpdesk_summary (AvsDonePage   *self,
                       AvsScanResult *now)
{
  AvsSession *session = avs_page_get_session (AVS_PAGE (self));
  AvsHelpdeskSummaryInput input = {
    .scan = now,
    .before = avs_session_get_first_scan_result (session),
    .executor = avs_session_get_executor (session),
    .replacement_id = avs_session_get_replacement_id (session),
    .replacement_name = avs_session_get_replacement_name (session),
    .continued_managed = avs_session_get_continued_managed (session),
  };
  g_autofree char *text = avs_helpdesk_summary_new (&input);

  g_set_object (&self->final_scan, now);
  avs_helpdesk_card_set_text (self->helpdesk_card, text);
}

/* Technician mode: the final scan's evidence, then the removal's commands and output. */
static char *
avs_done_page_dup_technician_detail (AvsPage *page)
{
  AvsDonePage *self = AVS_DONE_PAGE (page);
  AvsSession *session = avs_page_get_session (page);
  g_autofree char *scan = avs_technician_scan_text (self->final_scan);
  g_autofree char *removal =
    avs_technician_executor_text (session != NULL ? avs_session_get_executor (session) : NULL);

  return g_strconcat (scan, "\n", removal, NULL);
}

static void
on_progress (AvsDonePage *self,
             double       fraction,
             const char  *step,
             AvsScanner  *scanner)
{
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  avs_plain_status_page_set_text (self->status_page, step);
}

static void
on_scan_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AvsDonePage) self = user_data;
  g_autoptr(AvsScanResult) now = NULL;
  g_autoptr(GError) error = NULL;

  now = avs_scanner_scan_finish (AVS_SCANNER (source), result, &error);
  if (AVS_SCANNER (source) != self->scanner)
    return;

  g_clear_object (&self->cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->buttons_box), TRUE);
  avs_page_set_can_go_back (AVS_PAGE (self), TRUE);

  if (now == NULL)
    {
      set_status (self, "dialog-error-symbolic", "avs-error", _("The check could not run"),
                  error->message);
      return;
    }

  avs_session_set_scan_result (avs_page_get_session (AVS_PAGE (self)), now);
  show_verdict (self, now);
  show_helpdesk_summary (self, now);

  /* Proven clean: the saved progress of the removal has nothing left to resume. */
  if (avs_scan_result_is_clean (now))
    {
      AvsExecutor *executor = avs_session_get_executor (avs_page_get_session (AVS_PAGE (self)));

      if (executor != NULL && !avs_executor_forget_state (executor, &error))
        g_warning ("Could not forget the saved removal progress: %s", error->message);
    }
  avs_page_set_complete (AVS_PAGE (self), TRUE);
}

static void
start_check (AvsDonePage *self)
{
  AvsSession *session = avs_page_get_session (AVS_PAGE (self));
  g_autoptr(GError) error = NULL;

  if (session == NULL)
    return;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  clear_rows (self);
  gtk_widget_set_visible (GTK_WIDGET (self->removed_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->remaining_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->replacement_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->backup_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->todo_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->buttons_box), FALSE);
  gtk_widget_set_visible (self->helpdesk_card, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  set_status (self, "system-search-symbolic", NULL, _("Checking the result"),
              _("A fresh scan checks what is gone and what remains."));
  avs_page_set_complete (AVS_PAGE (self), FALSE);
  avs_page_set_can_go_back (AVS_PAGE (self), FALSE);

  g_clear_object (&self->scanner);
  self->scanner = avs_scanner_new_for_root (avs_session_get_root (session),
                                            avs_session_get_rules_path (session), &error);
  if (self->scanner == NULL)
    {
      g_clear_object (&self->cancellable);
      avs_page_set_can_go_back (AVS_PAGE (self), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->buttons_box), TRUE);
      set_status (self, "dialog-error-symbolic", "avs-error", _("The check could not run"),
                  error->message);
      return;
    }
  g_signal_connect_object (self->scanner, "progress", G_CALLBACK (on_progress), self,
                           G_CONNECT_SWAPPED);
  avs_scanner_scan_async (self->scanner, self->cancellable, on_scan_done, g_object_ref (self));
}

static void
on_again_clicked (AvsDonePage *self)
{
  start_check (self);
}

/* A saved session (Open Report…): its own final scan, read, never a new one. */
static void
show_saved (AvsDonePage *self)
{
  AvsSession *session = avs_page_get_session (AVS_PAGE (self));
  AvsScanResult *now = avs_session_get_saved_final_scan (session) != NULL
                       ? avs_session_get_saved_final_scan (session)
                       : avs_session_get_first_scan_result (session);

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->buttons_box), FALSE);
  avs_page_set_can_go_back (AVS_PAGE (self), TRUE);
  if (now == NULL)
    return;
  show_verdict (self, now);
  show_helpdesk_summary (self, now);
}

static void
avs_done_page_shown (AvsPage *page)
{
  AvsSession *session = avs_page_get_session (page);

  if (session != NULL && avs_session_get_read_only (session))
    show_saved (AVS_DONE_PAGE (page));
  else
    start_check (AVS_DONE_PAGE (page));
}

static void
avs_done_page_dispose (GObject *object)
{
  AvsDonePage *self = AVS_DONE_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->scanner);
  g_clear_object (&self->final_scan);
  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);

  gtk_widget_dispose_template (GTK_WIDGET (object), AVS_TYPE_DONE_PAGE);

  G_OBJECT_CLASS (avs_done_page_parent_class)->dispose (object);
}

static void
avs_done_page_finalize (GObject *object)
{
  AvsDonePage *self = AVS_DONE_PAGE (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (avs_done_page_parent_class)->finalize (object);
}

static void
avs_done_page_class_init (AvsDonePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AvsPageClass *page_class = AVS_PAGE_CLASS (klass);

  object_class->dispose = avs_done_page_dispose;
  object_class->finalize = avs_done_page_finalize;
  page_class->shown = avs_done_page_shown;
  page_class->dup_technician_detail = avs_done_page_dup_technician_detail;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/avs-done-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AvsDonePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, AvsDonePage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AvsDonePage, removed_group);
  gtk_widget_class_bind_template_child (widget_class, AvsDonePage, remaining_group);
  gtk_widget_class_bind_template_child (widget_class, AvsDonePage, replacement_group);
  gtk_widget_class_bind_template_child (widget_class, AvsDonePage, backup_group);
  gtk_widget_class_bind_template_child (widget_class, AvsDonePage, todo_group);
  gtk_widget_class_bind_template_child (widget_class, AvsDonePage, buttons_box);
  gtk_widget_class_bind_template_callback (widget_class, on_again_clicked);
}

static void
avs_done_page_init (AvsDonePage *self)
{
  self->rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->helpdesk_card = avs_helpdesk_card_new ();
  gtk_widget_set_visible (self->helpdesk_card, FALSE);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->buttons_box))),
                              self->helpdesk_card, GTK_WIDGET (self->backup_group));
}

AvsPage *
avs_done_page_new (void)
{
  return g_object_new (AVS_TYPE_DONE_PAGE, NULL);
}
