"""Divergences on simplices of a symbolic length proven with their equality sets by the
kernel's termwise rule, found by machine; their perturbations never proven."""

import pytest
import sympy as sp

from symbolic import check_inequality
from symbolic.engine.divergences import divergence_sign
from symbolic.engine.domain import Domain, Simplex, SizeRange

K = sp.Symbol("K", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)
p, q, r = (sp.IndexedBase(c) for c in "pqr")
R = sp.Rational
KL = sp.Sum(p[i] * sp.log(p[i] / q[i]), (i, 1, K))
TWO = {"simplices": [(p, K), (q, K)], "sizes": {K: 1}}
THREE = Domain(simplices=(Simplex(p, K), Simplex(q, K), Simplex(r, K)), sizes=(SizeRange(K, 1),))


@pytest.mark.parametrize(
    "expr,equality,domain",
    [
        (KL, None, TWO),
        (KL, {q: p}, TWO),  # = 0 exactly at q = p
        (sp.Sum(q[i] * sp.log(q[i] / p[i]), (i, 1, K)), {p: q}, TWO),
        (sp.Sum((p[i] - q[i]) ** 2 / q[i], (i, 1, K)), {q: p}, TWO),  # Pearson's χ²
        (KL + sp.Sum(q[i] * sp.log(q[i] / p[i]), (i, 1, K)), {q: p}, TWO),  # Jeffreys
        (sp.Sum(p[i] * sp.log(p[i]), (i, 1, K)) + sp.log(K), {p: 1 / K}, TWO),  # H ≤ log K
        (sp.Sum(p[i] ** 2, (i, 1, K)) - 1 / K, {p: 1 / K}, TWO),
    ],
)
def test_divergences_are_proven_with_their_equality_sets(expr, equality, domain):
    verdict = check_inequality(expr, strict=False, equality=equality, **domain)
    assert verdict.status == "proven", verdict
    assert "rule: weighted sum of non-negative terms" in verdict.trace[0]


@pytest.mark.slow
@pytest.mark.parametrize(
    "expr,strict,equality",
    [
        (KL, True, None),  # 0 at p = q
        (KL - R(1, 10**40), False, None),
        (-KL, False, None),
        (KL, False, {q: r}),  # the wrong equality set
        (KL, False, {q: 1 / K}),
        (sp.Sum(p[i] * sp.log(p[i]), (i, 1, K)) + sp.log(K) / 2, False, None),
        (sp.Sum(p[i] ** 2, (i, 1, K)) - 2 / K, False, None),
        (KL - sp.Sum(q[i] * sp.log(q[i] / p[i]), (i, 1, K)), False, None),  # not Jeffreys
    ],
)
def test_perturbed_divergences_are_never_proven_by_the_rule(expr, strict, equality):
    assert not divergence_sign(expr, THREE, strict, equality).proven
