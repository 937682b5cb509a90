"""Benchmark: the whole audit from a cold start of the command, against importing SymPy.

Runs ``python -m symbolic audit --no-timings`` (A) and ``python -c "import sympy"`` (B) as
fresh processes, in turn (A B A B ...), and prints for each the median wall-clock and CPU
seconds (user + system of the process and its workers) and the median of the pairwise
ratios A/B, so that a machine whose speed drifts during the run still gives a fair ratio.
Usage: ``python benchmarks/bench_audit.py [--repeat N] [--jobs J]``.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
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
    args = parser.parse_args()
    audit = [sys.executable, "-m", "symbolic", "audit", "--no-timings"]
    if args.jobs:
        audit += ["--jobs", str(args.jobs)]
    sympy = [sys.executable, "-c", "import sympy"]
    pairs = [(timed(audit), timed(sympy)) for _ in range(args.repeat)]
    for name, k in (("wall", 0), ("cpu", 1)):
        a = statistics.median(p[0][k] for p in pairs)
        b = statistics.median(p[1][k] for p in pairs)
        ratio = statistics.median(p[0][k] / p[1][k] for p in pairs)
        print(f"{name:4}: audit {a:6.2f} s   import sympy {b:5.2f} s   ratio {ratio:5.1f}x")
    print(f"(medians of {args.repeat} paired runs)")


if __name__ == "__main__":
    main()
