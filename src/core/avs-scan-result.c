/* avs-scan-result.c — what a scan found: findings per product, evidence, what could not be checked
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "avs-json.h"
#include "avs-nick.h"
#include "avs-scan-result.h"

/* ---------------------------------------------------------------------------------------------
 * Enumerations and their JSON nicks
 * ------------------------------------------------------------------------------------------- */

static const char * const evidence_kind_nicks[] = {
  [AVS_EVIDENCE_PACKAGE] = "package",
  [AVS_EVIDENCE_FILE] = "file",
  [AVS_EVIDENCE_DIRECTORY] = "directory",
  [AVS_EVIDENCE_SYMLINK] = "symlink",
  [AVS_EVIDENCE_UNIT] = "unit",
  [AVS_EVIDENCE_INIT_SCRIPT] = "init-script",
  [AVS_EVIDENCE_GROUP] = "group",
  [AVS_EVIDENCE_PROCESS] = "process",
  [AVS_EVIDENCE_KERNEL_MODULE] = "kernel-module",
  [AVS_EVIDENCE_CERTIFICATE] = "certificate",
  [AVS_EVIDENCE_NSS_CERTIFICATE] = "nss-certificate",
  [AVS_EVIDENCE_BROWSER_EXTENSION] = "browser-extension",
  [AVS_EVIDENCE_REPOSITORY] = "repository",
  [AVS_EVIDENCE_CONFIG] = "config",
  [AVS_EVIDENCE_WINDOWS_INSTALL] = "windows-install",
};

static const char * const install_state_nicks[] = {
  [AVS_INSTALL_STATE_INSTALLED] = "installed",
  [AVS_INSTALL_STATE_FILES_ONLY] = "files-only",
  [AVS_INSTALL_STATE_LEFTOVERS] = "leftovers",
};

const char *
avs_evidence_kind_to_string (AvsEvidenceKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (evidence_kind_nicks), NULL);
  return evidence_kind_nicks[kind];
}

gboolean
avs_evidence_kind_from_string (const char      *string,
                               AvsEvidenceKind *out_kind)
{
  guint value;

  if (!avs_nick_lookup (evidence_kind_nicks, G_N_ELEMENTS (evidence_kind_nicks), string, &value))
    return FALSE;
  *out_kind = (AvsEvidenceKind) value;
  return TRUE;
}

const char *
avs_install_state_to_string (AvsInstallState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (install_state_nicks), NULL);
  return install_state_nicks[state];
}

gboolean
avs_install_state_from_string (const char      *string,
                               AvsInstallState *out_state)
{
  guint value;

  if (!avs_nick_lookup (install_state_nicks, G_N_ELEMENTS (install_state_nicks), string, &value))
    return FALSE;
  *out_state = (AvsInstallState) value;
  return TRUE;
}

/* The words both faces show; the nicks above are for documents only. */
const char *
avs_evidence_kind_to_label (AvsEvidenceKind kind)
{
  switch (kind)
    {
    case AVS_EVIDENCE_PACKAGE:
      return _("Installed package");
    case AVS_EVIDENCE_FILE:
      return _("File");
    case AVS_EVIDENCE_DIRECTORY:
      return _("Folder");
    case AVS_EVIDENCE_SYMLINK:
      return _("Symbolic link");
    case AVS_EVIDENCE_UNIT:
      return _("System service");
    case AVS_EVIDENCE_INIT_SCRIPT:
      return _("Start-up script");
    case AVS_EVIDENCE_GROUP:
      return _("User group");
    case AVS_EVIDENCE_PROCESS:
      return _("Running program");
    case AVS_EVIDENCE_KERNEL_MODULE:
      return _("Kernel module");
    case AVS_EVIDENCE_CERTIFICATE:
      return _("Trusted root certificate");
    case AVS_EVIDENCE_NSS_CERTIFICATE:
      return _("Certificate trusted by a browser");
    case AVS_EVIDENCE_BROWSER_EXTENSION:
      return _("Browser extension");
    case AVS_EVIDENCE_REPOSITORY:
      return _("Software source");
    case AVS_EVIDENCE_CONFIG:
      return _("Setting");
    case AVS_EVIDENCE_WINDOWS_INSTALL:
      return _("Installation on a Windows disk");
    default:
      return _("Evidence");
    }
}

const char *
avs_install_state_to_label (AvsInstallState state)
{
  switch (state)
    {
    case AVS_INSTALL_STATE_INSTALLED:
      return _("Installed as a package");
    case AVS_INSTALL_STATE_FILES_ONLY:
      return _("Installed from files without a package");
    case AVS_INSTALL_STATE_LEFTOVERS:
      return _("Traces left by a removal that was not finished");
    default:
      return "";
    }
}

/* ---------------------------------------------------------------------------------------------
 * Evidence and not-checked entries
 * ------------------------------------------------------------------------------------------- */

