"""The links of a formula: ``a = b \\le c`` is two links, each with where it starts.

Rows of an ``aligned``/``align`` block are split at ``\\\\``; a row that starts with its
relation (``&= …``, ``&\\le …``) carries the last side of the row above, so that each link
is judged, and reported, on its own line.  Relations are found outside brackets only; what
follows ``\\quad``/``\\text{for …}`` or a comma at the top level is the formula's condition
(read as an assumption, never as a claim), and ``\\text{as } n \\to \\infty`` names a limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

RELATION = re.compile(
    r"\\(?:coloneqq|triangleq|equiv|approx|simeq|propto|sim|to|rightarrow|longrightarrow"
    r"|geqslant|leqslant|geq|leq|ge|le|neq|ne|notin|in)(?![A-Za-z])"
    r"|\\stackrel\{[^{}]*\}\{[=<>]\}|\\overset\{[^{}]*\}\{[=<>]\}|:=|!=|[=<>]"
)
NAMES = {
    r"\coloneqq": ":=",
    ":=": ":=",
    r"\triangleq": ":=",
    r"\equiv": ":=",
    r"\approx": "≈",
    r"\simeq": "≈",
    r"\propto": "∝",
    r"\sim": "∼",
    r"\to": "→",
    r"\rightarrow": "→",
    r"\longrightarrow": "→",
    r"\geqslant": "≥",
    r"\geq": "≥",
    r"\ge": "≥",
    r"\leqslant": "≤",
    r"\leq": "≤",
    r"\le": "≤",
    r"\neq": "≠",
    r"\ne": "≠",
    "!=": "≠",
    r"\in": "∈",
    r"\notin": "∉",
    "=": "=",
    "<": "<",
    ">": ">",
}


@dataclass(frozen=True)
class Link:
    """``lhs relation rhs`` at ``offset`` (into the draft); ``limit`` is ``(variable, point)``
    LaTeX when the formula says ``as n \\to \\infty``; ``condition`` the formula's own
    condition (``\\quad\\text{for } i \\ne j``), ``whole`` the row it belongs to."""

    lhs: str
    relation: str
    rhs: str
    offset: int
    whole: str
    condition: str = ""
    limit: tuple[str, str] | None = None


def _relation_name(token: str) -> str:
    if token.startswith(("\\stackrel", "\\overset")):
        mark = token[-2]
        return {"=": ":=" if "def" in token else "=", "<": "<", ">": ">"}[mark]
    return NAMES[token]


def _blank(tex: str) -> str:
    """Environments and alignment marks as spaces (offsets kept)."""
    tex = re.sub(r"\\(?:begin|end)\{[^}]*\}(\{[^}]*\})?", lambda m: " " * len(m.group(0)), tex)
    tex = re.sub(
        r"\\(?:label|tag|nonumber|notag)(\{[^}]*\})?", lambda m: " " * len(m.group(0)), tex
    )
    tex = re.sub(r"\{([=<>])\}", r" \1 ", tex)
    return tex.replace("&", " ")


def _depths(tex: str) -> list[int]:
    depth, marks = 0, []
    for k, char in enumerate(tex):
        marks.append(depth)
        if tex[k - 1 : k] != "\\":
            depth += (char in "([{") - (char in ")]}")
    return marks


def _rows(tex: str) -> list[tuple[int, str]]:
    """(offset, text) of each row, split at a top-level ``\\\\``."""
    marks = _depths(tex)
    rows, last = [], 0
    for found in re.finditer(r"\\\\", tex):
        if marks[found.start()] == 0:
            rows.append((last, tex[last : found.start()]))
            last = found.end()
    rows.append((last, tex[last:]))
    return [(o, r) for o, r in rows if r.strip()]


CONDITION = re.compile(
    r"\\q?quad|,\s*(?=\\text|\\mathrm\{(?:for|if|where)|\\forall)|\\text\{\s*(?:for|if|where|when"
    r"|as|with|and|since|i\.e\.)\b|\\forall|(?<![{(\[])\s(?:for|if)\s"
)
LIMIT = re.compile(r"(\\?[A-Za-z]+)\s*\\(?:to|rightarrow)\s*(\\infty|\+?\\infty|[-\d.]+|0\^\+)")


def links(tex: str, offset: int, carried: str | None = None) -> tuple[list[Link], str | None]:
    """The links of one formula starting at ``offset``; ``carried`` is the last side of
    the row above (for a row that starts with its relation).  Returns the links and the
    last side, for the next formula of a block."""
    text = _blank(tex)
    found: list[Link] = []
    last_side = carried
    for row_offset, row in _rows(text):
        marks = _depths(row)
        cut = next(
            (m.start() for m in CONDITION.finditer(row) if marks[m.start()] == 0 and m.start() > 0),
            len(row),
        )
        body, condition = row[:cut], row[cut:]
        limit = LIMIT.search(condition)
        pieces = _split_commas(body, marks)
        for piece_offset, piece in pieces:
            sides, relations, starts = _chain(piece, marks[piece_offset:])
            if not relations:
                continue
            if not sides[0].strip():
                if last_side is None:
                    continue
                sides[0] = last_side
            for k, relation in enumerate(relations):
                lhs, rhs = _clean(sides[k]), _clean(sides[k + 1])
                at = offset + row_offset + piece_offset + starts[k]
                found.append(
                    Link(
                        lhs,
                        relation,
                        rhs,
                        at,
                        " ".join(piece.split()),
                        condition.strip(),
                        (limit.group(1), limit.group(2)) if limit else None,
                    )
                )
            last_side = _clean(sides[-1])
    return found, last_side


def _split_commas(body: str, marks: list[int]) -> list[tuple[int, str]]:
    """``x > 0, y > 0`` as two pieces (a comma outside brackets between relations)."""
    pieces, last = [], 0
    for k, char in enumerate(body):
        if char == "," and marks[k] == 0 and RELATION.search(body[k + 1 :]):
            if RELATION.search(body[last:k]):
                pieces.append((last, body[last:k]))
                last = k + 1
    pieces.append((last, body[last:]))
    return pieces


def _chain(piece: str, marks: list[int]) -> tuple[list[str], list[str], list[int]]:
    """Sides, relations and where each link's left side starts."""
    sides, relations, starts, last = [], [], [], 0
    for found in RELATION.finditer(piece):
        if marks[found.start()] != 0:
            continue
        sides.append(piece[last : found.start()])
        starts.append(last + len(piece[last:]) - len(piece[last:].lstrip()))
        relations.append(_relation_name(found.group(0)))
        last = found.end()
    sides.append(piece[last:])
    return sides, relations, starts


def _clean(tex: str) -> str:
    tex = " ".join(tex.split())
    tex = re.sub(r"^(\\[,;!:]\s*)+|(\s*\\[,;!:])+$", "", tex)
    return re.sub(r"\s*[.,;]$", "", tex).strip()
