"""The toy GRPO training run: σ-normalization is overconfident only with a sampled outcome."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from symbolic import cli
from symbolic.console import ProgressBar
from symbolic.errors import GrpoSigmaError
from symbolic.experiments.config import MODES, SimulationConfig, prediction_grid
from symbolic.experiments.training import group_advantages, policy_sigmas, simulate, sweep
from symbolic.note import compiled

biased_optimum = compiled.biased_optimum("numpy")

SHORT = SimulationConfig(steps=300)


@pytest.fixture(scope="module")
def default_runs():
    """The default configuration at p = 0.7 and p = 0.3, with π kept at every step."""
    results = sweep([0.7, 0.3], SimulationConfig(keep_policy=True))
    return {r.config.target: r for r in results}


# ----------------------------------------------------------------------------- training
@pytest.mark.slow
@pytest.mark.parametrize("p", [0.7, 0.3])
def test_sampled_std_is_overconfident_the_others_calibrated(default_runs, p):
    result = default_runs[p]
    sampled_std = result["sampled-std"]
    if p > 0.5:
        assert sampled_std.final_mean >= 0.8
        assert sampled_std.most_likely >= 0.8
    else:
        assert sampled_std.final_mean <= 0.2
        assert sampled_std.most_likely <= 0.2
    assert sampled_std.distance >= 0.1
    for mode in ("sampled-nostd", "soft-std"):
        assert abs(result[mode].final_mean - p) <= 0.03, mode
        assert result[mode].distance == pytest.approx(abs(result[mode].final_mean - p))
    assert abs(result["soft-std"].most_likely - p) <= 0.011


def test_trajectory_starts_uniform_and_ends_at_final_mean(default_runs):
    result = default_runs[0.7]
    for mode in result.modes.values():
        assert mode.trajectory.shape == (result.config.steps + 1,)
        assert mode.trajectory[0] == pytest.approx(0.5)
        assert mode.trajectory[-1] == mode.final_mean
        assert mode.final_policy.sum() == pytest.approx(1.0)
        assert mode.policy.shape == (result.config.steps + 1, result.grid.size)


@pytest.mark.parametrize("p", [0.7, 0.3])
def test_drift_follows_sigma_gap_towards_biased_optimum(default_runs, p):
    result = default_runs[p]
    run = result["sampled-std"]
    side = np.sign(p - 0.5)
    crossing = int(np.argmax((run.trajectory - p) * side > 0))  # first step past p
    assert crossing > 0
    for t in (crossing, crossing + 100, crossing + 200):
        weights = run.policy[t]
        assert weights.max() < 0.5  # before the policy collapses
        sigma0, sigma1, mu0, mu1 = policy_sigmas(result.grid, weights)
        assert sigma0 == pytest.approx(run.sigma0[t])
        assert sigma1 == pytest.approx(run.sigma1[t])
        assert mu1 == pytest.approx(weights @ np.log(result.grid))
        optimum = biased_optimum(p, sigma0, sigma1, result.config.eps)
        drift = run.trajectory[t + 100] - run.trajectory[t]
        # Past p the mean keeps moving away from it: the a = 0 (resp. a = 1) penalty is
        # divided by the larger σ, and the biased optimum lies on the same side of p.
        assert np.sign(drift) == np.sign(sigma0 - sigma1) == side
        assert np.sign(optimum - p) == side
        assert (optimum - run.trajectory[t]) * side > 0  # still ahead: moving towards it
        advantage = compiled.sigma_normalized_expectation("numpy")(
            result.grid, p, mu0, mu1, sigma0, sigma1, result.config.eps
        )
        assert abs(result.grid[np.argmax(advantage)] - optimum) <= 0.01


def test_same_seed_identical_other_seed_different():
    first, again = simulate(SHORT), simulate(SHORT)
    other = simulate(replace(SHORT, seed=1))
    for mode in SHORT.modes:
        for name in ("trajectory", "final_policy", "sigma0", "sigma1", "optimum"):
            assert np.array_equal(getattr(first[mode], name), getattr(again[mode], name))
        assert first[mode].final_mean == again[mode].final_mean
        assert not np.array_equal(first[mode].trajectory, other[mode].trajectory)


def test_a_mode_does_not_depend_on_its_companions():
    together = simulate(replace(SHORT, modes=MODES))
    alone = simulate(replace(SHORT, modes=("soft-std",)))
    assert np.array_equal(alone["soft-std"].trajectory, together["soft-std"].trajectory)
    swept = sweep([0.2, 0.7], SHORT)[1]
    assert np.array_equal(
        swept["sampled-std"].final_policy, simulate(SHORT)["sampled-std"].final_policy
    )


def test_bessel_convention_runs_and_differs():
    population = simulate(replace(SHORT, modes=("sampled-std",)))
    bessel = simulate(replace(SHORT, modes=("sampled-std",), std="bessel"))
    assert not np.array_equal(
        population["sampled-std"].trajectory, bessel["sampled-std"].trajectory
    )


def test_three_classes_sampled_std_tilts_to_largest_class():
    target = (0.6, 0.25, 0.15)
    config = SimulationConfig(target=target, steps=2000, modes=("sampled-std", "soft-std"))
    result = simulate(config)
    assert result.grid.shape == (171, 3)
    tilted, soft = result["sampled-std"], result["soft-std"]
    assert tilted.trajectory.shape == (2001, 3)
    assert tilted.final_mean.sum() == pytest.approx(1.0)
    assert tilted.final_mean[0] >= target[0] + 0.05  # towards the vertex of the largest class
    assert tilted.final_mean[2] < target[2]
    assert tilted.most_likely[0] > target[0]
    assert soft.distance <= 0.02
    assert np.allclose(soft.most_likely, target)


# ----------------------------------------------------------------------------- maths
def test_biased_optimum_is_the_argmax_and_sides_follow_sigmas():
    assert biased_optimum(0.7, 0.5, 0.5, 0.0) == pytest.approx(0.7)
    assert biased_optimum(0.7, 0.8, 0.3, 1e-6) > 0.7
    assert biased_optimum(0.7, 0.3, 0.8, 1e-6) < 0.7
    grid = prediction_grid(2, 1000)[:, 1]
    w0, w1, p = 1 / 0.8, 1 / 0.3, 0.7
    objective = p * w1 * np.log(grid) + (1 - p) * w0 * np.log1p(-grid)
    assert abs(grid[np.argmax(objective)] - biased_optimum(p, 0.8, 0.3, 0.0)) <= 1e-3


def test_uniform_policy_has_equal_sigmas():
    grid = prediction_grid(2, 100)[:, 1]
    assert grid[0] == pytest.approx(0.01) and grid[-1] == pytest.approx(0.99)
    sigma0, sigma1, mu0, mu1 = policy_sigmas(grid, np.full(grid.size, 1 / grid.size))
    assert sigma0 == pytest.approx(sigma1) and mu0 == pytest.approx(mu1)


def test_rewards_and_advantages():
    phat = np.array([[0.2, 0.8], [0.6, 0.4]])
    sampled = [compiled.one_hot_log_score(2, a, "numpy")(phat.T) for a in (1, 2)]
    assert np.allclose(sampled[1], np.log([0.8, 0.4])) and np.allclose(
        sampled[0], np.log([0.2, 0.6])
    )
    target = np.array([0.3, 0.7])
    entropy = -(target * np.log(target)).sum()
    kl = (target * np.log(target / phat)).sum(axis=1)
    assert np.allclose(compiled.soft_target_reward(2, "numpy")(target, phat.T), -entropy - kl)
    rewards = np.random.default_rng(0).normal(size=(4, 8))
    statistics = compiled.group_statistics(8, "population", "numpy")
    z = group_advantages(statistics, rewards, 0.0, np.array(True))
    assert np.allclose(z.mean(axis=1), 0) and np.allclose(z.std(axis=1), 1)
    bessel = compiled.group_statistics(8, "bessel", "numpy")
    assert np.allclose(
        group_advantages(bessel, rewards, 0.0, np.array(True)).std(axis=1, ddof=1), 1
    )
    centered = group_advantages(statistics, rewards, 0.0, np.array(False))
    assert np.allclose(centered, rewards - rewards.mean(axis=1, keepdims=True))
    constant = group_advantages(statistics, np.ones((2, 8)), 0.0, np.array(True))
    assert np.array_equal(constant, np.zeros((2, 8)))
    probs = np.array([0.5, 0.25, 0.25])
    counts = np.bincount([0, 0, 2], weights=[1.0, 1.0, -2.0], minlength=3)
    gradient = compiled.reinforce_gradient("numpy")(counts, 0.0, probs, 3)
    assert np.allclose(gradient, np.array([2.0, 0.0, -2.0]) / 3)


def test_simplex_grid_is_interior():
    grid = prediction_grid(3, 20)
    assert grid.shape == (171, 3)
    assert np.allclose(grid.sum(axis=1), 1) and grid.min() == pytest.approx(0.05)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"target": 1.5}, "strictly between 0 and 1"),
        ({"target": (0.5, 0.6)}, "not a probability vector"),
        ({"group_size": 1}, "group size must be at least 2"),
        ({"steps": 0}, "steps must be at least 1"),
        ({"lr": -1.0}, "learning rate"),
        ({"eps": -1e-3}, "eps must lie in"),
        ({"modes": ("sampled",)}, "unknown mode"),
        ({"std": "sample"}, "unknown std convention"),
    ],
)
def test_config_rejects_bad_input(changes, message):
    with pytest.raises(GrpoSigmaError, match=message):
        SimulationConfig(**changes)


# ------------------------------------------------------------------------ command line
@pytest.mark.parametrize(
    "arguments",
    [
        ["--target", "1.5"],
        ["--group-size", "1"],
        ["--steps", "0"],
        ["--lr", "-1"],
        ["--modes", "sampled-std,bogus"],
        ["--target", "0.5,0.6"],
        ["--std", "sample"],
    ],
)
def test_cli_bad_input_exits_2_with_one_line(capsys, arguments):
    assert cli.main(["simulate", *arguments]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("grpo-sigma: error: ")
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_cli_json_stdout_parses_and_is_deterministic(capsys):
    arguments = ["simulate", "--steps", "200", "--json", "-"]
    assert cli.main(arguments) == 0
    first = capsys.readouterr().out
    assert cli.main(arguments) == 0
    assert capsys.readouterr().out == first
    data = json.loads(first)
    assert list(data["modes"]) == ["sampled-std", "sampled-nostd", "soft-std"]
    assert data["config"]["steps"] == 200 and data["config"]["target"] == 0.7
    for mode in data["modes"].values():
        assert 0 < mode["final_mean"] < 1
        assert mode["trajectory"]["step"][-1] == 200
        assert mode["trajectory"]["mean"][-1] == mode["final_mean"]


def test_cli_table_and_plot(tmp_path, capsys):
    first, second = tmp_path / "a" / "training.png", tmp_path / "training.png"
    first.parent.mkdir()  # a missing folder is refused (test_json_style)
    assert cli.main(["simulate", "--steps", "100", "--plot", str(first)]) == 0
    out = capsys.readouterr().out
    assert "final mean" in out and "sampled-std" in out and "soft-std" in out
    assert cli.main(["simulate", "--steps", "100", "--plot", str(second)]) == 0
    data = first.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 1000
    assert data == second.read_bytes()  # deterministic PNG


def test_cli_three_classes(capsys):
    argv = ["simulate", "--target", "0.5,0.3,0.2", "--steps", "50", "--json", "-"]
    assert cli.main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["config"]["target"] == [0.5, 0.3, 0.2]
    assert len(data["modes"]["soft-std"]["final_mean"]) == 3


def test_cli_sweep_writes_reliability_plot(tmp_path, capsys):
    plot = tmp_path / "reliability.png"
    argv = ["simulate", "--sweep", "--steps", "100", "--plot", str(plot), "--json", "-"]
    assert cli.main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["targets"] == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    assert set(data["final_mean"]) == {"sampled-std", "sampled-nostd", "soft-std"}
    assert plot.read_bytes().startswith(b"\x89PNG")
    assert cli.main(["simulate", "--sweep", "--target", "0.3"]) == 2


def test_progress_bar_only_draws_when_enabled(capsys):
    quiet = ProgressBar(delay=0.0)
    quiet.enabled = False
    quiet(5, 10)
    assert capsys.readouterr().err == ""
    bar = ProgressBar(delay=0.0)
    bar.enabled = True
    bar(5, 10)
    bar.close()
    assert "50%" in capsys.readouterr().err


def test_trainer_sigmas_agree_with_the_proven_model():
    """The trainer's σ_a (policy moments, ``policy_sigmas``) and p̂* equal policy.py's, which
    evaluate the model's expressions in mpmath, to 1e-12."""
    import mpmath

    from symbolic.numeric import policy

    rng = np.random.default_rng(3)
    grid = np.arange(1, 100) / 100
    weights = rng.dirichlet(np.ones(grid.size))
    sigma0, sigma1, mu0, mu1 = policy_sigmas(grid, weights)
    with mpmath.workdps(30):
        stats = policy.population_statistics(
            [mpmath.mpf(float(x)) for x in grid], [mpmath.mpf(float(w)) for w in weights]
        )
        assert abs(float(stats.sigma_0) - sigma0) < 1e-12
        assert abs(float(stats.sigma_1) - sigma1) < 1e-12
        assert abs(float(stats.mu_0) - mu0) < 1e-12 and abs(float(stats.mu_1) - mu1) < 1e-12
        for target in (0.2, 0.7):
            exact = policy.biased_optimum(
                mpmath.mpf(target), stats.sigma_0, stats.sigma_1, mpmath.mpf("1e-6")
            )
            assert abs(float(exact) - biased_optimum(target, sigma0, sigma1, 1e-6)) < 1e-12
