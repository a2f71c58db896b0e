/* avs-report-private.h — what the session report's files share
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report is one object in three files: avs-report.c fills it and answers questions about
 * it, avs-report-json.c writes the document (redacting it) and loads it strictly,
 * avs-report-render.c renders it as Markdown and HTML. Nothing else includes this header.
 */

#pragma once

#include "avs-report.h"

G_BEGIN_DECLS

struct _AvsReport
{
  GObject           parent_instance;

  char             *tool_version;
  GDateTime        *created_at;
  GDateTime        *updated_at;
  gboolean          redacted;
  AvsReportHost     host;
  AvsScanResult    *first_scan;
  AvsScanResult    *last_scan;
  AvsScanResult    *verification;
  char             *region;
  GPtrArray        *statements;    /* AvsReportStatement */
  GPtrArray        *sources;       /* AvsReportSource */
  AvsReportCatalog *catalog;       /* NULL when not recorded */
  char             *replacement_id;
  char             *replacement_name;
  char             *replacement_method;
  gboolean          it_installs;
  GPtrArray        *steps;         /* AvsReportStep */
  GStrv             log;
  gboolean          managed_continued;
};

AvsReportStep    *_avs_report_step_new       (void);
void              _avs_report_step_free      (AvsReportStep      *step);
AvsReportCommand *_avs_report_command_new    (void);
void              _avs_report_command_free   (AvsReportCommand   *command);
void              _avs_report_statement_free (AvsReportStatement *statement);
void              _avs_report_source_free    (AvsReportSource    *source);
void              _avs_report_catalog_free   (AvsReportCatalog   *catalog);
void              _avs_report_host_clear     (AvsReportHost      *host);

/* "2026-11-27T07:30:00Z", or NULL for NULL. */
char             *_avs_report_format_time    (GDateTime          *when);

/* avs-report-render.c: Markdown and HTML of a report that was loaded back (so redacted as the
 * caller asked), in the current language. */
char             *_avs_report_render_markdown (AvsReport         *self);
/* @language: for the lang attribute (NULL: the current messages language). */
char             *_avs_report_render_html     (AvsReport         *self,
                                               const char        *language);

G_END_DECLS
