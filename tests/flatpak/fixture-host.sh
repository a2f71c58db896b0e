# tests/flatpak/fixture-host.sh — sourced: a fake "computer with Kaspersky" laid over this
# machine's real paths inside a private mount namespace, so that a native run and the Flatpak
# sandbox (through /run/host, its granted folders and `flatpak-spawn --host`) see the same
# Kaspersky installation, and the real system is never touched.
#
# Interface (bash; needs root, dpkg-deb and dpkg):
#
#   fixture_host_prepare DIR
#       Builds the fixture in DIR (an empty or missing folder, outside the real system):
#         DIR/var/lib/dpkg         a copy of this machine's dpkg database with the packages
#                                  $FIXTURE_HOST_PACKAGES (kesl, kesl-gui 11.2.0-4528, Kaspersky
#                                  as maintainer) installed into it with `dpkg --root=DIR`
#         DIR/opt                  their files (/opt/kaspersky/kesl/bin/kesl-control, …)
#         DIR/var/opt              /var/opt/kaspersky/kesl/common/kesl.ini
#         DIR/etc/group            this machine's /etc/group plus the group kesladmin
#         DIR/etc/init.d           this machine's /etc/init.d plus kesl-supervisor
#         DIR/etc/systemd/system   this machine's /etc/systemd/system plus kesl.service
#         DIR/bin/kesl             a copy of sleep(1): run it to have a process named "kesl"
#       The same packages can then be removed for real with dpkg inside the namespace (their
#       files are DIR's, the database is DIR's copy).
#
#   fixture_host_mount DIR
#       Bind-mounts those over /var/lib/dpkg, /opt, /var/opt, /etc/group, /etc/init.d and
#       /etc/systemd/system. Call it only inside a private mount namespace
#       (`unshare --mount --propagation private …`): it refuses to run otherwise. Start the
#       session bus afterwards (run-in-sandbox.sh does), so that flatpak-session-helper, and so
#       `flatpak-spawn --host`, run in the namespace too and see the fixture.
#
#   fixture_host_start_process DIR
#       Starts DIR/bin/kesl in the background (a process named "kesl", as the rules look for)
#       and sets FIXTURE_HOST_PID; fixture_host_stop_process ends it.
#
#   FIXTURE_HOST_PACKAGES   the packages installed (read-only: "kesl kesl-gui").

FIXTURE_HOST_PACKAGES="kesl kesl-gui"
FIXTURE_HOST_PID=

fixture_host_prepare() {
  local dir=$1 name tree log
  command -v dpkg-deb >/dev/null && command -v dpkg >/dev/null || { echo "fixture-host: needs dpkg-deb and dpkg" >&2; return 1; }
  [ -d /var/lib/dpkg ] || { echo "fixture-host: this machine has no dpkg database to copy" >&2; return 1; }
  rm -rf "$dir"; mkdir -p "$dir"/{var/lib,var/opt/kaspersky/kesl/common,opt,etc,bin,build}
  log=$dir/build/log
  cp -a /var/lib/dpkg "$dir/var/lib/dpkg"
  printf '[General]\nVersion=11.2.0.4528\n' >"$dir/var/opt/kaspersky/kesl/common/kesl.ini"
  for name in $FIXTURE_HOST_PACKAGES; do
    tree=$dir/build/$name
    mkdir -p "$tree/DEBIAN" "$tree/opt/kaspersky/kesl/bin"
    printf 'fake\n' >"$tree/opt/kaspersky/kesl/bin/$name-control"
    printf 'Package: %s\nVersion: 11.2.0-4528\nArchitecture: all\nMaintainer: AO Kaspersky Lab <support@kaspersky.com>\nDescription: fake package for AV Switch tests\n' \
      "$name" >"$tree/DEBIAN/control"
    dpkg-deb --root-owner-group --build "$tree" "$tree.deb" >>"$log" 2>&1
    dpkg --root="$dir" --force-script-chrootless --force-bad-path --no-triggers --log=/dev/null \
      -i "$tree.deb" >>"$log" 2>&1 || { cat "$log" >&2; return 1; }
  done
  cp /etc/group "$dir/etc/group"
  grep -q '^kesladmin:' "$dir/etc/group" || echo 'kesladmin:x:990:' >>"$dir/etc/group"
  cp -a /etc/init.d "$dir/etc/init.d"
  printf '#!/bin/sh\n# fake Kaspersky init script for AV Switch tests\nexit 0\n' >"$dir/etc/init.d/kesl-supervisor"
  chmod 755 "$dir/etc/init.d/kesl-supervisor"
  mkdir -p "$dir/etc/systemd"
  cp -a /etc/systemd/system "$dir/etc/systemd/system"
  printf '[Unit]\nDescription=fake Kaspersky unit for AV Switch tests\n[Service]\nExecStart=/opt/kaspersky/kesl/bin/kesl-control\n' \
    >"$dir/etc/systemd/system/kesl.service"
  cp "$(command -v sleep)" "$dir/bin/kesl"
}

fixture_host_mount() {
  local dir=$1
  # A mount namespace of our own has a different id from PID 1's: never mount over the real one.
  if [ "$(readlink /proc/self/ns/mnt)" = "$(readlink /proc/1/ns/mnt)" ]; then
    echo "fixture-host: not in a private mount namespace (run under unshare --mount --propagation private)" >&2
    return 1
  fi
  mkdir -p /opt /var/opt   # mount points; on Debian they exist already
  mount --bind "$dir/var/lib/dpkg" /var/lib/dpkg
  mount --bind "$dir/opt" /opt
  mount --bind "$dir/var/opt" /var/opt
  mount --bind "$dir/etc/group" /etc/group
  mount --bind "$dir/etc/init.d" /etc/init.d
  mount --bind "$dir/etc/systemd/system" /etc/systemd/system
}

fixture_host_start_process() {
  "$1/bin/kesl" 3600 &
  FIXTURE_HOST_PID=$!
}

fixture_host_stop_process() {
  [ -n "$FIXTURE_HOST_PID" ] && kill "$FIXTURE_HOST_PID" 2>/dev/null
  FIXTURE_HOST_PID=
  return 0
}
