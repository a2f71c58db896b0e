#!/bin/sh
# Runs test-a11y.py with its own D-Bus session and AT-SPI bus, as a screen reader would find
# them. Usage: test-a11y.sh AVSWITCH-GTK CATALOG-DIR (needs a display: build-aux/dev test).
set -u
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "1..0 # SKIP no display (run under xvfb-run)"
  exit 0
fi
if [ ! -x /usr/libexec/at-spi-bus-launcher ] || ! /usr/bin/python3 -c 'import pyatspi' 2>/dev/null; then
  echo "1..0 # SKIP at-spi2-core or python3-pyatspi is not installed"
  exit 0
fi
if ! command -v dpkg-deb >/dev/null 2>&1; then
  echo "1..0 # SKIP dpkg-deb is not installed (the test builds a Kaspersky package)"
  exit 0
fi
here=$(dirname "$0")
tap=$(mktemp)
trap 'rm -f "$tap"' EXIT
unset NO_AT_BRIDGE
# G_DEBUG=fatal-warnings stays on for the application; the screen-reader side (libatspi in
# python3) warns "AT-SPI: Error in GetItems … /org/a11y/atspi/cache" because GTK 4 has no
# AT-SPI cache object, which is neither ours nor a fault (CONTRIBUTING.md, "Warnings").
AVS_APP_G_DEBUG=${G_DEBUG:-}
export AVS_APP_G_DEBUG
G_DEBUG=gc-friendly
export G_DEBUG
# The bus daemons print to stdout; only the test's own lines are TAP.
dbus-run-session -- sh -c '
  /usr/libexec/at-spi-bus-launcher --launch-immediately &
  launcher=$!
  sleep 1
  /usr/bin/python3 "$0" "$1" "$2" > "$3"
  status=$?
  kill $launcher 2>/dev/null
  exit $status' "$here/test-a11y.py" "$1" "$2" "$tap" >&2
status=$?
cat "$tap"
exit $status
