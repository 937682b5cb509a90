"""A user's potential for ``grpo-sigma policy --phi``: Φ(x1, x2) read as SymPy, proven
strictly convex on the simplex by the kernel, and turned into its Savage rule
``S(p̂, a) = Φ(p̂) + ⟨∇Φ(p̂), e_a − p̂⟩`` (p̂ = (x1, x2) = (P(a = 1), P(a = 0)))."""

from __future__ import annotations

import sympy as sp
from sympy.parsing.sympy_parser import parse_expr

from ..engine.convexity import strict_convexity
from ..errors import GrpoSigmaError
from ..note import model as m

X1, X2 = sp.symbols("x1 x2", positive=True)


def user_potential(text: str) -> m.ScoringRule:
    """The Savage rule of ``Φ = text``; ``GrpoSigmaError`` if Φ is unreadable, uses other
    variables than x1, x2, or is not proven strictly convex on the simplex."""
    try:
        potential = parse_expr(str(text), local_dict={"x1": X1, "x2": X2})
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
