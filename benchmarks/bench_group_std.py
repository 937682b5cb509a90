"""Time E[σ̂_G | a] for ``grpo-sigma policy --group-size G``: enumerating multisets against
the sum over ordered G-tuples it replaces, and the Monte Carlo's control variates against
none, in the same run.

Run as ``python benchmarks/bench_group_std.py``.  Printed: seconds (best of 3) and ratios.
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

import numpy as np

try:
    from symbolic.numeric import finite_group_policy as fgp
except ModuleNotFoundError:  # run from a checkout without ``pip install -e .``
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from symbolic.numeric import finite_group_policy as fgp

REPEATS = 3
POINTS, GROUP = 30, 4


def best(run, repeats: int = REPEATS) -> tuple[float, object]:
    """The fastest wall-clock time of ``run()`` in seconds, and its value."""
    timings, value = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        value = run()
        timings.append(time.perf_counter() - start)
    return min(timings), value


def ordered_tuples(rewards: np.ndarray, weights: np.ndarray, group: int) -> float:
    """The baseline: Σ over all m^G ordered tuples of Π π · σ̂, vectorized in numpy."""
    rows = np.array(list(itertools.product(range(len(rewards)), repeat=group)))
    chance = np.prod(weights[rows], axis=1)
    return float(chance @ fgp.group_std_rows(rewards[rows], "population"))


def main() -> int:
    grid = np.arange(1, POINTS + 1) / (POINTS + 1)
    weights = grid**4.7 * (1 - grid) ** 2
    weights /= weights.sum()
    rewards = np.log(grid)
    slow, baseline = best(lambda: ordered_tuples(rewards, weights, GROUP))
    fast, exact = best(lambda: fgp.expected_group_std_exact(rewards, weights, GROUP, "population"))
    print(
        f"E[sigma_G], m = {POINTS} points, G = {GROUP}: ordered tuples ({POINTS**GROUP}) "
        f"{slow:.3f} s, multisets ({exact.terms}) {fast:.3f} s: ratio {slow / fast:.1f}x "
        f"(values differ by {abs(exact.value - baseline):.1e})"
    )
    mean = weights @ rewards
    variance = float(weights @ (rewards - mean) ** 2)
    fourth = float(weights @ (rewards - mean) ** 4)
    draws = 4_000_000
    controlled = fgp.expected_group_std_monte_carlo(
        rewards, weights, GROUP, "population", variance, fourth, max_draws=draws
    )
    rng = np.random.default_rng(fgp.MC_SEED)
    plain = fgp.group_std_rows(
        rewards[rng.choice(POINTS, size=(draws // GROUP, GROUP), p=weights)], "population"
    )
    plain_error = plain.std(ddof=1) / np.sqrt(len(plain))
    print(
        f"Monte Carlo, {draws} draws: standard error {plain_error:.2e} without control "
        f"variates, {controlled.standard_error:.2e} with sigma^2 and sigma^4: "
        f"{(plain_error / controlled.standard_error) ** 2:.1f}x fewer draws for the same error"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
