"""Strict convexity of a potential Φ(x_1, …, x_K) on the open probability simplex.

Along the simplex (``x_K = 1 − Σ_{k<K} x_k``) Φ is strictly convex where the Hessian of the
restriction is positive definite, i.e. (Sylvester) where its leading principal minors are
positive.  Each minor is checked on the open simplex written in positive coordinates,
``x_k = u_k/(1 + Σ u)``, ``x_K = 1/(1 + Σ u)``: proven by the kernel, or refuted at a
certified point (a ``GrpoSigmaError`` naming the point in the user's variables).
"""

from __future__ import annotations

from collections.abc import Sequence

import mpmath
import sympy as sp

from ..errors import GrpoSigmaError
from .domain import Domain, Interval
from .obligations import Positive, Verdict


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


def strict_convexity(potential: sp.Expr, variables: Sequence[sp.Symbol]) -> Verdict:
    """The weakest verdict on the minors (``"proven"`` when all are); ``GrpoSigmaError``
    naming the point when a minor is ≤ 0 somewhere on the simplex."""
    minors, coordinates = simplex_minors(potential, variables)
    domain = Domain(intervals=tuple(Interval(c, sp.Integer(0), sp.oo) for c in coordinates))
    verdicts = []
    for n, minor in enumerate(minors, start=1):
        verdict = Positive(label=f"leading minor {n}", expr=minor, domain=domain).check()
        if verdict.status == "refuted":
            point = _simplex_point(verdict.counterexample or {}, variables)
            raise GrpoSigmaError(
                f"Φ = {potential} is not strictly convex on the simplex: the Hessian along "
                f"the simplex has a leading minor ≤ 0 at {point}"
            )
        verdicts.append(verdict)
    return next((v for v in verdicts if v.status != "proven"), verdicts[-1])


def _simplex_point(point: dict, variables: Sequence[sp.Symbol]) -> str:
    """The counterexample in the user's variables: ``x_k = u_k/(1 + Σ u)``."""
    u = [point.get(sp.Symbol(f"u{k}", positive=True), 0) for k in range(1, len(variables))]
    scale = 1 + mpmath.fsum(u)
    values = [c / scale for c in u] + [1 / scale]
    return ", ".join(f"{x}={mpmath.nstr(v, 6)}" for x, v in zip(variables, values, strict=True))
