"""The model's formulas as numbers: each SymPy expression of ``model`` lambdified once, cached.

These are the package's only numeric twins.  Every function here is ``sympy.lambdify`` of an
expression built by ``symbolic.note.model`` (nothing is re-typed), for one of two backends:
``"mpmath"`` (evaluated at the caller's working precision; rationals stay exact) or
``"numpy"`` (vectorized: every argument may be an array, broadcast together).

Sizes are explicit: a group of G rollouts or a vector of K entries is compiled once per size.
Policy expectations ``Σ_j w_j f(q_j)`` keep the model's indexed ``Sum`` and take the weights
``w`` and support ``q`` as sequences, indexed from 1 as in the note (``one_based``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, Literal

import numpy as np
import sympy as sp
from sympy.printing.numpy import NumPyPrinter
from sympy.printing.pycode import MpmathPrinter

from ..flatcode import flat
from . import model as m

Backend = Literal["mpmath", "numpy"]


class _ArraySums(flat(NumPyPrinter)):  # type: ignore[misc]
    """numpy: ``Σ_{g=a}^{b} f(x[g])`` as one ``numpy.sum`` over the index array ``a..b`` (the
    sequence ``x`` is a stacked array, indexed along its first axis)."""

    def _print_Sum(self, expr: sp.Sum) -> str:
        ((index, low, high),) = expr.limits
        if not expr.function.has(index):
            return super()._print_Sum(expr)
        term = self._print(expr.function)
        rows = f"numpy.arange({self._print(low)}, {self._print(high)} + 1)"
        return f"numpy.sum((lambda {self._print(index)}: {term})({rows}), axis=0)"


PRINTERS = {"mpmath": flat(MpmathPrinter), "numpy": flat(NumPyPrinter), "arrays": _ArraySums}


def _lambdify(
    args: Sequence[Any], expression: Any, backend: Backend, arrays: bool = False
) -> Callable[..., Any]:
    """``sympy.lambdify`` with long sums printed flat (``symbolic.flatcode``); ``arrays``
    (numpy): indexed sums over a stacked array in one call (``_ArraySums``)."""
    # common subexpressions are not pulled out of an indexed Sum: they may use its index
    loops = any(
        sp.sympify(e).has(sp.Sum)
        for e in (expression if isinstance(expression, list) else [expression])
    )
    printer = PRINTERS["arrays" if arrays and backend == "numpy" else backend](
        {"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True}
    )
    function = sp.lambdify(
        tuple(args), expression, backend, printer=printer, cse=not loops, docstring_limit=0
    )
    return function


class one_based:  # noqa: N801 - reads like the note's indexing
    """A sequence seen with indices ``1..n``, as the model's indexed sums read it."""

    def __init__(self, values: Sequence[Any]) -> None:
        self.values = values

    def __getitem__(self, index: Any) -> Any:
        if hasattr(index, "shape"):  # an array of indices (``_ArraySums``): rows of an array
            return self.values[index - 1]
        return self.values[int(index) - 1]


# ------------------------------------------------------------------- Bernoulli scalars
@cache
def log_score(backend: Backend) -> Callable[[Any, int], Any]:
    """``r(p̂, a) = a log p̂ + (1 − a) log(1 − p̂)`` as ``f(prediction, a)``, a ∈ {0, 1}."""
    by_outcome = [
        _lambdify((m.phat_scalar,), m.log_score(m.phat_scalar, a), backend) for a in (0, 1)
    ]
    return lambda prediction, outcome: by_outcome[int(outcome)](prediction)


@cache
def expected_log_score(backend: Backend) -> Callable[[Any, Any], Any]:
    """``p log p̂ + (1 − p) log(1 − p̂)`` as ``f(target, prediction)``."""
    return _lambdify((m.p_scalar, m.phat_scalar), m.bernoulli_expected_log_score(), backend)


