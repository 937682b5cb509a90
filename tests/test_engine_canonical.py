"""Canonical forms are equivalences: property tests over random nested sums, products, logs.

Index names are drawn from a small pool so that inner sums reuse (shadow) outer names, and
bounds may depend on an outer index: exactly the situations where a careless renaming
captures a bound variable.
"""

import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symbolic.engine.canonical import canonical, rename_bound

N = sp.Symbol("N", integer=True, positive=True)
POOL = sp.symbols("i j k", integer=True, positive=True)
a = sp.IndexedBase("a", positive=True)
c = sp.IndexedBase("c", positive=True)
x = sp.Symbol("x", positive=True)
VALUES = {n: sp.Rational(n * n + 3, 7 * n + 2) for n in range(0, 40)}


def _leaf(draw, scope):
    choice = draw(st.integers(0, 3))
    if choice == 0 or not scope:
        return draw(st.sampled_from([sp.Integer(1), sp.Integer(2), x]))
    first = draw(st.sampled_from(scope))
    if choice == 1 or len(scope) < 2:
        return a[first]
    return c[first, draw(st.sampled_from(scope))]


@st.composite
def positive_expr(draw, depth=3, scope=()):
    """A positive expression; sums bind names from POOL (possibly shadowing)."""
    if depth == 0:
        return _leaf(draw, list(scope))
    kind = draw(st.sampled_from(["leaf", "add", "mul", "pow", "log", "sum", "sum"]))
    sub = lambda: draw(positive_expr(depth - 1, scope))  # noqa: E731
    if kind == "leaf":
        return _leaf(draw, list(scope))
    if kind == "add":
        return sub() + sub()
    if kind == "mul":
        return sub() * sub()
    if kind == "pow":
        return sub() ** 2
    if kind == "log":
        return sp.log(1 + sub())
    bound = draw(st.sampled_from([N, sp.Integer(2), *(s + 1 for s in scope)]))
    index = draw(st.sampled_from([s for s in POOL if s not in bound.free_symbols]))
    body = draw(positive_expr(depth - 1, (*scope, index)))
    return sp.Sum(body, (index, 1, bound))


def unrolled(expr):
    """Every sum written out by substituting each index value (``subs`` respects scope)."""
    if isinstance(expr, sp.Sum):
        (index, lo, hi), rest = expr.limits[-1], expr.limits[:-1]
        inner = sp.Sum(expr.function, *rest) if rest else expr.function
        return sp.Add(*(unrolled(inner.subs(index, k)) for k in range(int(lo), int(hi) + 1)))
    if not expr.args or isinstance(expr, sp.Indexed):
        return expr
    return expr.func(*(unrolled(arg) for arg in expr.args))


def value(expr, n):
    concrete = unrolled(sp.sympify(expr).xreplace({N: sp.Integer(n)}))
    entries = {
        e: VALUES[sum(int(k) * (7**p) for p, k in enumerate(e.indices)) % 40]
        for e in concrete.atoms(sp.Indexed)
    }
    return sp.N(concrete.xreplace(entries).xreplace({x: sp.Rational(5, 3)}), 40)


def close(u, v):
    return abs(u - v) <= sp.Float("1e-30", 40) * max(1, abs(u), abs(v))


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(positive_expr(depth=2), st.sampled_from([1, 2, 3]))
def test_canonical_form_has_the_value_of_the_expression(expr, n):
    assert close(value(canonical(expr), n), value(expr, n))


@SETTINGS
@given(positive_expr(depth=3), st.sampled_from([2, 3]))
def test_renaming_bound_indices_keeps_the_value(expr, n):
    assert close(value(rename_bound(expr), n), value(expr, n))


@SETTINGS
@given(positive_expr(depth=2), positive_expr(depth=2))
def test_equal_canonical_forms_mean_equal_values(first, second):
    if canonical(first) == canonical(second):
        for n in (1, 2, 3):
            assert close(value(first, n), value(second, n))


i, j = POOL[:2]


def test_inner_and_outer_indices_never_collapse_onto_the_diagonal():
    """Σ_j (Σ_i c_{j,i})² is not Σ_j Σ_i c_{j,i}²; E[R²] is not (E[R])²."""
    nested = sp.Sum(sp.Sum(c[j, i], (i, 1, N)) ** 2, (j, 1, N))
    diagonal = sp.Sum(c[j, j] ** 2, (j, 1, N))
    assert canonical(nested - diagonal) != 0
    w = sp.IndexedBase("w", positive=True)
    second_moment = sp.Sum(w[j] * sp.Sum(c[j, i], (i, 1, N)) ** 2, (j, 1, N))
    squared_mean = sp.Sum(w[j] * sp.Sum(c[j, i], (i, 1, N)), (j, 1, N)) ** 2
    assert canonical(second_moment - squared_mean) != 0


def test_shadowed_index_keeps_its_scope():
    shadowed = sp.Sum(a[i] * sp.Sum(a[i], (i, 1, N)), (i, 1, N))
    assert canonical(shadowed - sp.Sum(a[i], (i, 1, N)) ** 2) == 0
    assert canonical(shadowed - sp.Sum(a[i] ** 2, (i, 1, N))) != 0


def test_dependent_bounds_are_left_alone_and_stay_correct():
    triangle = sp.Sum(a[i] * a[j], (j, i + 1, N), (i, 1, N))
    for n in (2, 3, 4):
        assert close(value(canonical(triangle), n), value(triangle, n))
    assert canonical(triangle - sp.Sum(a[i], (i, 1, N)) ** 2) != 0


def test_renamed_and_split_sums_are_identified():
    g, h = sp.symbols("g h", integer=True, positive=True)
    left = sp.Sum(a[g] * a[h], (g, 1, N), (h, 1, N))
    assert canonical(left - sp.Sum(a[g], (g, 1, N)) ** 2) == 0
    assert canonical(sp.Sum(3 * a[g] + 2, (g, 1, N)) - 3 * sp.Sum(a[h], (h, 1, N)) - 2 * N) == 0
    assert canonical(left - 2 * sp.Sum(a[g], (g, 1, N)) ** 2) != 0
