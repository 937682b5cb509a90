"""A user's scoring rule: Savage's form of a strictly convex Φ, checked before it is used.

``user_rule(Φ, variables)`` builds ``S(p̂, a) = Φ(p̂) + ⟨∇Φ(p̂), e_a − p̂⟩`` for a SymPy
expression Φ in K explicit variables, after checking that Φ is strictly convex on the
simplex (``engine.convexity``: the Hessian along the simplex has positive leading minors).  A
Φ whose minor is refuted at a point is a ``GrpoSigmaError`` naming the point; a minor that is
positive at every sample point but not proven is reported, never called proven.
``check_propriety`` asks whether any rule (a user's score, or the improper linear score) is
proper: ``D_S(p‖p̂) > 0`` for ``p̂ ≠ p``, refuted with a certified counterexample if not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp

from ..engine.convexity import strict_convexity
from ..engine.domain import Domain, Simplex
from ..engine.obligations import Positive, Verdict
from ..errors import GrpoSigmaError
from ..note import model as m


@dataclass(frozen=True)
class UserRule:
    """A user's rule and the verdict on the strict convexity of its Φ on the simplex."""

    rule: m.ScoringRule
    convexity: Verdict


def _checked_variables(potential: object, variables: Sequence[object]) -> tuple[sp.Symbol, ...]:
    if not isinstance(potential, sp.Expr):
        raise GrpoSigmaError(f"Φ must be a SymPy expression, got {type(potential).__name__}")
    symbols = tuple(variables)
    if len(symbols) < 2 or not all(isinstance(s, sp.Symbol) for s in symbols):
        raise GrpoSigmaError("give Φ's variables as at least two SymPy symbols x_1, …, x_K")
    if len(set(symbols)) != len(symbols):
        raise GrpoSigmaError("Φ's variables must be distinct")
    stray = potential.free_symbols - set(symbols)
    if stray:
        names = ", ".join(sorted(map(str, stray)))
        raise GrpoSigmaError(f"Φ depends on {names}, which is not one of its variables")
    return symbols


def user_rule(potential: sp.Expr, variables: Sequence[sp.Symbol]) -> UserRule:
    """The Savage rule of ``potential`` after checking it strictly convex on the simplex
    (``engine.convexity``): ``GrpoSigmaError`` if a minor of its Hessian along the simplex is
    ≤ 0 somewhere."""
    symbols = _checked_variables(potential, variables)
    return UserRule(
        rule=m.savage_rule(potential, symbols, name=f"Savage({potential})"),
        convexity=strict_convexity(potential, symbols),
    )


def check_propriety(rule: m.ScoringRule, outcomes: int = 2) -> Verdict:
    """``D_S(p‖p̂) = E_p[S(p, a)] − E_p[S(p̂, a)] > 0`` at ``p̂ ≠ p`` on the K-simplex: a
    certified counterexample (``"refuted"``) when the rule is not proper."""
    if outcomes < 2:
        raise GrpoSigmaError(f"a rule needs at least 2 outcomes, got {outcomes}")
    p, phat = m.vector_of(m.p), m.vector_of(m.phat)
    divergence = m.generalized_divergence(rule, p, phat, outcomes)
    simplices = (Simplex(m.p, outcomes), Simplex(m.phat, outcomes))
    domain = Domain(simplices=simplices, random_points=32)
    # ≥ 0: the divergence is 0 at p̂ = p, where a strict claim would be (rightly) refuted.
    return Positive(
        label="D_S(p‖p̂) ≥ 0 (= 0 at p̂ = p)", expr=divergence, strict=False, domain=domain
    ).check()
