"""The audit: run every claim of the ledger and report, claim by claim, what holds.

A claim is *proven* when every one of its obligations is proven, *refuted* when one of them
fails at a point (the counterexample is shown), and *confirmed numerically* when the
cross-check passes but a proof was not found.  An obligation that holds by definition (its
two sides the same expression) proves nothing: it is reported as a definition and left out
of the claim's status, which needs at least one proven obligation.  A definition of the
model *agrees with oracle* when it matches an independently written definition at every
point (a check, not a proof).  The audit succeeds when every claim gets the verdict the
ledger expects.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import mpmath

from ..console import worker_context
from ..engine.obligations import DEFAULT_BUDGET, DEFAULT_DPS, Verdict
from ..errors import GrpoSigmaError
from ..numeric.validate import check_dps
from . import LEDGER, Claim, get_claim


@dataclass(frozen=True)
class ClaimResult:
    """The verdicts of one claim's obligations, and what they add up to."""

    claim: Claim
    verdicts: tuple[tuple[str, Verdict], ...]
    seconds: float

    @property
    def status(self) -> str:
        states = [v.status for _, v in self.verdicts if v.status != "definition"]
        if "refuted" in states:
            return "refuted"
        if not states:
            return "definition"
        if self.claim.expected == "agrees with oracle":
            return "agrees with oracle"
        if states and all(s == "proven" for s in states):
            return "proven"
        if states and all(s in ("proven", "human step") for s in states):
            return "proven up to a human step"
        return "confirmed numerically"

    @property
    def definitions(self) -> tuple[str, ...]:
        """The labels of the obligations that hold by definition (not proven)."""
        return tuple(label for label, v in self.verdicts if v.status == "definition")

    @property
    def as_expected(self) -> bool:
        return self.status == self.claim.expected

    @property
    def points(self) -> int:
        return sum(v.points for _, v in self.verdicts)

    @property
    def worst_residual(self) -> mpmath.mpf:
        return max((v.worst_residual for _, v in self.verdicts), default=mpmath.mpf(0))

    @property
    def counterexample(self) -> tuple[str, dict[str, str]] | None:
        for label, verdict in self.verdicts:
            if verdict.counterexample is not None:
                shown = {str(k): _show(v) for k, v in verdict.counterexample.items()}
                return label, shown
        return None


def _show(value: object) -> str:
    if isinstance(value, mpmath.mpf):
        return mpmath.nstr(value, 20)
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def check_claim(
    claim: Claim, dps: int = DEFAULT_DPS, budget: float = DEFAULT_BUDGET
) -> ClaimResult:
    """Check every obligation of one claim at ``dps`` digits."""
    start = time.perf_counter()
    obligations = claim.obligations()
    verdicts = tuple((ob.label, ob.check(dps, budget)) for ob in obligations)
    return ClaimResult(claim, verdicts, time.perf_counter() - start)


def _check_by_id(task: tuple[str, int, float]) -> ClaimResult:
    claim_id, dps, budget = task
    return check_claim(get_claim(claim_id), dps, budget)


def run_audit(
    claim_ids: list[str] | None = None,
    dps: int = DEFAULT_DPS,
    budget: float = DEFAULT_BUDGET,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> list[ClaimResult]:
    """Check the named claims (all of them by default), in ledger order.

    With ``jobs > 1`` the claims are shared among that many worker processes (each claim is
    independent and seeded, so the results are the same as with one): forked from a
    single-threaded process, spawned otherwise (a fork copies other threads' locks held).
    ``progress(done, total)`` is called as claims finish.
    """
    check_dps(dps)
    if jobs < 1:
        raise GrpoSigmaError(f"--jobs must be >= 1, got {jobs}")
    claims = [get_claim(c) for c in claim_ids] if claim_ids else list(LEDGER)
    tasks = [(c.id, dps, budget) for c in claims]
    report = progress or (lambda done, total: None)
    results: list[ClaimResult] = []
    if jobs == 1 or len(tasks) == 1:
        for task in tasks:
            results.append(_check_by_id(task))
            report(len(results), len(tasks))
        return results
    with ProcessPoolExecutor(min(jobs, len(tasks)), mp_context=worker_context()) as pool:
        for result in pool.map(_check_by_id, tasks):
            results.append(result)
            report(len(results), len(tasks))
    return results


def status_text(result: ClaimResult) -> str:
    """The verdict as it reads for the note.

    ``proven``, ``proven (population limit)``; a refuted claim that states the note's
    passage reads ``refuted: the note fails as written`` (or ``at finite G``), a refuted
    claim that negates it ``refuted: supports the note``; a proven negation reads
    ``proven: the note fails``.  A verdict the ledger did not expect is flagged.
    """
    claim = result.claim
    text = result.status
    if result.status == "proven" and claim.scope != "exact":
        text += f" ({claim.scope})"
    if claim.in_note and claim.stance == "negates":
        if result.status == "refuted":
            text += ": supports the note"
        elif result.status == "proven":
            text += ": the note fails"
    elif claim.in_note and result.status == "refuted":
        where = "at finite G" if claim.scope == "fails at finite G" else "as written"
        text += f": the note fails {where}"
    elif result.status == "refuted" and result.as_expected:
        text += " (as expected)"
    if not result.as_expected:
        text += f" — EXPECTED {claim.expected.upper()}"
    return text
