"""What a status means to a reader: as expected, unexpected, or not decided.

Every output (the web report, the blueprint PDF, the dependency graph) colours a status by
its meaning, never by the word: a claim refuted *as the ledger expects* (a perturbation, or a
passage of the note that fails) is the good outcome and is green like a proof; a verdict the
ledger did not expect is red; a verdict that is only numerical evidence or unknown is amber.
The colour always comes with its text label (``MEANING_MARKS``), so colour is never alone.
"""

from __future__ import annotations

from typing import Literal

from ..engine.verdict import Verdict
from ..ledger.audit import ClaimResult

Meaning = Literal["as expected", "unexpected", "not decided"]
MEANINGS: tuple[Meaning, ...] = ("as expected", "unexpected", "not decided")

DECIDED = ("proven", "refuted", "agrees with oracle", "definition")
"""Statuses that settle a claim (a proof, a certified counterexample, an independent
oracle's agreement, a definition); anything else is evidence at most."""

MEANING_COLOURS: dict[Meaning, str] = {
    "as expected": "#a6dba0",
    "unexpected": "#f4a3a3",
    "not decided": "#fdd98b",
}
MEANING_MARKS: dict[Meaning, str] = {"as expected": "✓", "unexpected": "✗", "not decided": "?"}
MEANING_WORDS: dict[Meaning, str] = {
    "as expected": "the verdict the ledger expects: proven, refuted as expected, or a "
    "definition checked against an independent oracle",
    "unexpected": "a verdict the ledger does not expect",
    "not decided": "numerical evidence only, or unknown: not a proof",
}
UNEXPECTED_EDGE = "#b2182b"
"""The border of an unexpected claim's node in the graph (besides its fill)."""


def claim_meaning(result: ClaimResult) -> Meaning:
    """The meaning of a claim's audit status."""
    if not result.as_expected:
        return "unexpected"
    return "as expected" if result.status in DECIDED else "not decided"


def obligation_status(result: ClaimResult, verdict: Verdict) -> str:
    """An obligation's status as the reader should read it: an obligation checked against an
    independent oracle ``agrees with oracle`` (its claim's status), a numerical check of a claim
    that expects no more reads ``confirmed numerically``; otherwise the verdict's status."""
    if verdict.status == "unknown" and result.status == result.claim.expected:
        if result.status in ("agrees with oracle", "confirmed numerically"):
            return result.status
    return verdict.status


def obligation_meaning(result: ClaimResult, verdict: Verdict) -> Meaning:
    """The meaning of one obligation's status within its claim: a refutation is as expected
    only in a claim the ledger expects refuted."""
    status = obligation_status(result, verdict)
    if status == "refuted":
        return "as expected" if result.claim.expected == "refuted" else "unexpected"
    return "as expected" if status in DECIDED else "not decided"
