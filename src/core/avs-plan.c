/* avs-plan.c — the removal and replacement plan: ordered steps built from a scan
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Facts: Kaspersky's uninstall steps per product and the order inferred where none is documented
 * (docs/removal.md; sources in docs/sources.md).
 * Design notes: docs/removal.md.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "avs-json.h"
#include "avs-plan-private.h"
#include "avs-validate.h"
#include "avs-text.h"

G_DEFINE_QUARK (avs-plan-error-quark, avs_plan_error)

#define AVS_PLAN_INPUTS_SCHEMA "avswitch-plan-inputs/1"

/* ---------------------------------------------------------------------------------------------
 * AvsPlan
 * ------------------------------------------------------------------------------------------- */

static void avs_plan_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AvsPlan, avs_plan, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, avs_plan_list_model_init))

static GType
avs_plan_get_item_type (GListModel *model)
{
  return AVS_TYPE_PLAN_STEP;
}

static guint
avs_plan_get_n_items (GListModel *model)
{
  return AVS_PLAN (model)->steps->len;
}

static gpointer
avs_plan_get_item (GListModel *model,
                   guint       position)
{
  AvsPlan *self = AVS_PLAN (model);

  if (position >= self->steps->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->steps, position));
}

static void
avs_plan_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = avs_plan_get_item_type;
  iface->get_n_items = avs_plan_get_n_items;
  iface->get_item = avs_plan_get_item;
}

static void
avs_plan_finalize (GObject *object)
{
  AvsPlan *self = AVS_PLAN (object);

  g_clear_object (&self->scan);
  g_free (self->root);
  g_free (self->stamp);
  g_clear_pointer (&self->replacement, avs_replacement_free);
  g_free (self->archive_path);
  g_free (self->rpm_dbpath);
  g_clear_object (&self->host);
  g_clear_error (&self->host_error);
  g_ptr_array_unref (self->steps);
  g_ptr_array_unref (self->refused);

  G_OBJECT_CLASS (avs_plan_parent_class)->finalize (object);
}

static void
avs_plan_class_init (AvsPlanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = avs_plan_finalize;
}

static void
avs_plan_init (AvsPlan *self)
{
  self->steps = g_ptr_array_new_with_free_func (g_object_unref);
  self->refused = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->refused, NULL);
}

void
_avs_plan_refuse (AvsPlan    *self,
                  const char *message)
{
  for (guint i = 0; i + 1 < self->refused->len; i++)
    if (g_str_equal (g_ptr_array_index (self->refused, i), message))
      return;
  g_ptr_array_insert (self->refused, self->refused->len - 1, g_strdup (message));
}

char *
avs_plan_real_path (AvsPlan    *self,
                    const char *path)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  if (g_str_equal (self->root, "/"))
    return g_strdup (path);
  return g_build_filename (self->root, path, NULL);
}

/* The scanned root, read through AvsHost like the scanner reads it; NULL with @error when it
 * cannot be opened (a plan built from a saved scan whose disk is gone). Made while the plan is
 * built, so that a finished plan can be shared with worker threads. The running computer is
 * opened as the scanner opens it: inside the Flatpak "/" is the sandbox, so the host view
 * (avs_host_new_live()) is read instead, as the executor's checks do (they use this host). */
AvsHost *
_avs_plan_get_host (AvsPlan  *self,
                    GError  **error)
{
  if (self->host == NULL && self->host_error == NULL && g_str_equal (self->root, "/"))
    {
      g_autoptr(AvsRunner) runner = avs_runner_new ();   /* only to detect the Flatpak */

      self->host = avs_host_new_live (avs_runner_get_in_flatpak (runner), &self->host_error);
    }
  else if (self->host == NULL && self->host_error == NULL)
    self->host = avs_host_new (self->root, &self->host_error);
  if (self->host == NULL)
    {
      g_propagate_error (error, g_error_copy (self->host_error));
      return NULL;
    }
  return self->host;
}

/* ---------------------------------------------------------------------------------------------
 * Building
 * ------------------------------------------------------------------------------------------- */

void
_avs_plan_append_paragraph (GString    *text,
                            const char *paragraph)
{
  if (text->len > 0)
    g_string_append_c (text, ' ');
  g_string_append (text, paragraph);
}

