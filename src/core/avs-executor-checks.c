/* avs-executor-checks.c — the executor's checks of the machine: packages, paths, groups,
 * Flatpak apps and the backup folder
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Files are read through AvsHost, like the scanner: confined to the plan's root, a symbolic link
 * never followed out of it, and a link is seen as a link where it matters (avs_host_query() with
 * follow FALSE). The host is the plan's own (_avs_plan_get_host()): inside Flatpak, for the
 * running computer, the sandbox's view of it. Where that view shows nothing (a folder the sandbox
 * was not granted, such as the backup folder in /var/lib, or whose permission was removed; and
 * any other root, which the sandbox does not show), the host's own commands (test, stat, grep,
 * through `flatpak-spawn --host`) are asked instead. Packages are asked of the package tool.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>

#include "avs-executor-private.h"
#include "avs-package-manager.h"
#include "avs-plan-private.h"
#include "avs-text.h"

#define QUERY_TIMEOUT_MS (60 * 1000)

/* ---------------------------------------------------------------------------------------------
 * Reading the machine
 * ------------------------------------------------------------------------------------------- */

/* The plan's root as the plan reads it (made when the plan was built, so threads may share it). */
static AvsHost *
get_host (AvsExecutor  *self,
          GError      **error)
{
  AvsHost *host = _avs_plan_get_host (self->plan, error);

  return host != NULL ? g_object_ref (host) : NULL;
}

/* Whether @path is read through @host. Natively always; inside Flatpak only where the sandbox's
 * view of the running computer shows it (there a missing file is really missing). */
static gboolean
host_shows (AvsExecutor *self,
            AvsHost     *host,
            const char  *path)
{
  if (!avs_runner_get_in_flatpak (self->runner))
    return TRUE;
  return host != NULL && avs_host_is_sandbox_view (host) && !avs_host_hides (host, path);
}

/* What lstat() says of a path (as seen from the plan's root); @known is FALSE when this user may
 * not look (a folder only root can enter). */
typedef struct
{
  gboolean known;
  gboolean exists;
  gboolean is_link;
  gboolean is_dir;
  gboolean is_regular;
  guint    uid;
  guint    mode;
} PathInfo;

/* Inside Flatpak the host's folders are not visible: the host's stat(1) is asked, on the path
 * of the root's disk. */
static gboolean
path_info_on_host (AvsExecutor   *self,
                   const char    *path,
                   GCancellable  *cancellable,
                   PathInfo      *info,
                   GError       **error)
{
  g_autofree char *real = avs_plan_real_path (self->plan, path);
  const char *argv[] = { "stat", "--format=%F:%u:%a", "--", real, NULL };
  g_autoptr(AvsRunResult) result = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) fields = NULL;

  result = avs_runner_run_sync (self->runner, argv, AVS_RUN_QUERY | AVS_RUN_C_LOCALE, NULL,
                                QUERY_TIMEOUT_MS, cancellable, error);
  if (result == NULL)
    return FALSE;
  if (!avs_run_result_succeeded (result))
    {
      g_autofree char *err = avs_run_result_dup_stderr (result);

      if (strstr (err, "Permission denied") != NULL)
        info->known = FALSE;
      return TRUE;
    }
  out = g_strstrip (avs_run_result_dup_stdout (result));
  fields = g_strsplit (out, ":", 3);
  if (g_strv_length (fields) != 3)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   /* Translators: the first %s is a path, the second the system's reason */
                   _("Could not check %s: %s"), real, out);
      return FALSE;
    }
  info->exists = TRUE;
  info->is_link = g_str_equal (fields[0], "symbolic link");
  info->is_dir = g_str_equal (fields[0], "directory");
  info->is_regular = g_str_has_prefix (fields[0], "regular");
  info->uid = (guint) g_ascii_strtoull (fields[1], NULL, 10);
  info->mode = (guint) g_ascii_strtoull (fields[2], NULL, 8);
  return TRUE;
}

/* @path as seen from the plan's root; its last component is not followed, so a symbolic link
 * is seen as one. */
