"""The limit corpus (``adversarial_limits``): no false proof, no false refutation, no raw
exception, every budget held; most true statements proven and most false ones refuted.
The whole corpus is slow; a few cases of each class run in the fast tier."""

from __future__ import annotations

import pytest
import sympy as sp
from adversarial_limits import BUDGET, CLASSES, Case, run, witnessed, x

from symbolic import GrpoSigmaError, check_limit

FAST = [cases[k] for cases in CLASSES.values() for k in (0, -1)]


def _outcome(case: Case) -> str:
    status, seconds = run(case)
    assert not status.startswith("exception"), (case, status)
    assert seconds <= BUDGET + 2, (case, seconds)
    if case.true:
        assert status != "refuted", ("false refutation", case)
    else:
        assert status != "proven", ("false proof", case)
        assert status != "refuted (counterexample does not hold)", case
    return status


@pytest.mark.parametrize("case", FAST, ids=lambda c: f"{c.expr}={c.value}")
def test_a_few_cases_of_each_class(case):
    _outcome(case)


@pytest.mark.parametrize("name", list(CLASSES))
def test_every_false_limit_of_the_corpus_is_false_at_its_witnesses(name):
    for case in CLASSES[name]:
        if not case.true and case.value is not None:
            assert witnessed(case), case


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CLASSES))
def test_the_corpus_of_each_class(name):
    cases = CLASSES[name]
    true = [c for c in cases if c.true]
    false = [c for c in cases if not c.true]
    assert len(true) >= 20 and len(false) >= 20
    proven = sum(_outcome(c) == "proven" for c in true)
    refuted = sum(_outcome(c) == "refuted" for c in false)
    assert proven >= 0.8 * len(true), (name, proven, len(true))
    assert refuted >= 0.85 * len(false), (name, refuted, len(false))


def test_a_limit_at_the_upper_end_is_accepted_and_taken_from_inside():
    verdict = check_limit(sp.log(1 - x), x, -sp.oo, point=1, intervals={x: (0, 1)})
    assert verdict.status == "proven"


@pytest.mark.parametrize(
    "point,direction", [(1, "+"), (0, "-"), (sp.oo, "+"), (2, None), (-1, None)]
)
def test_an_approach_from_outside_the_interval_is_rejected(point, direction):
    with pytest.raises(GrpoSigmaError):
        check_limit(x, x, 0, point=point, direction=direction, intervals={x: (0, 1)})


def test_a_direction_must_be_a_side():
    with pytest.raises(GrpoSigmaError):
        check_limit(x, x, 0, point=0, direction="left")
