"""Committed notebooks: no outputs, runnable by plain papermill, in sync with their twins.

Every test here is discovered from the folder: a new notebook in notebooks/ is checked (stripped,
paired with its py:percent twin, a typed parameters cell) and executed for every sample year in
data/ without editing this file.
"""

from __future__ import annotations

import jupytext
import nbformat
import pytest
from conftest import ROOT

from kulturdialog.content import assemble
from kulturdialog.data.load import available_years
from kulturdialog.run import params
from kulturdialog.run.params import declared

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TWINS = sorted((ROOT / "notebooks").glob("*.py"))
SAMPLE_YEARS = available_years(ROOT)
RUN_RECORDS = {"execution", "papermill", "ExecuteTime", "collapsed", "scrolled"}


def test_every_notebook_is_discovered():
    # Guards the discovery itself: an empty glob would make every parametrised test vanish.
    assert {"annual_summary", "trends"} <= {p.stem for p in NOTEBOOKS}
    assert SAMPLE_YEARS[:3] == [2019, 2020, 2021]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stripped_and_keeps_its_kernelspec(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"] == {  # plain papermill and Jupyter need it
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    assert nb.metadata["jupytext"]["formats"] == "ipynb,py:percent"
    assert not {"widgets", "papermill", "language_info", "signature"} & set(nb.metadata)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    # No execution records in the cells either (.pre-commit-config.yaml strips the same keys).
    assert not any(RUN_RECORDS & set(c.metadata) for c in nb.cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_and_its_py_percent_twin_agree(path):
    twin = path.with_suffix(".py")
    assert twin.is_file(), f"{twin.name} missing: run jupytext --sync {path.name}"

    def cells(nb):
        return [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]

    assert cells(nbformat.read(path, as_version=4)) == cells(jupytext.read(twin)), (
        f"{path.name} and {twin.name} differ: jupytext --sync notebooks/{path.name}"
    )


@pytest.mark.parametrize("twin", TWINS, ids=lambda p: p.stem)
def test_every_py_percent_twin_has_its_notebook(twin):
    assert twin.with_suffix(".ipynb").is_file(), (
        f"{twin.name} has no notebook: jupytext --to ipynb notebooks/{twin.name}"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_cell_declares_year_with_type_and_help(path):
    found = declared(path)
    assert found["year"]["inferred_type_name"] == "int"
    assert all(p["help"] for p in found.values())
    assert all(p["inferred_type_name"] in params.TYPES for p in found.values())


@pytest.mark.e2e
@pytest.mark.parametrize("year", SAMPLE_YEARS)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_executes_for_every_sample_year(path, year, tmp_path, monkeypatch):
    """Execute only (no HTML or PDF), with the year's params as the render chain checks them."""
    from kulturdialog.run.execute import execute

    monkeypatch.setenv("KULTURDIALOG_ROOT", str(ROOT))
    values = params.load(year, path, ROOT)
    nb = execute(path, tmp_path / path.name, values, ROOT)
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    # Every format reads the same document from the outputs: it states the year.
    assert assemble.document(nb, path.name).info.year == year


def test_pre_commit_strips_notebooks_but_keeps_their_kernelspec():
    import yaml

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for r in config["repos"] for h in r["hooks"] if h["id"] == "nbstripout"]
    options = dict(a.split("=", 1) for a in hook["args"] if "=" in a)
    assert "metadata.kernelspec" in options["--keep-metadata-keys"].split()
    assert "metadata.kernelspec" not in options.get("--extra-keys", "").split()
    assert "--keep-id" in hook["args"]  # committed ids stay as they are
