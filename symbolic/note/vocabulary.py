"""Shared domains and rollout helpers: the vocabulary the ledger, derivations and tests use.

Sizes are sampled at several values; a rollout ``g`` of a group has reward ``R^(g)`` and
divergence ``KL^(g)``; a policy has weights ``w_j`` on support points ``q_j``.
"""

from __future__ import annotations

import itertools

import sympy as sp

from ..engine.domain import Domain, Interval, Simplex, SizeRange
from . import model as m

# The engine samples each size over minimum..7 and 11, each in its own seeded order.
SIZE_K = SizeRange(m.K, 1)
SIZE_G = SizeRange(m.G, 2)
SIZE_M = SizeRange(m.M, 1)
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


def population_factor() -> sp.Expr:
    """``c_G = (G − 1) / (G (σ̂ + ε))``: E[Â_STD | p̂] = c_G · A when σ̂ is held fixed."""
    return (m.G - 1) / (m.G * (m.sigma + m.epsilon))


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


h_index = sp.Symbol("h", integer=True, positive=True)  # a second rollout index
