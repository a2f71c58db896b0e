/* avs-report-render.c — the session report as Markdown and as one self-contained HTML page
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both formats are written by one walk over the report (render_report()) through a small
 * writer with a Markdown and an HTML implementation, so they always hold the same facts.
 *
 * Every string of the report was recorded from the machine or a file and is hostile: control
 * and bidirectional characters are made visible first (avs_text_escape_for_terminal()), then
 * the writer escapes for its format — HTML's five special characters, Markdown's punctuation,
 * code blocks fenced longer than any run of backticks in them. The only links are the sources'
 * https addresses, which the loader already checked. The HTML has no script, no external
 * style sheet, font or image, and is well-formed XML (void elements closed), so a parser can
 * check it.
 *
 * The report's own strings are translated with dgettext() rather than GLib's _(): g_dgettext()
 * may have decided at start-up never to translate (avs-language.h), and a rendering in another
 * language must work whatever the starting locale.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libintl.h>
#include <locale.h>
#include <string.h>

#include "avs-fileutil.h"
#include "avs-language.h"
#include "avs-region.h"
#include "avs-report-private.h"
#include "avs-text.h"
#include "avs-timeline.h"

#undef _
#define _(String) dgettext (GETTEXT_PACKAGE, String)
#undef ngettext
#define ngettext(One, Many, N) dngettext (GETTEXT_PACKAGE, One, Many, N)

/* ---------------------------------------------------------------------------------------------
 * The writer
 * ------------------------------------------------------------------------------------------- */

typedef struct _Writer Writer;

struct _Writer
{
  GString *out;
  void (*heading)    (Writer *w, guint level, const char *text);
  void (*paragraph)  (Writer *w, const char *text);
  void (*field)      (Writer *w, const char *label, const char *value);
  void (*field_code) (Writer *w, const char *label, const char *value);
  void (*list_begin) (Writer *w);
  void (*item)       (Writer *w, const char *text);
  void (*list_end)   (Writer *w);
  void (*code)       (Writer *w, const char *text);
  void (*source)     (Writer *w, guint number, const char *title, const char *url);
  void (*section)    (Writer *w, gboolean begin, const char *css_class);
};

/* Control, bidirectional and invalid characters made visible; NULL stays NULL. */
static char *
visible (const char *text,
         gboolean    keep_newlines)
{
  return avs_text_escape_for_terminal (text, -1, keep_newlines ? AVS_TEXT_ESCAPE_KEEP_NEWLINES
                                                               : AVS_TEXT_ESCAPE_DEFAULT);
}

/* HTML ------------------------------------------------------------------------------------- */

static void
html_escape_append (GString    *out,
                    const char *raw,
                    gboolean    keep_newlines)
{
  g_autofree char *text = visible (raw != NULL ? raw : "", keep_newlines);

  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '"': g_string_append (out, "&quot;"); break;
        case '\'': g_string_append (out, "&#39;"); break;
        default: g_string_append_c (out, *p); break;
        }
    }
}

static void
html_heading (Writer     *w,
              guint       level,
              const char *text)
{
  g_string_append_printf (w->out, "<h%u>", level);
  html_escape_append (w->out, text, FALSE);
  g_string_append_printf (w->out, "</h%u>\n", level);
}

static void
html_paragraph (Writer     *w,
                const char *text)
{
  g_string_append (w->out, "<p>");
  html_escape_append (w->out, text, FALSE);
  g_string_append (w->out, "</p>\n");
}

static void
html_field (Writer     *w,
            const char *label,
            const char *value)
{
  g_string_append (w->out, "<p class=\"field\"><span class=\"label\">");
  html_escape_append (w->out, label, FALSE);
  g_string_append (w->out, "</span> ");
  html_escape_append (w->out, value, FALSE);
  g_string_append (w->out, "</p>\n");
}

