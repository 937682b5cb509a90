"""``grpo-sigma review`` on the bundled note: its objects keep the note's meaning, it passes
with its limits and conditions, and a one-character slip in any display equation is refuted
on its line."""

import json
import re

import pytest

from symbolic.cli import main
from symbolic.note.text import note_source
from symbolic.outputs.review import review_text
from symbolic.outputs.review.relations import links
from symbolic.outputs.review.spans import markdown_spans
from symbolic.outputs.review.verdicts import FAILING

NOTE = note_source()
DISPLAY = [f for f in markdown_spans(NOTE) if f.display]


@pytest.fixture(scope="module")
def note_rows():
    return review_text(NOTE)


def rows_at(rows, line):
    found = [r for r in rows if r.line == line]
    assert found, f"no relation reviewed on line {line}"
    return found


def line_of(text):
    return next(n for n, line in enumerate(NOTE.splitlines(), 1) if text in line)


@pytest.mark.slow  # reviews the whole note
def test_the_note_has_no_false_relation_and_states_its_limits(note_rows):
    assert not [r for r in note_rows if r.kind in FAILING]
    assert {r.kind for r in rows_at(note_rows, line_of(r"R(\hat p) = \sum_i"))} == {"verified"}
    finite_g = rows_at(note_rows, line_of(r"\frac{A(q, \hat p)}"))
    assert [r.kind for r in finite_g] == ["holds only in a limit", "holds only in a limit"]
    assert "holds only as G → ∞" in finite_g[0].reason
    sigmas = next(r for r in note_rows if r.relation == r"\sigma_0 > \sigma_1")
    assert sigmas.kind == "not checked" and "holds only under a condition" in sigmas.reason
    assert "the note's meaning" in sigmas.reason


@pytest.mark.slow  # reviews the whole note
def test_every_display_equation_of_the_note_is_reviewed(note_rows):
    assert len(DISPLAY) == 5
    for formula in DISPLAY:
        kinds = {r.kind for r in rows_at(note_rows, formula.line)}
        assert kinds <= {"verified", "holds only in a limit"}, formula.tex


def test_chains_split_outside_brackets():
    found, _ = links(r"a{=}1", 0)
    assert [(k.lhs, k.relation, k.rhs) for k in found] == [("a", "=", "1")]
    found, _ = links(r"f(x = y) = g \approx h \propto k", 0)
    assert [k.relation for k in found] == ["=", "≈", "∝"] and found[0].lhs == "f(x = y)"


def slips(tex):
    """One-edit slips of a display equation: signs (also a side negated), swapped pairs,
    coefficients, an extra or a dropped ε, p and p̂ exchanged, 1 − p and p, outcome and
    rollout indices."""
    edits = [
        (r"-", "+"),
        (r"\+", "-"),
        (r"\\hat p(?![_'])", "p"),
        (r"\\hat p_i", "p_i"),
        (r"(?<!\\hat )(?<![A-Za-z\\])p(?![A-Za-z_'])", r"\\hat p"),
        (r"(?<!\\hat )(?<![A-Za-z\\])p_i", r"\\hat p_i"),
        (r"\\mathrm\{KL\}\((.+?) \\,\\\|\\, (.+?)\)", r"\\mathrm{KL}(\2 \\,\\|\\, \1)"),
        (r"r\(\\hat p, 1\)", r"r(\\hat p, 0)"),
        (r"r\(\\hat p, 0\)", r"r(\\hat p, 1)"),
        (r"(\\mu|\\sigma)_1", r"\1_0"),
        (r"(\\mu|\\sigma)_0", r"\1_1"),
        (r"\\frac\{", r"\\frac{2"),
        (r"\\epsilon", r"\\epsilon + \\epsilon"),
        (r" \+ \\epsilon", ""),
        (r"\(1-p\)", "p"),
        (r"(?<![-\w\\])p\\,\(", r"(1-p)\\,("),
        (r"\^\{\(1\)\}", "^{(2)}"),
        (r"(=|\\approx|\\propto\\;) ", r"\1 -"),
    ]
    for pattern, replacement in edits:
        for found in re.finditer(pattern, tex):
            slipped = tex[: found.start()] + found.expand(replacement) + tex[found.end() :]
            yield f"{found.group(0)!r} at {found.start()} → {found.expand(replacement)!r}", slipped


CASES = [(formula, what, slipped) for formula in DISPLAY for what, slipped in slips(formula.tex)]


