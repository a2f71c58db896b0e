/* test-catalog-fetch.c — refreshing the catalog from a real HTTPS server on loopback
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A SoupServer in this process serves the feed over TLS with a certificate signed by a
 * certificate authority that the test makes with openssl; the store trusts that authority
 * through avs_catalog_store_set_tls_database() and nothing else. Catalogs are signed with the
 * real minisign and throwaway keys. Every failure case checks the message and that the last
 * good copy is still the one in use.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "avs-catalog-store-private.h"
#include "avs-minisign.h"
#include "avs-test-catalog.h"
#include "avs-test-common.h"

typedef enum
{
  SERVE_NORMAL,
  SERVE_STATUS,          /* answer `status` (with Retry-After when set) */
  SERVE_HANG,            /* never answer */
  SERVE_DRIP,            /* one byte every 100 ms, forever */
  SERVE_HUGE_CHUNKED,    /* 3 MiB without Content-Length */
  SERVE_HUGE_LENGTH,     /* Content-Length of 3 MiB */
  SERVE_TRUNCATED,       /* Content-Length says more than is sent, then the connection closes */
  SERVE_REDIRECT_HTTP,   /* 302 to the plain-HTTP server */
} ServeMode;

/* Shared by every test: made once, because openssl and minisign take a moment. */
static char *work_dir;
static char *ca_path;
static GTlsCertificate *server_cert;
static AvsTestKey *trusted_key;
static AvsTestKey *stranger_key;
static GBytes *bundled_json;
static GBytes *bundled_sig;
/* Seconds; larger under valgrind (AVSWITCH_TEST_SLOW=1), where TLS handshakes are slow. */
static guint io_timeout = 1;
static guint deadline_s = 2;

typedef struct
{
  SoupServer   *https;
  SoupServer   *http;
  char         *https_url;   /* …/catalog.json */
  char         *http_url;
  char         *cache_dir;
  AvsCatalogStore *store;

  ServeMode     mode;
  guint         status;
  const char   *retry_after;
  GBytes       *json;
  GBytes       *sig;
  guint         requests;
  guint         http_requests;
  guint         not_modified;
  gsize         body_bytes_served;   /* for the last catalog request */
  char         *user_agent;
  GPtrArray    *held;                /* paused messages */
} Fixture;

/* ---- the server --------------------------------------------------------------------------- */

static char *
etag_for (GBytes *json)
{
  g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, json);
  return g_strdup_printf ("\"%.16s\"", sum);
}

typedef struct
{
  SoupServerMessage *msg;
  guint              timer;
} Drip;

static gboolean
drip_cb (gpointer user_data)
{
  Drip *drip = user_data;

  soup_message_body_append (soup_server_message_get_response_body (drip->msg), SOUP_MEMORY_STATIC, "{", 1);
  soup_server_message_unpause (drip->msg);
  return G_SOURCE_CONTINUE;
}

static void
drip_finished_cb (SoupServerMessage *msg,
                  gpointer           user_data)
{
  Drip *drip = user_data;
  g_clear_handle_id (&drip->timer, g_source_remove);
}

static void
drip_free (gpointer data,
           GClosure *closure)
{
  Drip *drip = data;
  g_clear_handle_id (&drip->timer, g_source_remove);
  g_free (drip);
}

