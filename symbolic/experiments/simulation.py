"""A toy GRPO training run: does σ-normalization make the policy overconfident?

The policy is a tabular softmax ``π = softmax(θ)`` over a grid of predictions ``p̂`` — for a
Bernoulli target the grid ``1/n, ..., (n−1)/n`` of ``P(a = 1)``, for a K-class target the
interior points of the simplex with step ``1/n``.  Each step draws B prompts (all with the
same target p), G rollouts per prompt (a prediction each, drawn from π), scores them, forms
group-relative advantages and takes the REINFORCE step

    θ ← θ + η · (1/BG) Σ_{b,g} A_{bg} (e_{j_bg} − π),     e_j − π = ∇_θ log π_j.

Modes (reward × advantage):

* ``sampled-std``  — one outcome ``a ∼ p`` per prompt, shared by its G rollouts, reward
  ``r(p̂, a) = log p̂_a`` (binary: ``a log p̂ + (1−a) log(1−p̂)``), GRPO's advantage
  ``(r − r̄)/(σ̂ + ε)``.  The note's mechanism: σ̂ depends on which outcome occurred, the
  ``a = 0`` penalty is divided by ``σ_0 > σ_1`` and the policy drifts to a vertex.
* ``sampled-nostd`` — same reward, advantage ``r − r̄``: unbiased, converges to p.
* ``soft-std``     — the soft-target reward ``R(p̂) = Σ_i p_i log p̂_i``, advantage
  ``(R − R̄)/(σ̂ + ε)``: one σ̂ per group, a harmless z-score, converges to p.
* ``soft-nostd``   — ``R − R̄``, for completeness.

All modes (and, in a sweep, all targets) train side by side on the same uniforms each step
(common random numbers), vectorized with numpy; a mode's run is bit-identical whichever
modes or targets run with it, and the same seed gives the same arrays.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import GrpoSigmaError

MODES: tuple[str, ...] = ("sampled-std", "sampled-nostd", "soft-std", "soft-nostd")
DEFAULT_MODES: tuple[str, ...] = ("sampled-std", "sampled-nostd", "soft-std")
STD_CONVENTIONS: tuple[str, ...] = ("population", "bessel")
SWEEP_TARGETS: tuple[float, ...] = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
DEFAULT_SWEEP_PLOT = Path("figures") / "reliability.png"
BINARY_RESOLUTION = 100
"""Binary grid ``0.01, 0.02, ..., 0.99``."""
SIMPLEX_RESOLUTION = 20
"""K-class grid: interior simplex points with step ``1/20``."""
MAX_GRID_POINTS = 100_000
ZERO_STD = 1e-12
"""A group whose reward std is below this is constant up to rounding: its advantage is 0."""
PLOT_DPI = 100

Progress = Callable[[int, int], None]


# ------------------------------------------------------------------------------ config
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

    def __post_init__(self) -> None:
        object.__setattr__(self, "target", _checked_target(self.target))
        modes = (self.modes,) if isinstance(self.modes, str) else tuple(self.modes)
        object.__setattr__(self, "modes", modes)
        _check_int("group size", self.group_size, 2)
        _check_int("batch", self.batch, 1)
        _check_int("steps", self.steps, 1)
        _check_int("seed", self.seed, 0)
        if not _is_real(self.lr) or not math.isfinite(self.lr) or self.lr <= 0:
            raise GrpoSigmaError(f"learning rate must be a positive number, got {self.lr!r}")
        if not _is_real(self.eps) or not math.isfinite(self.eps) or self.eps < 0:
            raise GrpoSigmaError(f"eps must be a non-negative number, got {self.eps!r}")
        if self.std not in STD_CONVENTIONS:
            raise GrpoSigmaError(
                f"unknown std convention {self.std!r} (choose from {', '.join(STD_CONVENTIONS)})"
            )
        if not modes:
            raise GrpoSigmaError("no modes given")
        for mode in modes:
            if mode not in MODES:
                raise GrpoSigmaError(f"unknown mode {mode!r} (choose from {', '.join(MODES)})")
        if len(set(modes)) != len(modes):
            raise GrpoSigmaError(f"a mode is repeated in {','.join(modes)}")
        if self.grid is not None:
            _check_int("grid resolution", self.grid, self.classes + 1)
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


def _is_real(value: object) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)


def _check_int(name: str, value: object, minimum: int) -> None:
    if not isinstance(value, int | np.integer) or isinstance(value, bool):
        raise GrpoSigmaError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise GrpoSigmaError(f"{name} must be at least {minimum}, got {value}")


def _checked_target(target: object) -> float | tuple[float, ...]:
    if _is_real(target):
        p = float(target)  # type: ignore[arg-type]
        if not 0.0 < p < 1.0:
            raise GrpoSigmaError(f"target must lie strictly between 0 and 1, got {p!r}")
        return p
    try:
        entries = tuple(float(x) for x in target)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise GrpoSigmaError(
            f"target must be a number or a probability vector, got {target!r}"
        ) from None
    if len(entries) < 2:
        raise GrpoSigmaError(f"a K-class target needs at least 2 entries, got {len(entries)}")
    if not all(0.0 < x < 1.0 for x in entries) or abs(math.fsum(entries) - 1.0) > 1e-9:
        shown = ",".join(f"{x:g}" for x in entries)
        raise GrpoSigmaError(
            f"target {shown} is not a probability vector (entries in (0, 1) summing to 1)"
        )
    return entries


# -------------------------------------------------------------------------- the maths
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


def sampled_outcome_reward(phat: np.ndarray, a: np.ndarray) -> np.ndarray:
    """``r(p̂, a) = log p̂_a`` (binary: ``a log p̂ + (1 − a) log(1 − p̂)``).

    ``phat`` has the classes on its last axis; ``a`` holds outcome indices, broadcastable
    to ``phat.shape[:-1]``.
    """
    phat = np.asarray(phat, dtype=float)
    a = np.broadcast_to(np.asarray(a), phat.shape[:-1])
    return np.log(np.take_along_axis(phat, a[..., None], axis=-1)[..., 0])


def soft_target_reward(phat: np.ndarray, target: np.ndarray) -> np.ndarray:
    """``R(p̂) = Σ_i p_i log p̂_i = −H(p) − KL(p ‖ p̂)``, deterministic, over the last axis."""
    return np.log(np.asarray(phat, dtype=float)) @ np.asarray(target, dtype=float)


def centered_advantage(rewards: np.ndarray) -> np.ndarray:
    """``A = r − r̄`` per group (rows of ``rewards``, shape ``(B, G)``)."""
    rewards = np.asarray(rewards, dtype=float)
    return rewards - rewards.mean(axis=-1, keepdims=True)


def sigma_normalized_advantage(
    rewards: np.ndarray, eps: float = 1e-6, std: str = "population"
) -> np.ndarray:
    """GRPO's ``Â = (r − r̄)/(σ̂ + ε)`` per group; ``σ̂² = Σ_g (r_g − r̄)²/G`` or ``/(G − 1)``.

    A group whose rewards are equal (σ̂ below 1e-12, rounding) has advantage 0, also at ε = 0.
    """
    if std not in STD_CONVENTIONS:
        raise GrpoSigmaError(f"unknown std convention {std!r} (choose from population, bessel)")
    centered = centered_advantage(rewards)
    ddof = 0 if std == "population" else 1
    sigma = np.sqrt((centered * centered).sum(axis=-1, keepdims=True) / (centered.shape[-1] - ddof))
    denominator = np.where(sigma < ZERO_STD, np.inf, sigma + eps)
    return centered / denominator


def policy_gradient(rollouts: np.ndarray, advantages: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """REINFORCE for a tabular softmax: ``(1/N) Σ_n A_n (e_{j_n} − π)``.

    Since ``∇_θ log π_j = e_j − π``; ``rollouts`` are grid indices j_n, ``advantages`` the
    A_n and ``probs`` the policy π.
    """
    rollouts = np.asarray(rollouts).ravel()
    advantages = np.asarray(advantages, dtype=float).ravel()
    counts = np.bincount(rollouts, weights=advantages, minlength=probs.shape[-1])
    return (counts - advantages.sum() * probs) / rollouts.size


def population_sigmas(
    grid: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(σ_0, σ_1, μ_0, μ_1)`` of the rewards ``r(p̂, 0) = log(1 − p̂)``, ``r(p̂, 1) = log p̂``.

    ``μ_a = Σ_j w_j r(q_j, a)`` and ``σ_a² = Σ_j w_j (r(q_j, a) − μ_a)²`` under a policy with
    weights ``w`` (last axis; rows of a ``(T, M)`` array are separate policies) on the binary
    grid ``q`` of ``P(a = 1)``; they are properties of the policy alone (numpy twin of
    ``policy.population_statistics``, vectorized over training steps).
    """
    grid = np.asarray(grid, dtype=float)
    weights = np.asarray(weights, dtype=float)
    rewards = np.stack([np.log1p(-grid), np.log(grid)])  # (2, M)
    mu = weights @ rewards.T  # (..., 2)
    second = weights @ (rewards * rewards).T
    sigma = np.sqrt(np.maximum(second - mu * mu, 0.0))
    return sigma[..., 0], sigma[..., 1], mu[..., 0], mu[..., 1]


