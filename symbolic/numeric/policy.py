"""Concrete policies over predicted probabilities, and the per-outcome σ mechanism on them.

A policy puts weight ``π_k`` on the prediction ``p̂_k = k/(n+1)``, ``k = 1..n``: either the
normalized Beta(α, β) density at the grid points, or explicit weights.  For a target
``p`` (the chance of the outcome ``a = 1``) its population values are

    μ_1 = Σ_k π_k log p̂_k,          σ_1² = Σ_k π_k (log p̂_k − μ_1)²,
    μ_0 = Σ_k π_k log(1 − p̂_k),     σ_0² = Σ_k π_k (log(1 − p̂_k) − μ_0)²,

the true advantage ``A(p̂) = p (log p̂ − μ_1) + (1 − p)(log(1 − p̂) − μ_0)``, whose maximizer is
the calibrated ``p̂ = p``, and the σ-normalized expected advantage
``p (log p̂ − μ_1)/(σ_1 + ε) + (1 − p)(log(1 − p̂) − μ_0)/(σ_0 + ε)``, whose maximizer is the
biased optimum ``p̂* = p w_1 / (p w_1 + (1 − p) w_0)``, ``w_a = 1/(σ_a + ε)``.
``grpo-sigma policy`` prints them at high precision.  With ``--reward brier`` or
``spherical`` the reward ``r(p̂, a)`` is that proper scoring rule (``−(p̂ − a)²``,
``p̂_a/‖p̂‖``) in place of the log score; the calibrated optimum stays ``p̂ = p`` and the
biased optimum keeps its odds formula (the ledger's ``biased_optimum_every_proper_rule``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import mpmath

from ..errors import GrpoSigmaError
from ..note import compiled
from . import validate as v
from .validate import Number

MAX_BINS = 100_000


@dataclass(frozen=True)
class PolicyStatistics:
    """Population values of a policy on the grid: μ_a and σ_a for both outcomes."""

    mu_0: mpmath.mpf
    mu_1: mpmath.mpf
    sigma_0: mpmath.mpf
    sigma_1: mpmath.mpf


def prediction_grid(bins: int) -> list[mpmath.mpf]:
    """The predictions ``k/(n+1)``, ``k = 1..n`` (all strictly inside (0, 1))."""
    v.check_integer("--bins", bins, 2, MAX_BINS)
    return [mpmath.mpf(k) / (bins + 1) for k in range(1, bins + 1)]


def beta_grid_policy(alpha: Number, beta: Number, bins: int) -> list[mpmath.mpf]:
    """Weights ``π_k ∝ p̂_k^(α−1) (1 − p̂_k)^(β−1)`` on the grid, normalized to sum to one."""
    a, b = v.to_mpf(alpha, "α"), v.to_mpf(beta, "β")
    if a <= 0 or b <= 0:
        raise GrpoSigmaError(f"Beta parameters must be > 0, got α = {alpha}, β = {beta}")
    density = [x ** (a - 1) * (1 - x) ** (b - 1) for x in prediction_grid(bins)]
    total = mpmath.fsum(density)
    return [d / total for d in density]


def explicit_policy(weights: Sequence[Number], bins: int) -> list[mpmath.mpf]:
    """Validate explicit grid weights: ``bins`` of them, non-negative, summing to one."""
    prediction_grid(bins)
    return v.policy_weights(weights, bins)


def population_statistics(
    grid: Sequence[mpmath.mpf], weights: Sequence[mpmath.mpf], reward: str = "log"
) -> PolicyStatistics:
    """``μ_a = Σ_j w_j r(q_j, a)`` and ``σ_a = sqrt(Σ_j w_j (r(q_j, a) − μ_a)²)``
    (``model.bernoulli_mu``, ``model.bernoulli_sigma``) for ``r(q, 1) = log q``,
    ``r(q, 0) = log(1 − q)``, or the named ``reward``."""
    if len(grid) != len(weights):
        raise GrpoSigmaError(f"{len(weights)} weights for {len(grid)} grid points")
    v.check_reward(reward)
    w, q, size = compiled.one_based(weights), compiled.one_based(grid), len(grid)
    mu = [compiled.bernoulli_mu(a, "mpmath", reward)(w, q, size) for a in (0, 1)]
    sigma = [compiled.bernoulli_sigma(a, "mpmath", reward)(w, q, size, mu[a]) for a in (0, 1)]
    return PolicyStatistics(mu[0], mu[1], sigma[0], sigma[1])


def true_advantage(
    prediction: mpmath.mpf, target: mpmath.mpf, stats: PolicyStatistics, reward: str = "log"
) -> mpmath.mpf:
    """``A(p̂) = p (log p̂ − μ_1) + (1 − p)(log(1 − p̂) − μ_0)``
    (``model.bernoulli_true_advantage``)."""
    f = compiled.true_advantage("mpmath", v.check_reward(reward))
    return f(prediction, target, stats.mu_0, stats.mu_1)


def sigma_normalized_expected_advantage(
    prediction: mpmath.mpf,
    target: mpmath.mpf,
    stats: PolicyStatistics,
    eps: mpmath.mpf,
    reward: str = "log",
) -> mpmath.mpf:
    """``p (log p̂ − μ_1)/(σ_1 + ε) + (1 − p)(log(1 − p̂) − μ_0)/(σ_0 + ε)``
    (``model.bernoulli_sigma_normalized_expectation``)."""
    for sigma in (stats.sigma_0, stats.sigma_1):
        v.nonzero_divisor(sigma, eps, "a per-outcome σ", "a one-point policy")
    return compiled.sigma_normalized_expectation("mpmath", v.check_reward(reward))(
        prediction, target, stats.mu_0, stats.mu_1, stats.sigma_0, stats.sigma_1, eps
    )


def biased_optimum(
    target: mpmath.mpf, sigma_0: mpmath.mpf, sigma_1: mpmath.mpf, eps: mpmath.mpf = 0
) -> mpmath.mpf:
    """``p̂* = p w_1 / (p w_1 + (1 − p) w_0)``, ``w_a = 1/(σ_a + ε)``:
    ``odds(p̂*) = odds(p) · (σ_0 + ε)/(σ_1 + ε)`` (``model.biased_optimum``, proven in the
    ledger's ``biased_optimum``)."""
    for sigma in (sigma_0, sigma_1):
        v.nonzero_divisor(sigma, eps, "a per-outcome σ", "a one-point policy")
    return compiled.biased_optimum("mpmath")(target, sigma_0, sigma_1, eps)


def policy_report(
    target: Number,
    bins: int,
    beta: tuple[float | str, float | str] | None = None,
    weights: Sequence[Number] | None = None,
    eps: float | str = 0,
    curve: bool = False,
    reward: str = "log",
) -> dict:
    """Everything ``grpo-sigma policy`` prints, as mpmath numbers."""
    v.check_reward(reward)
    p = v.check_probability(target)
    epsilon = v.check_epsilon(eps)
    if (beta is None) == (weights is None):
        raise GrpoSigmaError("give exactly one of --beta ALPHA BETA and --weights")
    grid = prediction_grid(bins)
    pi = beta_grid_policy(*beta, bins) if beta is not None else explicit_policy(weights, bins)
    stats = population_statistics(grid, pi, reward)
    true_values = [true_advantage(x, p, stats, reward) for x in grid]
    biased_values = [
        sigma_normalized_expected_advantage(x, p, stats, epsilon, reward) for x in grid
    ]
    report = {
        "reward": reward,
        "target": p,
        "epsilon": epsilon,
        "bins": bins,
        "mu_0": stats.mu_0,
        "mu_1": stats.mu_1,
        "sigma_0": stats.sigma_0,
        "sigma_1": stats.sigma_1,
        "calibrated_optimum": p,
        "calibrated_optimum_on_grid": grid[true_values.index(max(true_values))],
        "biased_optimum": biased_optimum(p, stats.sigma_0, stats.sigma_1, epsilon),
        "biased_optimum_on_grid": grid[biased_values.index(max(biased_values))],
    }
    if curve:
        report["curve"] = [
            {"prediction": x, "true_advantage": t, "sigma_normalized": s}
            for x, t, s in zip(grid, true_values, biased_values, strict=True)
        ]
    return report


def _plain(value: object, digits: int) -> object:
    if isinstance(value, list):
        return [_plain(v, digits) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v, digits) for k, v in value.items()}
    if isinstance(value, mpmath.mpf):
        return mpmath.nstr(value, digits)
    return value


