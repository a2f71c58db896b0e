/* avs-remove-page.c — "Remove Kaspersky": the plan as a checklist, run with consent
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "avs-remove-page"

#include "config.h"

#include <glib/gi18n.h>

#include "avs-admin-rights.h"
#include "avs-catalog-product.h"
#include "avs-compat.h"
#include "avs-plain.h"
#include "avs-remove-page.h"
#include "avs-technician.h"
#include "avs-run-summary.h"
#include "avs-text.h"

typedef struct
{
  AvsPlanStep   *step;       /* owned by the plan */
  AdwExpanderRow *row;
  GtkImage      *status_icon;
  GtkButton     *action_button;
  GtkTextBuffer *output;
  GtkWidget     *output_row;
  gboolean       opened;     /* opened once by the page (a manual step's turn, a failure) */
} StepRow;

/* How the page says why a run stopped (or why there is nothing to do yet). */
typedef enum
{
  STATUS_INFO,      /* neutral: the user cancelled, or it is the user's turn */
  STATUS_WARNING,   /* the run stopped at something the user must decide */
  STATUS_ERROR,     /* a step failed */
} StatusKind;

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

  /* The plan's blocking step (a managed computer): shown once, as the banner, not as a row. */
  AvsPlanStep         *managed_step;
  /* Run all stopped at it: the banner says so (rather than a second note about the same). */
  gboolean             stopped_at_managed;

  GtkLabel            *heading_label;
  GtkLabel            *intro_label;
  GtkLabel            *dry_run_label;
  GtkWidget           *managed_banner;
  GtkLabel            *managed_title;
  GtkLabel            *managed_body;
  GtkLabel            *managed_details;
  GtkExpander         *managed_expander;
  GtkButton           *continue_button;
  GtkWidget           *status_box;
  GtkImage            *status_icon;
  GtkLabel            *status_title;
  GtkLabel            *status_body;
  GtkButton           *scan_button;
  AdwPreferencesGroup *steps_group;
  GtkButton           *run_all_button;
  GtkButton           *copy_button;
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
  if (next == self->managed_step)
    return GTK_WIDGET (self->continue_button);
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

/* Says on the page why a run stopped: @title in a few words, @body what to do now. Machine
 * text never goes in: both are the page's own sentences (labels are plain text anyway). */
static void
show_status (AvsRemovePage *self,
             StatusKind     kind,
             const char    *title,
             const char    *body)
{
  static const char * const icons[] = {
    [STATUS_INFO] = "dialog-information-symbolic",
    [STATUS_WARNING] = "dialog-warning-symbolic",
    [STATUS_ERROR] = "dialog-error-symbolic",
  };
  GtkWidget *icon = GTK_WIDGET (self->status_icon);
  GtkWidget *heading = GTK_WIDGET (self->status_title);

  gtk_image_set_from_icon_name (self->status_icon, icons[kind]);
  gtk_widget_remove_css_class (icon, "warning");
  gtk_widget_remove_css_class (icon, "error");
  gtk_widget_remove_css_class (icon, "dim-label");
  gtk_widget_remove_css_class (heading, "error");
  /* libadwaita's error style on the icon and the heading only; the advice stays body text. */
  if (kind == STATUS_ERROR)
    {
      gtk_widget_add_css_class (icon, "error");
      gtk_widget_add_css_class (heading, "error");
    }
  else if (kind == STATUS_WARNING)
    gtk_widget_add_css_class (icon, "warning");
  else
    gtk_widget_add_css_class (icon, "dim-label");

  gtk_label_set_text (self->status_title, title);
  gtk_label_set_text (self->status_body, body);
  gtk_widget_set_visible (GTK_WIDGET (self->status_body), body != NULL && *body != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->scan_button), FALSE);
  gtk_widget_set_visible (self->status_box, TRUE);
}

static void
hide_status (AvsRemovePage *self)
{
  gtk_widget_set_visible (self->status_box, FALSE);
}

const char *
avs_remove_page_get_status_title (AvsRemovePage *self)
{
  g_return_val_if_fail (AVS_IS_REMOVE_PAGE (self), NULL);
  if (self->stopped_at_managed)
    return gtk_label_get_text (self->managed_title);
  if (!gtk_widget_get_visible (self->status_box))
    return NULL;
  return gtk_label_get_text (self->status_title);
}

