/* avs-scanner-certificates.c — certificate evidence: the system's trust store and users' NSS
 * databases (read through a private copy)
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Part of AvsScanner: the scan's state and the helpers every evidence family shares are
 * declared in avs-scanner-private.h.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "avs-fileutil.h"
#include "avs-scanner-private.h"
#include "avs-x509.h"

#define MAX_NSS_CERTS       200

/* ---------------------------------------------------------------------------------------------
 * Certificates
 * ------------------------------------------------------------------------------------------- */

static void
certificate_subject (AvsScan    *scan,
                     const char *subject,
                     const char *where,
                     gboolean    nss)
{
  for (guint i = 0; i < scan->products->len; i++)
    {
      AvsScanProduct *product = g_ptr_array_index (scan->products, i);
      for (guint j = 0; j < product->rule->signals->len; j++)
        {
          AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
          if (signal->kind == AVS_RULE_CERTIFICATE && g_regex_match (signal->regex, subject, 0, NULL))
            _avs_scan_evidence (scan, product, signal,
                                nss ? AVS_EVIDENCE_NSS_CERTIFICATE : AVS_EVIDENCE_CERTIFICATE, subject, where);
        }
    }
}

/* Every PEM certificate in @text. */
static void
scan_pem_text (AvsScan    *scan,
               const char *text,
               const char *where)
{
  static const char begin[] = "-----BEGIN CERTIFICATE-----";
  static const char end[] = "-----END CERTIFICATE-----";
  const char *p = text;

  while ((p = strstr (p, begin)) != NULL)
    {
      const char *e = strstr (p, end);
      const char *subject;
      char *pem;

      if (e == NULL)
        break;
      e += sizeof end - 1;
      pem = g_strndup (p, e - p);
      p = e;
      subject = g_hash_table_lookup (scan->subjects, pem);
      if (subject == NULL)
        {
          char *name = avs_x509_subject_from_pem (pem, strlen (pem));

          subject = name != NULL ? name : g_strdup ("");
          g_hash_table_insert (scan->subjects, pem, (char *) subject);
        }
      else
        g_free (pem);
      if (*subject != '\0')
        certificate_subject (scan, subject, where, FALSE);
    }
}

static void
scan_certificate_file (AvsScan    *scan,
                       const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *resolved = avs_host_resolve (scan->host, path, TRUE, &error);
  g_autofree char *text = NULL;

  if (resolved == NULL)
    {
      if (!g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND))
        _avs_scan_not_checked_error (scan, _("Trusted certificates"), error, path);
      return;
    }
  /* /etc/ssl/certs links to /usr/share/ca-certificates: read each file once. */
  if (g_hash_table_contains (scan->seen_files, resolved))
    return;
  g_hash_table_add (scan->seen_files, g_strdup (resolved));

  text = avs_host_read_text (scan->host, path, AVS_HOST_LARGE_FILE, NULL, &error);
  if (text == NULL)
    {
      if (!g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_REGULAR) &&
          !g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND))
        _avs_scan_not_checked_error (scan, _("Trusted certificates"), error, path);
      return;
    }
  if (strstr (text, "-----BEGIN CERTIFICATE-----") == NULL)
    return;   /* DER files are not used as anchors by these distributions' tools */
  scan_pem_text (scan, text, path);
}

static void
scan_certificate_dir (AvsScan    *scan,
                      const char *dir,
                      guint       depth)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  if (avs_host_query (scan->host, dir, TRUE, NULL, NULL) != AVS_HOST_FILE_DIRECTORY)
    return;
  names = avs_host_list_dir (scan->host, dir, &error);
  if (names == NULL)
    {
      _avs_scan_not_checked_error (scan, _("Trusted certificates"), error, dir);
      return;
    }
  for (guint i = 0; names[i] != NULL && !_avs_scan_cancelled (scan); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      AvsHostFileType type = avs_host_query (scan->host, path, TRUE, NULL, NULL);

      if (type == AVS_HOST_FILE_DIRECTORY && depth > 0)
        scan_certificate_dir (scan, path, depth - 1);
      else if (type == AVS_HOST_FILE_REGULAR)
        scan_certificate_file (scan, path);
    }
}

