"""Expectations under the policy, and the softmax policy's REINFORCE gradient.

A policy puts weights ``w_j`` on support points ``q_j``: an expectation over it is a finite
sum, so the true advantage, the policy's std and its moments are expressions like any other.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from .quantities import K, M, Size, j, p, phat, q, total, w
from .rewards import soft_target_reward


def policy_expectation(value: Callable[[sp.Expr], sp.Expr], n: Size = M) -> sp.Expr:
    """``E_{p̂'∼π}[f(p̂')] = Σ_j w_j f(q_j)`` for a policy with weights w on support q."""
    return total(lambda r: w[r] * value(r), n, j)


def true_advantage(target: sp.IndexedBase = p, n: Size = K, support: Size = M) -> sp.Expr:
    """``A(q, p̂) = R(p̂) − E_{p̂'}[R(p̂')]``: the soft-target reward minus its policy mean."""
    own = soft_target_reward(target, phat, n)
    return own - policy_expectation(lambda r: soft_target_reward(target, q, n, row=r), support)


def policy_std(value: Callable[[sp.Expr], sp.Expr], mean: sp.Expr, n: Size = M) -> sp.Expr:
    """``sqrt(Σ_j w_j (f(q_j) − mean)²)``: the population std under the policy, given its mean."""
    return sp.sqrt(policy_expectation(lambda r: (value(r) - mean) ** 2, n))


first_moment = sp.Symbol("m_1", real=True)
second_moment = sp.Symbol("m_2", nonnegative=True)


def moment_std(first: sp.Expr = first_moment, second: sp.Expr = second_moment) -> sp.Expr:
    """``sqrt(E[x²] − E[x]²)``: equal to ``policy_std`` when the weights sum to one."""
    return sp.sqrt(second - first**2)


theta = sp.IndexedBase("theta", real=True)  # logits of a tabular softmax policy


def softmax(k: sp.Expr, n: Size = M) -> sp.Expr:
    """``π_k = exp θ_k / Σ_j exp θ_j``: the tabular softmax policy over n support points."""
    return sp.exp(theta[k]) / total(lambda r: sp.exp(theta[r]), n, j)


weighted_count = sp.Symbol("c_k", real=True)  # Σ_{n : j_n = k} A_n
advantage_total = sp.Symbol("S_A", real=True)  # Σ_n A_n
rollout_count = sp.Symbol("N", integer=True, positive=True)
policy_probability = sp.Symbol("pi_k", positive=True)  # π_k


def reinforce_gradient(
    count: sp.Expr = weighted_count,
    advantages: sp.Expr = advantage_total,
    probability: sp.Expr = policy_probability,
    rollouts: sp.Expr = rollout_count,
) -> sp.Expr:
    """``(1/N) Σ_n A_n ∂ log π_{j_n}/∂θ_k = (Σ_{n: j_n = k} A_n − π_k Σ_n A_n)/N``.

    From ``∂ log π_j / ∂θ_k = [j = k] − π_k`` for the softmax (tested by differentiation).
    """
    return (count - probability * advantages) / rollouts
