"""The note's objects as SymPy expressions.

Probability vectors are ``IndexedBase`` objects with positive entries, so one expression
serves a symbolic number of outcomes ``K`` (an indexed ``Sum``, one proof for every K) and
an explicit ``K`` (a plain sum of ``p[1] ... p[K]``).  Rollouts of a group are indexed by
``g = 1..G``; a policy is a discrete distribution with weights ``w[j]`` on support points
``q[j, i]``, ``j = 1..M``, so that expectations over the policy are finite sums.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import sympy as sp

from .symbols import RolloutValue, RolloutVector, Written, WrittenBase, hat, mi, sub

Size = int | sp.Expr
StdConvention = Literal["population", "bessel"]
STD_CONVENTIONS: tuple[StdConvention, ...] = ("population", "bessel")

# Sizes: outcomes, group, policy support.
K = sp.Symbol("K", integer=True, positive=True)
G = sp.Symbol("G", integer=True, positive=True)
M = sp.Symbol("M", integer=True, positive=True)
# Summation indices: outcome i, rollout g, support point j.
i = sp.Symbol("i", integer=True, positive=True)
g = sp.Symbol("g", integer=True, positive=True)
j = sp.Symbol("j", integer=True, positive=True)

# Vectors: the target p, a prediction p̂ (per rollout p̂^(g)), the policy's weights w and
# support points q_j, per-rollout KLs and rewards.  The vectors' names differ from the
# Bernoulli scalars' below, so that one expression may hold both.
p = WrittenBase(Written("p_vec", "p", mi("p"), positive=True))  # the known soft target
phat = RolloutVector(Written("phat_vec", r"\hat p", hat(mi("p")), positive=True))  # a prediction
w = WrittenBase(Written("w", "w", positive=True))  # policy weights over its support
q = WrittenBase(Written("q", "q", positive=True))  # policy support points q[j, i]
kl = RolloutValue(
    Written("KL", r"\mathrm{KL}", mi("KL", "normal"), real=True)
)  # per-rollout KL values, for group statistics
x = sp.IndexedBase("x", real=True)  # generic per-rollout rewards

epsilon = Written("epsilon", r"\epsilon", mi("ε"), nonnegative=True)
sigma = Written("sigma", r"\hat\sigma", hat(mi("σ")), positive=True)  # the group std
sigma_0 = Written("sigma_0", r"\sigma_0", sub(mi("σ"), "<mn>0</mn>"), positive=True)
sigma_1 = Written("sigma_1", r"\sigma_1", sub(mi("σ"), "<mn>1</mn>"), positive=True)
mu_0 = Written("mu_0", r"\mu_0", sub(mi("μ"), "<mn>0</mn>"), real=True)
mu_1 = Written("mu_1", r"\mu_1", sub(mi("μ"), "<mn>1</mn>"), real=True)
p_scalar = Written("p", "p", positive=True)  # Bernoulli target P(a = 1)
phat_scalar = Written("phat", r"\hat p", hat(mi("p")), positive=True)  # Bernoulli prediction


def total(term: Callable[[sp.Expr], sp.Expr], n: Size, index: sp.Symbol) -> sp.Expr:
    """``Σ_{index=1}^{n} term(index)``: an indexed ``Sum`` for symbolic n, a plain sum otherwise."""
    if isinstance(n, int):
        return sp.Add(*(term(sp.Integer(k)) for k in range(1, n + 1)))
    return sp.Sum(term(index), (index, 1, n))


def entry(vector: sp.IndexedBase, k: sp.Expr, row: sp.Expr | None = None) -> sp.Expr:
    """Component ``k`` of a vector, or of row ``row`` of a batch of vectors."""
    return vector[k] if row is None else vector[row, k]


# ---------------------------------------------------------------------------- rewards
def soft_target_reward(
    target: sp.IndexedBase, prediction: sp.IndexedBase, n: Size = K, row: sp.Expr | None = None
) -> sp.Expr:
    """The soft-target reward ``R(p̂) = Σ_i p_i log p̂_i`` (one scalar per rollout)."""
    return total(lambda k: target[k] * sp.log(entry(prediction, k, row)), n, i)


def entropy(target: sp.IndexedBase, n: Size = K) -> sp.Expr:
    """Shannon entropy ``H(p) = −Σ_i p_i log p_i``."""
    return -total(lambda k: target[k] * sp.log(target[k]), n, i)


def kl_divergence(
    target: sp.IndexedBase, prediction: sp.IndexedBase, n: Size = K, row: sp.Expr | None = None
) -> sp.Expr:
    """``KL(p ‖ p̂) = Σ_i p_i log(p_i / p̂_i)``: the target comes first."""
    return total(lambda k: target[k] * sp.log(target[k] / entry(prediction, k, row)), n, i)


def log_score(prediction: sp.Expr, outcome: sp.Expr) -> sp.Expr:
    """Reward of a sampled Bernoulli outcome: ``r(p̂, a) = a log p̂ + (1 − a) log(1 − p̂)``."""
    return outcome * sp.log(prediction) + (1 - outcome) * sp.log(1 - prediction)


def one_hot_log_score(prediction: sp.IndexedBase, outcome: int, n: int) -> sp.Expr:
    """Reward of a sampled categorical outcome ``a``: ``r(p̂, a) = Σ_i [i = a] log p̂_i``."""
    return total(lambda k: sp.KroneckerDelta(k, outcome) * sp.log(prediction[k]), n, i)


def expected_log_score(target: sp.IndexedBase, prediction: sp.IndexedBase, n: int) -> sp.Expr:
    """``E_{a∼p}[r(p̂, a)] = Σ_a p_a r(p̂, a)`` over the K possible outcomes."""
    return sp.Add(*(target[o] * one_hot_log_score(prediction, o, n) for o in range(1, n + 1)))


# ---------------------------------------------------------------------- group statistics
def group_mean(value: Callable[[sp.Expr], sp.Expr], n: Size = G) -> sp.Expr:
    """``x̄ = (1/G) Σ_g x^(g)`` over the G rollouts of one group."""
    return total(value, n, g) / n


def group_variance(
    value: Callable[[sp.Expr], sp.Expr], n: Size = G, convention: StdConvention = "population"
) -> sp.Expr:
    """``Σ_g (x^(g) − x̄)² / G`` (population) or ``/ (G − 1)`` (Bessel)."""
    mean = group_mean(value, n)
    squares = total(lambda r: (value(r) - mean) ** 2, n, g)
    return squares / (n if convention == "population" else n - 1)


def group_std(
    value: Callable[[sp.Expr], sp.Expr], n: Size = G, convention: StdConvention = "population"
) -> sp.Expr:
    """``σ̂ = sqrt(group_variance)``; GRPO implementations use either convention."""
    return sp.sqrt(group_variance(value, n, convention))


def centered_advantage(
    value: Callable[[sp.Expr], sp.Expr], n: Size = G, rollout: sp.Expr = sp.Integer(1)
) -> sp.Expr:
    """The group-relative advantage without a divisor: ``x^(1) − x̄``."""
    return value(rollout) - group_mean(value, n)


def sigma_normalized_advantage(
    value: Callable[[sp.Expr], sp.Expr],
    n: Size = G,
    eps: sp.Expr = epsilon,
    convention: StdConvention = "population",
    rollout: sp.Expr = sp.Integer(1),
) -> sp.Expr:
    """GRPO's advantage ``Â_STD = (x^(1) − x̄) / (σ̂ + ε)``."""
    return centered_advantage(value, n, rollout) / (group_std(value, n, convention) + eps)


