"""The analyst's plain command works.

`papermill notebooks/annual_summary.ipynb out.ipynb -f params/2021.yaml`
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

pytestmark = pytest.mark.e2e


def html_outputs(nb) -> list[str]:
    return [
        o["data"]["text/html"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {})
    ]


def test_plain_papermill_gives_the_same_tables_and_figures(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "KULTURDIALOG_ROOT"}
    papermill = Path(sys.executable).with_name("papermill")
    out = tmp_path / "out.ipynb"
    subprocess.run(
        [str(papermill), "notebooks/annual_summary.ipynb", str(out), "-f", "params/2021.yaml"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    by_hand = html_outputs(nbformat.read(out, as_version=4))
    from kulturdialog.run.execute import execute

    ours = html_outputs(
        execute(
            ROOT / "notebooks/annual_summary.ipynb", tmp_path / "ours.ipynb", {"year": 2021}, ROOT
        )
    )
    assert len(by_hand) == len(ours) >= 8
    # Every section but the appendix (which lists the parameters given) is identical.
    assert by_hand[:-1] == ours[:-1]
    assert "<table" in "".join(by_hand) and "<figure " in "".join(by_hand)


def test_plain_papermill_on_bad_input_shows_the_readable_message(project, tmp_path):
    meetings = project / "data/2021/meetings.csv"
    meetings.write_text(meetings.read_text().replace(",digital,", ",zoom,", 1))
    papermill = Path(sys.executable).with_name("papermill")
    out = tmp_path / "out.ipynb"
    command = [str(papermill), "notebooks/annual_summary.ipynb", str(out), "-f", "params/2021.yaml"]
    run = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=300)
    assert run.returncode != 0
    assert "DataError: 1 problem in data/2021:" in run.stderr
    assert "data/2021/meetings.csv, row 2, column 'format': 'zoom'" in run.stderr
    nb = nbformat.read(out, as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert len(errors) == 1 and errors[0].ename == "DataError"
    assert errors[0].traceback == [f"DataError: {errors[0].evalue}"]  # the message, no stack


def test_plain_papermill_with_an_unknown_parameter_fails_with_a_clear_message(tmp_path):
    papermill = Path(sys.executable).with_name("papermill")
    command = [
        str(papermill),
        "notebooks/annual_summary.ipynb",
        str(tmp_path / "out.ipynb"),
        "-f",
        "params/2021.yaml",
        "-p",
        "colour",
        "red",
    ]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode != 0
    assert "ParameterError: 1 problem(s) with the notebook's parameters" in run.stderr
    assert "unknown parameter 'colour'" in run.stderr
