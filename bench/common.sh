# What bench/run.sh and bench/growth.sh share, sourced by both after HERE is set: the
# paths, where to work, the memory warning, Python, and the release binary in $WORK.
ROOT=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared/bench}
# On tmpfs when there is room, so that neither tool is timed against the disk's moods
# (ext4 allocating inodes after a large delete doubled some runs); set WORK to choose.
if [ -z "${WORK:-}" ]; then
  WORK=/tmp/casebook-bench-run
  shm=$(df --output=avail -k /dev/shm 2>/dev/null | tail -1 || echo 0)
  [ "${shm:-0}" -gt 12000000 ] && WORK=/dev/shm/casebook-bench-run
fi
# tmpfs lives in memory: with little of it free the kernel's share of a build grows (a
# 50,000-case build spent 3.5-7.9 s in the kernel instead of 2.6 s with 12 GB of old
# outputs in /dev/shm). Said, not refused: the figures of such a run are not comparable.
available=$(sed -n 's/^MemAvailable: *\([0-9]*\) kB/\1/p' /proc/meminfo 2>/dev/null || echo 0)
if [ "${available:-0}" -lt 12000000 ]; then
  echo "warning: only $((${available:-0} / 1024)) MB of memory available; clear old outputs (in /dev/shm too) for comparable figures" >&2
fi
PY=/usr/bin/python3; [ -x "$PY" ] || PY=$(command -v python3)

# The release binary as `make site` builds it, copied to $WORK/casebook (CB).
build_casebook() {
  (cd "$ROOT" && swift build -c release --static-swift-stdlib --product casebook >/dev/null)
  CB=$WORK/casebook
  mkdir -p "$WORK"
  cp "$ROOT/.build/release/casebook" "$CB"
}
