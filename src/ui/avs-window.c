/* avs-window.c — the wizard window: a header bar with Back and Next, and a stack of pages
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "avs-window"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <unistd.h>

#include "avs-choose-page.h"
#include "avs-compat.h"
#include "avs-explain-page.h"
#include "avs-fileutil.h"
#include "avs-language-option.h"
#include "avs-plain.h"
#include "avs-report.h"
#include "avs-timeline.h"
#include "avs-window.h"
#include "avs-wrapup.h"

struct _AvsWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  AvsSession           *session;
  GtkFileChooserNative *export_chooser;
  gboolean              close_confirmed;
  /* The pages in wizard order (PageEntry); a page is built when first needed, then lives in
   * the stack. */
  GArray               *pages;
  /* The pages the user came through, so Back retraces a jump ("next-page"). */
  GPtrArray            *history;
  AvsPage              *current;
  gulong                current_notify_id;
  gulong                current_request_id;
  gulong                current_detail_id;
  /* Technician mode: from the "technician-mode" setting, or --technician for this window only. */
  gboolean              technician;
  gboolean              technician_not_saved;
  /* A saved session shown read-only (Open Report…), or NULL. */
  AvsReport            *shown_report;
  /* This window's own session report, saved at the end and whenever a removal stops. */
  AvsReport            *autosave_report;
  char                 *autosave_path;
  GtkFileChooserNative *open_chooser;

  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  GtkButton            *back_button;
  GtkButton            *next_button;
  GtkActionBar         *bottom_bar;
  GtkButton            *bottom_next_button;
  /* Narrower than NARROW_WIDTH: the main action sits in the bottom bar, not in the header. */
  gboolean              narrow;
  guint                 narrow_idle_id;
  GtkMenuButton        *primary_menu_button;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  GtkRevealer          *technician_revealer;
  GtkExpander          *technician_expander;
  GtkTextView          *technician_view;
  GtkRevealer          *report_banner;
  GtkLabel             *report_banner_label;
};

G_DEFINE_FINAL_TYPE (AvsWindow, avs_window, ADW_TYPE_APPLICATION_WINDOW)

static void autosave_report (AvsWindow *self);

/* Below this width the header cannot hold Back, the page's name and step, the main action, the
 * menu and the window's buttons. */
#define NARROW_WIDTH 600

enum {
  PROP_0,
  PROP_SESSION,
  PROP_TECHNICIAN_MODE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

typedef struct
{
  char                *name;
  AvsWindowPageFactory factory;
  AvsPage             *page;     /* NULL until built */
} PageEntry;

static void
page_entry_clear (PageEntry *entry)
{
  g_clear_pointer (&entry->name, g_free);
}

#define ENTRY(self, i) (&g_array_index ((self)->pages, PageEntry, (i)))

static int
entry_index_by_name (AvsWindow  *self,
                     const char *name)
{
  for (guint i = 0; i < self->pages->len; i++)
    if (g_strcmp0 (ENTRY (self, i)->name, name) == 0)
      return (int) i;
  return -1;
}

static int
entry_index_by_page (AvsWindow *self,
                     AvsPage   *page)
{
  for (guint i = 0; page != NULL && i < self->pages->len; i++)
    if (ENTRY (self, i)->page == page)
      return (int) i;
  return -1;
}

/* The page joins the wizard: it gets the session and follows technician mode. */
static void
adopt_page (AvsWindow  *self,
            AvsPage    *page,
            const char *name)
{
  avs_page_set_session (page, self->session);
  g_object_bind_property (self, "technician-mode", page, "technician", G_BINDING_SYNC_CREATE);
  gtk_stack_add_named (self->stack, GTK_WIDGET (page), name);
  avs_compat_fix_mnemonic_names (GTK_WIDGET (page));
}

/* Technician mode: the visible page's detail under it. Made only while it is shown. */
static void
update_technician_detail (AvsWindow *self)
{
  g_autofree char *detail = NULL;

  gtk_revealer_set_reveal_child (self->technician_revealer, self->technician);
  gtk_widget_set_visible (GTK_WIDGET (self->technician_revealer), self->technician);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-technician-detail",
                                 self->technician && self->current != NULL);
  if (!self->technician || self->current == NULL)
    return;

