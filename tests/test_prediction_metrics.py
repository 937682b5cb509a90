"""``predictions`` as Bereket & Leskovec score: both ECE bin conventions against independent
oracles, AUROC as scikit-learn, the group bootstrap, column mapping, ``--percent``, and
their notebook's numbers on two of their real runs."""

import json
from pathlib import Path

import numpy as np
import pytest

from symbolic.cli import main
from symbolic.experiments import metrics
from symbolic.experiments import predictions as pr

REAL = Path(__file__).parent / "data" / "bereket-leskovec"
PUBLISHED = {"grpo.csv": (0.2922, 0.688), "zero_shot.csv": (0.1750, 0.574)}


def pandas_cut_bin(p: float, bins: int) -> int:
    """An independent ``pandas.cut(right=True, include_lowest=True)``: the k with
    edges[k] < p <= edges[k + 1] on numpy's float edges (p = 0 in the first bin)."""
    edges = [float(x) for x in np.linspace(0, 1, bins + 1)]
    if p == edges[0]:
        return 0
    return next(k for k in range(bins) if edges[k] < p <= edges[k + 1])


def oracle_ece(p, a, bins, bin_of):
    total = 0.0
    for k in range(bins):
        members = [i for i in range(len(p)) if bin_of(p[i]) == k]
        if members:
            gap = sum(p[i] for i in members) / len(members) - sum(a[i] for i in members) / len(
                members
            )
            total += len(members) / len(p) * abs(gap)
    return total


def oracle_auroc(p, a):
    pos = [x for x, y in zip(p, a, strict=False) if y]
    neg = [x for x, y in zip(p, a, strict=False) if not y]
    wins = sum((x > z) + 0.5 * (x == z) for x in pos for z in neg)
    return wins / (len(pos) * len(neg))


