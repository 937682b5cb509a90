"""``grpo-sigma predictions FILE``: a model's real predictions, scored and held to the ledger.

The file is CSV, Parquet (``.parquet``, read with pyarrow: ``pip install
"grpo-sigma[parquet]"``) or JSON Lines (``.jsonl``, ``.ndjson``), read by the one tabular
reader (``tables``), with the columns ``prompt``, ``prediction`` (a probability in (0, 1);
with ``percent``, an answer on the 0–100 scale, clipped to [1, 99] and divided by 100, an
unparseable answer dropped and counted, as Bereket & Leskovec's loader does) and ``outcome``
(0 or 1); other column names are mapped with ``--prompt-column`` etc.  The rows of one prompt
form one group.

Reported: the ECE (10 equal bins, right-closed ``(a, b]`` as ``pandas.cut`` by default, or
left-closed ``[a, b)``; ``metrics``), AUROC (ties ½), accuracy at ½ (a prediction of ½
scores ½), Brier score, log loss,
each with a seeded percentile bootstrap interval over prompts (whole groups resampled); the
reliability diagram (count, mean prediction, frequency per bin); the share of predictions at
≤ 0.05 or ≥ 0.95; and per group the Bessel stds ``σ0 = std log(1 − p̂)`` and
``σ1 = std log p̂``, with the ledger's pathwise statement ``sigma0_exceeds_sigma1_groups``
(predictions in (½, 1), not all equal ⇒ σ0 > σ1) checked on every such group, its mirror
image (predictions in (0, ½) ⇒ σ1 > σ0, by ``reflection_swaps_sigmas``) on the groups below
½, and the ties (identical predictions, σ0 = σ1 = 0) counted apart.  A bad row stops the
command with a message naming it (its line in a CSV or JSON Lines file, its row in Parquet).
"""

from __future__ import annotations

import argparse
import math
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .. import console, options
from ..errors import GrpoSigmaError
from . import metrics, tables

COLUMNS = ("prompt", "prediction", "outcome")
EXTREME = (0.05, 0.95)
SHOWN_BAD_ROWS = 3
PERCENT_CLIP = (1.0, 99.0)
"""``--percent``: answers clipped to [1, 99] before dividing by 100 (their loader)."""
BOOTSTRAP = 1000
BOOTSTRAP_SEED = 0
LEVEL = 0.95
OUTCOMES = {"0": 0, "1": 1, "0.0": 0, "1.0": 1, "True": 1, "False": 0, "true": 1, "false": 0}


@dataclass(frozen=True)
class Predictions:
    """The rows of a file: ``group[n]`` numbers the prompt of row n (in order of appearance);
    ``dropped`` counts the unparseable answers dropped under ``percent``."""

    prompts: list[str]
    group: np.ndarray
    prediction: np.ndarray
    outcome: np.ndarray
    dropped: int = 0


def _outcome(value: Any) -> int | None:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float) and value in (0, 1):
        return int(value)
    return OUTCOMES.get(str(value).strip()) if isinstance(value, str) else None


def _check_row(
    where: str, values: tuple[Any, ...], names: tuple[str, ...], percent: bool
) -> tuple[str, float, int] | str | None:
    """The parsed row, a message naming what is wrong with it, or None for an answer
    dropped under ``percent``."""
    missing = [n for n, x in zip(names, values, strict=True) if x is None or str(x) == ""]
    if missing and not (percent and missing == [names[1]]):
        return f"{where}: missing {', '.join(missing)}"
    prompt, raw, outcome = values
    try:
        prediction = float(raw)
    except (TypeError, ValueError):
        if percent:
            return None
        return f"{where}: {names[1]} {raw!r} is not a number"
    if percent:  # their get_num: float(x), clipped to [1, 99]; NaN dropped (dropna), ±inf clipped
        if math.isnan(prediction):
            return None
        prediction = min(max(prediction, PERCENT_CLIP[0]), PERCENT_CLIP[1]) / 100.0
    elif not (math.isfinite(prediction) and 0.0 < prediction < 1.0):
        return f"{where}: {names[1]} {raw} is outside (0, 1)"
    answer = _outcome(outcome)
    if answer is None:
        return f"{where}: {names[2]} {outcome!r} is not 0 or 1"
    return str(prompt), prediction, answer


