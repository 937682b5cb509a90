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
from sympy.utilities.lambdify import implemented_function

from . import model as m
from .domain import Domain, Interval, Simplex, SizeRange
from .proof import Identity, Limit, MonteCarlo, Obligation, Positive
from .registry import find

Scope = Literal["exact", "population limit", "narrow-policy limit", "fails at finite G"]
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
        return m.p_scalar * sp.log(prediction) + (  # noqa: E731
            1 - m.p_scalar
        ) * sp.log(1 - prediction)

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


# ---------------------------------------------------- the per-outcome σ mechanism
UNIT_P = Interval(m.p_scalar, *UNIT)
UNIT_PHAT = Interval(m.phat_scalar, *UNIT)
MUS = (
    Interval(m.mu_0, -sp.Integer(10), sp.Integer(0)),
    Interval(m.mu_1, -sp.Integer(10), sp.Integer(0)),
)
SIGMAS = (Interval(m.sigma_0, sp.Integer(0), sp.oo), Interval(m.sigma_1, sp.Integer(0), sp.oo))
OTHER_PHAT = sp.Symbol("phat'", positive=True)


def mechanism_domain(*extra: Interval) -> Domain:
    """p, p̂ in (0, 1); μ_a in (−10, 0); σ_a, ε > 0; plus what a statement adds."""
    return Domain(intervals=(UNIT_P, UNIT_PHAT, *MUS, *SIGMAS, EPSILON, *extra))


def _bernoulli_equal_sigmas() -> tuple[Obligation, ...]:
    mu, sigma = {0: m.mu_0, 1: m.mu_1}, {0: m.sigma_0, 1: m.sigma_1}
    chance = {0: 1 - m.p_scalar, 1: m.p_scalar}
    per_outcome = sp.Add(
        *(
            chance[a] * (m.log_score(m.phat_scalar, a) - mu[a]) / (sigma[a] + m.epsilon)
            for a in (0, 1)
        )
    )
    return (
        Identity(
            label="E_{a∼Bernoulli(p)}[(r(p̂, a) − μ_a)/(σ_a + ε)] = the note's expression",
            lhs=per_outcome,
            rhs=m.bernoulli_sigma_normalized_expectation(),
            domain=mechanism_domain(),
        ),
        Identity(
            label="σ_0 = σ_1 = σ: E_a[Â_STD] = A/(σ + ε)",
            lhs=m.bernoulli_sigma_normalized_expectation(s0=m.sigma, s1=m.sigma),
            rhs=m.bernoulli_true_advantage() / (m.sigma + m.epsilon),
            domain=mechanism_domain(SIGMA),
        ),
    )


def _bernoulli_unequal_sigmas() -> tuple[Obligation, ...]:
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


def _objective_derivative(order: int) -> sp.Expr:
    return sp.diff(m.bernoulli_sigma_normalized_expectation(), m.phat_scalar, order)


def _biased_optimum() -> tuple[Obligation, ...]:
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


OMEGA = sp.IndexedBase("omega", positive=True)  # per-outcome weights w_a = 1/(σ_a + ε)


def _tilted_optimum() -> tuple[Obligation, ...]:
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


# -------------------------------------------------------------------- σ_0 > σ_1
h_index = sp.Symbol("h", integer=True, positive=True)
t_var, a_var, b_var = sp.symbols("t a b", positive=True)
ABOVE_HALF = (sp.Rational(1, 2), sp.Integer(1))
GROUP_PREDICTIONS = sp.IndexedBase("y", positive=True)


def _pairwise_variance(value: Callable[[sp.Expr], sp.Expr], convention: str) -> sp.Expr:
    pairs = sp.Sum((value(m.g) - value(h_index)) ** 2, (m.g, 1, m.G), (h_index, 1, m.G))
    return pairs / (2 * m.G**2 if convention == "population" else 2 * m.G * (m.G - 1))


