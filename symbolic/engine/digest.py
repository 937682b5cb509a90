"""The canonical text of a statement, and its digest: what a theorem and a cached verdict are
keyed by.

``canonical(value)`` writes a value as text that two runs agree on whenever the value is the
same: SymPy objects by ``srepr`` (dummies renumbered in order of appearance, so the counter
of a run does not show), dataclasses field by field with their class, mappings in sorted
order, mpmath numbers exactly, and a Python function by its module and name, the source of
its module, and what it closes over (an oracle wrapped by ``implemented_function`` is
reached through the expression that applies it).  ``digest`` is its SHA-256.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import inspect
import re
import sys
from collections.abc import Mapping

import mpmath
import sympy as sp
from sympy.core.function import AppliedUndef

_DUMMY = re.compile(r"Dummy\('([^']*)'(.*?)dummy_index=(\d+)\)")


def _renumbered(text: str) -> str:
    order: dict[str, int] = {}

    def rename(found: re.Match) -> str:
        number = order.setdefault(found.group(3), len(order))
        name = re.sub(r"^Dummy_\d+$", "Dummy", found.group(1))
        return f"Dummy('{name}'{found.group(2)}dummy_index={number})"

    return _DUMMY.sub(rename, text)


@functools.cache
def module_source(name: str) -> str:
    """The source of a loaded module (empty if it has none, e.g. a built-in)."""
    module = sys.modules.get(name)
    try:
        return inspect.getsource(module) if module is not None else ""
    except (OSError, TypeError):
        return ""


def _function(value: object) -> str:
    if isinstance(value, functools.partial):
        parts = (value.func, value.args, value.keywords)
        return f"partial({','.join(canonical(p) for p in parts)})"
    module = getattr(value, "__module__", "") or ""
    name = getattr(value, "__qualname__", type(value).__qualname__)
    source = hashlib.sha256(module_source(module).encode()).hexdigest()
    closure = [c.cell_contents for c in (getattr(value, "__closure__", None) or ())]
    defaults = getattr(value, "__defaults__", None) or ()
    return f"function({module}.{name},{source},{canonical(closure)},{canonical(defaults)})"


def canonical(value: object) -> str:
    """The canonical text of ``value`` (see the module's docstring)."""
    if isinstance(value, sp.Basic):
        text = _renumbered(sp.srepr(value))
        applied = sorted(
            {type(f) for f in value.atoms(AppliedUndef) if hasattr(type(f), "_imp_")},
            key=str,
        )
        oracles = [f"{f}={_function(f._imp_)}" for f in applied]
        return text if not oracles else f"{text}[{';'.join(oracles)}]"
    if isinstance(value, bool | int | str | float | complex | type(None) | bytes):
        return f"{type(value).__name__}:{value!r}"
    if isinstance(value, mpmath.mpf):
        return f"mpf:{value.man_exp!r}"
    if isinstance(value, mpmath.mpc):
        return f"mpc:{canonical(value.real)},{canonical(value.imag)}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ",".join(
            f"{f.name}={canonical(getattr(value, f.name))}" for f in dataclasses.fields(value)
        )
        return f"{type(value).__module__}.{type(value).__qualname__}({fields})"
    if isinstance(value, Mapping):
        items = sorted((canonical(k), canonical(v)) for k, v in value.items())
        return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"
    if isinstance(value, tuple | list):
        return f"{type(value).__name__}[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, set | frozenset):
        return "set{" + ",".join(sorted(canonical(v) for v in value)) + "}"
    if isinstance(value, type):
        return f"class:{value.__module__}.{value.__qualname__}"
    if callable(value):
        return _function(value)
    return f"{type(value).__module__}.{type(value).__qualname__}:{value!r}"


def digest(value: object) -> str:
    """SHA-256 of ``canonical(value)``, in hex."""
    return hashlib.sha256(canonical(value).encode()).hexdigest()
