"""``grpo-sigma simulate --seeds N``: N training seeds, run in worker processes, summarized.

Seeds ``s, s + 1, …, s + N − 1`` (``s`` = ``--seed``) change only the training draws; the
dataset (its own ``data_seed``) and everything else stay fixed.  For every algorithm (dataset
mode) or mode (target mode), every metric is summarized over the seeds as its mean, its
sample standard deviation (``ddof = 1``; 0 for one seed), its minimum and its maximum.  In the
dataset mode each published ECE of Bereket & Leskovec is compared with the seeds' spread:
inside ``[min, max]`` or not, and its distance from the mean in standard deviations.
The tasks (one per seed and algorithm) are independent, so the results do not depend on
``--jobs``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from typing import Any

import numpy as np

from .. import console
from ..errors import GrpoSigmaError
from ..numeric import validate as v
from . import algorithms as alg
from .config import SimulationConfig
from .dataset_report import PUBLISHED_ECE, config_json
from .dataset_training import DatasetConfig, train_algorithm
from .datasets import Dataset, draw
from .training import simulate

DATASET_METRICS = ("ece", "auroc", "accuracy", "mean_abs_error")
TARGET_METRICS = ("final_mean", "most_likely", "distance")
MAX_SEEDS = 1000
SCHEMA = console.schema("simulate seeds", 1)
"""``grpo-sigma simulate --seeds N --json``: numbers as JSON numbers, version 1."""


def seed_list(first: int, count: int) -> list[int]:
    """``first, first + 1, …, first + count − 1``."""
    v.check_integer("seeds", count, 1, MAX_SEEDS)
    v.check_integer("seed", first, 0)
    return list(range(first, first + count))


def summary(values: Sequence[float]) -> dict[str, float | int]:
    """Mean, sample SD (ddof 1; 0 for one value), min and max of the values."""
    x = np.asarray(values, dtype=float)
    sd = float(x.std(ddof=1)) if x.size > 1 else 0.0
    return {
        "n": int(x.size),
        "mean": float(x.mean()),
        "sd": sd,
        "min": float(x.min()),
        "max": float(x.max()),
    }


def compare(published: float | None, spread: dict[str, float | int]) -> dict[str, Any] | None:
    """Is a published value inside the seeds' ``[min, max]``; how many SDs from the mean."""
    if published is None:
        return None
    sd = spread["sd"]
    return {
        "published": published,
        "within_min_max": bool(spread["min"] <= published <= spread["max"]),
        "sd_from_mean": None if sd == 0 else (published - spread["mean"]) / sd,
    }


def _dataset_task(config: DatasetConfig, data: Dataset, name: str) -> dict[str, float]:
    final = train_algorithm(config, data, name).final
    return {key: float(getattr(final, key)) for key in DATASET_METRICS}


def _target_task(config: SimulationConfig) -> dict[str, dict[str, float]]:
    result = simulate(config)
    return {
        mode: {
            key: float(np.mean(getattr(r, key))) if key != "distance" else r.distance
            for key in TARGET_METRICS
        }
        for mode, r in result.modes.items()
    }


def _map(
    task: Callable[..., Any],
    calls: list[tuple],
    jobs: int,
    progress: Callable[[int, int], None] | None,
    weight: Sequence[int],
) -> list[Any]:
    """``[task(*c) for c in calls]``, ``jobs`` at a time in worker processes (costliest first)."""
    v.check_integer("jobs", jobs, 1)
    total, done = sum(weight), 0
    if progress is not None:
        progress(0, total)
    if jobs == 1:
        results = []
        for call, w in zip(calls, weight, strict=True):
            results.append(task(*call))
            done += w
            if progress is not None:
                progress(done, total)
        return results
    order = sorted(range(len(calls)), key=lambda k: -weight[k])
    with ProcessPoolExecutor(min(jobs, len(calls)), mp_context=console.worker_context()) as pool:
        futures = {k: pool.submit(task, *calls[k]) for k in order}
        for k in order:
            futures[k].result()
            done += weight[k]
            if progress is not None:
                progress(done, total)
        return [futures[k].result() for k in range(len(calls))]


def run_dataset(
    config: DatasetConfig,
    seeds: Sequence[int],
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Train every algorithm at every seed; the per-seed metrics and their summary."""
    data = draw(config.questions, config.categories, config.data_seed)
    calls = [(replace(config, seed=s), data, name) for name in config.algorithms for s in seeds]
    weight = [alg.cost(name, config.group_size) for _, _, name in calls]
    finals = iter(_map(_dataset_task, calls, jobs, progress, weight))
    algorithms = {}
    for name in config.algorithms:
        runs = [next(finals) for _ in seeds]
        metrics = {key: summary([r[key] for r in runs]) for key in DATASET_METRICS}
        algorithms[name] = {
            "per_seed": {key: [r[key] for r in runs] for key in DATASET_METRICS},
            "summary": metrics,
            "published_ece": compare(PUBLISHED_ECE.get(name), metrics["ece"]),
        }
    config_out = config_json(config)
    del config_out["seed"]
    return {
        "schema": SCHEMA,
        "mode": "dataset",
        "config": config_out,
        "seeds": list(seeds),
        "algorithms": algorithms,
    }


def run_target(
    config: SimulationConfig,
    seeds: Sequence[int],
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """``simulate`` at every seed; per mode the per-seed metrics and their summary."""
    if not config.binary:
        raise GrpoSigmaError("--seeds takes a binary target p in (0, 1)")
    calls = [(replace(config, seed=s),) for s in seeds]
    runs = _map(_target_task, calls, jobs, progress, [1] * len(calls))
    modes = {}
    for mode in config.modes:
        per_seed = {key: [r[mode][key] for r in runs] for key in TARGET_METRICS}
        modes[mode] = {
            "per_seed": per_seed,
            "summary": {key: summary(x) for key, x in per_seed.items()},
        }
    return {
        "schema": SCHEMA,
        "mode": "target",
        "target": config.target,
        "seeds": list(seeds),
        "modes": modes,
    }


def _cell(spread: dict[str, float | int]) -> str:
    return f"{spread['mean']:.4f} ± {spread['sd']:.4f} [{spread['min']:.4f}, {spread['max']:.4f}]"


def format_table(report: dict[str, Any]) -> str:
    """One row per algorithm (mode): mean ± SD [min, max] of each metric; in the dataset
    mode the published ECE and whether it lies in the seeds' [min, max]."""
    seeds = report["seeds"]
    dataset = report["mode"] == "dataset"
    keys = DATASET_METRICS if dataset else TARGET_METRICS
    entries = report["algorithms" if dataset else "modes"]
    head = ["algorithm" if dataset else "mode", *keys]
    if dataset:
        head += ["published ECE", "in [min, max]"]
    rows = []
    for name, entry in entries.items():
        row = [name, *(_cell(entry["summary"][k]) for k in keys)]
        if dataset:
            c = entry["published_ece"]
            row += (
                ["-", "-"]
                if c is None
                else [f"{c['published']:.4f}", "yes" if c["within_min_max"] else "no"]
            )
        rows.append(row)
    widths = [max(len(r[k]) for r in [head, *rows]) for k in range(len(head))]
    title = f"{len(seeds)} seeds ({seeds[0]}..{seeds[-1]}): mean ± SD [min, max]" + (
        "" if dataset else f", target p = {report['target']}"
    )
    lines = [title, "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(line.rstrip() for line in lines)
