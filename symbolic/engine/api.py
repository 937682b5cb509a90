"""The public API for anyone's statement: ``check_identity``, ``check_inequality``,
``check_limit``, and the translation of their keyword arguments into a ``Domain``.

``intervals`` maps a symbol to an open interval ``(lo, hi)`` (bounds may be ``±sp.oo`` or
any real constant such as ``sp.pi/2``), or an ``IndexedBase`` to ``(lo, hi, length)`` for a
family ``x[1..length]``; ``simplices`` lists probability vectors, each a sequence of two or
more symbols or a pair ``(IndexedBase, length)``; ``sizes`` maps a symbolic length (``K``)
to its minimum.  Every free symbol must be covered exactly once.

Numbers: a Python ``int`` or ``float`` is accepted wherever a SymPy number is.  A float (a
Python ``float`` or a SymPy ``Float``), in an expression, a bound, a value or an equality
set, stands for its exact binary value in every step: it is turned into that exact
``Rational`` here, before anything else sees it (``0.1`` is ``3602879701896397/2⁵⁵``, so
``0.1 + 0.2 = 0.3`` is refuted and ``0.5·x = x/2`` is proven).

Every accepted input gets a verdict: a statement SymPy cannot handle (nesting too deep for
its recursion, a side undefined on the whole domain) is ``"unknown"`` with the reason.
"""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Callable, Mapping, Sequence

import mpmath
import sympy as sp
from sympy.core.function import AppliedUndef

from ..errors import GrpoSigmaError
from .budget import ProofTimeout, deadline, validate
from .domain import Domain, Interval, Simplex, SizeRange
from .fresh import rebuild
from .holes import hole
from .obligations import (
    DEFAULT_BUDGET,
    DEFAULT_DPS,
    Identity,
    Inequality,
    Limit,
    Obligation,
    Verdict,
)
from .rules import DerivativeSign, Monotone, TermwiseSum


