"""``grpo-sigma review [PATH]``: a draft of the note (Markdown or LaTeX), equation by equation.

Every display equation and every inline relation is split into the links of its chain
(``a = b = c``, ``≈``, ``∝``, ``>``, ``→``).  Each link is read into the model
(``symbolic.outputs.reading``) and checked by the kernel; the claims of the ledger whose
quotes cover it add what they proved (a limit, a condition, a counterexample).  A link is

- **verified**: the kernel proves it, or the claims quoting it hold as written;
- **qualified**: it holds only in a limit or under a condition the text does not state
  (shown, with what fails before it and a suggested wording);
- **false**: the kernel refutes it (a counterexample point), and no limit rescues it;
- **not checked**: with the reason (a definition of a parameter, a case ``a = 1``, a name
  the notation table does not know, no proof within the time budget).

Quotes are matched on the text, but never alone: an edited equation no longer matches its
quote, and every link goes through the kernel whatever it matches.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import console
from ..console import Progress, ProgressBar
from ..errors import GrpoSigmaError
from ..ledger import LEDGER
from ..ledger.audit import ClaimResult, check_claim
from ..ledger.claim import normalize
from ..note.text import NOTE_FILE, note_source
from .checking import LinkCheck, check_link
from .findings import finding_for

Status = str
STATUSES = ("verified", "qualified", "false", "not checked")
RELATIONS = {
    "=": "=",
    r"\approx": "≈",
    r"\propto": "∝",
    r"\sim": "∼",
    r"\to": "→",
    r"\rightarrow": "→",
    r"\geq": "≥",
    r"\ge": "≥",
    r"\leq": "≤",
    r"\le": "≤",
    r"\neq": "≠",
    ">": ">",
    "<": "<",
}
RELATION = re.compile(r"\\(approx|propto|sim|to|rightarrow|geq?|leq?|neq)(?![A-Za-z])|[=<>]")


@dataclass(frozen=True)
class Formula:
    """A piece of mathematics of the draft: where it is and its LaTeX source."""

    line: int
    tex: str
    start: int
    end: int
    display: bool


@dataclass(frozen=True)
class Row:
    """The review of one link of one formula."""

    line: int
    relation: str
    status: Status
    claims: tuple[str, ...]
    detail: tuple[str, ...]
    suggestion: str = ""


# --------------------------------------------------------------------------- reading a draft
def formulas(source: str, latex: bool = False) -> list[Formula]:
    """Display and inline mathematics of a Markdown (``$$ $$``, ``$ $``) or LaTeX (also
    ``\\[ \\]``, ``\\( \\)``, ``equation``/``align`` environments) source, in order."""
    text = re.sub(r"(?m)^```.*?^```", lambda f: " " * len(f.group(0)), source, flags=re.S)
    if latex:
        text = re.sub(r"(?<!\\)%.*", lambda c: " " * len(c.group(0)), text)
    display = [r"\$\$(.+?)\$\$"]
    inline = [r"(?<![\\$])\$(?!\$)(.+?)(?<![\\$])\$"]
    if latex:
        display += [
            r"\\\[(.+?)\\\]",
            r"\\begin\{(?:equation|align|gather)\*?\}(.+?)\\end\{(?:equation|align|gather)\*?\}",
        ]
        inline.append(r"\\\((.+?)\\\)")
    found: list[Formula] = []
    taken = [False] * len(text)
    for patterns, is_display in ((display, True), (inline, False)):
        for pattern in patterns:
            for match in re.finditer(pattern, text, flags=re.S if is_display else 0):
                if any(taken[match.start() : match.end()]):
                    continue
                taken[match.start() : match.end()] = [True] * (match.end() - match.start())
                found += _rows(source, match, is_display)
    return sorted(found, key=lambda f: f.start)


def _rows(source: str, match: re.Match, display: bool) -> list[Formula]:
    """One formula per row of an ``align`` (rows split at ``\\\\``, ``&`` dropped)."""
    rows, start = [], match.start(1)
    for piece in re.split(r"\\\\", match.group(1)):
        lead = len(piece) - len(piece.lstrip())
        line = source.count("\n", 0, start + lead) + 1
        rows.append(
            Formula(line, piece.replace("&", " ").strip(), start, start + len(piece), display)
        )
        start += len(piece) + 2
    return rows


def chain(tex: str) -> tuple[list[str], list[str]]:
    """The sides and relations of ``a = b ≈ c``, split outside brackets."""
    tex = re.sub(r"\{([=<>-])\}", r"\1", tex)
    depth, marks = 0, []
    for char in tex:
        marks.append(depth)
        depth += (char in "([{") - (char in ")]}")
    sides, relations, last = [], [], 0
    for found in RELATION.finditer(tex):
        if marks[found.start()] != 0:
            continue
        sides.append(tex[last : found.start()])
        relations.append(RELATIONS[found.group(0)])
        last = found.end()
    sides.append(tex[last:])
    return sides, relations


# ----------------------------------------------------------------------------- the checking
_RESULTS: dict[str, ClaimResult] = {}


def _claim_result(claim_id: str) -> ClaimResult:
    if claim_id not in _RESULTS:
        _RESULTS[claim_id] = check_claim(next(c for c in LEDGER if c.id == claim_id))
    return _RESULTS[claim_id]


def _quote_spans(source: str) -> list[tuple[int, int, str]]:
    """Where each quote of the ledger occurs in the draft: (start, end, claim id)."""
    offsets, pieces = [], []
    for found in re.finditer(r"\S+", source):
        if pieces:
            pieces.append(" ")
            offsets.append(found.start())
        pieces.append(found.group(0))
        offsets += range(found.start(), found.end())
    flat = "".join(pieces)
    spans = []
    for claim in LEDGER:
        for quote in claim.quotes:
            for hit in re.finditer(re.escape(quote), flat):
                spans.append((offsets[hit.start()], offsets[hit.end() - 1] + 1, claim.id))
    return spans


def review_text(source: str, latex: bool = False, progress: Progress | None = None) -> list[Row]:
    """Review every relation of a draft's source (``progress(done, total)`` per formula)."""
    spans = _quote_spans(source)
    rows: list[Row] = []
    found = list(formulas(source, latex))
    for done, formula in enumerate(found, 1):
        if progress is not None:
            progress(done, len(found))
        sides, relations = chain(formula.tex)
        if not relations:
            continue
        claim_ids = tuple(
            dict.fromkeys(cid for s, e, cid in spans if s < formula.end and formula.start < e)
        )
        whole = normalize(formula.tex)
        for k, relation in enumerate(relations):
            lhs, rhs = _side(sides[k]), _side(sides[k + 1])
            checked = check_link(relation, lhs, rhs, whole)
            rows.append(_row(formula.line, f"{lhs} {relation} {rhs}", checked, claim_ids))
    return rows


