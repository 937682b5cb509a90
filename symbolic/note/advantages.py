"""Group statistics of G rollouts and the advantages built on them.

The mean and std of a value over one group (population or Bessel), the centred advantage,
GRPO's σ-normalized advantage and RLOO's leave-one-out advantage.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from .quantities import G, Size, StdConvention, epsilon, g, total


def group_mean(value: Callable[[sp.Expr], sp.Expr], n: Size = G) -> sp.Expr:
    """``x̄ = (1/G) Σ_g x^(g)`` over the G rollouts of one group."""
    return total(value, n, g) / n


def group_variance(
    value: Callable[[sp.Expr], sp.Expr], n: Size = G, convention: StdConvention = "population"
) -> sp.Expr:
    """``Σ_g (x^(g) − x̄)² / G`` (population) or ``/ (G − 1)`` (Bessel)."""
    mean = group_mean(value, n)
    squares = total(lambda r: (value(r) - mean) ** 2, n, g)
    return squares / (n if convention == "population" else n - 1)


def group_std(
    value: Callable[[sp.Expr], sp.Expr], n: Size = G, convention: StdConvention = "population"
) -> sp.Expr:
    """``σ̂ = sqrt(group_variance)``; GRPO implementations use either convention."""
    return sp.sqrt(group_variance(value, n, convention))


def centered_advantage(
    value: Callable[[sp.Expr], sp.Expr], n: Size = G, rollout: sp.Expr = sp.Integer(1)
) -> sp.Expr:
    """The group-relative advantage without a divisor: ``x^(1) − x̄``."""
    return value(rollout) - group_mean(value, n)


def sigma_normalized_advantage(
    value: Callable[[sp.Expr], sp.Expr],
    n: Size = G,
    eps: sp.Expr = epsilon,
    convention: StdConvention = "population",
    rollout: sp.Expr = sp.Integer(1),
) -> sp.Expr:
    """GRPO's advantage ``Â_STD = (x^(1) − x̄) / (σ̂ + ε)``."""
    return centered_advantage(value, n, rollout) / (group_std(value, n, convention) + eps)


def leave_one_out_advantage(
    value: Callable[[sp.Expr], sp.Expr], n: Size = G, rollout: sp.Expr = sp.Integer(1)
) -> sp.Expr:
    """RLOO's advantage ``x^(g) − (1/(G − 1)) Σ_{h ≠ g} x^(h)`` (G ≥ 2)."""
    others = total(value, n, g) - value(rollout)
    return value(rollout) - others / (n - 1)
