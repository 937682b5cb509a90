"""Looking an entry up by name in one of the package's registries (claims, derivations, plots)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from .errors import GrpoSigmaError

Entry = TypeVar("Entry")


def find(entries: Iterable[Entry], key: str, kind: str, attribute: str = "id") -> Entry:
    """The entry whose ``attribute`` is ``key``; ``GrpoSigmaError`` naming the known ones."""
    entries = tuple(entries)
    for entry in entries:
        if getattr(entry, attribute) == key:
            return entry
    known = ", ".join(getattr(entry, attribute) for entry in entries)
    raise GrpoSigmaError(f"unknown {kind} {key!r}; known: {known}")