AvsEvidence *
avs_evidence_new (AvsEvidenceKind  kind,
                  const char      *value,
                  const char      *detail)
{
  AvsEvidence *evidence;

  g_return_val_if_fail (value != NULL, NULL);

  evidence = g_new0 (AvsEvidence, 1);
  evidence->kind = kind;
  evidence->value = g_strdup (value);
  evidence->detail = g_strdup (detail);
  return evidence;
}

AvsEvidence *
avs_evidence_copy (const AvsEvidence *evidence)
{
  return avs_evidence_new (evidence->kind, evidence->value, evidence->detail);
}

void
avs_evidence_add_to_builder (const AvsEvidence *evidence,
                             JsonBuilder       *builder)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, avs_evidence_kind_to_string (evidence->kind));
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, evidence->value);
  avs_json_builder_add_string_member (builder, "detail", evidence->detail);
  json_builder_end_object (builder);
}

void
avs_evidence_free (AvsEvidence *evidence)
{
  if (evidence == NULL)
    return;
  g_free (evidence->value);
  g_free (evidence->detail);
  g_free (evidence);
}

AvsNotChecked *
avs_not_checked_new (const char *what,
                     const char *reason,
                     const char *path,
                     gboolean    needs_admin)
{
  AvsNotChecked *entry;

  g_return_val_if_fail (what != NULL, NULL);
  g_return_val_if_fail (reason != NULL, NULL);

  entry = g_new0 (AvsNotChecked, 1);
  entry->what = g_strdup (what);
  entry->reason = g_strdup (reason);
  entry->path = g_strdup (path);
  entry->needs_admin = !!needs_admin;
  return entry;
}

AvsNotChecked *
avs_not_checked_new_note (const char *what,
                          const char *reason,
                          const char *path)
{
  AvsNotChecked *entry = avs_not_checked_new (what, reason, path, FALSE);

  if (entry != NULL)
    entry->note = TRUE;
  return entry;
}

void
avs_not_checked_free (AvsNotChecked *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->what);
  g_free (entry->reason);
  g_free (entry->path);
  g_free (entry);
}

/* ---------------------------------------------------------------------------------------------
 * AvsFinding
 * ------------------------------------------------------------------------------------------- */

struct _AvsFinding
{
  GObject          parent_instance;

  char            *product_id;
  char            *name;
  char            *version;
  AvsInstallState  state;
  gboolean         running;
  gboolean         managed;
  char            *management_server;
  GDateTime       *signatures_updated;
  GPtrArray       *evidence;
  /* The entries of @evidence, to refuse a duplicate in constant time: a scan may meet
   * thousands of matching names (files any user can plant in /tmp), and a linear search per
   * entry made adding them quadratic. */
  GHashTable      *evidence_set;
};

G_DEFINE_FINAL_TYPE (AvsFinding, avs_finding, G_TYPE_OBJECT)

static guint
evidence_hash (gconstpointer key)
{
  const AvsEvidence *e = key;

  return g_str_hash (e->value) ^ (e->detail != NULL ? g_str_hash (e->detail) * 31 : 0) ^
         ((guint) e->kind << 24);
}

static gboolean
evidence_equal (gconstpointer a,
                gconstpointer b)
{
  const AvsEvidence *ea = a;
  const AvsEvidence *eb = b;

  return ea->kind == eb->kind && g_str_equal (ea->value, eb->value) &&
         g_strcmp0 (ea->detail, eb->detail) == 0;
}

static void
avs_finding_finalize (GObject *object)
{
  AvsFinding *self = AVS_FINDING (object);

  g_free (self->product_id);
  g_free (self->name);
  g_free (self->version);
  g_free (self->management_server);
  g_clear_pointer (&self->signatures_updated, g_date_time_unref);
  g_clear_pointer (&self->evidence_set, g_hash_table_unref);
  g_clear_pointer (&self->evidence, g_ptr_array_unref);

  G_OBJECT_CLASS (avs_finding_parent_class)->finalize (object);
}

static void
avs_finding_class_init (AvsFindingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = avs_finding_finalize;
}

static void
avs_finding_init (AvsFinding *self)
{
  self->state = AVS_INSTALL_STATE_INSTALLED;
  self->evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_evidence_free);
  self->evidence_set = g_hash_table_new (evidence_hash, evidence_equal);
}

