/* test-scan-result.c — the findings contract and its "avswitch-scan/1" JSON round trip
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string.h>

#include "avs-json.h"
#include "avs-scan-result.h"
#include "avs-test-common.h"

static AvsScanResult *
make_sample (void)
{
  static const char * const like[] = { "debian", NULL };
  AvsScanResult *result = avs_scan_result_new ("/mnt/disk");
  g_autoptr(AvsFinding) kesl = avs_finding_new (AVS_PRODUCT_KESL, "Kaspersky Endpoint Security for Linux");
  g_autoptr(AvsFinding) agent = avs_finding_new (AVS_PRODUCT_NETWORK_AGENT, "Kaspersky Security Center Network Agent");
  g_autoptr(GDateTime) updated = g_date_time_new_utc (2024, 9, 28, 12, 30, 0);

  avs_scan_result_set_host (result, "ubuntu", like, "22.04", "Ubuntu 22.04.4 LTS", "dpkg");

  avs_finding_set_version (kesl, "12.1.0-1297");
  avs_finding_set_state (kesl, AVS_INSTALL_STATE_INSTALLED);
  avs_finding_set_running (kesl, TRUE);
  avs_finding_set_managed (kesl, TRUE);
  avs_finding_set_signatures_updated (kesl, updated);
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", "dpkg");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_PACKAGE, "kesl", "dpkg"); /* duplicate: dropped */
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_SYMLINK, "/opt/kaspersky/kesl",
                            "/var/opt/kaspersky/kesl/install_12.1.0.1297/opt/kaspersky/kesl");
  avs_finding_add_evidence (kesl, AVS_EVIDENCE_UNIT, "kesl.service", "/usr/lib/systemd/system/kesl.service");
  avs_scan_result_add_finding (result, kesl);

  avs_finding_set_state (agent, AVS_INSTALL_STATE_LEFTOVERS);
  avs_finding_set_managed (agent, TRUE);
  avs_finding_set_management_server (agent, "ksc.example.test");
  avs_finding_add_evidence (agent, AVS_EVIDENCE_DIRECTORY, "/var/opt/kaspersky/klnagent", NULL);
  avs_scan_result_add_finding (result, agent);

  avs_scan_result_add_not_checked (result,
                                   avs_not_checked_new ("Firefox profiles of other users",
                                                        "No permission to read /home/alice.",
                                                        "/home/alice", TRUE));
  avs_scan_result_add_not_checked (result,
                                   avs_not_checked_new ("The rpm database", "rpm is not installed.",
                                                        NULL, FALSE));
  return result;
}

static void
test_enum_nicks (void)
{
  AvsEvidenceKind kind;
  AvsInstallState state;

  for (guint i = 0; i <= AVS_EVIDENCE_WINDOWS_INSTALL; i++)
    {
      const char *nick = avs_evidence_kind_to_string (i);
      g_assert_nonnull (nick);
      g_assert_true (avs_evidence_kind_from_string (nick, &kind));
      g_assert_cmpint (kind, ==, i);
    }
  g_assert_cmpstr (avs_evidence_kind_to_string (AVS_EVIDENCE_KERNEL_MODULE), ==, "kernel-module");
  g_assert_false (avs_evidence_kind_from_string ("kernel_module", &kind));
  g_assert_false (avs_evidence_kind_from_string (NULL, &kind));

  g_assert_cmpstr (avs_install_state_to_string (AVS_INSTALL_STATE_FILES_ONLY), ==, "files-only");
  g_assert_true (avs_install_state_from_string ("leftovers", &state));
  g_assert_cmpint (state, ==, AVS_INSTALL_STATE_LEFTOVERS);
  g_assert_false (avs_install_state_from_string ("gone", &state));
}

static void
test_model (void)
{
  g_autoptr(AvsScanResult) result = make_sample ();
  g_autoptr(AvsScanResult) clean = avs_scan_result_new ("/");
  AvsFinding *kesl = avs_scan_result_find (result, AVS_PRODUCT_KESL);
  g_auto(GStrv) packages = NULL;

  g_assert_nonnull (kesl);
  g_assert_null (avs_scan_result_find (result, AVS_PRODUCT_KVRT));
  g_assert_cmpuint (avs_finding_get_evidence (kesl)->len, ==, 3);
  packages = avs_finding_dup_values (kesl, AVS_EVIDENCE_PACKAGE);
  g_assert_cmpuint (g_strv_length (packages), ==, 1);
  g_assert_cmpstr (packages[0], ==, "kesl");
  g_assert_true (avs_finding_has_evidence (kesl, AVS_EVIDENCE_UNIT, NULL));
  g_assert_true (avs_finding_has_evidence (kesl, AVS_EVIDENCE_UNIT, "kesl.service"));
  g_assert_false (avs_finding_has_evidence (kesl, AVS_EVIDENCE_GROUP, NULL));

  g_assert_false (avs_scan_result_is_clean (result));
  g_assert_true (avs_scan_result_is_managed (result));
  g_assert_cmpstr (avs_scan_result_get_management_server (result), ==, "ksc.example.test");
  g_assert_false (avs_scan_result_get_live (result));

  g_assert_true (avs_scan_result_is_clean (clean));
  g_assert_false (avs_scan_result_is_managed (clean));
  g_assert_true (avs_scan_result_get_live (clean));
  g_assert_cmpstr (avs_scan_result_get_host (clean)->id, ==, "linux");
}

