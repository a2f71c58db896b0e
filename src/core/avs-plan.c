/* avs-plan.c — the removal and replacement plan: ordered steps built from a scan
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Facts: ../shared/facts/kaspersky-linux.md (uninstall steps table, the flagged order inference,
 * gaps), ../shared/facts/platform-notes.md §3.6 (appstream://, pkexec, flatpak-spawn).
 * Design notes: docs/removal.md.
 */

#include "config.h"

#include <fnmatch.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "avs-catalog-product.h"
#include "avs-host.h"
#include "avs-json.h"
#include "avs-nick.h"
#include "avs-package-manager.h"
#include "avs-plan.h"
#include "avs-validate.h"

G_DEFINE_QUARK (avs-plan-error-quark, avs_plan_error)

#define AVS_PLAN_INPUTS_SCHEMA "avswitch-plan-inputs/1"
#define BACKUP_DIR "/var/lib/avswitch/backup"

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

static const char * const method_nicks[] = {
  [AVS_REPLACEMENT_METHOD_AUTO] = "auto",
  [AVS_REPLACEMENT_METHOD_GNOME_SOFTWARE] = "gnome-software",
  [AVS_REPLACEMENT_METHOD_FLATPAK] = "flatpak",
  [AVS_REPLACEMENT_METHOD_PACKAGES] = "packages",
  [AVS_REPLACEMENT_METHOD_VENDOR_PAGE] = "vendor-page",
};

const char *
avs_replacement_method_to_string (AvsReplacementMethod method)
{
  g_return_val_if_fail (method < G_N_ELEMENTS (method_nicks), NULL);
  return method_nicks[method];
}

gboolean
avs_replacement_method_from_string (const char           *string,
                                    AvsReplacementMethod *out_method)
{
  guint value;

  if (!avs_nick_lookup (method_nicks, G_N_ELEMENTS (method_nicks), string, &value))
    return FALSE;
  *out_method = (AvsReplacementMethod) value;
  return TRUE;
}

static const char * const frontend_nicks[] = {
  [AVS_PACKAGE_FRONTEND_AUTO] = "auto",
  [AVS_PACKAGE_FRONTEND_APT] = "apt",
  [AVS_PACKAGE_FRONTEND_DNF] = "dnf",
  [AVS_PACKAGE_FRONTEND_YUM] = "yum",
  [AVS_PACKAGE_FRONTEND_ZYPPER] = "zypper",
  [AVS_PACKAGE_FRONTEND_PACMAN] = "pacman",
  [AVS_PACKAGE_FRONTEND_NONE] = "none",
};

const char *
avs_package_frontend_to_string (AvsPackageFrontend frontend)
{
  g_return_val_if_fail (frontend < G_N_ELEMENTS (frontend_nicks), NULL);
  return frontend_nicks[frontend];
}

static gboolean
frontend_from_string (const char         *string,
                      AvsPackageFrontend *out_frontend)
{
  guint value;

  if (!avs_nick_lookup (frontend_nicks, G_N_ELEMENTS (frontend_nicks), string, &value))
    return FALSE;
  *out_frontend = (AvsPackageFrontend) value;
  return TRUE;
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

static gboolean
needs_quoting (const char *arg)
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
      if (needs_quoting (command->argv[i]))
        {
          g_autofree char *quoted = g_shell_quote (command->argv[i]);
          g_string_append (line, quoted);
        }
      else
        g_string_append (line, command->argv[i]);
    }
  return g_string_free (line, FALSE);
}

static AvsPlanCheck *
check_new (AvsCheckKind  kind,
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
  switch (check->kind)
    {
    case AVS_CHECK_PACKAGE_REMOVED:
      /* Translators: %s is a package name */
      return g_strdup_printf (_("the package %s is not installed"), check->value);
    case AVS_CHECK_PACKAGE_PURGED:
      /* Translators: %s is a package name; dpkg keeps records of removed packages */
      return g_strdup_printf (_("the package database has no record of %s"), check->value);
    case AVS_CHECK_PACKAGE_INSTALLED:
      /* Translators: %s is a package name */
      return g_strdup_printf (_("the package %s is installed"), check->value);
    case AVS_CHECK_PATH_ABSENT:
      /* Translators: %s is a path */
      return g_strdup_printf (_("nothing exists at %s"), check->value);
    case AVS_CHECK_PATH_SAFE:
      /* Translators: %s is a path */
      return g_strdup_printf (_("no folder above %s is a symbolic link"), check->value);
    case AVS_CHECK_FLATPAK_INSTALLED:
      /* Translators: %s is a Flatpak application id */
      return g_strdup_printf (_("the Flatpak application %s is installed"), check->value);
    case AVS_CHECK_GROUP_ABSENT:
      /* Translators: %s is an operating-system group name */
      return g_strdup_printf (_("the group %s does not exist"), check->value);
    default:
      g_assert_not_reached ();
    }
}

/* ---------------------------------------------------------------------------------------------
 * AvsPlanStep
 * ------------------------------------------------------------------------------------------- */

struct _AvsPlanStep
{
  GObject      parent_instance;

  char        *id;
  AvsStepType  type;
  AvsStepKind  kind;
  char        *title;
  char        *explanation;
  gboolean     inference;
  gboolean     blocking;
  GPtrArray   *commands;        /* AvsPlanCommand */
  GPtrArray   *preconditions;   /* AvsPlanCheck */
  GPtrArray   *postconditions;  /* AvsPlanCheck */
  GPtrArray   *verification;    /* AvsEvidence */
  char        *uri;
  GPtrArray   *products;        /* char*, NULL-terminated */
};

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

static AvsPlanStep *
step_new (const char  *id,
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

static void
step_add_product (AvsPlanStep *self,
                  const char  *product_id)
{
  for (guint i = 0; i + 1 < self->products->len; i++)
    if (g_str_equal (g_ptr_array_index (self->products, i), product_id))
      return;
  g_ptr_array_insert (self->products, self->products->len - 1, g_strdup (product_id));
}

static AvsPlanCommand *
step_add_command (AvsPlanStep        *self,
                  gboolean            needs_admin,
                  const char * const *argv)
{
  AvsPlanCommand *command = avs_plan_command_new (argv, needs_admin);

  g_ptr_array_add (self->commands, command);
  return command;
}

static void
step_add_verification (AvsPlanStep       *self,
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

/* ---------------------------------------------------------------------------------------------
 * AvsReplacement
 * ------------------------------------------------------------------------------------------- */

static gboolean
validate_package_list (const char * const *list,
                       GError            **error)
{
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    if (!avs_validate_package_name (list[i], error))
      return FALSE;
  return TRUE;
}

static char **
strv_copy_or_empty (const char * const *list)
{
  if (list == NULL)
    return g_new0 (char *, 1);
  return g_strdupv ((char **) list);
}

AvsReplacement *
avs_replacement_new (const char         *product_id,
                     const char         *name,
                     const char         *flathub_id,
                     const char * const *apt,
                     const char * const *dnf,
                     const char * const *zypper,
                     const char * const *pacman,
                     const char         *vendor_url,
                     GError            **error)
{
  AvsReplacement *replacement;

  if (!avs_validate_product_id (product_id, error))
    return NULL;
  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL) || strlen (name) > 200)
    {
      g_set_error (error, AVS_PLAN_ERROR, AVS_PLAN_ERROR_INVALID,
                   /* Translators: %s is a catalog product id */
                   _("The replacement %s has no usable name."), product_id);
      return NULL;
    }
  if (flathub_id != NULL && !avs_validate_flatpak_id (flathub_id, error))
    return NULL;
  if (!validate_package_list (apt, error) || !validate_package_list (dnf, error) ||
      !validate_package_list (zypper, error) || !validate_package_list (pacman, error))
    return NULL;
  if (vendor_url != NULL && !avs_validate_https_url (vendor_url, error))
    return NULL;

  replacement = g_new0 (AvsReplacement, 1);
  replacement->product_id = g_strdup (product_id);
  replacement->name = g_strdup (name);
  replacement->flathub_id = g_strdup (flathub_id);
  replacement->apt = strv_copy_or_empty (apt);
  replacement->dnf = strv_copy_or_empty (dnf);
  replacement->zypper = strv_copy_or_empty (zypper);
  replacement->pacman = strv_copy_or_empty (pacman);
  replacement->vendor_url = g_strdup (vendor_url);
  return replacement;
}

AvsReplacement *
avs_replacement_copy (const AvsReplacement *replacement)
{
  return avs_replacement_new (replacement->product_id, replacement->name,
                              replacement->flathub_id,
                              (const char * const *) replacement->apt,
                              (const char * const *) replacement->dnf,
                              (const char * const *) replacement->zypper,
                              (const char * const *) replacement->pacman,
                              replacement->vendor_url, NULL);
}

void
avs_replacement_free (AvsReplacement *replacement)
{
  if (replacement == NULL)
    return;
  g_free (replacement->product_id);
  g_free (replacement->name);
  g_free (replacement->flathub_id);
  g_strfreev (replacement->apt);
  g_strfreev (replacement->dnf);
  g_strfreev (replacement->zypper);
  g_strfreev (replacement->pacman);
  g_free (replacement->vendor_url);
  g_free (replacement);
}

AvsReplacement *
avs_replacement_new_from_catalog (AvsCatalogProduct  *product,
                                  GError            **error)
{
  const char *page = NULL;
  const char *candidates[3];

  g_return_val_if_fail (AVS_IS_CATALOG_PRODUCT (product), NULL);

  if (avs_catalog_product_get_kind (product) != AVS_PRODUCT_KIND_PRODUCT ||
      !avs_catalog_product_runs_on_linux (product))
    {
      g_set_error (error, AVS_PLAN_ERROR, AVS_PLAN_ERROR_UNSUPPORTED,
                   /* Translators: %s is a product name */
                   _("%s is not something to install on Linux."),
                   avs_catalog_product_get_name (product));
      return NULL;
    }

  candidates[0] = avs_catalog_product_get_download_url (product);
  candidates[1] = avs_catalog_product_get_homepage (product);
  candidates[2] = avs_catalog_product_get_documentation (product);
  for (guint i = 0; i < G_N_ELEMENTS (candidates) && page == NULL; i++)
    if (candidates[i] != NULL && avs_validate_https_url (candidates[i], NULL))
      page = candidates[i];

  return avs_replacement_new (avs_catalog_product_get_id (product),
                              avs_catalog_product_get_name (product),
                              avs_catalog_product_get_flathub_id (product),
                              avs_catalog_product_get_packages (product, "apt"),
                              avs_catalog_product_get_packages (product, "dnf"),
                              avs_catalog_product_get_packages (product, "zypper"),
                              avs_catalog_product_get_packages (product, "pacman"),
                              page, error);
}

static void
builder_add_strv (JsonBuilder *builder,
                  const char  *member,
                  char       **list)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    json_builder_add_string_value (builder, list[i]);
  json_builder_end_array (builder);
}

JsonNode *
avs_replacement_to_json (const AvsReplacement *replacement)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "product");
  json_builder_add_string_value (builder, replacement->product_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, replacement->name);
  avs_json_builder_add_string_member (builder, "flathub", replacement->flathub_id);
  builder_add_strv (builder, "apt", replacement->apt);
  builder_add_strv (builder, "dnf", replacement->dnf);
  builder_add_strv (builder, "zypper", replacement->zypper);
  builder_add_strv (builder, "pacman", replacement->pacman);
  avs_json_builder_add_string_member (builder, "vendor_url", replacement->vendor_url);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* A member that may be absent, null or a string. */
static gboolean
get_nullable_string (JsonObject  *object,
                     const char  *path,
                     const char  *member,
                     const char **out_value,
                     GError     **error)
{
  *out_value = NULL;
  if (!json_object_has_member (object, member) ||
      json_node_is_null (json_object_get_member (object, member)))
    return TRUE;
  return avs_json_get_string (object, path, member, TRUE, out_value, error);
}

AvsReplacement *
avs_replacement_from_json (JsonNode  *node,
                           GError   **error)
{
  static const char * const members[] = {
    "product", "name", "flathub", "apt", "dnf", "zypper", "pacman", "vendor_url", NULL
  };
  JsonObject *object;
  const char *product = NULL, *name = NULL, *flathub = NULL, *vendor_url = NULL;
  g_auto(GStrv) apt = NULL, dnf = NULL, zypper = NULL, pacman = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                   _("The replacement must be a JSON object."));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!avs_json_check_members (object, "$.replacement", members, error) ||
      !avs_json_get_string (object, "$.replacement", "product", TRUE, &product, error) ||
      !avs_json_get_string (object, "$.replacement", "name", TRUE, &name, error) ||
      !get_nullable_string (object, "$.replacement", "flathub", &flathub, error) ||
      !avs_json_get_strv (object, "$.replacement", "apt", FALSE, &apt, error) ||
      !avs_json_get_strv (object, "$.replacement", "dnf", FALSE, &dnf, error) ||
      !avs_json_get_strv (object, "$.replacement", "zypper", FALSE, &zypper, error) ||
      !avs_json_get_strv (object, "$.replacement", "pacman", FALSE, &pacman, error) ||
      !get_nullable_string (object, "$.replacement", "vendor_url", &vendor_url, error))
    return NULL;

  return avs_replacement_new (product, name, flathub,
                              (const char * const *) apt, (const char * const *) dnf,
                              (const char * const *) zypper, (const char * const *) pacman,
                              vendor_url, error);
}

/* ---------------------------------------------------------------------------------------------
 * The allow-list: the only paths AV Switch ever deletes (kaspersky-linux.md §1–§11, §15).
 * A "*" matches one path component. Anything Kaspersky-related outside these goes into a
 * manual step for the user to decide.
 * ------------------------------------------------------------------------------------------- */

