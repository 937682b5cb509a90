"""The one writer of every output file, and the ``--out DIR`` generators built on it.

A file is written to a temporary file in its own directory (``os.write`` until every byte is
out, ``fsync``), then ``os.replace``-d over the target: a reader, or a run killed at any
instant, sees the old bytes or the new ones, never a part.  A directory output (``--html``,
``--plot DIR``, ``latex``, ``notebooks``, ``figures``) is built whole in a temporary sibling
directory and swapped in by one rename (an atomic exchange where the system has one), under a
lock on the parent directory, so concurrent runs into one directory take turns.  The new
directory keeps the files this output does not own (a user's own, another command's: by
default those whose suffix it never writes) and drops the ones it owns but no longer writes:
no stale page survives.  A full disk or an unwritable path is one ``GrpoSigmaError`` and the
previous output stays as it was.  Bytes are written as given (text as UTF-8 with ``\\n``), so a
second run writes the same bytes.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path, PurePosixPath

from ..errors import GrpoSigmaError
from ..options import add_out as add_out_option

__all__ = [
    "add_generator_command",
    "add_out_option",
    "building",
    "check_out_dir",
    "check_out_file",
    "write_file",
    "write_files",
]

TEMPORARY = ".grpo-sigma-"
"""Every temporary name starts with ``.<target>`` then this: ``.<target>.grpo-sigma-new-…``."""


# ------------------------------------------------------------------------ output paths
def check_out_file(path: str) -> None:
    """An output file that can be written (``-`` is stdout): its folder exists and is
    writable, and it is not a directory.  Checked before any work."""
    if path == "-":
        return
    target = _named(path)
    if target.is_dir():
        raise GrpoSigmaError(f"cannot write {target}: it is a directory")
    check_out_dir(target.parent)
    if not target.parent.exists():
        raise GrpoSigmaError(f"cannot write {target}: no directory {target.parent}")


def check_out_dir(out: str | Path) -> Path:
    """An output directory that can be written: an existing directory, or a new one whose
    parent exists (no directory is created above the one given).  Checked before any work."""
    directory = _named(out)
    if directory.exists():
        if not directory.is_dir():
            raise GrpoSigmaError(f"{directory} exists and is not a directory")
        writable = directory
    else:
        writable = directory.parent
        if not writable.is_dir():
            raise GrpoSigmaError(f"cannot write {directory}: {writable} is not a directory")
    _probe(writable, directory)
    if writable == directory:  # the swap creates its sibling and renames it
        _probe(directory.resolve().parent, directory)
    return directory


def _probe(folder: Path, target: Path) -> None:
    """Create and remove a file in ``folder``: the one test of writing that holds for every
    user (root included) and every file system (read-only, ``/proc``)."""
    # named for the target, so that the next run into it clears up a killed run's probe
    probe = folder / f".{target.resolve().name}{TEMPORARY}probe-{secrets.token_hex(4)}"
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        with contextlib.suppress(FileNotFoundError):  # cleared up by another run
            os.unlink(probe)
    except OSError as error:
        raise _failure(target, error) from None


def _named(path: str | Path) -> Path:
    if not str(path).strip():
        raise GrpoSigmaError("cannot write to an empty path; give a file or folder name")
    return Path(path)


def _failure(target: Path, error: OSError) -> GrpoSigmaError:
    reason = error.strerror or os.strerror(error.errno or errno.EIO)
    return GrpoSigmaError(f"cannot write {target}: {reason}")


# --------------------------------------------------------------------------- one file
def _write_all(path: Path, data: bytes) -> None:
    """Create ``path`` (it must not exist) and write ``data`` into it, fsynced."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every system can fsync a directory
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _temporary(target: Path, kind: str) -> Path:
    return target.with_name(f".{target.name}{TEMPORARY}{kind}-{secrets.token_hex(4)}")


