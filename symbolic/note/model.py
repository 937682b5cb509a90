"""The note's objects as SymPy expressions: one namespace over the modules that define them.

Every formula of the note is written once, in the module of what it is in the note
(``PARTS``): its sizes, vectors and scalars (``quantities``), rewards (``rewards``), group
statistics and advantages (``advantages``), expectations under the policy (``policy``), the
per-outcome σ mechanism (``mechanism``), a Beta policy's moments (``beta_policy``), the
finite-G coefficients (``finite_group_coefficients``) and scoring rules (``scoring_rules``).
Callers use them as ``model.<name>``.

To replace one of the model's functions for every caller (a mutation, a recording wrapper),
set it in each module of ``homes(name)``: the parts call each other by their global names,
as the model's functions did when they were one module.
"""

from __future__ import annotations

import inspect
import sys
from types import FunctionType, ModuleType

from . import (
    advantages,
    beta_policy,
    finite_group_coefficients,
    mechanism,
    policy,
    quantities,
    rewards,
    scoring_rules,
)
from .advantages import *  # noqa: F403
from .beta_policy import *  # noqa: F403
from .finite_group_coefficients import *  # noqa: F403
from .mechanism import *  # noqa: F403
from .policy import *  # noqa: F403
from .quantities import *  # noqa: F403
from .rewards import *  # noqa: F403
from .scoring_rules import *  # noqa: F403

PARTS: tuple[ModuleType, ...] = (
    quantities,
    rewards,
    advantages,
    policy,
    mechanism,
    beta_policy,
    finite_group_coefficients,
    scoring_rules,
)
"""The modules that define the model's objects, in the note's order."""


def functions() -> dict[str, FunctionType]:
    """The functions the parts define, by name (no name is defined in two parts)."""
    return {
        name: f
        for part in PARTS
        for name, f in vars(part).items()
        if inspect.isfunction(f) and f.__module__ == part.__name__
    }


def homes(name: str) -> list[ModuleType]:
    """The modules that hold the model's function ``name``: this one, the part that defines
    it and each part that imports it."""
    f = functions()[name]
    return [m for m in (sys.modules[__name__], *PARTS) if vars(m).get(name) is f]
