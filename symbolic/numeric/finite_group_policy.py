"""A policy at a finite group size G: ``grpo-sigma policy --group-size G``.

With a sampled outcome ``a ∼ Bernoulli(p)``, the G rollouts of a group are predictions drawn
i.i.d. from the policy π and all scored against the same ``a``: the rewards are
``r(p̂^(g), a)``, and GRPO divides by their group std σ̂_G, not by the population σ_a.  For
each outcome this module computes

    E[σ̂_G | a] = Σ_{multisets c of size G} (G! / Π_k c_k!) Π_k π_k^{c_k} · σ̂(c),

exactly (float64 sums over the ``C(m + G − 1, G)`` multisets of the m support points, when
there are at most ``MAX_MULTISETS``), or else by a deterministic quadrature at any G
(``expected_group_std_quadrature``): with ``σ̂² = Q``, ``√Q = π^(−1/2) ∫ Q e^(−sQ) s^(−1/2)
ds`` and the Gaussian identity for ``e^(s r̄²)``, completing the square gives

    E σ̂_pop = ((G − 1)/π) ∫_0^∞ da ∫ dm B(m)^G Var_B(m),   B(m) = Σ_j π_j e^(−a(r_j − m)²),

``Var_B`` the variance of the rewards under the weights ``π_j e^(−a(r_j − m)²)``: a positive
integrand, taken by the trapezoid rule on a lattice in m (step a fraction of the width
``1/√(2aG)``, only where two neighbouring rewards can still meet) and in ``u = log a``, with
an error bound (the change under coarser steps plus the tails).  A seeded Monte Carlo with
the control variates σ̂² and σ̂⁴ (``expected_group_std_monte_carlo``; their means follow
exactly from σ_a² and the fourth central moment) is kept as an independent check.  Then,
from the reward law's skewness γ_a and kurtosis κ_a,
the 1/G coefficient ``c(t) = γ/2 + 3(κ − 1)t/8 − t³/2`` of ``E[Â_STD | x] = t + c(t)/G``
(the ledger's ``finite_group_expansion``; population std, ε = 0; Bessel: ``c(t) − t/2``) at
the population mean (t = 0) and at the calibrated prediction ``p̂ = p``; and the biased
optimum's formula with E[σ̂_G | a] in place of σ_a (a plug-in: E[x/σ̂] is not E[x]/E[σ̂]).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations_with_replacement, islice

import mpmath
import numpy as np

from ..note import compiled
from ..note.model import StdConvention
from . import validate as v

MAX_MULTISETS = 100_000
"""Enumerate when there are at most this many multisets (G = 3 on 80 points: 88 560), else
the quadrature."""
MAX_GROUP = 4096
MC_SEED = 20251126
MC_RELATIVE_ERROR = 2.5e-5
"""The Monte Carlo stops once its standard error is this fraction of the estimate (4 standard
errors within 1e-4), or at ``MC_MAX_DRAWS`` rewards drawn, whichever comes first."""
MC_CHUNK_DRAWS = 2_000_000
MC_MAX_DRAWS = 100_000_000
EXACT, MONTE_CARLO, QUADRATURE = "exact enumeration", "seeded Monte Carlo", "quadrature"
QUADRATURE_STEPS = ((0.2, 2.5), (0.3, 2.0))
"""(step in u = log a, nodes per width 1/√(2aG) in m): the fine rule and the coarser check."""
U_LOWEST = -80.0
PAD_WIDTHS = 9.0
"""m runs 9 widths past the outermost rewards: the integrand is below e^(−40) there."""
MEETING = 45.0
"""Two neighbouring rewards at distance d still meet while a (G − 1) d²/G < 45."""

Fraction = Callable[[float], None]
"""``progress(fraction_done)``, called now and then during a long computation."""


def _quiet(fraction: float) -> None:
    return None


@dataclass(frozen=True)
class GroupStdEstimate:
    """E[σ̂_G | a]: its value, standard error (0 when enumerated), method, and the number of
    multisets enumerated or groups sampled."""

    value: float
    standard_error: float
    method: str
    terms: int


def group_std_rows(rewards: np.ndarray, convention: StdConvention) -> np.ndarray:
    """σ̂ of every row of a ``(groups, G)`` array: numpy's twin of the model's ``group_std``
    (tested equal to ``compiled.group_statistics`` at 1e-12; lambdifying G terms is slow)."""
    return rewards.std(axis=1, ddof=0 if convention == "population" else 1)


def multiset_count(points: int, group: int) -> int:
    """``C(m + G − 1, G)``: multisets of size G from m points."""
    return math.comb(points + group - 1, group)


def multisets(points: int, group: int, chunk: int = 500_000) -> Iterator[np.ndarray]:
    """Every multiset of size G from ``range(points)`` as a sorted row, in chunks of rows."""
    rows = combinations_with_replacement(range(points), group)
    while True:
        flat = np.fromiter(
            (k for row in islice(rows, chunk) for k in row), dtype=np.int32, count=-1
        )
        if not flat.size:
            return
        yield flat.reshape(-1, group)


def multinomial_probabilities(rows: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``(G! / Π_k c_k!) Π_g π_{i_g}`` for sorted rows: the chance of that multiset in G
    i.i.d. draws (``Π_k c_k!`` is the product of each entry's rank within its run)."""
    group = rows.shape[1]
    run = np.ones(rows.shape[0])
    repeats = np.ones(rows.shape[0])
    for k in range(1, group):
        run = np.where(rows[:, k] == rows[:, k - 1], run + 1, 1.0)
        repeats *= run
    return math.factorial(group) / repeats * np.prod(weights[rows], axis=1)


