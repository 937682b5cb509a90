"""Independent definitions of the model's objects, written without SymPy.

Each oracle computes one object of the note directly from its textbook definition: group
statistics by ``statistics.pvariance`` / ``variance`` on the exact rationals of the sample
(then one square root in mpmath), entropies and divergences by direct mpmath sums, the
Bernoulli log score by cases, a policy's moments by ``E[r²] − E[r]²``, and the Beta
log-moments by tanh-sinh quadrature of the Beta density.  Wrapped with
``implemented_function``, an oracle sits on one side of an ``Identity`` whose other side is
the model, so the engine evaluates both at every point of the domain; it can never prove
such an identity (the oracle is opaque to SymPy), only refute it.
"""

from __future__ import annotations

import functools
import statistics
from collections.abc import Callable, Mapping
from fractions import Fraction

import mpmath
from sympy.utilities.lambdify import implemented_function

from ..engine.kernel import Proof, failed
from ..engine.obligations import Identity

Table = Mapping[object, mpmath.mpf]


class OracleCheck(Identity):
    """``oracle = model`` at every point of the domain: a definition checked numerically.

    The oracle is opaque to SymPy, so no symbolic attempt is made: the check can refute
    the model (with a counterexample) or agree with it, never prove it.
    """

    probe_first = False

    def prove(self, fresh: object) -> Proof:
        return failed("a definition checked against an independent oracle, not a proof")

    def refute_symbolically(self, fresh: object, compiled: object) -> None:
        """An oracle is compared at the working precision only (no escalation)."""


def _values(n: object, table: Table) -> list[mpmath.mpf]:
    return [table[k] for k in range(1, int(n) + 1)]


def _exact(value: object) -> Fraction:
    """The binary number an mpf holds, as an exact fraction."""
    number = mpmath.mpf(value)
    mantissa, exponent = number.man_exp
    magnitude = Fraction(mantissa) * Fraction(2) ** exponent
    return -magnitude if number < 0 else magnitude


def _from_fraction(value: Fraction) -> mpmath.mpf:
    return mpmath.mpf(value.numerator) / value.denominator


def _variance(n: object, table: Table, bessel: object) -> mpmath.mpf:
    sample = [_exact(v) for v in _values(n, table)]
    return _from_fraction(statistics.variance(sample) if bessel else statistics.pvariance(sample))


def _mean(n: object, table: Table) -> mpmath.mpf:
    return _from_fraction(statistics.mean(_exact(v) for v in _values(n, table)))


def _std(n: object, table: Table, bessel: object) -> mpmath.mpf:
    return mpmath.sqrt(_variance(n, table, bessel))


def _z_score(n: object, table: Table, eps: object, bessel: object) -> mpmath.mpf:
    return (table[1] - _mean(n, table)) / (_std(n, table, bessel) + eps)


def _entropy(n: object, p: Table) -> mpmath.mpf:
    return -mpmath.fsum(v * mpmath.log(v) for v in _values(n, p))


def _kl(n: object, p: Table, q: Table) -> mpmath.mpf:
    return mpmath.fsum(
        a * (mpmath.log(a) - mpmath.log(b))
        for a, b in zip(_values(n, p), _values(n, q), strict=True)
    )


def _soft_reward(n: object, p: Table, q: Table) -> mpmath.mpf:
    return mpmath.fsum(a * mpmath.log(b) for a, b in zip(_values(n, p), _values(n, q), strict=True))


def _row_soft_reward(n: object, row: object, p: Table, q: Table) -> mpmath.mpf:
    """``Σ_i p_i log q[row, i]``: the reward of one rollout's prediction in a batch."""
    return _soft_reward(n, p, {i: q[(int(row), i)] for i in range(1, int(n) + 1)})


def _true_advantage(
    n: object, support: object, p: Table, phat: Table, w: Table, q: Table
) -> mpmath.mpf:
    """``R(p̂) − Σ_j w_j R(q_j)`` with ``R(v) = Σ_i p_i log v_i``, rows ``q[j, i]``."""
    rows = [{i: q[(j, i)] for i in range(1, int(n) + 1)} for j in range(1, int(support) + 1)]
    others = [_soft_reward(n, p, row) for row in rows]
    weights = _values(support, w)
    return _soft_reward(n, p, phat) - mpmath.fsum(
        c * r for c, r in zip(weights, others, strict=True)
    )


def _log_score(prediction: object, outcome: object) -> mpmath.mpf:
    """``log p̂`` if the outcome is 1, ``log(1 − p̂)`` if it is 0."""
    return mpmath.log(prediction) if int(outcome) == 1 else mpmath.log(1 - prediction)


def _one_hot(n: object, q: Table, outcome: object) -> mpmath.mpf:
    assert 1 <= int(outcome) <= int(n)
    return mpmath.log(q[int(outcome)])


