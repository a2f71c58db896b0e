# tests/flatpak/common.sh — sourced by the Flatpak test harness (tests/flatpak/*.sh).
#
# The GNOME runtime cannot be downloaded where the tests run, so a stand-in runtime and SDK are
# made from Debian 12 packages (org.avswitch.TestPlatform and org.avswitch.TestSdk, branch
# "bookworm"): a debootstrap tree plus apt-get, its /usr and /etc committed as Flatpak runtimes
# into a local OSTree repository. The project's own manifest is rewritten to use them (runtime
# and SDK swapped, modules the SDK provides dropped), built with flatpak-builder and installed
# system-wide from the remote "avs-test". Everything is cached in the work folder ($AVS_FLATPAK_WORK,
# default /var/tmp/avs-flatpak), keyed by a stamp of the recipe: a second run rebuilds only what
# changed. What this is not: GNOME 50's libraries (Debian 12 has GTK 4.8, libadwaita 1.2).
#
# Functions: flatpak_harness_init, flatpak_can_run (prints why not), ensure_runtime,
# ensure_app SOURCE_DIR, prepare_manifest SRC OUT, start_session, stop_session.

APP_ID=io.github.avswitch.AvSwitch
TEST_RUNTIME=org.avswitch.TestPlatform
TEST_SDK=org.avswitch.TestSdk
TEST_BRANCH=bookworm          # runtime branch, and the Debian suite it is made from
TEST_REMOTE=avs-test          # system remote for the stand-in runtimes and the test build
DROP_MODULES=libsodium        # manifest modules the stand-in SDK provides instead (no network)
RECIPE=2                      # bump when the runtime recipe below changes: forces a rebuild

# What the GNOME runtime gives the app, from Debian 12.
runtime_packages=(
  libgtk-4-1 libgtk-4-common libadwaita-1-0 libsoup-3.0-0 libjson-glib-1.0-0 libsodium23
  glib-networking libglib2.0-bin gsettings-desktop-schemas dconf-gsettings-backend
  shared-mime-info adwaita-icon-theme hicolor-icon-theme librsvg2-common
  fonts-cantarell fonts-dejavu-core ca-certificates tzdata locales
  fonts-wqy-microhei   # Chinese glyphs, as an installed app gets them from the host's fonts
  flatpak-xdg-utils libgl1-mesa-dri libegl1 libgl1
)
# The SDK: the runtime plus headers and build tools (what the GNOME SDK has for this app; it
# has no minisign, dpkg, rpmbuild or certutil, so the tests that need them skip there too).
sdk_packages=(
  "${runtime_packages[@]}"
  libgtk-4-dev libgtk-4-bin libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev libsodium-dev
  libglib2.0-dev libglib2.0-dev-bin gcc libc6-dev pkg-config meson ninja-build
  gettext desktop-file-utils appstream openssl git
  polkitd libxml2-utils   # polkit's ITS rules (msgfmt of the .policy) and xmllint, as in the GNOME SDK
)
# Host tools: command → Debian package.
host_tools=(
  debootstrap:debootstrap flatpak:flatpak flatpak-builder:flatpak-builder ostree:ostree
  bwrap:bubblewrap Xvfb:xvfb dbus-daemon:dbus-daemon import:imagemagick python3:python3
  git:git pgrep:procps gpg:gnupg flock:util-linux
)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }
# Exit status 77: meson counts the test as skipped.
skip() { printf '%s: SKIP: %s\n' "${0##*/}" "$*" >&2; exit 77; }

flatpak_harness_init() {
  work=${AVS_FLATPAK_WORK:-/var/tmp/avs-flatpak}
  mkdir -p "$work"/{cache,logs,runtime}
  work=$(cd "$work" && pwd)
  repo=$work/repo
}

