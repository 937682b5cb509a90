"""The ledger's and the derivations' prose as LaTeX: words in text mode, each run of inline
math in one math mode, its names printed by SymPy.

The prose is Unicode (``the soft-target reward R(p̂) = Σ_i p_i log p̂_i``).  ``tokens`` cuts
it into words and math by a small grammar (``TOKEN``):

* a *name* is a letter (Latin or Greek) with its accents (``p̂``, ``R̄``), primes and ``*``,
  and sub- and superscripts (``p̂_i``, ``σ̂_KL``, ``R^(g)``, ``E_{p̂'∼π}``); the note's own
  names (``σ̂_KL``, ``Â_STD``, ``KL̄``, ``p̂*``, ...) are its SymPy objects
  (``symbolic.note.notation``), any other name a SymPy ``Symbol``/``Indexed`` built from it;
* an *operator* is one of ``OPERATORS`` (``=``, ``−``, ``‖``, ``∼``, ``→``, ``Σ``, ...);
* a function word (``log``, ``KL``, ``odds``, ...) is math when it applies to something
  (a bracket or a name follows), a word otherwise;
* a number is math next to math; a bracket pair is math when everything inside it is (or a
  math name applies to it); a lone ``a``, ``A`` or ``I`` before a word is the article or
  pronoun; a claim id (``drift_to_vertex``) is set in typewriter.

A math run is a maximal sequence of math tokens (with the spaces between them); it is set in
one ``$…$``, each name printed by ``NotePrinter`` and each operator from its table.  Text is
escaped for LaTeX.  A character with no LaTeX form is a ``GrpoSigmaError``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import sympy as sp

from ..errors import GrpoSigmaError
from ..note import notation as n
from .printer import note_latex

GREEK = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "ε": "epsilon",
    "κ": "kappa",
    "μ": "mu",
    "π": "pi",
    "σ": "sigma",
    "φ": "varphi",
    "ψ": "psi",
    "Φ": "Phi",
    "δ": "delta",
    "η": "eta",
    "θ": "theta",
    "λ": "lambda",
    "ν": "nu",
    "ρ": "rho",
    "τ": "tau",
    "ω": "omega",
    "Γ": "Gamma",
    "Δ": "Delta",
    "Λ": "Lambda",
    "Ψ": "Psi",
    "Ω": "Omega",
}
"""Greek letters of the prose and the names SymPy prints them by."""

OPERATORS = {
    "=": "=",
    "+": "+",
    "−": "-",
    "·": r"\cdot",
    "×": r"\times",
    "/": "/",
    "<": "<",
    ">": ">",
    "≥": r"\geq",
    "≤": r"\leq",
    "≠": r"\neq",
    "≈": r"\approx",
    "∝": r"\propto",
    "∼": r"\sim",
    "→": r"\to",
    "∈": r"\in",
    "‖": r"\|",
    "|": r"\mid",
    "⟨": r"\langle",
    "⟩": r"\rangle",
    "²": "^{2}",
    "³": "^{3}",
    "₀": "_{0}",
    "₁": "_{1}",
    "₂": "_{2}",
    "₃": "_{3}",
    "₄": "_{4}",
    "₅": "_{5}",
    "₆": "_{6}",
    "₇": "_{7}",
    "₈": "_{8}",
    "₉": "_{9}",
    "½": r"\tfrac{1}{2}",
    "∞": r"\infty",
    "∂": r"\partial",
    "∇": r"\nabla",
    "√": r"\surd",
    "Σ": r"\sum",
    "±": r"\pm",
}
"""Operators and signs of inline math, as LaTeX in math mode."""

FUNCTIONS = {
    "log": r"\log",
    "exp": r"\exp",
    "sqrt": r"\operatorname{sqrt}",
    "logit": r"\operatorname{logit}",
    "odds": r"\operatorname{odds}",
    "argmax": r"\operatorname*{argmax}",
    "KL": r"\mathrm{KL}",
    "Var": r"\operatorname{Var}",
    "Beta": r"\operatorname{Beta}",
    "Bernoulli": r"\operatorname{Bernoulli}",
    "Dirichlet": r"\operatorname{Dirichlet}",
}
"""Words that are math when they apply to something (``log p̂``, ``Beta(5, 1)``)."""

WRITTEN_AS = {
    "σ̂_KL": n.sigma_KL,
    "σ̂_R": n.sigma_R,
    "Â_STD": n.A_STD,
    "R̄": n.R_bar,
    "KL̄": n.KL_bar,
    "μ_R": n.mu_R,
    "p̂*": n.phat_star,
    "z_KL": n.z_kl.label,
}
"""The note's names as the prose writes them, and the objects that print them."""
WRITTEN = {unicodedata.normalize("NFD", k): v for k, v in WRITTEN_AS.items()}

