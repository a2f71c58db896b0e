/* avs-package-manager.c — what AV Switch knows about dpkg, rpm and pacman, in one place
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "avs-nick.h"
#include "avs-package-manager.h"

static const char * const manager_nicks[] = {
  [AVS_PACKAGE_MANAGER_NONE] = NULL,
  [AVS_PACKAGE_MANAGER_DPKG] = "dpkg",
  [AVS_PACKAGE_MANAGER_RPM] = "rpm",
  [AVS_PACKAGE_MANAGER_PACMAN] = "pacman",
};

static const char * const no_paths[] = { NULL };
static const char * const dpkg_db_paths[] = { AVS_DPKG_STATUS_PATH, NULL };
static const char * const rpm_db_paths[] = { "/var/lib/rpm", "/usr/lib/sysimage/rpm", NULL };
static const char * const pacman_db_paths[] = { AVS_PACMAN_LOCAL_DIR, NULL };

static const char * const dpkg_frontends[] = { "apt", NULL };
static const char * const rpm_frontends[] = { "dnf", "yum", "zypper", NULL };
static const char * const pacman_frontends[] = { "pacman", NULL };

/* The query format of the scanner's rpm listing; rpm_read_query() splits it at tabs. */
#define RPM_LIST_FORMAT "%{NAME}\\t%{VERSION}-%{RELEASE}\\t%{VENDOR}\\t%{PACKAGER}\\n"

const char *
avs_package_manager_to_string (AvsPackageManager manager)
{
  g_return_val_if_fail (manager < G_N_ELEMENTS (manager_nicks), NULL);
  return manager_nicks[manager];
}

gboolean
avs_package_manager_from_string (const char        *string,
                                 AvsPackageManager *out_manager)
{
  guint value;

  if (!avs_nick_lookup (manager_nicks, G_N_ELEMENTS (manager_nicks), string, &value))
    return FALSE;
  *out_manager = (AvsPackageManager) value;
  return TRUE;
}

AvsPackageManager
avs_package_manager_parse (const char *string)
{
  AvsPackageManager manager = AVS_PACKAGE_MANAGER_NONE;

  avs_package_manager_from_string (string, &manager);
  return manager;
}

const char *
avs_package_manager_get_db_dir (AvsPackageManager manager)
{
  switch (manager)
    {
    case AVS_PACKAGE_MANAGER_DPKG:
      return "/var/lib/dpkg";
    case AVS_PACKAGE_MANAGER_RPM:
      return rpm_db_paths[0];
    case AVS_PACKAGE_MANAGER_PACMAN:
      return "/var/lib/pacman";
    case AVS_PACKAGE_MANAGER_NONE:
    default:
      return NULL;
    }
}

const char * const *
avs_package_manager_get_db_paths (AvsPackageManager manager)
{
  switch (manager)
    {
    case AVS_PACKAGE_MANAGER_DPKG:
      return dpkg_db_paths;
    case AVS_PACKAGE_MANAGER_RPM:
      return rpm_db_paths;
    case AVS_PACKAGE_MANAGER_PACMAN:
      return pacman_db_paths;
    case AVS_PACKAGE_MANAGER_NONE:
    default:
      return no_paths;
    }
}

char *
avs_package_manager_dup_lock_path (AvsPackageManager  manager,
                                   const char        *rpm_dbpath)
{
  switch (manager)
    {
    case AVS_PACKAGE_MANAGER_DPKG:
      return g_strdup ("/var/lib/dpkg/lock");
    case AVS_PACKAGE_MANAGER_RPM:
      /* rpm's %_rpmlock_path, the same for every database backend. */
      return g_strconcat (rpm_dbpath != NULL ? rpm_dbpath : rpm_db_paths[0], "/.rpm.lock", NULL);
    case AVS_PACKAGE_MANAGER_PACMAN:
      return g_strdup ("/var/lib/pacman/db.lck");
    case AVS_PACKAGE_MANAGER_NONE:
    default:
      return NULL;
    }
}

AvsPackageManager
avs_package_manager_detect (AvsHost *host)
{
  static const AvsPackageManager order[] = {
    AVS_PACKAGE_MANAGER_DPKG, AVS_PACKAGE_MANAGER_RPM, AVS_PACKAGE_MANAGER_PACMAN,
  };

  g_return_val_if_fail (AVS_IS_HOST (host), AVS_PACKAGE_MANAGER_NONE);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const char * const *paths = avs_package_manager_get_db_paths (order[i]);

      for (guint j = 0; paths[j] != NULL; j++)
        if (avs_host_exists (host, paths[j]))
          return order[i];
    }
  return AVS_PACKAGE_MANAGER_NONE;
}

const char *
avs_package_manager_get_program (AvsPackageManager manager)
{
  return avs_package_manager_to_string (manager);
}

static gboolean
is_other_root (const char *root)
{
  return root != NULL && !g_str_equal (root, "/");
}

