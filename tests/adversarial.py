"""The adversarial corpus of the kernel's soundness classes, and its independent judge.

Each case is a statement with its truth, run through the public API
(``symbolic.check_identity`` / ``check_inequality``).  ``judge`` checks what the issue
demands of every verdict: no false proof, no false refutation, every counterexample
re-verified here at 60 digits by SymPy on the exact values and inside the open domain, no
raw exception, the budget held.  The classes: denominators that vanish (``DENOMINATORS``),
premises of rules (``PREMISES``), inputs without an mpmath twin or as Python numbers
(``INPUTS``), exact arithmetic against the budget (``BUDGETS``), floats as their exact
binary value (``FLOATS``), signs on bounded boxes (``BOXES``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import mpmath
import sympy as sp

import symbolic
from symbolic.engine.domain import Interval
from symbolic.engine.rules import AtZero, Monotone, TermwiseSum

x, y = sp.symbols("x y", real=True)
t = sp.Symbol("t", real=True)
n = sp.Symbol("n", integer=True, positive=True)
K = sp.Symbol("K", integer=True, positive=True)
M = sp.Symbol("M", integer=True, nonnegative=True)
i = sp.Symbol("i", integer=True)
SLACK = 1.0
"""Seconds a check may run past its budget (the watcher's reaction, the verdict's build)."""


@dataclass(frozen=True)
class Case:
    """One statement: ``identity`` (lhs, rhs) or ``inequality`` (expr), its truth, keywords."""

    kind: str
    args: tuple
    true: bool
    options: dict = field(default_factory=dict)

    def run(self) -> symbolic.Verdict:
        check = symbolic.check_identity if self.kind == "identity" else symbolic.check_inequality
        return check(*self.args, **self.options)


def identity(lhs, rhs, true: bool, **options) -> Case:
    return Case("identity", (lhs, rhs), true, {"budget": 20, **options})


def inequality(expr, true: bool, **options) -> Case:
    return Case("inequality", (expr,), true, {"budget": 20, **options})


def on(*pairs) -> dict:
    """``intervals=`` from symbol, lo, hi triples."""
    return {"intervals": {s: (lo, hi) for s, lo, hi in pairs}}


# ------------------------------------------------------------------ 1. denominators
DENOMINATORS = [
    identity(1 / (x + 1) + 1 / (x - 1), 2 * x / (x**2 - 1), True, **on((x, 1, 3))),
    identity((x**2 - 1) / (x - 1), x + 1, True, **on((x, 1, 2))),
    identity((x**3 - 1) / (x - 1), x**2 + x + 1, True, **on((x, 2, 3))),
    identity((x**2 - 4) / (x - 2), x + 2, True, **on((x, -1, 1))),
    identity(1 / x - 1 / (x + 1), 1 / (x * (x + 1)), True, **on((x, 0, sp.oo))),
    identity((x**4 - y**4) / (x**2 + y**2), x**2 - y**2, True, **on((x, 0, 1), (y, 0, 1))),
    identity((x - y) / (x**2 - y**2), 1 / (x + y), True, **on((x, 2, 3), (y, 0, 1))),
    identity(sp.sin(x) / sp.cos(x), sp.tan(x), True, **on((x, 0, 1))),
    identity((x**2 + 2 * x + 1) / (x + 1), x + 1, True, **on((x, 0, 1))),
    identity((x - 1) / (x**2 - 1), 1 / (x + 1), True, **on((x, 2, 3))),
    identity((sp.exp(2 * x) - 1) / (sp.exp(x) - 1), sp.exp(x) + 1, True, **on((x, 1, 2))),
    identity((x**2 - 2) / (x - sp.sqrt(2)), x + sp.sqrt(2), True, **on((x, 0, 1))),
    identity((sp.sin(x) ** 2 - 1) / (sp.sin(x) - 1), sp.sin(x) + 1, True, **on((x, 0, 1))),
    identity((sp.log(x) ** 2 - 1) / (sp.log(x) - 1), sp.log(x) + 1, True, **on((x, 3, 4))),
    identity(1 / (x - 1) + 1 / (1 - x), 0, True, **on((x, 2, 3))),
    identity((x**3 + y**3) / (x + y), x**2 - x * y + y**2, True, **on((x, 0, 1), (y, 0, 1))),
    identity(x / (x - 1) - 1, 1 / (x - 1), True, **on((x, 1, 2))),
    identity((x**2 + x - 6) / (x - 2), x + 3, True, **on((x, 3, 5))),
    identity((sp.cos(x) ** 2 - 1) / (sp.cos(x) - 1), sp.cos(x) + 1, True, **on((x, 1, 2))),
    identity((x**2 - 1) / ((x - 1) * (x + 1)), 1, True, **on((x, 2, 3))),
    identity(1 / (x**2 + 1) - 1, -(x**2) / (x**2 + 1), True, **on((x, -5, 5))),
    # false: a denominator vanishes inside the domain (one side undefined there) or everywhere
    identity((x**2 - 1) / (x - 1), x + 1, False, **on((x, 0, 2))),
    identity((x**3 - 1) / (x - 1), x**2 + x + 1, False, **on((x, 0, 3))),
    identity((x**2 - 4) / (x - 2), x + 2, False, **on((x, 1, 3))),
    identity((x - y) / (x**2 - y**2), 1 / (x + y), False, **on((x, 0, 1), (y, 0, 1))),
    identity((x**4 - y**4) / (x**2 - y**2), x**2 + y**2, False, **on((x, 0, 1), (y, 0, 1))),
    identity((sp.exp(2 * x) - 1) / (sp.exp(x) - 1), sp.exp(x) + 1, False, **on((x, -1, 1))),
    identity((sp.sin(x) ** 2 - 1) / (sp.sin(x) - 1), sp.sin(x) + 1, False, **on((x, 1, 2))),
    identity((sp.log(x) ** 2 - 1) / (sp.log(x) - 1), sp.log(x) + 1, False, **on((x, 2, 3))),
    identity((x**2 - 2) / (x - sp.sqrt(2)), x + sp.sqrt(2), False, **on((x, 1, 2))),
    identity((x - 1) / (x**2 - 1), 1 / (x + 1), False, **on((x, 0, 2))),
    identity(sp.tan(x) * sp.cos(x), sp.sin(x), False, **on((x, 1, 2))),
    identity((x**3 + y**3) / (x + y), x**2 - x * y + y**2, False, **on((x, -1, 1), (y, 0, 1))),
    identity((x**2 - 1) / (x - 1), x + 1, False, **on((x, -3, 3))),
    identity((x**2 - 2 * x + 1) / (x - 1), x - 1, False, **on((x, 0, 2))),
    identity((x**2 - x) / x, x - 1, False, **on((x, -1, 1))),
    identity((x**2 + x) / (x + 1), x, False, **on((x, -2, 0))),
    identity(
        (sp.exp(2 * x) - 2 * sp.exp(x) + 1) / (sp.exp(x) - 1),
        sp.exp(x) - 1,
        False,
        **on((x, -1, 1)),
    ),
    identity((x**2 - 1) / ((x - 1) * (x + 1)), 1, False, **on((x, 0, 2))),
    identity((x**2 + x - 6) / (x - 2), x + 3, False, **on((x, 0, 3))),
    identity((sp.cos(x) ** 2 - 1) / (sp.cos(x) - 1), sp.cos(x) + 1, False, **on((x, -1, 1))),
    identity(
        x / (sp.log(x * y) - sp.log(x) - sp.log(y)),
        1 / (sp.log(x * y) - sp.log(x) - sp.log(y)),
        False,
        **on((x, 0, 2), (y, 1, 2)),
    ),
]


# ---------------------------------------------------------------------- 2. premises
def _monotone(f: sp.Expr, true: bool) -> Case:
    """``f(y + 1/2) − f(y) > 0`` on ``y ∈ (0, 1)`` by the rule *difference of an increasing
    function* on ``(0, 2)``: true for f increasing and continuous, false for one with a
    downward jump at 1 (increasing on each side of it)."""
    rule = Monotone(
        function=sp.Lambda(t, f), lower=y, upper=y + sp.Rational(1, 2), on=Interval(t, 0, 2)
    )
    expr = f.subs(t, y + sp.Rational(1, 2)) - f.subs(t, y)
    return inequality(expr, true, rule=rule, **on((y, 0, 1)))


INCREASING = [
    t,
    t**3,
    sp.exp(t),
    sp.log(t),
    sp.atan(t),
    t + sp.sin(t),
    sp.sqrt(t),
    t**2,
    sp.sinh(t),
    t / (1 + t),
    -sp.cot(t),
    sp.tanh(t - 1),
]
JUMPING = [
    -1 / (t - 1),
    -2 / (t - 1),
    -1 / (10 * (t - 1)),
    -sp.atan(1 / (t - 1)),
    -sp.atan(1 / (t - 1)) + t / 10,
    sp.tan(t + sp.Rational(1, 2)),
    sp.tan(t + sp.Rational(1, 2)) + t,
    sp.exp(-1 / (t - 1)),
    -1 / (t - 1) ** 3,
    t - 1 / (t - 1),
    -1 / (t - 1) + sp.exp(t),
    sp.tan(t + sp.Rational(1, 2)) / 3,
]


def _termwise(weight: sp.Expr, f: sp.Expr, true: bool) -> Case:
    """``Σ_{i=0}^{M} weight·f(y) ≥ 0`` (``M ≥ 0``, ``y ∈ (0, 2)``) by the rule *weighted sum
    of non-negative terms*: true where the weight is ≥ 0 for every ``i ≥ 0``."""
    form = sp.Sum(weight * f.subs(t, y), (i, 0, M))
    term = AtZero(function=sp.Lambda(t, f), argument=y, at=1, on=(0, 2))
    rule = TermwiseSum(form=form, weight=weight, term=term)
    return inequality(form, true, strict=False, rule=rule, sizes={M: 0}, **on((y, 0, 2)))


PREMISES = [
    _termwise(i, (t - 1) ** 2, True),
    _termwise(i + 1, t - 1 - sp.log(t), True),
    _termwise(i**2, t * sp.log(t) - t + 1, True),
    _termwise(i - 1, (t - 1) ** 2, False),
    _termwise(i - sp.Rational(1, 2), t - 1 - sp.log(t), False),
    *(_monotone(f, True) for f in INCREASING),
    *(_monotone(f, False) for f in JUMPING),
    # sums from 0: an index is 0 there, not positive
    inequality(sp.Sum(1 / (i + 1), (i, 0, M)), True, sizes={M: 0}),
    inequality(sp.Sum(i * x**2, (i, 0, M)), True, strict=False, sizes={M: 1}, **on((x, 0, 1))),
    inequality(sp.Sum(2**i, (i, 0, M)) - 1, True, strict=False, sizes={M: 0}),
    inequality(sp.Sum(i - sp.Rational(1, 2), (i, 0, M)), False, sizes={M: 0}),
    inequality(sp.Sum(i - sp.Rational(3, 2), (i, 0, M)), False, strict=False, sizes={M: 1}),
    inequality(
        sp.Sum((i - 1) * x**2, (i, 0, M)), False, strict=False, sizes={M: 1}, **on((x, 0, 1))
    ),
    identity(sp.Sum(i, (i, 0, M)), M * (M + 1) / 2, True, sizes={M: 0}),
    identity(sp.Sum(1, (i, 0, M)), M, False, sizes={M: 0}),
    identity(
        sp.Sum(sp.Rational(1, 2) ** i, (i, 0, M)), 2 - sp.Rational(1, 2) ** M, True, sizes={M: 0}
    ),
    identity(
        sp.Sum(sp.Rational(1, 2) ** i, (i, 0, M)),
        2 - sp.Rational(1, 2) ** (M + 1),
        False,
        sizes={M: 0},
    ),
    # signs of pieces whose own premises matter: a jump inside, a pole inside
    inequality(1 / (x - 1) ** 2, True, **on((x, 2, 3))),
    inequality(x - 1 / (x - 1), False, **on((x, 0, 2))),
    inequality(sp.tan(x), False, **on((x, 1, 2))),
    inequality(sp.tan(x), True, **on((x, 0, 1))),
    inequality(1 / sp.log(x), False, **on((x, sp.Rational(1, 2), 2))),
    inequality(1 / sp.log(x), True, **on((x, 2, 3))),
    inequality(sp.exp(-1 / (x - 1)) - 1, False, **on((x, 0, 2))),
]


# ------------------------------------------------------------------------ 5. inputs
def _deep(depth: int) -> sp.Expr:
    e = x + 2
    for _ in range(depth):
        e = sp.log(e + 2)
    return e


INPUTS = [
    identity(sp.li(x) - sp.Li(x), sp.li(2), True, **on((x, 3, 4))),
    identity(sp.Li(x), sp.li(x), False, **on((x, 3, 4))),
    identity(sp.jn(0, x), sp.sin(x) / x, True, **on((x, 1, 2))),
    identity(sp.jn(0, x), sp.cos(x) / x, False, **on((x, 1, 2))),
    identity(sp.jn(1, x), sp.sin(x) / x**2 - sp.cos(x) / x, True, **on((x, 1, 2))),
    identity(sp.jn(1, x), sp.sin(x) / x**2, False, **on((x, 1, 2))),
    identity(sp.lucas(n), sp.fibonacci(n - 1) + sp.fibonacci(n + 1), True, sizes={n: 2}),
    identity(sp.lucas(n), sp.fibonacci(n + 1), False, sizes={n: 2}),
    identity(sp.DiracDelta(x), 0, True, **on((x, 1, 2))),
    identity(sp.DiracDelta(x - 3), 0, True, **on((x, 1, 2))),
    identity(sp.DiracDelta(x), 1, False, **on((x, 1, 2))),
    identity(sp.Heaviside(x), 1, True, **on((x, 1, 2))),
    identity(sp.Heaviside(x - sp.Rational(3, 2)), 1, False, **on((x, 1, 2))),
    inequality(sp.Li(x), True, **on((x, 3, 4))),
    inequality(sp.Li(x) - 2, False, **on((x, 3, 4))),
    inequality(sp.jn(0, x), True, **on((x, 1, 2))),
    inequality(sp.jn(0, x), False, **on((x, 3, 4))),
    inequality(sp.lucas(n) - sp.Rational(1, 2), True, sizes={n: 1}),
    inequality(sp.lucas(n) - 4, False, sizes={n: 1}),
    identity(_deep(60), _deep(60), True, **on((x, 1, 2))),
    identity(_deep(90), _deep(90) + 1, False, **on((x, 1, 2))),
    inequality(_deep(90), True, **on((x, 1, 2))),
    inequality(-_deep(90), False, **on((x, 1, 2))),
    # Python numbers wherever SymPy numbers go
    identity(2, 2, True),
    identity(1, 2, False),
    identity(x + 1, x + 1.0, True, **on((x, 0, 1))),
    identity(x + 1, x + 2, False, intervals={x: (0, 1.5)}),
    inequality((x - 1) ** 2, True, strict=False, equality={x: 1}, **on((x, 0, 2))),
    inequality((x - 1) ** 2 + 1, False, strict=False, equality={x: 1}, **on((x, 0, 2))),
    inequality(x - 0.5, True, intervals={x: (0.5, 1)}),
    inequality(x - 0.5, False, intervals={x: (0, 1)}),
    inequality(3, True),
    inequality(-3, False),
    identity(x, x, True, intervals={x: (0, 1)}, dps=30, budget=5),
    identity(x, 2 * x, False, intervals={x: (0, 1)}, dps=30, budget=5),
    inequality(x**2, True, strict=False, intervals={x: (-1, 1)}, budget=5),
    inequality(x**2 - 1, False, strict=False, intervals={x: (-2, 2)}, budget=5),
    identity(sp.Integer(3) * x, 3.0 * x, True, intervals={x: (-1.5, 1.5)}),
    identity(sp.Integer(3) * x, 3.5 * x, False, intervals={x: (-1.5, 1.5)}),
    identity(sp.fibonacci(n + 2) - sp.fibonacci(n + 1), sp.fibonacci(n), True, sizes={n: 1}),
    identity(sp.fibonacci(n + 2), 2 * sp.fibonacci(n), False, sizes={n: 1}),
    # Binet's form, δ away from its point, Li and the spherical Bessel functions by balls
    identity(sp.lucas(n + 1), sp.fibonacci(n) + sp.fibonacci(n + 2), True, sizes={n: 1}),
    identity(sp.lucas(n), sp.fibonacci(n) + sp.fibonacci(n + 2), False, sizes={n: 1}),
    identity(sp.fibonacci(2 * n), sp.fibonacci(n) * sp.lucas(n), True, sizes={n: 1}),
    identity(sp.fibonacci(2 * n), sp.fibonacci(n) ** 2, False, sizes={n: 1}),
    identity(sp.DiracDelta(x + 1) + x, x, True, **on((x, 1, 2))),
    identity(sp.DiracDelta(x - 3), 1, False, **on((x, 1, 2))),
    inequality(sp.Li(x) - 1, True, **on((x, 3, 4))),
    inequality(sp.Li(x) - sp.Rational(3, 2), False, **on((x, 3, 4))),
    inequality(sp.jn(1, x), True, **on((x, 1, 2))),
    inequality(sp.jn(1, x), False, **on((x, 4, 5))),
]


# ------------------------------------------------------------------------ 6. budgets
def _rushed(case: Case) -> Case:
    return Case(case.kind, case.args, case.true, {**case.options, "budget": 2})


BUDGETS = [
    _rushed(c)
    for c in [
        inequality(x**400000 + 1, True, **on((x, -2, 2))),
        inequality(x**400000, True, strict=False, **on((x, -2, 2))),
        inequality((x - 1) ** 400000, True, strict=False, **on((x, 0, 3))),
        inequality(x**400000 - x**399999, True, **on((x, 1, 2))),
        inequality(x**400001, True, **on((x, 0, 2))),
        inequality(1 + x**100000 + y**100000, True, **on((x, -1, 1), (y, -1, 1))),
        identity(x**400000 * x, x**400001, True, **on((x, 0, 2))),
        identity((x**2) ** 200000, x**400000, True, **on((x, 0, 2))),
        identity(x ** (10**6), x ** (10**6), True, **on((x, 0, 1))),
        identity(x**5000 / x**4999, x, True, **on((x, 1, 2))),
        identity((1 + x) ** 3000 * (1 + x), (1 + x) ** 3001, True, **on((x, 0, 1))),
        identity(sp.exp(x) ** 100000, sp.exp(100000 * x), True, **on((x, 0, 1))),
        inequality(sp.exp(x) ** 100000, True, **on((x, -1, 1))),
        inequality(2 + sp.sin(x) ** 100001, True, **on((x, -4, 4))),
        inequality((x - 1) ** 400000 + sp.Rational(1, 10), True, **on((x, 0, 3))),
        identity(x**3000 - 1, (x - 1) * sp.Sum(x**i, (i, 0, 2999)), True, **on((x, 2, 3))),
        inequality(x**1001 + 1, True, **on((x, 0, 3))),
        identity((x + 1) ** 1200, (1 + x) ** 1200, True, **on((x, 0, 1))),
        inequality((x**2 + 1) ** 50000, True, **on((x, -3, 3))),
        inequality(y**100000 * x**100000 + 1, True, **on((x, -1, 1), (y, -1, 1))),
        # false
        inequality(x**400000 - 1, False, **on((x, 0, 2))),
        inequality(-(x**400000), False, strict=False, **on((x, -2, 2))),
        inequality((x - 1) ** 400000, False, **on((x, 0, 3))),
        inequality(x**400000 - x**399999, False, **on((x, 0, 2))),
        inequality(x**400001, False, **on((x, -1, 1))),
        inequality(x**100000 + y**100000 - 1, False, **on((x, -1, 1), (y, -1, 1))),
        identity(x**400000 * x, x**400000, False, **on((x, 0, 2))),
        identity((x**2) ** 200000, x**400000 + 1, False, **on((x, 0, 2))),
        identity(x**5000 / x**4998, x, False, **on((x, 1, 2))),
        identity((1 + x) ** 3000 * (1 + x), (1 + x) ** 3000, False, **on((x, 0, 1))),
        identity(sp.exp(x) ** 100000, sp.exp(99999 * x), False, **on((x, 0, 1))),
        inequality(-(sp.exp(x) ** 100000), False, **on((x, -1, 1))),
        inequality(sp.sin(x) ** 100001, False, **on((x, -4, 4))),
        inequality((x - 1) ** 400000 - sp.Rational(1, 10), False, **on((x, 0, 3))),
        identity(x**3000 - 1, (x - 1) * sp.Sum(x**i, (i, 0, 2998)), False, **on((x, 2, 3))),
        inequality(x**1001 - 2, False, **on((x, 0, 3))),
        identity((x + 1) ** 1200, (1 + x) ** 1201, False, **on((x, 0, 1))),
        inequality(1 - (x**2 + 1) ** 50000, False, **on((x, -3, 3))),
        inequality(y**100000 * x**100000 - 1, False, **on((x, -2, 2), (y, -2, 2))),
        identity(x**400000, x**400000 + x, False, **on((x, 0, 2))),
    ]
]


# ------------------------------------------------------------------------ floats
FLOATS = [
    identity(0.5 * x, x / 2, True, **on((x, 0, 1))),
    identity(0.25 + 0.75, 1, True),
    identity(0.1 * x, x * sp.Rational(3602879701896397, 2**55), True, **on((x, 0, 1))),
    identity(1.5**2, sp.Rational(9, 4), True),
    identity(x**0.5, sp.sqrt(x), True, **on((x, 0, 2))),
    identity(0.1 + 0.1, 2 * sp.Rational(0.1), True),
    identity(sp.Float("0.125") * x, x / 8, True, **on((x, -1, 1))),
    identity(x * 2.0, 2 * x, True, **on((x, -1, 1))),
    identity(0.75 * x, 3 * x / 4, True, **on((x, 0, 1))),
    identity(sp.exp(0.5 * x), sp.sqrt(sp.exp(x)), True, **on((x, 0, 1))),
    inequality(x - 0.1, True, intervals={x: (0.1, 1)}),
    inequality(0.1 + 0.2 - 0.3, True),
    inequality(x - sp.Rational(1, 10), True, intervals={x: (0.1, 1)}),
    inequality(0.3 - x, True, intervals={x: (0, sp.Rational(0.3))}),
    inequality(x**2 - 0.25, True, intervals={x: (0.5, 1)}),
    inequality(1.0 - x, True, intervals={x: (0, 1.0)}),
    inequality(x + 0.5, True, intervals={x: (-0.5, 0.5)}),
    inequality(2.5 - x * y, True, intervals={x: (0, 1.5), y: (0, 1.5)}),
    inequality(sp.exp(0.1 * x) - 1, True, intervals={x: (0, 1)}),
    inequality(0.1 * 3 - 0.3, True),
    # false under the exact binary reading
    identity(0.1 + 0.2, 0.3, False),
    identity(0.1 * x, x / 10, False, **on((x, 0, 1))),
    identity(0.3 - 0.1, 0.2, False),
    identity(x * 0.7, 7 * x / 10, False, **on((x, 1, 2))),
    identity(1.1**2, sp.Rational(121, 100), False),
    identity(x + 0.1, x + sp.Rational(1, 10), False, **on((x, 0, 1))),
    identity(0.1 * 3, 0.3, False),
    identity(x / 3.0, x / 3, False, **on((x, 1, 2))),
    identity(sp.exp(0.1 * x), sp.exp(x / 10), False, **on((x, 1, 2))),
    identity(2.2 - x, sp.Rational(11, 5) - x, False, **on((x, 0, 1))),
    inequality(sp.Rational(1, 10) - 0.1, False),
    inequality(0.3 - 0.1 - 0.2, False),
    inequality(x - 0.1, False, intervals={x: (sp.Rational(1, 10), 1)}),
    inequality(0.1 - x, False, intervals={x: (0.1, 1)}),
    inequality(x**2 - 0.25, False, intervals={x: (0, 1)}),
    inequality(x - 1.0, False, intervals={x: (0, 1.0)}),
    inequality(x - 0.25, False, intervals={x: (-0.5, 0.5)}),
    inequality(2.0 - x * y, False, intervals={x: (0, 1.5), y: (0, 1.5)}),
    inequality(sp.exp(-0.1 * x) - 1, False, intervals={x: (0, 1)}),
    inequality(0.3 - 0.1 * 3, False),
]


# ------------------------------------------------------------------- signs on boxes
BOXES = [
    inequality(sp.exp(x) - 1 - x, True, **on((x, 0, 1))),
    inequality(x**2 - x + sp.Rational(26, 100), True, **on((x, 0, 1))),
    inequality(sp.sin(x) - x + x**3 / 6, True, **on((x, 0, 1))),
    inequality(sp.cos(x) - 1 + x**2 / 2, True, **on((x, 0, 1))),
    inequality(sp.log(1 + x) - x + x**2 / 2, True, **on((x, 0, 1))),
    inequality(sp.atan(x) - x + x**3 / 3, True, **on((x, 0, 1))),
    inequality(2 * sp.sin(x) * sp.cos(y) + sp.Rational(21, 10), True, **on((x, 0, 3), (y, 0, 3))),
    inequality(x * y - x - y + 2, True, **on((x, 0, 1), (y, 0, 1))),
    inequality(sp.exp(-(x**2)) - sp.Rational(1, 3), True, **on((x, 0, 1))),
    inequality(sp.tanh(x) - x / 2, True, **on((x, 0, 1))),
    inequality(sp.sinh(x) - x, True, strict=False, **on((x, 0, 2))),
    inequality(sp.sin(x) * sp.sin(y) + sp.Rational(101, 100), True, **on((x, -4, 4), (y, -4, 4))),
    inequality(sp.cos(3 * x) + sp.Rational(11, 10), True, **on((x, 0, 2))),
    inequality(x * sp.exp(-x) - sp.Rational(1, 3) + sp.Rational(1, 2), True, **on((x, 0, 3))),
    inequality(sp.sqrt(x + 1) - 1 - x / 3, True, **on((x, 0, 1))),
    inequality(x**3 - x + sp.Rational(2, 5), True, **on((x, 0, 1))),
    inequality(sp.exp(x) - sp.Rational(27, 10) * x, True, **on((x, 0, 2))),
    inequality(sp.sin(x) + sp.sin(2 * x) + 2, True, **on((x, 0, 6))),
    inequality(sp.log(sp.Rational(5, 2) + sp.sin(x * y)), True, **on((x, -2, 2), (y, -2, 2))),
    inequality(1 - x**2 - y**2 + sp.Rational(3, 2), True, **on((x, -1, 1), (y, -1, 1))),
    inequality(sp.gamma(x) - sp.Rational(17, 20), True, **on((x, 1, 3))),
    inequality(x**4 - 2 * x**2 + 1, True, strict=False, **on((x, -2, 2))),
    # false
    inequality(x**3 - x + sp.Rational(1, 4), False, **on((x, 0, 1))),
    inequality(sp.cos(3 * x) + sp.Rational(9, 10), False, **on((x, 0, 2))),
    inequality(x * sp.exp(-x) - sp.Rational(3, 10), False, **on((x, 0, 3))),
    inequality(sp.exp(x) - sp.Rational(28, 10) * x, False, **on((x, 0, 2))),
    inequality(sp.sin(x) - x + x**3 / 7, False, **on((x, 0, 1))),
    inequality(sp.cos(x) - 1 + x**2 / 3, False, **on((x, 0, 1))),
    inequality(x**2 - x + sp.Rational(24, 100), False, **on((x, 0, 1))),
    inequality(sp.log(1 + x) - x + x**2 / 3, False, **on((x, 0, 1))),
    inequality(2 * sp.sin(x) * sp.cos(y) + sp.Rational(19, 10), False, **on((x, 0, 3), (y, 0, 3))),
    inequality(x * y - x - y + sp.Rational(9, 10), False, **on((x, 0, 1), (y, 0, 1))),
    inequality(sp.exp(-(x**2)) - sp.Rational(2, 5), False, **on((x, 0, 1))),
    inequality(sp.tanh(x) - x * sp.Rational(4, 5), False, **on((x, 0, 1))),
    inequality(sp.sin(x) * sp.sin(y) + sp.Rational(99, 100), False, **on((x, -4, 4), (y, -4, 4))),
    inequality(sp.sqrt(x + 1) - 1 - x / 2, False, **on((x, 0, 1))),
    inequality(sp.sin(x) + sp.sin(2 * x) + sp.Rational(17, 10), False, **on((x, 0, 6))),
    inequality(1 - x**2 - y**2 + sp.Rational(9, 10), False, **on((x, -1, 1), (y, -1, 1))),
    inequality(sp.gamma(x) - sp.Rational(9, 10), False, **on((x, 1, 3))),
    inequality(x**4 - 2 * x**2 + sp.Rational(99, 100), False, strict=False, **on((x, -2, 2))),
    inequality(sp.sin(10 * x) + sp.Rational(999, 1000), False, **on((x, 0, 1))),
    inequality(x - sp.Rational(1, 10**6), False, **on((x, 0, 1))),
]

CLASSES = {
    "denominators": DENOMINATORS,
    "premises": PREMISES,
    "inputs": INPUTS,
    "budgets": BUDGETS,
    "floats": FLOATS,
    "boxes": BOXES,
}


# -------------------------------------------------------------------------- judge
def _exact(value: object) -> sp.Expr:
    """A counterexample's value as an exact SymPy number (an mpf is its binary value)."""
    if isinstance(value, mpmath.mpf):
        man, exp = value.man_exp  # the mantissa's magnitude
        return (-1 if value < 0 else 1) * sp.Integer(man) * sp.Integer(2) ** exp
    return sp.nsimplify(value) if isinstance(value, float) else sp.sympify(value)


