"""A statement rebuilt on fresh symbols whose SymPy assumptions come from its domain only.

Every symbol and indexed family of a statement is replaced by a fresh one carrying the
assumptions its domain justifies (positive on ``(0, ·)``, negative on ``(·, 0)``, real
otherwise; positive for simplex entries; positive integers for sizes) and nothing the user
declared: a symbol declared positive but given ``(−1, 1)`` is rebuilt real.  A declaration
that contradicts the domain is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from ..errors import GrpoSigmaError
from .domain import Atom, Domain, Interval, Simplex, SizeRange

_SIGNS = {
    "positive": {"positive": True},
    "negative": {"negative": True},
    "real": {"real": True},
    "size": {"integer": True, "positive": True},
    "count": {"integer": True, "nonnegative": True},
    "integer": {"integer": True},
}


def _declared(key: object) -> object:
    """A representative carrying the user's declared assumptions (an entry of a family)."""
    return key[sp.Dummy(integer=True)] if isinstance(key, sp.IndexedBase) else key


@dataclass(frozen=True)
class Fresh:
    """A statement rebuilt on fresh symbols whose assumptions come from the domain only."""

    exprs: tuple[sp.Expr, ...]
    domain: Domain
    back: dict[object, object]

    def original(self, atom: Atom) -> Atom:
        """The user's atom for a fresh one (indexed entries keep their indices)."""
        if isinstance(atom, sp.Indexed):
            return self.back.get(atom.base, atom.base)[atom.indices]
        return self.back.get(atom, atom)


def rebuild(exprs: tuple[sp.Expr, ...], domain: Domain, extra: dict | None = None) -> Fresh:
    """Rename every atom to a fresh ``Dummy`` with the assumptions its domain justifies.

    ``extra`` maps further symbols (a limit's variable, summation indices) to a sign.  An
    atom without a domain, a declaration the domain contradicts (a symbol declared positive
    on (−1, 1)) and an indexed entry beyond an explicit simplex are ``GrpoSigmaError``s.
    """
    from .canonical import rename_bound

    exprs = tuple(sp.sympify(e) for e in exprs)
    for expr in exprs:
        _check_indices(expr)
    exprs = tuple(rename_bound(e) for e in exprs)
    signs: dict[object, str] = dict(extra or {})
    for key in domain.specs:
        if isinstance(key, sp.Indexed):  # an entry given on its own: the family's common sign
            sign = domain.sign_of(key) or "real"
            signs[key.base] = sign if signs.get(key.base, sign) == sign else "real"
        else:
            signs[key] = domain.sign_of(key) or "real"
    for key, sign in signs.items():
        if extra and key in extra:
            continue
        clash = _unjustified(_declared(key), _SIGNS[sign])
        if sign == "real" and key in domain.specs:
            iv = next(i for i in domain.intervals if i.target == key)
            clash = [c for c in clash if not _fits(c, iv)]
        if clash:
            raise GrpoSigmaError(f"{key} is declared {clash[0]} but its domain allows other values")
    for expr in exprs:
        loose = {
            str(i)
            for i in expr.atoms(sp.Indexed)
            if i.base not in domain.specs and i not in domain.specs
        }
        loose |= {
            str(b)
            for b in expr.atoms(sp.IndexedBase)
            if b not in domain.specs and not any(i.base == b for i in expr.atoms(sp.Indexed))
        }
        for ind in expr.atoms(sp.Indexed):
            arity = domain.arity(ind.base)
            if arity is not None and len(ind.indices) != arity:
                raise GrpoSigmaError(
                    f"{ind} has {len(ind.indices)} indices; its domain gives {arity}"
                )
        loose |= {str(a) for a in atoms_of(expr) if isinstance(a, sp.Symbol) and a not in signs}
        if loose:
            listed = ", ".join(sorted(loose))
            raise GrpoSigmaError(f"no interval, simplex or size given for: {listed}")
    mapping: dict[object, object] = {}
    for serial, (key, sign) in enumerate(signs.items()):
        if isinstance(key, sp.IndexedBase):
            mapping[key] = sp.IndexedBase(_fresh_name(key.label, serial), **_SIGNS[sign])
        else:
            mapping[key] = sp.Symbol(_fresh_name(key, serial), **_SIGNS[sign])

    def fresh(value: object) -> object:
        if isinstance(value, tuple):
            return tuple(fresh(v) for v in value)
        if value is None or isinstance(value, int):
            return value
        return sp.sympify(value).xreplace(mapping)

    new = Domain(
        simplices=tuple(
            Simplex(fresh(s.base), fresh(s.length), fresh(s.rows)) for s in domain.simplices
        ),
        intervals=tuple(
            Interval(fresh(i.target), i.lo, i.hi, fresh(i.length)) for i in domain.intervals
        ),
        sizes=tuple(SizeRange(fresh(s.symbol), s.minimum, s.samples) for s in domain.sizes),
        random_points=domain.random_points,
    )
    back = {v: k for k, v in mapping.items()}
    renamed = tuple(e.xreplace(mapping) for e in exprs)
    free = {mapping[k] for k in extra or {} if k in mapping}
    for expr in renamed:
        _check_bounds(expr, free, back)
    return Fresh(renamed, new, back)


