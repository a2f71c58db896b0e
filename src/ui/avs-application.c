/* avs-application.c — the AV Switch application: actions, shortcuts, the About window
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "avs-application"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "avs-application.h"
#include "avs-choose-page.h"
#include "avs-compat.h"
#include "avs-done-page.h"
#include "avs-executor.h"
#include "avs-explain-page.h"
#include "avs-fileutil.h"
#include "avs-findings-page.h"
#include "avs-language-dialog.h"
#include "avs-plain.h"
#include "avs-remove-page.h"
#include "avs-scan-page.h"
#include "avs-ui-types.h"
#include "avs-welcome-page.h"
#include "avs-window.h"

struct _AvsApplication
{
  AdwApplication  parent_instance;

  AvsSession     *session;
  /* --page: the page to open first (for help-desks and tests). */
  char           *initial_page;
  /* --technician: technician mode for this window, whatever the setting says. */
  gboolean        technician;
  /* --open FILE: a saved session report to show instead of a new session. */
  char           *open_path;
  /* "Language…": the command line main() runs once the application has quit. */
  GStrv           restart_argv;
};

G_DEFINE_FINAL_TYPE (AvsApplication, avs_application, ADW_TYPE_APPLICATION)

static void
on_first_frame (GdkFrameClock *clock,
                GApplication  *app)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_frame, app);
  g_application_quit (app);
}

static void
on_window_realize (GtkWidget    *window,
                   GApplication *app)
{
  GdkFrameClock *clock = gdk_surface_get_frame_clock (gtk_native_get_surface (GTK_NATIVE (window)));

  g_signal_connect (clock, "after-paint", G_CALLBACK (on_first_frame), app);
}

static void
on_removal_resumed (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(AvsWindow) wizard = user_data;
  AvsSession *session = avs_window_get_session (wizard);
  g_autoptr(AvsExecutor) executor = NULL;
  g_autoptr(GError) error = NULL;

  executor = avs_executor_new_from_state_finish (result, &error);
  if (executor == NULL)
    {
      /* Saved for another root folder: not this window's removal. */
      if (!g_error_matches (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_OTHER_ROOT))
        {
          g_autofree char *message = g_strdup_printf (_("The saved progress of a removal could not be resumed: %s"),
                                                      error->message);
          avs_window_add_toast (wizard, avs_plain_toast_new (message));
        }
      return;
    }
  /* The user has already moved on (the scan took a while): do not pull the window away. */
  if (avs_executor_is_complete (executor) ||
      avs_window_get_visible_page (wizard) != avs_window_get_page (wizard, "welcome"))
    return;

  avs_session_set_scan_result (session, avs_plan_get_scan (avs_executor_get_plan (executor)));
  avs_session_set_executor (session, executor);
  avs_window_show_page (wizard, "remove");
  avs_window_add_toast (wizard, avs_plain_toast_new (_("A removal was interrupted: it goes on where it stopped.")));
}

/* A removal interrupted by a reboot or a crash saved its progress: take it up where it stopped.
 * The plan comes from a new scan of the machine (in a worker thread), the saved state only says
 * how far it got. */
static void
resume_removal (AvsApplication *self,
                AvsWindow      *wizard)
{
  g_autofree char *state = avs_state_path ("apply-state.json");
  g_autoptr(AvsRunner) runner = NULL;

  if (avs_session_get_dry_run (self->session) || !g_file_test (state, G_FILE_TEST_EXISTS))
    return;

  runner = avs_runner_new ();
  avs_executor_new_from_state_async (state, avs_session_get_root (self->session),
                                     avs_session_get_rules_path (self->session), runner, NULL,
                                     on_removal_resumed, g_object_ref (wizard));
}

/* A wizard window with every page (built when first needed) for @session. */
static AvsWindow *
new_wizard (AvsApplication *self,
            AvsSession     *session)
{
  AvsWindow *wizard = avs_window_new (ADW_APPLICATION (self), session);

  avs_window_add_page_factory (wizard, "welcome", avs_welcome_page_new);
  avs_window_add_page_factory (wizard, "scan", avs_scan_page_new);
  avs_window_add_page_factory (wizard, "findings", avs_findings_page_new);
  avs_window_add_page_factory (wizard, "explain", avs_explain_page_new);
  avs_window_add_page_factory (wizard, "choose", avs_choose_page_new);
  avs_window_add_page_factory (wizard, "remove", avs_remove_page_new);
  avs_window_add_page_factory (wizard, "install", avs_remove_page_new_for_install);
  avs_window_add_page_factory (wizard, "done", avs_done_page_new);
  if (self->technician)
    avs_window_start_technician_mode (wizard);
  return wizard;
}

/* Opens a saved session report read-only in a window of its own; a report that cannot be read
 * is explained over the active window (a new one if there is none) and nothing is opened. */
