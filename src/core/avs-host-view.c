/* avs-host-view.c — the running computer as seen from inside AV Switch's Flatpak sandbox
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Inside the sandbox "/" is the runtime, not the computer. What Flatpak shows of the computer
 * (measured on flatpak 1.14, docs/flatpak.md):
 *
 * - host-os:ro and host-etc:ro: the host's /usr, /bin, /lib… and /etc under /run/host, with a copy
 *   of its os-release at /run/host/os-release;
 * - --filesystem=PATH:ro: PATH at the same path (/opt, /var/opt, /var/lib/dpkg…); home:ro the
 *   user's own home only;
 * - never /var as a whole, /root, /tmp, /run, nor the host's processes (the sandbox has its own
 *   process namespace); /proc/modules is the kernel's.
 *
 * The view is an AvsHost whose root is /run/host, so absolute symlinks under /run/host/etc are
 * read as the computer reads them (re-rooted at /run/host, never into the runtime), and a
 * relative one that climbs above it is refused like any escape. The same-path mounts the
 * sandbox has been granted (read from /.flatpak-info, which Flatpak writes) are laid over it at
 * their paths; the folders above them (/var, /var/lib) are empty stand-ins. Paths the view does
 * not show read as missing, so everything a permission hides is named up front as an "unseen"
 * entry (what, why, and the command that grants it), which the scanner turns into "could not
 * check": a revoked permission never gives a clean result. Running programs come from the
 * host's own ps through `flatpak-spawn --host` (avs_host_list_processes()).
 */

#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "avs-host-private.h"

/* The talk name that `flatpak-spawn --host` needs. */
#define FLATPAK_BUS_NAME "org.freedesktop.Flatpak"

struct _AvsHostView
{
  GHashTable *mounts;     /* char* path as the host names it → GINT_TO_POINTER (fd + 1) */
  GHashTable *above;      /* char* folder above a mount ("/", "/var") → GPtrArray of child names */
  int         empty_fd;   /* an empty, removed folder: what the folders above mounts hold */
  GPtrArray  *unseen;     /* AvsHostUnseen */
  char       *ps;         /* the host's ps, as the host names it; NULL when it has none */
  gboolean    can_spawn;  /* the sandbox may run host programs (flatpak-spawn --host) */
};

