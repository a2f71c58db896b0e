/* avs-scanner.c — finds every Kaspersky footprint under a root, off the main thread
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "avs-fileutil.h"
#include "avs-json.h"
#include "avs-package-manager.h"
#include "avs-scanner-private.h"
#include "avs-x509.h"

#define BROWSER_PREFS_MAX   (16 * 1024 * 1024)
#define MAX_NSS_CERTS       200
#define COMMAND_TIMEOUT_MS  (60 * 1000)
#define KLNAGCHK_TIMEOUT_MS (30 * 1000)

struct _AvsScanner
{
  GObject    parent_instance;

  AvsHost   *host;
  AvsRunner *runner;
  AvsRules  *rules;
  char     **homes;   /* NULL: discover */
  gboolean   treat_as_live;
};

G_DEFINE_FINAL_TYPE (AvsScanner, avs_scanner, G_TYPE_OBJECT)

enum
{
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
avs_scanner_finalize (GObject *object)
{
  AvsScanner *self = AVS_SCANNER (object);

  g_clear_object (&self->host);
  g_clear_object (&self->runner);
  g_clear_object (&self->rules);
  g_strfreev (self->homes);

  G_OBJECT_CLASS (avs_scanner_parent_class)->finalize (object);
}

static void
avs_scanner_class_init (AvsScannerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = avs_scanner_finalize;

  /**
   * AvsScanner::progress:
   * @fraction: 0 to 1
   * @step: what the scan does now, translated
   */
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_STRING);
}

static void
avs_scanner_init (AvsScanner *self)
{
}

AvsScanner *
avs_scanner_new (AvsHost   *host,
                 AvsRunner *runner,
                 AvsRules  *rules)
{
  AvsScanner *self;

  g_return_val_if_fail (AVS_IS_HOST (host), NULL);
  g_return_val_if_fail (AVS_IS_RUNNER (runner), NULL);
  g_return_val_if_fail (AVS_IS_RULES (rules), NULL);

  self = g_object_new (AVS_TYPE_SCANNER, NULL);
  self->host = g_object_ref (host);
  self->runner = g_object_ref (runner);
  self->rules = g_object_ref (rules);
  return self;
}

AvsScanner *
avs_scanner_new_for_root (const char  *root,
                          const char  *rules_path,
                          GError     **error)
{
  g_autoptr(AvsHost) host = NULL;
  g_autoptr(AvsRunner) runner = NULL;
  g_autoptr(AvsRules) rules = NULL;

  host = avs_host_new (root != NULL ? root : "/", error);
  if (host == NULL)
    return NULL;
  rules = rules_path != NULL ? avs_rules_load_file (rules_path, error) : avs_rules_load_default (error);
  if (rules == NULL)
    return NULL;
  runner = avs_runner_new ();
  return avs_scanner_new (host, runner, rules);
}

AvsHost *
avs_scanner_get_host (AvsScanner *self)
{
  g_return_val_if_fail (AVS_IS_SCANNER (self), NULL);
  return self->host;
}

AvsRunner *
avs_scanner_get_runner (AvsScanner *self)
{
  g_return_val_if_fail (AVS_IS_SCANNER (self), NULL);
  return self->runner;
}

AvsRules *
avs_scanner_get_rules (AvsScanner *self)
{
  g_return_val_if_fail (AVS_IS_SCANNER (self), NULL);
  return self->rules;
}

void
avs_scanner_set_treat_as_live (AvsScanner *self,
                               gboolean    live)
{
  g_return_if_fail (AVS_IS_SCANNER (self));
  self->treat_as_live = !!live;
}

void
avs_scanner_set_homes (AvsScanner         *self,
                       const char * const *homes)
{
  g_return_if_fail (AVS_IS_SCANNER (self));
  g_strfreev (self->homes);
  self->homes = g_strdupv ((char **) homes);
}

/* ---------------------------------------------------------------------------------------------
 * The state of one scan
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  AvsRuleProduct *rule;
  AvsFinding     *finding;       /* created with the first strong evidence */
  GPtrArray      *weak;          /* AvsEvidence waiting for a strong one */
  gboolean        has_package;
  gboolean        has_install;
  gboolean        running;
  char           *package_version;
} Product;

typedef struct
{
  AvsScanner    *scanner;      /* owned */
  AvsHost       *host;
  AvsRunner     *runner;
  AvsRules      *rules;
  AvsScanResult *result;       /* owned */
  GCancellable  *cancellable;
  GMainContext  *context;      /* where progress goes; NULL = emit directly */
  GPtrArray     *products;     /* Product, in rule order */
  GHashTable    *seen_files;   /* resolved paths of certificate files already read */
  GHashTable    *subjects;     /* PEM block → subject ("" when unparsable): bundles repeat anchors */
  GPtrArray     *homes;        /* char*: home directories as seen from the root */
  GBytes        *nss_key_db;   /* an empty NSS key database, made on first use */
  gboolean       live;         /* processes, modules and klnagchk describe this root */
} Scan;

static void
product_free (Product *product)
{
  g_clear_object (&product->finding);
  g_clear_pointer (&product->weak, g_ptr_array_unref);
  g_free (product->package_version);
  g_free (product);
}

static void
scan_free (Scan *scan)
{
  g_clear_object (&scan->scanner);
  g_clear_object (&scan->result);
  g_clear_object (&scan->cancellable);
  g_clear_pointer (&scan->context, g_main_context_unref);
  g_clear_pointer (&scan->products, g_ptr_array_unref);
  g_clear_pointer (&scan->seen_files, g_hash_table_unref);
  g_clear_pointer (&scan->subjects, g_hash_table_unref);
  g_clear_pointer (&scan->homes, g_ptr_array_unref);
  g_clear_pointer (&scan->nss_key_db, g_bytes_unref);
  g_free (scan);
}

static Scan *
scan_new (AvsScanner   *scanner,
          GCancellable *cancellable)
{
  Scan *scan = g_new0 (Scan, 1);
  GPtrArray *rule_products = avs_rules_get_products (scanner->rules);

  scan->scanner = g_object_ref (scanner);
  scan->host = scanner->host;
  scan->runner = scanner->runner;
  scan->rules = scanner->rules;
  scan->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  scan->result = avs_scan_result_new (avs_host_get_root (scanner->host));
  scan->live = avs_host_is_live (scanner->host) || scanner->treat_as_live;
  avs_scan_result_set_live (scan->result, scan->live);
  scan->products = g_ptr_array_new_with_free_func ((GDestroyNotify) product_free);
  scan->seen_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  scan->subjects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  scan->homes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < rule_products->len; i++)
    {
      Product *product = g_new0 (Product, 1);
      product->rule = g_ptr_array_index (rule_products, i);
      product->weak = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_evidence_free);
      g_ptr_array_add (scan->products, product);
    }
  return scan;
}

static gboolean
cancelled (Scan *scan)
{
  return g_cancellable_is_cancelled (scan->cancellable);
}

/* Progress ---------------------------------------------------------------------------------- */

typedef struct
{
  AvsScanner *scanner;
  double      fraction;
  char       *step;
} ProgressData;

static gboolean
emit_progress_cb (gpointer user_data)
{
  ProgressData *data = user_data;

  g_signal_emit (data->scanner, signals[SIGNAL_PROGRESS], 0, data->fraction, data->step);
  return G_SOURCE_REMOVE;
}

static void
progress_data_free (ProgressData *data)
{
  g_object_unref (data->scanner);
  g_free (data->step);
  g_free (data);
}

static void
progress (Scan       *scan,
          double      fraction,
          const char *step)
{
  ProgressData *data;

  if (scan->context == NULL)
    {
      g_signal_emit (scan->scanner, signals[SIGNAL_PROGRESS], 0, fraction, step);
      return;
    }
  data = g_new0 (ProgressData, 1);
  data->scanner = g_object_ref (scan->scanner);
  data->fraction = fraction;
  data->step = g_strdup (step);
  /* A source, not g_main_context_invoke(): that would run the callback right here, in the
   * worker, whenever the context happens not to be owned at this moment. */
  {
    GSource *source = g_idle_source_new ();

    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, emit_progress_cb, data, (GDestroyNotify) progress_data_free);
    g_source_attach (source, scan->context);
    g_source_unref (source);
  }
}

/* Evidence ---------------------------------------------------------------------------------- */

static void
not_checked (Scan       *scan,
             const char *what,
             const char *reason,
             const char *path,
             gboolean    needs_admin)
{
  GPtrArray *entries = avs_scan_result_get_not_checked (scan->result);

  /* One entry per thing and reason. */
  for (guint i = 0; i < entries->len; i++)
    {
      AvsNotChecked *e = g_ptr_array_index (entries, i);
      if (g_str_equal (e->what, what) && g_str_equal (e->reason, reason) && g_strcmp0 (e->path, path) == 0)
        return;
    }
  avs_scan_result_add_not_checked (scan->result, avs_not_checked_new (what, reason, path, needs_admin));
}

