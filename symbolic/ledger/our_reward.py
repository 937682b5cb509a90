"""The note's section *Our reward*: the soft-target identity, centering, one σ̂, z-scores."""

from __future__ import annotations

import sympy as sp

from ..engine.domain import Domain, Interval, Simplex
from ..engine.obligations import Identity, Obligation, Positive
from ..note import model as m
from ..note.vocabulary import (
    EPSILON,
    EXPLICIT_K,
    GROUP,
    SIGMA,
    SIZE_G,
    SIZE_K,
    h_index,
    rollout_kl,
    rollout_reward,
    soft_domain,
)
from .claim import claim

G_REAL = sp.Symbol("G", positive=True)
"""The group size read as a real number, where a rational identity in G is checked on (2, 50)."""

SOFT_ADVANTAGE = (
    r"\hat A_{\mathrm{STD}} = \frac{R^{(1)} - \bar R}{\hat\sigma + \epsilon} "
    r"= \frac{\overline{\mathrm{KL}} - \mathrm{KL}^{(1)}}{\hat\sigma_{\mathrm{KL}} + \epsilon}"
)


@claim(
    "soft_target_identity",
    uses=("entropy_kl_definition",),
    sentence="R(p̂) = Σ_i p_i log p̂_i = −H(p) − KL(p ‖ p̂).",
    quote=r"R(\hat p) = \sum_i p_i \log \hat p_i = -H(p) - \mathrm{KL}(p \,\|\, \hat p)",
    statement="Σ_i p_i log p̂_i = −H(p) − KL(p‖p̂) for every K",
    scope="exact",
    scope_note="every K ≥ 1, p and p̂ in the open simplex",
    method="expansion to 0, symbolic K and K=2..8",
)
def soft_target_identity() -> tuple[Obligation, ...]:
    symbolic = Identity(
        label="symbolic K",
        lhs=m.soft_target_reward(m.p, m.phat),
        rhs=-m.entropy(m.p) - m.kl_divergence(m.p, m.phat),
        domain=soft_domain(Simplex(m.phat, m.K)),
    )
    explicit = tuple(
        Identity(
            label=f"K = {k}",
            lhs=m.soft_target_reward(m.p, m.phat, k),
            rhs=-m.entropy(m.p, k) - m.kl_divergence(m.p, m.phat, k),
            domain=Domain(simplices=(Simplex(m.p, k), Simplex(m.phat, k)), random_points=4),
        )
        for k in EXPLICIT_K
    )
    return (symbolic, *explicit)


@claim(
    "centering_cancels_entropy",
    uses=("soft_target_identity", "group_mean_definition"),
    sentence="Centering cancels the constant H(p), leaving the advantage as a divergence gap.",
    quote="Centering cancels the constant $H(p)$, leaving the advantage as a divergence gap",
    statement="R^(1) − R̄ = KL̄ − KL^(1)",
    scope="exact",
    scope_note="every K and every group size G",
    method="expansion to 0, symbolic K and G",
)
def centering_cancels_entropy() -> tuple[Obligation, ...]:
    return (
        Identity(
            label="symbolic K and G",
            lhs=m.centered_advantage(rollout_reward),
            rhs=m.group_mean(rollout_kl) - rollout_kl(sp.Integer(1)),
            domain=soft_domain(*GROUP, sizes=(SIZE_K, SIZE_G)),
        ),
    )


@claim(
    "single_sigma",
    uses=("centering_cancels_entropy", "sigma_normalized_advantage_definition"),
    sentence="The group has a single σ̂ … Â_STD = (KL̄ − KL^(1)) / (σ̂_KL + ε).",
    quote=(
        "there is no sampled outcome to index, so the group has a single $\\hat\\sigma$",
        SOFT_ADVANTAGE,
    ),
    statement="σ̂_R = σ̂_KL (population and Bessel), so Â_STD = (KL̄ − KL^(1))/(σ̂_KL + ε)",
    scope="exact",
    scope_note="every K, G ≥ 2, ε ≥ 0; both std conventions",
    method="expansion to 0, symbolic K and G",
)
def single_sigma() -> tuple[Obligation, ...]:
    domain = soft_domain(*GROUP, EPSILON, sizes=(SIZE_K, SIZE_G))
    obligations: list[Obligation] = []
    for convention in m.STD_CONVENTIONS:
        obligations.append(
            Identity(
                label=f"σ̂_R = σ̂_KL ({convention})",
                lhs=m.group_variance(rollout_reward, convention=convention),
                rhs=m.group_variance(rollout_kl, convention=convention),
                domain=domain,
            )
        )
        obligations.append(
            Identity(
                label=f"Â_STD = (KL̄ − KL^(1)) / (σ̂_KL + ε) ({convention})",
                lhs=m.sigma_normalized_advantage(rollout_reward, convention=convention),
                rhs=(m.group_mean(rollout_kl) - rollout_kl(sp.Integer(1)))
                / (m.group_std(rollout_kl, convention=convention) + m.epsilon),
                domain=domain,
            )
        )
    return tuple(obligations)


