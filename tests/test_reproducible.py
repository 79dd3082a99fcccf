"""Same inputs, same environment: byte-identical outputs, anywhere, any time; `verify` checks it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project, digest

pytestmark = pytest.mark.e2e
CLI = str(Path(sys.executable).with_name("kulturdialog"))


def render_in(root: Path, cwd: Path, tz: str) -> dict[str, str]:
    env = {**os.environ, "KULTURDIALOG_ROOT": str(root), "TZ": tz}
    subprocess.run([CLI, "render", "2021", "--quiet"], cwd=cwd, env=env, check=True, timeout=300)
    return digest(root / "reports/2021")


def test_two_renders_in_two_folders_at_two_times_are_identical(_rendered_template, tmp_path):
    other = copy_project(tmp_path / "elsewhere" / "deeper" / "project")
    first = digest(_rendered_template / "reports/2021")
    second = render_in(other, cwd=tmp_path, tz="America/Los_Angeles")
    assert {n for n in first if "/" not in n} == {
        "annual_summary.docx",
        "annual_summary.html",
        "annual_summary.pdf",
        "annual_summary.ipynb",
        "manifest.json",
    }
    assert any(n.startswith("annual_summary-files/") for n in first)  # figures and tables too
    assert first == second


def test_no_output_names_a_folder_host_or_clock(_rendered_template):
    import socket

    folder = _rendered_template / "reports/2021"
    for name in ("annual_summary.ipynb", "manifest.json"):
        text = (folder / name).read_text(encoding="utf-8")
        assert str(_rendered_template) not in text
        assert f'"{socket.gethostname()}"' not in text
        assert "start_time" not in text and "duration" not in text


def test_verify_says_identical_for_the_published_report(published):
    project, _ = published
    run = subprocess.run(
        [CLI, "verify", "2021"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "KULTURDIALOG_ROOT": str(project)},
    )
    assert run.returncode == 0, run.stderr
    assert "2021: the published report is reproduced byte for byte" in run.stdout


def test_verify_finds_a_changed_published_file(published):
    project, _ = published
    pdf = project / "reports/2021/annual_summary.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n% changed after publication\n")
    run = subprocess.run(
        [CLI, "verify", "2021"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "KULTURDIALOG_ROOT": str(project)},
    )
    assert run.returncode == 1
    assert "2021: annual_summary.pdf: DIFFERS" in run.stdout
    assert "2021: annual_summary.html: identical" in run.stdout
