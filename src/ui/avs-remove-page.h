/* avs-remove-page.h — "Remove Kaspersky": the plan as a checklist, run with consent
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "avs-executor.h"
#include "avs-page.h"

G_BEGIN_DECLS

#define AVS_TYPE_REMOVE_PAGE (avs_remove_page_get_type ())

G_DECLARE_FINAL_TYPE (AvsRemovePage, avs_remove_page, AVS, REMOVE_PAGE, AvsPage)

AvsPage     *avs_remove_page_new          (void);
/* The same checklist for "Install the replacement": the plan's install step. */
AvsPage     *avs_remove_page_new_for_install (void);
AvsExecutor *avs_remove_page_get_executor (AvsRemovePage *self);
/* Whether a step is running now (closing the window asks first). */
gboolean     avs_remove_page_get_busy     (AvsRemovePage *self);
/* Runs every remaining removal step without asking (what "Run all" does after the user
 * confirmed the list of commands); for tests and the confirmation dialog. */
void         avs_remove_page_run_all      (AvsRemovePage *self);

/* The button that acts on the next step ("Run…", "Mark as done", or the managed warning's
 * "Continue anyway…", which asks first and then only sets the warning aside), or NULL
 * when no step of this page waits; what a user (or a UI test) presses. */
GtkWidget   *avs_remove_page_get_next_button (AvsRemovePage *self);

/* The heading of the note that says why a run stopped ("You cancelled; nothing was changed."),
 * or NULL when none is shown. */
const char  *avs_remove_page_get_status_title (AvsRemovePage *self);

/* Whether a step belongs on the removal page (the install and verify steps have their own). */
gboolean     avs_remove_page_is_removal_step (AvsPlanStep *step);

G_END_DECLS
