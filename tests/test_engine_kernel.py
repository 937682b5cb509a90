"""The kernel: what counts as proven, named rules with machine-matched premises, budgets."""

import threading
import time

import pytest
import sympy as sp

from symbolic import GrpoSigmaError
from symbolic.engine.budget import ProofTimeout, deadline
from symbolic.engine.domain import Domain, Interval
from symbolic.engine.obligations import Identity, Inequality, Limit
from symbolic.engine.rules import DerivativeSign, Monotone

y, t, d = sp.symbols("y t d", positive=True)
UNIT = Domain(intervals=(Interval(y, sp.Integer(0), sp.Integer(1)),))


def test_obligations_have_required_fields():
    with pytest.raises(TypeError):
        Identity()  # no lhs, rhs or domain: nothing to prove, not 0 = 0
    with pytest.raises(TypeError):
        Identity(Domain(), sp.Integer(0), sp.Integer(0))  # keyword only


def test_budget_covers_the_whole_check_and_gives_unknown():
    """Γ(y)Γ(1−y) = π/sin(πy) needs simplify: cut short it is "unknown", never "proven"."""
    y = sp.Dummy("y", positive=True)  # a symbol of its own: nothing cached from other tests
    UNIT = Domain(intervals=(Interval(y, sp.Integer(0), sp.Integer(1)),))
    hard = Identity(
        label="hard", lhs=sp.gamma(y) * sp.gamma(1 - y), rhs=sp.pi / sp.sin(sp.pi * y), domain=UNIT
    )
    rushed = hard.check(budget=0.01)
    assert rushed.status == "unknown"
    assert "budget" in rushed.detail
    assert hard.check(budget=60).status == "proven"


def test_budget_is_honoured_off_the_main_thread():
    y = sp.Dummy("y", positive=True)
    UNIT = Domain(intervals=(Interval(y, sp.Integer(0), sp.Integer(1)),))
    hard = Identity(  # an identity of its own, so that no SymPy cache makes it quick
        lhs=sp.gamma(y) * sp.gamma(1 - y) * sp.exp(y**3 + 7),
        rhs=sp.pi * sp.exp(y**3 + 7) / sp.sin(sp.pi * y),
        domain=UNIT,
    )
    verdicts = []
    worker = threading.Thread(target=lambda: verdicts.append(hard.check(budget=0.001)))
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert verdicts[0].status == "unknown" and "budget" in verdicts[0].detail


def test_a_swallowed_timeout_is_raised_again():
    """A timeout lost where Python ignores exceptions (a weakref callback) is raised again
    until honoured, and none arrives once the block is left."""
    swallowed, start = [], time.monotonic()
    with pytest.raises(ProofTimeout):
        with deadline(0.05):
            while time.monotonic() - start < 10:
                try:
                    while time.monotonic() - start < 10:
                        pass
                except ProofTimeout:
                    if swallowed:
                        raise
                    swallowed.append(time.monotonic() - start)
    assert len(swallowed) == 1 and time.monotonic() - start < 5
    time.sleep(0.3)  # a late raise would surface here


@pytest.mark.parametrize("dps", [0, 2, 14, 1001, 100000, 50.5, True])
def test_dps_is_validated(dps):
    with pytest.raises(GrpoSigmaError, match="dps"):
        Identity(lhs=y, rhs=y, domain=UNIT).check(dps=dps)


@pytest.mark.parametrize("budget", [0, -1, float("inf"), float("nan"), "5"])
def test_budget_is_validated(budget):
    with pytest.raises(GrpoSigmaError, match="budget"):
        Identity(lhs=y, rhs=y, domain=UNIT).check(budget=budget)


def test_derivative_sign_rule_builds_and_proves_its_premises():
    proven = Inequality(expr=-sp.log(y), domain=UNIT, rule=DerivativeSign(variable=y, at=1))
    verdict = proven.check()
    assert verdict.status == "proven"
    assert any("derivative sign" in step for step in verdict.trace)
    # The rule does not trust the conclusion: at the wrong point its premise f(c) = 0 fails.
    wrong = Inequality(expr=1 - y, domain=UNIT, rule=DerivativeSign(variable=y, at=0))
    assert wrong.check().status != "proven"


