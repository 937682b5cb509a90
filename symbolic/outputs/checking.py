"""Checking one link ``lhs ~ rhs`` of a draft's chain through the kernel.

``=`` and ``≈`` are identities (``check_identity``); one that fails at finite ``G`` but whose
difference tends to 0 as ``G → ∞`` holds only in that limit.  ``∝`` asks that the ratio be
the same at two predictions ``p̂, p̂'`` and positive (the note's "one positive scalar").
``>``, ``<`` are signs (``Positive``).  What the reading assumes (a population limit,
σ̂ held fixed) qualifies a link that is proven.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import mpmath
import sympy as sp

from ..engine.domain import Domain, Interval, Simplex
from ..engine.obligations import Limit, Positive, Verdict
from ..note import model as m
from .reading import GROUP_SIZE, OUTCOME, OUTCOMES, Reader, Setting, Unreadable, domain_of, sizes_of


@dataclass(frozen=True)
class LinkCheck:
    """The kernel's word on one link: status, why, and a suggested wording."""

    status: str  # "verified", "qualified", "false" or "not checked"
    detail: str
    suggestion: str = ""


PARAMETERS = {m.sigma, m.sigma_0, m.sigma_1, m.epsilon}
PARAMETER_TEX = re.compile(r"\\sigma_\{?[01a]\}?|\\hat\s*\\sigma(_R|_\{\\mathrm\{KL\}\})?")
NAMES = {"p_vec": "p", "phat_vec": "p̂", "phat": "p̂", "epsilon": "ε", "sigma": "σ̂"}


def _check_identity(lhs: sp.Expr, rhs: sp.Expr, domain: tuple[dict, list]) -> Verdict:
    from .. import check_identity

    intervals, simplices = domain
    return check_identity(lhs, rhs, intervals=intervals, simplices=simplices)


def _domain(intervals: dict, simplices: list) -> Domain:
    return Domain(
        simplices=tuple(Simplex(tuple(s)) for s in simplices),
        intervals=tuple(
            Interval(k, sp.sympify(lo), sp.sympify(hi)) for k, (lo, hi) in intervals.items()
        ),
    )


def show_point(point: dict) -> str:
    """A counterexample as ``p[1]=0.64, p̂[1]=0.2, ...`` (6 digits)."""

    def name(atom: object) -> str:
        if isinstance(atom, sp.Indexed):
            label = NAMES.get(str(atom.base.label), str(atom.base.label))
            return f"{label}[{', '.join(map(str, atom.indices))}]"
        return NAMES.get(str(atom), str(atom))

    def value(v: object) -> str:
        return mpmath.nstr(v, 6) if isinstance(v, mpmath.mpf) else str(v)

    return ", ".join(
        f"{name(k)}={value(v)}" for k, v in sorted(point.items(), key=lambda kv: str(kv[0]))
    )


def _pairs(lhs: sp.Expr, rhs: sp.Expr) -> list[tuple[sp.Expr, sp.Expr]]:
    """The sampled outcome ``a`` takes the values 0 and 1."""
    if OUTCOME not in (lhs.free_symbols | rhs.free_symbols):
        return [(lhs, rhs)]
    return [(lhs.xreplace({OUTCOME: v}), rhs.xreplace({OUTCOME: v})) for v in (0, 1)]


@cache
def check_link(relation: str, lhs: str, rhs: str, whole: str) -> LinkCheck:
    """Check ``lhs relation rhs``, read in the setting of the whole chain ``whole``."""
    if relation == "∼":
        return LinkCheck("not checked", "states how the outcome is sampled (a definition)")
    if relation == "=" and re.fullmatch(r"[a-z]", lhs) and re.fullmatch(r"\d+", rhs):
        return LinkCheck("not checked", f"a case ({lhs} = {rhs}), not a statement")
    if relation == "=" and PARAMETER_TEX.fullmatch(lhs):
        return LinkCheck("not checked", f"defines {lhs}, which the model takes as a parameter")
    if relation in ("→", "≠"):
        return LinkCheck("not checked", f"the kernel does not read '{relation}' links")
    reader = Reader(Setting.of(whole))
    try:
        # the model's integer G read as the prose's real G > 1 (an integer has no interval)
        left, right = (reader.read(side).xreplace({m.G: GROUP_SIZE}) for side in (lhs, rhs))
    except Unreadable as error:
        return LinkCheck("not checked", f"not read: {error}")
    assumed = "; ".join(dict.fromkeys(reader.assumptions))
    if relation in (">", "<", "≥", "≤"):
        return _sign(left, right, relation, assumed)
    if relation == "∝":
        return _proportional(left, right, assumed)
    return _identity(left, right, assumed)


