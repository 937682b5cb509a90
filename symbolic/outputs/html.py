"""``grpo-sigma audit --html DIR``: the audit as a static web report that works offline.

``index.html`` has the findings for the author, the claims' dependency graph (inline SVG, a
link per claim) and the table with coloured statuses; ``claims/<id>.html`` has one claim: its
sentence, statement, assumption, scope, status, the claims it uses and that use it, every
obligation with its formula (presentation MathML from SymPy's printer, which browsers render
natively), how it was proven, the counterexample, and the note's derivations of it step by
step.  No script, no external file: every page carries its own style.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from sympy import Basic

from ..ledger.audit import ClaimResult, status_text
from ..ledger.cache import default_directory
from ..ledger.derivations import DERIVATIONS, Derivation, Step, check_derivation
from .blueprint import counterexample, formula, formula_latex, shown_value, used_by
from .files import write_files
from .findings import beyond_the_note, findings
from .graph import STATUS_COLOURS, UNEXPECTED, claim_graph, render
from .printer import math_element, mathml_body, note_mathml

STYLE = (
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .5em;"
    "text-align:left;vertical-align:top}"
    ".status{padding:.1em .4em;border-radius:.3em;white-space:nowrap}"
    ".unexpected{outline:3px solid " + UNEXPECTED + "}"
    ".assumption{border-left:4px solid #888;padding-left:.8em;font-style:italic}"
    ".formula{overflow-x:auto;overflow-y:hidden}.how{color:#555;font-size:.9em}"
    "blockquote{color:#444;border-left:3px solid #ddd;margin-left:0;padding-left:1em}"
    "svg{max-width:100%;height:auto}"
)


def _page(title: str, body: list[str], up: str = "") -> str:
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{escape(title)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            *([f'<p><a href="{up}index.html">← all claims</a></p>'] if up else []),
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


def status_badge(result: ClaimResult) -> str:
    """The claim's status in its colour (outlined in red if not the expected verdict)."""
    extra = "" if result.as_expected else " unexpected"
    colour = STATUS_COLOURS[result.status]
    text = escape(status_text(result))
    return f'<span class="status{extra}" style="background:{colour}">{text}</span>'


def _verdict_badge(status: str) -> str:
    colour = STATUS_COLOURS.get(status, "#dddddd")
    return f'<span class="status" style="background:{colour}">{escape(status)}</span>'


def _claim_link(claim_id: str, prefix: str = "") -> str:
    return f'<a href="{prefix}{claim_id}.html"><code>{escape(claim_id)}</code></a>'


def _links(ids: Sequence[str]) -> str:
    return ", ".join(_claim_link(c) for c in ids) or "none"


def graph_svg(results: Sequence[ClaimResult], prefix: str) -> str:
    """The dependency graph as inline SVG, each node linked to ``prefix<id>.html``."""
    svg = render(claim_graph(results, href=lambda c: f"{prefix}{c}.html"), "svg").decode()
    return svg[svg.index("<svg") :]


def claim_page(result: ClaimResult, users: Sequence[str]) -> str:
    """One claim's page."""
    c = result.claim
    body = [
        f"<h1><code>{escape(c.id)}</code> {status_badge(result)}</h1>",
        f"<blockquote><em>The note:</em> {escape(c.sentence)}</blockquote>",
        f"<p><strong>Statement.</strong> {escape(c.statement)}.</p>",
    ]
    if c.condition:
        assumed = f"<strong>Assumption.</strong> {escape(c.condition)}."
        body.append(f'<p class="assumption">{assumed}</p>')
    body += [
        f"<p><strong>Scope.</strong> {escape(c.scope)}: {escape(c.scope_note)}. "
        f"<strong>Method.</strong> {escape(c.method)}. Expected: {escape(c.expected)}.</p>",
        f"<p><strong>Uses.</strong> {_links(c.uses)}. <strong>Used by.</strong> "
        f"{_links(users)}.</p>",
        "<h2>Obligations</h2>",
        "<ol>",
    ]
    for obligation, (label, verdict) in zip(c.obligations(), result.verdicts, strict=True):
        how = verdict.method + (f": {verdict.detail}" if verdict.detail else "")
        body += [
            f"<li>{_verdict_badge(verdict.status)} {escape(label)}",
            f'<div class="how">{escape(how)}; {verdict.points} points at '
            f"{verdict.digits} digits</div>",
        ]
        if formula_latex(obligation) is not None:
            body.append(f'<div class="formula">{note_mathml(formula(obligation))}</div>')
        body.append("</li>")
    body.append("</ol>")
    found = counterexample(result)
    if found:
        label, point = found
        body += [f"<h2>Counterexample</h2><p>{escape(label)}:</p>", "<table>"]
        for key, value in point.items():
            shown = note_mathml(key, False) if isinstance(key, Basic) else escape(str(key))
            value = escape(shown_value(value))
            body.append(f"<tr><td>{shown}</td><td><code>{value}</code></td></tr>")
        body.append("</table>")
    for derivation in DERIVATIONS:
        if derivation.claim_id == c.id:
            body += derivation_html(derivation)
    return _page(f"{c.id}: {result.status}", body, up="../")