static gboolean
path_info (AvsExecutor   *self,
           const char    *path,
           GCancellable  *cancellable,
           PathInfo      *info,
           GError       **error)
{
  g_autoptr(AvsHost) host = NULL;
  g_autoptr(GError) local_error = NULL;
  AvsHostFileType type;
  GStatBuf st;

  memset (info, 0, sizeof *info);
  info->known = TRUE;

  host = get_host (self, avs_runner_get_in_flatpak (self->runner) ? NULL : error);
  if (!host_shows (self, host, path))
    return path_info_on_host (self, path, cancellable, info, error);
  if (host == NULL)
    return FALSE;
  type = avs_host_query (host, path, FALSE, &st, &local_error);
  if (local_error != NULL)
    {
      if (avs_host_error_needs_admin (local_error))
        {
          info->known = FALSE;
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (type == AVS_HOST_FILE_MISSING)
    return TRUE;
  info->exists = TRUE;
  info->is_link = type == AVS_HOST_FILE_SYMLINK;
  info->is_dir = type == AVS_HOST_FILE_DIRECTORY;
  info->is_regular = type == AVS_HOST_FILE_REGULAR;
  info->uid = st.st_uid;
  info->mode = st.st_mode & 07777;
  return TRUE;
}

/* Whether @path (as seen from the plan's root, not followed) exists, or with @link_only whether
 * it is a symbolic link. Unlike path_info(), a path this user may not look at is an error. */
static gboolean
path_exists (AvsExecutor  *self,
             const char   *path,
             gboolean      link_only,
             GCancellable *cancellable,
             gboolean     *out_exists,
             GError      **error)
{
  g_autoptr(AvsHost) host = get_host (self, avs_runner_get_in_flatpak (self->runner) ? NULL : error);

  if (host_shows (self, host, path))
    {
      g_autoptr(GError) local_error = NULL;
      AvsHostFileType type;

      if (host == NULL)
        return FALSE;
      type = avs_host_query (host, path, FALSE, NULL, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      *out_exists = link_only ? type == AVS_HOST_FILE_SYMLINK : type != AVS_HOST_FILE_MISSING;
      return TRUE;
    }
  else
    {
      /* Inside Flatpak, where the sandbox shows nothing of it: ask the host. */
      g_autofree char *real = avs_plan_real_path (self->plan, path);
      const char *argv_link[] = { "test", "-L", real, NULL };
      const char *argv_any[] = { "test", "-e", real, NULL };
      g_autoptr(AvsRunResult) link = avs_runner_run_sync (self->runner, argv_link, AVS_RUN_QUERY,
                                                          NULL, QUERY_TIMEOUT_MS, cancellable,
                                                          error);
      g_autoptr(AvsRunResult) any = NULL;

      if (link == NULL)
        return FALSE;
      if (link_only || avs_run_result_succeeded (link))
        {
          *out_exists = avs_run_result_succeeded (link);
          return TRUE;
        }
      any = avs_runner_run_sync (self->runner, argv_any, AVS_RUN_QUERY, NULL, QUERY_TIMEOUT_MS,
                                 cancellable, error);
      if (any == NULL)
        return FALSE;
      *out_exists = avs_run_result_succeeded (any);
      return TRUE;
    }
}

static gboolean
group_exists (AvsExecutor  *self,
              const char   *group,
              GCancellable *cancellable,
              gboolean     *out_exists,
              GError      **error)
{
  g_autofree char *prefix = g_strconcat (group, ":", NULL);
  g_autoptr(AvsHost) host = get_host (self, avs_runner_get_in_flatpak (self->runner) ? NULL : error);

  if (host_shows (self, host, "/etc/group"))
    {
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;
      g_autoptr(GError) local_error = NULL;

      *out_exists = FALSE;
      if (host == NULL)
        return FALSE;
      contents = avs_host_read_text (host, "/etc/group", AVS_HOST_LARGE_FILE, NULL, &local_error);
      if (contents == NULL)
        {
          if (g_error_matches (local_error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND))
            return TRUE;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (g_str_has_prefix (lines[i], prefix))
          *out_exists = TRUE;
      return TRUE;
    }
  else
    {
      g_autofree char *file = avs_plan_real_path (self->plan, "/etc/group");
      g_autofree char *pattern = g_strconcat ("^", prefix, NULL);
      const char *argv[] = { "grep", "-q", "--", pattern, file, NULL };
      g_autoptr(AvsRunResult) result = avs_runner_run_sync (self->runner, argv, AVS_RUN_QUERY,
                                                            NULL, QUERY_TIMEOUT_MS, cancellable,
                                                            error);
      if (result == NULL)
        return FALSE;
      *out_exists = avs_run_result_succeeded (result);
      return TRUE;
    }
}

/* ---------------------------------------------------------------------------------------------
 * The backup folder
 * ------------------------------------------------------------------------------------------- */

/* Under another root the backup step writes, as root, into the scanned disk: `install -d -m 0700`
 * makes (or chmods) its folder and tar writes the archive there. So every folder from the root
 * down to the backup folder itself must be a real folder (a symbolic link, the last one
 * included, would send both onto this computer's folders: its target resolves against "/"), and
 * one that only root can change — otherwise a user could swap it for a link between this check
 * and the command (install -d, then tar, follow links). Checked before each command of the step
 * and once after it. A folder that does not exist yet is made by install -d, as root, inside one
 * that only root can change. What stays trusted: the folders above the root itself (the
 * administrator chose it). Sets @out_problem (translated) when unsafe. */
gboolean
_avs_executor_check_backup_folder (AvsExecutor   *self,
                                   GCancellable  *cancellable,
                                   char         **out_problem,
                                   GError       **error)
{
  AvsPlan *plan = self->plan;
  const char *root = avs_plan_get_root (plan);
  g_autofree char *folder = g_path_get_dirname (avs_plan_get_archive_path (plan));
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autofree char *where = NULL;     /* the folder looked at, for a sentence */

  *out_problem = NULL;
  if (g_str_equal (root, "/"))
    return TRUE;

  /* From the root itself down; each folder is looked at only once those above it are known not
   * to be links, so nothing on the way is followed. */
  parts = g_strsplit (folder + 1, "/", -1);
  for (gint i = -1; i < 0 || parts[i] != NULL; i++)
    {
      PathInfo info;

      if (i >= 0)
        {
          g_string_append_c (shown, '/');
          g_string_append (shown, parts[i]);
        }
      if (!path_info (self, i >= 0 ? shown->str : "/", cancellable, &info, error))
        return FALSE;
      if (!info.known || !info.exists)
        break;
      g_free (where);
      where = avs_text_isolate (i >= 0 ? shown->str : root);
      if (info.is_link && i >= 0)
        {
          *out_problem = g_strdup_printf (
              /* Translators: %s is a folder of the scanned disk */
              _("%s is a symbolic link: under another root folder it would lead out of the disk "
                "onto this computer’s own folders, so nothing was written"), where);
          return TRUE;
        }
      if (!info.is_dir && !info.is_link)
        {
          *out_problem = g_strdup_printf (
              /* Translators: %s is a path of the scanned disk */
              _("%s is not a folder, so the backup archive cannot be written there"), where);
          return TRUE;
        }
      if (!info.is_link && (info.uid != 0 || (info.mode & 022) != 0))
        {
          *out_problem = g_strdup_printf (
              /* Translators: %s is a folder; "owner" is a user id, then an octal mode */
              _("%s can be changed by a user other than the administrator (owner %u, mode %o), "
                "who could replace a folder in it with a symbolic link while the archive is "
                "written; make it belong to root and writable only by root"),
              where, info.uid, info.mode);
          return TRUE;
        }
    }

  /* install replaces an existing archive rather than following it, but say so if one is a link. */
  {
    PathInfo info;

    if (!path_info (self, avs_plan_get_archive_path (plan), cancellable, &info, error))
      return FALSE;
    if (info.known && info.exists && !info.is_regular)
      {
        g_autofree char *archive = avs_text_isolate (avs_plan_get_archive_path (plan));

        *out_problem = g_strdup_printf (
            /* Translators: %s is a file */
            _("%s is not a regular file"), archive);
      }
  }
  return TRUE;
}

/* Whether the backup step, which the state calls done, left its archive: a regular file, or
 * (when this user may not look inside) a folder that only root can enter. */
gboolean
_avs_executor_backup_looks_done (AvsExecutor  *self,
                                 GCancellable *cancellable)
{
  const char *archive = avs_plan_get_archive_path (self->plan);
  g_autofree char *folder = g_path_get_dirname (archive);
  g_autofree char *problem = NULL;
  PathInfo info;

  if (!_avs_executor_check_backup_folder (self, cancellable, &problem, NULL) || problem != NULL)
    return FALSE;
  if (!path_info (self, archive, cancellable, &info, NULL))
    return FALSE;
  if (info.known)
    return info.exists && info.is_regular;
  if (!path_info (self, folder, cancellable, &info, NULL))
    return FALSE;
  return info.known && info.exists && info.is_dir && !info.is_link && info.uid == 0 &&
         (info.mode & 077) == 0;
}

/* ---------------------------------------------------------------------------------------------
 * The plan's checks
 * ------------------------------------------------------------------------------------------- */

static gboolean
check_package (AvsExecutor        *self,
               const AvsPlanCheck *check,
               GCancellable       *cancellable,
               gboolean           *out_holds,
               GError            **error)
{
  g_auto(GStrv) argv = avs_plan_dup_query_argv (self->plan, check);
  g_autoptr(AvsRunResult) result = NULL;
  g_autofree char *out = NULL;
  AvsPackageQuery state;

  result = avs_runner_run_sync (self->runner, (const char * const *) argv,
                                AVS_RUN_QUERY | AVS_RUN_C_LOCALE, NULL, QUERY_TIMEOUT_MS,
                                cancellable, error);
  if (result == NULL)
    return FALSE;
  if (!result->exited || (result->exit_status != 0 && result->exit_status != 1))
    {
      g_autofree char *err = avs_run_result_dup_stderr (result);
      g_set_error (error, AVS_EXECUTOR_ERROR, AVS_EXECUTOR_ERROR_STEP_FAILED,
                   /* Translators: the first %s is a package, the second a message */
                   _("Could not ask the package database about %s: %s"), check->value,
                   g_strstrip (err));
      return FALSE;
    }
  out = avs_run_result_dup_stdout (result);
  state = avs_package_manager_parse_query (avs_package_manager_parse (check->manager),
                                           result->exit_status, out);
  if (check->kind == AVS_CHECK_PACKAGE_INSTALLED)
    *out_holds = state == AVS_PACKAGE_QUERY_INSTALLED;
  else if (check->kind == AVS_CHECK_PACKAGE_REMOVED)
    *out_holds = state == AVS_PACKAGE_QUERY_NOT_INSTALLED ||
                 state == AVS_PACKAGE_QUERY_CONFIG_FILES;
  else
    *out_holds = state == AVS_PACKAGE_QUERY_NOT_INSTALLED;
  return TRUE;
}

/* No folder above @path is a symbolic link. On the running system every link resolves inside it
 * (a Silverblue /home → var/home is fine). Under another root, the kernel would resolve a link's
 * absolute target against this machine's "/", outside the root: any link above the path is
 * refused. Top-down, so each folder is looked at only once those above it are known not to be
 * links. */
static gboolean
check_path_safe (AvsExecutor  *self,
                 const char   *path,
                 GCancellable *cancellable,
                 gboolean     *out_holds,
                 GError      **error)
{
  g_auto(GStrv) parts = g_strsplit (path + 1, "/", -1);
  g_autoptr(GString) ancestor = g_string_new (NULL);

  *out_holds = TRUE;
  if (g_str_equal (avs_plan_get_root (self->plan), "/"))
    return TRUE;
  for (guint i = 0; parts[i] != NULL && parts[i + 1] != NULL; i++)
    {
      gboolean is_link;

      g_string_append_c (ancestor, '/');
      g_string_append (ancestor, parts[i]);
      if (!path_exists (self, ancestor->str, TRUE, cancellable, &is_link, error))
        return FALSE;
      if (is_link)
        {
          *out_holds = FALSE;
          break;
        }
    }
  return TRUE;
}

static gboolean
check_flatpak_installed (AvsExecutor        *self,
                         const AvsPlanCheck *check,
                         GCancellable       *cancellable,
                         gboolean           *out_holds,
                         GError            **error)
{
  const char *argv[] = { "flatpak", "info", "--", check->value, NULL };
  g_autoptr(AvsRunResult) result = NULL;
  g_autoptr(GError) local_error = NULL;

  result = avs_runner_run_sync (self->runner, argv, AVS_RUN_QUERY, NULL, QUERY_TIMEOUT_MS,
                                cancellable, &local_error);
  if (result == NULL && g_error_matches (local_error, AVS_RUNNER_ERROR,
                                         AVS_RUNNER_ERROR_NOT_FOUND))
    return TRUE;   /* no flatpak at all: not installed */
  if (result == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *out_holds = avs_run_result_succeeded (result);
  return TRUE;
}

/* Whether @check holds. FALSE with @error when it could not be checked. */
gboolean
_avs_executor_evaluate_check (AvsExecutor        *self,
                              const AvsPlanCheck *check,
                              GCancellable       *cancellable,
                              gboolean           *out_holds,
                              GError            **error)
{
  gboolean exists;

  *out_holds = FALSE;

  switch (check->kind)
    {
    case AVS_CHECK_PACKAGE_REMOVED:
    case AVS_CHECK_PACKAGE_PURGED:
    case AVS_CHECK_PACKAGE_INSTALLED:
      return check_package (self, check, cancellable, out_holds, error);

    case AVS_CHECK_PATH_ABSENT:
      if (!path_exists (self, check->value, FALSE, cancellable, &exists, error))
        return FALSE;
      *out_holds = !exists;
      return TRUE;

    case AVS_CHECK_PATH_SAFE:
      return check_path_safe (self, check->value, cancellable, out_holds, error);

    case AVS_CHECK_GROUP_ABSENT:
      if (!group_exists (self, check->value, cancellable, &exists, error))
        return FALSE;
      *out_holds = !exists;
      return TRUE;

    case AVS_CHECK_FLATPAK_INSTALLED:
      return check_flatpak_installed (self, check, cancellable, out_holds, error);

    default:
      g_assert_not_reached ();
    }
}
