"""One wall-clock budget per check, honoured from any thread.

``deadline(seconds)`` runs its block under a timer; when the time is up, the timer raises
``ProofTimeout`` inside the thread that entered the block (``PyThreadState_SetAsyncExc``),
so compiling, numbers and symbolic work are all cut short, in the main thread or any other.
A timeout swallowed where Python ignores exceptions (a weakref callback) is raised again
until it is honoured; a pending timeout that arrives as the block ends is withdrawn, never
raised later.
"""

from __future__ import annotations

import ctypes
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import GrpoSigmaError

MIN_DPS, MAX_DPS = 15, 1000
RETRY = 0.05
"""Seconds between two raises of an expired budget that was not yet honoured."""


MAX_EXACT_EXPONENT = 1000
"""The largest integer power of a non-constant base evaluated or expanded exactly: a
power ``x^n`` at a rational point of ``b`` bits has ``n·b`` bits, computed in one C call
that no deadline can interrupt (``x^400000`` would take seconds past any budget)."""


def exact_size_bounded(expr: object) -> bool:
    """Every integer power of a non-constant base in ``expr`` has ``|n| ≤ MAX_EXACT_EXPONENT``
    (so exact evaluation and expansion cost what the budget can bound)."""
    import sympy as sp

    return not any(
        p.exp.is_Integer and abs(int(p.exp)) > MAX_EXACT_EXPONENT and not p.base.is_number
        for p in sp.sympify(expr).atoms(sp.Pow)
    )


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
    """Raise ``ProofTimeout`` in the calling thread once ``seconds`` have passed.

    An asynchronous exception can land where Python ignores exceptions (a weakref callback,
    a ``__del__``): the watcher raises again every ``RETRY`` seconds until the block is left.
    """
    target = threading.get_ident()
    lock = threading.Lock()
    done = threading.Event()
    state = {"active": True, "fired": False}

    def watch() -> None:
        wait = seconds
        while not done.wait(wait):
            with lock:
                if not state["active"]:
                    return
                state["fired"] = True
                _raise_in(target, ProofTimeout)
            wait = RETRY

    watcher = threading.Thread(target=watch, daemon=True)
    try:  # the watcher starts inside: a timeout while it starts is withdrawn below
        watcher.start()
        yield
    finally:
        while True:  # a timeout arriving while we leave is absorbed; then none can arrive
            try:
                with lock:
                    state["active"] = False
                    done.set()
                    if state["fired"]:
                        _raise_in(target, None)
                break
            except ProofTimeout:
                continue
