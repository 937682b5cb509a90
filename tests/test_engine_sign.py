"""The sign step's rules found by machine: roots of a variable renamed, a log of a ratio
compared to 1, and a derivative's sign from an end or a zero of f' (nested)."""

import pytest
import sympy as sp

from symbolic import check_inequality
from symbolic.engine import kernel
from symbolic.engine.domain import Domain, Interval
from symbolic.engine.roots import rootless_sign
from symbolic.engine.rules import DerivativeSign, derivative_sign

x, y = sp.symbols("x y")
R = sp.Rational
POS = {x: (0, sp.oo), y: (0, sp.oo)}


@pytest.mark.parametrize(
    "expr,strict,intervals",
    [
        ((x + y) / 2 - sp.sqrt(x * y), False, POS),  # AM-GM: x = a², y = b²
        (sp.log((x + y) / 2) - (sp.log(x) + sp.log(y)) / 2, False, POS),  # log of a ratio
        (x - sp.log(1 + x), False, {x: (-1, sp.oo)}),  # zero of f' at 0
        (x - sp.log(1 + x), True, {x: (0, sp.oo)}),  # from the end 0
        (x - 1 - sp.log(x), False, {x: (0, sp.oo)}),
        (sp.exp(x) - 1 - x - x**2 / 2, True, {x: (0, sp.oo)}),  # three derivatives deep
    ],
)
def test_true_inequalities_are_proven(expr, strict, intervals):
    verdict = check_inequality(expr, strict=strict, intervals=intervals)
    assert verdict.status == "proven", verdict


@pytest.mark.parametrize(
    "expr,strict,intervals",
    [
        ((x + y) / 2 - sp.sqrt(x * y), True, POS),  # 0 where x = y
        (sp.sqrt(x * y) - (x + y) / 2, False, POS),
        ((sp.log(x) + sp.log(y)) / 2 - sp.log((x + y) / 2), False, POS),
        (x - sp.log(1 + x), True, {x: (-1, sp.oo)}),  # 0 at x = 0
        (x - 1 - sp.log(x) - R(1, 10**40), False, {x: (0, sp.oo)}),
        (sp.exp(x) - 1 - x - x**2 / 2 - x**3 / 5, True, {x: (0, sp.oo)}),
    ],
)
def test_false_inequalities_are_not_proven(expr, strict, intervals):
    assert check_inequality(expr, strict=strict, intervals=intervals).status == "refuted"


@pytest.mark.parametrize(
    "expr,lo,hi",
    [
        (sp.tan(x), 0, sp.pi),  # f' = 1 + tan² > 0, f(0) = 0, yet tan < 0 past π/2
        (-1 / (x - R(1, 2)) - 2, 0, 1),  # f' > 0 but a pole at 1/2
    ],
)
def test_the_kernel_never_proves_through_a_discontinuity(expr, lo, hi):
    domain = Domain(intervals=(Interval(x, lo, hi),))
    assert not derivative_sign(expr, domain, True).proven
    assert not DerivativeSign(variable=x, at=lo).prove(expr, domain, True, None).proven


def test_log_of_a_ratio_needs_positive_arguments():
    # log(x) − log(y) ≥ 0 fails for x < y: the ratio test must see x − y, not prove it
    assert not kernel.sign(
        sp.log(x) - sp.log(y), Domain(intervals=(Interval(x, 0, 1), Interval(y, 0, 1))), False
    ).proven


@pytest.mark.parametrize(
    "expr,lo,hi,proven",
    [
        (x**2 - x + 1, -sp.oo, sp.oo, True),
        (x**4 - x + 1, -sp.oo, sp.oo, True),
        (x**3 - 3 * x + R(21, 10), 0, 2, True),  # minimum 0.1 at x = 1
        (x - 1, 1, 2, True),  # the root sits on the (open) end
        (x**3 - 3 * x + R(19, 10), 0, 2, False),  # minimum −0.1 at x = 1
        ((x - R(1, 3)) ** 2, 0, 1, False),
        (1 / (x - R(1, 2)), 0, 1, False),
        (x - 1, 0, 2, False),
        (-(x**2) - 1, -sp.oo, sp.oo, False),  # no root, negative
    ],
)
def test_no_root_in_the_interval_proves_exactly_what_holds(expr, lo, hi, proven):
    domain = Domain(intervals=(Interval(x, lo, hi),))
    assert rootless_sign(expr, domain, True).proven is proven