static void
html_field_code (Writer     *w,
                 const char *label,
                 const char *value)
{
  g_string_append (w->out, "<p class=\"field\"><span class=\"label\">");
  html_escape_append (w->out, label, FALSE);
  g_string_append (w->out, "</span> <code>");
  html_escape_append (w->out, value, FALSE);
  g_string_append (w->out, "</code></p>\n");
}

static void
html_list_begin (Writer *w)
{
  g_string_append (w->out, "<ul>\n");
}

static void
html_item (Writer     *w,
           const char *text)
{
  g_string_append (w->out, "<li>");
  html_escape_append (w->out, text, FALSE);
  g_string_append (w->out, "</li>\n");
}

static void
html_list_end (Writer *w)
{
  g_string_append (w->out, "</ul>\n");
}

static void
html_code (Writer     *w,
           const char *text)
{
  g_string_append (w->out, "<pre>");
  html_escape_append (w->out, text, TRUE);
  g_string_append (w->out, "</pre>\n");
}

static void
html_source (Writer     *w,
             guint       number,
             const char *title,
             const char *url)
{
  g_string_append_printf (w->out, "<p class=\"source\">[%u] ", number);
  html_escape_append (w->out, title, FALSE);
  /* The loader accepts https addresses only; checked again, as this is the one link. */
  if (url != NULL && g_str_has_prefix (url, "https://"))
    {
      g_string_append (w->out, " <a href=\"");
      html_escape_append (w->out, url, FALSE);
      g_string_append (w->out, "\" rel=\"noreferrer noopener\">");
      html_escape_append (w->out, url, FALSE);
      g_string_append (w->out, "</a>");
    }
  else if (url != NULL)
    {
      /* An http address is shown, not linked: the page links to https only. */
      g_string_append (w->out, " <span class=\"url\">");
      html_escape_append (w->out, url, FALSE);
      g_string_append (w->out, "</span>");
    }
  g_string_append (w->out, "</p>\n");
}

static void
html_section (Writer     *w,
              gboolean    begin,
              const char *css_class)
{
  if (begin)
    g_string_append_printf (w->out, "<section class=\"%s\">\n", css_class);
  else
    g_string_append (w->out, "</section>\n");
}

/* Markdown --------------------------------------------------------------------------------- */

/* One line of text: every character Markdown (CommonMark, and GitHub's tables and strike-through)
 * could read as inline markup is backslash-escaped; line breaks become spaces (a value cannot
 * start a block of its own). At the start of a line, a first character that could open a block
 * (a heading, a list, a quote) and the "." or ")" of a leading number are escaped too. */
