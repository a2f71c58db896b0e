#!/bin/sh
# The session report from the command line (issue 14): scan, plan, apply --dry-run and verify
# --report FILE write and update one report; `avswitch report FILE --format json|md|html`
# renders it. Redacted unless asked (searched in every file), the HTML well-formed and
# self-contained (parsed), the Markdown with the same facts, and a malformed, truncated,
# future or oversized report refused with a clear message (exit status 2) and left as it was.
# Usage: test-cli-report.sh PATH/TO/avswitch
set -u
avswitch=$1
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

if ! command -v python3 > /dev/null 2>&1; then
  echo "1..0 # SKIP python3 (to parse the HTML) is not installed"
  exit 0
fi

echo "1..35"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/cache" XDG_CONFIG_HOME="$tmp/config"
unset DISPLAY WAYLAND_DISPLAY

# A machine whose host name and whose person's name show up in what the scan finds, with
# markup in a folder name.
root=$tmp/root
host=kesl-report-host-9
mkdir -p "$root/etc" "$root/home/zoe" "$root/opt/kaspersky/kesl/bin" \
  "$root/var/opt/kaspersky/kesl/install_zoe_$host" \
  "$root/var/opt/kaspersky/kesl/install_<script>alert(1)<" \
  "$root/var/opt/kaspersky/kesl/install_a](javascript:x)"
printf 'ID=debian\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n' > "$root/etc/os-release"
echo "$host" > "$root/etc/hostname"
printf 'root:x:0:0:root:/root:/bin/sh\nzoe:x:1000:1000:Zoe:/home/zoe:/bin/sh\n' > "$root/etc/passwd"
: > "$root/opt/kaspersky/kesl/bin/kesl"

report=$tmp/session.avsreport
"$avswitch" scan --root "$root" --report "$report" > "$tmp/scan.txt" 2>&1; rc=$?
check "scan --report keeps scan's exit status (1: found)" '[ $rc -eq 1 ]'
check "the report is readable by its owner only" '[ "$(stat -c %a "$report")" = 600 ]'
"$avswitch" plan --root "$root" --report "$report" > /dev/null 2>&1; rc=$?
check "plan --report succeeds" '[ $rc -eq 0 ]'
"$avswitch" apply --root "$root" --dry-run --report "$report" > /dev/null 2>&1; rc=$?
check "apply --dry-run --report succeeds" '[ $rc -eq 0 ]'
"$avswitch" verify --root "$root" --report "$report" > /dev/null 2>&1; rc=$?
check "verify --report keeps verify's exit status (1: still there after a dry run)" '[ $rc -eq 1 ]'
"$avswitch" explain --region DE --report "$report" > /dev/null 2>&1; rc=$?
check "explain --report records the region and the explanation" '[ $rc -eq 0 ] && grep -q "\"region\" : \"DE\"" "$report" && grep -q "\"section\" : \"for-you\"" "$report"'

for format in json md html; do
  "$avswitch" report "$report" --format $format --output "$tmp/r.$format" 2> "$tmp/err"; rc=$?
  check "report --format $format writes the file" '[ $rc -eq 0 ] && [ -s "$tmp/r.$format" ] && [ "$(stat -c %a "$tmp/r.$format")" = 600 ]'
done
"$avswitch" report "$report" > "$tmp/stdout.md" 2>&1; rc=$?
check "report prints Markdown by default" '[ $rc -eq 0 ] && head -1 "$tmp/stdout.md" | grep -q "^# AV Switch session report"'

# Redaction: searched in every file, the saved report included.
leaks() {
  grep -l -e "$host" -e "zoe" -e "/home/zoe" "$@"
}
check "no host name, user name or home folder in the redacted files" '! leaks "$report" "$tmp/r.json" "$tmp/r.md" "$tmp/r.html" "$tmp/stdout.md"'
check "the placeholders are there" 'grep -q "install_<user[0-9]*>_<host>" "$tmp/r.json" && grep -q "&lt;host&gt;" "$tmp/r.html"'
check "the explanation is rendered with its sources as links" 'grep -q "^## Region and explanation shown" "$tmp/r.md" && grep -q "<a href=\"https://" "$tmp/r.html"'
"$avswitch" report "$report" --format md --keep-personal > "$tmp/kept.md" 2>&1
check "a report saved redacted stays redacted" '! leaks "$tmp/kept.md"'

