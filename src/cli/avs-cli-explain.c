/* avs-cli-explain.c — `avswitch explain`: the ban explained, with dates and sources, as text
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "avs-cli-commands.h"
#include "avs-explanation.h"
#include "avs-json.h"
#include "avs-text.h"

#define WRAP_WIDTH 78

/* Appends @text to @out, wrapped at WRAP_WIDTH columns; the first line starts with @first
 * (already counted as @indent columns wide), the following lines with @indent spaces. */
static void
append_wrapped (GString    *out,
                const char *first,
                guint       indent,
                const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  guint column = indent;

  g_string_append (out, first);
  for (guint i = 0; words[i] != NULL; i++)
    {
      glong len = g_utf8_strlen (words[i], -1);

      if (*words[i] == '\0')
        continue;
      if (column > indent && column + 1 + len > WRAP_WIDTH)
        {
          g_string_append_c (out, '\n');
          for (guint j = 0; j < indent; j++)
            g_string_append_c (out, ' ');
          column = indent;
        }
      else if (column > indent)
        {
          g_string_append_c (out, ' ');
          column++;
        }
      g_string_append (out, words[i]);
      column += len;
    }
  g_string_append_c (out, '\n');
}

static void
append_heading (GString    *out,
                const char *heading)
{
  glong len = g_utf8_strlen (heading, -1);

  g_string_append_printf (out, "\n%s\n", heading);
  for (glong i = 0; i < len; i++)
    g_string_append (out, "=");
  g_string_append_c (out, '\n');
}

static char *
statement_line (AvsExplanation     *explanation,
                const AvsStatement *statement)
{
  g_autofree char *cited = avs_explanation_cite (explanation, statement->text,
                                                 (const char * const *) statement->sources);

  if (statement->from_scan)
    /* Translators: marks a sentence that rests on the scan of this computer; %s is the
     * sentence, with the numbers of its sources if it has any. */
    return g_strdup_printf (_("%s [scan]"), cited);
  return g_steal_pointer (&cited);
}

static void
append_statements (GString        *out,
                   AvsExplanation *explanation,
                   GPtrArray      *section,
                   gboolean        bullets)
{
  for (guint i = 0; i < section->len; i++)
    {
      g_autofree char *line = statement_line (explanation, section->pdata[i]);

      if (bullets)
        append_wrapped (out, "  * ", 4, line);
      else
        {
          append_wrapped (out, "", 0, line);
          if (i + 1 < section->len)
            g_string_append_c (out, '\n');
        }
    }
}

static char *
describe_region (const AvsRegion *region)
{
  const char *name = avs_region_get_name (region->code);
  /* The zone or locale name comes from the environment: isolated in the sentence. */
  g_autofree char *detail = avs_text_isolate (region->detail);

  switch (region->source)
    {
    case AVS_REGION_SOURCE_OVERRIDE:
      /* Translators: %s is a country name. */
      return g_strdup_printf (_("Region: %s (chosen)."), name);
    case AVS_REGION_SOURCE_TIMEZONE:
      if (region->code == NULL)
        /* Translators: %s is a time-zone name such as Europe/Paris. */
        return g_strdup_printf (_("Region: outside the countries AV Switch has national measures "
                                  "for (from the time zone %s). Choose one with --region CC."),
                                detail);
      /* Translators: %1$s is a country name, %2$s a time-zone name such as America/New_York. */
      return g_strdup_printf (_("Region: %1$s (from the time zone %2$s). Choose another with "
                                "--region CC."), name, detail);
    case AVS_REGION_SOURCE_LOCALE:
      /* Translators: %1$s is a country name, %2$s a locale name such as de_DE.UTF-8. */
      return g_strdup_printf (_("Region: %1$s (from the locale %2$s). Choose another with "
                                "--region CC."), name, detail);
    case AVS_REGION_SOURCE_NONE:
    default:
      return g_strdup (_("Region: unknown, so this explains the situation outside the United "
                         "States. Choose your country with --region CC."));
    }
}

