"""Reviewing a draft: each link read in the draft's own notation, classified, judged.

A link is a definition, an assumption or a non-claim (sampling, a limit's name) by what it
does to the draft's symbol table; every other link is a claim, judged by the kernel on the
draft's domain (``verdicts``).  Links that use the bundled note's objects without defining
them are read in the note's meaning (``note``) and say so.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import sympy as sp
from sympy.core.function import AppliedUndef

from ...errors import GrpoSigmaError
from . import verdicts as v
from .grammar import Grammar, Unreadable
from .note import NOTE_OBJECTS, note_judgement, quote_spans
from .relations import Link, links
from .spans import LineIndex, Span, latex_spans, markdown_spans
from .symbols import Table, definable

BUDGET = 240.0
"""Seconds for a whole review; links left when it runs out are "not checked"."""
CHECK_BUDGET = 2.0
"""Seconds for one check through the kernel at most."""
CASE = re.compile(r"\b(if|when|whenever|case|unless)\b", re.I)
"""Prose that makes ``x = 1`` a case, not a statement (``if a = 1``, ``with equality when``)."""
GIVEN = re.compile(r"\b(take|let|set|suppose|consider|with|fix|choose)\s*$", re.I)
CASE_END = re.compile(r"\b(if|when|whenever|unless|at)\s*$", re.I)
ASSUMING = re.compile(
    r"\b(assum\w*|suppose|let|given|provided|where|with|for all|for every|for each|fix|take|if)\b",
    re.I,
)


@dataclass(frozen=True)
class Row:
    """The review of one link: where, what, the verdict kind and its reason."""

    line: int
    column: int
    relation: str
    kind: str
    reason: str
    counterexample: dict[str, str] | None = None


class Reviewer:
    """Walks the spans of one draft in order, with its symbol table."""

    def __init__(self, source: str, budget: float = BUDGET) -> None:
        self.source = source
        self.index = LineIndex(source)
        self.table = Table()
        self.deadline = time.monotonic() + budget
        self.heading: str | None = None
        self.quotes: list[tuple[int, int, str]] | None = None
        self.rows: list[Row] = []
        self.sampled: set[str] = set()
        self.ends = set(re.findall(r"\\sum_\{?[a-z]\s*=\s*\d\}?\^\{?([A-Z])\}?", source))

    # ------------------------------------------------------------------------- walking
    def span(self, span: Span, carried: str | None) -> str | None:
        if span.heading != self.heading:
            self.table.end_example()
            self.heading = span.heading
        found, last = links(span.tex, span.offset, carried)
        before = _prose_before(span)
        for link in found:
            line, column = self.index.where(link.offset)
            shown = f"{link.lhs} {link.relation} {link.rhs}"
            try:
                judgement = self._judge(link, span, before)
            except (ValueError, TypeError, AttributeError, RecursionError) as error:
                # SymPy rejected what the reading built: say so, never a traceback
                judgement = v.Judgement("not checked", f"cannot check: {type(error).__name__}")
            self.rows.append(
                Row(line, column, shown, judgement.kind, judgement.reason, judgement.counterexample)
            )
        return last

    def _judge(self, link: Link, span: Span, before: str) -> v.Judgement:
        note = [m.group(0) for m in NOTE_OBJECTS.finditer(link.whole)]
        if (
            note
            and not any(self.table.is_bound(_note_name(n)) for n in note)
            and link.relation != ":="
        ):
            judgement = self._note(link, span)
            unread = judgement.kind == "not checked" and "not read" in judgement.reason
            if not (
                unread and link.relation == "=" and re.match(r"\s*\\?[A-Za-z]+\s*\(", link.lhs)
            ):
                return judgement
            # the note cannot read this definition of one of its letters: the draft's own
        if link.relation == "∼":
            self.sampled.add(link.lhs.strip())
            return v.Judgement("non-claim", "a sampling statement")
        if (
            link.relation == "="
            and re.fullmatch(r"-?[\d.]+", link.rhs)
            and (link.lhs.strip() in self.sampled or CASE.search(before[-30:]))
        ) or (
            link.relation == "=" and CASE.search(before[-30:]) and re.fullmatch(r"\\?\w+", link.rhs)
        ):
            return v.Judgement("non-claim", f"a case ({link.lhs} = {link.rhs}), not a statement")
        if link.relation in ("∈", "∉"):
            return self._membership(link)
        names = [n.strip() for n in link.lhs.split(",")]
        if (
            len(names) > 1
            and link.relation in ("<", ">", "≤", "≥")
            and all(re.fullmatch(r"\\?[A-Za-z]+(_\{?\w+\}?)?", n) for n in names)
        ):
            each = [self._judge(replace(link, lhs=n), span, before) for n in names]
            if all(j.kind == "assumption" for j in each):
                return v.Judgement("assumption", "; ".join(j.reason for j in each))
            return next(j for j in each if j.kind != "assumption")
        if link.relation == "→" and re.fullmatch(r"\\?[A-Za-z]+", link.lhs):
            return v.Judgement("non-claim", f"names the limit {link.lhs} → {link.rhs}")
        if time.monotonic() > self.deadline:
            return v.Judgement("not checked", f"the review's budget ({BUDGET:.0f} s) ran out")
        grammar = Grammar(functions=self.table.functions(), size=self._size())
        try:
            lhs, rhs = grammar.read(link.lhs), grammar.read(link.rhs)
        except Unreadable as error:
            return v.Judgement("not checked", str(error))
        except (RecursionError, GrpoSigmaError) as error:
            return v.Judgement("not checked", f"cannot read: {error}")
        if link.relation == "=" and self._restipulates(lhs, rhs, before):
            self.table.bind(lhs, self.table.substitute(rhs), example=True)
            return v.Judgement("definition", f"the value of {_plain(str(lhs))} for this example")
        if (
            link.relation == "="
            and isinstance(lhs, sp.Symbol | sp.Indexed)
            and CASE_END.search(before[-30:])
        ):
            return v.Judgement("non-claim", f"a case ({link.lhs} = {link.rhs}), not a statement")
        if link.relation == ":=" or (link.relation == "=" and self._defines(lhs, rhs)):
            return self._define(lhs, rhs, before)
        if link.relation == "=" and self._constrains(lhs, rhs):
            return v.Judgement("assumption", "a constraint: the entries lie on a simplex")
        if link.relation in ("<", ">", "≤", "≥", "≠") and self._assumes(lhs, rhs, link, before):
            return self._assume(lhs, rhs, link.relation)
        return self._claim(link, lhs, rhs)

    def _note(self, link: Link, span: Span) -> v.Judgement:
        if self.quotes is None:
            self.quotes = quote_spans(self.source)
        end = span.offset + len(span.tex)
        ids = tuple(dict.fromkeys(c for s, e, c in self.quotes if s < end and span.offset < e))
        return note_judgement(link.relation, link.lhs, link.rhs, link.whole, ids)

    def _size(self) -> sp.Symbol | None:
        """The draft's one size: the one it assumes, else the one its sums run to."""
        named = sorted(self.table.sizes) or sorted(self.ends)
        return sp.Symbol(named[0]) if len(named) == 1 else None

    # -------------------------------------------------------------- what binds, restricts
    def _defines(self, lhs: sp.Expr, rhs: sp.Expr) -> bool:
        if isinstance(lhs, sp.Pow) and lhs.exp == 2 and isinstance(lhs.base, sp.Symbol):
            lhs = lhs.base  # σ̂² = …: defines σ̂ ≥ 0
        if not definable(lhs):
            return False
        name = _head_name(lhs)
        if self.table.is_bound(name):
            return False
        return name not in {_head_name(a) for a in _heads(rhs)}

    def _restipulates(self, lhs: sp.Expr, rhs: sp.Expr, before: str) -> bool:
        """An example's value for a name the draft defined in terms of free variables
        (``p = σ(z)``, then "at p = 0.9"): a value given, not a claim."""
        if not isinstance(lhs, sp.Symbol | sp.Indexed) or not self.table.is_bound(_head_name(lhs)):
            return False
        if not self.table.substitute(rhs).is_number or not self._example(before):
            return False
        given = CASE_END.search(before[-30:]) or GIVEN.search(before[-30:])
        return bool(given) or not self.table.substitute(lhs).is_number

    def _example(self, before: str) -> bool:
        """A value given in an example section, or introduced as one ("take", "let")."""
        cue = re.search(
            r"\b(take|let|set|suppose|consider|say|with|for|e\.g\.|fix|choose)\b",
            before,
            re.I,
        )
        return "example" in (self.heading or "").lower() or bool(cue)

    def _define(self, lhs: sp.Expr, rhs: sp.Expr, before: str) -> v.Judgement:
        if isinstance(lhs, sp.Pow) and lhs.exp == 2 and isinstance(lhs.base, sp.Symbol):
            name = self.table.bind(lhs.base, sp.sqrt(self.table.substitute(rhs)))
            return v.Judgement("definition", f"defines {_plain(name)} ≥ 0 by its square")
        if not definable(lhs):
            return v.Judgement("not checked", "defines something that is not a name")
        value = self.table.substitute(rhs)
        stipulated = value.is_number and (isinstance(lhs, sp.Symbol) or isinstance(lhs, sp.Indexed))
        if stipulated and not self._example(before):
            return v.Judgement(
                "non-claim", f"a case ({_plain(str(lhs))} = {value}), not a statement"
            )
        name = self.table.bind(lhs, value, example=stipulated)
        if stipulated:
            return v.Judgement("definition", f"the value of {_plain(name)} for this example")
        return v.Judgement("definition", f"defines {_plain(name)}")

    def _constrains(self, lhs: sp.Expr, rhs: sp.Expr) -> bool:
        """``q_1 + q_2 = 1`` of free names: a constraint, recorded as a simplex."""
        total, one = (lhs, rhs) if rhs == 1 else (rhs, lhs)
        if one != 1 or not isinstance(total, sp.Add) or len(total.args) < 2:
            return False
        terms = total.args
        if not all(isinstance(t, sp.Symbol | sp.Indexed) for t in terms):
            return False
        if any(self.table.is_bound(_head_name(t)) or self.table.is_bound(str(t)) for t in terms):
            return False
        self.table.simplices.append(tuple(sorted(terms, key=str)))
        return True

    def _assumes(self, lhs: sp.Expr, rhs: sp.Expr, link: Link, before: str) -> bool:
        names = {_head_name(a) for a in _heads(lhs) | _heads(rhs)}
        stated = bool(re.search(r"\b(assum\w*|suppose)\b", before, re.I))
        if any(self.table.is_bound(n) for n in names):
            return stated
        single = [e for e in (lhs, rhs) if isinstance(e, sp.Symbol | sp.Indexed)]
        constant = [e for e in (lhs, rhs) if not e.free_symbols]
        return (
            (len(single) == 1 and len(constant) == 1)
            or len(single) == 2
            or (stated and bool(names))
        )

    def _assume(self, lhs: sp.Expr, rhs: sp.Expr, relation: str) -> v.Judgement:
        subject, other, flipped = (lhs, rhs, False) if lhs.free_symbols else (rhs, lhs, True)
        if relation in ("<", ">", "≤", "≥") and (other.free_symbols or subject.free_symbols):
            if other.free_symbols:
                large, small = (lhs, rhs) if relation in (">", "≥") else (rhs, lhs)
                self.table.relations.append((large - small, relation in ("<", ">")))
                return v.Judgement(
                    "assumption", "an assumption between variables: a failing point must meet it"
                )
        if relation == "≠" or other.free_symbols or not isinstance(subject, sp.Symbol | sp.Indexed):
            return v.Judgement("assumption", "an assumption of the draft (not a domain bound)")
        name = _head_name(subject)
        if isinstance(subject, sp.Indexed) and all(i.is_number for i in subject.indices):
            name = str(subject)  # one entry: q_1 > 0
        above = (relation in (">", "≥")) != flipped
        strict = relation in ("<", ">")
        if self.table.is_size(name) and other.is_number and not isinstance(subject, sp.Indexed):
            if above:
                minimum = int(sp.floor(other)) + (1 if strict or not other.is_integer else 0)
                self.table.assume_size(name, max(minimum, 1))
                return v.Judgement(
                    "assumption", f"{_plain(name)} is an integer ≥ {self.table.sizes[name]}"
                )
        if above:
            self.table.assume(name, other, None, (not strict, False))
        else:
            self.table.assume(name, None, other, (False, not strict))
        return v.Judgement("assumption", f"the domain of {_plain(name)}")

    def _membership(self, link: Link) -> v.Judgement:
        names = [n.strip() for n in link.lhs.split(",")]
        target = link.rhs.replace(" ", "")
        interval = re.fullmatch(r"([(\[])(.+),(.+)([)\]])", target)
        integers = re.fullmatch(r"\\mathbb\{?[NZ]\}?(_\{?(?:>|\\geq?)?0\}?|\^\{?\+\}?)?", target)
        if link.relation == "∉" or (interval is None and integers is None):
            return v.Judgement("assumption", "an assumption of the draft (not a domain bound)")
        grammar = Grammar()
        try:
            subjects = [grammar.read(n) for n in names]
            bounds = (
                (grammar.read(interval.group(2)), grammar.read(interval.group(3)))
                if interval
                else None
            )
        except Unreadable as error:
            return v.Judgement("not checked", str(error))
        for subject in subjects:
            if not isinstance(subject, sp.Symbol | sp.Indexed):
                return v.Judgement("assumption", "an assumption of the draft (not a domain bound)")
            name = _head_name(subject)
            if integers is not None:
                self.table.assume_size(name, 1 if "N" in target and "0" not in target else 1)
            else:
                closed = (interval.group(1) == "[", interval.group(4) == "]")
                self.table.assume(name, bounds[0], bounds[1], closed)
        return v.Judgement(
            "assumption", "the domain of " + ", ".join(_plain(_head_name(s)) for s in subjects)
        )

    # ------------------------------------------------------------------------- claims
    def _claim(self, link: Link, lhs: sp.Expr, rhs: sp.Expr) -> v.Judgement:
        try:
            lhs, rhs = (self._ready(self.table.substitute(e)) for e in (lhs, rhs))
        except GrpoSigmaError as error:
            return v.Judgement("not checked", str(error))
        undefined = sorted(
            {f.func.__name__ for f in (lhs.atoms(AppliedUndef) | rhs.atoms(AppliedUndef))}
        )
        if undefined:
            return v.Judgement(
                "not checked", f"the draft does not define the function {_plain(undefined[0])}"
            )
        try:
            lhs, rhs, fixed = _free_indices(lhs, rhs, link.condition)
        except GrpoSigmaError as error:
            return v.Judgement("not checked", str(error))
        lhs, rhs, scaled = self._between(lhs, rhs)
        fixed = ", ".join(t for t in (fixed, scaled) if t)
        context = self._context([lhs, rhs])
        if context is None:
            return v.Judgement(
                "not checked", "a symbol of the relation has no domain the kernel reads"
            )
        if fixed:
            context.taken = ", ".join([context.taken, fixed] if context.taken else [fixed])
        limited = [e for e in (lhs, rhs) if isinstance(e, sp.Limit)]
        if limited and link.relation in ("=", "≈"):
            inner, other = (lhs, rhs) if isinstance(lhs, sp.Limit) else (rhs, lhs)
            expr, variable, point = inner.args[0], inner.args[1], inner.args[2]
            if other.has(sp.Limit):
                return v.Judgement("not checked", "limits on both sides")
            return v.tends(expr, other, variable, point, context)
        if lhs.has(sp.Limit) or rhs.has(sp.Limit):
            return v.Judgement("not checked", "a limit inside a larger expression")
        if link.relation == "=":
            return v.equal(lhs, rhs, context, link.rhs)
        if link.relation in ("<", ">", "≤", "≥"):
            return v.order(lhs, rhs, link.relation, context)
        if link.relation == "≠":
            return v.differ(lhs, rhs, context)
        if link.relation == "≈":
            return v.approximately(
                lhs, rhs, link.rhs, context, self._limit_variable(link, lhs, rhs)
            )
        if link.relation == "→":
            variable = self._limit_variable(link, lhs, rhs)
            if variable is None:
                return v.Judgement(
                    "not checked", "→ without the variable that tends (write `as n \\to \\infty`)"
                )
            point = (
                sp.oo
                if link.limit is None or "infty" in link.limit[1]
                else sp.sympify(link.limit[1].replace("^+", ""))
            )
            return v.tends(lhs, rhs, variable, point, context)
        if link.relation == "∝":
            return v.proportional(lhs, rhs, context)
        return v.Judgement("not checked", f"the relation {link.relation} is not read")

    def _between(self, lhs: sp.Expr, rhs: sp.Expr) -> tuple[sp.Expr, sp.Expr, str]:
        """``lo < k < G`` (``k`` bounded below by a number, above by a variable): ``k`` is
        written ``lo + (G − lo)·u`` with ``u ∈ (0, 1)``, the same domain in intervals."""
        present = lhs.free_symbols | rhs.free_symbols
        for gap, _ in self.table.relations:
            pieces = sp.Add.make_args(gap)
            if len(pieces) != 2:
                continue
            large = next((t for t in pieces if isinstance(t, sp.Symbol)), None)
            small = next((-t for t in pieces if isinstance(-t, sp.Symbol)), None)
            if large is None or small is None or small not in present:
                continue
            low = self.table.intervals.get(small.name, (None, None))[0]
            if low is None or not low.is_number or not low.is_finite:
                continue
            unit = sp.Symbol(f"u_{small.name}")
            self.table.intervals.setdefault(unit.name, (sp.Integer(0), sp.Integer(1)))
            value = low + (large - low) * unit
            span = (
                f"{_plain(large.name)}·u"
                if low == 0
                else f"{low} + ({_plain(large.name)} − {low})·u"
            )
            shown = f"{_plain(small.name)} = {span}, u ∈ (0, 1)"
            return lhs.xreplace({small: value}), rhs.xreplace({small: value}), shown
        return lhs, rhs, ""

    def _ready(self, expr: sp.Expr) -> sp.Expr:
        if expr.has(sp.Derivative):
            expr = expr.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())
        return expr

    def _limit_variable(self, link: Link, lhs: sp.Expr, rhs: sp.Expr) -> sp.Symbol | None:
        if link.limit is not None:
            try:
                variable = Grammar().read(link.limit[0])
            except Unreadable:
                return None
            return variable if isinstance(variable, sp.Symbol) else None
        sizes = [
            s
            for s in (lhs.free_symbols | rhs.free_symbols)
            if isinstance(s, sp.Symbol) and self.table.is_size(s.name)
        ]
        return sizes[0] if len(sizes) == 1 else None

    def _context(self, exprs: list[sp.Expr]) -> v.Context | None:
        budget = max(0.5, min(CHECK_BUDGET, self.deadline - time.monotonic()))
        intervals: dict = {}
        sizes: dict = {}
        taken: list[str] = []
        logged = set().union(*(_logged(e) for e in exprs))
        lengths = _family_lengths(exprs)
        symbols = set().union(*(e.free_symbols for e in exprs))
        labels = {a.base.label for e in exprs for a in e.atoms(sp.Indexed)}
        for symbol in sorted(symbols, key=str):
            if isinstance(symbol, sp.Indexed) or symbol in labels:
                continue
            name = symbol.name
            if name in self.table.intervals:
                intervals[symbol] = self.table.intervals[name]
                taken += _open(name, self.table.closed.get(name))
            elif self.table.is_size(name) and (
                name in self.table.sizes
                or symbol in lengths.values()
                or symbol.is_real is not False
            ):
                sizes[symbol] = self.table.sizes.get(name, 1)
            elif symbol in logged:
                intervals[symbol] = (0, sp.oo)
                taken.append(f"{_plain(name)} > 0")
            else:
                intervals[symbol] = (-sp.oo, sp.oo)
        atoms = set().union(*(e.atoms(sp.Indexed) for e in exprs))
        for atom in sorted(atoms, key=str):
            base = atom.base
            name = str(base.label)
            lo_hi = self.table.intervals.get(str(atom), self.table.intervals.get(name))
            if lo_hi is None:
                lo_hi = (0, sp.oo) if atom in logged or base in logged else (-sp.oo, sp.oo)
                if lo_hi[0] == 0:
                    taken.append(f"{_plain(name)} > 0")
            if base in lengths:
                intervals[base] = (*lo_hi, lengths[base])
            elif atom.free_symbols - {base.label} <= set() or all(
                i.is_number for i in atom.indices
            ):
                intervals[atom] = lo_hi
            else:
                return None
        for length in lengths.values():
            if isinstance(length, sp.Symbol) and length not in sizes and length not in intervals:
                sizes[length] = self.table.sizes.get(length.name, 1)
        simplices = []
        present = symbols | atoms
        for vector in self.table.simplices:
            here = [a for a in vector if a in present]
            if len(here) == len(vector):
                simplices.append(list(vector))
                for a in vector:
                    intervals.pop(a, None)
                taken.append(", ".join(_plain(str(a)) for a in vector) + " on the simplex")
            for a in here if len(here) < len(vector) else []:
                intervals[a] = (0, 1)
        return v.Context(
            intervals,
            sizes,
            budget,
            "; ".join(dict.fromkeys(taken)),
            simplices,
            self.table.relations,
        )


