"""Perturbed versions of the scoring-rule claims are refuted (every proper rule)."""

from dataclasses import replace

import pytest
import sympy as sp
from perturb import assert_refuted, obligation

from symbolic.ledger import scoring_rules as sr
from symbolic.note import model as m

P, PHAT = m.vector_of(m.p), m.vector_of(m.phat)
ONE = sp.Integer(1)


def test_brier_without_the_half_is_not_the_savage_form():
    ob = obligation("savage_representation", "brier, K = 3: S(p̂, a)")
    wrong = sr.every_outcome(
        lambda a: m.phat[a] - sum(m.phat[k] ** 2 for k in (1, 2, 3)) - sp.Rational(1, 2), 3
    )
    assert_refuted(replace(ob, lhs=wrong))


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


def test_brier_z_score_without_epsilon():
    ob = obligation("scoring_single_sigma", "brier, symbolic K and G: Â_STD")
    assert_refuted(replace(ob, rhs=ob.rhs.subs(m.epsilon, 0)))


def test_spherical_z_score_of_the_reward_gap_reversed():
    ob = obligation("scoring_single_sigma", "spherical, symbolic K, G = 3: Â_STD")
    assert_refuted(replace(ob, rhs=-ob.rhs))
