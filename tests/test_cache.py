"""The verdict cache never changes an answer: cold and warm audits write the same bytes; an
edited claim is recomputed with the claims that use it and nothing else; a deleted, corrupt
or forged entry is recomputed; two audits at once agree."""

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
import sympy as sp

import symbolic.ledger
from symbolic.cli import main
from symbolic.ledger import LEDGER, get_claim
from symbolic.ledger.audit import run_audit
from symbolic.outputs.report import to_json

CHAIN = [
    "log_score_definition",
    "per_outcome_expression_definition",
    "expected_log_score",  # uses log_score_definition
    "bernoulli_equal_sigmas_rescale",  # uses expected_log_score
    "bernoulli_unequal_sigmas_proportional",  # uses bernoulli_equal_sigmas_rescale
    "linear_score_proper",  # uses none of them
]
ROOT = Path(__file__).resolve().parent.parent


def _json(results) -> str:
    return json.dumps(to_json(results, timings=False), sort_keys=True)


def _entries(directory: Path) -> list[Path]:
    return sorted((directory / "verdicts").glob("*.json"))


def test_cold_and_warm_audits_write_the_same_bytes(tmp_path):
    fresh = run_audit(CHAIN)
    cold = run_audit(CHAIN, cache=tmp_path)
    warm = run_audit(CHAIN, cache=tmp_path)
    assert not any(r.cached for r in cold) and all(r.cached for r in warm)
    assert _json(fresh) == _json(cold) == _json(warm)
    assert [r.status for r in warm] == [r.status for r in fresh]
    assert any(r.status == "proven" for r in warm)  # a proof survives the cache
    assert len(_entries(tmp_path)) == len(CHAIN)


def test_the_command_says_how_many_verdicts_came_from_the_cache(tmp_path, capsys):
    argv = ["audit", "--claim", CHAIN[2], "--no-timings", "--cache-dir", str(tmp_path)]
    outputs = []
    for _ in range(2):
        assert main([*argv, "--json", str(tmp_path / "out.json")]) == 0
        outputs.append((tmp_path / "out.json").read_bytes())
    printed = capsys.readouterr().out
    assert "0 of 1 claims' verdicts came from the cache" in printed
    assert "1 of 1 claims' verdicts came from the cache" in printed
    assert outputs[0] == outputs[1]
    assert main([*argv, "--no-cache"]) == 0
    assert "came from the cache" not in capsys.readouterr().out


def _edited(claim_id: str):
    """The ledger with one claim's first statement changed (its right side plus one)."""
    claim = get_claim(claim_id)
    first, *rest = claim.obligations()
    changed = dataclasses.replace(first, rhs=first.rhs + 1)
    edited = dataclasses.replace(claim, obligations=lambda: (changed, *rest))
    return tuple(edited if c.id == claim_id else c for c in LEDGER)


def test_editing_a_claim_recomputes_it_and_its_users_only(tmp_path, monkeypatch):
    run_audit(CHAIN, cache=tmp_path)
    monkeypatch.setattr(symbolic.ledger, "LEDGER", _edited("expected_log_score"))
    again = {r.claim.id: r for r in run_audit(CHAIN, cache=tmp_path)}
    recomputed = {cid for cid, r in again.items() if not r.cached}
    assert recomputed == {
        "expected_log_score",
        "bernoulli_equal_sigmas_rescale",
        "bernoulli_unequal_sigmas_proportional",
    }
    assert again["expected_log_score"].status == "refuted"  # the edit is seen, not a stale proof


def test_a_changed_budget_or_precision_is_a_new_key(tmp_path):
    run_audit(CHAIN[:1], cache=tmp_path)
    assert not run_audit(CHAIN[:1], dps=40, cache=tmp_path)[0].cached
    assert not run_audit(CHAIN[:1], budget=20.0, cache=tmp_path)[0].cached
    assert run_audit(CHAIN[:1], cache=tmp_path)[0].cached


