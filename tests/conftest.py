import pytest

from symbolic.ledger import get_claim
from symbolic.ledger.audit import check_claim


@pytest.fixture(scope="session")
def claim_result():
    """Check a claim once per test session (several tests read the same result)."""
    cache = {}

    def result(claim_id):
        if claim_id not in cache:
            cache[claim_id] = check_claim(get_claim(claim_id))
        return cache[claim_id]

    return result
