"""Concrete groups are numbers at any size: G rollouts and K classes cost O(G) and O(K), long
sums compile (no RecursionError), and the values equal a direct computation."""

from __future__ import annotations

import random

import mpmath
import numpy as np
import pytest
import sympy as sp

from symbolic.engine.certify import compile_mpmath
from symbolic.errors import GrpoSigmaError
from symbolic.note import compiled
from symbolic.numeric import group


def rewards(size: int, seed: int) -> list[mpmath.mpf]:
    rng = random.Random(seed)
    return [mpmath.mpf(rng.uniform(-3, 1)) for _ in range(size)]


def vector(classes: int, seed: int) -> list[mpmath.mpf]:
    rng = random.Random(seed)
    weights = [mpmath.mpf(rng.randint(1, 99)) for _ in range(classes)]
    total = mpmath.fsum(weights)
    return [w / total for w in weights]


@pytest.mark.parametrize("size", [2, 3, 17, 1000, 4000])
@pytest.mark.parametrize("convention", ["population", "bessel"])
def test_group_statistics_at_any_size_equal_a_direct_sum(size, convention):
    xs = rewards(size, size)
    with mpmath.workdps(50):
        mean, std, centered, scaled = compiled.group_statistics(size, convention, "mpmath")(
            xs, mpmath.mpf("1e-3")
        )
        direct_mean = mpmath.fsum(xs) / size
        squares = mpmath.fsum((x - direct_mean) ** 2 for x in xs)
        direct_std = mpmath.sqrt(squares / (size if convention == "population" else size - 1))
        assert abs(mean - direct_mean) < mpmath.mpf("1e-45")
        assert abs(std - direct_std) < mpmath.mpf("1e-45")
        for x, c, a in zip(xs, centered, scaled, strict=True):
            assert abs(c - (x - direct_mean)) < mpmath.mpf("1e-45")
            assert abs(a - (x - direct_mean) / (direct_std + mpmath.mpf("1e-3"))) < 1e-40


@pytest.mark.parametrize("size", [2, 128, 1000])
def test_numpy_group_statistics_of_many_groups_at_once(size):
    values = np.random.default_rng(size).normal(size=(size, 5, 3))
    mean, std, centered, scaled = compiled.group_statistics(size, "bessel", "numpy")(values, 0.0)
    assert np.allclose(mean, values.mean(axis=0), rtol=0, atol=1e-12)
    assert np.allclose(std, values.std(axis=0, ddof=1), rtol=0, atol=1e-12)
    assert np.allclose(centered, values - values.mean(axis=0), rtol=0, atol=1e-12)
    assert np.allclose(scaled, (values - values.mean(axis=0)) / std, rtol=0, atol=1e-12)


def test_a_group_of_a_thousand_equal_rewards_is_still_refused_without_eps():
    with pytest.raises(GrpoSigmaError, match="all rewards equal"):
        group.sigma_normalized_advantage(["0.25"] * 1000)


@pytest.mark.parametrize("classes", [2, 3, 3000])
def test_reward_kl_and_entropy_of_many_classes_equal_a_direct_sum(classes):
    p, q = vector(classes, 1), vector(classes, 2)
    with mpmath.workdps(50):
        reward = group.soft_target_reward(p, q)
        kl = group.kl_divergence(p, q)
        entropy = group.entropy(p)
        assert (
            abs(reward - mpmath.fsum(a * mpmath.log(b) for a, b in zip(p, q, strict=True))) < 1e-40
        )
        assert (
            abs(kl - mpmath.fsum(a * mpmath.log(a / b) for a, b in zip(p, q, strict=True))) < 1e-40
        )
        assert abs(reward + entropy + kl) < 1e-40  # R = −H − KL


def test_a_group_report_of_a_thousand_rollouts():
    predictions = [[str(k / 1001), str(1 - k / 1001)] for k in range(1, 1001)]
    with mpmath.workdps(50):
        report = group.group_report(["0.3", "0.7"], predictions)
    assert len(report["advantages"]) == 1000
    assert report["identity_residual"] < 1e-40 and report["z_score_residual"] < 1e-40


@pytest.mark.parametrize("terms", [65, 400, pytest.param(3000, marks=pytest.mark.slow)])
def test_a_long_sum_compiles_and_evaluates(terms):
    x = sp.Symbol("x")
    expression = sp.Add(*(x**k / k for k in range(1, terms + 1)))
    with mpmath.workdps(30):
        direct = mpmath.fsum(mpmath.mpf(2) ** -k / k for k in range(1, terms + 1))
        for backend in ("mpmath", "numpy"):
            f = compiled._lambdify((x,), expression, backend)
            assert abs(float(f(0.5)) - float(direct)) < 1e-12
        certified = compile_mpmath([expression])
        assert abs(certified({x: mpmath.mpf("0.5")})[0] - direct) < 1e-25
