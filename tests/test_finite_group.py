"""The finite-G expansion E[Â_STD | x] = t + c(t)/G + O(G⁻²): perturbations refuted, the
Monte Carlo remainder shrinking like 1/G², the numpy z-score equal to the model's."""

from dataclasses import replace

import numpy as np
import pytest
import sympy as sp
from perturb import assert_refuted, obligation

from symbolic.note import compiled
from symbolic.note import finite_group as fg
from symbolic.note import model as m
from symbolic.numeric.finite_g import group_z_scores

T, GAMMA, KAPPA = m.t_score, m.skewness, m.kurtosis


@pytest.mark.parametrize(
    "wrong",
    [
        GAMMA / 2 + 3 * (KAPPA - 1) * T / 8 + T**3 / 2,
        3 * (KAPPA - 1) * T / 8 - T**3 / 2,
        GAMMA / 2 + 3 * KAPPA * T / 8 - T**3 / 2,
        -GAMMA / 2 + 3 * (KAPPA - 1) * T / 8 - T**3 / 2,
    ],
    ids=["t³ sign", "skewness dropped", "κ for κ − 1", "skewness sign"],
)
def test_wrong_coefficient_is_refuted(wrong):
    assert_refuted(replace(obligation("finite_group_expansion", "→ c(t) ="), value=wrong))


def test_bessel_coefficient_without_its_shift_is_refuted():
    ob = obligation("finite_group_expansion", "Bessel: G")
    assert_refuted(replace(ob, value=m.finite_group_coefficient()))


def test_limit_without_the_epsilon_shrink_is_refuted():
    ob = obligation("finite_group_expansion", "ε > 0: E_≤2[z] → t/(1 + e)")
    assert_refuted(replace(ob, value=T))


def test_z_in_averages_with_g_for_g_minus_1_is_refuted():
    ob = obligation("finite_group_expansion", "z^(1) =")
    assert_refuted(replace(ob, rhs=ob.rhs * m.G / (m.G - 1)))


@pytest.mark.parametrize("t", [0.0, 1.0])
def test_monte_carlo_refutes_the_limit_without_its_correction(t):
    ob = obligation("finite_group_monte_carlo", f"t = {t:g}")
    assert_refuted(replace(ob, claimed=t))


@pytest.mark.parametrize(
    "wrong",
    [
        m.finite_group_second_coefficient() + T**5 / 8,
        m.finite_group_second_coefficient(mu5=0),
        m.finite_group_second_coefficient(mu6=15),
    ],
    ids=["t⁵ term", "μ₅ dropped", "Gaussian μ₆"],
)
def test_wrong_second_coefficient_is_refuted(wrong):
    assert_refuted(replace(obligation("finite_group_expansion", "→ c₂(t)"), rhs=wrong))


def test_epsilon_coefficient_at_zero_epsilon_is_refuted():
    ob = obligation("finite_group_expansion", "→ c_e(t)")
    assert_refuted(replace(ob, value=m.finite_group_coefficient()))


def test_numpy_z_scores_equal_the_compiled_model():
    rewards = np.random.default_rng(7).normal(size=(50, 4))
    model = compiled.group_statistics(4, "population", "numpy")(list(rewards.T), 0.0)[3][0]
    assert np.allclose(group_z_scores(rewards), model, rtol=1e-12, atol=1e-12)


def test_beta_shape_of_the_reference_law():
    skew, kurt = m.beta_log_shape(5, 1)
    assert sp.nsimplify(skew.evalf(30)) == -2 and sp.nsimplify(kurt.evalf(30)) == 9


@pytest.mark.parametrize("order", range(5))
def test_delta_term_is_the_taylor_term_of_z_in_the_averages(order):
    """The series term equals Σ_{a+b=order} ∂_U^a ∂_W^b z(0, 0)/(a! b!) · E[U^a W^b] computed
    by differentiating z in U and W directly (ε = 0 and ε > 0)."""
    point = {T: sp.Rational(1, 3), GAMMA: sp.Rational(-1, 2), KAPPA: 5, m.G: 7}
    point |= {m.epsilon_ratio: sp.Rational(2, 3), **{fg.draw_moment(k): k for k in (5, 6, 7, 8)}}
    for e in (sp.Integer(0), m.epsilon_ratio):
        z = fg.z_in_averages(m.G, e)
        direct = sum(
            sp.diff(z, fg.U, a, fg.W, order - a).subs({fg.U: 0, fg.W: 0})
            / (sp.factorial(a) * sp.factorial(order - a))
            * fg.average_moment(a, order - a)
            for a in range(order + 1)
        )
        gap = (fg.delta_term(order, e=e) - direct).xreplace(point)
        assert abs(sp.N(gap, 40)) < sp.Float(10) ** -35
