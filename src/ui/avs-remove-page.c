/* avs-remove-page.c — "Remove Kaspersky": the plan as a checklist, run with consent
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "avs-remove-page"

#include "config.h"

#include <glib/gi18n.h>

#include "avs-catalog-product.h"
#include "avs-compat.h"
#include "avs-plain.h"
#include "avs-remove-page.h"
#include "avs-technician.h"

typedef struct
{
  AvsPlanStep   *step;       /* owned by the plan */
  AdwExpanderRow *row;
  GtkImage      *status_icon;
  GtkButton     *action_button;
  GtkTextBuffer *output;
  GtkWidget     *output_row;
} StepRow;

struct _AvsRemovePage
{
  AvsPage              parent_instance;

  AvsExecutor         *executor;
  AvsScanResult       *planned_for;
  GCancellable        *cancellable;
  GHashTable          *rows;        /* step id → StepRow */
  GPtrArray           *row_widgets;
  gboolean             busy;
  gboolean             run_all;
  /* The same checklist serves "Install the replacement": it shows the plan's install step. */
  gboolean             install_mode;

  GtkLabel            *heading_label;
  GtkLabel            *intro_label;
  GtkLabel            *dry_run_label;
  GtkLabel            *error_label;
  AdwPreferencesGroup *steps_group;
  GtkButton           *run_all_button;
};

G_DEFINE_FINAL_TYPE (AvsRemovePage, avs_remove_page, AVS_TYPE_PAGE)

static void run_next (AvsRemovePage *self);
static void update_rows (AvsRemovePage *self);

gboolean
avs_remove_page_is_removal_step (AvsPlanStep *step)
{
  AvsStepType type = avs_plan_step_get_step_type (step);

  return type != AVS_STEP_INSTALL_REPLACEMENT && type != AVS_STEP_VERIFY;
}

AvsExecutor *
avs_remove_page_get_executor (AvsRemovePage *self)
{
  g_return_val_if_fail (AVS_IS_REMOVE_PAGE (self), NULL);
  return self->executor;
}

gboolean
avs_remove_page_get_busy (AvsRemovePage *self)
{
  g_return_val_if_fail (AVS_IS_REMOVE_PAGE (self), FALSE);
  return self->busy;
}

static AvsPlanStep *next_removal_step (AvsRemovePage *self);

GtkWidget *
avs_remove_page_get_next_button (AvsRemovePage *self)
{
  AvsPlanStep *next;
  StepRow *row;

  g_return_val_if_fail (AVS_IS_REMOVE_PAGE (self), NULL);

  next = next_removal_step (self);
  if (next == NULL || self->busy)
    return NULL;
  row = g_hash_table_lookup (self->rows, avs_plan_step_get_id (next));
  return row != NULL ? GTK_WIDGET (row->action_button) : NULL;
}

static void
step_row_free (StepRow *row)
{
  g_free (row);
}

static const char *
status_icon (AvsStepStatus status)
{
  switch (status)
    {
    case AVS_STEP_STATUS_RUNNING:
      return "media-playback-start-symbolic";
    case AVS_STEP_STATUS_DONE:
      return "emblem-ok-symbolic";
    case AVS_STEP_STATUS_FAILED:
      return "dialog-error-symbolic";
    case AVS_STEP_STATUS_SKIPPED:
      return "media-skip-forward-symbolic";
    case AVS_STEP_STATUS_PENDING:
    default:
      return "content-loading-symbolic";
    }
}

static gboolean
is_page_step (AvsRemovePage *self,
              AvsPlanStep   *step)
{
  if (self->install_mode)
    return avs_plan_step_get_step_type (step) == AVS_STEP_INSTALL_REPLACEMENT;
  return avs_remove_page_is_removal_step (step);
}

static AvsPlanStep *
next_removal_step (AvsRemovePage *self)
{
  AvsPlanStep *step;

  if (self->executor == NULL)
    return NULL;
  step = avs_executor_get_next_step (self->executor);
  if (step == NULL || !is_page_step (self, step))
    return NULL;
  return step;
}

static void
set_busy (AvsRemovePage *self,
          gboolean       busy)
{
  self->busy = busy;
  avs_page_set_busy (AVS_PAGE (self), busy);
  avs_page_set_can_go_back (AVS_PAGE (self), !busy);
  update_rows (self);
}

