/* avs-wrapup.h — what the end of a removal can truthfully say
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The last page (and anything else that sums up a removal) says only what the machine shows:
 * "Kaspersky has been removed" only after a final scan that is complete and finds nothing; the
 * replacement as installed only when the executor checked it on the machine (a step the user
 * only marked as done, or one run in dry-run mode, is still to check); the backup only once its
 * step is done; and a list of what is still to do, in plain sentences.
 */

#pragma once

#include "avs-executor.h"
#include "avs-scan-result.h"

G_BEGIN_DECLS

typedef enum
{
  AVS_REPLACEMENT_STATE_NONE,       /* no product was chosen (the advice, or nothing yet) */
  AVS_REPLACEMENT_STATE_CHECKED,    /* installed, and the executor checked it on the machine */
  AVS_REPLACEMENT_STATE_UNCHECKED,  /* marked as done, but nothing could check it */
  AVS_REPLACEMENT_STATE_TO_DO,      /* chosen, not installed yet */
} AvsReplacementState;

/* What the end can say about Kaspersky itself. */
typedef enum
{
  AVS_WRAPUP_VERDICT_REMOVED,        /* found before; the final scan is complete and finds nothing */
  AVS_WRAPUP_VERDICT_NOTHING_FOUND,  /* the final scan is complete and finds nothing, but nothing
                                      * was found before either (or there was no earlier scan):
                                      * nothing was removed, so never "has been removed" */
  AVS_WRAPUP_VERDICT_INCOMPLETE,     /* the final scan finds nothing but could not check everywhere */
  AVS_WRAPUP_VERDICT_REMAINS,        /* the final scan still finds Kaspersky software */
} AvsWrapupVerdict;

/* The verdict of the final scan @final, after the first scan @before (NULL: none). */
AvsWrapupVerdict    avs_wrapup_verdict           (AvsScanResult *before,
                                                  AvsScanResult *final);
/* Whether the removal run by @executor (NULL: none) has a replacement to install, so that the
 * install page has something to show; with none (no product chosen, "keep the system updated",
 * "my IT department installs it", or no plan), the wizard passes that page over. */
gboolean            avs_wrapup_has_install_step  (AvsExecutor   *executor);
/* The state of the replacement @replacement_id (NULL: none chosen) after the removal run by
 * @executor (NULL: none ran). */
AvsReplacementState avs_wrapup_replacement_state (AvsExecutor   *executor,
                                                  const char    *replacement_id);
/* Where the backup archive is, as seen on the scanned system, once the backup step is done
 * (in a dry run nothing was written: NULL). */
const char         *avs_wrapup_backup_path       (AvsExecutor   *executor);
/* What is still to do, in plain translated sentences (element type char*), in the order to do
 * it: manual steps not done, a restart, the administrator's part, the replacement, another scan.
 * @final is the final scan (may be NULL), @replacement_name the chosen product's name (NULL:
 * none), @it_installs when the user said their IT department chooses and installs it. */
GPtrArray          *avs_wrapup_still_to_do       (AvsExecutor   *executor,
                                                  AvsScanResult *final,
                                                  const char    *replacement_id,
                                                  const char    *replacement_name,
                                                  gboolean       it_installs);

G_END_DECLS
