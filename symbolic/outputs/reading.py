"""Reading one side of a draft's relation: the note's LaTeX → an expression of the model.

The note's names (``\\hat p``, ``r(\\hat p, a)``, ``\\mu_a``, ``\\sigma_a``, ``R(\\hat p)``,
``H(p)``, ``\\mathrm{KL}(p \\| \\hat p)``, ``A(q, \\hat p)``, ``R^{(g)}``, ``\\bar R``,
``\\hat\\sigma``, ``\\hat A_{\\mathrm{STD}}``, ``\\mathbb{E}[...]``, ``\\sum_i``, ``\\log``) are
replaced by placeholders that stand for their meaning in ``symbolic.note.model``; SymPy's
LaTeX parser (Lark backend) reads the arithmetic that is left (``+``, ``-``, products,
``\\frac``, powers, parentheses).  Sizes are explicit so that the kernel checks concrete
expressions: ``K = 3`` outcomes, a policy on ``M = 2`` support points, groups of ``G = 3``
rollouts; an expectation over the group keeps ``G`` symbolic, with σ̂ held fixed.

A relation is read in one of two settings, fixed by the whole chain: *Bernoulli* (it writes
``r(·, ·)``, ``\\mu_a`` or ``\\sigma_0, \\sigma_1``: a sampled outcome ``a`` and scalar
``p, p̂``) or *soft* (a known target ``p`` on the simplex).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import sympy as sp

from ..errors import GrpoSigmaError
from ..note import model as m
from ..note.vocabulary import expected_centered_reward
from .review.latex import one_reading

OUTCOMES, SUPPORT, GROUP = 3, 2, 3
OUTCOME = sp.Symbol("a", real=True)  # the sampled outcome; checked at a = 0 and a = 1
SUM_INDEX = sp.Symbol("i")  # the index the LaTeX parser gives to \sum_{i=1}^{K}
GROUP_SIZE = sp.Symbol("G", positive=True)
"""G as the prose uses it, a real number > 1: what holds for every real G > 1 holds for every
group size (the integer ``m.G`` has no interval)."""


class Unreadable(GrpoSigmaError):
    """The text uses something the notation table does not define."""


@dataclass(frozen=True)
class Setting:
    """How a chain is read: Bernoulli or soft target; inside an expectation or not."""

    bernoulli: bool
    expectation: bool

    @staticmethod
    def of(chain: str) -> Setting:
        bernoulli = bool(re.search(r"(?<![A-Za-z\\])r\(|\\mu_|\\sigma_\{?[01a]\b", chain))
        return Setting(bernoulli, r"\mathbb{E}" in chain)


# ------------------------------------------------------------------------- the model's atoms
def _vector(base: sp.IndexedBase, row: int | None = None) -> list[sp.Expr]:
    return [base[k] if row is None else base[row, k] for k in range(1, OUTCOMES + 1)]


def _policy_mean(value: Callable[[sp.Expr], sp.Expr]) -> sp.Expr:
    """``E_{p̂'∼π}[f(p̂')]`` on the M = 2 support points."""
    return m.policy_expectation(value, SUPPORT)


def _soft_reward(prediction: sp.IndexedBase, row: sp.Expr | None = None) -> sp.Expr:
    return m.soft_target_reward(m.p, prediction, OUTCOMES, row=row)


def _rollouts(value: Callable[[sp.Expr], sp.Expr]) -> tuple[list[sp.Expr], sp.Expr, sp.Expr]:
    """Values of the G = 3 rollouts, their group mean and population std."""
    values = [value(g) for g in range(1, GROUP + 1)]
    pick = lambda r: values[int(r) - 1]  # noqa: E731
    return values, m.group_mean(pick, GROUP), m.group_std(pick, GROUP)


def _soft_argument(tex: str) -> sp.IndexedBase:
    table = {"p": m.p, r"\hat p": m.phat}
    if tex not in table:
        raise Unreadable(f"cannot read the argument {tex!r} (soft target: p or \\hat p)")
    return table[tex]


# ------------------------------------------------------------------------------ the reader
@dataclass
class Reader:
    """Reads the sides of one chain in one setting; collects what the notation assumes."""

    setting: Setting
    bound: dict[str, sp.Expr] = field(default_factory=dict)
    table: dict[str, sp.Expr] = field(default_factory=dict)
    assumptions: list[str] = field(default_factory=list)

    def read(self, tex: str) -> sp.Expr:
        """The model expression a side of a relation stands for."""
        from lark import Tree
        from sympy.parsing.latex import parse_latex

        arithmetic = self._atomize(_clean(tex))
        if not arithmetic.strip():
            raise Unreadable("empty side")
        try:
            parsed = parse_latex(arithmetic, backend="lark")
        except Exception as error:  # noqa: BLE001 - any parser failure: not readable
            raise Unreadable(f"the LaTeX parser cannot read {tex.strip()!r}") from error
        parsed = one_reading(parsed, Tree)
        if parsed is None:
            raise Unreadable(f"{tex.strip()!r} is ambiguous to the LaTeX parser")
        meaning = {sp.Symbol(name): value for name, value in self.table.items()}
        expr = parsed.xreplace(meaning)
        expr = expr.doit() if expr.has(sp.Sum) else expr
        labels = {a.base.label for a in expr.atoms(sp.Indexed)}
        unknown = sorted(
            str(s)
            for s in expr.free_symbols - labels
            if not isinstance(s, sp.Indexed) and s.name not in _KNOWN
        )
        if unknown:
            raise Unreadable(f"unknown symbol {', '.join(unknown)}")
        return expr

    # -- placeholders
    def _hold(self, value: sp.Expr) -> str:
        letters = "abcdefghjkmnrstuvwxyz"
        n = len(self.table)
        name = f"Z_{{{letters[n // len(letters)]}{letters[n % len(letters)]}}}"
        self.table[name] = value
        return f" {name} "

    def _atomize(self, tex: str) -> str:
        out, pos = [], 0
        while pos < len(tex):
            taken = self._take(tex, pos)
            if taken is None:
                char = tex[pos]
                if char.isalpha() or char == "\\":
                    word = re.match(r"\\?[A-Za-z]+", tex[pos:]).group(0)
                    raise Unreadable(f"the notation table has no {word!r}")
                out.append(char)
                pos += 1
            else:
                text, pos = taken
                out.append(text)
        return re.sub(r"(Z_\{\w+\})\s*\(", r"\1 \\cdot (", "".join(out))

    def _take(self, tex: str, pos: int) -> tuple[str, int] | None:
        """A construct of the notation at ``pos``: (its arithmetic text, the next position)."""
        rest = tex[pos:]
        for pattern, action in self._constructs():
            found = re.match(pattern, rest)
            if found:
                return action(tex, pos, found)
        return None

    def _constructs(self) -> list[tuple[str, Callable]]:
        return [
            (r"\\frac|\\cdot|\\left|\\right", self._verbatim),
            (r"\\sum_\{?i(=1)?\}?(\^\{?K\}?)?", self._sum),
            (r"\\log\s*\(", self._log_call),
            (r"\\log", self._log_atom),
            (r"\\mathbb\{E\}_\{\\hat p'\}\s*\[", self._policy_expectation),
            (r"\\mathbb\{E\}\s*\[\s*\\hat A_\{\\mathrm\{STD\}\}\s*\]", self._expected_advantage),
            (r"(\\mathrm\{KL\}|r|A|R|H)\s*\(", self._call),
            *((p, self._atom) for p in ATOM_PATTERNS),
            (r"\d+(\.\d+)?", self._verbatim),
        ]

    def _verbatim(self, tex: str, pos: int, found: re.Match) -> tuple[str, int]:
        return found.group(0) + " ", pos + found.end()

    def _atom(self, tex: str, pos: int, found: re.Match) -> tuple[str, int]:
        return self._hold(self._atom_value(found.group(0))), pos + found.end()

    def _sum(self, tex: str, pos: int, found: re.Match) -> tuple[str, int]:
        """``\\sum_i body``: the body runs to the next ``+``/``-`` outside brackets."""
        start = pos + found.end()
        end = _term_end(tex, start)
        body = self._atomize(tex[start:end])
        return rf"\sum_{{i=1}}^{{{OUTCOMES}}} ({body})", end

    def _log_call(self, tex: str, pos: int, found: re.Match) -> tuple[str, int]:
        close = _matching(tex, pos + found.end() - 1)
        inner = tex[pos + found.end() : close]
        return self._hold(sp.log(self.read(inner))), close + 1

    def _log_atom(self, tex: str, pos: int, found: re.Match) -> tuple[str, int]:
        start = pos + found.end()
        while start < len(tex) and tex[start] == " ":
            start += 1
        for pattern in ATOM_PATTERNS:
            atom = re.match(pattern, tex[start:])
            if atom:
                return self._hold(sp.log(self._atom_value(atom.group(0)))), start + atom.end()
        raise Unreadable(f"cannot read the argument of \\log in {tex.strip()!r}")

    def _policy_expectation(self, tex: str, pos: int, found: re.Match) -> tuple[str, int]:
        close = _matching(tex, pos + found.end() - 1)
        inner = tex[pos + found.end() : close]
        if not self.setting.bernoulli:
            raise Unreadable("E_{p̂'} is read for Bernoulli predictions only")
        terms = []
        for j in range(1, SUPPORT + 1):
            reader = Reader(self.setting, {**self.bound, r"\hat p'": m.q[j]})
            terms.append(m.w[j] * reader.read(inner))
            self.assumptions += reader.assumptions
        return self._hold(sp.Add(*terms)), close + 1

    def _expected_advantage(self, tex: str, pos: int, found: re.Match) -> tuple[str, int]:
        if self.setting.bernoulli:
            self.assumptions.append(
                "E[Â_STD] = E_{a∼Bernoulli(p)}[(r(p̂, a) − μ_a)/(σ_a + ε)], μ_a and σ_a the "
                "population mean and std of r(p̂', a) over the policy (the population limit)"
            )
            value = m.bernoulli_sigma_normalized_expectation().xreplace(
                {m.mu_0: m.bernoulli_mu(0, SUPPORT), m.mu_1: m.bernoulli_mu(1, SUPPORT)}
            )
        else:
            self.assumptions.append(
                "E[Â_STD] = E[(R^(1) − R̄)/(σ̂ + ε) | p̂^(1) = p̂] over G − 1 i.i.d. "
                "rollouts of the policy"
            )
            sizes = {m.K: OUTCOMES, m.M: SUPPORT}
            centered = expected_centered_reward().subs(sizes).doit()
            value = centered / (m.sigma + m.epsilon)
        return self._hold(value), pos + found.end()

    def _call(self, tex: str, pos: int, found: re.Match) -> tuple[str, int]:
        close = _matching(tex, pos + found.end() - 1)
        args = [a.strip() for a in re.split(r",|\\\|", tex[pos + found.end() : close])]
        return self._hold(self._function(found.group(1), args)), close + 1

    # -- meanings
    def _function(self, name: str, args: list[str]) -> sp.Expr:
        if self.setting.bernoulli:
            if name == "r" and len(args) == 2:
                return m.log_score(self._scalar(args[0]), self._scalar(args[1]))
            if name == "A" and args[0] == "q" and len(args) == 2:
                own = m.bernoulli_expected_log_score(m.p_scalar, self._scalar(args[1]))
                return own - _policy_mean(
                    lambda j: m.bernoulli_expected_log_score(m.p_scalar, m.q[j])
                )
            raise Unreadable(f"{name}({', '.join(args)}) has no Bernoulli meaning")
        if name == "R" and len(args) == 1:
            return _soft_reward(_soft_argument(args[0]))
        if name == "H" and len(args) == 1:
            return m.entropy(_soft_argument(args[0]), OUTCOMES)
        if name == r"\mathrm{KL}" and len(args) == 2:
            target, prediction = map(_soft_argument, args)
            return m.kl_divergence(target, prediction, OUTCOMES)
        if name == "A" and len(args) == 2 and args[0] == "q":
            own = _soft_reward(_soft_argument(args[1]))
            return own - _policy_mean(lambda j: _soft_reward(m.q, row=j))
        raise Unreadable(f"{name}({', '.join(args)}) has no meaning in the notation table")

    def _scalar(self, tex: str) -> sp.Expr:
        if tex in self.bound:
            return self.bound[tex]
        table = {r"\hat p": m.phat_scalar, "p": m.p_scalar, "a": OUTCOME, "0": 0, "1": 1}
        if tex not in table:
            raise Unreadable(f"cannot read the argument {tex!r}")
        return sp.sympify(table[tex])

    def _atom_value(self, tex: str) -> sp.Expr:
        tex = re.sub(r"\s+", " ", tex)
        if tex in self.bound:
            return self.bound[tex]
        if self.setting.bernoulli:
            bernoulli = {
                r"\hat p": m.phat_scalar,
                "p": m.p_scalar,
                "a": OUTCOME,
                r"\epsilon": m.epsilon,
                r"\sigma_0": m.sigma_0,
                r"\sigma_1": m.sigma_1,
                r"\mu_0": m.bernoulli_mu(0, SUPPORT),
                r"\mu_1": m.bernoulli_mu(1, SUPPORT),
                r"\mu_a": m.bernoulli_mu(OUTCOME, SUPPORT),
            }
            key = re.sub(r"_\{(\w)\}", r"_\1", tex)
            if key in bernoulli:
                return sp.sympify(bernoulli[key])
            raise Unreadable(f"{tex!r} has no Bernoulli meaning")
        return self._soft_atom(tex)

    def _soft_atom(self, tex: str) -> sp.Expr:
        rollout = re.fullmatch(r"(R|\\mathrm\{KL\})\^\{\((\d)\)\}", tex)
        rewards, mean_r, std_r = _rollouts(lambda g: _soft_reward(m.phat, row=g))
        kls, mean_kl, std_kl = _rollouts(lambda g: m.kl_divergence(m.p, m.phat, OUTCOMES, row=g))
        if rollout:
            g = int(rollout.group(2))
            if not 1 <= g <= GROUP:
                raise Unreadable(f"rollout {g} outside the group of {GROUP} read here")
            return (rewards if rollout.group(1) == "R" else kls)[g - 1]
        if tex == r"\hat\sigma" and self.setting.expectation:
            self.assumptions.append("σ̂ held fixed (a number, not the group's random std)")
            return m.sigma
        soft = {
            r"\hat p_i": m.phat[SUM_INDEX],
            "p_i": m.p[SUM_INDEX],
            r"\epsilon": m.epsilon,
            "G": GROUP_SIZE,
            r"\bar R": mean_r,
            r"\overline{\mathrm{KL}}": mean_kl,
            r"\hat\sigma": std_r,
            r"\hat\sigma_R": std_r,
            r"\hat\sigma_{\mathrm{KL}}": std_kl,
            r"\hat A_{\mathrm{STD}}": (rewards[0] - mean_r) / (std_r + m.epsilon),
        }
        if tex not in soft:
            raise Unreadable(f"{tex!r} has no meaning for a soft target")
        return soft[tex]


ATOM_PATTERNS = (
    r"\\hat A_\{\\mathrm\{STD\}\}",
    r"\\hat\s*\\sigma_\{\\mathrm\{KL\}\}",
    r"\\hat\s*\\sigma(_R)?",
    r"\\overline\{\\mathrm\{KL\}\}",
    r"\\mathrm\{KL\}\^\{\(\d\)\}",
    r"R\^\{\(\d\)\}",
    r"\\bar\s*R",
    r"\\hat p'",
    r"\\hat p_i",
    r"\\hat p",
    r"\\sigma_(\{[01a]\}|[01a])",
    r"\\mu_(\{[01a]\}|[01a])",
    r"\\(var)?epsilon",
    r"p_i",
    r"[paG](?![A-Za-z])",
)
_KNOWN = {str(s) for s in (m.phat_scalar, m.p_scalar, OUTCOME, m.epsilon, m.sigma, GROUP_SIZE)} | {
    str(m.sigma_0),
    str(m.sigma_1),
    "i",
}


SPELLINGS = (
    (r"\\[,;!:]|\\quad|\\qquad|~|\\left(?![a-z])|\\right(?![a-z])|\\big[lr]?", " "),
    (r"\\varepsilon", r"\\epsilon"),
    (r"\\times", r"\\cdot"),
    (r"\\[dt]frac", r"\\frac"),
    (r"\\ln(?![a-z])", r"\\log"),
    (r"\\(text|operatorname|textrm)\{", r"\\mathrm{"),
    (r"\\parallel|\\Vert|\\mid\\mid", r"\\|"),
    (r"\\mathbb\s*E(?![a-z])", r"\\mathbb{E}"),
    (r"\\(hat|bar)\s*\{\s*(\\?[A-Za-z]+)\s*\}", r"\\\1 \2"),
    (r"\\hat\s*\\sigma", r"\\hat\\sigma"),
    (r"\\mathrm\{KL\}\^\{?\((\d)\)\}?|\\mathrm\{KL\}\^(\d)", r"\\mathrm{KL}^{(\1\2)}"),
    (r"R\^\((\d)\)|R\^\{(\d)\}", r"R^{(\1\2)}"),
    (r"-\s*-", "+"),
    (r"\+\s*-|-\s*\+", "-"),
)
"""Equivalent spellings brought to the note's: spacing dropped, ``\\dfrac``, ``\\ln``,
``\\text{KL}``, ``\\parallel``, ``\\hat{p}``, ``\\bar{R}``, ``R^{(1)}`` written ``R^{1}``;
``--`` read as ``+`` and ``+-`` as ``-``."""


def _clean(tex: str) -> str:
    for pattern, replacement in SPELLINGS:
        tex = re.sub(pattern, replacement, tex)
    return tex.strip().rstrip(".,;").strip()


def _matching(tex: str, opening: int) -> int:
    """Index of the bracket closing the one at ``opening``."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    depth, want = 0, pairs[tex[opening]]
    for k in range(opening, len(tex)):
        if tex[k] == tex[opening]:
            depth += 1
        elif tex[k] == want:
            depth -= 1
            if depth == 0:
                return k
    raise Unreadable(f"unbalanced {tex[opening]!r} in {tex.strip()!r}")


