"""A content hash of everything a render depends on, so an unchanged year can be skipped.

Only the standard library and PyYAML (and the notebook's parameters cell, read as JSON):
checking that nothing changed must take a blink.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from kulturdialog import paths
from kulturdialog.data.settings import FILE as SETTINGS

if TYPE_CHECKING:
    from kulturdialog.publish.target import Target
    from kulturdialog.run.params import Values

PACKAGE_SUFFIXES = {".py", ".css", ".j2", ".json", ".ttf", ".woff2", ".yaml", ".typ"}


def code_files(root: Path) -> list[Path]:
    """What a render runs besides its inputs: the package's code and assets, the lock, and the
    project's settings (kulturdialog.yaml: the reuse tables' data package states its licence and
    publisher; the report's appendix lists the data, not the settings)."""
    files = [p for p in (root / "requirements.lock", root / SETTINGS) if p.is_file()]
    files += [
        f
        for f in paths.PACKAGE_DIR.rglob("*")
        if f.is_file() and f.suffix in PACKAGE_SUFFIXES and "__pycache__" not in f.parts
    ]
    return files


def render_key(target: Target, formats: tuple[str, ...], inputs: Iterable[Path], root: Path) -> str:
    """SHA-256 over the names and contents of the report's `inputs` and the code, the formats,
    a grid value's parameters and the Python version."""
    head = f"{target.year}\n{target.notebook}\n{sys.version}\n{','.join(formats)}\n"
    digest = hashlib.sha256(f"{head}{target.overrides!r}\n".encode())
    for file in sorted([*inputs, *code_files(root)]):
        name = (
            paths.relative(file, root)
            if file.is_relative_to(root)
            else "pkg/" + file.relative_to(paths.PACKAGE_DIR).as_posix()
        )
        digest.update(name.encode() + b"\0" + hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def params_values(year: int, root: Path) -> Values:
    """params/<year>.yaml as read, unchecked ({} if absent or unreadable): a quick first look."""
    path = paths.params_file(year, root)
    if not path.is_file():
        return {}
    import yaml

    try:
        values = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError:
        return {}
    return values if isinstance(values, dict) else {}
