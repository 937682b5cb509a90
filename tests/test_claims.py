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
    if claim.expected == "proven":
        assert all(v.status == "proven" for _, v in result.verdicts)
        assert float(result.worst_residual) < RESIDUAL_BOUND
        assert result.points >= 10
    else:
        assert result.counterexample is not None


@pytest.mark.parametrize("claim", LEDGER, ids=[c.id for c in LEDGER])
def test_claim_is_complete_data(claim):
    assert claim.sentence and claim.statement and claim.scope_note and claim.method
    assert claim.obligations(), "a claim needs at least one obligation"
    assert all(ob.label for ob in claim.obligations())


def test_claim_ids_are_unique():
    ids = [c.id for c in LEDGER]
    assert len(ids) == len(set(ids))
