/* avs-catalog-fetch.c — refreshing the catalog store over the network
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The download half of AvsCatalogStore (avs-catalog-store.c has the trust rules): HTTPS, or
 * plain HTTP to this machine only; redirects followed by hand and checked; a conditional request
 * with the saved validators; the size caps; one deadline for the whole refresh; back-off after
 * errors and Retry-After, persisted through the store's state file.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "avs-catalog-store-internal.h"
#include "avs-fileutil.h"
#include "avs-minisign.h"
#include "avs-text.h"
#include "avs-timeline.h"

#define READ_CHUNK (16 * 1024)
#define MAX_REDIRECTS 5
#define BACKOFF_FIRST (15 * G_TIME_SPAN_MINUTE)
#define BACKOFF_MAX AVS_CATALOG_REFRESH_INTERVAL
#define RETRY_AFTER_MAX (7 * G_TIME_SPAN_DAY)

/* ---- refreshing --------------------------------------------------------------------------- */

typedef struct
{
  GCancellable  *cancellable;       /* ours: cancelled by the caller's, or by the deadline */
  GCancellable  *caller_cancellable;
  gulong         caller_handler;
  GSource       *deadline;
  gboolean       deadline_hit;
  gboolean       force;

  SoupMessage   *message;
  GInputStream  *stream;
  GByteArray    *body;
  goffset        expected_length;   /* -1 when unknown */
  char          *request_url;
  char          *json_url;          /* after redirects */
  guint          redirects;
  gboolean       fetching_signature;
  gboolean       conditional;
  GBytes        *json;
  char          *etag;
  char          *last_modified;
} RefreshData;

static void
refresh_data_free (RefreshData *data)
{
  if (data->caller_cancellable != NULL)
    g_cancellable_disconnect (data->caller_cancellable, data->caller_handler);
  g_clear_object (&data->caller_cancellable);
  if (data->deadline != NULL)
    {
      g_source_destroy (data->deadline);
      g_source_unref (data->deadline);
    }
  g_clear_object (&data->cancellable);
  g_clear_object (&data->message);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->body, g_byte_array_unref);
  g_free (data->request_url);
  g_free (data->json_url);
  g_clear_pointer (&data->json, g_bytes_unref);
  g_free (data->etag);
  g_free (data->last_modified);
  g_free (data);
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* HTTPS, or plain HTTP to this machine only (for tests and local mirrors). */
static gboolean
url_is_allowed (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);

  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  return g_ascii_strcasecmp (scheme, "http") == 0 && is_loopback_host (g_uri_get_host (uri));
}

static void
record_failure (AvsCatalogStore *self,
                SoupMessage     *message)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan wait;

  self->failures = MIN (self->failures + 1, 64);
  wait = BACKOFF_FIRST;
  for (gint64 i = 1; i < self->failures && wait < BACKOFF_MAX; i++)
    wait *= 2;
  wait = MIN (wait, BACKOFF_MAX);
  g_clear_pointer (&self->not_before, g_date_time_unref);
  self->not_before = g_date_time_add (now, wait);

  /* Retry-After: seconds or an HTTP date; honoured even when the user asks, capped. */
  if (message != NULL)
    {
      const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                        "Retry-After");
      g_autoptr(GDateTime) until = NULL;

      if (value != NULL)
        {
          char *end = NULL;
          guint64 seconds = g_ascii_strtoull (value, &end, 10);

          if (end != value && *end == '\0')
            until = g_date_time_add (now, (GTimeSpan) MIN (seconds, (guint64) (RETRY_AFTER_MAX / G_TIME_SPAN_SECOND)) * G_TIME_SPAN_SECOND);
          else
            until = soup_date_time_new_from_http_string (value);
        }
      if (until != NULL)
        {
          g_autoptr(GDateTime) cap = g_date_time_add (now, RETRY_AFTER_MAX);
          g_clear_pointer (&self->retry_after, g_date_time_unref);
          self->retry_after = g_date_time_ref (g_date_time_compare (until, cap) > 0 ? cap : until);
        }
    }

  _avs_catalog_store_save_state (self);
}

