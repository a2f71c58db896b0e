/* avs-plan-leftovers.c — leftovers: the allow-list, the backup, what is deleted, what is left
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fnmatch.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>

#include "avs-plan-private.h"
#include "avs-validate.h"
#include "avs-text.h"

/* ---------------------------------------------------------------------------------------------
 * The allow-list: the only paths AV Switch ever deletes (kaspersky-linux.md §1–§11, §15).
 * A "*" matches one path component. Anything Kaspersky-related outside these goes into a
 * manual step for the user to decide.
 * ------------------------------------------------------------------------------------------- */

static const char * const allow_list[] = {
  /* Every Kaspersky Linux product installs under these (K6, K8, K17, G1, G16). */
  "/opt/kaspersky",
  "/var/opt/kaspersky",
  "/etc/opt/kaspersky",
  "/var/log/kaspersky",
  /* kav4fs 8 licence location (G8b, G9). */
  "/etc/kaspersky",
  /* KESL's kesl-control link (G16) and the AUR package's licence folder (G1). */
  "/usr/bin/kesl-control",
  "/usr/share/licenses/kesl",
  /* Init scripts (G5, G8b, G10, idx) and the Scan Engine's configuration files (SE1–SE3). */
  "/etc/init.d/kesl",
  "/etc/init.d/kesl-supervisor",
  "/etc/init.d/klnagent64",
  "/etc/init.d/kav4fs-supervisor",
  "/etc/init.d/klms",
  "/etc/init.d/kavhttpd",
  "/etc/kavhttpd.xml",
  "/etc/kavicapd.xml",
  "/etc/klScanEngineUI.xml",
  /* KVRT's data folders (KVRT). */
  "/var/opt/KVRT2024_Data",
  "/root/KVRT2024_Data",
  "/home/*/KVRT2024_Data",
  /* Install logs (G16). */
  "/tmp/kesl*.log",
  /* Repository entries (none seen in the facts, but a scan may find one). */
  "/etc/apt/sources.list.d/*kaspersky*",
  "/etc/yum.repos.d/*kaspersky*",
  "/etc/zypp/repos.d/*kaspersky*",
};

/* Unit files named in the facts (G4, G16, SE1), in every standard unit folder. */
static const char * const unit_dirs[] = {
  "/etc/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system",
  "/usr/local/lib/systemd/system",
};
static const char * const unit_names[] = {
  "kesl.service", "kesl-supervisor.service", "klnagent64.service", "klnagent.service",
  "kavhttpd.service", "kavicapd.service", "klScanEngineUI.service", "kics.service",
  "kess.service",
};

/* OS groups the products create (K14, KFL3, idx). */
static const char * const group_allow_list[] = {
  "kesladmin", "kesluser", "keslaudit", "nokesl", "kfladmin", "kfluser", "nokfl", "klusers",
};

/* If @path is @pattern or lies beneath it, returns the part of @path that matched @pattern. */
static char *
match_allow_entry (const char *pattern,
                   const char *path)
{
  g_auto(GStrv) pc = g_strsplit (pattern + 1, "/", -1);
  g_auto(GStrv) xc = g_strsplit (path + 1, "/", -1);
  GString *matched = g_string_new (NULL);
  guint i;

  for (i = 0; pc[i] != NULL; i++)
    {
      if (xc[i] == NULL || fnmatch (pc[i], xc[i], FNM_PATHNAME | FNM_PERIOD) != 0)
        {
          g_string_free (matched, TRUE);
          return NULL;
        }
      g_string_append_c (matched, '/');
      g_string_append (matched, xc[i]);
    }
  return g_string_free (matched, FALSE);
}

/* Absolute, without empty, "." or ".." components and without control characters. */
static gboolean
path_is_normal (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (path == NULL || path[0] != '/' || !g_utf8_validate (path, -1, NULL))
    return FALSE;
  for (const char *p = path; *p != '\0'; p++)
    if ((unsigned char) *p < 0x20 || *p == 0x7f)
      return FALSE;
  parts = g_strsplit (path + 1, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
      return FALSE;
  return TRUE;
}

/* The allow-listed path that covers @path (itself or an ancestor), or NULL. */
static char *
allow_listed_target (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (allow_list); i++)
    {
      char *target = match_allow_entry (allow_list[i], path);
      if (target != NULL)
        return target;
    }
  for (guint d = 0; d < G_N_ELEMENTS (unit_dirs); d++)
    for (guint u = 0; u < G_N_ELEMENTS (unit_names); u++)
      {
        g_autofree char *file = g_build_filename (unit_dirs[d], unit_names[u], NULL);
        g_autofree char *wants = g_strdup_printf ("%s/*.wants/%s", unit_dirs[d], unit_names[u]);
        char *target;

        if (g_str_equal (file, path))
          return g_strdup (path);
        target = match_allow_entry (wants, path);
        if (target != NULL)
          return target;
      }
  return NULL;
}

