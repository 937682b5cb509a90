"""Shared helpers of the refutation tests: find a claim's obligation, demand a refutation."""

from symbolic.engine.obligations import Obligation
from symbolic.ledger import get_claim


def obligation(claim_id: str, label_part: str) -> Obligation:
    """The claim's first obligation whose label contains ``label_part``."""
    found = [ob for ob in get_claim(claim_id).obligations() if label_part in ob.label]
    assert found, f"{claim_id} has no obligation labelled like {label_part!r}"
    return found[0]


def assert_refuted(ob: Obligation) -> None:
    """The perturbed statement is refuted, with a counterexample point."""
    verdict = ob.check()
    assert verdict.status == "refuted", (ob.label, verdict.status, verdict.detail)
    assert verdict.counterexample, "a refutation must come with a counterexample"