def _check_bounds(expr: sp.Expr, free: set, back: dict) -> None:
    """A sum or product runs over integers: each finite bound must be an integer on the
    domain (``Σ_{n=1}^{x}`` with ``x`` real has no meaning the numbers could check)."""
    for total in expr.atoms(sp.Sum, sp.Product):
        for _, lo, hi in total.limits:
            for bound in (lo, hi):
                if bound in (sp.oo, -sp.oo) or bound.has(*free) or bound.is_integer:
                    continue
                shown = bound.xreplace(back)
                raise GrpoSigmaError(f"the bound {shown} of a sum or product is not an integer")


def _fresh_name(symbol: object, serial: int) -> str:
    """``_`` + the name made an identifier + its serial number in the statement: distinct
    within a statement, the same on every run (a ``Symbol``, not a ``Dummy``, so that
    compiled code needs no renaming and prints its sums in the same order)."""
    stem = re.sub(r"\W", "_", str(symbol))
    return f"_{stem}_{serial}"


def _fits(assumption: str, iv: Interval) -> bool:
    if assumption in ("positive", "nonnegative"):
        return bool(iv.lo >= 0)
    if assumption in ("negative", "nonpositive"):
        return bool(iv.hi <= 0)
    return False


def _unjustified(declared: object, justified: dict[str, bool]) -> list[str]:
    """The declared assumptions (``integer``, ``positive``, ``nonzero``, ...) that a symbol
    carrying only ``justified`` does not have: SymPy may already have used them while the
    statement was built (``sin(πn)`` is 0 for an integer ``n``), so they must hold on the
    domain.  The user's own words first."""
    have = sp.Dummy(**justified).assumptions0
    facts = declared.assumptions0
    own = list(getattr(declared, "_assumptions_orig", None) or {})
    return [
        name if facts[name] else f"not {name}"
        for name in dict.fromkeys([*own, *_READABLE, *sorted(facts)])
        if facts.get(name) is not None and have.get(name) != facts[name]
    ]


_READABLE = ("positive", "negative", "nonnegative", "nonpositive", "nonzero", "integer", "real")
"""The assumptions an error names first (``positive`` rather than ``extended_negative``)."""


def _check_indices(expr: sp.Expr) -> None:
    """A summation index is an integer of its range: one declared positive (or anything
    else its range does not give) is an error, since SymPy may have used it already."""
    for total in expr.atoms(sp.Sum, sp.Product):
        for index, lo, _ in total.limits:
            sign = {"integer": True}
            if sp.sympify(lo).is_positive:
                sign["positive"] = True
            elif sp.sympify(lo).is_nonnegative:
                sign["nonnegative"] = True
            clash = _unjustified(index, sign)
            if clash:
                raise GrpoSigmaError(f"the index {index} is declared {clash[0]} but runs from {lo}")


def atoms_of(expr: sp.Expr) -> set[Atom]:
    """The scalars an expression depends on: plain symbols and indexed entries."""
    indexed = expr.atoms(sp.Indexed)
    if not indexed and not expr.has(sp.IndexedBase):
        return {s for s in expr.free_symbols if not s.is_Indexed}
    # a label counts only where it stands alone (a scalar p beside the family p[i])
    alone = expr.xreplace(dict.fromkeys(indexed, sp.Integer(0)))
    alone = alone.xreplace(dict.fromkeys(alone.atoms(sp.IndexedBase), sp.Integer(0)))
    labels = {base.label for base in expr.atoms(sp.IndexedBase)} - alone.free_symbols
    return indexed | {s for s in expr.free_symbols if s not in labels and not s.is_Indexed}
