"""One toy training experiment of ``grpo-sigma simulate``: its parameters, validated.

The policy is a tabular softmax over a grid of predictions ``p̂``: for a Bernoulli target the
grid ``1/n, ..., (n−1)/n`` of ``P(a = 1)``, for a K-class target the interior points of the
simplex with step ``1/n``.  Modes (reward × advantage):

* ``sampled-std``  — one outcome ``a ∼ p`` per prompt, shared by its G rollouts, reward
  ``r(p̂, a) = log p̂_a``, GRPO's advantage ``(r − r̄)/(σ̂ + ε)``: the note's mechanism.
* ``sampled-nostd`` — same reward, advantage ``r − r̄``: unbiased, converges to p.
* ``soft-std``     — the soft-target reward ``R(p̂) = Σ_i p_i log p̂_i``, advantage
  ``(R − R̄)/(σ̂ + ε)``: one σ̂ per group, a harmless z-score, converges to p.
* ``soft-nostd``   — ``R − R̄``, for completeness.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import GrpoSigmaError
from ..numeric import validate as v

MODES: tuple[str, ...] = ("sampled-std", "sampled-nostd", "soft-std", "soft-nostd")
DEFAULT_MODES: tuple[str, ...] = ("sampled-std", "sampled-nostd", "soft-std")
SWEEP_TARGETS: tuple[float, ...] = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
BINARY_RESOLUTION = 100
"""Binary grid ``0.01, 0.02, ..., 0.99``."""
SIMPLEX_RESOLUTION = 20
"""K-class grid: interior simplex points with step ``1/20``."""
MAX_GROUP, MAX_ROLLOUTS = 4096, 1 << 20
"""The largest group, and the most rollouts (batch × group size) one training step draws."""
MAX_GRID_POINTS = 100_000


@dataclass(frozen=True)
class SimulationConfig:
    """One training experiment; validated on construction (``GrpoSigmaError``).

    ``target`` is ``p = P(a = 1)`` (a float in (0, 1)) or a probability vector with K ≥ 2
    positive entries.  ``grid`` is the resolution n of the prediction grid (None: 100 for a
    binary target, 20 for a K-class one).  ``keep_policy`` keeps π at every step.
    """

    target: float | tuple[float, ...] = 0.7
    group_size: int = 8
    batch: int = 64
    steps: int = 4000
    lr: float = 0.5
    eps: float = 1e-6
    std: str = "population"
    seed: int = 0
    modes: tuple[str, ...] = DEFAULT_MODES
    grid: int | None = None
    keep_policy: bool = False
    reward: str = "log"

    def __post_init__(self) -> None:
        object.__setattr__(self, "target", v.float_target(self.target))
        modes = (self.modes,) if isinstance(self.modes, str) else tuple(self.modes)
        object.__setattr__(self, "modes", modes)
        v.check_integer("group size", self.group_size, 2, MAX_GROUP)
        v.check_integer("batch", self.batch, 1, MAX_ROLLOUTS // self.group_size)
        v.check_integer("steps", self.steps, 1)
        v.check_integer("seed", self.seed, 0)
        v.check_real("learning rate", self.lr, 0.0)
        v.check_real("eps", self.eps, 0.0, closed=True)
        v.check_convention(self.std)
        v.check_reward(self.reward)
        if not modes:
            raise GrpoSigmaError("no modes given")
        for mode in modes:
            if mode not in MODES:
                raise GrpoSigmaError(f"unknown mode {mode!r} (choose from {', '.join(MODES)})")
        if len(set(modes)) != len(modes):
            raise GrpoSigmaError(f"a mode is repeated in {','.join(modes)}")
        if self.grid is not None:
            v.check_integer("grid resolution", self.grid, self.classes + 1)
        count = math.comb(self.resolution - 1, self.classes - 1)
        if count > MAX_GRID_POINTS:
            raise GrpoSigmaError(
                f"a grid of {count} points is too large (at most {MAX_GRID_POINTS}); "
                "lower the grid resolution"
            )

    @property
    def binary(self) -> bool:
        """True for a Bernoulli target given as the float ``p = P(a = 1)``."""
        return isinstance(self.target, float)

    @property
    def classes(self) -> int:
        """K, the number of outcomes (2 for a binary target)."""
        return 2 if self.binary else len(self.target)

    @property
    def target_vector(self) -> np.ndarray:
        """The target on the simplex: ``(1 − p, p)`` for a binary target."""
        if self.binary:
            return np.array([1.0 - self.target, self.target])
        return np.array(self.target, dtype=float)

    @property
    def resolution(self) -> int:
        """The grid step is ``1/resolution``."""
        if self.grid is not None:
            return self.grid
        return BINARY_RESOLUTION if self.binary else SIMPLEX_RESOLUTION


def prediction_grid(classes: int, resolution: int) -> np.ndarray:
    """Interior simplex points with step ``1/n``: rows ``k/n``, ``k_i ≥ 1``, ``Σ k_i = n``.

    Shape ``(C(n−1, K−1), K)``, in lexicographic order of ``k``; for K = 2 the rows are
    ``(1 − j/n, j/n)``, ``j = 1..n−1``, i.e. ascending ``p̂ = P(a = 1)``.
    """
    if classes < 2 or resolution <= classes - 1:
        raise GrpoSigmaError(f"no interior grid with {classes} classes and step 1/{resolution}")

    def compositions(total: int, parts: int) -> list[tuple[int, ...]]:
        if parts == 1:
            return [(total,)]
        return [
            (first, *rest)
            for first in range(1, total - parts + 2)
            for rest in compositions(total - first, parts - 1)
        ]

    counts = np.array(compositions(resolution, classes), dtype=float)
    if classes == 2:
        counts = counts[::-1]
    return counts / resolution
