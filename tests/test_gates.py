"""Gates on the package's shape: layering, every claim perturbed, ruff clean, modules short."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from symbolic.ledger import LEDGER

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "symbolic"
TESTS = ROOT / "tests"
MAX_LINES = 500

# layer → the layers it must not import
FORBIDDEN = {
    "engine": {"note", "ledger", "numeric", "outputs", "experiments"},
    "note": {"ledger", "outputs", "experiments"},
    "numeric": {"ledger", "outputs", "experiments"},
    "ledger": {"outputs", "experiments"},
}


def _layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "symbolic" else None


def _imported_modules(path: Path) -> set[str]:
    """Absolute names of the ``symbolic`` modules that ``path`` imports (anywhere in it)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                stem = ".".join([*base, *([node.module] if node.module else [])])
            else:
                stem = node.module or ""
            found.add(stem)
            found.update(f"{stem}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("symbolic")}


def test_layers_import_only_downwards():
    broken = []
    for path in sorted(PACKAGE.rglob("*.py")):
        layer = _layer_of(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for name in _imported_modules(path):
            if _layer_of(name) in FORBIDDEN.get(layer, set()):
                broken.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not broken, "layering broken:\n" + "\n".join(broken)


def test_the_layer_check_sees_a_forbidden_import(tmp_path):
    """The walker is not vacuous: a relative import from engine into note is seen."""
    fake = ROOT / "symbolic" / "engine" / "_gate_probe.py"
    fake.write_text("from ..note import model\n", encoding="utf-8")
    try:
        assert "symbolic.note.model" in _imported_modules(fake)
    finally:
        fake.unlink()


def _perturbed_claim_ids() -> set[str]:
    """Claim ids passed as the first argument of ``obligation(...)`` in the refutation tests."""
    ids = set()
    for path in TESTS.glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "obligation"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                ids.add(node.args[0].value)
    return ids


def test_every_claim_has_a_perturbation_that_is_refuted():
    """Each claim id appears in a refutation test (``obligation(id, ...)`` + assert_refuted)."""
    missing = sorted({c.id for c in LEDGER} - _perturbed_claim_ids())
    assert not missing, f"claims without a perturbation test: {missing}"


def test_no_module_is_longer_than_the_limit():
    long = [
        f"{p.relative_to(ROOT)}: {n} lines"
        for p in sorted(PACKAGE.rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert not long, f"modules over {MAX_LINES} lines:\n" + "\n".join(long)


def _ruff() -> list[str]:
    exe = shutil.which("ruff")
    return [exe] if exe else [sys.executable, "-m", "ruff"]


@pytest.mark.parametrize(
    "command",
    [["check"], ["format", "--check"]],
    ids=["ruff check", "ruff format --check"],
)
def test_ruff_is_clean(command):
    targets = ["symbolic", "tests", "benchmarks", *map(str, sorted(ROOT.glob("notebooks/*.ipynb")))]
    done = subprocess.run(
        [*_ruff(), *command, *targets], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