def _value(expr: sp.Expr, point: dict) -> sp.Expr:
    """``expr`` at the point, by SymPy, to 60 digits (``nan`` where it has no value); a
    float is its exact binary value, as the API reads it."""
    expr = sp.sympify(expr)
    expr = expr.xreplace({f: sp.Rational(f) for f in expr.atoms(sp.Float)})
    if any(p.exp.is_Integer and abs(p.exp) > 1000 for p in expr.atoms(sp.Pow)):
        symbols = sorted(point, key=sp.default_sort_key)  # exactly, x^400000 takes minutes
        with mpmath.workdps(60):
            found = sp.lambdify(symbols, expr, "mpmath")(*(mpmath.mpf(point[v]) for v in symbols))
            return sp.Float(found, 60) if isinstance(found, mpmath.mpf) else sp.nan
    try:
        found = expr.subs(point).doit()
        return found.evalf(60) if found.is_number else sp.nan
    except (ZeroDivisionError, ValueError, TypeError):
        return sp.nan


def _finite(value: sp.Expr) -> bool:
    return bool(value.is_number and value.is_real and value.is_finite) and not value.has(
        sp.nan, sp.zoo
    )


def _inside(case: Case, point: dict) -> bool:
    for symbol, (lo, hi) in case.options.get("intervals", {}).items():
        value = point[symbol]
        low, high = (sp.Rational(e) if isinstance(e, float) else sp.sympify(e) for e in (lo, hi))
        if not (low < value < high) == sp.true:
            return False
    return True


