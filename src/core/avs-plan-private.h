/* avs-plan-private.h — what the plan's files share: its structures and internal calls
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plan is one object in several files, along the seams of what it plans:
 * - avs-plan.c: the AvsPlan object, the order in which the steps are built (avs_plan_new), the
 *   steps that need no module of their own (management, services, browsers, Windows, restart,
 *   the final check) and the plan's inputs;
 * - avs-plan-steps.c: the step model: enumerations, commands, checks, AvsPlanStep, their JSON;
 * - avs-plan-packages.c: package removal, through avs-package-manager.h (dpkg, rpm, pacman);
 * - avs-plan-leftovers.c: the allow-list, the backup, the leftovers and the files left to the
 *   user, and measuring the backup;
 * - avs-plan-certificates.c: trust-store anchors, CA bundles and NSS databases;
 * - avs-plan-replacement.c: AvsReplacement and the step that installs it;
 * - avs-plan-render.c: the plan as JSON, text and a shell script.
 * Nothing outside these files includes this header.
 */

#pragma once

#include "avs-host.h"
#include "avs-package-manager.h"
#include "avs-plan.h"

G_BEGIN_DECLS

/* Where the backup step writes its archive, as seen on the scanned system. */
#define AVS_PLAN_BACKUP_DIR "/var/lib/avswitch/backup"

struct _AvsPlanStep
{
  GObject      parent_instance;

  char        *id;
  AvsStepType  type;
  AvsStepKind  kind;
  char        *title;
  char        *explanation;
  gboolean     inference;
  gboolean     blocking;
  GPtrArray   *commands;        /* AvsPlanCommand */
  GPtrArray   *preconditions;   /* AvsPlanCheck */
  GPtrArray   *postconditions;  /* AvsPlanCheck */
  GPtrArray   *verification;    /* AvsEvidence */
  char        *uri;
  GPtrArray   *products;        /* char*, NULL-terminated */
};

struct _AvsPlan
{
  GObject               parent_instance;

  AvsScanResult        *scan;
  char                 *root;
  gboolean              live;
  char                 *stamp;
  AvsPackageFrontend    frontend;
  AvsReplacement       *replacement;
  AvsReplacementMethod  method;
  char                 *archive_path;
  char                 *rpm_dbpath;     /* for --root only */
  AvsHost              *host;           /* the root, read like the scanner reads it */
  GError               *host_error;     /* why the root could not be opened */
  GPtrArray            *steps;          /* AvsPlanStep */
  GPtrArray            *refused;        /* char*, NULL-terminated */
};

typedef struct
{
  char       *name;
  AvsPackageManager manager;
  const char *product_id;
  guint       rank;      /* 0 interfaces, 1 applications, 2 Network Agent */
  guint       order;     /* discovery order */
  gboolean    removed;   /* dpkg "config-files": already removed, only its record remains */
} PlannedPackage;

typedef struct
{
  GPtrArray *targets;        /* allow-listed paths to archive and delete (as seen on the system) */
  GPtrArray *manual;         /* paths the user must decide on, with the reason */
  GPtrArray *groups;         /* allow-listed groups to delete */
  GPtrArray *anchors;        /* trust-store anchor files to delete */
  GPtrArray *tools;          /* const AnchorDir* whose tool must run */
  GPtrArray *leftover_evidence;
  GPtrArray *manual_evidence;
  GPtrArray *certificate_evidence;
  GPtrArray *bundle_only;    /* AvsEvidence: certificates only seen in a bundle */
  GPtrArray *products;       /* product ids concerned by leftovers */
} Leftovers;

/* avs-plan.c: building */
void            _avs_plan_refuse                 (AvsPlan            *self,
                                                  const char         *message);
/* The scanned root, read through AvsHost like the scanner reads it; NULL with @error when it
 * cannot be opened. */
AvsHost        *_avs_plan_get_host               (AvsPlan            *self,
                                                  GError            **error);
void            _avs_plan_append_paragraph       (GString            *text,
                                                  const char         *paragraph);
