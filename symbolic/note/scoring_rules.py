"""Scoring rules: any rule ``S(p̂, a)``, its entropy and divergence, Savage's form.

A vector is a function from an outcome index to its entry, so one rule serves an
``IndexedBase`` (symbolic K), a row of a batch, and explicit symbols or numbers alike.  The
named rules (log, Brier, spherical, and the improper linear one) and the rule of any
explicit potential Φ (``savage_rule``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy as sp

from .quantities import K, Size, entry, total
from .rewards import BinaryScore, log_score

Vector = Callable[[sp.Expr], sp.Expr]
outcome = sp.Symbol("a", integer=True, positive=True)  # the outcome index of E_{a∼p}
k_index = sp.Symbol("k", integer=True, positive=True)  # the inner index of a rule's sums


def norm(vector: Vector, n: Size = K) -> sp.Expr:
    """``‖v‖ = sqrt(Σ_k v_k²)``, the Euclidean norm."""
    return sp.sqrt(total(lambda k: vector(k) ** 2, n, k_index))


def savage_form(
    value: sp.Expr, gradient: Vector, prediction: Vector, a: sp.Expr, n: Size
) -> sp.Expr:
    """Savage's representation ``S(p̂, a) = Φ(p̂) + ⟨∇Φ(p̂), e_a − p̂⟩`` from the value
    ``Φ(p̂)`` and the gradient ``∇Φ(p̂)`` (any differentiable Φ)."""
    return value + gradient(a) - total(lambda k: gradient(k) * prediction(k), n, k_index)


def bregman_divergence(
    value_p: sp.Expr,
    value_phat: sp.Expr,
    gradient_phat: Vector,
    target: Vector,
    prediction: Vector,
    n: Size,
) -> sp.Expr:
    """``B_Φ(p, p̂) = Φ(p) − Φ(p̂) − ⟨∇Φ(p̂), p − p̂⟩``."""
    gap = total(lambda k: gradient_phat(k) * (target(k) - prediction(k)), n, k_index)
    return value_p - value_phat - gap


@dataclass(frozen=True)
class ScoringRule:
    """A scoring rule ``S(p̂, a)`` (larger is better), its potential Φ (Savage: the rule is
    ``Φ(p̂) + ⟨∇Φ(p̂), e_a − p̂⟩``; None for an improper rule) and, written independently, its
    generalized entropy ``H_S(p)`` and divergence ``D_S(p‖p̂)`` in closed form."""

    name: str
    score: Callable[[Vector, sp.Expr, Size], sp.Expr]
    potential: Callable[[Vector, Size], sp.Expr] | None
    entropy: Callable[[Vector, Size], sp.Expr] | None
    divergence: Callable[[Vector, Vector, Size], sp.Expr] | None
    explicit_size: int | None = None  # a user's Φ is written in K explicit variables

    @property
    def proper(self) -> bool:
        """Whether the rule comes with a convex potential (the named proper rules do)."""
        return self.potential is not None

    def binary(self, prediction: sp.Expr, a: int) -> sp.Expr:
        """``S`` for two outcomes, ``p̂ = P(a = 1)``: entry 1 is ``p̂``, entry 2 is ``1 − p̂``."""
        vector = lambda k: prediction if k == 1 else 1 - prediction  # noqa: E731
        return self.score(vector, sp.Integer(1 if a == 1 else 2), 2)


def _log_rule_score(prediction: Vector, a: sp.Expr, n: Size) -> sp.Expr:
    return sp.log(prediction(a))


def _brier_score(prediction: Vector, a: sp.Expr, n: Size) -> sp.Expr:
    return prediction(a) - total(lambda k: prediction(k) ** 2, n, k_index) / 2 - sp.Rational(1, 2)


LOG_RULE = ScoringRule(
    name="log",
    score=_log_rule_score,
    potential=lambda v, n: total(lambda k: v(k) * sp.log(v(k)), n, k_index),
    entropy=lambda p_, n: -total(lambda k: p_(k) * sp.log(p_(k)), n, k_index),
    divergence=lambda p_, v, n: total(lambda k: p_(k) * sp.log(p_(k) / v(k)), n, k_index),
)
"""``S(p̂, a) = log p̂_a``; H_S is Shannon's entropy, D_S is KL."""

BRIER_RULE = ScoringRule(
    name="brier",
    score=_brier_score,
    potential=lambda v, n: (total(lambda k: v(k) ** 2, n, k_index) - 1) / 2,
    entropy=lambda p_, n: (1 - total(lambda k: p_(k) ** 2, n, k_index)) / 2,
    divergence=lambda p_, v, n: total(lambda k: (p_(k) - v(k)) ** 2, n, k_index) / 2,
)
"""``S(p̂, a) = −½ Σ_k (p̂_k − [k = a])² = p̂_a − ½ Σ_k p̂_k² − ½``: for two outcomes
``−(p̂ − a)²``, Bereket & Leskovec's Brier reward; H_S = ½(1 − Σ p²), D_S = ½ Σ (p − p̂)²."""

