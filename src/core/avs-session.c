/* avs-session.c — one help session: what was scanned, what was found, what the user chose
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "avs-session.h"

struct _AvsSession
{
  GObject        parent_instance;

  char          *root;
  char          *rules_path;
  AvsScanResult *scan_result;
  AvsScanResult *first_scan_result;
  char          *replacement_id;
  char          *replacement_name;
  AvsExecutor   *executor;
  AvsCatalogProduct *replacement;
  char          *region;
  char          *catalog_url;
  gboolean       dry_run;
  gboolean       scan_as_admin;
  gboolean       it_installs;
  gboolean       continued_managed;
  gboolean       read_only;
  AvsScanResult *saved_final_scan;
};

G_DEFINE_FINAL_TYPE (AvsSession, avs_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROOT,
  PROP_RULES_PATH,
  PROP_SCAN_RESULT,
  PROP_REPLACEMENT_ID,
  PROP_REGION,
  PROP_DRY_RUN,
  PROP_CATALOG_URL,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
avs_session_finalize (GObject *object)
{
  AvsSession *self = AVS_SESSION (object);

  g_clear_pointer (&self->root, g_free);
  g_clear_pointer (&self->rules_path, g_free);
  g_clear_object (&self->scan_result);
  g_clear_object (&self->first_scan_result);
  g_clear_object (&self->saved_final_scan);
  g_clear_pointer (&self->replacement_id, g_free);
  g_clear_pointer (&self->replacement_name, g_free);
  g_clear_object (&self->executor);
  g_clear_object (&self->replacement);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->catalog_url, g_free);

  G_OBJECT_CLASS (avs_session_parent_class)->finalize (object);
}

static void
avs_session_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  AvsSession *self = AVS_SESSION (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      g_value_set_string (value, self->root);
      break;
    case PROP_RULES_PATH:
      g_value_set_string (value, self->rules_path);
      break;
    case PROP_SCAN_RESULT:
      g_value_set_object (value, self->scan_result);
      break;
    case PROP_REPLACEMENT_ID:
      g_value_set_string (value, self->replacement_id);
      break;
    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;
    case PROP_DRY_RUN:
      g_value_set_boolean (value, self->dry_run);
      break;
    case PROP_CATALOG_URL:
      g_value_set_string (value, self->catalog_url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
avs_session_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  AvsSession *self = AVS_SESSION (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      avs_session_set_root (self, g_value_get_string (value));
      break;
    case PROP_RULES_PATH:
      avs_session_set_rules_path (self, g_value_get_string (value));
      break;
    case PROP_SCAN_RESULT:
      avs_session_set_scan_result (self, g_value_get_object (value));
      break;
    case PROP_REPLACEMENT_ID:
      avs_session_set_replacement_id (self, g_value_get_string (value));
      break;
    case PROP_REGION:
      avs_session_set_region (self, g_value_get_string (value));
      break;
    case PROP_DRY_RUN:
      avs_session_set_dry_run (self, g_value_get_boolean (value));
      break;
    case PROP_CATALOG_URL:
      avs_session_set_catalog_url (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
avs_session_class_init (AvsSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = avs_session_finalize;
  object_class->get_property = avs_session_get_property;
  object_class->set_property = avs_session_set_property;

  properties [PROP_ROOT] =
    g_param_spec_string ("root", NULL, NULL, "/",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_RULES_PATH] =
    g_param_spec_string ("rules-path", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_SCAN_RESULT] =
    g_param_spec_object ("scan-result", NULL, NULL, AVS_TYPE_SCAN_RESULT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_REPLACEMENT_ID] =
    g_param_spec_string ("replacement-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_DRY_RUN] =
    g_param_spec_boolean ("dry-run", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_CATALOG_URL] =
    g_param_spec_string ("catalog-url", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
avs_session_init (AvsSession *self)
{
  self->root = g_strdup ("/");
}

AvsSession *
avs_session_new (void)
{
  return g_object_new (AVS_TYPE_SESSION, NULL);
}

const char *
avs_session_get_root (AvsSession *self)
{
  g_return_val_if_fail (AVS_IS_SESSION (self), NULL);
  return self->root;
}

void
avs_session_set_root (AvsSession *self,
                      const char *root)
{
  g_return_if_fail (AVS_IS_SESSION (self));
  if (replace_string (&self->root, root != NULL ? root : "/"))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ROOT]);
}

const char *
avs_session_get_rules_path (AvsSession *self)
{
  g_return_val_if_fail (AVS_IS_SESSION (self), NULL);
  return self->rules_path;
}

void
avs_session_set_rules_path (AvsSession *self,
                            const char *path)
{
  g_return_if_fail (AVS_IS_SESSION (self));
  if (replace_string (&self->rules_path, path))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RULES_PATH]);
}

AvsScanResult *
avs_session_get_scan_result (AvsSession *self)
{
  g_return_val_if_fail (AVS_IS_SESSION (self), NULL);
  return self->scan_result;
}

AvsScanResult *
avs_session_get_first_scan_result (AvsSession *self)
{
  g_return_val_if_fail (AVS_IS_SESSION (self), NULL);
  return self->first_scan_result;
}

void
avs_session_set_scan_result (AvsSession    *self,
                             AvsScanResult *result)
{
  g_return_if_fail (AVS_IS_SESSION (self));
  g_return_if_fail (result == NULL || AVS_IS_SCAN_RESULT (result));

  if (result != NULL && self->first_scan_result == NULL)
    self->first_scan_result = g_object_ref (result);
  if (g_set_object (&self->scan_result, result))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SCAN_RESULT]);
}

const char *
avs_session_get_replacement_id (AvsSession *self)
{
  g_return_val_if_fail (AVS_IS_SESSION (self), NULL);
  return self->replacement_id;
}

void
avs_session_set_replacement_id (AvsSession *self,
                                const char *product_id)
{
  g_return_if_fail (AVS_IS_SESSION (self));
  if (replace_string (&self->replacement_id, product_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_REPLACEMENT_ID]);
}

const char *
avs_session_get_region (AvsSession *self)
{
  g_return_val_if_fail (AVS_IS_SESSION (self), NULL);
  return self->region;
}

void
avs_session_set_region (AvsSession *self,
                        const char *region)
{
  g_return_if_fail (AVS_IS_SESSION (self));
  if (replace_string (&self->region, region))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_REGION]);
}

gboolean
avs_session_get_dry_run (AvsSession *self)
{
  g_return_val_if_fail (AVS_IS_SESSION (self), FALSE);
  return self->dry_run;
}

void
avs_session_set_dry_run (AvsSession *self,
                         gboolean    dry_run)
{
  g_return_if_fail (AVS_IS_SESSION (self));
  dry_run = !!dry_run;
  if (self->dry_run == dry_run)
    return;
  self->dry_run = dry_run;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DRY_RUN]);
}

const char *
avs_session_get_catalog_url (AvsSession *self)
{
  g_return_val_if_fail (AVS_IS_SESSION (self), NULL);
  return self->catalog_url;
}

void
avs_session_set_catalog_url (AvsSession *self,
                             const char *url)
{
  g_return_if_fail (AVS_IS_SESSION (self));
  if (replace_string (&self->catalog_url, url))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CATALOG_URL]);
}

gboolean
avs_session_get_scan_as_admin (AvsSession *self)
{
  g_return_val_if_fail (AVS_IS_SESSION (self), FALSE);
  return self->scan_as_admin;
}

void
avs_session_set_scan_as_admin (AvsSession *self,
                               gboolean    as_admin)
{
  g_return_if_fail (AVS_IS_SESSION (self));
  self->scan_as_admin = !!as_admin;
}

const char *
avs_session_get_replacement_name (AvsSession *self)
{
  g_return_val_if_fail (AVS_IS_SESSION (self), NULL);
  return self->replacement_name;
}

void
avs_session_set_replacement_name (AvsSession *self,
                                  const char *name)
{
  g_return_if_fail (AVS_IS_SESSION (self));
  replace_string (&self->replacement_name, name);
}

gboolean
avs_session_get_it_installs (AvsSession *self)
{
  g_return_val_if_fail (AVS_IS_SESSION (self), FALSE);
  return self->it_installs;
}

void
avs_session_set_it_installs (AvsSession *self,
                             gboolean    it_installs)
{
  g_return_if_fail (AVS_IS_SESSION (self));
  self->it_installs = it_installs;
}

gboolean
avs_session_get_continued_managed (AvsSession *self)
{
  g_return_val_if_fail (AVS_IS_SESSION (self), FALSE);
  return self->continued_managed;
}

void
avs_session_set_continued_managed (AvsSession *self,
                                   gboolean    continued)
{
  g_return_if_fail (AVS_IS_SESSION (self));
  self->continued_managed = continued;
}

gboolean
avs_session_get_read_only (AvsSession *self)
{
  g_return_val_if_fail (AVS_IS_SESSION (self), FALSE);
  return self->read_only;
}

void
avs_session_set_read_only (AvsSession *self,
                           gboolean    read_only)
{
  g_return_if_fail (AVS_IS_SESSION (self));
  self->read_only = read_only;
}

AvsScanResult *
avs_session_get_saved_final_scan (AvsSession *self)
{
  g_return_val_if_fail (AVS_IS_SESSION (self), NULL);
  return self->saved_final_scan;
}

void
avs_session_set_saved_final_scan (AvsSession    *self,
                                  AvsScanResult *result)
{
  g_return_if_fail (AVS_IS_SESSION (self));
  g_set_object (&self->saved_final_scan, result);
}

AvsExecutor *
avs_session_get_executor (AvsSession *self)
{
  g_return_val_if_fail (AVS_IS_SESSION (self), NULL);
  return self->executor;
}

void
avs_session_set_executor (AvsSession  *self,
                          AvsExecutor *executor)
{
  g_return_if_fail (AVS_IS_SESSION (self));
  g_return_if_fail (executor == NULL || AVS_IS_EXECUTOR (executor));
  g_set_object (&self->executor, executor);
}

AvsCatalogProduct *
avs_session_get_replacement (AvsSession *self)
{
  g_return_val_if_fail (AVS_IS_SESSION (self), NULL);
  return self->replacement;
}

void
avs_session_set_replacement (AvsSession        *self,
                             AvsCatalogProduct *product)
{
  g_return_if_fail (AVS_IS_SESSION (self));
  g_return_if_fail (product == NULL || AVS_IS_CATALOG_PRODUCT (product));
  g_set_object (&self->replacement, product);
}
