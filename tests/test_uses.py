"""Status through the uses graph, and the uses the statements imply."""

import dataclasses

from symbolic.engine.kernel import genuine
from symbolic.ledger import LEDGER, get_claim
from symbolic.ledger.audit import ClaimResult, over_uses
from symbolic.ledger.uses import implied_uses, missing_uses


def test_every_use_the_statements_imply_is_declared():
    assert missing_uses(LEDGER) == {}


def test_a_dropped_use_is_reported():
    """soft_target_identity builds H and KL: without its use of their definition, the
    inference names the missing edge (and a claim that uses it inherits the gap)."""
    claim = get_claim("soft_target_identity")
    dropped = dataclasses.replace(claim, uses=())
    found = missing_uses([dropped, *(c for c in LEDGER if c.id != claim.id and c.defines)])
    assert found == {"soft_target_identity": ["entropy_kl_definition"]}


def test_definitions_imply_no_edges_and_only_their_objects_count():
    implied = implied_uses(LEDGER)
    assert not any(get_claim(cid).defines for cid in implied)
    assert "entropy_kl_definition" in implied["soft_target_identity"]
    assert "beta_log_moments_definition" not in implied["soft_target_identity"]


def _with_status(result: ClaimResult, status: str) -> ClaimResult:
    """The result with its verdicts' statuses forced (refuted or unknown), for the graph."""
    verdicts = tuple(
        (label, dataclasses.replace(v, status=status, theorem=None, trace=()))
        for label, v in result.verdicts
    )
    return dataclasses.replace(result, verdicts=verdicts)


def test_fully_proven_needs_every_claim_below(audit_results):
    results = {r.claim.id: r for r in audit_results}
    graph = over_uses(audit_results)
    assert graph["single_sigma"] == "fully proven"
    assert all(genuine(v.theorem) for _, v in results["single_sigma"].verdicts if v.theorem)
    weakened = [
        _with_status(r, "unknown") if r.claim.id == "soft_target_identity" else r
        for r in audit_results
    ]
    shown = over_uses(weakened)
    assert shown["soft_target_identity"] == "confirmed numerically"
    assert shown["single_sigma"].startswith("proven, resting on 1 unproven (soft_target_identity")
    refuted = [
        _with_status(r, "refuted") if r.claim.id == "centering_cancels_entropy" else r
        for r in audit_results
    ]
    shown = over_uses(refuted)
    assert "resting on a refuted claim (centering_cancels_entropy)" in shown["single_sigma"]
    assert over_uses(refuted)["expected_log_score"] == "fully proven"  # not below it


def test_a_claim_on_oracle_checked_definitions_is_fully_proven(audit_results):
    graph = over_uses(audit_results)
    assert get_claim("expected_log_score").uses == (
        "log_score_definition",
        "policy_moments_definition",
    )
    assert graph["expected_log_score"] == "fully proven"