static void
update_rows (AvsRemovePage *self)
{
  AvsPlanStep *next = next_removal_step (self);
  gboolean any_automatic = FALSE;
  GHashTableIter iter;
  StepRow *row;

  if (self->executor == NULL)
    return;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &row))
    {
      AvsStepStatus status = avs_executor_get_status (self->executor, row->step);
      gboolean is_next = row->step == next && !self->busy;
      const char *label = NULL;

      adw_expander_row_set_subtitle (row->row, avs_step_status_to_label (status));
      gtk_image_set_from_icon_name (row->status_icon, status_icon (status));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->status_icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, avs_step_status_to_label (status), -1);

      if (is_next)
        {
          if (avs_plan_step_get_blocking (row->step))
            label = _("Continue _anyway");
          else if (avs_plan_step_get_kind (row->step) == AVS_STEP_KIND_MANUAL)
            label = _("_Mark as done");
          else
            label = status == AVS_STEP_STATUS_FAILED ? _("_Try again…") : _("_Run…");
        }
      if (label != NULL)
        gtk_button_set_label (row->action_button, label);
      gtk_widget_set_visible (GTK_WIDGET (row->action_button), label != NULL);

      if (status == AVS_STEP_STATUS_PENDING &&
          avs_plan_step_get_kind (row->step) == AVS_STEP_KIND_AUTOMATIC)
        any_automatic = TRUE;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "remove.run-all", any_automatic && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "remove.copy-script", TRUE);
  avs_page_set_complete (AVS_PAGE (self), next == NULL && !self->busy);
}

static void
on_output_line (AvsRemovePage *self,
                const char    *step_id,
                const char    *line,
                AvsExecutor   *executor)
{
  StepRow *row = g_hash_table_lookup (self->rows, step_id);
  GtkTextIter end;

  if (row == NULL)
    return;
  gtk_text_buffer_get_end_iter (row->output, &end);
  gtk_text_buffer_insert (row->output, &end, line, -1);
  gtk_text_buffer_get_end_iter (row->output, &end);
  gtk_text_buffer_insert (row->output, &end, "\n", 1);
  gtk_widget_set_visible (row->output_row, TRUE);
  avs_page_technician_detail_changed (AVS_PAGE (self));
}

static void
on_step_changed (AvsRemovePage *self,
                 const char    *step_id,
                 AvsExecutor   *executor)
{
  update_rows (self);
  avs_page_technician_detail_changed (AVS_PAGE (self));
}

static void
on_step_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AvsRemovePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!avs_executor_run_step_finish (AVS_EXECUTOR (source), result, &error))
    {
      g_autofree char *report = avs_executor_dup_failure_report (AVS_EXECUTOR (source));

      self->run_all = FALSE;
      avs_executor_end_run (AVS_EXECUTOR (source));
      set_busy (self, FALSE);
      /* No password, so nothing ran: the plan is where it was, and the buttons still work. */
      if (g_error_matches (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_AUTH_DISMISSED) ||
          g_error_matches (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_NO_ADMIN_RIGHTS))
        {
          g_autofree char *text = g_strdup_printf (
              "%s %s", error->message,
              g_error_matches (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_AUTH_DISMISSED)
              ? _("Press Run All again when you are ready.")
              : _("“Copy all commands” gives them to an administrator as a script."));

          gtk_label_set_text (self->error_label, text);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
          update_rows (self);
          return;
        }
      gtk_label_set_text (self->error_label, report != NULL ? report : error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s",
                                  _("A step failed. Nothing after it was run."));
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, FALSE);
  if (self->run_all)
    run_next (self);
}

static void
run_step (AvsRemovePage *self)
{
  set_busy (self, TRUE);
  avs_executor_run_step_async (self->executor, self->cancellable, on_step_done,
                               g_object_ref (self));
}

/* Runs on while the next steps are automatic and confirmed; stops at a manual one. */
static void
run_next (AvsRemovePage *self)
{
  AvsPlanStep *next = next_removal_step (self);

  if (next == NULL || avs_plan_step_get_kind (next) != AVS_STEP_KIND_AUTOMATIC ||
      avs_plan_step_get_blocking (next))
    {
      self->run_all = FALSE;
      avs_executor_end_run (self->executor);
      update_rows (self);
      return;
    }
  run_step (self);
}

