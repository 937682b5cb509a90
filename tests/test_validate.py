"""User numbers are validated in one place: one line, exit 2, the offending input named."""

import math

import pytest
import sympy as sp

import symbolic
from symbolic.cli import main
from symbolic.errors import GrpoSigmaError
from symbolic.numeric import group, validate

GROUP = ["group", "--target", "0.2,0.8", "--prediction", "0.4,0.6"]
POLICY = ["policy", "--beta", "2", "3", "--bins", "10"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (GROUP + ["--prediction=-0.1,1.1"], "p̂[1] = -0.1 is not positive"),
        (["group", "--target", "0.2,0.7", "--prediction", "0.4,0.6"] * 1, "p sums to 0.9"),
        (GROUP + ["--prediction", "nan,0.5"], "p̂[1] must be finite"),
        (GROUP + ["--prediction", "0.2,0.3,0.5"], "has 3 entries but the target has 2"),
        (GROUP, "G >= 2 predictions, got 1"),
        (GROUP + ["--prediction", "0.4,0.6"], "the group std is 0 (all rewards equal) and ε = 0"),
        (GROUP + ["--prediction", "0.3,0.7", "--eps=-1"], "ε must be >= 0"),
        (GROUP + ["--prediction", "0.3,0.7", "--dps", "5"], "--dps must be between 40 and 1000"),
        (POLICY + ["--target", "1.2"], "target p must be in (0, 1)"),
        (["policy", "--weights", "0.5,-0.5,1", "--bins", "3", "--target", "0.5"], "weight 2"),
        (
            ["policy", "--beta", "2", "3", "--bins", "1", "--target", "0.5"],
            "--bins must be at least 2",
        ),
        (["simulate", "--lr", "nan"], "learning rate must be a finite number"),
        (["simulate", "--target", "0.5,0.6"], "not a probability vector"),
    ],
)
def test_bad_numbers_give_one_line_and_exit_2(capsys, argv, message):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("grpo-sigma: error: ") and captured.err.count("\n") == 1
    assert message in captured.err
    assert captured.out == ""


def test_one_tolerance_for_every_probability_vector():
    near = 1 + validate.SUM_TOLERANCE / 2
    validate.check_sum_to_one(near, "p")
    validate.float_target((0.5, 0.5 + validate.SUM_TOLERANCE / 2))
    with pytest.raises(GrpoSigmaError, match="sums to"):
        validate.probability_vector(["0.5", str(0.5 + 2 * validate.SUM_TOLERANCE)])
    with pytest.raises(GrpoSigmaError, match="not a probability vector"):
        validate.float_target((0.5, 0.5 + 2 * validate.SUM_TOLERANCE))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: validate.check_real("lr", math.inf, 0.0), "finite"),
        (lambda: validate.check_real("eps", -1.0, 0.0, closed=True), r"\[0, inf\)"),
        (lambda: validate.check_integer("steps", 2.5, 1), "integer"),
        (lambda: validate.check_integer("steps", True, 1), "integer"),
        (lambda: validate.check_integer("bins", 11, 2, 10), "at most 10"),
        (lambda: validate.check_dps(True), "--dps"),
        (lambda: validate.check_convention("sample"), "unknown std convention"),
    ],
)
def test_api_raises_the_package_error(call, message):
    with pytest.raises(GrpoSigmaError, match=message):
        call()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: symbolic.check_propriety(3), "rule must be a ScoringRule"),
        (lambda: symbolic.check_propriety(None), "rule must be a ScoringRule"),
        (lambda: symbolic.check_propriety("nosuch"), "one of log, brier, spherical"),
        (lambda: symbolic.check_propriety("log", outcomes=1), "at least 2 outcomes"),
        (lambda: symbolic.check_propriety("log", outcomes=2.0), "outcomes must be an integer"),
        (lambda: symbolic.check_propriety("log", outcomes=99), r"at most 12"),
        (lambda: symbolic.user_rule(sp.Symbol("x") ** 2, 3), "variables must be a list"),
        (lambda: group.soft_target_reward(0.5, [0.5, 0.5]), "the target must be a list"),
        (lambda: group.entropy("0.5,0.5"), "p must be a list of numbers"),
        (lambda: group.group_std(3), "rollouts must be a list of numbers"),
        (lambda: group.group_std([1, 2], 3), "unknown std convention 3"),
        (lambda: group.group_report([0.5, 0.5], 5), "predictions must be a list"),
        (lambda: group.kl_divergence({1: 0.5}, [0.5, 0.5]), "the target must be a list"),
        (lambda: validate.check_reward(3), "unknown reward 3"),
        (lambda: validate.check_integer("bins", 1, 2, 10), r"\(range 2 to 10\)"),
    ],
)
def test_the_public_api_names_the_parameter_of_a_wrong_type(call, message):
    with pytest.raises(GrpoSigmaError, match=message):
        call()


@pytest.mark.parametrize("rule", ["log", "spherical"])
def test_check_propriety_takes_a_rules_name_or_user_rules_answer(rule):
    assert symbolic.check_propriety(rule).status in {"proven", "unknown"}
    x1, x2 = sp.symbols("x1 x2", positive=True)
    assert symbolic.check_propriety(symbolic.user_rule(x1**2 + x2**2, (x1, x2))).status != (
        "refuted"
    )
