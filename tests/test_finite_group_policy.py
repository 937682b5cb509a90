"""``grpo-sigma policy --group-size G``: E[σ̂_G | a] by enumeration and Monte Carlo, c(t), the
biased optimum at G; each checked against an independent computation."""

import itertools
import json
import math
import statistics

import mpmath
import numpy as np
import pytest

from symbolic.cli import main
from symbolic.note import compiled
from symbolic.note import model as m
from symbolic.numeric import finite_group_policy as fgp
from symbolic.numeric import policy as pol

STDEV = {"population": statistics.pstdev, "bessel": statistics.stdev}


def brute_force(rewards, weights, group, convention):
    """Σ over all ordered G-tuples of Π π · σ̂ (``statistics``): the definition, term by term."""
    total = 0.0
    for draw in itertools.product(range(len(rewards)), repeat=group):
        chance = math.prod(weights[k] for k in draw)
        total += chance * STDEV[convention]([rewards[k] for k in draw])
    return total


@pytest.mark.parametrize("convention", ["population", "bessel"])
@pytest.mark.parametrize("group", [2, 3, 4, 5])
def test_enumeration_equals_brute_force_over_ordered_tuples(group, convention):
    rng = np.random.default_rng(group)
    rewards = np.log(np.linspace(0.1, 0.9, 6))
    weights = rng.random(6)
    weights[2] = 0.0  # a point outside the support
    weights /= weights.sum()
    exact = fgp.expected_group_std_exact(rewards, weights, group, convention)
    assert exact.method == fgp.EXACT and exact.standard_error == 0
    assert exact.terms == math.comb(5 + group - 1, group)  # multisets of the 5 support points
    assert exact.value == pytest.approx(brute_force(rewards, weights, group, convention), 1e-12)


def test_multinomial_probabilities_sum_to_one_and_count_orderings():
    rows = np.concatenate(list(fgp.multisets(4, 3)))
    assert len(rows) == fgp.multiset_count(4, 3) == 20
    assert (np.diff(rows, axis=1) >= 0).all() and len({tuple(r) for r in rows}) == 20
    uniform = fgp.multinomial_probabilities(rows, np.full(4, 0.25))
    orderings = [len(set(itertools.permutations(r))) for r in rows]
    assert np.allclose(uniform * 4**3, orderings)
    assert math.fsum(uniform) == pytest.approx(1, abs=1e-15)


@pytest.mark.parametrize("group", [2, 3, 5])
@pytest.mark.parametrize("convention", ["population", "bessel"])
def test_numpy_group_std_equals_the_compiled_model(group, convention):
    rewards = np.random.default_rng(0).normal(size=(50, group))
    statistics_ = compiled.group_statistics(group, convention, "numpy")
    model = statistics_([rewards[:, g] for g in range(group)], 0.0)[1]
    assert np.allclose(fgp.group_std_rows(rewards, convention), model, rtol=1e-12, atol=0)


def _beta_policy(bins=20, a="5.7", b="3"):
    with mpmath.workdps(50):
        grid = pol.prediction_grid(bins)
        weights = pol.beta_grid_policy(a, b, bins)
        stats = pol.population_statistics(grid, weights)
    return grid, weights, stats


def _moments(grid, weights, stats, outcome):
    """(σ_a², μ_4) of the reward law of outcome a."""
    sigma = stats.sigma_1 if outcome else stats.sigma_0
    _, kurtosis = fgp.reward_shape(grid, weights, outcome, "log", stats)
    return float(sigma**2), float(kurtosis * sigma**4)


@pytest.mark.parametrize("convention", ["population", "bessel"])
@pytest.mark.parametrize("group", [2, 3, 4])
def test_control_variate_means_equal_the_enumerated_ones(group, convention):
    grid, weights, stats = _beta_policy(10)
    rewards, w = _rewards(grid, 1), np.array([float(x) for x in weights])
    second = quartic = 0.0
    for rows in fgp.multisets(10, group):
        chance = fgp.multinomial_probabilities(rows, w)
        s2 = fgp.group_std_rows(rewards[rows], convention) ** 2
        second, quartic = second + chance @ s2, quartic + chance @ s2**2
    known = fgp.control_means(group, convention, *_moments(grid, weights, stats, 1))
    assert known == pytest.approx((second, quartic), rel=1e-12)


