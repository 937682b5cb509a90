"""Bereket & Leskovec's mechanism under every proper scoring rule, and an improper rule.

The per-outcome divisors tilt the target for every proper rule: the two-coefficient
objective is a positive multiple of the expected score under a tilted target p′, which
propriety maximizes at p′.  The linear score ``S(p̂, a) = p̂_a`` is not proper: a soft target
does not save it from a corner-seeking optimum.
"""

from __future__ import annotations

import sympy as sp

from ..engine.domain import Domain, Interval, Simplex
from ..engine.obligations import Identity, Limit, Obligation, Positive
from ..note import model as m
from ..note.symbols import Written, WrittenBase, hat, mi, sub
from ..note.vocabulary import (
    EPSILON,
    SIGMAS,
    UNIT,
    UNIT_P,
    UNIT_PHAT,
    mechanism_domain,
    soft_domain,
)
from .claim import NOT_IN_NOTE, claim

NAMED = (m.LOG_RULE, m.BRIER_RULE, m.SPHERICAL_RULE)
OMEGA = sp.IndexedBase("omega", positive=True)  # per-outcome weights w_a = 1/(σ_a + ε)
MU = sp.IndexedBase("mu", real=True)  # per-outcome baselines μ_a
SCORE_AT_PHAT = WrittenBase(
    Written("S", r"{S_{\hat p}}", sub(mi("S"), hat(mi("p"))), real=True)
)  # S(p̂, a), any rule
SCORE_AT_TILT = WrittenBase(
    Written("Sprime", r"{S_{p'}}", sub(mi("S"), "<msup><mi>p</mi><mo>′</mo></msup>"), real=True)
)  # S(p′, a)
FREE = (-sp.Integer(5), sp.Integer(5))
TILT_TOTAL = sp.Symbol("Z", positive=True)


def tilt_total(n: m.Size = m.K) -> sp.Expr:
    """``Z = Σ_a w_a p_a``."""
    return m.total(lambda a: OMEGA[a] * m.p[a], n, m.outcome)


def tilted_target(a: sp.Expr, n: m.Size = m.K) -> sp.Expr:
    """``p′_a = w_a p_a / Z``: the target the per-outcome divisors tilt to."""
    return OMEGA[a] * m.p[a] / tilt_total(n)


def two_coefficient_objective(score: sp.IndexedBase, n: m.Size = m.K) -> sp.Expr:
    """``F(p̂) = Σ_a w_a p_a (S(p̂, a) − μ_a)``: the note's σ-normalized expectation, K outcomes."""
    return m.total(lambda a: OMEGA[a] * m.p[a] * (score[a] - MU[a]), n, m.outcome)


def _binary_objective(rule: m.ScoringRule, prediction: sp.Expr = m.phat_scalar) -> sp.Expr:
    return m.bernoulli_sigma_normalized_expectation(prediction, score=rule.binary)


def pair(value: sp.Expr) -> m.Vector:
    """The two-outcome vector ``(v, 1 − v)``."""
    return lambda k: value if k == 1 else 1 - value


def binary_curvature(rule: m.ScoringRule, t: sp.Expr = m.phat_scalar) -> sp.Expr:
    """``Φ''(t)`` of the rule's potential along ``(t, 1 − t)``."""
    return sp.diff(rule.potential(pair(t), 2), t, 2)


