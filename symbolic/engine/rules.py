"""Named inference rules of the kernel: premises built from the conclusion, proven by machine.

A rule is data naming what it needs (a function, a point, a rewritten form); the kernel
builds every premise from the conclusion itself and proves it by the kernel's own steps, so
no premise is taken on trust and no label links a conclusion to a premise.

* ``DerivativeSign``: ``f(c) = 0`` and ``f'`` of the right sign on each side of ``c`` give
  ``f > 0`` on the interval (c an end) or ``f ≥ 0`` with equality exactly at ``c``;
* ``Monotone``: ``f(lower) − f(upper) > 0`` for ``lower < upper`` in an interval where
  ``f' < 0`` (or ``f(upper) − f(lower) > 0`` where ``f' > 0``);
* ``TermwiseSum``: ``expr = Σ w·T`` with ``w ≥ 0`` and every term ``T ≥ 0`` (by ``AtZero``
  or ``Comonotone``) gives ``expr ≥ 0``; with ``w > 0``, equality exactly where every term
  vanishes (a summation index is only as positive as its range's start);
* ``LimitAlgebra``: ``expr = F(E(a_1), …, E(a_n))`` with ``lim E(a) = L(a)`` proven for
  every ``a`` in an interval and ``F`` continuous at the limits gives ``lim expr = F(L…)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import sympy as sp
from sympy.calculus.util import continuous_domain

from . import kernel
from .budget import MAX_EXACT_EXPONENT, exact_size_bounded
from .domain import Domain, Interval
from .seal import Proof, _proved, failed
from .text import expression_text

ELEMENTARY_ONLY = (sp.Piecewise, sp.Abs, sp.floor, sp.ceiling, sp.sign, sp.Heaviside)


def _without(domain: Domain, symbol: sp.Symbol, interval: Interval | None = None) -> Domain:
    intervals = tuple(i for i in domain.intervals if i.target != symbol)
    return Domain(
        simplices=domain.simplices,
        intervals=(*intervals, interval) if interval else intervals,
        sizes=domain.sizes,
    )


def _interval_of(domain: Domain, symbol: sp.Symbol) -> Interval | None:
    return next((i for i in domain.intervals if i.target == symbol and i.length is None), None)


def _all(proofs: list[tuple[str, Proof]], conclusion: str) -> Proof:
    for what, proof in proofs:
        if not proof.proven:
            return failed(f"premise not proven: {what} ({proof.how})")
    named = ", ".join(what for what, _ in proofs)
    return _proved((f"{conclusion} (premises: {named})", *(f"{w}: {p.how}" for w, p in proofs)))


@dataclass(frozen=True, kw_only=True)
class DerivativeSign:
    """``f ≥ 0`` in one variable from ``f(at) = 0`` and the sign of ``f'`` on each side."""

    variable: sp.Symbol
    at: sp.Expr
    depth: int = 0
    """How many derivatives deep the rule already is (its premises may use it again)."""

    def prove(self, expr: sp.Expr, domain: Domain, strict: bool, equality: Mapping | None) -> Proof:
        y, c = self.variable, sp.sympify(self.at)
        iv = _interval_of(domain, y)
        if iv is None or expr.has(*ELEMENTARY_ONLY):
            return failed("derivative-sign rule: no interval for the variable, or f not elementary")
        if not _continuous(expr, y, iv, c, domain):
            return failed(f"derivative-sign rule: f not continuous on the interval and at {c}")
        value = expr.subs(y, c)
        if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            return failed(f"derivative-sign rule: f({c}) is not finite")
        slope = sp.diff(expr, y)
        rest = _without(domain, y)
        premises = [(f"f({c}) = 0", kernel.identity(value, sp.Integer(0), rest))]
        if c == iv.hi or c == iv.lo:
            if equality:
                return failed("derivative-sign rule: an end point gives no equality inside")
            side = -slope if c == iv.hi else slope
            premises.append(("sign of f' on the interval", _slope_sign(side, domain, self.depth)))
            return _all(premises, f"rule: derivative sign + value at the end {c}")
        if strict or (equality is not None and dict(equality) != {y: c}):
            return failed(f"derivative-sign rule: equality holds at {y} = {c}, not as stated")
        left, right = Interval(y, iv.lo, c), Interval(y, c, iv.hi)
        premises.append(
            (
                f"f' < 0 on ({expression_text(iv.lo)}, {expression_text(c)})",
                _slope_sign(-slope, _without(domain, y, left), self.depth),
            )
        )
        premises.append(
            (
                f"f' > 0 on ({expression_text(c)}, {expression_text(iv.hi)})",
                _slope_sign(slope, _without(domain, y, right), self.depth),
            )
        )
        return _all(premises, f"rule: derivative sign on each side of {c}, f({c}) = 0")


