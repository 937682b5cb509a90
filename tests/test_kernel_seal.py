"""Only the kernel says proven: every way ordinary code might forge a proof yields "not
proven" — a subclass that overrides ``prove``, a duck-typed rule, ``dataclasses.replace``,
verdicts, proofs and theorems built by hand, attributes set behind the dataclass's back, a
theorem copied from another statement, one pickled under another key."""

import dataclasses
import pickle

import mpmath
import pytest
import sympy as sp

from symbolic import GrpoSigmaError, check_identity, check_inequality
from symbolic.engine import kernel, seal
from symbolic.engine.domain import Domain, Interval
from symbolic.engine.obligations import Identity, Inequality, Verdict, statement_of
from symbolic.engine.rules import DerivativeSign
from symbolic.ledger import get_claim
from symbolic.ledger.audit import ClaimResult, check_claim

x = sp.Symbol("x", real=True)
DOMAIN = Domain(intervals=(Interval(x, 0, 1),))
FALSE_BUT_UNREFUTED = (x + sp.Rational(1, 10**80), x)  # too close for any sample to refute


def _true_proof() -> kernel.Proof:
    """A genuine proof, of something else."""
    return kernel.identity(sp.Integer(1), sp.Integer(1) + 0 * x, Domain())


def _genuine() -> Verdict:
    verdict = check_identity((x + 1) ** 2, x**2 + 2 * x + 1, intervals={x: (0, 1)})
    assert verdict.status == "proven" and verdict.proven
    return verdict


def _claim_of(*obligations):
    claim = get_claim("linear_score_proper")
    return dataclasses.replace(claim, obligations=lambda: obligations, expected="proven")


def test_a_genuine_proof_is_proven_and_sealed():
    verdict = _genuine()
    assert kernel.genuine(verdict.theorem)
    assert verdict.theorem.trace == verdict.trace


def test_a_subclass_overriding_prove_is_not_proven():
    class Trusting(Identity):
        def prove(self, fresh):
            return _true_proof()

    lhs, rhs = FALSE_BUT_UNREFUTED
    verdict = Trusting(domain=DOMAIN, lhs=lhs, rhs=rhs).check()
    assert verdict.status != "proven"
    result = check_claim(_claim_of(Trusting(domain=DOMAIN, lhs=lhs, rhs=rhs, label="t")))
    assert result.status != "proven"


def test_a_prove_set_on_the_instance_is_not_consulted():
    lhs, rhs = FALSE_BUT_UNREFUTED
    ob = Identity(domain=DOMAIN, lhs=lhs, rhs=rhs)
    object.__setattr__(ob, "prove", lambda fresh: _true_proof())
    assert ob.check().status != "proven"


def test_a_duck_typed_rule_is_not_a_rule():
    class Duck:
        def prove(self, *args):
            return _true_proof()

    verdict = Inequality(domain=DOMAIN, expr=x - sp.Rational(1, 10**80), rule=Duck()).check()
    assert verdict.status != "proven"
    with pytest.raises(GrpoSigmaError):
        check_inequality(x, rule=Duck(), intervals={x: (0, 1)})


def test_a_subclass_of_a_rule_is_not_the_rule():
    class Looser(DerivativeSign):
        def prove(self, *args):
            return _true_proof()

    rule = Looser(variable=x, at=sp.Integer(0))
    verdict = Inequality(domain=DOMAIN, expr=x - sp.Rational(1, 10**80), rule=rule).check()
    assert verdict.status != "proven"


def test_replace_cannot_promote_a_verdict():
    unknown = Identity(domain=DOMAIN, lhs=FALSE_BUT_UNREFUTED[0], rhs=x).check()
    assert unknown.status != "proven"
    with pytest.raises(GrpoSigmaError):
        dataclasses.replace(unknown, status="proven")


def test_verdicts_proofs_and_theorems_cannot_be_built_by_hand():
    with pytest.raises(GrpoSigmaError):
        Verdict("proven", None, "trust me", 50, 1, mpmath.mpf(0), 0.0)
    with pytest.raises(GrpoSigmaError):
        kernel.Proof(True, ("trust me",))
    with pytest.raises(GrpoSigmaError):
        kernel.Theorem("0" * 64, ("trust me",))
    with pytest.raises(TypeError):

        class Mine(kernel.Theorem):
            pass

    with pytest.raises(TypeError):

        class MyVerdict(Verdict):
            pass


