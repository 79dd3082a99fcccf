"""Text a notebook shows in a script no shipped font has is refused before any format is
written, naming the notebook, the cell and the characters with their code points."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from test_blocks import code, markdown, notebook, output

from kulturdialog.analysis.builder import Builder
from kulturdialog.content import assemble
from kulturdialog.content import blocks as b

CHINESE = "contains 文 (U+6587), 字 (U+5B57), in no font of the report"


def test_markdown_and_a_table_in_an_uncovered_script_are_refused_naming_each_cell():
    out = Builder()
    table = out.show([out.table(pd.DataFrame({"a": ["x"]}), "Tabell över 文字.", {"a": "A"})])
    nb = notebook(
        markdown("# Analys\n\nArabiska: مرحبا, hebreiska: שלום, emoji 🎭."),  # shipped fonts
        markdown("Kinesiska: 文字."),
        code("frame", output(table)),
    )

    with pytest.raises(assemble.UndrawableText) as raised:
        assemble.document(nb, "notebooks/analys.ipynb")

    assert str(raised.value).splitlines() == [
        f"notebooks/analys.ipynb: cell 2 (Markdown) {CHINESE}; expected text in Latin, "
        "Cyrillic, Greek, Arabic, Hebrew or Ge'ez script, or emoji",
        f"notebooks/analys.ipynb: cell 3 (Code) {CHINESE}; expected text in Latin, "
        "Cyrillic, Greek, Arabic, Hebrew or Ge'ez script, or emoji",
    ]
    preview = assemble.document(nb, "notebooks/analys.ipynb", strict=False)
    warnings = [x for x in preview.blocks if isinstance(x, b.Note) and x.role == "warning"]
    assert len(warnings) == 2 and "U+6587" in b.plain(warnings[0].content)


def test_a_figures_text_alternative_and_image_are_not_typeset_text():
    figure = Builder().show([b.Figure("Möten.", "Alt 文", "<svg><text>文</text></svg>", number=1)])
    nb = notebook(markdown("# T"), code("fig", output(figure)))
    assert assemble.document(nb, "notebooks/x.ipynb").info.title == "T"


NOTEBOOK = """\
# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
year: int = 2021

# %% [markdown]
# # Analys
#
# Text på svenska.

# %%
import pandas as pd

import kulturdialog as kd

parameters = kd.parameters_from(globals())

# %% [markdown]
# Kinesiska: 文字.

# %%
#| tbl-cap: "Tabell 表."
pd.DataFrame({"a": [1]})
"""


@pytest.mark.e2e
def test_a_render_refuses_it_with_one_message_no_traceback_and_no_report(project):
    (project / "notebooks/analys.py").write_text(NOTEBOOK, encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "jupytext", "--to", "ipynb", "notebooks/analys.py"],
        cwd=project,
        check=True,
        capture_output=True,
    )
    done = subprocess.run(
        [sys.executable, "-m", "kulturdialog.cli", "render", "2021", "--notebook", "analys"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr + done.stdout
    said = done.stderr + done.stdout
    assert "notebooks/analys.ipynb: cell 4 (Markdown) contains 文 (U+6587), 字 (U+5B57)" in said
    assert "notebooks/analys.ipynb: cell 5 (Code) contains 表 (U+8868)" in said
    assert not list((project / "reports/2021").glob("analys*"))
