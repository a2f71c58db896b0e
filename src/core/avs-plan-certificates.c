/* avs-plan-certificates.c — certificates: trust-store anchors, CA bundles, browsers' NSS databases
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "avs-plan-private.h"
#include "avs-validate.h"

/* Trust-store anchor folders and the tool that rebuilds each store. */
typedef struct
{
  const char *dir;
  const char *tool[3];
} AnchorDir;

static const AnchorDir anchor_dirs[] = {
  { "/usr/local/share/ca-certificates", { "update-ca-certificates", NULL } },          /* Debian, Ubuntu */
  { "/etc/pki/ca-trust/source/anchors", { "update-ca-trust", "extract", NULL } },      /* Fedora, RHEL */
  { "/usr/share/pki/ca-trust-source/anchors", { "update-ca-trust", "extract", NULL } },
  { "/etc/pki/trust/anchors", { "update-ca-certificates", NULL } },                    /* openSUSE, SLE */
  { "/usr/share/pki/trust/anchors", { "update-ca-certificates", NULL } },
  { "/etc/ca-certificates/trust-source/anchors", { "trust", "extract-compat", NULL } }, /* Arch */
  { "/usr/share/ca-certificates/trust-source/anchors", { "trust", "extract-compat", NULL } },
};

static const AnchorDir *
anchor_dir_for (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (anchor_dirs); i++)
    {
      g_autofree char *dir = g_path_get_dirname (path);
      if (g_str_equal (dir, anchor_dirs[i].dir))
        return &anchor_dirs[i];
    }
  return NULL;
}

void
_avs_plan_collect_anchors (AvsPlan    *self,
                           GPtrArray  *findings,
                           Leftovers  *l,
                           GHashTable *subjects_with_anchor)
{
  for (guint i = 0; i < findings->len; i++)
    {
      GPtrArray *evidence = avs_finding_get_evidence (g_ptr_array_index (findings, i));

      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);
          g_autoptr(GError) error = NULL;
          const AnchorDir *anchor;

          if (e->kind != AVS_EVIDENCE_CERTIFICATE || e->detail == NULL)
            continue;
          anchor = anchor_dir_for (e->detail);
          if (anchor == NULL)
            continue;
          if (!avs_validate_path (e->detail, &error))
            {
              _avs_plan_refuse (self, error->message);
              continue;
            }
          g_hash_table_add (subjects_with_anchor, g_strdup (e->value));
          if (!g_ptr_array_find_with_equal_func (l->anchors, e->detail, g_str_equal, NULL))
            g_ptr_array_add (l->anchors, g_strdup (e->detail));
          if (!g_ptr_array_find (l->tools, anchor, NULL))
            {
              gboolean same_tool = FALSE;
              for (guint k = 0; k < l->tools->len; k++)
                {
                  const AnchorDir *other = g_ptr_array_index (l->tools, k);
                  if (g_strv_equal ((const char * const *) other->tool,
                                    (const char * const *) anchor->tool))
                    same_tool = TRUE;
                }
              if (!same_tool)
                g_ptr_array_add (l->tools, (gpointer) anchor);
            }
        }
    }
}

