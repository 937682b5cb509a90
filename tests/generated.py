"""Shared helpers of the drift tests: regenerate into a temporary folder, compare bytes."""

import tempfile
from functools import cache
from pathlib import Path

from symbolic.cli import main

ROOT = Path(__file__).resolve().parent.parent


def generate(command: str, out: Path) -> dict[str, bytes]:
    """What ``grpo-sigma COMMAND --out OUT`` writes now, by file name."""
    assert main([command, "--out", str(out)]) == 0
    return {path.name: path.read_bytes() for path in out.iterdir()}


@cache
def generated_by(command: str) -> dict[str, bytes]:
    """What ``grpo-sigma COMMAND`` writes now, generated once per test process."""
    return generate(command, Path(tempfile.mkdtemp(prefix=f"grpo-sigma-{command}-")))


def assert_not_drifted(
    generated: dict[str, bytes], folder: str, pattern: str | tuple[str, ...], command: str
) -> None:
    """The committed ``folder/pattern`` files (one pattern or several) are exactly what
    ``command`` writes now."""
    patterns = (pattern,) if isinstance(pattern, str) else pattern
    paths = [path for glob in patterns for path in (ROOT / folder).glob(glob)]
    committed = {path.name: path.read_bytes() for path in paths}
    assert sorted(committed) == sorted(generated), f"regenerate with: grpo-sigma {command}"
    for name, text in generated.items():
        assert committed[name] == text, f"{folder}/{name} drifted: run grpo-sigma {command}"
