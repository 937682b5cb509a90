"""The README and the docs keep their promises: CI runs the test command, the examples run,
and every sample of an output is what the command prints now (wherever the sample lives)."""

import doctest

import pytest
from doc_pages import PAGES, README, ROOT, code_blocks, page

TUTORIAL = page("tutorial/audit-a-draft.md")


def test_the_readme_is_short_and_says_the_two_commands():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 200
    bash = code_blocks("bash", [README])
    assert "pip install -e . && grpo-sigma audit\n" in bash
    assert 'pip install -e ".[test]" && python -m pytest -q\n' in bash


def test_ci_runs_exactly_the_readme_test_command():
    test_command = next(b.strip() for b in code_blocks("bash", [README]) if "pytest" in b)
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert test_command in ci_lines


def test_readme_check_identity_example_runs_as_printed():
    (example,) = code_blocks("python", [README])
    assert len(example.splitlines()) <= 10
    printed = []
    namespace = {"print": lambda *args: printed.append(args)}
    exec(compile(example, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    assert printed[0][0] == "proven" and printed[0][1]
    assert printed[1][0] == "refuted" and printed[1][1]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_python_example_of_the_docs_runs(path):
    """A ``python`` block runs as written (its asserts are its checks); a ``pycon`` block is
    a doctest whose outputs must match."""
    for block in code_blocks("python", [path]):
        exec(compile(block, str(path), "exec"), {"print": lambda *args: None})  # noqa: S102
    for number, block in enumerate(code_blocks("pycon", [path])):
        test = doctest.DocTestParser().get_doctest(block, {}, f"{path.name}[{number}]", None, 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test)
        assert runner.failures == 0 and runner.tries > 0, f"{path.name}: a doctest failed"


def _audit_output(capsys) -> list[str]:
    from symbolic.cli import main

    assert main(["audit", "--no-timings"]) == 0
    # the cache's line names this run's cache folder and how much it held: not a sample
    return [
        line
        for line in capsys.readouterr().out.splitlines()
        if "verdicts came from the cache" not in line
    ]


def test_audit_samples_are_the_audit_output_now(capsys):
    """The tutorial's table is what ``grpo-sigma audit --no-timings`` prints today, and the
    README's excerpt is rows of it, in order."""
    output = _audit_output(capsys)
    table = output[: output.index("")]
    sample = next(b for b in code_blocks("", [TUTORIAL]) if b.startswith("claim "))
    assert sample.splitlines() == table, (
        "the tutorial's audit sample drifted: paste the whole table of grpo-sigma audit "
        "--no-timings into docs/tutorial/audit-a-draft.md"
    )
    excerpt = next(b for b in code_blocks("", [README]) if b.startswith("claim ")).splitlines()
    rows = [table.index(line) for line in excerpt]  # ValueError: a row that is not printed
    assert rows == sorted(rows), "README audit excerpt: rows out of order"
    block = next(b for b in code_blocks("", [TUTORIAL]) if b.startswith("finite_group_prop"))
    assert all(line in output for line in block.splitlines())
    findings = next(
        b for b in code_blocks("", [TUTORIAL]) if b.startswith("Findings for the author")
    )
    shown = output[output.index("Findings for the author") :]
    assert findings.splitlines() == shown, (
        "the tutorial's findings drifted: paste the findings of grpo-sigma audit --no-timings"
    )


def test_the_review_of_the_note_is_shown_as_a_checked_sample():
    """The review shown in the docs is a ``$ grpo-sigma review`` sample, so that
    ``test_readme_samples`` checks it is what the command prints today."""
    samples = [b for b in code_blocks("") if b.startswith("$ grpo-sigma review\n")]
    assert len(samples) == 1 and samples[0].count("\n") > 10


def test_every_schema_is_rendered_in_the_json_reference():
    from symbolic.schemas import names

    text = page("reference/json.md").read_text(encoding="utf-8")
    for name in names():
        assert f"symbolic/schemas/{name}.schema.json" in text, name
