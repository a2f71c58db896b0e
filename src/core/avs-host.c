/* avs-host.c — read-only access to the files of a machine under a root directory
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "avs-host-private.h"

/* Like the kernel's MAXSYMLINKS. */
#define MAX_LINKS 40
#define MAX_COMPONENTS 1024

G_DEFINE_QUARK (avs-host-error-quark, avs_host_error)

struct _AvsHost
{
  GObject  parent_instance;

  char    *root;
  int      root_fd;   /* O_PATH | O_DIRECTORY */
  gboolean no_openat2;
  AvsHostView *view;  /* the sandbox view's mounts over the root, or NULL */
};

G_DEFINE_FINAL_TYPE (AvsHost, avs_host, G_TYPE_OBJECT)

static void
avs_host_finalize (GObject *object)
{
  AvsHost *self = AVS_HOST (object);

  if (self->root_fd >= 0)
    close (self->root_fd);
  g_free (self->root);
  g_clear_pointer (&self->view, _avs_host_view_free);

  G_OBJECT_CLASS (avs_host_parent_class)->finalize (object);
}

static void
avs_host_class_init (AvsHostClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = avs_host_finalize;
}

static void
avs_host_init (AvsHost *self)
{
  self->root_fd = -1;
}

static int
error_code_from_errno (int saved_errno)
{
  switch (saved_errno)
    {
    case ENOENT:
    case ENOTDIR:
      return AVS_HOST_ERROR_NOT_FOUND;
    case EACCES:
    case EPERM:
      return AVS_HOST_ERROR_PERMISSION;
    case ELOOP:
      return AVS_HOST_ERROR_LOOP;
    default:
      return AVS_HOST_ERROR_FAILED;
    }
}