static void
record_success (AvsCatalogStore *self)
{
  self->failures = 0;
  g_clear_pointer (&self->not_before, g_date_time_unref);
  g_clear_pointer (&self->retry_after, g_date_time_unref);
  g_clear_pointer (&self->last_checked, g_date_time_unref);
  self->last_checked = g_date_time_new_now_utc ();
  _avs_catalog_store_save_state (self);
}

static void
fail (GTask  *task,
      GError *error)
{
  AvsCatalogStore *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);

  self->refreshing = FALSE;
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    record_failure (self, data->message);
  g_task_return_error (task, error);
}

static void
fail_with (GTask      *task,
           int         code,
           const char *format,
           ...) G_GNUC_PRINTF (3, 4);

static void
fail_with (GTask      *task,
           int         code,
           const char *format,
           ...)
{
  va_list args;
  GError *error;

  va_start (args, format);
  error = g_error_new_valist (AVS_CATALOG_ERROR, code, format, args);
  va_end (args);
  fail (task, error);
}

typedef struct
{
  AvsCatalogRefresh  refresh;
  char              *message;
} RefreshOutcome;

static void
refresh_outcome_free (RefreshOutcome *outcome)
{
  g_free (outcome->message);
  g_free (outcome);
}

static void
succeed (GTask             *task,
         AvsCatalogRefresh  refresh,
         char              *message)
{
  AvsCatalogStore *self = g_task_get_source_object (task);
  RefreshOutcome *outcome = g_new0 (RefreshOutcome, 1);

  self->refreshing = FALSE;
  outcome->refresh = refresh;
  outcome->message = message;
  g_task_return_pointer (task, outcome, (GDestroyNotify) refresh_outcome_free);
}

/* Turns a transport error into one of the documented outcomes. */
static void
fail_transport (GTask        *task,
                const GError *error)
{
  AvsCatalogStore *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);
  /* Addresses inside sentences keep their order in a right-to-left translation. */
  g_autofree char *url = avs_text_isolate (data->request_url);

  if (data->deadline_hit)
    {
      guint seconds = MAX (1u, (self->deadline_ms + 999) / 1000);
      fail_with (task, AVS_CATALOG_ERROR_TIMED_OUT,
                 /* Translators: %s is a web address, %u a number of seconds */
                 g_dngettext (GETTEXT_PACKAGE,
                              "The download from %s took longer than %u second and was stopped.",
                              "The download from %s took longer than %u seconds and was stopped.",
                              seconds),
                 url, seconds);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    fail (task, g_error_copy (error));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    fail_with (task, AVS_CATALOG_ERROR_TIMED_OUT,
               /* Translators: %s is a web address, %u a number of seconds */
               g_dngettext (GETTEXT_PACKAGE,
                            "The catalog server at %s did not answer within %u second.",
                            "The catalog server at %s did not answer within %u seconds.",
                            self->io_timeout),
               url, self->io_timeout);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    fail_with (task, AVS_CATALOG_ERROR_TRUNCATED,
               _("The download from %s was cut off before the end (%s)."), url, error->message);
  else if (error->domain == G_TLS_ERROR)
    fail_with (task, AVS_CATALOG_ERROR_TLS,
               _("A secure connection to %s could not be made: %s"), url, error->message);
  else
    fail_with (task, AVS_CATALOG_ERROR_OFFLINE,
               /* Translators: %s is a web address, then the system's reason */
               _("Could not reach the catalog server at %s (%s). This computer may be offline; "
                 "the catalog in hand is still used."), url, error->message);
}

/* Both files reach the disk under temporary names before either replaces the saved pair, so a
 * full disk, a read-only folder or a crash while writing leaves the last saved pair whole; only
 * two renames separate the old pair from the new. (A pair that does not match, after a crash
 * between them, fails verification on the next load and the bundled copy is used.) */
