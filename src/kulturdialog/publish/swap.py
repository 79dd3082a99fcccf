"""Build a report in a staging folder and swap it into reports/<year>/ in one atomic step.

Portable: the per-year lock is `filelock` (fcntl on POSIX, msvcrt on Windows), the liveness
check of a killed run's process is `psutil`. The swap is one `renameat2(RENAME_EXCHANGE)` on
Linux; where that call is missing (macOS, Windows, old kernels, some file systems) it falls back
to two renames — `final` → `.final.previous`, staging → `final` — and a crash between the two
is undone by the next publish (or `recover`): the previous report is put back.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

_RENAME_EXCHANGE = 2  # renameat2 flag: swap two paths atomically (Linux ≥ 3.15)
_AT_FDCWD = -100
ARCHIVE = "archive"  # reports/<year>/archive/<version>/: every earlier published version


@contextlib.contextmanager
def year_lock(reports: Path, name: str) -> Iterator[None]:
    """One render of a report at a time; a second one waits for the first."""
    from filelock import FileLock

    locks = reports / ".locks"
    locks.mkdir(parents=True, exist_ok=True)
    # thread_local=False: a lock taken in one thread may be released from another; a new
    # FileLock per call, so two threads of one process exclude each other like two processes.
    with FileLock(locks / f"{name}.lock", thread_local=False):
        yield


def replace_whole(target: Path, data: bytes) -> None:
    """Write `target` whole or not at all: into a hidden file beside it, then one rename."""
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, target)


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
    import psutil

    return psutil.pid_exists(pid)


@dataclass(frozen=True)
class Archive:
    """The previous version's files (names in `final`) to keep under archive/`version`/."""

    version: str
    names: tuple[str, ...]


def publish(
    staged: Path,
    final: Path,
    keep: Callable[[str], bool] = lambda name: False,
    archive: Archive | None = None,
) -> None:
    """Make `staged` the new `final`: readers see either the old report or the new one.

    Files and folders of `final` for which `keep(name)` is true (another notebook's outputs, a
    grid's renders, the archive) carry over; with `archive`, the previous version's own files go
    to `archive/<version>/`. Everything is assembled in `staged` as hard links (a copy where the
    file system has none) — `final` is not touched until the one swap, so a crash at any point
    leaves the old report whole. The caller holds the year's lock.
    """
    recover(final)
    if final.is_dir():
        for item in final.iterdir():
            if not keep(item.name) or (staged / item.name).exists():
                continue
            if item.is_dir():
                shutil.copytree(item, staged / item.name, copy_function=_link, symlinks=True)
            elif item.is_file():
                _link(item, staged / item.name)
        if archive is not None:
            into = staged / ARCHIVE / archive.version
            into.mkdir(parents=True, exist_ok=True)
            for name in archive.names:
                source = final / name
                if source.is_dir():
                    shutil.copytree(source, into / name, copy_function=_link, dirs_exist_ok=True)
                elif source.is_file():
                    _link(source, into / name)
    for file in staged.rglob("*"):
        if file.is_file() and not file.is_symlink():
            _fsync(file)
    if final.exists() and _exchange(staged, final):
        shutil.rmtree(staged)  # now holds the previous report
    elif final.exists():
        old = _previous(final)
        shutil.rmtree(old, ignore_errors=True)
        os.rename(final, old)
        os.rename(staged, final)  # a crash before this line: recover() puts `old` back
        shutil.rmtree(old)
    else:
        final.parent.mkdir(parents=True, exist_ok=True)
        os.rename(staged, final)
    _fsync(final.parent)


def recover(final: Path) -> None:
    """Undo a fallback swap cut short: `final` is missing but its previous version is there."""
    old = _previous(final)
    if old.is_dir() and not final.exists():
        os.rename(old, final)
    elif old.exists():
        shutil.rmtree(old, ignore_errors=True)


def _previous(final: Path) -> Path:
    return final.with_name(f".{final.name}.previous")


def _link(source, target) -> str:
    """A hard link (the published files are never changed in place), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
    return str(target)


def keep_failed(staged: Path, failed: Path) -> Path:
    """Move a failed run's files to `failed` (replacing an older failure) and return it."""
    shutil.rmtree(failed, ignore_errors=True)
    failed.parent.mkdir(parents=True, exist_ok=True)
    os.rename(staged, failed)
    return failed


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically with Linux's renameat2; False where that is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):  # TypeError: Windows has no CDLL(None)
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _fsync(path: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder to flush it; files are flushed on close
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
