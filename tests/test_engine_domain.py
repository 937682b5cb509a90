"""Domain hygiene: assumptions come from the domain only; bad domains are one-line errors;
every form of domain the README allows works; sizes are sampled independently."""

import mpmath
import pytest
import sympy as sp

from symbolic import GrpoSigmaError, check_identity
from symbolic.engine.domain import Domain, Interval, Simplex, SizeRange

x, y, z = sp.symbols("x y z")
xp = sp.Symbol("x", positive=True)
p = sp.IndexedBase("p")
K, G = sp.symbols("K G", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)


@pytest.mark.parametrize(
    "lhs,rhs,intervals",
    [
        (sp.sqrt(x**2), x, {x: (-1, 1)}),
        (sp.Abs(x), x, {x: (-1, 1)}),
        (sp.log(x * y), sp.log(x) + sp.log(y), {x: (-1, 0), y: (-1, 0)}),
    ],
)
def test_statements_true_only_for_positive_symbols_are_refuted_on_signed_domains(
    lhs, rhs, intervals
):
    assert check_identity(lhs, rhs, intervals=intervals).status == "refuted"


def test_a_declaration_the_domain_contradicts_is_an_error():
    with pytest.raises(GrpoSigmaError, match="declared positive"):
        check_identity(sp.sqrt(xp**2), xp, intervals={xp: (-1, 1)})


@pytest.mark.parametrize(
    "domain,message",
    [
        (lambda: Domain(simplices=(Simplex((x, y)), Simplex((y, z)))), "two domains"),
        (
            lambda: Domain(simplices=(Simplex((x, y)),), intervals=(Interval(x, 0, 1),)),
            "two domains",
        ),
        (lambda: Domain(simplices=(Simplex((x, x)),)), "two domains"),
        (lambda: Domain(intervals=(Interval(x, 0, 1), Interval(x, 0, 2))), "two domains"),
        (lambda: Domain(intervals=(Interval(x, 0, y),)), "not a number"),
        (lambda: Domain(intervals=(Interval(x, 0, sp.I),)), "real number"),
        (lambda: Domain(intervals=(Interval(x, 1, 1),)), "empty"),
        (lambda: Domain(simplices=(Simplex(p),)), "length"),
        (lambda: Domain(simplices=(Simplex((x,)),)), "two or more"),
    ],
)
def test_inconsistent_domains_are_one_line_errors(domain, message):
    with pytest.raises(GrpoSigmaError, match=message) as error:
        domain()
    assert "\n" not in str(error.value)


def test_an_indexed_base_passed_as_a_simplex_is_an_error_not_a_hang():
    with pytest.raises(GrpoSigmaError, match="length"):
        check_identity(x, x, intervals={x: (0, 1)}, simplices=[p])


@pytest.mark.parametrize(
    "lhs,rhs,intervals",
    [
        (x**2 - 1, (x - 1) * (x + 1), {x: (-sp.oo, sp.oo)}),
        (sp.sin(x) ** 2 + sp.cos(x) ** 2, 1, {x: (0, sp.pi / 2)}),
        (sp.exp(sp.exp(x)), sp.exp(sp.exp(x)), {x: (0, sp.oo)}),
        (sp.Symbol("log") + 1, 1 + sp.Symbol("log"), {sp.Symbol("log"): (0, 1)}),
        (x + xp, xp + x, {x: (0, 1), xp: (0, 1)}),
    ],
)
def test_every_form_the_readme_allows_works(lhs, rhs, intervals):
    assert check_identity(lhs, rhs, intervals=intervals).status == "proven"


def test_sizes_are_sampled_independently_up_to_seven_and_beyond():
    domain = Domain(sizes=(SizeRange(K, 1), SizeRange(G, 2)))
    instances = domain.instances()
    assert any(s[K] != s[G] for s in instances)
    assert max(s[K] for s in instances) > 7 and 7 in {s[K] for s in instances}
    assert check_identity(sp.Sum(1, (i, 1, K)), G, sizes={K: 1, G: 1}).status == "refuted"


@pytest.mark.parametrize("dps", [15, 50])
def test_points_lie_exactly_on_their_simplex(dps):
    domain = Domain(simplices=(Simplex(p, 5),))
    with mpmath.workdps(dps):
        for point in domain.points({}, seed=1):
            exact = point.exact()
            assert sum(exact.values()) == 1 and all(v > 0 for v in exact.values())