static const char * const allow_list[] = {
  /* Every Kaspersky Linux product installs under these (K6, K8, K17, G1, G16). */
  "/opt/kaspersky",
  "/var/opt/kaspersky",
  "/etc/opt/kaspersky",
  "/var/log/kaspersky",
  /* kav4fs 8 licence location (G8b, G9). */
  "/etc/kaspersky",
  /* KESL's kesl-control link (G16) and the AUR package's licence folder (G1). */
  "/usr/bin/kesl-control",
  "/usr/share/licenses/kesl",
  /* Init scripts (G5, G8b, G10, idx) and the Scan Engine's configuration files (SE1–SE3). */
  "/etc/init.d/kesl",
  "/etc/init.d/kesl-supervisor",
  "/etc/init.d/klnagent64",
  "/etc/init.d/kav4fs-supervisor",
  "/etc/init.d/klms",
  "/etc/init.d/kavhttpd",
  "/etc/kavhttpd.xml",
  "/etc/kavicapd.xml",
  "/etc/klScanEngineUI.xml",
  /* KVRT's data folders (KVRT). */
  "/var/opt/KVRT2024_Data",
  "/root/KVRT2024_Data",
  "/home/*/KVRT2024_Data",
  /* Install logs (G16). */
  "/tmp/kesl*.log",
  /* Repository entries (none seen in the facts, but a scan may find one). */
  "/etc/apt/sources.list.d/*kaspersky*",
  "/etc/yum.repos.d/*kaspersky*",
  "/etc/zypp/repos.d/*kaspersky*",
};

/* Unit files named in the facts (G4, G16, SE1), in every standard unit folder. */
static const char * const unit_dirs[] = {
  "/etc/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system",
  "/usr/local/lib/systemd/system",
};
static const char * const unit_names[] = {
  "kesl.service", "kesl-supervisor.service", "klnagent64.service", "klnagent.service",
  "kavhttpd.service", "kavicapd.service", "klScanEngineUI.service", "kics.service",
  "kess.service",
};

/* OS groups the products create (K14, KFL3, idx). */
static const char * const group_allow_list[] = {
  "kesladmin", "kesluser", "keslaudit", "nokesl", "kfladmin", "kfluser", "nokfl", "klusers",
};

/* Trust-store anchor folders and the tool that rebuilds each store. */
typedef struct
{
  const char *dir;
  const char *tool[3];
} AnchorDir;

static const AnchorDir anchor_dirs[] = {
  { "/usr/local/share/ca-certificates", { "update-ca-certificates", NULL } },          /* Debian, Ubuntu */
  { "/etc/pki/ca-trust/source/anchors", { "update-ca-trust", "extract", NULL } },      /* Fedora, RHEL */
  { "/usr/share/pki/ca-trust-source/anchors", { "update-ca-trust", "extract", NULL } },
  { "/etc/pki/trust/anchors", { "update-ca-certificates", NULL } },                    /* openSUSE, SLE */
  { "/usr/share/pki/trust/anchors", { "update-ca-certificates", NULL } },
  { "/etc/ca-certificates/trust-source/anchors", { "trust", "extract-compat", NULL } }, /* Arch */
  { "/usr/share/ca-certificates/trust-source/anchors", { "trust", "extract-compat", NULL } },
};

/* If @path is @pattern or lies beneath it, returns the part of @path that matched @pattern. */
static char *
match_allow_entry (const char *pattern,
                   const char *path)
{
  g_auto(GStrv) pc = g_strsplit (pattern + 1, "/", -1);
  g_auto(GStrv) xc = g_strsplit (path + 1, "/", -1);
  GString *matched = g_string_new (NULL);
  guint i;

  for (i = 0; pc[i] != NULL; i++)
    {
      if (xc[i] == NULL || fnmatch (pc[i], xc[i], FNM_PATHNAME | FNM_PERIOD) != 0)
        {
          g_string_free (matched, TRUE);
          return NULL;
        }
      g_string_append_c (matched, '/');
      g_string_append (matched, xc[i]);
    }
  return g_string_free (matched, FALSE);
}

/* Absolute, without empty, "." or ".." components and without control characters. */
static gboolean
path_is_normal (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (path == NULL || path[0] != '/' || !g_utf8_validate (path, -1, NULL))
    return FALSE;
  for (const char *p = path; *p != '\0'; p++)
    if ((unsigned char) *p < 0x20 || *p == 0x7f)
      return FALSE;
  parts = g_strsplit (path + 1, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
      return FALSE;
  return TRUE;
}

/* The allow-listed path that covers @path (itself or an ancestor), or NULL. */
static char *
allow_listed_target (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (allow_list); i++)
    {
      char *target = match_allow_entry (allow_list[i], path);
      if (target != NULL)
        return target;
    }
  for (guint d = 0; d < G_N_ELEMENTS (unit_dirs); d++)
    for (guint u = 0; u < G_N_ELEMENTS (unit_names); u++)
      {
        g_autofree char *file = g_build_filename (unit_dirs[d], unit_names[u], NULL);
        g_autofree char *wants = g_strdup_printf ("%s/*.wants/%s", unit_dirs[d], unit_names[u]);
        char *target;

        if (g_str_equal (file, path))
          return g_strdup (path);
        target = match_allow_entry (wants, path);
        if (target != NULL)
          return target;
      }
  return NULL;
}

static gboolean
group_allow_listed (const char *group)
{
  for (guint i = 0; i < G_N_ELEMENTS (group_allow_list); i++)
    if (g_str_equal (group, group_allow_list[i]))
      return TRUE;
  return FALSE;
}

static const AnchorDir *
anchor_dir_for (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (anchor_dirs); i++)
    {
      g_autofree char *dir = g_path_get_dirname (path);
      if (g_str_equal (dir, anchor_dirs[i].dir))
        return &anchor_dirs[i];
    }
  return NULL;
}

/* ---------------------------------------------------------------------------------------------
 * AvsPlan
 * ------------------------------------------------------------------------------------------- */

struct _AvsPlan
{
  GObject               parent_instance;

  AvsScanResult        *scan;
  char                 *root;
  gboolean              live;
  char                 *stamp;
  AvsPackageFrontend    frontend;
  AvsReplacement       *replacement;
  AvsReplacementMethod  method;
  char                 *archive_path;
  char                 *rpm_dbpath;     /* for --root only */
  AvsHost              *host;           /* the root, read like the scanner reads it */
  GError               *host_error;     /* why the root could not be opened */
  GPtrArray            *steps;          /* AvsPlanStep */
  GPtrArray            *refused;        /* char*, NULL-terminated */
};

static void avs_plan_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AvsPlan, avs_plan, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, avs_plan_list_model_init))

static GType
avs_plan_get_item_type (GListModel *model)
{
  return AVS_TYPE_PLAN_STEP;
}

static guint
avs_plan_get_n_items (GListModel *model)
{
  return AVS_PLAN (model)->steps->len;
}

static gpointer
avs_plan_get_item (GListModel *model,
                   guint       position)
{
  AvsPlan *self = AVS_PLAN (model);

  if (position >= self->steps->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->steps, position));
}

static void
avs_plan_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = avs_plan_get_item_type;
  iface->get_n_items = avs_plan_get_n_items;
  iface->get_item = avs_plan_get_item;
}

static void
avs_plan_finalize (GObject *object)
{
  AvsPlan *self = AVS_PLAN (object);

  g_clear_object (&self->scan);
  g_free (self->root);
  g_free (self->stamp);
  g_clear_pointer (&self->replacement, avs_replacement_free);
  g_free (self->archive_path);
  g_free (self->rpm_dbpath);
  g_clear_object (&self->host);
  g_clear_error (&self->host_error);
  g_ptr_array_unref (self->steps);
  g_ptr_array_unref (self->refused);

  G_OBJECT_CLASS (avs_plan_parent_class)->finalize (object);
}

static void
avs_plan_class_init (AvsPlanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = avs_plan_finalize;
}

static void
avs_plan_init (AvsPlan *self)
{
  self->steps = g_ptr_array_new_with_free_func (g_object_unref);
  self->refused = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->refused, NULL);
}

static void
plan_refuse (AvsPlan    *self,
             const char *message)
{
  for (guint i = 0; i + 1 < self->refused->len; i++)
    if (g_str_equal (g_ptr_array_index (self->refused, i), message))
      return;
  g_ptr_array_insert (self->refused, self->refused->len - 1, g_strdup (message));
}

char *
avs_plan_real_path (AvsPlan    *self,
                    const char *path)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  if (g_str_equal (self->root, "/"))
    return g_strdup (path);
  return g_build_filename (self->root, path, NULL);
}

/* The frontend from os-release: ID first, then ID_LIKE (os-release(5)). */
static AvsPackageFrontend
frontend_for_host (AvsHostInfo *host)
{
  static const struct { const char *id; AvsPackageFrontend frontend; } table[] = {
    { "debian", AVS_PACKAGE_FRONTEND_APT }, { "ubuntu", AVS_PACKAGE_FRONTEND_APT },
    { "astra", AVS_PACKAGE_FRONTEND_APT },
    { "fedora", AVS_PACKAGE_FRONTEND_DNF }, { "rhel", AVS_PACKAGE_FRONTEND_DNF },
    { "centos", AVS_PACKAGE_FRONTEND_DNF }, { "rocky", AVS_PACKAGE_FRONTEND_DNF },
    { "almalinux", AVS_PACKAGE_FRONTEND_DNF },
    { "opensuse", AVS_PACKAGE_FRONTEND_ZYPPER }, { "opensuse-leap", AVS_PACKAGE_FRONTEND_ZYPPER },
    { "opensuse-tumbleweed", AVS_PACKAGE_FRONTEND_ZYPPER }, { "suse", AVS_PACKAGE_FRONTEND_ZYPPER },
    { "sles", AVS_PACKAGE_FRONTEND_ZYPPER },
    { "arch", AVS_PACKAGE_FRONTEND_PACMAN },
  };
  AvsPackageFrontend found = AVS_PACKAGE_FRONTEND_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (table) && found == AVS_PACKAGE_FRONTEND_NONE; i++)
    if (g_strcmp0 (host->id, table[i].id) == 0)
      found = table[i].frontend;
  for (guint j = 0; host->id_like != NULL && host->id_like[j] != NULL &&
                    found == AVS_PACKAGE_FRONTEND_NONE; j++)
    for (guint i = 0; i < G_N_ELEMENTS (table); i++)
      if (g_str_equal (host->id_like[j], table[i].id))
        {
          found = table[i].frontend;
          break;
        }

  /* RHEL/CentOS 7 and older have yum, not dnf. */
  if (found == AVS_PACKAGE_FRONTEND_DNF && g_strcmp0 (host->id, "fedora") != 0 &&
      host->version_id != NULL && g_ascii_strtoull (host->version_id, NULL, 10) > 0 &&
      g_ascii_strtoull (host->version_id, NULL, 10) < 8)
    found = AVS_PACKAGE_FRONTEND_YUM;

  if (found == AVS_PACKAGE_FRONTEND_NONE)
    {
      if (g_strcmp0 (host->package_manager, "dpkg") == 0)
        found = AVS_PACKAGE_FRONTEND_APT;
      else if (g_strcmp0 (host->package_manager, "pacman") == 0)
        found = AVS_PACKAGE_FRONTEND_PACMAN;
    }
  return found;
}

static const char *
manager_for_frontend (AvsPackageFrontend frontend)
{
  switch (frontend)
    {
    case AVS_PACKAGE_FRONTEND_APT:
      return "dpkg";
    case AVS_PACKAGE_FRONTEND_DNF:
    case AVS_PACKAGE_FRONTEND_YUM:
    case AVS_PACKAGE_FRONTEND_ZYPPER:
      return "rpm";
    case AVS_PACKAGE_FRONTEND_PACMAN:
      return "pacman";
    case AVS_PACKAGE_FRONTEND_AUTO:
    case AVS_PACKAGE_FRONTEND_NONE:
    default:
      return NULL;
    }
}

/* The scanned root, read through AvsHost like the scanner reads it; NULL with @error when it
 * cannot be opened (a plan built from a saved scan whose disk is gone). Made while the plan is
 * built, so that a finished plan can be shared with worker threads. */
static AvsHost *
plan_get_host (AvsPlan  *self,
               GError  **error)
{
  if (self->host == NULL && self->host_error == NULL)
    self->host = avs_host_new (self->root, &self->host_error);
  if (self->host == NULL)
    {
      g_propagate_error (error, g_error_copy (self->host_error));
      return NULL;
    }
  return self->host;
}

static const char *
rpm_dbpath (AvsPlan *self)
{
  if (self->rpm_dbpath == NULL)
    {
      const char * const *dbpaths = avs_package_manager_get_db_paths (AVS_PACKAGE_MANAGER_RPM);
      AvsHost *host = plan_get_host (self, NULL);

      /* Both exist on a current Fedora (one links to the other). The real folder, not the link:
       * rpm opens --dbpath inside --root with the kernel, which would follow an absolute link
       * out of the disk, so a link there fails the step's AVS_CHECK_PATH_SAFE. */
      for (guint i = 0; host != NULL && dbpaths[i] != NULL && self->rpm_dbpath == NULL; i++)
        if (avs_host_query (host, dbpaths[i], FALSE, NULL, NULL) == AVS_HOST_FILE_DIRECTORY)
          self->rpm_dbpath = g_strdup (dbpaths[i]);
      if (self->rpm_dbpath == NULL)
        self->rpm_dbpath = g_strdup (dbpaths[0]);
    }
  return self->rpm_dbpath;
}