static void
serve_truncated (SoupServerMessage *msg,
                 GBytes            *json)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
  GOutputStream *out = g_io_stream_get_output_stream (stream);
  gsize half = g_bytes_get_size (json) / 2;
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                           "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                           "Connection: close\r\n\r\n", g_bytes_get_size (json));

  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (out, g_bytes_get_data (json, NULL), half, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static void
https_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  gboolean is_sig = g_str_has_suffix (path, ".minisig");
  GBytes *body = is_sig ? f->sig : f->json;

  if (!g_str_equal (path, "/catalog.json") && !g_str_equal (path, "/catalog.json.minisig"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  f->requests++;
  g_free (f->user_agent);
  f->user_agent = g_strdup (soup_message_headers_get_one (request, "User-Agent"));
  if (!is_sig)
    f->body_bytes_served = 0;

  switch (f->mode)
    {
    case SERVE_STATUS:
      soup_server_message_set_status (msg, f->status, NULL);
      if (f->retry_after != NULL)
        soup_message_headers_replace (response, "Retry-After", f->retry_after);
      return;

    case SERVE_HANG:
      soup_server_message_pause (msg);
      g_ptr_array_add (f->held, g_object_ref (msg));
      return;

    case SERVE_DRIP:
      {
        Drip *drip = g_new0 (Drip, 1);
        drip->msg = msg;
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
        drip->timer = g_timeout_add (100, drip_cb, drip);
        g_signal_connect_data (msg, "finished", G_CALLBACK (drip_finished_cb), drip, drip_free, 0);
        soup_server_message_pause (msg);
      }
      return;

    case SERVE_HUGE_CHUNKED:
      {
        SoupMessageBody *out = soup_server_message_get_response_body (msg);
        g_autofree char *block = g_malloc (64 * 1024);

        memset (block, ' ', 64 * 1024);
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
        for (int i = 0; i < 48; i++)
          soup_message_body_append (out, SOUP_MEMORY_COPY, block, 64 * 1024);
        soup_message_body_complete (out);
      }
      return;

    case SERVE_HUGE_LENGTH:
      {
        g_autofree char *huge = g_malloc0 (3 * 1024 * 1024);
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, huge, 3 * 1024 * 1024);
      }
      return;

    case SERVE_TRUNCATED:
      if (!is_sig)
        {
          serve_truncated (msg, body);
          return;
        }
      break;

    case SERVE_REDIRECT_HTTP:
      {
        g_autofree char *target = g_strconcat (f->http_url, is_sig ? ".minisig" : "", NULL);
        soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, target);
      }
      return;

    case SERVE_NORMAL:
    default:
      break;
    }

  if (!is_sig)
    {
      g_autofree char *etag = etag_for (body);
      const char *if_none_match = soup_message_headers_get_one (request, "If-None-Match");

      soup_message_headers_replace (response, "ETag", etag);
      if (if_none_match != NULL && g_str_equal (if_none_match, etag))
        {
          f->not_modified++;
          soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
          return;
        }
      f->body_bytes_served = g_bytes_get_size (body);
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
http_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Fixture *f = user_data;
  gboolean is_sig = g_str_has_suffix (path, ".minisig");
  GBytes *body = is_sig ? f->sig : f->json;

  f->http_requests++;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static char *
listen_url (SoupServer            *server,
            SoupServerListenOptions options)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autofree char *base = NULL;
  char *url;

  soup_server_listen_local (server, 0, options | SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  /* "https://127.0.0.1:PORT/" */
  url = g_strconcat (base, g_str_has_suffix (base, "/") ? "" : "/", "catalog.json", NULL);
  return url;
}

/* ---- the fixture -------------------------------------------------------------------------- */

static AvsCatalogStore *
new_store (Fixture *f,
           const char *url)
{
  g_autoptr(GPtrArray) keys = avs_test_key_array (trusted_key, NULL);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  AvsCatalogStore *store = avs_catalog_store_new_full (url, keys, bundled_json, bundled_sig, f->cache_dir);

  database = g_tls_file_database_new (ca_path, &error);
  g_assert_no_error (error);
  avs_catalog_store_set_tls_database (store, database);
  avs_catalog_store_set_timeouts (store, io_timeout, deadline_s * 1000);
  g_assert_true (avs_catalog_store_load (store, &error));
  g_assert_no_error (error);
  return store;
}

static void
serve (Fixture *f,
       gint64   serial,
       gint64   generated_offset,
       gint64   expires_offset)
{
  g_autofree char *name = g_strdup_printf ("served-%" G_GINT64_FORMAT ".json", serial);

  g_clear_pointer (&f->json, g_bytes_unref);
  g_clear_pointer (&f->sig, g_bytes_unref);
  f->json = avs_test_catalog_json (serial, generated_offset, expires_offset, 3);
  f->sig = avs_test_sign_bytes (trusted_key, work_dir, name, f->json);
  f->mode = SERVE_NORMAL;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  static guint counter;

  f->held = g_ptr_array_new_with_free_func (g_object_unref);
  f->https = soup_server_new ("tls-certificate", server_cert, NULL);
  soup_server_add_handler (f->https, NULL, https_handler, f, NULL);
  f->https_url = listen_url (f->https, SOUP_SERVER_LISTEN_HTTPS);
  f->http = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->http, NULL, http_handler, f, NULL);
  f->http_url = listen_url (f->http, 0);
  g_assert_true (g_str_has_prefix (f->https_url, "https://127.0.0.1:"));

  name = g_strdup_printf ("cache-%u", counter++);
  f->cache_dir = g_build_filename (work_dir, name, NULL);
  serve (f, 2, -60, 86400);
  f->store = new_store (f, f->https_url);
  g_assert_cmpint (avs_catalog_get_serial (avs_catalog_store_get_catalog (f->store)), ==, 1);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  g_clear_object (&f->store);
  for (guint i = 0; i < f->held->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (f->held, i);
      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_message_unpause (msg);
    }
  soup_server_disconnect (f->https);
  soup_server_disconnect (f->http);
  /* Let the servers finish what they were doing. */
  for (int i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_clear_pointer (&f->held, g_ptr_array_unref);
  g_clear_object (&f->https);
  g_clear_object (&f->http);
  g_free (f->https_url);
  g_free (f->http_url);
  g_free (f->cache_dir);
  g_free (f->user_agent);
  g_clear_pointer (&f->json, g_bytes_unref);
  g_clear_pointer (&f->sig, g_bytes_unref);
}

typedef struct
{
  gboolean           done;
  gboolean           ok;
  AvsCatalogRefresh  refresh;
  char              *message;
  GError            *error;
} Result;

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Result *r = user_data;

  r->ok = avs_catalog_store_refresh_finish (AVS_CATALOG_STORE (object), result, &r->refresh,
                                            &r->message, &r->error);
  r->done = TRUE;
}

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->message, g_free);
  g_clear_error (&r->error);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static void
