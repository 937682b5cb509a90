"""The ledger quotes the note verbatim, and the note ships with the package."""

import pytest

from symbolic.ledger import LEDGER
from symbolic.ledger.claim import NOT_IN_NOTE, normalize
from symbolic.note.text import note_source

NOTE = normalize(note_source())


@pytest.mark.parametrize("claim", LEDGER, ids=[c.id for c in LEDGER])
def test_every_quote_is_in_the_note(claim):
    for quote in claim.quotes:
        assert quote in NOTE, f"{claim.id} quotes text the note no longer has: {quote!r}"


@pytest.mark.parametrize("claim", LEDGER, ids=[c.id for c in LEDGER])
def test_a_claim_quotes_the_note_or_says_it_is_not_in_it(claim):
    assert claim.in_note != claim.sentence.startswith(NOT_IN_NOTE)


def test_an_edited_note_loses_its_quotes():
    edited = NOTE.replace(r"\mathrm{KL}(p \,\|\, \hat p)", r"\mathrm{KL}(\hat p \,\|\, p)")
    lost = [c.id for c in LEDGER for q in c.quotes if q not in edited]
    assert lost == ["soft_target_identity"]


def test_the_note_is_package_data():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    setuptools = config["tool"]["setuptools"]
    assert "symbolic.*" in setuptools["packages"]["find"]["include"]
    assert "*.md" in setuptools["package-data"]["symbolic.note"]
    assert note_source().startswith("# GRPO σ-normalization")
