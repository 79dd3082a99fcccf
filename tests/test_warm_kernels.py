"""Grids and batches on warm kernels: one kernel renders many values, one after another, and every
output is byte for byte what a cold single render of the same value gives; nothing one run does
reaches the next."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from scripted import run_python

from kulturdialog.analysis import charts
from kulturdialog.run.batch import render_many
from kulturdialog.run.render import verify

pytestmark = pytest.mark.e2e

PROFILE = "municipality_profile"
# The municipality in the most meetings (most tables, figures and warnings) first, then one in
# none: a number, a figure or a caption the first left behind would show in the second.
MANY, NONE = "0180", "0114"


def test_profiles_rendered_in_one_warm_kernel_are_byte_identical_to_cold_single_renders(project):
    grid = [{"municipality": MANY}, {"municipality": NONE}]
    outcomes = render_many([2021], PROFILE, jobs=1, root=project, grid=grid)
    assert [o.status for o in outcomes] == ["rendered", "rendered"], [o.error for o in outcomes]
    for value in (MANY, NONE):
        checked = verify(2021, project, PROFILE, {"municipality": value})  # a cold render
        assert checked.matches and all(checked.matches.values()), (value, checked.matches)
        assert len(checked.matches) >= 5  # the formats, the executed notebook, the manifest


PROBE = """
import os, sys, warnings, importlib
import matplotlib, matplotlib.pyplot as plt, numpy as np, pandas as pd
import kulturdialog as kd
import kulturdialog.notebook as kd_notebook
from IPython.display import Markdown, display

parameters = kd.parameters_from(globals())
data = kd.load_year(year, data_dir=data_dir)
print("precision", pd.get_option("display.precision"), "font", matplotlib.rcParams["font.size"])
print("filters", len(warnings.filters), "cwd", os.path.basename(os.getcwd()))
print("env", os.environ.get("KD_PROBE"), "path", sys.path.count("probe-path"))
print("left", "leftover" in globals(), "figures", len(plt.get_fignums()))
print("column", "probe" in data.meetings.columns, "rows", len(data.meetings))
print("helper", importlib.import_module("probe_helper").VALUE, "numpy", np.geterr()["divide"])
print("session", kd_notebook.SESSION.out.tables, "missing", kd_notebook.MISSING)
printers = get_ipython().display_formatter.formatters["text/plain"].type_printers
print("formatter", getattr(printers.get(int), "__name__", ""))
registry = vars(kd_notebook).setdefault("__warningregistry__", {})  # a module's: kept
warnings.warn_explicit("shown in every run", UserWarning, "probe.py", 1, registry=registry)
if state.startswith("dirty"):
    leftover = 1
    pd.set_option("display.precision", 2)
    matplotlib.rcParams["font.size"] = 30
    warnings.simplefilter("ignore")
    os.environ["KD_PROBE"] = "set"
    sys.path.append("probe-path")
    data.meetings["probe"] = 1
    data.meetings.drop(data.meetings.index[:3], inplace=True)
    np.seterr(divide="raise")
    kd_notebook.SESSION.out.tables += 5
    kd_notebook.MISSING = "changed"
    def probe_printer(*args):
        return "int"
    printers[int] = probe_printer
    open("probe_helper.py", "w").write("VALUE = 'changed'\\n")
    os.chdir("/")