@claim(
    "z_score_rank_preserving",
    uses=("single_sigma",),
    sentence="The advantage is a z-score of the rollout's KL-to-target within its group.",
    quote="The advantage is a z-score of the rollout's KL-to-target within its group",
    statement="with the other rollouts fixed, a rollout's z-score strictly increases with "
    "its own reward (ε > 0); at ε = 0 it is non-decreasing, strictly unless the others "
    "are all equal",
    scope="exact",
    scope_note="every finite G ≥ 2, population std; at ε = 0 the derivative is "
    "T/(G² σ̂³) ≥ 0, zero only when x_2 = … = x_G; hence E[Â | own reward] is "
    "rank-preserving",
    method="derivative identity + sign",
)
def z_score_rank_preserving() -> tuple[Obligation, ...]:
    """z = (x_1 − x̄)/(σ̂ + ε) with the other rewards x_2..x_G fixed, for every G."""
    own = m.x[1]
    others = sp.Sum(m.x[m.g], (m.g, 2, m.G))
    mean = (own + others) / m.G
    variance = ((own - mean) ** 2 + sp.Sum((m.x[m.g] - mean) ** 2, (m.g, 2, m.G))) / m.G
    pair_spread = sp.Sum((m.x[m.g] - m.x[h_index]) ** 2, (m.g, 2, m.G), (h_index, 2, m.G))
    gap = sp.Symbol("d", real=True)
    sig = m.sigma  # σ̂, ranging over the domain SIGMA
    spread = sp.Symbol("T", nonnegative=True)
    quotient_rule = ((m.G - 1) / m.G * (sig + m.epsilon) - gap * gap / (m.G * sig)) / (
        sig + m.epsilon
    ) ** 2
    derivative = ((m.G - 1) * sig**2 - gap**2 + (m.G - 1) * sig * m.epsilon) / (
        m.G * sig * (sig + m.epsilon) ** 2
    )
    rewards = Domain(
        intervals=(Interval(m.x, -sp.Integer(5), sp.Integer(5), m.G),), sizes=(SIZE_G,)
    )
    explicit = []
    for size in (2, 3, 4):
        xs = list(sp.symbols(f"x1:{size + 1}", real=True))
        centre = sp.Add(*xs) / size
        std = sp.sqrt(sp.Add(*((v - centre) ** 2 for v in xs)) / size)
        explicit.append(
            Identity(
                label=f"G = {size}: ∂σ̂/∂x_1 = (x_1 − x̄)/(G σ̂)",
                lhs=sp.diff(std, xs[0]),
                rhs=(xs[0] - centre) / (size * std),
                domain=Domain(
                    intervals=tuple(Interval(v, -sp.Integer(5), sp.Integer(5)) for v in xs)
                ),
            )
        )
    return (
        *explicit,
        Identity(
            label="quotient rule: ∂z/∂x_1 = ((G−1)σ̂² − d² + (G−1)σ̂ε)/(G σ̂ (σ̂+ε)²), d = x_1 − x̄",
            # G read as a real number in (2, 50): a rational identity in G holds for the
            # integers if it holds for the reals (the integer G is not on an interval)
            lhs=quotient_rule.xreplace({m.G: G_REAL}),
            rhs=derivative.xreplace({m.G: G_REAL}),
            domain=Domain(
                intervals=(
                    Interval(gap, -sp.Integer(5), sp.Integer(5)),
                    SIGMA,
                    EPSILON,
                    Interval(G_REAL, sp.Integer(2), sp.Integer(50)),
                )
            ),
        ),
        Identity(
            label="(G−1)σ̂² − (x_1 − x̄)² = (1/(2G)) Σ_{g,h≥2} (x_g − x_h)² ≥ 0",
            lhs=(m.G - 1) * variance - (own - mean) ** 2,
            rhs=pair_spread / (2 * m.G),
            domain=rewards,
        ),
        Positive(
            label="∂z/∂x_1 = (T/G + (G−1)σ̂ε)/(G σ̂ (σ̂+ε)²) > 0 for ε > 0, T ≥ 0",
            expr=(spread / m.G + (m.G - 1) * sig * m.epsilon)
            / (m.G * sig * (sig + m.epsilon) ** 2),
            domain=Domain(
                intervals=(Interval(spread, sp.Integer(0), sp.oo), SIGMA, EPSILON), sizes=(SIZE_G,)
            ),
        ),
    )