@cache
def true_advantage(backend: Backend, reward: str = "log") -> Callable[..., Any]:
    """``A(p̂) = p (r(p̂,1) − μ_1) + (1 − p)(r(p̂,0) − μ_0)`` as ``f(p̂, p, μ_0, μ_1)``;
    ``r`` is the log score or another named rule (``model.binary_score``)."""
    args = (m.phat_scalar, m.p_scalar, m.mu_0, m.mu_1)
    score = m.binary_score(reward)
    return _lambdify(args, m.bernoulli_true_advantage(score=score), backend)


@cache
def sigma_normalized_expectation(backend: Backend, reward: str = "log") -> Callable[..., Any]:
    """``p (r(p̂,1) − μ_1)/(σ_1 + ε) + (1 − p)(r(p̂,0) − μ_0)/(σ_0 + ε)`` as
    ``f(p̂, p, μ_0, μ_1, σ_0, σ_1, ε)``."""
    args = (m.phat_scalar, m.p_scalar, m.mu_0, m.mu_1, m.sigma_0, m.sigma_1, m.epsilon)
    score = m.binary_score(reward)
    return _lambdify(args, m.bernoulli_sigma_normalized_expectation(score=score), backend)


@cache
def biased_optimum(backend: Backend) -> Callable[..., Any]:
    """``p̂* = p w_1 / (p w_1 + (1 − p) w_0)``, ``w_a = 1/(σ_a + ε)``, as ``f(p, σ_0, σ_1, ε)``."""
    args = (m.p_scalar, m.sigma_0, m.sigma_1, m.epsilon)
    return _lambdify(args, m.biased_optimum(), backend)


@cache
def beta_log_variances() -> Callable[[Any, Any], tuple[Any, Any]]:
    """``(σ_1², σ_0²) = (ψ1(α) − ψ1(α+β), ψ1(β) − ψ1(α+β))`` of a Beta(α, β) policy, in mpmath
    (numpy has no trigamma)."""
    return _lambdify((m.alpha, m.beta), list(m.beta_log_variances()), "mpmath")


@cache
def beta_brier_variances() -> Callable[[Any, Any], tuple[Any, Any]]:
    """``(σ_1², σ_0²) = (Var (1 − X)², Var X²)`` of a Beta(α, β) policy under the Brier reward
    ``−(p̂ − a)²``, from the Beta moments, in mpmath."""
    return _lambdify((m.alpha, m.beta), list(m.beta_brier_variances()), "mpmath")


@cache
def moment_std(backend: Backend) -> Callable[[Any, Any], Any]:
    """``sqrt(E[x²] − E[x]²)`` as ``f(first, second)``."""
    return _lambdify((m.first_moment, m.second_moment), m.moment_std(), backend)


@cache
def reinforce_gradient(backend: Backend) -> Callable[..., Any]:
    """``(Σ_{n: j_n = k} A_n − π_k Σ_n A_n)/N`` as ``f(count, total, π_k, N)``."""
    args = (m.weighted_count, m.advantage_total, m.policy_probability, m.rollout_count)
    return _lambdify(args, m.reinforce_gradient(), backend)


@cache
def binary_reward(reward: str, backend: Backend) -> Callable[[Any, int], Any]:
    """``r(p̂, a)`` of a named rule (``model.binary_score``) as ``f(prediction, a)``, a ∈ {0, 1}."""
    score = m.binary_score(reward)
    by_outcome = [_lambdify((m.phat_scalar,), score(m.phat_scalar, a), backend) for a in (0, 1)]
    return lambda prediction, outcome: by_outcome[int(outcome)](prediction)


@cache
def finite_group_coefficient(backend: Backend) -> Callable[[Any, Any, Any], Any]:
    """``c(t) = γ/2 + 3(κ − 1)t/8 − t³/2`` as ``f(t, γ, κ)``
    (``model.finite_group_coefficient``)."""
    args = (m.t_score, m.skewness, m.kurtosis)
    return _lambdify(args, m.finite_group_coefficient(), backend)


