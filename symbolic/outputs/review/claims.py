"""Judging a draft's claim: its sides substituted, its domain built, the kernel's verdict.

``Claims`` is the part of the reviewer that takes a relation no definition or assumption
accounts for, substitutes the draft's definitions (``symbols``), fixes a free index, builds
the domain of its symbols from the table (``Context``) and asks ``verdicts`` for the verdict
of its relation (``=``, an order, ``≈``, ``→``, ``∝``) within the check's budget.
"""

from __future__ import annotations

import re
import time

import sympy as sp
from sympy.core.function import AppliedUndef

from ...errors import GrpoSigmaError
from . import verdicts as v
from .grammar import Grammar, Unreadable
from .relations import Link
from .symbols import Table, _plain

CHECK_BUDGET = 2.0
"""Seconds for one check through the kernel at most."""


class Claims:
    """The reviewer's claims, judged on its ``table`` before its ``deadline``."""

    table: Table
    deadline: float

    def _claim(self, link: Link, lhs: sp.Expr, rhs: sp.Expr) -> v.Judgement:
        try:
            lhs, rhs = (self._ready(self.table.substitute(e)) for e in (lhs, rhs))
        except GrpoSigmaError as error:
            return v.Judgement("not checked", str(error))
        undefined = sorted(
            {f.func.__name__ for f in (lhs.atoms(AppliedUndef) | rhs.atoms(AppliedUndef))}
        )
        if undefined:
            return v.Judgement(
                "not checked", f"the draft does not define the function {_plain(undefined[0])}"
            )
        try:
            lhs, rhs, fixed = _free_indices(lhs, rhs, link.condition)
        except GrpoSigmaError as error:
            return v.Judgement("not checked", str(error))
        lhs, rhs, scaled = self._between(lhs, rhs)
        fixed = ", ".join(t for t in (fixed, scaled) if t)
        context = self._context([lhs, rhs])
        if context is None:
            return v.Judgement(
                "not checked", "a symbol of the relation has no domain the kernel reads"
            )
        if fixed:
            context.taken = ", ".join([context.taken, fixed] if context.taken else [fixed])
        limited = [e for e in (lhs, rhs) if isinstance(e, sp.Limit)]
        if limited and link.relation in ("=", "≈"):
            inner, other = (lhs, rhs) if isinstance(lhs, sp.Limit) else (rhs, lhs)
            expr, variable, point = inner.args[0], inner.args[1], inner.args[2]
            if other.has(sp.Limit):
                return v.Judgement("not checked", "limits on both sides")
            return v.tends(expr, other, variable, point, context)
        if lhs.has(sp.Limit) or rhs.has(sp.Limit):
            return v.Judgement("not checked", "a limit inside a larger expression")
        if link.relation == "=":
            return v.equal(lhs, rhs, context, link.rhs)
        if link.relation in ("<", ">", "≤", "≥"):
            return v.order(lhs, rhs, link.relation, context)
        if link.relation == "≠":
            return v.differ(lhs, rhs, context)
        if link.relation == "≈":
            return v.approximately(
                lhs, rhs, link.rhs, context, self._limit_variable(link, lhs, rhs)
            )
        if link.relation == "→":
            variable = self._limit_variable(link, lhs, rhs)
            if variable is None:
                return v.Judgement(
                    "not checked", "→ without the variable that tends (write `as n \\to \\infty`)"
                )
            point = (
                sp.oo
                if link.limit is None or "infty" in link.limit[1]
                else sp.sympify(link.limit[1].replace("^+", ""))
            )
            return v.tends(lhs, rhs, variable, point, context)
        if link.relation == "∝":
            return v.proportional(lhs, rhs, context)
        return v.Judgement("not checked", f"the relation {link.relation} is not read")

    def _between(self, lhs: sp.Expr, rhs: sp.Expr) -> tuple[sp.Expr, sp.Expr, str]:
        """``lo < k < G`` (``k`` bounded below by a number, above by a variable): ``k`` is
        written ``lo + (G − lo)·u`` with ``u ∈ (0, 1)``, the same domain in intervals."""
        present = lhs.free_symbols | rhs.free_symbols
        for gap, _ in self.table.relations:
            pieces = sp.Add.make_args(gap)
            if len(pieces) != 2:
                continue
            large = next((t for t in pieces if isinstance(t, sp.Symbol)), None)
            small = next((-t for t in pieces if isinstance(-t, sp.Symbol)), None)
            if large is None or small is None or small not in present:
                continue
            low = self.table.intervals.get(small.name, (None, None))[0]
            if low is None or not low.is_number or not low.is_finite:
                continue
            unit = sp.Symbol(f"u_{small.name}")
            self.table.intervals.setdefault(unit.name, (sp.Integer(0), sp.Integer(1)))
            value = low + (large - low) * unit
            span = (
                f"{_plain(large.name)}·u"
                if low == 0
                else f"{low} + ({_plain(large.name)} − {low})·u"
            )
            shown = f"{_plain(small.name)} = {span}, u ∈ (0, 1)"
            return lhs.xreplace({small: value}), rhs.xreplace({small: value}), shown
        return lhs, rhs, ""

    def _ready(self, expr: sp.Expr) -> sp.Expr:
        if expr.has(sp.Derivative):
            expr = expr.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())
        return expr

    def _limit_variable(self, link: Link, lhs: sp.Expr, rhs: sp.Expr) -> sp.Symbol | None:
        if link.limit is not None:
            try:
                variable = Grammar().read(link.limit[0])
            except Unreadable:
                return None
            return variable if isinstance(variable, sp.Symbol) else None
        sizes = [
            s
            for s in (lhs.free_symbols | rhs.free_symbols)
            if isinstance(s, sp.Symbol) and self.table.is_size(s.name)
        ]
        return sizes[0] if len(sizes) == 1 else None

    def _context(self, exprs: list[sp.Expr]) -> v.Context | None:
        budget = max(0.5, min(CHECK_BUDGET, self.deadline - time.monotonic()))
        intervals: dict = {}
        sizes: dict = {}
        taken: list[str] = []
        logged = set().union(*(_logged(e) for e in exprs))
        lengths = _family_lengths(exprs)
        symbols = set().union(*(e.free_symbols for e in exprs))
        labels = {a.base.label for e in exprs for a in e.atoms(sp.Indexed)}
        for symbol in sorted(symbols, key=str):
            if isinstance(symbol, sp.Indexed) or symbol in labels:
                continue
            name = symbol.name
            if name in self.table.intervals:
                intervals[symbol] = self.table.intervals[name]
                taken += _open(name, self.table.closed.get(name))
            elif self.table.is_size(name) and (
                name in self.table.sizes
                or symbol in lengths.values()
                or symbol.is_real is not False
            ):
                sizes[symbol] = self.table.sizes.get(name, 1)
            elif symbol in logged:
                intervals[symbol] = (0, sp.oo)
                taken.append(f"{_plain(name)} > 0")
            else:
                intervals[symbol] = (-sp.oo, sp.oo)
        atoms = set().union(*(e.atoms(sp.Indexed) for e in exprs))
        for atom in sorted(atoms, key=str):
            base = atom.base
            name = str(base.label)
            lo_hi = self.table.intervals.get(str(atom), self.table.intervals.get(name))
            if lo_hi is None:
                lo_hi = (0, sp.oo) if atom in logged or base in logged else (-sp.oo, sp.oo)
                if lo_hi[0] == 0:
                    taken.append(f"{_plain(name)} > 0")
            if base in lengths:
                intervals[base] = (*lo_hi, lengths[base])
            elif atom.free_symbols - {base.label} <= set() or all(
                i.is_number for i in atom.indices
            ):
                intervals[atom] = lo_hi
            else:
                return None
        for length in lengths.values():
            if isinstance(length, sp.Symbol) and length not in sizes and length not in intervals:
                sizes[length] = self.table.sizes.get(length.name, 1)
        simplices = []
        present = symbols | atoms
        for vector in self.table.simplices:
            here = [a for a in vector if a in present]
            if len(here) == len(vector):
                simplices.append(list(vector))
                for a in vector:
                    intervals.pop(a, None)
                taken.append(", ".join(_plain(str(a)) for a in vector) + " on the simplex")
            for a in here if len(here) < len(vector) else []:
                intervals[a] = (0, 1)
        return v.Context(
            intervals,
            sizes,
            budget,
            "; ".join(dict.fromkeys(taken)),
            simplices,
            self.table.relations,
        )