/* Paths, groups and profiles for a sentence: each one isolated (avs_text_isolate), so that a
 * path keeps its order inside a right-to-left translation. */
char *
_avs_plan_join_list (GPtrArray *items)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *item = avs_text_isolate (g_ptr_array_index (items, i));

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, item);
    }
  return g_string_free (text, FALSE);
}

void
_avs_plan_add_step (AvsPlan     *self,
                    AvsPlanStep *step,
                    GString     *explanation)
{
  step->explanation = g_string_free (explanation, FALSE);
  g_ptr_array_add (self->steps, step);
}

static void
build_managed_step (AvsPlan *self)
{
  const char *server = avs_scan_result_get_management_server (self->scan);
  AvsPlanStep *step;
  GString *text;

  if (!avs_scan_result_is_managed (self->scan))
    return;
  text = g_string_new (NULL);

  step = _avs_plan_step_new ("managed", AVS_STEP_MANAGED, AVS_STEP_KIND_MANUAL,
                             _("This computer is managed by Kaspersky Security Center"));
  step->blocking = TRUE;
  _avs_plan_step_add_product (step, AVS_PRODUCT_NETWORK_AGENT);

  if (server != NULL)
    {
      g_autofree char *s = g_strdup_printf (
          /* Translators: %s is the address of a Kaspersky Security Center server */
          _("A Kaspersky Network Agent connects this computer to the Kaspersky Security Center "
            "administration server %s."), server);
      _avs_plan_append_paragraph (text, s);
    }
  else
    _avs_plan_append_paragraph (text, _("A Kaspersky Network Agent connects this computer to a "
                                        "Kaspersky Security Center administration server."));
  _avs_plan_append_paragraph (text,
                              _("Removing Kaspersky here ends that management without the "
                                "administrator knowing, and the device stays listed in Kaspersky "
                                "Security Center until its retention period ends or an "
                                "administrator deletes it. Ask your administrator to release this "
                                "device, or to run the Kaspersky Security Center task “Uninstall "
                                "application remotely” for it. Continue anyway only as a "
                                "technician who has that agreement."));
  _avs_plan_add_step (self, step, text);
}

static void
build_stop_services_step (AvsPlan   *self,
                          GPtrArray *findings)
{
  AvsPlanStep *step;
  g_autoptr(GPtrArray) units = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) scripts = g_ptr_array_new_with_free_func (g_free);
  GString *text;

  /* A disk or chroot that is not running has no services to stop. */
  if (!self->live)
    return;

  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);
      GPtrArray *evidence = avs_finding_get_evidence (finding);

      /* Leftovers of a removal run nothing (unless the scan saw them running), and systemd may
       * not even know a stray unit file: stopping it would fail the run for nothing. */
      if (avs_finding_get_state (finding) == AVS_INSTALL_STATE_LEFTOVERS &&
          !avs_finding_get_running (finding))
        continue;

      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);
          g_autoptr(GError) error = NULL;

          if (e->kind == AVS_EVIDENCE_UNIT)
            {
              if (!avs_validate_unit_name (e->value, &error))
                _avs_plan_refuse (self, error->message);
              else if (!g_ptr_array_find_with_equal_func (units, e->value, g_str_equal, NULL))
                g_ptr_array_add (units, g_strdup (e->value));
            }
          else if (e->kind == AVS_EVIDENCE_INIT_SCRIPT)
            {
              g_autofree char *dir = g_path_get_dirname (e->value);

              if (!avs_validate_path (e->value, &error))
                _avs_plan_refuse (self, error->message);
              else if (g_str_equal (dir, "/etc/init.d") &&
                       !g_ptr_array_find_with_equal_func (scripts, e->value, g_str_equal, NULL))
                g_ptr_array_add (scripts, g_strdup (e->value));
            }
        }
    }

  if (units->len == 0 && scripts->len == 0)
    return;

  step = _avs_plan_step_new ("stop-services", AVS_STEP_STOP_SERVICES, AVS_STEP_KIND_AUTOMATIC,
                             _("Stop the Kaspersky services"));
  /* One command for every unit: one administrator prompt instead of one per unit. */
  if (units->len > 0)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();

      g_ptr_array_add (argv, (gpointer) "systemctl");
      g_ptr_array_add (argv, (gpointer) "stop");
      g_ptr_array_add (argv, (gpointer) "--");
      for (guint i = 0; i < units->len; i++)
        g_ptr_array_add (argv, g_ptr_array_index (units, i));
      g_ptr_array_add (argv, NULL);
      _avs_plan_step_add_command (step, TRUE, (const char * const *) argv->pdata);
    }
  for (guint i = 0; i < scripts->len; i++)
    {
      const char *script = g_ptr_array_index (scripts, i);
      g_autofree char *base = g_path_get_basename (script);
      g_autofree char *unit = g_strconcat (base, ".service", NULL);

      /* With systemd, the unit of the same name already covers the script. */
      if (!g_ptr_array_find_with_equal_func (units, unit, g_str_equal, NULL))
        _avs_plan_step_add_command (step, TRUE, (const char *[]) { script, "stop", NULL });
    }
  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);
      GPtrArray *evidence = avs_finding_get_evidence (finding);

      if (avs_finding_get_state (finding) == AVS_INSTALL_STATE_LEFTOVERS &&
          !avs_finding_get_running (finding))
        continue;
      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);

          if (e->kind == AVS_EVIDENCE_UNIT || e->kind == AVS_EVIDENCE_INIT_SCRIPT)
            _avs_plan_step_add_product (step, avs_finding_get_product_id (finding));
        }
    }

  text = g_string_new (NULL);
  _avs_plan_append_paragraph (text, _("Stops the Kaspersky services so that no Kaspersky program "
                                      "is running while its packages are removed. Protection ends "
                                      "here: every Kaspersky task stops."));
  _avs_plan_add_step (self, step, text);
}