void
_avs_scan_certificates (AvsScan *scan)
{
  /* Anchor folders and bundles of the Debian, Fedora/RHEL, SUSE and Arch families. */
  static const char * const dirs[] = {
    "/usr/local/share/ca-certificates",                 /* Debian, Ubuntu */
    "/usr/share/ca-certificates",
    "/etc/ssl/certs",
    "/etc/pki/ca-trust/source/anchors",                 /* Fedora, RHEL */
    "/usr/share/pki/ca-trust-source/anchors",
    "/etc/pki/trust/anchors",                           /* SUSE */
    "/usr/share/pki/trust/anchors",
    "/etc/ca-certificates/trust-source/anchors",        /* Arch */
    "/usr/share/ca-certificates/trust-source/anchors",
    NULL
  };
  static const char * const bundles[] = {
    "/etc/ssl/certs/ca-certificates.crt",               /* Debian */
    "/etc/pki/tls/certs/ca-bundle.crt",                 /* Fedora, RHEL */
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/var/lib/ca-certificates/ca-bundle.pem",           /* SUSE */
    "/etc/ca-certificates/extracted/tls-ca-bundle.pem", /* Arch */
    "/etc/ssl/cert.pem",
    NULL
  };
  gboolean wanted = FALSE;

  for (guint i = 0; i < scan->products->len && !wanted; i++)
    {
      AvsScanProduct *product = g_ptr_array_index (scan->products, i);
      for (guint j = 0; j < product->rule->signals->len; j++)
        if (((AvsRuleSignal *) g_ptr_array_index (product->rule->signals, j))->kind == AVS_RULE_CERTIFICATE)
          wanted = TRUE;
    }
  if (!wanted)
    return;

  for (guint i = 0; bundles[i] != NULL && !_avs_scan_cancelled (scan); i++)
    scan_certificate_file (scan, bundles[i]);
  for (guint i = 0; dirs[i] != NULL && !_avs_scan_cancelled (scan); i++)
    scan_certificate_dir (scan, dirs[i], 2);
}

/* NSS databases ------------------------------------------------------------------------------
 *
 * certutil never reads a user's folder: NSS loads every module that the folder's pkcs11.txt
 * names (code of the user's choosing, run as root by an administrator's scan), and a FIFO there
 * makes it wait. It reads a private copy instead: the user's cert9.db, taken through AvsHost (a
 * regular file inside the root, size-capped), next to an empty key database of our own, in a
 * fresh 0700 folder without pkcs11.txt, so NSS has only its internal module. */

/* A fresh private folder (0700) for one copy; the process id in its name lets a test see that
 * none is left behind. */
static char *
nss_copy_dir_new (AvsScan  *scan,
                  GError  **error)
{
  g_autofree char *name = g_strdup_printf ("avswitch-nss-%d-XXXXXX", (int) getpid ());

  if (avs_runner_get_in_flatpak (scan->runner))
    {
      /* certutil then runs on the host, which does not see the sandbox's /tmp but sees the
       * app's cache folder at the same path. */
      g_autofree char *path = avs_cache_path (name);
      g_autofree char *parent = g_path_get_dirname (path);

      if (g_mkdir_with_parents (parent, 0700) != 0 || g_mkdtemp_full (path, 0700) == NULL)
        {
          int saved_errno = errno;
          g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               g_strerror (saved_errno));
          return NULL;
        }
      return g_steal_pointer (&path);
    }
  return g_dir_make_tmp (name, error);
}

/* Removes a folder made by nss_copy_dir_new() with what certutil left in it. This is the
 * program's own private 0700 folder, not the scanned machine, so it is not read through
 * AvsHost. */
static void
nss_copy_dir_remove (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_unlink (file);
    }
  if (g_rmdir (path) != 0)
    g_debug ("Could not remove %s: %s", path, g_strerror (errno));
}

static gboolean
nss_copy_write (const char  *dir,
                const char  *name,
                GBytes      *bytes,
                GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  return g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_NONE, 0600, error);
}

/* NSS opens no certificate database without a key database next to it. The user's key4.db holds
 * their private keys and is not ours to copy, so every copy gets the same empty one, made once
 * per scan. (Trust flags then read as empty: they are sealed with the user's key database, and
 * only the nicknames and subjects are needed.) */