static gboolean
group_allow_listed (const char *group)
{
  for (guint i = 0; i < G_N_ELEMENTS (group_allow_list); i++)
    if (g_str_equal (group, group_allow_list[i]))
      return TRUE;
  return FALSE;
}

/* ---------------------------------------------------------------------------------------------
 * Collecting
 * ------------------------------------------------------------------------------------------- */

static gboolean
is_path_evidence (AvsEvidenceKind kind)
{
  return kind == AVS_EVIDENCE_FILE || kind == AVS_EVIDENCE_DIRECTORY ||
         kind == AVS_EVIDENCE_SYMLINK || kind == AVS_EVIDENCE_INIT_SCRIPT ||
         kind == AVS_EVIDENCE_REPOSITORY;
}

/* The path of a piece of evidence that names a file, or NULL. */
static const char *
evidence_path (const AvsEvidence *e)
{
  if (is_path_evidence (e->kind))
    return e->value;
  if (e->kind == AVS_EVIDENCE_UNIT)
    return e->detail;
  /* A module file left under /lib/modules: never deleted by AV Switch, but listed. */
  if (e->kind == AVS_EVIDENCE_KERNEL_MODULE && e->detail != NULL && e->detail[0] == '/')
    return e->detail;
  return NULL;
}

void
_avs_plan_add_targets_to_checks (AvsPlan     *self,
                                 AvsPlanStep *step,
                                 GPtrArray   *targets,
                                 gboolean     pre_safe,
                                 gboolean     post_absent)
{
  /* Links above a path only matter under another root (see AVS_CHECK_PATH_SAFE). */
  pre_safe = pre_safe && !g_str_equal (self->root, "/");
  for (guint i = 0; i < targets->len; i++)
    {
      const char *target = g_ptr_array_index (targets, i);

      if (pre_safe)
        g_ptr_array_add (step->preconditions,
                         _avs_plan_check_new (AVS_CHECK_PATH_SAFE, target, NULL));
      if (post_absent)
        g_ptr_array_add (step->postconditions,
                         _avs_plan_check_new (AVS_CHECK_PATH_ABSENT, target, NULL));
    }
}

/* Adds @path to @targets unless it, or a folder above it, is already there; drops entries that
 * lie beneath @path. */
void
_avs_plan_add_target (GPtrArray  *targets,
                      const char *path)
{
  for (guint i = 0; i < targets->len; i++)
    {
      const char *t = g_ptr_array_index (targets, i);
      g_autofree char *t_slash = g_strconcat (t, "/", NULL);

      if (g_str_equal (t, path) || g_str_has_prefix (path, t_slash))
        return;
    }
  for (guint i = targets->len; i > 0; i--)
    {
      const char *t = g_ptr_array_index (targets, i - 1);
      g_autofree char *p_slash = g_strconcat (path, "/", NULL);

      if (g_str_has_prefix (t, p_slash))
        g_ptr_array_remove_index (targets, i - 1);
    }
  g_ptr_array_add (targets, g_strdup (path));
}

void
_avs_plan_leftovers_clear (Leftovers *l)
{
  g_ptr_array_unref (l->targets);
  g_ptr_array_unref (l->manual);
  g_ptr_array_unref (l->groups);
  g_ptr_array_unref (l->anchors);
  g_ptr_array_unref (l->tools);
  g_ptr_array_unref (l->leftover_evidence);
  g_ptr_array_unref (l->manual_evidence);
  g_ptr_array_unref (l->certificate_evidence);
  g_ptr_array_unref (l->bundle_only);
  g_ptr_array_unref (l->products);
}

/* A group: deleted when the allow-list names it. */
static void
collect_group (AvsPlan           *self,
               Leftovers         *l,
               const AvsEvidence *e,
               const char        *product)
{
  g_autoptr(GError) error = NULL;

  if (!avs_validate_account_name (e->value, &error))
    _avs_plan_refuse (self, error->message);
  else if (group_allow_listed (e->value))
    {
      if (!g_ptr_array_find_with_equal_func (l->groups, e->value, g_str_equal, NULL))
        g_ptr_array_add (l->groups, g_strdup (e->value));
      g_ptr_array_add (l->leftover_evidence, avs_evidence_copy (e));
      if (!g_ptr_array_find_with_equal_func (l->products, product, g_str_equal, NULL))
        g_ptr_array_add (l->products, g_strdup (product));
    }
}

