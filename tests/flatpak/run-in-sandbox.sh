#!/usr/bin/env bash
# tests/flatpak/run-in-sandbox.sh — runs one command inside AV Switch's Flatpak sandbox, as the
# installed app (the stand-in runtime of tests/flatpak/common.sh), with a private Xvfb display
# and D-Bus session bus (so `flatpak-spawn --host` reaches a flatpak-session-helper started here).
#
# Usage (root): run-in-sandbox.sh SOURCE_DIR [OPTIONS] [-- COMMAND [ARG...]]
#   SOURCE_DIR          the AV Switch checkout; the app is rebuilt and installed if it changed
#   --skip-build        use the installed app as it is (e.g. inside a private mount namespace
#                       whose bind mounts must not reach the build)
#   --filesystem=SPEC   a `flatpak run --filesystem=` option (repeatable): /var/lib/dpkg:ro, …
#   --opt OPTION        any other `flatpak run` option (repeatable): --opt --no-talk-name=org.freedesktop.Flatpak
#   --shot FILE.png     after --wait seconds (default 15) save the X screen to FILE.png and stop
#                       the app (a GUI command); the app exiting first is an error
#   --wait SECONDS      for --shot
#   --timeout SECONDS   stop the command after this long (default 600)
# COMMAND defaults to `avswitch --help`. The exit status is the command's; 77 (skip) when
# Flatpak or bubblewrap cannot run here. The session lives as long as this script, so this works
# inside `unshare --mount` with fixture files bind-mounted over host paths.
set -euo pipefail
. "$(dirname "$0")/common.sh"

src= skip_build=0 shot= wait_s=15 timeout_s=600
run_opts=()
while [ $# -gt 0 ]; do
  case $1 in
    --skip-build) skip_build=1; shift ;;
    --filesystem=*) run_opts+=("$1"); shift ;;
    --opt) run_opts+=("${2:?--opt needs a flatpak run option}"); shift 2 ;;
    --shot) shot=${2:?}; shift 2 ;;
    --wait) wait_s=${2:?}; shift 2 ;;
    --timeout) timeout_s=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --) shift; break ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) [ -z "$src" ] || die "more than one SOURCE_DIR (put the command after --)"; src=$1; shift ;;
  esac
done
[ -n "$src" ] || die "usage: run-in-sandbox.sh SOURCE_DIR [OPTIONS] [-- COMMAND [ARG...]]"
[ $# -gt 0 ] || set -- avswitch --help

flatpak_harness_init
why=$(flatpak_can_run) || skip "$why"
arch=$(flatpak --default-arch)
trap 'stop_session' EXIT
start_session
if [ "$skip_build" = 0 ]; then
  prepare_all "$src"
fi
flatpak info --system "$APP_ID" >/dev/null 2>&1 || die "$APP_ID is not installed (run without --skip-build)"

cmd=$1; shift
if [ -z "$shot" ]; then
  status=0
  timeout "$timeout_s" flatpak run --die-with-parent "${run_opts[@]}" --command="$cmd" "$APP_ID" "$@" || status=$?
  exit "$status"
fi
mkdir -p "$(dirname "$shot")"
flatpak run --die-with-parent "${run_opts[@]}" --command="$cmd" "$APP_ID" "$@" &
app_pid=$!
for _ in $(seq "$wait_s"); do kill -0 "$app_pid" 2>/dev/null || break; sleep 1; done
if ! kill -0 "$app_pid" 2>/dev/null; then
  status=0; wait "$app_pid" || status=$?
  die "the app exited (status $status) before the screenshot"
fi
import -display "$DISPLAY" -window root "$shot"
kill "$app_pid" 2>/dev/null || true
wait "$app_pid" 2>/dev/null || true
flatpak kill "$APP_ID" >/dev/null 2>&1 || true
echo "$shot"
