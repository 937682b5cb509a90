"""What the dataset experiment prints, writes and draws.

The ECE table sits next to Bereket & Leskovec's published ECEs (their Figure 1, 50,000
steps); the pictures are a Figure-1-style panel (predicted against true probability, one
panel per algorithm), reliability diagrams, the ECE over training, and GRPO's per-category
mean prediction over training with the biased optimum ``p̂*`` of its current policy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from .. import console
from ..outputs import files
from .dataset_training import AlgorithmResult, DatasetConfig
from .datasets import Dataset
from .metrics import reliability
from .plots import PLOT_DPI, _pyplot, _save

PUBLISHED_ECE: dict[str, float] = {
    "grpo": 0.2386,
    "rloo-bl": 0.0020,
    "grpo-no-std": 0.0019,
    "reinforce": 0.0053,
    "ppo-bl": 0.0052,
}
"""Bereket & Leskovec's ECEs after 50,000 steps of their synthetic setup (Figure 1), keyed by
the algorithm as they coded it: their RLOO is ``rloo-bl`` and their PPO ``ppo-bl``; the
textbook ``rloo`` and ``ppo`` have no published value."""
OVERLAY_CATEGORIES = 6


def _floats(values: Any, decimals: int = 12) -> list:
    return np.asarray(values, dtype=float).round(decimals).tolist()


def config_json(config: DatasetConfig) -> dict[str, Any]:
    return {
        "questions": config.questions,
        "categories": config.categories,
        "data_seed": config.data_seed,
        "tokens": config.tokens,
        "group_size": config.group_size,
        "steps": config.steps,
        "optimizer": config.optimizer,
        "lr": config.learning_rate,
        "weight_decay": config.weight_decay,
        "eps": config.eps,
        "std": config.std,
        "seed": config.seed,
        "eval_samples": config.eval_samples,
        "bins": config.bins,
    }


SCHEMA = console.schema("simulate dataset", 1)
"""``grpo-sigma simulate --preset ... --json``: numbers as JSON numbers, version 1."""


def to_json(config: DatasetConfig, data: Dataset, results: dict[str, AlgorithmResult]) -> dict:
    """Top level ``{"config", "dataset", "algorithms": {name: {"ece": ..., ...}}}``."""
    algorithms = {}
    for name, result in results.items():
        final = result.final
        bins = reliability(result.predictions, data.answer, config.bins)
        algorithms[name] = {
            "ece": final.ece,
            "auroc": final.auroc,
            "accuracy": final.accuracy,
            "mean_abs_error": final.mean_abs_error,
            "published_ece": PUBLISHED_ECE.get(name),
            "category_mean": _floats(final.policy_mean),
            "biased_optimum": _floats(final.optimum),
            "reliability": {
                "count": bins["count"].tolist(),
                "confidence": [None if np.isnan(x) else float(x) for x in bins["confidence"]],
                "frequency": [None if np.isnan(x) else float(x) for x in bins["frequency"]],
            },
            "training": {
                "step": [c.step for c in result.checkpoints],
                "ece": [c.ece for c in result.checkpoints],
                "policy_mean": [_floats(c.policy_mean, 6) for c in result.checkpoints],
                "biased_optimum": [_floats(c.optimum, 6) for c in result.checkpoints],
            },
        }
    return {
        "schema": SCHEMA,
        "config": config_json(config),
        "dataset": {"p": _floats(data.p), "answer_rate": _floats(_answer_rate(data))},
        "algorithms": algorithms,
    }


def _answer_rate(data: Dataset) -> np.ndarray:
    counts = np.bincount(data.category, minlength=data.categories)
    hits = np.bincount(data.category, weights=data.answer, minlength=data.categories)
    return hits / np.maximum(counts, 1)


def format_table(config: DatasetConfig, results: dict[str, AlgorithmResult]) -> str:
    """One row per algorithm: ECE (and the published one), AUROC, accuracy, mean |p̂ − p_c|."""
    head = ("algorithm", "ECE", "published", "AUROC", "accuracy", "mean |p̂ - p_c|")
    rows = []
    for name, result in results.items():
        final = result.final
        published = PUBLISHED_ECE.get(name)
        rows.append(
            (
                name,
                f"{final.ece:.4f}",
                "-" if published is None else f"{published:.4f}",
                f"{final.auroc:.4f}",
                f"{final.accuracy:.4f}",
                f"{final.mean_abs_error:.4f}",
            )
        )
    widths = [max(len(r[k]) for r in [head, *rows]) for k in range(len(head))]
    lines = [
        f"{config.questions} questions, {config.categories} categories, G = {config.group_size}, "
        f"steps = {config.steps}, {config.optimizer} lr = {config.learning_rate:g}, "
        f"eps = {config.eps:g}, std = {config.std}, seed = {config.seed}",
        "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


# ------------------------------------------------------------------------------ plots
def plot_all(
    config: DatasetConfig, data: Dataset, results: dict[str, AlgorithmResult], folder: str | Path
) -> list[Path]:
    """Write the four pictures into ``folder``; return their paths."""
    names = ["figure1.png", "reliability_diagrams.png", "ece_training.png", "optimum_overlay.png"]
    with files.building(folder) as new:  # replaced whole: its parent was checked before training
        plot_panel(data, results, new / names[0])
        plot_reliability_diagrams(config, data, results, new / names[1])
        plot_ece_training(results, new / names[2])
        plot_optimum_overlay(data, results, new / names[3])
    return [Path(folder) / name for name in names]


def _grid(count: int) -> tuple[int, int]:
    columns = min(count, 4)
    return -(-count // columns), columns


def plot_panel(data: Dataset, results: dict[str, AlgorithmResult], path: Path) -> None:
    """Figure 1's picture: each question's prediction against its category's true ``p_c``."""
    plt = _pyplot()
    rows, columns = _grid(len(results))
    figure, axes = plt.subplots(rows, columns, figsize=(3.4 * columns, 3.4 * rows), squeeze=False)
    for ax, (name, result) in zip(axes.flat, results.items(), strict=False):
        ax.scatter(data.target, result.predictions, s=2, alpha=0.15, color="C0", rasterized=True)
        ax.scatter(data.p, result.final.policy_mean, s=18, color="C3", label="category mean")
        ax.plot([0, 1], [0, 1], "k--", linewidth=1)
        ax.set_title(f"{name}: ECE {result.final.ece:.4f}", fontsize=10)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel(r"true probability $p_c$")
        ax.set_ylabel("predicted probability")
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(results) :]:
        ax.axis("off")
    figure.tight_layout()
    _save(figure, path)
    plt.close(figure)


