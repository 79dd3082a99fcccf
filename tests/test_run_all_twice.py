"""Every notebook survives what an analyst does in Jupyter: "Run All" twice in one kernel, then
one cell again on its own — and stays strict about parameters it does not declare.

Discovered from notebooks/*.ipynb (plus the analyst example under tests/notebooks/): a new
notebook is checked without editing this file. Each notebook gets one real kernel (jupyter_client),
started in the repository root with the parameters cell's own defaults (no papermill).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from jupyter_client import KernelManager

pytestmark = pytest.mark.e2e

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + [
    ROOT / "tests/notebooks/analyst_example.ipynb"
]
TIMEOUT = 300  # seconds per cell


@dataclass
class Ran:
    """One cell's run: its number among the notebook's cells, status and what went wrong."""

    cell: int
    status: str
    errors: list[str] = field(default_factory=list)  # "ename: evalue"
    stderr: str = ""


class Kernel:
    """A real IPython kernel: cells run as Jupyter runs them (kept in the history `In`)."""

    def __init__(self, cwd: Path):
        env = {k: v for k, v in os.environ.items() if k != "KULTURDIALOG_ROOT"}
        self.manager = KernelManager(kernel_name="python3")
        self.manager.start_kernel(cwd=str(cwd), env=env)
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=120)

    def run(self, source: str, cell: int = 0) -> Ran:
        ran = Ran(cell, "")

        def hook(msg):
            kind, content = msg["msg_type"], msg["content"]
            if kind == "error":
                ran.errors.append(f"{content['ename']}: {content['evalue']}")
            elif kind == "stream" and content.get("name") == "stderr":
                ran.stderr += content["text"]

        reply = self.client.execute_interactive(
            source, output_hook=hook, timeout=TIMEOUT, allow_stdin=False
        )
        ran.status = reply["content"]["status"]
        if ran.status == "error" and not ran.errors:
            ran.errors.append(f"{reply['content']['ename']}: {reply['content']['evalue']}")
        return ran

    def shutdown(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


def code_cells(path: Path) -> list[tuple[int, nbformat.NotebookNode]]:
    """(1-based number among all cells, cell) of the notebook's code cells, in order."""
    nb = nbformat.read(path, as_version=4)
    return [(i, c) for i, c in enumerate(nb.cells, start=1) if c.cell_type == "code"]


def failures(runs: list[Ran]) -> list[str]:
    return [
        f"cell {r.cell}: {'; '.join(r.errors) or r.status}"
        + (f" (stderr: {r.stderr.strip()[-500:]})" if r.stderr.strip() else "")
        for r in runs
        if r.status != "ok" or r.errors or "Traceback" in r.stderr
    ]


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda p: p.stem)
def session(request):
    """A kernel that has run the notebook's code cells twice in order, then its middle one."""
    path = request.param
    cells = code_cells(path)
    kernel = Kernel(ROOT)
    try:
        first = [kernel.run(c.source, i) for i, c in cells]
        second = [kernel.run(c.source, i) for i, c in cells] if not failures(first) else []
        middle_index, middle = cells[len(cells) // 2]
        again = kernel.run(middle.source, middle_index) if second else None
        yield path, cells, kernel, first, second, again
    finally:
        kernel.shutdown()


def test_every_notebook_is_discovered():
    stems = {p.stem for p in NOTEBOOKS}
    assert {"annual_summary", "trends", "municipality_profile", "analyst_example"} <= stems


def test_run_all_once_has_no_error(session):
    path, _, _, first, _, _ = session
    assert failures(first) == [], path.name


def test_run_all_a_second_time_in_the_same_kernel_has_no_error(session):
    path, _, _, first, second, _ = session
    assert second, f"{path.name}: the first run failed: {failures(first)}"
    assert failures(second) == [], path.name


def test_one_middle_cell_run_again_alone_has_no_error(session):
    path, cells, _, _, _, again = session
    assert again is not None, f"{path.name}: an earlier run failed"
    assert len(cells) >= 3  # a parameters cell, a setup cell and something to show
    assert failures([again]) == [], path.name


def test_an_injected_unknown_parameter_fails_the_setup_cell(session):
    """papermill's injected cell (`# Parameters`) after the parameters cell, with a typo."""
    path, cells, kernel, *_ = session
    parameters = [(i, c) for i, c in cells if "parameters" in c.metadata.get("tags", [])]
    setups = [(i, c) for i, c in cells if "parameters_from(" in c.source]
    assert len(parameters) == 1 and len(setups) == 1, path.name
    assert failures([kernel.run(parameters[0][1].source, parameters[0][0])]) == []
    injected = kernel.run("# Parameters\nyeer = 2020\n")
    assert failures([injected]) == []
    setup_index, setup = setups[0]
    ran = kernel.run(setup.source, setup_index)
    assert ran.status == "error", f"{path.name}: cell {setup_index} accepted 'yeer'"
    assert any("unknown parameter 'yeer'" in e for e in ran.errors), ran.errors
    assert any(e.startswith("ParameterError: ") for e in ran.errors), ran.errors
