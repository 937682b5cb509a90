"""The numeric twins are the model: every compiled function equals its SymPy expression
(evaluated by SymPy at 30 digits) to 1e-12, in both backends."""

import mpmath
import numpy as np
import pytest
import sympy as sp

from symbolic.note import compiled
from symbolic.note import model as m

BACKENDS = ("mpmath", "numpy")
RNG = np.random.default_rng(11)


def exact(expression, values):
    return float(expression.subs(values).evalf(30))


def close(value, reference):
    assert abs(float(value) - reference) <= 1e-12 * max(1.0, abs(reference))


def point():
    """A random interior point for the Bernoulli scalars."""
    p, phat = RNG.uniform(0.05, 0.95, size=2)
    mu0, mu1 = -RNG.uniform(0.1, 3, size=2)
    s0, s1, eps = RNG.uniform(0.1, 2, size=3)
    return {
        m.p_scalar: p,
        m.phat_scalar: phat,
        m.mu_0: mu0,
        m.mu_1: mu1,
        m.sigma_0: s0,
        m.sigma_1: s1,
        m.epsilon: eps,
    }


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("trial", range(3))
def test_bernoulli_scalars_equal_the_model(backend, trial):
    v = point()
    p, q, mu0, mu1, s0, s1, eps = (
        v[s] for s in (m.p_scalar, m.phat_scalar, m.mu_0, m.mu_1, m.sigma_0, m.sigma_1, m.epsilon)
    )
    for a in (0, 1):
        close(compiled.log_score(backend)(q, a), exact(m.log_score(m.phat_scalar, a), v))
    close(compiled.expected_log_score(backend)(p, q), exact(m.bernoulli_expected_log_score(), v))
    close(compiled.true_advantage(backend)(q, p, mu0, mu1), exact(m.bernoulli_true_advantage(), v))
    close(
        compiled.sigma_normalized_expectation(backend)(q, p, mu0, mu1, s0, s1, eps),
        exact(m.bernoulli_sigma_normalized_expectation(), v),
    )
    close(compiled.biased_optimum(backend)(p, s0, s1, eps), exact(m.biased_optimum(), v))
    alpha, beta = RNG.uniform(0.5, 20, size=2)
    for got, want in zip(
        compiled.beta_log_variances()(alpha, beta), m.beta_log_variances(), strict=True
    ):
        close(got, exact(want, {m.alpha: alpha, m.beta: beta}))
    first, spread = -RNG.uniform(0.1, 2), RNG.uniform(0.1, 2)
    second = first**2 + spread
    close(
        compiled.moment_std(backend)(first, second),
        exact(m.moment_std(), {m.first_moment: first, m.second_moment: second}),
    )
    count, total, pi, n = RNG.normal(), RNG.normal(), RNG.uniform(), 7
    close(
        compiled.reinforce_gradient(backend)(count, total, pi, n),
        exact(
            m.reinforce_gradient(),
            {
                m.weighted_count: count,
                m.advantage_total: total,
                m.policy_probability: pi,
                m.rollout_count: n,
            },
        ),
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_policy_expectations_equal_the_model(backend):
    size = 4
    weights, grid = RNG.dirichlet(np.ones(size)), np.sort(RNG.uniform(0.05, 0.95, size))
    values = {m.w[k + 1]: weights[k] for k in range(size)} | {
        m.q[k + 1]: grid[k] for k in range(size)
    }
    w, q = compiled.one_based(list(weights)), compiled.one_based(list(grid))
    for a in (0, 1):
        mu = compiled.bernoulli_mu(a, backend)(w, q, size)
        close(mu, exact(m.bernoulli_mu(a, size).doit(), values))
        mean = m.mu_1 if a else m.mu_0
        sigma = compiled.bernoulli_sigma(a, backend)(w, q, size, mu)
        close(sigma, exact(m.bernoulli_sigma(a, mean, size).doit(), values | {mean: float(mu)}))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("classes", [2, 3])
def test_vectors_equal_the_model(backend, classes):
    p, q = RNG.dirichlet(np.ones(classes)), RNG.dirichlet(np.ones(classes))
    values = {m.p[k + 1]: p[k] for k in range(classes)} | {
        m.phat[k + 1]: q[k] for k in range(classes)
    }
    close(
        compiled.soft_target_reward(classes, backend)(p, q),
        exact(m.soft_target_reward(m.p, m.phat, classes), values),
    )
    close(
        compiled.kl_divergence(classes, backend)(p, q),
        exact(m.kl_divergence(m.p, m.phat, classes), values),
    )
    close(compiled.entropy(classes, backend)(p), exact(m.entropy(m.p, classes), values))
    for a in range(1, classes + 1):
        close(
            compiled.one_hot_log_score(classes, a, backend)(q),
            exact(m.one_hot_log_score(m.phat, a, classes), values),
        )


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("convention", m.STD_CONVENTIONS)
def test_group_statistics_equal_the_model(backend, convention):
    size, eps = 5, 1e-3
    xs = list(RNG.normal(size=size))
    values = {m.x[k + 1]: xs[k] for k in range(size)} | {m.epsilon: eps}
    mean, std, centered, scaled = compiled.group_statistics(size, convention, backend)(xs, eps)
    value = lambda r: m.x[r]  # noqa: E731
    close(mean, exact(m.group_mean(value, size), values))
    close(std, exact(m.group_std(value, size, convention), values))
    for g in range(size):
        rollout = sp.Integer(g + 1)
        close(centered[g], exact(m.centered_advantage(value, size, rollout), values))
        expression = m.sigma_normalized_advantage(value, size, m.epsilon, convention, rollout)
        close(scaled[g], exact(expression, values))


def test_numpy_functions_broadcast_over_arrays():
    targets = np.linspace(0.1, 0.9, 5)
    optimum = compiled.biased_optimum("numpy")(targets, 0.8, 0.3, 0.0)
    assert optimum.shape == (5,) and np.all(optimum > targets)
    columns = [np.arange(4.0) + k for k in range(3)]
    mean, std, _, _ = compiled.group_statistics(3, "population", "numpy")(columns, 0.0)
    assert np.allclose(mean, np.arange(4.0) + 1) and np.allclose(std, np.sqrt(2 / 3))


def test_mpmath_backend_keeps_the_working_precision():
    with mpmath.workdps(60):
        third = compiled.group_statistics(3, "population", "mpmath")(
            [mpmath.mpf(0), mpmath.mpf(0), mpmath.mpf(1)], 0
        )[0]
        assert abs(third - mpmath.mpf(1) / 3) < mpmath.mpf(10) ** -58


def test_reinforce_gradient_is_the_softmax_score():
    """``∂ log π_j/∂θ_k = [j = k] − π_k``: the model's gradient, by differentiation."""
    size = 3
    for chosen in range(1, size + 1):
        for k in range(1, size + 1):
            derivative = sp.diff(sp.log(m.softmax(chosen, size)), m.theta[k])
            score = sp.KroneckerDelta(chosen, k) - m.softmax(k, size)
            assert sp.simplify(derivative - score) == 0
    # One rollout of advantage A on point j: the model's gradient is A([j = k] − π_k).
    advantage, probability = sp.Symbol("A"), m.softmax(2, size)
    for k, count in ((2, advantage), (1, 0)):
        gradient = m.reinforce_gradient(count, advantage, m.softmax(k, size), 1)
        assert (
            sp.simplify(gradient - advantage * (sp.KroneckerDelta(2, k) - m.softmax(k, size))) == 0
        )
    assert probability.has(m.theta[2])


def test_moment_std_is_the_policy_std_when_weights_sum_to_one():
    size = 3
    value = lambda r: m.q[r]  # noqa: E731
    mean = m.policy_expectation(value, size)
    variance = m.policy_std(value, mean, size) ** 2
    moments = m.moment_std(mean, m.policy_expectation(lambda r: m.q[r] ** 2, size)) ** 2
    last = 1 - m.w[1] - m.w[2]
    assert sp.expand((variance - moments).subs(m.w[3], last)) == 0
