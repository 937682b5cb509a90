"""Faults: a run killed mid-write, a full disk, concurrent runs, empty and unwritable paths.

Every output goes through ``symbolic.outputs.files``: after any of these a file present is
whole (old bytes or new), a directory is the old one or the new one (never a mix, no stale
page), and the user is told in one line with a non-zero exit.
"""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from symbolic.cli import main
from symbolic.errors import GrpoSigmaError
from symbolic.outputs import files

ROOT = Path(__file__).resolve().parent.parent
GROUP = ["group", "--target", "0.2,0.8", "--prediction", "0.5,0.5", "--prediction", "0.4,0.6"]


def versions(size: int = 400_000) -> dict[str, bytes]:
    """Two whole contents of one file, told apart by their first byte."""
    return {tag: (tag * size).encode() for tag in "AB"}


def trees() -> list[dict[str, str]]:
    """Two whole outputs of one directory with different pages (as two audits of two claims)."""
    return [
        {
            "index.html": "first: a b\n",
            "claims/a.html": "a" * 50_000,
            "claims/b.html": "b" * 50_000,
        },
        {"index.html": "second: c\n", "claims/c.html": "c" * 50_000},
    ]


def tree_of(directory: Path) -> dict[str, str]:
    return {
        p.relative_to(directory).as_posix(): p.read_text()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(f"*{files.TEMPORARY}*"))


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ----------------------------------------------------------------- SIGKILL mid-write
WRITER = textwrap.dedent(
    """
    import os, sys, time
    from symbolic.outputs import files
    real = os.write
    def slow(fd, data):  # 64 KiB at a time, so that a kill lands inside a write
        time.sleep(0.001)
        return real(fd, bytes(data[:65536]))
    os.write = slow
    target, kind = sys.argv[1], sys.argv[2]
    print("ready", flush=True)
    for n in range(10**6):
        if kind == "file":
            files.write_file(target, ("AB"[n % 2] * 400_000).encode())
        else:
            first = {"index.html": "first: a b\\n", "claims/a.html": "a" * 50_000,
                     "claims/b.html": "b" * 50_000}
            second = {"index.html": "second: c\\n", "claims/c.html": "c" * 50_000}
            files.write_files(target, (first, second)[n % 2])
    """
)