def _rewards(grid, outcome, reward="log"):
    score = compiled.binary_reward(reward, "mpmath")
    return np.array([float(score(x, outcome)) for x in grid])


@pytest.mark.parametrize("convention", ["population", "bessel"])
def test_monte_carlo_agrees_with_enumeration_within_its_standard_error(convention):
    grid, weights, stats = _beta_policy()
    rewards, w = _rewards(grid, 0), np.array([float(x) for x in weights])
    exact = fgp.expected_group_std_exact(rewards, w, 4, convention)
    variance, fourth = _moments(grid, weights, stats, 0)
    run = dict(max_draws=4_000_000)
    sampled = fgp.expected_group_std_monte_carlo(rewards, w, 4, convention, variance, fourth, **run)
    assert sampled.method == fgp.MONTE_CARLO and sampled.standard_error > 0
    assert abs(sampled.value - exact.value) <= 4 * sampled.standard_error
    assert sampled.standard_error <= 1e-4 * exact.value  # 4 million draws: 1e-4 in 1 SE
    again = fgp.expected_group_std_monte_carlo(rewards, w, 4, convention, variance, fourth, **run)
    assert again == sampled  # seeded: the same numbers


def test_the_expected_group_std_approaches_sigma_a_as_g_grows():
    """E σ̂_G / σ_a = 1 − (1/2 + (κ − 1)/8)/G + O(1/G²) (population std, delta method)."""
    grid, weights, stats = _beta_policy()
    rewards, w = _rewards(grid, 1), np.array([float(x) for x in weights])
    sigma = float(stats.sigma_1)
    variance, fourth = _moments(grid, weights, stats, 1)
    slope = 0.5 + (fourth / variance**2 - 1) / 8
    ratios = {}
    for group in (2, 3, 4, 64, 256):
        if group <= 4:
            estimate = fgp.expected_group_std_exact(rewards, w, group, "population")
        else:
            estimate = fgp.expected_group_std_monte_carlo(
                rewards, w, group, "population", variance, fourth
            )
        ratios[group] = estimate.value / sigma
    assert list(ratios.values()) == sorted(ratios.values())  # increasing in G
    assert ratios[256] < 1 and ratios[2] < 0.6
    assert 256 * (1 - ratios[256]) == pytest.approx(slope, abs=0.05)
    assert 64 * (1 - ratios[64]) == pytest.approx(slope, abs=0.1)


def test_bessel_is_the_population_value_times_sqrt_g_over_g_minus_1():
    grid, weights, _ = _beta_policy(12)
    rewards, w = _rewards(grid, 1, "brier"), np.array([float(x) for x in weights])
    population = fgp.expected_group_std_exact(rewards, w, 3, "population").value
    bessel = fgp.expected_group_std_exact(rewards, w, 3, "bessel").value
    assert bessel == pytest.approx(population * math.sqrt(3 / 2), 1e-13)


@pytest.mark.slow
def test_too_many_multisets_switch_to_monte_carlo():
    grid, weights, stats = _beta_policy(100)
    rewards = [float(x) for x in _rewards(grid, 1)]
    w = [float(x) for x in weights]
    assert fgp.multiset_count(100, 5) > fgp.MAX_MULTISETS >= fgp.multiset_count(100, 4)
    variance, fourth = _moments(grid, weights, stats, 1)
    estimate = fgp.expected_group_std(rewards, w, 5, "population", variance, fourth)
    assert estimate.method == fgp.MONTE_CARLO
    assert estimate.standard_error <= fgp.MC_RELATIVE_ERROR * estimate.value


