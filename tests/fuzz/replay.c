/* replay.c — runs a fuzz target over its corpus without libFuzzer (the normal test suite)
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: fuzz-NAME-replay DIR|FILE… — every file (a name ending in .gz is decompressed first,
 * which keeps hostile inputs such as 80,000 nested brackets small in the repository) goes
 * through LLVMFuzzerTestOneInput() once. A crash or a violated property aborts, so the meson
 * test fails and names the file on stderr.
 */

#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include "fuzz.h"

static GBytes *
read_input (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      exit (2);
    }
  if (g_str_has_suffix (path, ".gz"))
    {
      g_autoptr(GZlibDecompressor) gunzip = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
      g_autoptr(GInputStream) raw = g_memory_input_stream_new_from_data (g_steal_pointer (&contents), length, g_free);
      g_autoptr(GInputStream) in = g_converter_input_stream_new (raw, G_CONVERTER (gunzip));
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

      if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error) < 0)
        {
          fprintf (stderr, "%s: %s\n", path, error->message);
          exit (2);
        }
      return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
    }
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static guint
replay (const char *path)
{
  g_autoptr(GBytes) input = NULL;
  gsize length = 0;
  const guint8 *data;
  g_autofree guint8 *copy = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;
      guint count = 0;

      if (dir == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          exit (2);
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; i < names->len; i++)
        count += replay (g_ptr_array_index (names, i));
      return count;
    }

  input = read_input (path);
  data = g_bytes_get_data (input, &length);
  /* An exact-size copy, so that a read past the end is caught as it is under libFuzzer. */
  copy = g_memdup2 (data != NULL ? data : (const guint8 *) "", length);
  fprintf (stderr, "replaying %s (%" G_GSIZE_FORMAT " bytes)\n", path, length);
  LLVMFuzzerTestOneInput (copy, length);
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  guint count = 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s DIR|FILE…\n", argv[0]);
      return 2;
    }
  for (int i = 1; i < argc; i++)
    count += replay (argv[i]);
  printf ("%u inputs replayed without a crash\n", count);
  return count > 0 ? 0 : 1;
}