/* A path of @e: deleted when the allow-list covers it, else left to the user. */
static void
collect_path (AvsPlan           *self,
              Leftovers         *l,
              const AvsEvidence *e,
              const char        *path,
              const char        *product)
{
  g_autoptr(GError) error = NULL;
  /* The allow-list entry is what gets deleted, so it is the target that must pass the
   * path check: "/var/opt/kaspersky/Kaspersky 24.0" (K24L) is covered by the plain
   * "/var/opt/kaspersky". A path with "." or ".." components matches nothing. */
  g_autofree char *target = path_is_normal (path) ? allow_listed_target (path) : NULL;
  g_autoptr(GError) target_error = NULL;

  if (target != NULL && avs_validate_path (target, &target_error))
    {
      _avs_plan_add_target (l->targets, target);
      g_ptr_array_add (l->leftover_evidence, avs_evidence_copy (e));
      if (!g_ptr_array_find_with_equal_func (l->products, product, g_str_equal, NULL))
        g_ptr_array_add (l->products, g_strdup (product));
    }
  else if (e->kind != AVS_EVIDENCE_CONFIG)
    {
      g_autofree char *line = NULL;

      if (target != NULL)
        _avs_plan_refuse (self, target_error->message);
      if (!avs_validate_path (path, &error))
        {
          g_autofree char *escaped = g_strescape (path, NULL);
          line = g_strdup_printf (
              /* Translators: %s is a path AV Switch refuses to put into a command */
              _("%s (has characters AV Switch does not put into commands)"), escaped);
        }
      else
        line = g_strdup (path);
      if (!g_ptr_array_find_with_equal_func (l->manual, line, g_str_equal, NULL))
        g_ptr_array_add (l->manual, g_steal_pointer (&line));
      g_ptr_array_add (l->manual_evidence, avs_evidence_copy (e));
    }
}

void
_avs_plan_collect_leftovers (AvsPlan   *self,
                             GPtrArray *findings,
                             Leftovers *l)
{
  g_autoptr(GHashTable) subjects_with_anchor = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                       g_free, NULL);

  l->targets = g_ptr_array_new_with_free_func (g_free);
  l->manual = g_ptr_array_new_with_free_func (g_free);
  l->groups = g_ptr_array_new_with_free_func (g_free);
  l->anchors = g_ptr_array_new_with_free_func (g_free);
  l->tools = g_ptr_array_new ();
  l->leftover_evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_evidence_free);
  l->manual_evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_evidence_free);
  l->certificate_evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_evidence_free);
  l->bundle_only = g_ptr_array_new_with_free_func ((GDestroyNotify) avs_evidence_free);
  l->products = g_ptr_array_new_with_free_func (g_free);

  /* First pass: which certificate subjects have an anchor file we can delete. */
  _avs_plan_collect_anchors (self, findings, l, subjects_with_anchor);

  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);
      GPtrArray *evidence = avs_finding_get_evidence (finding);
      const char *product = avs_finding_get_product_id (finding);

      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);
          const char *path = evidence_path (e);

          if (e->kind == AVS_EVIDENCE_CERTIFICATE)
            {
              if (g_hash_table_contains (subjects_with_anchor, e->value))
                g_ptr_array_add (l->certificate_evidence, avs_evidence_copy (e));
              else
                g_ptr_array_add (l->bundle_only, avs_evidence_copy (e));
              continue;
            }

          if (e->kind == AVS_EVIDENCE_GROUP)
            {
              collect_group (self, l, e, product);
              continue;
            }

          if (e->kind == AVS_EVIDENCE_CONFIG && e->detail != NULL)
            path = e->detail;   /* a setting goes away with its file */
          else if (e->kind == AVS_EVIDENCE_CONFIG)
            continue;

          if (path == NULL)
            continue;

          collect_path (self, l, e, path, product);
        }
    }
}

/* ---------------------------------------------------------------------------------------------
 * Steps
 * ------------------------------------------------------------------------------------------- */

