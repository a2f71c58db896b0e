/* avs-plan.h — the removal and replacement plan: ordered steps built from a scan
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plan is built from an AvsScanResult (what was found, on which distribution, under which
 * root) and a few options (the replacement chosen from the catalog, how to install it, the stamp
 * that names the backup archive). Building reads nothing but the scan and, through AvsHost
 * like the scanner, for a --root scan which rpm database exists, and on the running system who
 * owns each NSS database and the folders above it. The same inputs always give the same plan;
 * a run resumed after a reboot plans again from a fresh scan of the machine (avs-executor.h),
 * never from a saved plan that could have been edited.
 *
 * Every command is an argv built here from values that passed avs-validate.h; nothing goes
 * through a shell. Values that fail a check never become a command: they are listed in a manual
 * step with the reason.
 *
 * AvsPlan is a GListModel of AvsPlanStep, in the order they must run.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "avs-scan-result.h"

G_BEGIN_DECLS

#define AVS_PLAN_SCHEMA "avswitch-plan/1"

#define AVS_PLAN_ERROR (avs_plan_error_quark ())

typedef enum
{
  AVS_PLAN_ERROR_INVALID,        /* a value (package name, path, id, URL) failed its check */
  AVS_PLAN_ERROR_UNSUPPORTED,    /* nothing this program knows how to plan for */
} AvsPlanError;

GQuark avs_plan_error_quark (void);

typedef enum
{
  AVS_STEP_KIND_AUTOMATIC,   /* the executor runs its commands, after the user confirmed them */
  AVS_STEP_KIND_MANUAL,      /* the user does it; the explanation says exactly how */
} AvsStepKind;

/* What a step does. JSON nicks in avs_step_type_to_string(). */
typedef enum
{
  AVS_STEP_MANAGED,              /* stop: the machine is centrally managed (blocking) */
  AVS_STEP_STOP_SERVICES,        /* systemctl stop / init script stop (live system only) */
  AVS_STEP_REMOVE_PACKAGE,       /* one package, in the safe order */
  AVS_STEP_BACKUP,               /* pack everything later steps delete into a root-only archive */
  AVS_STEP_REMOVE_LEFTOVERS,     /* allow-listed Kaspersky paths, groups, repository entries */
  AVS_STEP_PURGE_RECORDS,        /* dpkg: forget the removed packages' configuration records */
  AVS_STEP_MANUAL_FILES,         /* Kaspersky files outside the allow-list: the user decides */
  AVS_STEP_REMOVE_CERTIFICATES,  /* system trust-store anchors, then the store's update tool */
  AVS_STEP_MANUAL_CERTIFICATES,  /* certificates only seen inside a bundle */
  AVS_STEP_REMOVE_NSS_CERTIFICATES, /* certutil -D, as the owner of each database */
  AVS_STEP_BROWSER_EXTENSIONS,   /* manual: exactly where to click */
  AVS_STEP_WINDOWS,              /* manual: Kaspersky on a mounted Windows volume */
  AVS_STEP_REBOOT,               /* manual: a kernel component or a process remains */
  AVS_STEP_INSTALL_REPLACEMENT,  /* Flatpak, distribution packages, GNOME Software or vendor page */
  AVS_STEP_VERIFY,               /* a fresh scan; the plan is complete when nothing removed remains */
} AvsStepType;

const char *avs_step_type_to_string   (AvsStepType  type);
gboolean    avs_step_type_from_string (const char  *string,
                                       AvsStepType *out_type);

typedef struct _AvsPlanCheck AvsPlanCheck;

/* One command: an argv (never a shell string) and whether it needs administrator rights. */
typedef struct
{
  char         **argv;
  gboolean       needs_admin;
  AvsPlanCheck  *skip_if;   /* the executor skips the command when this already holds; may be NULL */
} AvsPlanCommand;

AvsPlanCommand *avs_plan_command_new     (const char * const *argv,
                                          gboolean            needs_admin);
void            avs_plan_command_free    (AvsPlanCommand     *command);
/* The argv as one line for people: each argument quoted with g_shell_quote() when needed. */
char           *avs_plan_command_to_string (const AvsPlanCommand *command);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AvsPlanCommand, avs_plan_command_free)

