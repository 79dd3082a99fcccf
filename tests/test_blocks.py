"""The content model: JSON round trip, one numbering, unique ids; cell options; assembling a
notebook's outputs into one document (no kernel: outputs built by hand, as papermill writes them).
"""

from __future__ import annotations

import json

import nbformat
import pandas as pd
import pytest
from documents import sample_document

from kulturdialog.analysis.builder import Builder, Shown
from kulturdialog.content import assemble, cells
from kulturdialog.content import blocks as b
from kulturdialog.notebook import frame_table, markdown_text


def test_a_document_survives_json_unchanged():
    document = sample_document()
    text = json.dumps(document.to_json(), ensure_ascii=False)
    assert b.Document.from_json(json.loads(text)) == document


def test_numbering_counts_tables_and_figures_in_reading_order_and_skips_unnumbered_tables():
    table = b.Table("t", (b.Column("a"),), (("1",),), number=7)
    figure = b.Figure("f", "alt", "<svg/>", number=9)
    plain = b.Table("inputs", (b.Column("a"),), (("x",),), number=None)
    nested = b.Section(b.Heading(2, "S", "s"), (table, figure, plain, table))
    numbered = b.number([figure, nested])
    found = list(b.walk(numbered))
    assert [x.number for x in found if isinstance(x, b.Figure)] == [1, 2]
    assert [x.number for x in found if isinstance(x, b.Table)] == [1, None, 2]


def test_repeated_ids_become_unique():
    content = [
        b.Heading(2, "Möten", "moten"),
        b.Table("t", (b.Column("a"),), (("1",),), number=1, anchor="moten"),
        b.Heading(2, "Möten", "moten"),
    ]
    anchors = [x.anchor for x in b.unique_anchors(content)]
    assert anchors == ["moten", "moten-2", "moten-3"]


def test_cell_options_are_read_from_the_top_of_the_cell_only():
    source = '#| tbl-cap: "Möten: per grupp"\n#| label: tbl-x\nframe\n#| fig-alt: late'
    assert cells.options(source) == {"tbl-cap": "Möten: per grupp", "label": "tbl-x"}


def test_an_option_in_the_report_language_wins():
    opts = {"tbl-cap": "Möten.", "tbl-cap-en": "Meetings."}
    assert cells.localized(opts, "en")["tbl-cap"] == "Meetings."
    assert cells.localized(opts, "sv")["tbl-cap"] == "Möten."


def test_a_dataframe_becomes_a_table_with_numbers_in_the_reports_language():
    frame = pd.DataFrame({"grupp": ["A", "B"], "möten": [1234, 5], "andel": [0.5, 12.26]})
    table = frame_table(frame)
    assert [c.header for c in table.columns] == ["grupp", "möten", "andel"]
    assert [c.numeric for c in table.columns] == [False, True, True]
    assert table.rows == (("A", "1\u00a0234", "0,5"), ("B", "5", "12,3"))


def test_a_named_index_is_the_row_header_and_a_filtered_integer_index_is_not_shown():
    named = pd.DataFrame({"n": [1, 2]}, index=pd.Index(["x", "y"], name="kod"))
    assert frame_table(named).columns[0].header == "kod"
    filtered = pd.DataFrame({"n": [1, 2, 3]}).iloc[[0, 2]]
    assert [c.header for c in frame_table(filtered).columns] == ["n"]


def test_text_for_generated_markdown_is_escaped():
    assert "\\*" in markdown_text("*fet*") and "\\[" in markdown_text("[a](javascript:x)")


def output(shown: Shown) -> dict:
    return nbformat.v4.new_output("display_data", data=shown._repr_mimebundle_())


def notebook(*cells_: nbformat.NotebookNode, parameters: dict | None = None):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells_)
    nb.metadata["papermill"] = {"parameters": parameters or {}}
    return nb


def code(source: str, *outputs, tags=()) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.outputs = list(outputs)
    cell.metadata["tags"] = list(tags)
    return cell


def markdown(source: str, tags=()) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata["tags"] = list(tags)
    return cell


def test_markdown_cells_and_outputs_make_the_report_and_nothing_else_does():
    out = Builder()
    table = out.show([out.table(pd.DataFrame({"a": ["x"]}), "", {"a": "A"})])
    nb = notebook(
        markdown("# Min analys\n\nEtt **stycke**."),
        markdown("ANTECKNING", tags=["remove-cell"]),
        code("#| tbl-cap: Tabellen.\nframe", output(table)),
        code("print('x')", nbformat.v4.new_output("stream", name="stdout", text="DEBUG\n")),
        code("frame", output(table), tags=["remove-output"]),
        code("x", nbformat.v4.new_output("display_data", data={"text/markdown": "Totalt **3**."})),
        markdown("## In English", tags=["lang-en"]),
    )
    document = assemble.document(nb)
    assert document.info.title == "Min analys"
    texts = [b.plain(x.content) for x in b.walk(document.blocks) if isinstance(x, b.Paragraph)]
    assert texts == ["Ett stycke.", "Totalt 3."]
    (only,) = document.tables()
    assert (only.number, only.caption) == (1, "Tabellen.")
    assert not [h for h in document.headings() if h.text == "In English"]
    assert "DEBUG" not in json.dumps(document.to_json())
    assert "ANTECKNING" not in json.dumps(document.to_json())


def test_a_figure_without_a_text_alternative_is_an_error_naming_the_cell_and_the_fix():
    figure = Shown([b.Figure("Möten.", "", "<svg/>", number=1)])
    nb = notebook(markdown("# T"), code("fig", output(figure)))
    with pytest.raises(assemble.MissingAlt) as err:
        assemble.document(nb, "notebooks/x.ipynb")
    assert "notebooks/x.ipynb: cell 2" in str(err.value) and "#| fig-alt:" in str(err.value)
    preview = assemble.document(nb, "notebooks/x.ipynb", strict=False)
    warnings = [x for x in preview.blocks if isinstance(x, b.Note) and x.role == "warning"]
    assert warnings and "fig-alt" in b.plain(warnings[0].content)


def test_the_title_block_of_a_notebook_with_a_year_states_that_years_facts(repo_root):
    nb = notebook(markdown("# Profil"), parameters={"year": 2021})
    info = assemble.document(nb, "notebooks/profil.ipynb").info
    assert (info.title, info.year, info.date) == ("Profil", 2021, "2022-02-15")
    assert info.diarienummer is None  # the year's diarienummer is the annual summary's
