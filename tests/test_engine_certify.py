"""Certified refutations: sums in mpmath, cancellation is not a counterexample, tiny true
differences are found, quadrature needs its error estimate, limits along a sequence."""

import mpmath
import pytest
import sympy as sp

from symbolic import check_identity, check_limit
from symbolic.engine.certify import Uncertain, compile_mpmath, values_at
from symbolic.engine.domain import Point

x, n = sp.symbols("x n")
k = sp.Symbol("k", integer=True, positive=True)


def test_sums_are_evaluated_in_mpmath_not_floats():
    compiled = compile_mpmath([sp.Sum(1 / k, (k, 1, 3)), sp.Sum(sp.Rational(1, 3) ** k, (k, 1, 2))])
    with mpmath.workdps(50):
        harmonic, geometric = values_at(compiled, Point({}))
        assert harmonic == mpmath.mpf(11) / 6
        assert abs(geometric - mpmath.mpf(4) / 9) < mpmath.mpf(10) ** -49
    assert check_identity(sp.Sum(1 / k, (k, 1, 3)), sp.Rational(11, 6)).status == "proven"


def test_cancellation_at_huge_points_is_not_a_counterexample():
    verdict = check_identity((x**4 + 1) ** 2 - x**8, 2 * x**4 + 1, intervals={x: (0, sp.oo)})
    assert verdict.status == "proven"
    close = (x**4 + 1) ** 2 - x**8 - 2 * x**4 - 1 + sp.exp(-x)
    assert (
        check_identity(
            close + 2 * x**4 + 1, (x**4 + 1) ** 2 - x**8 + sp.exp(-x), intervals={x: (0, sp.oo)}
        ).status
        != "refuted"
    )


@pytest.mark.parametrize(
    "rhs", [x + sp.Rational(1, 10**60), x + sp.Float("1e-60"), x * (1 + sp.Rational(1, 10**40))]
)
def test_tiny_differences_are_refuted_with_a_certified_point(rhs):
    verdict = check_identity(x, rhs, intervals={x: (0, 1)})
    assert verdict.status == "refuted"
    point = verdict.counterexample[x]
    assert 0 < point < 1


def test_refutation_of_a_non_interval_function_persists_with_precision():
    lhs, rhs = sp.polygamma(1, x + 1), sp.polygamma(1, x) - 1 / x**2
    assert (
        check_identity(lhs, rhs + sp.Rational(1, 10**45), intervals={x: (0, 10)}).status
        == "refuted"
    )
    assert check_identity(lhs, rhs, intervals={x: (0, 10)}).status != "refuted"


def test_quadrature_without_a_small_error_estimate_is_uncertain():
    t = sp.Symbol("t")
    compiled = compile_mpmath([sp.Integral(sp.sin(1 / t) / t, (t, 0, 1))])
    with mpmath.workdps(30), pytest.raises(Uncertain):
        values_at(compiled, Point({}))


def test_limits_along_a_sequence():
    assert check_limit(1 / sp.log(n), n, 0).status == "proven"
    assert check_limit(1 / sp.log(sp.log(n)), n, 0).status != "refuted"
    assert check_limit(1 + 1 / n, n, 2).status == "refuted"
    assert check_limit(sp.sin(x) / x, x, 1, point=0).status == "proven"
