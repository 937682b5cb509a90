"""The command line: ``grpo-sigma audit | group | policy | latex | notebooks | figures | simulate``.

Each subcommand lives with the module it drives; this file only wires them up.  A user's
mistake (``GrpoSigmaError``) prints one line ``grpo-sigma: error: ...`` and exits 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from .errors import GrpoSigmaError

# Each module has ``add_parser(subparsers)``, which registers its command and sets ``run``.
COMMAND_MODULES = ("audit", "evaluate", "policy", "latex", "notebooks", "figures", "simulation")


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line and exit 2, like the package's."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"grpo-sigma: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="grpo-sigma",
        description="Machine-check the claims of the GRPO sigma-normalization note.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"symbolic.{name}")
        except ModuleNotFoundError as missing:  # a command whose module is not written yet
            if missing.name != f"symbolic.{name}":
                raise
            continue
        module.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, or a usage error already printed on one line
        return int(done.code or 0)
    try:
        return int(args.run(args) or 0)
    except GrpoSigmaError as error:
        print(f"grpo-sigma: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into head or a closed pager
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("grpo-sigma: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
