#!/bin/sh
# `avswitch catalog`: the bundled catalog without network, JSON output, refusals with exit status 2,
# a damaged cache set aside, ranking for a saved scan. Usage: test-cli-catalog.sh PATH/TO/avswitch
set -u
avswitch=$1
fail=0
n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME="$tmp/cache"
# Never the network: the only refresh below is refused before anything is sent.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY

check() {
  n=$((n + 1))
  if eval "$2"; then
    echo "ok $n - $1"
  else
    echo "not ok $n - $1"
    printf '%s\n' "$out" | sed 's/^/# /' | head -20
    fail=1
  fi
}

echo "1..13"
out=$("$avswitch" catalog 2>&1); rc=$?
check "catalog exits 0 offline" '[ $rc -eq 0 ]'
check "catalog says it uses the bundled copy" 'printf "%s" "$out" | grep -q "bundled with AV Switch"'
check "catalog lists ClamAV with its packages" 'printf "%s" "$out" | grep -q "clamav clamav-daemon clamav-freshclam"'
check "review dates read as dates, not as the catalog's YYYY-MM-DD" 'printf "%s" "$out" | grep -Eq "Reviewed: +[0-9]{1,2} [A-Z][a-z]+ 20[0-9]{2}$" && ! printf "%s" "$out" | grep -Eq "Reviewed: +20[0-9]{2}-"'

out=$("$avswitch" catalog --json 2>&1); rc=$?
check "--json exits 0 and names the source and the key" '[ $rc -eq 0 ] && printf "%s" "$out" | grep -q "\"source\" : \"bundled\"" && printf "%s" "$out" | grep -q "\"key_id\" : \"FCF17925A338C7F9\""'

out=$("$avswitch" catalog --refresh --url http://example.org/catalog.json 2>&1); rc=$?
check "a plain-HTTP address is refused with status 2" '[ $rc -eq 2 ] && printf "%s" "$out" | grep -q "not a secure (HTTPS) web address"'
check "and the bundled catalog is still shown" 'printf "%s" "$out" | grep -q "bundled with AV Switch"'

out=$("$avswitch" catalog --refresh --json --url "ftp://example.org/x" 2>&1); rc=$?
check "--json reports the refusal as an outcome" '[ $rc -eq 2 ] && printf "%s" "$out" | grep -q "\"outcome\" : \"insecure\""'

out=$("$avswitch" catalog --audience everyone 2>&1); rc=$?
check "a wrong audience fails with status 2" '[ $rc -eq 2 ] && printf "%s" "$out" | grep -q "not an audience"'

out=$("$avswitch" catalog --here 2>&1); rc=$?
check "--here without a scan fails with status 2" '[ $rc -eq 2 ] && printf "%s" "$out" | grep -q "needs a scan"'

out=$("$avswitch" catalog --free --open-source --json 2>&1); rc=$?
check "filters keep free open-source products only" '[ $rc -eq 0 ] && printf "%s" "$out" | grep -q "\"id\" : \"clamui\"" && ! printf "%s" "$out" | grep -q "\"id\" : \"drweb-linux\""'

mkdir -p "$tmp/root/etc"
printf 'ID=debian\nVERSION_ID=12\n' > "$tmp/root/etc/os-release"
"$avswitch" scan --root "$tmp/root" --json > "$tmp/scan.json" 2>/dev/null
out=$("$avswitch" catalog --for-scan "$tmp/scan.json" --json 2>&1); rc=$?
check "--for-scan ranks for the home situation, advice first" '[ $rc -eq 0 ] && printf "%s" "$out" | grep -q "\"situation\" : \"home\"" && printf "%s" "$out" | grep -m1 "\"id\" :" | grep -q keep-updated'

mkdir -p "$XDG_CACHE_HOME/avswitch/catalog"
printf 'garbage' > "$XDG_CACHE_HOME/avswitch/catalog/alternatives.json"
printf 'garbage' > "$XDG_CACHE_HOME/avswitch/catalog/alternatives.json.minisig"
out=$("$avswitch" catalog 2>&1); rc=$?
check "a damaged cache is set aside with a message, the bundled copy used" '[ $rc -eq 0 ] && printf "%s" "$out" | grep -q "could not be used and was removed" && [ ! -e "$XDG_CACHE_HOME/avswitch/catalog/alternatives.json" ]'

exit $fail
