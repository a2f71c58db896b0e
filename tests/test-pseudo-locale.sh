#!/bin/sh
# The pseudo-locale: the template made now from the sources (xgettext, with the options of
# tests/test-po.sh), every msgstr its msgid behind the marker "[xx]" (translate-toolkit's
# podebug), compiled with msgfmt into a temporary folder, then the window walked in it
# (test-ui-pseudo). That program binds the domain to the folder itself; the shipped binaries
# never read translations from a folder the environment names.
# Usage: test-pseudo-locale.sh SOURCE-ROOT TEST-PROGRAM [ARGUMENT…]
set -u
top=$1
program=$2
shift 2

for tool in xgettext podebug msgfmt; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "1..0 # SKIP $tool is not installed (apt-get install gettext translate-toolkit)"
    exit 0
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/avs-pseudo-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

(cd "$top" && xgettext --files-from=po/POTFILES.in --from-code=UTF-8 --output="$tmp/avswitch.pot" \
   --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
   --keyword=ngettext:1,2 --keyword=g_dpgettext2:2c,3 --add-comments 2>"$tmp/xgettext.log") || {
  echo "Bail out! xgettext failed"; sed 's/^/# /' "$tmp/xgettext.log"; exit 1; }
podebug --progress=none -f '[xx]' -i "$tmp/avswitch.pot" -o "$tmp/xx.po" >"$tmp/podebug.log" 2>&1 || {
  echo "Bail out! podebug failed"; sed 's/^/# /' "$tmp/podebug.log"; exit 1; }
# The template's header is a fuzzy placeholder: a real one, with English's plural rule.
sed -i -e '0,/^#, fuzzy$/{/^#, fuzzy$/d}' \
       -e 's/nplurals=INTEGER; plural=EXPRESSION;/nplurals=2; plural=(n != 1);/' \
       -e 's/^"Language: \\n"$/"Language: xx\\n"/' "$tmp/xx.po"
mkdir -p "$tmp/locale/xx/LC_MESSAGES"
msgfmt --check-format -o "$tmp/locale/xx/LC_MESSAGES/avswitch.mo" "$tmp/xx.po" 2>"$tmp/msgfmt.log" || {
  echo "Bail out! msgfmt failed"; sed 's/^/# /' "$tmp/msgfmt.log"; exit 1; }

AVS_TEST_PSEUDO_LOCALEDIR="$tmp/locale" "$program" "$@"