@claim(
    "biased_optimum_every_proper_rule",
    uses=("biased_optimum", "generalized_soft_target_identity"),
    sentence=NOT_IN_NOTE + "the per-outcome divisors bias the optimum for every proper "
    "scoring rule, not only the log score.",
    quote=None,
    statement="F(p̂) = Σ_a w_a p_a (S(p̂, a) − μ_a) = Z·E_{a∼p′}[S(p̂, a)] − const with "
    "p′_a = w_a p_a/Z, so F(p′) − F(p̂) = Z·D_S(p′‖p̂) and a strictly proper S is maximized "
    "at p̂ = p′: odds(p̂*) = odds(p)·(σ_0+ε)/(σ_1+ε) for log, Brier, spherical alike",
    scope="population limit",
    scope_note="every K and every rule (its values S(p̂, a), S(p′, a) are free symbols); "
    "the maximizer is unique where D_S(p′‖p̂) > 0 for p̂ ≠ p′ (strict propriety); checked "
    "directly for the log, Brier and spherical scores (stationary at p̂*)",
    method="tilt identity + gap = Z·D_S, symbolic K; stationary point per rule",
)
def biased_optimum_every_proper_rule() -> tuple[Obligation, ...]:
    tilt = {TILT_TOTAL: tilt_total()}
    scores = (Interval(SCORE_AT_PHAT, *FREE, m.K), Interval(SCORE_AT_TILT, *FREE, m.K))
    domain = soft_domain(
        Interval(OMEGA, sp.Integer(0), sp.Integer(5), m.K), Interval(MU, *FREE, m.K), *scores
    )
    expected_under_tilt = m.total(
        lambda a: OMEGA[a] * m.p[a] / TILT_TOTAL * SCORE_AT_PHAT[a], m.K, m.outcome
    )
    divergence = m.total(
        lambda a: tilted_target(a) * (SCORE_AT_TILT[a] - SCORE_AT_PHAT[a]), m.K, m.outcome
    )
    bernoulli = m.biased_optimum()
    obligations: list[Obligation] = [
        Identity(
            label="F(p̂) = Z·E_{a∼p′}[S(p̂, a)] − Σ_a w_a p_a μ_a, every rule",
            lhs=two_coefficient_objective(SCORE_AT_PHAT),
            rhs=(TILT_TOTAL * expected_under_tilt).xreplace(tilt)
            - m.total(lambda a: OMEGA[a] * m.p[a] * MU[a], m.K, m.outcome),
            domain=domain,
        ),
        Identity(
            label="p′ is a probability vector: Σ_a w_a p_a / Z = 1",
            lhs=m.total(lambda a: tilted_target(a), m.K, m.outcome),
            rhs=sp.Integer(1),
            domain=domain,
        ),
        Identity(
            label="F(p′) − F(p̂) = Z·D_S(p′‖p̂), every rule",
            lhs=two_coefficient_objective(SCORE_AT_TILT) - two_coefficient_objective(SCORE_AT_PHAT),
            rhs=tilt_total() * divergence,
            domain=domain,
        ),
        Identity(
            label="K = 2, w_a = 1/(σ_a + ε): p′_1 = p̂* = p w_1/(p w_1 + (1 − p) w_0)",
            lhs=tilted_target(sp.Integer(1), 2).xreplace(
                {
                    m.p[1]: m.p_scalar,
                    m.p[2]: 1 - m.p_scalar,
                    OMEGA[1]: 1 / (m.sigma_1 + m.epsilon),
                    OMEGA[2]: 1 / (m.sigma_0 + m.epsilon),
                }
            ),
            rhs=bernoulli,
            domain=Domain(intervals=(UNIT_P, *SIGMAS, EPSILON)),
            definition="the note's p̂* is the tilted target p′_1 = w_1 p_1/Z at K = 2",
        ),
    ]
    w_1, w_0 = 1 / (m.sigma_1 + m.epsilon), 1 / (m.sigma_0 + m.epsilon)
    t = m.phat_scalar
    sign_change = m.p_scalar * w_1 * (1 - t) - (1 - m.p_scalar) * w_0 * t
    obligations += [
        Identity(
            label="K = 2, every rule: p w_1 (1 − p̂*) − (1 − p) w_0 p̂* = 0",
            lhs=sign_change.subs(t, bernoulli),
            rhs=sp.Integer(0),
            domain=Domain(intervals=(UNIT_P, *SIGMAS, EPSILON)),
        ),
        Positive(
            label="K = 2, every rule: (p w_1 (1 − p̂) − (1 − p) w_0 p̂)/(p̂* − p̂) > 0",
            expr=sign_change / (bernoulli - t),
            domain=Domain(intervals=(UNIT_P, UNIT_PHAT, *SIGMAS, EPSILON)),
        ),
    ]
    for rule in NAMED:
        curvature = binary_curvature(rule)
        obligations += [
            Identity(
                label=f"{rule.name}: ∂F/∂p̂ = Φ''(p̂)·(p w_1 (1 − p̂) − (1 − p) w_0 p̂)",
                lhs=sp.diff(_binary_objective(rule), t),
                rhs=curvature * sign_change,
                domain=mechanism_domain(),
            ),
            Positive(
                label=f"{rule.name}: Φ''(p̂) > 0 on (0, 1), so F rises below p̂* and falls above",
                expr=curvature,
                domain=Domain(intervals=(UNIT_PHAT,)),
            ),
        ]
    return tuple(obligations)


