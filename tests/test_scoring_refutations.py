"""Perturbed versions of the scoring-rule claims are refuted (every proper rule)."""

from dataclasses import replace

import pytest
import sympy as sp
from perturb import assert_refuted, obligation

from symbolic.ledger import scoring_mechanism as sm
from symbolic.ledger import scoring_rules as sr
from symbolic.note import model as m

P, PHAT = m.vector_of(m.p), m.vector_of(m.phat)
ONE = sp.Integer(1)


def test_brier_without_the_half_is_not_the_savage_form():
    wrong = sr.every_outcome(
        lambda a: m.phat[a] - sum(m.phat[k] ** 2 for k in (1, 2, 3)) - sp.Rational(1, 2), 3
    )
    for label in ("brier, K = 3: −½ Σ_k", "brier, K = 3: the model's S(p̂, a)"):
        assert_refuted(replace(obligation("savage_representation", label), lhs=wrong))


def test_log_score_of_one_outcome_only_is_not_the_savage_form():
    ob = obligation("savage_representation", "log, K = 3: S(p̂, a)")
    assert_refuted(replace(ob, lhs=sr.every_outcome(lambda a: sp.log(m.phat[1]), 3)))


def test_spherical_divergence_reversed_is_not_bregman():
    ob = obligation("savage_representation", "spherical, K = 2: D_S")
    pv, hv = m.vector_of(m.p), m.vector_of(m.phat)
    assert_refuted(replace(ob, lhs=m.SPHERICAL_RULE.divergence(hv, pv, 2)))


IDENTITY = [
    ("brier", "entropy dropped", -m.BRIER_RULE.divergence(P, PHAT, m.K)),
    (
        "brier",
        "entropy with its sign flipped",
        m.BRIER_RULE.entropy(P, m.K) - m.BRIER_RULE.divergence(P, PHAT, m.K),
    ),
    (
        "spherical",
        "divergence reversed",
        -m.SPHERICAL_RULE.entropy(P, m.K) - m.SPHERICAL_RULE.divergence(PHAT, P, m.K),
    ),
    (
        "log",
        "Brier's divergence in place of KL",
        -m.LOG_RULE.entropy(P, m.K) - m.BRIER_RULE.divergence(P, PHAT, m.K),
    ),
]


@pytest.mark.parametrize("rule,name,rhs", IDENTITY, ids=[f"{r}: {n}" for r, n, _ in IDENTITY])
def test_generalized_identity_perturbed(rule, name, rhs):
    ob = obligation("generalized_soft_target_identity", f"{rule}: E_p[S(p̂, a)]")
    assert_refuted(replace(ob, rhs=rhs))


def test_bregman_divergence_with_the_gradient_at_p_is_wrong():
    ob = obligation("generalized_soft_target_identity", "Savage: E_p[S(p̂, a)]")
    wrong = m.bregman_divergence(sr.PHI_P, sr.PHI_PHAT, lambda k: sr.GRAD_P[k], P, PHAT, m.K)
    assert_refuted(replace(ob, rhs=sr.PHI_P - wrong))


def test_spherical_entropy_with_the_wrong_sign():
    ob = obligation("generalized_soft_target_identity", "spherical: H_S(p)")
    assert_refuted(replace(ob, lhs=-ob.lhs))


CENTERING = [
    ("every rule", "H_S not cancelled", lambda ob: ob.rhs - sr.ENTROPY_VALUE),
    ("every rule", "gap reversed", lambda ob: -ob.rhs),
    ("brier", "gap reversed", lambda ob: -ob.rhs),
    ("spherical", "H_S not cancelled", lambda ob: ob.rhs + m.SPHERICAL_RULE.entropy(P, m.K)),
]


@pytest.mark.parametrize("where,name,wrong", CENTERING, ids=[f"{w}: {n}" for w, n, _ in CENTERING])
def test_scoring_centering_perturbed(where, name, wrong):
    ob = obligation("scoring_centering_cancels_entropy", where)
    assert_refuted(replace(ob, rhs=wrong(ob)))


def test_scoring_single_sigma_with_conventions_mixed():
    ob = obligation("scoring_single_sigma", "every rule: σ̂_R = σ̂_D (population)")
    assert_refuted(replace(ob, rhs=m.group_variance(sr.any_rule_divergence, convention="bessel")))


def test_brier_sigma_of_the_reward_is_not_half_the_divergence_sigma():
    ob = obligation("scoring_single_sigma", "brier, symbolic K and G: σ̂_R = σ̂_D")
    assert_refuted(replace(ob, rhs=ob.rhs / 4))


