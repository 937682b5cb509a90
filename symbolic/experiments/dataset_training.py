"""Training one tabular softmax policy per category on a dataset of fixed answers.

Each category ``c`` has a policy ``π_c = softmax(θ_c)`` over the tokens ``p̂ ∈ {0.01, ..., 0.99}``.
A step is full batch: every question draws G rollouts from its category's policy, each
rollout is rewarded with the log score of the question's fixed answer,
``r = a log p̂ + (1 − a) log(1 − p̂)`` (the soft algorithms: ``p_c log p̂ + (1 − p_c) log(1 − p̂)``),
the algorithm forms advantages and the optimizer ascends
``(1/N) Σ_n A_n ∇ log π_{j_n}`` (``compiled.reinforce_gradient``; N = all rollouts).

Speed: the rollouts are drawn by the guide table of ``sampling``, and the reward, the group
statistics and the gradient are computed on bucket indices, so a step makes a few passes over
the ``Q × G`` rollouts.  Checkpoints evaluate the policy as Bereket & Leskovec do: a
question's prediction is the mean of ``eval_samples`` draws from its category's policy
(``sampling.draw_mean``).  ``run`` trains the algorithms in worker processes, one each.
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from .. import console
from ..console import Progress
from ..errors import GrpoSigmaError
from ..note import compiled
from ..numeric import validate as v
from . import algorithms as alg
from . import metrics, sampling
from .datasets import Dataset, draw
from .training import policy_sigmas


@dataclass(frozen=True)
class DatasetConfig:
    """A dataset experiment (defaults: Bereket & Leskovec's synthetic setup, Figure 1)."""

    questions: int = 10_000
    categories: int = 20
    data_seed: int = 2
    tokens: int = 99
    group_size: int = 10
    steps: int = 50_000
    optimizer: str = "adamw"
    lr: float | None = None
    weight_decay: float = 0.01
    eps: float = 1e-5
    std: str = "bessel"
    seed: int = 0
    algorithms: tuple[str, ...] = alg.ALGORITHMS
    eval_samples: int = 100
    bins: int = 10
    checkpoints: int = 100

    def __post_init__(self) -> None:
        algorithms = (
            (self.algorithms,) if isinstance(self.algorithms, str) else tuple(self.algorithms)
        )
        object.__setattr__(self, "algorithms", algorithms)
        v.check_integer("tokens", self.tokens, 2, 10_000)
        v.check_integer("group size", self.group_size, 2, 1000)
        v.check_integer("steps", self.steps, 1)
        v.check_integer("seed", self.seed, 0)
        v.check_integer("eval samples", self.eval_samples, 1, 10_000)
        v.check_integer("bins", self.bins, 1, 1000)
        v.check_integer("checkpoints", self.checkpoints, 1, 10_000)
        v.check_real("weight decay", self.weight_decay, 0.0, closed=True)
        v.check_real("eps", self.eps, 0.0, closed=True)
        v.check_convention(self.std)
        if self.lr is not None:
            v.check_real("learning rate", self.lr, 0.0)
        if self.optimizer not in alg.OPTIMIZERS:
            raise GrpoSigmaError(
                f"unknown optimizer {self.optimizer!r} (choose from {', '.join(alg.OPTIMIZERS)})"
            )
        if not algorithms:
            raise GrpoSigmaError("no algorithms given")
        for name in algorithms:
            if name not in alg.ALGORITHMS:
                raise GrpoSigmaError(
                    f"unknown algorithm {name!r} (choose from {', '.join(alg.ALGORITHMS)})"
                )
        if len(set(algorithms)) != len(algorithms):
            raise GrpoSigmaError(f"an algorithm is repeated in {','.join(algorithms)}")
        if self.std == "bessel" and self.eps == 0:
            pass  # a group of equal rewards is 0/0 only at ε = 0; guarded in ``advantages``

    @property
    def learning_rate(self) -> float:
        """``lr``, or the default of the optimizer: 3e-3 for AdamW, 30 for SGD."""
        if self.lr is not None:
            return self.lr
        return 3e-3 if self.optimizer == "adamw" else 30.0

    @property
    def grid(self) -> np.ndarray:
        """The tokens' predictions ``k/(n+1)``, ``k = 1..n`` (0.01 … 0.99 for 99 tokens)."""
        return np.arange(1, self.tokens + 1) / (self.tokens + 1)


PRESETS: dict[str, DatasetConfig] = {"bereket-leskovec": DatasetConfig()}


@dataclass(frozen=True)
class Checkpoint:
    """The policy evaluated at one step."""

    step: int
    ece: float
    auroc: float
    accuracy: float
    mean_abs_error: float
    policy_mean: np.ndarray  # (C,): Σ_j π_cj p̂_j
    optimum: np.ndarray  # (C,): the biased optimum p̂* of each category's current policy


@dataclass(frozen=True)
class AlgorithmResult:
    """One algorithm's run: its checkpoints, its final per-question predictions, and how
    long it took (wall-clock and CPU seconds of its process; in no output file)."""

    algorithm: str
    checkpoints: list[Checkpoint]
    predictions: np.ndarray  # (Q,): mean of eval_samples draws per question, at the end
    final_policy: np.ndarray = field(repr=False)  # (C, M)
    seconds: float = field(default=0.0, compare=False)
    cpu_seconds: float = field(default=0.0, compare=False)

    @property
    def final(self) -> Checkpoint:
        return self.checkpoints[-1]


def _reward_tables(config: DatasetConfig, data: Dataset) -> dict[bool, np.ndarray]:
    """``table[soft][c, a, j]``: the reward of token j for a question of category c, answer a."""
    grid = config.grid
    log_score = compiled.log_score("numpy")
    sampled = np.stack([log_score(grid, 0), log_score(grid, 1)])  # (2, M)
    soft = compiled.expected_log_score("numpy")(data.p[:, None], grid[None, :])  # (C, M)
    return {
        False: np.broadcast_to(sampled, (data.categories, 2, grid.size)).copy(),
        True: np.repeat(soft[:, None, :], 2, axis=1),
    }


def _schedule(config: DatasetConfig) -> list[int]:
    count = min(config.checkpoints, config.steps)
    return sorted({round(k * config.steps / count) for k in range(count + 1)})


def evaluate(
    config: DatasetConfig, data: Dataset, probs: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, dict[str, float]]:
    """Predictions (mean of ``eval_samples`` draws per question) and their metrics."""
    grid = config.grid
    predictions = sampling.draw_mean(probs, data.category, grid, config.eval_samples, rng)
    mean = probs @ grid
    scores = {
        "ece": metrics.ece(predictions, data.answer, config.bins),
        "auroc": metrics.auroc(predictions, data.answer),
        "accuracy": metrics.accuracy(predictions, data.answer),
        "mean_abs_error": float(np.abs(mean - data.p).mean()),
    }
    return predictions, scores


def train_algorithm(
    config: DatasetConfig,
    data: Dataset,
    algorithm: str,
    progress: Progress | None = None,
) -> AlgorithmResult:
    """Train one algorithm from the uniform policy θ = 0 (seed ``config.seed``)."""
    wall, cpu = time.perf_counter(), time.process_time()
    rng = np.random.default_rng([config.seed, 0])
    eval_rng = np.random.default_rng([config.seed, 1])
    categories, tokens, questions = data.categories, config.tokens, data.questions
    group = alg.rollouts(algorithm, config.group_size)
    ddof = 1 if config.std == "bessel" else 0
    buckets = sampling.BUCKETS
    base = (data.category.astype(np.intp) * 2 + data.answer) * buckets  # cell (c, a, 0)
    rewards_by_token = _reward_tables(config, data)[alg.soft(algorithm)]  # (C, 2, M)
    category_of_cell = np.repeat(np.arange(categories), buckets)
    gradient_of = compiled.reinforce_gradient("numpy")
    optimum_of = compiled.biased_optimum("numpy")
    optimizer = alg.Optimizer(
        config.optimizer, config.learning_rate, config.weight_decay, (categories, tokens)
    )
    value_optimizer = alg.Optimizer("adamw", alg.BL_VALUE_LR, config.weight_decay, (categories,))
    rewards_flat = rewards_by_token.ravel()
    token_rows = (np.arange(categories * 2) * tokens).reshape(categories, 2, 1)
    index = np.empty((group, questions), dtype=np.intp)
    theta = np.zeros((categories, tokens))
    value = np.zeros(categories)
    size = questions * group
    per_category = np.bincount(data.category, minlength=categories)
    schedule, checkpoints = _schedule(config), []
    every = max(1, config.steps // 200)
    predictions = np.empty(0)
    for step in range(config.steps + 1):
        z = np.exp(theta - theta.max(axis=1, keepdims=True))
        probs = z / z.sum(axis=1, keepdims=True)
        if step == schedule[len(checkpoints)]:
            predictions, scores = evaluate(config, data, probs, eval_rng)
            sigma0, sigma1, _, _ = policy_sigmas(config.grid, probs)
            checkpoints.append(
                Checkpoint(
                    step=step,
                    policy_mean=probs @ config.grid,
                    optimum=optimum_of(data.p, sigma0, sigma1, config.eps),
                    **scores,
                )
            )
        if step == config.steps:
            break
        cdf, first, last, table = sampling.guide_table(probs)  # table (C, L): token, or −1
        pure = table >= 0
        safe = np.where(pure, table, 0)
        cell_rewards = rewards_flat[token_rows + safe[:, None, :]]  # (C, 2, L)
        cell_rewards = np.where(pure[:, None, :], cell_rewards, np.nan).ravel()
        bits = sampling.random_buckets(rng, size)
        np.add(base, bits.reshape(group, questions), out=index)  # cell (category, answer, bucket)
        rewards = cell_rewards[index]
        flat = rewards.reshape(-1)
        pending = np.flatnonzero(np.isnan(flat)) if not pure.all() else np.empty(0, np.intp)
        exact = None
        if pending.size:
            asked = pending % questions
            rows = data.category[asked]
            cells = (rows << sampling.BUCKET_BITS) + bits[pending]
            exact = sampling.resolve(cdf, first, last, cells, rng)
            flat[pending] = rewards_flat[(rows * 2 + data.answer[asked]) * tokens + exact]
        if algorithm in ("ppo", "ppo-bl"):
            totals = np.bincount(data.category, weights=rewards.sum(axis=0), minlength=categories)
            mean_reward = totals / np.maximum(per_category * group, 1)
        if algorithm == "ppo-bl":  # AdamW descent on mean_q (V_c(q) − r_q)²: ascent along −∂
            value_ascent = -2.0 * per_category * (value - mean_reward) / questions
        baseline = value[data.category] if algorithm in ("ppo", "ppo-bl") else None
        advantage = alg.advantages(algorithm, rewards, config.eps, ddof, baseline)
        epochs = alg.PPO_EPOCHS if algorithm == "ppo" else 1
        old = probs
        for epoch in range(epochs):
            if epoch:
                z = np.exp(theta - theta.max(axis=1, keepdims=True))
                probs = z / z.sum(axis=1, keepdims=True)
                ratio_by_token = probs / old
                ratio_cell = np.take_along_axis(ratio_by_token, safe, axis=1)
                ratio = np.repeat(ratio_cell[:, None, :], 2, axis=1).ravel()[index]
                if exact is not None:
                    ratio.reshape(-1)[pending] = ratio_by_token[rows, exact]
                weights = alg.ppo_weights(advantage, ratio)
            else:
                weights = advantage
            counts = _token_sums(index, weights, table, category_of_cell, tokens)
            if exact is not None:
                counts += np.bincount(
                    rows * tokens + exact,
                    weights=weights.reshape(-1)[pending],
                    minlength=categories * tokens,
                ).reshape(categories, tokens)
            total = counts.sum(axis=1, keepdims=True)
            optimizer.step(theta, gradient_of(counts, total, probs, size))
        if algorithm == "ppo":
            value += alg.VALUE_RATE * (mean_reward - value)
        elif algorithm == "ppo-bl":
            value_optimizer.step(value, value_ascent)
        if progress is not None and step % every == 0:
            progress(step, config.steps)
    if progress is not None:
        progress(config.steps, config.steps)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return AlgorithmResult(algorithm, checkpoints, predictions, probs, wall, cpu)


def _token_sums(
    index: np.ndarray,
    weights: np.ndarray,
    table: np.ndarray,
    category_of_cell: np.ndarray,
    tokens: int,
) -> np.ndarray:
    """``counts[c, j] = Σ_{rollouts of category c on token j} weight`` for the rollouts in
    buckets of one token: summed per cell (category, answer, bucket), folded onto tokens.
    (Rollouts in buckets with a CDF step are added by the caller, token by token.)"""
    categories, buckets = table.shape
    cells = np.bincount(index.ravel(), weights=weights.ravel(), minlength=categories * 2 * buckets)
    per_bucket = cells.reshape(categories, 2, buckets).sum(axis=1).ravel()
    flat_table = table.ravel()
    pure = flat_table >= 0
    target = category_of_cell[pure] * tokens + flat_table[pure]
    counts = np.bincount(target, weights=per_bucket[pure], minlength=categories * tokens)
    return counts.reshape(categories, tokens)


def run(
    config: DatasetConfig, progress: Progress | None = None, jobs: int = 1
) -> tuple[Dataset, dict[str, AlgorithmResult]]:
    """Draw the dataset and train every algorithm of ``config``, ``jobs`` at a time in worker
    processes (one algorithm each).  Every algorithm draws from its own generators, seeded
    by ``config.seed``, so the results are the same for any ``jobs``.  ``progress(done,
    total)`` counts the steps of all algorithms."""
    v.check_integer("jobs", jobs, 1)
    data = draw(config.questions, config.categories, config.data_seed)
    names = config.algorithms
    done = dict.fromkeys(names, 0)

    def report(name: str, step: int) -> None:
        done[name] = step
        if progress is not None:
            progress(sum(done.values()), config.steps * len(names))

    if min(jobs, len(names)) == 1:
        return data, {
            name: train_algorithm(config, data, name, lambda step, _, n=name: report(n, step))
            for name in names
        }
    context = console.worker_context()
    queue = context.Queue() if progress is not None else None
    with ProcessPoolExecutor(
        min(jobs, len(names)), mp_context=context, initializer=_listen, initargs=(queue,)
    ) as pool:
        # The costliest first, so that the last algorithm to start is a short one.
        order = sorted(names, key=lambda n: -alg.cost(n, config.group_size))
        futures = {name: pool.submit(_train_in_worker, config, data, name) for name in order}
        running = set(futures.values())
        while running:
            running = wait(running, timeout=0.1).not_done
            while queue is not None and not queue.empty():
                report(*queue.get())
    for name in names:
        report(name, config.steps)
    return data, {name: futures[name].result() for name in names}


_progress_queue: Any = None


def _listen(queue: Any) -> None:
    """A worker's initializer: the queue its progress goes to (None: no progress)."""
    global _progress_queue
    _progress_queue = queue


def _train_in_worker(config: DatasetConfig, data: Dataset, name: str) -> AlgorithmResult:
    queue = _progress_queue
    progress = None if queue is None else (lambda step, _: queue.put((name, step)))
    return train_algorithm(config, data, name, progress)


def small(config: DatasetConfig, **changes: Any) -> DatasetConfig:
    """``config`` with some fields replaced (validated again)."""
    return replace(config, **changes)