static gboolean
save_pair (const char  *json_path,
           GBytes      *json,
           const char  *sig_path,
           GBytes      *sig,
           GError     **error)
{
  g_autofree char *json_new = g_strconcat (json_path, ".new", NULL);
  g_autofree char *sig_new = g_strconcat (sig_path, ".new", NULL);
  const char *failed = NULL;
  int saved_errno = 0;
  const void *bytes;
  gsize length;

  bytes = g_bytes_get_data (json, &length);
  if (!avs_file_write_atomic (json_new, bytes, length, 0600, error))
    goto fail;
  bytes = g_bytes_get_data (sig, &length);
  if (!avs_file_write_atomic (sig_new, bytes, length, 0600, error))
    goto fail;

  if (g_rename (sig_new, sig_path) != 0)
    failed = sig_path;
  else if (g_rename (json_new, json_path) != 0)
    failed = json_path;
  if (failed == NULL)
    return TRUE;

  saved_errno = errno;
  {
    g_autofree char *display = g_filename_display_name (failed);
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                 /* Translators: %s is a file name, then the system's reason */
                 _("Could not save %s: %s"), display, g_strerror (saved_errno));
  }

fail:
  g_unlink (json_new);
  g_unlink (sig_new);
  return FALSE;
}

static void start_request (GTask *task, const char *url);

static void
process_download (GTask  *task,
                  GBytes *signature)
{
  AvsCatalogStore *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(AvsCatalog) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) save_error = NULL;
  g_autofree char *json_path = _avs_catalog_store_cache_file (self, CACHE_JSON);
  g_autofree char *sig_path = _avs_catalog_store_cache_file (self, CACHE_SIG);
  g_autofree char *made = NULL;
  gint64 serial, current;

  fresh = avs_catalog_new_from_signed (data->json, signature, self->keys, data->json_url, &error);
  if (fresh == NULL || !avs_catalog_check_times (fresh, now, data->json_url, &error))
    {
      fail (task, g_steal_pointer (&error));
      return;
    }

  serial = avs_catalog_get_serial (fresh);
  current = avs_catalog_get_serial (self->catalog);
  if (serial < current)
    {
      g_autofree char *at = avs_text_isolate (data->json_url);

      fail_with (task, AVS_CATALOG_ERROR_ROLLBACK,
                 /* Translators: %s is a web address, the numbers are catalog serial numbers */
                 _("The catalog from %s (number %d) is older than the copy in hand (number %d), "
                   "so it was not used."), at,
                 (int) CLAMP (serial, 0, G_MAXINT), (int) CLAMP (current, 0, G_MAXINT));
      return;
    }

  /* Worth remembering for a conditional request next time: it is verified and not older. */
  g_free (self->etag);
  self->etag = g_steal_pointer (&data->etag);
  g_free (self->last_modified);
  self->last_modified = g_steal_pointer (&data->last_modified);
  self->etag_serial = serial;

  if (serial == current)
    {
      record_success (self);
      succeed (task, AVS_CATALOG_REFRESH_UP_TO_DATE,
               g_strdup_printf (_("The catalog is up to date (number %d)."),
                                (int) CLAMP (serial, 0, G_MAXINT)));
      return;
    }

  save_pair (json_path, data->json, sig_path, signature, &save_error);

  g_set_object (&self->catalog, fresh);
  self->source = AVS_CATALOG_SOURCE_NETWORK;
  _avs_catalog_store_changed (self);
  if (save_error != NULL)
    _avs_catalog_store_forget_validators (self);
  record_success (self);

  made = avs_format_date (avs_catalog_get_generated (fresh));
  if (save_error == NULL)
    succeed (task, AVS_CATALOG_REFRESH_UPDATED,
             /* Translators: a catalog number, then a date */
             g_strdup_printf (_("The catalog was updated to number %d, made on %s."),
                              (int) CLAMP (serial, 0, G_MAXINT), made));
  else
    succeed (task, AVS_CATALOG_REFRESH_UPDATED,
             g_strdup_printf (_("The catalog was updated to number %d, made on %s, but it could "
                                "not be saved for the next start: %s"),
                              (int) CLAMP (serial, 0, G_MAXINT), made, save_error->message));
}

