"""The trusted kernel: the only code that says "proven".

Every statement is first rebuilt on fresh symbols whose assumptions come from its domain
only (``fresh.rebuild``).  Then one of a closed set of sound steps applies:

* ``identity``: the difference reduced to 0 by capture-avoiding canonical forms, rational
  cancellation or SymPy's ``simplify`` (sums excluded); or a combination ``Σ c_k log u_k``
  with integer ``c_k`` whose ``u_k`` are proven positive and whose ``Π u_k^{c_k}`` cancels
  to 1 (rule *log of a product of positives*);
* ``sign``: positivity (or non-negativity) factor by factor after mapping every interval onto
  a positive variable; or, on a bounded box of scalars, ball arithmetic with bisection
  (``intervals``): every piece's enclosure of the right sign;
* ``limit``: a limit found by the limit algebra (premises proven) or by agreeing evidence
  (``limits``), from each side of the approach, and equal to the stated value;
* named inference rules (``rules.py``) whose premises the kernel builds from the conclusion
  and proves by these same steps.

Premise of every identity and sign step (*defined*): each denominator (the base of a
negative power, ``cos`` under ``tan``/``sec``, ``sin`` under ``cot``/``csc``) is proven
nonzero on the whole domain (the sign step, either sign, or ball arithmetic) before
anything is multiplied out.  One that is not must be exactly nonzero at a sample point (not
0 everywhere) and then, for an identity, shared by the other side (it vanishes exactly where
one of the other side's does: both sides are undefined at the same points); for a sign, the
sign is proven on the domain split where it vanishes, and the trace says so.  Otherwise the
result is unknown, naming the premise.

A ``Proof`` carries the trace of the steps and rules used.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import sympy as sp

from .approach import INFINITIES, Approach, real_sides, sides
from .budget import MAX_EXACT_EXPONENT, exact_size_bounded
from .canonical import canonical
from .certify import exactly_nonzero
from .domain import Domain
from .fresh import Fresh, rebuild
from .intervals import sign_on
from .premises import POLES as POLES
from .premises import defined as defined
from .premises import defined_alike, defined_apart
from .premises import denominators as denominators
from .premises import nonzero as nonzero
from .seal import Proof, _proved, failed
from .seal import Theorem as Theorem
from .seal import genuine as genuine
from .seal import worker_pool as worker_pool
from .summation import closed_forms
from .text import expression_text

SAME_EXPRESSION = "the two sides are the same expression"
"""The trace of an identity whose sides coincide as written: nothing was computed, so the
ledger reports such an obligation as a definition, never as a proof."""


# ----------------------------------------------------------------------- identities
def _reducer(domain: Domain):
    """Reduction with the domain's constraints: every finite upper gap ``hi − x`` named as a
    positive symbol, each explicit simplex's last entry eliminated, ``Σ_i p_i = 1``."""
    gaps: dict[sp.Expr, sp.Expr] = {}
    for iv in domain.intervals:
        if iv.length is None and iv.hi != sp.oo:
            gaps[iv.hi - iv.target] = sp.Dummy(f"gap_{iv.target}", positive=True)
    afterwards: dict[sp.Expr, sp.Expr] = {d: gap for gap, d in gaps.items()}
    facts: dict[tuple, sp.Expr] = {}
    for simplex in domain.simplices:
        if isinstance(simplex.base, tuple):
            *rest, last = simplex.base
            afterwards[last] = 1 - sp.Add(*rest)
        elif simplex.rows is None:
            length = sp.sympify(simplex.length)
            facts[(simplex.base, sp.Integer(1), length)] = sp.Integer(1)
            if length.is_Integer:  # a written-out vector: its last entry eliminated
                others = (simplex.base[k] for k in range(1, int(length)))
                afterwards[simplex.base[int(length)]] = 1 - sp.Add(*others)

    def reduce(expr: sp.Expr) -> sp.Expr:
        expr = canonical(expr.xreplace(gaps), facts)
        return canonical(expr.xreplace(afterwards), facts) if afterwards else expr

    return reduce


