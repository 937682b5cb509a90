"""Sizes in exact arithmetic, exact points with their signs, a budget that never leaks past
its check, and the public API's bad inputs as one-line errors."""

import math
import threading
import time

import mpmath
import pytest
import sympy as sp

from symbolic import GrpoSigmaError, check_identity, check_inequality, check_limit
from symbolic.engine import budget
from symbolic.engine.domain import Point
from symbolic.engine.rules import DerivativeSign

x, y, t, n = sp.symbols("x y t n")
N = sp.Symbol("N", integer=True, positive=True)
K = sp.Symbol("K", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)
p = sp.IndexedBase("p")


def test_a_size_divides_in_mpmath_not_in_floats():
    # 1/(N + 1) in Python floats differs from the exact sum by 1e-17: not a counterexample
    telescoping = sp.Sum(1 / (i * (i + 1)), (i, 1, N))
    true = check_identity(telescoping, 1 - 1 / (N + 1), sizes={N: 1})
    assert true.status in {"proven", "unknown"}
    false = check_identity(telescoping, 1 - 1 / (N + 2), sizes={N: 1})
    assert false.status == "refuted"
    n_ = false.counterexample[N]
    assert sum(sp.Rational(1, k * (k + 1)) for k in range(1, n_ + 1)) != 1 - sp.Rational(1, n_ + 2)


def test_an_exact_point_keeps_the_sign_of_its_coordinates():
    point = Point({})
    point.free[x] = mpmath.mpf("-0.75")
    point.free[y] = mpmath.mpf(-3)
    assert point.exact() == {x: sp.Rational(-3, 4), y: -3}


def test_a_timeout_while_the_watcher_starts_never_fires_later(monkeypatch):
    class SlowStart(threading.Thread):
        def start(self) -> None:
            super().start()
            time.sleep(0.2)  # the budget runs out before the block is entered

    monkeypatch.setattr(budget.threading, "Thread", SlowStart)
    with pytest.raises(budget.ProofTimeout):
        with budget.deadline(0.01):
            time.sleep(1)
    time.sleep(0.3)  # a watcher left running would raise again here, every 50 ms


def test_a_verdict_reached_after_the_budget_is_unknown():
    verdict = check_identity(sp.log(x * y), sp.log(x) + sp.log(y), intervals={x: (0, 1), y: (0, 1)})
    tiny = min(verdict.seconds / 10, 1e-4)  # a repeated check is faster: caches are warm
    late = check_identity(
        sp.log(x * y), sp.log(x) + sp.log(y), intervals={x: (0, 1), y: (0, 1)}, budget=tiny
    )
    assert late.status == "unknown" and "budget" in late.detail


@pytest.mark.parametrize(
    "call,message",
    [
        (lambda: check_identity(sp.Sum(p[i], (i, 1, 3)), 1, simplices=[(p, -2)]), "length ≥ 1"),
        (lambda: check_identity(sp.Sum(p[i], (i, 1, 3)), 1, intervals={p: (0, 1, 0)}), "≥ 1"),
        (lambda: check_limit(1 / n, n, math.nan), "nan"),
        (lambda: check_limit(1 / n, n, sp.zoo), "nan or zoo"),
        (lambda: check_limit(1 / n, n, 0, point=sp.nan), "nan"),
        (lambda: check_limit(1 / n, n, 0, point=sp.I), "real number"),
        (lambda: check_limit(1 / x, x, 0, intervals={x: (0, 1)}), "leaves the interval"),
        (
            lambda: check_inequality(x, strict=False, equality={x: sp.nan}, intervals={x: (0, 1)}),
            "nan",
        ),
        (
            lambda: check_inequality(x, strict=False, equality={x: 5}, intervals={x: (0, 1)}),
            "outside",
        ),
        (lambda: check_inequality(x, strict=False, equality=[1], intervals={x: (0, 1)}), "map"),
        (lambda: check_inequality(x, rule="DerivativeSign", intervals={x: (0, 1)}), "rule must be"),
        (lambda: check_identity("x +* 2", x, intervals={x: (0, 1)}), "not a SymPy expression"),
        (lambda: check_identity(None, x, intervals={x: (0, 1)}), "NoneType"),
        (lambda: check_inequality(x > 0, intervals={x: (0, 1)}), "not a SymPy expression"),
    ],
)
def test_bad_input_is_one_line_package_error(call, message):
    with pytest.raises(GrpoSigmaError, match=message) as raised:
        call()
    assert "\n" not in str(raised.value)


def test_good_limit_and_rule_inputs_still_work():
    assert check_limit(x * sp.log(x), x, 0, point=0, intervals={}).status == "proven"
    assert check_limit(1 / x, x, 0, intervals={x: (1, sp.oo)}).status == "proven"
    rule = DerivativeSign(variable=x, at=0)
    assert check_inequality(x - sp.log(1 + x), rule=rule, intervals={x: (0, 1)}).status == "proven"
