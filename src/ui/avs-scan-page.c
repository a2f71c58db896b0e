/* avs-scan-page.c — the scan: a real progress bar with the current step, Cancel, then the result
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "avs-scan-page"

#include "config.h"

#include <glib/gi18n.h>

#include "avs-admin-scan.h"
#include "avs-compat.h"
#include "avs-plain.h"
#include "avs-scan-page.h"
#include "avs-scanner.h"

struct _AvsScanPage
{
  AvsPage         parent_instance;

  AvsScanner     *scanner;
  GCancellable   *cancellable;
  guint           pulse_id;

  AdwStatusPage  *status_page;
  GtkProgressBar *progress_bar;
  GtkButton      *cancel_button;
  GtkButton      *retry_button;
};

G_DEFINE_FINAL_TYPE (AvsScanPage, avs_scan_page, AVS_TYPE_PAGE)

static void start_scan (AvsScanPage *self);

gboolean
avs_scan_page_get_busy (AvsScanPage *self)
{
  g_return_val_if_fail (AVS_IS_SCAN_PAGE (self), FALSE);

  return self->cancellable != NULL;
}

static void
set_busy (AvsScanPage *self,
          gboolean     busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scan.cancel", busy);
  avs_page_set_can_go_back (AVS_PAGE (self), !busy);
  if (!busy)
    g_clear_handle_id (&self->pulse_id, g_source_remove);
}

static void
show_problem (AvsScanPage *self,
              const char  *icon_name,
              const char  *title,
              const char  *description)
{
  adw_status_page_set_icon_name (self->status_page, icon_name);
  adw_status_page_set_title (self->status_page, title);
  avs_plain_status_page_set_text (self->status_page, description);
  set_busy (self, FALSE);
  avs_page_set_complete (AVS_PAGE (self), FALSE);
}

static void
on_progress (AvsScanPage *self,
             double       fraction,
             const char  *step,
             AvsScanner  *scanner)
{
  g_autofree char *percent = NULL;

  if (scanner != self->scanner)
    return;

  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  /* Translators: a percentage shown in the progress bar */
  percent = g_strdup_printf (_("%.0f %%"), CLAMP (fraction, 0.0, 1.0) * 100.0);
  gtk_progress_bar_set_text (self->progress_bar, percent);
  avs_plain_status_page_set_text (self->status_page, step);
}

static void
finish_with_result (AvsScanPage   *self,
                    AvsScanResult *result)
{
  AvsSession *session = avs_page_get_session (AVS_PAGE (self));

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  adw_status_page_set_icon_name (self->status_page, "emblem-ok-symbolic");
  adw_status_page_set_title (self->status_page, _("Scan complete"));
  avs_plain_status_page_set_text (self->status_page, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), FALSE);

  avs_session_set_scan_result (session, result);
  avs_page_set_complete (AVS_PAGE (self), TRUE);
  /* The result is the next page: go there by itself. */
  avs_page_request_next (AVS_PAGE (self));
}

static void
finish_with_error (AvsScanPage  *self,
                   const GError *error)
{
  AvsSession *session = avs_page_get_session (AVS_PAGE (self));
  /* A scan asked for from the results leaves them as they were (Back shows them). */
  gboolean earlier = session != NULL && avs_session_get_scan_result (session) != NULL;

  g_clear_object (&self->cancellable);

  /* A scan that did not finish says nothing about the computer, neither found nor clean. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_problem (self, "process-stop-symbolic", _("Scan cancelled"),
                  earlier
                    ? _("The scan stopped before it finished, so it tells nothing new about this "
                        "computer. The results of the earlier scan are unchanged: go back to see "
                        "them, or try again.")
                    : _("The scan stopped before it finished, so nothing is known yet about "
                        "Kaspersky software on this computer. Try again when you are ready."));
  else
    {
      g_autofree char *description =
        /* Translators: %s is the reason the scan failed */
        g_strdup_printf (_("%s\n\nThe scan did not finish, so it tells nothing about this "
                           "computer yet. Try again; if it fails again, a technician can run "
                           "the same scan from a terminal to see more."),
                         error->message);
      show_problem (self, "dialog-error-symbolic", _("The scan failed"), description);
    }
}

static void
on_scan_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AvsScanPage) self = user_data;
  g_autoptr(AvsScanResult) scan_result = NULL;
  g_autoptr(GError) error = NULL;

  scan_result = avs_scanner_scan_finish (AVS_SCANNER (source), result, &error);
  if (AVS_SCANNER (source) != self->scanner)
    return;
  if (scan_result == NULL)
    finish_with_error (self, error);
  else
    finish_with_result (self, scan_result);
}