def run(args: argparse.Namespace) -> int:
    weights = None
    if args.weights is not None:
        weights = [w.strip() for w in args.weights.split(",")]
    with mpmath.workdps(v.check_dps(args.dps)):
        report = policy_report(
            args.target, args.bins, args.beta, weights, args.eps, args.curve, args.reward
        )
        if args.json:
            sys.stdout.write(json.dumps(_plain(report, args.dps), indent=2) + "\n")
            return 0
        digits = min(args.dps, 30)
        for key in (
            "mu_0",
            "mu_1",
            "sigma_0",
            "sigma_1",
            "calibrated_optimum",
            "calibrated_optimum_on_grid",
            "biased_optimum",
            "biased_optimum_on_grid",
        ):
            print(f"{key:<27} {mpmath.nstr(report[key], digits)}")
        side = "above" if report["biased_optimum"] > report["target"] else "at or below"
        print(
            f"sigma_0 {'>' if report['sigma_0'] > report['sigma_1'] else '<='} sigma_1: "
            f"the biased optimum lies {side} the target"
        )
        if args.curve:
            print(f"{'prediction':<12} {'true advantage':<24} {'sigma-normalized':<24}")
            for row in report["curve"]:
                print(
                    f"{mpmath.nstr(row['prediction'], 8):<12} "
                    f"{mpmath.nstr(row['true_advantage'], 15):<24} "
                    f"{mpmath.nstr(row['sigma_normalized'], 15):<24}"
                )
    return 0


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "policy", help="μ_a, σ_a, calibrated and biased optimum of a concrete policy"
    )
    parser.add_argument(
        "--beta", nargs=2, metavar=("ALPHA", "BETA"), help="Beta(α, β) weights at the grid points"
    )
    parser.add_argument("--weights", help="explicit grid weights, comma-separated")
    parser.add_argument("--bins", type=int, default=100, help="grid size n (default 100)")
    parser.add_argument("--target", required=True, help="target p = P(a = 1), in (0, 1)")
    parser.add_argument("--eps", default="0", help="ε added to each σ_a (default 0)")
    parser.add_argument(
        "--reward",
        choices=v.REWARDS,
        default="log",
        help="the scoring rule r(p̂, a): log (default), brier −(p̂ − a)², spherical",
    )
    parser.add_argument(
        "--curve",
        action="store_true",
        help="also the true and σ-normalized expected advantage per grid point",
    )
    parser.add_argument("--dps", type=int, default=50, help="decimal digits (default 50)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=run)
