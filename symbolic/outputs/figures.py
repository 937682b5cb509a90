"""``grpo-sigma figures``: the pictures a reader would rather look at than read, as PDF, SVG
and PNG.

Each figure is first *data* (``figure_data``: panels of labelled series, every number
rounded to 10 significant digits) and then drawn from that data alone (``render``), so the
data file written next to each PNG describes the figure completely and a drift test can
compare it across machines whose font renderers differ.  The numbers come from
``symbolic.numeric.policy`` (grid policies, μ_a, σ_a, the biased optimum) and from the model's
compiled expressions (``symbolic.note.compiled``), e.g. the closed form
``Var[log p̂] = ψ1(α) − ψ1(α+β)``, ``Var[log(1 − p̂)] = ψ1(β) − ψ1(α+β)`` of a Beta(α, β)
policy (claim ``sigma0_exceeds_sigma1_beta``).  Figures are written as vector graphics (PDF,
SVG) and as PNGs at 300 dpi, with no dates or software metadata: two runs write the same
bytes.  matplotlib is imported
only when a figure is drawn.
"""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import mpmath

from ..console import Progress
from ..note import compiled
from ..numeric import policy
from ..registry import find
from .files import add_generator_command, write_files
from .style import FIGURE_STYLE

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

DEFAULT_OUT = "figures"
DPI = 100
PRINT_DPI = 300  # the PNGs (README) at print resolution
FORMATS: dict[str, dict[str, None]] = {
    "png": {"Software": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None},
    "svg": {"Creator": None, "Date": None},
}
"""Each figure's formats, with the metadata left out so that two runs write the same bytes."""
SIGNIFICANT = 10
TARGET = mpmath.mpf("0.7")  # the Bernoulli target p of the note's example
POLICY_MEAN = mpmath.mpf("0.7")  # mean α/(α+β) of the concentrating Beta policies
CONCENTRATIONS = tuple(2 * 100 ** (k / 48) for k in range(49))  # κ = α + β from 2 to 200
GRID_CONCENTRATIONS = (2, 5, 10, 20, 50, 100, 200)
OPTIMUM_MEANS = tuple(mpmath.mpf(k) / 10 for k in (6, 7, 8, 9))
OPTIMUM_CONCENTRATION = 20
BINS = 100  # the grid k/101, k = 1..100
CONCENTRATED_POLICY = (mpmath.mpf("5.7"), mpmath.mpf(3))  # Beta(5.7, 3) on the grid
EPS = mpmath.mpf(0)
READ = {"log": (r"\log(1-\hat p)", r"\log \hat p"), "brier": (r"-\hat p^2", r"-(1-\hat p)^2")}
"""How each reward's ``r(p̂, 0)``, ``r(p̂, 1)`` read in the legends."""


@dataclass(frozen=True)
class Series:
    """One labelled curve (``style`` is ``-``, ``--``, ``:`` or ``o`` for markers)."""

    label: str
    x: Sequence[float]
    y: Sequence[float]
    style: str = "-"


@dataclass(frozen=True)
class Panel:
    """One set of axes: its labels, its curves, and labelled vertical marks ``(x, label)``."""

    title: str
    xlabel: str
    ylabel: str
    series: tuple[Series, ...]
    xscale: str = "linear"
    marks: tuple[tuple[float, str], ...] = ()


@dataclass(frozen=True)
class Plot:
    """A figure: its file name, caption, the derivations whose notebooks show it, its panels."""

    name: str
    title: str
    caption: str
    derivations: tuple[str, ...]
    panels: Callable[[], tuple[Panel, ...]] = field(repr=False)


def _number(value: object) -> float:
    """A float rounded to ``SIGNIFICANT`` digits, so the data is the same on every machine."""
    return float(mpmath.nstr(mpmath.mpf(value), SIGNIFICANT))


