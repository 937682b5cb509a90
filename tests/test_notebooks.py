"""``grpo-sigma notebooks``: one notebook per derivation, valid, deterministic, and it runs."""

import functools
import json
from pathlib import Path

import nbformat
import pytest
from generated import generated_by

from symbolic.ledger.derivations import DERIVATIONS
from symbolic.outputs.figures import plots_for
from symbolic.outputs.notebooks import KERNELSPEC, execute, notebook, render_notebooks

pytestmark = pytest.mark.xdist_group("notebooks")  # its generated files stay on one worker

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "notebooks"
IDS = [d.id for d in DERIVATIONS]


@pytest.fixture(scope="module")
def generated():
    """What ``grpo-sigma notebooks --out DIR`` writes now (run once for the module)."""
    return generated_by("notebooks")


def _masked(text: bytes) -> dict:
    """A notebook with its PNG bytes masked: they depend on the machine's font renderer, so
    the committed ones are compared for presence, everything else byte for byte."""
    nb = json.loads(text)
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                output["data"]["image/png"] = "<png>"
    return nb


@pytest.mark.slow
def test_committed_notebooks_have_not_drifted(generated):
    committed = {p.name: p.read_bytes() for p in COMMITTED.glob("*.ipynb")}
    assert sorted(committed) == sorted(generated), "regenerate with: grpo-sigma notebooks"
    for name, text in generated.items():
        drifted = f"notebooks/{name} drifted: run grpo-sigma notebooks"
        assert _masked(committed[name]) == _masked(text), drifted


@pytest.mark.slow
def test_a_second_run_writes_the_same_bytes(generated):
    """Executed again, every notebook is byte for byte the same (outputs and figures too)."""
    again = {name: text.encode() for name, text in render_notebooks().items()}
    assert again == generated


@pytest.fixture(scope="module")
def notebook_text(request):
    """``notebook_text(derivation)``: the notebook ``grpo-sigma notebooks`` writes for one
    derivation now; under ``--claim``, that one executed alone."""
    if not request.config.getoption("claim"):
        files = generated_by("notebooks")
        return lambda derivation: files[f"{derivation.id}.ipynb"].decode()

    @functools.cache
    def executed(derivation_id: str) -> str:
        derivation = next(x for x in DERIVATIONS if x.id == derivation_id)
        return nbformat.writes(execute(notebook(derivation))) + "\n"

    return lambda derivation: executed(derivation.id)


@pytest.mark.slow
@pytest.mark.parametrize("derivation", DERIVATIONS, ids=IDS)
def test_the_notebook_has_not_drifted(derivation, notebook_text):
    committed = (COMMITTED / f"{derivation.id}.ipynb").read_bytes()
    drifted = f"notebooks/{derivation.id}.ipynb drifted: run grpo-sigma notebooks"
    assert _masked(committed) == _masked(notebook_text(derivation).encode()), drifted


@pytest.mark.slow
@pytest.mark.parametrize("derivation", DERIVATIONS, ids=IDS)
def test_notebook_is_valid_executed_and_deterministic(derivation, notebook_text):
    nb = nbformat.reads(notebook_text(derivation), as_version=4)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) >= (4, 5)
    assert nb.metadata == {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    assert [c.id for c in nb.cells] == [f"{derivation.id}-{k}" for k in range(len(nb.cells))]
    code = [c for c in nb.cells if c.cell_type == "code"]
    parameters = code[0]
    assert parameters.metadata == {"tags": ["parameters"]} and nb.cells[1] is parameters
    for name in ("target", "policy", "reward"):
        assert f"{name} = " in parameters.source
    assert "check_derivation" in code[1].source and "assert" in code[1].source
    assert any("audit_claim" in c.source and "assert" in c.source for c in code)
    assert sum("render(" in c.source for c in code) == len(plots_for(derivation.id))
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert all("execution" not in c.metadata for c in nb.cells)
    outputs = [o for c in code for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == len(plots_for(derivation.id))
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "step 1: proven" in printed or "step 1: definition" in printed
    assert "peaks at" in printed


def test_every_step_is_shown_in_the_notebook():
    from symbolic.outputs.printer import note_latex

    for derivation in DERIVATIONS:
        markdown = "\n".join(
            c.source for c in notebook(derivation).cells if c.cell_type == "markdown"
        )
        for step in derivation.steps:
            assert note_latex(step.expr) in markdown


@pytest.mark.slow
def test_a_changed_parameter_changes_the_numbers():
    """The parameter cell is read: a policy below 1/2 puts the biased optimum below p."""
    from symbolic.outputs.notebooks import execute

    nb = notebook(DERIVATIONS[-1])
    nb.cells[1].source = nb.cells[1].source.replace('("5.7", "3")', '("3", "5.7")')
    printed = "".join(
        o.get("text", "") for c in execute(nb).cells if c.cell_type == "code" for o in c.outputs
    )
    peak = float(printed.split("peaks at ")[1].split()[0])
    assert peak < 0.7


@pytest.mark.slow
def test_executing_a_notebook_writes_nothing_to_stderr(capfd):
    """The kernel runs over IPC: no warning about TCP (or anything else) on the run's stderr,
    the kernel's own included (it inherits the file descriptor)."""
    capfd.readouterr()
    executed = execute(notebook(DERIVATIONS[0]))
    assert capfd.readouterr().err == ""
    streams = [o for c in executed.cells for o in c.get("outputs", []) if o.get("name") == "stderr"]
    assert not streams  # nor in the notebook's outputs


@pytest.mark.slow
def test_executing_a_notebook_prints_nothing_on_stderr():
    """The kernel's own log (its notice on leaving) stays out of the caller's stderr."""
    import subprocess
    import sys

    code = (
        "from symbolic.outputs.notebooks import execute, notebook, DERIVATIONS\n"
        "nb = execute(notebook(DERIVATIONS[0]))\n"
        "print(sum(c.cell_type == 'code' for c in nb.cells))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=600, check=True
    )
    assert int(done.stdout) > 0 and done.stderr == ""