void
_avs_plan_add_backup_step (AvsPlan   *self,
                           Leftovers *l)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *real_dir = avs_plan_real_path (self, AVS_PLAN_BACKUP_DIR);
  g_autofree char *real_archive = avs_plan_dup_archive_real_path (self);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;
  g_autofree char *intro = NULL;
  g_autofree char *archive = NULL;
  g_autofree char *restore = NULL;
  AvsPlanStep *step;
  GString *text;

  for (guint i = 0; i < l->targets->len; i++)
    g_ptr_array_add (all, g_strdup (g_ptr_array_index (l->targets, i)));
  for (guint i = 0; i < l->anchors->len; i++)
    _avs_plan_add_target (all, g_ptr_array_index (l->anchors, i));
  if (all->len == 0)
    return;

  step = _avs_plan_step_new ("backup", AVS_STEP_BACKUP, AVS_STEP_KIND_AUTOMATIC,
                             _("Pack the Kaspersky files into a backup archive"));
  for (guint i = 0; i < l->products->len; i++)
    _avs_plan_step_add_product (step, g_ptr_array_index (l->products, i));
  _avs_plan_step_add_command (step, TRUE, (const char *[]) { "install", "-d", "-m", "0700", "--",
                                                             real_dir, NULL });
  _avs_plan_step_add_command (step, TRUE, (const char *[]) { "install", "-m", "0600", "/dev/null",
                                                             real_archive, NULL });

  g_ptr_array_add (argv, g_strdup ("tar"));
  g_ptr_array_add (argv, g_strdup ("--create"));
  g_ptr_array_add (argv, g_strdup ("--gzip"));
  g_ptr_array_add (argv, g_strdup ("--verbose"));
  g_ptr_array_add (argv, g_strdup ("--ignore-failed-read"));
  g_ptr_array_add (argv, g_strdup ("--one-file-system"));
  g_ptr_array_add (argv, g_strdup ("--file"));
  g_ptr_array_add (argv, g_strdup (real_archive));
  g_ptr_array_add (argv, g_strdup ("--directory"));
  g_ptr_array_add (argv, g_strdup (self->root));
  g_ptr_array_add (argv, g_strdup ("--"));
  for (guint i = 0; i < all->len; i++)
    g_ptr_array_add (argv, g_strdup ((const char *) g_ptr_array_index (all, i) + 1));
  g_ptr_array_add (argv, NULL);
  _avs_plan_step_add_command (step, TRUE, (const char * const *) argv->pdata);

  if (!g_str_equal (self->root, "/"))
    g_ptr_array_add (step->preconditions,
                     _avs_plan_check_new (AVS_CHECK_PATH_SAFE, AVS_PLAN_BACKUP_DIR, NULL));
  _avs_plan_add_targets_to_checks (self, step, all, TRUE, FALSE);

  text = g_string_new (NULL);
  list = _avs_plan_join_list (all);
  archive = avs_text_isolate (self->archive_path);
  intro = g_strdup_printf (
      /* Translators: the first %s is the archive path, the second a list of paths */
      _("Before anything is deleted, these paths are packed into the archive %s, which only the "
        "administrator can read: %s. Symbolic links are stored as links, never followed. The "
        "archive’s listing goes into the log."),
      archive, list);
  _avs_plan_append_paragraph (text, intro);
  _avs_plan_append_paragraph (text, _("Kaspersky’s Backup storage holds the files it quarantined, "
                                      "which can be your own files flagged by mistake. Where it "
                                      "lives on Linux is not documented; it is expected inside "
                                      "the Kaspersky folders above (an inference), so the archive "
                                      "keeps it."));
  {
    /* Translators: stands for the path of the file to restore in a command line such as
     * "sudo tar -xzf /var/lib/avswitch/backup/….tar.gz -C / PATH". It must stay one word:
     * no spaces and no shell characters ($ ` " ' \ * ? ; & | < > ( )); capitals read as a
     * placeholder */
    const char *placeholder = C_("placeholder for a file's path in a command", "PATH");
    /* Into a disk: "-C /" would unpack the disk's files over this computer's. */
    const char *restore_argv[] = { "sudo", "tar", "-xzf", real_archive, "-C", self->root,
                                   placeholder, NULL };
    AvsPlanCommand command = { (char **) restore_argv, FALSE, NULL };
    g_autofree char *command_line = avs_plan_command_to_string (&command);
    g_autofree char *line = avs_text_isolate (command_line);

    if (g_str_equal (self->root, "/"))
      restore = g_strdup_printf (
          /* Translators: %s is a command line that restores one file from the archive */
          _("To get a file back later: %s"), line);
    else
      restore = g_strdup_printf (
          /* Translators: %s is a command line that restores one file from the archive into
           * the mounted disk */
          _("To get a file back later, while the disk is mounted where it is now: %s"), line);
  }
  _avs_plan_append_paragraph (text, restore);
  step->inference = TRUE;
  _avs_plan_add_step (self, step, text);
}