static char *
commands_text (AvsRemovePage *self,
               AvsPlanStep   *only)
{
  GString *text = g_string_new (NULL);
  guint n = avs_plan_get_n_steps (avs_executor_get_plan (self->executor));

  for (guint i = 0; i < n; i++)
    {
      AvsPlanStep *step = avs_plan_get_step (avs_executor_get_plan (self->executor), i);
      g_auto(GStrv) lines = NULL;

      if (only != NULL && step != only)
        continue;
      if (only == NULL && (!is_page_step (self, step) ||
                           avs_plan_step_get_kind (step) != AVS_STEP_KIND_AUTOMATIC ||
                           avs_executor_get_status (self->executor, step) == AVS_STEP_STATUS_DONE))
        continue;
      lines = avs_executor_dup_command_lines (self->executor, step);
      for (guint j = 0; lines != NULL && lines[j] != NULL; j++)
        g_string_append_printf (text, "%s\n", lines[j]);
    }
  g_strchomp (text->str);
  return g_string_free (text, FALSE);
}

static void
confirm_and_run (AvsRemovePage *self,
                 AvsPlanStep   *only)
{
  guint n = avs_plan_get_n_steps (avs_executor_get_plan (self->executor));

  for (guint i = 0; i < n; i++)
    {
      AvsPlanStep *step = avs_plan_get_step (avs_executor_get_plan (self->executor), i);

      if ((only == NULL || step == only) && is_page_step (self, step) &&
          avs_plan_step_get_kind (step) == AVS_STEP_KIND_AUTOMATIC)
        avs_executor_confirm_step (self->executor, step);
    }
  self->run_all = only == NULL;
  /* One password prompt for every step of the run (a single step asks for itself). */
  if (self->run_all)
    avs_executor_begin_run (self->executor);
  run_next (self);
}

void
avs_remove_page_run_all (AvsRemovePage *self)
{
  g_return_if_fail (AVS_IS_REMOVE_PAGE (self));

  if (self->executor != NULL && !self->busy)
    confirm_and_run (self, NULL);
}

typedef struct
{
  AvsRemovePage *self;
  AvsPlanStep   *step;   /* NULL: all */
} Confirmation;

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     Confirmation     *confirmation)
{
  if (g_strcmp0 (response, "run") == 0)
    confirm_and_run (confirmation->self, confirmation->step);
  g_object_unref (confirmation->self);
  g_free (confirmation);
}

/* Whether the steps ask_to_run() covers (the same as commands_text()) run a disk's own package
 * scripts as root on this computer (a --root plan's package steps). */
static gboolean
runs_disk_scripts (AvsRemovePage *self,
                   AvsPlanStep   *only)
{
  AvsPlan *plan = avs_executor_get_plan (self->executor);

  for (guint i = 0; i < avs_plan_get_n_steps (plan); i++)
    {
      AvsPlanStep *step = avs_plan_get_step (plan, i);

      if (only != NULL && step != only)
        continue;
      if (only == NULL && (!is_page_step (self, step) ||
                           avs_plan_step_get_kind (step) != AVS_STEP_KIND_AUTOMATIC ||
                           avs_executor_get_status (self->executor, step) == AVS_STEP_STATUS_DONE))
        continue;
      if (avs_plan_runs_disk_scripts (plan, step))
        return TRUE;
    }
  return FALSE;
}

static void
ask_to_run (AvsRemovePage *self,
            AvsPlanStep   *only)
{
  g_autofree char *commands = commands_text (self, only);
  g_autofree char *body = NULL;
  gboolean disk_scripts = runs_disk_scripts (self, only);
  GtkWidget *dialog;
  Confirmation *confirmation;
  GtkWidget *view;
  GtkWidget *scroller;

  body = g_strdup (_("These exact commands will run, in this order. The administrator password is asked for once, before the first of them. A failure stops the run."));
  if (disk_scripts)
    {
      /* A mounted disk's package scripts run as root here: the one place this is agreed to. */
      g_autofree char *warning = avs_plan_dup_disk_scripts_warning (avs_executor_get_plan (self->executor));
      g_autofree char *plain = g_steal_pointer (&body);

      body = g_strdup_printf ("%s\n\n%s", plain, warning);
    }
  dialog = avs_compat_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                          only != NULL ? _("Run this step?")
                                                       : _("Run all removal steps?"),
                                          body);
  view = gtk_text_view_new ();
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), commands, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Commands that will run"), -1);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 160);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "run", _("_Run"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "run",
                                              disk_scripts ? ADW_RESPONSE_DESTRUCTIVE
                                                           : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  avs_compat_fix_mnemonic_names (dialog);

  confirmation = g_new0 (Confirmation, 1);
  confirmation->self = g_object_ref (self);
  confirmation->step = only;
  g_signal_connect (dialog, "response", G_CALLBACK (on_confirm_response), confirmation);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_action_clicked (GtkButton     *button,
                   AvsRemovePage *self)
{
  AvsPlanStep *step = g_object_get_data (G_OBJECT (button), "step");

  if (self->busy || step != next_removal_step (self))
    return;

  if (avs_plan_step_get_blocking (step))
    {
      avs_executor_continue_anyway (self->executor, step);
      /* The summary for the help-desk and the session report say so. */
      avs_session_set_continued_managed (avs_page_get_session (AVS_PAGE (self)), TRUE);
      run_step (self);
    }
  else if (avs_plan_step_get_kind (step) == AVS_STEP_KIND_MANUAL)
    {
      avs_executor_mark_manual_done (self->executor, step);
      run_step (self);
    }
  else
    ask_to_run (self, step);
}

