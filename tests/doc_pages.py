"""The README and the docs' Markdown pages, and their fenced code blocks (shared by the
tests that check the samples and examples against the code)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = sorted((ROOT / "docs").rglob("*.md"))
"""Every page of the docs site (``docs/**/*.md``), the README not included."""


def code_blocks(language: str, paths: list[Path] | None = None) -> list[str]:
    """The fenced code blocks in ``language`` (``""`` for plain fences) of these files
    (default: the README and every docs page), in order."""
    blocks = []
    for path in [README, *PAGES] if paths is None else paths:
        current, lang = None, None
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("```"):
                if current is None:
                    current, lang = [], line[3:].strip()
                else:
                    if lang == language:
                        blocks.append("\n".join(current) + "\n")
                    current = None
            elif current is not None:
                current.append(line)
    return blocks


def page(name: str) -> Path:
    """A docs page by its path under ``docs/`` (``"tutorial/audit-a-draft.md"``)."""
    return ROOT / "docs" / name
