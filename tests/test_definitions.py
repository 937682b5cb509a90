"""Definitions are checked, not trusted: the oracles agree with scipy, and a wrong
definition on the model's side of a definition check is refuted."""

from dataclasses import replace

import mpmath
import numpy as np
import pytest
import sympy as sp
from perturb import assert_refuted, obligation
from scipy import integrate, special, stats

from symbolic.ledger import oracles as o
from symbolic.note import model as m

RNG = np.random.default_rng(20251126)


def _table(values):
    return {k: mpmath.mpf(v) for k, v in enumerate(values, start=1)}


def test_entropy_and_kl_oracles_agree_with_scipy():
    for k in (2, 3, 7):
        p, q = RNG.dirichlet(np.ones(k)), RNG.dirichlet(np.ones(k))
        assert float(o._entropy(k, _table(p))) == pytest.approx(stats.entropy(p), rel=1e-12)
        kl = float(np.sum(special.rel_entr(p, q)))
        assert float(o._kl(k, _table(p), _table(q))) == pytest.approx(kl, rel=1e-12)
        cross = -stats.entropy(p) - stats.entropy(p, q)
        assert float(o._soft_reward(k, _table(p), _table(q))) == pytest.approx(cross, rel=1e-12)


def test_group_oracles_agree_with_numpy():
    for size in (2, 3, 6):
        x = RNG.normal(size=size)
        table = _table(x)
        assert float(o._mean(size, table)) == pytest.approx(x.mean(), rel=1e-12)
        assert float(o._std(size, table, 0)) == pytest.approx(x.std(), rel=1e-12)
        assert float(o._std(size, table, 1)) == pytest.approx(x.std(ddof=1), rel=1e-12)
        z = (x[0] - x.mean()) / (x.std() + 0.1)
        assert float(o._z_score(size, table, mpmath.mpf("0.1"), 0)) == pytest.approx(z)


def test_policy_oracles_agree_with_numpy():
    w, q = RNG.dirichlet(np.ones(4)), RNG.uniform(0.05, 0.95, size=4)
    for outcome, r in ((1, np.log(q)), (0, np.log(1 - q))):
        mean = np.sum(w * r)
        std = np.sqrt(np.sum(w * (r - mean) ** 2))
        assert float(o._policy_mu(4, _table(w), _table(q), outcome)) == pytest.approx(mean)
        assert float(o._policy_sigma(4, _table(w), _table(q), outcome)) == pytest.approx(std)


@pytest.mark.parametrize("a,b", [(5.0, 1.0), (2.5, 3.5)])
def test_beta_oracle_agrees_with_scipy_quadrature(a, b):
    density = stats.beta(a, b).pdf
    mean = integrate.quad(lambda v: np.log(v) * density(v), 0, 1)[0]
    var = integrate.quad(lambda v: (np.log(v) - mean) ** 2 * density(v), 0, 1)[0]
    assert float(o._beta_log_moment(a, b, 1, 1)) == pytest.approx(mean, rel=1e-8)
    assert float(o._beta_log_moment(a, b, 1, 2)) == pytest.approx(var, rel=1e-8)
    assert float(o._beta_power_moment(a, b, 0.5)) == pytest.approx(
        stats.beta(a, b).expect(np.sqrt), rel=1e-8
    )


def test_oracle_check_never_proves():
    ob = obligation("group_std_definition", "σ̂ (population), G = 5")
    assert ob.check().status == "unknown"


# ----------------------------------------------------------- perturbed definitions
def _x(r):
    return m.x[r]


def test_group_mean_over_g_minus_1_is_refuted():
    ob = obligation("group_mean_definition", "group mean, symbolic G")
    assert_refuted(replace(ob, rhs=m.total(_x, m.G, m.g) / (m.G - 1)))


def test_centred_reward_with_sign_flipped_is_refuted():
    ob = obligation("group_mean_definition", "centred reward x^(1) − x̄, G = 5")
    assert_refuted(replace(ob, rhs=-m.centered_advantage(_x, 5)))


@pytest.mark.parametrize(
    "label,wrong",
    [
        ("σ̂ (population), symbolic G", m.group_std(_x, m.G, "bessel")),
        ("σ̂ (bessel), G = 5", m.group_std(_x, 5, "population")),
        ("σ̂ (population), G = 5", m.group_variance(_x, 5)),
        ("σ̂ (population), G = 2", sp.sqrt(2) * m.group_std(_x, 2)),
        ("σ̂² (bessel), symbolic G", m.group_variance(_x, m.G, "population")),
    ],
    ids=["other convention", "bessel as population", "variance", "sqrt 2", "squared other"],
)
def test_wrong_group_std_is_refuted(label, wrong):
    assert_refuted(replace(obligation("group_std_definition", label), rhs=wrong))


def test_epsilon_outside_the_divisor_is_refuted():
    ob = obligation("sigma_normalized_advantage_definition", "Â_STD (population), G = 5")
    wrong = m.centered_advantage(_x, 5) / m.group_std(_x, 5) + m.epsilon
    assert_refuted(replace(ob, rhs=wrong))


def test_entropy_with_sign_flipped_is_refuted():
    ob = obligation("entropy_kl_definition", "H(p), symbolic K")
    assert_refuted(replace(ob, rhs=-m.entropy(m.p)))


def test_kl_in_the_other_direction_is_refuted():
    ob = obligation("entropy_kl_definition", "KL(p‖p̂), K = 5")
    assert_refuted(replace(ob, rhs=m.kl_divergence(m.phat, m.p, 5)))


def test_policy_sigma_of_the_other_outcome_is_refuted():
    ob = obligation("policy_moments_definition", "σ_1, symbolic M")
    assert_refuted(replace(ob, rhs=m.bernoulli_sigma(0, m.bernoulli_mu(0))))


def test_true_advantage_with_the_policy_mean_added_is_refuted():
    ob = obligation("policy_moments_definition", "A(q, p̂) = R(p̂) − E_(p̂')[R(p̂')], K = 2")
    mean = m.policy_expectation(lambda r: m.soft_target_reward(m.p, m.q, 2, row=r), 3)
    assert_refuted(replace(ob, rhs=m.soft_target_reward(m.p, m.phat, 2) + mean))