def expected_group_std_exact(
    rewards: np.ndarray,
    weights: np.ndarray,
    group: int,
    convention: StdConvention,
    progress: Fraction = _quiet,
) -> GroupStdEstimate:
    """E[σ̂_G] by enumerating the multisets of the support (points of positive weight)."""
    support = weights > 0
    rewards, weights = rewards[support], weights[support]
    parts, mass, count = [], [], multiset_count(len(rewards), group)
    for rows in multisets(len(rewards), group):
        chance = multinomial_probabilities(rows, weights)
        parts.append(float(np.dot(chance, group_std_rows(rewards[rows], convention))))
        mass.append(float(chance.sum()))
        progress(len(mass) * 500_000 / count)
    total = math.fsum(mass)
    if abs(total - 1) > 1e-9:  # pragma: no cover - the multinomial theorem
        raise AssertionError(f"multiset probabilities sum to {total}")
    return GroupStdEstimate(math.fsum(parts), 0.0, EXACT, count)


def control_means(
    group: int, convention: StdConvention, variance: float, fourth: float
) -> tuple[float, float]:
    """``(E σ̂², E σ̂⁴)`` of G i.i.d. rewards with variance σ² and fourth central moment μ_4:
    Bessel ``E s² = σ²``, ``E s⁴ = σ⁴ + μ_4/G − σ⁴(G − 3)/(G(G − 1))``; population: times
    ``(G − 1)/G`` and its square."""
    second = variance
    quartic = variance**2 + fourth / group - variance**2 * (group - 3) / (group * (group - 1))
    if convention == "population":
        shrink = (group - 1) / group
        return second * shrink, quartic * shrink**2
    return second, quartic


