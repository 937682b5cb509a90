"""One link of a draft, judged through the kernel (``symbolic.check_identity``,
``check_inequality``, ``check_limit``) on the draft's domain.

- ``=``: an identity.  Refuted with the counterexample; where the ratio of the sides is a
  constant or a function of the sizes only (a wrong factor ``(G − 1)/G``, a sign), the right
  factor is shown, proven: "false as stated but true with a named correction".
- ``<, >`` strict, ``≤, ≥`` non-strict, as written; a strict inequality refuted where the
  non-strict one is proven is "false as stated, true as ≥".
- ``≠``: the difference squared is > 0 everywhere.
- ``≈``: at the digits stated when the right side is a decimal (``≈ 0.520`` holds iff the
  value rounds to 0.520, both bounds proven); otherwise an identity, and if that is refuted,
  the difference → 0 in the limit the formula names (or of its one size): "holds only in a
  limit", with the finite-size correction ``c/n`` (``c`` found at large ``n`` and proven).
- ``→``: a limit (``check_limit``); ``∝``: the ratio, named, positive and free of every
  symbol of the right side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import mpmath
import sympy as sp

from ...errors import GrpoSigmaError

KINDS = (
    "verified",
    "refuted",
    "false as stated",
    "holds only in a limit",
    "definition",
    "assumption",
    "non-claim",
    "not checked",
)
FAILING = ("refuted", "false as stated")


@dataclass(frozen=True)
class Judgement:
    """A verdict kind and its reason (one line)."""

    kind: str
    reason: str
    counterexample: dict[str, str] | None = None


@dataclass
class Context:
    """The domain of one link, in the API's terms, and the time it may take."""

    intervals: dict
    sizes: dict
    budget: float
    taken: str = ""  # assumptions the review made about the domain, said in the reason
    simplices: list = field(default_factory=list)
    relations: list = field(default_factory=list)  # (gap, strict): a failing point must meet them

    def kwargs(self) -> dict:
        return {
            "intervals": self.intervals,
            "sizes": self.sizes,
            "simplices": self.simplices,
            "budget": self.budget,
        }


def show(point: dict | None) -> dict[str, str]:
    if not point:
        return {}
    out = {}
    for atom, value in sorted(point.items(), key=lambda kv: str(kv[0])):
        out[_pretty(atom)] = mpmath.nstr(value, 6) if isinstance(value, mpmath.mpf) else str(value)
    return out


def _pretty(atom: object) -> str:
    text = str(atom).replace("\\", "").replace("{", "").replace("}", "")
    return re.sub(r"\[(.*)\]", r"_\1", text)


def _shown(point: dict | None) -> str:
    values = show(point)
    return ", ".join(f"{k}={v}" for k, v in values.items()) if values else "its numbers"


def _call(check, *args, **kwargs):  # noqa: ANN001, ANN202 - an API function and its verdict
    try:
        return check(*args, **kwargs), ""
    except GrpoSigmaError as error:
        return None, str(error)


def _suspect(exprs: list[sp.Expr], point: dict | None, context: Context | None = None) -> bool:
    """A counterexample where a logarithm or root of the statement is not real, or that
    breaks an assumption of the draft between variables (``k < G``)."""
    if not point:
        return False
    values = {k: sp.Float(str(v), 30) if isinstance(v, mpmath.mpf) else v for k, v in point.items()}
    for gap, strict in context.relations if context is not None else []:
        at = gap.xreplace(values)
        if not at.free_symbols and at.is_number and (at < 0 or (strict and at == 0)):
            return True
    for expr in exprs:
        for arg in [a.args[0] for a in expr.atoms(sp.log)] + [
            a.base for a in expr.atoms(sp.Pow) if not a.exp.is_integer
        ]:
            at = arg.xreplace(values)
            if at.is_number and at.is_real is not False and at.evalf(20) <= 0:
                return True
    return False


