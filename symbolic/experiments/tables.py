"""The one reader of tabular input: CSV, Parquet or JSON Lines, streamed row by row.

``rows(path, columns)`` yields ``(where, values)`` for every data row: ``where`` names the row
("line 3" of a CSV or JSON Lines file, counting physical lines from 1 with the header as
line 1; "row 2" of a Parquet file), ``values`` the raw values of the requested columns in
order (strings from a CSV, JSON values from JSON Lines, Python values from Parquet).  The
format is chosen by the suffix: ``.parquet``, ``.jsonl`` / ``.ndjson``, anything else CSV.

What the reader guarantees (``GrpoSigmaError``, one line, otherwise):

* text is UTF-8, a leading byte-order mark accepted (as Excel writes it); any other encoding
  is rejected naming the line of the first undecodable byte;
* a CSV field may hold up to ``FIELD_LIMIT`` characters (the csv module's default is 131,072);
* a CSV header names each column once and names every requested column; every row has as many
  fields as the header (a blank line is skipped); a JSON Lines row is one object whose keys
  are distinct; a Parquet file names each column once;
* memory stays flat: one row (CSV, JSON Lines) or one batch of ``PARQUET_BATCH`` rows
  (Parquet) is held at a time.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import GrpoSigmaError

FIELD_LIMIT = 1 << 30
"""Longest CSV field accepted, in characters (about 10⁹)."""
PARQUET_BATCH = 65_536
PARQUET_SUFFIXES = (".parquet", ".pq")
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")


def table_format(path: Path) -> str:
    """``parquet``, ``jsonl`` or ``csv``, from the file's suffix."""
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    return "jsonl" if suffix in JSON_LINES_SUFFIXES else "csv"


def rows(path: str | Path, columns: Sequence[str]) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Stream the requested columns of every data row of a table (see the module).  A
    directory is read as the Parquet shards in it (``.parquet``, ``.pq``), in name order,
    as one table (their released runs: ``preds-1-8.pq`` … ``preds-8-8.pq``); its rows are
    named "SHARD row n"."""
    path = Path(path)
    if path.is_dir():
        shards = sorted(p for p in path.iterdir() if p.suffix.lower() in PARQUET_SUFFIXES)
        if not shards:
            raise GrpoSigmaError(f"cannot read {path}: a directory without Parquet shards")
        for shard in shards:
            for where, values in _parquet_rows(shard, tuple(columns)):
                yield f"{shard.name} {where}", values
        return
    if not path.is_file():
        raise GrpoSigmaError(f"cannot read {path}: No such file")
    reader = {"parquet": _parquet_rows, "jsonl": _json_lines_rows, "csv": _csv_rows}
    yield from reader[table_format(path)](path, tuple(columns))


def _require(path: Path, header: Sequence[str], columns: Sequence[str], where: str) -> None:
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise GrpoSigmaError(f"{path}: {where}: column {name!r} is named twice")
        seen.add(name)
    absent = [name for name in columns if name not in seen]
    if absent:
        raise GrpoSigmaError(
            f"{path}: {where}: no column {', '.join(absent)} (the header must name "
            f"{', '.join(columns)}; found {', '.join(header) or 'nothing'})"
        )


class _Lines:
    """Decoded lines of a UTF-8 file (BOM dropped), counting them; a decoding error names
    the line it falls on."""

    def __init__(self, path: Path, handle: Any) -> None:
        self.path, self.handle, self.line = path, handle, 0
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()

    def __iter__(self) -> Iterator[str]:
        for raw in self.handle:
            self.line += 1
            try:
                text = self.decoder.decode(raw)
            except UnicodeDecodeError as error:
                byte = raw[error.start] if error.start < len(raw) else raw[-1]
                raise GrpoSigmaError(
                    f"{self.path}: line {self.line} is not UTF-8 (byte 0x{byte:02x}); "
                    "save the file as UTF-8"
                ) from None
            yield text


def _open(path: Path) -> Any:
    try:
        return path.open("rb")
    except OSError as error:
        raise GrpoSigmaError(f"cannot read {path}: {error.strerror}") from None


def _csv_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[str, tuple[Any, ...]]]:
    csv.field_size_limit(FIELD_LIMIT)
    with _open(path) as handle:
        lines = _Lines(path, handle)
        reader = csv.reader(lines, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                raise GrpoSigmaError(f"{path}: empty file (no header)")
            _require(path, header, columns, "line 1")
            wanted = [header.index(name) for name in columns]
            width, ended = len(header), reader.line_num
            for row in reader:
                where, ended = f"line {ended + 1}", reader.line_num  # a record's first line
                if not row:
                    continue
                if len(row) != width:
                    raise GrpoSigmaError(
                        f"{path}: {where}: {len(row)} fields, the header has {width}"
                    )
                yield where, tuple(row[k] for k in wanted)
        except csv.Error as error:
            raise GrpoSigmaError(f"{path}: line {lines.line}: not valid CSV ({error})") from None


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"key {key!r} appears twice")
        result[key] = value
    return result


def _json_lines_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[str, tuple[Any, ...]]]:
    with _open(path) as handle:
        lines = _Lines(path, handle)
        for text in lines:
            if not text.strip():
                continue
            where = f"line {lines.line}"
            try:
                record = json.loads(text, object_pairs_hook=_no_duplicate_keys)
            except ValueError as error:
                reason = str(error).splitlines()[0]
                raise GrpoSigmaError(f"{path}: {where}: not a JSON object ({reason})") from None
            if not isinstance(record, dict):
                raise GrpoSigmaError(f"{path}: {where}: not a JSON object")
            absent = [name for name in columns if name not in record]
            if absent:
                raise GrpoSigmaError(f"{path}: {where}: no key {', '.join(absent)}")
            yield where, tuple(record[name] for name in columns)


def _parquet_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[str, tuple[Any, ...]]]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise GrpoSigmaError(
            f"{path}: reading Parquet needs pyarrow (pip install 'grpo-sigma[parquet]'), "
            "or write the file as CSV"
        ) from None
    try:
        parquet = pq.ParquetFile(path)
        _require(path, parquet.schema_arrow.names, columns, "schema")
        number = 0
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH, columns=list(columns)):
            values = [batch.column(name).to_pylist() for name in columns]
            for row in zip(*values, strict=True):
                number += 1
                yield f"row {number}", row
    except (OSError, pa.ArrowException) as error:
        reason = getattr(error, "strerror", None) or str(error).splitlines()[0]
        raise GrpoSigmaError(f"cannot read {path} as Parquet: {reason}") from None
