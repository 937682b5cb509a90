"""Where a statement lives: its domain, checked for consistency, and the points sampled on it.

A ``Domain`` names the probability vectors (``Simplex``), the scalars or indexed families
confined to open intervals (``Interval``) and the symbolic sizes (``SizeRange``) of a
statement.  It is validated when built: every atom has exactly one specification, every
bound evaluates to a real number (or ±∞), no interval is empty.  ``assumptions`` gives the
SymPy assumptions the domain justifies (positive on ``(0, ·)``, negative on ``(·, 0)``,
real otherwise; positive for simplex entries; positive integers for sizes): the kernel
rebuilds every expression on fresh symbols carrying those and nothing else (``fresh``).

Sizes are sampled independently of each other (a seeded permutation each) over
``minimum..7`` and one larger value; points are Dirichlet(1) draws on simplices, draws on a
log scale on unbounded intervals, uniform draws on bounded ones, and corners: every
coordinate near its low end, every one near its high end, and mixed.  A simplex's last entry
is stored as ``1 − Σ others``, evaluated in whatever context (mpmath, interval arithmetic,
exact rationals) the point is read in, so that every point lies exactly on its simplex.
"""

from __future__ import annotations

import functools
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

import mpmath
import sympy as sp

from ..errors import GrpoSigmaError

Atom = sp.Symbol | sp.Indexed
HARD_OFFSET = mpmath.mpf("1e-30")
"""Relative distance of a corner point from the boundary of its domain."""
LARGEST_SMALL_SIZE, LARGE_SIZE = 7, 11
"""Sizes are sampled at ``minimum..7`` and at 11."""


def _bound(value: object, what: str) -> sp.Expr:
    """A bound as a SymPy number: a real number or ±∞, else a ``GrpoSigmaError``."""
    try:
        bound = sp.sympify(value)
    except (sp.SympifyError, TypeError) as error:
        raise GrpoSigmaError(f"{what}: bound {value!r} is not a number") from error
    if bound in (sp.oo, -sp.oo):
        return bound
    if bound.free_symbols or not bound.is_number:
        raise GrpoSigmaError(f"{what}: bound {value!r} is not a number")
    number = bound.evalf(30)
    if not (number.is_real and number.is_finite) or not number.is_Number:
        raise GrpoSigmaError(f"{what}: bound {value!r} does not evaluate to a real number")
    return bound


def _size(value: object, sizes: dict[sp.Symbol, int], what: str) -> int:
    """A length or row count for concrete sizes."""
    n = sp.sympify(value).subs(sizes)
    if not n.is_Integer:
        raise GrpoSigmaError(f"{what}: length {value} is not an integer for sizes {sizes}")
    return int(n)


@dataclass(frozen=True)
class SizeRange:
    """A symbolic size (K, G, M, ...) of at least ``minimum``; ``samples`` adds values to
    the ones always checked (``minimum..7`` and 11)."""

    symbol: sp.Symbol
    minimum: int = 1
    samples: tuple[int, ...] = ()

    def values(self) -> tuple[int, ...]:
        """``minimum``, the next two, 5, 7 and 11 (and ``samples``)."""
        low = self.minimum
        chosen = {low, low + 1, low + 2, max(low, 5), max(low, LARGEST_SMALL_SIZE)}
        chosen.add(max(LARGE_SIZE, low + 3))
        return tuple(sorted(chosen | {s for s in self.samples if s >= low}))


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
        n = _size(self.length, sizes, f"simplex {self.base}")
        if self.rows is None:
            return [[self.base[k] for k in range(1, n + 1)]]
        rows = _size(self.rows, sizes, f"simplex {self.base}")
        return [[self.base[r, k] for k in range(1, n + 1)] for r in range(1, rows + 1)]


@dataclass(frozen=True)
class Interval:
    """A scalar, or each entry of an indexed family of ``length``, in the open ``(lo, hi)``."""

    target: sp.Symbol | sp.IndexedBase
    lo: sp.Expr
    hi: sp.Expr
    length: int | sp.Expr | None = None

    def atoms(self, sizes: dict[sp.Symbol, int]) -> list[Atom]:
        if self.length is None:
            return [self.target]
        n = _size(self.length, sizes, f"interval of {self.target}")
        return [self.target[k] for k in range(1, n + 1)]

    @property
    def sign(self) -> str:
        """``"positive"``, ``"negative"`` or ``"real"``: what the bounds justify."""
        if self.lo != -sp.oo and bool(self.lo >= 0):
            return "positive"
        if self.hi != sp.oo and bool(self.hi <= 0):
            return "negative"
        return "real"


