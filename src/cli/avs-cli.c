/* avs-cli.c — `avswitch`: the command line, and the launcher of the window
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "avs-cli-commands.h"
#include "avs-fileutil.h"
#include "avs-language-option.h"
#include "avs-text.h"

/* The table of sub-commands: one line each, sorted in the order a user meets them. */
static const AvsCliCommand commands[] = {
  { "scan", N_("Find Kaspersky software on this computer (or under --root)"), avs_cli_scan },
  { "explain", N_("Explain the ban for your region and this computer, with sources"), avs_cli_explain },
  { "catalog", N_("Show the signed catalog of replacements, refresh it, rank it for a scan"), avs_cli_catalog },
  { "plan", N_("Show the exact steps that would remove Kaspersky (or a script of them)"), avs_cli_plan },
  { "apply", N_("Remove Kaspersky step by step, asking before each command"), avs_cli_apply },
  { "verify", N_("Scan again and report what of Kaspersky remains"), avs_cli_verify },
  { "report", N_("Show a saved session report as JSON, Markdown or HTML"), avs_cli_report },
  { NULL, NULL, NULL }
};

int
avs_cli_fail (const char   *command,
              const GError *error)
{
  if (command != NULL)
    g_printerr ("avswitch %s: %s\n", command, error->message);
  else
    g_printerr ("avswitch: %s\n", error->message);
  return AVS_CLI_EXIT_FAILED;
}

void
avs_cli_print_document (const char *text)
{
  /* Still the same JSON, but without raw C1 or bidirectional controls for a terminal. */
  g_autofree char *safe = avs_text_escape_json_document (text, -1);
  gsize length = strlen (safe);

  fwrite (safe, 1, length, stdout);
  if (length == 0 || safe[length - 1] != '\n')
    fputc ('\n', stdout);
  fflush (stdout);
}

void
avs_cli_print_escaped (FILE       *stream,
                       const char *text)
{
  /* The isolates around values in sentences (avs_text_isolate) are for the window's layout;
   * terminals mostly show them as they are. */
  g_autofree char *plain = avs_text_drop_isolates (text);
  g_autofree char *safe = avs_text_escape_for_terminal (plain, -1, AVS_TEXT_ESCAPE_KEEP_NEWLINES);
  g_autofree char *converted = NULL;
  const char *charset = NULL;

  /* What g_print does without a handler: the text in the terminal's character set. */
  if (!g_get_console_charset (&charset))
    converted = g_convert_with_fallback (safe, -1, charset, "UTF-8", "?", NULL, NULL, NULL);
  fputs (converted != NULL ? converted : safe, stream);
  fflush (stream);
}

static void
print_stdout (const char *text)
{
  avs_cli_print_escaped (stdout, text);
}

static void
print_stderr (const char *text)
{
  avs_cli_print_escaped (stderr, text);
}