static void
open_report (AvsApplication *self,
             const char     *path)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(AvsReport) report = NULL;
  g_autoptr(AvsSession) session = NULL;
  AvsWindow *wizard;

  /* Without a window yet (--open, the file manager), a new session window carries the reason. */
  report = active != NULL ? avs_window_load_report (active, path)
                          : avs_report_load_file (path, NULL);
  if (report == NULL && active == NULL)
    {
      g_application_activate (G_APPLICATION (self));
      active = gtk_application_get_active_window (GTK_APPLICATION (self));
      g_clear_object (&report);
      report = avs_window_load_report (active, path);
    }
  if (report == NULL)
    return;

  /* A session of its own, with this run's settings, so "Continue" scans as this run would. */
  session = avs_session_new ();
  avs_session_set_root (session, avs_session_get_root (self->session));
  avs_session_set_rules_path (session, avs_session_get_rules_path (self->session));
  avs_session_set_catalog_url (session, avs_session_get_catalog_url (self->session));
  avs_session_set_dry_run (session, avs_session_get_dry_run (self->session));
  wizard = new_wizard (self, session);
  avs_window_show_report (wizard, report);
  gtk_window_present (GTK_WINDOW (wizard));
}

static void
avs_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path != NULL)
        open_report (AVS_APPLICATION (app), path);
    }
}

static void
avs_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  AvsApplication *self = AVS_APPLICATION (app);

  if (window == NULL && self->open_path != NULL)
    {
      g_autofree char *path = g_steal_pointer (&self->open_path);

      open_report (self, path);
      return;
    }

  if (window == NULL)
    {
      AvsWindow *wizard = new_wizard (self, self->session);

      /* Built when first needed: start-up pays for the first page only. */
      window = GTK_WINDOW (wizard);

      if (self->initial_page != NULL && !avs_window_show_page (wizard, self->initial_page))
        g_warning ("No page named “%s”", self->initial_page);
      else if (self->initial_page == NULL)
        resume_removal (self, wizard);
    }

  /* For the start-up benchmark (tests/bench-startup.c): quit once the first frame is painted. */
  if (g_getenv ("AVSWITCH_EXIT_AFTER_FIRST_FRAME") != NULL && !gtk_widget_get_realized (GTK_WIDGET (window)))
    g_signal_connect (window, "realize", G_CALLBACK (on_window_realize), app);

  gtk_window_present (window);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  /* A copy: closing a window removes it from the application's own list under our feet. */
  g_autolist(GtkWindow) windows =
    g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (app)), (GCopyFunc) g_object_ref, NULL);

  /* Closing through the windows lets a page ask first (a removal in progress). */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);

  avs_compat_show_about (gtk_application_get_active_window (app));
}

/* The same program by its absolute path, in @language, with the options this window was
 * started with (folder, rules, catalog, region, dry run). The scan itself is not carried over:
 * the new window starts at the beginning, and a removal under way resumes from its saved state
 * as on every start. */
static GStrv
restart_command (AvsApplication *self,
                 const char     *language)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  const char *root = avs_session_get_root (self->session);
  const char *rules = avs_session_get_rules_path (self->session);
  const char *catalog_url = avs_session_get_catalog_url (self->session);
  const char *region = avs_session_get_region (self->session);

  if (self_path == NULL || !g_path_is_absolute (self_path))
    return NULL;
  g_strv_builder_add_many (builder, self_path, "--language", language, NULL);
  if (root != NULL && !g_str_equal (root, "/"))
    g_strv_builder_add_many (builder, "--root", root, NULL);
  if (rules != NULL)
    g_strv_builder_add_many (builder, "--rules", rules, NULL);
  if (catalog_url != NULL)
    g_strv_builder_add_many (builder, "--catalog-url", catalog_url, NULL);
  if (region != NULL)
    g_strv_builder_add_many (builder, "--region", region, NULL);
  if (avs_session_get_dry_run (self->session))
    g_strv_builder_add (builder, "--dry-run");
  if (self->technician)
    g_strv_builder_add (builder, "--technician");
  return g_strv_builder_end (builder);
}

static void
on_language_response (AdwMessageDialog *dialog,
                      const char       *response,
                      AvsApplication   *self)
{
  const char *language = avs_language_dialog_get_language (GTK_WIDGET (dialog));
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *current = avs_language_dialog_current ();

  if (!g_str_equal (response, "restart") || language == NULL || g_str_equal (language, current))
    return;

  g_strfreev (self->restart_argv);
  self->restart_argv = restart_command (self, language);
  if (self->restart_argv == NULL || window == NULL)
    return;
  /* Closing asks first when a removal step is running; if the user keeps it running, there is
   * no restart behind their back later. */
  gtk_window_close (window);
  if (g_list_find (gtk_application_get_windows (GTK_APPLICATION (self)), window) != NULL)
    g_clear_pointer (&self->restart_argv, g_strfreev);
}