def _owner(atom: object) -> object:
    return atom.base if isinstance(atom, sp.Indexed) else atom


@dataclass(frozen=True)
class Domain:
    """The simplices, intervals and symbolic sizes of one statement (validated when built)."""

    simplices: tuple[Simplex, ...] = ()
    intervals: tuple[Interval, ...] = ()
    sizes: tuple[SizeRange, ...] = ()
    random_points: int = 8
    specs: dict = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        specs: dict[object, str] = {}

        def declare(key: object, what: str) -> None:
            if key in specs:
                raise GrpoSigmaError(f"{key} is given two domains: {specs[key]} and {what}")
            specs[key] = what

        for simplex in self.simplices:
            if isinstance(simplex.base, tuple):
                if len(simplex.base) < 2:
                    raise GrpoSigmaError("a simplex needs two or more entries")
                for entry in simplex.base:
                    if not isinstance(entry, sp.Symbol | sp.Indexed):
                        raise GrpoSigmaError(f"simplex entry {entry!r} is not a symbol")
                    if isinstance(entry, sp.Indexed) and entry.base in specs:
                        raise GrpoSigmaError(f"{entry} is given two domains")
                    declare(entry, "a simplex")
            elif isinstance(simplex.base, sp.IndexedBase):
                length = sp.sympify(simplex.length)
                if length.is_number and not (length.is_Integer and length >= 1):
                    raise GrpoSigmaError(
                        f"a simplex of the family {simplex.base} needs a length ≥ 1, got {length}"
                    )
                declare(simplex.base, "a simplex")
            else:
                raise GrpoSigmaError(
                    f"a simplex is a tuple of symbols or an IndexedBase, got {simplex.base!r}"
                )
        for iv in self.intervals:
            what = f"the interval ({iv.lo}, {iv.hi})"
            lo, hi = (
                _bound(iv.lo, f"interval of {iv.target}"),
                _bound(iv.hi, f"interval of {iv.target}"),
            )
            object.__setattr__(iv, "lo", lo)
            object.__setattr__(iv, "hi", hi)
            if lo == sp.oo or hi == -sp.oo or not bool(lo < hi):
                raise GrpoSigmaError(f"the interval ({lo}, {hi}) of {iv.target} is empty")
            if iv.length is None and not isinstance(iv.target, sp.Symbol | sp.Indexed):
                raise GrpoSigmaError(f"an interval of the family {iv.target} needs its length")
            length = sp.sympify(iv.length) if iv.length is not None else None
            if length is not None and length.is_number and not (length.is_Integer and length >= 1):
                raise GrpoSigmaError(f"the family {iv.target} needs a length ≥ 1, got {length}")
            if iv.length is not None and not isinstance(iv.target, sp.IndexedBase):
                raise GrpoSigmaError(
                    f"an interval with a length needs an IndexedBase, got {iv.target}"
                )
            if isinstance(iv.target, sp.Indexed) and iv.target.base in specs:
                raise GrpoSigmaError(
                    f"{iv.target} is given two domains: {specs[iv.target.base]} and {what}"
                )
            if isinstance(iv.target, sp.IndexedBase) and any(
                isinstance(k, sp.Indexed) and k.base == iv.target for k in specs
            ):
                raise GrpoSigmaError(f"{iv.target} is given two domains")
            declare(iv.target, what)
        for size in self.sizes:
            if not isinstance(size.symbol, sp.Symbol) or size.minimum < 0:
                raise GrpoSigmaError(f"a size is a symbol with a minimum ≥ 0, got {size}")
            declare(size.symbol, "a size")
        object.__setattr__(self, "specs", specs)

    # ----------------------------------------------------------------- assumptions
    def sign_of(self, key: object) -> str | None:
        """The sign the domain justifies for a scalar, an indexed family or a size."""
        for simplex in self.simplices:
            if key == simplex.base or (isinstance(simplex.base, tuple) and key in simplex.base):
                return "positive"
        for iv in self.intervals:
            if key == iv.target:
                return iv.sign
        for size in self.sizes:
            if key == size.symbol:
                return "size" if size.minimum >= 1 else "count"
        return None

    def arity(self, base: object) -> int | None:
        """How many indices an entry of a family takes (None for a non-family)."""
        for simplex in self.simplices:
            if simplex.base == base:
                return 1 if simplex.rows is None else 2
        return 1 if any(iv.target == base for iv in self.intervals) else None

    def size_symbols(self) -> set[sp.Symbol]:
        return {s.symbol for s in self.sizes}

    # ---------------------------------------------------------------------- samples
    def instances(self) -> list[dict[sp.Symbol, int]]:
        """Concrete sizes: each size runs through its values in its own seeded order."""
        if not self.sizes:
            return [{}]
        orders = []
        for size in self.sizes:
            values = list(size.values())
            random.Random(f"size {size.symbol}").shuffle(values)
            orders.append(values)
        count = max(len(v) for v in orders)
        return [
            {s.symbol: v[k % len(v)] for s, v in zip(self.sizes, orders, strict=True)}
            for k in range(count)
        ]

    def points(self, sizes: dict[sp.Symbol, int], seed: int, probe: int = 0) -> Iterator[Point]:
        """Seeded random points, then corners; call inside ``mpmath.workdps``.  A ``probe``
        of n is the first n random points only."""
        rng = random.Random(seed)
        vectors = [v for s in self.simplices for v in s.vectors(sizes)]
        scalars = [(a, iv) for iv in self.intervals for a in iv.atoms(sizes)]
        small = all(n <= 4 for n in sizes.values())
        draws = self.random_points if small else 1
        for _ in range(min(probe, self.random_points) if probe else draws):
            point = Point(sizes)
            for vec in vectors:
                point.put_vector(vec, dirichlet(rng, len(vec)))
            for atom, iv in scalars:
                point.free[atom] = draw_in(rng, iv.lo, iv.hi)
            yield point
        longest = max((len(v) for v in vectors), default=1)
        for corner in range(0 if probe else 3 + min(longest, 3) if small else 4):
            point = Point(sizes)
            for offset, vec in enumerate(vectors):
                shift = 0 if corner == 0 else -1 if corner == 1 else corner + offset
                point.put_vector(vec, near_vertex(len(vec), shift))
            for k, (atom, iv) in enumerate(scalars):
                if corner == 2:
                    point.free[atom] = centre(iv.lo, iv.hi)
                else:
                    which = corner if corner < 2 else (k + corner) % 2
                    point.free[atom] = near_end(iv.lo, iv.hi, which)
            yield point