/* Appends the manager's program and its root options to @argv. */
static void
add_manager_prefix (AvsPlan    *self,
                    GPtrArray  *argv,
                    const char *manager,
                    gboolean    query)
{
  gboolean other_root = !g_str_equal (self->root, "/");

  if (g_str_equal (manager, "dpkg"))
    {
      if (query)
        {
          g_ptr_array_add (argv, g_strdup ("dpkg-query"));
          if (other_root)
            g_ptr_array_add (argv, g_strdup_printf ("--admindir=%s/var/lib/dpkg", self->root));
        }
      else
        {
          g_ptr_array_add (argv, g_strdup ("dpkg"));
          if (other_root)
            g_ptr_array_add (argv, g_strdup_printf ("--root=%s", self->root));
        }
    }
  else if (g_str_equal (manager, "rpm"))
    {
      g_ptr_array_add (argv, g_strdup ("rpm"));
      if (other_root)
        {
          g_ptr_array_add (argv, g_strdup ("--root"));
          g_ptr_array_add (argv, g_strdup (self->root));
          g_ptr_array_add (argv, g_strdup ("--dbpath"));
          g_ptr_array_add (argv, g_strdup (rpm_dbpath (self)));
        }
    }
  else if (g_str_equal (manager, "pacman"))
    {
      g_ptr_array_add (argv, g_strdup ("pacman"));
      if (other_root && query)
        {
          g_ptr_array_add (argv, g_strdup ("--dbpath"));
          g_ptr_array_add (argv, g_strdup_printf ("%s/var/lib/pacman", self->root));
        }
      else if (other_root)
        {
          g_ptr_array_add (argv, g_strdup ("--sysroot"));
          g_ptr_array_add (argv, g_strdup (self->root));
        }
    }
  else
    g_assert_not_reached ();
}

char **
avs_plan_dup_query_argv (AvsPlan            *self,
                         const AvsPlanCheck *check)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  g_return_val_if_fail (check->manager != NULL, NULL);

  add_manager_prefix (self, argv, check->manager, TRUE);
  if (g_str_equal (check->manager, "dpkg"))
    {
      g_ptr_array_add (argv, g_strdup ("--show"));
      g_ptr_array_add (argv, g_strdup ("--showformat=${db:Status-Status}\\n"));
    }
  else
    g_ptr_array_add (argv, g_strdup ("--query"));
  g_ptr_array_add (argv, g_strdup ("--"));
  g_ptr_array_add (argv, g_strdup (check->value));
  g_ptr_array_add (argv, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&argv), FALSE);
}

/* ---------------------------------------------------------------------------------------------
 * Building
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  char       *name;
  const char *manager;
  const char *product_id;
  guint       rank;      /* 0 interfaces, 1 applications, 2 Network Agent */
  guint       order;     /* discovery order */
  gboolean    removed;   /* dpkg "config-files": already removed, only its record remains */
} PlannedPackage;

static void
planned_package_free (PlannedPackage *package)
{
  g_free (package->name);
  g_free (package);
}

static int
planned_package_compare (gconstpointer a,
                         gconstpointer b)
{
  const PlannedPackage *pa = *(const PlannedPackage * const *) a;
  const PlannedPackage *pb = *(const PlannedPackage * const *) b;

  if (pa->rank != pb->rank)
    return pa->rank < pb->rank ? -1 : 1;
  return pa->order < pb->order ? -1 : (pa->order > pb->order ? 1 : 0);
}

static gboolean
is_gui_package (const char *name)
{
  return g_str_has_suffix (name, "-gui") || g_str_has_suffix (name, "-gui-astra");
}

static gboolean
is_path_evidence (AvsEvidenceKind kind)
{
  return kind == AVS_EVIDENCE_FILE || kind == AVS_EVIDENCE_DIRECTORY ||
         kind == AVS_EVIDENCE_SYMLINK || kind == AVS_EVIDENCE_INIT_SCRIPT ||
         kind == AVS_EVIDENCE_REPOSITORY;
}

/* The path of a piece of evidence that names a file, or NULL. */
static const char *
evidence_path (const AvsEvidence *e)
{
  if (is_path_evidence (e->kind))
    return e->value;
  if (e->kind == AVS_EVIDENCE_UNIT)
    return e->detail;
  /* A module file left under /lib/modules: never deleted by AV Switch, but listed. */
  if (e->kind == AVS_EVIDENCE_KERNEL_MODULE && e->detail != NULL && e->detail[0] == '/')
    return e->detail;
  return NULL;
}

static void
append_paragraph (GString    *text,
                  const char *paragraph)
{
  if (text->len > 0)
    g_string_append_c (text, ' ');
  g_string_append (text, paragraph);
}

static void
add_targets_to_checks (AvsPlan     *self,
                       AvsPlanStep *step,
                       GPtrArray   *targets,
                       gboolean     pre_safe,
                       gboolean     post_absent)
{
  /* Links above a path only matter under another root (see AVS_CHECK_PATH_SAFE). */
  pre_safe = pre_safe && !g_str_equal (self->root, "/");
  for (guint i = 0; i < targets->len; i++)
    {
      const char *target = g_ptr_array_index (targets, i);

      if (pre_safe)
        g_ptr_array_add (step->preconditions, check_new (AVS_CHECK_PATH_SAFE, target, NULL));
      if (post_absent)
        g_ptr_array_add (step->postconditions, check_new (AVS_CHECK_PATH_ABSENT, target, NULL));
    }
}

/* Under another root, dpkg, rpm and pacman open their database inside it with the kernel, which
 * follows an absolute link at that folder or above it out of the disk, onto this computer's own
 * database: the step must not start unless no folder on the way is a link. */
static void
add_database_guard (AvsPlan     *self,
                    AvsPlanStep *step,
                    const char  *manager)
{
  AvsPackageManager pm = avs_package_manager_parse (manager);
  g_autofree char *lock = NULL;

  if (g_str_equal (self->root, "/"))
    return;
  lock = avs_package_manager_dup_lock_path (pm, pm == AVS_PACKAGE_MANAGER_RPM ? rpm_dbpath (self)
                                                                            : NULL);
  g_ptr_array_add (step->preconditions, check_new (AVS_CHECK_PATH_SAFE, lock, NULL));
}

/* Adds @path to @targets unless it, or a folder above it, is already there; drops entries that
 * lie beneath @path. */
static void
add_target (GPtrArray  *targets,
            const char *path)
{
  for (guint i = 0; i < targets->len; i++)
    {
      const char *t = g_ptr_array_index (targets, i);
      g_autofree char *t_slash = g_strconcat (t, "/", NULL);

      if (g_str_equal (t, path) || g_str_has_prefix (path, t_slash))
        return;
    }
  for (guint i = targets->len; i > 0; i--)
    {
      const char *t = g_ptr_array_index (targets, i - 1);
      g_autofree char *p_slash = g_strconcat (path, "/", NULL);

      if (g_str_has_prefix (t, p_slash))
        g_ptr_array_remove_index (targets, i - 1);
    }
  g_ptr_array_add (targets, g_strdup (path));
}

static char *
join_list (GPtrArray *items)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, g_ptr_array_index (items, i));
    }
  return g_string_free (text, FALSE);
}

static void
plan_add_step (AvsPlan     *self,
               AvsPlanStep *step,
               GString     *explanation)
{
  step->explanation = g_string_free (explanation, FALSE);
  g_ptr_array_add (self->steps, step);
}

/* A --root plan's package tools run the disk's own maintainer scripts as root here: said in
 * each such step, and asked for again before running (avs_plan_runs_disk_scripts()). */
static void
append_disk_scripts_note (AvsPlan    *self,
                          GString    *text,
                          const char *tool)
{
  g_autofree char *s = NULL;

  if (g_str_equal (self->root, "/"))
    return;
  s = g_strdup_printf (
      /* Translators: %s is a program (dpkg, rpm, pacman) */
      _("This changes a disk, not the running system, and %s runs the package’s own removal "
        "scripts from that disk as the administrator of this computer: such a script can change "
        "this computer too. Continue only with a disk you trust."), tool);
  append_paragraph (text, s);
}

static void
build_managed_step (AvsPlan *self)
{
  const char *server = avs_scan_result_get_management_server (self->scan);
  AvsPlanStep *step;
  GString *text;

  if (!avs_scan_result_is_managed (self->scan))
    return;
  text = g_string_new (NULL);

  step = step_new ("managed", AVS_STEP_MANAGED, AVS_STEP_KIND_MANUAL,
                   _("This computer is managed by Kaspersky Security Center"));
  step->blocking = TRUE;
  step_add_product (step, AVS_PRODUCT_NETWORK_AGENT);

  if (server != NULL)
    {
      g_autofree char *s = g_strdup_printf (
          /* Translators: %s is the address of a Kaspersky Security Center server */
          _("A Kaspersky Network Agent connects this computer to the Kaspersky Security Center "
            "administration server %s."), server);
      append_paragraph (text, s);
    }
  else
    append_paragraph (text, _("A Kaspersky Network Agent connects this computer to a Kaspersky "
                              "Security Center administration server."));
  append_paragraph (text,
                    _("Removing Kaspersky here ends that management without the administrator "
                      "knowing, and the device stays listed in Kaspersky Security Center until "
                      "its retention period ends or an administrator deletes it. Ask your "
                      "administrator to release this device, or to run the Kaspersky Security "
                      "Center task “Uninstall application remotely” for it. Continue anyway only "
                      "as a technician who has that agreement."));
  plan_add_step (self, step, text);
}

static void
build_stop_services_step (AvsPlan   *self,
                          GPtrArray *findings)
{
  AvsPlanStep *step;
  g_autoptr(GPtrArray) units = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) scripts = g_ptr_array_new_with_free_func (g_free);
  GString *text;

  /* A disk or chroot that is not running has no services to stop. */
  if (!self->live)
    return;

  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);
      GPtrArray *evidence = avs_finding_get_evidence (finding);

      /* Leftovers of a removal run nothing (unless the scan saw them running), and systemd may
       * not even know a stray unit file: stopping it would fail the run for nothing. */
      if (avs_finding_get_state (finding) == AVS_INSTALL_STATE_LEFTOVERS &&
          !avs_finding_get_running (finding))
        continue;

      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);
          g_autoptr(GError) error = NULL;

          if (e->kind == AVS_EVIDENCE_UNIT)
            {
              if (!avs_validate_unit_name (e->value, &error))
                plan_refuse (self, error->message);
              else if (!g_ptr_array_find_with_equal_func (units, e->value, g_str_equal, NULL))
                g_ptr_array_add (units, g_strdup (e->value));
            }
          else if (e->kind == AVS_EVIDENCE_INIT_SCRIPT)
            {
              g_autofree char *dir = g_path_get_dirname (e->value);

              if (!avs_validate_path (e->value, &error))
                plan_refuse (self, error->message);
              else if (g_str_equal (dir, "/etc/init.d") &&
                       !g_ptr_array_find_with_equal_func (scripts, e->value, g_str_equal, NULL))
                g_ptr_array_add (scripts, g_strdup (e->value));
            }
        }
    }

  if (units->len == 0 && scripts->len == 0)
    return;

  step = step_new ("stop-services", AVS_STEP_STOP_SERVICES, AVS_STEP_KIND_AUTOMATIC,
                   _("Stop the Kaspersky services"));
  /* One command for every unit: one administrator prompt instead of one per unit. */
  if (units->len > 0)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();

      g_ptr_array_add (argv, (gpointer) "systemctl");
      g_ptr_array_add (argv, (gpointer) "stop");
      g_ptr_array_add (argv, (gpointer) "--");
      for (guint i = 0; i < units->len; i++)
        g_ptr_array_add (argv, g_ptr_array_index (units, i));
      g_ptr_array_add (argv, NULL);
      step_add_command (step, TRUE, (const char * const *) argv->pdata);
    }
  for (guint i = 0; i < scripts->len; i++)
    {
      const char *script = g_ptr_array_index (scripts, i);
      g_autofree char *base = g_path_get_basename (script);
      g_autofree char *unit = g_strconcat (base, ".service", NULL);

      /* With systemd, the unit of the same name already covers the script. */
      if (!g_ptr_array_find_with_equal_func (units, unit, g_str_equal, NULL))
        step_add_command (step, TRUE, (const char *[]) { script, "stop", NULL });
    }
  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);
      GPtrArray *evidence = avs_finding_get_evidence (finding);

      if (avs_finding_get_state (finding) == AVS_INSTALL_STATE_LEFTOVERS &&
          !avs_finding_get_running (finding))
        continue;
      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);

          if (e->kind == AVS_EVIDENCE_UNIT || e->kind == AVS_EVIDENCE_INIT_SCRIPT)
            step_add_product (step, avs_finding_get_product_id (finding));
        }
    }

  text = g_string_new (NULL);
  append_paragraph (text, _("Stops the Kaspersky services so that no Kaspersky program is "
                            "running while its packages are removed. Protection ends here: "
                            "every Kaspersky task stops."));
  plan_add_step (self, step, text);
}