static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *path)
{
  int code = error_code_from_errno (saved_errno);

  if (code == AVS_HOST_ERROR_PERMISSION)
    g_set_error (error, AVS_HOST_ERROR, code,
                 /* Translators: %s is a path */
                 _("No permission to read %s."), path);
  else if (code == AVS_HOST_ERROR_NOT_FOUND)
    g_set_error (error, AVS_HOST_ERROR, code,
                 /* Translators: %s is a path */
                 _("%s does not exist."), path);
  else
    g_set_error (error, AVS_HOST_ERROR, code,
                 /* Translators: %s is a path, then the system's reason */
                 _("Could not read %s: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

AvsHost *
avs_host_new (const char  *root,
              GError     **error)
{
  g_autoptr(AvsHost) self = NULL;
  g_autofree char *absolute = NULL;
  char *canonical;
  struct stat st;

  g_return_val_if_fail (root != NULL, NULL);

  if (*root == '\0')
    {
      g_set_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_INVALID, _("The root folder is empty."));
      return NULL;
    }

  absolute = g_canonicalize_filename (root, NULL);
  canonical = realpath (absolute, NULL);
  if (canonical == NULL)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (root);
      g_set_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_INVALID,
                   /* Translators: %s is a folder, then the system's reason */
                   _("Cannot scan the folder %s: %s"), display, g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (AVS_TYPE_HOST, NULL);
  self->root = g_strdup (canonical);
  free (canonical);

  self->root_fd = open (self->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (self->root_fd < 0 || fstat (self->root_fd, &st) != 0 || !S_ISDIR (st.st_mode))
    {
      int saved_errno = self->root_fd < 0 ? errno : ENOTDIR;
      g_autofree char *display = g_filename_display_name (root);
      g_set_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_INVALID,
                   _("Cannot scan the folder %s: %s"), display, g_strerror (saved_errno));
      return NULL;
    }

  return g_steal_pointer (&self);
}

AvsHost *
_avs_host_new_with_view (const char   *root_dir,
                         AvsHostView  *view,
                         GError      **error)
{
  g_autoptr(AvsHost) self = avs_host_new (root_dir, error);

  if (self == NULL)
    {
      _avs_host_view_free (view);
      return NULL;
    }
  /* Paths are the computer's, from "/"; the walk lays the view's mounts over the root. The
   * kernel's one-call resolution knows nothing of them: always the walk. */
  g_free (self->root);
  self->root = g_strdup ("/");
  self->no_openat2 = TRUE;
  self->view = view;
  return g_steal_pointer (&self);
}

AvsHostView *
_avs_host_get_view (AvsHost *self)
{
  return self->view;
}

AvsHost *
avs_host_new_live (gboolean   in_flatpak,
                   GError   **error)
{
  if (in_flatpak)
    {
      g_autoptr(GError) local_error = NULL;
      AvsHost *view = _avs_host_new_sandbox_view ("/", "/.flatpak-info", g_get_home_dir (),
                                                  &local_error);

      if (view != NULL)
        return view;
      g_debug ("No view of the computer from the sandbox: %s", local_error->message);
    }
  return avs_host_new ("/", error);
}

gboolean
avs_host_is_sandbox_view (AvsHost *self)
{
  g_return_val_if_fail (AVS_IS_HOST (self), FALSE);
  return self->view != NULL;
}

GPtrArray *
avs_host_get_unseen (AvsHost *self)
{
  static GPtrArray *none;

  g_return_val_if_fail (AVS_IS_HOST (self), NULL);
  if (self->view != NULL)
    return _avs_host_view_get_unseen (self->view);
  if (g_once_init_enter (&none))
    g_once_init_leave (&none, g_ptr_array_new ());
  return none;
}

gboolean
avs_host_hides (AvsHost    *self,
                const char *path)
{
  g_return_val_if_fail (AVS_IS_HOST (self), FALSE);
  return self->view != NULL && _avs_host_view_hides (self->view, path);
}

gboolean
avs_host_can_run_programs (AvsHost *self)
{
  g_return_val_if_fail (AVS_IS_HOST (self), FALSE);
  return self->view == NULL || _avs_host_view_can_spawn (self->view);
}

const char * const *
avs_host_get_os_release_paths (AvsHost *self)
{
  static const char * const native[] = { "/etc/os-release", "/usr/lib/os-release", NULL };
  /* In the view "/os-release" is /run/host/os-release: Flatpak's copy of the host's, there even
   * when /etc/os-release is a relative link into a /usr the sandbox was not given. */
  static const char * const view[] = { "/os-release", "/etc/os-release", "/usr/lib/os-release", NULL };

  g_return_val_if_fail (AVS_IS_HOST (self), native);
  return self->view != NULL ? view : native;
}

const char *
avs_host_get_root (AvsHost *self)
{
  g_return_val_if_fail (AVS_IS_HOST (self), NULL);
  return self->root;
}

gboolean
avs_host_is_live (AvsHost *self)
{
  g_return_val_if_fail (AVS_IS_HOST (self), FALSE);
  return g_str_equal (self->root, "/");
}

gboolean
avs_host_error_needs_admin (const GError *error)
{
  return error != NULL && g_error_matches (error, AVS_HOST_ERROR, AVS_HOST_ERROR_PERMISSION);
}

/* ---------------------------------------------------------------------------------------------
 * Fast path
 *
 * Most paths the scanner asks about hold no symlink at all. openat2() with RESOLVE_NO_SYMLINKS
 * and RESOLVE_BENEATH opens such a path in one system call, and the kernel guarantees it did not
 * leave the root; a path with a symlink (ELOOP) or ".." (EXDEV) goes the slow way, component
 * by component. Returns the fd, or -1 with *out_errno set: 0 means "take the slow way",
 * anything else is a definitive answer (ENOENT before any symlink is final).
 * ------------------------------------------------------------------------------------------- */

static int
fast_open (AvsHost    *self,
           const char *path,
           int         flags,
           int        *out_errno)
{
#ifdef SYS_openat2
  struct open_how how = { 0 };
  const char *relative;
  long fd;

  *out_errno = 0;
  if (self->no_openat2 || path == NULL || path[0] != '/')
    return -1;
  relative = path + strspn (path, "/");
  if (*relative == '\0')
    relative = ".";

  how.flags = (guint64) (flags | O_CLOEXEC);
  how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH;
  fd = syscall (SYS_openat2, self->root_fd, relative, &how, sizeof how);
  if (fd >= 0)
    return (int) fd;

  switch (errno)
    {
    case ENOENT:
    case EACCES:
    case EPERM:
      *out_errno = errno;
      break;
    case ENOTDIR:
      /* Not final: with O_DIRECTORY | O_NOFOLLOW a symlink as the last component gives ENOTDIR
       * rather than ELOOP (a home that links to /data/alice), and the slow way follows it. */
      break;
    case ENOSYS:
    case EINVAL:
      /* An old kernel (or a seccomp filter): always the slow way from now on. */
      self->no_openat2 = TRUE;
      break;
    default:
      /* ELOOP (a symlink on the way), EXDEV (".."), anything else: the slow way decides. */
      break;
    }
  return -1;
#else
  *out_errno = 0;
  return -1;
#endif
}

/* ---------------------------------------------------------------------------------------------
 * Resolution
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  GArray    *fds;        /* int: the directory chain, [0] = root (not owned) */
  GPtrArray *names;      /* the components of the resolved path so far */
  int        parent_fd;  /* = last of fds */
  char      *last;       /* the final component, NULL when the path is the root itself */
} Walk;

static void
walk_clear (Walk *walk)
{
  for (guint i = 1; walk->fds != NULL && i < walk->fds->len; i++)
    close (g_array_index (walk->fds, int, i));
  g_clear_pointer (&walk->fds, g_array_unref);
  g_clear_pointer (&walk->names, g_ptr_array_unref);
  g_clear_pointer (&walk->last, g_free);
}

static char *
walk_path (Walk       *walk,
           const char *last)
{
  GString *path = g_string_new (NULL);

  for (guint i = 0; i < walk->names->len; i++)
    {
      g_string_append_c (path, '/');
      g_string_append (path, g_ptr_array_index (walk->names, i));
    }
  if (last != NULL)
    {
      g_string_append_c (path, '/');
      g_string_append (path, last);
    }
  if (path->len == 0)
    g_string_append_c (path, '/');
  return g_string_free (path, FALSE);
}

/* Pushes the components of @path onto @todo (a stack: the next component is the last element). */
static void
push_components (GPtrArray  *todo,
                 const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint n = g_strv_length (parts);

  for (guint i = n; i > 0; i--)
    {
      const char *part = parts[i - 1];

      if (*part == '\0' || g_str_equal (part, "."))
        continue;
      g_ptr_array_add (todo, g_strdup (part));
    }
}

/* Walks @path down to its parent directory and resolves the last component (following it when
 * @follow). On success walk->parent_fd is the directory holding walk->last (NULL for the root
 * itself), and the last component is known to exist unless @allow_missing. */
static gboolean
walk_resolve (AvsHost     *self,
              const char  *path,
              gboolean     follow,
              gboolean     allow_missing,
              Walk        *walk,
              GError     **error)
{
  g_autoptr(GPtrArray) todo = g_ptr_array_new_with_free_func (g_free);
  guint links = 0;
  guint steps = 0;
  int root_fd = self->root_fd;

  if (path == NULL || path[0] != '/')
    {
      g_set_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_INVALID,
                   /* Translators: %s is a path */
                   _("%s is not an absolute path."), path != NULL ? path : "(null)");
      return FALSE;
    }

  walk->fds = g_array_new (FALSE, FALSE, sizeof (int));
  g_array_append_val (walk->fds, root_fd);
  walk->names = g_ptr_array_new_with_free_func (g_free);
  walk->parent_fd = root_fd;
  walk->last = NULL;

  push_components (todo, path);

  while (todo->len > 0)
    {
      g_autofree char *part = g_ptr_array_steal_index (todo, todo->len - 1);
      gboolean is_last = todo->len == 0;
      int dir_fd = g_array_index (walk->fds, int, walk->fds->len - 1);
      struct stat st;

      if (++steps > MAX_COMPONENTS)
        {
          g_autofree char *display = g_filename_display_name (path);
          g_set_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_LOOP,
                       _("%s has too many components or links."), display);
          return FALSE;
        }

      if (g_str_equal (part, ".."))
        {
          if (walk->fds->len == 1)
            {
              /* Climbing above the root: only a relative symlink can lead here (the request
               * itself was checked by the caller), and it is not followed. */
              g_autofree char *display = g_filename_display_name (path);
              g_set_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_ESCAPES_ROOT,
                           /* Translators: %s is a path */
                           _("%s leads outside the scanned root through a symbolic link; it was not followed."),
                           display);
              return FALSE;
            }
          close (g_array_index (walk->fds, int, walk->fds->len - 1));
          g_array_set_size (walk->fds, walk->fds->len - 1);
          g_ptr_array_set_size (walk->names, walk->names->len - 1);
          if (is_last)
            {
              /* The path ends in "..": it names a directory already open; describe it as the
               * last component of its parent. */
              if (walk->names->len == 0)
                {
                  walk->parent_fd = g_array_index (walk->fds, int, 0);
                  return TRUE;
                }
              walk->last = g_ptr_array_steal_index (walk->names, walk->names->len - 1);
              close (g_array_index (walk->fds, int, walk->fds->len - 1));
              g_array_set_size (walk->fds, walk->fds->len - 1);
              walk->parent_fd = g_array_index (walk->fds, int, walk->fds->len - 1);
              return TRUE;
            }
          continue;
        }

      if (self->view != NULL)
        {
          /* A folder the sandbox view lays over this one (/opt, /var/lib/dpkg, or /var above
           * them): it replaces whatever the root has there. */
          g_autofree char *child = walk_path (walk, part);
          int fd = _avs_host_view_open (self->view, child);

          if (fd >= 0)
            {
              g_array_append_val (walk->fds, fd);
              g_ptr_array_add (walk->names, g_steal_pointer (&part));
              if (is_last)
                {
                  /* The path is that folder itself: described as the root is (last NULL). */
                  walk->parent_fd = fd;
                  return TRUE;
                }
              continue;
            }
        }

      if (fstatat (dir_fd, part, &st, AT_SYMLINK_NOFOLLOW) != 0)
        {
          int saved_errno = errno;

          if (saved_errno == ENOENT && is_last && allow_missing)
            {
              walk->last = g_steal_pointer (&part);
              walk->parent_fd = dir_fd;
              return TRUE;
            }
          {
            g_autofree char *where = walk_path (walk, part);
            g_autofree char *display = g_filename_display_name (where);
            return set_errno_error (error, saved_errno, display);
          }
        }

      if (S_ISLNK (st.st_mode) && (!is_last || follow))
        {
          char target[4096];
          ssize_t len;

          if (++links > MAX_LINKS)
            {
              g_autofree char *display = g_filename_display_name (path);
              g_set_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_LOOP,
                           /* Translators: %s is a path */
                           _("%s goes through too many symbolic links (a loop?)."), display);
              return FALSE;
            }
          len = readlinkat (dir_fd, part, target, sizeof target - 1);
          if (len < 0)
            {
              int saved_errno = errno;
              g_autofree char *where = walk_path (walk, part);
              return set_errno_error (error, saved_errno, where);
            }
          target[len] = '\0';

          if (target[0] == '/')
            {
              /* Absolute: as the root sees it. */
              for (guint i = 1; i < walk->fds->len; i++)
                close (g_array_index (walk->fds, int, i));
              g_array_set_size (walk->fds, 1);
              g_ptr_array_set_size (walk->names, 0);
            }
          else
            {
              /* Relative to the link's directory: a ".." above the root is caught above, but
               * name the link in the message rather than the request. */
              guint depth = walk->names->len;
              g_auto(GStrv) tparts = g_strsplit (target, "/", -1);

              for (guint i = 0; tparts[i] != NULL; i++)
                {
                  if (g_str_equal (tparts[i], ".."))
                    {
                      if (depth == 0)
                        {
                          g_autofree char *where = walk_path (walk, part);
                          g_autofree char *display = g_filename_display_name (where);
                          g_autofree char *tdisplay = g_filename_display_name (target);
                          g_set_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_ESCAPES_ROOT,
                                       /* Translators: the first %s is a symbolic link, the second where it points */
                                       _("The symbolic link %s points outside the scanned root (to %s); it was not followed."),
                                       display, tdisplay);
                          return FALSE;
                        }
                      depth--;
                    }
                  else if (*tparts[i] != '\0' && !g_str_equal (tparts[i], "."))
                    depth++;
                }
            }
          push_components (todo, target);
          if (todo->len == 0)
            {
              /* The link points at the root itself. */
              walk->parent_fd = g_array_index (walk->fds, int, 0);
              return TRUE;
            }
          continue;
        }

      if (is_last)
        {
          walk->last = g_steal_pointer (&part);
          walk->parent_fd = dir_fd;
          return TRUE;
        }

      if (!S_ISDIR (st.st_mode))
        {
          g_autofree char *where = walk_path (walk, part);
          g_autofree char *display = g_filename_display_name (where);
          g_set_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND,
                       /* Translators: %s is a path */
                       _("%s is not a folder."), display);
          return FALSE;
        }

      {
        int fd = openat (dir_fd, part, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

        if (fd < 0)
          {
            int saved_errno = errno;
            g_autofree char *where = walk_path (walk, part);
            g_autofree char *display = g_filename_display_name (where);
            return set_errno_error (error, saved_errno, display);
          }
        g_array_append_val (walk->fds, fd);
        g_ptr_array_add (walk->names, g_steal_pointer (&part));
      }
    }

  /* The path was the root itself. */
  walk->parent_fd = g_array_index (walk->fds, int, walk->fds->len - 1);
  return TRUE;
}

