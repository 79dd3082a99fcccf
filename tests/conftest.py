"""Shared fixtures: the repository's sample data, and throw-away copies of the project."""

from __future__ import annotations

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