# ------------------------------------------------------------------------------ helpers
def _note_name(found: str) -> str:
    return {"\\bar R": "\\bar{R}"}.get(found, found.split("(")[0].split("_")[0])


def _heads(expr: sp.Expr) -> set[sp.Expr]:
    return set(expr.free_symbols) | set(expr.atoms(AppliedUndef)) | set(expr.atoms(sp.Indexed))


def _head_name(expr: sp.Expr) -> str:
    if isinstance(expr, AppliedUndef):
        return expr.func.__name__
    if isinstance(expr, sp.Indexed):
        return str(expr.base.label)
    if isinstance(expr, sp.IndexedBase):
        return str(expr.label)
    return expr.name


def _plain(name: str) -> str:
    return name.replace("\\", "").replace("{", "").replace("}", "")


def _open(name: str, closed: tuple | None) -> list[str]:
    if closed and any(closed):
        return [f"{_plain(name)} on its open interval"]
    return []


def _logged(expr: sp.Expr) -> set:
    """Symbols and families whose logarithm, root or fractional power the expression takes
    directly (``log x``, ``sqrt(x)``, ``log(x y)``)."""
    out: set = set()
    args = [a.args[0] for a in expr.atoms(sp.log)]
    args += [a.base for a in expr.atoms(sp.Pow) if a.exp.is_number and not a.exp.is_integer]
    for arg in args:
        for factor in sp.Mul.make_args(arg):
            base = factor.base if isinstance(factor, sp.Pow) else factor
            if isinstance(base, sp.Symbol):
                out.add(base)
            elif isinstance(base, sp.Indexed):
                out.add(base)
                out.add(base.base)
    return out


