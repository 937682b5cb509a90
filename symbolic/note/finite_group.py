"""The expected z-score at a finite group size G, as a formal series in 1/G (the delta method).

A rollout with reward ``x`` sits in a group with ``G − 1`` i.i.d. others (mean μ, std σ).
In standard units (``t = (x − μ)/σ``, ``y_g = (x_g − μ)/σ``; the z-score is invariant when
ε = 0, and with ε > 0 it depends on ``e = ε/σ``) the z-score is a function of the others'
averages ``U = mean y_g`` and ``W = mean (y_g² − 1)``:

    z = ((G−1)/G)(t − U) / (sqrt((t² + (G−1)(1 + W))/G − ((t + (G−1)U)/G)²) + e).

``U`` and ``W`` are averages of centred i.i.d. variables, so their joint moments follow from
the moments of one draw (``E y = 0``, ``E y² = 1``, ``E y³ = γ``, ``E y⁴ = κ``, higher ones
``μ_k``) by summing over set partitions into blocks of two or more (``average_moment``).
``delta_term(order)`` is the expectation of the Taylor term of that order about
``(U, W) = (0, 0)``; their sum is the formal delta-method series of ``E[z | x]``.
"""

from __future__ import annotations

import sympy as sp
from sympy.utilities.iterables import multiset_partitions

from . import model as m

U = sp.Symbol("U", real=True)  # mean of the others' standardized rewards
W = sp.Symbol("W", real=True)  # mean of the others' (y² − 1)
Y = sp.Symbol("y", real=True)  # one standardized draw


def z_in_averages(n: sp.Expr = m.G, e: sp.Expr = sp.Integer(0)) -> sp.Expr:
    """The population-std z-score of rollout 1 in standard units, from ``t, U, W``."""
    others = n - 1
    mean = (m.t_score + others * U) / n
    variance = (m.t_score**2 + others * (1 + W)) / n - mean**2
    return (m.t_score - mean) / (sp.sqrt(variance) + e)


def draw_moment(power: int) -> sp.Expr:
    """``E y^k`` of one standardized draw: 1, 0, 1, γ, κ, then free symbols ``μ_k``."""
    known = {0: sp.Integer(1), 1: sp.Integer(0), 2: sp.Integer(1), 3: m.skewness, 4: m.kurtosis}
    return known.get(power, sp.Symbol(f"mu_{power}", real=True))


def _block_moment(u_count: int, w_count: int) -> sp.Expr:
    """``E[y^a (y² − 1)^b]`` for one draw."""
    poly = sp.Poly(Y**u_count * (Y**2 - 1) ** w_count, Y)
    return sp.Add(*(c * draw_moment(k) for (k,), c in poly.terms()))


def average_moment(u_power: int, w_power: int, n: sp.Expr = m.G) -> sp.Expr:
    """``E[U^a W^b]`` over ``n − 1`` i.i.d. draws: ``Σ_π (n−1)^(|π|) Π_B E[block]/(n−1)^(a+b)``,
    the sum over set partitions π whose blocks have two or more factors (a block of one
    centred factor has mean 0), with the falling factorial counting distinct draws."""
    others = n - 1
    factors = [0] * u_power + [1] * w_power
    total = sp.Integer(0)
    for partition in multiset_partitions(list(range(len(factors)))):
        if any(len(block) < 2 for block in partition):
            continue
        blocks = [
            _block_moment(sum(1 - factors[k] for k in b), sum(factors[k] for k in b))
            for b in partition
        ]
        total += sp.ff(others, len(partition)) * sp.Mul(*blocks)
    return total / others ** len(factors)


def delta_term(order: int, n: sp.Expr = m.G, e: sp.Expr = sp.Integer(0)) -> sp.Expr:
    """``Σ_{a+b=order} ∂_U^a ∂_W^b z(0, 0)/(a! b!) · E[U^a W^b]``: one order of the series."""
    z = z_in_averages(n, e)
    total = sp.Integer(0)
    for a in range(order + 1):
        b = order - a
        derivative = sp.diff(z, U, a, W, b) if order else z
        at_zero = derivative.subs({U: 0, W: 0})
        total += at_zero / (sp.factorial(a) * sp.factorial(b)) * average_moment(a, b, n)
    return total


def higher_moments(expr: sp.Expr) -> list[sp.Symbol]:
    """The free moment symbols ``μ_k`` (k ≥ 5) an expression uses, sorted."""
    return sorted((s for s in expr.free_symbols if s.name.startswith("mu_")), key=str)
