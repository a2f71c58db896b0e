#!/bin/sh
# contrib/ansible/avswitch-scan.yml run for real with ansible-playbook against this machine
# (local connection): three inventory hosts, each a fixture root passed through avswitch_root (a
# real dpkg database with fake kesl and kesl-gui packages, an empty one, and a host without
# avswitch). The scan documents are collected and summarized; nothing is removed without
# avswitch_apply=true; with a disk, nothing is removed without avswitch_allow_disk_scripts=true;
# with both, dpkg no longer lists the packages and verify reports clean. Text from the scanned
# system that looks like a Jinja template is never run.
# Usage: test-ansible.sh PATH/TO/avswitch SOURCE-ROOT
set -u
# Absolute: ansible-playbook runs in a folder of its own.
avswitch=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$2" && pwd)
playbook=$top/contrib/ansible/avswitch-scan.yml

if ! command -v ansible-playbook > /dev/null 2>&1; then
  echo "1..0 # SKIP ansible-playbook is missing: install Debian's ansible-core (build-aux/dev deps does)"
  exit 0
fi
for tool in dpkg dpkg-deb python3; do
  if ! command -v $tool > /dev/null 2>&1; then
    echo "1..0 # SKIP $tool is missing"
    exit 0
  fi
done

fail=0
n=0
check() {
  n=$((n + 1))
  if eval "$2"; then
    echo "ok $n - $1"
  else
    echo "not ok $n - $1"
    fail=1
    return 1
  fi
}

tmp=$(mktemp -d)
[ -n "${AVS_TEST_KEEP:-}" ] && echo "# kept: $tmp" || trap 'rm -rf "$tmp"' EXIT
# Ansible keeps its own files here, not in the home folder; no ansible.cfg from elsewhere.
export ANSIBLE_HOME="$tmp/ansible-home" ANSIBLE_LOCAL_TEMP="$tmp/ansible-tmp" \
       ANSIBLE_REMOTE_TEMP="$tmp/ansible-remote" ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 \
       ANSIBLE_DEPRECATION_WARNINGS=0 ANSIBLE_CONFIG="$tmp/ansible.cfg"
printf '[defaults]\nforks = 10\n[connection]\npipelining = true\n' > "$tmp/ansible.cfg"
export XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/cache" XDG_CONFIG_HOME="$tmp/config"

