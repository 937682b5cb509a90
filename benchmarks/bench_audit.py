"""Benchmark: the whole audit as a fresh command, cold and warm, against importing SymPy.

*Cold* is ``python -m symbolic audit --no-timings --no-cache`` (every proof done again);
*warm* is the same with a verdict cache that one earlier run filled (nothing changed, so
every verdict comes from the cache).  Each runs as a fresh process in turn with
``python -c "import sympy"`` (A B A B ...); for each the median wall-clock and CPU seconds
(user + system of the process and its workers) and the median of the pairwise ratios A/B
are printed, so that a machine whose speed drifts during the run still gives a fair ratio.
Usage: ``python benchmarks/bench_audit.py [--repeat N] [--jobs J] [--only cold|warm]``.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def timed(command: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one fresh process (its children included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, help="worker processes of the audit (default: its own)")
    parser.add_argument("--only", choices=["cold", "warm"], help="one of the two (default: both)")
    args = parser.parse_args()
    audit = [sys.executable, "-m", "symbolic", "audit", "--no-timings"]
    if args.jobs:
        audit += ["--jobs", str(args.jobs)]
    sympy = [sys.executable, "-c", "import sympy"]
    with tempfile.TemporaryDirectory() as cache:
        commands = {"cold": [*audit, "--no-cache"], "warm": [*audit, "--cache-dir", cache]}
        subprocess.run(commands["warm"], check=True, capture_output=True)  # fills the cache
        for kind in [args.only] if args.only else ["cold", "warm"]:
            pairs = [(timed(commands[kind]), timed(sympy)) for _ in range(args.repeat)]
            for name, k in (("wall", 0), ("cpu", 1)):
                a = statistics.median(p[0][k] for p in pairs)
                b = statistics.median(p[1][k] for p in pairs)
                ratio = statistics.median(p[0][k] / p[1][k] for p in pairs)
                print(
                    f"{kind} {name:4}: audit {a:6.2f} s   import sympy {b:5.2f} s"
                    f"   ratio {ratio:5.1f}x"
                )
    print(f"(medians of {args.repeat} paired runs)")


if __name__ == "__main__":
    main()
