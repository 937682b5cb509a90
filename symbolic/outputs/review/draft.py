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

from ...errors import GrpoSigmaError
from . import verdicts as v
from .bindings import CASE_END, Bindings
from .claims import Claims
from .grammar import Grammar, Unreadable
from .note import NOTE_OBJECTS, note_judgement, quote_spans
from .relations import Link, links
from .spans import LineIndex, Span, latex_spans, markdown_spans
from .symbols import Table, _plain

BUDGET = 240.0
"""Seconds for a whole review; links left when it runs out are "not checked"."""
CASE = re.compile(r"\b(if|when|whenever|case|unless)\b", re.I)
"""Prose that makes ``x = 1`` a case, not a statement (``if a = 1``, ``with equality when``)."""
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


class Reviewer(Bindings, Claims):
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


# ------------------------------------------------------------------------------ helpers
def _note_name(found: str) -> str:
    return {"\\bar R": "\\bar{R}"}.get(found, found.split("(")[0].split("_")[0])


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
