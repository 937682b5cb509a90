"""SymPy's LaTeX printer in the note's conventions: term order, products, logarithms, indices.

The note's names print themselves (``_latex`` of ``symbolic.note.symbols.Written`` and of the
``WrittenFunction`` classes of ``symbolic.note.notation``); ``NotePrinter`` only sets the
conventions of layout and dispatches by class.
"""

from __future__ import annotations

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.mathml import MathMLPresentationPrinter

from ..engine.text import readable
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


def oracle_words(expr: sp.Basic) -> str | None:
    """The name of an independent oracle's function (``implemented_function``) in words
    (``beta log moment``), or ``None`` for any other expression."""
    if isinstance(expr, sp.Function) and hasattr(type(expr), "_imp_"):
        return type(expr).__name__.replace("_", " ")
    return None


def note_order(terms: list[sp.Expr]) -> list[sp.Expr]:
    """Terms as a step writes them: negative terms after positive ones, ``ε`` last."""
    return sorted(terms, key=lambda t: (t.has(m.epsilon), t.could_extract_minus_sign()))


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
        return note_order(super()._as_ordered_terms(expr, order))

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

    def _print_polygamma(self, expr: sp.Expr, exp: str | None = None) -> str:
        """``ψ(x)`` and ``ψ_n(x)``, as the note writes the digamma and polygamma functions."""
        order, argument = expr.args
        name = r"\psi" if order == 0 else rf"\psi_{{{self._print(order)}}}"
        if exp is not None:
            name += f"^{{{exp}}}"
        return rf"{name}\left({self._print(argument)}\right)"

    def _print_Function(self, expr: sp.Expr, exp: str | None = None) -> str:
        words = oracle_words(expr)
        if words is None:
            return super()._print_Function(expr, exp)
        name = rf"\text{{{words}}}" + (f"^{{{exp}}}" if exp is not None else "")
        arguments = ", ".join(self._print(a) for a in expr.args)
        return rf"{name}\left({arguments}\right)"

    def _print_log(self, expr: sp.Expr, exp: str | None = None) -> str:
        (arg,) = expr.args
        name = r"\log" if exp is None else rf"\log^{{{exp}}}"
        inner = self._print(arg)
        return f"{name} {inner}" if _plain(arg) else rf"{name}\left({inner}\right)"


def note_latex(expr: sp.Expr) -> str:
    """The LaTeX of an expression in the note's notation (math mode, no delimiters)."""
    return NotePrinter().doprint(readable(expr))


MINUS = "\u2212"
"""The minus sign (SymPy's MathML writes the hyphen-minus, which browsers set as a hyphen)."""