AvsFinding *
avs_finding_new (const char *product_id,
                 const char *name)
{
  AvsFinding *self;

  g_return_val_if_fail (product_id != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (AVS_TYPE_FINDING, NULL);
  self->product_id = g_strdup (product_id);
  self->name = g_strdup (name);
  return self;
}

const char *
avs_finding_get_product_id (AvsFinding *self)
{
  g_return_val_if_fail (AVS_IS_FINDING (self), NULL);
  return self->product_id;
}

const char *
avs_finding_get_name (AvsFinding *self)
{
  g_return_val_if_fail (AVS_IS_FINDING (self), NULL);
  return self->name;
}

const char *
avs_finding_get_version (AvsFinding *self)
{
  g_return_val_if_fail (AVS_IS_FINDING (self), NULL);
  return self->version;
}

void
avs_finding_set_version (AvsFinding *self,
                         const char *version)
{
  g_return_if_fail (AVS_IS_FINDING (self));
  if (g_strcmp0 (self->version, version) == 0)
    return;
  g_free (self->version);
  self->version = g_strdup (version);
}

AvsInstallState
avs_finding_get_state (AvsFinding *self)
{
  g_return_val_if_fail (AVS_IS_FINDING (self), AVS_INSTALL_STATE_INSTALLED);
  return self->state;
}

char *
avs_finding_describe_state (AvsFinding *self)
{
  g_return_val_if_fail (AVS_IS_FINDING (self), NULL);

  if (self->version != NULL && self->state == AVS_INSTALL_STATE_INSTALLED)
    /* Translators: %s is a version number such as 11.2.0-4528 */
    return g_strdup_printf (_("Installed as a package, version %s"), self->version);
  if (self->version != NULL && self->state == AVS_INSTALL_STATE_FILES_ONLY)
    /* Translators: %s is a version number such as 11.2.0-4528 */
    return g_strdup_printf (_("Installed from files without a package, version %s"),
                            self->version);
  return g_strdup (avs_install_state_to_label (self->state));
}

void
avs_finding_set_state (AvsFinding      *self,
                       AvsInstallState  state)
{
  g_return_if_fail (AVS_IS_FINDING (self));
  self->state = state;
}

gboolean
avs_finding_get_running (AvsFinding *self)
{
  g_return_val_if_fail (AVS_IS_FINDING (self), FALSE);
  return self->running;
}

void
avs_finding_set_running (AvsFinding *self,
                         gboolean    running)
{
  g_return_if_fail (AVS_IS_FINDING (self));
  self->running = !!running;
}

gboolean
avs_finding_get_managed (AvsFinding *self)
{
  g_return_val_if_fail (AVS_IS_FINDING (self), FALSE);
  return self->managed;
}

void
avs_finding_set_managed (AvsFinding *self,
                         gboolean    managed)
{
  g_return_if_fail (AVS_IS_FINDING (self));
  self->managed = !!managed;
}

const char *
avs_finding_get_management_server (AvsFinding *self)
{
  g_return_val_if_fail (AVS_IS_FINDING (self), NULL);
  return self->management_server;
}

void
avs_finding_set_management_server (AvsFinding *self,
                                   const char *server)
{
  g_return_if_fail (AVS_IS_FINDING (self));
  if (g_strcmp0 (self->management_server, server) == 0)
    return;
  g_free (self->management_server);
  self->management_server = g_strdup (server);
}

GDateTime *
avs_finding_get_signatures_updated (AvsFinding *self)
{
  g_return_val_if_fail (AVS_IS_FINDING (self), NULL);
  return self->signatures_updated;
}

void
avs_finding_set_signatures_updated (AvsFinding *self,
                                    GDateTime  *when)
{
  g_return_if_fail (AVS_IS_FINDING (self));
  if (when != NULL)
    g_date_time_ref (when);
  g_clear_pointer (&self->signatures_updated, g_date_time_unref);
  self->signatures_updated = when;
}

GPtrArray *
avs_finding_get_evidence (AvsFinding *self)
{
  g_return_val_if_fail (AVS_IS_FINDING (self), NULL);
  return self->evidence;
}

void
avs_finding_add_evidence (AvsFinding      *self,
                          AvsEvidenceKind  kind,
                          const char      *value,
                          const char      *detail)
{
  g_return_if_fail (AVS_IS_FINDING (self));
  g_return_if_fail (value != NULL);

  /* The same evidence twice (a package seen by two databases gives two details) is one entry. */
  {
    AvsEvidence probe = { .kind = kind, .value = (char *) value, .detail = (char *) detail };
    AvsEvidence *e;

    if (g_hash_table_contains (self->evidence_set, &probe))
      return;
    e = avs_evidence_new (kind, value, detail);
    g_ptr_array_add (self->evidence, e);
    g_hash_table_add (self->evidence_set, e);
  }
}

char **
avs_finding_dup_values (AvsFinding      *self,
                        AvsEvidenceKind  kind)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (AVS_IS_FINDING (self), NULL);

  for (guint i = 0; i < self->evidence->len; i++)
    {
      AvsEvidence *e = g_ptr_array_index (self->evidence, i);

      if (e->kind == kind)
        g_strv_builder_add (builder, e->value);
    }
  return g_strv_builder_end (builder);
}

