"""The command line's shared options, each defined once, and the argument types that check them.

Every command spells a shared option the same way: ``--json PATH|-``, ``--html DIR``,
``--out DIR``, ``--jobs N``, ``--budget SECONDS``, ``--dps N``, ``--quiet``.  A value is checked
as it is parsed: an empty or blank path, or a number outside its range, is a usage error of one
line that names the option and the range (``grpo-sigma: error: argument --dps: ...``).
"""

from __future__ import annotations

import argparse
import math
import os
from collections.abc import Callable

MAX_JOBS = 256
"""The most worker processes a command may be asked for."""
MAX_BUDGET = 86_400.0
"""The longest budget, in seconds, one check may be given (a day)."""


# ------------------------------------------------------------------------------ types
def path(text: str) -> str:
    """A path as typed, refused if empty or blank (``--json ''`` is a mistake, not "none")."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path; give a file or folder name")
    return text


def integer_in(name: str, low: int, high: int) -> Callable[[str], int]:
    """An argument type: an integer in ``[low, high]``; the error names ``name`` and the range."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{name} must be at least {low} and at most {high} (an integer), got {text!r}"
            )
        return value

    return parse


def real_in(name: str, low: float, high: float) -> Callable[[str], float]:
    """An argument type: a finite number in ``(low, high]``; the error names the range."""

    def parse(text: str) -> float:
        try:
            value = float(text.strip())
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and low < value <= high):
            raise argparse.ArgumentTypeError(
                f"{name} must be a number in ({low:g}, {high:g}], got {text!r}"
            )
        return value

    return parse


def _dps(text: str) -> int:
    """``--dps``: checked by ``numeric.validate.check_dps``, the one range of digits."""
    from .errors import GrpoSigmaError
    from .numeric.validate import check_dps

    try:
        return check_dps(int(text.strip()))
    except (ValueError, GrpoSigmaError) as error:
        if isinstance(error, GrpoSigmaError):
            raise argparse.ArgumentTypeError(str(error)) from None
        raise argparse.ArgumentTypeError(f"--dps must be an integer, got {text!r}") from None


# ---------------------------------------------------------------------------- options
def add_json(parser: argparse.ArgumentParser) -> None:
    """``--json PATH|-``: also write the command's JSON to PATH (``-``: stdout, alone)."""
    parser.add_argument(
        "--json",
        type=path,
        metavar="PATH|-",
        help="also write JSON to PATH ('-': stdout, instead of the text)",
    )


def add_html(parser: argparse.ArgumentParser, what: str = "a web report") -> None:
    """``--html DIR``: also write ``what`` into DIR (replaced whole)."""
    parser.add_argument(
        "--html", type=path, metavar="DIR", help=f"also write {what} into DIR (index.html)"
    )


def add_out(parser: argparse.ArgumentParser, default: str) -> None:
    """``--out DIR``: the folder a generator writes (replaced whole; default ``default``)."""
    parser.add_argument(
        "--out", type=path, default=default, metavar="DIR", help=f"directory (default {default}/)"
    )


def add_jobs(
    parser: argparse.ArgumentParser | argparse._ArgumentGroup,
    default: int | None = os.cpu_count() or 1,
    help: str = "worker processes (default: one per core); the output does not depend on N",
) -> None:
    """``--jobs N``: worker processes, 1 to ``MAX_JOBS``."""
    parser.add_argument(
        "--jobs", type=integer_in("--jobs", 1, MAX_JOBS), default=default, metavar="N", help=help
    )


def add_budget(parser: argparse.ArgumentParser, default: float) -> None:
    """``--budget SECONDS``: the time one check may take before it answers "unknown"."""
    parser.add_argument(
        "--budget",
        type=real_in("--budget", 0, MAX_BUDGET),
        default=default,
        metavar="SECONDS",
        help=f"seconds each check may take (default {default:g})",
    )


def add_dps(parser: argparse.ArgumentParser, default: int = 50) -> None:
    """``--dps N``: decimal digits, in ``numeric.validate``'s one range."""
    parser.add_argument(
        "--dps", type=_dps, default=default, metavar="N", help=f"decimal digits (default {default})"
    )


def add_quiet(parser: argparse.ArgumentParser) -> None:
    """``--quiet``: no text on stdout and no progress line (the exit status, the files and
    ``--json -`` stay)."""
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="print nothing but errors (files and --json - are still written)",
    )
