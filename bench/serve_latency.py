#!/usr/bin/env python3
"""Time from saving a case to the reload event of `casebook serve` (issue: the author's loop).

Starts `casebook serve` over a content folder (a generated corpus, say), edits one case
N times (its students_enrolled value), and measures for each edit the time from the
moment the file is written to the moment the server-sent `reload` event arrives.
Prints the median, min and max in milliseconds.

    python3 ../shared/bench/gen_corpus.py --cases 10000 --out /tmp/cb10k
    python3 bench/serve_latency.py --binary .build/release/casebook --content /tmp/cb10k/content --edits 20
"""
import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "browser"))
from check_serve import Server  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/casebook")
    parser.add_argument("--content", required=True)
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="casebook-latency-")
    try:
        shutil.copytree(args.content, os.path.join(folder, "content"))
        started = time.monotonic()
        server = Server(os.path.abspath(args.binary), folder, None)
        print(f"serve ready after {time.monotonic() - started:.2f} s", file=sys.stderr)
        cases = os.path.join(folder, "content", "cases")
        path = os.path.join(cases, sorted(os.listdir(cases))[len(os.listdir(cases)) // 2])
        with open(path, encoding="utf-8") as f:
            text = f.read()
        value = int(re.search(r"^  students_enrolled: (\d+)", text, re.M).group(1))
        times = []
        try:
            for i in range(args.edits):
                server.drain()
                new = re.sub(r"^  students_enrolled: \d+", f"  students_enrolled: {value + i + 1}", text, count=1, flags=re.M)
                saved = time.monotonic()
                with open(path, "w", encoding="utf-8") as f:
                    f.write(new)
                event = server.next_event(timeout=60)
                if not event:
                    raise RuntimeError("no reload event")
                times.append((event[1] - saved) * 1000)
                time.sleep(0.2)
        finally:
            server.stop()
        cases_count = len([n for n in os.listdir(cases) if n.endswith(".md")])
        print(f"{cases_count} cases, {args.edits} edits: median {statistics.median(times):.1f} ms "
              f"(min {min(times):.1f}, max {max(times):.1f})")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