/* A condition the executor checks itself, before (pre) or after (post) a step's commands. */
typedef enum
{
  AVS_CHECK_PACKAGE_REMOVED,     /* value: package; not installed (dpkg "config-files" counts as removed) */
  AVS_CHECK_PACKAGE_PURGED,      /* value: package; the package database does not know it at all */
  AVS_CHECK_PACKAGE_INSTALLED,   /* value: package */
  AVS_CHECK_PATH_ABSENT,         /* value: path as seen on the scanned system; nothing there (not even a link) */
  AVS_CHECK_PATH_SAFE,           /* value: path; under a --root, no directory above it (below the root) is a
                                  * symbolic link (the kernel would resolve it outside the root); always
                                  * holds on the running system */
  AVS_CHECK_FLATPAK_INSTALLED,   /* value: Flatpak application id, per-user or system-wide */
  AVS_CHECK_GROUP_ABSENT,        /* value: group name; not in the scanned system's /etc/group */
} AvsCheckKind;

const char *avs_check_kind_to_string (AvsCheckKind kind);

struct _AvsPlanCheck
{
  AvsCheckKind  kind;
  char         *value;
  char         *manager;   /* package checks: "dpkg", "rpm" or "pacman" (avs-package-manager.h) */
};

void  avs_plan_check_free     (AvsPlanCheck       *check);
/* A translated sentence: "The package kesl is not installed.", the value isolated
 * (avs_text_isolate). */
char *avs_plan_check_describe (const AvsPlanCheck *check);

/* ---------------------------------------------------------------------------------------------
 * A step
 * ------------------------------------------------------------------------------------------- */

#define AVS_TYPE_PLAN_STEP (avs_plan_step_get_type ())
G_DECLARE_FINAL_TYPE (AvsPlanStep, avs_plan_step, AVS, PLAN_STEP, GObject)

/* Stable across rebuilds of the same plan ("remove-kesl-gui", "leftovers", "verify"…). */
const char  *avs_plan_step_get_id            (AvsPlanStep *self);
AvsStepType  avs_plan_step_get_step_type     (AvsPlanStep *self);
AvsStepKind  avs_plan_step_get_kind          (AvsPlanStep *self);
/* Translated, one line. */
const char  *avs_plan_step_get_title         (AvsPlanStep *self);
/* Translated, one paragraph: what, why, and for manual steps exactly how. Where the order or the
 * command is an inference of the facts rather than a documented Kaspersky procedure, it says so. */
const char  *avs_plan_step_get_explanation   (AvsPlanStep *self);
/* Whether the explanation flags an inference (the UI may show a badge). */
gboolean     avs_plan_step_get_inference     (AvsPlanStep *self);
/* A manual step that stops the run until the user explicitly chooses to continue anyway. */
gboolean     avs_plan_step_get_blocking      (AvsPlanStep *self);
/* Whether any command needs administrator rights. */
gboolean     avs_plan_step_get_needs_admin   (AvsPlanStep *self);
/* Element type AvsPlanCommand; empty for manual steps and the verify step. */
GPtrArray   *avs_plan_step_get_commands      (AvsPlanStep *self);
/* Element type AvsPlanCheck. */
GPtrArray   *avs_plan_step_get_preconditions (AvsPlanStep *self);
GPtrArray   *avs_plan_step_get_postconditions (AvsPlanStep *self);
/* The evidence (element type AvsEvidence) that a fresh scan must no longer find. */
GPtrArray   *avs_plan_step_get_verification  (AvsPlanStep *self);
/* For hand-overs: "appstream://ID" or the vendor's https page; else NULL. */
const char  *avs_plan_step_get_uri           (AvsPlanStep *self);
/* The products this step is about (NULL-terminated). */
const char * const *avs_plan_step_get_products (AvsPlanStep *self);

/* ---------------------------------------------------------------------------------------------
 * The replacement (a small validated view of a catalog entry)
 * ------------------------------------------------------------------------------------------- */

typedef enum
{
  AVS_REPLACEMENT_METHOD_AUTO,            /* Flatpak if it has a Flathub id, else packages, else the page */
  AVS_REPLACEMENT_METHOD_GNOME_SOFTWARE,  /* open appstream://ID in GNOME Software */
  AVS_REPLACEMENT_METHOD_FLATPAK,         /* flatpak install --user flathub ID */
  AVS_REPLACEMENT_METHOD_PACKAGES,        /* the distribution's packages */
  AVS_REPLACEMENT_METHOD_VENDOR_PAGE,     /* a commercial product: the vendor's page */
} AvsReplacementMethod;