def counterexample_holds(case: Case, verdict: symbolic.Verdict) -> bool:
    """The refutation re-verified: the point lies inside the open domain and the statement
    fails there at 60 digits (an identity: the sides differ, or one is undefined and the
    other is not; an inequality: the value is below 0, or 0 for a strict one)."""
    point = {k: _exact(v) for k, v in (verdict.counterexample or {}).items()}
    if not _inside(case, point):
        return False
    exprs = [sp.sympify(a) for a in case.args]
    if case.kind == "identity":
        left, right = (_value(e, point) for e in exprs)
        if _finite(left) != _finite(right):
            return True
        scale = max(1, abs(left), abs(right)) if _finite(left) else 1
        return _finite(left) and abs(left - right) > sp.Float(10) ** -40 * scale
    equality = case.options.get("equality")
    value = _value(exprs[0], point)
    if not _finite(value):
        return False
    if equality and verdict.detail.startswith("not 0 on the stated"):
        return abs(_value(exprs[0], {**point, **equality})) > sp.Float(10) ** -40
    strict = case.options.get("strict", True)
    return bool(value < 0) or (strict and value == 0)


@dataclass
class Tally:
    """What a corpus run found."""

    proven: int = 0
    true: int = 0
    refuted: int = 0
    false: int = 0
    wrong: list = field(default_factory=list)