def _identity(left: sp.Expr, right: sp.Expr, assumed: str) -> LinkCheck:
    verdicts = [_check_identity(lo, ro, domain_of(lo, ro)) for lo, ro in _pairs(left, right)]
    refuted = [v for v in verdicts if v.status == "refuted"]
    if refuted:
        found = f"counterexample: {show_point(refuted[0].counterexample)}"
        if GROUP_SIZE in (left.free_symbols | right.free_symbols):
            return _large_group(left, right, assumed)
        return LinkCheck("false", f"refuted by the kernel; {found}")
    if all(v.status == "proven" for v in verdicts):
        if assumed:
            return LinkCheck("qualified", f"proven, taking {assumed}", f"state it: {assumed}")
        sizes = sizes_of(left, right)
        return LinkCheck("verified", f"proven by the kernel at {sizes}" if sizes else "")
    points = sum(v.points for v in verdicts)
    return LinkCheck(
        "not checked", f"no proof within the budget; no counterexample at {points} points"
    )


def _large_group(left: sp.Expr, right: sp.Expr, assumed: str) -> LinkCheck:
    """An identity refuted at finite G: does it hold as G → ∞?"""
    at_two = _check_identity(
        left.subs(GROUP_SIZE, 2),
        right.subs(GROUP_SIZE, 2),
        domain_of(left.subs(GROUP_SIZE, 2), right.subs(GROUP_SIZE, 2)),
    )
    shown = show_point(at_two.counterexample) if at_two.counterexample else "at G = 2"
    intervals, simplices = domain_of(left, right)
    intervals.pop(GROUP_SIZE)
    limit = Limit(
        label="difference → 0 as G → ∞",
        expr=left - right,
        variable=GROUP_SIZE,
        value=sp.Integer(0),
        domain=_domain(intervals, simplices),
    ).check()
    at_finite = f"fails at G = 2: {shown}"
    if limit.status == "refuted":
        return LinkCheck("false", f"refuted by the kernel at every G tried; {at_finite}")
    how = "proven" if limit.status == "proven" else "numerically (not proven)"
    detail = f"holds only as G → ∞ ({how}); {at_finite}"
    if assumed:
        detail += f"; taking {assumed}"
    return LinkCheck(
        "qualified", detail, "write it as the limit G → ∞, or with its finite-G factor"
    )


def _proportional(left: sp.Expr, right: sp.Expr, assumed: str) -> LinkCheck:
    """``left ∝ right``: the ratio is the same at two predictions."""
    intervals, simplices = domain_of(left, right)
    if m.phat_scalar in intervals:
        other = sp.Symbol("phat'", positive=True)
        swap, extra = {m.phat_scalar: other}, ({other: (0, 1)}, [])
    else:
        other_base = sp.IndexedBase("phat'", positive=True)
        swap = {m.phat[k]: other_base[k] for k in range(1, OUTCOMES + 1)}
        extra = ({}, [[other_base[k] for k in range(1, OUTCOMES + 1)]])
    verdict = _check_identity(
        left * right.xreplace(swap),
        left.xreplace(swap) * right,
        ({**intervals, **extra[0]}, simplices + extra[1]),
    )
    if verdict.status == "refuted":
        return LinkCheck(
            "false",
            "the ratio changes with the prediction; counterexample: "
            + show_point(verdict.counterexample),
        )
    if verdict.status != "proven":
        return LinkCheck("not checked", "no proof that the ratio is free of the prediction")
    # ≥ 0, not > 0: both sides vanish together (where A = 0), so only a sign change refutes
    sign = Positive(
        label="factor ≥ 0", expr=left * right, strict=False, domain=_domain(intervals, simplices)
    )
    negative = sign.check()
    if negative.status == "refuted":
        shown = show_point(negative.counterexample)
        return LinkCheck("false", f"the factor is negative (direction reversed); at {shown}")
    if assumed:
        return LinkCheck(
            "qualified", f"the ratio is free of p̂, taking {assumed}", f"state it: {assumed}"
        )
    return LinkCheck("verified", "")


def _sign(left: sp.Expr, right: sp.Expr, relation: str, assumed: str) -> LinkCheck:
    if (left.free_symbols | right.free_symbols) <= PARAMETERS:
        return LinkCheck(
            "not checked",
            "relates parameters of the model: it holds only under a condition on the policy",
        )
    gap = left - right if relation in (">", "≥") else right - left
    intervals, simplices = domain_of(gap)
    verdict = Positive(label="sign", expr=gap, domain=_domain(intervals, simplices)).check()
    if verdict.status == "refuted":
        return LinkCheck(
            "false", f"refuted by the kernel; counterexample: {show_point(verdict.counterexample)}"
        )
    if verdict.status == "proven":
        return LinkCheck("qualified" if assumed else "verified", assumed)
    return LinkCheck("not checked", "sign not established within the budget")
