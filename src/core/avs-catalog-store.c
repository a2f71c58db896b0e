/* avs-catalog-store.c — the catalog in use: bundled, cached or fresh from the network
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Trust rules (docs/catalog.md, "Trust rules"; after fwupd, apt, freshclam and TUF):
 *  - the signature is checked over the raw bytes before anything is parsed;
 *  - a lower serial than the copy in hand is a rollback and is refused; an equal one is "up to
 *    date"; a "generated" time in the future or an "expires" time in the past is refused;
 *  - a refused download never replaces the last good copy; the cache is written atomically,
 *    and verified again whenever it is loaded;
 *  - at most one automatic refresh a day, exponential back-off after errors, and Retry-After
 *    honoured, all persisted in catalog-state.ini beside the cache.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "avs-catalog-store-internal.h"
#include "avs-catalog-store-private.h"
#include "avs-fileutil.h"
#include "avs-minisign.h"
#include "avs-timeline.h"

#define RESOURCE_JSON "/io/github/avswitch/AvSwitch/core/catalog/alternatives.json"
#define RESOURCE_SIG  RESOURCE_JSON ".minisig"
#define STATE_FILE "catalog-state.ini"
#define STATE_GROUP "catalog"

#define DEFAULT_IO_TIMEOUT 20               /* seconds of silence on a connection */
#define DEFAULT_DEADLINE_MS (90 * 1000)     /* the whole refresh, against a slow drip */