/* Records an error from the host as a not-checked entry. */
static void
not_checked_error (Scan         *scan,
                   const char   *what,
                   const GError *error,
                   const char   *path)
{
  not_checked (scan, what, error->message, path, avs_host_error_needs_admin (error));
}

static void
evidence (Scan            *scan,
          Product         *product,
          AvsRuleSignal   *signal,
          AvsEvidenceKind  kind,
          const char      *value,
          const char      *detail)
{
  if (signal != NULL && signal->weak)
    {
      g_ptr_array_add (product->weak, avs_evidence_new (kind, value, detail));
      return;
    }
  if (product->finding == NULL)
    product->finding = avs_finding_new (product->rule->id, product->rule->name);
  avs_finding_add_evidence (product->finding, kind, value, detail);
  /* Evidence without a signal (a removed package's settings, a server address) proves no
   * working installation. */
  if (signal != NULL && signal->role == AVS_RULE_ROLE_INSTALL)
    product->has_install = TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * Small parsers
 * ------------------------------------------------------------------------------------------- */

/* "KEY=value" / KEY="value" lines (os-release). */
static char *
os_release_value (const char *text,
                  const char *key)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  gsize key_len = strlen (key);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      g_autofree char *value = NULL;

      if (strncmp (line, key, key_len) != 0 || line[key_len] != '=')
        continue;
      value = g_strstrip (g_strdup (line + key_len + 1));
      if ((value[0] == '"' || value[0] == '\'') && strlen (value) >= 2 &&
          value[strlen (value) - 1] == value[0])
        {
          value[strlen (value) - 1] = '\0';
          return g_strdup (value + 1);
        }
      return g_steal_pointer (&value);
    }
  return NULL;
}

/* The value of @key in [@section] of an ini-style text. */
static char *
ini_value (const char *text,
           const char *section,
           const char *key)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean in_section = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      char *eq;

      if (line[0] == '[')
        {
          char *end = strchr (line, ']');
          in_section = end != NULL && (gsize) (end - line - 1) == strlen (section) &&
                       strncmp (line + 1, section, strlen (section)) == 0;
          continue;
        }
      if (!in_section || (eq = strchr (line, '=')) == NULL)
        continue;
      *eq = '\0';
      g_strstrip (line);
      if (g_str_equal (line, key))
        {
          g_autofree char *value = g_strstrip (g_strdup (eq + 1));
          if (*value != '\0' && g_utf8_validate (value, -1, NULL))
            return g_steal_pointer (&value);
        }
    }
  return NULL;
}

/* Whether a file list (one absolute path a line; pacman's without the leading "/") holds a path
 * under one of the vendor folders. */
static gboolean
lists_vendor_path (Scan       *scan,
                   const char *text,
                   gboolean    add_slash)
{
  const char * const *vendor = avs_rules_get_vendor_paths (scan->rules);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = add_slash ? g_strconcat ("/", lines[i], NULL) : g_strdup (lines[i]);

      g_strstrip (line);
      for (guint j = 0; vendor[j] != NULL; j++)
        {
          gsize len = strlen (vendor[j]);
          if (strncmp (line, vendor[j], len) == 0 && (line[len] == '/' || line[len] == '\0'))
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
vendor_matches (Scan       *scan,
                const char *field)
{
  return field != NULL && *field != '\0' &&
         g_regex_match (avs_rules_get_vendor_regex (scan->rules), field, 0, NULL);
}

/* ---------------------------------------------------------------------------------------------
 * Packages
 * ------------------------------------------------------------------------------------------- */

static void
package_found (Scan              *scan,
               const char        *name,
               const char        *version,
               AvsPackageManager  manager,
               gboolean           leftover)
{
  const char *manager_name = avs_package_manager_to_string (manager);

  for (guint i = 0; i < scan->products->len; i++)
    {
      Product *product = g_ptr_array_index (scan->products, i);

      for (guint j = 0; j < product->rule->signals->len; j++)
        {
          AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);

          if (signal->kind != AVS_RULE_PACKAGE || !g_str_equal (signal->value, name))
            continue;
          if (leftover)
            {
              /* Removed, but its settings are still there. */
              g_autofree char *detail = g_strdup_printf ("%s (config-files)", manager_name);
              evidence (scan, product, NULL, AVS_EVIDENCE_PACKAGE, name, detail);
              continue;
            }
          evidence (scan, product, signal, AVS_EVIDENCE_PACKAGE, name, manager_name);
          product->has_package = TRUE;
          if (product->package_version == NULL && version != NULL)
            product->package_version = g_strdup (version);
        }
    }
}

static void
unconfirmed_package (Scan              *scan,
                     const char        *name,
                     AvsPackageManager  manager)
{
  g_autofree char *what = g_strdup_printf (_("The %s package “%s”"),
                                           avs_package_manager_to_string (manager), name);

  not_checked (scan, what,
               _("It has the name of a Kaspersky package, but neither its maintainer nor its files "
                 "point to Kaspersky, so it was not counted as Kaspersky software."),
               NULL, FALSE);
}

/* dpkg ------------------------------------------------------------------------------------- */

typedef struct
{
  char *package;
  char *status;
  char *version;
  char *maintainer;
  char *architecture;
} DpkgEntry;

static void
dpkg_entry_clear (DpkgEntry *entry)
{
  g_clear_pointer (&entry->package, g_free);
  g_clear_pointer (&entry->status, g_free);
  g_clear_pointer (&entry->version, g_free);
  g_clear_pointer (&entry->maintainer, g_free);
  g_clear_pointer (&entry->architecture, g_free);
}

static gboolean
dpkg_confirm (Scan      *scan,
              DpkgEntry *entry)
{
  const char *names[3];
  g_autofree char *with_arch = NULL;

  if (vendor_matches (scan, entry->maintainer))
    return TRUE;

  names[0] = entry->package;
  with_arch = entry->architecture != NULL ? g_strdup_printf ("%s:%s", entry->package, entry->architecture) : NULL;
  names[1] = with_arch;
  names[2] = NULL;
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf (AVS_DPKG_INFO_DIR "/%s.list", names[i]);
      g_autofree char *text = avs_host_read_text (scan->host, path, AVS_HOST_LARGE_FILE, NULL, NULL);

      if (text != NULL && lists_vendor_path (scan, text, FALSE))
        return TRUE;
    }
  return FALSE;
}

static void
dpkg_entry_done (Scan      *scan,
                 DpkgEntry *entry)
{
  const char *state;
  gboolean leftover = FALSE;

  if (entry->package == NULL || !avs_rules_is_candidate_package (scan->rules, entry->package))
    return;

  /* Status: "want error state", e.g. "install ok installed", "deinstall ok config-files". */
  state = entry->status != NULL ? strrchr (entry->status, ' ') : NULL;
  state = state != NULL ? state + 1 : entry->status;
  if (state == NULL || g_str_equal (state, "not-installed"))
    return;
  if (g_str_equal (state, "config-files"))
    leftover = TRUE;

  if (!dpkg_confirm (scan, entry))
    {
      unconfirmed_package (scan, entry->package, AVS_PACKAGE_MANAGER_DPKG);
      return;
    }
  package_found (scan, entry->package, entry->version, AVS_PACKAGE_MANAGER_DPKG, leftover);
}

