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
#   fixture_host_mount_writable DIR
#       For a removal that really runs on the fixture host: like fixture_host_mount (the
#       package database, /opt and /var/opt bound from DIR), but /etc, /var/lib and /var/log
#       are overlays whose changes go to DIR/overlay/{etc,var/lib,var/log}/upper, so that
#       groupdel can rename /etc/group (a file bind mount cannot be renamed over), the backup
#       can be written to /var/lib/avswitch and dpkg can append to /var/log/dpkg.log, and
#       nothing of the real system is written. The fixture's group, init script and unit are
#       copied into the overlaid /etc. /usr/bin/systemctl is a stand-in (this machine may not
#       run systemd) that appends its arguments to DIR/systemctl.log and exits 0. Needs
#       overlayfs: `fixture_host_can_overlay DIR` prints why not (and returns 1) where there is
#       none. Same namespace rule as fixture_host_mount.
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
  fixture_host_in_private_namespace || return 1
  mkdir -p /opt /var/opt   # mount points; on Debian they exist already
  mount --bind "$dir/var/lib/dpkg" /var/lib/dpkg
  mount --bind "$dir/opt" /opt
  mount --bind "$dir/var/opt" /var/opt
  mount --bind "$dir/etc/group" /etc/group
  mount --bind "$dir/etc/init.d" /etc/init.d
  mount --bind "$dir/etc/systemd/system" /etc/systemd/system
}

# The mount-namespace guard shared by the two mount functions.
fixture_host_in_private_namespace() {
  # A mount namespace of our own has a different id from PID 1's: never mount over the real one.
  if [ "$(readlink /proc/self/ns/mnt)" = "$(readlink /proc/1/ns/mnt)" ]; then
    echo "fixture-host: not in a private mount namespace (run under unshare --mount --propagation private)" >&2
    return 1
  fi
}

fixture_host_can_overlay() {
  local dir=$1 err
  mkdir -p "$dir/overlay-probe"/{lower,upper,work,merged}
  if ! err=$(unshare --mount --propagation private mount -t overlay overlay \
               -o "lowerdir=$dir/overlay-probe/lower,upperdir=$dir/overlay-probe/upper,workdir=$dir/overlay-probe/work" \
               "$dir/overlay-probe/merged" 2>&1); then
    rm -rf "$dir/overlay-probe"
    echo "overlayfs cannot be mounted here ($err)"
    return 1
  fi
  rm -rf "$dir/overlay-probe"
}

fixture_host_mount_writable() {
  local dir=$1 d
  fixture_host_in_private_namespace || return 1
  for d in etc var/lib var/log; do
    rm -rf "$dir/overlay/$d"; mkdir -p "$dir/overlay/$d/upper" "$dir/overlay/$d/work"
    mount -t overlay overlay -o "lowerdir=/$d,upperdir=$dir/overlay/$d/upper,workdir=$dir/overlay/$d/work" "/$d" || return 1
  done
  cp "$dir/etc/group" /etc/group
  cp -a "$dir/etc/init.d/kesl-supervisor" /etc/init.d/kesl-supervisor
  cp -a "$dir/etc/systemd/system/kesl.service" /etc/systemd/system/kesl.service
  mkdir -p /opt /var/opt
  mount --bind "$dir/var/lib/dpkg" /var/lib/dpkg
  mount --bind "$dir/opt" /opt
  mount --bind "$dir/var/opt" /var/opt
  printf '#!/bin/sh\n# systemctl stand-in of the AV Switch fixture host\necho "$*" >>'"'%s/systemctl.log'"'\nexit 0\n' "$dir" >"$dir/bin/systemctl"
  chmod 755 "$dir/bin/systemctl"
  : >"$dir/systemctl.log"
  # /usr/bin comes first in the fixed PATH of administrator commands. Where it has no systemctl
  # (no systemd installed), an overlay adds one without writing to the real /usr/bin.
  if [ -e /usr/bin/systemctl ]; then
    mount --bind "$dir/bin/systemctl" /usr/bin/systemctl
  else
    rm -rf "$dir/overlay/usr/bin"; mkdir -p "$dir/overlay/usr/bin/upper" "$dir/overlay/usr/bin/work"
    mount -t overlay overlay -o "lowerdir=/usr/bin,upperdir=$dir/overlay/usr/bin/upper,workdir=$dir/overlay/usr/bin/work" /usr/bin || return 1
    cp "$dir/bin/systemctl" /usr/bin/systemctl
  fi
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
