"""``grpo-sigma policy --phi``: a user's strictly convex Φ as the reward; bad Φ refused."""

import mpmath
import pytest

from symbolic.cli import main
from symbolic.errors import GrpoSigmaError
from symbolic.note import model as m
from symbolic.numeric import policy as pol
from symbolic.numeric.potential import user_potential

BETA = ("5.7", "3")


def _report(reward):
    with mpmath.workdps(30):
        return pol.policy_report("0.7", 100, beta=BETA, reward=reward)


@pytest.mark.parametrize(
    "phi,named,shift",
    [("x1*log(x1) + x2*log(x2)", "log", 0), ("(x1**2 + x2**2)/2", "brier", mpmath.mpf(1) / 2)],
)
def test_the_savage_rule_of_a_named_potential_is_that_rule(phi, named, shift):
    """Σ x log x gives the log score; ½ Σ x² gives Brier's up to the constant ½ (same σ_a)."""
    mine, theirs = _report(user_potential(phi)), _report(named)
    for key in ("sigma_0", "sigma_1", "biased_optimum", "biased_optimum_on_grid"):
        assert abs(mine[key] - theirs[key]) < mpmath.mpf(10) ** -25, key
    for key in ("mu_0", "mu_1"):
        assert abs(mine[key] - theirs[key] - shift) < mpmath.mpf(10) ** -25, key


def test_the_cli_prints_the_mechanism_of_a_user_potential(capsys):
    assert main(["policy", "--beta", *BETA, "--target", "0.7", "--phi", "x1**3 + x2**3"]) == 0
    out = capsys.readouterr().out
    assert "sigma_0 > sigma_1" in out and "biased_optimum" in out


@pytest.mark.parametrize(
    "phi,message",
    [
        ("-x1**2 - x2**2", "not strictly convex"),
        ("x1 + x2", "not strictly convex"),
        ("x1 +", "cannot read"),
        ("x1**2 + y", "only x1 and x2"),
    ],
)
def test_a_bad_potential_is_one_line_and_exit_2(capsys, phi, message):
    code = main(["policy", "--beta", *BETA, "--target", "0.7", "--phi", phi])
    err = capsys.readouterr().err
    assert code == 2 and message in err
    assert err.count("\n") == 1 and err.startswith("grpo-sigma: error: ")


def test_reward_and_phi_together_are_refused(capsys):
    code = main(["policy", "--beta", *BETA, "--target", "0.7", "--reward", "brier", "--phi", "x1"])
    assert code == 2 and "not both" in capsys.readouterr().err


def test_an_improper_rule_is_refused_by_the_api():
    with pytest.raises(GrpoSigmaError, match="not proper"):
        _report(m.LINEAR_RULE)
