"""Time the dataset experiment of Bereket & Leskovec's Figure 1, one algorithm at a time.

``python benchmarks/bench_figure1.py`` runs every algorithm of ``--preset bereket-leskovec``
at 2,000 steps (target: at most 30 s in all); ``--steps 50000 --algorithms grpo`` times one
algorithm of the full preset (target: at most 2 minutes), and ``--steps 50000`` the whole
figure (target: at most 10 minutes).  Wall-clock and CPU seconds are printed per algorithm:
on a shared machine the wall clock includes the other processes' share of the cores.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

try:
    from symbolic.experiments.dataset_training import PRESETS, train_algorithm
except ModuleNotFoundError:  # run from a checkout without ``pip install -e .``
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from symbolic.experiments.dataset_training import PRESETS, train_algorithm

from symbolic.experiments.datasets import draw


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--algorithms", default=",".join(PRESETS["bereket-leskovec"].algorithms))
    args = parser.parse_args(argv)
    config = replace(
        PRESETS["bereket-leskovec"],
        steps=args.steps,
        algorithms=tuple(args.algorithms.split(",")),
    )
    data = draw(config.questions, config.categories, config.data_seed)
    wall_total = cpu_total = 0.0
    for name in config.algorithms:
        wall, cpu = time.perf_counter(), time.process_time()
        result = train_algorithm(config, data, name)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        wall_total, cpu_total = wall_total + wall, cpu_total + cpu
        print(
            f"{name:12s} {config.steps} steps: {wall:7.1f} s wall, {cpu:7.1f} s CPU "
            f"({1e3 * cpu / config.steps:.2f} ms CPU per step), ECE {result.final.ece:.4f}"
        )
    print(f"{'all':12s} {config.steps} steps: {wall_total:7.1f} s wall, {cpu_total:7.1f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
