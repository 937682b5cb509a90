"""grpo-sigma: machine-checked claims of the GRPO σ-normalization note.

``check_identity`` checks anyone's identity (proven / refuted with a counterexample /
unknown); ``LEDGER`` holds the note's claims; ``symbolic.ledger.audit.run_audit`` checks them.
Names are imported on first use, so that commands which need no SymPy start fast.
"""

from importlib import import_module

from .errors import GrpoSigmaError

_LAZY = {
    "LEDGER": "ledger",
    "Claim": "ledger",
    "get_claim": "ledger",
    "Verdict": "engine.obligations",
    "check_identity": "engine.api",
    "user_rule": "ledger.user_rule",
    "check_propriety": "ledger.user_rule",
    "check_inequality": "engine.api",
    "check_limit": "engine.api",
}

__all__ = [
    "LEDGER",
    "Claim",
    "GrpoSigmaError",
    "Verdict",
    "check_identity",
    "check_inequality",
    "check_limit",
    "check_propriety",
    "get_claim",
    "user_rule",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'symbolic' has no attribute {name!r}")
