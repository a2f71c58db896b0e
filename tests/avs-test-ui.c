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

  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_nonnull (texture);

  if (g_getenv ("AVS_SCREENSHOT_DIR") != NULL)
    dir = g_strdup (g_getenv ("AVS_SCREENSHOT_DIR"));
  else
    dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                            "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  return g_steal_pointer (&path);
}
