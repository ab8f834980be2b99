#!/usr/bin/env python3
"""The writing half of the floor: write a built site's files again, from memory.

    python3 bench/floor_write.py OUTPUT_FOLDER [--repeat K]

Lists every file of OUTPUT_FOLDER (paths and sizes), then times writing the same
folders and files with as many bytes into a scratch folder beside it, with nothing
computed: what any generator pays to put that output on this file system. Prints the
median of K passes in ms ("ms writing"); the scratch folder is removed between passes,
outside the timing.
"""
import os
import shutil
import statistics
import sys
import time


def main():
    args = sys.argv[1:]
    repeat = 1
    if "--repeat" in args:
        i = args.index("--repeat")
        repeat = max(1, int(args[i + 1]))
        del args[i:i + 2]
    source = os.path.abspath(args[0])
    files = []
    for folder, _, names in os.walk(source):
        rel = os.path.relpath(folder, source)
        for name in names:
            files.append((os.path.normpath(os.path.join(rel, name)), os.path.getsize(os.path.join(folder, name))))
    files.sort()
    folders = sorted({os.path.dirname(path) for path, _ in files} - {""})
    biggest = max((size for _, size in files), default=0)
    payload = b"x" * biggest
    scratch = source.rstrip("/") + ".floor"
    times = []
    for _ in range(repeat):
        shutil.rmtree(scratch, ignore_errors=True)
        t0 = time.perf_counter()
        os.mkdir(scratch)
        for folder in folders:
            os.makedirs(os.path.join(scratch, folder), exist_ok=True)
        for path, size in files:
            with open(os.path.join(scratch, path), "wb") as f:
                f.write(memoryview(payload)[:size])
        times.append(time.perf_counter() - t0)
    shutil.rmtree(scratch, ignore_errors=True)
    total = sum(size for _, size in files)
    print(f"floor_write: {len(files)} files, {len(folders)} folders, {total} bytes, "
          f"{statistics.median(times) * 1000:.1f} ms writing", file=sys.stderr)


if __name__ == "__main__":
    main()
