"""Soundness regressions: statements the kernel once decided wrongly, each with its true and
false twin (a wrong verdict on either side is a bug)."""

import mpmath
import pytest
import sympy as sp

from symbolic import GrpoSigmaError, check_identity, check_inequality
from symbolic.engine.domain import Point

x, y = sp.symbols("x y")
K, G = sp.symbols("K G", integer=True, positive=True)
i, g = sp.symbols("i g", integer=True, positive=True)


def test_a_negative_coordinate_keeps_its_sign_when_made_exact():
    point = Point({})
    point.free[x] = mpmath.mpf(-0.5)
    assert point.exact()[x] == sp.Rational(-1, 2)


@pytest.mark.slow
def test_a_tiny_positive_value_at_a_negative_point_is_not_a_counterexample():
    # 1e-60 (2x − 1)² (1 + x² + sin x) > 0 on (−1, 0), and 0 at x = +1/2 only
    expr = sp.Rational(1, 10**60) * (2 * x - 1) ** 2 * (1 + x**2 + sp.sin(x))
    assert check_inequality(expr, intervals={x: (-1, 0)}).status != "refuted"
    assert check_inequality(expr - sp.Rational(1, 10**59), intervals={x: (-1, 0)}).status == (
        "refuted"
    )


def test_a_size_divides_exactly_inside_a_sum():
    # Σ_{i≤K} 1/K = 1: in Python floats, 7 · (1/7) is not 1
    mean_k = sp.Sum(sp.Integer(1) / K, (i, 1, K))
    mean_g = sp.Sum(sp.Integer(1) / G, (g, 1, G))
    assert check_identity(mean_k, mean_g, sizes={K: 1, G: 1}).status == "proven"
    assert check_identity(mean_k, 2 * mean_g, sizes={K: 1, G: 1}).status == "refuted"
    wrong = check_identity(sp.Sum(i / K, (i, 1, K)), sp.Sum(g / G, (g, 1, G)), sizes={K: 1, G: 1})
    assert wrong.status == "refuted"
    assert wrong.counterexample[K] != wrong.counterexample[G]


n = sp.Symbol("n", integer=True)
KE = sp.Symbol("K", even=True, positive=True)
p = sp.IndexedBase("p")


@pytest.mark.parametrize(
    ("lhs", "rhs", "domain", "message"),
    [
        # sin(πn) and floor(n) were simplified when the user built them: n integer
        (sp.sin(sp.pi * n), 0, {"intervals": {n: (0, 10)}}, "declared integer"),
        (sp.floor(n), n, {"intervals": {n: (0, 10)}}, "declared integer"),
        (x, x, {"intervals": {sp.Symbol("x", nonzero=True): (-1, 1)}}, "declared nonzero"),
        (KE, KE, {"sizes": {KE: 1}}, "declared even"),
        (K, K, {"sizes": {K: 0}}, "declared positive"),
        # sign(i) = 1 was used for an index declared positive that runs from 0
        (sp.Sum(sp.sign(i), (i, 0, K)), K + 1, {"sizes": {K: 1}}, "index i is declared positive"),
        (
            p[1] + sp.Sum(p[i], (i, 1, K)),
            1,
            {"simplices": [(p, K)], "intervals": {p[1]: (0, 1)}, "sizes": {K: 1}},
            "two domains",
        ),
    ],
)
def test_a_declaration_or_specification_the_domain_does_not_justify_is_an_error(
    lhs, rhs, domain, message
):
    with pytest.raises(GrpoSigmaError, match=message) as error:
        check_identity(lhs, rhs, **domain)
    assert "\n" not in str(error.value)


def test_declarations_the_domain_justifies_are_accepted():
    xr, xneg = sp.Symbol("x", real=True), sp.Symbol("x", negative=True)
    assert check_identity(sp.sqrt(xr**2), xr, intervals={xr: (0, 1)}).status == "proven"
    assert check_identity(sp.sqrt(xr**2), xr, intervals={xr: (-1, 1)}).status == "refuted"
    assert check_identity(sp.Abs(xneg), -xneg, intervals={xneg: (-3, 0)}).status == "proven"
    assert check_identity(sp.Abs(xneg), xneg, intervals={xneg: (-3, 0)}).status == "refuted"
    m = sp.Symbol("m", integer=True, nonnegative=True)
    total = sp.Sum(sp.binomial(K, m), (m, 0, K))
    assert check_identity(total, 2**K - 1, sizes={K: 1}).status == "refuted"


