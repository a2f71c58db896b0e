/* avs-scanner-browsers.c — home folders: browser profiles and their extensions, native
 * messaging hosts, NSS databases and the files a rule names inside a home
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Part of AvsScanner: the scan's state and the helpers every evidence family shares are
 * declared in avs-scanner-private.h.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "avs-json.h"
#include "avs-scanner-private.h"

#define BROWSER_PREFS_MAX   (16 * 1024 * 1024)

/* ---------------------------------------------------------------------------------------------
 * Home directories and browsers
 * ------------------------------------------------------------------------------------------- */

static void
find_homes (AvsScan *scan)
{
  const char * const *requested = _avs_scanner_get_homes (scan->scanner);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *passwd = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;

  if (requested != NULL)
    {
      for (guint i = 0; requested[i] != NULL; i++)
        g_ptr_array_add (scan->homes, g_strdup (requested[i]));
      return;
    }

  passwd = avs_host_read_text (scan->host, "/etc/passwd", AVS_HOST_LARGE_FILE, NULL, NULL);
  if (passwd != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (passwd, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_auto(GStrv) fields = g_strsplit (lines[i], ":", 7);
          gint64 uid;

          if (g_strv_length (fields) < 7)
            continue;
          uid = g_ascii_strtoll (fields[2], NULL, 10);
          /* Real people (uid ≥ 1000, not nobody) and root. */
          if ((uid >= 1000 && uid < 65534) || uid == 0)
            {
              if (g_path_is_absolute (fields[5]) && !g_str_equal (fields[5], "/") &&
                  avs_host_hides (scan->host, fields[5]))
                {
                  /* Flatpak shows the sandbox the user's own home at most. */
                  /* Translators: %s is a folder */
                  g_autofree char *what = g_strdup_printf (_("The home folder %s"), fields[5]);

                  _avs_scan_not_checked (scan, what,
                                         _("AV Switch’s Flatpak sandbox is shown only your own home folder, so the browser extensions and certificate databases in this one were not checked. Its owner can scan with AV Switch, or an administrator can scan the whole computer outside the sandbox."),
                                         fields[5], FALSE);
                }
              else if (g_path_is_absolute (fields[5]) && !g_str_equal (fields[5], "/") &&
                       !g_hash_table_contains (seen, fields[5]))
                {
                  g_ptr_array_add (scan->homes, g_strdup (fields[5]));
                  g_hash_table_add (seen, g_ptr_array_index (scan->homes, scan->homes->len - 1));
                }
            }
        }
    }

  names = avs_host_list_dir (scan->host, "/home", &error);
  if (names == NULL && !g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND))
    _avs_scan_not_checked_error (scan, _("Home folders"), error, "/home");
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *home = g_build_filename ("/home", names[i], NULL);
      if (!g_hash_table_contains (seen, home) &&
          avs_host_query (scan->host, home, TRUE, NULL, NULL) == AVS_HOST_FILE_DIRECTORY)
        {
          g_ptr_array_add (scan->homes, g_steal_pointer (&home));
          g_hash_table_add (seen, g_ptr_array_index (scan->homes, scan->homes->len - 1));
        }
    }
}

static void
extension_found (AvsScan    *scan,
                 const char *browser,
                 const char *id,
                 const char *profile)
{
  for (guint i = 0; i < scan->products->len; i++)
    {
      AvsScanProduct *product = g_ptr_array_index (scan->products, i);
      for (guint j = 0; j < product->rule->signals->len; j++)
        {
          AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
          if (signal->kind == AVS_RULE_BROWSER_EXTENSION && g_str_equal (signal->browser, browser) &&
              g_str_equal (signal->value, id))
            _avs_scan_evidence (scan, product, signal, AVS_EVIDENCE_BROWSER_EXTENSION, id, profile);
        }
    }
}