def identity(lhs: sp.Expr, rhs: sp.Expr, domain: Domain) -> Proof:
    """Prove ``lhs = rhs`` on the domain (see the module's list of steps)."""
    return identity_of(rebuild((lhs, rhs), domain))


def identity_of(fresh: Fresh) -> Proof:
    """``lhs = rhs`` for a statement already rebuilt by ``fresh.rebuild``, once both sides
    are proven defined on the domain, or undefined at the same points (``defined_alike``)."""
    left, right = fresh.exprs[:2]
    premise = defined_alike(left, right, fresh.domain)
    if not premise.proven:
        return premise
    proof = _identity(left, right, fresh.domain)
    return _proved((*proof.trace, *premise.trace)) if proof.proven else proof


def _identity(left: sp.Expr, right: sp.Expr, domain: Domain, depth: int = 0) -> Proof:
    reduce = _reducer(domain)
    raw = left - right
    if raw == 0:
        return _proved((SAME_EXPRESSION,))
    if raw.has(sp.Derivative):
        return _differentiated(left, right, domain, depth)
    if not exact_size_bounded(raw):
        return failed(f"a power above {MAX_EXACT_EXPONENT} is not expanded exactly")
    if not raw.has(sp.Sum) and raw.is_rational_function() and sp.cancel(raw) == 0:
        return _proved(("difference cancelled to 0 as a rational function",))
    (n_l, d_l), (n_r, d_r) = sp.fraction(left), sp.fraction(right)
    if (d_l, d_r) != (1, 1) and reduce(n_l * d_r - n_r * d_l) == 0:
        return _proved(("cross-multiplied numerators expanded to 0",))
    difference = reduce(raw)
    if difference == 0:
        return _proved(("difference expanded to 0",))
    if not difference.has(sp.Sum) and sp.cancel(difference) == 0:
        return _proved(("difference cancelled to 0 as a rational function",))
    if reduce(sp.fraction(sp.together(difference))[0]) == 0:
        return _proved(("numerator over a common denominator expanded to 0",))
    logs = _log_combination(raw, domain)
    if logs.proven:
        return logs
    if depth == 0 and any(
        isinstance(e, sp.Pow) and e.exp == sp.Rational(1, 2) for e in raw.atoms(sp.Pow)
    ):
        squares = _equal_squares(left, right, domain)
        if squares.proven:
            return squares
    if not difference.free_symbols and exactly_nonzero(difference):
        return failed("the difference is a nonzero constant")  # simplify could run for ever
    if not difference.has(sp.Sum, sp.Product) and sp.simplify(difference) == 0:
        return _proved(("difference simplified to 0",))
    if depth == 0 and raw.has(sp.Sum, sp.Product):
        summed = _summed(left, right, domain)
        if summed.proven:
            return summed
    if depth == 0 and raw.has(*SPECIAL):
        return _written_out(left, right, domain)
    return failed("did not reduce to 0")


SPECIAL = (
    *(sp.Li, sp.jn, sp.yn, sp.expint, sp.Ei, sp.li, sp.hyper),
    *(sp.fibonacci, sp.lucas, sp.DiracDelta),
)
"""Functions SymPy writes in other terms (``Li(x) = li(x) − li(2)``, ``j₀(x) = sin x/x``,
Binet's form of ``F_n`` and ``L_n``, ``δ(u) = 0`` where ``u ≠ 0``)."""


def _deltas_off(expr: sp.Expr, domain: Domain) -> sp.Expr:
    """Every ``δ(u)`` (and derivative ``δ^(k)(u)``) whose ``u`` is proven nonzero on the
    domain replaced by 0, its value there."""
    zero = {
        d: sp.Integer(0) for d in expr.atoms(sp.DiracDelta) if nonzero(d.args[0], domain).proven
    }
    return expr.xreplace(zero) if zero else expr


