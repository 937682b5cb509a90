"""What a reader sees: expressions as text with no SymPy names, and a status's meaning."""

import re

import mpmath
import pytest
import sympy as sp

from symbolic.engine.text import expression_text, readable
from symbolic.engine.verdict import Verdict
from symbolic.ledger import get_claim
from symbolic.ledger.audit import ClaimResult
from symbolic.outputs.meaning import claim_meaning, obligation_meaning, obligation_status
from symbolic.outputs.printer import mathml_body, note_latex

a, b, x, t, G = sp.symbols("alpha beta x t G")
fresh_t, fresh_x, fresh_b = sp.symbols("_t_1 _x_4 _beta_2_3")
CORPUS = [
    (sp.factor((3 * fresh_b * fresh_t - 4 * fresh_t**3 - 3 * fresh_t) / 8), None),
    (fresh_t / (sp.Symbol("_e_4") + 1), "t/(e + 1)"),
    (fresh_x**2 / (fresh_x - 1) ** 2, "x²/(x − 1)²"),
    (-fresh_x / (fresh_x - 1), "−x/(x − 1)"),
    (sp.polygamma(1, a) - sp.polygamma(1, a + b), "ψ_1(α) − ψ_1(α + β)"),
    (sp.polygamma(0, b), "ψ(β)"),
    (2 * G * (G - 1), "2·G·(G − 1)"),
    (2 * G**2, "2·G²"),
    (sp.oo, "∞"),
    (-sp.oo, "−∞"),
    (sp.sqrt(x + 1), "√(x + 1)"),
    (x ** sp.Rational(3, 2), "x^(3/2)"),
    (x**5, "x^5"),
    (sp.Integer(-1), "−1"),
    (sp.Rational(-1, 2), "−1/2"),
    (sp.Dummy("g") + 1, "g + 1"),
]
LEAK = re.compile(r"\*|\boo\b|polygamma|(?<!\w)_[A-Za-z]|Dummy|Symbol\(|\bsqrt\(|-")


@pytest.mark.parametrize(("expr", "shown"), CORPUS, ids=[str(e) for e, _ in CORPUS])
def test_expressions_print_as_a_reader_writes_them(expr, shown):
    text = expression_text(expr)
    assert not LEAK.search(text), text
    if shown is not None:
        assert text == shown


def test_fresh_names_become_readable_and_stay_distinct():
    renamed = readable(fresh_t + t + sp.Dummy("t"))
    assert sorted(map(str, renamed.free_symbols)) == ["t", "t'", "t''"]
    assert readable(x + 1) == x + 1  # nothing fresh: unchanged
    assert expression_text(sp.Symbol("_gamma_1_2")) == "γ_1"
    k, K = sp.Dummy("k", integer=True), sp.Symbol("K", integer=True)
    bound = note_latex(sp.Sum(sp.Indexed("p", k) * sp.log(sp.Indexed("q", k)), (k, 1, K)))
    assert "_{k=1}^{K}" in bound and "Dummy" not in bound  # a bound dummy: its own name


@pytest.mark.parametrize("expr", [e for e, _ in CORPUS])
def test_the_printers_show_no_fresh_names(expr):
    assert not re.search(r"(?<![\w\\])_[A-Za-z]", note_latex(expr)), note_latex(expr)
    assert "polygamma" not in note_latex(expr) and "polygamma" not in mathml_body(expr)


def _verdict(status: str) -> Verdict:
    return Verdict(status, None, "m", 50, 3, mpmath.mpf(0), 0.0)


def _result(claim_id: str, statuses: list[str]) -> ClaimResult:
    """A result with these statuses; a proven one is a genuine proof (of 2x = (x+1)² − x² − 1:
    only the kernel makes a proven verdict), with its statement."""
    from symbolic.engine.domain import Domain, Interval
    from symbolic.engine.obligations import Identity, statement_of

    x = sp.Symbol("x")
    proof = Identity(
        domain=Domain(intervals=(Interval(x, 0, 1),)), lhs=2 * x, rhs=(x + 1) ** 2 - x**2 - 1
    )
    verdicts, statements = [], []
    for k, status in enumerate(statuses):
        verdicts.append((f"o{k}", proof.check() if status == "proven" else _verdict(status)))
        statements.append(statement_of(proof) if status == "proven" else "")
    return ClaimResult(get_claim(claim_id), tuple(verdicts), 0.0, tuple(statements))


@pytest.mark.parametrize(
    ("claim_id", "statuses", "claim", "obligation"),
    [
        ("soft_target_identity", ["proven"], "as expected", "as expected"),
        ("soft_target_identity", ["refuted"], "unexpected", "unexpected"),
        ("soft_target_identity", ["unknown"], "unexpected", "not decided"),
        ("linear_score_proper", ["refuted"], "as expected", "as expected"),  # a perturbation
        ("linear_score_proper", ["proven"], "unexpected", "as expected"),
        ("group_mean_definition", ["unknown"], "as expected", "as expected"),  # oracle
        ("group_mean_definition", ["refuted"], "unexpected", "unexpected"),
        ("finite_group_monte_carlo", ["unknown"], "not decided", "not decided"),
        ("finite_group_monte_carlo", ["refuted"], "unexpected", "unexpected"),
    ],
)
def test_a_status_is_coloured_by_what_it_means(claim_id, statuses, claim, obligation):
    result = _result(claim_id, statuses)
    verdicts = result.verdicts
    assert claim_meaning(result) == claim
    assert obligation_meaning(result, verdicts[0][1]) == obligation


def test_an_oracle_obligation_reads_as_agreeing_not_unknown():
    result = ClaimResult(get_claim("group_mean_definition"), (("o", _verdict("unknown")),), 0.0)
    assert obligation_status(result, result.verdicts[0][1]) == "agrees with oracle"
    proof = ClaimResult(get_claim("soft_target_identity"), (("o", _verdict("unknown")),), 0.0)
    assert obligation_status(proof, proof.verdicts[0][1]) == "unknown"  # a failed proof stays so
