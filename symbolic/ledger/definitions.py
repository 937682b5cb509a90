"""Definitions checked, not trusted: every object of the model against an independent oracle.

Each claim compares a function of ``note/model.py`` with a definition written independently
in ``oracles.py`` (``statistics``, direct mpmath sums, quadrature of the Beta density), for
symbolic sizes (the model's indexed ``Sum``) and explicit ones (its plain sums).  Agreement
at every point is reported as *agrees with oracle*: a check of a definition, not a proof.
A mutation of the model makes one of these checks fail (tests/test_mutations.py).
"""

from __future__ import annotations

import sympy as sp

from ..engine.domain import Domain, Interval, Simplex
from ..engine.obligations import Obligation
from ..note import model as m
from ..note.vocabulary import EPSILON, MUS, SIGMAS, SIZE_G, SIZE_K, SIZE_M, UNIT, UNIT_P, UNIT_PHAT
from . import oracles as o
from .claim import NOT_IN_NOTE, claim
from .oracles import OracleCheck
from .their_mechanism import BETA_PARAMETERS

EXPLICIT_G = (2, 5)
REWARDS = Interval(m.x, -sp.Integer(5), sp.Integer(5), m.G)
BESSEL = {"population": sp.Integer(0), "bessel": sp.Integer(1)}


def _group(size: m.Size, *extra: Interval) -> Domain:
    """Rewards x_1..x_G in (−5, 5) for a symbolic G (its samples) or an explicit one."""
    rewards = Interval(m.x, -sp.Integer(5), sp.Integer(5), size)
    sizes = (SIZE_G,) if size == m.G else ()
    return Domain(intervals=(rewards, *extra), sizes=sizes, random_points=4)


def _sizes(symbol: sp.Symbol) -> tuple[m.Size, ...]:
    return (symbol, *EXPLICIT_G)


def _size_value(size: m.Size) -> sp.Expr:
    return sp.Integer(size) if isinstance(size, int) else size


def _reward(r: sp.Expr) -> sp.Expr:
    return m.x[r]


@claim(
    "group_mean_definition",
    defines=("group_mean", "centered_advantage"),
    sentence=NOT_IN_NOTE + "the group mean R̄ and the centred reward R^(1) − R̄, as defined.",
    quote=None,
    statement="x̄ = (1/G) Σ_g x^(g) and x^(1) − x̄ agree with statistics.mean",
    scope="definition",
    scope_note="symbolic G (at its samples) and G = 2, 5; rewards in (−5, 5)",
    method="independent oracle: statistics.mean on exact rationals",
    expected="agrees with oracle",
)
def group_mean_definition() -> tuple[Obligation, ...]:
    obligations: list[Obligation] = []
    for size in _sizes(m.G):
        n = _size_value(size)
        obligations.append(
            OracleCheck(
                label=f"group mean, G = {size}",
                lhs=o.MEAN(n, m.x),
                rhs=m.group_mean(_reward, size),
                domain=_group(size),
            )
        )
        obligations.append(
            OracleCheck(
                label=f"centred reward x^(1) − x̄, G = {size}",
                lhs=m.x[1] - o.MEAN(n, m.x),
                rhs=m.centered_advantage(_reward, size),
                domain=_group(size),
            )
        )
    return tuple(obligations)


@claim(
    "group_std_definition",
    defines=("group_variance", "group_std"),
    sentence=NOT_IN_NOTE + "the group std σ̂ (population and Bessel), as defined.",
    quote=None,
    statement="σ̂² and σ̂ of the model agree with statistics.pvariance (population, /G) and "
    "statistics.variance (Bessel, /(G − 1))",
    scope="definition",
    scope_note="symbolic G (at its samples) and G = 2, 5; both conventions",
    method="independent oracle: statistics.pvariance / variance on exact rationals",
    expected="agrees with oracle",
)
def group_std_definition() -> tuple[Obligation, ...]:
    obligations: list[Obligation] = []
    for convention, bessel in BESSEL.items():
        for size in _sizes(m.G):
            n = _size_value(size)
            obligations.append(
                OracleCheck(
                    label=f"σ̂² ({convention}), G = {size}",
                    lhs=o.VARIANCE(n, m.x, bessel),
                    rhs=m.group_variance(_reward, size, convention),
                    domain=_group(size),
                )
            )
            obligations.append(
                OracleCheck(
                    label=f"σ̂ ({convention}), G = {size}",
                    lhs=o.STD(n, m.x, bessel),
                    rhs=m.group_std(_reward, size, convention),
                    domain=_group(size),
                )
            )
    return tuple(obligations)


