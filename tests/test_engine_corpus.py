"""A varied corpus of true and false statements: no false proof, no false refutation, and
most true statements proven, most false ones refuted with a certified counterexample."""

import sympy as sp

from symbolic import check_identity, check_inequality, check_limit

x, y, z, t, u = sp.symbols("x y z t u")
n = sp.Symbol("n")
K, G, M = sp.symbols("K G M", integer=True, positive=True)
i, j, g, h = sp.symbols("i j g h", integer=True, positive=True)
p, q, w, r = (sp.IndexedBase(s) for s in ("p", "q", "w", "r"))
UNIT = {x: (0, 1), y: (0, 1)}
POS = {x: (0, sp.oo), y: (0, sp.oo)}
REAL = {x: (-sp.oo, sp.oo), y: (-sp.oo, sp.oo)}
SYM = {x: (-1, 1)}

S = lambda f, k=i, n=K: sp.Sum(f, (k, 1, n))  # noqa: E731

# (lhs, rhs, keyword arguments of check_identity): true statements
TRUE = [
    (sp.log(x * y), sp.log(x) + sp.log(y), POS),
    (sp.log(x / y), sp.log(x) - sp.log(y), UNIT),
    (sp.log(x**3), 3 * sp.log(x), POS),
    (sp.exp(x + y), sp.exp(x) * sp.exp(y), REAL),
    (sp.exp(2 * sp.log(x)), x**2, POS),
    (sp.sqrt(x**2), x, POS),
    (sp.sqrt(x**2), sp.Abs(x), SYM),
    (sp.Abs(x), x, {x: (0, 5)}),
    (sp.Abs(x), -x, {x: (-5, 0)}),
    ((x + y) ** 2, x**2 + 2 * x * y + y**2, REAL),
    ((x**4 + 1) ** 2 - x**8, 2 * x**4 + 1, {x: (0, sp.oo)}),
    ((x - 1) * (x + 1), x**2 - 1, REAL),
    (1 / x + 1 / y, (x + y) / (x * y), POS),
    (x / (1 - x), 1 / (1 - x) - 1, UNIT),
    (sp.sin(x) ** 2 + sp.cos(x) ** 2, 1, {x: (0, sp.pi / 2)}),
    (sp.sin(2 * x), 2 * sp.sin(x) * sp.cos(x), {x: (-3, 3)}),
    (sp.cosh(x) ** 2 - sp.sinh(x) ** 2, 1, {x: (-5, 5)}),
    (sp.exp(sp.exp(x)), sp.exp(sp.exp(x)), {x: (0, sp.oo)}),
    (sp.Sum(1 / n, (n, 1, 3)), sp.Rational(11, 6), {}),
    (sp.Sum(n**2, (n, 1, 4)), 30, {}),
    (sp.log(x) + sp.log(1 - x), sp.log(x * (1 - x)), UNIT),
    (x * sp.log(x) - x * sp.log(y), x * sp.log(x / y), UNIT),
    (sp.gamma(x + 1), x * sp.gamma(x), {x: (0, 10)}),
    (sp.factorial(5), 120, {}),
    (sp.atan(x) + sp.atan(1 / x), sp.pi / 2, {x: (0, sp.oo)}),
    (x + y + z, 1, {"simplices": [[x, y, z]]}),
    (1 - x - y, z, {"simplices": [[x, y, z]]}),
    (
        x * sp.log(x) + y * sp.log(y),
        x * sp.log(x) + (1 - x) * sp.log(1 - x),
        {"simplices": [[x, y]]},
    ),
    (S(p[i]), 1, {"simplices": [(p, K)], "sizes": {K: 1}}),
    (S(2 * p[i]), 2, {"simplices": [(p, K)], "sizes": {K: 1}}),
    (
        S(p[i] * sp.log(q[i])),
        S(p[i] * sp.log(p[i])) - S(p[i] * sp.log(p[i] / q[i])),
        {"simplices": [(p, K), (q, K)], "sizes": {K: 1}},
    ),
    (S(p[i] + q[i]), 2, {"simplices": [(p, K), (q, K)], "sizes": {K: 1}}),
    (S(S(p[i] * q[j], j, K)), 1, {"simplices": [(p, K), (q, K)], "sizes": {K: 1}}),
    (
        S(p[i] * q[j], i, K).subs(j, 1) * 0 + S(r[g], g, G) ** 2,
        S(S(r[g] * r[h], h, G), g, G),
        {"intervals": {r: (0, 1, G), q: (0, 1, K)}, "simplices": [(p, K)], "sizes": {K: 1, G: 1}},
    ),
    (S(r[g] - S(r[h], h, G) / G, g, G), 0, {"intervals": {r: (-3, 3, G)}, "sizes": {G: 1}}),
    (
        S((r[g] - S(r[h], h, G) / G) ** 2, g, G),
        S(r[g] ** 2, g, G) - S(r[g], g, G) ** 2 / G,
        {"intervals": {r: (-3, 3, G)}, "sizes": {G: 1}},
    ),
    (S(1, i, K), K, {"sizes": {K: 1}}),
    (S(x, i, K), K * x, {"sizes": {K: 1}, "intervals": {x: (0, 1)}}),
    (
        S(w[j] * S(p[i] * sp.log(q[i]), i, K), j, M),
        S(p[i] * sp.log(q[i]), i, K),
        {"simplices": [(w, M), (p, K), (q, K)], "sizes": {K: 1, M: 1}},
    ),
    (
        S(S(r[g] * r[h], h, G), g, G),
        S(r[g], g, G) ** 2,
        {"intervals": {r: (0, 2, G)}, "sizes": {G: 1}},
    ),
    (
        S(3 * r[g] + 2, g, G),
        3 * S(r[h], h, G) + 2 * G,
        {"intervals": {r: (0, 2, G)}, "sizes": {G: 1}},
    ),
    (sp.Symbol("log") + 1, 1 + sp.Symbol("log"), {"intervals": {sp.Symbol("log"): (0, 1)}}),
    (
        x + sp.Symbol("x", positive=True),
        sp.Symbol("x", positive=True) + x,
        {"intervals": {x: (0, 1), sp.Symbol("x", positive=True): (0, 1)}},
    ),
    (sp.tan(x), sp.sin(x) / sp.cos(x), {x: (0, sp.pi / 2)}),
    (sp.log(sp.exp(x)), x, REAL),
    (sp.exp(sp.log(x)), x, POS),
    (x**y * x**z, x ** (y + z), {x: (0, 5), y: (-2, 2), z: (-2, 2)}),
    ((x * y) ** z, x**z * y**z, {x: (0, 5), y: (0, 5), z: (-2, 2)}),
    (sp.binomial(x + 1, 2), x * (x + 1) / 2, {x: (0, 10)}),
    (sp.polygamma(1, x + 1), sp.polygamma(1, x) - 1 / x**2, {x: (0, 10)}),
    (
        S(w[j] * S(p[i] * sp.log(q[i]), i, K) ** 2, j, M),
        S(w[j] * S(p[i] * sp.log(q[i]), i, K), j, M) ** 2,
        {"simplices": [(w, M), (p, K)], "intervals": {q: (0, 1, K)}, "sizes": {K: 1, M: 1}},
    ),
]

