"""The note's section *Where it differs*: one σ̂ factors out; what holds at finite G."""

from __future__ import annotations

import sympy as sp

from ..engine.domain import Domain, Interval
from ..engine.monte_carlo import MonteCarlo
from ..engine.obligations import Identity, Limit, Obligation, Positive
from ..note import finite_group as fg
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
    "is (G−1)/(G(σ̂+ε)), still one positive scalar; with σ̂ random (what GRPO computes) "
    "E[Â_STD | x] = t + c(t)/G + O(1/G²), t = A/σ, not proportional to A "
    "(finite_group_expansion)",
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
    "(A = 0) has expected z-score −0.2891175640 (a quadrature over the other three "
    "draws, error below 1e-13), as t + c(t)/G + O(1/G²) with c(0) = γ/2 = −1 "
    "predicts (finite_group_expansion); the '=' holds only as G → ∞; the expected "
    "advantage stays rank-preserving (z_score_rank_preserving)",
    method="quadrature over the other G − 1 draws",
    expected="refuted",
)
def finite_group_proportional() -> tuple[Obligation, ...]:
    from ..numeric.finite_g import expected_z_score_at_mean  # numpy, only when the claim is built

    return (
        MonteCarlo(
            label="E[Â_STD | own reward = population mean] = 0 (as A = 0 would require)",
            estimate=expected_z_score_at_mean,
            method="quadrature with an error bound",
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


ORDER_T = Interval(m.t_score, -sp.Integer(3), sp.Integer(3))
SHAPE = (
    Interval(m.skewness, -sp.Integer(3), sp.Integer(3)),
    Interval(m.kurtosis, sp.Integer(1), sp.Integer(20)),
)


def _series_domain(*exprs: sp.Expr, e: bool = False) -> Domain:
    """t ∈ (−3, 3), γ ∈ (−3, 3), κ ∈ (1, 20), the higher moments μ_k ∈ (−50, 50), e > 0."""
    moments = {mu for expr in exprs for mu in fg.higher_moments(expr)}
    free = tuple(Interval(mu, -sp.Integer(50), sp.Integer(50)) for mu in sorted(moments, key=str))
    extra = (Interval(m.epsilon_ratio, sp.Integer(0), sp.Integer(5)),) if e else ()
    return Domain(intervals=(ORDER_T, *SHAPE, *free, *extra), random_points=4)


@claim(
    "finite_group_expansion",
    uses=("single_sigma", "group_std_definition", "z_score_rank_preserving"),
    sentence="E[Â_STD] = A(q, p̂)/(σ̂ + ε) ∝ A(q, p̂), for the quantity the note names: "
    "E[(R^(1) − R̄)/(σ̂ + ε) | p̂] with σ̂ random.",
    quote=PROPORTIONAL,
    condition="the other G − 1 rewards i.i.d. with finite moments; σ̂ > 0 almost surely "
    "(a continuous reward law) or ε > 0",
    statement="E[Â_STD | own reward x] = t + c(t)/G + c₂(t)/G² + O(1/G³), t = (x − μ)/σ = "
    "A/σ, c(t) = γ/2 + 3(κ − 1)t/8 − t³/2 (γ skewness, κ kurtosis of the reward), c₂(t) a "
    "quintic in t with the fifth and sixth moments μ₅, μ₆; Bessel: t + (c(t) − t/2)/G; "
    "ε > 0: t/(1 + e) + c_e(t)/G, e = ε/σ",
    scope="large-G expansion",
    scope_note="the formal delta-method series in 1/G, population std, ε = 0: its limit "
    "is t (the note's '=' as G → ∞), its 1/G coefficient is c(t) and its 1/G² coefficient "
    "c₂(t) (orders 0 to 4 of the series; orders 5 and 6 are O(1/G³)), computed "
    "symbolically from the exact moments of the others' averages. With ε > 0 the limit "
    "shrinks to t/(1 + ε/σ) (still ∝ A) and the 1/G coefficient is c_e(t). The "
    "coefficients agree with an independent quadrature of E[Â | x] at G up to 2048 "
    "(numeric/finite_g.py). That the formal series is the asymptotic "
    "expansion of the expectation needs "
    "finite moments (order 8 for the O(1/G²) remainder) and integrable σ̂^(−k): assumed, not "
    "machine-checked, and cross-checked by Monte Carlo (finite_group_monte_carlo). At "
    "finite G the expected advantage is rank-preserving but not proportional to A: "
    "c(t)/t varies with t, and c(0) = γ/2 ≠ 0 for a skewed reward",
    method="z in the others' averages + delta method as a series in 1/G",
)
def finite_group_expansion() -> tuple[Obligation, ...]:
    x = m.x
    total = lambda f: m.total(f, m.G, m.g)  # noqa: E731
    averages = {
        m.t_score: x[1],
        fg.U: (total(lambda r: x[r]) - x[1]) / (m.G - 1),
        fg.W: (total(lambda r: x[r] ** 2) - x[1] ** 2) / (m.G - 1) - 1,
    }
    h = fg.INVERSE_G  # each limit G → ∞ is taken as h = 1/G → 0+
    second = sp.Add(*(fg.delta_term(k, 1 / h) for k in range(3)))
    second_e = sp.Add(*(fg.delta_term(k, 1 / h, e=m.epsilon_ratio) for k in range(3)))
    third, fourth = fg.delta_term(3, 1 / h), fg.delta_term(4, 1 / h)
    t, c = m.t_score, m.finite_group_coefficient()
    e = m.epsilon_ratio
    in_h = ", in h = 1/G → 0+"
    series = [
        ("E_≤2[z] → t as G → ∞" + in_h + " (the note's '=' in the limit)", second, t, False),
        ("G (E_≤2[z] − t) → c(t) = γ/2 + 3(κ − 1)t/8 − t³/2" + in_h, (second - t) / h, c, False),
        ("G · (order-3 term) → 0" + in_h, third / h, sp.Integer(0), False),
        ("G · (order-4 term) → 0" + in_h, fourth / h, sp.Integer(0), False),
        (
            "Bessel: G (√((G−1)/G)(t + c(t)/G) − t) → c(t) − t/2" + in_h,
            (sp.sqrt(1 - h) * (t + c * h) - t) / h,
            c - t / 2,
            False,
        ),
        ("ε > 0: E_≤2[z] → t/(1 + e), e = ε/σ" + in_h, second_e, t / (1 + e), True),
        (
            "ε > 0: G (E_≤2[z] − t/(1 + e)) → c_e(t)" + in_h,
            (second_e - t / (1 + e)) / h,
            m.finite_group_epsilon_coefficient(),
            True,
        ),
    ]
    # The 1/G² coefficient, order by order: each part's limit (its h² Taylor coefficient,
    # found by SymPy's series and proven as a limit), and c₂ their sum.
    orders = [
        ("G² (E_≤2[z] − t − c(t)/G)", (second - t - c * h) / h**2, second),
        ("G² · (order-3 term)", third / h**2, third),
        ("G² · (order-4 term)", fourth / h**2, fourth),
    ]
    parts = [sp.expand(sp.series(term, h, 0, 3).removeO().coeff(h, 2)) for *_, term in orders]
    series += [
        (f"{label} → its h² coefficient" + in_h, expr, part, False)
        for (label, expr, _), part in zip(orders, parts, strict=True)
    ]
    second_order = Identity(
        label="c₂(t) = the sum of the three h² coefficients: "
        "G² (E_≤4[z] − t − c(t)/G) → c₂(t)" + in_h,
        lhs=sp.Add(*parts),
        rhs=m.finite_group_second_coefficient(),
        domain=_series_domain(*parts),
    )
    return (
        Identity(
            label="z^(1) = ((G−1)/G)(t − U)/√((t² + (G−1)(1 + W))/G − ((t + (G−1)U)/G)²), "
            "U, W the others' averages of x and x² − 1",
            lhs=m.sigma_normalized_advantage(lambda r: x[r], eps=sp.Integer(0)),
            rhs=fg.z_in_averages().xreplace(averages),
            domain=Domain(
                intervals=(Interval(x, -sp.Integer(5), sp.Integer(5), m.G),), sizes=(SIZE_G,)
            ),
        ),
        Identity(
            label="Bessel: z_B^(1) = √((G−1)/G) · (the same form in t, U, W) (ε = 0)",
            lhs=m.sigma_normalized_advantage(
                lambda r: x[r], eps=sp.Integer(0), convention="bessel"
            ),
            rhs=sp.sqrt((m.G - 1) / m.G) * fg.z_in_averages().xreplace(averages),
            domain=Domain(
                intervals=(Interval(x, -sp.Integer(5), sp.Integer(5), m.G),), sizes=(SIZE_G,)
            ),
        ),
        *(
            Limit(
                label=label,
                expr=expr,
                variable=h,
                value=value,
                point=sp.Integer(0),
                domain=_series_domain(expr, e=with_e),
            )
            for label, expr, value, with_e in series
        ),
        second_order,
    )


MC_GROUPS = (256,)
MC_T = (0.0, 1.0)
MC_SAMPLES = 20_000


def _beta51_series(t: float, group: int) -> float:
    """``t + c(t)/G + c₂(t)/G²`` for rewards log p̂, p̂ ∼ Beta(5, 1) (γ = −2, κ = 9,
    μ₅ = −44, μ₆ = 265)."""
    from ..numeric.finite_g import beta_log_moments  # numpy, only when the claim is built

    skew, kurt, mu5, mu6 = beta_log_moments(5.0, 1.0)
    c = m.finite_group_coefficient(t, skew, kurt)
    c2 = m.finite_group_second_coefficient(t, skew, kurt, mu5, mu6)
    return float(t + c / group + c2 / group**2)


@claim(
    "finite_group_monte_carlo",
    uses=("finite_group_expansion",),
    sentence=NOT_IN_NOTE + "a seeded Monte Carlo check of E[Â_STD | x] = t + c(t)/G + c₂(t)/G².",
    quote=None,
    statement="rewards log p̂, p̂ ∼ Beta(5, 1) (γ = −2, κ = 9): E[Â_STD | x = μ + tσ] "
    "agrees with t + c(t)/G + c₂(t)/G² (c(0) = −1, c(1) = 3/2, c₂(0) = −4, "
    "c₂(1) = −155/8) at G = 256",
    scope="large-G expansion",
    scope_note="20 000 groups per point with control variates (standard error about 1e-5), "
    "population std, ε = 0; without c₂ the 1/G² remainder shows at this precision "
    "(README: the quadrature at G = 4 … 2048)",
    method="seeded Monte Carlo with control variates",
    expected="confirmed numerically",
)
def finite_group_monte_carlo() -> tuple[Obligation, ...]:
    from ..numeric.finite_g import expected_z_score  # numpy, only when the claim is built

    return tuple(
        MonteCarlo(
            label=f"G = {group}, t = {t:g}: E[Â_STD | x] = t + c(t)/G + c₂(t)/G²",
            estimate=lambda group=group, t=t: expected_z_score(
                5.0, 1.0, group, t, samples=MC_SAMPLES
            ),
            method="seeded Monte Carlo with control variates",
            claimed=_beta51_series(t, group),
            setting=(("reward", "log p̂"), ("policy", "Beta(5, 1)"), ("G", group), ("t", t)),
        )
        for group in MC_GROUPS
        for t in MC_T
    )
