"""``grpo-sigma policy --reward``: the Brier and spherical mechanism against direct numpy."""

import mpmath
import numpy as np
import pytest
from scipy import stats

from symbolic.cli import main
from symbolic.errors import GrpoSigmaError
from symbolic.numeric import policy as pol

BINARY = {
    "brier": (lambda t: -((1 - t) ** 2), lambda t: -(t**2)),
    "spherical": (
        lambda t: t / np.sqrt(t**2 + (1 - t) ** 2),
        lambda t: (1 - t) / np.sqrt(t**2 + (1 - t) ** 2),
    ),
}


def _direct(reward, a, b, target=0.7, bins=100):
    """μ_a, σ_a, the σ-normalized objective's grid argmax, by numpy and scipy alone."""
    grid = np.arange(1, bins + 1) / (bins + 1)
    w = stats.beta.pdf(grid, a, b)
    w /= w.sum()
    r1, r0 = (f(grid) for f in BINARY[reward])
    mu1, mu0 = w @ r1, w @ r0
    s1, s0 = np.sqrt(w @ (r1 - mu1) ** 2), np.sqrt(w @ (r0 - mu0) ** 2)
    objective = target * (r1 - mu1) / s1 + (1 - target) * (r0 - mu0) / s0
    return mu0, mu1, s0, s1, grid[np.argmax(objective)]


@pytest.mark.parametrize("reward", ["brier", "spherical"])
@pytest.mark.parametrize("a,b", [(1, 1), (5.7, 3), (50, 1)])
def test_policy_matches_a_direct_computation(reward, a, b):
    with mpmath.workdps(30):
        report = pol.policy_report("0.7", 100, beta=(str(a), str(b)), reward=reward)
    mu0, mu1, s0, s1, on_grid = _direct(reward, a, b)
    for key, value in (("mu_0", mu0), ("mu_1", mu1), ("sigma_0", s0), ("sigma_1", s1)):
        assert float(report[key]) == pytest.approx(value, rel=1e-10), key
    assert float(report["biased_optimum_on_grid"]) == pytest.approx(on_grid, abs=1e-12)
    odds = lambda x: x / (1 - x)  # noqa: E731
    expected = odds(0.7) * s0 / s1
    assert odds(float(report["biased_optimum"])) == pytest.approx(expected, rel=1e-10)


def test_brier_numbers_of_the_explanation_policy():
    """Beta(5.7, 3) on k/101 under Brier: σ_0 ≈ 0.19330, σ_1 ≈ 0.11771 (the issue's figures)."""
    report = pol.policy_report("0.7", 100, beta=("5.7", "3"), reward="brier")
    assert round(float(report["sigma_0"]), 5) == 0.19330
    assert round(float(report["sigma_1"]), 5) == 0.11771


def test_log_reward_is_the_default():
    default = pol.policy_report("0.7", 50, beta=("5", "2"))
    log = pol.policy_report("0.7", 50, beta=("5", "2"), reward="log")
    assert default == log and default["reward"] == "log"


def test_unknown_reward_is_one_clear_error(capsys):
    with pytest.raises(GrpoSigmaError, match="unknown reward 'hinge'; known: log, brier"):
        pol.policy_report("0.7", 50, beta=("5", "2"), reward="hinge")
    code = main(["policy", "--beta", "5", "2", "--target", "0.7", "--reward", "hinge"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and err.startswith("grpo-sigma: error:")


# ------------------------------------------------------------------ simulate --reward
def test_training_scores_are_the_rules():
    from symbolic.experiments.config import prediction_grid
    from symbolic.experiments.training import score_table, soft_reward

    support = prediction_grid(2, 100)  # columns: P(a = 0), P(a = 1)
    q = support[:, 1]
    for name, (r1, r0) in BINARY.items():
        table = score_table(name, support)
        np.testing.assert_allclose(table[:, 1], r1(q), rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(table[:, 0], r0(q), rtol=1e-13, atol=1e-15)
        soft = soft_reward(name, np.array([0.3, 0.7]), support)
        np.testing.assert_allclose(soft, 0.7 * r1(q) + 0.3 * r0(q), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("reward", ["brier", "spherical"])
def test_only_the_sampled_std_mode_is_overconfident_under_other_rules(reward):
    from symbolic.experiments.config import SimulationConfig
    from symbolic.experiments.training import simulate

    result = simulate(SimulationConfig(steps=1500, reward=reward))
    modes = result.modes
    assert modes["sampled-std"].final_mean > 0.8
    assert abs(modes["soft-std"].final_mean - 0.7) < 0.01
    assert modes["sampled-nostd"].final_mean < 0.75  # unbiased, still on its way to p


def test_simulate_rejects_an_unknown_reward(capsys):
    from symbolic.experiments.config import SimulationConfig

    with pytest.raises(GrpoSigmaError, match="unknown reward 'hinge'"):
        SimulationConfig(reward="hinge")
    assert main(["simulate", "--reward", "hinge"]) == 2
    assert capsys.readouterr().err.startswith("grpo-sigma: error: argument --reward")


def test_docs_brier_table_is_the_policy_output_now():
    from doc_pages import page

    text = page("explanation/scoring-rules.md").read_text(encoding="utf-8")
    shown = [line for line in text.splitlines() if line.startswith("| Beta(")]
    rows = []
    for a, b in (("1", "1"), ("5.7", "3"), ("50", "1")):
        r = pol.policy_report("0.7", 100, beta=(a, b), reward="brier")
        cells = [r["sigma_0"], r["sigma_1"], r["sigma_0"] / r["sigma_1"]]
        cells += [r["biased_optimum"], r["biased_optimum_on_grid"]]
        text = " | ".join(mpmath.nstr(c, 5, strip_zeros=False) for c in cells)
        rows.append(f"| Beta({a}, {b}) | {text} |")
    assert shown == rows, "the docs' Brier table drifted: regenerate it from policy_report"
