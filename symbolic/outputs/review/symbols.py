"""The draft's symbol table: what it defines, what it assumes, what it stipulates.

- A definition (``x = …`` where ``x`` is new, ``:=``, ``\\coloneqq``, ``\\equiv``; ``f(x) = …``
  defines a function, ``\\hat A_i = …`` a family) binds its name for the rest of the draft;
  later relations are read with it substituted.
- A value stipulated for an example (``G = 4``) binds until the example ends (the next
  heading, or the end of its paragraph outside an "Example" section).
- An assumption on a free symbol (``G \\ge 2``, ``0 < p < 1``, ``p \\in (0, 1)``) is its domain.
  A symbol the draft never restricts is a real variable, positive where the draft takes its
  logarithm, root or fractional power; a size (a sum's upper bound, ``G``, ``K``, ``N``) is an
  integer ≥ its stated minimum (1 without one).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp
from sympy.core.function import AppliedUndef

SIZE_NAMES = frozenset({"G", "K", "N", "M", "T", "n", "m", "L", "B"})


@dataclass
class Bound:
    """A name bound to a value: ``params`` for a function or a family's index."""

    value: sp.Expr
    params: tuple[sp.Symbol, ...] = ()
    example: int | None = None  # the example scope of a stipulated value


@dataclass
class Table:
    """The names of a draft, as it binds and restricts them while it is read."""

    bound: dict[str, Bound] = field(default_factory=dict)
    intervals: dict[str, tuple[sp.Expr, sp.Expr]] = field(default_factory=dict)
    closed: dict[str, tuple[bool, bool]] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    simplices: list[tuple] = field(default_factory=list)
    relations: list[tuple[sp.Expr, bool]] = field(default_factory=list)
    """Assumptions between variables (``k < G``) as (gap, strict): gap > 0 (≥ 0)."""
    scope: int = 0

    # ------------------------------------------------------------------------ binding
    def functions(self) -> frozenset[str]:
        return frozenset(name for name, b in self.bound.items() if b.params and b.value is not None)

    def is_bound(self, name: str) -> bool:
        return name in self.bound

    def bind(self, head: sp.Expr, value: sp.Expr, example: bool = False) -> str:
        """Bind ``head`` (a symbol, ``f(x)`` or ``A[i]``) to ``value``; the name bound."""
        name, params = _head(head)
        self.bound[name] = Bound(value, params, self.scope if example else None)
        return name

    def end_example(self) -> None:
        """Stipulated values of the example that ends are unbound."""
        self.bound = {k: b for k, b in self.bound.items() if b.example != self.scope}
        self.scope += 1

    def substitute(self, expr: sp.Expr) -> sp.Expr:
        """``expr`` with the draft's functions and families substituted and derivatives
        taken first, then its other definitions, then the example's stipulated values (so
        that ``d/dp H(p)`` is taken in ``p`` and ``d/dz σ(z)`` at ``z = 0`` is σ'(0))."""
        for level in (0, 1, 2):
            expr = self._fixed(expr, level)
            if expr.has(sp.Derivative):
                expr = expr.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())
        return expr

    def _fixed(self, expr: sp.Expr, level: int) -> sp.Expr:
        for _ in range(12):
            new = self._once(expr, level)
            if new == expr:
                return new
            expr = new
        return expr

    def _once(self, expr: sp.Expr, level: int) -> sp.Expr:
        numbers = level >= 2
        plain = {
            s: self.bound[s.name].value
            for s in expr.free_symbols
            if level >= 1
            and isinstance(s, sp.Symbol)
            and s.name in self.bound
            and not self.bound[s.name].params
            and (numbers or self.bound[s.name].example is None)
        }
        entries = {
            a: self.bound[str(a)].value
            for a in expr.atoms(sp.Indexed)
            if str(a) in self.bound and (numbers or self.bound[str(a)].example is None)
        }
        expr = expr.xreplace(plain).xreplace(entries)
        expr = expr.replace(
            lambda e: (
                isinstance(e, sp.Sum | sp.Product)
                and all(lo.is_Integer and hi.is_Integer for _, lo, hi in e.limits)
            ),
            lambda e: e.doit(),
        )

        def applied(e: sp.Basic) -> bool:
            name = _name_of(e)
            return name is not None and name in self.bound and bool(self.bound[name].params)

        def value(e: sp.Basic) -> sp.Expr:
            bound = self.bound[_name_of(e)]
            args = e.args if isinstance(e, AppliedUndef) else e.indices
            if len(args) != len(bound.params):
                return e
            return bound.value.subs(dict(zip(bound.params, args, strict=True)), simultaneous=True)

        return expr.replace(applied, value)

    # -------------------------------------------------------------------- restricting
    def assume(self, name: str, lo: sp.Expr | None, hi: sp.Expr | None, closed: tuple) -> None:
        """Restrict a free symbol to ``(lo, hi)`` (intersected with what it had)."""
        old_lo, old_hi = self.intervals.get(name, (-sp.oo, sp.oo))
        new_lo = old_lo if lo is None else (lo if old_lo == -sp.oo else sp.Max(old_lo, lo))
        new_hi = old_hi if hi is None else (hi if old_hi == sp.oo else sp.Min(old_hi, hi))
        self.intervals[name] = (new_lo, new_hi)
        self.closed[name] = closed

    def assume_size(self, name: str, minimum: int) -> None:
        self.sizes[name] = max(minimum, self.sizes.get(name, 1))

    def is_size(self, name: str) -> bool:
        return name in self.sizes or name in SIZE_NAMES


def _name_of(e: sp.Basic) -> str | None:
    if isinstance(e, AppliedUndef):
        return e.func.__name__
    if isinstance(e, sp.Indexed):
        return str(e.base.label)
    return None


def _head(head: sp.Expr) -> tuple[str, tuple[sp.Symbol, ...]]:
    if isinstance(head, AppliedUndef):
        return head.func.__name__, tuple(head.args)
    if isinstance(head, sp.Indexed) and all(i.is_Integer for i in head.indices):
        return str(head), ()
    if isinstance(head, sp.Indexed):
        return str(head.base.label), tuple(head.indices)
    return head.name, ()


def definable(head: sp.Expr) -> bool:
    """A head a definition can bind: a symbol, ``f(x, y)`` of distinct symbols, ``A[i]``
    of distinct index symbols."""
    if isinstance(head, sp.Symbol):
        return True
    if isinstance(head, sp.Indexed) and all(i.is_Integer for i in head.indices):
        return True  # one entry of a family, given a value (an example's r_1 = 0.2)
    args = head.args if isinstance(head, AppliedUndef) else getattr(head, "indices", None)
    if args is None or not isinstance(head, AppliedUndef | sp.Indexed):
        return False
    return all(isinstance(a, sp.Symbol) for a in args) and len(set(args)) == len(args)


# ------------------------------------------------------------------ names as written
def _heads(expr: sp.Expr) -> set[sp.Expr]:
    return set(expr.free_symbols) | set(expr.atoms(AppliedUndef)) | set(expr.atoms(sp.Indexed))


def _head_name(expr: sp.Expr) -> str:
    if isinstance(expr, AppliedUndef):
        return expr.func.__name__
    if isinstance(expr, sp.Indexed):
        return str(expr.base.label)
    if isinstance(expr, sp.IndexedBase):
        return str(expr.label)
    return expr.name


def _plain(name: str) -> str:
    return name.replace("\\", "").replace("{", "").replace("}", "")
