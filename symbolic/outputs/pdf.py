"""Compiling the LaTeX output to a PDF with ``pdflatex``."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import graphviz

from ..errors import GrpoSigmaError
from .figures import PLOTS, figure_files
from .files import write_file
from .graph import render

MAIN = "main.tex"
DEFAULT_SOURCE = "derivations"


def figure_pdfs() -> dict[str, bytes]:
    """``<name>.pdf`` of every figure, drawn now (the document includes them as vector art)."""
    return {k: v for plot in PLOTS for k, v in figure_files(plot.name, formats=("pdf",)).items()}


def compile_pdf(source: str | Path = DEFAULT_SOURCE, out: str | Path | None = None) -> Path:
    """Compile ``source/main.tex`` with ``pdflatex`` in a temporary directory (twice, for the
    table of contents); copy ``main.pdf`` to ``out`` (default: ``source``) and return it.
    ``GrpoSigmaError`` with the first LaTeX error if it does not compile."""
    pdflatex = shutil.which("pdflatex")
    if pdflatex is None:
        raise GrpoSigmaError(
            "pdflatex not found (apt-get install texlive-latex-base "
            "texlive-latex-recommended texlive-fonts-recommended)"
        )
    source = Path(source)
    if not (source / MAIN).is_file():
        raise GrpoSigmaError(f"no {MAIN} in {source}; run grpo-sigma latex first")
    with tempfile.TemporaryDirectory(prefix="grpo-sigma-latex-") as build:
        for tex in source.glob("*.tex"):
            shutil.copy(tex, build)
        for name, content in figure_pdfs().items():  # the derivations' figures, as vector PDF
            (Path(build) / name).write_bytes(content)
        for dot in source.glob("*.dot"):  # graphs, laid out by Graphviz as PDF figures
            drawing = graphviz.Source(dot.read_text(encoding="utf-8"))
            (Path(build) / f"{dot.stem}.pdf").write_bytes(render(drawing, "pdf"))
        for _ in range(2):
            done = subprocess.run(
                [pdflatex, "-interaction=nonstopmode", "-halt-on-error", MAIN],
                cwd=build,
                capture_output=True,
                text=True,
                errors="replace",
                check=False,
            )
            if done.returncode != 0:
                errors = [line for line in done.stdout.splitlines() if line.startswith("!")]
                first = errors[0] if errors else done.stdout[-200:]
                raise GrpoSigmaError(f"pdflatex failed on {source / MAIN}: {first}")
        target = Path(out) if out is not None else source
        target.mkdir(parents=True, exist_ok=True)
        return write_file(target / "main.pdf", (Path(build) / "main.pdf").read_bytes())
