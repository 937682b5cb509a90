"""The scoring rules of the model against independent definitions (numpy and scipy)."""

import numpy as np
import pytest
import sympy as sp
from scipy import stats

from symbolic.note import model as m

RNG = np.random.default_rng(11)


def _values(rule, target, prediction):
    k = len(target)
    p = sp.IndexedBase("pp")
    subs = {p[i + 1]: target[i] for i in range(k)}
    q = sp.IndexedBase("qq")
    subs.update({q[i + 1]: prediction[i] for i in range(k)})
    pv, qv = m.vector_of(p), m.vector_of(q)
    scores = [float(rule.score(qv, sp.Integer(a), k).xreplace(subs)) for a in range(1, k + 1)]
    return scores, float(m.expected_score(rule, pv, qv, k).xreplace(subs))


@pytest.mark.parametrize("k", [2, 3, 5])
def test_named_rules_match_their_textbook_formulas(k):
    target, prediction = RNG.dirichlet(np.ones(k)), RNG.dirichlet(np.ones(k))
    textbook = {
        "log": np.log(prediction),
        "brier": [-0.5 * np.sum((prediction - np.eye(k)[a]) ** 2) for a in range(k)],
        "spherical": prediction / np.linalg.norm(prediction),
    }
    for name, expected in textbook.items():
        scores, mean = _values(m.RULES[name], target, prediction)
        np.testing.assert_allclose(scores, expected, rtol=1e-12)
        np.testing.assert_allclose(mean, np.dot(target, expected), rtol=1e-12)


def test_binary_brier_is_bereket_leskovec_reward():
    t = sp.Rational(7, 10)
    assert m.BRIER_RULE.binary(t, 1) == -((1 - t) ** 2)
    assert m.BRIER_RULE.binary(t, 0) == -(t**2)


@pytest.mark.parametrize("a,b", [(1, 1), (5.7, 3), (50, 1)])
def test_beta_moments_against_scipy(a, b):
    for order in (1, 2, 4):
        value = float(m.beta_moment(order, sp.Float(a), sp.Float(b)))
        assert value == pytest.approx(stats.beta(a, b).moment(order), rel=1e-12)


def test_beta_brier_variances_against_scipy_quadrature():
    a, b = 5.7, 3.0
    var_1, var_0 = (float(v) for v in m.beta_brier_variances(sp.Float(a), sp.Float(b)))
    dist = stats.beta(a, b)
    assert var_1 == pytest.approx(
        dist.expect(lambda t: (1 - t) ** 4) - dist.expect(lambda t: (1 - t) ** 2) ** 2, rel=1e-9
    )
    assert var_0 == pytest.approx(
        dist.expect(lambda t: t**4) - dist.expect(lambda t: t**2) ** 2, rel=1e-9
    )
