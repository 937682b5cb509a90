"""SymPy's LaTeX printer in the note's conventions: term order, products, logarithms, indices.

The note's names print themselves (``_latex`` of ``symbolic.note.symbols.Written`` and of the
``WrittenFunction`` classes of ``symbolic.note.notation``); ``NotePrinter`` only sets the
conventions of layout and dispatches by class.
"""

from __future__ import annotations

import sympy as sp
from sympy.printing.latex import LatexPrinter

from ..note import model as m
from ..note.symbols import WrittenBase

PRINTER_SETTINGS = {"order": "none", "ln_notation": False}


def _plain(expr: sp.Basic) -> bool:
    """A symbol, an indexed entry, or a number: no brackets needed after ``\\log``."""
    return isinstance(expr, sp.Symbol | sp.Indexed) or (expr.is_Number and expr >= 0)


def _factor_rank(factor: sp.Expr) -> int:
    """Numbers, then integer coefficients such as ``(G − 1)``, then symbols, then brackets and
    functions."""
    base = factor.base if factor.is_Pow else factor
    if factor.is_Number:
        return 0
    if base.is_Add and all(s.is_integer for s in base.free_symbols):
        return 1
    if isinstance(base, sp.Symbol | sp.Indexed):
        return 2
    return 3 if base.is_Add else 4


class NotePrinter(LatexPrinter):
    """SymPy's LaTeX printer in the note's conventions.

    Terms print in the order a step writes them, with negative terms after positive ones and
    ``ε`` last (``\\hat\\sigma + \\epsilon``, ``R^{(1)} - \\bar R``); in a product, numbers and
    plain factors come before brackets and functions (``p_i \\log \\hat p_i``); an entry of a
    per-rollout base shows its rollout as a superscript (``\\hat p^{(g)}_i``).
    """

    def __init__(self, settings: dict | None = None) -> None:
        super().__init__({**PRINTER_SETTINGS, **(settings or {})})

    def _as_ordered_terms(self, expr: sp.Expr, order: str | None = None) -> list[sp.Expr]:
        terms = super()._as_ordered_terms(expr, order)
        return sorted(terms, key=lambda t: (t.has(m.epsilon), t.could_extract_minus_sign()))

    def _print_Mul(self, expr: sp.Expr) -> str:
        if isinstance(expr, sp.Mul):
            ordered = sorted(expr.args, key=_factor_rank)
            if list(ordered) != list(expr.args):
                expr = sp.Mul(*ordered, evaluate=False)
        return super()._print_Mul(expr)

    def _print_Indexed(self, expr: sp.Indexed) -> str:
        base = self._print(expr.base)
        rollout, entry = (None, expr.indices)
        if isinstance(expr.base, WrittenBase):
            rollout, entry = expr.base.split(expr.indices)
        if rollout is not None:
            base = f"{{{base}}}^{{({self._print(rollout)})}}"
        elif "_" in base or "^" in base:  # a base printed with its own script
            base = f"{{{base}}}"
        indices = ",".join(self._print(k) for k in entry)
        return f"{base}_{{{indices}}}" if entry else base

    def _print_Pow(self, expr: sp.Pow) -> str:
        if isinstance(expr.base, sp.Indexed) and expr.exp.is_Integer and expr.exp > 1:
            base = self._print(expr.base)
            if "^" in base:  # an entry with its rollout as a superscript: (p̂^(g)_k)²
                return rf"\left({base}\right)^{{{self._print(expr.exp)}}}"
        return super()._print_Pow(expr)

    def _print_log(self, expr: sp.Expr, exp: str | None = None) -> str:
        (arg,) = expr.args
        name = r"\log" if exp is None else rf"\log^{{{exp}}}"
        inner = self._print(arg)
        return f"{name} {inner}" if _plain(arg) else rf"{name}\left({inner}\right)"


def note_latex(expr: sp.Expr) -> str:
    """The LaTeX of an expression in the note's notation (math mode, no delimiters)."""
    return NotePrinter().doprint(expr)