/* A run stopped (blocked, failed, cancelled, or at a step done by hand): it ends here, and no
 * confirmation given for it survives, so the next action asks again. */
static void
stop_run (AvsRemovePage *self)
{
  self->run_all = FALSE;
  if (self->executor == NULL)
    return;
  avs_executor_end_run (self->executor);
  avs_executor_withdraw_confirmations (self->executor);
}

static void
open_row (StepRow  *row,
          gboolean  with_output)
{
  adw_expander_row_set_expanded (row->row, TRUE);
  if (with_output)
    gtk_widget_set_visible (row->output_row, TRUE);
  row->opened = TRUE;
}

/* The managed computer's banner: the warning while it stands, what the user chose after. */
static void
update_banner (AvsRemovePage *self,
               AvsPlanStep   *next)
{
  gboolean overridden;

  gtk_widget_set_visible (self->managed_banner, self->managed_step != NULL);
  if (self->managed_step == NULL)
    return;
  overridden = avs_executor_get_status (self->executor, self->managed_step) == AVS_STEP_STATUS_SKIPPED;
  if (overridden)
    self->stopped_at_managed = FALSE;
  if (overridden)
    {
      gtk_label_set_text (self->managed_title,
                          _("Overridden: you chose to continue on this managed computer"));
      gtk_label_set_text (self->managed_body,
                          _("Each step still asks before it runs."));
    }
  else if (self->stopped_at_managed)
    {
      gtk_label_set_text (self->managed_title,
                          _("Stopped here: this computer is managed by your organization"));
      gtk_label_set_text (self->managed_body,
                          _("Nothing was run. Ask its IT department first, and continue anyway only if they agreed. After that, each step asks again before it runs."));
    }
  else
    {
      gtk_label_set_text (self->managed_title,
                          _("This computer is managed by your organization"));
      gtk_label_set_text (self->managed_body,
                          _("Its IT department looks after Kaspersky on it. Ask them before you remove it: they can release this computer or remove Kaspersky themselves."));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->continue_button), !overridden);
  gtk_widget_set_sensitive (GTK_WIDGET (self->continue_button),
                            next == self->managed_step && !self->busy);
}

/* One suggested (blue) action on the page at a time: the one that moves the removal on. */
static void
set_suggested (AvsRemovePage *self,
               GtkWidget     *suggested)
{
  GHashTableIter iter;
  StepRow *row;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &row))
    if (GTK_WIDGET (row->action_button) != suggested)
      gtk_widget_remove_css_class (GTK_WIDGET (row->action_button), "suggested-action");
  if (GTK_WIDGET (self->run_all_button) != suggested)
    gtk_widget_remove_css_class (GTK_WIDGET (self->run_all_button), "suggested-action");
  if (suggested != NULL)
    gtk_widget_add_css_class (suggested, "suggested-action");
}