def beta_log_sigmas(alpha: mpmath.mpf, beta: mpmath.mpf) -> tuple[mpmath.mpf, mpmath.mpf]:
    """``(σ_0, σ_1)`` of a Beta(α, β) policy: σ_1² = ψ1(α) − ψ1(α+β), σ_0² = ψ1(β) − ψ1(α+β)
    (``model.beta_log_variances``)."""
    variance_1, variance_0 = compiled.beta_log_variances()(alpha, beta)
    return mpmath.sqrt(variance_0), mpmath.sqrt(variance_1)


def grid_sigmas(
    alpha: mpmath.mpf, beta: mpmath.mpf, reward: str = "log"
) -> policy.PolicyStatistics:
    """μ_a and σ_a of the Beta(α, β) policy discretized on the grid k/101 (``numeric.policy``)."""
    grid = policy.prediction_grid(BINS)
    weights = policy.beta_grid_policy(alpha, beta, BINS)
    return policy.population_statistics(grid, weights, reward)


def beta_brier_sigmas(alpha: mpmath.mpf, beta: mpmath.mpf) -> tuple[mpmath.mpf, mpmath.mpf]:
    """``(σ_0, σ_1)`` of a Beta(α, β) policy under the Brier reward
    (``model.beta_brier_variances``)."""
    variance_1, variance_0 = compiled.beta_brier_variances()(alpha, beta)
    return mpmath.sqrt(variance_0), mpmath.sqrt(variance_1)


# ------------------------------------------------------------------------ the figures
def _soft_target_reward() -> tuple[Panel, ...]:
    p = TARGET
    predictions = [mpmath.mpf(k) / 200 for k in range(2, 199)]
    reward = compiled.expected_log_score("mpmath")
    soft = [reward(p, x) for x in predictions]
    entropy = -reward(p, p)
    return (
        Panel(
            title=r"$R(\hat p) = -H(p) - \mathrm{KL}(p\,\|\,\hat p)$, $p = 0.7$",
            xlabel=r"prediction $\hat p$",
            ylabel="reward",
            series=(
                Series(r"soft target: $R(\hat p)$", predictions, soft),
                Series(
                    r"$-H(p)$ (its maximum)",
                    [predictions[0], predictions[-1]],
                    [-entropy, -entropy],
                    "--",
                ),
                Series(
                    r"sampled outcome $a = 1$: $\log \hat p$",
                    predictions,
                    [compiled.log_score("mpmath")(x, 1) for x in predictions],
                    ":",
                ),
            ),
            marks=((p, r"$\hat p = p$"),),
        ),
    )


def _sigma_concentration(reward: str = "log") -> tuple[Panel, ...]:
    x = POLICY_MEAN
    sigmas = beta_log_sigmas if reward == "log" else beta_brier_sigmas
    closed = [sigmas(x * k, (1 - x) * k) for k in CONCENTRATIONS]
    on_grid = [grid_sigmas(x * k, (1 - x) * k, reward) for k in GRID_CONCENTRATIONS]
    kappa = list(CONCENTRATIONS)
    r0, r1 = READ[reward]
    return (
        Panel(
            title=r"Beta policy with mean 0.7" + ("" if reward == "log" else ", Brier reward"),
            xlabel=r"concentration $\kappa = \alpha + \beta$",
            ylabel=r"per-outcome std $\sigma_a$",
            xscale="log",
            series=(
                Series(rf"$\sigma_0$ = std of ${r0}$", kappa, [s[0] for s in closed]),
                Series(rf"$\sigma_1$ = std of ${r1}$", kappa, [s[1] for s in closed]),
                Series(
                    r"$\sigma_0$, on the grid $k/101$",
                    GRID_CONCENTRATIONS,
                    [s.sigma_0 for s in on_grid],
                    "o",
                ),
                Series(
                    r"$\sigma_1$, on the grid $k/101$",
                    GRID_CONCENTRATIONS,
                    [s.sigma_1 for s in on_grid],
                    "o",
                ),
            ),
        ),
        Panel(
            title=r"$\sigma_0 / \sigma_1 \to x/(1-x)$ as $\kappa \to \infty$",
            xlabel=r"concentration $\kappa = \alpha + \beta$",
            ylabel=r"$\sigma_0 / \sigma_1$",
            xscale="log",
            series=(
                Series(r"$\sigma_0 / \sigma_1$", kappa, [s[0] / s[1] for s in closed]),
                Series(r"limit $x/(1-x) = 7/3$", [kappa[0], kappa[-1]], [x / (1 - x)] * 2, "--"),
                Series("equal sigmas", [kappa[0], kappa[-1]], [1, 1], ":"),
            ),
        ),
    )


