/* avs-plan-packages.c — package removal: which manager, in which order, with which command
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "avs-nick.h"
#include "avs-package-manager.h"
#include "avs-plan-private.h"
#include "avs-validate.h"

/* ---------------------------------------------------------------------------------------------
 * Package tools
 * ------------------------------------------------------------------------------------------- */

static const char * const frontend_nicks[] = {
  [AVS_PACKAGE_FRONTEND_AUTO] = "auto",
  [AVS_PACKAGE_FRONTEND_APT] = "apt",
  [AVS_PACKAGE_FRONTEND_DNF] = "dnf",
  [AVS_PACKAGE_FRONTEND_YUM] = "yum",
  [AVS_PACKAGE_FRONTEND_ZYPPER] = "zypper",
  [AVS_PACKAGE_FRONTEND_PACMAN] = "pacman",
  [AVS_PACKAGE_FRONTEND_NONE] = "none",
};

const char *
avs_package_frontend_to_string (AvsPackageFrontend frontend)
{
  g_return_val_if_fail (frontend < G_N_ELEMENTS (frontend_nicks), NULL);
  return frontend_nicks[frontend];
}

gboolean
_avs_package_frontend_from_string (const char         *string,
                                   AvsPackageFrontend *out_frontend)
{
  guint value;

  if (!avs_nick_lookup (frontend_nicks, G_N_ELEMENTS (frontend_nicks), string, &value))
    return FALSE;
  *out_frontend = (AvsPackageFrontend) value;
  return TRUE;
}

/* The frontend from os-release: ID first, then ID_LIKE (os-release(5)). */
AvsPackageFrontend
_avs_plan_frontend_for_host (AvsHostInfo *host)
{
  static const struct { const char *id; AvsPackageFrontend frontend; } table[] = {
    { "debian", AVS_PACKAGE_FRONTEND_APT }, { "ubuntu", AVS_PACKAGE_FRONTEND_APT },
    { "astra", AVS_PACKAGE_FRONTEND_APT },
    { "fedora", AVS_PACKAGE_FRONTEND_DNF }, { "rhel", AVS_PACKAGE_FRONTEND_DNF },
    { "centos", AVS_PACKAGE_FRONTEND_DNF }, { "rocky", AVS_PACKAGE_FRONTEND_DNF },
    { "almalinux", AVS_PACKAGE_FRONTEND_DNF },
    { "opensuse", AVS_PACKAGE_FRONTEND_ZYPPER }, { "opensuse-leap", AVS_PACKAGE_FRONTEND_ZYPPER },
    { "opensuse-tumbleweed", AVS_PACKAGE_FRONTEND_ZYPPER }, { "suse", AVS_PACKAGE_FRONTEND_ZYPPER },
    { "sles", AVS_PACKAGE_FRONTEND_ZYPPER },
    { "arch", AVS_PACKAGE_FRONTEND_PACMAN },
  };
  AvsPackageFrontend found = AVS_PACKAGE_FRONTEND_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (table) && found == AVS_PACKAGE_FRONTEND_NONE; i++)
    if (g_strcmp0 (host->id, table[i].id) == 0)
      found = table[i].frontend;
  for (guint j = 0; host->id_like != NULL && host->id_like[j] != NULL &&
                    found == AVS_PACKAGE_FRONTEND_NONE; j++)
    for (guint i = 0; i < G_N_ELEMENTS (table); i++)
      if (g_str_equal (host->id_like[j], table[i].id))
        {
          found = table[i].frontend;
          break;
        }

  /* RHEL/CentOS 7 and older have yum, not dnf. */
  if (found == AVS_PACKAGE_FRONTEND_DNF && g_strcmp0 (host->id, "fedora") != 0 &&
      host->version_id != NULL && g_ascii_strtoull (host->version_id, NULL, 10) > 0 &&
      g_ascii_strtoull (host->version_id, NULL, 10) < 8)
    found = AVS_PACKAGE_FRONTEND_YUM;

  /* rpm has several front-ends: without os-release it cannot be told which. */
  if (found == AVS_PACKAGE_FRONTEND_NONE)
    {
      AvsPackageManager manager = avs_package_manager_parse (host->package_manager);

      if (manager == AVS_PACKAGE_MANAGER_DPKG)
        found = AVS_PACKAGE_FRONTEND_APT;
      else if (manager == AVS_PACKAGE_MANAGER_PACMAN)
        found = AVS_PACKAGE_FRONTEND_PACMAN;
    }
  return found;
}