static void
md_escape_append (GString    *out,
                  const char *raw,
                  gboolean    line_start)
{
  g_autofree char *text = visible (raw != NULL ? raw : "", FALSE);
  const char *p = text;

  if (line_start)
    {
      const char *digits = p;

      while (g_ascii_isdigit (*digits))
        digits++;
      if (digits > p && (*digits == '.' || *digits == ')'))
        {
          g_string_append_len (out, p, digits - p);
          g_string_append_c (out, '\\');
          p = digits;
        }
      else if (*p != '\0' && strchr ("#-+=>:", *p) != NULL)
        g_string_append_c (out, '\\');
    }
  for (; *p != '\0'; p++)
    {
      if (strchr ("\\`*_[]<>&|~#", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
}

/* Markdown needs a blank line between a list and the paragraph after it. */
static void
md_blank_line (GString *out)
{
  if (out->len > 0 && !g_str_has_suffix (out->str, "\n\n"))
    g_string_append_c (out, '\n');
}

static void
md_heading (Writer     *w,
            guint       level,
            const char *text)
{
  g_string_append_c (w->out, '\n');
  for (guint i = 0; i < level; i++)
    g_string_append_c (w->out, '#');
  g_string_append_c (w->out, ' ');
  md_escape_append (w->out, text, FALSE);
  g_string_append (w->out, "\n\n");
}

static void
md_paragraph (Writer     *w,
              const char *text)
{
  md_blank_line (w->out);
  md_escape_append (w->out, text, TRUE);
  g_string_append (w->out, "\n\n");
}

static void
md_field (Writer     *w,
          const char *label,
          const char *value)
{
  g_string_append (w->out, "- **");
  md_escape_append (w->out, label, FALSE);
  g_string_append (w->out, "** ");
  md_escape_append (w->out, value, FALSE);
  g_string_append_c (w->out, '\n');
}

/* A value as a code span: delimited by more backticks than any run inside, with a space on
 * each side so a backtick at its edge cannot join the delimiter. */
static void
md_field_code (Writer     *w,
               const char *label,
               const char *raw)
{
  g_autofree char *text = visible (raw != NULL ? raw : "", FALSE);
  g_autofree char *ticks = NULL;
  guint longest = 0, run = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      run = *p == '`' ? run + 1 : 0;
      longest = MAX (longest, run);
    }
  ticks = g_strnfill (longest + 1, '`');
  g_string_append (w->out, "- **");
  md_escape_append (w->out, label, FALSE);
  g_string_append_printf (w->out, "** %s %s %s\n", ticks, text, ticks);
}

static void
md_list_begin (Writer *w)
{
}

static void
md_item (Writer     *w,
         const char *text)
{
  g_string_append (w->out, "- ");
  md_escape_append (w->out, text, FALSE);
  g_string_append_c (w->out, '\n');
}

static void
md_list_end (Writer *w)
{
  g_string_append_c (w->out, '\n');
}

static void
md_code (Writer     *w,
         const char *raw)
{
  g_autofree char *text = visible (raw != NULL ? raw : "", TRUE);
  guint longest = 0, run = 0;
  g_autofree char *fence = NULL;

  /* A fence longer than any run of backticks inside: the block cannot be closed early. */
  for (const char *p = text; *p != '\0'; p++)
    {
      run = *p == '`' ? run + 1 : 0;
      longest = MAX (longest, run);
    }
  fence = g_strnfill (MAX (3, longest + 1), '`');
  md_blank_line (w->out);
  g_string_append_printf (w->out, "%s\n%s", fence, text);
  if (*text == '\0' || text[strlen (text) - 1] != '\n')
    g_string_append_c (w->out, '\n');
  g_string_append_printf (w->out, "%s\n\n", fence);
}

static void
md_source (Writer     *w,
           guint       number,
           const char *title,
           const char *url)
{
  g_string_append_printf (w->out, "%u. ", number);
  md_escape_append (w->out, title, FALSE);
  if (url != NULL && g_str_has_prefix (url, "https://"))
    g_string_append_printf (w->out, " <%s>", url);   /* checked: no space, quote or angle */
  else if (url != NULL)
    {
      g_string_append_c (w->out, ' ');
      md_escape_append (w->out, url, FALSE);
    }
  g_string_append_c (w->out, '\n');
}

static void
md_section (Writer     *w,
            gboolean    begin,
            const char *css_class)
{
}

/* ---------------------------------------------------------------------------------------------
 * The walk
 * ------------------------------------------------------------------------------------------- */

static char *
format_when (GDateTime *when)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *text = NULL;

  if (when == NULL)
    return g_strdup (_("unknown"));
  utc = g_date_time_to_utc (when);
  text = avs_format_date_time (utc);
  /* Translators: a date and time in the session report ("28 November 2026, 14:05 UTC") */
  return g_strdup_printf (_("%s UTC"), text);
}

static const char *
outcome_sentence (AvsScanResult *scan)
{
  switch (avs_scan_result_get_outcome (scan))
    {
    case AVS_SCAN_OUTCOME_CLEAN:
      return _("No Kaspersky software was found, and every place was checked.");
    case AVS_SCAN_OUTCOME_INCOMPLETE:
      return _("No Kaspersky software was found in what could be checked, but some places "
               "could not be checked.");
    case AVS_SCAN_OUTCOME_FOUND:
    default:
      return _("Kaspersky software was found.");
    }
}

static const char *
status_label (AvsStepStatus status)
{
  switch (status)
    {
    case AVS_STEP_STATUS_RUNNING:
      return _("Running (the session ended during this step)");
    case AVS_STEP_STATUS_DONE:
      return _("Done");
    case AVS_STEP_STATUS_FAILED:
      return _("Failed");
    case AVS_STEP_STATUS_SKIPPED:
      return _("Continued past by the technician");
    case AVS_STEP_STATUS_PENDING:
    default:
      return _("Not run");
    }
}

static const char *
yes_no (gboolean value)
{
  return value ? _("yes") : _("no");
}

static void
render_scan (Writer        *w,
             AvsScanResult *scan,
             const char    *title)
{
  GPtrArray *findings = avs_scan_result_get_findings (scan);
  GPtrArray *not_checked = avs_scan_result_get_not_checked (scan);
  g_autofree char *when = format_when (avs_scan_result_get_scanned_at (scan));

  w->section (w, TRUE, "scan");
  w->heading (w, 2, title);
  w->field (w, _("When:"), when);
  w->field (w, _("Scanned:"), avs_scan_result_get_live (scan) ? _("this computer")
                                                               : avs_scan_result_get_root (scan));
  w->field (w, _("Result:"), outcome_sentence (scan));
  w->field (w, _("Centrally managed:"), yes_no (avs_scan_result_is_managed (scan)));

  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);
      GPtrArray *evidence = avs_finding_get_evidence (finding);
      g_autofree char *heading = avs_finding_get_version (finding) != NULL
        ? g_strdup_printf ("%s %s", avs_finding_get_name (finding), avs_finding_get_version (finding))
        : g_strdup (avs_finding_get_name (finding));

      w->heading (w, 3, heading);
      w->field (w, _("Product id:"), avs_finding_get_product_id (finding));
      w->field (w, _("State:"), avs_install_state_to_label (avs_finding_get_state (finding)));
      w->field (w, _("Running:"), yes_no (avs_finding_get_running (finding)));
      if (avs_finding_get_management_server (finding) != NULL)
        w->field (w, _("Management server:"), avs_finding_get_management_server (finding));
      if (avs_finding_get_signatures_updated (finding) != NULL)
        {
          g_autofree char *date = avs_format_date (avs_finding_get_signatures_updated (finding));
          w->field (w, _("Signature databases last updated:"), date);
        }
      w->list_begin (w);
      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);
          g_autofree char *line = e->detail != NULL
            ? g_strdup_printf ("%s: %s (%s)", avs_evidence_kind_to_label (e->kind), e->value, e->detail)
            : g_strdup_printf ("%s: %s", avs_evidence_kind_to_label (e->kind), e->value);

          w->item (w, line);
        }
      w->list_end (w);
    }

  for (int pass = 0; pass < 2; pass++)
    {
      gboolean notes = pass == 1;
      gboolean heading = FALSE;

      for (guint i = 0; i < not_checked->len; i++)
        {
          AvsNotChecked *entry = g_ptr_array_index (not_checked, i);
          g_autofree char *line = NULL;

          if (entry->note != notes)
            continue;
          if (!heading)
            {
              w->heading (w, 3, notes ? _("Notes") : _("Could not check"));
              w->list_begin (w);
              heading = TRUE;
            }
          line = entry->path != NULL
            ? g_strdup_printf ("%s (%s): %s", entry->what, entry->path, entry->reason)
            : g_strdup_printf ("%s: %s", entry->what, entry->reason);
          w->item (w, line);
        }
      if (heading)
        w->list_end (w);
    }
  w->section (w, FALSE, NULL);
}

