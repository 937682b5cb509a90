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
INVERSE_G = sp.Symbol("h", positive=True)  # 1/G: the series runs in h → 0+


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
    """``Σ_{a+b=order} ∂_U^a ∂_W^b z(0, 0)/(a! b!) · E[U^a W^b]``: one order of the series.

    Computed without differentiating ``z`` in two variables: ``z = ((n−1)/n)(t − U) h(v₀ + v₁)``
    with ``h(v) = 1/(√v + e)``, ``v₀ = (n−1)(n + t²)/n²`` the variance at ``U = W = 0`` and
    ``v₁`` its increment, a polynomial in ``U, W`` without constant term; so the degree-
    ``order`` part of ``z`` is that of ``Σ_{k ≤ order} h^(k)(v₀)/k! · ((n−1)/n)(t − U) v₁^k``.
    The polynomial algebra runs in the field of rational functions of ``n, t`` and the moments.
    """
    v0 = sp.factor((n - 1) * (n + m.t_score**2) / n**2)
    weights = _expected_parts(order, n)
    v = sp.Dummy("v", positive=True)
    if e == 0:  # h^(k)(v₀)/k! = C(−1/2, k) v₀^(−k) / √v₀: one rational function over √v₀
        field = weights[0].field
        rational = sum(
            (field(sp.binomial(-sp.S.Half, k) / v0**k) * w for k, w in enumerate(weights)),
            field.zero,
        )
        return _as_expr(rational) / sp.sqrt(v0)
    h = 1 / (sp.sqrt(v) + e)
    return sp.Add(
        *(
            (sp.diff(h, v, k) / sp.factorial(k)).subs(v, v0) * _as_expr(w)
            for k, w in enumerate(weights)
        )
    )


def _expected_parts(order: int, n: sp.Expr) -> list:
    """For ``k = 0 … order``: ``E`` of the degree-``order`` part of ``((n−1)/n)(t − U) v₁^k``
    (each monomial ``U^a W^b`` replaced by ``E[U^a W^b]``), as elements of one rational
    function field."""
    t = m.t_score
    moments = {(a, order - a): average_moment(a, order - a, n) for a in range(order + 1)}
    symbols = set().union(n.free_symbols, {t}, *(x.free_symbols for x in moments.values()))
    field = sp.QQ.frac_field(*sorted(symbols, key=str))
    others, nn, tt = field.from_sympy(n - 1), field.from_sympy(n), field.from_sympy(t)
    v1 = {(0, 1): others / nn, (1, 0): -2 * tt * others / nn**2, (2, 0): -((others / nn) ** 2)}
    part = {(0, 0): others / nn * tt, (1, 0): -others / nn}  # ((n−1)/n)(t − U) v₁^k, k = 0
    expected = {key: field.from_sympy(x) for key, x in moments.items()}
    weights = []
    for _ in range(order + 1):
        weights.append(
            sum((c * expected[key] for key, c in part.items() if key in expected), field.zero)
        )
        product: dict = {}
        for (a1, b1), c1 in part.items():
            for (a2, b2), c2 in v1.items():
                key = (a1 + a2, b1 + b2)
                if key[0] + key[1] <= order:
                    product[key] = product.get(key, field.zero) + c1 * c2
        part = product
    return weights


def _as_expr(value) -> sp.Expr:
    """A rational function as ``numerator / factored denominator``."""
    return value.numer.as_expr() / sp.factor(value.denom.as_expr())


def higher_moments(expr: sp.Expr) -> list[sp.Symbol]:
    """The free moment symbols ``μ_k`` (k ≥ 5) an expression uses, sorted."""
    return sorted((s for s in expr.free_symbols if s.name.startswith("mu_")), key=str)
