"""The LaTeX the review's grammar knows by name: letters, decorations, words, functions.

Greek letters and decorated names (``\\hat p``) are names; ``\\mathrm{…}`` words are names
or, where listed in ``FUNCTIONS`` or ``STATISTICS``, functions with their SymPy meaning.
``SPELLINGS`` and ``SPACING`` rewrite variant spellings and spacing before the scan.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sympy as sp

INDEX_LETTERS = frozenset("ijklgt")
"""Subscripts read as an index of a family (``r_i``); other letters are part of a name."""
GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu"
    " xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta"
    " Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega ell".split()
)
DECORATIONS = frozenset(
    "hat bar tilde widehat widetilde overline check dot ddot vec mathbf boldsymbol bm mathcal"
    " mathsf mathit mathscr".split()
)
WORDS = frozenset("mathrm operatorname text textrm textit rm".split())
FUNCTIONS: dict[str, Callable[..., sp.Expr]] = {
    "clip": lambda x, lo, hi: sp.Min(sp.Max(x, lo), hi),
    "sign": sp.sign,
    "sgn": sp.sign,
    "softplus": lambda x: sp.log(1 + sp.exp(x)),
    "tanh": sp.tanh,
    "sin": sp.sin,
    "cos": sp.cos,
}
STATISTICS = frozenset({"mean", "std", "var", "Var"})
"""``\\mathrm{mean}(r)`` and the like of a family over the draft's size (population std)."""


def _statistic(name: str, family: str, size: sp.Expr) -> sp.Expr:
    entry, k = sp.IndexedBase(family), sp.Symbol("k", integer=True)
    mean = sp.Sum(entry[k], (k, 1, size)) / size
    variance = sp.Sum((entry[k] - mean) ** 2, (k, 1, size)) / size
    return {"mean": mean, "std": sp.sqrt(variance)}.get(name, variance)


SPACING = re.compile(
    r"\\(?:[,;:! ]|quad|qquad|displaystyle|textstyle|limits|nolimits)(?![A-Za-z])|~"
    r"|\\(?:left|right|[bB]ig{1,2}[lrm]?)(?![A-Za-z])\.?"
)
SPELLINGS = (
    (r"\\[dt]frac(?![a-z])", r"\\frac"),
    (r"\\ln(?![a-z])", r"\\log"),
    (r"\\varepsilon", r"\\epsilon"),
    (r"\\lbrack|\\lbrace", "("),
    (r"\\rbrack|\\rbrace", ")"),
    (r"\\mathrm\{e\}", "e"),
    (r"\\mathbb\s*\{?\s*E\s*\}?", r"\\E"),
    (r"\\operatorname\*?\{(min|max|exp|log)\}", r"\\\1"),
)
