/* fuzz-common.c — the helpers of fuzz.h
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE  /* nftw() */

#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "avs-json.h"
#include "fuzz.h"

static char *root_dir;

static GLogWriterOutput
quiet_writer (GLogLevelFlags   level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    {
      g_log_writer_standard_streams (level, fields, n_fields, user_data);
      abort ();
    }
  return G_LOG_WRITER_HANDLED;
}

void
fuzz_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      setlocale (LC_ALL, "C.UTF-8");
      g_log_set_writer_func (quiet_writer, NULL, NULL);
      g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);
      g_once_init_leave (&done, 1);
    }
}

G_NORETURN void
fuzz_fail (const char *where,
           const char *what)
{
  fprintf (stderr, "%s: property violated: %s\n", where, what);
  abort ();
}

gboolean
fuzz_skip (const char *problem)
{
  g_auto(GStrv) skip = g_strsplit (g_getenv ("AVS_FUZZ_SKIP") != NULL ? g_getenv ("AVS_FUZZ_SKIP") : "", ",", -1);

  return g_strv_contains ((const char * const *) skip, problem);
}

static int
remove_entry (const char        *path,
              const struct stat *st,
              int                flag,
              struct FTW        *ftw)
{
  remove (path);
  return 0;
}

static void
remove_root (void)
{
  if (root_dir != NULL)
    nftw (root_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *
fuzz_root (void)
{
  if (root_dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      root_dir = g_dir_make_tmp ("avswitch-fuzz-XXXXXX", &error);
      if (root_dir == NULL)
        fuzz_fail (G_STRLOC, error->message);
      atexit (remove_root);
    }
  return root_dir;
}

void
fuzz_write (const char    *relative,
            const uint8_t *data,
            size_t         size)
{
  g_autofree char *path = g_build_filename (fuzz_root (), relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  FILE *file;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    fuzz_fail (G_STRLOC, g_strerror (errno));
  /* Not g_file_set_contents(): no temporary file and no fsync, thousands of times a second. */
  file = fopen (path, "wb");
  if (file == NULL)
    fuzz_fail (G_STRLOC, g_strerror (errno));
  if (size > 0 && fwrite (data, 1, size, file) != size)
    fuzz_fail (G_STRLOC, "short write");
  fclose (file);
}

char *
fuzz_strndup (const uint8_t *data,
              size_t         size)
{
  return g_strndup ((const char *) data, size);
}

AvsScanner *
fuzz_scanner (void)
{
  static AvsScanner *scanner;

  if (scanner == NULL)
    {
      g_autoptr(GError) error = NULL;
      static const char * const no_homes[] = { NULL };

      scanner = avs_scanner_new_for_root (fuzz_root (), NULL, &error);
      if (scanner == NULL)
        fuzz_fail (G_STRLOC, error->message);
      avs_scanner_set_homes (scanner, no_homes);
    }
  return scanner;
}

void
fuzz_scan_step (AvsScannerStep  step,
                const char     *arg)
{
  g_autoptr(AvsScanResult) result = avs_scanner_run_step (fuzz_scanner (), step, arg);
  g_autoptr(AvsScanResult) back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  FUZZ_CHECK (result != NULL, "a step without a result");
  text = avs_scan_result_to_data (result, &length);
  /* Bytes that are not UTF-8 and U+001F once reached the document as they were (reproducers in
   * the dpkg, pacman, os-release and scan corpora): the writer repairs both now. */
  FUZZ_CHECK (g_utf8_validate (text, length, NULL), "the scan document is not UTF-8");
  node = avs_json_parse_data (text, length, "scan.json", &error);
  if (node != NULL)
    back = avs_scan_result_new_from_json (node, &error);
  if (back == NULL)
    {
      fprintf (stderr, "%s\n%s\n", error->message, text);
      fuzz_fail (G_STRLOC, "the scan's own document does not load again");
    }
}