char *
avs_host_resolve (AvsHost     *self,
                  const char  *path,
                  gboolean     follow,
                  GError     **error)
{
  Walk walk = { 0 };
  char *result = NULL;

  g_return_val_if_fail (AVS_IS_HOST (self), NULL);

  {
    int saved_errno = 0;
    /* Without O_NOFOLLOW a trailing symlink fails (ELOOP) and takes the slow way; with it,
     * O_PATH opens the link itself, which is right when not following. */
    int fd = fast_open (self, path, O_PATH | (follow ? 0 : O_NOFOLLOW), &saved_errno);

    if (fd >= 0)
      {
        /* No symlink anywhere: the path is its own resolution. */
        close (fd);
        return g_canonicalize_filename (path, "/");
      }
  }

  if (walk_resolve (self, path, follow, TRUE, &walk, error))
    result = walk_path (&walk, walk.last);
  walk_clear (&walk);
  return result;
}

char *
avs_host_disk_path (AvsHost     *self,
                    const char  *path,
                    GError     **error)
{
  g_autofree char *resolved = avs_host_resolve (self, path, TRUE, error);

  if (resolved == NULL)
    return NULL;
  if (avs_host_is_live (self))
    return g_steal_pointer (&resolved);
  if (g_str_equal (resolved, "/"))
    return g_strdup (self->root);
  return g_strconcat (self->root, resolved, NULL);
}

