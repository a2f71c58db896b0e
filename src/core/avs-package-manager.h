/* avs-package-manager.h — what AV Switch knows about dpkg, rpm and pacman, in one place
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scanner, the plan and the executor all need to know, for each package manager, where its
 * database lives under a root, which commands list, query, remove and purge a package, and which
 * front-ends install over it. This module is the only place that knows; callers hold an
 * AvsPackageManager and never spell "dpkg", "rpm" or "pacman" themselves.
 *
 * Contract for callers:
 * - The names ("dpkg", "rpm", "pacman") are the ones the scan and plan JSON documents use, so
 *   avs_package_manager_to_string() and _from_string() must never change them.
 * - The argv builders return exactly what the plan has always emitted (golden plans in
 *   tests/data/plans stay byte-identical): on "/" the bare program, under another root the
 *   options that make it act on that root. Every argv ends the options with "--" before package
 *   names, so a hostile name cannot become an option.
 * - @rpm_dbpath is rpm's database as seen from inside the root ("/var/lib/rpm" or
 *   "/usr/lib/sysimage/rpm"); NULL means the first of avs_package_manager_get_db_paths(). The
 *   other managers ignore it.
 * - Nothing here touches the machine except avs_package_manager_detect(), which reads through
 *   AvsHost like every other read of a scanned root.
 */

#pragma once

#include <glib.h>

#include "avs-host.h"

G_BEGIN_DECLS

typedef enum
{
  AVS_PACKAGE_MANAGER_NONE,     /* unknown, or no package database found */
  AVS_PACKAGE_MANAGER_DPKG,
  AVS_PACKAGE_MANAGER_RPM,
  AVS_PACKAGE_MANAGER_PACMAN,
} AvsPackageManager;

/* The name in JSON documents and messages: "dpkg", "rpm", "pacman"; NULL for NONE. */
const char        *avs_package_manager_to_string      (AvsPackageManager  manager);
/* FALSE (and @out_manager untouched) for NULL or an unknown name. */
gboolean           avs_package_manager_from_string    (const char        *string,
                                                       AvsPackageManager *out_manager);
/* NONE for NULL or an unknown name. */
AvsPackageManager  avs_package_manager_parse          (const char        *string);

/* Where the database lives, as seen from the root ---------------------------------------------
 * The folder the manager's --admindir/--dbpath options name: "/var/lib/dpkg", "/var/lib/rpm",
 * "/var/lib/pacman". */
const char        *avs_package_manager_get_db_dir     (AvsPackageManager  manager);
/* The paths whose presence shows the manager keeps packages on a root, in the order the scanner
 * reads them: dpkg's status file; rpm's two database folders (Fedora links one to the other);
 * pacman's local database. An empty vector for NONE. */
const char * const *avs_package_manager_get_db_paths  (AvsPackageManager  manager);

/* The lock file the manager takes inside its database folder before it changes anything, as
 * seen from the root: "/var/lib/dpkg/lock", "@rpm_dbpath/.rpm.lock", "/var/lib/pacman/db.lck".
 * Under another root the kernel follows a link at that folder or above it out of the root (an
 * absolute link resolves against this computer's "/"), so `dpkg --root` would change this
 * computer's database: a --root plan guards this path with AVS_CHECK_PATH_SAFE, which looks at
 * every folder above it, the database folder included. NULL for NONE. */
char              *avs_package_manager_dup_lock_path  (AvsPackageManager  manager,
                                                       const char        *rpm_dbpath);

/* dpkg's status file and the file list of one installed package ("/var/lib/dpkg/info/NAME.list";
 * @name may carry ":ARCH"). */
#define AVS_DPKG_STATUS_PATH  "/var/lib/dpkg/status"
#define AVS_DPKG_INFO_DIR     "/var/lib/dpkg/info"
/* pacman's local database: one folder "NAME-VERSION-RELEASE" per package with "desc", "files". */
#define AVS_PACMAN_LOCAL_DIR  "/var/lib/pacman/local"

/* The manager whose database the root holds: dpkg, then rpm, then pacman (a Debian machine with
 * rpm installed has an rpm folder too, but dpkg owns it). NONE when there is none. */
AvsPackageManager  avs_package_manager_detect         (AvsHost           *host);