def test_equality_set_is_stated_and_matched():
    h = y - 1 - sp.log(y)
    domain = Domain(intervals=(Interval(y, sp.Integer(0), sp.oo),))
    rule = DerivativeSign(variable=y, at=1)
    right = Inequality(expr=h, strict=False, equality={y: 1}, domain=domain, rule=rule)
    assert right.check().status == "proven"
    # Strict positivity is false at y = 1: refuted at the certified point, never proven.
    strict = Inequality(expr=h, domain=domain, rule=rule)
    assert strict.check().status != "proven"
    misplaced = Inequality(expr=h, strict=False, equality={y: 2}, domain=domain, rule=rule)
    assert misplaced.check().status == "refuted"


def test_monotone_rule_checks_the_difference_and_the_slope():
    domain = Domain(intervals=(Interval(t, 0, 20), Interval(d, 0, 20)))
    psi1 = sp.Lambda(y, sp.polygamma(1, y))
    on = Interval(y, sp.Integer(0), sp.oo)
    right = Inequality(
        expr=sp.polygamma(1, t) - sp.polygamma(1, t + d),
        domain=domain,
        rule=Monotone(function=psi1, lower=t, upper=t + d, on=on),
    )
    assert right.check().status == "proven"
    swapped = Inequality(
        expr=sp.polygamma(1, t + d) - sp.polygamma(1, t),
        domain=domain,
        rule=Monotone(function=psi1, lower=t, upper=t + d, on=on),
    )
    assert swapped.check().status == "refuted"


def test_slope_rules_need_a_continuous_function():
    """f' > 0 everywhere does not make f increasing across a jump: −atan(1/(y − a)) has
    f' = 1/(1 + (y − a)²) and falls by π at y = a; the rules themselves must refuse."""
    v, a = sp.symbols("v a")
    both = Domain(intervals=(Interval(v, 0, 1), Interval(a, 0, 1)))
    jump = -sp.atan(1 / (v - a)) - sp.atan(1 / a)  # 0 at v = 0, < 0 just past v = a
    assert not DerivativeSign(variable=v, at=0).prove(jump, both, True, None).proven
    assert DerivativeSign(variable=v, at=0).prove(sp.log(1 + v * a), both, True, None).proven
    step = sp.Lambda(v, -sp.atan(1 / (v - sp.Rational(1, 2))))
    quarter, three = sp.Rational(1, 4), sp.Rational(3, 4)
    unit = Domain(intervals=(Interval(a, 0, 1),))
    falls = Monotone(function=step, lower=quarter, upper=three, on=Interval(v, 0, 1))
    assert not falls.prove(step(three) - step(quarter), unit, True, None).proven
    grows = Monotone(function=sp.Lambda(v, sp.log(v)), lower=quarter, upper=three, on=falls.on)
    assert grows.prove(sp.log(three) - sp.log(quarter), unit, True, None).proven


def test_log_of_a_product_needs_positive_arguments():
    x = sp.Symbol("x")
    positive = Domain(intervals=(Interval(x, 0, 1),))
    mixed = Domain(intervals=(Interval(x, -1, 1),))
    same = {"lhs": sp.log(x**2 * y), "rhs": 2 * sp.log(x) + sp.log(y)}
    assert (
        Identity(domain=Domain(intervals=(*positive.intervals, *UNIT.intervals)), **same)
        .check()
        .status
        == "proven"
    )
    assert (
        Identity(domain=Domain(intervals=(*mixed.intervals, *UNIT.intervals)), **same)
        .check()
        .status
        != "proven"
    )


def test_limit_is_refuted_only_when_it_settles_elsewhere():
    n = sp.Symbol("n", positive=True)
    assert (
        Limit(expr=1 / sp.log(n), variable=n, value=0, domain=Domain()).check().status == "proven"
    )
    assert (
        Limit(expr=1 / sp.log(n) + 1, variable=n, value=0, domain=Domain()).check().status
        == "refuted"
    )