@claim(
    "sigma_normalized_advantage_definition",
    defines=("sigma_normalized_advantage",),
    uses=("group_mean_definition", "group_std_definition"),
    sentence="Â_STD = (R^(1) − R̄)/(σ̂ + ε).",
    quote=r"\hat A_{\mathrm{STD}} = \frac{R^{(1)} - \bar R}{\hat\sigma + \epsilon}",
    statement="the model's Â_STD agrees with (x^(1) − statistics.mean)/(σ̂ + ε), σ̂ from statistics",
    scope="definition",
    scope_note="symbolic G (at its samples) and G = 2, 5; ε ≥ 0; both conventions",
    method="independent oracle: statistics on exact rationals",
    expected="agrees with oracle",
)
def sigma_normalized_advantage_definition() -> tuple[Obligation, ...]:
    obligations: list[Obligation] = []
    for convention, bessel in BESSEL.items():
        for size in _sizes(m.G):
            n = _size_value(size)
            obligations.append(
                OracleCheck(
                    label=f"Â_STD ({convention}), G = {size}",
                    lhs=o.Z_SCORE(n, m.x, m.epsilon, bessel),
                    rhs=m.sigma_normalized_advantage(_reward, size, convention=convention),
                    domain=_group(size, EPSILON),
                )
            )
    return tuple(obligations)


def _vectors(size: m.Size, *bases: sp.IndexedBase) -> Domain:
    sizes = (SIZE_K,) if size == m.K else ()
    return Domain(simplices=tuple(Simplex(b, size) for b in bases), sizes=sizes, random_points=4)


@claim(
    "entropy_kl_definition",
    defines=("entropy", "kl_divergence"),
    sentence="R(p̂) = Σ_i p_i log p̂_i, with H(p) and KL(p ‖ p̂) as the note writes them.",
    quote=r"R(\hat p) = \sum_i p_i \log \hat p_i",
    statement="H(p), KL(p‖p̂) and R(p̂) of the model agree with direct mpmath sums "
    "−Σ p log p, Σ p (log p − log p̂), Σ p log p̂; in a batch, R of rollout g reads row g",
    scope="definition",
    scope_note="symbolic K (at its samples) and K = 2, 5; p, p̂ in the open simplex; "
    "batches of G rows with K ≠ G",
    method="independent oracle: direct mpmath sums",
    expected="agrees with oracle",
)
def entropy_kl_definition() -> tuple[Obligation, ...]:
    obligations: list[Obligation] = []
    for size in (m.K, 2, 5):
        n = _size_value(size)
        obligations += [
            OracleCheck(
                label=f"H(p), K = {size}",
                lhs=o.ENTROPY(n, m.p),
                rhs=m.entropy(m.p, size),
                domain=_vectors(size, m.p),
            ),
            OracleCheck(
                label=f"KL(p‖p̂), K = {size}",
                lhs=o.KL(n, m.p, m.phat),
                rhs=m.kl_divergence(m.p, m.phat, size),
                domain=_vectors(size, m.p, m.phat),
            ),
            OracleCheck(
                label=f"R(p̂) = Σ p log p̂, K = {size}",
                lhs=o.SOFT_REWARD(n, m.p, m.phat),
                rhs=m.soft_target_reward(m.p, m.phat, size),
                domain=_vectors(size, m.p, m.phat),
            ),
        ]
    for size, rows, row in ((m.K, m.G, m.G), (3, 2, 2), (2, 3, 3)):
        obligations.append(
            OracleCheck(
                label=f"R(p̂^({row})) of a batch of {rows} predictions, K = {size}",
                lhs=o.ROW_SOFT_REWARD(_size_value(size), row, m.p, m.phat),
                rhs=m.soft_target_reward(m.p, m.phat, size, row=row),
                domain=Domain(
                    simplices=(Simplex(m.p, size), Simplex(m.phat, size, rows=rows)),
                    sizes=(SIZE_K, SIZE_G) if size == m.K else (),
                    random_points=2,
                ),
            )
        )
    return tuple(obligations)


