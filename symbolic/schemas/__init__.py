"""JSON Schemas (draft 2020-12) of every ``--json`` output, shipped with the package.

``<name>.schema.json`` describes one output: ``audit``, ``review``, ``group``, ``policy``,
``predictions``, ``simulate``, ``simulate-sweep``, ``simulate-dataset`` and ``figure`` (the
data of one figure, ``figures/<name>.json``).  Each carries ``schema_version``, the
``version`` its output writes in its ``"schema"`` header.  A user's CI validates an output
with any draft 2020-12 validator, e.g. ``jsonschema``::

    import json, jsonschema
    from symbolic.schemas import load
    jsonschema.validate(json.load(open("audit.json")), load("audit"))
"""

from __future__ import annotations

import json
from importlib import resources

from ..errors import GrpoSigmaError


def names() -> list[str]:
    """The names of the shipped schemas."""
    files = resources.files(__name__).iterdir()
    return sorted(
        f.name.removesuffix(".schema.json") for f in files if f.name.endswith(".schema.json")
    )


def load(name: str) -> dict:
    """The schema ``name`` (``GrpoSigmaError`` if there is none)."""
    path = resources.files(__name__) / f"{name}.schema.json"
    if not path.is_file():
        raise GrpoSigmaError(f"no schema {name!r}; the schemas are: {', '.join(names())}")
    return json.loads(path.read_text(encoding="utf-8"))
