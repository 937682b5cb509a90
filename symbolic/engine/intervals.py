"""Rigorous enclosures by ball arithmetic (python-flint's ``arb``) and signs by bisection.

``enclose(expr, box)`` is a ball that contains the value of ``expr`` at every point of the
closed box (each scalar in ``[lo, hi]``), or None where a piece is not defined on all of it
or has no ball version: every operation of ``arb`` rounds outwards, integer powers and
``|·|`` are taken from the ends of their argument's ball (monotone pieces), a logarithm,
a fractional power or a ``Γ`` needs its argument's ball inside the function's domain.

``box_sign(expr, boxes, strict)`` bisects a box of scalars (the longest side first) until
every piece's enclosure is strictly positive (the sign is proven on the closed box, hence on
the open domain) or strictly negative (a certified counterexample: the piece's midpoint,
an exact rational inside the open domain), within ``MAX_BOXES`` enclosures.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import flint
import sympy as sp

from .domain import Domain

Ball = flint.arb
MAX_BOXES = 600
"""Enclosures one sign check may compute (each bisection step costs one)."""
PRECISION = 96
"""Bits of the balls' midpoints."""

_UNARY: dict[type, Callable[[Ball], Ball]] = {
    sp.exp: Ball.exp,
    sp.sin: Ball.sin,
    sp.cos: Ball.cos,
    sp.atan: Ball.atan,
    sp.sinh: Ball.sinh,
    sp.cosh: Ball.cosh,
    sp.tanh: Ball.tanh,
    sp.asinh: Ball.asinh,
    sp.erf: Ball.erf,
    sp.erfc: Ball.erfc,
}
"""Functions defined on the whole real line."""
_POSITIVE: dict[type, Callable[[Ball], Ball]] = {
    sp.log: Ball.log,
    sp.gamma: Ball.gamma,
    sp.loggamma: Ball.lgamma,
}
"""Functions defined (and continuous) where their argument is positive."""


def span(a: Ball, b: Ball) -> Ball:
    """A ball holding both balls (and everything between them)."""
    return a.union(b)


def _power(base: Ball, exponent: sp.Rational) -> Ball | None:
    if exponent.is_Integer:
        n = int(exponent)
        if n >= 0:
            if n % 2 == 0:  # |base|ⁿ, monotone in |base|
                low = Ball(0) if base.contains(0) else base.abs_lower()
                return span(low**n, base.abs_upper() ** n)
            return span(base.lower() ** n, base.upper() ** n)
        if base.contains(0):
            return None
        inverse = _power(base, sp.Integer(-n))
        return None if inverse is None else 1 / inverse
    if base.lower() > 0:
        return (Ball(exponent.p) / exponent.q * base.log()).exp()
    if exponent > 0 and base.lower() >= 0:  # xᵃ on [0, h], a > 0: between 0 and hᵃ
        return span(Ball(0), (Ball(exponent.p) / exponent.q * base.upper().log()).exp())
    return None


def _ball(expr: sp.Expr, values: Mapping[sp.Symbol, Ball]) -> Ball | None:
    if expr.is_Symbol:
        return values.get(expr)
    if expr.is_Integer:
        return Ball(int(expr))
    if expr.is_Rational:
        return Ball(expr.p) / expr.q
    if expr is sp.pi:
        return Ball.pi()
    if expr is sp.E:
        return Ball.const_e()
    args = [_ball(a, values) for a in expr.args] if not isinstance(expr, sp.Pow) else []
    if any(a is None for a in args):
        return None
    if isinstance(expr, sp.Add):
        total = Ball(0)
        for a in args:
            total += a
        return total
    if isinstance(expr, sp.Mul):
        total = Ball(1)
        for a in args:
            total *= a
        return total
    if isinstance(expr, sp.Pow):
        base = _ball(expr.base, values)
        if base is None:
            return None
        if expr.exp.is_Rational:
            return _power(base, expr.exp)
        exponent = _ball(expr.exp, values)
        return None if exponent is None or not base.lower() > 0 else (exponent * base.log()).exp()
    if type(expr) in _UNARY:
        return _UNARY[type(expr)](args[0])
    if type(expr) in _POSITIVE:
        return _POSITIVE[type(expr)](args[0]) if args[0].lower() > 0 else None
    if isinstance(expr, sp.Abs):
        (a,) = args
        low = Ball(0) if a.contains(0) else a.abs_lower()
        return span(low, a.abs_upper())
    if isinstance(expr, sp.tan):
        return args[0].tan() if not args[0].cos().contains(0) else None
    if isinstance(expr, sp.polygamma) and expr.args[0] == 0:
        return args[1].digamma() if args[1].lower() > 0 else None
    if isinstance(expr, sp.Li):  # li(x) − li(2), continuous on (1, ∞)
        return args[0].li(offset=True) if args[0].lower() > 1 else None
    if isinstance(expr, sp.jn) and expr.args[0].is_Integer and expr.args[0] >= 0:
        # the spherical Bessel j_n(x) = √(π/(2x)) J_{n+1/2}(x), x > 0
        order, x = expr.args[0], args[1]
        if not x.lower() > 0:
            return None
        return (Ball.pi() / (2 * x)).sqrt() * x.bessel_j(Ball(2 * int(order) + 1) / 2)
    return None