void
avs_package_manager_add_prefix (AvsPackageManager  manager,
                                const char        *root,
                                const char        *rpm_dbpath,
                                gboolean           query,
                                GPtrArray         *argv)
{
  gboolean other_root = is_other_root (root);

  g_return_if_fail (argv != NULL);

  switch (manager)
    {
    case AVS_PACKAGE_MANAGER_DPKG:
      if (query)
        {
          g_ptr_array_add (argv, g_strdup ("dpkg-query"));
          if (other_root)
            g_ptr_array_add (argv, g_strdup_printf ("--admindir=%s/var/lib/dpkg", root));
        }
      else
        {
          g_ptr_array_add (argv, g_strdup ("dpkg"));
          if (other_root)
            g_ptr_array_add (argv, g_strdup_printf ("--root=%s", root));
        }
      break;

    case AVS_PACKAGE_MANAGER_RPM:
      g_ptr_array_add (argv, g_strdup ("rpm"));
      if (other_root)
        {
          g_ptr_array_add (argv, g_strdup ("--root"));
          g_ptr_array_add (argv, g_strdup (root));
          g_ptr_array_add (argv, g_strdup ("--dbpath"));
          g_ptr_array_add (argv, g_strdup (rpm_dbpath != NULL ? rpm_dbpath : rpm_db_paths[0]));
        }
      break;

    case AVS_PACKAGE_MANAGER_PACMAN:
      g_ptr_array_add (argv, g_strdup ("pacman"));
      /* --sysroot chroots, which a query does not need; --dbpath reads the root's database. */
      if (other_root && query)
        {
          g_ptr_array_add (argv, g_strdup ("--dbpath"));
          g_ptr_array_add (argv, g_strdup_printf ("%s/var/lib/pacman", root));
        }
      else if (other_root)
        {
          g_ptr_array_add (argv, g_strdup ("--sysroot"));
          g_ptr_array_add (argv, g_strdup (root));
        }
      break;

    case AVS_PACKAGE_MANAGER_NONE:
    default:
      g_return_if_reached ();
    }
}

static char **
finish_argv (GPtrArray *argv)
{
  g_ptr_array_add (argv, NULL);
  return (char **) g_ptr_array_free (argv, FALSE);
}

char **
avs_package_manager_dup_query_argv (AvsPackageManager  manager,
                                    const char        *root,
                                    const char        *rpm_dbpath,
                                    const char        *package)
{
  GPtrArray *argv;

  g_return_val_if_fail (manager != AVS_PACKAGE_MANAGER_NONE, NULL);
  g_return_val_if_fail (package != NULL, NULL);

  argv = g_ptr_array_new_with_free_func (g_free);
  avs_package_manager_add_prefix (manager, root, rpm_dbpath, TRUE, argv);
  if (manager == AVS_PACKAGE_MANAGER_DPKG)
    {
      g_ptr_array_add (argv, g_strdup ("--show"));
      g_ptr_array_add (argv, g_strdup ("--showformat=${db:Status-Status}\\n"));
    }
  else
    g_ptr_array_add (argv, g_strdup ("--query"));
  g_ptr_array_add (argv, g_strdup ("--"));
  g_ptr_array_add (argv, g_strdup (package));
  return finish_argv (argv);
}

char **
avs_package_manager_dup_remove_argv (AvsPackageManager  manager,
                                     const char        *root,
                                     const char        *rpm_dbpath,
                                     const char        *package)
{
  GPtrArray *argv;

  g_return_val_if_fail (manager != AVS_PACKAGE_MANAGER_NONE, NULL);
  g_return_val_if_fail (package != NULL, NULL);

  argv = g_ptr_array_new_with_free_func (g_free);
  avs_package_manager_add_prefix (manager, root, rpm_dbpath, FALSE, argv);
  switch (manager)
    {
    case AVS_PACKAGE_MANAGER_DPKG:
      g_ptr_array_add (argv, g_strdup ("--remove"));
      break;
    case AVS_PACKAGE_MANAGER_RPM:
      g_ptr_array_add (argv, g_strdup ("--erase"));
      break;
    case AVS_PACKAGE_MANAGER_PACMAN:
    case AVS_PACKAGE_MANAGER_NONE:
    default:
      g_ptr_array_add (argv, g_strdup ("--remove"));
      g_ptr_array_add (argv, g_strdup ("--noconfirm"));
      break;
    }
  g_ptr_array_add (argv, g_strdup ("--"));
  g_ptr_array_add (argv, g_strdup (package));
  return finish_argv (argv);
}

gboolean
avs_package_manager_has_purge (AvsPackageManager manager)
{
  return manager == AVS_PACKAGE_MANAGER_DPKG;
}