def test_products_are_evaluated_so_that_false_ones_are_refuted():
    r = sp.IndexedBase("r")
    family = {"intervals": {r: (0, 2, G)}, "sizes": {G: 1}}
    log_of_product = sp.log(sp.Product(r[g], (g, 1, G)))
    assert check_identity(log_of_product, sp.Sum(sp.log(r[g]), (g, 1, G)), **family).status == (
        "proven"
    )
    assert check_identity(log_of_product, sp.Sum(sp.log(r[g]), (g, 1, G)) / G, **family).status == (
        "refuted"
    )
    simplex = {"simplices": [(p, K)], "sizes": {K: 1}}
    product = sp.Product(sp.exp(p[i]), (i, 1, K))
    assert check_identity(product, sp.E**K, **simplex).status == "refuted"
    assert check_identity(product, sp.E, **simplex).status != "refuted"


def test_closed_form_sums_only_over_ranges_proven_non_empty():
    from symbolic.engine.summation import closed_forms

    h = sp.Symbol("h", integer=True)
    n = sp.Dummy("n", integer=True, nonnegative=True)
    # Σ_{i=3}^{K} 1 is −1 for SymPy at K = 1 (Karr's convention) but an empty sum, 0, here
    assert closed_forms(sp.Sum(1, (i, 3, K)), {K: 1 + n}).has(sp.Sum)
    assert closed_forms(sp.Sum(1, (i, 3, K)), {K: 2 + n}) == K - 2
    # the inner range h = g+2..K is empty by more than one at g = K
    assert closed_forms(sp.Sum(sp.Sum(1, (h, g + 2, K)), (g, 1, K)), {K: 1 + n}).has(sp.Sum)
    assert closed_forms(sp.Sum(sp.Sum(1, (h, g + 1, K)), (g, 1, K)), {K: 1 + n}) == (
        K**2 / 2 - K / 2
    )


@pytest.mark.parametrize(
    ("total", "right", "wrong"),
    [
        (sp.Sum(i, (i, 1, K)), K * (K + 1) / 2, K**2 / 2),
        (sp.Sum(i**3, (i, 1, K)), sp.Sum(i, (i, 1, K)) ** 2, sp.Sum(i**2, (i, 1, K)) ** 2),
        (sp.Sum(sp.Sum(1, (g, i + 1, K)), (i, 1, K)), K * (K - 1) / 2, K**2 / 2),
        (sp.Sum(sp.Sum(1, (g, 1, i + 1)), (i, 1, K)), K * (K + 3) / 2, K * (K + 1) / 2),
    ],
)
def test_sums_of_no_indexed_entry_are_summed_in_closed_form(total, right, wrong):
    proven = check_identity(total, right, sizes={K: 1})
    assert proven.status == "proven"
    assert "closed form" in proven.trace[0]
    assert check_identity(total, wrong, sizes={K: 1}).status == "refuted"


def test_products_of_no_indexed_entry_are_carried_out_over_non_empty_ranges():
    simplex = {"simplices": [(p, K)], "sizes": {K: 1, G: 1}}
    of_sums = sp.Product(sp.Sum(p[i], (i, 1, K)), (g, 1, G))
    assert check_identity(of_sums, 1, **simplex).status == "proven"
    assert check_identity(of_sums, G, **simplex).status == "refuted"
    power = sp.Product(x, (i, 1, K))
    assert check_identity(power, x**K, intervals={x: (0, 3)}, sizes={K: 1}).status == "proven"
    assert check_identity(power, x * K, intervals={x: (0, 3)}, sizes={K: 1}).status == "refuted"


@pytest.mark.parametrize(
    ("lhs", "message"),
    [
        (sp.Eq(x, 1), "not a SymPy expression"),
        (x < 1, "not a SymPy expression"),
        (sp.Matrix([x]), "not a SymPy expression"),
        (sp.Function("f")(x), "undefined function f"),
        (sp.zoo * x, "nan or zoo"),
        (sp.nan, "nan or zoo"),
    ],
)
def test_inputs_without_a_value_are_one_line_errors(lhs, message):
    with pytest.raises(GrpoSigmaError, match=message) as error:
        check_identity(lhs, x, intervals={x: (0, 1)})
    assert "\n" not in str(error.value)