def enclose(expr: sp.Expr, values: Mapping[sp.Symbol, Ball]) -> Ball | None:
    """A ball holding ``expr`` wherever each symbol lies in its ball (None: out of reach)."""
    saved = flint.ctx.prec
    flint.ctx.prec = PRECISION
    try:
        found = _ball(expr, values)
    except (ValueError, ZeroDivisionError, TypeError, OverflowError):
        return None
    finally:
        flint.ctx.prec = saved
    return found if found is not None and found.is_finite() else None


@dataclass(frozen=True)
class Side:
    """One side of a box: the closed ``[lo, hi]`` with exact rational ends."""

    lo: sp.Rational
    hi: sp.Rational

    def ball(self) -> Ball:
        return span(_point(self.lo), _point(self.hi))

    def halves(self) -> tuple[Side, Side]:
        middle = (self.lo + self.hi) / 2
        return Side(self.lo, middle), Side(middle, self.hi)


@dataclass(frozen=True)
class Signed:
    """What bisection found: ``"positive"`` everywhere, ``"negative"`` at ``point``, or
    ``None`` (not settled within the boxes allowed)."""

    sign: str | None
    point: dict[sp.Symbol, sp.Rational] | None = None
    boxes: int = 0


def rational_side(lo: sp.Expr, hi: sp.Expr) -> Side | None:
    """A closed side with rational ends holding the interval ``(lo, hi)``: its own ends if
    rational, else rationals just beyond them (None: unbounded)."""
    if sp.oo in (lo, hi) or -sp.oo in (lo, hi):
        return None
    return Side(_outside(lo, -1), _outside(hi, 1))


def _outside(end: sp.Expr, direction: int) -> sp.Rational:
    """``end`` if rational, else a rational beyond it by about 10⁻²⁵ (``direction`` ±1)."""
    if end.is_Rational:
        return end
    return sp.Rational(str(sp.N(end, 40))) + direction * sp.Rational(1, 10**25)


def _point(value: sp.Rational) -> Ball:
    return Ball(value.p) / value.q


def _tightest(
    expr: sp.Expr, gradient: list[sp.Expr], symbols: list[sp.Symbol], piece: dict, strict: bool
) -> Ball | None:
    """The direct enclosure, or the mean-value form ``f(m) + Σ ∂f/∂x_i(box)·(x_i − m_i)``
    (``f`` is differentiable wherever every ``∂f/∂x_i`` has an enclosure) where it is
    tighter; both hold every value of ``expr`` on the piece."""
    balls = {s: piece[s].ball() for s in symbols}
    direct = enclose(expr, balls)
    if direct is not None and (
        direct.lower() > 0 or direct.upper() < 0 or (not strict and direct.lower() >= 0)
    ):
        return direct
    middle = {s: _point((piece[s].lo + piece[s].hi) / 2) for s in symbols}
    centre = enclose(expr, middle)
    slopes = [enclose(g, balls) for g in gradient]
    if centre is None or any(g is None for g in slopes):
        return direct
    form = centre
    for s, g in zip(symbols, slopes, strict=True):
        form += g * (balls[s] - middle[s])
    if direct is None:
        return form
    return form if form.rad() < direct.rad() else direct


