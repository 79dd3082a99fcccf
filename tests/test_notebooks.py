"""Committed notebooks: no outputs, runnable by plain papermill, in sync with their twins."""

from __future__ import annotations

import jupytext
import nbformat
import pytest
from conftest import ROOT

from kulturdialog.params import declared

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stripped_and_keeps_its_kernelspec(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"  # plain papermill needs it
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_and_its_py_percent_twin_agree(path):
    twin = path.with_suffix(".py")
    assert twin.is_file(), f"{twin.name} missing: run jupytext --sync {path.name}"
    sources = [c.source for c in nbformat.read(path, as_version=4).cells]
    twin_sources = [c.source for c in jupytext.read(twin).cells]
    assert sources == twin_sources, f"{path.name} and {twin.name} differ: jupytext --sync"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_cell_declares_year_with_type_and_help(path):
    params = declared(path)
    assert params["year"]["inferred_type_name"] == "int"
    assert all(p["help"] for p in params.values())
