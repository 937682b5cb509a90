"""Time the dataset experiment of Bereket & Leskovec's Figure 1.

``python benchmarks/bench_figure1.py`` runs the algorithms of ``--preset bereket-leskovec`` at
2,000 steps the way ``grpo-sigma simulate`` runs them (``--jobs`` worker processes, default
one per core; target: at most 30 s wall in all); ``--steps 50000 --algorithms grpo`` times one
algorithm of the full preset (target: at most 2 minutes), and ``--steps 50000`` the whole
figure (target: at most 10 minutes).  Printed: each algorithm's wall-clock and CPU seconds in
its worker, then the whole run's wall clock and CPU (all processes), the sum of the
algorithms' wall clocks (about what one process running them in turn takes) and the load
average: on a shared machine the wall clock includes the other processes' share of the cores.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

try:
    from symbolic.experiments.dataset_training import PRESETS, run
except ModuleNotFoundError:  # run from a checkout without ``pip install -e .``
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from symbolic.experiments.dataset_training import PRESETS, run

from symbolic import console
from symbolic.experiments import dataset_report


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--algorithms", default=",".join(PRESETS["bereket-leskovec"].algorithms))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--json",
        metavar="PATH",
        help="also write the run's JSON, as simulate --json does (at 50,000 steps it must "
        "equal figures/bereket_leskovec.json)",
    )
    args = parser.parse_args(argv)
    config = replace(
        PRESETS["bereket-leskovec"],
        steps=args.steps,
        algorithms=tuple(args.algorithms.split(",")),
    )
    load = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), _cpu()
    data, results = run(config, jobs=args.jobs)
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    if args.json:
        console.write_json(dataset_report.to_json(config, data, results), args.json)
    for name, result in results.items():
        print(
            f"{name:12s} {config.steps} steps: {result.seconds:7.1f} s wall, "
            f"{result.cpu_seconds:7.1f} s CPU "
            f"({1e3 * result.cpu_seconds / config.steps:.2f} ms CPU per step), "
            f"ECE {result.final.ece:.4f}"
        )
    in_turn = sum(r.seconds for r in results.values())
    workers = min(args.jobs, len(results))
    print(
        f"{'all':12s} {config.steps} steps, {workers} worker(s): {wall:7.1f} s wall, "
        f"{cpu:7.1f} s CPU; "
        f"the algorithms' wall clocks add up to {in_turn:.1f} s ({in_turn / wall:.2f}x the run's); "
        f"load average {load:.2f} before, {os.getloadavg()[0]:.2f} after"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
