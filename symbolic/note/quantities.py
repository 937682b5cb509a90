"""The note's sizes, indices, vectors and scalars, and the sums over them.

Probability vectors are ``IndexedBase`` objects with positive entries, so one expression
serves a symbolic number of outcomes ``K`` (an indexed ``Sum``, one proof for every K) and
an explicit ``K`` (a plain sum of ``p[1] ... p[K]``).  Rollouts of a group are indexed by
``g = 1..G``; a policy is a discrete distribution with weights ``w[j]`` on support points
``q[j, i]``, ``j = 1..M``, so that expectations over the policy are finite sums.
"""

from __future__ import annotations

from collections.abc import Callable
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