static char *
render (AvsExplanation *explanation,
        gboolean        have_scan)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *region = describe_region (explanation->region);

  append_heading (out, _("Why this matters"));
  append_statements (out, explanation, explanation->summary, FALSE);
  g_string_append_c (out, '\n');
  append_wrapped (out, "", 0, region);

  append_heading (out, _("Timeline"));
  for (guint i = 0; i < explanation->timeline->len; i++)
    {
      AvsExplainedEvent *event = explanation->timeline->pdata[i];
      g_autofree char *date = avs_timeline_entry_format_date (event->entry);
      const char *country = avs_region_get_name (event->entry->region);
      g_autofree char *where = NULL;
      g_autofree char *head = NULL;
      g_autofree char *body = NULL;

      where = event->local
        /* Translators: %s is a country's name, the reader's own. */
        ? g_strdup_printf (_("%s (your region)"), country)
        : g_strdup (country);
      /* Translators: the head line of an event of the timeline: "[past]" or "[upcoming]", its
       * date, its country ("[past] 24 June 2024 · United States"). */
      head = g_strdup_printf (C_("timeline line", "%1$s %2$s · %3$s"),
                              /* Translators: marks an event of the timeline that has happened. */
                              event->past ? _("[past]")
                              /* Translators: marks an event of the timeline still to come. */
                                          : _("[upcoming]"),
                              date, where);
      body = avs_explanation_cite (explanation, _(event->entry->text), event->entry->sources);
      append_wrapped (out, "  ", 2, head);
      append_wrapped (out, "      ", 6, body);
    }

  append_heading (out, _("What this means for you"));
  append_statements (out, explanation, explanation->for_you, TRUE);

  append_heading (out, _("About this computer"));
  if (!have_scan)
    append_wrapped (out, "", 0,
                    _("No scan was given. Run “avswitch scan --json > scan.json”, then "
                      "“avswitch explain --scan scan.json”, to include what this computer has."));
  else
    {
      if (explanation->scanned_at != NULL)
        {
          g_autofree char *date = avs_format_date (explanation->scanned_at);
          /* Translators: %s is a date. */
          g_autofree char *line = g_strdup_printf (_("From the scan of %s:"), date);

          append_wrapped (out, "", 0, line);
        }
      append_statements (out, explanation, explanation->machine, TRUE);
    }

  append_heading (out, _("Sources"));
  for (guint i = 0; i < explanation->sources->len; i++)
    {
      const AvsSource *source = explanation->sources->pdata[i];
      g_autofree char *number = g_strdup_printf ("[%u] ", i + 1);
      g_autofree char *indent = g_strnfill (strlen (number), ' ');

      append_wrapped (out, number, strlen (number), _(source->title));
      g_string_append_printf (out, "%s%s\n", indent, source->url);
    }

  /* The no-break spaces that kept "[1, 4]" together while wrapping are plain spaces on a
   * terminal, where a non-UTF-8 locale would show them as "?". */
  g_string_replace (out, "\u00a0", " ", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The GSettings override, when the schema is installed (the uninstalled CLI may run without). */
static char *
settings_region (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "region"))
    return NULL;
  settings = g_settings_new (APP_ID);
  return g_settings_get_string (settings, "region");
}

int
avs_cli_explain (int    argc,
                 char **argv)
{
  g_autofree char *region_arg = NULL;
  g_autofree char *scan_path = NULL;
  g_autofree char *now_arg = NULL;
  g_autofree char *report_path = NULL;
  gboolean report_keep = FALSE;
  gboolean json = FALSE;
  g_autofree char *override = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsScanResult) scan = NULL;
  g_autoptr(AvsRegion) region = NULL;
  g_autoptr(AvsExplanation) explanation = NULL;
  g_autoptr(GDateTime) now = NULL;
  const GOptionEntry entries[] = {
    { "region", 0, 0, G_OPTION_ARG_STRING, &region_arg,
      N_("Explain for this country (two letters, such as US or DE) instead of the detected one"),
      N_("CC") },
    { "scan", 0, 0, G_OPTION_ARG_FILENAME, &scan_path,
      N_("Include what this scan found (the JSON of “avswitch scan --json”)"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the explanation as JSON (the avswitch-explain/1 document)"), NULL },
    { "now", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &now_arg,
      "Pretend the time is this ISO 8601 date (for tests)", "DATE" },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Explains the 2024 US ban on Kaspersky software for your region "
                                  "and this computer, with dates and the sources of every "
                                  "statement."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  avs_cli_add_report_options (context, &report_path, &report_keep);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return avs_cli_fail ("explain", error);

  if (argc > 1)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   /* Translators: %s is an unexpected argument. */
                   _("unexpected argument “%s”. Run “avswitch explain --help” for the options."),
                   argv[1]);
      return avs_cli_fail ("explain", error);
    }

  if (region_arg != NULL)
    {
      override = avs_region_normalize_code (region_arg, &error);
      if (override == NULL)
        return avs_cli_fail ("explain", error);
    }
  else
    {
      override = settings_region ();
    }

  if (now_arg != NULL)
    {
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();

      now = g_date_time_new_from_iso8601 (now_arg, local);
      if (now == NULL)
        {
          g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("“%s” is not an ISO 8601 date and time."), now_arg);
          return avs_cli_fail ("explain", error);
        }
    }

  if (scan_path != NULL)
    {
      scan = avs_scan_result_load_file (scan_path, &error);
      if (scan == NULL)
        return avs_cli_fail ("explain", error);
    }

  region = avs_region_detect (override, NULL, NULL);
  explanation = avs_explanation_new (region, scan, now);
  if (json)
    {
      g_autoptr(JsonNode) node = avs_explanation_to_json (explanation);

      text = avs_json_node_to_data (node, TRUE, NULL);
      avs_cli_print_document (text);
    }
  else
    {
      text = render (explanation, scan != NULL);
      g_print ("%s", text);
    }

  return avs_cli_report_add_explanation ("explain", report_path, report_keep, explanation);
}
