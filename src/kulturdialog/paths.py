"""Where the project's folders are: resolved from the project root, never from the cwd."""

from __future__ import annotations

import functools
import logging
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


PAIR_MARGIN = 1.0  # seconds: a pair saved together (jupytext's own margin)


def notebook_file(name: str = "annual_summary", root: Path | None = None) -> Path:
    """The notebook `name` in notebooks/: `name.ipynb`, or its jupytext twin `name.py` when
    that is the only one, or when it is newer and differs (edited in an editor; one line on
    stderr then names the stale file and the command that syncs the pair)."""
    folder = project_root(root) / "notebooks"
    ipynb, py = folder / f"{name}.ipynb", folder / f"{name}.py"
    if not py.is_file():
        return ipynb
    if not ipynb.is_file():
        return py
    newer = py.stat().st_mtime - ipynb.stat().st_mtime > PAIR_MARGIN
    return _newer_twin(ipynb, py, py.stat().st_mtime_ns) if newer else ipynb


@functools.lru_cache(maxsize=16)
def _newer_twin(ipynb: Path, py: Path, _changed: int) -> Path:
    """`py` if its cells differ from `ipynb`'s (said once per version of `py`), else `ipynb`."""
    import jupytext

    def cells(path: Path) -> list[tuple[str, str, list[str]]]:
        read = jupytext.read(path).cells
        return [(c.cell_type, c.source.strip(), c.metadata.get("tags", [])) for c in read]

    if cells(ipynb) == cells(py):
        return ipynb
    logging.getLogger("kulturdialog").warning(
        "%s is older than %s and differs from it: using %s (to sync the pair: jupytext --sync %s)",
        ipynb.name,
        py.name,
        py.name,
        relative(py, py.parent.parent),  # notebooks/NAME.py
    )
    return py


def reports_dir(root: Path | None = None) -> Path:
    return project_root(root) / "reports"


def relative(path: Path, root: Path | None = None) -> str:
    """`path` relative to the project root when inside it (for messages and provenance)."""
    base = project_root(root)
    try:
        return Path(path).resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)
