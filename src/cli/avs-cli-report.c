/* avs-cli-report.c — `avswitch report` (render a saved session report) and the --report option
 * of scan, plan, apply and verify
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "avs-cli-commands.h"
#include "avs-language-option.h"
#include "avs-report.h"

void
avs_cli_add_report_options (GOptionContext  *context,
                            char           **out_path,
                            gboolean        *out_keep_personal)
{
  /* g_option_context_add_main_entries() copies the entries. */
  const GOptionEntry entries[] = {
    { "report", 0, 0, G_OPTION_ARG_FILENAME, out_path,
      N_("Also write the session report to FILE, or update it (readable by you only; show it "
         "with “avswitch report FILE”)"), N_("FILE") },
    { "report-keep-personal", 0, 0, G_OPTION_ARG_NONE, out_keep_personal,
      N_("Keep the host name, user names and home folders in the report (they are replaced "
         "by default)"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

AvsReport *
avs_cli_report_open (const char     *path,
                     AvsScanResult  *scan,
                     GError        **error)
{
  g_autoptr(AvsReport) report = NULL;
  AvsScanResult *last;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return avs_report_new ();

  /* An existing report is updated, never replaced by a half-read copy: any problem stops. */
  report = avs_report_load_file (path, error);
  if (report == NULL)
    return NULL;

  last = avs_report_get_last_scan (report);
  if (scan != NULL && last != NULL)
    {
      g_autofree char *was = g_canonicalize_filename (avs_scan_result_get_root (last), "/");
      g_autofree char *now = g_canonicalize_filename (avs_scan_result_get_root (scan), "/");

      if (!g_str_equal (was, now))
        {
          g_autofree char *display = g_filename_display_name (path);
          g_set_error (error, AVS_REPORT_ERROR, AVS_REPORT_ERROR_FAILED,
                       /* Translators: the first %s is a file, the others folders */
                       _("%s is the report of a session on %s, not on %s. Choose another file "
                         "for this session."), display, was, now);
          return NULL;
        }
    }
  return g_steal_pointer (&report);
}

gboolean
avs_cli_report_save (const char  *command,
                     AvsReport   *report,
                     const char  *path,
                     gboolean     keep_personal)
{
  g_autoptr(GError) error = NULL;

  if (!avs_report_save (report, path,
                        keep_personal ? AVS_REPORT_KEEP_PERSONAL : AVS_REPORT_FLAGS_NONE, &error))
    {
      avs_cli_fail (command, error);
      return FALSE;
    }
  return TRUE;
}

int
avs_cli_report_add_scan (const char    *command,
                         const char    *path,
                         gboolean       keep_personal,
                         AvsScanResult *scan,
                         gboolean       verification)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsReport) report = NULL;

  if (path == NULL)
    return AVS_CLI_EXIT_OK;
  report = avs_cli_report_open (path, scan, &error);
  if (report == NULL)
    return avs_cli_fail (command, error);
  if (verification)
    avs_report_set_verification (report, scan);
  else
    avs_report_add_scan (report, scan);
  return avs_cli_report_save (command, report, path, keep_personal) ? AVS_CLI_EXIT_OK
                                                                     : AVS_CLI_EXIT_FAILED;
}

/* ---------------------------------------------------------------------------------------------
 * avswitch report FILE
 * ------------------------------------------------------------------------------------------- */

int
avs_cli_report (int    argc,
                char **argv)
{
  g_autofree char *format_text = NULL;
  g_autofree char *language = NULL;
  g_autofree char *output = NULL;
  gboolean keep_personal = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsReport) report = NULL;
  g_autofree char *description = NULL;
  g_autofree char *text = NULL;
  AvsReportFormat format = AVS_REPORT_FORMAT_MARKDOWN;
  AvsReportFlags flags;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_text,
      N_("json, md (Markdown, the default) or html (one self-contained page)"), N_("FORMAT") },
    /* Not "--language": that one is avswitch's own (avs-language-option.h), taken out of the
     * command line before any command runs, and puts the whole output in that language. */
    { "report-language", 0, 0, G_OPTION_ARG_STRING, &language,
      N_("Write the report’s headings, labels and dates in this language (such as de or pt_BR; "
         "English or a language AV Switch is translated into) instead of the current one"),
      N_("LL") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to this file (readable by you only) instead of standard output"), N_("FILE") },
    { "keep-personal", 0, 0, G_OPTION_ARG_NONE, &keep_personal,
      N_("Keep the host name, user names and home folders (a report saved redacted stays "
         "redacted)"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Shows a saved session report (written by “--report FILE” of "
                                  "scan, plan, apply and verify, or by the window) as JSON, "
                                  "Markdown or HTML for a ticket. The host name, user names and "
                                  "home folders are replaced unless --keep-personal is given."));
  description = g_strdup_printf ("%s\n  0  %s\n  2  %s",
                                 _("Exit status:"),
                                 _("the report was written"),
                                 _("the report could not be read (missing, malformed, truncated, "
                                   "too large or from a later version) or written"));
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return avs_cli_fail ("report", error);
  if (argc != 2)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "%s",
                   argc < 2 ? _("name the report file. Run “avswitch report --help” for the "
                                "options.")
                            : _("only one report at a time. Run “avswitch report --help” for "
                                "the options."));
      return avs_cli_fail ("report", error);
    }
  if (format_text != NULL && !avs_report_format_from_string (format_text, &format))
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: %s is what the user typed; keep json, md and html as they are */
                   _("unknown --format “%s”: use json, md or html."), format_text);
      return avs_cli_fail ("report", error);
    }

  /* The same languages as avswitch --language: English and the shipped translations. */
  if (language != NULL &&
      (!avs_language_option_is_valid (language) ||
       (!avs_language_option_is_english (language) &&
        !g_strv_contains (avs_language_option_shipped (), language))))
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: %s is a language code the user gave */
                   _("AV Switch is not translated into “%s”: use English (en) or a language "
                     "AV Switch is translated into."), language);
      return avs_cli_fail ("report", error);
    }
  if (language != NULL && avs_language_option_is_english (language))
    {
      g_free (language);
      language = g_strdup ("en");
    }

  report = avs_report_load_file (argv[1], &error);
  if (report == NULL)
    return avs_cli_fail ("report", error);

  flags = keep_personal ? AVS_REPORT_KEEP_PERSONAL : AVS_REPORT_FLAGS_NONE;
  if (output != NULL)
    {
      if (!avs_report_write_file (report, output, format, flags, language, &error))
        return avs_cli_fail ("report", error);
      return AVS_CLI_EXIT_OK;
    }

  text = avs_report_render (report, format, flags, language, &error);
  if (text == NULL)
    return avs_cli_fail ("report", error);
  /* Every recorded string is already escaped for its format; control characters were made
   * visible, so the text is safe in a terminal and is written as it is, in UTF-8. */
  avs_cli_print_document (text);
  return AVS_CLI_EXIT_OK;
}

