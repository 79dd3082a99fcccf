"""Where the project's folders are: resolved from the project root, never from the cwd."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ASSETS_DIR = PACKAGE_DIR / "assets"
TEMPLATES_DIR = PACKAGE_DIR / "templates"


def project_root(given: Path | None = None) -> Path:
    """The project root: `given`, else $KULTURDIALOG_ROOT, else the checkout this package is
    installed from (else the nearest folder holding data/reference/, else the cwd)."""
    if given is not None:
        return given
    env = os.environ.get("KULTURDIALOG_ROOT")
    if env:
        return Path(env).resolve()
    checkout = PACKAGE_DIR.parents[1]
    if (checkout / "pyproject.toml").is_file() and (checkout / "notebooks").is_dir():
        return checkout
    for folder in [Path.cwd(), *Path.cwd().parents]:
        if (folder / "data" / "reference").is_dir():
            return folder
    return Path.cwd()


def data_dir(root: Path | None = None, name: str = "data") -> Path:
    return project_root(root) / name


def params_file(year: int, root: Path | None = None) -> Path:
    return project_root(root) / "params" / f"{year}.yaml"


def notebook_file(name: str = "annual_summary", root: Path | None = None) -> Path:
    return project_root(root) / "notebooks" / f"{name}.ipynb"


def reports_dir(root: Path | None = None) -> Path:
    return project_root(root) / "reports"


def relative(path: Path, root: Path | None = None) -> str:
    """`path` relative to the project root when inside it (for messages and provenance)."""
    base = project_root(root)
    try:
        return Path(path).resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)
