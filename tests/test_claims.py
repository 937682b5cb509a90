"""Every claim of the ledger is its own test: ``pytest -k soft_target`` runs one."""

import pytest

from symbolic.engine.domain import PROBE_POINTS
from symbolic.engine.kernel import SAME_EXPRESSION
from symbolic.engine.obligations import Identity
from symbolic.ledger import LEDGER, get_claim
from symbolic.ledger.audit import ClaimResult
from symbolic.outputs.report import format_table, to_json

RESIDUAL_BOUND = 1e-45


@pytest.mark.parametrize("claim", LEDGER, ids=[c.id for c in LEDGER])
def test_claim_has_its_expected_verdict(claim, claim_result):
    result = claim_result(claim.id)
    assert result.status == claim.expected, [
        (label, v.status, v.detail) for label, v in result.verdicts
    ]
    if claim.expected.startswith("proven"):
        allowed = {"proven", "human step"} if claim.expected != "proven" else {"proven"}
        allowed.add("definition")
        assert all(v.status in allowed for _, v in result.verdicts)
        assert float(result.worst_residual) < RESIDUAL_BOUND
        # every proven obligation was cross-checked numerically, at the probe's points
        assert all(v.points >= 1 for _, v in result.verdicts if v.status == "proven")
        assert result.points >= PROBE_POINTS
    elif claim.expected == "confirmed numerically":
        assert all(v.status == "unknown" for _, v in result.verdicts), "Monte Carlo never proves"
    elif claim.expected == "agrees with oracle":
        assert all(v.status == "unknown" for _, v in result.verdicts), "an oracle never proves"
        assert float(result.worst_residual) < RESIDUAL_BOUND
        assert result.points >= 10
    else:
        assert result.counterexample is not None


@pytest.mark.parametrize("claim", LEDGER, ids=[c.id for c in LEDGER])
def test_no_obligation_is_proven_by_identical_sides(claim, claim_result):
    """A proof compares two different expressions: an identity whose sides are one
    expression once rebuilt on its domain is marked a definition and reported as one (never
    proven); every other identity is a computation.  Every section, no exemption."""
    verdicts = claim_result(claim.id).verdicts
    for obligation, (label, verdict) in zip(claim.obligations(), verdicts, strict=True):
        assert SAME_EXPRESSION not in verdict.detail, (claim.id, label)
        assert SAME_EXPRESSION not in verdict.trace, (claim.id, label)
        same = isinstance(obligation, Identity) and obligation.same_sides(obligation.fresh())
        assert same == bool(getattr(obligation, "definition", "")), (claim.id, label)
        assert (verdict.status == "definition") == same, (claim.id, label)


def test_a_claim_of_definitions_only_is_not_proven(claim_result):
    claim = get_claim("generalized_soft_target_identity")
    result = claim_result(claim.id)
    only = ClaimResult(claim, tuple(v for v in result.verdicts if v[1].status == "definition"), 0)
    assert only.definitions and only.status == "definition" and not only.as_expected


@pytest.mark.parametrize("claim", LEDGER, ids=[c.id for c in LEDGER])
def test_claim_is_complete_data(claim):
    assert claim.sentence and claim.statement and claim.scope_note and claim.method
    assert claim.obligations(), "a claim needs at least one obligation"
    assert all(ob.label for ob in claim.obligations())


def test_claim_ids_are_unique():
    ids = [c.id for c in LEDGER]
    assert len(ids) == len(set(ids))


def test_a_definition_is_reported_as_such_in_the_table_and_the_json(claim_result):
    result = claim_result("generalized_soft_target_identity")
    assert result.definitions == ("log: H_S(p) = −E_p[S(p, a)]",)
    assert "  by definition, not proven: log: H_S(p) = −E_p[S(p, a)]" in format_table([result])
    statuses = [o["status"] for o in to_json([result])["claims"][0]["obligations"]]
    assert statuses.count("definition") == 1 and statuses.count("proven") == len(statuses) - 1
