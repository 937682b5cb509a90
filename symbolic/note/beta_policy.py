"""Moments of a Beta(α, β) policy: of X, of log X, and of the rewards it gives.

The closed forms (Beta integral, digamma and polygamma) that the numbers and the mechanism's
claims use for a policy whose predictions are Beta distributed.
"""

from __future__ import annotations

import sympy as sp

alpha = sp.Symbol("alpha", positive=True)
beta = sp.Symbol("beta", positive=True)
kappa = sp.Symbol("kappa", positive=True)  # concentration α + β of a Beta policy
policy_mean = sp.Symbol("x", positive=True)  # mean α / (α + β) of a Beta policy
s = sp.Symbol("s", real=True)


def beta_power_moment(a: sp.Expr = alpha, b: sp.Expr = beta, t: sp.Expr = s) -> sp.Expr:
    """``E[X^s] = B(α + s, β) / B(α, β)`` for ``X ∼ Beta(α, β)`` (the Beta integral)."""
    return sp.gamma(a + t) * sp.gamma(a + b) / (sp.gamma(a) * sp.gamma(a + b + t))


def beta_log_means(a: sp.Expr = alpha, b: sp.Expr = beta) -> tuple[sp.Expr, sp.Expr]:
    """``(μ_1, μ_0) = (ψ(α) − ψ(α+β), ψ(β) − ψ(α+β))``: E log X, E log(1 − X)."""
    return sp.polygamma(0, a) - sp.polygamma(0, a + b), sp.polygamma(0, b) - sp.polygamma(0, a + b)


def beta_log_variances(a: sp.Expr = alpha, b: sp.Expr = beta) -> tuple[sp.Expr, sp.Expr]:
    """``(σ_1², σ_0²) = (ψ1(α) − ψ1(α+β), ψ1(β) − ψ1(α+β))``: Var log X, Var log(1 − X)."""
    return sp.polygamma(1, a) - sp.polygamma(1, a + b), sp.polygamma(1, b) - sp.polygamma(1, a + b)


def beta_log_shape(a: sp.Expr = alpha, b: sp.Expr = beta) -> tuple[sp.Expr, sp.Expr]:
    """(skewness, kurtosis) of ``log X``, ``X ∼ Beta(α, β)``: the cumulants ``ψ^(k)(α) −
    ψ^(k)(α+β)`` over powers of the std: ``κ_3/κ_2^{3/2}`` and ``3 + κ_4/κ_2²``."""
    k2, k3, k4 = (sp.polygamma(k, a) - sp.polygamma(k, a + b) for k in (1, 2, 3))
    return k3 / k2 ** sp.Rational(3, 2), 3 + k4 / k2**2


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
