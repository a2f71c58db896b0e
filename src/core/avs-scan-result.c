/* avs-scan-result.c — what a scan found: findings per product, evidence, what could not be checked
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "avs-finding-text.h"
#include "avs-json.h"
#include "avs-nick.h"
#include "avs-scan-result-private.h"

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

  /* What kind of thing it is says more to a reader than how it is installed: a root
   * certificate or a Windows installation is not "installed from files without a package". */
  return avs_finding_describe_kind (self);
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
