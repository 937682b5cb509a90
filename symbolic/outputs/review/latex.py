"""Scanning LaTeX source for the review's grammar: brackets, groups, scripts, extents.

Each helper reads at a position of the source and returns what it found with the position
after it: a ``{…}`` group, a sub- or superscript, the bracket matching an opening, the extent
of a name, an atom (``\\log x``) or a term (a sum's operand).  ``Unreadable`` is the error of
anything the grammar cannot read.
"""

from __future__ import annotations

import re

import sympy as sp

from ...errors import GrpoSigmaError
from .vocabulary import GREEK, WORDS


class Unreadable(GrpoSigmaError):
    """A construct the grammar cannot read: the message names it."""


def _short(tex: str) -> str:
    tex = " ".join(tex.split())
    return tex if len(tex) <= 40 else tex[:39] + "…"


def _starts_factor(piece: str) -> bool:
    return piece[:1] == "(" or piece[:1].isdigit() or piece.startswith("\\omega")


def _ends_factor(emitted: str) -> bool:
    last = emitted.rstrip()[-1:]
    return last in (")", "}") or last.isdigit()


def _atom_end(tex: str, pos: int) -> int:
    """The end of the argument of ``\\log x``: one name with its scripts and call, one
    number, one ``\\frac{…}{…}`` or one ``{…}`` group."""
    rest = tex[pos:]
    at = pos + len(rest) - len(rest.lstrip())
    if tex.startswith("\\frac", at):
        _, after = _group(tex, at + 5)
        _, after = _group(tex, after)
        return after
    if tex[at : at + 1] == "{":
        return _matching(tex, at) + 1
    number = re.compile(r"\d*\.?\d+").match(tex, at)
    if number:
        return number.end()
    if not (tex[at : at + 1].isalpha() or tex[at : at + 1] == "\\"):
        return pos
    _, end = _base_name(tex, at)
    for mark in ("_", "^"):
        _, end = _script(tex, end, mark)
    if _peek(tex, end) == "(":
        end = _matching(tex, tex.index("(", end)) + 1
    return end


def _peek(tex: str, pos: int) -> str:
    rest = tex[pos:].lstrip()
    return rest[:1]


def _base_name(tex: str, pos: int) -> tuple[str, int]:
    """A name without subscript: ``x``, ``\\alpha``, ``\\hat{x}``, ``\\mathrm{KL}``."""
    if tex[pos].isalpha():
        return tex[pos], pos + 1
    found = re.compile(r"\\([A-Za-z]+)").match(tex, pos)
    command, end = found.group(1), found.end()
    if command in GREEK:
        return ("\\epsilon" if command == "varepsilon" else f"\\{command}"), end
    if command in WORDS:
        group, after = _group(tex, end)
        if group is None:
            raise Unreadable(f"cannot read `\\{command}` without braces")
        word = re.sub(r"\s+", " ", group.strip())
        if not re.fullmatch(r"[A-Za-z][A-Za-z ]*", word):
            raise Unreadable(f"cannot read `\\{command}{{{word}}}`")
        return f"\\mathrm{{{word}}}", after
    group, after = _group(tex, end)
    if group is None:
        rest = tex[end:].lstrip()
        skip = len(tex[end:]) - len(rest)
        if not rest:
            raise Unreadable(f"cannot read `\\{command}` without its argument")
        inner, inner_end = _base_name(tex, end + skip)
    else:
        inner, inner_end = group.strip(), after
        if not re.fullmatch(r"\\?[A-Za-z]+", inner):
            raise Unreadable(f"cannot read `\\{command}{{{inner}}}`")
    return f"\\{command}{{{inner}}}", inner_end


def _group(tex: str, pos: int) -> tuple[str | None, int]:
    """The content of a ``{…}`` group at ``pos`` (after spaces), or (None, pos)."""
    rest = tex[pos:]
    skip = len(rest) - len(rest.lstrip())
    if tex[pos + skip : pos + skip + 1] != "{":
        return None, pos
    closing = _matching(tex, pos + skip)
    return tex[pos + skip + 1 : closing], closing + 1


def _optional(tex: str, pos: int) -> tuple[str | None, int]:
    """The content of an optional ``[…]`` argument at ``pos``, or (None, pos)."""
    if tex[pos : pos + 1] != "[":
        return None, pos
    closing = _matching(tex, pos)
    return tex[pos + 1 : closing], closing + 1


def _script(tex: str, pos: int, mark: str) -> tuple[str | None, int]:
    rest = tex[pos:]
    skip = len(rest) - len(rest.lstrip())
    if tex[pos + skip : pos + skip + 1] != mark:
        return None, pos
    at = pos + skip + 1
    group, after = _group(tex, at)
    if group is not None:
        return group, after
    found = re.compile(r"\s*(\\[A-Za-z]+|[A-Za-z0-9])").match(tex, at)
    if found is None:
        return None, pos
    return found.group(1), found.end()


def _subscript(tex: str, pos: int) -> tuple[str | None, int]:
    return _script(tex, pos, "_")


def _superscript(tex: str, pos: int) -> tuple[str | None, int]:
    return _script(tex, pos, "^")


def _matching(tex: str, opening: int) -> int:
    """Index of the bracket closing the one at ``opening``."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    want, depth = pairs[tex[opening]], 0
    for k in range(opening, len(tex)):
        if tex[k] == tex[opening] and tex[k - 1 : k] != "\\":
            depth += 1
        elif tex[k] == want and tex[k - 1 : k] != "\\":
            depth -= 1
            if depth == 0:
                return k
    raise Unreadable(f"cannot read `{_short(tex)}`: unbalanced `{tex[opening]}`")


def _split_commas(inside: str) -> list[str]:
    parts, depth, last = [], 0, 0
    for k, char in enumerate(inside):
        depth += (char in "([{") - (char in ")]}")
        if char == "," and depth == 0:
            parts.append(inside[last:k])
            last = k + 1
    return [*parts, inside[last:]]


def _term_end(tex: str, start: int) -> int:
    """Where the operand of a sum, limit or derivative starting at ``start`` ends: the next
    ``+`` or ``-`` outside brackets (after the operand's first character)."""
    depth = 0
    seen = False
    for k in range(start, len(tex)):
        char = tex[k]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth < 0:
                return k
        elif char in "+-" and depth == 0 and seen and tex[k - 1 : k] not in ("^", "_"):
            return k
        if not char.isspace():
            seen = True
    return len(tex)


def one_reading(parsed: object, tree: type) -> sp.Expr | None:
    """The parser's result, or None if its readings differ (readings that differ only by
    grouping a product are one)."""
    if not isinstance(parsed, tree):
        return parsed
    options = [one_reading(child, tree) for child in parsed.children]
    first = options[0]
    if any(o is None or sp.expand(o - first) != 0 for o in options):
        return None
    return first
