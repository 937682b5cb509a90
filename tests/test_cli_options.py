"""One command line: the shared options spelled and checked the same way by every command,
``grpo-sigma help COMMAND``, ``--quiet``, and numbers out of range named with their range."""

from __future__ import annotations

import json

import pytest

from symbolic import options
from symbolic.cli import COMMANDS, build_parser, main

GROUP = ["group", "--target", "0.2,0.8", "--prediction", "0.5,0.5", "--prediction", "0.4,0.6"]
SHARED = {
    "--json": options.add_json,
    "--html": options.add_html,
    "--jobs": options.add_jobs,
    "--dps": options.add_dps,
    "--out": lambda parser: options.add_out(parser, "x"),
    "--budget": lambda parser: options.add_budget(parser, 1.0),
    "--quiet": options.add_quiet,
}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def subparsers():
    parser = build_parser()
    (commands,) = [a for a in parser._actions if a.choices and "audit" in a.choices]
    return commands.choices


def shape(action) -> tuple:
    return (type(action).__name__, action.metavar, getattr(action.type, "__qualname__", None))


def reference(option: str):
    import argparse

    parser = argparse.ArgumentParser()
    SHARED[option](parser)
    return parser._option_string_actions[option]


@pytest.mark.parametrize("option", sorted(SHARED))
def test_a_shared_option_is_the_same_in_every_command(option):
    expected = shape(reference(option))
    seen = {
        name: shape(command._option_string_actions[option])
        for name, command in subparsers().items()
        if option in command._option_string_actions
    }
    assert seen, f"no command has {option}"
    assert {name: expected for name in seen} == seen


def test_every_command_has_quiet_and_the_commands_that_write_json_have_json():
    commands = subparsers()
    for name in COMMANDS:
        assert "--quiet" in commands[name]._option_string_actions, name
    for name in ("audit", "review", "group", "policy", "simulate", "predictions"):
        assert "--json" in commands[name]._option_string_actions, name


@pytest.mark.parametrize("command", ["audit", "group", "simulate", "latex", "predictions"])
def test_help_command_prints_that_commands_help(capsys, command):
    code, out, err = run(capsys, "help", command)
    assert code == 0 and err == ""
    assert out.startswith(f"usage: grpo-sigma {command}")
    assert "--quiet" in out


def test_help_alone_lists_the_commands_and_an_unknown_one_is_one_line(capsys):
    code, out, _ = run(capsys, "help")
    assert code == 0 and all(name in out for name in COMMANDS)
    code, out, err = run(capsys, "help", "nosuch")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "unknown command 'nosuch'" in err


def test_quiet_prints_nothing_but_keeps_json_on_stdout(capsys, tmp_path):
    code, out, err = run(capsys, *GROUP, "--quiet")
    assert (code, out, err) == (0, "", "")
    code, out, _ = run(capsys, *GROUP, "--quiet", "--json", "-")
    assert code == 0 and json.loads(out)["schema"]["name"] == "grpo-sigma group"
    target = tmp_path / "g.json"
    code, out, _ = run(capsys, *GROUP, "--quiet", "--json", str(target))
    assert code == 0 and out == "" and json.loads(target.read_text())["rewards"]


@pytest.mark.parametrize(
    "argv,message",
    [
        (["audit", "--jobs", "0"], "--jobs must be at least 1 and at most 256"),
        (["audit", "--jobs", "9999"], "--jobs must be at least 1 and at most 256"),
        (["audit", "--jobs", "two"], "--jobs must be at least 1 and at most 256"),
        (["audit", "--budget", "0"], "--budget must be a number in (0, 86400]"),
        (["audit", "--budget", "inf"], "--budget must be a number in (0, 86400]"),
        (["audit", "--dps", "39"], "--dps must be between 40 and 1000"),
        (["latex", "--dps", "1001"], "--dps must be between 40 and 1000"),
        ([*GROUP, "--dps", "5"], "--dps must be between 40 and 1000"),
        (["simulate", "--group-size", "1"], "range 2 to 4096"),
        (["simulate", "--group-size", "5000"], "range 2 to 4096"),
        (["simulate", "--preset", "bereket-leskovec", "--jobs", "0"], "at least 1"),
    ],
)
def test_a_number_out_of_range_names_the_range_in_one_line(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


@pytest.mark.parametrize("text", ["1", "40", " 7 "])
def test_an_integer_in_range_is_read(text):
    assert options.integer_in("--n", 1, 40)(text) == int(text)


@pytest.mark.parametrize("text", ["0.5", "86400", "1e3"])
def test_a_budget_in_range_is_read(text):
    assert options.real_in("--budget", 0, options.MAX_BUDGET)(text) == float(text)


@pytest.mark.parametrize("text", ["report.json", "-", "a b/c.json"])
def test_a_path_that_is_not_blank_is_kept_as_typed(text):
    assert options.path(text) == text