  detail = avs_page_dup_technician_detail (self->current);
  /* A text buffer shows text as it is: no markup from the machine can take effect. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->technician_view), detail, -1);
}

/* Builds the page of entry @index if it is not built yet. Start-up builds only the first. */
static AvsPage *
ensure_page (AvsWindow *self,
             int        index)
{
  PageEntry *entry;

  if (index < 0 || (guint) index >= self->pages->len)
    return NULL;
  entry = ENTRY (self, index);
  if (entry->page == NULL)
    {
      entry->page = entry->factory ();
      adopt_page (self, entry->page, entry->name);
    }
  return entry->page;
}

/* A page with nothing to show is passed over: the install page when the removal has no
 * replacement to install ("keep the system updated", "my IT department installs it"), rather
 * than an empty page whose buttons do nothing. */
static gboolean
is_passed_over (AvsWindow *self,
                int        index)
{
  return g_strcmp0 (ENTRY (self, index)->name, "install") == 0 &&
         !avs_wrapup_has_install_step (avs_session_get_executor (self->session));
}

/* The entry Next leads to from @page, or -1 at the end; nothing is built. */
static int
following_index (AvsWindow *self,
                 AvsPage   *page)
{
  const char *name;
  int index;

  if (page == NULL)
    return -1;

  /* A saved session is read, not acted on: from what was found straight to how it ended. */
  if (self->shown_report != NULL)
    return entry_index_by_page (self, page) == entry_index_by_name (self, "findings")
           ? entry_index_by_name (self, "done") : -1;

  name = avs_page_get_next_page (page);
  if (name != NULL)
    return entry_index_by_name (self, name);

  index = entry_index_by_page (self, page);
  if (index < 0)
    return -1;
  do
    index++;
  while ((guint) index < self->pages->len && is_passed_over (self, index));
  if ((guint) index >= self->pages->len)
    return -1;
  return index;
}

static void
update_navigation (AvsWindow *self)
{
  AvsPage *page = self->current;
  gboolean has_next = following_index (self, page) >= 0 &&
                      avs_page_get_show_next (page);
  gboolean has_back = self->history->len > 0;
  gboolean can_back = has_back && avs_page_get_can_go_back (page);
  const char *next_label;

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), has_back);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", can_back);

  /* A page may name its own primary action ("Start scan"); otherwise it is "Next". In a narrow
   * window it sits in the bottom bar, so that the header keeps the page's name whole. */
  next_label = page != NULL ? avs_page_get_next_label (page) : NULL;
  gtk_button_set_label (self->next_button, next_label != NULL ? next_label : _("_Next"));
  gtk_button_set_label (self->bottom_next_button, next_label != NULL ? next_label : _("_Next"));
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), has_next && !self->narrow);
  gtk_widget_set_visible (GTK_WIDGET (self->bottom_bar), has_next && self->narrow);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next",
                                 has_next && avs_page_get_complete (page));

  /* The page's name as the title, and where it stands as the subtitle: a technician on the
   * phone says "step 3", and a narrow header still shows the page's name. The welcome page is
   * not a step. */
  {
    int index = entry_index_by_page (self, page);
    int steps = (int) self->pages->len - 1;
    g_autofree char *step = NULL;

    if (index > 0 && steps > 0)
      /* Translators: the header's subtitle, e.g. "Step 3 of 7" */
      step = g_strdup_printf (_("Step %d of %d"), index, steps);
    adw_window_title_set_title (self->window_title,
                                page != NULL && index > 0 ? avs_page_get_title (page)
                                                          : _("AV Switch"));
    adw_window_title_set_subtitle (self->window_title,
                                   self->shown_report != NULL ? _("Saved session, read-only")
                                                              : step);
  }
}

static gboolean
find_suggested (GtkWidget  *widget,
                GtkWidget **out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;
      if (gtk_widget_has_css_class (child, "suggested-action") &&
          gtk_widget_is_sensitive (child) && gtk_widget_get_focusable (child))
        {
          *out = child;
          return TRUE;
        }
      if (find_suggested (child, out))
        return TRUE;
    }
  return FALSE;
}

/* After a page change something must have the focus, or Enter does nothing: the header's main
 * action when it can be used, else the page's own suggested action, else its first control. */
static void
focus_page (AvsWindow *self)
{
  GtkWidget *target = NULL;

  if (self->current == NULL)
    return;
  if (gtk_widget_get_visible (GTK_WIDGET (self->next_button)) &&
      gtk_widget_is_sensitive (GTK_WIDGET (self->next_button)))
    target = GTK_WIDGET (self->next_button);
  else if (gtk_widget_get_visible (GTK_WIDGET (self->bottom_bar)) &&
           gtk_widget_is_sensitive (GTK_WIDGET (self->bottom_next_button)))
    target = GTK_WIDGET (self->bottom_next_button);
  else if (!find_suggested (GTK_WIDGET (self->current), &target))
    target = NULL;

  if (target == NULL || !gtk_widget_grab_focus (target))
    {
      gtk_window_set_focus (GTK_WINDOW (self), NULL);
      if (!gtk_widget_child_focus (GTK_WIDGET (self->current), GTK_DIR_TAB_FORWARD))
        gtk_widget_grab_focus (GTK_WIDGET (self->back_button));
    }
}