static void
body_complete (GTask *task)
{
  RefreshData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sig_url = NULL;

  if (data->expected_length >= 0 && (goffset) data->body->len != data->expected_length)
    {
      g_autofree char *at = avs_text_isolate (data->request_url);

      fail_with (task, AVS_CATALOG_ERROR_TRUNCATED,
                 /* Translators: %s is a web address, then two byte counts */
                 _("The download from %s was cut off before the end (%u of %u bytes)."),
                 at, data->body->len, (guint) data->expected_length);
      return;
    }

  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&data->body));
  g_clear_object (&data->stream);

  if (data->fetching_signature)
    {
      process_download (task, bytes);
      return;
    }

  data->json = g_steal_pointer (&bytes);
  data->fetching_signature = TRUE;
  data->redirects = 0;
  sig_url = g_strconcat (data->json_url, ".minisig", NULL);
  start_request (task, sig_url);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AvsCatalogStore *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = NULL;
  gsize cap = data->fetching_signature ? AVS_MINISIGN_MAX_SIGNATURE_FILE : AVS_CATALOG_MAX_SIZE;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      fail_transport (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      body_complete (task);
      return;
    }

  self->last_transfer += g_bytes_get_size (chunk);
  if (data->body->len + g_bytes_get_size (chunk) > cap)
    {
      g_autofree char *limit = g_format_size (cap);
      g_autofree char *at = avs_text_isolate (data->request_url);
      /* Stop reading at once: whatever else the server sends is never read. */
      g_cancellable_cancel (data->cancellable);
      fail_with (task, AVS_CATALOG_ERROR_TOO_LARGE,
                 /* Translators: %s is a web address, then a size such as "2.1 MB" */
                 _("The file at %s is larger than %s, so the download was stopped."),
                 at, limit);
      return;
    }

  g_byte_array_append (data->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   data->cancellable, read_cb, g_steal_pointer (&task));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AvsCatalogStore *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  guint status;
  gsize cap = data->fetching_signature ? AVS_MINISIGN_MAX_SIGNATURE_FILE : AVS_CATALOG_MAX_SIZE;
  g_autofree char *at = NULL;

  data->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (data->stream == NULL)
    {
      fail_transport (task, error);
      return;
    }

  status = soup_message_get_status (data->message);
  headers = soup_message_get_response_headers (data->message);
  /* The address inside sentences keeps its order in a right-to-left translation. */
  at = avs_text_isolate (data->request_url);

  if (SOUP_STATUS_IS_REDIRECTION (status) && status != SOUP_STATUS_NOT_MODIFIED)
    {
      const char *location = soup_message_headers_get_one (headers, "Location");
      g_autoptr(GUri) target = NULL;

      if (location != NULL)
        target = g_uri_parse_relative (soup_message_get_uri (data->message), location,
                                       G_URI_FLAGS_NONE, NULL);
      if (target == NULL)
        {
          fail_with (task, AVS_CATALOG_ERROR_HTTP,
                     _("The catalog server at %s sent a redirection without a valid address."),
                     at);
          return;
        }
      /* Never from HTTPS down to plain HTTP; plain HTTP stays on this machine. */
      if (!url_is_allowed (target) ||
          (g_ascii_strcasecmp (g_uri_get_scheme (soup_message_get_uri (data->message)), "https") == 0 &&
           g_ascii_strcasecmp (g_uri_get_scheme (target), "https") != 0))
        {
          g_autofree char *shown = g_uri_to_string (target);
          g_autofree char *shown_at = avs_text_isolate (shown);
          fail_with (task, AVS_CATALOG_ERROR_INSECURE,
                     /* Translators: both %s are web addresses */
                     _("The catalog server at %s redirected to %s, which is not a secure (HTTPS) "
                       "address, so the download was stopped."), at, shown_at);
          return;
        }
      if (++data->redirects > MAX_REDIRECTS)
        {
          fail_with (task, AVS_CATALOG_ERROR_HTTP,
                     _("The catalog server at %s redirected too many times."), at);
          return;
        }
      {
        g_autofree char *next = g_uri_to_string (target);
        g_clear_object (&data->stream);
        start_request (task, next);
      }
      return;
    }

  if (status == SOUP_STATUS_NOT_MODIFIED && data->conditional && !data->fetching_signature)
    {
      /* Nothing to read: the copy in hand is current. */
      record_success (self);
      succeed (task, AVS_CATALOG_REFRESH_UP_TO_DATE,
               g_strdup_printf (_("The catalog is up to date (number %d)."),
                                (int) CLAMP (avs_catalog_get_serial (self->catalog), 0, G_MAXINT)));
      return;
    }

  if (status != SOUP_STATUS_OK)
    {
      const char *reason = soup_message_get_reason_phrase (data->message);
      fail_with (task, AVS_CATALOG_ERROR_HTTP,
                 /* Translators: %s is a web address, %u an HTTP status such as 404, then its name */
                 _("The catalog server at %s answered %u (%s)."), at, status,
                 reason != NULL && *reason != '\0' ? reason : soup_status_get_phrase (status));
      return;
    }

  data->expected_length = -1;
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_one (headers, "Content-Encoding") == NULL)
    {
      goffset length = soup_message_headers_get_content_length (headers);
      if ((guint64) length > cap)
        {
          g_autofree char *limit = g_format_size (cap);
          fail_with (task, AVS_CATALOG_ERROR_TOO_LARGE,
                     _("The file at %s is larger than %s, so the download was stopped."),
                     at, limit);
          return;
        }
      data->expected_length = length;
    }

  if (!data->fetching_signature)
    {
      g_free (data->json_url);
      data->json_url = g_strdup (data->request_url);
      g_free (data->etag);
      data->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
      g_free (data->last_modified);
      data->last_modified = g_strdup (soup_message_headers_get_one (headers, "Last-Modified"));
    }

  data->body = g_byte_array_new ();
  g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   data->cancellable, read_cb, g_steal_pointer (&task));
}