static void
scan_dpkg (Scan *scan)
{
  const char *path = AVS_DPKG_STATUS_PATH;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  DpkgEntry entry = { 0 };
  gsize length = 0;
  guint bad_lines = 0;
  guint incomplete = 0;
  guint first_bad = 0;
  guint line_no = 0;
  char *line, *next;

  if (avs_host_query (scan->host, avs_package_manager_get_db_dir (AVS_PACKAGE_MANAGER_DPKG), TRUE,
                      NULL, NULL) != AVS_HOST_FILE_DIRECTORY)
    return;

  text = avs_host_read_text (scan->host, path, AVS_HOST_LARGE_FILE, &length, &error);
  if (text == NULL)
    {
      if (g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND))
        not_checked (scan, _("The dpkg package database"),
                     _("/var/lib/dpkg exists but its status file is missing, so installed Debian packages could not be listed."),
                     path, FALSE);
      else
        not_checked_error (scan, _("The dpkg package database"), error, path);
      return;
    }

  if (memchr (text, '\0', length) != NULL)
    {
      not_checked (scan, _("The dpkg package database"),
                   _("The file is damaged (it holds binary data). Packages that could still be read were checked; run “dpkg --audit” or restore /var/lib/dpkg/status from /var/backups."),
                   path, FALSE);
      /* Parse what is before the damage. */
      length = strlen (text);
    }

  for (line = text; line != NULL && line < text + length; line = next)
    {
      char *colon;

      next = strchr (line, '\n');
      if (next != NULL)
        *next++ = '\0';
      line_no++;

      if (*line == '\0')
        {
          if (entry.package != NULL || entry.status != NULL)
            {
              if (entry.package == NULL || entry.status == NULL)
                incomplete++;
              dpkg_entry_done (scan, &entry);
            }
          dpkg_entry_clear (&entry);
          continue;
        }
      if (*line == ' ' || *line == '\t')
        continue;   /* a continuation line */

      colon = strchr (line, ':');
      if (colon == NULL || colon == line || memchr (line, ' ', colon - line) != NULL)
        {
          if (bad_lines++ == 0)
            first_bad = line_no;
          continue;
        }
      *colon = '\0';
      if (g_ascii_strcasecmp (line, "Package") == 0)
        {
          g_free (entry.package);
          entry.package = g_strstrip (g_strdup (colon + 1));
        }
      else if (g_ascii_strcasecmp (line, "Status") == 0)
        {
          g_free (entry.status);
          entry.status = g_strstrip (g_strdup (colon + 1));
        }
      else if (g_ascii_strcasecmp (line, "Version") == 0)
        {
          g_free (entry.version);
          entry.version = g_strstrip (g_strdup (colon + 1));
        }
      else if (g_ascii_strcasecmp (line, "Maintainer") == 0)
        {
          g_free (entry.maintainer);
          entry.maintainer = g_strstrip (g_strdup (colon + 1));
        }
      else if (g_ascii_strcasecmp (line, "Architecture") == 0)
        {
          g_free (entry.architecture);
          entry.architecture = g_strstrip (g_strdup (colon + 1));
        }
    }
  if (entry.package != NULL || entry.status != NULL)
    {
      if (entry.package == NULL || entry.status == NULL)
        incomplete++;
      dpkg_entry_done (scan, &entry);
    }
  dpkg_entry_clear (&entry);

  if (bad_lines > 0 || incomplete > 0)
    {
      g_autofree char *reason = NULL;

      if (bad_lines > 0)
        reason = g_strdup_printf (ngettext ("The file is damaged: %u line is not a “Field: value” line (the first is line %u). Packages that could still be read were checked; run “dpkg --audit” or restore the file from /var/backups.",
                                            "The file is damaged: %u lines are not “Field: value” lines (the first is line %u). Packages that could still be read were checked; run “dpkg --audit” or restore the file from /var/backups.",
                                            bad_lines),
                                  bad_lines, first_bad);
      else
        reason = g_strdup_printf (ngettext ("The file is damaged: %u entry has no package name or no status. The other packages were checked; run “dpkg --audit” or restore the file from /var/backups.",
                                            "The file is damaged: %u entries have no package name or no status. The other packages were checked; run “dpkg --audit” or restore the file from /var/backups.",
                                            incomplete),
                                  incomplete);
      not_checked (scan, _("The dpkg package database"), reason, path, FALSE);
    }
}

/* rpm -------------------------------------------------------------------------------------- */

static char *
first_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] != '\0')
        return g_strdup (lines[i]);
    }
  return NULL;
}

static gboolean
rpm_confirm (Scan       *scan,
             const char *root,
             const char *dbpath,
             const char *name)
{
  g_auto(GStrv) argv = avs_package_manager_dup_files_argv (AVS_PACKAGE_MANAGER_RPM, root, dbpath,
                                                           name);
  g_autoptr(AvsRunResult) result = NULL;
  g_autofree char *out = NULL;

  result = avs_runner_run_sync (scan->runner, (const char * const *) argv,
                                AVS_RUN_QUERY | AVS_RUN_C_LOCALE, NULL, COMMAND_TIMEOUT_MS,
                                scan->cancellable, NULL);
  if (result == NULL || !avs_run_result_succeeded (result))
    return FALSE;
  out = avs_run_result_dup_stdout (result);
  return lists_vendor_path (scan, out, FALSE);
}

/* The output of `rpm -qa --qf NAME\tVERSION\tVENDOR\tPACKAGER\n` (a fuzz target's entry point). */
static void
rpm_read_query (Scan       *scan,
                const char *out,
                const char *root,
                const char *dbpath)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 4);
      guint n_fields = g_strv_length (fields);

      /* A newline inside a tag (a hostile database) leaves lines with fewer fields. */
      if (n_fields < 2 || !avs_rules_is_candidate_package (scan->rules, fields[0]))
        continue;
      if (vendor_matches (scan, fields[2]) || (n_fields > 3 && vendor_matches (scan, fields[3])) ||
          rpm_confirm (scan, root, dbpath, fields[0]))
        package_found (scan, fields[0], fields[1], AVS_PACKAGE_MANAGER_RPM, FALSE);
      else
        unconfirmed_package (scan, fields[0], AVS_PACKAGE_MANAGER_RPM);
    }
}

static void
scan_rpm (Scan *scan)
{
  const char * const *dbpaths = avs_package_manager_get_db_paths (AVS_PACKAGE_MANAGER_RPM);
  g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int have_rpm = -1;

  for (guint d = 0; dbpaths[d] != NULL; d++)
    {
      const char *dbpath = dbpaths[d];
      const char *root = avs_host_get_root (scan->host);
      g_autoptr(GError) error = NULL;
      g_autoptr(AvsRunResult) result = NULL;
      g_autofree char *resolved = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_auto(GStrv) names = NULL;
      g_auto(GStrv) argv = NULL;

      if (avs_host_query (scan->host, dbpath, TRUE, NULL, &error) != AVS_HOST_FILE_DIRECTORY)
        {
          if (error != NULL)
            not_checked_error (scan, _("The rpm package database"), error, dbpath);
          continue;
        }
      /* Fedora links one to the other: read each database once. */
      resolved = avs_host_resolve (scan->host, dbpath, TRUE, NULL);
      if (resolved == NULL || g_hash_table_contains (done, resolved))
        continue;
      names = avs_host_list_dir (scan->host, dbpath, &error);
      if (names == NULL)
        {
          not_checked_error (scan, _("The rpm package database"), error, dbpath);
          continue;
        }
      if (names[0] == NULL)
        continue;   /* an empty folder: no database */
      g_hash_table_add (done, g_strdup (resolved));

      if (have_rpm == -1)
        have_rpm = avs_runner_find_program (scan->runner,
                                            avs_package_manager_get_program (AVS_PACKAGE_MANAGER_RPM));
      if (!have_rpm)
        {
          not_checked (scan, _("The rpm package database"),
                       _("The rpm program is not installed, so the packages in this database could not be listed. Install the “rpm” package and scan again."),
                       dbpath, FALSE);
          continue;
        }

      /* rpm reads --dbpath inside --root; Debian's rpm would otherwise default to ~/.rpmdb. */
      argv = avs_package_manager_dup_list_argv (AVS_PACKAGE_MANAGER_RPM, root, resolved);
      result = avs_runner_run_sync (scan->runner, (const char * const *) argv,
                                    AVS_RUN_QUERY | AVS_RUN_C_LOCALE, NULL, COMMAND_TIMEOUT_MS,
                                    scan->cancellable, &error);
      if (result == NULL)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            not_checked_error (scan, _("The rpm package database"), error, dbpath);
          continue;
        }
      out = avs_run_result_dup_stdout (result);
      err = avs_run_result_dup_stderr (result);
      if (!avs_run_result_succeeded (result) || strstr (err, "error:") != NULL)
        {
          g_autofree char *why = first_line (err);
          g_autofree char *reason = g_strdup_printf (_("The database could not be read, it may be damaged (rpm said: %s). Packages listed before the error were checked; try “rpm --rebuilddb”."),
                                                     why != NULL ? why : _("nothing"));
          gboolean denied = err != NULL && strstr (err, "ermission denied") != NULL;
          not_checked (scan, _("The rpm package database"), reason, dbpath, denied);
        }

      rpm_read_query (scan, out, root, resolved);
    }
}

/* pacman ----------------------------------------------------------------------------------- */

static char *
pacman_field (const char *desc,
              const char *field)
{
  g_autofree char *marker = g_strdup_printf ("%%%s%%\n", field);
  const char *start = strstr (desc, marker);
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen (marker);
  end = strchr (start, '\n');
  return end != NULL ? g_strndup (start, end - start) : g_strdup (start);
}

