"""``grpo-sigma review``'s reading: bad drafts in one line, spans with line and column, the
grammar's limits named, the draft's symbol table, the output's shape and its schema."""

import json
from pathlib import Path

import jsonschema
import pytest

from symbolic.cli import main
from symbolic.errors import GrpoSigmaError
from symbolic.outputs.review import format_line, review_text
from symbolic.outputs.review.grammar import Grammar, Unreadable
from symbolic.outputs.review.relations import links
from symbolic.outputs.review.spans import MAX_DEPTH, MAX_FORMULA, DraftError, markdown_spans

SCHEMA = json.loads(
    (Path(__file__).parents[1] / "symbolic" / "schemas" / "review.schema.json").read_text()
)

BAD = {
    "empty": ("", "empty"),
    "blank": ("  \n\n\t\n", "blank"),
    "unbalanced $": ("Text $x = 1 and more.\n", "line 1: unbalanced $"),
    "unbalanced $ later": ("# T\n\nOne $a = a$.\n\nTwo $b = 2\n", "line 5: unbalanced $"),
    "unbalanced $$": ("Text\n\n$$x = 1\n", "unbalanced"),
    "unclosed environment": ("$$\\begin{aligned} a &= b\n$$\n", "unclosed environment aligned"),
    "stray end": ("$$ a = b \\end{align} $$\n", "closes no environment"),
    "deep": ("$" + "{" * 20000 + "x" + "}" * 20000 + "$\n", f"at most {MAX_DEPTH}"),
    "long": ("$" + "x + " * 2000 + "x = 1$\n", f"at most {MAX_FORMULA}"),
    "unbalanced braces": ("$\\frac{a}{b = 1$\n", "unbalanced braces"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_a_bad_draft_is_one_line_and_a_nonzero_exit(name, tmp_path, capsys):
    source, message = BAD[name]
    with pytest.raises(DraftError, match=message.replace("$", r"\$")):
        review_text(source)
    draft = tmp_path / "draft.md"
    draft.write_text(source, encoding="utf-8")
    assert main(["review", str(draft)]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and f"{draft}:" in captured.err
    assert captured.out == ""


def test_a_latex_draft_with_an_unclosed_environment_is_refused(tmp_path, capsys):
    draft = tmp_path / "draft.tex"
    draft.write_text("Text\n\\begin{equation}\nx = 1\n", encoding="utf-8")
    assert main(["review", str(draft)]) == 2
    assert "line 2: unclosed equation" in capsys.readouterr().err


@pytest.mark.parametrize("source", ["Only prose here.\n", "Prose with $x$ and $$y$$.\n"])
def test_a_draft_without_relations_warns_and_exits_0(source, tmp_path, capsys):
    draft = tmp_path / "draft.md"
    draft.write_text(source, encoding="utf-8")
    assert main(["review", str(draft)]) == 0
    assert "warning: no relations found" in capsys.readouterr().out


def test_spans_have_lines_and_columns_and_skip_code():
    source = "# T\n\nA $x = 1$ and \\$5 and $y = 2$.\n\n```\n$z = 3$\n```\n\n$$\na = b\n$$\n"
    spans = markdown_spans(source)
    assert [(s.tex.strip(), s.line, s.column, s.display) for s in spans] == [
        ("x = 1", 3, 4, False),
        ("y = 2", 3, 24, False),
        ("a = b", 9, 3, True),
    ]


def test_many_formulas_are_indexed_to_their_lines():
    source = "".join(f"Line $x_{{{k}}} = {k}$ here.\n\n" for k in range(1, 20001))
    spans = markdown_spans(source)
    assert len(spans) == 20000
    assert (spans[-1].line, spans[-1].column) == (39999, 7)


def test_aligned_continuation_lines_carry_the_side_above():
    tex = "\\begin{aligned}\na &= b + 0 \\\\\n  &= c \\\\\n  &\\le d\n\\end{aligned}"
    found, _ = links(tex, 0)
    assert [(k.lhs, k.relation, k.rhs) for k in found] == [
        ("a", "=", "b + 0"),
        ("b + 0", "=", "c"),
        ("c", "≤", "d"),
    ]
    draft = "\\begin{aligned}\na &= a + 0 \\\\\n  &= 2a - a \\\\\n  &\\le 2a\n\\end{aligned}"
    rows = review_text("Let $a > 0$.\n\n$$\n" + draft + "\n$$\n")
    assert [(r.line, r.kind) for r in rows[1:]] == [
        (5, "verified"),
        (6, "verified"),
        (7, "verified"),
    ]


@pytest.mark.parametrize(
    "tex,construct",
    [
        (r"\foo(x) + 1", r"`\foo`"),
        (r"x_1 + \dots + x_n", r"`\dots`"),
        (r"\mathbb{E}_{y \sim \pi}[r(y)]", r"`\mathbb{E}`"),
        (r"\min_{x} f(x)", r"`\min_{…}`"),
        (r"a ? b", "`?`"),
    ],
)
def test_the_grammar_names_what_it_cannot_read(tex, construct):
    with pytest.raises(
        Unreadable,
        match=construct.replace("\\", "\\\\")
        .replace("{", r"\{")
        .replace("}", r"\}")
        .replace("[", r"\[")
        .replace("?", r"\?"),
    ):
        Grammar().read(tex)


def test_an_unreadable_construct_is_not_checked_at_its_span():
    rows = review_text("Intro.\n\nWe have $\\foo(x) = 1$.\n")
    assert [(r.line, r.column, r.kind) for r in rows] == [(3, 10, "not checked")]
    assert "cannot read `\\foo`" in rows[0].reason


@pytest.mark.parametrize(
    "tex,value",
    [
        (r"\dfrac{1}{2} \cdot \left( x \right)", "x/2"),
        (r"\tfrac{a}{b}\,\big(c\big)", "a*c/b"),
        (r"\sqrt{x}\, e^{-x}", "sqrt(x)*exp(-x)"),
        (r"\log \hat p_i", r"log(\hat{p}[i])"),
        (r"R^{(1)} - \bar R", r"-\bar{R} + R[1]"),
        (r"\min(3, 2.4)", "12/5"),
        (r"\operatorname{clip}(x, 0, 1)", "Min(1, Max(0, x))"),
        (r"x \quad", "x"),
        (r"\text{}x", None),
    ],
)
def test_the_grammar_reads_the_common_spellings(tex, value):
    if value is None:
        with pytest.raises(Unreadable):
            Grammar().read(tex)
        return
    assert str(Grammar().read(tex)) == value


CASES = [
    # a draft's own ε is its clip parameter, never the note's normalization ε
    (
        "Let $\\epsilon \\in (0, 1)$.\n\n$$1 - \\epsilon < 1 + \\epsilon$$\n",
        ["assumption", "verified"],
    ),
    # ≥ is non-strict, > is strict
    (
        "Let $x > 0$.\n\n$x^2 \\ge 0$ and $x^2 > 0$ and $(x - 1)^2 > 0$.\n",
        ["assumption", "verified", "verified", "false as stated"],
    ),
    # an assumption is the domain, not a claim; a definition binds
    (
        "Assume $G \\ge 2$. Define $s = \\frac{G - 1}{G}$. "
        "Then $s \\ge \\frac{1}{2}$ and $s > \\frac{1}{2}$.\n",
        ["assumption", "definition", "verified", "false as stated"],
    ),
    # a stipulated example value binds within its example only
    (
        "## Example\n\nTake $G = 4$. Then $\\frac{G}{G - 1} = \\frac{4}{3}$.\n\n"
        "## Next\n\n$\\frac{G}{G-1} = \\frac{4}{3}$.\n",
        ["definition", "verified", "refuted"],
    ),
    # sampling statements are not claims; the draft's own function is substituted
    (
        "Let $y \\sim \\pi$. Let $f(x) = x^2 + 1$. "
        "Then $f(2) = 5$ and $f(x) \\ge 1$ and $f(x) > 1$.\n",
        ["non-claim", "definition", "verified", "verified", "false as stated"],
    ),
    # numbers at the digits stated
    (
        "$\\log 2 \\approx 0.693$ and $\\log 2 \\approx 0.69$ and "
        "$\\log 2 \\approx 0.694$ and $e \\approx 2.718$.\n",
        ["verified", "verified", "refuted", "verified"],
    ),
    # a wrong factor is refuted and the right one named
    (
        "Let $n \\ge 2$ and $x \\in (0, 1)$.\n\n$$\\frac{n - 1}{n} x = x$$\n",
        ["assumption", "assumption", "false as stated"],
    ),
    # ∝ names the positive factor
    (
        "Let $c > 0$ and $t \\in (0, 1)$.\n\n$$\\frac{t}{c} \\propto t$$ and $$-c t \\propto t$$\n",
        ["assumption", "assumption", "verified", "refuted"],
    ),
]


CASES += [
    # a constraint on free entries is a simplex, a list of names shares one assumption
    (
        "Let $q_1, q_2 > 0$ with $q_1 + q_2 = 1$. Then $2 q_1 + 2 q_2 = 2$ and $q_1 q_2 > 0$"
        " and $q_1 + q_2 = 2$.\n",
        ["assumption", "assumption", "verified", "verified", "refuted"],
    ),
    # a square defines its non-negative root; mean and std of a family over the draft's size
    (
        "Let $G \\ge 2$ and $\\hat\\sigma^2 = \\frac{1}{G}\\sum_{i=1}^{G} (r_i - 1)^2$. "
        "Then $\\hat\\sigma \\ge 0$. With $A_i = r_i - \\mathrm{mean}(r)$ we have "
        "$\\sum_{i=1}^{G} A_i = 0$ and $\\sum_{i=1}^{G} A_i = 1$.\n",
        ["assumption", "definition", "verified", "definition", "verified", "refuted"],
    ),
]


@pytest.mark.parametrize("source,kinds", CASES)
def test_the_drafts_own_notation(source, kinds):
    rows = review_text(source)
    assert [r.kind for r in rows] == kinds, [(r.relation, r.kind, r.reason) for r in rows]


def test_a_wrong_factor_shows_the_right_one():
    rows = review_text("Let $n \\ge 2$ and $x \\in (0, 1)$.\n\n$$\\frac{n - 1}{n} x = x$$\n")
    assert "true as left = ((n - 1)/n) · right" in rows[-1].reason


def test_the_budget_for_a_whole_review_is_honoured():
    source = "".join(f"Then $x^{{{k}}} \\ge 0$ for $x$.\n\n" for k in range(2, 40, 2))
    rows = review_text("Let $x \\in (0, 1)$.\n\n" + source, budget=0.01)
    assert rows[-1].kind == "not checked" and "budget" in rows[-1].reason


def test_output_lines_fit_editors_and_the_json_follows_its_schema(tmp_path, capsys):
    draft = tmp_path / "draft.md"
    long_side = " + ".join(f"x_{{{k}}}" for k in range(1, 14))
    draft.write_text(f"Let $x > 0$.\n\n$$ {long_side} = {long_side} + 1 $$\n", encoding="utf-8")
    assert main(["review", str(draft), "--json", str(tmp_path / "r.json")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert all(len(line) <= 160 for line in out)
    assert out[1].startswith(f"{draft}:3:4: refuted: ")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert data["counts"]["refuted"] == 1 and data["rows"][1]["counterexample"]["x_1"]
    assert data["rows"][0]["counterexample"] is None


def test_the_json_of_every_kind_follows_the_schema(tmp_path, capsys):
    draft = tmp_path / "kinds.md"
    draft.write_text(
        "Let $n \\ge 2$ and $y \\sim \\pi$. Define $s = \\frac{n}{n - 1}$. Then $s > 1$,"
        " $s = 1$, $s < 2$, $s \\approx 1 + \\frac{1}{n}$, $\\foo(n) = 1$.\n",
        encoding="utf-8",
    )
    assert main(["review", str(draft), "--json", "-"]) == 1
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, SCHEMA)
    assert {k for k, n in data["counts"].items() if n} == {
        "assumption",
        "non-claim",
        "definition",
        "verified",
        "refuted",
        "false as stated",
        "holds only in a limit",
        "not checked",
    }


def test_a_line_is_cut_at_160_characters():
    from symbolic.outputs.review.draft import Row

    row = Row(1, 1, "x" * 300, "refuted", "y" * 300)
    assert len(format_line("d.md", row)) == 160


def test_review_errors_are_the_packages():
    assert issubclass(DraftError, GrpoSigmaError) and issubclass(Unreadable, GrpoSigmaError)