void
_avs_plan_add_leftovers_step (AvsPlan   *self,
                              Leftovers *l,
                              GPtrArray *packages)
{
  AvsPlanStep *step;
  GString *text;
  gboolean units = FALSE;

  if (l->targets->len == 0 && l->groups->len == 0)
    return;

  step = _avs_plan_step_new ("leftovers", AVS_STEP_REMOVE_LEFTOVERS, AVS_STEP_KIND_AUTOMATIC,
                             _("Delete the Kaspersky leftovers"));
  for (guint i = 0; i < l->products->len; i++)
    _avs_plan_step_add_product (step, g_ptr_array_index (l->products, i));

  /* Only once every package is gone: the executor checks this again just before. */
  for (guint i = 0; i < packages->len; i++)
    {
      PlannedPackage *package = g_ptr_array_index (packages, i);
      g_ptr_array_add (step->preconditions,
                       _avs_plan_check_new (AVS_CHECK_PACKAGE_REMOVED, package->name,
                                            avs_package_manager_to_string (package->manager)));
    }

  if (l->targets->len > 0)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (argv, g_strdup ("rm"));
      g_ptr_array_add (argv, g_strdup ("--recursive"));
      g_ptr_array_add (argv, g_strdup ("--force"));
      g_ptr_array_add (argv, g_strdup ("--one-file-system"));
      g_ptr_array_add (argv, g_strdup ("--"));
      for (guint i = 0; i < l->targets->len; i++)
        {
          const char *target = g_ptr_array_index (l->targets, i);
          g_ptr_array_add (argv, avs_plan_real_path (self, target));
          if (strstr (target, "/systemd/") != NULL)
            units = TRUE;
        }
      g_ptr_array_add (argv, NULL);
      _avs_plan_step_add_command (step, TRUE, (const char * const *) argv->pdata);
      _avs_plan_add_targets_to_checks (self, step, l->targets, TRUE, TRUE);
    }

  if (units && self->live)
    _avs_plan_step_add_command (step, TRUE,
                                (const char *[]) { "systemctl", "daemon-reload", NULL });

  for (guint i = 0; i < l->groups->len; i++)
    {
      const char *group = g_ptr_array_index (l->groups, i);
      AvsPlanCommand *command;

      if (self->live || g_str_equal (self->root, "/"))
        command = _avs_plan_step_add_command (step, TRUE,
                                              (const char *[]) { "groupdel", "--", group, NULL });
      else
        command = _avs_plan_step_add_command (step, TRUE,
                                              (const char *[]) { "groupdel", "--prefix",
                                                                 self->root, "--", group, NULL });
      /* The package's own removal script may already have deleted it. */
      command->skip_if = _avs_plan_check_new (AVS_CHECK_GROUP_ABSENT, group, NULL);
      g_ptr_array_add (step->postconditions,
                       _avs_plan_check_new (AVS_CHECK_GROUP_ABSENT, group, NULL));
    }

  for (guint i = 0; i < l->leftover_evidence->len; i++)
    _avs_plan_step_add_verification (step, g_ptr_array_index (l->leftover_evidence, i));

  text = g_string_new (NULL);
  _avs_plan_append_paragraph (text, _("Deletes what the packages left behind — only inside the "
                                      "folders and files AV Switch knows to be Kaspersky’s, only "
                                      "after every Kaspersky package is gone, and without "
                                      "following symbolic links. Everything deleted here is in "
                                      "the backup archive."));
  if (l->targets->len > 0)
    {
      g_autofree char *list = _avs_plan_join_list (l->targets);
      g_autofree char *s = g_strdup_printf (_("Paths: %s."), list);
      _avs_plan_append_paragraph (text, s);
    }
  if (l->groups->len > 0)
    {
      g_autofree char *list = _avs_plan_join_list (l->groups);
      g_autofree char *s = g_strdup_printf (
          /* Translators: %s is a list of operating-system groups */
          _("The groups %s are deleted as well; Kaspersky’s setup may have moved users whose "
            "main group was one of them to “nogroup”."), list);
      _avs_plan_append_paragraph (text, s);
    }
  _avs_plan_add_step (self, step, text);
}

