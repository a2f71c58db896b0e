#!/usr/bin/env bash
# tests/flatpak/test-repo.sh SOURCE_DIR — the signed repository of build-aux/flatpak-repo, as a
# user gets it: published with a throwaway OpenPGP key made here, served over loopback HTTP, then
# `flatpak install --from URL.flatpakref` installs the app with the signature checked; the same
# .flatpakref refuses a repository that is unsigned or signed by another key; the single-file
# bundle installs. Every install goes into a throwaway user installation (a temporary HOME), so
# the machine's own installations and remotes are never touched; the runtime comes from the
# stand-in installed system-wide (tests/flatpak/common.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
src=${1:?usage: test-repo.sh SOURCE_DIR}
src=$(cd "$src" && pwd)

flatpak_harness_init
why=$(flatpak_can_run) || skip "$why"
arch=$(flatpak --default-arch)
t=$(mktemp -d "$work/test-repo.XXXXXX")
server_pid=
cleanup() {
  set +e
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  stop_session
  for h in "$t"/gpg-*; do [ -d "$h" ] && gpgconf --homedir "$h" --kill gpg-agent >/dev/null 2>&1; done
  cp "$t"/*.log "$work/logs/" 2>/dev/null   # test-repo's logs, for a failure's reader
  rm -rf "$t"
}
trap cleanup EXIT
start_session
prepare_all "$src"
stop_session

# Two throwaway keys: the publisher's, and a stranger's.
make_key() {
  local home=$t/gpg-$1
  mkdir -m 700 "$home"
  gpg --homedir "$home" --batch --quiet --pinentry-mode loopback --passphrase '' \
    --quick-gen-key "AV Switch test $1 <$1@example.invalid>" ed25519 sign never 2>>"$t/gpg.log"
  gpg --homedir "$home" --batch --armor --export-secret-keys >"$t/$1.secret.asc" 2>>"$t/gpg.log"
  gpg --homedir "$home" --batch --with-colons --list-secret-keys 2>>"$t/gpg.log" | awk -F: '$1 == "fpr" { print $10; exit }'
}
good_fpr=$(make_key good)
bad_fpr=$(make_key stranger)

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
mkdir -p "$t/www"
# The stand-in runtime's repository, for the RuntimeRepo line (GNOME's would be Flathub's).
ln -s "$repo" "$t/www/runtime-repo"
printf '[Flatpak Repo]\nTitle=AV Switch test runtimes\nUrl=%s/runtime-repo\n' "$base" >"$t/www/runtime.flatpakrepo"

say "publishing with build-aux/flatpak-repo (throwaway key $good_fpr)"
pub=$t/www/pub
"$src/build-aux/flatpak-repo" "$pub" --gpg-key "$t/good.secret.asc" --url "$base/pub/repo" \
  --remote-name avs-test-repo --runtime-repo "$base/runtime.flatpakrepo" \
  --manifest "$work/$APP_ID.json" --build-dir "$t/repo-build" --state-dir "$work/state" \
  --builder-arg=--disable-download --builder-arg=--disable-updates --builder-arg=--disable-tests \
  --builder-arg=--disable-rofiles-fuse >"$t/publish.log" 2>&1 \
  || { tail -n 40 "$t/publish.log"; echo "not ok: build-aux/flatpak-repo failed"; exit 1; }

# The same app, unsigned and signed by the stranger, each in a repository of its own.
flatpak build-export "$t/www/unsigned" "$t/repo-build" stable >>"$t/publish.log" 2>&1
flatpak build-update-repo "$t/www/unsigned" >>"$t/publish.log" 2>&1
flatpak build-export --gpg-sign="$bad_fpr" --gpg-homedir="$t/gpg-stranger" "$t/www/stranger" "$t/repo-build" stable >>"$t/publish.log" 2>&1
flatpak build-update-repo --gpg-sign="$bad_fpr" --gpg-homedir="$t/gpg-stranger" "$t/www/stranger" >>"$t/publish.log" 2>&1
sed "s|^Url=.*|Url=$base/unsigned|" "$pub/$APP_ID.flatpakref" >"$t/www/unsigned.flatpakref"
sed "s|^Url=.*|Url=$base/stranger|" "$pub/$APP_ID.flatpakref" >"$t/www/stranger.flatpakref"
# The control: the unsigned repository through a .flatpakref without a key installs, so a refusal
# above is the signature's doing (flatpak 1.14 says "No such ref": it drops a summary it cannot
# verify).
sed "s|^Url=.*|Url=$base/unsigned|; /^GPGKey=/d" "$pub/$APP_ID.flatpakref" >"$t/www/control.flatpakref"

python3 -m http.server --bind 127.0.0.1 --directory "$t/www" "$port" >"$t/http.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$port" 2>/dev/null && break; sleep 0.2; done

fail=0
# user_flatpak NAME ARG... — flatpak in a throwaway user installation NAME.
user_flatpak() {
  local h=$t/home-$1; shift
  mkdir -p "$h"
  HOME=$h XDG_DATA_HOME=$h/.local/share XDG_CONFIG_HOME=$h/.config XDG_CACHE_HOME=$h/.cache \
    flatpak --user "$@"
}

# 1. The published .flatpakref: installs, from a remote that verifies signatures.
if user_flatpak good install -y --noninteractive --from "$base/pub/$APP_ID.flatpakref" >"$t/good.log" 2>&1; then
  origin=$(user_flatpak good info --show-origin "$APP_ID" 2>/dev/null || true)
  verify=$(HOME=$t/home-good flatpak --user remote-list --columns=name,options 2>/dev/null || true)
  if [ "$origin" != avs-test-repo ]; then
    echo "not ok: installed from '$origin', not the remote avs-test-repo"; fail=1
  elif grep -E '^avs-test-repo[[:space:]]' <<<"$verify" | grep -q 'no-gpg-verify'; then
    echo "$verify"; echo "not ok: the remote added by the .flatpakref does not verify signatures"; fail=1
  elif ! user_flatpak good run --command=avswitch "$APP_ID" --version >"$t/run.log" 2>&1; then
    cat "$t/run.log"; echo "not ok: the app installed from the signed repository does not run"; fail=1
  else
    echo "ok: flatpak install --from the .flatpakref installed the app, signature verified ($(cat "$t/run.log"))"
  fi
else
  cat "$t/good.log"; echo "not ok: flatpak install --from the .flatpakref failed"; fail=1
fi

# 2. and 3. Unsigned, and signed by another key: refused, for want of a good signature.
for case in unsigned stranger; do
  if user_flatpak "$case" install -y --noninteractive --from "$base/$case.flatpakref" >"$t/$case.log" 2>&1; then
    cat "$t/$case.log"; echo "not ok: the $case repository was installed from"; fail=1
  elif user_flatpak "$case" info "$APP_ID" >/dev/null 2>&1; then
    echo "not ok: the $case repository's app is installed although the install failed"; fail=1
  elif ! grep -qiE 'gpg|signature|No such ref' "$t/$case.log"; then
    cat "$t/$case.log"; echo "not ok: the $case repository was refused, but not for its signature"; fail=1
  else
    echo "ok: the $case repository is refused: $(grep -iE 'gpg|signature|No such ref' "$t/$case.log" | head -n 1)"
  fi
done
if user_flatpak control install -y --noninteractive --from "$base/control.flatpakref" >"$t/control.log" 2>&1 \
   && user_flatpak control info "$APP_ID" >/dev/null 2>&1; then
  echo "ok: control: the unsigned repository installs when the .flatpakref has no key"
else
  cat "$t/control.log"; echo "not ok: control: the unsigned repository does not install even without a key"; fail=1
fi

# 4. The single-file bundle installs (offline) and names the key for its updates.
if user_flatpak bundle install -y --noninteractive --bundle "$pub/$APP_ID.flatpak" >"$t/bundle.log" 2>&1; then
  echo "ok: the bundle installs"
else
  cat "$t/bundle.log"; echo "not ok: the bundle does not install"; fail=1
fi

# The published files carry the public key of the key that signed.
for f in "$pub/$APP_ID.flatpakref" "$pub/avswitch.flatpakrepo"; do
  key=$(sed -n 's/^GPGKey=//p' "$f" | base64 -d | gpg --batch --with-colons --import-options show-only --import 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }')
  [ "$key" = "$good_fpr" ] || { echo "not ok: $(basename "$f") carries key '$key', not $good_fpr"; fail=1; }
done
exit "$fail"
