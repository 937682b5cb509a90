"""The content-addressed verdict cache: a claim's verdicts reused only when nothing that can
change them has changed.

A claim's key is the SHA-256 of its obligations' canonical text (``engine.digest``: the
statements and domains, the perturbations, the oracles with their source), the source of
the engine, the versions of Python, SymPy, mpmath and NumPy, ``dps`` and the budget, and the
keys of the claims it uses: editing one claim changes its key and the keys of the claims that
use it, nothing else.  Computing the keys builds every obligation (about two seconds); a
*manifest*, keyed by the source of the whole package and the same versions, remembers the
keys the package's source gave, so an unchanged package finds its verdicts without building
anything.

Entries live under ``--cache-dir``, else ``$GRPO_SIGMA_CACHE_DIR``, else the user's cache
directory (``platformdirs``).  Each is one JSON file written atomically (a temporary file,
then ``os.replace``), so concurrent audits never corrupt it and never wait on each other; an
unreadable or altered entry is recomputed after one warning line.  A proven verdict keeps
the kernel's theorem sealed with the kernel's own store key (readable by the user
only, kept by the kernel in the user's configuration directory, never in the cache): an
entry written by anything but the kernel is recomputed, never reported proven.  The SymPy
objects of a counterexample are stored pickled (the note's symbols carry their LaTeX): the
cache directory (made readable by the user only) is trusted as the user's site-packages is.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import json
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import fields
from pathlib import Path

import mpmath
import sympy as sp

from ..engine import seal
from ..engine.digest import canonical
from ..engine.verdict import Verdict
from ..errors import GrpoSigmaError

FORMAT = 1
"""The entries' format: part of every key, so a change of format never reads old entries."""
ENVIRONMENT = "GRPO_SIGMA_CACHE_DIR"
PACKAGE = Path(__file__).resolve().parent.parent


def default_directory() -> Path:
    """``$GRPO_SIGMA_CACHE_DIR`` if set, else the user's cache directory for grpo-sigma."""
    chosen = os.environ.get(ENVIRONMENT, "").strip()
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("grpo-sigma", appauthor=False))


def _versions() -> str:
    found = []
    for name in ("sympy", "mpmath", "numpy"):
        try:
            found.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name}=none")
    return f"python={sys.version_info[:3]};{';'.join(found)};format={FORMAT}"


def _sources(folders: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted((PACKAGE / folder).rglob("*")):
            if path.suffix in (".py", ".md") and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def engine_source() -> str:
    """The digest of the engine's source: the kernel, its rules, every check."""
    return _sources(["engine"])


def claim_keys(
    claims: Iterable, dps: int, budget: float, statements: Callable[[object], Sequence[str]]
) -> dict[str, str]:
    """Each claim's key (see the module's docstring), the keys of what it uses included;
    ``statements(claim)`` gives the digests of its obligations (``engine.digest``)."""
    claims = list(claims)
    common = f"{engine_source()};{_versions()};dps={dps};budget={budget!r}"
    from . import get_claim

    keys: dict[str, str] = {}

    def key(claim) -> str:
        if claim.id not in keys:
            used = [key(get_claim(u)) for u in claim.uses]
            text = f"{claim.id};{list(statements(claim))};{common};uses={used}"
            keys[claim.id] = hashlib.sha256(text.encode()).hexdigest()
        return keys[claim.id]

    for claim in claims:
        key(claim)
    return {c.id: keys[c.id] for c in claims}


def manifest_key(claims: Iterable, dps: int, budget: float) -> str:
    """The key under which an unchanged package records its claims' keys: the package's
    whole source, the versions, and each claim's builder with the source of its module (a
    claim defined outside the package, or a builder replaced at run time, changes it)."""
    builders = canonical([(c.id, c.obligations, c.uses) for c in claims])
    text = f"{_sources(['.'])};{_versions()};dps={dps};budget={budget!r};{builders}"
    return hashlib.sha256(text.encode()).hexdigest()


# ------------------------------------------------------------------ values as JSON
def _encode(value: object) -> object:
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, float):
        return {"float": value.hex()}
    if isinstance(value, mpmath.mpf):
        return {"mpf": list(_mpf_parts(value))}
    if isinstance(value, sp.Basic):  # pickled: the note's symbols carry their LaTeX
        return {"sympy": base64.b64encode(pickle.dumps(value, protocol=4)).decode()}
    if isinstance(value, tuple | list):
        return {"tuple": [_encode(v) for v in value]}
    raise GrpoSigmaError(f"the verdict cache cannot store a {type(value).__name__}")


def _mpf_parts(value: mpmath.mpf) -> tuple:
    sign, man, exp, bits = value._mpf_
    return sign, str(man), exp, bits


def _decode(value: object) -> object:
    if not isinstance(value, dict):
        return value
    ((tag, data),) = value.items()
    if tag == "int":
        return int(data)
    if tag == "float":
        return float.fromhex(data)
    if tag == "mpf":
        sign, man, exp, bits = data
        return mpmath.mp.make_mpf((int(sign), int(man), int(exp), int(bits)))
    if tag == "sympy":
        value = pickle.loads(base64.b64decode(data))
        if not isinstance(value, sp.Basic):
            raise ValueError("not a SymPy object")
        return value
    if tag == "tuple":
        return tuple(_decode(v) for v in data)
    raise ValueError(f"unknown tag {tag!r}")