class NoteMathML(MathMLPresentationPrinter):
    """SymPy's presentation MathML printer in the note's notation: names print themselves
    (``_mathml_presentation``); an entry of a per-rollout base shows its rollout as a
    superscript, as in LaTeX.  As in LaTeX, a power of a name with a superscript is bracketed
    (``(R^(1))²``, not a superscript on a superscript), a power of a subscripted name is one
    sub- and superscript (``p̂_k²``), a negated sum keeps its brackets (``−(a + b)``), a
    summand is bracketed only when it is a sum, and every minus is the minus sign U+2212."""

    def __init__(self, settings: dict | None = None) -> None:
        super().__init__({"order": "none", "ln_notation": False, **(settings or {})})

    def doprint(self, expr: sp.Basic) -> str:
        row = self.dom.createElement("mrow")  # a parent for the root, as for every node
        row.appendChild(self._print(expr))
        for number in row.getElementsByTagName("mn"):
            if number.firstChild.data.startswith("-"):  # −1 as a sign and a number
                number.firstChild.data = number.firstChild.data[1:]
                negative = self.dom.createElement("mrow")
                number.parentNode.replaceChild(negative, number)
                negative.appendChild(self._sign("-"))
                negative.appendChild(number)
        for sign in row.getElementsByTagName("mo"):
            if sign.firstChild is not None and sign.firstChild.data == "-":
                sign.firstChild.data = MINUS
        return row.firstChild.toxml().encode("ascii", "xmlcharrefreplace").decode()

    def _as_ordered_terms(self, expr: sp.Expr, order: str | None = None) -> list[sp.Expr]:
        return note_order(super()._as_ordered_terms(expr, order))

    def _fenced(self, element):  # -> xml.dom.minidom.Element
        row = self.dom.createElement("mrow")
        for part in (self._sign("("), element, self._sign(")")):
            row.appendChild(part)
        return row

    def _sign(self, text: str):  # -> xml.dom.minidom.Element
        sign = self.dom.createElement("mo")
        sign.appendChild(self.dom.createTextNode(text))
        return sign

    def _negated(self, term: sp.Expr):  # -> xml.dom.minidom.Element
        """``−term`` without its sign: bracketed when it is a sum (``−(a + b)``, written)."""
        positive = -term
        return self._fenced(self._print(positive)) if positive.is_Add else self._print(positive)

    def _print_Add(self, expr: sp.Expr, order: str | None = None):  # -> Element
        row = self.dom.createElement("mrow")
        for k, term in enumerate(self._as_ordered_terms(expr, order=order)):
            if term.is_Add:  # a sum written inside a sum: bracketed, as in LaTeX
                if k:
                    row.appendChild(self._sign("+"))
                row.appendChild(self._fenced(self._print(term)))
                continue
            negative = term.could_extract_minus_sign()
            if k or negative:
                row.appendChild(self._sign("-" if negative else "+"))
            row.appendChild(self._negated(term) if negative else self._print(term))
        return row

    def _print_Mul(self, expr: sp.Expr):  # -> xml.dom.minidom.Element
        written = isinstance(expr, sp.Mul) and len(expr.args) == 2 and expr.args[0] == -1
        if written and expr.args[1].is_Add:  # −(a + b) written unevaluated: keep the brackets
            row = self.dom.createElement("mrow")
            row.appendChild(self._sign("-"))
            row.appendChild(self._negated(expr))
            return row
        return super()._print_Mul(expr)

    def _print_Sum(self, expr: sp.Sum):  # -> xml.dom.minidom.Element
        """``Σ_k p_k log p̂_k``: the summand bracketed only when it is a sum, as in LaTeX."""
        row = super()._print_Sum(expr)
        if not expr.function.is_Add:
            row.replaceChild(self._print(expr.function), row.lastChild)
        return row

    def _print_Pow(self, expr: sp.Pow):  # -> xml.dom.minidom.Element
        if expr.exp.is_Integer and expr.exp > 1:
            base = self._print(expr.base)
            if base.tagName in ("msup", "msubsup"):
                power = self.dom.createElement("msup")
                power.appendChild(self._fenced(base))
                power.appendChild(self._print(expr.exp))
                return power
            if base.tagName == "msub":  # p̂_k²: the exponent beside the index, not above it
                power = self.dom.createElement("msubsup")
                for child in (*base.childNodes, self._print(expr.exp)):
                    power.appendChild(child)
                return power
        return super()._print_Pow(expr)

    def _print_polygamma(self, expr: sp.Expr):  # -> xml.dom.minidom.Element
        order, argument = expr.args
        name = self.dom.createElement("mi")
        name.appendChild(self.dom.createTextNode("ψ"))
        if order != 0:
            scripted = self.dom.createElement("msub")
            scripted.appendChild(name)
            scripted.appendChild(self._print(order))
            name = scripted
        row = self.dom.createElement("mrow")
        row.appendChild(name)
        row.appendChild(self._fenced(self._print(argument)))
        return row

    def _print_Function(self, expr: sp.Expr):  # -> xml.dom.minidom.Element
        words = oracle_words(expr)
        if words is None:
            return super()._print_Function(expr)
        name = self.dom.createElement("mtext")
        name.appendChild(self.dom.createTextNode(words))
        arguments = self.dom.createElement("mrow")
        for k, argument in enumerate(expr.args):
            if k:
                arguments.appendChild(self._sign(","))
            arguments.appendChild(self._print(argument))
        row = self.dom.createElement("mrow")
        row.appendChild(name)
        row.appendChild(self._fenced(arguments))
        return row

    def _print_Indexed(self, expr: sp.Indexed):  # -> xml.dom.minidom.Element
        rollout, entry = (None, expr.indices)
        if isinstance(expr.base, WrittenBase):
            rollout, entry = expr.base.split(expr.indices)
        base = self._print(expr.base)
        if not entry and rollout is None:
            return base
        if len(entry) == 1:
            script = self._print(entry[0])
        else:
            script = self.dom.createElement("mrow")
            for k, index in enumerate(entry):
                if k:
                    comma = self.dom.createElement("mo")
                    comma.appendChild(self.dom.createTextNode(","))
                    script.appendChild(comma)
                script.appendChild(self._print(index))
        if rollout is None:
            node = self.dom.createElement("msub")
            node.appendChild(base)
            node.appendChild(script)
            return node
        upper = self.dom.createElement("mrow")
        for part in ("(", rollout, ")"):
            if isinstance(part, str):
                bracket = self.dom.createElement("mo")
                bracket.appendChild(self.dom.createTextNode(part))
                upper.appendChild(bracket)
            else:
                upper.appendChild(self._print(part))
        if not entry:
            node = self.dom.createElement("msup")
            node.appendChild(base)
            node.appendChild(upper)
            return node
        node = self.dom.createElement("msubsup")
        for child in (base, script, upper):
            node.appendChild(child)
        return node


def mathml_body(expr: sp.Basic) -> str:
    """An expression as presentation MathML in the note's notation (no ``<math>`` element)."""
    return NoteMathML().doprint(readable(expr))


def math_element(body: str, display: bool = True) -> str:
    """Presentation MathML markup wrapped in a ``<math>`` element (block or inline)."""
    mode = "block" if display else "inline"
    return f'<math xmlns="http://www.w3.org/1998/Math/MathML" display="{mode}">{body}</math>'


def note_mathml(expr: sp.Basic, display: bool = True) -> str:
    """An expression as a ``<math>`` element in the note's notation."""
    return math_element(mathml_body(expr), display)