def refuted(verdict, exprs: list[sp.Expr], context: Context, what: str) -> Judgement:  # noqa: ANN001
    if _suspect(exprs, verdict.counterexample, context):
        return Judgement(
            "not checked",
            f"a failing point ({_shown(verdict.counterexample)}) is outside the draft's "
            "assumptions or takes a log or root of a negative number",
        )
    where = (
        f"at {_shown(verdict.counterexample)}"
        if verdict.counterexample
        else "(its sides are different numbers)"
    )
    return Judgement("refuted", f"{what} fails {where}", show(verdict.counterexample))


def _unknown(verdict, error: str) -> Judgement:  # noqa: ANN001
    if verdict is None:
        return Judgement("not checked", error)
    reason = verdict.detail or verdict.method
    return Judgement("not checked", f"no proof within the budget ({_first(reason)})")


def _first(text: str) -> str:
    return text.split(";")[0][:70]


def _proved(reason: str, context: Context) -> Judgement:
    extra = f"; taking {context.taken}" if context.taken else ""
    return Judgement("verified", reason + extra)


# ---------------------------------------------------------------------------- identities
def equal(lhs: sp.Expr, rhs: sp.Expr, context: Context, rhs_tex: str = "") -> Judgement:
    from ... import check_identity

    verdict, error = _call(check_identity, lhs, rhs, **context.kwargs())
    if verdict is not None and verdict.status == "proven":
        return _proved("proven by the kernel", context)
    if verdict is not None and verdict.status == "refuted":
        if _decimal(rhs_tex) and not (lhs.free_symbols or rhs.free_symbols):
            digits = digits_stated(lhs, rhs, rhs_tex, context)
            if digits.kind == "verified":
                return digits
        corrected = correction(lhs, rhs, context) if lhs.free_symbols | rhs.free_symbols else None
        if corrected is not None and not _suspect([lhs, rhs], verdict.counterexample, context):
            return Judgement(
                "false as stated",
                f"fails at {_shown(verdict.counterexample)}; true as {corrected} (proven)",
                show(verdict.counterexample),
            )
        return refuted(verdict, [lhs, rhs], context, "the identity")
    if verdict is not None:
        inductive = by_induction(lhs, rhs, context)
        if inductive is not None:
            return inductive
    return _unknown(verdict, error)


def _horizon(lhs: sp.Expr, rhs: sp.Expr, context: Context) -> sp.Symbol | None:
    """The one size ``T`` that every sum of the identity runs up to (from a number), if
    no summand depends on it."""
    totals = (lhs - rhs).atoms(sp.Sum)
    if not totals or (lhs - rhs).has(sp.Product):
        return None
    ends = set()
    for total in totals:
        if len(total.limits) != 1:
            return None
        _, low, high = total.limits[0]
        if (
            not low.is_Integer
            or not isinstance(high, sp.Symbol)
            or high in total.function.free_symbols
        ):
            return None
        ends.add(high)
    horizon = ends.pop() if len(ends) == 1 else None
    return horizon if horizon in context.sizes else None


def _concrete(context: Context, exprs: list[sp.Expr], fixed: dict) -> Context:
    """The context with the sizes in ``fixed`` given values: a family's interval becomes
    one interval per entry that occurs."""
    intervals = {}
    atoms = sorted(set().union(*(e.atoms(sp.Indexed) for e in exprs)), key=sp.default_sort_key)
    for key, bounds in context.intervals.items():
        if isinstance(key, sp.IndexedBase):
            for atom in atoms:
                if atom.base == key:
                    intervals[atom] = bounds[:2]
        elif key not in fixed:
            intervals[key] = bounds
    sizes = {k: m for k, m in context.sizes.items() if k not in fixed}
    return Context(
        intervals, sizes, context.budget, context.taken, context.simplices, context.relations
    )