def _binet(expr: sp.Expr) -> sp.Expr:
    """Every ``F_n``, ``L_n`` of an integer ``n`` in Binet's form, powers split
    (``φ^(n+1) = φ·φ^n``): equal for every integer ``n``."""
    numbers = {
        f: f.rewrite(sp.sqrt)
        for f in expr.atoms(sp.fibonacci, sp.lucas)
        if len(f.args) == 1 and f.args[0].is_integer
    }
    if not numbers:
        return expr
    return sp.expand(sp.powsimp(sp.expand(expr.xreplace(numbers), power_exp=True)))


def _written_out(left: sp.Expr, right: sp.Expr, domain: Domain) -> Proof:
    """Rule *special functions written out*: ``expand_func``, the rewrite of ``Li`` in
    terms of ``li`` and Binet's form (equalities of functions), then the identity, on sides
    again proven defined (a rewrite may bring a denominator: ``sin x/x``)."""
    sides = [
        _binet(sp.expand_func(_deltas_off(side, domain).rewrite(sp.li))) for side in (left, right)
    ]
    if sides == [left, right]:
        return failed("did not reduce to 0")
    premise = defined_alike(*sides, domain)
    if not premise.proven:
        return premise
    rest = _identity(*sides, domain, depth=1)
    if not rest.proven:
        return failed("did not reduce to 0")
    return _proved(("special functions written out by SymPy", *rest.trace))


def _summed(left: sp.Expr, right: sp.Expr, domain: Domain) -> Proof:
    """Rule *closed forms*: sums and products of no indexed entry over ranges proven
    non-empty, carried out by SymPy (as written, then after the reduction), then the identity."""
    sizes = {
        size.symbol: size.minimum + sp.Dummy(f"n_{size.symbol}", integer=True, nonnegative=True)
        for size in domain.sizes
    }
    reduce = _reducer(domain)
    for pair in ((left, right), (reduce(left), reduce(right))):
        closed = [closed_forms(side, sizes) for side in pair]
        if closed == list(pair):
            continue
        rest = _identity(*closed, domain, depth=1)
        if rest.proven:
            step = "sums and products over non-empty ranges put in closed form by SymPy"
            return _proved((step, *rest.trace))
    return failed("did not reduce to 0")


def _differentiated(left: sp.Expr, right: sp.Expr, domain: Domain, depth: int) -> Proof:
    """Rule *differentiate*: every derivative carried out by SymPy, then the identity."""
    done = [
        side.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())
        for side in (left, right)
    ]
    if any(side.has(sp.Derivative) for side in done):
        return failed("SymPy did not carry out a derivative")
    rest = _identity(*done, domain, depth)
    if not rest.proven:
        return rest
    after = "the two sides coincide" if rest.trace == (SAME_EXPRESSION,) else rest.trace[0]
    return _proved((f"derivatives carried out, then {after}", *rest.trace[1:]))


def _equal_squares(left: sp.Expr, right: sp.Expr, domain: Domain) -> Proof:
    """Rule *equal squares of positives*: ``a, b > 0`` and ``a² = b²`` give ``a = b``."""
    for side in (left, right):
        if not _sign(side, domain, strict=True).proven:
            return failed(f"{side} not proven positive")
    squared = _identity(
        sp.powsimp(sp.expand_power_base(left**2)),
        sp.powsimp(sp.expand_power_base(right**2)),
        domain,
        depth=1,
    )
    if not squared.proven:
        return failed("squares not proven equal")
    return _proved(("rule: equal squares of positives", *squared.trace))


def reduced_difference(left: sp.Expr, right: sp.Expr, domain: Domain) -> sp.Expr:
    """``left − right`` (already on fresh symbols) reduced by the domain's constraints."""
    difference = _reducer(domain)(left - right)
    return difference if difference.has(sp.Sum, sp.Product) else sp.cancel(difference)


