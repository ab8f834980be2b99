#!/usr/bin/env bash
# How a full build grows from 10,000 to 50,000 cases (the speed issue's last ratio), in
# rounds that alternate the two sizes, so that both see the machine's same moods: a
# 50,000-case build takes ten seconds, and the machine's speed moves by a fifth within
# minutes. casebook alone; bench/run.sh measures both sizes against Hugo (hours at 50k).
#
#   bash bench/growth.sh               # five rounds
#   ROUNDS=9 bash bench/growth.sh
#
# Prints each build's wall, user and system seconds, then the means and their ratio.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/common.sh"
ROUNDS=${ROUNDS:-5}
SMALL=${SMALL:-10000}
LARGE=${LARGE:-50000}
[ -x /usr/bin/time ] || { SUDO=$([ "$(id -u)" = 0 ] || echo sudo); $SUDO apt-get install -y -q time >/dev/null; }

build_casebook
for N in $SMALL $LARGE; do
  [ -d "$WORK/cb$N/content" ] || "$PY" "$SHARED/gen_corpus.py" --cases "$N" --out "$WORK/cb$N" >/dev/null
done

times=$(mktemp)
trap 'rm -f "$times"; rm -rf "$WORK/growth-out" "$WORK/.casebook-cache/growth-out"*' EXIT
for round in $(seq "$ROUNDS"); do
  for N in $SMALL $LARGE; do
    rm -rf "$WORK/growth-out" "$WORK/.casebook-cache/growth-out"*
    /usr/bin/time -a -o "$times" -f "$N %e %U %S" \
      "$CB" build --content "$WORK/cb$N/content" --output "$WORK/growth-out" >/dev/null 2>&1
    tail -1 "$times" | awk -v r="$round" '{ printf "round %s, %s cases: %s s (user %s, system %s)\n", r, $1, $2, $3, $4 }'
  done
done
awk -v s="$SMALL" -v l="$LARGE" '
  { sum[$1] += $2; n[$1]++ }
  END {
    a = sum[s] / n[s]; b = sum[l] / n[l]
    printf "%s cases %.3f s, %s cases %.3f s (means of %d): growth %.2fx\n", s, a, l, b, n[s], b / a
  }' "$times"