static void
add_browser_step (AvsPlan   *self,
                  GPtrArray *findings)
{
  AvsPlanStep *step = NULL;
  g_autoptr(GPtrArray) chromium = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) firefox = g_ptr_array_new_with_free_func (g_free);
  GString *text;

  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);
      GPtrArray *evidence = avs_finding_get_evidence (finding);

      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);
          g_autofree char *where = NULL;

          if (e->kind != AVS_EVIDENCE_BROWSER_EXTENSION)
            continue;
          if (step == NULL)
            step = _avs_plan_step_new ("browser-extensions", AVS_STEP_BROWSER_EXTENSIONS,
                                       AVS_STEP_KIND_MANUAL,
                                       _("Remove the Kaspersky Protection browser extension"));
          _avs_plan_step_add_product (step, avs_finding_get_product_id (finding));
          _avs_plan_step_add_verification (step, e);
          where = g_strescape (e->detail != NULL ? e->detail : e->value, NULL);
          if (e->detail != NULL && strstr (e->detail, "/.mozilla/") != NULL)
            {
              if (!g_ptr_array_find_with_equal_func (firefox, where, g_str_equal, NULL))
                g_ptr_array_add (firefox, g_steal_pointer (&where));
            }
          else if (!g_ptr_array_find_with_equal_func (chromium, where, g_str_equal, NULL))
            g_ptr_array_add (chromium, g_steal_pointer (&where));
        }
    }
  if (step == NULL)
    return;

  text = g_string_new (NULL);
  _avs_plan_append_paragraph (text, _("A browser extension belongs to the browser profile, so "
                                      "only the browser can remove it properly. Do this as the "
                                      "user of each profile listed."));
  if (chromium->len > 0)
    {
      g_autofree char *list = _avs_plan_join_list (chromium);
      g_autofree char *s = g_strdup_printf (
          /* Translators: %s is a list of browser profile folders */
          _("Chrome, Chromium, Brave, Vivaldi, Opera or Edge (profiles: %s): type "
            "chrome://extensions into the address bar (in Edge: edge://extensions) and press "
            "Enter, find “Kaspersky Protection”, click Remove, then click Remove again to "
            "confirm."), list);
      _avs_plan_append_paragraph (text, s);
    }
  if (firefox->len > 0)
    {
      g_autofree char *list = _avs_plan_join_list (firefox);
      g_autofree char *s = g_strdup_printf (
          /* Translators: %s is a list of Firefox profile folders */
          _("Firefox (profiles: %s): open the menu ☰, choose Add-ons and themes, then "
            "Extensions; click ••• next to “Kaspersky Protection”, choose Remove, then click "
            "Remove again to confirm."), list);
      _avs_plan_append_paragraph (text, s);
    }
  _avs_plan_append_paragraph (text, _("If the browser syncs extensions, remove it on your other "
                                      "computers too, or it comes back. The final check looks for "
                                      "it again."));
  _avs_plan_add_step (self, step, text);
}