static void
collect_packages (AvsPlan   *self,
                  GPtrArray *findings,
                  GPtrArray *packages)
{
  const char *default_manager = avs_scan_result_get_host (self->scan)->package_manager;
  guint order = 0;

  if (default_manager == NULL)
    default_manager = manager_for_frontend (self->frontend);

  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);
      GPtrArray *evidence = avs_finding_get_evidence (finding);

      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);
          g_autoptr(GError) error = NULL;
          PlannedPackage *package;
          g_autofree char *manager_word = NULL;
          const char *manager = default_manager;
          gboolean removed = FALSE;
          gboolean duplicate = FALSE;

          if (e->kind != AVS_EVIDENCE_PACKAGE)
            continue;
          /* The scanner's detail is the manager, with " (config-files)" for a dpkg package that
           * was removed with its settings kept. */
          if (e->detail != NULL)
            {
              const char *space = strchr (e->detail, ' ');

              manager_word = space != NULL ? g_strndup (e->detail, space - e->detail)
                                           : g_strdup (e->detail);
              manager = manager_word;
              removed = space != NULL && g_str_equal (space, " (config-files)");
            }
          if (!avs_validate_package_name (e->value, &error))
            {
              plan_refuse (self, error->message);
              continue;
            }
          if (g_strcmp0 (manager, "dpkg") != 0 && g_strcmp0 (manager, "rpm") != 0 &&
              g_strcmp0 (manager, "pacman") != 0)
            {
              g_autofree char *message = g_strdup_printf (
                  /* Translators: %s is a package name */
                  _("The package %s was found, but not which package manager installed it, so "
                    "AV Switch cannot remove it; remove it with your distribution’s tools."),
                  e->value);
              plan_refuse (self, message);
              continue;
            }
          for (guint k = 0; k < packages->len; k++)
            {
              PlannedPackage *p = g_ptr_array_index (packages, k);
              if (g_str_equal (p->name, e->value) && g_str_equal (p->manager, manager))
                duplicate = TRUE;
            }
          if (duplicate)
            continue;

          package = g_new0 (PlannedPackage, 1);
          package->name = g_strdup (e->value);
          package->manager = g_str_equal (manager, "dpkg") ? "dpkg"
                             : g_str_equal (manager, "rpm") ? "rpm" : "pacman";
          package->product_id = avs_finding_get_product_id (finding);
          package->order = order++;
          package->removed = removed && g_str_equal (package->manager, "dpkg");
          if (g_str_equal (package->product_id, AVS_PRODUCT_NETWORK_AGENT) ||
              g_str_has_prefix (package->name, "klnagent"))
            package->rank = 2;
          else if (is_gui_package (package->name))
            package->rank = 0;
          else
            package->rank = 1;
          g_ptr_array_add (packages, package);
        }
    }
  g_ptr_array_sort (packages, planned_package_compare);
}

static void
build_package_steps (AvsPlan   *self,
                     GPtrArray *packages)
{
  for (guint i = 0; i < packages->len; i++)
    {
      PlannedPackage *package = g_ptr_array_index (packages, i);
      g_autofree char *id = NULL;
      g_autofree char *title = NULL;
      g_autoptr(GPtrArray) argv = NULL;
      AvsPlanStep *step;
      GString *text;
      g_autofree char *intro = NULL;
      const char *tool;

      /* Already removed: only dpkg's record remains, which the purge step clears. */
      if (package->removed)
        continue;

      id = g_strconcat ("remove-", package->name, NULL);
      title = g_strdup_printf (_("Remove the package %s"), package->name);
      argv = g_ptr_array_new_with_free_func (g_free);
      step = step_new (id, AVS_STEP_REMOVE_PACKAGE, AVS_STEP_KIND_AUTOMATIC, title);
      text = g_string_new (NULL);

      step_add_product (step, package->product_id);
      add_manager_prefix (self, argv, package->manager, FALSE);
      if (g_str_equal (package->manager, "dpkg"))
        {
          g_ptr_array_add (argv, g_strdup ("--remove"));
          tool = "dpkg";
        }
      else if (g_str_equal (package->manager, "rpm"))
        {
          g_ptr_array_add (argv, g_strdup ("--erase"));
          tool = "rpm";
        }
      else
        {
          g_ptr_array_add (argv, g_strdup ("--remove"));
          g_ptr_array_add (argv, g_strdup ("--noconfirm"));
          tool = "pacman";
        }
      g_ptr_array_add (argv, g_strdup ("--"));
      g_ptr_array_add (argv, g_strdup (package->name));
      g_ptr_array_add (argv, NULL);
      step_add_command (step, TRUE, (const char * const *) argv->pdata);
      add_database_guard (self, step, package->manager);
      g_ptr_array_add (step->postconditions,
                       check_new (AVS_CHECK_PACKAGE_REMOVED, package->name, package->manager));
      step_add_verification (step, &(AvsEvidence) { AVS_EVIDENCE_PACKAGE, package->name,
                                                    (char *) package->manager });

      intro = g_strdup_printf (
          /* Translators: the first %s is a package name, the second a program (dpkg, rpm, pacman) */
          _("Removes the package %s with %s, which removes exactly this package and refuses, "
            "rather than removing anything else, if another package still needs it. Its "
            "configuration and data files are kept for the backup step."),
          package->name, tool);
      append_paragraph (text, intro);

      if (package->rank == 0)
        append_paragraph (text, _("The graphical interface goes first: Kaspersky documents that "
                                  "it cannot be installed without the application package, so "
                                  "it must not outlive it."));
      if (package->rank == 2)
        {
          step->inference = TRUE;
          append_paragraph (text, _("The Network Agent goes last, and its removal ends Kaspersky "
                                    "Security Center management of this computer. Its removal "
                                    "script runs Kaspersky’s own uninstall.pl. Sources disagree "
                                    "on this order (some remove the agent first); removing the "
                                    "applications first and the agent last is an inference: the "
                                    "interface depends on the application, and removing the agent "
                                    "frees the application from central policy."));
        }
      if (g_str_equal (package->product_id, AVS_PRODUCT_KAV4FS) ||
          g_str_equal (package->product_id, AVS_PRODUCT_KAV4WS) ||
          g_str_equal (package->product_id, AVS_PRODUCT_KLMS) ||
          g_str_equal (package->product_id, AVS_PRODUCT_KWTS) ||
          g_str_equal (package->product_id, AVS_PRODUCT_KICS) ||
          g_str_equal (package->product_id, AVS_PRODUCT_KESS) ||
          g_str_equal (package->product_id, AVS_PRODUCT_SCAN_ENGINE) ||
          g_str_equal (package->product_id, AVS_PRODUCT_KASPERSKY_FOR_LINUX))
        {
          step->inference = TRUE;
          append_paragraph (text, _("No Kaspersky page describing how to uninstall this product "
                                    "was found; this command is inferred from the package name "
                                    "and from how Kaspersky Endpoint Security is removed."));
        }
      if (g_str_equal (package->manager, "rpm") &&
          self->frontend == AVS_PACKAGE_FRONTEND_ZYPPER)
        {
          step->inference = TRUE;
          append_paragraph (text, _("No source describes removing Kaspersky on openSUSE; this "
                                    "uses rpm, which zypper itself relies on."));
        }
      if (g_str_equal (package->manager, "pacman"))
        {
          step->inference = TRUE;
          append_paragraph (text, _("Kaspersky does not package for Arch Linux; this removes the "
                                    "community repackaging, whose removal script runs "
                                    "Kaspersky’s own removal scripts."));
        }
      append_disk_scripts_note (self, text, tool);
      plan_add_step (self, step, text);
    }
}

typedef struct
{
  GPtrArray *targets;        /* allow-listed paths to archive and delete (as seen on the system) */
  GPtrArray *manual;         /* paths the user must decide on, with the reason */
  GPtrArray *groups;         /* allow-listed groups to delete */
  GPtrArray *anchors;        /* trust-store anchor files to delete */
  GPtrArray *tools;          /* const AnchorDir* whose tool must run */
  GPtrArray *leftover_evidence;
  GPtrArray *manual_evidence;
  GPtrArray *certificate_evidence;
  GPtrArray *bundle_only;    /* AvsEvidence: certificates only seen in a bundle */
  GPtrArray *products;       /* product ids concerned by leftovers */
} Leftovers;

static void
leftovers_clear (Leftovers *l)
{
  g_ptr_array_unref (l->targets);
  g_ptr_array_unref (l->manual);
  g_ptr_array_unref (l->groups);
  g_ptr_array_unref (l->anchors);
  g_ptr_array_unref (l->tools);
  g_ptr_array_unref (l->leftover_evidence);
  g_ptr_array_unref (l->manual_evidence);
  g_ptr_array_unref (l->certificate_evidence);
  g_ptr_array_unref (l->bundle_only);
  g_ptr_array_unref (l->products);
}

static void
collect_leftovers (AvsPlan   *self,
                   GPtrArray *findings,
                   Leftovers *l)
{
  g_autoptr(GHashTable) subjects_with_anchor = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                       g_free, NULL);

  l->targets = g_ptr_array_new_with_free_func (g_free);
  l->manual = g_ptr_array_new_with_free_func (g_free);
  l->groups = g_ptr_array_new_with_free_func (g_free);
  l->anchors = g_ptr_array_new_with_free_func (g_free);
  l->tools = g_ptr_array_new ();
  l->leftover_evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_evidence_free);
  l->manual_evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_evidence_free);
  l->certificate_evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_evidence_free);
  l->bundle_only = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_evidence_free);
  l->products = g_ptr_array_new_with_free_func (g_free);

  /* First pass: which certificate subjects have an anchor file we can delete. */
  for (guint i = 0; i < findings->len; i++)
    {
      GPtrArray *evidence = avs_finding_get_evidence (g_ptr_array_index (findings, i));

      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);
          g_autoptr(GError) error = NULL;
          const AnchorDir *anchor;

          if (e->kind != AVS_EVIDENCE_CERTIFICATE || e->detail == NULL)
            continue;
          anchor = anchor_dir_for (e->detail);
          if (anchor == NULL)
            continue;
          if (!avs_validate_path (e->detail, &error))
            {
              plan_refuse (self, error->message);
              continue;
            }
          g_hash_table_add (subjects_with_anchor, g_strdup (e->value));
          if (!g_ptr_array_find_with_equal_func (l->anchors, e->detail, g_str_equal, NULL))
            g_ptr_array_add (l->anchors, g_strdup (e->detail));
          if (!g_ptr_array_find (l->tools, anchor, NULL))
            {
              gboolean same_tool = FALSE;
              for (guint k = 0; k < l->tools->len; k++)
                {
                  const AnchorDir *other = g_ptr_array_index (l->tools, k);
                  if (g_strv_equal ((const char * const *) other->tool,
                                    (const char * const *) anchor->tool))
                    same_tool = TRUE;
                }
              if (!same_tool)
                g_ptr_array_add (l->tools, (gpointer) anchor);
            }
        }
    }

  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);
      GPtrArray *evidence = avs_finding_get_evidence (finding);
      const char *product = avs_finding_get_product_id (finding);

      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);
          const char *path = evidence_path (e);
          g_autoptr(GError) error = NULL;

          if (e->kind == AVS_EVIDENCE_CERTIFICATE)
            {
              if (g_hash_table_contains (subjects_with_anchor, e->value))
                g_ptr_array_add (l->certificate_evidence, avs_evidence_copy (e));
              else
                g_ptr_array_add (l->bundle_only, avs_evidence_copy (e));
              continue;
            }

          if (e->kind == AVS_EVIDENCE_GROUP)
            {
              if (!avs_validate_account_name (e->value, &error))
                plan_refuse (self, error->message);
              else if (group_allow_listed (e->value))
                {
                  if (!g_ptr_array_find_with_equal_func (l->groups, e->value, g_str_equal, NULL))
                    g_ptr_array_add (l->groups, g_strdup (e->value));
                  g_ptr_array_add (l->leftover_evidence, avs_evidence_copy (e));
                  if (!g_ptr_array_find_with_equal_func (l->products, product, g_str_equal, NULL))
                    g_ptr_array_add (l->products, g_strdup (product));
                }
              continue;
            }

          if (e->kind == AVS_EVIDENCE_CONFIG && e->detail != NULL)
            path = e->detail;   /* a setting goes away with its file */
          else if (e->kind == AVS_EVIDENCE_CONFIG)
            continue;

          if (path == NULL)
            continue;

          {
            /* The allow-list entry is what gets deleted, so it is the target that must pass the
             * path check: "/var/opt/kaspersky/Kaspersky 24.0" (K24L) is covered by the plain
             * "/var/opt/kaspersky". A path with "." or ".." components matches nothing. */
            g_autofree char *target = path_is_normal (path) ? allow_listed_target (path) : NULL;
            g_autoptr(GError) target_error = NULL;

            if (target != NULL && avs_validate_path (target, &target_error))
              {
                add_target (l->targets, target);
                g_ptr_array_add (l->leftover_evidence, avs_evidence_copy (e));
                if (!g_ptr_array_find_with_equal_func (l->products, product, g_str_equal, NULL))
                  g_ptr_array_add (l->products, g_strdup (product));
              }
            else if (e->kind != AVS_EVIDENCE_CONFIG)
              {
                g_autofree char *line = NULL;

                if (target != NULL)
                  plan_refuse (self, target_error->message);
                if (!avs_validate_path (path, &error))
                  {
                    g_autofree char *escaped = g_strescape (path, NULL);
                    line = g_strdup_printf (
                        /* Translators: %s is a path AV Switch refuses to put into a command */
                        _("%s (has characters AV Switch does not put into commands)"), escaped);
                  }
                else
                  line = g_strdup (path);
                if (!g_ptr_array_find_with_equal_func (l->manual, line, g_str_equal, NULL))
                  g_ptr_array_add (l->manual, g_steal_pointer (&line));
                g_ptr_array_add (l->manual_evidence, avs_evidence_copy (e));
              }
          }
        }
    }
}