MAX_DEPTH = 3
"""How many derivatives deep ``derivative_sign`` looks."""


def _continuous(
    expr: sp.Expr, y: sp.Symbol, iv: Interval, c: sp.Expr | None, domain: Domain
) -> bool:
    """``expr`` continuous in ``y`` on the open interval and at ``c``: for a function of ``y``
    alone by SymPy's ``continuous_domain`` where it decides; otherwise built from continuous
    pieces (``_continuous_pieces``)."""
    if expr.free_symbols == {y}:
        try:
            where = continuous_domain(expr, y, sp.Interval(iv.lo, iv.hi))
            points = sp.FiniteSet(*([] if c is None else [c]))
            if sp.Union(sp.Interval.open(iv.lo, iv.hi), points).is_subset(where) is True:
                return True
        except (NotImplementedError, ValueError, TypeError, AttributeError):
            pass
    at_end = c if c in (iv.lo, iv.hi) else None
    return _continuous_pieces(expr, y, domain, at_end)


CONTINUOUS = (sp.exp, sp.sin, sp.cos, sp.atan, sp.sinh, sp.cosh, sp.tanh, sp.asinh)
"""Functions continuous on the whole real line."""
CONTINUOUS_ON_POSITIVES = (sp.log, sp.gamma, sp.loggamma)
"""Functions continuous where their argument is positive (``polygamma(n, ·)`` too)."""


def _continuous_pieces(expr: sp.Expr, y: sp.Symbol, domain: Domain, at: sp.Expr | None) -> bool:
    """Every piece of ``expr`` that depends on ``y`` continuous for every value of the other
    variables: sums, products, non-negative integer powers and ``CONTINUOUS`` functions of
    continuous pieces; a negative power only of a base the kernel proves nonzero, a
    fractional power, a logarithm or a ``CONTINUOUS_ON_POSITIVES`` function only of one it
    proves positive, on the domain and at
    ``y = at`` (a finite end of the interval).  Anything else is not known continuous."""

    def proven(base: sp.Expr, strict_sign: int) -> bool:
        checks = [(base, domain)]
        if at is not None:
            checks.append((base.subs(y, at), _without(domain, y)))
        return all(kernel.sign(strict_sign * b, d).proven for b, d in checks)

    def piece(node: sp.Expr) -> bool:
        if not node.has(y) or node == y:
            return True
        if isinstance(node, sp.Add | sp.Mul):
            return all(piece(a) for a in node.args)
        if isinstance(node, CONTINUOUS):
            return piece(node.args[0])
        if isinstance(node, sp.Pow):
            base, exponent = node.args
            if exponent.is_Integer:
                nonzero = exponent >= 0 or proven(base, 1) or proven(base, -1)
                return piece(base) and nonzero
            return piece(base) and piece(exponent) and proven(base, 1)
        if isinstance(node, sp.polygamma) and not node.args[0].has(y):
            node = sp.log(node.args[1])  # continuous where its argument is positive
        if isinstance(node, CONTINUOUS_ON_POSITIVES):
            return piece(node.args[0]) and proven(node.args[0], 1)
        return False

    return piece(expr)


def _slope_sign(slope: sp.Expr, domain: Domain, depth: int) -> Proof:
    """``slope > 0`` by the sign step, or else by ``derivative_sign`` one level deeper."""
    proof = kernel.sign(slope, domain)
    if proof.proven or depth + 1 >= MAX_DEPTH:
        return proof
    deeper = derivative_sign(slope, domain, True, None, depth + 1)
    return deeper if deeper.proven else proof


