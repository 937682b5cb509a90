"""``grpo-sigma audit --html DIR``: a self-contained web report, checked in headless Chromium."""

import io
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
import sympy as sp
from tools import need_tool

from symbolic.cli import main
from symbolic.ledger import LEDGER
from symbolic.ledger.audit import run_audit
from symbolic.note import model as m
from symbolic.note import notation as n
from symbolic.note.symbols import Written
from symbolic.outputs.html import note_html, render_html, write_html
from symbolic.outputs.meaning import MEANING_MARKS, MEANINGS
from symbolic.outputs.printer import mathml_body

pytestmark = pytest.mark.xdist_group("html")  # its generated files stay on one worker

MINUS_REF = "&#8722;"  # U+2212, as the printer writes it (ASCII output)

BROWSER_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1200,1600",
)


@pytest.fixture(scope="module")
def report(tmp_path_factory, audit_results) -> Path:
    need_tool("dot")  # the report embeds the claims' graph, laid out by Graphviz
    out = tmp_path_factory.mktemp("html") / "report"
    write_html(out, audit_results)
    return out


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("href", "xlink:href", "src") and value:
                self.links.append(value)


def _parse(path: Path) -> _References:
    parser = _References()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.slow  # renders the whole output
def test_a_page_per_claim_and_every_link_resolves(report):
    pages = sorted(report.rglob("*.html"))
    assert {p.stem for p in (report / "claims").glob("*.html")} == {c.id for c in LEDGER}
    for page in pages:
        refs = _parse(page)
        assert refs.links, page
        for link in refs.links:
            target = urlparse(link)
            assert not target.scheme and not target.netloc, (page, link)  # offline
            assert (page.parent / target.path).resolve().is_file(), (page, link)
        assert not refs.tags & {"script", "link", "img", "iframe"}  # self-contained


@pytest.mark.slow  # renders the whole output
def test_claim_pages_carry_mathml_and_counterexamples(report):
    for c in LEDGER:
        text = (report / "claims" / f"{c.id}.html").read_text(encoding="utf-8")
        assert c.statement.split(" ")[0] in text
        if c.expected == "refuted":
            assert "<h2>Counterexample</h2>" in text
    text = (report / "claims" / "single_sigma.html").read_text(encoding="utf-8")
    assert text.count('<math xmlns="http://www.w3.org/1998/Math/MathML"') > 5
    assert "<msubsup>" in text  # a rollout entry p̂^(g)_i


@pytest.mark.slow  # renders the whole output
def test_the_index_has_the_graph_the_table_and_the_findings(report):
    text = (report / "index.html").read_text(encoding="utf-8")
    assert "<svg" in text and "Findings for the author" in text
    for c in LEDGER:
        assert f'href="claims/{c.id}.html"' in text


@pytest.mark.slow  # renders the whole output
def test_the_report_is_deterministic(report, session_cache):
    again = render_html(run_audit(jobs=2, cache=session_cache))
    for name, content in again.items():
        assert (report / name).read_text(encoding="utf-8") == content, name


def test_a_bad_output_path_is_refused_before_any_work(tmp_path, capsys):
    missing = tmp_path / "no" / "such" / "dir"
    assert main(["audit", "--html", str(missing)]) == 2
    assert "is not a directory" in capsys.readouterr().err
    assert not (tmp_path / "no").exists()
    a_file = tmp_path / "file"
    a_file.write_text("x")
    assert main(["audit", "--html", str(a_file)]) == 2
    assert "not a directory" in capsys.readouterr().err


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium, chromedriver = need_tool("chromium"), need_tool("chromedriver")
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in BROWSER_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path=chromedriver)
    driver = webdriver.Chrome(options=options, service=service)
    yield driver
    driver.quit()


def _screenshot_is_not_blank(png: bytes) -> None:
    import matplotlib.image

    pixels = matplotlib.image.imread(io.BytesIO(png), format="png")
    assert pixels.shape[0] > 500 and pixels.shape[1] > 500
    assert pixels.std() > 0.05  # text and colours, not a blank page


def _severe(browser) -> list:
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


@pytest.mark.slow
@pytest.mark.parametrize("page", ["index.html", "claims/single_sigma.html"])
def test_pages_render_in_headless_chromium(browser, report, page):
    browser.get((report / page).as_uri())
    assert browser.title
    assert not _severe(browser)
    _screenshot_is_not_blank(browser.get_screenshot_as_png())
    heights = browser.execute_script(
        "return Array.from(document.querySelectorAll('math, svg'))"
        ".map(e => e.getBoundingClientRect().height)"
    )
    assert heights and min(heights) > 0  # MathML and the graph are laid out natively


RAW_LATEX = ("$", "\\frac", "\\hat", "\\mathrm", "\\sigma", "\\sum", "\\log", "\\mathbb")


@pytest.mark.slow
def test_no_page_shows_raw_latex_and_every_page_has_mathml(browser, report):
    for page in sorted(report.rglob("*.html")):
        browser.get(page.as_uri())
        text = browser.execute_script("return document.body.innerText")
        assert not [t for t in RAW_LATEX if t in text], (page.name, text[:300])
        written = page.read_text(encoding="utf-8").count("<math ")
        assert browser.execute_script("return document.querySelectorAll('math').length") == written
        assert written or page.parent.name == "claims", page


@pytest.mark.slow
def test_every_claim_has_an_anchor_and_every_graph_node_link_resolves(browser, report):
    browser.get((report / "index.html").as_uri())
    anchors = browser.execute_script(
        "return Array.from(document.querySelectorAll('tr[id]')).map(e => e.id)"
    )
    assert sorted(anchors) == sorted(c.id for c in LEDGER)
    targets = browser.execute_script(
        "return Array.from(document.querySelectorAll('svg a'))"
        ".map(a => a.href.baseVal || a.getAttribute('xlink:href'))"
    )
    assert sorted(Path(t).stem for t in targets) == sorted(c.id for c in LEDGER)
    for target in targets:
        browser.get((report / target).as_uri())
        assert browser.title.split(":")[0] == Path(target).stem
        assert not _severe(browser)