def _verdict_data(verdict: Verdict) -> dict:
    data = {f.name: getattr(verdict, f.name) for f in fields(Verdict)}
    theorem = data.pop("theorem")
    found = data.pop("counterexample")
    return {
        **{k: _encode(v) for k, v in data.items()},
        "counterexample": None
        if found is None
        else [[_encode(k), _encode(v)] for k, v in found.items()],
        "theorem": None if theorem is None else seal._stored(theorem),
    }


def _verdict(data: Mapping) -> Verdict:
    values = {k: _decode(v) for k, v in data.items() if k not in ("theorem", "counterexample")}
    found = data["counterexample"]
    values["counterexample"] = None if found is None else {_decode(k): _decode(v) for k, v in found}
    values["trace"] = tuple(values["trace"])
    theorem = None if data["theorem"] is None else seal._from_store(data["theorem"])
    if values["status"] == "proven" and theorem is None:
        raise ValueError("its proof is not sealed by this cache")
    return Verdict(**values, theorem=theorem)


# ------------------------------------------------------------------------- the store
class VerdictCache:
    """Verdicts stored by key in ``directory`` (see the module's docstring)."""

    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)
        self.hits = 0
        self.warnings: list[str] = []
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            (self.directory / "verdicts").mkdir(exist_ok=True)
            (self.directory / "manifests").mkdir(exist_ok=True)
        except OSError as error:
            raise GrpoSigmaError(
                f"cannot use the cache directory {self.directory}: {error.strerror}"
            ) from None

    def _path(self, kind: str, key: str) -> Path:
        return self.directory / kind / f"{key}.json"

    def _read(self, kind: str, key: str) -> object | None:
        path = self._path(kind, key)
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            self._warn(path, error)
            return None

    def _warn(self, path: Path, error: Exception) -> None:
        line = f"grpo-sigma: warning: cache entry {path.name} unreadable ({error}); recomputed"
        self.warnings.append(line)
        print(line, file=sys.stderr)

    def _write(self, kind: str, key: str, data: object) -> None:
        path = self._path(kind, key)
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        try:
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".entry-")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(text)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(temporary, path)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError as error:  # a full disk or a read-only cache: the audit goes on
            line = f"grpo-sigma: warning: cannot write the cache ({error.strerror}); not cached"
            if line not in self.warnings:
                self.warnings.append(line)
                print(line, file=sys.stderr)

    def keys_for(self, manifest: str) -> dict[str, str] | None:
        """The claim keys an unchanged package recorded under ``manifest`` (None if none)."""
        found = self._read("manifests", manifest)
        if isinstance(found, dict) and all(isinstance(v, str) for v in found.values()):
            return found
        return None

    def record_keys(self, manifest: str, keys: Mapping[str, str]) -> None:
        self._write("manifests", manifest, dict(keys))

    def load(self, key: str) -> tuple[tuple[tuple[str, Verdict], ...], float, tuple] | None:
        """The verdicts, seconds and statements' digests stored under ``key``; None if absent
        or unreadable."""
        data = self._read("verdicts", key)
        if data is None:
            return None
        try:
            verdicts = tuple((label, _verdict(v)) for label, v in data["verdicts"])
            seconds = float(data["seconds"])
            statements = tuple(str(s) for s in data["statements"])
        except Exception as error:  # any damage to an entry means: recompute it
            self._warn(self._path("verdicts", key), error)
            return None
        self.hits += 1
        return verdicts, seconds, statements

    def store(
        self,
        key: str,
        verdicts: Iterable[tuple[str, Verdict]],
        seconds: float,
        statements: Iterable[str],
    ) -> None:
        kept = [[label, _verdict_data(v)] for label, v in verdicts]
        if any(v["status"] == "proven" and v["theorem"] is None for _, v in kept):
            line = "grpo-sigma: warning: the kernel cannot keep proofs between runs; not cached"
            if line not in self.warnings:
                self.warnings.append(line)
                print(line, file=sys.stderr)
            return
        data = {
            "verdicts": kept,
            "seconds": seconds,
            "statements": list(statements),
        }
        self._write("verdicts", key, data)


def checked_obligation(
    obligation: object, dps: int, budget: float, directory: Path | str | None
) -> Verdict:
    """One obligation's verdict through the cache in ``directory`` (checked and stored on a
    miss; checked alone when ``directory`` is None); keyed by its statement's digest, the
    engine's source, the versions, ``dps`` and the budget.  A proven verdict counts only with
    a genuine theorem of exactly this statement."""
    from ..engine.obligations import SEALED, statement_of

    statement = statement_of(obligation)
    store = None if directory is None else VerdictCache(directory)
    common = f"obligation;{statement};{engine_source()};{_versions()};dps={dps};budget={budget!r}"
    key = hashlib.sha256(common.encode()).hexdigest()
    found = None if store is None else store.load(key)
    if found is not None and found[2] == (statement,):
        (_, verdict), *_ = found[0]
    else:
        verdict = obligation.check(dps, budget)
        if store is not None:
            store.store(key, (("", verdict),), verdict.seconds, (statement,))
    if verdict.status == "proven" and not (
        type(obligation) in SEALED and seal.genuine(verdict.theorem, statement)
    ):
        raise GrpoSigmaError("a proven verdict without the kernel's theorem of its statement")
    return verdict
