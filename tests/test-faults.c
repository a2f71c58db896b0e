/* test-faults.c — the machine fails under the program: a full disk, a read-only cache or state
 * folder, a process killed while saving, folders it may not read, a command that hangs
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In each case: a clear message, the program goes on, and nothing already saved is lost.
 * A full disk and a read-only folder are real: a small tmpfs or a read-only bind mount in a
 * private mount namespace (`unshare -m`, which needs root; skipped otherwise). "Killed while
 * writing" is made exact with RLIMIT_FSIZE: the kernel kills the writer with SIGXFSZ at the
 * write that crosses the limit, half-way through the file. A download cut half-way is in
 * test-catalog-fetch (/catalog/fetch/truncated and /catalog/fetch/truncated-keeps-cache).
 */

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "avs-catalog-store-private.h"
#include "avs-fileutil.h"
#include "avs-minisign.h"
#include "avs-scanner.h"
#include "avs-test-catalog.h"
#include "avs-test-common.h"
#include "avs-test-fixture.h"

/* Made once by the first process and shared with the children through the environment:
 * minisign keys take a moment, and a child must trust the same key. */
#define WORK_ENV "AVSWITCH_FAULTS_WORK"
/* Set in a child started inside a private mount namespace: registers the /inner tests. */
#define INNER_ENV "AVSWITCH_FAULTS_INNER"
/* The cache folder a child works on. */
#define CACHE_ENV "AVSWITCH_FAULTS_CACHE"

static char *work_dir;
static char *trusted_public;   /* the base64 line of the test key */
static char *argv0;

/* ---- signed catalogs, served on loopback --------------------------------------------------- */

typedef struct
{
  GBytes *json;
  GBytes *sig;
} Signed;