def read(
    path: str | Path, columns: tuple[str, str, str] = COLUMNS, percent: bool = False
) -> Predictions:
    """Read and validate a predictions file (CSV, Parquet or JSON Lines by its suffix;
    ``columns`` names the prompt, prediction and outcome columns); ``GrpoSigmaError``
    naming the first bad rows.  Streamed: the rows are kept as packed arrays."""
    path = Path(path)
    names = tuple(columns)
    if len(set(names)) != len(names):
        raise GrpoSigmaError(f"the prompt, prediction and outcome columns must differ: {names}")
    prompts: dict[str, int] = {}
    group, prediction, outcome = array("q"), array("d"), bytearray()
    bad: list[str] = []
    bad_count = dropped = 0
    for where, values in tables.rows(path, names):
        checked = _check_row(where, values, names, percent)
        if checked is None:
            dropped += 1
        elif isinstance(checked, str):
            bad_count += 1
            if len(bad) < SHOWN_BAD_ROWS:
                bad.append(checked)
        elif not bad_count:
            prompt, p, a = checked
            group.append(prompts.setdefault(prompt, len(prompts)))
            prediction.append(p)
            outcome.append(a)
    if bad_count:
        raise GrpoSigmaError(f"{path}: {bad_count} bad row(s), none used: {'; '.join(bad)}")
    if not prediction:
        raise GrpoSigmaError(f"{path}: no rows" + (f" ({dropped} dropped)" if dropped else ""))
    return Predictions(
        prompts=list(prompts),
        group=np.frombuffer(group, dtype=np.int64).astype(np.intp),
        prediction=np.frombuffer(prediction, dtype=float).copy(),
        outcome=np.frombuffer(bytes(outcome), dtype=np.uint8).astype(np.int8),
        dropped=dropped,
    )


