"""``grpo-sigma simulate``: options, the run, what it prints.

Two modes: one target at a time (``--target``, ``--modes``, ``--sweep``), and the dataset mode
(``--preset bereket-leskovec``, or ``--questions`` / ``--categories``) that trains one policy
per category with the algorithms of ``algorithms`` (``--algorithms``, ``--optimizer``).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from .. import console, options
from ..console import ProgressBar
from ..errors import GrpoSigmaError
from .config import MODES, SWEEP_TARGETS, SimulationConfig
from .plots import plot_reliability, plot_training
from .report import format_sweep, format_table, sweep_to_json, to_json
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


def _given(args: argparse.Namespace, name: str, fallback: object) -> object:
    value = getattr(args, name)
    return fallback if value is None else value


DATASET_OPTIONS = ("preset", "questions", "categories", "algorithms", "optimizer")
TARGET_OPTIONS = ("target", "modes", "batch", "grid")


def _dataset_mode(args: argparse.Namespace) -> bool:
    if not any(getattr(args, name) is not None for name in DATASET_OPTIONS):
        return False
    for name in TARGET_OPTIONS:
        if getattr(args, name) is not None:
            raise GrpoSigmaError(f"--{name} is not an option of the dataset mode")
    if args.sweep:
        raise GrpoSigmaError("--sweep is not an option of the dataset mode")
    if args.reward != "log":
        raise GrpoSigmaError("the dataset mode rewards the log score only; drop --reward")
    return True


def check_outputs(args: argparse.Namespace, dataset: bool) -> None:
    """``--json PATH`` and ``--plot PATH`` (a folder in the dataset mode; the sweep's default
    picture) can be written: checked before training, no directory created above them."""
    if args.json:
        console.check_out_file(args.json)
    plot = args.plot or (DEFAULT_SWEEP_PLOT if args.sweep else None)
    if plot is not None:
        (console.check_out_dir if dataset else console.check_out_file)(str(plot))


def _jobs(args: argparse.Namespace) -> int:
    """``--jobs N``, or one worker per core."""
    return (os.cpu_count() or 1) if args.jobs is None else args.jobs


def run_dataset(args: argparse.Namespace) -> int:
    """The dataset mode: train, print the ECE table, write JSON and pictures."""
    from dataclasses import replace

    from . import dataset_report as report
    from .dataset_training import PRESETS, DatasetConfig
    from .dataset_training import run as train

    if args.preset is not None and args.preset not in PRESETS:
        raise GrpoSigmaError(f"unknown preset {args.preset!r} (choose from {', '.join(PRESETS)})")
    base = PRESETS[args.preset] if args.preset else DatasetConfig()
    changes = {
        "questions": args.questions,
        "categories": args.categories,
        "group_size": args.group_size,
        "steps": args.steps,
        "optimizer": args.optimizer,
        "lr": args.lr,
        "eps": args.eps,
        "std": args.std,
        "seed": args.seed,
        "algorithms": None if args.algorithms is None else _parse_modes(args.algorithms),
    }
    config = replace(base, **{k: v for k, v in changes.items() if v is not None})
    if args.seeds is not None:
        return _run_seeds(args, config, dataset=True)
    bar = ProgressBar("simulate")
    try:
        data, results = train(config, bar, jobs=_jobs(args))
    finally:
        bar.close()
    if args.plot:
        paths = report.plot_all(config, data, results, args.plot)
    if args.json:
        console.write_json(report.to_json(config, data, results), args.json)
    if args.json != "-":
        print(report.format_table(config, results))
        if args.plot:
            print("pictures: " + ", ".join(str(p) for p in paths))
    return 0


def _run_seeds(args: argparse.Namespace, config: object, dataset: bool) -> int:
    """``--seeds N``: the seeds from ``--seed`` on, in worker processes, summarized."""
    from . import seeds

    chosen = seeds.seed_list(args.seed or 0, args.seeds)
    bar = ProgressBar("seeds")
    try:
        runner = seeds.run_dataset if dataset else seeds.run_target
        report = runner(config, chosen, _jobs(args), bar)
    finally:
        bar.close()
    if args.json:
        console.write_json(report, args.json)
    if args.json != "-":
        print(seeds.format_table(report))
    return 0


def run(args: argparse.Namespace) -> int:
    dataset = _dataset_mode(args)
    if not dataset and args.jobs is not None and args.seeds is None:
        raise GrpoSigmaError("--jobs is an option of the dataset mode and of --seeds only")
    if args.seeds is not None and (args.plot or args.sweep):
        raise GrpoSigmaError("--seeds reports numbers only: drop --plot and --sweep")
    check_outputs(args, dataset)
    if dataset:
        return run_dataset(args)
    defaults = SimulationConfig()
    if args.sweep and args.target is not None:
        raise GrpoSigmaError("--sweep runs its own targets 0.1..0.9; drop --target")
    config = SimulationConfig(
        target=0.7 if args.target is None else parse_target(args.target),
        group_size=_given(args, "group_size", defaults.group_size),
        batch=_given(args, "batch", defaults.batch),
        steps=_given(args, "steps", defaults.steps),
        lr=_given(args, "lr", defaults.lr),
        eps=_given(args, "eps", defaults.eps),
        std=_given(args, "std", defaults.std),
        seed=_given(args, "seed", defaults.seed),
        modes=_parse_modes(args.modes) if args.modes is not None else defaults.modes,
        grid=args.grid,
        reward=args.reward,
    )
    if args.seeds is not None:
        return _run_seeds(args, config, dataset=False)
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
            console.write_json(sweep_to_json(results), args.json)
        if args.json != "-":
            print(format_sweep(results))
            print(f"reliability plot: {plot_path}")
        return 0
    if args.plot:
        plot_training(result, args.plot)
    if args.json:
        console.write_json(to_json(result), args.json)
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
        "and compare the final mean prediction with the target, per mode; or, in the dataset "
        "mode, train one policy per category of a dataset of fixed answers and score ECE.",
    )
    parser.add_argument(
        "--target",
        metavar="P",
        help="P(a = 1) in (0, 1), or a comma-separated probability vector (default 0.7)",
    )
    parser.add_argument(
        "--group-size",
        type=int,
        metavar="G",
        help=f"rollouts per group (default {defaults.group_size}; dataset mode 10)",
    )
    parser.add_argument(
        "--batch", type=int, metavar="B", help=f"prompts per step (default {defaults.batch})"
    )
    parser.add_argument(
        "--steps", type=int, help=f"training steps (default {defaults.steps}; dataset mode 50000)"
    )
    parser.add_argument(
        "--lr",
        type=float,
        help=f"learning rate (default {defaults.lr}; dataset mode: 3e-3 adamw, 30 sgd)",
    )
    parser.add_argument(
        "--eps",
        type=float,
        help=f"ε added to the group std (default {defaults.eps:g}; dataset mode 1e-5)",
    )
    parser.add_argument(
        "--std",
        metavar="{population,bessel}",
        help="group std divides by G (population, default) or G - 1 (bessel, dataset mode)",
    )
    parser.add_argument("--seed", type=int, help="training seed (default 0)")
    parser.add_argument(
        "--seeds",
        type=int,
        metavar="N",
        help="run the seeds --seed .. --seed + N - 1 in worker processes (--jobs) and report "
        "mean ± SD and min-max of every metric",
    )
    parser.add_argument(
        "--reward",
        choices=("log", "brier", "spherical"),
        default=defaults.reward,
        help="the scoring rule r(p̂, a) of every mode (default log)",
    )
    parser.add_argument(
        "--modes",
        help=f"comma-separated, from {', '.join(MODES)} (default: the first three)",
    )
    parser.add_argument(
        "--grid", type=int, metavar="N", help="grid step 1/N (default 100 binary, 20 K-class)"
    )
    console.add_json_option(parser)
    parser.add_argument(
        "--plot",
        type=options.path,
        metavar="PATH",
        help="PNG of the mean prediction over training (with --sweep: the reliability plot; "
        "in the dataset mode: a folder for the pictures)",
    )
    parser.add_argument(
        "--sweep",
        action="store_true",
        help=f"run targets 0.1..0.9 and plot reliability (default {DEFAULT_SWEEP_PLOT})",
    )
    dataset = parser.add_argument_group("dataset mode")
    dataset.add_argument("--preset", metavar="NAME", help="bereket-leskovec: their Figure 1 setup")
    dataset.add_argument("--questions", type=int, metavar="Q", help="questions (default 10000)")
    dataset.add_argument("--categories", type=int, metavar="C", help="categories (default 20)")
    dataset.add_argument(
        "--algorithms",
        help="comma-separated, from grpo, grpo-no-std, rloo, rloo-bl, reinforce, ppo, ppo-bl, "
        "soft-grpo, soft-no-std (default: all; -bl: as Bereket & Leskovec coded them)",
    )
    dataset.add_argument("--optimizer", metavar="{adamw,sgd}", help="default adamw")
    options.add_jobs(
        dataset,
        None,
        "worker processes, one algorithm each (default: one per core); the results do not "
        "depend on N",
    )
    parser.set_defaults(run=run)