def test_the_slips_are_many():
    assert len(CASES) >= 60
    assert {f.line for f, _, _ in CASES} == {f.line for f in DISPLAY}


@pytest.mark.parametrize(
    "formula,what,slipped", CASES, ids=[f"line{f.line}: {w}" for f, w, _ in CASES]
)
def test_a_slip_in_a_display_equation_is_false_on_its_line(formula, what, slipped):
    draft = NOTE[: formula.offset] + slipped + NOTE[formula.offset + len(formula.tex) :]
    rows = review_text(draft)
    here = rows_at(rows, formula.line)
    assert any(r.kind in FAILING for r in here), [(r.relation, r.kind, r.reason) for r in here]
    assert not [r for r in rows if r.kind in FAILING and r.line != formula.line]


def test_an_edited_equation_goes_through_the_kernel_not_the_quote():
    """Rewritten but still true: no quote matches, the kernel verifies it; the ledger's
    quote no longer covers it."""
    (formula,) = [f for f in DISPLAY if f.tex.startswith("R(")]
    edited = r"R(\hat p) = -\mathrm{KL}(p \,\|\, \hat p) - H(p)"
    rows = rows_at(review_text(NOTE.replace(formula.tex, edited)), formula.line)
    assert [r.kind for r in rows] == ["verified"]
    assert "proven by the kernel" in rows[0].reason and "claims" not in rows[0].reason


def test_review_command_on_the_note_exits_0_and_names_lines(capsys):
    assert main(["review"]) == 0
    out = capsys.readouterr().out
    assert re.search(
        r"^grpo-sigma-note.md:53:3: holds only in a limit: \\mathbb\{E\}", out, flags=re.M
    )
    assert " refuted" not in out and "false as stated" not in out
    assert all(len(line) <= 160 for line in out.splitlines())
    assert main(["review", "--strict"]) == 1
    capsys.readouterr()


def test_review_of_a_slipped_latex_draft_exits_1_naming_the_line(tmp_path, capsys):
    draft = tmp_path / "draft.tex"
    draft.write_text(
        "\\section{Our reward}\nText.\n\\begin{equation}\n"
        "R(\\hat p) = -H(p) - \\mathrm{KL}(\\hat p \\,\\|\\, p)\n\\end{equation}\n"
        "and \\(r(\\hat p, a) = a \\log \\hat p + (1-a)\\log(1-\\hat p)\\).\n",
        encoding="utf-8",
    )
    assert main(["review", str(draft), "--json", str(tmp_path / "r.json")]) == 1
    out = capsys.readouterr().out
    assert f"{draft}:4:1: refuted: R(\\hat p) = -H(p)" in out
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [(r["line"], r["kind"]) for r in data["rows"]] == [(4, "refuted"), (6, "verified")]
    assert "counterexample" in data["rows"][0]["reason"]


def test_review_json_to_stdout_and_bad_paths(tmp_path, capsys):
    assert main(["review", "--json", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["draft"] == "grpo-sigma-note.md" and len(data["rows"]) >= 17
    assert main(["review", str(tmp_path / "missing.md")]) == 2
    assert "grpo-sigma: error: cannot read" in capsys.readouterr().err
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\xff\xfe$x = 1$")
    assert main(["review", str(binary)]) == 2


@pytest.mark.parametrize(
    "spelling",
    [
        r"R(\hat{p}) = \sum_{i=1}^{K} p_i \ln \hat{p}_i = -H(p) - \text{KL}(p \parallel \hat{p})",
        r"\hat A_{\text{STD}} = \dfrac{R^{(1)} - \bar{R}}{\hat{\sigma} + \varepsilon}",
        r"\frac{R^{1} - \bar R}{\hat\sigma + \epsilon} = \frac{\overline{\mathrm{KL}} - "
        r"\mathrm{KL}^{(1)}}{\hat\sigma_{\mathrm{KL}} + \epsilon}",
        r"A(q, \hat p) = p \cdot (r(\hat p, 1) - \mu_{1}) + (1 - p)(r(\hat p, 0) - \mu_{0})",
    ],
)
def test_other_spellings_of_the_notes_equations_are_verified_by_the_kernel(spelling):
    rows = review_text(f"Some text.\n\n$${spelling}.$$\n")
    assert rows and all(r.kind == "verified" and r.line == 3 for r in rows), rows
