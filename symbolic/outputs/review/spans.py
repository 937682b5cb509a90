"""The mathematics of a draft, span by span, with line and column.

Markdown is read by markdown-it-py with the dollarmath plugin (``$…$``, ``$$…$$``) and the
amsmath plugin (a top-level ``\\begin{align}…\\end{align}``); code is skipped.  LaTeX sources
(``.tex``) are scanned for ``$…$``, ``$$…$$``, ``\\[…\\]``, ``\\(…\\)`` and the equation
environments, ``%`` comments skipped.  Each span keeps the prose around it (its paragraph and
the heading above), which the symbol table reads for "let", "assume", "for example".

A bad draft is one ``DraftError`` line: empty or blank, an unbalanced ``$`` or ``$$``, an
unclosed environment, a formula longer than ``MAX_FORMULA`` characters or nested deeper than
``MAX_DEPTH`` brackets.  Line numbers come from one index of line starts (built once, read by
bisection), so the cost is linear in the size of the draft.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ...errors import GrpoSigmaError

MAX_FORMULA = 4000
"""Characters in one formula (a span of mathematics) at most."""
MAX_DEPTH = 40
"""Brackets (``{``, ``(``, ``[``) nested inside one formula at most."""


class DraftError(GrpoSigmaError):
    """A draft that cannot be reviewed; the message names the line."""


@dataclass(frozen=True)
class Span:
    """One formula: its LaTeX, where it starts (1-based line and column, offset), whether it
    is displayed, and the prose it sits in (its paragraph, the heading above)."""

    tex: str
    offset: int
    line: int
    column: int
    display: bool
    paragraph: str
    heading: str
    block: int
    """The index of its paragraph or display block: spans of one block share it."""


class LineIndex:
    """Offsets of line starts, built once; ``where(offset)`` is (line, column), 1-based."""

    def __init__(self, source: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def where(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def offset(self, line: int) -> int:
        """Offset of the start of 0-based ``line``."""
        return self.starts[min(line, len(self.starts) - 1)]


def check_formula(tex: str, line: int) -> None:
    """A formula within the stated length and depth, its environments closed."""
    if len(tex) > MAX_FORMULA:
        raise DraftError(f"line {line}: a formula of {len(tex)} characters (at most {MAX_FORMULA})")
    depth = deepest = 0
    for char in re.sub(r"\\[{}()\[\]]", "", tex):
        depth += (char in "{([") - (char in "})]")
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise DraftError(f"line {line}: brackets nested {deepest} deep (at most {MAX_DEPTH})")
    if tex.count("{") != tex.count("}") - tex.count(r"\}") + tex.count(r"\{"):
        raise DraftError(f"line {line}: unbalanced braces in a formula")
    opened: list[str] = []
    for found in re.finditer(r"\\(begin|end)\{([^}]*)\}", tex):
        if found.group(1) == "begin":
            opened.append(found.group(2))
        elif not opened or opened.pop() != found.group(2):
            raise DraftError(f"line {line}: \\end{{{found.group(2)}}} closes no environment")
    if opened:
        raise DraftError(f"line {line}: unclosed environment {opened[-1]}")


def _check_source(source: str) -> None:
    if not source:
        raise DraftError("the draft is empty")
    if not source.strip():
        raise DraftError("the draft is blank")


# ---------------------------------------------------------------------------- Markdown
def _markdown_parser():  # noqa: ANN202 - markdown-it's parser type
    from markdown_it import MarkdownIt
    from mdit_py_plugins.amsmath import amsmath_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    parser = MarkdownIt("commonmark").use(dollarmath_plugin, double_inline=True)
    parser.use(amsmath_plugin)
    parser.disable("text_join")  # an escaped \$ stays its own token, a bare $ is text
    return parser


def markdown_spans(source: str) -> list[Span]:
    """Every formula of a Markdown draft, in order."""
    _check_source(source)
    index = LineIndex(source)
    spans: list[Span] = []
    heading, paragraph, cursor = "", "", 0
    tokens = _markdown_parser().parse(source)
    for number, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = tokens[number + 1].content
            continue
        if token.map is None:
            continue
        start = index.offset(token.map[0])
        cursor = max(cursor, start)
        if token.type in ("math_block", "math_block_label", "amsmath"):
            markup = "$$" if token.type != "amsmath" else ""
            found = source.find(markup + token.content if markup else token.content, cursor)
            at = (found + len(markup)) if found >= 0 else start
            # `$$a$$ and $$b$$` on one line is one block to the plugin: split it again
            for k, piece in enumerate(token.content.split("$$") if markup else [token.content]):
                if k % 2 == 0:
                    spans.append(_span(source, index, piece, at, True, paragraph, heading, number))
                at += len(piece) + 2
            cursor = at
        elif token.type == "inline" and token.children is not None:
            paragraph = token.content
            if tokens[number - 1].type == "heading_open":
                paragraph = ""
            for child in token.children:
                if child.type == "text" and "$" in child.content:
                    line = index.where(cursor)[0]
                    what = "$$" if "$$" in child.content else "$"
                    raise DraftError(f"line {line}: unbalanced {what} (no closing {what})")
                if child.type not in ("math_inline", "math_inline_double"):
                    continue
                found = source.find(child.markup + child.content + child.markup, cursor)
                at = (found + len(child.markup)) if found >= 0 else cursor
                display = child.type == "math_inline_double"
                spans.append(
                    _span(source, index, child.content, at, display, paragraph, heading, number)
                )
                cursor = at + len(child.content)
    return spans


def _span(
    source: str,
    index: LineIndex,
    tex: str,
    offset: int,
    display: bool,
    paragraph: str,
    heading: str,
    block: int,
) -> Span:
    line, column = index.where(offset)
    check_formula(tex, line)
    return Span(tex, offset, line, column, display, paragraph, heading, block)


# ------------------------------------------------------------------------------- LaTeX
_ENVIRONMENTS = r"equation|align|gather|multline|eqnarray"
_LATEX_MATH = re.compile(
    r"\$\$(?P<dd>.+?)\$\$|(?<![\\$])\$(?P<d>[^$]+?)(?<!\\)\$|\\\[(?P<b>.+?)\\\]"
    r"|\\\((?P<p>.+?)\\\)"
    rf"|\\begin\{{(?P<env>(?:{_ENVIRONMENTS})\*?)\}}(?P<e>.+?)\\end\{{(?P=env)\}}",
    re.S,
)


def latex_spans(source: str) -> list[Span]:
    """Every formula of a LaTeX draft, in order (``%`` comments blanked first)."""
    _check_source(source)
    text = re.sub(r"(?<!\\)%[^\n]*", lambda c: " " * len(c.group(0)), source)
    index = LineIndex(text)
    body = re.search(r"\\begin\{document\}", text)
    spans: list[Span] = []
    heading, last = "", 0
    for block, found in enumerate(_LATEX_MATH.finditer(text, body.end() if body else 0)):
        between = text[last : found.start()]
        _unbalanced(between, index, last)
        sections = re.findall(r"\\(?:sub)*section\*?\{([^}]*)\}", between)
        heading = sections[-1] if sections else heading
        name = next(k for k in ("dd", "d", "b", "p", "e") if found.group(k) is not None)
        paragraph = between.rsplit("\n\n", 1)[-1]
        spans.append(
            _span(
                text,
                index,
                found.group(name),
                found.start(name),
                name != "d" and name != "p",
                paragraph,
                heading,
                block,
            )
        )
        last = found.end()
    _unbalanced(text[last:], index, last)
    return spans


def _unbalanced(prose: str, index: LineIndex, offset: int) -> None:
    """Prose between formulas has no lone ``$`` and no open equation environment."""
    found = re.search(r"(?<!\\)\$", prose)
    if found:
        line = index.where(offset + found.start())[0]
        raise DraftError(f"line {line}: unbalanced $ (no closing $)")
    found = re.search(rf"\\begin\{{((?:{_ENVIRONMENTS})\*?)\}}|\\\[|\\\(", prose)
    if found:
        line = index.where(offset + found.start())[0]
        raise DraftError(f"line {line}: unclosed {found.group(1) or found.group(0)}")