refresh (Fixture  *f,
         gboolean  force,
         Result   *r)
{
  memset (r, 0, sizeof *r);
  avs_catalog_store_refresh_async (f->store, force, NULL, refresh_cb, r);
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
  if (r->error != NULL)
    g_test_message ("error: %s", r->error->message);
  else
    g_test_message ("ok: %s", r->message);
}

static void
assert_in_use (Fixture          *f,
               gint64            serial,
               AvsCatalogSource  source)
{
  AvsCatalog *catalog = avs_catalog_store_get_catalog (f->store);

  g_assert_nonnull (catalog);
  g_assert_cmpint (avs_catalog_get_serial (catalog), ==, serial);
  g_assert_cmpint (avs_catalog_store_get_source (f->store), ==, source);
}

static void
assert_refused (Fixture    *f,
                Result     *r,
                int         code,
                const char *message)
{
  g_assert_false (r->ok);
  g_assert_error (r->error, AVS_CATALOG_ERROR, code);
  g_assert_nonnull (strstr (r->error->message, message));
  /* The last good copy stays in use. */
  assert_in_use (f, 1, AVS_CATALOG_SOURCE_BUNDLED);
}

/* ---- the cases ---------------------------------------------------------------------------- */

static void
count_notify (guint *count)
{
  (*count)++;
}

static void
test_success (Fixture       *f,
              gconstpointer  user_data)
{
  guint notified = 0;
  g_auto(Result) r;
  g_autoptr(AvsCatalogStore) again = NULL;
  g_autofree char *description = NULL;

  g_signal_connect_swapped (f->store, "notify::catalog", G_CALLBACK (count_notify), &notified);
  refresh (f, FALSE, &r);
  g_assert_true (r.ok);
  g_assert_no_error (r.error);
  g_assert_cmpint (r.refresh, ==, AVS_CATALOG_REFRESH_UPDATED);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_nonnull (strstr (r.message, "updated to number 2"));
  assert_in_use (f, 2, AVS_CATALOG_SOURCE_NETWORK);
  g_assert_cmpstr (f->user_agent, ==, "AVSwitch/" PACKAGE_VERSION);
  g_assert_cmpuint (avs_catalog_store_get_last_transfer_size (f->store), ==,
                    g_bytes_get_size (f->json) + g_bytes_get_size (f->sig));
  description = avs_catalog_store_describe (f->store);
  g_assert_nonnull (strstr (description, "Catalog 2, just downloaded"));
  g_assert_nonnull (strstr (description, "last checked just now"));

  /* The next start uses the verified cache. */
  again = new_store (f, f->https_url);
  g_assert_cmpint (avs_catalog_get_serial (avs_catalog_store_get_catalog (again)), ==, 2);
  g_assert_cmpint (avs_catalog_store_get_source (again), ==, AVS_CATALOG_SOURCE_CACHE);
  g_assert_null (avs_catalog_store_get_load_warning (again));
}

static void
test_not_modified (Fixture       *f,
                   gconstpointer  user_data)
{
  g_auto(Result) r;
  guint requests;

  refresh (f, FALSE, &r);
  g_assert_cmpint (r.refresh, ==, AVS_CATALOG_REFRESH_UPDATED);
  result_clear (&r);

  /* Asked again: a conditional request, answered 304, costs no body. */
  requests = f->requests;
  refresh (f, TRUE, &r);
  g_assert_true (r.ok);
  g_assert_cmpint (r.refresh, ==, AVS_CATALOG_REFRESH_UP_TO_DATE);
  g_assert_nonnull (strstr (r.message, "up to date (number 2)"));
  g_assert_cmpuint (f->not_modified, ==, 1);
  g_assert_cmpuint (f->requests, ==, requests + 1);   /* no signature download either */
  g_assert_cmpuint (f->body_bytes_served, ==, 0);
  g_assert_cmpuint (avs_catalog_store_get_last_transfer_size (f->store), ==, 0);
  assert_in_use (f, 2, AVS_CATALOG_SOURCE_NETWORK);
  result_clear (&r);

  /* Not asked: checked less than a day ago, so the server is not contacted at all. */
  refresh (f, FALSE, &r);
  g_assert_true (r.ok);
  g_assert_cmpint (r.refresh, ==, AVS_CATALOG_REFRESH_NOT_DUE);
  g_assert_nonnull (strstr (r.message, "at most once a day"));
  g_assert_cmpuint (f->requests, ==, requests + 1);
}

