"""Numbers along a limit's approach, on a log scale as far as the precision allows.

The approach to ``±∞`` is sampled at ``±10^e``, to a finite ``c`` from the right at
``c + 10^−e`` and from the left at ``c − 10^−e``, for ``e = 1, 2, 4, …, 2^MAX_DOUBLINGS``;
the precision grows with the scale (``c ± 10^−e`` is represented at ``e`` more digits, and
the digits double, up to ``MAX_DIGITS``, while an enclosure is too wide: ``sin(10^e)`` and
``1 − cos(10^−e)`` need them).  A value
is kept only when reliable: an interval enclosure narrower than ``10^(−dps/3)``, or, where
interval arithmetic does not reach (``polygamma``, quadrature), the same value at twice the
precision.  Numbers along the approach are evidence, never a proof nor a refutation.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import mpmath
import sympy as sp

from .certify import Compiled, Uncertain, enclosure, values_at
from .domain import Domain, Interval, Point

MAX_DOUBLINGS = 8
"""The farthest point is ``10^256`` (or ``10^−256`` from a finite point)."""
MAX_DIGITS = 1200
"""No point is evaluated at more digits than this."""


def far_along(towards: sp.Expr, exponent: int, side: str = "+") -> mpmath.mpf:
    """``±10^exponent`` towards ``±∞``, or ``c ± 10^−exponent`` towards a finite ``c``
    from the right (``side="+"``) or the left (``"-"``)."""
    step = mpmath.mpf(10) ** exponent
    if towards in (sp.oo, -sp.oo):
        return step if towards == sp.oo else -step
    near = mpmath.mpf(sp.N(towards, mpmath.mp.dps + 5))
    return near + 1 / step if side == "+" else near - 1 / step


def along(
    compiled: Compiled, point: Point, variable: sp.Symbol, towards: sp.Expr, side: str, dps: int
) -> list | None:
    """The values at ``10^(2 dps)`` along the approach (or ``10^(−2 dps)`` from a finite
    point), at ``3 dps`` digits; None where they cannot be computed."""
    with mpmath.workdps(3 * dps):
        try:
            return values_at(compiled, point, {variable: far_along(towards, 2 * dps, side)})
        except Uncertain:
            return None


def exponents(doublings: int = MAX_DOUBLINGS) -> Iterator[int]:
    """``1, 2, 4, …, 2^doublings``: the log scale of the approach."""
    return (2**j for j in range(doublings + 1))


def reliable_values(
    compiled: Compiled, point: Point, variable: sp.Symbol, towards: sp.Expr, side: str, dps: int
) -> list[tuple[int, list]]:
    """``(e, values)`` at the points of the log scale where the values are reliable (see
    the module), up to the first that ``MAX_DIGITS`` digits do not make reliable."""
    kept = []
    for exponent in exponents():
        digits = dps + exponent if towards not in (sp.oo, -sp.oo) else dps
        while digits <= MAX_DIGITS:
            values = _reliable(compiled, point, variable, towards, side, exponent, digits, dps)
            if values is not None:
                kept.append((exponent, values))
                break
            digits *= 2
        else:
            break  # farther points would need still more digits
    return kept


def _reliable(compiled, point, variable, towards, side, exponent, digits, dps) -> list | None:
    close = mpmath.mpf(10) ** (-(dps // 3))
    with mpmath.workdps(digits):
        far = far_along(towards, exponent, side)
    boxes = enclosure(compiled, point, digits, {variable: far})
    if boxes is not None:
        if not all(_narrow(box, close) for box in boxes):
            return None
        with mpmath.workdps(digits):
            return [_middle(box) for box in boxes]
    low, high = (_values(compiled, point, variable, far, d) for d in (digits, 2 * digits))
    if low is None or high is None:
        return None
    if all(abs(u - v) <= close * max(1, abs(v)) for u, v in zip(low, high, strict=True)):
        return high
    return None


def _narrow(box: object, close: mpmath.mpf) -> bool:
    if not isinstance(box, mpmath.ctx_iv.ivmpf):
        return True  # an exact number
    low, high = (mpmath.mp.make_mpf(end) for end in box._mpi_)
    if not (mpmath.isfinite(low) and mpmath.isfinite(high)):
        return False
    return high - low <= close * max(1, abs(low), abs(high))


def _middle(box: object) -> object:
    if not isinstance(box, mpmath.ctx_iv.ivmpf):
        return mpmath.mpf(box)
    low, high = (mpmath.mp.make_mpf(end) for end in box._mpi_)
    return (low + high) / 2


def _values(compiled: Compiled, point: Point, variable: sp.Symbol, far: object, dps: int):
    with mpmath.workdps(dps):
        try:
            values = values_at(compiled, point, {variable: far})
        except Uncertain:
            return None
        if not all(isinstance(v, mpmath.mpf | int) and mpmath.isfinite(v) for v in values):
            return None
        return values


def agrees(values: list[tuple[int, list]], limit: sp.Expr) -> bool:
    """The expression (first value) tends to ``limit`` along the reliable points (the
    second value is the expression minus a finite ``limit``): at least three of them, and
    either the last gap is below ``10^−12`` (relative) or the gaps shrink at each of the
    last three points; towards ``±∞``, the values grow with its sign at each of the last
    three points."""
    if len(values) < 3:
        return False
    last = [v for _, v in values[-3:]]
    if limit in (sp.oo, -sp.oo):
        sign = 1 if limit == sp.oo else -1
        sizes = [sign * v[0] for v in last]
        return sizes[-1] > 0 and all(a < b for a, b in itertools.pairwise(sizes))
    gaps = [abs(gap) / max(1, abs(value - gap)) for value, gap in last]
    tiny = mpmath.mpf(10) ** (-12)
    return gaps[-1] <= tiny or all(a > b for a, b in itertools.pairwise(gaps))


# ---------------------------------------------------------------------------- approach
INFINITIES = (sp.oo, -sp.oo)


@dataclass(frozen=True)
class Approach:
    """``variable → point`` from one ``side``: ``"+"`` from above, ``"-"`` from below
    (towards ``+∞`` from below, towards ``−∞`` from above)."""

    variable: sp.Symbol
    point: sp.Expr
    side: str

    @property
    def finite(self) -> bool:
        return self.point not in INFINITIES

    def at(self, u: sp.Expr) -> sp.Expr:
        """The variable as a function of ``u → +∞``: ``u``, ``−u``, or ``c ± 1/u``."""
        if not self.finite:
            return u if self.point == sp.oo else -u
        return self.point + 1 / u if self.side == "+" else self.point - 1 / u

    def tails(self) -> Iterator[Interval]:
        """Intervals of the variable next to the point on its side (nearer and nearer)."""
        if not self.finite:
            for start in (1, 10**3):
                yield Interval(
                    self.variable,
                    *((sp.Integer(start), sp.oo) if self.point == sp.oo else (-sp.oo, -start)),
                )
            return
        c = sp.sympify(self.point)
        width = sp.Integer(1) if c == 0 else sp.Min(1, abs(c) / 2)
        for shrink in (1, 10**3):
            w = width / shrink
            yield Interval(self.variable, *((c, c + w) if self.side == "+" else (c - w, c)))

    def describe(self) -> str:
        if not self.finite:
            return f"{self.variable} → {self.point}"
        return f"{self.variable} → {self.point}{self.side}"


def sides(point: sp.Expr, lo: sp.Expr, hi: sp.Expr, direction: str | None) -> tuple[str, ...]:
    """The sides a limit at ``point`` is taken from, for a variable ranging over
    ``(lo, hi)``: ``±∞`` from inside; a finite end of the range from inside; an interior
    point from both sides unless ``direction`` names one."""
    if point == sp.oo:
        return ("-",)
    if point == -sp.oo:
        return ("+",)
    if point == lo:
        return ("+",)
    if point == hi:
        return ("-",)
    return (direction,) if direction else ("+", "-")


def real_sides(
    e: sp.Expr, variable: sp.Symbol, point: sp.Expr, both: tuple[str, ...]
) -> tuple[str, ...]:
    """The sides of ``both`` along which ``e`` is not certainly non-real (all of them if
    that leaves none)."""
    u = sp.Dummy("u", positive=True)
    x = sp.Dummy("x", real=True)
    form = sp.sympify(e).xreplace({variable: x})
    kept = tuple(
        side
        for side in both
        if form.xreplace({x: Approach(x, point, side).at(u)}).is_extended_real is not False
    )
    return kept or both


def tail_domain(domain: Domain, tail: Interval) -> Domain:
    """``domain`` with the limit variable ranging over ``tail``."""
    return dataclasses.replace(domain, intervals=(*domain.intervals, tail))
