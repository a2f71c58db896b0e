/* avs-scanner.c — finds every Kaspersky footprint under a root, off the main thread
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "avs-package-manager.h"
#include "avs-scanner-private.h"

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

  runner = avs_runner_new ();
  /* This computer: inside Flatpak the sandbox view of it, not the sandbox's own "/". */
  if (root == NULL || g_str_equal (root, "/"))
    host = avs_host_new_live (avs_runner_get_in_flatpak (runner), error);
  else
    host = avs_host_new (root, error);
  if (host == NULL)
    return NULL;
  rules = rules_path != NULL ? avs_rules_load_file (rules_path, error) : avs_rules_load_default (error);
  if (rules == NULL)
    return NULL;
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

const char * const *
_avs_scanner_get_homes (AvsScanner *self)
{
  return (const char * const *) self->homes;
}

/* ---------------------------------------------------------------------------------------------
 * The state of one scan
 * ------------------------------------------------------------------------------------------- */

/* AvsScan and AvsScanProduct are declared in avs-scanner-private.h: every evidence family's file
 * fills them. */

static void
product_free (AvsScanProduct *product)
{
  g_clear_object (&product->finding);
  g_clear_pointer (&product->weak, g_ptr_array_unref);
  g_free (product->package_version);
  g_free (product);
}

static void
scan_free (AvsScan *scan)
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

static AvsScan *
scan_new (AvsScanner   *scanner,
          GCancellable *cancellable)
{
  AvsScan *scan = g_new0 (AvsScan, 1);
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
      AvsScanProduct *product = g_new0 (AvsScanProduct, 1);
      product->rule = g_ptr_array_index (rule_products, i);
      product->weak = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_evidence_free);
      g_ptr_array_add (scan->products, product);
    }
  return scan;
}

gboolean
_avs_scan_cancelled (AvsScan *scan)
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

