"""The note's quantities for concrete numbers, at high precision, with input validation.

These are the numeric twins of ``symbolic.note.model``: they take plain numbers (or strings, for
exact decimal input), compute in mpmath at the caller's working precision, and raise
``GrpoSigmaError`` for anything that is not a valid probability vector or group.
``grpo-sigma group`` prints them for one group of predictions.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

import mpmath

from ..errors import GrpoSigmaError
from ..note.model import STD_CONVENTIONS, StdConvention

Number = float | int | str | mpmath.mpf
SUM_TOLERANCE = mpmath.mpf("1e-12")
"""How far from 1 the entries of a probability vector may sum (input is often decimal)."""


MIN_DPS, MAX_DPS = 15, 1000


def check_dps(dps: int) -> int:
    """The decimal digits asked for, if in ``[15, 1000]``; ``GrpoSigmaError`` otherwise."""
    if not MIN_DPS <= dps <= MAX_DPS:
        raise GrpoSigmaError(f"--dps must be between {MIN_DPS} and {MAX_DPS}, got {dps}")
    return dps


def to_mpf(value: Number, name: str) -> mpmath.mpf:
    """A finite real number, or ``GrpoSigmaError`` naming ``name``."""
    try:
        number = mpmath.mpf(value)
    except (TypeError, ValueError):
        raise GrpoSigmaError(f"{name} is not a number: {value!r}") from None
    if mpmath.isnan(number) or mpmath.isinf(number):
        raise GrpoSigmaError(f"{name} must be finite, got {value!r}")
    return number


def probability_vector(values: Sequence[Number], name: str = "p") -> list[mpmath.mpf]:
    """Validate a probability vector in the open simplex: entries > 0 that sum to one."""
    if len(values) < 2:
        raise GrpoSigmaError(f"{name} needs at least 2 entries, got {len(values)}")
    entries = [to_mpf(v, f"{name}[{k + 1}]") for k, v in enumerate(values)]
    for k, e in enumerate(entries):
        if e <= 0:
            raise GrpoSigmaError(f"{name}[{k + 1}] = {values[k]} is not positive")
    total = mpmath.fsum(entries)
    if abs(total - 1) > SUM_TOLERANCE:
        raise GrpoSigmaError(f"{name} sums to {mpmath.nstr(total, 15)}, not 1")
    return entries


def _same_length(target: Sequence, prediction: Sequence, name: str) -> None:
    if len(target) != len(prediction):
        raise GrpoSigmaError(
            f"{name} has {len(prediction)} entries but the target has {len(target)}"
        )


def soft_target_reward(target: Sequence[Number], prediction: Sequence[Number]) -> mpmath.mpf:
    """``R(p̂) = Σ_i p_i log p̂_i``."""
    _same_length(target, prediction, "the prediction")
    p, q = probability_vector(target, "p"), probability_vector(prediction, "p̂")
    return mpmath.fsum(a * mpmath.log(b) for a, b in zip(p, q, strict=True))


def entropy(target: Sequence[Number]) -> mpmath.mpf:
    """``H(p) = −Σ_i p_i log p_i``."""
    return -mpmath.fsum(a * mpmath.log(a) for a in probability_vector(target, "p"))


def kl_divergence(target: Sequence[Number], prediction: Sequence[Number]) -> mpmath.mpf:
    """``KL(p ‖ p̂) = Σ_i p_i log(p_i / p̂_i)``."""
    _same_length(target, prediction, "the prediction")
    p, q = probability_vector(target, "p"), probability_vector(prediction, "p̂")
    return mpmath.fsum(a * mpmath.log(a / b) for a, b in zip(p, q, strict=True))


def group_mean(values: Sequence[Number]) -> mpmath.mpf:
    """``x̄ = (1/G) Σ_g x^(g)``."""
    xs = [to_mpf(v, f"reward {k + 1}") for k, v in enumerate(values)]
    if not xs:
        raise GrpoSigmaError("a group needs at least one rollout")
    return mpmath.fsum(xs) / len(xs)


def group_std(values: Sequence[Number], convention: StdConvention = "population") -> mpmath.mpf:
    """``σ̂ = sqrt(Σ_g (x^(g) − x̄)² / G)`` (population) or ``/(G − 1)`` (Bessel); G ≥ 2."""
    if convention not in STD_CONVENTIONS:
        raise GrpoSigmaError(f"unknown std convention {convention!r}; use population or bessel")
    if len(values) < 2:
        raise GrpoSigmaError(f"a group std needs G >= 2 rollouts, got {len(values)}")
    xs = [to_mpf(v, f"reward {k + 1}") for k, v in enumerate(values)]
    mean = mpmath.fsum(xs) / len(xs)
    squares = mpmath.fsum((x - mean) ** 2 for x in xs)
    return mpmath.sqrt(squares / (len(xs) if convention == "population" else len(xs) - 1))


def sigma_normalized_advantage(
    values: Sequence[Number],
    eps: Number = 0,
    convention: StdConvention = "population",
) -> list[mpmath.mpf]:
    """``Â_STD^(g) = (x^(g) − x̄) / (σ̂ + ε)`` for every rollout; σ̂ = 0 needs ε > 0."""
    epsilon = to_mpf(eps, "ε")
    if epsilon < 0:
        raise GrpoSigmaError(f"ε must be >= 0, got {eps}")
    std = group_std(values, convention)
    if std + epsilon == 0:
        raise GrpoSigmaError("the group std is 0 (all rewards equal) and ε = 0: Â_STD is 0/0")
    mean = group_mean(values)
    return [(to_mpf(v, "reward") - mean) / (std + epsilon) for v in values]


def group_report(
    target: Sequence[Number],
    predictions: Sequence[Sequence[Number]],
    eps: Number = 0,
    convention: StdConvention = "population",
) -> dict:
    """Rewards, KLs and advantages of one group, with the note's identities checked on it."""
    probability_vector(target, "p")
    if len(predictions) < 2:
        raise GrpoSigmaError(f"a group needs G >= 2 predictions, got {len(predictions)}")
    rewards = [soft_target_reward(target, q) for q in predictions]
    kls = [kl_divergence(target, q) for q in predictions]
    advantages = sigma_normalized_advantage(rewards, eps, convention)
    kl_mean, kl_std = group_mean(kls), group_std(kls, convention)
    z_scores = [(kl_mean - k) / (kl_std + to_mpf(eps, "ε")) for k in kls]
    h = entropy(target)
    return {
        "entropy": h,
        "rewards": rewards,
        "kl": kls,
        "sigma_R": group_std(rewards, convention),
        "sigma_KL": kl_std,
        "advantages": advantages,
        "identity_residual": max(abs(r + h + k) for r, k in zip(rewards, kls, strict=True)),
        "z_score_residual": max(abs(a - z) for a, z in zip(advantages, z_scores, strict=True)),
    }


