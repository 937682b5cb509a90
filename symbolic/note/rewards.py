"""The note's rewards: the soft-target reward, the log score, entropy and KL.

A reward is a SymPy expression of a prediction: ``R(p̂) = Σ_i p_i log p̂_i`` for a soft target,
``r(p̂, a)`` for a sampled outcome (``BinaryScore``: the log score unless a rule is chosen).
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from .quantities import K, Size, entry, i, p_scalar, phat_scalar, total


def soft_target_reward(
    target: sp.IndexedBase, prediction: sp.IndexedBase, n: Size = K, row: sp.Expr | None = None
) -> sp.Expr:
    """The soft-target reward ``R(p̂) = Σ_i p_i log p̂_i`` (one scalar per rollout)."""
    return total(lambda k: target[k] * sp.log(entry(prediction, k, row)), n, i)


def entropy(target: sp.IndexedBase, n: Size = K) -> sp.Expr:
    """Shannon entropy ``H(p) = −Σ_i p_i log p_i``."""
    return -total(lambda k: target[k] * sp.log(target[k]), n, i)


def kl_divergence(
    target: sp.IndexedBase, prediction: sp.IndexedBase, n: Size = K, row: sp.Expr | None = None
) -> sp.Expr:
    """``KL(p ‖ p̂) = Σ_i p_i log(p_i / p̂_i)``: the target comes first."""
    return total(lambda k: target[k] * sp.log(target[k] / entry(prediction, k, row)), n, i)


def log_score(prediction: sp.Expr, outcome: sp.Expr) -> sp.Expr:
    """Reward of a sampled Bernoulli outcome: ``r(p̂, a) = a log p̂ + (1 − a) log(1 − p̂)``."""
    return outcome * sp.log(prediction) + (1 - outcome) * sp.log(1 - prediction)


def one_hot_log_score(prediction: sp.IndexedBase, outcome: int, n: int) -> sp.Expr:
    """Reward of a sampled categorical outcome ``a``: ``r(p̂, a) = Σ_i [i = a] log p̂_i``."""
    return total(lambda k: sp.KroneckerDelta(k, outcome) * sp.log(prediction[k]), n, i)


def expected_log_score(target: sp.IndexedBase, prediction: sp.IndexedBase, n: int) -> sp.Expr:
    """``E_{a∼p}[r(p̂, a)] = Σ_a p_a r(p̂, a)`` over the K possible outcomes."""
    return sp.Add(*(target[o] * one_hot_log_score(prediction, o, n) for o in range(1, n + 1)))


BinaryScore = Callable[[sp.Expr, int], sp.Expr]  # r(p̂, a), a ∈ {0, 1}; the log score by default


def bernoulli_expected_log_score(
    target: sp.Expr = p_scalar, prediction: sp.Expr = phat_scalar, score: BinaryScore = log_score
) -> sp.Expr:
    """``E_{a∼p}[r(p̂, a)] = p log p̂ + (1 − p) log(1 − p̂)``: the soft-target reward for K = 2
    (``p r(p̂, 1) + (1 − p) r(p̂, 0)`` for another rule's ``score``)."""
    return target * score(prediction, 1) + (1 - target) * score(prediction, 0)