/* Commands -------------------------------------------------------------------------------------
 * All return a NULL-terminated argv to free with g_strfreev(). */

/* The program that removes packages, as named in the plan's text: "dpkg", "rpm", "pacman". */
const char        *avs_package_manager_get_program    (AvsPackageManager  manager);

/* Appends the manager's program and its root options to @argv (a GPtrArray of g_free'd strings):
 * the query program (dpkg-query for dpkg) when @query, else the one that changes the system. */
void               avs_package_manager_add_prefix     (AvsPackageManager  manager,
                                                       const char        *root,
                                                       const char        *rpm_dbpath,
                                                       gboolean           query,
                                                       GPtrArray         *argv);

/* Asks whether @package is installed: exit status 0 if the database knows it, 1 if not; dpkg
 * prints its state (see avs_package_manager_parse_query()). */
char             **avs_package_manager_dup_query_argv (AvsPackageManager  manager,
                                                       const char        *root,
                                                       const char        *rpm_dbpath,
                                                       const char        *package);

/* Removes exactly @package, keeping its configuration (dpkg --remove, rpm --erase,
 * pacman --remove --noconfirm). */
char             **avs_package_manager_dup_remove_argv (AvsPackageManager  manager,
                                                        const char        *root,
                                                        const char        *rpm_dbpath,
                                                        const char        *package);

/* Makes the manager forget removed packages whose configuration it still records. Only dpkg
 * keeps such records; NULL for the others (they have nothing to purge). */
gboolean           avs_package_manager_has_purge      (AvsPackageManager  manager);
char             **avs_package_manager_dup_purge_argv (AvsPackageManager   manager,
                                                       const char         *root,
                                                       const char * const *packages);

/* What the scanner runs to read a database that only its program can read, with the output
 * format rpm_read_query() parses ("NAME\tVERSION-RELEASE\tVENDOR\tPACKAGER\n"). Only rpm needs a
 * program: dpkg's and pacman's databases are text files the scanner reads itself (faster, and no
 * program from the scanned disk runs). NULL for the others. Always names --root and --dbpath:
 * Debian's rpm would otherwise read ~/.rpmdb. */
char             **avs_package_manager_dup_list_argv  (AvsPackageManager  manager,
                                                       const char        *root,
                                                       const char        *rpm_dbpath);
/* The files of one installed package, one absolute path a line (rpm only; NULL otherwise). */
char             **avs_package_manager_dup_files_argv (AvsPackageManager  manager,
                                                       const char        *root,
                                                       const char        *rpm_dbpath,
                                                       const char        *package);

typedef enum
{
  AVS_PACKAGE_QUERY_NOT_INSTALLED,   /* unknown to the database, or dpkg's "not-installed" */
  AVS_PACKAGE_QUERY_INSTALLED,
  AVS_PACKAGE_QUERY_CONFIG_FILES,    /* dpkg: removed, its configuration still recorded */
  AVS_PACKAGE_QUERY_OTHER,           /* dpkg: half-installed, unpacked, … */
} AvsPackageQuery;

/* Reads the answer of a query argv that exited with @exit_status 0 or 1; @output is its standard
 * output (dpkg's state word; whitespace around it is ignored). */
AvsPackageQuery    avs_package_manager_parse_query    (AvsPackageManager  manager,
                                                       int                exit_status,
                                                       const char        *output);

/* Front-ends -----------------------------------------------------------------------------------
 * The programs that install from the distribution's repositories over a manager, by the names
 * AvsPackageFrontend's nicks and the catalog's package keys use: dpkg → "apt"; rpm → "dnf", "yum",
 * "zypper"; pacman → "pacman". An empty vector for NONE. */
const char * const *avs_package_manager_get_frontends (AvsPackageManager  manager);
/* The manager under a front-end name; NONE for an unknown one ("auto", "none" included). */
AvsPackageManager  avs_package_manager_for_frontend   (const char        *frontend);
/* Installs @packages with front-end @frontend ("apt", "dnf", "yum", "zypper", "pacman"),
 * answering yes, as the plan's replacement step runs it; NULL for an unknown front-end. */
char             **avs_package_manager_dup_install_argv (const char         *frontend,
                                                         const char * const *packages);

G_END_DECLS