static void
add_backup_step (AvsPlan   *self,
                 Leftovers *l)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *real_dir = avs_plan_real_path (self, BACKUP_DIR);
  g_autofree char *real_archive = avs_plan_dup_archive_real_path (self);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;
  g_autofree char *intro = NULL;
  g_autofree char *restore = NULL;
  AvsPlanStep *step;
  GString *text;

  for (guint i = 0; i < l->targets->len; i++)
    g_ptr_array_add (all, g_strdup (g_ptr_array_index (l->targets, i)));
  for (guint i = 0; i < l->anchors->len; i++)
    add_target (all, g_ptr_array_index (l->anchors, i));
  if (all->len == 0)
    return;

  step = step_new ("backup", AVS_STEP_BACKUP, AVS_STEP_KIND_AUTOMATIC,
                   _("Pack the Kaspersky files into a backup archive"));
  for (guint i = 0; i < l->products->len; i++)
    step_add_product (step, g_ptr_array_index (l->products, i));
  step_add_command (step, TRUE, (const char *[]) { "install", "-d", "-m", "0700", "--",
                                                   real_dir, NULL });
  step_add_command (step, TRUE, (const char *[]) { "install", "-m", "0600", "/dev/null",
                                                   real_archive, NULL });

  g_ptr_array_add (argv, g_strdup ("tar"));
  g_ptr_array_add (argv, g_strdup ("--create"));
  g_ptr_array_add (argv, g_strdup ("--gzip"));
  g_ptr_array_add (argv, g_strdup ("--verbose"));
  g_ptr_array_add (argv, g_strdup ("--ignore-failed-read"));
  g_ptr_array_add (argv, g_strdup ("--one-file-system"));
  g_ptr_array_add (argv, g_strdup ("--file"));
  g_ptr_array_add (argv, g_strdup (real_archive));
  g_ptr_array_add (argv, g_strdup ("--directory"));
  g_ptr_array_add (argv, g_strdup (self->root));
  g_ptr_array_add (argv, g_strdup ("--"));
  for (guint i = 0; i < all->len; i++)
    g_ptr_array_add (argv, g_strdup ((const char *) g_ptr_array_index (all, i) + 1));
  g_ptr_array_add (argv, NULL);
  step_add_command (step, TRUE, (const char * const *) argv->pdata);

  if (!g_str_equal (self->root, "/"))
    g_ptr_array_add (step->preconditions, check_new (AVS_CHECK_PATH_SAFE, BACKUP_DIR, NULL));
  add_targets_to_checks (self, step, all, TRUE, FALSE);

  text = g_string_new (NULL);
  list = join_list (all);
  intro = g_strdup_printf (
      /* Translators: the first %s is the archive path, the second a list of paths */
      _("Before anything is deleted, these paths are packed into the archive %s, which only the "
        "administrator can read: %s. Symbolic links are stored as links, never followed. The "
        "archive’s listing goes into the log."),
      self->archive_path, list);
  append_paragraph (text, intro);
  append_paragraph (text, _("Kaspersky’s Backup storage holds the files it quarantined, which can "
                            "be your own files flagged by mistake. Where it lives on Linux is not "
                            "documented; it is expected inside the Kaspersky folders above (an "
                            "inference), so the archive keeps it."));
  if (g_str_equal (self->root, "/"))
    restore = g_strdup_printf (
        /* Translators: %s is a command line that restores one file from the archive */
        _("To get a file back later: %s"),
        "sudo tar -xzf ARCHIVE -C / PATH");
  else
    {
      /* Into the disk: "-C /" would unpack the disk's files over this computer's. */
      const char *restore_argv[] = { "sudo", "tar", "-xzf", real_archive, "-C", self->root,
                                     "PATH", NULL };
      AvsPlanCommand command = { (char **) restore_argv, FALSE, NULL };
      g_autofree char *line = avs_plan_command_to_string (&command);

      restore = g_strdup_printf (
          /* Translators: %s is a command line that restores one file from the archive into
           * the mounted disk */
          _("To get a file back later, while the disk is mounted where it is now: %s"), line);
    }
  append_paragraph (text, restore);
  step->inference = TRUE;
  plan_add_step (self, step, text);
}

static void
add_leftovers_step (AvsPlan   *self,
                    Leftovers *l,
                    GPtrArray *packages)
{
  AvsPlanStep *step;
  GString *text;
  gboolean units = FALSE;

  if (l->targets->len == 0 && l->groups->len == 0)
    return;

  step = step_new ("leftovers", AVS_STEP_REMOVE_LEFTOVERS, AVS_STEP_KIND_AUTOMATIC,
                   _("Delete the Kaspersky leftovers"));
  for (guint i = 0; i < l->products->len; i++)
    step_add_product (step, g_ptr_array_index (l->products, i));

  /* Only once every package is gone: the executor checks this again just before. */
  for (guint i = 0; i < packages->len; i++)
    {
      PlannedPackage *package = g_ptr_array_index (packages, i);
      g_ptr_array_add (step->preconditions,
                       check_new (AVS_CHECK_PACKAGE_REMOVED, package->name, package->manager));
    }

  if (l->targets->len > 0)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (argv, g_strdup ("rm"));
      g_ptr_array_add (argv, g_strdup ("--recursive"));
      g_ptr_array_add (argv, g_strdup ("--force"));
      g_ptr_array_add (argv, g_strdup ("--one-file-system"));
      g_ptr_array_add (argv, g_strdup ("--"));
      for (guint i = 0; i < l->targets->len; i++)
        {
          const char *target = g_ptr_array_index (l->targets, i);
          g_ptr_array_add (argv, avs_plan_real_path (self, target));
          if (strstr (target, "/systemd/") != NULL)
            units = TRUE;
        }
      g_ptr_array_add (argv, NULL);
      step_add_command (step, TRUE, (const char * const *) argv->pdata);
      add_targets_to_checks (self, step, l->targets, TRUE, TRUE);
    }

  if (units && self->live)
    step_add_command (step, TRUE, (const char *[]) { "systemctl", "daemon-reload", NULL });

  for (guint i = 0; i < l->groups->len; i++)
    {
      const char *group = g_ptr_array_index (l->groups, i);
      AvsPlanCommand *command;

      if (self->live || g_str_equal (self->root, "/"))
        command = step_add_command (step, TRUE, (const char *[]) { "groupdel", "--", group, NULL });
      else
        command = step_add_command (step, TRUE, (const char *[]) { "groupdel", "--prefix",
                                                                   self->root, "--", group, NULL });
      /* The package's own removal script may already have deleted it. */
      command->skip_if = check_new (AVS_CHECK_GROUP_ABSENT, group, NULL);
      g_ptr_array_add (step->postconditions, check_new (AVS_CHECK_GROUP_ABSENT, group, NULL));
    }

  for (guint i = 0; i < l->leftover_evidence->len; i++)
    step_add_verification (step, g_ptr_array_index (l->leftover_evidence, i));

  text = g_string_new (NULL);
  append_paragraph (text, _("Deletes what the packages left behind — only inside the folders and "
                            "files AV Switch knows to be Kaspersky’s, only after every Kaspersky "
                            "package is gone, and without following symbolic links. Everything "
                            "deleted here is in the backup archive."));
  if (l->targets->len > 0)
    {
      g_autofree char *list = join_list (l->targets);
      g_autofree char *s = g_strdup_printf (_("Paths: %s."), list);
      append_paragraph (text, s);
    }
  if (l->groups->len > 0)
    {
      g_autofree char *list = join_list (l->groups);
      g_autofree char *s = g_strdup_printf (
          /* Translators: %s is a list of operating-system groups */
          _("The groups %s are deleted as well; Kaspersky’s setup may have moved users whose "
            "main group was one of them to “nogroup”."), list);
      append_paragraph (text, s);
    }
  plan_add_step (self, step, text);
}

static void
add_purge_step (AvsPlan   *self,
                GPtrArray *packages)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  AvsPlanStep *step = NULL;
  GString *text;

  for (guint i = 0; i < packages->len; i++)
    {
      PlannedPackage *package = g_ptr_array_index (packages, i);

      if (!g_str_equal (package->manager, "dpkg"))
        continue;
      if (step == NULL)
        {
          step = step_new ("purge-records", AVS_STEP_PURGE_RECORDS, AVS_STEP_KIND_AUTOMATIC,
                           _("Clear the package records"));
          add_manager_prefix (self, argv, "dpkg", FALSE);
          g_ptr_array_add (argv, g_strdup ("--purge"));
          g_ptr_array_add (argv, g_strdup ("--"));
          add_database_guard (self, step, "dpkg");
        }
      step_add_product (step, package->product_id);
      g_ptr_array_add (argv, g_strdup (package->name));
      g_ptr_array_add (step->postconditions,
                       check_new (AVS_CHECK_PACKAGE_PURGED, package->name, "dpkg"));
      step_add_verification (step, &(AvsEvidence) { AVS_EVIDENCE_PACKAGE, package->name,
                                                    (char *) "dpkg" });
    }
  if (step == NULL)
    return;

  g_ptr_array_add (argv, NULL);
  step_add_command (step, TRUE, (const char * const *) argv->pdata);
  text = g_string_new (NULL);
  append_paragraph (text, _("dpkg remembers a removed package until it is purged, because its "
                            "configuration files could still be there. They were archived and "
                            "deleted in the step before; this makes dpkg forget the packages."));
  append_disk_scripts_note (self, text, "dpkg");
  plan_add_step (self, step, text);
}

static void
add_manual_files_step (AvsPlan   *self,
                       Leftovers *l)
{
  AvsPlanStep *step;
  GString *text;
  g_autofree char *list = NULL;
  g_autofree char *s = NULL;

  if (l->manual->len == 0)
    return;

  step = step_new ("manual-files", AVS_STEP_MANUAL_FILES, AVS_STEP_KIND_MANUAL,
                   _("Check the other Kaspersky files"));
  for (guint i = 0; i < l->manual_evidence->len; i++)
    step_add_verification (step, g_ptr_array_index (l->manual_evidence, i));
  text = g_string_new (NULL);
  append_paragraph (text, _("These Kaspersky files lie outside the folders AV Switch deletes by "
                            "itself, so it leaves them to you. Check each one; delete it with "
                            "your file manager or as administrator if you no longer need it."));
  list = join_list (l->manual);
  s = g_strdup_printf (_("Files: %s."), list);
  append_paragraph (text, s);
  plan_add_step (self, step, text);
}

static void
add_certificate_steps (AvsPlan   *self,
                       Leftovers *l)
{
  if (l->anchors->len > 0)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
      AvsPlanStep *step = step_new ("certificates", AVS_STEP_REMOVE_CERTIFICATES,
                                    AVS_STEP_KIND_AUTOMATIC,
                                    _("Remove the Kaspersky root certificates from the system"));
      GString *text = g_string_new (NULL);
      g_autofree char *list = join_list (l->anchors);
      g_autofree char *s = NULL;

      step_add_product (step, AVS_PRODUCT_HTTPS_ROOT_CA);
      g_ptr_array_add (argv, g_strdup ("rm"));
      g_ptr_array_add (argv, g_strdup ("--force"));
      g_ptr_array_add (argv, g_strdup ("--"));
      for (guint i = 0; i < l->anchors->len; i++)
        g_ptr_array_add (argv, avs_plan_real_path (self, g_ptr_array_index (l->anchors, i)));
      g_ptr_array_add (argv, NULL);
      step_add_command (step, TRUE, (const char * const *) argv->pdata);
      add_targets_to_checks (self, step, l->anchors, TRUE, TRUE);
      for (guint i = 0; i < l->certificate_evidence->len; i++)
        step_add_verification (step, g_ptr_array_index (l->certificate_evidence, i));

      s = g_strdup_printf (
          /* Translators: %s is a list of certificate files */
          _("Kaspersky added its own root certificate to the system’s trusted certificates so "
            "that it could inspect encrypted connections. The files %s are deleted (they are in "
            "the backup archive) and the system’s certificate bundle is rebuilt."), list);
      append_paragraph (text, s);

      for (guint i = 0; i < l->tools->len; i++)
        {
          const AnchorDir *anchor = g_ptr_array_index (l->tools, i);

          if (self->live)
            step_add_command (step, TRUE, anchor->tool);
          else
            {
              g_autofree char *tool = g_strjoinv (" ", (char **) anchor->tool);
              g_autofree char *note = g_strdup_printf (
                  /* Translators: %s is a command such as update-ca-certificates */
                  _("The scanned system is not running, so its bundle cannot be rebuilt from "
                    "here: run “%s” on it once it has started again."), tool);
              append_paragraph (text, note);
            }
        }
      plan_add_step (self, step, text);
    }

  if (l->bundle_only->len > 0)
    {
      AvsPlanStep *step = step_new ("manual-certificates", AVS_STEP_MANUAL_CERTIFICATES,
                                    AVS_STEP_KIND_MANUAL,
                                    _("Remove the Kaspersky certificates from the bundles"));
      GString *text = g_string_new (NULL);
      g_autoptr(GPtrArray) where = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *list = NULL;
      g_autofree char *s = NULL;

      step_add_product (step, AVS_PRODUCT_HTTPS_ROOT_CA);
      for (guint i = 0; i < l->bundle_only->len; i++)
        {
          AvsEvidence *e = g_ptr_array_index (l->bundle_only, i);
          g_autofree char *escaped = g_strescape (e->value, NULL);
          g_autofree char *escaped_detail = g_strescape (e->detail != NULL ? e->detail : "?", NULL);

          step_add_verification (step, e);
          g_ptr_array_add (where, g_strdup_printf ("“%s” (%s)", escaped, escaped_detail));
        }
      list = join_list (where);
      s = g_strdup_printf (
          /* Translators: %s is a list of certificate subjects with the file that holds them */
          _("These Kaspersky certificates were found inside a certificate bundle, not as a "
            "separate file AV Switch can delete: %s. A bundle is rebuilt from its sources, so the "
            "certificate came from somewhere else: look in the distribution’s certificate "
            "folders (or /etc/ca-certificates.conf on Debian and Ubuntu), remove it there, and "
            "rebuild the bundle with update-ca-certificates, update-ca-trust or “trust "
            "extract-compat”."), list);
      append_paragraph (text, s);
      plan_add_step (self, step, text);
    }
}

/* The certutil command that deletes @nick from the database in @dir, as a line for people. */
static char *
nss_manual_command (const char *dir,
                    const char *nick)
{
  g_autofree char *db = g_strconcat ("sql:", dir, NULL);
  const char *argv[] = { "certutil", "-D", "-d", db, "-n", nick, NULL };
  AvsPlanCommand command = { (char **) argv, FALSE, NULL };

  return avs_plan_command_to_string (&command);
}

/* Whether a folder on the way to a database owned by @owner can only be changed by that owner
 * or root: then nobody else can swap a component for a link between this check and the run. A
 * world-writable folder with the sticky bit (/tmp) is fine, as others cannot rename what they
 * do not own. */