def by_induction(lhs: sp.Expr, rhs: sp.Expr, context: Context) -> Judgement | None:
    """``Σ_{t=a}^{T} f(t) = F(T)`` for every size ``T ≥ m``: the kernel proves the case
    ``T = m`` and the step (each sum ``S`` replaced by a free ``S``, the step adds
    ``f(T + 1)``: an identity in ``S`` and ``T``); a case ``T = m, m + 1, m + 2`` the kernel
    refutes is a counterexample.  None where there is no such sum."""
    from ... import check_identity

    horizon = _horizon(lhs, rhs, context)
    if horizon is None:
        return None
    first = context.sizes[horizon]
    for value in (first, first + 1, first + 2):
        at = [e.subs(horizon, value).doit() for e in (lhs, rhs)]
        verdict, error = _call(
            check_identity, *at, **_concrete(context, at, {horizon: value}).kwargs()
        )
        if verdict is None:
            return Judgement("not checked", error)
        if verdict.status == "refuted":
            return refuted(verdict, at, context, f"the identity at {horizon} = {value}")
        if value == first and verdict.status != "proven":
            return None
    totals = sorted((lhs - rhs).atoms(sp.Sum), key=str)
    fresh = {total: sp.Symbol(f"S{k}") for k, total in enumerate(totals, 1)}
    step = {}
    for total, symbol in fresh.items():
        variable = total.limits[0][0]
        step[symbol] = symbol + total.function.subs(variable, horizon + 1)
    sides = [e.xreplace(fresh) for e in (lhs, rhs)]
    moved = [e.xreplace({horizon: horizon + 1}).xreplace(step) for e in sides]
    differences = [moved[k] - sides[k] for k in (0, 1)]
    entries = sorted(set().union(*(d.atoms(sp.Indexed) for d in differences)), key=str)
    names = {atom: sp.Symbol(f"e{k}") for k, atom in enumerate(entries, 1)}
    differences = [d.xreplace(names) for d in differences]
    intervals = {k: b for k, b in context.intervals.items() if not isinstance(k, sp.IndexedBase)}
    intervals |= {s: (-sp.oo, sp.oo) for s in fresh.values()}
    for atom, symbol in names.items():
        intervals[symbol] = context.intervals.get(atom.base, (-sp.oo, sp.oo))[:2]
    verdict, error = _call(
        check_identity,
        *differences,
        intervals=intervals,
        sizes=context.sizes,
        budget=context.budget,
    )
    if verdict is None or verdict.status != "proven":
        return None
    return _proved(
        f"by induction on {horizon}: the case {horizon} = {first} and the step, "
        "proven by the kernel",
        context,
    )


def correction(lhs: sp.Expr, rhs: sp.Expr, context: Context) -> str | None:
    """The factor ``c`` (a constant or a function of the sizes) with ``lhs = c · rhs``, proven."""
    from ... import check_identity

    if rhs == 0 or lhs == 0:
        return None
    try:
        ratio = sp.factor(sp.simplify(sp.expand(lhs) / sp.expand(rhs)))
    except Exception:  # noqa: BLE001 - SymPy could not simplify: no correction to name
        return None
    sizes = set(context.sizes)
    if not (rhs.free_symbols - sizes) or not (lhs.free_symbols - sizes):
        return None  # a factor between two numbers, or functions of the sizes only, says nothing
    if not ratio.free_symbols <= sizes or ratio in (1, sp.nan, sp.zoo) or ratio.has(sp.oo):
        return None
    verdict, _ = _call(check_identity, lhs, ratio * rhs, **context.kwargs())
    if verdict is None or verdict.status != "proven":
        return None
    return f"left = ({sp.sstr(ratio)}) · right"


def _decimal(tex: str) -> bool:
    return bool(re.fullmatch(r"\s*-?\d*\.\d+\s*", tex or ""))


