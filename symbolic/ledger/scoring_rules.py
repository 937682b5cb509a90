"""Every proper scoring rule: the note's argument for the log, Brier and spherical scores and
for any rule in Savage's form ``S(p̂, a) = Φ(p̂) + ⟨∇Φ(p̂), e_a − p̂⟩``.

The rule-free statements use the values of Φ and ∇Φ as free quantities, so one proof covers
every differentiable Φ; the named rules are checked on their own closed forms.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from ..engine.domain import Domain, Interval, Simplex
from ..engine.obligations import Identity, Obligation
from ..note import model as m
from ..note.symbols import RolloutValue, Written, WrittenBase, hat, mi, sub
from ..note.vocabulary import EPSILON, SIZE_G, SIZE_K, SIZE_M, soft_domain
from .claim import NOT_IN_NOTE, claim

NAMED = (m.LOG_RULE, m.BRIER_RULE, m.SPHERICAL_RULE)
PROPER_WITH_SYMBOLIC_K = (m.BRIER_RULE, m.SPHERICAL_RULE)  # log: the note's own claims
P, PHAT = m.vector_of(m.p), m.vector_of(m.phat)
SAVAGE_K = (2, 3, 4)

# The values of an arbitrary Φ: Φ(p), Φ(p̂) and the gradients ∇Φ(p), ∇Φ(p̂).


def _at(name: str, point: str) -> str:
    """``name(point)`` in presentation MathML."""
    return f"<mrow>{name}<mo>(</mo>{point}<mo>)</mo></mrow>"


PHI_P = Written("Phi_p", r"\Phi(p)", _at(mi("Φ"), mi("p")), real=True)
PHI_PHAT = Written("Phi_phat", r"\Phi(\hat p)", _at(mi("Φ"), hat(mi("p"))), real=True)
GRAD = "<mrow><mo>∇</mo><mi>Φ</mi></mrow>"
GRAD_P = WrittenBase(Written("gradPhi_p", r"{\nabla\Phi(p)}", _at(GRAD, mi("p")), real=True))
GRAD_PHAT = WrittenBase(
    Written("gradPhi_phat", r"{\nabla\Phi(\hat p)}", _at(GRAD, hat(mi("p"))), real=True)
)
FREE = (-sp.Integer(5), sp.Integer(5))


def free_savage_domain(*extra: Simplex) -> Domain:
    """p (and p̂) on the simplex; the values of Φ and its gradients anywhere in (−5, 5)."""
    values = (
        Interval(PHI_P, *FREE),
        Interval(PHI_PHAT, *FREE),
        Interval(GRAD_P, *FREE, m.K),
        Interval(GRAD_PHAT, *FREE, m.K),
    )
    return soft_domain(*extra, *values)


def free_savage_score(prediction: m.Vector, a: sp.Expr, n: m.Size) -> sp.Expr:
    """Savage's form at p̂ with free values ``Φ(p̂)`` and ``∇Φ(p̂)``."""
    return m.savage_form(PHI_PHAT, lambda k: GRAD_PHAT[k], prediction, a, n)


FREE_SAVAGE = m.ScoringRule(
    name="Savage form (any Φ)",
    score=free_savage_score,
    potential=None,
    entropy=lambda p_, n: -PHI_P,
    divergence=lambda p_, v, n: m.bregman_divergence(
        PHI_P, PHI_PHAT, lambda k: GRAD_PHAT[k], p_, v, n
    ),
)


def explicit_domain(n: int, *extra: Interval) -> Domain:
    """p and p̂ written out entry by entry (so the last entry is eliminated), plus ``extra``."""
    simplices = tuple(Simplex(tuple(b[k] for k in range(1, n + 1))) for b in (m.p, m.phat))
    return Domain(simplices=simplices, intervals=extra, random_points=4)


COEFFICIENT = sp.IndexedBase("c", real=True)


def every_outcome(value: Callable[[sp.Expr], sp.Expr], n: int) -> sp.Expr:
    """``Σ_a c_a f(a)`` with free coefficients c: equal for every c iff equal for every a."""
    return sp.Add(*(COEFFICIENT[a] * value(sp.Integer(a)) for a in range(1, n + 1)))