def kill_writer(target: Path, kind: str, after: float) -> None:
    """Start a process writing ``target`` over and over; SIGKILL it ``after`` seconds in."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target), kind], stdout=subprocess.PIPE, env=env
    )
    assert child.stdout.readline().strip() == b"ready"
    time.sleep(after)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL


@pytest.mark.parametrize("after", [0.02, 0.05, 0.08, 0.13, 0.21])
def test_a_file_killed_mid_write_is_old_or_new(tmp_path, after):
    target = tmp_path / "report.json"
    target.write_bytes(versions()["A"])
    kill_writer(target, "file", after)
    assert target.read_bytes() in versions().values()


@pytest.mark.parametrize("after", [0.02, 0.06, 0.11, 0.17])
def test_a_directory_killed_mid_write_is_old_or_new_and_the_next_run_clears_up(tmp_path, after):
    target = tmp_path / "html"
    files.write_files(target, trees()[0])
    kill_writer(target, "tree", after)
    assert tree_of(target) in trees()
    files.write_files(target, trees()[1])  # the next run removes the killed run's leftovers
    assert tree_of(target) == trees()[1]
    assert leftovers(tmp_path) == []


def test_an_interrupt_while_a_directory_is_built_keeps_the_old_one(tmp_path):
    target = tmp_path / "figures"
    files.write_files(target, trees()[0])
    with pytest.raises(KeyboardInterrupt), files.building(target) as new:
        (new / "index.html").write_text("half")
        raise KeyboardInterrupt
    assert tree_of(target) == trees()[0]
    assert leftovers(tmp_path) == []


# --------------------------------------------------------------------------- full disk
def no_space_after(monkeypatch, writes: int) -> None:
    """``os.write`` that fails with ENOSPC after ``writes`` successful calls of 4 bytes each."""
    real, count = os.write, [0]

    def write(fd: int, data: bytes) -> int:
        count[0] += 1
        if count[0] > writes:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, bytes(data[:4]))

    monkeypatch.setattr(os, "write", write)


@pytest.mark.parametrize("writes", [0, 1])
def test_a_full_disk_keeps_the_previous_file(tmp_path, monkeypatch, writes):
    target = tmp_path / "out.json"
    target.write_text("previous")
    no_space_after(monkeypatch, writes)
    with pytest.raises(GrpoSigmaError, match="No space left on device"):
        files.write_file(target, b"x" * 10)
    assert target.read_text() == "previous"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("writes", [0, 1, 2])
def test_a_full_disk_keeps_the_previous_directory(tmp_path, monkeypatch, writes):
    target = tmp_path / "html"
    files.write_files(target, trees()[0])
    no_space_after(monkeypatch, writes)
    with pytest.raises(GrpoSigmaError, match=f"cannot write {target}: No space left"):
        files.write_files(target, trees()[1])
    assert tree_of(target) == trees()[0]
    assert leftovers(tmp_path) == []


def test_a_full_disk_under_the_cli_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    target = tmp_path / "group.json"
    target.write_text("previous")
    no_space_after(monkeypatch, 0)
    code, _, err = run_cli(capsys, *GROUP, "--json", str(target))
    assert code == 2
    assert err.count("\n") == 1 and "No space left on device" in err
    assert target.read_text() == "previous"


def test_a_failing_fsync_keeps_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    target.write_text("previous")

    def fsync(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(GrpoSigmaError, match="Input/output error"):
        files.write_file(target, "new")
    assert target.read_text() == "previous"


@pytest.fixture
def small_disk(tmp_path):
    """A 256 KiB tmpfs (skipped where it cannot be mounted)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_really_full_disk_keeps_the_file_and_the_directory(small_disk):
    previous = small_disk / "out.bin"
    previous.write_bytes(b"p" * 1000)
    with pytest.raises(GrpoSigmaError, match="No space left on device"):
        files.write_file(previous, b"x" * 400_000)
    assert previous.read_bytes() == b"p" * 1000
    site = small_disk / "site"
    files.write_files(site, {"index.html": "old"})
    with pytest.raises(GrpoSigmaError, match="No space left on device"):
        files.write_files(site, {"index.html": "new", "big.html": "x" * 400_000})
    assert tree_of(site) == {"index.html": "old"}
    assert leftovers(small_disk) == []


# ---------------------------------------------------------------------- concurrent runs
def test_concurrent_directory_writers_leave_one_whole_output(tmp_path):
    target = tmp_path / "html"
    errors: list[BaseException] = []

    def writer(tree: dict[str, str]) -> None:
        try:
            for _ in range(6):
                files.write_files(target, tree)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(tree,)) for tree in trees() * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert tree_of(target) in trees()
    assert leftovers(tmp_path) == []


