#!/bin/sh
# The translations against the sources: the template is made again now (xgettext, with the
# options of tests/test-po.sh) and compared with what is committed. Works with po/LINGUAS empty
# and is ready for languages:
#  - po/avswitch.pot, when it is committed, holds every string extracted now;
#  - every language of po/LINGUAS has its po/LL.po, which holds every string extracted now
#    (msgcmp), passes msgfmt --check (format strings, plural forms, header) and is 100 %
#    translated: no fuzzy and no untranslated entry;
#  - every po/*.po is listed in po/LINGUAS (a translation left out would never ship).
# Usage: test-po-template.sh SOURCE-ROOT
set -u
top=$1
cd "$top" || exit 1

if ! command -v xgettext >/dev/null 2>&1 || ! command -v msgcmp >/dev/null 2>&1; then
  echo "1..0 # SKIP gettext is not installed"
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/avs-pot-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

n=0
fail=0
check() {
  n=$((n + 1))
  if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi
}

linguas=$(sed -e 's/#.*//' po/LINGUAS | tr -s ' \t' '\n\n' | grep -v '^$' || true)

xgettext --files-from=po/POTFILES.in --from-code=UTF-8 --output="$tmp/avswitch.pot" \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
  --keyword=ngettext:1,2 --keyword=g_dpgettext2:2c,3 --add-comments \
  --package-name=avswitch --msgid-bugs-address=https://github.com/avswitch/avswitch/issues \
  2>"$tmp/xgettext.log"
check $? "the template is made from po/POTFILES.in"
count=$(grep -c '^msgid ' "$tmp/avswitch.pot" 2>/dev/null || echo 0)
[ "$count" -gt 500 ]; check $? "the template has the program's strings ($count msgids)"

if [ -f po/avswitch.pot ]; then
  msgcmp --use-untranslated po/avswitch.pot "$tmp/avswitch.pot" >"$tmp/msgcmp.log" 2>&1
  check $? "po/avswitch.pot holds every string extracted now (update it: meson compile avswitch-pot)"
  [ -s "$tmp/msgcmp.log" ] && sed 's/^/# /' "$tmp/msgcmp.log" | head -40
else
  n=$((n + 1)); echo "ok $n # SKIP po/avswitch.pot is not committed (meson makes it: avswitch-pot)"
fi

unlisted=""
for po in po/*.po; do
  [ -e "$po" ] || continue
  lang=$(basename "$po" .po)
  printf '%s\n' "$linguas" | grep -qxF "$lang" || unlisted="$unlisted $lang"
done
[ -z "$unlisted" ]; check $? "every po/*.po is listed in po/LINGUAS"
[ -z "$unlisted" ] || echo "# not listed:$unlisted"

for lang in $linguas; do
  po="po/$lang.po"
  if [ ! -f "$po" ]; then
    check 1 "$lang: $po exists"
    continue
  fi
  msgfmt --check --statistics -o /dev/null "$po" >"$tmp/msgfmt.log" 2>&1
  check $? "$lang: msgfmt --check passes"
  stats=$(tail -n 1 "$tmp/msgfmt.log")
  if printf '%s' "$stats" | grep -qE 'fuzzy|untranslated'; then
    check 1 "$lang: 100 % translated ($stats)"
  else
    check 0 "$lang: 100 % translated ($stats)"
  fi
  # Every extracted string has an entry (a language made from an old template misses new ones).
  msgcmp "$po" "$tmp/avswitch.pot" >"$tmp/msgcmp-$lang.log" 2>&1
  check $? "$lang: every string extracted now is in $po"
  [ -s "$tmp/msgcmp-$lang.log" ] && sed 's/^/# /' "$tmp/msgcmp-$lang.log" | head -20
done

echo "1..$n"
exit $fail