def brier_as_defined(prediction: m.Vector, a: sp.Expr, n: int) -> sp.Expr:
    """The Brier score as defined, ``−½ Σ_k (p̂_k − [k = a])²`` for an explicit K = n: the
    model writes it expanded, which is also the Savage form of Φ = ½(Σ p̂² − 1)."""
    terms = ((prediction(sp.Integer(k)) - sp.KroneckerDelta(k, a)) ** 2 for k in range(1, n + 1))
    return -sp.Add(*terms) / 2


AS_DEFINED = {m.BRIER_RULE.name: brier_as_defined}
"""Rules whose model form is already the Savage form: compared from their definition."""


def _savage_pair(rule: m.ScoringRule, n: int) -> tuple[Obligation, ...]:
    """The rule against the Savage form of its own Φ, at K = n: scores and divergences."""
    xs = sp.symbols(f"x1:{n + 1}", positive=True)
    savage = m.savage_rule(rule.potential(lambda k: xs[int(k) - 1], n), xs)
    pv, hv = m.vector_of(m.p), m.vector_of(m.phat)
    score = AS_DEFINED.get(rule.name, rule.score)
    outcomes = explicit_domain(n, Interval(COEFFICIENT, *FREE, n))
    defined = "" if score is rule.score else "−½ Σ_k (p̂_k − [k = a])² = "
    obligations: tuple[Obligation, ...] = (
        Identity(
            label=f"{rule.name}, K = {n}: {defined or 'S(p̂, a) = '}Savage form, every a",
            lhs=every_outcome(lambda a: score(hv, a, n), n),
            rhs=every_outcome(lambda a: savage.score(hv, a, n), n),
            domain=outcomes,
        ),
        Identity(
            label=f"{rule.name}, K = {n}: D_S = Bregman divergence of Φ",
            lhs=rule.divergence(pv, hv, n),
            rhs=savage.divergence(pv, hv, n),
            domain=explicit_domain(n),
        ),
    )
    if defined:
        obligations += (
            Identity(
                label=f"{rule.name}, K = {n}: the model's S(p̂, a) = {defined.removesuffix(' = ')}",
                lhs=every_outcome(lambda a: rule.score(hv, a, n), n),
                rhs=every_outcome(lambda a: score(hv, a, n), n),
                domain=outcomes,
            ),
        )
    return obligations


@claim(
    "savage_representation",
    sentence=NOT_IN_NOTE + "every proper scoring rule is a Savage form "
    "S(p̂, a) = Φ(p̂) + ⟨∇Φ(p̂), e_a − p̂⟩ of a convex Φ.",
    quote=None,
    statement="the log, Brier and spherical scores are the Savage forms of Φ = Σ p̂ log p̂, "
    "½(Σ p̂² − 1), ‖p̂‖, and their divergences D_S the Bregman divergences of Φ",
    scope="exact",
    scope_note="K = 2, 3, 4 outcomes (∇Φ taken entry by entry), every outcome a; "
    "p and p̂ in the open simplex",
    method="expansion to 0, K = 2..4",
)
def savage_representation() -> tuple[Obligation, ...]:
    return tuple(ob for rule in NAMED for n in SAVAGE_K for ob in _savage_pair(rule, n))


SHANNON = "H_S(p) = −E_{a∼p}[log p_a] = −Σ_a p_a log p_a is Shannon's entropy"