def digits_stated(lhs: sp.Expr, rhs: sp.Expr, rhs_tex: str, context: Context) -> Judgement:
    """``lhs ≈ 0.520``: |lhs − 0.520| ≤ 0.0005, both bounds proven (or one refuted)."""
    from ... import check_inequality

    places = len(rhs_tex.strip().split(".")[1])
    half = sp.Rational(1, 2 * 10**places)
    bounds = (half - (lhs - rhs), half + (lhs - rhs))
    verdicts = []
    for gap in bounds:
        verdict, error = _call(check_inequality, gap, strict=False, **context.kwargs())
        if verdict is None:
            return Judgement("not checked", error)
        verdicts.append(verdict)
    if any(v.status == "refuted" for v in verdicts):
        value = mpmath.nstr(mpmath.mpf(sp.N(lhs, 30)), places + 3) if lhs.is_number else "?"
        return Judgement(
            "refuted", f"the value is {value}, which does not round to {rhs_tex.strip()}"
        )
    if all(v.status == "proven" for v in verdicts):
        return _proved(f"rounds to {rhs_tex.strip()} ({places} decimals stated, proven)", context)
    return _unknown(verdicts[0], "")


# --------------------------------------------------------------------------- inequalities
def order(lhs: sp.Expr, rhs: sp.Expr, relation: str, context: Context) -> Judgement:
    from ... import check_inequality

    gap = lhs - rhs if relation in (">", "≥") else rhs - lhs
    strict = relation in ("<", ">")
    small, large = (rhs, lhs) if relation in (">", "≥") else (lhs, rhs)
    if (small.has(sp.Min, sp.Max) or large.has(sp.Min, sp.Max)) and by_cases(
        small, large, strict, context
    ):
        return _proved("proven by the kernel, case by case on min/max", context)
    verdict, error = _call(check_inequality, gap, strict=strict, **context.kwargs())
    if verdict is not None and verdict.status == "proven":
        return _proved("proven by the kernel", context)
    if verdict is not None and verdict.status == "refuted":
        if strict and not _suspect([gap], verdict.counterexample, context):
            weak, _ = _call(check_inequality, gap, strict=False, **context.kwargs())
            if weak is not None and weak.status == "proven":
                shown = {"<": "≤", ">": "≥"}[relation]
                return Judgement(
                    "false as stated",
                    f"equality at {_shown(verdict.counterexample)}; true as {shown} (proven)",
                    show(verdict.counterexample),
                )
        return refuted(verdict, [gap], context, "the inequality")
    return _unknown(verdict, error)


def by_cases(
    small: sp.Expr, large: sp.Expr, strict: bool, context: Context, depth: int = 0
) -> bool:
    """``small ≤ large`` (``<``) proven through min and max: ``min(a, b) ≤ c`` if ``a ≤ c`` or
    ``b ≤ c``; ``max(a, b) ≤ c`` if both; symmetrically on the right; else the kernel."""
    from ... import check_inequality

    if depth > 4:
        return False
    if isinstance(small, sp.Min):
        return any(by_cases(a, large, strict, context, depth + 1) for a in small.args)
    if isinstance(small, sp.Max):
        return all(by_cases(a, large, strict, context, depth + 1) for a in small.args)
    if isinstance(large, sp.Max):
        return any(by_cases(small, a, strict, context, depth + 1) for a in large.args)
    if isinstance(large, sp.Min):
        return all(by_cases(small, a, strict, context, depth + 1) for a in large.args)
    verdict, _ = _call(check_inequality, large - small, strict=strict, **context.kwargs())
    return verdict is not None and verdict.status == "proven"


def differ(lhs: sp.Expr, rhs: sp.Expr, context: Context) -> Judgement:
    from ... import check_inequality

    verdict, error = _call(check_inequality, (lhs - rhs) ** 2, strict=True, **context.kwargs())
    if verdict is not None and verdict.status == "proven":
        return _proved("the sides differ everywhere (proven)", context)
    if verdict is not None and verdict.status == "refuted":
        return refuted(verdict, [lhs, rhs], context, "≠ (the sides are equal)")
    return _unknown(verdict, error)