def exact(value: object) -> object:
    """Every float in ``value`` (a SymPy expression, or a Python number) as its exact binary
    value, a ``Rational``; anything else unchanged."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return sp.Rational(value)
    if isinstance(value, sp.Basic) and value.has(sp.Float):
        return value.xreplace({f: sp.Rational(f) for f in value.atoms(sp.Float)})
    return value


def _unknown(detail: str, dps: int, start: float) -> Verdict:
    return Verdict(
        status="unknown",
        counterexample=None,
        method="numeric only",
        digits=dps,
        points=0,
        worst_residual=mpmath.mpf(0),
        seconds=time.perf_counter() - start,
        detail=detail,
    )


def total(check: Callable[..., Verdict]) -> Callable[..., Verdict]:
    """A public check that gives a verdict for every accepted input: a ``RecursionError``
    (nesting too deep for SymPy) or a failure inside SymPy or mpmath is ``"unknown"`` with
    the reason; a ``GrpoSigmaError`` (bad input) passes through."""

    @functools.wraps(check)
    def checked(*args: object, **kwargs: object) -> Verdict:
        start = time.perf_counter()
        dps = kwargs.get("dps", DEFAULT_DPS)
        try:
            return check(*args, **kwargs)
        except GrpoSigmaError:
            raise
        except RecursionError:
            detail = "the expression is nested too deeply for SymPy (its recursion limit)"
            return _unknown(detail, dps, start)
        except Exception as error:  # noqa: BLE001 - the contract: a verdict, never a traceback
            return _unknown(f"SymPy or mpmath failed: {type(error).__name__}", dps, start)

    return checked


def _screened(obligation: Obligation, exprs: Sequence[sp.Expr], dps: int, budget: float) -> Verdict:
    """The obligation's verdict, after the screen for a statement undefined on the whole
    domain (``_undefined``), both within the one ``budget`` of the call."""
    start = time.perf_counter()
    try:
        with deadline(budget):
            undefined = _undefined(exprs, obligation.domain)
    except ProofTimeout:
        return _unknown(f"the check exceeded its {budget:g} s budget", dps, start)
    if undefined:
        return _unknown(undefined, dps, start)
    left = budget - (time.perf_counter() - start)
    if left <= 0:
        return _unknown(f"the check exceeded its {budget:g} s budget", dps, start)
    found = obligation.check(dps, left)
    if found.status == "unknown" and found.detail.startswith("the check exceeded its"):
        found = dataclasses.replace(found, detail=f"the check exceeded its {budget:g} s budget")
    return dataclasses.replace(found, seconds=time.perf_counter() - start)


def _undefined(exprs: Sequence[sp.Expr], domain: Domain) -> str | None:
    """Why the statement has no value anywhere on the domain: a side SymPy evaluates to
    ``zoo`` or ``nan`` once the domain's assumptions are applied (``1/(|x| − x)`` for
    ``x > 0``); None if there is none."""
    for original, fresh in zip(exprs, rebuild(tuple(exprs), domain).exprs, strict=False):
        if fresh.has(sp.zoo, sp.nan, sp.oo, -sp.oo) and not original.has(sp.oo, -sp.oo):
            return f"{original} is undefined on the whole domain (a denominator is 0 there)"
    return None


def _domain(intervals: Mapping | None, simplices: Sequence | None, sizes: Mapping | None) -> Domain:
    if intervals is not None and not isinstance(intervals, Mapping):
        raise GrpoSigmaError(f"intervals must map symbols to (lo, hi), got {intervals!r}")
    if sizes is not None and not isinstance(sizes, Mapping):
        raise GrpoSigmaError(f"sizes must map symbols to their minimum, got {sizes!r}")
    if simplices is not None and (
        isinstance(simplices, sp.Basic) or not isinstance(simplices, Sequence)
    ):
        raise GrpoSigmaError(f"simplices must be a list of vectors, got {simplices!r}")
    boxes = []
    for target, bounds in (intervals or {}).items():
        family = isinstance(target, sp.IndexedBase)
        if not isinstance(target, sp.Symbol | sp.IndexedBase | sp.Indexed):
            raise GrpoSigmaError(f"an interval is given for {target!r}, which is not a symbol")
        if not isinstance(bounds, tuple | list) or len(bounds) != (3 if family else 2):
            shape = "(lo, hi, length)" if family else "a pair (lo, hi)"
            raise GrpoSigmaError(f"interval for {target} must be {shape}, got {bounds!r}")
        boxes.append(
            Interval(
                target,
                exact(bounds[0]),
                exact(bounds[1]),
                sp.sympify(bounds[2]) if family else None,
            )
        )
    vectors = []
    for vector in simplices or []:
        if isinstance(vector, sp.IndexedBase):
            raise GrpoSigmaError(
                f"a simplex of the family {vector} needs its length: ({vector}, K)"
            )
        if (
            isinstance(vector, tuple | list)
            and len(vector) == 2
            and isinstance(vector[0], sp.IndexedBase)
        ):
            vectors.append(Simplex(vector[0], sp.sympify(vector[1])))
        elif isinstance(vector, tuple | list):
            vectors.append(Simplex(tuple(vector)))
        else:
            raise GrpoSigmaError(
                f"a simplex is a list of symbols or (IndexedBase, length), got {vector!r}"
            )
    ranges = []
    for symbol, minimum in (sizes or {}).items():
        if isinstance(minimum, bool) or not isinstance(minimum, int | sp.Integer):
            raise GrpoSigmaError(
                f"the minimum of size {symbol} must be an integer, got {minimum!r}"
            )
        ranges.append(SizeRange(symbol, int(minimum)))
    return Domain(simplices=tuple(vectors), intervals=tuple(boxes), sizes=tuple(ranges))


def _sympify(*exprs: object) -> list[sp.Expr]:
    """SymPy expressions (not relations, not None), free of ``nan`` and ``zoo``."""
    out = []
    for e in exprs:
        try:
            expr = sp.sympify(e)
        except (sp.SympifyError, TypeError, SyntaxError) as error:
            lines = str(error).strip().splitlines() or [type(error).__name__]
            first = lines[0]
            raise GrpoSigmaError(f"not a SymPy expression: {e!r} ({first})") from None
        if not isinstance(expr, sp.Expr) or expr.is_Matrix:
            raise GrpoSigmaError(f"not a SymPy expression: {e!r} is a {type(expr).__name__}")
        expr = exact(expr)
        if expr.has(sp.nan, sp.zoo):
            raise GrpoSigmaError(f"the expression {expr} contains nan or zoo")
        undefined = sorted(str(f.func) for f in expr.atoms(AppliedUndef))
        if undefined:  # no value to check
            raise GrpoSigmaError(f"undefined function {undefined[0]} in {expr}")
        out.append(expr)
    return out


def _point(point: sp.Expr) -> None:
    """A limit's point: ±∞ or a real number."""
    if point in (sp.oo, -sp.oo):
        return
    if point.free_symbols or not point.is_number or not point.is_comparable:
        raise GrpoSigmaError(f"the limit point must be ±oo or a real number, got {point}")


def _equality(equality: object, domain: Domain) -> dict:
    """An equality set maps symbols or families to values (Python numbers become SymPy
    numbers, floats their exact values); a number must lie in the interval of its symbol."""
    if not isinstance(equality, Mapping):
        raise GrpoSigmaError(f"equality must map symbols to values, got {equality!r}")
    out = {}
    for key, value in equality.items():
        if isinstance(value, sp.IndexedBase):
            out[key] = value
            continue
        (value,) = _sympify(value)
        out[key] = value
        box = next((iv for iv in domain.intervals if iv.target == key), None)
        if box is not None and value.is_number and value.is_comparable:
            if not (box.lo < value < box.hi) == sp.true:
                raise GrpoSigmaError(
                    f"equality set {key} = {value} lies outside ({box.lo}, {box.hi})"
                )
    return out