# ------------------------------------------------------------------ the improper linear score
u2, u3 = sp.symbols("u2 u3", positive=True)  # p_2 = u2 p_1, p_3 = u3 p_1: p_1 is the largest
y2, y3 = sp.symbols("y2 y3", positive=True)  # p̂ = (1 − y2 − y3, y2, y3)


@claim(
    "linear_score_corner_optimum",
    sentence=NOT_IN_NOTE + "under the improper linear score a known soft target still has a "
    "corner-seeking optimum, so the note's sentence needs a strictly proper rule.",
    quote=None,
    statement="S(p̂, a) = p̂_a: E_{a∼p}[S(p̂, a)] = Σ_a p_a p̂_a is maximized over the simplex at "
    "the vertex e_m, m = argmax p, not at p̂ = p",
    scope="exact",
    scope_note="K = 2 (p > 1/2) and K = 3 (p_1 the largest entry); every prediction in the "
    "open simplex scores below the vertex",
    method="sign of E(e_m) − E(p̂)",
)
def linear_score_corner_optimum() -> tuple[Obligation, ...]:
    rule = m.LINEAR_RULE
    reward2 = lambda v: m.expected_score(rule, pair(m.p_scalar), pair(v), 2)  # noqa: E731
    target3 = (1, u2, 1 * u3)
    first = 1 / (1 + u2 + u3)
    p3 = lambda k: first * target3[int(k) - 1]  # noqa: E731
    phat3 = lambda k: (1 - y2 - y3, y2, y3)[int(k) - 1]  # noqa: E731
    vertex3 = lambda k: (1, 0, 0)[int(k) - 1]  # noqa: E731
    above_half = Interval(m.p_scalar, sp.Rational(1, 2), sp.Integer(1))
    return (
        Identity(
            label="K = 2: E_{a∼p}[p̂_a] = (1 − p) + (2p − 1) p̂, affine in p̂",
            lhs=reward2(m.phat_scalar),
            rhs=(1 - m.p_scalar) + (2 * m.p_scalar - 1) * m.phat_scalar,
            domain=Domain(intervals=(UNIT_P, UNIT_PHAT)),
        ),
        Positive(
            label="K = 2, p > 1/2: E(e_1) − E(p̂) > 0 for every p̂ in (0, 1)",
            expr=reward2(sp.Integer(1)) - reward2(m.phat_scalar),
            domain=Domain(intervals=(above_half, UNIT_PHAT)),
        ),
        Positive(
            label="K = 2, p > 1/2: E(e_1) − E(p) > 0 (the soft target loses to the vertex)",
            expr=reward2(sp.Integer(1)) - reward2(m.p_scalar),
            domain=Domain(intervals=(above_half,)),
        ),
        Positive(
            label="K = 3, p_1 largest: E(e_1) − E(p̂) > 0 for every interior p̂",
            expr=m.expected_score(rule, p3, vertex3, 3) - m.expected_score(rule, p3, phat3, 3),
            domain=Domain(
                simplices=(Simplex((sp.Symbol("y1", positive=True), y2, y3)),),
                intervals=(Interval(u2, *UNIT), Interval(u3, *UNIT)),
            ),
        ),
    )