def _biased_optimum() -> tuple[Panel, ...]:
    targets = [mpmath.mpf(k) / 100 for k in range(1, 100)]
    series = [
        Series(
            r"one $\sigma$ (soft target), or a symmetric policy: $\hat p^* = p$",
            targets,
            targets,
            "--",
        )
    ]
    for mean in OPTIMUM_MEANS:
        sigma_0, sigma_1 = beta_log_sigmas(
            mean * OPTIMUM_CONCENTRATION, (1 - mean) * OPTIMUM_CONCENTRATION
        )
        series.append(
            Series(
                rf"Beta mean {mpmath.nstr(mean, 2)}, $\kappa = {OPTIMUM_CONCENTRATION}$: "
                rf"$\sigma_0/\sigma_1 = {mpmath.nstr(sigma_0 / sigma_1, 3)}$",
                targets,
                [policy.biased_optimum(p, sigma_0, sigma_1, EPS) for p in targets],
            )
        )
    return (
        Panel(
            title=r"$\hat p^* = p\,w_1 / (p\,w_1 + (1-p)\,w_0)$, $w_a = 1/(\sigma_a + \epsilon)$",
            xlabel=r"target $p$",
            ylabel=r"biased optimum $\hat p^*$",
            series=tuple(series),
        ),
    )


def _advantage_across_predictions(reward: str = "log") -> tuple[Panel, ...]:
    p = TARGET
    stats = grid_sigmas(*CONCENTRATED_POLICY, reward)
    predictions = [mpmath.mpf(k) / 200 for k in range(40, 199)]
    star = policy.biased_optimum(p, stats.sigma_0, stats.sigma_1, EPS)
    r0, r1 = (
        (r"\log(1-\hat p)", r"\log\hat p") if reward == "log" else (r"r(\hat p,0)", r"r(\hat p,1)")
    )
    return (
        Panel(
            title=r"$p = 0.7$, policy Beta(5.7, 3) on the grid $k/101$"
            + ("" if reward == "log" else ", Brier reward"),
            xlabel=r"prediction $\hat p$",
            ylabel="expected advantage",
            series=(
                Series(
                    r"true $A(\hat p)$",
                    predictions,
                    [policy.true_advantage(q, p, stats, reward) for q in predictions],
                ),
                Series(
                    rf"$\sigma$-normalized: $\frac{{p({r1}-\mu_1)}}{{\sigma_1+\epsilon}}"
                    rf"+\frac{{(1-p)({r0}-\mu_0)}}{{\sigma_0+\epsilon}}$",
                    predictions,
                    [
                        policy.sigma_normalized_expected_advantage(q, p, stats, EPS, reward)
                        for q in predictions
                    ],
                ),
            ),
            marks=((p, r"calibrated $\hat p = p$"), (star, r"biased $\hat p^*$")),
        ),
    )


