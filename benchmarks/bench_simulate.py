"""Time the default ``grpo-sigma simulate`` run: three modes at p = 0.7, best of 5.

Run as ``python benchmarks/bench_simulate.py``; the target is at most 2 s on a 2-core machine.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

try:
    from symbolic.experiments.training import SimulationConfig, simulate
except ModuleNotFoundError:  # run from a checkout without ``pip install -e .``
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from symbolic.experiments.training import SimulationConfig, simulate

REPEATS = 5
BUDGET_SECONDS = 2.0


def best_time(config: SimulationConfig, repeats: int = REPEATS) -> float:
    """The fastest of ``repeats`` wall-clock timings of ``simulate(config)``, in seconds."""
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        simulate(config)
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> int:
    config = SimulationConfig()
    seconds = best_time(config)
    steps = config.steps * len(config.modes)
    print(
        f"simulate (default: p = {config.target}, modes {','.join(config.modes)}, "
        f"G = {config.group_size}, B = {config.batch}, steps = {config.steps}): "
        f"best of {REPEATS} = {seconds:.3f} s ({1e6 * seconds / steps:.1f} us per mode-step; "
        f"budget {BUDGET_SECONDS:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