char           *_avs_plan_join_list              (GPtrArray          *items);
/* Takes @step and @explanation. */
void            _avs_plan_add_step               (AvsPlan            *self,
                                                  AvsPlanStep        *step,
                                                  GString            *explanation);

/* avs-plan-steps.c */
AvsPlanStep    *_avs_plan_step_new               (const char         *id,
                                                  AvsStepType         type,
                                                  AvsStepKind         kind,
                                                  const char         *title);
void            _avs_plan_step_add_product       (AvsPlanStep        *self,
                                                  const char         *product_id);
AvsPlanCommand *_avs_plan_step_add_command       (AvsPlanStep        *self,
                                                  gboolean            needs_admin,
                                                  const char * const *argv);
void            _avs_plan_step_add_verification  (AvsPlanStep        *self,
                                                  const AvsEvidence  *evidence);
AvsPlanCheck   *_avs_plan_check_new              (AvsCheckKind        kind,
                                                  const char         *value,
                                                  const char         *manager);
/* Whether an argument must be quoted to be read back as itself by a shell. */
gboolean        _avs_plan_arg_needs_quoting      (const char         *arg);
void            _avs_plan_builder_add_strv       (JsonBuilder        *builder,
                                                  const char         *member,
                                                  char              **list);
/* Adds @step to @builder as one object of the plan document's "steps". */
void            _avs_plan_step_add_to_json       (AvsPlanStep        *step,
                                                  JsonBuilder        *builder);

/* avs-plan-packages.c */
gboolean        _avs_package_frontend_from_string (const char         *string,
                                                   AvsPackageFrontend *out_frontend);
AvsPackageFrontend _avs_plan_frontend_for_host   (AvsHostInfo        *host);
/* The manager a front-end installs with; NONE for AUTO and NONE. */
AvsPackageManager _avs_plan_manager_for_frontend (AvsPackageFrontend  frontend);
void            _avs_plan_planned_package_free   (PlannedPackage     *package);
/* Fills @packages (PlannedPackage) in the order they must be removed. */
void            _avs_plan_collect_packages       (AvsPlan            *self,
                                                  GPtrArray          *findings,
                                                  GPtrArray          *packages);
void            _avs_plan_build_package_steps    (AvsPlan            *self,
                                                  GPtrArray          *packages);
void            _avs_plan_add_purge_step         (AvsPlan            *self,
                                                  GPtrArray          *packages);

/* avs-plan-leftovers.c */
/* Adds @path to @targets unless it, or a folder above it, is already there. */
void            _avs_plan_add_target             (GPtrArray          *targets,
                                                  const char         *path);
void            _avs_plan_add_targets_to_checks  (AvsPlan            *self,
                                                  AvsPlanStep        *step,
                                                  GPtrArray          *targets,
                                                  gboolean            pre_safe,
                                                  gboolean            post_absent);
void            _avs_plan_collect_leftovers      (AvsPlan            *self,
                                                  GPtrArray          *findings,
                                                  Leftovers          *l);
void            _avs_plan_leftovers_clear        (Leftovers          *l);
void            _avs_plan_add_backup_step        (AvsPlan            *self,
                                                  Leftovers          *l);
void            _avs_plan_add_leftovers_step     (AvsPlan            *self,
                                                  Leftovers          *l,
                                                  GPtrArray          *packages);
void            _avs_plan_add_manual_files_step  (AvsPlan            *self,
                                                  Leftovers          *l);

/* avs-plan-certificates.c */
/* Fills @l's anchors and tools from the certificate evidence; @subjects_with_anchor gets the
 * subjects that have an anchor file AV Switch can delete. */
void            _avs_plan_collect_anchors        (AvsPlan            *self,
                                                  GPtrArray          *findings,
                                                  Leftovers          *l,
                                                  GHashTable         *subjects_with_anchor);
void            _avs_plan_add_certificate_steps  (AvsPlan            *self,
                                                  Leftovers          *l);
void            _avs_plan_add_nss_step           (AvsPlan            *self,
                                                  GPtrArray          *findings);

/* avs-plan-replacement.c */
void            _avs_plan_add_replacement_step   (AvsPlan            *self);

G_END_DECLS