# ---------------------------------------------------------------- policy expectations
@cache
def bernoulli_mu(
    outcome: int, backend: Backend, reward: str = "log"
) -> Callable[[Any, Any, int], Any]:
    """``μ_a = Σ_j w_j r(q_j, a)`` as ``f(w, q, M)`` (``w``, ``q`` wrapped in ``one_based``)."""
    score = m.binary_score(reward)
    return _lambdify((m.w, m.q, m.M), m.bernoulli_mu(outcome, score=score), backend)


@cache
def bernoulli_sigma(
    outcome: int, backend: Backend, reward: str = "log"
) -> Callable[[Any, Any, int, Any], Any]:
    """``σ_a = sqrt(Σ_j w_j (r(q_j, a) − μ_a))²`` as ``f(w, q, M, μ_a)``."""
    mean = m.mu_1 if outcome else m.mu_0
    expression = m.bernoulli_sigma(outcome, mean, score=m.binary_score(reward))
    return _lambdify((m.w, m.q, m.M, mean), expression, backend)


@cache
def bernoulli_central_moment(
    outcome: int, order: int, backend: Backend, reward: str = "log"
) -> Callable[[Any, Any, int, Any], Any]:
    """``Σ_j w_j (r(q_j, a) − μ_a)^k`` as ``f(w, q, M, μ_a)``: with ``bernoulli_sigma`` the
    skewness (k = 3) and kurtosis (k = 4) of the reward law of outcome ``a``."""
    mean = m.mu_1 if outcome else m.mu_0
    score = m.binary_score(reward)
    expression = m.policy_expectation(lambda r: (score(m.q[r], outcome) - mean) ** order)
    return _lambdify((m.w, m.q, m.M, mean), expression, backend)


# ---------------------------------------------------------------- vectors of K entries
def _vector(base: sp.IndexedBase, classes: int) -> list[sp.Expr]:
    return [base[k] for k in range(1, classes + 1)]


@cache
def _over_classes(kind: str, backend: Backend) -> Callable[..., Any]:
    """``R``, ``KL`` or ``H`` with the number of classes K left symbolic: one indexed ``Sum``,
    compiled once for every K (a loop over the entries, not K terms to print)."""
    if kind == "entropy":
        return _lambdify((m.p, m.K), m.entropy(m.p, m.K), backend)
    formula = m.soft_target_reward if kind == "reward" else m.kl_divergence
    return _lambdify((m.p, m.phat, m.K), formula(m.p, m.phat, m.K), backend)


@cache
def soft_target_reward(classes: int, backend: Backend) -> Callable[[Sequence, Sequence], Any]:
    """``R(p̂) = Σ_i p_i log p̂_i`` as ``f(p, p̂)`` for K = ``classes`` (entries in sequences)."""
    f = _over_classes("reward", backend)
    return lambda target, prediction: f(one_based(target), one_based(prediction), classes)


@cache
def kl_divergence(classes: int, backend: Backend) -> Callable[[Sequence, Sequence], Any]:
    """``KL(p ‖ p̂) = Σ_i p_i log(p_i / p̂_i)`` as ``f(p, p̂)``."""
    f = _over_classes("kl", backend)
    return lambda target, prediction: f(one_based(target), one_based(prediction), classes)


@cache
def entropy(classes: int, backend: Backend) -> Callable[[Sequence], Any]:
    """``H(p) = −Σ_i p_i log p_i`` as ``f(p)``."""
    f = _over_classes("entropy", backend)
    return lambda target: f(one_based(target), classes)


@cache
def one_hot_log_score(classes: int, outcome: int, backend: Backend) -> Callable[[Sequence], Any]:
    """``r(p̂, a) = log p̂_a`` for the outcome ``a = outcome`` (1-based) as ``f(p̂)``."""
    f = _lambdify(_vector(m.phat, classes), m.one_hot_log_score(m.phat, outcome, classes), backend)
    return lambda prediction: f(*prediction)


@cache
def rule_score(
    reward: str, classes: int, outcome: int, backend: Backend
) -> Callable[[Sequence], Any]:
    """``S(p̂, a)`` of a named rule (``model.RULES``) for ``a = outcome`` (1-based), ``f(p̂)``."""
    rule = m.RULES[reward]
    score = rule.score(m.vector_of(m.phat), sp.Integer(outcome), classes)
    f = _lambdify(_vector(m.phat, classes), score, backend)
    return lambda prediction: f(*prediction)


