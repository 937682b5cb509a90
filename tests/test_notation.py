"""The note's names: distinct SymPy objects that print themselves; one registry of them."""

import pickle

import sympy as sp

from symbolic.engine.domain import Domain, Interval, Simplex
from symbolic.engine.obligations import Identity
from symbolic.note import model as m
from symbolic.note import notation as n
from symbolic.note.symbols import Written
from symbolic.note.vocabulary import UNIT
from symbolic.outputs.printer import note_latex


def test_bernoulli_scalars_and_vector_labels_are_distinct_symbols():
    assert m.p_scalar != m.p.label and str(m.p_scalar) != str(m.p.label)
    assert m.phat_scalar != m.phat.label and str(m.phat_scalar) != str(m.phat.label)
    # ... and print as the note writes both.
    assert note_latex(m.p_scalar) == "p" and note_latex(m.p[m.i]) == "p_{i}"
    assert note_latex(m.phat_scalar) == r"\hat p" and note_latex(m.phat[m.i]) == r"\hat p_{i}"


def test_an_expression_mixing_scalar_and_vector_is_checked_numerically():
    """p·p_1 + p̂ p̂_1 = p_1 p + p̂_1 p̂: before the names were distinct this crashed."""
    lhs = m.p_scalar * m.p[1] + m.phat_scalar * m.phat[1]
    domain = Domain(
        simplices=(Simplex((m.p[1], m.p[2])), Simplex((m.phat[1], m.phat[2]))),
        intervals=(Interval(m.p_scalar, *UNIT), Interval(m.phat_scalar, *UNIT)),
    )
    verdict = Identity(domain=domain, lhs=lhs, rhs=sp.expand(lhs)).check(50, 5.0)
    assert verdict.status == "proven" and verdict.points > 0
    wrong = Identity(domain=domain, lhs=lhs, rhs=m.p[1] * m.phat_scalar + m.phat[1] * m.p_scalar)
    assert wrong.check(50, 5.0).status == "refuted"


def test_written_symbols_survive_pickling_with_their_latex():
    for symbol in (m.sigma, m.phat_scalar, n.R_bar, n.A_STD):
        again = pickle.loads(pickle.dumps(symbol))
        assert again == symbol and isinstance(again, Written)
        assert note_latex(again) == note_latex(symbol)


def test_every_name_is_registered_once_and_prints():
    heads = [name.head for name in n.NOTATION]
    assert len(heads) == len(set(heads))
    for name in n.NOTATION:
        assert note_latex(name.example)
        assert (name.meaning is None) == (name in n.MODEL_NAMES)


def test_defined_names_unfold_to_the_model():
    for name in n.DEFINED_NAMES:
        unfolded = n.unfold(name.example)
        assert not unfolded.atoms(n.WrittenFunction)
        assert not {s for s in unfolded.free_symbols if s in {x.head for x in n.DEFINED_NAMES}}


def test_the_printer_has_no_table_of_names():
    """Objects print themselves: the printer's source names no symbol of the note."""
    import inspect

    from symbolic.outputs import printer

    source = inspect.getsource(printer)
    for name in ("Rbar", "sigma", "phat", "KL", "symbol_names"):
        assert f'"{name}"' not in source


def test_a_rollout_entry_squared_has_one_superscript():
    assert note_latex(m.phat[1, m.i] ** 2) == r"\left({\hat p}^{(1)}_{i}\right)^{2}"
    assert note_latex(m.p[m.i] ** 2) == "p_{i}^{2}"


def test_names_print_their_own_mathml():
    from symbolic.outputs.printer import mathml_body

    assert mathml_body(n.R_bar) == '<mover accent="true"><mi>R</mi><mo>&#8254;</mo></mover>'
    rollout = mathml_body(m.phat[m.g, m.i])
    assert rollout.startswith("<msubsup>") and "<mi>g</mi>" in rollout
    kl = mathml_body(n.KL(m.p, m.phat))
    assert '<mi mathvariant="normal">KL</mi><mo>(</mo><mi>p</mi><mo>&#8214;</mo>' in kl