@pytest.mark.parametrize("seed", range(6))
def test_metrics_equal_independent_oracles(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 60))
    p = rng.integers(1, 100, n) / 100 if seed % 2 else rng.uniform(0.001, 0.999, n)
    p[: n // 4] = rng.choice([0.1, 0.2, 0.3, 0.6, 0.7, 0.9], n // 4)  # on the edges
    a = (rng.random(n) < p).astype(int)
    a[0], a[1] = 0, 1
    pl, al = p.tolist(), a.tolist()
    for bins in (10, 7):
        right = oracle_ece(pl, al, bins, lambda x, b=bins: pandas_cut_bin(x, b))
        left = oracle_ece(pl, al, bins, lambda x, b=bins: min(int(np.floor(x * b)), b - 1))
        assert metrics.ece(p, a, bins, "right") == pytest.approx(right, abs=1e-12)
        assert metrics.ece(p, a, bins, "left") == pytest.approx(left, abs=1e-12)
    assert metrics.auroc(p, a) == pytest.approx(oracle_auroc(pl, al), abs=1e-12)
    assert metrics.brier(p, a) == pytest.approx(
        sum((x - y) ** 2 for x, y in zip(pl, al, strict=False)) / n
    )
    logs = [np.log(x) if y else np.log(1 - x) for x, y in zip(pl, al, strict=False)]
    assert metrics.log_loss(p, a) == pytest.approx(-sum(logs) / n, rel=1e-12)


def test_the_conventions_differ_on_the_edges():
    p, a = np.array([0.1, 0.15, 0.3, 0.35]), np.array([1, 0, 0, 1])
    assert metrics.bin_index(p, 10, "right").tolist() == [0, 1, 2, 3]
    assert metrics.bin_index(p, 10, "left").tolist() == [1, 1, 3, 3]
    assert metrics.ece(p, a, 10, "right") != metrics.ece(p, a, 10, "left")


def test_weights_equal_concatenated_rows():
    rng = np.random.default_rng(3)
    p = rng.integers(1, 100, 40) / 100
    a = (rng.random(40) < 0.5).astype(int)
    w = rng.integers(0, 4, 40)
    rp, ra = np.repeat(p, w), np.repeat(a, w)
    for f in (metrics.auroc, metrics.accuracy, metrics.brier, metrics.log_loss):
        assert f(p, a, weights=w.astype(float)) == pytest.approx(f(rp, ra), abs=1e-12)
    assert metrics.ece(p, a, 10, "right", w.astype(float)) == pytest.approx(
        metrics.ece(rp, ra, 10, "right"), abs=1e-12
    )


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_their_notebook_numbers_on_their_runs(name, capsys):
    assert main(["predictions", str(REAL / name), "--json", "-", "--bootstrap", "50"]) == 0
    report = json.loads(capsys.readouterr().out)
    ece, auroc = PUBLISHED[name]
    assert report["bins"] == {"count": 10, "closed": "right"}
    assert abs(report["ece"] - ece) <= 1e-4 and abs(report["auroc"] - auroc) <= 2e-3
    low, high = report["bootstrap"]["interval"]["ece"]
    assert low < report["ece"] < high


def test_left_bins_miss_their_number_on_edge_predictions(capsys):
    # zero_shot has many predictions on bin edges: left-closed bins give another ECE
    assert (
        main(
            [
                "predictions",
                str(REAL / "zero_shot.csv"),
                "--bins",
                "left",
                "--json",
                "-",
                "--bootstrap",
                "0",
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["bins"]["closed"] == "left" and abs(report["ece"] - 0.1750) > 1e-4
    assert report["ece_other_convention"]["closed"] == "right"


def test_bootstrap_is_seeded_and_resamples_groups():
    rng = np.random.default_rng(0)
    data = pr.Predictions(
        prompts=[str(k) for k in range(30)],
        group=np.repeat(np.arange(30), 4),
        prediction=rng.integers(1, 100, 120) / 100,
        outcome=rng.integers(0, 2, 120),
    )
    one = pr.bootstrap(data, 10, "right", 200, seed=5)
    assert one == pr.bootstrap(data, 10, "right", 200, seed=5)
    assert one != pr.bootstrap(data, 10, "right", 200, seed=6)
    point = pr.scores(data, 10, "right")
    for name, (low, high) in one.items():
        assert low <= point[name] <= high or name == "ece"  # the ECE is biased upward
    # constant groups: resampling groups (not rows) keeps the interval of a one-group file a point
    single = pr.Predictions(
        ["q"], np.zeros(4, np.intp), np.array([0.2, 0.4, 0.6, 0.8]), np.array([0, 1, 0, 1])
    )
    low, high = pr.bootstrap(single, 10, "right", 20, 0)["brier"]
    assert low == high == pytest.approx(pr.scores(single, 10, "right")["brier"])


def test_columns_percent_and_json_lines(tmp_path, capsys):
    csv = tmp_path / "a.csv"
    csv.write_text("id,answer,hit\nq1,150,1\nq1,0,0\nq1,55,1\nq2,n/a,1\nq2,30,0\nq2,nan,1\n")
    args = ["--prompt-column", "id", "--prediction-column", "answer", "--outcome-column", "hit"]
    assert (
        main(["predictions", str(csv), *args, "--percent", "--json", "-", "--bootstrap", "0"]) == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert (report["rows"], report["groups"], report["dropped"]) == (4, 2, 2)
    expected = metrics.brier(np.array([0.99, 0.01, 0.55, 0.30]), np.array([1, 0, 1, 0]))
    assert report["brier"] == pytest.approx(expected, abs=1e-15)
    jsonl = tmp_path / "a.jsonl"
    rows = [("q1", 0.99, 1), ("q1", 0.01, 0), ("q1", 0.55, 1), ("q2", 0.30, 0)]
    jsonl.write_text(
        "".join(json.dumps({"id": q, "answer": p, "hit": bool(a)}) + "\n" for q, p, a in rows)
    )
    assert main(["predictions", str(jsonl), *args, "--json", "-", "--bootstrap", "0"]) == 0
    from_jsonl = json.loads(capsys.readouterr().out)
    assert {k: v for k, v in from_jsonl.items() if k != "dropped"} == {  # same metrics
        k: v for k, v in report.items() if k != "dropped"
    }
    assert main(["predictions", str(csv), *args, "--bootstrap", "0"]) == 2  # 150 is not in (0, 1)
    assert "line 2: answer 150 is outside (0, 1)" in capsys.readouterr().err
    assert main(["predictions", str(csv), "--bootstrap", "0"]) == 2
    assert "no column prompt, prediction, outcome" in capsys.readouterr().err


@pytest.mark.parametrize(
    "extra", [["--bootstrap", "-1"], ["--bin-count", "0"], ["--seed", "-2"], ["--bins", "middle"]]
)
def test_bad_options_are_one_line(tmp_path, capsys, extra):
    path = tmp_path / "p.csv"
    path.write_text("prompt,prediction,outcome\nq,0.5,1\n")
    assert main(["predictions", str(path), *extra]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 or "usage" in err


def test_text_names_the_convention(capsys):
    assert main(["predictions", str(REAL / "grpo.csv"), "--bootstrap", "10"]) == 0
    out = capsys.readouterr().out
    assert "right-closed (a, b], as pandas.cut" in out and "ECE: 0.2922" in out
    assert "(0.00, 0.10]:    2803" in out


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("50", 0.5),
        ("0.4", 0.01),
        ("120", 0.99),
        ("inf", 0.99),
        ("-inf", 0.01),
        (" 7 ", 0.07),
        ("1e1", 0.1),
        ("nan", None),
        ("", None),
        ("fifty", None),
        (None, None),
    ],
)
def test_percent_reads_answers_as_their_get_num(raw, expected):
    got = pr._check_row("line 2", ("q", raw, "1"), pr.COLUMNS, percent=True)
    assert got == (None if expected is None else ("q", pytest.approx(expected), 1))
