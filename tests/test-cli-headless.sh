#!/bin/sh
# avswitch --version and --help work without any display, and without a command it says
# clearly that no display exists; names from a scanned system never reach the terminal raw.
# Usage: test-cli-headless.sh PATH/TO/avswitch
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

echo "1..28"
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

# Terminal escapes (issue 10, finding 7): any user can name a file /tmp/kesl<ESC>]52;…<BEL>.log
# (OSC 52 writes the clipboard), add a right-to-left override (U+202E) or a C1 CSI (U+009B), or
# bytes that are not UTF-8. Human output shows them as visible escapes; JSON stays valid JSON
# with them escaped.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
evil="$(printf '\033]52;c;ZXZpbA==\007')x$(printf '\342\200\256')y$(printf '\302\233')z$(printf '\377')"
mkdir -p "$root/etc" "$root/tmp" "$root/var/opt/kaspersky/kesl/install_$evil"
echo "ID=debian" > "$root/etc/os-release"
: > "$root/tmp/kesl$evil.log"
export XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/cache" XDG_CONFIG_HOME="$tmp/config"

# No ESC, BEL, raw U+202E or raw U+009B in the file $1.
raw_free() {
  ! grep -q "$(printf '\033')" "$1" && ! grep -q "$(printf '\007')" "$1" &&
    ! grep -q "$(printf '\342\200\256')" "$1" && ! grep -q "$(printf '\302\233')" "$1"
}

env -u DISPLAY -u WAYLAND_DISPLAY "$avswitch" scan --root "$root" > "$tmp/scan.txt" 2>&1; rc=$?
check "scan finds the planted folder" '[ $rc -eq 1 ] && grep -q "install_" "$tmp/scan.txt"'
check "scan prints no control character from a file name" 'raw_free "$tmp/scan.txt"'
check "scan shows the escapes visibly" 'grep -qF "\x1b]52;c;ZXZpbA==\x07x\u202ey\u009bz\xff" "$tmp/scan.txt"'

# The help-desk summary: the same exit status, a few plain lines, nothing raw from the machine.
env -u DISPLAY -u WAYLAND_DISPLAY "$avswitch" scan --root "$root" --summary > "$tmp/summary.txt" 2>&1; rc=$?
check "scan --summary exits as scan does" '[ $rc -eq 1 ]'
check "scan --summary names what was found" 'grep -q "^Found: Kaspersky Endpoint Security for Linux\." "$tmp/summary.txt" && grep -q "^Managed: no" "$tmp/summary.txt"'
check "scan --summary is a few lines" '[ "$(wc -l < "$tmp/summary.txt")" -le 12 ]'
check "scan --summary prints no control character from a file name" 'raw_free "$tmp/summary.txt"'
# A version inside a sentence is isolated for the window; the terminal gets it plain.
vroot=$tmp/vroot
mkdir -p "$vroot/etc" "$vroot/var/lib/dpkg/info" "$vroot/opt/kaspersky/kesl/bin"
echo "ID=debian" > "$vroot/etc/os-release"
printf 'Package: kesl\nStatus: install ok installed\nVersion: 11.2.0-4528\nArchitecture: amd64\nMaintainer: x\nDescription: x\n\n' > "$vroot/var/lib/dpkg/status"
echo /opt/kaspersky/kesl/bin > "$vroot/var/lib/dpkg/info/kesl.list"
env -u DISPLAY -u WAYLAND_DISPLAY "$avswitch" scan --root "$vroot" > "$tmp/vscan.txt" 2>&1
check "scan shows a version without the isolates around it" 'grep -q "^    Installed program, version 11.2.0-4528$" "$tmp/vscan.txt"'

# The summary isolates its values for the window (U+2068 … U+2069); a terminal gets them dropped,
# neither raw nor escaped.
check "scan --summary drops the isolates" '! grep -q "$(printf '"'"'\342\201\250'"'"')" "$tmp/summary.txt" && ! grep -qF "\u2068" "$tmp/summary.txt" && ! grep -qF "\u2069" "$tmp/summary.txt"'
env -u DISPLAY -u WAYLAND_DISPLAY "$avswitch" scan --root "$root" --summary --json > /dev/null 2>&1; rc=$?
check "scan --summary --json is refused" '[ $rc -eq 2 ]'

env -u DISPLAY -u WAYLAND_DISPLAY "$avswitch" verify --root "$root" > "$tmp/verify.txt" 2>&1; rc=$?
check "verify prints no control character from a file name" '[ $rc -eq 1 ] && raw_free "$tmp/verify.txt" && grep -qF "\x1b]52" "$tmp/verify.txt"'

env -u DISPLAY -u WAYLAND_DISPLAY "$avswitch" plan --root "$root" > "$tmp/plan.txt" 2>&1; rc=$?
check "plan prints no control character from a file name" '[ $rc -eq 0 ] && raw_free "$tmp/plan.txt"'

env -u DISPLAY -u WAYLAND_DISPLAY "$avswitch" apply --root "$root" --dry-run --yes > "$tmp/apply.txt" 2>&1; rc=$?
check "apply --dry-run prints no control character from a file name" '[ $rc -eq 0 ] && raw_free "$tmp/apply.txt"'
# The window's plain summary leads, before the first step's commands (src/core/avs-run-summary.c).
check "apply leads with the plain summary" 'grep -q "^What this does:" "$tmp/apply.txt" && grep -q "^  \* This is a dry run: nothing is changed" "$tmp/apply.txt" && [ "$(grep -n "^What this does:" "$tmp/apply.txt" | cut -d: -f1)" -lt "$(grep -n "^Step 1 of" "$tmp/apply.txt" | cut -d: -f1)" ]'

env -u DISPLAY -u WAYLAND_DISPLAY "$avswitch" scan --root "$root" --json > "$tmp/scan.json" 2>/dev/null; rc=$?
check "scan --json escapes every control character" '[ $rc -eq 1 ] && raw_free "$tmp/scan.json" && grep -qF "\u001b]52" "$tmp/scan.json" && grep -qF "\u202e" "$tmp/scan.json"'
if command -v python3 > /dev/null; then
  check "scan --json is still valid JSON" 'python3 -c "import json, sys; json.load(open(sys.argv[1], encoding=\"utf-8\"))" "$tmp/scan.json"'
else
  echo "ok $((n = n + 1)) # SKIP python3 is missing"
fi

env -u DISPLAY -u WAYLAND_DISPLAY "$avswitch" verify --root "$root" --json > "$tmp/verify.json" 2>/dev/null
check "verify --json escapes every control character" 'raw_free "$tmp/verify.json" && grep -qF "\u001b]52" "$tmp/verify.json"'

env -u DISPLAY -u WAYLAND_DISPLAY "$avswitch" explain --scan "$tmp/scan.json" > "$tmp/explain.txt" 2>&1; rc=$?
check "explain --scan prints no control character" '[ $rc -eq 0 ] && raw_free "$tmp/explain.txt"'

env -u DISPLAY -u WAYLAND_DISPLAY "$avswitch" catalog --for-scan "$tmp/scan.json" > "$tmp/catalog.txt" 2>&1
check "catalog --for-scan prints no control character" 'raw_free "$tmp/catalog.txt"'

# An error message that names a path from the command line is escaped too.
env -u DISPLAY -u WAYLAND_DISPLAY "$avswitch" scan --root "$tmp/none$evil" > "$tmp/error.txt" 2>&1; rc=$?
check "an error naming a hostile path prints no control character" '[ $rc -eq 2 ] && raw_free "$tmp/error.txt"'

exit $fail
