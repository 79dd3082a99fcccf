"""Shared fixtures: the repository's sample data, and throw-away copies of the project."""

from __future__ import annotations

import hashlib
import os
import shutil
from fnmatch import fnmatch
from pathlib import Path

import pytest
from external import under_ci

from kulturdialog.data.load import load_year

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
    shutil.copy(ROOT / "kulturdialog.yaml", target)  # the publisher's settings
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
    from kulturdialog.run.render import render_year

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KULTURDIALOG_ROOT", str(root))
        return render_year(year, root, *args, **kwargs)


@pytest.fixture(scope="session")
def _rendered_template(tmp_path_factory):
    """A project copy with 2021 rendered once per test session."""
    root = copy_project(tmp_path_factory.mktemp("template") / "project")
    render_in(root, 2021)
    return root


@pytest.fixture(scope="session")
def rendered_2021_en(tmp_path_factory) -> Path:
    """A project copy with 2021 rendered once per test session in English (`language: en`)."""
    root = copy_project(tmp_path_factory.mktemp("english") / "project")
    (root / "params/2021.yaml").write_text("year: 2021\nlanguage: en\n", encoding="utf-8")
    render_in(root, 2021)
    return root


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """A unit test, its fixtures included, writes Word files without laying them out in
    LibreOffice (seconds each): the page numbers are tested end to end (test_word_contents)."""
    with pytest.MonkeyPatch.context() as mp:
        if item.get_closest_marker("e2e") is None:
            mp.setenv("KULTURDIALOG_WORD_PAGES", "0")
        return (yield)


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


# -- under CI a skip is a failure ----------------------------------------------------------------
# A green CI run must not hide a missing tool (veraPDF, LibreOffice, Chromium): when the variable
# CI is set (to anything but "", "0" or "false"), a skipped test fails with its skip reason —
# skipif, pytest.skip() in a test or fixture, importorskip, and skips while collecting a module.
# xfail is no skip. A skip that is right in CI too is allowed here, by a pattern (fnmatch) of the
# test's id, with its reason. None is.
ALLOWED_SKIPS_IN_CI: dict[str, str] = {}


def _skip_fails_under_ci(report, nodeid: str) -> None:
    if not report.skipped or hasattr(report, "wasxfail") or not under_ci():
        return
    if any(fnmatch(nodeid, pattern) for pattern in ALLOWED_SKIPS_IN_CI):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = (
        f"skipped, and a skip fails under CI={os.environ['CI']}: {reason.removeprefix('Skipped: ')}"
        "\nInstall what is missing, or allow the skip in conftest.ALLOWED_SKIPS_IN_CI (and why)."
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    _skip_fails_under_ci(report, item.nodeid)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    report = yield
    _skip_fails_under_ci(report, collector.nodeid)
    return report
