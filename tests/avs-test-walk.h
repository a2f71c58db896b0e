/* avs-test-walk.h — the real application on a fixture root, walked page by page for UI tests
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What test-ui-flow, test-ui-remove, test-ui-pseudo and test-ui-screens share: the bundled
 * catalog served on loopback, a Debian root with Kaspersky's packages (a real dpkg database,
 * tests/avs-test-fixture.c), the real AvsApplication started on that root with the options a
 * person would give on the command line, and the waits between the wizard's pages. A test
 * program that uses it also builds avs-test-fixture.c and links avs_test_ui.
 */

#pragma once

#include <adwaita.h>
#include <libsoup/soup.h>

#include "avs-application.h"
#include "avs-page.h"
#include "avs-test-fixture.h"
#include "avs-window.h"

G_BEGIN_DECLS

/* The time limit of a walk run in a subprocess (g_test_trap_subprocess): none of its own.
 * Meson's timeout ends a walk that hangs, and it scales with --timeout-multiplier, which the
 * sanitizer build needs (a walk takes several minutes under ASan on a busy machine). */
#define AVS_TEST_WALK_CHILD_TIMEOUT 0

typedef struct
{
  /* the loopback catalog server (avs_test_walk_serve_catalog), or NULL */
  SoupServer     *server;
  /* the catalog's address given as --catalog-url; the test sets it when it serves none */
  char           *url;
  /* requests the server answered */
  guint           requests;
  /* the root given as --root; avs_test_walk_stop frees it */
  AvsFixture     *fixture;
  AvsApplication *app;
  AvsWindow      *window;
  /* how long avs_test_walk_wait_for_page lets a page settle (its slide-in) once shown */
  guint           settle_ms;
} AvsTestWalk;

/* What avs_test_walk_add_kaspersky installs besides kesl (with its kesl-control) and the
 * kesladmin group. */
typedef enum
{
  AVS_TEST_KASPERSKY_KESL_ONLY  = 0,
  AVS_TEST_KASPERSKY_SETUP      = 1 << 0,  /* kesl's kesl-setup.pl too */
  AVS_TEST_KASPERSKY_GUI        = 1 << 1,  /* the kesl-gui package */
  AVS_TEST_KASPERSKY_GUI_REFUSE = 1 << 2,  /* kesl-gui, whose pre-removal script exits 1 */
  AVS_TEST_KASPERSKY_AGENT      = 1 << 3,  /* the Network Agent (klnagent64): a managed computer */
} AvsTestKaspersky;

/* Installs Kaspersky Endpoint Security for Linux into @fixture's dpkg database. */
void           avs_test_walk_add_kaspersky    (AvsFixture       *fixture,
                                               AvsTestKaspersky  parts);

/* Serves the catalog bundled in the resources on loopback and sets walk->url to it. */
void           avs_test_walk_serve_catalog    (AvsTestWalk      *walk);
/* Starts the application on walk->fixture's root with walk->url and the region US, and waits
 * for its window to be on screen; @width and @height: its size (0: the window's own). */
void           avs_test_walk_start_app        (AvsTestWalk      *walk,
                                               int               width,
                                               int               height);
/* Closes the window, drops the application, stops the server and frees the url and fixture. */
void           avs_test_walk_stop             (AvsTestWalk      *walk);

/* TRUE when the wizard shows the page @name. */
gboolean       avs_test_walk_shows_page       (AvsTestWalk      *walk,
                                               const char       *name);
/* Waits (up to a minute, else the test aborts) until the wizard shows the page @name, lets it
 * settle for walk->settle_ms and returns it. */
AvsPage       *avs_test_walk_wait_for_page    (AvsTestWalk      *walk,
                                               const char       *name);
/* Presses Next, as a person can only when the page is complete. */
void           avs_test_walk_next             (AvsTestWalk      *walk);

/* The message dialog on screen (a confirmation, the Language dialog), or NULL. */
AdwMessageDialog *avs_test_walk_find_dialog   (void);
/* Opens every expander and expander row under @widget, so that all of it is on screen. */
void           avs_test_walk_expand_all       (GtkWidget        *widget);

/* Conditions for avs_test_ui_wait_until(), each given the page it names. */
gboolean       avs_test_walk_has_explanation  (gpointer          explain_page);
gboolean       avs_test_walk_choose_is_loaded (gpointer          choose_page);
gboolean       avs_test_walk_scan_is_idle     (gpointer          scan_page);
gboolean       avs_test_walk_remove_is_settled (gpointer         remove_page);
gboolean       avs_test_walk_done_is_settled  (gpointer          done_page);

/* Called by avs_test_walk_tour with what is on screen: the page's name and @window, the main
 * window or a dialog. */
typedef void (*AvsTestWalkLook) (AvsTestWalk *walk,
                                 const char  *name,
                                 GtkWidget   *window,
                                 gpointer     data);

/* Walks a started application on a root with Kaspersky from welcome to done and shows @look
 * each page in the state that stays on screen: welcome, findings, scan (failed on unreadable
 * rules, then scanned again), explain (expanders open), choose (ClamUI chosen), remove (steps
 * open), remove-confirm (the confirmation before a step; nothing runs), done, shortcuts (the
 * help overlay) and language (the Language dialog). */
void           avs_test_walk_tour             (AvsTestWalk      *walk,
                                               AvsTestWalkLook   look,
                                               gpointer          data);

G_END_DECLS