const char *avs_replacement_method_to_string   (AvsReplacementMethod  method);
gboolean    avs_replacement_method_from_string (const char           *string,
                                                AvsReplacementMethod *out_method);

typedef struct
{
  char  *product_id;   /* catalog id */
  char  *name;         /* display name */
  char  *flathub_id;   /* may be NULL */
  char **apt;          /* Debian/Ubuntu package names, maybe empty */
  char **dnf;          /* Fedora/RHEL */
  char **zypper;       /* openSUSE/SLE */
  char **pacman;       /* Arch */
  char  *vendor_url;   /* https page, may be NULL */
} AvsReplacement;

/* Checks every value (product id, Flatpak id, package names, URL); NULL with a clear error if
 * one is refused. Empty or NULL lists are allowed. */
AvsReplacement *avs_replacement_new   (const char         *product_id,
                                       const char         *name,
                                       const char         *flathub_id,
                                       const char * const *apt,
                                       const char * const *dnf,
                                       const char * const *zypper,
                                       const char * const *pacman,
                                       const char         *vendor_url,
                                       GError            **error);
AvsReplacement *avs_replacement_copy  (const AvsReplacement *replacement);
void            avs_replacement_free  (AvsReplacement       *replacement);
JsonNode       *avs_replacement_to_json   (const AvsReplacement *replacement);
AvsReplacement *avs_replacement_from_json (JsonNode             *node,
                                           GError              **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AvsReplacement, avs_replacement_free)

typedef struct _AvsCatalogProduct AvsCatalogProduct;

/* The replacement view of a catalog entry: id, name, Flathub id, packages per tool, and as the
 * vendor page its download page, else its homepage, else its documentation. Every value is
 * checked again here, whatever the catalog parser did. Refused (AVS_PLAN_ERROR_UNSUPPORTED) for
 * entries that are not a product to install on Linux. */
AvsReplacement *avs_replacement_new_from_catalog (AvsCatalogProduct *product,
                                                  GError           **error);

/* ---------------------------------------------------------------------------------------------
 * The plan
 * ------------------------------------------------------------------------------------------- */

typedef enum
{
  AVS_PACKAGE_FRONTEND_AUTO,     /* from the scanned system's os-release */
  AVS_PACKAGE_FRONTEND_APT,
  AVS_PACKAGE_FRONTEND_DNF,
  AVS_PACKAGE_FRONTEND_YUM,
  AVS_PACKAGE_FRONTEND_ZYPPER,
  AVS_PACKAGE_FRONTEND_PACMAN,
  AVS_PACKAGE_FRONTEND_NONE,     /* unknown distribution: packages are listed, not installed */
} AvsPackageFrontend;

const char *avs_package_frontend_to_string (AvsPackageFrontend frontend);

typedef struct
{
  /* Names the backup archive ("20261127T072500Z"); NULL means the current UTC time. Kept in the
   * saved state so that a rebuilt plan names the same archive. [0-9TZ] only. */
  const char            *stamp;
  /* The replacement to install, or NULL for removal only. */
  const AvsReplacement  *replacement;
  AvsReplacementMethod   method;
  /* AUTO unless the caller knows better (tests, or a technician's --frontend). */
  AvsPackageFrontend     frontend;
} AvsPlanOptions;

#define AVS_TYPE_PLAN (avs_plan_get_type ())
G_DECLARE_FINAL_TYPE (AvsPlan, avs_plan, AVS, PLAN, GObject)

/* NULL with AVS_PLAN_ERROR only for unusable options (a bad stamp); hostile values in the scan
 * never fail the build: they end up in a manual step with the reason. */
AvsPlan            *avs_plan_new                  (AvsScanResult        *scan,
                                                   const AvsPlanOptions *options,
                                                   GError              **error);