def derivative_sign(
    expr: sp.Expr, domain: Domain, strict: bool, equality: Mapping | None = None, depth: int = 0
) -> Proof:
    """``DerivativeSign`` at each point where it can apply, found by machine: the finite
    ends of the variable's interval and the zeros of ``f'`` inside it (at most three);
    one variable only."""
    iv = _interval_of(domain, next(iter(expr.free_symbols))) if expr.free_symbols else None
    if len(expr.free_symbols) != 1 or iv is None or expr.has(*ELEMENTARY_ONLY):
        return failed("sign not settled")
    if not exact_size_bounded(expr):
        return failed(f"sign not settled (a power above {MAX_EXACT_EXPONENT})")
    y = iv.target
    points = [end for end in (iv.lo, iv.hi) if end not in (sp.oo, -sp.oo)]
    try:
        zeros = sp.solveset(sp.diff(expr, y), y, sp.Interval.open(iv.lo, iv.hi))
    except (NotImplementedError, ValueError, TypeError):
        zeros = sp.EmptySet
    if isinstance(zeros, sp.FiniteSet) and len(zeros) <= 3:
        points += sorted(zeros, key=sp.default_sort_key)
    last = failed("sign not settled")
    for at in points:
        last = DerivativeSign(variable=y, at=at, depth=depth).prove(expr, domain, strict, equality)
        if last.proven:
            return last
    return last


@dataclass(frozen=True, kw_only=True)
class Monotone:
    """``f(lower) − f(upper) > 0`` (f decreasing) or ``f(upper) − f(lower) > 0`` (increasing)."""

    function: sp.Lambda
    lower: sp.Expr
    upper: sp.Expr
    on: Interval

    def prove(self, expr: sp.Expr, domain: Domain, strict: bool, equality: Mapping | None) -> Proof:
        if equality:
            return failed("monotone rule: no equality set")
        f, (t,) = self.function, self.function.variables
        slope = sp.diff(f.expr, t)
        home = Domain(intervals=(Interval(t, self.on.lo, self.on.hi),))
        if not _continuous(f.expr, t, home.intervals[0], None, home):
            return failed("monotone rule: f not continuous on the interval")
        inside = [("upper − lower > 0", kernel.sign(self.upper - self.lower, domain))]
        if self.on.lo != -sp.oo:
            inside.append(("lower in the interval", kernel.sign(self.lower - self.on.lo, domain)))
        if self.on.hi != sp.oo:
            inside.append(("upper in the interval", kernel.sign(self.on.hi - self.upper, domain)))
        for direction, gap, side in (
            ("decreasing", f(self.lower) - f(self.upper), -slope),
            ("increasing", f(self.upper) - f(self.lower), slope),
        ):
            same = kernel.identity(expr, gap, domain)
            if same.proven:
                premises = [
                    ("expression = difference of f", same),
                    (f"f {direction}", kernel.sign(side, home)),
                    *inside,
                ]
                return _all(premises, f"rule: difference of a {direction} function")
        return failed("monotone rule: the expression is not the stated difference")


@dataclass(frozen=True, kw_only=True)
class AtZero:
    """A term ``f(u) ≥ 0``, zero exactly at ``u = at``, by ``DerivativeSign`` on ``on``."""

    function: sp.Lambda
    argument: sp.Expr
    at: sp.Expr
    on: tuple[sp.Expr, sp.Expr]

    def prove(self, term: sp.Expr, domain: Domain, indices: dict) -> tuple[Proof, list[sp.Expr]]:
        (t,) = self.function.variables
        if sp.expand(term - self.function(self.argument)) != 0:
            return failed("term is not f(argument)"), []
        lo, hi = self.on
        home = Domain(intervals=(Interval(t, lo, hi),))
        rule = DerivativeSign(variable=t, at=self.at)
        premises = [
            (
                "f ≥ 0, zero only at the point",
                rule.prove(self.function.expr, home, False, {t: self.at}),
            )
        ]
        if lo != -sp.oo:
            premises.append(
                (
                    "argument above the low end",
                    kernel.sign(self.argument - lo, domain, extra=indices),
                )
            )
        if hi != sp.oo:
            premises.append(
                (
                    "argument below the high end",
                    kernel.sign(hi - self.argument, domain, extra=indices),
                )
            )
        return _all(premises, "term f(u) ≥ 0"), [self.argument - self.at]


