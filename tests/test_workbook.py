"""workbook: a year exported to Excel loads back to the same year, and text stays literal text."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import copy_project
from openpyxl import load_workbook
from reading import html_soup

from kulturdialog.data import contract
from kulturdialog.data.load import load_reference, load_year
from kulturdialog.data.workbook import export_year, write_workbook
from kulturdialog.errors import KulturdialogError

TABLES = ("meetings", "observations", "needs", "cooperation")
FORMULA_LIKE = [
    '=HYPERLINK("http://example.com","klicka")',
    "=cmd|' /C calc'!A0",
    "+46 8 123 45 67",
    "-1",
    "@SUM(A1:A2)",
    "#N/A",
]


def use_workbook(project: Path, workbook: Path, year: int = 2021) -> None:
    """Replace the year's CSV files by `workbook`, as an analyst switching to Excel would."""
    folder = project / "data" / str(year)
    for path in folder.glob("*.csv"):
        path.unlink()
    workbook.rename(folder / "dialogues.xlsx")


def set_cells(path: Path, changes: dict[tuple[int, str], str]) -> None:
    """Set cells of a CSV file by (spreadsheet row, column)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for (row, column), value in changes.items():
        rows[row - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def assert_same_year(one, other) -> None:
    for name in TABLES:
        if getattr(one, name) is None:
            assert getattr(other, name) is None, name
        else:
            pd.testing.assert_frame_equal(getattr(one, name), getattr(other, name))


def sheet_xml(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")}


@pytest.mark.parametrize("year", [2019, 2021])  # 2019 has no cooperation table
def test_an_exported_year_loads_back_to_the_same_tables(project, year):
    from_csv = load_year(year, project)
    workbook = export_year(year, project)
    assert workbook == project / "exports" / str(year) / "dialogues.xlsx"
    use_workbook(project, workbook, year)
    assert_same_year(load_year(year, project), from_csv)


def test_text_that_looks_like_a_formula_survives_the_round_trip_as_text(project):
    folder = project / "data" / "2021"
    set_cells(folder / "meetings.csv", {(2, "title"): FORMULA_LIKE[0], (3, "title"): "-1"})
    set_cells(folder / "observations.csv", {(2, "text"): FORMULA_LIKE[1], (3, "text"): "#N/A"})
    set_cells(folder / "needs.csv", {(2, "text"): FORMULA_LIKE[2], (3, "text"): FORMULA_LIKE[4]})
    from_csv = load_year(2021, project)
    workbook = export_year(2021, project)
    assert not any(re.search(rb"<f[ >]", xml) for xml in sheet_xml(workbook).values())
    use_workbook(project, workbook)
    assert_same_year(load_year(2021, project), from_csv)


def test_formula_like_text_is_written_as_a_literal_string_never_a_formula(tmp_path, repo_root):
    reference, _ = load_reference(repo_root)
    texts = [*FORMULA_LIKE, "\tindragen", "\rradbrytning"]
    observations = pd.DataFrame(
        {"meeting_id": texts, "theme": "restart", "kind": "effect", "text": texts}
    )
    path = tmp_path / "dialogues.xlsx"
    write_workbook({"observations": observations}, path, reference, 2021)
    sheet = load_workbook(path)["observations"]
    for column in ("A", "D"):
        cells = sheet[column][1:]
        assert [cell.value for cell in cells] == texts
        assert {cell.data_type for cell in cells} == {"s"}
        assert [cell.quotePrefix for cell in cells] == [not t.startswith("#") for t in texts]
    assert not any(re.search(rb"<f[ >]", xml) for xml in sheet_xml(path).values())


def test_the_exported_workbook_has_the_contract_sheets_and_columns_formatted_for_excel(project):
    book = load_workbook(export_year(2021, project))
    assert book.sheetnames == [*TABLES, "lists"]
    assert book["lists"].sheet_state == "hidden"
    for name in TABLES:
        sheet = book[name]
        headers = [cell.value for cell in sheet[1]]
        assert headers == contract.table(name).names  # every declared column, in order
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.freeze_panes == "A2"
        assert all(12 <= sheet.column_dimensions[c.column_letter].width <= 60 for c in sheet[1])
    text_columns = {
        "meetings": ["A", "F"],  # meeting_id, municipalities
        "observations": ["A"],
        "needs": ["A"],
        "cooperation": ["A", "C"],  # municipality, cooperates
    }
    for name, letters in text_columns.items():
        sheet = book[name]
        for letter in letters:
            assert sheet.column_dimensions[letter].number_format == "@"
            assert {c.number_format for c in sheet[letter][1:]} == {"@"}
            assert {c.data_type for c in sheet[letter][1:] if c.value is not None} == {"s"}
    assert book["cooperation"]["A2"].value == "0114"  # the leading zero is kept
    meetings = book["meetings"]
    assert all(c.is_date and c.number_format == "yyyy-mm-dd" for c in meetings["B"][1:])
    assert all(isinstance(c.value, int) for c in meetings["E"][1:])


def test_export_never_writes_into_the_data_folder(project):
    target = project / "data" / "2021" / "dialogues.xlsx"
    with pytest.raises(KulturdialogError, match="never writes into data/"):
        export_year(2021, project, target)
    assert not target.exists()


def test_export_to_a_chosen_path(project, tmp_path):
    out = tmp_path / "elsewhere" / "2021.xlsx"
    assert export_year(2021, project, out) == out
    assert load_workbook(out).sheetnames[0] == "meetings"


def test_a_control_character_that_excel_cannot_store_is_reported_not_raised(tmp_path, repo_root):
    reference, _ = load_reference(repo_root)
    needs = pd.DataFrame(
        [["B-1", "restart", "pip\x07", "civil_society", "regional", "noted"]],
        columns=["need_id", "theme", "text", "raised_by", "level", "status"],
    )
    with pytest.raises(KulturdialogError, match=r"sheet 'needs', row 2, column 'text'"):
        write_workbook({"needs": needs}, tmp_path / "dialogues.xlsx", reference, 2021)


@pytest.mark.e2e
def test_a_year_renders_the_same_report_from_its_workbook_as_from_its_csv_files(
    _rendered_template, tmp_path, monkeypatch
):
    from kulturdialog.run.render import render_year

    root = copy_project(tmp_path / "project")
    monkeypatch.setenv("KULTURDIALOG_ROOT", str(root))
    use_workbook(root, export_year(2021, root))
    render_year(2021, root, formats=("html",))  # the format compared here

    def sections(report: Path) -> dict[str, str]:
        soup = html_soup(report / "reports" / "2021" / "annual_summary.html")
        return {s["aria-labelledby"]: s.get_text(" ", strip=True) for s in soup("section")}

    from_csv, from_workbook = sections(_rendered_template), sections(root)
    appendix = "om-underlaget"
    assert "dialogues.xlsx" in from_workbook[appendix]
    assert "meetings.csv" in from_csv[appendix]
    del from_csv[appendix], from_workbook[appendix]
    assert len(from_csv) > 5
    assert from_workbook == from_csv
