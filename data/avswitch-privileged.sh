#!/bin/sh
# avswitch-privileged — the privileged side of one AV Switch removal run
#
# Copyright 2026 The AV Switch authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Started once per run through pkexec (installed as libexecdir/avswitch-privileged, or passed to
# `/bin/sh -c` by the Flatpak, whose own files the host cannot run), it runs the argv arrays it
# receives on its standard input, one at a time, and nothing else: it reads no file, no
# environment variable and no argument to decide what to run. Kept to POSIX sh and printf so that
# any host can run it.
#
# Protocol (docs/architecture.md, "The privileged path"), one line each:
#   in:  T<token>          first line: a random hex token only the parent knows
#   in:  A<octal escapes>  one argument, every byte as \0ooo (so no byte can break the framing)
#   in:  R                 run the arguments received since the last R
#   out: <token> ready     once, after the token
#   out: <token> status N  after each command: its exit status (a signal: 128 + its number)
# The command's stdout and stderr both go to stdout, as it prints them; the token never reaches
# the command, so its output cannot fake a status line. The command's stdin is /dev/null. On end
# of input (the parent closed the pipe, or died) it exits; while a command runs, end of input
# stops the command and every process it started (TERM, then KILL 2 s later, to its whole
# process group: a package manager runs the package's own scripts). Anything else on stdin ends the
# session.

PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
umask 022

# The parent's end of the pipe, kept apart so that background jobs can watch it.
exec 3<&0 0</dev/null
cd / || exit 1

IFS= read -r line <&3 || exit 0
token=${line#T}
case $line:$token in
  T*:????????????????????????????????*) ;;
  *) exit 2 ;;
esac
case $token in
  *[!0-9a-f]*) exit 2 ;;
esac
printf '%s ready\n' "$token" || exit 1

# setsid(1) (util-linux, on every distribution AV Switch supports) gives each command a process
# group of its own, so stopping it stops what it started too. A background job of this
# non-interactive shell is no group leader, so setsid execs in place and $! stays the command's.
setsid=
if [ -x /usr/bin/setsid ]; then
  setsid=/usr/bin/setsid
fi

# kill SIGNAL -PGID (dash's kill takes no "--"); without setsid, the command alone.
stop () {
  kill "-$1" "-$2" 2>/dev/null || kill "-$1" "$2" 2>/dev/null
}

run_command () {
  $setsid /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 "$@" </dev/null 2>&1 3<&- &
  pid=$!
  # Nothing may arrive while a command runs: end of input (or anything) means the parent is gone.
  (
    IFS= read -r ignored <&3
    stop TERM "$pid"
    sleep 2
    stop KILL "$pid"
  ) >/dev/null 2>&1 &
  watcher=$!
  wait "$pid"
  status=$?
  kill -KILL "$watcher" 2>/dev/null
  wait "$watcher" 2>/dev/null
  printf '%s status %d\n' "$token" "$status" || exit 1
}

set --
while IFS= read -r line <&3; do
  case $line in
    A*)
      escaped=${line#A}
      case $escaped in
        *[!\\0-7]*) exit 2 ;;
      esac
      # The x keeps trailing newlines, which $(...) would drop.
      argument=$(printf "%bx" "$escaped")
      set -- "$@" "${argument%x}"
      ;;
    R)
      # env(1) would read a first word with "=" as a variable, or one with "-" as an option.
      case ${1-} in
        '' | -* | *=*) exit 2 ;;
      esac
      run_command "$@"
      set --
      ;;
    *)
      exit 2
      ;;
  esac
done
exit 0
