"""``grpo-sigma figures``: labelled PNGs, byte-for-byte deterministic, drawn from checked data."""

import json
from pathlib import Path

import mpmath
import pytest

from symbolic.cli import main
from symbolic.errors import GrpoSigmaError
from symbolic.numeric.policy import biased_optimum
from symbolic.outputs.figures import (
    PLOTS,
    beta_log_sigmas,
    figure_data,
    get_plot,
    grid_sigmas,
    write_figures,
)

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "figures"
NAMES = [p.name for p in PLOTS]


@pytest.fixture(scope="module")
def data():
    return {name: figure_data(name) for name in NAMES}


def _series(figure, label_start, panel=0):
    (series,) = [s for s in figure["panels"][panel]["series"] if s["label"].startswith(label_start)]
    return series


@pytest.mark.slow
def test_two_runs_write_the_same_bytes(tmp_path):
    assert main(["figures", "--out", str(tmp_path / "a")]) == 0
    write_figures(tmp_path / "b")
    first = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()}
    second = {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()}
    formats = ("png", "pdf", "svg", "json")
    assert sorted(first) == sorted(f"{n}.{ext}" for n in NAMES for ext in formats)
    assert first == second
    assert all(first[f"{n}.png"].startswith(b"\x89PNG") for n in NAMES)
    assert all(b"Software" not in first[f"{n}.png"] for n in NAMES)
    assert all(first[f"{n}.pdf"].startswith(b"%PDF") for n in NAMES)
    assert all(b"CreationDate" not in first[f"{n}.pdf"] for n in NAMES)
    assert all(
        b"<svg" in first[f"{n}.svg"] and b"<dc:date>" not in first[f"{n}.svg"] for n in NAMES
    )


@pytest.mark.parametrize("name", NAMES)
def test_committed_figure_data_has_not_drifted(name, data):
    """The data behind each committed PNG (curves, labels, titles) is what is drawn now; the
    PNG bytes themselves depend on the font renderer, so they are compared only for existence."""
    committed = json.loads((COMMITTED / f"{name}.json").read_text(encoding="utf-8"))
    assert committed == data[name], f"figures/{name}.json drifted: run grpo-sigma figures"
    assert (COMMITTED / f"{name}.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("name", NAMES)
def test_axes_are_labelled_and_curves_have_legends(name, data):
    for panel in data[name]["panels"]:
        assert panel["xlabel"] and panel["ylabel"] and panel["title"]
        assert panel["series"]
        for series in panel["series"]:
            assert series["label"]
            assert len(series["x"]) == len(series["y"]) >= 2
            assert all(isinstance(v, float) for v in series["x"] + series["y"])


def test_sigma0_exceeds_sigma1_and_the_ratio_tends_to_odds(data):
    figure = data["sigma_concentration"]
    sigma_0, sigma_1 = _series(figure, r"$\sigma_0$ ="), _series(figure, r"$\sigma_1$ =")
    assert sigma_0["x"][0] == 2 and sigma_0["x"][-1] == 200
    assert all(a > b for a, b in zip(sigma_0["y"], sigma_1["y"], strict=True))
    ratio = _series(figure, r"$\sigma_0 / \sigma_1$", panel=1)["y"]
    assert all(a > b for a, b in zip(ratio, ratio[1:], strict=False))
    assert abs(ratio[-1] - 7 / 3) < 0.02


def test_closed_form_sigmas_match_the_grid_policy():
    with mpmath.workdps(30):
        closed = beta_log_sigmas(mpmath.mpf(14), mpmath.mpf(6))
        grid = grid_sigmas(mpmath.mpf(14), mpmath.mpf(6))
        # Var[log p̂] = ψ1(α) − ψ1(α+β), checked by quadrature against the density
        density = lambda v: v**13 * (1 - v) ** 5 / mpmath.beta(14, 6)  # noqa: E731
        mean = mpmath.quad(lambda v: mpmath.log(v) * density(v), [0, 1])
        var = mpmath.quad(lambda v: (mpmath.log(v) - mean) ** 2 * density(v), [0, 1])
    assert abs(closed[1] ** 2 - var) < mpmath.mpf(10) ** -15
    assert abs(closed[0] - grid.sigma_0) < 0.01 and abs(closed[1] - grid.sigma_1) < 0.01


def test_biased_optimum_lies_above_the_diagonal(data):
    figure = data["biased_optimum"]
    for series in figure["panels"][0]["series"][1:]:
        assert all(y > x for x, y in zip(series["x"], series["y"], strict=True))


def test_advantage_maxima_are_calibrated_and_biased(data):
    figure = data["advantage_across_predictions"]
    true, normalized = figure["panels"][0]["series"]
    argmax = lambda s: s["x"][s["y"].index(max(s["y"]))]  # noqa: E731
    assert abs(argmax(true) - 0.7) <= 0.005
    with mpmath.workdps(30):
        stats = grid_sigmas(mpmath.mpf("5.7"), mpmath.mpf(3))
        star = float(biased_optimum(mpmath.mpf("0.7"), stats.sigma_0, stats.sigma_1))
    assert star > 0.75 and abs(argmax(normalized) - star) <= 0.005
    assert [m["x"] for m in figure["panels"][0]["marks"]] == [0.7, round(star, 10)]


def test_unknown_figure_names_the_known_ones():
    with pytest.raises(GrpoSigmaError, match="sigma_concentration"):
        get_plot("no_such_figure")
