"""Divergences on simplices, recognised by machine: ``TermwiseSum`` forms tried in turn.

For probability vectors ``p``, ``q`` of one length ``K`` (and the uniform vector ``1/K``),
the classical divergences are weighted sums of terms ``w·f(u) ≥ 0`` that vanish only at
``u = 1`` (or ``u = 0``):

* ``Σ q f(p/q)``, ``f(t) = t log t − t + 1``: ``KL(p‖q)`` (``Σ p = Σ q = 1``);
* ``Σ q f(p/q)``, ``f(t) = t − 1 − log t``: ``KL(q‖p)``;
* ``Σ q f(p/q)``, ``f(t) = (t − 1)²``: Pearson's χ²;
* ``Σ q f(p/q)``, ``f(t) = (t − 1) log t``: Jeffreys' ``KL(p‖q) + KL(q‖p)``;
* ``Σ (p − 1/K)²``: the variance of ``p`` about the uniform vector;

and against the uniform vector, ``log K − H(p) = Σ (1/K) f(K p)``.  Each candidate is handed
to the kernel's ``TermwiseSum`` rule, which proves every premise (the expression equals the
form, the weights are positive, each term is non-negative, the stated equality set is where
the terms vanish) or fails; nothing here is trusted.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import sympy as sp

from .domain import Domain
from .rules import AtZero, TermwiseSum
from .seal import Proof, failed

_t = sp.Dummy("t", positive=True)
_s = sp.Dummy("s", real=True)
RATIO_TERMS = (
    sp.Lambda(_t, _t * sp.log(_t) - _t + 1),
    sp.Lambda(_t, _t - 1 - sp.log(_t)),
    sp.Lambda(_t, (_t - 1) ** 2),
    sp.Lambda(_t, (_t - 1) * sp.log(_t)),
)
SQUARE = sp.Lambda(_s, _s**2)


def _families(domain: Domain) -> list[tuple[sp.IndexedBase, sp.Expr]]:
    return [
        (s.base, sp.sympify(s.length))
        for s in domain.simplices
        if isinstance(s.base, sp.IndexedBase) and s.rows is None
    ]


def candidates(domain: Domain) -> Iterator[TermwiseSum]:
    """Every divergence form of the domain's probability vectors (see the module)."""
    families = _families(domain)
    i = sp.Dummy("i", integer=True, positive=True)
    for p, length in families:
        references = [(q[i], q) for q, other in families if q != p and other == length]
        references.append((1 / length, None))
        for weight, _ in references:
            argument = p[i] / weight
            for f in RATIO_TERMS:
                yield TermwiseSum(
                    form=sp.Sum(weight * f(argument), (i, 1, length)),
                    weight=weight,
                    term=AtZero(function=f, argument=argument, at=sp.Integer(1), on=(0, sp.oo)),
                )
        yield TermwiseSum(
            form=sp.Sum(SQUARE(p[i] - 1 / length), (i, 1, length)),
            weight=sp.Integer(1),
            term=AtZero(
                function=SQUARE, argument=p[i] - 1 / length, at=sp.Integer(0), on=(-sp.oo, sp.oo)
            ),
        )


def divergence_sign(expr: sp.Expr, domain: Domain, strict: bool, equality: Mapping | None) -> Proof:
    """``expr ≥ 0`` (with its equality set) by the first divergence form the kernel's
    ``TermwiseSum`` rule proves; never strict (the terms vanish somewhere)."""
    if strict or not expr.has(sp.Sum) or not _families(domain):
        return failed("sign not settled")
    for rule in candidates(domain):
        proof = rule.prove(expr, domain, strict, equality)
        if proof.proven:
            return proof
    return failed("sign not settled; no divergence form of the simplices matched")