static void
test_same_serial (Fixture       *f,
                  gconstpointer  user_data)
{
  g_auto(Result) r;

  /* The server has exactly the bundled catalog: "up to date", not an error. */
  g_clear_pointer (&f->json, g_bytes_unref);
  g_clear_pointer (&f->sig, g_bytes_unref);
  f->json = g_bytes_ref (bundled_json);
  f->sig = g_bytes_ref (bundled_sig);
  refresh (f, TRUE, &r);
  g_assert_true (r.ok);
  g_assert_cmpint (r.refresh, ==, AVS_CATALOG_REFRESH_UP_TO_DATE);
  assert_in_use (f, 1, AVS_CATALOG_SOURCE_BUNDLED);
  result_clear (&r);

  /* Its ETag was kept: the next check is a 304 without a body. */
  refresh (f, TRUE, &r);
  g_assert_cmpint (r.refresh, ==, AVS_CATALOG_REFRESH_UP_TO_DATE);
  g_assert_cmpuint (f->not_modified, ==, 1);
  g_assert_cmpuint (avs_catalog_store_get_last_transfer_size (f->store), ==, 0);
  assert_in_use (f, 1, AVS_CATALOG_SOURCE_BUNDLED);
}

static void
test_status_404 (Fixture       *f,
                 gconstpointer  user_data)
{
  g_auto(Result) r;

  f->mode = SERVE_STATUS;
  f->status = 404;
  refresh (f, TRUE, &r);
  assert_refused (f, &r, AVS_CATALOG_ERROR_HTTP, "answered 404 (Not Found)");
  /* The address is isolated in the sentence (FSI … PDI), so that it keeps its order in a
   * right-to-left translation. */
  g_assert_nonnull (strstr (r.error->message, "at \342\201\250https://127.0.0.1:"));
  g_assert_nonnull (strstr (r.error->message, "\342\201\251 answered 404"));
}

static void
test_status_500_backs_off (Fixture       *f,
                           gconstpointer  user_data)
{
  g_auto(Result) r;
  guint requests;

  f->mode = SERVE_STATUS;
  f->status = 500;
  refresh (f, TRUE, &r);
  assert_refused (f, &r, AVS_CATALOG_ERROR_HTTP, "answered 500 (Internal Server Error)");
  result_clear (&r);

  /* An automatic refresh right after an error waits (exponential back-off)… */
  requests = f->requests;
  refresh (f, FALSE, &r);
  g_assert_true (r.ok);
  g_assert_cmpint (r.refresh, ==, AVS_CATALOG_REFRESH_NOT_DUE);
  g_assert_nonnull (strstr (r.message, "After an error"));
  g_assert_cmpuint (f->requests, ==, requests);
  result_clear (&r);

  /* …and so does the next start: the back-off is saved. */
  g_clear_object (&f->store);
  f->store = new_store (f, f->https_url);
  refresh (f, FALSE, &r);
  g_assert_cmpint (r.refresh, ==, AVS_CATALOG_REFRESH_NOT_DUE);
  g_assert_cmpuint (f->requests, ==, requests);
  result_clear (&r);

  /* The user may still ask. */
  f->mode = SERVE_NORMAL;
  refresh (f, TRUE, &r);
  g_assert_true (r.ok);
  g_assert_cmpint (r.refresh, ==, AVS_CATALOG_REFRESH_UPDATED);
}

static void
test_retry_after (Fixture       *f,
                  gconstpointer  user_data)
{
  g_auto(Result) r;
  guint requests;

  f->mode = SERVE_STATUS;
  f->status = 503;
  f->retry_after = "3600";
  refresh (f, TRUE, &r);
  assert_refused (f, &r, AVS_CATALOG_ERROR_HTTP, "answered 503");
  result_clear (&r);

  /* Honoured even when the user asks, and across restarts. */
  g_clear_object (&f->store);
  f->store = new_store (f, f->https_url);
  requests = f->requests;
  f->mode = SERVE_NORMAL;
  refresh (f, TRUE, &r);
  assert_refused (f, &r, AVS_CATALOG_ERROR_BACKING_OFF, "asked not to be contacted again before");
  g_assert_cmpuint (f->requests, ==, requests);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  user_data)
{
  g_auto(Result) r;

  g_autofree char *expected = g_strdup_printf (io_timeout == 1 ? "did not answer within %u second."
                                                                : "did not answer within %u seconds.",
                                               io_timeout);

  f->mode = SERVE_HANG;
  refresh (f, TRUE, &r);
  assert_refused (f, &r, AVS_CATALOG_ERROR_TIMED_OUT, expected);
}

static void
test_slow_drip (Fixture       *f,
                gconstpointer  user_data)
{
  g_auto(Result) r;
  gint64 start = g_get_monotonic_time ();
  g_autofree char *expected = g_strdup_printf ("took longer than %u seconds", deadline_s);

  /* A byte every 100 ms never trips the 1 s silence timeout; the 2 s deadline stops it. */
  f->mode = SERVE_DRIP;
  refresh (f, TRUE, &r);
  assert_refused (f, &r, AVS_CATALOG_ERROR_TIMED_OUT, expected);
  g_assert_cmpint (g_get_monotonic_time () - start, <, (deadline_s + 3) * G_TIME_SPAN_SECOND);
}

static void
test_too_large_streamed (Fixture       *f,
                         gconstpointer  user_data)
{
  g_auto(Result) r;

  f->mode = SERVE_HUGE_CHUNKED;
  refresh (f, TRUE, &r);
  assert_refused (f, &r, AVS_CATALOG_ERROR_TOO_LARGE, "is larger than 2");
  /* The cap is enforced while reading: no more than one chunk past it was read. */
  g_assert_cmpuint (avs_catalog_store_get_last_transfer_size (f->store), <=, 2 * 1024 * 1024 + 16 * 1024);
}

