"""Perturbed versions of the per-outcome-σ claims are refuted (issue 3)."""

from dataclasses import replace

import pytest
import sympy as sp
from perturb import assert_refuted, obligation

from symbolic.engine.domain import Interval
from symbolic.engine.obligations import Positive
from symbolic.ledger import get_claim
from symbolic.note import model as m


def test_equal_sigma_rescale_fails_with_unequal_sigmas():
    ob = obligation("bernoulli_equal_sigmas_rescale", "σ_0 = σ_1")
    assert_refuted(replace(ob, lhs=m.bernoulli_sigma_normalized_expectation()))


def test_note_expression_with_sigmas_swapped_is_not_the_expectation():
    ob = obligation("per_outcome_expression_definition", "by cases")
    swapped = m.bernoulli_sigma_normalized_expectation(s0=m.sigma_1, s1=m.sigma_0)
    assert_refuted(replace(ob, rhs=swapped))


def test_unequal_sigma_refutation_needs_unequal_sigmas():
    ob = obligation("bernoulli_unequal_sigmas_proportional", "one constant")
    same = {m.sigma_0: m.sigma_1}
    verdict = replace(ob, lhs=ob.lhs.subs(same), rhs=ob.rhs.subs(same)).check()
    assert verdict.status == "proven"


def test_biased_optimum_with_sigmas_swapped_is_not_stationary():
    ob = obligation("biased_optimum", "stationary")
    swapped = m.biased_optimum(s0=m.sigma_1, s1=m.sigma_0)
    derivative = sp.diff(m.bernoulli_sigma_normalized_expectation(), m.phat_scalar)
    assert_refuted(replace(ob, lhs=derivative.subs(m.phat_scalar, swapped)))


def test_odds_multiplied_where_they_should_be_divided():
    ob = obligation("biased_optimum", "odds(p̂*)")
    wrong = m.odds(m.p_scalar) * (m.sigma_1 + m.epsilon) / (m.sigma_0 + m.epsilon)
    assert_refuted(replace(ob, rhs=wrong))


def test_biased_optimum_direction_reversed():
    ob = obligation("biased_optimum", "p̂* > p exactly when")
    assert_refuted(replace(ob, expr=(m.biased_optimum() - m.p_scalar) / (m.sigma_1 - m.sigma_0)))


def test_biased_objective_is_not_convex():
    ob = obligation("biased_optimum", "strictly concave")
    assert_refuted(replace(ob, expr=-ob.expr))


def test_tilt_inverted_is_not_the_maximizer():
    """p̂*_a ∝ p_a / w_a (dividing where the ledger multiplies) breaks the gap identity."""
    ob = obligation("tilted_optimum_k_outcomes", "S·KL")
    omega = sp.IndexedBase("omega", positive=True)
    norm = m.total(lambda k: m.p[k] / omega[k], m.K, m.i)

    def star(k):
        return m.p[k] / omega[k] / norm

    def objective(entry):
        return m.total(lambda k: omega[k] * m.p[k] * sp.log(entry(k)), m.K, m.i)

    gap = objective(star) - objective(lambda k: m.phat[k])
    divergence = m.total(lambda k: star(k) * sp.log(star(k) / m.phat[k]), m.K, m.i)
    assert_refuted(replace(ob, lhs=gap, rhs=norm * divergence))


def test_tilted_vector_does_not_sum_to_one_without_normalizer():
    ob = obligation("tilted_optimum_k_outcomes", "probability vector")
    omega = sp.IndexedBase("omega", positive=True)
    assert_refuted(replace(ob, lhs=m.total(lambda k: omega[k] * m.p[k], m.K, m.i)))


def test_sigma0_exceeds_sigma1_fails_below_one_half():
    ob = [
        o
        for o in get_claim("sigma0_exceeds_sigma1_groups").obligations()
        if isinstance(o, Positive) and "predictions" in o.label and "population" in o.label
    ][0]
    below = tuple(
        Interval(iv.target, sp.Integer(0), sp.Rational(1, 2), iv.length)
        for iv in ob.domain.intervals
    )
    assert_refuted(replace(ob, domain=replace(ob.domain, intervals=below)))


def test_sigma1_exceeds_sigma0_is_refuted():
    ob = [
        o
        for o in get_claim("sigma0_exceeds_sigma1_groups").obligations()
        if isinstance(o, Positive) and "predictions" in o.label and "bessel" in o.label
    ][0]
    assert_refuted(replace(ob, expr=-ob.expr))


def test_derivative_comparison_reversed():
    ob = obligation("sigma0_exceeds_sigma1_groups", "φ'(t) > 0")
    assert_refuted(replace(ob, expr=-ob.expr))


@pytest.mark.slow
def test_psi1_at_the_wrong_argument():
    ob = obligation("beta_log_moments_definition", "Var log X")
    assert_refuted(replace(ob, rhs=sp.polygamma(1, m.beta) - sp.polygamma(1, m.alpha + m.beta)))


@pytest.mark.slow
def test_beta_log_mean_with_the_arguments_swapped():
    ob = obligation("beta_log_moments_definition", "E log(1 − X)")
    assert_refuted(replace(ob, rhs=m.beta_log_means()[0]))


@pytest.mark.slow
def test_beta_integral_with_the_normalizer_dropped():
    ob = obligation("beta_log_moments_definition", "Beta integral")
    assert_refuted(replace(ob, rhs=sp.gamma(m.alpha + m.s) / sp.gamma(m.alpha + m.beta + m.s)))