def test_concurrent_file_writers_leave_one_whole_file(tmp_path):
    target = tmp_path / "out.json"
    contents = versions(200_000)

    def writer(tag: str) -> None:
        for _ in range(10):
            files.write_file(target, contents[tag])

    threads = [threading.Thread(target=writer, args=(tag,)) for tag in "ABAB"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert target.read_bytes() in contents.values()
    assert leftovers(tmp_path) == []


def test_a_second_writer_waits_for_the_first(tmp_path):
    target = tmp_path / "notebooks"
    finished = threading.Event()
    with files.building(target) as new:
        (new / "a.ipynb").write_text("{}")
        later = threading.Thread(
            target=lambda: (files.write_files(target, {"b.ipynb": "{}"}), finished.set())
        )
        later.start()
        assert not finished.wait(0.3)  # the lock is held: the second run waits its turn
    later.join()
    assert finished.is_set()
    assert tree_of(target) == {"b.ipynb": "{}"}


def test_processes_writing_one_directory_take_turns(tmp_path):
    target = tmp_path / "html"
    files.write_files(target, trees()[0])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = textwrap.dedent(
        """
        import sys
        from symbolic.outputs import files
        tree = {"index.html": sys.argv[2], f"claims/{sys.argv[2]}.html": sys.argv[2]}
        for _ in range(8):
            files.write_files(sys.argv[1], tree)
        """
    )
    children = [
        subprocess.Popen([sys.executable, "-c", script, str(target), name], env=env)
        for name in ("x", "y", "z")
    ]
    assert [child.wait() for child in children] == [0, 0, 0]
    final = tree_of(target)
    name = final["index.html"]
    assert final == {"index.html": name, f"claims/{name}.html": name}


def test_a_second_report_leaves_no_stale_page_and_keeps_the_users_files(tmp_path):
    target = tmp_path / "html"
    files.write_files(target, trees()[0])
    (target / "notes.txt").write_text("mine")
    (target / "claims" / "mine.txt").write_text("mine too")
    files.write_files(target, trees()[1])
    assert tree_of(target) == {**trees()[1], "notes.txt": "mine", "claims/mine.txt": "mine too"}


def test_figures_keep_the_other_commands_files(tmp_path):
    target = tmp_path / "figures"
    files.write_files(target, {"a.png": "1", "a.svg": "1", "bereket_leskovec/figure1.png": "d"})
    (target / "reliability.png").write_text("simulate's")
    files.write_files(target, {"b.png": "2"}, owns=lambda path: path.startswith(("a.", "b.")))
    assert tree_of(target) == {
        "b.png": "2",
        "reliability.png": "simulate's",
        "bereket_leskovec/figure1.png": "d",
    }


@pytest.mark.slow
def test_two_audits_into_one_folder_leave_only_the_second_report(tmp_path, capsys):
    from tools import need_tool

    need_tool("dot")  # the report embeds the claims' graph
    out = tmp_path / "html"
    for claim in ("group_mean_definition", "group_std_definition"):
        code, _, _ = run_cli(capsys, "audit", "--claim", claim, "--html", str(out), "--quiet")
        assert code == 0
    pages = sorted(p.name for p in (out / "claims").iterdir())
    assert pages == ["group_std_definition.html"]
    index = (out / "index.html").read_text()
    assert "group_std_definition" in index and "group_mean_definition.html" not in index


# -------------------------------------------------------------------------- empty paths
@pytest.mark.parametrize(
    "argv",
    [
        [*GROUP, "--json", ""],
        [*GROUP, "--json", "   "],
        ["audit", "--html", ""],
        ["simulate", "--plot", ""],
        ["latex", "--out", " "],
        ["notebooks", "--out", ""],
        ["review", ""],
        ["predictions", "\t"],
    ],
)
def test_an_empty_path_is_a_usage_error(capsys, argv):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "empty path" in err


@pytest.mark.parametrize("call", [files.write_file, files.write_files])
def test_the_writer_refuses_an_empty_path(call):
    with pytest.raises(GrpoSigmaError, match="empty path"):
        call("", {} if call is files.write_files else "x")


# ---------------------------------------------------------------------- unwritable paths
def unwritable(tmp_path: Path) -> dict[str, str]:
    """Paths no one can write, root included."""
    plain = tmp_path / "plain.txt"
    plain.write_text("a file")
    (tmp_path / "folder").mkdir(exist_ok=True)
    return {
        "below a file": str(plain / "out.json"),
        "no such folder": str(tmp_path / "missing" / "out.json"),
        "a folder": str(tmp_path / "folder"),
        "in /proc": "/proc/grpo-sigma-out.json",
    }


@pytest.mark.parametrize("case", ["below a file", "no such folder", "a folder", "in /proc"])
def test_an_unwritable_json_path_is_one_line_before_any_work(tmp_path, capsys, case):
    code, out, err = run_cli(capsys, *GROUP, "--json", unwritable(tmp_path)[case])
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("grpo-sigma: error: ")


@pytest.mark.parametrize(
    "argv",
    [
        ["audit", "--html", "{tmp}/plain.txt"],
        ["latex", "--out", "{tmp}/plain.txt/derivations"],
        ["figures", "--out", "{tmp}/missing/figures"],
        ["notebooks", "--out", "/proc/grpo-sigma-notebooks"],
    ],
)
def test_an_unwritable_folder_is_one_line_before_any_work(tmp_path, capsys, argv):
    unwritable(tmp_path)
    code, out, err = run_cli(capsys, *(a.format(tmp=tmp_path) for a in argv))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "cannot write" in err or "not a directory" in err


def test_a_folder_holding_the_current_directory_is_not_replaced(tmp_path, monkeypatch):
    (tmp_path / "keep.txt").write_text("mine")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(GrpoSigmaError, match="current directory"):
        files.write_files(".", {"index.html": "x"})
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_a_read_only_file_system_keeps_the_previous_output(small_disk):
    previous = small_disk / "out.json"
    previous.write_text(json.dumps({"previous": True}))
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    with pytest.raises(GrpoSigmaError, match="Read-only file system|permission|read-only"):
        files.write_file(previous, "{}")
    assert json.loads(previous.read_text()) == {"previous": True}


# ------------------------------------------------------------------------------ SIGINT
@pytest.mark.slow
@pytest.mark.parametrize("after", [2.5, 5.0])
def test_an_interrupt_is_one_line_exit_130_and_the_previous_output_stays(tmp_path, after):
    target = tmp_path / "simulate.json"
    target.write_text("previous")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = ["simulate", "--steps", "1000000", "--json", str(target)]
    child = subprocess.Popen(
        [sys.executable, "-m", "symbolic", *command], stderr=subprocess.PIPE, env=env
    )
    time.sleep(after)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=120)
    assert child.returncode == 130
    assert err.decode() == "grpo-sigma: interrupted\n"
    assert target.read_text() == "previous"


