/* avs-scan-result.h — what a scan found: findings per product, evidence, what could not be checked
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This is the contract between the scanner (which fills it), and the explanation, the catalog
 * ranking, the removal plan, the report and the UI (which read it). It round-trips through the
 * documented JSON document "avswitch-scan/1" (docs/detection.md), so `avswitch scan --json`
 * output can be fed back with `--scan FILE` / `--for-scan FILE`.
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define AVS_SCAN_SCHEMA "avswitch-scan/1"

/* Product ids used everywhere (rules, plan, report, UI). */
#define AVS_PRODUCT_KESL                 "kesl"
#define AVS_PRODUCT_KESL_GUI             "kesl-gui"
#define AVS_PRODUCT_NETWORK_AGENT        "network-agent"
#define AVS_PRODUCT_KAV4FS               "kav4fs"
#define AVS_PRODUCT_KAV4WS               "kav4ws"
#define AVS_PRODUCT_KLMS                 "klms"
#define AVS_PRODUCT_KWTS                 "kwts"
#define AVS_PRODUCT_KICS                 "kics"
#define AVS_PRODUCT_KESS                 "kess"
#define AVS_PRODUCT_SCAN_ENGINE          "scan-engine"
#define AVS_PRODUCT_KASPERSKY_FOR_LINUX  "kaspersky-for-linux"
#define AVS_PRODUCT_KVRT                 "kvrt"
#define AVS_PRODUCT_PROTECTION_EXTENSION "protection-extension"
#define AVS_PRODUCT_HTTPS_ROOT_CA        "https-root-ca"
#define AVS_PRODUCT_WINDOWS_INSTALLATION "windows-installation"

/* The kinds of evidence. JSON uses the lower-case, dash-separated nick ("kernel-module"). */
typedef enum
{
  AVS_EVIDENCE_PACKAGE,            /* value: package name;   detail: "dpkg" | "rpm" | "pacman" */
  AVS_EVIDENCE_FILE,               /* value: absolute path (as seen from the scanned root) */
  AVS_EVIDENCE_DIRECTORY,          /* value: absolute path */
  AVS_EVIDENCE_SYMLINK,            /* value: path;           detail: its target (never followed out of the root) */
  AVS_EVIDENCE_UNIT,               /* value: unit name;      detail: path of the unit file */
  AVS_EVIDENCE_INIT_SCRIPT,        /* value: path under /etc/init.d */
  AVS_EVIDENCE_GROUP,              /* value: group name (from /etc/group) */
  AVS_EVIDENCE_PROCESS,            /* value: process name;   detail: pid */
  AVS_EVIDENCE_KERNEL_MODULE,      /* value: module name (loaded, or a .ko file path in detail) */
  AVS_EVIDENCE_CERTIFICATE,        /* value: certificate subject; detail: anchor file or bundle path */
  AVS_EVIDENCE_NSS_CERTIFICATE,    /* value: certificate nickname; detail: NSS database directory */
  AVS_EVIDENCE_BROWSER_EXTENSION,  /* value: extension id;   detail: profile directory */
  AVS_EVIDENCE_REPOSITORY,         /* value: repository file path */
  AVS_EVIDENCE_CONFIG,             /* value: a setting read from a file ("Administration Server address: …"); detail: file */
  AVS_EVIDENCE_WINDOWS_INSTALL,    /* value: path of the installation on a mounted Windows volume */
} AvsEvidenceKind;

const char *avs_evidence_kind_to_string   (AvsEvidenceKind  kind);
gboolean    avs_evidence_kind_from_string (const char      *string,
                                           AvsEvidenceKind *out_kind);
/* What both faces call the kind ("Installed package", "Folder"…), translated. */
const char *avs_evidence_kind_to_label    (AvsEvidenceKind  kind);

typedef struct
{
  AvsEvidenceKind  kind;
  char            *value;
  char            *detail;   /* may be NULL */
} AvsEvidence;

AvsEvidence *avs_evidence_new   (AvsEvidenceKind  kind,
                                 const char      *value,
                                 const char      *detail);
AvsEvidence *avs_evidence_copy  (const AvsEvidence *evidence);
/* Adds {"kind", "value", "detail"} to @builder, as every document writes evidence. */
void         avs_evidence_add_to_builder (const AvsEvidence *evidence,
                                          JsonBuilder       *builder);
