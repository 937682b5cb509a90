"""Time ``grpo-sigma review`` on a 100-line draft, cold (a fresh process each run), paired
with ``python -c "import sympy"`` in the same run.

The draft is the first 100 lines of our own test drafts (``tests/drafts/*.md``, in order),
about 110 relations of every kind.  Target: ≤ 20 s wall on this machine.

Run as ``python benchmarks/bench_review.py``.  Printed: the medians of 3 paired runs, in
seconds, and their ratio.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS, LINES = 3, 100


def draft(directory: Path) -> Path:
    """The first ``LINES`` lines of the test drafts, as one Markdown file."""
    lines: list[str] = []
    for source in sorted((ROOT / "tests" / "drafts").glob("*.md")):
        lines += source.read_text(encoding="utf-8").splitlines() + [""]
    path = directory / "draft.md"
    path.write_text("\n".join(lines[:LINES]) + "\n", encoding="utf-8")
    return path


def seconds(command: list[str]) -> float:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=environment, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-300:]}")
    return elapsed


def main() -> int:
    with tempfile.TemporaryDirectory() as directory:
        path = draft(Path(directory))
        review = [sys.executable, "-m", "symbolic", "review", str(path)]
        baseline = [sys.executable, "-c", "import sympy"]
        pairs = [(seconds(review), seconds(baseline)) for _ in range(RUNS)]
    ours = statistics.median(p[0] for p in pairs)
    base = statistics.median(p[1] for p in pairs)
    ratio = statistics.median(p[0] / p[1] for p in pairs)
    print(
        f"review of a {LINES}-line draft, cold: {ours:.1f} s (target <= 20 s); "
        f"import sympy: {base:.2f} s; ratio {ratio:.1f}x (medians of {RUNS} paired runs)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
