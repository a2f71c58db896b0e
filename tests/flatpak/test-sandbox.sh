#!/usr/bin/env bash
# tests/flatpak/test-sandbox.sh SOURCE_DIR SHOT_DIR — the app, built with the project's manifest
# and installed, starts inside its real sandbox: `avswitch --help`, `avswitch scan --json` (a
# well-formed scan document), and the window, whose screenshot is saved in SHOT_DIR/window.png
# (and must not be a blank screen). The build step also runs the test suite inside
# flatpak-builder's build sandbox; its summary is printed here (log: WORK/logs/build.log).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
src=${1:?usage: test-sandbox.sh SOURCE_DIR SHOT_DIR}
shots=${2:?usage: test-sandbox.sh SOURCE_DIR SHOT_DIR}

flatpak_harness_init
why=$(flatpak_can_run) || skip "$why"
arch=$(flatpak --default-arch)
trap 'stop_session' EXIT
start_session
prepare_all "$src"
echo "# the test suite in flatpak-builder's build sandbox (from $work/logs/build.log):"
grep -E '^(Ok|Fail|Expected Fail|Unexpected Pass|Skipped|Timeout): ' "$work/logs/build.log" | sed 's/^/#   /' || true
stop_session

fail=0
run() { "$here/run-in-sandbox.sh" "$src" --skip-build "$@"; }

out=$(run -- avswitch --help 2>&1) || { echo "$out"; echo "not ok: avswitch --help failed in the sandbox"; fail=1; }
grep -qE '^  scan ' <<<"$out" || { echo "$out"; echo "not ok: avswitch --help does not list the scan command"; fail=1; }

status=0
run -- avswitch scan --json >"$work/scan-sandbox.json" 2>"$work/logs/scan-sandbox.err" || status=$?
# 0 clean, 1 found, 3 incomplete (avswitch --help); 2 is the command failing.
if [ "$status" = 2 ] || [ "$status" -gt 3 ]; then
  cat "$work/logs/scan-sandbox.err"; echo "not ok: avswitch scan --json exited $status in the sandbox"; fail=1
elif ! python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if isinstance(d, dict) and "host" in d and isinstance(d.get("findings"), list) else 1)' "$work/scan-sandbox.json"; then
  head -c 2000 "$work/scan-sandbox.json"; echo "not ok: the sandbox's scan document is not a scan document"; fail=1
fi

mkdir -p "$shots"
rm -f "$shots/window.png"
if run --shot "$shots/window.png" --wait 20 -- avswitch >/dev/null; then
  colours=$(convert "$shots/window.png" -format '%k' info: 2>/dev/null || echo 0)
  if [ "$colours" -lt 20 ]; then
    echo "not ok: the screenshot of the sandboxed window has $colours colours: a blank screen"; fail=1
  else
    echo "# screenshot of the window in the sandbox: $shots/window.png ($colours colours)"
  fi
else
  echo "not ok: the window did not stay open in the sandbox for the screenshot"; fail=1
fi
[ "$fail" = 0 ] && echo "ok: the app runs in its sandbox"
exit "$fail"
