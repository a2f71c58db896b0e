/* avs-host.h — read-only access to the files of a machine under a root directory
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An AvsHost reads the files of the live system (root "/") or of any directory that holds one
 * (a mounted disk, a chroot, a test fixture), and never anything outside that root:
 *
 * - every path given to it is absolute *as seen from the root* ("/etc/os-release");
 * - paths are resolved one component at a time with file descriptors (openat + O_NOFOLLOW), so a
 *   symlink is followed by this code, never by the kernel;
 * - an absolute symlink target is read as the root would see it (chroot semantics: under
 *   --root /mnt/disk, "/var/opt/x" means /mnt/disk/var/opt/x);
 * - a relative target that climbs above the root ("../../../etc") fails with
 *   AVS_HOST_ERROR_ESCAPES_ROOT, naming the link and its target, and is not followed;
 * - every read has a size cap; FIFOs, devices and sockets are never opened for reading.
 *
 * Nothing here writes. An AvsHost is immutable once made, so worker threads may share it.
 *
 * Inside AV Switch's Flatpak sandbox "/" is the runtime, not the computer: avs_host_new_live()
 * then gives the sandbox view (avs-host-view.c), which reads the computer's /etc and /usr
 * through /run/host (absolute links re-rooted there), the folders the sandbox was granted at
 * their own paths, and names what its permissions hide (avs_host_get_unseen()).
 */

#pragma once

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "avs-runner.h"

G_BEGIN_DECLS

#define AVS_HOST_ERROR (avs_host_error_quark ())

typedef enum
{
  AVS_HOST_ERROR_NOT_FOUND,       /* no such file (or a dangling link) */
  AVS_HOST_ERROR_PERMISSION,      /* the scanning user may not read it: needs an administrator */
  AVS_HOST_ERROR_ESCAPES_ROOT,    /* a symlink on the way points outside the root */
  AVS_HOST_ERROR_LOOP,            /* too many symlinks (a loop) */
  AVS_HOST_ERROR_TOO_LARGE,       /* larger than the cap the caller gave */
  AVS_HOST_ERROR_NOT_REGULAR,     /* not a regular file (directory, FIFO, device…) */
  AVS_HOST_ERROR_INVALID,         /* not an absolute path, or an unusable root */
  AVS_HOST_ERROR_FAILED,          /* any other system error (message says which) */
  AVS_HOST_ERROR_HIDDEN,          /* the Flatpak sandbox does not show it (message says why) */
} AvsHostError;

GQuark avs_host_error_quark (void);

typedef enum
{
  AVS_HOST_FILE_MISSING,
  AVS_HOST_FILE_REGULAR,
  AVS_HOST_FILE_DIRECTORY,
  AVS_HOST_FILE_SYMLINK,    /* only when not following the last component */
  AVS_HOST_FILE_OTHER,      /* FIFO, socket, device */
} AvsHostFileType;

/* Read caps used by the scanner; callers may pass their own. */
#define AVS_HOST_SMALL_FILE   (256 * 1024)         /* config files, unit files, /proc entries */
#define AVS_HOST_LARGE_FILE   (64 * 1024 * 1024)   /* package databases, CA bundles */

#define AVS_TYPE_HOST (avs_host_get_type ())
G_DECLARE_FINAL_TYPE (AvsHost, avs_host, AVS, HOST, GObject)

/* @root must be an existing directory; it is made absolute and canonical. */
AvsHost         *avs_host_new          (const char   *root,
                                        GError      **error);
/* The running computer: "/" natively; inside Flatpak (@in_flatpak, as avs_runner_get_in_flatpak()
 * says) the sandbox view, or "/" when the sandbox shows nothing of the computer (no /run/host or
 * no /.flatpak-info: the scanner then says the computer's files were not checked). */
AvsHost         *avs_host_new_live     (gboolean      in_flatpak,
                                        GError      **error);
/* Whether this is the sandbox view of avs_host_new_live(). */
gboolean         avs_host_is_sandbox_view (AvsHost   *self);

/* What the host cannot show and why (a sandbox permission that was removed or never given),
 * for the scanner's "could not check" entries: whole translated sentences, the reason with the
 * command that would show it. */
