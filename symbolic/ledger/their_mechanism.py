"""The note's section *Their mechanism*: per-outcome σ_a, the biased optimum, σ_0 > σ_1."""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from ..engine.domain import Domain, Interval, Simplex
from ..engine.obligations import Identity, Inequality, Limit, Obligation, Positive
from ..engine.rules import Comonotone, LimitAlgebra, Monotone, TermwiseSum
from ..note import model as m
from ..note.vocabulary import (
    EPSILON,
    OTHER_PHAT,
    SIGMA,
    SIGMAS,
    SIZE_G,
    SIZE_M,
    UNIT,
    UNIT_P,
    UNIT_PHAT,
    h_index,
    mechanism_domain,
    soft_domain,
)
from .claim import NOT_IN_NOTE, claim
from .oracles import POLICY_SIGMA, OracleCheck


def _objective_derivative(order: int) -> sp.Expr:
    return sp.diff(m.bernoulli_sigma_normalized_expectation(), m.phat_scalar, order)


OMEGA = sp.IndexedBase("omega", positive=True)  # per-outcome weights w_a = 1/(σ_a + ε)


t_var, a_var, b_var = sp.symbols("t a b", positive=True)
ABOVE_HALF = (sp.Rational(1, 2), sp.Integer(1))
GROUP_PREDICTIONS = sp.IndexedBase("y", positive=True)
PER_OUTCOME_EXPECTATION = (
    r"\mathbb{E}[\hat A_{\mathrm{STD}}] \approx "
    r"\frac{p\,(r(\hat p, 1) - \mu_1)}{\sigma_1 + \epsilon} "
    r"+ \frac{(1-p)\,(r(\hat p, 0) - \mu_0)}{\sigma_0 + \epsilon}"
)
SIGMA_SENTENCE = r"As the policy concentrates above $0.5$, $\sigma_0 > \sigma_1$ (their Fig. 5)"


def _pairwise_variance(value: Callable[[sp.Expr], sp.Expr], convention: str) -> sp.Expr:
    pairs = sp.Sum((value(m.g) - value(h_index)) ** 2, (m.g, 1, m.G), (h_index, 1, m.G))
    return pairs / (2 * m.G**2 if convention == "population" else 2 * m.G * (m.G - 1))


BETA_PARAMETERS = (
    Interval(m.alpha, sp.Integer(1), sp.Integer(6)),
    Interval(m.beta, sp.Integer(1), sp.Integer(6)),
)


@claim(
    "expected_log_score",
    uses=("log_score_definition", "policy_moments_definition"),
    sentence="A(q, p̂) = p (r(p̂,1) − μ_1) + (1−p)(r(p̂,0) − μ_0).",
    quote=r"A(q, \hat p) = p\,(r(\hat p, 1) - \mu_1) + (1-p)\,(r(\hat p, 0) - \mu_0)",
    statement="the note's Bernoulli true advantage, with μ_a = E_{p̂'}[r(p̂', a)], equals "
    "R(p̂) − E_{p̂'}[R(p̂')] with R(p̂) = p log p̂ + (1−p) log(1−p̂) = E_{a∼p}[r(p̂, a)]",
    scope="exact",
    scope_note="every policy with M support points (symbolic M); E_{a∼p}[r(p̂, a)] = R(p̂) "
    "is the log score's definition, checked in log_score_definition",
    method="expansion to 0, symbolic M",
)
def expected_log_score() -> tuple[Obligation, ...]:
    def soft_reward_of(prediction: sp.Expr) -> sp.Expr:
        return m.p_scalar * sp.log(prediction) + (1 - m.p_scalar) * sp.log(1 - prediction)

    return (
        Identity(
            label="Bernoulli true advantage = soft-target true advantage",
            lhs=m.bernoulli_true_advantage().subs(
                {m.mu_1: m.bernoulli_mu(1), m.mu_0: m.bernoulli_mu(0)}
            ),
            rhs=soft_reward_of(m.phat_scalar)
            - m.policy_expectation(lambda r: soft_reward_of(m.q[r])),
            domain=Domain(
                simplices=(Simplex(m.w, m.M),),
                intervals=(
                    Interval(m.p_scalar, *UNIT),
                    Interval(m.phat_scalar, *UNIT),
                    Interval(m.q, *UNIT, length=m.M),
                ),
                sizes=(SIZE_M,),
            ),
        ),
    )


