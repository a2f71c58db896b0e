#!/usr/bin/env bash
# tests/flatpak/test-host-view.sh SOURCE_DIR NATIVE_AVSWITCH SHOT_DIR — the scan inside the
# Flatpak sandbox reads the computer, not the runtime (issue 12, items 1–3):
#
# 1. On a fixture host with Kaspersky (fixture-host.sh: kesl and kesl-gui in a copy of the dpkg
#    database, their files in /opt, /var/opt, an init script, a unit, a group and a running
#    process named "kesl", all bind-mounted over the real paths in a private mount namespace),
#    `avswitch scan --json` run natively (NATIVE_AVSWITCH, this build) and in the sandbox
#    (run-in-sandbox.sh --skip-build) gives the same findings, the running process included.
# 2. The same sandbox scan with org.freedesktop.Flatpak revoked (--no-talk-name) still finds the
#    files and packages, and says that running programs were not checked, with the
#    `flatpak override` command that gives the permission back.
# 3. On this machine without the fixture (no Kaspersky), the sandbox scan with that permission
#    revoked is "incomplete" (exit status 3), never "clean"; and with /var/lib/dpkg revoked too
#    it names the package database and its `flatpak override` command.
# 4. A screenshot of the window in the sandbox on the fixture host, after its scan:
#    SHOT_DIR/host-view.png (must not be blank).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
. "$here/fixture-host.sh"

if [ "${1:-}" = --inside ]; then
  shift
  inside=1
else
  inside=0
fi
src=${1:?usage: test-host-view.sh SOURCE_DIR NATIVE_AVSWITCH SHOT_DIR}
native=${2:?usage: test-host-view.sh SOURCE_DIR NATIVE_AVSWITCH SHOT_DIR}
shots=${3:?usage: test-host-view.sh SOURCE_DIR NATIVE_AVSWITCH SHOT_DIR}
native=$(readlink -f "$native"); mkdir -p "$shots"; shots=$(cd "$shots" && pwd)

flatpak_harness_init
fixture=$work/fixture-host
out=$work/host-view
sandbox() { "$here/run-in-sandbox.sh" "$src" --skip-build "$@"; }

# The scan document's findings, as a canonical text to compare (product, state, running,
# version, and every piece of evidence, sorted).
# Process evidence is kept for the fixture's own process only: another test on this machine may
# run a "kesl" of its own between two scans.
findings() {
  python3 - "$1" "${FIXTURE_HOST_PID:-}" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for f in sorted(d["findings"], key=lambda f: f["product"]):
    print(f["product"], f["state"], "running" if f.get("running") else "not-running", f.get("version"))
    for e in sorted((e["kind"], e["value"], e.get("detail") or "") for e in f["evidence"]):
        if e[0] != "process" or e[2] == sys.argv[2]:
            print("   ", *e)
PY
}
# outcome FILE: the document's outcome; gap FILE TEXT: a not-checked entry (not a note) whose
# what or reason holds TEXT, printed.
outcome() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["outcome"])' "$1"; }
gap() {
  python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
hits = [n for n in d["not_checked"] if not n.get("note") and (sys.argv[2] in n["what"] or sys.argv[2] in n["reason"])]
for n in hits:
    print("%s: %s" % (n["what"], n["reason"]))
sys.exit(0 if hits else 1)
PY
}

if [ "$inside" = 0 ]; then
  why=$(flatpak_can_run) || skip "$why"
  command -v dpkg-deb >/dev/null && command -v dpkg >/dev/null || skip "needs dpkg-deb and dpkg for the fixture host"
  command -v unshare >/dev/null || skip "needs unshare (util-linux) for the fixture host's mount namespace"
  arch=$(flatpak --default-arch)
  trap 'stop_session' EXIT
  start_session
  prepare_all "$src"      # the app with this checkout's manifest and code, outside the namespace
  stop_session
  trap - EXIT
  t0=$SECONDS
  fixture_host_prepare "$fixture"
  rm -rf "$out"; mkdir -p "$out" "$shots"
  status=0
  unshare --mount --propagation private "$0" --inside "$src" "$native" "$shots" || status=$?
  echo "# the fixture host's scans took $((SECONDS - t0)) s"
  rm -rf "$fixture"
  exit "$status"
fi

# Inside the private mount namespace from here on.
fail=0
not_ok() { echo "not ok: $*"; fail=1; }
fixture_host_mount "$fixture"
fixture_host_start_process "$fixture"
trap 'fixture_host_stop_process' EXIT

# 1. The same findings natively and in the sandbox.
st=0; "$native" scan --json >"$out/native.json" 2>"$out/native.err" || st=$?
[ "$st" = 1 ] || { cat "$out/native.err"; not_ok "the native scan of the fixture host exited $st, not 1 (found)"; }
st=0; sandbox -- avswitch scan --json >"$out/sandbox.json" 2>"$out/sandbox.err" || st=$?
[ "$st" = 1 ] || { cat "$out/sandbox.err"; not_ok "the sandbox scan of the fixture host exited $st, not 1 (found)"; }
findings "$out/native.json" >"$out/native.findings"
findings "$out/sandbox.json" >"$out/sandbox.findings" || true
echo "# native findings:"; sed 's/^/#   /' "$out/native.findings"
grep -q '^kesl installed running' "$out/native.findings" \
  || not_ok "the native scan did not find the fixture's kesl installed and running (the fixture is broken)"
