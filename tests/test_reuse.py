"""Figures and tables for reuse: SVG + PNG, CSV + XLSX, named by their numbers, reproducible."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import zipfile

import openpyxl
import pytest
from documents import sample_document

from kulturdialog.content import blocks as b
from kulturdialog.formats import DEFAULT, exporter
from kulturdialog.formats.files import FilesExporter, files, number


def test_the_files_format_is_registered_and_written_by_default():
    found = exporter("files")
    assert isinstance(found, FilesExporter) and "files" in DEFAULT
    assert found.output("annual_summary") == "annual_summary-files"


def test_every_figure_and_numbered_table_is_a_file_named_by_its_number(tmp_path):
    document = sample_document()
    FilesExporter().write(document, tmp_path / "out")
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [
        "datapackage.json",
        "figur-1.png",
        "figur-1.svg",
        "tabell-1.csv",
        "tabell-2.csv",  # the unnumbered provenance table is not one
        "tabeller.xlsx",
    ]
    assert (tmp_path / "out/figur-1.svg").read_text(encoding="utf-8") == document.figures()[0].svg
    png = (tmp_path / "out/figur-1.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    assert FilesExporter().check(tmp_path / "out") == []


def test_an_english_report_names_them_in_english():
    assert sorted(files(sample_document("en"))) == [
        "datapackage.json",
        "figure-1.png",
        "figure-1.svg",
        "table-1.csv",
        "table-2.csv",
        "tables.xlsx",
    ]


def test_csv_is_utf8_with_bom_semicolons_and_the_cells_as_shown():
    data = files(sample_document())["tabell-1.csv"]
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Partsgrupp", "Möten", "Deltagare"]
    assert rows[1] == ["Kommuner", "6", "1\u00a0234"]  # as the report shows it
    assert rows[-1] == ["Totalt", "14", "1\u00a0362"]  # the total row last
    english = files(sample_document("en"))["table-1.csv"].decode("utf-8-sig")
    assert english.splitlines()[0] == "Partsgrupp,Möten,Deltagare"


def test_numbers_are_read_from_the_shown_cells_in_the_reports_language():
    assert number("1\u00a0234", "sv") == (1234, "#,##0")
    assert number("12,5\u00a0%", "sv") == (0.125, "#,##0.0%")
    assert number("\u22123", "sv") == (-3, "#,##0")
    assert number("1,234.5", "en") == (1234.5, "#,##0.0")
    assert number("64%", "en") == (0.64, "#,##0%")
    assert number("–", "sv") is None and number("Ja", "sv") is None


def test_the_workbook_has_a_contents_sheet_and_a_sheet_per_table_with_real_numbers():
    book = openpyxl.load_workbook(io.BytesIO(files(sample_document())["tabeller.xlsx"]))
    assert book.sheetnames == ["Innehåll", "Tabell 1", "Tabell 2"]
    contents = list(book["Innehåll"].values)
    assert contents[2] == ("Tabell", "Rubrik")
    assert contents[3] == ("Tabell 1", "Möten och deltagare per partsgrupp 2021.")
    sheet = book["Tabell 1"]
    assert [c.value for c in sheet[2]] == ["Kommuner", 6, 1234]
    assert [c.value for c in sheet[5]] == ["Totalt", 14, 1362]
    assert sheet["C2"].number_format == "#,##0"


def test_text_that_looks_like_a_formula_stays_text():
    document = sample_document()
    hostile = b.Table(
        caption='=HYPERLINK("http://x")',
        columns=(b.Column("Namn"), b.Column("Värde", numeric=True)),
        rows=(("=1+1", "@SUM(A1)"), ("+46 8", "-2")),
        number=1,
    )
    document = dataclasses.replace(document, blocks=[hostile])
    data = files(document)["tabeller.xlsx"]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets"))
    assert "<f>" not in sheets  # no formula anywhere
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book["Tabell 1"]["A2"].value == "=1+1" and book["Tabell 1"]["A2"].data_type == "s"
    assert book["Tabell 1"]["B2"].value == "@SUM(A1)"
    assert book["Tabell 1"]["B3"].value == -2  # a number in a numeric column


def test_the_files_are_byte_reproducible_with_fixed_zip_times():
    first, second = files(sample_document()), files(sample_document())
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first["tabeller.xlsx"])) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2022-02-15T00:00:00Z" in core  # the report's own date, never the clock


@pytest.mark.e2e
def test_the_2021_report_has_its_figures_and_tables_beside_it(_rendered_template):
    import nbformat

    from kulturdialog.content import assemble

    folder = _rendered_template / "reports/2021"
    reuse = folder / "annual_summary-files"
    nb = nbformat.read(folder / "annual_summary.ipynb", as_version=4)
    document = assemble.document(nb, "notebooks/annual_summary.ipynb")
    figures = sorted(reuse.glob("figur-*.svg"))
    tables = sorted(reuse.glob("tabell-*.csv"))
    assert len(figures) >= 5 and len(tables) >= 5
    assert {f"figur-{f.number}.svg" for f in document.figures()} == {p.name for p in figures}
    assert {f"tabell-{t.number}.csv" for t in document.tables()} == {p.name for p in tables}
    assert len(list(reuse.glob("figur-*.png"))) == len(figures)
    for table in document.tables():  # the CSV's header is the table's in the report
        text = (reuse / f"tabell-{table.number}.csv").read_text(encoding="utf-8-sig")
        header = next(csv.reader(io.StringIO(text), delimiter=";"))
        assert header[-len(table.columns) :] == [c.header for c in table.columns]
    book = openpyxl.load_workbook(reuse / "tabeller.xlsx")
    assert book.sheetnames[1:] == [f"Tabell {t.number}" for t in document.tables()]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = {n for n in manifest["outputs"] if n.startswith("annual_summary-files/")}
    assert listed == {f"annual_summary-files/{p.name}" for p in reuse.iterdir()}
