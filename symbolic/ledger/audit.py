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

import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import mpmath

from ..console import worker_context
from ..engine.kernel import genuine, worker_pool
from ..engine.obligations import (
    DEFAULT_BUDGET,
    DEFAULT_DPS,
    SEALED,
    Obligation,
    Verdict,
    statement_of,
)
from ..engine.verdict import PAST_BUDGET
from ..errors import GrpoSigmaError
from ..numeric.validate import check_dps
from . import LEDGER, Claim, get_claim
from .cache import VerdictCache, claim_keys, default_directory, manifest_key


@dataclass(frozen=True)
class ClaimResult:
    """The verdicts of one claim's obligations, and what they add up to.

    ``statements`` holds the digest of each obligation's statement, in the order of
    ``verdicts``: a verdict counts as proven only if its theorem is genuine and proves that
    statement (checked again here, whatever built the verdict).  ``cached``: the verdicts
    came from the verdict cache."""

    claim: Claim
    verdicts: tuple[tuple[str, Verdict], ...]
    seconds: float
    statements: tuple[str, ...] = ()
    cached: bool = False

    def proven(self, k: int) -> bool:
        """Whether the ``k``-th verdict is a genuine proof of its obligation's statement."""
        verdict = self.verdicts[k][1]
        statement = self.statements[k] if k < len(self.statements) else None
        return type(verdict) is Verdict and genuine(verdict.theorem, statement or "")

    @property
    def states(self) -> list[str]:
        """Each verdict's status, ``proven`` only where ``proven(k)`` holds."""
        return [
            "unknown" if v.status == "proven" and not self.proven(k) else v.status
            for k, (_, v) in enumerate(self.verdicts)
        ]

    @property
    def status(self) -> str:
        states = [s for s in self.states if s != "definition"]
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


_BUILT: dict[Claim, tuple[tuple[Obligation, ...], tuple[str, ...]]] = {}
"""Each claim's obligations and their statements' digests, built once per audit run (the
cache's keys and the checks share them); emptied when a run starts, so a model changed
between runs is seen; keyed by the claim itself, so a claim replaced at run time is built
anew."""


def _built(claim: Claim) -> tuple[tuple[Obligation, ...], tuple[str, ...]]:
    if claim not in _BUILT:
        obligations = tuple(claim.obligations())
        _BUILT[claim] = obligations, tuple(statement_of(ob) for ob in obligations)
    return _BUILT[claim]


def statements_of(claim: Claim) -> tuple[str, ...]:
    """The digests of the claim's obligations' statements (``engine.digest``)."""
    return _built(claim)[1]


def _admitted(obligation: Obligation, statement: str, verdict: Verdict) -> Verdict:
    """The verdict; one that says proven without a genuine theorem of exactly this statement
    (an obligation of another class, a verdict made by hand) is reported unknown."""
    if type(verdict) is not Verdict:
        raise GrpoSigmaError(f"{obligation.label or 'an obligation'} gave no Verdict")
    if verdict.status != "proven":
        return verdict
    if type(obligation) in SEALED and genuine(verdict.theorem, statement):
        return verdict
    return dataclasses.replace(
        verdict, **PAST_BUDGET, detail="not proven: no theorem of the kernel for this statement"
    )


def check_claim(
    claim: Claim, dps: int = DEFAULT_DPS, budget: float = DEFAULT_BUDGET
) -> ClaimResult:
    """Check every obligation of one claim at ``dps`` digits (built afresh)."""
    _BUILT.pop(claim, None)
    return _checked(claim, dps, budget)


def _checked(claim: Claim, dps: int, budget: float) -> ClaimResult:
    start = time.perf_counter()
    obligations, statements = _built(claim)
    verdicts = tuple(
        (ob.label, _admitted(ob, statement, ob.check(dps, budget)))
        for ob, statement in zip(obligations, statements, strict=True)
    )
    return ClaimResult(claim, verdicts, time.perf_counter() - start, statements)