static void
add_windows_step (AvsPlan   *self,
                  GPtrArray *findings)
{
  AvsPlanStep *step = NULL;
  g_autoptr(GPtrArray) where = g_ptr_array_new_with_free_func (g_free);
  GString *text;
  g_autofree char *list = NULL;
  g_autofree char *s = NULL;

  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);
      GPtrArray *evidence = avs_finding_get_evidence (finding);

      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);

          if (e->kind != AVS_EVIDENCE_WINDOWS_INSTALL)
            continue;
          if (step == NULL)
            step = _avs_plan_step_new ("windows", AVS_STEP_WINDOWS, AVS_STEP_KIND_MANUAL,
                                       _("Remove Kaspersky from Windows"));
          _avs_plan_step_add_product (step, avs_finding_get_product_id (finding));
          _avs_plan_step_add_verification (step, e);
          g_ptr_array_add (where, g_strescape (e->value, NULL));
        }
    }
  if (step == NULL)
    return;

  text = g_string_new (NULL);
  list = _avs_plan_join_list (where);
  s = g_strdup_printf (
      /* Translators: %s is a list of folders on a Windows volume */
      _("Kaspersky is installed on a Windows system on this computer (%s). Deleting its files "
        "from Linux would leave Windows broken, so AV Switch does not touch them: start Windows "
        "and remove Kaspersky there, in Settings → Apps → Installed apps."), list);
  _avs_plan_append_paragraph (text, s);
  _avs_plan_add_step (self, step, text);
}

static void
add_reboot_step (AvsPlan   *self,
                 GPtrArray *findings)
{
  AvsPlanStep *step = NULL;
  gboolean module = FALSE, running = FALSE;
  GString *text;

  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);
      GPtrArray *evidence = avs_finding_get_evidence (finding);
      gboolean concerned = avs_finding_get_running (finding);

      running = running || avs_finding_get_running (finding);
      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);

          if (e->kind == AVS_EVIDENCE_KERNEL_MODULE || e->kind == AVS_EVIDENCE_PROCESS)
            {
              if (step == NULL)
                step = _avs_plan_step_new ("reboot", AVS_STEP_REBOOT, AVS_STEP_KIND_MANUAL,
                                           _("Restart the computer if asked"));
              _avs_plan_step_add_verification (step, e);
              concerned = TRUE;
              if (e->kind == AVS_EVIDENCE_KERNEL_MODULE)
                module = TRUE;
              else
                running = TRUE;
            }
        }
      if (concerned && step == NULL)
        step = _avs_plan_step_new ("reboot", AVS_STEP_REBOOT, AVS_STEP_KIND_MANUAL,
                                   _("Restart the computer if asked"));
      if (concerned)
        _avs_plan_step_add_product (step, avs_finding_get_product_id (finding));
    }
  if (step == NULL)
    return;

  text = g_string_new (NULL);
  if (module)
    _avs_plan_append_paragraph (text, _("A Kaspersky kernel module was loaded. Kaspersky "
                                        "documents no way to unload it, so it only goes away with "
                                        "a restart."));
  if (running)
    _avs_plan_append_paragraph (text, _("Kaspersky programs were running; stopping the services "
                                        "and removing the packages normally ends them."));
  _avs_plan_append_paragraph (text, _("If the final check still finds a Kaspersky kernel module or "
                                      "process, restart the computer and run the check again; the "
                                      "progress is saved."));
  _avs_plan_add_step (self, step, text);
}

