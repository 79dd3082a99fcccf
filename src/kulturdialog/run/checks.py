"""The checks before a render: a year's parameters against its notebook, and its input data."""

from __future__ import annotations

from pathlib import Path

from kulturdialog import paths
from kulturdialog.data import inputs
from kulturdialog.run import params
from kulturdialog.run.params import Values


def check_year(year: int, root: Path | None = None, notebook: str = "annual_summary") -> Values:
    """Check a year's parameters and input (and earlier years') without rendering; return params."""
    root = root or paths.project_root()
    values = check_parameters(year, root, notebook)
    check_data(year, root, *data_settings(notebook, root, values))
    return values


def check_parameters(
    year: int, root: Path, notebook: str, overrides: Values | None = None
) -> Values:
    """params/<year>.yaml (and a grid's `overrides`) against the notebook's parameters cell
    (ParameterError if wrong)."""
    return params.load(year, paths.notebook_file(notebook, root), root, overrides)


def check_data(year: int, root: Path, data_dir: str = "data", compare: bool = True) -> None:
    """The year's input, and the earlier years it is compared with (DataError if broken)."""
    from kulturdialog.data.load import load_year

    load_year(year, root, data_dir)
    if compare:
        for earlier in inputs.year_folders(root, data_dir):
            if earlier < year:
                load_year(earlier, root, data_dir)


def data_settings(notebook: str, root: Path, values: Values) -> tuple[str, bool]:
    """The data folder and whether earlier years are read, as the checked `values` set them."""
    return params.data_settings(paths.notebook_file(notebook, root), values)
