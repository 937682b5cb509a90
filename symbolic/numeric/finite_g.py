"""Finite-group quantities by seeded Monte Carlo (numpy): E[z-score | own reward].

The z-score is the model's σ-normalized advantage compiled for numpy
(``compiled.group_statistics``), evaluated on every sampled group at once.
"""

from __future__ import annotations

import functools

MC_SAMPLES = 200_000
MC_SEED = 20251125


def beta_log_standardization(alpha: float, beta: float) -> tuple[float, float]:
    """(μ, σ) of the reward ``log p̂``, ``p̂ ∼ Beta(α, β)``: ψ(α) − ψ(α+β), √(ψ1(α) − ψ1(α+β))."""
    import mpmath

    mean = mpmath.digamma(alpha) - mpmath.digamma(alpha + beta)
    std = mpmath.sqrt(mpmath.psi(1, alpha) - mpmath.psi(1, alpha + beta))
    return float(mean), float(std)


def expected_z_score(
    alpha: float = 5.0,
    beta: float = 1.0,
    group: int = 4,
    t: float = 0.0,
    samples: int = MC_SAMPLES,
    seed: int = MC_SEED,
) -> tuple[float, float, int]:
    """E[(x^(1) − x̄)/σ̂ | x^(1) = μ + tσ] for rewards ``log p̂``, ``p̂ ∼ Beta(α, β)``.

    The other ``G − 1`` rollouts are drawn (seeded); σ̂ is the population std of the group,
    ε = 0, computed by ``group_z_scores`` (tested equal to the model's compiled z-score).
    Returns (mean, standard error, n).
    """
    import numpy as np

    mean, std = beta_log_standardization(alpha, beta)
    others = _other_rewards(alpha, beta, group, samples, seed)
    rewards = np.concatenate([np.full((samples, 1), mean + t * std), others], axis=1)
    z = group_z_scores(rewards)
    return float(z.mean()), float(z.std(ddof=1) / np.sqrt(samples)), samples


@functools.lru_cache(maxsize=1)
def _other_rewards(alpha: float, beta: float, group: int, samples: int, seed: int):
    """The seeded rewards ``log p̂`` of the other ``G − 1`` rollouts of every group (one
    draw shared by the points t of one setting; read-only)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    others = np.log(rng.beta(alpha, beta, size=(samples, group - 1)))
    others.flags.writeable = False
    return others


def group_z_scores(rewards):  # numpy array (groups, G) -> (groups,)
    """``(x^(1) − x̄)/σ̂`` (population std, ε = 0) of every row: numpy's twin of the model's
    ``sigma_normalized_advantage`` for any G (lambdifying G = 256 terms would be slow)."""
    centred = rewards[:, 0] - rewards.mean(axis=1)
    return centred / rewards.std(axis=1)


def expected_z_score_at_mean(
    alpha: float = 5.0,
    beta: float = 1.0,
    group: int = 4,
    samples: int = MC_SAMPLES,
    seed: int = MC_SEED,
) -> tuple[float, float, int]:
    """E[(x^(1) − x̄)/σ̂] for a rollout whose reward equals the population mean (t = 0)."""
    return expected_z_score(alpha, beta, group, 0.0, samples, seed)