def test_every_rule_z_score_without_epsilon():
    ob = obligation("scoring_single_sigma", "every rule: Â_STD = (D̄ − D^(1)) / (σ̂_D + ε) (bessel)")
    assert_refuted(replace(ob, rhs=ob.rhs.subs(m.epsilon, 0)))


def test_spherical_z_score_of_the_reward_gap_reversed():
    ob = obligation("scoring_single_sigma", "spherical, symbolic K, G = 3: Â_STD")
    assert_refuted(replace(ob, rhs=-ob.rhs))


# ------------------------------------------------------------------ the mechanism, every rule


def test_tilt_gap_with_the_divergence_reversed():
    ob = obligation("biased_optimum_every_proper_rule", "F(p′) − F(p̂) = Z·D_S")
    assert_refuted(replace(ob, rhs=-ob.rhs))


def test_tilt_with_the_sigmas_swapped_is_not_the_biased_optimum():
    ob = obligation("biased_optimum_every_proper_rule", "p′_1 = p̂*")
    assert_refuted(replace(ob, rhs=m.biased_optimum(s0=m.sigma_1, s1=m.sigma_0)))


def test_tilted_objective_without_the_baselines():
    ob = obligation("biased_optimum_every_proper_rule", "F(p̂) = Z·E_{a∼p′}")
    baselines = m.total(lambda a: sm.OMEGA[a] * m.p[a] * sm.MU[a], m.K, m.outcome)
    assert_refuted(replace(ob, rhs=ob.rhs + baselines))


@pytest.mark.parametrize("rule", ["brier", "spherical"])
def test_slope_with_the_log_curvature(rule):
    ob = obligation("biased_optimum_every_proper_rule", f"{rule}: ∂F/∂p̂")
    log_curvature = sm.binary_curvature(m.LOG_RULE)
    assert_refuted(replace(ob, rhs=ob.rhs / sm.binary_curvature(m.RULES[rule]) * log_curvature))


def test_sign_change_at_the_wrong_side():
    ob = obligation("biased_optimum_every_proper_rule", "(p w_1 (1 − p̂) − (1 − p) w_0 p̂)/(p̂* − p̂)")
    assert_refuted(replace(ob, expr=-ob.expr))


def test_spherical_potential_is_not_concave():
    ob = obligation("biased_optimum_every_proper_rule", "spherical: Φ''(p̂) > 0")
    assert_refuted(replace(ob, expr=-ob.expr))


def test_linear_score_soft_target_beats_the_vertex_is_refuted():
    ob = obligation("linear_score_corner_optimum", "E(e_1) − E(p) > 0")
    assert_refuted(replace(ob, expr=-ob.expr))


def test_linear_score_vertex_of_a_smaller_entry_is_not_the_optimum():
    ob = obligation("linear_score_corner_optimum", "K = 3, p_1 largest")
    sharp = lambda k: (0, 1, 0)[int(k) - 1]  # noqa: E731
    target = lambda k: (1, sm.u2, sm.u3)[int(k) - 1] / (1 + sm.u2 + sm.u3)  # noqa: E731
    phat = lambda k: (1 - sm.y2 - sm.y3, sm.y2, sm.y3)[int(k) - 1]  # noqa: E731
    wrong = m.expected_score(m.LINEAR_RULE, target, sharp, 3) - m.expected_score(
        m.LINEAR_RULE, target, phat, 3
    )
    assert_refuted(replace(ob, expr=wrong))


def test_linear_score_is_improper_but_brier_is_not_refuted():
    ob = obligation("linear_score_proper", "linear score")
    assert_refuted(ob)
    brier = m.generalized_divergence(m.BRIER_RULE, m.vector_of(m.p), m.vector_of(m.phat), 2)
    # ≥ 0, not > 0: the Brier divergence is 0 at p̂ = p, where a strict claim is refuted
    assert replace(ob, expr=brier, strict=False).check().status != "refuted"
    assert replace(ob, expr=brier).check().status == "refuted"


def test_brier_sigma_ratio_limit_inverted():
    ob = obligation("brier_drift_to_vertex", "σ_0/σ_1 = sqrt")
    x = m.policy_mean
    assert_refuted(replace(ob, value=(1 - x) / x))


def test_brier_sigma_ratio_with_x_and_one_minus_x_swapped():
    ob = obligation("brier_drift_to_vertex", "σ_0²/σ_1² = f(x)/f(1 − x)")
    assert_refuted(replace(ob, rhs=1 / ob.rhs))
