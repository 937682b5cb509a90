"""The training figures committed under figures/ are what ``grpo-sigma simulate`` makes now.

The PNGs are shown in the README; their data (the JSON beside them) must not drift.
Floats are compared to 10 significant digits, so a different libm cannot fail the test
while a changed experiment does.
"""

import json
from pathlib import Path

import pytest

from symbolic.cli import main

FIGURES = Path(__file__).resolve().parent.parent / "figures"


def rounded(value):
    if isinstance(value, float):
        return float(f"{value:.10g}")
    if isinstance(value, list):
        return [rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    return value


@pytest.mark.slow
@pytest.mark.parametrize(
    "name,argv",
    [("reliability", ["--sweep"]), ("training", [])],
)
def test_committed_training_figure_data_has_not_drifted(tmp_path, capsys, name, argv):
    data, png = tmp_path / f"{name}.json", tmp_path / f"{name}.png"
    assert main(["simulate", *argv, "--plot", str(png), "--json", str(data)]) == 0
    capsys.readouterr()
    assert png.stat().st_size > 10_000
    committed = json.loads((FIGURES / f"{name}.json").read_text())
    assert rounded(json.loads(data.read_text())) == rounded(committed), (
        f"figures/{name}.json drifted: regenerate with "
        f"grpo-sigma simulate {' '.join(argv)} --plot figures/{name}.png --json figures/{name}.json"
    )