@dataclass(frozen=True, kw_only=True)
class Comonotone:
    """A term ``(f(y_g) − f(y_h))(k(y_g) − k(y_h)) ≥ 0`` for f, k continuous and increasing
    (``f' > 0``, ``k' > 0``) on the family's interval: zero iff ``y_g = y_h``."""

    f: sp.Lambda
    k: sp.Lambda
    family: sp.IndexedBase
    first: sp.Symbol
    second: sp.Symbol

    def prove(self, term: sp.Expr, domain: Domain, indices: dict) -> tuple[Proof, list[sp.Expr]]:
        a, b = self.family[self.first], self.family[self.second]
        if sp.expand(term - (self.f(a) - self.f(b)) * (self.k(a) - self.k(b))) != 0:
            return failed("term is not (f(a) − f(b))(k(a) − k(b))"), []
        iv = next((i for i in domain.intervals if i.target == self.family), None)
        if iv is None:
            return failed("no interval for the family"), []
        premises = []
        for name, fn in (("f", self.f), ("k", self.k)):
            (t,) = fn.variables
            home = Domain(intervals=(Interval(t, iv.lo, iv.hi),))
            if not _continuous(fn.expr, t, home.intervals[0], None, home):
                return failed(f"premise not proven: {name} continuous on ({iv.lo}, {iv.hi})"), []
            premises.append((f"{name} increasing", kernel.sign(sp.diff(fn.expr, t), home)))
        return _all(premises, "term (f(a) − f(b))(k(a) − k(b)) ≥ 0"), [a - b]


def index_signs(limits: tuple, domain: Domain) -> dict[sp.Symbol, str]:
    """The sign each summation index has over its range (outermost first): ``"size"`` (a
    positive integer) where its start is proven ``≥ 1``, ``"count"`` where proven ``≥ 0``,
    else ``"integer"``."""
    signs: dict[sp.Symbol, str] = {}
    for index, lo, _ in reversed(limits):
        start = sp.sympify(lo)
        if kernel.sign(start - 1, domain, strict=False, extra=signs).proven:
            signs[index] = "size"
        elif kernel.sign(start, domain, strict=False, extra=signs).proven:
            signs[index] = "count"
        else:
            signs[index] = "integer"
    return signs


def _substitute(expr: sp.Expr, equality: Mapping) -> sp.Expr:
    """Apply a stated equality set: a symbol, or every entry of a family, replaced."""

    def swap(entry: sp.Indexed) -> sp.Expr:
        value = equality[entry.base]
        return value[entry.indices] if isinstance(value, sp.IndexedBase) else value

    out = expr.replace(lambda e: isinstance(e, sp.Indexed) and e.base in equality, swap)
    return out.xreplace({k: v for k, v in equality.items() if isinstance(k, sp.Symbol)})


