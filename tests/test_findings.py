"""Findings for the author: computed from the claims' data, reading each verdict for the note."""

from dataclasses import replace

import mpmath
import pytest
import sympy as sp
from perturb import obligation

from symbolic.engine.obligations import Verdict
from symbolic.ledger import LEDGER, get_claim
from symbolic.ledger.audit import ClaimResult, status_text
from symbolic.ledger.their_mechanism import SIGMA_SENTENCE
from symbolic.ledger.where_it_differs import PROPORTIONAL
from symbolic.outputs.findings import findings, format_findings


@pytest.fixture(scope="module")
def results(audit_results):
    return audit_results


def by_quote(found, quote):
    return next(f for f in found if f.quote == quote)


def refuted_result(claim_id):
    verdict = Verdict("refuted", {sp.Symbol("x"): 1}, "counterexample", 50, 1, mpmath.mpf(1), 0.0)
    return ClaimResult(get_claim(claim_id), (("forced", verdict),), 0.0)


def test_finite_group_proportionality_is_reported_as_holding_only_as_g_grows(results):
    finding = by_quote(findings(results), PROPORTIONAL)
    assert finding.verdict == "holds only in a limit or under a condition"
    assert any("G → ∞" in c for c in finding.conditions)
    assert len(finding.fails) == 1 and finding.fails[0].startswith("finite_group_proportional")
    assert "counterexample" in finding.fails[0]


def test_sigma_sentence_names_its_conditions_and_the_counterexample_group(results):
    finding = by_quote(findings(results), SIGMA_SENTENCE)
    assert finding.verdict == "holds only in a limit or under a condition"
    assert any("(1/2, 1) and not all are equal" in c for c in finding.conditions)
    assert finding.fails[0].startswith("sigma0_exceeds_sigma1_prose refutes “read as the prose")
    assert "t=" in finding.fails[0]


def test_exact_identities_hold_as_written_and_negations_support_the_note(results):
    found = findings(results)
    soft = next(f for f in found if f.supported_by == ("soft_target_identity",))
    assert soft.verdict == "holds as written" and not soft.fails
    negated = [f for f in found if any("negation refuted" in s for s in f.supported_by)]
    assert negated and all(not f.fails for f in negated)
    text = format_findings(results)
    assert "0 false as written" in text and "Checked beyond the note: " in text


def test_a_refuted_statement_of_the_note_makes_its_passage_false(results):
    forced = [
        refuted_result(r.claim.id) if r.claim.id == "soft_target_identity" else r for r in results
    ]
    soft = next(f for f in findings(forced) if "-H(p)" in f.quote)
    assert soft.verdict == "false as written"
    assert soft.fails[0].startswith("soft_target_identity refutes “")


def test_statuses_read_differently_for_the_note_and_for_a_negation(results):
    texts = {r.claim.id: status_text(r) for r in results}
    assert texts["bernoulli_unequal_sigmas_proportional"] == "refuted: supports the note"
    assert texts["finite_group_proportional"] == "refuted: the note fails at finite G"
    assert texts["sigma0_exceeds_sigma1_prose"] == "refuted: the note fails as written"
    flipped = refuted_result("soft_target_identity")
    assert status_text(flipped) == "refuted: the note fails as written — EXPECTED PROVEN"


def sigma_gap_interval(group):
    """σ̂_0² − σ̂_1² of a group of rationals in interval arithmetic (population std)."""
    iv = mpmath.iv
    iv.dps = 30

    def variance(values):
        mean = sum(values) / len(values)
        return sum((v - mean) ** 2 for v in values) / len(values)

    ys = [iv.mpf(int(y.p)) / int(y.q) for y in group]  # exact rationals, enclosed
    return variance([iv.log(1 - y) for y in ys]) - variance([iv.log(y) for y in ys])


def test_the_prose_counterexample_is_certified_by_interval_arithmetic(results):
    (label, point) = results[
        [c.id for c in LEDGER].index("sigma0_exceeds_sigma1_prose")
    ].counterexample
    t = sp.Rational(point["t"])
    group = [t, sp.Rational(9, 10), sp.Rational(9, 10), sp.Rational(9, 10)]
    assert sum(group) / 4 > sp.Rational(1, 2)
    gap = sigma_gap_interval(group)
    assert gap.b < 0 and gap.b - gap.a < 1e-20, gap


@pytest.mark.slow
def test_every_prediction_above_half_removes_the_prose_counterexample():
    """The perturbation: the same family moved into (1/2, 1) is no longer refuted."""
    ob = obligation("sigma0_exceeds_sigma1_prose", "mean above 1/2")
    (interval,) = ob.domain.intervals
    moved = replace(
        ob,
        domain=replace(
            ob.domain, intervals=(replace(interval, lo=sp.Rational(1, 2), hi=sp.Rational(8, 10)),)
        ),
    )
    assert ob.check().status == "refuted"
    assert moved.check().status != "refuted"


def test_the_audit_json_carries_the_findings(results):
    from symbolic.outputs.report import to_json

    data = to_json(results, timings=False)
    verdicts = {f["verdict"] for f in data["findings"]}
    assert verdicts <= {"holds as written", "holds only in a limit or under a condition"}
    assert "no_divisor_unbiased" in data["beyond_the_note"]
    reads = {c["id"]: c["reads"] for c in data["claims"]}
    assert reads["finite_group_proportional"] == "refuted: the note fails at finite G"


def test_definitions_agreeing_with_their_oracle_support_their_passage(results):
    found = findings(results)
    log_score = by_quote(found, r"r(\hat p, a) = a \log \hat p + (1-a)\log(1-\hat p)")
    assert log_score.verdict == "holds as written"
    assert log_score.supported_by == ("log_score_definition",)
    sigma = next(f for f in found if f.quote.startswith(r"$\sigma_1 = \mathbb{E}"))
    assert sigma.verdict == "holds only in a limit or under a condition"
    assert any("G → ∞" in c for c in sigma.conditions)