AvsHostFileType
avs_host_query (AvsHost     *self,
                const char  *path,
                gboolean     follow,
                GStatBuf    *out_stat,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  Walk walk = { 0 };
  struct stat st;
  AvsHostFileType type;
  int rc;

  g_return_val_if_fail (AVS_IS_HOST (self), AVS_HOST_FILE_MISSING);

  {
    int saved_errno = 0;
    int fd = fast_open (self, path, O_PATH | (follow ? 0 : O_NOFOLLOW), &saved_errno);

    if (fd >= 0)
      {
        rc = fstat (fd, &st);
        close (fd);
        if (rc == 0)
          goto have_stat;
      }
    else if (saved_errno == ENOENT || saved_errno == ENOTDIR)
      return AVS_HOST_FILE_MISSING;
  }

  if (!walk_resolve (self, path, follow, TRUE, &walk, &local_error))
    {
      walk_clear (&walk);
      if (g_error_matches (local_error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_FOUND))
        return AVS_HOST_FILE_MISSING;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return AVS_HOST_FILE_MISSING;
    }

  if (walk.last == NULL)
    rc = fstat (walk.parent_fd, &st);
  else
    rc = fstatat (walk.parent_fd, walk.last, &st, AT_SYMLINK_NOFOLLOW);
  walk_clear (&walk);

  if (rc != 0)
    {
      int saved_errno = errno;
      if (saved_errno == ENOENT)
        return AVS_HOST_FILE_MISSING;
      set_errno_error (error, saved_errno, path);
      return AVS_HOST_FILE_MISSING;
    }

have_stat:
  if (S_ISREG (st.st_mode))
    type = AVS_HOST_FILE_REGULAR;
  else if (S_ISDIR (st.st_mode))
    type = AVS_HOST_FILE_DIRECTORY;
  else if (S_ISLNK (st.st_mode))
    type = AVS_HOST_FILE_SYMLINK;
  else
    type = AVS_HOST_FILE_OTHER;

  if (out_stat != NULL)
    memcpy (out_stat, &st, sizeof st);
  return type;
}