@claim(
    "bernoulli_equal_sigmas_rescale",
    uses=("expected_log_score", "per_outcome_expression_definition"),
    sentence="E[Â_STD] ≈ p (r(p̂,1) − μ_1)/(σ_1 + ε) + (1−p)(r(p̂,0) − μ_0)/(σ_0 + ε) … "
    "Equal coefficients would be a harmless rescale.",
    quote=(PER_OUTCOME_EXPECTATION, "Equal coefficients would be a harmless rescale"),
    statement="with σ_0 = σ_1 = σ the note's expression E_a[(r(p̂,a) − μ_a)/(σ_a + ε)] "
    "equals A/(σ + ε)",
    scope="population limit",
    scope_note="the note's '≈' for E[Â_STD] under sampled outcomes (population σ_a)",
    method="expansion to 0",
)
def bernoulli_equal_sigmas_rescale() -> tuple[Obligation, ...]:
    return (
        Identity(
            label="σ_0 = σ_1 = σ: E_a[Â_STD] = A/(σ + ε)",
            lhs=m.bernoulli_sigma_normalized_expectation(s0=m.sigma, s1=m.sigma),
            rhs=m.bernoulli_true_advantage() / (m.sigma + m.epsilon),
            domain=mechanism_domain(SIGMA),
        ),
    )


@claim(
    "bernoulli_unequal_sigmas_proportional",
    uses=("bernoulli_equal_sigmas_rescale",),
    sentence="This differs from the true advantage only in the two coefficients … "
    "the bias is that they are unequal.",
    quote="This differs from the true advantage only in the two coefficients. Equal "
    "coefficients would be a harmless rescale; the bias is that they are unequal.",
    stance="negates",
    statement="with σ_0 ≠ σ_1, E_a[Â_STD] = c·A for one constant c (expected: refuted)",
    scope="population limit",
    scope_note="refuted: the ratio E_a[Â_STD]/A changes with p̂ when σ_0 ≠ σ_1",
    method="counterexample",
    expected="refuted",
)
def bernoulli_unequal_sigmas_proportional() -> tuple[Obligation, ...]:
    ratio_here = m.bernoulli_sigma_normalized_expectation() * m.bernoulli_true_advantage(OTHER_PHAT)
    ratio_there = m.bernoulli_sigma_normalized_expectation(OTHER_PHAT) * (
        m.bernoulli_true_advantage()
    )
    return (
        Identity(
            label="E_a[Â_STD](p̂)·A(p̂') = E_a[Â_STD](p̂')·A(p̂) (one constant c)",
            lhs=ratio_here,
            rhs=ratio_there,
            domain=mechanism_domain(Interval(OTHER_PHAT, *UNIT)),
        ),
    )