static void
test_too_large_announced (Fixture       *f,
                          gconstpointer  user_data)
{
  g_auto(Result) r;

  f->mode = SERVE_HUGE_LENGTH;
  refresh (f, TRUE, &r);
  assert_refused (f, &r, AVS_CATALOG_ERROR_TOO_LARGE, "is larger than 2");
  /* Refused on the Content-Length alone. */
  g_assert_cmpuint (avs_catalog_store_get_last_transfer_size (f->store), ==, 0);
}

static void
test_truncated (Fixture       *f,
                gconstpointer  user_data)
{
  g_auto(Result) r;

  f->mode = SERVE_TRUNCATED;
  refresh (f, TRUE, &r);
  assert_refused (f, &r, AVS_CATALOG_ERROR_TRUNCATED, "was cut off before the end");
}

/* A download cut half-way while a saved catalog is in use: that catalog stays in use, and on
 * disk, whole. */
static void
test_truncated_keeps_cache (Fixture       *f,
                            gconstpointer  user_data)
{
  g_auto(Result) r;
  g_autofree char *json_path = g_build_filename (f->cache_dir, "alternatives.json", NULL);
  g_autofree char *sig_path = g_build_filename (f->cache_dir, "alternatives.json.minisig", NULL);
  g_autofree char *json_before = NULL, *sig_before = NULL;
  g_autofree char *json_after = NULL, *sig_after = NULL;

  refresh (f, TRUE, &r);
  g_assert_cmpint (r.refresh, ==, AVS_CATALOG_REFRESH_UPDATED);
  result_clear (&r);
  g_assert_true (g_file_get_contents (json_path, &json_before, NULL, NULL));
  g_assert_true (g_file_get_contents (sig_path, &sig_before, NULL, NULL));

  serve (f, 3, -60, 86400);
  f->mode = SERVE_TRUNCATED;
  refresh (f, TRUE, &r);
  g_assert_false (r.ok);
  g_assert_error (r.error, AVS_CATALOG_ERROR, AVS_CATALOG_ERROR_TRUNCATED);
  g_assert_nonnull (strstr (r.error->message, "was cut off before the end"));
  assert_in_use (f, 2, AVS_CATALOG_SOURCE_NETWORK);

  g_assert_true (g_file_get_contents (json_path, &json_after, NULL, NULL));
  g_assert_true (g_file_get_contents (sig_path, &sig_after, NULL, NULL));
  g_assert_cmpstr (json_after, ==, json_before);
  g_assert_cmpstr (sig_after, ==, sig_before);
  g_clear_object (&f->store);
  f->store = new_store (f, f->https_url);
  assert_in_use (f, 2, AVS_CATALOG_SOURCE_CACHE);
  g_assert_null (avs_catalog_store_get_load_warning (f->store));
}

static void
test_redirect_to_http (Fixture       *f,
                       gconstpointer  user_data)
{
  g_auto(Result) r;

  f->mode = SERVE_REDIRECT_HTTP;
  refresh (f, TRUE, &r);
  assert_refused (f, &r, AVS_CATALOG_ERROR_INSECURE, "which is not a secure (HTTPS) address");
  g_assert_cmpuint (f->http_requests, ==, 0);
}

static void
test_http_only_to_loopback (Fixture       *f,
                            gconstpointer  user_data)
{
  g_auto(Result) r;

  /* Plain HTTP to this machine is allowed (tests, local mirrors)… */
  g_clear_object (&f->store);
  f->store = new_store (f, f->http_url);
  refresh (f, TRUE, &r);
  g_assert_true (r.ok);
  g_assert_cmpint (r.refresh, ==, AVS_CATALOG_REFRESH_UPDATED);
  g_assert_cmpuint (f->http_requests, ==, 2);
  result_clear (&r);

  /* …anywhere else it is refused before anything is sent. */
  g_clear_object (&f->store);
  f->store = new_store (f, "http://example.org/catalog.json");
  g_assert_cmpint (avs_catalog_get_serial (avs_catalog_store_get_catalog (f->store)), ==, 2);
  refresh (f, TRUE, &r);
  g_assert_false (r.ok);
  g_assert_error (r.error, AVS_CATALOG_ERROR, AVS_CATALOG_ERROR_INSECURE);
  g_assert_nonnull (strstr (r.error->message, "is not a secure (HTTPS) web address"));
  g_assert_cmpint (avs_catalog_get_serial (avs_catalog_store_get_catalog (f->store)), ==, 2);
}

static void
test_untrusted_certificate (Fixture       *f,
                            gconstpointer  user_data)
{
  g_auto(Result) r;
  g_autoptr(GPtrArray) keys = avs_test_key_array (trusted_key, NULL);
  g_autoptr(GError) error = NULL;

  /* The system's certificate store does not know the test authority. */
  g_clear_object (&f->store);
  f->store = avs_catalog_store_new_full (f->https_url, keys, bundled_json, bundled_sig, f->cache_dir);
  avs_catalog_store_set_timeouts (f->store, 2, 4000);
  g_assert_true (avs_catalog_store_load (f->store, &error));
  refresh (f, TRUE, &r);
  assert_refused (f, &r, AVS_CATALOG_ERROR_TLS, "A secure connection to");
}