void
_avs_scan_chromium_profile (AvsScan    *scan,
                            const char *profile)
{
  static const char * const prefs[] = { "Preferences", "Secure Preferences", NULL };

  for (guint i = 0; i < scan->products->len; i++)
    {
      AvsScanProduct *product = g_ptr_array_index (scan->products, i);
      for (guint j = 0; j < product->rule->signals->len; j++)
        {
          AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
          g_autofree char *dir = NULL;

          if (signal->kind != AVS_RULE_BROWSER_EXTENSION || !g_str_equal (signal->browser, "chromium"))
            continue;
          dir = g_build_filename (profile, "Extensions", signal->value, NULL);
          if (avs_host_exists (scan->host, dir))
            _avs_scan_evidence (scan, product, signal, AVS_EVIDENCE_BROWSER_EXTENSION, signal->value, profile);
        }
    }

  /* Extensions installed by policy or from a file may be listed only in the preferences. */
  for (guint p = 0; prefs[p] != NULL; p++)
    {
      g_autofree char *path = g_build_filename (profile, prefs[p], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = avs_host_read_bytes (scan->host, path, BROWSER_PREFS_MAX, &error);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *object, *extensions, *settings;
      JsonObjectIter iter;
      const char *id;
      JsonNode *node;

      if (bytes == NULL)
        {
          if (!g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND))
            _avs_scan_not_checked_error (scan, _("Browser extensions"), error, path);
          continue;
        }
      root = avs_json_parse_bytes (bytes, path, BROWSER_PREFS_MAX, AVS_JSON_DEFAULT_MAX_DEPTH, &error);
      if (root == NULL)
        {
          _avs_scan_not_checked (scan, _("Browser extensions"), error->message, path, FALSE);
          continue;
        }
      object = json_node_get_object (root);
      if (!json_object_has_member (object, "extensions") ||
          !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "extensions")))
        continue;
      extensions = json_object_get_object_member (object, "extensions");
      if (!json_object_has_member (extensions, "settings") ||
          !JSON_NODE_HOLDS_OBJECT (json_object_get_member (extensions, "settings")))
        continue;
      settings = json_object_get_object_member (extensions, "settings");
      json_object_iter_init (&iter, settings);
      while (json_object_iter_next (&iter, &id, &node))
        extension_found (scan, "chromium", id, profile);
    }
}

static void
scan_chromium_dir (AvsScan    *scan,
                   const char *config)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;

  if (avs_host_query (scan->host, config, TRUE, NULL, NULL) != AVS_HOST_FILE_DIRECTORY)
    return;
  names = avs_host_list_dir (scan->host, config, &error);
  if (names == NULL)
    {
      _avs_scan_not_checked_error (scan, _("Browser extensions"), error, config);
      return;
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *profile = NULL;

      if (!g_str_equal (names[i], "Default") && !g_str_has_prefix (names[i], "Profile ") &&
          !g_str_equal (names[i], "Guest Profile"))
        continue;
      profile = g_build_filename (config, names[i], NULL);
      _avs_scan_chromium_profile (scan, profile);
    }
}

void
_avs_scan_firefox_profile (AvsScan    *scan,
                           const char *profile)
{
  g_autofree char *ext_dir = g_build_filename (profile, "extensions", NULL);
  g_autofree char *ext_json = g_build_filename (profile, "extensions.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *addons;

  for (guint i = 0; i < scan->products->len; i++)
    {
      AvsScanProduct *product = g_ptr_array_index (scan->products, i);
      for (guint j = 0; j < product->rule->signals->len; j++)
        {
          AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
          g_autofree char *xpi = NULL;
          g_autofree char *unpacked = NULL;

          if (signal->kind != AVS_RULE_BROWSER_EXTENSION || !g_str_equal (signal->browser, "firefox"))
            continue;
          xpi = g_strdup_printf ("%s/%s.xpi", ext_dir, signal->value);
          unpacked = g_build_filename (ext_dir, signal->value, NULL);
          if (avs_host_exists (scan->host, xpi) || avs_host_exists (scan->host, unpacked))
            _avs_scan_evidence (scan, product, signal, AVS_EVIDENCE_BROWSER_EXTENSION, signal->value, profile);
        }
    }

  bytes = avs_host_read_bytes (scan->host, ext_json, BROWSER_PREFS_MAX, &error);
  if (bytes == NULL)
    {
      if (!g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND))
        _avs_scan_not_checked_error (scan, _("Browser extensions"), error, ext_json);
      return;
    }
  root = avs_json_parse_bytes (bytes, ext_json, BROWSER_PREFS_MAX, AVS_JSON_DEFAULT_MAX_DEPTH, &error);
  if (root == NULL)
    {
      _avs_scan_not_checked (scan, _("Browser extensions"), error->message, ext_json, FALSE);
      return;
    }
  if (!json_object_has_member (json_node_get_object (root), "addons") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "addons")))
    return;
  addons = json_object_get_array_member (json_node_get_object (root), "addons");
  for (guint i = 0; i < json_array_get_length (addons); i++)
    {
      JsonNode *node = json_array_get_element (addons, i);
      JsonNode *id_node;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      id_node = json_object_get_member (json_node_get_object (node), "id");
      if (id_node != NULL && JSON_NODE_HOLDS_VALUE (id_node) &&
          json_node_get_value_type (id_node) == G_TYPE_STRING)
        extension_found (scan, "firefox", json_node_get_string (id_node), profile);
    }
}