def _family_lengths(exprs: list[sp.Expr]) -> dict:
    """Each family indexed by a sum's variable, with the sum's upper bound as its length."""
    lengths: dict = {}
    for expr in exprs:
        for total in expr.atoms(sp.Sum, sp.Product):
            for variable, _, high in total.limits:
                for atom in total.function.atoms(sp.Indexed):
                    if variable in atom.free_symbols:
                        lengths[atom.base] = high
    return lengths


def _free_indices(lhs: sp.Expr, rhs: sp.Expr, condition: str) -> tuple[sp.Expr, sp.Expr, str]:
    """A free index ``i`` (``r_i`` for any i) is fixed at 1: the family's entries share one
    domain, so the claim at i = 1 is the claim at every i, if nothing else names an entry."""
    free = [
        s
        for s in (lhs.free_symbols | rhs.free_symbols)
        if isinstance(s, sp.Symbol) and s.is_integer
    ]
    if not free:
        return lhs, rhs, ""
    concrete = [
        a for e in (lhs, rhs) for a in e.atoms(sp.Indexed) if all(i.is_number for i in a.indices)
    ]
    if concrete:
        raise GrpoSigmaError("a free index beside a named entry (not checked)")
    if len(free) > 1:
        distinct = re.search(r"\\neq?", condition or "")
        if not distinct or len(free) > 2:
            raise GrpoSigmaError("two free indices (not checked)")
    free = sorted(free, key=str)
    values = {s: sp.Integer(k) for k, s in enumerate(free, 1)}
    for expr in (lhs, rhs):
        masked = expr.replace(lambda e: isinstance(e, sp.Indexed), lambda e: sp.Integer(0))
        if masked.free_symbols & set(free):
            raise GrpoSigmaError("an index used as a number (not checked)")
    names = " and ".join(f"{s} = {k}" for s, k in values.items())
    return lhs.subs(values), rhs.subs(values), f"the index at {names} (exchangeable entries)"


def _prose_before(span: Span) -> str:
    """The sentence of the paragraph before the formula."""
    at = span.paragraph.find(span.tex)
    text = span.paragraph[:at] if at >= 0 else span.paragraph
    return re.split(r"(?<=[.!?])\s", text)[-1].rstrip("$ \n")


def review_source(
    source: str,
    latex: bool = False,
    progress: Callable[[int, int], None] | None = None,
    budget: float = BUDGET,
) -> list[Row]:
    """Every link of a draft's source, reviewed in order."""
    spans = latex_spans(source) if latex else markdown_spans(source)
    reviewer = Reviewer(source, budget)
    carried, block = None, None
    for done, span in enumerate(spans, 1):
        if progress is not None:
            progress(done, len(spans))
        if span.block != block:
            carried, block = None, span.block
        carried = reviewer.span(span, carried if span.display else None)
    return reviewer.rows