static char *
command_line (char **argv)
{
  GString *line = g_string_new (NULL);

  for (guint i = 0; argv != NULL && argv[i] != NULL; i++)
    {
      gboolean plain = *argv[i] != '\0';

      for (const char *p = argv[i]; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && strchr ("/._+@:,=-", *p) == NULL)
          plain = FALSE;
      if (i > 0)
        g_string_append_c (line, ' ');
      if (plain)
        g_string_append (line, argv[i]);
      else
        {
          g_autofree char *quoted = g_shell_quote (argv[i]);
          g_string_append (line, quoted);
        }
    }
  return g_string_free (line, FALSE);
}

static void
render_step (Writer        *w,
             guint          number,
             AvsReportStep *step)
{
  g_autofree char *heading = g_strdup_printf ("%u. %s", number,
                                              step->title != NULL ? step->title : step->id);

  w->section (w, TRUE, "step");
  w->heading (w, 3, heading);
  w->field (w, _("Status:"), status_label (step->status));
  if (step->message != NULL)
    w->field (w, _("Why it failed:"), step->message);
  if (step->started_at != NULL)
    {
      g_autofree char *started = format_when (step->started_at);
      g_autofree char *finished = format_when (step->finished_at);

      w->field (w, _("Started:"), started);
      w->field (w, _("Ended:"), finished);
    }
  if (step->explanation != NULL)
    w->paragraph (w, step->explanation);

  for (guint i = 0; i < step->commands->len; i++)
    {
      AvsReportCommand *command = g_ptr_array_index (step->commands, i);
      g_autofree char *line = command_line (command->argv);
      g_autofree char *result = NULL;

      w->field_code (w, command->needs_admin ? _("Command (as administrator):") : _("Command:"),
                     line);
      if (!command->ran)
        result = g_strdup (_("not run"));
      else if (command->dry_run)
        result = g_strdup (_("only recorded (dry run)"));
      else
        /* Translators: the first %d is an exit status, the second a number of milliseconds */
        result = g_strdup_printf (_("exit status %d after %u ms"), command->exit_status,
                                  (guint) MIN (command->duration_ms, G_MAXUINT));
      w->field (w, _("Result:"), result);
      if (command->output != NULL && *command->output != '\0')
        w->code (w, command->output);
    }
  if (step->log != NULL && step->log[0] != NULL)
    {
      g_autofree char *log = g_strjoinv ("\n", step->log);

      w->field (w, _("Log:"), "");
      w->code (w, log);
    }
  w->section (w, FALSE, NULL);
}