def box_corners(domain: Domain, most: int = 4) -> Iterator[Point]:
    """Every corner of a box of at most ``most`` scalars (each coordinate near its low or
    its high end, in all combinations); nothing for a domain with sizes, simplices or
    families.  Call inside ``mpmath.workdps``."""
    boxes = domain.intervals
    if domain.sizes or domain.simplices or any(iv.length is not None for iv in boxes):
        return
    if len(boxes) > most:
        return
    for ends in itertools.product((0, 1), repeat=len(boxes)):
        point = Point({})
        for iv, which in zip(boxes, ends, strict=True):
            point.free[iv.target] = near_end(iv.lo, iv.hi, which)
        yield point


class Point:
    """Values of the atoms of one instance: free coordinates (exact binary numbers) and each
    simplex's last entry, ``1 − Σ others``, computed in the context it is read in."""

    def __init__(self, sizes: dict[sp.Symbol, int]) -> None:
        self.sizes = dict(sizes)
        self.free: dict[Atom, mpmath.mpf] = {}
        self.last: list[tuple[Atom, tuple[Atom, ...]]] = []

    def put_vector(self, vec: list[Atom], values: list[mpmath.mpf]) -> None:
        self.free.update(zip(vec[:-1], values[:-1], strict=True))
        self.last.append((vec[-1], tuple(vec[:-1])))

    def read(self, ctx: object = mpmath.mp) -> dict[Atom, object]:
        """The values in an mpmath context (``mpmath.mp`` or ``mpmath.iv``)."""
        values = {a: ctx.mpf(v) for a, v in self.free.items()}
        for atom, others in self.last:
            values[atom] = 1 - ctx.fsum(values[o] for o in others)
        return values

    def exact(self) -> dict[Atom, sp.Rational]:
        """The values as exact rationals (the binary numbers themselves)."""
        values = {a: sp.Rational(*exact_rational(v)) for a, v in self.free.items()}
        for atom, others in self.last:
            values[atom] = 1 - sp.Add(*(values[o] for o in others))
        return values