static void
signed_clear (Signed *s)
{
  g_clear_pointer (&s->json, g_bytes_unref);
  g_clear_pointer (&s->sig, g_bytes_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Signed, signed_clear)

static GBytes *
read_bytes (const char *name)
{
  g_autofree char *path = g_build_filename (work_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* NAME.json and NAME.json.minisig in the work folder, made by prepare_work_dir(). */
static void
load_signed (const char *name,
             Signed     *out)
{
  g_autofree char *json = g_strconcat (name, ".json", NULL);
  g_autofree char *sig = g_strconcat (name, ".json.minisig", NULL);

  out->json = read_bytes (json);
  out->sig = read_bytes (sig);
}

typedef struct
{
  SoupServer *server;
  char       *url;
  Signed      catalog;
} Server;

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Server *s = user_data;
  GBytes *body = g_str_has_suffix (path, ".minisig") ? s->catalog.sig : s->catalog.json;

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

/* Plain HTTP, which the store allows to loopback only. */
static void
server_start (Server     *s,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  GSList *uris;

  load_signed (name, &s->catalog);
  s->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (s->server, NULL, handler, s, NULL);
  soup_server_listen_local (s->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (s->server);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  s->url = g_strconcat (base, g_str_has_suffix (base, "/") ? "" : "/", "catalog.json", NULL);
}

static void
server_clear (Server *s)
{
  if (s->server != NULL)
    soup_server_disconnect (s->server);
  g_clear_object (&s->server);
  /* Let the closed connections go. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_pointer (&s->url, g_free);
  signed_clear (&s->catalog);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Server, server_clear)

static AvsCatalogStore *
new_store (const char *url,
           const char *cache_dir)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_minisign_key_free);
  g_autoptr(GError) error = NULL;
  g_auto(Signed) bundled = { 0 };
  AvsCatalogStore *store;

  g_ptr_array_add (keys, avs_minisign_key_new (trusted_public, &error));
  g_assert_no_error (error);
  load_signed ("bundled", &bundled);
  store = avs_catalog_store_new_full (url, keys, bundled.json, bundled.sig, cache_dir);
  avs_catalog_store_set_timeouts (store, 10, 30 * 1000);
  g_assert_true (avs_catalog_store_load (store, &error));
  g_assert_no_error (error);
  return store;
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
result_clear (Result *r)
{
  g_clear_pointer (&r->message, g_free);
  g_clear_error (&r->error);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

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
refresh (AvsCatalogStore *store,
         Result          *r)
{
  memset (r, 0, sizeof *r);
  avs_catalog_store_refresh_async (store, TRUE, NULL, refresh_cb, r);
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("refresh: %s", r->error != NULL ? r->error->message : r->message);
}

static void
assert_in_use (AvsCatalogStore  *store,
               gint64            serial,
               AvsCatalogSource  source)
{
  g_assert_cmpint (avs_catalog_get_serial (avs_catalog_store_get_catalog (store)), ==, serial);
  g_assert_cmpint (avs_catalog_store_get_source (store), ==, source);
}

/* The cached pair as it is on disk. */
typedef struct
{
  char *json;
  char *sig;
} Saved;

static void
saved_clear (Saved *s)
{
  g_clear_pointer (&s->json, g_free);
  g_clear_pointer (&s->sig, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Saved, saved_clear)

static void
read_saved (const char *cache_dir,
            Saved      *out)
{
  g_autofree char *json = g_build_filename (cache_dir, "alternatives.json", NULL);
  g_autofree char *sig = g_build_filename (cache_dir, "alternatives.json.minisig", NULL);

  g_assert_true (g_file_get_contents (json, &out->json, NULL, NULL));
  g_assert_true (g_file_get_contents (sig, &out->sig, NULL, NULL));
}

/* The pair on disk is still @before, byte for byte, and a new start uses it without a warning. */
static void
assert_cache_kept (const char *cache_dir,
                   Saved      *before,
                   gint64      serial)
{
  g_auto(Saved) after = { 0 };
  g_autoptr(AvsCatalogStore) again = NULL;

  read_saved (cache_dir, &after);
  g_assert_cmpstr (after.json, ==, before->json);
  g_assert_cmpstr (after.sig, ==, before->sig);
  again = new_store ("http://127.0.0.1:9/catalog.json", cache_dir);
  assert_in_use (again, serial, AVS_CATALOG_SOURCE_CACHE);
  g_assert_null (avs_catalog_store_get_load_warning (again));
}

/* A cache holding catalog 2, saved by a first refresh. */
static void
save_catalog_2 (const char *cache_dir,
                Saved      *out)
{
  g_auto(Server) server = { 0 };
  g_autoptr(AvsCatalogStore) store = NULL;
  g_auto(Result) r;

  server_start (&server, "serial-2");
  store = new_store (server.url, cache_dir);
  refresh (store, &r);
  g_assert_true (r.ok);
  g_assert_cmpint (r.refresh, ==, AVS_CATALOG_REFRESH_UPDATED);
  read_saved (cache_dir, out);
}

/* ---- private mount namespaces -------------------------------------------------------------- */

static gboolean
can_unshare (void)
{
  static int known = -1;

  if (known < 0)
    {
      const char *argv[] = { "unshare", "-m", "--", "sh", "-c",
                             "mount -t tmpfs -o size=64k avs-faults /mnt", NULL };
      int status = -1;

      known = geteuid () == 0 &&
              g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH |
                            G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                            NULL, NULL, NULL, NULL, &status, NULL) &&
              g_spawn_check_wait_status (status, NULL);
    }
  if (!known)
    g_test_skip ("a private mount namespace is needed (unshare -m as root) to make a full disk "
                 "or a read-only folder that root cannot write");
  return known;
}

/* Runs @argv inside a private mount namespace after @setup (a shell script whose $0 is @dir);
 * returns its exit status and output. */
static int
run_unshared (const char          *setup,
              const char          *dir,
              const char * const  *argv,
              const char * const  *env,
              char               **out_output)
{
  g_autoptr(GPtrArray) full = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_strconcat (setup, " && exec \"$@\"", NULL);
  char *output = NULL;

  for (const char *const *p = (const char *[]) { "unshare", "-m", "--", "sh", "-ec", script, dir, NULL }; *p; p++)
    g_ptr_array_add (full, (gpointer) *p);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full, (gpointer) argv[i]);
  g_ptr_array_add (full, NULL);

  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
  g_subprocess_launcher_set_stdin_file_path (launcher, "/dev/null");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) full->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s", output);
  if (out_output != NULL)
    *out_output = output;
  else
    g_free (output);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

#define MOUNT_READ_ONLY "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\""
#define MOUNT_SMALL_DISK "mount -t tmpfs -o size=256k,mode=0700 avs-faults \"$0\""

/* Runs this program's test @path inside a namespace set up by @setup on @dir. */
static void
run_inner_test (const char *setup,
                const char *dir,
                const char *path)
{
  g_autofree char *output = NULL;
  const char *argv[] = { argv0, "--tap", "-p", path, NULL };
  const char *env[] = { INNER_ENV, "1", CACHE_ENV, dir, NULL };
  int status = run_unshared (setup, dir, argv, env, &output);

  if (status != 0)
    g_error ("%s failed inside its mount namespace:\n%s", path, output);
  /* It ran, and was not skipped or left out. */
  g_assert_nonnull (strstr (output, "ok 1 "));
  g_assert_null (strstr (output, "# SKIP"));
}

/* ---- the catalog cache --------------------------------------------------------------------- */

/* Warnings from the store's own bookkeeping (its state file cannot be saved either) are part
 * of what is tested here, not a failure. */
static void
allow_warnings (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK);
}

static void
fill_disk_leaving (const char *dir,
                   gsize       room)
{
  g_autofree char *filler = g_build_filename (dir, "filler", NULL);
  char block[4096] = { 0 };
  FILE *file = fopen (filler, "w");
  off_t size = 0;

  g_assert_nonnull (file);
  setvbuf (file, NULL, _IONBF, 0);
  while (fwrite (block, 1, sizeof block, file) == sizeof block)
    size += sizeof block;
  g_assert_cmpint (errno, ==, ENOSPC);
  fclose (file);
  g_assert_cmpint (truncate (filler, size > (off_t) room ? size - (off_t) room : 0), ==, 0);
}

/* Inside: CACHE_ENV is a 256 KiB tmpfs. */
static void
test_cache_disk_full_inner (void)
{
  const char *cache_dir = g_getenv (CACHE_ENV);
  g_auto(Saved) before = { 0 };
  g_auto(Server) server = { 0 };
  g_autoptr(AvsCatalogStore) store = NULL;
  g_auto(Result) r;

  allow_warnings ();
  save_catalog_2 (cache_dir, &before);
  /* Room for the signature, not for the catalog. */
  fill_disk_leaving (cache_dir, 8192);

  server_start (&server, "serial-3-large");
  store = new_store (server.url, cache_dir);
  assert_in_use (store, 2, AVS_CATALOG_SOURCE_CACHE);
  refresh (store, &r);
  /* The download is good and used now; that it could not be kept is said, with the reason. */
  g_assert_true (r.ok);
  g_assert_cmpint (r.refresh, ==, AVS_CATALOG_REFRESH_UPDATED);
  g_assert_nonnull (strstr (r.message, "could not be saved"));
  g_assert_nonnull (strstr (r.message, g_strerror (ENOSPC)));
  assert_in_use (store, 3, AVS_CATALOG_SOURCE_NETWORK);
  /* The next start still has the last saved catalog, whole. */
  assert_cache_kept (cache_dir, &before, 2);

  /* With room again, the next refresh saves it. */
  {
    g_autofree char *filler = g_build_filename (cache_dir, "filler", NULL);
    g_auto(Result) again;
    g_auto(Saved) now = { 0 };

    g_assert_cmpint (g_unlink (filler), ==, 0);
    g_clear_object (&store);
    store = new_store (server.url, cache_dir);
    refresh (store, &again);
    g_assert_true (again.ok);
    g_assert_null (strstr (again.message, "could not be saved"));
    read_saved (cache_dir, &now);
    g_assert_cmpstr (now.json, !=, before.json);
  }
}

static void
test_cache_disk_full (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  if (!can_unshare ())
    return;
  dir = avs_test_make_tmpdir ("avs-faults-disk-XXXXXX");
  g_assert_no_error (error);
  run_inner_test (MOUNT_SMALL_DISK, dir, "/faults/catalog-cache/disk-full/inner");
  g_rmdir (dir);
}

/* Inside: CACHE_ENV, which holds catalog 2, is read-only. */
static void
test_cache_read_only_inner (void)
{
  const char *cache_dir = g_getenv (CACHE_ENV);
  g_auto(Saved) before = { 0 };
  g_auto(Server) server = { 0 };
  g_autoptr(AvsCatalogStore) store = NULL;
  g_auto(Result) r;

  allow_warnings ();
  read_saved (cache_dir, &before);
  server_start (&server, "serial-3-large");
  store = new_store (server.url, cache_dir);
  assert_in_use (store, 2, AVS_CATALOG_SOURCE_CACHE);
  refresh (store, &r);
  g_assert_true (r.ok);
  g_assert_nonnull (strstr (r.message, "could not be saved"));
  g_assert_nonnull (strstr (r.message, g_strerror (EROFS)));
  assert_in_use (store, 3, AVS_CATALOG_SOURCE_NETWORK);
  assert_cache_kept (cache_dir, &before, 2);
}

static void
test_cache_read_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *cache_dir = NULL;
  g_auto(Saved) before = { 0 };

  if (!can_unshare ())
    return;
  dir = avs_test_make_tmpdir ("avs-faults-ro-XXXXXX");
  g_assert_no_error (error);
  cache_dir = g_build_filename (dir, "cache", NULL);
  save_catalog_2 (cache_dir, &before);
  run_inner_test (MOUNT_READ_ONLY, cache_dir, "/faults/catalog-cache/read-only/inner");
  assert_cache_kept (cache_dir, &before, 2);
}

/* The child: downloads catalog 3 into the cache and is killed by the kernel half-way through
 * writing it. */
static void
killed_while_saving_child (void)
{
  const char *cache_dir = g_getenv (CACHE_ENV);
  g_auto(Server) server = { 0 };
  g_autoptr(AvsCatalogStore) store = NULL;
  struct rlimit limit = { 16 * 1024, 16 * 1024 };
  g_auto(Result) r;

  server_start (&server, "serial-3-large");
  store = new_store (server.url, cache_dir);
  signal (SIGXFSZ, SIG_DFL);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  refresh (store, &r);
  /* Not reached when the catalog is larger than the limit. */
  g_test_message ("the refresh ended: %s", r.ok ? r.message : r.error->message);
}

static void
test_cache_killed_while_saving (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *cache_dir = NULL;
  g_auto(Saved) before = { 0 };

  /* The child is killed: the folder is the parent's, so that it goes. */
  if (g_test_subprocess ())
    {
      killed_while_saving_child ();
      return;
    }
  dir = avs_test_make_tmpdir ("avs-faults-kill-XXXXXX");
  cache_dir = g_build_filename (dir, "cache", NULL);
  save_catalog_2 (cache_dir, &before);
  g_setenv (CACHE_ENV, cache_dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv (CACHE_ENV);
  /* Killed (by SIGXFSZ), not ended. */
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout_unmatched ("*the refresh ended*");
  assert_cache_kept (cache_dir, &before, 2);
}

/* ---- the state, the report: atomic writes -------------------------------------------------- */

/* The removal's state (avs-executor.c), its report (avs-cli-apply.c) and the plan's script
 * (avs-cli-plan.c) are all written by avs_file_write_atomic(): a writer killed half-way leaves
 * the old file whole. */
static void
test_state_killed_while_saving (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  const char *old = "{\"version\": 1, \"steps\": [\"done\"]}\n";

  /* The child is killed: the folder is the parent's, so that it goes. */
  if (g_test_subprocess ())
    {
      const char *target = g_getenv (CACHE_ENV);
      struct rlimit limit = { 64 * 1024, 64 * 1024 };
      gsize length = 1024 * 1024;
      g_autofree char *big = g_malloc (length);

      memset (big, ' ', length);
      signal (SIGXFSZ, SIG_DFL);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      avs_file_write_atomic (target, big, length, 0600, NULL);
      g_print ("the write ended\n");
      return;
    }

  dir = avs_test_make_tmpdir ("avs-faults-state-XXXXXX");
  path = g_build_filename (dir, "avswitch", "apply-state.json", NULL);
  g_assert_true (avs_file_write_atomic (path, old, strlen (old), 0600, &error));
  g_setenv (CACHE_ENV, path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv (CACHE_ENV);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout_unmatched ("*the write ended*");

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, old);
  /* And the next save works. */
  g_assert_true (avs_file_write_atomic (path, "{}", 2, 0600, &error));
  g_assert_no_error (error);
}

/* A full disk under the state folder: the save fails with the system's reason and the file
 * saved before is whole. */
static void
test_state_disk_full_inner (void)
{
  const char *dir = g_getenv (CACHE_ENV);
  g_autofree char *path = g_build_filename (dir, "avswitch", "apply-state.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *big = g_malloc0 (64 * 1024);
  const char *old = "{\"version\": 1}\n";

  g_assert_true (avs_file_write_atomic (path, old, strlen (old), 0600, &error));
  fill_disk_leaving (dir, 8192);
  g_assert_false (avs_file_write_atomic (path, big, 64 * 1024, 0600, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "apply-state.json"));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOSPC)));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, old);
}