@claim(
    "log_score_definition",
    defines=("log_score", "one_hot_log_score", "expected_log_score"),
    sentence="r(p̂, a) = a log p̂ + (1 − a) log(1 − p̂): log p̂ if a = 1, log(1 − p̂) if a = 0.",
    quote=r"r(\hat p, a) = a \log \hat p + (1-a)\log(1-\hat p)",
    statement="the Bernoulli log score, the one-hot log score and E_{a∼p}[r(p̂, a)] of the "
    "model agree with their definitions by cases",
    scope="definition",
    scope_note="a ∈ {0, 1}, p̂ ∈ (0, 1); categorical K = 2..5, every outcome",
    method="independent oracle: the score by cases, direct mpmath sums",
    expected="agrees with oracle",
)
def log_score_definition() -> tuple[Obligation, ...]:
    bernoulli = tuple(
        OracleCheck(
            label=f"r(p̂, {outcome})",
            lhs=o.LOG_SCORE(m.phat_scalar, sp.Integer(outcome)),
            rhs=m.log_score(m.phat_scalar, outcome),
            domain=Domain(intervals=(UNIT_PHAT,)),
        )
        for outcome in (0, 1)
    )
    one_hot = tuple(
        OracleCheck(
            label=f"one-hot r(p̂, {outcome}), K = {k}",
            lhs=o.ONE_HOT(sp.Integer(k), m.phat, sp.Integer(outcome)),
            rhs=m.one_hot_log_score(m.phat, outcome, k),
            domain=_vectors(k, m.phat),
        )
        for k in (2, 3, 5)
        for outcome in range(1, k + 1)
    )
    expected = tuple(
        OracleCheck(
            label=f"E_(a∼p)[r(p̂, a)], K = {k}",
            lhs=o.SOFT_REWARD(sp.Integer(k), m.p, m.phat),
            rhs=m.expected_log_score(m.p, m.phat, k),
            domain=_vectors(k, m.p, m.phat),
        )
        for k in (2, 3, 5)
    )
    return (*bernoulli, *one_hot, *expected)


def _policy(support: m.Size, *extra: Interval) -> Domain:
    sizes = (SIZE_M,) if support == m.M else ()
    return Domain(
        simplices=(Simplex(m.w, support),),
        intervals=(Interval(m.q, *UNIT, support), *extra),
        sizes=sizes,
        random_points=4,
    )


@claim(
    "policy_moments_definition",
    defines=(
        "bernoulli_mu",
        "bernoulli_sigma",
        "policy_std",
        "policy_expectation",
        "bernoulli_true_advantage",
    ),
    sentence="σ_1 = E[std(r(p̂, 1))] over the policy, σ_0 likewise; μ_a and A(q, p̂) of a policy.",
    quote=r"$\sigma_1 = \mathbb{E}_{\hat p}[\operatorname{std}(r(\hat p, 1))]$ and "
    r"$\sigma_0$ likewise",
    condition="σ_a read as the policy's population std of r(p̂', a): the G → ∞ value of the "
    "expected group std the note writes",
    statement="μ_a and σ_a of a discrete policy (weights w on predictions q) agree with "
    "Σ w r(q, a) and sqrt(E[r²] − E[r]²); the true advantage with R(p̂) − E_{p̂'}[R(p̂')]",
    scope="definition",
    scope_note="symbolic M (at its samples) and M = 2, 5; the note's σ_a read as the "
    "policy's population std (the G → ∞ value of GRPO's group std)",
    method="independent oracle: raw moments by direct mpmath sums",
    expected="agrees with oracle",
)
def policy_moments_definition() -> tuple[Obligation, ...]:
    obligations: list[Obligation] = []
    for support in (m.M, 2, 5):
        n = _size_value(support)
        for outcome in (0, 1):
            obligations += [
                OracleCheck(
                    label=f"μ_{outcome}, M = {support}",
                    lhs=o.POLICY_MU(n, m.w, m.q, sp.Integer(outcome)),
                    rhs=m.bernoulli_mu(outcome, support),
                    domain=_policy(support),
                ),
                OracleCheck(
                    label=f"σ_{outcome}, M = {support}",
                    lhs=o.POLICY_SIGMA(n, m.w, m.q, sp.Integer(outcome)),
                    rhs=m.bernoulli_sigma(outcome, m.bernoulli_mu(outcome, support), support),
                    domain=_policy(support),
                ),
            ]
        mus = {m.mu_1: o.POLICY_MU(n, m.w, m.q, 1), m.mu_0: o.POLICY_MU(n, m.w, m.q, 0)}
        obligations.append(
            OracleCheck(
                label=f"Bernoulli A(q, p̂), M = {support}",
                lhs=m.p_scalar * (o.LOG_SCORE(m.phat_scalar, 1) - mus[m.mu_1])
                + (1 - m.p_scalar) * (o.LOG_SCORE(m.phat_scalar, 0) - mus[m.mu_0]),
                rhs=m.bernoulli_true_advantage().xreplace(
                    {m.mu_1: m.bernoulli_mu(1, support), m.mu_0: m.bernoulli_mu(0, support)}
                ),
                domain=_policy(support, UNIT_P, UNIT_PHAT),
            )
        )
    for k, support in ((2, 3), (3, 2)):
        rows = Domain(
            simplices=(
                Simplex(m.p, k),
                Simplex(m.phat, k),
                Simplex(m.w, support),
                Simplex(m.q, k, rows=support),
            ),
            random_points=4,
        )
        obligations.append(
            OracleCheck(
                label=f"A(q, p̂) = R(p̂) − E_(p̂')[R(p̂')], K = {k}, M = {support}",
                lhs=o.TRUE_ADVANTAGE(sp.Integer(k), sp.Integer(support), m.p, m.phat, m.w, m.q),
                rhs=m.true_advantage(m.p, k, support),
                domain=rows,
            )
        )
    return tuple(obligations)