gboolean
avs_finding_has_evidence (AvsFinding      *self,
                          AvsEvidenceKind  kind,
                          const char      *value)
{
  g_return_val_if_fail (AVS_IS_FINDING (self), FALSE);

  for (guint i = 0; i < self->evidence->len; i++)
    {
      AvsEvidence *e = g_ptr_array_index (self->evidence, i);

      if (e->kind == kind && (value == NULL || g_str_equal (e->value, value)))
        return TRUE;
    }
  return FALSE;
}

/* ---------------------------------------------------------------------------------------------
 * AvsScanResult
 * ------------------------------------------------------------------------------------------- */

struct _AvsScanResult
{
  GObject      parent_instance;

  char        *root;
  gboolean     live;
  GDateTime   *scanned_at;
  AvsHostInfo  host;
  GPtrArray   *findings;
  GPtrArray   *not_checked;
};

G_DEFINE_FINAL_TYPE (AvsScanResult, avs_scan_result, G_TYPE_OBJECT)

static void
host_info_clear (AvsHostInfo *host)
{
  g_clear_pointer (&host->id, g_free);
  g_clear_pointer (&host->id_like, g_strfreev);
  g_clear_pointer (&host->version_id, g_free);
  g_clear_pointer (&host->pretty_name, g_free);
  g_clear_pointer (&host->package_manager, g_free);
}

static void
avs_scan_result_finalize (GObject *object)
{
  AvsScanResult *self = AVS_SCAN_RESULT (object);

  g_free (self->root);
  g_clear_pointer (&self->scanned_at, g_date_time_unref);
  host_info_clear (&self->host);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_pointer (&self->not_checked, g_ptr_array_unref);

  G_OBJECT_CLASS (avs_scan_result_parent_class)->finalize (object);
}

static void
avs_scan_result_class_init (AvsScanResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = avs_scan_result_finalize;
}

static void
avs_scan_result_init (AvsScanResult *self)
{
  self->findings = g_ptr_array_new_with_free_func (g_object_unref);
  self->not_checked = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_not_checked_free);
  self->host.id = g_strdup ("linux");
  self->host.id_like = g_new0 (char *, 1);
}

AvsScanResult *
avs_scan_result_new (const char *root)
{
  AvsScanResult *self;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_val_if_fail (root != NULL, NULL);

  self = g_object_new (AVS_TYPE_SCAN_RESULT, NULL);
  self->root = g_strdup (root);
  self->live = g_str_equal (root, "/");
  /* Whole seconds: the JSON document carries no fractions, so a round trip stays exact. */
  self->scanned_at = g_date_time_new_from_unix_utc (g_date_time_to_unix (now));
  return self;
}

const char *
avs_scan_result_get_root (AvsScanResult *self)
{
  g_return_val_if_fail (AVS_IS_SCAN_RESULT (self), NULL);
  return self->root;
}

gboolean
avs_scan_result_get_live (AvsScanResult *self)
{
  g_return_val_if_fail (AVS_IS_SCAN_RESULT (self), FALSE);
  return self->live;
}

void
avs_scan_result_set_live (AvsScanResult *self,
                          gboolean       live)
{
  g_return_if_fail (AVS_IS_SCAN_RESULT (self));
  self->live = !!live;
}

GDateTime *
avs_scan_result_get_scanned_at (AvsScanResult *self)
{
  g_return_val_if_fail (AVS_IS_SCAN_RESULT (self), NULL);
  return self->scanned_at;
}

void
avs_scan_result_set_scanned_at (AvsScanResult *self,
                                GDateTime     *when)
{
  g_return_if_fail (AVS_IS_SCAN_RESULT (self));
  g_return_if_fail (when != NULL);
  g_date_time_ref (when);
  g_clear_pointer (&self->scanned_at, g_date_time_unref);
  self->scanned_at = when;
}

AvsHostInfo *
avs_scan_result_get_host (AvsScanResult *self)
{
  g_return_val_if_fail (AVS_IS_SCAN_RESULT (self), NULL);
  return &self->host;
}

void
avs_scan_result_set_host (AvsScanResult       *self,
                          const char          *id,
                          const char * const  *id_like,
                          const char          *version_id,
                          const char          *pretty_name,
                          const char          *package_manager)
{
  static const char * const none[] = { NULL };

  g_return_if_fail (AVS_IS_SCAN_RESULT (self));

  host_info_clear (&self->host);
  self->host.id = g_strdup (id != NULL ? id : "linux");
  self->host.id_like = g_strdupv ((char **) (id_like != NULL ? id_like : none));
  self->host.version_id = g_strdup (version_id);
  self->host.pretty_name = g_strdup (pretty_name);
  self->host.package_manager = g_strdup (package_manager);
}

GPtrArray *
avs_scan_result_get_findings (AvsScanResult *self)
{
  g_return_val_if_fail (AVS_IS_SCAN_RESULT (self), NULL);
  return self->findings;
}