static void
scan_firefox_dir (AvsScan    *scan,
                  const char *mozilla,
                  gboolean   *certutil_checked,
                  gboolean   *have_certutil)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;

  if (avs_host_query (scan->host, mozilla, TRUE, NULL, NULL) != AVS_HOST_FILE_DIRECTORY)
    return;
  names = avs_host_list_dir (scan->host, mozilla, &error);
  if (names == NULL)
    {
      _avs_scan_not_checked_error (scan, _("Browser extensions"), error, mozilla);
      return;
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *profile = g_build_filename (mozilla, names[i], NULL);
      g_autofree char *prefs = g_build_filename (profile, "prefs.js", NULL);
      g_autofree char *times = g_build_filename (profile, "times.json", NULL);
      g_autofree char *ext = g_build_filename (profile, "extensions.json", NULL);

      if (avs_host_query (scan->host, profile, TRUE, NULL, NULL) != AVS_HOST_FILE_DIRECTORY)
        continue;
      if (!avs_host_exists (scan->host, prefs) && !avs_host_exists (scan->host, times) &&
          !avs_host_exists (scan->host, ext))
        continue;   /* not a profile ("Crash Reports", "Pending Pings") */
      _avs_scan_firefox_profile (scan, profile);
      _avs_scan_nss_db (scan, profile, certutil_checked, have_certutil);
    }
}

static void
scan_native_messaging_dir (AvsScan    *scan,
                           const char *dir)
{
  for (guint i = 0; i < scan->products->len; i++)
    {
      AvsScanProduct *product = g_ptr_array_index (scan->products, i);
      for (guint j = 0; j < product->rule->signals->len; j++)
        {
          AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
          g_autofree char *path = NULL;

          if (signal->kind != AVS_RULE_NATIVE_MESSAGING_HOST)
            continue;
          path = g_strdup_printf ("%s/%s.json", dir, signal->value);
          if (avs_host_exists (scan->host, path))
            _avs_scan_evidence (scan, product, signal, AVS_EVIDENCE_FILE, path, NULL);
        }
    }
}

/* Chromium-family browsers: their folder under ~/.config (also inside Flatpak and Snap). */
static const char * const chromium_dirs[] = {
  "google-chrome", "google-chrome-beta", "google-chrome-unstable", "chromium",
  "BraveSoftware/Brave-Browser", "microsoft-edge", "microsoft-edge-beta", "microsoft-edge-dev",
  "vivaldi", "opera", "yandex-browser", NULL
};

static const char * const chromium_flatpaks[] = {
  "com.google.Chrome", "org.chromium.Chromium", "com.brave.Browser", "com.microsoft.Edge",
  "com.vivaldi.Vivaldi", "com.opera.Opera", NULL
};