static void
scan_pacman (Scan *scan)
{
  const char *local = AVS_PACMAN_LOCAL_DIR;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) entries = NULL;

  if (avs_host_query (scan->host, local, TRUE, NULL, NULL) != AVS_HOST_FILE_DIRECTORY)
    return;
  entries = avs_host_list_dir (scan->host, local, &error);
  if (entries == NULL)
    {
      not_checked_error (scan, _("The pacman package database"), error, local);
      return;
    }

  for (guint i = 0; entries[i] != NULL; i++)
    {
      g_autofree char *name_guess = NULL;
      g_autofree char *desc_path = NULL;
      g_autofree char *desc = NULL;
      g_autofree char *name = NULL;
      g_autofree char *version = NULL;
      g_autofree char *packager = NULL;
      char *dash;
      gboolean candidate = FALSE;

      /* "<name>-<version>-<release>": the name is what is left after two dashes. */
      name_guess = g_strdup (entries[i]);
      for (int k = 0; k < 2 && (dash = strrchr (name_guess, '-')) != NULL; k++)
        *dash = '\0';
      candidate = avs_rules_is_candidate_package (scan->rules, name_guess);
      if (!candidate)
        continue;

      desc_path = g_strdup_printf ("%s/%s/desc", local, entries[i]);
      desc = avs_host_read_text (scan->host, desc_path, AVS_HOST_SMALL_FILE, NULL, &error);
      if (desc == NULL)
        {
          not_checked_error (scan, _("The pacman package database"), error, desc_path);
          g_clear_error (&error);
          continue;
        }
      name = pacman_field (desc, "NAME");
      version = pacman_field (desc, "VERSION");
      packager = pacman_field (desc, "PACKAGER");
      if (name == NULL || !avs_rules_is_candidate_package (scan->rules, name))
        continue;

      if (!vendor_matches (scan, packager))
        {
          g_autofree char *files_path = g_strdup_printf ("%s/%s/files", local, entries[i]);
          g_autofree char *files = avs_host_read_text (scan->host, files_path, AVS_HOST_LARGE_FILE, NULL, NULL);

          if (files == NULL || !lists_vendor_path (scan, files, TRUE))
            {
              unconfirmed_package (scan, name, AVS_PACKAGE_MANAGER_PACMAN);
              continue;
            }
        }
      package_found (scan, name, version, AVS_PACKAGE_MANAGER_PACMAN, FALSE);
    }
}

/* ---------------------------------------------------------------------------------------------
 * Files and folders
 * ------------------------------------------------------------------------------------------- */

/* Expands a path whose components may hold globs into existing paths (as seen from the root). */
static void
expand_path (Scan        *scan,
             const char  *base,
             char       **parts,
             GPtrArray   *out,
             const char  *what)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  const char *part = parts[0];

  if (part == NULL)
    {
      g_ptr_array_add (out, g_strdup (base));
      return;
    }

  if (strchr (part, '*') == NULL && strchr (part, '?') == NULL)
    {
      g_autofree char *next = g_build_filename (base, part, NULL);

      if (parts[1] == NULL)
        g_ptr_array_add (out, g_steal_pointer (&next));
      else
        expand_path (scan, next, parts + 1, out, what);
      return;
    }

  if (avs_host_query (scan->host, base, TRUE, NULL, NULL) != AVS_HOST_FILE_DIRECTORY)
    return;
  names = avs_host_list_dir (scan->host, base, &error);
  if (names == NULL)
    {
      not_checked_error (scan, what, error, base);
      return;
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *next = NULL;

      if (!g_pattern_match_simple (part, names[i]))
        continue;
      next = g_build_filename (base, names[i], NULL);
      if (parts[1] == NULL)
        g_ptr_array_add (out, g_steal_pointer (&next));
      else
        expand_path (scan, next, parts + 1, out, what);
    }
}

/* Looks at one path and records what is there. Returns TRUE when something exists. */
static gboolean
check_path (Scan            *scan,
            Product         *product,
            AvsRuleSignal   *signal,
            const char      *path,
            AvsEvidenceKind  file_kind)
{
  g_autoptr(GError) error = NULL;
  AvsHostFileType type;

  type = avs_host_query (scan->host, path, FALSE, NULL, &error);
  if (error != NULL)
    {
      not_checked_error (scan, _("Kaspersky files and folders"), error, path);
      return FALSE;
    }

  switch (type)
    {
    case AVS_HOST_FILE_MISSING:
      return FALSE;

    case AVS_HOST_FILE_SYMLINK:
      {
        g_autofree char *target = avs_host_read_link (scan->host, path, NULL);
        g_autoptr(GError) follow_error = NULL;

        evidence (scan, product, signal, AVS_EVIDENCE_SYMLINK, path, target);
        avs_host_query (scan->host, path, TRUE, NULL, &follow_error);
        if (follow_error != NULL &&
            !g_error_matches (follow_error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND))
          not_checked_error (scan, _("Kaspersky files and folders"), follow_error, path);
        return TRUE;
      }

    case AVS_HOST_FILE_DIRECTORY:
      evidence (scan, product, signal, file_kind == AVS_EVIDENCE_FILE ? AVS_EVIDENCE_DIRECTORY : file_kind,
                path, NULL);
      return TRUE;

    case AVS_HOST_FILE_REGULAR:
    case AVS_HOST_FILE_OTHER:
    default:
      evidence (scan, product, signal, file_kind, path, NULL);
      return TRUE;
    }
}

static void
scan_paths (Scan *scan)
{
  for (guint i = 0; i < scan->products->len && !cancelled (scan); i++)
    {
      Product *product = g_ptr_array_index (scan->products, i);

      for (guint j = 0; j < product->rule->signals->len; j++)
        {
          AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
          g_autoptr(GPtrArray) paths = NULL;
          AvsEvidenceKind kind;

          if (signal->kind == AVS_RULE_PATH)
            kind = AVS_EVIDENCE_FILE;
          else if (signal->kind == AVS_RULE_INIT_SCRIPT)
            kind = AVS_EVIDENCE_INIT_SCRIPT;
          else
            continue;

          paths = g_ptr_array_new_with_free_func (g_free);
          expand_path (scan, "/", signal->path_parts, paths, _("Kaspersky files and folders"));
          for (guint k = 0; k < paths->len; k++)
            check_path (scan, product, signal, g_ptr_array_index (paths, k), kind);
        }
    }
}

/* The shared folders (/opt/kaspersky…) go to every finding that has evidence beneath them; if
 * no product claims one, the scan says so rather than passing over it. */
static void
scan_shared_paths (Scan *scan)
{
  const char * const *shared = avs_rules_get_shared_paths (scan->rules);

  for (guint i = 0; shared[i] != NULL; i++)
    {
      g_autofree char *prefix = g_strconcat (shared[i], "/", NULL);
      gboolean claimed = FALSE;

      if (!avs_host_exists (scan->host, shared[i]))
        continue;

      for (guint j = 0; j < scan->products->len; j++)
        {
          Product *product = g_ptr_array_index (scan->products, j);
          GPtrArray *items;
          gboolean beneath = FALSE;

          if (product->finding == NULL)
            continue;
          items = avs_finding_get_evidence (product->finding);
          for (guint k = 0; k < items->len && !beneath; k++)
            {
              AvsEvidence *e = g_ptr_array_index (items, k);
              beneath = g_str_has_prefix (e->value, prefix);
            }
          if (beneath)
            {
              avs_finding_add_evidence (product->finding, AVS_EVIDENCE_DIRECTORY, shared[i], NULL);
              claimed = TRUE;
            }
        }

      if (!claimed)
        {
          g_auto(GStrv) names = avs_host_list_dir (scan->host, shared[i], NULL);

          if (names != NULL && names[0] == NULL)
            continue;   /* an empty folder */
          not_checked (scan, _("A Kaspersky folder"),
                       _("This folder belongs to Kaspersky, but nothing in it matches a known product, so it was not identified. Look at it yourself before removing it."),
                       shared[i], FALSE);
        }
    }
}

/* ---------------------------------------------------------------------------------------------
 * Services
 * ------------------------------------------------------------------------------------------- */

static void
scan_units (Scan *scan)
{
  static const char * const dirs[] = {
    "/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system",
    "/lib/systemd/system", "/usr/lib/systemd/system", NULL
  };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint d = 0; dirs[d] != NULL; d++)
    {
      g_autofree char *resolved = avs_host_resolve (scan->host, dirs[d], TRUE, NULL);

      /* Merged /usr: /lib/systemd/system is /usr/lib/systemd/system. */
      if (resolved == NULL || g_hash_table_contains (seen, resolved))
        continue;
      g_hash_table_add (seen, g_strdup (resolved));

      for (guint i = 0; i < scan->products->len; i++)
        {
          Product *product = g_ptr_array_index (scan->products, i);

          for (guint j = 0; j < product->rule->signals->len; j++)
            {
              AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
              g_autofree char *path = NULL;
              g_autoptr(GError) error = NULL;
              AvsHostFileType type;

              if (signal->kind != AVS_RULE_UNIT)
                continue;
              path = g_build_filename (dirs[d], signal->value, NULL);
              type = avs_host_query (scan->host, path, FALSE, NULL, &error);
              if (error != NULL)
                not_checked_error (scan, _("systemd services"), error, path);
              else if (type != AVS_HOST_FILE_MISSING)
                evidence (scan, product, signal, AVS_EVIDENCE_UNIT, signal->value, path);
            }
        }
    }
}