def _sigma0_exceeds_sigma1_groups() -> tuple[Obligation, ...]:
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
            label="1/(1 − t) > 1/t on (1/2, 1)",
            expr=1 / (1 - t_var) - 1 / t_var,
            domain=Domain(intervals=(Interval(t_var, *ABOVE_HALF),)),
        ),
        Identity(
            label="φ(t) = −log(t(1 − t)) has φ'(t) = 1/(1 − t) − 1/t",
            lhs=sp.diff(-sp.log(t_var) - sp.log(1 - t_var), t_var),
            rhs=1 / (1 - t_var) - 1 / t_var,
            domain=Domain(intervals=(Interval(t_var, *ABOVE_HALF),)),
        ),
    ]
    for convention in m.STD_CONVENTIONS:
        log_y = lambda r: sp.log(GROUP_PREDICTIONS[r])  # noqa: E731
        log_1my = lambda r: sp.log(1 - GROUP_PREDICTIONS[r])  # noqa: E731
        obligations.append(
            Positive(
                label=f"σ̂_0² − σ̂_1² > 0 for predictions in (1/2, 1) ({convention})",
                expr=m.group_variance(log_1my, convention=convention)
                - m.group_variance(log_y, convention=convention),
                domain=Domain(
                    intervals=(Interval(GROUP_PREDICTIONS, *ABOVE_HALF, m.G),), sizes=(SIZE_G,)
                ),
                method="pairwise form; for a < b in (1/2, 1), φ increasing gives "
                "log((1−a)/(1−b)) > log(b/a) > 0, so each pair's term is larger",
                via=(
                    f"variance = pairwise form ({convention})",
                    "1/(1 − t) > 1/t on (1/2, 1)",
                    "φ(t) = −log(t(1 − t)) has φ'(t) = 1/(1 − t) − 1/t",
                ),
            )
        )
    return tuple(obligations)


def _beta_log_variance_by_quadrature(a: object, b: object, which: object) -> object:
    """``E[(log X − m)²]`` (which = 1) or ``E[(log(1 − X) − m)²]`` (which = 0) for
    ``X ∼ Beta(a, b)`` by tanh-sinh quadrature, about the digamma mean ``m = ψ(a) − ψ(a+b)``
    (resp. ``ψ(b) − ψ(a+b)``): it equals the variance only if that mean is right too."""
    import mpmath

    if which == 1:
        centre, transform = mpmath.digamma(a) - mpmath.digamma(a + b), mpmath.log
    else:
        centre = mpmath.digamma(b) - mpmath.digamma(a + b)
        transform = lambda v: mpmath.log(1 - v)  # noqa: E731
    density = lambda v: v ** (a - 1) * (1 - v) ** (b - 1)  # noqa: E731
    second = mpmath.quad(lambda v: (transform(v) - centre) ** 2 * density(v), [0, 0.5, 1])
    return second / mpmath.beta(a, b)


BETA_LOG_VARIANCE = implemented_function("VarLogBeta", _beta_log_variance_by_quadrature)
BETA_PARAMETERS = (
    Interval(m.alpha, sp.Integer(1), sp.Integer(6)),
    Interval(m.beta, sp.Integer(1), sp.Integer(6)),
)


def _sigma0_exceeds_sigma1_beta() -> tuple[Obligation, ...]:
    var_1, var_0 = m.beta_log_variances()
    gap = sp.Symbol("d", positive=True)
    cgf_second = sp.diff(m.beta_log_moment_cgf(), m.s, 2).subs(m.s, 0)
    cgf_second_reflected = sp.diff(m.beta_log_moment_cgf(m.beta, m.alpha), m.s, 2).subs(m.s, 0)
    domain = Domain(intervals=BETA_PARAMETERS, random_points=2)
    return (
        Identity(
            label="Var log X = (log E[X^s])'' at 0 = ψ1(α) − ψ1(α+β)",
            lhs=cgf_second,
            rhs=var_1,
            domain=domain,
        ),
        Identity(
            label="Var log(1−X) = ψ1(β) − ψ1(α+β) (1 − X ∼ Beta(β, α))",
            lhs=cgf_second_reflected,
            rhs=var_0,
            domain=domain,
        ),
        Identity(
            label="quadrature: Var log X",
            lhs=BETA_LOG_VARIANCE(m.alpha, m.beta, 1),
            rhs=var_1,
            domain=domain,
            method="closed form by the CGF",
            via=("Var log X = (log E[X^s])'' at 0 = ψ1(α) − ψ1(α+β)",),
        ),
        Identity(
            label="quadrature: Var log(1−X)",
            lhs=BETA_LOG_VARIANCE(m.alpha, m.beta, 0),
            rhs=var_0,
            domain=domain,
            method="closed form by the CGF",
            via=("Var log(1−X) = ψ1(β) − ψ1(α+β) (1 − X ∼ Beta(β, α))",),
        ),
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
            via=("ψ1 is decreasing: −ψ2(t) > 0",),
        ),
    )


