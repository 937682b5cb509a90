"""Numbers along a limit's approach: the statement at ``10^(e/2)``, ``10^e``, ``10^(2e)``
towards ``±∞`` (or as far from a finite point, from the right), at two precisions, and the
tests a refutation of the limit needs: gaps to the stated value that settle (``settled``),
values that are reliable (``reliable_along``), values that approach SymPy's limit
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


def reliable_along(
    compiled: Compiled, point: Point, variable: sp.Symbol, towards: sp.Expr, reach: int, dps: int
) -> list:
    """The values at ``10^(reach/8)``, …, ``10^(2 reach)`` along the approach, at ``dps``
    digits, kept only where they are reliable: interval enclosures narrower than
    ``10^(−dps/3)``, or where interval arithmetic does not reach, the same values at twice
    the precision (cancellation that swallows every digit drops a point, never moves it)."""
    close = mpmath.mpf(10) ** (-(dps // 3))
    kept = []
    for exponent in sorted({reach // 8, reach // 4, reach // 2, reach, 2 * reach} - {0}):
        with mpmath.workdps(dps):
            far = far_along(towards, exponent)
        boxes = enclosure(compiled, point, dps, {variable: far})
        if boxes is not None:
            if all(_narrow(box, close) for box in boxes):
                with mpmath.workdps(dps):
                    kept.append([_middle(box) for box in boxes])
            continue
        values = [_values(compiled, point, variable, far, digits) for digits in (dps, 2 * dps)]
        low, high = values
        if low is not None and high is not None:
            if all(abs(u - v) <= close * max(1, abs(v)) for u, v in zip(low, high, strict=True)):
                kept.append(high)
    return kept


def _narrow(box: object, close: mpmath.mpf) -> bool:
    if not isinstance(box, mpmath.ctx_iv.ivmpf):
        return True  # an exact number
    low, high = (mpmath.mp.make_mpf(end) for end in box._mpi_)
    return high - low <= close * max(1, abs(low), abs(high))


def _middle(box: object) -> object:
    if not isinstance(box, mpmath.ctx_iv.ivmpf):
        return box
    low, high = (mpmath.mp.make_mpf(end) for end in box._mpi_)
    return (low + high) / 2


def _values(compiled: Compiled, point: Point, variable: sp.Symbol, far: object, dps: int):
    with mpmath.workdps(dps):
        try:
            return values_at(compiled, point, {variable: far})
        except Uncertain:
            return None


def approaches(values: list, limit: object) -> bool:
    """Far along, the expression comes within a tenth of ``|L − v|`` of ``L`` or draws
    nearer to ``L`` at every step; for ``L = ±∞``, it grows at every step with the sign of
    ``L`` and ends past ``|v| + 1``."""
    if limit in (sp.oo, -sp.oo):
        sign = 1 if limit == sp.oo else -1
        sizes = [sign * near for near, *_ in values]
        stated = abs(values[-1][1])
        return sizes[-1] > stated + 1 and all(a < b for a, b in itertools.pairwise(sizes))
    gaps = [abs(near - lim) for near, _, _, lim in values]
    apart = abs(values[-1][3] - values[-1][1])
    return min(gaps) < apart / 10 or all(a > b for a, b in itertools.pairwise(gaps))


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
