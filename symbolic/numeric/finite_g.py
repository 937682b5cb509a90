"""E[z-score | own reward] at a finite group size G, deterministically and by Monte Carlo.

A rollout with standardized reward ``t = (x − μ)/σ`` sits in a group with ``G − 1`` i.i.d.
others; its z-score is ``z = (x − x̄)/σ̂`` (population std, ε = 0), location- and scale-free.

**Quadrature** (``expected_z_score_quadrature``).  With ``Q = σ̂²`` and
``Q^(−1/2) = π^(−1/2) ∫_0^∞ e^(−sQ) s^(−1/2) ds``, the Gaussian identity
``e^(s x̄²) = E_ξ e^(√(2s) ξ x̄)`` and a completed square turn the G-fold expectation into
two dimensions (a = s/G, m = t + v/√a):

    E[z | t] = ((G − 1)/π) ∫_0^∞ da √a ∫ dv e^(−v²) K₀^(G−2) D,
    K₀(m) = E e^(−a(y − m)²),  K₁(m) = E (y − m) e^(−a(y − m)²),  D = −v K₀/√a − K₁,

y one standardized other reward.  For ``log p̂``, ``p̂ ∼ Beta(α, 1)``, ``log p̂ = −X/α`` with
``X ∼ Exp(1)``, so ``y = 1 − X`` whatever α, and K₀, K₁ are closed forms in ``erfcx``
(``_kernels``).  The integral is taken by the trapezoid rule in ``u = log a`` and in v
(geometric convergence for these smooth, fast-decaying integrands); the stated error is the
change when both steps are halved plus a bound on the tails beyond the grid (the integrand
decays at least like ``e^(−|u|/2)``, so a tail is at most twice the end value).

**Monte Carlo** (``expected_z_score``): seeded draws of the others (``rng.beta``), and the
control variates ``U = mean y``, ``W = mean (y² − 1)``, ``U²``, ``UW``, ``W²`` with their
exact means (``1/(G−1)·(0, 0, 1, γ, κ − 1)``).  The coefficients are fitted on a separate
pilot sample (its own seed), so the estimator is unbiased; its standard error is the sample
std of the corrected values over √n.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from ..errors import GrpoSigmaError

MC_SAMPLES = 200_000
MC_SEED = 20251125
PILOT_SAMPLES = 20_000
U_STEP = 0.2
"""Trapezoid step in ``u = log a`` on ``[U_LOW, U_HIGH]``."""
U_LOW, U_HIGH = -90.0, 90.0
V_LIMIT = 9.0
"""``e^(−v²)`` is below 1e-35 beyond ``|v| = 9``."""


def beta_log_standardization(alpha: float, beta: float) -> tuple[float, float]:
    """(μ, σ) of the reward ``log p̂``, ``p̂ ∼ Beta(α, β)``: ψ(α) − ψ(α+β), √(ψ1(α) − ψ1(α+β))."""
    import mpmath

    mean = mpmath.digamma(alpha) - mpmath.digamma(alpha + beta)
    std = mpmath.sqrt(mpmath.psi(1, alpha) - mpmath.psi(1, alpha + beta))
    return float(mean), float(std)


def beta_log_moments(alpha: float, beta: float) -> tuple[float, float, float, float]:
    """``E y^k``, k = 3 … 6 (γ, κ, μ₅, μ₆), of the standardized ``y`` of ``log p̂``,
    ``p̂ ∼ Beta(α, β)``: from the cumulants ``k_n = (ψ^(n−1)(α) − ψ^(n−1)(α+β))/k_2^(n/2)``,
    ``μ₃ = k₃``, ``μ₄ = k₄ + 3``, ``μ₅ = k₅ + 10k₃``, ``μ₆ = k₆ + 15k₄ + 10k₃² + 15``."""
    import mpmath

    raw = [mpmath.psi(n - 1, alpha) - mpmath.psi(n - 1, alpha + beta) for n in range(2, 7)]
    k3, k4, k5, k6 = (raw[n - 2] / raw[0] ** (mpmath.mpf(n) / 2) for n in range(3, 7))
    return float(k3), float(k4 + 3), float(k5 + 10 * k3), float(k6 + 15 * k4 + 10 * k3**2 + 15)


# ---------------------------------------------------------------------------- quadrature
_ASYMPTOTIC = [(-1) ** k * math.prod(range(1, 2 * k, 2)) / 2.0**k for k in range(1, 12)]


def _erfcx_defect(w: np.ndarray) -> np.ndarray:
    """``√π w erfcx(w) − 1`` for ``w ≥ 0`` (its asymptotic series past 30, to full precision)."""
    from scipy.special import erfcx

    big = w > 30.0
    direct = np.sqrt(np.pi) * w * erfcx(w) - 1.0
    inverse = 1.0 / np.where(big, w, 31.0) ** 2
    series = sum(c * inverse ** (k + 1) for k, c in enumerate(_ASYMPTOTIC))
    return np.where(big, series, direct)


def _kernels(t: float, v: np.ndarray, a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(K₀, D)`` at ``m = t + v/√a`` for ``y = 1 − X``, ``X ∼ Exp(1)``.

    With ``c = 1 − m`` and ``w = 1/(2√a) − √a c``: for ``w ≥ 0``, ``K₀ = e^(−ac²) q (1 + P)``
    and ``D = −e^(−ac²) q ((1 − t)(1 + P) − cP + P/(2a))``, ``q = 1/(1 − 2ac)``,
    ``P = √π w erfcx(w) − 1`` (written so that nothing cancels as a → 0); for ``w < 0``,
    ``K₀ = √(π/a) e^(1/(4a) − c) erfc(w)/2``, ``K₁ = (K₀ − e^(−ac²))/(2a)``.
    """
    from scipy.special import erfc

    root = np.sqrt(a)
    c = 1.0 - (t + v / root)
    w = 0.5 / root - root * c
    decay = np.exp(-a * c * c)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        defect = _erfcx_defect(np.maximum(w, 0.0))
        q = 1.0 / (1.0 - 2.0 * a * c)
        k0_pos = decay * q * (1.0 + defect)
        d_pos = -decay * q * ((1.0 - t) * (1.0 + defect) - c * defect + defect / (2.0 * a))
        k0_neg = 0.5 * np.sqrt(np.pi / a) * np.exp(0.25 / a - c) * erfc(np.minimum(w, 0.0))
        d_neg = -v * k0_neg / root - (k0_neg - decay) / (2.0 * a)
    positive = w >= 0
    return np.where(positive, k0_pos, k0_neg), np.where(positive, d_pos, d_neg)