static void
add_verify_step (AvsPlan *self)
{
  AvsPlanStep *step = _avs_plan_step_new ("verify", AVS_STEP_VERIFY, AVS_STEP_KIND_AUTOMATIC,
                                          _("Check that Kaspersky is gone"));
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < self->steps->len; i++)
    {
      AvsPlanStep *other = g_ptr_array_index (self->steps, i);
      const char * const *products = avs_plan_step_get_products (other);

      /* Files left to the user's judgement and a Windows installation (removed from Windows,
       * some other day) are not what this plan removes: `avswitch verify` still lists them. */
      if (other->type == AVS_STEP_MANUAL_FILES || other->type == AVS_STEP_WINDOWS)
        continue;
      /* Likewise a disk's browser certificates: removed on the disk's own system, later. */
      if (other->type == AVS_STEP_REMOVE_NSS_CERTIFICATES && !g_str_equal (self->root, "/"))
        continue;
      for (guint j = 0; j < other->verification->len; j++)
        _avs_plan_step_add_verification (step, g_ptr_array_index (other->verification, j));
      if (other->type != AVS_STEP_INSTALL_REPLACEMENT)
        for (guint j = 0; products[j] != NULL; j++)
          _avs_plan_step_add_product (step, products[j]);
    }
  _avs_plan_append_paragraph (text, _("Scans the computer again, from scratch. The plan is "
                                      "complete only when this scan finds nothing of what the "
                                      "steps above removed."));
  _avs_plan_add_step (self, step, text);
}

static gboolean
valid_stamp (const char *stamp)
{
  if (stamp == NULL || *stamp == '\0' || strlen (stamp) > 32)
    return FALSE;
  for (const char *p = stamp; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != 'T' && *p != 'Z')
      return FALSE;
  return TRUE;
}

AvsPlan *
avs_plan_new (AvsScanResult         *scan,
              const AvsPlanOptions  *options,
              GError               **error)
{
  g_autoptr(AvsPlan) self = NULL;
  g_autoptr(GPtrArray) packages = NULL;
  g_autoptr(GError) local_error = NULL;
  AvsPlanOptions defaults = { 0 };
  GPtrArray *findings;
  Leftovers leftovers;

  g_return_val_if_fail (AVS_IS_SCAN_RESULT (scan), NULL);

  if (options == NULL)
    options = &defaults;

  self = g_object_new (AVS_TYPE_PLAN, NULL);
  self->scan = g_object_ref (scan);
  self->root = g_strdup (avs_scan_result_get_root (scan));
  self->live = avs_scan_result_get_live (scan);
  self->method = options->method;

  if (!avs_validate_path (self->root, &local_error))
    {
      g_set_error (error, AVS_PLAN_ERROR, AVS_PLAN_ERROR_INVALID,
                   /* Translators: %s is the reason */
                   _("The scanned root folder cannot be used in commands. %s"),
                   local_error->message);
      return NULL;
    }

  if (options->stamp != NULL)
    {
      if (!valid_stamp (options->stamp))
        {
          g_set_error (error, AVS_PLAN_ERROR, AVS_PLAN_ERROR_INVALID,
                       _("The plan’s time stamp is malformed."));
          return NULL;
        }
      self->stamp = g_strdup (options->stamp);
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      self->stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
    }
  self->archive_path = g_strdup_printf ("%s/kaspersky-%s.tar.gz", AVS_PLAN_BACKUP_DIR, self->stamp);

  if (options->replacement != NULL)
    {
      self->replacement = avs_replacement_copy (options->replacement);
      if (self->replacement == NULL)
        {
          g_set_error (error, AVS_PLAN_ERROR, AVS_PLAN_ERROR_INVALID,
                       _("The chosen replacement has values that cannot be used in commands."));
          return NULL;
        }
    }

  /* Opened once, now: every read of the root goes through it, and a finished plan is shared
   * with worker threads (avs_plan_measure_backup()). */
  _avs_plan_get_host (self, NULL);

  self->frontend = options->frontend;
  if (self->frontend == AVS_PACKAGE_FRONTEND_AUTO)
    self->frontend = _avs_plan_frontend_for_host (avs_scan_result_get_host (scan));

  findings = avs_scan_result_get_findings (scan);
  packages = g_ptr_array_new_with_free_func ((GDestroyNotify) _avs_plan_planned_package_free);
  _avs_plan_collect_packages (self, findings, packages);
  _avs_plan_collect_leftovers (self, findings, &leftovers);

  /* Removing a package leaves what the scan before could not see: settings dpkg keeps until
   * the purge (which would delete them unarchived), data and logs written since. Kaspersky keeps
   * all of it under its own folders (K6, K17, G1), so with any package to remove they are
   * archived and deleted whether or not the scan listed them. */
  if (packages->len > 0)
    {
      static const char * const vendor_roots[] = {
        "/opt/kaspersky", "/var/opt/kaspersky", "/etc/opt/kaspersky", "/var/log/kaspersky",
      };

      for (guint i = 0; i < G_N_ELEMENTS (vendor_roots); i++)
        _avs_plan_add_target (leftovers.targets, vendor_roots[i]);
    }

  build_managed_step (self);
  build_stop_services_step (self, findings);
  _avs_plan_build_package_steps (self, packages);
  _avs_plan_add_backup_step (self, &leftovers);
  _avs_plan_add_leftovers_step (self, &leftovers, packages);
  _avs_plan_add_purge_step (self, packages);
  _avs_plan_add_certificate_steps (self, &leftovers);
  _avs_plan_add_nss_step (self, findings);
  add_browser_step (self, findings);
  add_windows_step (self, findings);
  _avs_plan_add_manual_files_step (self, &leftovers);
  add_reboot_step (self, findings);
  _avs_plan_add_replacement_step (self);
  add_verify_step (self);

  _avs_plan_leftovers_clear (&leftovers);
  return g_steal_pointer (&self);
}