void
_avs_scan_progress (AvsScan    *scan,
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

void
_avs_scan_not_checked (AvsScan    *scan,
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

/* Records information about the scan that hides nothing (see AvsNotChecked): shown beside the
 * gaps, but a scan with only notes is still clean. */
void
_avs_scan_note (AvsScan    *scan,
                const char *what,
                const char *reason,
                const char *path)
{
  GPtrArray *entries = avs_scan_result_get_not_checked (scan->result);

  for (guint i = 0; i < entries->len; i++)
    {
      AvsNotChecked *e = g_ptr_array_index (entries, i);
      if (g_str_equal (e->what, what) && g_str_equal (e->reason, reason) && g_strcmp0 (e->path, path) == 0)
        return;
    }
  avs_scan_result_add_not_checked (scan->result, avs_not_checked_new_note (what, reason, path));
}

/* Records an error from the host as a not-checked entry. */
void
_avs_scan_not_checked_error (AvsScan      *scan,
                             const char   *what,
                             const GError *error,
                             const char   *path)
{
  _avs_scan_not_checked (scan, what, error->message, path, avs_host_error_needs_admin (error));
}

void
_avs_scan_evidence (AvsScan         *scan,
                    AvsScanProduct  *product,
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
char *
_avs_scan_ini_value (const char *text,
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
gboolean
_avs_scan_lists_vendor_path (AvsScan    *scan,
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

gboolean
_avs_scan_vendor_matches (AvsScan    *scan,
                          const char *field)
{
  return field != NULL && *field != '\0' &&
         g_regex_match (avs_rules_get_vendor_regex (scan->rules), field, 0, NULL);
}

char *
_avs_scan_first_line (const char *text)
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

/* ---------------------------------------------------------------------------------------------
 * The whole scan
 * ------------------------------------------------------------------------------------------- */

static void
scan_host_info (AvsScan *scan)
{
  const char * const *paths = avs_host_get_os_release_paths (scan->host);
  g_autofree char *text = NULL;
  g_autofree char *id = NULL, *like = NULL, *version_id = NULL, *pretty = NULL;
  g_auto(GStrv) id_like = NULL;
  AvsPackageManager manager;

  for (guint i = 0; paths[i] != NULL && text == NULL; i++)
    text = avs_host_read_text (scan->host, paths[i], AVS_HOST_SMALL_FILE, NULL, NULL);
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

  /* What the sandbox's permissions hide, named before anything is looked at. */
  {
    GPtrArray *unseen = avs_host_get_unseen (scan->host);

    for (guint i = 0; i < unseen->len; i++)
      {
        AvsHostUnseen *u = g_ptr_array_index (unseen, i);

        if (u->note)
          _avs_scan_note (scan, u->what, u->reason, u->path);
        else
          _avs_scan_not_checked (scan, u->what, u->reason, u->path, FALSE);
      }
  }
}

static void
finish_findings (AvsScan *scan)
{
  gboolean managed = FALSE;
  g_autofree char *server = NULL;

  for (guint i = 0; i < scan->products->len; i++)
    {
      AvsScanProduct *product = g_ptr_array_index (scan->products, i);
      if (product->finding != NULL && product->rule->manages)
        {
          managed = TRUE;
          if (server == NULL)
            server = _avs_scan_find_management_server (scan, product);
        }
    }

  for (guint i = 0; i < scan->products->len; i++)
    {
      AvsScanProduct *product = g_ptr_array_index (scan->products, i);

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
      _avs_scan_find_version (scan, product);
      _avs_scan_find_signatures (scan, product);
      avs_scan_result_add_finding (scan->result, product->finding);
    }
}

static gboolean
run_scan (AvsScan  *scan,
          GError  **error)
{
  struct
  {
    const char *step;
    double      weight;
    void      (*func) (AvsScan *scan);
  } steps[] = {
    { N_("Reading the operating system"), 0.01, scan_host_info },
    { N_("Reading the dpkg package database"), 0.15, _avs_scan_dpkg },
    { N_("Reading the rpm package database"), 0.15, _avs_scan_rpm },
    { N_("Reading the pacman package database"), 0.04, _avs_scan_pacman },
    { N_("Looking for Kaspersky files and folders"), 0.08, _avs_scan_paths },
    { N_("Looking for Kaspersky services"), 0.04, _avs_scan_units },
    { N_("Looking for Kaspersky groups"), 0.01, _avs_scan_groups },
    { N_("Looking at running programs"), 0.05, _avs_scan_processes },
    { N_("Looking at loaded kernel modules"), 0.01, _avs_scan_kernel_modules },
    { N_("Looking at trusted certificates"), 0.15, _avs_scan_certificates },
    { NULL, 0.25, NULL },   /* homes: browsers, NSS databases */
    { N_("Looking at mounted Windows volumes"), 0.03, _avs_scan_windows },
    { N_("Identifying shared Kaspersky folders"), 0.01, _avs_scan_shared_paths },
  };
  double done = 0;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      if (g_cancellable_set_error_if_cancelled (scan->cancellable, error))
        return FALSE;
      if (steps[i].func != NULL)
        {
          _avs_scan_progress (scan, done, _(steps[i].step));
          steps[i].func (scan);
        }
      else
        _avs_scan_homes (scan, done, done + steps[i].weight);
      done += steps[i].weight;
    }

  /* Inside Flatpak without a view of the computer (no /run/host): "/" is the sandbox. */
  if (avs_host_is_live (scan->host) && avs_runner_get_in_flatpak (scan->runner) &&
      !avs_host_is_sandbox_view (scan->host))
    {
      g_autofree char *command = g_strdup_printf ("flatpak override --user --filesystem=host-os:ro --filesystem=host-etc:ro %s", APP_ID);
      g_autofree char *reason =
        /* Translators: %s is a command to type in a terminal */
        g_strdup_printf (_("AV Switch runs inside a Flatpak sandbox that shows it nothing of this computer, only the sandbox’s own files, so what it found does not describe this computer. To let it read this computer’s files, run “%s” in a terminal, then scan again."),
                         command);
      _avs_scan_not_checked (scan, _("This computer’s system files"), reason, NULL, FALSE);
    }

  /* A disk has no running programs: nothing is hidden there, so this is a note, not a gap. */
  if (!scan->live)
    _avs_scan_note (scan, _("Running programs and loaded kernel modules"),
                    _("They belong to the running computer, so they are only checked when scanning this computer itself, not the disk or folder of another system."),
                    NULL);

  if (g_cancellable_set_error_if_cancelled (scan->cancellable, error))
    return FALSE;
  _avs_scan_progress (scan, 0.99, _("Putting the findings together"));
  finish_findings (scan);
  _avs_scan_progress (scan, 1.0, _("Done"));
  return TRUE;
}

static void
scan_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  AvsScan *scan = task_data;
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
  AvsScan *scan;

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
  AvsScan *scan;
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
  AvsScan *scan;
  AvsScanResult *result;

  g_return_val_if_fail (AVS_IS_SCANNER (self), NULL);

  scan = scan_new (self, NULL);
  switch (step)
    {
    case AVS_SCANNER_STEP_OS_RELEASE:
      scan_host_info (scan);
      break;
    case AVS_SCANNER_STEP_DPKG:
      _avs_scan_dpkg (scan);
      break;
    case AVS_SCANNER_STEP_RPM_QUERY:
      _avs_scan_rpm_read_query (scan, arg, avs_host_get_root (scan->host),
                                avs_package_manager_get_db_dir (AVS_PACKAGE_MANAGER_RPM));
      break;
    case AVS_SCANNER_STEP_PACMAN:
      _avs_scan_pacman (scan);
      break;
    case AVS_SCANNER_STEP_CHROMIUM_PROFILE:
      _avs_scan_chromium_profile (scan, arg);
      break;
    case AVS_SCANNER_STEP_FIREFOX_PROFILE:
      _avs_scan_firefox_profile (scan, arg);
      break;
    case AVS_SCANNER_STEP_CERTIFICATES:
      _avs_scan_certificates (scan);
      break;
    case AVS_SCANNER_STEP_INI:
      {
        g_free (_avs_scan_ini_value (arg, "Profile0", "Path"));
        g_free (_avs_scan_ini_value (arg, "General", "Version"));
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