@claim(
    "linear_score_proper",
    sentence=NOT_IN_NOTE + "the linear score S(p̂, a) = p̂_a is proper (expected: refuted).",
    quote=None,
    statement="D_S(p‖p̂) = E_{a∼p}[S(p, a)] − E_{a∼p}[S(p̂, a)] ≥ 0 for the linear score",
    scope="exact",
    scope_note="refuted with a certified counterexample: a prediction sharper than p scores "
    "higher than p itself",
    method="counterexample",
    expected="refuted",
)
def linear_score_proper() -> tuple[Obligation, ...]:
    p_vec, phat_vec = m.vector_of(m.p), m.vector_of(m.phat)
    return (
        Positive(
            label="D_S(p‖p̂) > 0 for the linear score",
            expr=m.generalized_divergence(m.LINEAR_RULE, p_vec, phat_vec, 2),
            domain=Domain(simplices=(Simplex(m.p, 2), Simplex(m.phat, 2))),
        ),
    )


@claim(
    "brier_drift_to_vertex",
    uses=("drift_to_vertex", "biased_optimum_every_proper_rule"),
    sentence=NOT_IN_NOTE + "under the Brier reward, too, a narrowing policy drifts to the vertex.",
    quote=None,
    statement="Brier reward −(p̂ − a)², Beta policy with mean x, concentration κ → ∞: "
    "σ_0/σ_1 → x/(1 − x) = odds(x), the log score's limit, so the self-consistent map of "
    "drift_to_vertex (odds(p̂*) = odds(p)·odds(x)) runs to the vertex",
    scope="narrow-policy limit",
    scope_note="as κ = α + β → ∞ at fixed mean x; σ_a² from the Beta moments "
    "E[X^n] = α^(n)/(α+β)^(n) (checked against scipy in the tests)",
    method="limit of σ_0²/σ_1² (rational in κ)",
)
def brier_drift_to_vertex() -> tuple[Obligation, ...]:
    x = m.policy_mean
    var_1, var_0 = m.beta_brier_variances(x * m.kappa, (1 - x) * m.kappa)
    domain = Domain(intervals=(Interval(x, *UNIT),))

    def spread(v: sp.Expr) -> sp.Expr:  # σ_0² ∝ f(x), σ_1² ∝ f(1 − x), same factor
        return (m.kappa * v + 1) * (2 * m.kappa**2 * v + 3 * m.kappa * v + 3 * m.kappa + 3)

    ratio = spread(x) / spread(1 - x)
    return (
        Identity(
            label="Beta(xκ, (1 − x)κ): E[X] = x, Var X = x(1 − x)/(κ + 1)",
            lhs=m.beta_moment(1, x * m.kappa, (1 - x) * m.kappa)
            + m.beta_moment(2, x * m.kappa, (1 - x) * m.kappa),
            rhs=x + x * (1 - x) / (m.kappa + 1) + x**2,
            domain=Domain(
                intervals=(Interval(x, *UNIT), Interval(m.kappa, sp.Integer(0), sp.Integer(100)))
            ),
        ),
        Identity(
            label="σ_0²/σ_1² = f(x)/f(1 − x), f(v) = (κv + 1)(2κ²v + 3κv + 3κ + 3)",
            lhs=var_0 / var_1,
            rhs=ratio,
            domain=Domain(
                intervals=(Interval(x, *UNIT), Interval(m.kappa, sp.Integer(1), sp.Integer(100)))
            ),
        ),
        Limit(
            label="σ_0/σ_1 = sqrt(f(x)/f(1 − x)) → x/(1 − x) = odds(x) as κ → ∞",
            expr=sp.sqrt(ratio),
            variable=m.kappa,
            value=x / (1 - x),
            domain=domain,
        ),
    )