# -------------------------------------------------------------------------------- limits
def tends(
    expr: sp.Expr, value: sp.Expr, variable: sp.Symbol, point: sp.Expr, context: Context
) -> Judgement:
    from ... import check_limit

    intervals = {k: v for k, v in context.intervals.items() if k != variable}
    sizes = {k: v for k, v in context.sizes.items() if k != variable}
    if variable in context.sizes:
        intervals[variable] = (sp.Integer(context.sizes[variable]) - 1, sp.oo)
    verdict, error = _call(
        check_limit,
        expr,
        variable,
        value,
        point=point,
        intervals=intervals,
        sizes=sizes,
        budget=context.budget,
    )
    if verdict is not None and verdict.status == "proven":
        return _proved(f"the limit as {variable} → {point} (proven)", context)
    if verdict is not None and verdict.status == "refuted":
        return Judgement("refuted", f"the limit as {variable} → {point} is not {value}")
    return _unknown(verdict, error)


def approximately(
    lhs: sp.Expr, rhs: sp.Expr, rhs_tex: str, context: Context, variable: sp.Symbol | None
) -> Judgement:
    if _decimal(rhs_tex) and not (lhs.free_symbols | rhs.free_symbols):
        return digits_stated(lhs, rhs, rhs_tex, context)
    exact = equal(lhs, rhs, context)
    if exact.kind == "verified":
        return Judgement("verified", "holds exactly: " + exact.reason)
    if exact.kind not in FAILING or variable is None:
        if exact.kind in FAILING:  # "≈ for small x" is not refuted by a point far away
            return Judgement("not checked", "≈ is not exact, and names no limit or digits")
        return exact
    limit = tends(lhs - rhs, sp.Integer(0), variable, sp.oo, context)
    if limit.kind != "verified":
        if limit.kind == "refuted":
            return Judgement(
                "refuted", f"{exact.reason}; the difference does not → 0 as {variable} → ∞"
            )
        return Judgement("not checked", f"{exact.reason}; the limit {variable} → ∞ is not proven")
    return Judgement(
        "holds only in a limit",
        f"as {variable} → ∞ (proven); at finite {variable}: "
        + finite_correction(lhs - rhs, variable, context),
    )


def finite_correction(difference: sp.Expr, variable: sp.Symbol, context: Context) -> str:
    """The leading term ``c/n^k`` of the difference, ``c`` read at large n and proven."""
    from ... import check_limit

    others = {s: sp.Rational(7, 5) for s in difference.free_symbols if s != variable}
    for power in (1, 2):
        scaled = difference * variable**power
        try:
            guess = sp.N(scaled.xreplace(others).subs(variable, 10**8), 30)
            if not guess.is_number or not guess.is_finite:
                continue
            candidate = sp.nsimplify(sp.Float(guess, 12), [sp.E, sp.pi], tolerance=1e-6)
        except (TypeError, ValueError, ArithmeticError):
            continue
        if others or candidate == 0:
            continue
        verdict, _ = _call(
            check_limit,
            scaled,
            variable,
            candidate,
            intervals={variable: (1, sp.oo)},
            budget=context.budget,
        )
        if verdict is not None and verdict.status == "proven":
            return f"left − right ~ {sp.sstr(candidate)}/{variable}" + (
                f"^{power}" if power > 1 else ""
            )
    return "left − right → 0 (leading term not found)"


# -------------------------------------------------------------------------- proportional
def proportional(lhs: sp.Expr, rhs: sp.Expr, context: Context) -> Judgement:
    from ... import check_inequality

    if rhs == 0:
        return Judgement("not checked", "proportional to 0")
    factor = sp.simplify(lhs / rhs)
    shared = factor.free_symbols & rhs.free_symbols
    if shared:
        names = ", ".join(sorted(_pretty(s) for s in shared))
        return Judgement("refuted", f"the ratio {_pretty(factor)} depends on {names}")
    verdict, error = _call(check_inequality, factor, strict=True, **context.kwargs())
    if verdict is not None and verdict.status == "proven":
        return _proved(f"with the positive factor {_pretty(factor)} (proven > 0)", context)
    if verdict is not None and verdict.status == "refuted":
        return refuted(verdict, [factor], context, f"the factor {_pretty(factor)} > 0")
    return _unknown(verdict, error)