void
avs_scan_result_add_finding (AvsScanResult *self,
                             AvsFinding    *finding)
{
  g_return_if_fail (AVS_IS_SCAN_RESULT (self));
  g_return_if_fail (AVS_IS_FINDING (finding));
  g_ptr_array_add (self->findings, g_object_ref (finding));
}

AvsFinding *
avs_scan_result_find (AvsScanResult *self,
                      const char    *product_id)
{
  g_return_val_if_fail (AVS_IS_SCAN_RESULT (self), NULL);

  for (guint i = 0; i < self->findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (self->findings, i);

      if (g_strcmp0 (finding->product_id, product_id) == 0)
        return finding;
    }
  return NULL;
}

GPtrArray *
avs_scan_result_get_not_checked (AvsScanResult *self)
{
  g_return_val_if_fail (AVS_IS_SCAN_RESULT (self), NULL);
  return self->not_checked;
}

void
avs_scan_result_add_not_checked (AvsScanResult *self,
                                 AvsNotChecked *entry)
{
  g_return_if_fail (AVS_IS_SCAN_RESULT (self));
  g_return_if_fail (entry != NULL);
  g_ptr_array_add (self->not_checked, entry);
}

const char *
avs_scan_outcome_to_string (AvsScanOutcome outcome)
{
  switch (outcome)
    {
    case AVS_SCAN_OUTCOME_CLEAN:
      return "clean";
    case AVS_SCAN_OUTCOME_FOUND:
      return "found";
    case AVS_SCAN_OUTCOME_INCOMPLETE:
    default:
      return "incomplete";
    }
}

guint
avs_scan_result_count_gaps (AvsScanResult *self)
{
  guint gaps = 0;

  g_return_val_if_fail (AVS_IS_SCAN_RESULT (self), 0);

  for (guint i = 0; i < self->not_checked->len; i++)
    if (!((AvsNotChecked *) g_ptr_array_index (self->not_checked, i))->note)
      gaps++;
  return gaps;
}

gboolean
avs_scan_result_gaps_need_admin (AvsScanResult *self)
{
  g_return_val_if_fail (AVS_IS_SCAN_RESULT (self), FALSE);

  for (guint i = 0; i < self->not_checked->len; i++)
    {
      AvsNotChecked *entry = g_ptr_array_index (self->not_checked, i);

      if (!entry->note && entry->needs_admin)
        return TRUE;
    }
  return FALSE;
}

AvsScanOutcome
avs_scan_result_get_outcome (AvsScanResult *self)
{
  g_return_val_if_fail (AVS_IS_SCAN_RESULT (self), AVS_SCAN_OUTCOME_INCOMPLETE);

  if (self->findings->len > 0)
    return AVS_SCAN_OUTCOME_FOUND;
  if (avs_scan_result_count_gaps (self) > 0)
    return AVS_SCAN_OUTCOME_INCOMPLETE;
  return AVS_SCAN_OUTCOME_CLEAN;
}

gboolean
avs_scan_result_is_clean (AvsScanResult *self)
{
  return avs_scan_result_get_outcome (self) == AVS_SCAN_OUTCOME_CLEAN;
}

gboolean
avs_scan_result_has_findings (AvsScanResult *self)
{
  g_return_val_if_fail (AVS_IS_SCAN_RESULT (self), FALSE);
  return self->findings->len > 0;
}

gboolean
avs_scan_result_is_managed (AvsScanResult *self)
{
  g_return_val_if_fail (AVS_IS_SCAN_RESULT (self), FALSE);

  for (guint i = 0; i < self->findings->len; i++)
    if (((AvsFinding *) g_ptr_array_index (self->findings, i))->managed)
      return TRUE;
  return FALSE;
}

const char *
avs_scan_result_get_management_server (AvsScanResult *self)
{
  g_return_val_if_fail (AVS_IS_SCAN_RESULT (self), NULL);

  for (guint i = 0; i < self->findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (self->findings, i);

      if (finding->management_server != NULL)
        return finding->management_server;
    }
  return NULL;
}

/* ---------------------------------------------------------------------------------------------
 * The "avswitch-scan/1" document
 * ------------------------------------------------------------------------------------------- */

static void
add_optional_date (JsonBuilder *builder,
                   const char  *member,
                   GDateTime   *value)
{
  g_autofree char *text = NULL;

  if (value != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (value);

      /* Padded by hand: "%Y" writes the year 682 as "682", which no ISO 8601 reader (ours
       * included) accepts back. GDateTime's years are 1 to 9999. */
      text = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                              g_date_time_get_year (utc), g_date_time_get_month (utc),
                              g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                              g_date_time_get_minute (utc), g_date_time_get_second (utc));
    }
  avs_json_builder_add_string_member (builder, member, text);
}

