"""One concrete group at high precision: ``grpo-sigma group``.

Rewards ``R^(g) = Σ_i p_i log p̂^(g)_i``, divergences ``KL(p ‖ p̂^(g))``, the entropy ``H(p)``,
both group stds and GRPO's advantages ``(R^(g) − R̄)/(σ̂ + ε)``, evaluated in mpmath by the
model's compiled expressions (``symbolic.note.compiled``) after the input is validated
(``symbolic.numeric.validate``); the identities ``R = −H − KL`` and ``Â = z-score of −KL``
are shown as residuals.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import mpmath

from .. import console, options
from ..note import compiled
from ..note.model import STD_CONVENTIONS, StdConvention
from . import validate as v
from .validate import Number


def _vectors(target: Sequence[Number], prediction: Sequence[Number]) -> tuple[list, list]:
    v.same_length(target, prediction, "the prediction")
    return v.probability_vector(target, "p"), v.probability_vector(prediction, "p̂")


def soft_target_reward(target: Sequence[Number], prediction: Sequence[Number]) -> mpmath.mpf:
    """``R(p̂) = Σ_i p_i log p̂_i``."""
    p, q = _vectors(target, prediction)
    return compiled.soft_target_reward(len(p), "mpmath")(p, q)


def entropy(target: Sequence[Number]) -> mpmath.mpf:
    """``H(p) = −Σ_i p_i log p_i``."""
    p = v.probability_vector(target, "p")
    return compiled.entropy(len(p), "mpmath")(p)


def kl_divergence(target: Sequence[Number], prediction: Sequence[Number]) -> mpmath.mpf:
    """``KL(p ‖ p̂) = Σ_i p_i log(p_i / p̂_i)``."""
    p, q = _vectors(target, prediction)
    return compiled.kl_divergence(len(p), "mpmath")(p, q)


def group_statistics(
    values: Sequence[Number], eps: Number = 0, convention: StdConvention = "population"
) -> tuple[mpmath.mpf, mpmath.mpf, list[mpmath.mpf]]:
    """``(x̄, σ̂, [(x^(g) − x̄)/(σ̂ + ε)])`` of one group of G ≥ 2 rewards; σ̂ = 0 needs ε > 0."""
    v.check_convention(convention)
    v.group_of_at_least_two(values)
    epsilon = v.check_epsilon(eps)
    xs = [v.to_mpf(x, f"reward {k + 1}") for k, x in enumerate(values)]
    statistics = compiled.group_statistics(len(xs), convention, "mpmath")
    v.nonzero_divisor(statistics(xs, 1)[1], epsilon, "the group std", "all rewards equal")
    mean, std, _, advantages = statistics(xs, epsilon)
    return mean, std, advantages


def group_std(values: Sequence[Number], convention: StdConvention = "population") -> mpmath.mpf:
    """``σ̂ = sqrt(Σ_g (x^(g) − x̄)² / G)`` (population) or ``/(G − 1)`` (Bessel); G ≥ 2."""
    v.check_convention(convention)
    v.group_of_at_least_two(values)
    xs = [v.to_mpf(x, f"reward {k + 1}") for k, x in enumerate(values)]
    return compiled.group_statistics(len(xs), convention, "mpmath")(xs, 1)[1]


def sigma_normalized_advantage(
    values: Sequence[Number], eps: Number = 0, convention: StdConvention = "population"
) -> list[mpmath.mpf]:
    """``Â_STD^(g) = (x^(g) − x̄) / (σ̂ + ε)`` for every rollout; σ̂ = 0 needs ε > 0."""
    return group_statistics(values, eps, convention)[2]


def group_report(
    target: Sequence[Number],
    predictions: Sequence[Sequence[Number]],
    eps: Number = 0,
    convention: StdConvention = "population",
) -> dict:
    """Rewards, KLs and advantages of one group, with the note's identities checked on it."""
    v.probability_vector(target, "p")
    v.group_of_at_least_two(predictions, "predictions")
    rewards = [soft_target_reward(target, q) for q in predictions]
    kls = [kl_divergence(target, q) for q in predictions]
    _, sigma_r, advantages = group_statistics(rewards, eps, convention)
    _, kl_std, z_scores = group_statistics([-k for k in kls], eps, convention)
    h = entropy(target)
    return {
        "entropy": h,
        "rewards": rewards,
        "kl": kls,
        "sigma_R": sigma_r,
        "sigma_KL": kl_std,
        "advantages": advantages,
        "identity_residual": max(abs(r + h + k) for r, k in zip(rewards, kls, strict=True)),
        "z_score_residual": max(abs(a - z) for a, z in zip(advantages, z_scores, strict=True)),
    }


SCHEMA_VERSION = 2
"""``grpo-sigma group --json``: version 2 writes numbers as JSON numbers, and every value also
as an exact string of ``--dps`` digits under ``"exact"`` (version 1, unversioned: strings)."""


def to_json(report: dict, digits: int) -> dict:
    """The report as JSON data: schema, numbers, and their exact strings."""
    return {
        "schema": console.schema("group", SCHEMA_VERSION),
        **console.json_number(report),
        "exact": console.exact_strings(report, digits),
    }


def format_report(report: dict, digits: int) -> str:
    """The text ``grpo-sigma group`` prints."""
    lines = [
        f"H(p) = {mpmath.nstr(report['entropy'], digits)}",
        f"sigma_R = {mpmath.nstr(report['sigma_R'], digits)}",
        f"sigma_KL = {mpmath.nstr(report['sigma_KL'], digits)}",
    ]
    for k, (r, d, a) in enumerate(
        zip(report["rewards"], report["kl"], report["advantages"], strict=True), 1
    ):
        lines.append(
            f"rollout {k}: R = {mpmath.nstr(r, 20)}  KL = {mpmath.nstr(d, 20)}  "
            f"A_STD = {mpmath.nstr(a, 20)}"
        )
    lines.append(f"max |R + H + KL| = {mpmath.nstr(report['identity_residual'], 3)}")
    lines.append(f"max |A_STD - z-score of KL| = {mpmath.nstr(report['z_score_residual'], 3)}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if args.json:
        console.check_out_file(args.json)  # before any work
    with mpmath.workdps(v.check_dps(args.dps)):
        target = v.parse_vector(args.target, "--target")
        predictions = [v.parse_vector(t, "--prediction") for t in args.prediction]
        report = group_report(target, predictions, args.eps, args.std)
        if args.json:
            console.write_json(to_json(report, args.dps), args.json)
        if args.json != "-":
            print(format_report(report, args.dps))
    return 0


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "group", help="rewards, KLs and σ-normalized advantages of one concrete group"
    )
    parser.add_argument("--target", required=True, help="soft target p, e.g. 0.2,0.8")
    parser.add_argument(
        "--prediction",
        action="append",
        required=True,
        help="one rollout's prediction p̂ (repeat for each rollout of the group)",
    )
    parser.add_argument("--eps", default="0", help="ε added to the std (default 0)")
    parser.add_argument("--std", choices=STD_CONVENTIONS, default="population")
    options.add_dps(parser)
    console.add_json_option(parser)
    parser.set_defaults(run=run)