def plot_reliability_diagrams(
    config: DatasetConfig, data: Dataset, results: dict[str, AlgorithmResult], path: Path
) -> None:
    """Per algorithm: the outcome frequency against the mean prediction in each of the bins."""
    plt = _pyplot()
    rows, columns = _grid(len(results))
    figure, axes = plt.subplots(rows, columns, figsize=(3.4 * columns, 3.4 * rows), squeeze=False)
    centers = (np.arange(config.bins) + 0.5) / config.bins
    for ax, (name, result) in zip(axes.flat, results.items(), strict=False):
        bins = reliability(result.predictions, data.answer, config.bins)
        filled = bins["count"] > 0
        ax.bar(
            centers[filled],
            bins["frequency"][filled],
            width=1 / config.bins,
            alpha=0.6,
            edgecolor="black",
            label="outcome frequency",
        )
        ax.plot(
            bins["confidence"][filled],
            bins["frequency"][filled],
            "o",
            color="C3",
            markersize=4,
            label="(mean prediction, frequency)",
        )
        ax.plot([0, 1], [0, 1], "k--", linewidth=1)
        ax.set_title(f"{name}: ECE {result.final.ece:.4f}", fontsize=10)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel("predicted probability")
        ax.set_ylabel("frequency of a = 1")
    for ax in list(axes.flat)[len(results) :]:
        ax.axis("off")
    figure.tight_layout()
    _save(figure, path)
    plt.close(figure)


def plot_ece_training(results: dict[str, AlgorithmResult], path: Path) -> None:
    """The ECE at each checkpoint, one line per algorithm."""
    plt = _pyplot()
    figure, ax = plt.subplots(figsize=(6.4, 4.2))
    for name, result in results.items():
        steps = [c.step for c in result.checkpoints]
        ax.plot(steps, [c.ece for c in result.checkpoints], label=name, linewidth=1.5)
    ax.set_xlabel("training step")
    ax.set_ylabel("ECE (10 bins)")
    ax.set_yscale("log")
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    figure.tight_layout()
    _save(figure, path)
    plt.close(figure)


def plot_optimum_overlay(data: Dataset, results: dict[str, AlgorithmResult], path: Path) -> None:
    """For each σ-normalized algorithm: per category (a few), the policy's mean prediction over
    training (solid) and the biased optimum ``p̂*`` of the current policy (dashed)."""
    plt = _pyplot()
    shown = [n for n in ("grpo", "soft-grpo") if n in results] or list(results)[:1]
    figure, axes = plt.subplots(1, len(shown), figsize=(6.4 * len(shown), 4.4), squeeze=False)
    chosen = np.argsort(data.p)[np.linspace(0, data.categories - 1, OVERLAY_CATEGORIES).astype(int)]
    for ax, name in zip(axes[0], shown, strict=True):
        result = results[name]
        steps = [c.step for c in result.checkpoints]
        means = np.array([c.policy_mean for c in result.checkpoints])
        optima = np.array([c.optimum for c in result.checkpoints])
        for k, c in enumerate(chosen):
            color = f"C{k}"
            ax.plot(steps, means[:, c], color=color, linewidth=1.5, label=f"p_c = {data.p[c]:.2f}")
            ax.plot(steps, optima[:, c], color=color, linestyle="--", linewidth=1)
            ax.axhline(data.p[c], color=color, linestyle=":", linewidth=0.8)
        ax.set_title(
            f"{name}: mean prediction (solid) and p̂* of the current policy (dashed)", fontsize=9
        )
        ax.set_xlabel("training step")
        ax.set_ylabel("probability")
        ax.set_ylim(0, 1)
        ax.grid(alpha=0.3)
        ax.legend(fontsize="x-small", loc="center right")
    figure.tight_layout()
    _save(figure, path)
    plt.close(figure)


__all__ = ["PLOT_DPI", "PUBLISHED_ECE", "format_table", "plot_all", "to_json"]