/* ---------------------------------------------------------------------------------------------
 * Groups, processes, kernel modules
 * ------------------------------------------------------------------------------------------- */

static void
scan_groups (Scan *scan)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = avs_host_read_text (scan->host, "/etc/group", AVS_HOST_LARGE_FILE, NULL, &error);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (text == NULL)
    {
      if (!g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND))
        not_checked_error (scan, _("Operating-system groups"), error, "/etc/group");
      return;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *colon = strchr (lines[i], ':');
      if (colon != NULL)
        g_hash_table_add (groups, g_strndup (lines[i], colon - lines[i]));
    }

  for (guint i = 0; i < scan->products->len; i++)
    {
      Product *product = g_ptr_array_index (scan->products, i);

      for (guint j = 0; j < product->rule->signals->len; j++)
        {
          AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);

          if (signal->kind == AVS_RULE_GROUP && g_hash_table_contains (groups, signal->value))
            evidence (scan, product, signal, AVS_EVIDENCE_GROUP, signal->value, NULL);
        }
    }
}

static void
scan_processes (Scan *scan)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) entries = NULL;
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);

  if (!scan->live)
    return;

  for (guint i = 0; i < scan->products->len; i++)
    {
      Product *product = g_ptr_array_index (scan->products, i);
      for (guint j = 0; j < product->rule->signals->len; j++)
        {
          AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
          if (signal->kind == AVS_RULE_PROCESS)
            g_hash_table_add (wanted, signal->value);
        }
    }

  entries = avs_host_list_dir (scan->host, "/proc", &error);
  if (entries == NULL)
    {
      not_checked_error (scan, _("Running programs"), error, "/proc");
      return;
    }

  for (guint p = 0; entries[p] != NULL; p++)
    {
      g_autofree char *path = NULL;
      g_autofree char *comm = NULL;

      if (!g_ascii_isdigit (entries[p][0]))
        continue;
      path = g_strdup_printf ("/proc/%s/comm", entries[p]);
      comm = avs_host_read_text (scan->host, path, 4096, NULL, NULL);
      if (comm == NULL)
        continue;   /* it ended meanwhile */
      g_strstrip (comm);
      if (!g_hash_table_contains (wanted, comm))
        continue;

      for (guint i = 0; i < scan->products->len; i++)
        {
          Product *product = g_ptr_array_index (scan->products, i);
          for (guint j = 0; j < product->rule->signals->len; j++)
            {
              AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
              if (signal->kind == AVS_RULE_PROCESS && g_str_equal (signal->value, comm))
                {
                  evidence (scan, product, signal, AVS_EVIDENCE_PROCESS, comm, entries[p]);
                  product->running = TRUE;
                }
            }
        }
    }
}

static void
scan_kernel_modules (Scan *scan)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!scan->live)
    return;
  text = avs_host_read_text (scan->host, "/proc/modules", AVS_HOST_LARGE_FILE, NULL, &error);
  if (text == NULL)
    {
      /* Kernels without module support have no /proc/modules: nothing can be loaded. */
      if (!g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND))
        not_checked_error (scan, _("Loaded kernel modules"), error, "/proc/modules");
      return;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      char *space = strchr (lines[l], ' ');
      if (space == NULL)
        continue;
      *space = '\0';
      for (guint i = 0; i < scan->products->len; i++)
        {
          Product *product = g_ptr_array_index (scan->products, i);
          for (guint j = 0; j < product->rule->signals->len; j++)
            {
              AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
              if (signal->kind == AVS_RULE_KERNEL_MODULE && g_str_equal (signal->value, lines[l]))
                {
                  evidence (scan, product, signal, AVS_EVIDENCE_KERNEL_MODULE, lines[l], "/proc/modules");
                  product->running = TRUE;
                }
            }
        }
    }
}

/* ---------------------------------------------------------------------------------------------
 * Certificates
 * ------------------------------------------------------------------------------------------- */

static void
certificate_subject (Scan       *scan,
                     const char *subject,
                     const char *where,
                     gboolean    nss)
{
  for (guint i = 0; i < scan->products->len; i++)
    {
      Product *product = g_ptr_array_index (scan->products, i);
      for (guint j = 0; j < product->rule->signals->len; j++)
        {
          AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
          if (signal->kind == AVS_RULE_CERTIFICATE && g_regex_match (signal->regex, subject, 0, NULL))
            evidence (scan, product, signal,
                      nss ? AVS_EVIDENCE_NSS_CERTIFICATE : AVS_EVIDENCE_CERTIFICATE, subject, where);
        }
    }
}

/* Every PEM certificate in @text. */
static void
scan_pem_text (Scan       *scan,
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
scan_certificate_file (Scan       *scan,
                       const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *resolved = avs_host_resolve (scan->host, path, TRUE, &error);
  g_autofree char *text = NULL;

  if (resolved == NULL)
    {
      if (!g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND))
        not_checked_error (scan, _("Trusted certificates"), error, path);
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
        not_checked_error (scan, _("Trusted certificates"), error, path);
      return;
    }
  if (strstr (text, "-----BEGIN CERTIFICATE-----") == NULL)
    return;   /* DER files are not used as anchors by these distributions' tools */
  scan_pem_text (scan, text, path);
}

static void
scan_certificate_dir (Scan       *scan,
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
      not_checked_error (scan, _("Trusted certificates"), error, dir);
      return;
    }
  for (guint i = 0; names[i] != NULL && !cancelled (scan); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      AvsHostFileType type = avs_host_query (scan->host, path, TRUE, NULL, NULL);

      if (type == AVS_HOST_FILE_DIRECTORY && depth > 0)
        scan_certificate_dir (scan, path, depth - 1);
      else if (type == AVS_HOST_FILE_REGULAR)
        scan_certificate_file (scan, path);
    }
}

static void
scan_certificates (Scan *scan)
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
      Product *product = g_ptr_array_index (scan->products, i);
      for (guint j = 0; j < product->rule->signals->len; j++)
        if (((AvsRuleSignal *) g_ptr_array_index (product->rule->signals, j))->kind == AVS_RULE_CERTIFICATE)
          wanted = TRUE;
    }
  if (!wanted)
    return;

  for (guint i = 0; bundles[i] != NULL && !cancelled (scan); i++)
    scan_certificate_file (scan, bundles[i]);
  for (guint i = 0; dirs[i] != NULL && !cancelled (scan); i++)
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
nss_copy_dir_new (Scan    *scan,
                  GError **error)
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

/* Removes a folder made by nss_copy_dir_new() with what certutil left in it. */
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
nss_empty_key_db (Scan    *scan,
                  GError **error)
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
                                  COMMAND_TIMEOUT_MS, scan->cancellable, error);
  }
  if (result != NULL && !avs_run_result_succeeded (result))
    {
      g_autofree char *err = avs_run_result_dup_stderr (result);
      g_autofree char *why = first_line (err);
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
scan_nss_copy (Scan       *scan,
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
                                  COMMAND_TIMEOUT_MS, scan->cancellable, &error);
  }
  if (result == NULL || !avs_run_result_succeeded (result))
    {
      g_autofree char *err = result != NULL ? avs_run_result_dup_stderr (result) : NULL;
      g_autofree char *why = first_line (err);
      g_autofree char *reason = g_strdup_printf (_("certutil could not read it: %s"),
                                                 error != NULL ? error->message : why != NULL ? why : _("unknown error"));
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        not_checked (scan, _("Certificates in NSS databases (Chrome, Firefox)"), reason, dir, FALSE);
      return;
    }

  /* "Nickname                                   Trust Attributes" then "name   C,,". */
  out = avs_run_result_dup_stdout (result);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && count < MAX_NSS_CERTS && !cancelled (scan); i++)
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
                                   COMMAND_TIMEOUT_MS, scan->cancellable, NULL);
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
            Product *product = g_ptr_array_index (scan->products, k);
            for (guint j = 0; j < product->rule->signals->len; j++)
              {
                AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
                if (signal->kind == AVS_RULE_CERTIFICATE &&
                    (g_regex_match (signal->regex, subject, 0, NULL)))
                  evidence (scan, product, signal, AVS_EVIDENCE_NSS_CERTIFICATE, nickname, dir);
              }
          }
      }
    }
}

