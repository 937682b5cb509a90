"""The blueprint: every claim in the document, its graph, and the PDF read back as text."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_latex import _need_pdflatex
from tools import need_tool

from symbolic.ledger import LEDGER, get_claim
from symbolic.ledger.derivations import DERIVATIONS
from symbolic.outputs.blueprint import CLAIMS_FILE, formula_latex, graph_file
from symbolic.outputs.graph import DOT_MARKS
from symbolic.outputs.pdf import compile_pdf

COMMITTED = Path(__file__).resolve().parent.parent / "derivations"


@pytest.fixture(scope="module")
def claims_text() -> str:
    return (COMMITTED / CLAIMS_FILE).read_text()


def _entry(claims_text: str, claim_id: str) -> str:
    after = claims_text.split(rf"\label{{claim:{claim_id}}}")[1]
    return re.split(r"\\sub(?:sub)?section", after)[0]


def test_every_claim_has_an_entry_with_its_edges(claims_text):
    for c in LEDGER:
        assert rf"\label{{claim:{c.id}}}" in claims_text
        entry = _entry(claims_text, c.id)
        uses = entry.split(r"\textbf{Uses.}")[1].split(r"\textbf{Used by.}")[0]
        assert set(re.findall(r"\\hyperref\[claim:(\w+)\]", uses)) == set(c.uses)
        assert "Obligations." in entry


def test_refuted_claims_show_their_counterexample(claims_text):
    for c in LEDGER:
        entry = _entry(claims_text, c.id)
        assert ("Counterexample." in entry) == (c.expected == "refuted")


def test_each_section_graph_has_its_claims_and_their_uses():
    for c in LEDGER:
        dot = (COMMITTED / graph_file(c.section)).read_text()
        label = re.search(rf'^\s*{c.id} \[label="([^"]*)"', dot, re.MULTILINE)[1]
        mark, shown = label.split(" ", 1)
        assert shown.replace("\\n", "") == c.id and mark in DOT_MARKS.values()  # wrapped at _
        for used in c.uses:
            assert f"{used} -> {c.id}" in dot
            assert re.search(rf"^\s*{used} \[", dot, re.MULTILINE)
    edges = sum(
        (COMMITTED / graph_file(s)).read_text().count("->") for s in {c.section for c in LEDGER}
    )
    assert edges == sum(len(c.uses) for c in LEDGER)


def test_each_section_graph_fits_a_page(tmp_path):
    """Laid out by dot and scaled into its box (the text width, 45 % of the text height),
    every section's graph keeps its 11 pt labels at 60 % or more."""
    dot = need_tool("dot")
    for path in COMMITTED.glob("claims-graph-*.dot"):
        svg = subprocess.run([dot, "-Tsvg", path], capture_output=True, check=True).stdout
        box = re.search(rb'viewBox="0\.00 0\.00 ([\d.]+) ([\d.]+)"', svg)
        width, height = float(box[1]), float(box[2])
        scale = min(455 / width, 0.45 * 745 / height, 1)  # A4, 2.5 cm margins, in pt
        assert scale >= 0.6, (path.name, width, height)


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
    pdftotext = need_tool("pdftotext")
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


LEAKS = {
    "polygamma(": r"polygamma\(",
    "oo": r"\boo\b",
    "**": r"\*\*",
    "*": r"\S\*\S",  # SymPy's product; the note's p̂* stands apart
    "_ dummy names": r"(?<![\w\\])_[A-Za-z]",
    "Dummy": r"\bDummy\b",
    "Symbol(": r"Symbol\(",
    "G = G": r"(?<![−+] )\b([A-Za-z]) = \1\b(?!\()",  # not f(x) − x = x(1 − x)
    "-pdf": r"(?<!-)-pdf",
}


def test_the_pdf_leaks_no_python_or_sympy_name(pdf_text):
    leaked = {
        name: re.findall(rf".{{0,30}}{pattern}.{{0,30}}", pdf_text)
        for name, pattern in LEAKS.items()
    }
    assert not {k: v for k, v in leaked.items() if v}


def test_status_badges_match_the_web_report(pdf_text):
    flat = " ".join(pdf_text.split())
    assert "agrees with oracle" in flat and "as expected" in flat
    assert "✓ unknown" not in flat and "? unknown numeric only: a definition" not in flat
    for meaning in ("as expected", "unexpected", "not decided"):
        assert meaning in flat


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