static gboolean
nss_folder_is_guarded (const GStatBuf *st,
                       uid_t           owner)
{
  if (st->st_uid != 0 && st->st_uid != owner)
    return FALSE;
  if ((st->st_mode & S_IWOTH) != 0 && (st->st_mode & S_ISVTX) == 0)
    return FALSE;
  if ((st->st_mode & S_IWGRP) != 0 && (st->st_mode & S_ISVTX) == 0 && st->st_gid != 0)
    return FALSE;
  return TRUE;
}

typedef enum
{
  NSS_DB_OK,
  NSS_DB_UNKNOWN_OWNER,   /* missing or unreadable: the owner cannot be known */
  NSS_DB_REFUSED,         /* a reason says why certutil must not run on it from here */
} NssDbCheck;

/* Checks the database folder @path on the running system through AvsHost (which resolves
 * links itself, one component at a time): on success @out_dir is the folder with every link
 * resolved, for the command (so a link swapped later cannot redirect it), and @out_stat its
 * status. Refused when it is not a folder, or when any folder on the way could be changed by
 * someone other than the database's owner or root. */
static NssDbCheck
nss_check_db (AvsHost     *host,
              const char  *path,
              char       **out_dir,
              GStatBuf    *out_stat,
              char       **out_reason)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *resolved = avs_host_resolve (host, path, TRUE, &error);
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) prefix = g_string_new (NULL);
  AvsHostFileType type;

  if (resolved == NULL)
    {
      if (g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND) ||
          g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_PERMISSION))
        return NSS_DB_UNKNOWN_OWNER;
      *out_reason = g_strdup (error->message);
      return NSS_DB_REFUSED;
    }

  type = avs_host_query (host, resolved, FALSE, out_stat, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_PERMISSION))
        return NSS_DB_UNKNOWN_OWNER;
      *out_reason = g_strdup (error->message);
      return NSS_DB_REFUSED;
    }
  if (type == AVS_HOST_FILE_MISSING)
    return NSS_DB_UNKNOWN_OWNER;
  if (type != AVS_HOST_FILE_DIRECTORY)
    {
      *out_reason = g_strdup (_("it is not a folder"));
      return NSS_DB_REFUSED;
    }

  /* Every folder from the top down to the database itself. */
  parts = g_strsplit (resolved, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      GStatBuf st;

      if (*parts[i] == '\0')
        continue;
      g_string_append_c (prefix, '/');
      g_string_append (prefix, parts[i]);
      type = avs_host_query (host, prefix->str, FALSE, &st, &error);
      if (error != NULL)
        {
          *out_reason = g_strdup (error->message);
          return NSS_DB_REFUSED;
        }
      if (type != AVS_HOST_FILE_DIRECTORY)
        {
          /* Translators: %s is a folder that changed into a link or file while being checked */
          *out_reason = g_strdup_printf (_("%s is no longer a folder"), prefix->str);
          return NSS_DB_REFUSED;
        }
      if (!nss_folder_is_guarded (&st, out_stat->st_uid))
        {
          /* Translators: %s is a folder */
          *out_reason = g_strdup_printf (_("users other than the database’s owner can change "
                                           "%s, so the folder could be swapped for another "
                                           "one before the command runs"), prefix->str);
          return NSS_DB_REFUSED;
        }
    }
  *out_dir = g_steal_pointer (&resolved);
  return NSS_DB_OK;
}

/* NSS databases in browsers. certutil loads every module that the database folder's pkcs11.txt
 * names, so it only ever runs as the database's owner (that user's own code) on the running
 * system, and never on a mounted disk's databases: there the step says what to run on the
 * disk's own system. */
static void
add_nss_step (AvsPlan   *self,
              GPtrArray *findings)
{
  AvsPlanStep *step = NULL;
  GString *text = NULL;
  AvsHost *host = NULL;
  g_autoptr(GError) host_error = NULL;
  g_autoptr(GPtrArray) unknown_owner = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) on_disk = g_ptr_array_new_with_free_func (g_free);
  gboolean other_root = !g_str_equal (self->root, "/");

  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);
      GPtrArray *evidence = avs_finding_get_evidence (finding);

      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);
          g_autoptr(GError) error = NULL;
          g_autofree char *dir = NULL;
          g_autofree char *reason = NULL;
          g_autofree char *db = NULL;
          GStatBuf st;
          NssDbCheck check;

          if (e->kind != AVS_EVIDENCE_NSS_CERTIFICATE)
            continue;
          if (!avs_validate_nss_nickname (e->value, &error) ||
              !avs_validate_path (e->detail, &error))
            {
              plan_refuse (self, error->message);
              continue;
            }
          if (step == NULL)
            {
              step = step_new ("nss-certificates", AVS_STEP_REMOVE_NSS_CERTIFICATES,
                               AVS_STEP_KIND_AUTOMATIC,
                               _("Remove the Kaspersky certificates from the browsers"));
              text = g_string_new (NULL);
            }
          step_add_product (step, avs_finding_get_product_id (finding));
          step_add_verification (step, e);

          if (other_root)
            {
              /* The path as the disk's own system sees it. */
              g_ptr_array_add (on_disk, nss_manual_command (e->detail, e->value));
              continue;
            }

          if (host == NULL && host_error == NULL)
            host = plan_get_host (self, &host_error);
          if (host == NULL)
            {
              reason = g_strdup (host_error->message);
              check = NSS_DB_REFUSED;
            }
          else
            check = nss_check_db (host, e->detail, &dir, &st, &reason);

          if (check == NSS_DB_UNKNOWN_OWNER)
            {
              g_ptr_array_add (unknown_owner, nss_manual_command (e->detail, e->value));
              continue;
            }
          if (check == NSS_DB_REFUSED)
            {
              g_autofree char *command = nss_manual_command (e->detail, e->value);
              g_ptr_array_add (refused, g_strdup_printf (
                  /* Translators: the first %s is a folder, the second why it was not changed,
                   * the third a command */
                  _("%s (%s; check the folder, then as its owner run: %s)"),
                  e->detail, reason, command));
              continue;
            }

          db = g_strconcat ("sql:", dir, NULL);
          if (st.st_uid == geteuid ())
            step_add_command (step, FALSE, (const char *[]) { "certutil", "-D", "-d", db,
                                                              "-n", e->value, NULL });
          else
            {
              /* As the owner of the database: its modules are then that user's own code, and
               * its files keep their owner. */
              g_autofree char *uid = g_strdup_printf ("--reuid=%u", (unsigned) st.st_uid);
              g_autofree char *gid = g_strdup_printf ("--regid=%u", (unsigned) st.st_gid);

              step_add_command (step, TRUE, (const char *[]) { "setpriv", uid, gid,
                                                               "--clear-groups", "--",
                                                               "certutil", "-D", "-d", db,
                                                               "-n", e->value, NULL });
            }
        }
    }

  if (step == NULL)
    return;

  if (other_root)
    {
      g_autofree char *list = join_list (on_disk);
      g_autofree char *s = g_strdup_printf (
          /* Translators: %s is a list of commands */
          _("On the system that owns this disk, once it runs, as the user who owns each "
            "database, run: %s."), list);

      append_paragraph (text, _("Browsers keep their own list of trusted certificates (NSS "
                                "databases: Chromium-based browsers in ~/.pki/nssdb, Firefox in "
                                "each profile). These databases are on the scanned disk, not on "
                                "this computer, and AV Switch does not change them from here: "
                                "certutil loads every program module that a database’s "
                                "pkcs11.txt names, so running it here would run code from the "
                                "disk on this computer."));
      append_paragraph (text, s);
      append_paragraph (text, _("Close Firefox and Chromium-based browsers first: they keep "
                                "these databases open. The final check of this plan does not "
                                "wait for this step; “avswitch verify” lists these certificates "
                                "until they are gone."));
      step->kind = AVS_STEP_KIND_MANUAL;
      plan_add_step (self, step, text);
      return;
    }

  append_paragraph (text, _("Browsers keep their own list of trusted certificates (NSS "
                            "databases: Chromium-based browsers in ~/.pki/nssdb, Firefox in each "
                            "profile). The Kaspersky certificate is deleted from each with "
                            "certutil, as the user who owns the database. Close Firefox and "
                            "Chromium-based browsers first: they keep these databases open."));
  if (unknown_owner->len > 0)
    {
      g_autofree char *list = join_list (unknown_owner);
      g_autofree char *s = g_strdup_printf (
          /* Translators: %s is a list of commands */
          _("The owner of some databases could not be read; as that user, run: %s."), list);
      append_paragraph (text, s);
    }
  if (refused->len > 0)
    {
      g_autofree char *list = join_list (refused);
      g_autofree char *s = g_strdup_printf (
          /* Translators: %s is a list of folders, each with the reason and a command */
          _("These databases are not changed automatically (certutil loads the program modules "
            "that a database’s folder names, so it runs only where nobody but the database’s "
            "owner can change that folder): %s."),
          list);
      append_paragraph (text, s);
    }
  if (step->commands->len == 0)
    step->kind = AVS_STEP_KIND_MANUAL;
  plan_add_step (self, step, text);
}

static void
add_browser_step (AvsPlan   *self,
                  GPtrArray *findings)
{
  AvsPlanStep *step = NULL;
  g_autoptr(GPtrArray) chromium = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) firefox = g_ptr_array_new_with_free_func (g_free);
  GString *text;

  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);
      GPtrArray *evidence = avs_finding_get_evidence (finding);

      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);
          g_autofree char *where = NULL;

          if (e->kind != AVS_EVIDENCE_BROWSER_EXTENSION)
            continue;
          if (step == NULL)
            step = step_new ("browser-extensions", AVS_STEP_BROWSER_EXTENSIONS,
                             AVS_STEP_KIND_MANUAL,
                             _("Remove the Kaspersky Protection browser extension"));
          step_add_product (step, avs_finding_get_product_id (finding));
          step_add_verification (step, e);
          where = g_strescape (e->detail != NULL ? e->detail : e->value, NULL);
          if (e->detail != NULL && strstr (e->detail, "/.mozilla/") != NULL)
            {
              if (!g_ptr_array_find_with_equal_func (firefox, where, g_str_equal, NULL))
                g_ptr_array_add (firefox, g_steal_pointer (&where));
            }
          else if (!g_ptr_array_find_with_equal_func (chromium, where, g_str_equal, NULL))
            g_ptr_array_add (chromium, g_steal_pointer (&where));
        }
    }
  if (step == NULL)
    return;

  text = g_string_new (NULL);
  append_paragraph (text, _("A browser extension belongs to the browser profile, so only the "
                            "browser can remove it properly. Do this as the user of each "
                            "profile listed."));
  if (chromium->len > 0)
    {
      g_autofree char *list = join_list (chromium);
      g_autofree char *s = g_strdup_printf (
          /* Translators: %s is a list of browser profile folders */
          _("Chrome, Chromium, Brave, Vivaldi, Opera or Edge (profiles: %s): type "
            "chrome://extensions into the address bar (in Edge: edge://extensions) and press "
            "Enter, find “Kaspersky Protection”, click Remove, then click Remove again to "
            "confirm."), list);
      append_paragraph (text, s);
    }
  if (firefox->len > 0)
    {
      g_autofree char *list = join_list (firefox);
      g_autofree char *s = g_strdup_printf (
          /* Translators: %s is a list of Firefox profile folders */
          _("Firefox (profiles: %s): open the menu ☰, choose Add-ons and themes, then "
            "Extensions; click ••• next to “Kaspersky Protection”, choose Remove, then click "
            "Remove again to confirm."), list);
      append_paragraph (text, s);
    }
  append_paragraph (text, _("If the browser syncs extensions, remove it on your other computers "
                            "too, or it comes back. The final check looks for it again."));
  plan_add_step (self, step, text);
}

static void
add_windows_step (AvsPlan   *self,
                  GPtrArray *findings)
{
  AvsPlanStep *step = NULL;
  g_autoptr(GPtrArray) where = g_ptr_array_new_with_free_func (g_free);
  GString *text;
  g_autofree char *list = NULL;
  g_autofree char *s = NULL;

  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);
      GPtrArray *evidence = avs_finding_get_evidence (finding);

      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);

          if (e->kind != AVS_EVIDENCE_WINDOWS_INSTALL)
            continue;
          if (step == NULL)
            step = step_new ("windows", AVS_STEP_WINDOWS, AVS_STEP_KIND_MANUAL,
                             _("Remove Kaspersky from Windows"));
          step_add_product (step, avs_finding_get_product_id (finding));
          step_add_verification (step, e);
          g_ptr_array_add (where, g_strescape (e->value, NULL));
        }
    }
  if (step == NULL)
    return;

  text = g_string_new (NULL);
  list = join_list (where);
  s = g_strdup_printf (
      /* Translators: %s is a list of folders on a Windows volume */
      _("Kaspersky is installed on a Windows system on this computer (%s). Deleting its files "
        "from Linux would leave Windows broken, so AV Switch does not touch them: start Windows "
        "and remove Kaspersky there, in Settings → Apps → Installed apps."), list);
  append_paragraph (text, s);
  plan_add_step (self, step, text);
}

static void
add_reboot_step (AvsPlan   *self,
                 GPtrArray *findings)
{
  AvsPlanStep *step = NULL;
  gboolean module = FALSE, running = FALSE;
  GString *text;

  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);
      GPtrArray *evidence = avs_finding_get_evidence (finding);
      gboolean concerned = avs_finding_get_running (finding);

      running = running || avs_finding_get_running (finding);
      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);

          if (e->kind == AVS_EVIDENCE_KERNEL_MODULE || e->kind == AVS_EVIDENCE_PROCESS)
            {
              if (step == NULL)
                step = step_new ("reboot", AVS_STEP_REBOOT, AVS_STEP_KIND_MANUAL,
                                 _("Restart the computer if asked"));
              step_add_verification (step, e);
              concerned = TRUE;
              if (e->kind == AVS_EVIDENCE_KERNEL_MODULE)
                module = TRUE;
              else
                running = TRUE;
            }
        }
      if (concerned && step == NULL)
        step = step_new ("reboot", AVS_STEP_REBOOT, AVS_STEP_KIND_MANUAL,
                         _("Restart the computer if asked"));
      if (concerned)
        step_add_product (step, avs_finding_get_product_id (finding));
    }
  if (step == NULL)
    return;

  text = g_string_new (NULL);
  if (module)
    append_paragraph (text, _("A Kaspersky kernel module was loaded. Kaspersky documents no way "
                              "to unload it, so it only goes away with a restart."));
  if (running)
    append_paragraph (text, _("Kaspersky programs were running; stopping the services and "
                              "removing the packages normally ends them."));
  append_paragraph (text, _("If the final check still finds a Kaspersky kernel module or "
                            "process, restart the computer and run the check again; the "
                            "progress is saved."));
  plan_add_step (self, step, text);
}