@total
def check_identity(
    lhs: object,
    rhs: object,
    *,
    intervals: Mapping | None = None,
    simplices: Sequence | None = None,
    sizes: Mapping | None = None,
    dps: int = DEFAULT_DPS,
    budget: float = DEFAULT_BUDGET,
) -> Verdict:
    """Check ``lhs = rhs`` on the domain: ``"proven"`` with the kernel's trace,
    ``"refuted"`` with a certified counterexample, or ``"unknown"`` with the reason."""
    validate(dps, budget)
    start = time.perf_counter()
    lhs, rhs = _sympify(lhs, rhs)
    domain = _domain(intervals, simplices, sizes)
    found = _screened(Identity(domain=domain, lhs=lhs, rhs=rhs), (lhs, rhs), dps, budget)
    left = budget - (time.perf_counter() - start)
    if found.status != "unknown" or not found.detail.startswith("premise not proven") or left <= 0:
        return found
    try:
        with deadline(left):
            point = hole(lhs, rhs, domain)
    except ProofTimeout:
        return found
    if point is None:
        return found
    shown = ", ".join(f"{k} = {v}" for k, v in point.items())
    return Verdict(
        status="refuted",
        counterexample=point,
        method="exact point where one side is undefined",
        digits=found.digits,
        points=found.points,
        worst_residual=found.worst_residual,
        seconds=time.perf_counter() - start,
        detail=f"one side is undefined at {shown} (a denominator is 0), the other is not",
    )


@total
def check_inequality(
    expr: object,
    *,
    strict: bool = True,
    equality: Mapping | None = None,
    rule: object = None,
    intervals: Mapping | None = None,
    simplices: Sequence | None = None,
    sizes: Mapping | None = None,
    dps: int = DEFAULT_DPS,
    budget: float = DEFAULT_BUDGET,
) -> Verdict:
    """Check ``expr > 0`` (``strict``) or ``expr ≥ 0``; with ``equality`` (a substitution
    such as ``{x: 1}``), also that ``expr = 0`` exactly there.  ``rule`` names an inference
    rule of ``symbolic.engine.rules`` when the sign step alone does not settle it."""
    validate(dps, budget)
    if strict and equality is not None:
        raise GrpoSigmaError("a strict inequality has no equality set")
    if rule is not None and not isinstance(rule, DerivativeSign | Monotone | TermwiseSum):
        raise GrpoSigmaError(
            f"rule must be a DerivativeSign, Monotone or TermwiseSum, got {type(rule).__name__}"
        )
    (expr,) = _sympify(expr)
    domain = _domain(intervals, simplices, sizes)
    if equality is not None:
        equality = _equality(equality, domain)
    inequality = Inequality(domain=domain, expr=expr, strict=strict, equality=equality, rule=rule)
    return _screened(inequality, (expr,), dps, budget)


@total
def check_limit(
    expr: object,
    variable: sp.Symbol,
    value: object,
    *,
    point: object = sp.oo,
    direction: str | None = None,
    intervals: Mapping | None = None,
    simplices: Sequence | None = None,
    sizes: Mapping | None = None,
    dps: int = DEFAULT_DPS,
    budget: float = DEFAULT_BUDGET,
) -> Verdict:
    """Check ``lim_{variable → point} expr = value`` for every parameter of the domain.

    The variable ranges over its interval if one is given (else over ``(0, ∞)`` if it is
    declared positive, ``(−∞, 0)`` if negative, the real line otherwise).  At an interior
    point the limit is two-sided (both one-sided limits must equal ``value``) unless
    ``direction`` is ``"+"`` (from above) or ``"-"`` (from below); at an end of the range,
    lower or upper, it is the one-sided limit from inside."""
    validate(dps, budget)
    if not isinstance(variable, sp.Symbol):
        raise GrpoSigmaError(f"the limit variable must be a symbol, got {variable!r}")
    if direction not in (None, "+", "-"):
        raise GrpoSigmaError(f'direction must be "+", "-" or None, got {direction!r}')
    expr, value, point = _sympify(expr, value, point)
    _point(point)
    if direction is not None and point in (sp.oo, -sp.oo):
        raise GrpoSigmaError(f"a limit at {point} has no direction to choose")
    domain = _domain(intervals, simplices, sizes)
    box = next((iv for iv in domain.intervals if iv.target == variable), None)
    if box is None and (variable.is_nonnegative or variable.is_negative):
        declared = "positive" if variable.is_nonnegative else "negative"
        box = Interval(
            *((variable, 0, sp.oo) if variable.is_nonnegative else (variable, -sp.oo, 0))
        )
        if point not in (sp.oo, -sp.oo) and not bool(box.lo <= point <= box.hi):
            raise GrpoSigmaError(
                f"{variable} → {point} leaves the range of {variable}, declared {declared}"
            )
    if box is not None and not (
        point == box.hi == sp.oo
        or point == box.lo == -sp.oo
        or (point not in (sp.oo, -sp.oo) and bool(box.lo <= point) and bool(point <= box.hi))
    ):
        raise GrpoSigmaError(
            f"{variable} → {point} leaves the interval ({box.lo}, {box.hi}) given for {variable}"
        )
    if box is not None and direction is not None:
        outside = (point == box.lo and direction == "-") or (point == box.hi and direction == "+")
        if outside:
            raise GrpoSigmaError(
                f"{variable} → {point}{direction} approaches from outside ({box.lo}, {box.hi})"
            )
    return Limit(
        domain=domain, expr=expr, variable=variable, value=value, point=point, direction=direction
    ).check(dps, budget)
