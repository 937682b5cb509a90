"""Inequalities false only at one point, in a tiny region or at one corner of the box are
refuted at an exact or certified point; their true neighbours are not."""

import pytest
import sympy as sp

from symbolic import check_inequality
from symbolic.engine.domain import Domain, Interval
from symbolic.engine.roots import exact_violation

x, y = sp.symbols("x y")
R = sp.Rational
UNIT = {x: (0, 1)}


@pytest.mark.parametrize(
    "expr,strict,intervals,where",
    [
        ((x - R(1, 3)) ** 2, True, UNIT, R(1, 3)),  # zero at one interior point only
        ((x - R(1, 3)) ** 2 - R(1, 10**6), False, UNIT, None),  # negative on (1/3 ± 1e-3)
        ((x - 2) ** 2 - R(1, 10**40), False, {x: (0, sp.oo)}, None),
        (1 / (x - R(1, 2)), False, UNIT, None),  # a pole inside
        (x - 1, False, {x: (0, sp.pi / 2)}, None),
    ],
)
def test_one_variable_inequality_refuted_at_an_exact_point(expr, strict, intervals, where):
    verdict = check_inequality(expr, strict=strict, intervals=intervals)
    assert verdict.status == "refuted"
    point = verdict.counterexample[x]
    if where is not None:
        assert point == where
    value = expr.subs(x, sp.Rational(point) if isinstance(point, sp.Rational) else point)
    assert value < 0 or (strict and value == 0)


@pytest.mark.parametrize(
    "expr,strict,intervals",
    [
        ((x - R(1, 3)) ** 2, False, UNIT),
        (x * (1 - x), True, UNIT),
        ((x - 2) ** 2 + R(1, 10**40), True, {x: (0, sp.oo)}),
        (x + 1 / x - 2, False, {x: (0, sp.oo)}),
    ],
)
def test_true_one_variable_inequalities_are_not_refuted(expr, strict, intervals):
    assert check_inequality(expr, strict=strict, intervals=intervals).status != "refuted"


def test_irrational_double_root_is_not_claimed():
    domain = Domain(intervals=(Interval(x, -2, 2),))
    assert exact_violation((x**2 - 2) ** 2, domain, True) is None


def test_the_other_mixed_corner_is_tried():
    # x − y + 0.999 > 0 fails only where x is near 0 and y near 1
    verdict = check_inequality(x - y + R(999, 1000), intervals={x: (0, 1), y: (0, 1)})
    assert verdict.status == "refuted"
    point = verdict.counterexample
    assert point[x] - point[y] + R(999, 1000) < 0
    assert check_inequality(x - y + 1, intervals={x: (0, 1), y: (0, 1)}).status == "proven"


def test_an_exact_minimum_at_a_zero_of_the_derivative_refutes():
    # x log x + 1/e − 10⁻¹² dips below 0 only within 1e-6 of 1/e
    expr = x * sp.log(x) + sp.exp(-1) - R(1, 10**12)
    verdict = check_inequality(expr, strict=False, intervals={x: (0, 3)}, budget=20)
    assert verdict.status == "refuted" and verdict.seconds < 15
    assert verdict.counterexample == {x: sp.exp(-1)}
    assert check_inequality(expr + R(1, 10**12), strict=False, intervals={x: (0, 3)}).status == (
        "proven"
    )