static void
assert_same (AvsScanResult *a,
             AvsScanResult *b)
{
  GPtrArray *fa = avs_scan_result_get_findings (a);
  GPtrArray *fb = avs_scan_result_get_findings (b);
  GPtrArray *na = avs_scan_result_get_not_checked (a);
  GPtrArray *nb = avs_scan_result_get_not_checked (b);
  AvsHostInfo *ha = avs_scan_result_get_host (a);
  AvsHostInfo *hb = avs_scan_result_get_host (b);

  g_assert_cmpstr (avs_scan_result_get_root (a), ==, avs_scan_result_get_root (b));
  g_assert_cmpint (avs_scan_result_get_live (a), ==, avs_scan_result_get_live (b));
  g_assert_true (g_date_time_equal (avs_scan_result_get_scanned_at (a), avs_scan_result_get_scanned_at (b)));
  g_assert_cmpstr (ha->id, ==, hb->id);
  g_assert_true (g_strv_equal ((const char * const *) ha->id_like, (const char * const *) hb->id_like));
  g_assert_cmpstr (ha->version_id, ==, hb->version_id);
  g_assert_cmpstr (ha->pretty_name, ==, hb->pretty_name);
  g_assert_cmpstr (ha->package_manager, ==, hb->package_manager);

  g_assert_cmpuint (fa->len, ==, fb->len);
  for (guint i = 0; i < fa->len; i++)
    {
      AvsFinding *x = g_ptr_array_index (fa, i);
      AvsFinding *y = g_ptr_array_index (fb, i);
      GPtrArray *ea = avs_finding_get_evidence (x);
      GPtrArray *eb = avs_finding_get_evidence (y);
      GDateTime *ux = avs_finding_get_signatures_updated (x);
      GDateTime *uy = avs_finding_get_signatures_updated (y);

      g_assert_cmpstr (avs_finding_get_product_id (x), ==, avs_finding_get_product_id (y));
      g_assert_cmpstr (avs_finding_get_name (x), ==, avs_finding_get_name (y));
      g_assert_cmpstr (avs_finding_get_version (x), ==, avs_finding_get_version (y));
      g_assert_cmpint (avs_finding_get_state (x), ==, avs_finding_get_state (y));
      g_assert_cmpint (avs_finding_get_running (x), ==, avs_finding_get_running (y));
      g_assert_cmpint (avs_finding_get_managed (x), ==, avs_finding_get_managed (y));
      g_assert_cmpstr (avs_finding_get_management_server (x), ==, avs_finding_get_management_server (y));
      g_assert_true ((ux == NULL) == (uy == NULL));
      if (ux != NULL)
        g_assert_true (g_date_time_equal (ux, uy));
      g_assert_cmpuint (ea->len, ==, eb->len);
      for (guint j = 0; j < ea->len; j++)
        {
          AvsEvidence *p = g_ptr_array_index (ea, j);
          AvsEvidence *q = g_ptr_array_index (eb, j);
          g_assert_cmpint (p->kind, ==, q->kind);
          g_assert_cmpstr (p->value, ==, q->value);
          g_assert_cmpstr (p->detail, ==, q->detail);
        }
    }

  g_assert_cmpuint (na->len, ==, nb->len);
  for (guint i = 0; i < na->len; i++)
    {
      AvsNotChecked *p = g_ptr_array_index (na, i);
      AvsNotChecked *q = g_ptr_array_index (nb, i);
      g_assert_cmpstr (p->what, ==, q->what);
      g_assert_cmpstr (p->reason, ==, q->reason);
      g_assert_cmpstr (p->path, ==, q->path);
      g_assert_cmpint (p->needs_admin, ==, q->needs_admin);
    }
}