def leave_one_out_advantage(
    value: Callable[[sp.Expr], sp.Expr], n: Size = G, rollout: sp.Expr = sp.Integer(1)
) -> sp.Expr:
    """RLOO's advantage ``x^(g) − (1/(G − 1)) Σ_{h ≠ g} x^(h)`` (G ≥ 2)."""
    others = total(value, n, g) - value(rollout)
    return value(rollout) - others / (n - 1)


# ------------------------------------------------------------------ policy expectations
def policy_expectation(value: Callable[[sp.Expr], sp.Expr], n: Size = M) -> sp.Expr:
    """``E_{p̂'∼π}[f(p̂')] = Σ_j w_j f(q_j)`` for a policy with weights w on support q."""
    return total(lambda r: w[r] * value(r), n, j)


def true_advantage(target: sp.IndexedBase = p, n: Size = K, support: Size = M) -> sp.Expr:
    """``A(q, p̂) = R(p̂) − E_{p̂'}[R(p̂')]``: the soft-target reward minus its policy mean."""
    own = soft_target_reward(target, phat, n)
    return own - policy_expectation(lambda r: soft_target_reward(target, q, n, row=r), support)


BinaryScore = Callable[[sp.Expr, int], sp.Expr]  # r(p̂, a), a ∈ {0, 1}; the log score by default


