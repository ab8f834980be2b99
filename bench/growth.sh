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
ROOT=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared/bench}
ROUNDS=${ROUNDS:-5}
SMALL=${SMALL:-10000}
LARGE=${LARGE:-50000}
if [ -z "${WORK:-}" ]; then
  WORK=/tmp/casebook-bench-run
  shm=$(df --output=avail -k /dev/shm 2>/dev/null | tail -1 || echo 0)
  [ "${shm:-0}" -gt 12000000 ] && WORK=/dev/shm/casebook-bench-run
fi
PY=/usr/bin/python3; [ -x "$PY" ] || PY=$(command -v python3)
[ -x /usr/bin/time ] || { SUDO=$([ "$(id -u)" = 0 ] || echo sudo); $SUDO apt-get install -y -q time >/dev/null; }

# tmpfs is memory: with little free, the kernel's share of the large build grows (see
# bench/README.md), and the ratio with it.
available=$(sed -n 's/^MemAvailable: *\([0-9]*\) kB/\1/p' /proc/meminfo 2>/dev/null || echo 0)
if [ "${available:-0}" -lt 12000000 ]; then
  echo "warning: only $((${available:-0} / 1024)) MB of memory available; clear old outputs (in /dev/shm too) for comparable figures" >&2
fi

(cd "$ROOT" && swift build -c release --static-swift-stdlib --product casebook >/dev/null)
mkdir -p "$WORK"
CB=$WORK/casebook
cp "$ROOT/.build/release/casebook" "$CB"
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
