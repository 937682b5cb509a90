"""The docs site builds with Sphinx + MyST with every warning an error, and has the four
kinds of page (Diátaxis)."""

import pytest
from doc_pages import PAGES, ROOT


def test_the_docs_have_a_tutorial_how_tos_explanation_and_reference():
    kinds = {p.parent.name for p in PAGES if p.parent.name != "docs"}
    assert {"tutorial", "how-to", "explanation", "reference"} <= kinds
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    for path in PAGES:
        if path.parent.name != "docs":
            assert f"{path.parent.name}/{path.stem}\n" in index, path  # in a toctree


@pytest.mark.slow
def test_the_docs_build_with_warnings_as_errors(tmp_path):
    sphinx = pytest.importorskip("sphinx.cmd.build", reason="pip install -e '.[docs]'")
    pytest.importorskip("myst_parser", reason="pip install -e '.[docs]'")
    pytest.importorskip("sphinxarg", reason="pip install -e '.[docs]'")
    status = sphinx.build_main(["-W", "-q", "-b", "html", str(ROOT / "docs"), str(tmp_path)])
    assert status == 0
    api = (tmp_path / "reference" / "api.html").read_text(encoding="utf-8")
    assert "check_identity" in api and "GrpoSigmaError" in api  # autodoc ran
    cli = (tmp_path / "reference" / "cli.html").read_text(encoding="utf-8")
    assert "--html" in cli and "simulate" in cli  # every command's options
