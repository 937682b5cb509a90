"""The note itself, bundled as package data: its Markdown/LaTeX source as one string."""

from __future__ import annotations

from importlib import resources

NOTE_FILE = "grpo-sigma-note.md"


def note_source() -> str:
    """The text of ``symbolic/note/grpo-sigma-note.md``, found through ``importlib.resources``
    (so an installed package finds it as well as a checkout)."""
    return resources.files("symbolic.note").joinpath(NOTE_FILE).read_text(encoding="utf-8")