# false statements
FALSE = [
    (sp.log(x * y), sp.log(x) - sp.log(y), POS),
    (sp.sqrt(x**2), x, SYM),
    (sp.Abs(x), x, SYM),
    (sp.log(x * y), sp.log(x) + sp.log(y), {x: (-1, 0), y: (-1, 0)}),
    (x + sp.Rational(1, 10**60), x, UNIT),
    (x + sp.Float("1e-60"), x, UNIT),
    (x * (1 + sp.Rational(1, 10**40)), x, POS),
    ((x**4 + 1) ** 2 - x**8, 2 * x**4, {x: (0, sp.oo)}),
    ((x + y) ** 2, x**2 + y**2, REAL),
    (1 / x + 1 / y, 1 / (x + y), POS),
    (sp.sin(x) ** 2 + sp.cos(x) ** 2, 1 + x * 10**-30, {x: (0, sp.pi / 2)}),
    (sp.sin(2 * x), sp.sin(x) * sp.cos(x), {x: (-3, 3)}),
    (sp.Sum(1 / n, (n, 1, 3)), sp.Rational(11, 6) + sp.Rational(1, 10**30), {}),
    (sp.Sum(1 / n, (n, 1, 3)), 2, {}),
    (sp.exp(sp.exp(x)), sp.exp(sp.exp(x)) + 1, {x: (0, sp.oo)}),
    (sp.log(x) + sp.log(1 - x), sp.log(x * (x - 1)), UNIT),
    (sp.gamma(x + 1), sp.gamma(x), {x: (0, 10)}),
    (sp.atan(x) + sp.atan(1 / x), sp.pi / 2, {x: (-sp.oo, sp.oo)}),
    (x + y + z, 1, {x: (0, 1), y: (0, 1), z: (0, 1)}),
    (x + y, 1, {"simplices": [[x, y, z]]}),
    (S(p[i]), 1 + sp.Rational(1, 10**40), {"simplices": [(p, K)], "sizes": {K: 1}}),
    (S(p[i] ** 2), 1, {"simplices": [(p, K)], "sizes": {K: 1}}),
    (
        S(p[i] * sp.log(q[i])),
        S(p[i] * sp.log(p[i])) + S(p[i] * sp.log(p[i] / q[i])),
        {"simplices": [(p, K), (q, K)], "sizes": {K: 1}},
    ),
    (S(1, i, K), G, {"sizes": {K: 1, G: 1}}),
    (S(p[i], i, K) * G, K, {"simplices": [(p, K)], "sizes": {K: 1, G: 1}}),
    (S(S(p[i] * q[j], j, K)), K, {"simplices": [(p, K), (q, K)], "sizes": {K: 1}}),
    (
        S(S(r[g] * r[h], h, G), g, G),
        S(r[g] ** 2, g, G),
        {"intervals": {r: (0, 2, G)}, "sizes": {G: 1}},
    ),
    (
        S((r[g] - S(r[h], h, G) / G) ** 2, g, G),
        S(r[g] ** 2, g, G) - S(r[g], g, G) ** 2,
        {"intervals": {r: (-3, 3, G)}, "sizes": {G: 1}},
    ),
    (
        S(w[j] * r[j] ** 2, j, M),
        S(w[j] * r[j], j, M) ** 2,
        {"simplices": [(w, M)], "intervals": {r: (0, 1, M)}, "sizes": {M: 1}},
    ),
    (
        S(S(r[g] * r[h], h, g), g, G),
        S(r[g], g, G) ** 2,
        {"intervals": {r: (0, 2, G)}, "sizes": {G: 1}},
    ),
    (S(3 * r[g] + 2, g, G), 3 * S(r[h], h, G) + 2, {"intervals": {r: (0, 2, G)}, "sizes": {G: 1}}),
    (sp.tan(x), sp.cos(x) / sp.sin(x), {x: (0, sp.pi / 2)}),
    (sp.log(sp.exp(x)), x + 1, REAL),
    ((x * y) ** z, x**z + y**z, {x: (0, 5), y: (0, 5), z: (-2, 2)}),
    (sp.polygamma(1, x + 1), sp.polygamma(1, x) + 1 / x**2, {x: (0, 10)}),
    (sp.polygamma(1, x + 1), sp.polygamma(1, x) - 1 / x**2 + sp.Rational(1, 10**45), {x: (0, 10)}),
    (x**2, x, {x: (0, 1)}),
    (sp.exp(x), 1 + x, {x: (-1, 1)}),
    (sp.log(1 + x), x, {x: (0, 1)}),
]

