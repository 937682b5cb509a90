"""The kernel's premise *defined*: every denominator of a statement proven nonzero.

The denominators of an expression are the base of each negative power and the vanishing
function of each pole (``cos`` under ``tan``/``sec``, ``sin`` under ``cot``/``csc``).  Each
is proven nonzero on the whole domain (the sign step, either sign, or ball arithmetic); one
that is not must be nonzero somewhere and, for an identity, shared by the other side
(``defined_alike``), or, for a sign, split off the domain (``defined_apart``).  Part of the
trusted base: the proofs made here are the kernel's.
"""

from __future__ import annotations

import functools
import itertools

import mpmath
import sympy as sp

from .certify import exact_value, exactly_nonzero
from .domain import Domain, every_point
from .intervals import sign_on
from .seal import Proof, _proved, failed

POLES = {sp.tan: sp.cos, sp.sec: sp.cos, sp.cot: sp.sin, sp.csc: sp.sin}
"""Functions with a pole where another function of their argument vanishes."""


def denominators(expr: sp.Expr) -> list[sp.Expr]:
    """Every expression that must be nonzero for ``expr`` to be defined: the base of each
    negative power and the vanishing function of each pole (``cos x`` for ``tan x``); a
    summation index in one is written ``lo + n``, ``n ≥ 0`` an integer (its range's start).
    An integral is a number: its integrand is the quadrature's concern, not a denominator."""
    found: dict[sp.Expr, None] = {}

    def visit(node: sp.Basic, indices: dict) -> None:
        if isinstance(node, sp.Integral):  # a value, not a function of its variable
            return
        if isinstance(node, sp.Sum | sp.Product):
            inner = dict(indices)
            for index, lo, _ in node.limits:
                inner[index] = lo + sp.Dummy(f"n_{index}", integer=True, nonnegative=True)
            visit(node.function, inner)
            return
        if isinstance(node, sp.Pow) and node.exp.is_negative:
            found[node.base.xreplace(indices)] = None
        elif type(node) in POLES:
            found[POLES[type(node)](node.args[0]).xreplace(indices)] = None
        for arg in node.args:
            visit(arg, indices)

    visit(sp.sympify(expr), {})
    return list(found)


def nonzero(expr: sp.Expr, domain: Domain) -> Proof:
    """``expr ≠ 0`` on the domain: a constant certainly nonzero, each factor of either sign
    by the sign step, or one sign on the whole box by ball arithmetic."""
    for base in _vanishing(expr, domain, whole=True):
        return failed(f"premise not proven: {base} ≠ 0 on the domain")
    return _proved((f"{expr} ≠ 0 on the domain",))


@functools.lru_cache(maxsize=4096)
def _nonzero_factor(factor: sp.Expr, domain: Domain) -> bool:
    from . import kernel  # the sign step (the kernel imports this module)

    if factor.is_number:
        return exactly_nonzero(factor)
    if any(kernel._sign(s * factor, domain, strict=True).proven for s in (1, -1)):
        return True
    return any(sign_on(s * factor, domain).sign == "positive" for s in (1, -1))


def defined(exprs: tuple[sp.Expr, ...], domain: Domain) -> Proof:
    """Premise *defined on the domain*: every denominator of ``exprs`` proven nonzero."""
    for expr in exprs:
        for denominator in denominators(expr):
            proof = nonzero(denominator, domain)
            if not proof.proven:
                return proof
    return _proved(("every denominator proven nonzero on the domain",))


def _vanishing(expr: sp.Expr, domain: Domain, whole: bool = False) -> list[sp.Expr]:
    """The factors of the denominators of ``expr`` (of ``expr`` itself if ``whole``) not
    proven nonzero on the domain."""
    found = {}
    for d in [expr] if whole else denominators(expr):
        for factor in sp.Mul.make_args(sp.factor_terms(d)):
            base = factor.base if isinstance(factor, sp.Pow) and factor.exp.is_positive else factor
            if not _nonzero_factor(base, domain):
                found[base] = None
    return list(found)


SAMPLES = 3
"""Points of the domain at which a denominator is evaluated exactly."""


def _sample_values(expr: sp.Expr, domain: Domain) -> list[sp.Expr]:
    """``expr`` evaluated exactly at the first ``SAMPLES`` points of the domain."""
    with mpmath.workdps(30):
        points = list(itertools.islice(every_point(domain, 0), SAMPLES))
    return [exact_value(expr, point, {}) for point in points]


def _somewhere_nonzero(expr: sp.Expr, domain: Domain) -> bool:
    """``expr`` is exactly nonzero at one sample point: it does not vanish everywhere."""
    return any(exactly_nonzero(v) for v in _sample_values(expr, domain))


def _same_zeros(d: sp.Expr, e: sp.Expr, domain: Domain) -> bool:
    """``e = c·d`` identically for some ``c`` proven nonzero on the domain, so that ``d`` and
    ``e`` vanish at the same points.  ``c`` is guessed from exact values at the sample
    points (a rational times a power −1, 0 or 1 of each size) and then the identity
    ``e = c·d`` is proven by the identity step: the guess is never trusted."""
    from . import kernel  # the identity step (the kernel imports this module)

    if d == e or sp.cancel(e - d) == 0:
        return True
    with mpmath.workdps(30):
        points = list(itertools.islice(every_point(domain, 0), SAMPLES))
    ratios = []
    for point in points:
        dv, ev = exact_value(d, point, {}), exact_value(e, point, {})
        if not (exactly_nonzero(dv) and exactly_nonzero(ev) and (ev / dv).is_Rational):
            return False
        ratios.append((point.sizes, ev / dv))
    sizes = sorted(domain.size_symbols(), key=sp.default_sort_key)
    for powers in itertools.product((0, -1, 1), repeat=len(sizes)):
        shape = sp.Mul(*(s**k for s, k in zip(sizes, powers, strict=True)))
        guesses = {r / shape.xreplace(at) for at, r in ratios}
        if len(guesses) == 1:
            c = guesses.pop() * shape
            return nonzero(c, domain).proven and kernel._identity(e, c * d, domain, depth=1).proven
    return False


def defined_alike(left: sp.Expr, right: sp.Expr, domain: Domain) -> Proof:
    """Premise of an identity: every denominator proven nonzero on the domain, or shared by
    both sides (one side's vanishes exactly where one of the other side's does) and
    nonzero somewhere: both sides are then undefined at the same points, and the identity
    is that of the two partial functions."""
    open_left, open_right = _vanishing(left, domain), _vanishing(right, domain)
    notes = []
    for mine, theirs in ((open_left, open_right), (open_right, open_left)):
        for d in mine:
            if not any(_same_zeros(d, e, domain) for e in theirs):
                return failed(f"premise not proven: {d} ≠ 0 on the domain")
            if not _somewhere_nonzero(d, domain):
                return failed(f"premise not proven: {d} is not 0 everywhere")
            notes.append(f"both sides undefined exactly where {d} = 0")
    return _proved(tuple(dict.fromkeys(notes)))


def defined_apart(expr: sp.Expr, domain: Domain) -> Proof:
    """Premise of a sign: every denominator proven nonzero on the domain, or nonzero
    somewhere: the sign is then proven on the domain split where it vanishes (the trace
    names it; the expression is undefined there)."""
    notes = []
    for d in _vanishing(expr, domain):
        if not _somewhere_nonzero(d, domain):
            return failed(f"premise not proven: {d} is not 0 everywhere")
        notes.append(f"on the domain where {d} ≠ 0 (the expression is undefined where it is 0)")
    return _proved(tuple(notes))