static void
render_explanation (Writer    *w,
                    AvsReport *self)
{
  static const struct { const char *section; const char *title; } sections[] = {
    { "summary", N_("What this means for you") },
    { "for-you", N_("What the ban means in this region") },
    { "machine", N_("What the scan found on this computer") },
  };

  if (self->region == NULL && self->statements->len == 0)
    return;
  w->section (w, TRUE, "explanation");
  w->heading (w, 2, _("Region and explanation shown"));
  w->field (w, _("Region:"), self->region != NULL ? avs_region_get_name (self->region)
                                                  : _("unknown"));
  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < self->statements->len; i++)
        {
          AvsReportStatement *statement = g_ptr_array_index (self->statements, i);
          GString *text;

          if (!g_str_equal (statement->section, sections[s].section))
            continue;
          if (!any)
            {
              w->heading (w, 3, _(sections[s].title));
              any = TRUE;
            }
          text = g_string_new (statement->text);
          for (guint j = 0; j < statement->n_refs; j++)
            g_string_append_printf (text, " [%u]", statement->refs[j]);
          w->paragraph (w, text->str);
          g_string_free (text, TRUE);
        }
    }
  if (self->sources->len > 0)
    {
      w->heading (w, 3, _("Sources"));
      for (guint i = 0; i < self->sources->len; i++)
        {
          AvsReportSource *source = g_ptr_array_index (self->sources, i);
          w->source (w, i + 1, source->title, source->url);
        }
    }
  w->section (w, FALSE, NULL);
}

