"""One wall-clock budget per check, honoured from any thread.

``deadline(seconds)`` runs its block under a timer; when the time is up, the timer raises
``ProofTimeout`` inside the thread that entered the block (``PyThreadState_SetAsyncExc``),
so compiling, numbers and symbolic work are all cut short, in the main thread or any other.
A pending timeout that arrives as the block ends is withdrawn, never raised later.
"""

from __future__ import annotations

import ctypes
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import GrpoSigmaError

MIN_DPS, MAX_DPS = 15, 1000


class ProofTimeout(BaseException):
    """The check ran past its time budget (a ``BaseException``, so that no ``except
    Exception`` inside SymPy or mpmath swallows it)."""


def validate(dps: object, budget: object) -> None:
    """``15 ≤ dps ≤ 1000`` (an integer) and ``0 < budget < ∞`` seconds."""
    if isinstance(dps, bool) or not isinstance(dps, int) or not MIN_DPS <= dps <= MAX_DPS:
        raise GrpoSigmaError(f"dps must be an integer between {MIN_DPS} and {MAX_DPS}, got {dps!r}")
    if (
        isinstance(budget, bool)
        or not isinstance(budget, int | float)
        or not math.isfinite(budget)
        or budget <= 0
    ):
        raise GrpoSigmaError(f"budget must be a positive finite number of seconds, got {budget!r}")


def _raise_in(thread_id: int, exception: type | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None
    )


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise ``ProofTimeout`` in the calling thread once ``seconds`` have passed."""
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"active": True, "fired": False}

    def expire() -> None:
        with lock:
            if state["active"]:
                state["fired"] = True
                _raise_in(target, ProofTimeout)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["active"] = False
            timer.cancel()
            if state["fired"]:
                _raise_in(target, None)
