"""A user's scoring rule: Savage's form of a strictly convex Φ, checked before it is used.

``user_rule(Φ, variables)`` builds ``S(p̂, a) = Φ(p̂) + ⟨∇Φ(p̂), e_a − p̂⟩`` for a SymPy
expression Φ in K explicit variables, after checking that Φ is strictly convex on the
simplex: the Hessian of Φ along the simplex (``x_K = 1 − Σ_{k<K} x_k``) has positive leading
minors, proven by the kernel on the open simplex written as ``x_k = u_k/(1 + Σ u)``.  A Φ
whose minor is refuted at a point is a ``GrpoSigmaError`` naming the point; a minor that is
positive at every sample point but not proven is reported, never called proven.
``check_propriety`` asks whether any rule (a user's score, or the improper linear score) is
proper: ``D_S(p‖p̂) > 0`` for ``p̂ ≠ p``, refuted with a certified counterexample if not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp

from ..engine.domain import Domain, Interval, Simplex
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


def simplex_minors(
    potential: sp.Expr, variables: Sequence[sp.Symbol]
) -> tuple[list[sp.Expr], tuple[sp.Symbol, ...]]:
    """Leading principal minors of the Hessian of Φ along the simplex, in the positive
    coordinates ``u_1 … u_{K−1}`` of ``x_k = u_k/(1 + Σ u)``, ``x_K = 1/(1 + Σ u)``."""
    *free, last = variables
    along = potential.xreplace({last: 1 - sp.Add(*free)})
    hessian = sp.hessian(along, free)
    u = sp.symbols(f"u1:{len(free) + 1}", positive=True)
    scale = 1 + sp.Add(*u)
    inside = {x: u_k / scale for x, u_k in zip(free, u, strict=True)}
    return [hessian[:n, :n].det().xreplace(inside) for n in range(1, len(free) + 1)], u


def user_rule(potential: sp.Expr, variables: Sequence[sp.Symbol]) -> UserRule:
    """The Savage rule of ``potential`` after checking it strictly convex on the simplex:
    ``GrpoSigmaError`` if a minor of its Hessian along the simplex is ≤ 0 somewhere."""
    symbols = _checked_variables(potential, variables)
    minors, coordinates = simplex_minors(potential, symbols)
    domain = Domain(intervals=tuple(Interval(c, sp.Integer(0), sp.oo) for c in coordinates))
    verdicts = []
    for n, minor in enumerate(minors, start=1):
        verdict = Positive(label=f"leading minor {n}", expr=minor, domain=domain).check()
        if verdict.status == "refuted":
            point = _simplex_point(verdict.counterexample or {}, symbols)
            raise GrpoSigmaError(
                f"Φ = {potential} is not strictly convex on the simplex: the Hessian along "
                f"the simplex has a leading minor ≤ 0 at {point}"
            )
        verdicts.append(verdict)
    worst = next((v for v in verdicts if v.status != "proven"), verdicts[-1])
    return UserRule(
        rule=m.savage_rule(potential, symbols, name=f"Savage({potential})"), convexity=worst
    )


def _simplex_point(point: dict, variables: Sequence[sp.Symbol]) -> str:
    """The counterexample in the user's variables: ``x_k = u_k/(1 + Σ u)``."""
    import mpmath

    u = [point.get(sp.Symbol(f"u{k}", positive=True), 0) for k in range(1, len(variables))]
    scale = 1 + mpmath.fsum(u)
    values = [c / scale for c in u] + [1 / scale]
    return ", ".join(f"{x}={mpmath.nstr(v, 6)}" for x, v in zip(variables, values, strict=True))


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