def exact_rational(value: mpmath.mpf) -> tuple[int, int]:
    """The exact value of a binary number: numerator and denominator."""
    sign, man, exp, _ = value._mpf_
    man = -man if sign else man
    return (man * 2**exp, 1) if exp >= 0 else (man, 2**-exp)


def dirichlet(rng: random.Random, n: int) -> list[mpmath.mpf]:
    """A Dirichlet(1, ..., 1) point: exponential variates normalized at the working precision."""
    draws = [mpmath.mpf(rng.expovariate(1.0)) for _ in range(n)]
    scale = mpmath.fsum(draws)
    return [d / scale for d in draws]


def near_vertex(n: int, corner: int) -> list[mpmath.mpf]:
    """Entries ``1e-30`` but one, at position ``corner mod n``, which is ``1 − (n−1)·1e-30``
    (``10^(−dps/2)`` instead of ``1e-30`` below 40 digits, so every entry stays positive)."""
    dps = mpmath.mp.dps
    offset = HARD_OFFSET if dps >= 40 else mpmath.mpf(10) ** (-(dps // 2))
    vec = [offset] * n
    vec[corner % n] = 1 - (n - 1) * offset
    return vec


def _number(value: sp.Expr) -> mpmath.mpf | None:
    if value in (sp.oo, -sp.oo):
        return None
    return _number_at(value, mpmath.mp.dps)


@functools.lru_cache(maxsize=4096)
def _number_at(value: sp.Expr, dps: int) -> mpmath.mpf:
    with mpmath.workdps(dps):
        return +mpmath.mpf(sp.N(value, dps + 5))


def draw_in(rng: random.Random, lo: sp.Expr, hi: sp.Expr) -> mpmath.mpf:
    """A point of ``(lo, hi)``: uniform if bounded, on a log scale (``e^±30``) if not."""
    low, high = _number(lo), _number(hi)
    if low is not None and high is not None:
        return low + (high - low) * mpmath.mpf(rng.random())
    spread = mpmath.exp(mpmath.mpf(rng.uniform(-30, 30)))
    if low is None and high is None:
        return spread if rng.random() < 0.5 else -spread
    return low + spread if low is not None else high - spread


def centre(lo: sp.Expr, hi: sp.Expr) -> mpmath.mpf:
    """0 if the interval holds it, else its midpoint (or a unit inside an unbounded end)."""
    low, high = _number(lo), _number(hi)
    if (low is None or low < 0) and (high is None or high > 0):
        return mpmath.mpf(0)
    if low is not None and high is not None:
        return (low + high) / 2
    return low + 1 if low is not None else high - 1


def near_end(lo: sp.Expr, hi: sp.Expr, which: int) -> mpmath.mpf:
    """A point ``1e-30`` (relatively) inside the lower (``which=0``) or upper end of
    ``(lo, hi)``; an unbounded end is ``∓1e30``."""
    low, high = _number(lo), _number(hi)
    if which == 0:
        if low is None:
            return -1 / HARD_OFFSET if high is None or high > 0 else high - 1 / HARD_OFFSET
        span = 1 if high is None else min(1, high - low)
        return low + HARD_OFFSET * span * max(1, abs(low))
    if high is None:
        return 1 / HARD_OFFSET if low is None or low < 0 else low + 1 / HARD_OFFSET
    span = 1 if low is None else min(1, high - low)
    return high - HARD_OFFSET * span * max(1, abs(high))


def every_point(domain: Domain, seed: int) -> Iterator[Point]:
    """All points of a domain, every instance of its sizes, in a fixed order (one per
    instance where there is nothing to draw: no simplex, no interval)."""
    for number, sizes in enumerate(domain.instances()):
        if domain.simplices or domain.intervals:
            yield from domain.points(sizes, seed + number)
        else:
            yield Point(sizes)


def probe_points(domain: Domain, seed: int) -> Iterator[Point]:
    """The cross-check of a statement the kernel then proves: the first seeded random point
    of every instance of the sizes, and at least three points in all (the first three
    random points where there is one instance, two of each where there are two)."""
    instances = domain.instances()
    per_instance = -(-PROBE_POINTS // len(instances))
    for number, sizes in enumerate(instances):
        yield from domain.points(sizes, seed + number, probe=per_instance)


PROBE_POINTS = 3
"""The fewest points a proven statement is cross-checked at."""
