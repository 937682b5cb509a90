"""``grpo-sigma policy``: population σ_a of concrete policies and the biased optimum."""

import json

import mpmath
import pytest

from symbolic import GrpoSigmaError
from symbolic import policy as pol
from symbolic.cli import main


def test_issue_example_prints_sigmas_and_biased_optimum(capsys):
    code = main(["policy", "--beta", "5.7", "3", "--bins", "100", "--target", "0.7"])
    out = capsys.readouterr().out
    assert code == 0
    values = dict(line.split(None, 1) for line in out.splitlines()[:8])
    sigma_0, sigma_1 = mpmath.mpf(values["sigma_0"]), mpmath.mpf(values["sigma_1"])
    assert sigma_0 > sigma_1 > 0
    assert mpmath.mpf(values["biased_optimum"]) > mpmath.mpf("0.7")
    assert "above the target" in out


def test_biased_optimum_matches_the_grid_argmax():
    with mpmath.workdps(50):
        report = pol.policy_report("0.7", 400, beta=("5.7", "3"))
        spacing = mpmath.mpf(1) / 401
        assert abs(report["biased_optimum"] - report["biased_optimum_on_grid"]) <= spacing
        assert abs(report["calibrated_optimum_on_grid"] - mpmath.mpf("0.7")) <= spacing


def test_fine_grid_approaches_the_beta_closed_form():
    with mpmath.workdps(30):
        grid = pol.prediction_grid(4000)
        stats = pol.population_statistics(grid, pol.beta_grid_policy(5, 3, 4000))
        var_1 = mpmath.psi(1, 5) - mpmath.psi(1, 8)
        var_0 = mpmath.psi(1, 3) - mpmath.psi(1, 8)
        assert abs(stats.sigma_1**2 - var_1) < 1e-3
        assert abs(stats.sigma_0**2 - var_0) < 1e-3


def test_mirrored_policy_swaps_sigmas():
    grid = pol.prediction_grid(50)
    weights = pol.beta_grid_policy(4, 2, 50)
    stats = pol.population_statistics(grid, weights)
    mirrored = pol.population_statistics(grid, list(reversed(weights)))
    assert mpmath.almosteq(stats.sigma_0, mirrored.sigma_1, 1e-12)
    assert mpmath.almosteq(stats.sigma_1, mirrored.sigma_0, 1e-12)


def test_curve_and_json(capsys):
    code = main(["policy", "--weights", "0.25,0.25,0.5", "--bins", "3", "--target", "0.4",
                 "--eps", "0.1", "--curve", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert len(data["curve"]) == 3
    assert {"prediction", "true_advantage", "sigma_normalized"} <= set(data["curve"][0])


def test_json_is_deterministic(capsys):
    argv = ["policy", "--beta", "2", "3", "--bins", "20", "--target", "0.3", "--json"]
    main(argv)
    first = capsys.readouterr().out
    main(argv)
    assert capsys.readouterr().out == first


@pytest.mark.parametrize(
    "argv,message",
    [
        (["--beta", "0", "3", "--target", "0.7"], "Beta parameters must be > 0"),
        (["--beta=-1", "3", "--target", "0.7"], None),
        (["--beta", "2", "3", "--target", "1.5"], "target p must be in (0, 1)"),
        (["--beta", "2", "3", "--target", "0"], "target p must be in (0, 1)"),
        (["--weights", "0.5,0.6", "--bins", "2", "--target", "0.5"], "sum to 1.1"),
        (["--weights", "0.5,0.5", "--bins", "3", "--target", "0.5"], "2 weights given for 3"),
        (["--beta", "2", "3", "--bins", "1", "--target", "0.5"], "--bins must be"),
        (["--target", "0.5"], "exactly one of"),
        (["--beta", "2", "3", "--target", "nan"], "finite"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, argv, message):
    code = main(["policy", *argv])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("grpo-sigma: error: ") and err.count("\n") == 1
    if message:
        assert message in err


def test_api_raises_the_package_error():
    with pytest.raises(GrpoSigmaError, match="σ_a \\+ ε must be > 0"):
        pol.biased_optimum(mpmath.mpf("0.5"), 0, 0, 0)
