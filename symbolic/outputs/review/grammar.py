"""A side of a draft's relation, LaTeX → SymPy, through SymPy's LaTeX grammar.

The grammar is SymPy's ``parse_latex`` with its Lark backend (no new dependency, the LALR
grammar SymPy ships and tests; latex2sympy2_extended would add an ANTLR runtime for
little more coverage).  It reads arithmetic: ``+ - \\cdot \\times``, ``\\frac``, powers,
``\\sqrt``, ``\\log``/``\\ln``/``\\exp``, ``\\min``/``\\max``, ``|x|``, ``\\binom``, ``!``.
What it does not read is rewritten first, by a scanner that replaces each such construct by
a placeholder symbol standing for its SymPy meaning:

- names: letters, Greek letters, ``\\hat``/``\\bar``/``\\tilde``/``\\mathrm``/``\\operatorname``
  …, with subscripts that are part of the name (``\\pi_\\theta``) or an index (``r_i``,
  ``x_{j+1}``, ``R^{(1)}``: an entry of a family), primes and ``^*``;
- decimals as exact rationals (``0.520`` is 52/100, never a float);
- ``\\sum``/``\\prod`` with ``_{i=1}^{G}`` or ``_{j \\ne i}`` (over the draft's size), the
  operand running to the next ``+``/``-`` outside brackets;
- ``\\lim_{n \\to \\infty}``, ``\\frac{d}{dx}``, ``\\frac{\\partial f}{\\partial x}``,
  ``\\nabla_x``;
- ``\\mathbb{E}_{a \\sim \\mathrm{Bernoulli}(p)}[f]`` (a named finite distribution);
- function applications ``f(x)`` (a SymPy ``Function``; the symbol table substitutes the
  draft's definition), ``\\mathrm{clip}(x, a, b)``, ``\\operatorname{sign}``, ``\\sigma``
  where the draft defines it.

Anything else raises ``Unreadable`` naming the construct (``cannot read `\\foo```).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

import sympy as sp

from .latex import (
    Unreadable,
    _atom_end,
    _base_name,
    _ends_factor,
    _group,
    _matching,
    _optional,
    _peek,
    _short,
    _split_commas,
    _starts_factor,
    _subscript,
    _superscript,
    _term_end,
    one_reading,
)
from .vocabulary import (
    DECORATIONS,
    FUNCTIONS,
    GREEK,
    INDEX_LETTERS,
    SPACING,
    SPELLINGS,
    STATISTICS,
    WORDS,
    _statistic,
)


def _code(n: int) -> str:
    letters = ""
    while True:
        letters = string.ascii_lowercase[n % 26] + letters
        n //= 26
        if n == 0:
            return letters


@dataclass
class Grammar:
    """Reads sides of relations; ``functions`` are the names the draft defines as
    functions, ``size`` the draft's group size (for ``\\sum_{j \\ne i}``)."""

    functions: frozenset[str] = frozenset()
    size: sp.Expr | None = None
    held: dict[str, sp.Expr] = field(default_factory=dict)

    # ---------------------------------------------------------------------- entry point
    def read(self, tex: str, bound: frozenset[str] = frozenset()) -> sp.Expr:
        """The SymPy expression of ``tex`` (``bound``: index names bound by a sum around)."""
        text = tex
        for pattern, replacement in SPELLINGS:
            text = re.sub(pattern, replacement, text)
        text = SPACING.sub(" ", text).strip()
        if not text:
            raise Unreadable("an empty side")
        rewritten = self._rewrite(text, bound)
        return self._parse(rewritten, tex)

    def _parse(self, rewritten: str, tex: str) -> sp.Expr:
        from lark import Tree
        from sympy.parsing.latex import parse_latex

        if re.fullmatch(r"\s*\\omega_\{[a-z]+\}\s*", rewritten):
            return self.held[rewritten.strip()[len("\\omega_{") : -1]]
        try:
            parsed = parse_latex(rewritten, backend="lark")
        except Exception:  # noqa: BLE001 - any failure of the grammar: not readable
            raise Unreadable(f"cannot read `{_short(tex)}`") from None
        parsed = one_reading(parsed, Tree)
        if parsed is None:
            raise Unreadable(f"`{_short(tex)}` is ambiguous to the grammar")
        if not isinstance(parsed, sp.Expr):
            raise Unreadable(f"`{_short(tex)}` is not an expression")
        meaning = {
            s: self.held[s.name[len("omega_{") : -1]]
            for s in parsed.free_symbols
            if s.name.startswith("omega_{") and s.name[len("omega_{") : -1] in self.held
        }
        return parsed.xreplace(meaning)

    def _hold(self, value: sp.Expr) -> str:
        key = _code(len(self.held))
        self.held[key] = value
        return f"\\omega_{{{key}}}"

    # ------------------------------------------------------------------------ scanning
    def _rewrite(self, tex: str, bound: frozenset[str]) -> str:
        out: list[str] = []
        pos = 0
        while pos < len(tex):
            char = tex[pos]
            if char == "\\":
                piece, pos = self._command(tex, pos, bound)
            elif char.isalpha():
                piece, pos = self._name(tex, pos, bound)
            elif char.isdigit() or (char == "." and tex[pos + 1 : pos + 2].isdigit()):
                found = re.compile(r"\d*\.?\d+").match(tex, pos)
                number = found.group(0)
                piece = self._hold(sp.Rational(number)) if "." in number else number
                pos = found.end()
            elif char in "[]":
                piece, pos = ("(" if char == "[" else ")"), pos + 1
            elif char in "+-*/=()<>{}^_!|, &":
                piece, pos = (" " if char == "&" else char), pos + 1
            elif char == "\n" or char == "\t":
                piece, pos = " ", pos + 1
            else:
                raise Unreadable(f"cannot read `{char}`")
            if _starts_factor(piece) and _ends_factor("".join(out[-3:])):
                out.append("\\cdot ")  # juxtaposition is a product, written out for Lark
            out.append(piece)
        return "".join(out)

    def _command(self, tex: str, pos: int, bound: frozenset[str]) -> tuple[str, int]:
        found = re.compile(r"\\([A-Za-z]+|.)").match(tex, pos)
        name, end = found.group(1), found.end()
        if name in ("{", "}"):
            raise Unreadable(f"cannot read `\\{name}` (a set)")
        if name == "frac":
            return self._frac(tex, pos, end, bound)
        if name in ("log", "exp", "min", "max"):
            return self._function_word(tex, end, name, bound)
        if name == "sqrt":
            degree, after = _optional(tex, end)
            radicand, after = _group(tex, after)
            if radicand is None:
                raise Unreadable("cannot read `\\sqrt` without braces")
            root = sp.Integer(2) if degree is None else self.read(degree, bound)
            return self._hold(sp.root(self.read(radicand, bound), root)), after
        if name == "binom":
            top, after = _group(tex, end)
            bottom, after = _group(tex, after)
            if top is None or bottom is None:
                raise Unreadable("cannot read `\\binom` without two groups")
            return self._hold(sp.binomial(self.read(top, bound), self.read(bottom, bound))), after
        if name in ("cdot", "times"):
            return "\\cdot ", end
        if name == "div":
            return "/", end
        if name == "infty":
            return self._hold(sp.oo), end
        if name in ("sum", "prod"):
            return self._sum(tex, end, name, bound)
        if name == "lim":
            return self._limit(tex, end, bound)
        if name == "nabla":
            variable, end = _subscript(tex, end)
            if variable is None:
                raise Unreadable("cannot read `\\nabla` without its variable")
            return self._derivative(tex, end, variable, bound)
        if name == "E":
            return self._expectation(tex, end, bound)
        if name in GREEK or name in DECORATIONS or name in WORDS:
            return self._name(tex, pos, bound)
        if name in ("dots", "cdots", "ldots"):
            raise Unreadable(f"cannot read `\\{name}` (write the sum with \\sum)")
        raise Unreadable(f"cannot read `\\{name}`")

    # ------------------------------------------------------------------------- names
    def _name(self, tex: str, pos: int, bound: frozenset[str]) -> tuple[str, int]:
        base, end = _base_name(tex, pos)
        word = base.startswith("\\mathrm{") or base.startswith("\\operatorname{")
        plain = re.sub(r"\\(?:mathrm|operatorname|text|textrm|rm)\{(.*)\}", r"\1", base)
        index: list[sp.Expr] = []
        prime = re.compile(r"'+").match(tex, end)
        if prime:
            base, end = base + "'", prime.end()
        sub, after = _subscript(tex, end)
        if sub is not None:
            as_index = self._index(sub, bound)
            if as_index is None:
                base, end = f"{base}_{{{sub.strip()}}}", after
            else:
                index, end = as_index, after
        label = re.compile(r"\s*\^\s*(\{\s*\((\d+|[a-z])\)\s*\}|\(\d+\)|\{?\s*(\*|\\star)\s*\}?)")
        labelled = label.match(tex, end)
        if labelled and labelled.group(2) and not index:
            index, end = [self._index_value(labelled.group(2), bound)], labelled.end()
        elif labelled and not labelled.group(2):
            base, end = base + "^*", labelled.end()
        sign = re.compile(r"\s*\^\s*(?:\{\s*([+-])\s*\}|([+-])(?![\d{(\\A-Za-z]))").match(tex, end)
        if sign and not index:
            base, end = base + "^" + (sign.group(1) or sign.group(2)), sign.end()
        primes = re.compile(r"'+|\^\{?\\prime\}?").match(tex, end)
        if primes:
            base, end = base + "'", primes.end()
        if base == "e" and not index:
            return self._hold(sp.E), end
        if base == "\\pi" and not index and _peek(tex, end) != "(":
            pass  # the policy's letter stays a name
        if _peek(tex, end) == "(":
            named = base if not index else f"{base}_{{{sub.strip()}}}"
            call = self._call(tex, end, named, plain, word, bound)
            if call is not None:
                return call
        if base in bound and not index:
            return self._hold(sp.Symbol(base, integer=True)), end
        symbol: sp.Expr = sp.Symbol(base)
        if index:
            symbol = sp.IndexedBase(base)[tuple(index)]
        if word and plain in FUNCTIONS:
            raise Unreadable(f"cannot read `{base}` without its argument")
        return self._hold(symbol), end

    def _index(self, sub: str, bound: frozenset[str]) -> list[sp.Expr] | None:
        """The subscript as index values, or None if it is part of the name."""
        parts = [p.strip() for p in sub.split(",")]
        values = []
        for part in parts:
            if not re.fullmatch(r"[A-Za-z0-9+\- ]+", part) or re.search(r"[A-Za-z]{2}", part):
                return None
            letters = set(re.findall(r"[a-z]", part))
            if not letters <= (INDEX_LETTERS | bound):
                return None
            values.append(self._index_value(part, bound))
        return values

    @staticmethod
    def _index_value(part: str, bound: frozenset[str]) -> sp.Expr:
        symbols = {c: sp.Symbol(c, integer=True) for c in set(re.findall(r"[a-z]", part))}
        symbols |= {c: sp.Symbol(c) for c in set(re.findall(r"[A-Z]", part))}  # a size: T + 1
        return sp.sympify(part, locals=symbols)

    def _call(
        self, tex: str, at: int, base: str, plain: str, word: bool, bound: frozenset[str]
    ) -> tuple[str, int] | None:
        """``f(x, y)``: an application, if ``f`` is a function (the draft's, a known word, or
        a name applied to names); None where it is a product (``p(1 - p)``)."""
        opening = tex.index("(", at)
        closing = _matching(tex, opening)
        inside = tex[opening + 1 : closing]
        args = _split_commas(inside)
        applied = (
            base in self.functions
            or (word and plain in FUNCTIONS)
            or len(args) > 1
            or bool(re.fullmatch(r"\s*\\?[A-Za-z]+(_\{?\\?[A-Za-z0-9]+\}?)?\s*", inside))
        )
        if not applied:
            return None
        values = [self.read(arg, bound) for arg in args]
        if word and plain in STATISTICS and len(values) == 1 and isinstance(values[0], sp.Symbol):
            if self.size is None:
                raise Unreadable(f"cannot read `{plain}` without the draft's size")
            return self._hold(_statistic(plain, values[0].name, self.size)), closing + 1
        if word and plain in FUNCTIONS:
            try:
                return self._hold(FUNCTIONS[plain](*values)), closing + 1
            except TypeError:
                raise Unreadable(f"`{plain}` takes other arguments") from None
        return self._hold(sp.Function(base)(*values)), closing + 1

    # ------------------------------------------------------------- binders and operators
    def _sum(self, tex: str, end: int, kind: str, bound: frozenset[str]) -> tuple[str, int]:
        sub, end = _subscript(tex, end)
        upper, end = _superscript(tex, end)
        if sub is None:
            raise Unreadable(f"cannot read `\\{kind}` without its range")
        ranged = re.fullmatch(r"\s*([a-z])\s*=\s*(.+)", sub)
        excluded = re.fullmatch(r"\s*([a-z])\s*(?:\\neq?|\\not=|!=)\s*([a-z0-9])\s*", sub)
        if ranged and upper is not None:
            index = ranged.group(1)
            low = self.read(ranged.group(2), bound)
            high = self.read(upper, bound)
        elif excluded and upper is None and self.size is not None:
            index, low, high = excluded.group(1), sp.Integer(1), self.size
        elif re.fullmatch(r"\s*[a-z]\s*", sub) and upper is None and self.size is not None:
            index, low, high = sub.strip(), sp.Integer(1), self.size
        else:
            raise Unreadable(f"cannot read `\\{kind}_{{{sub.strip()}}}` (no range 1..n)")
        stop = _term_end(tex, end)
        operand = self.read(tex[end:stop], bound | {index})
        variable = sp.Symbol(index, integer=True)
        if excluded and upper is None:
            other = self._index_value(excluded.group(2), bound)
            term = operand.xreplace({variable: other})
            whole = sp.Sum(operand, (variable, low, high))
            value = (
                whole - term if kind == "sum" else sp.Product(operand, (variable, low, high)) / term
            )
        else:
            value = (sp.Sum if kind == "sum" else sp.Product)(operand, (variable, low, high))
        return self._hold(value), stop

    def _function_word(
        self, tex: str, end: int, name: str, bound: frozenset[str]
    ) -> tuple[str, int]:
        """``\\log x``, ``\\log_2(x)``, ``\\exp(x)``, ``\\min(a, b)``: the argument read
        here (one atom where there are no parentheses), the function applied."""
        base = None
        if name == "log":
            base, end = _subscript(tex, end)
        elif _peek(tex, end) == "_":
            raise Unreadable(f"cannot read `\\{name}_{{…}}` (an optimum over a set)")
        if _peek(tex, end) == "(":
            opening = tex.index("(", end)
            stop = _matching(tex, opening) + 1
            args = [self.read(a, bound) for a in _split_commas(tex[opening + 1 : stop - 1])]
        else:
            stop = _atom_end(tex, end)
            if stop == end:
                raise Unreadable(f"cannot read `\\{name}` without its argument")
            args = [self.read(tex[end:stop], bound)]
        if name in ("min", "max"):
            return self._hold((sp.Min if name == "min" else sp.Max)(*args)), stop
        if len(args) != 1:
            raise Unreadable(f"cannot read `\\{name}` of {len(args)} arguments")
        if name == "exp":
            return self._hold(sp.exp(args[0])), stop
        value = sp.log(args[0])
        if base is not None:
            value = value / sp.log(self.read(base, bound))
        return self._hold(value), stop

    def _limit(self, tex: str, end: int, bound: frozenset[str]) -> tuple[str, int]:
        sub, end = _subscript(tex, end)
        approach = re.fullmatch(r"\s*(\\?[A-Za-z]+)\s*\\(?:to|rightarrow)\s*(.+)", sub or "")
        if approach is None:
            raise Unreadable("cannot read `\\lim` without `x \\to a`")
        variable = self.read(approach.group(1), bound)
        point = self.read(approach.group(2).replace("+", "").strip(), bound)
        if not isinstance(variable, sp.Symbol):
            raise Unreadable("cannot read `\\lim` of an indexed variable")
        stop = _term_end(tex, end)
        return self._hold(sp.Limit(self.read(tex[end:stop], bound), variable, point)), stop

    def _frac(self, tex: str, pos: int, end: int, bound: frozenset[str]) -> tuple[str, int]:
        numerator, after = _group(tex, end)
        denominator, after2 = _group(tex, after) if numerator is not None else (None, end)
        top = re.fullmatch(r"\s*(?:d|\\partial)\s*(\^\{?(\d)\}?)?\s*(.*)", numerator or "", re.S)
        bottom = re.fullmatch(
            r"\s*(?:d|\\partial)\s*(\\?[A-Za-z]+)\s*(\^\{?(\d)\}?)?\s*", denominator or ""
        )
        if top is None or bottom is None:
            if numerator is None or denominator is None:
                raise Unreadable("cannot read `\\frac` without two groups")
            value = self.read(numerator, bound) / self.read(denominator, bound)
            return self._hold(value), after2
        order = int(top.group(2) or 1)
        variable = bottom.group(1)
        if top.group(3).strip():
            operand = self.read(top.group(3), bound)
            return self._hold(sp.Derivative(operand, (sp.Symbol(variable), order))), after2
        return self._derivative(tex, after2, variable, bound, order)

    def _derivative(
        self, tex: str, end: int, variable: str, bound: frozenset[str], order: int = 1
    ) -> tuple[str, int]:
        stop = _term_end(tex, end)
        operand = self.read(tex[end:stop], bound)
        symbol = self.read(variable, bound)
        if not isinstance(symbol, sp.Symbol):
            raise Unreadable(f"cannot read a derivative in `{variable}`")
        return self._hold(sp.Derivative(operand, (symbol, order))), stop

    def _expectation(self, tex: str, end: int, bound: frozenset[str]) -> tuple[str, int]:
        sub, after = _subscript(tex, end)
        law = re.fullmatch(
            r"\s*(\\?[A-Za-z]+)\s*\\sim\s*\\(?:mathrm|operatorname|text)\{(Bernoulli|Bern)\}"
            r"\s*\((.+)\)\s*",
            sub or "",
        )
        opening = len(tex[:after]) + (len(tex[after:]) - len(tex[after:].lstrip()))
        if law is None or tex[opening : opening + 1] not in ("[", "("):
            raise Unreadable(
                "cannot read `\\mathbb{E}` over a distribution the draft does not name"
            )
        closing = _matching(tex, opening)
        inner = self.read(tex[opening + 1 : closing], bound)
        variable = self.read(law.group(1), bound)
        p = self.read(law.group(3), bound)
        value = p * inner.xreplace({variable: 1}) + (1 - p) * inner.xreplace({variable: 0})
        return self._hold(value), closing + 1
