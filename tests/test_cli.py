"""The command line: verdicts, machine-readable output, determinism and bad input."""

import json

import pytest

from symbolic.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_audit_one_claim(capsys):
    code, out, _ = run(capsys, "audit", "--claim", "soft_target_identity")
    assert code == 0
    assert "soft_target_identity" in out and "proven" in out
    assert "1 of 1 claims have their expected verdict" in out


def test_audit_json_to_stdout(capsys):
    code, out, _ = run(capsys, "audit", "--claim", "centering_cancels_entropy", "--json", "-")
    assert code == 0
    data = json.loads(out)
    (claim,) = data["claims"]
    assert claim["id"] == "centering_cancels_entropy"
    assert claim["status"] == "proven" and data["all_as_expected"]
    assert float(claim["worst_residual"]) < 1e-45


def test_audit_report_is_byte_identical_without_timings(capsys, tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    for path in (first, second):
        code, _, _ = run(
            capsys, "audit", "--claim", "no_divisor_unbiased", "--no-timings", "--json", str(path)
        )
        assert code == 0
    assert first.read_bytes() == second.read_bytes()


GROUP = "group --target 0.2,0.8 --prediction 0.5,0.5"


@pytest.mark.parametrize(
    "command,message",
    [
        ("audit --claim no_such_claim", "unknown claim id 'no_such_claim'"),
        ("audit --dps 10", "--dps must be between"),
        ("audit --jobs 0", "--jobs must be at least 1 and at most 256"),
        ("group --target 0.2,0.9 --prediction 0.5,0.5 --prediction 0.4,0.6", "sums to 1.1"),
        ("group --target=-0.2,1.2 --prediction 0.5,0.5 --prediction 0.4,0.6", "not positive"),
        ("group --target nan,0.5 --prediction 0.5,0.5 --prediction 0.4,0.6", "finite"),
        (GROUP, "G >= 2"),
        (GROUP + " --prediction 0.4,0.6 --dps -3", "--dps must be between"),
        (GROUP + " --prediction 0.1,0.1,0.8", "3 entries but the target has 2"),
        (GROUP + " --prediction 0.5,0.5", "std is 0"),
        (GROUP + " --prediction 0.4,0.6 --eps -1", "ε must be >= 0"),
        ("notebooks --out /proc/no/such/dir", "cannot write"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, command, message):
    code, out, err = run(capsys, *command.split())
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("grpo-sigma: error: ")


def test_argparse_errors_are_one_line_too(capsys):
    code, _, err = run(capsys, "audit", "--dps", "many")
    assert code == 2
    assert err.count("\n") == 1 and "--dps must be an integer" in err


def test_group_command_checks_the_identities(capsys):
    code, out, _ = run(
        capsys,
        "group",
        "--target",
        "0.2,0.3,0.5",
        "--prediction",
        "0.1,0.1,0.8",
        "--prediction",
        "0.3,0.3,0.4",
        "--prediction",
        "0.2,0.5,0.3",
        "--json",
        "-",
    )
    assert code == 0
    exact = json.loads(out)["exact"]
    assert float(exact["identity_residual"]) < 1e-45
    assert float(exact["z_score_residual"]) < 1e-45
    assert abs(float(exact["sigma_R"]) - float(exact["sigma_KL"])) < 1e-45


def test_module_entry_point_runs(tmp_path):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "symbolic", "audit", "--claim", "nope"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "grpo-sigma: error: unknown claim id 'nope'; known: "
        + done.stderr.split("known: ")[1].strip()
    )
    assert "Traceback" not in done.stderr