# A Debian root; with "kesl" in $2, holding fake kesl and kesl-gui packages installed with
# dpkg --root. Its os-release names the system with text that Jinja would run.
marker=$tmp/templated
make_root() {
  root=$1
  mkdir -p "$root/etc" "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
  printf '%s\n' 'ID=debian' 'VERSION_ID="12"' \
    "PRETTY_NAME=\"Debian {{ lookup('pipe', 'touch $marker') }} 12\"" > "$root/etc/os-release"
  printf 'root:x:0:\n' > "$root/etc/group"
  : > "$root/var/lib/dpkg/status"
  [ "$2" = kesl ] || return 0
  printf 'kesladmin:x:990:\n' >> "$root/etc/group"
  for spec in kesl:opt/kaspersky/kesl/bin/kesl-control kesl-gui:opt/kaspersky/kesl/bin/kesl-gui; do
    name=${spec%%:*}
    path=${spec#*:}
    tree=$tmp/pkg/$name
    mkdir -p "$tree/DEBIAN" "$(dirname "$tree/$path")"
    echo fake > "$tree/$path"
    printf 'Package: %s\nVersion: 11.2.0-4528\nArchitecture: all\nMaintainer: AO Kaspersky Lab <support@kaspersky.com>\nDescription: fake package for AV Switch tests\n' \
      "$name" > "$tree/DEBIAN/control"
    dpkg-deb --root-owner-group --build "$tree" "$tree.deb" > /dev/null || return 1
    dpkg --root="$root" --force-not-root --force-script-chrootless --force-bad-path \
      --no-triggers --log=/dev/null -i "$tree.deb" > /dev/null || return 1
  done
}
if ! make_root "$tmp/dirty" kesl || ! make_root "$tmp/guarded" kesl || ! make_root "$tmp/clean" none; then
  echo "Bail out! the fixture roots could not be built with dpkg"
  exit 1
fi

# Every host is this machine; avswitch_root says which system each one scans, and each has a
# state folder of its own (apply keeps its progress there, for one root at a time). "guarded" is
# a disk whose package scripts nobody agreed to run.
python=$(command -v python3)
# First, when ssh is there: a host that cannot be reached (nothing listens on port 9); the
# summary must not depend on the first host of the play being reachable.
gone=
if command -v ssh > /dev/null 2>&1; then
  gone='    gone:
      ansible_connection: ssh
      ansible_host: 127.0.0.1
      ansible_port: 9
      ansible_ssh_common_args: -o ConnectTimeout=5 -o BatchMode=yes'
fi
cat > "$tmp/inventory.yml" <<YAML
fleet:
  vars:
    ansible_connection: local
    ansible_python_interpreter: "$python"
    avswitch_command: "$avswitch"
    avswitch_become: false
  hosts:
$gone
    dirty:
      avswitch_root: "$tmp/dirty"
      avswitch_allow_disk_scripts: true
      avswitch_environment: { XDG_STATE_HOME: "$tmp/state-dirty" }
    guarded:
      avswitch_root: "$tmp/guarded"
      avswitch_environment: { XDG_STATE_HOME: "$tmp/state-guarded" }
    clean:
      avswitch_root: "$tmp/clean"
      avswitch_environment: { XDG_STATE_HOME: "$tmp/state-clean" }
    missing:
      avswitch_command: "$tmp/no-such-avswitch"
    broken:
      avswitch_root: "$tmp/no-such-root"
YAML

play() {
  out=$1
  shift
  # Ansible refuses to start unless the locale's encoding is UTF-8 (LC_ALL=C is not).
  (cd "$tmp" && LC_ALL=C.UTF-8 ansible-playbook -i "$tmp/inventory.yml" "$playbook" \
     -e "avswitch_collect_dir=$tmp/$out" "$@") > "$tmp/$out.log" 2>&1
}
installed() {
  dpkg --root="$tmp/$1" -l kesl kesl-gui 2>/dev/null | grep -Eq '^ii +kesl'
}
show_log() {
  sed 's/^/# /' "$tmp/$1.log"
}

echo "1..21"

# 1. Scan only.
# ansible-playbook exits 4 when a host could not be reached, 0 when all were.
want=0
[ -z "$gone" ] || want=4
play scan; rc=$?
check "the scan-only playbook runs to its end (exit $want)" '[ $rc -eq $want ]' || show_log scan
check "the dirty host's scan document is collected" \
  'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not (d[\"schema\"] == \"avswitch-scan/1\" and d[\"outcome\"] == \"found\" and {f[\"product\"] for f in d[\"findings\"]} >= {\"kesl\", \"kesl-gui\"}))" "$tmp/scan/dirty/scan.json"'
check "the clean host's scan document is collected and says clean" \
  'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d[\"outcome\"] != \"clean\")" "$tmp/scan/clean/scan.json"'
check "the summary lists the hosts that have Kaspersky, and what they have" \
  'grep -qx "Kaspersky found (2): dirty, guarded" "$tmp/scan/summary.txt" && grep -q "found: Kaspersky Endpoint Security for Linux 11.2.0-4528 \[kesl\]" "$tmp/scan/summary.txt"'
check "the summary lists the clean host as clean and the host without avswitch" \
  'grep -qx "Clean (every place checked) (1): clean" "$tmp/scan/summary.txt" && grep -qx "AV Switch missing or not working (1): missing" "$tmp/scan/summary.txt"'
check "the summary lists the host that could not be reached and the failed scan" \
  '{ [ -z "$gone" ] || grep -qx "Not reached (1): gone" "$tmp/scan/summary.txt"; } && grep -qx "Scan failed (1): broken" "$tmp/scan/summary.txt" && grep -A1 "^broken: Scan failed (exit 2)" "$tmp/scan/summary.txt" | grep -q "error: avswitch scan: "'
check "summary.json gives each host its status and the scan's exit status" \
  'python3 -c "import json,sys; h={r[\"host\"]: r for r in json.load(open(sys.argv[1]))[\"hosts\"]}; sys.exit(not (h[\"dirty\"][\"status\"] == \"kaspersky\" and h[\"dirty\"][\"scan_exit\"] == 1 and h[\"clean\"][\"status\"] == \"clean\" and h[\"clean\"][\"scan_exit\"] == 0 and h[\"missing\"][\"status\"] == \"not-installed\" and h[\"dirty\"][\"apply\"] is None and h.get(\"gone\", {\"status\": \"unreachable\"})[\"status\"] == \"unreachable\" and h[\"broken\"][\"scan_exit\"] == 2))" "$tmp/scan/summary.json"'
check "without avswitch_apply nothing is removed" 'installed dirty && [ ! -e "$tmp/scan/dirty/apply.json" ]'
check "text from the scanned system is kept as text, never run as a template" \
  '[ ! -e "$marker" ] && grep -qF "Debian {{ lookup(" "$tmp/scan/summary.txt" && grep -qF "{{ lookup(" "$tmp/scan/dirty/scan.json"'
reports=no
if "$avswitch" scan --help 2>/dev/null | grep -q -- '--report'; then
  reports=yes
  check "the scan's session report is collected" \
    'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not (d[\"schema\"] == \"avswitch-report/1\" and d[\"first_scan\"][\"outcome\"] == \"found\"))" "$tmp/scan/dirty/session.avsreport"'
else
  n=$((n + 1)); echo "ok $n # SKIP this avswitch has no --report option"
fi

# 2. Removal asked for: the packages are gone and verify says clean, except on the disk whose
# package scripts nobody agreed to run, where apply stops before them. (The hosts that cannot
# be scanned are left out: they were seen above, and each costs seconds.)
play apply --limit dirty,guarded,clean -e avswitch_apply=true -e '{"avswitch_report_formats": ["md"]}' -e avswitch_report_language=en; rc=$?
check "the apply playbook succeeds" '[ $rc -eq 0 ]' || show_log apply
check "the fixture's packages are removed (dpkg --root -l)" '! installed dirty && ! dpkg --root="$tmp/dirty" -l 2>/dev/null | grep -q kesl'
check "apply's document is collected and says complete" \
  'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not (d[\"schema\"] == \"avswitch-apply/1\" and d[\"result\"] == \"complete\" and d[\"exit_status\"] == 0))" "$tmp/apply/dirty/apply.json"'
check "verify's document is collected and says clean" \
  'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d[\"outcome\"] != \"clean\")" "$tmp/apply/dirty/verify.json"'
check "the summary reports the removal complete and verify clean" \
  'grep -q "removal: complete (exit 0), 6 of 6 steps done" "$tmp/apply/summary.txt" && grep -q "verify: Clean (every place checked) (exit 0)" "$tmp/apply/summary.txt"'
check "without avswitch_allow_disk_scripts apply stops before a disk's package scripts" \
  'installed guarded && python3 -c "import json,sys; h={r[\"host\"]: r for r in json.load(open(sys.argv[1]))[\"hosts\"]}; a=h[\"guarded\"][\"apply\"]; sys.exit(not (a[\"status\"] == \"stopped\" and a[\"exit\"] == 1 and a[\"steps_done\"] == 0 and h[\"guarded\"][\"verify\"][\"status\"] == \"kaspersky\"))" "$tmp/apply/summary.json"'
check "the summary says where the removal stopped" 'grep -q "removal: stopped (exit 1), 0 of 6 steps done" "$tmp/apply/summary.txt"'
if [ $reports = yes ]; then
  check "one session report holds the scan, every step of the removal and the verification" \
    'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not (d[\"first_scan\"][\"outcome\"] == \"found\" and len(d[\"steps\"]) == 6 and all(s[\"status\"] == \"done\" for s in d[\"steps\"]) and d[\"verification\"][\"outcome\"] == \"clean\"))" "$tmp/apply/dirty/session.avsreport"'
  check "the session report is rendered as Markdown for a ticket" 'grep -q "^# AV Switch session report" "$tmp/apply/dirty/session.md"'
  check "what was collected is readable by its owner only" \
    '[ "$(stat -c %a "$tmp/apply/dirty" "$tmp/apply/dirty/session.avsreport" "$tmp/apply/dirty/session.md" "$tmp/apply/dirty/scan.json" "$tmp/apply/summary.json" | sort -u | tr "\n" " ")" = "600 700 " ]'
else
  for i in 1 2 3; do n=$((n + 1)); echo "ok $n # SKIP this avswitch has no --report option"; done
fi
check "apply ran only where Kaspersky was found" '[ ! -e "$tmp/apply/clean/apply.json" ] && [ ! -e "$tmp/apply/missing/apply.json" ]'

exit $fail
