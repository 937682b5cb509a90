"""``grpo-sigma predictions FILE``: a model's real predictions, scored and held to the ledger.

The file is CSV or Parquet (``.parquet``, read with pyarrow: ``pip install
"grpo-sigma[parquet]"``) with the columns ``prompt``, ``prediction`` (a probability in
(0, 1)) and ``outcome`` (0 or 1); the rows of one prompt form one group.  Reported: the
ECE (10 equal bins), a histogram, the share of predictions at ≤ 0.05 or ≥ 0.95, and per
group the Bessel stds ``σ0 = std log(1 − p̂)`` and ``σ1 = std log p̂``, with the ledger's
pathwise statement ``sigma0_exceeds_sigma1_groups`` (predictions in (½, 1), not all equal
⇒ σ0 > σ1) checked on every such group, its mirror image (predictions in (0, ½) ⇒
σ1 > σ0, by ``reflection_swaps_sigmas``) on the groups below ½, and the ties (identical
predictions, σ0 = σ1 = 0) counted apart.  A bad row stops the command with a message
naming it (its line in a CSV, its row in a Parquet file).
"""

from __future__ import annotations

import argparse
import csv
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .. import console, options
from ..errors import GrpoSigmaError
from . import metrics

COLUMNS = ("prompt", "prediction", "outcome")
EXTREME = (0.05, 0.95)
SHOWN_BAD_ROWS = 3


@dataclass(frozen=True)
class Predictions:
    """The rows of a file: ``group[n]`` numbers the prompt of row n (in order of appearance)."""

    prompts: list[str]
    group: np.ndarray
    prediction: np.ndarray
    outcome: np.ndarray


def _check_row(line: str, row: dict[str, Any]) -> tuple[str, float, int] | str:
    """The parsed row (``line`` names it: "line 3" of a CSV, "row 2" of a Parquet file), or a
    message naming what is wrong with it."""
    missing = [name for name in COLUMNS if row.get(name) is None or str(row[name]) == ""]
    if missing:
        return f"{line}: missing {', '.join(missing)}"
    try:
        prediction = float(row["prediction"])
    except (TypeError, ValueError):
        return f"{line}: prediction {row['prediction']!r} is not a number"
    if not (math.isfinite(prediction) and 0.0 < prediction < 1.0):
        return f"{line}: prediction {row['prediction']} is outside (0, 1)"
    outcome = row["outcome"]
    if str(outcome).strip() not in ("0", "1", "0.0", "1.0", "True", "False"):
        return f"{line}: outcome {outcome!r} is not 0 or 1"
    return str(row["prompt"]), prediction, int(str(outcome).strip() in ("1", "1.0", "True"))


def _csv_rows(path: Path) -> list[tuple[str, dict[str, Any]]]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            _require_columns(path, reader.fieldnames or [])
            return [(f"line {n}", row) for n, row in enumerate(reader, start=2)]
    except OSError as error:
        raise GrpoSigmaError(f"cannot read {path}: {error.strerror}") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise GrpoSigmaError(f"{path} is not a readable CSV file: {error}") from None


def _parquet_rows(path: Path) -> list[tuple[str, dict[str, Any]]]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise GrpoSigmaError(
            f"{path}: reading Parquet needs pyarrow (pip install 'grpo-sigma[parquet]'), "
            "or write the file as CSV with columns prompt,prediction,outcome"
        ) from None
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException) as error:
        reason = getattr(error, "strerror", None) or str(error).splitlines()[0]
        raise GrpoSigmaError(f"cannot read {path} as Parquet: {reason}") from None
    _require_columns(path, table.column_names)
    return [(f"row {n}", row) for n, row in enumerate(table.select(COLUMNS).to_pylist(), 1)]


def _require_columns(path: Path, header: list[str]) -> None:
    absent = [name for name in COLUMNS if name not in header]
    if absent:
        raise GrpoSigmaError(
            f"{path}: no column {', '.join(absent)} (the header must name "
            f"{', '.join(COLUMNS)}; found {', '.join(header) or 'nothing'})"
        )


def read(path: str | Path) -> Predictions:
    """Read and validate a predictions file (CSV, or Parquet by its suffix);
    ``GrpoSigmaError`` naming the first bad rows."""
    path = Path(path)
    parquet = path.suffix.lower() == ".parquet"
    if parquet and not path.is_file():
        raise GrpoSigmaError(f"cannot read {path}: No such file")
    rows, bad = [], []
    for line, row in _parquet_rows(path) if parquet else _csv_rows(path):
        checked = _check_row(line, row)
        (bad if isinstance(checked, str) else rows).append(checked)
    if bad:
        shown = "; ".join(bad[:SHOWN_BAD_ROWS])
        raise GrpoSigmaError(f"{path}: {len(bad)} bad row(s), none used: {shown}")
    if not rows:
        raise GrpoSigmaError(f"{path}: no rows")
    prompts: dict[str, int] = {}
    group = np.array([prompts.setdefault(prompt, len(prompts)) for prompt, _, _ in rows])
    return Predictions(
        prompts=list(prompts),
        group=group,
        prediction=np.array([p for _, p, _ in rows]),
        outcome=np.array([a for _, _, a in rows]),
    )


