"""Limits along their approach: cancellation far along is never a counterexample, and a
limit SymPy computes refutes a stated value that differs from it, however slow or close."""

import pytest
import sympy as sp

from symbolic import check_limit

x, n, a = sp.symbols("x n a")
R = sp.Rational


@pytest.mark.parametrize(
    "expr,variable,value,point",
    [
        ((1 - sp.cos(x**4)) / x**8, x, R(1, 2), 0),  # all 150 digits cancel at 1e-25
        (n**8 * (1 - sp.cos(1 / n**4)), n, R(1, 2), sp.oo),
        (n**16 * (1 - sp.cos(n**-8)), n, R(1, 2), sp.oo),
        (sp.log(n) / n ** R(1, 100), n, 0, sp.oo),  # still 23 at n = 1e100
        (1 / sp.log(sp.log(n)), n, 0, sp.oo),
    ],
)
def test_true_limits_with_cancellation_or_slow_convergence_are_not_refuted(
    expr, variable, value, point
):
    assert check_limit(expr, variable, value, point=point).status == "proven"


@pytest.mark.parametrize(
    "expr,variable,value,point",
    [
        (n ** (1 / n), n, 1 + R(1, 10**30), sp.oo),  # a difference of 1e-30
        ((1 - sp.cos(x)) / x**2, x, R(5001, 10000), 0),
        (1 / sp.log(n), n, R(1, 1000), sp.oo),  # still 0.0043 at n = 1e100
        (1 / sp.log(sp.log(n)), n, R(1, 100), sp.oo),
        (sp.log(sp.log(n)), n, 0, sp.oo),  # diverges
        (-sp.log(n), n, -5, sp.oo),
        (sp.sqrt(n) / sp.log(n) ** 3, n, 10**6, sp.oo),  # diverges, still 0.38 at n = 1e6
        ((1 + 1 / n) ** n, n, 3, sp.oo),
        (sp.harmonic(n) - sp.log(n), n, R(1, 2), sp.oo),  # no interval harmonic
        (n**8 * (1 - sp.cos(1 / n**4)), n, R(1, 2) + R(1, 10**8), sp.oo),  # lost far along
    ],
)
def test_wrong_limits_are_refuted(expr, variable, value, point):
    verdict = check_limit(expr, variable, value, point=point)
    assert verdict.status == "refuted", verdict


def test_a_wrong_parametric_limit_names_the_parameter():
    verdict = check_limit((1 + a / n) ** n, n, sp.exp(a) + R(1, 10**20), intervals={a: (0, 5)})
    assert verdict.status == "refuted"
    assert set(verdict.counterexample) == {a}


def test_the_numbers_along_an_approach_reach_past_every_fixed_scale():
    from symbolic.engine.approach import agrees, reliable_values
    from symbolic.engine.certify import compile_mpmath
    from symbolic.engine.domain import Point

    t = sp.Symbol("t", positive=True)
    f = t / (t + 10**200)
    for limit, agreeing in ((1, True), (0, False)):
        compiled = compile_mpmath([f, f - limit])
        values = reliable_values(compiled, Point({}), t, sp.oo, "-", 50)
        assert values[-1][0] >= 256  # 10^256, past the transient at 10^200
        assert agrees(values, sp.Integer(limit)) is agreeing


@pytest.mark.parametrize(
    "expr,value,true",
    [
        (n / (n + 10**200), 1, True),  # still 1e-75 at n = 1e125: numbers never refute it
        (n / (n + 10**200), 0, False),
        (sp.log(n) / (sp.log(n) + 10**6), 1, True),
        (sp.log(n) / (sp.log(n) + 10**6), 0, False),
    ],
)
def test_a_late_transient_is_judged_by_its_limit_not_by_fixed_far_points(expr, value, true):
    assert check_limit(expr, n, value).status == ("proven" if true else "refuted")


@pytest.mark.parametrize(
    "expr,value",
    [
        (sp.Abs(sp.cos(3 * n)) ** (1 / n), 1),  # SymPy: 1; 0 along 3n = π/2 + 2πk
        (1 / (1 + n**3 * sp.cos(n) ** 2), 0),  # SymPy: 0; 1 along n = π/2 + 2πk
        (sp.Abs(sp.sin(n)) ** (1 / sp.log(n)), 1),
    ],
)
def test_a_limit_sympy_gets_wrong_is_refuted_along_a_subsequence(expr, value):
    verdict = check_limit(expr, n, value)
    assert verdict.status == "refuted" and "k an integer" in verdict.detail


def test_a_monotone_tail_refutes_a_limit_sympy_cannot_take():
    verdict = check_limit(sp.polylog(2, -n), n, -7)
    assert verdict.status == "refuted" and "monotone" in verdict.detail


def test_two_sided_limits_need_both_sides():
    assert check_limit(sp.Abs(x) / x, x, 1, point=0).status == "refuted"
    assert check_limit(sp.Abs(x) / x, x, 1, point=0, direction="+").status == "proven"
    assert check_limit(x * sp.log(x), x, 0, point=0).status == "proven"  # real from the right