def test_attributes_changed_behind_the_back_do_not_prove():
    failed = kernel.failed("nothing")
    object.__setattr__(failed, "trace", ("difference expanded to 0",))
    assert not failed.proven
    proof = _true_proof()
    object.__setattr__(proof, "trace", ("something else",))
    assert not proof.proven
    theorem = _genuine().theorem
    object.__setattr__(theorem, "statement", "0" * 64)
    assert not kernel.genuine(theorem)


def test_a_theorem_copied_from_another_statement_is_not_proven_in_the_audit():
    genuine = _genuine()
    lhs, rhs = FALSE_BUT_UNREFUTED
    other = Identity(domain=DOMAIN, lhs=lhs, rhs=rhs, label="copied")
    unknown = other.check()
    copied = dataclasses.replace(unknown, status="proven", theorem=genuine.theorem)
    result = ClaimResult(_claim_of(other), (("copied", copied),), 0.0, (statement_of(other),))
    assert result.status != "proven"
    assert result.states == ["unknown"]


def test_a_verdict_forged_inside_an_obligation_is_refused_by_the_audit():
    genuine = _genuine()

    @dataclasses.dataclass(frozen=True, kw_only=True)
    class Forger(Identity):
        def check(self, dps=50, budget=30.0):
            found = Identity.check(self, dps, budget)
            return dataclasses.replace(found, status="proven", theorem=genuine.theorem)

    lhs, rhs = FALSE_BUT_UNREFUTED
    result = check_claim(_claim_of(Forger(domain=DOMAIN, lhs=lhs, rhs=rhs, label="f")))
    assert result.status != "proven"
    assert "no theorem of the kernel" in result.verdicts[0][1].detail


def test_a_theorem_pickled_under_another_key_is_not_genuine():
    theorem = _genuine().theorem
    assert kernel.genuine(pickle.loads(pickle.dumps(theorem)))  # same process, same key
    forged = seal._restored(theorem.statement, theorem.trace, b"\x00" * 32)
    assert not kernel.genuine(forged)
    assert pickle.loads(pickle.dumps(kernel.failed("x"))).proven is False


def test_a_proof_does_not_travel_between_processes():
    assert not pickle.loads(pickle.dumps(_true_proof())).proven


def test_a_kept_theorem_sealed_under_any_other_key_is_refused():
    import hashlib
    import hmac

    theorem = _genuine().theorem
    record = seal._stored(theorem)
    assert kernel.genuine(seal._from_store(record))
    made_up = hmac.new(b"my own key", digestmod=hashlib.sha256)
    made_up.update(b"".join(p.encode() + b"\0" for p in ("stored", "0" * 64, *theorem.trace)))
    forged = {**record, "statement": "0" * 64, "seal": made_up.hexdigest()}
    assert seal._from_store(forged) is None
    assert seal._from_store({**record, "statement": "0" * 64}) is None
    assert seal._from_store("not a record") is None


TRUSTED = {
    "engine/seal.py",  # Proof, Theorem, the process key, the store key
    "engine/kernel.py",  # the steps: identity, sign, limit
    "engine/premises.py",  # the premise *defined*: denominators proven nonzero
    "engine/rules.py",  # the named inference rules
    "engine/roots.py",  # the no-root rule
    "engine/obligations.py",  # issues a theorem for the statement it checked
    "ledger/cache.py",  # keeps theorems between runs under the kernel's store key
}


def test_only_the_trusted_base_touches_the_kernels_private_names():
    """No module outside the trusted base reaches a private name of the kernel (the only
    way to make a proven proof or a theorem)."""
    import re
    from pathlib import Path

    import symbolic

    package = Path(symbolic.__file__).parent
    sealed = r"(kernel|seal|premises)"
    private = re.compile(
        rf"\b{sealed}\._\w+|from \.+(engine\.)?{sealed} import (\([^)]*|[^\n(]*)\b_\w+"
    )
    reaching = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if str(path.relative_to(package)) not in TRUSTED
        and private.search(path.read_text(encoding="utf-8"))
    ]
    assert reaching == []
    # the scan sees the trusted base's own uses (so it would see anyone else's)
    assert all(
        private.search((package / name).read_text(encoding="utf-8"))
        for name in TRUSTED - {"engine/seal.py"}
    )