SPHERICAL_RULE = ScoringRule(
    name="spherical",
    score=lambda v, a, n: v(a) / norm(v, n),
    potential=norm,
    entropy=lambda p_, n: -norm(p_, n),
    divergence=lambda p_, v, n: (
        norm(p_, n) - total(lambda k: p_(k) * v(k), n, k_index) / norm(v, n)
    ),
)
"""``S(p̂, a) = p̂_a / ‖p̂‖``; H_S = −‖p‖, D_S = ‖p‖ − ⟨p, p̂⟩/‖p̂‖."""

LINEAR_RULE = ScoringRule(
    name="linear",
    score=lambda v, a, n: v(a),
    potential=None,
    entropy=None,
    divergence=None,
)
"""``S(p̂, a) = p̂_a``: improper (its expected score under p is maximized at a vertex)."""

RULES: dict[str, ScoringRule] = {r.name: r for r in (LOG_RULE, BRIER_RULE, SPHERICAL_RULE)}


def binary_score(name: str | ScoringRule) -> BinaryScore:
    """The two-outcome reward ``r(p̂, a)`` of a named rule: the note's ``log_score`` for
    ``"log"``, ``−(p̂ − a)²`` for ``"brier"``, ``p̂_a/‖p̂‖`` for ``"spherical"`` (or a rule's own)."""
    if isinstance(name, ScoringRule):
        return name.binary
    return log_score if name == "log" else RULES[name].binary


def gradient_of(potential: sp.Expr, variables: Sequence[sp.Symbol], vector: Vector) -> Vector:
    """``∇Φ`` of an explicit potential in ``variables``, evaluated at ``vector``."""
    at = {x_: vector(sp.Integer(k)) for k, x_ in enumerate(variables, start=1)}
    partials = [sp.diff(potential, x_).xreplace(at) for x_ in variables]
    return lambda k: partials[int(k) - 1]


def savage_rule(
    potential: sp.Expr, variables: Sequence[sp.Symbol], name: str = "savage"
) -> ScoringRule:
    """The rule of an explicit potential ``Φ(x_1, …, x_K)`` by Savage's representation.

    Its entropy is ``−Φ(p)`` and its divergence the Bregman divergence ``B_Φ(p, p̂)``; the
    rule is proper when Φ is convex on the simplex (checked by the ledger, not here)."""
    variables = tuple(variables)
    n_outcomes = len(variables)

    def value(vector: Vector) -> sp.Expr:
        at = {x_: vector(sp.Integer(k)) for k, x_ in enumerate(variables, start=1)}
        return potential.xreplace(at)

    def score(prediction: Vector, a: sp.Expr, n: Size) -> sp.Expr:
        grad = gradient_of(potential, variables, prediction)
        return savage_form(value(prediction), grad, prediction, a, n_outcomes)

    return ScoringRule(
        name=name,
        score=score,
        potential=lambda v, n: value(v),
        entropy=lambda p_, n: -value(p_),
        divergence=lambda p_, v, n: bregman_divergence(
            value(p_), value(v), gradient_of(potential, variables, v), p_, v, n_outcomes
        ),
        explicit_size=n_outcomes,
    )


def expected_score(rule: ScoringRule, target: Vector, prediction: Vector, n: Size = K) -> sp.Expr:
    """The soft-target reward of any rule: ``E_{a∼p}[S(p̂, a)] = Σ_a p_a S(p̂, a)``."""
    return total(lambda a_: target(a_) * rule.score(prediction, a_, n), n, outcome)


def generalized_entropy(rule: ScoringRule, target: Vector, n: Size = K) -> sp.Expr:
    """By definition ``H_S(p) = −E_{a∼p}[S(p, a)]``."""
    return -expected_score(rule, target, target, n)


def generalized_divergence(
    rule: ScoringRule, target: Vector, prediction: Vector, n: Size = K
) -> sp.Expr:
    """By definition ``D_S(p‖p̂) = E_{a∼p}[S(p, a)] − E_{a∼p}[S(p̂, a)]``."""
    return expected_score(rule, target, target, n) - expected_score(rule, target, prediction, n)


def vector_of(base: sp.IndexedBase, row: sp.Expr | None = None) -> Vector:
    """The vector ``base`` (or row ``row`` of the batch ``base``) as a function of the index."""
    return lambda k: entry(base, k, row)