static void
on_page_notify (AvsWindow  *self,
                GParamSpec *pspec,
                AvsPage    *page)
{
  update_navigation (self);
  /* A removal that stops (done, failed, or waiting for the user) is saved in the report. */
  if (pspec != NULL && g_strcmp0 (pspec->name, "busy") == 0 && !avs_page_get_busy (page) &&
      avs_session_get_executor (self->session) != NULL)
    autosave_report (self);
  /* What a page shows changed (a result, a step's state): so may its detail. */
  if (self->technician && pspec != NULL && g_strcmp0 (pspec->name, "technician") != 0)
    update_technician_detail (self);
}

static void
on_page_detail_changed (AvsWindow *self,
                        AvsPage   *page)
{
  if (page == self->current)
    update_technician_detail (self);
}

static void
on_page_request_next (AvsWindow *self,
                      AvsPage   *page)
{
  if (page == self->current)
    avs_window_go_next (self);
}

static void
set_current (AvsWindow *self,
             AvsPage   *page)
{
  if (self->current == page)
    return;

  if (self->current != NULL)
    {
      g_clear_signal_handler (&self->current_notify_id, self->current);
      g_clear_signal_handler (&self->current_request_id, self->current);
      g_clear_signal_handler (&self->current_detail_id, self->current);
    }

  self->current = page;

  if (page != NULL)
    {
      self->current_notify_id = g_signal_connect_object (page, "notify",
                                                         G_CALLBACK (on_page_notify), self,
                                                         G_CONNECT_SWAPPED);
      self->current_request_id = g_signal_connect_object (page, "request-next",
                                                          G_CALLBACK (on_page_request_next), self,
                                                          G_CONNECT_SWAPPED);
      self->current_detail_id = g_signal_connect_object (page, "technician-detail-changed",
                                                         G_CALLBACK (on_page_detail_changed), self,
                                                         G_CONNECT_SWAPPED);
      gtk_stack_set_visible_child (self->stack, GTK_WIDGET (page));
      update_navigation (self);
      avs_page_shown (page);
      update_navigation (self);
      update_technician_detail (self);
      focus_page (self);
    }
  else
    update_navigation (self);
}

void
avs_window_go_next (AvsWindow *self)
{
  AvsPage *next;

  g_return_if_fail (AVS_IS_WINDOW (self));

  if (following_index (self, self->current) < 0)
    return;
  if (!avs_page_get_complete (self->current) || !avs_page_leaving (self->current, TRUE))
    return;
  next = ensure_page (self, following_index (self, self->current));

  g_ptr_array_add (self->history, self->current);
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT);
  set_current (self, next);
}

void
avs_window_go_back (AvsWindow *self)
{
  AvsPage *previous;

  g_return_if_fail (AVS_IS_WINDOW (self));

  if (self->history->len == 0 || !avs_page_get_can_go_back (self->current))
    return;
  if (!avs_page_leaving (self->current, FALSE))
    return;

  previous = g_ptr_array_steal_index (self->history, self->history->len - 1);
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_RIGHT);
  set_current (self, previous);
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  AvsWindow *self = AVS_WINDOW (widget);

  adw_toast_overlay_add_toast (self->toast_overlay,
                               avs_plain_toast_new (g_variant_get_string (parameter, NULL)));
}

/* The report's host name, when it was kept, must be this computer's: "Continue" scans here. */
static gboolean
report_is_from_here (AvsReport *report)
{
  const AvsReportHost *host = avs_report_get_host (report);

  return avs_report_get_redacted (report) || host->name == NULL ||
         g_strcmp0 (host->name, g_get_host_name ()) == 0;
}

/* Leaves the read-only view: what follows is a new scan of this computer. */
static gboolean
leave_report (AvsWindow *self)
{
  if (self->shown_report == NULL)
    return TRUE;
  if (!report_is_from_here (self->shown_report))
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   avs_plain_toast_new (_("This report was made on another computer: open AV Switch on that computer to continue.")));
      return FALSE;
    }
  g_clear_object (&self->shown_report);
  avs_session_set_read_only (self->session, FALSE);
  avs_session_set_saved_final_scan (self->session, NULL);
  gtk_revealer_set_reveal_child (self->report_banner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->report_banner), FALSE);
  return TRUE;
}

static void
scan_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AvsWindow *self = AVS_WINDOW (widget);
  AvsPage *scan;
  AvsPage *from = self->current;

  if (!leave_report (self))
    return;
  scan = avs_window_get_page (self, "scan");

  /* The scan page starts a scan whenever it is shown. */
  avs_session_set_scan_as_admin (self->session, g_variant_get_boolean (parameter));
  if (scan == NULL)
    return;
  if (from == scan)
    {
      avs_page_shown (from);
      return;
    }

  /* A scan asked for from the results (again, or as administrator) may be cancelled or refused:
   * Back then returns to those results, which are unchanged, not to the start. */
  g_ptr_array_set_size (self->history, 0);
  for (int i = 0; i < entry_index_by_page (self, scan); i++)
    g_ptr_array_add (self->history, ensure_page (self, i));
  if (from != NULL && avs_session_get_scan_result (self->session) != NULL &&
      entry_index_by_page (self, from) > entry_index_by_page (self, scan))
    g_ptr_array_add (self->history, from);
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT);
  set_current (self, scan);
}