static void
render_catalog (Writer    *w,
                AvsReport *self)
{
  AvsReportCatalog *catalog = self->catalog;
  g_autofree char *serial = NULL;

  if (catalog == NULL)
    return;
  w->heading (w, 2, _("Catalog of replacements"));
  serial = g_strdup_printf ("%" G_GINT64_FORMAT, catalog->serial);
  w->field (w, _("Serial:"), serial);
  if (catalog->source != NULL)
    w->field (w, _("Copy in use:"),
              g_str_equal (catalog->source, "bundled") ? _("the copy bundled with AV Switch")
              : g_str_equal (catalog->source, "cache") ? _("a copy downloaded earlier")
              : g_str_equal (catalog->source, "network") ? _("downloaded during the session")
              : catalog->source);
  if (catalog->url != NULL)
    w->field (w, _("Updated from:"), catalog->url);
  if (catalog->generated != NULL)
    {
      g_autofree char *made = format_when (catalog->generated);
      guint days = (guint) MIN (avs_days_between (catalog->generated, self->updated_at),
                                1000000);
      g_autofree char *age = g_strdup_printf (ngettext ("%u day old when the report was saved",
                                                        "%u days old when the report was saved",
                                                        days), days);

      w->field (w, _("Made on:"), made);
      w->field (w, _("Age:"), age);
    }
}

static void
render_replacement (Writer    *w,
                    AvsReport *self)
{
  w->heading (w, 2, _("Replacement"));
  if (self->replacement_name != NULL || self->replacement_id != NULL)
    {
      g_autofree char *product = self->replacement_name != NULL && self->replacement_id != NULL
        ? g_strdup_printf ("%s (%s)", self->replacement_name, self->replacement_id)
        : g_strdup (self->replacement_name != NULL ? self->replacement_name : self->replacement_id);

      w->field (w, _("Chosen:"), product);
      if (self->replacement_method != NULL)
        w->field (w, _("Installed with:"), self->replacement_method);
    }
  else if (self->it_installs)
    w->paragraph (w, _("None: the IT department installs the replacement."));
  else
    w->paragraph (w, _("None chosen."));
}

/* Whether the commands that ran were only recorded. */
static gboolean
was_dry_run (AvsReport *self)
{
  gboolean any = FALSE;

  for (guint i = 0; i < self->steps->len; i++)
    {
      AvsReportStep *step = g_ptr_array_index (self->steps, i);

      for (guint j = 0; j < step->commands->len; j++)
        {
          AvsReportCommand *command = g_ptr_array_index (step->commands, j);

          if (command->ran && !command->dry_run)
            return FALSE;
          any = any || command->ran;
        }
    }
  return any;
}

static void
render_report (Writer    *w,
               AvsReport *self)
{
  g_autofree char *created = format_when (self->created_at);
  g_autofree char *updated = format_when (self->updated_at);
  AvsScanResult *result = self->verification != NULL ? self->verification : self->last_scan;

  w->heading (w, 1, _("AV Switch session report"));
  w->field (w, _("Made with:"), self->tool_version != NULL ? self->tool_version : _("unknown"));
  w->field (w, _("Started:"), created);
  w->field (w, _("Last updated:"), updated);
  if (self->redacted)
    w->paragraph (w, _("Personal data was replaced: the host name by <host>, user names by "
                       "<user>, home folders by ~."));
  if (result != NULL)
    w->field (w, _("Result:"), outcome_sentence (result));
  if (self->managed_continued)
    w->paragraph (w, _("This computer is centrally managed by Kaspersky Security Center, and "
                       "the technician chose to continue past the warning."));
  if (was_dry_run (self))
    w->paragraph (w, _("This was a dry run: the commands were only recorded, nothing was "
                       "changed."));

  w->section (w, TRUE, "host");
  w->heading (w, 2, _("Computer"));
  if (self->host.name != NULL)
    w->field (w, _("Host name:"), self->host.name);
  w->field (w, _("Distribution:"), self->host.distribution != NULL ? self->host.distribution
                                                                   : _("unknown"));
  w->field (w, _("Kernel:"), self->host.kernel != NULL ? self->host.kernel : _("unknown"));
  w->field (w, _("Desktop:"), self->host.desktop != NULL ? self->host.desktop : _("unknown"));
  if (self->host.root != NULL && !g_str_equal (self->host.root, "/"))
    w->field (w, _("Scanned folder:"), self->host.root);
  w->section (w, FALSE, NULL);

  if (self->first_scan != NULL)
    render_scan (w, self->first_scan, _("First scan"));
  if (self->last_scan != NULL && self->last_scan != self->first_scan &&
      self->verification == NULL)
    render_scan (w, self->last_scan, _("Last scan"));

  render_explanation (w, self);
  render_catalog (w, self);
  render_replacement (w, self);

  if (self->steps->len > 0)
    {
      w->heading (w, 2, _("Plan steps"));
      for (guint i = 0; i < self->steps->len; i++)
        render_step (w, i + 1, g_ptr_array_index (self->steps, i));
    }

  if (self->verification != NULL)
    render_scan (w, self->verification, _("Verification scan"));

  if (self->log != NULL && self->log[0] != NULL)
    {
      g_autofree char *log = g_strjoinv ("\n", self->log);

      w->heading (w, 2, _("Session log"));
      w->code (w, log);
    }
}

