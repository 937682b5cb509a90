"""SymPy symbols that print as the note writes them.

A ``Written`` symbol carries its LaTeX (``Written("Rbar", r"\\bar R", real=True)`` prints
``\\bar R``) and its presentation MathML; a ``WrittenBase`` is an indexed base whose label is
a ``Written`` symbol, and which knows whether its first index is a rollout
(``phat[g, i]`` prints ``\\hat p^{(g)}_i``).  SymPy's printers call ``_latex`` and
``_mathml_presentation`` on the object itself, so a printer needs no table of names.  The
model's symbols (``symbolic.note.model``) and the names a derivation writes
(``symbolic.note.notation``) are built from these two classes.
"""

from __future__ import annotations

from typing import Any

import sympy as sp


class Written(sp.Symbol):
    """A symbol with the note's LaTeX (``latex``) and MathML (``mathml``, presentation markup
    of one ``<mi>``-like element; by default ``<mi>`` of ``text``)."""

    latex: str
    mathml: str

    def __new__(
        cls, name: str, latex: str, mathml: str | None = None, **assumptions: Any
    ) -> Written:
        symbol = super().__new__(cls, name, **assumptions)
        symbol.latex = latex
        symbol.mathml = mathml if mathml is not None else f"<mi>{name}</mi>"
        return symbol

    def __getnewargs_ex__(self) -> tuple[tuple, dict]:
        return (self.name, self.latex, self.mathml), self._assumptions_orig

    def _latex(self, printer: Any = None, **settings: Any) -> str:
        return self.latex

    def _mathml_presentation(self, printer: Any = None, **settings: Any) -> Any:
        return presentation_element(printer, self.mathml)


def presentation_element(printer: Any, markup: str) -> Any:
    """The presentation MathML ``markup`` (one element) as a node of ``printer``'s document."""
    from xml.dom.minidom import parseString

    node = parseString(markup).documentElement
    return printer.dom.importNode(node, True)


def mi(text: str, variant: str | None = None) -> str:
    """``<mi>text</mi>`` (``mathvariant="normal"`` for upright names such as KL)."""
    shown = f' mathvariant="{variant}"' if variant else ""
    return f"<mi{shown}>{text}</mi>"


def hat(base: str) -> str:
    """``base`` with a circumflex over it, in presentation MathML."""
    return f'<mover accent="true">{base}<mo>^</mo></mover>'


def bar(base: str) -> str:
    """``base`` with a bar over it, in presentation MathML."""
    return f'<mover accent="true">{base}<mo>‾</mo></mover>'  # U+203E: drawn full width


def sub(base: str, script: str) -> str:
    """``base`` with a subscript, in presentation MathML."""
    return f"<msub>{base}{script}</msub>"


class WrittenBase(sp.IndexedBase):
    """An indexed base labelled by a ``Written`` symbol: a vector ``p_i`` (entries addressed
    by one index).  Subclasses say how the indices print."""

    entries: int = 1
    """How many trailing indices address an entry (1 for a vector, 0 for a scalar)."""
    per_rollout: bool = False
    """Whether one more leading index is the rollout, printed as a superscript ``^{(g)}``."""

    def split(self, indices: tuple[sp.Expr, ...]) -> tuple[sp.Expr | None, tuple[sp.Expr, ...]]:
        """(the rollout index or None, the entry's indices)."""
        if self.per_rollout and len(indices) > self.entries:
            return indices[0], indices[1:]
        return None, indices


class RolloutVector(WrittenBase):
    """A vector per rollout: ``phat[g, i]`` is ``\\hat p^{(g)}_i`` (``phat[i]`` one vector)."""

    per_rollout = True


class RolloutValue(WrittenBase):
    """A scalar per rollout: ``R[g]`` is ``R^{(g)}``."""

    entries = 0
    per_rollout = True