char **
avs_package_manager_dup_purge_argv (AvsPackageManager   manager,
                                    const char         *root,
                                    const char * const *packages)
{
  GPtrArray *argv;

  g_return_val_if_fail (packages != NULL, NULL);
  if (!avs_package_manager_has_purge (manager))
    return NULL;

  argv = g_ptr_array_new_with_free_func (g_free);
  avs_package_manager_add_prefix (manager, root, NULL, FALSE, argv);
  g_ptr_array_add (argv, g_strdup ("--purge"));
  g_ptr_array_add (argv, g_strdup ("--"));
  for (guint i = 0; packages[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (packages[i]));
  return finish_argv (argv);
}

char **
avs_package_manager_dup_list_argv (AvsPackageManager  manager,
                                   const char        *root,
                                   const char        *rpm_dbpath)
{
  const char *argv[] = {
    "rpm", "--root", root != NULL ? root : "/",
    "--dbpath", rpm_dbpath != NULL ? rpm_dbpath : rpm_db_paths[0],
    "-qa", "--qf", RPM_LIST_FORMAT, NULL
  };

  if (manager != AVS_PACKAGE_MANAGER_RPM)
    return NULL;
  return g_strdupv ((char **) argv);
}

char **
avs_package_manager_dup_files_argv (AvsPackageManager  manager,
                                    const char        *root,
                                    const char        *rpm_dbpath,
                                    const char        *package)
{
  const char *argv[] = {
    "rpm", "--root", root != NULL ? root : "/",
    "--dbpath", rpm_dbpath != NULL ? rpm_dbpath : rpm_db_paths[0],
    "-ql", package, NULL
  };

  g_return_val_if_fail (package != NULL, NULL);
  if (manager != AVS_PACKAGE_MANAGER_RPM)
    return NULL;
  return g_strdupv ((char **) argv);
}

AvsPackageQuery
avs_package_manager_parse_query (AvsPackageManager  manager,
                                 int                exit_status,
                                 const char        *output)
{
  g_autofree char *state = NULL;

  if (exit_status != 0)
    return AVS_PACKAGE_QUERY_NOT_INSTALLED;
  if (manager != AVS_PACKAGE_MANAGER_DPKG)
    return AVS_PACKAGE_QUERY_INSTALLED;

  /* dpkg-query knows every package it ever saw; ${db:Status-Status} says what is left. */
  state = g_strstrip (g_strdup (output != NULL ? output : ""));
  if (g_str_equal (state, "installed"))
    return AVS_PACKAGE_QUERY_INSTALLED;
  if (g_str_equal (state, "not-installed"))
    return AVS_PACKAGE_QUERY_NOT_INSTALLED;
  if (g_str_equal (state, "config-files"))
    return AVS_PACKAGE_QUERY_CONFIG_FILES;
  return AVS_PACKAGE_QUERY_OTHER;
}

const char * const *
avs_package_manager_get_frontends (AvsPackageManager manager)
{
  switch (manager)
    {
    case AVS_PACKAGE_MANAGER_DPKG:
      return dpkg_frontends;
    case AVS_PACKAGE_MANAGER_RPM:
      return rpm_frontends;
    case AVS_PACKAGE_MANAGER_PACMAN:
      return pacman_frontends;
    case AVS_PACKAGE_MANAGER_NONE:
    default:
      return no_paths;
    }
}

AvsPackageManager
avs_package_manager_for_frontend (const char *frontend)
{
  static const AvsPackageManager managers[] = {
    AVS_PACKAGE_MANAGER_DPKG, AVS_PACKAGE_MANAGER_RPM, AVS_PACKAGE_MANAGER_PACMAN,
  };

  if (frontend == NULL)
    return AVS_PACKAGE_MANAGER_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (managers); i++)
    if (g_strv_contains (avs_package_manager_get_frontends (managers[i]), frontend))
      return managers[i];
  return AVS_PACKAGE_MANAGER_NONE;
}

char **
avs_package_manager_dup_install_argv (const char         *frontend,
                                      const char * const *packages)
{
  static const struct
  {
    const char *frontend;
    const char *argv[5];
  } table[] = {
    { "apt", { "apt-get", "install", "--yes", NULL } },
    { "dnf", { "dnf", "install", "--assumeyes", NULL } },
    { "yum", { "yum", "install", "-y", NULL } },
    { "zypper", { "zypper", "--non-interactive", "install", NULL } },
    { "pacman", { "pacman", "--sync", "--needed", "--noconfirm", NULL } },
  };

  g_return_val_if_fail (packages != NULL, NULL);

  for (guint i = 0; frontend != NULL && i < G_N_ELEMENTS (table); i++)
    if (g_str_equal (table[i].frontend, frontend))
      {
        GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

        for (guint j = 0; table[i].argv[j] != NULL; j++)
          g_ptr_array_add (argv, g_strdup (table[i].argv[j]));
        g_ptr_array_add (argv, g_strdup ("--"));
        for (guint j = 0; packages[j] != NULL; j++)
          g_ptr_array_add (argv, g_strdup (packages[j]));
        return finish_argv (argv);
      }
  return NULL;
}
