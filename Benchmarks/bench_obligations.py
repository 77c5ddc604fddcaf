#!/usr/bin/env python3
"""Side-by-side wall time of `vanban obligations` forms, as users run them (one CLI call each).

    python3 Benchmarks/bench_obligations.py --new .build/release/vanban --old OLD/vanban \\
        --db DB --plan 1234/KH-SYT --as-of 2026-06-30 --rounds 15

Each binary gets its own hard-linked copy of DB (`cp -al`), so each reads and writes its own
`obligations.table` (the formats differ); the first call of each, which builds the table, is timed
apart. Then every form is run `--rounds` times, old and new alternately, output to /dev/null; the
report gives the median and the 90th percentile in ms and the ratio of the medians. Forms the old
binary does not have (`--by-unit`) are timed for the new one alone.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def run(binary, args, db):
    t = time.perf_counter()
    p = subprocess.run([binary, *args, "--db", db], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = (time.perf_counter() - t) * 1000
    if p.returncode != 0:
        sys.exit(f"{binary} {' '.join(args)}: exit {p.returncode}: {p.stderr.decode()[:300]}")
    return dt


def copy_db(src, dst):
    subprocess.run(["cp", "-al", src, dst], check=True)
    for t in ["obligations.table"]:
        p = os.path.join(dst, t)
        if os.path.exists(p):
            os.remove(p)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--new", required=True)
    ap.add_argument("--old")
    ap.add_argument("--db", required=True)
    ap.add_argument("--plan", required=True, help="a plan REF for the per-plan forms")
    ap.add_argument("--as-of", default="2026-06-30")
    ap.add_argument("--rounds", type=int, default=15)
    a = ap.parse_args()

    work = tempfile.mkdtemp(prefix="vanban-oblbench-")
    dbs = {"new": os.path.join(work, "new")}
    copy_db(a.db, dbs["new"])
    if a.old:
        dbs["old"] = os.path.join(work, "old")
        copy_db(a.db, dbs["old"])
    bins = {"new": a.new, "old": a.old}
    asof = ["--as-of", a.as_of]
    forms = [
        ("whole archive, text", ["obligations", *asof], True),
        ("whole archive, --json", ["obligations", *asof, "--json"], True),
        ("one plan, text", ["obligations", "--plan", a.plan, *asof], True),
        ("whole archive --by-unit, text", ["obligations", "--by-unit", *asof], False),
        ("whole archive --by-unit --json", ["obligations", "--by-unit", *asof, "--json"], False),
        ("one plan --by-unit, text", ["obligations", "--plan", a.plan, "--by-unit", *asof], False),
        ("one plan --by-unit --json", ["obligations", "--plan", a.plan, "--by-unit", *asof, "--json"], False),
    ]
    try:
        print(f"first whole-archive call (builds obligations.table), ms:", end="")
        for k in dbs:
            print(f"  {k} {run(bins[k], ['obligations', *asof], dbs[k]):.0f}", end="")
        print()
        times = {}
        for _ in range(a.rounds):
            for name, args, both in forms:
                for k in (["old", "new"] if both and a.old else ["new"]):
                    times.setdefault((name, k), []).append(run(bins[k], args, dbs[k]))
        print(f"{'form':34} {'new p50':>9} {'new p90':>9} {'old p50':>9} {'old p90':>9} {'old/new':>8}")
        for name, _, both in forms:
            new = sorted(times[(name, "new")])
            p = lambda xs, q: xs[min(len(xs) - 1, int(q * len(xs)))]
            line = f"{name:34} {statistics.median(new):9.1f} {p(new, 0.9):9.1f}"
            if both and a.old:
                old = sorted(times[(name, "old")])
                line += f" {statistics.median(old):9.1f} {p(old, 0.9):9.1f} {statistics.median(old) / statistics.median(new):8.2f}"
            print(line)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