@claim(
    "biased_optimum",
    uses=("bernoulli_equal_sigmas_rescale",),
    sentence="Overconfident predictions look better than they are.",
    quote="Overconfident predictions look better than they are.",
    statement="argmax E_a[Â_STD] = p̂* = p w_1/(p w_1 + (1−p) w_0), w_a = 1/(σ_a + ε): "
    "odds(p̂*) = odds(p)(σ_0+ε)/(σ_1+ε); unique; p̂* > p iff σ_0 > σ_1",
    scope="population limit",
    scope_note="maximizer of the note's population expression; unique by strict concavity",
    method="stationary point + concavity + signs",
)
def biased_optimum() -> tuple[Obligation, ...]:
    star = m.biased_optimum()
    domain = mechanism_domain()
    no_mu = Domain(intervals=(UNIT_P, UNIT_PHAT, *SIGMAS, EPSILON))
    return (
        Identity(
            label="stationary: ∂E_a[Â_STD]/∂p̂ = 0 at p̂*",
            lhs=_objective_derivative(1).subs(m.phat_scalar, star),
            rhs=sp.Integer(0),
            domain=domain,
        ),
        Positive(
            label="strictly concave: −∂²E_a[Â_STD]/∂p̂² > 0",
            expr=-_objective_derivative(2),
            domain=no_mu,
        ),
        Identity(
            label="odds(p̂*) = odds(p)·(σ_0 + ε)/(σ_1 + ε)",
            lhs=m.odds(star),
            rhs=m.odds(m.p_scalar) * (m.sigma_0 + m.epsilon) / (m.sigma_1 + m.epsilon),
            domain=no_mu,
        ),
        Positive(
            label="(p̂* − p)/(σ_0 − σ_1) > 0: p̂* > p exactly when σ_0 > σ_1",
            expr=(star - m.p_scalar) / (m.sigma_0 - m.sigma_1),
            domain=no_mu,
        ),
    )


@claim(
    "tilted_optimum_k_outcomes",
    uses=("biased_optimum", "gibbs_interior_optimum"),
    sentence=NOT_IN_NOTE + "with K outcomes the per-outcome divisors tilt the optimum.",
    quote=None,
    statement="over the simplex, Σ_a w_a p_a log p̂_a is maximized by p̂*_a ∝ w_a p_a",
    scope="population limit",
    scope_note="every K; the gap F(p̂*) − F(p̂) = S·KL(p̂*‖p̂) is > 0 for p̂ ≠ p̂* by "
    "Gibbs' inequality (gibbs_interior_optimum), so p̂* is the unique maximizer",
    method="Lagrange + gap = S·KL, symbolic K",
)
def tilted_optimum_k_outcomes() -> tuple[Obligation, ...]:
    tilt = m.total(lambda k: OMEGA[k] * m.p[k], m.K, m.i)
    star = sp.IndexedBase("pstar", positive=True)

    def objective(x: sp.IndexedBase) -> sp.Expr:
        return m.total(lambda k: OMEGA[k] * m.p[k] * sp.log(x[k]), m.K, m.i)

    tilted = {star[m.i]: OMEGA[m.i] * m.p[m.i] / sp.Symbol("S", positive=True)}
    domain = soft_domain(Simplex(m.phat, m.K), Interval(OMEGA, sp.Integer(0), sp.Integer(5), m.K))
    gap = (objective(star) - objective(m.phat)).xreplace(tilted)
    divergence = m.kl_divergence(star, m.phat).xreplace(tilted)
    return (
        Identity(
            label="F(p̂*) − F(p̂) = S·KL(p̂*‖p̂), p̂*_a = w_a p_a / S, S = Σ w_a p_a",
            lhs=gap.subs(sp.Symbol("S", positive=True), tilt),
            rhs=tilt * divergence.subs(sp.Symbol("S", positive=True), tilt),
            domain=domain,
        ),
        Identity(
            label="p̂* is a probability vector: Σ_a w_a p_a / S = 1",
            lhs=m.total(lambda k: OMEGA[k] * m.p[k] / tilt, m.K, m.i),
            rhs=sp.Integer(1),
            domain=domain,
        ),
    )