PLOTS: tuple[Plot, ...] = (
    Plot(
        "soft_target_reward",
        "The soft-target reward peaks inside the simplex",
        r"$R(\hat p) = -H(p) - \mathrm{KL}(p\,\|\,\hat p)$ for a Bernoulli target $p = 0.7$ "
        r"is largest at $\hat p = p$, where the KL vanishes; the reward of a sampled outcome "
        r"$a = 1$, $\log \hat p$, grows toward the vertex.",
        ("soft_target_identity",),
        _soft_target_reward,
    ),
    Plot(
        "sigma_concentration",
        r"$\sigma_0$ exceeds $\sigma_1$ as a Beta policy concentrates above 1/2",
        r"Beta$(0.7\kappa, 0.3\kappa)$ policies: $\sigma_1$ = std of $\log \hat p$ and "
        r"$\sigma_0$ = std of $\log(1 - \hat p)$, from $\psi_1$ (lines) and on the grid "
        r"$k/101$ of symbolic.numeric.policy (markers); their ratio tends to $x/(1 - x) = 7/3$.",
        ("biased_optimum_odds",),
        _sigma_concentration,
    ),
    Plot(
        "biased_optimum",
        r"The biased optimum $\hat p^*$ against the target $p$",
        r"$\hat p^* = p w_1/(p w_1 + (1 - p) w_0)$, $w_a = 1/(\sigma_a + \epsilon)$, "
        r"$\epsilon = 0$, for Beta policies concentrated above 1/2: above the diagonal, the "
        r"more so the larger $\sigma_0/\sigma_1$; one $\sigma$ gives $\hat p^* = p$.",
        ("biased_optimum_odds",),
        _biased_optimum,
    ),
    Plot(
        "advantage_across_predictions",
        r"True and $\sigma$-normalized expected advantage across predictions",
        r"$p = 0.7$ and a concentrated policy Beta(5.7, 3) on the grid $k/101$ ($\mu_a$, "
        r"$\sigma_a$ its population values, $\epsilon = 0$): the true advantage peaks at the "
        r"calibrated $\hat p = p$, the $\sigma$-normalized one at the overconfident "
        r"$\hat p^*$.",
        ("per_outcome_optimum", "proportional_to_true_advantage"),
        _advantage_across_predictions,
    ),
    Plot(
        "brier_sigma_concentration",
        r"Under the Brier reward, too, $\sigma_0$ exceeds $\sigma_1$ as a policy concentrates",
        r"Beta$(0.7\kappa, 0.3\kappa)$ policies under the Brier reward $-(\hat p - a)^2$: "
        r"$\sigma_1$ = std of $-(1-\hat p)^2$, $\sigma_0$ = std of $-\hat p^2$, from the Beta "
        r"moments (lines) and on the grid $k/101$ (markers); their ratio tends to "
        r"$x/(1 - x) = 7/3$ as for the log score (claim brier_drift_to_vertex).",
        ("generalized_soft_target_identity",),
        lambda: _sigma_concentration("brier"),
    ),
    Plot(
        "brier_biased_optimum",
        r"The Brier reward's biased optimum",
        r"$p = 0.7$, Beta(5.7, 3) on the grid $k/101$ under the Brier reward: "
        r"$\sigma_0 \approx 0.193$, $\sigma_1 \approx 0.118$; the true advantage peaks at "
        r"$\hat p = p$, the $\sigma$-normalized one at $\hat p^* \approx 0.793$, where "
        r"odds$(\hat p^*) = $ odds$(p)\,\sigma_0/\sigma_1$ (claim "
        r"biased_optimum_every_proper_rule).",
        ("generalized_soft_target_identity",),
        lambda: _advantage_across_predictions("brier"),
    ),
)


def get_plot(name: str) -> Plot:
    """The figure with this name; ``GrpoSigmaError`` naming the known ones otherwise."""
    return find(PLOTS, name, "figure", attribute="name")


def plots_for(derivation_id: str) -> tuple[Plot, ...]:
    """The figures shown in the notebook of one derivation."""
    return tuple(plot for plot in PLOTS if derivation_id in plot.derivations)


