/* avs-test-fixture.h — fake machines for tests, built with the real tools in a temporary folder
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An AvsFixture is a root folder (as for `avswitch scan --root DIR`) that tests fill with
 * what a real machine would hold: Debian packages built with dpkg-deb and installed with
 * `dpkg --root`, RPM packages built with rpmbuild and installed with `rpm --root --dbpath`,
 * pacman local-database entries, systemd units, SysV init scripts, groups, users and their
 * homes, CA certificates made with openssl (anchors and bundles), NSS databases filled with
 * certutil, Chromium-family and Firefox profiles, and Windows installations on mounted volumes.
 *
 * Every builder aborts the test (g_assert) when a tool fails, with the tool's output in the
 * message, so a broken fixture is never mistaken for a clean machine. Paths given to builders
 * are as seen from the root ("/opt/kaspersky/kesl"). Tools needed: dpkg-deb, dpkg, rpmbuild,
 * rpm, openssl, certutil; use avs_fixture_require() to skip a test when one is missing.
 *
 * The one package builder of the test suite: the scanner tests, the removal tests (test-apply,
 * which runs the real executor on these roots), the UI flow, the fault tests and the benchmark.
 * The temporary folder goes when the test ends (avs_test_make_tmpdir), freed or not.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _AvsFixture AvsFixture;

/* A package to build: files are created with a one-line content; symlinks are "path=target". */
typedef struct
{
  const char         *name;
  const char         *version;      /* "11.2.0-4528" (deb) or "15.1.0-11795" (rpm: version-release) */
  const char         *maintainer;   /* deb Maintainer / rpm Vendor / pacman PACKAGER; NULL: a neutral one */
  const char         *arch;         /* NULL: "amd64" for deb, "noarch" for rpm, "x86_64" for pacman */
  const char * const *files;        /* absolute paths; a path ending in "/" is an empty folder */
  const char * const *symlinks;     /* "path=target" */
  const char         *prerm;        /* deb only: a pre-removal script (e.g. one that refuses); NULL: none */
  const char * const *conffiles;    /* files (also in @files) a removal keeps: deb conffiles,
                                     * rpm %config(noreplace); NULL: none */
  const char         *depends;      /* deb only: a Depends field ("kesl"); NULL: none */
} AvsFixturePackage;

/* Creates an empty root with /etc, /var/lib and an os-release of @os_id ("debian", "fedora",
 * "opensuse-leap", "arch"); NULL gives "debian". */
AvsFixture *avs_fixture_new                (const char              *os_id);
/* Removes the whole tree (also unreadable parts). */
void        avs_fixture_free               (AvsFixture              *fixture);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AvsFixture, avs_fixture_free)

const char *avs_fixture_get_root           (AvsFixture              *fixture);
/* The fixture's temporary folder, which holds the root: a test keeps its own files beside the
 * root (outside the machine) here, and they go with the fixture. */
const char *avs_fixture_get_base           (AvsFixture              *fixture);
/* root + @path, newly allocated. */
char       *avs_fixture_path               (AvsFixture              *fixture,
                                            const char              *path);

/* Skips the current test (g_test_skip) and returns FALSE when a program is missing. */
gboolean    avs_fixture_require            (const char              *program);

/* Plain files ---------------------------------------------------------------------------------- */
void        avs_fixture_write              (AvsFixture              *fixture,
                                            const char              *path,
                                            const char              *content);
void        avs_fixture_mkdir              (AvsFixture              *fixture,
                                            const char              *path);
void        avs_fixture_symlink            (AvsFixture              *fixture,
                                            const char              *path,
                                            const char              *target);
void        avs_fixture_chmod              (AvsFixture              *fixture,
                                            const char              *path,
                                            int                      mode);

/* Accounts -------------------------------------------------------------------------------------- */
void        avs_fixture_add_group          (AvsFixture              *fixture,
                                            const char              *name);
/* Adds a passwd line and creates the home folder; returns the home as seen from the root. */
char       *avs_fixture_add_user           (AvsFixture              *fixture,
                                            const char              *name,
                                            guint                    uid);