@claim(
    "sigma0_exceeds_sigma1_groups",
    uses=("group_mean_definition", "group_std_definition"),
    sentence="As the policy concentrates above 0.5, σ_0 > σ_1 (their Fig. 5).",
    quote=SIGMA_SENTENCE,
    condition="every prediction of the group lies in (1/2, 1) and not all are equal "
    "(identical predictions tie at σ_0 = σ_1 = 0)",
    statement="predictions in (1/2, 1), not all equal: std of log(1 − p̂) > std of log p̂",
    scope="exact",
    scope_note="every group size G ≥ 2, population and Bessel conventions",
    method="pairwise variance + φ increasing",
)
def sigma0_exceeds_sigma1_groups() -> tuple[Obligation, ...]:
    obligations: list[Obligation] = [
        Identity(
            label=f"variance = pairwise form ({convention})",
            lhs=m.group_variance(lambda r: m.x[r], convention=convention),
            rhs=_pairwise_variance(lambda r: m.x[r], convention),
            domain=Domain(
                intervals=(Interval(m.x, -sp.Integer(5), sp.Integer(5), m.G),), sizes=(SIZE_G,)
            ),
        )
        for convention in m.STD_CONVENTIONS
    ]
    obligations += [
        Positive(
            label="φ(t) = −log(t(1 − t)) is increasing on (1/2, 1): φ'(t) > 0",
            expr=sp.diff(-sp.log(t_var * (1 - t_var)), t_var),
            domain=Domain(intervals=(Interval(t_var, *ABOVE_HALF),)),
        ),
    ]
    logit = sp.Lambda(t_var, sp.log(t_var) - sp.log(1 - t_var))
    phi = sp.Lambda(t_var, -sp.log(t_var) - sp.log(1 - t_var))
    y = GROUP_PREDICTIONS
    for convention in m.STD_CONVENTIONS:
        log_y = lambda r: sp.log(y[r])  # noqa: E731
        log_1my = lambda r: sp.log(1 - y[r])  # noqa: E731
        weight = 1 / (2 * m.G**2 if convention == "population" else 2 * m.G * (m.G - 1))
        term = (logit(y[m.g]) - logit(y[h_index])) * (phi(y[m.g]) - phi(y[h_index]))
        obligations.append(
            Inequality(
                label=f"σ̂_0² − σ̂_1² ≥ 0 for predictions in (1/2, 1), = 0 exactly when all "
                f"are equal ({convention})",
                expr=m.group_variance(log_1my, convention=convention)
                - m.group_variance(log_y, convention=convention),
                strict=False,
                equality={y: t_var},
                domain=Domain(
                    intervals=(Interval(y, *ABOVE_HALF, m.G), Interval(t_var, *ABOVE_HALF)),
                    sizes=(SIZE_G,),
                ),
                method="pairwise form: Σ_{g,h} (logit y_g − logit y_h)(φ(y_g) − φ(y_h)), "
                "logit and φ = −log(t(1 − t)) increasing on (1/2, 1)",
                rule=TermwiseSum(
                    form=sp.Sum(weight * term, (m.g, 1, m.G), (h_index, 1, m.G)),
                    weight=weight,
                    term=Comonotone(f=logit, k=phi, family=y, first=m.g, second=h_index),
                ),
            )
        )
    return tuple(obligations)


