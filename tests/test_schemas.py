"""Every ``--json`` output is valid against its shipped JSON Schema (draft 2020-12)."""

import json
from pathlib import Path

import jsonschema
import pytest

from symbolic.cli import main
from symbolic.errors import GrpoSigmaError
from symbolic.ledger import get_claim
from symbolic.ledger.audit import check_claim
from symbolic.outputs.report import to_json
from symbolic.schemas import load, names

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def _valid(data: dict, name: str) -> None:
    schema = load(name)
    jsonschema.Draft202012Validator(schema).validate(data)
    if "schema" in data:
        assert data["schema"]["version"] == schema["schema_version"]


def test_every_schema_is_a_draft_2020_12_schema_with_a_version():
    assert len(names()) >= 8
    for name in names():
        schema = load(name)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)
        assert isinstance(schema["schema_version"], int), name


def test_an_unknown_schema_is_a_clear_error():
    with pytest.raises(GrpoSigmaError, match="no schema 'nope'; the schemas are: audit"):
        load("nope")


COMMANDS = {
    "group": ["group", "--target", "0.7,0.3", "--prediction", "0.6,0.4", "--prediction", "0.9,0.1"],
    "policy": ["policy", "--beta", "2", "3", "--target", "0.7"],
    "predictions": ["predictions", str(DATA / "predictions.csv")],
    "simulate": ["simulate", "--steps", "5"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_writes_json_valid_against_its_schema(name, tmp_path):
    out = tmp_path / "out.json"
    assert main([*COMMANDS[name], "--json", str(out)]) == 0
    _valid(json.loads(out.read_text(encoding="utf-8")), name)


def test_the_audit_json_is_valid_against_its_schema():
    results = [check_claim(get_claim(c)) for c in ("expected_log_score", "linear_score_proper")]
    _valid(to_json(results), "audit")


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("figures/reliability.json", "simulate-sweep"),
        ("figures/training.json", "simulate"),
        ("figures/bereket_leskovec.json", "simulate-dataset"),
        *(
            (str(p.relative_to(ROOT)), "figure")
            for p in sorted(ROOT.glob("figures/*.json"))
            if "schema" not in json.loads(p.read_text(encoding="utf-8"))
        ),
    ],
)
def test_committed_json_is_valid_against_its_schema(path, name):
    _valid(json.loads((ROOT / path).read_text(encoding="utf-8")), name)


def test_an_output_that_breaks_its_schema_is_refused():
    """The schemas are not vacuous: a wrong version, a missing field, a wrong type fail."""
    good = json.loads((ROOT / "figures/reliability.json").read_text(encoding="utf-8"))
    broken = [
        {**good, "schema": {"name": "grpo-sigma simulate sweep", "version": 99}},
        {k: v for k, v in good.items() if k != "targets"},
        {**good, "targets": ["0.1"]},
    ]
    for data in broken:
        with pytest.raises(jsonschema.ValidationError):
            _valid(data, "simulate-sweep")
    figure = json.loads((ROOT / "figures/biased_optimum.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        _valid({**figure, "panels": []}, "figure")