def relation_mathml(step: Step) -> str:
    """``=`` for an exact step (marked "def" for a definition), an arrow marked ``G → ∞``
    for a limit step."""
    if step.definition:
        return '<mover><mo>=</mo><mi mathvariant="normal">def</mi></mover>'
    if step.limit is None:
        return "<mo>=</mo>"
    variable, point = step.limit
    below = f"{mathml_body(variable)}<mo>→</mo>{mathml_body(point)}"
    return f"<munder><mo>⟶</mo><mrow>{below}</mrow></munder>"


def derivation_html(derivation: Derivation) -> list[str]:
    """A derivation of the claim, step by step, each step's proof or assumption shown."""
    checked = check_derivation(derivation, cache=default_directory())
    body = [
        f"<h2>Derivation: {escape(derivation.title)}</h2>",
        f"<blockquote><em>The note:</em> {escape(derivation.sentence)}</blockquote>",
    ]
    if derivation.reasoning:
        body.append(f"<p>{escape(derivation.reasoning)}</p>")
    body.append('<ol start="0">')
    for number, step in enumerate(derivation.steps):
        head = escape(step.justification)
        if step.assumption:
            head = f'<span class="assumption">Assume {escape(step.assumption)}.</span> {head}'
        elif step.definition:
            head = f'<span class="assumption">By definition.</span> {head}'
        how = ""
        if number:
            verdict = checked.verdicts[number - 1]
            how = f"{checked.how(number)}; {verdict.points} points at {verdict.digits} digits"
        relation = relation_mathml(step) if number else ""
        math = math_element(f"<mrow>{relation}{mathml_body(step.expr)}</mrow>")
        body += [
            f"<li>{head}",
            *([f'<div class="how">{escape(how)}</div>'] if how else []),
            f'<div class="formula">{math}</div></li>',
        ]
    body.append("</ol>")
    return body


def index_page(results: Sequence[ClaimResult]) -> str:
    """The table of every claim, the graph, and the findings for the author."""
    good = sum(r.as_expected for r in results)
    body = [
        "<h1>GRPO σ-normalization: the audit of the note's claims</h1>",
        f"<p>{good} of {len(results)} claims have their expected verdict. Every claim is a "
        "set of obligations proven symbolically (or refuted by a certified counterexample) "
        "and cross-checked in mpmath.</p>",
        "<h2>Findings for the author</h2>",
        "<ul>",
    ]
    for finding in findings(list(results)):
        quote = f"“{escape(finding.quote)}”"
        body.append(f"<li><strong>{escape(finding.verdict)}</strong>: {quote}")
        if finding.supported_by:
            ids = [s.split(" ")[0] for s in finding.supported_by]
            body.append(f"<br>supported by: {', '.join(_claim_link(i, 'claims/') for i in ids)}")
        body += [f"<br>only: {escape(x)}" for x in finding.conditions]
        body += [f"<br>fails: {escape(x)}" for x in finding.fails]
        body.append("</li>")
    body.append("</ul>")
    beyond = beyond_the_note(list(results))
    if beyond:
        links = ", ".join(_claim_link(c, "claims/") for c in beyond)
        body.append(f"<p>Checked beyond the note: {links}.</p>")
    body += [
        "<h2>Dependencies</h2>",
        "<p>An arrow from A to B: claim B uses claim A. Green: proven; red: refuted (double "
        "border: refuted as the ledger expects); yellow: confirmed numerically only.</p>",
        graph_svg(results, "claims/"),
        "<h2>Claims</h2>",
        "<table>",
        "<tr><th>claim</th><th>status</th><th>scope</th><th>method</th><th>points</th></tr>",
    ]
    for r in results:
        body.append(
            f"<tr><td>{_claim_link(r.claim.id, 'claims/')}</td><td>{status_badge(r)}</td>"
            f"<td>{escape(r.claim.scope)}</td><td>{escape(r.claim.method)}</td>"
            f"<td>{r.points}</td></tr>"
        )
    body.append("</table>")
    return _page("grpo-sigma audit", body)


def render_html(results: Sequence[ClaimResult]) -> dict[str, str]:
    """Relative path → content of every page of the report."""
    users = used_by(results)
    pages = {"index.html": index_page(results)}
    for r in results:
        pages[f"claims/{r.claim.id}.html"] = claim_page(r, users.get(r.claim.id, []))
    return pages


def write_html(out: str | Path, results: Sequence[ClaimResult]) -> list[Path]:
    """Write the report into ``out`` (its parent must exist); return the paths."""
    pages = render_html(results)
    top = {k: v for k, v in pages.items() if "/" not in k}
    claims = {k.split("/", 1)[1]: v for k, v in pages.items() if "/" in k}
    return write_files(out, top) + write_files(Path(out) / "claims", claims)
