/* avs-plan-steps.c — the step model: enumerations, commands, checks and AvsPlanStep, and their JSON
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "avs-json.h"
#include "avs-nick.h"
#include "avs-plan-private.h"
#include "avs-text.h"

/* ---------------------------------------------------------------------------------------------
 * Enumerations
 * ------------------------------------------------------------------------------------------- */

static const char * const step_type_nicks[] = {
  [AVS_STEP_MANAGED] = "managed",
  [AVS_STEP_STOP_SERVICES] = "stop-services",
  [AVS_STEP_REMOVE_PACKAGE] = "remove-package",
  [AVS_STEP_BACKUP] = "backup",
  [AVS_STEP_REMOVE_LEFTOVERS] = "remove-leftovers",
  [AVS_STEP_PURGE_RECORDS] = "purge-records",
  [AVS_STEP_MANUAL_FILES] = "manual-files",
  [AVS_STEP_REMOVE_CERTIFICATES] = "remove-certificates",
  [AVS_STEP_MANUAL_CERTIFICATES] = "manual-certificates",
  [AVS_STEP_REMOVE_NSS_CERTIFICATES] = "remove-nss-certificates",
  [AVS_STEP_BROWSER_EXTENSIONS] = "browser-extensions",
  [AVS_STEP_WINDOWS] = "windows",
  [AVS_STEP_REBOOT] = "reboot",
  [AVS_STEP_INSTALL_REPLACEMENT] = "install-replacement",
  [AVS_STEP_VERIFY] = "verify",
};

const char *
avs_step_type_to_string (AvsStepType type)
{
  g_return_val_if_fail (type < G_N_ELEMENTS (step_type_nicks), NULL);
  return step_type_nicks[type];
}

gboolean
avs_step_type_from_string (const char  *string,
                           AvsStepType *out_type)
{
  guint value;

  if (!avs_nick_lookup (step_type_nicks, G_N_ELEMENTS (step_type_nicks), string, &value))
    return FALSE;
  *out_type = (AvsStepType) value;
  return TRUE;
}

static const char * const check_kind_nicks[] = {
  [AVS_CHECK_PACKAGE_REMOVED] = "package-removed",
  [AVS_CHECK_PACKAGE_PURGED] = "package-purged",
  [AVS_CHECK_PACKAGE_INSTALLED] = "package-installed",
  [AVS_CHECK_PATH_ABSENT] = "path-absent",
  [AVS_CHECK_PATH_SAFE] = "path-safe",
  [AVS_CHECK_FLATPAK_INSTALLED] = "flatpak-installed",
  [AVS_CHECK_GROUP_ABSENT] = "group-absent",
};

const char *
avs_check_kind_to_string (AvsCheckKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (check_kind_nicks), NULL);
  return check_kind_nicks[kind];
}

/* ---------------------------------------------------------------------------------------------
 * Commands and checks
 * ------------------------------------------------------------------------------------------- */

AvsPlanCommand *
avs_plan_command_new (const char * const *argv,
                      gboolean            needs_admin)
{
  AvsPlanCommand *command = g_new0 (AvsPlanCommand, 1);

  command->argv = g_strdupv ((char **) argv);
  command->needs_admin = needs_admin;
  return command;
}

void
avs_plan_command_free (AvsPlanCommand *command)
{
  if (command == NULL)
    return;
  g_strfreev (command->argv);
  g_clear_pointer (&command->skip_if, avs_plan_check_free);
  g_free (command);
}

gboolean
_avs_plan_arg_needs_quoting (const char *arg)
{
  if (*arg == '\0')
    return TRUE;
  for (const char *p = arg; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("/._+@:,=-", *p) == NULL)
      return TRUE;
  return FALSE;
}

