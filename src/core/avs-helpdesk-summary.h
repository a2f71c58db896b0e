/* avs-helpdesk-summary.h — a few plain lines for the person on the phone to read out or paste
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A help-desk guiding someone by phone or chat needs the facts in a form the user can read out
 * or paste: what was found, which versions, whether the computer is managed, what was removed
 * and what remains. The window's findings and done pages and `avswitch scan --summary` print
 * the same text, made here: translated whole sentences, one a line, and every value that comes
 * from the scanned machine made safe to paste (avs_text_escape_for_terminal()), never markup.
 * Values inside a sentence (names, versions, paths, the program's version) are isolated
 * (avs_text_isolate()) for right-to-left languages, and lists use the language's separator
 * (avs_text_join_list()); `avswitch scan --summary` drops the isolates before it prints.
 */

#pragma once

#include "avs-executor.h"
#include "avs-scan-result.h"

G_BEGIN_DECLS

typedef struct
{
  /* The scan to describe (the latest one); required. */
  AvsScanResult *scan;
  /* The first scan of the session, when a removal ran: what it found and @scan no longer does
   * was removed. NULL (or @scan itself): only what @scan found is described. */
  AvsScanResult *before;
  /* The removal, or NULL: a failed step, the replacement. */
  AvsExecutor   *executor;
  /* The chosen replacement's id and name, or NULL. */
  const char    *replacement_id;
  const char    *replacement_name;
  /* The technician went on past the managed-computer warning (also seen in @executor). */
  gboolean       continued_managed;
} AvsHelpdeskSummaryInput;

/* The summary, one sentence a line, ending with a line feed; never NULL. */
char *avs_helpdesk_summary_new (const AvsHelpdeskSummaryInput *input);

G_END_DECLS
