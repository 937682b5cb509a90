"""``grpo-sigma notebooks``: one notebook per derivation, valid, deterministic, and it runs."""

import json
from pathlib import Path

import nbformat
import pytest
from generated import assert_not_drifted, generate
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from symbolic.ledger.derivations import DERIVATIONS
from symbolic.outputs.figures import plots_for
from symbolic.outputs.notebooks import KERNELSPEC, notebook, render_notebooks

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "notebooks"
IDS = [d.id for d in DERIVATIONS]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """What ``grpo-sigma notebooks --out DIR`` writes now (run once for the module)."""
    return generate("notebooks", tmp_path_factory.mktemp("notebooks"))


def test_committed_notebooks_have_not_drifted(generated):
    assert_not_drifted(generated, "notebooks", "*.ipynb", "notebooks")


def test_a_second_run_writes_the_same_bytes(generated):
    again = {name: text.encode() for name, text in render_notebooks().items()}
    assert again == generated


@pytest.mark.parametrize("derivation", DERIVATIONS, ids=IDS)
def test_notebook_is_valid_and_deterministic(derivation, generated):
    nb = nbformat.reads(generated[f"{derivation.id}.ipynb"].decode(), as_version=4)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) >= (4, 5)
    assert nb.metadata["kernelspec"] == KERNELSPEC
    assert [c.id for c in nb.cells] == [f"{derivation.id}-{k}" for k in range(len(nb.cells))]
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert "import symbolic" in code[0].source or "from symbolic" in code[0].source
    assert "check_derivation" in code[0].source and "assert" in code[0].source
    assert any("check_claim" in c.source and "assert" in c.source for c in code)
    assert sum("render(" in c.source for c in code) == len(plots_for(derivation.id))
    text = json.loads(generated[f"{derivation.id}.ipynb"])
    assert "outputs" in text["cells"][2] and text["cells"][2]["outputs"] == []


def test_every_step_is_shown_in_the_notebook():
    from symbolic.outputs.printer import note_latex

    for derivation in DERIVATIONS:
        markdown = "\n".join(
            c.source for c in notebook(derivation).cells if c.cell_type == "markdown"
        )
        for step in derivation.steps:
            assert note_latex(step.expr) in markdown


@pytest.mark.parametrize("derivation", DERIVATIONS, ids=IDS)
def test_notebook_executes_without_error(derivation, tmp_path):
    nb = nbformat.read(COMMITTED / f"{derivation.id}.ipynb", as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    try:
        client.execute()
    except CellExecutionError as error:  # pragma: no cover - the message is the failure
        pytest.fail(f"notebooks/{derivation.id}.ipynb: {error}")
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == len(plots_for(derivation.id))
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "step 1: proven" in printed
