"""The note's section *Simplex geometry*: corner-seeking optima and the interior optimum."""

from __future__ import annotations

import sympy as sp

from ..engine.domain import Domain, Interval, Simplex
from ..engine.obligations import Identity, Inequality, Limit, Obligation, Positive
from ..engine.rules import AtZero, TermwiseSum
from ..note import model as m
from ..note.vocabulary import (
    EPSILON,
    SIGMA,
    UNIT,
    UNIT_P,
    soft_domain,
)
from .claim import claim


@claim(
    "drift_to_vertex",
    uses=("biased_optimum", "beta_sigma_ratio_limit"),
    sentence="Overconfidence means the optimizer is driven toward a vertex of the simplex.",
    quote="Overconfidence means the optimizer is driven toward a vertex of the simplex",
    statement="with σ_0/σ_1 = odds(x), ε → 0: odds(p̂*) = odds(p)·odds(x); the "
    "self-consistent map x → p̂* has fixed points only at 0 and 1 (p ≠ 1/2) and moves "
    "toward 1 if p > 1/2; with one σ, p̂* = p",
    scope="narrow-policy limit",
    scope_note="uses the κ → ∞ ratio of beta_sigma_ratio_limit and ε → 0; "
    "monotone and bounded, the iteration converges to the vertex",
    method="expansion to 0 + sign",
)
def drift_to_vertex() -> tuple[Obligation, ...]:
    x = m.policy_mean
    step = m.biased_optimum(m.p_scalar, x, 1 - x, sp.Integer(0))  # σ_0/σ_1 = odds(x), ε → 0
    unit = Domain(intervals=(UNIT_P, Interval(x, *UNIT)))
    return (
        Identity(
            label="odds(p̂*) = odds(p)·odds(x)",
            lhs=m.odds(step),
            rhs=m.odds(m.p_scalar) * m.odds(x),
            domain=unit,
        ),
        Identity(
            label="logit(p̂*) = logit(p) + logit(x)",
            lhs=sp.log(m.odds(step)),
            rhs=sp.log(m.odds(m.p_scalar)) + sp.log(m.odds(x)),
            domain=unit,
            method="log of a product of positives",
        ),
        Identity(
            label="f(x) − x = x(1 − x)(2p − 1)/(p x + (1 − p)(1 − x))",
            lhs=step - x,
            rhs=x * (1 - x) * (2 * m.p_scalar - 1) / (m.p_scalar * x + (1 - m.p_scalar) * (1 - x)),
            domain=unit,
        ),
        Positive(
            label="(f(x) − x)/(2p − 1) > 0: moves toward 1 if p > 1/2, toward 0 if p < 1/2",
            expr=(step - x) / (2 * m.p_scalar - 1),
            domain=unit,
        ),
        Identity(
            label="one σ (soft target): p̂* = p",
            lhs=m.biased_optimum(s0=m.sigma, s1=m.sigma),
            rhs=m.p_scalar,
            domain=Domain(intervals=(UNIT_P, SIGMA, EPSILON)),
        ),
    )


@claim(
    "gibbs_interior_optimum",
    uses=("soft_target_identity",),
    sentence="The pathology needs a corner-seeking optimum; a known soft target does not have one.",
    quote="The pathology needs a corner-seeking optimum; a known soft target does not have one.",
    statement="one-hot target e_k: the reward's maximum is the vertex e_k; soft target p "
    "in the interior: the unique maximizer is p̂ = p (KL ≥ 0, = 0 iff p̂ = p)",
    scope="exact",
    scope_note="every K, through log y ≤ y − 1",
    method="log y ≤ y − 1, symbolic K",
)
def gibbs_interior_optimum() -> tuple[Obligation, ...]:
    y = sp.Symbol("y", positive=True)
    h = y - 1 - sp.log(y)  # log y ≤ y − 1, with equality only at y = 1
    simplexes = soft_domain(Simplex(m.phat, m.K))
    return (
        Limit(
            label="h(1) = 0, h(y) = y − 1 − log y (h continuous: its limit at y → 1)",
            expr=h,
            variable=y,
            point=sp.Integer(1),
            value=sp.Integer(0),
            domain=Domain(),
        ),
        Positive(
            label="h decreasing on (0, 1): −h'(y) > 0",
            expr=-sp.diff(h, y),
            domain=Domain(intervals=(Interval(y, *UNIT),)),
        ),
        Positive(
            label="h increasing on (1, ∞): h'(y) > 0",
            expr=sp.diff(h, y),
            domain=Domain(intervals=(Interval(y, sp.Integer(1), sp.oo),)),
        ),
        Identity(
            label="KL(p‖p̂) = Σ_i p_i h(p̂_i/p_i) (Σ p̂_i = Σ p_i = 1)",
            lhs=m.kl_divergence(m.p, m.phat),
            rhs=m.total(lambda k: m.p[k] * h.subs(y, m.phat[k] / m.p[k]), m.K, m.i)
            - m.total(lambda k: m.phat[k], m.K, m.i)
            + m.total(lambda k: m.p[k], m.K, m.i),
            domain=simplexes,
        ),
        Inequality(
            label="Gibbs: KL(p‖p̂) ≥ 0, = 0 exactly at p̂ = p",
            expr=m.kl_divergence(m.p, m.phat),
            strict=False,
            equality={m.phat: m.p},
            domain=simplexes,
            method="Σ_i p_i h(p̂_i/p_i) with h ≥ 0, = 0 only at 1",
            rule=TermwiseSum(
                form=m.total(lambda k: m.p[k] * h.subs(y, m.phat[k] / m.p[k]), m.K, m.i),
                weight=m.p[m.i],
                term=AtZero(
                    function=sp.Lambda(y, h),
                    argument=m.phat[m.i] / m.p[m.i],
                    at=sp.Integer(1),
                    on=(sp.Integer(0), sp.oo),
                ),
            ),
        ),
        Identity(
            label="soft target: R(p̂) − R(p) = −KL(p‖p̂), so p̂ = p is the unique maximum",
            lhs=m.soft_target_reward(m.p, m.phat) - m.soft_target_reward(m.p, m.p),
            rhs=-m.kl_divergence(m.p, m.phat),
            domain=simplexes,
        ),
        Positive(
            label="one-hot target e_k: R(p̂) = log p̂_k < 0 = R(e_k), the vertex is the maximum",
            expr=-sp.log(y),
            domain=Domain(intervals=(Interval(y, *UNIT),)),
        ),
    )