void
_avs_plan_add_certificate_steps (AvsPlan   *self,
                                 Leftovers *l)
{
  if (l->anchors->len > 0)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
      AvsPlanStep *step =
        _avs_plan_step_new ("certificates", AVS_STEP_REMOVE_CERTIFICATES, AVS_STEP_KIND_AUTOMATIC,
                            _("Remove the Kaspersky root certificates from the system"));
      GString *text = g_string_new (NULL);
      g_autofree char *list = _avs_plan_join_list (l->anchors);
      g_autofree char *s = NULL;

      _avs_plan_step_add_product (step, AVS_PRODUCT_HTTPS_ROOT_CA);
      g_ptr_array_add (argv, g_strdup ("rm"));
      g_ptr_array_add (argv, g_strdup ("--force"));
      g_ptr_array_add (argv, g_strdup ("--"));
      for (guint i = 0; i < l->anchors->len; i++)
        g_ptr_array_add (argv, avs_plan_real_path (self, g_ptr_array_index (l->anchors, i)));
      g_ptr_array_add (argv, NULL);
      _avs_plan_step_add_command (step, TRUE, (const char * const *) argv->pdata);
      _avs_plan_add_targets_to_checks (self, step, l->anchors, TRUE, TRUE);
      for (guint i = 0; i < l->certificate_evidence->len; i++)
        _avs_plan_step_add_verification (step, g_ptr_array_index (l->certificate_evidence, i));

      s = g_strdup_printf (
          /* Translators: %s is a list of certificate files */
          _("Kaspersky added its own root certificate to the system’s trusted certificates so "
            "that it could inspect encrypted connections. The files %s are deleted (they are in "
            "the backup archive) and the system’s certificate bundle is rebuilt."), list);
      _avs_plan_append_paragraph (text, s);

      for (guint i = 0; i < l->tools->len; i++)
        {
          const AnchorDir *anchor = g_ptr_array_index (l->tools, i);

          if (self->live)
            _avs_plan_step_add_command (step, TRUE, anchor->tool);
          else
            {
              g_autofree char *tool = g_strjoinv (" ", (char **) anchor->tool);
              g_autofree char *note = g_strdup_printf (
                  /* Translators: %s is a command such as update-ca-certificates */
                  _("The scanned system is not running, so its bundle cannot be rebuilt from "
                    "here: run “%s” on it once it has started again."), tool);
              _avs_plan_append_paragraph (text, note);
            }
        }
      _avs_plan_add_step (self, step, text);
    }

  if (l->bundle_only->len > 0)
    {
      AvsPlanStep *step =
        _avs_plan_step_new ("manual-certificates", AVS_STEP_MANUAL_CERTIFICATES,
                            AVS_STEP_KIND_MANUAL,
                            _("Remove the Kaspersky certificates from the bundles"));
      GString *text = g_string_new (NULL);
      g_autoptr(GPtrArray) where = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *list = NULL;
      g_autofree char *s = NULL;

      _avs_plan_step_add_product (step, AVS_PRODUCT_HTTPS_ROOT_CA);
      for (guint i = 0; i < l->bundle_only->len; i++)
        {
          AvsEvidence *e = g_ptr_array_index (l->bundle_only, i);
          g_autofree char *escaped = g_strescape (e->value, NULL);
          g_autofree char *escaped_detail = g_strescape (e->detail != NULL ? e->detail : "?", NULL);

          _avs_plan_step_add_verification (step, e);
          g_ptr_array_add (where, g_strdup_printf ("“%s” (%s)", escaped, escaped_detail));
        }
      list = _avs_plan_join_list (where);
      s = g_strdup_printf (
          /* Translators: %s is a list of certificate subjects with the file that holds them */
          _("These Kaspersky certificates were found inside a certificate bundle, not as a "
            "separate file AV Switch can delete: %s. A bundle is rebuilt from its sources, so the "
            "certificate came from somewhere else: look in the distribution’s certificate "
            "folders (or /etc/ca-certificates.conf on Debian and Ubuntu), remove it there, and "
            "rebuild the bundle with update-ca-certificates, update-ca-trust or “trust "
            "extract-compat”."), list);
      _avs_plan_append_paragraph (text, s);
      _avs_plan_add_step (self, step, text);
    }
}

/* ---------------------------------------------------------------------------------------------
 * NSS databases
 * ------------------------------------------------------------------------------------------- */

/* The certutil command that deletes @nick from the database in @dir, as a line for people. */
static char *
nss_manual_command (const char *dir,
                    const char *nick)
{
  g_autofree char *db = g_strconcat ("sql:", dir, NULL);
  const char *argv[] = { "certutil", "-D", "-d", db, "-n", nick, NULL };
  AvsPlanCommand command = { (char **) argv, FALSE, NULL };

  return avs_plan_command_to_string (&command);
}

/* Whether a folder on the way to a database owned by @owner can only be changed by that owner
 * or root: then nobody else can swap a component for a link between this check and the run. A
 * world-writable folder with the sticky bit (/tmp) is fine, as others cannot rename what they
 * do not own. */
static gboolean
nss_folder_is_guarded (const GStatBuf *st,
                       uid_t           owner)
{
  if (st->st_uid != 0 && st->st_uid != owner)
    return FALSE;
  if ((st->st_mode & S_IWOTH) != 0 && (st->st_mode & S_ISVTX) == 0)
    return FALSE;
  if ((st->st_mode & S_IWGRP) != 0 && (st->st_mode & S_ISVTX) == 0 && st->st_gid != 0)
    return FALSE;
  return TRUE;
}

typedef enum
{
  NSS_DB_OK,
  NSS_DB_UNKNOWN_OWNER,   /* missing or unreadable: the owner cannot be known */
  NSS_DB_REFUSED,         /* a reason says why certutil must not run on it from here */
} NssDbCheck;

/* Checks the database folder @path on the running system through AvsHost (which resolves
 * links itself, one component at a time): on success @out_dir is the folder with every link
 * resolved, for the command (so a link swapped later cannot redirect it), and @out_stat its
 * status. Refused when it is not a folder, or when any folder on the way could be changed by
 * someone other than the database's owner or root. */
