"""Benchmark: concrete groups are numbers, at any G, from a cold start of the command.

Runs, as fresh processes in turn with ``python -c "import sympy"`` (A B A B ...):
``grpo-sigma group`` on one group of G = 1000 rollouts of a 2-class prediction (target 2 s),
``grpo-sigma group`` on a 3-rollout group of K = 3000 classes (sums of 3,000 terms), and
``grpo-sigma simulate --group-size 128`` (target 10 s).  Printed for each: the median wall and
CPU seconds (user + system) and the median of the pairwise ratios to importing SymPy.
Usage: ``python benchmarks/bench_concrete_groups.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys

from bench_audit import timed  # this folder is on the path of a script run from it


def vector(classes: int, seed: int) -> str:
    """A probability vector of ``classes`` exact decimals summing to one (no randomness)."""
    weights = [1 + (seed * 7919 + k * 104729) % 97 for k in range(classes)]
    total = sum(weights)
    entries = [f"{w / total:.12f}" for w in weights[:-1]]
    last = 1 - sum(float(e) for e in entries)
    return ",".join([*entries, f"{last:.12f}"])


def group_command(rollouts: int, classes: int) -> list[str]:
    """``grpo-sigma group`` on one group of ``rollouts`` predictions with ``classes`` entries."""
    command = [sys.executable, "-m", "symbolic", "group", "--target", vector(classes, 0)]
    for g in range(1, rollouts + 1):
        command += ["--prediction", vector(classes, g)]
    return command


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sympy = [sys.executable, "-c", "import sympy"]
    cases = {
        "group, G = 1000": group_command(1000, 2),
        "group, K = 3000": group_command(3, 3000),
        "simulate, G = 128": [sys.executable, "-m", "symbolic", "simulate", "--group-size", "128"],
    }
    for label, command in cases.items():
        pairs = [(timed(command), timed(sympy)) for _ in range(args.repeat)]
        shown = []
        for name, k in (("wall", 0), ("cpu", 1)):
            a = statistics.median(p[0][k] for p in pairs)
            ratio = statistics.median(p[0][k] / p[1][k] for p in pairs)
            shown.append(f"{name} {a:6.2f} s ({ratio:5.1f}x import sympy)")
        print(f"{label:18}: {'   '.join(shown)}")
    print(f"(medians of {args.repeat} paired runs)")


if __name__ == "__main__":
    main()