static char **
replacement_packages (AvsPlan *self)
{
  switch (self->frontend)
    {
    case AVS_PACKAGE_FRONTEND_APT:
      return self->replacement->apt;
    case AVS_PACKAGE_FRONTEND_DNF:
    case AVS_PACKAGE_FRONTEND_YUM:
      return self->replacement->dnf;
    case AVS_PACKAGE_FRONTEND_ZYPPER:
      return self->replacement->zypper;
    case AVS_PACKAGE_FRONTEND_PACMAN:
      return self->replacement->pacman;
    case AVS_PACKAGE_FRONTEND_AUTO:
    case AVS_PACKAGE_FRONTEND_NONE:
    default:
      return NULL;
    }
}

static AvsReplacementMethod
resolve_method (AvsPlan *self)
{
  AvsReplacementMethod method = self->method;
  char **packages = replacement_packages (self);
  gboolean has_packages = packages != NULL && packages[0] != NULL;

  if (method == AVS_REPLACEMENT_METHOD_GNOME_SOFTWARE || method == AVS_REPLACEMENT_METHOD_FLATPAK)
    if (self->replacement->flathub_id == NULL)
      method = AVS_REPLACEMENT_METHOD_AUTO;
  if (method == AVS_REPLACEMENT_METHOD_PACKAGES && !has_packages)
    method = AVS_REPLACEMENT_METHOD_AUTO;
  if (method == AVS_REPLACEMENT_METHOD_VENDOR_PAGE && self->replacement->vendor_url == NULL)
    method = AVS_REPLACEMENT_METHOD_AUTO;
  if (method != AVS_REPLACEMENT_METHOD_AUTO)
    return method;

  if (self->replacement->flathub_id != NULL)
    return AVS_REPLACEMENT_METHOD_FLATPAK;
  if (has_packages)
    return AVS_REPLACEMENT_METHOD_PACKAGES;
  if (self->replacement->vendor_url != NULL)
    return AVS_REPLACEMENT_METHOD_VENDOR_PAGE;
  return AVS_REPLACEMENT_METHOD_AUTO;
}

static void
add_replacement_step (AvsPlan *self)
{
  const AvsReplacement *r = self->replacement;
  AvsPlanStep *step;
  GString *text;
  g_autofree char *title = NULL;
  AvsReplacementMethod method;

  if (r == NULL)
    return;

  method = resolve_method (self);
  /* Translators: %s is the name of the replacement product */
  title = g_strdup_printf (_("Install %s"), r->name);
  step = step_new ("replacement", AVS_STEP_INSTALL_REPLACEMENT, AVS_STEP_KIND_MANUAL, title);
  step_add_product (step, r->product_id);
  text = g_string_new (NULL);

  /* A disk scanned with --root is not the running system: installing here would install on
   * the wrong machine. */
  if (!self->live && (method == AVS_REPLACEMENT_METHOD_GNOME_SOFTWARE ||
                      method == AVS_REPLACEMENT_METHOD_FLATPAK))
    {
      g_autofree char *s = g_strdup_printf (
          /* Translators: the first %s is the product name, the second a command */
          _("The scanned system is not running, so %s cannot be installed on it from here. Once "
            "it runs, install it there with: %s"),
          r->name, "flatpak install --user flathub");
      g_autofree char *s2 = g_strconcat (s, " ", r->flathub_id, NULL);
      append_paragraph (text, s2);
      plan_add_step (self, step, text);
      return;
    }

  switch (method)
    {
    case AVS_REPLACEMENT_METHOD_GNOME_SOFTWARE:
      {
        g_autofree char *s = g_strdup_printf (
            /* Translators: %s is the product name */
            _("GNOME Software opens on %s: click Install there. AV Switch then checks that it "
              "is installed."), r->name);
        step->uri = g_strconcat ("appstream://", r->flathub_id, NULL);
        g_ptr_array_add (step->postconditions,
                         check_new (AVS_CHECK_FLATPAK_INSTALLED, r->flathub_id, NULL));
        append_paragraph (text, s);
      }
      break;

    case AVS_REPLACEMENT_METHOD_FLATPAK:
      {
        g_autofree char *s = g_strdup_printf (
            /* Translators: the first %s is the product name, the second a Flatpak id */
            _("Installs %s from Flathub (%s) for your user only, with Flatpak; no administrator "
              "rights are needed. The Flathub remote must be set up for your user; if it is "
              "not, add it as Flathub’s setup page for your distribution describes."),
            r->name, r->flathub_id);
        step->kind = AVS_STEP_KIND_AUTOMATIC;
        step_add_command (step, FALSE, (const char *[]) { "flatpak", "install", "--user",
                                                          "--noninteractive", "flathub",
                                                          r->flathub_id, NULL });
        g_ptr_array_add (step->postconditions,
                         check_new (AVS_CHECK_FLATPAK_INSTALLED, r->flathub_id, NULL));
        append_paragraph (text, s);
      }
      break;

    case AVS_REPLACEMENT_METHOD_PACKAGES:
      {
        char **packages = replacement_packages (self);
        const char *manager = manager_for_frontend (self->frontend);
        g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
        g_autofree char *names = g_strjoinv (" ", packages);
        g_autofree char *s = NULL;

        switch (self->frontend)
          {
          case AVS_PACKAGE_FRONTEND_APT:
            g_ptr_array_add (argv, g_strdup ("apt-get"));
            g_ptr_array_add (argv, g_strdup ("install"));
            g_ptr_array_add (argv, g_strdup ("--yes"));
            break;
          case AVS_PACKAGE_FRONTEND_DNF:
            g_ptr_array_add (argv, g_strdup ("dnf"));
            g_ptr_array_add (argv, g_strdup ("install"));
            g_ptr_array_add (argv, g_strdup ("--assumeyes"));
            break;
          case AVS_PACKAGE_FRONTEND_YUM:
            g_ptr_array_add (argv, g_strdup ("yum"));
            g_ptr_array_add (argv, g_strdup ("install"));
            g_ptr_array_add (argv, g_strdup ("-y"));
            break;
          case AVS_PACKAGE_FRONTEND_ZYPPER:
            g_ptr_array_add (argv, g_strdup ("zypper"));
            g_ptr_array_add (argv, g_strdup ("--non-interactive"));
            g_ptr_array_add (argv, g_strdup ("install"));
            break;
          case AVS_PACKAGE_FRONTEND_PACMAN:
            g_ptr_array_add (argv, g_strdup ("pacman"));
            g_ptr_array_add (argv, g_strdup ("--sync"));
            g_ptr_array_add (argv, g_strdup ("--needed"));
            g_ptr_array_add (argv, g_strdup ("--noconfirm"));
            break;
          case AVS_PACKAGE_FRONTEND_AUTO:
          case AVS_PACKAGE_FRONTEND_NONE:
          default:
            g_assert_not_reached ();
          }
        g_ptr_array_add (argv, g_strdup ("--"));
        for (guint i = 0; packages[i] != NULL; i++)
          {
            g_ptr_array_add (argv, g_strdup (packages[i]));
            g_ptr_array_add (step->postconditions,
                             check_new (AVS_CHECK_PACKAGE_INSTALLED, packages[i], manager));
          }
        g_ptr_array_add (argv, NULL);

        if (self->live)
          {
            step->kind = AVS_STEP_KIND_AUTOMATIC;
            step_add_command (step, TRUE, (const char * const *) argv->pdata);
            s = g_strdup_printf (
                /* Translators: the first %s is the product name, the second package names */
                _("Installs %s from the distribution’s own packages (%s), as administrator."),
                r->name, names);
          }
        else
          s = g_strdup_printf (
              /* Translators: the first %s is the product name, the second package names */
              _("The scanned system is not running, so %s cannot be installed on it from here. "
                "Once it runs, install the packages %s with its package manager."),
              r->name, names);
        append_paragraph (text, s);
      }
      break;

    case AVS_REPLACEMENT_METHOD_VENDOR_PAGE:
      {
        g_autofree char *s = g_strdup_printf (
            /* Translators: the first %s is the product name, the second a web address */
            _("%s is a commercial product that its vendor distributes directly: get it from %s "
              "and follow the vendor’s instructions. AV Switch cannot check this installation."),
            r->name, r->vendor_url);
        step->uri = g_strdup (r->vendor_url);
        append_paragraph (text, s);
      }
      break;

    case AVS_REPLACEMENT_METHOD_AUTO:
    default:
      {
        g_autofree char *s = g_strdup_printf (
            /* Translators: %s is the product name */
            _("The catalog names no way to install %s on this distribution; see the product’s "
              "own documentation."), r->name);
        append_paragraph (text, s);
      }
      break;
    }
  plan_add_step (self, step, text);
}

static void
add_verify_step (AvsPlan *self)
{
  AvsPlanStep *step = step_new ("verify", AVS_STEP_VERIFY, AVS_STEP_KIND_AUTOMATIC,
                                _("Check that Kaspersky is gone"));
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < self->steps->len; i++)
    {
      AvsPlanStep *other = g_ptr_array_index (self->steps, i);
      const char * const *products = avs_plan_step_get_products (other);

      /* Files left to the user's judgement and a Windows installation (removed from Windows,
       * some other day) are not what this plan removes: `avswitch verify` still lists them. */
      if (other->type == AVS_STEP_MANUAL_FILES || other->type == AVS_STEP_WINDOWS)
        continue;
      /* Likewise a disk's browser certificates: removed on the disk's own system, later. */
      if (other->type == AVS_STEP_REMOVE_NSS_CERTIFICATES && !g_str_equal (self->root, "/"))
        continue;
      for (guint j = 0; j < other->verification->len; j++)
        step_add_verification (step, g_ptr_array_index (other->verification, j));
      if (other->type != AVS_STEP_INSTALL_REPLACEMENT)
        for (guint j = 0; products[j] != NULL; j++)
          step_add_product (step, products[j]);
    }
  append_paragraph (text, _("Scans the computer again, from scratch. The plan is complete only "
                            "when this scan finds nothing of what the steps above removed."));
  plan_add_step (self, step, text);
}

static gboolean
valid_stamp (const char *stamp)
{
  if (stamp == NULL || *stamp == '\0' || strlen (stamp) > 32)
    return FALSE;
  for (const char *p = stamp; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != 'T' && *p != 'Z')
      return FALSE;
  return TRUE;
}

AvsPlan *
avs_plan_new (AvsScanResult         *scan,
              const AvsPlanOptions  *options,
              GError               **error)
{
  g_autoptr(AvsPlan) self = NULL;
  g_autoptr(GPtrArray) packages = NULL;
  g_autoptr(GError) local_error = NULL;
  AvsPlanOptions defaults = { 0 };
  GPtrArray *findings;
  Leftovers leftovers;

  g_return_val_if_fail (AVS_IS_SCAN_RESULT (scan), NULL);

  if (options == NULL)
    options = &defaults;

  self = g_object_new (AVS_TYPE_PLAN, NULL);
  self->scan = g_object_ref (scan);
  self->root = g_strdup (avs_scan_result_get_root (scan));
  self->live = avs_scan_result_get_live (scan);
  self->method = options->method;

  if (!avs_validate_path (self->root, &local_error))
    {
      g_set_error (error, AVS_PLAN_ERROR, AVS_PLAN_ERROR_INVALID,
                   /* Translators: %s is the reason */
                   _("The scanned root folder cannot be used in commands. %s"),
                   local_error->message);
      return NULL;
    }

  if (options->stamp != NULL)
    {
      if (!valid_stamp (options->stamp))
        {
          g_set_error (error, AVS_PLAN_ERROR, AVS_PLAN_ERROR_INVALID,
                       _("The plan’s time stamp is malformed."));
          return NULL;
        }
      self->stamp = g_strdup (options->stamp);
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      self->stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
    }
  self->archive_path = g_strdup_printf ("%s/kaspersky-%s.tar.gz", BACKUP_DIR, self->stamp);

  if (options->replacement != NULL)
    {
      self->replacement = avs_replacement_copy (options->replacement);
      if (self->replacement == NULL)
        {
          g_set_error (error, AVS_PLAN_ERROR, AVS_PLAN_ERROR_INVALID,
                       _("The chosen replacement has values that cannot be used in commands."));
          return NULL;
        }
    }

  /* Opened once, now: every read of the root goes through it, and a finished plan is shared
   * with worker threads (avs_plan_measure_backup()). */
  plan_get_host (self, NULL);

  self->frontend = options->frontend;
  if (self->frontend == AVS_PACKAGE_FRONTEND_AUTO)
    self->frontend = frontend_for_host (avs_scan_result_get_host (scan));

  findings = avs_scan_result_get_findings (scan);
  packages = g_ptr_array_new_with_free_func ((GDestroyNotify) planned_package_free);
  collect_packages (self, findings, packages);
  collect_leftovers (self, findings, &leftovers);

  /* Removing a package leaves what the scan before could not see: settings dpkg keeps until
   * the purge (which would delete them unarchived), data and logs written since. Kaspersky keeps
   * all of it under its own folders (K6, K17, G1), so with any package to remove they are
   * archived and deleted whether or not the scan listed them. */
  if (packages->len > 0)
    {
      static const char * const vendor_roots[] = {
        "/opt/kaspersky", "/var/opt/kaspersky", "/etc/opt/kaspersky", "/var/log/kaspersky",
      };

      for (guint i = 0; i < G_N_ELEMENTS (vendor_roots); i++)
        add_target (leftovers.targets, vendor_roots[i]);
    }

  build_managed_step (self);
  build_stop_services_step (self, findings);
  build_package_steps (self, packages);
  add_backup_step (self, &leftovers);
  add_leftovers_step (self, &leftovers, packages);
  add_purge_step (self, packages);
  add_certificate_steps (self, &leftovers);
  add_nss_step (self, findings);
  add_browser_step (self, findings);
  add_windows_step (self, findings);
  add_manual_files_step (self, &leftovers);
  add_reboot_step (self, findings);
  add_replacement_step (self);
  add_verify_step (self);

  leftovers_clear (&leftovers);
  return g_steal_pointer (&self);
}

