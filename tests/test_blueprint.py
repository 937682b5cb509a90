"""The blueprint: every claim in the document, its graph, and the PDF read back as text."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_latex import _need, _need_pdflatex

from symbolic.ledger import LEDGER, get_claim
from symbolic.ledger.derivations import DERIVATIONS
from symbolic.outputs.blueprint import CLAIMS_FILE, GRAPH_FILE, formula_latex
from symbolic.outputs.pdf import compile_pdf

COMMITTED = Path(__file__).resolve().parent.parent / "derivations"


@pytest.fixture(scope="module")
def claims_text() -> str:
    return (COMMITTED / CLAIMS_FILE).read_text()


def test_every_claim_has_an_entry_with_its_edges(claims_text):
    for c in LEDGER:
        assert rf"\label{{claim:{c.id}}}" in claims_text
        entry = claims_text.split(rf"\label{{claim:{c.id}}}")[1].split(r"\subsection")[0]
        uses = entry.split(r"\textbf{Uses.}")[1].split(r"\textbf{Used by.}")[0]
        assert set(re.findall(r"\\hyperref\[claim:(\w+)\]", uses)) == set(c.uses)
        assert "Obligations." in entry


def test_refuted_claims_show_their_counterexample(claims_text):
    for c in LEDGER:
        entry = claims_text.split(rf"\label{{claim:{c.id}}}")[1].split(r"\subsection")[0]
        assert ("Counterexample." in entry) == (c.expected == "refuted")


def test_the_graph_has_a_node_per_claim_and_an_edge_per_use():
    dot = (COMMITTED / GRAPH_FILE).read_text()
    for c in LEDGER:
        assert re.search(rf"^\s*{c.id} \[", dot, re.MULTILINE)
        for used in c.uses:
            assert f"{used} -> {c.id}" in dot
    assert dot.count("->") == sum(len(c.uses) for c in LEDGER)


def test_formulas_are_printed_from_the_obligations(claims_text):
    printed = [
        formula_latex(ob) for c in LEDGER for ob in c.obligations() if formula_latex(ob) is not None
    ]
    assert len(printed) > len(LEDGER)
    for tex in printed:
        assert rf"\fitmath{{{tex}}}" in claims_text


def test_an_assumed_step_is_typeset_as_an_assumption():
    text = (COMMITTED / "proportional_to_true_advantage.tex").read_text()
    assumed = [s for x in DERIVATIONS for s in x.steps if s.assumption]
    assert assumed
    assert r"\textbf{Step 1 (assumption).} \emph{Assume the group std" in text
    assert "[assumed, not proven;" in text
    assert "same expression" not in text


def test_a_definition_step_is_typeset_by_definition():
    text = (COMMITTED / "soft_target_identity.tex").read_text()
    assert r"\textbf{Step 1 (by definition).}" in text
    assert r"[by definition, not proven;" in text
    assert r"\overset{\mathrm{def}}{=} \sum_{i=1}^{K}" in text
    assert "same expression" not in text


@pytest.fixture(scope="module")
def pdf_text(tmp_path_factory) -> str:
    _need_pdflatex()
    pdftotext = _need("pdftotext", "poppler-utils")
    out = tmp_path_factory.mktemp("pdf")
    pdf = compile_pdf(COMMITTED, out)
    done = subprocess.run([pdftotext, "-enc", "UTF-8", pdf, "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def test_the_pdf_shows_every_claim_and_no_misencoded_character(pdf_text):
    flat = " ".join(pdf_text.split())
    for c in LEDGER:
        assert c.id in flat, c.id
    assert "¿" not in pdf_text and "¡" not in pdf_text  # ">" and "<" in OT1 text fonts
    # "|" in prose prints as "|", not as an em dash (OT1 again)
    assert "E[Â" in flat or "E[" in flat
    assert re.search(r"\| own reward", flat)
    assert "The claims and their dependencies" in flat


def test_compile_pdf_draws_the_graph(tmp_path):
    _need_pdflatex()
    for path in COMMITTED.glob("*.*"):
        if path.suffix in {".tex", ".dot"}:
            shutil.copy(path, tmp_path)
    pdf = compile_pdf(tmp_path, tmp_path / "out")
    assert pdf.stat().st_size > 50_000


def test_a_non_strict_inequality_is_typeset_with_geq():
    """``Inequality(strict=False)`` states ``≥ 0``; a strict one ``> 0``."""
    obligations = get_claim("strict_propriety").obligations()
    assert all(r"\geq 0" in formula_latex(ob) for ob in obligations if formula_latex(ob))
    strict = get_claim("linear_score_proper").obligations()[0]
    assert formula_latex(strict).endswith("> 0")