JsonNode *
avs_scan_result_to_json (AvsScanResult *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (AVS_IS_SCAN_RESULT (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_string_value (builder, AVS_SCAN_SCHEMA);
  json_builder_set_member_name (builder, "root");
  json_builder_add_string_value (builder, self->root);
  json_builder_set_member_name (builder, "live");
  json_builder_add_boolean_value (builder, self->live);
  add_optional_date (builder, "scanned_at", self->scanned_at);
  json_builder_set_member_name (builder, "clean");
  json_builder_add_boolean_value (builder, avs_scan_result_is_clean (self));
  json_builder_set_member_name (builder, "outcome");
  json_builder_add_string_value (builder,
                                 avs_scan_outcome_to_string (avs_scan_result_get_outcome (self)));
  json_builder_set_member_name (builder, "managed");
  json_builder_add_boolean_value (builder, avs_scan_result_is_managed (self));

  json_builder_set_member_name (builder, "host");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->host.id);
  json_builder_set_member_name (builder, "id_like");
  json_builder_begin_array (builder);
  for (guint i = 0; self->host.id_like != NULL && self->host.id_like[i] != NULL; i++)
    json_builder_add_string_value (builder, self->host.id_like[i]);
  json_builder_end_array (builder);
  avs_json_builder_add_string_member (builder, "version_id", self->host.version_id);
  avs_json_builder_add_string_member (builder, "pretty_name", self->host.pretty_name);
  avs_json_builder_add_string_member (builder, "package_manager", self->host.package_manager);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (self->findings, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "product");
      json_builder_add_string_value (builder, finding->product_id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, finding->name);
      avs_json_builder_add_string_member (builder, "version", finding->version);
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, avs_install_state_to_string (finding->state));
      json_builder_set_member_name (builder, "running");
      json_builder_add_boolean_value (builder, finding->running);
      json_builder_set_member_name (builder, "managed");
      json_builder_add_boolean_value (builder, finding->managed);
      avs_json_builder_add_string_member (builder, "management_server", finding->management_server);
      add_optional_date (builder, "signatures_updated", finding->signatures_updated);
      json_builder_set_member_name (builder, "evidence");
      json_builder_begin_array (builder);
      for (guint j = 0; j < finding->evidence->len; j++)
        {
          avs_evidence_add_to_builder (g_ptr_array_index (finding->evidence, j), builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "not_checked");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->not_checked->len; i++)
    {
      AvsNotChecked *entry = g_ptr_array_index (self->not_checked, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "what");
      json_builder_add_string_value (builder, entry->what);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, entry->reason);
      avs_json_builder_add_string_member (builder, "path", entry->path);
      json_builder_set_member_name (builder, "needs_admin");
      json_builder_add_boolean_value (builder, entry->needs_admin);
      json_builder_set_member_name (builder, "note");
      json_builder_add_boolean_value (builder, entry->note);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
avs_scan_result_to_data (AvsScanResult *self,
                         gsize         *length)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  char *text;
  gsize len = 0;

  g_return_val_if_fail (AVS_IS_SCAN_RESULT (self), NULL);

  root = avs_scan_result_to_json (self);
  data = avs_json_node_to_data (root, TRUE, &len);

  /* A trailing newline, so the document is a well-formed text file and shell output ends cleanly. */
  text = g_strconcat (data, "\n", NULL);
  if (length != NULL)
    *length = len + 1;
  return text;
}

/* Strict loading ----------------------------------------------------------------------------- */

static gboolean
schema_error (GError     **error,
              const char  *path,
              const char  *member,
              const char  *message)
{
  g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
               /* Translators: "$.findings[0]: “state”: message" */
               _("%s: “%s”: %s"), path, member, message);
  return FALSE;
}

/* A string that may be null or absent. */
static gboolean
get_nullable_string (JsonObject  *object,
                     const char  *path,
                     const char  *member,
                     const char **out_value,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out_value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  return avs_json_get_string (object, path, member, FALSE, out_value, error);
}

