#!/bin/sh
# avswitch --version and --help work without any display, and without a command it says
# clearly that no display exists. Usage: test-cli-headless.sh PATH/TO/avswitch
set -u
avswitch=$1
fail=0
n=0

check() {
  n=$((n + 1))
  if eval "$2"; then
    echo "ok $n - $1"
  else
    echo "not ok $n - $1"
    fail=1
  fi
}

echo "1..8"
out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$avswitch" --version 2>&1); rc=$?
check "--version exits 0 without a display" '[ $rc -eq 0 ]'
check "--version prints the name and a version" 'printf "%s" "$out" | grep -Eq "^avswitch [0-9]+\.[0-9]+\.[0-9]+$"'

out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$avswitch" --help 2>&1); rc=$?
check "--help exits 0 without a display" '[ $rc -eq 0 ]'
check "--help documents the exit statuses" 'printf "%s" "$out" | grep -q "Exit status"'

out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$avswitch" 2>&1); rc=$?
check "no command and no display fails with status 2" '[ $rc -eq 2 ]'
check "no command and no display says why" 'printf "%s" "$out" | grep -q "no graphical display"'

out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$avswitch" frobnicate 2>&1); rc=$?
check "an unknown command fails with status 2" '[ $rc -eq 2 ] && printf "%s" "$out" | grep -q "unknown command"'

# JSON is data: UTF-8 as it is, even where the locale's charset is ASCII.
out=$(env -u DISPLAY -u WAYLAND_DISPLAY LC_ALL=C LANG=C "$avswitch" catalog --json 2>/dev/null); rc=$?
check "catalog --json keeps UTF-8 under LC_ALL=C" '[ $rc -eq 0 ] && printf "%s" "$out" | grep -q "AV-TEST’s"'

exit $fail
