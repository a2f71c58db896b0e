/* avs-finding-text.h — what each kind of finding is called, and one plain sentence about it
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A frightened home user and a technician on the phone read the same findings: a program, its
 * leftovers, a browser extension, a root certificate and a Windows installation are different
 * things with different risks and a different way out, so each kind gets its own name and one
 * plain sentence (what it is, why it matters, what will happen to it), decided here once for the
 * window and for `avswitch scan`. The sentences name no command: they are for the reader, the
 * commands are in the removal's steps.
 */

#pragma once

#include "avs-scan-result.h"

G_BEGIN_DECLS

typedef enum
{
  AVS_FINDING_KIND_PROGRAM,            /* a Kaspersky program installed as a package */
  AVS_FINDING_KIND_PROGRAM_FILES,      /* a working program copied in without a package */
  AVS_FINDING_KIND_MANAGEMENT_AGENT,   /* the Network Agent: central management */
  AVS_FINDING_KIND_LEFTOVERS,          /* traces of a removal that was not finished */
  AVS_FINDING_KIND_BROWSER_EXTENSION,  /* Kaspersky Protection inside a browser */
  AVS_FINDING_KIND_ROOT_CERTIFICATE,   /* a trusted root certificate for HTTPS scanning */
  AVS_FINDING_KIND_WINDOWS,            /* Kaspersky installed in Windows on a mounted disk */
} AvsFindingKind;

/* The kind of @finding, from its product and its state. */
AvsFindingKind  avs_finding_get_kind            (AvsFinding     *finding);
/* A short name for the kind ("Browser extension", "Trusted root certificate"), translated. */
const char     *avs_finding_kind_to_label       (AvsFindingKind  kind);
/* The kind's one plain sentence: what it is, why it matters, what will happen to it;
 * translated, without command names. */
const char     *avs_finding_kind_to_sentence    (AvsFindingKind  kind);
/* The kind's name with the version when one is known ("Installed program, version 11.2.0").
 * The version is escaped as by avs_text_escape_for_terminal() and isolated
 * (avs_text_isolate()): drop the isolates (avs_text_drop_isolates()) before escaping the whole
 * text for a terminal, or they show as \u2068 … \u2069. */
char           *avs_finding_describe_kind       (AvsFinding     *finding);
/* Said once for the whole result, never per finding: that this computer is managed by an
 * organization (and by which server, when known), and what that means. NULL when it is not
 * managed. Translated; the server name comes from the machine: escaped and isolated as the
 * version in avs_finding_describe_kind() (drop the isolates before escaping for a terminal). */
char           *avs_scan_result_describe_management (AvsScanResult *result);

G_END_DECLS
