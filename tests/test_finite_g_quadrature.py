"""E[z | t] at finite G: the quadrature against closed forms and an independent cubature, the
control-variate Monte Carlo against the quadrature within 3 standard errors, and the 1/G²
coefficient c₂(t) and the ε > 0 coefficient c_e(t) against the quadrature at large G."""

import math

import numpy as np
import pytest
from scipy import integrate

from symbolic.errors import GrpoSigmaError
from symbolic.note import model as m
from symbolic.numeric import finite_g as fg

GAMMA, KAPPA, MU5, MU6 = fg.beta_log_moments(5.0, 1.0)


@pytest.mark.parametrize("t", [-2.0, -0.5, 0.0, 0.3, 0.9])
def test_g2_is_the_sign_probability(t):
    # G = 2: z = sign(x − y), y = 1 − X, X ∼ Exp(1): E z = P(X > 1 − t) − P(X < 1 − t)
    value, error, _ = fg.expected_z_score_quadrature(5.0, 1.0, 2, t)
    assert abs(value - (2 * math.exp(-(1 - t)) - 1)) <= max(error, 1e-12)


def _cubature_g3(t: float, e: float = 0.0) -> float:
    """An independent E[z | t] at G = 3: scipy's adaptive cubature over the two other draws."""

    def z(x2: float, x1: float) -> float:
        r = np.array([t, 1 - x1, 1 - x2])
        spread = r.std() + e
        return 0.0 if spread == 0 else (t - r.mean()) / spread * math.exp(-x1 - x2)

    return integrate.dblquad(z, 0, 40, 0, 40, epsabs=1e-9, epsrel=1e-9)[0]


@pytest.mark.parametrize(
    ("t", "e"),
    [
        (0.0, 0.0),
        (0.5, 0.7),
        pytest.param(1.0, 0.0, marks=pytest.mark.slow),
        pytest.param(-1.5, 0.0, marks=pytest.mark.slow),
    ],
)
def test_g3_equals_an_independent_cubature(t, e):
    value, error, _ = fg.expected_z_score_quadrature(5.0, 1.0, 3, t, e)
    assert error < 1e-10
    assert abs(value - _cubature_g3(t, e)) < 1e-7


@pytest.mark.parametrize(("group", "t"), [(4, 0.0), (4, 1.0), (16, 0.0), (5, -1.0)])
def test_monte_carlo_agrees_with_the_quadrature_within_3_se(group, t):
    exact, bound, _ = fg.expected_z_score_quadrature(5.0, 1.0, group, t)
    mean, se, n = fg.expected_z_score(5.0, 1.0, group, t, samples=100_000, seed=11)
    assert bound < 1e-11 and se < 1e-3 and n == 100_000
    assert abs(mean - exact) <= 3 * se


def test_control_variates_cut_the_error_and_other_betas_run():
    plain = fg.group_z_scores(
        np.concatenate(
            [np.zeros((100_000, 1)), (fg._other_rewards(5.0, 1.0, 16, 100_000, 3) + 0.2) / 0.2],
            axis=1,
        )
    )
    _, se, _ = fg.expected_z_score(5.0, 1.0, 16, 0.0, samples=100_000, seed=3)
    assert se < plain.std() / math.sqrt(100_000) / 3  # the control variates pay
    mean, se, _ = fg.expected_z_score(2.0, 3.0, 4, 0.5, samples=20_000)  # any Beta(α, β)
    assert math.isfinite(mean) and 0 < se < 0.01


@pytest.mark.slow
def test_monte_carlo_reaches_1e_4_and_stays_within_3_se():
    exact, _, _ = fg.expected_z_score_quadrature(5.0, 1.0, 4, 0.0)
    mean, se, _ = fg.expected_z_score(5.0, 1.0, 4, 0.0, samples=6_000_000, seed=5)
    assert se <= 1e-4 and abs(mean - exact) <= 3 * se


def test_the_audit_value_at_g4():
    value, bound, _ = fg.expected_z_score_at_mean()
    assert bound < 1e-12 and abs(value - (-0.2891175639648)) < 1e-12


def _remainder_coefficient(t, e, groups, power):
    """Fit G^power (E − series) = a + b/G + c/G² over ``groups`` (least squares): ``a``."""
    target = t / (1 + e)
    c = float(m.finite_group_coefficient(t, GAMMA, KAPPA)) if power == 2 else 0.0
    rows, values = [], []
    for group in groups:
        value, _, _ = fg.expected_z_score_quadrature(5.0, 1.0, group, t, e)
        rows.append([1.0, 1.0 / group, 1.0 / group**2])
        values.append(group**power * (value - target - c / group))
    return float(np.linalg.lstsq(np.array(rows), np.array(values), rcond=None)[0][0])


@pytest.mark.parametrize(
    "t",
    [0.0, pytest.param(1.0, marks=pytest.mark.slow), pytest.param(-0.5, marks=pytest.mark.slow)],
)
def test_c2_agrees_with_the_quadrature(t):
    c2 = float(m.finite_group_second_coefficient(t, GAMMA, KAPPA, MU5, MU6))
    assert abs(_remainder_coefficient(t, 0.0, (128, 256, 512), 2) - c2) < 0.02 * (1 + abs(c2))


@pytest.mark.parametrize(
    ("t", "e"),
    [
        (1.0, 2.0),
        pytest.param(0.0, 0.5, marks=pytest.mark.slow),
        pytest.param(-1.0, 0.25, marks=pytest.mark.slow),
    ],
)
def test_epsilon_coefficient_agrees_with_the_quadrature(t, e):
    ce = float(m.finite_group_epsilon_coefficient(t, GAMMA, KAPPA, e))
    assert abs(_remainder_coefficient(t, e, (128, 256, 512), 1) - ce) < 2e-3
    assert (
        abs(
            float(m.finite_group_epsilon_coefficient(t, GAMMA, KAPPA, 0))
            - float(m.finite_group_coefficient(t, GAMMA, KAPPA))
        )
        < 1e-15
    )


def test_remainder_table_ratios():
    """The README's sentence: from G = 16 to 64 the remainder after t + c(t)/G shrinks
    15-fold at t = 0 and 10-fold at t = 1 (1/G² alone would give 16)."""
    ratio = {}
    for t in (0.0, 1.0):
        c = float(m.finite_group_coefficient(t, GAMMA, KAPPA))
        r = [fg.expected_z_score_quadrature(5.0, 1.0, g, t)[0] - t - c / g for g in (16, 64)]
        ratio[t] = r[0] / r[1]
    assert round(ratio[0.0]) == 15 and round(ratio[1.0]) == 10


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"beta": 2.0}, "closed-form for Beta"),
        ({"group": 1}, "group must be"),
        ({"t": float("nan")}, "t must be"),
        ({"e": -1.0}, "e = ε/σ"),
    ],
)
def test_bad_arguments(kwargs, message):
    with pytest.raises(GrpoSigmaError, match=message):
        fg.expected_z_score_quadrature(**kwargs)
