"""What ``grpo-sigma simulate`` prints and writes: tables and JSON of its results."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import console
from .config import SimulationConfig
from .training import SimulationResult

SCHEMA = console.schema("simulate", 1)
SWEEP_SCHEMA = console.schema("simulate sweep", 1)
"""``grpo-sigma simulate [--sweep] --json``: numbers as JSON numbers, version 1."""


def _number(value: float | np.ndarray) -> float | list[float]:
    if isinstance(value, np.ndarray):
        return [float(x) for x in value]
    return float(value)


def _shown(value: float | np.ndarray) -> str:
    if isinstance(value, np.ndarray):
        return "(" + ", ".join(f"{x:.3f}" for x in value) + ")"
    return f"{value:.4f}"


def _config_json(config: SimulationConfig) -> dict[str, Any]:
    return {
        "target": _number(np.array(config.target)) if not config.binary else config.target,
        "group_size": config.group_size,
        "batch": config.batch,
        "steps": config.steps,
        "lr": config.lr,
        "eps": config.eps,
        "std": config.std,
        "seed": config.seed,
        "modes": list(config.modes),
        "grid": config.resolution,
    } | ({} if config.reward == "log" else {"reward": config.reward})


def to_json(result: SimulationResult, points: int = 100) -> dict[str, Any]:
    """A JSON-ready summary; the trajectory is kept at about ``points`` evenly spaced steps."""
    steps = result.config.steps
    every = max(1, steps // points)
    kept = list(range(0, steps + 1, every))
    if kept[-1] != steps:
        kept.append(steps)
    modes = {}
    for name, mode in result.modes.items():
        modes[name] = {
            "final_mean": _number(mode.final_mean),
            "most_likely": _number(mode.most_likely),
            "distance": float(mode.distance),
            "trajectory": {
                "step": kept,
                "mean": [_number(mode.trajectory[t]) for t in kept],
            },
        }
    return {"schema": SCHEMA, "config": _config_json(result.config), "modes": modes}


def sweep_to_json(results: list[SimulationResult]) -> dict[str, Any]:
    """Final mean prediction per mode at each target of a sweep."""
    config = _config_json(results[0].config)
    del config["target"]
    return {
        "schema": SWEEP_SCHEMA,
        "config": config,
        "targets": [r.config.target for r in results],
        "final_mean": {
            mode: [float(r[mode].final_mean) for r in results] for mode in results[0].modes
        },
    }


def format_table(result: SimulationResult) -> str:
    """Per mode: final mean prediction, most likely prediction, distance to the target."""
    config = result.config
    target = _shown(np.array(config.target) if not config.binary else config.target)
    head = ("mode", "final mean", "most likely", "|mean - p|")
    rows = [
        (m.mode, _shown(m.final_mean), _shown(m.most_likely), f"{m.distance:.4f}")
        for m in result.modes.values()
    ]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = [
        f"target p = {target}, G = {config.group_size}, B = {config.batch}, "
        f"steps = {config.steps}, lr = {config.lr:g}, eps = {config.eps:g}, "
        f"std = {config.std}, seed = {config.seed}"
        + ("" if config.reward == "log" else f", reward = {config.reward}"),
        "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


def format_sweep(results: list[SimulationResult]) -> str:
    """Final mean prediction per mode, one row per target."""
    modes = list(results[0].modes)
    widths = [max(13, len(m)) for m in modes]
    lines = ["target  " + "  ".join(m.ljust(w) for m, w in zip(modes, widths, strict=True))]
    for r in results:
        cells = [
            f"{float(r[m].final_mean):.4f}".ljust(w) for m, w in zip(modes, widths, strict=True)
        ]
        lines.append(f"{r.config.target:<6.2f}  " + "  ".join(cells))
    return "\n".join(line.rstrip() for line in lines)