def bernoulli_true_advantage(
    prediction: sp.Expr = phat_scalar, score: BinaryScore = log_score
) -> sp.Expr:
    """The note's ``A = p (r(p̂,1) − μ_1) + (1 − p)(r(p̂,0) − μ_0)`` with μ_a symbolic."""
    return p_scalar * (score(prediction, 1) - mu_1) + (1 - p_scalar) * (score(prediction, 0) - mu_0)


def bernoulli_mu(outcome: int, support: Size = M, score: BinaryScore = log_score) -> sp.Expr:
    """``μ_a = E_{p̂'}[r(p̂', a)] = Σ_j w_j r(q_j, a)`` for a policy on Bernoulli predictions."""
    return policy_expectation(lambda r: score(q[r], outcome), support)


# ------------------------------------------------------- the per-outcome σ mechanism
alpha = sp.Symbol("alpha", positive=True)
beta = sp.Symbol("beta", positive=True)
kappa = sp.Symbol("kappa", positive=True)  # concentration α + β of a Beta policy
policy_mean = sp.Symbol("x", positive=True)  # mean α / (α + β) of a Beta policy
s = sp.Symbol("s", real=True)


def odds(probability: sp.Expr) -> sp.Expr:
    """``odds(x) = x / (1 − x)``."""
    return probability / (1 - probability)


def bernoulli_sigma_normalized_expectation(
    prediction: sp.Expr = phat_scalar,
    s0: sp.Expr = sigma_0,
    s1: sp.Expr = sigma_1,
    eps: sp.Expr = epsilon,
    score: BinaryScore = log_score,
) -> sp.Expr:
    """``E_a[Â_STD] ≈ p (r(p̂,1) − μ_1)/(σ_1 + ε) + (1 − p)(r(p̂,0) − μ_0)/(σ_0 + ε)``."""
    return p_scalar * (score(prediction, 1) - mu_1) / (s1 + eps) + (1 - p_scalar) * (
        score(prediction, 0) - mu_0
    ) / (s0 + eps)


def biased_optimum(
    target: sp.Expr = p_scalar, s0: sp.Expr = sigma_0, s1: sp.Expr = sigma_1, eps: sp.Expr = epsilon
) -> sp.Expr:
    """``p̂* = p w_1 / (p w_1 + (1 − p) w_0)`` with ``w_a = 1/(σ_a + ε)``."""
    w_0, w_1 = 1 / (s0 + eps), 1 / (s1 + eps)
    return target * w_1 / (target * w_1 + (1 - target) * w_0)


def beta_power_moment(a: sp.Expr = alpha, b: sp.Expr = beta, t: sp.Expr = s) -> sp.Expr:
    """``E[X^s] = B(α + s, β) / B(α, β)`` for ``X ∼ Beta(α, β)`` (the Beta integral)."""
    return sp.gamma(a + t) * sp.gamma(a + b) / (sp.gamma(a) * sp.gamma(a + b + t))


def beta_log_moment_cgf(a: sp.Expr = alpha, b: sp.Expr = beta, t: sp.Expr = s) -> sp.Expr:
    """``log E[X^s] = log Γ(α + s) − log Γ(α + β + s) + log Γ(α + β) − log Γ(α)``."""
    return sp.loggamma(a + t) - sp.loggamma(a + b + t) + sp.loggamma(a + b) - sp.loggamma(a)


def beta_log_means(a: sp.Expr = alpha, b: sp.Expr = beta) -> tuple[sp.Expr, sp.Expr]:
    """``(μ_1, μ_0) = (ψ(α) − ψ(α+β), ψ(β) − ψ(α+β))``: E log X, E log(1 − X)."""
    return sp.polygamma(0, a) - sp.polygamma(0, a + b), sp.polygamma(0, b) - sp.polygamma(0, a + b)


