"""``grpo-sigma predictions``: a model's predictions scored, σ0 > σ1 checked per group, bad
rows named."""

import json

import numpy as np
import pytest

from symbolic.cli import main
from symbolic.experiments import predictions as pr
from symbolic.note import compiled

GOOD = """prompt,prediction,outcome
q1,0.9,1
q1,0.8,1
q1,0.95,0
q2,0.2,0
q2,0.3,1
q3,0.5,1
q3,0.5,0
q4,0.4,1
q4,0.7,1
q5,0.6,1
"""


def write(tmp_path, text, name="p.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_report_of_a_small_file(tmp_path, capsys):
    path = write(tmp_path, GOOD)
    assert main(["predictions", str(path), "--json", "-"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["rows"], report["groups"]) == (10, 5)
    assert report["above_half"] == {
        "claim": "sigma0_exceeds_sigma1_groups",
        "holds": 1,
        "total": 1,
    }
    assert (report["below_half"]["holds"], report["below_half"]["total"]) == (1, 1)
    assert (report["ties"], report["straddling_half"], report["single_prediction_groups"]) == (
        1,
        1,
        1,
    )
    assert report["extreme_share"] == pytest.approx(0.1)
    assert sum(report["reliability"]["count"]) == 10
    assert main(["predictions", str(path)]) == 0
    assert "holds on 1 of 1" in capsys.readouterr().out


def test_pathwise_statement_holds_on_random_groups_above_half():
    rng = np.random.default_rng(0)
    size, groups = 6, 400
    p = rng.uniform(0.5001, 0.9999, size=size * groups)
    data = pr.Predictions(
        prompts=[str(k) for k in range(groups)],
        group=np.repeat(np.arange(groups), size),
        prediction=p,
        outcome=(rng.uniform(size=p.size) < p).astype(int),
    )
    report = pr.analyse(data)
    assert report["above_half"]["holds"] == report["above_half"]["total"] == groups


def test_group_stds_equal_the_compiled_model():
    rng = np.random.default_rng(1)
    values = rng.normal(size=12)
    group = np.repeat([0, 1, 2], 4)
    stds = pr.group_stds(group, values, 3)
    statistics = compiled.group_statistics(4, "bessel", "numpy")
    for k in range(3):
        assert abs(stds[k] - statistics(list(values[4 * k : 4 * k + 4]), 0.0)[1]) < 1e-12


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "prompt,prediction,outcome\nq,1.2,1\nq,,1\nq,0.3,2\n",
            "3 bad row(s), none used: line 2: "
            "prediction 1.2 is outside (0, 1); line 3: missing prediction; line 4: outcome '2'",
        ),
        ("prompt,prediction,outcome\nq,abc,1\n", "line 2: prediction 'abc' is not a number"),
        ("prompt,prediction,outcome\nq,nan,1\n", "outside (0, 1)"),
        ("prompt,score,outcome\nq,0.5,1\n", "no column prediction"),
        ("prompt,prediction,outcome\n", "no rows"),
    ],
)
def test_bad_files_name_the_row(tmp_path, capsys, text, message):
    assert main(["predictions", str(write(tmp_path, text))]) == 2
    err = capsys.readouterr().err
    assert err.startswith("grpo-sigma: error: ") and err.count("\n") == 1 and message in err


def test_unreadable_files(tmp_path, capsys):
    assert main(["predictions", str(tmp_path / "missing.csv")]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert main(["predictions", str(write(tmp_path, "x", "p.parquet"))]) == 2
    assert "as Parquet" in capsys.readouterr().err
    assert main(["predictions", str(tmp_path / "missing.parquet")]) == 2
    assert "cannot read" in capsys.readouterr().err
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"\xff\xfe\x00prompt")
    assert main(["predictions", str(binary)]) == 2
    assert "line 1 is not UTF-8" in capsys.readouterr().err


def write_parquet(tmp_path, columns, name="p.parquet"):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path / name
    pq.write_table(pa.table(columns), path)
    return path


def test_parquet_gives_the_same_report_as_csv(tmp_path, capsys):
    rows = [line.split(",") for line in GOOD.splitlines()[1:]]
    path = write_parquet(
        tmp_path,
        {
            "prompt": [r[0] for r in rows],
            "prediction": [float(r[1]) for r in rows],
            "outcome": [int(r[2]) for r in rows],
            "extra": list(range(len(rows))),
        },
    )
    assert main(["predictions", str(path), "--json", "-"]) == 0
    from_parquet = json.loads(capsys.readouterr().out)
    assert main(["predictions", str(write(tmp_path, GOOD)), "--json", "-"]) == 0
    from_csv = json.loads(capsys.readouterr().out)
    assert {k: v for k, v in from_parquet.items() if k != "file"} == {
        k: v for k, v in from_csv.items() if k != "file"
    }


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        (
            {"prompt": ["q", "q"], "prediction": [0.5, float("nan")], "outcome": [1, 0]},
            "1 bad row(s), none used: row 2: prediction nan is outside (0, 1)",
        ),
        (
            {"prompt": ["q", None], "prediction": [0.5, 0.4], "outcome": [1, 2]},
            "row 2: missing prompt",
        ),
        ({"prompt": ["q"], "prediction": [0.5], "outcome": [2]}, "row 1: outcome 2 is not 0 or 1"),
        ({"prompt": ["q"], "score": [0.5], "outcome": [1]}, "no column prediction"),
    ],
)
def test_bad_parquet_rows_are_named(tmp_path, capsys, columns, message):
    assert main(["predictions", str(write_parquet(tmp_path, columns))]) == 2
    err = capsys.readouterr().err
    assert err.startswith("grpo-sigma: error: ") and err.count("\n") == 1 and message in err
