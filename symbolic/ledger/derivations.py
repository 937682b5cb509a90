"""The note's derivations as data: chains of steps, each proven equal to the one before or
marked as holding by definition (``symbolic.ledger.derivation`` checks them).

Each step is written in the note's notation and carries its justification; a step that
unfolds a definition is marked ``definition=True`` and typeset "by definition", never as a
proven step.  Adding a derivation is adding one entry to ``DERIVATIONS``.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from ..engine.domain import Simplex
from ..note import model as m
from ..note.notation import (
    A_STD,
    KL,
    A,
    Expectation,
    H,
    KL_bar,
    R,
    R_bar,
    kl,
    mu_R,
    phat_star,
    reward,
    sigma_KL,
    sigma_R,
    w_0,
    w_1,
    z_kl,
)
from ..note.vocabulary import (
    EPSILON,
    GROUP,
    POLICY,
    SIGMA,
    SIZE_G,
    SIZE_K,
    SIZE_M,
    mechanism_domain,
    population_factor,
    soft_domain,
)
from ..registry import find
from .derivation import (
    CheckedDerivation,
    Derivation,
    DerivationError,
    Step,
    check_derivation,
    step_obligation,
)
from .scoring_rules import FREE_SAVAGE, GRAD_P, GRAD_PHAT, PHI_P, PHI_PHAT, free_savage_domain


# ------------------------------------------------------------------ the derivations
def _soft_target_identity() -> Derivation:
    i, p, phat = m.i, m.p, m.phat
    return Derivation(
        id="soft_target_identity",
        title="The soft-target reward is minus the entropy minus the KL",
        claim_id="soft_target_identity",
        sentence="R(p̂) = Σ_i p_i log p̂_i = −H(p) − KL(p ‖ p̂).",
        reasoning="We score a prediction p̂ deterministically against a known soft target p. "
        "Splitting log p̂_i into log p_i and log(p_i / p̂_i) separates a term that depends on "
        "the target alone, the entropy, from the divergence of the prediction to the target.",
        domain=soft_domain(Simplex(phat, m.K)),
        steps=(
            Step(R(phat), "the soft-target reward of a prediction p̂"),
            Step(m.soft_target_reward(p, phat), "its definition", definition=True),
            Step(
                sp.Sum(p[i] * (sp.log(p[i]) - sp.log(p[i] / phat[i])), (i, 1, m.K)),
                "expand the logarithm of a quotient: log(p_i / p̂_i) = log p_i − log p̂_i",
            ),
            Step(
                sp.Add(-m.entropy(p), -m.kl_divergence(p, phat), evaluate=False),
                "split the sum",
            ),
            Step(
                sp.Add(-H(p), -KL(p, phat), evaluate=False),
                "the definitions of the entropy H(p) and of KL(p ‖ p̂)",
                definition=True,
            ),
        ),
    )


def root_mean_square(deviation: Callable[[sp.Expr], sp.Expr]) -> sp.Expr:
    """``sqrt((1/G) Σ_g d(g)²)`` as written (unevaluated, so it prints as the note writes it)."""
    mean = sp.Mul(1 / m.G, m.total(lambda r: deviation(r) ** 2, m.G, m.g), evaluate=False)
    return sp.Pow(mean, sp.S.Half, evaluate=False)


def _centering_and_single_sigma() -> Derivation:
    g, G = m.g, m.G
    eps = m.epsilon

    def centered(value: sp.Expr) -> sp.Expr:
        return sp.Add(value, -R_bar, evaluate=False)

    soft = lambda r: sp.Add(-H(m.p), -kl[r], evaluate=False)  # noqa: E731
    gap = sp.Add(KL_bar, -kl[1], evaluate=False)
    return Derivation(
        id="centering_and_single_sigma",
        title="Centering cancels the entropy; the group has a single σ̂",
        claim_id="single_sigma",
        sentence="Centering cancels the constant H(p), leaving the advantage as a divergence "
        "gap: Â_STD = (R^(1) − R̄)/(σ̂ + ε) = (KL̄ − KL^(1))/(σ̂_KL + ε).",
        reasoning="The reward is one scalar per rollout, R^(g) = −H(p) − KL^(g), with the same "
        "H(p) for every rollout of the group. Subtracting the group mean removes it, and the "
        "group std of the rewards is the group std of the KLs: there is a single σ̂. The "
        "advantage is the z-score of the rollout's KL to the target within its group, with "
        "the sign flipped: how many group σ closer to p this rollout is than its peers.",
        domain=soft_domain(*GROUP, EPSILON, sizes=(SIZE_K, SIZE_G)),
        steps=(
            Step(A_STD, "GRPO's σ-normalized advantage of rollout 1"),
            Step(
                centered(reward[1]) / (sigma_R + eps),
                "its definition, with the group mean R̄ and the group std σ̂_R of the rewards",
                definition=True,
            ),
            Step(
                sp.Add(soft(1), -m.total(soft, G, g) / G, evaluate=False) / (sigma_R + eps),
                "the soft-target identity R^(g) = −H(p) − KL^(g), and R̄ = (1/G) Σ_g R^(g)",
            ),
            Step(
                gap / (sigma_R + eps),
                "Σ_g H(p) = G H(p): centering cancels the entropy; KL̄ = (1/G) Σ_g KL^(g)",
            ),
            Step(
                gap / (root_mean_square(lambda r: centered(reward[r])) + eps),
                "the population std of the rewards: σ̂_R² = (1/G) Σ_g (R^(g) − R̄)²",
                definition=True,
            ),
            Step(
                gap / (root_mean_square(lambda r: sp.Add(KL_bar, -kl[r], evaluate=False)) + eps),
                "R^(g) − R̄ = KL̄ − KL^(g) for every rollout, as for rollout 1",
            ),
            Step(
                gap / (sigma_KL + eps),
                "the group std of the KLs: a single σ̂ = σ̂_KL (Bessel's G − 1 alike)",
            ),
            Step(
                -z_kl[1],
                "z^(1)_KL = (KL^(1) − KL̄)/(σ̂_KL + ε): the negative z-score of the rollout's KL",
            ),
        ),
    )


def _proportional_to_true_advantage() -> Derivation:
    G, sigma, eps = m.G, m.sigma, m.epsilon
    centered = sp.Add(reward[1], -R_bar, evaluate=False)
    others = sp.Add(R(m.phat), (G - 1) * mu_R, evaluate=False)
    return Derivation(
        id="proportional_to_true_advantage",
        title="The expected advantage is proportional to the true advantage",
        claim_id="proportional_to_true_advantage",
        sentence="A single σ̂ … factors out, so the advantage is the true advantage scaled by one "
        "positive scalar: E[Â_STD] = A(q, p̂)/(σ̂ + ε) ∝ A(q, p̂).",
        reasoning="Hold the group std σ̂ fixed and take the expectation over the other G − 1 "
        "rollouts of the group, independent draws p̂' of the policy π. Each contributes the "
        "policy's mean reward μ_R = E_{p̂'∼π}[R(p̂')], so the expected centered reward is "
        "(G − 1)/G times the true advantage A(q, p̂) = R(p̂) − μ_R. The divisor is one positive "
        "scalar, free of p̂: it rescales the whole advantage and cannot change its direction.",
        domain=soft_domain(*POLICY, SIGMA, EPSILON, sizes=(SIZE_K, SIZE_G, SIZE_M)),
        steps=(
            Step(
                Expectation(centered / (sigma + eps), m.phat),
                "the expected advantage of a rollout with prediction p̂, σ̂ held fixed",
            ),
            Step(
                Expectation(centered, m.phat) / (sigma + eps),
                "σ̂ held fixed leaves the expectation",
                assumption="the group std σ̂ is held fixed: it does not vary with the rollouts",
            ),
            Step(
                sp.Add(R(m.phat), -sp.Mul(1 / G, others, evaluate=False), evaluate=False)
                / (sigma + eps),
                "the other G − 1 rollouts are independent draws of the policy, each with mean "
                "reward μ_R = E_{p̂'∼π}[R(p̂')]",
            ),
            Step(
                (G - 1) / G * sp.Add(R(m.phat), -mu_R, evaluate=False) / (sigma + eps),
                "collect R(p̂)",
            ),
            Step(
                population_factor() * A(m.q, m.phat),
                "the true advantage A(q, p̂) = R(p̂) − μ_R",
                definition=True,
            ),
            Step(
                A(m.q, m.phat) / (sigma + eps),
                "(G − 1)/(G(σ̂ + ε)) → 1/(σ̂ + ε) as G → ∞: one positive scalar",
                limit=(G, sp.oo),
            ),
        ),
    )


def _per_outcome_optimum() -> Derivation:
    p, x = m.p_scalar, m.phat_scalar
    penalty = (1 - p) * (sp.log(1 - x) - m.mu_0)
    reward_1 = p * (sp.log(x) - m.mu_1)
    objective = reward_1 / (m.sigma_1 + m.epsilon) + penalty / (m.sigma_0 + m.epsilon)
    weighted = sp.Add(p * w_1, (1 - p) * w_0, evaluate=False)
    curvature = x * (1 - x)
    return Derivation(
        id="per_outcome_optimum",
        title="Per-outcome σ_a: the σ-normalized advantage peaks at a biased optimum",
        claim_id="biased_optimum",
        sentence="The group std in the denominator depends on which outcome occurred, so there "
        "are two, σ_1 and σ_0 … the a = 0 term, the penalty that should punish "
        "overconfidence, is divided by the larger number and shrinks. Overconfident "
        "predictions look better than they are.",
        reasoning="With a sampled outcome a ∼ Bernoulli(p) the reward of a prediction p̂ is "
        "log p̂ or log(1 − p̂), each with its own group std σ_a, and the σ-normalized expected "
        "advantage weighs the two terms of the true advantage by w_a = 1/(σ_a + ε). Its slope "
        "in p̂ vanishes at p̂* = p w_1/(p w_1 + (1 − p) w_0), positive below and negative "
        "above: p̂* is the unique maximum, and it is the calibrated p only when w_0 = w_1.",
        domain=mechanism_domain(),
        steps=(
            Step(
                sp.Derivative(objective, x),
                "the slope in p̂ of the σ-normalized expected advantage, "
                "p (log p̂ − μ_1)/(σ_1 + ε) + (1 − p)(log(1 − p̂) − μ_0)/(σ_0 + ε)",
            ),
            Step(
                sp.Derivative(w_1 * reward_1 + w_0 * penalty, x),
                "the weights w_a = 1/(σ_a + ε)",
                definition=True,
            ),
            Step(
                sp.Add(p * w_1 / x, -((1 - p) * w_0 / (1 - x)), evaluate=False),
                "differentiate: (log p̂)' = 1/p̂ and (log(1 − p̂))' = −1/(1 − p̂); μ_a are constants",
            ),
            Step(
                sp.Add(p * w_1 * (1 - x), -((1 - p) * w_0 * x), evaluate=False) / curvature,
                "a common denominator",
            ),
            Step(
                sp.Add(p * w_1, -(weighted * x), evaluate=False) / curvature,
                "collect p̂",
            ),
            Step(
                weighted * sp.Add(p * w_1 / weighted, -x, evaluate=False) / curvature,
                "take out the factor p w_1 + (1 − p) w_0",
            ),
            Step(
                weighted * sp.Add(phat_star, -x, evaluate=False) / curvature,
                "p̂* = p w_1/(p w_1 + (1 − p) w_0): the slope is positive below p̂* and negative "
                "above, so p̂* is the unique maximum",
                definition=True,
            ),
        ),
    )


def _biased_optimum_odds() -> Derivation:
    p = m.p_scalar
    weighted = sp.Add(p * w_1, (1 - p) * w_0, evaluate=False)
    return Derivation(
        id="biased_optimum_odds",
        title="The biased optimum multiplies the odds by (σ_0 + ε)/(σ_1 + ε)",
        claim_id="biased_optimum",
        sentence="As the policy concentrates above 0.5, σ_0 > σ_1 (their Fig. 5), so the a = 0 "
        "term … shrinks, while the a = 1 reward dominates. Overconfident predictions look "
        "better than they are.",
        reasoning="The odds of the biased optimum are the odds of the target times "
        "w_1/w_0 = (σ_0 + ε)/(σ_1 + ε). A policy concentrated above 1/2 has σ_0 > σ_1, so "
        "the factor exceeds 1 and p̂* > p: the optimum is pushed toward the vertex p̂ = 1. "
        "With a single σ, as for a known soft target, the factor is 1 and p̂* = p.",
        domain=mechanism_domain(),
        steps=(
            Step(m.odds(phat_star), "the odds of the biased optimum p̂*"),
            Step(
                (p * w_1 / weighted) / (1 - p * w_1 / weighted),
                "its definition p̂* = p w_1/(p w_1 + (1 − p) w_0), w_a = 1/(σ_a + ε)",
                definition=True,
            ),
            Step(
                p * w_1 / ((1 - p) * w_0),
                "multiply the numerator and the denominator by p w_1 + (1 − p) w_0, and "
                "cancel p w_1 in the denominator",
            ),
            Step(
                m.odds(p) * (m.sigma_0 + m.epsilon) / (m.sigma_1 + m.epsilon),
                "w_1/w_0 = (σ_0 + ε)/(σ_1 + ε): the odds of p times a factor above 1 when "
                "σ_0 > σ_1",
                definition=True,
            ),
        ),
    )


def minus(expr: sp.Expr) -> sp.Expr:
    """``−(expr)`` as written, the sign kept outside the bracket."""
    return sp.Mul(-1, expr, evaluate=False)


def _generalized_soft_target_identity() -> Derivation:
    a, k, K = m.outcome, m.k_index, m.K
    p, phat = m.vector_of(m.p), m.vector_of(m.phat)
    tilt = m.total(lambda b: GRAD_PHAT[b] * (m.p[b] - m.phat[b]), K, a)
    bregman = m.bregman_divergence(PHI_P, PHI_PHAT, lambda b: GRAD_PHAT[b], p, phat, K)
    at_p = lambda b: m.savage_form(PHI_P, lambda c: GRAD_P[c], p, b, K)  # noqa: E731
    expected_at_p = m.total(lambda b: m.p[b] * at_p(b), K, a)
    return Derivation(
        id="generalized_soft_target_identity",
        title="Every proper scoring rule: the soft-target reward is −H_S − D_S",
        claim_id="generalized_soft_target_identity",
        sentence="R(p̂) = Σ_i p_i log p̂_i = −H(p) − KL(p ‖ p̂), for any proper scoring rule S "
        "in Savage's form S(p̂, a) = Φ(p̂) + ⟨∇Φ(p̂), e_a − p̂⟩.",
        reasoning="Nothing in the note's identity needs the logarithm. A proper scoring rule "
        "is Φ(p̂) plus the first-order change of a convex Φ from p̂ toward the outcome e_a. "
        "Averaging over a ∼ p moves e_a to p: the expected score is Φ(p̂) + ⟨∇Φ(p̂), p − p̂⟩, "
        "the tangent of Φ at p̂ evaluated at p. It falls short of Φ(p) = −H_S(p) by the "
        "Bregman divergence of Φ, D_S(p‖p̂), which is ≥ 0, = 0 only at p̂ = p, when Φ is "
        "strictly convex. For Φ = Σ p̂ log p̂ this is −H(p) − KL(p ‖ p̂). The values of Φ and ∇Φ "
        "stay symbols: the steps hold for every differentiable Φ.",
        domain=free_savage_domain(Simplex(m.phat, K)),
        steps=(
            Step(
                m.expected_score(FREE_SAVAGE, p, phat),
                "the soft-target reward E_{a∼p}[S(p̂, a)] of the Savage form",
            ),
            Step(
                sp.Add(
                    m.total(lambda b: m.p[b] * PHI_PHAT, K, a),
                    m.total(lambda b: m.p[b] * GRAD_PHAT[b], K, a),
                    -m.total(lambda b: m.p[b], K, a)
                    * m.total(lambda b: GRAD_PHAT[b] * m.phat[b], K, k),
                    evaluate=False,
                ),
                "linearity of the expectation",
            ),
            Step(
                sp.Add(PHI_PHAT, tilt, evaluate=False),
                "Σ_a p_a = 1: Φ(p̂) + ⟨∇Φ(p̂), p − p̂⟩, the tangent of Φ at p̂ evaluated at p",
            ),
            Step(
                sp.Add(PHI_P, minus(bregman), evaluate=False),
                "add and subtract Φ(p): B_Φ(p, p̂) = Φ(p) − Φ(p̂) − ⟨∇Φ(p̂), p − p̂⟩ is the "
                "Bregman divergence of Φ, D_S(p‖p̂) of the rule",
                definition=True,
            ),
            Step(
                sp.Add(expected_at_p, minus(bregman), evaluate=False),
                "Φ(p) = E_{a∼p}[S(p, a)] = −H_S(p): at p̂ = p the tangent term "
                "⟨∇Φ(p), p − p⟩ vanishes (Σ_a p_a = 1)",
            ),
        ),
    )


DERIVATIONS: tuple[Derivation, ...] = (
    _soft_target_identity(),
    _centering_and_single_sigma(),
    _proportional_to_true_advantage(),
    _per_outcome_optimum(),
    _biased_optimum_odds(),
    _generalized_soft_target_identity(),
)


def get_derivation(derivation_id: str) -> Derivation:
    """The derivation with this id; ``GrpoSigmaError`` naming the known ids otherwise."""
    return find(DERIVATIONS, derivation_id, "derivation id")


__all__ = [
    "DERIVATIONS",
    "CheckedDerivation",
    "Derivation",
    "DerivationError",
    "Step",
    "check_derivation",
    "get_derivation",
    "step_obligation",
]
