"""Each derivation's committed LaTeX is what the generator writes for it now (one test per
derivation, so ``pytest --claim ID`` runs its derivation's drift test alone)."""

from pathlib import Path

import pytest

from symbolic.ledger.audit import audit_claim
from symbolic.ledger.cache import default_directory
from symbolic.ledger.derivation import check_derivation
from symbolic.ledger.derivations import DERIVATIONS
from symbolic.outputs.latex import derivation_tex

COMMITTED = Path(__file__).resolve().parent.parent / "derivations"


@pytest.mark.parametrize("derivation", DERIVATIONS, ids=[d.id for d in DERIVATIONS])
def test_derivation_latex_has_not_drifted(derivation):
    checked = check_derivation(derivation, cache=default_directory())
    written = derivation_tex(checked, audit_claim(derivation.claim_id))
    committed = (COMMITTED / f"{derivation.id}.tex").read_text(encoding="utf-8")
    assert written == committed, f"derivations/{derivation.id}.tex drifted: run grpo-sigma latex"
