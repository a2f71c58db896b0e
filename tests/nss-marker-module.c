/* nss-marker-module.c — a stand-in for a PKCS#11 module that a user names in their pkcs11.txt:
 * loading it is enough to run its code, so its constructor only leaves a marker file (named by
 * AVSWITCH_TEST_NSS_MARKER) to show that it was loaded.
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

__attribute__ ((constructor)) static void
leave_marker (void)
{
  const char *marker = getenv ("AVSWITCH_TEST_NSS_MARKER");
  int fd;

  if (marker == NULL)
    return;
  fd = open (marker, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd >= 0)
    close (fd);
}
