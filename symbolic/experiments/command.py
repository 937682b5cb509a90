"""``grpo-sigma simulate``: options, the run, what it prints."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import GrpoSigmaError
from .config import MODES, SWEEP_TARGETS, SimulationConfig
from .plots import plot_reliability, plot_training
from .progress import ProgressBar
from .report import format_sweep, format_table, sweep_to_json, to_json, write_json
from .training import simulate, sweep

DEFAULT_SWEEP_PLOT = Path("figures") / "reliability.png"


def parse_target(text: str) -> float | tuple[float, ...]:
    """``"0.7"`` → 0.7; ``"0.5,0.3,0.2"`` → a K-class target vector."""
    try:
        parts = [float(x) for x in text.split(",")]
    except ValueError:
        raise GrpoSigmaError(
            f"target must be a number or comma-separated numbers, got {text!r}"
        ) from None
    return parts[0] if len(parts) == 1 else tuple(parts)


def _parse_modes(text: str) -> tuple[str, ...]:
    return tuple(m.strip() for m in text.split(",") if m.strip())


def run(args: argparse.Namespace) -> int:
    if args.sweep and args.target is not None:
        raise GrpoSigmaError("--sweep runs its own targets 0.1..0.9; drop --target")
    config = SimulationConfig(
        target=0.7 if args.target is None else parse_target(args.target),
        group_size=args.group_size,
        batch=args.batch,
        steps=args.steps,
        lr=args.lr,
        eps=args.eps,
        std=args.std,
        seed=args.seed,
        modes=_parse_modes(args.modes),
        grid=args.grid,
        reward=args.reward,
    )
    bar = ProgressBar("sweep" if args.sweep else "simulate")
    try:
        if args.sweep:
            results = sweep(SWEEP_TARGETS, config, bar)
        else:
            result = simulate(config, bar)
    finally:
        bar.close()
    if args.sweep:
        plot_path = args.plot or DEFAULT_SWEEP_PLOT
        plot_reliability(results, plot_path)
        if args.json:
            write_json(sweep_to_json(results), args.json)
        if args.json != "-":
            print(format_sweep(results))
            print(f"reliability plot: {plot_path}")
        return 0
    if args.plot:
        plot_training(result, args.plot)
    if args.json:
        write_json(to_json(result), args.json)
    if args.json != "-":
        print(format_table(result))
        if args.plot:
            print(f"training plot: {args.plot}")
    return 0


def add_parser(commands: argparse._SubParsersAction) -> None:
    defaults = SimulationConfig()
    parser = commands.add_parser(
        "simulate",
        help="toy GRPO training: sampled-outcome vs soft-target reward",
        description="Train a tabular softmax policy over predictions by group policy gradient "
        "and compare the final mean prediction with the target, per mode.",
    )
    parser.add_argument(
        "--target",
        metavar="P",
        help="P(a = 1) in (0, 1), or a comma-separated probability vector (default 0.7)",
    )
    parser.add_argument("--group-size", type=int, default=defaults.group_size, metavar="G")
    parser.add_argument("--batch", type=int, default=defaults.batch, metavar="B")
    parser.add_argument("--steps", type=int, default=defaults.steps)
    parser.add_argument("--lr", type=float, default=defaults.lr)
    parser.add_argument("--eps", type=float, default=defaults.eps)
    parser.add_argument(
        "--std",
        default=defaults.std,
        metavar="{population,bessel}",
        help="group std divides by G (population, default) or G - 1 (bessel)",
    )
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument(
        "--reward",
        choices=("log", "brier", "spherical"),
        default=defaults.reward,
        help="the scoring rule r(p̂, a) of every mode (default log)",
    )
    parser.add_argument(
        "--modes",
        default=",".join(defaults.modes),
        help=f"comma-separated, from {', '.join(MODES)} (default: the first three)",
    )
    parser.add_argument(
        "--grid", type=int, metavar="N", help="grid step 1/N (default 100 binary, 20 K-class)"
    )
    parser.add_argument("--json", metavar="PATH", help="write JSON to PATH ('-': stdout)")
    parser.add_argument(
        "--plot",
        metavar="PATH",
        help="PNG of the mean prediction over training (with --sweep: the reliability plot)",
    )
    parser.add_argument(
        "--sweep",
        action="store_true",
        help=f"run targets 0.1..0.9 and plot reliability (default {DEFAULT_SWEEP_PLOT})",
    )
    parser.set_defaults(run=run)