static void
test_invalid_json (Fixture       *f,
                   gconstpointer  user_data)
{
  g_auto(Result) r;

  g_clear_pointer (&f->json, g_bytes_unref);
  g_clear_pointer (&f->sig, g_bytes_unref);
  {
    const char *text = "{\"schema\": 1,\n \"serial\": 9,,}\n";
    f->json = g_bytes_new_static (text, strlen (text));
  }
  f->sig = avs_test_sign_bytes (trusted_key, work_dir, "invalid.json", f->json);
  refresh (f, TRUE, &r);
  assert_refused (f, &r, AVS_CATALOG_ERROR_MALFORMED, "is not valid JSON: 2:");
}

static void
test_schema_violation (Fixture       *f,
                       gconstpointer  user_data)
{
  g_auto(Result) r;
  g_autoptr(GBytes) json = avs_test_catalog_json (9, -60, 86400, 2);
  g_autoptr(GString) text = g_string_new_len (g_bytes_get_data (json, NULL), (gssize) g_bytes_get_size (json));

  g_string_replace (text, "\"product-1-daemon\"", "\"$(reboot)\"", 1);
  g_clear_pointer (&f->json, g_bytes_unref);
  g_clear_pointer (&f->sig, g_bytes_unref);
  f->json = g_bytes_new (text->str, text->len);
  f->sig = avs_test_sign_bytes (trusted_key, work_dir, "schema.json", f->json);
  refresh (f, TRUE, &r);
  assert_refused (f, &r, AVS_CATALOG_ERROR_MALFORMED, "$.products[1].install.apt[1]: “$(reboot)” is not allowed here");
}

static void
test_bad_signature (Fixture       *f,
                    gconstpointer  user_data)
{
  g_auto(Result) r;
  g_autoptr(GBytes) original = g_bytes_ref (f->json);
  g_autoptr(GString) text = g_string_new_len (g_bytes_get_data (original, NULL), (gssize) g_bytes_get_size (original));

  /* One product changed after signing. */
  g_string_replace (text, "Product 1", "Product X", 1);
  g_bytes_unref (f->json);
  f->json = g_bytes_new (text->str, text->len);
  refresh (f, TRUE, &r);
  assert_refused (f, &r, AVS_CATALOG_ERROR_UNTRUSTED, "does not match its contents");
  g_assert_nonnull (strstr (r.error->message, "not signed by a trusted key"));
}

static void
test_unknown_key (Fixture       *f,
                  gconstpointer  user_data)
{
  g_auto(Result) r;

  g_clear_pointer (&f->sig, g_bytes_unref);
  f->sig = avs_test_sign_bytes (stranger_key, work_dir, "stranger.json", f->json);
  refresh (f, TRUE, &r);
  assert_refused (f, &r, AVS_CATALOG_ERROR_UNTRUSTED, "which this program does not trust");
}

static void
test_rollback (Fixture       *f,
               gconstpointer  user_data)
{
  g_auto(Result) r;

  serve (f, 5, -60, 86400);
  refresh (f, TRUE, &r);
  g_assert_cmpint (r.refresh, ==, AVS_CATALOG_REFRESH_UPDATED);
  result_clear (&r);

  /* A validly signed but older catalog (a replay, or a stale mirror). */
  serve (f, 4, -60, 86400);
  refresh (f, TRUE, &r);
  g_assert_false (r.ok);
  g_assert_error (r.error, AVS_CATALOG_ERROR, AVS_CATALOG_ERROR_ROLLBACK);
  g_assert_nonnull (strstr (r.error->message, "(number 4) is older than the copy in hand (number 5)"));
  assert_in_use (f, 5, AVS_CATALOG_SOURCE_NETWORK);

  /* And the cache still holds number 5. */
  g_clear_object (&f->store);
  f->store = new_store (f, f->https_url);
  assert_in_use (f, 5, AVS_CATALOG_SOURCE_CACHE);
}

static void
test_expired (Fixture       *f,
              gconstpointer  user_data)
{
  g_auto(Result) r;
  g_autofree char *description = NULL;

  serve (f, 3, -2 * 86400, -60);
  refresh (f, TRUE, &r);
  assert_refused (f, &r, AVS_CATALOG_ERROR_EXPIRED, "expired on");
  description = avs_catalog_store_describe (f->store);
  g_assert_nonnull (strstr (description, "Catalog 1, bundled with AV Switch"));
}

/* The copy in hand has expired and the server cannot give a newer one: it stays in use, and
 * says since when it is out of date; a valid download then replaces it. */
