"""Writing generated files (LaTeX, notebooks, figures) and their ``--out`` option, in one place.

Files are written byte for byte as given (text as UTF-8 with ``\\n`` line ends), so that a
second run writes the same bytes; a directory that cannot be written is a ``GrpoSigmaError``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from pathlib import Path

from ..console import ProgressBar, check_out_dir, check_out_file
from ..errors import GrpoSigmaError

__all__ = ["add_generator_command", "add_out_option", "check_out_dir", "check_out_file"]


def write_files(out: str | Path, files: Mapping[str, str | bytes]) -> list[Path]:
    """Write ``{name: content}`` into the directory ``out`` (created if needed; its parent
    must exist: no directory is created above the one given)."""
    directory = check_out_dir(out)
    paths = []
    try:
        directory.mkdir(exist_ok=True)
        for name, content in files.items():
            path = directory / name
            data = content.encode("utf-8") if isinstance(content, str) else content
            path.write_bytes(data)
            paths.append(path)
    except OSError as error:
        raise GrpoSigmaError(f"cannot write {directory}: {error.strerror}") from None
    return paths


def add_out_option(parser: argparse.ArgumentParser, default: str) -> None:
    """The ``--out DIR`` option every generator shares."""
    parser.add_argument(
        "--out", default=default, metavar="DIR", help=f"directory (default {default}/)"
    )


def add_generator_command(
    commands: argparse._SubParsersAction,
    name: str,
    summary: str,
    write: Callable[..., list[Path]],
    default_out: str,
) -> argparse.ArgumentParser:
    """Register ``grpo-sigma NAME [--out DIR]``, which calls ``write(out, progress=...)`` (a
    progress line on a terminal after 2 s) and lists the files."""

    def run(args: argparse.Namespace) -> int:
        check_out_dir(args.out)  # before any work
        bar = ProgressBar(name, delay=2.0)
        try:
            paths = write(args.out, progress=bar)
        finally:
            bar.close()
        for path in paths:
            print(path)
        return 0

    parser = commands.add_parser(name, help=summary)
    add_out_option(parser, default_out)
    parser.set_defaults(run=run)
    return parser
