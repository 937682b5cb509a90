"""The note's written names: SymPy objects that print as the note writes them, and what they mean.

A derivation writes ``R(p̂)``, ``H(p)``, ``KL(p ‖ p̂)``, ``R^(g)``, ``R̄``, ``σ̂_KL``,
``Â_STD``, ...; each is a SymPy object that carries its own LaTeX and MathML (``Written``
symbols and bases of ``symbolic.note.symbols``, ``WrittenFunction`` classes below), and
``NOTATION`` is the one registry of the note's names: every name with what it is in words and,
for a name the model does not define itself, its meaning as an expression of
``symbolic.note.model``.  ``unfold`` replaces every name by its meaning, so what is printed is
what is proven.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from ..errors import GrpoSigmaError
from . import model as m
from .symbols import RolloutValue, Written, bar, hat, mi, presentation_element, sub
from .vocabulary import expected_centered_reward, rollout_kl, rollout_reward


class WrittenFunction(sp.Function):
    """A function the note writes by name: ``name(x, y)``, or with its own brackets and
    separator (``KL(p ‖ p̂)``, ``E[X | Y]``), in LaTeX and in presentation MathML."""

    tex: tuple[str, str, str, str] = ("", "(", ", ", ")")
    """name, opening bracket, separator, closing bracket (LaTeX)"""
    mathml: tuple[str, str, str, str] = ("", "(", ",", ")")
    """name (an element), opening bracket, separator, closing bracket (``<mo>`` text)"""

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        name, opening, separator, closing = self.tex
        args = separator.join(printer._print(a) for a in self.args)
        tex = f"{name}{opening}{args}{closing}"
        return tex if exp is None else rf"\left({tex}\right)^{{{exp}}}"

    def _mathml_presentation(self, printer: Any) -> Any:
        name, opening, separator, closing = self.mathml
        row = printer.dom.createElement("mrow")
        row.appendChild(presentation_element(printer, name))
        for k, item in enumerate([opening, *self.args, closing]):
            if k > 1 and k < len(self.args) + 1:
                row.appendChild(presentation_element(printer, f"<mo>{separator}</mo>"))
            if isinstance(item, str):
                item = presentation_element(printer, f"<mo>{item}</mo>")
            else:
                item = printer._print(item)
            row.appendChild(item)
        return row


class R(WrittenFunction):
    """``R(p̂)``: the soft-target reward of a prediction."""

    tex = ("R", "(", ", ", ")")
    mathml = ("<mi>R</mi>", "(", ",", ")")


class H(WrittenFunction):
    """``H(p)``: the entropy of the target."""

    tex = ("H", "(", ", ", ")")
    mathml = ("<mi>H</mi>", "(", ",", ")")


class KL(WrittenFunction):
    """``KL(p ‖ p̂)``: the target comes first."""

    tex = (r"\mathrm{KL}", "(", r" \,\|\, ", ")")
    mathml = (mi("KL", "normal"), "(", "‖", ")")


class A(WrittenFunction):
    """``A(q, p̂)``: the true advantage of p̂ under the policy."""

    tex = ("A", "(", ", ", ")")
    mathml = ("<mi>A</mi>", "(", ",", ")")


class Expectation(WrittenFunction):
    """``E[X | Y]``: over the other rollouts of the group."""

    tex = (r"\mathbb{E}", r"\left[", r" \,\middle|\, ", r"\right]")
    mathml = (mi("E", "double-struck"), "[", "|", "]")


KL_TEX = r"\mathrm{KL}"
KL_ML = mi("KL", "normal")
reward = RolloutValue(Written("R", "R", real=True))  # R^(g): the reward of rollout g
kl = m.kl  # KL^(g): the KL of rollout g to the target
z_kl = RolloutValue(
    Written("z_KL", rf"z_{{{KL_TEX}}}", sub(mi("z"), KL_ML), real=True)
)  # z^(g)_KL: the z-score of KL^(g) in its group
R_bar = Written("Rbar", r"\bar R", bar(mi("R")), real=True)  # R̄: the group mean reward
KL_bar = Written("KLbar", rf"\overline{{{KL_TEX}}}", bar(KL_ML), real=True)  # KL̄
sigma_R = Written("sigmahat_R", r"\hat\sigma_R", sub(hat(mi("σ")), mi("R")), positive=True)
sigma_KL = Written(
    "sigmahat_KL", rf"\hat\sigma_{{{KL_TEX}}}", sub(hat(mi("σ")), KL_ML), positive=True
)
A_STD = Written(
    "A_STD", r"\hat A_{\mathrm{STD}}", sub(hat(mi("A")), mi("STD", "normal")), real=True
)  # Â_STD: GRPO's σ-normalized advantage of rollout 1
mu_R = Written("mu_R", r"\mu_R", sub(mi("μ"), mi("R")), real=True)  # μ_R = E_{p̂'∼π}[R(p̂')]
w_0 = Written("w_0", "w_0", sub(mi("w"), "<mn>0</mn>"), positive=True)  # w_0 = 1/(σ_0 + ε)
w_1 = Written("w_1", "w_1", sub(mi("w"), "<mn>1</mn>"), positive=True)  # w_1 = 1/(σ_1 + ε)
phat_star = Written(
    "phat_star", r"\hat p^{*}", f"<msup>{hat(mi('p'))}<mo>*</mo></msup>", positive=True
)  # p̂*: the biased optimum

Head = sp.Symbol | sp.IndexedBase | type[WrittenFunction]


@dataclass(frozen=True)
class Name:
    """A name of the note (``example`` shows how it is written) and what it is.

    ``words`` says what it is, for the notation tables.  ``meaning`` is ``None`` for the
    model's own symbols; otherwise it takes the indices of an indexed name, the arguments of
    a function name, and nothing for a symbol, and returns an expression of the model, which
    may itself use other names (they are unfolded in turn).
    """

    example: sp.Expr
    words: str
    meaning: Callable[..., sp.Expr] | None = None

    @property
    def head(self) -> Head:
        """What a step writes: the symbol, the indexed base, or the function."""
        if isinstance(self.example, sp.Indexed):
            return self.example.base
        return type(self.example) if isinstance(self.example, WrittenFunction) else self.example


def _with_arguments(expected: tuple, meaning: Callable[[], sp.Expr]) -> Callable[..., sp.Expr]:
    """A function name that means one expression of the model, for one set of arguments."""

    def mean(*args: sp.Expr) -> sp.Expr:
        if args != expected:
            shown = ", ".join(map(str, args))
            raise GrpoSigmaError(f"no meaning for ({shown}); written as {expected}")
        return meaning()

    return mean


def _conditional_expectation(value: sp.Expr, given: sp.Expr) -> sp.Expr:
    """``E[c · (R^(1) − R̄) | p̂^(1)] = c · E[R^(1) − R̄ | p̂^(1)]`` for c free of the rollouts."""
    coeff, rest = sp.factor_terms(value).as_independent(reward, R_bar, as_Add=False)
    if given != m.phat or sp.expand(rest - (reward[1] - R_bar)) != 0:
        raise GrpoSigmaError(f"E[{value} | {given}] has no meaning in the model")
    return coeff * expected_centered_reward()


MODEL_NAMES: tuple[Name, ...] = (
    Name(
        m.p[m.i],
        "the known soft target p, a point of the open simplex (Bernoulli: p = P(a = 1))",
    ),
    Name(m.phat[m.i], "a prediction p̂ of the policy π; p̂^(g) is the prediction of rollout g"),
    Name(m.sigma, "the group std, held fixed where an expectation is taken"),
    Name(m.epsilon, "GRPO's stabilizer ε ≥ 0 in the divisor"),
    Name(m.sigma_0, "the std of the rewards log(1 − p̂) of outcome a = 0 (likewise σ_1, of log p̂)"),
    Name(m.mu_0, "μ_a = E_{p̂'∼π}[r(p̂', a)], the policy's mean reward of outcome a"),
)
"""Symbols of ``symbolic.note.model`` that the derivations print: primitives, no meaning."""

DEFINED_NAMES: tuple[Name, ...] = (
    Name(
        R(m.phat),
        "the soft-target reward Σ_i p_i log p̂_i of a prediction p̂",
        _with_arguments((m.phat,), lambda: m.soft_target_reward(m.p, m.phat)),
    ),
    Name(H(m.p), "the entropy −Σ_i p_i log p_i of the target", lambda t: m.entropy(t)),
    Name(
        KL(m.p, m.phat),
        "the divergence Σ_i p_i log(p_i / p̂_i) of the prediction from the target",
        lambda target, prediction: m.kl_divergence(target, prediction),
    ),
    Name(
        A(m.q, m.phat),
        "the true advantage R(p̂) − μ_R of p̂ under the policy π",
        _with_arguments((m.q, m.phat), m.true_advantage),
    ),
    Name(
        Expectation(reward[1] - R_bar, m.phat),
        "the expectation over the other G − 1 rollouts, i.i.d. draws of π",
        _conditional_expectation,
    ),
    Name(reward[m.g], "the reward Σ_i p_i log p̂^(g)_i of rollout g", rollout_reward),
    Name(kl[m.g], "the divergence KL(p ‖ p̂^(g)) of rollout g", rollout_kl),
    Name(
        z_kl[m.g],
        "the z-score (KL^(g) − KL̄)/(σ̂_KL + ε) of rollout g's KL in its group",
        lambda r: (kl[r] - KL_bar) / (sigma_KL + m.epsilon),
    ),
    Name(R_bar, "the group mean (1/G) Σ_g R^(g)", lambda: m.group_mean(lambda r: reward[r])),
    Name(KL_bar, "the group mean (1/G) Σ_g KL^(g)", lambda: m.group_mean(lambda r: kl[r])),
    Name(
        sigma_R,
        "the group std of the rewards (population)",
        lambda: m.group_std(lambda r: reward[r]),
    ),
    Name(sigma_KL, "the group std of the KLs (population)", lambda: m.group_std(lambda r: kl[r])),
    Name(
        A_STD,
        "GRPO's advantage (R^(1) − R̄)/(σ̂_R + ε) of rollout 1",
        lambda: m.sigma_normalized_advantage(lambda r: reward[r]),
    ),
    Name(
        mu_R,
        "the policy's mean reward E_{p̂'∼π}[R(p̂')]",
        lambda: m.policy_expectation(lambda r: m.soft_target_reward(m.p, m.q, row=r)),
    ),
    Name(w_0, "the weight 1/(σ_0 + ε) of the a = 0 term", lambda: 1 / (m.sigma_0 + m.epsilon)),
    Name(w_1, "the weight 1/(σ_1 + ε) of the a = 1 term", lambda: 1 / (m.sigma_1 + m.epsilon)),
    Name(
        phat_star,
        "the biased optimum p w_1/(p w_1 + (1 − p) w_0)",
        lambda: m.biased_optimum(),
    ),
)
"""Names a derivation may write, each with its meaning in the model."""

NOTATION: tuple[Name, ...] = MODEL_NAMES + DEFINED_NAMES
"""Every name of the note that the documents print: the one registry."""


def _unfold_once(expr: sp.Expr, name: Name) -> sp.Expr:
    head, meaning = name.head, name.meaning
    assert meaning is not None
    if isinstance(head, sp.Symbol):
        return expr.xreplace({head: meaning()}) if expr.has(head) else expr
    if isinstance(head, sp.IndexedBase):
        return expr.replace(
            lambda e: isinstance(e, sp.Indexed) and e.base == head,
            lambda e: meaning(*e.indices),
        )
    return expr.replace(lambda e: isinstance(e, head), lambda e: meaning(*e.args))


def unfold(expr: sp.Expr) -> sp.Expr:
    """The meaning of a step in the model: every defined name replaced by its meaning
    (repeatedly, as meanings may use names).  Derivatives stay as written: carrying them
    out is a step of the proof (the kernel's rule *differentiate*)."""
    current = sp.sympify(expr)
    for _ in range(len(DEFINED_NAMES) + 1):
        previous = current
        for name in DEFINED_NAMES:
            current = _unfold_once(current, name)
        if current == previous:
            break
    left = current.atoms(WrittenFunction, AppliedUndef)
    if left:
        raise GrpoSigmaError(f"no meaning for {', '.join(sorted(map(str, left)))}")
    return current