def _log_combination(raw: sp.Expr, domain: Domain) -> Proof:
    """Rule *log of a product of positives*: ``Σ c_k log u_k = log Π u_k^{c_k}`` for integer
    ``c_k`` and ``u_k > 0``; it is 0 when the product cancels to 1."""
    terms = []
    for term in sp.Add.make_args(raw):
        coeff, rest = term.as_coeff_Mul()
        if not (isinstance(rest, sp.log) and coeff.is_Integer):
            return failed("not a combination of logarithms")
        terms.append((int(coeff), rest.args[0]))
    for _, argument in terms:
        if not _sign(argument, domain, strict=True).proven:
            return failed(f"log argument {argument} not proven positive")
    product = sp.Mul(*(u**c for c, u in terms))
    if product.has(sp.Sum) or sp.cancel(sp.together(product) - 1) != 0:
        return failed("product of the log arguments is not 1")
    return _proved(("rule: log of a product of positives (arguments positive, product 1)",))


# ---------------------------------------------------------------------------- signs
def _to_positive_variables(domain: Domain) -> dict[sp.Symbol, sp.Expr]:
    """Map each bounded interval onto ``u > 0`` and each size onto ``minimum + n``, n ≥ 0."""
    subs: dict[sp.Symbol, sp.Expr] = {}
    for iv in domain.intervals:
        if iv.length is not None:
            continue
        u = sp.Dummy(f"u_{iv.target}", positive=True)
        if iv.lo != -sp.oo and iv.hi != sp.oo:
            subs[iv.target] = iv.lo + (iv.hi - iv.lo) * u / (1 + u)
        elif iv.lo != -sp.oo:
            subs[iv.target] = iv.lo + u
        elif iv.hi != sp.oo:
            subs[iv.target] = iv.hi - u
    for size in domain.sizes:
        subs[size.symbol] = size.minimum + sp.Dummy(
            f"n_{size.symbol}", integer=True, nonnegative=True
        )
    return subs


def sign(expr: sp.Expr, domain: Domain, strict: bool = True, extra: Mapping | None = None) -> Proof:
    """Prove ``expr > 0`` (``strict``) or ``expr ≥ 0`` on the domain."""
    return sign_of(rebuild((expr,), domain, dict(extra or {})), strict)


def sign_of(fresh: Fresh, strict: bool = True) -> Proof:
    """The sign of the first expression of a rebuilt statement, where it is defined
    (``defined_apart``: the trace names any point set split off)."""
    premise = defined_apart(fresh.exprs[0], fresh.domain)
    if not premise.proven:
        return premise
    proof = _sign(fresh.exprs[0], fresh.domain, strict)
    return _proved((*proof.trace, *premise.trace)) if proof.proven else proof


def _sign(expr: sp.Expr, domain: Domain, strict: bool) -> Proof:
    work = sp.sympify(expr).xreplace(_to_positive_variables(domain))
    test = "is_positive" if strict else "is_nonnegative"
    word = "positive" if strict else "non-negative"
    if not exact_size_bounded(work):  # factor, simplify: one C call past any deadline
        named = _large_powers_named(work)
        if exact_size_bounded(named) and getattr(named, test):
            step = "each power above the 1000th a variable of its sign"
            return _proved((f"{word} as a function of positive variables ({step})",))
        return _ball_sign(expr, domain, strict, failed("sign not settled"))
    if _factorwise(work, test):
        return _proved((f"each factor {word} in positive variables",))
    if getattr(work, test) or (_simplifiable(work) and getattr(_simplified(work), test)):
        return _proved((f"{word} as a function of positive variables",))
    rooted = _without_roots(work)
    if rooted is not work and _factorwise(rooted, test):
        return _proved((f"each factor {word} once every root of a variable is a variable",))
    logs = _log_sign(work, domain, strict)
    return logs if logs.proven else _ball_sign(expr, domain, strict, logs)


