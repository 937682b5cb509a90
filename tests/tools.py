"""External tools a test needs: skip, naming the tool, where it is missing; fail under CI.

CI installs every tool (``apt-get install graphviz poppler-utils texlive-latex-base
texlive-latex-recommended texlive-fonts-recommended chromium chromium-driver``), so a missing
tool there is a failure, not a skip.
"""

import os
import shutil

import pytest

PACKAGES = {
    "dot": "graphviz",
    "pdflatex": "texlive-latex-base texlive-latex-recommended texlive-fonts-recommended",
    "pdftotext": "poppler-utils",
    "chromium": "chromium",
    "chromedriver": "chromium-driver",
}


def need_tool(name: str) -> str:
    """The path of the executable ``name``; skip the test if it is missing (fail if ``CI`` is
    set)."""
    found = shutil.which(name)
    if found is None:
        message = f"{name} not installed (apt-get install {PACKAGES.get(name, name)})"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: required under CI")
        pytest.skip(message)
    return found