/* ---------------------------------------------------------------------------------------------
 * The two formats
 * ------------------------------------------------------------------------------------------- */

char *
_avs_report_render_markdown (AvsReport *self)
{
  Writer w = {
    g_string_new (NULL), md_heading, md_paragraph, md_field, md_field_code, md_list_begin, md_item,
    md_list_end, md_code, md_source, md_section,
  };

  render_report (&w, self);
  /* The first heading opens with a blank line of its own. */
  if (w.out->len > 0 && w.out->str[0] == '\n')
    g_string_erase (w.out, 0, 1);
  return g_string_free (w.out, FALSE);
}

static const char html_style[] =
  "body{font-family:system-ui,sans-serif;max-width:52em;margin:1em auto;padding:0 1em;"
  "line-height:1.45;color:#1c1c1c;background:#fff}"
  "h1{font-size:1.6em}h2{font-size:1.3em;border-bottom:1px solid #ccc;margin-top:1.6em}"
  "h3{font-size:1.1em}"
  ".field{margin:.2em 0}.label{font-weight:bold}code{font-size:.9em;overflow-wrap:anywhere}"
  "pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f4f4f4;border:1px solid #ddd;"
  "padding:.5em;font-size:.9em}"
  "section.step{border-left:3px solid #ccc;padding-left:.8em;margin:1em 0}"
  "a{color:#1a5fb4}"
  "@media print{body{max-width:none;margin:0;font-size:10.5pt}"
  "pre{background:none;font-size:9pt}section{break-inside:avoid-page}"
  "a::after{content:none}}";

/* The lang attribute: the language asked for, else the messages locale's, else English. */
static char *
html_lang (const char *language)
{
  const char *from = language;
  gsize length = 0;

  if (from == NULL || *from == '\0')
    from = g_getenv ("LANGUAGE");
  if (from == NULL || *from == '\0')
    from = setlocale (LC_MESSAGES, NULL);
  if (from == NULL || g_str_equal (from, "C") || g_str_has_prefix (from, "C.") ||
      g_str_equal (from, "POSIX"))
    return g_strdup ("en");
  while (g_ascii_isalpha (from[length]) && length < 8)
    length++;
  if (length < 2)
    return g_strdup ("en");
  return g_ascii_strdown (from, (gssize) length);
}

