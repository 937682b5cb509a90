"""One JSON style for every command: ``--json PATH|-``, a versioned schema, numbers as JSON
numbers; output paths checked before any work, no directory created for them."""

import json
import time
from pathlib import Path

import pytest

from symbolic.cli import main

ROOT = Path(__file__).resolve().parent.parent
DRAFT = "The reward is $R(\\hat p) = \\sum_i p_i \\log \\hat p_i$.\n"
PREDICTIONS = str(ROOT / "tests" / "data" / "predictions.csv")

# command → (argv without --json, schema name, version, a path to a number in the JSON)
COMMANDS = {
    "audit": (
        ["audit", "--claim", "single_sigma", "--no-timings"],
        "grpo-sigma audit",
        3,
        ("claims", 0, "worst_residual"),
    ),
    "review": (
        ["review", "{tmp}/draft.md"],
        "grpo-sigma review",
        2,
        None,
    ),
    "group": (
        ["group", "--target", "0.2,0.8", "--prediction", "0.1,0.9", "--prediction", "0.3,0.7"],
        "grpo-sigma group",
        2,
        ("rewards", 0),
    ),
    "policy": (
        ["policy", "--beta", "2", "3", "--bins", "10", "--target", "0.6", "--group-size", "2"],
        "grpo-sigma policy",
        2,
        ("finite_group", "outcomes", 1, "expected_group_std"),
    ),
    "simulate": (
        ["simulate", "--steps", "20"],
        "grpo-sigma simulate",
        1,
        ("modes", "sampled-std", "final_mean"),
    ),
    "simulate --sweep": (
        ["simulate", "--sweep", "--steps", "5", "--plot", "{tmp}/sweep.png"],
        "grpo-sigma simulate sweep",
        1,
        ("final_mean", "sampled-std", 0),
    ),
    "simulate dataset": (
        ["simulate", "--questions", "100", "--categories", "2", "--steps", "3"]
        + ["--algorithms", "grpo"],
        "grpo-sigma simulate dataset",
        1,
        ("algorithms", "grpo", "ece"),
    ),
    "predictions": (
        ["predictions", PREDICTIONS],
        "grpo-sigma predictions",
        2,
        ("ece",),
    ),
}


def _argv(name, tmp_path):
    argv, *_ = COMMANDS[name]
    return [a.format(tmp=tmp_path) for a in argv]


def _check(data, name):
    _, schema, version, number = COMMANDS[name]
    assert list(data)[0] == "schema"
    assert data["schema"] == {"name": schema, "version": version}
    if number is not None:
        value = data
        for key in number:
            value = value[key]
        assert isinstance(value, int | float) and not isinstance(value, bool)


def _floats_are_numbers(value):
    """No number written as a string of digits, outside the ``exact`` strings."""
    if isinstance(value, dict):
        return all(_floats_are_numbers(v) for k, v in value.items() if k not in {"exact"})
    if isinstance(value, list):
        return all(_floats_are_numbers(v) for v in value)
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return True
        return False
    return True


@pytest.fixture(autouse=True)
def _draft(tmp_path):
    """A one-formula draft for ``review``."""
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")


@pytest.mark.parametrize("name", list(COMMANDS))
def test_json_to_stdout_is_the_json_alone(name, capsys, tmp_path):
    code = main([*_argv(name, tmp_path), "--json", "-"])
    assert code in (0, 1)  # review: 1 when the draft has a false relation
    data = json.loads(capsys.readouterr().out)  # nothing but the JSON on stdout
    _check(data, name)
    assert _floats_are_numbers(data)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_json_to_a_file_keeps_the_text_on_stdout(name, capsys, tmp_path):
    path = tmp_path / "out.json"
    code = main([*_argv(name, tmp_path), "--json", str(path)])
    assert code in (0, 1)
    assert capsys.readouterr().out.strip()  # the text is still printed
    data = json.loads(path.read_text(encoding="utf-8"))
    _check(data, name)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_json_path_in_a_missing_folder_is_refused_before_any_work(name, capsys, tmp_path):
    start = time.perf_counter()
    code = main([*_argv(name, tmp_path), "--json", str(tmp_path / "no" / "out.json")])
    assert code == 2 and time.perf_counter() - start < 1.0
    err = capsys.readouterr().err
    assert err.startswith("grpo-sigma: error: cannot write") and err.count("\n") == 1
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["simulate", "--steps", "5", "--plot", "{tmp}/no/such/training.png"],
        ["simulate", "--sweep", "--steps", "5", "--plot", "{tmp}/no/such/reliability.png"],
        ["simulate", "--questions", "100", "--steps", "3", "--plot", "{tmp}/no/such/pictures"],
    ],
    ids=["single", "sweep", "dataset"],
)
def test_a_plot_into_a_missing_folder_fails_before_training(argv, capsys, tmp_path):
    start = time.perf_counter()
    assert main([a.format(tmp=tmp_path) for a in argv]) == 2
    assert time.perf_counter() - start < 1.0  # before any training
    err = capsys.readouterr().err
    assert err.startswith("grpo-sigma: error: cannot write") and err.count("\n") == 1
    assert not (tmp_path / "no").exists()  # nothing created


def test_the_dataset_plot_folder_itself_may_be_new(tmp_path, capsys):
    folder = tmp_path / "pictures"
    argv = ["simulate", "--questions", "100", "--categories", "2", "--steps", "3"]
    assert main([*argv, "--algorithms", "grpo", "--plot", str(folder)]) == 0
    assert len(list(folder.iterdir())) == 4


def test_exact_strings_carry_the_digits_asked_for(capsys):
    argv = ["group", "--target", "0.2,0.8", "--prediction", "0.1,0.9", "--prediction", "0.3,0.7"]
    assert main([*argv, "--dps", "60", "--json", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    entropy = data["exact"]["entropy"]
    assert len(entropy.replace("0.", "", 1)) >= 59
    assert float(entropy) == data["entropy"]


class _Terminal:
    """A stderr that says it is a terminal."""

    def __init__(self):
        self.text = ""

    def isatty(self):
        return True

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def test_the_progress_line_shows_on_a_terminal_and_is_wiped(monkeypatch):
    import sys

    from symbolic.console import ProgressBar

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    bar = ProgressBar("review", delay=0.0)
    bar(1, 2)
    bar(2, 2)
    bar.close()
    assert "review [" in terminal.text and "100%" in terminal.text
    assert terminal.text.endswith("\r")  # the line is wiped at the end


def test_long_commands_report_progress(tmp_path):
    from symbolic.numeric.policy import policy_report
    from symbolic.outputs.files import add_generator_command
    from symbolic.outputs.review import review_text

    seen = []
    review_text("$a = a$ and $b = b$", progress=lambda k, n: seen.append((k, n)))
    assert seen == [(1, 2), (2, 2)]
    seen.clear()
    policy_report("0.6", 10, beta=(2, 3), group_size=3, progress=lambda k, n: seen.append(k))
    assert seen[-1] == 2000 and seen == sorted(seen)

    import argparse

    calls = []

    def write(out, progress):
        progress(1, 1)
        calls.append(out)
        return []

    parser = argparse.ArgumentParser()
    add_generator_command(parser.add_subparsers(), "things", "write things", write, "things")
    args = parser.parse_args(["things", "--out", str(tmp_path / "t")])
    assert args.run(args) == 0 and calls == [str(tmp_path / "t")]