# ------------------------------------------------------------------- one writer only
WRITES = re.compile(
    r"write_text\(|write_bytes\(|os\.replace\(|json\.dump\(|nbformat\.write\(|savefig\((?!png|out)"
    r"|open\([^)]*[\"'][wax]b?\+?[\"']"
)


def test_every_output_goes_through_the_one_writer():
    """No module but ``outputs/files.py`` writes a file itself (``pdf.py`` fills pdflatex's
    temporary build folder, which is not an output; ``--quiet`` opens the null device; the
    verdict cache is not an output and ``ledger`` may not import ``outputs``: it writes each
    entry atomically on its own)."""
    caught = ['p.write_text("x")', 'open(p, "w")', "figure.savefig(path)", "open(p, 'ab')"]
    assert all(WRITES.search(line) for line in caught)  # the scan is not vacuous
    package = ROOT / "symbolic"
    direct = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted(package.rglob("*.py"))
        if path not in (package / "outputs" / "files.py", package / "ledger" / "cache.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if WRITES.search(line) and "build" not in line and "os.devnull" not in line
    ]
    assert direct == [], "write through symbolic.outputs.files:\n" + "\n".join(direct)


def test_a_link_to_the_output_folder_stays_a_link(tmp_path):
    real = tmp_path / "real"
    files.write_files(real, trees()[0])
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    files.write_files(link, trees()[1])
    assert link.is_symlink() and tree_of(real) == trees()[1]
    assert leftovers(tmp_path) == []


def test_a_probe_a_killed_run_left_is_cleared_by_the_next_run(tmp_path):
    target = tmp_path / "html"
    files.write_files(target, trees()[0])
    dead = tmp_path / f".html{files.TEMPORARY}probe-deadbeef"
    dead.write_bytes(b"")  # a run killed between creating its probe and removing it
    files.write_files(target, trees()[1])
    assert tree_of(target) == trees()[1] and leftovers(tmp_path) == []
