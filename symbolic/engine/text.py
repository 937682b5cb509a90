"""An expression as a reader writes it in one line of text: ``t³/(ε + 1)``, ``ψ_1(α)``, ``∞``.

The engine's verdicts explain themselves in words (``limit computed: …``, ``f' > 0 on (1, ∞)``);
their expressions are printed here, never by ``str`` (which writes ``**``, ``*``, ``oo`` and
``polygamma(1, alpha)``).  Greek names print as letters; a fresh name of the engine
(``_t_1``) or a ``Dummy`` prints as the readable name it stands for (``t``), primed when that
name is taken (``readable``).
"""

from __future__ import annotations

import re

import sympy as sp
from sympy.printing.precedence import PRECEDENCE, precedence
from sympy.printing.pretty.pretty_symbology import greek_unicode
from sympy.printing.str import StrPrinter

SUPERSCRIPTS = {2: "²", 3: "³"}
FRESH = re.compile(r"^_(?P<stem>.+?)_\d+$")


def readable(expr: sp.Basic) -> sp.Basic:
    """``expr`` with every fresh name (``_t_1``) and ``Dummy``, free or bound (a sum's index),
    renamed to the name it stands for, primed until it is distinct from every other name of
    ``expr``."""
    symbols = sorted(expr.atoms(sp.Symbol), key=sp.default_sort_key)
    taken = {str(s) for s in symbols if not _is_fresh(s)}
    renaming = {}
    for symbol in symbols:
        if not _is_fresh(symbol):
            continue
        found = FRESH.match(symbol.name)
        name = found["stem"] if found else symbol.name.lstrip("_") or "x"
        while name in taken:
            name += "'"
        taken.add(name)
        renaming[symbol] = sp.Symbol(name, **symbol.assumptions0)
    return expr.xreplace(renaming)


def _is_fresh(symbol: sp.Basic) -> bool:
    return isinstance(symbol, sp.Dummy) or str(symbol).startswith("_")


def _letter(name: str) -> str:
    return greek_unicode.get(name, name)


class TextPrinter(StrPrinter):
    """SymPy's string printer in the notation of the prose: ``·`` and juxtaposition for
    products, ``−`` for minus, ``²`` and ``^n`` for powers, ``√``, ``∞``, Greek letters,
    ``ψ``/``ψ_n`` for the polygamma functions."""

    def _print_Symbol(self, expr: sp.Symbol) -> str:
        head, *scripts = expr.name.split("_")
        return "_".join([_letter(head), *(_letter(s) for s in scripts)])

    _print_Dummy = _print_Symbol

    def _print_Infinity(self, expr: sp.Basic) -> str:
        return "∞"

    def _print_NegativeInfinity(self, expr: sp.Basic) -> str:
        return "−∞"

    def _print_polygamma(self, expr: sp.Basic) -> str:
        order, argument = expr.args
        name = "ψ" if order == 0 else f"ψ_{self._print(order)}"
        return f"{name}({self._print(argument)})"

    def _print_Add(self, expr: sp.Expr, order: str | None = None) -> str:
        text = ""
        for k, term in enumerate(self._as_ordered_terms(expr, order=order)):
            negative = term.could_extract_minus_sign()
            shown = self.parenthesize(-term if negative else term, PRECEDENCE["Add"])
            sign = ("−" if negative else "+") if k else ("−" if negative else "")
            text += f" {sign} {shown}" if k else f"{sign}{shown}"
        return text

    def _print_Mul(self, expr: sp.Expr) -> str:
        if expr.could_extract_minus_sign():
            return "−" + self.parenthesize(-expr, PRECEDENCE["Add"])
        numerator, denominator = sp.fraction(expr)
        if denominator != 1:
            top = self.parenthesize(numerator, PRECEDENCE["Mul"])
            bottom = self.parenthesize(denominator, PRECEDENCE["Mul"] + 1)
            return f"{top}/{bottom}"
        factors = [self.parenthesize(f, precedence(expr)) for f in expr.as_ordered_factors()]
        return "·".join(factors)

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        base, exponent = expr.args
        if exponent == sp.S.Half:
            return f"√({self._print(base)})"
        if exponent.is_Rational and exponent < 0:
            return f"1/{self.parenthesize(base**-exponent, PRECEDENCE['Mul'] + 1)}"
        shown = self.parenthesize(base, PRECEDENCE["Pow"] + 1)
        if exponent in SUPERSCRIPTS:
            return shown + SUPERSCRIPTS[int(exponent)]
        power = self._print(exponent)
        bare = exponent.is_Integer or exponent.is_Symbol
        return f"{shown}^{power}" if bare else f"{shown}^({power})"

    def _print_Integer(self, expr: sp.Integer) -> str:
        return f"−{-expr}" if expr < 0 else str(expr.p)

    def _print_Rational(self, expr: sp.Rational) -> str:
        return f"−{self._print(-expr)}" if expr < 0 else f"{expr.p}/{expr.q}"


def expression_text(expr: object) -> str:
    """``expr`` (a SymPy object or a number) as one line of readable text."""
    return TextPrinter().doprint(readable(sp.sympify(expr)))