def _term_end(tex: str, start: int) -> int:
    """Where the product term starting at ``start`` ends: a ``+``/``-`` outside brackets."""
    depth = 0
    for k in range(start, len(tex)):
        if tex[k] in "([{":
            depth += 1
        elif tex[k] in ")]}":
            depth -= 1
            if depth < 0:
                return k
        elif tex[k] in "+-" and depth == 0 and tex[start:k].strip():
            return k
    return len(tex)


def instances(expr: sp.Expr) -> list[sp.Expr]:
    """The sampled outcome ``a`` takes the values 0 and 1; other expressions stand as they are."""
    if OUTCOME not in expr.free_symbols:
        return [expr]
    return [expr.xreplace({OUTCOME: v}) for v in (0, 1)]


def sizes_of(*exprs: sp.Expr) -> str:
    """The explicit sizes an expression was read at, in words ("" if none)."""
    bases = {(a.base, len(a.indices)) for e in exprs for a in e.atoms(sp.Indexed)}
    words = []
    if {b for b, _ in bases} & {m.p, m.phat}:
        words.append(f"K = {OUTCOMES} outcomes")
    if (m.phat, 2) in bases:
        words.append(f"a group of {GROUP} rollouts")
    if m.w in {b for b, _ in bases}:
        words.append(f"a policy on M = {SUPPORT} points")
    return ", ".join(words)