def beta_log_variances(a: sp.Expr = alpha, b: sp.Expr = beta) -> tuple[sp.Expr, sp.Expr]:
    """``(σ_1², σ_0²) = (ψ1(α) − ψ1(α+β), ψ1(β) − ψ1(α+β))``: Var log X, Var log(1 − X)."""
    return sp.polygamma(1, a) - sp.polygamma(1, a + b), sp.polygamma(1, b) - sp.polygamma(1, a + b)


# ------------------------------------------------------- finite group size G
t_score = sp.Symbol("t", real=True)  # (x − μ)/σ: the rollout's reward in standard units
skewness = sp.Symbol("gamma_1", real=True)  # E y³ of a standardized reward
kurtosis = sp.Symbol("beta_2", positive=True)  # E y⁴ of a standardized reward
epsilon_ratio = sp.Symbol("e", nonnegative=True)  # ε / σ


def finite_group_coefficient(
    t: sp.Expr = t_score, skew: sp.Expr = skewness, kurt: sp.Expr = kurtosis
) -> sp.Expr:
    """``c(t) = γ/2 + 3(κ − 1)t/8 − t³/2`` in ``E[Â_STD | x] = t + c(t)/G + O(G⁻²)``
    (population std, ε = 0; γ, κ the skewness and kurtosis of the reward law)."""
    return skew / 2 + 3 * (kurt - 1) * t / 8 - t**3 / 2


fifth_moment = sp.Symbol("mu_5", real=True)  # E y⁵ of a standardized reward
sixth_moment = sp.Symbol("mu_6", real=True)  # E y⁶ of a standardized reward


def finite_group_second_coefficient(
    t: sp.Expr = t_score,
    skew: sp.Expr = skewness,
    kurt: sp.Expr = kurtosis,
    mu5: sp.Expr = fifth_moment,
    mu6: sp.Expr = sixth_moment,
) -> sp.Expr:
    """``c₂(t)``, the 1/G² coefficient: ``E[Â_STD | x] = t + c(t)/G + c₂(t)/G² + O(G⁻³)``
    (population std, ε = 0; ``μ₅, μ₆`` the fifth and sixth moments of the standardized
    reward)."""
    return (
        3 * t**5 / 8
        + (sp.Rational(7, 16) - 15 * kurt / 16) * t**3
        - 9 * skew * t**2 / 4
        + (
            105 * kurt**2 / 128
            - 21 * kurt / 64
            + 15 * skew**2 / 8
            - 5 * mu6 / 16
            - sp.Rational(55, 128)
        )
        * t
        + 15 * kurt * skew / 16
        + 29 * skew / 16
        - 3 * mu5 / 8
    )


def finite_group_epsilon_coefficient(
    t: sp.Expr = t_score,
    skew: sp.Expr = skewness,
    kurt: sp.Expr = kurtosis,
    e: sp.Expr = epsilon_ratio,
) -> sp.Expr:
    """The 1/G coefficient with ``e = ε/σ ≥ 0``: ``E[Â | x] = t/(1 + e) + c_e(t)/G + O(G⁻²)``,
    ``c_e(t) = γ/(2(1+e)²) − t³/(2(1+e)²) + t((3 + e)κ − 8e² − 9e − 3)/(8(1+e)³)``
    (population std; ``c_0 = c``)."""
    return (
        skew / (2 * (1 + e) ** 2)
        - t**3 / (2 * (1 + e) ** 2)
        + t * ((3 + e) * kurt - 8 * e**2 - 9 * e - 3) / (8 * (1 + e) ** 3)
    )


def beta_log_shape(a: sp.Expr = alpha, b: sp.Expr = beta) -> tuple[sp.Expr, sp.Expr]:
    """(skewness, kurtosis) of ``log X``, ``X ∼ Beta(α, β)``: the cumulants ``ψ^(k)(α) −
    ψ^(k)(α+β)`` over powers of the std: ``κ_3/κ_2^{3/2}`` and ``3 + κ_4/κ_2²``."""
    k2, k3, k4 = (sp.polygamma(k, a) - sp.polygamma(k, a + b) for k in (1, 2, 3))
    return k3 / k2 ** sp.Rational(3, 2), 3 + k4 / k2**2