static void
update_rows (AvsRemovePage *self)
{
  AvsPlanStep *next = next_removal_step (self);
  gboolean any_automatic = FALSE;
  gboolean can_run_all;
  GtkWidget *suggested = NULL;
  GHashTableIter iter;
  StepRow *row;

  if (self->executor == NULL)
    return;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &row))
    {
      AvsStepStatus status = avs_executor_get_status (self->executor, row->step);
      gboolean manual = avs_plan_step_get_kind (row->step) == AVS_STEP_KIND_MANUAL;
      gboolean is_next = row->step == next && !self->busy;
      /* A step done by hand that a new check still finds is not done yet: not a failure. */
      gboolean not_done_yet = manual && status == AVS_STEP_STATUS_FAILED;
      const char *status_label = not_done_yet ? _("Not done yet") : avs_step_status_to_label (status);
      GtkWidget *icon = GTK_WIDGET (row->status_icon);
      const char *label = NULL;

      adw_expander_row_set_subtitle (row->row, status_label);
      gtk_image_set_from_icon_name (row->status_icon,
                                    not_done_yet ? "dialog-warning-symbolic" : status_icon (status));
      gtk_widget_remove_css_class (icon, "error");
      gtk_widget_remove_css_class (icon, "warning");
      gtk_widget_remove_css_class (icon, "success");
      if (not_done_yet)
        gtk_widget_add_css_class (icon, "warning");
      else if (status == AVS_STEP_STATUS_FAILED)
        gtk_widget_add_css_class (icon, "error");
      else if (status == AVS_STEP_STATUS_DONE)
        gtk_widget_add_css_class (icon, "success");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->status_icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, status_label, -1);

      if (is_next)
        {
          if (manual)
            label = _("_Mark as done");
          else
            label = status == AVS_STEP_STATUS_FAILED ? _("_Try again…") : _("_Run…");
          /* A step done by hand: its instructions are open while it is the user's turn. */
          if (manual && !row->opened)
            open_row (row, FALSE);
        }
      if (label != NULL)
        gtk_button_set_label (row->action_button, label);
      gtk_widget_set_visible (GTK_WIDGET (row->action_button), label != NULL);

      if (status == AVS_STEP_STATUS_PENDING &&
          avs_plan_step_get_kind (row->step) == AVS_STEP_KIND_AUTOMATIC)
        any_automatic = TRUE;
    }

  update_banner (self, next);

  /* Run all goes from an automatic step (or from the managed warning, where it stops and says
   * so); a step done by hand comes first. */
  can_run_all = any_automatic && !self->busy && next != NULL &&
                (next == self->managed_step ||
                 (avs_plan_step_get_kind (next) == AVS_STEP_KIND_AUTOMATIC &&
                  avs_executor_get_status (self->executor, next) != AVS_STEP_STATUS_FAILED));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "remove.run-all", can_run_all);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "remove.copy-script", TRUE);

  if (next != NULL && !self->busy && next != self->managed_step)
    {
      row = g_hash_table_lookup (self->rows, avs_plan_step_get_id (next));
      if (can_run_all && gtk_widget_get_visible (GTK_WIDGET (self->run_all_button)))
        suggested = GTK_WIDGET (self->run_all_button);
      else if (row != NULL)
        suggested = GTK_WIDGET (row->action_button);
    }
  /* At the managed warning nothing is blue: the choice is the user's, and it is destructive. */
  set_suggested (self, suggested);

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

/* A step did not finish: the page says which and why in plain words, the step opens with its
 * output (which names the cause), and everything else waits. */
