"""Counterexamples to an inequality at every scale of an open or unbounded interval.

Fixed far points (``10^30``, ``10^−30`` from an end) miss a statement whose behaviour
changes beyond them.  Each scalar of a small box is moved, alone or with the others, to
``±10^e`` at an unbounded end and to ``c ± 10^−e`` at a finite end ``c``, for
``e = 1, 2, 4, …, 2^MAX_DOUBLINGS`` (``approach.exponents``), the others at their centre
or at the same scale; each point is evaluated in interval arithmetic at ``dps + e``
digits, so the point itself is represented, and it is a counterexample only when the
enclosure of ``expr`` lies below 0.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import mpmath
import sympy as sp

from .approach import exponents
from .certify import Compiled, enclosure, upper
from .domain import Domain, Interval, Point, centre

MOST_SCALARS = 3


def far_points(domain: Domain, dps: int) -> Iterator[tuple[Point, int]]:
    """Points of a box of at most ``MOST_SCALARS`` scalars (no sizes, simplices or
    families) with coordinates at every scale, and the digits each needs."""
    boxes = domain.intervals
    if domain.sizes or domain.simplices or any(iv.length is not None for iv in boxes):
        return
    if not boxes or len(boxes) > MOST_SCALARS:
        return
    for exponent in exponents():
        digits = dps + exponent
        with mpmath.workdps(digits):
            choices = [_coordinates(iv, exponent) for iv in boxes]
            for combination in itertools.product(*choices):
                if all(far is False for far, _ in combination):
                    continue  # every coordinate at its centre: not a far point
                point = Point({})
                for iv, (_, value) in zip(boxes, combination, strict=True):
                    point.free[iv.target] = value
                yield point, digits


def _coordinates(iv: Interval, exponent: int) -> list[tuple[bool, mpmath.mpf]]:
    """The centre of ``iv`` and its points at scale ``exponent`` next to each end."""
    step = mpmath.mpf(10) ** exponent
    out = [(False, centre(iv.lo, iv.hi))]
    for end, inward in ((iv.lo, 1), (iv.hi, -1)):
        if end in (sp.oo, -sp.oo):
            out.append((True, -inward * step))
        else:
            at = mpmath.mpf(sp.N(end, mpmath.mp.dps + 5)) + inward / step
            if _inside(at, iv):
                out.append((True, at))
    return out


def _inside(value: mpmath.mpf, iv: Interval) -> bool:
    low = -mpmath.inf if iv.lo == -sp.oo else mpmath.mpf(sp.N(iv.lo, mpmath.mp.dps + 5))
    high = mpmath.inf if iv.hi == sp.oo else mpmath.mpf(sp.N(iv.hi, mpmath.mp.dps + 5))
    return bool(low < value < high)


def far_violation(compiled: Compiled, domain: Domain, dps: int) -> dict | None:
    """A point at some scale where the enclosure of the first value lies below 0, its
    coordinates read at the digits that represent them."""
    for point, digits in far_points(domain, dps):
        boxes = enclosure(compiled, point, digits)
        if boxes is not None and isinstance(boxes[0], mpmath.ctx_iv.ivmpf):
            if upper(boxes[0]) < 0:
                with mpmath.workdps(digits):
                    return {**point.sizes, **point.read()}
    return None
