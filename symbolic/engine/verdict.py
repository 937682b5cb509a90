"""The verdict of one obligation: its status, certified counterexample and proof trace."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import mpmath

from .domain import Atom

Status = Literal["proven", "refuted", "unknown", "human step", "definition"]
PAST_BUDGET = {"status": "unknown", "counterexample": None, "method": "numeric only", "trace": ()}
"""What a verdict reached after its budget ran out becomes (with the reason as its detail)."""


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one obligation.

    ``status`` is ``"proven"``, ``"refuted"``, ``"human step"``, ``"definition"`` or
    ``"unknown"``;
    ``counterexample`` maps each atom to its value where a refuted statement fails
    (certified), None otherwise; ``trace`` lists the kernel's steps and rules.
    """

    status: Status
    counterexample: dict[Atom, object] | None
    method: str
    digits: int
    points: int
    worst_residual: mpmath.mpf
    seconds: float
    detail: str = ""
    trace: tuple[str, ...] = ()
