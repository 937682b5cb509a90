"""Every derivation of the note is a chain of steps, each proven equal to the one before."""

import dataclasses

import pytest
import sympy as sp

from symbolic.engine.domain import PROBE_POINTS
from symbolic.engine.kernel import SAME_EXPRESSION, identity
from symbolic.errors import GrpoSigmaError
from symbolic.ledger import get_claim
from symbolic.ledger.cache import default_directory
from symbolic.ledger.derivations import (
    DERIVATIONS,
    DerivationError,
    Step,
    check_derivation,
    get_derivation,
    step_obligation,
)
from symbolic.note import model as m
from symbolic.note.notation import A_STD, KL, H, unfold
from symbolic.note.vocabulary import rollout_reward

STEP_SECONDS = 3.0  # "well under a second" locally; slack for a slow CI machine


@pytest.fixture(scope="module")
def checked():
    return {d.id: check_derivation(d, cache=default_directory()) for d in DERIVATIONS}


@pytest.mark.parametrize("derivation", DERIVATIONS, ids=[d.id for d in DERIVATIONS])
def test_every_step_follows(derivation, checked):
    result = checked[derivation.id]
    assert len(result.verdicts) == len(derivation.steps) - 1
    for number, verdict in enumerate(result.verdicts, start=1):
        by_definition = derivation.steps[number].by_definition
        assert verdict.status == ("definition" if by_definition else "proven"), number
        assert verdict.points >= PROBE_POINTS  # cross-checked at the probe
        assert verdict.seconds < STEP_SECONDS, (number, verdict.seconds)
        assert result.how(number)


@pytest.mark.parametrize("derivation", DERIVATIONS, ids=[d.id for d in DERIVATIONS])
def test_derivation_is_complete_data(derivation):
    assert derivation.title and derivation.sentence and derivation.reasoning
    assert get_claim(derivation.claim_id).id == derivation.claim_id
    assert len(derivation.steps) >= 3
    assert all(step.justification for step in derivation.steps)


def test_ids_are_unique():
    ids = [d.id for d in DERIVATIONS]
    assert len(ids) == len(set(ids))


def _replace_step(derivation, number, step):
    steps = list(derivation.steps)
    steps[number] = step
    return dataclasses.replace(derivation, steps=tuple(steps))


def test_a_wrong_step_fails_naming_it():
    derivation = get_derivation("soft_target_identity")
    i, p, phat = m.i, m.p, m.phat
    wrong = Step(  # the sign of the quotient's logarithm flipped
        sp.Sum(p[i] * (sp.log(p[i]) + sp.log(p[i] / phat[i])), (i, 1, m.K)),
        "expand the logarithm of a quotient",
    )
    with pytest.raises(DerivationError) as failure:
        check_derivation(_replace_step(derivation, 2, wrong))
    message = str(failure.value)
    assert "'soft_target_identity'" in message
    assert "step 2 (expand the logarithm of a quotient)" in message
    assert "refuted" in message
    assert failure.value.step == 2
    assert isinstance(failure.value, GrpoSigmaError)


@pytest.mark.parametrize("derivation", DERIVATIONS, ids=[d.id for d in DERIVATIONS])
def test_no_step_is_proven_by_identical_sides(derivation, checked):
    """A step whose two sides are one expression once unfolded is a definition (or an
    assumption), typeset and reported as such; every other step is a computation."""
    for number in range(1, len(derivation.steps)):
        obligation = step_obligation(derivation, number)
        same = obligation.same_sides(obligation.fresh())
        assert same == derivation.steps[number].by_definition, number
        verdict = checked[derivation.id].verdicts[number - 1]
        assert SAME_EXPRESSION not in verdict.detail and SAME_EXPRESSION not in verdict.trace
        assert "not proven" in checked[derivation.id].how(number) or not same


