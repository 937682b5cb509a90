"""Interval arithmetic on the ranges of a limit's pieces: ``lo ≤ e ≤ hi`` eventually
along an approach, ends exact SymPy numbers or ``±∞`` (values beyond every bound, all
finite, so that ``0 · ∞`` is 0).  Used by the limit algebra's squeeze."""

from __future__ import annotations

import sympy as sp

from .approach import INFINITIES

RANGES = {
    sp.sin: (-sp.Integer(1), sp.Integer(1)),
    sp.cos: (-sp.Integer(1), sp.Integer(1)),
    sp.atan: (-sp.pi / 2, sp.pi / 2),
    sp.tanh: (-sp.Integer(1), sp.Integer(1)),
    sp.erf: (-sp.Integer(1), sp.Integer(1)),
}


def added(a: tuple, b: tuple) -> tuple:
    lo, hi = a[0] + b[0], a[1] + b[1]
    return (-sp.oo if lo is sp.nan else lo, sp.oo if hi is sp.nan else hi)


def multiplied(a: tuple, b: tuple) -> tuple | None:
    """Ends of the product of two ranges; an end ``±∞`` stands for values beyond every
    bound, all finite, so that ``0 · ∞`` is 0."""
    products = [sp.Integer(0) if 0 in (p, q) else p * q for p in a for q in b]
    return min(products, key=_key), max(products, key=_key)


def _key(value: sp.Expr) -> object:
    return value if value in INFINITIES else value.evalf(60)


def raised(inner: tuple, exponent: sp.Expr) -> tuple | None:
    lo, hi = inner
    if (exponent < 0) == sp.true and not ((lo > 0) == sp.true or (hi < 0) == sp.true):
        return None  # a negative power of a range holding 0
    if exponent.is_Integer and exponent > 0:
        ends = [lo**exponent, hi**exponent]
        if exponent % 2 == 0 and (lo < 0) == sp.true and (hi > 0) == sp.true:
            return sp.Integer(0), max(ends, key=_key)
        return min(ends, key=_key), max(ends, key=_key)
    if (lo > 0) != sp.true or not exponent.is_number or not exponent.is_comparable:
        return None
    ends = sorted([lo**exponent, hi**exponent], key=_key)  # monotone on (0, ∞)
    return ends[0], ends[1]


def monotone_image(function: type, inner: tuple) -> tuple | None:
    lo, hi = inner
    if function is sp.Abs:
        if (lo >= 0) == sp.true:
            return lo, hi
        if (hi <= 0) == sp.true:
            return -hi, -lo
        return sp.Integer(0), max(-lo, hi, key=_key)
    if function is sp.log:
        if (lo < 0) == sp.true:
            return None
        return (-sp.oo if lo == 0 else sp.log(lo)), sp.log(hi)
    return sp.exp(lo), sp.exp(hi)
