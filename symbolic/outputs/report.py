"""The audit as text and JSON: the table, the statements and scopes, the counterexamples;
and the ``grpo-sigma audit`` command."""

from __future__ import annotations

import argparse
import json
import os
import sys

import mpmath

from ..engine.obligations import DEFAULT_DPS
from ..errors import GrpoSigmaError
from ..ledger.audit import ClaimResult, run_audit, status_text
from .files import check_out_dir
from .findings import beyond_the_note, findings, format_findings


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
    lines += ["", format_findings(results)]
    return "\n".join(lines)


def to_json(results: list[ClaimResult], timings: bool = True) -> dict:
    """The audit as plain data (deterministic without timings)."""
    claims = []
    for r in results:
        entry = {
            "id": r.claim.id,
            "sentence": r.claim.sentence,
            "quotes": list(r.claim.quotes),
            "stance": r.claim.stance,
            "condition": r.claim.condition,
            "statement": r.claim.statement,
            "scope": r.claim.scope,
            "scope_note": r.claim.scope_note,
            "method": r.claim.method,
            "expected": r.claim.expected,
            "status": r.status,
            "reads": status_text(r),
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
    return {
        "claims": claims,
        "all_as_expected": all(r.as_expected for r in results),
        "findings": [f.as_dict() for f in findings(results)],
        "beyond_the_note": beyond_the_note(results),
    }


def run(args: argparse.Namespace) -> int:
    if args.html:
        check_out_dir(args.html)  # before any computing
    results = run_audit(args.claim or None, args.dps, jobs=args.jobs)
    timings = not args.no_timings
    if args.html:
        from .html import write_html

        write_html(args.html, results)
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
        "--html", metavar="DIR", help="also write a web report into DIR (index.html)"
    )
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
