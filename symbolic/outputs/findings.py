"""Findings for the note's author, computed from the claims' data and their verdicts.

Each passage the ledger quotes gets one finding: it *holds as written* (every claim that
states it is proven exactly, with no condition the passage leaves out), it *holds only in a
limit or under a condition* (the claims that support it need a limit or a condition, and
what fails without it is shown), it is *false as written* (a claim stating it is refuted,
or a claim negating it is proven, and nothing supports it), or it is *not settled*.  A
refuted negation (``stance="negates"``) supports the passage.  Nothing here is written per
claim: new claims with a ``quote`` join their passage's finding.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Literal

from ..ledger.audit import ClaimResult
from ..ledger.claim import normalize
from ..note.text import note_source

Verdict = Literal[
    "holds as written",
    "holds only in a limit or under a condition",
    "false as written",
    "not settled",
]
VERDICTS: tuple[Verdict, ...] = (
    "holds as written",
    "holds only in a limit or under a condition",
    "false as written",
    "not settled",
)


@dataclass(frozen=True)
class Finding:
    """What the audit says about one passage of the note."""

    verdict: Verdict
    quote: str
    supported_by: tuple[str, ...]
    conditions: tuple[str, ...]
    fails: tuple[str, ...]

    def as_dict(self) -> dict:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


HOLDS = ("proven", "agrees with oracle")  # a definition checked against an independent oracle
UNCONDITIONAL = ("exact", "definition", "fails at finite G")


def _supports(result: ClaimResult) -> bool:
    if result.claim.stance == "negates":
        return result.status == "refuted"
    return result.status in HOLDS


def _refutes(result: ClaimResult) -> bool:
    negates = result.claim.stance == "negates"
    return result.status == "proven" if negates else result.status == "refuted"


def _conditions(result: ClaimResult) -> list[str]:
    claim = result.claim
    found = []
    if claim.stance == "negates" and claim.scope not in UNCONDITIONAL:
        found.append(f"{claim.scope} ({claim.id})")
    elif claim.scope not in UNCONDITIONAL:
        found.append(f"{claim.scope}: {claim.scope_note} ({claim.id})")
    if claim.condition:
        found.append(f"{claim.condition} ({claim.id})")
    return found


def _failure(result: ClaimResult) -> str:
    claim = result.claim
    verb = "proves" if claim.stance == "negates" else "refutes"
    statement = re.sub(r"\s*(— |\()expected: refuted\)?", "", claim.statement)
    text = f"{claim.id} {verb} “{statement}”"
    point = result.counterexample
    if point is not None:
        shown = ", ".join(f"{k}={v}" for k, v in point[1].items())
        text += f"; counterexample ({point[0]}): {shown}"
    return text


def finding_for(quote: str, results: list[ClaimResult]) -> Finding:
    """What the verdicts of the claims quoting one passage say about it."""
    supporting = [r for r in results if _supports(r)]
    refuting = [r for r in results if _refutes(r)]
    conditions = tuple(c for r in supporting for c in _conditions(r))
    if refuting and not conditions:
        verdict: Verdict = "false as written"
    elif conditions or refuting:
        verdict = "holds only in a limit or under a condition"
    elif supporting:
        verdict = "holds as written"
    else:
        verdict = "not settled"
    supported_by = tuple(
        r.claim.id + (" (its negation refuted)" if r.claim.stance == "negates" else "")
        for r in supporting
    )
    return Finding(verdict, quote, supported_by, conditions, tuple(map(_failure, refuting)))


def findings(results: list[ClaimResult]) -> list[Finding]:
    """One finding per quoted passage, in the order of the note."""
    note = normalize(note_source())
    by_quote: dict[str, list[ClaimResult]] = {}
    for result in results:
        for quote in result.claim.quotes:
            by_quote.setdefault(quote, []).append(result)

    def place(quote: str) -> int:
        found = note.find(quote)
        return found if found >= 0 else len(note)

    return [finding_for(q, by_quote[q]) for q in sorted(by_quote, key=place)]


def beyond_the_note(results: list[ClaimResult]) -> list[str]:
    """Ids of the claims the note does not make (checked as context)."""
    return [r.claim.id for r in results if not r.claim.in_note]


def format_findings(results: list[ClaimResult]) -> str:
    """The findings as text, grouped by verdict, for the end of ``grpo-sigma audit``."""
    found = findings(results)
    counts = ", ".join(
        f"{sum(f.verdict == v for f in found)} {v.replace('holds', 'hold')}" for v in VERDICTS
    )
    lines = ["Findings for the author", f"  {len(found)} passages of the note: {counts}"]
    for verdict in VERDICTS:
        group = [f for f in found if f.verdict == verdict]
        if not group:
            continue
        heading = verdict.capitalize()
        if verdict == "holds only in a limit or under a condition":
            heading += " the note does not state"
        lines += ["", f"{heading}:"]
        for f in group:
            lines.append(f"  - {f.quote}")
            if f.supported_by:
                lines.append(f"    supported by: {', '.join(f.supported_by)}")
            lines += [f"    only: {c}" for c in f.conditions]
            lines += [f"    fails: {c}" for c in f.fails]
    beyond = beyond_the_note(results)
    if beyond:
        lines += ["", f"Checked beyond the note: {', '.join(beyond)}"]
    return "\n".join(lines)