@pytest.mark.slow
def test_the_filter_shows_the_claims_of_one_meaning(browser, report):
    source = (report / "index.html").read_text(encoding="utf-8")
    expected = {m: source.count(f'data-meaning="{m.replace(" ", "-")}"') for m in MEANINGS}
    assert sum(expected.values()) == len(LEDGER)
    browser.get((report / "index.html").as_uri())
    visible = (
        "return Array.from(document.querySelectorAll('tr[data-meaning]'))"
        ".filter(e => e.offsetParent !== null).map(e => e.dataset.meaning)"
    )
    assert len(browser.execute_script(visible)) == len(LEDGER)
    for meaning in MEANINGS:
        slug = meaning.replace(" ", "-")
        browser.find_element("css selector", f'label[for="show-{slug}"]').click()
        shown = browser.execute_script(visible)
        assert shown == [slug] * expected[meaning], meaning
    browser.find_element("css selector", 'label[for="show-all"]').click()
    assert len(browser.execute_script(visible)) == len(LEDGER)


@pytest.mark.slow  # renders the whole output
def test_the_legend_names_every_meaning_in_words(report):
    text = (report / "index.html").read_text(encoding="utf-8")
    for meaning in MEANINGS:
        assert f"{MEANING_MARKS[meaning]} {meaning}</span>: " in text


def test_note_passages_become_mathml():
    inline = note_html(r"As the policy concentrates above $0.5$, $\sigma_0 > \sigma_1$ (Fig. 5)")
    assert inline.count("<math") == 2 and "$" not in inline and "As the policy" in inline
    display = note_html(r"\hat A_{\mathrm{STD}} = \frac{R^{(1)} - \bar R}{\hat\sigma + \epsilon}")
    assert display.startswith("<math") and "<mfrac>" in display
    assert note_html("Overconfident <predictions>") == "Overconfident &lt;predictions&gt;"
    assert note_html("costs $5 only") == "costs $5 only"  # an unmatched $ is text


# --------------------------------------------------------------- MathML as a reader sees it
def test_mathml_minus_is_the_minus_sign_and_a_negated_sum_keeps_its_brackets():
    x, y = sp.symbols("x y")
    assert mathml_body(x - 1) == f"<mrow><mi>x</mi><mo>{MINUS_REF}</mo><mn>1</mn></mrow>"
    assert mathml_body(sp.Integer(-1)) == f"<mrow><mo>{MINUS_REF}</mo><mn>1</mn></mrow>"
    negated = mathml_body(sp.Add(x, sp.Mul(-1, x + y, evaluate=False), evaluate=False))
    assert negated.startswith(f"<mrow><mi>x</mi><mo>{MINUS_REF}</mo><mrow><mo>(</mo>")
    nested = mathml_body(sp.Add(sp.Add(-x, -y, evaluate=False), -1, evaluate=False))
    assert nested.startswith(f"<mrow><mrow><mo>(</mo><mrow><mo>{MINUS_REF}</mo><mi>x</mi>")
    alone = mathml_body(sp.Mul(-1, x + y, evaluate=False))
    assert alone.startswith(f"<mrow><mo>{MINUS_REF}</mo><mrow><mo>(</mo>")


def test_mathml_summand_is_bracketed_only_when_it_is_a_sum():
    product = mathml_body(m.soft_target_reward(m.p, m.phat))
    assert "</munderover><mrow><mrow><mi>log</mi>" in product  # Σ log p̂_i p_i, no brackets
    total = mathml_body(sp.Sum(m.p[m.i] + 1, (m.i, 1, m.K)))
    assert "</munderover><mrow><mo>(</mo>" in total


def test_mathml_power_of_a_scripted_name_is_bracketed():
    squared = mathml_body(n.reward[1] ** 2)
    assert squared.startswith("<msup><mrow><mo>(</mo><msup>")  # (R^(1))², as in LaTeX
    assert mathml_body(m.phat[m.g, m.i] ** 2).startswith("<msup><mrow><mo>(</mo><msubsup>")
    assert mathml_body(m.phat[m.i] ** 2).startswith("<msubsup>")  # p̂_i², one script


@pytest.mark.slow  # renders the whole output
def test_claim_pages_show_notation_not_symbol_names(report):
    """Every written symbol of the obligations prints its notation, not its SymPy name."""
    for c in LEDGER:
        text = (report / "claims" / f"{c.id}.html").read_text(encoding="utf-8")
        assert "<mo>-</mo>" not in text and "<mn>-" not in text, c.id
        written = {
            a
            for ob in c.obligations()
            if hasattr(ob, "expressions")
            for e in ob.expressions()
            for a in e.atoms(Written)
        }
        shown = [w.name for w in written if len(w.name) > 1 and f"<mi>{w.name}</mi>" in text]
        assert not shown, (c.id, shown)


@pytest.mark.slow  # renders the whole output
def test_definitions_are_shown_as_definitions(report):
    text = (report / "claims" / "soft_target_identity.html").read_text(encoding="utf-8")
    assert '<span class="assumption">By definition.</span>' in text
    assert "<mover><mo>=</mo>" in text and "by definition, not proven" in text
    text = (report / "claims" / "generalized_soft_target_identity.html").read_text(encoding="utf-8")
    assert "✓ definition</span> log: H_S(p) = −E_p[S(p, a)]" in text
