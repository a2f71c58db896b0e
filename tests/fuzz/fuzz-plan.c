/* fuzz-plan.c — a scan document in, a removal plan out: every command must pass the allow-list
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plan builds argv arrays from values a hostile disk or an edited scan document chooses.
 * Whatever the input, each command must run an allowed program, each value must pass one of the
 * validators of avs-validate.h (no option smuggled in, no control character, nothing after
 * "--" that looks like an option), and the technician's script must hold no line that is not
 * a comment, fixed shell glue, or exactly one of the plan's commands (a newline in a value
 * would otherwise become a command of its own).
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "avs-json.h"
#include "avs-plan.h"
#include "avs-scan-result.h"
#include "avs-validate.h"
#include "fuzz.h"

static const char * const allowed_programs[] = {
  "systemctl", "dpkg", "rpm", "pacman", "apt-get", "apt", "dnf", "yum", "zypper", "flatpak",
  "rm", "tar", "install", "groupdel", "certutil", "setpriv", "update-ca-certificates",
  "update-ca-trust", "trust", "gnome-software", "xdg-open", NULL
};

static gboolean
program_allowed (const char *program)
{
  static const char * const dirs[] = { "/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/", NULL };

  for (guint d = 0; dirs[d] != NULL; d++)
    if (g_str_has_prefix (program, dirs[d]))
      {
        program += strlen (dirs[d]);
        break;
      }
  return g_strv_contains (allowed_programs, program);
}

static gboolean
has_control (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return TRUE;
  return FALSE;
}

static gboolean
option_safe (const char *arg)
{
  const char *p = arg + (arg[1] == '-' ? 2 : 1);

  if (!g_ascii_isalnum (*p))
    return FALSE;
  for (; *p != '\0' && *p != '='; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;
  if (*p == '=')
    for (p++; *p != '\0'; p++)
      if (!g_ascii_isalnum (*p) && strchr ("._/:,@+-", *p) == NULL)
        return FALSE;
  return TRUE;
}

static gboolean
value_safe (const char *arg)
{
  g_autofree char *rooted = g_strconcat ("/", arg, NULL);

  return avs_validate_package_name (arg, NULL) || avs_validate_path (arg, NULL) ||
         avs_validate_path (rooted, NULL) || avs_validate_unit_name (arg, NULL) ||
         avs_validate_account_name (arg, NULL) || avs_validate_flatpak_id (arg, NULL) ||
         avs_validate_https_url (arg, NULL) || avs_validate_nss_nickname (arg, NULL) ||
         (g_str_has_prefix (arg, "sql:") && avs_validate_path (arg + 4, NULL)) ||
         (g_str_has_prefix (arg, "appstream://") && avs_validate_flatpak_id (arg + 12, NULL));
}

static void
check_command (const AvsPlanCommand *command)
{
  gboolean after_dashes = FALSE;
  g_autofree char *line = avs_plan_command_to_string (command);

  FUZZ_CHECK (command->argv != NULL && command->argv[0] != NULL, "an empty command");
  if (!program_allowed (command->argv[0]))
    {
      fprintf (stderr, "command: %s\n", line);
      fuzz_fail (G_STRLOC, "a program outside the allow-list");
    }
  for (guint i = 1; command->argv[i] != NULL; i++)
    {
      const char *arg = command->argv[i];
      gboolean ok;

      if (!g_utf8_validate (arg, -1, NULL) || has_control (arg))
        ok = FALSE;
      else if (!after_dashes && g_str_equal (arg, "--"))
        ok = after_dashes = TRUE;
      else if (!after_dashes && arg[0] == '-')
        ok = option_safe (arg);
      else
        ok = arg[0] != '-' && value_safe (arg);
      if (!ok)
        {
          fprintf (stderr, "command: %s\nargument %u: %s\n", line, i, arg);
          fuzz_fail (G_STRLOC, "an argument that no validator accepts");
        }
    }
}

/* Lines of the script that are neither a comment nor a command of the plan. */
static gboolean
glue_line (const char *line,
           GHashTable *commands)
{
  const char *then;

  if (g_str_equal (line, "#!/bin/sh") || g_str_equal (line, "set -eu") ||
      g_str_equal (line, "fi") || g_str_equal (line, "  exit 1"))
    return TRUE;
  if (g_str_has_prefix (line, "if [ \"${AVSWITCH_") && g_str_has_suffix (line, "; then"))
    return TRUE;
  if (g_str_has_prefix (line, "  echo '") && g_str_has_suffix (line, "' >&2"))
    return TRUE;
  if (g_str_has_prefix (line, "if ") && g_str_has_suffix (line, "; fi") &&
      (then = strstr (line, "; then ")) != NULL)
    {
      g_autofree char *inner = g_strndup (then + 7, strlen (then + 7) - 4);
      return g_hash_table_contains (commands, inner);
    }
  return FALSE;
}