AvsPackageManager
_avs_plan_manager_for_frontend (AvsPackageFrontend frontend)
{
  /* The front-ends' nicks are the names avs-package-manager knows them by. */
  return avs_package_manager_for_frontend (avs_package_frontend_to_string (frontend));
}

static const char *
rpm_dbpath (AvsPlan *self)
{
  if (self->rpm_dbpath == NULL)
    {
      const char * const *dbpaths = avs_package_manager_get_db_paths (AVS_PACKAGE_MANAGER_RPM);
      AvsHost *host = _avs_plan_get_host (self, NULL);

      /* Both exist on a current Fedora (one links to the other). The real folder, not the link:
       * rpm opens --dbpath inside --root with the kernel, which would follow an absolute link
       * out of the disk, so a link there fails the step's AVS_CHECK_PATH_SAFE. */
      for (guint i = 0; host != NULL && dbpaths[i] != NULL && self->rpm_dbpath == NULL; i++)
        if (avs_host_query (host, dbpaths[i], FALSE, NULL, NULL) == AVS_HOST_FILE_DIRECTORY)
          self->rpm_dbpath = g_strdup (dbpaths[i]);
      if (self->rpm_dbpath == NULL)
        self->rpm_dbpath = g_strdup (dbpaths[0]);
    }
  return self->rpm_dbpath;
}

/* rpm's database as seen from the root, for the commands of a --root plan; NULL otherwise (the
 * other managers, and rpm on the running system, need none). */
static const char *
manager_dbpath (AvsPlan           *self,
                AvsPackageManager  manager)
{
  if (manager != AVS_PACKAGE_MANAGER_RPM || g_str_equal (self->root, "/"))
    return NULL;
  return rpm_dbpath (self);
}

char **
avs_plan_dup_query_argv (AvsPlan            *self,
                         const AvsPlanCheck *check)
{
  AvsPackageManager manager;

  g_return_val_if_fail (AVS_IS_PLAN (self), NULL);
  g_return_val_if_fail (check->manager != NULL, NULL);

  manager = avs_package_manager_parse (check->manager);
  g_return_val_if_fail (manager != AVS_PACKAGE_MANAGER_NONE, NULL);
  return avs_package_manager_dup_query_argv (manager, self->root, manager_dbpath (self, manager),
                                             check->value);
}

/* ---------------------------------------------------------------------------------------------
 * Package steps
 * ------------------------------------------------------------------------------------------- */

void
_avs_plan_planned_package_free (PlannedPackage *package)
{
  g_free (package->name);
  g_free (package);
}

static int
planned_package_compare (gconstpointer a,
                         gconstpointer b)
{
  const PlannedPackage *pa = *(const PlannedPackage * const *) a;
  const PlannedPackage *pb = *(const PlannedPackage * const *) b;

  if (pa->rank != pb->rank)
    return pa->rank < pb->rank ? -1 : 1;
  return pa->order < pb->order ? -1 : (pa->order > pb->order ? 1 : 0);
}

static gboolean
is_gui_package (const char *name)
{
  return g_str_has_suffix (name, "-gui") || g_str_has_suffix (name, "-gui-astra");
}

/* Under another root, dpkg, rpm and pacman open their database inside it with the kernel, which
 * follows an absolute link at that folder or above it out of the disk, onto this computer's own
 * database: the step must not start unless no folder on the way is a link. */
static void
add_database_guard (AvsPlan           *self,
                    AvsPlanStep       *step,
                    AvsPackageManager  manager)
{
  g_autofree char *lock = NULL;

  if (g_str_equal (self->root, "/"))
    return;
  lock = avs_package_manager_dup_lock_path (manager, manager_dbpath (self, manager));
  g_ptr_array_add (step->preconditions, _avs_plan_check_new (AVS_CHECK_PATH_SAFE, lock, NULL));
}

/* A --root plan's package tools run the disk's own maintainer scripts as root here: said in
 * each such step, and asked for again before running (avs_plan_runs_disk_scripts()). */
static void
append_disk_scripts_note (AvsPlan    *self,
                          GString    *text,
                          const char *tool)
{
  g_autofree char *s = NULL;

  if (g_str_equal (self->root, "/"))
    return;
  s = g_strdup_printf (
      /* Translators: %s is a program (dpkg, rpm, pacman) */
      _("This changes a disk, not the running system, and %s runs the package’s own removal "
        "scripts from that disk as the administrator of this computer: such a script can change "
        "this computer too. Continue only with a disk you trust."), tool);
  _avs_plan_append_paragraph (text, s);
}

