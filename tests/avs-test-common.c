/* avs-test-common.c — the set-up every test program shares
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "avs-test-common.h"

/* Folders made outside a test, removed at exit. */
static GPtrArray *program_dirs;

static void
rm_rf_on (const char *path,
          dev_t       device)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      /* A mount point (a tmpfs or bind mount a test made) is not ours to empty. */
      if (st.st_dev != device)
        return;
      /* Tests make folders unreadable or read-only on purpose. */
      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          rm_rf_on (child, device);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

void
avs_test_rm_rf (const char *path)
{
  GStatBuf st;

  if (path == NULL || g_lstat (path, &st) != 0)
    return;
  rm_rf_on (path, st.st_dev);
}

static void
remove_dir (gpointer path)
{
  avs_test_rm_rf (path);
  g_free (path);
}

static void
remove_program_dirs (void)
{
  g_clear_pointer (&program_dirs, g_ptr_array_unref);
}

char *
avs_test_make_tmpdir (const char *name_template)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (name_template, &error);
  const char *test = g_test_get_path ();

  g_assert_no_error (error);
  if (test != NULL && test[0] != '\0')
    g_test_queue_destroy (remove_dir, g_strdup (dir));
  else
    {
      if (program_dirs == NULL)
        {
          program_dirs = g_ptr_array_new_with_free_func (remove_dir);
          atexit (remove_program_dirs);
        }
      g_ptr_array_add (program_dirs, g_strdup (dir));
    }
  return dir;
}

/* At exit, before LeakSanitizer's check (registered before main, so run after this): GLib's
 * idle pool threads (GTask, the resolver) end on a timer, and one that ends while LSan's tracer
 * reads the threads' stacks crashes the tracer ("Tracer caught signal 11"), failing a test
 * that passed. Ending them first leaves nothing to end during the check. */
static void
stop_idle_pool_threads (void)
{
  g_thread_pool_set_max_unused_threads (0);
  g_thread_pool_stop_unused_threads ();
  for (guint i = 0; i < 200 && g_thread_pool_get_num_unused_threads () > 0; i++)
    g_usleep (10 * 1000);
  /* A thread that left the pool still has to return from its start routine. */
  g_usleep (50 * 1000);
}

void
avs_test_setup_environment (void)
{
  static gboolean registered;

  if (!registered)
    {
      atexit (stop_idle_pool_threads);
      registered = TRUE;
    }
  setlocale (LC_ALL, "C.UTF-8");
  /* Settings, caches and saved progress never touch the developer's own (set before GLib
   * reads them), and only loopback is ever contacted. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_unsetenv ("https_proxy");
  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTPS_PROXY");
  g_unsetenv ("HTTP_PROXY");
}

void
avs_test_init (int    *argc,
               char ***argv)
{
  avs_test_setup_environment ();
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
}