G_DEFINE_FINAL_TYPE (AvsCatalogStore, avs_catalog_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
avs_catalog_store_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AvsCatalogStore *self = AVS_CATALOG_STORE (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_SOURCE:
      g_value_set_int (value, self->source);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Tells the UI that another catalog is now in use. */
void
_avs_catalog_store_changed (AvsCatalogStore *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

static void
avs_catalog_store_finalize (GObject *object)
{
  AvsCatalogStore *self = AVS_CATALOG_STORE (object);

  g_free (self->url);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_pointer (&self->bundled_json, g_bytes_unref);
  g_clear_pointer (&self->bundled_sig, g_bytes_unref);
  g_free (self->cache_dir);
  g_clear_object (&self->tls_database);
  g_clear_object (&self->catalog);
  g_free (self->load_warning);
  g_clear_object (&self->session);
  g_free (self->etag);
  g_free (self->last_modified);
  g_clear_pointer (&self->last_checked, g_date_time_unref);
  g_clear_pointer (&self->not_before, g_date_time_unref);
  g_clear_pointer (&self->retry_after, g_date_time_unref);

  G_OBJECT_CLASS (avs_catalog_store_parent_class)->finalize (object);
}

static void
avs_catalog_store_class_init (AvsCatalogStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = avs_catalog_store_finalize;
  object_class->get_property = avs_catalog_store_get_property;

  /* The catalog in use (AvsCatalog); notified whenever another one takes its place. */
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, AVS_TYPE_CATALOG,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Where it came from (AvsCatalogSource). */
  properties[PROP_SOURCE] =
    g_param_spec_int ("source", NULL, NULL, AVS_CATALOG_SOURCE_BUNDLED, AVS_CATALOG_SOURCE_NETWORK,
                      AVS_CATALOG_SOURCE_BUNDLED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
avs_catalog_store_init (AvsCatalogStore *self)
{
  self->io_timeout = DEFAULT_IO_TIMEOUT;
  self->deadline_ms = DEFAULT_DEADLINE_MS;
}

AvsCatalogStore *
avs_catalog_store_new_full (const char *url,
                           GPtrArray  *trusted_keys,
                           GBytes     *bundled_json,
                           GBytes     *bundled_signature,
                           const char *cache_dir)
{
  AvsCatalogStore *self;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (trusted_keys != NULL, NULL);
  g_return_val_if_fail (bundled_json != NULL && bundled_signature != NULL, NULL);
  g_return_val_if_fail (cache_dir != NULL, NULL);

  self = g_object_new (AVS_TYPE_CATALOG_STORE, NULL);
  self->url = g_strdup (url);
  self->keys = g_ptr_array_ref (trusted_keys);
  self->bundled_json = g_bytes_ref (bundled_json);
  self->bundled_sig = g_bytes_ref (bundled_signature);
  self->cache_dir = g_strdup (cache_dir);
  return self;
}

AvsCatalogStore *
avs_catalog_store_new (const char *url)
{
  g_autoptr(GPtrArray) keys = avs_minisign_dup_catalog_keys ();
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GBytes) sig = NULL;
  g_autofree char *cache_dir = avs_cache_path ("catalog");

  g_return_val_if_fail (url != NULL, NULL);

  /* Both are compiled in; a lookup can only fail in a broken build, and then load() says so. */
  json = g_resources_lookup_data (RESOURCE_JSON, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  sig = g_resources_lookup_data (RESOURCE_SIG, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (json == NULL)
    json = g_bytes_new_static ("", 0);
  if (sig == NULL)
    sig = g_bytes_new_static ("", 0);

  return avs_catalog_store_new_full (url, keys, json, sig, cache_dir);
}

void
avs_catalog_store_set_tls_database (AvsCatalogStore *self,
                                    GTlsDatabase    *database)
{
  g_return_if_fail (AVS_IS_CATALOG_STORE (self));
  g_set_object (&self->tls_database, database);
  g_clear_object (&self->session);
}

void
avs_catalog_store_set_timeouts (AvsCatalogStore *self,
                                guint            io_timeout,
                                guint            deadline_ms)
{
  g_return_if_fail (AVS_IS_CATALOG_STORE (self));
  self->io_timeout = io_timeout;
  self->deadline_ms = deadline_ms;
  g_clear_object (&self->session);
}

/* ---- persisted state ---------------------------------------------------------------------- */

char *
_avs_catalog_store_cache_file (AvsCatalogStore *self,
                               const char      *name)
{
  return g_build_filename (self->cache_dir, name, NULL);
}

static GDateTime *
key_file_get_time (GKeyFile   *file,
                   const char *key)
{
  g_autofree char *value = g_key_file_get_string (file, STATE_GROUP, key, NULL);
  return value != NULL ? g_date_time_new_from_iso8601 (value, NULL) : NULL;
}

static void
key_file_set_time (GKeyFile   *file,
                   const char *key,
                   GDateTime  *time)
{
  if (time != NULL)
    {
      g_autofree char *value = g_date_time_format_iso8601 (time);
      g_key_file_set_string (file, STATE_GROUP, key, value);
    }
}

static char *
key_file_get_header (GKeyFile   *file,
                     const char *key)
{
  g_autofree char *value = g_key_file_get_string (file, STATE_GROUP, key, NULL);

  /* It goes back into a request header: printable ASCII only. */
  if (value == NULL || strlen (value) > 512)
    return NULL;
  for (const char *p = value; *p != '\0'; p++)
    if (*p < 0x20 || *p > 0x7e)
      return NULL;
  return g_steal_pointer (&value);
}

static void
load_state (AvsCatalogStore *self)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = _avs_catalog_store_cache_file (self, STATE_FILE);

  /* A missing or damaged state file only means: no conditional request, no back-off. */
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return;

  g_free (self->etag);
  self->etag = key_file_get_header (file, "etag");
  g_free (self->last_modified);
  self->last_modified = key_file_get_header (file, "last-modified");
  self->etag_serial = g_key_file_get_int64 (file, STATE_GROUP, "serial", NULL);
  g_clear_pointer (&self->last_checked, g_date_time_unref);
  self->last_checked = key_file_get_time (file, "last-checked");
  g_clear_pointer (&self->not_before, g_date_time_unref);
  self->not_before = key_file_get_time (file, "not-before");
  g_clear_pointer (&self->retry_after, g_date_time_unref);
  self->retry_after = key_file_get_time (file, "retry-after");
  self->failures = CLAMP (g_key_file_get_int64 (file, STATE_GROUP, "failures", NULL), 0, 64);
}

void
_avs_catalog_store_save_state (AvsCatalogStore *self)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = _avs_catalog_store_cache_file (self, STATE_FILE);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  if (self->etag != NULL)
    g_key_file_set_string (file, STATE_GROUP, "etag", self->etag);
  if (self->last_modified != NULL)
    g_key_file_set_string (file, STATE_GROUP, "last-modified", self->last_modified);
  g_key_file_set_int64 (file, STATE_GROUP, "serial", self->etag_serial);
  key_file_set_time (file, "last-checked", self->last_checked);
  key_file_set_time (file, "not-before", self->not_before);
  key_file_set_time (file, "retry-after", self->retry_after);
  g_key_file_set_int64 (file, STATE_GROUP, "failures", self->failures);

  data = g_key_file_to_data (file, &length, NULL);
  if (!avs_file_write_atomic (path, data, length, 0600, &error))
    g_warning ("%s", error->message);
}

void
_avs_catalog_store_forget_validators (AvsCatalogStore *self)
{
  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->last_modified, g_free);
  self->etag_serial = 0;
}

/* ---- loading ------------------------------------------------------------------------------ */

static GBytes *
read_capped (const char  *path,
             gsize        cap,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = g_filename_display_name (path);
  char *contents = NULL;
  gsize length = 0;
  GStatBuf st;

  if (g_stat (path, &st) == 0 && (guint64) st.st_size > cap)
    {
      g_autofree char *limit = g_format_size (cap);
      g_set_error (error, AVS_CATALOG_ERROR, AVS_CATALOG_ERROR_TOO_LARGE,
                   _("%s is larger than %s, so it was not read."), display, limit);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, AVS_CATALOG_ERROR, AVS_CATALOG_ERROR_FAILED,
                   /* Translators: %s is a file name, then the system's reason */
                   _("Could not read %s: %s"), display, local_error->message);
      return NULL;
    }
  return g_bytes_new_take (contents, length);
}

static void
remove_cache (AvsCatalogStore *self)
{
  g_autofree char *json = _avs_catalog_store_cache_file (self, CACHE_JSON);
  g_autofree char *sig = _avs_catalog_store_cache_file (self, CACHE_SIG);

  g_unlink (json);
  g_unlink (sig);
  _avs_catalog_store_forget_validators (self);
}

gboolean
avs_catalog_store_load (AvsCatalogStore  *self,
                        GError          **error)
{
  g_autoptr(AvsCatalog) bundled = NULL;
  g_autoptr(AvsCatalog) cached = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *json_path = _avs_catalog_store_cache_file (self, CACHE_JSON);
  g_autofree char *sig_path = _avs_catalog_store_cache_file (self, CACHE_SIG);

  g_return_val_if_fail (AVS_IS_CATALOG_STORE (self), FALSE);

  g_clear_pointer (&self->load_warning, g_free);

  bundled = avs_catalog_new_from_signed (self->bundled_json, self->bundled_sig, self->keys,
                                         _("the catalog bundled with AV Switch"), &local_error);
  if (bundled == NULL)
    {
      g_set_error (error, AVS_CATALOG_ERROR, AVS_CATALOG_ERROR_FAILED,
                   /* Translators: %s is the reason */
                   _("This installation of AV Switch is damaged: %s Reinstall AV Switch."),
                   local_error->message);
      return FALSE;
    }

  load_state (self);

  if (g_file_test (json_path, G_FILE_TEST_EXISTS) || g_file_test (sig_path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GBytes) json = read_capped (json_path, AVS_CATALOG_MAX_SIZE, &local_error);
      g_autoptr(GBytes) sig = json != NULL ?
        read_capped (sig_path, AVS_MINISIGN_MAX_SIGNATURE_FILE, &local_error) : NULL;
      g_autofree char *display = g_filename_display_name (json_path);

      if (sig != NULL)
        cached = avs_catalog_new_from_signed (json, sig, self->keys, display, &local_error);

      if (cached == NULL)
        {
          /* A damaged or half-written cache is set aside; the bundled copy takes over and the
           * next refresh downloads the whole catalog again. */
          self->load_warning =
            g_strdup_printf (_("The saved copy of the catalog could not be used and was removed: "
                               "%s The catalog bundled with AV Switch is used until the next "
                               "refresh."), local_error->message);
          remove_cache (self);
          _avs_catalog_store_save_state (self);
        }
    }

  g_clear_object (&self->catalog);
  if (cached != NULL && avs_catalog_get_serial (cached) > avs_catalog_get_serial (bundled))
    {
      self->catalog = g_steal_pointer (&cached);
      self->source = AVS_CATALOG_SOURCE_CACHE;
    }
  else
    {
      self->catalog = g_steal_pointer (&bundled);
      self->source = AVS_CATALOG_SOURCE_BUNDLED;
    }
  _avs_catalog_store_changed (self);

  return TRUE;
}

/* ---- getters and messages ----------------------------------------------------------------- */

const char *
avs_catalog_store_get_url (AvsCatalogStore *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_STORE (self), NULL);
  return self->url;
}

AvsCatalog *
avs_catalog_store_get_catalog (AvsCatalogStore *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_STORE (self), NULL);
  return self->catalog;
}

