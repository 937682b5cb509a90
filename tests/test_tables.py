"""The one tabular reader: BOM, long fields, bad headers and ragged rows named by line,
non-UTF-8 refused, JSON Lines and Parquet alike, memory flat."""

import json
import subprocess
import sys

import pytest

from symbolic.errors import GrpoSigmaError
from symbolic.experiments import tables

COLUMNS = ("prompt", "prediction", "outcome")


def read(path, columns=COLUMNS):
    return list(tables.rows(path, columns))


def write(tmp_path, data, name="t.csv"):
    path = tmp_path / name
    (path.write_bytes if isinstance(data, bytes) else path.write_text)(data)
    return path


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbfprompt,prediction,outcome\nq,0.5,1\n",  # a BOM, as Excel writes it
        b"prompt,prediction,outcome\r\nq,0.5,1\r\n",  # CRLF
        b"outcome,extra,prediction,prompt\n1,x,0.5,q\n",  # other order, extra column
        b"prompt,prediction,outcome\n\nq,0.5,1\n\n",  # blank lines skipped
        b"prompt,prediction,outcome\nq,0.5,1\n",
    ],
)
def test_good_csv_variants_read_the_same(tmp_path, data):
    assert read(write(tmp_path, data)) == [(read(write(tmp_path, data))[0][0], ("q", "0.5", "1"))]
    assert read(write(tmp_path, data))[0][1] == ("q", "0.5", "1")


def test_long_fields_and_quoted_newlines(tmp_path):
    long = "x" * 300_000
    path = write(tmp_path, f'prompt,prediction,outcome\n"{long}",0.5,1\n"a\nb",0.25,0\nq,0.5,1\n')
    got = read(path)
    assert got[0] == ("line 2", (long, "0.5", "1"))
    assert got[1] == ("line 3", ("a\nb", "0.25", "0"))
    assert got[2][0] == "line 5"  # the quoted newline took a physical line


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"prompt,prediction,prediction,outcome\nq,1,2,3\n",
            "line 1: column 'prediction' is named twice",
        ),
        (b"prompt,score,outcome\nq,0.5,1\n", "line 1: no column prediction"),
        (b"prompt,prediction,outcome\nq,0.5,1\nq,0.5,1,7\n", "line 3: 4 fields, the header has 3"),
        (b"prompt,prediction,outcome\nq,0.5\n", "line 2: 2 fields, the header has 3"),
        (b"prompt,prediction,outcome\nq,0.5,1\nq\xe9,0.5,1\n", "line 3 is not UTF-8 (byte 0xe9)"),
        ("prompt,prediction,outcome\nq,0.5,1\n".encode("utf-16"), "line 1 is not UTF-8"),
        (b"", "empty file"),
        (b'prompt,prediction,outcome\n"q,0.5,1\n', "not valid CSV"),
    ],
)
def test_bad_csv_is_one_line_naming_the_line(tmp_path, data, message):
    with pytest.raises(GrpoSigmaError) as error:
        read(write(tmp_path, data))
    assert message in str(error.value) and "\n" not in str(error.value)


def test_json_lines(tmp_path):
    lines = [
        {"prompt": "q", "prediction": 0.5, "outcome": 1, "x": [1]},
        {"outcome": 0, "prediction": 0.25, "prompt": "r"},
    ]
    path = write(tmp_path, "\n".join(json.dumps(x) for x in lines) + "\n\n", "t.jsonl")
    assert read(path) == [("line 1", ("q", 0.5, 1)), ("line 2", ("r", 0.25, 0))]
    bom = write(tmp_path, b"\xef\xbb\xbf" + json.dumps(lines[0]).encode(), "b.ndjson")
    assert read(bom) == [("line 1", ("q", 0.5, 1))]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"prompt": "q", "prediction": 0.5, "outcome": 1}\n[1, 2]\n', "line 2: not a JSON object"),
        (
            '{"prompt": "q", "prediction": 0.5, "outcome": 1, "outcome": 0}\n',
            "line 1: not a JSON object (key 'outcome' appears twice)",
        ),
        ('{"prompt": "q", "outcome": 1}\n', "line 1: no key prediction"),
        (
            '{"prompt": "q", "prediction": 0.5, "outcome": 1}\n{"prompt": \n',
            "line 2: not a JSON object",
        ),
    ],
)
def test_bad_json_lines(tmp_path, text, message):
    with pytest.raises(GrpoSigmaError) as error:
        read(write(tmp_path, text, "t.jsonl"))
    assert message in str(error.value) and "\n" not in str(error.value)


def test_parquet_in_batches_and_duplicate_columns(tmp_path, monkeypatch):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    monkeypatch.setattr(tables, "PARQUET_BATCH", 3)
    path = tmp_path / "t.parquet"
    n = 10
    pq.write_table(
        pa.table(
            {"prompt": [f"q{k}" for k in range(n)], "prediction": [0.5] * n, "outcome": [1] * n}
        ),
        path,
    )
    got = read(path)
    assert [w for w, _ in got] == [f"row {k}" for k in range(1, n + 1)]
    assert got[-1][1] == ("q9", 0.5, 1)
    twice = tmp_path / "d.parquet"
    pq.write_table(
        pa.Table.from_arrays(
            [pa.array([1]), pa.array([2]), pa.array([3])], names=["prompt", "prompt", "prediction"]
        ),
        twice,
    )
    with pytest.raises(GrpoSigmaError, match="column 'prompt' is named twice"):
        read(twice)


def test_missing_path_and_directory(tmp_path):
    with pytest.raises(GrpoSigmaError, match="No such file"):
        read(tmp_path / "none.csv")
    with pytest.raises(GrpoSigmaError, match="without Parquet shards"):
        read(tmp_path)


def test_a_directory_of_shards_is_one_table(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    for k, name in enumerate(["preds-2-2.pq", "preds-1-2.pq"]):
        table = pa.table({"prompt": [f"q{k}"], "prediction": [0.5], "outcome": [k]})
        pq.write_table(table, tmp_path / name)
    (tmp_path / "notes.txt").write_text("not a shard")
    got = read(tmp_path)
    assert got == [("preds-1-2.pq row 1", ("q1", 0.5, 1)), ("preds-2-2.pq row 1", ("q0", 0.5, 0))]


@pytest.mark.slow
def test_a_million_rows_stay_under_200_mb(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("w") as handle:
        handle.write("prompt,prediction,outcome\n")
        handle.writelines(f"q{k // 4},0.{k % 97 + 2:02d},{k % 2}\n" for k in range(10**6))
    code = (  # VmHWM: the peak of this process's own memory (ru_maxrss keeps the parent's)
        "from symbolic.experiments import predictions as pr; "
        f"d = pr.read({str(path)!r}); pr.analyse(d, resamples=2); "
        "print(next(x.split()[1] for x in open('/proc/self/status') if x.startswith('VmHWM')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout) < 200 * 1024  # KiB
