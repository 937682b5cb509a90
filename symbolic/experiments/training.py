"""Training the toy GRPO policy of ``grpo-sigma simulate`` (modes in ``config``).

Each step draws B prompts (all with the same target p), G rollouts per prompt (a prediction
each, drawn from π = softmax(θ)), scores them, forms group-relative advantages and takes the
REINFORCE step ``θ ← θ + η · (1/BG) Σ_{b,g} A_{bg} (e_{j_bg} − π)`` (``e_j − π = ∇_θ log π_j``).
Rewards, group statistics, advantages, the gradient, σ_a and p̂* are the model's expressions
compiled for numpy (``symbolic.note.compiled``); nothing here re-types a formula.

All modes (and, in a sweep, all targets) train side by side on the same uniforms each step
(common random numbers); a mode's run is bit-identical whichever modes or targets run with
it, and the same seed gives the same arrays.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..console import Progress
from ..errors import GrpoSigmaError
from ..note import compiled
from .config import SWEEP_TARGETS, SimulationConfig, prediction_grid

ZERO_STD = 1e-12
"""A group whose reward std is below this is constant up to rounding: its advantage is 0."""


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


def group_advantages(
    statistics: Callable[..., Any], rewards: np.ndarray, eps: float, normalized: np.ndarray
) -> np.ndarray:
    """Per group (last axis of ``rewards``): ``(r − r̄)/(σ̂ + ε)`` where ``normalized``, else
    ``r − r̄`` (``compiled.group_statistics``).  A group whose rewards are equal up to rounding
    (σ̂ below ``ZERO_STD``) has advantage 0, also at ε = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        _, std, centered, scaled = statistics(np.moveaxis(rewards, -1, 0), eps)
    std = std[..., None]
    centered, scaled = np.moveaxis(centered, 0, -1), np.moveaxis(scaled, 0, -1)
    return np.where(normalized, np.where(std < ZERO_STD, 0.0, scaled), centered)


def score_table(reward: str, support: np.ndarray) -> np.ndarray:
    """``r(q_j, a)`` of the named rule for every grid point and outcome, shape ``(M, K)``:
    the log score ``log q_ja`` by default (``compiled.one_hot_log_score``), else
    ``compiled.rule_score``."""
    classes = support.shape[1]
    columns = [
        compiled.one_hot_log_score(classes, a + 1, "numpy")
        if reward == "log"
        else compiled.rule_score(reward, classes, a + 1, "numpy")
        for a in range(classes)
    ]
    return np.stack([np.broadcast_to(f(support.T), support.shape[:1]) for f in columns], axis=1)


def soft_reward(reward: str, target: np.ndarray, support: np.ndarray) -> np.ndarray:
    """``R(q_j) = E_{a∼p}[r(q_j, a)]`` for every grid point (the soft-target reward)."""
    classes = support.shape[1]
    if reward == "log":
        return compiled.soft_target_reward(classes, "numpy")(target, support.T)
    return compiled.expected_score(reward, classes, "numpy")(target, support.T)


def policy_sigmas(
    grid: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(σ_0, σ_1, μ_0, μ_1)`` of ``r(p̂, 0) = log(1 − p̂)``, ``r(p̂, 1) = log p̂`` under a policy
    with ``weights`` (last axis; rows are separate policies) on the binary grid of ``P(a = 1)``.

    ``μ_a = Σ_j w_j r(q_j, a)`` and ``E[r²]`` as dot products, then
    ``σ_a = sqrt(E[r²] − μ_a²)`` (``compiled.moment_std``), as the trainer records them.
    """
    rewards = np.stack([np.log1p(-np.asarray(grid, float)), np.log(np.asarray(grid, float))])
    weights = np.asarray(weights, dtype=float)
    mu, second = weights @ rewards.T, weights @ (rewards * rewards).T
    sigma = moment_sigma(mu, second)
    return sigma[..., 0], sigma[..., 1], mu[..., 0], mu[..., 1]


def moment_sigma(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """``sqrt(E[x²] − E[x]²)``, with the difference clipped at 0 against rounding."""
    return compiled.moment_std("numpy")(first, np.maximum(second, first * first))


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
    statistics = compiled.group_statistics(group, config.std, "numpy")
    gradient_of = compiled.reinforce_gradient("numpy")
    score = score_table(config.reward, support)  # (M, K): r(q_j, a), for its moments too
    squared = score * score
    # reward[p, j, a]: r(q_j, a) for a sampled-outcome mode, R(q_j) = E_{a∼p}[r(q_j, a)] otherwise.
    table = np.empty((policies, size, classes))
    for p, mode in enumerate(modes):
        if mode.startswith("sampled"):
            table[p] = score
        else:
            table[p] = soft_reward(config.reward, targets[p], support)[:, None]
    rewards_flat = table.ravel()
    normalized = np.array([mode.endswith("-std") for mode in modes])[:, None, None]
    outcome_cdf = np.cumsum(targets, axis=1)
    outcome_cdf /= outcome_cdf[:, -1:]  # exactly 1 at the end: every uniform finds a class
    cell_offset = (np.arange(policies) * size)[:, None, None]
    theta = np.zeros((policies, size))
    means = np.empty((steps + 1, policies, classes))
    moments = np.empty((steps + 1, policies, 2, classes))
    history = np.empty((steps + 1, policies, size)) if config.keep_policy else None
    every = max(1, steps // 200)
    for step in range(steps + 1):
        z = np.exp(theta - theta.max(axis=1, keepdims=True))
        probs = z / z.sum(axis=1, keepdims=True)
        # Policy expectations Σ_j π_j f(q_j); einsum, not BLAS, so that each policy's row is
        # reduced alike whatever the number of rows.
        means[step] = np.einsum("pm,mk->pk", probs, support)
        moments[step, :, 0] = np.einsum("pm,mk->pk", probs, score)
        moments[step, :, 1] = np.einsum("pm,mk->pk", probs, squared)
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
        advantages = group_advantages(statistics, rewards, config.eps, normalized)
        counts = np.bincount(cells.ravel(), weights=advantages.ravel(), minlength=policies * size)
        total = advantages.reshape(policies, -1).sum(axis=1, keepdims=True)
        theta += config.lr * gradient_of(
            counts.reshape(policies, size), total, probs, rollouts_per_step
        )
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
    sigma = moment_sigma(mu, second)  # columns: a = 0, a = 1
    return ModeResult(
        mode=mode,
        trajectory=means[:, 1].copy(),
        final_mean=float(means[-1, 1]),
        most_likely=float(best[1]),
        distance=distance,
        final_policy=final_policy,
        sigma0=sigma[:, 0].copy(),
        sigma1=sigma[:, 1].copy(),
        optimum=compiled.biased_optimum("numpy")(
            config.target, sigma[:, 0], sigma[:, 1], config.eps
        ),
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
