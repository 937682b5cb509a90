"""The audit's worker processes: the same results with one or several, forked only where
forking is safe."""

import threading

from symbolic import console
from symbolic.ledger import audit

CLAIMS = ["group_mean_definition", "soft_target_identity", "centering_cancels_entropy"]


def _summary(results):
    return [(r.claim.id, r.status, r.points, str(r.worst_residual)) for r in results]


def test_workers_give_the_results_of_one_process_even_beside_a_thread():
    alone = _summary(audit.run_audit(CLAIMS, jobs=1))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert console.start_method() == "spawn"  # a fork would copy the thread's locks
        beside = _summary(audit.run_audit(CLAIMS, jobs=2))
    finally:
        stop.set()
        other.join()
    assert beside == alone
    assert [s for _, s, _, _ in alone] == ["agrees with oracle", "proven", "proven"]
