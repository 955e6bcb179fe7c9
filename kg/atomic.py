"""Multi-file writes as one transaction: stage every output, switch them in at once, recover after a crash.

A transaction on a directory ``D`` (``data/regions``, ``build``, …):

1. takes an exclusive lock on ``D`` and creates ``D/.kg-staging-XXXX/``; every output
   (a file or a whole directory) is written there under its final name;
2. **commits** by renaming that directory to ``D/.kg-commit-XXXX/`` — one atomic rename,
   the only step that decides between old and new;
3. moves each staged entry onto its target in ``D`` (a directory target is first moved
   aside into the transaction directory);
4. removes the transaction directory.

A crash before step 2 leaves a staging directory: :func:`recover` deletes it (old state).
A crash after it leaves a commit directory: :func:`recover` finishes steps 3 and 4 (new
state). Writers call it before they start and readers (the build) before they read, so
the next command always sees the complete old or the complete new state. Names starting
with a dot are never data (see ``kg.build.source_files``), so the build never reads a
staged file.

Test hook: ``KG_FAULT=kill@STEP`` kills the process with SIGKILL at ``STEP`` and
``KG_FAULT=enospc@STEP`` fails it as a full disk would (any errno name works: ``eacces``,
``erofs``, …; ``STEP`` may use ``*``);
``KG_FAULT_TRACE=FILE`` appends every step reached to FILE. Steps are ``write:NAME``
(halfway through writing a staged file), ``commit``, ``install:NAME`` and ``cleanup``.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import signal
import tempfile
from contextlib import contextmanager
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Iterator

from kg.errors import WriteError, os_error_message

STAGING_PREFIX = ".kg-staging-"
COMMIT_PREFIX = ".kg-commit-"
_REPLACED = ".replaced"
#: Names of the staged outputs in the order they were staged: installed in that order, so
#: a writer stages last what readers look at first (a manifest naming the other outputs).
_ORDER = ".order"


def fault_point(step: str) -> None:
    """The test hook (see the module docstring); does nothing unless ``KG_FAULT``/``KG_FAULT_TRACE`` are set."""
    trace = os.environ.get("KG_FAULT_TRACE")
    if trace:
        with open(trace, "a", encoding="utf-8") as f:
            f.write(step + "\n")
    fault = os.environ.get("KG_FAULT")
    if not fault:
        return
    action, _, pattern = fault.partition("@")
    if not fnmatchcase(step, pattern):
        return
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    else:  # an errno name: enospc, eacces, erofs, …
        number = getattr(errno, action.upper())
        raise OSError(number, os.strerror(number))


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _lock(directory: Path) -> int:
    """Take an exclusive lock on ``directory`` (flock on the directory itself: no lock file to leave behind)."""
    fd = os.open(directory, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def _pending(directory: Path) -> list[Path]:
    try:
        return sorted(p for p in directory.iterdir() if p.name.startswith((STAGING_PREFIX, COMMIT_PREFIX)))
    except (FileNotFoundError, NotADirectoryError):
        return []


def _install_order(commit_dir: Path) -> list[Path]:
    """The staged entries still to install, in staging order."""
    order_file = commit_dir / _ORDER
    order = order_file.read_text(encoding="utf-8").splitlines() if order_file.is_file() else []
    present = {p.name for p in commit_dir.iterdir() if not p.name.startswith(".")}
    return [commit_dir / name for name in order if name in present] + \
        [commit_dir / name for name in sorted(present - set(order))]


def _install(commit_dir: Path, directory: Path) -> None:
    """Move every staged entry of a committed transaction onto its target, then remove the transaction."""
    for entry in _install_order(commit_dir):
        fault_point(f"install:{entry.name}")
        target = directory / entry.name
        if target.is_dir() and not target.is_symlink():
            # os.replace cannot put a directory over a non-empty one: move the old one aside first.
            aside = commit_dir / _REPLACED / entry.name
            aside.parent.mkdir(exist_ok=True)
            _remove(aside)
            os.replace(target, aside)
        os.replace(entry, target)
    _fsync_dir(directory)
    fault_point("cleanup")
    shutil.rmtree(commit_dir)


def _recover_locked(directory: Path) -> None:
    for pending in _pending(directory):
        if pending.name.startswith(COMMIT_PREFIX):
            _install(pending, directory)
        else:
            shutil.rmtree(pending)


def recover(directory: Path) -> None:
    """Finish a committed transaction or discard an uncommitted one left in ``directory`` by a crash.

    Cheap when there is nothing to do (one directory listing, no lock, no write).
    """
    if not _pending(directory):
        return
    try:
        fd = _lock(directory)
        try:
            _recover_locked(directory)
        finally:
            os.close(fd)
    except OSError as exc:
        raise WriteError(f"{os_error_message(exc)}; een onderbroken schrijfactie in {directory} "
                         "kon niet worden afgerond") from exc


class Transaction:
    """The outputs of one transaction; write each one at :meth:`path` (or with :meth:`write_text`)."""

    def __init__(self, directory: Path, staging: Path) -> None:
        self.directory = directory
        self.staging = staging
        #: The output being written (named in error messages when the error itself names no file).
        self.current: str | None = None
        self._order: list[str] = []

    def path(self, name: str) -> Path:
        """Where to write the new version of ``directory/name`` (a file or a directory)."""
        if not name or "/" in name or name.startswith("."):
            raise ValueError(f"not a plain output name: {name!r}")
        self.current = name
        if name not in self._order:
            self._order.append(name)
        return self.staging / name

    def write_text(self, name: str, text: str) -> Path:
        """Stage ``text`` as the new content of ``directory/name`` (UTF-8, ``\\n`` line ends)."""
        path = self.path(name)
        half = len(text) // 2
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text[:half])
            fault_point(f"write:{name}")
            f.write(text[half:])
            f.flush()
            os.fsync(f.fileno())
        return path

    def staged(self) -> list[str]:
        """Names of the outputs staged so far, in staging order."""
        present = {p.name for p in self.staging.iterdir()}
        return [name for name in self._order if name in present]

    def seal(self) -> None:
        """Record the staging order (for :func:`_install`, also when it runs in a later process)."""
        (self.staging / _ORDER).write_text("\n".join(self.staged()) + "\n", encoding="utf-8")

    def shown_path(self, exc: OSError) -> Path:
        """The path to name for an error: the final path of an output, never the hidden staged one."""
        if not exc.filename:
            return self.directory / self.current if self.current else self.directory
        path = Path(exc.filename)
        if not path.is_relative_to(self.directory):
            return path
        parts = path.relative_to(self.directory).parts
        if parts and parts[0].startswith((STAGING_PREFIX, COMMIT_PREFIX)):
            parts = parts[1:]
        return self.directory.joinpath(*parts)


@contextmanager
def transaction(directory: Path) -> Iterator[Transaction]:
    """Stage outputs for ``directory`` and switch them in together when the block ends without error.

    On an error inside the block nothing is switched in and the staged outputs are removed;
    an OSError (full disk, read-only directory, a file where a directory should be) becomes
    a :class:`~kg.errors.WriteError` naming the path. A transaction without outputs changes nothing.
    """
    try:
        directory.mkdir(parents=True, exist_ok=True)
        lock = _lock(directory)
    except OSError as exc:
        raise WriteError(f"{os_error_message(exc, directory)}; er is niets geschreven") from exc
    txn = Transaction(directory, directory)
    staging: Path | None = None
    committed = False
    try:
        _recover_locked(directory)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=directory))
        txn = Transaction(directory, staging)
        yield txn
        if txn.staged():
            txn.seal()
            _fsync_dir(staging)
            fault_point("commit")
            commit_dir = directory / (COMMIT_PREFIX + staging.name[len(STAGING_PREFIX):])
            os.rename(staging, commit_dir)
            committed = True
            _fsync_dir(directory)
            _install(commit_dir, directory)
    except OSError as exc:
        outcome = ("de nieuwe versie is vastgelegd en wordt bij het volgende commando afgemaakt" if committed
                   else f"niets gewijzigd, de vorige versie in {directory} is behouden")
        raise WriteError(f"{os_error_message(exc, txn.shown_path(exc))}; {outcome}") from exc
    finally:
        if staging is not None and not committed:
            shutil.rmtree(staging, ignore_errors=True)
        os.close(lock)


def recover_tree(root: Path) -> None:
    """:func:`recover` every folder below ``root`` (and ``root`` itself) that holds an unfinished transaction."""
    if not root.is_dir():
        return
    parents = {p.parent for prefix in (STAGING_PREFIX, COMMIT_PREFIX) for p in root.rglob(prefix + "*") if p.is_dir()}
    for parent in sorted(parents):
        recover(parent)
