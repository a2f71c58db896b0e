#!/bin/sh
# The translation plumbing: every source file with translatable strings is in po/POTFILES.in,
# every listed file exists, and xgettext extracts them all without a warning (a warning means a
# msgid translators would get wrong). Usage: test-po.sh SOURCE-ROOT
set -u
top=$1
cd "$top" || exit 1
n=0
fail=0
check() {
  n=$((n + 1))
  if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi
}

echo "1..3"
missing=$(grep -lE '(\b_\(|\bN_\(|\bC_\(|ngettext \(|translatable="yes")' $(find src -name '*.c' -o -name '*.ui') data/*.in 2>/dev/null \
          | sort | while read -r f; do grep -qxF "$f" po/POTFILES.in || echo "$f"; done)
[ -z "$missing" ]; check $? "every file with translatable strings is listed in po/POTFILES.in"
[ -z "$missing" ] || echo "# not listed: $missing"

absent=$(grep -vE '^(#|$)' po/POTFILES.in | while read -r f; do [ -f "$f" ] || echo "$f"; done)
[ -z "$absent" ]; check $? "every file po/POTFILES.in lists exists"
[ -z "$absent" ] || echo "# missing: $absent"

out=$(xgettext --files-from=po/POTFILES.in --from-code=UTF-8 --output=/dev/null \
        --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
        --keyword=ngettext:1,2 --flag=g_strdup_printf:1:c-format --flag=g_set_error:4:c-format \
        --add-comments 2>&1)
status=$?
[ $status -eq 0 ] && ! printf '%s' "$out" | grep -qi 'warning'; check $? "xgettext extracts every string without a warning"
[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/# /'
exit $fail