def _policy_moment(n: object, w: Table, q: Table, outcome: object, power: int) -> mpmath.mpf:
    rewards = [_log_score(v, outcome) for v in _values(n, q)]
    return mpmath.fsum(c * r**power for c, r in zip(_values(n, w), rewards, strict=True))


def _policy_mu(n: object, w: Table, q: Table, outcome: object) -> mpmath.mpf:
    return _policy_moment(n, w, q, outcome, 1)


def _policy_sigma(n: object, w: Table, q: Table, outcome: object) -> mpmath.mpf:
    """``sqrt(E[r²] − E[r]²)``: the raw-moment form, not the model's central form."""
    first = _policy_moment(n, w, q, outcome, 1)
    return mpmath.sqrt(_policy_moment(n, w, q, outcome, 2) - first**2)


def _per_outcome(
    target: object, prediction: object, m0: object, m1: object, s0: object, s1: object, eps: object
) -> mpmath.mpf:
    """``E_{a∼Bernoulli(p)}[(r(p̂, a) − μ_a)/(σ_a + ε)]`` by its two cases."""
    chance = {1: target, 0: 1 - target}
    mean, std = {0: m0, 1: m1}, {0: s0, 1: s1}
    return mpmath.fsum(
        chance[a] * (_log_score(prediction, a) - mean[a]) / (std[a] + eps) for a in (0, 1)
    )


def _beta_log_moment(a: object, b: object, outcome: object, order: object) -> mpmath.mpf:
    """Mean (order 1) or variance (order 2) of ``log X`` (outcome 1) or ``log(1 − X)``
    (outcome 0), ``X ∼ Beta(a, b)``, by quadrature of the Beta density."""
    mean, variance = _beta_log_mean_variance(a, b, int(outcome), mpmath.mp.prec)
    return mean if int(order) == 1 else variance


UNIT = [0, 1]  # tanh-sinh on the whole interval: the density's endpoint powers need no split


@functools.lru_cache(maxsize=256)
def _beta_norm(a: mpmath.mpf, b: mpmath.mpf, prec: int) -> mpmath.mpf:
    """``∫_0^1 v^(a−1) (1 − v)^(b−1) dv`` by quadrature, remembered per point and precision."""
    return mpmath.quad(lambda v: v ** (a - 1) * (1 - v) ** (b - 1), UNIT)


@functools.lru_cache(maxsize=256)
def _beta_log_mean_variance(
    a: mpmath.mpf, b: mpmath.mpf, outcome: int, prec: int
) -> tuple[mpmath.mpf, mpmath.mpf]:
    """Both moments at once, remembered per point and precision (the mean and the variance
    obligations sample the same points)."""
    transform = mpmath.log if outcome == 1 else (lambda v: mpmath.log(1 - v))
    norm = _beta_norm(a, b, prec)

    def expect(f: Callable[[mpmath.mpf], mpmath.mpf]) -> mpmath.mpf:
        density = lambda v: v ** (a - 1) * (1 - v) ** (b - 1) / norm  # noqa: E731
        return mpmath.quad(lambda v: f(v) * density(v), UNIT)

    mean = expect(transform)
    return mean, expect(lambda v: (transform(v) - mean) ** 2)


def _beta_power_moment(a: object, b: object, power: object) -> mpmath.mpf:
    """``E[X^s]`` for ``X ∼ Beta(a, b)`` by quadrature of the Beta density."""
    density = lambda v: v ** (a - 1) * (1 - v) ** (b - 1)  # noqa: E731
    moment = mpmath.quad(lambda v: v**power * density(v), UNIT)
    return moment / _beta_norm(a, b, mpmath.mp.prec)


MEAN = implemented_function("mean", _mean)
VARIANCE = implemented_function("variance", _variance)
STD = implemented_function("std", _std)
Z_SCORE = implemented_function("zscore", _z_score)
ENTROPY = implemented_function("entropy", _entropy)
KL = implemented_function("kl", _kl)
SOFT_REWARD = implemented_function("soft_reward", _soft_reward)
ROW_SOFT_REWARD = implemented_function("batch_reward", _row_soft_reward)
LOG_SCORE = implemented_function("log_score", _log_score)
ONE_HOT = implemented_function("one_hot", _one_hot)
POLICY_MU = implemented_function("policy_mu", _policy_mu)
POLICY_SIGMA = implemented_function("policy_sigma", _policy_sigma)
PER_OUTCOME = implemented_function("per_outcome", _per_outcome)
BETA_LOG_MOMENT = implemented_function("beta_log_moment", _beta_log_moment)
TRUE_ADVANTAGE = implemented_function("true_advantage", _true_advantage)
BETA_POWER_MOMENT = implemented_function("beta_power_moment", _beta_power_moment)
