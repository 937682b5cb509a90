"""Property tests: canonical forms are equalities, and ball enclosures hold every value.

Hypothesis draws expressions and boxes; a failure shrinks to a small counterexample.

* ``canonical`` keeps the value of an expression with indexed sums (written out at concrete
  sizes and evaluated exactly), is idempotent, and does not see the name of a bound index;
* ``intervals.enclose`` holds the value at every sampled point of the box, and
  ``intervals.sign_on`` is sound: "positive" means every sampled value is positive, a
  "negative" point is inside the open box with a negative value there.
"""

import mpmath
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symbolic.engine.canonical import canonical, unroll
from symbolic.engine.domain import Domain, Interval
from symbolic.engine.intervals import Side, enclose, sign_on

x = sp.Symbol("x", real=True)
a = sp.IndexedBase("a")
K = sp.Symbol("K", integer=True, positive=True)
i, j = sp.symbols("i j", integer=True)

# ---------------------------------------------------------------- canonical forms
coefficients = st.integers(-3, 3)


@st.composite
def summands(draw, index: sp.Symbol) -> sp.Expr:
    """A polynomial in ``a[index]``, ``index`` and ``x`` with small integer coefficients."""
    power = draw(st.integers(0, 2))
    return (
        draw(coefficients) * a[index] ** power
        + draw(coefficients) * index
        + draw(coefficients) * x
        + draw(coefficients)
    )


@st.composite
def sum_expressions(draw) -> sp.Expr:
    """Linear combinations and products of sums over ``1..K`` (or ``0..K``)."""
    start = draw(st.sampled_from([0, 1]))
    first = sp.Sum(draw(summands(i)), (i, start, K))
    second = sp.Sum(draw(summands(j)), (j, 1, K))
    shape = draw(st.sampled_from(["sum", "product", "nested"]))
    if shape == "sum":
        return draw(coefficients) * first + draw(coefficients) * second + x
    if shape == "product":
        return first * second
    return sp.Sum(a[i] * sp.Sum(a[j] + i, (j, 1, K)), (i, 1, K))


def _numbers(expr: sp.Expr, size: int) -> sp.Expr:
    """The exact value at ``K = size``, ``x = 1/3``, ``a[k] = k² + 1/k`` (or 1/2 at 0)."""
    concrete = unroll(expr.xreplace({K: size}))
    entries = {
        e: sp.Integer(e.indices[0]) ** 2 + sp.Rational(1, e.indices[0])
        if e.indices[0]
        else sp.Rational(1, 2)
        for e in concrete.atoms(sp.Indexed)
    }
    return sp.nsimplify(concrete.xreplace(entries).xreplace({x: sp.Rational(1, 3)}))


@settings(max_examples=15, deadline=None)
@given(sum_expressions(), st.integers(1, 4))
def test_canonical_forms_keep_the_value(expr, size):
    assert _numbers(canonical(expr), size) == _numbers(expr, size)


@settings(max_examples=10, deadline=None)
@given(sum_expressions())
def test_canonical_forms_are_idempotent(expr):
    once = canonical(expr)
    assert canonical(once) == once


@settings(max_examples=10, deadline=None)
@given(summands(i))
def test_the_name_of_a_bound_index_does_not_matter(body):
    k = sp.Symbol("k", integer=True)
    renamed = sp.Sum(body.xreplace({i: k}), (k, 1, K))
    assert canonical(sp.Sum(body, (i, 1, K))) == canonical(renamed)


# ------------------------------------------------------------------ ball arithmetic
@st.composite
def expressions(draw, depth: int = 3) -> sp.Expr:
    """Expressions of ``x`` built from sums, products, integer powers and ``exp``, ``sin``,
    ``cos``, ``atan``, ``tanh``, ``log(1 + ·²)``."""
    if depth == 0 or draw(st.booleans()):
        return draw(st.sampled_from([x, x + 1, sp.Rational(draw(st.integers(-5, 5)), 3)]))
    kind = draw(st.sampled_from(["add", "mul", "pow", "fn"]))
    left = draw(expressions(depth - 1))
    if kind == "add":
        return left + draw(expressions(depth - 1))
    if kind == "mul":
        return left * draw(expressions(depth - 1))
    if kind == "pow":
        return left ** draw(st.integers(-2, 4)) if left != 0 else left
    function = draw(
        st.sampled_from([sp.exp, sp.sin, sp.cos, sp.atan, sp.tanh, lambda e: sp.log(1 + e**2)])
    )
    return function(left)


boxes = st.tuples(st.integers(-8, 8), st.integers(1, 8)).map(
    lambda p: (sp.Rational(p[0], 4), sp.Rational(p[0] + p[1], 4))
)


def _samples(lo: sp.Rational, hi: sp.Rational) -> list[mpmath.mpf]:
    return [mpmath.mpf(lo.p) / lo.q + (mpmath.mpf(hi - lo) * k) / 8 for k in range(1, 8)]


def _value(expr: sp.Expr, at: mpmath.mpf) -> mpmath.mpf | None:
    try:
        value = sp.lambdify(x, expr, "mpmath")(at)
    except (ZeroDivisionError, ValueError, OverflowError):
        return None
    return value if isinstance(value, mpmath.mpf) else None


@settings(max_examples=40, deadline=None)
@given(expressions(), boxes)
def test_an_enclosure_holds_every_value_on_its_box(expr, box):
    lo, hi = box
    ball = enclose(expr, {x: Side(lo, hi).ball()})
    if ball is None:
        return
    with mpmath.workdps(40):
        low, high = (mpmath.mpf(end.str(40, radius=False)) for end in (ball.lower(), ball.upper()))
        slack = mpmath.mpf(10) ** -30 * max(1, abs(low), abs(high))
        for at in _samples(lo, hi):
            value = _value(expr, at)
            assert value is None or low - slack <= value <= high + slack


@settings(max_examples=25, deadline=None)
@given(expressions(), boxes, st.booleans())
def test_a_sign_from_balls_is_the_sign_of_every_value(expr, box, strict):
    lo, hi = box
    found = sign_on(expr, Domain(intervals=(Interval(x, lo, hi),)), strict)
    with mpmath.workdps(40):
        if found.sign == "positive":
            for at in _samples(lo, hi):
                value = _value(expr, at)
                assert value is None or value > 0 or (not strict and value >= 0)
        if found.sign == "negative" and found.point:
            point = found.point[x] if x in found.point else None
            assert point is not None and lo < point < hi
            assert _value(expr, mpmath.mpf(point.p) / point.q) < 0