static gboolean
get_nullable_date (JsonObject  *object,
                   const char  *path,
                   const char  *member,
                   GDateTime  **out_value,
                   GError     **error)
{
  const char *text = NULL;

  *out_value = NULL;
  if (!get_nullable_string (object, path, member, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  *out_value = g_date_time_new_from_iso8601 (text, NULL);
  if (*out_value == NULL)
    return schema_error (error, path, member,
                         _("not a date and time such as 2024-09-29T04:00:00Z."));
  return TRUE;
}

static gboolean
valid_product_id (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      return FALSE;
  return TRUE;
}

static AvsFinding *
finding_from_json (JsonObject  *object,
                   const char  *path,
                   GError     **error)
{
  static const char * const members[] = {
    "product", "name", "version", "state", "running", "managed", "management_server",
    "signatures_updated", "evidence", NULL
  };
  g_autoptr(AvsFinding) finding = NULL;
  g_autoptr(GDateTime) updated = NULL;
  const char *product = NULL, *name = NULL, *version = NULL, *state = NULL, *server = NULL;
  gboolean running = FALSE, managed = FALSE;
  JsonArray *evidence = NULL;
  AvsInstallState install_state;

  if (!avs_json_check_members (object, path, members, error) ||
      !avs_json_get_string (object, path, "product", TRUE, &product, error) ||
      !avs_json_get_string (object, path, "name", TRUE, &name, error) ||
      !get_nullable_string (object, path, "version", &version, error) ||
      !avs_json_get_string (object, path, "state", TRUE, &state, error) ||
      !avs_json_get_bool (object, path, "running", FALSE, &running, error) ||
      !avs_json_get_bool (object, path, "managed", FALSE, &managed, error) ||
      !get_nullable_string (object, path, "management_server", &server, error) ||
      !get_nullable_date (object, path, "signatures_updated", &updated, error) ||
      !avs_json_get_array (object, path, "evidence", TRUE, &evidence, error))
    return NULL;

  if (!valid_product_id (product))
    {
      schema_error (error, path, "product",
                    _("a product id is made of lower-case letters, digits and dashes."));
      return NULL;
    }
  if (!avs_install_state_from_string (state, &install_state))
    {
      schema_error (error, path, "state",
                    _("must be “installed”, “files-only” or “leftovers”."));
      return NULL;
    }

  finding = avs_finding_new (product, name);
  avs_finding_set_version (finding, version);
  avs_finding_set_state (finding, install_state);
  avs_finding_set_running (finding, running);
  avs_finding_set_managed (finding, managed);
  avs_finding_set_management_server (finding, server);
  avs_finding_set_signatures_updated (finding, updated);

  for (guint i = 0; i < json_array_get_length (evidence); i++)
    {
      static const char * const evidence_members[] = { "kind", "value", "detail", NULL };
      g_autofree char *epath = g_strdup_printf ("%s.evidence[%u]", path, i);
      JsonNode *node = json_array_get_element (evidence, i);
      JsonObject *eobject;
      const char *kind = NULL, *value = NULL, *detail = NULL;
      AvsEvidenceKind evidence_kind;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                       /* Translators: %s is a JSON path such as $.findings[0].evidence[2] */
                       _("%s must be an object."), epath);
          return NULL;
        }
      eobject = json_node_get_object (node);
      if (!avs_json_check_members (eobject, epath, evidence_members, error) ||
          !avs_json_get_string (eobject, epath, "kind", TRUE, &kind, error) ||
          !avs_json_get_string (eobject, epath, "value", TRUE, &value, error) ||
          !get_nullable_string (eobject, epath, "detail", &detail, error))
        return NULL;
      if (!avs_evidence_kind_from_string (kind, &evidence_kind))
        {
          schema_error (error, epath, "kind", _("not a known kind of evidence."));
          return NULL;
        }
      avs_finding_add_evidence (finding, evidence_kind, value, detail);
    }

  return g_steal_pointer (&finding);
}