gboolean
avs_host_exists (AvsHost    *self,
                 const char *path)
{
  return avs_host_query (self, path, TRUE, NULL, NULL) != AVS_HOST_FILE_MISSING;
}

char *
avs_host_read_link (AvsHost     *self,
                    const char  *path,
                    GError     **error)
{
  Walk walk = { 0 };
  char target[4096];
  ssize_t len = -1;
  int saved_errno = EINVAL;

  g_return_val_if_fail (AVS_IS_HOST (self), NULL);

  if (!walk_resolve (self, path, FALSE, FALSE, &walk, error))
    {
      walk_clear (&walk);
      return NULL;
    }
  if (walk.last != NULL)
    {
      len = readlinkat (walk.parent_fd, walk.last, target, sizeof target - 1);
      saved_errno = errno;
    }
  walk_clear (&walk);

  if (len < 0)
    {
      g_autofree char *display = g_filename_display_name (path);
      if (saved_errno == EINVAL)
        {
          g_set_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_REGULAR,
                       /* Translators: %s is a path */
                       _("%s is not a symbolic link."), display);
          return NULL;
        }
      set_errno_error (error, saved_errno, display);
      return NULL;
    }
  target[len] = '\0';
  return g_strdup (target);
}

/* Opens the regular file @path for reading, refusing anything else without opening it: a
 * device's open can have side effects (a tape rewinds, a watchdog arms) and a FIFO's can block.
 * The type is checked with fstatat() on the name in its resolved folder, the open cannot follow
 * a link, block or take a terminal, and fstat() then checks that the same regular file was
 * opened (the name may have been replaced in between). */
