"""A statistical check: an expectation compared with a seeded Monte Carlo estimate.

It can refute (the estimate is many standard errors from the claimed value) but never
prove; its verdict is otherwise ``"unknown"`` ("confirmed numerically" in the audit).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import mpmath

from .domain import Domain
from .obligations import DEFAULT_BUDGET, DEFAULT_DPS, Verdict


@dataclass(frozen=True, kw_only=True)
class MonteCarlo:
    """``E[...] = claimed`` tested by a seeded Monte Carlo estimate with its standard error.

    It can refute (the estimate is more than ``z`` standard errors from the claimed value)
    but never prove: otherwise the verdict is ``"unknown"``.
    """

    estimate: Callable[[], tuple[float, float, int]]
    claimed: float
    label: str = ""
    setting: tuple[tuple[str, object], ...] = ()
    z: float = 6.0
    method: str = "seeded Monte Carlo"
    domain: Domain = field(default_factory=Domain)

    def check(self, dps: int = DEFAULT_DPS, budget: float = DEFAULT_BUDGET) -> Verdict:
        start = time.perf_counter()
        mean, error, samples = self.estimate()
        deviation = mpmath.mpf(abs(mean - self.claimed))
        shown = {
            **dict(self.setting),
            "estimate": mean,
            "standard error": error,
            "claimed": self.claimed,
        }
        refuted = deviation > self.z * error
        return Verdict(
            status="refuted" if refuted else "unknown",
            counterexample=shown if refuted else None,
            method=self.method if refuted else "numeric only",
            digits=16,
            points=samples,
            worst_residual=deviation,
            seconds=time.perf_counter() - start,
            detail=(
                f"estimate {mean:.4f} ± {error:.4f} is {float(deviation) / error:.0f} "
                f"standard errors from the claimed {self.claimed}"
                if refuted
                else "consistent within the Monte Carlo error; not a proof"
            ),
        )