# ------------------------------------------------- what the numbers need besides the above
def bernoulli_expected_log_score(
    target: sp.Expr = p_scalar, prediction: sp.Expr = phat_scalar, score: BinaryScore = log_score
) -> sp.Expr:
    """``E_{a∼p}[r(p̂, a)] = p log p̂ + (1 − p) log(1 − p̂)``: the soft-target reward for K = 2
    (``p r(p̂, 1) + (1 − p) r(p̂, 0)`` for another rule's ``score``)."""
    return target * score(prediction, 1) + (1 - target) * score(prediction, 0)


def policy_std(value: Callable[[sp.Expr], sp.Expr], mean: sp.Expr, n: Size = M) -> sp.Expr:
    """``sqrt(Σ_j w_j (f(q_j) − mean)²)``: the population std under the policy, given its mean."""
    return sp.sqrt(policy_expectation(lambda r: (value(r) - mean) ** 2, n))


def bernoulli_sigma(
    outcome: int, mean: sp.Expr, support: Size = M, score: BinaryScore = log_score
) -> sp.Expr:
    """``σ_a = sqrt(Σ_j w_j (r(q_j, a) − μ_a)²)``, the per-outcome std, with ``mean`` = μ_a."""
    return policy_std(lambda r: score(q[r], outcome), mean, support)


first_moment = sp.Symbol("m_1", real=True)
second_moment = sp.Symbol("m_2", nonnegative=True)


def moment_std(first: sp.Expr = first_moment, second: sp.Expr = second_moment) -> sp.Expr:
    """``sqrt(E[x²] − E[x]²)``: equal to ``policy_std`` when the weights sum to one."""
    return sp.sqrt(second - first**2)


theta = sp.IndexedBase("theta", real=True)  # logits of a tabular softmax policy


def softmax(k: sp.Expr, n: Size = M) -> sp.Expr:
    """``π_k = exp θ_k / Σ_j exp θ_j``: the tabular softmax policy over n support points."""
    return sp.exp(theta[k]) / total(lambda r: sp.exp(theta[r]), n, j)


weighted_count = sp.Symbol("c_k", real=True)  # Σ_{n : j_n = k} A_n
advantage_total = sp.Symbol("S_A", real=True)  # Σ_n A_n
rollout_count = sp.Symbol("N", integer=True, positive=True)
policy_probability = sp.Symbol("pi_k", positive=True)  # π_k


def reinforce_gradient(
    count: sp.Expr = weighted_count,
    advantages: sp.Expr = advantage_total,
    probability: sp.Expr = policy_probability,
    rollouts: sp.Expr = rollout_count,
) -> sp.Expr:
    """``(1/N) Σ_n A_n ∂ log π_{j_n}/∂θ_k = (Σ_{n: j_n = k} A_n − π_k Σ_n A_n)/N``.

    From ``∂ log π_j / ∂θ_k = [j = k] − π_k`` for the softmax (tested by differentiation).
    """
    return (count - probability * advantages) / rollouts


# =============================================================== scoring rules (any rule S)
# A vector is a function from an outcome index to its entry, so one rule serves an
# ``IndexedBase`` (symbolic K), a row of a batch, and explicit symbols or numbers alike.
Vector = Callable[[sp.Expr], sp.Expr]
outcome = sp.Symbol("a", integer=True, positive=True)  # the outcome index of E_{a∼p}
k_index = sp.Symbol("k", integer=True, positive=True)  # the inner index of a rule's sums


def norm(vector: Vector, n: Size = K) -> sp.Expr:
    """``‖v‖ = sqrt(Σ_k v_k²)``, the Euclidean norm."""
    return sp.sqrt(total(lambda k: vector(k) ** 2, n, k_index))


def savage_form(
    value: sp.Expr, gradient: Vector, prediction: Vector, a: sp.Expr, n: Size
) -> sp.Expr:
    """Savage's representation ``S(p̂, a) = Φ(p̂) + ⟨∇Φ(p̂), e_a − p̂⟩`` from the value
    ``Φ(p̂)`` and the gradient ``∇Φ(p̂)`` (any differentiable Φ)."""
    return value + gradient(a) - total(lambda k: gradient(k) * prediction(k), n, k_index)


