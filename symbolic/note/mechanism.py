"""The per-outcome σ mechanism for a Bernoulli outcome.

The true advantage with per-outcome means ``μ_a`` and stds ``σ_a`` of the reward under the
policy, the σ-normalized expectation that weights each outcome by ``1/(σ_a + ε)``, and the
biased optimum ``p̂*`` it leads to.
"""

from __future__ import annotations

import sympy as sp

from .policy import policy_expectation, policy_std
from .quantities import M, Size, epsilon, mu_0, mu_1, p_scalar, phat_scalar, q, sigma_0, sigma_1
from .rewards import BinaryScore, log_score


def bernoulli_true_advantage(
    prediction: sp.Expr = phat_scalar, score: BinaryScore = log_score
) -> sp.Expr:
    """The note's ``A = p (r(p̂,1) − μ_1) + (1 − p)(r(p̂,0) − μ_0)`` with μ_a symbolic."""
    return p_scalar * (score(prediction, 1) - mu_1) + (1 - p_scalar) * (score(prediction, 0) - mu_0)


def bernoulli_mu(outcome: int, support: Size = M, score: BinaryScore = log_score) -> sp.Expr:
    """``μ_a = E_{p̂'}[r(p̂', a)] = Σ_j w_j r(q_j, a)`` for a policy on Bernoulli predictions."""
    return policy_expectation(lambda r: score(q[r], outcome), support)


def bernoulli_sigma(
    outcome: int, mean: sp.Expr, support: Size = M, score: BinaryScore = log_score
) -> sp.Expr:
    """``σ_a = sqrt(Σ_j w_j (r(q_j, a) − μ_a)²)``, the per-outcome std, with ``mean`` = μ_a."""
    return policy_std(lambda r: score(q[r], outcome), mean, support)


def odds(probability: sp.Expr) -> sp.Expr:
    """``odds(x) = x / (1 − x)``."""
    return probability / (1 - probability)


def bernoulli_sigma_normalized_expectation(
    prediction: sp.Expr = phat_scalar,
    s0: sp.Expr = sigma_0,
    s1: sp.Expr = sigma_1,
    eps: sp.Expr = epsilon,
    score: BinaryScore = log_score,
) -> sp.Expr:
    """``E_a[Â_STD] ≈ p (r(p̂,1) − μ_1)/(σ_1 + ε) + (1 − p)(r(p̂,0) − μ_0)/(σ_0 + ε)``."""
    return p_scalar * (score(prediction, 1) - mu_1) / (s1 + eps) + (1 - p_scalar) * (
        score(prediction, 0) - mu_0
    ) / (s0 + eps)


def biased_optimum(
    target: sp.Expr = p_scalar, s0: sp.Expr = sigma_0, s1: sp.Expr = sigma_1, eps: sp.Expr = epsilon
) -> sp.Expr:
    """``p̂* = p w_1 / (p w_1 + (1 − p) w_0)`` with ``w_a = 1/(σ_a + ε)``."""
    w_0, w_1 = 1 / (s0 + eps), 1 / (s1 + eps)
    return target * w_1 / (target * w_1 + (1 - target) * w_0)