# ---------------------------------------------------------------------- data and PNG
def figure_data(name: str) -> dict[str, Any]:
    """Everything the figure shows, as plain data (JSON-ready, numbers rounded)."""
    plot = get_plot(name)
    with mpmath.workdps(30):
        panels = plot.panels()
        return {
            "name": plot.name,
            "title": plot.title,
            "caption": plot.caption,
            "panels": [
                {
                    "title": panel.title,
                    "xlabel": panel.xlabel,
                    "ylabel": panel.ylabel,
                    "xscale": panel.xscale,
                    "series": [
                        {
                            "label": s.label,
                            "style": s.style,
                            "x": [_number(v) for v in s.x],
                            "y": [_number(v) for v in s.y],
                        }
                        for s in panel.series
                    ],
                    "marks": [{"x": _number(x), "label": label} for x, label in panel.marks],
                }
                for panel in panels
            ],
        }


def render(data: dict[str, Any] | str) -> Figure:
    """Draw a figure from its data (or its name) on a pyplot-free Agg figure."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if isinstance(data, str):
        data = figure_data(data)
    from matplotlib import rc_context

    with rc_context(FIGURE_STYLE):  # fonts are fixed when the artists are made
        panels = data["panels"]
        figure = Figure(figsize=(6.4 * len(panels), 4.6), dpi=DPI, layout="constrained")
        FigureCanvasAgg(figure)
        figure.suptitle(data["title"])
        axes = figure.subplots(1, len(panels), squeeze=False)[0]
        for ax, panel in zip(axes, panels, strict=True):
            for s in panel["series"]:
                if s["style"] == "o":
                    ax.plot(s["x"], s["y"], "o", label=s["label"], markersize=5)
                else:
                    ax.plot(s["x"], s["y"], s["style"], label=s["label"], linewidth=1.8)
            for k, mark in enumerate(panel["marks"]):
                ax.axvline(
                    mark["x"],
                    color=f"C{k + 5}",
                    linestyle="-.",
                    linewidth=1.2,
                    label=f"{mark['label']} = {mark['x']:.3f}",
                )
            ax.set_xscale(panel["xscale"])
            ax.set_title(panel["title"], fontsize=11)
            ax.set_xlabel(panel["xlabel"])
            ax.set_ylabel(panel["ylabel"])
            ax.grid(True, alpha=0.3)
            ax.legend(fontsize=8)
    return figure


def figure_files(
    name: str, data: dict[str, Any] | None = None, formats: Sequence[str] = tuple(FORMATS)
) -> dict[str, bytes]:
    """One figure as vector graphics (``.pdf`` for LaTeX, ``.svg`` for the web) and as a PNG at
    print resolution, without dates or software metadata (same data, same bytes)."""
    from matplotlib import rc_context

    files = {}
    with rc_context({**FIGURE_STYLE, "svg.hashsalt": name, "pdf.compression": 6}):
        figure = render(data if data is not None else figure_data(name))
        for fmt in formats:
            out = io.BytesIO()
            figure.savefig(out, dpi=PRINT_DPI, format=fmt, metadata=FORMATS[fmt])
            files[f"{name}.{fmt}"] = out.getvalue()
    return files


def write_figures(out: str | Path = DEFAULT_OUT, progress: Progress | None = None) -> list[Path]:
    """Write ``<name>.png``, ``.pdf``, ``.svg`` and ``<name>.json`` (its data) for every figure;
    return the paths (``progress(done, total)`` per figure)."""
    files: dict[str, str | bytes] = {}
    for done, plot in enumerate(PLOTS, 1):
        if progress is not None:
            progress(done, len(PLOTS))
        data = figure_data(plot.name)
        files.update(figure_files(plot.name, data))
        files[f"{plot.name}.json"] = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    names = {plot.name for plot in PLOTS}  # figures/ also holds other commands' files
    return write_files(out, files, owns=lambda path: path.split(".")[0] in names)


def add_parser(commands: argparse._SubParsersAction) -> None:
    add_generator_command(
        commands,
        "figures",
        "write the figures as PDF, SVG and PNG (and their data)",
        write_figures,
        DEFAULT_OUT,
    )