def expected_group_std_monte_carlo(
    rewards: np.ndarray,
    weights: np.ndarray,
    group: int,
    convention: StdConvention,
    variance: float,
    fourth: float,
    seed: int = MC_SEED,
    max_draws: int = MC_MAX_DRAWS,
    progress: Fraction = _quiet,
) -> GroupStdEstimate:
    """E[σ̂_G] by seeded Monte Carlo with the control variates σ̂² and σ̂⁴, whose means are
    known exactly (``control_means``): the estimate is ``mean σ̂ − β·(mean c − E c)``, β the
    least-squares slope, and its standard error the residual's."""
    rng = np.random.default_rng(seed)
    known = np.array(control_means(group, convention, variance, fourth))
    per_chunk = max(1, MC_CHUNK_DRAWS // group)
    moments = np.zeros((4, 4))  # Σ z zᵀ over the groups, z = (1, σ̂, σ̂² − E σ̂², σ̂⁴ − E σ̂⁴)
    count = 0
    probabilities = weights / weights.sum()
    while True:
        draws = rng.choice(len(rewards), size=(per_chunk, group), p=probabilities)
        y = group_std_rows(rewards[draws], convention)
        z = np.stack([np.ones_like(y), y, y**2 - known[0], y**4 - known[1]])
        moments += z @ z.T
        count += per_chunk
        mean = moments[0] / count
        cov = moments / count - np.outer(mean, mean)
        slope = np.linalg.lstsq(cov[2:, 2:], cov[2:, 1], rcond=None)[0]
        value = float(mean[1] - slope @ mean[2:])
        error = math.sqrt(max(float(cov[1, 1] - slope @ cov[2:, 1]), 0.0) / count)
        reached = (MC_RELATIVE_ERROR * abs(value) / error) ** 2 if error > 0 else 1.0
        progress(max(count * group / max_draws, reached))
        if count * group >= max_draws or (
            count > per_chunk and error <= MC_RELATIVE_ERROR * abs(value)
        ):
            return GroupStdEstimate(value, error, MONTE_CARLO, count)


def _quadrature_sum(
    y: np.ndarray, log_weights: np.ndarray, group: int, step: float, per_width: float
) -> tuple[float, float]:
    """``((G − 1)/π) ∫∫ B^G Var_B dm da`` for sorted standardized rewards ``y``, and the
    integrand at the lowest u (for the tail bound)."""
    gaps = np.diff(y)
    smallest = float(gaps[gaps > 0].min())
    highest = math.log(MEETING * group / ((group - 1) * smallest * smallest))
    values = []
    for u in np.arange(U_LOWEST, highest + step, step):
        a = math.exp(u)
        width = 1.0 / math.sqrt(2.0 * a * group)
        h = width / per_width
        pad = PAD_WIDTHS * width
        spans: list[list[float]] = []
        for j in np.flatnonzero(a * (group - 1) * gaps * gaps / group < MEETING):
            low, high = y[j] - pad, y[j + 1] + pad
            if spans and low <= spans[-1][1]:
                spans[-1][1] = high
            else:
                spans.append([low, high])
        total = 0.0
        for low, high in spans:  # nodes on one lattice k·h: merged spans never count twice
            lattice = np.arange(math.floor(low / h), math.ceil(high / h) + 1) * h
            for start in range(0, lattice.size, 4096):
                m = lattice[start : start + 4096, None]
                exponent = log_weights - a * (y - m) ** 2
                top = exponent.max(axis=1, keepdims=True)
                w = np.exp(exponent - top)
                mass = w.sum(axis=1, keepdims=True)
                mean = (w * y).sum(axis=1, keepdims=True) / mass
                variance = (w * (y - mean) ** 2).sum(axis=1) / mass[:, 0]
                with np.errstate(under="ignore"):
                    power = np.exp(group * (top[:, 0] + np.log(mass[:, 0])))
                total += float(power @ variance)
        values.append(total * h * a)
    scale = (group - 1) / math.pi
    return scale * math.fsum(values) * step, scale * values[0]


def expected_group_std_quadrature(
    rewards: np.ndarray, weights: np.ndarray, group: int, convention: StdConvention
) -> GroupStdEstimate:
    """E[σ̂_G] by the quadrature of the module, at any G; ``standard_error`` holds its error
    bound (the fine rule against a coarser one, plus the tail below ``U_LOWEST``, where the
    integrand decays like ``a^(1/2)``)."""
    support = weights > 0
    r, w = rewards[support], weights[support] / weights[support].sum()
    mean = float(w @ r)
    sigma = math.sqrt(float(w @ (r - mean) ** 2))
    shrink = 1.0 if convention == "population" else math.sqrt(group / (group - 1))
    if sigma == 0.0:
        return GroupStdEstimate(0.0, 0.0, QUADRATURE, 0)
    order = np.argsort(r)
    y, log_w = (r[order] - mean) / sigma, np.log(w[order])
    (fine, lowest), (coarse, _) = (_quadrature_sum(y, log_w, group, *k) for k in QUADRATURE_STEPS)
    error = abs(fine - coarse) + 2.0 * abs(lowest) + 1e-15
    return GroupStdEstimate(sigma * shrink * fine, sigma * shrink * error, QUADRATURE, len(y))


def expected_group_std(
    rewards: Sequence[float],
    weights: Sequence[float],
    group: int,
    convention: StdConvention,
    progress: Fraction = _quiet,
) -> GroupStdEstimate:
    """E[σ̂_G | a]: enumerated when the support has at most ``MAX_MULTISETS`` multisets of
    size G, else by the quadrature."""
    v.check_integer("--group-size", group, 2, MAX_GROUP)
    v.check_convention(convention)
    r, w = np.asarray(rewards, dtype=float), np.asarray(weights, dtype=float)
    if multiset_count(int((w > 0).sum()), group) <= MAX_MULTISETS:
        return expected_group_std_exact(r, w, group, convention, progress)
    return expected_group_std_quadrature(r, w, group, convention)


def reward_shape(
    grid: Sequence[mpmath.mpf], weights: Sequence[mpmath.mpf], outcome: int, reward: str, stats
) -> tuple[mpmath.mpf, mpmath.mpf]:
    """(γ_a, κ_a): ``Σ_j π_j (r(q_j, a) − μ_a)^k / σ_a^k`` for k = 3, 4."""
    w, q, size = compiled.one_based(weights), compiled.one_based(grid), len(grid)
    mean = stats.mu_1 if outcome else stats.mu_0
    sigma = stats.sigma_1 if outcome else stats.sigma_0
    third, fourth = (
        compiled.bernoulli_central_moment(outcome, k, "mpmath", reward)(w, q, size, mean)
        for k in (3, 4)
    )
    return third / sigma**3, fourth / sigma**4


def finite_group_outcome(
    grid: Sequence[mpmath.mpf],
    weights: Sequence[mpmath.mpf],
    outcome: int,
    target: mpmath.mpf,
    stats,
    group: int,
    convention: StdConvention,
    reward: str,
    progress: Fraction = _quiet,
) -> dict:
    """The finite-G quantities of one outcome ``a``: E[σ̂_G | a] and how it was computed, its
    ratio to σ_a, γ_a, κ_a, the calibrated prediction's ``t = (r(p, a) − μ_a)/σ_a``, and
    ``c(t)`` at t = 0 and at that t (Bessel: ``c(t) − t/2``)."""
    score = compiled.binary_reward(reward, "mpmath")
    mean = stats.mu_1 if outcome else stats.mu_0
    sigma = stats.sigma_1 if outcome else stats.sigma_0
    rewards = [float(score(x, outcome)) for x in grid]
    shape = reward_shape(grid, weights, outcome, reward, stats) if sigma > 0 else None
    estimate = expected_group_std(rewards, [float(x) for x in weights], group, convention, progress)
    t = (score(target, outcome) - mean) / sigma if sigma > 0 else None
    coefficient = compiled.finite_group_coefficient("mpmath")

    def c(at: mpmath.mpf | None) -> mpmath.mpf | None:
        if shape is None or at is None:
            return None
        shift = at / 2 if convention == "bessel" else 0
        return coefficient(at, *shape) - shift

    return {
        "outcome": outcome,
        "sigma": sigma,
        "expected_group_std": estimate.value,
        "standard_error": estimate.standard_error,
        "method": estimate.method,
        "terms": estimate.terms,
        "ratio_to_sigma": estimate.value / float(sigma) if sigma > 0 else None,
        "skewness": shape[0] if shape else None,
        "kurtosis": shape[1] if shape else None,
        "t_calibrated": t,
        "c_at_mean": c(mpmath.mpf(0)),
        "c_at_calibrated": c(t),
    }


def _cell(value: object, digits: int = 12) -> str:
    if value is None:
        return "-"
    if isinstance(value, mpmath.mpf):
        return mpmath.nstr(value, digits)
    return mpmath.nstr(mpmath.mpf(float(value)), digits)  # type: ignore[arg-type]


def format_finite_group(section: dict, eps: mpmath.mpf) -> list[str]:
    """The lines ``grpo-sigma policy --group-size G`` adds: one column per outcome."""
    zero, one = section["outcomes"]
    exact = zero["method"] == EXACT

    def row(label: str, key: str, digits: int = 12) -> str:
        cells = [_cell(o[key], digits) for o in (zero, one)]
        return f"{label:<27} {cells[0]:<22} {cells[1]}"

    group, std = section["group_size"], section["std"]
    lines = [
        f"group size G = {group} ({std} std): G i.i.d. predictions scored against one outcome a",
        f"{'':<27} {'a = 0':<22} a = 1",
        row("sigma_a (G -> infinity)", "sigma"),
        row("E[sigma_G | a]", "expected_group_std"),
    ]
    if exact:
        count = zero["terms"]
        plural = "multiset" if count == 1 else "multisets"
        method = f"method: exact enumeration of the {count} {plural} of G support points"
    else:
        lines.append(row("error bound", "standard_error", 2))
        method = (
            "method: quadrature E[sigma_G] = ((G-1)/pi) int da int dm B(m)^G Var_B(m) "
            "(B(m) = sum_j pi_j exp(-a (r_j - m)^2))"
        )
    lines += [
        row("E[sigma_G | a] / sigma_a", "ratio_to_sigma"),
        method,
        row("skewness gamma_a", "skewness"),
        row("kurtosis kappa_a", "kurtosis"),
        row("t at calibrated p_hat = p", "t_calibrated"),
        row("c(0) (population mean)", "c_at_mean"),
        row("c(t) at calibrated p_hat", "c_at_calibrated"),
        "c(t): E[A_STD | own reward] = t + c(t)/G + O(1/G^2) at eps = 0"
        + (" (Bessel: c(t) - t/2)" if std == "bessel" else ""),
        *(["eps > 0 changes the 1/G term: c(t) above is eps = 0's"] if eps > 0 else []),
        f"{'biased_optimum_G':<27} {mpmath.nstr(section['biased_optimum'], 12)}",
        f"{'biased_optimum_G_on_grid':<27} {mpmath.nstr(section['biased_optimum_on_grid'], 12)}",
        "biased_optimum_G: the biased optimum with E[sigma_G | a] in place of sigma_a",
    ]
    return lines
