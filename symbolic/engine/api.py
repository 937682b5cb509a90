"""The public API for anyone's statement: ``check_identity`` and its input checks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sympy as sp

from ..errors import GrpoSigmaError
from .domain import Domain, Interval, Simplex
from .obligations import DEFAULT_BUDGET, DEFAULT_DPS, Identity, Verdict, atoms_of


def check_identity(
    lhs: sp.Expr,
    rhs: sp.Expr,
    *,
    intervals: Mapping[sp.Symbol, tuple[object, object]] | None = None,
    simplices: Sequence[Sequence[sp.Symbol]] | None = None,
    dps: int = DEFAULT_DPS,
    budget: float = DEFAULT_BUDGET,
) -> Verdict:
    """Check ``lhs = rhs`` for anyone's identity.

    ``intervals`` maps a symbol to an open interval ``(lo, hi)``; ``simplices`` lists groups of
    symbols forming probability vectors (positive, summing to one).  Every free symbol must
    be covered.  Returns a ``Verdict``: ``"refuted"`` with a counterexample where the sides
    differ at ``dps`` digits (confirmed at twice that), ``"proven"`` where their difference
    reduces to 0 symbolically, ``"unknown"`` otherwise.
    """
    intervals = dict(intervals or {})
    simplices = [tuple(s) for s in simplices or []]
    lhs, rhs = sp.sympify(lhs), sp.sympify(rhs)
    for sym, bounds in intervals.items():
        if not isinstance(bounds, tuple | list) or len(bounds) != 2:
            raise GrpoSigmaError(f"interval for {sym} must be a pair (lo, hi), got {bounds!r}")
        lo, hi = (sp.sympify(b) for b in bounds)
        if not (lo.is_real or lo.is_infinite) or not (hi.is_real or hi.is_infinite):
            raise GrpoSigmaError(f"interval for {sym} must have real ends, got {bounds!r}")
        if not bool(lo < hi):
            raise GrpoSigmaError(f"interval for {sym} is empty: {bounds!r}")
    for simplex in simplices:
        if len(simplex) < 2:
            raise GrpoSigmaError(f"a simplex needs two or more symbols, got {list(simplex)}")
    covered = set(intervals) | {s for simplex in simplices for s in simplex}
    loose = sorted(map(str, (atoms_of(lhs) | atoms_of(rhs)) - covered))
    if loose:
        raise GrpoSigmaError(f"no interval or simplex given for: {', '.join(loose)}")
    domain = Domain(
        simplices=tuple(Simplex(s) for s in simplices),
        intervals=tuple(
            Interval(s, sp.sympify(b[0]), sp.sympify(b[1])) for s, b in intervals.items()
        ),
    )
    return Identity(domain=domain, lhs=lhs, rhs=rhs).check(dps, budget)
