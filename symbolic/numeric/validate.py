"""The one place that validates a user's numbers: one precision range, one tolerance, one style.

Every check raises ``GrpoSigmaError`` with one line that names the offending input; the CLI
prints it as ``grpo-sigma: error: ...`` and exits 2.  Decimal strings are read exactly
(``mpmath.mpf("0.1")``), so a vector typed as decimals sums to one exactly at any precision.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import mpmath

from ..errors import GrpoSigmaError
from ..note.model import RULES, STD_CONVENTIONS, ScoringRule, StdConvention

Number = float | int | str | mpmath.mpf
MIN_DPS, MAX_DPS = 40, 1000
"""The decimal digits any command may be asked for (the audit's certified checks need 40)."""
SUM_TOLERANCE = 1e-9
"""How far from 1 the entries of a probability vector (or policy weights) may sum."""


def check_dps(dps: int) -> int:
    """The decimal digits asked for, if in ``[MIN_DPS, MAX_DPS]``."""
    if isinstance(dps, bool) or not isinstance(dps, int) or not MIN_DPS <= dps <= MAX_DPS:
        raise GrpoSigmaError(f"--dps must be between {MIN_DPS} and {MAX_DPS}, got {dps}")
    return dps


def to_mpf(value: Number, name: str) -> mpmath.mpf:
    """A finite real number, or an error naming ``name``."""
    try:
        number = mpmath.mpf(value)
    except (TypeError, ValueError):
        raise GrpoSigmaError(f"{name} is not a number: {value!r}") from None
    if mpmath.isnan(number) or mpmath.isinf(number):
        raise GrpoSigmaError(f"{name} must be finite, got {value!r}")
    return number


def is_real(value: object) -> bool:
    """A plain real number (int or float, numpy's too), not a bool."""
    import numbers

    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_integer(name: str, value: object, minimum: int, maximum: int | None = None) -> int:
    """An integer in ``[minimum, maximum]``."""
    import numbers

    span = f" (range {minimum} to {maximum})" if maximum is not None else ""
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise GrpoSigmaError(f"{name} must be an integer, got {value!r}{span}")
    if value < minimum:
        raise GrpoSigmaError(f"{name} must be at least {minimum}, got {value}{span}")
    if maximum is not None and value > maximum:
        raise GrpoSigmaError(f"{name} must be at most {maximum}, got {value}{span}")
    return int(value)


def check_real(
    name: str, value: object, low: float, high: float = math.inf, *, closed: bool = False
) -> float:
    """A finite float in ``(low, high)`` (``[low, high)`` with ``closed``)."""
    if not is_real(value) or not math.isfinite(float(value)):  # type: ignore[arg-type]
        raise GrpoSigmaError(f"{name} must be a finite number, got {value!r}")
    number = float(value)  # type: ignore[arg-type]
    if not ((low <= number) if closed else (low < number)) or not number < high:
        left = "[" if closed else "("
        right = "inf)" if high == math.inf else f"{high:g})"
        raise GrpoSigmaError(f"{name} must lie in {left}{low:g}, {right}, got {number!r}")
    return number


def check_probability(value: Number, name: str = "target p") -> mpmath.mpf:
    """A probability strictly between 0 and 1."""
    p = to_mpf(value, name)
    if not 0 < p < 1:
        raise GrpoSigmaError(f"{name} must be in (0, 1), got {value}")
    return p


def check_epsilon(value: Number) -> mpmath.mpf:
    """ε ≥ 0."""
    epsilon = to_mpf(value, "ε")
    if epsilon < 0:
        raise GrpoSigmaError(f"ε must be >= 0, got {value}")
    return epsilon


def check_convention(convention: str) -> StdConvention:
    """``population`` or ``bessel``."""
    if not isinstance(convention, str) or convention not in STD_CONVENTIONS:
        raise GrpoSigmaError(
            f"unknown std convention {convention!r} (choose from {', '.join(STD_CONVENTIONS)})"
        )
    return convention  # type: ignore[return-value]


REWARDS: tuple[str, ...] = tuple(RULES)  # log, brier, spherical


def check_reward(reward: object) -> str | ScoringRule:
    """A named proper scoring rule, or a proper ``ScoringRule`` (a user's Φ: ``--phi``);
    ``GrpoSigmaError`` naming the known ones otherwise."""
    if isinstance(reward, ScoringRule):
        if not reward.proper:
            raise GrpoSigmaError(f"the {reward.name} rule is not proper: it has no convex Φ")
        return reward
    if not isinstance(reward, str) or reward not in REWARDS:
        raise GrpoSigmaError(f"unknown reward {reward!r}; known: {', '.join(REWARDS)}")
    return str(reward)


def check_sum_to_one(total: Any, name: str, verb: str = "sums") -> None:
    """A sum of probabilities within ``SUM_TOLERANCE`` of one."""
    if abs(total - 1) > SUM_TOLERANCE:
        shown = mpmath.nstr(total, 15) if isinstance(total, mpmath.mpf) else f"{total:.15g}"
        raise GrpoSigmaError(f"{name} {verb} to {shown}, not 1")


def check_sequence(values: object, name: str) -> Sequence:
    """A list, tuple or array of entries (not a string, a number or a mapping)."""
    if (
        isinstance(values, str | bytes | dict)
        or not hasattr(values, "__len__")
        or not hasattr(values, "__getitem__")
    ):
        raise GrpoSigmaError(f"{name} must be a list of numbers, got {values!r}")
    return values  # type: ignore[return-value]


def probability_vector(values: Sequence[Number], name: str = "p") -> list[mpmath.mpf]:
    """A probability vector in the open simplex: at least 2 entries, each > 0, summing to one."""
    check_sequence(values, name)
    if len(values) < 2:
        raise GrpoSigmaError(f"{name} needs at least 2 entries, got {len(values)}")
    entries = [to_mpf(v, f"{name}[{k + 1}]") for k, v in enumerate(values)]
    for k, e in enumerate(entries):
        if e <= 0:
            raise GrpoSigmaError(f"{name}[{k + 1}] = {values[k]} is not positive")
    check_sum_to_one(mpmath.fsum(entries), name)
    return entries


def policy_weights(values: Sequence[Number], points: int) -> list[mpmath.mpf]:
    """``points`` policy weights, each >= 0, summing to one."""
    check_sequence(values, "policy weights")
    if len(values) != points:
        raise GrpoSigmaError(f"{len(values)} weights given for {points} grid points")
    weights = [to_mpf(w, f"weight {k + 1}") for k, w in enumerate(values)]
    for k, w in enumerate(weights):
        if w < 0:
            raise GrpoSigmaError(
                f"weight {k + 1} = {values[k]} is negative; policy weights are >= 0"
            )
    check_sum_to_one(mpmath.fsum(weights), "policy weights", "sum")
    return weights


def same_length(target: Sequence, prediction: Sequence, name: str) -> None:
    """Two vectors of the same length."""
    check_sequence(target, "the target")
    check_sequence(prediction, name)
    if len(target) != len(prediction):
        raise GrpoSigmaError(
            f"{name} has {len(prediction)} entries but the target has {len(target)}"
        )


def group_of_at_least_two(values: Sequence, what: str = "rollouts") -> None:
    """A group std needs G ≥ 2."""
    check_sequence(values, what)
    if len(values) < 2:
        raise GrpoSigmaError(f"a group needs G >= 2 {what}, got {len(values)}")


def nonzero_divisor(sigma: Any, epsilon: Any, what: str, why: str) -> None:
    """σ + ε > 0 before dividing by it."""
    if sigma + epsilon <= 0:
        raise GrpoSigmaError(f"{what} is 0 ({why}) and ε = 0: the σ-normalized value is 0/0")


def float_target(target: object) -> float | tuple[float, ...]:
    """A Bernoulli ``p`` in (0, 1) as a float, or a K-class probability vector as floats."""
    if is_real(target):
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
    if not all(0.0 < x < 1.0 for x in entries) or abs(math.fsum(entries) - 1.0) > SUM_TOLERANCE:
        shown = ",".join(f"{x:g}" for x in entries)
        raise GrpoSigmaError(
            f"target {shown} is not a probability vector (entries in (0, 1) summing to 1)"
        )
    return entries


def parse_vector(text: str, name: str) -> list[str]:
    """``"0.2,0.8"`` → ``["0.2", "0.8"]`` (kept as strings for exact decimal input)."""
    parts = [t.strip() for t in text.split(",")]
    if not all(parts):
        raise GrpoSigmaError(f"{name} must be comma-separated numbers, got {text!r}")
    return parts
