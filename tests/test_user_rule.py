"""A user's Φ: Savage's rule after a convexity check; bad Φ and improper rules are refused."""

import pytest
import sympy as sp

from symbolic.errors import GrpoSigmaError
from symbolic.ledger.user_rule import check_propriety, user_rule
from symbolic.note import model as m

x1, x2, x3 = sp.symbols("x1 x2 x3", positive=True)


def test_a_quadratic_potential_gives_the_brier_rule():
    made = user_rule((x1**2 + x2**2 + x3**2 - 1) / 2, (x1, x2, x3))
    assert made.convexity.status == "proven"
    phat = m.vector_of(m.phat)
    for a in (1, 2, 3):
        mine = made.rule.score(phat, sp.Integer(a), 3)
        brier = m.BRIER_RULE.score(phat, sp.Integer(a), 3)
        assert sp.simplify((mine - brier).subs(m.phat[3], 1 - m.phat[1] - m.phat[2])) == 0


def test_negative_entropy_is_strictly_convex_on_the_simplex():
    made = user_rule(x1 * sp.log(x1) + x2 * sp.log(x2) + x3 * sp.log(x3), (x1, x2, x3))
    assert made.convexity.status in ("proven", "unknown")
    assert made.convexity.status != "refuted"


@pytest.mark.parametrize(
    "potential,why",
    [
        (-(x1**2) - x2**2, "not strictly convex"),
        (x1, "not strictly convex"),
        (sp.sin(3 * x1), "not strictly convex"),
    ],
)
def test_a_potential_that_is_not_strictly_convex_is_refused(potential, why):
    with pytest.raises(GrpoSigmaError, match=why) as error:
        user_rule(potential, (x1, x2))
    assert "\n" not in str(error.value) and "x1=" in str(error.value)


@pytest.mark.parametrize(
    "potential,variables,message",
    [
        ("x1**2", (x1, x2), "SymPy expression"),
        (x1**2 + x3, (x1, x2), "x3, which is not one of its variables"),
        (x1**2, (x1,), "at least two"),
        (x1**2, (x1, x1), "distinct"),
    ],
)
def test_bad_potentials_are_one_line_errors(potential, variables, message):
    with pytest.raises(GrpoSigmaError, match=message):
        user_rule(potential, variables)


def test_the_linear_score_is_refuted_as_improper_with_a_certified_point():
    verdict = check_propriety(m.LINEAR_RULE)
    assert verdict.status == "refuted" and verdict.counterexample
    assert check_propriety(m.BRIER_RULE, 3).status != "refuted"
    assert check_propriety(m.SPHERICAL_RULE, 2).status != "refuted"


def test_propriety_needs_two_outcomes():
    with pytest.raises(GrpoSigmaError, match="at least 2 outcomes"):
        check_propriety(m.BRIER_RULE, 1)
