"""Numbers along a limit's approach: the statement at ``10^(e/2)``, ``10^e``, ``10^(2e)``
towards ``±∞`` (or as far from a finite point, from the right), at two precisions, and the
tests a refutation of the limit needs: gaps to the stated value that settle (``settled``),
values that agree at two precisions (``agreeing``), values that approach SymPy's limit
(``approaches``), and settled gaps certified not to be cancellation (``certified_away``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import mpmath
import sympy as sp

from .certify import Compiled, Uncertain, enclosure, excludes_zero, values_at
from .domain import Point


def far_along(towards: sp.Expr, exponent: int) -> mpmath.mpf:
    """``±10^exponent`` towards ``±∞``, or ``c + 10^−exponent`` towards a finite ``c``."""
    step = mpmath.mpf(10) ** exponent
    if towards in (sp.oo, -sp.oo):
        return step if towards == sp.oo else -step
    return mpmath.mpf(sp.N(towards, mpmath.mp.dps)) + 1 / step


def along(
    compiled: Compiled, point: Point, variable: sp.Symbol, towards: sp.Expr, reach: int, dps: int
) -> list:
    """The values at ``10^(reach/2)``, ``10^reach`` and ``10^(2 reach)`` along the approach
    to ``towards`` (``±∞``, or a finite point from the right at ``10^−e`` from it), at ``dps``
    digits; None at a point where they cannot be computed."""
    out = []
    with mpmath.workdps(dps):
        for exponent in (reach // 2, reach, 2 * reach):
            try:
                out.append(values_at(compiled, point, {variable: far_along(towards, exponent)}))
            except Uncertain:
                out.append(None)
    return out


def settled(gaps: list | None, reference: list | None = None) -> bool:
    """Gaps that no longer move along the approach (and match ``reference``, the same
    gaps at half the precision): the expression settles away from the stated value."""
    if gaps is None:
        return False
    close = mpmath.mpf(10) ** (-6)
    pairs = itertools.pairwise(gaps) if reference is None else zip(gaps, reference, strict=True)
    return all(abs(a - b) <= close * b for a, b in pairs)


def agreeing(low: list, high: list) -> list:
    """The values along the approach (at the higher precision) where the two precisions
    agree."""
    close = mpmath.mpf(10) ** (-(mpmath.mp.dps // 3))
    return [
        b
        for a, b in zip(low, high, strict=True)
        if a is not None
        and b is not None
        and all(abs(u - v) <= close * max(1, abs(v)) for u, v in zip(a, b, strict=True))
    ]


def approaches(values: list, limit: object) -> bool:
    """Far along, the expression ends within a tenth of ``|L − v|`` of ``L`` or draws nearer
    to ``L`` at every step; an infinite ``L`` (None): it grows past ``|v| + 1``, with
    the sign of its last value, at every step."""
    if limit is None:
        sign = mpmath.sign(values[-1][0])
        sizes = [sign * near for near, *_ in values]
        stated = abs(values[-1][1])
        return sizes[0] > stated + 1 and all(a < b for a, b in itertools.pairwise(sizes))
    gaps = [abs(near - lim) for near, _, _, lim in values]
    apart = abs(values[-1][3] - values[-1][1])
    return gaps[-1] < apart / 10 or all(a > b for a, b in itertools.pairwise(gaps))


def certified_away(
    compiled: Compiled,
    point: Point,
    variable: sp.Symbol,
    towards: sp.Expr,
    dps: int,
    gaps: list,
    gaps_at: Callable[[int], list | None],
) -> bool:
    """Settled ``gaps`` that are not cancellation: interval enclosures of ``expr − value``
    at the far points exclude 0; where interval arithmetic does not reach, the gaps stay
    put at 2× and 4× the precision (``gaps_at(digits)``)."""
    for exponent in (dps // 2, dps, 2 * dps):
        with mpmath.workdps(3 * dps):
            far = far_along(towards, exponent)
        boxes = enclosure(compiled, point, 3 * dps, {variable: far})
        if boxes is None:
            break
        if not excludes_zero(boxes[0] - boxes[1]):
            return False
    else:
        return True
    return all(settled(gaps_at(f * dps), gaps) for f in (2, 4))
