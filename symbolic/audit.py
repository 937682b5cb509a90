"""The audit: run every claim of the ledger and report, claim by claim, what holds.

A claim is *proven* when every one of its obligations is proven, *refuted* when one of them
fails at a point (the counterexample is shown), and *confirmed numerically* when the
cross-check passes but a proof was not found.  The audit succeeds when every claim gets
the verdict the ledger expects.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import mpmath

from .claims import LEDGER, Claim, get_claim
from .errors import GrpoSigmaError
from .proof import DEFAULT_BUDGET, DEFAULT_DPS, Verdict, resolve_chains

MIN_DPS, MAX_DPS = 40, 1000


@dataclass(frozen=True)
class ClaimResult:
    """The verdicts of one claim's obligations, and what they add up to."""

    claim: Claim
    verdicts: tuple[tuple[str, Verdict], ...]
    seconds: float

    @property
    def status(self) -> str:
        states = [v.status for _, v in self.verdicts]
        if "refuted" in states:
            return "refuted"
        return "proven" if all(s == "proven" for s in states) else "confirmed numerically"

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
    checked = [(ob, ob.check(dps, budget)) for ob in obligations]
    verdicts = tuple(
        (ob.label, v) for ob, v in zip(obligations, resolve_chains(checked), strict=True)
    )
    return ClaimResult(claim, verdicts, time.perf_counter() - start)


def _check_by_id(task: tuple[str, int, float]) -> ClaimResult:
    claim_id, dps, budget = task
    return check_claim(get_claim(claim_id), dps, budget)


def run_audit(
    claim_ids: list[str] | None = None,
    dps: int = DEFAULT_DPS,
    budget: float = DEFAULT_BUDGET,
    jobs: int = 1,
) -> list[ClaimResult]:
    """Check the named claims (all of them by default), in ledger order.

    With ``jobs > 1`` the claims are shared among that many forked worker processes (each
    claim is independent and seeded, so the results are the same as with one).
    """
    if not MIN_DPS <= dps <= MAX_DPS:
        raise GrpoSigmaError(f"--dps must be between {MIN_DPS} and {MAX_DPS}, got {dps}")
    if jobs < 1:
        raise GrpoSigmaError(f"--jobs must be >= 1, got {jobs}")
    claims = [get_claim(c) for c in claim_ids] if claim_ids else list(LEDGER)
    tasks = [(c.id, dps, budget) for c in claims]
    if jobs == 1 or len(tasks) == 1 or "fork" not in mp.get_all_start_methods():
        return [_check_by_id(t) for t in tasks]
    with ProcessPoolExecutor(min(jobs, len(tasks)), mp_context=mp.get_context("fork")) as pool:
        return list(pool.map(_check_by_id, tasks))


def status_text(result: ClaimResult) -> str:
    """``proven``, ``proven (population limit)``, ``refuted (as expected)``, ..."""
    text = result.status
    if result.status == "proven" and result.claim.scope != "exact":
        text += f" ({result.claim.scope})"
    if result.claim.expected == "refuted" and result.status == "refuted":
        text += " (as expected)"
    if not result.as_expected:
        text += f" — EXPECTED {result.claim.expected.upper()}"
    return text


def format_table(results: list[ClaimResult], timings: bool = True) -> str:
    """The audit as a fixed-width text table, with counterexamples under it."""
    header = ["claim", "status", "method", "digits", "points", "worst residual"]
    rows = [
        [
            r.claim.id,
            status_text(r),
            r.claim.method,
            str(r.verdicts[0][1].digits if r.verdicts else 0),
            str(r.points),
            mpmath.nstr(r.worst_residual, 3),
        ]
        for r in results
    ]
    if timings:
        header.append("seconds")
        for row, r in zip(rows, results, strict=True):
            row.append(f"{r.seconds:.2f}")
    narrow = [max(len(row[k]) for row in [header, *rows]) for k in range(len(header))]
    lines = [
        "  ".join(c.ljust(n) for c, n in zip(row, narrow, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * n for n in narrow))
    for r in results:
        lines.append("")
        lines.append(f"{r.claim.id}: {r.claim.statement}")
        lines.append(f"  scope: {r.claim.scope}; {r.claim.scope_note}")
        found = r.counterexample
        if found:
            label, point = found
            lines.append(
                f"  counterexample ({label}): " + ", ".join(f"{k}={v}" for k, v in point.items())
            )
    good = sum(r.as_expected for r in results)
    lines.append("")
    lines.append(f"{good} of {len(results)} claims have their expected verdict")
    return "\n".join(lines)


def to_json(results: list[ClaimResult], timings: bool = True) -> dict:
    """The audit as plain data (deterministic without timings)."""
    claims = []
    for r in results:
        entry = {
            "id": r.claim.id,
            "sentence": r.claim.sentence,
            "statement": r.claim.statement,
            "scope": r.claim.scope,
            "scope_note": r.claim.scope_note,
            "method": r.claim.method,
            "expected": r.claim.expected,
            "status": r.status,
            "as_expected": r.as_expected,
            "digits": r.verdicts[0][1].digits if r.verdicts else 0,
            "points": r.points,
            "worst_residual": mpmath.nstr(r.worst_residual, 5),
            "counterexample": None,
            "obligations": [
                {
                    "label": label,
                    "status": v.status,
                    "method": v.method,
                    "detail": v.detail,
                    "points": v.points,
                    "worst_residual": mpmath.nstr(v.worst_residual, 5),
                }
                for label, v in r.verdicts
            ],
        }
        found = r.counterexample
        if found:
            entry["counterexample"] = {"obligation": found[0], "point": found[1]}
        if timings:
            entry["seconds"] = round(r.seconds, 3)
        claims.append(entry)
    return {"claims": claims, "all_as_expected": all(r.as_expected for r in results)}


def run(args: argparse.Namespace) -> int:
    results = run_audit(args.claim or None, args.dps, jobs=args.jobs)
    timings = not args.no_timings
    if args.json:
        text = json.dumps(to_json(results, timings), indent=2, ensure_ascii=False) + "\n"
        if args.json == "-":
            sys.stdout.write(text)
        else:
            try:
                with open(args.json, "w", encoding="utf-8") as handle:
                    handle.write(text)
            except OSError as error:
                raise GrpoSigmaError(f"cannot write {args.json}: {error.strerror}") from None
    if args.json != "-":
        print(format_table(results, timings))
    return 0 if all(r.as_expected for r in results) else 1


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("audit", help="check every claim of the note")
    parser.add_argument("--claim", action="append", metavar="ID", help="check only this claim")
    parser.add_argument("--dps", type=int, default=DEFAULT_DPS, help="decimal digits (default 50)")
    parser.add_argument("--json", metavar="PATH", help="also write JSON to PATH ('-': stdout)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="worker processes (default: 2, or 1 on a one-core machine)",
    )
    parser.add_argument(
        "--no-timings", action="store_true", help="omit seconds, for byte-identical reports"
    )
    parser.set_defaults(run=run)