static void
on_admin_scan_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(AvsScanPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsScanResult) scan_result = NULL;

  /* A newer scan started meanwhile: this one is stale. */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  scan_result = avs_admin_scan_finish (result, &error);
  if (g_error_matches (error, AVS_ADMIN_SCAN_ERROR, AVS_ADMIN_SCAN_ERROR_DISMISSED) ||
      g_error_matches (error, AVS_ADMIN_SCAN_ERROR, AVS_ADMIN_SCAN_ERROR_NOT_AUTHORIZED))
    {
      g_clear_object (&self->cancellable);
      show_problem (self, "system-lock-screen-symbolic", _("Administrator rights were not given"),
                    _("The scan as administrator did not run. The previous result is unchanged."));
      return;
    }
  if (scan_result == NULL)
    finish_with_error (self, error);
  else
    finish_with_result (self, scan_result);
}

static gboolean
pulse_cb (gpointer user_data)
{
  AvsScanPage *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
start_admin_scan (AvsScanPage *self)
{
  AvsSession *session = avs_page_get_session (AVS_PAGE (self));

  /* No fraction comes back from another process: a pulsing bar says "working". */
  gtk_progress_bar_set_text (self->progress_bar, NULL);
  avs_plain_status_page_set_text (self->status_page,
                                   _("Scanning with administrator rights. Confirm in the dialog that asks for your password."));
  self->pulse_id = g_timeout_add (150, pulse_cb, self);
  avs_admin_scan_async (NULL, avs_session_get_root (session), avs_session_get_rules_path (session),
                        self->cancellable, on_admin_scan_done, g_object_ref (self));
}

static void
start_scan (AvsScanPage *self)
{
  AvsSession *session = avs_page_get_session (AVS_PAGE (self));
  g_autoptr(GError) error = NULL;

  if (session == NULL)
    return;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  adw_status_page_set_icon_name (self->status_page, "system-search-symbolic");
  adw_status_page_set_title (self->status_page, _("Looking for Kaspersky software"));
  avs_plain_status_page_set_text (self->status_page, _("Starting…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, NULL);
  avs_page_set_complete (AVS_PAGE (self), FALSE);
  set_busy (self, TRUE);

  if (avs_session_get_scan_as_admin (session))
    {
      avs_session_set_scan_as_admin (session, FALSE);
      start_admin_scan (self);
      return;
    }

  g_clear_object (&self->scanner);
  self->scanner = avs_scanner_new_for_root (avs_session_get_root (session),
                                            avs_session_get_rules_path (session), &error);
  if (self->scanner == NULL)
    {
      finish_with_error (self, error);
      return;
    }

  g_signal_connect_object (self->scanner, "progress", G_CALLBACK (on_progress), self,
                           G_CONNECT_SWAPPED);
  avs_scanner_scan_async (self->scanner, self->cancellable, on_scan_done, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AvsScanPage *self = AVS_SCAN_PAGE (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  start_scan (AVS_SCAN_PAGE (widget));
}

static void
avs_scan_page_shown (AvsPage *page)
{
  /* Every visit is a fresh scan: "Scan again" and "Scan as administrator" come here. */
  start_scan (AVS_SCAN_PAGE (page));
}

static gboolean
avs_scan_page_leaving (AvsPage  *page,
                       gboolean  forward)
{
  AvsScanPage *self = AVS_SCAN_PAGE (page);

  /* Going back stops a running scan. */
  if (!forward && self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  return TRUE;
}

static void
avs_scan_page_dispose (GObject *object)
{
  AvsScanPage *self = AVS_SCAN_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->scanner);
  g_clear_handle_id (&self->pulse_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (object), AVS_TYPE_SCAN_PAGE);

  G_OBJECT_CLASS (avs_scan_page_parent_class)->dispose (object);
}

static void
avs_scan_page_class_init (AvsScanPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AvsPageClass *page_class = AVS_PAGE_CLASS (klass);

  object_class->dispose = avs_scan_page_dispose;
  page_class->shown = avs_scan_page_shown;
  page_class->leaving = avs_scan_page_leaving;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/avs-scan-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AvsScanPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, AvsScanPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AvsScanPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, AvsScanPage, retry_button);

  gtk_widget_class_install_action (widget_class, "scan.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "scan.retry", NULL, retry_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "scan.cancel", NULL);
}

static void
avs_scan_page_init (AvsScanPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

AvsPage *
avs_scan_page_new (void)
{
  return g_object_new (AVS_TYPE_SCAN_PAGE, NULL);
}
