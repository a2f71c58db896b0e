/* avs-scanner-private.h — the scanner's inside: its files share one scan's state, and the fuzz
 * targets reach single parsing steps
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * AvsScanner is one object in several files, one per evidence family: avs-scanner.c (the object,
 * the order of the steps, putting findings together), -packages.c, -files.c, -certificates.c,
 * -browsers.c, -windows.c and -details.c. What they share is declared here, with a leading
 * underscore; nothing outside src/core/avs-scanner*.c and tests/fuzz includes this header.
 *
 * The program runs whole scans (avs_scanner_scan_sync()). The fuzz targets in tests/fuzz reach
 * each parser of the scanned machine's files on its own, so that millions of hostile inputs per
 * hour go through the same code a root scan runs, without the cost of the other steps.
 */

#pragma once

#include "avs-scanner.h"

G_BEGIN_DECLS

typedef enum
{
  AVS_SCANNER_STEP_OS_RELEASE,        /* /etc/os-release under the root */
  AVS_SCANNER_STEP_DPKG,              /* /var/lib/dpkg/status */
  AVS_SCANNER_STEP_RPM_QUERY,         /* @arg: the output of `rpm -qa --qf …` */
  AVS_SCANNER_STEP_PACMAN,            /* /var/lib/pacman/local/<entry>/desc */
  AVS_SCANNER_STEP_CHROMIUM_PROFILE,  /* @arg: a profile folder (Preferences, Secure Preferences) */
  AVS_SCANNER_STEP_FIREFOX_PROFILE,   /* @arg: a profile folder (extensions.json) */
  AVS_SCANNER_STEP_CERTIFICATES,      /* the system's certificate folders and bundles */
  AVS_SCANNER_STEP_INI,               /* @arg: ini text, as the version files and profiles.ini */
} AvsScannerStep;

/* Runs one step over the scanner's root, then puts the findings together as a scan does. */
AvsScanResult *avs_scanner_run_step (AvsScanner     *self,
                                     AvsScannerStep  step,
                                     const char     *arg);

/* The scanner's inside -------------------------------------------------------------------------
 * Shared by the avs-scanner*.c files only. */

/* Commands the scan runs (rpm, certutil) must not hang it. */
#define AVS_SCAN_COMMAND_TIMEOUT_MS (60 * 1000)

/* What one rule product has shown so far. */
typedef struct
{
  AvsRuleProduct *rule;
  AvsFinding     *finding;       /* created with the first strong evidence */
  GPtrArray      *weak;          /* AvsEvidence waiting for a strong one */
  gboolean        has_package;
  gboolean        has_install;
  gboolean        running;
  char           *package_version;
} AvsScanProduct;

/* One scan: created per run, used from the worker thread only. */
typedef struct
{
  AvsScanner    *scanner;      /* owned */
  AvsHost       *host;
  AvsRunner     *runner;
  AvsRules      *rules;
  AvsScanResult *result;       /* owned */
  GCancellable  *cancellable;
  GMainContext  *context;      /* where progress goes; NULL = emit directly */
  GPtrArray     *products;     /* AvsScanProduct, in rule order */
  GHashTable    *seen_files;   /* resolved paths of certificate files already read */
  GHashTable    *subjects;     /* PEM block → subject ("" when unparsable): bundles repeat anchors */
  GPtrArray     *homes;        /* char*: home directories as seen from the root */
  GBytes        *nss_key_db;   /* an empty NSS key database, made on first use */
  gboolean       live;         /* processes, modules and klnagchk describe this root */
} AvsScan;

/* The requested home folders (avs_scanner_set_homes()), NULL to discover them. */
const char * const *_avs_scanner_get_homes (AvsScanner *self);

/* avs-scanner.c: the scan's progress, its "could not check" entries, evidence, small parsers */
gboolean _avs_scan_cancelled (AvsScan *scan);
void _avs_scan_progress (AvsScan    *scan,
                         double      fraction,
                         const char *step);
void _avs_scan_not_checked (AvsScan    *scan,
                            const char *what,
                            const char *reason,
                            const char *path,
                            gboolean    needs_admin);
void _avs_scan_note (AvsScan    *scan,
                     const char *what,
                     const char *reason,
                     const char *path);
void _avs_scan_not_checked_error (AvsScan      *scan,
                                  const char   *what,
                                  const GError *error,
                                  const char   *path);
void _avs_scan_evidence (AvsScan         *scan,
                         AvsScanProduct  *product,
                         AvsRuleSignal   *signal,
                         AvsEvidenceKind  kind,
                         const char      *value,
                         const char      *detail);
char *_avs_scan_ini_value (const char *text,
                           const char *section,
                           const char *key);
char *_avs_scan_first_line (const char *text);
gboolean _avs_scan_lists_vendor_path (AvsScan    *scan,
                                      const char *text,
                                      gboolean    add_slash);
gboolean _avs_scan_vendor_matches (AvsScan    *scan,
                                   const char *field);

/* avs-scanner-packages.c */
void _avs_scan_dpkg (AvsScan *scan);
void _avs_scan_rpm (AvsScan *scan);
void _avs_scan_rpm_read_query (AvsScan    *scan,
                               const char *out,
                               const char *root,
                               const char *dbpath);
void _avs_scan_pacman (AvsScan *scan);

/* avs-scanner-files.c */
void _avs_scan_expand_path (AvsScan     *scan,
                            const char  *base,
                            char       **parts,
                            GPtrArray   *out,
                            const char  *what);
gboolean _avs_scan_check_path (AvsScan         *scan,
                               AvsScanProduct  *product,
                               AvsRuleSignal   *signal,
                               const char      *path,
                               AvsEvidenceKind  file_kind);
void _avs_scan_paths (AvsScan *scan);
void _avs_scan_shared_paths (AvsScan *scan);
void _avs_scan_units (AvsScan *scan);
void _avs_scan_groups (AvsScan *scan);
void _avs_scan_processes (AvsScan *scan);
void _avs_scan_kernel_modules (AvsScan *scan);

/* avs-scanner-certificates.c */
void _avs_scan_certificates (AvsScan *scan);
void _avs_scan_nss_db (AvsScan    *scan,
                       const char *dir,
                       gboolean   *certutil_checked,
                       gboolean   *have_certutil);

/* avs-scanner-browsers.c */
void _avs_scan_homes (AvsScan *scan,
                      double   from,
                      double   to);
void _avs_scan_chromium_profile (AvsScan    *scan,
                                 const char *profile);
void _avs_scan_firefox_profile (AvsScan    *scan,
                                const char *profile);

/* avs-scanner-windows.c */
void _avs_scan_windows (AvsScan *scan);

/* avs-scanner-details.c */
void _avs_scan_find_version (AvsScan        *scan,
                             AvsScanProduct *product);
void _avs_scan_find_signatures (AvsScan        *scan,
                                AvsScanProduct *product);
char *_avs_scan_find_management_server (AvsScan        *scan,
                                        AvsScanProduct *product);

G_END_DECLS