def _reflection_swaps_sigmas() -> tuple[Obligation, ...]:
    def variance(value: Callable[[sp.Expr], sp.Expr]) -> sp.Expr:
        mean = m.policy_expectation(value)
        return m.policy_expectation(lambda r: (value(r) - mean) ** 2)

    reflect = {m.q[m.j]: 1 - m.q[m.j]}
    sigma_1_sq = variance(lambda r: sp.log(m.q[r]))
    sigma_0_sq = variance(lambda r: sp.log(1 - m.q[r]))
    support = (sp.Symbol("y1", positive=True), sp.Symbol("y2", positive=True))
    weights = (sp.Symbol("v1", positive=True), sp.Symbol("v2", positive=True))
    points = [support[0], support[1], 1 - support[1], 1 - support[0]]
    chances = [weights[0], weights[1], weights[1], weights[0]]

    def symmetric(transform: Callable[[sp.Expr], sp.Expr]) -> sp.Expr:
        mean = sp.Add(*(c * transform(x) for c, x in zip(chances, points, strict=True)))
        return sp.Add(
            *(c * (transform(x) - mean) ** 2 for c, x in zip(chances, points, strict=True))
        )

    policy = Domain(
        simplices=(Simplex(m.w, m.M),), intervals=(Interval(m.q, *UNIT, m.M),), sizes=(SIZE_M,)
    )
    return (
        Identity(
            label="σ_1 of the reflected policy = σ_0",
            lhs=sigma_1_sq.xreplace(reflect),
            rhs=sigma_0_sq,
            domain=policy,
        ),
        Identity(
            label="σ_0 of the reflected policy = σ_1",
            lhs=sigma_0_sq.xreplace(reflect),
            rhs=sigma_1_sq,
            domain=policy,
        ),
        Identity(
            label="symmetric policy (4 points): σ_0 = σ_1",
            lhs=symmetric(sp.log),
            rhs=symmetric(lambda v: sp.log(1 - v)),
            domain=Domain(
                simplices=(Simplex((weights[0], weights[1], sp.Symbol("v3", positive=True))),),
                intervals=(Interval(support[0], *UNIT), Interval(support[1], *UNIT)),
            ),
        ),
    )


# ------------------------------------------------------------ the drift to the vertex
def _beta_sigma_ratio() -> tuple[Obligation, ...]:
    x = m.policy_mean
    scale = sp.Symbol("a", positive=True)
    var_1, var_0 = m.beta_log_variances(x * m.kappa, (1 - x) * m.kappa)
    domain = Domain(intervals=(Interval(x, *UNIT),))
    return (
        Limit(
            label="κ ψ1(aκ) → 1/a for every a > 0",
            expr=m.kappa * sp.polygamma(1, scale * m.kappa),
            variable=m.kappa,
            value=1 / scale,
            domain=Domain(intervals=(Interval(scale, sp.Integer(0), sp.Integer(10)),)),
        ),
        Limit(
            label="κ σ_1² → (1 − x)/x",
            expr=m.kappa * var_1,
            variable=m.kappa,
            value=(1 - x) / x,
            domain=domain,
            method="difference of the limits at a = x and a = 1",
            via=("κ ψ1(aκ) → 1/a for every a > 0",),
        ),
        Identity(
            label="σ_0²(x) = σ_1²(1 − x) (reflection)",
            lhs=var_0,
            rhs=var_1.subs(x, 1 - x),
            domain=Domain(
                intervals=(Interval(x, *UNIT), Interval(m.kappa, sp.Integer(0), sp.Integer(100)))
            ),
        ),
        Limit(
            label="κ σ_0² → x/(1 − x)",
            expr=m.kappa * var_0,
            variable=m.kappa,
            value=x / (1 - x),
            domain=domain,
            method="the σ_1 limit at 1 − x",
            via=("κ σ_1² → (1 − x)/x", "σ_0²(x) = σ_1²(1 − x) (reflection)"),
        ),
        Limit(
            label="σ_0/σ_1 → x/(1 − x)",
            expr=sp.sqrt(var_0 / var_1),
            variable=m.kappa,
            value=x / (1 - x),
            domain=domain,
            method="quotient of the two limits",
            via=("κ σ_1² → (1 − x)/x", "κ σ_0² → x/(1 − x)"),
        ),
    )


