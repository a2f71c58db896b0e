#!/usr/bin/python3
"""The command line in other languages (issues 15 and 14): `explain`, `scan` and `plan` print the
translation of what they print in English, and `report --report-language LL` renders a saved
session report in LL, with the build's own compiled catalogs.

The shipped `avswitch` reads translations only from the LOCALEDIR it was built with (never from
a folder the environment names, docs/translating.md), so the test shows it the build's catalogs
there: inside a private mount namespace (`unshare --mount`, root only) the build's po/ folder,
which has the LL/LC_MESSAGES/avswitch.mo layout, is bind-mounted over LOCALEDIR.

For each command the English output is matched against po/LL.po: every msgid (without
placeholders, long enough to be a sentence or a title) that appears in the English output must
appear translated in the LL output, and at least a few must.

Usage: test-cli-translated.py AVSWITCH SOURCE_ROOT BUILD_PO_DIR LOCALEDIR
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

LANGS = ("de", "ar")
MIN_MATCHES = 3

results = []


def tap(ok, what):
    results.append(ok)
    print("%s %d - %s" % ("ok" if ok else "not ok", len(results), what))
    sys.stdout.flush()


def skip_all(why):
    print("1..0 # SKIP %s" % why)
    sys.exit(0)


def unquote(s):
    return bytes(s, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def read_po(path):
    """{msgid: set of translations} of the non-fuzzy entries of a .po file: every context's
    translation and every plural form count, since the output does not say which was used."""
    entries = {}
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for block in text.split("\n\n"):
        lines = [l for l in block.splitlines() if l and not l.startswith("#~")]
        if any(l.startswith("#,") and "fuzzy" in l for l in lines):
            continue
        fields = {}
        key = None
        for line in lines:
            if line.startswith("#"):
                continue
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if m:
                key = m.group(1)
                fields[key] = unquote(m.group(2))
            elif line.startswith('"') and key is not None:
                fields[key] += unquote(line[1:-1])
        forms = {normal(v) for k, v in fields.items() if k.startswith("msgstr") and v}
        for msgid in (fields.get("msgid"), fields.get("msgid_plural")):
            if msgid and forms:
                entries.setdefault(normal(msgid), set()).update(forms)
    return entries


def normal(text):
    """Whitespace runs as one space: the command line wraps long sentences at its width."""
    return " ".join(text.split())


PLACEHOLDER = re.compile(r"%(?:\d+\$)?[-+ #0']*\d*(?:\.\d+)?(?:l|ll|h|z|j|t|L)?[sdiucfgxX%]"
                         r"|%\d*\$?[-]?[A-Za-z]")


def pattern(msgid):
    """A regular expression for @msgid with each printf placeholder as some text."""
    parts = PLACEHOLDER.split(msgid)
    return r".{0,200}?".join(re.escape(p) for p in parts)


def shown_whole(catalog, output):
    """The msgids (no placeholder, long enough to be a title or a sentence) that @output shows
    as a whole, not only as part of a longer message it shows: longest first, each occurrence
    bounded by non-letters, and not inside the span of a longer message already taken (messages
    with placeholders take their spans too, so a fragment of one is not counted on its own)."""
    taken = []
    shown = []
    for msgid in sorted(catalog, key=len, reverse=True):
        if len(msgid) < 12:
            continue
        templated = "%" in msgid
        if not templated and msgid in catalog[msgid]:
            continue
        for m in re.finditer(pattern(msgid) if templated else re.escape(msgid), output):
            a, b = m.start(), m.end()
            if (a > 0 and output[a - 1].isalnum()) or (b < len(output) and output[b].isalnum()):
                continue
            if any(x <= a and b <= y for x, y in taken):
                continue
            taken.append((a, b))
            if not templated and msgid not in shown:
                shown.append(msgid)
    return shown


def display_width(text):
    """The cells a terminal gives text: two for wide characters, none for combining ones."""
    width = 0
    for c in text:
        if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
    return width


def value_columns(output):
    """The display columns where the values of `avswitch catalog`'s "    Label:  value" lines
    start, and the indents of their continuation lines."""
    columns, indents = set(), set()
    for line in output.splitlines():
        m = re.match(r"^    (?! )(.+?[:\uff1a]) +(?=\S)", line)
        if m:
            columns.add(display_width(m.group(0)))
        elif re.match(r"^ {5,}\S", line):
            indents.add(len(line) - len(line.lstrip(" ")))
    return columns, indents


def make_root(work):
    """A Debian root with a fake kesl package, installed with dpkg --root."""
    root = os.path.join(work, "root")
    os.makedirs(os.path.join(root, "etc"))
    with open(os.path.join(root, "etc/os-release"), "w") as f:
        f.write('ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')
    for d in ("var/lib/dpkg/info", "var/lib/dpkg/updates"):
        os.makedirs(os.path.join(root, d))
    open(os.path.join(root, "var/lib/dpkg/status"), "w").close()
    tree = os.path.join(work, "kesl")
    os.makedirs(os.path.join(tree, "DEBIAN"))
    os.makedirs(os.path.join(tree, "opt/kaspersky/kesl/bin"))
    with open(os.path.join(tree, "opt/kaspersky/kesl/bin/kesl-control"), "w") as f:
        f.write("fake\n")
    with open(os.path.join(tree, "DEBIAN/control"), "w") as f:
        f.write("Package: kesl\nVersion: 11.2.0-4528\nArchitecture: all\n"
                "Maintainer: AO Kaspersky Lab <support@kaspersky.com>\n"
                "Description: fake package for AV Switch tests\n")
    subprocess.run(["dpkg-deb", "--root-owner-group", "--build", tree, tree + ".deb"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["dpkg", "--root=" + root, "--force-not-root", "--force-script-chrootless",
                    "--force-bad-path", "--no-triggers", "--log=/dev/null", "-i", tree + ".deb"],
                   check=True, stdout=subprocess.DEVNULL)
    return root


def run(avswitch, args, env, lang=None, po_dir=None, localedir=None, option=True):
    argv = [avswitch] + (["--language", lang] if lang and option else []) + args
    if lang:
        # Private mount namespace: the build's catalogs appear at LOCALEDIR for this run only.
        argv = ["unshare", "--mount", "--", "sh", "-ec",
                'mkdir -p "$1"; mount --bind "$2" "$1"; shift 2; exec "$@"',
                "sh", localedir, po_dir] + argv
    proc = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=120)
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


def main():
    avswitch, source_root, po_dir, localedir = sys.argv[1:5]
    if os.geteuid() != 0:
        skip_all("a private mount namespace needs root (the translations are shown at LOCALEDIR)")
    if shutil.which("unshare") is None or subprocess.run(
            ["unshare", "--mount", "true"], stderr=subprocess.DEVNULL).returncode != 0:
        skip_all("unshare --mount does not work here")
    if shutil.which("dpkg-deb") is None or shutil.which("dpkg") is None:
        skip_all("dpkg-deb and dpkg are needed to build the Kaspersky fixture")
    for lang in LANGS + ("zh_CN",):
        if not os.path.exists(os.path.join(po_dir, lang, "LC_MESSAGES", "avswitch.mo")):
            skip_all("the build has no compiled %s catalog (po/LINGUAS)" % lang)

    env = {k: v for k, v in os.environ.items()
           if not k.startswith("LC_") and k not in ("LANG", "LANGUAGE", "DISPLAY",
                                                     "WAYLAND_DISPLAY")}
    env["LC_ALL"] = "C.UTF-8"
    work = tempfile.mkdtemp(prefix="avs-cli-lang-")
    try:
        root = make_root(work)
        env["XDG_CACHE_HOME"] = os.path.join(work, "cache")
        env["XDG_STATE_HOME"] = os.path.join(work, "state")
        report = os.path.join(work, "session.avsreport")
        rc, out = run(avswitch, ["scan", "--root", root, "--report", report], env)
        tap(rc == 1 and os.path.exists(report), "a session report of the fixture was written")
        recorded = []

        def strings(node):
            if isinstance(node, str):
                recorded.append(normal(node))
            elif isinstance(node, dict):
                for value in node.values():
                    strings(value)
            elif isinstance(node, list):
                for value in node:
                    strings(value)
        with open(report, encoding="utf-8") as f:
            strings(json.load(f))
        # (name, arguments, whether the language is the global option or the report's own)
        commands = (("explain", ["explain", "--region", "DE"], True),
                    ("scan", ["scan", "--root", root], True),
                    ("plan", ["plan", "--root", root], True),
                    ("report --format md", ["report", report, "--format", "md"], False))
        english = {}
        for name, args, _ in commands:
            english[name] = run(avswitch, args, env)
        for lang in LANGS:
            catalog = read_po(os.path.join(source_root, "po", lang + ".po"))
            for name, args, option in commands:
                rc_en, out_en = english[name]
                if not option:
                    # The report in another language than the program's (a ticket in English
                    # for a user who reads Arabic, or the other way round).
                    args = args + ["--report-language", lang]
                rc, out = run(avswitch, args, env, lang, po_dir, localedir, option)
                out_en, out = normal(out_en), normal(out)
                shown = shown_whole(catalog, out_en)
                if not option:
                    # Texts recorded during the session stay as they were shown (docs/report.md):
                    # only the report's own words follow --report-language.
                    shown = [m for m in shown if not any(m in r for r in recorded)]
                missing = [m for m in shown if not any(t in out for t in catalog[m])]
                ok = rc == rc_en and len(shown) >= MIN_MATCHES and not missing
                how = ("--language %s %s" % (lang, name) if option
                       else "%s --report-language %s" % (name, lang))
                tap(ok, "avswitch %s prints %d translated strings of its English output (exit %d "
                        "as in English)" % (how, len(shown), rc))
                if not ok:
                    print("# exit %d (English %d); %d matched; not translated: %s"
                          % (rc, rc_en, len(shown), missing[:5]))
                    print("# " + out[:2000])
        # Chinese labels take two cells a character: the catalog's values still start in one
        # column, after the widest label, and wrapped lines start there too.
        rc, out = run(avswitch, ["catalog"], env, "zh_CN", po_dir, localedir)
        columns, indents = value_columns(out)
        ok = rc == 0 and len(columns) == 1 and indents <= columns
        tap(ok, "avswitch --language zh_CN catalog aligns its values by display width")
        if not ok:
            print("# exit %d; value columns %s, continuation indents %s"
                  % (rc, sorted(columns), sorted(indents)))
            print("# " + out[:1500].replace("\n", "\n# "))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
