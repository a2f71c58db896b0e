/* fuzz-report.c — a saved session report (avswitch-report/1), which anyone may hand to
 * `avswitch report` or the window's "Open Report…"
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Beyond "no crash": a report is loaded or refused with an error, never both; a loaded report
 * saves as a document that loads again; its Markdown and HTML render, redacted or not, and the
 * HTML holds no markup of the input.
 */

#include "config.h"

#include <string.h>

#include "avs-report.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsReport) report = NULL;
  g_autoptr(AvsReport) again = NULL;
  g_autofree char *saved = NULL;
  gsize length = 0;
  AvsReportFlags flags[] = { AVS_REPORT_KEEP_PERSONAL, AVS_REPORT_FLAGS_NONE };

  fuzz_init ();
  report = avs_report_new_from_data ((const char *) data, size, "fuzz.avsreport", &error);
  FUZZ_CHECK ((report == NULL) == (error != NULL), "a report or an error, never both");
  if (report == NULL)
    return 0;

  saved = avs_report_to_data (report, AVS_REPORT_KEEP_PERSONAL, &length);
  again = avs_report_new_from_data (saved, length, "saved.avsreport", NULL);
  FUZZ_CHECK (again != NULL, "a loaded report saves as one that loads again");

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      g_autofree char *md = avs_report_render (report, AVS_REPORT_FORMAT_MARKDOWN, flags[i],
                                               NULL, NULL);
      g_autofree char *html = avs_report_render (report, AVS_REPORT_FORMAT_HTML, flags[i], NULL,
                                                 NULL);

      FUZZ_CHECK (md != NULL && html != NULL, "a loaded report renders");
      FUZZ_CHECK (strstr (html, "<script") == NULL && strstr (html, "<img") == NULL &&
                  strstr (html, "<iframe") == NULL,
                  "no markup of the input in the HTML");
    }
  return 0;
}
