#!/usr/bin/env bash
# casebook side by side with Hugo on the same generated corpora, in one run.
#
#   bash bench/run.sh                          # 1,000 / 10,000 / 50,000 cases (long: Hugo takes minutes at 10k)
#   SIZES="1000" RUNS=3 bash bench/run.sh      # a quick look
#
# For each size N (corpora from ../shared/bench/gen_corpus.py, seed 1, in $WORK):
#   casebook full       release build, output and cache removed before each run   (hyperfine)
#   casebook unchanged  the same build again with nothing changed                  (hyperfine)
#   casebook one case   after editing one case's students_enrolled                 (hyperfine --prepare)
#   casebook check      validation only, from scratch (--no-cache), and with the case
#                       outcomes the last check kept (nothing changed since)      (hyperfine)
#   Hugo full           hugo --quiet on the same corpus, output removed first      (hyperfine)
#   floor               libcmark over every body in-process (../shared/bench/cmark_per_doc.py)
#                       + writing casebook's output again from memory (bench/floor_write.py)
#   peak memory         /usr/bin/time -v of one full build of each
#   paired rounds       bench/paired.py: casebook's ratios to its full build, each within
#                       one round of all its measures one right after another (PAIRED=7)
# and writes bench/results.md: the times and the ratios the speed issue asks for.
# casebook's measures of one size are taken one after the other (full, floor, nothing
# changed, check, one case), Hugo's after them, so that each of casebook's ratios to its
# own full build is taken in one mood of the machine.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/common.sh"
SIZES=${SIZES:-"1000 10000 50000"}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
RESULTS=${RESULTS:-$HERE/results.md}
# Rounds of bench/paired.py for each size (0: none): each ratio to the full build taken
# within one round, beside hyperfine's means taken minutes apart.
PAIRED=${PAIRED:-7}

need=()
command -v hugo >/dev/null || need+=(hugo)
command -v hyperfine >/dev/null || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}" >/dev/null
fi

build_casebook

mean() { "$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]['mean'])" "$1" "$2"; }
peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p'; }