def two_point_variance(rule: m.ScoringRule, a: int, centre: sp.Expr, half_width: sp.Expr):
    """``σ_a²`` of the policy putting weight ½ on each of ``x ± h``: ``(Δr/2)²``."""
    values = [rule.binary(centre - half_width, a), rule.binary(centre + half_width, a)]
    mean = (values[0] + values[1]) / 2
    return sum((v - mean) ** 2 for v in values) / 2


HALF_WIDTH = sp.Symbol("h", positive=True)


@claim(
    "spherical_drift_to_vertex",
    uses=("drift_to_vertex", "biased_optimum_every_proper_rule", "brier_drift_to_vertex"),
    sentence=NOT_IN_NOTE + "under the spherical reward, too, a narrowing policy drifts to the "
    "vertex.",
    quote=None,
    statement="spherical reward p̂_a/‖p̂‖: as the policy narrows to x, σ_0/σ_1 → x/(1 − x) = "
    "odds(x), as for the log and Brier scores, so the self-consistent map of drift_to_vertex "
    "(odds(p̂*) = odds(p)·odds(x)) runs to the vertex; for the log, Brier and spherical scores "
    "the slopes are r(·, 1)' = Φ''(t)(1 − t) and r(·, 0)' = −Φ''(t)t, whose ratio is odds(t)",
    scope="narrow-policy limit",
    scope_note="the policy with weight ½ at x ± h as h → 0 (‖t‖ = ‖(t, 1 − t)‖; the ratio "
    "is written without the cancellation of r(x + h) − r(x − h), limit computed); for a smooth "
    "policy (e.g. Beta(xκ, (1 − x)κ), κ → ∞) the same limit is the delta method applied to "
    "the slope ratio, not machine-checked for the spherical score (brier_drift_to_vertex "
    "has the exact Beta moments); x ∈ (0, 1)",
    method="slopes of r(·, a) + limit of σ_0²/σ_1² (two-point policy)",
)
def spherical_drift_to_vertex() -> tuple[Obligation, ...]:
    t, x, h = m.phat_scalar, m.policy_mean, HALF_WIDTH
    obligations: list[Obligation] = []
    for rule in NAMED:
        curvature = binary_curvature(rule)
        obligations += [
            Identity(
                label=f"{rule.name}: ∂r(p̂, 1)/∂p̂ = Φ''(p̂)(1 − p̂)",
                lhs=sp.Derivative(rule.binary(t, 1), t),
                rhs=curvature * (1 - t),
                domain=Domain(intervals=(UNIT_PHAT,)),
            ),
            Identity(
                label=f"{rule.name}: ∂r(p̂, 0)/∂p̂ = −Φ''(p̂)p̂",
                lhs=sp.Derivative(rule.binary(t, 0), t),
                rhs=-curvature * t,
                domain=Domain(intervals=(UNIT_PHAT,)),
            ),
        ]
    rule = m.SPHERICAL_RULE
    low, high = x - h, x + h
    length = lambda v: m.norm(pair(v), 2)  # noqa: E731
    above = high * length(low) + low * length(high)
    below = (1 - high) * length(low) + (1 - low) * length(high)
    return (
        *obligations,
        Identity(
            label="spherical, weight ½ at x ± h: σ_0²·Q² = σ_1²·P², "
            "P = (x + h)‖x − h‖ + (x − h)‖x + h‖, Q = (1 − x − h)‖x − h‖ + (1 − x + h)‖x + h‖",
            lhs=two_point_variance(rule, 0, x, h) * below**2,
            rhs=two_point_variance(rule, 1, x, h) * above**2,
            domain=Domain(intervals=(Interval(x, *UNIT), Interval(h, *UNIT)), random_points=4),
        ),
        Limit(
            label="spherical: σ_0²/σ_1² = (P/Q)² → odds(x)² as h → 0",
            expr=(above / below) ** 2,
            variable=h,
            point=sp.Integer(0),
            value=m.odds(x) ** 2,
            domain=Domain(intervals=(Interval(x, *UNIT),)),
        ),
    )
