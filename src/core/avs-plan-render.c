/* avs-plan-render.c — the plan as JSON, as text for people and as a shell script
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "avs-json.h"
#include "avs-plan-private.h"
#include "avs-text.h"

/* ---------------------------------------------------------------------------------------------
 * JSON
 * ------------------------------------------------------------------------------------------- */

JsonNode *
avs_plan_to_json (AvsPlan *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  AvsHostInfo *host;

  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);

  host = avs_scan_result_get_host (self->scan);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_string_value (builder, AVS_PLAN_SCHEMA);
  json_builder_set_member_name (builder, "root");
  json_builder_add_string_value (builder, self->root);
  json_builder_set_member_name (builder, "live");
  json_builder_add_boolean_value (builder, self->live);
  avs_json_builder_add_string_member (builder, "os", host->pretty_name != NULL ? host->pretty_name : host->id);
  json_builder_set_member_name (builder, "frontend");
  json_builder_add_string_value (builder, avs_package_frontend_to_string (self->frontend));
  json_builder_set_member_name (builder, "stamp");
  json_builder_add_string_value (builder, self->stamp);
  json_builder_set_member_name (builder, "archive");
  json_builder_add_string_value (builder, self->archive_path);
  json_builder_set_member_name (builder, "managed");
  json_builder_add_boolean_value (builder, avs_scan_result_is_managed (self->scan));
  json_builder_set_member_name (builder, "refused");
  json_builder_begin_array (builder);
  for (guint i = 0; i + 1 < self->refused->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (self->refused, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->steps->len; i++)
    _avs_plan_step_add_to_json (g_ptr_array_index (self->steps, i), builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ---------------------------------------------------------------------------------------------
 * Text
 * ------------------------------------------------------------------------------------------- */

/* Word-wraps @paragraph at @width columns (counting characters), each line starting with
 * @prefix. */
static void
append_wrapped (GString    *out,
                const char *prefix,
                const char *paragraph,
                guint       width)
{
  g_auto(GStrv) words = g_strsplit (paragraph, " ", -1);
  guint column = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      glong len = g_utf8_strlen (words[i], -1);

      if (*words[i] == '\0')
        continue;
      if (column > 0 && column + 1 + len > width)
        {
          g_string_append_c (out, '\n');
          column = 0;
        }
      if (column == 0)
        {
          g_string_append (out, prefix);
          column = g_utf8_strlen (prefix, -1);
        }
      else
        {
          g_string_append_c (out, ' ');
          column++;
        }
      g_string_append (out, words[i]);
      column += len;
    }
  if (column > 0)
    g_string_append_c (out, '\n');
}

/* The conditions a step checks before (@before) or after it runs, one line each: a label with a
 * condition, which is a sentence of its own. */
static char *
describe_condition (const AvsPlanCheck *check,
                    gboolean            before)
{
  g_autofree char *what = avs_plan_check_describe (check);

  return g_strdup_printf (before
                          /* Translators: a line of the plan under a step; %s is a condition the
                           * step checks before it starts, a sentence of its own ("The package
                           * kesl is not installed.") */
                          ? _("Before: %s")
                          /* Translators: a line of the plan under a step; %s is a condition the
                           * step checks after it ran, a sentence of its own */
                          : _("After: %s"), what);
}

/* Under a command: when it is skipped (a condition, a sentence of its own). */
static char *
describe_skip (const AvsPlanCheck *check)
{
  g_autofree char *what = avs_plan_check_describe (check);

  /* Translators: a line of the plan under a command; %s is a condition, a sentence of its own
   * ("The group kluser does not exist.") */
  return g_strdup_printf (_("Skipped if this holds: %s"), what);
}

static void
append_checks_text (GString    *out,
                    const char *prefix,
                    gboolean    before,
                    GPtrArray  *checks)
{
  for (guint i = 0; i < checks->len; i++)
    {
      g_autofree char *line = describe_condition (g_ptr_array_index (checks, i), before);
      g_autofree char *plain = avs_text_drop_isolates (line);

      g_string_append_printf (out, "%s%s\n", prefix, plain);
    }
}

char *
avs_plan_to_text (AvsPlan *self)
{
  GString *out = g_string_new (NULL);
  AvsHostInfo *host;

  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);

  host = avs_scan_result_get_host (self->scan);
  /* Translators: %s is an operating system name, such as "Debian GNU/Linux 12 (bookworm)" */
  g_string_append_printf (out, _("Plan for %s"),
                          host->pretty_name != NULL ? host->pretty_name
                          : host->id != NULL ? host->id : _("an unknown system"));
  g_string_append_c (out, '\n');
  g_string_append_printf (out, self->live
                          /* Translators: %s is a folder, the root folder of the running system */
                          ? _("Root: %s (the running system)")
                          /* Translators: %s is a folder, the root folder of a mounted disk */
                          : _("Root: %s"), self->root);
  g_string_append_c (out, '\n');
  /* Translators: %s is a package tool such as apt or dnf */
  g_string_append_printf (out, _("Package tools: %s"),
                          avs_package_frontend_to_string (self->frontend));
  g_string_append_c (out, '\n');
  if (avs_plan_find_step (self, "backup") != NULL)
    {
      /* Translators: %s is a file path */
      g_string_append_printf (out, _("Backup archive: %s"), self->archive_path);
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; i + 1 < self->refused->len; i++)
    append_wrapped (out, "! ", g_ptr_array_index (self->refused, i), 78);

  for (guint i = 0; i < self->steps->len; i++)
    {
      AvsPlanStep *step = g_ptr_array_index (self->steps, i);
      const char *tags[5] = { NULL };
      guint n_tags = 0;
      g_autofree char *tag_text = NULL;

      /* The step's tags, a list of labels. */
      tags[n_tags++] = step->kind == AVS_STEP_KIND_AUTOMATIC ? _("automatic") : _("manual");
      if (avs_plan_step_get_needs_admin (step))
        tags[n_tags++] = _("administrator");
      if (step->blocking)
        tags[n_tags++] = _("stops the run");
      if (step->inference)
        tags[n_tags++] = _("inference");
      tag_text = avs_text_join_list (tags, FALSE);

      {
        /* Text for terminals and files: without the isolates the window lays out. */
        g_autofree char *title = avs_text_drop_isolates (step->title);
        g_autofree char *explanation = avs_text_drop_isolates (step->explanation);

        g_string_append_printf (out, "\n%u. %s [%s]\n", i + 1, title, tag_text);
        append_wrapped (out, "   ", explanation, 78);
      }
      if (step->uri != NULL)
        /* Translators: %s is a web address or appstream:// link */
        g_string_append_printf (out, "   %s\n", step->uri);
      append_checks_text (out, "   ", TRUE, step->preconditions);
      for (guint j = 0; j < step->commands->len; j++)
        {
          AvsPlanCommand *command = g_ptr_array_index (step->commands, j);
          g_autofree char *line = avs_plan_command_to_string (command);

          g_string_append_printf (out, "   %s %s\n", command->needs_admin ? "#" : "$", line);
          if (command->skip_if != NULL)
            {
              g_autofree char *what = describe_skip (command->skip_if);
              g_autofree char *plain = avs_text_drop_isolates (what);

              g_string_append_printf (out, "     %s\n", plain);
            }
        }
      append_checks_text (out, "   ", FALSE, step->postconditions);
      for (guint j = 0; j < step->verification->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (step->verification, j);
          g_autofree char *value = g_strescape (e->value, NULL);
          const char *kind = avs_evidence_kind_to_label (e->kind);

          if (e->detail != NULL)
            {
              g_autofree char *detail = g_strescape (e->detail, NULL);

              g_string_append (out, "   ");
              g_string_append_printf (out,
                                      /* Translators: a line of the plan under a step: what a
                                       * new scan must no longer find. The first %s is a kind
                                       * of thing, as a label ("Installed package", "Folder"),
                                       * the second its name or path, the third a detail about
                                       * it (the package tool, a browser profile) */
                                      _("Gone afterwards (%s): %s (%s)"), kind, value, detail);
            }
          else
            {
              g_string_append (out, "   ");
              g_string_append_printf (out,
                                      /* Translators: a line of the plan under a step: what a
                                       * new scan must no longer find. The first %s is a kind
                                       * of thing, as a label ("Installed package", "Folder"),
                                       * the second its name or path */
                                      _("Gone afterwards (%s): %s"), kind, value);
            }
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------------------------------------
 * Script
 * ------------------------------------------------------------------------------------------- */

/* Whether @c must not appear raw in a script: C0 and C1 controls and DEL (a newline would end a
 * comment and make the rest a command; escape sequences act on the terminal that shows the
 * script), the Unicode line separators, and the bidirectional overrides that make text read
 * differently from what the shell runs. */
static gboolean
script_unsafe_char (gunichar c)
{
  return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029 ||
         (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/* @text (often from the scanned machine: the system's name, paths, explanations that quote
 * them) made safe inside a script comment: invalid UTF-8 replaced, every unsafe character
 * written as a visible \xHH or \uHHHH escape. */
static char *
script_comment_text (const char *text)
{
  /* A script is read in a terminal or an editor: without the isolates the window lays out. */
  g_autofree char *plain = avs_text_drop_isolates (text != NULL ? text : "");
  g_autofree char *valid = g_utf8_make_valid (plain, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!script_unsafe_char (c))
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      else if (c < 0x80)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_printf (out, "\\u%04x", c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
script_text_is_safe (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (script_unsafe_char (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static void
append_script_comment (GString    *out,
                       const char *prefix,
                       const char *text)
{
  g_autofree char *safe = script_comment_text (text);

  append_wrapped (out, prefix, safe, 78);
}

static void
append_script_checks (GString    *out,
                      const char *prefix,
                      gboolean    before,
                      GPtrArray  *checks)
{
  for (guint i = 0; i < checks->len; i++)
    {
      g_autofree char *line = describe_condition (g_ptr_array_index (checks, i), before);
      g_autofree char *safe = script_comment_text (line);

      g_string_append_printf (out, "%s%s\n", prefix, safe);
    }
}

/* One command as a shell line: every argument that needs it single-quoted (g_shell_quote), so
 * the shell reads nothing in it. */
static char *
script_command_line (const AvsPlanCommand *command)
{
  GString *line = g_string_new (NULL);

  for (guint k = 0; command->argv[k] != NULL; k++)
    {
      g_autofree char *quoted = g_shell_quote (command->argv[k]);

      if (k > 0)
        g_string_append_c (line, ' ');
      g_string_append (line, _avs_plan_arg_needs_quoting (command->argv[k]) ? quoted
                                                                          : command->argv[k]);
    }
  return g_string_free (line, FALSE);
}

char *
avs_plan_to_script (AvsPlan *self)
{
  GString *out = g_string_new (NULL);
  AvsHostInfo *host;

  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);

  host = avs_scan_result_get_host (self->scan);
  g_string_append (out, "#!/bin/sh\n");
  append_script_comment (out, "# ", _("AV Switch: the plan that removes Kaspersky, as a script "
                                      "for a technician to review and run by hand, as root."));
  {
    g_autofree char *s = g_strdup_printf (_("System: %s. Root: %s. Backup archive: %s."),
                                          host->pretty_name != NULL ? host->pretty_name
                                          : host->id != NULL ? host->id : "?",
                                          self->root, self->archive_path);
    append_script_comment (out, "# ", s);
  }
  append_script_comment (out, "# ", _("Read every command before running it. The script stops "
                                      "at the first failure (set -e); manual steps are "
                                      "comments."));
  g_string_append (out, "set -eu\n");

  for (guint i = 0; i < self->steps->len; i++)
    {
      AvsPlanStep *step = g_ptr_array_index (self->steps, i);
      g_autofree char *title = script_comment_text (step->title);

      if (step->kind == AVS_STEP_KIND_MANUAL)
        {
          g_string_append (out, "\n# ");
          /* Translators: a manual step's heading in a script (a comment); %u is its number,
           * %s its title */
          g_string_append_printf (out, _("%u. %s (by hand)"), i + 1, title);
          g_string_append_c (out, '\n');
        }
      else
        g_string_append_printf (out, "\n# %u. %s\n", i + 1, title);
      append_script_comment (out, "#    ", step->explanation);
      if (step->uri != NULL)
        append_script_comment (out, "#    ", step->uri);

      if (step->blocking)
        {
          g_autofree char *message = g_shell_quote (
              _("This computer is centrally managed: stop here unless the administrator agreed. "
                "Set AVSWITCH_CONTINUE_MANAGED=yes to continue anyway."));
          g_string_append_printf (out,
                                  "if [ \"${AVSWITCH_CONTINUE_MANAGED:-}\" != yes ]; then\n"
                                  "  echo %s >&2\n"
                                  "  exit 1\n"
                                  "fi\n", message);
        }
      if (step->type == AVS_STEP_VERIFY)
        {
          g_string_append_printf (out, "#    %s\n", _("Run: avswitch verify"));
          continue;
        }
      append_script_checks (out, "#    ", TRUE, step->preconditions);
      for (guint j = 0; j < step->commands->len; j++)
        {
          AvsPlanCommand *command = g_ptr_array_index (step->commands, j);
          g_autofree char *line = script_command_line (command);
          g_autofree char *full = NULL;

          if (command->skip_if != NULL && command->skip_if->kind == AVS_CHECK_GROUP_ABSENT)
            {
              g_autofree char *group_file = avs_plan_real_path (self, "/etc/group");
              g_autofree char *pattern = g_strdup_printf ("^%s:", command->skip_if->value);
              g_autofree char *qp = g_shell_quote (pattern);
              g_autofree char *qf = g_shell_quote (group_file);
              full = g_strdup_printf ("if grep -q -- %s %s; then %s; fi", qp, qf, line);
            }
          else
            full = g_steal_pointer (&line);

          /* A command is one line: a value that could break it (never one that passed the
           * plan's checks) leaves it as a comment, shown escaped. */
          if (step->kind == AVS_STEP_KIND_MANUAL || !script_text_is_safe (full))
            {
              g_autofree char *safe = script_comment_text (full);
              g_string_append_printf (out, "# %s\n", safe);
            }
          else
            g_string_append_printf (out, "%s\n", full);
        }
      append_script_checks (out, "#    ", FALSE, step->postconditions);
    }
  return g_string_free (out, FALSE);
}