def _drift_to_vertex() -> tuple[Obligation, ...]:
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
            method="logarithm of the odds identity",
            via=("odds(p̂*) = odds(p)·odds(x)",),
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


# ------------------------------------------------------------------ simplex geometry
def _gibbs() -> tuple[Obligation, ...]:
    y = sp.Symbol("y", positive=True)
    h = y - 1 - sp.log(y)  # log y ≤ y − 1, with equality only at y = 1
    simplexes = soft_domain(Simplex(m.phat, m.K))
    return (
        Identity(
            label="h(1) = 0, h(y) = y − 1 − log y",
            lhs=h.subs(y, 1),
            rhs=sp.Integer(0),
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
        Positive(
            label="Gibbs: KL(p‖p̂) > 0 for p̂ ≠ p",
            expr=m.kl_divergence(m.p, m.phat),
            domain=simplexes,
            method="sum of p_i h(p̂_i/p_i) ≥ 0, = 0 only at p̂ = p",
            via=(
                "h(1) = 0, h(y) = y − 1 − log y",
                "h decreasing on (0, 1): −h'(y) > 0",
                "h increasing on (1, ∞): h'(y) > 0",
                "KL(p‖p̂) = Σ_i p_i h(p̂_i/p_i) (Σ p̂_i = Σ p_i = 1)",
            ),
        ),
        Identity(
            label="soft target: R(p̂) − R(p) = −KL(p‖p̂), so p̂ = p is the unique maximum",
            lhs=m.soft_target_reward(m.p, m.phat) - m.soft_target_reward(m.p, m.p),
            rhs=-m.kl_divergence(m.p, m.phat),
            domain=simplexes,
        ),
        Identity(
            label="one-hot target e_k: R(p̂) = log p̂_k = −h(p̂_k) − (1 − p̂_k)",
            lhs=sp.log(y),
            rhs=-h - (1 - y),
            domain=Domain(intervals=(Interval(y, *UNIT),)),
        ),
        Positive(
            label="one-hot: R(p̂) < 0 = R(e_k), the vertex is the maximum",
            expr=-sp.log(y),
            domain=Domain(intervals=(Interval(y, *UNIT),)),
            method="−log y = h(y) + (1 − y), both > 0 on (0, 1)",
            via=(
                "one-hot target e_k: R(p̂) = log p̂_k = −h(p̂_k) − (1 − p̂_k)",
                "h decreasing on (0, 1): −h'(y) > 0",
                "h(1) = 0, h(y) = y − 1 − log y",
            ),
        ),
    )


# ------------------------------------------------------------------- finite groups
def _z_score_rank_preserving() -> tuple[Obligation, ...]:
    """z = (x_1 − x̄)/(σ̂ + ε) with the other rewards x_2..x_G fixed, for every G."""
    own = m.x[1]
    others = sp.Sum(m.x[m.g], (m.g, 2, m.G))
    mean = (own + others) / m.G
    variance = ((own - mean) ** 2 + sp.Sum((m.x[m.g] - mean) ** 2, (m.g, 2, m.G))) / m.G
    pair_spread = sp.Sum((m.x[m.g] - m.x[h_index]) ** 2, (m.g, 2, m.G), (h_index, 2, m.G))
    gap = sp.Symbol("d", real=True)
    sig = sp.Symbol("sigma", positive=True)
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
            lhs=quotient_rule,
            rhs=derivative,
            domain=Domain(
                intervals=(
                    Interval(gap, -sp.Integer(5), sp.Integer(5)),
                    SIGMA,
                    EPSILON,
                    Interval(m.G, sp.Integer(2), sp.Integer(50)),
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

    rng = np.random.default_rng(seed)
    population_mean = float(mpmath.digamma(alpha) - mpmath.digamma(alpha + beta))
    others = np.log(rng.beta(alpha, beta, size=(samples, group - 1)))
    rewards = np.concatenate([np.full((samples, 1), population_mean), others], axis=1)
    centred = rewards[:, 0] - rewards.mean(axis=1)
    z = centred / rewards.std(axis=1)
    return float(z.mean()), float(z.std(ddof=1) / np.sqrt(samples)), samples


def _finite_group_not_proportional() -> tuple[Obligation, ...]:
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
    # ---------------------------------------------- the per-outcome σ mechanism
    Claim(
        id="bernoulli_equal_sigmas_rescale",
        sentence="E[Â_STD] ≈ p (r(p̂,1) − μ_1)/(σ_1 + ε) + (1−p)(r(p̂,0) − μ_0)/(σ_0 + ε) … "
        "Equal coefficients would be a harmless rescale.",
        statement="the note's expression is E_a[(r(p̂,a) − μ_a)/(σ_a + ε)]; with σ_0 = σ_1 = σ "
        "it equals A/(σ + ε)",
        scope="population limit",
        scope_note="the note's '≈' for E[Â_STD] under sampled outcomes (population σ_a)",
        method="expansion to 0",
        obligations=_bernoulli_equal_sigmas,
    ),
    Claim(
        id="bernoulli_unequal_sigmas_proportional",
        sentence="This differs from the true advantage only in the two coefficients … "
        "the bias is that they are unequal.",
        statement="with σ_0 ≠ σ_1, E_a[Â_STD] = c·A for one constant c (expected: refuted)",
        scope="population limit",
        scope_note="refuted: the ratio E_a[Â_STD]/A changes with p̂ when σ_0 ≠ σ_1",
        method="counterexample",
        obligations=_bernoulli_unequal_sigmas,
        expected="refuted",
    ),
    Claim(
        id="biased_optimum",
        sentence="Overconfident predictions look better than they are.",
        statement="argmax E_a[Â_STD] = p̂* = p w_1/(p w_1 + (1−p) w_0), w_a = 1/(σ_a + ε): "
        "odds(p̂*) = odds(p)(σ_0+ε)/(σ_1+ε); unique; p̂* > p iff σ_0 > σ_1",
        scope="population limit",
        scope_note="maximizer of the note's population expression; unique by strict concavity",
        method="stationary point + concavity + signs",
        obligations=_biased_optimum,
    ),
    Claim(
        id="tilted_optimum_k_outcomes",
        sentence="(K outcomes: the per-outcome divisors tilt the optimum.)",
        statement="over the simplex, Σ_a w_a p_a log p̂_a is maximized by p̂*_a ∝ w_a p_a",
        scope="population limit",
        scope_note="every K; the gap F(p̂*) − F(p̂) = S·KL(p̂*‖p̂) is > 0 for p̂ ≠ p̂* by "
        "Gibbs' inequality (gibbs_interior_optimum), so p̂* is the unique maximizer",
        method="Lagrange + gap = S·KL, symbolic K",
        obligations=_tilted_optimum,
    ),
    Claim(
        id="sigma0_exceeds_sigma1_groups",
        sentence="As the policy concentrates above 0.5, σ_0 > σ_1 (their Fig. 5).",
        statement="predictions in (1/2, 1), not all equal: std of log(1 − p̂) > std of log p̂",
        scope="exact",
        scope_note="every group size G ≥ 2, population and Bessel conventions",
        method="pairwise variance + 1/(1−t) > 1/t",
        obligations=_sigma0_exceeds_sigma1_groups,
    ),
    Claim(
        id="sigma0_exceeds_sigma1_beta",
        sentence="As the policy concentrates above 0.5, σ_0 > σ_1 (their Fig. 5).",
        statement="Beta(α, β) policy: σ_1² = ψ1(α) − ψ1(α+β), σ_0² = ψ1(β) − ψ1(α+β); "
        "α > β implies σ_0 > σ_1",
        scope="exact",
        scope_note="every α, β > 0 (numeric checks on α, β ∈ (1, 6) by quadrature)",
        method="CGF derivative + ψ1 decreasing",
        obligations=_sigma0_exceeds_sigma1_beta,
    ),
    Claim(
        id="reflection_swaps_sigmas",
        sentence="(A policy mirrored about 1/2 has σ_0 and σ_1 exchanged.)",
        statement="p̂ → 1 − p̂ swaps σ_0 and σ_1; a symmetric policy has σ_0 = σ_1",
        scope="exact",
        scope_note="every discrete policy (M support points)",
        method="expansion to 0, symbolic M",
        obligations=_reflection_swaps_sigmas,
    ),
    Claim(
        id="beta_sigma_ratio_limit",
        sentence="As the policy concentrates above 0.5, σ_0 > σ_1.",
        statement="Beta policy with mean x, concentration κ → ∞: σ_0/σ_1 → x/(1 − x)",
        scope="narrow-policy limit",
        scope_note="as κ = α + β → ∞ at fixed mean x",
        method="limits of κσ_a² (ψ1 asymptotics)",
        obligations=_beta_sigma_ratio,
    ),
    Claim(
        id="drift_to_vertex",
        sentence="Overconfidence means the optimizer is driven toward a vertex of the simplex.",
        statement="with σ_0/σ_1 = odds(x), ε → 0: odds(p̂*) = odds(p)·odds(x); the "
        "self-consistent map x → p̂* has fixed points only at 0 and 1 (p ≠ 1/2) and moves "
        "toward 1 if p > 1/2; with one σ, p̂* = p",
        scope="narrow-policy limit",
        scope_note="uses the κ → ∞ ratio of beta_sigma_ratio_limit and ε → 0; "
        "monotone and bounded, the iteration converges to the vertex",
        method="expansion to 0 + sign",
        obligations=_drift_to_vertex,
    ),
    Claim(
        id="gibbs_interior_optimum",
        sentence="The pathology needs a corner-seeking optimum; a known soft target does not "
        "have one.",
        statement="one-hot target e_k: the reward's maximum is the vertex e_k; soft target p "
        "in the interior: the unique maximizer is p̂ = p (KL ≥ 0, = 0 iff p̂ = p)",
        scope="exact",
        scope_note="every K, through log y ≤ y − 1",
        method="log y ≤ y − 1, symbolic K",
        obligations=_gibbs,
    ),
    Claim(
        id="z_score_rank_preserving",
        sentence="The advantage is a z-score of the rollout's KL-to-target within its group.",
        statement="with the other rollouts fixed, a rollout's z-score strictly increases with "
        "its own reward (ε > 0); at ε = 0 it is non-decreasing, strictly unless the others "
        "are all equal",
        scope="exact",
        scope_note="every finite G ≥ 2, population std; at ε = 0 the derivative is "
        "T/(G² σ̂³) ≥ 0, zero only when x_2 = … = x_G; hence E[Â | own reward] is "
        "rank-preserving",
        method="derivative identity + sign",
        obligations=_z_score_rank_preserving,
    ),
    Claim(
        id="finite_group_proportional",
        sentence="E[Â_STD] = A(q, p̂)/(σ̂ + ε) ∝ A(q, p̂).",
        statement="at finite G with σ̂ random, E[Â_STD | own reward] is proportional to A "
        "(so it vanishes where A = 0) — expected: refuted",
        scope="fails at finite G",
        scope_note="rewards log p̂, p̂ ∼ Beta(5, 1), G = 4: a rollout at the population mean "
        "(A = 0) has expected z-score ≈ −0.29; the '=' holds only as G → ∞",
        method="seeded Monte Carlo",
        obligations=_finite_group_not_proportional,
        expected="refuted",
    ),
)


def get_claim(claim_id: str) -> Claim:
    """The ledger entry with this id; ``GrpoSigmaError`` naming the known ids otherwise."""
    return find(LEDGER, claim_id, "claim id")