def test_shape_and_coefficients_match_an_independent_computation():
    grid, weights, stats = _beta_policy(30)
    with mpmath.workdps(50):
        report = pol.policy_report("0.7", 30, beta=("5.7", "3"), group_size=3, std="bessel")
    section = report["finite_group"]
    w = np.array([float(x) for x in weights])
    for outcome in (0, 1):
        rewards = _rewards(grid, outcome)
        centred = rewards - w @ rewards
        sigma = math.sqrt(w @ centred**2)
        skew, kurt = w @ centred**3 / sigma**3, w @ centred**4 / sigma**4
        found = section["outcomes"][outcome]
        assert float(found["skewness"]) == pytest.approx(skew, 1e-10)
        assert float(found["kurtosis"]) == pytest.approx(kurt, 1e-10)
        t = (math.log(0.7 if outcome else 0.3) - w @ rewards) / sigma
        assert float(found["t_calibrated"]) == pytest.approx(t, 1e-10)
        c = skew / 2 + 3 * (kurt - 1) * t / 8 - t**3 / 2 - t / 2  # Bessel: c(t) − t/2
        assert float(found["c_at_calibrated"]) == pytest.approx(c, 1e-10)
        assert float(found["c_at_mean"]) == pytest.approx(skew / 2, 1e-10)
        assert float(found["c_at_mean"]) == pytest.approx(
            float(m.finite_group_coefficient(0, skew, kurt)), 1e-10
        )
    s0, s1 = (o["expected_group_std"] for o in section["outcomes"])
    odds = float(section["biased_optimum"]) / (1 - float(section["biased_optimum"]))
    assert odds == pytest.approx(0.7 / 0.3 * s0 / s1, 1e-12)  # odds(p̂*) = odds(p) σ̂_0/σ̂_1


def test_cli_prints_the_finite_group_block(capsys):
    argv = ["policy", "--beta", "5.7", "3", "--bins", "20", "--target", "0.7", "--group-size"]
    assert main([*argv, "3"]) == 0
    out = capsys.readouterr().out
    assert "group size G = 3 (population std)" in out
    assert "method: exact enumeration of the 1540 multisets" in out
    assert max(map(len, out.splitlines())) <= 100
    values = dict(line.rsplit(None, 1) for line in out.splitlines() if line.startswith("biased"))
    assert float(values["biased_optimum_G"]) > float(values["biased_optimum"]) > 0.7


def test_cli_json_of_the_finite_group(capsys, tmp_path):
    path = tmp_path / "policy.json"
    argv = ["policy", "--beta", "5.7", "3", "--bins", "20", "--target", "0.7"]
    assert main([*argv, "--group-size", "2", "--std", "bessel", "--json", str(path)]) == 0
    assert "group size G = 2" in capsys.readouterr().out  # the text, JSON to the file
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == {"name": "grpo-sigma policy", "version": 2}
    section = data["finite_group"]
    assert section["group_size"] == 2 and section["std"] == "bessel"
    for outcome in section["outcomes"]:
        assert isinstance(outcome["expected_group_std"], float)
        assert isinstance(outcome["c_at_mean"], float)
        assert outcome["method"] == "exact enumeration" and outcome["standard_error"] == 0
    assert len(data["exact"]["finite_group"]["biased_optimum"]) > 40  # 50 digits


@pytest.mark.parametrize(
    "extra,message",
    [
        (["--group-size", "1"], "--group-size must be at least 2"),
        (["--group-size", "100000"], "--group-size must be at most"),
        (["--std", "bessel"], "--std is the group std's convention"),
        (["--group-size", "5", "--seed", "-1"], "--seed must be at least 0"),
    ],
)
def test_bad_group_options_are_one_line_and_exit_2(capsys, extra, message):
    code = main(["policy", "--beta", "2", "3", "--bins", "10", "--target", "0.5", *extra])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and message in err


def test_a_one_point_policy_with_eps_has_no_shape_and_says_so(capsys):
    argv = ["policy", "--weights", "0,1,0", "--bins", "3", "--target", "0.5", "--eps", "0.1"]
    assert main([*argv, "--group-size", "3"]) == 0
    out = capsys.readouterr().out
    assert "exact enumeration of the 1 multiset of G" in out
    assert "eps > 0 changes the 1/G term" in out
    rows = dict(line.split(None, 1) for line in out.splitlines() if line.startswith("c(0)"))
    assert rows["c(0)"].split()[-2:] == ["-", "-"]  # no skewness of a one-point law
    assert main([*argv, "--group-size", "3", "--json", "-"]) == 0
    outcome = json.loads(capsys.readouterr().out)["finite_group"]["outcomes"][0]
    assert outcome["expected_group_std"] == 0 and outcome["c_at_mean"] is None