/* Packages -------------------------------------------------------------------------------------- */
/* Builds the .deb with dpkg-deb and installs it with `dpkg --root` (no scripts run). */
void        avs_fixture_dpkg_install       (AvsFixture              *fixture,
                                            const AvsFixturePackage *package);
/* Removes a package with `dpkg -r` (its prerm runs, chrootless): its conffiles stay, and so
 * does its entry, as "deinstall ok config-files", when it had any. */
void        avs_fixture_dpkg_remove        (AvsFixture              *fixture,
                                            const char              *name);
/* Appends @count unrelated "install ok installed" entries named @prefix-N straight to the
 * status file (fast: for thousands of packages). */
void        avs_fixture_dpkg_add_unrelated (AvsFixture              *fixture,
                                            const char              *prefix,
                                            guint                    count);
/* Builds the .rpm with rpmbuild and installs it with `rpm --root R --dbpath @dbpath -i
 * --nodeps --noscripts`; @dbpath NULL means /var/lib/rpm. */
void        avs_fixture_rpm_install        (AvsFixture              *fixture,
                                            const AvsFixturePackage *package,
                                            const char              *dbpath);
/* Writes a pacman local-database entry (desc + files) and the package's files. */
void        avs_fixture_pacman_install     (AvsFixture              *fixture,
                                            const AvsFixturePackage *package);

/* Services -------------------------------------------------------------------------------------- */
/* A unit file in @dir (NULL: /usr/lib/systemd/system). */
void        avs_fixture_add_unit           (AvsFixture              *fixture,
                                            const char              *dir,
                                            const char              *name,
                                            const char              *exec_start);
void        avs_fixture_add_init_script    (AvsFixture              *fixture,
                                            const char              *name);

/* Certificates ---------------------------------------------------------------------------------- */
/* A self-signed CA made by openssl, written as PEM to @path in the root; @subject in openssl
 * form ("/C=RU/O=AO Kaspersky Lab/CN=Kaspersky Anti-Virus Personal Root Certificate"). */
void        avs_fixture_add_ca             (AvsFixture              *fixture,
                                            const char              *path,
                                            const char              *subject);
/* The PEM text of a new self-signed CA (not written into the root). */
char       *avs_fixture_make_ca_pem        (AvsFixture              *fixture,
                                            const char              *subject);
/* Creates (if needed) an NSS database in folder @dir of the root and adds a trusted CA. */
void        avs_fixture_nss_add_ca         (AvsFixture              *fixture,
                                            const char              *dir,
                                            const char              *nickname,
                                            const char              *subject);

/* Browsers -------------------------------------------------------------------------------------- */
/* A Chromium-family profile (@browser_dir under ~/.config, e.g. "google-chrome"; @profile
 * "Default") holding extension @extension_id (NULL: none) as an Extensions/<id>/<ver> folder
 * when @as_folder, else only in Preferences. Returns the profile path. */
char       *avs_fixture_chromium_profile   (AvsFixture              *fixture,
                                            const char              *home,
                                            const char              *browser_dir,
                                            const char              *profile,
                                            const char              *extension_id,
                                            gboolean                 as_folder);
/* A Firefox profile under ~/.mozilla/firefox with @extension_id (NULL: none) in
 * extensions.json and as extensions/<id>.xpi. Returns the profile path. */
char       *avs_fixture_firefox_profile    (AvsFixture              *fixture,
                                            const char              *home,
                                            const char              *profile,
                                            const char              *extension_id);

/* Windows --------------------------------------------------------------------------------------- */
/* "<volume>/Program Files/Kaspersky Lab/<product>/avp.exe" (e.g. volume "/media/alice/WIN"). */
void        avs_fixture_windows_install    (AvsFixture              *fixture,
                                            const char              *volume,
                                            const char              *program_files,
                                            const char              *product);

/* Runs a command (argv) and asserts success; returns its stdout. */
char       *avs_fixture_run                (const char * const      *argv);

G_END_DECLS