static void
scan_nss_db (Scan       *scan,
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
        not_checked_error (scan, what, error, dir);
      return;
    case AVS_HOST_FILE_SYMLINK:
      {
        /* Translators: %s is a path */
        g_autofree char *reason = g_strdup_printf (_("%s is a symbolic link, so it was not read."), display);
        not_checked (scan, what, reason, dir, FALSE);
      }
      return;
    case AVS_HOST_FILE_DIRECTORY:
    case AVS_HOST_FILE_OTHER:
    default:
      {
        /* Translators: %s is a path */
        g_autofree char *reason = g_strdup_printf (_("%s is not a regular file, so it was not read."), display);
        not_checked (scan, what, reason, dir, FALSE);
      }
      return;
    }

  if (!*certutil_checked)
    {
      *have_certutil = avs_runner_find_program (scan->runner, "certutil");
      *certutil_checked = TRUE;
    }
  if (!*have_certutil)
    {
      not_checked (scan, what,
                   _("The certutil program is not installed (package libnss3-tools or nss-tools), so these databases could not be read."),
                   dir, FALSE);
      return;
    }

  cert_db = avs_host_read_bytes (scan->host, cert9, AVS_HOST_LARGE_FILE, &error);
  if (cert_db == NULL)
    {
      not_checked_error (scan, what, error, dir);
      return;
    }
  key_db = nss_empty_key_db (scan, &error);
  if (key_db != NULL)
    copy = nss_copy_dir_new (scan, &error);
  if (copy == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("certutil could not read it: %s"), error->message);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        not_checked (scan, what, reason, dir, FALSE);
      return;
    }

  if (nss_copy_write (copy, "cert9.db", cert_db, &error) &&
      nss_copy_write (copy, "key4.db", key_db, &error))
    scan_nss_copy (scan, copy, dir);
  else
    {
      g_autofree char *reason = g_strdup_printf (_("certutil could not read it: %s"), error->message);
      not_checked (scan, what, reason, dir, FALSE);
    }
  nss_copy_dir_remove (copy);
}

/* ---------------------------------------------------------------------------------------------
 * Home directories and browsers
 * ------------------------------------------------------------------------------------------- */

static void
find_homes (Scan *scan)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *passwd = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;

  if (scan->scanner->homes != NULL)
    {
      for (guint i = 0; scan->scanner->homes[i] != NULL; i++)
        g_ptr_array_add (scan->homes, g_strdup (scan->scanner->homes[i]));
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
    not_checked_error (scan, _("Home folders"), error, "/home");
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
extension_found (Scan       *scan,
                 const char *browser,
                 const char *id,
                 const char *profile)
{
  for (guint i = 0; i < scan->products->len; i++)
    {
      Product *product = g_ptr_array_index (scan->products, i);
      for (guint j = 0; j < product->rule->signals->len; j++)
        {
          AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
          if (signal->kind == AVS_RULE_BROWSER_EXTENSION && g_str_equal (signal->browser, browser) &&
              g_str_equal (signal->value, id))
            evidence (scan, product, signal, AVS_EVIDENCE_BROWSER_EXTENSION, id, profile);
        }
    }
}

static void
scan_chromium_profile (Scan       *scan,
                       const char *profile)
{
  static const char * const prefs[] = { "Preferences", "Secure Preferences", NULL };

  for (guint i = 0; i < scan->products->len; i++)
    {
      Product *product = g_ptr_array_index (scan->products, i);
      for (guint j = 0; j < product->rule->signals->len; j++)
        {
          AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
          g_autofree char *dir = NULL;

          if (signal->kind != AVS_RULE_BROWSER_EXTENSION || !g_str_equal (signal->browser, "chromium"))
            continue;
          dir = g_build_filename (profile, "Extensions", signal->value, NULL);
          if (avs_host_exists (scan->host, dir))
            evidence (scan, product, signal, AVS_EVIDENCE_BROWSER_EXTENSION, signal->value, profile);
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
            not_checked_error (scan, _("Browser extensions"), error, path);
          continue;
        }
      root = avs_json_parse_bytes (bytes, path, BROWSER_PREFS_MAX, AVS_JSON_DEFAULT_MAX_DEPTH, &error);
      if (root == NULL)
        {
          not_checked (scan, _("Browser extensions"), error->message, path, FALSE);
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
scan_chromium_dir (Scan       *scan,
                   const char *config)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;

  if (avs_host_query (scan->host, config, TRUE, NULL, NULL) != AVS_HOST_FILE_DIRECTORY)
    return;
  names = avs_host_list_dir (scan->host, config, &error);
  if (names == NULL)
    {
      not_checked_error (scan, _("Browser extensions"), error, config);
      return;
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *profile = NULL;

      if (!g_str_equal (names[i], "Default") && !g_str_has_prefix (names[i], "Profile ") &&
          !g_str_equal (names[i], "Guest Profile"))
        continue;
      profile = g_build_filename (config, names[i], NULL);
      scan_chromium_profile (scan, profile);
    }
}

static void
scan_firefox_profile (Scan       *scan,
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
      Product *product = g_ptr_array_index (scan->products, i);
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
            evidence (scan, product, signal, AVS_EVIDENCE_BROWSER_EXTENSION, signal->value, profile);
        }
    }

  bytes = avs_host_read_bytes (scan->host, ext_json, BROWSER_PREFS_MAX, &error);
  if (bytes == NULL)
    {
      if (!g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND))
        not_checked_error (scan, _("Browser extensions"), error, ext_json);
      return;
    }
  root = avs_json_parse_bytes (bytes, ext_json, BROWSER_PREFS_MAX, AVS_JSON_DEFAULT_MAX_DEPTH, &error);
  if (root == NULL)
    {
      not_checked (scan, _("Browser extensions"), error->message, ext_json, FALSE);
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
scan_firefox_dir (Scan       *scan,
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
      not_checked_error (scan, _("Browser extensions"), error, mozilla);
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
      scan_firefox_profile (scan, profile);
      scan_nss_db (scan, profile, certutil_checked, have_certutil);
    }
}

static void
scan_native_messaging_dir (Scan       *scan,
                           const char *dir)
{
  for (guint i = 0; i < scan->products->len; i++)
    {
      Product *product = g_ptr_array_index (scan->products, i);
      for (guint j = 0; j < product->rule->signals->len; j++)
        {
          AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
          g_autofree char *path = NULL;

          if (signal->kind != AVS_RULE_NATIVE_MESSAGING_HOST)
            continue;
          path = g_strdup_printf ("%s/%s.json", dir, signal->value);
          if (avs_host_exists (scan->host, path))
            evidence (scan, product, signal, AVS_EVIDENCE_FILE, path, NULL);
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
scan_home (Scan       *scan,
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
          not_checked (scan, what, error->message, home, avs_host_error_needs_admin (error));
        }
      return;
    }

  /* Home paths (KVRT data, Kaspersky 24.0 working folder). */
  for (guint i = 0; i < scan->products->len; i++)
    {
      Product *product = g_ptr_array_index (scan->products, i);
      for (guint j = 0; j < product->rule->signals->len; j++)
        {
          AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
          g_autoptr(GPtrArray) paths = NULL;

          if (signal->kind != AVS_RULE_HOME_PATH)
            continue;
          paths = g_ptr_array_new_with_free_func (g_free);
          expand_path (scan, home, signal->path_parts, paths, _("Kaspersky files and folders"));
          for (guint k = 0; k < paths->len; k++)
            check_path (scan, product, signal, g_ptr_array_index (paths, k), AVS_EVIDENCE_FILE);
        }
    }

  for (guint b = 0; chromium_dirs[b] != NULL && !cancelled (scan); b++)
    {
      g_autofree char *config = g_build_filename (home, ".config", chromium_dirs[b], NULL);
      g_autofree char *nm = g_build_filename (config, "NativeMessagingHosts", NULL);
      scan_chromium_dir (scan, config);
      scan_native_messaging_dir (scan, nm);
    }
  for (guint b = 0; chromium_flatpaks[b] != NULL && !cancelled (scan); b++)
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

    for (guint m = 0; mozillas[m] != NULL && !cancelled (scan); m++)
      {
        g_autofree char *dir = g_build_filename (home, mozillas[m], NULL);
        scan_firefox_dir (scan, dir, certutil_checked, have_certutil);
      }
    scan_native_messaging_dir (scan, nm);
  }

  {
    g_autofree char *nssdb = g_build_filename (home, ".pki/nssdb", NULL);
    scan_nss_db (scan, nssdb, certutil_checked, have_certutil);
  }
}

static void
scan_homes (Scan   *scan,
            double  from,
            double  to)
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
  scan_nss_db (scan, "/etc/pki/nssdb", &certutil_checked, &have_certutil);

  find_homes (scan);
  for (guint i = 0; i < scan->homes->len && !cancelled (scan); i++)
    {
      const char *home = g_ptr_array_index (scan->homes, i);
      g_autofree char *step = g_strdup_printf (_("Looking at browsers and certificates in %s"), home);

      progress (scan, from + (to - from) * i / MAX (1, scan->homes->len), step);
      scan_home (scan, home, &certutil_checked, &have_certutil);
    }
}