char *
avs_plan_command_to_string (const AvsPlanCommand *command)
{
  GString *line = g_string_new (NULL);

  for (guint i = 0; command->argv[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (line, ' ');
      if (_avs_plan_arg_needs_quoting (command->argv[i]))
        {
          g_autofree char *quoted = g_shell_quote (command->argv[i]);
          g_string_append (line, quoted);
        }
      else
        g_string_append (line, command->argv[i]);
    }
  return g_string_free (line, FALSE);
}

AvsPlanCheck *
_avs_plan_check_new (AvsCheckKind  kind,
                     const char   *value,
                     const char   *manager)
{
  AvsPlanCheck *check = g_new0 (AvsPlanCheck, 1);

  check->kind = kind;
  check->value = g_strdup (value);
  check->manager = g_strdup (manager);
  return check;
}

void
avs_plan_check_free (AvsPlanCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->value);
  g_free (check->manager);
  g_free (check);
}

char *
avs_plan_check_describe (const AvsPlanCheck *check)
{
  g_autofree char *value = avs_text_isolate (check->value);

  switch (check->kind)
    {
    case AVS_CHECK_PACKAGE_REMOVED:
      /* Translators: a condition of a removal step, shown after a label such as "Skipped
       * “dpkg --remove kesl”, because this already holds:"; %s is a package name */
      return g_strdup_printf (_("The package %s is not installed."), value);
    case AVS_CHECK_PACKAGE_PURGED:
      /* Translators: a condition of a removal step; %s is a package name; dpkg keeps records
       * of removed packages */
      return g_strdup_printf (_("The package database has no record of %s."), value);
    case AVS_CHECK_PACKAGE_INSTALLED:
      /* Translators: a condition of a removal step; %s is a package name */
      return g_strdup_printf (_("The package %s is installed."), value);
    case AVS_CHECK_PATH_ABSENT:
      /* Translators: a condition of a removal step; %s is a path */
      return g_strdup_printf (_("Nothing exists at %s."), value);
    case AVS_CHECK_PATH_SAFE:
      /* Translators: a condition of a removal step; %s is a path */
      return g_strdup_printf (_("No folder above %s is a symbolic link."), value);
    case AVS_CHECK_FLATPAK_INSTALLED:
      /* Translators: a condition of a removal step; %s is a Flatpak application id */
      return g_strdup_printf (_("The Flatpak application %s is installed."), value);
    case AVS_CHECK_GROUP_ABSENT:
      /* Translators: a condition of a removal step; %s is an operating-system group name */
      return g_strdup_printf (_("The group %s does not exist."), value);
    default:
      g_assert_not_reached ();
    }
}

/* ---------------------------------------------------------------------------------------------
 * AvsPlanStep
 * ------------------------------------------------------------------------------------------- */

G_DEFINE_FINAL_TYPE (AvsPlanStep, avs_plan_step, G_TYPE_OBJECT)

static void
avs_plan_step_finalize (GObject *object)
{
  AvsPlanStep *self = AVS_PLAN_STEP (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->explanation);
  g_ptr_array_unref (self->commands);
  g_ptr_array_unref (self->preconditions);
  g_ptr_array_unref (self->postconditions);
  g_ptr_array_unref (self->verification);
  g_free (self->uri);
  g_ptr_array_unref (self->products);

  G_OBJECT_CLASS (avs_plan_step_parent_class)->finalize (object);
}

static void
avs_plan_step_class_init (AvsPlanStepClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = avs_plan_step_finalize;
}

static void
avs_plan_step_init (AvsPlanStep *self)
{
  self->commands = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_plan_command_free);
  self->preconditions = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_plan_check_free);
  self->postconditions = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_plan_check_free);
  self->verification = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_evidence_free);
  self->products = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->products, NULL);
}

AvsPlanStep *
_avs_plan_step_new (const char  *id,
                    AvsStepType  type,
                    AvsStepKind  kind,
                    const char  *title)
{
  AvsPlanStep *self = g_object_new (AVS_TYPE_PLAN_STEP, NULL);

  self->id = g_strdup (id);
  self->type = type;
  self->kind = kind;
  self->title = g_strdup (title);
  return self;
}

void
_avs_plan_step_add_product (AvsPlanStep *self,
                            const char  *product_id)
{
  for (guint i = 0; i + 1 < self->products->len; i++)
    if (g_str_equal (g_ptr_array_index (self->products, i), product_id))
      return;
  g_ptr_array_insert (self->products, self->products->len - 1, g_strdup (product_id));
}