static NssDbCheck
nss_check_db (AvsHost     *host,
              const char  *path,
              char       **out_dir,
              GStatBuf    *out_stat,
              char       **out_reason)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *resolved = avs_host_resolve (host, path, TRUE, &error);
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) prefix = g_string_new (NULL);
  AvsHostFileType type;

  if (resolved == NULL)
    {
      if (g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND) ||
          g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_PERMISSION))
        return NSS_DB_UNKNOWN_OWNER;
      *out_reason = g_strdup (error->message);
      return NSS_DB_REFUSED;
    }

  type = avs_host_query (host, resolved, FALSE, out_stat, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_PERMISSION))
        return NSS_DB_UNKNOWN_OWNER;
      *out_reason = g_strdup (error->message);
      return NSS_DB_REFUSED;
    }
  if (type == AVS_HOST_FILE_MISSING)
    return NSS_DB_UNKNOWN_OWNER;
  if (type != AVS_HOST_FILE_DIRECTORY)
    {
      *out_reason = g_strdup (_("it is not a folder"));
      return NSS_DB_REFUSED;
    }

  /* Every folder from the top down to the database itself. */
  parts = g_strsplit (resolved, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      GStatBuf st;

      if (*parts[i] == '\0')
        continue;
      g_string_append_c (prefix, '/');
      g_string_append (prefix, parts[i]);
      type = avs_host_query (host, prefix->str, FALSE, &st, &error);
      if (error != NULL)
        {
          *out_reason = g_strdup (error->message);
          return NSS_DB_REFUSED;
        }
      if (type != AVS_HOST_FILE_DIRECTORY)
        {
          /* Translators: %s is a folder that changed into a link or file while being checked */
          *out_reason = g_strdup_printf (_("%s is no longer a folder"), prefix->str);
          return NSS_DB_REFUSED;
        }
      if (!nss_folder_is_guarded (&st, out_stat->st_uid))
        {
          /* Translators: %s is a folder */
          *out_reason = g_strdup_printf (_("users other than the database’s owner can change "
                                           "%s, so the folder could be swapped for another "
                                           "one before the command runs"), prefix->str);
          return NSS_DB_REFUSED;
        }
    }
  *out_dir = g_steal_pointer (&resolved);
  return NSS_DB_OK;
}

/* NSS databases in browsers. certutil loads every module that the database folder's pkcs11.txt
 * names, so it only ever runs as the database's owner (that user's own code) on the running
 * system, and never on a mounted disk's databases: there the step says what to run on the
 * disk's own system. */
/* On the running system: the command that deletes @e's certificate, as the database's owner,
 * or why it is left to people (@unknown_owner, @refused). */
static void
add_nss_command (AvsPlan           *self,
                 AvsPlanStep       *step,
                 const AvsEvidence *e,
                 GPtrArray         *unknown_owner,
                 GPtrArray         *refused)
{
  g_autoptr(GError) host_error = NULL;
  AvsHost *host = _avs_plan_get_host (self, &host_error);
  g_autofree char *dir = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *db = NULL;
  GStatBuf st;
  NssDbCheck check;

  if (host == NULL)
    {
      reason = g_strdup (host_error->message);
      check = NSS_DB_REFUSED;
    }
  else
    check = nss_check_db (host, e->detail, &dir, &st, &reason);

  if (check == NSS_DB_UNKNOWN_OWNER)
    {
      g_ptr_array_add (unknown_owner, nss_manual_command (e->detail, e->value));
      return;
    }
  if (check == NSS_DB_REFUSED)
    {
      g_autofree char *command = nss_manual_command (e->detail, e->value);
      g_ptr_array_add (refused, g_strdup_printf (
          /* Translators: the first %s is a folder, the second why it was not changed,
           * the third a command */
          _("%s (%s; check the folder, then as its owner run: %s)"),
          e->detail, reason, command));
      return;
    }

  db = g_strconcat ("sql:", dir, NULL);
  if (st.st_uid == geteuid ())
    _avs_plan_step_add_command (step, FALSE, (const char *[]) { "certutil", "-D", "-d", db,
                                                                "-n", e->value, NULL });
  else
    {
      /* As the owner of the database: its modules are then that user's own code, and
       * its files keep their owner. */
      g_autofree char *uid = g_strdup_printf ("--reuid=%u", (unsigned) st.st_uid);
      g_autofree char *gid = g_strdup_printf ("--regid=%u", (unsigned) st.st_gid);

      _avs_plan_step_add_command (step, TRUE, (const char *[]) { "setpriv", uid, gid,
                                                                 "--clear-groups", "--",
                                                                 "certutil", "-D", "-d", db,
                                                                 "-n", e->value, NULL });
    }
}

