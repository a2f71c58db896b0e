#!/bin/sh
# --language LL (docs/translating.md): a locale name only, English or a language the build
# ships, refused clearly otherwise; the option works before the command and is not passed on to
# it; the window's binary checks it the same way before it opens anything.
# Usage: test-language.sh PATH/TO/avswitch PATH/TO/avswitch-gtk
set -u
avswitch=$1
gtk=$2
fail=0
n=0

check() {
  n=$((n + 1))
  if eval "$2"; then
    echo "ok $n - $1"
  else
    echo "not ok $n - $1"
    fail=1
  fi
}

echo "1..12"
run() { env -u DISPLAY -u WAYLAND_DISPLAY LANGUAGE= LC_ALL=C.UTF-8 "$@" 2>&1; }

out=$(run "$avswitch" --language en --version); rc=$?
check "--language en before a command works" '[ $rc -eq 0 ] && printf "%s" "$out" | grep -q "^avswitch "'
out=$(run "$avswitch" --language=en_GB.utf8 --version); rc=$?
check "--language=LL_CC.codeset is English too" '[ $rc -eq 0 ]'
out=$(run "$avswitch" explain --language en --region US); rc=$?
check "--language after the command is taken out before the command's own options" '[ $rc -eq 0 ] && printf "%s" "$out" | grep -q "United States"'

i=0
for bad in "de;rm -rf" "../../tmp/x" "x/y" "-de" "" "$(printf 'de\033]52;c;x\007')"; do
  i=$((i + 1))
  out=$(run "$avswitch" --language "$bad" --version); rc=$?
  check "a name that is not a locale name is refused ($i of 6)" \
    '[ $rc -eq 2 ] && printf "%s" "$out" | grep -q "is not a language name"'
done

out=$(run "$avswitch" --language zz --version); rc=$?
check "a language without a translation is refused, with the list" \
  '[ $rc -eq 2 ] && printf "%s" "$out" | grep -q "no translation into “zz”" && printf "%s" "$out" | grep -q "en"'
out=$(run "$avswitch" --language); rc=$?
check "--language without a value says what it needs" '[ $rc -eq 2 ] && printf "%s" "$out" | grep -q "needs a language code"'
out=$(run "$gtk" --language 'x/../y' --version); rc=$?
check "avswitch-gtk refuses it the same way, before anything opens" '[ $rc -eq 2 ] && printf "%s" "$out" | grep -q "is not a language name"'

exit $fail