/* ---------------------------------------------------------------------------------------------
 * Windows volumes
 * ------------------------------------------------------------------------------------------- */

static void
scan_windows_volume (Scan       *scan,
                     const char *volume)
{
  g_auto(GStrv) names = avs_host_list_dir (scan->host, volume, NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *program_files = NULL;
      g_auto(GStrv) vendors = NULL;

      /* "Program Files", "Program Files (x86)"; NTFS names are case-insensitive. */
      if (g_ascii_strncasecmp (names[i], "Program Files", strlen ("Program Files")) != 0)
        continue;
      program_files = g_build_filename (volume, names[i], NULL);
      vendors = avs_host_list_dir (scan->host, program_files, NULL);
      for (guint v = 0; vendors != NULL && vendors[v] != NULL; v++)
        {
          for (guint p = 0; p < scan->products->len; p++)
            {
              Product *product = g_ptr_array_index (scan->products, p);
              for (guint j = 0; j < product->rule->signals->len; j++)
                {
                  AvsRuleSignal *signal = g_ptr_array_index (product->rule->signals, j);
                  g_autofree char *path = NULL;
                  g_auto(GStrv) inside = NULL;
                  g_autofree char *detail = NULL;

                  if (signal->kind != AVS_RULE_WINDOWS_PATH ||
                      g_ascii_strcasecmp (signal->path_parts[0], vendors[v]) != 0)
                    continue;
                  path = g_build_filename (program_files, vendors[v], NULL);
                  for (guint k = 1; signal->path_parts[k] != NULL; k++)
                    {
                      char *longer = g_build_filename (path, signal->path_parts[k], NULL);
                      g_free (path);
                      path = longer;
                    }
                  if (!avs_host_exists (scan->host, path))
                    continue;
                  /* The folders inside name the products ("Kaspersky Total Security 21.3"). */
                  inside = avs_host_list_dir (scan->host, path, NULL);
                  detail = inside != NULL && inside[0] != NULL ? g_strjoinv (", ", inside) : NULL;
                  evidence (scan, product, signal, AVS_EVIDENCE_WINDOWS_INSTALL, path, detail);
                }
            }
        }
    }
}

static void
scan_windows (Scan *scan)
{
  static const char * const bases[] = { "/media", "/run/media", "/mnt", NULL };

  for (guint b = 0; bases[b] != NULL && !cancelled (scan); b++)
    {
      g_auto(GStrv) level1 = NULL;

      if (avs_host_query (scan->host, bases[b], TRUE, NULL, NULL) != AVS_HOST_FILE_DIRECTORY)
        continue;
      /* The base itself (a volume on /mnt), its entries (/media/DISK), and one level deeper
       * (/media/USER/DISK, /run/media/USER/DISK). */
      scan_windows_volume (scan, bases[b]);
      level1 = avs_host_list_dir (scan->host, bases[b], NULL);
      for (guint i = 0; level1 != NULL && level1[i] != NULL; i++)
        {
          g_autofree char *one = g_build_filename (bases[b], level1[i], NULL);
          g_autoptr(GError) error = NULL;
          g_auto(GStrv) level2 = NULL;

          if (avs_host_query (scan->host, one, TRUE, NULL, NULL) != AVS_HOST_FILE_DIRECTORY)
            continue;
          scan_windows_volume (scan, one);
          level2 = avs_host_list_dir (scan->host, one, &error);
          if (level2 == NULL)
            {
              if (avs_host_error_needs_admin (error))
                not_checked_error (scan, _("Mounted Windows volumes"), error, one);
              continue;
            }
          for (guint j = 0; level2[j] != NULL; j++)
            {
              g_autofree char *two = g_build_filename (one, level2[j], NULL);
              if (avs_host_query (scan->host, two, TRUE, NULL, NULL) == AVS_HOST_FILE_DIRECTORY)
                scan_windows_volume (scan, two);
            }
        }
    }
}

/* ---------------------------------------------------------------------------------------------
 * Version, signatures, management
 * ------------------------------------------------------------------------------------------- */

static void
find_version (Scan    *scan,
              Product *product)
{
  for (guint i = 0; i < product->rule->versions->len; i++)
    {
      AvsRuleVersion *version = g_ptr_array_index (product->rule->versions, i);

      switch (version->from)
        {
        case AVS_RULE_VERSION_PACKAGE:
          if (product->package_version != NULL)
            {
              avs_finding_set_version (product->finding, product->package_version);
              return;
            }
          break;

        case AVS_RULE_VERSION_LINK:
          {
            g_autofree char *resolved = avs_host_resolve (scan->host, version->path, TRUE, NULL);
            g_autofree char *target = avs_host_read_link (scan->host, version->path, NULL);
            const char *candidates[] = { target, resolved, NULL };

            for (guint c = 0; c < 2; c++)
              {
                g_autoptr(GMatchInfo) match = NULL;
                if (candidates[c] != NULL && g_regex_match (version->pattern, candidates[c], 0, &match))
                  {
                    g_autofree char *v = g_match_info_fetch (match, 1);
                    if (v != NULL && *v != '\0')
                      {
                        avs_finding_set_version (product->finding, v);
                        return;
                      }
                  }
              }
          }
          break;

        case AVS_RULE_VERSION_INI:
          {
            g_autofree char *text = avs_host_read_text (scan->host, version->path, AVS_HOST_SMALL_FILE, NULL, NULL);
            g_autofree char *v = text != NULL ? ini_value (text, version->section, version->key) : NULL;
            if (v != NULL)
              {
                avs_finding_set_version (product->finding, v);
                return;
              }
          }
          break;

        default:
          break;
        }
    }
}

static gint64
newest_mtime (Scan       *scan,
              const char *dir,
              guint       depth)
{
  g_auto(GStrv) names = avs_host_list_dir (scan->host, dir, NULL);
  gint64 newest = 0;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      GStatBuf st;
      AvsHostFileType type = avs_host_query (scan->host, path, FALSE, &st, NULL);

      if (type == AVS_HOST_FILE_REGULAR)
        newest = MAX (newest, (gint64) st.st_mtime);
      else if (type == AVS_HOST_FILE_DIRECTORY && depth > 0)
        newest = MAX (newest, newest_mtime (scan, path, depth - 1));
    }
  return newest;
}

static void
find_signatures (Scan    *scan,
                 Product *product)
{
  gint64 newest = 0;

  for (guint i = 0; product->rule->signature_paths[i] != NULL; i++)
    newest = MAX (newest, newest_mtime (scan, product->rule->signature_paths[i], 2));
  if (newest > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (newest);
      avs_finding_set_signatures_updated (product->finding, when);
    }
}