def bregman_divergence(
    value_p: sp.Expr,
    value_phat: sp.Expr,
    gradient_phat: Vector,
    target: Vector,
    prediction: Vector,
    n: Size,
) -> sp.Expr:
    """``B_Φ(p, p̂) = Φ(p) − Φ(p̂) − ⟨∇Φ(p̂), p − p̂⟩``."""
    gap = total(lambda k: gradient_phat(k) * (target(k) - prediction(k)), n, k_index)
    return value_p - value_phat - gap


@dataclass(frozen=True)
class ScoringRule:
    """A scoring rule ``S(p̂, a)`` (larger is better), its potential Φ (Savage: the rule is
    ``Φ(p̂) + ⟨∇Φ(p̂), e_a − p̂⟩``; None for an improper rule) and, written independently, its
    generalized entropy ``H_S(p)`` and divergence ``D_S(p‖p̂)`` in closed form."""

    name: str
    score: Callable[[Vector, sp.Expr, Size], sp.Expr]
    potential: Callable[[Vector, Size], sp.Expr] | None
    entropy: Callable[[Vector, Size], sp.Expr] | None
    divergence: Callable[[Vector, Vector, Size], sp.Expr] | None
    explicit_size: int | None = None  # a user's Φ is written in K explicit variables

    @property
    def proper(self) -> bool:
        """Whether the rule comes with a convex potential (the named proper rules do)."""
        return self.potential is not None

    def binary(self, prediction: sp.Expr, a: int) -> sp.Expr:
        """``S`` for two outcomes, ``p̂ = P(a = 1)``: entry 1 is ``p̂``, entry 2 is ``1 − p̂``."""
        vector = lambda k: prediction if k == 1 else 1 - prediction  # noqa: E731
        return self.score(vector, sp.Integer(1 if a == 1 else 2), 2)


def _log_rule_score(prediction: Vector, a: sp.Expr, n: Size) -> sp.Expr:
    return sp.log(prediction(a))


def _brier_score(prediction: Vector, a: sp.Expr, n: Size) -> sp.Expr:
    return prediction(a) - total(lambda k: prediction(k) ** 2, n, k_index) / 2 - sp.Rational(1, 2)


LOG_RULE = ScoringRule(
    name="log",
    score=_log_rule_score,
    potential=lambda v, n: total(lambda k: v(k) * sp.log(v(k)), n, k_index),
    entropy=lambda p_, n: -total(lambda k: p_(k) * sp.log(p_(k)), n, k_index),
    divergence=lambda p_, v, n: total(lambda k: p_(k) * sp.log(p_(k) / v(k)), n, k_index),
)
"""``S(p̂, a) = log p̂_a``; H_S is Shannon's entropy, D_S is KL."""

BRIER_RULE = ScoringRule(
    name="brier",
    score=_brier_score,
    potential=lambda v, n: (total(lambda k: v(k) ** 2, n, k_index) - 1) / 2,
    entropy=lambda p_, n: (1 - total(lambda k: p_(k) ** 2, n, k_index)) / 2,
    divergence=lambda p_, v, n: total(lambda k: (p_(k) - v(k)) ** 2, n, k_index) / 2,
)
"""``S(p̂, a) = −½ Σ_k (p̂_k − [k = a])² = p̂_a − ½ Σ_k p̂_k² − ½``: for two outcomes
``−(p̂ − a)²``, Bereket & Leskovec's Brier reward; H_S = ½(1 − Σ p²), D_S = ½ Σ (p − p̂)²."""

SPHERICAL_RULE = ScoringRule(
    name="spherical",
    score=lambda v, a, n: v(a) / norm(v, n),
    potential=norm,
    entropy=lambda p_, n: -norm(p_, n),
    divergence=lambda p_, v, n: (
        norm(p_, n) - total(lambda k: p_(k) * v(k), n, k_index) / norm(v, n)
    ),
)
"""``S(p̂, a) = p̂_a / ‖p̂‖``; H_S = −‖p‖, D_S = ‖p‖ − ⟨p, p̂⟩/‖p̂‖."""

LINEAR_RULE = ScoringRule(
    name="linear",
    score=lambda v, a, n: v(a),
    potential=None,
    entropy=None,
    divergence=None,
)
"""``S(p̂, a) = p̂_a``: improper (its expected score under p is maximized at a vertex)."""

RULES: dict[str, ScoringRule] = {r.name: r for r in (LOG_RULE, BRIER_RULE, SPHERICAL_RULE)}


