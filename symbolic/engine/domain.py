"""Where a statement lives, and the points at which it is cross-checked.

A ``Domain`` names the probability vectors (``Simplex``), the scalars confined to open
intervals (``Interval``) and the symbolic sizes (``SizeRange``) of a statement.  It yields
concrete instances (symbolic sizes replaced by integers) and seeded points at 50+ digits:
Dirichlet(1) points on every simplex, uniform points in every interval, and hard points with
entries within ``1e-30`` of 0 or 1 (or of an interval's ends).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import mpmath
import sympy as sp

Atom = sp.Symbol | sp.Indexed
Point = dict[Atom, mpmath.mpf]

HARD_OFFSET = mpmath.mpf("1e-30")
"""Distance of a hard point from the boundary of its domain."""


@dataclass(frozen=True)
class SizeRange:
    """A symbolic size (K, G, M, ...): at least ``minimum``; checked at ``samples``."""

    symbol: sp.Symbol
    minimum: int
    samples: tuple[int, ...]


@dataclass(frozen=True)
class Simplex:
    """Probability vectors (entries positive, summing to one).

    ``base`` is a tuple of explicit entries, or an ``IndexedBase`` of ``length`` entries;
    with ``rows`` it is a batch ``base[r, k]`` of vectors, one per row ``r = 1..rows``.
    """

    base: sp.IndexedBase | tuple[Atom, ...]
    length: int | sp.Expr = 0
    rows: int | sp.Expr | None = None

    def vectors(self, sizes: dict[sp.Symbol, int]) -> list[list[Atom]]:
        """The concrete entries of every vector, for concrete sizes."""
        if isinstance(self.base, tuple):
            return [list(self.base)]
        n = int(sp.sympify(self.length).subs(sizes))
        if self.rows is None:
            return [[self.base[k] for k in range(1, n + 1)]]
        m = int(sp.sympify(self.rows).subs(sizes))
        return [[self.base[r, k] for k in range(1, n + 1)] for r in range(1, m + 1)]


@dataclass(frozen=True)
class Interval:
    """A scalar, or each entry of an indexed family of ``length``, in ``(lo, hi)``."""

    target: sp.Symbol | sp.IndexedBase
    lo: sp.Expr
    hi: sp.Expr
    length: int | sp.Expr | None = None

    def atoms(self, sizes: dict[sp.Symbol, int]) -> list[Atom]:
        if self.length is None:
            return [self.target]
        n = int(sp.sympify(self.length).subs(sizes))
        return [self.target[k] for k in range(1, n + 1)]


@dataclass(frozen=True)
class Domain:
    """The simplices, intervals and symbolic sizes of one statement."""

    simplices: tuple[Simplex, ...] = ()
    intervals: tuple[Interval, ...] = ()
    sizes: tuple[SizeRange, ...] = ()
    random_points: int = 8

    def instances(self) -> list[dict[sp.Symbol, int]]:
        """Concrete sizes: the i-th sample of every size, cycled to the longest list."""
        if not self.sizes:
            return [{}]
        count = max(len(s.samples) for s in self.sizes)
        return [{s.symbol: s.samples[k % len(s.samples)] for s in self.sizes} for k in range(count)]

    def points(self, sizes: dict[sp.Symbol, int], seed: int) -> Iterator[Point]:
        """Seeded random points, then hard points; call inside ``mpmath.workdps``."""
        rng = random.Random(seed)
        vectors = [v for s in self.simplices for v in s.vectors(sizes)]
        scalars = [(a, iv) for iv in self.intervals for a in iv.atoms(sizes)]
        for _ in range(self.random_points):
            point: Point = {}
            for vec in vectors:
                point.update(zip(vec, dirichlet(rng, len(vec)), strict=True))
            for atom, iv in scalars:
                point[atom] = uniform_in(rng, iv.lo, iv.hi)
            yield point
        for corner in range(hard_point_count(vectors)):
            point = {}
            for offset, vec in enumerate(vectors):
                point.update(zip(vec, near_vertex(len(vec), corner + offset), strict=True))
            for offset, (atom, iv) in enumerate(scalars):
                point[atom] = near_end(iv.lo, iv.hi, (corner + offset) % 2)
            yield point


def hard_point_count(vectors: Sequence[Sequence[Atom]]) -> int:
    """Enough hard points to put the large entry of the longest vector at every position."""
    return max([2, *(len(v) for v in vectors)])


def dirichlet(rng: random.Random, n: int) -> list[mpmath.mpf]:
    """A Dirichlet(1, ..., 1) point: exponential variates (doubles, exact as mpf) normalized
    at the working precision, so the entries sum to one to every digit."""
    draws = [mpmath.mpf(rng.expovariate(1.0)) for _ in range(n)]
    scale = mpmath.fsum(draws)
    return [d / scale for d in draws]


def near_vertex(n: int, corner: int) -> list[mpmath.mpf]:
    """Entries ``1e-30`` but one, at position ``corner mod n``, which is ``1 − (n−1)·1e-30``."""
    vec = [HARD_OFFSET] * n
    vec[corner % n] = 1 - (n - 1) * HARD_OFFSET
    return vec


def _bound(value: sp.Expr) -> mpmath.mpf | None:
    return None if value in (sp.oo, -sp.oo) else mpmath.mpf(sp.Float(value, mpmath.mp.dps))


def uniform_in(rng: random.Random, lo: sp.Expr, hi: sp.Expr) -> mpmath.mpf:
    """A uniform point of ``(lo, hi)``; an unbounded side is replaced by a span of 10."""
    low, high = _bound(lo), _bound(hi)
    low = high - 10 if low is None else low
    high = low + 10 if high is None else high
    return low + (high - low) * mpmath.mpf(rng.random())


def near_end(lo: sp.Expr, hi: sp.Expr, which: int) -> mpmath.mpf:
    """A point ``1e-30`` inside the lower (``which=0``) or upper end of ``(lo, hi)``."""
    low, high = _bound(lo), _bound(hi)
    if which == 0:
        return -1 / HARD_OFFSET if low is None else low + HARD_OFFSET * max(1, (high or 1) - low)
    return 1 / HARD_OFFSET if high is None else high - HARD_OFFSET * max(1, high - (low or 0))


def every_point(domain: Domain, seed: int) -> Iterator[tuple[dict[sp.Symbol, int], Point]]:
    """All (sizes, point) pairs of a domain, in a fixed order."""
    for number, sizes in enumerate(domain.instances()):
        yield from zip(itertools.repeat(sizes), domain.points(sizes, seed + number))