@claim(
    "generalized_soft_target_identity",
    uses=("savage_representation", "soft_target_identity"),
    sentence=NOT_IN_NOTE + "the soft-target identity holds for every proper scoring rule, "
    "with the rule's generalized entropy and divergence.",
    quote=None,
    statement="for every proper scoring rule S: E_{a∼p}[S(p̂, a)] = −H_S(p) − D_S(p‖p̂), "
    "H_S(p) = −E_{a∼p}[S(p, a)] (log: Shannon, KL; Brier: ½(1 − Σp²), ½Σ(p − p̂)²; "
    "spherical: −‖p‖, ‖p‖ − ⟨p, p̂⟩/‖p̂‖; Savage: −Φ(p), B_Φ(p, p̂))",
    scope="exact",
    scope_note="every K; the Savage form for every differentiable Φ (the values of Φ and ∇Φ "
    "are free symbols, so the proof uses nothing about Φ)",
    method="expansion to 0, symbolic K",
)
def generalized_soft_target_identity() -> tuple[Obligation, ...]:
    domain = soft_domain(Simplex(m.phat, m.K))
    obligations: list[Obligation] = []
    for rule in NAMED:
        obligations += [
            Identity(
                label=f"{rule.name}: E_p[S(p̂, a)] = −H_S(p) − D_S(p‖p̂)",
                lhs=m.expected_score(rule, P, PHAT),
                rhs=-rule.entropy(P, m.K) - rule.divergence(P, PHAT, m.K),
                domain=domain,
            ),
            Identity(
                label=f"{rule.name}: H_S(p) = −E_p[S(p, a)]",
                lhs=rule.entropy(P, m.K),
                rhs=m.generalized_entropy(rule, P),
                domain=soft_domain(),
                definition=SHANNON if rule is m.LOG_RULE else "",
            ),
        ]
    at_p = m.ScoringRule(
        name="Savage at p",
        score=lambda v, a, n: m.savage_form(PHI_P, lambda k: GRAD_P[k], v, a, n),
        potential=None,
        entropy=None,
        divergence=None,
    )
    return (
        *obligations,
        Identity(
            label="Savage: E_p[S(p̂, a)] = Φ(p) − B_Φ(p, p̂)",
            lhs=m.expected_score(FREE_SAVAGE, P, PHAT),
            rhs=-FREE_SAVAGE.entropy(P, m.K) - FREE_SAVAGE.divergence(P, PHAT, m.K),
            domain=free_savage_domain(Simplex(m.phat, m.K)),
        ),
        Identity(
            label="Savage: H_S(p) = −E_p[S(p, a)] = −Φ(p)",
            lhs=m.generalized_entropy(at_p, P),
            rhs=FREE_SAVAGE.entropy(P, m.K),
            domain=free_savage_domain(),
        ),
    )


# ------------------------------------------------------------- the group: centering, one σ̂
ENTROPY_VALUE = Written("H_S", r"H_S(p)", _at(sub(mi("H"), mi("S")), mi("p")), real=True)
DIVERGENCE = RolloutValue(Written("D", "D", real=True))  # per-rollout D_S(p‖p̂^(g))


def rule_rollout_reward(rule: m.ScoringRule) -> Callable[[sp.Expr], sp.Expr]:
    """``R^(g) = E_{a∼p}[S(p̂^(g), a)]`` for rollout ``g = r``."""
    return lambda r: m.expected_score(rule, P, m.vector_of(m.phat, r))


def rule_rollout_divergence(rule: m.ScoringRule) -> Callable[[sp.Expr], sp.Expr]:
    """``D^(g) = D_S(p‖p̂^(g))`` for rollout ``g = r``."""
    return lambda r: rule.divergence(P, m.vector_of(m.phat, r), m.K)


def any_rule_reward(r: sp.Expr) -> sp.Expr:
    """Any rule, by its soft-target identity: ``R^(g) = −H_S(p) − D^(g)``."""
    return -ENTROPY_VALUE - DIVERGENCE[r]


def any_rule_divergence(r: sp.Expr) -> sp.Expr:
    return DIVERGENCE[r]


ANY_RULE_GROUP = Domain(
    intervals=(Interval(ENTROPY_VALUE, *FREE), Interval(DIVERGENCE, sp.Integer(0), FREE[1], m.G)),
    sizes=(SIZE_G,),
)


def _group_cases(
    rule: m.ScoringRule, group: m.Size
) -> tuple[Callable, Callable, Domain, str, m.Size]:
    """Rewards, divergences, domain and label of a rule's group (symbolic K; G as given)."""
    rows = Simplex(m.phat, m.K, rows=group)
    sizes = (SIZE_K, SIZE_G) if group == m.G else (SIZE_K,)
    where = "symbolic K and G" if group == m.G else f"symbolic K, G = {group}"
    domain = soft_domain(rows, EPSILON, sizes=sizes)
    return rule_rollout_reward(rule), rule_rollout_divergence(rule), domain, where, group


GROUP_SIZES = {"brier": m.G, "spherical": 3}


