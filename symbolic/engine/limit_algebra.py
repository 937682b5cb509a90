"""The limit algebra: a limit found by rules whose premises the kernel proves.

Sums, products, powers and continuous functions of pieces whose limits are found, every
premise proven by the kernel's sign step (a denominator's limit nonzero, a base or a
logarithm's argument positive, a sign of a coefficient times ``∞``); a squeeze (a factor
tending to 0 times bounded factors, a bounded term added to one tending to ``±∞``); a
rational function by its dominant terms (leading coefficients proven nonzero); at a finite
point, a product of powers of polynomials by its order there (the lowest coefficients
proven nonzero, or positive under a non-integer power).
"""

from __future__ import annotations

import functools

import sympy as sp

from .approach import INFINITIES, Approach, tail_domain
from .domain import Domain
from .ranges import RANGES, added, monotone_image, multiplied, raised

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
        found = self._by_order(e) if self.approach.finite else None
        if found is None:
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

    def _by_order(self, e: sp.Expr) -> sp.Expr | None:
        """Rule *order at the point* (``x = c ± u``, ``u → 0+``): ``e`` written over one
        denominator as a product of powers ``b^k`` (``k`` rational) of polynomials in ``u``,
        ``b = u^m q(u)`` with every coefficient below ``u^m`` identically 0.  Then
        ``e = u^n g(u)``, ``n = Σ m k``, with ``g`` continuous at 0 (``q(0)`` proven nonzero
        under a negative power, proven positive under a non-integer one) and ``g(0) = Π
        q(0)^k``; the limit is 0 for ``n > 0`` and ``g(0)`` for ``n = 0`` (None otherwise).
        A numerator's ``q(0)`` may vanish for some parameters: ``g(0)`` is then 0 there."""
        u = sp.Dummy("u", positive=True)
        point, side = self.approach.point, 1 if self.approach.side == "+" else -1
        form = sp.together(e.xreplace({self.x: point + side * u}))
        order, value = sp.Integer(0), sp.Integer(1)
        for factor in sp.Mul.make_args(form):
            base, exponent = factor.as_base_exp()
            if not base.has(u):
                value *= factor
                continue
            if not exponent.is_Rational or not base.is_polynomial(u):
                return None
            coefficients = sp.Poly(base, u).all_coeffs()[::-1]
            lowest = next((k for k, c in enumerate(coefficients) if sp.expand(c) != 0), None)
            if lowest is None:
                return None
            q0 = coefficients[lowest]
            if exponent.is_Integer and exponent < 0 and not self.nonzero_sign(q0):
                return None
            if not exponent.is_Integer and not self.positive(q0):
                return None
            order += lowest * exponent
            value *= q0**exponent
        if value.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
            return None
        if order > 0:
            return sp.Integer(0)
        return value if order == 0 else None

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
            combine = added if isinstance(e, sp.Add) else multiplied
            total = parts[0]
            for part in parts[1:]:
                total = combine(total, part)
                if total is None or any(b.has(sp.zoo, sp.nan) for b in total):
                    return None
            return total
        if isinstance(e, sp.Pow) and not e.exp.has(self.x):
            inner = self.bounds(e.base)
            return None if inner is None else raised(inner, e.exp)
        if isinstance(e, sp.exp | sp.log | sp.Abs):
            inner = self.bounds(e.args[0])
            return None if inner is None else monotone_image(e.func, inner)
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