static void
test_round_trip (void)
{
  g_autoptr(AvsScanResult) result = make_sample ();
  g_autoptr(AvsScanResult) back = NULL;
  g_autoptr(AvsScanResult) file_back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *data = NULL;
  g_autofree char *again = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  gsize length = 0;

  data = avs_scan_result_to_data (result, &length);
  g_assert_cmpuint (length, ==, strlen (data));
  g_assert_true (g_str_has_suffix (data, "}\n"));
  g_assert_nonnull (strstr (data, "\"schema\" : \"avswitch-scan/1\""));
  g_assert_nonnull (strstr (data, "\"kind\" : \"symlink\""));
  g_assert_nonnull (strstr (data, "\"signatures_updated\" : \"2024-09-28T12:30:00Z\""));

  node = avs_json_parse_data (data, length, "scan.json", &error);
  g_assert_no_error (error);
  back = avs_scan_result_new_from_json (node, &error);
  g_assert_no_error (error);
  assert_same (result, back);

  /* Byte for byte the same document once more. */
  again = avs_scan_result_to_data (back, NULL);
  g_assert_cmpstr (data, ==, again);

  dir = avs_test_make_tmpdir ("avs-scan-result-XXXXXX");
  g_assert_no_error (error);
  path = g_build_filename (dir, "scan.json", NULL);
  g_assert_true (g_file_set_contents (path, data, (gssize) length, &error));
  file_back = avs_scan_result_load_file (path, &error);
  g_assert_no_error (error);
  assert_same (result, file_back);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_empty_round_trip (void)
{
  g_autoptr(AvsScanResult) result = avs_scan_result_new ("/");
  g_autoptr(AvsScanResult) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *data = avs_scan_result_to_data (result, NULL);

  g_assert_nonnull (strstr (data, "\"clean\" : true"));
  node = avs_json_parse_data (data, strlen (data), "scan.json", &error);
  g_assert_no_error (error);
  back = avs_scan_result_new_from_json (node, &error);
  g_assert_no_error (error);
  assert_same (result, back);
}

typedef struct
{
  const char *json;
  const char *expected;  /* a fragment of the message */
} BadDocument;

#define HOST "\"host\": {\"id\": \"debian\"}"
#define HEAD "\"schema\": \"avswitch-scan/1\", \"root\": \"/\", \"live\": true, " HOST

static void
test_strict_loader (void)
{
  static const BadDocument bad[] = {
    { "{\"schema\": \"avswitch-scan/2\"}", "avswitch-scan/2" },
    { "{\"root\": \"/\"}", "“schema” is missing" },
    { "{" HEAD ", \"findings\": [], \"not_checked\": [], \"extra\": 1}", "unknown key “extra”" },
    { "{" HEAD ", \"findings\": []}", "“not_checked” is missing" },
    { "{\"schema\": \"avswitch-scan/1\", \"root\": \"rel\", \"live\": true, " HOST ", \"findings\": [], \"not_checked\": []}", "absolute" },
    { "{" HEAD ", \"findings\": [1], \"not_checked\": []}", "$.findings[0] must be an object" },
    { "{" HEAD ", \"findings\": [{\"product\": \"KESL\", \"name\": \"x\", \"state\": \"installed\", \"evidence\": []}], \"not_checked\": []}", "lower-case" },
    { "{" HEAD ", \"findings\": [{\"product\": \"kesl\", \"name\": \"x\", \"state\": \"gone\", \"evidence\": []}], \"not_checked\": []}", "“state”" },
    { "{" HEAD ", \"findings\": [{\"product\": \"kesl\", \"name\": \"x\", \"state\": \"installed\", \"evidence\": [{\"kind\": \"rumour\", \"value\": \"v\"}]}], \"not_checked\": []}", "$.findings[0].evidence[0]" },
    { "{" HEAD ", \"findings\": [{\"product\": \"kesl\", \"name\": \"x\", \"state\": \"installed\", \"evidence\": [{\"kind\": \"file\", \"value\": 3}]}], \"not_checked\": []}", "must be a string" },
    { "{" HEAD ", \"findings\": [{\"product\": \"kesl\", \"name\": \"x\", \"state\": \"installed\", \"evidence\": []}, {\"product\": \"kesl\", \"name\": \"x\", \"state\": \"installed\", \"evidence\": []}], \"not_checked\": []}", "twice" },
    { "{" HEAD ", \"findings\": [{\"product\": \"kesl\", \"name\": \"x\", \"state\": \"installed\", \"signatures_updated\": \"yesterday\", \"evidence\": []}], \"not_checked\": []}", "$.findings[0]: “signatures_updated” is not a date and time" },
    { "{" HEAD ", \"clean\": true, \"findings\": [{\"product\": \"kesl\", \"name\": \"x\", \"state\": \"installed\", \"evidence\": []}], \"not_checked\": []}", "“clean”" },
    { "{" HEAD ", \"findings\": [], \"not_checked\": [{\"what\": \"x\"}]}", "“reason” is missing" },
    { "{" HEAD ", \"findings\": [], \"not_checked\": [{\"what\": \"x\", \"reason\": \"y\", \"needs_admin\": \"yes\"}]}", "true or false" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = avs_json_parse_data (bad[i].json, strlen (bad[i].json), "bad.json", &error);
      g_autoptr(AvsScanResult) result = NULL;

      g_assert_no_error (error);
      result = avs_scan_result_new_from_json (node, &error);
      g_test_message ("case %u: %s", i, error != NULL ? error->message : "(accepted)");
      g_assert_null (result);
      g_assert_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA);
      g_assert_nonnull (strstr (error->message, bad[i].expected));
    }
}

static void
test_load_file_names_the_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = avs_test_make_tmpdir ("avs-scan-result-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "broken-scan.json", NULL);
  g_autoptr(AvsScanResult) result = NULL;

  g_assert_true (g_file_set_contents (path, "{\"schema\": \"avswitch-scan/1\"}", -1, NULL));
  result = avs_scan_result_load_file (path, &error);
  g_assert_null (result);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "broken-scan.json"));
  g_assert_nonnull (strstr (error->message, "“root”"));
  g_unlink (path);
  g_rmdir (dir);
}

