"""A proof must be able to fail: perturbed versions of every claim are refuted.

Each perturbation replaces one side of one of the claim's own obligations (same domain,
same engine) with a plausible mistake, and the engine must answer "refuted" with a
counterexample at which the two sides really differ.
"""

from dataclasses import replace

import mpmath
import pytest
import sympy as sp
from perturb import assert_refuted, obligation

from symbolic.engine.obligations import Identity, Limit, Positive
from symbolic.note import model as m
from symbolic.note.vocabulary import population_factor, rollout_kl

KL = m.kl_divergence(m.p, m.phat)
H = m.entropy(m.p)
ONE = sp.Integer(1)

SOFT = [
    ("KL in the other direction", -H - m.kl_divergence(m.phat, m.p)),
    ("H dropped", -KL),
    ("H with its sign flipped", H - KL),
    ("KL with its sign flipped", -H + KL),
]


@pytest.mark.parametrize("name,rhs", SOFT, ids=[s[0] for s in SOFT])
def test_soft_target_identity_perturbed(name, rhs):
    assert_refuted(replace(obligation("soft_target_identity", "symbolic K"), rhs=rhs))


@pytest.mark.parametrize("k", [2, 5, 8])
def test_soft_target_identity_explicit_k_perturbed(k):
    ob = obligation("soft_target_identity", f"K = {k}")
    assert_refuted(replace(ob, rhs=-m.entropy(m.p, k) - m.kl_divergence(m.phat, m.p, k)))


def test_log_score_with_outcomes_swapped():
    ob = obligation("log_score_definition", "r(p̂, 1)")
    assert_refuted(replace(ob, rhs=m.log_score(m.phat_scalar, 0)))


def test_expected_log_score_with_a_term_dropped():
    ob = obligation("log_score_definition", "E_(a∼p)[r(p̂, a)], K = 3")
    assert_refuted(replace(ob, rhs=m.soft_target_reward(m.p, m.phat, 2)))


def test_bernoulli_advantage_with_mus_swapped():
    ob = obligation("expected_log_score", "true advantage")
    swapped = m.bernoulli_true_advantage().subs(
        {m.mu_1: m.bernoulli_mu(0), m.mu_0: m.bernoulli_mu(1)}
    )
    assert_refuted(replace(ob, lhs=swapped))


CENTERING = [
    ("H not cancelled", m.group_mean(rollout_kl) - rollout_kl(ONE) - H),
    ("gap reversed", rollout_kl(ONE) - m.group_mean(rollout_kl)),
    ("mean over G - 1", m.total(rollout_kl, m.G, m.g) / (m.G - 1) - rollout_kl(ONE)),
]


@pytest.mark.parametrize("name,rhs", CENTERING, ids=[c[0] for c in CENTERING])
def test_centering_perturbed(name, rhs):
    assert_refuted(replace(obligation("centering_cancels_entropy", "symbolic"), rhs=rhs))


def test_single_sigma_with_conventions_mixed():
    ob = obligation("single_sigma", "σ̂_R = σ̂_KL (population)")
    assert_refuted(replace(ob, rhs=m.group_variance(rollout_kl, convention="bessel")))


def test_single_sigma_advantage_without_epsilon():
    ob = obligation("single_sigma", "Â_STD = (KL̄ − KL^(1)) / (σ̂_KL + ε) (population)")
    gap = m.group_mean(rollout_kl) - rollout_kl(ONE)
    assert_refuted(replace(ob, rhs=gap / m.group_std(rollout_kl)))


def test_single_sigma_advantage_with_sign_flipped():
    ob = obligation("single_sigma", "Â_STD = (KL̄ − KL^(1)) / (σ̂_KL + ε) (bessel)")
    gap = rollout_kl(ONE) - m.group_mean(rollout_kl)
    assert_refuted(
        replace(ob, rhs=gap / (m.group_std(rollout_kl, convention="bessel") + m.epsilon))
    )


def test_single_sigma_std_of_reward_plus_entropy_shift_is_not_scaled():
    ob = obligation("single_sigma", "σ̂_R = σ̂_KL (bessel)")
    assert_refuted(replace(ob, rhs=2 * m.group_variance(rollout_kl, convention="bessel")))


def test_proportionality_with_g_instead_of_g_minus_1():
    ob = obligation("proportional_to_true_advantage", "c_G · A")
    assert_refuted(replace(ob, rhs=m.true_advantage() / (m.sigma + m.epsilon)))


def test_proportionality_without_epsilon():
    ob = obligation("proportional_to_true_advantage", "c_G · A")
    assert_refuted(replace(ob, rhs=(m.G - 1) / (m.G * m.sigma) * m.true_advantage()))


def test_proportionality_factor_negated_is_not_positive():
    ob = obligation("proportional_to_true_advantage", "c_G > 0")
    assert isinstance(ob, Positive)
    assert_refuted(replace(ob, expr=-population_factor()))


def test_population_limit_without_epsilon():
    ob = obligation("proportional_to_true_advantage", "G → ∞")
    assert isinstance(ob, Limit)
    assert_refuted(replace(ob, value=1 / m.sigma))


def test_no_divisor_with_g_instead_of_g_minus_1():
    ob = obligation("no_divisor_unbiased", "symbolic")
    assert_refuted(replace(ob, rhs=m.true_advantage()))


def test_no_divisor_enumeration_with_g_instead_of_g_minus_1():
    ob = obligation("no_divisor_unbiased", "G = 3")
    assert_refuted(replace(ob, rhs=m.true_advantage(m.p, 2, 2)))


def test_counterexample_is_a_real_difference():
    ob = replace(obligation("soft_target_identity", "K = 3"), rhs=-m.kl_divergence(m.p, m.phat, 3))
    verdict = ob.check()
    point = verdict.counterexample
    with mpmath.workdps(60):
        p = [point[m.p[k]] for k in (1, 2, 3)]
        q = [point[m.phat[k]] for k in (1, 2, 3)]
        lhs = sum(a * mpmath.log(b) for a, b in zip(p, q, strict=False))
        rhs = -sum(a * mpmath.log(a / b) for a, b in zip(p, q, strict=False))
        assert abs(lhs - rhs) > mpmath.mpf("1e-10")


def test_identity_obligation_class_is_used():
    assert isinstance(obligation("soft_target_identity", "symbolic K"), Identity)
