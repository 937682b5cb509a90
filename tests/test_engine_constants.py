"""A statement without variables is checked at one point, and a difference that SymPy
reduces to a nonzero constant (an integral's closed form, a finite sum) is refuted at once,
however small, once the numbers agree with it."""

import mpmath
import sympy as sp

from symbolic import check_identity
from symbolic.engine.domain import Domain, Interval, SizeRange, every_point

t, x = sp.symbols("t x")
K = sp.Symbol("K", integer=True, positive=True)
k = sp.Symbol("k", integer=True, positive=True)
GAUSS = sp.Integral(sp.exp(-(t**2)), (t, 0, sp.oo))


def test_a_domain_without_atoms_has_one_point_per_size():
    with mpmath.workdps(30):
        assert len(list(every_point(Domain(), 1))) == 1
        sized = Domain(sizes=(SizeRange(K, 1),))
        assert len(list(every_point(sized, 1))) == len(sized.instances())
        assert len(list(every_point(Domain(intervals=(Interval(x, 0, 1),)), 1))) > 1


def test_an_integral_off_by_a_tiny_constant_is_refuted_in_seconds():
    wrong = check_identity(GAUSS, sp.sqrt(sp.pi) / 2 + sp.Rational(1, 10**25), budget=20)
    assert wrong.status == "refuted" and wrong.seconds < 10
    assert check_identity(GAUSS, sp.sqrt(sp.pi) / 2).status == "proven"
    arctan = sp.Integral(1 / (1 + t**2), (t, 0, sp.oo))  # exactly pi/2: no evalf hunt for 0
    true = check_identity(arctan, sp.pi / 2, budget=20)
    assert true.status == "proven" and true.seconds < 10


def test_a_constant_difference_is_refuted_at_a_point_of_the_domain():
    verdict = check_identity(x**2 + sp.Rational(1, 10**200), x**2, intervals={x: (0, 1)})
    assert verdict.status == "refuted"
    assert 0 < verdict.counterexample[x] < 1
    harmonic = sp.Sum(1 / k, (k, 1, 10))
    assert check_identity(harmonic, sp.Rational(7381, 2520) + sp.Rational(1, 10**40)).status == (
        "refuted"
    )
    assert check_identity(harmonic, sp.Rational(7381, 2520)).status == "proven"