/* The session report of this window: the saved one it shows, or its own, brought up to date. */
static AvsReport *
current_report (AvsWindow *self)
{
  if (self->shown_report != NULL)
    return self->shown_report;
  if (self->autosave_report == NULL)
    self->autosave_report = avs_report_new ();
  avs_report_update_from_session (self->autosave_report, self->session);
  if (avs_session_get_continued_managed (self->session))
    avs_report_set_managed_continued (self->autosave_report, TRUE);
  /* The explanation as the explain page showed it, and the catalog the choose page used: pages
   * not built yet (never visited) add nothing. */
  {
    int explain = entry_index_by_name (self, "explain");
    int choose = entry_index_by_name (self, "choose");
    AvsPage *page;

    page = explain >= 0 ? ENTRY (self, explain)->page : NULL;
    if (page != NULL && AVS_IS_EXPLAIN_PAGE (page) &&
        avs_explain_page_get_explanation (AVS_EXPLAIN_PAGE (page)) != NULL)
      avs_report_set_explanation (self->autosave_report,
                                  (AvsExplanation *) avs_explain_page_get_explanation (
                                      AVS_EXPLAIN_PAGE (page)));
    page = choose >= 0 ? ENTRY (self, choose)->page : NULL;
    if (page != NULL && AVS_IS_CHOOSE_PAGE (page) &&
        avs_choose_page_get_store (AVS_CHOOSE_PAGE (page)) != NULL)
      avs_report_set_catalog (self->autosave_report,
                              avs_choose_page_get_store (AVS_CHOOSE_PAGE (page)));
  }
  return self->autosave_report;
}

typedef struct
{
  AvsReport       *report;
  char            *path;
  AvsReportFormat  format;
  gboolean         quiet;
  char            *text;    /* already rendered in another language, or NULL */
} ReportWrite;

static void
report_write_free (ReportWrite *write)
{
  g_clear_object (&write->report);
  g_free (write->path);
  g_free (write->text);
  g_free (write);
}

/* In a worker thread: the report is written atomically, readable by its owner only. */
static void
write_report_thread (GTask        *task,
                     gpointer      source,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  ReportWrite *write = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (write->path);

  if (write->quiet && g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir,
                               g_strerror (saved));
      return;
    }
  if (write->text != NULL
        ? !avs_file_write_atomic (write->path, write->text, strlen (write->text), 0600, &error)
        : !avs_report_write_file (write->report, write->path, write->format,
                                  AVS_REPORT_FLAGS_NONE, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_report_written (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AvsWindow *self = AVS_WINDOW (source);
  ReportWrite *write = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    /* Translators: %s is the system's reason */
    message = g_strdup_printf (_("The report could not be saved: %s"), error->message);
  else if (!write->quiet)
    message = g_strdup (_("Report saved"));
  if (message != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, avs_plain_toast_new (message));
}

/* @language: the page's or Markdown's language when it is not the window's, or NULL. A rendering
 * in another language switches the process's LANGUAGE for a moment (avs-language.h), which only
 * the main thread may do: it is rendered here, and only written in the worker. */
static void
write_report (AvsWindow       *self,
              AvsReport       *report,
              const char      *path,
              AvsReportFormat  format,
              const char      *language,
              gboolean         quiet)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_report_written, NULL);
  ReportWrite *write = g_new0 (ReportWrite, 1);

  if (language != NULL && format != AVS_REPORT_FORMAT_JSON)
    {
      g_autoptr(GError) error = NULL;

      write->text = avs_report_render (report, format, AVS_REPORT_FLAGS_NONE, language, &error);
      if (write->text == NULL)
        {
          g_task_set_task_data (task, write, (GDestroyNotify) report_write_free);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  write->report = g_object_ref (report);
  write->path = g_strdup (path);
  write->format = format;
  write->quiet = quiet;
  g_task_set_task_data (task, write, (GDestroyNotify) report_write_free);
  g_task_run_in_thread (task, write_report_thread);
}

/* At the end of a session and whenever a removal stops, the report is saved by itself in
 * $XDG_STATE_HOME/avswitch/reports/, one file per window. */
static void
autosave_report (AvsWindow *self)
{
  if (self->shown_report != NULL || avs_session_get_scan_result (self->session) == NULL)
    return;
  if (self->autosave_path == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
      g_autofree char *name = g_strdup_printf ("avswitch-report-%s-%d%s", stamp, (int) getpid (),
                                               AVS_REPORT_SUFFIX);
      g_autofree char *dir = avs_state_path ("reports");

      self->autosave_path = g_build_filename (dir, name, NULL);
    }
  write_report (self, current_report (self), self->autosave_path, AVS_REPORT_FORMAT_JSON, NULL,
                TRUE);
}

static void
on_session_scan_result (AvsWindow  *self,
                        GParamSpec *pspec,
                        AvsSession *session)
{
  /* The done page's fresh scan ends the session. */
  if (self->current != NULL &&
      entry_index_by_page (self, self->current) == entry_index_by_name (self, "done"))
    autosave_report (self);
}

static void
on_export_response (AvsWindow            *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT && avs_session_get_scan_result (self->session) != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      const char *language = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "language");

      if (path != NULL)
        avs_window_export_report (self, path,
                                  language != NULL && *language != '\0' ? language : NULL);
    }

  g_clear_object (&self->export_chooser);
}

