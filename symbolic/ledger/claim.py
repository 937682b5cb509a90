"""A claim of the note as data: ``@claim(...)`` on the function that builds its obligations.

The decorator registers the claim where it is built, so a claim's sentence, statement, scope
and ``uses`` edges sit on top of its obligations.  ``uses`` names the claims it relies on;
the registry checks that every name exists and that the graph has no cycle.

``quote`` ties a claim to the note's text: the passages of the note (its Markdown/LaTeX
source, compared after ``normalize``) that the claim checks, or ``None`` for a claim the
note does not make (its sentence then starts with ``NOT_IN_NOTE``).  ``stance`` says how a
verdict reads for the note: a claim that ``"states"`` what the note says supports the note
when proven and shows it wrong when refuted; one that ``"negates"`` it (the ledger expects
it refuted) supports the note when refuted.  ``condition`` is what the claim assumes that
the quoted passage does not state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..engine.obligations import Obligation
from ..errors import GrpoSigmaError

Scope = Literal[
    "exact",
    "definition",
    "population limit",
    "large-G expansion",
    "narrow-policy limit",
    "fails at finite G",
]
Expected = Literal[
    "proven", "proven up to a human step", "refuted", "agrees with oracle", "confirmed numerically"
]
"""``agrees with oracle``: a definition of the model checked numerically against an
independently written definition (never a proof, and never reported as one).
``confirmed numerically``: a Monte Carlo cross-check, which can refute but never prove."""
Stance = Literal["states", "negates"]
NOT_IN_NOTE = "Not in the note: "
Builder = Callable[[], tuple[Obligation, ...]]


@dataclass(frozen=True, kw_only=True)
class Claim:
    """One claim of the note: what it says, where it holds, and how it is checked."""

    id: str
    sentence: str
    statement: str
    scope: Scope
    scope_note: str
    method: str
    obligations: Builder
    expected: Expected = "proven"
    uses: tuple[str, ...] = ()
    section: str = ""
    quotes: tuple[str, ...] = ()
    stance: Stance = "states"
    condition: str = ""
    defines: tuple[str, ...] = ()

    @property
    def in_note(self) -> bool:
        """Whether the claim checks a passage of the note (it quotes one)."""
        return bool(self.quotes)


def normalize(text: str) -> str:
    """The form in which quotes are compared with the note: whitespace runs become one
    space (the note's line breaks fall anywhere), ends stripped; nothing else changes."""
    return " ".join(text.split())


REGISTRY: dict[str, Claim] = {}


def claim(
    claim_id: str,
    *,
    sentence: str,
    statement: str,
    scope: Scope,
    scope_note: str,
    method: str,
    quote: str | tuple[str, ...] | None,
    expected: Expected = "proven",
    uses: tuple[str, ...] = (),
    stance: Stance = "states",
    condition: str = "",
    defines: tuple[str, ...] = (),
) -> Callable[[Builder], Builder]:
    """Register the decorated builder as the claim ``claim_id`` (ids are unique).

    ``defines`` names the functions of ``note.model`` a definition claim checks: a claim
    whose obligations call one of them uses that definition (``ledger.uses``).

    ``quote`` is required: the note's passage(s), verbatim, or ``None`` for a claim the note
    does not make, whose ``sentence`` must then start with ``NOT_IN_NOTE``."""
    quotes = () if quote is None else (quote,) if isinstance(quote, str) else tuple(quote)

    def register(builder: Builder) -> Builder:
        if claim_id in REGISTRY:
            raise GrpoSigmaError(f"claim id {claim_id!r} is registered twice")
        if not quotes and not sentence.startswith(NOT_IN_NOTE):
            raise GrpoSigmaError(
                f"claim {claim_id!r} quotes nothing: its sentence must start {NOT_IN_NOTE!r}"
            )
        REGISTRY[claim_id] = Claim(
            id=claim_id,
            sentence=sentence,
            statement=statement,
            scope=scope,
            scope_note=scope_note,
            method=method,
            obligations=builder,
            expected=expected,
            uses=tuple(uses),
            section=builder.__module__.rsplit(".", 1)[-1],
            quotes=tuple(normalize(q) for q in quotes),
            stance=stance,
            condition=condition,
            defines=tuple(defines),
        )
        return builder

    return register


def check_graph(claims: dict[str, Claim]) -> None:
    """Every ``uses`` id exists, and the ``uses`` graph is acyclic."""
    for c in claims.values():
        unknown = [u for u in c.uses if u not in claims]
        if unknown:
            raise GrpoSigmaError(f"claim {c.id!r} uses unknown claims {unknown}")
    state: dict[str, int] = {}

    def visit(cid: str, path: tuple[str, ...]) -> None:
        if state.get(cid) == 2:
            return
        if state.get(cid) == 1:
            cycle = " → ".join((*path[path.index(cid) :], cid))
            raise GrpoSigmaError(f"the uses graph has a cycle: {cycle}")
        state[cid] = 1
        for used in claims[cid].uses:
            visit(used, (*path, cid))
        state[cid] = 2

    for cid in claims:
        visit(cid, ())
