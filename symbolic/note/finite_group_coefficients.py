"""The expected z-score's coefficients in 1/G at a finite group size, in closed form.

``E[Â_STD | x] = t + c(t)/G + c₂(t)/G² + O(G⁻³)`` in standard units ``t`` with the reward
law's skewness, kurtosis and higher moments, and the 1/G coefficient with ``ε/σ = e``
(the delta-method series itself is ``finite_group``).
"""

from __future__ import annotations

import sympy as sp

t_score = sp.Symbol("t", real=True)  # (x − μ)/σ: the rollout's reward in standard units
skewness = sp.Symbol("gamma_1", real=True)  # E y³ of a standardized reward
kurtosis = sp.Symbol("beta_2", positive=True)  # E y⁴ of a standardized reward
epsilon_ratio = sp.Symbol("e", nonnegative=True)  # ε / σ


def finite_group_coefficient(
    t: sp.Expr = t_score, skew: sp.Expr = skewness, kurt: sp.Expr = kurtosis
) -> sp.Expr:
    """``c(t) = γ/2 + 3(κ − 1)t/8 − t³/2`` in ``E[Â_STD | x] = t + c(t)/G + O(G⁻²)``
    (population std, ε = 0; γ, κ the skewness and kurtosis of the reward law)."""
    return skew / 2 + 3 * (kurt - 1) * t / 8 - t**3 / 2


fifth_moment = sp.Symbol("mu_5", real=True)  # E y⁵ of a standardized reward
sixth_moment = sp.Symbol("mu_6", real=True)  # E y⁶ of a standardized reward


def finite_group_second_coefficient(
    t: sp.Expr = t_score,
    skew: sp.Expr = skewness,
    kurt: sp.Expr = kurtosis,
    mu5: sp.Expr = fifth_moment,
    mu6: sp.Expr = sixth_moment,
) -> sp.Expr:
    """``c₂(t)``, the 1/G² coefficient: ``E[Â_STD | x] = t + c(t)/G + c₂(t)/G² + O(G⁻³)``
    (population std, ε = 0; ``μ₅, μ₆`` the fifth and sixth moments of the standardized
    reward)."""
    return (
        3 * t**5 / 8
        + (sp.Rational(7, 16) - 15 * kurt / 16) * t**3
        - 9 * skew * t**2 / 4
        + (
            105 * kurt**2 / 128
            - 21 * kurt / 64
            + 15 * skew**2 / 8
            - 5 * mu6 / 16
            - sp.Rational(55, 128)
        )
        * t
        + 15 * kurt * skew / 16
        + 29 * skew / 16
        - 3 * mu5 / 8
    )


def finite_group_epsilon_coefficient(
    t: sp.Expr = t_score,
    skew: sp.Expr = skewness,
    kurt: sp.Expr = kurtosis,
    e: sp.Expr = epsilon_ratio,
) -> sp.Expr:
    """The 1/G coefficient with ``e = ε/σ ≥ 0``: ``E[Â | x] = t/(1 + e) + c_e(t)/G + O(G⁻²)``,
    ``c_e(t) = γ/(2(1+e)²) − t³/(2(1+e)²) + t((3 + e)κ − 8e² − 9e − 3)/(8(1+e)³)``
    (population std; ``c_0 = c``)."""
    return (
        skew / (2 * (1 + e) ** 2)
        - t**3 / (2 * (1 + e) ** 2)
        + t * ((3 + e) * kurt - 8 * e**2 - 9 * e - 3) / (8 * (1 + e) ** 3)
    )