/**
 * avs_window_export_report:
 * @path: where to save it; the name says the form: `.html` a page for a ticket, `.md` text,
 *   anything else the document to open again
 * @language: (nullable): the language of a page or of text, when not the window's
 *
 * Saves the session's report as Export Report… does after its dialog, in a worker thread,
 * atomically and readable by its owner only; a toast says how it went.
 */
void
avs_window_export_report (AvsWindow  *self,
                          const char *path,
                          const char *language)
{
  AvsReportFormat format = AVS_REPORT_FORMAT_JSON;

  g_return_if_fail (AVS_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  if (avs_session_get_scan_result (self->session) == NULL)
    return;
  if (g_str_has_suffix (path, ".html") || g_str_has_suffix (path, ".htm"))
    format = AVS_REPORT_FORMAT_HTML;
  else if (g_str_has_suffix (path, ".md"))
    format = AVS_REPORT_FORMAT_MARKDOWN;
  write_report (self, current_report (self), path, format, language, FALSE);
}

/* The page or Markdown for a ticket may be in another language than the window's (the person
 * reads Spanish, the ticket is in English): a choice in the save dialog, which the file chooser
 * portal shows too. "" keeps the window's language. */
static void
add_language_choice (GtkFileChooser *chooser)
{
  const char * const *shipped = avs_language_option_shipped ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  g_ptr_array_add (ids, (gpointer) "");
  g_ptr_array_add (labels, (gpointer) _("Same as the window"));
  g_ptr_array_add (ids, (gpointer) "en");
  g_ptr_array_add (labels, (gpointer) avs_language_option_native_name ("en"));
  for (guint i = 0; shipped != NULL && shipped[i] != NULL; i++)
    if (!avs_language_option_is_english (shipped[i]))
      {
        g_ptr_array_add (ids, (gpointer) shipped[i]);
        g_ptr_array_add (labels, (gpointer) avs_language_option_native_name (shipped[i]));
      }
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (labels, NULL);
  /* Translators: a choice in the Export Report dialog; it applies to web pages and Markdown */
  gtk_file_chooser_add_choice (chooser, "language", _("Report language"),
                               (const char **) ids->pdata, (const char **) labels->pdata);
  gtk_file_chooser_set_choice (chooser, "language", "");
}

static void
export_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  AvsWindow *self = AVS_WINDOW (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;

  if (avs_session_get_scan_result (self->session) == NULL || self->export_chooser != NULL)
    return;

  self->export_chooser = gtk_file_chooser_native_new (_("Export Report"), GTK_WINDOW (self),
                                                      GTK_FILE_CHOOSER_ACTION_SAVE,
                                                      _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->export_chooser), TRUE);
  /* Translators: the default file name of a session report; %s is a date. Keep .avsreport */
  name = g_strdup_printf (_("avswitch-report-%s.avsreport"), stamp);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->export_chooser), name);
  add_language_choice (GTK_FILE_CHOOSER (self->export_chooser));
  g_signal_connect_object (self->export_chooser, "response",
                           G_CALLBACK (on_export_response), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->export_chooser));
}