static void
test_state_disk_full (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  if (!can_unshare ())
    return;
  dir = avs_test_make_tmpdir ("avs-faults-state-XXXXXX");
  g_assert_no_error (error);
  run_inner_test (MOUNT_SMALL_DISK, dir, "/faults/state/disk-full/inner");
  g_rmdir (dir);
}

/* `avswitch apply` with a read-only state folder: it says that it cannot keep its progress, the
 * removal goes on to the end, and the state and report saved before are untouched. */
static void
test_state_read_only_apply (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state_home = NULL;
  g_autofree char *state_dir = NULL;
  g_autofree char *state = NULL;
  g_autofree char *report = NULL;
  g_autofree char *output = NULL;
  g_autofree char *contents = NULL;
  const char *old_report = "{\"report\": \"before\"}\n";
  const AvsFixturePackage package = {
    .name = "kesl", .version = "11.2.0-4528",
    .files = (const char * const[]) { "/opt/kaspersky/kesl/bin/kesl-control", NULL },
  };
  int status;

  if (!can_unshare () || !avs_fixture_require ("dpkg"))
    return;
  f = avs_fixture_new ("debian");
  avs_fixture_dpkg_install (f, &package);
  state_home = avs_test_make_tmpdir ("avs-faults-apply-XXXXXX");
  g_assert_no_error (error);
  state_dir = g_build_filename (state_home, "avswitch", NULL);
  state = g_build_filename (state_dir, "apply-state.json", NULL);
  report = g_build_filename (state_dir, "apply-report.json", NULL);
  /* The report of an earlier run (a saved state would be resumed, so there is none). */
  g_assert_true (avs_file_write_atomic (report, old_report, strlen (old_report), 0600, &error));

  {
    const char *argv[] = { g_getenv ("AVSWITCH_BINARY"), "apply", "--root",
                           avs_fixture_get_root (f), "--yes", "--allow-disk-scripts", NULL };
    const char *env[] = { "XDG_STATE_HOME", state_home, "LC_ALL", "C", NULL };
    status = run_unshared (MOUNT_READ_ONLY, state_home, argv, env, &output);
  }
  /* The removal ran to the end… */
  g_assert_cmpint (status, ==, 0);
  {
    g_autofree char *gone = avs_fixture_path (f, "/opt/kaspersky/kesl/bin/kesl-control");
    g_assert_false (g_file_test (gone, G_FILE_TEST_EXISTS));
  }
  /* …said why its progress is not kept… */
  g_assert_nonnull (strstr (output, "apply-state.json"));
  g_assert_nonnull (strstr (output, g_strerror (EROFS)));
  /* …and lost nothing saved before. */
  g_assert_false (g_file_test (state, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (report, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, old_report);
}

/* ---- the scanner --------------------------------------------------------------------------- */

static const char *
not_checked_reason (JsonArray  *entries,
                    const char *path,
                    gboolean   *needs_admin)
{
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      const char *entry_path = json_object_get_string_member_with_default (entry, "path", NULL);
      const char *what = json_object_get_string_member_with_default (entry, "what", "");
      const char *reason = json_object_get_string_member_with_default (entry, "reason", "");

      if ((entry_path != NULL && g_str_has_prefix (entry_path, path)) ||
          strstr (what, path) != NULL || strstr (reason, path) != NULL)
        {
          *needs_admin = json_object_get_boolean_member_with_default (entry, "needs_admin", FALSE);
          return reason;
        }
    }
  return NULL;
}

/* Every place the scanner reads, unreadable: the package databases, the homes, the Kaspersky
 * folders, the certificate folders. As root the scan runs as an unprivileged user
 * (setpriv), since permissions do not stop root. */
static void
test_scanner_permission_denied (void)
{
  g_autoptr(AvsFixture) f = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *home = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *xdg = NULL;
  const char *locked[] = { "/var/lib/dpkg", "/opt/kaspersky", "/etc/ssl/certs", "/usr/share/ca-certificates", NULL };
  const AvsFixturePackage package = {
    .name = "kesl", .version = "11.2.0-4528",
    .files = (const char * const[]) { "/opt/kaspersky/kesl/bin/kesl-control", NULL },
  };
  JsonArray *not_checked;
  int status = -1;

  if (!avs_fixture_require ("dpkg"))
    return;
  if (geteuid () == 0 && !avs_fixture_require ("setpriv"))
    return;
  f = avs_fixture_new ("debian");
  avs_fixture_dpkg_install (f, &package);
  home = avs_fixture_add_user (f, "hank", 1007);
  g_free (avs_fixture_firefox_profile (f, home, "p.default",
                                       "light_plugin_ACF0E80077C511E59DED005056C00008@kaspersky.com"));
  avs_fixture_mkdir (f, "/etc/ssl/certs");
  avs_fixture_mkdir (f, "/usr/share/ca-certificates");

  /* The user can reach the root, and nothing inside the locked folders. */
  {
    g_autofree char *base = g_path_get_dirname (avs_fixture_get_root (f));
    g_assert_cmpint (g_chmod (base, 0755), ==, 0);
    g_assert_cmpint (g_chmod (avs_fixture_get_root (f), 0755), ==, 0);
  }
  avs_fixture_chmod (f, home, 0000);
  for (guint i = 0; locked[i] != NULL; i++)
    avs_fixture_chmod (f, locked[i], 0000);

  xdg = avs_test_make_tmpdir ("avs-faults-user-XXXXXX");
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (xdg, 0777), ==, 0);
  if (geteuid () == 0)
    {
      for (const char *const *p = (const char *[]) { "setpriv", "--reuid=65534", "--regid=65534",
                                                     "--clear-groups", "--inh-caps=-all", "--", NULL }; *p; p++)
        g_ptr_array_add (argv, (gpointer) *p);
    }
  g_ptr_array_add (argv, (gpointer) g_getenv ("AVSWITCH_BINARY"));
  for (const char *const *p = (const char *[]) { "scan", "--root", avs_fixture_get_root (f), "--json", NULL }; *p; p++)
    g_ptr_array_add (argv, (gpointer) *p);
  g_ptr_array_add (argv, NULL);
  {
    g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "HOME", xdg, TRUE);
    env = g_environ_setenv (env, "XDG_CACHE_HOME", xdg, TRUE);
    env = g_environ_setenv (env, "XDG_STATE_HOME", xdg, TRUE);
    env = g_environ_setenv (env, "LC_ALL", "C", TRUE);
    g_spawn_sync (xdg, (char **) argv->pdata, env, G_SPAWN_SEARCH_PATH, NULL, NULL,
                  &out, &err, &status, &error);
    g_assert_no_error (error);
  }
  for (guint i = 0; locked[i] != NULL; i++)
    avs_fixture_chmod (f, locked[i], 0755);
  avs_fixture_chmod (f, home, 0755);
  g_rmdir (xdg);
  g_test_message ("stderr: %s", err);

  /* It ended normally (1: found, 3: nothing found but the scan is incomplete), not by a crash,
   * and said what it missed; never 0 ("clean") for what it could not read. */
  g_assert_true (WIFEXITED (status));
  g_assert_true (WEXITSTATUS (status) == 1 || WEXITSTATUS (status) == 3);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  not_checked = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                              "not_checked");
  g_assert_nonnull (not_checked);
  {
    const char *expected[] = { "/var/lib/dpkg", "/opt/kaspersky", "/home/hank", NULL };

    for (guint i = 0; expected[i] != NULL; i++)
      {
        gboolean needs_admin = FALSE;
        const char *reason = not_checked_reason (not_checked, expected[i], &needs_admin);

        if (reason == NULL)
          g_error ("%s is not listed as not checked:\n%s", expected[i], out);
        g_test_message ("%s: %s", expected[i], reason);
        g_assert_cmpstr (reason, !=, "");
        g_assert_true (needs_admin);
      }
  }
}

