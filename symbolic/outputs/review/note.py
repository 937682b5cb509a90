"""The bundled note's objects, where a draft uses them without defining them.

``r(\\hat p, a)``, ``\\mu_a``, ``\\sigma_0``, ``A(q, \\hat p)``, ``R(\\hat p)``, ``H(p)``,
``\\mathrm{KL}``, ``\\hat A_{\\mathrm{STD}}``, ``R^{(g)}``, ``\\bar R`` take the note's meaning
(``symbolic.outputs.reading``) and each such link is checked by the kernel
(``symbolic.outputs.checking``); the claims of the ledger whose quotes cover it add what they
proved (a limit, a condition, a counterexample), as ``audit`` reports them.
"""

from __future__ import annotations

import re
from functools import cache

from .verdicts import Judgement

NOTE_OBJECTS = re.compile(
    r"(?<![A-Za-z\\])r\(\\hat p|\\mu_\{?[a01]\b|\\sigma_\{?[a01]\b|(?<![A-Za-z\\])A\(q"
    r"|(?<![A-Za-z\\])R\(\\hat p|(?<![A-Za-z\\])H\(p\)|\\mathrm\{KL\}|\\hat A_\{\\mathrm\{STD\}\}"
    r"|(?<![A-Za-z\\])R\^\{?\(|\\bar R"
)
"""The note's objects as the note writes them."""


@cache
def _claim_result(claim_id: str):  # noqa: ANN202 - a ClaimResult (the ledger, imported late)
    from ...ledger.audit import run_audit
    from ...ledger.cache import default_directory

    (result,) = run_audit([claim_id], cache=default_directory())  # as ``audit`` reports it
    return result


def quote_spans(source: str) -> list[tuple[int, int, str]]:
    """Where each quote of the ledger occurs in the draft: (start, end, claim id)."""
    from ...ledger import LEDGER

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


def note_judgement(
    relation: str, lhs: str, rhs: str, whole: str, claim_ids: tuple[str, ...]
) -> Judgement:
    """A link read in the note's meaning: the kernel's word, with the ledger's claims whose
    quotes cover the formula (their conditions, limits and counterexamples)."""
    from ...ledger.claim import normalize
    from ..checking import check_link
    from ..findings import finding_for

    checked = check_link(relation, lhs, rhs, normalize(whole))
    finding = finding_for("", [_claim_result(c) for c in claim_ids]) if claim_ids else None
    by = (
        f" (the note's meaning; claims {', '.join(claim_ids)})"
        if claim_ids
        else " (the note's meaning)"
    )
    detail = checked.detail
    if finding is not None and finding.verdict == "false as written" or checked.status == "false":
        return Judgement("refuted", (detail or "; ".join(finding.fails)) + by)
    if detail.startswith("defines"):
        return Judgement("definition", detail + by)
    limit = finding is not None and bool(finding.conditions) and "limit" in finding.conditions[0]
    limit = limit and not detail.startswith("relates parameters")
    if checked.status == "qualified" or (
        finding is not None and finding.verdict == "holds only in a limit or under a condition"
    ):
        if limit or "G → ∞" in detail or "population limit" in detail:
            return Judgement("holds only in a limit", (detail or finding.conditions[0]) + by)
        condition = finding.conditions[0] if finding is not None and finding.conditions else detail
        return Judgement("not checked", f"holds only under a condition: {condition}{by}")
    if checked.status == "verified" or (
        finding is not None and finding.verdict == "holds as written"
    ):
        return Judgement("verified", (detail or "proven by the kernel") + by)
    if detail.startswith("a case"):
        return Judgement("non-claim", detail)
    if detail.startswith("defines") or detail.startswith("states how"):
        return Judgement("definition" if detail.startswith("defines") else "non-claim", detail)
    return Judgement("not checked", detail + by)
