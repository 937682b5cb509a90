"""Benchmark: the whole audit from a cold start of the command, against importing SymPy.

Runs ``python -m symbolic audit`` and ``python -c "import sympy"`` as fresh processes,
best of N each, and prints both times and their ratio.  Usage:
``python benchmarks/bench_audit.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time


def best_of(command: list[str], repeat: int) -> float:
    """The fastest wall-clock time of ``repeat`` runs of a fresh process."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    audit = best_of([sys.executable, "-m", "symbolic", "audit", "--no-timings"], args.repeat)
    sympy = best_of([sys.executable, "-c", "import sympy"], args.repeat)
    print(f"audit (cold start, best of {args.repeat}): {audit:.2f} s")
    print(f"import sympy (best of {args.repeat}):       {sympy:.2f} s")
    print(f"ratio: {audit / sympy:.1f}x")


if __name__ == "__main__":
    main()