def _quadrature(t: float, group: int, e: float, u_step: float, v_nodes: int) -> tuple[float, float]:
    """The trapezoid sum and the largest end value of the u-integrand (for the tail bound)."""
    u = np.arange(U_LOW, U_HIGH + u_step / 2, u_step)
    v = np.linspace(-V_LIMIT, V_LIMIT, v_nodes)
    weights = np.exp(-v * v) * (v[1] - v[0])
    rows = []
    for start in range(0, u.size, 64):
        a = np.exp(u[start : start + 64])[:, None]
        k0, d = _kernels(t, v[None, :], a)
        shrink = -_erfcx_defect(e * np.sqrt(group * a[:, 0])) if e else 1.0
        with np.errstate(under="ignore"):
            rows.append(shrink * np.sqrt(a[:, 0]) * ((k0 ** (group - 2) * d) @ weights))
    f = np.concatenate(rows) * (group - 1) / np.pi
    return float(math.fsum(f) * u_step), float(max(abs(f[0]), abs(f[-1])))


def expected_z_score_quadrature(
    alpha: float = 5.0, beta: float = 1.0, group: int = 4, t: float = 0.0, e: float = 0.0
) -> tuple[float, float, int]:
    """E[(x − x̄)/(σ̂ + ε) | x = μ + tσ] for rewards ``log p̂``, ``p̂ ∼ Beta(α, 1)``,
    population std, ``e = ε/σ ≥ 0``, by the two-dimensional quadrature of the module (for
    ε > 0 the s-integrand gains the factor ``−P(e√s) = 1 − √π e√s erfcx(e√s)``, from
    ``1/(√Q + e) = ∫ e^(−λ(√Q + e)) dλ`` and the subordination of ``e^(−λ√Q)`` to ``e^(−sQ)``).
    Returns ``(value, error bound, nodes)``; the bound is the change under halving both
    steps plus the tail bound."""
    if beta != 1.0 or not alpha > 0:
        raise GrpoSigmaError(
            f"the quadrature is closed-form for Beta(α, 1), α > 0 (log p̂ = −Exp/α); got "
            f"Beta({alpha:g}, {beta:g}): use the Monte Carlo expected_z_score"
        )
    if not (isinstance(group, int) and 2 <= group <= 100_000):
        raise GrpoSigmaError(f"group must be an integer in [2, 100000], got {group!r}")
    if not (math.isfinite(t) and abs(t) <= 50):
        raise GrpoSigmaError(f"t must be a finite number in [−50, 50], got {t!r}")
    if not (math.isfinite(e) and 0 <= e <= 1e6):
        raise GrpoSigmaError(f"e = ε/σ must be a finite number in [0, 1e6], got {e!r}")
    v_nodes = int(100 * math.sqrt(group)) + 100  # the v-width shrinks like 1/√G
    coarse, _ = _quadrature(t, group, e, 2 * U_STEP, v_nodes // 2)
    fine, end = _quadrature(t, group, e, U_STEP, v_nodes)
    error = abs(fine - coarse) + 2 * end + 1e-14
    return fine, error, v_nodes * int((U_HIGH - U_LOW) / U_STEP + 1)


# --------------------------------------------------------------------------- Monte Carlo
def _centred_controls(y: np.ndarray, group: int, skew: float, kurt: float) -> np.ndarray:
    """``(U, W, U² − 1/n, UW − γ/n, W² − (κ−1)/n)``, n = G − 1, for standardized others y:
    each of mean 0."""
    n = group - 1
    u = y.mean(axis=1)
    w = (y * y - 1.0).mean(axis=1)
    return np.stack([u, w, u * u - 1.0 / n, u * w - skew / n, w * w - (kurt - 1.0) / n])


def _z_and_controls(
    alpha: float, beta: float, group: int, t: float, samples: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    mean, std = beta_log_standardization(alpha, beta)
    skew, kurt, _, _ = beta_log_moments(alpha, beta)
    y = (_other_rewards(alpha, beta, group, samples, seed) - mean) / std
    rewards = np.concatenate([np.full((samples, 1), t), y], axis=1)
    return group_z_scores(rewards), _centred_controls(y, group, skew, kurt)


def expected_z_score(
    alpha: float = 5.0,
    beta: float = 1.0,
    group: int = 4,
    t: float = 0.0,
    samples: int = MC_SAMPLES,
    seed: int = MC_SEED,
) -> tuple[float, float, int]:
    """E[(x^(1) − x̄)/σ̂ | x^(1) = μ + tσ] for rewards ``log p̂``, ``p̂ ∼ Beta(α, β)``, by
    seeded Monte Carlo with control variates (see the module): unbiased, the coefficients
    from a pilot sample of ``PILOT_SAMPLES`` groups seeded ``seed + 1``.  σ̂ is the
    population std, ε = 0.  Returns (mean, standard error, n)."""
    z_pilot, c_pilot = _z_and_controls(alpha, beta, group, t, PILOT_SAMPLES, seed + 1)
    slope = np.linalg.lstsq(c_pilot.T, z_pilot - z_pilot.mean(), rcond=None)[0]
    z, controls = _z_and_controls(alpha, beta, group, t, samples, seed)
    corrected = z - slope @ controls
    return float(corrected.mean()), float(corrected.std(ddof=1) / math.sqrt(samples)), samples


@functools.lru_cache(maxsize=4)
def _other_rewards(alpha: float, beta: float, group: int, samples: int, seed: int):
    """The seeded rewards ``log p̂`` of the other ``G − 1`` rollouts of every group (one
    draw shared by the points t of one setting; read-only)."""
    rng = np.random.default_rng(seed)
    others = np.log(rng.beta(alpha, beta, size=(samples, group - 1)))
    others.flags.writeable = False
    return others


def group_z_scores(rewards):  # numpy array (groups, G) -> (groups,)
    """``(x^(1) − x̄)/σ̂`` (population std, ε = 0) of every row: numpy's twin of the model's
    ``sigma_normalized_advantage`` for any G (lambdifying G = 256 terms would be slow)."""
    centred = rewards[:, 0] - rewards.mean(axis=1)
    return centred / rewards.std(axis=1)


def expected_z_score_at_mean(
    alpha: float = 5.0, beta: float = 1.0, group: int = 4
) -> tuple[float, float, int]:
    """E[(x^(1) − x̄)/σ̂] for a rollout whose reward equals the population mean (t = 0), by
    the quadrature (``expected_z_score_quadrature``): (value, error bound, nodes)."""
    return expected_z_score_quadrature(alpha, beta, group, 0.0)
