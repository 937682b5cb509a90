"""The dataset mode (Bereket & Leskovec's synthetic setup): sampler, algorithms, metrics,
training on small settings with fixed seeds, and the command line."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
import sympy as sp
from scipy import stats

from symbolic import cli
from symbolic.errors import GrpoSigmaError
from symbolic.experiments import algorithms as alg
from symbolic.experiments import metrics, sampling
from symbolic.experiments.dataset_training import PRESETS, DatasetConfig, run, train_algorithm
from symbolic.experiments.datasets import draw
from symbolic.note import compiled
from symbolic.note import model as m

RNG = np.random.default_rng(5)


def random_policies(rows: int = 6, tokens: int = 99) -> np.ndarray:
    """Spread, concentrated and near-deterministic rows."""
    logits = RNG.normal(size=(rows, tokens)) * np.array([0.1, 1, 3, 10, 30, 60])[:rows, None]
    z = np.exp(logits - logits.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


# ----------------------------------------------------------------------------- sampler
def test_bucket_range_brackets_every_uniform_of_the_bucket():
    cdf = sampling.cdf_rows(random_policies())
    first, last = sampling.bucket_range(cdf)
    edges = np.arange(sampling.BUCKETS + 1) / sampling.BUCKETS
    for row in range(cdf.shape[0]):
        lower = np.searchsorted(cdf[row, :-1], edges[:-1], side="right")
        upper = np.searchsorted(cdf[row, :-1], np.nextafter(edges[1:], 0), side="right")
        assert np.array_equal(first[row], lower) and np.array_equal(last[row], upper)


def test_resolve_is_inverse_cdf_sampling_of_the_same_uniform():
    cdf = sampling.cdf_rows(random_policies())
    rows = RNG.integers(0, cdf.shape[0], 5000)
    buckets = RNG.integers(0, sampling.BUCKETS, 5000).astype(np.uint8)
    first, last = sampling.bucket_range(cdf)
    cells = rows * sampling.BUCKETS + buckets
    tokens = sampling.resolve(cdf, first, last, cells, np.random.default_rng(9))
    u = (buckets + np.random.default_rng(9).random(5000)) / sampling.BUCKETS
    expected = [np.searchsorted(cdf[r, :-1], x, side="right") for r, x in zip(rows, u, strict=True)]
    assert np.array_equal(tokens, expected)


def test_draw_mean_is_the_mean_of_the_same_draws():
    probs = random_policies()
    rows = np.repeat(np.arange(6), 700)  # blocks of 31 samples: the last one is short
    values = np.linspace(0.01, 0.99, 99)
    mean = sampling.draw_mean(probs, rows, values, 100, np.random.default_rng(4))
    tokens = sampling.draw(probs, np.broadcast_to(rows, (100, rows.size)), np.random.default_rng(4))
    assert np.array_equal(mean, values[tokens].mean(axis=0))  # bit for bit


def test_draw_has_the_policy_frequencies():
    probs = random_policies(3, 7)
    rows = np.repeat(np.arange(3), 100_000)
    tokens = sampling.draw(probs, rows, np.random.default_rng(1))
    for row in range(3):
        observed = np.bincount(tokens[rows == row], minlength=7)
        expected = probs[row] * 100_000
        kept = expected > 5
        chi2 = ((observed[kept] - expected[kept]) ** 2 / expected[kept]).sum()
        assert stats.chi2.sf(chi2, kept.sum() - 1) > 1e-4
        assert observed[~kept].sum() <= 50


# -------------------------------------------------------------------------- algorithms
@pytest.mark.parametrize("convention,ddof", [("bessel", 1), ("population", 0)])
def test_group_advantages_equal_the_compiled_model(convention, ddof):
    rewards = RNG.normal(size=(10, 50))
    _, _, centered, scaled = compiled.group_statistics(10, convention, "numpy")(list(rewards), 1e-5)
    assert np.allclose(
        alg.advantages("grpo", rewards.copy(), 1e-5, ddof), scaled, rtol=0, atol=1e-12
    )
    assert np.allclose(
        alg.advantages("grpo-no-std", rewards.copy(), 1e-5, ddof), centered, atol=1e-12
    )
    assert np.allclose(alg.advantages("soft-grpo", rewards.copy(), 1e-5, ddof), scaled, atol=1e-12)


def test_rloo_is_the_models_leave_one_out_advantage():
    rewards = RNG.normal(size=(4, 30))
    xs = [m.x[k] for k in range(1, 5)]
    loo = [
        sp.lambdify(xs, m.leave_one_out_advantage(lambda r: m.x[r], 4, sp.Integer(g)))(*rewards)
        for g in range(1, 5)
    ]
    assert np.allclose(alg.advantages("rloo", rewards.copy(), 0.0, 1), loo, rtol=0, atol=1e-12)
    assert alg.rollouts("reinforce", 10) == 1 and alg.rollouts("rloo", 10) == 10


def test_ppo_clips_the_ratio():
    advantage = np.array([1.0, 1.0, -1.0, -1.0, 1.0])
    ratio = np.array([1.1, 1.3, 0.9, 0.7, 0.7])
    assert np.allclose(alg.ppo_weights(advantage, ratio), [1.1, 0.0, -0.9, 0.0, 0.7])


def test_adamw_step_is_pytorchs():
    theta = np.array([1.0, -2.0])
    optimizer = alg.Optimizer("adamw", 0.1, 0.01, (2,))
    optimizer.step(theta, np.array([0.5, -0.25]))
    # t = 1: m̂ = g, v̂ = g², step = lr · g/(|g| + 1e-8), after decay θ(1 − lr λ).
    expected = np.array([1.0, -2.0]) * (1 - 0.1 * 0.01) + 0.1 * np.array([1, -1]) * (1 - 2e-8)
    assert np.allclose(theta, expected, atol=1e-9)


# ----------------------------------------------------------------------------- metrics
def test_ece_auroc_accuracy_against_direct_definitions():
    predictions = RNG.uniform(size=500).round(2)  # ties, for the AUROC
    outcomes = (RNG.uniform(size=500) < predictions).astype(int)
    direct = 0.0
    for b in range(10):
        chosen = np.minimum((predictions * 10).astype(int), 9) == b
        if chosen.any():
            direct += chosen.mean() * abs(predictions[chosen].mean() - outcomes[chosen].mean())
    assert metrics.ece(predictions, outcomes, 10) == pytest.approx(direct, abs=1e-12)
    u = stats.mannwhitneyu(predictions[outcomes == 1], predictions[outcomes == 0]).statistic
    expected = u / ((outcomes == 1).sum() * (outcomes == 0).sum())
    assert metrics.auroc(predictions, outcomes) == pytest.approx(expected, abs=1e-12)
    assert metrics.accuracy(predictions, outcomes) == np.mean((predictions >= 0.5) == outcomes)
    assert metrics.ece(np.array([0.3, 0.3]), np.array([0, 1])) == pytest.approx(0.2)
    assert np.isnan(metrics.auroc(np.array([0.2, 0.4]), np.array([1, 1])))


# ------------------------------------------------------------------------------ data
def test_preset_is_their_setup_and_data_draw():
    preset = PRESETS["bereket-leskovec"]
    assert (preset.questions, preset.categories, preset.data_seed) == (10_000, 20, 2)
    assert (preset.group_size, preset.optimizer, preset.learning_rate) == (10, "adamw", 3e-3)
    assert (preset.weight_decay, preset.eps, preset.std, preset.steps) == (
        0.01,
        1e-5,
        "bessel",
        50_000,
    )
    assert np.allclose(preset.grid, np.arange(1, 100) / 100)
    assert (preset.eval_samples, preset.bins) == (100, 10)
    data = draw(10_000, 20, 2)
    rng = np.random.default_rng(2)
    category = rng.integers(0, 20, size=10_000)
    p = rng.uniform(0, 1, size=20)
    answer = rng.binomial(1, p[category])
    order = np.argsort(category, kind="stable")
    assert np.array_equal(data.p, p) and np.array_equal(data.category, category[order])
    assert np.array_equal(data.answer, answer[order])


# -------------------------------------------------------------------------- training
SMALL = DatasetConfig(questions=800, categories=4, data_seed=3, steps=1500, checkpoints=3)


@pytest.fixture(scope="module")
def small_run():
    return run(replace(SMALL, algorithms=("grpo", "rloo", "soft-grpo")))


@pytest.mark.slow
def test_grpo_runs_to_the_vertices_the_others_stay_calibrated(small_run):
    data, results = small_run
    grpo, rloo, soft = results["grpo"].final, results["rloo"].final, results["soft-grpo"].final
    assert grpo.ece > 2 * max(rloo.ece, soft.ece)
    assert grpo.mean_abs_error > 2 * max(rloo.mean_abs_error, soft.mean_abs_error)
    # GRPO moves each category's mean past its p_c towards the nearer vertex, as p̂* does.
    side = np.sign(data.p - 0.5)
    assert np.all((grpo.policy_mean - data.p) * side > 0)
    assert np.all((grpo.optimum - data.p) * side > 0)
    assert soft.mean_abs_error < 0.05


def test_checkpoints_and_determinism(small_run):
    data, results = small_run
    steps = [c.step for c in results["grpo"].checkpoints]
    assert steps == [0, 500, 1000, 1500]
    assert results["grpo"].checkpoints[0].policy_mean == pytest.approx(np.full(4, 0.5))
    again = train_algorithm(replace(SMALL, algorithms=("grpo",)), data, "grpo")
    assert np.array_equal(again.final_policy, results["grpo"].final_policy)
    assert np.array_equal(again.predictions, results["grpo"].predictions)


def test_workers_give_the_results_of_one_process_and_report_progress():
    config = replace(SMALL, steps=60, algorithms=("grpo", "ppo", "reinforce"))
    alone = run(config, jobs=1)[1]
    calls: list[tuple[int, int]] = []
    data, parallel = run(config, lambda done, total: calls.append((done, total)), jobs=2)
    assert list(parallel) == list(alone)
    for name, result in alone.items():
        assert np.array_equal(parallel[name].final_policy, result.final_policy)
        assert np.array_equal(parallel[name].predictions, result.predictions)
        assert parallel[name].checkpoints[-1].ece == result.checkpoints[-1].ece
    assert calls[-1] == (180, 180) and all(total == 180 for _, total in calls)
    with pytest.raises(GrpoSigmaError, match="jobs must be at least 1"):
        run(config, jobs=0)


@pytest.mark.parametrize("algorithm", ["grpo-no-std", "reinforce", "ppo", "soft-no-std"])
def test_every_algorithm_trains_with_both_optimizers(algorithm):
    data = draw(200, 3, 4)
    for optimizer in alg.OPTIMIZERS:
        config = replace(SMALL, questions=200, categories=3, steps=40, optimizer=optimizer)
        result = train_algorithm(config, data, algorithm)
        assert result.final_policy.shape == (3, 99)
        assert np.allclose(result.final_policy.sum(axis=1), 1)
        assert not np.allclose(result.final_policy, 1 / 99)
        assert 0 <= result.final.ece <= 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"algorithms": ("grpo", "bogus")}, "unknown algorithm"),
        ({"algorithms": ("grpo", "grpo")}, "repeated"),
        ({"optimizer": "adam"}, "unknown optimizer"),
        ({"group_size": 1}, "group size"),
        ({"lr": -1.0}, "learning rate"),
        ({"eps": float("nan")}, "eps"),
    ],
)
def test_config_rejects_bad_input(changes, message):
    with pytest.raises(GrpoSigmaError, match=message):
        replace(SMALL, **changes)


# ---------------------------------------------------------------------- command line
@pytest.mark.slow
def test_cli_json_has_the_algorithms_and_is_deterministic(capsys, tmp_path):
    argv = [
        "simulate",
        "--preset",
        "bereket-leskovec",
        "--questions",
        "300",
        "--steps",
        "30",
        "--algorithms",
        "grpo,rloo",
        "--json",
        "-",
    ]
    assert cli.main([*argv, "--jobs", "1"]) == 0
    first = capsys.readouterr().out
    assert cli.main([*argv, "--jobs", "2"]) == 0
    assert capsys.readouterr().out == first
    data = json.loads(first)
    assert list(data["algorithms"]) == ["grpo", "rloo"]
    assert data["algorithms"]["grpo"]["published_ece"] == 0.2386
    assert 0 <= data["algorithms"]["rloo"]["ece"] <= 1
    assert data["config"]["questions"] == 300 and data["config"]["steps"] == 30
    folder = tmp_path / "pictures"
    argv = [
        "simulate",
        "--questions",
        "200",
        "--categories",
        "3",
        "--steps",
        "5",
        "--algorithms",
        "grpo",
        "--plot",
        str(folder),
    ]
    assert cli.main(argv) == 0
    assert "ECE" in capsys.readouterr().out
    assert sorted(p.name for p in folder.iterdir()) == [
        "ece_training.png",
        "figure1.png",
        "optimum_overlay.png",
        "reliability_diagrams.png",
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--preset", "nope"], "unknown preset"),
        (["--preset", "bereket-leskovec", "--target", "0.7"], "--target is not an option"),
        (["--preset", "bereket-leskovec", "--sweep"], "--sweep is not an option"),
        (["--preset", "bereket-leskovec", "--reward", "brier"], "log score only"),
        (["--algorithms", "grpo,sgd"], "unknown algorithm"),
        (["--optimizer", "adam"], "unknown optimizer"),
        (["--questions", "0"], "questions must be at least 1"),
        (["--preset", "bereket-leskovec", "--jobs", "0"], "jobs must be at least 1"),
        (["--target", "0.7", "--jobs", "2"], "--jobs is an option of the dataset mode"),
    ],
)
def test_cli_bad_input_is_one_line(capsys, arguments, message):
    assert cli.main(["simulate", *arguments]) == 2
    err = capsys.readouterr().err
    assert err.startswith("grpo-sigma: error: ") and err.count("\n") == 1 and message in err


def test_committed_figure_data_starts_as_the_code_trains_now():
    """figures/bereket_leskovec.json (50,000 steps, too long for the tests) is checked where
    a short run must agree with it exactly: the preset's checkpoint at step 500."""
    from pathlib import Path

    committed = json.loads(
        (Path(__file__).resolve().parent.parent / "figures" / "bereket_leskovec.json").read_text()
    )
    assert committed["config"]["steps"] == 50_000 and set(committed["algorithms"]) == set(
        alg.ALGORITHMS
    )
    training = committed["algorithms"]["grpo"]["training"]
    assert training["step"][:2] == [0, 500]
    preset = PRESETS["bereket-leskovec"]
    config = replace(preset, steps=500, checkpoints=1)
    result = train_algorithm(config, draw(10_000, 20, 2), "grpo")
    now = result.checkpoints[-1]
    message = (
        "regenerate: grpo-sigma simulate --preset bereket-leskovec --plot "
        "figures/bereket_leskovec --json figures/bereket_leskovec.json"
    )
    assert now.ece == pytest.approx(training["ece"][1], abs=1e-12), message
    assert np.allclose(now.policy_mean, training["policy_mean"][1], atol=1e-6), message
