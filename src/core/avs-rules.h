/* avs-rules.h — the detection rules: products and the signals that reveal them
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules are data ("avswitch-rules/1", docs/detection.md): the bundled copy is
 * data/rules/kaspersky.json in the core GResource, and `--rules FILE` replaces it. The loader is
 * strict: an unknown key, a wrong type, an unknown signal kind, a relative or ".."-path, a bad
 * glob or regular expression, or a source key that is not listed is refused with the file name,
 * the JSON path and a plain message. A loaded AvsRules is immutable (safe across threads).
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define AVS_RULES_SCHEMA "avswitch-rules/1"
#define AVS_RULES_RESOURCE "/io/github/avswitch/AvSwitch/core/rules/kaspersky.json"

typedef enum
{
  AVS_RULE_PACKAGE,                /* name: a dpkg/rpm/pacman package name (exact) */
  AVS_RULE_PATH,                   /* path: absolute, may hold * and ? globs per component */
  AVS_RULE_UNIT,                   /* name: a systemd unit file name */
  AVS_RULE_INIT_SCRIPT,            /* path: /etc/init.d/… */
  AVS_RULE_GROUP,                  /* name: an OS group in /etc/group */
  AVS_RULE_PROCESS,                /* name: a process name (comm / argv[0] basename) */
  AVS_RULE_KERNEL_MODULE,          /* name: a loaded module (/proc/modules) */
  AVS_RULE_CERTIFICATE,            /* subject_pattern: a regular expression on the subject */
  AVS_RULE_BROWSER_EXTENSION,      /* browser ("chromium" | "firefox") and id */
  AVS_RULE_NATIVE_MESSAGING_HOST,  /* name: a browser native-messaging host */
  AVS_RULE_WINDOWS_PATH,           /* path: relative, under "Program Files*" of a mounted Windows volume */
  AVS_RULE_HOME_PATH,              /* path: relative, under each home directory */
} AvsRuleKind;

typedef enum
{
  AVS_RULE_ROLE_INSTALL,    /* part of a working installation */
  AVS_RULE_ROLE_LEFTOVER,   /* data, settings, logs, groups: may outlive a removal */
} AvsRuleRole;

typedef struct
{
  AvsRuleKind   kind;
  AvsRuleRole   role;
  char         *value;       /* name, path or extension id */
  char         *browser;     /* AVS_RULE_BROWSER_EXTENSION only */
  char        **path_parts;  /* AVS_RULE_PATH/INIT_SCRIPT/HOME_PATH/WINDOWS_PATH: the components */
  gboolean      has_glob;
  GRegex       *regex;       /* AVS_RULE_CERTIFICATE only */
  gboolean      weak;        /* counts only when another signal of the product matched */
  char        **sources;     /* source keys (see avs_rules_get_source_url()) */
} AvsRuleSignal;

typedef enum
{
  AVS_RULE_VERSION_PACKAGE,  /* the version of a matched package */
  AVS_RULE_VERSION_LINK,     /* pattern's first group on the target of the symlink at path */
  AVS_RULE_VERSION_INI,      /* key in [section] of the ini file at path */
} AvsRuleVersionFrom;

typedef struct
{
  AvsRuleVersionFrom  from;
  char               *path;
  GRegex             *pattern;
  char               *section;
  char               *key;
} AvsRuleVersion;

typedef struct
{
  char       *id;
  char       *name;
  char      **sources;
  GPtrArray  *signals;              /* AvsRuleSignal */
  GPtrArray  *versions;             /* AvsRuleVersion, tried in order */
  char      **signature_paths;      /* folders whose newest file dates the signature databases */
  gboolean    manages;              /* its presence means the machine is centrally managed */
  char      **management_commands;  /* absolute programs printing "<server_label>: <address>" */
  char       *server_label;
} AvsRuleProduct;

#define AVS_RULES_ERROR (avs_rules_error_quark ())
GQuark avs_rules_error_quark (void);

#define AVS_TYPE_RULES (avs_rules_get_type ())
G_DECLARE_FINAL_TYPE (AvsRules, avs_rules, AVS, RULES, GObject)

/* The rules bundled in the program. */
AvsRules        *avs_rules_load_default      (GError     **error);
AvsRules        *avs_rules_load_file         (const char  *path,
                                              GError     **error);
/* @source names the document in messages. */
AvsRules        *avs_rules_load_bytes        (GBytes      *bytes,
                                              const char  *source,
                                              GError     **error);

guint            avs_rules_get_version       (AvsRules    *self);
/* Element type AvsRuleProduct, in file order (the order findings are listed in). */
GPtrArray       *avs_rules_get_products      (AvsRules    *self);
AvsRuleProduct  *avs_rules_find_product      (AvsRules    *self,
                                              const char  *id);
/* A package whose maintainer/vendor/packager matches this is Kaspersky's. */
GRegex          *avs_rules_get_vendor_regex  (AvsRules    *self);
/* A package owning a file under one of these (trailing "/") is Kaspersky's. */
const char * const *avs_rules_get_vendor_paths (AvsRules  *self);
/* Folders shared by every product (/opt/kaspersky…). */
const char * const *avs_rules_get_shared_paths (AvsRules  *self);
const char      *avs_rules_get_source_url    (AvsRules    *self,
                                              const char  *key);
/* Every package name any product lists (for quick lookups while reading databases). */
gboolean         avs_rules_is_candidate_package (AvsRules *self,
                                              const char  *name);

G_END_DECLS
