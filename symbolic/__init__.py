"""grpo-sigma: machine-checked claims of the GRPO σ-normalization note.

``check_identity`` checks anyone's identity (proven / refuted with a counterexample /
unknown); ``LEDGER`` holds the note's claims; ``symbolic.audit.run_audit`` checks them.
"""

from .claims import LEDGER, Claim, get_claim
from .errors import GrpoSigmaError
from .proof import Verdict, check_identity

__all__ = ["LEDGER", "Claim", "GrpoSigmaError", "Verdict", "check_identity", "get_claim"]
__version__ = "0.1.0"
