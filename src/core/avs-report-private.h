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

#include "avs-host.h"
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
  /* host.root was scanned by this process, so its /etc/passwd and /etc/hostname may be read to
   * know what to redact; never for a report only loaded from a file (its root names a folder
   * of another machine, or one a hostile file chose). */
  gboolean          root_scanned_here;
  /* The people of the scanned root (its /etc/passwd, user ids 1000 to 59999) and their homes
   * ("" for none), side by side: what redaction replaces, kept in a report saved with the
   * names ("personal") so that a later rendering can still redact them. */
  GStrv             people;
  GStrv             homes;
};

AvsReportStep    *_avs_report_step_new       (void);
void              _avs_report_step_free      (AvsReportStep      *step);
AvsReportCommand *_avs_report_command_new    (void);
void              _avs_report_command_free   (AvsReportCommand   *command);
void              _avs_report_statement_free (AvsReportStatement *statement);
void              _avs_report_source_free    (AvsReportSource    *source);
void              _avs_report_catalog_free   (AvsReportCatalog   *catalog);
void              _avs_report_host_clear     (AvsReportHost      *host);

/* Adds @name (and @home, may be NULL) to the report's people, once. */
void              _avs_report_add_person     (AvsReport          *self,
                                              const char         *name,
                                              const char         *home);

/* The scanned @root read through AvsHost ("/" through the sandbox's view of the computer when
 * in Flatpak); NULL when it cannot be opened or @root is NULL. */
AvsHost          *_avs_report_open_root      (const char         *root);
/* @root's /etc/hostname, one plausible line, or NULL. */
char             *_avs_report_read_host_name (const char         *root);

/* "2026-11-27T07:30:00Z", or NULL for NULL. */
char             *_avs_report_format_time    (GDateTime          *when);

/* avs-report-render.c: Markdown and HTML of a report that was loaded back (so redacted as the
 * caller asked), in the current language. */
char             *_avs_report_render_markdown (AvsReport         *self);
/* @language: for the lang attribute (NULL: the current messages language). */
char             *_avs_report_render_html     (AvsReport         *self,
                                               const char        *language);

G_END_DECLS