static GBytes *
nss_empty_key_db (AvsScan  *scan,
                  GError  **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *db_arg = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr(AvsRunResult) result = NULL;
  char *data = NULL;
  gsize length = 0;

  if (scan->nss_key_db != NULL)
    return g_bytes_ref (scan->nss_key_db);

  dir = nss_copy_dir_new (scan, error);
  if (dir == NULL)
    return NULL;
  db_arg = g_strconcat ("sql:", dir, NULL);
  key_path = g_build_filename (dir, "key4.db", NULL);
  {
    /* A query for the dry run: it writes only in our own private folder. */
    const char *argv[] = { "certutil", "-N", "-d", db_arg, "--empty-password", NULL };
    result = avs_runner_run_sync (scan->runner, argv, AVS_RUN_QUERY | AVS_RUN_C_LOCALE, NULL,
                                  AVS_SCAN_COMMAND_TIMEOUT_MS, scan->cancellable, error);
  }
  if (result != NULL && !avs_run_result_succeeded (result))
    {
      g_autofree char *err = avs_run_result_dup_stderr (result);
      g_autofree char *why = _avs_scan_first_line (err);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, why != NULL ? why : _("unknown error"));
    }
  else if (result != NULL && g_file_get_contents (key_path, &data, &length, error))
    scan->nss_key_db = g_bytes_new_take (data, length);
  nss_copy_dir_remove (dir);

  return scan->nss_key_db != NULL ? g_bytes_ref (scan->nss_key_db) : NULL;
}

/* Lists the certificates of the database copy in @copy and matches their subjects; evidence
 * names @dir, the user's real database. */
static void
scan_nss_copy (AvsScan    *scan,
               const char *copy,
               const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_arg = g_strconcat ("sql:", copy, NULL);
  g_autoptr(AvsRunResult) result = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint count = 0;

  {
    const char *argv[] = { "certutil", "-L", "-d", db_arg, NULL };
    result = avs_runner_run_sync (scan->runner, argv, AVS_RUN_QUERY | AVS_RUN_C_LOCALE, NULL,
                                  AVS_SCAN_COMMAND_TIMEOUT_MS, scan->cancellable, &error);
  }
  if (result == NULL || !avs_run_result_succeeded (result))
    {
      g_autofree char *err = result != NULL ? avs_run_result_dup_stderr (result) : NULL;
      g_autofree char *why = _avs_scan_first_line (err);
      g_autofree char *reason = g_strdup_printf (_("The certificate database could not be read: %s"),
                                                 error != NULL ? error->message : why != NULL ? why : _("unknown error"));
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _avs_scan_not_checked (scan, _("Certificates in NSS databases (Chrome, Firefox)"), reason, dir, FALSE);
      return;
    }

  /* "Nickname                                   Trust Attributes" then "name   C,,". */
  out = avs_run_result_dup_stdout (result);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && count < MAX_NSS_CERTS && !_avs_scan_cancelled (scan); i++)
    {
      g_autofree char *line = g_strdup (lines[i]);
      g_autofree char *nickname = NULL;
      g_autoptr(AvsRunResult) one = NULL;
      g_autofree char *pem = NULL;
      char *trust;
      gsize len;

      g_strchomp (line);
      len = strlen (line);
      if (len == 0 || strstr (line, "Trust Attributes") != NULL || strstr (line, "SSL,S/MIME") != NULL)
        continue;
      /* The trust column is the last word; the nickname (which may hold spaces) is before it. */
      trust = strrchr (line, ' ');
      if (trust == NULL || strchr (trust + 1, ',') == NULL)
        continue;
      *trust = '\0';
      nickname = g_strstrip (g_strdup (line));
      if (*nickname == '\0')
        continue;
      count++;

      /* The nickname alone could say anything: read the subject. */
      {
        const char *argv[] = { "certutil", "-L", "-d", db_arg, "-n", nickname, "-a", NULL };
        one = avs_runner_run_sync (scan->runner, argv, AVS_RUN_QUERY | AVS_RUN_C_LOCALE, NULL,
                                   AVS_SCAN_COMMAND_TIMEOUT_MS, scan->cancellable, NULL);
      }
      if (one == NULL || !avs_run_result_succeeded (one))
        continue;
      pem = avs_run_result_dup_stdout (one);
      {
        g_autofree char *subject = avs_x509_subject_from_pem (pem, strlen (pem));

        if (subject == NULL)
          continue;
        for (guint k = 0; k < scan->products->len; k++)
          {
            AvsScanProduct *product = g_ptr_array_index (scan->products, k);
            for (guint j = 0; j < product->rule->signals->len; j++)
              {
                AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
                if (signal->kind == AVS_RULE_CERTIFICATE &&
                    (g_regex_match (signal->regex, subject, 0, NULL)))
                  _avs_scan_evidence (scan, product, signal, AVS_EVIDENCE_NSS_CERTIFICATE, nickname, dir);
              }
          }
      }
    }
}