def biased_optimum(
    target: float | np.ndarray, sigma0: np.ndarray, sigma1: np.ndarray, eps: float = 1e-6
) -> np.ndarray:
    """``p̂* = p w_1 / (p w_1 + (1 − p) w_0)``, ``w_a = 1/(σ_a + ε)`` (numpy twin of
    ``policy.biased_optimum``, vectorized; the tests check that the two agree).

    The maximizer over p̂ of the σ-normalized expected advantage
    ``p (r(p̂,1) − μ_1)/(σ_1 + ε) + (1 − p)(r(p̂,0) − μ_0)/(σ_0 + ε)``: it exceeds p exactly
    when ``σ_0 > σ_1``, and equals p when the two coefficients agree.
    """
    p = np.asarray(target, dtype=float)
    w0 = 1.0 / (np.asarray(sigma0, dtype=float) + eps)
    w1 = 1.0 / (np.asarray(sigma1, dtype=float) + eps)
    return p * w1 / (p * w1 + (1.0 - p) * w0)


def sigma_normalized_expected_advantage(
    grid: np.ndarray, weights: np.ndarray, target: float, eps: float = 1e-6
) -> np.ndarray:
    """The note's ``E[Â_STD](p̂) ≈ p (r(p̂,1) − μ_1)/(σ_1 + ε) + (1 − p)(r(p̂,0) − μ_0)/(σ_0 + ε)``.

    Evaluated at every grid point ``p̂``, with ``σ_a, μ_a`` from ``population_sigmas``.
    """
    grid = np.asarray(grid, dtype=float)
    sigma0, sigma1, mu0, mu1 = (s[..., None] for s in population_sigmas(grid, weights))
    one = target * (np.log(grid) - mu1) / (sigma1 + eps)
    zero = (1 - target) * (np.log1p(-grid) - mu0) / (sigma0 + eps)
    return one + zero