def _cached_or_checked(
    task: tuple[str, int, float, str | None, str | None],
) -> tuple[ClaimResult, str | None]:
    """One claim's result and key: from the cache under its key if there, else checked (and
    stored, when there is a cache)."""
    claim_id, dps, budget, directory, key = task
    claim = get_claim(claim_id)
    if directory is None:
        return _checked(claim, dps, budget), None
    store = VerdictCache(directory)
    key = key or claim_keys([claim], dps, budget, statements_of)[claim_id]
    found = store.load(key)
    if found is not None:
        verdicts, seconds, statements = found
        return ClaimResult(claim, verdicts, seconds, statements, cached=True), key
    result = _checked(claim, dps, budget)
    store.store(key, result.verdicts, result.seconds, result.statements)
    return result, key


def run_audit(
    claim_ids: list[str] | None = None,
    dps: int = DEFAULT_DPS,
    budget: float = DEFAULT_BUDGET,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    cache: Path | str | None = None,
) -> list[ClaimResult]:
    """Check the named claims (all of them by default), in ledger order.

    With ``cache`` (a directory), verdicts whose key is stored there are reused and the
    others stored (``ledger.cache``); an unchanged package finds every key through its
    manifest without building a claim.  With ``jobs > 1`` the claims are shared among that
    many worker processes (each claim is independent and seeded, so the results are the
    same as with one): forked from a single-threaded process, spawned otherwise (a fork
    copies other threads' locks held).  ``progress(done, total)`` is called as claims finish.
    """
    check_dps(dps)
    if jobs < 1:
        raise GrpoSigmaError(f"--jobs must be >= 1, got {jobs}")
    claims = [get_claim(c) for c in claim_ids] if claim_ids else list(LEDGER)
    ids = [c.id for c in claims]
    _BUILT.clear()
    directory = None if cache is None else str(VerdictCache(cache).directory)
    keys: dict[str, str] = {}
    if directory is not None:
        manifest = manifest_key(claims, dps, budget)
        keys = VerdictCache(directory).keys_for(manifest) or {}
    tasks = [(c.id, dps, budget, directory, keys.get(c.id)) for c in claims]
    report = progress or (lambda done, total: None)
    done: list[tuple[ClaimResult, str | None]] = []
    if jobs == 1 or len(tasks) == 1 or all(key for *_, key in tasks):
        for task in tasks:
            done.append(_cached_or_checked(task))
            report(len(done), len(tasks))
    else:
        with worker_pool(min(jobs, len(tasks)), worker_context()) as pool:
            for found in pool.map(_cached_or_checked, tasks):
                done.append(found)
                report(len(done), len(tasks))
    if directory is not None and set(keys) != set(ids):
        VerdictCache(directory).record_keys(manifest, {r.claim.id: k for r, k in done})
    return [result for result, _ in done]


FOUNDATIONS = ("proven", "agrees with oracle", "definition")
"""What a claim may rest on and still be fully proven: proofs, and the model's definitions
checked against an independent oracle (definitions are not theorems; nothing proves them)."""


def over_uses(results: Sequence[ClaimResult]) -> dict[str, str]:
    """Each proven claim's status over everything it uses, transitively (leanblueprint's
    *fully proved*): ``fully proven`` when every claim below it is proven or a checked
    definition; ``proven, resting on a refuted claim (ids)`` or ``proven, resting on N
    unproven (ids)`` otherwise.  A claim that is not proven keeps its own status.  Claims
    used but not in ``results`` count as unproven."""
    status = {r.claim.id: r.status for r in results}
    below: dict[str, set[str]] = {}

    def ancestors(claim_id: str) -> set[str]:
        if claim_id not in below:
            found: set[str] = set()
            for used in get_claim(claim_id).uses:
                found |= {used} | ancestors(used)
            below[claim_id] = found
        return below[claim_id]

    shown = {}
    for result in results:
        own = result.status
        if own != "proven":
            shown[result.claim.id] = own
            continue
        under = sorted(ancestors(result.claim.id))
        refuted = [u for u in under if status.get(u) == "refuted"]
        weak = [u for u in under if status.get(u) not in FOUNDATIONS]
        if refuted:
            shown[result.claim.id] = f"proven, resting on a refuted claim ({', '.join(refuted)})"
        elif weak:
            shown[result.claim.id] = f"proven, resting on {len(weak)} unproven ({', '.join(weak)})"
        else:
            shown[result.claim.id] = "fully proven"
    return shown


def audit_claim(claim_id: str, dps: int = DEFAULT_DPS) -> ClaimResult:
    """One claim's result through the user's verdict cache (``cache.default_directory``)."""
    return run_audit([claim_id], dps, cache=default_directory())[0]


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
