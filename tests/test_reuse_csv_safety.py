"""The reuse CSV files are safe to open: no cell is a formula, numbers stay numbers."""

from __future__ import annotations

import csv
import dataclasses
import io

import openpyxl
import pytest
from documents import sample_document
from external import libreoffice

from kulturdialog.content import blocks as b
from kulturdialog.formats.files import files, formula_safe

FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(A1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "-",
]
NUMBERS = [
    "-3",
    "+2",
    "\u22122",
    "1\u00a0234",
    "-12,5\u00a0%",
    "12,5\u00a0%",
    "-1\u00a0234",
    "-0,5",
]
ROWS = list(zip(FORMULAS, NUMBERS, strict=True))


@pytest.mark.parametrize("text", FORMULAS)
def test_a_cell_a_spreadsheet_would_read_as_a_formula_gets_a_leading_quote(text):
    assert formula_safe(text, "sv") == "'" + text


@pytest.mark.parametrize("text", NUMBERS)
def test_a_number_as_the_report_shows_it_is_left_as_it_is(text):
    assert formula_safe(text, "sv") == text


def test_a_signed_number_is_read_in_the_reports_language():
    assert formula_safe("-1,234.5", "en") == "-1,234.5"
    assert formula_safe("-1,234.5+1", "en") == "'-1,234.5+1"
    assert formula_safe("-12,5", "sv") == "-12,5"


def hostile_document(language: str = "sv") -> b.Document:
    table = b.Table(
        caption="Behov",
        columns=(b.Column("Behov"), b.Column("Förändring", numeric=True)),
        rows=tuple(ROWS),
        number=1,
    )
    return dataclasses.replace(sample_document(language), blocks=[table])


def test_the_csv_file_holds_the_formulas_quoted_and_the_numbers_as_shown():
    data = files(hostile_document())["tabell-1.csv"].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data, newline=""), delimiter=";"))
    assert rows[1:] == [["'" + text, number] for text, number in ROWS]


@pytest.mark.e2e
def test_libreoffice_calc_finds_no_formula_in_the_csv(tmp_path):
    source = tmp_path / "tabell-1.csv"
    source.write_bytes(files(hostile_document())["tabell-1.csv"])
    # ';', '"', UTF-8, from line 1: as Swedish Excel reads it
    converted = libreoffice(source, "xlsx", "--infilter=CSV:59,34,76,1")
    sheet = openpyxl.load_workbook(converted).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert sheet["A2"].value == '\'=HYPERLINK("http://x","y")'
    assert (sheet["B2"].value, sheet["B3"].value) == (-3, 2)  # still numbers


@pytest.mark.e2e
def test_need_texts_like_formulas_are_quoted_in_the_rendered_reports_csv(tmp_path):
    from conftest import copy_project, render_in

    root = copy_project(tmp_path / "project")
    path = root / "data/2021/needs.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    texts = FORMULAS[:5]
    for row, text in zip(rows, texts, strict=False):
        row["text"] = text
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    folder = render_in(root, 2021, formats=("files",)).folder
    cells = set()
    for table in sorted((folder / "annual_summary-files").glob("tabell-*.csv")):
        text = table.read_text(encoding="utf-8-sig")
        cells |= {
            cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for cell in row
        }
    assert {"'" + text for text in texts} <= cells
    assert not cells & set(texts)