/* A management tool that never answers: the scan waits its time-out (30 s), lists it as not
 * checked with a reason, and reports everything else. */
static void
test_scanner_command_hangs (void)
{
  g_autoptr(AvsFixture) f = avs_fixture_new ("debian");
  g_autoptr(GError) error = NULL;
  g_autoptr(AvsScanner) scanner = NULL;
  g_autoptr(AvsScanResult) result = NULL;
  GPtrArray *not_checked;
  gint64 start;
  gboolean found = FALSE;

  avs_fixture_write (f, "/opt/kaspersky/kesl/bin/kesl-control", "x");
  avs_fixture_write (f, "/opt/kaspersky/klnagent64/bin/klnagchk", "#!/bin/sh\nexec sleep 3600\n");
  avs_fixture_chmod (f, "/opt/kaspersky/klnagent64/bin/klnagchk", 0755);
  scanner = avs_scanner_new_for_root (avs_fixture_get_root (f), NULL, &error);
  g_assert_no_error (error);
  avs_scanner_set_treat_as_live (scanner, TRUE);
  avs_runner_set_is_root (avs_scanner_get_runner (scanner), TRUE);
  start = g_get_monotonic_time ();
  result = avs_scanner_scan_sync (scanner, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 90 * G_TIME_SPAN_SECOND);

  g_assert_false (avs_scan_result_is_clean (result));
  not_checked = avs_scan_result_get_not_checked (result);
  for (guint i = 0; i < not_checked->len; i++)
    {
      AvsNotChecked *entry = g_ptr_array_index (not_checked, i);

      g_test_message ("not checked: %s: %s", entry->what, entry->reason);
      if (strstr (entry->reason, "klnagchk") != NULL || (entry->path != NULL && strstr (entry->path, "klnagchk") != NULL))
        {
          found = TRUE;
          g_assert_nonnull (strstr (entry->reason, "30 seconds"));
        }
    }
  g_assert_true (found);
}