static void
print_help (FILE *stream)
{
  fprintf (stream, "%s\n", _("Usage:"));
  fprintf (stream, "  %s\n", _("avswitch [OPTION…] [COMMAND [ARGUMENT…]]"));
  fprintf (stream, "\n%s\n\n",
           _("AV Switch finds Kaspersky software on this computer, explains the 2024 US ban, "
             "helps you choose a replacement and guides its removal. Without a command it "
             "opens the window."));
  fprintf (stream, "%s\n", _("Commands:"));
  if (commands[0].name == NULL)
    fprintf (stream, "  %s\n", _("(none yet)"));
  for (guint i = 0; commands[i].name != NULL; i++)
    fprintf (stream, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Options:"));
  fprintf (stream, "  %-16s %s\n", "-h, --help", _("Show this help and exit"));
  fprintf (stream, "  %-16s %s\n", "--version", _("Show the version and exit"));
  fprintf (stream, "  %-16s %s\n", "--language LL",
           _("Show AV Switch in the language LL (a code such as de or pt_BR) instead of the desktop’s"));
  fprintf (stream, "\n%s\n", _("Run “avswitch COMMAND --help” for the options of a command."));
  fprintf (stream, "\n%s\n", _("Exit status:"));
  fprintf (stream, "  %-4s %s\n", "0", _("success; for scan and verify: no Kaspersky software was found, and every place was checked"));
  fprintf (stream, "  %-4s %s\n", "1", _("scan and verify: Kaspersky software was found"));
  fprintf (stream, "  %-4s %s\n", "2", _("the command itself failed"));
  fprintf (stream, "  %-4s %s\n", "3", _("scan and verify: nothing was found, but some places could not be checked (the scan is incomplete)"));
}

/* The GUI binary: $AVSWITCH_GTK (for packagers and tests that put it elsewhere), else the one
 * avs_own_program_path() finds. */
static char *
find_gui_binary (void)
{
  const char *env = g_getenv ("AVSWITCH_GTK");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return avs_own_program_path ("avswitch-gtk");
}

static int
run_gui (int         argc,
         char      **argv,
         const char *language)
{
  g_autofree char *gui = NULL;
  g_autoptr(GPtrArray) args = NULL;
  int saved_errno;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("%s\n\n",
                  _("There is no graphical display here (neither DISPLAY nor WAYLAND_DISPLAY "
                    "is set), so the window cannot open. Use one of the commands below instead."));
      print_help (stderr);
      return AVS_CLI_EXIT_FAILED;
    }

  gui = find_gui_binary ();
  args = g_ptr_array_new ();
  g_ptr_array_add (args, gui);
  if (language != NULL)
    {
      g_ptr_array_add (args, (char *) "--language");
      g_ptr_array_add (args, (char *) language);
    }
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);

  execv (gui, (char **) args->pdata);

  /* Only reached when execv failed. */
  saved_errno = errno;
  g_printerr (_("avswitch: could not start the window (%s): %s\n"), gui, g_strerror (saved_errno));
  g_printerr ("%s\n", _("The graphical part of AV Switch may not be installed. The commands "
                        "listed by “avswitch --help” work without it."));
  return AVS_CLI_EXIT_FAILED;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *language = NULL;
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* `avswitch --language LL …`, anywhere before a "--": applied before anything is translated,
   * and taken out of argv (the commands' own options do not know it). */
  if (!avs_language_option_find (&argc, argv, TRUE, &language, &error) ||
      (language != NULL && !avs_language_option_apply (language, &error)))
    return avs_cli_fail (NULL, error);

  /* Names from the scanned machine reach almost every line: whatever prints through g_print()
   * or g_printerr() cannot send control sequences to the terminal. JSON documents go through
   * avs_cli_print_document(), which keeps them valid JSON. */
  g_set_print_handler (print_stdout);
  g_set_printerr_handler (print_stderr);

  if (argc > 1)
    {
      if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
          g_str_equal (argv[1], "help"))
        {
          print_help (stdout);
          return AVS_CLI_EXIT_OK;
        }

      if (g_str_equal (argv[1], "--version"))
        {
          g_print ("avswitch %s\n", PACKAGE_VERSION);
          return AVS_CLI_EXIT_OK;
        }

      for (guint i = 0; commands[i].name != NULL; i++)
        {
          if (g_str_equal (argv[1], commands[i].name))
            {
              g_autofree char *prgname = g_strdup_printf ("avswitch %s", commands[i].name);
              g_set_prgname (prgname);
              argv[1] = prgname;
              return commands[i].run (argc - 1, argv + 1);
            }
        }

      /* Not a command: either an option for the window (such as --root or --page), or a typo. */
      /* A saved session report (the file manager's "Open With") goes to the window. */
      if (argv[1][0] != '-' && !g_str_has_suffix (argv[1], ".avsreport"))
        {
          g_printerr (_("avswitch: unknown command “%s”.\n"), argv[1]);
          g_printerr ("%s\n", _("Run “avswitch --help” to see the commands."));
          return AVS_CLI_EXIT_FAILED;
        }
    }

  return run_gui (argc, argv, language);
}