@pytest.mark.parametrize("damage", ["garbage", "empty", "truncated", "wrong shape"])
def test_a_corrupt_entry_is_recomputed_with_one_warning(tmp_path, capsys, damage):
    claim = ["expected_log_score"]
    cold = run_audit(claim, cache=tmp_path)
    (entry,) = _entries(tmp_path)
    text = entry.read_text()
    entry.write_text(
        {
            "garbage": "\x00not json",
            "empty": "",
            "truncated": text[: len(text) // 2],
            "wrong shape": json.dumps({"verdicts": [["x", {"status": "proven"}]]}),
        }[damage]
    )
    capsys.readouterr()
    again = run_audit(claim, cache=tmp_path)
    warnings = capsys.readouterr().err.strip().splitlines()
    assert len(warnings) == 1 and "unreadable" in warnings[0] and "recomputed" in warnings[0]
    assert not again[0].cached and _json(again) == _json(cold)
    assert run_audit(claim, cache=tmp_path)[0].cached  # and stored whole again


def test_a_deleted_cache_is_rebuilt(tmp_path):
    cold = run_audit(CHAIN[:2], cache=tmp_path / "c")
    import shutil

    shutil.rmtree(tmp_path / "c")
    again = run_audit(CHAIN[:2], cache=tmp_path / "c")
    assert _json(again) == _json(cold) and not any(r.cached for r in again)


def _forge(entry: Path, change) -> None:
    data = json.loads(entry.read_text())
    for _, verdict in data["verdicts"]:
        change(verdict)
    entry.write_text(json.dumps(data))


def test_a_proof_written_into_the_cache_by_hand_is_not_proven(tmp_path, capsys):
    """An unknown verdict edited to "proven", with or without a theorem copied from a
    genuine entry, comes back recomputed (its seal does not match), never proven."""
    run_audit(["expected_log_score", "linear_score_proper"], cache=tmp_path)
    entries = {json.loads(p.read_text())["verdicts"][0][1]["status"]: p for p in _entries(tmp_path)}
    genuine = next(
        v["theorem"]
        for p in _entries(tmp_path)
        for _, v in json.loads(p.read_text())["verdicts"]
        if v["theorem"]
    )
    for entry in _entries(tmp_path):

        def promote(verdict, theorem=genuine):
            verdict["status"] = "proven"
            verdict["theorem"] = {**theorem, "statement": "0" * 64}

        _forge(entry, promote)
    results = run_audit(["expected_log_score", "linear_score_proper"], cache=tmp_path)
    assert not any(r.cached for r in results)
    assert entries  # both entries were there to forge
    fresh = run_audit(["expected_log_score", "linear_score_proper"])
    assert _json(results) == _json(fresh)


def test_two_audits_at_once_neither_corrupt_nor_wait(tmp_path):
    """Two processes audit into one empty cache at the same time: both finish with the same
    bytes, and the cache then serves both claims."""
    code = (
        "import sys, json; from symbolic.ledger.audit import run_audit; "
        "from symbolic.outputs.report import to_json; "
        f"r = run_audit({CHAIN[:3]!r}, cache=sys.argv[1]); "
        "print(json.dumps(to_json(r, timings=False), sort_keys=True))"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, cwd=ROOT
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert outputs[0] == outputs[1] and outputs[0]
    assert all(r.cached for r in run_audit(CHAIN[:3], cache=tmp_path))
    assert not list(tmp_path.rglob(".entry-*")), "no temporary file is left behind"


def test_a_cache_directory_that_cannot_be_made_is_one_error(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["audit", "--claim", CHAIN[0], "--cache-dir", str(blocker / "sub")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cache directory" in err[0]


def test_keys_ignore_the_run_but_not_the_statement():
    """The canonical text renumbers SymPy's dummies (a run's counter does not show) and sees
    a changed assumption."""
    from symbolic.engine.digest import canonical

    a, b = sp.Dummy("t", positive=True), sp.Dummy("t", positive=True)
    assert canonical(a + 1) == canonical(b + 1)
    assert canonical(sp.Symbol("t", positive=True)) != canonical(sp.Symbol("t"))
    assert canonical({"x": 1, "y": 2}) == canonical({"y": 2, "x": 1})