@claim(
    "sigma0_exceeds_sigma1_beta",
    uses=("beta_log_moments_definition",),
    sentence="As the policy concentrates above 0.5, σ_0 > σ_1 (their Fig. 5).",
    quote=SIGMA_SENTENCE,
    condition="the policy is Beta(α, β) with α > β (mean above 1/2)",
    statement="Beta(α, β) policy: from E[X^s] = B(α+s, β)/B(α, β), σ_1² = ψ1(α) − ψ1(α+β) and "
    "σ_0² = ψ1(β) − ψ1(α+β); α > β implies σ_0 > σ_1",
    scope="exact",
    scope_note="every α, β > 0; the Beta integral itself is checked against quadrature "
    "(beta_log_moments_definition)",
    method="moments by differentiating E[X^s] + ψ1 decreasing",
)
def sigma0_exceeds_sigma1_beta() -> tuple[Obligation, ...]:
    var_1, var_0 = m.beta_log_variances()
    gap = sp.Symbol("d", positive=True)
    domain = Domain(intervals=BETA_PARAMETERS, random_points=2)
    obligations: list[Obligation] = []
    for name, moment, variance in (
        ("log X", m.beta_power_moment(), var_1),
        ("log(1−X)", m.beta_power_moment(m.beta, m.alpha), var_0),
    ):
        first = sp.diff(moment, m.s).subs(m.s, 0)
        second = sp.diff(moment, m.s, 2).subs(m.s, 0)
        obligations.append(
            Identity(
                label=f"Var {name} = ∂²E[·^s] − (∂E[·^s])² at s = 0 = {variance}",
                lhs=second - first**2,
                rhs=variance,
                domain=domain,
            )
        )
    return (
        *obligations,
        Positive(
            label="ψ1 is decreasing: −ψ2(t) > 0",
            expr=-sp.polygamma(2, t_var),
            domain=Domain(intervals=(Interval(t_var, sp.Integer(0), sp.oo),)),
        ),
        Positive(
            label="α = β + d, d > 0: σ_0² − σ_1² = ψ1(β) − ψ1(β + d) > 0",
            expr=(var_0 - var_1).subs(m.alpha, m.beta + gap),
            domain=Domain(
                intervals=(
                    Interval(m.beta, sp.Integer(0), sp.Integer(20)),
                    Interval(gap, sp.Integer(0), sp.Integer(20)),
                )
            ),
            method="ψ1 decreasing",
            rule=Monotone(
                function=sp.Lambda(t_var, sp.polygamma(1, t_var)),
                lower=m.beta,
                upper=m.beta + gap,
                on=Interval(t_var, sp.Integer(0), sp.oo),
            ),
        ),
    )


@claim(
    "sigma0_exceeds_sigma1_prose",
    uses=("sigma0_exceeds_sigma1_groups",),
    sentence="As the policy concentrates above 0.5, σ_0 > σ_1 (their Fig. 5).",
    quote=SIGMA_SENTENCE,
    statement="read as the prose reads: a group whose mean prediction is above 1/2 has "
    "σ_0 > σ_1 (expected: refuted)",
    scope="exact",
    scope_note="the group (t, 9/10, 9/10, 9/10), t ∈ (1/100, 1/20), has mean above 0.67 and "
    "σ_0 < σ_1; a group of identical predictions ties at σ_0 = σ_1 = 0",
    method="counterexample",
    expected="refuted",
)
def sigma0_exceeds_sigma1_prose() -> tuple[Obligation, ...]:
    outlier = sp.Symbol("t", positive=True)
    high = sp.Rational(9, 10)

    def gap(group: list[sp.Expr]) -> sp.Expr:
        """σ̂_0² − σ̂_1² of an explicit group (population convention)."""
        size = len(group)
        return m.group_variance(lambda r: sp.log(1 - group[int(r) - 1]), size) - (
            m.group_variance(lambda r: sp.log(group[int(r) - 1]), size)
        )

    return (
        Positive(
            label="σ̂_0² − σ̂_1² > 0 for the group (t, 9/10, 9/10, 9/10), mean above 1/2",
            expr=gap([outlier, high, high, high]),
            domain=Domain(intervals=(Interval(outlier, sp.Rational(1, 100), sp.Rational(1, 20)),)),
        ),
        Positive(
            label="σ̂_0² − σ̂_1² > 0 for a group of identical predictions (t, t, t)",
            expr=gap([t_var, t_var, t_var]),
            domain=Domain(intervals=(Interval(t_var, *ABOVE_HALF),)),
        ),
    )


