"""Code printers for ``sympy.lambdify`` that print a long sum as one call over its terms.

Python's compiler recurses once per ``+`` of ``a + b + c + …`` and fails (``RecursionError``)
on a few thousand terms; ``builtins.sum((a, b, c, …))`` is one flat call, in every context the
code runs in (mpmath's ``mp`` and ``iv``, numpy arrays).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

LONG_SUM = 64
"""A sum of more terms than this is printed as ``builtins.sum((…))``."""


def flat(base: type) -> type:
    """``base`` (a SymPy code printer) printing every sum of more than ``LONG_SUM`` terms flat."""

    class Flat(base):  # type: ignore[misc, valid-type]
        def _print_Add(self, expr: sp.Add, order: Any = None) -> str:
            if len(expr.args) <= LONG_SUM:
                return super()._print_Add(expr, order)
            return f"builtins.sum(({', '.join(self._print(t) for t in expr.args)},))"

    Flat.__name__ = Flat.__qualname__ = f"Flat{base.__name__}"
    return Flat