static void
ensure_session (AvsCatalogStore *self)
{
  if (self->session != NULL)
    return;

  /* The system proxy settings apply: "proxy-resolver" is left at its default. */
  self->session = soup_session_new_with_options ("user-agent", "AVSwitch/" PACKAGE_VERSION,
                                                 "timeout", self->io_timeout,
                                                 "idle-timeout", self->io_timeout,
                                                 NULL);
  if (self->tls_database != NULL)
    soup_session_set_tls_database (self->session, self->tls_database);
}

static void
start_request (GTask      *task,
               const char *url)
{
  AvsCatalogStore *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  g_free (data->request_url);
  data->request_url = g_strdup (url);
  g_clear_object (&data->message);
  data->message = soup_message_new (SOUP_METHOD_GET, url);
  if (data->message == NULL)
    {
      g_autofree char *at = avs_text_isolate (url);

      fail_with (task, AVS_CATALOG_ERROR_INSECURE, _("“%s” is not a valid web address."), at);
      return;
    }
  /* Redirects are followed by hand, so that each target is checked. */
  soup_message_set_flags (data->message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (data->message);
  soup_message_headers_replace (headers, "Accept", "application/json, */*;q=0.1");

  /* The validators belong to a verified download whose serial is the one in use (a cached copy,
   * or one equal to the bundled copy), so a 304 means the server has nothing newer. */
  data->conditional = FALSE;
  if (!data->fetching_signature && self->etag_serial == avs_catalog_get_serial (self->catalog))
    {
      if (self->etag != NULL)
        soup_message_headers_replace (headers, "If-None-Match", self->etag);
      if (self->last_modified != NULL)
        soup_message_headers_replace (headers, "If-Modified-Since", self->last_modified);
      data->conditional = self->etag != NULL || self->last_modified != NULL;
    }

  ensure_session (self);
  soup_session_send_async (self->session, data->message, G_PRIORITY_DEFAULT, data->cancellable,
                           send_cb, g_object_ref (task));
}

static gboolean
deadline_cb (gpointer user_data)
{
  RefreshData *data = user_data;

  data->deadline_hit = TRUE;
  g_cancellable_cancel (data->cancellable);
  g_clear_pointer (&data->deadline, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

void
avs_catalog_store_refresh_async (AvsCatalogStore     *self,
                                 gboolean             force,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GUri) uri = NULL;
  RefreshData *data;

  g_return_if_fail (AVS_IS_CATALOG_STORE (self));
  g_return_if_fail (self->catalog != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, avs_catalog_store_refresh_async);
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (RefreshData, 1);
  data->force = force;
  data->cancellable = g_cancellable_new ();
  data->expected_length = -1;
  g_task_set_task_data (task, data, (GDestroyNotify) refresh_data_free);

  if (self->refreshing)
    {
      g_task_return_new_error (task, AVS_CATALOG_ERROR, AVS_CATALOG_ERROR_FAILED,
                               _("The catalog is already being refreshed."));
      return;
    }

  self->last_transfer = 0;

  uri = g_uri_parse (self->url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || !url_is_allowed (uri))
    {
      g_autofree char *at = avs_text_isolate (self->url);

      g_task_return_new_error (task, AVS_CATALOG_ERROR, AVS_CATALOG_ERROR_INSECURE,
                               /* Translators: %s is what was given as the catalog address */
                               _("The catalog address “%s” is not a secure (HTTPS) web address, "
                                 "so it was not contacted."), at);
      return;
    }

  /* The server asked to wait: honoured even when the user asks. */
  if (self->retry_after != NULL && g_date_time_compare (now, self->retry_after) < 0)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (self->retry_after);
      g_autofree char *until = avs_format_date_time (local);
      if (force)
        g_task_return_new_error (task, AVS_CATALOG_ERROR, AVS_CATALOG_ERROR_BACKING_OFF,
                                 /* Translators: %s is a date and time */
                                 _("The catalog server asked not to be contacted again before %s. "
                                   "The catalog in hand is still used."), until);
      else
        succeed (task, AVS_CATALOG_REFRESH_NOT_DUE,
                 g_strdup_printf (_("The catalog server asked not to be contacted again before %s."),
                                  until));
      return;
    }

  if (!force)
    {
      if (self->not_before != NULL && g_date_time_compare (now, self->not_before) < 0)
        {
          g_autoptr(GDateTime) local = g_date_time_to_local (self->not_before);
          g_autofree char *until = avs_format_date_time (local);
          succeed (task, AVS_CATALOG_REFRESH_NOT_DUE,
                   g_strdup_printf (_("After an error, the catalog is checked again from %s, "
                                      "unless you ask for a refresh."), until));
          return;
        }
      if (self->last_checked != NULL &&
          g_date_time_difference (now, self->last_checked) < AVS_CATALOG_REFRESH_INTERVAL &&
          g_date_time_difference (now, self->last_checked) >= 0)
        {
          g_autofree char *age = avs_catalog_format_age (self->last_checked, now);
          succeed (task, AVS_CATALOG_REFRESH_NOT_DUE,
                   /* Translators: %s is an age such as "3 hours ago" */
                   g_strdup_printf (_("The catalog was checked %s; it is checked at most once a "
                                      "day unless you ask for a refresh."), age));
          return;
        }
    }

  self->refreshing = TRUE;

  if (cancellable != NULL)
    {
      data->caller_cancellable = g_object_ref (cancellable);
      data->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                    g_object_ref (data->cancellable),
                                                    g_object_unref);
    }

  data->deadline = g_timeout_source_new (self->deadline_ms);
  g_source_set_callback (data->deadline, deadline_cb, data, NULL);
  g_source_attach (data->deadline, g_main_context_get_thread_default ());

  start_request (task, self->url);
}

gboolean
avs_catalog_store_refresh_finish (AvsCatalogStore    *self,
                                  GAsyncResult       *result,
                                  AvsCatalogRefresh  *out_refresh,
                                  char              **out_message,
                                  GError            **error)
{
  RefreshOutcome *outcome;

  g_return_val_if_fail (AVS_IS_CATALOG_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  outcome = g_task_propagate_pointer (G_TASK (result), error);
  if (outcome == NULL)
    return FALSE;
  if (out_refresh != NULL)
    *out_refresh = outcome->refresh;
  if (out_message != NULL)
    *out_message = g_steal_pointer (&outcome->message);
  refresh_outcome_free (outcome);
  return TRUE;
}