# --------------------------------------------------------------------------- training
@dataclass(frozen=True)
class ModeResult:
    """One mode's run.  Binary targets report ``P(a = 1)`` as floats; K-class ones vectors.

    ``trajectory[t]`` is the policy-mean prediction ``Σ_j π_j q_j`` before step t (t = 0 is
    the uniform initial policy, t = steps the final one); ``most_likely`` is the grid point
    of largest π; ``distance`` is ``|mean − p|`` (K classes: total variation ½ Σ_i |·|).
    ``sigma0``/``sigma1``/``optimum``: the population σ_a of ``r(p̂, a)`` under π and the
    biased optimum ``p w_1/(p w_1 + (1 − p) w_0)`` at every step (binary targets only);
    ``policy``: π at every step, shape ``(steps + 1, M)``, with ``keep_policy``.
    """

    mode: str
    trajectory: np.ndarray
    final_mean: float | np.ndarray
    most_likely: float | np.ndarray
    distance: float
    final_policy: np.ndarray
    sigma0: np.ndarray | None = None
    sigma1: np.ndarray | None = None
    optimum: np.ndarray | None = None
    policy: np.ndarray | None = field(default=None, repr=False)


@dataclass(frozen=True)
class SimulationResult:
    """All modes of one configuration; ``grid`` is the binary ``p̂`` grid or simplex rows."""

    config: SimulationConfig
    grid: np.ndarray
    modes: dict[str, ModeResult]

    def __getitem__(self, mode: str) -> ModeResult:
        return self.modes[mode]