def test_an_unmarked_definition_step_fails_naming_it():
    derivation = get_derivation("soft_target_identity")
    unmarked = dataclasses.replace(derivation.steps[1], definition=False)
    with pytest.raises(DerivationError, match=r"step 1 \(its definition\): the two sides"):
        check_derivation(_replace_step(derivation, 1, unmarked))


def test_a_computation_marked_as_a_definition_fails_naming_it():
    derivation = get_derivation("soft_target_identity")
    marked = dataclasses.replace(derivation.steps[2], definition=True)
    with pytest.raises(DerivationError, match=r"step 2 .*marked a definition"):
        check_derivation(_replace_step(derivation, 2, marked))


def test_a_wrong_derivative_is_refuted():
    derivation = get_derivation("per_outcome_optimum")
    step = derivation.steps[2]
    wrong = dataclasses.replace(step, expr=2 * step.expr)
    with pytest.raises(DerivationError, match=r"step 2 .*refuted"):
        check_derivation(_replace_step(derivation, 2, wrong))


def test_a_wrong_limit_fails_naming_it():
    derivation = get_derivation("proportional_to_true_advantage")
    last = len(derivation.steps) - 1
    step = derivation.steps[last]
    wrong = dataclasses.replace(step, expr=2 * step.expr)
    with pytest.raises(DerivationError, match=rf"step {last} \("):
        check_derivation(_replace_step(derivation, last, wrong))


def test_a_step_in_unknown_notation_fails_naming_it():
    derivation = get_derivation("soft_target_identity")
    wrong = Step(sp.Function("Q")(m.p), "a quantity with no meaning")
    with pytest.raises(DerivationError, match=r"step 3 \(a quantity with no meaning\): no meaning"):
        check_derivation(_replace_step(derivation, 3, wrong))


def test_the_notation_means_the_model():
    assert unfold(H(m.p)) == m.entropy(m.p)
    assert unfold(KL(m.p, m.phat)) == m.kl_divergence(m.p, m.phat)
    assert unfold(A_STD) == m.sigma_normalized_advantage(rollout_reward)


# Each derivation ends where its claim's statement does: (obligation label, first, last step).
ENDPOINTS = {
    "soft_target_identity": ("symbolic K", 0, -1),
    "centering_and_single_sigma": ("Â_STD = (KL̄ − KL^(1)) / (σ̂_KL + ε) (population)", 0, -2),
    "proportional_to_true_advantage": ("E[Â_STD | p̂] = c_G · A with σ̂ held fixed", 1, -2),
    "biased_optimum_odds": ("odds(p̂*) = odds(p)·(σ_0 + ε)/(σ_1 + ε)", 0, -1),
}


@pytest.mark.parametrize("derivation_id", sorted(ENDPOINTS))
def test_derivation_derives_its_claim(derivation_id):
    derivation = get_derivation(derivation_id)
    label, first, last = ENDPOINTS[derivation_id]
    (obligation,) = [o for o in get_claim(derivation.claim_id).obligations() if o.label == label]
    start, end = unfold(derivation.steps[first].expr), unfold(derivation.steps[last].expr)
    assert identity(start, obligation.lhs, obligation.domain).proven
    assert identity(end, obligation.rhs, obligation.domain).proven


def test_per_outcome_slope_vanishes_at_the_biased_optimum():
    derivation = get_derivation("per_outcome_optimum")
    slope = unfold(derivation.steps[-1].expr)
    assert sp.simplify(slope.subs(m.phat_scalar, m.biased_optimum())) == 0


def test_limit_step_is_checked_as_a_limit():
    derivation = get_derivation("proportional_to_true_advantage")
    obligation = step_obligation(derivation, len(derivation.steps) - 1)
    assert type(obligation).__name__ == "Limit"
    assert m.G not in {s.symbol for s in obligation.domain.sizes}


def test_unknown_derivation_names_the_known_ones():
    with pytest.raises(GrpoSigmaError, match="soft_target_identity"):
        get_derivation("no_such_derivation")