static void
show_step_failure (AvsRemovePage *self,
                   AvsPlanStep   *step)
{
  StepRow *row = step != NULL ? g_hash_table_lookup (self->rows, avs_plan_step_get_id (step)) : NULL;
  g_autofree char *title = NULL;

  if (step != NULL && avs_plan_step_get_kind (step) == AVS_STEP_KIND_MANUAL)
    {
      /* Translators: %s is a step's title */
      title = g_strdup_printf (_("“%s” is not done yet"), avs_plan_step_get_title (step));
      show_status (self, STATUS_WARNING, title,
                   _("A new check still finds what this step removes. Follow its instructions again, then mark it as done."));
      if (row != NULL)
        open_row (row, FALSE);
      return;
    }
  if (step != NULL)
    /* Translators: %s is a step's title */
    title = g_strdup_printf (_("“%s” did not finish"), avs_plan_step_get_title (step));
  show_status (self, STATUS_ERROR, title != NULL ? title : _("A step did not finish"),
               _("Nothing after it was run. The step is open below with its output, which says why. When the cause is fixed, try the step again: it goes on where it stopped."));
  if (row != NULL)
    open_row (row, TRUE);
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
      AvsPlanStep *step = avs_executor_get_next_step (AVS_EXECUTOR (source));

      stop_run (self);
      set_busy (self, FALSE);
      /* No password, so nothing ran: the plan is where it was, and the buttons still work. */
      if (g_error_matches (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_AUTH_DISMISSED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_status (self, STATUS_INFO, _("You cancelled; nothing was changed."),
                     _("Start again when you are ready: each step asks first."));
      else if (g_error_matches (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_NO_ADMIN_RIGHTS))
        {
          /* Why, and what to do, as src/core words it for the window (avs-admin-rights.h). */
          g_autoptr(AvsAdminRefusal) refusal = avs_admin_refusal_new (AVS_EXECUTOR (source), error,
                                                                      AVS_ADMIN_FACE_WINDOW);
          g_autofree char *body = refusal != NULL
                                  ? avs_text_join_sentences (refusal->message, refusal->next)
                                  : g_strdup (_("These steps need an administrator of this computer. “Copy all commands” gives them to one to run."));

          show_status (self, STATUS_WARNING,
                       _("Nothing was changed: administrator rights were not given."), body);
        }
      else
        show_step_failure (self, step);
      update_rows (self);
      return;
    }

  hide_status (self);
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

/* Runs on while the next steps are automatic and confirmed; stops, and says why, at the managed
 * warning or at a step done by hand. */
static void
run_next (AvsRemovePage *self)
{
  AvsPlanStep *next = next_removal_step (self);
  gboolean was_run_all = self->run_all;

  if (next != NULL && next == self->managed_step)
    {
      stop_run (self);
      self->stopped_at_managed = TRUE;
      update_rows (self);
      return;
    }
  if (next != NULL && avs_plan_step_get_kind (next) == AVS_STEP_KIND_MANUAL)
    {
      g_autofree char *title = NULL;

      stop_run (self);
      if (was_run_all)
        {
          /* Translators: %s is a step's title */
          title = g_strdup_printf (_("Your turn: “%s”"), avs_plan_step_get_title (next));
          show_status (self, STATUS_INFO, title,
                       _("This step is done by hand: follow its instructions, then mark it as done. Run all asks again for the steps after it."));
        }
      update_rows (self);
      return;
    }
  if (next == NULL || avs_plan_step_get_kind (next) != AVS_STEP_KIND_AUTOMATIC)
    {
      stop_run (self);
      update_rows (self);
      return;
    }
  run_step (self);
}

/* The steps a confirmation covers: @only, or every automatic step of this page not done yet. */
static GPtrArray *
covered_steps (AvsRemovePage *self,
               AvsPlanStep   *only)
{
  AvsPlan *plan = avs_executor_get_plan (self->executor);
  GPtrArray *steps = g_ptr_array_new ();

  for (guint i = 0; i < avs_plan_get_n_steps (plan); i++)
    {
      AvsPlanStep *step = avs_plan_get_step (plan, i);

      if (only != NULL && step != only)
        continue;
      if (only == NULL && (!is_page_step (self, step) ||
                           avs_plan_step_get_kind (step) != AVS_STEP_KIND_AUTOMATIC ||
                           avs_executor_get_status (self->executor, step) == AVS_STEP_STATUS_DONE))
        continue;
      g_ptr_array_add (steps, step);
    }
  return steps;
}

static char *
commands_text (AvsRemovePage *self,
               GPtrArray     *steps)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < steps->len; i++)
    {
      g_auto(GStrv) lines = avs_executor_dup_command_lines (self->executor,
                                                           g_ptr_array_index (steps, i));

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
  g_autoptr(GPtrArray) steps = covered_steps (self, only);

  /* Only what this confirmation covers is confirmed, and only for this run (stop_run()). */
  avs_executor_withdraw_confirmations (self->executor);
  for (guint i = 0; i < steps->len; i++)
    avs_executor_confirm_step (self->executor, g_ptr_array_index (steps, i));
  hide_status (self);
  self->stopped_at_managed = FALSE;
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
  AvsRemovePage *self = confirmation->self;

  /* The page may have moved on while the dialog was open (a resumed plan, a new scan). */
  if (g_strcmp0 (response, "run") == 0 && self->executor != NULL && !self->busy &&
      (confirmation->step == NULL || confirmation->step == next_removal_step (self)))
    confirm_and_run (self, confirmation->step);
}

/* With the dialog, answered or not (a window closed while it was open frees it too). */
static void
confirmation_free (gpointer  data,
                   GClosure *closure)
{
  Confirmation *confirmation = data;

  g_object_unref (confirmation->self);
  g_free (confirmation);
}

/* Whether the steps a confirmation covers run a disk's own package scripts as root on this
 * computer (a --root plan's package steps). */
static gboolean
runs_disk_scripts (AvsRemovePage *self,
                   GPtrArray     *steps)
{
  AvsPlan *plan = avs_executor_get_plan (self->executor);

  for (guint i = 0; i < steps->len; i++)
    if (avs_plan_runs_disk_scripts (plan, g_ptr_array_index (steps, i)))
      return TRUE;
  return FALSE;
}

/* The exact commands, behind "Show commands": always there for a technician, never in the way
 * of the plain summary. */
static GtkWidget *
make_commands_expander (const char *commands)
{
  GtkWidget *expander = gtk_expander_new_with_mnemonic (_("_Show commands"));
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  /* Commands read left to right, as in a terminal, in a right-to-left window too. */
  gtk_widget_set_direction (view, GTK_TEXT_DIR_LTR);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), commands, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Commands that will run"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 120);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 280);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_widget_set_margin_top (scroller, 6);
  gtk_expander_set_child (GTK_EXPANDER (expander), scroller);
  gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Show commands"), -1);
  return expander;
}