AvsScanResult *
avs_plan_get_scan (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  return self->scan;
}

const char *
avs_plan_get_root (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  return self->root;
}

const char *
avs_plan_get_stamp (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  return self->stamp;
}

AvsPackageFrontend
avs_plan_get_frontend (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), AVS_PACKAGE_FRONTEND_NONE);
  return self->frontend;
}

const AvsReplacement *
avs_plan_get_replacement (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  return self->replacement;
}

AvsReplacementMethod
avs_plan_get_method (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), AVS_REPLACEMENT_METHOD_AUTO);
  return self->method;
}

const char *
avs_plan_get_archive_path (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  return self->archive_path;
}

char *
avs_plan_dup_archive_real_path (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  return avs_plan_real_path (self, self->archive_path);
}

const char * const *
avs_plan_get_refused (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  return (const char * const *) self->refused->pdata;
}

guint
avs_plan_get_n_steps (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), 0);
  return self->steps->len;
}

AvsPlanStep *
avs_plan_get_step (AvsPlan *self,
                   guint    position)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  g_return_val_if_fail (position < self->steps->len, NULL);
  return g_ptr_array_index (self->steps, position);
}

AvsPlanStep *
avs_plan_find_step (AvsPlan    *self,
                    const char *id)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  for (guint i = 0; i < self->steps->len; i++)
    {
      AvsPlanStep *step = g_ptr_array_index (self->steps, i);
      if (g_str_equal (step->id, id))
        return step;
    }
  return NULL;
}

gboolean
avs_plan_is_empty (AvsPlan *self)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), TRUE);
  for (guint i = 0; i < self->steps->len; i++)
    {
      AvsPlanStep *step = g_ptr_array_index (self->steps, i);
      if (step->type != AVS_STEP_VERIFY && step->type != AVS_STEP_INSTALL_REPLACEMENT)
        return FALSE;
    }
  return TRUE;
}

gboolean
avs_plan_runs_disk_scripts (AvsPlan     *self,
                            AvsPlanStep *step)
{
  g_return_val_if_fail (AVS_IS_PLAN (self), FALSE);
  g_return_val_if_fail (step == NULL || AVS_IS_PLAN_STEP (step), FALSE);

  if (g_str_equal (self->root, "/"))
    return FALSE;
  if (step != NULL)
    return step->type == AVS_STEP_REMOVE_PACKAGE || step->type == AVS_STEP_PURGE_RECORDS;
  for (guint i = 0; i < self->steps->len; i++)
    if (avs_plan_runs_disk_scripts (self, g_ptr_array_index (self->steps, i)))
      return TRUE;
  return FALSE;
}

