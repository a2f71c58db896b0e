/* avs-test-ui.c — helpers for the UI tests: wait for the main loop, save screenshots
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "avs-test-common.h"
#include "avs-test-ui.h"
#include "avs-ui-types.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

void
avs_test_ui_init (int    *argc,
                  char ***argv)
{
  g_autofree char *home = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *state = NULL;
  g_autofree char *data = NULL;

  /* Not G_TEST_OPTION_ISOLATE_DIRS (gtk_test_init runs g_test_init without options, and an
   * empty XDG_DATA_DIRS would hide the icon themes): caches, saved progress and data of the
   * program's own, removed when it exits. */
  avs_test_setup_environment ();
  home = avs_test_make_tmpdir ("avs-ui-test-XXXXXX");
  cache = g_build_filename (home, "cache", NULL);
  state = g_build_filename (home, "state", NULL);
  data = g_build_filename (home, "data", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      gboolean tap = FALSE;

      for (int i = 1; i < *argc; i++)
        tap = tap || g_str_equal ((*argv)[i], "--tap");
      /* meson reads a TAP plan of 0 as skipped, but any exit status but 0 as an error. */
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      exit (tap ? 0 : 77);
    }

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  avs_ui_ensure_types ();
}

gboolean
avs_test_ui_wait_until (gboolean (*condition) (gpointer data),
                        gpointer   data,
                        guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

void
avs_test_ui_spin (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

static gboolean
has_render_node (gpointer data)
{
  GtkWidget *window = data;
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), gtk_widget_get_width (window),
                          gtk_widget_get_height (window));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  return node != NULL;
}

/* The window's picture as the X server has it (imagemagick's import), for when GTK keeps no
 * render node for it: GTK 4.8 draws a window whose expander row was opened after a failed step
 * (seen on the X server) but then keeps none. FALSE when that is not possible here. */
static gboolean
save_from_x_server (GtkWidget  *window,
                    const char *path)
{
#ifdef GDK_WINDOWING_X11
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *program = g_find_program_in_path ("import");
  g_autofree char *xid = NULL;
  int status = -1;

  if (program == NULL || !GDK_IS_X11_SURFACE (surface))
    return FALSE;
  xid = g_strdup_printf ("0x%lx", (unsigned long) gdk_x11_surface_get_xid (surface));
  if (!g_spawn_sync (NULL, (char *[]) { program, (char *) "-window", xid, (char *) path, NULL },
                     NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, NULL))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
#else
  return FALSE;
#endif
}

char *
avs_test_ui_screenshot (GtkWidget  *window,
                        const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  g_assert_true (GTK_IS_NATIVE (window));
  g_assert_true (gtk_widget_get_mapped (window));

  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  if (g_getenv ("AVS_SCREENSHOT_DIR") != NULL)
    dir = g_strdup (g_getenv ("AVS_SCREENSHOT_DIR"));
  else
    dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                            "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);

  /* The picture is the window's last drawn frame: on a loaded machine the next one may not be
   * drawn yet, so wait for it. */
  if (!has_render_node (window))
    {
      gtk_widget_queue_draw (window);
      if (!avs_test_ui_wait_until (has_render_node, window, 3000) &&
          save_from_x_server (window, path))
        {
          g_test_message ("screenshot (from the X server): %s", path);
          return g_steal_pointer (&path);
        }
    }

  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_nonnull (texture);

  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  return g_steal_pointer (&path);
}