void
_avs_plan_add_manual_files_step (AvsPlan   *self,
                                 Leftovers *l)
{
  AvsPlanStep *step;
  GString *text;
  g_autofree char *list = NULL;
  g_autofree char *s = NULL;

  if (l->manual->len == 0)
    return;

  step = _avs_plan_step_new ("manual-files", AVS_STEP_MANUAL_FILES, AVS_STEP_KIND_MANUAL,
                             _("Check the other Kaspersky files"));
  for (guint i = 0; i < l->manual_evidence->len; i++)
    _avs_plan_step_add_verification (step, g_ptr_array_index (l->manual_evidence, i));
  text = g_string_new (NULL);
  _avs_plan_append_paragraph (text, _("These Kaspersky files lie outside the folders AV Switch "
                                      "deletes by itself, so it leaves them to you. Check each "
                                      "one; delete it with your file manager or as administrator "
                                      "if you no longer need it."));
  list = _avs_plan_join_list (l->manual);
  s = g_strdup_printf (_("Files: %s."), list);
  _avs_plan_append_paragraph (text, s);
  _avs_plan_add_step (self, step, text);
}

/* ---------------------------------------------------------------------------------------------
 * Measuring the backup
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  guint      files;
  guint64    bytes;
  GPtrArray *examples;
  guint      max_examples;
  gboolean   complete;
} Measure;

/* Reads through the plan's AvsHost, like every read of the scanned root: a link on the way is
 * resolved inside the root (never followed out of it by the kernel), and the last component is
 * never followed. */
static void
measure_path (AvsPlan    *self,
              AvsHost    *host,
              const char *path,      /* as seen on the scanned system */
              Measure    *measure,
              guint       depth)
{
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  AvsHostFileType type = avs_host_query (host, path, FALSE, &st, &error);

  if (error != NULL)
    {
      measure->complete = FALSE;
      return;
    }
  if (type == AVS_HOST_FILE_MISSING)
    return;
  if (type == AVS_HOST_FILE_DIRECTORY && depth < 64)
    {
      g_auto(GStrv) names = avs_host_list_dir (host, path, NULL);

      if (names == NULL)
        {
          measure->complete = FALSE;
          return;
        }
      for (guint i = 0; names[i] != NULL; i++)
        {
          g_autofree char *child = g_build_filename (path, names[i], NULL);
          measure_path (self, host, child, measure, depth + 1);
        }
    }
  else if (type != AVS_HOST_FILE_DIRECTORY)
    {
      measure->files++;
      if (type == AVS_HOST_FILE_REGULAR)
        measure->bytes += (guint64) st.st_size;
      if (measure->examples->len < measure->max_examples)
        g_ptr_array_add (measure->examples, g_strdup (path));
    }
}

void
avs_plan_measure_backup (AvsPlan    *self,
                         guint       max_examples,
                         guint      *out_files,
                         guint64    *out_bytes,
                         GPtrArray **out_examples,
                         gboolean   *out_complete)
{
  Measure measure = { 0, 0, g_ptr_array_new_with_free_func (g_free), max_examples, TRUE };
  AvsPlanStep *backup;
  AvsHost *host;

  g_return_if_fail (AVS_IS_PLAN (self));

  /* The archived paths are the arguments after "--" of the tar command (relative to the root). */
  backup = avs_plan_find_step (self, "backup");
  host = _avs_plan_get_host (self, NULL);
  if (backup != NULL && backup->commands->len > 0 && host == NULL)
    measure.complete = FALSE;
  else if (backup != NULL && backup->commands->len > 0)
    {
      AvsPlanCommand *tar = g_ptr_array_index (backup->commands, backup->commands->len - 1);
      gboolean after_dashes = FALSE;

      for (guint i = 0; tar->argv[i] != NULL; i++)
        {
          if (after_dashes)
            {
              g_autofree char *path = g_strconcat ("/", tar->argv[i], NULL);
              measure_path (self, host, path, &measure, 0);
            }
          else if (g_str_equal (tar->argv[i], "--"))
            after_dashes = TRUE;
        }
    }

  if (out_files != NULL)
    *out_files = measure.files;
  if (out_bytes != NULL)
    *out_bytes = measure.bytes;
  if (out_complete != NULL)
    *out_complete = measure.complete;
  if (out_examples != NULL)
    *out_examples = g_steal_pointer (&measure.examples);
  g_clear_pointer (&measure.examples, g_ptr_array_unref);
}