def test_moment_variance_with_trigamma_sum_instead_of_difference():
    ob = obligation("sigma0_exceeds_sigma1_beta", "Var log X =")
    assert_refuted(replace(ob, rhs=sp.polygamma(1, m.alpha) + sp.polygamma(1, m.alpha + m.beta)))


def test_moment_variance_without_the_squared_mean():
    ob = obligation("sigma0_exceeds_sigma1_beta", "Var log(1−X) =")
    second = ob.lhs + sp.diff(m.beta_power_moment(m.beta, m.alpha), m.s).subs(m.s, 0) ** 2
    assert_refuted(replace(ob, lhs=second))


def test_reflection_does_not_preserve_sigma_1():
    ob = obligation("reflection_swaps_sigmas", "σ_1 of the mirrored policy")
    assert_refuted(replace(ob, rhs=m.bernoulli_sigma(1, m.bernoulli_mu(1))))


def test_sigma_limit_with_the_ratio_inverted():
    ob = obligation("beta_sigma_ratio_limit", "κ σ_0²")
    x = m.policy_mean
    assert_refuted(replace(ob, value=(1 - x) / x))


def test_trigamma_limit_with_the_wrong_power():
    ob = obligation("beta_sigma_ratio_limit", "κ ψ1(aκ)")
    scale = sp.Symbol("a", positive=True)
    assert_refuted(replace(ob, value=scale))


def test_sigma_ratio_limit_inverted():
    ob = obligation("beta_sigma_ratio_limit", "σ_0/σ_1 →")
    x = m.policy_mean
    assert_refuted(replace(ob, value=(1 - x) / x))


def test_drift_odds_divided_instead_of_multiplied():
    ob = obligation("drift_to_vertex", "odds(p̂*) = odds(p)·odds(x)")
    assert_refuted(replace(ob, rhs=m.odds(m.p_scalar) / m.odds(m.policy_mean)))


def test_drift_direction_reversed():
    ob = obligation("drift_to_vertex", "moves toward 1")
    assert_refuted(replace(ob, expr=-ob.expr))


def test_one_sigma_optimum_is_not_p_with_two_sigmas():
    ob = obligation("drift_to_vertex", "one σ")
    domain = replace(
        ob.domain,
        intervals=(
            *ob.domain.intervals,
            Interval(m.sigma_0, sp.Integer(0), sp.oo),
            Interval(m.sigma_1, sp.Integer(0), sp.oo),
        ),
    )
    assert_refuted(replace(ob, lhs=m.biased_optimum(), domain=domain))


def test_kl_in_the_other_direction_in_gibbs():
    ob = obligation("gibbs_interior_optimum", "KL(p‖p̂) = Σ_i p_i h")
    assert_refuted(replace(ob, lhs=m.kl_divergence(m.phat, m.p)))


def test_soft_reward_gap_with_kl_sign_flipped():
    ob = obligation("gibbs_interior_optimum", "soft target")
    assert_refuted(replace(ob, rhs=m.kl_divergence(m.p, m.phat)))


def test_negative_kl_is_refuted():
    ob = obligation("gibbs_interior_optimum", "Gibbs")
    assert_refuted(replace(ob, expr=-ob.expr))


def test_z_score_quotient_rule_without_epsilon_term():
    ob = obligation("z_score_rank_preserving", "quotient rule")
    assert_refuted(replace(ob, rhs=ob.rhs.subs(m.epsilon, 0) * 1))


def test_z_score_pair_spread_with_wrong_factor():
    ob = obligation("z_score_rank_preserving", "Σ_{g,h≥2}")
    assert_refuted(replace(ob, rhs=2 * ob.rhs))


def test_sigma_derivative_without_the_group_size():
    ob = obligation("z_score_rank_preserving", "G = 3: ∂σ̂/∂x_1")
    assert_refuted(replace(ob, rhs=3 * ob.rhs))


def test_z_score_decreasing_is_refuted():
    ob = obligation("z_score_rank_preserving", "> 0 for ε > 0")
    assert_refuted(replace(ob, expr=-ob.expr))


def test_monte_carlo_cannot_prove_only_refute():
    ob = obligation("finite_group_proportional", "population mean")
    mean, error, _ = ob.estimate()
    verdict = replace(ob, claimed=mean).check()
    assert verdict.status == "unknown"
    assert abs(mean + 0.29) < 0.01 and error < 0.005


def test_monte_carlo_is_seeded():
    ob = obligation("finite_group_proportional", "population mean")
    assert ob.estimate() == ob.estimate()


@pytest.mark.slow
def test_strict_sigma_gap_is_false_when_all_predictions_are_equal():
    """σ̂_0² − σ̂_1² > 0 fails where every prediction is the same: refuted, not proven."""
    ob = [
        o
        for o in get_claim("sigma0_exceeds_sigma1_groups").obligations()
        if isinstance(o, Positive) and "predictions" in o.label and "population" in o.label
    ][0]
    assert_refuted(replace(ob, strict=True, equality=None, rule=None))


def test_strict_gibbs_is_false_at_phat_equal_p():
    ob = obligation("gibbs_interior_optimum", "Gibbs")
    assert_refuted(replace(ob, strict=True, equality=None, rule=None))
