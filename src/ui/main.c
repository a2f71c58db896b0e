/* main.c — avswitch-gtk, the window (started by `avswitch` without a command)
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "avs-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(AvsApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("AV Switch"));

  app = avs_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