def draw_rollouts(cdf: np.ndarray, uniforms: np.ndarray) -> np.ndarray:
    """Inverse-CDF sampling of every policy with the same uniforms (common random numbers).

    ``cdf`` is ``(P, M)`` with rows ending in 1, ``uniforms`` is ``(N,)`` in [0, 1).  Returns
    ``j[p, n] = #{i : cdf[p, i] ≤ u_n}`` — ``np.searchsorted(cdf[p], u, side="right")`` for
    every row at once: with ``u`` sorted, ``cdf[p, i] ≤ u_(k)`` iff ``#{u < cdf[p, i]} ≤ k``.
    """
    policies, n = cdf.shape[0], uniforms.size
    if policies <= 8:  # a few rows: one binary search each is faster than sorting u
        rollouts = np.empty((policies, n), dtype=np.intp)
        for p in range(policies):
            rollouts[p] = np.searchsorted(cdf[p], uniforms, side="right")
        return rollouts
    order = np.argsort(uniforms, kind="stable")
    below = np.searchsorted(uniforms[order], cdf, side="left")  # #{u < cdf[p, i]}, (P, M)
    offsets = (np.arange(policies) * (n + 1))[:, None]
    counts = np.bincount((below + offsets).ravel(), minlength=policies * (n + 1))
    ranked = np.cumsum(counts.reshape(policies, n + 1)[:, :n], axis=1)
    rollouts = np.empty((policies, n), dtype=np.intp)
    rollouts[:, order] = ranked
    return rollouts


@dataclass
class _Trace:
    means: np.ndarray  # (T + 1, P, K): policy-mean prediction Σ_j π_j q_j
    moments: np.ndarray  # (T + 1, P, 2, K): E_π[log q_a], E_π[(log q_a)²]
    final: np.ndarray  # (P, M)
    history: np.ndarray | None  # (T + 1, P, M) if kept


