"""The kernel's soundness classes on an adversarial corpus of true and false statements.

Each class of ``tests/adversarial.py`` (denominators that vanish, premises of rules, inputs
without an mpmath twin or as Python numbers, exact arithmetic against the budget, floats as
their exact binary value, signs on bounded boxes) holds at least 20 true and 20 false
statements.  Every verdict is judged independently: no false proof, no false refutation,
every counterexample re-verified at 60 digits inside the open domain, no raw exception, the
budget held.  The full corpus is slow; a representative few of each class run always.
"""

import pytest
from adversarial import CLASSES, judge

FLOORS = {
    "denominators": (0.95, 0.9),
    "premises": (0.8, 0.95),
    "inputs": (0.85, 0.95),
    "budgets": (0.85, 0.9),
    "floats": (0.9, 0.95),
    "boxes": (0.85, 0.9),
}
"""The fraction of true statements proven and of false ones refuted each class reaches at
least (measured on this corpus; a drop below is a regression)."""


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_every_class_has_twenty_true_and_twenty_false_statements(name):
    cases = CLASSES[name]
    assert sum(c.true for c in cases) >= 20
    assert sum(not c.true for c in cases) >= 20


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_a_few_statements_of_each_class_are_judged_sound(name):
    cases = CLASSES[name]
    chosen = [*[c for c in cases if c.true][:2], *[c for c in cases if not c.true][:2]]
    tally = judge(chosen)
    assert tally.wrong == []


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CLASSES))
def test_the_whole_corpus_of_each_class_is_judged_sound(name):
    tally = judge(CLASSES[name], record=lambda line: print(f"{name}: {line}"))
    assert tally.wrong == []
    proven, refuted = FLOORS[name]
    assert tally.proven >= proven * tally.true
    assert tally.refuted >= refuted * tally.false
