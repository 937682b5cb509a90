"""The note's section *Where it differs*: one σ̂ factors out; what holds at finite G."""

from __future__ import annotations

from ..engine.domain import Domain
from ..engine.obligations import Identity, Limit, MonteCarlo, Obligation, Positive
from ..note import model as m
from ..note.vocabulary import (
    EPSILON,
    POLICY,
    SIGMA,
    SIZE_G,
    SIZE_K,
    SIZE_M,
    enumerated_centered_reward,
    expected_centered_reward,
    explicit_domain,
    population_factor,
    soft_domain,
)
from ..numeric.finite_g import expected_z_score_at_mean
from .claim import NOT_IN_NOTE, claim

PROPORTIONAL = (
    r"\mathbb{E}[\hat A_{\mathrm{STD}}] = \frac{A(q, \hat p)}{\hat\sigma + \epsilon} "
    r"\;\propto\; A(q, \hat p)"
)


@claim(
    "proportional_to_true_advantage",
    uses=("no_divisor_unbiased", "single_sigma"),
    sentence="E[Â_STD] = A(q, p̂) / (σ̂ + ε) ∝ A(q, p̂).",
    quote=(
        "the advantage is the true advantage scaled by one positive scalar",
        PROPORTIONAL,
    ),
    statement="with σ̂ fixed, E[Â_STD | p̂] = (G−1)/(G(σ̂+ε)) · A; the factor is positive, "
    "free of p̂, and tends to 1/(σ̂+ε)",
    scope="population limit",
    scope_note="'=' holds as G → ∞ with σ̂ → σ; at finite G with σ̂ held fixed the factor "
    "is (G−1)/(G(σ̂+ε)), still one positive scalar",
    method="expansion to 0 + sign + limit G→∞",
)
def proportional_to_true_advantage() -> tuple[Obligation, ...]:
    sizes = (SIZE_K, SIZE_G, SIZE_M)
    return (
        Identity(
            label="E[Â_STD | p̂] = c_G · A with σ̂ held fixed",
            lhs=expected_centered_reward() / (m.sigma + m.epsilon),
            rhs=population_factor() * m.true_advantage(),
            domain=soft_domain(*POLICY, SIGMA, EPSILON, sizes=sizes),
        ),
        Positive(
            label="c_G > 0",
            expr=population_factor(),
            domain=Domain(intervals=(SIGMA, EPSILON), sizes=(SIZE_G,)),
        ),
        Limit(
            label="c_G → 1 / (σ̂ + ε) as G → ∞",
            expr=population_factor(),
            variable=m.G,
            value=1 / (m.sigma + m.epsilon),
            domain=Domain(intervals=(SIGMA, EPSILON)),
        ),
    )


@claim(
    "no_divisor_unbiased",
    uses=("expected_log_score", "centering_cancels_entropy"),
    sentence=NOT_IN_NOTE + "Dr. GRPO's undivided advantage, the baseline the note compares with.",
    quote=None,
    statement="E[R^(1) − R̄ | p̂^(1)] = (G−1)/G · A(q, p̂)",
    scope="exact",
    scope_note="every G ≥ 2: linearity (symbolic G) and enumeration of every draw (G = 2, 3)",
    method="expansion to 0 + enumeration",
)
def no_divisor_unbiased() -> tuple[Obligation, ...]:
    factor = (m.G - 1) / m.G
    symbolic = Identity(
        label="symbolic K, G, M (linearity over i.i.d. rollouts)",
        lhs=expected_centered_reward(),
        rhs=factor * m.true_advantage(),
        domain=soft_domain(*POLICY, sizes=(SIZE_K, SIZE_G, SIZE_M)),
    )
    enumerated = tuple(
        Identity(
            label=f"G = {group}, M = 2, K = 2 by enumeration of every draw",
            lhs=enumerated_centered_reward(group, 2, 2),
            rhs=factor.subs(m.G, group) * m.true_advantage(m.p, 2, 2),
            domain=explicit_domain(2, 2),
        )
        for group in (2, 3)
    )
    return (symbolic, *enumerated)


@claim(
    "finite_group_proportional",
    uses=("proportional_to_true_advantage", "z_score_rank_preserving"),
    sentence="E[Â_STD] = A(q, p̂)/(σ̂ + ε) ∝ A(q, p̂).",
    quote=PROPORTIONAL,
    condition="σ̂ random (computed from the group), at finite G",
    statement="at finite G with σ̂ random, E[Â_STD | own reward] is proportional to A "
    "(so it vanishes where A = 0) — expected: refuted",
    scope="fails at finite G",
    scope_note="rewards log p̂, p̂ ∼ Beta(5, 1), G = 4: a rollout at the population mean "
    "(A = 0) has expected z-score ≈ −0.29; the '=' holds only as G → ∞",
    method="seeded Monte Carlo",
    expected="refuted",
)
def finite_group_proportional() -> tuple[Obligation, ...]:
    return (
        MonteCarlo(
            label="E[Â_STD | own reward = population mean] = 0 (as A = 0 would require)",
            estimate=expected_z_score_at_mean,
            claimed=0.0,
            setting=(
                ("reward", "log p̂"),
                ("policy", "Beta(5, 1)"),
                ("G", 4),
                ("ε", 0),
                ("std", "population"),
            ),
        ),
    )
