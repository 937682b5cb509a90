"""Limits found by rules whose premises are proven, or by agreeing evidence; and the
certificates that refute a stated limit.

A limit ``lim_{x → c±} f`` is *found*:

* by the limit algebra (``Algebra``): sums, products, powers and continuous functions of
  pieces whose limits are found, every premise proven by the kernel's sign step (a
  denominator's limit nonzero, a base or a logarithm's argument positive, a sign of a
  coefficient times ``∞``); a squeeze (a factor tending to 0 times bounded factors, a
  bounded term added to one tending to ``±∞``); a rational function by its dominant terms
  (leading coefficients proven nonzero);
* or by evidence (``evidence``), for an expression built only of exp-log pieces and
  functions whose asymptotics SymPy knows (no oscillating factor whose argument has no
  limit, no polylog, Shi, Chi, …): SymPy's ``limit`` and a second computation on the form
  rewritten at ``t → 0+`` (its leading term through the algebra, or else ``gruntz``) agree,
  and the numbers along the approach, on a log scale, agree with them at every parameter
  point tried.

A stated value is refuted (``refutation``) at a parameter point only by a certificate: a
found limit that differs from it exactly; two subsequences ``x_k → c`` (``k`` an integer,
an oscillating argument at ``2πk + φ``) along which found limits differ from it; or a
monotone tail: ``f`` proven monotone on a tail, certified beyond the stated value at one
of its points and moving away from it along the approach.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from dataclasses import dataclass

import mpmath
import sympy as sp
from sympy.series.gruntz import gruntz

from .approach import agrees, reliable_values
from .certify import compile_mpmath, enclosure, exactly_nonzero
from .domain import Domain, Interval, Point, every_point

INFINITIES = (sp.oo, -sp.oo)
SEED = 20250811
LIMIT_DPS = 50
"""The digits the numbers along an approach start from (more at farther points)."""
POINTS = 3
"""Parameter points tried by the numbers along the approach and by the refutations."""


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


# ----------------------------------------------------------------------------- algebra
BOUNDED = (sp.sin, sp.cos, sp.atan, sp.tanh, sp.erf)
"""Functions bounded on the real line."""
ENTIRE = (
    sp.exp,
    sp.sin,
    sp.cos,
    sp.atan,
    sp.sinh,
    sp.cosh,
    sp.tanh,
    sp.asinh,
    sp.erf,
    sp.erfc,
    sp.Si,
    sp.Shi,
)
"""Functions continuous on the real line."""
AT_INFINITY = {
    sp.exp: (sp.oo, sp.Integer(0)),
    sp.atan: (sp.pi / 2, -sp.pi / 2),
    sp.tanh: (sp.Integer(1), -sp.Integer(1)),
    sp.sinh: (sp.oo, -sp.oo),
    sp.cosh: (sp.oo, sp.oo),
    sp.asinh: (sp.oo, -sp.oo),
    sp.erf: (sp.Integer(1), -sp.Integer(1)),
    sp.erfc: (sp.Integer(0), sp.Integer(2)),
    sp.Si: (sp.pi / 2, -sp.pi / 2),
    sp.Shi: (sp.oo, -sp.oo),
}
"""Limits of a function at ``+∞`` and ``−∞`` (of its argument)."""
ON_POSITIVES = (sp.log, sp.gamma, sp.loggamma, sp.Chi)
"""Functions continuous where their argument is positive; each tends to ``+∞`` at ``+∞``."""


MOST_SIGN_OPS = 25
"""The sign step is asked about a piece's sign near the point only for pieces this small."""