/* ---------------------------------------------------------------------------------------------
 * --report for plan and apply
 * ------------------------------------------------------------------------------------------- */

/* The replacement of @plan, and the catalog it came from (the copy in use, never the network). */
static void
add_replacement (AvsReport *report,
                 AvsPlan   *plan)
{
  const AvsReplacement *replacement = avs_plan_get_replacement (plan);
  g_autofree char *url = NULL;
  g_autoptr(AvsCatalogStore) store = NULL;

  if (replacement == NULL)
    return;
  avs_report_set_replacement (report, replacement->product_id, replacement->name,
                              avs_replacement_method_to_string (avs_plan_get_method (plan)),
                              FALSE);
  url = avs_catalog_store_configured_url (NULL);
  store = avs_catalog_store_new (url);
  if (avs_catalog_store_load (store, NULL))
    avs_report_set_catalog (report, store);
}

static int
update_with (const char  *command,
             const char  *path,
             gboolean     keep_personal,
             AvsPlan     *plan,
             AvsExecutor *executor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsReport) report = NULL;
  AvsScanResult *scan = avs_plan_get_scan (plan);

  if (path == NULL)
    return AVS_CLI_EXIT_OK;
  report = avs_cli_report_open (path, scan, &error);
  if (report == NULL)
    return avs_cli_fail (command, error);
  if (scan != avs_report_get_last_scan (report))
    avs_report_add_scan (report, scan);
  add_replacement (report, plan);
  if (executor != NULL)
    avs_report_set_executor (report, executor);
  else
    avs_report_set_plan (report, plan);
  return avs_cli_report_save (command, report, path, keep_personal) ? AVS_CLI_EXIT_OK
                                                                     : AVS_CLI_EXIT_FAILED;
}

int
avs_cli_report_add_plan (const char *command,
                         const char *path,
                         gboolean    keep_personal,
                         AvsPlan    *plan)
{
  return update_with (command, path, keep_personal, plan, NULL);
}

int
avs_cli_report_add_run (const char  *command,
                        const char  *path,
                        gboolean     keep_personal,
                        AvsExecutor *executor)
{
  return update_with (command, path, keep_personal, avs_executor_get_plan (executor), executor);
}

int
avs_cli_report_add_explanation (const char     *command,
                                const char     *path,
                                gboolean        keep_personal,
                                AvsExplanation *explanation)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsReport) report = NULL;

  if (path == NULL)
    return AVS_CLI_EXIT_OK;
  report = avs_cli_report_open (path, NULL, &error);
  if (report == NULL)
    return avs_cli_fail (command, error);
  avs_report_set_explanation (report, explanation);
  return avs_cli_report_save (command, report, path, keep_personal) ? AVS_CLI_EXIT_OK
                                                                     : AVS_CLI_EXIT_FAILED;
}