def parse_vector(text: str, name: str) -> list[str]:
    """``"0.2,0.8"`` → ``["0.2", "0.8"]`` (kept as strings for exact decimal input)."""
    parts = [t.strip() for t in text.split(",")]
    if not all(parts):
        raise GrpoSigmaError(f"{name} must be comma-separated numbers, got {text!r}")
    return parts


def run(args: argparse.Namespace) -> int:
    with mpmath.workdps(check_dps(args.dps)):
        target = parse_vector(args.target, "--target")
        predictions = [parse_vector(t, "--prediction") for t in args.prediction]
        report = group_report(target, predictions, args.eps, args.std)
        digits = args.dps
        if args.json:
            plain = {
                k: [mpmath.nstr(x, digits) for x in v]
                if isinstance(v, list)
                else mpmath.nstr(v, digits)
                for k, v in report.items()
            }
            sys.stdout.write(json.dumps(plain, indent=2) + "\n")
            return 0
        print(f"H(p) = {mpmath.nstr(report['entropy'], digits)}")
        print(f"sigma_R = {mpmath.nstr(report['sigma_R'], digits)}")
        print(f"sigma_KL = {mpmath.nstr(report['sigma_KL'], digits)}")
        for k, (r, d, a) in enumerate(
            zip(report["rewards"], report["kl"], report["advantages"], strict=True), 1
        ):
            print(
                f"rollout {k}: R = {mpmath.nstr(r, 20)}  KL = {mpmath.nstr(d, 20)}  "
                f"A_STD = {mpmath.nstr(a, 20)}"
            )
        print(f"max |R + H + KL| = {mpmath.nstr(report['identity_residual'], 3)}")
        print(f"max |A_STD - z-score of KL| = {mpmath.nstr(report['z_score_residual'], 3)}")
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
    parser.add_argument("--dps", type=int, default=50, help="decimal digits (default 50)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=run)
