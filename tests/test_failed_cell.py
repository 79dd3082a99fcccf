"""A failing cell is named by its place in the notebook, as the author and the report count."""

from __future__ import annotations

import nbformat
import pytest

from kulturdialog.errors import RenderError
from kulturdialog.run.execute import execute

pytestmark = pytest.mark.e2e


def test_the_failing_cell_is_counted_from_the_top_with_markdown_cells(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "P"}
    parameters = nbformat.v4.new_code_cell("year = 2021")
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [
        parameters,
        nbformat.v4.new_markdown_cell("# Titel"),
        nbformat.v4.new_markdown_cell("Text."),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("1 / 0"),  # the 5th cell; the kernel's 4th run (+ parameters)
    ]
    source, output = tmp_path / "broken.ipynb", tmp_path / "out.ipynb"
    nbformat.write(nb, source)

    with pytest.raises(RenderError) as raised:
        execute(source, output, {"year": 2021}, tmp_path)

    message = str(raised.value)
    assert message.startswith(
        "the notebook failed in cell 5 (from the top, Markdown cells included; [4] in the kept "
        "copy) with ZeroDivisionError"
    ), message
    kept = nbformat.read(output, as_version=4)
    failing = next(
        c for c in kept.cells if c.get("outputs") and c.outputs[0].output_type == "error"
    )
    assert failing.execution_count == 4