static int
open_regular (AvsHost     *self,
              const char  *path,
              struct stat *st,
              GError     **error)
{
  Walk walk = { 0 };
  g_autofree char *dir_path = NULL;
  g_autofree char *name = NULL;
  struct stat before;
  int dir_fd = -1;
  int fd = -1;
  int saved_errno = 0;
  const int flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;

  /* Fast way: open the folder, and stat the last component in it, when that is a plain name. */
  if (path != NULL && path[0] == '/')
    {
      name = g_path_get_basename (path);
      dir_path = g_path_get_dirname (path);
      if (g_str_equal (name, ".") || g_str_equal (name, "..") || g_str_equal (name, "/") ||
          g_str_has_suffix (path, "/"))
        g_clear_pointer (&name, g_free);
      else
        dir_fd = fast_open (self, dir_path, O_PATH | O_DIRECTORY, &saved_errno);
    }
  if (dir_fd >= 0 && fstatat (dir_fd, name, &before, AT_SYMLINK_NOFOLLOW) != 0)
    {
      saved_errno = errno;
      close (dir_fd);
      dir_fd = -1;
      if (saved_errno == ENOTDIR)
        saved_errno = 0;   /* let the slow way name the problem */
    }
  else if (dir_fd >= 0 && S_ISLNK (before.st_mode))
    {
      /* A link as the last component: the slow way follows it inside the root. */
      close (dir_fd);
      dir_fd = -1;
    }
  else if (dir_fd < 0 && saved_errno == ENOTDIR)
    saved_errno = 0;

  if (dir_fd < 0 && saved_errno == 0)
    {
      if (!walk_resolve (self, path, TRUE, FALSE, &walk, error))
        {
          walk_clear (&walk);
          return -1;
        }
      if (walk.last == NULL)
        saved_errno = EISDIR;
      else
        {
          dir_fd = fcntl (walk.parent_fd, F_DUPFD_CLOEXEC, 0);
          if (dir_fd < 0)
            saved_errno = errno;
          g_free (name);
          name = g_strdup (walk.last);
          if (dir_fd >= 0 && fstatat (dir_fd, name, &before, AT_SYMLINK_NOFOLLOW) != 0)
            {
              saved_errno = errno;
              close (dir_fd);
              dir_fd = -1;
            }
        }
      walk_clear (&walk);
    }

  if (dir_fd >= 0)
    {
      if (!S_ISREG (before.st_mode))
        saved_errno = S_ISDIR (before.st_mode) ? EISDIR : EINVAL;
      else
        {
          fd = openat (dir_fd, name, flags);
          if (fd < 0)
            saved_errno = errno;
          else if (fstat (fd, st) != 0)
            {
              saved_errno = errno;
              close (fd);
              fd = -1;
            }
          else if (!S_ISREG (st->st_mode) || st->st_dev != before.st_dev ||
                   st->st_ino != before.st_ino)
            {
              close (fd);
              fd = -1;
              saved_errno = EINVAL;
            }
        }
      close (dir_fd);
    }

  if (fd < 0)
    {
      g_autofree char *display = g_filename_display_name (path);

      if (saved_errno == EISDIR || saved_errno == EINVAL || saved_errno == ELOOP)
        g_set_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_REGULAR,
                     /* Translators: %s is a path */
                     _("%s is not a regular file."), display);
      else
        set_errno_error (error, saved_errno, display);
      return -1;
    }

  return fd;
}

