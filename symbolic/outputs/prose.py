"""The ledger's and the derivations' prose (Unicode: ``p̂``, ``σ̂_KL``, ``R^(g)``, ``‖``) as LaTeX
text: accents, Greek letters and sub- and superscripts in math mode, LaTeX's special
characters escaped.  The equations themselves are printed by SymPy
(``symbolic.outputs.printer``); this module only carries the words around them."""

from __future__ import annotations

import re
import unicodedata

from ..errors import GrpoSigmaError

TEXT_TOKENS = {
    unicodedata.normalize("NFD", "KL̄"): r"\overline{\mathrm{KL}}",
    "…": r"\ldots",
    "—": "---",
    "–": "--",
    "‘": "`",
    "’": "'",
    "“": "``",
    "”": "''",
}
"""Runs of text with a fixed LaTeX form (outside math)."""

MATH_CHARACTERS = {
    "α": r"\alpha",
    "β": r"\beta",
    "γ": r"\gamma",
    "√": r"\surd",
    "ε": r"\epsilon",
    "κ": r"\kappa",
    "μ": r"\mu",
    "π": r"\pi",
    "φ": r"\varphi",
    "Φ": r"\Phi",
    "∇": r"\nabla",
    "⟨": r"\langle",
    "⟩": r"\rangle",
    "½": r"\tfrac{1}{2}",
    "′": r"^{\prime}",
    "σ": r"\sigma",
    "ψ": r"\psi",
    "Σ": r"\Sigma",
    "‖": r"\|",
    "−": "-",
    "∝": r"\propto",
    "∼": r"\sim",
    "→": r"\to",
    "∞": r"\infty",
    "≥": r"\geq",
    "≤": r"\leq",
    "≈": r"\approx",
    "≠": r"\neq",
    "∈": r"\in",
    "·": r"\cdot",
    "×": r"\times",
    "²": "^{2}",
    "³": "^{3}",
    "±": r"\pm",
    "∂": r"\partial",
}
"""Characters of the ledger's and the derivations' prose that LaTeX sets in math mode."""

ACCENTS = {"\u0302": r"\hat", "\u0304": r"\bar"}
ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "~": r"\textasciitilde{}",
    "_": r"\_",
    "^": r"\^{}",
}
_SCRIPT = re.compile(r"([_^])(\{[^{}]*\}|\([^()]*\)|[A-Za-z0-9]+)")


def _math_char(char: str) -> str | None:
    if char in MATH_CHARACTERS:
        return MATH_CHARACTERS[char]
    return char if char.isascii() and char.isalnum() else None


def identifier_latex(name: str) -> str:
    """An identifier (a claim or derivation id) as LaTeX text: special characters escaped."""
    return "".join(ESCAPES.get(char, char) for char in name)


def text_latex(text: str) -> str:
    """Prose of the ledger and the derivations (with ``p̂``, ``σ̂_KL``, ``R^(1)``, ``‖``, ...)
    as LaTeX text: accents, Greek letters and sub- and superscripts in math mode, LaTeX's
    special characters escaped.  ``GrpoSigmaError`` for a character with no LaTeX form."""
    text = unicodedata.normalize("NFD", text).replace("=\u0338", "≠")  # NFD splits ≠
    out: list[str] = []
    k = 0
    while k < len(text):
        token = next((t for t in TEXT_TOKENS if text.startswith(t, k)), None)
        if token:
            tex = TEXT_TOKENS[token]
            out.append(rf"\ensuremath{{{tex}}}" if tex.startswith(r"\overline") else tex)
            k += len(token)
            continue
        char = text[k]
        accent = ACCENTS.get(text[k + 1]) if k + 1 < len(text) else None
        script = _SCRIPT.match(text, k) if char in "_^" else None
        if accent and _math_char(char):
            out.append(rf"\ensuremath{{{accent}{{{_math_char(char)}}}}}")
            k += 2
        elif script:
            inner = script.group(2)
            if inner[0] in "{":
                inner = inner[1:-1]
            body = rf"\mathrm{{{inner}}}" if inner.isalpha() and len(inner) > 1 else None
            out.append(rf"\ensuremath{{{char}{{{body or text_latex(inner)}}}}}")
            k = script.end()
        elif char in MATH_CHARACTERS:
            out.append(rf"\ensuremath{{{MATH_CHARACTERS[char]}}}")
            k += 1
        elif char in ESCAPES:
            out.append(ESCAPES[char])
            k += 1
        elif char.isascii():
            out.append(char)
            k += 1
        else:
            raise GrpoSigmaError(f"no LaTeX form for {char!r} (U+{ord(char):04X}) in {text!r}")
    return "".join(out)


def heading_latex(text: str) -> str:
    """A section title: ``text_latex`` in the document, plain ASCII in the PDF bookmarks."""
    plain = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            continue
        shown = MATH_CHARACTERS.get(char, char)
        plain.append(shown.lstrip("\\") if shown.lstrip("\\").isalpha() else shown)
    bookmark = "".join(ESCAPES.get(c, c) for c in "".join(plain) if c.isascii())
    return rf"\texorpdfstring{{{text_latex(text)}}}{{{bookmark}}}"


def markdown_latex(text: str) -> str:
    """Markdown prose with ``$…$`` math (a figure's caption) as LaTeX: the math kept as
    written, the words around it through ``text_latex``."""
    parts = text.split("$")
    if len(parts) % 2 == 0:
        raise GrpoSigmaError(f"unbalanced $ in {text!r}")
    return "".join(f"${part}$" if k % 2 else text_latex(part) for k, part in enumerate(parts))
