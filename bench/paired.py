#!/usr/bin/env python3
"""Paired rounds: casebook's ratios to its own full build, each taken within one round.

    python3 bench/paired.py CASEBOOK CONTENT OUTPUT --cmark SCRIPT --write SCRIPT [--rounds R] [--cases N]

A round times, one right after another: a full build (OUTPUT and its cache removed
first), a build with nothing changed, a build after one case's `students_enrolled`
changed (after one such build untimed, so that it starts from the site the one before
replaced, as an author's builds do), `casebook check --no-cache`, and the floor (the
`--cmark` script over the case files and the `--write` script over OUTPUT, one pass
each). Each ratio is made of the times of one round, in the mood the machine was in
for those few seconds; the row printed gives the median of the rounds' ratios and their
range. A shared machine's speed drifts by a tenth and more over the minutes between the
separate hyperfine runs of `bench/run.sh`, which moves a ratio of two of them as much.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time


def timed(command):
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def milliseconds(command, label):
    """The figure a floor script prints before `label` ("ms reading", "ms writing")."""
    run = subprocess.run(command, capture_output=True, text=True, check=True)
    found = re.search(r", ([0-9.]+) " + re.escape(label), run.stdout + run.stderr)
    if not found:
        sys.exit(f"paired.py: no '{label}' in the output of {' '.join(command)}")
    return float(found.group(1)) / 1000


def bump(case_file):
    """Adds one to the case's students_enrolled, as bench/run.sh's prepare step does."""
    with open(case_file, encoding="utf-8") as f:
        text = f.read()
    changed = re.sub(r"^(  students_enrolled: )(\d+)", lambda m: m.group(1) + str(int(m.group(2)) + 1), text, count=1, flags=re.M)
    if changed == text:
        sys.exit(f"paired.py: no students_enrolled in {case_file}")
    with open(case_file, "w", encoding="utf-8") as f:
        f.write(changed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("casebook")
    parser.add_argument("content")
    parser.add_argument("output")
    parser.add_argument("--cmark", required=True, help="../shared/bench/cmark_per_doc.py")
    parser.add_argument("--write", required=True, help="bench/floor_write.py")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--cases", type=int, default=0, help="the number of cases, for the row")
    args = parser.parse_args()

    output = os.path.abspath(args.output)
    cache = os.path.join(os.path.dirname(output), ".casebook-cache")
    cases = os.path.join(args.content, "cases")
    names = sorted(n for n in os.listdir(cases) if n.endswith(".md"))
    case_file = os.path.join(cases, names[len(names) // 2 - 1])
    build = [args.casebook, "build", "--content", args.content, "--output", output]
    ratios = {"unchanged": [], "one": [], "check": [], "floor": []}
    for _ in range(args.rounds):
        shutil.rmtree(output, ignore_errors=True)
        for name in os.listdir(cache) if os.path.isdir(cache) else []:
            if name.startswith(os.path.basename(output) + "."):
                path = os.path.join(cache, name)
                shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
        full = timed(build)
        unchanged = timed(build)
        bump(case_file)
        timed(build)
        bump(case_file)
        one = timed(build)
        check = timed([args.casebook, "check", "--content", args.content, "--no-cache"])
        floor = milliseconds([sys.executable, args.cmark, cases, "--repeat", "1"], "ms reading") \
            + milliseconds([sys.executable, args.write, output, "--repeat", "1"], "ms writing")
        ratios["unchanged"].append(unchanged / full)
        ratios["one"].append(one / full)
        ratios["check"].append(check / full)
        ratios["floor"].append(full / floor)

    def cell(values):
        return f"{statistics.median(values):.3f} ({min(values):.3f}–{max(values):.3f})"

    print(f"| {args.cases:,} | {args.rounds} | {cell(ratios['unchanged'])} | {cell(ratios['one'])} | "
          f"{cell(ratios['check'])} | {cell(ratios['floor'])} |")


if __name__ == "__main__":
    main()