AvsScanResult *
avs_scan_result_new_from_json (JsonNode  *root,
                               GError   **error)
{
  static const char * const members[] = {
    "schema", "root", "live", "scanned_at", "clean", "outcome", "managed", "host", "findings",
    "not_checked", NULL
  };
  static const char * const host_members[] = {
    "id", "id_like", "version_id", "pretty_name", "package_manager", NULL
  };
  g_autoptr(AvsScanResult) result = NULL;
  g_autoptr(GDateTime) scanned_at = NULL;
  g_auto(GStrv) id_like = NULL;
  JsonObject *object, *host = NULL;
  JsonArray *findings = NULL, *not_checked = NULL;
  const char *schema = NULL, *root_path = NULL, *outcome = NULL;
  const char *id = NULL, *version_id = NULL, *pretty_name = NULL, *package_manager = NULL;
  gboolean live = FALSE, clean = TRUE, managed = FALSE;

  g_return_val_if_fail (root != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_NOT_AN_OBJECT,
                   _("A scan document must be a JSON object."));
      return NULL;
    }
  object = json_node_get_object (root);

  /* The schema first: a document of another version gets a message about the version, not
   * about whatever key it happens to have. */
  if (!avs_json_get_string (object, "$", "schema", TRUE, &schema, error))
    return NULL;
  if (!g_str_equal (schema, AVS_SCAN_SCHEMA))
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                   /* Translators: the first %s is the document's schema, the second the one this version reads */
                   _("This is a “%s” document; this version of AV Switch reads “%s”."),
                   schema, AVS_SCAN_SCHEMA);
      return NULL;
    }

  if (!avs_json_check_members (object, "$", members, error) ||
      !avs_json_get_string (object, "$", "root", TRUE, &root_path, error) ||
      !avs_json_get_bool (object, "$", "live", TRUE, &live, error) ||
      !get_nullable_date (object, "$", "scanned_at", &scanned_at, error) ||
      !avs_json_get_bool (object, "$", "clean", FALSE, &clean, error) ||
      !avs_json_get_string (object, "$", "outcome", FALSE, &outcome, error) ||
      !avs_json_get_bool (object, "$", "managed", FALSE, &managed, error) ||
      !avs_json_get_object (object, "$", "host", TRUE, &host, error) ||
      !avs_json_get_array (object, "$", "findings", TRUE, &findings, error) ||
      !avs_json_get_array (object, "$", "not_checked", TRUE, &not_checked, error))
    return NULL;

  if (!g_path_is_absolute (root_path))
    {
      schema_error (error, "$", "root", _("must be an absolute path."));
      return NULL;
    }

  if (!avs_json_check_members (host, "$.host", host_members, error) ||
      !avs_json_get_string (host, "$.host", "id", TRUE, &id, error) ||
      !avs_json_get_strv (host, "$.host", "id_like", FALSE, &id_like, error) ||
      !get_nullable_string (host, "$.host", "version_id", &version_id, error) ||
      !get_nullable_string (host, "$.host", "pretty_name", &pretty_name, error) ||
      !get_nullable_string (host, "$.host", "package_manager", &package_manager, error))
    return NULL;

  result = avs_scan_result_new (root_path);
  avs_scan_result_set_live (result, live);
  if (scanned_at != NULL)
    avs_scan_result_set_scanned_at (result, scanned_at);
  avs_scan_result_set_host (result, id, (const char * const *) id_like, version_id, pretty_name,
                            package_manager);

  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      g_autofree char *fpath = g_strdup_printf ("$.findings[%u]", i);
      JsonNode *node = json_array_get_element (findings, i);
      g_autoptr(AvsFinding) finding = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                       _("%s must be an object."), fpath);
          return NULL;
        }
      finding = finding_from_json (json_node_get_object (node), fpath, error);
      if (finding == NULL)
        return NULL;
      if (avs_scan_result_find (result, avs_finding_get_product_id (finding)) != NULL)
        {
          schema_error (error, fpath, "product", _("this product is listed twice."));
          return NULL;
        }
      avs_scan_result_add_finding (result, finding);
    }

  for (guint i = 0; i < json_array_get_length (not_checked); i++)
    {
      static const char * const nc_members[] = { "what", "reason", "path", "needs_admin", "note", NULL };
      g_autofree char *npath = g_strdup_printf ("$.not_checked[%u]", i);
      JsonNode *node = json_array_get_element (not_checked, i);
      JsonObject *nobject;
      const char *what = NULL, *reason = NULL, *path = NULL;
      gboolean needs_admin = FALSE;
      gboolean note = FALSE;
      AvsNotChecked *entry;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                       _("%s must be an object."), npath);
          return NULL;
        }
      nobject = json_node_get_object (node);
      if (!avs_json_check_members (nobject, npath, nc_members, error) ||
          !avs_json_get_string (nobject, npath, "what", TRUE, &what, error) ||
          !avs_json_get_string (nobject, npath, "reason", TRUE, &reason, error) ||
          !get_nullable_string (nobject, npath, "path", &path, error) ||
          !avs_json_get_bool (nobject, npath, "needs_admin", FALSE, &needs_admin, error) ||
          !avs_json_get_bool (nobject, npath, "note", FALSE, &note, error))
        return NULL;
      entry = avs_not_checked_new (what, reason, path, needs_admin);
      entry->note = note;
      avs_scan_result_add_not_checked (result, entry);
    }

  /* "clean" and "managed" are summaries for scripts; they must agree with the findings. */
  if (json_object_has_member (object, "clean") && clean != avs_scan_result_is_clean (result))
    {
      schema_error (error, "$", "clean", _("does not agree with the findings and what could not be checked."));
      return NULL;
    }
  if (outcome != NULL &&
      g_strcmp0 (outcome, avs_scan_outcome_to_string (avs_scan_result_get_outcome (result))) != 0)
    {
      schema_error (error, "$", "outcome", _("does not agree with the findings and what could not be checked."));
      return NULL;
    }
  if (json_object_has_member (object, "managed") && managed != avs_scan_result_is_managed (result))
    {
      schema_error (error, "$", "managed", _("does not agree with the findings."));
      return NULL;
    }

  return g_steal_pointer (&result);
}

AvsScanResult *
avs_scan_result_load_file (const char  *path,
                           GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  AvsScanResult *result;

  g_return_val_if_fail (path != NULL, NULL);

  root = avs_json_parse_file (path, error);
  if (root == NULL)
    return NULL;

  result = avs_scan_result_new_from_json (root, &local_error);
  if (result == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, local_error->domain, local_error->code,
                   /* Translators: %s is a file name, then what is wrong with it */
                   _("%s is not a valid scan: %s"), display, local_error->message);
      return NULL;
    }
  return result;
}
