"""The training pictures of ``grpo-sigma simulate``: PNGs with fixed dpi and no metadata."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np

from ..outputs.files import write_file
from .training import SimulationResult

PLOT_DPI = 300
"""Print resolution: a 4 in wide figure is 1200 px (the smallest, 5.2 in square, is 1560)."""


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..outputs.style import FIGURE_STYLE

    plt.rcParams.update(FIGURE_STYLE)

    return plt


def _save(figure: Any, path: str | Path) -> None:
    """The PNG, written atomically (``outputs.files``; its folder was checked before training)."""
    png = io.BytesIO()
    figure.savefig(png, dpi=PLOT_DPI, format="png", metadata={"Software": None})
    write_file(path, png.getvalue())


def plot_training(result: SimulationResult, path: str | Path) -> None:
    """PNG of the mean prediction over training, one line per mode, target as a dashed line."""
    plt = _pyplot()
    config = result.config
    panels = 1 if config.binary else config.classes
    figure, axes = plt.subplots(
        1, panels, figsize=(6.4 if panels == 1 else 4.0 * panels, 4.2), squeeze=False
    )
    steps = np.arange(config.steps + 1)
    for k, ax in enumerate(axes[0]):
        for mode in result.modes.values():
            line = mode.trajectory if config.binary else mode.trajectory[:, k]
            ax.plot(steps, line, label=mode.mode, linewidth=1.5)
        target = config.target if config.binary else config.target[k]
        ax.axhline(target, color="black", linestyle="--", linewidth=1, label=f"target {target:g}")
        ax.set_xlabel("training step")
        ax.set_ylabel(
            r"mean prediction $\hat p = P(a = 1)$"
            if config.binary
            else rf"mean prediction $\hat p_{{{k + 1}}}$"
        )
        ax.set_ylim(0, 1)
        ax.grid(alpha=0.3)
        ax.legend(loc="best", fontsize="small")
    figure.suptitle(
        f"GRPO toy training: G = {config.group_size}, B = {config.batch}, lr = {config.lr:g}, "
        f"std = {config.std}, seed = {config.seed}"
    )
    figure.tight_layout()
    _save(figure, path)
    plt.close(figure)


def plot_reliability(results: list[SimulationResult], path: str | Path) -> None:
    """Reliability plot: final mean prediction against the target, with the diagonal."""
    plt = _pyplot()
    figure, ax = plt.subplots(figsize=(5.2, 5.2))
    targets = [r.config.target for r in results]
    ax.plot([0, 1], [0, 1], color="black", linestyle="--", linewidth=1, label="calibrated")
    for mode in results[0].modes:
        finals = [float(r[mode].final_mean) for r in results]
        ax.plot(targets, finals, marker="o", label=mode)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xlabel("target p = P(a = 1)")
    ax.set_ylabel("final mean prediction")
    ax.set_title("Reliability after GRPO toy training")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize="small")
    figure.tight_layout()
    _save(figure, path)
    plt.close(figure)