def group_stds(group: np.ndarray, values: np.ndarray, groups: int) -> np.ndarray:
    """Bessel std of ``values`` within each group (NaN for a group of one)."""
    size = np.bincount(group, minlength=groups)
    mean = np.bincount(group, weights=values, minlength=groups) / size
    squares = np.bincount(group, weights=(values - mean[group]) ** 2, minlength=groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sqrt(squares / (size - 1))


def analyse(data: Predictions, bins: int = 10) -> dict[str, Any]:
    """Everything the command reports, as plain data."""
    groups = len(data.prompts)
    p, g = data.prediction, data.group
    sigma0 = group_stds(g, np.log1p(-p), groups)
    sigma1 = group_stds(g, np.log(p), groups)
    size = np.bincount(g, minlength=groups)
    lowest = np.full(groups, np.inf)
    highest = np.full(groups, -np.inf)
    np.minimum.at(lowest, g, p)
    np.maximum.at(highest, g, p)
    several = size >= 2
    tie = several & (lowest == highest)
    above = several & ~tie & (lowest > 0.5)
    below = several & ~tie & (highest < 0.5)
    counts = np.bincount(metrics.bin_index(p, bins), minlength=bins)
    return {
        "rows": int(p.size),
        "groups": groups,
        "ece": metrics.ece(p, data.outcome, bins),
        "histogram": {
            "edges": np.linspace(0, 1, bins + 1).round(12).tolist(),
            "count": counts.tolist(),
        },
        "extreme_share": metrics.extreme_share(p, *EXTREME),
        "above_half": {
            "claim": "sigma0_exceeds_sigma1_groups",
            "holds": int((sigma0[above] > sigma1[above]).sum()),
            "total": int(above.sum()),
        },
        "below_half": {
            "claim": "sigma0_exceeds_sigma1_groups mirrored (reflection_swaps_sigmas)",
            "holds": int((sigma1[below] > sigma0[below]).sum()),
            "total": int(below.sum()),
        },
        "ties": int(tie.sum()),
        "straddling_half": int((several & ~tie & ~above & ~below).sum()),
        "single_prediction_groups": int((~several).sum()),
    }


def format_report(report: dict[str, Any], path: str) -> str:
    above, below = report["above_half"], report["below_half"]
    edges, counts = report["histogram"]["edges"], report["histogram"]["count"]
    histogram = "  ".join(
        f"[{a:.1f},{b:.1f}): {n}" for a, b, n in zip(edges, edges[1:], counts, strict=False)
    )
    return "\n".join(
        [
            f"{path}: {report['rows']} predictions in {report['groups']} groups",
            f"ECE (10 equal bins): {report['ece']:.4f}",
            f"share at <= 0.05 or >= 0.95: {report['extreme_share']:.4f}",
            f"histogram: {histogram}",
            f"groups above 1/2, not all equal: sigma0 > sigma1 holds on {above['holds']} of "
            f"{above['total']} (sigma0_exceeds_sigma1_groups)",
            f"groups below 1/2, not all equal: sigma1 > sigma0 holds on {below['holds']} of "
            f"{below['total']} (its mirror image)",
            f"ties (identical predictions, sigma0 = sigma1 = 0): {report['ties']} groups",
            f"no statement: {report['straddling_half']} groups straddle 1/2, "
            f"{report['single_prediction_groups']} have one prediction",
        ]
    )


SCHEMA = console.schema("predictions", 1)
"""``grpo-sigma predictions --json``: numbers as JSON numbers, version 1."""


def run(args: argparse.Namespace) -> int:
    if args.json:
        console.check_out_file(args.json)  # before any work
    report = analyse(read(args.file))
    if args.json:
        console.write_json({"schema": SCHEMA, **report}, args.json)
    if args.json != "-":
        print(format_report(report, args.file))
    return 0


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "predictions",
        help="score a model's predictions (CSV: prompt,prediction,outcome) and check σ0 > σ1",
    )
    parser.add_argument(
        "file", type=options.path, help="CSV or .parquet with columns prompt, prediction, outcome"
    )
    console.add_json_option(parser)
    parser.set_defaults(run=run)
