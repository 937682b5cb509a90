"""The command line: ``grpo-sigma audit | group | policy | ... | simulate | predictions``.

Each subcommand lives with the module it drives and takes its shared options from
``symbolic.options``; this file only wires them up, gives every command ``--quiet``, and
answers ``grpo-sigma help COMMAND``.  A user's mistake (``GrpoSigmaError``, a bad option)
prints one line ``grpo-sigma: error: ...`` and exits 2.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import NoReturn

from . import console, options
from .errors import GrpoSigmaError

# command name → (module, one-line help).  Each module has ``add_parser(subparsers)``, which
# registers its command's options and sets ``run``; only the chosen command's module is
# imported, so ``grpo-sigma simulate`` does not pay for SymPy and ``audit`` not for numpy.
COMMANDS = {
    "audit": ("outputs.report", "check every claim of the note"),
    "review": ("outputs.review", "check a draft's equations, line by line"),
    "group": ("numeric.group", "rewards, KLs and σ-normalized advantages of one concrete group"),
    "policy": ("numeric.policy", "μ_a, σ_a, calibrated and biased optimum of a concrete policy"),
    "latex": ("outputs.latex", "write every derivation as LaTeX (checked)"),
    "notebooks": ("outputs.notebooks", "write one Jupyter notebook per derivation"),
    "figures": ("outputs.figures", "write the figures as PDF, SVG and PNG (and their data)"),
    "simulate": ("experiments.command", "train a toy GRPO policy and watch it (over)confide"),
    "predictions": ("experiments.predictions", "score a model's predictions, check σ0 > σ1"),
}


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line and exit 2, like the package's."""

    def error(self, message: str) -> NoReturn:
        # an option's own check names the option already: "argument --dps: --dps must be ..."
        message = re.sub(r"^argument (\S+?)(/\S+)?: (?=\1 )", "", message)
        self.exit(2, f"grpo-sigma: error: {message} (see {self.prog} --help)\n")


def package_version() -> str:
    """The installed version of the package (``pyproject.toml``'s, once installed)."""
    try:
        return version("grpo-sigma")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``chosen``, only that command's module is imported (the others get a
    placeholder that lists them in ``--help``)."""
    parser = OneLineParser(
        prog="grpo-sigma",
        description="Machine-check the claims of the GRPO sigma-normalization note.",
    )
    parser.add_argument("--version", action="version", version=f"grpo-sigma {package_version()}")
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, parser_class=OneLineParser
    )
    for name, (module_name, summary) in COMMANDS.items():
        if chosen is None or name == chosen:
            importlib.import_module(f"symbolic.{module_name}").add_parser(commands)
        else:
            commands.add_parser(name, help=summary)
    helper = commands.add_parser("help", help="show the options of a command")
    helper.add_argument("topic", nargs="?", metavar="COMMAND", help="one of the commands above")
    helper.set_defaults(run=show_help)
    for name, command in commands.choices.items():
        if name != "help" and "--quiet" not in command._option_string_actions:
            options.add_quiet(command)
    return parser


def show_help(args: argparse.Namespace) -> int:
    """``grpo-sigma help [COMMAND]``: the command's ``--help`` (the list of commands without)."""
    if args.topic is None:
        build_parser("").print_help()
        return 0
    if args.topic not in COMMANDS:
        known = ", ".join(COMMANDS)
        raise GrpoSigmaError(f"unknown command {args.topic!r}; known: {known}")
    try:
        build_parser(args.topic).parse_args([args.topic, "--help"])
    except SystemExit as done:
        return int(done.code or 0)
    return 0


def _chosen_command(argv: Sequence[str]) -> str | None:
    first = next((a for a in argv if not a.startswith("-")), None)
    return first if first in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser(_chosen_command(argv) or "")
        try:
            args = parser.parse_args(argv)
        except SystemExit as done:  # --help, or a usage error already printed on one line
            return int(done.code or 0)
        if getattr(args, "quiet", False):
            with console.quiet():
                return int(args.run(args) or 0)
        return int(args.run(args) or 0)
    except GrpoSigmaError as error:
        print(f"grpo-sigma: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into head or a closed pager
        sys.stderr.close()
        return 0
    except MemoryError:
        print("grpo-sigma: error: out of memory: the input is too large", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # also while the command's modules are still being imported
        print("grpo-sigma: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