TRUE_INEQ = [
    (-sp.log(x), {}, {x: (0, 1)}),
    (x**2 + 1, {}, REAL),
    (x**2, {"strict": False}, REAL),
    (1 / (1 - x) - 1 / x, {}, {x: (sp.Rational(1, 2), 1)}),
    (x * y, {}, POS),
    (sp.exp(x) - 1 - x, {"strict": False}, REAL),
    ((x - y) ** 2, {"strict": False}, REAL),
    (-sp.polygamma(2, x), {}, {x: (0, sp.oo)}),
]
FALSE_INEQ = [
    (x**2, {}, SYM),
    (sp.log(x), {}, {x: (0, 1)}),
    (x - y, {}, POS),
    (1 / x - 1 / (1 - x), {}, {x: (sp.Rational(1, 2), 1)}),
    (x**3, {"strict": False}, SYM),
    (sp.Rational(-1, 10**50), {"strict": False}, {x: (0, 1)}),
    ((x - y) ** 2, {}, REAL),
]
TRUE_LIMIT = [
    (1 / sp.log(x), x, 0, {}),
    ((1 + 1 / x) ** x, x, sp.E, {}),
    (x * sp.sin(1 / x), x, 1, {}),
    (x * sp.polygamma(1, y * x), x, 1 / y, {y: (0, 10)}),
    (sp.sqrt(x**2 + x) - x, x, sp.Rational(1, 2), {}),
]
FALSE_LIMIT = [
    (1 / sp.log(x) + 1, x, 0, {}),
    ((1 + 1 / x) ** x, x, 3, {}),
    (x * sp.polygamma(1, y * x), x, y, {y: (0, 10)}),
    (sp.sqrt(x**2 + x) - x, x, 1, {}),
]


def _identity(lhs, rhs, kwargs):
    kwargs = dict(kwargs)
    if not any(k in kwargs for k in ("simplices", "intervals", "sizes")):
        kwargs = {"intervals": kwargs}
    return check_identity(lhs, rhs, **kwargs).status


def _inequality(expr, options, intervals):
    return check_inequality(expr, intervals=intervals, **options).status


def _limit(expr, variable, value, intervals):
    point = {variable: (0, sp.oo)}
    return check_limit(expr, variable, value, intervals={**intervals}).status if point else None


def test_corpus_has_no_false_verdict_and_decides_most():
    truths = [_identity(*case) for case in TRUE] + [_inequality(*c) for c in TRUE_INEQ]
    truths += [_limit(*c) for c in TRUE_LIMIT]
    falses = [_identity(*case) for case in FALSE] + [_inequality(*c) for c in FALSE_INEQ]
    falses += [_limit(*c) for c in FALSE_LIMIT]
    assert len(truths) + len(falses) >= 100
    assert "refuted" not in truths, [k for k, s in enumerate(truths) if s == "refuted"]
    assert "proven" not in falses, [k for k, s in enumerate(falses) if s == "proven"]
    assert truths.count("proven") >= 0.8 * len(truths), truths
    assert falses.count("refuted") >= 0.85 * len(falses), falses