grep -q '^kesl-gui installed' "$out/native.findings" || not_ok "the native scan did not find kesl-gui"
if diff -u "$out/native.findings" "$out/sandbox.findings" >"$out/findings.diff"; then
  echo "ok: the sandbox scan finds what the native scan finds"
else
  cat "$out/findings.diff"; not_ok "the sandbox scan's findings differ from the native scan's"
fi
python3 - "$out/sandbox.json" <<'PY' || not_ok "the sandbox scan does not describe the computer"
import json, sys
d = json.load(open(sys.argv[1]))
h = d["host"]
print("# sandbox scan: host %s (%s), package manager %s, outcome %s" % (h.get("id"), h.get("pretty_name"), h.get("package_manager"), d["outcome"]))
sys.exit(0 if h.get("id") == "debian" and h.get("package_manager") == "dpkg" and d["live"] else 1)
PY

# 2. Without org.freedesktop.Flatpak: what it could not check, and how to allow it.
st=0; sandbox --opt --no-talk-name=org.freedesktop.Flatpak -- avswitch scan --json >"$out/no-talk.json" 2>"$out/no-talk.err" || st=$?
[ "$st" = 1 ] || { cat "$out/no-talk.err"; not_ok "without org.freedesktop.Flatpak the fixture host's scan exited $st, not 1 (found)"; }
gap "$out/no-talk.json" "flatpak override --user --talk-name=org.freedesktop.Flatpak io.github.avswitch.AvSwitch" | sed 's/^/# /' \
  || not_ok "without org.freedesktop.Flatpak the scan does not say that running programs were not checked, with the override command"
grep -q '^kesl-gui installed' <(findings "$out/no-talk.json") || not_ok "without org.freedesktop.Flatpak the packages were not found"

# 3. This machine without the fixture: never "clean" with a permission revoked.
fixture_host_stop_process
umount /var/lib/dpkg /opt /var/opt /etc/group /etc/init.d /etc/systemd/system
st=0; "$native" scan --json >"$out/native-clean.json" 2>/dev/null || st=$?
echo "# this machine natively: $(outcome "$out/native-clean.json") (exit $st)"
st=0; sandbox --opt --no-talk-name=org.freedesktop.Flatpak -- avswitch scan --json >"$out/clean-no-talk.json" 2>"$out/clean-no-talk.err" || st=$?
if [ "$st" = 3 ] && [ "$(outcome "$out/clean-no-talk.json")" = incomplete ]; then
  echo "ok: without org.freedesktop.Flatpak a machine without Kaspersky is 'incomplete', not 'clean'"
else
  cat "$out/clean-no-talk.err"; not_ok "without org.freedesktop.Flatpak a machine without Kaspersky gave exit $st, outcome $(outcome "$out/clean-no-talk.json" 2>&1)"
fi
gap "$out/clean-no-talk.json" "Running programs" >/dev/null || not_ok "the incomplete scan does not name running programs"
st=0; sandbox --opt --no-talk-name=org.freedesktop.Flatpak --opt --nofilesystem=/var/lib/dpkg -- avswitch scan --json \
  >"$out/clean-no-dpkg.json" 2>"$out/clean-no-dpkg.err" || st=$?
[ "$st" = 3 ] || { cat "$out/clean-no-dpkg.err"; not_ok "without /var/lib/dpkg the scan exited $st, not 3 (incomplete)"; }
gap "$out/clean-no-dpkg.json" "flatpak override --user --filesystem=/var/lib/dpkg:ro io.github.avswitch.AvSwitch" | sed 's/^/# /' \
  || not_ok "without /var/lib/dpkg the scan does not name the package database with its override command"
# The human output says the same (the CLI renders the not-checked reasons).
sandbox --opt --no-talk-name=org.freedesktop.Flatpak -- avswitch scan >"$out/clean-no-talk.txt" 2>&1 || true
grep -q 'flatpak override --user --talk-name=org.freedesktop.Flatpak' "$out/clean-no-talk.txt" \
  || { cat "$out/clean-no-talk.txt"; not_ok "avswitch scan's text does not show the override command"; }

# 4. The window in the sandbox on the fixture host, after its scan.
fixture_host_mount "$fixture"
fixture_host_start_process "$fixture"
rm -f "$shots/host-view.png"
if sandbox --shot "$shots/host-view.png" --wait 30 -- /app/libexec/avswitch-gtk --page=scan >/dev/null; then
  colours=$(convert "$shots/host-view.png" -format '%k' info: 2>/dev/null || echo 0)
  if [ "$colours" -lt 20 ]; then
    not_ok "the screenshot of the window on the fixture host has $colours colours: a blank screen"
  else
    echo "# screenshot of the window in the sandbox on the fixture host: $shots/host-view.png"
  fi
else
  not_ok "the window did not stay open in the sandbox for the screenshot"
fi

[ "$fail" = 0 ] && echo "ok: the sandbox scans the computer"
exit "$fail"