void
_avs_host_view_free (AvsHostView *view)
{
  GHashTableIter iter;
  gpointer value;

  if (view == NULL)
    return;
  g_hash_table_iter_init (&iter, view->mounts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    close (GPOINTER_TO_INT (value) - 1);
  g_hash_table_unref (view->mounts);
  g_hash_table_unref (view->above);
  if (view->empty_fd >= 0)
    close (view->empty_fd);
  g_ptr_array_unref (view->unseen);
  g_free (view->ps);
  g_free (view);
}

static gboolean
path_under (const char *path,
            const char *prefix)
{
  gsize len = strlen (prefix);

  if (g_str_equal (prefix, "/"))
    return TRUE;
  return strncmp (path, prefix, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

int
_avs_host_view_open (AvsHostView *view,
                     const char  *path)
{
  gpointer value;

  if (g_hash_table_lookup_extended (view->mounts, path, NULL, &value))
    return fcntl (GPOINTER_TO_INT (value) - 1, F_DUPFD_CLOEXEC, 0);
  if (g_hash_table_contains (view->above, path) && !g_str_equal (path, "/"))
    return fcntl (view->empty_fd, F_DUPFD_CLOEXEC, 0);
  return -1;
}

void
_avs_host_view_add_children (AvsHostView *view,
                             const char  *path,
                             GPtrArray   *names)
{
  GPtrArray *children = g_hash_table_lookup (view->above, path);

  for (guint i = 0; children != NULL && i < children->len; i++)
    {
      const char *child = g_ptr_array_index (children, i);
      gboolean have = FALSE;

      for (guint k = 0; k < names->len && !have; k++)
        have = g_str_equal (g_ptr_array_index (names, k), child);
      if (!have)
        g_ptr_array_add (names, g_strdup (child));
    }
}

/* The folders of the computer that /run/host holds when host-os and host-etc are granted. */
static const char * const run_host_dirs[] = { "/etc", "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", NULL };

gboolean
_avs_host_view_hides (AvsHostView *view,
                      const char  *path)
{
  GHashTableIter iter;
  gpointer key;

  if (path == NULL || path[0] != '/' || g_hash_table_contains (view->above, path))
    return FALSE;
  /* A folder whose permission is off (host-etc revoked: /etc is then the runtime's, not shown). */
  for (guint i = 0; i < view->unseen->len; i++)
    {
      AvsHostUnseen *unseen = g_ptr_array_index (view->unseen, i);

      if (!unseen->note && unseen->path != NULL && path_under (path, unseen->path))
        return TRUE;
    }
  for (guint i = 0; run_host_dirs[i] != NULL; i++)
    if (path_under (path, run_host_dirs[i]))
      return FALSE;
  g_hash_table_iter_init (&iter, view->mounts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (path_under (path, key))
      return FALSE;
  return TRUE;
}

GPtrArray *
_avs_host_view_get_unseen (AvsHostView *view)
{
  return view->unseen;
}

const char *
_avs_host_view_get_ps (AvsHostView *view)
{
  return view->ps;
}

gboolean
_avs_host_view_can_spawn (AvsHostView *view)
{
  return view->can_spawn;
}

/* Building the view ------------------------------------------------------------------------- */

/* Records @path as a folder above a mount, with @child inside it, up to the root. */
static void
add_above (AvsHostView *view,
           const char  *path)
{
  g_autofree char *child = g_strdup (path);

  while (!g_str_equal (child, "/"))
    {
      g_autofree char *parent = g_path_get_dirname (child);
      g_autofree char *name = g_path_get_basename (child);
      GPtrArray *children = g_hash_table_lookup (view->above, parent);
      gboolean have = FALSE;

      if (children == NULL)
        {
          children = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (view->above, g_strdup (parent), children);
        }
      for (guint i = 0; i < children->len && !have; i++)
        have = g_str_equal (g_ptr_array_index (children, i), name);
      if (!have)
        g_ptr_array_add (children, g_strdup (name));
      g_free (child);
      child = g_steal_pointer (&parent);
    }
}

/* Lays the sandbox's @sandbox_path (a folder) over the view at @path. FALSE when it is not
 * there (Flatpak shows no path the computer lacks). */
static gboolean
add_mount (AvsHostView *view,
           const char  *path,
           const char  *sandbox_path)
{
  int fd;

  if (g_hash_table_contains (view->mounts, path))
    return TRUE;
  /* The sandbox's own tree, which Flatpak made: its mount points are followed as it shows them. */
  fd = open (sandbox_path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return FALSE;
  g_hash_table_insert (view->mounts, g_strdup (path), GINT_TO_POINTER (fd + 1));
  add_above (view, path);
  return TRUE;
}

static void
add_unseen (AvsHostView *view,
            const char  *what,
            const char  *reason,
            const char  *path,
            gboolean     note)
{
  AvsHostUnseen *unseen = g_new0 (AvsHostUnseen, 1);

  unseen->what = g_strdup (what);
  unseen->reason = g_strdup (reason);
  unseen->path = g_strdup (path);
  unseen->note = note;
  g_ptr_array_add (view->unseen, unseen);
}

static void
unseen_free (AvsHostUnseen *unseen)
{
  g_free (unseen->what);
  g_free (unseen->reason);
  g_free (unseen->path);
  g_free (unseen);
}

/* The filesystem permissions in /.flatpak-info ("[Context] filesystems=host-os:ro;/opt:ro;"),
 * without their ":ro"/":rw"/":create"; revoked ones ("!/opt") go to @denied. */
static void
read_filesystems (GKeyFile   *info,
                  GPtrArray  *granted,
                  GPtrArray  *denied)
{
  g_auto(GStrv) specs = g_key_file_get_string_list (info, "Context", "filesystems", NULL, NULL);

  for (guint i = 0; specs != NULL && specs[i] != NULL; i++)
    {
      char *spec = g_strstrip (specs[i]);
      char *colon;
      gboolean negated = spec[0] == '!';

      if (negated)
        spec++;
      colon = strrchr (spec, ':');
      if (colon != NULL && (g_str_equal (colon, ":ro") || g_str_equal (colon, ":rw") ||
                            g_str_equal (colon, ":create")))
        *colon = '\0';
      if (*spec != '\0')
        g_ptr_array_add (negated ? denied : granted, g_strdup (spec));
    }
}

/* Whether the permission @spec shows the computer's @path at the same path in the sandbox. */
static gboolean
spec_shows (const char *spec,
            const char *path,
            const char *home)
{
  static const char * const never_with_host[] = { "/var", "/usr", "/etc", "/root", "/tmp", "/proc", "/run", NULL };

  if (g_str_equal (spec, "host"))
    {
      for (guint i = 0; never_with_host[i] != NULL; i++)
        if (path_under (path, never_with_host[i]))
          return FALSE;
      return TRUE;
    }
  if (g_str_equal (spec, "home") || g_str_equal (spec, "~"))
    return home != NULL && path_under (path, home);
  if (g_str_has_prefix (spec, "~/") && home != NULL)
    {
      g_autofree char *full = g_build_filename (home, spec + 2, NULL);
      return path_under (path, full);
    }
  return spec[0] == '/' && path_under (path, spec);
}

static gboolean
granted (GPtrArray  *granted_specs,
         GPtrArray  *denied_specs,
         const char *path,
         const char *home)
{
  gboolean shown = FALSE;

  for (guint i = 0; i < denied_specs->len; i++)
    if (spec_shows (g_ptr_array_index (denied_specs, i), path, home))
      return FALSE;
  for (guint i = 0; i < granted_specs->len && !shown; i++)
    shown = spec_shows (g_ptr_array_index (granted_specs, i), path, home);
  return shown;
}

static char *
override_command (const char *option)
{
  return g_strdup_printf ("flatpak override --user %s %s", option, APP_ID);
}

static void
add_unseen_folder (AvsHostView *view,
                   const char  *what,
                   const char  *path,
                   const char  *permission)
{
  g_autofree char *option = g_strdup_printf ("--filesystem=%s", permission);
  g_autofree char *command = override_command (option);
  g_autofree char *reason =
    /* Translators: the first %s is a folder, the second a command to type in a terminal */
    g_strdup_printf (_("AV Switch runs in a Flatpak sandbox that may not read %s (its permission was removed), so nothing there was checked. To allow it, run “%s” in a terminal, then scan again."),
                     path, command);

  add_unseen (view, what, reason, path, FALSE);
}

/* Same-path folders the manifest grants, and what each holds. A folder is looked for only when
 * the computer uses it: @needed_if lists paths (as the view shows them) of which one must exist;
 * NULL: always. */
typedef struct
{
  const char         *path;
  const char         *what;
  const char * const *needed_if;
} SamePath;

static const char * const dpkg_signs[] = { "/usr/bin/dpkg", "/bin/dpkg", "/etc/dpkg", NULL };
static const char * const rpm_signs[] = { "/usr/bin/rpm", "/bin/rpm", NULL };
static const char * const pacman_signs[] = { "/usr/bin/pacman", "/etc/pacman.conf", NULL };

static const SamePath same_paths[] = {
  { "/opt", N_("Programs installed in /opt"), NULL },
  { "/var/opt", N_("Program data in /var/opt"), NULL },
  { "/var/log/kaspersky", N_("Kaspersky’s log folder"), NULL },
  { "/var/lib/dpkg", N_("The dpkg package database"), dpkg_signs },
  { "/var/lib/rpm", N_("The rpm package database"), rpm_signs },
  { "/var/lib/pacman", N_("The pacman package database"), pacman_signs },
};

static gboolean
any_exists (AvsHost            *host,
            const char * const *paths)
{
  for (guint i = 0; paths[i] != NULL; i++)
    if (avs_host_query (host, paths[i], FALSE, NULL, NULL) != AVS_HOST_FILE_MISSING)
      return TRUE;
  return FALSE;
}

/* What the view cannot show, found once the host exists (the signs are read through it). */
static void
find_unseen (AvsHost     *host,
             AvsHostView *view,
             GPtrArray   *granted_specs,
             GPtrArray   *denied_specs,
             const char  *home,
             gboolean     have_etc,
             gboolean     have_usr)
{
  if (!have_etc)
    add_unseen_folder (view, _("This computer’s settings in /etc (services, groups, certificates)"),
                       "/etc", "host-etc:ro");
  if (!have_usr)
    add_unseen_folder (view, _("This computer’s programs in /usr"), "/usr", "host-os:ro");

  for (guint i = 0; i < G_N_ELEMENTS (same_paths); i++)
    {
      const SamePath *same = &same_paths[i];
      g_autofree char *permission = NULL;

      if (granted (granted_specs, denied_specs, same->path, home))
        continue;   /* granted: shown, or the computer has no such folder */
      if (same->needed_if != NULL && !any_exists (host, same->needed_if))
        continue;
      /* Fedora keeps its rpm database under /usr, which host-os shows. */
      if (g_str_equal (same->path, "/var/lib/rpm") &&
          avs_host_query (host, "/usr/lib/sysimage/rpm", TRUE, NULL, NULL) == AVS_HOST_FILE_DIRECTORY)
        continue;
      permission = g_strdup_printf ("%s:ro", same->path);
      add_unseen_folder (view, _(same->what), same->path, permission);
    }

  if (home != NULL && !granted (granted_specs, denied_specs, home, home))
    add_unseen_folder (view, _("Your home folder (browser extensions, certificate databases)"),
                       home, "home:ro");

  if (!view->can_spawn)
    {
      g_autofree char *option = g_strdup_printf ("--talk-name=%s", FLATPAK_BUS_NAME);
      g_autofree char *command = override_command (option);
      g_autofree char *reason =
        /* Translators: the first %s is a D-Bus name, the second a command to type in a terminal */
        g_strdup_printf (_("AV Switch runs in a Flatpak sandbox that sees only its own programs, and its permission to ask Flatpak for a look outside (%s) was removed, so running Kaspersky programs could not be seen. To allow it, run “%s” in a terminal, then scan again; or list the running programs yourself with “ps -e -o pid,comm”."),
                         FLATPAK_BUS_NAME, command);

      add_unseen (view, _("Running programs"), reason, NULL, FALSE);
      /* Only a database that is there needs the program (Debian has rpm without one). */
      if (any_exists (host, rpm_signs) &&
          (avs_host_query (host, "/var/lib/rpm", TRUE, NULL, NULL) == AVS_HOST_FILE_DIRECTORY ||
           avs_host_query (host, "/usr/lib/sysimage/rpm", TRUE, NULL, NULL) == AVS_HOST_FILE_DIRECTORY))
        {
          g_autofree char *rpm_reason =
            /* Translators: the first %s is a D-Bus name, the second a command to type in a terminal */
            g_strdup_printf (_("Only this computer’s own rpm program reads its database, and AV Switch’s Flatpak sandbox lost its permission to start it (%s). To allow it, run “%s” in a terminal, then scan again; or list the packages yourself with “rpm -qa”."),
                             FLATPAK_BUS_NAME, command);
          add_unseen (view, _("The rpm package database"), rpm_reason, "/var/lib/rpm", FALSE);
        }
    }

  add_unseen (view, _("Mounted Windows volumes"),
              _("AV Switch’s Flatpak sandbox does not show the disks mounted under /media, /run/media and /mnt, so Kaspersky on a Windows installation there was not looked for."),
              NULL, TRUE);
}

static char *
sandbox_path (const char *sandbox_root,
              const char *path)
{
  return g_build_filename (sandbox_root, path, NULL);
}

AvsHost *
_avs_host_new_sandbox_view (const char  *sandbox_root,
                            const char  *flatpak_info,
                            const char  *home,
                            GError     **error)
{
  g_autoptr(GKeyFile) info = g_key_file_new ();
  g_autoptr(GPtrArray) granted_specs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) denied_specs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *run_host = sandbox_path (sandbox_root, "/run/host");
  g_autofree char *talk = NULL;
  g_autofree char *empty = NULL;
  g_autoptr(AvsHost) host = NULL;
  AvsHostView *view;
  gboolean have_etc, have_usr;

  g_return_val_if_fail (sandbox_root != NULL && flatpak_info != NULL, NULL);

  /* Written by Flatpak: what this sandbox was granted, overrides and `flatpak run` options
   * included. Unreadable, nothing can be trusted to be shown: no view. */
  if (!g_key_file_load_from_file (info, flatpak_info, G_KEY_FILE_NONE, error))
    return NULL;
  read_filesystems (info, granted_specs, denied_specs);
  talk = g_key_file_get_string (info, "Session Bus Policy", FLATPAK_BUS_NAME, NULL);

  view = g_new0 (AvsHostView, 1);
  view->mounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  view->above = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  view->unseen = g_ptr_array_new_with_free_func ((GDestroyNotify) unseen_free);
  view->can_spawn = talk != NULL && (g_str_equal (talk, "talk") || g_str_equal (talk, "own"));
  view->empty_fd = -1;

  /* The stand-in for the folders above mounts: a folder made empty and removed at once, which
   * can hold nothing (nothing can be created in a removed folder). */
  empty = g_dir_make_tmp ("avswitch-view-XXXXXX", error);
  if (empty == NULL)
    {
      _avs_host_view_free (view);
      return NULL;
    }
  view->empty_fd = open (empty, O_PATH | O_DIRECTORY | O_CLOEXEC);
  g_rmdir (empty);
  if (view->empty_fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_FAILED, "%s", g_strerror (saved_errno));
      _avs_host_view_free (view);
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (same_paths); i++)
    if (granted (granted_specs, denied_specs, same_paths[i].path, home))
      {
        g_autofree char *in_sandbox = sandbox_path (sandbox_root, same_paths[i].path);
        add_mount (view, same_paths[i].path, in_sandbox);
      }
  /* Homes: "host" shows /home, "home" the user's own. */
  if (granted (granted_specs, denied_specs, "/home", home))
    {
      g_autofree char *in_sandbox = sandbox_path (sandbox_root, "/home");
      add_mount (view, "/home", in_sandbox);
    }
  /* $HOME names the home; it never replaces what /run/host or a granted folder shows. */
  if (home != NULL && g_path_is_absolute (home) && _avs_host_view_hides (view, home) &&
      !path_under (home, "/proc") && granted (granted_specs, denied_specs, home, home))
    {
      gboolean covered = FALSE;
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, view->mounts);
      while (g_hash_table_iter_next (&iter, &key, NULL) && !covered)
        covered = path_under (home, key);
      if (!covered)
        {
          g_autofree char *in_sandbox = sandbox_path (sandbox_root, home);
          add_mount (view, home, in_sandbox);
        }
    }
  /* /proc/modules is the kernel's (not namespaced); the sandbox's processes are its own, so
   * avs_host_list_processes() never reads them. */
  {
    g_autofree char *proc = sandbox_path (sandbox_root, "/proc");
    add_mount (view, "/proc", proc);
  }

  host = _avs_host_new_with_view (run_host, view, error);
  if (host == NULL)
    return NULL;

  have_etc = avs_host_query (host, "/etc", TRUE, NULL, NULL) == AVS_HOST_FILE_DIRECTORY;
  have_usr = avs_host_query (host, "/usr", TRUE, NULL, NULL) == AVS_HOST_FILE_DIRECTORY;
  if (avs_host_query (host, "/usr/bin/ps", TRUE, NULL, NULL) == AVS_HOST_FILE_REGULAR)
    view->ps = g_strdup ("/usr/bin/ps");
  else if (avs_host_query (host, "/bin/ps", TRUE, NULL, NULL) == AVS_HOST_FILE_REGULAR)
    view->ps = g_strdup ("/bin/ps");
  find_unseen (host, view, granted_specs, denied_specs, home, have_etc, have_usr);

  return g_steal_pointer (&host);
}

/* Processes ---------------------------------------------------------------------------------- */

static void
process_free (AvsHostProcess *process)
{
  g_free (process->pid);
  g_free (process->name);
  g_free (process);
}

static void
add_process (GPtrArray  *processes,
             const char *pid,
             const char *name)
{
  AvsHostProcess *process = g_new0 (AvsHostProcess, 1);

  process->pid = g_strdup (pid);
  process->name = g_strdup (name);
  g_ptr_array_add (processes, process);
}

/* The sandbox's /proc has only its own processes: ask the host's ps (`ps -e -o pid=,comm=`
 * prints the same name as /proc/PID/comm). */
static GPtrArray *
list_host_processes (AvsHost       *self,
                     AvsHostView   *view,
                     AvsRunner     *runner,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GPtrArray) processes = g_ptr_array_new_with_free_func ((GDestroyNotify) process_free);
  g_autoptr(AvsRunResult) result = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  if (!view->can_spawn)
    {
      g_set_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_HIDDEN,
                   /* Translators: %s is a D-Bus name */
                   _("AV Switch’s Flatpak sandbox may not start programs outside it (%s), so it cannot list this computer’s running programs."),
                   FLATPAK_BUS_NAME);
      return NULL;
    }
  if (view->ps == NULL)
    {
      g_set_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_HIDDEN,
                   _("This computer has no ps program (/usr/bin/ps or /bin/ps), which AV Switch’s Flatpak sandbox needs to list the running programs. Install the “procps” package and scan again."));
      return NULL;
    }

  {
    const char *argv[] = { view->ps, "-e", "-o", "pid=,comm=", NULL };

    result = avs_runner_run_sync (runner, argv, AVS_RUN_QUERY | AVS_RUN_C_LOCALE, NULL, 0,
                                  cancellable, error);
  }
  if (result == NULL)
    return NULL;
  if (!avs_run_result_succeeded (result))
    {
      g_autofree char *err = avs_run_result_dup_stderr (result);
      g_autofree char *hint = NULL;
      g_auto(GStrv) err_lines = g_strsplit (err, "\n", -1);

      /* flatpak-spawn's last line says why ("Hint: --host only works when…"). */
      for (guint i = 0; err_lines[i] != NULL; i++)
        if (*g_strstrip (err_lines[i]) != '\0')
          {
            g_free (hint);
            hint = g_strdup (err_lines[i]);
          }
      g_set_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_HIDDEN,
                   /* Translators: %s is the message of the program that failed */
                   _("The running programs of this computer could not be listed from AV Switch’s Flatpak sandbox (%s)."),
                   hint != NULL ? hint : _("no reason given"));
      return NULL;
    }

  out = avs_run_result_dup_stdout (result);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *space = strchr (line, ' ');
      char *name;

      if (space == NULL || !g_ascii_isdigit (line[0]))
        continue;
      *space = '\0';
      name = g_strstrip (space + 1);
      /* ps marks a zombie "NAME <defunct>"; /proc/PID/comm says NAME. */
      if (g_str_has_suffix (name, " <defunct>"))
        name[strlen (name) - strlen (" <defunct>")] = '\0';
      if (*name != '\0')
        add_process (processes, line, name);
    }
  return g_steal_pointer (&processes);
}

GPtrArray *
avs_host_list_processes (AvsHost       *self,
                         AvsRunner     *runner,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GPtrArray) processes = NULL;
  g_auto(GStrv) entries = NULL;
  AvsHostView *view;

  g_return_val_if_fail (AVS_IS_HOST (self), NULL);

  view = _avs_host_get_view (self);
  if (view != NULL)
    return list_host_processes (self, view, runner, cancellable, error);

  entries = avs_host_list_dir (self, "/proc", error);
  if (entries == NULL)
    return NULL;
  processes = g_ptr_array_new_with_free_func ((GDestroyNotify) process_free);
  for (guint p = 0; entries[p] != NULL; p++)
    {
      g_autofree char *path = NULL;
      g_autofree char *comm = NULL;

      if (!g_ascii_isdigit (entries[p][0]))
        continue;
      path = g_strdup_printf ("/proc/%s/comm", entries[p]);
      comm = avs_host_read_text (self, path, 4096, NULL, NULL);
      if (comm == NULL)
        continue;   /* it ended meanwhile */
      g_strstrip (comm);
      add_process (processes, entries[p], comm);
    }
  return g_steal_pointer (&processes);
}