def _large_powers_named(work: sp.Expr) -> sp.Expr:
    """Each power ``b^n`` above ``MAX_EXACT_EXPONENT`` replaced by a fresh variable of its
    sign (positive for ``b > 0``, non-negative for an even ``n`` and a real ``b``), so that
    no assumption query expands it (SymPy's sign of ``x^1001 + 1`` takes seconds in one C
    call); a sign proven for every value of the variable holds for the power.  A power of
    no known sign is kept (the expression then stays too large for the exact steps)."""
    named = {}
    for power in work.atoms(sp.Pow):
        if not (power.exp.is_Integer and abs(int(power.exp)) > MAX_EXACT_EXPONENT):
            continue
        if power.base.is_positive:
            named[power] = sp.Dummy("power", positive=True)
        elif power.exp.is_even and power.base.is_extended_real:
            named[power] = sp.Dummy("power", nonnegative=True)
    return work.xreplace(named)


def _ball_sign(expr: sp.Expr, domain: Domain, strict: bool, otherwise: Proof) -> Proof:
    """The sign by ball arithmetic with bisection on a bounded box (``intervals``)."""
    balls = sign_on(expr, domain, strict)
    if balls.sign != "positive":
        return otherwise
    word = "positive" if strict else "non-negative"
    return _proved((f"{word} on every piece of the box by ball arithmetic ({balls.boxes})",))


def _simplifiable(work: sp.Expr) -> bool:
    """Whether ``simplify`` can add to ``factor``: not for a rational function of the
    variables (its factored form is what simplify would reach, at many times the cost)."""
    return bool(work.free_symbols) and not work.is_rational_function(*work.free_symbols)


def _simplified(work: sp.Expr) -> sp.Expr:
    """SymPy's ``simplify``, or ``work`` itself where simplify fails (on some sums SymPy
    1.14 raises ``StopIteration``)."""
    try:
        return sp.simplify(work)
    except (StopIteration, RuntimeError, TypeError, ValueError, NotImplementedError):
        return work


def _factorwise(work: sp.Expr, test: str) -> bool:
    coeff, factors = sp.factor(sp.together(work)).as_coeff_mul()
    return bool(coeff > 0 and all(getattr(f, test) for f in factors))


def _without_roots(work: sp.Expr) -> sp.Expr:
    """Each positive variable ``s`` under fractional powers renamed ``s = w^L`` (``w > 0``,
    ``L`` the least common multiple of the powers' denominators): a bijection of (0, ∞),
    so the sign is unchanged; ``√(xy)`` becomes ``w_x w_y``."""
    renamed = {}
    for symbol in work.free_symbols:
        if symbol.is_positive is not True:
            continue
        roots = [
            power.exp.q
            for power in work.atoms(sp.Pow)
            if power.exp.is_Rational and not power.exp.is_Integer
            if symbol in power.base.free_symbols
        ]
        if roots:
            renamed[symbol] = sp.Dummy(f"w_{symbol}", positive=True) ** sp.ilcm(*roots, 1)
    return work.xreplace(renamed) if renamed else work


def _log_sign(work: sp.Expr, domain: Domain, strict: bool) -> Proof:
    """Rule *log of a ratio*: ``Σ c_k log u_k`` (rational ``c_k``, every ``u_k > 0``) has
    the sign of ``Π_{c_k>0} u_k^{c_k} − Π_{c_k<0} u_k^{−c_k}`` (log increases)."""
    terms = []
    for term in sp.Add.make_args(work):
        coeff, rest = term.as_coeff_Mul()
        if not (isinstance(rest, sp.log) and coeff.is_Rational):
            return failed("sign not settled")
        terms.append((coeff, rest.args[0]))
    if len(terms) < 2 or any(not _sign(u, domain, strict=True).proven for _, u in terms):
        return failed("sign not settled")
    upper = sp.Mul(*(u**c for c, u in terms if c > 0))
    lower = sp.Mul(*(u ** (-c) for c, u in terms if c < 0))
    rest = _sign(upper - lower, domain, strict)
    if not rest.proven:
        return failed("sign not settled")
    return _proved(("rule: log of a ratio (arguments positive, the ratio compared to 1)",))