"""


def probe_notebook(root: Path) -> str:
    """notebooks/probe.ipynb: prints the state a run could leave behind; with a state starting
    "dirty" it then changes all of it."""
    nb = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell(
        "year: int = 2021\ndata_dir: str = 'data'\nstate: str = 'clean'"
    )
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [
        parameters,
        nbformat.v4.new_markdown_cell("# Probe"),
        nbformat.v4.new_code_cell(PROBE),
        nbformat.v4.new_code_cell("print('last cell', get_ipython().execution_count)"),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, root / "notebooks/probe.ipynb")
    (root / "probe_helper.py").write_text("VALUE = 'first'\n", encoding="utf-8")  # the kernel's cwd
    return "probe"


def test_nothing_one_run_changes_reaches_the_next_run_in_a_warm_kernel(project):
    notebook = probe_notebook(project)
    grid = [{"state": "dirty-1"}, {"state": "dirty-2"}, {"state": "clean"}]  # the third run too
    outcomes = render_many([2021], notebook, jobs=1, root=project, formats=("html",), grid=grid)
    assert [o.status for o in outcomes] == ["rendered"] * 3, [o.error for o in outcomes]
    warm = (project / "reports/2021/probe/clean/probe-clean.ipynb").read_bytes()
    checked = verify(2021, project, notebook, {"state": "clean"})
    assert checked.matches and all(checked.matches.values()), checked.matches
    outputs = "".join(
        o.get("text", "")
        for cell in nbformat.reads(warm.decode(), as_version=4).cells
        for o in cell.get("outputs", [])
    )
    assert f"precision 6 font {float(charts.TEXT_PT)}" in outputs  # the report's, as it was set
    assert "env None path 0" in outputs and "left False figures 0" in outputs
    assert "column False" in outputs and "numpy warn" in outputs
    assert "helper changed" in outputs  # imported afresh: the dirty run rewrote it
    assert "session 0 missing –" in outputs and "formatter probe_printer" not in outputs
    assert "shown in every run" in outputs


def test_a_batch_of_years_and_a_grid_with_two_workers_keep_one_kernel_each(project):
    """Two workers, six renders: each worker starts one kernel, not one per render."""
    code = (
        "import collections, sys\n"
        "from kulturdialog.run import kernel\n"
        "from kulturdialog.run.batch import render_many\n"
        "started = []\n"
        "real = kernel.WarmKernel.__init__\n"
        "def counting(self, *args, **kwargs):\n"
        "    started.append(1)\n"
        "    print('kernel started', flush=True)\n"
        "    real(self, *args, **kwargs)\n"
        "kernel.WarmKernel.__init__ = counting\n"
        "grid = [{'municipality': c} for c in ('0180', '0114', '0117')]\n"
        "done = render_many([2020, 2021], 'municipality_profile', jobs=2, "
        "formats=('html',), grid=grid)\n"
        "print([o.status for o in done])\n"
    )
    printed = run_python(code, project=project)
    assert 1 <= printed.count("kernel started") <= 2
    assert "['rendered', 'rendered', 'rendered', 'rendered', 'rendered', 'rendered']" in printed


def test_a_kept_kernel_that_cannot_be_put_back_runs_nothing_and_the_next_render_gets_a_new_one(
    project,
):
    from kulturdialog.errors import RenderError
    from kulturdialog.run.kernel import KeptKernel, connected
    from kulturdialog.run.render import render_year

    kept = KeptKernel()
    value = {"municipality": MANY}
    try:
        first = kept.get(project)
        with connected(first.ready()) as client:  # every restore after the first run fails
            client.wait_for_ready(timeout=60)
            broken = "import kulturdialog.run.fresh as f; f._put_back = lambda saved: 1 / 0"
            assert client.execute(broken, reply=True, timeout=60)["content"]["status"] == "ok"
        # the first render's put-back fails, and so does the second render's check
        render_year(2021, project, PROFILE, formats=("html",), overrides=value, kept=kept)
        with pytest.raises(RenderError, match="could not start a clean run .ZeroDivisionError"):
            render_year(
                2021, project, PROFILE, formats=("html",), overrides=value, kept=kept, force=True
            )
        render_year(
            2021, project, PROFILE, formats=("html",), overrides=value, kept=kept, force=True
        )
        assert kept.kernel is not first
    finally:
        kept.close()


def test_a_kept_kernel_is_put_back_while_the_formats_are_written(project):
    """What a run held goes once its notebook has run, not when the next run starts."""
    from kulturdialog.run.batch import Batch, render_one
    from kulturdialog.run.kernel import KeptKernel, connected

    kept = KeptKernel()
    try:
        outcome = render_one(2021, Batch(PROFILE, True, project, ("html",)), kept=kept)
        assert outcome.status == "rendered", outcome.error
        warm = kept.kernel
        assert warm is not None
        manager = warm.ready()  # the put-back, begun as the formats were written, has ended
        with connected(manager) as client:
            client.wait_for_ready(timeout=30)
            reply = client.execute(
                "", reply=True, timeout=30, user_expressions={"left": "'municipality' in globals()"}
            )
        assert reply["content"]["user_expressions"]["left"]["data"]["text/plain"] == "False"
    finally:
        kept.close()