@cache
def expected_score(
    reward: str, classes: int, backend: Backend
) -> Callable[[Sequence, Sequence], Any]:
    """``E_{a∼p}[S(p̂, a)]`` of a named rule as ``f(p, p̂)``."""
    rule = m.RULES[reward]
    args = (*_vector(m.p, classes), *_vector(m.phat, classes))
    expression = m.expected_score(rule, m.vector_of(m.p), m.vector_of(m.phat), classes)
    f = _lambdify(args, expression, backend)
    return lambda target, prediction: f(*target, *prediction)


# ----------------------------------------------------------------- groups of G rollouts
XBAR, SIGMA, X_ROLLOUT = sp.symbols("xbar sigma x_rollout", real=True)


@cache
def _group_parts(convention: m.StdConvention, backend: Backend) -> tuple[Callable[..., Any], ...]:
    """The model's group mean, std and advantages with G left symbolic, compiled once for every
    G: ``x̄ = mean(x, G)``, ``σ̂ = std(x, G, x̄)``, ``x − x̄`` and ``(x − x̄)/(σ̂ + ε)`` per
    rollout, each with the mean (and std) it uses passed in, so a group costs O(G)."""
    value = lambda r: m.x[r]  # noqa: E731
    total = sp.Sum(m.x[m.g], (m.g, 1, m.G))
    known_mean = {total: m.G * XBAR}
    std = m.group_std(value, m.G, convention)
    rollout = sp.Symbol("r", integer=True, positive=True)
    known = {m.x[rollout]: X_ROLLOUT}
    centered = m.centered_advantage(value, m.G, rollout).subs(known_mean).subs(known)
    scaled = m.sigma_normalized_advantage(value, m.G, m.epsilon, convention, rollout)
    scaled = scaled.subs(std, SIGMA).subs(known_mean).subs(known)
    assert not (centered.has(sp.Sum) or scaled.has(sp.Sum)), "the group's sums were not named"
    return (
        _lambdify((m.x, m.G), m.group_mean(value, m.G), backend, arrays=True),
        _lambdify((m.x, m.G, XBAR), std.subs(known_mean), backend, arrays=True),
        _lambdify((X_ROLLOUT, XBAR), centered, backend),
        _lambdify((X_ROLLOUT, XBAR, SIGMA, m.epsilon), scaled, backend),
    )


@cache
def group_statistics(
    size: int, convention: m.StdConvention, backend: Backend
) -> Callable[..., tuple[Any, Any, list[Any], list[Any]]]:
    """``f(x, ε) → (x̄, σ̂, [x^(g) − x̄], [(x^(g) − x̄)/(σ̂ + ε)])`` for one group of ``size``.

    ``x`` is a sequence of the G rewards (numpy: G arrays, one group per element, or one
    array with the rollouts along its first axis; the two lists are then such arrays); the
    model's expressions with G symbolic (``_group_parts``), so any G costs O(G).
    """
    mean_of, std_of, centered_of, scaled_of = _group_parts(convention, backend)

    def statistics(rewards: Sequence[Any], eps: Any) -> tuple[Any, Any, list[Any], list[Any]]:
        if len(rewards) != size:
            raise ValueError(f"{len(rewards)} rewards for a group of {size}")
        if backend == "numpy":  # every rollout at once: rows of one stacked array
            stacked = np.asarray(rewards, dtype=float)
            mean = mean_of(one_based(stacked), size)
            std = std_of(one_based(stacked), size, mean)
            centered = centered_of(stacked, mean)
            scaled = scaled_of(stacked, mean, std, eps)
            return mean, std, centered, scaled
        xs = one_based(rewards)
        mean = mean_of(xs, size)
        std = std_of(xs, size, mean)
        centered = [centered_of(x, mean) for x in rewards]
        scaled = [scaled_of(x, mean, std, eps) for x in rewards]
        return mean, std, centered, scaled

    return statistics