void         avs_evidence_free  (AvsEvidence     *evidence);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AvsEvidence, avs_evidence_free)

/* How a product is present. JSON nicks: "installed", "files-only", "leftovers". */
typedef enum
{
  AVS_INSTALL_STATE_INSTALLED,     /* a package manager knows it */
  AVS_INSTALL_STATE_FILES_ONLY,    /* files of a working installation, but no package (tarball, .run, copied) */
  AVS_INSTALL_STATE_LEFTOVERS,     /* traces of a removal that was not finished */
} AvsInstallState;

const char *avs_install_state_to_string   (AvsInstallState  state);
gboolean    avs_install_state_from_string (const char      *string,
                                           AvsInstallState *out_state);
/* What both faces call the state ("Installed as a package"…), translated. */
const char *avs_install_state_to_label    (AvsInstallState  state);

#define AVS_TYPE_FINDING (avs_finding_get_type ())
G_DECLARE_FINAL_TYPE (AvsFinding, avs_finding, AVS, FINDING, GObject)

AvsFinding      *avs_finding_new                    (const char      *product_id,
                                                     const char      *name);
const char      *avs_finding_get_product_id         (AvsFinding      *self);
const char      *avs_finding_get_name               (AvsFinding      *self);
const char      *avs_finding_get_version            (AvsFinding      *self);
void             avs_finding_set_version            (AvsFinding      *self,
                                                     const char      *version);
AvsInstallState  avs_finding_get_state              (AvsFinding      *self);
void             avs_finding_set_state              (AvsFinding      *self,
                                                     AvsInstallState  state);
/* What both faces call the finding, with the version when known ("Installed program, version
 * 11.2.0-4528", "Trusted root certificate"): avs_finding_describe_kind(), translated. */
char            *avs_finding_describe_state         (AvsFinding      *self);
gboolean         avs_finding_get_running            (AvsFinding      *self);
void             avs_finding_set_running            (AvsFinding      *self,
                                                     gboolean         running);
/* Centrally managed: a Network Agent is present (set on every finding of a managed machine). */
gboolean         avs_finding_get_managed            (AvsFinding      *self);
void             avs_finding_set_managed            (AvsFinding      *self,
                                                     gboolean         managed);
const char      *avs_finding_get_management_server  (AvsFinding      *self);
void             avs_finding_set_management_server  (AvsFinding      *self,
                                                     const char      *server);
/* When the signature databases were last updated, where files show it; NULL if unknown. */
GDateTime       *avs_finding_get_signatures_updated (AvsFinding      *self);
void             avs_finding_set_signatures_updated (AvsFinding      *self,
                                                     GDateTime       *when);
/* Every piece of evidence, in the order found (element type AvsEvidence). */
GPtrArray       *avs_finding_get_evidence           (AvsFinding      *self);
void             avs_finding_add_evidence           (AvsFinding      *self,
                                                     AvsEvidenceKind  kind,
                                                     const char      *value,
                                                     const char      *detail);
/* Convenience: the values of every evidence of @kind (NULL-terminated, maybe empty). */
char           **avs_finding_dup_values             (AvsFinding      *self,
                                                     AvsEvidenceKind  kind);
/* Whether evidence of @kind (and, unless @value is NULL, with that value) was found. */
gboolean         avs_finding_has_evidence           (AvsFinding      *self,
                                                     AvsEvidenceKind  kind,
                                                     const char      *value);

/* Something the scan could not check, and why (both translated, whole sentences).
 *
 * Most entries are gaps: a place where Kaspersky software could hide and the scan did not look,
 * so the result cannot be "clean". A few are notes: information about the scan that hides
 * nothing (a disk scanned with --root has no running programs; a package with a Kaspersky-like
 * name was set aside because it is not Kaspersky's). Notes are shown, but they leave a clean
 * scan clean. */
typedef struct
{
  char *what;     /* "Firefox profiles of other users" */
  char *reason;   /* "No permission to read /home/alice." */
  char *path;     /* the path or command concerned, may be NULL */
  gboolean needs_admin;  /* scanning as administrator would check it */
  gboolean note;         /* information only, not a gap (see above) */
} AvsNotChecked;

AvsNotChecked *avs_not_checked_new  (const char *what,
                                     const char *reason,
                                     const char *path,
                                     gboolean    needs_admin);
/* A note: shown with the other entries, but not a gap. */
AvsNotChecked *avs_not_checked_new_note (const char *what,
                                         const char *reason,
                                         const char *path);