# Prints why Flatpak cannot run here (and returns 1), or nothing. Installs the host tools first
# (apt-get) when root; a machine without apt-get or root cannot run the harness.
flatpak_can_run() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "needs root: debootstrap, chroot and system-wide Flatpak installs"; return 1
  fi
  local missing=() t
  for t in "${host_tools[@]}"; do command -v "${t%%:*}" >/dev/null 2>&1 || missing+=("${t#*:}"); done
  if [ ${#missing[@]} -gt 0 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
      echo "missing ${missing[*]} and no apt-get to install them"; return 1
    fi
    say "installing host packages: ${missing[*]}"
    {
      apt-get update -q
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
    } >"$work/logs/host-apt.log" 2>&1 || { echo "apt-get install ${missing[*]} failed (log: $work/logs/host-apt.log)"; return 1; }
  fi
  # bubblewrap needs user or mount namespaces; some containers forbid them.
  local err
  if ! err=$(bwrap --unshare-all --die-with-parent --ro-bind / / --proc /proc --dev /dev true 2>&1); then
    echo "bubblewrap cannot make a sandbox here: $err"; return 1
  fi
  return 0
}

# The Debian mirror, read from this machine's apt configuration (never written into a file here).
# Prints "URI SUITE" for every enabled deb source, one-line and deb822 formats alike.
apt_sources() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    sed -e 's/#.*//' "$f" | awk '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ } if (i < NF) print $i, $(i + 1) }'
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk 'BEGIN { RS = ""; FS = "\n" }
      { types = ""; uris = ""; suites = ""; enabled = "yes"
        for (i = 1; i <= NF; i++) {
          line = $i; if (line ~ /^[ \t]*#/ || index(line, ":") == 0) continue
          key = tolower(substr(line, 1, index(line, ":") - 1)); val = substr(line, index(line, ":") + 1)
          gsub(/^[ \t]+|[ \t]+$/, "", val)
          if (key == "types") types = val; else if (key == "uris") uris = val
          else if (key == "suites") suites = val; else if (key == "enabled") enabled = tolower(val)
        }
        if (enabled == "no" || types !~ /(^|[ \t])deb([ \t]|$)/) next
        n = split(uris, U, /[ \t]+/); m = split(suites, S, /[ \t]+/)
        for (a = 1; a <= n; a++) for (b = 1; b <= m; b++) print U[a], S[b] }' "$f"
  done
}

# Runs a command chrooted into TREE, with /proc, /dev and the shared apt cache mounted in a
# private mount namespace (the mounts vanish with it).
in_chroot() {
  local tree=$1; shift
  mkdir -p "$work/cache/apt-archives/partial"
  unshare --mount --propagation private bash -c '
    set -e; t=$1; a=$2; shift 2
    mount -t proc proc "$t/proc"; mount --rbind /dev "$t/dev"; mount -t tmpfs tmpfs "$t/tmp"
    mount --bind "$a" "$t/var/cache/apt/archives"
    exec chroot "$t" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
      DEBIAN_FRONTEND=noninteractive "$@"' in_chroot "$tree" "$work/cache/apt-archives" "$@"
}

# make_runtime NAME PACKAGE... — the Flatpak runtime NAME//TEST_BRANCH in $repo, from Debian packages.
make_runtime() {
  local name=$1; shift
  local dir=$work/runtime/$name tree=$work/runtime/$name.tree log=$work/logs/runtime-$name.log stamp
  stamp=$(printf '%s\n' "$RECIPE" "$mirror" "$@" | sha256sum | cut -c1-16)
  if [ "$(cat "$dir.stamp" 2>/dev/null)" = "$stamp" ] \
     && ostree --repo="$repo" rev-parse "runtime/$name/$arch/$TEST_BRANCH" >/dev/null 2>&1; then
    return 0
  fi
  say "$name//$TEST_BRANCH: apt-get install of $# packages into a Debian tree (log: $log)"
  rm -rf "$tree" "$dir"; mkdir -p "$tree"
  tar -C "$tree" -xf "$base_tar"
  printf '%s\n' "$chroot_sources" >"$tree/etc/apt/sources.list"
  rm -f "$tree"/etc/apt/sources.list.d/*
  cp /etc/resolv.conf "$tree/etc/resolv.conf" 2>/dev/null || true
  printf '#!/bin/sh\nexit 101\n' >"$tree/usr/sbin/policy-rc.d"; chmod 755 "$tree/usr/sbin/policy-rc.d"
  printf 'en_US.UTF-8 UTF-8\n' >"$tree/etc/locale.gen"
  {
    in_chroot "$tree" apt-get update
    in_chroot "$tree" apt-get install -y --no-install-recommends "$@"
    in_chroot "$tree" locale-gen
  } >"$log" 2>&1 || { tail -n 30 "$log" >&2; die "building $name failed (log: $log)"; }
  rm -f "$tree/usr/sbin/policy-rc.d"

  # A Flatpak runtime is /usr as files/, with the tree's /etc as files/etc (flatpak links each
  # entry into the sandbox's /etc, except those it makes itself: passwd, group, hosts, …).
  mkdir -p "$dir"
  mv "$tree/usr" "$dir/files"
  mv "$tree/etc" "$dir/files/etc"
  rm -rf "$tree"
  ( cd "$dir/files/etc" && rm -f passwd passwd- group group- shadow shadow- gshadow gshadow- \
      hostname hosts resolv.conf machine-id mtab subuid subgid && rm -rf apt/sources.list.d )
  # Its own identity, as the GNOME runtime has: the sandbox's /etc/os-release is the runtime's.
  rm -f "$dir/files/etc/os-release" "$dir/files/lib/os-release"
  cat >"$dir/files/lib/os-release" <<OSR
NAME="AV Switch test platform"
ID=org.avswitch.testplatform
VERSION_ID=$TEST_BRANCH
PRETTY_NAME="AV Switch test platform (Debian $TEST_BRANCH packages, $name)"
OSR
  ln -s ../usr/lib/os-release "$dir/files/etc/os-release"
  # The GNOME runtime and SDK have no package manager; nor do these.
  rm -rf "$dir"/files/bin/dpkg* "$dir"/files/bin/apt* "$dir/files/lib/apt" "$dir/files/lib/dpkg"
  # flatpak-spawn and the portal wrappers on PATH, where the GNOME runtime has them.
  local t
  for t in flatpak-spawn xdg-open xdg-email; do ln -s "../libexec/flatpak-xdg-utils/$t" "$dir/files/bin/$t"; done
  cat >"$dir/metadata" <<META
[Runtime]
name=$name
runtime=$TEST_RUNTIME/$arch/$TEST_BRANCH
sdk=$TEST_SDK/$arch/$TEST_BRANCH
META
  [ -d "$repo/objects" ] || ostree init --mode=archive-z2 --repo="$repo"
  flatpak build-export --files=files --no-update-summary --subject="$name from Debian $TEST_BRANCH packages" \
    "$repo" "$dir" "$TEST_BRANCH" >>"$log" 2>&1 || { tail -n 20 "$log" >&2; die "flatpak build-export of $name failed (log: $log)"; }
  rm -rf "$dir"
  echo "$stamp" >"$dir.stamp"
}

# The stand-in runtime and SDK, built when their recipe changed, and installed system-wide.
ensure_runtime() {
  arch=$(flatpak --default-arch)
  mirror=$(apt_sources | awk -v s="$TEST_BRANCH" '$2 == s && !found { print $1; found = 1 }')
  [ -n "$mirror" ] || die "no 'deb … $TEST_BRANCH' source in the apt configuration: cannot find the Debian mirror"
  chroot_sources=$(apt_sources | awk -v s="$TEST_BRANCH" '$2 == s || $2 == s "-updates" || $2 == s "-security" { print "deb " $1 " " $2 " main" }' | sort -u)

  base_tar=$work/cache/base-$TEST_BRANCH.tar
  if [ ! -s "$base_tar" ]; then
    say "debootstrap: a minimal Debian $TEST_BRANCH tree (cached in $base_tar)"
    rm -rf "$work/cache/base-root"
    debootstrap --variant=minbase "$TEST_BRANCH" "$work/cache/base-root" "$mirror" >"$work/logs/debootstrap.log" 2>&1 \
      || { tail -n 20 "$work/logs/debootstrap.log" >&2; die "debootstrap failed (log: $work/logs/debootstrap.log)"; }
    tar -C "$work/cache/base-root" -cf "$base_tar.tmp" . && mv "$base_tar.tmp" "$base_tar"
    rm -rf "$work/cache/base-root"
  fi
  make_runtime "$TEST_RUNTIME" "${runtime_packages[@]}"
  make_runtime "$TEST_SDK" "${sdk_packages[@]}"
  flatpak build-update-repo "$repo" >"$work/logs/update-repo.log" 2>&1

  if flatpak remotes --system --columns=name | grep -qx "$TEST_REMOTE"; then
    flatpak remote-modify --system --no-gpg-verify --url="file://$repo" "$TEST_REMOTE"
  else
    flatpak remote-add --system --no-gpg-verify "$TEST_REMOTE" "file://$repo"
  fi
  local r installed=() wanted
  for r in "$TEST_RUNTIME" "$TEST_SDK"; do
    wanted=$(ostree --repo="$repo" rev-parse "runtime/$r/$arch/$TEST_BRANCH")
    installed=$(flatpak info --system --show-commit "$r//$TEST_BRANCH" 2>/dev/null || true)
    [ "$installed" = "$wanted" ] && continue
    say "installing $r//$TEST_BRANCH"
    flatpak install --system -y --noninteractive --or-update "$TEST_REMOTE" "runtime/$r/$arch/$TEST_BRANCH" \
      >"$work/logs/install-runtime.log" 2>&1 || { tail -n 20 "$work/logs/install-runtime.log" >&2; die "installing $r failed"; }
  done
}

# prepare_manifest SRC OUT — the project's manifest for the stand-in: runtime and SDK swapped,
# DROP_MODULES removed, relative paths made absolute, no debug information and no
# appstream-compose (the stand-in SDK lacks elfutils and appstream-glib). Any other module that downloads its sources
# is an error (there is no network).
prepare_manifest() {
  python3 - "$1" "$2" "$TEST_RUNTIME" "$TEST_SDK" "$TEST_BRANCH" "$DROP_MODULES" <<'PY'
import json, os, sys
src, out, runtime, sdk, branch, drop = sys.argv[1:7]
drop = {d for d in drop.split(",") if d}
with open(src) as f:
    m = json.load(f)
base = os.path.dirname(os.path.abspath(src))
m["runtime"], m["sdk"], m["runtime-version"] = runtime, sdk, branch
# The stand-in SDK has no elfutils (eu-strip), which splitting out debug information needs.
m.setdefault("build-options", {})["no-debuginfo"] = True
# Nor appstream-compose (appstream-glib): the metainfo is validated by the test suite instead.
m["appstream-compose"] = False
if m.get("sdk-extensions"):
    sys.exit("the manifest needs SDK extensions %s, which the stand-in SDK does not have" % m["sdk-extensions"])
needs_net = []
def fix(mod, where):
    if not isinstance(mod, dict):
        sys.exit("module %r is a separate file: not supported here" % mod)
    for s in mod.get("sources", []):
        if not isinstance(s, dict):
            sys.exit("a source of module %s is a separate file: not supported here" % mod.get("name"))
        if "url" in s or "mirror-urls" in s:
            needs_net.append(where + mod.get("name", "?"))
        if "path" in s and not os.path.isabs(s["path"]):
            s["path"] = os.path.normpath(os.path.join(base, s["path"]))
    mod["modules"] = [x for x in mod.get("modules", []) if not (isinstance(x, dict) and x.get("name") in drop)]
    for x in mod["modules"]:
        fix(x, where + mod.get("name", "?") + "/")
    if not mod["modules"]:
        del mod["modules"]
m["modules"] = [x for x in m["modules"] if not (isinstance(x, dict) and x.get("name") in drop)]
for x in m["modules"]:
    fix(x, "")
if needs_net:
    sys.exit("these modules download their sources, and there is no network: %s" % ", ".join(needs_net))
with open(out, "w") as f:
    json.dump(m, f, indent=2)
    f.write("\n")
PY
}

# copy_checkout SRC DEST — the checkout's tracked and untracked-not-ignored files (so no build
# folders), never writing to the checkout.
copy_checkout() {
  local src=$1 dest=$2
  rm -rf "$dest"; mkdir -p "$dest"
  if git -c safe.directory="$src" -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -c safe.directory="$src" -C "$src" ls-files -z -co --exclude-standard \
      | while IFS= read -r -d '' f; do if [ -e "$src/$f" ] || [ -L "$src/$f" ]; then printf '%s\0' "$f"; fi; done \
      | tar -C "$src" --null -T - -cf - | tar -C "$dest" -xf -
  else
    tar -C "$src" --exclude='./_build*' --exclude=./.flatpak-builder -cf - . | tar -C "$dest" -xf -
  fi
}

# ensure_app SOURCE_DIR — the app built from SOURCE_DIR with the project's manifest (its test
# suite runs in the build sandbox: "run-tests"), exported to $repo and installed system-wide from
# $TEST_REMOTE. Rebuilt only when the checkout changed. The build log, with the suite's summary,
# is $work/logs/build.log. Needs start_session first (the UI tests need the display).
ensure_app() {
  local src stamp
  src=$(cd "$1" && pwd)
  copy_checkout "$src" "$work/src.new"
  # The harness itself (tests/flatpak, build-aux/flatpak-repo) is not part of the app.
  stamp=$( (cd "$work/src.new" && find . -type f ! -path './tests/flatpak/*' ! -path ./build-aux/flatpak-repo -print0 \
              | LC_ALL=C sort -z | xargs -0 sha256sum; printf '%s\n' "$RECIPE") | sha256sum | cut -c1-16)
  if [ "$(cat "$work/app.stamp" 2>/dev/null)" = "$stamp" ] && flatpak info --system "$APP_ID" >/dev/null 2>&1; then
    rm -rf "$work/src.new"
    return 0
  fi
  rm -rf "$work/src"; mv "$work/src.new" "$work/src"
  manifest=$work/$APP_ID.json
  prepare_manifest "$work/src/flatpak/$APP_ID.json" "$manifest" || die "cannot use the project's manifest"
  say "flatpak-builder: building $APP_ID and running its test suite in the build sandbox (log: $work/logs/build.log)"
  local t0=$SECONDS
  # --jobs=2 caps ninja; meson test reads MESON_TESTTHREADS.
  if ! MESON_TESTTHREADS=2 flatpak-builder --force-clean --disable-rofiles-fuse --disable-download --disable-updates \
       --state-dir="$work/state" --repo="$repo" --jobs=2 "$work/app-build" "$manifest" >"$work/logs/build.log" 2>&1; then
    grep -E '^(Ok|Fail|Expected Fail|Unexpected Pass|Skipped|Timeout): ' "$work/logs/build.log" >&2 || true
    tail -n 60 "$work/logs/build.log" >&2
    die "flatpak-builder failed (log: $work/logs/build.log)"
  fi
  echo "$((SECONDS - t0))" >"$work/logs/build.seconds"
  flatpak build-update-repo "$repo" >>"$work/logs/update-repo.log" 2>&1
  flatpak install --system -y --noninteractive --or-update "$TEST_REMOTE" "app/$APP_ID/$arch/master" \
    >"$work/logs/install-app.log" 2>&1 || { tail -n 20 "$work/logs/install-app.log" >&2; die "installing the app failed"; }
  echo "$stamp" >"$work/app.stamp"
}

# A headless desktop session: Xvfb and a private D-Bus session bus (flatpak-session-helper and the
# portals start by D-Bus activation when first called). stop_session ends what it started.
xvfb_pid= dbus_pid=
start_session() {
  local n=90
  while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
  Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp -noreset >"$work/logs/xvfb-$$.log" 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 50); do [ -S "/tmp/.X11-unix/X$n" ] && break; sleep 0.2; done
  [ -S "/tmp/.X11-unix/X$n" ] || die "Xvfb did not start (log: $work/logs/xvfb-$$.log)"
  export DISPLAY=:$n
  unset XAUTHORITY WAYLAND_DISPLAY
  local out
  out=$(dbus-daemon --session --fork --nopidfile --print-address=1 --print-pid=1)
  export DBUS_SESSION_BUS_ADDRESS=${out%%$'\n'*}
  dbus_pid=${out##*$'\n'}
  if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
    export XDG_RUNTIME_DIR=/run/user/$(id -u)
    mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  fi
}
stop_session() {
  local p
  if [ -n "$dbus_pid" ]; then
    for p in $(pgrep -P "$dbus_pid"); do kill "$p" 2>/dev/null; done   # services it activated
    kill "$dbus_pid" 2>/dev/null
  fi
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
  dbus_pid= xvfb_pid=
  unset DISPLAY DBUS_SESSION_BUS_ADDRESS
  return 0
}

# The whole preparation, serialised between concurrent tests (they share the installation).
prepare_all() {
  local src=$1
  exec 9>"$work/lock"
  flock 9
  ensure_runtime
  ensure_app "$src"
  flock -u 9
}
