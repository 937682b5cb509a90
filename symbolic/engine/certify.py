"""Numbers that can be trusted: mpmath evaluation, interval arithmetic, certified points.

Expressions are compiled once with ``lambdify`` and run in either mpmath context: ``mp``
(floating point at any precision) or ``iv`` (interval arithmetic, where every function has
an interval version).  Sums run over indices that stay in the context (``Σ_{i≤3} 1/i`` is
11/6, not a double), an ``Integral`` is a quadrature whose error estimate must be small,
or the value is *uncertain*.  A point refutes a statement only when certified:

* an interval enclosure of the difference (or of the value) excludes what the statement
  needs, at the working precision or at 2× or 4× it; or, where interval arithmetic does not
  reach (``polygamma``, quadrature),
* the residual stays put at 2×, 4× and 8× the precision and exceeds what rounding explains;
* or the exact value at the (rational) point reduces to a nonzero number.
"""

from __future__ import annotations

import builtins
import functools
import itertools
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import mpmath
import sympy as sp
from sympy.printing.pycode import MpmathPrinter

from ..flatcode import flat
from .budget import exact_size_bounded
from .domain import Atom, Point, exact_rational
from .summation import written_out


class Uncertain(ArithmeticError):
    """A value that cannot be computed to the accuracy a verdict needs."""


class Unreadable(Exception):
    """The statement reads a symbol or an entry its domain does not define (a size or an
    index out of range): no point of the domain can decide it."""


def _index_type(ctx: object) -> type:
    """``int`` whose divisions and negative powers stay in ``ctx`` (not Python floats)."""

    def lift(op: Callable) -> Callable:
        def method(self: int, other: object) -> object:
            if isinstance(other, int):
                return Index(op(int(self), int(other)))
            return op(ctx.mpf(int(self)), other)

        return method

    def divide(self: int, other: object) -> object:
        return ctx.mpf(int(self)) / (ctx.mpf(int(other)) if isinstance(other, int) else other)

    def rdivide(self: int, other: object) -> object:
        return (ctx.mpf(int(other)) if isinstance(other, int) else other) / ctx.mpf(int(self))

    def power(self: int, other: object) -> object:
        if isinstance(other, int) and other >= 0:
            return Index(int(self) ** int(other))
        return ctx.mpf(int(self)) ** other

    def rpower(self: int, other: object) -> object:
        base = ctx.mpf(int(other)) if isinstance(other, int) else other
        return base ** int(self) if self >= 0 else base ** ctx.mpf(int(self))

    class Index(int):
        __add__ = __radd__ = lift(lambda a, b: a + b)
        __mul__ = __rmul__ = lift(lambda a, b: a * b)
        __sub__ = lift(lambda a, b: a - b)
        __rsub__ = lift(lambda a, b: b - a)
        __truediv__, __rtruediv__ = divide, rdivide
        __pow__, __rpow__ = power, rpower

        def __neg__(self) -> int:
            return Index(-int(self))

    return Index


