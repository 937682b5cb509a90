"""The claim ledger: every claim of the note, as data.

A ``Claim`` holds the note's sentence, the statement in words, its scope (exact, or only in a
limit), how it is proven, the verdict the audit expects, and a function that builds its
proof obligations from the model.  Adding a claim is adding one entry to ``LEDGER``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import sympy as sp

from . import model as m
from .domain import Domain, Interval, Simplex, SizeRange
from .errors import GrpoSigmaError
from .proof import Identity, Limit, Obligation, Positive

Scope = Literal["exact", "population limit", "fails at finite G"]
Expected = Literal["proven", "refuted"]


@dataclass(frozen=True)
class Claim:
    """One claim of the note: what it says, where it holds, and how it is checked."""

    id: str
    sentence: str
    statement: str
    scope: Scope
    scope_note: str
    method: str
    obligations: Callable[[], tuple[Obligation, ...]]
    expected: Expected = "proven"


# ------------------------------------------------------------------- shared domains
SIZE_K = SizeRange(m.K, 1, (2, 3, 4))
SIZE_G = SizeRange(m.G, 2, (2, 3, 4))
SIZE_M = SizeRange(m.M, 1, (2, 3, 1))
EXPLICIT_K = range(2, 9)
EPSILON = Interval(m.epsilon, sp.Integer(0), sp.oo)
SIGMA = Interval(m.sigma, sp.Integer(0), sp.oo)
UNIT = (sp.Integer(0), sp.Integer(1))


def soft_domain(*extra: Simplex | Interval, sizes: tuple[SizeRange, ...] = (SIZE_K,)) -> Domain:
    """The target p on the K-simplex plus what a statement adds."""
    return Domain(
        simplices=(Simplex(m.p, m.K), *(e for e in extra if isinstance(e, Simplex))),
        intervals=tuple(e for e in extra if isinstance(e, Interval)),
        sizes=sizes,
    )


def rollout_reward(r: sp.Expr) -> sp.Expr:
    """``R^(g) = Σ_i p_i log p̂^(g)_i`` for rollout ``g = r``."""
    return m.soft_target_reward(m.p, m.phat, m.K, row=r)


def rollout_kl(r: sp.Expr) -> sp.Expr:
    """``KL^(g) = KL(p ‖ p̂^(g))`` for rollout ``g = r``."""
    return m.kl_divergence(m.p, m.phat, m.K, row=r)


GROUP = (Simplex(m.phat, m.K, rows=m.G),)
POLICY = (Simplex(m.w, m.M), Simplex(m.q, m.K, rows=m.M), Simplex(m.phat, m.K))


def expected_centered_reward(group: m.Size = m.G) -> sp.Expr:
    """``E[R^(1) − R̄ | p̂^(1)]`` for G i.i.d. rollouts: the others contribute ``μ_R`` each."""
    own = m.soft_target_reward(m.p, m.phat, m.K)
    mean_reward = m.policy_expectation(lambda r: m.soft_target_reward(m.p, m.q, m.K, row=r))
    others = (
        sp.Sum(mean_reward, (m.g, 2, group))
        if not isinstance(group, int)
        else ((group - 1) * mean_reward)
    )
    return own - (own + others) / group


def enumerated_centered_reward(group: int, support: int, outcomes: int) -> sp.Expr:
    """``E[R^(1) − R̄ | p̂^(1)]`` by enumerating all ``support^(G−1)`` draws of the others."""
    own = m.soft_target_reward(m.p, m.phat, outcomes)
    total = sp.Integer(0)
    for draw in itertools.product(range(1, support + 1), repeat=group - 1):
        chance = sp.Mul(*(m.w[k] for k in draw))
        rewards = [m.soft_target_reward(m.p, m.q, outcomes, row=k) for k in draw]
        total += chance * (own - (own + sp.Add(*rewards)) / group)
    return total


def explicit_domain(outcomes: int, support: int) -> Domain:
    """Explicit K and M: every simplex written out, so its last entry can be eliminated."""
    vector = lambda base, n, row=None: Simplex(  # noqa: E731
        tuple(base[k] if row is None else base[row, k] for k in range(1, n + 1))
    )
    return Domain(
        simplices=(
            vector(m.p, outcomes),
            vector(m.phat, outcomes),
            vector(m.w, support),
            *(vector(m.q, outcomes, r) for r in range(1, support + 1)),
        )
    )


# ------------------------------------------------------------------------ the claims
def _soft_target_identity() -> tuple[Obligation, ...]:
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


def _expected_log_score() -> tuple[Obligation, ...]:
    bernoulli = Identity(
        label="Bernoulli",
        lhs=m.p_scalar * m.log_score(m.phat_scalar, 1)
        + (1 - m.p_scalar) * m.log_score(m.phat_scalar, 0),
        rhs=m.p_scalar * sp.log(m.phat_scalar) + (1 - m.p_scalar) * sp.log(1 - m.phat_scalar),
        domain=Domain(intervals=(Interval(m.p_scalar, *UNIT), Interval(m.phat_scalar, *UNIT))),
    )
    categorical = tuple(
        Identity(
            label=f"categorical K = {k}",
            lhs=m.expected_log_score(m.p, m.phat, k),
            rhs=m.soft_target_reward(m.p, m.phat, k),
            domain=Domain(simplices=(Simplex(m.p, k), Simplex(m.phat, k)), random_points=4),
        )
        for k in EXPLICIT_K
    )
    def soft_reward_of(prediction):
        return (
            m.p_scalar * sp.log(prediction)
            + (  # noqa: E731
                1 - m.p_scalar
            )
            * sp.log(1 - prediction)
        )
    advantage = Identity(
        label="Bernoulli true advantage = soft-target true advantage",
        lhs=m.bernoulli_true_advantage().subs(
            {m.mu_1: m.bernoulli_mu(1), m.mu_0: m.bernoulli_mu(0)}
        ),
        rhs=soft_reward_of(m.phat_scalar) - m.policy_expectation(lambda r: soft_reward_of(m.q[r])),
        domain=Domain(
            simplices=(Simplex(m.w, m.M),),
            intervals=(
                Interval(m.p_scalar, *UNIT),
                Interval(m.phat_scalar, *UNIT),
                Interval(m.q, *UNIT, length=m.M),
            ),
            sizes=(SIZE_M,),
        ),
    )
    return (bernoulli, *categorical, advantage)


def _centering_cancels_entropy() -> tuple[Obligation, ...]:
    return (
        Identity(
            label="symbolic K and G",
            lhs=m.centered_advantage(rollout_reward),
            rhs=m.group_mean(rollout_kl) - rollout_kl(sp.Integer(1)),
            domain=soft_domain(*GROUP, sizes=(SIZE_K, SIZE_G)),
        ),
    )


def _single_sigma() -> tuple[Obligation, ...]:
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


def population_factor() -> sp.Expr:
    """``c_G = (G − 1) / (G (σ̂ + ε))``: E[Â_STD | p̂] = c_G · A when σ̂ is held fixed."""
    return (m.G - 1) / (m.G * (m.sigma + m.epsilon))


def _proportional_to_true_advantage() -> tuple[Obligation, ...]:
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


def _no_divisor_unbiased() -> tuple[Obligation, ...]:
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


LEDGER: tuple[Claim, ...] = (
    Claim(
        id="soft_target_identity",
        sentence="R(p̂) = Σ_i p_i log p̂_i = −H(p) − KL(p ‖ p̂).",
        statement="Σ_i p_i log p̂_i = −H(p) − KL(p‖p̂) for every K",
        scope="exact",
        scope_note="every K ≥ 1, p and p̂ in the open simplex",
        method="expansion to 0, symbolic K and K=2..8",
        obligations=_soft_target_identity,
    ),
    Claim(
        id="expected_log_score",
        sentence="A(q, p̂) = p (r(p̂,1) − μ_1) + (1−p)(r(p̂,0) − μ_0).",
        statement="E_{a∼p}[r(p̂, a)] = R(p̂); hence the Bernoulli true advantage is "
        "R(p̂) − E_{p̂'}[R(p̂')]",
        scope="exact",
        scope_note="Bernoulli and categorical K = 2..8; policies with M support points",
        method="expansion to 0",
        obligations=_expected_log_score,
    ),
    Claim(
        id="centering_cancels_entropy",
        sentence="Centering cancels the constant H(p), leaving the advantage as a divergence gap.",
        statement="R^(1) − R̄ = KL̄ − KL^(1)",
        scope="exact",
        scope_note="every K and every group size G",
        method="expansion to 0, symbolic K and G",
        obligations=_centering_cancels_entropy,
    ),
    Claim(
        id="single_sigma",
        sentence="The group has a single σ̂ … Â_STD = (KL̄ − KL^(1)) / (σ̂_KL + ε).",
        statement="σ̂_R = σ̂_KL (population and Bessel), so Â_STD = (KL̄ − KL^(1))/(σ̂_KL + ε)",
        scope="exact",
        scope_note="every K, G ≥ 2, ε ≥ 0; both std conventions",
        method="expansion to 0, symbolic K and G",
        obligations=_single_sigma,
    ),
    Claim(
        id="proportional_to_true_advantage",
        sentence="E[Â_STD] = A(q, p̂) / (σ̂ + ε) ∝ A(q, p̂).",
        statement="with σ̂ fixed, E[Â_STD | p̂] = (G−1)/(G(σ̂+ε)) · A; the factor is positive, "
        "free of p̂, and tends to 1/(σ̂+ε)",
        scope="population limit",
        scope_note="'=' holds as G → ∞ with σ̂ → σ; at finite G with σ̂ held fixed the factor "
        "is (G−1)/(G(σ̂+ε)), still one positive scalar",
        method="expansion to 0 + sign + limit G→∞",
        obligations=_proportional_to_true_advantage,
    ),
    Claim(
        id="no_divisor_unbiased",
        sentence="(Dr. GRPO's undivided advantage, the baseline the note compares with.)",
        statement="E[R^(1) − R̄ | p̂^(1)] = (G−1)/G · A(q, p̂)",
        scope="exact",
        scope_note="every G ≥ 2: linearity (symbolic G) and enumeration of every draw (G = 2, 3)",
        method="expansion to 0 + enumeration",
        obligations=_no_divisor_unbiased,
    ),
)


def claim_ids() -> tuple[str, ...]:
    return tuple(c.id for c in LEDGER)


def get_claim(claim_id: str) -> Claim:
    """The ledger entry with this id; ``GrpoSigmaError`` naming the known ids otherwise."""
    for claim in LEDGER:
        if claim.id == claim_id:
            return claim
    raise GrpoSigmaError(f"unknown claim id {claim_id!r}; known: {', '.join(claim_ids())}")
