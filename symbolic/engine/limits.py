"""Limits found by rules whose premises are proven, or by agreeing evidence; and the
certificates that refute a stated limit.

A limit ``lim_{x → c±} f`` is *found*:

* by the limit algebra (``Algebra``): sums, products, powers and continuous functions of
  pieces whose limits are found, every premise proven by the kernel's sign step (a
  denominator's limit nonzero, a base or a logarithm's argument positive, a sign of a
  coefficient times ``∞``); a squeeze (a factor tending to 0 times bounded factors, a
  bounded term added to one tending to ``±∞``); a rational function by its dominant terms
  (leading coefficients proven nonzero);
* or by evidence (``evidence``), for an expression built only of exp-log pieces and
  functions whose asymptotics SymPy knows (no oscillating factor whose argument has no
  limit, no polylog, Shi, Chi, …): SymPy's ``limit`` and a second computation on the form
  rewritten at ``t → 0+`` (its leading term through the algebra, or else ``gruntz``) agree,
  and the numbers along the approach, on a log scale, agree with them at every parameter
  point tried.

A stated value is refuted only by a certificate (``limit_refutation``).
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import sympy as sp
from sympy.series.gruntz import gruntz

from .approach import INFINITIES, Approach, agrees, reliable_values
from .certify import compile_mpmath
from .domain import Domain, Point, every_point
from .limit_algebra import Algebra

SEED = 20250811
LIMIT_DPS = 50
"""The digits the numbers along an approach start from (more at farther points)."""
POINTS = 3
"""Parameter points tried by the numbers along the approach and by the refutations."""


# ---------------------------------------------------------------------------- evidence
OSCILLATING = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc)
TAME = (
    sp.exp,
    sp.log,
    sp.Abs,
    sp.atan,
    sp.tanh,
    sp.sinh,
    sp.cosh,
    sp.asinh,
    sp.erf,
    sp.erfc,
    sp.gamma,
    sp.loggamma,
    sp.polygamma,
    sp.factorial,
    sp.harmonic,
)
"""Functions whose limits SymPy's Gruntz algorithm computes reliably (exp-log functions
and the special functions it expands at ``∞``)."""


@dataclass(frozen=True)
class Found:
    """A limit found, and how."""

    value: sp.Expr
    how: str


def untame(e: sp.Expr, algebra: Algebra) -> str | None:
    """Why SymPy's limit of ``e`` is not evidence, or None: a function outside ``TAME``,
    or an oscillating one whose argument has no finite limit along the approach."""
    for node in sp.preorder_traversal(e):
        if not isinstance(node, sp.Function) or not node.has(algebra.x):
            continue
        if isinstance(node, OSCILLATING):
            inner = algebra.of(node.args[0])
            if inner is None or inner in INFINITIES:
                return f"{node.func} of {node.args[0]} oscillates along the approach"
        elif not isinstance(node, TAME):
            return f"SymPy's limits of {node.func} are not taken on trust"
    return None


def _sympy_limit(e: sp.Expr, approach: Approach, domain: Domain) -> sp.Expr | None:
    """SymPy's ``limit``, each finite upper gap ``hi − a`` of a parameter renamed as a
    positive symbol; None if not found as a number or ``±∞``."""
    renamed: dict[sp.Expr, sp.Expr] = {}
    for iv in domain.intervals:
        if iv.length is None and iv.hi != sp.oo:
            renamed[iv.hi - iv.target] = sp.Dummy(f"gap_{iv.target}", positive=True)
    back = {d: gap for gap, d in renamed.items()}
    found = sp.limit(e.xreplace(renamed), approach.variable, approach.point, approach.side)
    return _usable(found.xreplace(back), approach.variable)


def _usable(found: sp.Expr, variable: sp.Symbol) -> sp.Expr | None:
    if found in INFINITIES:
        return found
    if found.has(sp.Limit, sp.AccumBounds, sp.Order, sp.zoo, sp.nan, variable):
        return None
    return found if found.is_finite is not False else None


def _second_opinion(e: sp.Expr, approach: Approach, domain: Domain) -> tuple[sp.Expr | None, str]:
    """The limit of ``e`` rewritten at ``t → 0+`` (``x = 1/t``, ``x = c ± t``): its leading
    term through the algebra, or else ``gruntz`` on the rewritten form."""
    t = sp.Dummy("t", positive=True)
    u = sp.Dummy("u", positive=True)
    form = e.xreplace({approach.variable: approach.at(1 / t)})
    try:
        lead = form.as_leading_term(t)
        if not lead.has(sp.Order):
            found = Algebra(Approach(u, sp.oo, "-"), domain).of(lead.xreplace({t: 1 / u}))
            if found is not None:
                return found, "its leading term"
    except (sp.PoleError, NotImplementedError, ValueError, TypeError, AttributeError):
        pass
    return _usable(gruntz(form, t, sp.Integer(0), "+"), t), "Gruntz's algorithm"


def parameter_points(domain: Domain, dps: int) -> list[Point]:
    """The first ``POINTS`` points of the domain's parameters."""
    with mpmath.workdps(dps):
        points = []
        for point in every_point(domain, SEED):
            points.append(point)
            if len(points) == POINTS:
                break
        return points