TEXT = {
    "…": r"\ldots{}",
    "—": "---",
    "–": "--",
    "‘": "`",
    "’": "'",
    "“": "``",
    "”": "''",
}
"""Characters of the words around the math, as LaTeX text."""

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
ACCENTS = {"\u0302": "hat", "\u0304": "bar"}
ARTICLES = {"a", "A", "I"}
ABBREVIATIONS = ("i.i.d.", "e.g.", "i.e.", "vs.")

_SCRIPT_BODY = rf"\{{[^{{}}]*\}}|\([^()]*\)|[≤≥]?[A-Za-z0-9{''.join(GREEK)}]+"
_SCRIPT = rf"(?:[_^](?:{_SCRIPT_BODY}))"
SCRIPT = re.compile(rf"([_^])({_SCRIPT_BODY})")
_LETTER = "A-Za-z" + "".join(GREEK)
TOKEN = re.compile(
    rf"(?P<abbreviation>{'|'.join(map(re.escape, ABBREVIATIONS))})"
    rf"|(?P<written>{'|'.join(map(re.escape, sorted(WRITTEN, key=len, reverse=True)))})"
    rf"(?![{_LETTER}_^])"
    r"|(?P<identifier>[A-Za-z]{2,}(?:_[A-Za-z0-9]+)+|[A-Za-z](?:_[A-Za-z0-9]+){2,}"
    r"|(?<![A-Za-z0-9)\]}])_[A-Za-z][A-Za-z0-9_]*)"
    r"|(?P<possessive>'s(?![A-Za-z]))"
    rf"|(?P<word>[A-Za-z]{{2,}}(?:'[a-z]+)?{_SCRIPT}*)"
    rf"|(?P<name>[{_LETTER}][\u0302\u0304]*[′'*]*{_SCRIPT}*)"
    rf"|(?P<sum>Σ{_SCRIPT}*)"
    r"|(?P<number>\d+(?:\.\d+)?(?:e-?\d+)?)"
    r"|(?P<open>[(\[⟨{])|(?P<close>[)\]⟩}])"
    rf"|(?P<script>{_SCRIPT})"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    """A token of the prose: its kind (a group of ``TOKEN``), its text, and whether it is
    math."""

    kind: str
    text: str
    math: bool = False


class Upright(sp.Symbol):
    """A name of several letters set upright (``STD``, ``KL`` in ``σ̂_KL``)."""

    def _latex(self, printer: object) -> str:
        return rf"\mathrm{{{self.name}}}"


class Blackboard(sp.Symbol):
    """``E``, the expectation, set in blackboard bold."""

    def _latex(self, printer: object) -> str:
        return rf"\mathbb{{{self.name}}}"


class Typeset(sp.Symbol):
    """A sub- or superscript that is itself a run of inline math (``a∼p``), typeset."""

    def _latex(self, printer: object) -> str:
        return math_latex(self.name)


class Superscripted(sp.Basic):
    """A name with a superscript that is itself inline math (``σ̂^(−k)``)."""

    def _latex(self, printer: object) -> str:
        base, script = self.args
        return f"{{{printer._print(base)}}}^{{{printer._print(script)}}}"


def _script_object(script: str) -> sp.Basic:
    """What a sub- or superscript (without ``_``/``^`` and its braces) stands for."""
    if script.isdigit():
        return sp.Integer(script)
    if script.isalpha() and len(script) > 1 and script not in GREEK:
        return Upright(script)
    if len(script) == 1 and script.isalpha():
        return sp.Symbol(GREEK.get(script, script))
    return Typeset(script)


def _split_scripts(text: str) -> tuple[str, list[tuple[str, str]]]:
    """``σ̂_KL^(g)`` → (``σ̂``, [(``_``, ``KL``), (``^``, ``(g)``)])."""
    head = re.match(r"[^_^]*", text).group(0)
    found = SCRIPT.finditer(text, len(head))
    return head, [(m[1], m[2][1:-1] if m[2][0] == "{" else m[2]) for m in found]


def name_object(text: str) -> sp.Basic:
    """The SymPy object of a name of the prose (``p̂_i``, ``σ_a``, ``R^(g)``, ``p̂*``)."""
    text = unicodedata.normalize("NFD", text)
    if text in WRITTEN:
        return WRITTEN[text]
    head, scripts = _split_scripts(text)
    letter, rest = head[0], head[1:]
    name = GREEK.get(letter, letter)
    star = ""
    for mark in rest:
        if mark in ACCENTS:
            name += ACCENTS[mark]
        elif mark in "′'":
            name += "prime"
        elif mark == "*":
            star = "^*"
    symbol = Blackboard("E") if name == "E" else sp.Symbol(name + star)
    subscripts = [_script_object(body) for mark, body in scripts if mark == "_"]
    supers = [body for mark, body in scripts if mark == "^"]
    if supers and re.fullmatch(r"\(?[A-Za-z0-9]+\)?", supers[0]):
        symbol = sp.Symbol(f"{name}{star}^{supers[0]}")
    elif supers:
        symbol = Superscripted(symbol, Typeset(supers[0]))
    return sp.IndexedBase(symbol)[tuple(subscripts)] if subscripts else symbol


def tokens(text: str) -> list[Token]:
    """The prose's tokens, each marked as math or text (see the module's grammar)."""
    text = unicodedata.normalize("NFD", text).replace("=\u0338", "≠")
    found = [Token(m.lastgroup or "other", m.group(0)) for m in TOKEN.finditer(text)]
    marked = [_mark(found, k) for k in range(len(found))]
    for k, token in enumerate(marked):  # "a log p̂": the outcome a, not the article
        after = _next_solid(marked, k, 1)
        if token.kind == "name" and not token.math and after is not None and after.math:
            marked[k] = Token("name", token.text, True)
    marked = _brackets(marked)
    for k, token in enumerate(marked):  # (log p̂)': a prime on math
        before = marked[k - 1] if k else None
        if token.text in "′'" and before and before.math and before.kind in ("close", "name"):
            marked[k] = Token("prime", token.text, True)
    for k, token in enumerate(marked):
        if token.kind == "number" and not token.math:
            near = (_next_solid(marked, k, -1), _next_solid(marked, k, 1))
            if any(t is not None and t.math and t.kind != "number" for t in near):
                marked[k] = Token("number", token.text, True)
    return marked


def _next_solid(found: list[Token], k: int, step: int) -> Token | None:
    k += step
    while 0 <= k < len(found) and found[k].kind == "space":
        k += step
    return found[k] if 0 <= k < len(found) else None


def _mark(found: list[Token], k: int) -> Token:
    token = found[k]
    after = _next_solid(found, k, 1)
    glued = k + 1 < len(found) and found[k + 1].kind == "open"
    if token.kind in ("written", "sum", "script"):
        return Token(token.kind, token.text, True)
    if token.kind == "name":
        article = token.text in ARTICLES and after is not None and after.kind == "word"
        return Token(token.kind, token.text, not article)
    if token.kind == "word":
        word = re.match(r"[A-Za-z]+", token.text).group(0)
        scripted = len(word) < len(token.text)
        applies = glued or (
            after is not None and after.kind in ("name", "written") and after.text not in ARTICLES
        )
        return Token(token.kind, token.text, word in FUNCTIONS and (applies or scripted))
    if token.kind == "other":
        return Token(token.kind, token.text, token.text in OPERATORS)
    return token


def _brackets(marked: list[Token]) -> list[Token]:
    """A bracket pair is math when every token inside it is math (or a number or a comma)
    and there is a name or an operator inside it or a math name applied to it."""
    out = list(marked)
    stack: list[int] = []
    for k, token in enumerate(out):
        if token.kind == "open":
            stack.append(k)
        elif token.kind == "close" and stack:
            start = stack.pop()
            inside = [t for t in out[start + 1 : k] if t.kind != "space" and t.text != ","]
            solid = [t for t in inside if t.kind != "number"]
            before = _next_solid(out, start, -1)
            applied = before is not None and before.math and before.kind != "close"
            if all(t.math or t.kind == "number" for t in inside) and (solid or applied):
                out[start] = Token("open", out[start].text, True)
                out[k] = Token("close", token.text, True)
                for j in range(start + 1, k):
                    if out[j].text == "," or out[j].kind == "number":
                        out[j] = Token(out[j].kind, out[j].text, True)
    return out


def _token_latex(token: Token) -> str:
    if token.kind in ("written", "name"):
        return note_latex(name_object(token.text))
    if token.kind == "script":
        body = token.text[1:]
        return f"{token.text[0]}{{{math_latex(body[1:-1] if body[0] == '{' else body)}}}"
    if token.kind == "sum":
        _, scripts = _split_scripts(token.text)
        return r"\sum" + "".join(f"{mark}{{{math_latex(body)}}}" for mark, body in scripts)
    if token.kind == "word":
        word = re.match(r"[A-Za-z]+", token.text).group(0)
        rest = token.text[len(word) :]
        if word == "KL" and rest.startswith("^"):
            return note_latex(n.kl[_script_object(rest[2:-1] if rest[1] == "(" else rest[1:])])
        _, scripts = _split_scripts(rest)
        shown = FUNCTIONS.get(word, rf"\mathrm{{{word}}}")
        return shown + "".join(f"{mark}{{{math_latex(body)}}}" for mark, body in scripts)
    if token.kind == "space":
        return " "
    if token.kind == "prime":
        return "'"
    if token.kind in ("open", "close"):
        return {"⟨": r"\langle ", "⟩": r"\rangle ", "{": r"\{", "}": r"\}"}.get(
            token.text, token.text
        )
    if token.kind == "number" or token.text == ",":
        return token.text
    if token.text in OPERATORS:
        return OPERATORS[token.text]
    return rf"\text{{{_text_latex(token)}}}"  # punctuation in a script


def _joined(pieces: list[str]) -> str:
    """LaTeX pieces in a row, a space after a control word that a letter follows."""
    out = ""
    for piece in pieces:
        if re.search(r"\\[A-Za-z]+$", out) and piece[:1].isalpha():
            out += " "
        out += piece
    return out.strip()


def math_latex(text: str) -> str:
    """A run of inline math (no ``$``) as LaTeX math."""
    return _joined([_token_latex(Token(t.kind, t.text, True)) for t in tokens(text)])


def _text_latex(token: Token) -> str:
    if token.kind == "identifier":
        return rf"\texttt{{{identifier_latex(token.text)}}}"
    out = []
    for char in token.text:
        if char in ESCAPES:
            out.append(ESCAPES[char])
        elif char in TEXT:
            out.append(TEXT[char])
        elif char.isascii():
            out.append(char)
        else:
            shown = unicodedata.normalize("NFC", token.text)
            raise GrpoSigmaError(f"no LaTeX form for {char!r} (U+{ord(char):04X}) in {shown!r}")
    return "".join(out)


def text_latex(text: str) -> str:
    """Prose of the ledger and the derivations as LaTeX: words escaped in text mode, each
    math run in one ``$…$`` (see the module's grammar)."""
    out = []
    for token_run in _runs(text):
        math, run = token_run
        if math:
            out.append("$" + _joined([_token_latex(t) for t in run]) + "$")
        else:
            out.append("".join(_text_latex(t) for t in run))
    return "".join(out)


def _runs(text: str) -> list[tuple[bool, list[Token]]]:
    runs: list[tuple[bool, list[Token]]] = []
    for token in tokens(text):
        math = token.math or (token.kind == "space" and bool(runs) and runs[-1][0])
        if runs and runs[-1][0] == math:
            runs[-1][1].append(token)
        else:
            runs.append((math, [token]))
    out: list[tuple[bool, list[Token]]] = []
    for math, run in runs:
        trailing = []
        while math and run and run[-1].kind == "space":
            trailing.insert(0, run.pop())
        out.append((math, run))
        if trailing:
            out.append((False, trailing))
    return out


def identifier_latex(name: str) -> str:
    """An identifier (a claim or derivation id) as LaTeX text: special characters escaped."""
    return "".join(ESCAPES.get(char, char) for char in name)


def heading_latex(text: str) -> str:
    """A section title: ``text_latex`` in the document, plain ASCII in the PDF bookmarks."""
    plain = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            continue
        shown = GREEK.get(char) or {"−": "-"}.get(char, char)
        plain.append(shown)
    bookmark = "".join(ESCAPES.get(c, c) for c in "".join(plain) if c.isascii())
    return rf"\texorpdfstring{{{text_latex(text)}}}{{{bookmark}}}"


def markdown_latex(text: str) -> str:
    """Markdown prose with ``$…$`` math (a figure's caption) as LaTeX: the math kept as
    written, the words around it through ``text_latex``."""
    parts = text.split("$")
    if len(parts) % 2 == 0:
        raise GrpoSigmaError(f"unbalanced $ in {text!r}")
    return "".join(f"${part}$" if k % 2 else text_latex(part) for k, part in enumerate(parts))