static void
on_copy_clicked (GtkButton  *button,
                 const char *text)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), text);
  gtk_widget_activate_action (GTK_WIDGET (button), "win.toast", "s", _("Copied to the clipboard"));
}

static GtkWidget *
make_text_row (const char *text)
{
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static GtkWidget *
make_command_row (const char *command)
{
  GtkWidget *row = avs_plain_action_row_new ();
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  g_autofree char *accessible = g_strdup_printf (_("Copy the command %s"), command);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), command);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "monospace");
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_tooltip_text (copy, _("Copy"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_signal_connect_data (copy, "clicked", G_CALLBACK (on_copy_clicked), g_strdup (command),
                         (GClosureNotify) g_free, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy);
  return row;
}

static void
on_open_clicked (GtkButton  *button,
                 const char *uri)
{
  avs_compat_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button))), uri);
}

static GtkWidget *
make_uri_row (const char *uri)
{
  GtkWidget *row = make_command_row (uri);
  GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open"));
  g_autofree char *accessible = g_strdup_printf (_("Open %s"), uri);

  gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (open), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_signal_connect_data (open, "clicked", G_CALLBACK (on_open_clicked), g_strdup (uri),
                         (GClosureNotify) g_free, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
  return row;
}

static void
add_step_row (AvsRemovePage *self,
              AvsPlanStep   *step,
              guint          number)
{
  StepRow *row = g_new0 (StepRow, 1);
  GtkWidget *expander = avs_plain_expander_row_new ();
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *button = gtk_button_new ();
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  g_auto(GStrv) commands = avs_executor_dup_command_lines (self->executor, step);
  g_autofree char *title = NULL;

  row->step = step;
  row->row = ADW_EXPANDER_ROW (expander);
  row->status_icon = GTK_IMAGE (icon);
  row->action_button = GTK_BUTTON (button);

  /* Translators: a numbered step, e.g. "3. Remove the package kesl" */
  title = g_strdup_printf (_("%u. %s"), number, avs_plan_step_get_title (step));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (expander), icon);

  gtk_button_set_use_underline (GTK_BUTTON (button), TRUE);
  avs_compat_fix_mnemonic_names (button);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "step", step);
  g_signal_connect (button, "clicked", G_CALLBACK (on_action_clicked), self);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), button);

  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            make_text_row (avs_plan_step_get_explanation (step)));
  if (avs_plan_step_get_inference (step))
    adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                              make_text_row (_("This step rests on an inference: no official Kaspersky document confirms it for this product. It follows the same design as the documented products.")));
  if (avs_plan_step_get_uri (step) != NULL)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                              make_uri_row (avs_plan_step_get_uri (step)));
  for (guint i = 0; commands != NULL && commands[i] != NULL; i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), make_command_row (commands[i]));

  row->output = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Output of this step"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 200);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  row->output_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row->output_row), scroller);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->output_row), FALSE);
  gtk_widget_set_visible (row->output_row, FALSE);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row->output_row);

  adw_preferences_group_add (self->steps_group, expander);
  g_ptr_array_add (self->row_widgets, expander);
  g_hash_table_insert (self->rows, g_strdup (avs_plan_step_get_id (step)), row);
}

static void
clear_plan (AvsRemovePage *self)
{
  for (guint i = 0; i < self->row_widgets->len; i++)
    adw_preferences_group_remove (self->steps_group, g_ptr_array_index (self->row_widgets, i));
  g_ptr_array_set_size (self->row_widgets, 0);
  g_hash_table_remove_all (self->rows);
  if (self->executor != NULL)
    g_signal_handlers_disconnect_by_data (self->executor, self);
  g_clear_object (&self->executor);
  g_clear_object (&self->planned_for);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "remove.copy-script", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "remove.run-all", FALSE);
}