AvsReport *
avs_window_load_report (GtkWindow  *parent,
                        const char *path)
{
  g_autoptr(GError) error = NULL;
  AvsReport *report = avs_report_load_file (path, &error);
  GtkWidget *dialog;

  if (report != NULL)
    return report;

  /* The reason names the file and what is wrong with it; nothing is opened. */
  dialog = avs_compat_message_dialog_new (parent, _("The report cannot be opened"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  avs_compat_fix_mnemonic_names (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return NULL;
}

void
avs_window_show_report (AvsWindow *self,
                        AvsReport *report)
{
  AvsScanResult *first;
  AvsScanResult *last;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;
  GDateTime *stamp;

  g_return_if_fail (AVS_IS_WINDOW (self));
  g_return_if_fail (AVS_IS_REPORT (report));

  first = avs_report_get_first_scan (report);
  last = avs_report_get_verification (report) != NULL ? avs_report_get_verification (report)
                                                      : avs_report_get_last_scan (report);
  g_set_object (&self->shown_report, report);
  avs_session_set_read_only (self->session, TRUE);
  if (first != NULL)
    avs_session_set_scan_result (self->session, first);
  avs_session_set_saved_final_scan (self->session, last != first ? last : NULL);
  avs_session_set_replacement_id (self->session, avs_report_get_replacement_id (report));
  avs_session_set_replacement_name (self->session, avs_report_get_replacement_name (report));
  avs_session_set_continued_managed (self->session, avs_report_get_managed_continued (report));

  stamp = avs_report_get_updated_at (report) != NULL ? avs_report_get_updated_at (report)
                                                     : avs_report_get_created_at (report);
  if (stamp != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (stamp);
      when = avs_format_date_time (local);
      /* Translators: %s is a date and time */
      text = g_strdup_printf (_("A saved session from %s, shown read-only: nothing here changes this computer. Continue scans this computer again."),
                              when);
    }
  else
    text = g_strdup (_("A saved session, shown read-only: nothing here changes this computer. Continue scans this computer again."));
  gtk_label_set_text (self->report_banner_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->report_banner), TRUE);
  gtk_revealer_set_reveal_child (self->report_banner, TRUE);

  avs_window_show_page (self, "findings");
  update_navigation (self);
}

AvsReport *
avs_window_get_shown_report (AvsWindow *self)
{
  g_return_val_if_fail (AVS_IS_WINDOW (self), NULL);

  return self->shown_report;
}

static void
on_open_response (AvsWindow            *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      /* The application opens it in a window of its own. */
      if (path != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "app.open-report", "s", path);
    }
  g_clear_object (&self->open_chooser);
}

static void
open_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AvsWindow *self = AVS_WINDOW (widget);
  g_autoptr(GtkFileFilter) reports = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->open_chooser != NULL)
    return;
  /* Through the file chooser portal in the Flatpak. */
  self->open_chooser = gtk_file_chooser_native_new (_("Open Report"), GTK_WINDOW (self),
                                                    GTK_FILE_CHOOSER_ACTION_OPEN,
                                                    _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->open_chooser), TRUE);
  gtk_file_filter_set_name (reports, _("AV Switch reports"));
  gtk_file_filter_add_pattern (reports, "*" AVS_REPORT_SUFFIX);
  gtk_file_filter_add_mime_type (reports, "application/x-avswitch-report");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->open_chooser), reports);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->open_chooser), all);
  g_signal_connect_object (self->open_chooser, "response",
                           G_CALLBACK (on_open_response), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->open_chooser));
}

static void
continue_report_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  gtk_widget_activate_action (widget, "win.scan", "b", FALSE);
}