char *
_avs_report_render_html (AvsReport  *self,
                         const char *language)
{
  Writer w = {
    g_string_new (NULL), html_heading, html_paragraph, html_field, html_field_code, html_list_begin,
    html_item,
    html_list_end, html_code, html_source, html_section,
  };
  g_autofree char *lang = html_lang (language);

  /* Polyglot HTML: a browser reads it as HTML5, an XML parser as well-formed XHTML. */
  g_string_append_printf (w.out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
                          "<meta charset=\"utf-8\"/>\n"
                          "<meta name=\"viewport\" content=\"width=device-width\"/>\n"
                          "<meta name=\"referrer\" content=\"no-referrer\"/>\n"
                          "<title>", lang);
  html_escape_append (w.out, _("AV Switch session report"), FALSE);
  g_string_append_printf (w.out, "</title>\n<style>%s</style>\n</head>\n<body>\n", html_style);
  render_report (&w, self);
  g_string_append (w.out, "</body>\n</html>\n");
  return g_string_free (w.out, FALSE);
}

/* ---------------------------------------------------------------------------------------------
 * Public
 * ------------------------------------------------------------------------------------------- */

gboolean
avs_report_format_from_string (const char      *string,
                               AvsReportFormat *out_format)
{
  if (g_strcmp0 (string, "json") == 0)
    *out_format = AVS_REPORT_FORMAT_JSON;
  else if (g_strcmp0 (string, "md") == 0 || g_strcmp0 (string, "markdown") == 0)
    *out_format = AVS_REPORT_FORMAT_MARKDOWN;
  else if (g_strcmp0 (string, "html") == 0)
    *out_format = AVS_REPORT_FORMAT_HTML;
  else
    return FALSE;
  return TRUE;
}

const char *
avs_report_format_to_string (AvsReportFormat format)
{
  switch (format)
    {
    case AVS_REPORT_FORMAT_MARKDOWN:
      return "md";
    case AVS_REPORT_FORMAT_HTML:
      return "html";
    case AVS_REPORT_FORMAT_JSON:
    default:
      return "json";
    }
}

char *
avs_report_render (AvsReport       *self,
                   AvsReportFormat  format,
                   AvsReportFlags   flags,
                   const char      *language,
                   GError         **error)
{
  g_autofree char *data = NULL;
  g_autoptr(AvsReport) copy = NULL;
  g_autoptr(AvsLanguageScope) scope = NULL;
  gsize length = 0;

  g_return_val_if_fail (AVS_IS_REPORT (self), NULL);

  if (language != NULL && *language != '\0' && !avs_language_is_valid (language))
    {
      g_set_error (error, AVS_REPORT_ERROR, AVS_REPORT_ERROR_FAILED,
                   /* Translators: %s is what the user gave as a language */
                   _("“%s” is not a language code such as “de” or “pt_BR”."), language);
      return NULL;
    }

  data = avs_report_to_data (self, flags, &length);
  /* Never a report that its own loader would refuse (the scans are not cut, the output is). */
  if (length > AVS_REPORT_MAX_SIZE)
    {
      g_set_error (error, AVS_REPORT_ERROR, AVS_REPORT_ERROR_TOO_LARGE,
                   /* Translators: %u is a size in MiB */
                   _("The session report would be larger than %u MiB."),
                   (guint) (AVS_REPORT_MAX_SIZE / (1024 * 1024)));
      return NULL;
    }
  if (format == AVS_REPORT_FORMAT_JSON)
    return g_steal_pointer (&data);

  /* Rendered from the document as saved: redacted as asked, and through the same checks as a
   * report opened from a file. */
  copy = avs_report_new_from_data (data, length, NULL, error);
  if (copy == NULL)
    return NULL;

  scope = avs_language_scope_enter (language);
  if (format == AVS_REPORT_FORMAT_HTML)
    return _avs_report_render_html (copy, language);
  return _avs_report_render_markdown (copy);
}

gboolean
avs_report_write_file (AvsReport       *self,
                       const char      *path,
                       AvsReportFormat  format,
                       AvsReportFlags   flags,
                       const char      *language,
                       GError         **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (AVS_IS_REPORT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  text = avs_report_render (self, format, flags, language, error);
  if (text == NULL)
    return FALSE;
  return avs_file_write_atomic (path, text, strlen (text), 0600, error);
}
