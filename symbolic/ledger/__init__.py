"""The ledger: every claim of the note, one file per section of the note.

Importing this package registers the claims (in the note's order of sections) and checks
their ``uses`` graph.  ``LEDGER`` is the tuple of claims; ``get_claim`` finds one by id.
"""

from __future__ import annotations

from ..registry import find
from . import (  # noqa: F401
    definitions,
    our_reward,
    scoring_mechanism,
    scoring_propriety,
    scoring_rules,
    simplex_geometry,
    their_mechanism,
    where_it_differs,
)
from .claim import REGISTRY, Claim, check_graph, claim

check_graph(REGISTRY)
SECTIONS = (
    "definitions",
    "their_mechanism",
    "our_reward",
    "where_it_differs",
    "simplex_geometry",
    "scoring_rules",
    "scoring_mechanism",
    "scoring_propriety",
)
LEDGER: tuple[Claim, ...] = tuple(
    sorted(REGISTRY.values(), key=lambda c: SECTIONS.index(c.section))
)


def get_claim(claim_id: str) -> Claim:
    """The ledger entry with this id; ``GrpoSigmaError`` naming the known ids otherwise."""
    return find(LEDGER, claim_id, "claim id")


__all__ = ["LEDGER", "Claim", "claim", "get_claim"]