@claim(
    "scoring_centering_cancels_entropy",
    uses=("generalized_soft_target_identity", "centering_cancels_entropy"),
    sentence=NOT_IN_NOTE + "centering cancels H_S(p) for every proper scoring rule.",
    quote=None,
    statement="for every proper rule: R^(1) − R̄ = D̄_S − D_S^(1) (H_S(p) cancels)",
    scope="exact",
    scope_note="every rule and group size G from its identity R^(g) = −H_S(p) − D_S^(g); "
    "Brier for symbolic K and G, spherical for symbolic K at G = 3 on their own formulas",
    method="expansion to 0, symbolic K and G",
)
def scoring_centering_cancels_entropy() -> tuple[Obligation, ...]:
    obligations: list[Obligation] = [
        Identity(
            label="every rule: R^(g) = −H_S − D^(g) gives R^(1) − R̄ = D̄ − D^(1), symbolic G",
            lhs=m.centered_advantage(any_rule_reward),
            rhs=m.group_mean(any_rule_divergence) - DIVERGENCE[1],
            domain=ANY_RULE_GROUP,
        )
    ]
    for rule in PROPER_WITH_SYMBOLIC_K:
        group = GROUP_SIZES[rule.name]
        reward, divergence, domain, where, _ = _group_cases(rule, group)
        obligations.append(
            Identity(
                label=f"{rule.name}, {where}: R^(1) − R̄ = D̄ − D^(1)",
                lhs=m.centered_advantage(reward, group),
                rhs=m.group_mean(divergence, group) - divergence(sp.Integer(1)),
                domain=domain,
            )
        )
    return tuple(obligations)


def _same_sigma(reward, divergence, group, convention, domain, where) -> Identity:
    return Identity(
        label=f"{where}: σ̂_R = σ̂_D ({convention})",
        lhs=m.group_variance(reward, group, convention),
        rhs=m.group_variance(divergence, group, convention),
        domain=domain,
    )


def _z_score(reward, divergence, group, convention, domain, where) -> Identity:
    gap = m.group_mean(divergence, group) - divergence(sp.Integer(1))
    return Identity(
        label=f"{where}: Â_STD = (D̄ − D^(1)) / (σ̂_D + ε) ({convention})",
        lhs=m.sigma_normalized_advantage(reward, group, convention=convention),
        rhs=gap / (m.group_std(divergence, group, convention) + m.epsilon),
        domain=domain,
    )


@claim(
    "scoring_single_sigma",
    uses=("scoring_centering_cancels_entropy", "single_sigma"),
    sentence=NOT_IN_NOTE + "for every proper scoring rule the group has a single σ̂ and the "
    "advantage is a z-score of the rollout's divergence to the target.",
    quote=None,
    statement="for every proper rule: σ̂_R = σ̂_D and Â_STD = (D̄_S − D_S^(1))/(σ̂_D + ε), "
    "a z-score of the rollout's divergence to the target",
    scope="exact",
    scope_note="every rule, G ≥ 2, ε ≥ 0 and both std conventions from R^(g) = −H_S − D^(g); "
    "σ̂_R = σ̂_D also on the Brier formula (symbolic K and G) and both on the spherical "
    "formula (symbolic K, G = 3)",
    method="expansion to 0, symbolic K and G",
)
def scoring_single_sigma() -> tuple[Obligation, ...]:
    any_rule = Domain(intervals=(*ANY_RULE_GROUP.intervals, EPSILON), sizes=(SIZE_G,))
    obligations: list[Obligation] = []
    for convention in m.STD_CONVENTIONS:
        cases = (any_rule_reward, any_rule_divergence, m.G, convention, any_rule, "every rule")
        obligations += [_same_sigma(*cases), _z_score(*cases)]
    # the named rules on their own formulas (their z-scores cost seconds beyond these)
    brier_g, spherical_3 = _group_cases(m.BRIER_RULE, m.G), _group_cases(m.SPHERICAL_RULE, 3)
    for name, case, convention, check in (
        ("brier", brier_g, "population", _same_sigma),
        ("spherical", spherical_3, "bessel", _same_sigma),
        ("spherical", spherical_3, "population", _z_score),
    ):
        reward, divergence, domain, where, group = case
        obligations.append(check(reward, divergence, group, convention, domain, f"{name}, {where}"))
    return tuple(obligations)


# ------------------------------------------------- proportionality in the population limit
D_S = sub(mi("D"), mi("S"))
OWN_DIVERGENCE = Written(
    "D_own",
    r"D_S(p \| \hat p)",
    _at(D_S, f"<mrow>{mi('p')}<mo>‖</mo>{hat(mi('p'))}</mrow>"),
    nonnegative=True,
)
POLICY_DIVERGENCE = WrittenBase(
    Written(
        "D_pi",
        r"D_S(p \| q)",
        _at(D_S, f"<mrow>{mi('p')}<mo>‖</mo>{mi('q')}</mrow>"),
        nonnegative=True,
    )
)


