"""Shared fixtures: the repository's sample data, and throw-away copies of the project."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from kulturdialog.load import load_year

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def year_2021():
    return load_year(2021, ROOT)


@pytest.fixture(scope="session")
def years(year_2021):
    return [load_year(2019, ROOT), load_year(2020, ROOT), year_2021]


def copy_project(target: Path) -> Path:
    """A copy of the project's inputs and notebooks that a test may change and render."""
    for name in ("data", "params", "notebooks"):
        shutil.copytree(ROOT / name, target / name)
    (target / "pyproject.toml").write_text("# test copy\n")
    return target


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A writable copy of the project; the code resolves the project root to it."""
    root = copy_project(tmp_path / "project")
    monkeypatch.setenv("KULTURDIALOG_ROOT", str(root))
    return root


def render_in(root: Path, year: int, *args, **kwargs):
    """`render_year(year, root, …)` with the project root set to `root`, as the CLI sets it."""
    from kulturdialog.render import render_year

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KULTURDIALOG_ROOT", str(root))
        return render_year(year, root, *args, **kwargs)


@pytest.fixture(scope="session")
def _rendered_template(tmp_path_factory):
    """A project copy with 2021 rendered once per test session."""
    root = copy_project(tmp_path_factory.mktemp("template") / "project")
    render_in(root, 2021)
    return root


def digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file in `folder` and its subfolders, by path relative to it."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def published(_rendered_template, tmp_path, monkeypatch):
    """A writable project copy with a good 2021 report published; returns (root, its digest)."""
    root = tmp_path / "project"
    shutil.copytree(_rendered_template, root)
    monkeypatch.setenv("KULTURDIALOG_ROOT", str(root))
    return root, digest(root / "reports/2021")
