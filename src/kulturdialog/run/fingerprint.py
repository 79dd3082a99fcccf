"""A content hash of everything a render depends on, so an unchanged year can be skipped.

Only the standard library and PyYAML (and the notebook's parameters cell, read as JSON):
checking that nothing changed must take a blink.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kulturdialog import paths
from kulturdialog.data.inputs import input_files

if TYPE_CHECKING:
    from kulturdialog.run.params import Values

PACKAGE_SUFFIXES = {".py", ".css", ".j2", ".json", ".ttf", ".woff2", ".yaml", ".typ"}


def inputs(year: int, notebook: str, root: Path) -> list[Path]:
    """Files a render of `year` depends on: its input files, the package's code and the lock."""
    from kulturdialog.run.params import data_settings

    settings = data_settings(paths.notebook_file(notebook, root), params_values(year, root))
    files = input_files(year, notebook, root, *settings)
    files += [p for p in (root / "requirements.lock",) if p.is_file()]
    files += [
        f
        for f in paths.PACKAGE_DIR.rglob("*")
        if f.is_file() and f.suffix in PACKAGE_SUFFIXES and "__pycache__" not in f.parts
    ]
    return sorted(files)


def render_key(
    year: int,
    notebook: str,
    root: Path,
    formats: tuple[str, ...] = (),
    overrides: tuple[tuple[str, object], ...] = (),
) -> str:
    """SHA-256 over the names and contents of every input, the formats, a grid value's
    parameters and the Python version."""
    head = f"{year}\n{notebook}\n{sys.version}\n{','.join(formats)}\n{overrides!r}\n"
    digest = hashlib.sha256(head.encode())
    for file in inputs(year, notebook, root):
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