def domain_of(*exprs: sp.Expr) -> tuple[dict, list]:
    """Intervals and simplices for the atoms the expressions use, as ``check_identity`` takes
    them: probability vectors on the simplex, probabilities in (0, 1), σ, ε > 0, G > 1."""
    atoms = set().union(*(e.free_symbols | e.atoms(sp.Indexed) for e in exprs))
    indexed = [a for a in atoms if isinstance(a, sp.Indexed)]
    intervals: dict = {}
    simplices: list = []
    for base in (m.p, m.phat, m.q):
        entries = [a for a in indexed if a.base == base]
        for row in sorted({a.indices[0] for a in entries if len(a.indices) == 2}, key=str):
            simplices.append(_vector(base, int(row)))
        singles = [a for a in entries if len(a.indices) == 1]
        if base == m.q:  # Bernoulli support points: each a probability
            intervals.update({a: (0, 1) for a in sorted(singles, key=str)})
        elif singles:
            simplices.append(_vector(base))
    if any(a.base == m.w for a in indexed):
        simplices.append([m.w[j] for j in range(1, SUPPORT + 1)])
    for symbol in (m.p_scalar, m.phat_scalar):
        if symbol in atoms:
            intervals[symbol] = (0, 1)
    for symbol in (m.sigma, m.sigma_0, m.sigma_1, m.epsilon):
        if symbol in atoms:
            intervals[symbol] = (0, sp.oo)
    if GROUP_SIZE in atoms:
        intervals[GROUP_SIZE] = (1, sp.oo)
    return intervals, simplices
