/* avs-host-private.h — what avs-host.c and avs-host-view.c share, and the sandbox view's test
 * hook
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing outside src/core/avs-host*.c and the tests includes this header. The shipped programs
 * make the sandbox view only through avs_host_new_live(), which always looks at the real
 * sandbox ("/", "/.flatpak-info" and the user's home); _avs_host_new_sandbox_view() lets a test
 * point the same code at a fake sandbox tree. It is a C function, not an environment variable
 * or an option, so nothing a user controls can move the view's root in production.
 */

#pragma once

#include "avs-host.h"

G_BEGIN_DECLS

/* The mounts of a sandbox view: owned by its AvsHost (avs-host-view.c). */
typedef struct _AvsHostView AvsHostView;

void      _avs_host_view_free          (AvsHostView   *view);
/* A new O_PATH descriptor of the directory the view shows at @path ("/opt", "/var"), or -1 when
 * @path is neither a mount nor a folder above one (then the walk looks in its parent as usual). */
int       _avs_host_view_open          (AvsHostView   *view,
                                        const char    *path);
/* Adds the mounts and folders the view shows directly inside @path to @names (no duplicates). */
void      _avs_host_view_add_children  (AvsHostView   *view,
                                        const char    *path,
                                        GPtrArray     *names);
/* Whether @path is inside something the sandbox does not show (not under /etc, /usr, … nor a
 * mount, or under a folder whose permission is off): reading it can only say "missing". */
gboolean  _avs_host_view_hides         (AvsHostView   *view,
                                        const char    *path);
GPtrArray *_avs_host_view_get_unseen   (AvsHostView   *view);
const char *_avs_host_view_get_ps      (AvsHostView   *view);
gboolean  _avs_host_view_can_spawn     (AvsHostView   *view);

/* avs-host.c: an AvsHost whose root is @root_dir on disk (the sandbox's /run/host), reported as
 * "/" (it describes the running computer), with @view's mounts over it. Takes @view. */
AvsHost  *_avs_host_new_with_view      (const char    *root_dir,
                                        AvsHostView   *view,
                                        GError       **error);
AvsHostView *_avs_host_get_view        (AvsHost       *self);

/* The sandbox view for tests: @sandbox_root stands for the sandbox's "/" (its run/host, opt,
 * var/lib/dpkg…), @flatpak_info for /.flatpak-info, @home for the user's home as the sandbox
 * names it. avs_host_new_live() calls it with "/", "/.flatpak-info" and g_get_home_dir(). */
AvsHost  *_avs_host_new_sandbox_view   (const char    *sandbox_root,
                                        const char    *flatpak_info,
                                        const char    *home,
                                        GError       **error);

G_END_DECLS
