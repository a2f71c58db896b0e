#!/bin/sh
# The repository stands on its own: no file refers to a folder outside it (such as a sibling
# checkout's ../shared/) or holds a path of one particular machine (a build folder, a home, a
# maintainer's key). Usage: test-self-contained.sh SOURCE-ROOT
set -u
top=$1
cd "$top" || exit 1

# Files under version control when this is a git checkout (CI's clean clone is), else every
# file but build folders.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  list() { git ls-files -z --cached --others --exclude-standard; }
else
  list() { find . -path './_build*' -prune -o -path './.git' -prune -o -type f -print0; }
fi

n=0
fail=0
check() {
  n=$((n + 1))
  if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi
}

# This script names the patterns it looks for, so it is the one file left out.
self=tests/test-self-contained.sh

echo "1..2"
outside=$(list | xargs -0 grep -IlE '\.\./shared/|(^|[^a-z/])shared/(facts|design|keys|flatpak-test)/' 2>/dev/null \
          | sed 's|^\./||' | grep -vxF "$self")
[ -z "$outside" ]; check $? "no file refers to a folder outside the repository"
[ -z "$outside" ] || echo "# refers outside: $(echo $outside)"

machine=$(list | xargs -0 grep -IlE '/work/(main|shared)|/tmp/bash_jobs|/root/\.minisign|/home/[a-z][a-z0-9_-]*/(src|git|work|projects)/' 2>/dev/null \
          | sed 's|^\./||' | grep -vxF "$self")
[ -z "$machine" ]; check $? "no file holds a path of a particular machine"
[ -z "$machine" ] || echo "# machine paths: $(echo $machine)"

exit $fail
