"""``grpo-sigma policy``: population σ_a of concrete policies and the biased optimum."""

import json

import mpmath
import pytest

from symbolic import GrpoSigmaError
from symbolic.cli import main
from symbolic.numeric import policy as pol


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
    code = main(
        [
            "policy",
            "--weights",
            "0.25,0.25,0.5",
            "--bins",
            "3",
            "--target",
            "0.4",
            "--eps",
            "0.1",
            "--curve",
            "--json",
            "-",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert len(data["curve"]) == 3
    assert {"prediction", "true_advantage", "sigma_normalized"} <= set(data["curve"][0])


def test_json_is_deterministic(capsys):
    argv = ["policy", "--beta", "2", "3", "--bins", "20", "--target", "0.3", "--json", "-"]
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
        (["--beta", "2", "3", "--target", "0.5", "--dps", "0"], "--dps must be between"),
        (["--beta", "2", "3", "--target", "0.5", "--bins", "10000000"], "--bins must be"),
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
    with pytest.raises(GrpoSigmaError, match="per-outcome σ is 0"):
        pol.biased_optimum(mpmath.mpf("0.5"), 0, 0, 0)


def test_sigma_ratio_approaches_odds_of_the_mean_along_beta_policies():
    """Numeric confirmation of beta_sigma_ratio_limit along concentrating Beta policies."""
    mean = mpmath.mpf("0.7")
    errors = []
    with mpmath.workdps(50):
        for kappa in (10, 100, 1000, 10_000, 100_000):
            a, b = mean * kappa, (1 - mean) * kappa
            ratio = mpmath.sqrt(
                (mpmath.psi(1, b) - mpmath.psi(1, kappa))
                / (mpmath.psi(1, a) - mpmath.psi(1, kappa))
            )
            errors.append(abs(ratio - mean / (1 - mean)))
    assert all(later < earlier / 5 for earlier, later in zip(errors, errors[1:], strict=False))
    assert errors[-1] < 1e-4


def test_self_consistent_iteration_runs_to_the_vertex():
    """x → p̂*(x) with σ_0/σ_1 = odds(x): runs to 1 for p > 1/2, to 0 for p < 1/2."""
    for target, vertex in ((mpmath.mpf("0.7"), 1), (mpmath.mpf("0.3"), 0)):
        x = target
        path = [x]
        for _ in range(40):
            x = pol.biased_optimum(target, x, 1 - x)
            path.append(x)
        steps = [b - a for a, b in zip(path, path[1:], strict=False)]
        assert all(s > 0 for s in steps) if vertex == 1 else all(s < 0 for s in steps)
        assert abs(path[-1] - vertex) < 1e-6


def test_one_sigma_keeps_the_target_fixed():
    target = mpmath.mpf("0.7")
    assert pol.biased_optimum(target, mpmath.mpf("0.4"), mpmath.mpf("0.4")) == target