class Algebra:
    """The limit algebra along one approach, premises proven on ``domain`` (the parameters;
    the variable ranges over a tail of the approach)."""

    def __init__(self, approach: Approach, domain: Domain) -> None:
        self.approach, self.domain = approach, domain
        self.x = approach.variable
        self.reason = ""
        self.memo: dict[tuple, sp.Expr | None] = {}

    # -- premises, proven by the kernel's sign step
    @functools.lru_cache(maxsize=256)  # noqa: B019 - one Algebra per limit, short-lived
    def positive(self, c: sp.Expr) -> bool:
        """``c > 0`` for every parameter (``c`` free of the variable)."""
        from . import kernel

        if c.is_positive:
            return True
        if c.is_nonpositive or c.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
            return False
        return kernel.sign(c, self.domain).proven

    def nonzero_sign(self, c: sp.Expr) -> int:
        """``1`` or ``−1`` if ``c`` is proven positive or negative, else 0."""
        return 1 if self.positive(c) else -1 if self.positive(-c) else 0

    @functools.lru_cache(maxsize=256)  # noqa: B019
    def eventually_positive(self, b: sp.Expr) -> bool:
        """``b > 0`` on a tail of the approach (proven by the sign step)."""
        from . import kernel

        found = self.bounds(b)
        if found is not None and (found[0] > 0) == sp.true:
            return True
        if sp.count_ops(b) > MOST_SIGN_OPS:
            return False  # the sign step would not settle it in time
        return any(
            kernel.sign(b, tail_domain(self.domain, tail)).proven for tail in self.approach.tails()
        )

    def eventual_sign(self, b: sp.Expr) -> int:
        found = self.bounds(b)
        if found is not None and (found[0] > 0) == sp.true:
            return 1
        if found is not None and (found[1] < 0) == sp.true:
            return -1
        return 1 if self.eventually_positive(b) else -1 if self.eventually_positive(-b) else 0

    # -- the limit of an expression
    def of(self, e: sp.Expr, squeeze: bool = True) -> sp.Expr | None:
        """The limit of ``e`` (an exact expression in the parameters, or ``±∞``), or None
        (``reason`` says why); ``squeeze`` also tries ``e``'s eventual bounds."""
        key = (sp.sympify(e), squeeze)
        if key not in self.memo:
            self.memo[key] = self._of(*key)
        return self.memo[key]

    def _of(self, e: sp.Expr, squeeze: bool) -> sp.Expr | None:
        if not e.has(self.x):
            if e.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
                return self._stop(f"{e} is not finite")
            return e
        if e == self.x:
            return self.approach.point
        found = self._composite(e)
        if found is None and e.is_rational_function(self.x):
            found = self._rational(e)
        if found is None:
            found = self._through_generator(e)
        if found is None:
            expanded = sp.expand(e)
            if expanded != e and isinstance(expanded, sp.Add):
                found = self._sum(expanded.args)
        if found is None and squeeze and self.bounds(e) in ((sp.oo, sp.oo), (-sp.oo, -sp.oo)):
            self.reason = ""
            found = self.bounds(e)[0]  # squeeze: eventually beyond every bound
        return found

    def _stop(self, reason: str) -> None:
        self.reason = self.reason or reason
        return None

    def real(self, e: sp.Expr) -> bool:
        """``e`` real along the approach (the variable written as ``approach.at(u)``)."""
        u = sp.Dummy("u", positive=True)
        return e.xreplace({self.x: self.approach.at(u)}).is_extended_real is True

    def bounded(self, e: sp.Expr) -> bool:
        """``e`` between two constants along the approach (``bounds``)."""
        found = self.bounds(e)
        return found is not None and all(b not in INFINITIES for b in found)

    def bounds(self, e: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
        """``_bounds``, or None where an end is not a real number or ``±∞``."""
        try:
            found = self._bounds(e)
        except TypeError:  # an end SymPy cannot compare
            return None
        if found is None or any(b.has(sp.zoo, sp.nan, sp.I) for b in found):
            return None
        return found

    def _bounds(self, e: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
        """Numbers ``lo ≤ e ≤ hi`` eventually along the approach (``(∞, ∞)``: ``e`` tends
        to ``∞``), by interval arithmetic over pieces: constants, functions bounded on the
        real line (``sin``, ``cos``, ``atan``, ``tanh``, ``erf``), pieces with a limit
        found, and monotone functions, sums, products and powers of bounded pieces."""
        if not e.has(self.x):
            return (e, e) if e.is_number and e.is_comparable else None
        if isinstance(e, BOUNDED) and self.real(e.args[0]):
            return RANGES[e.func]
        if isinstance(e, sp.Add | sp.Mul):
            parts = [self.bounds(a) for a in e.args]
            if None in parts or any(p.has(sp.zoo, sp.nan) for part in parts for p in part):
                return None
            combine = _add if isinstance(e, sp.Add) else _multiply
            total = parts[0]
            for part in parts[1:]:
                total = combine(total, part)
                if total is None or any(b.has(sp.zoo, sp.nan) for b in total):
                    return None
            return total
        if isinstance(e, sp.Pow) and not e.exp.has(self.x):
            inner = self.bounds(e.base)
            return None if inner is None else _power(inner, e.exp)
        if isinstance(e, sp.exp | sp.log | sp.Abs):
            inner = self.bounds(e.args[0])
            return None if inner is None else _monotone(e.func, inner)
        found = self.of(e, squeeze=False)
        if found is None or not (found in INFINITIES or found.is_number and found.is_comparable):
            return None
        return (found, found) if found in INFINITIES else (found - 1, found + 1)

    def _composite(self, e: sp.Expr) -> sp.Expr | None:
        if isinstance(e, sp.Add):
            return self._sum(e.args)
        if isinstance(e, sp.Mul):
            return self._product(e.args)
        if isinstance(e, sp.Pow):
            return self._power(*e.args)
        if isinstance(e, sp.Abs):
            inner = self.of(e.args[0])
            return None if inner is None else sp.oo if inner in INFINITIES else abs(inner)
        return self._function(e)

    def _sum(self, args: tuple) -> sp.Expr | None:
        limits = [self.of(a) for a in args]
        infinite = {L for L in limits if L in INFINITIES}
        unknown = [a for a, L in zip(args, limits, strict=True) if L is None]
        if len(infinite) == 2:
            return self._stop("∞ − ∞")
        if unknown:
            if infinite and all(self.bounded(a) for a in unknown):
                self.reason = ""
                return infinite.pop()  # squeeze: a bounded term does not stop ±∞
            return None
        if infinite:
            return infinite.pop()
        return sp.Add(*limits)

    def _product(self, args: tuple) -> sp.Expr | None:
        limits = [self.of(a) for a in args]
        unknown = [a for a, L in zip(args, limits, strict=True) if L is None]
        known = [L for L in limits if L is not None]
        zeros = [L for L in known if L == 0]
        infinite = [L for L in known if L in INFINITIES]
        if unknown:
            if zeros and not infinite and all(self.bounded(a) for a in unknown):
                self.reason = ""
                return sp.Integer(0)  # squeeze: 0 times bounded
            return None
        if not infinite:
            return sp.Mul(*known)
        if zeros:
            for rule in (self._constants_out, self._scale, self._merged):
                found = rule(args)
                if found is not None:
                    return found
            return self._stop("0 · ∞")
        sign = 1
        for L in known:
            s = (1 if L == sp.oo else -1) if L in INFINITIES else self.nonzero_sign(L)
            if s == 0:
                return self._stop(f"the sign of {L} is not proven")
            sign *= s
        return sp.oo if sign > 0 else -sp.oo

    def _through_generator(self, e: sp.Expr) -> sp.Expr | None:
        """``R(g(x))`` for a rational ``R`` and a piece ``g`` tending to ``±∞``: the limit of
        ``R(y)`` as ``y → ±∞`` (composition)."""
        pieces = {
            node
            for node in sp.preorder_traversal(e)
            if node.has(self.x)
            and node not in (self.x, e)
            and isinstance(node, sp.Function | sp.Pow)
        }
        for g in sorted(pieces, key=sp.count_ops):
            y = sp.Dummy("y", positive=True)
            rest = e.xreplace({g: y})
            if rest.has(self.x) or not rest.is_rational_function(y):
                continue
            tends = Algebra(self.approach, self.domain).of(g)
            if tends not in INFINITIES:
                continue
            inner = Algebra(Approach(y if tends == sp.oo else -y, tends, "-"), self.domain)
            if tends == -sp.oo:
                rest = rest.xreplace({y: -y})
                inner = Algebra(Approach(y, sp.oo, "-"), self.domain)
            found = inner._rational(rest)
            if found is not None:
                self.reason = ""
                return found
        return None

    def _constants_out(self, args: tuple) -> sp.Expr | None:
        """``lim c·f = c · lim f`` for factors ``c`` free of the variable and a finite
        ``lim f`` (no sign of ``c`` needed)."""
        constants = [a for a in args if not a.has(self.x)]
        varying = [a for a in args if a.has(self.x)]
        if not constants or not varying:
            return None
        inner = self.of(sp.Mul(*varying))
        if inner is None or inner in INFINITIES:
            return None
        self.reason = ""
        return sp.Mul(*constants) * inner

    def _scale(self, args: tuple) -> sp.Expr | None:
        """At ``+∞``, ``c · x^b · (log x)^a`` (numbers ``a``, ``b``, ``c ≠ 0``): ``x^b``
        dominates any power of ``log x``."""
        if self.approach.point != sp.oo:
            return None
        b, a, c = sp.Integer(0), sp.Integer(0), sp.Integer(1)
        for factor in args:
            base, exponent = factor.as_base_exp()
            if not factor.has(self.x):
                c *= factor
            elif base == self.x and exponent.is_number:
                b += exponent
            elif base == sp.log(self.x) and exponent.is_number:
                a += exponent
            else:
                return None
        sign = self.nonzero_sign(c)
        lead = b if b != 0 else a
        if sign == 0 or not lead.is_comparable or lead == 0:
            return None
        self.reason = ""
        return sp.Integer(0) if lead < 0 else sp.oo if sign > 0 else -sp.oo

    def _merged(self, args: tuple) -> sp.Expr | None:
        """``Π b_i^r`` as ``(Π b_i)^r`` (one constant exponent ``r``, every ``b_i``
        eventually positive), the product of the bases put over one denominator."""
        varying = [a for a in args if a.has(self.x)]
        exponents = {a.exp if isinstance(a, sp.Pow) else sp.Integer(1) for a in varying}
        if len(exponents) != 1 or next(iter(exponents)).has(self.x):
            return None
        (exponent,) = exponents
        bases = [a.base if isinstance(a, sp.Pow) else a for a in varying]
        if exponent.is_Integer or not all(self.eventually_positive(b) for b in bases):
            return None
        merged = sp.cancel(sp.together(sp.Mul(*bases)))
        b = self.of(merged)
        power = None if b is None else self._raise(b, merged, exponent)
        if power is None:
            return None
        self.reason = ""
        return self._product((*(a for a in args if not a.has(self.x)), power))

    def _power(self, base: sp.Expr, exponent: sp.Expr) -> sp.Expr | None:
        if exponent.has(self.x):
            if not base.has(self.x) and self.positive(base) or self.eventually_positive(base):
                return self.of(sp.exp(exponent * sp.log(base), evaluate=False))
            return self._stop(f"the base {base} is not proven positive")
        b = self.of(base)
        return None if b is None else self._raise(b, base, exponent)

    def _raise(self, b: sp.Expr, base: sp.Expr, exponent: sp.Expr) -> sp.Expr | None:
        """The limit of ``base^exponent`` (``exponent`` constant) from ``b``, that of ``base``."""
        if exponent.is_Integer:
            n = int(exponent)
            if n == 0:
                return sp.Integer(1)
            if b in INFINITIES:
                if n < 0:
                    return sp.Integer(0)
                return sp.oo if b == sp.oo or n % 2 == 0 else -sp.oo
            if n > 0 or self.nonzero_sign(b):
                return b**n
            if b == 0:
                s = self.eventual_sign(base)
                if s == 0:
                    return self._stop(f"the sign of {base} near the point is not proven")
                return sp.oo if s > 0 or n % 2 == 0 else -sp.oo
            return self._stop(f"{b} is not proven nonzero")
        s = self.nonzero_sign(exponent)
        if s == 0:
            return self._stop(f"the sign of the exponent {exponent} is not proven")
        if b == sp.oo:
            return sp.oo if s > 0 else sp.Integer(0)
        if b == 0:
            if s > 0:
                return sp.Integer(0)  # |base^r| = |base|^r → 0
            return sp.oo if self.eventually_positive(base) else self._stop("0^(−r)")
        if b != -sp.oo and self.positive(b):
            return b**exponent
        return self._stop(f"the base's limit {b} is not proven positive")

    def _function(self, e: sp.Expr) -> sp.Expr | None:
        if isinstance(e, sp.polygamma) and not e.args[0].has(self.x):
            return self._polygamma(*e.args)
        if isinstance(e, sp.polylog) and not e.args[0].has(self.x):
            inner = self.of(e.args[1])
            if inner is not None and inner not in INFINITIES and self.positive(1 - abs(inner)):
                return sp.polylog(e.args[0], inner)  # analytic in the unit disc
            return self._stop("polylog outside the unit disc")
        if isinstance(e, sp.factorial):
            return self.of(sp.gamma(e.args[0] + 1, evaluate=False))
        if len(e.args) != 1 or not isinstance(e, sp.Function):
            return self._stop(f"no limit rule for {e.func}")
        inner = self.of(e.args[0])
        if inner is None:
            return None
        if inner in INFINITIES:
            if e.func in AT_INFINITY:
                return AT_INFINITY[e.func][0 if inner == sp.oo else 1]
            if isinstance(e, ON_POSITIVES) and inner == sp.oo:
                return sp.oo
            return self._stop(f"{e.func} has no limit rule at {inner}")
        if isinstance(e, ENTIRE):
            return e.func(inner)
        if isinstance(e, sp.tan):
            return sp.tan(inner) if self.nonzero_sign(sp.cos(inner)) else self._stop("tan")
        if isinstance(e, ON_POSITIVES):
            if self.positive(inner):
                return e.func(inner)
            if isinstance(e, sp.log) and inner == 0 and self.eventually_positive(e.args[0]):
                return -sp.oo
            return self._stop(f"the argument of {e.func} is not proven positive")
        return self._stop(f"no limit rule for {e.func}")

    def _polygamma(self, order: sp.Expr, argument: sp.Expr) -> sp.Expr | None:
        inner = self.of(argument)
        if inner is None or not (order.is_Integer and order >= 0):
            return self._stop("polygamma")
        if inner == sp.oo:
            return sp.oo if order == 0 else sp.Integer(0)
        if inner != -sp.oo and self.positive(inner):
            return sp.polygamma(order, inner)
        return self._stop("polygamma of an argument not proven positive")

    def _rational(self, e: sp.Expr) -> sp.Expr | None:
        """A rational function of the variable by its dominant terms: at ``±∞`` the
        leading coefficients (proven nonzero), at a finite point the lowest power of
        ``x − c`` in the denominator once common factors cancel."""
        x = self.x
        numerator, denominator = sp.fraction(sp.cancel(sp.together(e)))
        try:
            num, den = sp.Poly(numerator, x), sp.Poly(denominator, x)
        except sp.PolynomialError:
            return self._stop("not a polynomial ratio")
        self.reason = ""
        if not self.approach.finite:
            a, b = num.LC(), den.LC()
            sign = self.nonzero_sign(a) * self.nonzero_sign(b)
            if sign == 0:
                return self._stop("a leading coefficient is not proven nonzero")
            gap = num.degree() - den.degree()
            if gap < 0:
                return sp.Integer(0)
            if gap == 0:
                return a / b
            if self.approach.point == -sp.oo and gap % 2:
                sign = -sign
            return sp.oo if sign > 0 else -sp.oo
        c = self.approach.point
        shifted = sp.Dummy("s")
        top = sp.Poly(num.as_expr().subs(x, c + shifted), shifted)
        bottom = sp.Poly(den.as_expr().subs(x, c + shifted), shifted)
        low_top = min(m[0] for m in top.monoms()) if not top.is_zero else None
        low_bottom = min(m[0] for m in bottom.monoms())
        if low_top is None:
            return sp.Integer(0)
        a, b = top.coeff_monomial(shifted**low_top), bottom.coeff_monomial(shifted**low_bottom)
        sign = self.nonzero_sign(a) * self.nonzero_sign(b)
        if sign == 0:
            return self._stop("a lowest coefficient is not proven nonzero")
        gap = low_top - low_bottom
        if gap > 0:
            return sp.Integer(0)
        if gap == 0:
            return a / b
        if self.approach.side == "-" and gap % 2:
            sign = -sign
        return sp.oo if sign > 0 else -sp.oo


RANGES = {
    sp.sin: (-sp.Integer(1), sp.Integer(1)),
    sp.cos: (-sp.Integer(1), sp.Integer(1)),
    sp.atan: (-sp.pi / 2, sp.pi / 2),
    sp.tanh: (-sp.Integer(1), sp.Integer(1)),
    sp.erf: (-sp.Integer(1), sp.Integer(1)),
}


def _add(a: tuple, b: tuple) -> tuple:
    lo, hi = a[0] + b[0], a[1] + b[1]
    return (-sp.oo if lo is sp.nan else lo, sp.oo if hi is sp.nan else hi)


def _multiply(a: tuple, b: tuple) -> tuple | None:
    """Ends of the product of two ranges; an end ``±∞`` stands for values beyond every
    bound, all finite, so that ``0 · ∞`` is 0."""
    products = [sp.Integer(0) if 0 in (p, q) else p * q for p in a for q in b]
    return min(products, key=_key), max(products, key=_key)


def _key(value: sp.Expr) -> object:
    return value if value in INFINITIES else value.evalf(60)


def _power(inner: tuple, exponent: sp.Expr) -> tuple | None:
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


def _monotone(function: type, inner: tuple) -> tuple | None:
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


# ---------------------------------------------------------------------------- evidence
OSCILLATING = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc)
TAME = (
    sp.exp,
    sp.log,
    sp.Abs,
    sp.atan,
    sp.tanh,
    sp.sinh,
    sp.cosh,
    sp.asinh,
    sp.erf,
    sp.erfc,
    sp.gamma,
    sp.loggamma,
    sp.polygamma,
    sp.factorial,
    sp.harmonic,
)
"""Functions whose limits SymPy's Gruntz algorithm computes reliably (exp-log functions
and the special functions it expands at ``∞``)."""


@dataclass(frozen=True)
class Found:
    """A limit found, and how."""

    value: sp.Expr
    how: str


def untame(e: sp.Expr, algebra: Algebra) -> str | None:
    """Why SymPy's limit of ``e`` is not evidence, or None: a function outside ``TAME``,
    or an oscillating one whose argument has no finite limit along the approach."""
    for node in sp.preorder_traversal(e):
        if not isinstance(node, sp.Function) or not node.has(algebra.x):
            continue
        if isinstance(node, OSCILLATING):
            inner = algebra.of(node.args[0])
            if inner is None or inner in INFINITIES:
                return f"{node.func} of {node.args[0]} oscillates along the approach"
        elif not isinstance(node, TAME):
            return f"SymPy's limits of {node.func} are not taken on trust"
    return None


def _sympy_limit(e: sp.Expr, approach: Approach, domain: Domain) -> sp.Expr | None:
    """SymPy's ``limit``, each finite upper gap ``hi − a`` of a parameter renamed as a
    positive symbol; None if not found as a number or ``±∞``."""
    renamed: dict[sp.Expr, sp.Expr] = {}
    for iv in domain.intervals:
        if iv.length is None and iv.hi != sp.oo:
            renamed[iv.hi - iv.target] = sp.Dummy(f"gap_{iv.target}", positive=True)
    back = {d: gap for gap, d in renamed.items()}
    found = sp.limit(e.xreplace(renamed), approach.variable, approach.point, approach.side)
    return _usable(found.xreplace(back), approach.variable)


def _usable(found: sp.Expr, variable: sp.Symbol) -> sp.Expr | None:
    if found in INFINITIES:
        return found
    if found.has(sp.Limit, sp.AccumBounds, sp.Order, sp.zoo, sp.nan, variable):
        return None
    return found if found.is_finite is not False else None


def _second_opinion(e: sp.Expr, approach: Approach, domain: Domain) -> tuple[sp.Expr | None, str]:
    """The limit of ``e`` rewritten at ``t → 0+`` (``x = 1/t``, ``x = c ± t``): its leading
    term through the algebra, or else ``gruntz`` on the rewritten form."""
    t = sp.Dummy("t", positive=True)
    u = sp.Dummy("u", positive=True)
    form = e.xreplace({approach.variable: approach.at(1 / t)})
    try:
        lead = form.as_leading_term(t)
        if not lead.has(sp.Order):
            found = Algebra(Approach(u, sp.oo, "-"), domain).of(lead.xreplace({t: 1 / u}))
            if found is not None:
                return found, "its leading term"
    except (sp.PoleError, NotImplementedError, ValueError, TypeError, AttributeError):
        pass
    return _usable(gruntz(form, t, sp.Integer(0), "+"), t), "Gruntz's algorithm"


def parameter_points(domain: Domain, dps: int) -> list[Point]:
    """The first ``POINTS`` points of the domain's parameters."""
    with mpmath.workdps(dps):
        points = []
        for point in every_point(domain, SEED):
            points.append(point)
            if len(points) == POINTS:
                break
        return points


def evidence(e: sp.Expr, approach: Approach, domain: Domain, dps: int) -> Found | str:
    """SymPy's limit, a second computation and the numbers agreeing (see the module)."""
    algebra = Algebra(approach, domain)
    why = untame(e, algebra)
    if why is not None:
        return why
    first = _sympy_limit(e, approach, domain)
    if first is None:
        return "SymPy did not compute the limit"
    second, how = _second_opinion(e, approach, domain)
    if second is None or not _same(first, second):
        return f"SymPy's limit {first} is not confirmed by a second computation"
    compiled = compile_mpmath([e, e if first in INFINITIES else e - first])
    seen = 0
    for point in parameter_points(domain, dps):
        values = reliable_values(
            compiled, point, approach.variable, approach.point, approach.side, dps
        )
        if len(values) < 3:
            continue
        if not agrees(values, first):
            return f"the numbers along the approach do not confirm SymPy's limit {first}"
        seen += 1
    if seen == 0:
        return "no reliable numbers along the approach"
    return Found(first, f"SymPy's limit and {how} agree, confirmed by the numbers")


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    if a in INFINITIES or b in INFINITIES:
        return a == b
    gap = a - b
    return gap == 0 or sp.cancel(gap) == 0 or sp.simplify(gap) == 0


MOST_SIMPLIFIED_OPS = 60
"""The algebra retries an expression this small once SymPy's ``simplify`` rewrote it."""


def find(e: sp.Expr, approach: Approach, domain: Domain, dps: int) -> Found | str:
    """The limit by the algebra, else by evidence; or the reason neither found it (SymPy
    failing on the way is such a reason)."""
    try:
        return _find(e, approach, domain, dps)
    except FAILURES as error:
        return f"SymPy or mpmath failed: {type(error).__name__}"


FAILURES = (
    ArithmeticError,
    LookupError,
    TypeError,
    ValueError,
    NotImplementedError,
    AttributeError,
)
"""What SymPy and mpmath raise on a computation they cannot carry out."""


def _find(e: sp.Expr, approach: Approach, domain: Domain, dps: int) -> Found | str:
    """``find`` itself."""
    algebra = Algebra(approach, domain)
    found = algebra.of(e)
    if found is not None:
        return Found(found, "limit algebra, premises proven")
    if sp.count_ops(e) <= MOST_SIMPLIFIED_OPS and not e.has(sp.Sum, sp.Product, sp.Integral):
        simpler = sp.simplify(e)
        found = None if simpler == e else Algebra(approach, domain).of(simpler)
        if found is not None:
            return Found(found, "limit algebra after simplify, premises proven")
    proven_reason = algebra.reason or "no rule applies"
    if e.has(sp.Sum, sp.Product, sp.Integral):
        return f"limit algebra: {proven_reason}"
    got = evidence(e, approach, domain, dps)
    if isinstance(got, Found):
        return got
    return f"limit algebra: {proven_reason}; evidence: {got}"


# -------------------------------------------------------------------------- refutation
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
