"""The ``uses`` edges a claim's statements imply, and those the ledger fails to declare.

A definition claim names the model functions it checks (``defines=``).  A claim whose
obligations are built with one of those functions (``note.model``, recorded while its builder
runs) rests on that definition: it must use it, directly or through the claims it uses.
Definitions may build on each other's objects freely (they are checked, not derived).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from ..note import model
from . import Claim, get_claim


def model_calls(claims: Iterable[Claim]) -> dict[str, set[str]]:
    """For each claim, the names of the ``note.model`` functions its builder calls."""
    claims = list(claims)
    calls: dict[str, set[str]] = {c.id: set() for c in claims}
    current: list[str] = []
    originals = model.functions()
    homes = {name: model.homes(name) for name in originals}

    def recording(name: str, f):
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            calls[current[0]].add(name)
            return f(*args, **kwargs)

        return wrapper

    try:
        for name, f in originals.items():
            for home in homes[name]:
                setattr(home, name, recording(name, f))
        for claim in claims:
            current[:] = [claim.id]
            claim.obligations()
    finally:
        for name, f in originals.items():
            for home in homes[name]:
                setattr(home, name, f)
    return calls


def below(claim: Claim) -> set[str]:
    """Every claim ``claim`` uses, directly or through others."""
    seen: set[str] = set()
    todo = list(claim.uses)
    while todo:
        used = todo.pop()
        if used not in seen:
            seen.add(used)
            todo += get_claim(used).uses
    return seen


def implied_uses(claims: Iterable[Claim]) -> dict[str, set[str]]:
    """For each claim that is not a definition, the definitions its statements imply."""
    claims = list(claims)
    definitions = {c.id: set(c.defines) for c in claims if c.defines}
    calls = model_calls(claims)
    return {
        c.id: {d for d, names in definitions.items() if names & calls[c.id]}
        for c in claims
        if not c.defines
    }


def missing_uses(claims: Iterable[Claim]) -> dict[str, list[str]]:
    """The implied edges a claim declares neither directly nor through what it uses."""
    claims = list(claims)
    implied = implied_uses(claims)
    found = {c.id: sorted(implied[c.id] - below(c)) for c in claims if c.id in implied}
    return {cid: missing for cid, missing in found.items() if missing}
