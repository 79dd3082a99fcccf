"""Which files a report reads: the data contract's files of each year, the years in data/.

Standard library only (and contract.py): the render key, the manifest and the appendices list
a report's inputs from here, and deciding whether a render can be skipped takes a blink.
"""

from __future__ import annotations

import re
from pathlib import Path

from kulturdialog import paths
from kulturdialog.data import contract


def year_folders(root: Path, data_dir: str = "data") -> list[int]:
    """Years that have a folder under data/, oldest first."""
    base = paths.data_dir(root, data_dir)
    if not base.is_dir():
        return []
    return sorted(
        int(p.name) for p in base.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name)
    )


def data_files(year: int, root: Path, data_dir: str = "data") -> list[Path]:
    """The files of the contract that a year's report reads: reference tables and the year's."""
    base = paths.data_dir(root, data_dir)
    reference = [base / contract.REFERENCE_FOLDER / n for n in contract.reference_file_names()]
    year_files = [base / str(year) / n for n in contract.year_file_names()]
    return sorted(f for f in [*reference, *year_files] if f.is_file())


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