static void
show_plan_error (AvsRemovePage *self,
                 const char    *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  avs_page_set_complete (AVS_PAGE (self), FALSE);
}

/* Shows the steps of self->executor that belong on this page. */
static void
show_executor (AvsRemovePage *self)
{
  AvsPlan *plan = avs_executor_get_plan (self->executor);
  guint number = 0;

  g_signal_connect_object (self->executor, "output-line", G_CALLBACK (on_output_line), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->executor, "step-changed", G_CALLBACK (on_step_changed), self,
                           G_CONNECT_SWAPPED);

  for (guint i = 0; i < avs_plan_get_n_steps (plan); i++)
    {
      AvsPlanStep *step = avs_plan_get_step (plan, i);

      if (is_page_step (self, step))
        add_step_row (self, step, ++number);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->steps_group), number > 0);
  if (self->install_mode && number == 0)
    {
      AvsCatalogProduct *product = avs_session_get_replacement (avs_page_get_session (AVS_PAGE (self)));

      gtk_label_set_text (self->intro_label,
                          product != NULL && avs_catalog_product_get_kind (product) == AVS_PRODUCT_KIND_ADVICE
                            ? _("You chose no third-party antivirus. Keep installing your system’s updates: on a Linux desktop they matter most.")
                            : _("Nothing to install: no replacement was chosen. You can go back and choose one."));
    }

  update_rows (self);
}

static void
build_plan (AvsRemovePage *self)
{
  AvsSession *session = avs_page_get_session (AVS_PAGE (self));
  AvsScanResult *scan = avs_session_get_first_scan_result (session);
  AvsCatalogProduct *product = avs_session_get_replacement (session);
  g_autoptr(AvsReplacement) replacement = NULL;
  g_autoptr(AvsPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  AvsPlanOptions options = { 0 };

  clear_plan (self);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  if (scan == NULL)
    {
      /* A deep link (--page=remove) before any scan: the plan is built from a scan. */
      show_plan_error (self, _("Nothing to remove yet: scan this computer first."));
      gtk_widget_set_visible (GTK_WIDGET (self->steps_group), FALSE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->steps_group), TRUE);

  if (product != NULL && avs_catalog_product_get_kind (product) == AVS_PRODUCT_KIND_PRODUCT)
    {
      replacement = avs_replacement_new_from_catalog (product, &error);
      if (replacement == NULL)
        {
          /* A catalog entry that fails the checks installs nothing; the removal still works. */
          g_autofree char *message = g_strdup_printf (_("The replacement cannot be installed automatically: %s"),
                                                      error->message);
          gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
          g_clear_error (&error);
        }
    }

  options.replacement = replacement;
  options.method = AVS_REPLACEMENT_METHOD_AUTO;
  options.frontend = AVS_PACKAGE_FRONTEND_AUTO;
  plan = avs_plan_new (scan, &options, &error);
  if (plan == NULL)
    {
      show_plan_error (self, error->message);
      return;
    }

  self->executor = avs_executor_new_for_plan (plan, avs_session_get_dry_run (session),
                                              avs_session_get_rules_path (session));
  self->planned_for = g_object_ref (scan);
  avs_session_set_executor (session, self->executor);

  show_executor (self);
}

static void
run_all_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AvsRemovePage *self = AVS_REMOVE_PAGE (widget);

  if (self->executor != NULL && !self->busy)
    ask_to_run (self, NULL);
}

static void
copy_script_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AvsRemovePage *self = AVS_REMOVE_PAGE (widget);
  g_autofree char *script = NULL;

  if (self->executor == NULL)
    return;
  script = avs_plan_to_script (avs_executor_get_plan (self->executor));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), script);
  gtk_widget_activate_action (widget, "win.toast", "s",
                              _("The commands were copied as a commented shell script"));
}

