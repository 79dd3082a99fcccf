"""Same inputs, same environment: byte-identical outputs, anywhere, any time; `verify` checks it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project, digest

pytestmark = pytest.mark.e2e
CLI = str(Path(sys.executable).with_name("kulturdialog"))
MOVED_CLOCK = "2031-07-01 12:00:00"  # years after the template's render, whenever the suite runs
# Prints the year a Python process sees, and the year its child process sees.
CLOCK_PROBE = (
    "import subprocess, sys, time; print(time.gmtime().tm_year, flush=True); "
    "subprocess.run([sys.executable, '-c', 'import time; print(time.gmtime().tm_year)'])"
)


def at_moved_clock(command: list[str]) -> list[str]:
    """`command` under Debian's libfaketime (LD_PRELOAD, inherited by every child process: the
    kernel, and Typst and python-docx inside the processes)."""
    faketime = shutil.which("faketime")
    if faketime is None:
        pytest.fail("faketime is needed to move the clock: scripts/install-system-deps --test")
    return [faketime, "-m", MOVED_CLOCK, *command]  # -m: the thread-safe library


def test_two_renders_in_two_folders_years_apart_are_identical(_rendered_template, tmp_path):
    other = copy_project(tmp_path / "elsewhere" / "deeper" / "project")
    env = {**os.environ, "KULTURDIALOG_ROOT": str(other), "TZ": "America/Los_Angeles"}
    probe = at_moved_clock([sys.executable, "-c", CLOCK_PROBE])
    seen = subprocess.run(probe, env=env, capture_output=True, text=True, check=True, timeout=60)
    assert seen.stdout.split() == ["2031", "2031"]  # as the CLI and the kernel it starts will
    render = at_moved_clock([CLI, "render", "2021", "--quiet"])
    subprocess.run(render, cwd=tmp_path, env=env, check=True, timeout=300)
    first = digest(_rendered_template / "reports/2021")
    assert {n for n in first if "/" not in n} == {
        "annual_summary.docx",
        "annual_summary.html",
        "annual_summary.pdf",
        "annual_summary.ipynb",
        "manifest.json",
    }
    assert any(n.startswith("annual_summary-files/") for n in first)  # figures and tables too
    assert digest(other / "reports/2021") == first
    moved = digest(other / "reports")
    assert {"index.html", "index.en.html", "dcat.rdf"} <= set(moved)  # written by the render too
    subprocess.run([CLI, "index"], cwd=tmp_path, env=env, check=True, timeout=60)  # today
    assert digest(other / "reports") == moved


def test_no_output_names_a_folder_host_or_clock(_rendered_template):
    import socket

    folder = _rendered_template / "reports/2021"
    for name in ("annual_summary.ipynb", "manifest.json"):
        text = (folder / name).read_text(encoding="utf-8")
        assert str(_rendered_template) not in text
        assert f'"{socket.gethostname()}"' not in text
        assert "start_time" not in text and "duration" not in text


def test_verify_years_later_says_identical_for_the_published_report(published):
    project, _ = published
    run = subprocess.run(
        at_moved_clock([CLI, "verify", "2021"]),
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
