"""Build a report in a staging folder and swap it into reports/<year>/ in one atomic step."""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

_RENAME_EXCHANGE = 2  # renameat2 flag: swap two paths atomically (Linux ≥ 3.15)
_AT_FDCWD = -100


@contextlib.contextmanager
def year_lock(reports: Path, name: str) -> Iterator[None]:
    """One render of a report at a time; a second one waits for the first."""
    locks = reports / ".locks"
    locks.mkdir(parents=True, exist_ok=True)
    with open(locks / f"{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def staging(reports: Path, name: str) -> Path:
    """A fresh folder on the same file system as reports/, so that publishing is a rename."""
    base = reports / ".staging"
    base.mkdir(parents=True, exist_ok=True)
    _remove_stale(base)
    folder = Path(tempfile.mkdtemp(prefix=f"{name}-{os.getpid()}-", dir=base))
    folder.chmod(0o755)  # mkdtemp makes it private; a published report is for every reader
    return folder


def _remove_stale(base: Path) -> None:
    """Remove staging folders left by runs that were killed (their process is gone)."""
    for folder in base.iterdir():
        parts = folder.name.rsplit("-", 2)  # NAME-PID-RANDOM; NAME may hold hyphens itself
        if len(parts) == 3 and parts[1].isdigit() and not _alive(int(parts[1])):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def publish(staged: Path, final: Path, keep=lambda name: False) -> None:
    """Make `staged` the new `final`: readers see either the old report or the new one.

    Files of `final` for which `keep(name)` is true (another notebook's outputs) carry over;
    so do its folders (a grid's renders), moved in one rename each just before the swap. The
    caller holds the year's lock, so nothing publishes into those folders meanwhile.
    """
    folders = []
    if final.is_dir():
        for item in final.iterdir():
            if not keep(item.name) or (staged / item.name).exists():
                continue
            if item.is_dir():
                folders.append(item)
            elif item.is_file():
                shutil.copy2(item, staged / item.name)
    for file in staged.iterdir():
        if file.is_file():
            _fsync(file)
    for folder in folders:
        os.rename(folder, staged / folder.name)
    if final.exists() and _exchange(staged, final):
        shutil.rmtree(staged)  # now holds the previous report
    elif final.exists():
        old = final.with_name(f".{final.name}.previous")
        shutil.rmtree(old, ignore_errors=True)
        os.rename(final, old)
        os.rename(staged, final)
        shutil.rmtree(old)
    else:
        final.parent.mkdir(parents=True, exist_ok=True)
        os.rename(staged, final)
    _fsync(final.parent)


def keep_failed(staged: Path, failed: Path) -> Path:
    """Move a failed run's files to `failed` (replacing an older failure) and return it."""
    shutil.rmtree(failed, ignore_errors=True)
    failed.parent.mkdir(parents=True, exist_ok=True)
    os.rename(staged, failed)
    return failed


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