def _at_an_end(
    expr: sp.Expr, x: sp.Symbol, piece: Side, box: Mapping, ends: Mapping, depth: int = 0
) -> bool:
    """``expr > 0`` on a piece that touches an open end ``a`` of the domain, except at
    ``a``: ``expr(a) = 0`` exactly and ``expr'`` encloses to the sign that makes ``expr``
    grow away from ``a`` on the piece (or does so by this same argument, two levels deep).
    The piece's outer side may reach past an irrational end; ``expr'`` then has its sign on
    a superset, which is enough."""
    lower, upper = piece.lo == box[x].lo, piece.hi == box[x].hi
    if lower == upper:
        return False
    end, away = (ends[x][0], 1) if lower else (ends[x][1], -1)
    value = expr.subs(x, end)
    if not (value == 0 or (value.is_number and sp.simplify(value) == 0)):
        return False
    slope = away * sp.diff(expr, x)
    found = enclose(slope, {x: piece.ball()})
    if found is not None and found.lower() > 0:
        return True
    return depth < 2 and _at_an_end(slope, x, piece, box, ends, depth + 1)


def box_sign(
    expr: sp.Expr, box: Mapping[sp.Symbol, Side], ends: Mapping[sp.Symbol, tuple], strict: bool
) -> Signed:
    """Bisect ``box`` (breadth first) until each piece's enclosure of ``expr`` is ``> 0``
    (``≥ 0`` unless ``strict``), or one is ``< 0`` with its midpoint inside the open domain
    (``ends``: each symbol's ``(lo, hi)``)."""
    symbols = sorted(box, key=sp.default_sort_key)
    gradient = [sp.diff(expr, s) for s in symbols]
    pending = deque([dict(box)])
    count = 0
    while pending:
        if count >= MAX_BOXES:
            return Signed(None, boxes=count)
        piece = pending.popleft()
        count += 1
        found = _tightest(expr, gradient, symbols, piece, strict)
        if found is not None and (found.lower() > 0 or (not strict and found.lower() >= 0)):
            continue
        if len(symbols) == 1 and _at_an_end(expr, symbols[0], piece[symbols[0]], box, ends):
            continue
        if found is not None and found.upper() < 0:
            middle = {s: (piece[s].lo + piece[s].hi) / 2 for s in symbols}
            if all(bool(ends[s][0] < middle[s]) and bool(middle[s] < ends[s][1]) for s in symbols):
                return Signed("negative", middle, count)
        widest = max(symbols, key=lambda s: piece[s].hi - piece[s].lo)
        for half in piece[widest].halves():
            pending.append({**piece, widest: half})
    return Signed("positive", boxes=count)


def domain_box(domain: Domain) -> tuple[dict[sp.Symbol, Side], dict[sp.Symbol, tuple]] | None:
    """The closed box (rational sides) of a domain of bounded scalars only, and each
    scalar's open ends; None for sizes, simplices, families or an unbounded interval."""
    if domain.sizes or domain.simplices or not domain.intervals:
        return None
    box, ends = {}, {}
    for iv in domain.intervals:
        side = rational_side(iv.lo, iv.hi) if iv.length is None else None
        if side is None or not isinstance(iv.target, sp.Symbol):
            return None
        box[iv.target], ends[iv.target] = side, (iv.lo, iv.hi)
    return box, ends


def sign_on(expr: sp.Expr, domain: Domain, strict: bool = True) -> Signed:
    """``box_sign`` of ``expr`` on its domain's box (``Signed(None)`` out of reach)."""
    found = domain_box(domain)
    if found is None or not expr.free_symbols <= set(found[0]):
        return Signed(None)
    box, ends = found
    used = {s: box[s] for s in expr.free_symbols}
    if not used:
        value = enclose(expr, {})
        if value is not None and (value > 0 or (not strict and value >= 0)):
            return Signed("positive", boxes=1)
        return Signed("negative", {}, 1) if value is not None and value < 0 else Signed(None)
    return box_sign(expr, used, {s: ends[s] for s in used}, strict)
