"""``grpo-sigma latex``: derivations as LaTeX in the note's notation; deterministic; compiles."""

import os
import shutil
import subprocess
from pathlib import Path

import mpmath
import pytest
import sympy as sp
from generated import assert_not_drifted, generated_by

from symbolic.cli import main
from symbolic.engine.obligations import Verdict
from symbolic.errors import GrpoSigmaError
from symbolic.ledger import LEDGER, get_claim
from symbolic.ledger import derivations as d
from symbolic.ledger.audit import ClaimResult
from symbolic.note import model as m
from symbolic.note import notation as n
from symbolic.outputs.blueprint import CLAIMS_FILE, graph_file
from symbolic.outputs.latex import derivation_tex, text_latex
from symbolic.outputs.pdf import MAIN, compile_pdf, figure_pdfs
from symbolic.outputs.printer import note_latex
from symbolic.outputs.prose import name_object

pytestmark = pytest.mark.xdist_group("latex")  # its generated files stay on one worker

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "derivations"


@pytest.fixture(scope="module")
def generated():
    """What ``grpo-sigma latex --out DIR`` writes now (run once for the module)."""
    return generated_by("latex")


@pytest.fixture(scope="module")
def derivation_file(request, claim_result):
    """``derivation_file(id)``: the text ``grpo-sigma latex`` writes for one derivation now;
    under ``--claim``, rendered alone from that claim's audit (not the whole output)."""
    if not request.config.getoption("claim"):
        files = generated_by("latex")
        return lambda derivation: files[f"{derivation.id}.tex"].decode()
    from symbolic.ledger.cache import default_directory

    def rendered(derivation: d.Derivation) -> str:
        checked = d.check_derivation(derivation, cache=default_directory())
        return derivation_tex(checked, claim_result(derivation.claim_id))

    return rendered


@pytest.mark.slow  # renders the whole output
@pytest.mark.parametrize("derivation", d.DERIVATIONS, ids=[x.id for x in d.DERIVATIONS])
def test_the_derivation_has_not_drifted(derivation, derivation_file):
    committed = (COMMITTED / f"{derivation.id}.tex").read_text(encoding="utf-8")
    assert committed == derivation_file(derivation), f"{derivation.id}.tex: run grpo-sigma latex"


@pytest.mark.slow  # renders the whole output
def test_committed_derivations_have_not_drifted(generated):
    assert_not_drifted(generated, "derivations", ("*.tex", "*.dot"), "latex")


@pytest.mark.slow  # renders the whole output
def test_one_file_per_derivation_and_a_main_document(generated):
    derivations = {f"{x.id}.tex" for x in d.DERIVATIONS}
    graphs = {graph_file(c.section) for c in LEDGER}
    assert set(generated) == derivations | graphs | {MAIN, CLAIMS_FILE}
    main_text = generated[MAIN].decode()
    for derivation in d.DERIVATIONS:
        assert rf"\input{{{derivation.id}}}" in main_text
    assert r"\today" not in main_text


@pytest.mark.slow  # renders the whole output
def test_output_is_ascii_latex(generated):
    for name, text in generated.items():
        text.decode("ascii")  # raises on any non-ASCII byte
        assert text.endswith(b"\n"), name


@pytest.mark.slow  # renders the whole output
@pytest.mark.parametrize("derivation", d.DERIVATIONS, ids=[x.id for x in d.DERIVATIONS])
def test_every_step_and_justification_is_printed(derivation, derivation_file):
    text = derivation_file(derivation)
    for number, step in enumerate(derivation.steps):
        kind = " (assumption)" if step.assumption else " (by definition)" * step.definition
        head = rf"\textbf{{Step {number}{kind}.}}"
        assert head in text and f"{text_latex(step.justification)}." in text
        assert note_latex(step.expr) in text
    assert text_latex(derivation.sentence) in text
    claim = get_claim(derivation.claim_id)
    assert text_latex(claim.scope_note) in text
    assert "Audit status: \\statusbox{asexpected}{\\checkmark{} proven" in text


@pytest.mark.slow  # renders the whole output
def test_limit_steps_print_an_arrow(generated):
    text = generated["proportional_to_true_advantage.tex"].decode()
    assert r"\xrightarrow{G \to \infty}" in text


def test_status_is_computed_from_the_audit():
    derivation = d.get_derivation("soft_target_identity")
    checked = d.check_derivation(derivation)
    refuted = Verdict(
        "refuted", {m.p_scalar: mpmath.mpf("0.5")}, "counterexample", 50, 3, mpmath.mpf(1), 0.0
    )
    fake = ClaimResult(get_claim(derivation.claim_id), (("fake", refuted),), 0.0)
    text = derivation_tex(checked, fake)
    assert r"\statusbox{unexpected}{$\times$ refuted" in text and "EXPECTED PROVEN" in text


NOTATION = [
    (m.phat[m.g, m.i], r"{\hat p}^{(g)}_{i}"),
    (m.phat[m.i], r"\hat p_{i}"),
    (n.KL(m.p, m.phat), r"\mathrm{KL}(p \,\|\, \hat p)"),
    (n.H(m.p), "H(p)"),
    (n.A_STD, r"\hat A_{\mathrm{STD}}"),
    (n.R_bar, r"\bar R"),
    (n.reward[1], "{R}^{(1)}"),
    (n.KL_bar - n.kl[1], r"\overline{\mathrm{KL}} - {\mathrm{KL}}^{(1)}"),
    (m.sigma_0 + m.epsilon, r"\sigma_0 + \epsilon"),
    (m.mu_1, r"\mu_1"),
    (m.soft_target_reward(m.p, m.phat), r"\sum_{i=1}^{K} p_{i} \log \hat p_{i}"),
    (n.Expectation(n.reward[1], m.phat), r"\mathbb{E}\left[{R}^{(1)} \,\middle|\, \hat p\right]"),
    (sp.log(m.p[m.i] / m.phat[m.i]), r"\log\left(\frac{p_{i}}{\hat p_{i}}\right)"),
]