GBytes *
avs_host_read_bytes (AvsHost     *self,
                     const char  *path,
                     gsize        max_size,
                     GError     **error)
{
  gsize length = 0;
  char *data = avs_host_read_text (self, path, max_size, &length, error);

  if (data == NULL)
    return NULL;
  return g_bytes_new_take (data, length);
}

char *
avs_host_read_text (AvsHost     *self,
                    const char  *path,
                    gsize        max_size,
                    gsize       *length,
                    GError     **error)
{
  struct stat st;
  GByteArray *buffer;
  int fd;

  g_return_val_if_fail (AVS_IS_HOST (self), NULL);

  fd = open_regular (self, path, &st, error);
  if (fd < 0)
    return NULL;

  if ((guint64) st.st_size > max_size)
    {
      g_autofree char *display = g_filename_display_name (path);
      g_autofree char *limit = g_format_size (max_size);
      close (fd);
      g_set_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_TOO_LARGE,
                   _("%s is larger than %s, so it was not read."), display, limit);
      return NULL;
    }

  /* /proc files report size 0: read until EOF, still within the cap. */
  buffer = g_byte_array_sized_new (st.st_size > 0 ? (guint) st.st_size + 1 : 4096);
  for (;;)
    {
      guint8 chunk[16384];
      ssize_t n = read (fd, chunk, sizeof chunk);

      if (n < 0)
        {
          int saved_errno = errno;
          g_autofree char *display = g_filename_display_name (path);

          if (saved_errno == EINTR)
            continue;
          close (fd);
          g_byte_array_unref (buffer);
          set_errno_error (error, saved_errno, display);
          return NULL;
        }
      if (n == 0)
        break;
      if (buffer->len + (gsize) n > max_size)
        {
          g_autofree char *display = g_filename_display_name (path);
          g_autofree char *limit = g_format_size (max_size);
          close (fd);
          g_byte_array_unref (buffer);
          g_set_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_TOO_LARGE,
                       _("%s is larger than %s, so it was not read."), display, limit);
          return NULL;
        }
      g_byte_array_append (buffer, chunk, (guint) n);
    }
  close (fd);

  if (length != NULL)
    *length = buffer->len;
  g_byte_array_append (buffer, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (buffer, FALSE);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GStrv
avs_host_list_dir (AvsHost     *self,
                   const char  *path,
                   GError     **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *resolved = NULL;
  Walk walk = { 0 };
  struct dirent *entry;
  DIR *dir;
  int fd;
  int saved_errno = 0;

  g_return_val_if_fail (AVS_IS_HOST (self), NULL);

  fd = fast_open (self, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, &saved_errno);
  if (fd < 0 && saved_errno == 0)
    {
      if (!walk_resolve (self, path, TRUE, FALSE, &walk, error))
        {
          walk_clear (&walk);
          return NULL;
        }
      resolved = walk_path (&walk, walk.last);
      if (walk.last == NULL)
        fd = openat (walk.parent_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      else
        fd = openat (walk.parent_fd, walk.last, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0)
        saved_errno = errno;
      walk_clear (&walk);
    }

  if (fd < 0)
    {
      g_autofree char *display = g_filename_display_name (path);
      if (saved_errno == ENOTDIR)
        g_set_error (error, AVS_HOST_ERROR, AVS_HOST_ERROR_NOT_REGULAR,
                     _("%s is not a folder."), display);
      else
        set_errno_error (error, saved_errno, display);
      return NULL;
    }

  dir = fdopendir (fd);
  if (dir == NULL)
    {
      saved_errno = errno;
      close (fd);
      return set_errno_error (error, saved_errno, path), NULL;
    }

  names = g_ptr_array_new ();
  while ((entry = readdir (dir)) != NULL)
    {
      if (g_str_equal (entry->d_name, ".") || g_str_equal (entry->d_name, ".."))
        continue;
      g_ptr_array_add (names, g_strdup (entry->d_name));
    }
  closedir (dir);
  /* The sandbox view's mounts show in the folders above them ("/var" holds "opt"). */
  if (self->view != NULL && resolved != NULL)
    _avs_host_view_add_children (self->view, resolved, names);

  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}