static char *
find_management_server (Scan    *scan,
                        Product *product)
{
  AvsRuleProduct *rule = product->rule;

  if (rule->management_commands[0] == NULL)
    return NULL;

  if (!scan->live)
    {
      not_checked (scan, _("The Kaspersky Security Center server that manages this machine"),
                   _("Only the Network Agent’s own klnagchk tool shows the server address, and it can only be asked on the running machine, not on a disk scanned with --root."),
                   NULL, FALSE);
      return NULL;
    }
  if (!avs_runner_get_is_root (scan->runner))
    {
      not_checked (scan, _("The Kaspersky Security Center server that manages this machine"),
                   _("The Network Agent’s klnagchk tool, which shows the server address, needs administrator rights."),
                   NULL, TRUE);
      return NULL;
    }

  for (guint i = 0; rule->management_commands[i] != NULL; i++)
    {
      const char *argv[] = { NULL, NULL };
      g_autoptr(AvsRunResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;

      g_autofree char *program = NULL;

      if (avs_host_query (scan->host, rule->management_commands[i], TRUE, NULL, NULL) != AVS_HOST_FILE_REGULAR)
        continue;
      /* On the live system this is the path itself; under a root treated as live (tests), the
       * program inside it. */
      program = avs_host_disk_path (scan->host, rule->management_commands[i], NULL);
      if (program == NULL)
        continue;
      argv[0] = program;
      result = avs_runner_run_sync (scan->runner, argv, AVS_RUN_QUERY | AVS_RUN_C_LOCALE, NULL,
                                    KLNAGCHK_TIMEOUT_MS, scan->cancellable, &error);
      if (result == NULL)
        {
          not_checked_error (scan, _("The Kaspersky Security Center server that manages this machine"),
                             error, argv[0]);
          continue;
        }
      out = avs_run_result_dup_stdout (result);
      lines = g_strsplit (out, "\n", -1);
      for (guint l = 0; lines[l] != NULL; l++)
        {
          const char *at = strstr (lines[l], rule->server_label);
          const char *colon;

          if (at == NULL || (colon = strchr (at + strlen (rule->server_label), ':')) == NULL)
            continue;
          {
            g_autofree char *server = g_strstrip (g_strdup (colon + 1));
            if (*server != '\0' && g_utf8_validate (server, -1, NULL))
              {
                evidence (scan, product, NULL, AVS_EVIDENCE_CONFIG,
                          lines[l] + (at - lines[l]), rule->management_commands[i]);
                return g_steal_pointer (&server);
              }
          }
        }
    }
  return NULL;
}

/* ---------------------------------------------------------------------------------------------
 * The whole scan
 * ------------------------------------------------------------------------------------------- */

static void
scan_host_info (Scan *scan)
{
  g_autofree char *text = avs_host_read_text (scan->host, "/etc/os-release", AVS_HOST_SMALL_FILE, NULL, NULL);
  g_autofree char *id = NULL, *like = NULL, *version_id = NULL, *pretty = NULL;
  g_auto(GStrv) id_like = NULL;
  AvsPackageManager manager;

  if (text == NULL)
    text = avs_host_read_text (scan->host, "/usr/lib/os-release", AVS_HOST_SMALL_FILE, NULL, NULL);
  if (text != NULL)
    {
      id = os_release_value (text, "ID");
      like = os_release_value (text, "ID_LIKE");
      version_id = os_release_value (text, "VERSION_ID");
      pretty = os_release_value (text, "PRETTY_NAME");
    }
  id_like = like != NULL ? g_strsplit_set (g_strstrip (like), " ", -1) : g_new0 (char *, 1);

  manager = avs_package_manager_detect (scan->host);
  avs_scan_result_set_host (scan->result, id, (const char * const *) id_like, version_id, pretty,
                            avs_package_manager_to_string (manager));
}

static void
finish_findings (Scan *scan)
{
  gboolean managed = FALSE;
  g_autofree char *server = NULL;

  for (guint i = 0; i < scan->products->len; i++)
    {
      Product *product = g_ptr_array_index (scan->products, i);
      if (product->finding != NULL && product->rule->manages)
        {
          managed = TRUE;
          if (server == NULL)
            server = find_management_server (scan, product);
        }
    }

  for (guint i = 0; i < scan->products->len; i++)
    {
      Product *product = g_ptr_array_index (scan->products, i);

      if (product->finding == NULL)
        continue;   /* weak evidence alone is not a finding */
      for (guint k = 0; k < product->weak->len; k++)
        {
          AvsEvidence *e = g_ptr_array_index (product->weak, k);
          avs_finding_add_evidence (product->finding, e->kind, e->value, e->detail);
        }

      if (product->has_package)
        avs_finding_set_state (product->finding, AVS_INSTALL_STATE_INSTALLED);
      else if (product->has_install)
        avs_finding_set_state (product->finding, AVS_INSTALL_STATE_FILES_ONLY);
      else
        avs_finding_set_state (product->finding, AVS_INSTALL_STATE_LEFTOVERS);

      avs_finding_set_running (product->finding, product->running);
      avs_finding_set_managed (product->finding, managed);
      avs_finding_set_management_server (product->finding, server);
      find_version (scan, product);
      find_signatures (scan, product);
      avs_scan_result_add_finding (scan->result, product->finding);
    }
}

static gboolean
run_scan (Scan    *scan,
          GError **error)
{
  struct
  {
    const char *step;
    double      weight;
    void      (*func) (Scan *scan);
  } steps[] = {
    { N_("Reading the operating system"), 0.01, scan_host_info },
    { N_("Reading the dpkg package database"), 0.15, scan_dpkg },
    { N_("Reading the rpm package database"), 0.15, scan_rpm },
    { N_("Reading the pacman package database"), 0.04, scan_pacman },
    { N_("Looking for Kaspersky files and folders"), 0.08, scan_paths },
    { N_("Looking for Kaspersky services"), 0.04, scan_units },
    { N_("Looking for Kaspersky groups"), 0.01, scan_groups },
    { N_("Looking at running programs"), 0.05, scan_processes },
    { N_("Looking at loaded kernel modules"), 0.01, scan_kernel_modules },
    { N_("Looking at trusted certificates"), 0.15, scan_certificates },
    { NULL, 0.25, NULL },   /* homes: browsers, NSS databases */
    { N_("Looking at mounted Windows volumes"), 0.03, scan_windows },
    { N_("Identifying shared Kaspersky folders"), 0.01, scan_shared_paths },
  };
  double done = 0;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      if (g_cancellable_set_error_if_cancelled (scan->cancellable, error))
        return FALSE;
      if (steps[i].func != NULL)
        {
          progress (scan, done, _(steps[i].step));
          steps[i].func (scan);
        }
      else
        scan_homes (scan, done, done + steps[i].weight);
      done += steps[i].weight;
    }

  if (avs_host_is_live (scan->host) && avs_runner_get_in_flatpak (scan->runner))
    not_checked (scan, _("This computer’s system files"),
                 _("AV Switch runs inside a Flatpak sandbox here, which shows it the sandbox’s own files instead of this computer’s, so what it found does not describe this computer. Run the scan from an installation outside Flatpak, or give the sandbox read access to the host and scan its root with --root."),
                 NULL, FALSE);

  if (!scan->live)
    not_checked (scan, _("Running programs and loaded kernel modules"),
                 _("They belong to the running machine, so they are only checked when scanning this computer itself, not a folder given with --root."),
                 NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (scan->cancellable, error))
    return FALSE;
  progress (scan, 0.99, _("Putting the findings together"));
  finish_findings (scan);
  progress (scan, 1.0, _("Done"));
  return TRUE;
}

static void
scan_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Scan *scan = task_data;
  GError *error = NULL;

  if (!run_scan (scan, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_object_ref (scan->result), g_object_unref);
}

void
avs_scanner_scan_async (AvsScanner          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Scan *scan;

  g_return_if_fail (AVS_IS_SCANNER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, avs_scanner_scan_async);
  scan = scan_new (self, cancellable);
  scan->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, scan, (GDestroyNotify) scan_free);
  g_task_run_in_thread (task, scan_thread);
}

AvsScanResult *
avs_scanner_scan_finish (AvsScanner    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

AvsScanResult *
avs_scanner_scan_sync (AvsScanner    *self,
                       GCancellable  *cancellable,
                       GError       **error)
{
  Scan *scan;
  AvsScanResult *result = NULL;

  g_return_val_if_fail (AVS_IS_SCANNER (self), NULL);

  scan = scan_new (self, cancellable);
  if (run_scan (scan, error))
    result = g_object_ref (scan->result);
  scan_free (scan);
  return result;
}

/* For the fuzz targets (avs-scanner-private.h): one step, then the findings put together. */
AvsScanResult *
avs_scanner_run_step (AvsScanner     *self,
                      AvsScannerStep  step,
                      const char     *arg)
{
  Scan *scan;
  AvsScanResult *result;

  g_return_val_if_fail (AVS_IS_SCANNER (self), NULL);

  scan = scan_new (self, NULL);
  switch (step)
    {
    case AVS_SCANNER_STEP_OS_RELEASE:
      scan_host_info (scan);
      break;
    case AVS_SCANNER_STEP_DPKG:
      scan_dpkg (scan);
      break;
    case AVS_SCANNER_STEP_RPM_QUERY:
      rpm_read_query (scan, arg, avs_host_get_root (scan->host),
                      avs_package_manager_get_db_dir (AVS_PACKAGE_MANAGER_RPM));
      break;
    case AVS_SCANNER_STEP_PACMAN:
      scan_pacman (scan);
      break;
    case AVS_SCANNER_STEP_CHROMIUM_PROFILE:
      scan_chromium_profile (scan, arg);
      break;
    case AVS_SCANNER_STEP_FIREFOX_PROFILE:
      scan_firefox_profile (scan, arg);
      break;
    case AVS_SCANNER_STEP_CERTIFICATES:
      scan_certificates (scan);
      break;
    case AVS_SCANNER_STEP_INI:
      {
        g_free (ini_value (arg, "Profile0", "Path"));
        g_free (ini_value (arg, "General", "Version"));
      }
      break;
    default:
      g_assert_not_reached ();
    }
  finish_findings (scan);
  result = g_object_ref (scan->result);
  scan_free (scan);
  return result;
}
