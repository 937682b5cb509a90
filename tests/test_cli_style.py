"""One command-line style: --version, output paths checked before any work, 100 columns,
progress only on a terminal."""

import time

import pytest

from symbolic.cli import main, package_version
from symbolic.ledger.audit import run_audit
from symbolic.outputs.report import WIDTH, format_table


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"grpo-sigma {package_version()}"


@pytest.mark.parametrize(
    "argv",
    [
        ["latex", "--out", "{missing}/out"],
        ["notebooks", "--out", "{missing}/out"],
        ["figures", "--out", "{missing}/out"],
        ["audit", "--json", "{missing}/audit.json"],
        ["audit", "--html", "{missing}/report"],
    ],
    ids=lambda argv: " ".join(argv[:2]),
)
def test_an_output_path_is_checked_before_any_work(argv, tmp_path, capsys):
    missing = tmp_path / "no" / "such"
    start = time.perf_counter()
    assert main([a.format(missing=missing) for a in argv]) == 2
    assert time.perf_counter() - start < 1.0  # refused before computing anything
    assert capsys.readouterr().err.startswith("grpo-sigma: error: cannot write")
    assert not (tmp_path / "no").exists()  # no directory created above the one given


def test_an_output_file_that_is_a_directory_is_refused(tmp_path, capsys):
    assert main(["audit", "--json", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_the_audit_text_fits_100_columns():
    results = run_audit(["finite_group_proportional", "sigma0_exceeds_sigma1_prose"])
    for timings in (True, False):
        lines = format_table(results, timings).splitlines()
        assert max(map(len, lines)) <= WIDTH
    assert any(line.startswith("    ") for line in lines)  # a long statement was wrapped


def test_progress_is_reported_per_claim_and_silent_off_a_terminal(capsys):
    from symbolic.console import ProgressBar

    seen = []
    run_audit(["single_sigma", "soft_target_identity"], progress=lambda k, n: seen.append((k, n)))
    assert seen == [(1, 2), (2, 2)]
    bar = ProgressBar("audit", delay=0.0)
    bar(1, 2)
    bar.close()
    assert capsys.readouterr().err == ""  # stderr is not a terminal here


def test_the_audit_json_is_versioned_and_numbers_are_numbers(tmp_path):
    import json

    path = tmp_path / "audit.json"
    assert main(["audit", "--claim", "sigma0_exceeds_sigma1_prose", "--json", str(path)]) == 0
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == {"name": "grpo-sigma audit", "version": 3}
    assert all("status_over_uses" in c for c in data["claims"])
    (claim,) = data["claims"]
    assert isinstance(claim["worst_residual"], float) and isinstance(claim["points"], int)
    assert all(isinstance(o["worst_residual"], float) for o in claim["obligations"])
    point = claim["counterexample"]["point"]
    assert all(isinstance(v, str) for v in point.values())  # exact digits, as printed