def judge(cases: list[Case], record: Callable[[str], None] = print) -> Tally:
    """Run every case; collect every breach of the standards in ``wrong``."""
    tally = Tally()
    for number, case in enumerate(cases):
        start = time.perf_counter()
        try:
            verdict = case.run()
        except Exception as error:  # noqa: BLE001 - a raw exception is what we look for
            tally.wrong.append((number, f"raised {type(error).__name__}: {error}"))
            continue
        elapsed = time.perf_counter() - start
        if elapsed > case.options.get("budget", 30) + SLACK:
            tally.wrong.append((number, f"took {elapsed:.1f} s"))
        if case.true:
            tally.true += 1
            tally.proven += verdict.status == "proven"
            if verdict.status == "refuted":
                tally.wrong.append((number, f"false refutation: {verdict.counterexample}"))
        else:
            tally.false += 1
            if verdict.status == "proven":
                tally.wrong.append((number, f"false proof: {verdict.detail}"))
            if verdict.status == "refuted":
                if counterexample_holds(case, verdict):
                    tally.refuted += 1
                else:
                    tally.wrong.append((number, f"unverified refutation: {verdict.counterexample}"))
    record(
        f"{tally.proven}/{tally.true} true proven, {tally.refuted}/{tally.false} false refuted, "
        f"{len(tally.wrong)} breaches"
    )
    return tally