AvsPlanCommand *
_avs_plan_step_add_command (AvsPlanStep        *self,
                            gboolean            needs_admin,
                            const char * const *argv)
{
  AvsPlanCommand *command = avs_plan_command_new (argv, needs_admin);

  g_ptr_array_add (self->commands, command);
  return command;
}

void
_avs_plan_step_add_verification (AvsPlanStep       *self,
                                 const AvsEvidence *evidence)
{
  for (guint i = 0; i < self->verification->len; i++)
    {
      AvsEvidence *e = g_ptr_array_index (self->verification, i);

      if (e->kind == evidence->kind && g_str_equal (e->value, evidence->value) &&
          g_strcmp0 (e->detail, evidence->detail) == 0)
        return;
    }
  g_ptr_array_add (self->verification, avs_evidence_copy (evidence));
}

const char *
avs_plan_step_get_id (AvsPlanStep *self)
{
  g_return_val_if_fail (AVS_IS_PLAN_STEP (self), NULL);
  return self->id;
}

AvsStepType
avs_plan_step_get_step_type (AvsPlanStep *self)
{
  g_return_val_if_fail (AVS_IS_PLAN_STEP (self), AVS_STEP_VERIFY);
  return self->type;
}

AvsStepKind
avs_plan_step_get_kind (AvsPlanStep *self)
{
  g_return_val_if_fail (AVS_IS_PLAN_STEP (self), AVS_STEP_KIND_MANUAL);
  return self->kind;
}

const char *
avs_plan_step_get_title (AvsPlanStep *self)
{
  g_return_val_if_fail (AVS_IS_PLAN_STEP (self), NULL);
  return self->title;
}

const char *
avs_plan_step_get_explanation (AvsPlanStep *self)
{
  g_return_val_if_fail (AVS_IS_PLAN_STEP (self), NULL);
  return self->explanation;
}

gboolean
avs_plan_step_get_inference (AvsPlanStep *self)
{
  g_return_val_if_fail (AVS_IS_PLAN_STEP (self), FALSE);
  return self->inference;
}

gboolean
avs_plan_step_get_blocking (AvsPlanStep *self)
{
  g_return_val_if_fail (AVS_IS_PLAN_STEP (self), FALSE);
  return self->blocking;
}

gboolean
avs_plan_step_get_needs_admin (AvsPlanStep *self)
{
  g_return_val_if_fail (AVS_IS_PLAN_STEP (self), FALSE);
  for (guint i = 0; i < self->commands->len; i++)
    if (((AvsPlanCommand *) g_ptr_array_index (self->commands, i))->needs_admin)
      return TRUE;
  return FALSE;
}

GPtrArray *
avs_plan_step_get_commands (AvsPlanStep *self)
{
  g_return_val_if_fail (AVS_IS_PLAN_STEP (self), NULL);
  return self->commands;
}

GPtrArray *
avs_plan_step_get_preconditions (AvsPlanStep *self)
{
  g_return_val_if_fail (AVS_IS_PLAN_STEP (self), NULL);
  return self->preconditions;
}

GPtrArray *
avs_plan_step_get_postconditions (AvsPlanStep *self)
{
  g_return_val_if_fail (AVS_IS_PLAN_STEP (self), NULL);
  return self->postconditions;
}

GPtrArray *
avs_plan_step_get_verification (AvsPlanStep *self)
{
  g_return_val_if_fail (AVS_IS_PLAN_STEP (self), NULL);
  return self->verification;
}

const char *
avs_plan_step_get_uri (AvsPlanStep *self)
{
  g_return_val_if_fail (AVS_IS_PLAN_STEP (self), NULL);
  return self->uri;
}

const char * const *
avs_plan_step_get_products (AvsPlanStep *self)
{
  g_return_val_if_fail (AVS_IS_PLAN_STEP (self), NULL);
  return (const char * const *) self->products->pdata;
}

void
_avs_plan_builder_add_strv (JsonBuilder *builder,
                            const char  *member,
                            char       **list)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    json_builder_add_string_value (builder, list[i]);
  json_builder_end_array (builder);
}

