"""The verdict of one obligation: its status, certified counterexample and proof trace."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import mpmath

from ..errors import GrpoSigmaError
from .domain import Atom
from .seal import Theorem, genuine

Status = Literal["proven", "refuted", "unknown", "human step", "definition"]
PAST_BUDGET = {
    "status": "unknown",
    "counterexample": None,
    "method": "numeric only",
    "trace": (),
    "theorem": None,
}
"""What a verdict reached after its budget ran out becomes (with the reason as its detail)."""


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one obligation.

    ``status`` is ``"proven"``, ``"refuted"``, ``"human step"``, ``"definition"`` or
    ``"unknown"``;
    ``counterexample`` maps each atom to its value where a refuted statement fails
    (certified), None otherwise; ``trace`` lists the kernel's steps and rules.  A proven
    verdict holds the ``theorem`` the kernel issued for its statement: one built any other
    way (by hand, by ``dataclasses.replace``, in another process) is refused here, and the
    audit checks the theorem's statement again.  Verdicts cannot be subclassed.
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
    theorem: Theorem | None = None

    def __post_init__(self) -> None:
        if self.status == "proven" and not genuine(self.theorem):
            raise GrpoSigmaError("a proven verdict needs a theorem issued by the kernel")
        if self.theorem is not None and self.status != "proven":
            raise GrpoSigmaError(f"a {self.status} verdict holds no theorem")

    def __init_subclass__(cls, **kwargs: object) -> None:
        raise TypeError("Verdict cannot be subclassed")

    @property
    def proven(self) -> bool:
        """Proven by the kernel: the status, and a genuine theorem behind it."""
        return self.status == "proven" and genuine(self.theorem)
