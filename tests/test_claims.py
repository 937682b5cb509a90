"""Every claim of the ledger is its own test: ``pytest -k soft_target`` runs one."""

import pytest

from symbolic.ledger import LEDGER

RESIDUAL_BOUND = 1e-45


@pytest.mark.parametrize("claim", LEDGER, ids=[c.id for c in LEDGER])
def test_claim_has_its_expected_verdict(claim, claim_result):
    result = claim_result(claim.id)
    assert result.status == claim.expected, [
        (label, v.status, v.detail) for label, v in result.verdicts
    ]
    if claim.expected.startswith("proven"):
        allowed = {"proven", "human step"} if claim.expected != "proven" else {"proven"}
        assert all(v.status in allowed for _, v in result.verdicts)
        assert float(result.worst_residual) < RESIDUAL_BOUND
        assert result.points >= 10
    elif claim.expected == "confirmed numerically":
        assert all(v.status == "unknown" for _, v in result.verdicts), "Monte Carlo never proves"
    elif claim.expected == "agrees with oracle":
        assert all(v.status == "unknown" for _, v in result.verdicts), "an oracle never proves"
        assert float(result.worst_residual) < RESIDUAL_BOUND
        assert result.points >= 10
    else:
        assert result.counterexample is not None


def test_no_obligation_is_proven_by_identical_sides(claim_result):
    """A proof compares two different expressions: identical sides are a definition.

    (The scoring-rule sections are exempt: their Savage forms and tilted targets are built
    by computation (differentiating the potential Φ, normalizing the tilt), which SymPy
    carries out on construction, so both sides arrive as the same expression.)
    """
    exempt = ("scoring_rules", "scoring_mechanism")
    for claim in (c for c in LEDGER if c.section not in exempt):
        for label, verdict in claim_result(claim.id).verdicts:
            assert "same expression" not in verdict.detail, (claim.id, label)


@pytest.mark.parametrize("claim", LEDGER, ids=[c.id for c in LEDGER])
def test_claim_is_complete_data(claim):
    assert claim.sentence and claim.statement and claim.scope_note and claim.method
    assert claim.obligations(), "a claim needs at least one obligation"
    assert all(ob.label for ob in claim.obligations())


def test_claim_ids_are_unique():
    ids = [c.id for c in LEDGER]
    assert len(ids) == len(set(ids))
