"""The numeric side of an obligation: the statement's values at sample points, their
residual, and a certified counterexample (``Refuted``).  Evidence only: nothing here says
"proven"."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

import mpmath
import sympy as sp

from .certify import Compiled, Uncertain, values_at
from .domain import Domain, Point, every_point

SEED = 20250811
"""The seed of the sample points (the same points on every run)."""


class Refuted(Exception):
    """A certified counterexample was found."""

    def __init__(self, point: dict, why: str) -> None:
        super().__init__(why)
        self.point, self.why = point, why


def relative(values: Sequence[object]) -> mpmath.mpf:
    left, right = values
    return abs(left - right) / max(1, abs(left), abs(right))


def sharper(compiled: Compiled, point: Point, residual_of: Callable, residual: mpmath.mpf):
    """The residual at twice the precision: an ill-conditioned point reported with the
    accuracy it really has (used for the report only, never to accept a point)."""
    with mpmath.workdps(2 * mpmath.mp.dps):
        try:
            return min(residual, residual_of(values_at(compiled, point)))
        except Uncertain:
            return residual


def tolerance(divisor: int = 2) -> mpmath.mpf:
    return mpmath.mpf(10) ** (-(mpmath.mp.dps // divisor))


def package_error() -> type:
    from ..errors import GrpoSigmaError

    return GrpoSigmaError


def evaluated(compiled: Compiled, points: Iterable[Point]) -> Iterator[tuple[Point, list]]:
    """The points where the statement can be evaluated, with its values there (a point
    where it cannot, ``Uncertain``, is passed over and not counted)."""
    for point in points:
        try:
            yield point, values_at(compiled, point)
        except Uncertain:
            continue


def agreeing_point(closed: sp.Expr, compiled: Compiled, domain: Domain) -> dict | None:
    """A point where a constant difference's closed form matches ``lhs − rhs`` evaluated in
    mpmath (None if it does not)."""
    point = next(every_point(domain, SEED))
    try:
        left, right = values_at(compiled, point)[:2]
    except Uncertain:
        return None
    value = mpmath.mpf(sp.N(closed, mpmath.mp.dps))
    if abs(left - right - value) <= tolerance() * max(1, abs(left), abs(right)):
        return coordinates(point)
    return None


def coordinates(point: Point) -> dict:
    return {**point.sizes, **point.read()}