static void
add_checks_json (JsonBuilder *builder,
                 const char  *member,
                 GPtrArray   *checks)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < checks->len; i++)
    {
      AvsPlanCheck *check = g_ptr_array_index (checks, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, avs_check_kind_to_string (check->kind));
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, check->value);
      if (check->manager != NULL)
        {
          json_builder_set_member_name (builder, "manager");
          json_builder_add_string_value (builder, check->manager);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* One object of the plan document's "steps" (docs/removal.md). */
void
_avs_plan_step_add_to_json (AvsPlanStep *step,
                            JsonBuilder *builder)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, step->id);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, avs_step_type_to_string (step->type));
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, step->kind == AVS_STEP_KIND_AUTOMATIC
                                          ? "automatic" : "manual");
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, step->title);
  json_builder_set_member_name (builder, "explanation");
  json_builder_add_string_value (builder, step->explanation);
  json_builder_set_member_name (builder, "needs_admin");
  json_builder_add_boolean_value (builder, avs_plan_step_get_needs_admin (step));
  json_builder_set_member_name (builder, "inference");
  json_builder_add_boolean_value (builder, step->inference);
  json_builder_set_member_name (builder, "blocking");
  json_builder_add_boolean_value (builder, step->blocking);
  avs_json_builder_add_string_member (builder, "uri", step->uri);
  _avs_plan_builder_add_strv (builder, "products", (char **) step->products->pdata);

  json_builder_set_member_name (builder, "commands");
  json_builder_begin_array (builder);
  for (guint j = 0; j < step->commands->len; j++)
    {
      AvsPlanCommand *command = g_ptr_array_index (step->commands, j);

      json_builder_begin_object (builder);
      _avs_plan_builder_add_strv (builder, "argv", command->argv);
      json_builder_set_member_name (builder, "needs_admin");
      json_builder_add_boolean_value (builder, command->needs_admin);
      if (command->skip_if != NULL)
        {
          json_builder_set_member_name (builder, "skip_if");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder,
                                         avs_check_kind_to_string (command->skip_if->kind));
          json_builder_set_member_name (builder, "value");
          json_builder_add_string_value (builder, command->skip_if->value);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_checks_json (builder, "preconditions", step->preconditions);
  add_checks_json (builder, "postconditions", step->postconditions);

  json_builder_set_member_name (builder, "verification");
  json_builder_begin_array (builder);
  for (guint j = 0; j < step->verification->len; j++)
    {
      avs_evidence_add_to_builder (g_ptr_array_index (step->verification, j), builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static gboolean
evidence_matches (const AvsEvidence *a,
                  const AvsEvidence *b)
{
  if (a->kind != b->kind || g_strcmp0 (a->value, b->value) != 0)
    return FALSE;
  /* Where the same value can sit in several places, the place matters too. */
  if (a->kind == AVS_EVIDENCE_CERTIFICATE || a->kind == AVS_EVIDENCE_NSS_CERTIFICATE ||
      a->kind == AVS_EVIDENCE_BROWSER_EXTENSION || a->kind == AVS_EVIDENCE_CONFIG)
    return g_strcmp0 (a->detail, b->detail) == 0;
  return TRUE;
}

GPtrArray *
avs_plan_step_find_remaining (AvsPlanStep   *verify,
                              AvsScanResult *new_scan)
{
  GPtrArray *remaining = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_evidence_free);
  GPtrArray *findings;

  g_return_val_if_fail (verify == NULL || AVS_IS_PLAN_STEP (verify), remaining);
  g_return_val_if_fail (AVS_IS_SCAN_RESULT (new_scan), remaining);

  findings = avs_scan_result_get_findings (new_scan);
  for (guint i = 0; i < findings->len; i++)
    {
      GPtrArray *evidence = avs_finding_get_evidence (g_ptr_array_index (findings, i));

      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);

          for (guint k = 0; verify != NULL && k < verify->verification->len; k++)
            if (evidence_matches (e, g_ptr_array_index (verify->verification, k)))
              {
                g_ptr_array_add (remaining, avs_evidence_copy (e));
                break;
              }
        }
    }
  return remaining;
}
