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

from collections.abc import Mapping, Sequence

import sympy as sp

Limits = tuple[tuple[sp.Symbol, sp.Expr, sp.Expr], ...]


Ranges = Mapping[sp.Symbol, Sequence[tuple[sp.Expr, sp.Expr]]]
MAX_VERTICES = 256


def _vertices(width: sp.Expr, ranges: Ranges) -> list[sp.Expr] | None:
    """``width`` at each vertex of the ranges of the indices it uses, bounds that use further
    indices expanded in turn (None if not linear in an index, or too many vertices)."""
    values = [width]
    while True:
        present = {s for v in values for s in v.free_symbols if s in ranges}
        if not present:
            return values
        index = min(present, key=sp.default_sort_key)
        widened = []
        for value in values:
            if not value.has(index):
                widened.append(value)
                continue
            if sp.Poly(value, index).degree() > 1:
                return None
            widened += [value.subs(index, end) for bounds in ranges[index] for end in bounds]
        if len(widened) > MAX_VERTICES:
            return None
        values = widened


def width_nonnegative(
    width: sp.Expr, ranges: Ranges, sizes: Mapping[sp.Symbol, sp.Expr] | None = None
) -> bool:
    """``width ≥ 0`` for every value of the indices in ``ranges`` (each index may have
    several ranges: it must hold on all) and of the sizes (``minimum + n``, ``n ≥ 0``)."""
    try:
        corners = _vertices(sp.expand(width), ranges)
    except sp.PolynomialError:
        return False
    if corners is None:
        return False
    return all(
        not corner.has(*ranges) and sp.expand(corner.xreplace(sizes or {})).is_nonnegative
        for corner in corners
    )


def nonempty(limits: Limits, enclosing: Limits, sizes: Mapping[sp.Symbol, sp.Expr]) -> bool:
    """Every range of ``limits`` (outermost last, as in a ``Sum``) has ``hi − lo + 1 ≥ 0``
    for every value of the ``enclosing`` indices (outermost first)."""
    ranges: dict[sp.Symbol, list] = {}
    for index, lo, hi in enclosing:
        ranges.setdefault(index, []).append((lo, hi))
    for index, lo, hi in reversed(limits):
        if not width_nonnegative(hi - lo + 1, ranges, sizes):
            return False
        ranges.setdefault(index, []).append((lo, hi))
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


WRITE_OUT_LIMIT = 10_000
"""The longest range ``written_out`` writes term by term (a longer one is left as it is)."""


def written_out(expr: sp.Expr) -> sp.Expr:
    """Every sum and product whose outermost range has integer bounds written out term by
    term, an empty range (``hi < lo``) giving 0 or 1, never SymPy's ``−Σ_{hi+1}^{lo−1}``."""
    if not expr.has(sp.Sum, sp.Product):
        return expr
    if isinstance(expr, sp.Sum | sp.Product):
        (index, lo, hi), rest = expr.limits[-1], expr.limits[:-1]
        inner = type(expr)(expr.function, *rest) if rest else expr.function
        if lo.is_Integer and hi.is_Integer and int(hi) - int(lo) < WRITE_OUT_LIMIT:
            terms = [written_out(inner.subs(index, k)) for k in range(int(lo), int(hi) + 1)]
            return sp.Add(*terms) if isinstance(expr, sp.Sum) else sp.Mul(*terms)
        body = written_out(expr.function)
        return expr if body is expr.function else type(expr)(body, *expr.limits)
    args = [written_out(a) for a in expr.args]
    return (
        expr.func(*args) if any(a is not b for a, b in zip(args, expr.args, strict=True)) else expr
    )