char *
avs_plan_dup_disk_scripts_warning (AvsPlan *self)
{
  g_autofree char *root = NULL;

  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);

  if (!avs_plan_runs_disk_scripts (self, NULL))
    return NULL;
  root = avs_text_isolate (self->root);
  return g_strdup_printf (
      /* Translators: %s is the folder where the disk is mounted */
      _("The package steps run the removal scripts of the packages on the disk in %s, as the "
        "administrator of this computer. dpkg, rpm and pacman run them inside that folder, but "
        "that does not stop a script from changing this computer: a hostile or damaged disk can "
        "take it over. Continue only with a disk you trust."), root);
}

GPtrArray *
avs_plan_find_remaining (AvsPlan       *self,
                         AvsScanResult *new_scan)
{
  AvsPlanStep *verify;

  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  verify = avs_plan_find_step (self, "verify");
  return avs_plan_step_find_remaining (verify, new_scan);
}

/* ---------------------------------------------------------------------------------------------
 * Inputs: what rebuilds the same plan after a restart
 * ------------------------------------------------------------------------------------------- */

JsonNode *
avs_plan_inputs_to_json (AvsPlan *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) scan = NULL;

  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);

  scan = avs_scan_result_to_json (self->scan);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_string_value (builder, AVS_PLAN_INPUTS_SCHEMA);
  json_builder_set_member_name (builder, "stamp");
  json_builder_add_string_value (builder, self->stamp);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, avs_replacement_method_to_string (self->method));
  json_builder_set_member_name (builder, "frontend");
  json_builder_add_string_value (builder, avs_package_frontend_to_string (self->frontend));
  json_builder_set_member_name (builder, "replacement");
  if (self->replacement != NULL)
    json_builder_add_value (builder, avs_replacement_to_json (self->replacement));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "scan");
  json_builder_add_value (builder, g_steal_pointer (&scan));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

AvsPlan *
avs_plan_new_from_inputs (JsonNode  *inputs,
                          GError   **error)
{
  static const char * const members[] = {
    "schema", "stamp", "method", "frontend", "replacement", "scan", NULL
  };
  JsonObject *object;
  const char *schema = NULL, *stamp = NULL, *method = NULL, *frontend = NULL;
  JsonObject *scan_object = NULL;
  g_autoptr(JsonNode) scan_node = NULL;
  g_autoptr(AvsScanResult) scan = NULL;
  g_autoptr(AvsReplacement) replacement = NULL;
  AvsPlanOptions options = { 0 };

  if (inputs == NULL || !JSON_NODE_HOLDS_OBJECT (inputs))
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                   _("The saved plan is not a JSON object."));
      return NULL;
    }
  object = json_node_get_object (inputs);
  if (!avs_json_check_members (object, "$", members, error) ||
      !avs_json_get_string (object, "$", "schema", TRUE, &schema, error) ||
      !avs_json_get_string (object, "$", "stamp", TRUE, &stamp, error) ||
      !avs_json_get_string (object, "$", "method", TRUE, &method, error) ||
      !avs_json_get_string (object, "$", "frontend", TRUE, &frontend, error) ||
      !avs_json_get_object (object, "$", "scan", TRUE, &scan_object, error))
    return NULL;
  if (!g_str_equal (schema, AVS_PLAN_INPUTS_SCHEMA))
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                   /* Translators: %s is a schema name */
                   _("The saved plan has the unknown format “%s”."), schema);
      return NULL;
    }
  if (!avs_replacement_method_from_string (method, &options.method) ||
      !_avs_package_frontend_from_string (frontend, &options.frontend))
    {
      g_set_error (error, AVS_JSON_ERROR, AVS_JSON_ERROR_SCHEMA,
                   _("The saved plan names an unknown installation method or package tool."));
      return NULL;
    }
  if (json_object_has_member (object, "replacement") &&
      !json_node_is_null (json_object_get_member (object, "replacement")))
    {
      replacement = avs_replacement_from_json (json_object_get_member (object, "replacement"),
                                               error);
      if (replacement == NULL)
        return NULL;
    }

  scan_node = json_node_init_object (json_node_alloc (), scan_object);
  scan = avs_scan_result_new_from_json (scan_node, error);
  if (scan == NULL)
    return NULL;

  options.stamp = stamp;
  options.replacement = replacement;
  return avs_plan_new (scan, &options, error);
}