def centered_expectation(own: sp.Expr, mean: sp.Expr) -> sp.Expr:
    """``E[R^(1) − R̄ | p̂^(1)] = R^(1) − (R^(1) + Σ_{g=2}^{G} μ_R)/G`` for G i.i.d. rollouts."""
    return own - (own + sp.Sum(mean, (m.g, 2, m.G))) / m.G


def _divergence_gap(rule: m.ScoringRule, policy: Domain) -> Identity:
    """``R_S(p̂) − E_π[R_S] = E_π[D_S] − D_S(p‖p̂)`` on the rule's own formulas."""

    def reward(v: m.Vector) -> sp.Expr:
        return m.expected_score(rule, P, v)

    def divergence(v: m.Vector) -> sp.Expr:
        return rule.divergence(P, v, m.K)

    return Identity(
        label=f"{rule.name}: A_S = R_S(p̂) − E_π[R_S] = E_π[D_S] − D_S(p‖p̂)",
        lhs=reward(PHAT) - m.policy_expectation(lambda r: reward(m.vector_of(m.q, r))),
        rhs=m.policy_expectation(lambda r: divergence(m.vector_of(m.q, r))) - divergence(PHAT),
        domain=policy,
    )


@claim(
    "scoring_proportional_to_true_advantage",
    uses=(
        "scoring_single_sigma",
        "proportional_to_true_advantage",
        "strict_propriety",
        "finite_group_expansion",
    ),
    sentence=NOT_IN_NOTE + "for every proper scoring rule the expected advantage is the true "
    "advantage scaled by one positive scalar (in the population limit).",
    quote=None,
    statement="for every proper rule, with σ̂ held fixed: E[Â_STD | p̂] = (G−1)/(G(σ̂+ε)) · A_S, "
    "A_S(π, p̂) = R_S(p̂) − E_{p̂'∼π}[R_S(p̂')] = E_{p̂'∼π}[D_S(p‖p̂')] − D_S(p‖p̂), "
    "R_S(p̂) = E_{a∼p}[S(p̂, a)]; the factor is positive and tends to 1/(σ̂+ε) "
    "(proportional_to_true_advantage), and A_S is largest at p̂ = p (strict_propriety)",
    scope="population limit",
    scope_note="'=' holds as G → ∞ with σ̂ → σ; at finite G with σ̂ held fixed the factor is "
    "(G−1)/(G(σ̂+ε)); every rule from R^(g) = −H_S − D^(g) (symbolic G and M), the divergence "
    "gap on the Brier and spherical formulas (symbolic K and M). With σ̂ random (what GRPO "
    "computes) E[Â_STD | x] = t + c(t)/G + O(1/G²) for any reward law, so for any rule "
    "(finite_group_expansion): not proportional to A_S at finite G",
    method="expansion to 0, symbolic K, G and M",
)
def scoring_proportional_to_true_advantage() -> tuple[Obligation, ...]:
    own = -ENTROPY_VALUE - OWN_DIVERGENCE
    mean = m.policy_expectation(lambda r: -ENTROPY_VALUE - POLICY_DIVERGENCE[r])
    gap = m.policy_expectation(lambda r: POLICY_DIVERGENCE[r]) - OWN_DIVERGENCE
    every_rule = Domain(
        simplices=(Simplex(m.w, m.M),),
        intervals=(
            Interval(ENTROPY_VALUE, *FREE),
            Interval(OWN_DIVERGENCE, sp.Integer(0), FREE[1]),
            Interval(POLICY_DIVERGENCE, sp.Integer(0), FREE[1], m.M),
            Interval(m.sigma, sp.Integer(0), sp.oo),
            Interval(m.epsilon, sp.Integer(0), sp.oo),
        ),
        sizes=(SIZE_G, SIZE_M),
    )
    obligations: list[Obligation] = [
        Identity(
            label="every rule: E[Â_STD | p̂] = c_G · (E_π[D_S] − D_S(p‖p̂)) with σ̂ held fixed",
            lhs=centered_expectation(own, mean) / (m.sigma + m.epsilon),
            rhs=(m.G - 1) / (m.G * (m.sigma + m.epsilon)) * gap,
            domain=every_rule,
        )
    ]
    policy = soft_domain(
        Simplex(m.w, m.M),
        Simplex(m.q, m.K, rows=m.M),
        Simplex(m.phat, m.K),
        sizes=(SIZE_K, SIZE_M),
    )
    obligations += [_divergence_gap(rule, policy) for rule in PROPER_WITH_SYMBOLIC_K]
    return tuple(obligations)
