"""The audit as text and JSON: the table, the statements and scopes, the counterexamples;
and the ``grpo-sigma audit`` command."""

from __future__ import annotations

import argparse
import os
import textwrap

import mpmath

from .. import console
from ..console import ProgressBar, check_out_dir, check_out_file
from ..engine.obligations import DEFAULT_DPS
from ..ledger.audit import ClaimResult, over_uses, run_audit, status_text
from ..ledger.cache import ENVIRONMENT, default_directory
from .findings import beyond_the_note, findings, format_findings

WIDTH = 100
"""The audit's text fits this many columns: long statements and findings are wrapped."""


def wrapped(line: str, width: int = WIDTH) -> list[str]:
    """One line wrapped to ``width`` columns, continuation lines indented two more spaces."""
    indent = line[: len(line) - len(line.lstrip())]
    return textwrap.wrap(
        line, width, subsequent_indent=indent + "    ", break_on_hyphens=False
    ) or [line]


def format_table(results: list[ClaimResult], timings: bool = True) -> str:
    """The audit as a fixed-width text table (at most 100 columns), then each claim's
    statement, scope, method and counterexample, wrapped, then the findings."""
    header = ["claim", "status", "points", "residual"]
    rows = [
        [r.claim.id, status_text(r), str(r.points), mpmath.nstr(r.worst_residual, 2)]
        for r in results
    ]
    if timings:
        header.append("sec")
        for row, r in zip(rows, results, strict=True):
            row.append(f"{r.seconds:.1f}")
    narrow = [max(len(row[k]) for row in [header, *rows]) for k in range(len(header))]
    lines = [
        "  ".join(c.ljust(n) for c, n in zip(row, narrow, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * n for n in narrow))
    digits = {v.digits for r in results for _, v in r.verdicts}
    lines.append(
        f"(every obligation cross-checked at {', '.join(map(str, sorted(digits)))} digits)"
    )
    graph = over_uses(results)
    for r in results:
        lines.append("")
        lines += wrapped(f"{r.claim.id}: {r.claim.statement}")
        if r.claim.uses:
            lines += wrapped(
                f"  over what it uses ({', '.join(r.claim.uses)}): {graph[r.claim.id]}"
            )
        lines += wrapped(f"  scope: {r.claim.scope}; {r.claim.scope_note}")
        lines += wrapped(f"  method: {r.claim.method}")
        if r.definitions:
            lines += wrapped(f"  by definition, not proven: {'; '.join(r.definitions)}")
        found = r.counterexample
        if found:
            label, point = found
            shown = ", ".join(f"{k}={v}" for k, v in point.items())
            lines += wrapped(f"  counterexample ({label}): {shown}")
    good = sum(r.as_expected for r in results)
    lines.append("")
    lines.append(f"{good} of {len(results)} claims have their expected verdict")
    lines.append("")
    lines += [w for line in format_findings(results).splitlines() for w in wrapped(line)]
    return "\n".join(lines)


SCHEMA = console.schema("audit", 3)
"""The audit JSON's schema: version 3 adds each claim's ``status_over_uses``; version 2
writes residuals as JSON numbers (version 1: strings); counterexample coordinates stay
strings of 20 significant digits, exact as printed."""


def to_json(results: list[ClaimResult], timings: bool = True) -> dict:
    """The audit as plain data (deterministic without timings), with its schema version."""
    claims = []
    graph = over_uses(results)
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
            "status_over_uses": graph[r.claim.id],
            "reads": status_text(r),
            "as_expected": r.as_expected,
            "digits": r.verdicts[0][1].digits if r.verdicts else 0,
            "points": r.points,
            "worst_residual": float(mpmath.nstr(r.worst_residual, 5)),
            "counterexample": None,
            "obligations": [
                {
                    "label": label,
                    "status": v.status,
                    "method": v.method,
                    "detail": v.detail,
                    "points": v.points,
                    "worst_residual": float(mpmath.nstr(v.worst_residual, 5)),
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
        "schema": SCHEMA,
        "claims": claims,
        "all_as_expected": all(r.as_expected for r in results),
        "findings": [f.as_dict() for f in findings(results)],
        "beyond_the_note": beyond_the_note(results),
    }


def run(args: argparse.Namespace) -> int:
    if args.html:
        check_out_dir(args.html)  # before any computing
    if args.json:
        check_out_file(args.json)
    bar = ProgressBar("audit", delay=2.0)  # on a TTY, for a run over 2 s
    try:
        cache = None if args.no_cache else (args.cache_dir or default_directory())
        results = run_audit(args.claim or None, args.dps, jobs=args.jobs, progress=bar, cache=cache)
    finally:
        bar.close()
    timings = not args.no_timings
    if args.html:
        from .html import write_html

        write_html(args.html, results)
    if args.json:
        console.write_json(to_json(results, timings), args.json)
    if args.json != "-":
        print(format_table(results, timings))
        if cache is not None:
            reused = sum(r.cached for r in results)
            print(f"\n{reused} of {len(results)} claims' verdicts came from the cache in {cache}")
    return 0 if all(r.as_expected for r in results) else 1


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("audit", help="check every claim of the note")
    parser.add_argument("--claim", action="append", metavar="ID", help="check only this claim")
    parser.add_argument("--dps", type=int, default=DEFAULT_DPS, help="decimal digits (default 50)")
    console.add_json_option(parser)
    parser.add_argument(
        "--html", metavar="DIR", help="also write a web report into DIR (index.html)"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes (default: one per core)",
    )
    parser.add_argument(
        "--no-timings", action="store_true", help="omit seconds, for byte-identical reports"
    )
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        help=f"the verdict cache (default: ${ENVIRONMENT}, else the user's cache directory)",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="prove everything afresh, store nothing"
    )
    parser.set_defaults(run=run)
