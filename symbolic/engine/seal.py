"""The kernel's seal: the only objects that say "proven", and the key that makes them.

A ``Proof`` is proven only if its trace is sealed (HMAC-SHA256) with this process's key;
a ``Theorem`` is a statement's digest and a proven trace, sealed the same way.  Only the
kernel's steps and rules (``kernel``, ``premises``, ``rules``, ``roots``) call ``_proved``;
only the obligations issue a theorem (``_issue``); only the verdict cache keeps one between
runs (``_stored``/``_from_store``, under a per-user store key).  Nothing here is public
but ``Proof``, ``Theorem``, ``failed``, ``genuine`` and ``worker_pool``.
"""

from __future__ import annotations

import hashlib
import hmac
import multiprocessing.context
import os
import secrets
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..errors import GrpoSigmaError

_KEY = secrets.token_bytes(32)
"""This process's key: a proof or theorem is genuine only if sealed with it (``_seal``).  The
kernel's worker pool hands it to its workers (``worker_pool``), nothing else reads it."""


def _seal(*parts: str) -> bytes:
    return hmac.new(_KEY, _joined(*parts), hashlib.sha256).digest()


class Proof:
    """Proven or not, and the steps taken (or the reason it stopped).

    Anyone may make a failed proof (``failed``); a proven one is made only by the kernel's
    steps and rules (``_proved``), which seal its trace with the process key: a proof whose
    seal does not match its trace (hand-made, altered, or from another process) is not
    proven.  Proofs cannot be subclassed or changed.
    """

    __slots__ = ("trace", "_mac")

    def __init__(self, proven: bool, trace: tuple[str, ...], key: bytes | None = None) -> None:
        trace = tuple(str(step) for step in trace)
        if proven and key is not _KEY:
            raise GrpoSigmaError("only the kernel's steps and rules make a proven Proof")
        object.__setattr__(self, "trace", trace)
        object.__setattr__(self, "_mac", _seal("proof", *trace) if proven else b"")

    def __init_subclass__(cls, **kwargs: object) -> None:
        raise TypeError("the kernel's Proof cannot be subclassed")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Proof cannot be changed")

    def __reduce__(self) -> tuple:
        return (failed, ("a proof does not leave the process that made it",))

    @property
    def proven(self) -> bool:
        return bool(self._mac) and hmac.compare_digest(self._mac, _seal("proof", *self.trace))

    @property
    def how(self) -> str:
        return "; ".join(self.trace)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Proof) and (self.proven, self.trace) == (other.proven, other.trace)

    def __hash__(self) -> int:
        return hash((self.proven, self.trace))

    def __repr__(self) -> str:
        return f"Proof(proven={self.proven}, trace={self.trace!r})"


def _proved(trace: tuple[str, ...]) -> Proof:
    """A proven proof: called only by the kernel's own steps and rules (the trusted base)."""
    return Proof(True, trace, _KEY)


class Theorem:
    """A statement the kernel proved: the statement's digest (``statement``, the canonical
    form of the obligation) and the proof's trace, sealed with the process key.

    Only the kernel issues one (``_issue``, from a proven proof); there is no public
    constructor, no subclass, no change.  ``genuine`` checks the seal and the statement;
    a theorem pickled to another process is genuine there only if that process shares the
    key (the kernel's ``worker_pool``).
    """

    __slots__ = ("statement", "trace", "_mac")

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise GrpoSigmaError("a Theorem is issued only by the kernel")

    def __init_subclass__(cls, **kwargs: object) -> None:
        raise TypeError("the kernel's Theorem cannot be subclassed")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Theorem cannot be changed")

    def __reduce__(self) -> tuple:
        return (_restored, (self.statement, self.trace, self._mac))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Theorem) and (self.statement, self.trace, self._mac) == (
            other.statement,
            other.trace,
            other._mac,
        )

    def __hash__(self) -> int:
        return hash((self.statement, self.trace))

    def __repr__(self) -> str:
        return f"Theorem({self.statement[:12]}…, {len(self.trace)} steps)"


def _restored(statement: str, trace: tuple[str, ...], mac: bytes) -> Theorem:
    theorem = object.__new__(Theorem)
    for name, value in (("statement", statement), ("trace", tuple(trace)), ("_mac", mac)):
        object.__setattr__(theorem, name, value)
    return theorem


def _issue(statement: str, proof: Proof) -> Theorem | None:
    """The theorem ``statement`` (a digest) proven by ``proof``; None if it is not proven."""
    if type(proof) is not Proof or not proof.proven:
        return None
    return _restored(statement, proof.trace, _seal("theorem", statement, *proof.trace))


def genuine(theorem: object, statement: str | None = None) -> bool:
    """Whether ``theorem`` was issued by this process's kernel (for ``statement``, if given)."""
    if type(theorem) is not Theorem:
        return False
    sealed = _seal("theorem", theorem.statement, *theorem.trace)
    if not hmac.compare_digest(theorem._mac, sealed):
        return False
    return statement is None or theorem.statement == statement


_STORE_KEY: list[bytes | None] = []


def _store_key() -> bytes | None:
    """The kernel's key for theorems kept between runs (the verdict cache): made once per
    user, readable by the user only, in the user's configuration directory (never in the
    cache, whose place a caller chooses); None if it cannot be made there."""
    if not _STORE_KEY:
        import platformdirs

        path = Path(platformdirs.user_config_dir("grpo-sigma", appauthor=False)) / "kernel.key"
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not path.exists():
                handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key-")
                try:
                    os.write(handle, secrets.token_hex(32).encode())
                    os.fsync(handle)
                    os.close(handle)
                    os.link(temporary, path)  # fails if another run made it first
                except FileExistsError:
                    pass
                finally:
                    os.unlink(temporary)
            _STORE_KEY.append(bytes.fromhex(path.read_text()))
        except (OSError, ValueError):
            _STORE_KEY.append(None)
    return _STORE_KEY[0]


def _stored(theorem: Theorem) -> dict[str, object] | None:
    """A genuine theorem as data to keep between runs, sealed with the kernel's store key
    instead of the process key; None if it is not genuine or there is no store key."""
    key = _store_key()
    if key is None or not genuine(theorem):
        return None
    mac = hmac.new(key, _joined("stored", theorem.statement, *theorem.trace), hashlib.sha256)
    return {"statement": theorem.statement, "trace": list(theorem.trace), "seal": mac.hexdigest()}


def _from_store(record: object) -> Theorem | None:
    """A kept theorem issued again in this process if its seal is the kernel's (None
    otherwise: a record written by hand, altered, or sealed under another key)."""
    key = _store_key()
    try:
        statement, trace, seal = record["statement"], tuple(record["trace"]), record["seal"]
        mac = hmac.new(key, _joined("stored", statement, *trace), hashlib.sha256).hexdigest()
    except (TypeError, KeyError, AttributeError):
        return None
    if not isinstance(seal, str) or not hmac.compare_digest(mac, seal):
        return None
    return _restored(statement, trace, _seal("theorem", statement, *trace))


def _joined(*parts: str) -> bytes:
    return b"".join(part.encode() + b"\0" for part in parts)


def _adopt(key: bytes) -> None:
    global _KEY
    _KEY = key


def worker_pool(jobs: int, context: multiprocessing.context.BaseContext) -> ProcessPoolExecutor:
    """A pool of worker processes that share this process's key, so that the theorems they
    issue are genuine here."""
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_adopt, initargs=(_KEY,))


def failed(reason: str) -> Proof:
    return Proof(False, (reason,))