# ------------------------------------------------------------------------------ helpers
def _open(name: str, closed: tuple | None) -> list[str]:
    if closed and any(closed):
        return [f"{_plain(name)} on its open interval"]
    return []


def _logged(expr: sp.Expr) -> set:
    """Symbols and families whose logarithm, root or fractional power the expression takes
    directly (``log x``, ``sqrt(x)``, ``log(x y)``)."""
    out: set = set()
    args = [a.args[0] for a in expr.atoms(sp.log)]
    args += [a.base for a in expr.atoms(sp.Pow) if a.exp.is_number and not a.exp.is_integer]
    for arg in args:
        for factor in sp.Mul.make_args(arg):
            base = factor.base if isinstance(factor, sp.Pow) else factor
            if isinstance(base, sp.Symbol):
                out.add(base)
            elif isinstance(base, sp.Indexed):
                out.add(base)
                out.add(base.base)
    return out


def _family_lengths(exprs: list[sp.Expr]) -> dict:
    """Each family indexed by a sum's variable, with the sum's upper bound as its length."""
    lengths: dict = {}
    for expr in exprs:
        for total in expr.atoms(sp.Sum, sp.Product):
            for variable, _, high in total.limits:
                for atom in total.function.atoms(sp.Indexed):
                    if variable in atom.free_symbols:
                        lengths[atom.base] = high
    return lengths


def _free_indices(lhs: sp.Expr, rhs: sp.Expr, condition: str) -> tuple[sp.Expr, sp.Expr, str]:
    """A free index ``i`` (``r_i`` for any i) is fixed at 1: the family's entries share one
    domain, so the claim at i = 1 is the claim at every i, if nothing else names an entry."""
    free = [
        s
        for s in (lhs.free_symbols | rhs.free_symbols)
        if isinstance(s, sp.Symbol) and s.is_integer
    ]
    if not free:
        return lhs, rhs, ""
    concrete = [
        a for e in (lhs, rhs) for a in e.atoms(sp.Indexed) if all(i.is_number for i in a.indices)
    ]
    if concrete:
        raise GrpoSigmaError("a free index beside a named entry (not checked)")
    if len(free) > 1:
        distinct = re.search(r"\\neq?", condition or "")
        if not distinct or len(free) > 2:
            raise GrpoSigmaError("two free indices (not checked)")
    free = sorted(free, key=str)
    values = {s: sp.Integer(k) for k, s in enumerate(free, 1)}
    for expr in (lhs, rhs):
        masked = expr.replace(lambda e: isinstance(e, sp.Indexed), lambda e: sp.Integer(0))
        if masked.free_symbols & set(free):
            raise GrpoSigmaError("an index used as a number (not checked)")
    names = " and ".join(f"{s} = {k}" for s, k in values.items())
    return lhs.subs(values), rhs.subs(values), f"the index at {names} (exchangeable entries)"