static void
scan_home (AvsScan    *scan,
           const char *home,
           gboolean   *certutil_checked,
           gboolean   *have_certutil)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) top = NULL;

  /* Can the home be read at all? */
  top = avs_host_list_dir (scan->host, home, &error);
  if (top == NULL)
    {
      if (!g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND))
        {
          g_autofree char *what = g_strdup_printf (_("Browser profiles, certificates and Kaspersky folders in %s"), home);
          _avs_scan_not_checked (scan, what, error->message, home, avs_host_error_needs_admin (error));
        }
      return;
    }

  /* Home paths (KVRT data, Kaspersky 24.0 working folder). */
  for (guint i = 0; i < scan->products->len; i++)
    {
      AvsScanProduct *product = g_ptr_array_index (scan->products, i);
      for (guint j = 0; j < product->rule->signals->len; j++)
        {
          AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
          g_autoptr(GPtrArray) paths = NULL;

          if (signal->kind != AVS_RULE_HOME_PATH)
            continue;
          paths = g_ptr_array_new_with_free_func (g_free);
          _avs_scan_expand_path (scan, home, signal->path_parts, paths, _("Kaspersky files and folders"));
          for (guint k = 0; k < paths->len; k++)
            _avs_scan_check_path (scan, product, signal, g_ptr_array_index (paths, k), AVS_EVIDENCE_FILE);
        }
    }

  for (guint b = 0; chromium_dirs[b] != NULL && !_avs_scan_cancelled (scan); b++)
    {
      g_autofree char *config = g_build_filename (home, ".config", chromium_dirs[b], NULL);
      g_autofree char *nm = g_build_filename (config, "NativeMessagingHosts", NULL);
      scan_chromium_dir (scan, config);
      scan_native_messaging_dir (scan, nm);
    }
  for (guint b = 0; chromium_flatpaks[b] != NULL && !_avs_scan_cancelled (scan); b++)
    {
      g_autofree char *app = g_build_filename (home, ".var/app", chromium_flatpaks[b], "config", NULL);

      if (avs_host_query (scan->host, app, TRUE, NULL, NULL) != AVS_HOST_FILE_DIRECTORY)
        continue;
      for (guint c = 0; chromium_dirs[c] != NULL; c++)
        {
          g_autofree char *config = g_build_filename (app, chromium_dirs[c], NULL);
          scan_chromium_dir (scan, config);
        }
    }
  {
    g_autofree char *snap = g_build_filename (home, "snap/chromium/common/chromium", NULL);
    scan_chromium_dir (scan, snap);
  }

  {
    static const char * const mozillas[] = {
      ".mozilla/firefox", ".var/app/org.mozilla.firefox/.mozilla/firefox",
      "snap/firefox/common/.mozilla/firefox", NULL
    };
    g_autofree char *nm = g_build_filename (home, ".mozilla/native-messaging-hosts", NULL);

    for (guint m = 0; mozillas[m] != NULL && !_avs_scan_cancelled (scan); m++)
      {
        g_autofree char *dir = g_build_filename (home, mozillas[m], NULL);
        scan_firefox_dir (scan, dir, certutil_checked, have_certutil);
      }
    scan_native_messaging_dir (scan, nm);
  }

  {
    g_autofree char *nssdb = g_build_filename (home, ".pki/nssdb", NULL);
    _avs_scan_nss_db (scan, nssdb, certutil_checked, have_certutil);
  }
}

void
_avs_scan_homes (AvsScan *scan,
                 double   from,
                 double   to)
{
  static const char * const system_nm[] = {
    "/etc/opt/chrome/native-messaging-hosts", "/etc/chromium/native-messaging-hosts",
    "/etc/opt/edge/native-messaging-hosts", "/usr/lib/mozilla/native-messaging-hosts",
    "/usr/lib64/mozilla/native-messaging-hosts", NULL
  };
  gboolean certutil_checked = FALSE, have_certutil = FALSE;

  for (guint i = 0; system_nm[i] != NULL; i++)
    scan_native_messaging_dir (scan, system_nm[i]);
  /* Fedora's system-wide NSS database. */
  _avs_scan_nss_db (scan, "/etc/pki/nssdb", &certutil_checked, &have_certutil);

  find_homes (scan);
  for (guint i = 0; i < scan->homes->len && !_avs_scan_cancelled (scan); i++)
    {
      const char *home = g_ptr_array_index (scan->homes, i);
      g_autofree char *step = g_strdup_printf (_("Looking at browsers and certificates in %s"), home);

      _avs_scan_progress (scan, from + (to - from) * i / MAX (1, scan->homes->len), step);
      scan_home (scan, home, &certutil_checked, &have_certutil);
    }
}