static void
language_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  AvsApplication *self = AVS_APPLICATION (user_data);
  GtkWidget *dialog = avs_language_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)));

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_language_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_report_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  open_report (AVS_APPLICATION (user_data), g_variant_get_string (parameter, NULL));
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_action },
  { .name = "about", .activate = about_action },
  { .name = "language", .activate = language_action },
  { .name = "open-report", .activate = open_report_action, .parameter_type = "s" },
};

static void
avs_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *help_overlay_accels[] = { "<Control>question", "F1", NULL };

  G_APPLICATION_CLASS (avs_application_parent_class)->startup (app);

  avs_ui_ensure_types ();

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         help_overlay_accels);
}

static int
avs_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  AvsApplication *self = AVS_APPLICATION (app);
  const char *root = NULL;
  const char *rules = NULL;
  const char *page = NULL;
  const char *catalog_url = NULL;
  const char *region = NULL;
  gboolean version = FALSE;

  if (g_variant_dict_lookup (options, "version", "b", &version) && version)
    {
      g_print ("avswitch %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "root", "^&ay", &root))
    {
      g_autofree char *absolute = g_canonicalize_filename (root, NULL);

      if (!g_file_test (absolute, G_FILE_TEST_IS_DIR))
        {
          g_printerr (_("avswitch: %s is not a folder.\n"), root);
          return 2;
        }
      avs_session_set_root (self->session, absolute);
    }
  if (g_variant_dict_lookup (options, "rules", "^&ay", &rules))
    {
      g_autofree char *absolute = g_canonicalize_filename (rules, NULL);
      avs_session_set_rules_path (self->session, absolute);
    }
  if (g_variant_dict_lookup (options, "catalog-url", "&s", &catalog_url))
    avs_session_set_catalog_url (self->session, catalog_url);
  if (g_variant_dict_lookup (options, "region", "&s", &region))
    {
      if (strlen (region) != 2 || !g_ascii_isalpha (region[0]) || !g_ascii_isalpha (region[1]))
        {
          g_printerr (_("avswitch: “%s” is not a two-letter country code.\n"), region);
          return 2;
        }
      avs_session_set_region (self->session, region);
    }
  if (g_variant_dict_contains (options, "dry-run"))
    avs_session_set_dry_run (self->session, TRUE);
  if (g_variant_dict_lookup (options, "page", "&s", &page))
    self->initial_page = g_strdup (page);
  if (g_variant_dict_contains (options, "technician"))
    self->technician = TRUE;
  {
    const char *open = NULL;

    if (g_variant_dict_lookup (options, "open", "^&ay", &open))
      self->open_path = g_canonicalize_filename (open, NULL);
  }
  /* --language was applied by main() before anything was translated. */

  /* Go on with the default handling (registration, activation). */
  return -1;
}

static void
avs_application_finalize (GObject *object)
{
  AvsApplication *self = AVS_APPLICATION (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->initial_page, g_free);
  g_clear_pointer (&self->open_path, g_free);
  g_clear_pointer (&self->restart_argv, g_strfreev);

  G_OBJECT_CLASS (avs_application_parent_class)->finalize (object);
}

static void
avs_application_class_init (AvsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = avs_application_finalize;

  app_class->activate = avs_application_activate;
  app_class->open = avs_application_open;
  app_class->startup = avs_application_startup;
  app_class->handle_local_options = avs_application_handle_local_options;
}

static const GOptionEntry main_options[] = {
  { "root", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Scan the folder DIR, the root of another system such as a mounted disk, instead of this computer"), N_("DIR") },
  { "rules", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Use the detection rules in FILE instead of the built-in ones"), N_("FILE") },
  { "catalog-url", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Download the catalog of alternatives from URL"), N_("URL") },
  { "region", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Explain the ban for the country CC (a two-letter code) instead of detecting it"), N_("CC") },
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show and record the removal commands without running them"), NULL },
  { "page", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Open the wizard at PAGE (welcome, scan, findings, explain, choose, remove, install, done)"), N_("PAGE") },
  { "language", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Show AV Switch in the language LL (a code such as de or pt_BR) instead of the desktop’s"), N_("LL") },
  { "open", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Show the saved session report FILE (.avsreport) read-only"), N_("FILE") },
  { "technician", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start in technician mode: every page shows its evidence, commands and output"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { NULL }
};

static void
avs_application_init (AvsApplication *self)
{
  self->session = avs_session_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), main_options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Find Kaspersky software, understand the 2024 US ban, "
                                              "and switch to a maintained replacement."));
}

GStrv
avs_application_take_restart_command (AvsApplication *self)
{
  g_return_val_if_fail (AVS_IS_APPLICATION (self), NULL);

  return g_steal_pointer (&self->restart_argv);
}

AvsApplication *
avs_application_new (void)
{
  return g_object_new (AVS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       /* A .avsreport opened from the file manager. */
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}