AvsCatalogSource
avs_catalog_store_get_source (AvsCatalogStore *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_STORE (self), AVS_CATALOG_SOURCE_BUNDLED);
  return self->source;
}

GDateTime *
avs_catalog_store_get_last_checked (AvsCatalogStore *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_STORE (self), NULL);
  return self->last_checked;
}

const char *
avs_catalog_store_get_load_warning (AvsCatalogStore *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_STORE (self), NULL);
  return self->load_warning;
}

guint64
avs_catalog_store_get_last_transfer_size (AvsCatalogStore *self)
{
  g_return_val_if_fail (AVS_IS_CATALOG_STORE (self), 0);
  return self->last_transfer;
}

const char *
avs_catalog_source_to_string (AvsCatalogSource source)
{
  switch (source)
    {
    case AVS_CATALOG_SOURCE_BUNDLED:
      return "bundled";
    case AVS_CATALOG_SOURCE_CACHE:
      return "cache";
    case AVS_CATALOG_SOURCE_NETWORK:
      return "network";
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
avs_catalog_format_age (GDateTime *then,
                        GDateTime *now)
{
  GTimeSpan span = g_date_time_difference (now, then);
  gint64 n;

  if (span < 0)
    return g_strdup (_("in the future"));
  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (_("just now"));
  if (span < G_TIME_SPAN_HOUR)
    {
      n = span / G_TIME_SPAN_MINUTE;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", n), (int) n);
    }
  if (span < G_TIME_SPAN_DAY)
    {
      n = span / G_TIME_SPAN_HOUR;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", n), (int) n);
    }
  n = span / G_TIME_SPAN_DAY;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", n), (int) MIN (n, G_MAXINT));
}

char *
avs_catalog_store_describe (AvsCatalogStore *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *made = NULL;
  g_autofree char *age = NULL;
  int serial;

  g_return_val_if_fail (AVS_IS_CATALOG_STORE (self), NULL);
  g_return_val_if_fail (self->catalog != NULL, NULL);

  serial = (int) CLAMP (avs_catalog_get_serial (self->catalog), 0, G_MAXINT);
  made = avs_format_date (avs_catalog_get_generated (self->catalog));
  age = avs_catalog_format_age (avs_catalog_get_generated (self->catalog), now);

  switch (self->source)
    {
    case AVS_CATALOG_SOURCE_BUNDLED:
      /* Translators: "Catalog 3, bundled with AV Switch, made on 27 November 2026 (2 days ago)." */
      g_string_append_printf (text, _("Catalog %d, bundled with AV Switch, made on %s (%s)."),
                              serial, made, age);
      break;
    case AVS_CATALOG_SOURCE_CACHE:
      g_string_append_printf (text, _("Catalog %d, saved from an earlier download, made on %s (%s)."),
                              serial, made, age);
      break;
    case AVS_CATALOG_SOURCE_NETWORK:
      g_string_append_printf (text, _("Catalog %d, just downloaded, made on %s (%s)."),
                              serial, made, age);
      break;
    default:
      g_assert_not_reached ();
    }

  if (self->last_checked != NULL)
    {
      g_autofree char *checked = avs_catalog_format_age (self->last_checked, now);
      g_string_append (text, " ");
      /* Translators: %s is an age such as "3 hours ago" */
      g_string_append_printf (text, _("The catalog server was last checked %s."), checked);
    }
  else
    {
      g_string_append (text, " ");
      g_string_append (text, _("The catalog server has not been checked yet."));
    }

  if (avs_catalog_is_expired (self->catalog, now))
    {
      g_autofree char *expired = avs_format_date (avs_catalog_get_expires (self->catalog));
      g_string_append (text, " ");
      g_string_append_printf (text,
                              _("It expired on %s and no newer catalog could be obtained, so "
                                "some of its information may be out of date."), expired);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
avs_catalog_store_configured_url (const char *option)
{
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  if (option != NULL && *option != '\0')
    return g_strdup (option);

  /* g_settings_new() aborts on a missing schema (an uninstalled build, a bare CLI): look first. */
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, "catalog-url"))
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_autofree char *url = g_settings_get_string (settings, "catalog-url");

      if (url != NULL && *url != '\0')
        return g_steal_pointer (&url);
    }
  return g_strdup (CATALOG_URL);
}
