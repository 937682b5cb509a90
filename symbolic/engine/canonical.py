"""Capture-avoiding canonical forms of expressions with indexed sums.

``canonical`` rewrites an expression into an equal one in which equal linear combinations of
(multiple) indexed sums become the same expression.  Every step is an equivalence:

* bound indices are renamed by binding depth (de Bruijn levels), each level one fixed dummy,
  from the root down, so an inner index can never take the name of an outer one that its
  body uses (``Σ_j f(Σ_i a_{j,i})`` keeps ``j`` and ``i`` apart);
* a sum is split term by term, a factor free of its indices is pulled out, an index its
  term does not use becomes the count ``hi − lo + 1`` where that is proven ≥ 0 over the
  ranges of the indices it depends on (an empty range counts 0), and a product of factors over
  disjoint groups of its own indices becomes a product of sums;
* a sum whose bounds depend on its own indices (``Σ_{g} Σ_{h=g+1}``) is left alone.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import sympy as sp

from .summation import Ranges, width_nonnegative, written_out

_LEVELS: list[sp.Dummy] = []
MAX_ROUNDS = 20


def level(depth: int) -> sp.Dummy:
    """The one bound name of binding depth ``depth`` (an integer dummy)."""
    while len(_LEVELS) <= depth:
        _LEVELS.append(sp.Dummy(f"b{len(_LEVELS)}", integer=True))
    return _LEVELS[depth]


def rename_bound(expr: sp.Expr, env: Mapping[sp.Symbol, sp.Expr] | None = None, depth: int = 0):
    """Rename every bound index by its binding depth below the root.

    A ``Sum``'s last limit is its outermost: it gets ``depth``, the one before ``depth + 1``,
    and so on; each bound sees only the indices outside it.  Shadowing is resolved by scope.
    """
    if env is None:
        if not expr.has(sp.Sum, sp.Product):
            return expr
        env = {}
    if isinstance(expr, sp.Symbol):
        return env.get(expr, expr)
    if isinstance(expr, sp.Sum | sp.Product):
        inner = dict(env)
        limits = []
        for offset, (index, lo, hi) in enumerate(reversed(expr.limits)):
            bounds = (
                rename_bound(lo, inner, depth + offset),
                rename_bound(hi, inner, depth + offset),
            )
            inner[index] = level(depth + offset)
            limits.append((inner[index], *bounds))
        body = rename_bound(expr.function, inner, depth + len(limits))
        return type(expr)(body, *reversed(limits))
    if not expr.args or isinstance(expr, sp.IndexedBase):
        return expr
    args = [rename_bound(a, env, depth) for a in expr.args]
    return expr if all(a is b for a, b in zip(args, expr.args, strict=True)) else expr.func(*args)


def split_sum(total: sp.Sum, ranges: Ranges | None = None) -> sp.Expr:
    """``Σ Σ_t c_t f_t = Σ_t c_t Σ f_t`` over the indices each ``f_t`` uses (see module).

    An index a term does not use counts ``hi − lo + 1`` only where that is proven ≥ 0 over
    the ``ranges`` of the indices it depends on (an empty range counts 0, not a negative
    number); otherwise the term keeps its sum."""
    indices = [limit[0] for limit in total.limits]
    if any(
        set(indices) & (sp.sympify(lo).free_symbols | sp.sympify(hi).free_symbols)
        for _, lo, hi in total.limits
    ):
        return total
    pieces = []
    for term in sp.Add.make_args(sp.expand(total.function)):
        coeff, rest = term.as_independent(*indices, as_Add=False)
        used = rest.free_symbols
        unused = [hi - lo + 1 for index, lo, hi in total.limits if index not in used]
        if not all(width_nonnegative(width, ranges or {}) for width in unused):
            pieces.append(coeff * sp.Sum(rest, *total.limits))
            continue
        kept = [lim for lim in total.limits if lim[0] in used]
        pieces.append(coeff * sp.Mul(*unused) * _sum_of_product(rest, kept))
    return sp.Add(*pieces)


def _ranges(expr: sp.Expr) -> dict[sp.Symbol, list[tuple[sp.Expr, sp.Expr]]]:
    """Every range each bound index takes anywhere in ``expr``."""
    ranges: dict[sp.Symbol, list] = {}
    for total in expr.atoms(sp.Sum, sp.Product):
        for index, lo, hi in total.limits:
            ranges.setdefault(index, []).append((lo, hi))
    return ranges


def _sum_of_product(rest: sp.Expr, limits: list[tuple]) -> sp.Expr:
    """``Σ_{g,h} a(g) b(h) = (Σ_g a)(Σ_h b)``: factor over disjoint groups of indices."""
    if not limits:
        return rest
    own = {lim[0] for lim in limits}
    groups: list[tuple[set, list]] = []
    for factor in sp.Mul.make_args(rest):
        mine = own & factor.free_symbols
        joined = [grp for grp in groups if grp[0] & mine or not mine and not grp[0]]
        merged = (
            set(mine).union(*(grp[0] for grp in joined)),
            [*(f for grp in joined for f in grp[1]), factor],
        )
        groups = [grp for grp in groups if grp not in joined] + [merged]
    if len(groups) == 1:
        return sp.Sum(rest, *limits)
    product = sp.Integer(1)
    for mine, factors in groups:
        kept = [lim for lim in limits if lim[0] in mine]
        product *= sp.Sum(sp.Mul(*factors), *kept) if kept else sp.Mul(*factors)
    return product


def apply_sum_facts(expr: sp.Expr, facts: Mapping[tuple, sp.Expr]) -> sp.Expr:
    """Replace ``Σ_{k=lo}^{hi} base[k]`` by its known value, whatever the index is called.

    ``facts`` maps ``(base, lo, hi)`` to the value (``Σ_i p_i = 1`` on a simplex).
    """
    if not facts:
        return expr

    def swap(total: sp.Sum) -> sp.Expr:
        if len(total.limits) == 1 and isinstance(total.function, sp.Indexed):
            index, lo, hi = total.limits[0]
            if total.function.indices == (index,):
                return facts.get((total.function.base, lo, hi), total)
        return total

    return expr.replace(lambda e: isinstance(e, sp.Sum), swap)


def unroll(expr: sp.Expr) -> sp.Expr:
    """Write out every sum or product with integer bounds (``Σ_{i=1}^{3} 1/i = 11/6``; an
    empty range is 0 or 1)."""
    return written_out(expr)


def canonical(expr: sp.Expr, facts: Mapping[tuple, sp.Expr] | None = None) -> sp.Expr:
    """Expand, rename bound indices by depth, split sums, apply ``facts``: to a fixed point."""
    facts = dict(facts or {})
    expr = sp.expand(unroll(sp.sympify(expr)))
    if not expr.has(sp.Sum, sp.Product):
        return expr
    previous = None
    for _ in range(MAX_ROUNDS):
        if expr == previous:
            break
        previous = expr
        expr = rename_bound(expr)
        split = functools.partial(split_sum, ranges=_ranges(expr))
        expr = expr.replace(lambda e: isinstance(e, sp.Sum), split)
        expr = sp.expand(apply_sum_facts(rename_bound(expr), facts))
    return expr
