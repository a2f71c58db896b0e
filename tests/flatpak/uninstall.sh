#!/usr/bin/env bash
# tests/flatpak/uninstall.sh [--purge] — removes what the Flatpak harness installed system-wide:
# the app and the stand-in runtimes installed from the remote "avs-test", and that remote. The
# cache in the work folder stays (the next run installs again from it, without rebuilding);
# --purge removes the work folder too.
set -euo pipefail
. "$(dirname "$0")/common.sh"
flatpak_harness_init
command -v flatpak >/dev/null 2>&1 || exit 0
for ref in "$APP_ID" "$TEST_SDK//$TEST_BRANCH" "$TEST_RUNTIME//$TEST_BRANCH"; do
  if flatpak info --system "$ref" >/dev/null 2>&1 \
     && [ "$(flatpak info --system --show-origin "$ref" 2>/dev/null)" = "$TEST_REMOTE" ]; then
    flatpak uninstall --system -y --noninteractive "$ref" >/dev/null
  fi
done
if flatpak remotes --system --columns=name | grep -qx "$TEST_REMOTE"; then
  flatpak remote-delete --system --force "$TEST_REMOTE"
fi
rm -f "$work/app.stamp"
[ "${1:-}" != --purge ] || rm -rf "$work"
