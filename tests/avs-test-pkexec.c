/* avs-test-pkexec.c — a pkexec stand-in for the tests that run `avswitch apply` as an ordinary user
 *
 * Copyright 2026 The AV Switch authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The command line runs pkexec by its absolute path, from the system's folders only, and never
 * takes a stand-in (by design: nothing in a user's environment may choose what runs as root).
 * So test-apply copies this program, setuid root, into a folder only root can enter, and shows
 * it as /usr/bin/pkexec in a private mount namespace (an overlay over /usr/bin) of the one
 * process it starts as `nobody`. Nothing outside that namespace can reach it, and it is deleted
 * with the test's folder.
 *
 * As pkexec after a password was given: appends a line to the file named by
 * AVS_TEST_PKEXEC_LOG (the prompts), becomes root entirely, and runs argv[1..] with an empty
 * environment. With AVS_TEST_PKEXEC_EXIT set it exits with that status instead, as pkexec does
 * when the dialog is dismissed (126) or rights are refused (127).
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main (int    argc,
      char **argv)
{
  const char *log = getenv ("AVS_TEST_PKEXEC_LOG");
  const char *code = getenv ("AVS_TEST_PKEXEC_EXIT");
  char *empty[] = { NULL };

  if (log != NULL)
    {
      int fd = open (log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);

      if (fd < 0 || write (fd, "run\n", 4) != 4)
        return 125;
      close (fd);
    }
  if (code != NULL)
    return atoi (code);
  if (argc < 2 || argv[1][0] != '/')
    return 127;
  if (setgid (0) != 0 || setuid (0) != 0)
    {
      fprintf (stderr, "avs-test-pkexec: not setuid root: %s\n", strerror (errno));
      return 127;
    }
  execve (argv[1], argv + 1, empty);
  fprintf (stderr, "avs-test-pkexec: %s: %s\n", argv[1], strerror (errno));
  return 127;
}