@dataclass(frozen=True, kw_only=True)
class TermwiseSum:
    """``expr = Σ_{limits} weight·term`` with each term ``≥ 0`` and ``weight ≥ 0`` (``> 0``
    where an equality set is stated: the terms must vanish exactly there), the weight's
    sign read with each index signed by its range (``index_signs``)."""

    form: sp.Sum
    weight: sp.Expr
    term: AtZero | Comonotone
    limits_sign: dict = field(default_factory=dict)

    def prove(self, expr: sp.Expr, domain: Domain, strict: bool, equality: Mapping | None) -> Proof:
        if strict:
            return failed("termwise-sum rule: terms can vanish, the inequality is not strict")
        body = self.form.function
        term = body if self.weight == 1 else sp.cancel(body / self.weight)
        indices = index_signs(self.form.limits, domain)
        premises = [
            ("expression = the sum", kernel.identity(expr, self.form, domain)),
            (
                "weight > 0" if equality is not None else "weight ≥ 0",
                kernel.sign(self.weight, domain, strict=equality is not None, extra=indices),
            ),
        ]
        proof, zero_where = self.term.prove(term, domain, indices)
        premises.append(("each term ≥ 0", proof))
        if equality is not None:
            premises += self._equality(zero_where, equality, domain, indices)
        return _all(premises, "rule: weighted sum of non-negative terms, zero where every term is")

    def _equality(
        self, zero_where: list[sp.Expr], equality: Mapping, domain: Domain, indices: dict
    ):
        """The terms vanish exactly on the stated set: each condition is a nonzero multiple
        of the stated difference (entry − replacement)."""
        out = []
        for condition in zero_where:
            stated = condition if any(isinstance(v, sp.Symbol) for v in equality.values()) else None
            if stated is None:
                entries = [e for e in condition.atoms(sp.Indexed) if e.base in equality]
                if not entries:
                    return [("equality set", failed("the stated set does not constrain the terms"))]
                stated = entries[0] - _substitute(entries[0], equality)
            ratio = sp.cancel(sp.together(condition / stated))
            plus, minus = (kernel.sign(r, domain, extra=indices) for r in (ratio, -ratio))
            out.append(("term zero exactly on the stated set", plus if plus.proven else minus))
            out.append(
                ("stated set makes every term zero", _zero_on(condition, equality, domain, indices))
            )
        return out


def _zero_on(condition: sp.Expr, equality: Mapping, domain: Domain, indices: dict) -> Proof:
    """For a family replaced by one scalar, ``y_g − y_h`` vanishes; otherwise by cancellation."""
    value = _substitute(condition, equality)
    if sp.cancel(sp.together(value)) == 0:
        return _proved(("vanishes on the stated set",))
    return failed(f"does not vanish on the stated set: {value}")


@dataclass(frozen=True, kw_only=True)
class LimitAlgebra:
    """``lim expr = F(L(a_1), …)`` from a proven parametric limit ``lim E(a) = L(a)``."""

    premise: object  # a Limit obligation: expr E(a), variable, point, value L(a), domain
    parameter: sp.Symbol
    instances: tuple[sp.Expr, ...]
    form: sp.Lambda

    def prove(
        self, expr: sp.Expr, variable: sp.Symbol, point: sp.Expr, value: sp.Expr, domain: Domain
    ) -> Proof:
        base = self.premise
        if base.variable != variable or base.point != point:
            return failed("limit algebra: the premise is a limit along another approach")
        if variable in self.form.expr.free_symbols:
            return failed("limit algebra: the form depends on the limit variable")
        premises = [
            (
                "premise limit",
                kernel.limit(base.expr, base.variable, base.point, base.value, base.domain),
            )
        ]
        home = _interval_of(base.domain, self.parameter)
        if home is None:
            return failed("limit algebra: the premise has no interval for its parameter")
        for a in self.instances:
            if home.lo != -sp.oo:
                premises.append((f"{a} above {home.lo}", kernel.sign(a - home.lo, domain)))
            if home.hi != sp.oo:
                premises.append((f"{a} below {home.hi}", kernel.sign(home.hi - a, domain)))
        parts = [base.expr.subs(self.parameter, a) for a in self.instances]
        limits = [base.value.subs(self.parameter, a) for a in self.instances]
        approach = Interval(variable, sp.Integer(0), sp.oo) if point == sp.oo else None
        where = _without(domain, variable, approach) if approach else domain
        premises.append(("expression = F(parts)", kernel.identity(expr, self.form(*parts), where)))
        at_limit = self.form(*limits)
        for sub in sp.preorder_traversal(self.form.expr):
            needs = None
            if isinstance(sub, sp.Pow) and not (sub.exp.is_Integer and sub.exp >= 0):
                needs = sub.base
            elif isinstance(sub, sp.log):
                needs = sub.args[0]
            if needs is not None:
                at = needs.xreplace(dict(zip(self.form.variables, limits, strict=True)))
                premises.append((f"F continuous: {at} > 0", kernel.sign(at, domain)))
        premises.append(("value = F(limits)", kernel.identity(value, at_limit, domain)))
        return _all(premises, "rule: limit algebra (continuous F of proven limits)")