def write_file(path: str | Path, content: str | bytes) -> Path:
    """Write one file atomically: a temporary file beside it, fsync, ``os.replace``."""
    target = _named(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    temporary = _temporary(target, "tmp")
    try:
        _write_all(temporary, data)
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise _failure(target, error) from None
    _sync_directory(target.parent)
    return target


# ---------------------------------------------------------------------- a directory
@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """An exclusive lock on ``directory`` (held by an open descriptor: a killed run frees
    it); other writers into it wait their turn."""
    try:
        import fcntl
    except ImportError:  # no advisory locks on this system: the swap alone stays atomic
        yield
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _exchange(new: Path, old: Path) -> bool:
    """Swap two directories in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where
    the system or the file system has no such call."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    rename = getattr(libc, "renameat2", None)
    if rename is None:
        return False
    at_cwd, exchange = -100, 2
    if rename(at_cwd, os.fsencode(new), at_cwd, os.fsencode(old), exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(old))


def _owned_by_suffix(suffixes: set[str]) -> Callable[[str], bool]:
    return lambda name: PurePosixPath(name).suffix in suffixes


def _carry_over(
    old: Path, new: Path, owns: Callable[[str], bool], written: set[str], prefix: str = ""
) -> None:
    """Link into ``new`` every entry of ``old`` it does not have and this output does not
    own; ``written`` holds the folders (``""``, ``"claims/"``) the output writes into: a folder
    it does not write into is kept whole."""
    for entry in sorted(os.scandir(old), key=lambda e: e.name):
        name = f"{prefix}{entry.name}"
        there = new / entry.name
        if entry.name.startswith(".") and TEMPORARY in entry.name:
            continue  # a killed run's leftovers
        if entry.is_dir(follow_symlinks=False):
            there.mkdir(exist_ok=True)
            shutil.copymode(entry.path, there)
            _carry_over(Path(entry.path), there, owns, written, f"{name}/")
        elif not there.exists() and not (prefix in written and owns(name)):
            if entry.is_symlink():
                os.symlink(os.readlink(entry.path), there)
            else:
                try:
                    os.link(entry.path, there)
                except OSError:  # another file system, or no hard links: copy
                    shutil.copy2(entry.path, there)


def _remove_leftovers(target: Path) -> None:
    """Delete the temporary directories and probe files of runs into ``target`` that were
    killed (under the lock: no live run has a directory; a live probe is gone at once)."""
    name = target.resolve().name
    for stale in target.resolve().parent.glob(f".{name}{TEMPORARY}*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        elif stale.name.startswith(f".{name}{TEMPORARY}probe-"):
            with contextlib.suppress(OSError):
                stale.unlink()


@contextlib.contextmanager
def building(out: str | Path, owns: Callable[[str], bool] | None = None) -> Iterator[Path]:
    """Replace the directory ``out`` (its parent must exist: no directory is created above
    it) by what the block writes into the empty directory it is given.

    The directory is built beside ``out`` and swapped in whole when the block ends (nothing
    changes if it raises).  ``owns(relative path)`` says which files already in ``out`` this
    output wrote (default: those with a suffix among the new files', in the folders the block
    writes into): they are dropped unless written again; every other file is kept.
    """
    target = check_out_dir(out)
    whole = target.resolve()
    if whole.is_dir() and (os.path.ismount(whole) or Path.cwd().resolve().is_relative_to(whole)):
        raise GrpoSigmaError(
            f"cannot write {target}: it is replaced whole, and it holds the current directory "
            "or a file system; choose a folder of its own"
        )
    with _locked(whole.parent):  # a link to a folder: the folder is replaced, the link stays
        _remove_leftovers(whole)
        new = _temporary(whole, "new")
        try:
            new.mkdir()
            os.chmod(new, os.stat(whole).st_mode if whole.is_dir() else 0o777 & ~_umask())
            yield new
            written = sorted(p.relative_to(new).as_posix() for p in new.rglob("*") if p.is_file())
            if whole.is_dir():
                folders = {f"{PurePosixPath(n).parent}/".removeprefix("./") for n in written}
                suffixes = {PurePosixPath(n).suffix for n in written}
                _carry_over(whole, new, owns or _owned_by_suffix(suffixes), folders)
            for name in written:
                _sync_file(new / name)
            for folder in sorted({(new / n).parent for n in written}, reverse=True):
                _sync_directory(folder)
            _swap(new, whole)
        except OSError as error:
            shutil.rmtree(new, ignore_errors=True)
            raise _failure(target, error) from None
        except BaseException:  # a user's mistake, an interrupt: the old output stays
            shutil.rmtree(new, ignore_errors=True)
            raise
        _sync_directory(whole.parent)
        shutil.rmtree(new, ignore_errors=True)  # after the swap: the old directory


def write_files(
    out: str | Path,
    files: Mapping[str, str | bytes],
    owns: Callable[[str], bool] | None = None,
) -> list[Path]:
    """Replace the directory ``out`` by one holding ``{relative path: content}`` (see
    ``building``) and return the paths, in the order given."""
    with building(out, owns) as new:
        for name, content in files.items():
            path = new / name
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_all(path, content.encode("utf-8") if isinstance(content, str) else content)
    return [Path(out) / name for name in files]


def _sync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target``; afterwards ``new`` names the old one (if any)."""
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        return
    aside = _temporary(target, "old")
    os.rename(target, aside)
    os.rename(new, target)
    os.rename(aside, new)


# ----------------------------------------------------------------- generator commands
def add_generator_command(
    commands: argparse._SubParsersAction,
    name: str,
    summary: str,
    write: Callable[..., list[Path]],
    default_out: str,
) -> argparse.ArgumentParser:
    """Register ``grpo-sigma NAME [--out DIR]``, which calls ``write(out, progress=...)`` (a
    progress line on a terminal after 2 s) and lists the files."""
    from ..console import ProgressBar

    def run(args: argparse.Namespace) -> int:
        check_out_dir(args.out)  # before any work
        bar = ProgressBar(name, delay=2.0)
        try:
            paths = write(args.out, progress=bar)
        finally:
            bar.close()
        for path in paths:
            print(path)
        return 0

    parser = commands.add_parser(name, help=summary)
    add_out_option(parser, default_out)
    parser.set_defaults(run=run)
    return parser
