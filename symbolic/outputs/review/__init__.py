"""``grpo-sigma review [DRAFT]``: an author's own draft, judged in its own notation.

The draft's formulas come from markdown-it (``spans``), each side is read by a LaTeX
grammar (``grammar``), the draft's definitions, assumptions and stipulated values form its
symbol table (``symbols``), and every claim is judged through the kernel (``verdicts``).
One line per link: ``path:line:col: verdict: relation — reason``; ``--json`` gives the
details (``symbolic/schemas/review.schema.json``); exit status 1 if anything is refuted.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path

from ... import console, options
from ...console import Progress, ProgressBar
from ...errors import GrpoSigmaError
from ...note.text import NOTE_FILE, note_source
from .draft import BUDGET, Row, review_source
from .spans import DraftError
from .verdicts import FAILING, KINDS

WIDTH = 160
"""Characters of one output line at most."""


def review_text(
    source: str, latex: bool = False, progress: Progress | None = None, budget: float = BUDGET
) -> list[Row]:
    """Every link of a draft's source (Markdown, or LaTeX with ``latex``), reviewed
    (``progress(done, total)`` per formula)."""
    return review_source(source, latex=latex, progress=progress, budget=budget)


def review_file(path: str | None, progress: Progress | None = None) -> tuple[str, list[Row]]:
    """(name, rows) for the draft at ``path``, or for the bundled note."""
    if path is None:
        return NOTE_FILE, review_source(note_source(), progress=progress)
    try:
        source = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise GrpoSigmaError(f"cannot read {path}: {reason}") from None
    try:
        rows = review_source(source, latex=path.endswith(".tex"), progress=progress)
    except DraftError as error:
        raise DraftError(f"{path}: {error}") from None
    return path, rows


def format_line(name: str, row: Row) -> str:
    """``path:line:col: verdict: relation — reason``, at most ``WIDTH`` characters."""
    head = f"{name}:{row.line}:{row.column}: {row.kind}: "
    relation = row.relation if len(row.relation) <= 60 else row.relation[:59] + "…"
    line = f"{head}{relation} — {row.reason}"
    return line if len(line) <= WIDTH else line[: WIDTH - 1] + "…"


def format_rows(rows: list[Row], name: str) -> str:
    lines = [format_line(name, r) for r in rows]
    counts = ", ".join(f"{n} {k}" for k in KINDS if (n := sum(r.kind == k for r in rows)))
    if rows:
        summary = f"{name}: {len(rows)} relations: {counts}"
        lines.append(summary if len(summary) <= WIDTH else summary[: WIDTH - 1] + "…")
    else:
        lines.append(f"{name}: warning: no relations found")
    return "\n".join(lines)


SCHEMA = console.schema("review", 2)
"""``grpo-sigma review --json``: the draft's name, the counts, one entry per link."""


def as_json(name: str, rows: list[Row]) -> dict:
    return {
        "schema": SCHEMA,
        "draft": name,
        "counts": {k: sum(r.kind == k for r in rows) for k in KINDS},
        "rows": [asdict(r) for r in rows],
    }


def run(args: argparse.Namespace) -> int:
    if args.json:
        console.check_out_file(args.json)  # before any work
    bar = ProgressBar("review", delay=2.0)
    try:
        name, rows = review_file(args.path, bar)
    finally:
        bar.close()
    if args.json:
        console.write_json(as_json(name, rows), args.json)
    if args.json != "-":
        print(format_rows(rows, name))
    failing = set(FAILING) | ({"holds only in a limit", "not checked"} if args.strict else set())
    return 1 if any(r.kind in failing for r in rows) else 0


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("review", help="check a draft's equations, line by line")
    parser.add_argument(
        "path", nargs="?", type=options.path, help="a Markdown or LaTeX draft (default: the note)"
    )
    console.add_json_option(parser)
    parser.add_argument(
        "--strict", action="store_true", help="also fail on limits or unchecked relations"
    )
    parser.set_defaults(run=run)


__all__ = ["Row", "format_line", "review_file", "review_text"]
