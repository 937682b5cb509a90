"""The README keeps its promises: CI runs its test command, and its example runs."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def code_blocks(language):
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_ci_runs_exactly_the_readme_test_command():
    bash = code_blocks("bash")
    test_command = next(b.strip() for b in bash if "pytest" in b)
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert test_command in ci_lines


def test_readme_check_identity_example_runs_as_printed():
    (example,) = code_blocks("python")
    printed = []
    namespace = {"print": lambda *args: printed.append(args)}
    exec(compile(example, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    assert printed[0] == ("proven",)
    assert printed[1][0] == "refuted" and printed[1][1]
