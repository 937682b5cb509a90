"""Strict propriety (the soft target is the unique optimum) and σ_0 > σ_1 for Brier and
spherical groups whose predictions are all above 1/2.

Strict propriety is ``D_S(p‖p̂) ≥ 0`` with equality exactly at ``p̂ = p``: for every K a
weighted sum of terms that vanish only there (log: ``p_i h(p̂_i/p_i)``, ``h(y) = y − 1 −
log y``; Brier: ``½(p̂_i − p_i)²``; spherical: ``(p_i − c p̂_i)²/(2‖p‖)``, ``c = ‖p‖/‖p̂‖``),
and for two outcomes along the odds coordinate ``odds(p̂) = y·odds(p)``, where ``p̂ = p`` is
``y = 1`` and the derivative changes sign there (any rule, including Savage forms).
σ̂_0² − σ̂_1² is a pairwise sum of ``(f(y_g) − f(y_h))(k(y_g) − k(y_h))`` with f and k
increasing on (1/2, 1), as for the log score (``sigma0_exceeds_sigma1_groups``).
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from ..engine.domain import Domain, Interval, Simplex
from ..engine.obligations import Inequality, Obligation
from ..engine.rules import AtZero, Comonotone, DerivativeSign, TermwiseSum
from ..engine.text import expression_text
from ..note import model as m
from ..note.vocabulary import SIZE_G, UNIT_P, h_index, soft_domain
from .claim import NOT_IN_NOTE, claim
from .scoring_mechanism import pair

P, PHAT = m.vector_of(m.p), m.vector_of(m.phat)
ODDS_RATIO = sp.Symbol("y", positive=True)  # odds(p̂) = y·odds(p): p̂ = p exactly at y = 1
TSALLIS = sp.Symbol("gamma", positive=True)
TSALLIS_RANGE = Interval(TSALLIS, sp.Integer(1), sp.Integer(3))
X1, X2 = sp.symbols("x1 x2", positive=True)
TSALLIS_RULE = m.savage_rule(
    (X1**TSALLIS + X2**TSALLIS - 1) / (TSALLIS - 1), (X1, X2), name="Savage, Tsallis Φ_γ"
)
"""Savage's form of ``Φ_γ(x) = (Σ x_k^γ − 1)/(γ − 1)``, strictly convex for γ > 1 (γ = 2 is
Brier's potential, γ → 1 the log score's)."""


def odds_prediction(target: sp.Expr = m.p_scalar, y: sp.Expr = ODDS_RATIO) -> sp.Expr:
    """The prediction ``p̂`` with ``odds(p̂) = y·odds(p)``: ``p̂ = p y/(p y + 1 − p)``."""
    return target * y / (target * y + 1 - target)


def binary_propriety(rule: m.ScoringRule, *extra: Interval, label: str = "") -> Inequality:
    """Two outcomes: ``D_S(p‖p̂) = E_p[S(p, a)] − E_p[S(p̂, a)] ≥ 0``, zero exactly at
    ``p̂ = p`` (``y = 1``), by the sign of the derivative along the odds coordinate."""
    divergence = m.generalized_divergence(rule, pair(m.p_scalar), pair(odds_prediction()), 2)
    return Inequality(
        label=label or f"{rule.name}, K = 2: D_S(p‖p̂) ≥ 0, = 0 exactly at p̂ = p",
        expr=divergence,
        strict=False,
        equality={ODDS_RATIO: sp.Integer(1)},
        domain=Domain(
            intervals=(UNIT_P, Interval(ODDS_RATIO, sp.Integer(0), sp.oo), *extra),
            random_points=4,
        ),
        method="odds(p̂) = y·odds(p): D(1) = 0, ∂D/∂y < 0 below 1, > 0 above",
        rule=DerivativeSign(variable=ODDS_RATIO, at=sp.Integer(1)),
    )


def _termwise(
    weight: sp.Expr, function: sp.Lambda, argument: Callable, at: sp.Expr, **kw: object
) -> TermwiseSum:
    """``Σ_i weight·f(argument_i)``, each term ≥ 0 and zero only at ``argument_i = at``."""
    return TermwiseSum(
        form=m.total(lambda k: weight * function(argument(k)), m.K, m.i),
        weight=weight,
        term=AtZero(function=function, argument=argument(m.i), at=at, **kw),
    )


@claim(
    "strict_propriety",
    uses=("generalized_soft_target_identity", "gibbs_interior_optimum", "savage_representation"),
    sentence=NOT_IN_NOTE + "the log, Brier and spherical scores and Savage forms of strictly "
    "convex Φ are strictly proper: the soft target p is the unique maximizer of the reward.",
    quote=None,
    statement="D_S(p‖p̂) = E_p[S(p, a)] − E_p[S(p̂, a)] ≥ 0 with equality exactly at p̂ = p, so "
    "E_{a∼p}[S(p̂, a)] = −H_S(p) − D_S(p‖p̂) has the unique interior maximizer p̂ = p: log "
    "(Gibbs), Brier, spherical, and the Savage form of Φ_γ = (Σ x^γ − 1)/(γ − 1)",
    scope="exact",
    scope_note="log and Brier for every K (equality exactly at p̂ = p); spherical ≥ 0 for "
    "every K, equality exactly at p̂ = p for K = 2; Savage's form of the Tsallis potential "
    "Φ_γ for every γ ∈ (1, 3) at K = 2 (a user's Φ: check_propriety). For an arbitrary "
    "strictly convex Φ the inequality is the first-order convexity condition, not proven "
    "here in general",
    method="weighted sums of terms zero only at p̂ = p (symbolic K); derivative sign along "
    "the odds coordinate (K = 2)",
)
def strict_propriety() -> tuple[Obligation, ...]:
    domain = soft_domain(Simplex(m.phat, m.K))
    u, z = sp.Symbol("y", positive=True), sp.Symbol("z", real=True)
    h = sp.Lambda(u, u - 1 - sp.log(u))
    square = sp.Lambda(z, z**2)
    scale = m.norm(P) / m.norm(PHAT)
    everywhere = (-sp.oo, sp.oo)
    symbolic = (
        (m.LOG_RULE, m.p[m.i], h, lambda k: m.phat[k] / m.p[k], 1, (sp.Integer(0), sp.oo)),
        (m.BRIER_RULE, sp.Rational(1, 2), square, lambda k: m.phat[k] - m.p[k], 0, everywhere),
    )
    obligations: list[Obligation] = [
        Inequality(
            label=f"{rule.name}, every K: D_S(p‖p̂) ≥ 0, = 0 exactly at p̂ = p",
            expr=rule.divergence(P, PHAT, m.K),
            strict=False,
            equality={m.phat: m.p},
            domain=domain,
            method="a weighted sum of terms, each ≥ 0 and zero only where p̂_i = p_i",
            rule=_termwise(weight, f, arg, sp.Integer(at), on=on),
        )
        for rule, weight, f, arg, at, on in symbolic
    ]
    obligations.append(
        Inequality(
            label="spherical, every K: D_S(p‖p̂) = Σ_i (p_i − c p̂_i)²/(2‖p‖) ≥ 0, c = ‖p‖/‖p̂‖",
            expr=m.SPHERICAL_RULE.divergence(P, PHAT, m.K),
            strict=False,
            domain=domain,
            method="Cauchy–Schwarz as a sum of squares",
            rule=_termwise(
                1 / (2 * m.norm(P)),
                square,
                lambda k: m.p[k] - scale * m.phat[k],
                sp.Integer(0),
                on=everywhere,
            ),
        )
    )
    obligations += [
        binary_propriety(m.SPHERICAL_RULE),
        binary_propriety(
            TSALLIS_RULE,
            TSALLIS_RANGE,
            label="Savage form of Φ_γ, γ ∈ (1, 3), K = 2: D_S(p‖p̂) ≥ 0, = 0 exactly at p̂ = p",
        ),
    ]
    return tuple(obligations)


# ------------------------------------------------------------- σ_0 > σ_1 for Brier, spherical
GROUP_PREDICTIONS = sp.IndexedBase("y", positive=True)
ABOVE_HALF = (sp.Rational(1, 2), sp.Integer(1))
_t = sp.Symbol("t", positive=True)


def comonotone_pair(rule: m.ScoringRule) -> tuple[sp.Lambda, sp.Lambda]:
    """``f = r(·, 1) − r(·, 0)`` and ``k = −r(·, 1) − r(·, 0)``: ``σ̂_0² − σ̂_1²`` is the pairwise
    sum of ``(f(y_g) − f(y_h))(k(y_g) − k(y_h))`` (a difference of squares)."""
    one, zero = rule.binary(_t, 1), rule.binary(_t, 0)
    return sp.Lambda(_t, one - zero), sp.Lambda(_t, -one - zero)


def sigma_gap(rule: m.ScoringRule, convention: m.StdConvention) -> Inequality:
    """``σ̂_0² − σ̂_1² ≥ 0`` for a group of predictions in (1/2, 1), zero exactly when all are
    equal: the pairwise form with f and k increasing on (1/2, 1).  The gap is stated times
    ``2G²`` (``2G(G − 1)`` for Bessel), the pairwise form's denominator, so that the form's
    terms carry no factor of G."""
    y, t = GROUP_PREDICTIONS, _t
    f, k = comonotone_pair(rule)
    scale = 2 * m.G**2 if convention == "population" else 2 * m.G * (m.G - 1)
    term = (f(y[m.g]) - f(y[h_index])) * (k(y[m.g]) - k(y[h_index]))
    gap = m.group_variance(lambda r: rule.binary(y[r], 0), convention=convention) - (
        m.group_variance(lambda r: rule.binary(y[r], 1), convention=convention)
    )
    return Inequality(
        label=f"{rule.name}: {expression_text(scale)}·(σ̂_0² − σ̂_1²) ≥ 0 for predictions in "
        "(1/2, 1), = 0 exactly when all are equal ({convention})",
        expr=scale * gap,
        strict=False,
        equality={y: t},
        domain=Domain(
            intervals=(Interval(y, *ABOVE_HALF, m.G), Interval(t, *ABOVE_HALF)),
            sizes=(SIZE_G,),
            random_points=4,
        ),
        method="pairwise form: Σ_{g,h} (f(y_g) − f(y_h))(k(y_g) − k(y_h)), f = r(·, 1) − r(·, 0) "
        "and k = −r(·, 1) − r(·, 0) increasing on (1/2, 1)",
        rule=TermwiseSum(
            form=sp.Sum(term, (m.g, 1, m.G), (h_index, 1, m.G)),
            weight=sp.Integer(1),
            term=Comonotone(f=f, k=k, family=y, first=m.g, second=h_index),
        ),
    )


@claim(
    "sigma0_exceeds_sigma1_scoring_groups",
    uses=("sigma0_exceeds_sigma1_groups",),
    sentence=NOT_IN_NOTE + "σ_0 > σ_1 for a group of predictions above 1/2 holds for the "
    "Brier and spherical rewards too, not only the log score.",
    quote=None,
    condition="every prediction of the group lies in (1/2, 1) and not all are equal "
    "(identical predictions tie at σ_0 = σ_1 = 0)",
    statement="predictions in (1/2, 1), not all equal: Brier, the std of −p̂² exceeds the std "
    "of −(1 − p̂)²; spherical, the std of (1 − p̂)/‖p̂‖ exceeds the std of p̂/‖p̂‖",
    scope="exact",
    scope_note="every group size G ≥ 2, population and Bessel conventions; "
    "‖p̂‖ = sqrt(p̂² + (1 − p̂)²)",
    method="pairwise variance + two increasing functions (TermwiseSum, Comonotone)",
)
def sigma0_exceeds_sigma1_scoring_groups() -> tuple[Obligation, ...]:
    return tuple(
        sigma_gap(rule, convention)
        for rule in (m.BRIER_RULE, m.SPHERICAL_RULE)
        for convention in m.STD_CONVENTIONS
    )