static GtkWidget *
make_summary_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  return label;
}

/* The confirmation's content, left-aligned (the dialog centres its body): the plain summary,
 * one point a line; the warning about a disk's own scripts when it applies; the exact commands
 * behind "Show commands". */
static GtkWidget *
make_confirmation_content (AvsRemovePage *self,
                           GPtrArray     *steps)
{
  g_autofree char *commands = commands_text (self, steps);
  g_auto(GStrv) summary = avs_run_summary_new (self->executor, steps);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  for (guint i = 0; summary[i] != NULL; i++)
    {
      /* Translators: a point of a list, e.g. "• What will be removed: …" */
      g_autofree char *point = g_strdup_printf (_("• %s"), summary[i]);

      gtk_box_append (GTK_BOX (box), make_summary_label (point));
    }
  if (runs_disk_scripts (self, steps))
    {
      /* A mounted disk's package scripts run as root here: the one place this is agreed to. */
      g_autofree char *warning = avs_plan_dup_disk_scripts_warning (avs_executor_get_plan (self->executor));
      GtkWidget *label = make_summary_label (warning);

      gtk_widget_set_margin_top (label, 6);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_box_append (GTK_BOX (box), make_commands_expander (commands));
  gtk_widget_set_margin_top (gtk_widget_get_last_child (box), 6);
  return box;
}

static void
ask_to_run (AvsRemovePage *self,
            AvsPlanStep   *only)
{
  g_autoptr(GPtrArray) steps = covered_steps (self, only);
  gboolean disk_scripts = runs_disk_scripts (self, steps);
  GtkWidget *dialog;
  Confirmation *confirmation;

  dialog = avs_compat_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                          only != NULL ? _("Run this step?")
                                                       : _("Run all removal steps?"),
                                          NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog),
                                      make_confirmation_content (self, steps));
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
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_confirm_response), confirmation,
                         confirmation_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_continue_response (AdwMessageDialog *dialog,
                      const char       *response,
                      AvsRemovePage    *self)
{
  AvsPlanStep *step = self->managed_step;

  if (g_strcmp0 (response, "continue") == 0 && self->executor != NULL && !self->busy &&
      step != NULL && step == next_removal_step (self))
    {
      /* Only the warning is set aside: nothing runs until its own confirmation. */
      avs_executor_withdraw_confirmations (self->executor);
      avs_executor_continue_anyway (self->executor, step);
      /* The summary for the help-desk and the session report say so. */
      avs_session_set_continued_managed (avs_page_get_session (AVS_PAGE (self)), TRUE);
      hide_status (self);
      update_rows (self);
      /* The button that had the focus is gone: give it to the page's next action. */
      if (gtk_widget_has_css_class (GTK_WIDGET (self->run_all_button), "suggested-action"))
        gtk_widget_grab_focus (GTK_WIDGET (self->run_all_button));
    }
}

static void
page_unref (gpointer  data,
            GClosure *closure)
{
  g_object_unref (data);
}