AvsScanResult *
avs_plan_get_scan (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  return self->scan;
}

const char *
avs_plan_get_root (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  return self->root;
}

const char *
avs_plan_get_stamp (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  return self->stamp;
}

AvsPackageFrontend
avs_plan_get_frontend (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), AVS_PACKAGE_FRONTEND_NONE);
  return self->frontend;
}

const AvsReplacement *
avs_plan_get_replacement (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  return self->replacement;
}

AvsReplacementMethod
avs_plan_get_method (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), AVS_REPLACEMENT_METHOD_AUTO);
  return self->method;
}

const char *
avs_plan_get_archive_path (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  return self->archive_path;
}

char *
avs_plan_dup_archive_real_path (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  return avs_plan_real_path (self, self->archive_path);
}

const char * const *
avs_plan_get_refused (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  return (const char * const *) self->refused->pdata;
}

guint
avs_plan_get_n_steps (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), 0);
  return self->steps->len;
}

AvsPlanStep *
avs_plan_get_step (AvsPlan *self,
                   guint    position)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  g_return_val_if_fail (position < self->steps->len, NULL);
  return g_ptr_array_index (self->steps, position);
}

AvsPlanStep *
avs_plan_find_step (AvsPlan    *self,
                    const char *id)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  for (guint i = 0; i < self->steps->len; i++)
    {
      AvsPlanStep *step = g_ptr_array_index (self->steps, i);
      if (g_str_equal (step->id, id))
        return step;
    }
  return NULL;
}

gboolean
avs_plan_is_empty (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), TRUE);
  for (guint i = 0; i < self->steps->len; i++)
    {
      AvsPlanStep *step = g_ptr_array_index (self->steps, i);
      if (step->type != AVS_STEP_VERIFY && step->type != AVS_STEP_INSTALL_REPLACEMENT)
        return FALSE;
    }
  return TRUE;
}

gboolean
avs_plan_runs_disk_scripts (AvsPlan     *self,
                            AvsPlanStep *step)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), FALSE);
  g_return_val_if_fail (step == NULL || AVS_IS_PLAN_STEP (step), FALSE);

  if (g_str_equal (self->root, "/"))
    return FALSE;
  if (step != NULL)
    return step->type == AVS_STEP_REMOVE_PACKAGE || step->type == AVS_STEP_PURGE_RECORDS;
  for (guint i = 0; i < self->steps->len; i++)
    if (avs_plan_runs_disk_scripts (self, g_ptr_array_index (self->steps, i)))
      return TRUE;
  return FALSE;
}

char *
avs_plan_dup_disk_scripts_warning (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);

  if (!avs_plan_runs_disk_scripts (self, NULL))
    return NULL;
  return g_strdup_printf (
      /* Translators: %s is the folder where the disk is mounted */
      _("The package steps run the removal scripts of the packages on the disk in %s, as the "
        "administrator of this computer. dpkg, rpm and pacman run them inside that folder, but "
        "that does not stop a script from changing this computer: a hostile or damaged disk can "
        "take it over. Continue only with a disk you trust."), self->root);
}

typedef struct
{
  guint      files;
  guint64    bytes;
  GPtrArray *examples;
  guint      max_examples;
  gboolean   complete;
} Measure;

static void
measure_path (AvsPlan    *self,
              const char *path,      /* as seen on the scanned system */
              Measure    *measure,
              guint       depth)
{
  g_autofree char *real = avs_plan_real_path (self, path);
  GStatBuf st;

  if (g_lstat (real, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode) && depth < 64)
    {
      g_autoptr(GDir) dir = g_dir_open (real, 0, NULL);
      const char *name;

      if (dir == NULL)
        {
          measure->complete = FALSE;
          return;
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          measure_path (self, child, measure, depth + 1);
        }
    }
  else if (!S_ISDIR (st.st_mode))
    {
      measure->files++;
      if (S_ISREG (st.st_mode))
        measure->bytes += (guint64) st.st_size;
      if (measure->examples->len < measure->max_examples)
        g_ptr_array_add (measure->examples, g_strdup (path));
    }
}

void
avs_plan_measure_backup (AvsPlan    *self,
                         guint       max_examples,
                         guint      *out_files,
                         guint64    *out_bytes,
                         GPtrArray **out_examples,
                         gboolean   *out_complete)
{
  Measure measure = { 0, 0, g_ptr_array_new_with_free_func (g_free), max_examples, TRUE };
  AvsPlanStep *backup;

  g_return_if_fail (AVS_IS_PLAN (self));

  /* The archived paths are the arguments after "--" of the tar command (relative to the root). */
  backup = avs_plan_find_step (self, "backup");
  if (backup != NULL && backup->commands->len > 0)
    {
      AvsPlanCommand *tar = g_ptr_array_index (backup->commands, backup->commands->len - 1);
      gboolean after_dashes = FALSE;

      for (guint i = 0; tar->argv[i] != NULL; i++)
        {
          if (after_dashes)
            {
              g_autofree char *path = g_strconcat ("/", tar->argv[i], NULL);
              measure_path (self, path, &measure, 0);
            }
          else if (g_str_equal (tar->argv[i], "--"))
            after_dashes = TRUE;
        }
    }

  if (out_files != NULL)
    *out_files = measure.files;
  if (out_bytes != NULL)
    *out_bytes = measure.bytes;
  if (out_complete != NULL)
    *out_complete = measure.complete;
  if (out_examples != NULL)
    *out_examples = g_steal_pointer (&measure.examples);
  g_clear_pointer (&measure.examples, g_ptr_array_unref);
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
avs_plan_find_remaining (AvsPlan       *self,
                         AvsScanResult *new_scan)
{
  AvsPlanStep *verify;

  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  verify = avs_plan_find_step (self, "verify");
  return avs_plan_step_find_remaining (verify, new_scan);
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

/* ---------------------------------------------------------------------------------------------
 * Renderings
 * ------------------------------------------------------------------------------------------- */

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
    {
      AvsPlanStep *step = g_ptr_array_index (self->steps, i);

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
      builder_add_strv (builder, "products", (char **) step->products->pdata);

      json_builder_set_member_name (builder, "commands");
      json_builder_begin_array (builder);
      for (guint j = 0; j < step->commands->len; j++)
        {
          AvsPlanCommand *command = g_ptr_array_index (step->commands, j);

          json_builder_begin_object (builder);
          builder_add_strv (builder, "argv", command->argv);
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
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

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

static void
append_checks_text (GString    *out,
                    const char *prefix,
                    const char *label,
                    GPtrArray  *checks)
{
  for (guint i = 0; i < checks->len; i++)
    {
      g_autofree char *what = avs_plan_check_describe (g_ptr_array_index (checks, i));
      g_string_append_printf (out, "%s%s %s\n", prefix, label, what);
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
  /* Translators: %s is a folder */
  g_string_append_printf (out, _("Root: %s%s"), self->root,
                          self->live ? _(" (the running system)") : "");
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
      GString *tags = g_string_new (NULL);
      g_autofree char *tag_text = NULL;

      g_string_append (tags, step->kind == AVS_STEP_KIND_AUTOMATIC ? _("automatic") : _("manual"));
      if (avs_plan_step_get_needs_admin (step))
        g_string_append_printf (tags, ", %s", _("administrator"));
      if (step->blocking)
        g_string_append_printf (tags, ", %s", _("stops the run"));
      if (step->inference)
        g_string_append_printf (tags, ", %s", _("inference"));
      tag_text = g_string_free (tags, FALSE);

      g_string_append_printf (out, "\n%u. %s [%s]\n", i + 1, step->title, tag_text);
      append_wrapped (out, "   ", step->explanation, 78);
      if (step->uri != NULL)
        /* Translators: %s is a web address or appstream:// link */
        g_string_append_printf (out, "   %s\n", step->uri);
      append_checks_text (out, "   ", _("before:"), step->preconditions);
      for (guint j = 0; j < step->commands->len; j++)
        {
          AvsPlanCommand *command = g_ptr_array_index (step->commands, j);
          g_autofree char *line = avs_plan_command_to_string (command);

          g_string_append_printf (out, "   %s %s\n", command->needs_admin ? "#" : "$", line);
          if (command->skip_if != NULL)
            {
              g_autofree char *what = avs_plan_check_describe (command->skip_if);
              g_string_append_printf (out, "     %s %s\n", _("skipped if"), what);
            }
        }
      append_checks_text (out, "   ", _("after:"), step->postconditions);
      for (guint j = 0; j < step->verification->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (step->verification, j);
          g_autofree char *value = g_strescape (e->value, NULL);

          if (e->detail != NULL)
            {
              g_autofree char *detail = g_strescape (e->detail, NULL);
              g_string_append_printf (out, "   %s %s %s (%s)\n", _("gone:"),
                                      avs_evidence_kind_to_string (e->kind), value, detail);
            }
          else
            g_string_append_printf (out, "   %s %s %s\n", _("gone:"),
                                    avs_evidence_kind_to_string (e->kind), value);
        }
    }
  return g_string_free (out, FALSE);
}

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
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
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
                      const char *label,
                      GPtrArray  *checks)
{
  for (guint i = 0; i < checks->len; i++)
    {
      g_autofree char *what = avs_plan_check_describe (g_ptr_array_index (checks, i));
      g_autofree char *safe = script_comment_text (what);

      g_string_append_printf (out, "%s%s %s\n", prefix, label, safe);
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
      g_string_append (line, needs_quoting (command->argv[k]) ? quoted : command->argv[k]);
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

      g_string_append_printf (out, "\n# %u. %s%s\n", i + 1, title,
                              step->kind == AVS_STEP_KIND_MANUAL ? _(" (by hand)") : "");
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
      append_script_checks (out, "#    ", _("before:"), step->preconditions);
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
      append_script_checks (out, "#    ", _("after:"), step->postconditions);
    }
  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------------------------------------
 * Inputs: what rebuilds the same plan after a restart
 * ------------------------------------------------------------------------------------------- */

JsonNode *
avs_plan_inputs_to_json (AvsPlan *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) scan = NULL;

  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);

  scan = avs_scan_result_to_json (self->scan);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_string_value (builder, AVS_PLAN_INPUTS_SCHEMA);
  json_builder_set_member_name (builder, "stamp");
  json_builder_add_string_value (builder, self->stamp);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, avs_replacement_method_to_string (self->method));
  json_builder_set_member_name (builder, "frontend");
  json_builder_add_string_value (builder, avs_package_frontend_to_string (self->frontend));
  json_builder_set_member_name (builder, "replacement");
  if (self->replacement != NULL)
    json_builder_add_value (builder, avs_replacement_to_json (self->replacement));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "scan");
  json_builder_add_value (builder, g_steal_pointer (&scan));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

AvsPlan *
avs_plan_new_from_inputs (JsonNode  *inputs,
                          GError   **error)
{
  static const char * const members[] = {
    "schema", "stamp", "method", "frontend", "replacement", "scan", NULL
  };
  JsonObject *object;
  const char *schema = NULL, *stamp = NULL, *method = NULL, *frontend = NULL;
  JsonObject *scan_object = NULL;
  g_autoptr(JsonNode) scan_node = NULL;
  g_autoptr(AvsScanResult) scan = NULL;
  g_autoptr(AvsReplacement) replacement = NULL;
  AvsPlanOptions options = { 0 };

  if (inputs == NULL || !JSON_NODE_HOLDS_OBJECT (inputs))
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                   _("The saved plan is not a JSON object."));
      return NULL;
    }
  object = json_node_get_object (inputs);
  if (!avs_json_check_members (object, "$", members, error) ||
      !avs_json_get_string (object, "$", "schema", TRUE, &schema, error) ||
      !avs_json_get_string (object, "$", "stamp", TRUE, &stamp, error) ||
      !avs_json_get_string (object, "$", "method", TRUE, &method, error) ||
      !avs_json_get_string (object, "$", "frontend", TRUE, &frontend, error) ||
      !avs_json_get_object (object, "$", "scan", TRUE, &scan_object, error))
    return NULL;
  if (!g_str_equal (schema, AVS_PLAN_INPUTS_SCHEMA))
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                   /* Translators: %s is a schema name */
                   _("The saved plan has the unknown format “%s”."), schema);
      return NULL;
    }
  if (!avs_replacement_method_from_string (method, &options.method) ||
      !frontend_from_string (frontend, &options.frontend))
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                   _("The saved plan names an unknown installation method or package tool."));
      return NULL;
    }
  if (json_object_has_member (object, "replacement") &&
      !json_node_is_null (json_object_get_member (object, "replacement")))
    {
      replacement = avs_replacement_from_json (json_object_get_member (object, "replacement"),
                                               error);
      if (replacement == NULL)
        return NULL;
    }

  scan_node = json_node_init_object (json_node_alloc (), scan_object);
  scan = avs_scan_result_new_from_json (scan_node, error);
  if (scan == NULL)
    return NULL;

  options.stamp = stamp;
  options.replacement = replacement;
  return avs_plan_new (scan, &options, error);
}