def _quad(ctx: object) -> Callable:
    def quad(f: Callable, *intervals: object) -> object:
        if ctx is mpmath.iv:
            raise Uncertain("no interval quadrature")
        value, error = mpmath.quad(f, *intervals, error=True)
        if not error <= mpmath.mpf(10) ** (-(mpmath.mp.dps // 2)) * max(1, abs(value)):
            raise Uncertain(f"quadrature error estimate {mpmath.nstr(error, 3)}")
        return value

    return quad


def _namespace(base: dict, ctx: object) -> dict:
    """The globals of a compiled function, rebound to the context ``ctx``."""
    index = _index_type(ctx)
    names = dict(base)
    missing = object()
    for name in list(names):
        if name.startswith("_") or name in ("builtins", "range"):
            continue
        if ctx is mpmath.iv and hasattr(names[name], "through_evalf"):
            names[name] = _unavailable(name)
        elif (
            ctx is mpmath.iv
            and callable(names[name])
            and getattr(mpmath, name, None) is names[name]
        ):
            found = getattr(mpmath.iv, name, missing)
            names[name] = found if found is not missing else _unavailable(name)
        elif ctx is mpmath.iv and isinstance(names[name], mpmath.mpf | mpmath.mpc):
            names[name] = mpmath.iv.mpf(names[name])
    if ctx is mpmath.mp:
        memo: dict = names.setdefault("_memo", {})
        for name in MEMOIZED:
            if name in names:
                names[name] = _memoized(names[name], name, memo)
    names["mpf"] = ctx.mpf
    names["pi"] = ctx.pi
    names["E"] = ctx.e
    names["_index"] = index
    names["range"] = lambda lo, hi: map(index, range(int(lo), int(hi)))
    names["builtins"] = types.SimpleNamespace(sum=ctx.fsum, prod=ctx.fprod)
    names["quad"] = _quad(ctx)
    return names


MEMOIZED = ("log", "exp", "sqrt", "polygamma", "loggamma", "psi", "gamma")
"""Functions whose values are remembered within one evaluation (a sum of logs inside a sum
recomputes the same logarithms): keyed by the arguments and the working precision."""


def _memoized(function: Callable, name: str, memo: dict) -> Callable:
    def remembered(*args: object) -> object:
        key = (name, args, mpmath.mp.prec)
        try:
            return memo[key]
        except KeyError:
            memo[key] = value = function(*args)
            return value
        except TypeError:
            return function(*args)

    return remembered


def _through_evalf(function: type) -> Callable:
    """A SymPy function with no mpmath twin (``Li``, ``lucas``, ``jn``, ``DiracDelta``),
    evaluated by SymPy's ``evalf`` at the working precision (mpmath underneath) on the
    exact values of its arguments; ``Uncertain`` where that gives no real number."""
    name = function.__name__

    def value(*args: object) -> object:
        if not all(isinstance(a, int | mpmath.mpf) for a in args):
            raise Uncertain(f"cannot evaluate {name} numerically")
        exact = [
            sp.Integer(int(a)) if isinstance(a, int) else sp.Rational(*exact_rational(a))
            for a in args
        ]
        found = function(*exact).evalf(mpmath.mp.dps + 5)
        if not (found.is_Number and found.is_real and found.is_finite):
            raise Uncertain(f"cannot evaluate {name} numerically")
        return mpmath.mpf(found)

    value.through_evalf = name  # no interval version: ``_namespace`` replaces it in ``iv``
    return value


def _unavailable(name: str) -> Callable:
    def fail(*args: object) -> object:
        raise Uncertain(f"{name} has no interval version")

    return fail


@dataclass(frozen=True)
class Compiled:
    """Expressions compiled once to a function of scalars and index tables."""

    mp_function: Callable
    iv_function: Callable
    symbols: tuple[sp.Symbol, ...]
    bases: tuple[sp.IndexedBase, ...]

    def __call__(self, values: Mapping[Atom, object], ctx: object = mpmath.mp) -> list:
        """Evaluate at a point: sizes and scalars by symbol, indexed entries by table."""
        tables: dict[sp.Symbol, dict] = {b.label: {} for b in self.bases}
        for atom, value in values.items():
            slot = _slot(atom)
            if slot is not None and slot[0] in tables:
                tables[slot[0]][slot[1]] = value
        function = self.iv_function if ctx is mpmath.iv else self.mp_function
        index = function.__globals__["_index"]  # a size is an index: 1/(K + 1) stays in ctx
        scalars = [values[s] for s in self.symbols]
        args = [index(v) if type(v) is int else v for v in scalars]
        args += [tables[b.label] for b in self.bases]
        if ctx is mpmath.iv:
            return self.iv_function(*args)
        self.mp_function.__globals__["_memo"].clear()
        return self.mp_function(*args)


@functools.lru_cache(maxsize=65536)
def _slot(atom: Atom) -> tuple[sp.Symbol, object] | None:
    """Where an indexed entry goes: its table (the base's label) and its integer key."""
    if not isinstance(atom, sp.Indexed):
        return None
    key = tuple(int(k) for k in atom.indices)
    return atom.base.label, key[0] if len(key) == 1 else key


def carried_out(expr: sp.Expr) -> sp.Expr:
    """Every derivative of ``expr`` carried out (a number needs the derivative's formula)."""
    return expr.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())


class _Printer(flat(MpmathPrinter)):
    """SymPy's mpmath printer, with a ``Product`` written as a loop like its ``Sum`` (and a
    long sum as one call, ``symbolic.flatcode``)."""

    def _print_Product(self, expr: sp.Product) -> str:
        loops = " ".join(
            f"for {self._print(i)} in range({self._print(a)}, {self._print(b)}+1)"
            for i, a, b in expr.limits[::-1]
        )
        return f"(builtins.prod({self._print(expr.function)} {loops}))"


def compile_mpmath(exprs: Sequence[sp.Expr]) -> Compiled:
    """Compile with ``lambdify`` once; the code runs in the ``mp`` and ``iv`` contexts."""
    exprs = [carried_out(sp.sympify(e)) for e in exprs]
    bases = {base for e in exprs for base in e.atoms(sp.IndexedBase)}
    labels = {b.label for b in bases}
    symbols = {s for e in exprs for s in e.free_symbols if not s.is_Indexed and s not in labels}
    ordered_symbols = tuple(sorted(symbols, key=sp.default_sort_key))
    ordered_bases = tuple(sorted(bases, key=sp.default_sort_key))
    function = sp.lambdify(
        [*ordered_symbols, *ordered_bases],
        exprs,
        modules="mpmath",
        printer=_Printer(
            {"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True}
        ),
        docstring_limit=0,
    )
    code, base = function.__code__, function.__globals__
    twins = {type(f).__name__: type(f) for e in exprs for f in e.atoms(sp.Function)}
    for name in code.co_names:
        if name not in base and name in twins and not hasattr(builtins, name):
            base[name] = _through_evalf(twins[name])
    mp_function = types.FunctionType(code, _namespace(base, mpmath.mp))
    iv_function = types.FunctionType(code, _namespace(base, mpmath.iv))
    return Compiled(mp_function, iv_function, ordered_symbols, ordered_bases)


# ------------------------------------------------------------------ evaluation at a point
def values_at(compiled: Compiled, point: Point, extra: Mapping | None = None) -> list:
    """The values at the working precision (``Uncertain`` where they cannot be computed)."""
    try:
        return list(compiled({**point.sizes, **point.read(), **(extra or {})}))
    except Uncertain:
        raise
    except LookupError as error:
        key = error.args[0] if error.args else "?"
        raise Unreadable(f"the entry {key}") from error
    except (ArithmeticError, ValueError, TypeError) as error:
        raise Uncertain(f"{type(error).__name__}") from error


UNEVALUATED = (sp.Integral, sp.Sum, sp.Product, sp.Limit, sp.Derivative)
"""What ``exactly_nonzero`` leaves alone: SymPy would evaluate it by quadrature or a loop."""


def exactly_nonzero(number: sp.Expr) -> bool:
    """A constant SymPy expression in closed form certainly not 0: its value to 15
    significant digits, by SymPy's adaptive-precision ``evalf`` (at most 400 bits), is
    nonzero."""
    number = sp.sympify(number)
    if number.free_symbols or not number.is_number or number.has(*UNEVALUATED):
        return False
    if number.is_Rational:
        return number != 0
    try:
        value = number.evalf(15, strict=True, maxn=400)
    except (sp.core.evalf.PrecisionExhausted, ValueError, TypeError):
        return False
    return value.is_Number and value.is_comparable and value != 0


def enclosure(compiled: Compiled, point: Point, prec_dps: int, extra: Mapping | None = None):
    """Interval enclosures of the values at ``prec_dps`` digits, or None if out of reach."""
    iv = mpmath.iv
    saved = iv.dps
    iv.dps = prec_dps
    try:
        with mpmath.workdps(prec_dps):
            lifted = {k: iv.mpf(v) for k, v in (extra or {}).items()}
            boxes = list(compiled({**point.sizes, **point.read(iv), **lifted}, iv))
    except Exception:  # noqa: BLE001 - any failure of interval arithmetic: no certificate
        return None
    finally:
        iv.dps = saved
    # A value computed outside interval arithmetic (an opaque mpmath function) encloses nothing.
    if all(isinstance(b, mpmath.ctx_iv.ivmpf) or type(b) is int for b in boxes):
        return boxes
    return None


def excludes_zero(box: object) -> bool:
    """An enclosure (or an exact number, where the expression is constant) without 0."""
    if isinstance(box, mpmath.ctx_iv.ivmpf):
        return 0 not in box
    return isinstance(box, int | mpmath.mpf) and box != 0


def upper(box: object) -> object:
    """The upper end of an enclosure (an exact number is its own)."""
    return box.b if isinstance(box, mpmath.ctx_iv.ivmpf) else box


def certified(
    compiled: Compiled,
    point: Point,
    violated: Callable[[Sequence[object]], bool],
    excludes: Callable[[Sequence[object]], bool],
    dps: int,
    extra: Mapping | None = None,
) -> bool:
    """Is the violation seen at ``point`` real?

    ``excludes(enclosures)`` says whether interval enclosures prove the violation;
    ``violated(values)`` tests plain values.  First interval arithmetic at ``dps``, 2× and
    4× it; failing that, the violation and its residual must persist unchanged at 2×, 4×
    and 8× the precision.
    """
    for factor in (1, 2, 4):
        boxes = enclosure(compiled, point, factor * dps, extra)
        if boxes is None:
            break
        if excludes(boxes):
            return True
    residuals = []
    for factor in (2, 4, 8):
        with mpmath.workdps(factor * dps):
            try:
                values = values_at(compiled, point, extra)
            except Uncertain:
                return False
            if not violated(values):
                return False
            residuals.append(_spread(values))
    settled = mpmath.mpf(10) ** (-(dps // 2))
    return (
        all(abs(a - b) <= settled * max(abs(a), abs(b)) for a, b in itertools.pairwise(residuals))
        and residuals[-1] != 0
    )


def _spread(values: Sequence[object]) -> object:
    return values[0] if len(values) == 1 else values[0] - values[1]


def persistent_difference(compiled: Compiled, point: Point, dps: int) -> bool:
    """``lhs − rhs`` (the first two values) is certainly nonzero at ``point``: an interval
    enclosure excludes 0 at ``dps``, 2× or 4× it; or the difference stays put at 2×, 4× and
    8× the precision, nonzero and far above what rounding at 8× explains."""
    for factor in (1, 2, 4):
        boxes = enclosure(compiled, point, factor * dps)
        if boxes is None:
            break
        if excludes_zero(boxes[0] - boxes[1]):
            return True
    found = []
    for factor in (2, 4, 8):
        with mpmath.workdps(factor * dps):
            try:
                left, right = values_at(compiled, point)[:2]
            except Uncertain:
                return False
            found.append((left - right, max(1, abs(left), abs(right))))
            if abs(left - right) <= mpmath.mpf(10) ** (-2 * dps) * found[-1][1]:
                return False  # as small as rounding allows: nothing persists
    (d2, _), (d4, _), (d8, scale) = found
    settled = mpmath.mpf(10) ** (-(dps // 2))
    return (
        abs(d8) > mpmath.mpf(10) ** (-2 * dps) * scale
        and abs(d4 - d8) <= settled * abs(d8)
        and abs(d2 - d4) <= settled * abs(d8)
    )


def exact_value(expr: sp.Expr, point: Point, atoms: Mapping[Atom, Atom]) -> sp.Expr:
    """``expr`` at the point's exact rational values (sizes made concrete, sums expanded);
    ``nan`` (no value) where a power is too high to evaluate exactly within a budget
    (``budget.exact_size_bounded``)."""
    if not exact_size_bounded(expr):
        return sp.nan
    values = {atoms.get(k, k): v for k, v in point.exact().items()}
    sizes = {atoms.get(k, k): v for k, v in point.sizes.items()}
    concrete = written_out(expr.xreplace(sizes)).doit()
    return concrete.xreplace(values)