static void
test_expired_copy_in_hand (Fixture       *f,
                           gconstpointer  user_data)
{
  g_auto(Result) r;
  g_autoptr(GPtrArray) keys = avs_test_key_array (trusted_key, NULL);
  g_autoptr(GBytes) old_json = avs_test_catalog_json (1, -10 * 86400, -86400, 1);
  g_autoptr(GBytes) old_sig = avs_test_sign_bytes (trusted_key, work_dir, "old.json", old_json);
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca_path, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  g_clear_object (&f->store);
  f->store = avs_catalog_store_new_full (f->https_url, keys, old_json, old_sig, f->cache_dir);
  avs_catalog_store_set_tls_database (f->store, database);
  avs_catalog_store_set_timeouts (f->store, io_timeout, deadline_s * 1000);
  g_assert_true (avs_catalog_store_load (f->store, &error));
  g_assert_no_error (error);
  description = avs_catalog_store_describe (f->store);
  g_assert_nonnull (strstr (description, "It expired on"));

  f->mode = SERVE_STATUS;
  f->status = 502;
  refresh (f, TRUE, &r);
  assert_refused (f, &r, AVS_CATALOG_ERROR_HTTP, "answered 502");
  result_clear (&r);

  f->mode = SERVE_NORMAL;
  refresh (f, TRUE, &r);
  g_assert_cmpint (r.refresh, ==, AVS_CATALOG_REFRESH_UPDATED);
  g_clear_pointer (&description, g_free);
  description = avs_catalog_store_describe (f->store);
  g_assert_null (strstr (description, "expired"));
}

static void
test_from_the_future (Fixture       *f,
                      gconstpointer  user_data)
{
  g_auto(Result) r;

  serve (f, 3, 3600, 86400);
  refresh (f, TRUE, &r);
  assert_refused (f, &r, AVS_CATALOG_ERROR_FROM_THE_FUTURE, "which is in the future");
}

static void
test_offline (Fixture       *f,
              gconstpointer  user_data)
{
  g_auto(Result) r;
  g_autofree char *url = g_strdup (f->https_url);

  /* Nothing listens there any more. */
  soup_server_disconnect (f->https);
  g_clear_object (&f->store);
  f->store = new_store (f, url);
  refresh (f, TRUE, &r);
  assert_refused (f, &r, AVS_CATALOG_ERROR_OFFLINE, "Could not reach the catalog server");
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(Result) r = { 0 };

  f->mode = SERVE_HANG;
  avs_catalog_store_refresh_async (f->store, TRUE, cancellable, refresh_cb, &r);
  g_cancellable_cancel (cancellable);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_in_use (f, 1, AVS_CATALOG_SOURCE_BUNDLED);
}

static void
write_file (const char *path,
            const void *data,
            gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_file_set_contents (path, data, (gssize) length, &error);
  g_assert_no_error (error);
}

static void
test_corrupt_cache (Fixture       *f,
                    gconstpointer  user_data)
{
  g_auto(Result) r;
  g_autofree char *json_path = g_build_filename (f->cache_dir, "alternatives.json", NULL);
  g_autofree char *sig_path = g_build_filename (f->cache_dir, "alternatives.json.minisig", NULL);

  refresh (f, TRUE, &r);
  g_assert_cmpint (r.refresh, ==, AVS_CATALOG_REFRESH_UPDATED);

  /* Garbage where the catalog was. */
  write_file (json_path, "\x7f" "ELF garbage", 12);
  g_clear_object (&f->store);
  f->store = new_store (f, f->https_url);
  assert_in_use (f, 1, AVS_CATALOG_SOURCE_BUNDLED);
  g_assert_nonnull (avs_catalog_store_get_load_warning (f->store));
  g_assert_nonnull (strstr (avs_catalog_store_get_load_warning (f->store),
                            "saved copy of the catalog could not be used and was removed"));
  g_assert_false (g_file_test (json_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (sig_path, G_FILE_TEST_EXISTS));
  result_clear (&r);

  /* The validators were forgotten with it: the next refresh downloads everything again. */
  refresh (f, TRUE, &r);
  g_assert_cmpint (r.refresh, ==, AVS_CATALOG_REFRESH_UPDATED);
  g_assert_cmpuint (f->not_modified, ==, 0);
}

static void
test_half_written_cache (Fixture       *f,
                         gconstpointer  user_data)
{
  g_auto(Result) r;
  g_autofree char *json_path = g_build_filename (f->cache_dir, "alternatives.json", NULL);
  g_autofree char *sig_path = g_build_filename (f->cache_dir, "alternatives.json.minisig", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  refresh (f, TRUE, &r);
  g_assert_cmpint (r.refresh, ==, AVS_CATALOG_REFRESH_UPDATED);

  /* Cut in the middle, as after a crash by something that did not write atomically. */
  g_file_get_contents (json_path, &contents, &length, NULL);
  write_file (json_path, contents, length / 2);
  g_clear_object (&f->store);
  f->store = new_store (f, f->https_url);
  assert_in_use (f, 1, AVS_CATALOG_SOURCE_BUNDLED);
  g_assert_nonnull (strstr (avs_catalog_store_get_load_warning (f->store),
                            "does not match its contents"));

  /* And a signature file missing its partner. */
  result_clear (&r);
  refresh (f, TRUE, &r);
  g_assert_cmpint (r.refresh, ==, AVS_CATALOG_REFRESH_UPDATED);
  g_unlink (json_path);
  g_clear_object (&f->store);
  f->store = new_store (f, f->https_url);
  assert_in_use (f, 1, AVS_CATALOG_SOURCE_BUNDLED);
  g_assert_nonnull (avs_catalog_store_get_load_warning (f->store));
  g_assert_false (g_file_test (sig_path, G_FILE_TEST_EXISTS));
}

/* ---- setup -------------------------------------------------------------------------------- */

static void
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                            G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_autofree char *err = NULL;

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (process) != 0)
    g_error ("%s failed: %s", argv[0], err);
}

