"""What a link does to the draft's symbol table: definitions, values, assumptions.

``Bindings`` is the part of the reviewer that decides whether a relation defines a name
(``x = …`` for a new ``x``, ``:=``), stipulates an example's value, constrains free names
(``q_1 + q_2 = 1``) or assumes a domain (``0 < p < 1``, ``p \\in (0, 1)``), and records it in
the table (``symbols``).
"""

from __future__ import annotations

import re

import sympy as sp

from . import verdicts as v
from .grammar import Grammar, Unreadable
from .relations import Link
from .symbols import Table, _head_name, _heads, _plain, definable

GIVEN = re.compile(r"\b(take|let|set|suppose|consider|with|fix|choose)\s*$", re.I)
CASE_END = re.compile(r"\b(if|when|whenever|unless|at)\s*$", re.I)


class Bindings:
    """The reviewer's definitions and assumptions, on its ``table`` within its section."""

    table: Table
    heading: str | None

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
