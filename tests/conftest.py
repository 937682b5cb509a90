"""The suite's shared pieces: one audit per test session, and ``pytest --claim ID``.

The session's verdict cache is a fresh directory (``$GRPO_SIGMA_CACHE_DIR``, set here for the
whole run and its worker processes): the first test that needs the audit runs it there, under
a file lock, and every later test — the claim tests, the reports, the generators' drift tests,
the commands the tests run — reads the same verdicts from it.  Nothing is reused from an
earlier session.

``--claim ID`` (repeatable) keeps exactly the tests of that claim: those parametrized by it
(the claim, its derivation), those marked ``@pytest.mark.claim("ID")``, and those whose code
names the claim's id as a string (its perturbations and oracle checks), except tests of the
whole audit (those using ``audit_results``).  An unknown id is a usage error naming the
nearest ids.
"""

from __future__ import annotations

import difflib
import fcntl
import inspect
import io
import os
import shutil
import tempfile
import tokenize
from functools import cache
from pathlib import Path

import pytest

from symbolic.ledger import LEDGER
from symbolic.ledger.audit import ClaimResult, run_audit
from symbolic.ledger.cache import ENVIRONMENT

IDS = frozenset(c.id for c in LEDGER)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--claim",
        action="append",
        default=[],
        metavar="ID",
        help="run only the tests of this claim (its proof, perturbations, oracles, derivation)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "claim(id): the test checks this claim of the ledger")
    if not hasattr(config, "workerinput") and not os.environ.get("GRPO_SIGMA_TEST_CACHE"):
        directory = tempfile.mkdtemp(prefix="grpo-sigma-session-")
        os.environ[ENVIRONMENT] = os.environ["GRPO_SIGMA_TEST_CACHE"] = directory
        config.add_cleanup(lambda: shutil.rmtree(directory, ignore_errors=True))
    for wanted in config.getoption("claim"):
        if wanted not in IDS:
            near = difflib.get_close_matches(wanted, sorted(IDS), n=3, cutoff=0.4)
            hint = f"; nearest: {', '.join(near)}" if near else ""
            raise pytest.UsageError(f"--claim {wanted}: no such claim{hint}")


@cache
def _named_in(function: object) -> frozenset[str]:
    """The claim ids written as string literals in a test function's source."""
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return frozenset()
    found = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING:
            text = token.string.strip("'\"")
            if text in IDS:
                found.add(text)
    return frozenset(found)


def _parameters(value: object) -> set[str]:
    if isinstance(value, str):
        return {value} & IDS
    if isinstance(value, tuple | list):
        return set().union(*(_parameters(v) for v in value)) if value else set()
    found = {getattr(value, "id", None), getattr(value, "claim_id", None)}
    return {f for f in found if isinstance(f, str)} & IDS


def claims_of(item: pytest.Item) -> set[str]:
    """The claims a collected test checks (see the module's docstring)."""
    found = set(_named_in(getattr(item, "function", None)))
    for marker in item.iter_markers("claim"):
        found.update(marker.args)
    callspec = getattr(item, "callspec", None)
    if callspec is not None:
        for value in callspec.params.values():
            found |= _parameters(value)
        found |= set(callspec.id.replace("[", "-").replace("]", "-").split("-")) & IDS
    return found


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wanted = set(config.getoption("claim"))
    if not wanted:
        return
    keep = [
        item
        for item in items
        if claims_of(item) & wanted and "audit_results" not in item.fixturenames
    ]
    config.hook.pytest_deselected(items=[i for i in items if i not in keep])
    items[:] = keep


@pytest.fixture(scope="session")
def session_cache() -> Path:
    """The session's verdict cache directory."""
    return Path(os.environ[ENVIRONMENT])


def audit_of(directory: Path, claim_ids: list[str] | None = None) -> list[ClaimResult]:
    """The audit of ``claim_ids`` (all claims by default) through the session's cache, one
    process at a time (the others then read what it stored)."""
    with open(directory / "session.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return run_audit(claim_ids, jobs=os.cpu_count() or 1, cache=directory)


@pytest.fixture(scope="session")
def audit_results(session_cache: Path) -> list[ClaimResult]:
    """Every claim's result, computed once for the session."""
    return audit_of(session_cache)


@pytest.fixture(scope="session")
def claim_result(session_cache: Path, request: pytest.FixtureRequest):
    """``claim_result(id)``: one claim's result, from the session's audit (of the claims
    ``--claim`` names, when it names some)."""
    results: dict[str, ClaimResult] = {}
    chosen = request.config.getoption("claim") or None

    def result(claim_id: str) -> ClaimResult:
        if claim_id not in results:
            wanted = chosen if chosen and claim_id in chosen else [claim_id] if chosen else None
            results.update({r.claim.id: r for r in audit_of(session_cache, wanted)})
        return results[claim_id]

    return result