# --------------------------------------------------------------------------- limits
def limit(
    expr: sp.Expr,
    variable: sp.Symbol,
    point: sp.Expr,
    value: sp.Expr,
    domain: Domain,
    direction: str | None = None,
) -> Proof:
    """``lim_{variable → point} expr = value`` (from ``direction``, else as ``limit_sides``
    says)."""
    fresh = limit_fresh(expr, variable, point, value, domain, direction)
    return limit_of(fresh, point, limit_sides(variable, point, domain, direction, expr))


def limit_sides(
    variable: sp.Symbol,
    point: sp.Expr,
    domain: Domain,
    direction: str | None = None,
    expr: sp.Expr | None = None,
) -> tuple[str, ...]:
    """The sides of the approach: the variable ranges over its interval in ``domain``, else
    ``(0, ∞)`` if declared positive (``[0, ∞)`` non-negative), ``(−∞, 0)`` if negative, else
    the real line; an end of that range is approached from inside, an interior point from
    both sides unless ``direction`` (``"+"``, ``"-"``) names one.  With no interval given,
    a side where ``expr`` is not real (``x log x`` left of 0) is outside its domain: the
    limit is taken from the other side."""

    box = next((iv for iv in domain.intervals if iv.target == variable), None)
    if box is not None:
        lo, hi = box.lo, box.hi
    elif variable.is_nonnegative:
        lo, hi = sp.Integer(0), sp.oo
    elif variable.is_negative:
        lo, hi = -sp.oo, sp.Integer(0)
    else:
        lo, hi = -sp.oo, sp.oo
    found = sides(point, lo, hi, direction)
    if box is None and expr is not None and len(found) == 2:
        return real_sides(expr, variable, point, found)
    return found


def limit_of(fresh: Fresh, point: sp.Expr, sides: tuple[str, ...] = ("+",)) -> Proof:
    """The limit of a statement rebuilt by ``limit_fresh``, from each of ``sides``: found by
    the limit algebra (premises proven) or by agreeing evidence (``limits.find``), and
    equal to the stated value."""
    from .limits import LIMIT_DPS, find

    expr, value, variable = fresh.exprs
    steps = []
    for side in sides:
        approach = Approach(variable, point, side)
        found = find(expr, approach, fresh.domain, LIMIT_DPS)
        where = approach.describe()
        if isinstance(found, str):
            return failed(f"as {where}: {found}")
        if found.value in INFINITIES or value in INFINITIES:
            same = found.value == value
        else:
            same = _identity(found.value, value, fresh.domain).proven
        if not same:
            shown = expression_text(found.value.xreplace(fresh.back))
            return failed(f"as {where} the limit is {shown}, not the stated value")
        steps.append(f"as {where}: {found.how}")
    both = " (both sides)" if len(sides) == 2 else ""
    shown = expression_text(sp.factor(value).xreplace(fresh.back))
    return _proved((f"limit found{both}: {shown}", *steps))


def limit_fresh(
    expr, variable, point, value, domain: Domain, direction: str | None = None
) -> Fresh:
    """The limit's expressions on fresh symbols (the variable is the third, signed as its
    approach allows, its own interval and size dropped from the domain)."""
    sides = limit_sides(variable, point, domain, direction, expr)
    sizes = tuple(s for s in domain.sizes if s.symbol != variable)
    intervals = tuple(iv for iv in domain.intervals if iv.target != variable)
    if (sizes, intervals) != (domain.sizes, domain.intervals):
        domain = dataclasses.replace(domain, intervals=intervals, sizes=sizes)
    if point in (sp.oo, -sp.oo):
        sign_of = "positive" if point == sp.oo else "negative"
    elif bool(sp.sympify(point) > 0) or (point == 0 and sides == ("+",)):
        sign_of = "positive"
    elif bool(sp.sympify(point) < 0) or (point == 0 and sides == ("-",)):
        sign_of = "negative"
    else:
        sign_of = "real"
    return rebuild((expr, value, variable), domain, {variable: sign_of})