/* On another root the step is a hand-over: what to run on the disk's own system. */
static void
explain_nss_on_disk (AvsPlanStep *step,
                     GString     *text,
                     GPtrArray   *on_disk)
{
  g_autofree char *list = _avs_plan_join_list (on_disk);
  g_autofree char *s = g_strdup_printf (
      /* Translators: %s is a list of commands */
      _("On the system that owns this disk, once it runs, as the user who owns each "
        "database, run: %s."), list);

  _avs_plan_append_paragraph (text, _("Browsers keep their own list of trusted certificates (NSS "
                                      "databases: Chromium-based browsers in ~/.pki/nssdb, "
                                      "Firefox in each profile). These databases are on the "
                                      "scanned disk, not on this computer, and AV Switch does not "
                                      "change them from here: certutil loads every program module "
                                      "that a database’s pkcs11.txt names, so running it here "
                                      "would run code from the disk on this computer."));
  _avs_plan_append_paragraph (text, s);
  _avs_plan_append_paragraph (text, _("Close Firefox and Chromium-based browsers first: they keep "
                                      "these databases open. The final check of this plan does "
                                      "not wait for this step; “avswitch verify” lists these "
                                      "certificates until they are gone."));
  step->kind = AVS_STEP_KIND_MANUAL;
}

/* On the running system: what runs, and what is left to people and why. */
static void
explain_nss_live (AvsPlanStep *step,
                  GString     *text,
                  GPtrArray   *unknown_owner,
                  GPtrArray   *refused)
{
  _avs_plan_append_paragraph (text, _("Browsers keep their own list of trusted certificates (NSS "
                                      "databases: Chromium-based browsers in ~/.pki/nssdb, "
                                      "Firefox in each profile). The Kaspersky certificate is "
                                      "deleted from each with certutil, as the user who owns the "
                                      "database. Close Firefox and Chromium-based browsers first: "
                                      "they keep these databases open."));
  if (unknown_owner->len > 0)
    {
      g_autofree char *list = _avs_plan_join_list (unknown_owner);
      g_autofree char *s = g_strdup_printf (
          /* Translators: %s is a list of commands */
          _("The owner of some databases could not be read; as that user, run: %s."), list);
      _avs_plan_append_paragraph (text, s);
    }
  if (refused->len > 0)
    {
      g_autofree char *list = _avs_plan_join_list (refused);
      g_autofree char *s = g_strdup_printf (
          /* Translators: %s is a list of folders, each with the reason and a command */
          _("These databases are not changed automatically (certutil loads the program modules "
            "that a database’s folder names, so it runs only where nobody but the database’s "
            "owner can change that folder): %s."),
          list);
      _avs_plan_append_paragraph (text, s);
    }
  if (step->commands->len == 0)
    step->kind = AVS_STEP_KIND_MANUAL;
}

void
_avs_plan_add_nss_step (AvsPlan   *self,
                        GPtrArray *findings)
{
  AvsPlanStep *step = NULL;
  GString *text = NULL;
  g_autoptr(GPtrArray) unknown_owner = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) on_disk = g_ptr_array_new_with_free_func (g_free);
  gboolean other_root = !g_str_equal (self->root, "/");

  for (guint i = 0; i < findings->len; i++)
    {
      AvsFinding *finding = g_ptr_array_index (findings, i);
      GPtrArray *evidence = avs_finding_get_evidence (finding);

      for (guint j = 0; j < evidence->len; j++)
        {
          AvsEvidence *e = g_ptr_array_index (evidence, j);
          g_autoptr(GError) error = NULL;

          if (e->kind != AVS_EVIDENCE_NSS_CERTIFICATE)
            continue;
          if (!avs_validate_nss_nickname (e->value, &error) ||
              !avs_validate_path (e->detail, &error))
            {
              _avs_plan_refuse (self, error->message);
              continue;
            }
          if (step == NULL)
            {
              step = _avs_plan_step_new ("nss-certificates", AVS_STEP_REMOVE_NSS_CERTIFICATES,
                                         AVS_STEP_KIND_AUTOMATIC,
                                         _("Remove the Kaspersky certificates from the browsers"));
              text = g_string_new (NULL);
            }
          _avs_plan_step_add_product (step, avs_finding_get_product_id (finding));
          _avs_plan_step_add_verification (step, e);

          if (other_root)
            {
              /* The path as the disk's own system sees it. */
              g_ptr_array_add (on_disk, nss_manual_command (e->detail, e->value));
              continue;
            }

          add_nss_command (self, step, e, unknown_owner, refused);
        }
    }

  if (step == NULL)
    return;
  if (other_root)
    explain_nss_on_disk (step, text, on_disk);
  else
    explain_nss_live (step, text, unknown_owner, refused);
  _avs_plan_add_step (self, step, text);
}
