"""A content hash of everything a render depends on, so an unchanged year can be skipped.

Only the standard library and PyYAML (and the notebook's parameters cell, read as JSON):
checking that nothing changed must take a blink.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

from kulturdialog import contract, paths

PACKAGE_SUFFIXES = {".py", ".css", ".j2", ".json", ".ttf", ".woff2", ".yaml", ".typ"}


def year_folders(root: Path, data_dir: str = "data") -> list[int]:
    """Years that have a folder under data/, oldest first."""
    base = paths.data_dir(root, data_dir)
    if not base.is_dir():
        return []
    return sorted(
        int(p.name) for p in base.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name)
    )


def input_files(
    year: int,
    notebook: str,
    root: Path,
    data_dir: str = "data",
    compare: bool = True,
    since: int = 0,
) -> list[Path]:
    """The input files of a report, as its manifest and its appendix list them: the reference
    tables, the year's files and the earlier years' it compares with (from `since`), its
    params file and its notebook. The one list of a report's inputs."""
    years = [
        y for y in year_folders(root, data_dir) if y == year or (compare and since <= y < year)
    ]
    files = {f for y in years for f in data_files(y, root, data_dir)}
    files |= {p for p in (paths.params_file(year, root), paths.notebook_file(notebook, root))}
    return sorted(f for f in files if f.is_file())


def inputs(year: int, notebook: str, root: Path) -> list[Path]:
    """Files a render of `year` depends on: its input files, the package's code and the lock."""
    from kulturdialog.params import data_settings

    settings = data_settings(paths.notebook_file(notebook, root), params_values(year, root))
    files = input_files(year, notebook, root, *settings)
    files += [p for p in (root / "requirements.lock",) if p.is_file()]
    files += [
        f
        for f in paths.PACKAGE_DIR.rglob("*")
        if f.is_file() and f.suffix in PACKAGE_SUFFIXES and "__pycache__" not in f.parts
    ]
    return sorted(files)


def data_files(year: int, root: Path, data_dir: str = "data") -> list[Path]:
    """The files of the contract that a year's report reads: reference tables and the year's."""
    base = paths.data_dir(root, data_dir)
    reference = [base / contract.REFERENCE_FOLDER / n for n in contract.reference_file_names()]
    year_files = [base / str(year) / n for n in contract.year_file_names()]
    return sorted(f for f in [*reference, *year_files] if f.is_file())


def render_key(
    year: int, notebook: str, root: Path, formats: tuple[str, ...] = (), overrides: tuple = ()
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


def params_values(year: int, root: Path) -> dict:
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
