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
With ``--phi "Φ(x1, x2)"`` the reward is the Savage form of a user's potential, once the kernel
has proven Φ strictly convex on the simplex (``potential.user_potential``).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass

import mpmath

from .. import console, options
from ..console import Progress, ProgressBar
from ..errors import GrpoSigmaError
from ..note import compiled
from ..note.model import STD_CONVENTIONS, ScoringRule, StdConvention
from . import finite_group_policy as fgp
from . import validate as v
from .potential import user_potential
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
    reward: str | ScoringRule = "log",
    group_size: int | None = None,
    std: StdConvention = "population",
    progress: Progress | None = None,
) -> dict:
    """Everything ``grpo-sigma policy`` prints, as mpmath numbers (with ``group_size``, also
    the finite-G quantities of ``finite_group_policy``, E[σ̂_G | a] as floats)."""
    v.check_reward(reward)
    p = v.check_probability(target)
    epsilon = v.check_epsilon(eps)
    v.check_convention(std)
    if group_size is not None:
        v.check_integer("--group-size", group_size, 2, fgp.MAX_GROUP)
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
        "reward": reward.name if isinstance(reward, ScoringRule) else reward,
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
    if group_size is not None:
        report["finite_group"] = finite_group_report(
            grid, pi, p, stats, epsilon, group_size, std, reward, progress
        )
    if curve:
        report["curve"] = [
            {"prediction": x, "true_advantage": t, "sigma_normalized": s}
            for x, t, s in zip(grid, true_values, biased_values, strict=True)
        ]
    return report


def finite_group_report(
    grid: Sequence[mpmath.mpf],
    weights: Sequence[mpmath.mpf],
    target: mpmath.mpf,
    stats: PolicyStatistics,
    eps: mpmath.mpf,
    group_size: int,
    std: StdConvention,
    reward: str,
    progress: Progress | None = None,
) -> dict:
    """Per outcome, E[σ̂_G | a] and c(t) (``finite_group_policy.finite_group_outcome``); and
    the biased optimum with E[σ̂_G | a] in place of σ_a, exact and on the grid.
    ``progress(done, total)`` hears how far the two outcomes have come."""
    outcomes = []
    for a in (0, 1):

        def part(fraction: float, a: int = a) -> None:
            if progress is not None:
                progress(int(1000 * (a + min(fraction, 1.0))), 2000)

        outcomes.append(
            fgp.finite_group_outcome(grid, weights, a, target, stats, group_size, std, reward, part)
        )
    expected = [mpmath.mpf(o["expected_group_std"]) for o in outcomes]
    at_g = PolicyStatistics(stats.mu_0, stats.mu_1, expected[0], expected[1])
    values = [sigma_normalized_expected_advantage(x, target, at_g, eps, reward) for x in grid]
    return {
        "group_size": group_size,
        "std": std,
        "outcomes": outcomes,
        "biased_optimum": biased_optimum(target, expected[0], expected[1], eps),
        "biased_optimum_on_grid": grid[values.index(max(values))],
    }


SCHEMA_VERSION = 2
"""``grpo-sigma policy --json``: version 2 writes numbers as JSON numbers, with the scalars
also as exact strings of ``--dps`` digits under ``"exact"`` (version 1, unversioned: strings)."""

SUMMARY = (
    "mu_0",
    "mu_1",
    "sigma_0",
    "sigma_1",
    "calibrated_optimum",
    "calibrated_optimum_on_grid",
    "biased_optimum",
    "biased_optimum_on_grid",
)


def to_json(report: dict, digits: int) -> dict:
    """The report as JSON data: schema, numbers, and the scalars' exact strings."""
    return {
        "schema": console.schema("policy", SCHEMA_VERSION),
        **console.json_number(report),
        "exact": console.exact_strings(report, digits)
        | (
            {"finite_group": console.exact_strings(report["finite_group"], digits)}
            if "finite_group" in report
            else {}
        ),
    }


def format_report(report: dict, digits: int) -> str:
    """The text ``grpo-sigma policy`` prints."""
    lines = [f"{key:<27} {mpmath.nstr(report[key], digits)}" for key in SUMMARY]
    side = "above" if report["biased_optimum"] > report["target"] else "at or below"
    lines.append(
        f"sigma_0 {'>' if report['sigma_0'] > report['sigma_1'] else '<='} sigma_1: "
        f"the biased optimum lies {side} the target"
    )
    if "finite_group" in report:
        lines += fgp.format_finite_group(report["finite_group"], report["epsilon"])
    if "curve" in report:
        lines.append(f"{'prediction':<12} {'true advantage':<24} {'sigma-normalized':<24}")
        for row in report["curve"]:
            lines.append(
                f"{mpmath.nstr(row['prediction'], 8):<12} "
                f"{mpmath.nstr(row['true_advantage'], 15):<24} "
                f"{mpmath.nstr(row['sigma_normalized'], 15):<24}".rstrip()
            )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if args.json:
        console.check_out_file(args.json)  # before any work
    if args.std is not None and args.group_size is None:
        raise GrpoSigmaError("--std is the group std's convention: give --group-size G too")
    if args.phi is not None and args.reward is not None:
        raise GrpoSigmaError("give --reward or --phi, not both")
    reward = (args.reward or "log") if args.phi is None else user_potential(args.phi)
    weights = None
    if args.weights is not None:
        weights = [w.strip() for w in args.weights.split(",")]
    bar = ProgressBar("policy", delay=2.0)  # on a TTY, for a run over 2 s
    with mpmath.workdps(v.check_dps(args.dps)):
        try:
            report = policy_report(
                args.target,
                args.bins,
                args.beta,
                weights,
                args.eps,
                args.curve,
                reward,
                args.group_size,
                args.std or "population",
                bar,
            )
        finally:
            bar.close()
        if args.json:
            console.write_json(to_json(report, args.dps), args.json)
        if args.json != "-":
            print(format_report(report, min(args.dps, 30)))
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
        help="the scoring rule r(p̂, a): log (default), brier −(p̂ − a)², spherical",
    )
    parser.add_argument(
        "--phi",
        metavar="EXPR",
        help="instead of --reward: the Savage rule of a potential Φ(x1, x2), proven strictly "
        "convex on the simplex first",
    )
    parser.add_argument(
        "--curve",
        action="store_true",
        help="also the true and σ-normalized expected advantage per grid point",
    )
    parser.add_argument(
        "--group-size",
        type=int,
        metavar="G",
        help="also the finite-G values: E[σ̂_G | a], c(t), the biased optimum at G",
    )
    parser.add_argument(
        "--std",
        choices=STD_CONVENTIONS,
        help="the group std's convention with --group-size (default population)",
    )
    options.add_dps(parser)
    console.add_json_option(parser)
    parser.set_defaults(run=run)
