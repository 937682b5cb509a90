"""``check_identity``: anyone's identity comes back proven, refuted with a point, or unknown."""

import mpmath
import pytest
import sympy as sp

from symbolic import GrpoSigmaError, check_identity

x, y, z, t = sp.symbols("x y z t")


def test_true_identity_is_proven():
    verdict = check_identity(sp.log(x * y), sp.log(x) + sp.log(y), intervals={x: (0, 1), y: (0, 5)})
    assert verdict.status == "proven"
    assert verdict.counterexample is None
    assert verdict.worst_residual < mpmath.mpf("1e-45")


def test_wrong_identity_is_refuted_with_a_counterexample():
    verdict = check_identity(sp.log(x * y), sp.log(x) - sp.log(y), intervals={x: (0, 1), y: (0, 5)})
    assert verdict.status == "refuted"
    point = verdict.counterexample
    assert set(point) == {x, y}
    with mpmath.workdps(50):
        assert (
            abs(mpmath.log(point[x] * point[y]) - (mpmath.log(point[x]) - mpmath.log(point[y])))
            > 1e-10
        )


def test_simplex_constraint_is_used_in_the_proof():
    verdict = check_identity(x + y + z, 1, simplices=[[x, y, z]])
    assert verdict.status == "proven"


def test_without_the_simplex_the_same_identity_is_refuted():
    verdict = check_identity(x + y + z, 1, intervals={x: (0, 1), y: (0, 1), z: (0, 1)})
    assert verdict.status == "refuted"


def test_true_identity_the_engine_cannot_prove_is_unknown_not_proven():
    # Γ(t+1) = t Γ(t) after rewriting as an integral is beyond the engine's reductions:
    lhs = sp.Integral(sp.exp(-z) * z**t, (z, 0, sp.oo))
    verdict = check_identity(lhs, sp.gamma(t + 1), intervals={t: (1, 3)}, budget=0.5)
    assert verdict.status in {"proven", "unknown"}
    assert verdict.status != "refuted"


def test_near_boundary_points_are_checked():
    # log(1 - x) ≈ -x is exact to many digits except away from 0: refuted somewhere.
    verdict = check_identity(sp.log(1 - x), -x, intervals={x: (0, 1)})
    assert verdict.status == "refuted"


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"intervals": {x: (0, 1)}}, "no interval, simplex or size given for: y"),
        ({"intervals": {x: (1, 0), y: (0, 1)}}, "empty"),
        ({"intervals": {x: (0,), y: (0, 1)}}, "pair"),
        ({"simplices": [[x]], "intervals": {y: (0, 1)}}, "two or more"),
    ],
)
def test_bad_domains_raise_the_package_error(kwargs, message):
    with pytest.raises(GrpoSigmaError, match=message):
        check_identity(x + y, y + x, **kwargs)


def test_the_budget_covers_rebuilding_a_large_statement():
    """Rebuilding 3000 variables on fresh symbols and screening for an undefined side take
    seconds: they count against the one budget of the call."""
    import time

    import sympy as sp

    from symbolic import check_identity, check_inequality

    xs = sp.symbols("x0:3000")
    box = {x: (0, 1) for x in xs}
    lhs, rhs = sp.Add(*[x**2 for x in xs]), sp.Add(*[x * (x + 1) - x for x in xs])
    for check, args in ((check_identity, (lhs, rhs)), (check_inequality, (lhs + 1,))):
        start = time.perf_counter()
        verdict = check(*args, intervals=box, budget=1)
        assert time.perf_counter() - start < 2.5
        assert verdict.status in ("proven", "unknown")