/* "Continue anyway" on a managed computer: a destructive choice, named as such. */
static void
on_continue_clicked (AvsRemovePage *self)
{
  GtkWidget *dialog;

  if (self->busy || self->managed_step == NULL || self->managed_step != next_removal_step (self))
    return;
  dialog = avs_compat_message_dialog_new (
      GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
      _("Continue without your IT department?"),
      _("Removing Kaspersky here ends your organization’s management of this computer without its administrator knowing, and it stays listed as managed on their server. Continue only if they agreed.\n\nNothing runs yet: each step still asks before it runs."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "continue", _("C_ontinue Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "continue",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  avs_compat_fix_mnemonic_names (dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_continue_response),
                         g_object_ref (self), page_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_action_clicked (GtkButton     *button,
                   AvsRemovePage *self)
{
  AvsPlanStep *step = g_object_get_data (G_OBJECT (button), "step");

  if (self->busy || step != next_removal_step (self))
    return;

  if (avs_plan_step_get_kind (step) == AVS_STEP_KIND_MANUAL)
    {
      hide_status (self);
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
  /* A command reads left to right, with its Copy button after it, as in a terminal. */
  gtk_widget_set_direction (row, GTK_TEXT_DIR_LTR);
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
  /* A fixed height: a wrapped text view whose height follows its content makes GTK 4.8 lay
   * the window out again and again while it is shown (nothing gets drawn). */
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 200);
  gtk_widget_set_margin_start (view, 12);
  gtk_widget_set_margin_end (view, 12);
  row->output_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row->output_row), scroller);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->output_row), FALSE);
  gtk_widget_set_visible (row->output_row, FALSE);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row->output_row);

  adw_preferences_group_add (self->steps_group, expander);
  g_ptr_array_add (self->row_widgets, expander);
  avs_compat_fix_mnemonic_names (button);
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
  self->managed_step = NULL;
  self->stopped_at_managed = FALSE;
  gtk_widget_set_visible (self->managed_banner, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "remove.copy-script", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "remove.run-all", FALSE);
}

static void
show_plan_error (AvsRemovePage *self,
                 const char    *message)
{
  show_status (self, STATUS_ERROR, _("The removal steps could not be prepared"), message);
  gtk_widget_set_visible (GTK_WIDGET (self->steps_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->copy_button), FALSE);
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

      if (!is_page_step (self, step))
        continue;
      /* The managed computer's warning is said once, as the banner above the steps. */
      if (avs_plan_step_get_blocking (step) && self->managed_step == NULL)
        {
          self->managed_step = step;
          gtk_label_set_text (self->managed_details, avs_plan_step_get_explanation (step));
          gtk_expander_set_expanded (self->managed_expander, FALSE);
          continue;
        }
      add_step_row (self, step, ++number);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->steps_group), number > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->copy_button), number > 0);
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
  hide_status (self);
  if (scan == NULL)
    {
      /* A deep link (--page=remove) before any scan: the plan is built from a scan, so the
       * page's one action is to scan. */
      show_status (self, STATUS_INFO, _("Nothing to remove yet"),
                   _("The steps are made from what a scan finds. Scan this computer first."));
      gtk_widget_set_visible (GTK_WIDGET (self->scan_button), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->steps_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->copy_button), FALSE);
      avs_page_set_complete (AVS_PAGE (self), FALSE);
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
                              _("The commands were copied for an administrator, with what each step does."));
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
  gtk_widget_class_bind_template_child (widget_class, AvsRemovePage, managed_banner);
  gtk_widget_class_bind_template_child (widget_class, AvsRemovePage, managed_title);
  gtk_widget_class_bind_template_child (widget_class, AvsRemovePage, managed_body);
  gtk_widget_class_bind_template_child (widget_class, AvsRemovePage, managed_details);
  gtk_widget_class_bind_template_child (widget_class, AvsRemovePage, managed_expander);
  gtk_widget_class_bind_template_child (widget_class, AvsRemovePage, continue_button);
  gtk_widget_class_bind_template_child (widget_class, AvsRemovePage, status_box);
  gtk_widget_class_bind_template_child (widget_class, AvsRemovePage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, AvsRemovePage, status_title);
  gtk_widget_class_bind_template_child (widget_class, AvsRemovePage, status_body);
  gtk_widget_class_bind_template_child (widget_class, AvsRemovePage, scan_button);
  gtk_widget_class_bind_template_child (widget_class, AvsRemovePage, steps_group);
  gtk_widget_class_bind_template_child (widget_class, AvsRemovePage, run_all_button);
  gtk_widget_class_bind_template_child (widget_class, AvsRemovePage, copy_button);
  gtk_widget_class_bind_template_callback (widget_class, on_continue_clicked);

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