/* A certificate authority and a server certificate for 127.0.0.1, made with openssl. */
static void
make_certificates (void)
{
  g_autofree char *ca_key = g_build_filename (work_dir, "ca.key", NULL);
  g_autofree char *server_key = g_build_filename (work_dir, "server.key", NULL);
  g_autofree char *server_csr = g_build_filename (work_dir, "server.csr", NULL);
  g_autofree char *server_pem = g_build_filename (work_dir, "server.pem", NULL);
  g_autofree char *ext = g_build_filename (work_dir, "server.ext", NULL);
  g_autoptr(GError) error = NULL;

  ca_path = g_build_filename (work_dir, "ca.pem", NULL);
  {
    const char *argv[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                           "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", ca_key,
                           "-out", ca_path, "-days", "2", "-subj", "/CN=AV Switch test CA",
                           "-addext", "basicConstraints=critical,CA:TRUE",
                           "-addext", "keyUsage=critical,keyCertSign,cRLSign", NULL };
    run_tool (argv);
  }
  {
    const char *argv[] = { "openssl", "req", "-newkey", "ec", "-pkeyopt",
                           "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", server_key,
                           "-out", server_csr, "-subj", "/CN=127.0.0.1", NULL };
    run_tool (argv);
  }
  {
    const char *text = "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                       "extendedKeyUsage=serverAuth\n";
    write_file (ext, text, strlen (text));
  }
  {
    const char *argv[] = { "openssl", "x509", "-req", "-in", server_csr, "-CA", ca_path,
                           "-CAkey", ca_key, "-CAcreateserial", "-out", server_pem, "-days", "2",
                           "-extfile", ext, NULL };
    run_tool (argv);
  }
  server_cert = g_tls_certificate_new_from_files (server_pem, server_key, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  avs_test_init (&argc, &argv);
  avs_test_require_minisign ();

  if (g_getenv ("AVSWITCH_TEST_SLOW") != NULL)
    {
      io_timeout = 10;
      deadline_s = 30;
    }

  work_dir = avs_test_make_tmpdir ("avs-catalog-fetch-XXXXXX");
  g_assert_no_error (error);
  make_certificates ();
  trusted_key = avs_test_key_new (work_dir, "trusted");
  stranger_key = avs_test_key_new (work_dir, "stranger");
  bundled_json = avs_test_catalog_json (1, -86400, 30 * 86400, 2);
  bundled_sig = avs_test_sign_bytes (trusted_key, work_dir, "bundled.json", bundled_json);

#define ADD(name, func) g_test_add ("/catalog/fetch/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("success", test_success);
  ADD ("304-not-modified", test_not_modified);
  ADD ("same-serial", test_same_serial);
  ADD ("404", test_status_404);
  ADD ("500-backs-off", test_status_500_backs_off);
  ADD ("retry-after", test_retry_after);
  ADD ("timeout", test_timeout);
  ADD ("slow-drip", test_slow_drip);
  ADD ("too-large-streamed", test_too_large_streamed);
  ADD ("too-large-announced", test_too_large_announced);
  ADD ("truncated", test_truncated);
  ADD ("truncated-keeps-cache", test_truncated_keeps_cache);
  ADD ("redirect-to-http", test_redirect_to_http);
  ADD ("http-only-to-loopback", test_http_only_to_loopback);
  ADD ("untrusted-certificate", test_untrusted_certificate);
  ADD ("invalid-json", test_invalid_json);
  ADD ("schema-violation", test_schema_violation);
  ADD ("bad-signature", test_bad_signature);
  ADD ("unknown-key", test_unknown_key);
  ADD ("rollback", test_rollback);
  ADD ("expired", test_expired);
  ADD ("expired-copy-in-hand", test_expired_copy_in_hand);
  ADD ("from-the-future", test_from_the_future);
  ADD ("offline", test_offline);
  ADD ("cancelled", test_cancelled);
  ADD ("corrupt-cache", test_corrupt_cache);
  ADD ("half-written-cache", test_half_written_cache);
#undef ADD

  status = g_test_run ();

  avs_test_key_free (trusted_key);
  avs_test_key_free (stranger_key);
  g_clear_object (&server_cert);
  g_bytes_unref (bundled_json);
  g_bytes_unref (bundled_sig);
  g_free (work_dir);
  g_free (ca_path);
  return status;
}