/* A FIFO, a device or a folder named as a saved scan is refused at once: opening a FIFO for
 * reading would wait for a writer for ever (the test would time out), and a device is not a
 * document. A file over the limit is refused by its size. */
static void
test_load_file_not_regular (void)
{
  g_autofree char *dir = avs_test_make_tmpdir ("avs-scan-result-XXXXXX");
  g_autofree char *fifo = g_build_filename (dir, "scan.json", NULL);
  g_autofree char *huge = g_build_filename (dir, "huge.json", NULL);
  const char *not_regular[] = { fifo, "/dev/zero", dir };
  int fd;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (not_regular); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AvsScanResult) result = avs_scan_result_load_file (not_regular[i], &error);

      g_assert_null (result);
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
      g_assert_nonnull (strstr (error->message, "not a regular file"));
    }

  fd = g_open (huge, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, AVS_JSON_DEFAULT_MAX_SIZE + 1), ==, 0);
  g_close (fd, NULL);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AvsScanResult) result = avs_scan_result_load_file (huge, &error);

    g_assert_null (result);
    g_assert_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_TOO_LARGE);
  }
  g_unlink (huge);
  g_unlink (fifo);
  g_rmdir (dir);
}

/* Many planted names (files any user can create in /tmp) are kept once each, and a duplicate
 * is refused whatever its position; the count of entries is what was added. */
static void
test_many_evidence_entries (void)
{
  g_autoptr(AvsFinding) finding = avs_finding_new ("kesl", "Kaspersky Endpoint Security for Linux");
  const guint n = 50000;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("/tmp/kesl-%u.log", i);

      avs_finding_add_evidence (finding, AVS_EVIDENCE_FILE, path, NULL);
    }
  /* The same again, and the same names with another kind or detail, which are other entries. */
  for (guint i = 0; i < n; i += 7)
    {
      g_autofree char *path = g_strdup_printf ("/tmp/kesl-%u.log", i);

      avs_finding_add_evidence (finding, AVS_EVIDENCE_FILE, path, NULL);
    }
  avs_finding_add_evidence (finding, AVS_EVIDENCE_DIRECTORY, "/tmp/kesl-1.log", NULL);
  avs_finding_add_evidence (finding, AVS_EVIDENCE_FILE, "/tmp/kesl-1.log", "detail");
  avs_finding_add_evidence (finding, AVS_EVIDENCE_FILE, "/tmp/kesl-1.log", "detail");

  g_assert_cmpuint (avs_finding_get_evidence (finding)->len, ==, n + 2);
  g_assert_true (avs_finding_has_evidence (finding, AVS_EVIDENCE_FILE, "/tmp/kesl-49999.log"));
  g_assert_false (avs_finding_has_evidence (finding, AVS_EVIDENCE_FILE, "/tmp/kesl-50000.log"));
}

int
main (int    argc,
      char **argv)
{
  avs_test_init (&argc, &argv);

  g_test_add_func ("/scan-result/enum-nicks", test_enum_nicks);
  g_test_add_func ("/scan-result/model", test_model);
  g_test_add_func ("/scan-result/round-trip", test_round_trip);
  g_test_add_func ("/scan-result/empty-round-trip", test_empty_round_trip);
  g_test_add_func ("/scan-result/strict-loader", test_strict_loader);
  g_test_add_func ("/scan-result/load-file-names-the-file", test_load_file_names_the_file);
  g_test_add_func ("/scan-result/load-file-not-regular", test_load_file_not_regular);
  g_test_add_func ("/scan-result/many-evidence-entries", test_many_evidence_entries);

  return g_test_run ();
}
