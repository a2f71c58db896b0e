/* avs-application.h — the AV Switch application: actions, shortcuts, the About window
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define AVS_TYPE_APPLICATION (avs_application_get_type ())

G_DECLARE_FINAL_TYPE (AvsApplication, avs_application, AVS, APPLICATION, AdwApplication)

AvsApplication *avs_application_new                  (void);
/* After "Language…": the command line to start again with (main() runs it once the application
 * has quit), else NULL. */
GStrv           avs_application_take_restart_command (AvsApplication *self);

G_END_DECLS
