"""The proof engine's own guarantees: chains, budgets, and what counts as proven."""

import pytest
import sympy as sp

from symbolic import GrpoSigmaError
from symbolic.engine.domain import Domain, Interval
from symbolic.engine.obligations import Identity, Positive, canonical, resolve_chains

y = sp.Symbol("y", positive=True)
UNIT = Domain(intervals=(Interval(y, sp.Integer(0), sp.Integer(1)),))


def test_chain_is_proven_only_when_its_premises_are():
    premise = Identity(label="premise", lhs=sp.log(y**2), rhs=2 * sp.log(y), domain=UNIT)
    wrong = Identity(label="wrong premise", lhs=sp.log(y**2), rhs=sp.log(y), domain=UNIT)
    claim = Positive(label="claim", expr=-sp.log(y), domain=UNIT, via=("premise",))
    leaning = Positive(label="leaning", expr=-sp.log(y), domain=UNIT, via=("wrong premise",))
    checked = [(ob, ob.check()) for ob in (premise, wrong, claim, leaning)]
    statuses = [v.status for v in resolve_chains(checked)]
    assert statuses == ["proven", "refuted", "proven", "unknown"]


def test_chain_naming_a_missing_obligation_is_an_error():
    claim = Positive(label="claim", expr=-sp.log(y), domain=UNIT, via=("nowhere",))
    with pytest.raises(GrpoSigmaError, match="rests on unknown obligations"):
        resolve_chains([(claim, claim.check())])


def test_time_budget_gives_unknown_not_a_hang():
    """Γ(y)Γ(1−y) = π/sin(πy) needs simplify: cut short it is "unknown", never "proven"."""
    hard = Identity(
        label="hard", lhs=sp.gamma(y) * sp.gamma(1 - y), rhs=sp.pi / sp.sin(sp.pi * y), domain=UNIT
    )
    rushed = hard.check(budget=0.01)
    assert rushed.status == "unknown"
    assert "budget" in rushed.detail
    assert rushed.worst_residual < 1e-45  # the cross-check still ran: true, just not proven
    assert hard.check(budget=30).status == "proven"


def test_canonical_form_identifies_renamed_and_split_sums():
    g, h, n = sp.symbols("g h n", integer=True, positive=True)
    x = sp.IndexedBase("x")
    left = sp.Sum(x[g] * x[h], (g, 1, n), (h, 1, n))
    right = sp.Sum(x[g], (g, 1, n)) ** 2
    assert canonical(left - right) == 0
    assert canonical(sp.Sum(3 * x[g] + 2, (g, 1, n)) - 3 * sp.Sum(x[h], (h, 1, n)) - 2 * n) == 0
    assert canonical(left - 2 * right) != 0