kept=$tmp/kept.avsreport
"$avswitch" scan --root "$root" --report "$kept" --report-keep-personal > /dev/null 2>&1
"$avswitch" report "$kept" --format md --keep-personal > "$tmp/kept.md" 2>&1
"$avswitch" report "$kept" --format md > "$tmp/kept-redacted.md" 2>&1
check "--report-keep-personal keeps the names" 'grep -q "$host" "$kept" && grep -q "zoe" "$tmp/kept.md"'
check "a kept report is still redacted when rendered without --keep-personal" '! leaks "$tmp/kept-redacted.md"'

# The HTML: well-formed, self-contained, every machine string escaped; the Markdown: the same
# facts (each step's title, each finding, escaped for Markdown).
python3 - "$tmp/r.json" "$tmp/r.html" "$tmp/r.md" > "$tmp/py.txt" 2>&1 <<'EOF'
import json, sys, xml.etree.ElementTree as ET
doc = json.load(open(sys.argv[1], encoding="utf-8"))
html = open(sys.argv[2], encoding="utf-8").read()
md = open(sys.argv[3], encoding="utf-8").read()
problems = []
body = html.split("\n", 1)[1] if html.startswith("<!DOCTYPE html>") else html
try:
    tree = ET.fromstring(body)
except ET.ParseError as e:
    print("not well-formed:", e); sys.exit(1)
links = 0
for el in tree.iter():
    tag = el.tag.lower()
    if tag in ("script", "iframe", "img", "link", "object", "embed", "frame", "base", "form",
               "audio", "video", "source", "svg", "math"):
        problems.append("element " + tag)
    for name, value in el.attrib.items():
        if name.lower().startswith("on") or name.lower() in ("src", "srcset", "action", "style"):
            problems.append("attribute %s on %s" % (name, tag))
        if name.lower() == "href":
            links += 1
            if tag != "a" or not value.startswith("https://"):
                problems.append("link %s on %s" % (value, tag))
    if tag == "style" and ("url(" in (el.text or "") or "@import" in (el.text or "")):
        problems.append("a resource in the style sheet")
if "<script" in html:
    problems.append("raw <script")
def md_escape(text):
    return "".join("\\" + c if c in "\\`*_[]<>&|~#" else c for c in text)
def html_escape(text):
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))
facts = [s["title"] for s in doc["steps"]]
for f in doc["first_scan"]["findings"]:
    facts.append(f["name"])
    facts += [e["value"] for e in f["evidence"]]
for fact in facts:
    if md_escape(fact) not in md:
        problems.append("Markdown lacks " + fact)
    if html_escape(fact) not in html:
        problems.append("HTML lacks " + fact)
if not doc["steps"] or not doc["verification"]:
    problems.append("the report has no steps or no verification")
print("links:", links, "facts:", len(facts))
for p in problems:
    print("problem:", p)
sys.exit(1 if problems else 0)
EOF
rc=$?
check "the HTML is well-formed and self-contained; the Markdown and HTML have the same facts" '[ $rc -eq 0 ] || { cat "$tmp/py.txt"; false; }'
check "the hostile folder name is escaped in HTML and Markdown" 'grep -q "&lt;script&gt;alert(1)&lt;" "$tmp/r.html" && grep -q "\\\\<script\\\\>alert(1)\\\\<" "$tmp/r.md" && grep -q "install\\\\_a\\\\](javascript:x)" "$tmp/r.md"'
check "the JSON report is the saved document" 'python3 -c "import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(a!=b)" "$report" "$tmp/r.json"'

# Languages: English, or a language AV Switch is translated into.
"$avswitch" report "$report" --report-language en > /dev/null 2>&1; rc=$?
check "--report-language en works" '[ $rc -eq 0 ]'
"$avswitch" report "$report" --report-language "xx;rm" > /dev/null 2> "$tmp/err"; rc=$?
check "--report-language refuses what is not a shipped language (2)" '[ $rc -eq 2 ] && grep -q "not translated" "$tmp/err"'

