/* main.c — avswitch-gtk, the window (started by `avswitch` without a command)
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <locale.h>

#include <unistd.h>

#include "avs-application.h"
#include "avs-language-option.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(AvsApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *language = NULL;
  g_auto(GStrv) restart = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* --language before the first translated string (GTK's own included); the option stays in
   * argv for GApplication, which lists it in --help. */
  if (!avs_language_option_find (&argc, argv, FALSE, &language, &error) ||
      (language != NULL && !avs_language_option_apply (language, &error)))
    {
      g_printerr ("avswitch: %s\n", error->message);
      return 2;
    }

  g_set_application_name (_("AV Switch"));

  app = avs_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);

  /* "Language…": the same program again, once this one has let go of its name on the bus. */
  restart = avs_application_take_restart_command (app);
  if (restart != NULL)
    {
      g_clear_object (&app);
      execv (restart[0], restart);
      g_printerr ("avswitch: %s: %s\n", restart[0], g_strerror (errno));
      return 2;
    }
  return status;
}