@claim(
    "beta_log_moments_definition",
    defines=("beta_log_means", "beta_log_variances", "beta_power_moment"),
    sentence=NOT_IN_NOTE + "the log-moments of a Beta(α, β) policy, as defined.",
    quote=None,
    statement="X ∼ Beta(α, β): E log X = ψ(α) − ψ(α+β), Var log X = ψ1(α) − ψ1(α+β), "
    "E log(1−X) = ψ(β) − ψ(α+β), Var log(1−X) = ψ1(β) − ψ1(α+β), and "
    "E[X^s] = B(α+s, β)/B(α, β), agree with quadrature of the Beta density",
    scope="definition",
    scope_note="α, β ∈ (1, 6); s ∈ (0, 2); tanh-sinh quadrature at the working precision",
    method="independent oracle: mpmath quadrature of the Beta density",
    expected="agrees with oracle",
)
def beta_log_moments_definition() -> tuple[Obligation, ...]:
    domain = Domain(intervals=BETA_PARAMETERS, random_points=2)
    means, variances = m.beta_log_means(), m.beta_log_variances()
    obligations: list[Obligation] = []
    for outcome, name in ((1, "log X"), (0, "log(1 − X)")):
        index = 0 if outcome == 1 else 1
        obligations += [
            OracleCheck(
                label=f"E {name}",
                lhs=o.BETA_LOG_MOMENT(m.alpha, m.beta, outcome, 1),
                rhs=means[index],
                domain=domain,
            ),
            OracleCheck(
                label=f"Var {name}",
                lhs=o.BETA_LOG_MOMENT(m.alpha, m.beta, outcome, 2),
                rhs=variances[index],
                domain=domain,
            ),
        ]
    obligations.append(
        OracleCheck(
            label="E[X^s] = B(α+s, β)/B(α, β) (the Beta integral)",
            lhs=o.BETA_POWER_MOMENT(m.alpha, m.beta, m.s),
            rhs=m.beta_power_moment(),
            domain=Domain(
                intervals=(*BETA_PARAMETERS, Interval(m.s, sp.Integer(0), sp.Integer(2))),
                random_points=2,
            ),
        )
    )
    return tuple(obligations)


@claim(
    "per_outcome_expression_definition",
    defines=("bernoulli_sigma_normalized_expectation",),
    uses=("log_score_definition",),
    sentence=NOT_IN_NOTE + "the per-outcome expression E_a[(r(p̂, a) − μ_a)/(σ_a + ε)], as defined.",
    quote=None,
    statement="the model's per-outcome expression is E_{a∼Bernoulli(p)}[(r(p̂, a) − μ_a)/"
    "(σ_a + ε)], evaluated by its two cases",
    scope="definition",
    scope_note="p, p̂ ∈ (0, 1), μ_a ∈ (−10, 0), σ_a, ε > 0",
    method="independent oracle: the expectation by cases",
    expected="agrees with oracle",
)
def per_outcome_expression_definition() -> tuple[Obligation, ...]:
    return (
        OracleCheck(
            label="E_a[(r(p̂, a) − μ_a)/(σ_a + ε)] by cases",
            lhs=o.PER_OUTCOME(
                m.p_scalar, m.phat_scalar, m.mu_0, m.mu_1, m.sigma_0, m.sigma_1, m.epsilon
            ),
            rhs=m.bernoulli_sigma_normalized_expectation(),
            domain=Domain(intervals=(UNIT_P, UNIT_PHAT, *MUS, *SIGMAS, EPSILON)),
        ),
    )
