"""Finite-group quantities by seeded Monte Carlo (numpy): E[z-score | own reward].

The z-score is the model's σ-normalized advantage compiled for numpy
(``compiled.group_statistics``), evaluated on every sampled group at once.
"""

from __future__ import annotations

MC_SAMPLES = 200_000
MC_SEED = 20251125


def expected_z_score_at_mean(
    alpha: float = 5.0,
    beta: float = 1.0,
    group: int = 4,
    samples: int = MC_SAMPLES,
    seed: int = MC_SEED,
) -> tuple[float, float, int]:
    """E[(x^(1) − x̄)/σ̂] for a rollout whose reward equals the population mean.

    Rewards ``log p̂`` with ``p̂ ∼ Beta(α, β)``; the other ``G − 1`` rollouts are drawn
    (seeded); σ̂ is the population std of the group.  Returns (mean, standard error, n).
    """
    import mpmath
    import numpy as np

    from ..note import compiled

    rng = np.random.default_rng(seed)
    population_mean = float(mpmath.digamma(alpha) - mpmath.digamma(alpha + beta))
    others = np.log(rng.beta(alpha, beta, size=(samples, group - 1)))
    rewards = np.concatenate([np.full((samples, 1), population_mean), others], axis=1)
    statistics = compiled.group_statistics(group, "population", "numpy")
    z = statistics(list(rewards.T), 0.0)[3][0]
    return float(z.mean()), float(z.std(ddof=1) / np.sqrt(samples)), samples