AvsScanResult      *avs_plan_get_scan             (AvsPlan      *self);
const char         *avs_plan_get_root             (AvsPlan      *self);
const char         *avs_plan_get_stamp            (AvsPlan      *self);
AvsPackageFrontend  avs_plan_get_frontend         (AvsPlan      *self);
const AvsReplacement *avs_plan_get_replacement    (AvsPlan      *self);
AvsReplacementMethod avs_plan_get_method          (AvsPlan      *self);
/* Where the backup step writes its archive, as seen on the scanned system
 * ("/var/lib/avswitch/backup/kaspersky-STAMP.tar.gz"), and as a real path under the root. */
const char         *avs_plan_get_archive_path     (AvsPlan      *self);
char               *avs_plan_dup_archive_real_path (AvsPlan     *self);
/* A path as seen on the scanned system → the real path under the root. */
char               *avs_plan_real_path            (AvsPlan      *self,
                                                   const char   *path);
/* Values refused while building (translated sentences), also shown in the manual-files step. */
const char * const *avs_plan_get_refused          (AvsPlan      *self);
guint               avs_plan_get_n_steps          (AvsPlan      *self);
AvsPlanStep        *avs_plan_get_step             (AvsPlan      *self,
                                                   guint         position);
AvsPlanStep        *avs_plan_find_step            (AvsPlan      *self,
                                                   const char   *id);
/* Whether the plan has nothing to remove (only the verify step). */
gboolean            avs_plan_is_empty             (AvsPlan      *self);
/* Whether running @step (NULL: any step of the plan) runs package scripts of the scanned
 * system: dpkg, rpm and pacman run the maintainer scripts of what they remove, and under a
 * --root those come from the disk and run as root on this computer (chrooted into the disk,
 * which does not confine root). Never for the running system, whose scripts are its own.
 * Callers ask for explicit consent before such a step (docs/removal.md). */
gboolean            avs_plan_runs_disk_scripts    (AvsPlan      *self,
                                                   AvsPlanStep  *step);
/* The translated warning that names this risk, for a confirmation; NULL when there is none. */
char               *avs_plan_dup_disk_scripts_warning (AvsPlan  *self);

/* What the backup step will pack, to show before the user confirms it (Kaspersky's quarantine
 * may hold the user's own files): the number of files and bytes under the paths it archives,
 * and up to @max_examples file paths (as seen on the scanned system), walking without following
 * symbolic links. @out_complete is FALSE when some folder could not be read (run as
 * administrator to see everything). Blocking I/O: call it from a worker thread in the UI.
 * Without a backup step it reports nothing. */
void                avs_plan_measure_backup       (AvsPlan      *self,
                                                   guint         max_examples,
                                                   guint        *out_files,
                                                   guint64      *out_bytes,
                                                   GPtrArray   **out_examples,
                                                   gboolean     *out_complete);

/* The argv that answers a package check (for the executor). */
char              **avs_plan_dup_query_argv       (AvsPlan            *self,
                                                   const AvsPlanCheck *check);

/* The evidence of @new_scan that @step meant to remove (element type AvsEvidence, copies). */
GPtrArray          *avs_plan_step_find_remaining  (AvsPlanStep   *step,
                                                   AvsScanResult *new_scan);
/* The evidence of @new_scan that the plan meant to remove (element type AvsEvidence, copies). */
GPtrArray          *avs_plan_find_remaining       (AvsPlan       *self,
                                                   AvsScanResult *new_scan);

/* The "avswitch-plan/1" document (docs/removal.md). */
JsonNode           *avs_plan_to_json              (AvsPlan      *self);
/* A commented POSIX shell script a technician can review and run by hand. */
char               *avs_plan_to_script            (AvsPlan      *self);
/* A readable text rendering (what `avswitch plan` prints, and the golden files). */
char               *avs_plan_to_text              (AvsPlan      *self);

/* The inputs that rebuild this plan (the scan and the options) as a JSON document, and the plan
 * rebuilt from such a document (read strictly: unknown members, a bad schema or a hostile value
 * refuse it). The executor no longer uses them (resuming re-scans); they stay as the entry point
 * with which tests/test-plan.c, tests/test-apply.c and the fuzzer (tests/fuzz/fuzz-plan.c) check
 * that a plan is a function of its inputs. */
JsonNode           *avs_plan_inputs_to_json       (AvsPlan      *self);
AvsPlan            *avs_plan_new_from_inputs      (JsonNode     *inputs,
                                                   GError      **error);

G_END_DECLS
