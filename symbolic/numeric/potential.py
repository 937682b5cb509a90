"""A user's potential for ``grpo-sigma policy --phi``: Φ(x1, x2) read as SymPy, proven
strictly convex on the simplex by the kernel, and turned into its Savage rule
``S(p̂, a) = Φ(p̂) + ⟨∇Φ(p̂), e_a − p̂⟩`` (p̂ = (x1, x2) = (P(a = 1), P(a = 0)))."""

from __future__ import annotations

import io
import tokenize

import sympy as sp
from sympy.parsing.sympy_parser import parse_expr

from ..engine.convexity import strict_convexity
from ..errors import GrpoSigmaError
from ..flatcode import LONG_SUM
from ..note import model as m

X1, X2 = sp.symbols("x1 x2", positive=True)


def _terms(text: str) -> list[str]:
    """``text`` cut before each ``+``/``-`` that joins two terms outside any bracket (not a
    sign after an operator, not inside a number such as ``1e-5``: Python's tokens say)."""
    pieces, start, depth, previous = [], 0, 0, None
    lines = text.splitlines(keepends=True)
    offsets = [sum(len(line) for line in lines[:k]) for k in range(len(lines) + 1)]
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER):
            continue
        at = offsets[token.start[0] - 1] + token.start[1]
        if token.string in "([{":
            depth += 1
        elif token.string in ")]}":
            depth -= 1
        elif token.string in "+-" and depth == 0 and previous is not None:
            if previous.type != tokenize.OP or previous.string in ")]}":
                pieces.append(text[start:at])
                start = at
        previous = token
    return [*pieces, text[start:]]


def _read(text: str) -> sp.Expr:
    """``text`` as SymPy, a sum term by term: Python's parser recurses once per ``+`` of one
    long expression and fails on thousands of terms."""
    names = {"x1": X1, "x2": X2}
    terms = _terms(text)
    if len(terms) <= LONG_SUM:
        return parse_expr(text, local_dict=names)
    return sp.Add(*(parse_expr(term, local_dict=names) for term in terms))


def user_potential(text: str) -> m.ScoringRule:
    """The Savage rule of ``Φ = text``; ``GrpoSigmaError`` if Φ is unreadable, uses other
    variables than x1, x2, or is not proven strictly convex on the simplex."""
    try:
        potential = _read(str(text))
    except Exception as error:  # any failure to read the user's text is their mistake
        raise GrpoSigmaError(f"--phi: cannot read {text!r} as an expression in x1, x2") from error
    if not isinstance(potential, sp.Expr):
        raise GrpoSigmaError(f"--phi: {text!r} is not an expression in x1, x2")
    stray = potential.free_symbols - {X1, X2}
    if stray:
        names = ", ".join(sorted(map(str, stray)))
        raise GrpoSigmaError(f"--phi: Φ may use only x1 and x2 (p̂ = (x1, x2)), not {names}")
    verdict = strict_convexity(potential, (X1, X2))
    if verdict.status != "proven":
        raise GrpoSigmaError(
            f"--phi: Φ = {potential} is not proven strictly convex on the simplex "
            f"({verdict.detail})"
        )
    return m.savage_rule(potential, (X1, X2), name=f"Φ = {potential}")