static void
avs_remove_page_shown (AvsPage *page)
{
  AvsRemovePage *self = AVS_REMOVE_PAGE (page);
  AvsSession *session = avs_page_get_session (page);
  AvsScanResult *scan = avs_session_get_first_scan_result (session);
  AvsCatalogProduct *product = avs_session_get_replacement (session);
  const AvsReplacement *planned = self->executor ? avs_plan_get_replacement (avs_executor_get_plan (self->executor)) : NULL;
  gboolean replacement_changed =
    g_strcmp0 (planned ? planned->product_id : NULL,
               product != NULL && avs_catalog_product_get_kind (product) == AVS_PRODUCT_KIND_PRODUCT
                 ? avs_catalog_product_get_id (product) : NULL) != 0;

  gtk_widget_set_visible (GTK_WIDGET (self->dry_run_label), avs_session_get_dry_run (session));

  if (self->install_mode)
    {
      /* The removal page made the plan; show its install step. */
      AvsExecutor *executor = avs_session_get_executor (session);

      if (executor != self->executor)
        {
          clear_plan (self);
          if (executor != NULL)
            {
              self->executor = g_object_ref (executor);
              show_executor (self);
            }
          else
            avs_page_set_complete (page, TRUE);
        }
      else
        update_rows (self);
      return;
    }

  /* A removal resumed after a restart: the application made its executor from the saved state. */
  if (self->executor == NULL && avs_session_get_executor (session) != NULL)
    {
      self->executor = g_object_ref (avs_session_get_executor (session));
      self->planned_for = g_object_ref (avs_plan_get_scan (avs_executor_get_plan (self->executor)));
      show_executor (self);
      return;
    }

  /* Keep a plan that has started; rebuild one that has not, if its inputs changed. */
  if (self->executor == NULL || (scan != self->planned_for && scan != NULL) ||
      (replacement_changed && avs_executor_get_next_step (self->executor) == avs_plan_get_step (avs_executor_get_plan (self->executor), 0)))
    build_plan (self);
  else
    update_rows (self);
}

/* Technician mode: every step with its status and exact commands, the log, and every command
 * run with its exit status and raw output. */
static char *
avs_remove_page_dup_technician_detail (AvsPage *page)
{
  return avs_technician_executor_text (AVS_REMOVE_PAGE (page)->executor);
}

static void
avs_remove_page_dispose (GObject *object)
{
  AvsRemovePage *self = AVS_REMOVE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->row_widgets != NULL)
    g_ptr_array_set_size (self->row_widgets, 0);
  if (self->executor != NULL)
    g_signal_handlers_disconnect_by_data (self->executor, self);
  g_clear_object (&self->executor);
  g_clear_object (&self->planned_for);

  gtk_widget_dispose_template (GTK_WIDGET (object), AVS_TYPE_REMOVE_PAGE);

  G_OBJECT_CLASS (avs_remove_page_parent_class)->dispose (object);
}

static void
avs_remove_page_finalize (GObject *object)
{
  AvsRemovePage *self = AVS_REMOVE_PAGE (object);

  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->row_widgets, g_ptr_array_unref);

  G_OBJECT_CLASS (avs_remove_page_parent_class)->finalize (object);
}

static void
avs_remove_page_class_init (AvsRemovePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AvsPageClass *page_class = AVS_PAGE_CLASS (klass);

  object_class->dispose = avs_remove_page_dispose;
  object_class->finalize = avs_remove_page_finalize;
  page_class->shown = avs_remove_page_shown;
  page_class->dup_technician_detail = avs_remove_page_dup_technician_detail;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/avs-remove-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AvsRemovePage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, AvsRemovePage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, AvsRemovePage, dry_run_label);
  gtk_widget_class_bind_template_child (widget_class, AvsRemovePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, AvsRemovePage, steps_group);
  gtk_widget_class_bind_template_child (widget_class, AvsRemovePage, run_all_button);

  gtk_widget_class_install_action (widget_class, "remove.run-all", NULL, run_all_action);
  gtk_widget_class_install_action (widget_class, "remove.copy-script", NULL, copy_script_action);
}

static void
avs_remove_page_init (AvsRemovePage *self)
{
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) step_row_free);
  self->row_widgets = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "remove.copy-script", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "remove.run-all", FALSE);
}

AvsPage *
avs_remove_page_new (void)
{
  return g_object_new (AVS_TYPE_REMOVE_PAGE, NULL);
}

AvsPage *
avs_remove_page_new_for_install (void)
{
  AvsRemovePage *self = g_object_new (AVS_TYPE_REMOVE_PAGE, NULL);

  self->install_mode = TRUE;
  avs_page_set_title (AVS_PAGE (self), _("Install the replacement"));
  gtk_label_set_text (self->heading_label, _("Install the replacement"));
  gtk_label_set_text (self->intro_label,
                      _("Install the product you chose. Nothing runs until you confirm it; open the step to see how it is installed. AV Switch then checks that it is installed."));
  gtk_widget_set_visible (GTK_WIDGET (self->run_all_button), FALSE);
  return AVS_PAGE (self);
}
