"""The dependency graph of the claims, drawn with Graphviz and coloured by what a status means.

A node per claim, an edge ``used → user`` for every ``uses=`` edge of the ledger (as a Lean
blueprint draws them), each node filled by its meaning (``symbolic.outputs.meaning``) and
labelled with its mark (✓ as expected, ✗ unexpected, ? not decided), so that colour is never
alone.  ``claim_graph`` builds the whole graph, one cluster per section of the note (the web
report); ``section_graph`` one section's claims and the claims they use from elsewhere (the
blueprint, one graph per section so that each is read at page size).  The DOT source is
deterministic; ``render`` lays it out with Graphviz's ``dot``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..errors import GrpoSigmaError
from ..ledger.audit import ClaimResult
from .meaning import MEANING_COLOURS, MEANING_MARKS, UNEXPECTED_EDGE, claim_meaning

DOT_MARKS = {m: f"&#{ord(mark)};" for m, mark in MEANING_MARKS.items()}
"""The marks as character references: the DOT source stays ASCII like the LaTeX."""
STAGGER = 3
"""The ranks over which the claims used from other sections are spread (their edges'
lengths cycle through 1, …, ``STAGGER``), so that they do not all stand in one wide row."""
OUTSIDE = "#ffffff"
"""The fill of a claim drawn in another section's graph (it is coloured in its own)."""


def status_colour(result: ClaimResult) -> str:
    """The fill colour of a claim by the meaning of its audit status."""
    return MEANING_COLOURS[claim_meaning(result)]


def sections(results: Sequence[ClaimResult]) -> list[str]:
    """The sections of these claims, in ledger order."""
    return list(dict.fromkeys(r.claim.section for r in results))


def _digraph(name: str):  # -> graphviz.Digraph (imported lazily)
    import graphviz

    layout = {"rankdir": "TB", "ranksep": "0.3", "nodesep": "0.15"}
    graph = graphviz.Digraph(name, graph_attr=layout)
    graph.attr("node", shape="box", style="rounded,filled", fontname="Helvetica", fontsize="11")
    graph.attr("edge", color="#555555", arrowsize="0.7")
    return graph


def _node(graph, result: ClaimResult, href: Callable[[str], str] | None) -> None:
    meaning = claim_meaning(result)
    attributes = {
        "fillcolor": MEANING_COLOURS[meaning],
        "tooltip": f"{result.claim.id}: {result.status} ({meaning})",
    }
    if meaning == "unexpected":
        attributes.update(color=UNEXPECTED_EDGE, penwidth="3")
    if href is not None:
        attributes.update(href=href(result.claim.id), target="_top")
    graph.node(result.claim.id, wrapped(f"{DOT_MARKS[meaning]} {result.claim.id}"), **attributes)


def wrapped(label: str, width: int = 18) -> str:
    """A claim's label on lines of about ``width`` characters, broken after an underscore
    (the id stays whole when read: ``sigma_normalized_`` / ``advantage_definition``)."""
    lines = [""]
    for part in re.split(r"(?<=_)", label):
        if lines[-1] and len(lines[-1]) + len(part) > width:
            lines.append("")
        lines[-1] += part
    return r"\n".join(lines)


def claim_graph(
    results: Sequence[ClaimResult], href: Callable[[str], str] | None = None
):  # -> graphviz.Digraph
    """The ``uses`` graph of these claims, a cluster per section; ``href(id)`` gives each
    node a link (SVG)."""
    graph = _digraph("claims")
    for section in sections(results):
        with graph.subgraph(name=f"cluster_{section}") as cluster:
            cluster.attr(label=section.replace("_", " "), fontname="Helvetica", color="#bbbbbb")
            for r in results:
                if r.claim.section == section:
                    _node(cluster, r, href)
    shown = {r.claim.id for r in results}
    for r in results:
        for used in r.claim.uses:
            if used in shown:
                graph.edge(used, r.claim.id)
    return graph


def section_graph(results: Sequence[ClaimResult], section: str):  # -> graphviz.Digraph
    """One section's claims, and (white, dashed) the claims of other sections they use."""
    graph = _digraph(section)
    by_id = {r.claim.id: r for r in results}
    inside = [r for r in results if r.claim.section == section]
    for r in inside:
        _node(graph, r, None)
    outside = {u for r in inside for u in r.claim.uses if u in by_id} - {r.claim.id for r in inside}
    outside = sorted(outside, key=list(by_id).index)
    for used in outside:
        graph.node(used, wrapped(used), fillcolor=OUTSIDE, style="rounded,dashed,filled")
    for r in inside:
        for used in r.claim.uses:
            if used in outside:  # staggered over STAGGER ranks, as Graphviz's unflatten -l
                graph.edge(used, r.claim.id, minlen=str(1 + outside.index(used) % STAGGER))
            elif used in by_id:
                graph.edge(used, r.claim.id)
    return graph


def render(graph, fmt: str) -> bytes:  # graph: graphviz.Digraph
    """The graph laid out by ``dot`` as ``fmt`` (``"pdf"``, ``"svg"``)."""
    import graphviz

    try:
        return graph.pipe(format=fmt)
    except graphviz.ExecutableNotFound:
        raise GrpoSigmaError("Graphviz's dot not found (apt-get install graphviz)") from None