def binary_score(name: str | ScoringRule) -> BinaryScore:
    """The two-outcome reward ``r(p̂, a)`` of a named rule: the note's ``log_score`` for
    ``"log"``, ``−(p̂ − a)²`` for ``"brier"``, ``p̂_a/‖p̂‖`` for ``"spherical"`` (or a rule's own)."""
    if isinstance(name, ScoringRule):
        return name.binary
    return log_score if name == "log" else RULES[name].binary


def gradient_of(potential: sp.Expr, variables: Sequence[sp.Symbol], vector: Vector) -> Vector:
    """``∇Φ`` of an explicit potential in ``variables``, evaluated at ``vector``."""
    at = {x_: vector(sp.Integer(k)) for k, x_ in enumerate(variables, start=1)}
    partials = [sp.diff(potential, x_).xreplace(at) for x_ in variables]
    return lambda k: partials[int(k) - 1]


def savage_rule(
    potential: sp.Expr, variables: Sequence[sp.Symbol], name: str = "savage"
) -> ScoringRule:
    """The rule of an explicit potential ``Φ(x_1, …, x_K)`` by Savage's representation.

    Its entropy is ``−Φ(p)`` and its divergence the Bregman divergence ``B_Φ(p, p̂)``; the
    rule is proper when Φ is convex on the simplex (checked by the ledger, not here)."""
    variables = tuple(variables)
    n_outcomes = len(variables)

    def value(vector: Vector) -> sp.Expr:
        at = {x_: vector(sp.Integer(k)) for k, x_ in enumerate(variables, start=1)}
        return potential.xreplace(at)

    def score(prediction: Vector, a: sp.Expr, n: Size) -> sp.Expr:
        grad = gradient_of(potential, variables, prediction)
        return savage_form(value(prediction), grad, prediction, a, n_outcomes)

    return ScoringRule(
        name=name,
        score=score,
        potential=lambda v, n: value(v),
        entropy=lambda p_, n: -value(p_),
        divergence=lambda p_, v, n: bregman_divergence(
            value(p_), value(v), gradient_of(potential, variables, v), p_, v, n_outcomes
        ),
        explicit_size=n_outcomes,
    )


def expected_score(rule: ScoringRule, target: Vector, prediction: Vector, n: Size = K) -> sp.Expr:
    """The soft-target reward of any rule: ``E_{a∼p}[S(p̂, a)] = Σ_a p_a S(p̂, a)``."""
    return total(lambda a_: target(a_) * rule.score(prediction, a_, n), n, outcome)


def generalized_entropy(rule: ScoringRule, target: Vector, n: Size = K) -> sp.Expr:
    """By definition ``H_S(p) = −E_{a∼p}[S(p, a)]``."""
    return -expected_score(rule, target, target, n)


def generalized_divergence(
    rule: ScoringRule, target: Vector, prediction: Vector, n: Size = K
) -> sp.Expr:
    """By definition ``D_S(p‖p̂) = E_{a∼p}[S(p, a)] − E_{a∼p}[S(p̂, a)]``."""
    return expected_score(rule, target, target, n) - expected_score(rule, target, prediction, n)


def vector_of(base: sp.IndexedBase, row: sp.Expr | None = None) -> Vector:
    """The vector ``base`` (or row ``row`` of the batch ``base``) as a function of the index."""
    return lambda k: entry(base, k, row)


def beta_moment(order: int, a: sp.Expr = alpha, b: sp.Expr = beta) -> sp.Expr:
    """``E[X^n] = α^(n) / (α + β)^(n)`` (rising factorials) for ``X ∼ Beta(α, β)``."""
    return sp.expand_func(sp.rf(a, order)) / sp.expand_func(sp.rf(a + b, order))


def beta_brier_variances(a: sp.Expr = alpha, b: sp.Expr = beta) -> tuple[sp.Expr, sp.Expr]:
    """``(σ_1², σ_0²) = (Var (1 − X)², Var X²)`` for ``X ∼ Beta(α, β)``: the per-outcome
    variances of the Brier reward ``−(p̂ − a)²`` (``1 − X ∼ Beta(β, α)``)."""
    return (
        beta_moment(4, b, a) - beta_moment(2, b, a) ** 2,
        beta_moment(4, a, b) - beta_moment(2, a, b) ** 2,
    )