void
_avs_scan_nss_db (AvsScan    *scan,
                  const char *dir,
                  gboolean   *certutil_checked,
                  gboolean   *have_certutil)
{
  const char *what = _("Certificates in NSS databases (Chrome, Firefox)");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cert_db = NULL;
  g_autoptr(GBytes) key_db = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *cert9 = g_build_filename (dir, "cert9.db", NULL);
  g_autofree char *display = g_filename_display_name (cert9);

  /* Not followed and not opened unless it is a plain file: a link could name another user's
   * file, a FIFO would block, a device could act on being opened. */
  switch (avs_host_query (scan->host, cert9, FALSE, NULL, &error))
    {
    case AVS_HOST_FILE_REGULAR:
      break;
    case AVS_HOST_FILE_MISSING:
      if (error != NULL)
        _avs_scan_not_checked_error (scan, what, error, dir);
      return;
    case AVS_HOST_FILE_SYMLINK:
      {
        /* Translators: %s is a path */
        g_autofree char *reason = g_strdup_printf (_("%s is a symbolic link, so it was not read."), display);
        _avs_scan_not_checked (scan, what, reason, dir, FALSE);
      }
      return;
    case AVS_HOST_FILE_DIRECTORY:
    case AVS_HOST_FILE_OTHER:
    default:
      {
        /* Translators: %s is a path */
        g_autofree char *reason = g_strdup_printf (_("%s is not a regular file, so it was not read."), display);
        _avs_scan_not_checked (scan, what, reason, dir, FALSE);
      }
      return;
    }

  if (!avs_host_can_run_programs (scan->host))
    {
      _avs_scan_not_checked (scan, what,
                             _("Only this computer’s certutil program reads these databases, and AV Switch’s Flatpak sandbox may not start it (its permission org.freedesktop.Flatpak was removed), so they could not be read."),
                             dir, FALSE);
      return;
    }
  if (!*certutil_checked)
    {
      *have_certutil = avs_runner_find_program (scan->runner, "certutil");
      *certutil_checked = TRUE;
    }
  if (!*have_certutil)
    {
      _avs_scan_not_checked (scan, what,
                             _("The tool that reads these databases is not installed (the package libnss3-tools, or nss-tools on Fedora and openSUSE), so they could not be read."),
                             dir, FALSE);
      return;
    }

  cert_db = avs_host_read_bytes (scan->host, cert9, AVS_HOST_LARGE_FILE, &error);
  if (cert_db == NULL)
    {
      _avs_scan_not_checked_error (scan, what, error, dir);
      return;
    }
  key_db = nss_empty_key_db (scan, &error);
  if (key_db != NULL)
    copy = nss_copy_dir_new (scan, &error);
  if (copy == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("The certificate database could not be read: %s"), error->message);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _avs_scan_not_checked (scan, what, reason, dir, FALSE);
      return;
    }

  if (nss_copy_write (copy, "cert9.db", cert_db, &error) &&
      nss_copy_write (copy, "key4.db", key_db, &error))
    scan_nss_copy (scan, copy, dir);
  else
    {
      g_autofree char *reason = g_strdup_printf (_("The certificate database could not be read: %s"), error->message);
      _avs_scan_not_checked (scan, what, reason, dir, FALSE);
    }
  nss_copy_dir_remove (copy);
}
