"""Which files a report reads: the data contract's files of each year, the years in data/.

Standard library only (and contract.py): the render key, the manifest and the appendices list
a report's inputs from here, and deciding whether a render can be skipped takes a blink.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
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


@dataclass(frozen=True)
class DataScope:
    """What a report reads from `data_dir`: its year and, with `compare`, the earlier years
    from `first_year` (0: every earlier year)."""

    data_dir: str = "data"
    compare: bool = True
    first_year: int = 0

    @classmethod
    def of(cls, values: Mapping[str, object]) -> DataScope:
        """The scope a report's parameter values set (`data_dir`, `compare`, `first_year`),
        the default where one is absent: the one rule for the render, its check and appendix."""
        first_year = values.get("first_year") or 0
        return cls(
            str(values.get("data_dir", "data")),
            bool(values.get("compare", True)),
            first_year if isinstance(first_year, int) else 0,
        )

    def years(self, year: int, root: Path) -> list[int]:
        """The years with data that a report of `year` reads, oldest first."""
        found = year_folders(root, self.data_dir)
        return [y for y in found if y == year or (self.compare and self.first_year <= y < year)]


def input_files(year: int, notebook: str, root: Path, scope: DataScope = DataScope()) -> list[Path]:
    """The input files of a report, as its manifest, its appendix and its render key list
    them: the reference tables, the files of the years it reads, its params file and its
    notebook. The one list of a report's inputs."""
    files = {f for y in scope.years(year, root) for f in data_files(y, root, scope.data_dir)}
    files |= {p for p in (paths.params_file(year, root), paths.notebook_file(notebook, root))}
    return sorted(f for f in files if f.is_file())