typedef struct
{
  char     *what;     /* "The dpkg package database" */
  char     *reason;   /* "… run this command in a terminal and scan again: flatpak override …" */
  char     *path;     /* may be NULL */
  gboolean  note;     /* information only: hides nothing the scan could otherwise have found */
} AvsHostUnseen;

/* Element type AvsHostUnseen; empty (never NULL) but for the sandbox view. */
GPtrArray       *avs_host_get_unseen   (AvsHost      *self);
/* Whether @path lies where the sandbox view shows nothing, so its absence means nothing (another
 * person's home, /var/lib/avswitch, /etc when host-etc was revoked). Always FALSE natively. */
gboolean         avs_host_hides        (AvsHost      *self,
                                        const char   *path);
/* Whether the host's programs can be run (rpm, certutil): natively yes; in the sandbox view only
 * with the org.freedesktop.Flatpak permission (else avs_host_get_unseen() names what it hides). */
gboolean         avs_host_can_run_programs (AvsHost  *self);
/* The paths of the computer's os-release, in the order to read them: the sandbox view reads
 * Flatpak's copy at /run/host/os-release first (it is there even without host-etc). */
const char * const *avs_host_get_os_release_paths (AvsHost *self);

/* One running program. */
typedef struct
{
  char *pid;
  char *name;   /* as /proc/PID/comm: at most 15 bytes */
} AvsHostProcess;

/* The running programs (element type AvsHostProcess): /proc/PID/comm under a live root; in the
 * sandbox view the computer's own ps, run through @runner (`flatpak-spawn --host`), since the
 * sandbox's /proc holds only its own. An AVS_HOST_ERROR_HIDDEN error says why they could not be
 * listed. */
GPtrArray       *avs_host_list_processes (AvsHost     *self,
                                        AvsRunner    *runner,
                                        GCancellable *cancellable,
                                        GError      **error);

/* The canonical root on disk ("/" for the live system). */
const char      *avs_host_get_root     (AvsHost      *self);
/* Whether the root is "/", so processes, kernel modules and commands describe this machine. */
gboolean         avs_host_is_live      (AvsHost      *self);

/* The path after following symlinks inside the root, as seen from the root
 * ("/opt/kaspersky/kesl" → "/var/opt/kaspersky/kesl/install_12.1.0/opt/kaspersky/kesl"). With
 * @follow FALSE the last component is not followed. The object need not exist past the last
 * existing directory: a missing last component gives its would-be path. */
char            *avs_host_resolve      (AvsHost      *self,
                                        const char   *path,
                                        gboolean      follow,
                                        GError      **error);
/* The same, as a path on the disk of this machine (root prefix added), for handing to another
 * program such as `rpm --dbpath` or `certutil -d`. */
char            *avs_host_disk_path    (AvsHost      *self,
                                        const char   *path,
                                        GError      **error);

/* What @path is. MISSING is not an error; a denied, escaping or looping path is. @out_stat may
 * be NULL. */
AvsHostFileType  avs_host_query        (AvsHost      *self,
                                        const char   *path,
                                        gboolean      follow,
                                        GStatBuf     *out_stat,
                                        GError      **error);
/* Convenience: whether @path exists (following links); FALSE also on any error. */
gboolean         avs_host_exists       (AvsHost      *self,
                                        const char   *path);

/* The raw target of the symlink @path (its directory is resolved; the link is not followed). */
char            *avs_host_read_link    (AvsHost      *self,
                                        const char   *path,
                                        GError      **error);

/* The content of the regular file @path, at most @max_size bytes (else TOO_LARGE). */
GBytes          *avs_host_read_bytes   (AvsHost      *self,
                                        const char   *path,
                                        gsize         max_size,
                                        GError      **error);
/* The same, NUL-terminated (the text itself may hold NUL bytes; @length says where it ends). */
char            *avs_host_read_text    (AvsHost      *self,
                                        const char   *path,
                                        gsize         max_size,
                                        gsize        *length,
                                        GError      **error);

/* The names in directory @path, sorted, without "." and "..". */
GStrv            avs_host_list_dir     (AvsHost      *self,
                                        const char   *path,
                                        GError      **error);

/* Helpers for callers that build not-checked entries. */
gboolean         avs_host_error_needs_admin (const GError *error);

G_END_DECLS
