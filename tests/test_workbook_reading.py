"""dialogues.xlsx as Excel leaves it: error values named as such, oversized files refused unread."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from kulturdialog.data import read
from kulturdialog.data.load import load_year
from kulturdialog.data.read import read_workbook
from kulturdialog.errors import DataError

ERRORS = ["#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"]
SHOWN = "data/2021/dialogues.xlsx"
TABLES = ("meetings", "observations", "needs", "cooperation")


def to_workbook(folder):
    """The year's CSV files as one dialogues.xlsx, every cell as text; the CSV files removed."""
    book = Workbook()
    book.remove(book.active)
    for name in TABLES:
        path = folder / f"{name}.csv"
        sheet = book.create_sheet(name)
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                sheet.append(row)
        path.unlink()
    book.save(folder / "dialogues.xlsx")
    return folder / "dialogues.xlsx"


def problems_of(project):
    with pytest.raises(DataError) as raised:
        load_year(2021, project)
    return raised.value


@pytest.mark.parametrize("error", ERRORS)
def test_an_excel_error_is_named_with_its_sheet_row_and_column(project, error):
    path = to_workbook(project / "data/2021")
    book = load_workbook(path)
    book["meetings"]["E3"] = error  # participants
    book["observations"]["D2"] = error  # text: any text passes its rule, an error does not
    book.save(path)

    found = problems_of(project)

    assert [str(p) for p in found.problems] == [
        f"{SHOWN}, sheet 'meetings', row 3, column 'participants': the Excel error {error}: "
        "expected a whole number of participants, at least 1",
        f"{SHOWN}, sheet 'observations', row 2, column 'text': the Excel error {error}: "
        "expected the observation's text",
    ]
    assert "nan" not in str(found)


def test_cells_are_read_as_text_as_excel_holds_them(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "meetings"
    sheet.append(["meeting_id", "participants", "share", "date", "flag", "title"])
    sheet.append(["m1", 38, 12.5, None, True, "  Möte  "])
    sheet.append([])  # an empty row keeps its number: the next one is row 4
    sheet.append(["m2", 12.0, None, None, False, "=1+1"])
    sheet["D2"].value = dt.datetime(2021, 2, 4)
    sheet["F4"].data_type = "s"
    for name in ("observations", "needs"):
        book.create_sheet(name).append(["id"])
    book.save(tmp_path / "dialogues.xlsx")
    problems = []

    table = read_workbook(tmp_path / "dialogues.xlsx", SHOWN, problems)["meetings"]

    assert problems == []
    assert table.frame.to_dict("index") == {
        0: {
            "meeting_id": "m1",
            "participants": "38",
            "share": "12.5",
            "date": "2021-02-04 00:00:00",
            "flag": "True",
            "title": "Möte",
        },
        2: {
            "meeting_id": "m2",
            "participants": "12",
            "share": "",
            "date": "",
            "flag": "False",
            "title": "=1+1",
        },
    }
    assert table.problem("x", 2, "title").row == 4


def only_problem(path) -> str:
    problems = []
    assert read_workbook(path, SHOWN, problems) == {}
    assert len(problems) == 1
    return str(problems[0])


def test_a_workbook_that_expands_beyond_200_mb_is_refused_unread(tmp_path):
    path = tmp_path / "dialogues.xlsx"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/sharedStrings.xml", "w") as stream,
    ):
        for _ in range(201):
            stream.write(b"<si><t>a</t></si>".ljust(2**20))  # 1 MB a time
    assert path.stat().st_size < 2**20  # under 1 MB on disk

    assert only_problem(path) == (
        f"{SHOWN}: the workbook expands to 201 MB when unzipped; expected at most 200 MB "
        "(a year's dialogues take well under 1 MB): is it the right file?"
    )


def test_a_part_that_expands_more_than_100_fold_is_refused_unread(tmp_path):
    path = tmp_path / "dialogues.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", b" " * 2 * 2**20)

    message = only_problem(path)

    assert message.startswith(f"{SHOWN}: its part xl/sharedStrings.xml expands ")
    assert message.endswith(
        "-fold when unzipped; expected at most 100-fold, as a workbook saved by Excel: "
        "is it the right file?"
    )


def test_a_workbook_with_more_cells_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "MAX_CELLS", 10)  # 5 000 000 cells would be a 25 MB test file
    book = Workbook()
    book.active.title = "meetings"
    for row in range(4):
        book.active.append([f"m{row}", "2021-02-04", "x"])
    book.save(tmp_path / "dialogues.xlsx")

    assert only_problem(tmp_path / "dialogues.xlsx") == (
        f"{SHOWN}: the workbook holds more than 10 cells; expected a year's dialogues: "
        "is it the right file?"
    )


def test_the_sample_year_exported_as_a_workbook_is_far_within_the_limits(project, tmp_path):
    from kulturdialog.data.workbook import export_year

    path = export_year(2021, project, tmp_path / "dialogues.xlsx")
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    assert sum(m.file_size for m in members) < 2**20  # under 1 MB of the 200 MB
    assert max(m.file_size / m.compress_size for m in members) < 50  # under half of 100-fold
    problems = []
    tables = read_workbook(path, SHOWN, problems)
    assert problems == []
    assert sum(t.frame.size for t in tables.values()) < 5000  # of 5 000 000 cells