def evidence(e: sp.Expr, approach: Approach, domain: Domain, dps: int) -> Found | str:
    """SymPy's limit, a second computation and the numbers agreeing (see the module)."""
    algebra = Algebra(approach, domain)
    why = untame(e, algebra)
    if why is not None:
        return why
    first = _sympy_limit(e, approach, domain)
    if first is None:
        return "SymPy did not compute the limit"
    second, how = _second_opinion(e, approach, domain)
    if second is None or not _same(first, second):
        return f"SymPy's limit {first} is not confirmed by a second computation"
    compiled = compile_mpmath([e, e if first in INFINITIES else e - first])
    seen = 0
    for point in parameter_points(domain, dps):
        values = reliable_values(
            compiled, point, approach.variable, approach.point, approach.side, dps
        )
        if len(values) < 3:
            continue
        if not agrees(values, first):
            return f"the numbers along the approach do not confirm SymPy's limit {first}"
        seen += 1
    if seen == 0:
        return "no reliable numbers along the approach"
    return Found(first, f"SymPy's limit and {how} agree, confirmed by the numbers")


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    if a in INFINITIES or b in INFINITIES:
        return a == b
    gap = a - b
    return gap == 0 or sp.cancel(gap) == 0 or sp.simplify(gap) == 0


MOST_SIMPLIFIED_OPS = 60
"""The algebra retries an expression this small once SymPy's ``simplify`` rewrote it."""


def find(e: sp.Expr, approach: Approach, domain: Domain, dps: int) -> Found | str:
    """The limit by the algebra, else by evidence; or the reason neither found it (SymPy
    failing on the way is such a reason)."""
    try:
        return _find(e, approach, domain, dps)
    except FAILURES as error:
        return f"SymPy or mpmath failed: {type(error).__name__}"


FAILURES = (
    ArithmeticError,
    LookupError,
    TypeError,
    ValueError,
    NotImplementedError,
    AttributeError,
)
"""What SymPy and mpmath raise on a computation they cannot carry out."""


def _find(e: sp.Expr, approach: Approach, domain: Domain, dps: int) -> Found | str:
    """``find`` itself."""
    algebra = Algebra(approach, domain)
    found = algebra.of(e)
    if found is not None:
        return Found(found, "limit algebra, premises proven")
    if sp.count_ops(e) <= MOST_SIMPLIFIED_OPS and not e.has(sp.Sum, sp.Product, sp.Integral):
        simpler = sp.simplify(e)
        found = None if simpler == e else Algebra(approach, domain).of(simpler)
        if found is not None:
            return Found(found, "limit algebra after simplify, premises proven")
    proven_reason = algebra.reason or "no rule applies"
    if e.has(sp.Sum, sp.Product, sp.Integral):
        return f"limit algebra: {proven_reason}"
    got = evidence(e, approach, domain, dps)
    if isinstance(got, Found):
        return got
    return f"limit algebra: {proven_reason}; evidence: {got}"
