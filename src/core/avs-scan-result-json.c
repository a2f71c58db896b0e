/* avs-scan-result-json.c — the "avswitch-scan/1" document: writing a scan result, loading one
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A saved scan comes from a file the user (or anyone who could write it) controls, so loading is
 * strict: unknown members, wrong types and summaries that disagree with the findings are refused.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "avs-json.h"
#include "avs-scan-result-private.h"

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
      !avs_json_get_nullable_string (object, path, "version", &version, error) ||
      !avs_json_get_string (object, path, "state", TRUE, &state, error) ||
      !avs_json_get_bool (object, path, "running", FALSE, &running, error) ||
      !avs_json_get_bool (object, path, "managed", FALSE, &managed, error) ||
      !avs_json_get_nullable_string (object, path, "management_server", &server, error) ||
      !avs_json_get_nullable_time (object, path, "signatures_updated", &updated, error) ||
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
          !avs_json_get_nullable_string (eobject, epath, "detail", &detail, error))
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

/* $.findings: each finding, a product at most once. */
static gboolean
add_findings_from_json (AvsScanResult  *result,
                        JsonArray      *findings,
                        GError        **error)
{
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      g_autofree char *fpath = g_strdup_printf ("$.findings[%u]", i);
      JsonNode *node = json_array_get_element (findings, i);
      g_autoptr(AvsFinding) finding = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                       _("%s must be an object."), fpath);
          return FALSE;
        }
      finding = finding_from_json (json_node_get_object (node), fpath, error);
      if (finding == NULL)
        return FALSE;
      if (avs_scan_result_find (result, avs_finding_get_product_id (finding)) != NULL)
        {
          schema_error (error, fpath, "product", _("this product is listed twice."));
          return FALSE;
        }
      avs_scan_result_add_finding (result, finding);
    }
  return TRUE;
}

/* $.not_checked: what the scan could not check, and the notes. */
static gboolean
add_not_checked_from_json (AvsScanResult  *result,
                           JsonArray      *not_checked,
                           GError        **error)
{
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
          return FALSE;
        }
      nobject = json_node_get_object (node);
      if (!avs_json_check_members (nobject, npath, nc_members, error) ||
          !avs_json_get_string (nobject, npath, "what", TRUE, &what, error) ||
          !avs_json_get_string (nobject, npath, "reason", TRUE, &reason, error) ||
          !avs_json_get_nullable_string (nobject, npath, "path", &path, error) ||
          !avs_json_get_bool (nobject, npath, "needs_admin", FALSE, &needs_admin, error) ||
          !avs_json_get_bool (nobject, npath, "note", FALSE, &note, error))
        return FALSE;
      entry = avs_not_checked_new (what, reason, path, needs_admin);
      entry->note = note;
      avs_scan_result_add_not_checked (result, entry);
    }
  return TRUE;
}

static gboolean
check_summaries (JsonObject     *object,
                 AvsScanResult  *result,
                 gboolean        clean,
                 const char     *outcome,
                 gboolean        managed,
                 GError        **error)
{
  /* "clean" and "managed" are summaries for scripts; they must agree with the findings. */
  if (json_object_has_member (object, "clean") && clean != avs_scan_result_is_clean (result))
    {
      schema_error (error, "$", "clean", _("does not agree with the findings and what could not be checked."));
      return FALSE;
    }
  if (outcome != NULL &&
      g_strcmp0 (outcome, avs_scan_outcome_to_string (avs_scan_result_get_outcome (result))) != 0)
    {
      schema_error (error, "$", "outcome", _("does not agree with the findings and what could not be checked."));
      return FALSE;
    }
  if (json_object_has_member (object, "managed") && managed != avs_scan_result_is_managed (result))
    {
      schema_error (error, "$", "managed", _("does not agree with the findings."));
      return FALSE;
    }
  return TRUE;
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
      !avs_json_get_nullable_time (object, "$", "scanned_at", &scanned_at, error) ||
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
      !avs_json_get_nullable_string (host, "$.host", "version_id", &version_id, error) ||
      !avs_json_get_nullable_string (host, "$.host", "pretty_name", &pretty_name, error) ||
      !avs_json_get_nullable_string (host, "$.host", "package_manager", &package_manager, error))
    return NULL;

  result = avs_scan_result_new (root_path);
  avs_scan_result_set_live (result, live);
  if (scanned_at != NULL)
    avs_scan_result_set_scanned_at (result, scanned_at);
  avs_scan_result_set_host (result, id, (const char * const *) id_like, version_id, pretty_name,
                            package_manager);

  if (!add_findings_from_json (result, findings, error) ||
      !add_not_checked_from_json (result, not_checked, error) ||
      !check_summaries (object, result, clean, outcome, managed, error))
    return NULL;

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
