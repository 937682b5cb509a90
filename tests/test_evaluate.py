"""The numeric twins of the model: values at 50 digits, and bad input refused."""

import math

import mpmath
import pytest

from symbolic import GrpoSigmaError
from symbolic.numeric import group as ev
from symbolic.numeric import validate


def test_soft_target_identity_holds_numerically():
    with mpmath.workdps(50):
        p, q = ["0.2", "0.3", "0.5"], ["0.6", "0.1", "0.3"]
        residual = ev.soft_target_reward(p, q) + ev.entropy(p) + ev.kl_divergence(p, q)
        assert abs(residual) < mpmath.mpf("1e-48")


def test_group_std_conventions_differ_by_bessel_factor():
    values = [1, 2, 4, 7]
    population, bessel = ev.group_std(values), ev.group_std(values, "bessel")
    assert mpmath.almosteq(bessel**2, population**2 * 4 / 3, 1e-12)


@pytest.mark.parametrize(
    "call,message",
    [
        (lambda: validate.probability_vector([0.5, -0.1, 0.6]), "not positive"),
        (lambda: validate.probability_vector([0.5, 0.6]), "sums to"),
        (lambda: validate.probability_vector([math.nan, 1.0]), "finite"),
        (lambda: validate.probability_vector([1.0]), "at least 2"),
        (lambda: validate.probability_vector(["a", "b"]), "not a number"),
        (lambda: ev.kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5]), "3 entries"),
        (lambda: ev.group_std([1.0]), "G >= 2"),
        (lambda: ev.group_std([1.0, 2.0], "sample"), "unknown std convention"),
        (lambda: ev.sigma_normalized_advantage([1.0, 1.0], 0), "std is 0"),
        (lambda: ev.sigma_normalized_advantage([1.0, 2.0], -1), ">= 0"),
    ],
)
def test_bad_input_raises_the_package_error(call, message):
    with pytest.raises(GrpoSigmaError, match=message):
        call()


def test_zero_std_with_positive_epsilon_is_zero_advantage():
    assert ev.sigma_normalized_advantage([1.0, 1.0], "1e-8") == [0, 0]
