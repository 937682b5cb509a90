"""Exact counterexamples of a one-variable inequality.

A rational function ``f`` of one scalar has the sign of ``numerator × denominator``, which
changes only at the real roots of that polynomial.  SymPy isolates those roots in disjoint
intervals with rational ends (``Poly.intervals``); one rational point between consecutive
roots (and beyond the outer ones) meets every sign region, and a rational root (a linear
factor over ℚ) is a point where ``f = 0`` exactly.  ``f`` is evaluated exactly there: a
negative value refutes ``f ≥ 0``, a negative or zero one refutes ``f > 0``.  Points
outside the domain's open interval are passed over.  Beyond rational functions, an exact
minimum at a zero of ``f'`` is tried (``critical_violation``).
"""

from __future__ import annotations

import sympy as sp

from .budget import exact_size_bounded
from .certify import exactly_nonzero
from .domain import Domain
from .intervals import sign_on
from .premises import defined
from .seal import Proof, _proved, failed

MAX_DEGREE = 40
"""Above this degree the roots are not isolated (the cost grows quickly)."""


def _low_degree(expr: sp.Expr, symbol: sp.Symbol) -> bool:
    """A rational function of ``symbol`` with no power above ``MAX_DEGREE`` (checked before
    anything is expanded)."""
    powers = [p.exp for p in expr.atoms(sp.Pow) if p.exp.is_Integer]
    return expr.is_rational_function(symbol) and all(abs(n) <= MAX_DEGREE for n in powers)


def _inside(c: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> bool:
    return (lo == -sp.oo or bool(c > lo)) and (hi == sp.oo or bool(c < hi))


def _candidates(roots: list, lo: sp.Expr, hi: sp.Expr) -> list[sp.Rational]:
    """The break points (the ends of the isolating intervals and of the domain), the
    midpoints of consecutive ones, and one point beyond the outermost."""
    breaks = {end for (a, b), _ in roots for end in (a, b)}
    breaks |= {sp.Rational(str(sp.N(end, 30))) for end in (lo, hi) if end not in (sp.oo, -sp.oo)}
    if not breaks:
        return [sp.Integer(0)]
    ordered = sorted(breaks)
    middles = [(u + v) / 2 for u, v in zip(ordered, ordered[1:], strict=False)]
    return [ordered[0] - 1, *ordered, *middles, ordered[-1] + 1]


def exact_violation(expr: sp.Expr, domain: Domain, strict: bool) -> dict | None:
    """``{x: c}``, ``c`` a rational point of the interval of a domain of one scalar ``x``,
    where ``expr`` (a rational function of ``x``) is negative, or zero when ``strict``;
    None if there is none or it is out of reach."""
    if len(domain.intervals) != 1 or domain.sizes or domain.simplices:
        return None
    (box,) = domain.intervals
    if box.length is not None:
        return None
    where = _violation(expr, box.target, box.lo, box.hi, strict)
    return None if where is None else {box.target: where}


def _violation(
    expr: sp.Expr, symbol: sp.Symbol, lo: sp.Expr, hi: sp.Expr, strict: bool
) -> sp.Rational | None:
    if expr.free_symbols != {symbol} or not _low_degree(expr, symbol):
        return None
    numerator, denominator = sp.fraction(sp.cancel(sp.together(expr)))
    product = sp.Poly(sp.expand(numerator * denominator), symbol)
    if product.degree() > MAX_DEGREE or not (product.domain.is_ZZ or product.domain.is_QQ):
        return None
    rational_roots = [
        -factor.nth(0) / factor.nth(1)
        for factor, _ in product.factor_list()[1]
        if factor.degree() == 1
    ]
    found = _candidates(product.intervals(eps=sp.Rational(1, 10**12)), lo, hi) + rational_roots
    for c in sorted(set(found)):
        if not _inside(c, lo, hi) or denominator.xreplace({symbol: c}) == 0:
            continue
        value = expr.xreplace({symbol: c})
        if value.is_Rational and (value < 0 or (strict and value == 0)):
            return c
    return None


def critical_violation(expr: sp.Expr, domain: Domain, strict: bool) -> dict | None:
    """The exact minimum below (``_critical``), else a rational point of a bounded box of
    scalars where the ball enclosure of ``expr`` on a whole piece around it is negative
    (``intervals.sign_on``); None if neither is found."""
    found = _critical(expr, domain, strict)
    if found is not None:
        return found
    balls = sign_on(expr, domain, strict)
    return balls.point if balls.sign == "negative" and balls.point else None


def _critical(expr: sp.Expr, domain: Domain, strict: bool) -> dict | None:
    """``{x: c}`` for a zero ``c`` of ``f'`` inside the interval of a domain of one scalar
    (SymPy's ``solveset``, at most five) where ``f(c)``, an exact constant, is negative (or
    zero when ``strict``): the minimum of ``x log x + 1/e − 10⁻¹²`` at ``1/e``."""
    if len(domain.intervals) != 1 or domain.sizes or domain.simplices:
        return None
    (box,) = domain.intervals
    if box.length is not None or expr.free_symbols != {box.target}:
        return None
    if not exact_size_bounded(expr):
        return None
    zeros = sp.solveset(sp.diff(expr, box.target), box.target, sp.Interval.open(box.lo, box.hi))
    if not isinstance(zeros, sp.FiniteSet) or len(zeros) > 5:
        return None
    for c in sorted(zeros, key=sp.default_sort_key):
        value = expr.xreplace({box.target: c})
        if value.free_symbols or not c.is_real:
            continue
        if (strict and value == 0) or (exactly_nonzero(value) and value.evalf(30) < 0):
            return {box.target: c}
    return None


def _open_count(poly: sp.Poly, lo: sp.Expr, hi: sp.Expr) -> int:
    """Real roots of ``poly`` in the open ``(lo, hi)`` (Sturm's count, exact)."""
    low, high = (None if end in (sp.oo, -sp.oo) else end for end in (lo, hi))
    count = poly.count_roots(low, high)
    return count - sum(1 for end in (low, high) if end is not None and poly.eval(end) == 0)


def rootless_sign(expr: sp.Expr, domain: Domain, strict: bool) -> Proof:
    """Rule *no root in the interval*: a rational function of one scalar, proven defined on
    the interval (``kernel.defined``), whose numerator and denominator have no real root in
    the open interval (Sturm's exact count) keeps the sign it has at one rational point of
    it; ends must be rational or infinite."""
    fail = failed("sign not settled")
    if len(domain.intervals) != 1 or domain.sizes or domain.simplices:
        return fail
    (box,) = domain.intervals
    x = box.target
    ends_ok = all(end in (sp.oo, -sp.oo) or end.is_Rational for end in (box.lo, box.hi))
    if box.length is not None or expr.free_symbols != {x} or not ends_ok:
        return fail
    if not _low_degree(expr, x) or not defined((expr,), domain).proven:
        return fail
    numerator, denominator = sp.fraction(sp.cancel(sp.together(expr)))
    polys = [sp.Poly(part, x) for part in (numerator, denominator)]
    if any(not (poly.domain.is_ZZ or poly.domain.is_QQ) for poly in polys):
        return fail
    if any(_open_count(poly, box.lo, box.hi) for poly in polys):
        return fail
    inside = next(c for c in _candidates([], box.lo, box.hi) if _inside(c, box.lo, box.hi))
    if not expr.xreplace({x: inside}) > 0:
        return fail
    return _proved(("rule: no root in the interval (Sturm's count), positive at one point",))