static void
check_plan (AvsPlan *plan)
{
  g_autoptr(GHashTable) commands = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *script = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(JsonNode) inputs = NULL;
  g_autoptr(AvsPlan) rebuilt = NULL;
  g_auto(GStrv) lines = NULL;

  for (guint s = 0; s < avs_plan_get_n_steps (plan); s++)
    {
      AvsPlanStep *step = avs_plan_get_step (plan, s);
      GPtrArray *step_commands = avs_plan_step_get_commands (step);

      for (guint c = 0; c < step_commands->len; c++)
        {
          const AvsPlanCommand *command = g_ptr_array_index (step_commands, c);
          check_command (command);
          g_hash_table_add (commands, avs_plan_command_to_string (command));
        }
    }

  script = avs_plan_to_script (plan);
  lines = g_strsplit (script, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *start = line + strspn (line, " ");

      if (*start == '\0' || *start == '#')
        {
          FUZZ_CHECK (!has_control (line), "a control character in a comment of the script");
          continue;
        }
      if (!g_hash_table_contains (commands, line) && !glue_line (line, commands))
        {
          fprintf (stderr, "script line %u: %s\n", i + 1, line);
          fuzz_fail (G_STRLOC, "a script line that is no command of the plan");
        }
    }

  text = avs_plan_to_text (plan);
  json = avs_plan_to_json (plan);
  /* The saved state rebuilds the same plan from its inputs. */
  inputs = avs_plan_inputs_to_json (plan);
  rebuilt = avs_plan_new_from_inputs (inputs, NULL);
  FUZZ_CHECK (rebuilt != NULL, "the plan's own inputs do not rebuild it");
  FUZZ_CHECK (avs_plan_get_n_steps (rebuilt) == avs_plan_get_n_steps (plan), "a rebuilt plan differs");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(AvsScanResult) scan = NULL;
  static AvsReplacement *replacement;
  static const char * const packages[] = { "clamav", "clamav-daemon", NULL };

  fuzz_init ();
  if (replacement == NULL)
    replacement = avs_replacement_new ("clamui", "ClamUI", "io.github.linx_systems.ClamUI", packages,
                                       packages, packages, packages, "https://example.org/clamui", NULL);
  node = avs_json_parse_data ((const char *) data, size, "scan.json", &error);
  if (node == NULL)
    return 0;
  scan = avs_scan_result_new_from_json (node, &error);
  if (scan == NULL)
    return 0;

  /* Removal only; the distribution's packages with apt; Flatpak with the distribution's choice. */
  for (guint variant = 0; variant < 3; variant++)
    {
      AvsPlanOptions options = { 0 };
      g_autoptr(AvsPlan) plan = NULL;

      options.stamp = "20261127T080000Z";
      options.replacement = variant == 0 ? NULL : replacement;
      options.method = variant == 1 ? AVS_REPLACEMENT_METHOD_PACKAGES : AVS_REPLACEMENT_METHOD_FLATPAK;
      options.frontend = variant == 1 ? AVS_PACKAGE_FRONTEND_APT : AVS_PACKAGE_FRONTEND_AUTO;
      plan = avs_plan_new (scan, &options, &error);
      /* A root that cannot go into a command is refused with a reason. */
      FUZZ_CHECK ((plan == NULL) == (error != NULL), "a plan or an error, never both");
      if (plan == NULL)
        return 0;
      check_plan (plan);
    }
  return 0;
}