# Refused reports: a clear message, exit status 2, nothing written, the file left as it was.
bad=$tmp/bad.avsreport
head -c 2000 "$report" > "$bad"
"$avswitch" report "$bad" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "a truncated report is refused (2) with a clear message" '[ $rc -eq 2 ] && grep -q "cannot be opened as a session report" "$tmp/err" && [ ! -s "$tmp/out" ]'
cp "$bad" "$tmp/bad.copy"
"$avswitch" scan --root "$root" --report "$bad" > /dev/null 2> "$tmp/err"; rc=$?
check "scan --report does not overwrite a malformed report" '[ $rc -eq 2 ] && cmp -s "$bad" "$tmp/bad.copy"'

sed 's|"avswitch-report/1"|"avswitch-report/2"|' "$report" > "$bad"
"$avswitch" report "$bad" > /dev/null 2> "$tmp/err"; rc=$?
check "a report of a later version is refused (2) and says so" '[ $rc -eq 2 ] && grep -q "avswitch-report/2" "$tmp/err" && grep -q "newer AV Switch" "$tmp/err"'

"$avswitch" scan --root "$root" --json > "$bad" 2> /dev/null
"$avswitch" report "$bad" > /dev/null 2> "$tmp/err"; rc=$?
check "a scan document is not a report (2)" '[ $rc -eq 2 ] && grep -q "not a session report" "$tmp/err"'

python3 -c 'import sys; sys.stdout.write("{\"schema\": \"avswitch-report/1\", \"pad\": \"" + "x" * (9 * 1024 * 1024) + "\"}")' > "$bad"
"$avswitch" report "$bad" > /dev/null 2> "$tmp/err"; rc=$?
check "an oversized report is refused (2)" '[ $rc -eq 2 ] && grep -q "too large" "$tmp/err"'

python3 -c 'import sys; sys.stdout.write("{\"schema\": \"avswitch-report/1\", \"tool\": " + "[" * 100000)' > "$bad"
"$avswitch" report "$bad" > /dev/null 2> "$tmp/err"; rc=$?
check "a deeply nested report is refused (2), not a crash" '[ $rc -eq 2 ]'

"$avswitch" report "$tmp/missing.avsreport" > /dev/null 2> "$tmp/err"; rc=$?
check "a missing report is refused (2)" '[ $rc -eq 2 ] && grep -q "missing.avsreport" "$tmp/err"'
"$avswitch" report > /dev/null 2>&1; rc=$?
check "report without a file fails (2)" '[ $rc -eq 2 ]'
"$avswitch" report "$report" --format pdf > /dev/null 2> "$tmp/err"; rc=$?
check "an unknown --format fails (2)" '[ $rc -eq 2 ] && grep -q "pdf" "$tmp/err"'

other=$tmp/other
mkdir -p "$other/etc"
echo "ID=debian" > "$other/etc/os-release"
cp "$report" "$tmp/before"
"$avswitch" verify --root "$other" --report "$report" > /dev/null 2> "$tmp/err"; rc=$?
check "a report is not mixed with a session on another root (2)" '[ $rc -eq 2 ] && cmp -s "$report" "$tmp/before"'

check "avswitch --help lists the report command" '"$avswitch" --help | grep -q "^  report "'
check "scan --help shows --report" '"$avswitch" scan --help | grep -q -- "--report=FILE"'

# The manual page covers every command of "avswitch --help" and every exit status.
man=${G_TEST_SRCDIR:-$(dirname "$0")}/../docs/avswitch.1
commands=$("$avswitch" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 { print $1 }')
missing=
for command in $commands; do
  grep -q "^\.SS $command\$" "$man" || missing="$missing $command"
done
check "the man page has a section for every command ($(echo $commands | wc -w))" '[ -n "$commands" ] && [ -z "$missing" ] || { echo "# missing:$missing"; false; }'
man_has_statuses() {
  for s in 0 1 2 3; do
    grep -A1 '^\.TP' "$man" | grep -q "^\.B $s\$" || return 1
  done
}
check "the man page documents exit statuses 0 to 3" 'man_has_statuses'

exit $fail