void           avs_not_checked_free (AvsNotChecked *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AvsNotChecked, avs_not_checked_free)

/* The operating system of the scanned root, from its os-release. */
typedef struct
{
  char  *id;            /* "debian", "fedora", "opensuse-leap", "arch", … */
  char **id_like;       /* may be empty */
  char  *version_id;    /* may be NULL */
  char  *pretty_name;   /* may be NULL */
  char  *package_manager; /* "dpkg", "rpm" or "pacman": the one the root's databases show; may be NULL */
} AvsHostInfo;

#define AVS_TYPE_SCAN_RESULT (avs_scan_result_get_type ())
G_DECLARE_FINAL_TYPE (AvsScanResult, avs_scan_result, AVS, SCAN_RESULT, GObject)

AvsScanResult *avs_scan_result_new              (const char     *root);
const char    *avs_scan_result_get_root         (AvsScanResult  *self);
/* Whether the live system ("/") was scanned, so processes and modules were checked. */
gboolean       avs_scan_result_get_live         (AvsScanResult  *self);
void           avs_scan_result_set_live         (AvsScanResult  *self,
                                                 gboolean        live);
/* UTC, whole seconds; set to "now" by avs_scan_result_new(). */
GDateTime     *avs_scan_result_get_scanned_at   (AvsScanResult  *self);
void           avs_scan_result_set_scanned_at   (AvsScanResult  *self,
                                                 GDateTime      *when);
AvsHostInfo   *avs_scan_result_get_host         (AvsScanResult  *self);
void           avs_scan_result_set_host         (AvsScanResult  *self,
                                                 const char     *id,
                                                 const char * const *id_like,
                                                 const char     *version_id,
                                                 const char     *pretty_name,
                                                 const char     *package_manager);
/* Element type AvsFinding; in rule order. */
GPtrArray     *avs_scan_result_get_findings     (AvsScanResult  *self);
void           avs_scan_result_add_finding      (AvsScanResult  *self,
                                                 AvsFinding     *finding);
AvsFinding    *avs_scan_result_find             (AvsScanResult  *self,
                                                 const char     *product_id);
/* Element type AvsNotChecked. */
GPtrArray     *avs_scan_result_get_not_checked  (AvsScanResult  *self);
void           avs_scan_result_add_not_checked  (AvsScanResult  *self,
                                                 AvsNotChecked  *entry);
/* The three results a scan can have, the same in the window, the command line, the JSON
 * document ("outcome") and the exit status. */
typedef enum
{
  AVS_SCAN_OUTCOME_CLEAN,       /* nothing found, and everything was checked */
  AVS_SCAN_OUTCOME_FOUND,       /* Kaspersky software (or its traces) was found */
  AVS_SCAN_OUTCOME_INCOMPLETE,  /* nothing found, but some places could not be checked */
} AvsScanOutcome;

const char    *avs_scan_outcome_to_string       (AvsScanOutcome  outcome);
AvsScanOutcome avs_scan_result_get_outcome      (AvsScanResult  *self);
/* TRUE only for AVS_SCAN_OUTCOME_CLEAN: never "clean" about what was not seen. */
gboolean       avs_scan_result_is_clean         (AvsScanResult  *self);
/* Whether any finding was made (whatever could not be checked). */
gboolean       avs_scan_result_has_findings     (AvsScanResult  *self);
/* The entries of avs_scan_result_get_not_checked() that are gaps, not notes. */
guint          avs_scan_result_count_gaps       (AvsScanResult  *self);
/* Whether scanning as administrator would check one of the gaps. */
gboolean       avs_scan_result_gaps_need_admin  (AvsScanResult  *self);
gboolean       avs_scan_result_is_managed       (AvsScanResult  *self);
/* The first management server any finding names, or NULL. */
const char    *avs_scan_result_get_management_server (AvsScanResult *self);

/* The "avswitch-scan/1" document, and back (strictly validated, through avs-json). */
JsonNode      *avs_scan_result_to_json          (AvsScanResult  *self);
char          *avs_scan_result_to_data          (AvsScanResult  *self,
                                                 gsize          *length);
AvsScanResult *avs_scan_result_new_from_json    (JsonNode       *root,
                                                 GError        **error);
AvsScanResult *avs_scan_result_load_file        (const char     *path,
                                                 GError        **error);

G_END_DECLS
