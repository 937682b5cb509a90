"""Closed forms of sums and products, where SymPy's summation means what the numbers mean.

``Σ_{i=lo}^{hi}`` with ``hi < lo − 1`` is an empty sum (0) for the numbers, but SymPy's
convention (Karr's) makes it ``−Σ_{hi+1}^{lo−1}``.  The two agree whenever every range has
``hi − lo + 1 ≥ 0``, so ``closed_forms`` lets SymPy sum (``doit``) only a sum of no indexed
entry whose every range, nested ones included, is proven to have a non-negative width:

* the width is linear in the enclosing indices, so over their (nested) ranges it is smallest
  at a vertex: each enclosing index is replaced by its lower and its upper bound in turn;
* what is left depends on sizes only, each written ``minimum + n`` with ``n ≥ 0``.

Products likewise (an empty product is 1; SymPy's ``Π_{lo}^{hi}`` with ``hi < lo − 1`` is
``1/Π_{hi+1}^{lo−1}``).

A result SymPy could not put in closed form (a ``Sum`` or a ``Piecewise`` left) is dropped.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

Limits = tuple[tuple[sp.Symbol, sp.Expr, sp.Expr], ...]


def _vertices(width: sp.Expr, enclosing: Limits) -> list[sp.Expr] | None:
    """``width`` at each vertex of the enclosing ranges (None if not linear in an index)."""
    values = [width]
    for index, lo, hi in reversed(enclosing):
        widened = []
        for value in values:
            if not value.has(index):
                widened.append(value)
                continue
            if sp.Poly(value, index).degree() > 1:
                return None
            widened += [value.subs(index, lo), value.subs(index, hi)]
        values = widened
    return values


def nonempty(limits: Limits, enclosing: Limits, sizes: Mapping[sp.Symbol, sp.Expr]) -> bool:
    """Every range of ``limits`` (outermost last, as in a ``Sum``) has ``hi − lo + 1 ≥ 0``
    for every value of the ``enclosing`` indices (outermost first)."""
    outer = tuple(enclosing)
    for index, lo, hi in reversed(limits):
        try:
            corners = _vertices(sp.expand(hi - lo + 1), outer)
        except sp.PolynomialError:
            return False
        if corners is None:
            return False
        for corner in corners:
            if corner.has(*(i for i, _, _ in outer)):
                return False
            if not sp.expand(corner.xreplace(sizes)).is_nonnegative:
                return False
        outer += ((index, lo, hi),)
    return True


def closed_forms(expr: sp.Expr, sizes: Mapping[sp.Symbol, sp.Expr]) -> sp.Expr:
    """Every sum of ``expr`` free of indexed entries, with non-empty ranges, summed by SymPy
    (``sizes`` maps each size to ``minimum + n``, ``n ≥ 0``)."""

    def visit(node: sp.Expr, enclosing: Limits) -> sp.Expr:
        if isinstance(node, sp.Sum | sp.Product) and not node.has(sp.Indexed):
            if _all_nonempty(node, enclosing, sizes):
                done = node.doit()
                if not done.has(sp.Sum, sp.Product, sp.Piecewise):
                    return done
        if not node.args or not isinstance(node, sp.Expr):
            return node
        bound = isinstance(node, sp.Sum | sp.Product)
        inner = enclosing + tuple(reversed(node.limits)) if bound else enclosing
        args = [visit(a, inner) for a in node.args]
        return (
            node.func(*args)
            if any(a is not b for a, b in zip(args, node.args, strict=True))
            else node
        )

    return visit(expr, ())


def _all_nonempty(total: sp.Sum | sp.Product, enclosing: Limits, sizes: Mapping) -> bool:
    """``nonempty`` for a sum (or product) and every one nested in it."""
    if not nonempty(total.limits, enclosing, sizes):
        return False
    inner = enclosing + tuple(reversed(total.limits))
    nested = total.function.atoms(sp.Sum, sp.Product)
    return all(
        _all_nonempty(sub, inner, sizes)
        for sub in nested
        if not any(other is not sub and other.function.has(sub) for other in nested)
    )