static void
copy_technician_detail_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  AvsWindow *self = AVS_WINDOW (widget);
  g_autofree char *detail = NULL;

  if (self->current == NULL)
    return;
  detail = avs_page_dup_technician_detail (self->current);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), detail);
  adw_toast_overlay_add_toast (self->toast_overlay,
                               avs_plain_toast_new (_("The technician detail of this page was copied")));
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  avs_window_show_page (AVS_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  avs_window_go_next (AVS_WINDOW (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  avs_window_go_back (AVS_WINDOW (widget));
}

void
avs_window_add_page (AvsWindow  *self,
                     AvsPage    *page,
                     const char *name)
{
  g_return_if_fail (AVS_IS_WINDOW (self));
  g_return_if_fail (AVS_IS_PAGE (page));
  g_return_if_fail (name != NULL);

  avs_window_add_page_factory (self, name, NULL);
  ENTRY (self, self->pages->len - 1)->page = page;
  adopt_page (self, page, name);

  if (self->current == NULL)
    set_current (self, page);
  else
    update_navigation (self);
}

void
avs_window_add_page_factory (AvsWindow            *self,
                             const char           *name,
                             AvsWindowPageFactory  factory)
{
  PageEntry entry = { g_strdup (name), factory, NULL };

  g_return_if_fail (AVS_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  g_array_append_val (self->pages, entry);
  if (self->current == NULL && factory != NULL)
    set_current (self, ensure_page (self, self->pages->len - 1));
  else
    update_navigation (self);
}

AvsPage *
avs_window_get_visible_page (AvsWindow *self)
{
  g_return_val_if_fail (AVS_IS_WINDOW (self), NULL);

  return self->current;
}

AvsPage *
avs_window_get_page (AvsWindow  *self,
                     const char *name)
{
  g_return_val_if_fail (AVS_IS_WINDOW (self), NULL);

  return ensure_page (self, entry_index_by_name (self, name));
}

gboolean
avs_window_show_page (AvsWindow  *self,
                      const char *name)
{
  AvsPage *page;

  g_return_val_if_fail (AVS_IS_WINDOW (self), FALSE);

  /* The removal and the install work from a scan's results: a deep link there before any scan
   * (--page=remove) opens the results page instead, which says that nothing was scanned yet
   * and offers the scan, rather than an error with no way on. */
  if ((g_strcmp0 (name, "remove") == 0 || g_strcmp0 (name, "install") == 0) &&
      avs_session_get_scan_result (self->session) == NULL &&
      avs_session_get_executor (self->session) == NULL &&
      entry_index_by_name (self, "findings") >= 0)
    name = "findings";

  page = avs_window_get_page (self, name);

  if (page == NULL)
    return FALSE;

  /* A deep link starts a fresh history: Back retraces the wizard order from there. */
  g_ptr_array_set_size (self->history, 0);
  for (int i = 0; i < entry_index_by_page (self, page); i++)
    g_ptr_array_add (self->history, ensure_page (self, i));
  set_current (self, page);
  return TRUE;
}

AvsSession *
avs_window_get_session (AvsWindow *self)
{
  g_return_val_if_fail (AVS_IS_WINDOW (self), NULL);

  return self->session;
}

void
avs_window_add_toast (AvsWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (AVS_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean
close_when_idle (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
on_close_response (AvsWindow        *self,
                   const char       *response,
                   AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "close") == 0)
    {
      self->close_confirmed = TRUE;
      /* Not from inside the dialog's own response: it is transient for this window and still
       * closing itself. */
      g_idle_add_full (G_PRIORITY_DEFAULT, close_when_idle, g_object_ref (self), g_object_unref);
    }
}

static gboolean
avs_window_close_request (GtkWindow *window)
{
  AvsWindow *self = AVS_WINDOW (window);
  gboolean busy = FALSE;
  GtkWidget *dialog;

  for (guint i = 0; i < self->pages->len; i++)
    busy |= ENTRY (self, i)->page != NULL && avs_page_get_busy (ENTRY (self, i)->page);

  if (!busy || self->close_confirmed)
    return GTK_WINDOW_CLASS (avs_window_parent_class)->close_request (window);

  /* A removal is half-way: closing now leaves the machine between two states. */
  dialog = avs_compat_message_dialog_new (window, _("Stop the removal?"),
                                          _("A step is running. If you close AV Switch now, the "
                                            "step may be left half-done. Its progress is saved, so "
                                            "you can open AV Switch again to resume."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep running"),
                                    "close", _("_Close anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  avs_compat_fix_mnemonic_names (dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
set_narrow (AvsWindow *self,
            gboolean   narrow)
{
  gboolean had_focus = gtk_widget_has_focus (GTK_WIDGET (self->next_button)) ||
                       gtk_widget_has_focus (GTK_WIDGET (self->bottom_next_button));

  if (narrow == self->narrow)
    return;
  self->narrow = narrow;
  update_navigation (self);
  /* The main action moved: the focus goes with it. */
  if (had_focus)
    focus_page (self);
}

static gboolean
update_narrow_when_idle (gpointer user_data)
{
  AvsWindow *self = user_data;

  self->narrow_idle_id = 0;
  set_narrow (self, gtk_widget_get_width (GTK_WIDGET (self)) < NARROW_WIDTH);
  return G_SOURCE_REMOVE;
}

/* The window is given a new size (the user resized it, or --page tests set one): decide before
 * it is laid out, so that it is laid out once. A maximized or tiled window keeps its default
 * size; the allocation below catches it. */
static void
on_default_width (AvsWindow  *self,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width <= 0 || gtk_window_is_maximized (GTK_WINDOW (self)) ||
      gtk_window_is_fullscreen (GTK_WINDOW (self)))
    return;
  set_narrow (self, width < NARROW_WIDTH);
}

static void
avs_window_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  AvsWindow *self = AVS_WINDOW (widget);

  GTK_WIDGET_CLASS (avs_window_parent_class)->size_allocate (widget, width, height, baseline);

  /* Moving the main action changes the layout: not from inside this allocation. */
  if ((width < NARROW_WIDTH) != self->narrow && self->narrow_idle_id == 0)
    self->narrow_idle_id = g_idle_add (update_narrow_when_idle, self);
}

static void
avs_window_dispose (GObject *object)
{
  AvsWindow *self = AVS_WINDOW (object);

  g_clear_handle_id (&self->narrow_idle_id, g_source_remove);

  if (self->current != NULL)
    {
      g_clear_signal_handler (&self->current_notify_id, self->current);
      g_clear_signal_handler (&self->current_request_id, self->current);
      g_clear_signal_handler (&self->current_detail_id, self->current);
    }
  self->current = NULL;
  if (self->export_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->export_chooser));
  g_clear_object (&self->export_chooser);
  if (self->open_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->open_chooser));
  g_clear_object (&self->open_chooser);
  g_clear_object (&self->shown_report);
  g_clear_object (&self->autosave_report);
  g_clear_pointer (&self->autosave_path, g_free);
  if (self->history != NULL)
    g_ptr_array_set_size (self->history, 0);

  gtk_widget_dispose_template (GTK_WIDGET (self), AVS_TYPE_WINDOW);

  G_OBJECT_CLASS (avs_window_parent_class)->dispose (object);
}

static void
avs_window_finalize (GObject *object)
{
  AvsWindow *self = AVS_WINDOW (object);

  g_clear_pointer (&self->pages, g_array_unref);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (avs_window_parent_class)->finalize (object);
}

static void
avs_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  AvsWindow *self = AVS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_TECHNICIAN_MODE:
      g_value_set_boolean (value, self->technician);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
avs_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  AvsWindow *self = AVS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_set_object (&self->session, g_value_get_object (value));
      if (self->session == NULL)
        self->session = avs_session_new ();
      g_signal_connect_object (self->session, "notify::scan-result",
                               G_CALLBACK (on_session_scan_result), self, G_CONNECT_SWAPPED);
      break;
    case PROP_TECHNICIAN_MODE:
      avs_window_set_technician_mode (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
avs_window_class_init (AvsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = avs_window_dispose;
  object_class->finalize = avs_window_finalize;
  object_class->get_property = avs_window_get_property;
  object_class->set_property = avs_window_set_property;
  GTK_WINDOW_CLASS (klass)->close_request = avs_window_close_request;
  widget_class->size_allocate = avs_window_size_allocate;

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, AVS_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /* The primary menu's "Technician Mode" toggles it (win.technician-mode). */
  properties [PROP_TECHNICIAN_MODE] =
    g_param_spec_boolean ("technician-mode", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/avs-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AvsWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, AvsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, AvsWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, AvsWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, AvsWindow, bottom_bar);
  gtk_widget_class_bind_template_child (widget_class, AvsWindow, bottom_next_button);
  gtk_widget_class_bind_template_child (widget_class, AvsWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, AvsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AvsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, AvsWindow, technician_revealer);
  gtk_widget_class_bind_template_child (widget_class, AvsWindow, technician_expander);
  gtk_widget_class_bind_template_child (widget_class, AvsWindow, technician_view);
  gtk_widget_class_bind_template_child (widget_class, AvsWindow, report_banner);
  gtk_widget_class_bind_template_child (widget_class, AvsWindow, report_banner_label);

  gtk_widget_class_install_action (widget_class, "win.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.scan", "b", scan_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.export-report", NULL, export_report_action);
  gtk_widget_class_install_property_action (widget_class, "win.technician-mode", "technician-mode");
  gtk_widget_class_install_action (widget_class, "win.copy-technician-detail", NULL,
                                   copy_technician_detail_action);
  gtk_widget_class_install_action (widget_class, "win.open-report", NULL, open_report_action);
  gtk_widget_class_install_action (widget_class, "win.continue-report", NULL,
                                   continue_report_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "win.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
}

static void
avs_window_init (AvsWindow *self)
{
  self->pages = g_array_new (FALSE, TRUE, sizeof (PageEntry));
  g_array_set_clear_func (self->pages, (GDestroyNotify) page_entry_clear);
  self->history = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  avs_compat_fix_mnemonic_names (GTK_WIDGET (self->header_bar));
  avs_compat_fix_mnemonic_names (GTK_WIDGET (self->bottom_bar));
  g_signal_connect (self, "notify::default-width", G_CALLBACK (on_default_width), NULL);

  /* The window remembers its size between runs. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "technician-mode", self, "technician-mode", G_SETTINGS_BIND_GET);

  update_navigation (self);
  update_technician_detail (self);
  gtk_widget_set_visible (GTK_WIDGET (self->report_banner), FALSE);
}

gboolean
avs_window_get_technician_mode (AvsWindow *self)
{
  g_return_val_if_fail (AVS_IS_WINDOW (self), FALSE);

  return self->technician;
}

void
avs_window_set_technician_mode (AvsWindow *self,
                                gboolean   technician)
{
  g_return_if_fail (AVS_IS_WINDOW (self));

  technician = !!technician;
  if (self->technician == technician)
    return;

  self->technician = technician;
  /* The menu's toggle is remembered; --technician is for this window only. The setting's own
   * changes come back here through the binding, and writing the same value again is harmless. */
  if (!self->technician_not_saved && self->settings != NULL &&
      g_settings_get_boolean (self->settings, "technician-mode") != technician)
    g_settings_set_boolean (self->settings, "technician-mode", technician);
  update_technician_detail (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TECHNICIAN_MODE]);
}

void
avs_window_start_technician_mode (AvsWindow *self)
{
  g_return_if_fail (AVS_IS_WINDOW (self));

  self->technician_not_saved = TRUE;
  avs_window_set_technician_mode (self, TRUE);
  self->technician_not_saved = FALSE;
}

AvsWindow *
avs_window_new (AdwApplication *application,
                AvsSession     *session)
{
  return g_object_new (AVS_TYPE_WINDOW,
                       "application", application,
                       "session", session,
                       NULL);
}
