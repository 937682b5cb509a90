"""Time ``grpo-sigma policy --group-size G`` (E[σ̂_G | a] by the quadrature) at G = 4 and 10.

Run as ``python benchmarks/bench_policy_group.py``.  Each command runs as a whole process
(start-up included) ``REPEATS`` times, in turn with the baseline ``python -c "import sympy"``;
printed: the median wall-clock and CPU seconds of each, and the median of the paired ratios
to the baseline.  Targets: G = 4 at most 5 s, G = 10 at most 30 s (wall, on a 2-core machine).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPEATS = 3
POLICY = ["-m", "symbolic", "policy", "--beta", "5.7", "3", "--bins", "100", "--target", "0.7"]
TARGETS = {4: 5.0, 10: 30.0}
BASELINE = ["-c", "import sympy"]


def timed(arguments: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one ``python ARGUMENTS`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, *arguments],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    print(f"load average {os.getloadavg()[0]:.2f}")
    for group, target in TARGETS.items():
        runs, base = [], []
        for _ in range(REPEATS):
            runs.append(timed([*POLICY, "--group-size", str(group)]))
            base.append(timed(BASELINE))
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        ratio = statistics.median(r[0] / b[0] for r, b in zip(runs, base, strict=True))
        print(
            f"policy --group-size {group}: median of {REPEATS}: {wall:.2f} s wall, {cpu:.2f} s "
            f"CPU; {ratio:.1f}x 'import sympy' ({statistics.median(w for w, _ in base):.2f} s); "
            f"target {target:.0f} s: {'met' if wall <= target else 'not met'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