/* ---- setup --------------------------------------------------------------------------------- */

static void
write_work_file (const char *name,
                 GBytes     *data)
{
  g_autofree char *path = g_build_filename (work_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (data, NULL), (gssize) g_bytes_get_size (data), &error);
  g_assert_no_error (error);
}

static void
make_signed (AvsTestKey *key,
             const char *name,
             gint64      serial,
             guint       n_products)
{
  g_autoptr(GBytes) json = avs_test_catalog_json (serial, -60, 30 * 86400, n_products);
  g_autofree char *file = g_strconcat (name, ".json", NULL);
  g_autofree char *sig_name = g_strconcat (name, ".json.minisig", NULL);
  g_autoptr(GBytes) sig = avs_test_sign_bytes (key, work_dir, file, json);

  write_work_file (sig_name, sig);
}

/* The key and the signed catalogs, once; a child finds them through WORK_ENV. */
static void
prepare_work_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pub_path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (g_getenv (WORK_ENV) != NULL)
    work_dir = g_strdup (g_getenv (WORK_ENV));
  else
    {
      g_autoptr(AvsTestKey) key = NULL;

      work_dir = avs_test_make_tmpdir ("avs-faults-XXXXXX");
      g_assert_no_error (error);
      g_assert_cmpint (g_chmod (work_dir, 0755), ==, 0);
      key = avs_test_key_new (work_dir, "trusted");
      make_signed (key, "bundled", 1, 2);
      make_signed (key, "serial-2", 2, 3);
      /* Larger than the room left on the full disk and than the kill limit. */
      make_signed (key, "serial-3-large", 3, 200);
      g_setenv (WORK_ENV, work_dir, TRUE);
    }
  pub_path = g_build_filename (work_dir, "trusted.pub", NULL);
  g_file_get_contents (pub_path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 2);
  trusted_public = g_strdup (g_strstrip (lines[1]));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  argv0 = g_canonicalize_filename (argv[0], NULL);
  avs_test_init (&argc, &argv);
  avs_test_require_minisign ();

  prepare_work_dir ();

  if (g_getenv (INNER_ENV) != NULL)
    {
      g_test_add_func ("/faults/catalog-cache/disk-full/inner", test_cache_disk_full_inner);
      g_test_add_func ("/faults/catalog-cache/read-only/inner", test_cache_read_only_inner);
      g_test_add_func ("/faults/state/disk-full/inner", test_state_disk_full_inner);
    }
  g_test_add_func ("/faults/catalog-cache/disk-full", test_cache_disk_full);
  g_test_add_func ("/faults/catalog-cache/read-only", test_cache_read_only);
  g_test_add_func ("/faults/catalog-cache/killed-while-saving", test_cache_killed_while_saving);
  g_test_add_func ("/faults/state/killed-while-saving", test_state_killed_while_saving);
  g_test_add_func ("/faults/state/disk-full", test_state_disk_full);
  g_test_add_func ("/faults/state/read-only-apply", test_state_read_only_apply);
  g_test_add_func ("/faults/scanner/permission-denied", test_scanner_permission_denied);
  g_test_add_func ("/faults/scanner/command-hangs", test_scanner_command_hangs);

  status = g_test_run ();
  g_free (work_dir);
  g_free (trusted_public);
  g_free (argv0);
  return status;
}