def test_an_error_names_the_declared_assumption_in_plain_words():
    r = sp.IndexedBase("r", positive=True)
    with pytest.raises(GrpoSigmaError, match="r is declared positive"):
        check_identity(sp.Sum(r[i], (i, 1, K)), 0, intervals={r: (-1, 1, K)}, sizes={K: 1})


def test_an_empty_range_is_an_empty_sum_not_sympys_reversed_one():
    # SymPy's Σ_{i=3}^{1} x is −x (Karr's convention); the statement means 0
    assert check_identity(sp.Sum(x, (i, 3, 1)), 0, intervals={x: (0, 1)}).status == "proven"
    assert check_identity(sp.Sum(x, (i, 3, 1)), -x, intervals={x: (0, 1)}).status == "refuted"
    # 1e-60 (1 + Σ_{i=3}^{K} 1) > 0: at K = 1 SymPy's value is 0, the statement's 1e-60
    tiny = sp.Rational(1, 10**60)
    assert check_inequality(tiny + sp.Sum(tiny, (i, 3, K)), sizes={K: 1}).status != "refuted"


def test_a_count_over_a_range_that_may_be_empty_is_not_hi_minus_lo_plus_one():
    # Σ_{h=1}^{g−2} r₁ is 0 at g = 1, not −r₁; the factor vanishes at every sampled G, so
    # only the kernel stands between this statement (false at G = 8) and a proof
    r, h = sp.IndexedBase("r"), sp.Symbol("h", integer=True, positive=True)
    vanish = (G - 1) * (G - 2) * (G - 3) * (G - 5) * (G - 7) * (G - 11)
    family = {"intervals": {r: (0, 1, G)}, "sizes": {G: 1}}
    inner = sp.Sum(r[1], (h, 1, g - 2)) ** 2
    wrong = vanish * sp.Sum((g - 2) ** 2 * r[1] ** 2, (g, 1, G))
    assert check_identity(vanish * sp.Sum(inner, (g, 1, G)), wrong, **family).status != "proven"
    full = sp.Sum(sp.Sum(r[1], (h, 1, g)) ** 2, (g, 1, G))
    right = sp.Sum(g**2 * r[1] ** 2, (g, 1, G))
    assert check_identity(vanish * full, vanish * right, **family).status == "proven"


def test_a_concrete_simplex_family_sums_to_one_once_written_out():
    three = {"simplices": [(p, 3)]}
    assert check_identity(sp.Sum(p[i], (i, 1, 3)), 1, **three).status == "proven"
    assert check_identity(sp.Sum(p[i] ** 2, (i, 1, 3)), 1, **three).status == "refuted"


def test_a_scalar_named_like_a_family_needs_its_own_domain():
    scalar = sp.Symbol("p")
    total = sp.Sum(p[i], (i, 1, K)) + scalar
    family = {"simplices": [(p, K)], "sizes": {K: sp.Integer(1)}}
    with pytest.raises(GrpoSigmaError, match="no interval, simplex or size given for: p"):
        check_identity(total, 1, **family)
    assert check_identity(total, 1 + scalar, intervals={scalar: (0, 1)}, **family).status == (
        "proven"
    )
    assert check_identity(total, 1, intervals={scalar: (0, 1)}, **family).status == "refuted"


@pytest.mark.parametrize(
    ("total", "domain"),
    [
        (sp.Sum(x, (i, sp.Rational(1, 2), 3)), {"intervals": {x: (0, 1)}}),
        (sp.Sum(i, (i, 1, x)), {"intervals": {x: (1, 5)}}),
        (sp.Sum(1, (i, 1, K / 2)), {"sizes": {K: 1}}),
    ],
)
def test_a_sum_over_a_range_that_is_not_integer_is_an_error(total, domain):
    with pytest.raises(GrpoSigmaError, match="not an integer"):
        check_identity(total, 0, **domain)


def test_integer_ranges_of_any_sign_are_checked():
    n = sp.Symbol("n", integer=True)
    assert check_identity(sp.Sum(n, (n, -3, 3)), 0).status == "proven"
    assert check_identity(sp.Sum(1, (i, 1, 2 * K)), 2 * K, sizes={K: 1}).status == "proven"
    assert check_identity(sp.Sum(1, (i, 1, 2 * K)), K, sizes={K: 1}).status == "refuted"
