"""The policy-gradient algorithms of the dataset experiment, and their optimizers.

Every question q has G rollouts (tokens ``j`` of its category's policy, predictions
``p̂ = grid[j]``) with rewards ``r`` in an array of shape ``(G, Q)``; an algorithm turns them
into advantages ``A`` of the same shape, and the step ascends ``(1/N) Σ A ∇ log π_j``.

* ``grpo``          ``(r − r̄)/(σ̂ + ε)``, σ̂ the group std (Bessel by default): GRPO.
* ``grpo-no-std``   ``r − r̄``: GRPO without the σ-normalization.
* ``rloo``          ``r − (Σ_{h≠g} r_h)/(G − 1) = G/(G − 1) · (r − r̄)``: leave-one-out, the
                    textbook baseline.
* ``rloo-bl``       ``r − (Σ_{h≠g} r_h)/G = (1 + 1/G) r − r̄``: RLOO as Bereket & Leskovec coded
                    it (``mean_loo = R.mean(0) − R/G``), whose baseline is the leave-one-out
                    sum divided by G instead of G − 1.
* ``reinforce``     ``r`` itself, one rollout per question, no baseline.
* ``ppo``           ``r − V_c``, a learned per-category value baseline, and PPO's clipped
                    ratio ``min(ρA, clip(ρ, 1 − c, 1 + c) A)`` over ``PPO_EPOCHS`` updates on
                    each batch (see ``ppo_weights``): the textbook algorithm.
* ``ppo-bl``        PPO as Bereket & Leskovec ran it in Figure 1: one rollout per question,
                    ``A = r − V_c`` with ``V_c`` read before its update, ``V`` learned by AdamW
                    at ``BL_VALUE_LR`` = 1e-5 on the mean squared error ``mean_q (V_c(q) − r_q)²``,
                    and one policy update per batch (the ratio is 1, so the clip never binds:
                    the step is REINFORCE's with the baseline ``V``).
* ``soft-grpo``     the soft-target reward ``p_c log p̂ + (1 − p_c) log(1 − p̂)``, σ-normalized.
* ``soft-no-std``   the soft-target reward, centered only.

The group statistics are written with numpy's axis reductions for speed; the tests check
them equal to the model's compiled expressions (``compiled.group_statistics``) to 1e-12.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

ALGORITHMS: tuple[str, ...] = (
    "grpo",
    "grpo-no-std",
    "rloo",
    "rloo-bl",
    "reinforce",
    "ppo",
    "ppo-bl",
    "soft-grpo",
    "soft-no-std",
)
OPTIMIZERS: tuple[str, ...] = ("adamw", "sgd")
PPO_CLIP = 0.2
PPO_EPOCHS = 2
VALUE_RATE = 0.1
"""PPO's value baseline moves by this fraction of its error each step: ``V ← V + 0.1 (r̄_c − V)``."""
BL_VALUE_LR = 1e-5
"""``ppo-bl``: the AdamW learning rate of the value baseline (their ``lr_value``)."""
SINGLE_ROLLOUT: tuple[str, ...] = ("reinforce", "ppo-bl")
ADAM_BETAS = (0.9, 0.999)
ADAM_EPSILON = 1e-8


def soft(algorithm: str) -> bool:
    """True if the algorithm is rewarded with the soft target instead of the sampled answer."""
    return algorithm.startswith("soft")


def rollouts(algorithm: str, group: int) -> int:
    """Rollouts per question: G, or 1 for REINFORCE and ``ppo-bl``."""
    return 1 if algorithm in SINGLE_ROLLOUT else group


def cost(algorithm: str, group: int) -> int:
    """Rollouts handled per question and step (PPO's count once per epoch): the relative
    work of a step, to start the costliest algorithms first."""
    return rollouts(algorithm, group) * (PPO_EPOCHS if algorithm == "ppo" else 1)


def advantages(
    algorithm: str, rewards: np.ndarray, eps: float, ddof: int, baseline: np.ndarray | None = None
) -> np.ndarray:
    """Advantages of shape ``(G, Q)`` from rewards of that shape (one group per column).

    Computed in place: ``rewards`` is overwritten (and returned) unless the algorithm is
    REINFORCE, whose advantage is the reward.
    """
    if algorithm == "reinforce":
        return rewards
    if algorithm in ("ppo", "ppo-bl"):
        return np.subtract(rewards, baseline, out=rewards)
    group = rewards.shape[0]
    if algorithm == "rloo-bl":  # r − (S − r)/G with S = Σ_h r_h
        total = rewards.sum(axis=0) / group
        np.multiply(rewards, 1.0 + 1.0 / group, out=rewards)
        return np.subtract(rewards, total, out=rewards)
    centered = np.subtract(rewards, rewards.sum(axis=0) / group, out=rewards)
    if algorithm in ("grpo-no-std", "soft-no-std"):
        return centered
    if algorithm == "rloo":
        return np.multiply(centered, group / (group - 1), out=centered)
    variance = np.einsum("gq,gq->q", centered, centered) / (group - ddof)
    return np.multiply(centered, 1.0 / (np.sqrt(variance) + eps), out=centered)


def ppo_weights(advantage: np.ndarray, ratio: np.ndarray, clip: float = PPO_CLIP) -> np.ndarray:
    """``∂/∂ log π_j`` of ``min(ρA, clip(ρ, 1 − c, 1 + c) A)``: ``ρA`` where the ratio is not
    clipped, 0 where it is (``A > 0, ρ > 1 + c`` or ``A < 0, ρ < 1 − c``)."""
    clipped = ((advantage > 0) & (ratio > 1 + clip)) | ((advantage < 0) & (ratio < 1 - clip))
    return np.where(clipped, 0.0, ratio * advantage)


@dataclass
class Optimizer:
    """Gradient *ascent* on the logits: plain ``θ ← θ + η g`` (sgd) or AdamW (decoupled weight
    decay ``θ ← θ − η λ θ``, then Adam's bias-corrected step along ``g``, PyTorch's defaults)."""

    name: str
    lr: float
    weight_decay: float
    shape: tuple[int, ...]
    t: int = 0
    m: np.ndarray = field(init=False)
    v: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.m, self.v = np.zeros(self.shape), np.zeros(self.shape)

    def step(self, theta: np.ndarray, gradient: np.ndarray) -> None:
        if self.name == "sgd":
            theta += self.lr * gradient
            return
        beta1, beta2 = ADAM_BETAS
        self.t += 1
        theta *= 1.0 - self.lr * self.weight_decay
        self.m = beta1 * self.m + (1 - beta1) * gradient
        self.v = beta2 * self.v + (1 - beta2) * gradient * gradient
        m_hat = self.m / (1 - beta1**self.t)
        v_hat = self.v / (1 - beta2**self.t)
        theta += self.lr * m_hat / (np.sqrt(v_hat) + ADAM_EPSILON)
