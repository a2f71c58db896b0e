/* test-fileutil.c — atomic writes leave the old or the new content, never half
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "avs-fileutil.h"
#include "avs-test-common.h"

static void
test_write_atomic_replaces (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = avs_test_make_tmpdir ("avs-fileutil-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "sub", "dir", "state.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autofree char *parent = g_path_get_dirname (path);
  guint entries = 0;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_true (avs_file_write_atomic (path, "old", 3, 0600, &error));
  g_assert_no_error (error);
  g_assert_true (avs_file_write_atomic (path, "new content", 11, 0600, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "new content");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* No temporary file is left beside it. */
  listing = g_dir_open (parent, 0, &error);
  g_assert_no_error (error);
  while (g_dir_read_name (listing) != NULL)
    entries++;
  g_assert_cmpuint (entries, ==, 1);
}

static void
test_write_atomic_failure_keeps_old (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = avs_test_make_tmpdir ("avs-fileutil-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "keep.txt", NULL);
  g_autofree char *contents = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("root ignores directory permissions");
      return;
    }

  g_assert_true (avs_file_write_atomic (path, "precious", 8, 0644, &error));
  g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
  g_assert_false (avs_file_write_atomic (path, "lost?", 5, 0644, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "keep.txt"));
  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious");
}

static void
test_write_atomic_into_a_file_fails (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = avs_test_make_tmpdir ("avs-fileutil-XXXXXX");
  g_autofree char *blocker = g_build_filename (dir, "blocker", NULL);
  g_autofree char *path = g_build_filename (blocker, "child.txt", NULL);

  /* A regular file where a folder should be: a failure with a message, even as root. */
  g_assert_true (g_file_set_contents (blocker, "x", 1, NULL));
  g_assert_false (avs_file_write_atomic (path, "data", 4, 0644, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "blocker"));
}

static void
test_cache_and_state_paths (void)
{
  g_autofree char *cache = avs_cache_path ("catalog.json");
  g_autofree char *state = avs_state_path ("plan.json");

  g_assert_true (g_str_has_prefix (cache, g_get_user_cache_dir ()));
  g_assert_true (g_str_has_suffix (cache, "/avswitch/catalog.json"));
  g_assert_true (g_str_has_prefix (state, g_get_user_state_dir ()));
  g_assert_true (g_str_has_suffix (state, "/avswitch/plan.json"));
}

int
main (int    argc,
      char **argv)
{
  avs_test_init (&argc, &argv);

  g_test_add_func ("/fileutil/write-atomic-replaces", test_write_atomic_replaces);
  g_test_add_func ("/fileutil/write-atomic-failure-keeps-old", test_write_atomic_failure_keeps_old);
  g_test_add_func ("/fileutil/write-atomic-into-a-file-fails", test_write_atomic_into_a_file_fails);
  g_test_add_func ("/fileutil/cache-and-state-paths", test_cache_and_state_paths);

  return g_test_run ();
}