void
_avs_plan_collect_packages (AvsPlan   *self,
                            GPtrArray *findings,
                            GPtrArray *packages)
{
  const char *host_manager = avs_scan_result_get_host (self->scan)->package_manager;
  AvsPackageManager default_manager = avs_package_manager_parse (host_manager);
  guint order = 0;

  if (host_manager == NULL)
    default_manager = _avs_plan_manager_for_frontend (self->frontend);

  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);
      GPtrArray *evidence = avs_finding_get_evidence (finding);

      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);
          g_autoptr(GError) error = NULL;
          PlannedPackage *package;
          g_autofree char *manager_word = NULL;
          AvsPackageManager manager = default_manager;
          gboolean removed = FALSE;
          gboolean duplicate = FALSE;

          if (e->kind != AVS_EVIDENCE_PACKAGE)
            continue;
          /* The scanner's detail is the manager, with " (config-files)" for a dpkg package that
           * was removed with its settings kept. */
          if (e->detail != NULL)
            {
              const char *space = strchr (e->detail, ' ');

              manager_word = space != NULL ? g_strndup (e->detail, space - e->detail)
                                           : g_strdup (e->detail);
              manager = avs_package_manager_parse (manager_word);
              removed = space != NULL && g_str_equal (space, " (config-files)");
            }
          if (!avs_validate_package_name (e->value, &error))
            {
              _avs_plan_refuse (self, error->message);
              continue;
            }
          if (manager == AVS_PACKAGE_MANAGER_NONE)
            {
              g_autofree char *message = g_strdup_printf (
                  /* Translators: %s is a package name */
                  _("The package %s was found, but not which package manager installed it, so "
                    "AV Switch cannot remove it; remove it with your distribution’s tools."),
                  e->value);
              _avs_plan_refuse (self, message);
              continue;
            }
          for (guint k = 0; k < packages->len; k++)
            {
              PlannedPackage *p = g_ptr_array_index (packages, k);
              if (g_str_equal (p->name, e->value) && p->manager == manager)
                duplicate = TRUE;
            }
          if (duplicate)
            continue;

          package = g_new0 (PlannedPackage, 1);
          package->name = g_strdup (e->value);
          package->manager = manager;
          package->product_id = avs_finding_get_product_id (finding);
          package->order = order++;
          /* Only dpkg keeps the record of a removed package (and purges it). */
          package->removed = removed && avs_package_manager_has_purge (package->manager);
          if (g_str_equal (package->product_id, AVS_PRODUCT_NETWORK_AGENT) ||
              g_str_has_prefix (package->name, "klnagent"))
            package->rank = 2;
          else if (is_gui_package (package->name))
            package->rank = 0;
          else
            package->rank = 1;
          g_ptr_array_add (packages, package);
        }
    }
  g_ptr_array_sort (packages, planned_package_compare);
}