def _side(tex: str) -> str:
    """A side as shown and checked: whitespace normalized, spacing and final stop dropped."""
    tex = normalize(tex)
    tex = re.sub(r"^(\\[,;!]\s*)+|(\s*\\[,;!])+$", "", tex)
    return re.sub(r"\s*[.,]$", "", tex)


def _row(line: int, relation: str, checked: LinkCheck, claim_ids: tuple[str, ...]) -> Row:
    finding = finding_for("", [_claim_result(c) for c in claim_ids]) if claim_ids else None
    parts, suggestion = [checked.detail] if checked.detail else [], checked.suggestion
    if checked.status == "verified" and finding is not None:
        parts = []  # the claims prove it in general; the kernel's sizes add nothing
    if finding is not None:
        parts += [f"only: {c}" for c in finding.conditions]
        parts += [f"fails: {f}" for f in finding.fails]
        if finding.conditions and not suggestion:
            suggestion = "state the condition: " + finding.conditions[0]
    detail = tuple(parts)
    if checked.status == "false" or (finding and finding.verdict == "false as written"):
        status = "false"
    elif checked.status == "qualified" or (
        finding and finding.verdict == "holds only in a limit or under a condition"
    ):
        status = "qualified"
    elif checked.status == "verified" or (finding and finding.verdict == "holds as written"):
        status = "verified"
    else:
        status = "not checked"
    by = claim_ids or (("kernel",) if checked.status in ("verified", "qualified", "false") else ())
    return Row(line, relation, status, by, detail, suggestion if status != "verified" else "")


# ---------------------------------------------------------------------------- output, command
def format_rows(rows: list[Row], name: str) -> str:
    """The review as a table with the draft's line numbers, then each row's detail."""
    width = 58
    shown = [[str(r.line), _cut(r.relation, width), r.status, _claims(r.claims)] for r in rows]
    header = ["line", "relation", "status", "by"]
    narrow = [max(len(row[k]) for row in [header, *shown]) for k in range(4)]
    lines = [
        "  ".join(c.ljust(n) for c, n in zip(row, narrow, strict=True)).rstrip()
        for row in [header, *shown]
    ]
    lines.insert(1, "  ".join("-" * n for n in narrow))
    for r in rows:
        if r.status == "verified" and not r.detail:
            continue
        first, *more = r.detail or ("-",)
        lines += ["", f"line {r.line}: {r.relation}", f"  {r.status}: {first}"]
        lines += [f"    {part}" for part in more]
        if r.suggestion:
            lines.append(f"  suggested: {r.suggestion}")
    counts = ", ".join(f"{sum(r.status == s for r in rows)} {s}" for s in STATUSES)
    lines += ["", f"{name}: {len(rows)} relations: {counts}"]
    false = sorted({r.line for r in rows if r.status == "false"})
    if false:
        lines.append("false as written on line " + ", ".join(map(str, false)))
    return "\n".join(lines)


def _claims(ids: tuple[str, ...]) -> str:
    shown = ", ".join(ids[:2]) or "-"
    return shown + (f" +{len(ids) - 2}" if len(ids) > 2 else "")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def review_file(path: str | None, progress: Progress | None = None) -> tuple[str, list[Row]]:
    """(name, rows) for a draft at ``path``, or for the bundled note."""
    if path is None:
        return NOTE_FILE, review_text(note_source(), progress=progress)
    try:
        source = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise GrpoSigmaError(f"cannot read {path}: {reason}") from None
    return path, review_text(source, latex=path.endswith(".tex"), progress=progress)


SCHEMA = console.schema("review", 1)
"""``grpo-sigma review --json``: the draft's name and one entry per checked row."""


def run(args: argparse.Namespace) -> int:
    if args.json:
        console.check_out_file(args.json)  # before any work
    bar = ProgressBar("review", delay=2.0)  # on a TTY, for a run over 2 s
    try:
        name, rows = review_file(args.path, bar)
    finally:
        bar.close()
    if args.json:
        data = {"schema": SCHEMA, "draft": name, "rows": [asdict(r) for r in rows]}
        console.write_json(data, args.json)
    if args.json != "-":
        print(format_rows(rows, name))
    failing = {"false"} | ({"qualified", "not checked"} if args.strict else set())
    return 1 if any(r.status in failing for r in rows) else 0


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("review", help="check a draft's equations, line by line")
    parser.add_argument("path", nargs="?", help="a Markdown or LaTeX draft (default: the note)")
    console.add_json_option(parser)
    parser.add_argument(
        "--strict", action="store_true", help="also fail on qualified or unchecked relations"
    )
    parser.set_defaults(run=run)


__all__ = ["Formula", "Row", "chain", "formulas", "review_file", "review_text"]