@pytest.mark.parametrize(("expr", "expected"), NOTATION, ids=[t for _, t in NOTATION])
def test_the_note_notation(expr, expected):
    assert note_latex(expr) == expected


PROSE = [
    ("p̂ ‖ σ̂_KL", r"$\hat{p} \| \hat\sigma_{\mathrm{KL}}$"),
    ("a prediction p̂ of π", r"a prediction $\hat{p}$ of $\pi$"),
    ("the a = 0 term", "the $a = 0$ term"),
    ("log p̂ or log(1 − p̂), the log score", r"$\log \hat{p}$ or $\log(1 - \hat{p})$, the log score"),
    ("E[Â_STD | x] = t", r"$\mathbb{E}[\hat A_{\mathrm{STD}} \mid x] = t$"),
    ("σ̂ (population), G = 5", r"$\hat{\sigma}$ (population), $G = 5$"),
    (
        "R^(g) − R̄ = KL̄ − KL^(g)",
        r"$R^{(g)} - \bar R = \overline{\mathrm{KL}} - {\mathrm{KL}}^{(g)}$",
    ),
    ("Beta(5, 1), i.i.d. draws", r"$\operatorname{Beta}(5, 1)$, i.i.d. draws"),
    ("checked in drift_to_vertex", r"checked in \texttt{drift\_to\_vertex}"),
    ("the policy's mean", "the policy's mean"),
    ("(log p̂)' = 1/p̂", r"$(\log \hat{p})' = 1/\hat{p}$"),
    ("the note's '=' here", "the note's '$=$' here"),
]


@pytest.mark.parametrize(("prose", "expected"), PROSE, ids=[p for p, _ in PROSE])
def test_prose_sets_each_math_run_in_one_math_mode(prose, expected):
    assert text_latex(prose) == expected


def test_prose_math_names_are_printed_by_sympy():
    assert text_latex("σ̂_KL") == f"${note_latex(n.sigma_KL)}$"
    assert text_latex("p̂*") == f"${note_latex(n.phat_star)}$"
    assert name_object("p̂_i") == sp.IndexedBase(sp.Symbol("phat"))[sp.Symbol("i")]


def test_prose_with_an_unknown_character_is_refused():
    with pytest.raises(GrpoSigmaError, match="U\\+2603"):
        text_latex("a snowman ☃")


TEX = "texlive-latex-base texlive-latex-recommended texlive-fonts-recommended"


def _need(tool: str, packages: str) -> str:
    """The path of a system tool; a skip without it, a failure under CI (which installs it)."""
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} is required under CI (apt-get install {packages})")
        pytest.skip(f"{tool} not installed (apt-get install {packages}); CI runs this test")
    return path


def _need_pdflatex() -> str:
    _need("dot", "graphviz")
    return _need("pdflatex", TEX)


@pytest.mark.slow
def test_main_document_compiles(tmp_path):
    pdflatex = _need_pdflatex()
    for tex in COMMITTED.glob("*.tex"):
        shutil.copy(tex, tmp_path)
    dot = _need("dot", "graphviz")
    for graph in COMMITTED.glob("*.dot"):
        subprocess.run([dot, "-Tpdf", "-o", tmp_path / f"{graph.stem}.pdf", graph], check=True)
    for name, content in figure_pdfs().items():
        (tmp_path / name).write_bytes(content)
    for _ in range(2):  # the second run resolves the table of contents
        done = subprocess.run(
            [pdflatex, "-interaction=nonstopmode", "-halt-on-error", MAIN],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            errors="replace",
            check=False,
        )
        errors = [line for line in done.stdout.splitlines() if line.startswith("!")]
        assert done.returncode == 0 and not errors, errors or done.stdout[-2000:]
    log = (tmp_path / "main.log").read_text(errors="replace")
    assert "Missing character" not in log
    assert "undefined" not in log.lower()
    assert (tmp_path / "main.pdf").stat().st_size > 10_000


@pytest.mark.slow
def test_compile_pdf_copies_the_pdf(tmp_path):
    _need_pdflatex()
    pdf = compile_pdf(COMMITTED, tmp_path)
    assert pdf == tmp_path / "main.pdf" and pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.slow
def test_compile_pdf_reports_a_latex_error(tmp_path):
    _need_pdflatex()
    (tmp_path / MAIN).write_text(
        "\\documentclass{article}\\begin{document}\\undefinedmacro\\end{document}\n"
    )
    with pytest.raises(GrpoSigmaError, match="Undefined control sequence"):
        compile_pdf(tmp_path, tmp_path / "out")


def test_compile_test_never_skips_under_ci(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required under CI"):
        _need_pdflatex()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="not installed"):
        _need_pdflatex()


@pytest.mark.slow  # renders the whole output
def test_main_document_has_the_notation_table(generated):
    main_text = generated[MAIN].decode()
    for name in n.NOTATION:
        assert f"${note_latex(name.example)}$ & {text_latex(name.words)}" in main_text


def test_bad_digits_are_one_line_errors(tmp_path, capsys):
    assert main(["latex", "--out", str(tmp_path), "--dps", "10"]) == 2
    assert "--dps must be between 40 and 1000" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