def group_stds(group: np.ndarray, values: np.ndarray, groups: int) -> np.ndarray:
    """Bessel std of ``values`` within each group (NaN for a group of one)."""
    size = np.bincount(group, minlength=groups)
    mean = np.bincount(group, weights=values, minlength=groups) / size
    squares = np.bincount(group, weights=(values - mean[group]) ** 2, minlength=groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sqrt(squares / (size - 1))


def scores(
    data: Predictions,
    bins: int,
    closed: str,
    weights: np.ndarray | None = None,
    known: dict[str, np.ndarray] | None = None,
) -> dict[str, float]:
    """The metrics of the rows, each row counted ``weights[n]`` times (None: once);
    ``known`` may hold the rows' bin ``index`` and distinct-value ``inverse``."""
    p, a = data.prediction, data.outcome
    known = known or {}
    return {
        "ece": metrics.ece(p, a, bins, closed, weights, known.get("index")),
        "auroc": metrics.auroc(p, a, weights, known.get("inverse")),
        "accuracy": metrics.accuracy(p, a, weights, half_credit=True),
        "brier": metrics.brier(p, a, weights),
        "log_loss": metrics.log_loss(p, a, weights),
    }


def bootstrap(
    data: Predictions, bins: int, closed: str, resamples: int, seed: int, level: float = LEVEL
) -> dict[str, list[float | None]]:
    """Percentile intervals at ``level``: ``resamples`` times, draw as many prompts as there
    are, with replacement (seeded), and score the drawn groups' rows (a row weighted by the
    number of draws of its prompt).  A metric undefined on a resample (AUROC with one class)
    is left out of that metric's interval; None if it is undefined on every resample."""
    groups = len(data.prompts)
    rng = np.random.default_rng(seed)
    drawn: dict[str, list[float]] = {}
    known = {
        "index": metrics.bin_index(data.prediction, bins, closed),
        "inverse": np.unique(data.prediction, return_inverse=True)[1],
    }
    for _ in range(resamples):
        weights = np.bincount(rng.integers(0, groups, groups), minlength=groups)[data.group]
        for name, value in scores(data, bins, closed, weights.astype(float), known).items():
            drawn.setdefault(name, []).append(value)
    tail = (1.0 - level) / 2.0
    intervals: dict[str, list[float | None]] = {}
    for name, values in drawn.items():
        finite = np.asarray(values)[np.isfinite(values)]
        intervals[name] = (
            [None, None]
            if finite.size == 0
            else [float(x) for x in np.quantile(finite, [tail, 1.0 - tail])]
        )
    return intervals


def analyse(
    data: Predictions,
    bins: int = 10,
    closed: str = "right",
    resamples: int = BOOTSTRAP,
    seed: int = BOOTSTRAP_SEED,
) -> dict[str, Any]:
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
    diagram = metrics.reliability(p, data.outcome, bins, closed)
    edges = np.linspace(0, 1, bins + 1).round(12).tolist()
    return {
        "rows": int(p.size),
        "groups": groups,
        "dropped": data.dropped,
        "bins": {"count": bins, "closed": closed},
        **scores(data, bins, closed),
        "ece_other_convention": {
            "closed": "left" if closed == "right" else "right",
            "ece": metrics.ece(p, data.outcome, bins, "left" if closed == "right" else "right"),
        },
        "bootstrap": {
            "resamples": resamples,
            "seed": seed,
            "level": LEVEL,
            "unit": "prompt",
            "interval": bootstrap(data, bins, closed, resamples, seed) if resamples else None,
        },
        "reliability": {
            "edges": edges,
            "count": diagram["count"].tolist(),
            "mean_prediction": [None if np.isnan(x) else float(x) for x in diagram["confidence"]],
            "frequency": [None if np.isnan(x) else float(x) for x in diagram["frequency"]],
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


METRIC_NAMES = {
    "ece": "ECE",
    "auroc": "AUROC (ties 1/2)",
    "accuracy": "accuracy at 1/2 (p = 1/2 scores 1/2)",
    "brier": "Brier score",
    "log_loss": "log loss",
}


def _bin_label(a: float, b: float, closed: str) -> str:
    return f"({a:.2f}, {b:.2f}]" if closed == "right" else f"[{a:.2f}, {b:.2f})"


def format_report(report: dict[str, Any], path: str) -> str:
    above, below = report["above_half"], report["below_half"]
    closed, count = report["bins"]["closed"], report["bins"]["count"]
    other = report["ece_other_convention"]
    boot = report["bootstrap"]
    interval = boot["interval"] or {}
    dropped = f" ({report['dropped']} unparseable answers dropped)" if report["dropped"] else ""
    lines = [
        f"{path}: {report['rows']} predictions in {report['groups']} groups{dropped}",
        f"bins: {count} equal-width, {closed}-closed "
        + ("(a, b], as pandas.cut" if closed == "right" else "[a, b)"),
    ]
    if boot["interval"]:
        lines.append(
            f"{LEVEL:.0%} intervals: percentile bootstrap over prompts, "
            f"{boot['resamples']} resamples, seed {boot['seed']}"
        )
    for key, label in METRIC_NAMES.items():
        low, high = interval.get(key, [None, None])
        shown = "" if low is None else f"  [{low:.4f}, {high:.4f}]"
        lines.append(f"{label}: {report[key]:.4f}{shown}")
    lines.append(f"ECE with {other['closed']}-closed bins: {other['ece']:.4f}")
    lines.append("reliability diagram (bin: count, mean prediction, frequency of a = 1):")
    diagram = report["reliability"]
    widest = max(diagram["count"]) or 1
    for k, n in enumerate(diagram["count"]):
        label = _bin_label(diagram["edges"][k], diagram["edges"][k + 1], closed)
        mean, freq = diagram["mean_prediction"][k], diagram["frequency"][k]
        numbers = "" if n == 0 else f"  {mean:.3f}  {freq:.3f}"
        bar = "#" * round(20 * n / widest)
        lines.append(f"  {label}: {n:>7}{numbers}  {bar}".rstrip())
    lines += [
        f"share at <= 0.05 or >= 0.95: {report['extreme_share']:.4f}",
        f"groups above 1/2, not all equal: sigma0 > sigma1 holds on {above['holds']} of "
        f"{above['total']} (sigma0_exceeds_sigma1_groups)",
        f"groups below 1/2, not all equal: sigma1 > sigma0 holds on {below['holds']} of "
        f"{below['total']} (its mirror image)",
        f"ties (identical predictions, sigma0 = sigma1 = 0): {report['ties']} groups",
        f"no statement: {report['straddling_half']} groups straddle 1/2, "
        f"{report['single_prediction_groups']} have one prediction",
    ]
    return "\n".join(lines)


SCHEMA = console.schema("predictions", 2)
"""``grpo-sigma predictions --json``: numbers as JSON numbers, version 2 (metrics, both bin
conventions, bootstrap intervals, the reliability diagram)."""


def run(args: argparse.Namespace) -> int:
    if args.json:
        console.check_out_file(args.json)  # before any work
    for name, value, low, high in (
        ("--bin-count", args.bin_count, 1, 1000),
        ("--bootstrap", args.bootstrap, 0, 100_000),
        ("--seed", args.seed, 0, 2**63 - 1),
    ):
        if not low <= value <= high:
            raise GrpoSigmaError(f"{name} must be in [{low}, {high}], got {value}")
    columns = (args.prompt_column, args.prediction_column, args.outcome_column)
    data = read(args.file, columns, args.percent)
    report = analyse(data, args.bin_count, args.bins, args.bootstrap, args.seed)
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
        "file",
        type=options.path,
        help="CSV, .parquet or .jsonl with columns prompt, prediction, outcome",
    )
    parser.add_argument("--prompt-column", default="prompt", metavar="NAME")
    parser.add_argument("--prediction-column", default="prediction", metavar="NAME")
    parser.add_argument("--outcome-column", default="outcome", metavar="NAME")
    parser.add_argument(
        "--percent",
        action="store_true",
        help="predictions are answers on 0-100: clipped to [1, 99], divided by 100, an "
        "unparseable answer dropped (Bereket & Leskovec's loader)",
    )
    parser.add_argument(
        "--bins",
        choices=metrics.CONVENTIONS,
        default="right",
        help="ECE bins right-closed (a, b] as pandas.cut (default) or left-closed [a, b)",
    )
    parser.add_argument(
        "--bin-count", type=int, default=10, metavar="N", help="equal-width bins (default 10)"
    )
    parser.add_argument(
        "--bootstrap",
        type=int,
        default=BOOTSTRAP,
        metavar="B",
        help=f"bootstrap resamples of the prompts (default {BOOTSTRAP}; 0: none)",
    )
    parser.add_argument(
        "--seed", type=int, default=BOOTSTRAP_SEED, help="bootstrap seed (default 0)"
    )
    console.add_json_option(parser)
    parser.set_defaults(run=run)
