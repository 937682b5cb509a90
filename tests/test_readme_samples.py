"""The command samples of the README and the docs (plain blocks starting
``$ grpo-sigma ...``) are what the commands print now: each is run and its output compared
line by line."""

import shlex

import pytest
from doc_pages import ROOT, code_blocks

from symbolic.cli import main

SAMPLES = [b for b in code_blocks("") if b.startswith("$ grpo-sigma ")]


def test_the_policy_and_simulate_samples_are_checked():
    commands = [shlex.split(b.splitlines()[0])[1:3] for b in SAMPLES]
    assert ["grpo-sigma", "policy"] in commands and ["grpo-sigma", "simulate"] in commands


HEAVY = ("$ grpo-sigma review", "$ grpo-sigma audit")
"""Samples that review the whole note or audit every claim: in the slow tier."""


@pytest.mark.parametrize(
    "sample",
    [pytest.param(b, marks=[pytest.mark.slow] if b.startswith(HEAVY) else []) for b in SAMPLES],
    ids=lambda b: b.splitlines()[0][2:],
)
def test_sample_is_the_output_now(capsys, monkeypatch, sample):
    monkeypatch.chdir(ROOT)  # samples name files relative to the repository
    command, *printed = sample.rstrip("\n").splitlines()
    assert main(shlex.split(command)[2:]) == 0
    output = capsys.readouterr().out.rstrip("\n").splitlines()
    assert output == printed, f"sample drifted: paste the output of {command[2:]}"
