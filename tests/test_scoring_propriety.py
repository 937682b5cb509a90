"""Perturbed versions of the propriety claims are refuted: improper rules, flipped signs,
swapped arguments, predictions below 1/2, tied groups."""

from dataclasses import replace

import pytest
import sympy as sp
from perturb import assert_refuted, obligation

from symbolic.engine.domain import Domain, Interval
from symbolic.engine.rules import _substitute
from symbolic.ledger import scoring_mechanism as sm
from symbolic.ledger import scoring_propriety as sp_
from symbolic.ledger.scoring_mechanism import pair
from symbolic.note import model as m

TARGET, PREDICTION = pair(m.p_scalar), pair(sp_.odds_prediction())


def test_the_linear_score_is_not_strictly_proper():
    ob = obligation("strict_propriety", "spherical, K = 2")
    linear = m.generalized_divergence(m.LINEAR_RULE, TARGET, PREDICTION, 2)
    assert_refuted(replace(ob, expr=linear))


@pytest.mark.parametrize(
    "label", ["log, every K", "brier, every K", "spherical, every K", "spherical, K = 2", "Φ_γ"]
)
def test_propriety_with_the_sign_flipped(label):
    ob = obligation("strict_propriety", label)
    assert_refuted(replace(ob, expr=-ob.expr))


@pytest.mark.parametrize("rule", [m.SPHERICAL_RULE, sp_.TSALLIS_RULE])
def test_propriety_with_target_and_prediction_swapped_in_one_expectation(rule):
    """E_p[S(p, a)] − E_p̂[S(p̂, a)] = H_S(p̂) − H_S(p): the difference of two entropies."""
    ob = obligation("strict_propriety", "spherical, K = 2" if rule.name == "spherical" else "Φ_γ")
    swapped = m.expected_score(rule, TARGET, TARGET, 2) - m.expected_score(
        rule, PREDICTION, PREDICTION, 2
    )
    assert_refuted(replace(ob, expr=swapped))


def test_propriety_equality_at_the_wrong_prediction():
    ob = obligation("strict_propriety", "spherical, K = 2")
    assert_refuted(replace(ob, equality={sp_.ODDS_RATIO: sp.Integer(2)}))


@pytest.mark.parametrize("rule", ["brier", "spherical"])
@pytest.mark.parametrize("convention", ["population", "bessel"])
def test_sigma_gap_with_predictions_below_one_half(rule, convention):
    ob = sp_.sigma_gap(m.RULES[rule], convention)
    anywhere = Domain(
        intervals=(Interval(sp_.GROUP_PREDICTIONS, 0, 1, m.G), Interval(sp_._t, 0, 1)),
        sizes=ob.domain.sizes,
        random_points=4,
    )
    assert_refuted(replace(ob, domain=anywhere))


@pytest.mark.parametrize("rule", ["brier", "spherical"])
def test_sigma_gap_strict_for_a_tied_group(rule):
    """Identical predictions tie at σ_0 = σ_1 = 0: a strict σ_0 > σ_1 is refuted."""
    ob = obligation("sigma0_exceeds_sigma1_scoring_groups", f"{rule}: ")
    tied = _substitute(ob.expr, {sp_.GROUP_PREDICTIONS: sp_._t})
    assert_refuted(replace(ob, expr=tied, strict=True, equality=None, rule=None))


def test_sigma_gap_with_the_outcomes_swapped():
    ob = obligation("sigma0_exceeds_sigma1_scoring_groups", "spherical: ")
    assert_refuted(replace(ob, expr=-ob.expr))


# ----------------------------------------------------- proportionality, spherical drift


def test_every_rule_advantage_with_the_divergence_gap_reversed():
    ob = obligation("scoring_proportional_to_true_advantage", "every rule")
    assert_refuted(replace(ob, rhs=-ob.rhs))


def test_every_rule_advantage_without_the_group_factor():
    ob = obligation("scoring_proportional_to_true_advantage", "every rule")
    assert_refuted(replace(ob, rhs=ob.rhs * m.G / (m.G - 1)))


@pytest.mark.parametrize("rule", ["brier", "spherical"])
def test_divergence_gap_with_the_arguments_swapped(rule):
    ob = obligation("scoring_proportional_to_true_advantage", f"{rule}: A_S")
    r = m.RULES[rule]
    P, PHAT = m.vector_of(m.p), m.vector_of(m.phat)
    swapped = m.policy_expectation(lambda j: r.divergence(m.vector_of(m.q, j), P, m.K)) - (
        r.divergence(PHAT, P, m.K)
    )
    if rule == "brier":  # the Brier divergence is symmetric: swapping is harmless there
        assert replace(ob, rhs=swapped).check().status == "proven"
    else:
        assert_refuted(replace(ob, rhs=swapped))


def test_spherical_drift_limit_inverted():
    ob = obligation("spherical_drift_to_vertex", "→ odds(x)² as h → 0")
    x = m.policy_mean
    assert_refuted(replace(ob, value=((1 - x) / x) ** 2))


@pytest.mark.parametrize("rule", ["log", "brier", "spherical"])
def test_slope_of_outcome_zero_with_the_sign_flipped(rule):
    ob = obligation("spherical_drift_to_vertex", f"{rule}: ∂r(p̂, 0)/∂p̂")
    assert_refuted(replace(ob, rhs=-ob.rhs))


def test_slope_of_outcome_one_with_outcomes_swapped():
    ob = obligation("spherical_drift_to_vertex", "spherical: ∂r(p̂, 1)/∂p̂")
    assert_refuted(replace(ob, rhs=ob.rhs / (1 - m.phat_scalar) * m.phat_scalar))


def test_spherical_two_point_sigmas_with_the_outcomes_swapped():
    ob = obligation("spherical_drift_to_vertex", "σ_0²·Q² = σ_1²·P²")
    x, h = m.policy_mean, sm.HALF_WIDTH
    var_0, var_1 = (sm.two_point_variance(m.SPHERICAL_RULE, a, x, h) for a in (0, 1))
    assert_refuted(replace(ob, lhs=var_1 * (ob.lhs / var_0), rhs=var_0 * (ob.rhs / var_1)))
