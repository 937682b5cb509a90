"""Certificates that refute a stated limit.

A stated value is refuted at a parameter point only by a certificate: a found limit that
differs from it exactly; two subsequences ``x_k → c`` (``k`` an integer, an oscillating
argument at ``2πk + φ``) along which found limits differ from it; or a monotone tail: ``f``
proven monotone on a tail, certified beyond the stated value at one of its points and
moving away from it along the approach.
"""

from __future__ import annotations

import mpmath
import sympy as sp

from .approach import INFINITIES, Approach, tail_domain
from .certify import compile_mpmath, enclosure, exactly_nonzero
from .domain import Domain, Interval, Point
from .limit_algebra import Algebra
from .limits import FAILURES, OSCILLATING, Found, find, parameter_points


def refutation(
    e: sp.Expr, value: sp.Expr, approaches: tuple[Approach, ...], domain: Domain, dps: int
) -> tuple[Point, str] | None:
    """A parameter point where the stated ``value`` is certainly not the limit of ``e``,
    and the certificate; None if none is found."""
    for point in parameter_points(domain, dps):
        exact = {**point.exact(), **point.sizes}
        here = e.xreplace(exact)
        stated = sp.sympify(value).xreplace(exact)
        for approach in approaches:
            why = _refuted_along(here, stated, approach, dps)
            if why is not None:
                return point, why
    return None


def _differs(found: sp.Expr, stated: sp.Expr) -> bool:
    if found in INFINITIES or stated in INFINITIES:
        return found != stated
    return exactly_nonzero(found - stated)


def _refuted_along(e: sp.Expr, stated: sp.Expr, approach: Approach, dps: int) -> str | None:
    found = find(e, approach, Domain(), dps)
    if isinstance(found, Found):
        if _differs(found.value, stated):
            where = approach.describe()
            return f"as {where} the limit is {found.value} ({found.how}), not {stated}"
        return None
    for certificate in (_subsequence, _monotone_tail):
        try:
            why = certificate(e, stated, approach, dps)
        except FAILURES:
            continue
        if why is not None:
            return why
    return None


def _subsequence(e: sp.Expr, stated: sp.Expr, approach: Approach, dps: int) -> str | None:
    """Along ``x_k`` (the oscillating argument at ``2πk + φ``, ``k`` an integer → ∞) the
    expression has a found limit other than the stated value."""
    u = sp.Dummy("u", positive=True)
    form = e.xreplace({approach.variable: approach.at(u)})
    arguments = {
        node.args[0]
        for node in sp.preorder_traversal(form)
        if isinstance(node, OSCILLATING) and node.has(u)
    }
    base = _common_scale(arguments, u)
    if base is None:
        return None
    solve, scale = base
    k = sp.Symbol("k", integer=True, positive=True)
    real_k = sp.Dummy("K", positive=True)
    for phase in (0, sp.pi / 2, sp.pi, 3 * sp.pi / 2):
        at_k = solve(scale * (2 * sp.pi * k + phase))
        term = sp.simplify(form.xreplace({u: at_k}))
        if term.has(sp.zoo, sp.nan) or term.has(*OSCILLATING):
            continue
        term = term.xreplace({k: real_k})
        tends = Algebra(Approach(real_k, sp.oo, "-"), Domain()).of(at_k.xreplace({k: real_k}))
        if tends != sp.oo:
            continue
        found = find(term, Approach(real_k, sp.oo, "-"), Domain(), dps)
        if isinstance(found, Found) and _differs(found.value, stated):
            return (
                f"along {approach.variable} = {approach.at(at_k)} (k an integer → ∞) the "
                f"expression tends to {found.value}, not {stated}"
            )
    return None


def _common_scale(arguments: set, u: sp.Symbol):
    """Every oscillating argument ``r_i α u^p + β_i`` (or ``r_i α log u + β_i``), ``r_i``
    rational: the inverse ``s ↦ u`` of ``α u^p`` (or ``α log u``) and the scale ``D`` (the
    least common denominator of the ``r_i``) that puts every argument at ``r_i D s + β_i``."""
    if not arguments:
        return None
    shapes = [_shape(argument, u) for argument in arguments]
    if None in shapes:
        return None
    generator = shapes[0][0]
    alpha = shapes[0][1]
    ratios = []
    for gen, coeff, _ in shapes:
        ratio = sp.nsimplify(coeff / alpha)
        if gen != generator or not ratio.is_Rational or ratio == 0:
            return None
        ratios.append(ratio)
    scale = sp.ilcm(*(r.q for r in ratios), 1)
    if isinstance(generator, sp.log):
        return (lambda s: sp.exp(s / alpha)), scale
    exponent = generator.exp if isinstance(generator, sp.Pow) else sp.Integer(1)
    return (lambda s: (s / alpha) ** (1 / exponent)), scale


def _shape(argument: sp.Expr, u: sp.Symbol) -> tuple | None:
    """``(g, α, β)`` with ``argument = α g + β``, ``g`` = ``u^p`` (``p > 0``) or ``log u``,
    ``α > 0`` a number; None otherwise."""
    beta = sp.Add(*(t for t in sp.Add.make_args(argument) if not t.has(u)))
    rest = sp.expand(argument - beta)
    alpha, generator = rest.as_coeff_Mul()
    if not alpha.is_Number or alpha <= 0:
        return None
    if generator == u or isinstance(generator, sp.log) and generator.args[0] == u:
        return generator, alpha, beta
    if isinstance(generator, sp.Pow) and generator.base == u and generator.exp.is_Rational:
        return (generator, alpha, beta) if generator.exp > 0 else None
    return None