{
  echo "# casebook and Hugo, side by side"
  echo
  echo "Run by \`bench/run.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"
  echo "casebook $("$CB" --version), $(hugo version | cut -d' ' -f1-2), hyperfine ${RUNS} runs (warm-up ${WARMUP}), in $(df --output=fstype "$WORK" | tail -1) $WORK. Means in seconds."
  echo
  echo "| N | casebook full | Hugo full | full / Hugo | unchanged | unchanged / full | one case | one case / full | check --no-cache | check / full | check, outcomes kept | kept / full | floor (cmark + write) | full / floor | peak MB casebook | peak MB Hugo | memory / Hugo |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} > "$RESULTS.tmp"

declare -A FULL HUGO
paired_rows=()
for N in $SIZES; do
  C=$WORK/cb$N; H=$WORK/hs$N; O=$WORK/out$N; HO=$WORK/hout$N
  [ -d "$C/content" ] || "$PY" "$SHARED/gen_corpus.py" --cases "$N" --out "$C" >/dev/null
  [ -d "$H/content" ] || "$PY" "$SHARED/gen_corpus.py" --cases "$N" --out "$H" --hugo >/dev/null
  build="$CB build --content $C/content --output $O"
  # casebook's own measures one after the other, the floor among them, so that each
  # ratio to its full build is taken in the same mood of the machine; Hugo's minutes
  # come after.
  hyperfine --warmup "$WARMUP" --runs "$RUNS" --export-json "$WORK/full-$N.json" \
    --prepare "rm -rf $O $WORK/.casebook-cache" -n "casebook-$N" "$build" >&2
  cmark=$("$PY" "$SHARED/cmark_per_doc.py" "$C/content/cases" --repeat 3 2>&1 | sed -n 's/.*, \([0-9.]*\) ms reading.*/\1/p')
  written=$("$PY" "$HERE/floor_write.py" "$O" --repeat 3 2>&1 | sed -n 's/.*, \([0-9.]*\) ms writing.*/\1/p')
  floor=$("$PY" -c "print(${cmark:-0} + ${written:-0})")
  $build >/dev/null 2>&1
  case_file=$(ls "$C/content/cases" | sed -n "$((N / 2))p")
  hyperfine --warmup "$WARMUP" --runs "$RUNS" --export-json "$WORK/more-$N.json" \
    -n "unchanged-$N" "$build" -n "check-$N" "$CB check --content $C/content --no-cache" \
    -n "check-kept-$N" "$CB check --content $C/content" >&2 || true
  # Warmed up like the others: an author's builds follow one another, each starting
  # from the site the one before replaced (the first after a full build has none).
  hyperfine --warmup "$WARMUP" --runs "$RUNS" --export-json "$WORK/one-$N.json" \
    --prepare "perl -pi -e 's/^(  students_enrolled: )(\\d+)/\$1.(\$2+1)/e' $C/content/cases/$case_file" \
    -n "one-case-$N" "$build" >&2 || true
  if [ "$PAIRED" -gt 0 ]; then
    paired_rows+=("$("$PY" "$HERE/paired.py" "$CB" "$C/content" "$WORK/pair$N" --cmark "$SHARED/cmark_per_doc.py" \
      --write "$HERE/floor_write.py" --rounds "$PAIRED" --cases "$N")")
    rm -rf "$WORK/pair$N" "$WORK/.casebook-cache/pair$N".*
  fi
  hyperfine --warmup "$WARMUP" --runs "$RUNS" --export-json "$WORK/hugo-$N.json" \
    --prepare "rm -rf $HO" -n "hugo-$N" "cd $H && hugo --quiet -d $HO" >&2
  rm -rf "$O" "$WORK/.casebook-cache"; cbpeak=$(peak $build)
  rm -rf "$HO"; hpeak=$(cd "$H" && peak hugo --quiet -d "$HO")
  full=$(mean "$WORK/full-$N.json" 0); hugo=$(mean "$WORK/hugo-$N.json" 0)
  FULL[$N]=$full; HUGO[$N]=$hugo
  unchanged=$(mean "$WORK/more-$N.json" 0); check=$(mean "$WORK/more-$N.json" 1); kept=$(mean "$WORK/more-$N.json" 2)
  one=$(mean "$WORK/one-$N.json" 0)
  "$PY" - "$N" "$full" "$hugo" "$unchanged" "$one" "$check" "$kept" "${floor:-0}" "$cbpeak" "$hpeak" >> "$RESULTS.tmp" <<'PYEOF'
import sys
n, full, hugo, unchanged, one, check, kept, floor_ms, cbk, hk = sys.argv[1:]
full, hugo, unchanged, one, check, kept = map(float, (full, hugo, unchanged, one, check, kept))
floor = float(floor_ms) / 1000
cb_mb, h_mb = int(cbk) / 1024, int(hk) / 1024
ratio = lambda a, b: f"{a / b:.3f}" if b else "—"
print(f"| {int(n):,} | {full:.2f} | {hugo:.2f} | {ratio(full, hugo)} | {unchanged:.2f} | {ratio(unchanged, full)} | {one:.2f} | "
      f"{ratio(one, full)} | {check:.2f} | {ratio(check, full)} | {kept:.2f} | {ratio(kept, full)} | {floor:.2f} | {ratio(full, floor)} | {cb_mb:.0f} | {h_mb:.0f} | {ratio(cb_mb, h_mb)} |")
PYEOF
done
if [ ${#paired_rows[@]} -gt 0 ]; then
  {
    echo
    echo "Paired rounds (\`bench/paired.py\`): in each round a full build, one with nothing changed, one after one"
    echo "case changed, \`check --no-cache\` and the floor, one right after another; each ratio is of one"
    echo "round's times. The median of the rounds' ratios, and their range."
    echo
    echo "| N | rounds | unchanged / full | one case / full | check / full | full / floor |"
    echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${paired_rows[@]}"
  } >> "$RESULTS.tmp"
fi
if [ -n "${FULL[10000]:-}" ] && [ -n "${FULL[50000]:-}" ]; then
  "$PY" -c "import sys; c10,c50,h10,h50=map(float,sys.argv[1:]); print(f'\nGrowth, full build of 50,000 cases / 10,000 cases: casebook {c50/c10:.2f}x, Hugo {h50/h10:.2f}x.')" \
    "${FULL[10000]}" "${FULL[50000]}" "${HUGO[10000]}" "${HUGO[50000]}" >> "$RESULTS.tmp"
fi
mv "$RESULTS.tmp" "$RESULTS"
cat "$RESULTS"
