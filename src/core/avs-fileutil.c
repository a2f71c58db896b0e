/* avs-fileutil.c — small file helpers shared by the core modules
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "avs-fileutil.h"
#include "avs-text.h"

gboolean
avs_file_write_atomic (const char  *path,
                       const void  *data,
                       gsize        length,
                       int          mode,
                       GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) local_error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (dir);
      g_autofree char *shown = avs_text_isolate (display);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   /* Translators: %s is a folder, then the system's reason */
                   _("Could not create the folder %s: %s"), shown, g_strerror (saved_errno));
      return FALSE;
    }

  if (!g_file_set_contents_full (path, data, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 mode, &local_error))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_autofree char *shown = avs_text_isolate (display);
      g_set_error (error, local_error->domain, local_error->code,
                   /* Translators: %s is a file name, then the system's reason */
                   _("Could not save %s: %s"), shown, local_error->message);
      return FALSE;
    }

  return TRUE;
}

char *
avs_cache_path (const char *name)
{
  return g_build_filename (g_get_user_cache_dir (), "avswitch", name, NULL);
}

char *
avs_state_path (const char *name)
{
  /* State that must survive a reboot, such as the progress of a removal plan. */
  return g_build_filename (g_get_user_state_dir (), "avswitch", name, NULL);
}

char *
avs_own_program_path (const char *name)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  g_return_val_if_fail (g_strcmp0 (name, "avswitch") == 0 || g_strcmp0 (name, "avswitch-gtk") == 0,
                        NULL);

  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *beside = g_build_filename (dir, name, NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }
  return g_build_filename (g_str_equal (name, "avswitch") ? BINDIR : LIBEXECDIR, name, NULL);
}
