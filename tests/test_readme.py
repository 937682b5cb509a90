"""The README keeps its promises: CI runs its test command, and its example runs."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def code_blocks(language):
    """The fenced code blocks of the README in the given language ("" for plain fences)."""
    blocks, current, lang = [], None, None
    for line in README.splitlines():
        if line.startswith("```"):
            if current is None:
                current, lang = [], line[3:].strip()
            else:
                if lang == language:
                    blocks.append("\n".join(current) + "\n")
                current = None
        elif current is not None:
            current.append(line)
    return blocks


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
    assert printed[0][0] == "proven" and printed[0][1]
    assert printed[1][0] == "refuted" and printed[1][1]


def test_readme_audit_sample_is_the_audit_output_now(capsys):
    """The table in the README is what ``grpo-sigma audit --no-timings`` prints today."""
    from symbolic.cli import main

    assert main(["audit", "--no-timings"]) == 0
    output = capsys.readouterr().out.splitlines()
    sample = next(b for b in code_blocks("") if b.startswith("claim "))
    table = output[: output.index("")]
    assert sample.splitlines() == table, (
        "README audit sample drifted: paste the whole table of grpo-sigma audit --no-timings"
    )
    block = next(b for b in code_blocks("") if b.startswith("finite_group_proportional:"))
    assert all(line in output for line in block.splitlines())
    findings = next(b for b in code_blocks("") if b.startswith("Findings for the author"))
    shown = output[output.index("Findings for the author") :]
    assert findings.splitlines() == shown, (
        "README findings drifted: paste the findings of grpo-sigma audit --no-timings"
    )


def test_readme_review_sample_is_the_review_output_now(capsys):
    """The review shown in the README is what ``grpo-sigma review`` prints today."""
    from symbolic.cli import main

    assert main(["review"]) == 0
    output = capsys.readouterr().out.splitlines()
    sample = next(b for b in code_blocks("") if b.startswith("line  relation"))
    assert sample.splitlines() == output, (
        "README review sample drifted: paste the output of grpo-sigma review"
    )
