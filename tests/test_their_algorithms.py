"""Bereket & Leskovec's algorithms as they coded them (``rloo-bl``, ``ppo-bl``) beside the
textbook ones, and ``simulate --seeds``: small fixed-seed settings."""

import json
from dataclasses import replace

import numpy as np
import pytest

from symbolic.cli import main
from symbolic.errors import GrpoSigmaError
from symbolic.experiments import algorithms as alg
from symbolic.experiments import seeds
from symbolic.experiments.dataset_training import DatasetConfig, train_algorithm
from symbolic.experiments.datasets import draw

TINY = DatasetConfig(questions=300, categories=3, data_seed=5, steps=120, checkpoints=2)


@pytest.mark.parametrize("group", [2, 3, 10])
def test_rloo_bl_baseline_is_the_others_sum_over_g(group):
    rewards = np.random.default_rng(group).normal(size=(group, 7))
    expected = np.empty_like(rewards)
    for g in range(group):  # their code: mean_loo = R.mean(0) − R/G, A = R − mean_loo
        others = sum(rewards[h] for h in range(group) if h != g)
        expected[g] = rewards[g] - others / group
    got = alg.advantages("rloo-bl", rewards.copy(), 1e-5, 1)
    assert np.allclose(got, expected, rtol=0, atol=1e-12)
    textbook = alg.advantages("rloo", rewards.copy(), 1e-5, 1)
    assert not np.allclose(got, textbook)  # the two baselines differ at every finite G
    assert alg.rollouts("rloo-bl", group) == group


def test_ppo_bl_is_reinforce_with_a_slow_adamw_baseline(monkeypatch):
    data = draw(TINY.questions, TINY.categories, TINY.data_seed)
    assert alg.rollouts("ppo-bl", 10) == 1 and alg.cost("ppo-bl", 10) == 1
    reinforce = train_algorithm(TINY, data, "reinforce")
    ppo_bl = train_algorithm(TINY, data, "ppo-bl")
    assert not np.array_equal(reinforce.final_policy, ppo_bl.final_policy)
    # AdamW moves V by about lr per step: 120 steps at 1e-5 barely move it, so ppo-bl stays
    # close to REINFORCE (their Figure 1: 0.0052 against 0.0053)
    assert np.abs(reinforce.final_policy - ppo_bl.final_policy).max() < 1e-3
    monkeypatch.setattr(alg, "BL_VALUE_LR", 0.0)  # a baseline frozen at 0: REINFORCE exactly
    frozen = train_algorithm(TINY, data, "ppo-bl")
    assert np.array_equal(frozen.final_policy, reinforce.final_policy)
    assert np.array_equal(frozen.predictions, reinforce.predictions)


def test_summary_statistics():
    spread = seeds.summary([1.0, 2.0, 4.0])
    assert spread == {
        "n": 3,
        "mean": 7 / 3,
        "sd": pytest.approx(np.std([1, 2, 4], ddof=1)),
        "min": 1.0,
        "max": 4.0,
    }
    assert seeds.summary([0.5])["sd"] == 0.0
    inside = seeds.compare(2.0, spread)
    assert inside["within_min_max"] and inside["sd_from_mean"] == pytest.approx(
        (2.0 - 7 / 3) / spread["sd"]
    )
    assert not seeds.compare(4.5, spread)["within_min_max"]
    assert seeds.compare(None, spread) is None
    with pytest.raises(GrpoSigmaError, match="seeds"):
        seeds.seed_list(0, 0)


def test_seeds_equal_single_runs_and_do_not_depend_on_jobs():
    config = replace(TINY, algorithms=("grpo", "rloo-bl"))
    one = seeds.run_dataset(config, [0, 1], jobs=1)
    two = seeds.run_dataset(config, [0, 1], jobs=2)
    assert one == two
    data = draw(config.questions, config.categories, config.data_seed)
    single = train_algorithm(replace(config, seed=1), data, "rloo-bl").final
    assert one["algorithms"]["rloo-bl"]["per_seed"]["ece"][1] == single.ece
    assert one["algorithms"]["rloo-bl"]["published_ece"]["published"] == 0.0020
    assert "published_ece" in one["algorithms"]["grpo"]


def test_cli_seeds_in_both_modes(capsys):
    args = [
        "simulate",
        "--questions",
        "200",
        "--categories",
        "2",
        "--steps",
        "30",
        "--algorithms",
        "ppo-bl,reinforce",
        "--seeds",
        "2",
        "--jobs",
        "1",
    ]
    assert main([*args, "--json", "-"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["schema"] == {"name": "grpo-sigma simulate seeds", "version": 1}
    assert report["seeds"] == [0, 1] and set(report["algorithms"]) == {"ppo-bl", "reinforce"}
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "2 seeds (0..1): mean ± SD [min, max]" in out and "ppo-bl" in out
    assert main(["simulate", "--steps", "50", "--seeds", "2", "--seed", "3", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "2 seeds (3..4)" in out and "sampled-std" in out
    assert main(["simulate", "--steps", "50", "--seeds", "2", "--sweep"]) == 2
    assert "--seeds reports numbers only" in capsys.readouterr().err
    assert main(["simulate", "--steps", "50", "--seeds", "0"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
