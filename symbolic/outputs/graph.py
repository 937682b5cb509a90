"""The dependency graph of the claims, drawn with Graphviz and coloured by audit status.

A node per claim, an edge ``used → user`` for every ``uses=`` edge of the ledger (as a Lean
blueprint draws them).  ``claim_graph`` builds the ``graphviz.Digraph``; its DOT source is
deterministic, and ``render`` lays it out with Graphviz's ``dot`` (PDF for the document, SVG
with a link per node for the web report).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..errors import GrpoSigmaError
from ..ledger.audit import ClaimResult

STATUS_COLOURS = {
    "proven": "#b7e1b0",
    "refuted": "#f4b6b0",
    "confirmed numerically": "#f7e3a1",
    "agrees with oracle": "#c6dbef",
    "unknown": "#f7e3a1",
    "definition": "#e3e3e3",
}
"""Fill colour of a claim's node by its status (a claim refuted as the ledger expects is
refuted, drawn with a double border); ``unknown`` colours an obligation's status."""
UNEXPECTED = "#d62728"


def status_colour(result: ClaimResult) -> str:
    """The fill colour of a claim by its audit status."""
    return STATUS_COLOURS[result.status]


def claim_graph(
    results: Sequence[ClaimResult], href: Callable[[str], str] | None = None
):  # -> graphviz.Digraph (imported lazily)
    """The ``uses`` graph of these claims; ``href(id)`` gives each node a link (SVG)."""
    import graphviz

    graph = graphviz.Digraph(
        "claims", graph_attr={"rankdir": "TB", "ranksep": "0.35", "nodesep": "0.2"}
    )
    graph.attr("node", shape="box", style="rounded,filled", fontname="Helvetica", fontsize="11")
    graph.attr("edge", color="#555555", arrowsize="0.7")
    shown = {r.claim.id for r in results}
    for r in results:
        attributes = {"fillcolor": status_colour(r), "tooltip": f"{r.claim.id}: {r.status}"}
        if r.claim.expected == "refuted":
            attributes["peripheries"] = "2"
        if not r.as_expected:
            attributes.update(color=UNEXPECTED, penwidth="3")
        if href is not None:
            attributes.update(href=href(r.claim.id), target="_top")
        graph.node(r.claim.id, r.claim.id, **attributes)
    for r in results:
        for used in r.claim.uses:
            if used in shown:
                graph.edge(used, r.claim.id)
    return graph


def render(graph, fmt: str) -> bytes:  # graph: graphviz.Digraph
    """The graph laid out by ``dot`` as ``fmt`` (``"pdf"``, ``"svg"``)."""
    import graphviz

    try:
        return graph.pipe(format=fmt)
    except graphviz.ExecutableNotFound:
        raise GrpoSigmaError("Graphviz's dot not found (apt-get install graphviz)") from None
