"""A derivation as a checked chain: every step is proven equal to the one before, or holds by
definition.

A ``Derivation`` is a sequence of ``Step`` objects, each an expression written in the note's
notation (``R(p̂)``, ``H(p)``, ``KL(p ‖ p̂)``, ``R^(g)``, ``R̄``, ``σ̂``, ``Â_STD``, ...) with a
one-line justification.  The notation is SymPy objects whose meaning is an expression of
``symbolic.note.model`` (``symbolic.note.notation``), so what is printed is what is proven:
``check_derivation`` unfolds every step to the model and checks ``step_k = step_(k−1)``
as an ``Identity`` (symbolic reduction to 0 and the mpmath cross-check at 50 digits), or as
a ``Limit`` for a step that holds as ``G → ∞``.

A step that only unfolds (or folds back) a definition, or states an assumption the notation
encodes, is one expression on both sides once unfolded: it is marked as such
(``definition``, ``assumption``), reported ``"definition"`` and never counted as proven.  A
step whose sides coincide without that mark, or a marked step whose sides differ, or a step
that does not follow, fails with a ``DerivationError`` naming the derivation, the step number
and its justification.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import mpmath
import sympy as sp

from ..engine.domain import Domain
from ..engine.kernel import SAME_EXPRESSION
from ..engine.obligations import DEFAULT_BUDGET, DEFAULT_DPS, Identity, Limit, Obligation, Verdict
from ..errors import GrpoSigmaError
from ..note.notation import unfold
from .cache import checked_obligation


@dataclass(frozen=True)
class Step:
    """One line of a derivation: an expression and why it equals the line before.

    ``limit = (variable, point)`` makes the step hold only as ``variable → point`` (it is
    then checked as a ``Limit``); otherwise it is an exact equality.  ``definition`` marks a
    step that unfolds or folds back a definition (nothing to prove: the two sides are the
    same expression in the model); ``assumption`` names what the step takes as given rather
    than derives (the meaning of the notation encodes it).  Documents typeset both apart
    from the proven steps, "by definition" and "assumption".
    """

    expr: sp.Expr
    justification: str
    limit: tuple[sp.Symbol, sp.Expr] | None = None
    assumption: str = ""
    definition: bool = False

    @property
    def by_definition(self) -> bool:
        """Whether the step holds by definition or assumption, not by a proof."""
        return self.definition or bool(self.assumption)


@dataclass(frozen=True)
class Derivation:
    """A derivation of the note: the sentence it derives, its ledger claim, and its steps."""

    id: str
    title: str
    claim_id: str
    sentence: str
    domain: Domain
    steps: tuple[Step, ...]
    reasoning: str = ""


class DerivationError(GrpoSigmaError):
    """A step of a derivation does not follow from the one before."""

    def __init__(self, derivation: Derivation, number: int, reason: str) -> None:
        self.derivation_id = derivation.id
        self.step = number
        self.justification = derivation.steps[number].justification
        super().__init__(
            f"derivation {derivation.id!r}, step {number} ({self.justification}): {reason}"
        )


@dataclass(frozen=True)
class CheckedDerivation:
    """A derivation whose steps all follow: ``verdicts[k]`` for step ``k + 1``."""

    derivation: Derivation
    verdicts: tuple[Verdict, ...]

    @property
    def points(self) -> int:
        return sum(v.points for v in self.verdicts)

    def how(self, number: int) -> str:
        """How step ``number`` (≥ 1) holds: the reduction that reached 0, the limit, or "by
        definition" / "by assumption" (checked to be the same expression, not proven)."""
        step, verdict = self.derivation.steps[number], self.verdicts[number - 1]
        if step.assumption:
            return "assumed, not proven"
        if step.definition:
            return "by definition, not proven"
        return verdict.detail if step.limit is None else verdict.method

    @property
    def worst_residual(self) -> mpmath.mpf:
        return max((v.worst_residual for v in self.verdicts), default=mpmath.mpf(0))


def step_obligation(derivation: Derivation, number: int) -> Obligation:
    """``step_number = step_(number−1)`` as an obligation of ``symbolic.engine.obligations``."""
    if not 1 <= number < len(derivation.steps):
        raise GrpoSigmaError(f"derivation {derivation.id!r} has no step {number} to check")
    before, step = derivation.steps[number - 1], derivation.steps[number]
    label = f"{derivation.id}, step {number}: {step.justification}"
    if step.limit is None:
        defined = step.assumption or (step.justification if step.definition else "")
        return Identity(
            domain=derivation.domain,
            label=label,
            lhs=unfold(before.expr),
            rhs=unfold(step.expr),
            definition=defined,
        )
    variable, point = step.limit
    sizes = tuple(s for s in derivation.domain.sizes if s.symbol != variable)
    return Limit(
        domain=dataclasses.replace(derivation.domain, sizes=sizes),
        label=label,
        expr=unfold(before.expr),
        variable=variable,
        point=point,
        value=unfold(step.expr),
    )


def _shown_point(point: dict) -> str:
    items = sorted(point.items(), key=lambda item: str(item[0]))
    shown = ", ".join(f"{k}={mpmath.nstr(v, 8)}" for k, v in items[:6])
    return shown + (", ..." if len(items) > 6 else "")


def _failure(verdict: Verdict, step: Step, number: int) -> str | None:
    """Why a step's verdict does not let the chain go on (None if it does)."""
    if verdict.status == "refuted":
        where = _shown_point(verdict.counterexample or {})
        return f"refuted, differs from step {number - 1} at {where}"
    if step.by_definition:
        if verdict.status != "definition":
            return f"marked a definition, but not the same expression ({verdict.detail})"
        return None
    if verdict.status != "proven":
        return f"not proven ({verdict.detail})"
    if verdict.trace[:1] == (SAME_EXPRESSION,):
        return f"{SAME_EXPRESSION}: derive it, or mark the step a definition"
    return None


def check_derivation(
    derivation: Derivation,
    dps: int = DEFAULT_DPS,
    budget: float = DEFAULT_BUDGET,
    cache: Path | str | None = None,
) -> CheckedDerivation:
    """Check every step equal to the one before (or its limit), or the same expression where
    it is marked a definition or an assumption: symbolically, and numerically at ``dps``
    digits (through the verdict cache in ``cache``, if given).  Raises ``DerivationError``
    naming the first step that does not follow.
    """
    if len(derivation.steps) < 2:
        raise GrpoSigmaError(f"derivation {derivation.id!r} needs at least two steps")
    try:
        unfold(derivation.steps[0].expr)
    except GrpoSigmaError as error:
        raise DerivationError(derivation, 0, str(error)) from None
    verdicts = []
    for number in range(1, len(derivation.steps)):
        try:
            obligation = step_obligation(derivation, number)
        except GrpoSigmaError as error:
            raise DerivationError(derivation, number, str(error)) from None
        verdict = checked_obligation(obligation, dps, budget, cache)
        reason = _failure(verdict, derivation.steps[number], number)
        if reason is not None:
            raise DerivationError(derivation, number, reason)
        verdicts.append(verdict)
    return CheckedDerivation(derivation, tuple(verdicts))
