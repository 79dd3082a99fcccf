"""Runs beyond Debian: no Linux-only call on the path of validate/render/verify without a
portable fallback; batches with `spawn`; package hygiene (LICENSE, --version, metadata)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT

from kulturdialog.cli import main
from kulturdialog.publish import swap as pub
from kulturdialog.run import batch

CLI = str(Path(sys.executable).with_name("kulturdialog"))


def test_workers_start_with_forkserver_on_linux_and_spawn_elsewhere(monkeypatch):
    monkeypatch.delenv("KULTURDIALOG_START_METHOD", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert batch.start_method() == "forkserver"
    for platform in ("win32", "darwin"):
        monkeypatch.setattr(sys, "platform", platform)
        assert batch.start_method() == "spawn"


def test_the_start_method_can_be_chosen_and_a_wrong_one_is_a_clear_error(monkeypatch):
    from kulturdialog.errors import KulturdialogError

    monkeypatch.setenv("KULTURDIALOG_START_METHOD", "spawn")
    assert batch.start_method() == "spawn"
    monkeypatch.setenv("KULTURDIALOG_START_METHOD", "teleport")
    with pytest.raises(KulturdialogError, match="KULTURDIALOG_START_METHOD"):
        batch.start_method()


def test_liveness_of_a_process_is_checked_with_psutil():
    assert pub._alive(os.getpid())
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    assert not pub._alive(finished.pid)


def test_without_renameat2_the_swap_falls_back_to_two_renames(tmp_path, monkeypatch):
    import ctypes

    def no_libc(*args, **kwargs):
        raise TypeError("no CDLL(None) on this platform")  # as on Windows

    monkeypatch.setattr(ctypes, "CDLL", no_libc)
    assert pub._exchange(tmp_path, tmp_path) is False
    final = tmp_path / "reports/2021"
    final.mkdir(parents=True)
    (final / "a.html").write_text("gammal")
    staged = pub.staging(tmp_path / "reports", "2021")
    (staged / "a.html").write_text("ny")
    pub.publish(staged, final)
    assert (final / "a.html").read_text() == "ny"
    assert not (tmp_path / "reports/.2021.previous").exists()


def test_the_year_lock_is_a_filelock(tmp_path):
    from filelock import FileLock, Timeout

    with pub.year_lock(tmp_path, "2021"), pytest.raises(Timeout):
        FileLock(tmp_path / ".locks/2021.lock").acquire(timeout=0.1)
    with FileLock(tmp_path / ".locks/2021.lock").acquire(timeout=1):
        pass


def test_nothing_in_the_package_imports_fcntl():
    found = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "src").rglob("*.py")
        if re.search(r"^\s*(import fcntl|from fcntl)", p.read_text(encoding="utf-8"), re.M)
    ]
    assert found == []


NO_FCNTL = """
import sys
sys.modules["fcntl"] = None  # as on Windows: `import fcntl` fails
from kulturdialog.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.e2e
def test_validate_and_render_work_without_fcntl(project):
    env = {**os.environ, "KULTURDIALOG_ROOT": str(project)}
    for args in (["validate", "2021"], ["render", "2021", "--formats", "html", "--quiet"]):
        run = subprocess.run(
            [sys.executable, "-c", NO_FCNTL, *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert run.returncode == 0, run.stderr
    assert (project / "reports/2021/annual_summary.html").is_file()
    assert (project / "reports/index.html").is_file()


@pytest.mark.e2e
def test_a_batch_of_two_years_renders_with_spawn(project, monkeypatch):
    import multiprocessing

    monkeypatch.setenv("KULTURDIALOG_START_METHOD", "spawn")
    chosen = []
    real = multiprocessing.get_context

    def spy(method=None):
        chosen.append(method)
        return real(method)

    monkeypatch.setattr(multiprocessing, "get_context", spy)
    outcomes = batch.render_many([2020, 2021], jobs=2, root=project, formats=("html",))
    assert chosen == ["spawn"]
    assert [(o.year, o.status) for o in outcomes] == [(2020, "rendered"), (2021, "rendered")]
    for year in (2020, 2021):
        assert (project / f"reports/{year}/annual_summary.html").is_file()


# -- package hygiene ----------------------------------------------------------------------------
def test_license_and_project_metadata():
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("MIT License")
    assert "OFL" in license_text  # the fonts' own licence is named
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"
    assert project["authors"] and project["urls"] and project["classifiers"]
    assert any("Windows" in c for c in project["classifiers"])


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert re.fullmatch(r"kulturdialog \d+\.\d+\.\d+\S*\n", capsys.readouterr().out)


def test_export_needs_no_xlsx_flag_and_still_accepts_it(project, tmp_path):
    assert main(["export", "2021", "--out", str(tmp_path / "a.xlsx")]) == 0
    assert main(["export", "2021", "--xlsx", "--out", str(tmp_path / "b.xlsx")]) == 0
    assert (tmp_path / "a.xlsx").is_file() and (tmp_path / "b.xlsx").is_file()


def test_validate_and_verify_accept_a_notebook(project, capsys, monkeypatch):
    assert main(["validate", "2021", "--notebook", "municipality_profile"]) == 0
    seen = {}

    def fake_verify(year, root=None, notebook="annual_summary", overrides=None):
        seen["notebook"] = notebook
        from kulturdialog.run.render import Verified

        return Verified(year, {"x": True})

    monkeypatch.setattr("kulturdialog.run.render.verify", fake_verify)
    assert main(["verify", "2021", "--notebook", "trends"]) == 0
    assert seen == {"notebook": "trends"}


def test_every_makefile_target_has_a_documented_equivalent():
    targets = re.findall(r"^([a-z]+):", (ROOT / "Makefile").read_text(), re.M)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Without make") :]
    for target in targets:
        assert f"`make {target}" in table, f"make {target} has no equivalent in the README"


def test_environment_yml_uses_conda_forge_alone():
    import yaml

    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge", "nodefaults"]
