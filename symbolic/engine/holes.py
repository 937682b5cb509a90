"""Points where one side of an identity has no value and the other has one.

An identity ``lhs = rhs`` on a domain says both sides have one value at every point of it.
At an exact zero ``c`` of a denominator of one side (``x − 1`` of ``(x² − 1)/(x − 1)`` on
``(0, 2)``), that side is undefined; if the other side is a finite number there, the
identity fails at ``c``.  ``hole`` finds such a point: the other scalars are fixed at a
rational point inside their intervals, the denominator's zeros in the remaining one are
SymPy's ``solveset`` over the open interval (an exact, finite set), and each zero is
checked exactly: the side is ``zoo``/``nan`` there (or its denominator is exactly 0), the
other side a finite real number.
"""

from __future__ import annotations

import sympy as sp

from .budget import exact_size_bounded
from .domain import Domain, Interval
from .premises import denominators

MOST_ZEROS = 8
"""Zeros of one denominator tried, at most."""


def _inside(iv: Interval) -> sp.Rational:
    """A rational point of the open interval."""
    if iv.lo == -sp.oo and iv.hi == sp.oo:
        return sp.Rational(1, 3)
    if iv.lo == -sp.oo:
        return sp.floor(iv.hi) - 1
    if iv.hi == sp.oo:
        return sp.ceiling(iv.lo) + 1
    return sp.nsimplify((iv.lo + iv.hi) / 2, rational=True)


def _is_inside(value: sp.Expr, iv: Interval) -> bool:
    return bool(iv.lo < value) and bool(value < iv.hi)


def _finite(value: sp.Expr) -> bool:
    return bool(value.is_number and value.is_finite and value.is_real) and not value.has(
        sp.zoo, sp.nan
    )


def hole(lhs: sp.Expr, rhs: sp.Expr, domain: Domain) -> dict | None:
    """``{symbol: value}``, a point of a domain of scalars where one side is undefined and
    the other is a finite real number; None if none is found."""
    if domain.sizes or domain.simplices or any(iv.length is not None for iv in domain.intervals):
        return None
    if not (exact_size_bounded(lhs) and exact_size_bounded(rhs)):
        return None
    boxes = {iv.target: iv for iv in domain.intervals}
    for side, other in ((lhs, rhs), (rhs, lhs)):
        for d in denominators(side):
            for free in sorted(d.free_symbols & set(boxes), key=sp.default_sort_key):
                fixed = {s: _inside(iv) for s, iv in boxes.items() if s != free}
                where = _zero_in(d.xreplace(fixed), free, boxes[free])
                for c in where:
                    point = {**fixed, free: c}
                    if _undefined_at(side, d, point) and _finite(sp.simplify(other.subs(point))):
                        return point
    return None


def _zero_in(d: sp.Expr, free: sp.Symbol, iv: Interval) -> list[sp.Expr]:
    try:
        zeros = sp.solveset(d, free, sp.Interval.open(iv.lo, iv.hi))
    except (NotImplementedError, ValueError, TypeError):
        return []
    if not isinstance(zeros, sp.FiniteSet) or len(zeros) > MOST_ZEROS:
        return []
    return [
        c for c in zeros if c.is_real and _is_inside(c, iv) and sp.simplify(d.subs(free, c)) == 0
    ]


def _undefined_at(side: sp.Expr, d: sp.Expr, point: dict) -> bool:
    """``side`` has no value at ``point``: its denominator ``d`` is exactly 0 there."""
    return sp.simplify(d.subs(point)) == 0 and not _finite(side.subs(point))
