"""A progress bar for long training runs: on stderr, only on a TTY."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

Progress = Callable[[int, int], None]
"""``progress(done, total)``, called now and then during training."""


class ProgressBar:
    """``[#####.....] 45%`` on stderr with ``\\r``, only on a TTY and after ``delay`` seconds."""

    def __init__(self, label: str = "simulate", delay: float = 1.0, width: int = 30) -> None:
        self.label, self.delay, self.width = label, delay, width
        self.start = time.perf_counter()
        self.last = -1.0
        self.shown = False
        self.enabled = sys.stderr.isatty()

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