@claim(
    "reflection_swaps_sigmas",
    uses=("policy_moments_definition",),
    sentence=NOT_IN_NOTE + "a policy mirrored about 1/2 has σ_0 and σ_1 exchanged.",
    quote=None,
    statement="p̂ → 1 − p̂ swaps σ_0 and σ_1 (so a policy symmetric about 1/2 has σ_0 = σ_1)",
    scope="definition",
    scope_note="holds term by term by the definition r(1 − p̂, 1) = r(p̂, 0), so it is "
    "checked, not proven: the model's σ_a of the mirrored policy against the oracle's "
    "σ_(1−a), every discrete policy (symbolic M)",
    method="independent oracle: raw moments by direct mpmath sums",
    expected="agrees with oracle",
)
def reflection_swaps_sigmas() -> tuple[Obligation, ...]:
    reflect = {m.q[m.j]: 1 - m.q[m.j]}
    policy = Domain(
        simplices=(Simplex(m.w, m.M),), intervals=(Interval(m.q, *UNIT, m.M),), sizes=(SIZE_M,)
    )
    return tuple(
        OracleCheck(
            label=f"σ_{outcome} of the mirrored policy = σ_{1 - outcome}",
            lhs=POLICY_SIGMA(m.M, m.w, m.q, sp.Integer(1 - outcome)),
            rhs=m.bernoulli_sigma(outcome, m.bernoulli_mu(outcome)).xreplace(reflect),
            domain=policy,
        )
        for outcome in (1, 0)
    )


@claim(
    "beta_sigma_ratio_limit",
    uses=("sigma0_exceeds_sigma1_beta",),
    sentence="As the policy concentrates above 0.5, σ_0 > σ_1.",
    quote=SIGMA_SENTENCE,
    condition="the policy is Beta with mean x > 1/2",
    statement="Beta policy with mean x, concentration κ → ∞: σ_0/σ_1 → x/(1 − x)",
    scope="narrow-policy limit",
    scope_note="as κ = α + β → ∞ at fixed mean x",
    method="limits of κσ_a² (ψ1 asymptotics)",
)
def beta_sigma_ratio_limit() -> tuple[Obligation, ...]:
    x = m.policy_mean
    scale = sp.Symbol("a", positive=True)
    var_1, var_0 = m.beta_log_variances(x * m.kappa, (1 - x) * m.kappa)
    domain = Domain(intervals=(Interval(x, *UNIT),))
    scaled = Limit(
        label="κ ψ1(aκ) → 1/a for every a > 0",
        expr=m.kappa * sp.polygamma(1, scale * m.kappa),
        variable=m.kappa,
        value=1 / scale,
        domain=Domain(intervals=(Interval(scale, sp.Integer(0), sp.Integer(10)),)),
    )
    u, v, w = sp.symbols("u v w", real=True)

    def algebra(instances: tuple, form: sp.Lambda) -> LimitAlgebra:
        return LimitAlgebra(premise=scaled, parameter=scale, instances=instances, form=form)

    return (
        scaled,
        Limit(
            label="κ σ_1² → (1 − x)/x",
            expr=m.kappa * var_1,
            variable=m.kappa,
            value=(1 - x) / x,
            domain=domain,
            method="difference of the limits at a = x and a = 1",
            rule=algebra((x, sp.Integer(1)), sp.Lambda((u, v), u - v)),
        ),
        Limit(
            label="κ σ_0² → x/(1 − x)",
            expr=m.kappa * var_0,
            variable=m.kappa,
            value=x / (1 - x),
            domain=domain,
            method="difference of the limits at a = 1 − x and a = 1",
            rule=algebra((1 - x, sp.Integer(1)), sp.Lambda((u, v), u - v)),
        ),
        Limit(
            label="σ_0/σ_1 → x/(1 − x)",
            expr=sp.sqrt(var_0 / var_1),
            variable=m.kappa,
            value=x / (1 - x),
            domain=domain,
            method="quotient of the two limits under a square root",
            rule=algebra(
                (1 - x, x, sp.Integer(1)), sp.Lambda((u, v, w), sp.sqrt((u - w) / (v - w)))
            ),
        ),
    )