def _train(
    config: SimulationConfig,
    targets: np.ndarray,
    modes: Sequence[str],
    support: np.ndarray,
    progress: Progress | None,
) -> _Trace:
    """Train P = len(modes) policies side by side: policy p has target ``targets[p]``.

    Every policy sees the same uniforms at every step (the rollout draws and the outcome
    draws), so a mode's run does not depend on which other modes run with it.
    """
    rng = np.random.default_rng(config.seed)
    policies = len(modes)
    size, classes = support.shape
    batch, group, steps = config.batch, config.group_size, config.steps
    rollouts_per_step = batch * group
    dof = group if config.std == "population" else group - 1
    log_support = np.log(support)  # (M, K): r(q_j, a) = log q_ja
    log_squared = log_support * log_support
    # reward[p, j, a]: r(q_j, a) for a sampled-outcome mode, R(q_j) = Σ_i p_i log q_ji otherwise.
    table = np.empty((policies, size, classes))
    for p, mode in enumerate(modes):
        if mode.startswith("sampled"):
            table[p] = log_support
        else:
            table[p] = soft_target_reward(support, targets[p])[:, None]
    rewards_flat = table.ravel()
    normalized = np.array([mode.endswith("-std") for mode in modes])[:, None, None]
    outcome_cdf = np.cumsum(targets, axis=1)
    outcome_cdf /= outcome_cdf[:, -1:]  # exactly 1 at the end: every uniform finds a class
    cell_offset = (np.arange(policies) * size)[:, None, None]
    theta = np.zeros((policies, size))
    means = np.empty((steps + 1, policies, classes))
    moments = np.empty((steps + 1, policies, 2, classes))
    history = np.empty((steps + 1, policies, size)) if config.keep_policy else None
    scale = config.lr / rollouts_per_step
    every = max(1, steps // 200)
    for step in range(steps + 1):
        z = np.exp(theta - theta.max(axis=1, keepdims=True))
        probs = z / z.sum(axis=1, keepdims=True)
        # einsum, not BLAS: each policy's row is reduced alike, whatever the number of rows.
        means[step] = np.einsum("pm,mk->pk", probs, support)
        moments[step, :, 0] = np.einsum("pm,mk->pk", probs, log_support)
        moments[step, :, 1] = np.einsum("pm,mk->pk", probs, log_squared)
        if history is not None:
            history[step] = probs
        if step == steps:
            break
        cdf = np.cumsum(probs, axis=1)
        cdf /= cdf[:, -1:]
        rollouts = draw_rollouts(cdf, rng.random(rollouts_per_step)).reshape(policies, batch, group)
        # One outcome a ~ p per prompt, shared by the G rollouts of the prompt.
        uniforms = rng.random(batch)
        outcomes = (uniforms[None, :, None] >= outcome_cdf[:, None, :]).sum(axis=2)  # (P, B)
        cells = cell_offset + rollouts  # (P, B, G): index of (policy, grid point)
        rewards = rewards_flat[cells * classes + outcomes[:, :, None]]
        advantages = rewards - rewards.sum(axis=2, keepdims=True) / group
        sigma = np.sqrt((advantages * advantages).sum(axis=2, keepdims=True) / dof)
        denominator = np.where(sigma < ZERO_STD, np.inf, sigma + config.eps)
        advantages /= np.where(normalized, denominator, 1.0)
        gradient = np.bincount(
            cells.ravel(), weights=advantages.ravel(), minlength=policies * size
        ).reshape(policies, size)
        gradient -= advantages.reshape(policies, -1).sum(axis=1, keepdims=True) * probs
        theta += scale * gradient
        if progress is not None and step % every == 0:
            progress(step, steps)
    if progress is not None:
        progress(steps, steps)
    return _Trace(means=means, moments=moments, final=probs, history=history)


def _mode_result(
    config: SimulationConfig, mode: str, trace: _Trace, p: int, support: np.ndarray
) -> ModeResult:
    means = trace.means[:, p]
    final_policy = trace.final[p].copy()
    best = support[int(np.argmax(final_policy))]
    distance = 0.5 * float(np.abs(means[-1] - config.target_vector).sum())
    policy = None if trace.history is None else trace.history[:, p].copy()
    if not config.binary:
        return ModeResult(
            mode=mode,
            trajectory=means.copy(),
            final_mean=means[-1].copy(),
            most_likely=best.copy(),
            distance=distance,
            final_policy=final_policy,
            policy=policy,
        )
    mu, second = trace.moments[:, p, 0], trace.moments[:, p, 1]
    sigma = np.sqrt(np.maximum(second - mu * mu, 0.0))  # columns: a = 0, a = 1
    return ModeResult(
        mode=mode,
        trajectory=means[:, 1].copy(),
        final_mean=float(means[-1, 1]),
        most_likely=float(best[1]),
        distance=distance,
        final_policy=final_policy,
        sigma0=sigma[:, 0].copy(),
        sigma1=sigma[:, 1].copy(),
        optimum=biased_optimum(config.target, sigma[:, 0], sigma[:, 1], config.eps),
        policy=policy,
    )


def _run(configs: Sequence[SimulationConfig], progress: Progress | None) -> list[SimulationResult]:
    """Train every mode of every config (same everything but the target) in one loop."""
    base = configs[0]
    support = prediction_grid(base.classes, base.resolution)
    pairs = [(c, mode) for c in configs for mode in c.modes]
    targets = np.array([c.target_vector for c, _ in pairs])
    trace = _train(base, targets, [mode for _, mode in pairs], support, progress)
    grid = support[:, 1].copy() if base.binary else support
    results, p = [], 0
    for c in configs:
        modes = {}
        for mode in c.modes:
            modes[mode] = _mode_result(c, mode, trace, p, support)
            p += 1
        results.append(SimulationResult(config=c, grid=grid, modes=modes))
    return results


def simulate(config: SimulationConfig, progress: Progress | None = None) -> SimulationResult:
    """Train one policy per mode of ``config``, each from the uniform policy ``θ = 0``.

    All modes see the same random numbers (seed ``config.seed``); ``progress(done, total)``
    is called now and then with the number of steps done.
    """
    return _run([config], progress)[0]


def sweep(
    targets: Sequence[float] = SWEEP_TARGETS,
    config: SimulationConfig | None = None,
    progress: Progress | None = None,
) -> list[SimulationResult]:
    """``simulate`` at each binary target, the rest of ``config`` unchanged (one result each).

    Each result equals ``simulate(replace(config, target=t))``: the targets train side by side.
    """
    base = config or SimulationConfig()
    if not targets:
        raise GrpoSigmaError("no targets to sweep")
    configs = [replace(base, target=t) for t in targets]
    if not all(c.binary for c in configs):
        raise GrpoSigmaError("a sweep takes binary targets p in (0, 1)")
    return _run(configs, progress)


# ---------------------------------------------------------------------------- reports
def _number(value: float | np.ndarray) -> float | list[float]:
    if isinstance(value, np.ndarray):
        return [float(x) for x in value]
    return float(value)


def _shown(value: float | np.ndarray) -> str:
    if isinstance(value, np.ndarray):
        return "(" + ", ".join(f"{x:.3f}" for x in value) + ")"
    return f"{value:.4f}"


def _config_json(config: SimulationConfig) -> dict[str, Any]:
    return {
        "target": _number(np.array(config.target)) if not config.binary else config.target,
        "group_size": config.group_size,
        "batch": config.batch,
        "steps": config.steps,
        "lr": config.lr,
        "eps": config.eps,
        "std": config.std,
        "seed": config.seed,
        "modes": list(config.modes),
        "grid": config.resolution,
    }


def to_json(result: SimulationResult, points: int = 100) -> dict[str, Any]:
    """A JSON-ready summary; the trajectory is kept at about ``points`` evenly spaced steps."""
    steps = result.config.steps
    every = max(1, steps // points)
    kept = list(range(0, steps + 1, every))
    if kept[-1] != steps:
        kept.append(steps)
    modes = {}
    for name, mode in result.modes.items():
        modes[name] = {
            "final_mean": _number(mode.final_mean),
            "most_likely": _number(mode.most_likely),
            "distance": float(mode.distance),
            "trajectory": {
                "step": kept,
                "mean": [_number(mode.trajectory[t]) for t in kept],
            },
        }
    return {"config": _config_json(result.config), "modes": modes}


def sweep_to_json(results: list[SimulationResult]) -> dict[str, Any]:
    """Final mean prediction per mode at each target of a sweep."""
    config = _config_json(results[0].config)
    del config["target"]
    return {
        "config": config,
        "targets": [r.config.target for r in results],
        "final_mean": {
            mode: [float(r[mode].final_mean) for r in results] for mode in results[0].modes
        },
    }


def format_table(result: SimulationResult) -> str:
    """Per mode: final mean prediction, most likely prediction, distance to the target."""
    config = result.config
    target = _shown(np.array(config.target) if not config.binary else config.target)
    head = ("mode", "final mean", "most likely", "|mean - p|")
    rows = [
        (m.mode, _shown(m.final_mean), _shown(m.most_likely), f"{m.distance:.4f}")
        for m in result.modes.values()
    ]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = [
        f"target p = {target}, G = {config.group_size}, B = {config.batch}, "
        f"steps = {config.steps}, lr = {config.lr:g}, eps = {config.eps:g}, "
        f"std = {config.std}, seed = {config.seed}",
        "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


def format_sweep(results: list[SimulationResult]) -> str:
    """Final mean prediction per mode, one row per target."""
    modes = list(results[0].modes)
    widths = [max(13, len(m)) for m in modes]
    lines = ["target  " + "  ".join(m.ljust(w) for m, w in zip(modes, widths, strict=True))]
    for r in results:
        cells = [
            f"{float(r[m].final_mean):.4f}".ljust(w) for m, w in zip(modes, widths, strict=True)
        ]
        lines.append(f"{r.config.target:<6.2f}  " + "  ".join(cells))
    return "\n".join(line.rstrip() for line in lines)


# ------------------------------------------------------------------------------ plots
def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(figure: Any, path: str | Path) -> None:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, dpi=PLOT_DPI, format="png", metadata={"Software": None})
    except OSError as error:
        raise GrpoSigmaError(f"cannot write {path}: {error.strerror}") from None


def plot_training(result: SimulationResult, path: str | Path) -> None:
    """PNG of the mean prediction over training, one line per mode, target as a dashed line."""
    plt = _pyplot()
    config = result.config
    panels = 1 if config.binary else config.classes
    figure, axes = plt.subplots(
        1, panels, figsize=(6.4 if panels == 1 else 4.0 * panels, 4.2), squeeze=False
    )
    steps = np.arange(config.steps + 1)
    for k, ax in enumerate(axes[0]):
        for mode in result.modes.values():
            line = mode.trajectory if config.binary else mode.trajectory[:, k]
            ax.plot(steps, line, label=mode.mode, linewidth=1.5)
        target = config.target if config.binary else config.target[k]
        ax.axhline(target, color="black", linestyle="--", linewidth=1, label=f"target {target:g}")
        ax.set_xlabel("training step")
        ax.set_ylabel(
            r"mean prediction $\hat p = P(a = 1)$"
            if config.binary
            else rf"mean prediction $\hat p_{{{k + 1}}}$"
        )
        ax.set_ylim(0, 1)
        ax.grid(alpha=0.3)
        ax.legend(loc="best", fontsize="small")
    figure.suptitle(
        f"GRPO toy training: G = {config.group_size}, B = {config.batch}, lr = {config.lr:g}, "
        f"std = {config.std}, seed = {config.seed}"
    )
    figure.tight_layout()
    _save(figure, path)
    plt.close(figure)


def plot_reliability(results: list[SimulationResult], path: str | Path) -> None:
    """Reliability plot: final mean prediction against the target, with the diagonal."""
    plt = _pyplot()
    figure, ax = plt.subplots(figsize=(5.2, 5.2))
    targets = [r.config.target for r in results]
    ax.plot([0, 1], [0, 1], color="black", linestyle="--", linewidth=1, label="calibrated")
    for mode in results[0].modes:
        finals = [float(r[mode].final_mean) for r in results]
        ax.plot(targets, finals, marker="o", label=mode)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xlabel("target p = P(a = 1)")
    ax.set_ylabel("final mean prediction")
    ax.set_title("Reliability after GRPO toy training")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize="small")
    figure.tight_layout()
    _save(figure, path)
    plt.close(figure)


# ------------------------------------------------------------------------ command line
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


def parse_target(text: str) -> float | tuple[float, ...]:
    """``"0.7"`` → 0.7; ``"0.5,0.3,0.2"`` → a K-class target vector."""
    try:
        parts = [float(x) for x in text.split(",")]
    except ValueError:
        raise GrpoSigmaError(
            f"target must be a number or comma-separated numbers, got {text!r}"
        ) from None
    return parts[0] if len(parts) == 1 else tuple(parts)


def _parse_modes(text: str) -> tuple[str, ...]:
    return tuple(m.strip() for m in text.split(",") if m.strip())


def _write_json(data: dict[str, Any], destination: str) -> None:
    text = json.dumps(data, indent=2) + "\n"
    if destination == "-":
        sys.stdout.write(text)
        return
    try:
        Path(destination).write_text(text, encoding="utf-8")
    except OSError as error:
        raise GrpoSigmaError(f"cannot write {destination}: {error.strerror}") from None


def run(args: argparse.Namespace) -> int:
    if args.sweep and args.target is not None:
        raise GrpoSigmaError("--sweep runs its own targets 0.1..0.9; drop --target")
    config = SimulationConfig(
        target=0.7 if args.target is None else parse_target(args.target),
        group_size=args.group_size,
        batch=args.batch,
        steps=args.steps,
        lr=args.lr,
        eps=args.eps,
        std=args.std,
        seed=args.seed,
        modes=_parse_modes(args.modes),
        grid=args.grid,
    )
    bar = ProgressBar("sweep" if args.sweep else "simulate")
    try:
        if args.sweep:
            results = sweep(SWEEP_TARGETS, config, bar)
        else:
            result = simulate(config, bar)
    finally:
        bar.close()
    if args.sweep:
        plot_path = args.plot or DEFAULT_SWEEP_PLOT
        plot_reliability(results, plot_path)
        if args.json:
            _write_json(sweep_to_json(results), args.json)
        if args.json != "-":
            print(format_sweep(results))
            print(f"reliability plot: {plot_path}")
        return 0
    if args.plot:
        plot_training(result, args.plot)
    if args.json:
        _write_json(to_json(result), args.json)
    if args.json != "-":
        print(format_table(result))
        if args.plot:
            print(f"training plot: {args.plot}")
    return 0


def add_parser(commands: argparse._SubParsersAction) -> None:
    defaults = SimulationConfig()
    parser = commands.add_parser(
        "simulate",
        help="toy GRPO training: sampled-outcome vs soft-target reward",
        description="Train a tabular softmax policy over predictions by group policy gradient "
        "and compare the final mean prediction with the target, per mode.",
    )
    parser.add_argument(
        "--target",
        metavar="P",
        help="P(a = 1) in (0, 1), or a comma-separated probability vector (default 0.7)",
    )
    parser.add_argument("--group-size", type=int, default=defaults.group_size, metavar="G")
    parser.add_argument("--batch", type=int, default=defaults.batch, metavar="B")
    parser.add_argument("--steps", type=int, default=defaults.steps)
    parser.add_argument("--lr", type=float, default=defaults.lr)
    parser.add_argument("--eps", type=float, default=defaults.eps)
    parser.add_argument(
        "--std",
        default=defaults.std,
        metavar="{population,bessel}",
        help="group std divides by G (population, default) or G - 1 (bessel)",
    )
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument(
        "--modes",
        default=",".join(defaults.modes),
        help=f"comma-separated, from {', '.join(MODES)} (default: the first three)",
    )
    parser.add_argument(
        "--grid", type=int, metavar="N", help="grid step 1/N (default 100 binary, 20 K-class)"
    )
    parser.add_argument("--json", metavar="PATH", help="write JSON to PATH ('-': stdout)")
    parser.add_argument(
        "--plot",
        metavar="PATH",
        help="PNG of the mean prediction over training (with --sweep: the reliability plot)",
    )
    parser.add_argument(
        "--sweep",
        action="store_true",
        help=f"run targets 0.1..0.9 and plot reliability (default {DEFAULT_SWEEP_PLOT})",
    )
    parser.set_defaults(run=run)