void
_avs_plan_build_package_steps (AvsPlan   *self,
                               GPtrArray *packages)
{
  for (guint i = 0; i < packages->len; i++)
    {
      PlannedPackage *package = g_ptr_array_index (packages, i);
      g_autofree char *id = NULL;
      g_autofree char *title = NULL;
      g_auto(GStrv) argv = NULL;
      AvsPlanStep *step;
      GString *text;
      g_autofree char *intro = NULL;
      const char *manager = avs_package_manager_to_string (package->manager);
      const char *tool = avs_package_manager_get_program (package->manager);

      /* Already removed: only dpkg's record remains, which the purge step clears. */
      if (package->removed)
        continue;

      id = g_strconcat ("remove-", package->name, NULL);
      title = g_strdup_printf (_("Remove the package %s"), package->name);
      step = _avs_plan_step_new (id, AVS_STEP_REMOVE_PACKAGE, AVS_STEP_KIND_AUTOMATIC, title);
      text = g_string_new (NULL);

      _avs_plan_step_add_product (step, package->product_id);
      argv = avs_package_manager_dup_remove_argv (package->manager, self->root,
                                                  manager_dbpath (self, package->manager),
                                                  package->name);
      _avs_plan_step_add_command (step, TRUE, (const char * const *) argv);
      add_database_guard (self, step, package->manager);
      g_ptr_array_add (step->postconditions,
                       _avs_plan_check_new (AVS_CHECK_PACKAGE_REMOVED, package->name, manager));
      _avs_plan_step_add_verification (step, &(AvsEvidence) { AVS_EVIDENCE_PACKAGE, package->name,
                                                              (char *) manager });

      intro = g_strdup_printf (
          /* Translators: the first %s is a package name, the second a program (dpkg, rpm, pacman) */
          _("Removes the package %s with %s, which removes exactly this package and refuses, "
            "rather than removing anything else, if another package still needs it. Its "
            "configuration and data files are kept for the backup step."),
          package->name, tool);
      _avs_plan_append_paragraph (text, intro);

      if (package->rank == 0)
        _avs_plan_append_paragraph (text, _("The graphical interface goes first: Kaspersky "
                                            "documents that it cannot be installed without the "
                                            "application package, so it must not outlive it."));
      if (package->rank == 2)
        {
          step->inference = TRUE;
          _avs_plan_append_paragraph (text, _("The Network Agent goes last, and its removal ends "
                                              "Kaspersky Security Center management of this "
                                              "computer. Its removal script runs Kaspersky’s own "
                                              "uninstall.pl. Sources disagree on this order (some "
                                              "remove the agent first); removing the applications "
                                              "first and the agent last is an inference: the "
                                              "interface depends on the application, and removing "
                                              "the agent frees the application from central "
                                              "policy."));
        }
      if (g_str_equal (package->product_id, AVS_PRODUCT_KAV4FS) ||
          g_str_equal (package->product_id, AVS_PRODUCT_KAV4WS) ||
          g_str_equal (package->product_id, AVS_PRODUCT_KLMS) ||
          g_str_equal (package->product_id, AVS_PRODUCT_KWTS) ||
          g_str_equal (package->product_id, AVS_PRODUCT_KICS) ||
          g_str_equal (package->product_id, AVS_PRODUCT_KESS) ||
          g_str_equal (package->product_id, AVS_PRODUCT_SCAN_ENGINE) ||
          g_str_equal (package->product_id, AVS_PRODUCT_KASPERSKY_FOR_LINUX))
        {
          step->inference = TRUE;
          _avs_plan_append_paragraph (text, _("No Kaspersky page describing how to uninstall this "
                                              "product was found; this command is inferred from "
                                              "the package name and from how Kaspersky Endpoint "
                                              "Security is removed."));
        }
      if (package->manager == AVS_PACKAGE_MANAGER_RPM &&
          self->frontend == AVS_PACKAGE_FRONTEND_ZYPPER)
        {
          step->inference = TRUE;
          _avs_plan_append_paragraph (text, _("No source describes removing Kaspersky on "
                                              "openSUSE; this uses rpm, which zypper itself "
                                              "relies on."));
        }
      if (package->manager == AVS_PACKAGE_MANAGER_PACMAN)
        {
          step->inference = TRUE;
          _avs_plan_append_paragraph (text, _("Kaspersky does not package for Arch Linux; this "
                                              "removes the community repackaging, whose removal "
                                              "script runs Kaspersky’s own removal scripts."));
        }
      append_disk_scripts_note (self, text, tool);
      _avs_plan_add_step (self, step, text);
    }
}

void
_avs_plan_add_purge_step (AvsPlan   *self,
                          GPtrArray *packages)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_auto(GStrv) argv = NULL;
  AvsPackageManager manager = AVS_PACKAGE_MANAGER_NONE;
  AvsPlanStep *step = NULL;
  GString *text;

  for (guint i = 0; i < packages->len; i++)
    {
      PlannedPackage *package = g_ptr_array_index (packages, i);
      const char *manager_name = avs_package_manager_to_string (package->manager);

      /* Only dpkg keeps records of removed packages. */
      if (!avs_package_manager_has_purge (package->manager))
        continue;
      if (step == NULL)
        {
          manager = package->manager;
          step = _avs_plan_step_new ("purge-records", AVS_STEP_PURGE_RECORDS,
                                     AVS_STEP_KIND_AUTOMATIC, _("Clear the package records"));
          add_database_guard (self, step, manager);
        }
      _avs_plan_step_add_product (step, package->product_id);
      g_ptr_array_add (names, package->name);
      g_ptr_array_add (step->postconditions,
                       _avs_plan_check_new (AVS_CHECK_PACKAGE_PURGED, package->name, manager_name));
      _avs_plan_step_add_verification (step, &(AvsEvidence) { AVS_EVIDENCE_PACKAGE, package->name,
                                                              (char *) manager_name });
    }
  if (step == NULL)
    return;

  g_ptr_array_add (names, NULL);
  argv = avs_package_manager_dup_purge_argv (manager, self->root,
                                             (const char * const *) names->pdata);
  _avs_plan_step_add_command (step, TRUE, (const char * const *) argv);
  text = g_string_new (NULL);
  _avs_plan_append_paragraph (text, _("dpkg remembers a removed package until it is purged, "
                                      "because its configuration files could still be there. "
                                      "They were archived and deleted in the step before; this "
                                      "makes dpkg forget the packages."));
  append_disk_scripts_note (self, text, avs_package_manager_get_program (manager));
  _avs_plan_add_step (self, step, text);
}
