"""What every command shares: output paths checked before any work (``outputs.files``),
``--json PATH|-`` with a versioned schema, ``--quiet``, a progress line on stderr, and worker
processes (``--jobs``).

Every command's JSON starts with ``"schema": {"name": "grpo-sigma <command>", "version": N}``
and writes numbers as JSON numbers; values computed to ``--dps`` digits are also given as
exact strings.  Output paths are checked before any computing, and no directory is created
above the one given.  The progress line shows only on a terminal, after a delay.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import multiprocessing as mp
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import TextIO

from .outputs.files import check_out_dir, check_out_file, write_file  # noqa: F401 (re-exported)

JsonValue = None | bool | int | float | str | list | dict


# -------------------------------------------------------------------------------- JSON
def schema(command: str, version: int) -> dict[str, str | int]:
    """The versioned schema every command's JSON starts with."""
    return {"name": f"grpo-sigma {command}", "version": version}


def add_json_option(parser: argparse.ArgumentParser) -> None:
    """The ``--json PATH|-`` option every command shares (``options.add_json``)."""
    from .options import add_json

    add_json(parser)


def json_number(value: object) -> JsonValue:
    """A number as a JSON number: mpmath and numpy reals become floats (None if not finite);
    lists and dicts are converted entry by entry."""
    if isinstance(value, dict):
        return {k: json_number(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_number(v) for v in value]
    if isinstance(value, bool | str | int) or value is None:
        return value
    number = float(value)  # type: ignore[arg-type]
    return number if math.isfinite(number) else None


def exact_strings(values: dict, digits: int) -> dict[str, str | list[str]]:
    """The mpmath numbers of ``values`` (and lists of them) as strings of ``digits`` digits."""
    import mpmath

    exact: dict[str, str | list[str]] = {}
    for key, value in values.items():
        if isinstance(value, mpmath.mpf):
            exact[key] = mpmath.nstr(value, digits)
        elif isinstance(value, list) and value and all(isinstance(x, mpmath.mpf) for x in value):
            exact[key] = [mpmath.nstr(x, digits) for x in value]
    return exact


def write_json(data: dict, destination: str) -> None:
    """Write ``data`` as indented UTF-8 JSON to a file (atomically, ``outputs.files``), or to
    stdout for ``-`` (also under ``--quiet``)."""
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if destination == "-":
        (_machine_stdout or sys.stdout).write(text)
        return
    write_file(destination, text)


# ------------------------------------------------------------------------------ --quiet
_machine_stdout: TextIO | None = None
"""Where ``--json -`` goes while ``quiet`` silences the text (the real stdout)."""
_quiet = False


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Run a command under ``--quiet``: its text output goes nowhere, no progress line shows;
    ``--json -`` still reaches stdout."""
    global _machine_stdout, _quiet
    saved = _machine_stdout, _quiet
    _machine_stdout, _quiet = sys.stdout, True
    try:
        with open(os.devnull, "w") as nowhere, contextlib.redirect_stdout(nowhere):
            yield
    finally:
        _machine_stdout, _quiet = saved


# ---------------------------------------------------------------------------- progress
Progress = Callable[[int, int], None]
"""``progress(done, total)``, called now and then during training."""


class ProgressBar:
    """``[#####.....] 45%`` on stderr with ``\\r``, only on a TTY and after ``delay`` seconds."""

    def __init__(self, label: str = "simulate", delay: float = 1.0, width: int = 30) -> None:
        self.label, self.delay, self.width = label, delay, width
        self.start = time.perf_counter()
        self.last = -1.0
        self.shown = False
        self.enabled = sys.stderr.isatty() and not _quiet

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self.start < self.delay or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "." * (self.width - filled)
        sys.stderr.write(f"\r{self.label} [{bar}] {100 * done // max(total, 1):3d}%")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * (len(self.label) + self.width + 8) + "\r")
            sys.stderr.flush()


# ---------------------------------------------------------------------- worker processes
def start_method() -> str:
    """``fork`` (cheap: the workers share the imported modules) only where it is safe: on a
    platform that has it, from a process running no other thread (a fork copies other
    threads' held locks); ``spawn`` otherwise."""
    if "fork" in mp.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def worker_context() -> mp.context.BaseContext:
    """The multiprocessing context of ``start_method``."""
    return mp.get_context(start_method())
