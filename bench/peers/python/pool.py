#!/usr/bin/env python3
"""Python's multiprocessing Pool on the dispatch benchmark's workloads, as a Python team
would write them, beside Taskmill's figures.

    pool.py sleep --ms 2000,100 --tasks 40 --procs 4   Pool.map of sleeps, the lengths in turn
    pool.py count --ms 1 --tasks 6000 --procs 2        Pool.map of the lecture's countdown,
                                                       n calibrated to about ms milliseconds
    pool.py digest DIR --procs 2 --output FILE         the lecture's digest: apply_async per file

The last line is key=value pairs: seconds (Pool.map's own, from the pool's start to the
last result) and, for count, n and the sequential milliseconds per task.
"""
import argparse
import hashlib
import os
import time
from multiprocessing import Pool


def sleep_ms(ms):
    time.sleep(ms / 1000)
    return ms


def count(n):
    while n > 0:
        n -= 1
    return n


def compute_digest(filename):
    digest = hashlib.sha512()
    with open(filename, "rb") as f:
        while True:
            chunk = f.read(8192)
            if not chunk:
                break
            digest.update(chunk)
    return digest.hexdigest()


def files_under(top):
    for path, _dirs, files in os.walk(top):
        for name in files:
            full = os.path.join(path, name)
            if os.path.isfile(full) and not os.path.islink(full):
                yield full


def calibrate(target_ms):
    n = 10_000
    while True:
        t0 = time.perf_counter()
        count(n)
        took = (time.perf_counter() - t0) * 1000
        if took > 50:
            return max(1, int(n * target_ms / took))
        n *= 2


def timed_map(procs, fn, inputs):
    t0 = time.perf_counter()
    with Pool(procs) as pool:
        pool.map(fn, inputs)
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="workload", required=True)
    s = sub.add_parser("sleep")
    s.add_argument("--ms", required=True)
    s.add_argument("--tasks", type=int, required=True)
    s.add_argument("--procs", type=int, required=True)
    c = sub.add_parser("count")
    c.add_argument("--ms", type=float, required=True)
    c.add_argument("--tasks", type=int, required=True)
    c.add_argument("--procs", type=int, required=True)
    d = sub.add_parser("digest")
    d.add_argument("dir")
    d.add_argument("--procs", type=int, default=2)
    d.add_argument("--output", required=True)
    args = ap.parse_args()
    if args.workload == "sleep":
        lengths = [int(ms) for ms in args.ms.split(",")]
        inputs = [lengths[i % len(lengths)] for i in range(args.tasks)]
        print(f"seconds={timed_map(args.procs, sleep_ms, inputs):.3f}")
    elif args.workload == "count":
        n = calibrate(args.ms)
        t0 = time.perf_counter()
        for _ in range(20):
            count(n)
        per_task_ms = (time.perf_counter() - t0) * 1000 / 20
        print(f"seconds={timed_map(args.procs, count, [n] * args.tasks):.3f} n={n} task_ms={per_task_ms:.3f}")
    else:
        t0 = time.perf_counter()
        with Pool(args.procs) as pool, open(args.output, "w") as out:
            futures = [(name, pool.apply_async(compute_digest, (name,))) for name in files_under(args.dir)]
            for name, result in futures:
                out.write(f"{result.get()}  {name}\n")
        print(f"seconds={time.perf_counter() - t0:.3f} files={len(futures)}")


if __name__ == "__main__":
    main()
