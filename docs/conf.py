"""Sphinx configuration of the grpo-sigma documentation (MyST Markdown, Diátaxis).

Build: ``python -m sphinx -W -b html docs docs/_build/html`` (warnings are errors; a test
builds it the same way).  The docs' ``pycon`` examples run as doctests in the test suite.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

project = "grpo-sigma"
author = "grpo-sigma"
copyright = "grpo-sigma authors"  # noqa: A001 - Sphinx's name
extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinxarg.ext",
]
source_suffix = {".md": "markdown"}
myst_enable_extensions = ["colon_fence", "dollarmath"]
myst_heading_anchors = 3
exclude_patterns = ["_build"]
html_theme = "alabaster"
html_static_path: list[str] = []
autodoc_member_order = "bysource"
autodoc_typehints = "description"
suppress_warnings = ["myst.header"]  # the README's moved sections start at level 2
nitpicky = False