ELEMENTARY = (sp.exp, sp.log, sp.sin, sp.cos, sp.atan, sp.Abs)
MOST_SLOPE_OPS = 40
"""A monotone tail is tried only for a slope of elementary functions this small."""


def _monotone_tail(e: sp.Expr, stated: sp.Expr, approach: Approach, dps: int) -> str | None:
    """``f`` continuous and monotone on a tail ``T`` (its derivative's sign proven), and at a
    point ``X`` of ``T`` certified on one side of the stated value, moving away from it
    along the approach: every value beyond ``X`` stays on that side, past ``f(X)``."""
    from . import kernel
    from .rules import _continuous

    x = approach.variable
    slope = sp.expand_func(sp.diff(e, x))
    if slope.has(sp.sinh, sp.cosh, sp.tanh):
        slope = sp.powsimp(sp.cancel(slope.rewrite(sp.exp)))
    special = {type(f) for f in slope.atoms(sp.Function)} - set(ELEMENTARY)
    if special or sp.count_ops(slope) > MOST_SLOPE_OPS:
        return None  # the sign step would not settle it, or not in time
    along = 1 if approach.side == "-" else -1  # d/dx points along the approach from below
    compiled = compile_mpmath([e])
    for tail in approach.tails():
        where = tail_domain(Domain(), tail)
        inner = _inner_point(tail, approach)
        with mpmath.workdps(dps):
            at = mpmath.mpf(sp.N(inner, dps))  # a binary point of the tail
        ends = _value_at(compiled, x, at, dps)
        if ends is None:
            continue
        low, high = ends
        if stated in INFINITIES:
            direction = 1 if stated == -sp.oo else -1  # away from ±∞ means bounded that way
        else:
            if not stated.is_number:
                continue
            with mpmath.workdps(dps + 10):
                v = mpmath.mpf(sp.N(stated, dps + 10))
                slack = mpmath.mpf(10) ** (-dps) * max(1, abs(v))
            if low <= v + slack and v - slack <= high:
                continue
            direction = 1 if low > v else -1  # f(X) above (1) or below (−1) the value
        if not _continuous(_stand_ins(e, where), x, tail, None, where):
            continue
        if kernel.sign(direction * along * slope, where, strict=False).proven:
            side = "above" if direction > 0 else "below"
            return (
                f"as {approach.describe()}, f is monotone on {x} ∈ ({tail.lo}, {tail.hi}) "
                f"and stays {side} f({inner}), which is {side} {stated}"
            )
    return None


def _stand_ins(e: sp.Expr, where: Domain) -> sp.Expr:
    """``e`` with each special function that is continuous where its argument lies on the
    tail (``polylog(s, g)``, ``g < 1``; ``Chi(g)``, ``g > 0``; ``Si``, ``Shi``) replaced by
    an elementary function of the same argument continuous there: ``e`` is continuous on
    the tail if the result is."""
    from . import kernel

    def stand_in(node: sp.Expr) -> sp.Expr:
        if isinstance(node, sp.polylog) and not node.args[0].free_symbols:
            below = kernel.sign(1 - node.args[1], where).proven
            return sp.atan(node.args[1]) if below else node
        if isinstance(node, sp.Chi):
            return sp.log(node.args[0])
        if isinstance(node, sp.Si | sp.Shi):
            return sp.atan(node.args[0])
        return node

    return e.replace(lambda n: isinstance(n, sp.polylog | sp.Chi | sp.Si | sp.Shi), stand_in)


def _value_at(compiled, x: sp.Symbol, at: mpmath.mpf, dps: int) -> tuple | None:
    """Bounds on ``f(at)``: an interval enclosure, or where interval arithmetic does not
    reach, the value at ``2 dps`` widened by its change from ``dps`` (which must be below
    ``10^(−dps/2)``) and computed again at ``4 dps`` within that width."""
    boxes = enclosure(compiled, Point({}), dps, {x: at})
    if boxes is not None:
        if not isinstance(boxes[0], mpmath.ctx_iv.ivmpf):
            return None
        return tuple(mpmath.mp.make_mpf(end) for end in boxes[0]._mpi_)
    found = []
    for digits in (dps, 2 * dps, 4 * dps):
        with mpmath.workdps(digits):
            try:
                (value,) = compiled({x: at})
            except FAILURES:
                return None
            if not isinstance(value, mpmath.mpf) or not mpmath.isfinite(value):
                return None
            found.append(value)
    width = abs(found[0] - found[1]) + mpmath.mpf(10) ** (-dps) * max(1, abs(found[1]))
    if width > mpmath.mpf(10) ** (-(dps // 2)) * max(1, abs(found[1])):
        return None
    if abs(found[2] - found[1]) > width:
        return None
    return found[1] - width, found[1] + width


def _inner_point(tail: Interval, approach: Approach) -> sp.Rational:
    """A rational point inside the tail."""
    if not approach.finite:
        return 2 * tail.lo if approach.point == sp.oo else 2 * tail.hi
    return (tail.lo + tail.hi) / 2
